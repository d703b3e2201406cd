/* tests/user/user-signal.c: Linux signals for the guest, as the ppc64
 * kernel delivers them (arch/powerpc/kernel/signal_64.c): dispositions,
 * per-thread masks, the alternate stack, the rt_sigframe with its
 * ucontext (gp_regs, fp_regs, v_regs with VSCR/VRSAVE and the VSX low
 * halves) on the guest stack, the return trampoline, rt_sigreturn, the
 * restart of interrupted system calls and the default actions.
 *
 * Asynchronous signals come from the host: every guest thread is a host
 * thread whose host mask mirrors the guest mask, so the host kernel picks
 * the receiving thread and keeps blocked signals pending. The host
 * handler records the signal, blocks all host signals of the thread and
 * stops its vCPU; the thread then builds the guest frame. Host
 * dispositions mirror the guest ones (SIG_IGN and SIG_DFL pass through,
 * so default actions, auto-reaping and EPIPE behave as on Linux), except
 * for the synchronous and core-dumping signals, which the runner always
 * catches. Host signals 32 and 33 belong to the host C library: guest
 * signals 32 and 33 exist only inside the runner (tgkill/kill to itself).
 *
 * The trampoline (li r0,__NR_rt_sigreturn; sc after bctrl to the
 * handler) is written into the frame as Linux does without a vDSO, and
 * the handler is entered through the same code on a read-only page of
 * its own (USER_SIGTRAMP), as Linux does through the vDSO: the guest
 * stack is not executable. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "block.h"
#include "exec.h"
#include "user-proc.h"

/* The host's signal handlers are process-wide: the one process and the
 * guest thread of each host thread. */
static struct user_proc *sig_proc;
static __thread struct user_thread *sig_cur;

#define BIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define SYNC_SIGS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGILL) | BIT(SIGFPE) | BIT(SIGTRAP))
#define CORE_SIGS (BIT(SIGQUIT) | BIT(SIGILL) | BIT(SIGTRAP) | BIT(SIGABRT) | BIT(SIGBUS) | \
                   BIT(SIGFPE) | BIT(SIGSEGV) | BIT(SIGXCPU) | BIT(SIGXFSZ) | BIT(SIGSYS))
#define IGNORE_SIGS (BIT(SIGCHLD) | BIT(SIGCONT) | BIT(SIGURG) | BIT(SIGWINCH))
#define STOP_SIGS (BIT(SIGSTOP) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGTTOU))
#define HOST_RESERVED (BIT(32) | BIT(33))

/* powerpc sigaction flags (the generic values) and sigaltstack flags. */
#define G_SA_NOCLDSTOP 0x1
#define G_SA_NOCLDWAIT 0x2
#define G_SA_SIGINFO 0x4
#define G_SA_ONSTACK 0x08000000
#define G_SA_RESTART 0x10000000
#define G_SA_NODEFER 0x40000000
#define G_SA_RESETHAND 0x80000000u
#define G_SS_ONSTACK 1
#define G_SS_DISABLE 2
#define G_SS_AUTODISARM (1u << 31)
#define G_MINSIGSTKSZ 8192

/* struct rt_sigframe (no transactional memory, as Debian's kernel). */
#define UC_STACK 16
#define UC_SIGMASK 40
#define UC_MCONTEXT 168
#define MC_SIGNAL (UC_MCONTEXT + 32)
#define MC_HANDLER (UC_MCONTEXT + 40)
#define MC_OLDMASK (UC_MCONTEXT + 48)
#define MC_REGS (UC_MCONTEXT + 56)
#define MC_GP (UC_MCONTEXT + 64)
#define MC_FP (MC_GP + 48 * 8)
#define MC_VREGS (MC_FP + 33 * 8)
#define MC_VMX (MC_VREGS + 8)
#define UC_SIZE (MC_VMX + 101 * 8)          /* 1696 */
#define SF_TRAMP (UC_SIZE + 16)
#define SF_PINFO (SF_TRAMP + 7 * 4 + 4)
#define SF_PUC (SF_PINFO + 8)
#define SF_INFO (SF_PUC + 8)
#define SF_SIZE (SF_INFO + 128 + 512)       /* 2400 */
#define SIGNAL_FRAMESIZE 128
enum { PT_NIP = 32, PT_MSR, PT_ORIG_R3, PT_CTR, PT_LNK, PT_XER, PT_CCR, PT_SOFTE,
       PT_TRAP, PT_DAR, PT_DSISR, PT_RESULT, PT_DSCR };

static const uint32_t tramp_code[4] = {
    0x4e800421,   /* bctrl */
    0x38210000 | SIGNAL_FRAMESIZE,   /* addi r1,r1,__SIGNAL_FRAMESIZE */
    0x38000000 | 172,   /* li r0,__NR_rt_sigreturn */
    0x44000002,   /* sc */
};

static bool host_can(int sig)
{
    return sig >= 1 && sig <= USER_NSIG && sig != SIGKILL && sig != SIGSTOP &&
           !(BIT(sig) & HOST_RESERVED);
}

