/* engine/fpu-soft.c: exact soft-float core (see fpu-soft.h): unpack/pack of
 * binary32/64/128, the Power rounding function, and exact add, multiply,
 * divide, square root and fused multiply-add on unpacked values. */
#include "fpu-soft.h"

struct fpu_fmtp {
    unsigned p;        /* precision in bits, hidden bit included */
    int32_t emin, emax;
    int32_t alpha;     /* exponent adjustment of trapped over/underflow */
};

/* Power ISA Book I 4.4.4/4.4.5 (and 7.4 for quad precision): the exponent
 * adjustment for enabled overflow/underflow is 192 (single), 1536 (double)
 * and 24576 (quad). */
static const struct fpu_fmtp fpu_fmts[6] = {
    [FPU_SP] = { 24, -126, 127, 192 },
    [FPU_DP] = { 53, -1022, 1023, 1536 },
    [FPU_QP] = { 113, -16382, 16383, 24576 },
    [FPU_XP] = { 64, -16382, 16383, 24576 },
    [FPU_HP] = { 11, -14, 15, 24 },
    [FPU_BF] = { 8, -126, 127, 192 },
};

static inline unsigned clz128(fpu_u128 m)
{
    uint64_t hi = (uint64_t)(m >> 64);
    if (hi)
        return (unsigned)__builtin_clzll(hi);
    uint64_t lo = (uint64_t)m;
    return lo ? 64 + (unsigned)__builtin_clzll(lo) : 128;
}

/* ---- unpack / pack --------------------------------------------------- */

static struct fpu_un unpack_bits(bool s, uint32_t ex, fpu_u128 frac,
                                 unsigned fbits, int32_t bias, uint32_t exmax)
{
    struct fpu_un v = { .s = s, .e = 0, .m = 0, .cls = FPU_ZERO };
    unsigned sh = 126 - fbits;
    if (ex == exmax) {
        v.m = frac << sh;
        if (frac == 0)
            v.cls = FPU_INF;
        else
            v.cls = (v.m >> 125) & 1 ? FPU_QNAN : FPU_SNAN;
        return v;
    }
    if (ex == 0) {
        if (frac == 0)
            return v;
        v.cls = FPU_NORM;
        v.m = frac << sh;
        v.e = 1 - bias;
        return fpu_normalize(v);
    }
    v.cls = FPU_NORM;
    v.m = (frac | ((fpu_u128)1 << fbits)) << sh;
    v.e = (int32_t)ex - bias;
    return v;
}

struct fpu_un fpu_unpack16(uint16_t x)
{
    return unpack_bits(x >> 15, (x >> 10) & 0x1f, x & 0x3ff, 10, 15, 0x1f);
}

struct fpu_un fpu_unpack32(uint32_t x)
{
    return unpack_bits(x >> 31, (x >> 23) & 0xff, x & 0x7fffff, 23, 127,
                       0xff);
}

struct fpu_un fpu_unpack64(uint64_t x)
{
    return unpack_bits(x >> 63, (x >> 52) & 0x7ff, x & 0xfffffffffffffull,
                       52, 1023, 0x7ff);
}

struct fpu_un fpu_unpack128(fpu_u128 x)
{
    return unpack_bits((bool)(x >> 127), (uint32_t)(x >> 112) & 0x7fff,
                       x & (((fpu_u128)1 << 112) - 1), 112, 16383, 0x7fff);
}

/* Biased exponent and fraction of v for a format with fbits fraction bits,
 * exponent bias and all-ones exponent exmax. */
