/* tests/isa/fp-unit/fp-soft-test.c: unit test of the engine's soft-float
 * core (engine/fpu-soft.c, fpu-arith.c) against the host's IEEE 754
 * hardware (x86-64 SSE/FMA3 with MXCSR rounding control), an arithmetic
 * reference nobody here wrote. For every operation, rounding mode and
 * format (binary32 and binary64), on edge-case and random operands:
 *   - the result bits are identical (NaNs: both NaN, and the propagated
 *     payload equal when one operand is a NaN);
 *   - invalid, zero-divide, overflow and inexact flags agree;
 *   - underflow agrees except where the ISA's tininess-BEFORE-rounding rule
 *     (Power ISA Book I 4.4.4) and x86's tininess-after-rounding differ,
 *     i.e. when the result is the smallest normal; there the expected UX is
 *     derived independently (the round-toward-zero host result is below the
 *     smallest normal);
 *   - FR (fraction rounded) agrees with "result differs from the host's
 *     round-toward-zero result" (inexact, finite results). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu-arith.h"
#include "fpu-fast.h"

#if !defined(__x86_64__)
int main(void)
{
    printf("fp-soft-test: host is not x86-64, no hardware reference: SKIP\n");
    return 77;
}
#else

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_FMS, OP_N };
static const char *op_name[OP_N] = { "add", "sub", "mul", "div", "sqrt",
                                     "fma", "fms" };

/* MXCSR: flags in bits 0..5 (IE DE ZE OE UE PE), masks 7..12, RC 13..14. */
#define MX_IE 0x01u
#define MX_ZE 0x04u
#define MX_OE 0x08u
#define MX_UE 0x10u
#define MX_PE 0x20u

static unsigned mx_rc(int rm)
{
    /* RC: 00 nearest, 01 down (-Inf), 10 up (+Inf), 11 toward zero. */
    switch (rm) {
    case FPU_RN: return 0;
    case FPU_RM: return 1;
    case FPU_RP: return 2;
    default: return 3;
    }
}

struct hres { uint64_t bits; unsigned flags; };

