/* engine/pmu.c: the performance monitor of a system-mode vCPU (Power ISA
 * 3.0B Book III chapter 9): counters kept as of an instruction count and
 * brought up to date lazily, the freeze conditions, counter-negative
 * alerts and the performance monitor exception they raise. What it
 * counts and what it leaves out: pmu.h. */
#include "interrupt.h"
#include "pmu.h"

#define NEG 0x80000000u
#define MSR_PMM (1ull << 2)      /* MSR bit 61: performance monitor mark */
#define POLL_BLOCKS 64
#define BLOCK_MAX 64             /* PPC_BLOCK_MAX_INSNS */

/* MMCR1[PMCnSEL] of PMC1-4 (n = 0..3): ISA bits 32+8n..39+8n. */
static unsigned pmcsel(uint64_t mmcr1, unsigned n)
{
    return (unsigned)(mmcr1 >> (24 - 8 * n)) & 0xff;
}

/* Does PMC(n+1) count something the engine counts (instructions, or
 * cycles, which are the same count here)? */
static bool event_known(const struct ppc_pmu *p, unsigned n)
{
    if (n >= 4)
        return true;                     /* PMC5 instructions, PMC6 cycles */
    switch (pmcsel(p->mmcr1, n)) {
    case 0x02: case 0x1e: return true;   /* PM_INST_CMPL, PM_CYC */
    case 0xfe: case 0xf0: return n == 0; /* PMC1: instructions, cycles */
    case 0xf4: return n == 1;            /* PMC2: run cycles */
    case 0xfa: return n == 3;            /* PMC4: run instructions */
    default: return false;
    }
}

/* Is PMC(n+1) frozen in the state 'msr'? (9.4.4 MMCR0, 9.4.6 MMCR2) */
static bool frozen(const struct ppc_pmu *p, unsigned n, uint64_t msr)
{
    uint64_t m0 = p->mmcr0;
    bool pr = (msr & PPC_MSR_PR) != 0, pmm = (msr & MSR_PMM) != 0;
    if (m0 & PPC_MMCR0_FC)
        return true;
    if (m0 & (n < 4 ? PPC_MMCR0_FC14 : PPC_MMCR0_FC56))
        return true;
    if (((m0 & PPC_MMCR0_FCS) && !pr) || ((m0 & PPC_MMCR0_FCP) && pr) ||
        ((m0 & PPC_MMCR0_FCM1) && pmm) || ((m0 & PPC_MMCR0_FCM0) && !pmm))
        return true;
    /* MMCR2 field of PMC(n+1): ISA bits 9n..9n+8 = FCnS FCnP0 FCnP1
     * FCnM1 FCnM0 FCnWAIT FCnH, two reserved. */
    unsigned f = (unsigned)(p->mmcr2 >> (55 - 9 * n)) & 0x1ff;
    return ((f & 0x100) && !pr) || ((f & 0x80) && pr && !pmm) ||
           ((f & 0x40) && pr && pmm) || ((f & 0x20) && pmm) ||
           ((f & 0x10) && !pmm);
}

/* Add what ran since the last fold to the counting PMCs. */
static void fold(struct ppc_cpu *cpu)
{
    struct ppc_pmu *p = &cpu->sys->pmu;
    uint32_t n = (uint32_t)(cpu->icount - p->base);
    p->base = cpu->icount;
    if (!p->count || !n)
        return;
    for (unsigned i = 0; i < 6; i++)
        if (p->count & (1u << i))
            p->pmc[i] += n;
}

static void choose(struct ppc_cpu *cpu)
{
    struct ppc_pmu *p = &cpu->sys->pmu;
    p->armed = !(p->mmcr0 & PPC_MMCR0_FC);
    p->count = 0;
    if (!p->armed)
        return;
    for (unsigned i = 0; i < 6; i++)
        if (event_known(p, i) && !frozen(p, i, cpu->msr))
            p->count |= (uint8_t)(1u << i);
}

static bool cond_enabled(const struct ppc_pmu *p, unsigned i)
{
    return (p->mmcr0 & (i == 0 ? PPC_MMCR0_PMC1CE : PPC_MMCR0_PMCJCE)) != 0;
}