/* ---- host side ------------------------------------------------------ */

static void host_handler(int sig, siginfo_t *si, void *ucv)
{
    int saved = errno;
    struct user_thread *t = sig_cur;
    ucontext_t *uc = ucv;
    if ((BIT(sig) & SYNC_SIGS) && si->si_code > 0) {
        /* A fault of the runner itself: die of it. */
        static const char msg[] = "pseries-user: internal fault in the runner\n";
        ssize_t w = write(2, msg, sizeof(msg) - 1);
        (void)w;
        signal(sig, SIG_DFL);
        return;
    }
    if (!t) {
        errno = saved;
        return;
    }
    if (!(__atomic_load_n(&t->hpending, __ATOMIC_RELAXED) & BIT(sig))) {
        t->hinfo[sig] = *si;
        __atomic_fetch_or(&t->hpending, BIT(sig), __ATOMIC_SEQ_CST);
    }
    t->sig_pending = 1;
    if (t->cpu)
        t->cpu->stop = 1;
    /* No more host signals on this thread until it has looked at this
     * one (the synchronous ones stay open: a fault is a fault). */
    sigfillset(&uc->uc_sigmask);
    for (int s = 1; s <= USER_NSIG; s++)
        if (BIT(s) & SYNC_SIGS)
            sigdelset(&uc->uc_sigmask, s);
    user_safe_syscall_fixup(uc);
    errno = saved;
}

/* The host disposition that mirrors the guest's for sig. */
static void host_disposition(struct user_proc *p, int sig)
{
    if (!host_can(sig))
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    uint64_t h = p->sigact[sig].handler;
    if ((BIT(sig) & (SYNC_SIGS | CORE_SIGS)) || h > 1) {
        sa.sa_sigaction = host_handler;
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
        sigfillset(&sa.sa_mask);
    } else {
        sa.sa_handler = h == 1 ? SIG_IGN : SIG_DFL;
    }
    if (sig == SIGCHLD) {
        if (p->sigact[sig].flags & G_SA_NOCLDSTOP)
            sa.sa_flags |= SA_NOCLDSTOP;
        if (p->sigact[sig].flags & G_SA_NOCLDWAIT)
            sa.sa_flags |= SA_NOCLDWAIT;
    }
    sigaction(sig, &sa, NULL);
}

void user_signal_init(struct user_proc *p)
{
    sig_proc = p;
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (!host_can(sig))
            continue;
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            p->sigact[sig].handler = 1;
        host_disposition(p, sig);
    }
}

void user_signal_set_thread(struct user_thread *t)
{
    sig_cur = t;
}

static void host_set_from_guest(sigset_t *hs, uint64_t mask)
{
    sigemptyset(hs);
    for (int s = 1; s <= USER_NSIG; s++)
        if ((mask & BIT(s)) && !(BIT(s) & (SYNC_SIGS | HOST_RESERVED | UNBLOCKABLE)))
            sigaddset(hs, s);
}

void user_signal_apply_mask(struct user_thread *t)
{
    sigset_t hs;
    host_set_from_guest(&hs, t->blocked);
    pthread_sigmask(SIG_SETMASK, &hs, NULL);
}

static void host_block_all(void)
{
    sigset_t all;
    sigfillset(&all);
    for (int s = 1; s <= USER_NSIG; s++)
        if (BIT(s) & SYNC_SIGS)
            sigdelset(&all, s);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
}

/* ---- guest siginfo ----------------------------------------------------- */

static void swap_at(uint8_t *b, unsigned off, unsigned size)
{
    for (unsigned i = 0; i < size / 2; i++) {
        uint8_t x = b[off + i];
        b[off + i] = b[off + size - 1 - i];
        b[off + size - 1 - i] = x;
    }
}

void user_siginfo_to_guest(const struct user_proc *p, const siginfo_t *si, uint8_t out[128])
{
    /* The ppc64 layout is the x86-64/ppc64le one; byte order aside. */
    memset(out, 0, 128);
    memcpy(out, si, sizeof(*si) < 128 ? sizeof(*si) : 128);
    if (p->le)
        return;
    int sig = si->si_signo, code = si->si_code;
    swap_at(out, 0, 4);
    swap_at(out, 4, 4);
    swap_at(out, 8, 4);
    if ((BIT(sig) & SYNC_SIGS) && code > 0) {
        swap_at(out, 16, 8);              /* si_addr */
    } else if (sig == SIGCHLD && code > 0) {
        swap_at(out, 16, 4);              /* pid, uid, status, utime, stime */
        swap_at(out, 20, 4);
        swap_at(out, 24, 4);
        swap_at(out, 32, 8);
        swap_at(out, 40, 8);
    } else if (sig == SIGPOLL && code > 0) {
        swap_at(out, 16, 8);              /* band, fd */
        swap_at(out, 24, 4);
    } else if (sig == SIGSYS && code > 0) {
        swap_at(out, 16, 8);
        swap_at(out, 24, 4);
        swap_at(out, 28, 4);
    } else {
        swap_at(out, 16, 4);              /* pid/tid, uid/overrun, sigval */
        swap_at(out, 20, 4);
        swap_at(out, 24, 8);
    }
}