static fpu_u128 pack_bits(struct fpu_un v, unsigned fbits, int32_t bias,
                          uint32_t exmax)
{
    fpu_u128 s = (fpu_u128)v.s << (fbits + (exmax == 0x1f ? 5 :
                                            exmax == 0xff ? 8 :
                                            exmax == 0x7ff ? 11 : 15));
    fpu_u128 fmask = ((fpu_u128)1 << fbits) - 1;
    unsigned sh = 126 - fbits;
    switch (v.cls) {
    case FPU_ZERO:
        return s;
    case FPU_INF:
        return s | ((fpu_u128)exmax << fbits);
    case FPU_QNAN:
    case FPU_SNAN:
        return s | ((fpu_u128)exmax << fbits) | ((v.m >> sh) & fmask);
    default:
        break;
    }
    v = fpu_normalize(v);
    int32_t emin = 1 - bias;
    if (v.e >= emin)
        return s | ((fpu_u128)(uint32_t)(v.e + bias) << fbits) |
               ((v.m >> sh) & fmask);
    /* Denormal: fraction with exponent field 0. */
    unsigned d = (unsigned)(emin - v.e);
    return s | (d + sh >= 128 ? 0 : (v.m >> (sh + d)));
}

uint16_t fpu_pack16(struct fpu_un v)
{
    return (uint16_t)pack_bits(v, 10, 15, 0x1f);
}

uint32_t fpu_pack32(struct fpu_un v)
{
    return (uint32_t)pack_bits(v, 23, 127, 0xff);
}

uint64_t fpu_pack64(struct fpu_un v)
{
    return (uint64_t)pack_bits(v, 52, 1023, 0x7ff);
}

fpu_u128 fpu_pack128(struct fpu_un v)
{
    return pack_bits(v, 112, 16383, 0x7fff);
}

/* ---- rounding ----------------------------------------------------------- */

/* Power ISA Book I 4.4.4 (Underflow Exception): a result is "tiny" when
 * the nonzero intermediate result, computed with unbounded precision and
 * exponent range, is less in magnitude than the smallest normalized
 * number, i.e. tininess is detected BEFORE rounding (unlike x86 SSE, which
 * detects it after rounding). With UE=0, underflow is signalled only when
 * the tiny result is also inexact ("loss of accuracy"); with UE=1 it is
 * signalled whenever the result is tiny and the result is delivered with
 * the exponent adjusted by +alpha. Overflow (4.4.5) is detected after
 * rounding to the target precision with an unbounded exponent. */
struct fpu_un fpu_round(struct fpu_status *st, enum fpu_fmt fmt, bool s,
                        int32_t e, fpu_u128 m)
{
    const struct fpu_fmtp *f = &fpu_fmts[fmt];
    struct fpu_un r = { .s = s, .cls = FPU_NORM, .e = e, .m = m };
    r = fpu_normalize(r);
    e = r.e;
    m = r.m;

    bool tiny = false;
    if (e < f->emin) {
        if (st->ue) {
            e += f->alpha;
            st->flags |= FPU_F_UX;
        } else {
            tiny = true;
            m = fpu_shr_jam(m, (unsigned)(f->emin - e));
            e = f->emin;
        }
    }
    unsigned L = 127 - f->p;
    fpu_u128 lowmask = ((fpu_u128)1 << L) - 1;
    fpu_u128 rb = m & lowmask, half = (fpu_u128)1 << (L - 1);
    fpu_u128 q = m >> L;
    bool inc = false;
    switch (st->rm) {
    case FPU_RN:
        inc = rb > half || (rb == half && (q & 1));
        break;
    case FPU_RP:
        inc = !s && rb;
        break;
    case FPU_RM:
        inc = s && rb;
        break;
    default:
        break;
    }
    if (rb) {
        st->flags |= FPU_F_XX | FPU_F_FI;
        if (tiny)
            st->flags |= FPU_F_UX;
    }
    if (inc) {
        q++;
        st->flags |= FPU_F_FR;
    }
    if (st->rm == FPU_RO && rb && !(q & 1)) {
        q |= 1;                 /* round to odd: the fraction grows */
        st->flags |= FPU_F_FR;
    }
    if (q >> f->p) {
        q >>= 1;
        e++;
    }
    if (q == 0) {
        r.cls = FPU_ZERO;
        r.m = 0;
        r.e = 0;
        return r;
    }
    if (e > f->emax) {
        if (st->oe) {
            e -= f->alpha;
            st->flags |= FPU_F_OX;
        } else {
            /* 4.4.5, OE=0: OX and XX set; the result is Inf or the largest
             * finite number by rounding mode and sign. FI is set; FR is
             * cleared (the delivered value is not a rounded fraction). */
            st->flags |= FPU_F_OX | FPU_F_XX | FPU_F_FI;
            st->flags &= ~FPU_F_FR;
            bool to_inf;
            switch (st->rm) {
            case FPU_RN: to_inf = true; break;
            case FPU_RP: to_inf = !s; break;
            case FPU_RM: to_inf = s; break;
            default: to_inf = false; break;
            }
            if (to_inf) {
                r.cls = FPU_INF;
                r.m = 0;
                r.e = 0;
                return r;
            }
            e = f->emax;
            q = ((fpu_u128)1 << f->p) - 1;
        }
    }
    r.e = e;
    r.m = q << L;
    return fpu_normalize(r);
}