/* After the counts or the controls changed: an enabled condition with
 * PMAE becomes an alert; the exception follows PMAO; the next poll
 * comes before the nearest counter can turn negative. */
static void apply(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    struct ppc_pmu *p = &s->pmu;
    if (p->mmcr0 & PPC_MMCR0_PMAE) {
        for (unsigned i = 0; i < 6; i++) {
            if (!cond_enabled(p, i) || !(p->pmc[i] & NEG))
                continue;
            p->mmcr0 = (p->mmcr0 & ~PPC_MMCR0_PMAE) | PPC_MMCR0_PMAO;
            if (p->mmcr0 & PPC_MMCR0_FCECE)
                p->mmcr0 |= PPC_MMCR0_FC;
            p->siar = cpu->pc;
            p->sier = PPC_SIER_SIAR_VALID |
                      ((cpu->msr & PPC_MSR_PR) ? PPC_SIER_SIPR : 0);
            break;
        }
    }
    choose(cpu);
    if (p->mmcr0 & PPC_MMCR0_PMAO)
        __atomic_fetch_or(&s->pending, PPC_IRQ_PMU, __ATOMIC_ACQ_REL);
    else
        __atomic_fetch_and(&s->pending, ~PPC_IRQ_PMU, __ATOMIC_ACQ_REL);
    if (!(p->mmcr0 & PPC_MMCR0_PMAE))
        return;
    uint32_t near = UINT32_MAX;
    for (unsigned i = 0; i < 6; i++)
        if ((p->count & (1u << i)) && cond_enabled(p, i) &&
            NEG - p->pmc[i] < near)
            near = NEG - p->pmc[i];
    if (near < POLL_BLOCKS * BLOCK_MAX) {
        unsigned b = near / BLOCK_MAX;
        if (b < 1)
            b = 1;
        if (s->poll > b)
            s->poll = b;
    }
}

uint64_t ppc_pmu_read(struct ppc_cpu *cpu, unsigned spr)
{
    struct ppc_pmu *p = &cpu->sys->pmu;
    fold(cpu);
    switch (spr) {
    case PPC_SPR_SIER: return p->sier;
    case PPC_SPR_MMCR2: return p->mmcr2;
    case PPC_SPR_MMCRA: return p->mmcra;
    case PPC_SPR_MMCR0: return p->mmcr0;
    case PPC_SPR_SIAR: return p->siar;
    case PPC_SPR_SDAR: return p->sdar;
    case PPC_SPR_MMCR1: return p->mmcr1;
    default:
        if (spr >= PPC_SPR_PMC1 && spr <= PPC_SPR_PMC6)
            return p->pmc[spr - PPC_SPR_PMC1];
        return 0;                        /* PMC7/8: not on these models */
    }
}

void ppc_pmu_write(struct ppc_cpu *cpu, unsigned spr, uint64_t v)
{
    struct ppc_pmu *p = &cpu->sys->pmu;
    fold(cpu);
    switch (spr) {
    case PPC_SPR_SIER: p->sier = v; break;
    case PPC_SPR_MMCR2: p->mmcr2 = v; break;
    case PPC_SPR_MMCRA: p->mmcra = v; break;
    case PPC_SPR_MMCR0: p->mmcr0 = v; break;
    case PPC_SPR_SIAR: p->siar = v; break;
    case PPC_SPR_SDAR: p->sdar = v; break;
    case PPC_SPR_MMCR1: p->mmcr1 = v; break;
    default:
        if (spr >= PPC_SPR_PMC1 && spr <= PPC_SPR_PMC6)
            p->pmc[spr - PPC_SPR_PMC1] = (uint32_t)v;
        else
            return;
        break;
    }
    apply(cpu);
}

void ppc_pmu_poll(struct ppc_cpu *cpu)
{
    fold(cpu);
    apply(cpu);
}

void ppc_pmu_msr_changed(struct ppc_cpu *cpu, uint64_t old_msr)
{
    (void)old_msr;   /* the counting set was chosen in the old state */
    fold(cpu);
    choose(cpu);
}
