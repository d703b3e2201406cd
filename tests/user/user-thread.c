/* tests/user/user-thread.c: guest threads of the user-mode runner. Each
 * guest thread (clone with CLONE_VM|CLONE_THREAD, as glibc's
 * pthread_create) runs on a host thread of its own with its own vCPU over
 * the shared guest memory; larx/stcx. use host atomics, and futexes are
 * the host's own on the host address of the guest word (big-endian
 * guests: the compared values are byte-swapped; PI and WAKE_OP futexes
 * are little-endian only). Also the per-thread execution loop, thread
 * exit (robust futex list, CLONE_CHILD_CLEARTID wake-up) versus
 * exit_group, and the
 * cross-thread TLB shoot-down after munmap/mprotect. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "block.h"
#include "exec.h"
#include "insn.h"
#include "user-proc.h"

#define CLONE_VM_ 0x00000100
#define CLONE_THREAD_ 0x00010000
#define CLONE_SETTLS_ 0x00080000
#define CLONE_PARENT_SETTID_ 0x00100000
#define CLONE_CHILD_CLEARTID_ 0x00200000
#define CLONE_CHILD_SETTID_ 0x01000000

struct user_thread *user_thread_new(struct user_proc *p, struct ppc_cpu *cpu)
{
    struct user_thread *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->proc = p;
    t->cpu = cpu;
    t->ss_flags = 2;   /* SS_DISABLE */
    return t;
}

/* The architected state of src (not its caches). */
static void copy_state(struct ppc_cpu *dst, const struct ppc_cpu *src)
{
    memcpy(dst->gpr, src->gpr, sizeof(dst->gpr));
    memcpy(dst->vsr, src->vsr, sizeof(dst->vsr));
    dst->pc = src->pc;
    dst->lr = src->lr;
    dst->ctr = src->ctr;
    dst->tar = src->tar;
    dst->cr = src->cr;
    dst->xer = src->xer;
    dst->msr = src->msr;
    dst->fpscr_hi = src->fpscr_hi;
    dst->fpscr = src->fpscr;
    dst->vscr = src->vscr;
    dst->vrsave = src->vrsave;
    dst->dscr = src->dscr;
    dst->ppr = src->ppr;
}

static void trace_state(FILE *f, const struct ppc_cpu *c)
{
    fprintf(f, "NIP %016llx   LR %016llx CTR %016llx XER %016llx\n",
            (unsigned long long)c->pc, (unsigned long long)c->lr,
            (unsigned long long)c->ctr, (unsigned long long)ppc_xer_read(c));
    for (int g = 0; g < 32; g += 4)
        fprintf(f, "GPR%02d %016llx %016llx %016llx %016llx\n", g,
                (unsigned long long)c->gpr[g], (unsigned long long)c->gpr[g + 1],
                (unsigned long long)c->gpr[g + 2], (unsigned long long)c->gpr[g + 3]);
    fprintf(f, "CR %08x\n", c->cr);
}

/* si_code of an enabled FP exception (Linux __parse_fpscr). */
static int fpe_code(const struct ppc_cpu *cpu)
{
    uint32_t f = cpu->fpscr;
    if ((f & 0x80) && (f & 0x20000000))
        return 7;   /* FPE_FLTINV */
    if ((f & 0x40) && (f & 0x10000000))
        return 4;   /* FPE_FLTOVF */
    if ((f & 0x20) && (f & 0x08000000))
        return 5;   /* FPE_FLTUND */
    if ((f & 0x10) && (f & 0x04000000))
        return 3;   /* FPE_FLTDIV */
    if ((f & 0x08) && (f & 0x02000000))
        return 6;   /* FPE_FLTRES */
    return 14;      /* FPE_FLTUNK */
}

