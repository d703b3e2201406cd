/* tests/user/progs/sig-basic.c: signal dispositions and delivery as Linux
 * does them: siginfo of raise/kill/sigqueue, blocking and sigpending,
 * SA_RESETHAND, SIG_IGN, nested handlers (sa_mask, SA_NODEFER), the order
 * of two signals unblocked at once, sigsuspend, sigtimedwait and queued
 * real-time signals. Output compared with qemu-ppc64le/qemu-ppc64.
 * run: (no arguments) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int depth, log_n;
static char logbuf[512];

static void note(const char *s)
{
    size_t l = strlen(logbuf);
    snprintf(logbuf + l, sizeof(logbuf) - l, "%s%s", l ? " " : "", s);
}

static void flush_log(const char *what)
{
    printf("%s: %s\n", what, logbuf);
    logbuf[0] = 0;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    printf("  handler sig=%d signo=%d code=%d pid_ok=%d uid_ok=%d uc=%d\n", sig,
           si->si_signo, si->si_code, si->si_pid == getpid(), si->si_uid == getuid(),
           uc != NULL);
}

static void plain_handler(int sig)
{
    char b[32];
    snprintf(b, sizeof(b), "h%d", sig);
    note(b);
}

static void nest_inner(int sig)
{
    char b[32];
    snprintf(b, sizeof(b), "inner%d@%d", sig, depth);
    note(b);
}

static void nest_outer(int sig)
{
    char b[32];
    depth++;
    snprintf(b, sizeof(b), "outer%d-begin", sig);
    note(b);
    raise(SIGUSR2);
    note("outer-end");
    depth--;
}

static volatile int calls;

static void nodefer(int sig)
{
    char b[32];
    depth++;
    calls++;
    snprintf(b, sizeof(b), "d%d/%d", depth, calls);
    note(b);
    if (calls < 3)
        raise(sig);
    note("ret");
    depth--;
}

static void rt_handler(int sig, siginfo_t *si, void *uc)
{
    char b[48];
    (void)uc;
    snprintf(b, sizeof(b), "rt%d:%d:%d", sig - SIGRTMIN, si->si_code, si->si_value.sival_int);
    note(b);
}

static void set(int sig, void (*h)(int), int flags, int masked)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (masked)
        sigaddset(&sa.sa_mask, masked);
    sigaction(sig, &sa, NULL);
}

static void set_info(int sig, void (*h)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sigset_t s, old, pend;

    printf("raise/kill with siginfo:\n");
    set_info(SIGUSR1, info_handler);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    union sigval v = { .sival_int = 77 };
    sigqueue(getpid(), SIGUSR1, v);

    /* The old action reads back what was set. */
    struct sigaction q;
    sigaction(SIGUSR1, NULL, &q);
    printf("query: handler_ok=%d siginfo=%d\n", q.sa_sigaction == info_handler,
           !!(q.sa_flags & SA_SIGINFO));

    /* Blocked, pending, delivered on unblock. */
    set(SIGUSR2, plain_handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR2);
    note("raised");
    sigpending(&pend);
    printf("pending USR2=%d USR1=%d\n", sigismember(&pend, SIGUSR2), sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    note("unblocked");
    flush_log("block");

    /* Two pending at once: both delivered, frames stacked. */
    set(SIGUSR1, plain_handler, 0, 0);
    set(SIGHUP, plain_handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGHUP);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR1);
    raise(SIGHUP);
    sigprocmask(SIG_SETMASK, &old, NULL);
    flush_log("two pending");

    /* SA_RESETHAND */
    set(SIGUSR1, plain_handler, SA_RESETHAND, 0);
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &q);
    flush_log("resethand");
    printf("after resethand: dfl=%d\n", q.sa_handler == SIG_DFL);

    /* SIG_IGN: nothing happens, nothing stays pending. */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("ignored: pending=%d\n", sigismember(&pend, SIGUSR1));

    /* Nested: USR2 not masked during USR1 -> runs inside it. */
    set(SIGUSR1, nest_outer, 0, 0);
    set(SIGUSR2, nest_inner, 0, 0);
    raise(SIGUSR1);
    flush_log("nested");
    /* With sa_mask = USR2: deferred until USR1 returns. */
    set(SIGUSR1, nest_outer, 0, SIGUSR2);
    raise(SIGUSR1);
    flush_log("masked");
    /* SA_NODEFER: the handler interrupts itself. */
    set(SIGUSR1, nodefer, SA_NODEFER, 0);
    calls = 0;
    raise(SIGUSR1);
    flush_log("nodefer");
    /* Without SA_NODEFER the second raise waits for the first handler. */
    set(SIGUSR1, nodefer, 0, 0);
    calls = 0;
    raise(SIGUSR1);
    flush_log("defer");

    /* sigsuspend: pending signal delivered, mask restored after. */
    set(SIGUSR1, plain_handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR1);
    sigset_t none;
    sigemptyset(&none);
    int r = sigsuspend(&none);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    note("back");
    flush_log("sigsuspend");
    printf("sigsuspend=%d errno=%s usr1 still blocked=%d\n", r, e == EINTR ? "EINTR" : "?",
           sigismember(&now, SIGUSR1));

    /* sigtimedwait takes a blocked pending signal without its handler. */
    raise(SIGUSR1);
    siginfo_t si;
    struct timespec ts = { 1, 0 };
    r = sigtimedwait(&s, &si, &ts);
    printf("sigtimedwait=%d code=%d\n", r, si.si_code);
    struct timespec zero = { 0, 0 };
    r = sigtimedwait(&s, &si, &zero);
    printf("sigtimedwait empty=%d %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* Real-time signals queue, in order, with their values. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &s, &old);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i * 11;
        sigqueue(getpid(), SIGRTMIN + 2, v);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    flush_log("rt queue");

    /* Unblockable: sigprocmask ignores SIGKILL/SIGSTOP. */
    sigfillset(&s);
    sigprocmask(SIG_SETMASK, &s, &old);
    sigprocmask(SIG_SETMASK, &old, &now);
    printf("fill: kill=%d stop=%d usr1=%d\n", sigismember(&now, SIGKILL),
           sigismember(&now, SIGSTOP), sigismember(&now, SIGUSR1));
    printf("sigaction(SIGKILL)=%d\n", sigaction(SIGKILL, &sa, NULL));
    return 4;
}
