/* engine/vmx-int.c: VMX integer arithmetic and logical instructions
 * (Power ISA Book I 6.9-6.10): modulo and saturating add/subtract
 * (saturation sets VSCR[SAT]), carries, 128-bit add/subtract, average,
 * absolute difference, min/max, multiplies and multiply-sums, sums
 * across, logical, shifts and rotates, counts (clz/ctz/popcnt/parity),
 * negate and sign extension. Rows: insn-vmx.def. */
#include "vmx-elem.h"

/* ---- add / subtract ------------------------------------------------ */
V2(vaddubm, B, x + y)
V2(vadduhm, H, x + y)
V2(vadduwm, W, x + y)
V2(vaddudm, D, x + y)
V2(vsububm, B, x - y)
V2(vsubuhm, H, x - y)
V2(vsubuwm, W, x - y)
V2(vsubudm, D, x - y)
V2(vaddcuw, W, ((uint64_t)x + y) >> 32)
V2(vsubcuw, W, x >= y)

V2(vaddubs, B, sat_u(cpu, (int64_t)x + y, 0xff))
V2(vadduhs, H, sat_u(cpu, (int64_t)x + y, 0xffff))
V2(vadduws, W, sat_u(cpu, (int64_t)x + y, 0xffffffffu))
V2(vsububs, B, sat_u(cpu, (int64_t)x - y, 0xff))
V2(vsubuhs, H, sat_u(cpu, (int64_t)x - y, 0xffff))
V2(vsubuws, W, sat_u(cpu, (int64_t)x - y, 0xffffffffu))
V2(vaddsbs, B, sat_s(cpu, (int64_t)(int8_t)x + (int8_t)y, INT8_MIN, INT8_MAX))
V2(vaddshs, H, sat_s(cpu, (int64_t)(int16_t)x + (int16_t)y, INT16_MIN, INT16_MAX))
V2(vaddsws, W, sat_s(cpu, (int64_t)(int32_t)x + (int32_t)y, INT32_MIN, INT32_MAX))
V2(vsubsbs, B, sat_s(cpu, (int64_t)(int8_t)x - (int8_t)y, INT8_MIN, INT8_MAX))
V2(vsubshs, H, sat_s(cpu, (int64_t)(int16_t)x - (int16_t)y, INT16_MIN, INT16_MAX))
V2(vsubsws, W, sat_s(cpu, (int64_t)(int32_t)x - (int32_t)y, INT32_MIN, INT32_MAX))

/* 128-bit forms: the whole register as one unsigned integer. */
static inline u128 carry_add(u128 a, u128 b, unsigned cin, unsigned *cout)
{
    u128 s = a + b;
    unsigned c = s < a;
    u128 s2 = s + cin;
    c |= s2 < s;
    *cout = c;
    return s2;
}

#define VQ3(id, body) \
PPC_EXEC(id) \
{ \
    u128 a = VR(VRA).q, b = VR(VRB).q; \
    unsigned c = (unsigned)(VR(VRC).q & 1), co = 0; \
    (void)c; (void)co; \
    u128 r; \
    body; \
    VR(VRT).q = r; \
    return 0; \
}
VQ3(vadduqm, r = a + b)
VQ3(vaddcuq, carry_add(a, b, 0, &co); r = co)
VQ3(vsubuqm, r = a - b)
VQ3(vsubcuq, carry_add(a, ~b, 1, &co); r = co)
VQ3(vaddeuqm, r = carry_add(a, b, c, &co))
VQ3(vaddecuq, carry_add(a, b, c, &co); r = co)
VQ3(vsubeuqm, r = carry_add(a, ~b, c, &co))
VQ3(vsubecuq, carry_add(a, ~b, c, &co); r = co)

/* ---- average, absolute difference, min/max --------------------------- */
V2(vavgub, B, ((uint64_t)x + y + 1) >> 1)
V2(vavguh, H, ((uint64_t)x + y + 1) >> 1)
V2(vavguw, W, ((uint64_t)x + y + 1) >> 1)
V2(vavgsb, B, ((int64_t)(int8_t)x + (int8_t)y + 1) >> 1)
V2(vavgsh, H, ((int64_t)(int16_t)x + (int16_t)y + 1) >> 1)
V2(vavgsw, W, ((int64_t)(int32_t)x + (int32_t)y + 1) >> 1)
V2(vabsdub, B, x > y ? x - y : y - x)
V2(vabsduh, H, x > y ? x - y : y - x)
V2(vabsduw, W, x > y ? x - y : y - x)

