/* engine/system.c: semantics of the privileged instructions of a
 * system-mode vCPU (Power ISA 3.0B Book III): MSR moves (4.4.3), rfid and
 * rfscv (7.x "Return From Interrupt"), SLB management (5.9.3.1), TLB
 * invalidation (5.9.3.3: tlbie drops the matching translations of every
 * vCPU of the partition, tlbiel of this one, tlbsync and ptesync wait
 * for the other vCPUs; partition.c), and the privileged doorbells
 * (msgsndp/msgclrp, between the threads of a core). Rows:
 * insn-system.def. Without system mode (the user-mode runner, always
 * problem state) they exit UNIMPL. */
#include "interrupt.h"
#include "mmu-slb.h"
#include "sem.h"

#define NEED_SYS() do { \
        if (!cpu->sys) \
            return ppc_raise(cpu, d, PPC_EXIT_UNIMPL, 0); \
    } while (0)

/* Raw fields of the instruction word (ISA bit numbering). */
#define W_RS(w)  (((w) >> 21) & 31)
#define W_RA(w)  (((w) >> 16) & 31)
#define W_RB(w)  (((w) >> 11) & 31)
#define W_L15(w) (((w) >> 16) & 1)

/* MSR bits a guest (HV=0) can hold; others read 0. */
#define MSR_PMM (1ull << 2)
#define MSR_IMPL (PPC_MSR_SF | PPC_MSR_HV | PPC_MSR_VEC | PPC_MSR_VSX | \
                  PPC_MSR_EE | PPC_MSR_PR | PPC_MSR_FP | PPC_MSR_ME | \
                  PPC_MSR_FE0 | PPC_MSR_SE | PPC_MSR_BE | PPC_MSR_FE1 | \
                  PPC_MSR_IR | PPC_MSR_DR | MSR_PMM | PPC_MSR_RI | \
                  PPC_MSR_LE)

/* The MSR an rfid / mtmsrd L=0 may set from v in privileged
 * non-hypervisor state: HV and ME unchanged; PR=1 forces EE, IR, DR. */
static uint64_t msr_from(const struct ppc_cpu *cpu, uint64_t v)
{
    uint64_t keep = PPC_MSR_HV | PPC_MSR_ME;
    uint64_t m = (cpu->msr & keep) | (v & MSR_IMPL & ~keep);
    if (m & PPC_MSR_PR)
        m |= PPC_MSR_EE | PPC_MSR_IR | PPC_MSR_DR;
    return m;
}

PPC_EXEC(mfmsr)
{
    NEED_SYS();
    GPR(RT) = cpu->msr;
    return 0;
}

PPC_EXEC(mtmsrd)
{
    NEED_SYS();
    uint32_t w = d->word;
    uint64_t v = GPR(W_RS(w));
    uint64_t m;
    if (W_L15(w))
        m = (cpu->msr & ~(PPC_MSR_EE | PPC_MSR_RI)) |
            (v & (PPC_MSR_EE | PPC_MSR_RI));
    else
        m = msr_from(cpu, v);
    ppc_sys_set_msr(cpu, m);
    return PPC_ST_NEXT;
}

PPC_EXEC(mtmsr)
{
    NEED_SYS();
    uint32_t w = d->word;
    uint64_t v = GPR(W_RS(w));
    uint64_t m;
    if (W_L15(w))
        m = (cpu->msr & ~(PPC_MSR_EE | PPC_MSR_RI)) |
            (v & (PPC_MSR_EE | PPC_MSR_RI));
    else
        m = (cpu->msr & 0xffffffff00000000ull) |
            (msr_from(cpu, (cpu->msr & 0xffffffff00000000ull) |
                           (uint32_t)v) & 0xffffffffull);
    ppc_sys_set_msr(cpu, m);
    return PPC_ST_NEXT;
}

static int return_to(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     uint64_t pc, uint64_t msr)
{
    cpu->sys->cfar = d->pc;
    ppc_sys_set_msr(cpu, msr_from(cpu, msr));
    pc &= ~3ull;
    cpu->pc = ppc_sf(cpu) ? pc : (uint32_t)pc;
    return PPC_ST_JUMP;
}

PPC_EXEC(rfid)
{
    NEED_SYS();
    return return_to(cpu, d, cpu->sys->srr0, cpu->sys->srr1);
}