/* ---- 256-bit helpers for fma/sqrt ------------------------------------ */

struct u256 { fpu_u128 hi, lo; };

static void mul128(fpu_u128 a, fpu_u128 b, struct u256 *p)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
    uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    fpu_u128 p00 = (fpu_u128)a0 * b0, p01 = (fpu_u128)a0 * b1;
    fpu_u128 p10 = (fpu_u128)a1 * b0, p11 = (fpu_u128)a1 * b1;
    fpu_u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    p->lo = (uint64_t)p00 | (mid << 64);
    p->hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
}

static void shr256_jam(struct u256 *x, unsigned n)
{
    if (n == 0)
        return;
    if (n >= 256) {
        x->lo = (x->hi | x->lo) != 0;
        x->hi = 0;
        return;
    }
    if (n >= 128) {
        bool st = x->lo != 0;
        x->lo = fpu_shr_jam(x->hi, n - 128) | st;
        x->hi = 0;
        return;
    }
    bool st = (x->lo & (((fpu_u128)1 << n) - 1)) != 0;
    x->lo = (x->lo >> n) | (x->hi << (128 - n)) | st;
    x->hi >>= n;
}

static int cmp256(const struct u256 *a, const struct u256 *b)
{
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return 0;
}

static void add256(struct u256 *a, const struct u256 *b)
{
    fpu_u128 lo = a->lo + b->lo;
    a->hi += b->hi + (lo < a->lo);
    a->lo = lo;
}

static void sub256(struct u256 *a, const struct u256 *b)
{
    fpu_u128 lo = a->lo - b->lo;
    a->hi -= b->hi + (a->lo < b->lo);
    a->lo = lo;
}

static unsigned bitlen256(const struct u256 *x)
{
    if (x->hi)
        return 256 - clz128(x->hi);
    return x->lo ? 128 - clz128(x->lo) : 0;
}

/* ---- exact operations ------------------------------------------------ */

void fpu_add_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r)
{
    a = fpu_normalize(a);
    b = fpu_normalize(b);
    if (a.e < b.e || (a.e == b.e && a.m < b.m)) {
        struct fpu_un t = a;
        a = b;
        b = t;
    }
    uint32_t d = (uint32_t)(a.e - b.e);
    fpu_u128 bm = fpu_shr_jam(b.m, d > 200 ? 200 : d);
    r->s = a.s;
    r->e = a.e;
    r->m = a.s == b.s ? a.m + bm : a.m - bm;
    r->cls = r->m ? FPU_NORM : FPU_ZERO;
}

void fpu_mul_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r)
{
    a = fpu_normalize(a);
    b = fpu_normalize(b);
    struct u256 p;
    mul128(a.m, b.m, &p);
    fpu_u128 sticky = (p.lo & (((fpu_u128)1 << 126) - 1)) != 0;
    r->m = (p.hi << 2) | (p.lo >> 126) | sticky;
    r->e = a.e + b.e;
    r->s = a.s ^ b.s;
    r->cls = FPU_NORM;
}

