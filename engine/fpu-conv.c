/* engine/fpu-conv.c: conversions, round-to-integral, compare and FPRF
 * (see fpu-conv.h). References: Power ISA Book I 4.6.2/4.6.3 (load/store
 * conversions), 4.6.7 and Appendix "Floating-Point Convert to Integer
 * Model" (fcti* saturation and VXCVI), 4.2.2 (FPRF encodings). */
#include "fpu-conv.h"

uint64_t fpu_sp_to_dp_bits(uint32_t x)
{
    return fpu_pack64(fpu_unpack32(x));
}

uint32_t fpu_dp_to_sp_bits(uint64_t x)
{
    unsigned ex = (unsigned)(x >> 52) & 0x7ff;
    uint32_t sign = (uint32_t)(x >> 63) << 31;
    if (ex > 896 || (x << 1) == 0)
        return (uint32_t)((x >> 32) & 0xc0000000u) |
               (uint32_t)((x >> 29) & 0x3fffffffu);
    if (ex >= 874) {
        uint64_t frac = (1ull << 52) | (x & 0xfffffffffffffull);
        int e = (int)ex - 1023;
        frac >>= (unsigned)(-126 - e);
        return sign | (uint32_t)((frac >> 29) & 0x7fffffu);
    }
    return sign;
}

/* Integer part of |v| rounded with rm; *inexact and *inc report the
 * rounding. Sets *big when |v| >= 2^130 (far out of any range). */
static fpu_u128 round_mag(struct fpu_un v, int rm, bool *inexact, bool *inc,
                          bool *big)
{
    *inexact = *inc = *big = false;
    if (v.cls == FPU_ZERO)
        return 0;
    v = fpu_normalize(v);
    int32_t sh = 126 - v.e;
    fpu_u128 q, rem, half;
    bool half_valid = true;
    if (sh <= 0) {
        if (-sh > 1) {
            *big = true;
            return 0;
        }
        return v.m << (-sh);
    }
    if (sh >= 128) {
        q = 0;
        rem = v.m;
        half_valid = false;     /* half = 2^(sh-1) exceeds any rem */
        half = 0;
    } else {
        q = v.m >> sh;
        rem = v.m & ((((fpu_u128)1) << sh) - 1);
        half = (fpu_u128)1 << (sh - 1);
    }
    if (sh == 128) {
        half_valid = true;
        half = (fpu_u128)1 << 127;
    }
    if (rem == 0)
        return q;
    *inexact = true;
    bool up;
    switch (rm) {
    case FPU_RN:
        up = half_valid && (rem > half || (rem == half && (q & 1)));
        break;
    case FPU_RNA:
        up = half_valid && rem >= half;
        break;
    case FPU_RP:
        up = !v.s;
        break;
    case FPU_RM:
        up = v.s;
        break;
    default:
        up = false;
        break;
    }
    if (up) {
        q++;
        *inc = true;
    }
    return q;
}

fpu_u128 fpu_to_int128(struct fpu_status *st, struct fpu_un v,
                       bool is_signed, int rm)
{
    fpu_u128 max = is_signed ? (((fpu_u128)1 << 127) - 1) : ~(fpu_u128)0;
    fpu_u128 min = is_signed ? ((fpu_u128)1 << 127) : 0;   /* as bits */
    if (fpu_is_nan(&v)) {
        st->flags |= FPU_F_VXCVI | (v.cls == FPU_SNAN ? FPU_F_VXSNAN : 0);
        return min;
    }
    if (v.cls == FPU_INF) {
        st->flags |= FPU_F_VXCVI;
        return v.s ? min : max;
    }
    bool inexact, inc, big;
    fpu_u128 q = round_mag(v, rm, &inexact, &inc, &big);
    bool over;
    if (big)
        over = true;
    else if (!v.s)
        over = q > max;
    else
        over = is_signed ? q > ((fpu_u128)1 << 127) : q != 0;
    if (over) {
        st->flags |= FPU_F_VXCVI;
        return v.s ? min : max;
    }
    if (inexact)
        st->flags |= FPU_F_XX | FPU_F_FI | (inc ? FPU_F_FR : 0);
    return v.s ? (fpu_u128)0 - q : q;
}

