/* engine/fpu-conv.h: binary FP conversions and comparisons shared by the
 * FPR, VSX and quad-precision instructions: the non-arithmetic single<->
 * double load/store conversions, float<->integer conversions with the
 * Power invalid-conversion rules, round-to-integral, compare, FPRF class. */
#ifndef PSERIES_ENGINE_FPU_CONV_H
#define PSERIES_ENGINE_FPU_CONV_H

#include "fpu-arith.h"

/* lfs/lxsspx: exact single -> double (an SNaN stays signalling). */
uint64_t fpu_sp_to_dp_bits(uint32_t x);
/* stfs/stxsspx: the ISA's store conversion (Book I 4.6.3, "Floating-Point
 * Store Instructions"): no rounding, denormalization by truncation. */
uint32_t fpu_dp_to_sp_bits(uint64_t x);

/* Convert to a 32- or 64-bit signed/unsigned integer with rounding mode rm
 * (FPU_RZ for the "z" forms). NaN and out-of-range values set VXCVI (and
 * VXSNAN for an SNaN) and give the saturated value (NaN: the most negative
 * value, 0 for unsigned). Inexact: XX, FI, FR as rounding did. */
uint64_t fpu_to_int(struct fpu_status *st, struct fpu_un v, unsigned bits,
                    bool is_signed, int rm);
/* Same for 128-bit results (xscvqpsqz/uqz). */
fpu_u128 fpu_to_int128(struct fpu_status *st, struct fpu_un v,
                       bool is_signed, int rm);

/* Integer -> float rounded to fmt (fcfid & co, xscvsxddp, ...). */
struct fpu_un fpu_from_int(struct fpu_status *st, uint64_t x, bool is_signed,
                           enum fpu_fmt fmt);
struct fpu_un fpu_from_int128(struct fpu_status *st, fpu_u128 x,
                              bool is_signed, enum fpu_fmt fmt);

/* Round to an integral value in the same format. rm: FPU_RN..FPU_RM, or
 * FPU_RNA (nearest, ties away from zero: frin, xsrdpi). 'exact' requests
 * XX/FI/FR reporting (xsrdpic, xsrqpix); otherwise only VXSNAN. */
#define FPU_RNA 5
struct fpu_un fpu_round_int(struct fpu_status *st, struct fpu_un v, int rm,
                            bool exact);

/* Compare: FPCC nibble FL(8) FG(4) FE(2) FU(1). */
unsigned fpu_compare(struct fpu_un a, struct fpu_un b);

/* FPRF (C || FPCC, 5 bits) of a value: Book I 4.2.2 Table 4. */
unsigned fpu_fprf(struct fpu_un v, enum fpu_fmt fmt);

#endif
