/* engine/vsx-perm.c: VSX moves between GPRs and VSRs (mfvsrd, mtvsrdd,
 * ...), logical operations, selects, permutes, merges, splats, element
 * extract/insert, byte reversal, and the ISA 3.1 prefixed immediates,
 * blends, xxpermx and xxeval (Power ISA Book I 7.6). Rows: insn-vsx.def.
 */
#include "vmx-sem.h"

/* ---- GPR <-> VSR ------------------------------------------------------ */
#define RA_ WF(11, 15)
#define RB_ WF(16, 20)

PPC_EXEC(mfvsrd) { cpu->gpr[RA_] = ED(VSR(XT_X), 0); return 0; }
PPC_EXEC(mfvsrwz) { cpu->gpr[RA_] = (uint32_t)ED(VSR(XT_X), 0); return 0; }
PPC_EXEC(mfvsrld) { cpu->gpr[RA_] = ED(VSR(XT_X), 1); return 0; }

/* mtvsrd/mtvsrwa/mtvsrwz: doubleword 1 is undefined by the ISA; it is
 * left unchanged (as QEMU does). */
static inline void set_dws(struct ppc_cpu *cpu, unsigned t, uint64_t d0,
                           uint64_t d1)
{
    ED(VSR(t), 0) = d0;
    ED(VSR(t), 1) = d1;
}
PPC_EXEC(mtvsrd) { ED(VSR(XT_X), 0) = cpu->gpr[RA_]; return 0; }
PPC_EXEC(mtvsrwa)
{
    ED(VSR(XT_X), 0) = (uint64_t)(int64_t)(int32_t)cpu->gpr[RA_];
    return 0;
}
PPC_EXEC(mtvsrwz) { ED(VSR(XT_X), 0) = (uint32_t)cpu->gpr[RA_]; return 0; }
PPC_EXEC(mtvsrdd)
{
    set_dws(cpu, XT_X, ppc_ra0(cpu, RA_), cpu->gpr[RB_]);
    return 0;
}
PPC_EXEC(mtvsrws)
{
    uint64_t w = (uint32_t)cpu->gpr[RA_];
    set_dws(cpu, XT_X, (w << 32) | w, (w << 32) | w);
    return 0;
}

/* ---- logical ------------------------------------------------------------ */
#define XL(id, expr) \
PPC_EXEC(id) \
{ \
    u128 x = VSR(XA_X).q, y = VSR(XB_X).q; \
    VSR(XT_X).q = (expr); \
    return 0; \
}
XL(xxland, x & y)
XL(xxlandc, x & ~y)
XL(xxlor, x | y)
XL(xxlxor, x ^ y)
XL(xxlnor, ~(x | y))
XL(xxlorc, x | ~y)
XL(xxlnand, ~(x & y))
XL(xxleqv, ~(x ^ y))

PPC_EXEC(xxsel)
{
    u128 a = VSR(XA_X).q, b = VSR(XB_X).q, c = VSR(XC_X).q;
    VSR(XT_X).q = (a & ~c) | (b & c);
    return 0;
}

/* ---- permutes, merges, splats ------------------------------------------ */
PPC_EXEC(xxsldwi)
{
    unsigned sh = 32 * WF(22, 23);
    u128 a = VSR(XA_X).q, b = VSR(XB_X).q;
    VSR(XT_X).q = sh ? (a << sh) | (b >> (128 - sh)) : a;
    return 0;
}

PPC_EXEC(xxpermdi)
{
    unsigned dm = WF(22, 23);
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), t;
    ED(t, 0) = ED(a, dm >> 1);
    ED(t, 1) = ED(b, dm & 1);
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxmrghw)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), t;
    EW(t, 0) = EW(a, 0);
    EW(t, 1) = EW(b, 0);
    EW(t, 2) = EW(a, 1);
    EW(t, 3) = EW(b, 1);
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxmrglw)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), t;
    EW(t, 0) = EW(a, 2);
    EW(t, 1) = EW(b, 2);
    EW(t, 2) = EW(a, 3);
    EW(t, 3) = EW(b, 3);
    VSR(XT_X) = t;
    return 0;
}

/* xxperm/xxpermr: source VSR[XA] || VSR[XT], control VSR[XB]. */
static int xxperm(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool rev)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XT_X), c = VSR(XB_X), t;
    for (int i = 0; i < 16; i++) {
        unsigned k = EB(c, i) & 0x1f;
        if (rev)
            k = 31 - k;
        EB(t, i) = k < 16 ? EB(a, k) : EB(b, k - 16);
    }
    VSR(XT_X) = t;
    return 0;
}
PPC_EXEC(xxperm) { return xxperm(cpu, d, false); }
PPC_EXEC(xxpermr) { return xxperm(cpu, d, true); }