/* A guest siginfo as the host's (for rt_sigqueueinfo: the sender's
 * fields pid, uid and the value). */
static void siginfo_from_guest(const struct user_proc *p, const uint8_t in[128], siginfo_t *si)
{
    uint8_t b[128];
    memcpy(b, in, 128);
    if (!p->le) {
        swap_at(b, 0, 4);
        swap_at(b, 4, 4);
        swap_at(b, 8, 4);
        swap_at(b, 16, 4);
        swap_at(b, 20, 4);
        swap_at(b, 24, 8);
    }
    memset(si, 0, sizeof(*si));
    memcpy(si, b, sizeof(*si) < 128 ? sizeof(*si) : 128);
}

/* ---- queueing, dequeueing -------------------------------------------- */

static struct user_thread *find_thread(struct user_proc *p, int tid)
{
    for (struct user_thread *t = p->threads; t; t = t->next)
        if (t->tid == tid)
            return t;
    return NULL;
}

static void kick(struct user_thread *t)
{
    /* A thread asleep in a host call sees it when that call returns
     * (only guest signals 32 and 33 are queued this way). */
    t->sig_pending = 1;
    if (t->cpu)
        t->cpu->stop = 1;
}

int user_signal_queue(struct user_proc *p, int tid, const siginfo_t *si)
{
    int sig = si->si_signo;
    if (sig < 1 || sig > USER_NSIG)
        return -EINVAL;
    pthread_mutex_lock(&p->lock);
    struct user_thread *t = NULL;
    if (tid) {
        t = find_thread(p, tid);
        if (!t) {
            pthread_mutex_unlock(&p->lock);
            return -ESRCH;
        }
        if (!(t->qpending & BIT(sig))) {
            t->qinfo[sig] = *si;
            t->qpending |= BIT(sig);
        }
    } else {
        if (!(p->qpending & BIT(sig))) {
            p->qinfo[sig] = *si;
            p->qpending |= BIT(sig);
        }
        for (struct user_thread *u = p->threads; u; u = u->next)
            if (!(u->blocked & BIT(sig))) {
                t = u;
                break;
            }
    }
    if (t && !(t->blocked & BIT(sig)))
        kick(t);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

static uint64_t pending_set(struct user_thread *t)
{
    return __atomic_load_n(&t->hpending, __ATOMIC_SEQ_CST) | t->qpending | t->proc->qpending;
}

/* Take the next deliverable signal (synchronous ones first, then the
 * lowest number) out of the pending sets. */
static bool dequeue(struct user_thread *t, uint64_t want, int *sigp, siginfo_t *si)
{
    struct user_proc *p = t->proc;
    pthread_mutex_lock(&p->lock);
    uint64_t m = pending_set(t) & want;
    if (!m) {
        pthread_mutex_unlock(&p->lock);
        return false;
    }
    uint64_t pick = (m & SYNC_SIGS) ? (m & SYNC_SIGS) : m;
    int sig = __builtin_ctzll(pick) + 1;
    if (t->qpending & BIT(sig)) {
        *si = t->qinfo[sig];
        t->qpending &= ~BIT(sig);
    } else if (__atomic_load_n(&t->hpending, __ATOMIC_SEQ_CST) & BIT(sig)) {
        *si = t->hinfo[sig];
        __atomic_fetch_and(&t->hpending, ~BIT(sig), __ATOMIC_SEQ_CST);
    } else {
        *si = p->qinfo[sig];
        p->qpending &= ~BIT(sig);
    }
    pthread_mutex_unlock(&p->lock);
    *sigp = sig;
    return true;
}

/* Drop pending instances of sig everywhere (it became ignored). */
static void discard_pending(struct user_proc *p, int sig)
{
    p->qpending &= ~BIT(sig);
    for (struct user_thread *t = p->threads; t; t = t->next) {
        t->qpending &= ~BIT(sig);
        __atomic_fetch_and(&t->hpending, ~BIT(sig), __ATOMIC_SEQ_CST);
    }
}

/* ---- dying ---------------------------------------------------------- */

void user_die_by_signal(struct user_thread *t, int sig, const char *what)
{
    if (what && t && t->cpu) {
        struct ppc_cpu *cpu = t->cpu;
        fprintf(stderr, "pseries-user: %s at 0x%llx (insn 0x%08x)", what,
                (unsigned long long)cpu->exit_pc, cpu->exit_insn);
        if (cpu->exit_reason == PPC_EXIT_DATA_FAULT || cpu->exit_reason == PPC_EXIT_ALIGNMENT)
            fprintf(stderr, ", address 0x%llx", (unsigned long long)cpu->fault.ea);
        fprintf(stderr, "\n");
    }
    fflush(stdout);
    fflush(stderr);
    if (BIT(sig) & CORE_SIGS) {
        struct rlimit rl = { 0, 0 };
        setrlimit(RLIMIT_CORE, &rl);
    }
    if (host_can(sig) || sig == SIGKILL) {
        signal(sig, SIG_DFL);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, sig);
        pthread_sigmask(SIG_UNBLOCK, &s, NULL);
        syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), sig);
        kill(getpid(), sig);
    } else {
        /* 32/33 are the host C library's: die of SIGKILL's cousin. */
        fprintf(stderr, "pseries-user: killed by guest signal %d\n", sig);
    }
    _exit(128 + sig);
}