V2(vmaxub, B, x > y ? x : y)
V2(vmaxuh, H, x > y ? x : y)
V2(vmaxuw, W, x > y ? x : y)
V2(vmaxud, D, x > y ? x : y)
V2(vminub, B, x < y ? x : y)
V2(vminuh, H, x < y ? x : y)
V2(vminuw, W, x < y ? x : y)
V2(vminud, D, x < y ? x : y)
V2(vmaxsb, B, (int8_t)x > (int8_t)y ? x : y)
V2(vmaxsh, H, (int16_t)x > (int16_t)y ? x : y)
V2(vmaxsw, W, (int32_t)x > (int32_t)y ? x : y)
V2(vmaxsd, D, (int64_t)x > (int64_t)y ? x : y)
V2(vminsb, B, (int8_t)x < (int8_t)y ? x : y)
V2(vminsh, H, (int16_t)x < (int16_t)y ? x : y)
V2(vminsw, W, (int32_t)x < (int32_t)y ? x : y)
V2(vminsd, D, (int64_t)x < (int64_t)y ? x : y)

/* ---- logical ---------------------------------------------------------- */
#define VL(id, expr) \
PPC_EXEC(id) \
{ \
    u128 x = VR(VRA).q, y = VR(VRB).q; \
    VR(VRT).q = (expr); \
    return 0; \
}
VL(vand, x & y)
VL(vandc, x & ~y)
VL(vor, x | y)
VL(vorc, x | ~y)
VL(vxor, x ^ y)
VL(vnor, ~(x | y))
VL(vnand, ~(x & y))
VL(veqv, ~(x ^ y))

/* ---- shifts and rotates ---------------------------------------------- */
static inline uint64_t rotl(uint64_t x, unsigned n, unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : ((1ull << bits) - 1);
    n &= bits - 1;
    x &= m;
    return n ? ((x << n) | (x >> (bits - n))) & m : x;
}
V2(vslb, B, x << (y & 7))
V2(vslh, H, x << (y & 15))
V2(vslw, W, x << (y & 31))
V2(vsld, D, x << (y & 63))
V2(vsrb, B, x >> (y & 7))
V2(vsrh, H, x >> (y & 15))
V2(vsrw, W, x >> (y & 31))
V2(vsrd, D, x >> (y & 63))
V2(vsrab, B, (int8_t)x >> (y & 7))
V2(vsrah, H, (int16_t)x >> (y & 15))
V2(vsraw, W, (int32_t)x >> (y & 31))
V2(vsrad, D, (int64_t)x >> (y & 63))
V2(vrlb, B, rotl(x, y, 8))
V2(vrlh, H, rotl(x, y, 16))
V2(vrlw, W, rotl(x, y, 32))
V2(vrld, D, rotl(x, y, 64))

/* ---- multiplies ---------------------------------------------------- */
/* Even/odd: products of elements 2i (even) or 2i+1 (odd), double width. */
#define VMULEO(id, S, W2, odd, sgn) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    for (int i = 0; i < N_##S / 2; i++) { \
        int k = 2 * i + (odd); \
        if (sgn) \
            EL(W2, t, i) = (U_##W2)((S_##W2)(S_##S)EL(S, a, k) * \
                                    (S_##W2)(S_##S)EL(S, b, k)); \
        else \
            EL(W2, t, i) = (U_##W2)((U_##W2)EL(S, a, k) * EL(S, b, k)); \
    } \
    VR(VRT) = t; \
    return 0; \
}
VMULEO(vmuleub, B, H, 0, 0)
VMULEO(vmuloub, B, H, 1, 0)
VMULEO(vmulesb, B, H, 0, 1)
VMULEO(vmulosb, B, H, 1, 1)
VMULEO(vmuleuh, H, W, 0, 0)
VMULEO(vmulouh, H, W, 1, 0)
VMULEO(vmulesh, H, W, 0, 1)
VMULEO(vmulosh, H, W, 1, 1)
VMULEO(vmuleuw, W, D, 0, 0)
VMULEO(vmulouw, W, D, 1, 0)
VMULEO(vmulesw, W, D, 0, 1)
VMULEO(vmulosw, W, D, 1, 1)

#define VMULD(id, odd, sgn) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB); \
    uint64_t x = ED(a, odd), y = ED(b, odd); \
    VR(VRT).q = sgn ? (u128)((__int128)(int64_t)x * (int64_t)y) \
                    : (u128)x * y; \
    return 0; \
}
VMULD(vmuleud, 0, 0)
VMULD(vmuloud, 1, 0)
VMULD(vmulesd, 0, 1)
VMULD(vmulosd, 1, 1)