void user_thread_loop(struct user_thread *t)
{
    struct user_proc *p = t->proc;
    struct ppc_cpu *cpu = t->cpu;
    for (;;) {
        int why;
        if (p->trace && t->leader) {
            trace_state(p->trace, cpu);
            why = ppc_step(cpu);
        } else {
            why = ppc_run(cpu, 0);
        }
        switch (why) {
        case 0:
            break;
        case PPC_EXIT_HALT:
        case PPC_EXIT_BUDGET:
            t->trap = 0x500;   /* as if an external interrupt stopped it */
            break;
        case PPC_EXIT_SYSCALL:
        case PPC_EXIT_SCV:
            t->trap = 0xc00;
            user_syscall(t, why == PPC_EXIT_SCV);
            break;
        case PPC_EXIT_TRAP:
            t->trap = 0x700;
            user_signal_sync(t, SIGTRAP, TRAP_BRKPT, cpu->exit_pc);
            break;
        case PPC_EXIT_ILLEGAL:
            t->trap = 0x700;
            user_signal_sync(t, SIGILL, ILL_ILLOPC, cpu->exit_pc);
            break;
        case PPC_EXIT_PRIVILEGED:
            t->trap = 0x700;
            user_signal_sync(t, SIGILL, ILL_PRVOPC, cpu->exit_pc);
            break;
        case PPC_EXIT_UNIMPL:
            fprintf(stderr, "pseries-user: instruction '%s' at 0x%llx is not implemented\n",
                    cpu->exit_id < PPC_ID_COUNT ? ppc_insn_table[cpu->exit_id].mnem : "?",
                    (unsigned long long)cpu->exit_pc);
            t->trap = 0x700;
            user_signal_sync(t, SIGILL, ILL_ILLOPC, cpu->exit_pc);
            break;
        case PPC_EXIT_FP_ENABLED:
            t->trap = 0x700;
            user_signal_sync(t, SIGFPE, fpe_code(cpu), cpu->exit_pc);
            break;
        case PPC_EXIT_DATA_FAULT:
            t->trap = 0x300;
            user_signal_sync(t, SIGSEGV, cpu->fault.err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
                             cpu->fault.ea);
            break;
        case PPC_EXIT_INSN_FAULT:
            t->trap = 0x400;
            user_signal_sync(t, SIGSEGV, cpu->fault.err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
                             cpu->fault.ea);
            break;
        case PPC_EXIT_ALIGNMENT:
            t->trap = 0x600;
            user_signal_sync(t, SIGBUS, BUS_ADRALN, cpu->fault.ea);
            break;
        default:
            fprintf(stderr, "pseries-user: unexpected exit '%s' at 0x%llx\n",
                    ppc_exit_name(why), (unsigned long long)cpu->exit_pc);
            t->trap = 0x700;
            user_signal_sync(t, SIGILL, ILL_ILLOPC, cpu->exit_pc);
            break;
        }
        if (t->flush_req) {
            int f = __atomic_exchange_n(&t->flush_req, 0, __ATOMIC_SEQ_CST);
            ppc_tlb_flush(cpu);
            if (f & 2)
                ppc_blocks_flush(cpu);
        }
        if (t->sig_pending || t->restart)
            user_signal_process(t);
    }
}

/* ---- clone ------------------------------------------------------------ */

struct clone_start {
    struct user_thread *t;
    uint64_t flags, ptid, ctid;
    int tid;                 /* for the parent: t may be gone by then */
    sem_t ready;
};

static void *thread_main(void *arg)
{
    struct clone_start *cs = arg;
    struct user_thread *t = cs->t;
    struct user_proc *p = t->proc;
    t->tid = (int)syscall(SYS_gettid);
    user_signal_set_thread(t);
    if (cs->flags & CLONE_PARENT_SETTID_) {
        uint8_t *w = user_mem_ptr(&p->mem, cs->ptid, 4, UP_W);
        if (w)
            user_st32(p, w, (uint32_t)t->tid);
    }
    if (cs->flags & CLONE_CHILD_SETTID_) {
        uint8_t *w = user_mem_ptr(&p->mem, cs->ctid, 4, UP_W);
        if (w)
            user_st32(p, w, (uint32_t)t->tid);
    }
    cs->tid = t->tid;
    sem_post(&cs->ready);   /* cs is gone after this */
    user_signal_apply_mask(t);
    user_thread_loop(t);
}

