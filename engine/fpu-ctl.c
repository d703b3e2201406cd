/* engine/fpu-ctl.c: the FPSCR instructions (Power ISA Book I 4.6.11):
 * mffs and the ISA 3.0 variants (mffsce, mffscdrn[i], mffscrn[i], mffsl),
 * mcrfs, mtfsfi, mtfsf (incl. the L and W fields), mtfsb0/mtfsb1. FEX and
 * VX are never set explicitly: they are recomputed as summaries. Rows:
 * insn-fp.def. */
#include "vmx-sem.h"
#include "fpu-fpscr.h"

#define FRT WF(6, 10)
#define FRB WF(16, 20)
#define RC1 (d->word & 1)

/* Bits of the 64-bit FPSCR image. */
#define FP64_DRN    0x0000000700000000ull
#define FP64_CTRL   0x00000000000000ffull   /* VE OE UE ZE XE NI RN */
#define FP64_STATUS 0x000000000007f000ull   /* FR FI FPRF */

static inline uint64_t fpscr64(const struct ppc_cpu *cpu)
{
    return ((uint64_t)cpu->fpscr_hi << 32) | cpu->fpscr;
}

/* Only DRN exists in the high word; bit 52 of the low word is reserved.
 * Writes to reserved bits are ignored. */
static void set_fpscr64(struct ppc_cpu *cpu, uint64_t v)
{
    cpu->fpscr_hi = (uint32_t)(v >> 32) & 7u;
    cpu->fpscr = (uint32_t)v & ~(1u << 11);
    fpu_fpscr_summaries(cpu);
}

/* End of an FPSCR-writing instruction: CR1 for Rc=1, and the enabled
 * exception if FEX is now set and MSR[FE0|FE1] enables it. */
static int ctl_end(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                   uint32_t fex_before)
{
    if (RC1)
        ppc_cr_set(cpu, 1, cpu->fpscr >> 28);
    if ((cpu->fpscr & FPSCR_FEX) && !fex_before &&
        (cpu->msr & (PPC_MSR_FE0 | PPC_MSR_FE1)))
        return ppc_raise(cpu, d, PPC_EXIT_FP_ENABLED, 0);
    return 0;
}

PPC_EXEC(mffs)
{
    set_fpr(cpu, FRT, fpscr64(cpu));
    if (RC1)
        ppc_cr_set(cpu, 1, cpu->fpscr >> 28);
    return 0;
}

PPC_EXEC(mffsce)
{
    set_fpr(cpu, FRT, fpscr64(cpu));
    cpu->fpscr &= ~(FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | FPSCR_XE);
    fpu_fpscr_summaries(cpu);
    return 0;
}

PPC_EXEC(mffsl)
{
    set_fpr(cpu, FRT, fpscr64(cpu) & (FP64_DRN | FP64_CTRL | FP64_STATUS));
    return 0;
}

static int mffsc(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int drn,
                 int rn)
{
    set_fpr(cpu, FRT, fpscr64(cpu) & (FP64_DRN | FP64_CTRL));
    if (drn >= 0)
        cpu->fpscr_hi = (cpu->fpscr_hi & ~7u) | (unsigned)drn;
    if (rn >= 0)
        cpu->fpscr = (cpu->fpscr & ~FPSCR_RN) | (unsigned)rn;
    return 0;
}

PPC_EXEC(mffscdrn) { return mffsc(cpu, d, (int)((FPR(FRB) >> 32) & 7), -1); }
PPC_EXEC(mffscdrni) { return mffsc(cpu, d, (int)WF(18, 20), -1); }
PPC_EXEC(mffscrn) { return mffsc(cpu, d, -1, (int)(FPR(FRB) & 3)); }
PPC_EXEC(mffscrni) { return mffsc(cpu, d, -1, (int)WF(19, 20)); }

/* Set FPSCR field k (0..15 over the 64-bit image) to the nibble v. */
static void set_field(struct ppc_cpu *cpu, unsigned k, unsigned v)
{
    uint64_t f = fpscr64(cpu);
    unsigned sh = 60 - 4 * k;
    f = (f & ~(0xfull << sh)) | ((uint64_t)(v & 0xf) << sh);
    set_fpscr64(cpu, f);
}

PPC_EXEC(mtfsfi)
{
    uint32_t before = cpu->fpscr & FPSCR_FEX;
    unsigned k = WF(6, 8) + (WF(15, 15) ? 0 : 8);
    set_field(cpu, k, WF(16, 19));
    return ctl_end(cpu, d, before);
}

PPC_EXEC(mtfsf)
{
    uint32_t before = cpu->fpscr & FPSCR_FEX;
    uint64_t src = FPR(FRB);
    if (WF(6, 6)) {
        set_fpscr64(cpu, src);
    } else {
        unsigned flm = WF(7, 14), base = WF(15, 15) ? 0 : 8;
        uint64_t f = fpscr64(cpu), mask = 0;
        for (unsigned i = 0; i < 8; i++)
            if (flm & (0x80u >> i))
                mask |= 0xfull << (60 - 4 * (i + base));
        set_fpscr64(cpu, (f & ~mask) | (src & mask));
    }
    return ctl_end(cpu, d, before);
}

/* mtfsb0/mtfsb1: FEX and VX cannot be altered explicitly; bit 52 is
 * reserved. */
#define FPSCR_NOT_EXPLICIT (FPSCR_FEX | FPSCR_VX | (1u << 11))

PPC_EXEC(mtfsb0)
{
    unsigned bt = WF(6, 10);
    uint32_t m = 1u << (31 - bt);
    if (!(m & FPSCR_NOT_EXPLICIT))
        cpu->fpscr &= ~m;
    fpu_fpscr_summaries(cpu);
    if (RC1)
        ppc_cr_set(cpu, 1, cpu->fpscr >> 28);
    return 0;
}

PPC_EXEC(mtfsb1)
{
    uint32_t before = cpu->fpscr & FPSCR_FEX;
    unsigned bt = WF(6, 10);
    uint32_t m = 1u << (31 - bt);
    if (!(m & FPSCR_NOT_EXPLICIT)) {
        if ((m & FPSCR_EXC) && !(cpu->fpscr & m))
            cpu->fpscr |= FPSCR_FX;
        cpu->fpscr |= m;
    }
    fpu_fpscr_summaries(cpu);
    return ctl_end(cpu, d, before);
}

/* mcrfs: CR[BF] <- FPSCR field BFA; the exception bits of that field
 * (FX, OX, UX, ZX, XX, VX* causes) are then cleared. */
PPC_EXEC(mcrfs)
{
    unsigned bfa = WF(11, 13);
    unsigned sh = 28 - 4 * bfa;
    ppc_cr_set(cpu, WF(6, 8), (cpu->fpscr >> sh) & 0xf);
    uint32_t clear = (0xfu << sh) & (FPSCR_FX | FPSCR_EXC);
    cpu->fpscr &= ~clear;
    fpu_fpscr_summaries(cpu);
    return 0;
}