PPC_EXEC(xxspltw)
{
    ppc_vsr b = VSR(XB_X), t;
    uint32_t w = EW(b, WF(14, 15));
    for (int i = 0; i < 4; i++)
        EW(t, i) = w;
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxspltib)
{
    uint8_t imm = (uint8_t)WF(13, 20);
    ppc_vsr t;
    for (int i = 0; i < 16; i++)
        EB(t, i) = imm;
    VSR(XT_X) = t;
    return 0;
}

/* xxextractuw: bytes UIM..UIM+3 of XB into word 1 (doubleword 0 right-
 * justified), the rest zero. xxinsertw: word 1 of XB into bytes UIM.. of
 * XT. */
PPC_EXEC(xxextractuw)
{
    ppc_vsr b = VSR(XB_X), t;
    unsigned uim = WF(12, 15);
    uint32_t w = 0;
    for (unsigned i = 0; i < 4; i++)
        w = (w << 8) | (uim + i < 16 ? EB(b, uim + i) : 0);
    ED(t, 0) = w;
    ED(t, 1) = 0;
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxinsertw)
{
    ppc_vsr b = VSR(XB_X), t = VSR(XT_X);
    unsigned uim = WF(12, 15);
    for (unsigned i = 0; i < 4; i++)
        if (uim + i < 16)
            EB(t, uim + i) = EB(b, 4 + i);
    VSR(XT_X) = t;
    return 0;
}

/* ---- byte reversal ------------------------------------------------------ */
PPC_EXEC(xxbrh)
{
    ppc_vsr b = VSR(XB_X), t;
    for (int i = 0; i < 8; i++)
        EH(t, i) = __builtin_bswap16(EH(b, i));
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxbrw)
{
    ppc_vsr b = VSR(XB_X), t;
    for (int i = 0; i < 4; i++)
        EW(t, i) = __builtin_bswap32(EW(b, i));
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxbrd)
{
    ppc_vsr b = VSR(XB_X), t;
    for (int i = 0; i < 2; i++)
        ED(t, i) = __builtin_bswap64(ED(b, i));
    VSR(XT_X) = t;
    return 0;
}

PPC_EXEC(xxbrq)
{
    u128 x = VSR(XB_X).q;
    VSR(XT_X).q = ((u128)__builtin_bswap64((uint64_t)x) << 64) |
                  __builtin_bswap64((uint64_t)(x >> 64));
    return 0;
}

/* ---- ISA 3.1 prefixed (8RR) -------------------------------------------- */
static inline uint32_t imm32_8rr(const struct ppc_dinsn *d)
{
    return ((d->prefix & 0xffff) << 16) | (d->word & 0xffff);
}
#define XT_8RR ((WF(15, 15) << 5) | WF(6, 10))

PPC_EXEC(xxspltiw)
{
    uint32_t w = imm32_8rr(d);
    ppc_vsr t;
    for (int i = 0; i < 4; i++)
        EW(t, i) = w;
    VSR(XT_8RR) = t;
    return 0;
}

PPC_EXEC(xxsplti32dx)
{
    uint32_t w = imm32_8rr(d);
    unsigned ix = WF(14, 14);
    ppc_vsr *t = &VSR(XT_8RR);
    EW(*t, ix) = w;
    EW(*t, ix + 2) = w;
    return 0;
}

/* xxspltidp: the single-precision immediate converted to double format
 * (a denormal immediate gives an undefined result in the ISA; we convert
 * it exactly). */
PPC_EXEC(xxspltidp)
{
    uint32_t w = imm32_8rr(d);
    uint32_t ex = (w >> 23) & 0xff, fr = w & 0x7fffff;
    uint64_t dp;
    if (ex == 0xff)
        dp = ((uint64_t)(w >> 31) << 63) | (0x7ffull << 52) | ((uint64_t)fr << 29);
    else if (ex == 0 && fr == 0)
        dp = (uint64_t)(w >> 31) << 63;
    else if (ex == 0) {
        /* exact conversion of the denormal */
        int e = -126;
        uint64_t m = fr;
        while (!(m & 0x800000)) {
            m <<= 1;
            e--;
        }
        dp = ((uint64_t)(w >> 31) << 63) | ((uint64_t)(e + 1023) << 52) |
             ((m & 0x7fffff) << 29);
    } else
        dp = ((uint64_t)(w >> 31) << 63) | ((uint64_t)(ex - 127 + 1023) << 52) |
             ((uint64_t)fr << 29);
    ppc_vsr t;
    ED(t, 0) = dp;
    ED(t, 1) = dp;
    VSR(XT_8RR) = t;
    return 0;
}

