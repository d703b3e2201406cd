/* engine/fpu-soft.h: the binary floating-point arithmetic core of the CPU
 * engine. Exact soft-float on an unpacked form (sign, unbounded exponent,
 * 128-bit significand with a sticky bit) and one rounding function that
 * follows the Power ISA rules (Book I ch. 4 / ch. 7): tininess is detected
 * BEFORE rounding, underflow is "tiny and inexact" when the underflow trap
 * is disabled, the exponent is adjusted (scaled) instead of delivering an
 * infinity/denormal when OE/UE are enabled, FR/FI are reported.
 * It knows nothing of the CPU: status flags are FPSCR-shaped masks
 * (fpu-fpscr.h) accumulated in struct fpu_status; engine/fpu-*.c turn them
 * into FPSCR updates and exceptions. Pure functions: host-testable. */
#ifndef PSERIES_ENGINE_FPU_SOFT_H
#define PSERIES_ENGINE_FPU_SOFT_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned __int128 fpu_u128;

/* Classes of an unpacked value. */
enum fpu_class { FPU_ZERO, FPU_NORM, FPU_INF, FPU_QNAN, FPU_SNAN };

/* Unpacked value. FPU_NORM: value = (-1)^s * m * 2^(e - 126) and bit 126 of
 * m is the leading one once normalized (bit 127 is carry room; bit 0 may
 * be a sticky bit). NaNs: m holds the fraction left-aligned below bit 126
 * (bit 125 is the quiet bit), so a format change truncates or pads it. */
struct fpu_un {
    fpu_u128 m;
    int32_t e;
    uint8_t cls;
    bool s;
};

/* Rounding precisions (what a result is rounded to). FPU_XP: 64-bit
 * significand with the quad exponent range (xsrqpxp); FPU_HP: IEEE
 * binary16; FPU_BF: bfloat16 (8-bit significand, single exponent range). */
enum fpu_fmt { FPU_SP, FPU_DP, FPU_QP, FPU_XP, FPU_HP, FPU_BF };

/* Rounding modes, numbered as FPSCR[RN]; FPU_RO is round-to-odd (ISA 3.0
 * quad-precision "o" forms). */
enum fpu_rm { FPU_RN = 0, FPU_RZ = 1, FPU_RP = 2, FPU_RM = 3, FPU_RO = 4 };

/* Status of one operation. 'flags' collects FPU_F_* (FPSCR masks). */
struct fpu_status {
    uint8_t rm;      /* enum fpu_rm */
    bool oe;         /* FPSCR[OE]: deliver exponent-adjusted result */
    bool ue;         /* FPSCR[UE]: same for underflow */
    uint32_t flags;
};

/* Exception/status flags: the bit positions of FPSCR bits 32:63 (bit 63 is
 * the least significant), see fpu-fpscr.h for the whole register. */
#define FPU_F_OX      (1u << 28)
#define FPU_F_UX      (1u << 27)
#define FPU_F_ZX      (1u << 26)
#define FPU_F_XX      (1u << 25)
#define FPU_F_VXSNAN  (1u << 24)
#define FPU_F_VXISI   (1u << 23)
#define FPU_F_VXIDI   (1u << 22)
#define FPU_F_VXZDZ   (1u << 21)
#define FPU_F_VXIMZ   (1u << 20)
#define FPU_F_VXVC    (1u << 19)
#define FPU_F_FR      (1u << 18)
#define FPU_F_FI      (1u << 17)
#define FPU_F_VXSOFT  (1u << 10)
#define FPU_F_VXSQRT  (1u << 9)
#define FPU_F_VXCVI   (1u << 8)
#define FPU_F_VX_ALL  (FPU_F_VXSNAN | FPU_F_VXISI | FPU_F_VXIDI | \
                       FPU_F_VXZDZ | FPU_F_VXIMZ | FPU_F_VXVC |   \
                       FPU_F_VXSOFT | FPU_F_VXSQRT | FPU_F_VXCVI)

/* ---- packing ---------------------------------------------------------- */

struct fpu_un fpu_unpack16(uint16_t x);   /* IEEE binary16 */
struct fpu_un fpu_unpack32(uint32_t x);
struct fpu_un fpu_unpack64(uint64_t x);
struct fpu_un fpu_unpack128(fpu_u128 x);

/* Encode a value that is exactly representable in the format (the output
 * of fpu_round for that format or a narrower one, or a NaN/Inf/zero).
 * NaN fractions are truncated to the format. */
uint16_t fpu_pack16(struct fpu_un v);
uint32_t fpu_pack32(struct fpu_un v);
uint64_t fpu_pack64(struct fpu_un v);
fpu_u128 fpu_pack128(struct fpu_un v);

/* Round the exact value (-1)^s * m * 2^(e-126) (m != 0, any position; bit
 * 0 may be a sticky bit) to the format with st->rm; sets XX, FI, FR, OX,
 * UX in st->flags. Returns FPU_NORM (normal or denormal), FPU_ZERO or
 * FPU_INF. */
struct fpu_un fpu_round(struct fpu_status *st, enum fpu_fmt fmt, bool s,
                        int32_t e, fpu_u128 m);

/* ---- exact arithmetic on finite nonzero operands ------------------------
 * Each returns the exact result with a sticky bit, unrounded (pass it to
 * fpu_round), as (s, e, m) in *r. A zero result (exact cancellation) is
 * returned as m == 0. */
void fpu_add_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r);
void fpu_mul_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r);
/* 'wide': the result is rounded to more than 61 bits (quad, xsrqpxp). */
void fpu_div_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r,
                   bool wide);
void fpu_sqrt_exact(struct fpu_un a, struct fpu_un *r);
/* a*c + b, with a*c exact (fused). */
void fpu_fma_exact(struct fpu_un a, struct fpu_un c, struct fpu_un b,
                   struct fpu_un *r);

/* Normalize a FPU_NORM value so that bit 126 is its leading one. */
static inline struct fpu_un fpu_normalize(struct fpu_un v)
{
    if (v.cls != FPU_NORM || v.m == 0 || (v.m >> 126) == 1)
        return v;
    if (v.m >> 127) {
        v.m = (v.m >> 1) | (v.m & 1);
        v.e += 1;
    } else {
        uint64_t hi = (uint64_t)(v.m >> 64);
        unsigned lz = hi ? (unsigned)__builtin_clzll(hi)
                         : 64 + (unsigned)__builtin_clzll((uint64_t)v.m);
        v.m <<= lz - 1;
        v.e -= (int32_t)(lz - 1);
    }
    return v;
}

/* Shift right with the bits shifted out ORed into bit 0. */
static inline fpu_u128 fpu_shr_jam(fpu_u128 m, unsigned n)
{
    if (n == 0)
        return m;
    if (n >= 128)
        return m != 0;
    return (m >> n) | ((m & (((fpu_u128)1 << n) - 1)) != 0);
}

static inline bool fpu_is_nan(const struct fpu_un *v)
{
    return v->cls == FPU_QNAN || v->cls == FPU_SNAN;
}

#endif
