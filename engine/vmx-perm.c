/* engine/vmx-perm.c: VMX permute-class instructions (Power ISA Book I
 * 6.8): vperm/vpermr/vpermxor/vsel, shifts by octets and bits across the
 * register (vsldoi, vsl, vsr, vslo, vsro, vslv, vsrv, vsldbi, vsrdbi),
 * merge, splat, pack (modulo and saturating, VSCR[SAT]) and unpack, pixel
 * pack/unpack, bit gathers (vgbbd, vbpermq, vbpermd), element extract and
 * insert to/from GPRs, the ISA 3.1 mask instructions (vextract*m,
 * vexpand*m, mtvsr*m, vcntmb*), vclrlb/vclrrb and vstri*, and mfvscr/
 * mtvscr. Rows: insn-vmx.def. */
#include "vmx-elem.h"

PPC_EXEC(vperm)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 16; i++) {
        unsigned k = EB(c, i) & 0x1f;
        EB(t, i) = k < 16 ? EB(a, k) : EB(b, k - 16);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vpermr)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 16; i++) {
        unsigned k = 31 - (EB(c, i) & 0x1f);
        EB(t, i) = k < 16 ? EB(a, k) : EB(b, k - 16);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vpermxor)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 16; i++)
        EB(t, i) = EB(a, EB(c, i) >> 4) ^ EB(b, EB(c, i) & 0xf);
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsel)
{
    u128 a = VR(VRA).q, b = VR(VRB).q, c = VR(VRC).q;
    VR(VRT).q = (a & ~c) | (b & c);
    return 0;
}

/* ---- whole-register shifts ------------------------------------------ */
PPC_EXEC(vsldoi)
{
    unsigned sh = WF(22, 25);
    u128 a = VR(VRA).q, b = VR(VRB).q;
    VR(VRT).q = sh ? (a << (8 * sh)) | (b >> (128 - 8 * sh)) : a;
    return 0;
}

PPC_EXEC(vsldbi)
{
    unsigned sh = WF(23, 25);
    u128 a = VR(VRA).q, b = VR(VRB).q;
    VR(VRT).q = sh ? (a << sh) | (b >> (128 - sh)) : a;
    return 0;
}

PPC_EXEC(vsrdbi)
{
    unsigned sh = WF(23, 25);
    u128 a = VR(VRA).q, b = VR(VRB).q;
    VR(VRT).q = sh ? (b >> sh) | (a << (128 - sh)) : b;
    return 0;
}

PPC_EXEC(vsl)
{
    VR(VRT).q = VR(VRA).q << (EB(VR(VRB), 15) & 7);
    return 0;
}

PPC_EXEC(vsr)
{
    VR(VRT).q = VR(VRA).q >> (EB(VR(VRB), 15) & 7);
    return 0;
}

PPC_EXEC(vslo)
{
    unsigned n = (EB(VR(VRB), 15) >> 3) & 15;
    VR(VRT).q = n ? VR(VRA).q << (8 * n) : VR(VRA).q;
    return 0;
}

PPC_EXEC(vsro)
{
    unsigned n = (EB(VR(VRB), 15) >> 3) & 15;
    VR(VRT).q = n ? VR(VRA).q >> (8 * n) : VR(VRA).q;
    return 0;
}

PPC_EXEC(vslv)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 16; i++) {
        unsigned hi = EB(a, i), lo = i < 15 ? EB(a, i + 1) : 0;
        EB(t, i) = (uint8_t)((((hi << 8) | lo) << (EB(b, i) & 7)) >> 8);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vsrv)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 16; i++) {
        unsigned hi = i > 0 ? EB(a, i - 1) : 0, lo = EB(a, i);
        EB(t, i) = (uint8_t)(((hi << 8) | lo) >> (EB(b, i) & 7));
    }
    VR(VRT) = t;
    return 0;
}

/* 128-bit shifts/rotates of ISA 3.1: the count is bits 57:63 of VRB. */
static inline unsigned q_sh(const ppc_vsr *b)
{
    return (unsigned)(ED(*b, 0) & 127);
}

PPC_EXEC(vslq)
{
    ppc_vsr b = VR(VRB);
    VR(VRT).q = VR(VRA).q << q_sh(&b);
    return 0;
}

