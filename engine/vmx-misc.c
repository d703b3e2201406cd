/* engine/vmx-misc.c: the remaining VMX integer instructions of ISA 2.07 to
 * 3.1 (Power ISA Book I 6.8-6.10): divide/modulo (word to quadword,
 * extended), multiply by 10, rotate-and-mask/insert (vrl*nm, vrl*mi),
 * carry-less multiply-sum (vpmsum*), the ISA 3.1 bit manipulation
 * (vgnb, vcfuged, vpdepd, vpextd, vclzdm, vctzdm), the variable-index
 * extract (vextdu*v[lr]x) and insert (vins*) forms. Rows: insn-vmx.def.
 * Results the ISA leaves undefined are as QEMU and the POWER hardware give
 * them: division by zero returns the dividend, an overflowing quotient is
 * truncated; out-of-range inserts write nothing. */
#include "vmx-elem.h"

/* ---- divide / modulo ----------------------------------------------------- */
static inline uint64_t udiv(uint64_t a, uint64_t b) { return b ? a / b : a; }
static inline uint64_t umod(uint64_t a, uint64_t b) { return b ? a % b : 0; }
static inline int64_t sdiv64(int64_t a, int64_t b)
{
    return (b == 0 || (a == INT64_MIN && b == -1)) ? a : a / b;
}
static inline int64_t smod64(int64_t a, int64_t b)
{
    return (b == 0 || (a == INT64_MIN && b == -1)) ? 0 : a % b;
}

V2(vdivuw, W, udiv(x, y))
V2(vdivud, D, udiv(x, y))
V2(vmoduw, W, umod(x, y))
V2(vmodud, D, umod(x, y))
V2(vdivsw, W, (y == 0 || ((int32_t)x == INT32_MIN && (int32_t)y == -1)) ? x :
              (uint32_t)((int32_t)x / (int32_t)y))
V2(vmodsw, W, (y == 0 || ((int32_t)x == INT32_MIN && (int32_t)y == -1)) ? 0 :
              (int32_t)x % (int32_t)y)
V2(vdivsd, D, sdiv64((int64_t)x, (int64_t)y))
V2(vmodsd, D, smod64((int64_t)x, (int64_t)y))

/* Extended: (a || zeros) / b; undefined (0) when the quotient does not fit. */
static inline uint32_t diveuw(uint32_t a, uint32_t b)
{
    if (!b)
        return 0;
    return (uint32_t)(((uint64_t)a << 32) / b);
}
static inline uint32_t divesw(uint32_t a, uint32_t b)
{
    if (!b)
        return 0;
    int64_t n = (int64_t)((uint64_t)(int64_t)(int32_t)a << 32);
    if (n == INT64_MIN && (int32_t)b == -1)
        return 0;
    return (uint32_t)(n / (int32_t)b);
}
static inline uint64_t diveud(uint64_t a, uint64_t b)
{
    if (!b)
        return 0;
    return (uint64_t)(((u128)a << 64) / b);
}
static inline uint64_t divesd(uint64_t a, uint64_t b)
{
    if (!b)
        return 0;
    __int128 n = (__int128)((u128)(__int128)(int64_t)a << 64);
    if ((int64_t)b == -1 && n == (__int128)((u128)1 << 127))
        return 0;
    return (uint64_t)(u128)(n / (int64_t)b);
}
V2(vdiveuw, W, diveuw(x, y))
V2(vdivesw, W, divesw(x, y))
V2(vdiveud, D, diveud(x, y))
V2(vdivesd, D, divesd(x, y))

#define VQ2(id, expr) \
PPC_EXEC(id) \
{ \
    u128 a = VR(VRA).q, b = VR(VRB).q; \
    VR(VRT).q = (expr); \
    return 0; \
}
static inline u128 sdiv128(u128 a, u128 b)
{
    __int128 x = (__int128)a, y = (__int128)b;
    if (y == 0 || (x == (__int128)((u128)1 << 127) && y == -1))
        return 0;
    return (u128)(x / y);
}
static inline u128 smod128(u128 a, u128 b)
{
    __int128 x = (__int128)a, y = (__int128)b;
    if (y == 0 || (x == (__int128)((u128)1 << 127) && y == -1))
        return 0;
    return (u128)(x % y);
}

/* (a || 128 zeros) / b by long division over 256 bits; the low 128 bits
 * of the quotient (truncated when it overflows). */
