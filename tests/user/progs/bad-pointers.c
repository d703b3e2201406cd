/* tests/user/progs/bad-pointers.c: nothing a guest program does may crash
 * the runner. A sweep of system calls with bad pointers and lengths
 * (null, unmapped, misaligned, huge, kernel-half addresses), then children
 * that break the signal machinery: rt_sigreturn with a garbage stack
 * pointer or frame, a handler at a garbage address, an unmapped or
 * wrapping alternate stack, a signal arriving with a garbage r1; each
 * must die of SIGSEGV as on Linux. Runs under pseries-user only (QEMU
 * differs in which calls it validates); exit status 0 when every child
 * died as expected.
 * ours-only: 0
 * run: (no arguments) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    long r = syscall(n, a, b, c, d, e, f);
    return r < 0 ? -errno : r;
}

static void sweep(void)
{
    static const long bad[] = { 0, 8, -1, 0x7fffffffffffl, 0x10000000000l,
                                (long)0xfffffffffffff000ul, 1 };
    static const int nrs[] = {
        SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_sigaltstack, SYS_rt_sigpending,
        SYS_rt_sigtimedwait, SYS_rt_sigqueueinfo, SYS_futex, SYS_poll, SYS_ppoll,
        SYS_select, SYS_pselect6, SYS_setitimer, SYS_getitimer, SYS_nanosleep,
        SYS_clock_nanosleep, SYS_wait4, SYS_waitid, SYS_readv, SYS_writev, SYS_read,
        SYS_fstat, SYS_statx, SYS_getdents64, SYS_pipe2, SYS_prlimit64, SYS_getrlimit,
        SYS_times, SYS_sysinfo, SYS_uname, SYS_sched_getaffinity, SYS_get_robust_list,
        SYS_set_robust_list, SYS_getresuid, SYS_getgroups, SYS_utimensat, SYS_sendfile,
        SYS_gettimeofday, SYS_clock_gettime, SYS_readlink, SYS_getcwd, SYS_getrandom,
    };
    static struct { long s, ns; } zero;
    long n = 0;
    for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
        int nr = nrs[i];
        for (unsigned a = 0; a < 7; a++)
            for (unsigned b = 0; b < 7; b++)
                for (unsigned c = 0; c < 3; c++) {
                    long x = bad[a], y = bad[b], z = bad[c];
                    long u = bad[(a + b) % 7], v = bad[(a + c) % 7];
                    switch (nr) {
                    case SYS_rt_sigaction: x = SIGUSR1; break;
                    case SYS_rt_sigprocmask: x = SIG_BLOCK; break;
                    case SYS_rt_sigqueueinfo: x = getpid(); y = SIGUSR1; break;
                    case SYS_read: x = -1; break;
                    case SYS_readlink: x = (long)"/proc/self/exe"; break;
                    case SYS_poll: z = 0; break;
                    case SYS_select: case SYS_pselect6: x &= 0xff; v = (long)&zero; break;
                    case SYS_ppoll: case SYS_rt_sigtimedwait: case SYS_nanosleep:
                    case SYS_clock_nanosleep:
                        z = (long)&zero;
                        break;
                    case SYS_futex: y = 0x80 | (b & 1); u = (long)&zero; break;
                    case SYS_wait4: x = -1; z = WNOHANG; break;
                    case SYS_waitid: x = P_ALL; u = WNOHANG; break;
                    }
                    sys6(nr, x, y, z, u, v, 0);
                    n++;
                }
    }
    printf("survived %ld calls\n", n);
}

static void handler(int sig)
{
    (void)sig;
}

static int child(int mode)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        stack_t st;
        memset(&sa, 0, sizeof(sa));
        switch (mode) {
        case 0: /* rt_sigreturn with a garbage stack pointer */
            __asm__ volatile("li 1, 8\nli 0, 172\nsc\n");
            break;
        case 1: /* a handler at a garbage address */
            sa.sa_handler = (void (*)(int))0x1234;
            sigaction(SIGUSR1, &sa, NULL);
            raise(SIGUSR1);
            break;
        case 2: /* an unmapped alternate stack */
            st.ss_sp = (void *)0x100000;
            st.ss_size = 65536;
            st.ss_flags = 0;
            sigaltstack(&st, NULL);
            sa.sa_handler = handler;
            sa.sa_flags = SA_ONSTACK;
            sigaction(SIGUSR1, &sa, NULL);
            raise(SIGUSR1);
            break;
        case 3: /* an alternate stack that wraps around */
            st.ss_sp = (void *)-4096L;
            st.ss_size = 1L << 40;
            st.ss_flags = 0;
            sigaltstack(&st, NULL);
            sa.sa_handler = handler;
            sa.sa_flags = SA_ONSTACK;
            sigaction(SIGUSR1, &sa, NULL);
            raise(SIGUSR1);
            break;
        case 4: { /* a signal while r1 is garbage */
            long me = getpid();
            signal(SIGUSR1, handler);
            __asm__ volatile("mr 31, 1\nli 1, 16\nli 0, 37\nmr 3, %0\nli 4, 10\nsc\nmr 1, 31\n"
                             :: "r"(me) : "r0", "r3", "r4", "r31", "memory");
            break;
        }
        case 5: /* rt_sigreturn from whatever lies on the stack */
            __asm__ volatile("addi 1, 1, -2048\nli 0, 172\nsc\n");
            break;
        }
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? -WTERMSIG(st) : WEXITSTATUS(st);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sweep();
    int bad = 0;
    for (int m = 0; m <= 5; m++) {
        int r = child(m);
        printf("signal abuse %d: %d\n", m, r);
        bad += r != -SIGSEGV;
    }
    return bad;
}
