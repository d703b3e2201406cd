/* tests/user/user-proc.h: one emulated Linux process of the user-mode
 * runner and its threads. The process owns the guest memory, the signal
 * dispositions and the list of threads; each guest thread is a host
 * thread with its own vCPU, signal mask, pending signals and alternate
 * signal stack. Also: guest byte-order helpers for the system-call layer
 * (big-endian guests see every structure field byte-swapped). */
#ifndef PSERIES_USER_PROC_H
#define PSERIES_USER_PROC_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "user-mem.h"

#define USER_NSIG 64

/* Where the signal trampoline page lives (like the vDSO's sigtramp). */
#define USER_SIGTRAMP 0x4000900000ull

/* Kernel-internal "restart" results of an interrupted system call. */
#define USER_ERESTARTSYS 512
#define USER_ERESTARTNOINTR 513
#define USER_ERESTARTNOHAND 514

struct user_sigaction {
    uint64_t handler;        /* 0 = SIG_DFL, 1 = SIG_IGN, else guest address */
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;           /* bit n-1 = signal n */
};

struct user_proc;

struct user_thread {
    struct user_proc *proc;
    struct ppc_cpu *cpu;
    int tid;
    bool leader;                 /* the thread that started the process */
    uint64_t clear_child_tid;    /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint64_t robust_head, robust_len;

    /* Signals. 'blocked' is the guest mask; the host mask mirrors it
     * (except the synchronous signals), so the host kernel routes and
     * keeps pending what the guest blocks. */
    uint64_t blocked;
    volatile int sig_pending;    /* something may be deliverable (the
                                    host handler, a queued signal) */
    volatile uint64_t hpending;  /* caught by the host handler on this
                                    thread (written with host signals
                                    of this thread blocked only) */
    siginfo_t hinfo[USER_NSIG + 1];
    uint64_t qpending;           /* queued by the runner (proc->lock) */
    siginfo_t qinfo[USER_NSIG + 1];
    uint64_t ss_sp, ss_size;     /* sigaltstack */
    uint32_t ss_flags;
    bool have_saved_mask;        /* sigsuspend/ppoll/pselect temporary */
    uint64_t saved_mask;
    int restart;                 /* USER_ERESTART* of the last syscall */
    uint64_t orig_r3;
    unsigned trap;               /* Linux "trap" of the last entry */

    volatile int flush_req;      /* another thread changed the mappings */
    struct user_thread *next;
};

struct user_proc {
    struct user_mem mem;
    bool le;                     /* little-endian program */
    int abi;                     /* 1 or 2 */
    const struct ppc_model_desc *model;
    char exe[4096];              /* absolute path of the guest program */
    const char *runner;          /* host path of this runner */
    bool strace;
    FILE *trace;                 /* PSERIES_USER_TRACE */

    pthread_mutex_t mm_lock;     /* mmap/munmap/mprotect/brk */
    pthread_mutex_t lock;        /* threads, dispositions, queued signals */
    struct user_thread *threads;
    int nthreads;
    int leader_status;           /* exit status of the first thread */
    struct user_sigaction sigact[USER_NSIG + 1];
    uint64_t qpending;           /* process-directed, queued by the runner */
    siginfo_t qinfo[USER_NSIG + 1];
};

/* ---- guest byte order ---------------------------------------------- */

static inline uint16_t user_g16(const struct user_proc *p, uint16_t v)
{
    return p->le ? v : __builtin_bswap16(v);
}
static inline uint32_t user_g32(const struct user_proc *p, uint32_t v)
{
    return p->le ? v : __builtin_bswap32(v);
}
static inline uint64_t user_g64(const struct user_proc *p, uint64_t v)
{
    return p->le ? v : __builtin_bswap64(v);
}
/* Load/store a guest value at a host pointer (no alignment needed). */
static inline uint64_t user_ld64(const struct user_proc *p, const void *h)
{
    uint64_t v;
    __builtin_memcpy(&v, h, 8);
    return user_g64(p, v);
}
static inline uint32_t user_ld32(const struct user_proc *p, const void *h)
{
    uint32_t v;
    __builtin_memcpy(&v, h, 4);
    return user_g32(p, v);
}
static inline void user_st64(const struct user_proc *p, void *h, uint64_t v)
{
    v = user_g64(p, v);
    __builtin_memcpy(h, &v, 8);
}
static inline void user_st32(const struct user_proc *p, void *h, uint32_t v)
{
    v = user_g32(p, v);
    __builtin_memcpy(h, &v, 4);
}
static inline void user_st16(const struct user_proc *p, void *h, uint16_t v)
{
    v = user_g16(p, v);
    __builtin_memcpy(h, &v, 2);
}

/* Field layouts of structures that pass between the host (x86-64 or
 * ppc64le, same layouts as ppc64) and the guest: sizes of consecutive
 * fields, 0 ends. user_conv() swaps each field in place for a
 * big-endian guest, 'count' times over consecutive structures. */
void user_conv(const struct user_proc *p, void *buf, const uint8_t *layout,
               size_t count);
extern const uint8_t user_layout_stat[], user_layout_statx[],
    user_layout_statfs[], user_layout_l2[], user_layout_l4[],
    user_layout_rusage[], user_layout_sysinfo[], user_layout_winsize[],
    user_layout_pollfd[], user_layout_l1[], user_layout_i1[];