V2(vmuluwm, W, x * y)
V2(vmulld, D, x * y)
V2(vmulhuw, W, ((uint64_t)x * y) >> 32)
V2(vmulhsw, W, ((int64_t)(int32_t)x * (int32_t)y) >> 32)
V2(vmulhud, D, (uint64_t)(((u128)x * y) >> 64))
V2(vmulhsd, D, (uint64_t)((__int128)(int64_t)x * (int64_t)y >> 64))

/* Multiply-sum: t.w[i] = c.w[i] + sum of the products in word i. */
#define VMSUM(id, S, sgna, sgnb, satur) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t; \
    const int per = N_##S / 4; \
    for (int i = 0; i < 4; i++) { \
        int64_t s = (satur) == 2 ? (int64_t)(int32_t)EW(c, i) : (int64_t)EW(c, i); \
        for (int j = 0; j < per; j++) { \
            U_##S x = EL(S, a, i * per + j), y = EL(S, b, i * per + j); \
            int64_t px = sgna ? (int64_t)(S_##S)x : (int64_t)x; \
            int64_t py = sgnb ? (int64_t)(S_##S)y : (int64_t)y; \
            s += px * py; \
        } \
        if ((satur) == 1) \
            EW(t, i) = (uint32_t)sat_u(cpu, s, 0xffffffffu); \
        else if ((satur) == 2) \
            EW(t, i) = (uint32_t)sat_s(cpu, s, INT32_MIN, INT32_MAX); \
        else \
            EW(t, i) = (uint32_t)s; \
    } \
    VR(VRT) = t; \
    return 0; \
}
VMSUM(vmsumubm, B, 0, 0, 0)
VMSUM(vmsummbm, B, 1, 0, 0)
VMSUM(vmsumuhm, H, 0, 0, 0)
VMSUM(vmsumshm, H, 1, 1, 0)
VMSUM(vmsumuhs, H, 0, 0, 1)
VMSUM(vmsumshs, H, 1, 1, 2)

PPC_EXEC(vmsumudm)
{
    ppc_vsr a = VR(VRA), b = VR(VRB);
    VR(VRT).q = VR(VRC).q + (u128)ED(a, 0) * ED(b, 0) + (u128)ED(a, 1) * ED(b, 1);
    return 0;
}

PPC_EXEC(vmsumcud)
{
    ppc_vsr a = VR(VRA), b = VR(VRB);
    u128 p0 = (u128)ED(a, 0) * ED(b, 0), p1 = (u128)ED(a, 1) * ED(b, 1);
    u128 c = VR(VRC).q;
    unsigned carry = 0;
    u128 s = p0 + p1;
    carry += s < p0;
    u128 s2 = s + c;
    carry += s2 < s;
    VR(VRT).q = carry;
    return 0;
}

PPC_EXEC(vmladduhm)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 8; i++)
        EH(t, i) = (uint16_t)(EH(a, i) * EH(b, i) + EH(c, i));
    VR(VRT) = t;
    return 0;
}

static int vmhadd(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int round)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 8; i++) {
        int32_t p = (int32_t)(int16_t)EH(a, i) * (int16_t)EH(b, i) + round;
        int64_t s = (int64_t)(p >> 15) + (int16_t)EH(c, i);
        EH(t, i) = (uint16_t)sat_s(cpu, s, INT16_MIN, INT16_MAX);
    }
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vmhaddshs) { return vmhadd(cpu, d, 0); }
PPC_EXEC(vmhraddshs) { return vmhadd(cpu, d, 0x4000); }