PPC_EXEC(vsrq)
{
    ppc_vsr b = VR(VRB);
    VR(VRT).q = VR(VRA).q >> q_sh(&b);
    return 0;
}

PPC_EXEC(vsraq)
{
    ppc_vsr b = VR(VRB);
    VR(VRT).q = (u128)((__int128)VR(VRA).q >> q_sh(&b));
    return 0;
}

static inline u128 rotl128(u128 x, unsigned n)
{
    n &= 127;
    return n ? (x << n) | (x >> (128 - n)) : x;
}

PPC_EXEC(vrlq)
{
    ppc_vsr b = VR(VRB);
    VR(VRT).q = rotl128(VR(VRA).q, q_sh(&b));
    return 0;
}

/* ---- merge / splat --------------------------------------------------- */
#define VMRG(id, S, lo) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    const int h = N_##S / 2; \
    for (int i = 0; i < h; i++) { \
        EL(S, t, 2 * i) = EL(S, a, i + ((lo) ? h : 0)); \
        EL(S, t, 2 * i + 1) = EL(S, b, i + ((lo) ? h : 0)); \
    } \
    VR(VRT) = t; \
    return 0; \
}
VMRG(vmrghb, B, 0)
VMRG(vmrghh, H, 0)
VMRG(vmrghw, W, 0)
VMRG(vmrglb, B, 1)
VMRG(vmrglh, H, 1)
VMRG(vmrglw, W, 1)

PPC_EXEC(vmrgew)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    EW(t, 0) = EW(a, 0);
    EW(t, 1) = EW(b, 0);
    EW(t, 2) = EW(a, 2);
    EW(t, 3) = EW(b, 2);
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vmrgow)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    EW(t, 0) = EW(a, 1);
    EW(t, 1) = EW(b, 1);
    EW(t, 2) = EW(a, 3);
    EW(t, 3) = EW(b, 3);
    VR(VRT) = t;
    return 0;
}

#define VSPLT(id, S) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    U_##S x = EL(S, b, WF(11, 15) & (N_##S - 1)); \
    for (int i = 0; i < N_##S; i++) \
        EL(S, t, i) = x; \
    VR(VRT) = t; \
    return 0; \
}
VSPLT(vspltb, B)
VSPLT(vsplth, H)
VSPLT(vspltw, W)

