/* engine/fpu-exec.c: semantics of the FPR arithmetic, multiply-add,
 * estimate, rounding/conversion, compare, select, test and move
 * instructions (Power ISA Book I 4.6.5-4.6.10). Arithmetic goes through
 * the exact soft-float core (fpu-arith.c); the FPSCR through fpu-fpscr.c.
 * Rows: insn-fp.def. */
#include "vmx-sem.h"
#include "fpu-fast.h"
#include "fpu-fpscr.h"

#define FRT WF(6, 10)
#define FRA WF(11, 15)
#define FRB WF(16, 20)
#define FRC WF(21, 25)
#define RC1 (d->word & 1)

static inline struct fpu_un F(const struct ppc_cpu *cpu, unsigned n)
{
    return fpu_unpack64(PPC_FPR(cpu, n));
}

/* Write an arithmetic result (unless suppressed), FPRF, CR1, exception. */
static int fp_result(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     struct fpu_status *st, struct fpu_un r, enum fpu_fmt fmt)
{
    r = fpu_fit_nan(r, fmt);
    if (fpu_apply(cpu, st)) {
        set_fpr(cpu, FRT, fpu_pack64(r));
        fpu_set_fprf(cpu, fpu_fprf(r, fmt));
    }
    return fpu_end(cpu, d, st, RC1);
}

/* The host fast path (fpu-fast.h) for double-precision results: a normal
 * result with FPRF "normal". 'neg' negates it (fnm* forms). */
static inline int fp_fast(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                          struct fpu_status *st, uint64_t r, uint32_t fl,
                          bool neg)
{
    st->flags = fl;
    if (neg)
        r ^= 0x8000000000000000ull;
    fpu_apply(cpu, st);
    set_fpr(cpu, FRT, r);
    fpu_set_fprf(cpu, (r >> 63) ? 0x08 : 0x04);
    return fpu_end(cpu, d, st, RC1);
}

#define FP_BIN(id, fn, fmt) \
PPC_EXEC(id) \
{ \
    struct fpu_status st = fpu_begin(cpu); \
    uint64_t fr_; \
    uint32_t fl_; \
    if ((fmt) == FPU_DP && \
        fpu_fast_dp(FF_##fn, FPR(FRA), FPR(FRB), 0, st.rm, false, &fr_, &fl_)) \
        return fp_fast(cpu, d, &st, fr_, fl_, false); \
    struct fpu_un r = fpu_##fn(&st, F(cpu, FRA), F(cpu, FRB), fmt); \
    return fp_result(cpu, d, &st, r, fmt); \
}
#define FF_add FF_ADD
#define FF_sub FF_SUB
#define FF_div FF_DIV
FP_BIN(fadd, add, FPU_DP)
FP_BIN(fadds, add, FPU_SP)
FP_BIN(fsub, sub, FPU_DP)
FP_BIN(fsubs, sub, FPU_SP)
FP_BIN(fdiv, div, FPU_DP)
FP_BIN(fdivs, div, FPU_SP)

PPC_EXEC(fmul)
{
    struct fpu_status st = fpu_begin(cpu);
    uint64_t fr_;
    uint32_t fl_;
    if (fpu_fast_dp(FF_MUL, FPR(FRA), FPR(FRC), 0, st.rm, false, &fr_, &fl_))
        return fp_fast(cpu, d, &st, fr_, fl_, false);
    struct fpu_un r = fpu_mul(&st, F(cpu, FRA), F(cpu, FRC), FPU_DP);
    return fp_result(cpu, d, &st, r, FPU_DP);
}

PPC_EXEC(fmuls)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un r = fpu_mul(&st, F(cpu, FRA), F(cpu, FRC), FPU_SP);
    return fp_result(cpu, d, &st, r, FPU_SP);
}

PPC_EXEC(fsqrt)
{
    struct fpu_status st = fpu_begin(cpu);
    return fp_result(cpu, d, &st, fpu_sqrt(&st, F(cpu, FRB), FPU_DP), FPU_DP);
}

PPC_EXEC(fsqrts)
{
    struct fpu_status st = fpu_begin(cpu);
    return fp_result(cpu, d, &st, fpu_sqrt(&st, F(cpu, FRB), FPU_SP), FPU_SP);
}

/* Multiply-add: FRA*FRC +/- FRB, fused; the nm forms negate the rounded
 * result except a NaN (Book I 4.6.6.2). */
#define FP_FMA(id, negb, negr, fmt) \
PPC_EXEC(id) \
{ \
    struct fpu_status st = fpu_begin(cpu); \
    uint64_t fr_; \
    uint32_t fl_; \
    if ((fmt) == FPU_DP && \
        fpu_fast_dp((negb) ? FF_FMS : FF_FMA, FPR(FRA), FPR(FRB), FPR(FRC), \
                    st.rm, fpu_fast_have_fma(), &fr_, &fl_)) \
        return fp_fast(cpu, d, &st, fr_, fl_, negr); \
    struct fpu_un r = fpu_fma(&st, F(cpu, FRA), F(cpu, FRC), F(cpu, FRB), \
                              negb, fmt); \
    if (negr) \
        r = fpu_negate_result(r); \
    return fp_result(cpu, d, &st, r, fmt); \
}
FP_FMA(fmadd, false, false, FPU_DP)
FP_FMA(fmadds, false, false, FPU_SP)
FP_FMA(fmsub, true, false, FPU_DP)
FP_FMA(fmsubs, true, false, FPU_SP)
FP_FMA(fnmadd, false, true, FPU_DP)
FP_FMA(fnmadds, false, true, FPU_SP)
FP_FMA(fnmsub, true, true, FPU_DP)
FP_FMA(fnmsubs, true, true, FPU_SP)

/* Estimates: this implementation returns the correctly rounded value,
 * which meets every accuracy bound the ISA sets (fre/fres 1/256 or
 * better, frsqrte 1/32). FR and FI are undefined for them; XX is not
 * altered (Book I 4.6.6.1), so inexactness is dropped here. */
static int fp_estimate(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                       bool rsqrt, enum fpu_fmt fmt)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un one = fpu_unpack64(0x3ff0000000000000ull), r, b = F(cpu, FRB);
    if (rsqrt) {
        r = fpu_sqrt(&st, b, FPU_DP);
        if (!fpu_is_nan(&r)) {
            uint32_t keep = st.flags;
            r = fpu_div(&st, one, r, fmt);
            /* 1/sqrt(+-0) is a zero divide of the estimate itself. */
            st.flags = (st.flags & ~(FPU_F_XX | FPU_F_FI | FPU_F_FR)) |
                       (keep & FPU_F_VX_ALL);
        }
    } else {
        r = fpu_div(&st, one, b, fmt);
    }
    st.flags &= ~(FPU_F_XX | FPU_F_FI | FPU_F_FR);
    return fp_result(cpu, d, &st, r, fmt);
}

