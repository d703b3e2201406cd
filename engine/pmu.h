/* engine/pmu.h: the performance monitor of a system-mode vCPU (Power ISA
 * 3.0B Book III chapter 9 "Performance Monitor Facility", as ISA 2.07 and
 * 3.1 keep it): PMC1-6, MMCR0/1/2/A, SIAR/SDAR/SIER, counted lazily from
 * the vCPU's instruction count (engine-internal; the SPR moves are in
 * spr-priv.c, the interrupt in interrupt.c).
 *
 * What counts: PMC5 counts instructions completed and PMC6 cycles; PMC1-4
 * count the event MMCR1[PMCnSEL] selects, of which the engine knows
 * 0x02 (instructions; also 0xFE on PMC1 and 0xFA on PMC4) and 0x1E
 * (cycles; also 0xF0 on PMC1 and 0xF4 on PMC2); other events stay 0.
 * A cycle is one instruction (the interpreter has no other clock: IPC is
 * 1.0, and idle time in H_CEDE counts neither). Counts are folded in at
 * block boundaries, interrupts and SPR accesses, so a count may be early
 * or late by the instructions of one block.
 *
 * Freezing: MMCR0[FC], FC1-4, FC56, FCS (privileged state), FCP (problem
 * state), FCM0/FCM1 (MSR[PMM]), and MMCR2's per-counter FCnS, FCnP0,
 * FCnP1, FCnM0, FCnM1 (FCnH, FCnWAIT and FCHV never apply: the guest is
 * never in hypervisor state or wait state while it runs). MMCR0[FCPC] and
 * the run latch (CTRL[RUN], MMCR0[C56RUN]) are ignored.
 *
 * Alerts (ISA 3.0 9.4.x): a counter whose bit 0 (of 32) is 1 with
 * MMCR0[PMC1CE] (PMC1) or [PMCjCE] (PMC2-6) is an enabled condition;
 * with MMCR0[PMAE] (formerly PMXE) set it clears PMAE, sets PMAO, sets
 * SIAR (the next instruction) and SIER[SIPR], and with FCECE freezes the
 * counters (FC := 1). While MMCR0[PMAO] is 1 a performance monitor
 * exception exists (PPC_IRQ_PMU), taken at 0xF00 when MSR[EE] = 1. A
 * condition is seen at the next poll (at most 64 blocks), or sooner when
 * a counter is close to it. Event-based branches (MMCR0[EBE], BESCR) are
 * absent; TBEE (timebase events) and the BHRB too. */
#ifndef PSERIES_ENGINE_PMU_H
#define PSERIES_ENGINE_PMU_H

#include <stdbool.h>
#include <stdint.h>

struct ppc_cpu;

/* MMCR0 (ISA bit n = 1 << (63 - n)), the names Linux uses. */
#define PPC_MMCR0_FC     0x80000000ull   /* 32 */
#define PPC_MMCR0_FCS    0x40000000ull   /* 33 */
#define PPC_MMCR0_FCP    0x20000000ull   /* 34 */
#define PPC_MMCR0_FCM1   0x10000000ull   /* 35 */
#define PPC_MMCR0_FCM0   0x08000000ull   /* 36 */
#define PPC_MMCR0_PMAE   0x04000000ull   /* 37 (PMXE) */
#define PPC_MMCR0_FCECE  0x02000000ull   /* 38 */
#define PPC_MMCR0_PMCC   0x000c0000ull   /* 44:45 */
#define PPC_MMCR0_PMCC_SHIFT 18
#define PPC_MMCR0_PMC1CE 0x00008000ull   /* 48 */
#define PPC_MMCR0_PMCJCE 0x00004000ull   /* 49 */
#define PPC_MMCR0_PMAO   0x00000080ull   /* 56 */
#define PPC_MMCR0_FC14   0x00000020ull   /* 58 */
#define PPC_MMCR0_FC56   0x00000010ull   /* 59 */
/* What problem state sees and may write of MMCR0 (PMCC 0b1x). */
#define PPC_MMCR0_USER   (PPC_MMCR0_FC | PPC_MMCR0_PMAE | PPC_MMCR0_PMAO)
/* MMCR2 FCnP0 bits, the problem-state part of MMCR2. */
#define PPC_MMCR2_USER   0x4020100804020000ull
/* SIER bits set with an alert. */
#define PPC_SIER_SIPR    0x2000000ull
#define PPC_SIER_SIAR_VALID 0x0400000ull

struct ppc_pmu {
    uint32_t pmc[6];         /* PMC1-6 as of 'base' */
    uint64_t mmcr0, mmcr1, mmcr2, mmcra;
    uint64_t siar, sdar, sier;
    uint64_t base;           /* cpu->icount when the counts were folded */
    uint8_t count;           /* bit i: PMC(i+1) counts now */
    bool armed;              /* MMCR0[FC] = 0: counting may depend on the
                                MSR (ppc_pmu_msr_changed) */
};

/* PMU SPR numbers (privileged; the problem-state copies are 16 lower). */
enum {
    PPC_SPR_SIER = 784, PPC_SPR_MMCR2 = 785, PPC_SPR_MMCRA = 786,
    PPC_SPR_PMC1 = 787, PPC_SPR_PMC6 = 792, PPC_SPR_MMCR0 = 795,
    PPC_SPR_SIAR = 796, PPC_SPR_SDAR = 797, PPC_SPR_MMCR1 = 798,
};

/* Read/write a privileged PMU SPR (784-798; others read 0, ignore
 * writes), with the counts brought up to date and alerts/freezing
 * applied after a write. */
uint64_t ppc_pmu_read(struct ppc_cpu *cpu, unsigned spr);
void ppc_pmu_write(struct ppc_cpu *cpu, unsigned spr, uint64_t v);
/* Between blocks (interrupt.c, when armed): fold the counts, raise an
 * alert, shorten the next poll when a counter is near its condition. */
void ppc_pmu_poll(struct ppc_cpu *cpu);
/* MSR[PR] or [PMM] changed (interrupt.c ppc_sys_set_msr): count what ran
 * so far in the old state, then choose the counters of the new one. */
void ppc_pmu_msr_changed(struct ppc_cpu *cpu, uint64_t old_msr);

#endif
