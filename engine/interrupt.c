/* engine/interrupt.c: interrupt delivery in system mode (Power ISA 3.0B
 * Book III chapter 7): which interrupt an exception of an instruction
 * becomes, SRR0/SRR1, the new MSR (LE from LPCR[ILE], SF=1, ME and HV
 * kept, translation and the rest off), the vector with LPCR[AIL]
 * relocation, scv, asynchronous interrupts (external, decrementer,
 * doorbell, performance monitor, system reset) taken between blocks, and
 * the system-mode set-up calls. See interrupt.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "block.h"
#include "exec.h"
#include "interrupt.h"
#include "mem.h"

#define POLL_BLOCKS 256

/* Soft-TLB mode bits (cpu.h PPC_TLB_MODE_MASK): an entry is used only in
 * the MSR[PR/IR/DR/HV] state and with the AMR value it was made with
 * (translations and permissions depend on nothing else that changes
 * without an invalidation). */
#define TLB_MODE_AMR_SHIFT 5
#define TLB_MODE_AMR_MASK (3ull << TLB_MODE_AMR_SHIFT)
_Static_assert(PPC_AMR_SLOTS <= 4, "AMR slot in two tag bits");

static void tlb_mode_update(struct ppc_cpu *cpu)
{
    uint64_t m = cpu->msr;
    cpu->tlb_mode = ((m & PPC_MSR_PR) ? 2u : 0u) | ((m & PPC_MSR_IR) ? 4u : 0u) |
                    ((m & PPC_MSR_DR) ? 8u : 0u) | ((m & PPC_MSR_HV) ? 16u : 0u) |
                    ((uint64_t)cpu->sys->amr_slot << TLB_MODE_AMR_SHIFT);
}