PPC_EXEC(fre) { return fp_estimate(cpu, d, false, FPU_DP); }
PPC_EXEC(fres) { return fp_estimate(cpu, d, false, FPU_SP); }
PPC_EXEC(frsqrte) { return fp_estimate(cpu, d, true, FPU_DP); }
PPC_EXEC(frsqrtes) { return fp_estimate(cpu, d, true, FPU_SP); }

PPC_EXEC(frsp)
{
    struct fpu_status st = fpu_begin(cpu);
    return fp_result(cpu, d, &st, fpu_round_to(&st, F(cpu, FRB), FPU_SP),
                     FPU_SP);
}

/* fcti*: result in FRT (the word forms: the low word; the ISA leaves the
 * high word undefined, we write zeros and the differential tests mask it).
 * FPRF is undefined: left unchanged. VXCVI with VE=1 suppresses the
 * result. */
static int fp_cti(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned bits, bool sgn, bool z)
{
    struct fpu_status st = fpu_begin(cpu);
    uint64_t r = fpu_to_int(&st, F(cpu, FRB), bits, sgn, z ? FPU_RZ : st.rm);
    if (fpu_apply(cpu, &st)) {
        if (bits == 32)
            r = (uint32_t)r;
        set_fpr(cpu, FRT, r);
    }
    return fpu_end(cpu, d, &st, RC1);
}

PPC_EXEC(fctiw) { return fp_cti(cpu, d, 32, true, false); }
PPC_EXEC(fctiwz) { return fp_cti(cpu, d, 32, true, true); }
PPC_EXEC(fctiwu) { return fp_cti(cpu, d, 32, false, false); }
PPC_EXEC(fctiwuz) { return fp_cti(cpu, d, 32, false, true); }
PPC_EXEC(fctid) { return fp_cti(cpu, d, 64, true, false); }
PPC_EXEC(fctidz) { return fp_cti(cpu, d, 64, true, true); }
PPC_EXEC(fctidu) { return fp_cti(cpu, d, 64, false, false); }
PPC_EXEC(fctiduz) { return fp_cti(cpu, d, 64, false, true); }

static int fp_cfi(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool sgn,
                  enum fpu_fmt fmt)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un r = fpu_from_int(&st, FPR(FRB), sgn, fmt);
    return fp_result(cpu, d, &st, r, fmt);
}

PPC_EXEC(fcfid) { return fp_cfi(cpu, d, true, FPU_DP); }
PPC_EXEC(fcfids) { return fp_cfi(cpu, d, true, FPU_SP); }
PPC_EXEC(fcfidu) { return fp_cfi(cpu, d, false, FPU_DP); }
PPC_EXEC(fcfidus) { return fp_cfi(cpu, d, false, FPU_SP); }

/* fri[nzpm]: round to integral; XX is not set, FR and FI are cleared
 * (Book I 4.6.7.3). frin rounds ties away from zero. */