/* ---- frames ----------------------------------------------------------- */

static uint32_t sas_flags(const struct user_thread *t, uint64_t sp)
{
    if (!t->ss_size)
        return G_SS_DISABLE;
    if (t->ss_flags & G_SS_AUTODISARM)
        return 0;
    return (sp > t->ss_sp && sp - t->ss_sp <= t->ss_size) ? G_SS_ONSTACK : 0;
}

static void put_q(const struct user_proc *p, uint8_t *h, unsigned __int128 v)
{
    uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
    if (p->le) {
        user_st64(p, h, lo);
        user_st64(p, h + 8, hi);
    } else {
        user_st64(p, h, hi);
        user_st64(p, h + 8, lo);
    }
}

static unsigned __int128 get_q(const struct user_proc *p, const uint8_t *h)
{
    uint64_t a = user_ld64(p, h), b = user_ld64(p, h + 8);
    return p->le ? ((unsigned __int128)b << 64) | a : ((unsigned __int128)a << 64) | b;
}

static void restart_syscall(struct user_thread *t)
{
    t->cpu->pc -= 4;
    t->cpu->gpr[3] = t->orig_r3;
}

/* Build the frame and enter the handler; false if the frame could not
 * be written (the caller forces SIGSEGV). */
static bool setup_frame(struct user_thread *t, int sig, const siginfo_t *si,
                        const struct user_sigaction *act)
{
    struct user_proc *p = t->proc;
    struct ppc_cpu *cpu = t->cpu;
    uint64_t oldsp = cpu->gpr[1], sp = oldsp;
    if ((act->flags & G_SA_ONSTACK) && sas_flags(t, sp) == 0)
        sp = t->ss_sp + t->ss_size;
    uint64_t frame = (sp - SF_SIZE) & ~15ull;
    uint64_t newsp = frame - SIGNAL_FRAMESIZE;
    if (sp < SF_SIZE + SIGNAL_FRAMESIZE)
        return false;
    uint8_t *h = user_mem_ptr(&p->mem, newsp, SF_SIZE + SIGNAL_FRAMESIZE, UP_W);
    if (!h)
        return false;
    uint64_t entry = act->handler, toc = 0;
    if (p->abi == 1) {
        const uint8_t *d = user_mem_ptr(&p->mem, act->handler, 16, UP_R);
        if (!d)
            return false;
        entry = user_ld64(p, d);
        toc = user_ld64(p, d + 8);
    }
    if (t->restart) {
        if (t->restart == USER_ERESTARTNOINTR ||
            (t->restart == USER_ERESTARTSYS && (act->flags & G_SA_RESTART)))
            restart_syscall(t);
        t->restart = 0;
    }
    uint8_t *f = h + SIGNAL_FRAMESIZE;
    memset(f, 0, SF_SIZE);
    /* ucontext */
    user_st64(p, f + UC_STACK, t->ss_sp);
    user_st32(p, f + UC_STACK + 8, t->ss_size ? t->ss_flags : G_SS_DISABLE);
    user_st64(p, f + UC_STACK + 16, t->ss_size);
    user_st64(p, f + UC_SIGMASK, t->have_saved_mask ? t->saved_mask : t->blocked);
    user_st32(p, f + MC_SIGNAL, (uint32_t)sig);
    user_st64(p, f + MC_HANDLER, act->handler);
    user_st64(p, f + MC_REGS, frame + MC_GP);
    uint8_t *gp = f + MC_GP;
    for (int i = 0; i < 32; i++)
        user_st64(p, gp + 8 * i, cpu->gpr[i]);
    user_st64(p, gp + 8 * PT_NIP, cpu->pc);
    user_st64(p, gp + 8 * PT_MSR, cpu->msr | PPC_MSR_VEC | PPC_MSR_VSX);
    user_st64(p, gp + 8 * PT_ORIG_R3, t->orig_r3);
    user_st64(p, gp + 8 * PT_CTR, cpu->ctr);
    user_st64(p, gp + 8 * PT_LNK, cpu->lr);
    user_st64(p, gp + 8 * PT_XER, ppc_xer_read(cpu));
    user_st64(p, gp + 8 * PT_CCR, cpu->cr);
    user_st64(p, gp + 8 * PT_SOFTE, 1);
    user_st64(p, gp + 8 * PT_TRAP, t->trap);
    if ((BIT(sig) & SYNC_SIGS) && si->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS))
        user_st64(p, gp + 8 * PT_DAR, (uint64_t)(uintptr_t)si->si_addr);
    user_st64(p, gp + 8 * PT_DSCR, cpu->dscr);
    uint8_t *fp = f + MC_FP;
    for (int i = 0; i < 32; i++)
        user_st64(p, fp + 8 * i, PPC_FPR(cpu, i));
    user_st64(p, fp + 8 * 32, ((uint64_t)cpu->fpscr_hi << 32) | cpu->fpscr);
    uint64_t vregs = (frame + MC_VMX + 15) & ~15ull;
    uint8_t *v = f + (vregs - frame);
    user_st64(p, f + MC_VREGS, vregs);
    for (int i = 0; i < 32; i++)
        put_q(p, v + 16 * i, PPC_VR(cpu, i).q);
    put_q(p, v + 16 * 32, cpu->vscr);
    user_st32(p, v + 16 * 33, cpu->vrsave);
    for (int i = 0; i < 32; i++)
        user_st64(p, v + 16 * 34 + 8 * i, PPC_VSR_DW(cpu->vsr[i], 1));
    for (int i = 0; i < 4; i++)
        user_st32(p, f + SF_TRAMP + 4 * i, tramp_code[i]);
    user_st64(p, f + SF_PINFO, frame + SF_INFO);
    user_st64(p, f + SF_PUC, frame);
    user_siginfo_to_guest(p, si, f + SF_INFO);
    /* The dummy caller frame's back chain. */
    user_st64(p, h, oldsp);

    /* Enter the handler through the trampoline. */
    cpu->ctr = entry;
    if (p->abi == 1)
        cpu->gpr[2] = toc;
    else
        cpu->gpr[12] = entry;
    cpu->pc = USER_SIGTRAMP;
    cpu->msr = p->le ? (cpu->msr | PPC_MSR_LE) : (cpu->msr & ~PPC_MSR_LE);
    cpu->gpr[1] = newsp;
    cpu->gpr[3] = (uint64_t)sig;
    if (act->flags & G_SA_SIGINFO) {
        cpu->gpr[4] = frame + SF_INFO;
        cpu->gpr[5] = frame;
        cpu->gpr[6] = frame;
    } else {
        cpu->gpr[4] = frame + UC_MCONTEXT;
    }
    cpu->fpscr = 0;
    cpu->fpscr_hi = 0;
    cpu->resv.ea = PPC_RESV_NONE;

    /* signal_delivered() */
    t->have_saved_mask = false;
    t->blocked |= act->mask;
    if (!(act->flags & G_SA_NODEFER))
        t->blocked |= BIT(sig);
    t->blocked &= ~UNBLOCKABLE;
    if (t->ss_flags & G_SS_AUTODISARM) {
        t->ss_sp = 0;
        t->ss_size = 0;
        t->ss_flags = G_SS_DISABLE;
    }
    return true;
}