static int sys_random(void *opaque, void *buf, size_t len)
{
    (void)opaque;
    uint8_t *p = buf;
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static uint64_t sys_read_tb(void *opaque, struct ppc_cpu *cpu)
{
    (void)opaque;
    return ppc_sys_read_tb(cpu);
}

static const struct ppc_env_ops sys_env = {
    .translate = ppc_sys_translate,
    .read_tb = sys_read_tb,
    .random = sys_random,
};

int ppc_sys_enable(struct ppc_cpu *cpu, const struct ppc_sys_config *cfg,
                   bool le)
{
    struct ppc_sys *s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->pir = cfg->pir;
    s->pvr = cfg->pvr ? cfg->pvr : cpu->model->pvr;
    s->ram.base = cfg->ram;
    s->ram.size = cfg->ram ? cfg->ram_size : 0;
    s->rma_size = cfg->rma_size;
    s->dec_val = 0x7fffffff;
    s->pmu.mmcr0 = PPC_MMCR0_FC;   /* counters frozen at reset */
    s->poll = POLL_BLOCKS;
    mmu_slb_init(&s->slb, MMU_SLB_DEFAULT);
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        return -ENOMEM;
    }
    if (pthread_cond_init(&s->wake, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return -ENOMEM;
    }
    if (ppc_xqueue_init(&s->xq) != 0) {
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return -ENOMEM;
    }
    s->mmio = cfg->mmio;
    s->mmio_opaque = cfg->mmio_opaque;
    for (unsigned i = 0; i < PPC_CTC_SIZE; i++)
        s->ctc[i].tag = PPC_TLB_INVALID;
    ppc_partition_remove_cpu(cpu);
    ppc_sys_free(cpu->sys);
    cpu->sys = s;
    cpu->env = &sys_env;
    cpu->env_opaque = NULL;
    cpu->msr = PPC_MSR_SF | PPC_MSR_ME | (le ? PPC_MSR_LE : 0);
    cpu->pc = 0;
    s->amr_n = 1;            /* slot 0: AMR 0 */
    tlb_mode_update(cpu);
    s->dec_tb = ppc_sys_read_tb(cpu);
    ppc_sys_flush_translations(cpu);
    ppc_blocks_flush(cpu);
    return 0;
}

void ppc_sys_free(struct ppc_sys *sys)
{
    if (!sys)
        return;
    ppc_xqueue_destroy(&sys->xq);
    pthread_cond_destroy(&sys->wake);
    pthread_mutex_destroy(&sys->lock);
    free(sys);
}

void ppc_sys_set_msr(struct ppc_cpu *cpu, uint64_t msr)
{
    uint64_t old = cpu->msr;
    cpu->msr = msr;
    if ((old ^ msr) & (PPC_MSR_IR | PPC_MSR_DR | PPC_MSR_PR | PPC_MSR_HV))
        tlb_mode_update(cpu);
    /* Counting may depend on MSR[PR] and MSR[PMM] (bit 61). */
    if (cpu->sys->pmu.armed && ((old ^ msr) & (PPC_MSR_PR | (1ull << 2))))
        ppc_pmu_msr_changed(cpu, old);
}

void ppc_sys_set_amr(struct ppc_cpu *cpu, uint64_t amr)
{
    struct ppc_sys *s = cpu->sys;
    unsigned i = 0;
    s->amr = amr;
    while (i < s->amr_n && s->amr_val[i] != amr)
        i++;
    if (i == s->amr_n) {
        if (s->amr_n < PPC_AMR_SLOTS) {
            s->amr_n++;
        } else {
            /* Reuse a slot: its entries were made under another AMR. */
            i = s->amr_victim;
            s->amr_victim = (uint8_t)((i + 1) % PPC_AMR_SLOTS);
            uint64_t bits = (uint64_t)i << TLB_MODE_AMR_SHIFT;
            for (unsigned a = 0; a < 3; a++)
                for (unsigned k = 0; k < PPC_TLB_SIZE; k++) {
                    struct ppc_tlb_entry *e = &cpu->tlb[a][k];
                    if (e->tag != PPC_TLB_INVALID &&
                        (e->tag & TLB_MODE_AMR_MASK) == bits)
                        e->tag = PPC_TLB_INVALID;
                }
        }
        s->amr_val[i] = amr;
    }
    s->amr_slot = (uint8_t)i;
    tlb_mode_update(cpu);
}

void ppc_sys_deliver(struct ppc_cpu *cpu, uint64_t srr0, unsigned vector,
                     uint64_t srr1_bits)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t msr = cpu->msr;
    s->irqs++;
    s->srr0 = srr0;
    s->srr1 = (msr & ~PPC_SRR1_CAUSE_MASK) | srr1_bits;
    /* 7.5: SF=1, HV and ME unchanged (ME cleared by machine check), LE
     * from LPCR[ILE], everything else 0. */
    uint64_t nmsr = (msr & (PPC_MSR_HV | PPC_MSR_ME)) | PPC_MSR_SF |
                    ((s->lpcr & PPC_LPCR_ILE) ? PPC_MSR_LE : 0);
    if (vector == PPC_VEC_MCHECK)
        nmsr &= ~PPC_MSR_ME;
    /* 7.4 / LPCR[AIL]: with translation on (IR=DR=1), interrupts other
     * than system reset and machine check go to a relocated vector with
     * IR and DR set. */
    uint64_t base = 0;
    unsigned ail = (unsigned)((s->lpcr & PPC_LPCR_AIL) >> 23);
    if (ail >= 2 && (msr & PPC_MSR_IR) && (msr & PPC_MSR_DR) &&
        vector != PPC_VEC_SRESET && vector != PPC_VEC_MCHECK) {
        nmsr |= PPC_MSR_IR | PPC_MSR_DR;
        base = ail == 3 ? 0xc000000000004000ull : 0x18000ull;
    }
    cpu->resv.ea = PPC_RESV_NONE;
    ppc_sys_set_msr(cpu, nmsr);
    cpu->pc = base + vector;
}

/* System Call Vectored (7.5.19 in 3.0B): LR = next instruction, CTR =
 * the MSR (cause bits 0), EE and RI kept; vector 0x17000 + 32*LEV. AIL
 * relocates it differently from the other interrupts (Book III 7.3,
 * "interrupt vectors with relocation"): AIL=3 replaces the 0x17000 base
 * with 0xC000_0000_0000_3000 (where Linux puts system_call_vectored),
 * AIL=2 changes only the MSR. */
static void deliver_scv(struct ppc_cpu *cpu, uint64_t next, unsigned lev)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t msr = cpu->msr;
    s->irqs++;
    cpu->lr = next;
    cpu->ctr = msr & ~PPC_SRR1_CAUSE_MASK;
    uint64_t nmsr = (msr & (PPC_MSR_HV | PPC_MSR_ME | PPC_MSR_EE |
                            PPC_MSR_RI)) | PPC_MSR_SF |
                    ((s->lpcr & PPC_LPCR_ILE) ? PPC_MSR_LE : 0);
    uint64_t base = 0;
    unsigned ail = (unsigned)((s->lpcr & PPC_LPCR_AIL) >> 23);
    if (ail >= 2 && (msr & PPC_MSR_IR) && (msr & PPC_MSR_DR)) {
        nmsr |= PPC_MSR_IR | PPC_MSR_DR;
        base = ail == 3 ? 0xc000000000003000ull : PPC_VEC_SCV;
    } else {
        base = PPC_VEC_SCV;
    }
    cpu->resv.ea = PPC_RESV_NONE;
    ppc_sys_set_msr(cpu, nmsr);
    cpu->pc = base + 32ull * (lev & 0x7f);
}