static struct hres host64(enum op op, int rm, uint64_t a, uint64_t b,
                          uint64_t c)
{
    unsigned csr = 0x1f80u | (mx_rc(rm) << 13), out;
    double x, y, z;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    memcpy(&z, &c, 8);
    __asm__ volatile("ldmxcsr %0" : : "m"(csr));
    switch (op) {
    case OP_ADD: __asm__ volatile("addsd %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_SUB: __asm__ volatile("subsd %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_DIV: __asm__ volatile("divsd %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_SQRT: __asm__ volatile("sqrtsd %1, %0" : "=x"(x) : "x"(y)); break;
    /* x = x*z + y (a * c + b) */
    case OP_FMA:
        __asm__ volatile("vfmadd231sd %2, %1, %0" : "+x"(y) : "x"(x), "x"(z));
        x = y;
        break;
    case OP_FMS:
        __asm__ volatile("vfmsub231sd %2, %1, %0" : "+x"(y) : "x"(x), "x"(z));
        x = y;
        break;
    default: break;
    }
    __asm__ volatile("stmxcsr %0" : "=m"(out));
    unsigned rst = 0x1f80u;
    __asm__ volatile("ldmxcsr %0" : : "m"(rst));
    struct hres r;
    memcpy(&r.bits, &x, 8);
    r.flags = out & 0x3f;
    return r;
}

static struct hres host32(enum op op, int rm, uint32_t a, uint32_t b,
                          uint32_t c)
{
    unsigned csr = 0x1f80u | (mx_rc(rm) << 13), out;
    float x, y, z;
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    memcpy(&z, &c, 4);
    __asm__ volatile("ldmxcsr %0" : : "m"(csr));
    switch (op) {
    case OP_ADD: __asm__ volatile("addss %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_SUB: __asm__ volatile("subss %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_MUL: __asm__ volatile("mulss %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_DIV: __asm__ volatile("divss %1, %0" : "+x"(x) : "x"(y)); break;
    case OP_SQRT: __asm__ volatile("sqrtss %1, %0" : "=x"(x) : "x"(y)); break;
    case OP_FMA:
        __asm__ volatile("vfmadd231ss %2, %1, %0" : "+x"(y) : "x"(x), "x"(z));
        x = y;
        break;
    case OP_FMS:
        __asm__ volatile("vfmsub231ss %2, %1, %0" : "+x"(y) : "x"(x), "x"(z));
        x = y;
        break;
    default: break;
    }
    __asm__ volatile("stmxcsr %0" : "=m"(out));
    unsigned rst = 0x1f80u;
    __asm__ volatile("ldmxcsr %0" : : "m"(rst));
    struct hres r;
    memcpy(&r.bits, &x, 4);
    r.bits &= 0xffffffffu;
    r.flags = out & 0x3f;
    return r;
}

static struct fpu_un soft(enum op op, struct fpu_status *st, struct fpu_un a,
                          struct fpu_un b, struct fpu_un c, enum fpu_fmt f)
{
    switch (op) {
    case OP_ADD: return fpu_add(st, a, b, f);
    case OP_SUB: return fpu_sub(st, a, b, f);
    case OP_MUL: return fpu_mul(st, a, b, f);
    case OP_DIV: return fpu_div(st, a, b, f);
    case OP_SQRT: return fpu_sqrt(st, b, f);
    case OP_FMA: return fpu_fma(st, a, c, b, false, f);
    default: return fpu_fma(st, a, c, b, true, f);
    }
}

/* xorshift64*: deterministic, seeded from the command line. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static const uint64_t edge64[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff4000000000001ull, 0xfff0000000000abcull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull,
    0x8010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x3fe0000000000000ull, 0x4000000000000000ull, 0x3ff0000000000001ull,
    0x3fefffffffffffffull, 0x0010000000000001ull, 0x001fffffffffffffull,
    0x3ca0000000000000ull, 0x7fe0000000000000ull, 0x0008000000000000ull,
};
static const uint32_t edge32[] = {
    0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u,
    0x7fc00000u, 0x7fa00001u, 0xff800abcu, 0x00000001u, 0x80000001u,
    0x007fffffu, 0x00800000u, 0x80800000u, 0x7f7fffffu, 0xff7fffffu,
    0x3f000000u, 0x40000000u, 0x3f800001u, 0x3f7fffffu, 0x00800001u,
    0x00ffffffu, 0x33800000u, 0x7f000000u, 0x00400000u,
};

/* An operand: an edge value, a random value with an exponent near the
 * interesting ranges, or a value close to a previous operand. */
static uint64_t gen64(uint64_t *s, uint64_t prev)
{
    uint64_t r = rnd(s);
    switch (r % 8) {
    case 0: return edge64[(r >> 8) % (sizeof(edge64) / 8)];
    case 1: return rnd(s);
    case 2: /* near the underflow threshold */
        return (rnd(s) & 0x800fffffffffffffull) | ((uint64_t)((r >> 8) % 60) << 52);
    case 3: /* near overflow */
        return (rnd(s) & 0x800fffffffffffffull) | ((uint64_t)(0x7fe - (r >> 8) % 40) << 52);
    case 4: /* close to prev (cancellation) */
        return prev ^ ((rnd(s) & 0xff) | ((r >> 20) & 1 ? 0x8000000000000000ull : 0));
    case 5: /* few significant bits (exact cases, ties) */
        return (rnd(s) & 0x800f000000000000ull) | ((uint64_t)(0x3f0 + (r >> 8) % 32) << 52);
    default:
        return (rnd(s) & 0x800fffffffffffffull) | ((uint64_t)(0x3c0 + (r >> 8) % 128) << 52);
    }
}

static uint32_t gen32(uint64_t *s, uint32_t prev)
{
    uint64_t r = rnd(s);
    switch (r % 8) {
    case 0: return edge32[(r >> 8) % (sizeof(edge32) / 4)];
    case 1: return (uint32_t)rnd(s);
    case 2: return ((uint32_t)rnd(s) & 0x807fffffu) | ((uint32_t)((r >> 8) % 30) << 23);
    case 3: return ((uint32_t)rnd(s) & 0x807fffffu) | ((uint32_t)(0xfe - (r >> 8) % 20) << 23);
    case 4: return prev ^ (((uint32_t)rnd(s) & 0xf) | ((r >> 20) & 1 ? 0x80000000u : 0));
    case 5: return ((uint32_t)rnd(s) & 0x807c0000u) | ((uint32_t)(0x78 + (r >> 8) % 16) << 23);
    default: return ((uint32_t)rnd(s) & 0x807fffffu) | ((uint32_t)(0x60 + (r >> 8) % 64) << 23);
    }
}

static int failures;

static void fail(const char *what, enum op op, int rm, int fmt, uint64_t a,
                 uint64_t b, uint64_t c, uint64_t got, uint64_t want,
                 unsigned sflags, unsigned hflags)
{
    if (++failures <= 30)
        printf("FAIL %s %s%s rm=%d a=%016" PRIx64 " b=%016" PRIx64
               " c=%016" PRIx64 " soft=%016" PRIx64 " host=%016" PRIx64
               " sflags=%08x hflags=%02x\n",
               what, op_name[op], fmt == FPU_SP ? "s" : "d", rm, a, b, c, got,
               want, sflags, hflags);
}

static bool isnan_bits(uint64_t x, int fmt)
{
    if (fmt == FPU_SP)
        return (x & 0x7fffffffu) > 0x7f800000u;
    return (x & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

/* One comparison. */
static void check(enum op op, int rm, int fmt, uint64_t a, uint64_t b,
                  uint64_t c)
{
    struct fpu_status st = { .rm = (uint8_t)rm, .oe = false, .ue = false,
                             .flags = 0 };
    struct fpu_un ua, ub, uc, r;
    struct hres h, hz;
    uint64_t got;
    uint64_t minnorm, absmask;
    if (fmt == FPU_SP) {
        ua = fpu_unpack32((uint32_t)a);
        ub = fpu_unpack32((uint32_t)b);
        uc = fpu_unpack32((uint32_t)c);
        r = soft(op, &st, ua, ub, uc, FPU_SP);
        got = fpu_pack32(r);
        h = host32(op, rm, (uint32_t)a, (uint32_t)b, (uint32_t)c);
        hz = host32(op, FPU_RZ, (uint32_t)a, (uint32_t)b, (uint32_t)c);
        minnorm = 0x00800000u;
        absmask = 0x7fffffffu;
    } else {
        ua = fpu_unpack64(a);
        ub = fpu_unpack64(b);
        uc = fpu_unpack64(c);
        r = soft(op, &st, ua, ub, uc, FPU_DP);
        got = fpu_pack64(r);
        h = host64(op, rm, a, b, c);
        hz = host64(op, FPU_RZ, a, b, c);
        minnorm = 0x0010000000000000ull;
        absmask = 0x7fffffffffffffffull;
    }
    bool any_nan_in = isnan_bits(a, fmt) || isnan_bits(b, fmt) ||
                      ((op == OP_FMA || op == OP_FMS) && isnan_bits(c, fmt));
    if (op == OP_SQRT)
        any_nan_in = isnan_bits(b, fmt);
    if (isnan_bits(h.bits, fmt) || isnan_bits(got, fmt)) {
        if (isnan_bits(h.bits, fmt) != isnan_bits(got, fmt))
            fail("nan-ness", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
        /* Single NaN operand: same quieted payload and sign. */
        int nn = isnan_bits(a, fmt) + isnan_bits(b, fmt) +
                 ((op == OP_FMA || op == OP_FMS) ? isnan_bits(c, fmt) : 0);
        if (op != OP_SQRT && nn == 1 && op != OP_FMS && got != h.bits)
            fail("nan-payload", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    } else if (got != h.bits) {
        fail("result", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    }
    bool s_inv = (st.flags & FPU_F_VX_ALL) != 0;
    /* Infinity x zero + QNaN: IEEE 754-2008 7.2 lets the implementation
     * choose; x86 does not signal, the Power ISA (xsmaddadp pseudocode:
     * vximz_flag independent of src3) does. */
    bool imz_qnan = (op == OP_FMA || op == OP_FMS) &&
                    (st.flags & FPU_F_VX_ALL) == FPU_F_VXIMZ &&
                    uc.cls != FPU_QNAN && ua.cls != FPU_QNAN &&
                    ub.cls == FPU_QNAN;
    if (imz_qnan)
        s_inv = (h.flags & MX_IE) != 0;
    if (s_inv != ((h.flags & MX_IE) != 0))
        fail("invalid", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    if (((st.flags & FPU_F_ZX) != 0) != ((h.flags & MX_ZE) != 0))
        fail("zerodiv", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    if (((st.flags & FPU_F_OX) != 0) != ((h.flags & MX_OE) != 0))
        fail("overflow", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    bool s_xx = (st.flags & FPU_F_XX) != 0;
    if (s_xx != ((h.flags & MX_PE) != 0))
        fail("inexact", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    if (((st.flags & FPU_F_FI) != 0) != s_xx)
        fail("fi", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    bool s_ux = (st.flags & FPU_F_UX) != 0;
    bool want_ux = (h.flags & MX_UE) != 0;
    if (!any_nan_in && (got & absmask) == minnorm && s_xx) {
        /* Tininess before rounding: the exact result was below the
         * smallest normal iff its truncation is. */
        want_ux = (hz.bits & absmask) < minnorm;
    }
    if (s_ux != want_ux)
        fail("underflow", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    if (!(st.flags & FPU_F_OX) && !any_nan_in && !s_inv) {
        bool want_fr = s_xx && (h.bits & absmask) != (hz.bits & absmask);
        if (((st.flags & FPU_F_FR) != 0) != want_fr)
            fail("fr", op, rm, fmt, a, b, c, got, h.bits, st.flags, h.flags);
    }
}

/* Power-specific behaviour the host cannot show: checked against values
 * from the ISA text. */
static void check_power_rules(void)
{
    struct fpu_status st = { .rm = FPU_RN };
    /* Default QNaN is 0x7FF8000000000000 (Book I 4.3.2), not x86's. */
    struct fpu_un r = fpu_sub(&st, fpu_unpack64(0x7ff0000000000000ull),
                              fpu_unpack64(0x7ff0000000000000ull), FPU_DP);
    if (fpu_pack64(r) != 0x7ff8000000000000ull || !(st.flags & FPU_F_VXISI)) {
        printf("FAIL default NaN/VXISI: %016" PRIx64 "\n", fpu_pack64(r));
        failures++;
    }
    /* fma NaN precedence is FRA, FRB, FRC (Book I 4.3.2). */
    st.flags = 0;
    r = fpu_fma(&st, fpu_unpack64(0x3ff0000000000000ull),
                fpu_unpack64(0x7ff8000000000003ull),
                fpu_unpack64(0x7ff0000000000002ull), false, FPU_DP);
    if (fpu_pack64(r) != 0x7ff8000000000002ull || !(st.flags & FPU_F_VXSNAN)) {
        printf("FAIL fma NaN precedence: %016" PRIx64 "\n", fpu_pack64(r));
        failures++;
    }
    /* Enabled overflow: exponent adjusted by -1536 (Book I 4.4.5). */
    st.flags = 0;
    st.oe = true;
    r = fpu_mul(&st, fpu_unpack64(0x7fe0000000000000ull),
                fpu_unpack64(0x4000000000000000ull), FPU_DP);
    /* 2^1023 * 2 = 2^1024 -> 2^(1024-1536) = 2^-512 */
    if (fpu_pack64(r) != ((uint64_t)(1023 - 512) << 52) || !(st.flags & FPU_F_OX)) {
        printf("FAIL enabled overflow: %016" PRIx64 "\n", fpu_pack64(r));
        failures++;
    }
    /* Enabled underflow: +1536 (Book I 4.4.4), UX even when exact. */
    st.flags = 0;
    st.oe = false;
    st.ue = true;
    r = fpu_mul(&st, fpu_unpack64(0x0010000000000000ull),
                fpu_unpack64(0x3fe0000000000000ull), FPU_DP);
    if (fpu_pack64(r) != ((uint64_t)(1 - 1023 - 1 + 1536 + 1023) << 52) ||
        !(st.flags & FPU_F_UX) || (st.flags & FPU_F_XX)) {
        printf("FAIL enabled underflow: %016" PRIx64 " flags %08x\n",
               fpu_pack64(r), st.flags);
        failures++;
    }
    /* Single-precision rounding of double operands (fadds): the sum of
     * 1 and 2^-24 + 2^-60 rounds up in single precision (no double
     * rounding through a double intermediate). */
    st = (struct fpu_status){ .rm = FPU_RN };
    r = fpu_add(&st, fpu_unpack64(0x3ff0000000000000ull),
                fpu_unpack64(0x3e70000000001000ull), FPU_SP);
    if (fpu_pack64(r) != 0x3ff0000020000000ull || !(st.flags & FPU_F_FR)) {
        printf("FAIL fadds rounding: %016" PRIx64 "\n", fpu_pack64(r));
        failures++;
    }
}

/* Quad precision against the compiler's binary128 (__float128, libgcc's
 * soft-fp): values in round-to-nearest (libgcc ignores the dynamic
 * rounding mode and flags here), on edge and random operands. */
static fpu_u128 gen128(uint64_t *s)
{
    uint64_t r = rnd(s);
    fpu_u128 frac = ((fpu_u128)rnd(s) << 64 | rnd(s)) & (((fpu_u128)1 << 112) - 1);
    fpu_u128 sign = (fpu_u128)(r & 1) << 127;
    unsigned e;
    switch ((r >> 1) % 6) {
    case 0: e = 0; break;                                   /* denormal/0 */
    case 1: e = 0x7fff; frac = (r >> 8) & 1 ? frac : 0; break;   /* Inf/NaN */
    case 2: e = 1 + (unsigned)((r >> 8) % 40); break;       /* tiny */
    case 3: e = 0x7ffe - (unsigned)((r >> 8) % 40); break;  /* huge */
    case 4: e = 0x3fff + (unsigned)((r >> 8) % 8) - 4;      /* few bits */
            frac &= ~(((fpu_u128)1 << 100) - 1); break;
    default: e = 0x3fff + (unsigned)((r >> 8) % 200) - 100; break;
    }
    return sign | ((fpu_u128)e << 112) | frac;
}

static bool qnan(fpu_u128 x)
{
    return ((x >> 112) & 0x7fff) == 0x7fff && (x & (((fpu_u128)1 << 112) - 1));
}

static void check_quad(uint64_t *s, long n)
{
    long checked = 0;
    for (long i = 0; i < n; i++) {
        fpu_u128 a = gen128(s), b = gen128(s);
        if (i & 1)
            b = a ^ ((fpu_u128)rnd(s) & 0xffff);    /* close: cancellation */
        __float128 x, y, z;
        memcpy(&x, &a, 16);
        memcpy(&y, &b, 16);
        for (int op = 0; op < 4; op++) {
            struct fpu_status st = { .rm = FPU_RN };
            struct fpu_un r;
            switch (op) {
            case 0: z = x + y; r = fpu_add(&st, fpu_unpack128(a), fpu_unpack128(b), FPU_QP); break;
            case 1: z = x - y; r = fpu_sub(&st, fpu_unpack128(a), fpu_unpack128(b), FPU_QP); break;
            case 2: z = x * y; r = fpu_mul(&st, fpu_unpack128(a), fpu_unpack128(b), FPU_QP); break;
            default: z = x / y; r = fpu_div(&st, fpu_unpack128(a), fpu_unpack128(b), FPU_QP); break;
            }
            fpu_u128 want, got = fpu_pack128(r);
            memcpy(&want, &z, 16);
            checked++;
            if (qnan(want) || qnan(got)) {
                if (qnan(want) != qnan(got))
                    failures++;
                continue;
            }
            if (want != got && ++failures <= 40)
                printf("FAIL quad op %d a=%016" PRIx64 "%016" PRIx64 " b=%016"
                       PRIx64 "%016" PRIx64 " soft=%016" PRIx64 "%016" PRIx64
                       " host=%016" PRIx64 "%016" PRIx64 "\n", op,
                       (uint64_t)(a >> 64), (uint64_t)a, (uint64_t)(b >> 64),
                       (uint64_t)b, (uint64_t)(got >> 64), (uint64_t)got,
                       (uint64_t)(want >> 64), (uint64_t)want);
        }
    }
    printf("quad: %ld add/sub/mul/div vectors checked against __float128\n",
           checked);
}

/* The host fast path of the engine (fpu-fast.h) must give the same bits
 * and flags as the soft-float core whenever it accepts an operation. */
static void check_fast_path(uint64_t *s, long n)
{
    static const enum fpu_fast_op ops[] = { FF_ADD, FF_SUB, FF_MUL, FF_DIV,
                                            FF_FMA, FF_FMS };
    long used = 0;
    bool fma = fpu_fast_have_fma();
    for (long i = 0; i < n; i++) {
        uint64_t a = gen64(s, 0), b = gen64(s, a), c = gen64(s, b);
        for (unsigned k = 0; k < 6; k++) {
            for (unsigned rm = 0; rm < 4; rm++) {
                uint64_t fr;
                uint32_t fl;
                if (!fpu_fast_dp(ops[k], a, b, c, rm, fma, &fr, &fl))
                    continue;
                used++;
                struct fpu_status st = { .rm = (uint8_t)rm };
                struct fpu_un ua = fpu_unpack64(a), ub = fpu_unpack64(b),
                              uc = fpu_unpack64(c), r;
                switch (ops[k]) {
                case FF_ADD: r = fpu_add(&st, ua, ub, FPU_DP); break;
                case FF_SUB: r = fpu_sub(&st, ua, ub, FPU_DP); break;
                case FF_MUL: r = fpu_mul(&st, ua, ub, FPU_DP); break;
                case FF_DIV: r = fpu_div(&st, ua, ub, FPU_DP); break;
                case FF_FMA: r = fpu_fma(&st, ua, uc, ub, false, FPU_DP); break;
                default: r = fpu_fma(&st, ua, uc, ub, true, FPU_DP); break;
                }
                if (fpu_pack64(r) != fr || st.flags != fl) {
                    if (++failures <= 40)
                        printf("FAIL fast path op %u rm %u a=%016" PRIx64
                               " b=%016" PRIx64 " c=%016" PRIx64 " fast=%016"
                               PRIx64 "/%08x soft=%016" PRIx64 "/%08x\n", k, rm,
                               a, b, c, fr, fl, fpu_pack64(r), st.flags);
                }
            }
        }
    }
    printf("fast path: %ld operations taken and checked against the soft core\n",
           used);
}

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x9e3779b97f4a7c15ull;
    long n = argc > 2 ? strtol(argv[2], NULL, 0) : 200000;
    uint64_t s = seed ? seed : 1;
    long count[2][OP_N] = { { 0 } };
    check_power_rules();
    check_fast_path(&s, n / 2);
    check_quad(&s, n / 4);
    for (int fmt = FPU_SP; fmt <= FPU_DP; fmt++) {
        for (int op = 0; op < OP_N; op++) {
            uint64_t a = 0, b = 0, c = 0;
            for (long i = 0; i < n; i++) {
                if (fmt == FPU_SP) {
                    a = gen32(&s, (uint32_t)c);
                    b = gen32(&s, (uint32_t)a);
                    c = gen32(&s, (uint32_t)b);
                } else {
                    a = gen64(&s, c);
                    b = gen64(&s, a);
                    c = gen64(&s, b);
                }
                if ((op == OP_FMA || op == OP_FMS) && (i & 1)) {
                    /* Make a*c close to -b: cancellation in the fused add. */
                    struct fpu_status t = { .rm = FPU_RN };
                    if (fmt == FPU_SP)
                        b = fpu_pack32(fpu_mul(&t, fpu_unpack32((uint32_t)a),
                                               fpu_unpack32((uint32_t)c), FPU_SP)) ^
                            (op == OP_FMA ? 0x80000000u : 0);
                    else
                        b = fpu_pack64(fpu_mul(&t, fpu_unpack64(a), fpu_unpack64(c),
                                               FPU_DP)) ^
                            (op == OP_FMA ? 0x8000000000000000ull : 0);
                }
                for (int rm = 0; rm < 4; rm++)
                    check((enum op)op, rm, fmt, a, b, c);
                count[fmt][op]++;
            }
        }
    }
    for (int fmt = FPU_SP; fmt <= FPU_DP; fmt++)
        for (int op = 0; op < OP_N; op++)
            printf("%s%s: %ld vectors x 4 rounding modes\n", op_name[op],
                   fmt == FPU_SP ? "s" : "d", count[fmt][op]);
    printf("fp-soft-test: %d failures\n", failures);
    return failures ? 1 : 0;
}
#endif
