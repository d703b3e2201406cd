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
 * machine sets them through H_SET_MODE). DPDES (176) reads the pending
 * directed privileged doorbells of this core's threads (bit 63-t for
 * thread t, as msgsndp sets them); writing it is hypervisor-privileged
 * (a no-op here). The performance monitor SPRs are pmu.c's; their
 * problem-state copies (768-782) follow MMCR0[PMCC] (9.4.4): group A
 * (PMC1-6, MMCR0, MMCR2, MMCRA, SIER) is read-only with 0b00 (a write is
 * hypervisor emulation assistance, reflected as an illegal-instruction
 * program interrupt), inaccessible with 0b01 (facility unavailable,
 * FSCR[IC] = 3), read-write with 0b10 and 0b11 (MMCR0 only FC, PMAE,
 * PMAO; MMCR2 only FCnP0; MMCRA and SIER read-only) except PMC5/6 with
 * 0b11 (facility unavailable); group B (MMCR1, SIAR, SDAR) is read-only.
 * In privileged state the problem-state numbers reach the whole
 * registers. */
#include "interrupt.h"
#include "pmu.h"
#include "sem.h"

enum {
    SPR_AMR_U = 13, SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22,
    SPR_SRR0 = 26, SPR_SRR1 = 27, SPR_CFAR = 28, SPR_AMR = 29,
    SPR_PIDR = 48, SPR_IAMR = 61, SPR_CTRL_R = 136, SPR_CTRL_W = 152,
    SPR_FSCR = 153, SPR_UAMOR = 157, SPR_PSPB = 159, SPR_DPDES = 176,
    SPR_DAWR0 = 180,
    SPR_CIABR = 187, SPR_DAWRX0 = 188, SPR_SPRG3_R = 259, SPR_SPRG0 = 272,
    SPR_SPRG3 = 275, SPR_PVR = 287, SPR_LPCR = 318, SPR_PIR = 1023,
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

/* Problem-state access to the PMU SPR 'spr' (768-782) under MMCR0[PMCC]:
 * 0 when allowed (then *mask = the bits that may be seen / written), or
 * the status of the interrupt it raises. */
static int pmu_user_check(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                          unsigned spr, bool write, uint64_t *mask)
{
    unsigned priv = spr + 16;
    unsigned pmcc = (unsigned)((cpu->sys->pmu.mmcr0 & PPC_MMCR0_PMCC) >>
                               PPC_MMCR0_PMCC_SHIFT);
    bool pmc = priv >= PPC_SPR_PMC1 && priv <= PPC_SPR_PMC6;
    bool group_a = pmc || priv == PPC_SPR_MMCR0 || priv == PPC_SPR_MMCR2 ||
                   priv == PPC_SPR_MMCRA || priv == PPC_SPR_SIER;
    bool group_b = priv == PPC_SPR_MMCR1 || priv == PPC_SPR_SIAR ||
                   priv == PPC_SPR_SDAR;
    *mask = priv == PPC_SPR_MMCR0 ? PPC_MMCR0_USER :
            priv == PPC_SPR_MMCR2 ? PPC_MMCR2_USER : ~0ull;
    if (!group_a && !group_b)        /* 777, 778: PMC7/8 are not there */
        return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
    if (group_a && pmcc == 1)
        return ppc_sys_facility_unavailable(cpu, d, PPC_FSCR_IC_PM);
    if (pmcc == 3 && pmc && priv >= PPC_SPR_PMC1 + 4)
        return ppc_sys_facility_unavailable(cpu, d, PPC_FSCR_IC_PM);
    if (!write)
        return 0;
    if (group_b || pmcc == 0 || priv == PPC_SPR_MMCRA || priv == PPC_SPR_SIER)
        return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
    return 0;
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
            uint64_t mask = ~0ull;
            if (pr) {
                int r = pmu_user_check(cpu, d, spr, false, &mask);
                if (r)
                    return r;
            }
            GPR(RT) = ppc_pmu_read(cpu, spr + 16) & mask;
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
    case SPR_DPDES: v = ppc_smp_dpdes(cpu); break;
    default:
        if (spr >= SPR_SPRG0 && spr <= SPR_SPRG3) {
            v = s->sprg[spr - SPR_SPRG0];
            break;
        }
        if (pmu_priv(spr)) {
            v = ppc_pmu_read(cpu, spr);
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
    if (pmu_user(spr)) {
        uint64_t mask = ~0ull;
        if (pr) {
            int r = pmu_user_check(cpu, d, spr, true, &mask);
            if (r)
                return r;
        }
        uint64_t old = ppc_pmu_read(cpu, spr + 16);
        ppc_pmu_write(cpu, spr + 16, (old & ~mask) | (v & mask));
        return 0;
    }
    if (pr) {
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
    default:
        if (spr >= SPR_SPRG0 && spr <= SPR_SPRG3) {
            s->sprg[spr - SPR_SPRG0] = v;
            return 0;
        }
        if (pmu_priv(spr)) {
            ppc_pmu_write(cpu, spr, v);
            return 0;
        }
        if (undefined_hea(spr))
            return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
        return 0;    /* read-only, hypervisor or undefined: no-op */
    }
}
