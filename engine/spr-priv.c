/* engine/spr-priv.c: mfspr/mtspr of the SPRs a system-mode vCPU has beyond
 * the user-level ones of spr.c (Power ISA 3.0B Book III 4.4.4 and the SPR
 * table there), as a guest in LPAR mode (MSR[HV]=0) sees them. Rules for
 * numbers this file does not define, per Book III: in privileged state the
 * access is a no-op, except SPRs 0, 4, 5 and 6 (hypervisor emulation
 * assistance, which a hypervisor reflects as an illegal-instruction
 * program interrupt); in problem state a number with spr[0] = 1
 * (privileged) gives a privileged-instruction program interrupt and one
 * with spr[0] = 0 an illegal-instruction one. Hypervisor SPRs the guest
 * may read (LPCR, PIR, DAWR0...) read; writes to them are no-ops (the
 * machine sets them through H_SET_MODE). The performance monitor is
 * absent: counters read 0, control registers keep what is written. */
#include "interrupt.h"
#include "sem.h"

enum {
    SPR_AMR_U = 13, SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22,
    SPR_SRR0 = 26, SPR_SRR1 = 27, SPR_CFAR = 28, SPR_AMR = 29,
    SPR_PIDR = 48, SPR_IAMR = 61, SPR_CTRL_R = 136, SPR_CTRL_W = 152,
    SPR_FSCR = 153, SPR_UAMOR = 157, SPR_PSPB = 159, SPR_DAWR0 = 180,
    SPR_CIABR = 187, SPR_DAWRX0 = 188, SPR_SPRG3_R = 259, SPR_SPRG0 = 272,
    SPR_SPRG3 = 275, SPR_PVR = 287, SPR_LPCR = 318, SPR_PIR = 1023,
    /* Performance monitor: user (read-only) 768-782, privileged 784-798. */
    SPR_UMMCR2 = 769, SPR_UMMCRA = 770, SPR_UMMCR0 = 779,
    SPR_MMCR2 = 785, SPR_MMCRA = 786, SPR_MMCR0 = 795,
};

#define CTRL_RUN 1ull

static bool undefined_hea(unsigned spr)
{
    return spr == 0 || spr == 4 || spr == 5 || spr == 6;
}

static bool pmu_user(unsigned spr)
{
    return spr >= 768 && spr <= 782;
}

static bool pmu_priv(unsigned spr)
{
    return spr >= 784 && spr <= 798;
}

int ppc_sys_mfspr(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned spr)
{
    struct ppc_sys *s = cpu->sys;
    bool pr = (cpu->msr & PPC_MSR_PR) != 0;
    /* Readable in problem state. */
    switch (spr) {
    case SPR_AMR_U: GPR(RT) = s->amr; return 0;
    case SPR_CTRL_R: GPR(RT) = s->ctrl | CTRL_RUN; return 0;
    case SPR_SPRG3_R: GPR(RT) = s->sprg[3]; return 0;
    case PPC_SPR_DSCR:
        if (!pr) {
            GPR(RT) = cpu->dscr;
            return 0;
        }
        break;
    default:
        if (pmu_user(spr)) {
            GPR(RT) = spr == SPR_UMMCR0 ? s->mmcr0 :
                      spr == SPR_UMMCR2 ? s->mmcr2 :
                      spr == SPR_UMMCRA ? s->mmcra : 0;
            return 0;
        }
        break;
    }
    if (pr)
        return ppc_raise(cpu, d, (spr & 0x10) ? PPC_EXIT_PRIVILEGED
                                              : PPC_EXIT_ILLEGAL, spr);
    uint64_t v;
    switch (spr) {
    case SPR_DSISR: v = s->dsisr; break;
    case SPR_DAR: v = s->dar; break;
    case SPR_DEC: v = ppc_sys_read_dec(cpu); break;
    case SPR_SRR0: v = s->srr0; break;
    case SPR_SRR1: v = s->srr1; break;
    case SPR_CFAR: v = s->cfar; break;
    case SPR_AMR: v = s->amr; break;
    case SPR_PIDR: v = s->pidr; break;
    case SPR_IAMR: v = s->iamr; break;
    case SPR_FSCR: v = s->fscr; break;
    case SPR_UAMOR: v = s->uamor; break;
    case SPR_PSPB: v = s->pspb; break;
    case SPR_DAWR0: v = s->dawr0; break;
    case SPR_DAWRX0: v = s->dawrx0; break;
    case SPR_CIABR: v = s->ciabr; break;
    case SPR_PVR: v = s->pvr; break;
    case SPR_LPCR: v = s->lpcr; break;
    case SPR_PIR: v = s->pir; break;
    case SPR_MMCR0: v = s->mmcr0; break;
    case SPR_MMCR2: v = s->mmcr2; break;
    case SPR_MMCRA: v = s->mmcra; break;
    default:
        if (spr >= SPR_SPRG0 && spr <= SPR_SPRG3) {
            v = s->sprg[spr - SPR_SPRG0];
            break;
        }
        if (pmu_priv(spr)) {
            v = 0;
            break;
        }
        if (undefined_hea(spr))
            return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
        return 0;    /* undefined: no-op, RT unchanged */
    }
    GPR(RT) = v;
    return 0;
}