static u128 diveuq(u128 a, u128 b)
{
    if (!b)
        return 0;
    u128 rem = 0, q = 0;
    for (int i = 0; i < 256; i++) {
        unsigned in = i < 128 ? (unsigned)(a >> (127 - i)) & 1 : 0;
        bool top = rem >> 127;
        rem = (rem << 1) | in;
        q <<= 1;
        if (top || rem >= b) {
            rem -= b;
            q |= 1;
        }
    }
    return q;
}

static u128 divesq(u128 a, u128 b)
{
    __int128 x = (__int128)a, y = (__int128)b;
    if (!y)
        return 0;
    bool neg = (x < 0) != (y < 0);
    u128 ua = x < 0 ? (u128)0 - a : a, ub = y < 0 ? (u128)0 - b : b;
    u128 q = diveuq(ua, ub);
    return neg ? (u128)0 - q : q;
}
VQ2(vdivuq, b ? a / b : 0)
VQ2(vmoduq, b ? a % b : 0)
VQ2(vdivsq, sdiv128(a, b))
VQ2(vmodsq, smod128(a, b))
VQ2(vdiveuq, diveuq(a, b))
VQ2(vdivesq, divesq(a, b))

/* ---- multiply by 10 ------------------------------------------------------ */
static inline void mul10(u128 a, unsigned cin, u128 *lo, unsigned *hi)
{
    u128 a_lo = (uint64_t)a, a_hi = a >> 64;
    u128 p_lo = a_lo * 10 + cin;
    u128 p_hi = a_hi * 10 + (p_lo >> 64);
    *lo = (p_hi << 64) | (uint64_t)p_lo;
    *hi = (unsigned)(p_hi >> 64);
}
PPC_EXEC(vmul10uq)
{
    u128 lo;
    unsigned hi;
    mul10(VR(VRA).q, 0, &lo, &hi);
    VR(VRT).q = lo;
    return 0;
}
PPC_EXEC(vmul10cuq)
{
    u128 lo;
    unsigned hi;
    mul10(VR(VRA).q, 0, &lo, &hi);
    VR(VRT).q = hi;
    return 0;
}
PPC_EXEC(vmul10euq)
{
    u128 lo;
    unsigned hi;
    mul10(VR(VRA).q, (unsigned)(VR(VRB).q & 0xf), &lo, &hi);
    VR(VRT).q = lo;
    return 0;
}
PPC_EXEC(vmul10ecuq)
{
    u128 lo;
    unsigned hi;
    mul10(VR(VRA).q, (unsigned)(VR(VRB).q & 0xf), &lo, &hi);
    VR(VRT).q = hi;
    return 0;
}

/* ---- rotate and mask / insert -------------------------------------------- */
/* MASK(mb, me) over n bits in ISA numbering (bit 0 = MSB), wrapping. */
static u128 mask_n(unsigned mb, unsigned me, unsigned n)
{
    u128 all = n == 128 ? ~(u128)0 : (((u128)1 << n) - 1);
    u128 from_mb = all >> mb;                       /* bits mb..n-1 */
    u128 to_me = (me + 1 >= n) ? all : (all & ~(all >> (me + 1)));
    return mb <= me ? (from_mb & to_me) : ((from_mb | to_me) & all);
}

static u128 rotl_n(u128 x, unsigned sh, unsigned n)
{
    u128 all = n == 128 ? ~(u128)0 : (((u128)1 << n) - 1);
    sh %= n;
    x &= all;
    return sh ? ((x << sh) | (x >> (n - sh))) & all : x;
}

static int vrl_mask(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                    unsigned n, bool insert)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t = VR(VRT), r;
    unsigned cnt = 128 / n;
    for (unsigned i = 0; i < cnt; i++) {
        unsigned sh = 128 - n * (i + 1);
        u128 all = n == 128 ? ~(u128)0 : (((u128)1 << n) - 1);
        u128 ea = (a.q >> sh) & all, eb = (b.q >> sh) & all;
        u128 et = (t.q >> sh) & all;
        unsigned fb = n == 32 ? 5 : n == 64 ? 6 : 7;
        unsigned bm = (1u << fb) - 1;
        /* the fields are in the low bytes of the element; for the
         * quadword forms in doubleword 0 (bits 41:47, 49:55, 57:63) */
        u128 f = n == 128 ? eb >> 64 : eb;
        unsigned mb = (unsigned)(f >> 16) & bm, me = (unsigned)(f >> 8) & bm;
        unsigned s = (unsigned)f & bm;
        u128 m = mask_n(mb, me, n);
        u128 rot = rotl_n(ea, s, n);
        u128 v = insert ? ((rot & m) | (et & ~m)) : (rot & m);
        if (n == 128)
            r.q = v;
        else if (i == 0)
            r.q = v << sh;
        else
            r.q |= v << sh;
    }
    VR(VRT) = r;
    return 0;
}
PPC_EXEC(vrlwnm) { return vrl_mask(cpu, d, 32, false); }
PPC_EXEC(vrlwmi) { return vrl_mask(cpu, d, 32, true); }
PPC_EXEC(vrldnm) { return vrl_mask(cpu, d, 64, false); }
PPC_EXEC(vrldmi) { return vrl_mask(cpu, d, 64, true); }
PPC_EXEC(vrlqnm) { return vrl_mask(cpu, d, 128, false); }
PPC_EXEC(vrlqmi) { return vrl_mask(cpu, d, 128, true); }