/* Handle one dequeued signal: a frame (true), ignored, or death. */
static bool handle_one(struct user_thread *t, int sig, const siginfo_t *si)
{
    struct user_proc *p = t->proc;
    pthread_mutex_lock(&p->lock);
    struct user_sigaction act = p->sigact[sig];
    if (act.handler > 1 && (act.flags & G_SA_RESETHAND)) {
        p->sigact[sig].handler = 0;
        host_disposition(p, sig);
    }
    pthread_mutex_unlock(&p->lock);
    if (act.handler == 1)
        return false;
    if (act.handler == 0) {
        if (BIT(sig) & IGNORE_SIGS)
            return false;
        if (BIT(sig) & STOP_SIGS) {
            kill(getpid(), SIGSTOP);
            return false;
        }
        user_die_by_signal(t, sig, NULL);
    }
    if (setup_frame(t, sig, si, &act))
        return true;
    /* force_sigsegv(): a second failure kills. */
    if (sig == SIGSEGV)
        user_die_by_signal(t, SIGSEGV, NULL);
    pthread_mutex_lock(&p->lock);
    p->sigact[SIGSEGV].handler = 0;
    t->blocked &= ~BIT(SIGSEGV);
    siginfo_t fs;
    memset(&fs, 0, sizeof(fs));
    fs.si_signo = SIGSEGV;
    fs.si_code = SI_KERNEL;
    t->qinfo[SIGSEGV] = fs;
    t->qpending |= BIT(SIGSEGV);
    pthread_mutex_unlock(&p->lock);
    return false;
}

void user_signal_process(struct user_thread *t)
{
    host_block_all();
    t->sig_pending = 0;
    int sig;
    siginfo_t si;
    while (dequeue(t, ~t->blocked, &sig, &si))
        handle_one(t, sig, &si);
    if (t->restart) {
        /* No handler ran: the interrupted call starts again. */
        restart_syscall(t);
        t->restart = 0;
    }
    if (t->have_saved_mask) {
        t->blocked = t->saved_mask;
        t->have_saved_mask = false;
    }
    user_signal_apply_mask(t);
}

