/* engine/fpu-fpscr.h: the FPSCR (Power ISA Book I 4.2.2) as the FP/VSX
 * semantics see it: bit masks of cpu->fpscr (ISA bits 32:63, bit 63 = LSB)
 * and the one place where an operation's status becomes FPSCR updates:
 * sticky exception bits, FX, the VX and FEX summaries, FR/FI, FPRF, the
 * suppressed-result rule of enabled invalid-operation and zero-divide
 * exceptions, CR1 of record forms, and the FP enabled-exception exit. */
#ifndef PSERIES_ENGINE_FPU_FPSCR_H
#define PSERIES_ENGINE_FPU_FPSCR_H

#include "fpu-conv.h"
#include "sem.h"

#define FPSCR_FX     (1u << 31)
#define FPSCR_FEX    (1u << 30)
#define FPSCR_VX     (1u << 29)
#define FPSCR_OX     FPU_F_OX
#define FPSCR_UX     FPU_F_UX
#define FPSCR_ZX     FPU_F_ZX
#define FPSCR_XX     FPU_F_XX
#define FPSCR_FR     FPU_F_FR
#define FPSCR_FI     FPU_F_FI
#define FPSCR_FPRF_SHIFT 12
#define FPSCR_FPRF   (0x1fu << 12)
#define FPSCR_FPCC   (0xfu << 12)
#define FPSCR_VE     (1u << 7)
#define FPSCR_OE     (1u << 6)
#define FPSCR_UE     (1u << 5)
#define FPSCR_ZE     (1u << 4)
#define FPSCR_XE     (1u << 3)
#define FPSCR_NI     (1u << 2)
#define FPSCR_RN     0x3u
/* Exception bits whose 0->1 transition sets FX. */
#define FPSCR_EXC    (FPU_F_OX | FPU_F_UX | FPU_F_ZX | FPU_F_XX | FPU_F_VX_ALL)

/* Status for an operation under the current FPSCR. */
static inline struct fpu_status fpu_begin(const struct ppc_cpu *cpu)
{
    struct fpu_status st = {
        .rm = (uint8_t)(cpu->fpscr & FPSCR_RN),
        .oe = (cpu->fpscr & FPSCR_OE) != 0,
        .ue = (cpu->fpscr & FPSCR_UE) != 0,
        .flags = 0,
    };
    return st;
}

/* Recompute the VX and FEX summary bits. */
void fpu_fpscr_summaries(struct ppc_cpu *cpu);

/* Merge the exception flags of an operation into the FPSCR (sticky bits,
 * FX, summaries) and set FR/FI from it. Returns false if the result must
 * not be written: an enabled Invalid Operation (VE=1) or Zero Divide
 * (ZE=1) exception; FR and FI are then cleared (Book I 4.4.1, 4.4.2). */
bool fpu_apply(struct ppc_cpu *cpu, const struct fpu_status *st);

/* Same, for instructions that do not alter FR/FI (compares, estimates'
 * caller decides). */
bool fpu_apply_noround(struct ppc_cpu *cpu, const struct fpu_status *st);

static inline void fpu_set_fprf(struct ppc_cpu *cpu, unsigned fprf)
{
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPRF) | (fprf << FPSCR_FPRF_SHIFT);
}

/* End of an FP instruction: CR1 <- FX FEX VX OX when rc; then the FP
 * enabled exception when the instruction raised an exception whose enable
 * bit is set and MSR[FE0|FE1] != 0 (Book I 4.4, precise mode). */
int fpu_end(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
            const struct fpu_status *st, bool rc);

/* The compare instructions of every FP format (fcmpu/fcmpo, xscmp[uo]dp,
 * xscmp[uo]qp; Book I 4.6.8): CR field BF (bits 6:8 of the word) and FPCC
 * <- FL FG FE FU. Unordered: VXSNAN for an SNaN; ordered: VXSNAN and, if
 * VE=0, VXVC for an SNaN, VXVC for a QNaN. */
int fpu_compare_exec(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     struct fpu_un a, struct fpu_un b, bool ordered);

#endif
