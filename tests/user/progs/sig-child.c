/* tests/user/progs/sig-child.c: SIGCHLD and SIGPIPE. The SIGCHLD handler
 * sees CLD_EXITED/CLD_KILLED with pid and status; waitpid statuses of
 * children that exit, die of a signal (SIGTERM, SIGPIPE, abort), stop
 * and continue; SIGPIPE with a handler, ignored (EPIPE) and default;
 * auto-reaping with SIGCHLD ignored; kill() of a child waiting in pause.
 * run: (no arguments)
 * qemu-bug: "SIGCHLD while stopping and continuing (SA_NOCLDSTOP): 2" -> "SIGCHLD while stopping and continuing (SA_NOCLDSTOP): 0"
 *   (QEMU 7.2 ignores SA_NOCLDSTOP: Linux sends no SIGCHLD when a child
 *   stops or continues if the handler was installed with it.) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int chld, chld_code, chld_status, chld_pid_ok, pipes;
static volatile pid_t want_pid;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    chld++;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid_ok = si->si_pid == want_pid;
}

static void on_pipe(int sig)
{
    (void)sig;
    pipes++;
}

static void on_usr1(int sig)
{
    (void)sig;
    printf("  child: got SIGUSR1\n");
    _exit(5);
}

/* SIGCHLD stays blocked from before the fork until the parent knows the
 * child's pid and waits for the signal. */
static sigset_t before;

static void block_chld(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    sigprocmask(SIG_BLOCK, &s, &before);
    chld = 0;
}

static void wait_chld(void)
{
    while (!chld)
        sigsuspend(&before);
    sigprocmask(SIG_SETMASK, &before, NULL);
}

static void report(const char *what, pid_t pid)
{
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("%s: waited=%d sigchld=%d code=%d status=%d pid_ok=%d", what, w == pid, chld,
           chld_code, chld_status, chld_pid_ok);
    if (WIFEXITED(st))
        printf(" exited %d\n", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf(" killed by %d\n", WTERMSIG(st));
    else
        printf(" status %#x\n", st);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    struct rlimit nocore = { 0, 0 };
    setrlimit(RLIMIT_CORE, &nocore);

    block_chld();
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    want_pid = pid;
    wait_chld();
    report("exit 7", pid);

    block_chld();
    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(1);
    }
    want_pid = pid;
    wait_chld();
    report("SIGTERM", pid);

    block_chld();
    pid = fork();
    if (pid == 0)
        abort();
    want_pid = pid;
    wait_chld();
    report("abort", pid);

    /* Stop and continue a child. */
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    int ready[2];
    pipe(ready);
    block_chld();
    pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &before, NULL);
        signal(SIGUSR1, on_usr1);
        write(ready[1], "r", 1);
        for (;;)
            pause();
    }
    want_pid = pid;
    char c;
    read(ready[0], &c, 1);
    sigprocmask(SIG_SETMASK, &before, NULL);
    kill(pid, SIGSTOP);
    int st;
    pid_t w = waitpid(pid, &st, WUNTRACED);
    printf("stopped: %d sig=%d\n", w == pid && WIFSTOPPED(st), WSTOPSIG(st));
    kill(pid, SIGCONT);
    w = waitpid(pid, &st, WCONTINUED);
    printf("continued: %d\n", w == pid && WIFCONTINUED(st));
    struct timespec settle = { 0, 200000000 };
    nanosleep(&settle, NULL);
    printf("SIGCHLD while stopping and continuing (SA_NOCLDSTOP): %d\n", chld);
    block_chld();
    kill(pid, SIGUSR1);
    wait_chld();
    report("SIGUSR1 to a pausing child", pid);

    /* SIGPIPE: handler, then ignored, then default (in a child). */
    int fds[2];
    pipe(fds);
    close(fds[0]);
    signal(SIGPIPE, on_pipe);
    ssize_t n = write(fds[1], "x", 1);
    printf("SIGPIPE handler: write=%zd %s pipes=%d\n", n, n < 0 && errno == EPIPE ? "EPIPE" : "?", pipes);
    signal(SIGPIPE, SIG_IGN);
    n = write(fds[1], "x", 1);
    printf("SIGPIPE ignored: write=%zd %s pipes=%d\n", n, n < 0 && errno == EPIPE ? "EPIPE" : "?", pipes);
    block_chld();
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(fds[1], "x", 1);
        _exit(0);
    }
    want_pid = pid;
    wait_chld();
    report("SIGPIPE default", pid);
    close(fds[1]);

    /* SIGCHLD ignored: children are reaped by the kernel. */
    signal(SIGCHLD, SIG_IGN);
    pid = fork();
    if (pid == 0)
        _exit(3);
    w = waitpid(-1, &st, 0);
    printf("SIGCHLD ignored: waitpid=%d %s\n", w, w < 0 && errno == ECHILD ? "ECHILD" : "?");
    return 9;
}