void user_signal_sync(struct user_thread *t, int sig, int code, uint64_t addr)
{
    struct user_proc *p = t->proc;
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    si.si_signo = sig;
    si.si_code = code;
    si.si_addr = (void *)(uintptr_t)addr;
    pthread_mutex_lock(&p->lock);
    bool blocked = t->blocked & BIT(sig), ignored = p->sigact[sig].handler == 1;
    if (blocked || ignored) {
        p->sigact[sig].handler = 0;
        host_disposition(p, sig);
        t->blocked &= ~BIT(sig);
    }
    bool dfl = p->sigact[sig].handler == 0;
    pthread_mutex_unlock(&p->lock);
    if (dfl) {
        const char *what = sig == SIGSEGV ? "segmentation fault" :
                           sig == SIGBUS ? "bus error" :
                           sig == SIGILL ? "illegal instruction" :
                           sig == SIGFPE ? "floating-point exception" :
                           sig == SIGTRAP ? "trap" : "fatal signal";
        user_die_by_signal(t, sig, what);
    }
    pthread_mutex_lock(&p->lock);
    t->qinfo[sig] = si;
    t->qpending |= BIT(sig);
    pthread_mutex_unlock(&p->lock);
    user_signal_process(t);
}

/* ---- system calls ---------------------------------------------------- */