/* ---- carry-less multiply-sum ----------------------------------------------- */
static u128 clmul(uint64_t a, uint64_t b)
{
    u128 r = 0;
    for (int i = 0; i < 64; i++)
        if ((b >> i) & 1)
            r ^= (u128)a << i;
    return r;
}

#define VPMSUM(id, S, W2) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    for (int i = 0; i < N_##W2; i++) \
        EL(W2, t, i) = (U_##W2)(clmul(EL(S, a, 2 * i), EL(S, b, 2 * i)) ^ \
                                clmul(EL(S, a, 2 * i + 1), EL(S, b, 2 * i + 1))); \
    VR(VRT) = t; \
    return 0; \
}
VPMSUM(vpmsumb, B, H)
VPMSUM(vpmsumh, H, W)
VPMSUM(vpmsumw, W, D)

PPC_EXEC(vpmsumd)
{
    ppc_vsr a = VR(VRA), b = VR(VRB);
    VR(VRT).q = clmul(ED(a, 0), ED(b, 0)) ^ clmul(ED(a, 1), ED(b, 1));
    return 0;
}

/* ---- ISA 3.1 bit manipulation ------------------------------------------- */
PPC_EXEC(vgnb)
{
    unsigned n = WF(13, 15);
    u128 b = VR(VRB).q;
    uint64_t r = 0;
    unsigned cnt = 0;
    if (n < 2)
        return 0;               /* invalid form: RT unchanged (as QEMU) */
    if (n >= 2)
        for (unsigned i = 0; i < 128; i += n, cnt++)
            r = (r << 1) | (uint64_t)((b >> (127 - i)) & 1);
    /* the gathered bits are left-justified in RT */
    cpu->gpr[WF(6, 10)] = cnt ? r << (64 - cnt) : 0;
    return 0;
}

static uint64_t pdep64(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & bit)
            r |= low;
        mask &= mask - 1;
    }
    return r;
}

static uint64_t pext64(uint64_t src, uint64_t mask)
{
    uint64_t r = 0, bit = 1;
    for (; mask; mask &= mask - 1, bit <<= 1)
        if (src & (mask & -mask))
            r |= bit;
    return r;
}

/* cfuged: bits under the mask to the right end, the others to the left. */
static uint64_t cfuge64(uint64_t src, uint64_t mask)
{
    unsigned n1 = (unsigned)__builtin_popcountll(mask);
    uint64_t right = pext64(src, mask), left = pext64(src, ~mask);
    return n1 == 64 ? right : (left << n1) | right;
}

static unsigned clzdm(uint64_t x, uint64_t m)
{
    unsigned n = 0;
    for (int i = 63; i >= 0; i--) {
        if (!((m >> i) & 1))
            continue;
        if ((x >> i) & 1)
            break;
        n++;
    }
    return n;
}

static unsigned ctzdm(uint64_t x, uint64_t m)
{
    unsigned n = 0;
    for (int i = 0; i < 64; i++) {
        if (!((m >> i) & 1))
            continue;
        if ((x >> i) & 1)
            break;
        n++;
    }
    return n;
}
V2(vpdepd, D, pdep64(x, y))
V2(vpextd, D, pext64(x, y))
V2(vcfuged, D, cfuge64(x, y))
V2(vclzdm, D, clzdm(x, y))
V2(vctzdm, D, ctzdm(x, y))

/* ---- ISA 3.1 variable-index extract: element of VRA||VRB at byte index
 * GPR[RC] bits 59:63 (l: from the left; r: from the right end), into
 * doubleword 0 right-justified; doubleword 1 zero. ---------------------- */