static void facility_unavailable(struct ppc_cpu *cpu, uint64_t pc,
                                 unsigned cause)
{
    struct ppc_sys *s = cpu->sys;
    s->fscr = (s->fscr & ~(0xffull << PPC_FSCR_IC_SHIFT)) |
              ((uint64_t)cause << PPC_FSCR_IC_SHIFT);
    ppc_sys_deliver(cpu, pc, PPC_VEC_FAC, 0);
}

int ppc_sys_facility_unavailable(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                                 unsigned cause)
{
    facility_unavailable(cpu, d->pc, cause);
    return PPC_ST_JUMP;
}

int ppc_sys_raise(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int why,
                  uint32_t arg)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t pc = d->pc;
    uint64_t next = ppc_ea(cpu, d->pc + d->len);
    uint64_t pfx = (d->len == 8) ? PPC_SRR1_PREFIXED : 0;
    switch (why) {
    case PPC_EXIT_SYSCALL:
        ppc_sys_deliver(cpu, next, PPC_VEC_SC, 0);
        break;
    case PPC_EXIT_SCV:
        if (!(s->fscr & PPC_FSCR_SCV))
            facility_unavailable(cpu, pc, PPC_FSCR_IC_SCV);
        else
            deliver_scv(cpu, next, arg);
        break;
    case PPC_EXIT_TRAP:
        ppc_sys_deliver(cpu, pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_TRAP | pfx);
        break;
    case PPC_EXIT_ILLEGAL:
        ppc_sys_deliver(cpu, pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_ILL | pfx);
        break;
    case PPC_EXIT_PRIVILEGED:
        ppc_sys_deliver(cpu, pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_PRIV | pfx);
        break;
    case PPC_EXIT_FP_ENABLED:
        ppc_sys_deliver(cpu, pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_FP | pfx);
        break;
    case PPC_EXIT_FP_UNAVAIL:
        ppc_sys_deliver(cpu, pc, PPC_VEC_FPU, pfx);
        break;
    case PPC_EXIT_VEC_UNAVAIL:
        ppc_sys_deliver(cpu, pc, PPC_VEC_VMX, pfx);
        break;
    case PPC_EXIT_VSX_UNAVAIL:
        ppc_sys_deliver(cpu, pc, PPC_VEC_VSX, pfx);
        break;
    case PPC_EXIT_ALIGNMENT:
        s->dar = cpu->fault.ea;
        ppc_sys_deliver(cpu, pc, PPC_VEC_ALIGN, pfx);
        break;
    case PPC_EXIT_DATA_FAULT:
        /* MMIO nobody answered (-EIO): machine check, SRR1[42] (a load
         * or store), DAR = the EA. */
        if (cpu->fault.err == -EIO) {
            s->dar = cpu->fault.ea;
            ppc_sys_deliver(cpu, pc, PPC_VEC_MCHECK, PPC_SRR1_MC_LOADSTORE | pfx);
            break;
        }
        /* Only faults the MMU reported (-EFAULT with s->mfault); a
         * guest physical address outside RAM stays an exit. */
        if (cpu->fault.err != -EFAULT)
            return why;
        if (s->mfault.exc == MMU_EXC_DSI) {
            s->dar = cpu->fault.ea;
            s->dsisr = s->mfault.dsisr;
            ppc_sys_deliver(cpu, pc, PPC_VEC_DSI, pfx);
        } else if (s->mfault.exc == MMU_EXC_DSEG) {
            s->dar = cpu->fault.ea;
            ppc_sys_deliver(cpu, pc, PPC_VEC_DSEG, pfx);
        } else {
            return why;
        }
        break;
    case PPC_EXIT_INSN_FAULT:
        if (cpu->fault.err == -EIO) {    /* fetch from MMIO */
            ppc_sys_deliver(cpu, cpu->fault.ea, PPC_VEC_MCHECK, 0);
            break;
        }
        if (cpu->fault.err != -EFAULT)
            return why;
        if (s->mfault.exc == MMU_EXC_ISI)
            ppc_sys_deliver(cpu, cpu->fault.ea, PPC_VEC_ISI, s->mfault.srr1);
        else if (s->mfault.exc == MMU_EXC_ISEG)
            ppc_sys_deliver(cpu, cpu->fault.ea, PPC_VEC_ISEG, 0);
        else
            return why;
        break;
    default:
        return why;   /* hypercall, halt, budget, unimplemented */
    }
    return PPC_ST_JUMP;
}