uint64_t fpu_to_int(struct fpu_status *st, struct fpu_un v, unsigned bits,
                    bool is_signed, int rm)
{
    uint64_t max, min;
    if (bits == 32) {
        max = is_signed ? 0x7fffffffull : 0xffffffffull;
        min = is_signed ? 0xffffffff80000000ull : 0;
    } else {
        max = is_signed ? 0x7fffffffffffffffull : ~0ull;
        min = is_signed ? 0x8000000000000000ull : 0;
    }
    if (fpu_is_nan(&v)) {
        st->flags |= FPU_F_VXCVI | (v.cls == FPU_SNAN ? FPU_F_VXSNAN : 0);
        return min;
    }
    if (v.cls == FPU_INF) {
        st->flags |= FPU_F_VXCVI;
        return v.s ? min : max;
    }
    bool inexact, inc, big;
    fpu_u128 q = round_mag(v, rm, &inexact, &inc, &big);
    bool over;
    if (big)
        over = true;
    else if (!v.s)
        over = q > max;
    else if (is_signed)
        over = q > ((fpu_u128)1 << (bits - 1));
    else
        over = q != 0;
    if (over) {
        st->flags |= FPU_F_VXCVI;
        return v.s ? min : max;
    }
    if (inexact)
        st->flags |= FPU_F_XX | FPU_F_FI | (inc ? FPU_F_FR : 0);
    uint64_t r = v.s ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    return r;
}

struct fpu_un fpu_from_int128(struct fpu_status *st, fpu_u128 x,
                              bool is_signed, enum fpu_fmt fmt)
{
    struct fpu_un v = { .m = 0, .e = 0, .cls = FPU_ZERO, .s = false };
    if (is_signed && (x >> 127)) {
        v.s = true;
        x = (fpu_u128)0 - x;
    }
    if (x == 0)
        return v;
    /* value = x = m * 2^(e - 126): put x's top bit at 126 with sticky. */
    if (x >> 127)
        return fpu_round(st, fmt, v.s, 127, fpu_shr_jam(x, 1));
    return fpu_round(st, fmt, v.s, 126, x);
}

struct fpu_un fpu_from_int(struct fpu_status *st, uint64_t x, bool is_signed,
                           enum fpu_fmt fmt)
{
    fpu_u128 w = is_signed ? (fpu_u128)(__int128)(int64_t)x : (fpu_u128)x;
    return fpu_from_int128(st, w, is_signed, fmt);
}

struct fpu_un fpu_round_int(struct fpu_status *st, struct fpu_un v, int rm,
                            bool exact)
{
    if (fpu_is_nan(&v)) {
        if (v.cls == FPU_SNAN)
            st->flags |= FPU_F_VXSNAN;
        return fpu_quiet(v);
    }
    if (v.cls != FPU_NORM)
        return v;
    v = fpu_normalize(v);
    if (v.e >= 126)
        return v;               /* already integral (>= 2^126 > any p) */
    bool inexact, inc, big;
    fpu_u128 q = round_mag(v, rm, &inexact, &inc, &big);
    if (exact && inexact)
        st->flags |= FPU_F_XX | FPU_F_FI | (inc ? FPU_F_FR : 0);
    struct fpu_un r = { .m = q, .e = 126, .cls = FPU_NORM, .s = v.s };
    if (q == 0) {
        r.cls = FPU_ZERO;
        r.e = 0;
        return r;
    }
    return fpu_normalize(r);
}

unsigned fpu_compare(struct fpu_un a, struct fpu_un b)
{
    if (fpu_is_nan(&a) || fpu_is_nan(&b))
        return 1;
    if (a.cls == FPU_ZERO && b.cls == FPU_ZERO)
        return 2;
    /* Map to a totally ordered key: sign, class, exponent, mantissa. */
    int sa = a.cls == FPU_ZERO ? 0 : a.s ? -1 : 1;
    int sb = b.cls == FPU_ZERO ? 0 : b.s ? -1 : 1;
    if (sa != sb)
        return sa < sb ? 8 : 4;
    /* Same nonzero sign: compare magnitudes. */
    int mag;
    if (a.cls == FPU_INF || b.cls == FPU_INF) {
        mag = (a.cls == FPU_INF) - (b.cls == FPU_INF);
    } else {
        a = fpu_normalize(a);
        b = fpu_normalize(b);
        if (a.e != b.e)
            mag = a.e < b.e ? -1 : 1;
        else
            mag = a.m == b.m ? 0 : a.m < b.m ? -1 : 1;
    }
    if (mag == 0)
        return 2;
    if (sa < 0)
        mag = -mag;
    return mag < 0 ? 8 : 4;
}

unsigned fpu_fprf(struct fpu_un v, enum fpu_fmt fmt)
{
    static const int32_t emin[6] = { -126, -1022, -16382, -16382, -14, -126 };
    switch (v.cls) {
    case FPU_QNAN:
    case FPU_SNAN:
        return 0x11;
    case FPU_INF:
        return v.s ? 0x09 : 0x05;
    case FPU_ZERO:
        return v.s ? 0x12 : 0x02;
    default:
        break;
    }
    v = fpu_normalize(v);
    bool den = v.e < emin[fmt];
    if (v.s)
        return den ? 0x18 : 0x08;
    return den ? 0x14 : 0x04;
}