static int vextdv(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned len, bool right)
{
    u128 a = VR(VRA).q, b = VR(VRB).q;
    unsigned idx = (unsigned)(cpu->gpr[WF(21, 25)] & 0x1f);
    uint8_t bytes[32];
    for (int i = 0; i < 16; i++) {
        bytes[i] = (uint8_t)(a >> (120 - 8 * i));
        bytes[16 + i] = (uint8_t)(b >> (120 - 8 * i));
    }
    int first = right ? 32 - (int)len - (int)idx : (int)idx;
    uint64_t v = 0;
    for (unsigned k = 0; k < len; k++) {
        int p = first + (int)k;
        v = (v << 8) | (p >= 0 && p < 32 ? bytes[p] : 0);
    }
    ppc_vsr t;
    ED(t, 0) = v;
    ED(t, 1) = 0;
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vextdubvlx) { return vextdv(cpu, d, 1, false); }
PPC_EXEC(vextdubvrx) { return vextdv(cpu, d, 1, true); }
PPC_EXEC(vextduhvlx) { return vextdv(cpu, d, 2, false); }
PPC_EXEC(vextduhvrx) { return vextdv(cpu, d, 2, true); }
PPC_EXEC(vextduwvlx) { return vextdv(cpu, d, 4, false); }
PPC_EXEC(vextduwvrx) { return vextdv(cpu, d, 4, true); }
PPC_EXEC(vextddvlx) { return vextdv(cpu, d, 8, false); }
PPC_EXEC(vextddvrx) { return vextdv(cpu, d, 8, true); }

/* ---- ISA 3.1 inserts: the value's low len bytes into VRT at byte index
 * (from the left, or for "r" forms so that the element ends at byte
 * 15 - index); bytes outside 0..15 are dropped. --------------------------- */
static void ins_bytes(ppc_vsr *t, uint64_t v, unsigned len, int first)
{
    for (unsigned k = 0; k < len; k++) {
        int p = first + (int)k;
        if (p >= 0 && p < 16)
            EB(*t, p) = (uint8_t)(v >> (8 * (len - 1 - k)));
    }
}

static int vins(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t v,
                unsigned len, unsigned idx, bool right)
{
    ppc_vsr t = VR(VRT);
    int first = right ? 16 - (int)len - (int)idx : (int)idx;
    if (first < 0 || first + (int)len > 16)
        return 0;
    ins_bytes(&t, v, len, first);
    VR(VRT) = t;
    return 0;
}
#define GRA (cpu->gpr[WF(11, 15)])
#define GRB (cpu->gpr[WF(16, 20)])
#define IDX ((unsigned)(GRA & 0xf))
PPC_EXEC(vinsblx) { return vins(cpu, d, GRB, 1, IDX, false); }
PPC_EXEC(vinsbrx) { return vins(cpu, d, GRB, 1, IDX, true); }
PPC_EXEC(vinshlx) { return vins(cpu, d, GRB, 2, IDX, false); }
PPC_EXEC(vinshrx) { return vins(cpu, d, GRB, 2, IDX, true); }
PPC_EXEC(vinswlx) { return vins(cpu, d, GRB, 4, IDX, false); }
PPC_EXEC(vinswrx) { return vins(cpu, d, GRB, 4, IDX, true); }
PPC_EXEC(vinsdlx) { return vins(cpu, d, GRB, 8, IDX, false); }
PPC_EXEC(vinsdrx) { return vins(cpu, d, GRB, 8, IDX, true); }
/* v forms: the element is the rightmost one of doubleword 0 of VRB. */
PPC_EXEC(vinsbvlx) { return vins(cpu, d, ED(VR(VRB), 0), 1, IDX, false); }
PPC_EXEC(vinsbvrx) { return vins(cpu, d, ED(VR(VRB), 0), 1, IDX, true); }
PPC_EXEC(vinshvlx) { return vins(cpu, d, ED(VR(VRB), 0), 2, IDX, false); }
PPC_EXEC(vinshvrx) { return vins(cpu, d, ED(VR(VRB), 0), 2, IDX, true); }
PPC_EXEC(vinswvlx) { return vins(cpu, d, ED(VR(VRB), 0), 4, IDX, false); }
PPC_EXEC(vinswvrx) { return vins(cpu, d, ED(VR(VRB), 0), 4, IDX, true); }
/* vinsw/vinsd VRT,RB,UIM (UIM bits 12:15). */
PPC_EXEC(vinsw) { return vins(cpu, d, GRB, 4, WF(12, 15), false); }
PPC_EXEC(vinsd) { return vins(cpu, d, GRB, 8, WF(12, 15), false); }