PPC_EXEC(rfscv)
{
    NEED_SYS();
    return return_to(cpu, d, cpu->lr, cpu->ctr);
}

/* ---- TLB and SLB ------------------------------------------------------ */

static int flush_all(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    (void)d;
    ppc_sys_flush_translations(cpu);
    return PPC_ST_NEXT;
}

/* tlbie/tlbiel: RB, RS and (ISA 3.0 forms) RIC bits 12:13, PRS bit 14,
 * R bit 15; the older forms are the hash ones (R=0). */
static int tlbi(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool v30,
                bool local)
{
    uint32_t w = d->word;
    struct mmu_tlbi op = {
        .rb = GPR(W_RB(w)), .rs = GPR(W_RS(w)),
        .ric = v30 ? (uint8_t)((w >> 18) & 3) : 0,
        .prs = v30 ? (uint8_t)((w >> 17) & 1) : 0,
        .r = v30 ? (uint8_t)((w >> 16) & 1) : 0,
        .local = local,
    };
    ppc_smp_tlbie(cpu, &op);
    return PPC_ST_NEXT;
}

PPC_EXEC(tlbie) { NEED_SYS(); return tlbi(cpu, d, false, false); }
PPC_EXEC(tlbiel) { NEED_SYS(); return tlbi(cpu, d, false, true); }
PPC_EXEC(tlbie30) { NEED_SYS(); return tlbi(cpu, d, true, false); }
PPC_EXEC(tlbiel30) { NEED_SYS(); return tlbi(cpu, d, true, true); }
PPC_EXEC(tlbsync)
{
    NEED_SYS();
    ppc_smp_tlb_sync(cpu);
    return 0;
}
PPC_EXEC(slbsync) { NEED_SYS(); return 0; }

PPC_EXEC(slbmte)
{
    NEED_SYS();
    uint32_t w = d->word;
    mmu_slbmte(&cpu->sys->slb, GPR(W_RS(w)), GPR(W_RB(w)));
    return flush_all(cpu, d);
}

PPC_EXEC(slbie)
{
    NEED_SYS();
    mmu_slbie(&cpu->sys->slb, GPR(W_RB(d->word)));
    return flush_all(cpu, d);
}

PPC_EXEC(slbia)
{
    NEED_SYS();
    mmu_slbia(&cpu->sys->slb, (d->word >> 21) & 7);
    return flush_all(cpu, d);
}

static int slbmf(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool esid)
{
    NEED_SYS();
    uint32_t w = d->word;
    uint64_t rb = GPR(W_RB(w));
    GPR(W_RS(w)) = esid ? mmu_slbmfee(&cpu->sys->slb, rb)
                        : mmu_slbmfev(&cpu->sys->slb, rb);
    return 0;
}
PPC_EXEC(slbmfee) { return slbmf(cpu, d, true); }
PPC_EXEC(slbmfee30) { return slbmf(cpu, d, true); }
PPC_EXEC(slbmfev) { return slbmf(cpu, d, false); }
PPC_EXEC(slbmfev30) { return slbmf(cpu, d, false); }

PPC_EXEC(slbfee)
{
    NEED_SYS();
    uint32_t w = d->word;
    uint64_t rt = 0;
    bool found = mmu_slbfee(&cpu->sys->slb, GPR(W_RB(w)), &rt);
    GPR(W_RS(w)) = rt;
    cpu->cr = (cpu->cr & 0x0fffffffu) |
              ((uint32_t)((found ? 2 : 0) | cpu->xer.so) << 28);
    return 0;
}

/* ---- doorbells (Book III 11 "Processor Control"): type 5 is the
 * directed privileged doorbell, to the thread of this core whose number
 * is RB[57:63] (none if the core has no such thread; with one thread per
 * core, only this thread). msgclrp clears this thread's. */
PPC_EXEC(msgsndp)
{
    NEED_SYS();
    uint64_t rb = GPR(W_RB(d->word));
    if (((rb >> 27) & 0x1f) == 5)
        ppc_smp_doorbell(cpu, (unsigned)(rb & 0x7f));
    return PPC_ST_NEXT;
}

PPC_EXEC(msgclrp)
{
    NEED_SYS();
    uint64_t rb = GPR(W_RB(d->word));
    if (((rb >> 27) & 0x1f) == 5)
        ppc_sys_set_irq(cpu, PPC_IRQ_DBELL, false);
    return 0;
}