/* ---- sums across ---------------------------------------------------- */
PPC_EXEC(vsum4ubs)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 4; i++) {
        int64_t s = EW(b, i);
        for (int j = 0; j < 4; j++)
            s += EB(a, 4 * i + j);
        EW(t, i) = (uint32_t)sat_u(cpu, s, 0xffffffffu);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsum4sbs)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 4; i++) {
        int64_t s = (int32_t)EW(b, i);
        for (int j = 0; j < 4; j++)
            s += (int8_t)EB(a, 4 * i + j);
        EW(t, i) = (uint32_t)sat_s(cpu, s, INT32_MIN, INT32_MAX);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsum4shs)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 4; i++) {
        int64_t s = (int32_t)EW(b, i);
        for (int j = 0; j < 2; j++)
            s += (int16_t)EH(a, 2 * i + j);
        EW(t, i) = (uint32_t)sat_s(cpu, s, INT32_MIN, INT32_MAX);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsum2sws)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    t.q = 0;
    for (int i = 0; i < 2; i++) {
        int64_t s = (int64_t)(int32_t)EW(a, 2 * i) + (int32_t)EW(a, 2 * i + 1) +
                    (int32_t)EW(b, 2 * i + 1);
        EW(t, 2 * i + 1) = (uint32_t)sat_s(cpu, s, INT32_MIN, INT32_MAX);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsumsws)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    t.q = 0;
    int64_t s = (int32_t)EW(b, 3);
    for (int i = 0; i < 4; i++)
        s += (int32_t)EW(a, i);
    EW(t, 3) = (uint32_t)sat_s(cpu, s, INT32_MIN, INT32_MAX);
    VR(VRT) = t;
    return 0;
}

/* ---- counts, negate, sign extension, parity ------------------------- */
static inline unsigned clzn(uint64_t x, unsigned bits)
{
    return x ? (unsigned)__builtin_clzll(x) - (64 - bits) : bits;
}
static inline unsigned ctzn(uint64_t x, unsigned bits)
{
    return x ? (unsigned)__builtin_ctzll(x) : bits;
}
V1(vclzb, B, clzn(x, 8))
V1(vclzh, H, clzn(x, 16))
V1(vclzw, W, clzn(x, 32))
V1(vclzd, D, clzn(x, 64))
V1(vctzb, B, ctzn(x, 8))
V1(vctzh, H, ctzn(x, 16))
V1(vctzw, W, ctzn(x, 32))
V1(vctzd, D, ctzn(x, 64))
V1(vpopcntb, B, __builtin_popcountll(x))
V1(vpopcnth, H, __builtin_popcountll(x))
V1(vpopcntw, W, __builtin_popcountll(x))
V1(vpopcntd, D, __builtin_popcountll(x))
V1(vnegw, W, 0u - x)
V1(vnegd, D, 0ull - x)
V1(vextsb2w, W, (int32_t)(int8_t)x)
V1(vextsh2w, W, (int32_t)(int16_t)x)
V1(vextsb2d, D, (int64_t)(int8_t)x)
V1(vextsh2d, D, (int64_t)(int16_t)x)
V1(vextsw2d, D, (int64_t)(int32_t)x)

PPC_EXEC(vextsd2q)
{
    VR(VRT).q = (u128)(__int128)(int64_t)ED(VR(VRB), 1);
    return 0;
}

/* Parity of the low bit of each byte over words/doublewords/quadword. */
static inline unsigned par_bytes(u128 x, int nbytes)
{
    unsigned p = 0;
    for (int i = 0; i < nbytes; i++)
        p ^= (unsigned)(x >> (8 * i)) & 1;
    return p;
}
V1(vprtybw, W, par_bytes(x, 4))
V1(vprtybd, D, par_bytes(x, 8))
PPC_EXEC(vprtybq)
{
    VR(VRT).q = par_bytes(VR(VRB).q, 16);
    return 0;
}
