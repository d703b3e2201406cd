/* tests/user/progs/sig-alarm.c: asynchronous SIGALRM. alarm() and
 * setitimer() interrupt a busy loop; a blocking read on a pipe returns
 * EINTR without SA_RESTART and is restarted with it; pause(), nanosleep
 * (EINTR with the time left), select and sigsuspend wake up.
 * run: (no arguments) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int hits;

static void on_alarm(int sig)
{
    (void)sig;
    hits++;
}

static void set(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

static void itimer(long usec)
{
    struct itimerval it = { { 0, 0 }, { usec / 1000000, usec % 1000000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    set(0);

    hits = 0;
    alarm(1);
    unsigned long spins = 0;
    while (!hits)
        spins++;
    printf("alarm interrupted a busy loop: hits=%d spun=%d\n", hits, spins > 0);

    hits = 0;
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    while (hits < 5)
        spins++;
    struct itimerval off = { { 0, 0 }, { 0, 0 } }, was;
    setitimer(ITIMER_REAL, &off, &was);
    printf("setitimer interval: hits>=5 %d, interval was %ld us\n", hits >= 5,
           (long)was.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &was);
    printf("getitimer after stop: %ld %ld\n", (long)was.it_value.tv_sec, (long)was.it_value.tv_usec);

    /* Blocking read without SA_RESTART: EINTR. */
    int fds[2];
    pipe(fds);
    char c;
    hits = 0;
    itimer(100000);
    ssize_t n = read(fds[0], &c, 1);
    printf("read without SA_RESTART: %zd %s hits=%d\n", n, n < 0 && errno == EINTR ? "EINTR" : "?", hits);

    /* With SA_RESTART: the read goes on and gets the byte a child writes
     * after the alarm. */
    set(SA_RESTART);
    hits = 0;
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 400000000 };
        nanosleep(&ts, NULL);
        write(fds[1], "x", 1);
        _exit(0);
    }
    itimer(100000);
    n = read(fds[0], &c, 1);
    printf("read with SA_RESTART: %zd '%c' hits=%d\n", n, n == 1 ? c : '?', hits);
    waitpid(pid, NULL, 0);
    set(0);

    hits = 0;
    itimer(50000);
    int r = pause();
    printf("pause: %d %s hits=%d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?", hits);

    hits = 0;
    itimer(50000);
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    r = nanosleep(&req, &rem);
    printf("nanosleep: %d %s hits=%d rem in (3s,5s): %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?",
           hits, rem.tv_sec >= 3 && rem.tv_sec < 5);

    hits = 0;
    itimer(50000);
    struct timeval tv = { 5, 0 };
    fd_set rf;
    FD_ZERO(&rf);
    FD_SET(fds[0], &rf);
    r = select(fds[0] + 1, &rf, NULL, NULL, &tv);
    printf("select: %d %s hits=%d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?", hits);

    hits = 0;
    sigset_t s, old, none;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    sigprocmask(SIG_BLOCK, &s, &old);
    itimer(50000);
    sigemptyset(&none);
    r = sigsuspend(&none);
    printf("sigsuspend: %d %s hits=%d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?", hits);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* A blocked SIGALRM stays pending until unblocked. */
    hits = 0;
    sigprocmask(SIG_BLOCK, &s, &old);
    itimer(20000);
    struct timespec ts = { 0, 100000000 };
    nanosleep(&ts, NULL);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked: hits=%d pending=%d\n", hits, sigismember(&pend, SIGALRM));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits=%d\n", hits);

    /* Default action of SIGALRM terminates. */
    signal(SIGALRM, SIG_DFL);
    itimer(20000);
    for (;;)
        spins++;
}
