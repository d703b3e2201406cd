/* engine/fpu-arith.h: Power ISA semantics of the binary floating-point
 * arithmetic operations on unpacked values (on top of fpu-soft.h): special
 * operands, invalid-operation detection (VXSNAN, VXISI, VXIDI, VXZDZ,
 * VXIMZ, VXSQRT), the default QNaN, NaN precedence and quieting, signed
 * zeros, then exact arithmetic and rounding. Shared by the FPR (fpu-exec),
 * VSX scalar/vector (vsx-*) and quad-precision instructions. */
#ifndef PSERIES_ENGINE_FPU_ARITH_H
#define PSERIES_ENGINE_FPU_ARITH_H

#include "fpu-soft.h"

/* The default QNaN of the ISA (0x7FF8000000000000 in double format). */
struct fpu_un fpu_default_nan(void);
/* The NaN with its quiet bit set (SNaN -> QNaN). */
struct fpu_un fpu_quiet(struct fpu_un v);

/* Result = first NaN among the operands (in the given order), quieted;
 * sets VXSNAN if any operand is a SNaN. Returns false if none is a NaN. */
bool fpu_pick_nan(struct fpu_status *st, struct fpu_un *res,
                  const struct fpu_un *ops, unsigned n);

/* Arithmetic, rounded to fmt. a + b, a - b, a * b, a / b, sqrt(b),
 * a * c + b (NaN precedence a, b, c as the FP multiply-add instructions;
 * negate_b for the msub forms; the nm* forms negate afterwards with
 * fpu_negate_result). */
struct fpu_un fpu_add(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt);
struct fpu_un fpu_sub(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt);
struct fpu_un fpu_mul(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt);
struct fpu_un fpu_div(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt);
struct fpu_un fpu_sqrt(struct fpu_status *st, struct fpu_un b,
                       enum fpu_fmt fmt);
struct fpu_un fpu_fma(struct fpu_status *st, struct fpu_un a, struct fpu_un c,
                      struct fpu_un b, bool negate_b, enum fpu_fmt fmt);
/* Round a value to a (narrower) format: frsp, xscvdpsp, xscvqpdp. */
struct fpu_un fpu_round_to(struct fpu_status *st, struct fpu_un v,
                           enum fpu_fmt fmt);
/* A NaN result of an instruction that rounds to single precision has its
 * fraction truncated to the single format (the target must hold a value
 * representable in single format; Book I 4.3.5, as frsp's model). */
static inline struct fpu_un fpu_fit_nan(struct fpu_un v, enum fpu_fmt fmt)
{
    if (fmt == FPU_SP && (v.cls == FPU_QNAN || v.cls == FPU_SNAN))
        v.m &= ~((((fpu_u128)1) << (126 - 23)) - 1);
    return v;
}

/* Negate a result unless it is a NaN (fnmadd & co: "QNaNs propagate with
 * no effect on their sign bit"). */
static inline struct fpu_un fpu_negate_result(struct fpu_un v)
{
    if (!fpu_is_nan(&v))
        v.s = !v.s;
    return v;
}

#endif