bool ppc_sys_check_irq(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    bool work = false;
    if (s->poll == 0) {
        ppc_sys_dec_update(cpu);
        if (s->pmu.armed)
            ppc_pmu_poll(cpu);
    }
    uint32_t p = __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE);
    if (p & PPC_IRQ_WORK) {
        ppc_smp_do_work(cpu);
        work = true;
        p = __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) & ~PPC_IRQ_WORK;
    }
    if (!p)
        return work;
    if (p & PPC_IRQ_SRESET) {
        __atomic_fetch_and(&s->pending, ~PPC_IRQ_SRESET, __ATOMIC_ACQ_REL);
        /* SRR1 bits 42:45 = 0b0100: system reset requested. */
        ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_SRESET, 1ull << 19);
        return true;
    }
    if (!(cpu->msr & PPC_MSR_EE))
        return work;
    if (p & PPC_IRQ_EXT) {
        ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_EXT, 0);
    } else if (p & PPC_IRQ_DEC) {
        /* Level: stays pending while DEC is negative (mtdec clears). */
        ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_DEC, 0);
    } else if (p & PPC_IRQ_DBELL) {
        __atomic_fetch_and(&s->pending, ~PPC_IRQ_DBELL, __ATOMIC_ACQ_REL);
        ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_DBELL, 0);
    } else if (p & PPC_IRQ_PMU) {
        /* Level: while MMCR0[PMAO] = 1 (the handler clears it). */
        ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_PERFMON, 0);
    } else {
        return work;
    }
    return true;
}

void ppc_sys_set_irq(struct ppc_cpu *cpu, uint32_t irq, bool level)
{
    struct ppc_sys *s = cpu->sys;
    if (!level) {
        __atomic_fetch_and(&s->pending, ~irq, __ATOMIC_ACQ_REL);
        return;
    }
    __atomic_fetch_or(&s->pending, irq, __ATOMIC_ACQ_REL);
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void ppc_sys_prod(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    pthread_mutex_lock(&s->lock);
    s->prod = true;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void ppc_sys_kick(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void ppc_sys_cede(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    const uint32_t wake = PPC_IRQ_EXT | PPC_IRQ_DEC | PPC_IRQ_DBELL |
                          PPC_IRQ_SRESET | PPC_IRQ_PMU;
    ppc_sys_set_msr(cpu, cpu->msr | PPC_MSR_EE);
    pthread_mutex_lock(&s->lock);
    for (;;) {
        ppc_sys_dec_update(cpu);
        if ((__atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) & wake) ||
            s->prod || cpu->stop)
            break;
        /* Until the decrementer fires, at most 100 ms at a time. */
        uint64_t ns = ppc_sys_dec_ns(cpu);
        if (ns > 100000000ull)
            ns = 100000000ull;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t t = (uint64_t)ts.tv_nsec + ns;
        ts.tv_sec += (time_t)(t / 1000000000ull);
        ts.tv_nsec = (long)(t % 1000000000ull);
        pthread_cond_timedwait(&s->wake, &s->lock, &ts);
    }
    s->prod = false;
    pthread_mutex_unlock(&s->lock);
}

void ppc_sys_set_lpcr(struct ppc_cpu *cpu, uint64_t mask, uint64_t value)
{
    struct ppc_sys *s = cpu->sys;
    s->lpcr = (s->lpcr & ~mask) | (value & mask);
}

void ppc_sys_set_process_table(struct ppc_cpu *cpu, uint64_t pate1)
{
    struct ppc_sys *s = cpu->sys;
    s->radix = (pate1 & PPC_PATE1_GR) != 0;
    s->prtb = pate1 & PPC_PATE1_PRTB;
    s->prtb_size = s->radix ? 1ull << (12 + (pate1 & PPC_PATE1_PRTS)) : 0;
    ppc_sys_flush_translations(cpu);
}

void ppc_sys_set_htab(struct ppc_cpu *cpu, uint8_t *base, uint64_t size)
{
    cpu->sys->htab.base = base;
    cpu->sys->htab.size = size;
    ppc_sys_flush_translations(cpu);
}

void ppc_sys_flush_translations(struct ppc_cpu *cpu)
{
    ppc_smp_flush_local(cpu);
}