static int fp_ri(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int rm)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un r = fpu_round_int(&st, F(cpu, FRB), rm, false);
    return fp_result(cpu, d, &st, r, FPU_DP);
}

PPC_EXEC(frin) { return fp_ri(cpu, d, FPU_RNA); }
PPC_EXEC(friz) { return fp_ri(cpu, d, FPU_RZ); }
PPC_EXEC(frip) { return fp_ri(cpu, d, FPU_RP); }
PPC_EXEC(frim) { return fp_ri(cpu, d, FPU_RM); }

/* Compares (Book I 4.6.8): CR[BF] and FPCC <- the FL FG FE FU result.
 * fcmpu: VXSNAN for an SNaN. fcmpo: VXSNAN for an SNaN and, if VE=0,
 * also VXVC; VXVC for a QNaN. */
static int fp_cmp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool ordered)
{
    return fpu_compare_exec(cpu, d, F(cpu, FRA), F(cpu, FRB), ordered);
}

PPC_EXEC(fcmpu) { return fp_cmp(cpu, d, false); }
PPC_EXEC(fcmpo) { return fp_cmp(cpu, d, true); }

/* Moves: no FPSCR change; Rc=1 copies FPSCR[FX FEX VX OX] to CR1. */
static int fp_move(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t v)
{
    set_fpr(cpu, FRT, v);
    if (RC1)
        ppc_cr_set(cpu, 1, cpu->fpscr >> 28);
    return 0;
}

#define SIGN64 0x8000000000000000ull
PPC_EXEC(fmr) { return fp_move(cpu, d, FPR(FRB)); }
PPC_EXEC(fneg) { return fp_move(cpu, d, FPR(FRB) ^ SIGN64); }
PPC_EXEC(fabs) { return fp_move(cpu, d, FPR(FRB) & ~SIGN64); }
PPC_EXEC(fnabs) { return fp_move(cpu, d, FPR(FRB) | SIGN64); }
PPC_EXEC(fcpsgn)
{
    return fp_move(cpu, d, (FPR(FRA) & SIGN64) | (FPR(FRB) & ~SIGN64));
}
PPC_EXEC(fmrgew)
{
    return fp_move(cpu, d, (FPR(FRA) & 0xffffffff00000000ull) | (FPR(FRB) >> 32));
}
PPC_EXEC(fmrgow)
{
    return fp_move(cpu, d, (FPR(FRA) << 32) | (uint32_t)FPR(FRB));
}

/* fsel: FRC if FRA >= 0 (either zero included), else FRB; a NaN FRA
 * selects FRB. No exception, no FPSCR change. */
PPC_EXEC(fsel)
{
    struct fpu_un a = F(cpu, FRA);
    bool ge = !fpu_is_nan(&a) && (a.cls == FPU_ZERO || !a.s);
    return fp_move(cpu, d, ge ? FPR(FRC) : FPR(FRB));
}

/* ftdiv/ftsqrt (Book I 4.6.10): CR[BF] <- 0b1 || fg || fe || 0b0. The
 * exponents are the unbiased exponents of the operands. */
static int32_t uexp(struct fpu_un v)
{
    return v.cls == FPU_NORM ? fpu_normalize(v).e : 0;
}

static bool is_den64(uint64_t x)
{
    return ((x >> 52) & 0x7ff) == 0 && (x << 12) != 0;
}

PPC_EXEC(ftdiv)
{
    uint64_t xa = FPR(FRA), xb = FPR(FRB);
    struct fpu_un a = fpu_unpack64(xa), b = fpu_unpack64(xb);
    bool fe = false, fg = false;
    int32_t ea = uexp(a), eb = uexp(b);
    if (a.cls == FPU_INF || b.cls == FPU_INF || fpu_is_nan(&a) ||
        fpu_is_nan(&b) || b.cls == FPU_ZERO)
        fe = true;
    else if (eb <= -1022 || eb >= 1021)
        fe = true;
    else if (a.cls != FPU_ZERO && (ea - eb >= 1023 || ea - eb <= -1021))
        fe = true;
    else if (a.cls != FPU_ZERO && ea <= -970)
        fe = true;
    if (a.cls == FPU_INF || b.cls == FPU_INF || b.cls == FPU_ZERO ||
        is_den64(xb))
        fg = true;
    ppc_cr_set(cpu, WF(6, 8), 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u));
    return 0;
}

PPC_EXEC(ftsqrt)
{
    uint64_t xb = FPR(FRB);
    struct fpu_un b = fpu_unpack64(xb);
    bool fe = false, fg = false;
    if (b.cls == FPU_ZERO || b.cls == FPU_INF || fpu_is_nan(&b) || b.s)
        fe = true;
    else if (uexp(b) <= -970)
        fe = true;
    if (b.cls == FPU_ZERO || b.cls == FPU_INF || is_den64(xb))
        fg = true;
    ppc_cr_set(cpu, WF(6, 8), 8u | (fg ? 4u : 0u) | (fe ? 2u : 0u));
    return 0;
}