#define VSPLTIS(id, S) \
PPC_EXEC(id) \
{ \
    int32_t sim = (int32_t)(WF(11, 15) << 27) >> 27; \
    ppc_vsr t; \
    for (int i = 0; i < N_##S; i++) \
        EL(S, t, i) = (U_##S)sim; \
    VR(VRT) = t; \
    return 0; \
}
VSPLTIS(vspltisb, B)
VSPLTIS(vspltish, H)
VSPLTIS(vspltisw, W)

/* ---- pack / unpack ---------------------------------------------------- */
/* Source element i of the concatenation VRA || VRB (S = source size). */
#define PK_SRC(S, a, b, i) \
    ((i) < N_##S ? EL(S, a, (i)) : EL(S, b, (i) - N_##S))

/* mode 0: modulo; 1: unsigned -> unsigned sat; 2: signed -> signed sat;
 * 3: signed -> unsigned sat. */
#define VPK(id, S, T, mode) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    for (int i = 0; i < N_##T; i++) { \
        U_##S x = PK_SRC(S, a, b, i); \
        uint64_t tmax = (BITS_##T == 64) ? ~0ull : ((1ull << BITS_##T) - 1); \
        int64_t smax = (int64_t)(tmax >> 1), smin = -smax - 1; \
        U_##T r; \
        switch (mode) { \
        case 0: r = (U_##T)x; break; \
        case 1: \
            if ((uint64_t)x > tmax) { cpu->vscr |= VSCR_SAT; r = (U_##T)tmax; } \
            else r = (U_##T)x; \
            break; \
        case 2: r = (U_##T)sat_s(cpu, (int64_t)(S_##S)x, smin, smax); break; \
        default: \
            if ((S_##S)x < 0) { cpu->vscr |= VSCR_SAT; r = 0; } \
            else if ((uint64_t)(S_##S)x > tmax) { cpu->vscr |= VSCR_SAT; r = (U_##T)tmax; } \
            else r = (U_##T)x; \
            break; \
        } \
        EL(T, t, i) = r; \
    } \
    VR(VRT) = t; \
    return 0; \
}
VPK(vpkuhum, H, B, 0)
VPK(vpkuwum, W, H, 0)
VPK(vpkudum, D, W, 0)
VPK(vpkuhus, H, B, 1)
VPK(vpkuwus, W, H, 1)
VPK(vpkudus, D, W, 1)
VPK(vpkshss, H, B, 2)
VPK(vpkswss, W, H, 2)
VPK(vpksdss, D, W, 2)
VPK(vpkshus, H, B, 3)
VPK(vpkswus, W, H, 3)
VPK(vpksdus, D, W, 3)

PPC_EXEC(vpkpx)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 8; i++) {
        uint32_t w = i < 4 ? EW(a, i) : EW(b, i - 4);
        EH(t, i) = (uint16_t)((((w >> 24) & 1) << 15) | (((w >> 19) & 0x1f) << 10) |
                              (((w >> 11) & 0x1f) << 5) | ((w >> 3) & 0x1f));
    }
    VR(VRT) = t;
    return 0;
}

#define VUPK(id, S, T, lo) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    for (int i = 0; i < N_##T; i++) \
        EL(T, t, i) = (U_##T)(S_##T)(S_##S)EL(S, b, i + ((lo) ? N_##T : 0)); \
    VR(VRT) = t; \
    return 0; \
}
VUPK(vupkhsb, B, H, 0)
VUPK(vupklsb, B, H, 1)
VUPK(vupkhsh, H, W, 0)
VUPK(vupklsh, H, W, 1)
VUPK(vupkhsw, W, D, 0)
VUPK(vupklsw, W, D, 1)

static int vupkpx(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int lo)
{
    ppc_vsr b = VR(VRB), t;
    for (int i = 0; i < 4; i++) {
        uint16_t h = EH(b, i + lo);
        uint32_t w = ((h >> 15) ? 0xff000000u : 0) | (((h >> 10) & 0x1fu) << 16) |
                     (((h >> 5) & 0x1fu) << 8) | (h & 0x1fu);
        EW(t, i) = w;
    }
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vupkhpx) { return vupkpx(cpu, d, 0); }
PPC_EXEC(vupklpx) { return vupkpx(cpu, d, 4); }

/* ---- bit gathers ------------------------------------------------------ */
/* vbpermq/vbpermd: the indices are the bytes of VRB, the bits are taken
 * from VRA. */
/* vgbbd: in each doubleword, transpose the 8x8 bit matrix of its bytes:
 * result byte j bit k = source byte k bit j (ISA bit order). */
PPC_EXEC(vgbbd)
{
    ppc_vsr b = VR(VRB), t;
    for (int dw = 0; dw < 2; dw++) {
        for (int j = 0; j < 8; j++) {
            uint8_t r = 0;
            for (int k = 0; k < 8; k++) {
                unsigned bit = (EB(b, 8 * dw + k) >> (7 - j)) & 1;
                r |= (uint8_t)(bit << (7 - k));
            }
            EB(t, 8 * dw + j) = r;
        }
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vbpermq)
{
    ppc_vsr a = VR(VRA), b = VR(VRB);
    uint64_t r = 0;
    for (int i = 0; i < 16; i++) {
        unsigned idx = EB(b, i);
        unsigned bit = idx < 128 ? (unsigned)(a.q >> (127 - idx)) & 1 : 0;
        r |= (uint64_t)bit << (15 - i);
    }
    ppc_vsr t;
    ED(t, 0) = r;
    ED(t, 1) = 0;
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vbpermd)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    for (int i = 0; i < 2; i++) {
        uint64_t r = 0;
        for (int j = 0; j < 8; j++) {
            unsigned idx = EB(b, 8 * i + j);
            unsigned bit = idx < 64 ? (unsigned)(ED(a, i) >> (63 - idx)) & 1 : 0;
            r |= (uint64_t)bit << (7 - j);
        }
        ED(t, i) = r;
    }
    VR(VRT) = t;
    return 0;
}

/* ---- element <-> GPR ------------------------------------------------- */
PPC_EXEC(vclzlsbb)
{
    ppc_vsr b = VR(VRB);
    unsigned n = 0;
    while (n < 16 && !(EB(b, n) & 1))
        n++;
    cpu->gpr[WF(6, 10)] = n;
    return 0;
}

PPC_EXEC(vctzlsbb)
{
    ppc_vsr b = VR(VRB);
    unsigned n = 0;
    while (n < 16 && !(EB(b, 15 - n) & 1))
        n++;
    cpu->gpr[WF(6, 10)] = n;
    return 0;
}

/* Bytes [first, first+len) of v as a big-endian integer; bytes past 15
 * read as zero. */
static uint64_t get_bytes(const ppc_vsr *v, int first, int len)
{
    uint64_t r = 0;
    for (int i = 0; i < len; i++) {
        int k = first + i;
        r = (r << 8) | (k >= 0 && k < 16 ? EB(*v, k) : 0);
    }
    return r;
}

/* vext[u][bhw][lr]x RT,RA,VRB: index from GPR[RA] bits 60:63; "l" counts
 * from the left, "r" from the right. */
#define VEXTX(id, len, right) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB); \
    int idx = (int)(cpu->gpr[WF(11, 15)] & 15); \
    int first = (right) ? 16 - (len) - idx : idx; \
    cpu->gpr[WF(6, 10)] = get_bytes(&b, first, len); \
    return 0; \
}
VEXTX(vextublx, 1, 0)
VEXTX(vextuhlx, 2, 0)
VEXTX(vextuwlx, 4, 0)
VEXTX(vextubrx, 1, 1)
VEXTX(vextuhrx, 2, 1)
VEXTX(vextuwrx, 4, 1)

/* vextractu[bhw]/vextractd VRT,VRB,UIM: bytes UIM.. into doubleword 0
 * (right-justified), doubleword 1 zero. */
#define VEXTRACT(id, len) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    ED(t, 0) = get_bytes(&b, (int)WF(12, 15), len); \
    ED(t, 1) = 0; \
    VR(VRT) = t; \
    return 0; \
}
VEXTRACT(vextractub, 1)
VEXTRACT(vextractuh, 2)
VEXTRACT(vextractuw, 4)
VEXTRACT(vextractd, 8)

/* vinsert[bhwd] VRT,VRB,UIM: the element at the right end of doubleword 0
 * of VRB goes to bytes UIM.. of VRT; other bytes unchanged. */
#define VINSERT(id, len) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t = VR(VRT); \
    int uim = (int)WF(12, 15); \
    for (int i = 0; i < (len); i++) \
        if (uim + i < 16) \
            EB(t, uim + i) = EB(b, 8 - (len) + i); \
    VR(VRT) = t; \
    return 0; \
}
VINSERT(vinsertb, 1)
VINSERT(vinserth, 2)
VINSERT(vinsertw, 4)
VINSERT(vinsertd, 8)

/* ---- ISA 3.1 mask instructions ---------------------------------------- */
#define VEXTRACTM(id, S) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB); \
    uint64_t r = 0; \
    for (int i = 0; i < N_##S; i++) \
        r = (r << 1) | (uint64_t)(EL(S, b, i) >> (BITS_##S - 1)); \
    cpu->gpr[WF(6, 10)] = r; \
    return 0; \
}
VEXTRACTM(vextractbm, B)
VEXTRACTM(vextracthm, H)
VEXTRACTM(vextractwm, W)
VEXTRACTM(vextractdm, D)

PPC_EXEC(vextractqm)
{
    cpu->gpr[WF(6, 10)] = (uint64_t)(VR(VRB).q >> 127);
    return 0;
}

#define VEXPANDM(id, S) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    for (int i = 0; i < N_##S; i++) \
        EL(S, t, i) = (EL(S, b, i) >> (BITS_##S - 1)) ? (U_##S)~(U_##S)0 : 0; \
    VR(VRT) = t; \
    return 0; \
}
VEXPANDM(vexpandbm, B)
VEXPANDM(vexpandhm, H)
VEXPANDM(vexpandwm, W)
VEXPANDM(vexpanddm, D)

PPC_EXEC(vexpandqm)
{
    VR(VRT).q = (VR(VRB).q >> 127) ? ~(u128)0 : 0;
    return 0;
}

/* mtvsr[bhwdq]m VRT,RB: element i <- all ones if bit (64 - N + i) of RB. */
#define MTVSRM(id, S) \
PPC_EXEC(id) \
{ \
    uint64_t r = cpu->gpr[WF(16, 20)]; \
    ppc_vsr t; \
    for (int i = 0; i < N_##S; i++) \
        EL(S, t, i) = ((r >> (N_##S - 1 - i)) & 1) ? (U_##S)~(U_##S)0 : 0; \
    VR(VRT) = t; \
    return 0; \
}
MTVSRM(mtvsrbm, B)
MTVSRM(mtvsrhm, H)
MTVSRM(mtvsrwm, W)
MTVSRM(mtvsrdm, D)

PPC_EXEC(mtvsrqm)
{
    VR(VRT).q = (cpu->gpr[WF(16, 20)] & 1) ? ~(u128)0 : 0;
    return 0;
}

/* mtvsrbmi VRT,IMM16 (DX form: b0 bits 16:25, b1 bits 11:15, b2 bit 31). */
PPC_EXEC(mtvsrbmi)
{
    uint32_t imm = (WF(16, 25) << 6) | (WF(11, 15) << 1) | WF(31, 31);
    ppc_vsr t;
    for (int i = 0; i < 16; i++)
        EB(t, i) = ((imm >> (15 - i)) & 1) ? 0xff : 0;
    VR(VRT) = t;
    return 0;
}

/* vcntmb[bhwd] RT,VRB,MP: number of elements whose MSB equals MP, placed
 * in the high bits of RT (shifted left 56/57/58/59). */
#define VCNTMB(id, S, shift) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB); \
    unsigned mp = WF(15, 15), n = 0; \
    for (int i = 0; i < N_##S; i++) \
        n += (unsigned)(EL(S, b, i) >> (BITS_##S - 1)) == mp; \
    cpu->gpr[WF(6, 10)] = (uint64_t)n << (shift); \
    return 0; \
}
VCNTMB(vcntmbb, B, 56)
VCNTMB(vcntmbh, H, 57)
VCNTMB(vcntmbw, W, 58)
VCNTMB(vcntmbd, D, 59)

/* ---- ISA 3.1 clear and string-isolate ------------------------------- */
PPC_EXEC(vclrlb)
{
    uint64_t n = cpu->gpr[WF(16, 20)];
    ppc_vsr a = VR(VRA), t;
    for (int i = 0; i < 16; i++)
        EB(t, i) = (n < 16 && (uint64_t)i < 16 - n) ? 0 : EB(a, i);
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vclrrb)
{
    uint64_t n = cpu->gpr[WF(16, 20)];
    ppc_vsr a = VR(VRA), t;
    for (int i = 0; i < 16; i++)
        EB(t, i) = (n < 16 && (uint64_t)i >= n) ? 0 : EB(a, i);
    VR(VRT) = t;
    return 0;
}

/* vstri[bh][lr]: copy elements from the left (l) or right (r) end up to
 * the first zero element; the rest become 0. Rc=1: CR6 = 0b00 || found
 * || 0b0. */
#define VSTRI(id, S, right) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    t.q = 0; \
    bool found = false; \
    for (int k = 0; k < N_##S && !found; k++) { \
        int i = (right) ? N_##S - 1 - k : k; \
        U_##S x = EL(S, b, i); \
        if (x == 0) \
            found = true; \
        else \
            EL(S, t, i) = x; \
    } \
    VR(VRT) = t; \
    if (d->word & 0x400) \
        ppc_cr_set(cpu, 6, found ? 2u : 0u); \
    return 0; \
}
VSTRI(vstribl, B, 0)
VSTRI(vstribr, B, 1)
VSTRI(vstrihl, H, 0)
VSTRI(vstrihr, H, 1)

/* ---- VSCR ------------------------------------------------------------- */
PPC_EXEC(mfvscr)
{
    ppc_vsr t;
    t.q = cpu->vscr & (VSCR_NJ | VSCR_SAT);
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(mtvscr)
{
    cpu->vscr = EW(VR(VRB), 3) & (VSCR_NJ | VSCR_SAT);
    return 0;
}
