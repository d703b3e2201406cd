/* tests/user/progs/sig-altstack.c: sigaltstack. Handlers with SA_ONSTACK
 * run on the alternate stack (and see SS_ONSTACK there, EPERM when they
 * try to change it), nested handlers stay on it, handlers without
 * SA_ONSTACK do not use it, uc_stack describes it, a stack overflow is
 * caught on it; SS_DISABLE, too-small sizes (ENOMEM), bad flags.
 * run: (no arguments)
 * qemu-bug: "  sig 12 depth 1: on alt=1 query flags=1 uc_stack sp_ok=1 size=262144 flags=1" -> "  sig 12 depth 1: on alt=1 query flags=1 uc_stack sp_ok=1 size=262144 flags=0"
 *   (Linux 6.1 stores the flags given to sigaltstack in uc_stack.ss_flags,
 *   unsafe_save_altstack(); QEMU 7.2 stores SS_ONSTACK when nested.) */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define ALT_SIZE (256 * 1024)
static char *alt;
static sigjmp_buf jb;
static volatile int depth;

static int on_alt(void *p)
{
    return (char *)p >= alt && (char *)p < alt + ALT_SIZE;
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    int local;
    stack_t cur;
    (void)si;
    sigaltstack(NULL, &cur);
    printf("  sig %d depth %d: on alt=%d query flags=%d uc_stack sp_ok=%d size=%zu flags=%d\n",
           sig, depth, on_alt(&local), cur.ss_flags, uc->uc_stack.ss_sp == alt,
           uc->uc_stack.ss_size, uc->uc_stack.ss_flags);
    stack_t n = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0 };
    int r = sigaltstack(&n, NULL);
    printf("  change while on it: %d %s\n", r, r < 0 && errno == EPERM ? "EPERM" : "");
    if (depth == 0 && sig == SIGUSR1) {
        depth++;
        raise(SIGUSR2);
        depth--;
    }
}

static void plain(int sig, siginfo_t *si, void *ucv)
{
    int local;
    (void)si;
    (void)ucv;
    printf("  sig %d without SA_ONSTACK: on alt=%d\n", sig, on_alt(&local));
}

static void segv(int sig, siginfo_t *si, void *ucv)
{
    int local;
    (void)si;
    (void)ucv;
    printf("  overflow: sig %d on alt=%d\n", sig, on_alt(&local));
    siglongjmp(jb, 1);
}

static volatile long sink;

static long recurse(long n)
{
    volatile char pad[4096];
    pad[0] = (char)n;
    pad[4095] = (char)n;
    sink += pad[0];
    return recurse(n + 1) + pad[4095];
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    stack_t st, old;
    sigaltstack(NULL, &old);
    printf("initial: flags=%d size=%zu\n", old.ss_flags, old.ss_size);

    alt = malloc(ALT_SIZE);
    st.ss_sp = alt;
    st.ss_size = 1024;
    st.ss_flags = 0;
    int r = sigaltstack(&st, NULL);
    printf("too small: %d %s\n", r, r < 0 && errno == ENOMEM ? "ENOMEM" : "");
    st.ss_size = ALT_SIZE;
    st.ss_flags = 12345;
    r = sigaltstack(&st, NULL);
    printf("bad flags: %d %s\n", r, r < 0 && errno == EINVAL ? "EINVAL" : "");
    st.ss_flags = 0;
    r = sigaltstack(&st, &old);
    printf("set: %d old flags=%d\n", r, old.ss_flags);
    sigaltstack(NULL, &old);
    printf("query: sp_ok=%d size=%zu flags=%d\n", old.ss_sp == alt, old.ss_size, old.ss_flags);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_sigaction = plain;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGHUP, &sa, NULL);

    printf("SA_ONSTACK handler, nested:\n");
    raise(SIGUSR1);
    printf("plain handler:\n");
    raise(SIGHUP);

    printf("stack overflow:\n");
    sa.sa_sigaction = segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0)
        recurse(0);
    printf("recovered\n");

    st.ss_flags = SS_DISABLE;
    r = sigaltstack(&st, NULL);
    sigaltstack(NULL, &old);
    printf("disable: %d flags=%d size=%zu\n", r, old.ss_flags, old.ss_size);
    printf("SA_ONSTACK handler, alt stack disabled:\n");
    raise(SIGUSR2);
    return 0;
}