/* xxblendv[bhwd]: element from XB where the element of XC has its MSB
 * set, else from XA. */
#define XXBLEND(id, S, N, T, bits) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), c = VSR(XC_X), t; \
    for (int i = 0; i < N; i++) \
        E##S(t, i) = (E##S(c, i) >> (bits - 1)) ? E##S(b, i) : E##S(a, i); \
    VSR(XT_X) = t; \
    return 0; \
}
XXBLEND(xxblendvb, B, 16, uint8_t, 8)
XXBLEND(xxblendvh, H, 8, uint16_t, 16)
XXBLEND(xxblendvw, W, 4, uint32_t, 32)
XXBLEND(xxblendvd, D, 2, uint64_t, 64)

/* xxpermx: bytes of XA||XB selected by the low 5 bits of the control byte
 * of XC when its high 3 bits equal UIM (prefix bits 29:31), else 0. */
PPC_EXEC(xxpermx)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), c = VSR(XC_X), t;
    unsigned uim = d->prefix & 7;
    for (int i = 0; i < 16; i++) {
        unsigned k = EB(c, i);
        if ((k >> 5) != uim)
            EB(t, i) = 0;
        else
            EB(t, i) = (k & 0x1f) < 16 ? EB(a, k & 0x1f) : EB(b, (k & 0x1f) - 16);
    }
    VSR(XT_X) = t;
    return 0;
}

/* xxeval: each result bit is bit (a<<2 | b<<1 | c) of IMM8 counted from
 * its most significant bit (prefix bits 24:31). */
PPC_EXEC(xxeval)
{
    u128 a = VSR(XA_X).q, b = VSR(XB_X).q, c = VSR(XC_X).q, r = 0;
    unsigned imm = d->prefix & 0xff;
    for (int k = 0; k < 8; k++) {
        if (!((imm >> (7 - k)) & 1))
            continue;
        u128 ma = (k & 4) ? a : ~a, mb = (k & 2) ? b : ~b, mc = (k & 1) ? c : ~c;
        r |= ma & mb & mc;
    }
    VSR(XT_X).q = r;
    return 0;
}

/* xxgenpcv[bhwd]m XT,VRB,IMM (ISA 3.1): a permute control vector from the
 * mask in the element MSBs of VRB. IMM 0/1: expansion/compression with
 * big-endian byte numbering; 2/3: the same with little-endian numbering
 * (byte 0 is the least significant), for xxpermr-style use. Expansion:
 * selected elements get the next source byte indices, others 0x10 + i;
 * compression: the indices of the selected bytes packed from byte 0, the
 * rest zero. */
static int genpcv(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned sz)
{
    ppc_vsr b = VR(WF(16, 20)), t;
    unsigned imm = WF(11, 15) & 3;     /* IMM values 4-31 are reserved */
    bool comp = imm & 1, le = imm & 2;
    uint8_t out[16], src[16];
    for (unsigned i = 0; i < 16; i++)
        src[i] = EB(b, le ? 15 - i : i);
    for (unsigned i = 0; i < 16; i++)
        out[i] = comp ? 0 : (uint8_t)(0x10 + i);
    unsigned j = 0;
    for (unsigned i = 0; i < 16; i += sz) {
        /* element MSB: the first byte of the element in this order */
        unsigned msb = le ? i + sz - 1 : i;
        if (!(src[msb] & 0x80))
            continue;
        for (unsigned k = 0; k < sz; k++) {
            if (comp)
                out[j + k] = (uint8_t)(i + k);
            else
                out[i + k] = (uint8_t)(j + k);
        }
        j += sz;
    }
    for (unsigned i = 0; i < 16; i++)
        EB(t, le ? 15 - i : i) = out[i];
    VSR(XT_X) = t;
    return 0;
}
PPC_EXEC(xxgenpcvbm) { return genpcv(cpu, d, 1); }
PPC_EXEC(xxgenpcvhm) { return genpcv(cpu, d, 2); }
PPC_EXEC(xxgenpcvwm) { return genpcv(cpu, d, 4); }
PPC_EXEC(xxgenpcvdm) { return genpcv(cpu, d, 8); }