int ppc_sys_mtspr(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned spr)
{
    struct ppc_sys *s = cpu->sys;
    bool pr = (cpu->msr & PPC_MSR_PR) != 0;
    uint64_t v = GPR(RT);
    if (spr == SPR_AMR_U) {
        /* Problem state may change only the bits UAMOR allows. */
        uint64_t m = pr ? s->uamor : ~0ull;
        ppc_sys_set_amr(cpu, (s->amr & ~m) | (v & m));
        return 0;
    }
    if (pr) {
        if (pmu_user(spr))   /* read-only copies: no-op */
            return 0;
        return ppc_raise(cpu, d, (spr & 0x10) ? PPC_EXIT_PRIVILEGED
                                              : PPC_EXIT_ILLEGAL, spr);
    }
    switch (spr) {
    case PPC_SPR_DSCR: cpu->dscr = v & 0x1ffffff; return 0;
    case SPR_DSISR: s->dsisr = (uint32_t)v; return 0;
    case SPR_DAR: s->dar = v; return 0;
    case SPR_DEC: ppc_sys_write_dec(cpu, v); return 0;
    case SPR_SRR0: s->srr0 = v; return 0;
    case SPR_SRR1: s->srr1 = v; return 0;
    case SPR_CFAR: s->cfar = v; return 0;
    case SPR_AMR: ppc_sys_set_amr(cpu, v); return 0;
    case SPR_IAMR:
        /* Fetch permissions: the code translations go too. */
        if (s->iamr != v)
            ppc_sys_flush_translations(cpu);
        s->iamr = v;
        return 0;
    case SPR_UAMOR: s->uamor = v; return 0;
    case SPR_PIDR:
        if (s->pidr != (uint32_t)v)
            ppc_smp_flush_pid(cpu);
        s->pidr = (uint32_t)v;
        return 0;
    case SPR_CTRL_W: s->ctrl = v & CTRL_RUN; return 0;
    case SPR_FSCR: s->fscr = v; return 0;
    case SPR_PSPB: s->pspb = (uint32_t)v; return 0;
    case SPR_MMCR0: s->mmcr0 = v; return 0;
    case SPR_MMCR2: s->mmcr2 = v; return 0;
    case SPR_MMCRA: s->mmcra = v; return 0;
    default:
        if (spr >= SPR_SPRG0 && spr <= SPR_SPRG3) {
            s->sprg[spr - SPR_SPRG0] = v;
            return 0;
        }
        if (undefined_hea(spr))
            return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
        return 0;    /* read-only, hypervisor or undefined: no-op */
    }
}