/* ---- system calls (user-syscall.c) ---------------------------------- */

/* Handle the system call in the vCPU's registers (r0 = number, r3..r8 =
 * arguments); sets r3 and CR0[SO] as Linux does for 'sc'. */
void user_syscall(struct user_thread *t, bool scv);

/* ---- blocking host calls that a signal may interrupt ---------------- */

/* A host system call that returns -USER_ERESTARTSYS, without entering
 * the kernel, when a signal arrived for this thread before the call
 * started, and -EINTR when one interrupted it (user-safe-syscall.c). */
long user_safe_syscall(struct user_thread *t, long nr, long a1, long a2,
                       long a3, long a4, long a5, long a6);
/* For the host signal handler: if the interrupted host pc is inside the
 * window between the pending check and the syscall instruction, move it
 * to the "interrupted" exit. */
void user_safe_syscall_fixup(void *host_ucontext);

/* ---- signals (user-signal.c) ---------------------------------------- */

/* Install the host handlers; dispositions inherited from the host (an
 * ignored signal stays ignored across exec). */
void user_signal_init(struct user_proc *p);
/* The runner thread's current guest thread (for the host handler). */
void user_signal_set_thread(struct user_thread *t);
/* Set the host signal mask from the guest mask of t. */
void user_signal_apply_mask(struct user_thread *t);
/* Deliver what is pending and deliverable (frames on the guest stack,
 * default actions), completing an interrupted system call first. */
void user_signal_process(struct user_thread *t);
/* A synchronous signal of the instruction at cpu->exit_pc (fault, trap,
 * illegal instruction): delivered now, or kills the process. */
void user_signal_sync(struct user_thread *t, int sig, int code, uint64_t addr);
/* Queue a signal for a thread (tid) or the process (tid 0) from inside
 * the runner; returns 0 or -ESRCH. */
int user_signal_queue(struct user_proc *p, int tid, const siginfo_t *si);
/* Die as Linux would kill the process with sig (message when what). */
void user_die_by_signal(struct user_thread *t, int sig, const char *what)
    __attribute__((noreturn));
/* System calls of the signal family; return the result or -errno. */
int64_t user_sys_rt_sigaction(struct user_thread *t, uint64_t sig, uint64_t act,
                              uint64_t oact, uint64_t size);
int64_t user_sys_rt_sigprocmask(struct user_thread *t, uint64_t how, uint64_t set,
                                uint64_t oset, uint64_t size);
int64_t user_sys_sigaltstack(struct user_thread *t, uint64_t ss, uint64_t oss);
int64_t user_sys_rt_sigreturn(struct user_thread *t);
int64_t user_sys_rt_sigsuspend(struct user_thread *t, uint64_t set, uint64_t size);
int64_t user_sys_rt_sigpending(struct user_thread *t, uint64_t set, uint64_t size);
int64_t user_sys_rt_sigtimedwait(struct user_thread *t, uint64_t set, uint64_t info,
                                 uint64_t ts, uint64_t size);
int64_t user_sys_kill(struct user_thread *t, int64_t pid, int sig);
int64_t user_sys_tgkill(struct user_thread *t, int64_t tgid, int64_t tid, int sig);
/* rt_sigqueueinfo (tid 0) and rt_tgsigqueueinfo. */
int64_t user_sys_rt_sigqueueinfo(struct user_thread *t, int64_t tgid, int64_t tid, int sig,
                                 uint64_t uinfo);
/* Temporary guest mask for ppoll/pselect6 (restored after delivery);
 * returns the host sigset to pass, in *host. */
int user_signal_temp_mask(struct user_thread *t, uint64_t mask, sigset_t *host);
void user_signal_temp_mask_done(struct user_thread *t);
/* siginfo in the guest's layout (128 bytes). */
void user_siginfo_to_guest(const struct user_proc *p, const siginfo_t *si,
                           uint8_t out[128]);

/* ---- threads (user-thread.c) ---------------------------------------- */

struct user_thread *user_thread_new(struct user_proc *p, struct ppc_cpu *cpu);
/* The execution loop of a guest thread; never returns. */
void user_thread_loop(struct user_thread *t) __attribute__((noreturn));
/* clone() with CLONE_VM|CLONE_THREAD: a new guest thread. */
int64_t user_clone_thread(struct user_thread *t, uint64_t flags, uint64_t newsp,
                          uint64_t ptid, uint64_t tls, uint64_t ctid);
/* exit (this thread) and exit_group (the process). */
void user_thread_exit(struct user_thread *t, int status) __attribute__((noreturn));
void user_exit_group(struct user_thread *t, int status) __attribute__((noreturn));
int64_t user_sys_futex(struct user_thread *t, uint64_t uaddr, uint64_t op, uint64_t val,
                       uint64_t timeout, uint64_t uaddr2, uint64_t val3);
/* Guest mappings changed: other threads drop their TLBs (and decoded
 * blocks when code is true) before they run on. */
void user_mm_changed(struct user_thread *t, bool code);
/* After fork(): the child keeps only the calling thread. */
void user_thread_after_fork(struct user_thread *t);

#endif