int64_t user_clone_thread(struct user_thread *parent, uint64_t flags, uint64_t newsp,
                          uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    struct user_proc *p = parent->proc;
    if (!(flags & CLONE_THREAD_) || !(flags & CLONE_VM_))
        return -EINVAL;
    struct ppc_cpu *cpu = ppc_cpu_new(p->model->model, p->le, parent->cpu->env,
                                      parent->cpu->env_opaque);
    if (!cpu)
        return -EAGAIN;
    struct user_thread *t = user_thread_new(p, cpu);
    if (!t) {
        ppc_cpu_free(cpu);
        return -EAGAIN;
    }
    copy_state(cpu, parent->cpu);
    cpu->gpr[3] = 0;
    cpu->cr &= ~(1u << 28);
    if (newsp)
        cpu->gpr[1] = newsp;
    if (flags & CLONE_SETTLS_)
        cpu->gpr[13] = tls;
    if (flags & CLONE_CHILD_CLEARTID_)
        t->clear_child_tid = ctid;
    t->blocked = parent->blocked;

    struct clone_start cs = { .t = t, .flags = flags, .ptid = ptid, .ctid = ctid };
    sem_init(&cs.ready, 0, 0);
    pthread_mutex_lock(&p->lock);
    t->next = p->threads;
    p->threads = t;
    p->nthreads++;
    pthread_mutex_unlock(&p->lock);

    /* The host thread starts with every host signal blocked and takes
     * the guest mask once it knows who it is. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 1 << 20);
    pthread_t th;
    int e = pthread_create(&th, &attr, thread_main, &cs);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e) {
        pthread_mutex_lock(&p->lock);
        for (struct user_thread **pp = &p->threads; *pp; pp = &(*pp)->next)
            if (*pp == t) {
                *pp = t->next;
                break;
            }
        p->nthreads--;
        pthread_mutex_unlock(&p->lock);
        ppc_cpu_free(cpu);
        free(t);
        sem_destroy(&cs.ready);
        return -EAGAIN;
    }
    while (sem_wait(&cs.ready) < 0 && errno == EINTR)
        ;
    sem_destroy(&cs.ready);
    return cs.tid;
}

/* ---- exit ------------------------------------------------------------- */

static void print_stats(struct user_proc *p)
{
    if (!getenv("PSERIES_USER_STATS"))
        return;
    unsigned long long n = 0;
    for (struct user_thread *u = p->threads; u; u = u->next)
        n += u->cpu->icount;
    fprintf(stderr, "pseries-user: %llu instructions\n", n);
}

void user_exit_group(struct user_thread *t, int status)
{
    struct user_proc *p = t->proc;
    fflush(stdout);
    pthread_mutex_lock(&p->lock);
    print_stats(p);
    fflush(stderr);
    _exit(status & 0xff);
}

/* Linux exit_robust_list(): every robust futex this thread still holds
 * gets FUTEX_OWNER_DIED and one waiter is woken. The list lives in guest
 * memory (struct robust_list_head: list, futex_offset, list_op_pending). */
static void handle_robust_futex(struct user_thread *t, uint64_t entry, int64_t off)
{
    struct user_proc *p = t->proc;
    uint32_t *w = user_mem_ptr(&p->mem, entry + (uint64_t)off, 4, UP_W);
    if (!w || ((uintptr_t)w & 3))
        return;
    uint32_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
    for (;;) {
        uint32_t v = user_g32(p, old);
        if ((v & FUTEX_TID_MASK) != (uint32_t)t->tid)
            return;
        uint32_t nv = user_g32(p, (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
        if (__atomic_compare_exchange_n(w, &old, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            if (v & FUTEX_WAITERS)
                syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
            return;
        }
    }
}

static void exit_robust_list(struct user_thread *t)
{
    struct user_proc *p = t->proc;
    if (!t->robust_head)
        return;
    const uint8_t *h = user_mem_ptr(&p->mem, t->robust_head, 24, UP_R);
    if (!h)
        return;
    uint64_t entry = user_ld64(p, h);
    int64_t off = (int64_t)user_ld64(p, h + 8);
    uint64_t pending = user_ld64(p, h + 16);
    /* The low bit of a list pointer marks a PI futex. */
    for (int limit = 2048; entry != t->robust_head && limit > 0; limit--) {
        const uint8_t *e = user_mem_ptr(&p->mem, entry & ~1ull, 8, UP_R);
        if (!e)
            break;
        uint64_t next = user_ld64(p, e);
        if (entry != pending)
            handle_robust_futex(t, entry & ~1ull, off);
        entry = next;
    }
    if (pending)
        handle_robust_futex(t, pending & ~1ull, off);
}

void user_thread_exit(struct user_thread *t, int status)
{
    struct user_proc *p = t->proc;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    exit_robust_list(t);
    if (t->clear_child_tid) {
        uint8_t *w = user_mem_ptr(&p->mem, t->clear_child_tid, 4, UP_W);
        if (w && !((uintptr_t)w & 3)) {
            __atomic_store_n((uint32_t *)w, 0, __ATOMIC_SEQ_CST);
            syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    pthread_mutex_lock(&p->lock);
    if (t->leader)
        p->leader_status = status & 0xff;
    if (p->nthreads == 1) {
        print_stats(p);
        fflush(stdout);
        fflush(stderr);
        _exit(p->leader_status);
    }
    for (struct user_thread **pp = &p->threads; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    p->nthreads--;
    pthread_mutex_unlock(&p->lock);
    user_signal_set_thread(NULL);
    ppc_cpu_free(t->cpu);
    free(t);
    pthread_exit(NULL);
}

/* ---- futex ------------------------------------------------------------ */

int64_t user_sys_futex(struct user_thread *t, uint64_t uaddr, uint64_t op, uint64_t val,
                       uint64_t timeout, uint64_t uaddr2, uint64_t val3)
{
    struct user_proc *p = t->proc;
    int cmd = (int)(op & FUTEX_CMD_MASK);
    int hop = (int)op;
    void *h = user_mem_ptr(&p->mem, uaddr, 4, UP_R);
    if (!h)
        return -EFAULT;
    uint32_t v = (uint32_t)val;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
        struct timespec ts, *pts = NULL;
        if (timeout) {
            const uint8_t *g = user_mem_ptr(&p->mem, timeout, 16, UP_R);
            if (!g)
                return -EFAULT;
            ts.tv_sec = (time_t)user_ld64(p, g);
            ts.tv_nsec = (long)user_ld64(p, g + 8);
            pts = &ts;
        }
        return user_safe_syscall(t, SYS_futex, (long)h, hop, (long)user_g32(p, v),
                                 (long)pts, 0, (long)(uint32_t)val3);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
        long r = syscall(SYS_futex, h, hop, (int)v, NULL, NULL, (uint32_t)val3);
        return r < 0 ? -errno : r;
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
        void *h2 = user_mem_ptr(&p->mem, uaddr2, 4, UP_R);
        if (!h2)
            return -EFAULT;
        long r = syscall(SYS_futex, h, hop, (int)v, (long)(uint32_t)timeout, h2,
                         user_g32(p, (uint32_t)val3));
        return r < 0 ? -errno : r;
    }
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI: {
        if (!p->le)
            return -ENOSYS;
        void *h2 = user_mem_ptr(&p->mem, uaddr2, 4, UP_W);
        if (!h2)
            return -EFAULT;
        long r = syscall(SYS_futex, h, hop, (int)v, (long)(uint32_t)timeout, h2,
                         (uint32_t)val3);
        return r < 0 ? -errno : r;
    }
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_UNLOCK_PI:
    case FUTEX_WAIT_REQUEUE_PI: {
        if (!p->le)
            return -ENOSYS;
        struct timespec ts, *pts = NULL;
        if (timeout && cmd != FUTEX_UNLOCK_PI && cmd != FUTEX_TRYLOCK_PI) {
            const uint8_t *g = user_mem_ptr(&p->mem, timeout, 16, UP_R);
            if (!g)
                return -EFAULT;
            memcpy(&ts, g, sizeof(ts));
            pts = &ts;
        }
        void *h2 = NULL;
        if (cmd == FUTEX_WAIT_REQUEUE_PI && !(h2 = user_mem_ptr(&p->mem, uaddr2, 4, UP_R)))
            return -EFAULT;
        return user_safe_syscall(t, SYS_futex, (long)h, hop, (long)v, (long)pts,
                                 (long)h2, (long)(uint32_t)val3);
    }
    default:
        return -ENOSYS;
    }
}

/* ---- mappings, fork ----------------------------------------------------- */

void user_mm_changed(struct user_thread *t, bool code)
{
    struct user_proc *p = t->proc;
    ppc_tlb_flush(t->cpu);
    if (code)
        ppc_blocks_flush(t->cpu);
    pthread_mutex_lock(&p->lock);
    for (struct user_thread *u = p->threads; u; u = u->next) {
        if (u == t)
            continue;
        __atomic_fetch_or(&u->flush_req, code ? 3 : 1, __ATOMIC_SEQ_CST);
        u->cpu->stop = 1;
    }
    pthread_mutex_unlock(&p->lock);
}

void user_thread_after_fork(struct user_thread *t)
{
    struct user_proc *p = t->proc;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->mm_lock, NULL);
    p->threads = t;
    t->next = NULL;
    p->nthreads = 1;
    t->leader = true;
    t->tid = (int)syscall(SYS_gettid);
    t->hpending = 0;
    t->qpending = 0;
    p->qpending = 0;
}