void fpu_div_exact(struct fpu_un a, struct fpu_un b, struct fpu_un *r,
                   bool wide)
{
    a = fpu_normalize(a);
    b = fpu_normalize(b);
    r->s = a.s ^ b.s;
    r->cls = FPU_NORM;
    if (!wide && (b.m & (((fpu_u128)1 << 63) - 1)) == 0) {
        /* Divisor of at most 64 significant bits, result of at most 53:
         * one 128/64 division gives >= 63 quotient bits plus the
         * remainder (the sticky bit). */
        uint64_t d = (uint64_t)(b.m >> 63);
        fpu_u128 q = a.m / d, rem = a.m % d;
        r->m = q | (rem != 0);
        r->e = a.e - b.e + 63;
        return;
    }
    /* Long division, one quotient bit per step (quad precision). */
    fpu_u128 rem = a.m, q = 0;
    for (int i = 0; i < 128; i++) {
        q <<= 1;
        if (rem >= b.m) {
            rem -= b.m;
            q |= 1;
        }
        rem <<= 1;
    }
    r->m = q | (rem != 0);
    r->e = a.e - b.e - 1;
}

void fpu_sqrt_exact(struct fpu_un a, struct fpu_un *r)
{
    a = fpu_normalize(a);
    /* value = m * 2^E with E = e - 126. Radicand N = m << k with E - k
     * even; sqrt = isqrt(N) * 2^((E - k) / 2). */
    int32_t E = a.e - 126;
    unsigned k = ((E - 104) & 1) ? 105 : 104;
    struct u256 n = { .hi = a.m >> (128 - k), .lo = a.m << k };
    unsigned bits = bitlen256(&n);
    unsigned pairs = (bits + 1) / 2;
    fpu_u128 rem = 0, root = 0;
    for (int i = (int)pairs - 1; i >= 0; i--) {
        unsigned pos = 2 * (unsigned)i;
        unsigned two;
        if (pos >= 128)
            two = (unsigned)(n.hi >> (pos - 128)) & 3;
        else if (pos == 127)
            two = (unsigned)((n.lo >> 127) | ((n.hi & 1) << 1));
        else
            two = (unsigned)(n.lo >> pos) & 3;
        rem = (rem << 2) | two;
        fpu_u128 trial = (root << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    r->s = false;
    r->cls = FPU_NORM;
    r->m = (root << 1) | (rem != 0);
    r->e = (E - (int32_t)k) / 2 + 126 - 1;
}

void fpu_fma_exact(struct fpu_un a, struct fpu_un c, struct fpu_un b,
                   struct fpu_un *r)
{
    a = fpu_normalize(a);
    c = fpu_normalize(c);
    b = fpu_normalize(b);
    struct u256 p, q = { .hi = b.m >> 2, .lo = b.m << 126 };
    mul128(a.m, c.m, &p);
    bool ps = a.s ^ c.s;
    int32_t pe = a.e + c.e, e;
    /* p = product * 2^(pe - 252), q = b * 2^(b.e - 252). */
    if (pe >= b.e) {
        shr256_jam(&q, (unsigned)(pe - b.e > 300 ? 300 : pe - b.e));
        e = pe;
    } else {
        shr256_jam(&p, (unsigned)(b.e - pe > 300 ? 300 : b.e - pe));
        e = b.e;
    }
    bool s = ps;
    if (ps == b.s) {
        add256(&p, &q);
    } else if (cmp256(&p, &q) >= 0) {
        sub256(&p, &q);
    } else {
        sub256(&q, &p);
        p = q;
        s = b.s;
    }
    r->s = s;
    unsigned len = bitlen256(&p);
    if (len == 0) {
        r->cls = FPU_ZERO;
        r->m = 0;
        r->e = 0;
        return;
    }
    unsigned k = len > 127 ? len - 127 : 0;
    shr256_jam(&p, k);
    r->cls = FPU_NORM;
    r->m = p.lo;
    r->e = e - 126 + (int32_t)k;
}