int64_t user_sys_rt_sigaction(struct user_thread *t, uint64_t sig, uint64_t act,
                              uint64_t oact, uint64_t size)
{
    struct user_proc *p = t->proc;
    if (size != 8)
        return -EINVAL;
    if (sig < 1 || sig > USER_NSIG || (act && (BIT(sig) & UNBLOCKABLE)))
        return -EINVAL;
    struct user_sigaction n;
    if (act) {
        const uint8_t *a = user_mem_ptr(&p->mem, act, 32, UP_R);
        if (!a)
            return -EFAULT;
        n.handler = user_ld64(p, a);
        n.flags = user_ld64(p, a + 8);
        n.restorer = user_ld64(p, a + 16);
        n.mask = user_ld64(p, a + 24) & ~UNBLOCKABLE;
    }
    uint8_t *o = NULL;
    if (oact && !(o = user_mem_ptr(&p->mem, oact, 32, UP_W)))
        return -EFAULT;
    pthread_mutex_lock(&p->lock);
    if (o) {
        const struct user_sigaction *c = &p->sigact[sig];
        user_st64(p, o, c->handler);
        user_st64(p, o + 8, c->flags);
        user_st64(p, o + 16, c->restorer);
        user_st64(p, o + 24, c->mask);
    }
    if (act) {
        p->sigact[sig] = n;
        host_disposition(p, (int)sig);
        if (n.handler == 1 || (n.handler == 0 && (BIT(sig) & IGNORE_SIGS)))
            discard_pending(p, (int)sig);
    }
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int64_t user_sys_rt_sigprocmask(struct user_thread *t, uint64_t how, uint64_t set,
                                uint64_t oset, uint64_t size)
{
    struct user_proc *p = t->proc;
    if (size != 8)
        return -EINVAL;
    uint64_t m = 0;
    if (set) {
        const uint8_t *s = user_mem_ptr(&p->mem, set, 8, UP_R);
        if (!s)
            return -EFAULT;
        m = user_ld64(p, s);
        if (how > 2)
            return -EINVAL;
    }
    if (oset) {
        uint8_t *o = user_mem_ptr(&p->mem, oset, 8, UP_W);
        if (!o)
            return -EFAULT;
        user_st64(p, o, t->blocked);
    }
    if (set) {
        uint64_t b = how == 0 ? (t->blocked | m) : how == 1 ? (t->blocked & ~m) : m;
        t->blocked = b & ~UNBLOCKABLE;
        user_signal_apply_mask(t);
        if (pending_set(t) & ~t->blocked)
            t->sig_pending = 1;
    }
    return 0;
}

static int64_t do_sigaltstack(struct user_thread *t, bool have_new, uint64_t nsp,
                              uint32_t nflags, uint64_t nsize, uint64_t sp)
{
    if (!have_new)
        return 0;
    if (sas_flags(t, sp) == G_SS_ONSTACK)
        return -EPERM;
    uint32_t mode = nflags & ~G_SS_AUTODISARM;
    if (mode != G_SS_DISABLE && mode != G_SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == G_SS_DISABLE) {
        nsize = 0;
        nsp = 0;
    } else if (nsize < G_MINSIGSTKSZ) {
        return -ENOMEM;
    }
    t->ss_sp = nsp;
    t->ss_size = nsize;
    t->ss_flags = nflags;
    return 0;
}

int64_t user_sys_sigaltstack(struct user_thread *t, uint64_t ss, uint64_t oss)
{
    struct user_proc *p = t->proc;
    uint64_t sp = t->cpu->gpr[1];
    uint64_t nsp = 0, nsize = 0;
    uint32_t nflags = 0;
    if (ss) {
        const uint8_t *s = user_mem_ptr(&p->mem, ss, 24, UP_R);
        if (!s)
            return -EFAULT;
        nsp = user_ld64(p, s);
        nflags = user_ld32(p, s + 8);
        nsize = user_ld64(p, s + 16);
    }
    uint64_t osp = t->ss_sp, osize = t->ss_size;
    uint32_t oflags = sas_flags(t, sp) | (t->ss_flags & G_SS_AUTODISARM);
    int64_t r = do_sigaltstack(t, ss != 0, nsp, nflags, nsize, sp);
    if (r == 0 && oss) {
        uint8_t *o = user_mem_ptr(&p->mem, oss, 24, UP_W);
        if (!o)
            return -EFAULT;
        memset(o, 0, 24);
        user_st64(p, o, osp);
        user_st32(p, o + 8, oflags);
        user_st64(p, o + 16, osize);
    }
    return r;
}

int64_t user_sys_rt_sigreturn(struct user_thread *t)
{
    struct user_proc *p = t->proc;
    struct ppc_cpu *cpu = t->cpu;
    uint64_t uc = cpu->gpr[1];
    const uint8_t *f = user_mem_ptr(&p->mem, uc, UC_SIZE, UP_R);
    if (!f)
        goto bad;
    const uint8_t *gp = f + MC_GP, *fp = f + MC_FP;
    uint64_t msr = user_ld64(p, gp + 8 * PT_MSR);
    uint64_t vregs = user_ld64(p, f + MC_VREGS);
    const uint8_t *v = NULL;
    if (vregs && !(v = user_mem_ptr(&p->mem, vregs, 34 * 16 + 32 * 8, UP_R)))
        goto bad;
    t->blocked = user_ld64(p, f + UC_SIGMASK) & ~UNBLOCKABLE;
    for (int i = 0; i < 32; i++)
        cpu->gpr[i] = user_ld64(p, gp + 8 * i);
    cpu->pc = user_ld64(p, gp + 8 * PT_NIP);
    cpu->msr = (cpu->msr & ~PPC_MSR_LE) | (msr & PPC_MSR_LE);
    cpu->ctr = user_ld64(p, gp + 8 * PT_CTR);
    cpu->lr = user_ld64(p, gp + 8 * PT_LNK);
    ppc_xer_write(cpu, user_ld64(p, gp + 8 * PT_XER));
    cpu->cr = (uint32_t)user_ld64(p, gp + 8 * PT_CCR);
    for (int i = 0; i < 32; i++)
        PPC_FPR(cpu, i) = user_ld64(p, fp + 8 * i);
    uint64_t fpscr = user_ld64(p, fp + 8 * 32);
    cpu->fpscr_hi = (uint32_t)(fpscr >> 32);
    cpu->fpscr = (uint32_t)fpscr;
    if (v && (msr & PPC_MSR_VEC)) {
        for (int i = 0; i < 32; i++)
            PPC_VR(cpu, i).q = get_q(p, v + 16 * i);
        cpu->vscr = (uint32_t)get_q(p, v + 16 * 32) & 0x10001;
    } else {
        for (int i = 0; i < 32; i++)
            PPC_VR(cpu, i).q = 0;
    }
    cpu->vrsave = v ? user_ld32(p, v + 16 * 33) : 0;
    for (int i = 0; i < 32; i++)
        PPC_VSR_DW(cpu->vsr[i], 1) = (v && (msr & PPC_MSR_VSX)) ?
                                     user_ld64(p, v + 16 * 34 + 8 * i) : 0;
    cpu->resv.ea = PPC_RESV_NONE;
    /* restore_altstack(), errors other than faults ignored */
    do_sigaltstack(t, true, user_ld64(p, f + UC_STACK), user_ld32(p, f + UC_STACK + 8),
                   user_ld64(p, f + UC_STACK + 16), cpu->gpr[1]);
    t->restart = 0;
    user_signal_apply_mask(t);
    if (pending_set(t) & ~t->blocked)
        t->sig_pending = 1;
    return 0;
bad:
    user_signal_sync(t, SIGSEGV, SI_KERNEL, 0);
    return 0;
}

int64_t user_sys_rt_sigsuspend(struct user_thread *t, uint64_t set, uint64_t size)
{
    struct user_proc *p = t->proc;
    if (size != 8)
        return -EINVAL;
    const uint8_t *s = user_mem_ptr(&p->mem, set, 8, UP_R);
    if (!s)
        return -EFAULT;
    sigset_t hs;
    user_signal_temp_mask(t, user_ld64(p, s), &hs);
    user_safe_syscall(t, SYS_rt_sigsuspend, (long)&hs, 8, 0, 0, 0, 0);
    return -USER_ERESTARTNOHAND;
}

int user_signal_temp_mask(struct user_thread *t, uint64_t mask, sigset_t *host)
{
    t->saved_mask = t->blocked;
    t->have_saved_mask = true;
    t->blocked = mask & ~UNBLOCKABLE;
    host_set_from_guest(host, t->blocked);
    if (pending_set(t) & ~t->blocked)
        t->sig_pending = 1;
    return 0;
}

void user_signal_temp_mask_done(struct user_thread *t)
{
    if (t->have_saved_mask) {
        t->blocked = t->saved_mask;
        t->have_saved_mask = false;
    }
}

int64_t user_sys_rt_sigpending(struct user_thread *t, uint64_t set, uint64_t size)
{
    struct user_proc *p = t->proc;
    if (size > 8)
        return -EINVAL;
    uint8_t *o = user_mem_ptr(&p->mem, set, 8, UP_W);
    if (!o)
        return -EFAULT;
    sigset_t hs;
    uint64_t m = pending_set(t);
    if (sigpending(&hs) == 0)
        for (int s = 1; s <= USER_NSIG; s++)
            if (sigismember(&hs, s) == 1)
                m |= BIT(s);
    user_st64(p, o, m & t->blocked);
    return 0;
}

int64_t user_sys_rt_sigtimedwait(struct user_thread *t, uint64_t set, uint64_t info,
                                 uint64_t ts, uint64_t size)
{
    struct user_proc *p = t->proc;
    if (size != 8)
        return -EINVAL;
    const uint8_t *s = user_mem_ptr(&p->mem, set, 8, UP_R);
    if (!s)
        return -EFAULT;
    uint64_t want = user_ld64(p, s) & ~UNBLOCKABLE;
    struct timespec hts, *pts = NULL;
    if (ts) {
        const uint8_t *g = user_mem_ptr(&p->mem, ts, 16, UP_R);
        if (!g)
            return -EFAULT;
        hts.tv_sec = (time_t)user_ld64(p, g);
        hts.tv_nsec = (long)user_ld64(p, g + 8);
        pts = &hts;
    }
    uint8_t *gi = NULL;
    if (info && !(gi = user_mem_ptr(&p->mem, info, 128, UP_W)))
        return -EFAULT;
    int sig;
    siginfo_t si;
    if (!dequeue(t, want, &sig, &si)) {
        sigset_t hs;
        host_set_from_guest(&hs, want);
        long r = user_safe_syscall(t, SYS_rt_sigtimedwait, (long)&hs, (long)&si,
                                   (long)pts, 8, 0, 0);
        if (r == -USER_ERESTARTSYS)
            r = -EINTR;
        if (r < 0)
            return r;
        sig = (int)r;
    }
    if (gi)
        user_siginfo_to_guest(p, &si, gi);
    return sig;
}

int64_t user_sys_kill(struct user_thread *t, int64_t pid, int sig)
{
    if (sig < 0 || sig > USER_NSIG)
        return -EINVAL;
    if ((BIT(sig) & HOST_RESERVED) && sig && (pid == getpid() || pid == 0)) {
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        si.si_signo = sig;
        si.si_code = SI_USER;
        si.si_pid = getpid();
        si.si_uid = getuid();
        return user_signal_queue(t->proc, 0, &si);
    }
    return kill((pid_t)pid, sig) < 0 ? -errno : 0;
}

int64_t user_sys_tgkill(struct user_thread *t, int64_t tgid, int64_t tid, int sig)
{
    if (sig < 0 || sig > USER_NSIG || tid <= 0)
        return -EINVAL;
    if ((BIT(sig) & HOST_RESERVED) && sig && (tgid < 0 || tgid == getpid())) {
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        si.si_signo = sig;
        si.si_code = SI_TKILL;
        si.si_pid = getpid();
        si.si_uid = getuid();
        return user_signal_queue(t->proc, (int)tid, &si);
    }
    long r = tgid < 0 ? syscall(SYS_tkill, (int)tid, sig)
                      : syscall(SYS_tgkill, (int)tgid, (int)tid, sig);
    return r < 0 ? -errno : 0;
}

int64_t user_sys_rt_sigqueueinfo(struct user_thread *t, int64_t tgid, int64_t tid, int sig,
                                 uint64_t uinfo)
{
    struct user_proc *p = t->proc;
    if (sig < 0 || sig > USER_NSIG)
        return -EINVAL;
    const uint8_t *g = user_mem_ptr(&p->mem, uinfo, 128, UP_R);
    if (!g)
        return -EFAULT;
    siginfo_t si;
    siginfo_from_guest(p, g, &si);
    si.si_signo = sig;
    /* Like Linux: a process may not pretend to be the kernel or kill(). */
    if ((si.si_code >= 0 || si.si_code == SI_TKILL) && tgid != getpid())
        return -EPERM;
    /* Reserved numbers, and fault codes of the synchronous signals (which
     * the host handler takes for faults of the runner) stay inside. */
    if (sig && tgid == getpid() &&
        ((BIT(sig) & HOST_RESERVED) || ((BIT(sig) & SYNC_SIGS) && si.si_code > 0)))
        return user_signal_queue(p, tid > 0 ? (int)tid : 0, &si);
    long r = tid > 0 ? syscall(SYS_rt_tgsigqueueinfo, (int)tgid, (int)tid, sig, &si)
                     : syscall(SYS_rt_sigqueueinfo, (int)tgid, sig, &si);
    return r < 0 ? -errno : 0;
}
