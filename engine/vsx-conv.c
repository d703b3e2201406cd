/* engine/vsx-conv.c: VSX conversions and bit-level FP operations (Power
 * ISA Book I 7.6): double<->single (signalling and non-signalling forms),
 * half precision, FP<->integer in both directions (scalar and vector),
 * absolute/negate/copy-sign, exponent/significand extract and insert, and
 * test-data-class. Rows: insn-vsx.def. */
#include "vmx-sem.h"
#include "fpu-fpscr.h"

/* Finish a scalar conversion that produces a value with FPRF. */
static int scalar_done(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                       struct fpu_status *st, ppc_vsr r, bool fprf,
                       struct fpu_un v, enum fpu_fmt fmt)
{
    if (fpu_apply(cpu, st)) {
        VSR(XT_X) = r;
        if (fprf)
            fpu_set_fprf(cpu, fpu_fprf(v, fmt));
    }
    return fpu_end(cpu, d, st, false);
}

/* xscvdpsp: round to single, result in single format in word 0 (and, as
 * POWER9/QEMU do, copied to word 1; the ISA leaves words 1-3 undefined). */
PPC_EXEC(xscvdpsp)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_round_to(&st, fpu_unpack64(ED(VSR(XB_X), 0)), FPU_SP);
    ppc_vsr r;
    r.q = 0;
    uint32_t w = fpu_pack32(v);
    EW(r, 0) = w;
    EW(r, 1) = w;
    return scalar_done(cpu, d, &st, r, true, v, FPU_SP);
}

/* xscvspdp: single in word 0 to double; an SNaN signals and is quieted. */
PPC_EXEC(xscvspdp)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_unpack32(EW(VSR(XB_X), 0));
    v = fpu_round_to(&st, v, FPU_DP);
    ppc_vsr r;
    ED(r, 0) = fpu_pack64(v);
    ED(r, 1) = 0;
    return scalar_done(cpu, d, &st, r, true, v, FPU_DP);
}

/* Non-signalling forms: no FPSCR change, no rounding: xscvdpspn is the
 * single-format image of the value (the store conversion of stfs; a value
 * not representable in single gives an undefined result), xscvspdpn the
 * exact widening (SNaN kept). */
PPC_EXEC(xscvdpspn)
{
    uint32_t w = fpu_dp_to_sp_bits(ED(VSR(XB_X), 0));
    ppc_vsr r;
    r.q = 0;
    EW(r, 0) = w;
    EW(r, 1) = w;
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xscvspdpn)
{
    ppc_vsr r;
    ED(r, 0) = fpu_sp_to_dp_bits(EW(VSR(XB_X), 0));
    ED(r, 1) = 0;
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvcvdpsp)
{
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    ppc_vsr b = VSR(XB_X), r;
    acc.flags = 0;
    for (int i = 0; i < 2; i++) {
        struct fpu_status st = st0;
        uint32_t w = fpu_pack32(fpu_round_to(&st, fpu_unpack64(ED(b, i)), FPU_SP));
        EW(r, 2 * i) = w;
        EW(r, 2 * i + 1) = w;
        acc.flags |= st.flags;
    }
    if (fpu_apply_noround(cpu, &acc))
        VSR(XT_X) = r;
    return fpu_end(cpu, d, &acc, false);
}

PPC_EXEC(xvcvspdp)
{
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    ppc_vsr b = VSR(XB_X), r;
    acc.flags = 0;
    for (int i = 0; i < 2; i++) {
        struct fpu_status st = st0;
        ED(r, i) = fpu_pack64(fpu_round_to(&st, fpu_unpack32(EW(b, 2 * i)), FPU_DP));
        acc.flags |= st.flags;
    }
    if (fpu_apply_noround(cpu, &acc))
        VSR(XT_X) = r;
    return fpu_end(cpu, d, &acc, false);
}

/* ---- FP -> integer ----------------------------------------------------- */
/* Scalar: doubleword forms write doubleword 0; word forms write word 1
 * (words 0, 2, 3 are undefined: word 0 gets a copy, as POWER9 and QEMU
 * do, words 2 and 3 zero). Round toward zero. */
static int xscvdpint(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     unsigned bits, bool sgn)
{
    struct fpu_status st = fpu_begin(cpu);
    uint64_t v = fpu_to_int(&st, fpu_unpack64(ED(VSR(XB_X), 0)), bits, sgn,
                            FPU_RZ);
    ppc_vsr r;
    r.q = 0;
    if (bits == 64)
        ED(r, 0) = v;
    else
        EW(r, 0) = EW(r, 1) = (uint32_t)v;
    if (fpu_apply(cpu, &st))
        VSR(XT_X) = r;
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xscvdpsxds) { return xscvdpint(cpu, d, 64, true); }
PPC_EXEC(xscvdpuxds) { return xscvdpint(cpu, d, 64, false); }
PPC_EXEC(xscvdpsxws) { return xscvdpint(cpu, d, 32, true); }
PPC_EXEC(xscvdpuxws) { return xscvdpint(cpu, d, 32, false); }

/* Vector: kind 0 = dp->64, 1 = dp->32 (words 0,2 <- results, 1,3 copies),
 * 2 = sp->32, 3 = sp (words 0,2) -> 64. */
static int xvcvint(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int kind,
                   bool sgn)
{
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    ppc_vsr b = VSR(XB_X), r;
    acc.flags = 0;
    r.q = 0;
    int n = kind == 2 ? 4 : 2;
    for (int i = 0; i < n; i++) {
        struct fpu_status st = st0;
        switch (kind) {
        case 0:
            ED(r, i) = fpu_to_int(&st, fpu_unpack64(ED(b, i)), 64, sgn, FPU_RZ);
            break;
        case 1: {
            uint32_t w = (uint32_t)fpu_to_int(&st, fpu_unpack64(ED(b, i)), 32,
                                              sgn, FPU_RZ);
            EW(r, 2 * i) = w;
            EW(r, 2 * i + 1) = w;
            break;
        }
        case 2:
            EW(r, i) = (uint32_t)fpu_to_int(&st, fpu_unpack32(EW(b, i)), 32,
                                            sgn, FPU_RZ);
            break;
        default:
            ED(r, i) = fpu_to_int(&st, fpu_unpack32(EW(b, 2 * i)), 64, sgn,
                                  FPU_RZ);
            break;
        }
        acc.flags |= st.flags & ~(FPU_F_FR | FPU_F_FI);
    }
    if (fpu_apply_noround(cpu, &acc))
        VSR(XT_X) = r;
    return fpu_end(cpu, d, &acc, false);
}
PPC_EXEC(xvcvdpsxds) { return xvcvint(cpu, d, 0, true); }
PPC_EXEC(xvcvdpuxds) { return xvcvint(cpu, d, 0, false); }
PPC_EXEC(xvcvdpsxws) { return xvcvint(cpu, d, 1, true); }
PPC_EXEC(xvcvdpuxws) { return xvcvint(cpu, d, 1, false); }
PPC_EXEC(xvcvspsxws) { return xvcvint(cpu, d, 2, true); }
PPC_EXEC(xvcvspuxws) { return xvcvint(cpu, d, 2, false); }
PPC_EXEC(xvcvspsxds) { return xvcvint(cpu, d, 3, true); }
PPC_EXEC(xvcvspuxds) { return xvcvint(cpu, d, 3, false); }

/* ---- integer -> FP ----------------------------------------------------- */
static int xscvint(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool sgn,
                   enum fpu_fmt fmt)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_from_int(&st, ED(VSR(XB_X), 0), sgn, fmt);
    ppc_vsr r;
    ED(r, 0) = fpu_pack64(v);
    ED(r, 1) = 0;
    return scalar_done(cpu, d, &st, r, true, v, fmt);
}
PPC_EXEC(xscvsxddp) { return xscvint(cpu, d, true, FPU_DP); }
PPC_EXEC(xscvuxddp) { return xscvint(cpu, d, false, FPU_DP); }
PPC_EXEC(xscvsxdsp) { return xscvint(cpu, d, true, FPU_SP); }
PPC_EXEC(xscvuxdsp) { return xscvint(cpu, d, false, FPU_SP); }

/* kind 0: 64 -> dp; 1: words 0,2 -> dp; 2: 32 -> sp; 3: 64 -> sp (words
 * 0,2 and copies in 1,3). */
static int xvcvfromint(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                       int kind, bool sgn)
{
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    ppc_vsr b = VSR(XB_X), r;
    acc.flags = 0;
    int n = kind == 2 ? 4 : 2;
    for (int i = 0; i < n; i++) {
        struct fpu_status st = st0;
        switch (kind) {
        case 0:
            ED(r, i) = fpu_pack64(fpu_from_int(&st, ED(b, i), sgn, FPU_DP));
            break;
        case 1: {
            uint64_t x = sgn ? (uint64_t)(int64_t)(int32_t)EW(b, 2 * i)
                             : EW(b, 2 * i);
            ED(r, i) = fpu_pack64(fpu_from_int(&st, x, sgn, FPU_DP));
            break;
        }
        case 2: {
            uint64_t x = sgn ? (uint64_t)(int64_t)(int32_t)EW(b, i) : EW(b, i);
            EW(r, i) = fpu_pack32(fpu_from_int(&st, x, sgn, FPU_SP));
            break;
        }
        default: {
            uint32_t w = fpu_pack32(fpu_from_int(&st, ED(b, i), sgn, FPU_SP));
            EW(r, 2 * i) = w;
            EW(r, 2 * i + 1) = w;
            break;
        }
        }
        acc.flags |= st.flags & ~(FPU_F_FR | FPU_F_FI);
    }
    fpu_apply_noround(cpu, &acc);
    VSR(XT_X) = r;
    return fpu_end(cpu, d, &acc, false);
}
PPC_EXEC(xvcvsxddp) { return xvcvfromint(cpu, d, 0, true); }
PPC_EXEC(xvcvuxddp) { return xvcvfromint(cpu, d, 0, false); }
PPC_EXEC(xvcvsxwdp) { return xvcvfromint(cpu, d, 1, true); }
PPC_EXEC(xvcvuxwdp) { return xvcvfromint(cpu, d, 1, false); }
PPC_EXEC(xvcvsxwsp) { return xvcvfromint(cpu, d, 2, true); }
PPC_EXEC(xvcvuxwsp) { return xvcvfromint(cpu, d, 2, false); }
PPC_EXEC(xvcvsxdsp) { return xvcvfromint(cpu, d, 3, true); }
PPC_EXEC(xvcvuxdsp) { return xvcvfromint(cpu, d, 3, false); }

/* ---- sign operations ---------------------------------------------------- */
#define S64 0x8000000000000000ull
#define S32 0x80000000u
static int xs_sign(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int op)
{
    uint64_t b = ED(VSR(XB_X), 0), a = ED(VSR(XA_X), 0), v;
    switch (op) {
    case 0: v = b & ~S64; break;
    case 1: v = b | S64; break;
    case 2: v = b ^ S64; break;
    default: v = (a & S64) | (b & ~S64); break;
    }
    ppc_vsr r;
    ED(r, 0) = v;
    ED(r, 1) = 0;
    VSR(XT_X) = r;
    return 0;
}
PPC_EXEC(xsabsdp) { return xs_sign(cpu, d, 0); }
PPC_EXEC(xsnabsdp) { return xs_sign(cpu, d, 1); }
PPC_EXEC(xsnegdp) { return xs_sign(cpu, d, 2); }
PPC_EXEC(xscpsgndp) { return xs_sign(cpu, d, 3); }

static int xv_sign(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int op,
                   bool dp)
{
    u128 m = 0;
    for (int i = 0; i < (dp ? 2 : 4); i++)
        m |= (u128)1 << (dp ? 63 + 64 * i : 31 + 32 * i);
    u128 a = VSR(XA_X).q, b = VSR(XB_X).q, v;
    switch (op) {
    case 0: v = b & ~m; break;
    case 1: v = b | m; break;
    case 2: v = b ^ m; break;
    default: v = (a & m) | (b & ~m); break;
    }
    VSR(XT_X).q = v;
    return 0;
}
PPC_EXEC(xvabsdp) { return xv_sign(cpu, d, 0, true); }
PPC_EXEC(xvnabsdp) { return xv_sign(cpu, d, 1, true); }
PPC_EXEC(xvnegdp) { return xv_sign(cpu, d, 2, true); }
PPC_EXEC(xvcpsgndp) { return xv_sign(cpu, d, 3, true); }
PPC_EXEC(xvabssp) { return xv_sign(cpu, d, 0, false); }
PPC_EXEC(xvnabssp) { return xv_sign(cpu, d, 1, false); }
PPC_EXEC(xvnegsp) { return xv_sign(cpu, d, 2, false); }
PPC_EXEC(xvcpsgnsp) { return xv_sign(cpu, d, 3, false); }

/* ---- exponent / significand ------------------------------------------- */
PPC_EXEC(xsxexpdp)
{
    cpu->gpr[WF(6, 10)] = (ED(VSR(XB_X), 0) >> 52) & 0x7ff;
    return 0;
}

PPC_EXEC(xsxsigdp)
{
    uint64_t x = ED(VSR(XB_X), 0);
    unsigned e = (unsigned)(x >> 52) & 0x7ff;
    uint64_t f = x & 0xfffffffffffffull;
    cpu->gpr[WF(6, 10)] = (e != 0 && e != 0x7ff) ? f | (1ull << 52) : f;
    return 0;
}

PPC_EXEC(xsiexpdp)
{
    uint64_t a = cpu->gpr[WF(11, 15)], b = cpu->gpr[WF(16, 20)];
    ppc_vsr r;
    ED(r, 0) = (a & 0x800fffffffffffffull) | ((b & 0x7ff) << 52);
    ED(r, 1) = 0;
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvxexpdp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 2; i++)
        ED(r, i) = (ED(b, i) >> 52) & 0x7ff;
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvxsigdp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 2; i++) {
        uint64_t x = ED(b, i);
        unsigned e = (unsigned)(x >> 52) & 0x7ff;
        uint64_t f = x & 0xfffffffffffffull;
        ED(r, i) = (e != 0 && e != 0x7ff) ? f | (1ull << 52) : f;
    }
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvxexpsp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 4; i++)
        EW(r, i) = (EW(b, i) >> 23) & 0xff;
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvxsigsp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 4; i++) {
        uint32_t x = EW(b, i), e = (x >> 23) & 0xff, f = x & 0x7fffff;
        EW(r, i) = (e != 0 && e != 0xff) ? f | 0x800000u : f;
    }
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xviexpdp)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), r;
    for (int i = 0; i < 2; i++)
        ED(r, i) = (ED(a, i) & 0x800fffffffffffffull) | ((ED(b, i) & 0x7ff) << 52);
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xviexpsp)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), r;
    for (int i = 0; i < 4; i++)
        EW(r, i) = (EW(a, i) & 0x807fffffu) | ((EW(b, i) & 0xff) << 23);
    VSR(XT_X) = r;
    return 0;
}

/* ---- test data class -------------------------------------------------- */
/* xststdc*: CR[BF] and FPSCR[FPCC] <- 0b0 || sign || match || 0b0. */
static int tstdc_done(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                      unsigned c)
{
    ppc_cr_set(cpu, WF(6, 8), c);
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (c << FPSCR_FPRF_SHIFT);
    return 0;
}

static bool den64_bits(uint64_t x)
{
    return ((x >> 52) & 0x7ff) == 0 && (x << 12) != 0;
}

/* DCMX bits (MSB first): NaN, +Inf, -Inf, +Zero, -Zero, +Denormal,
 * -Denormal (bit 6 = LSB of the 7-bit mask). */
static bool dc_match(struct fpu_un v, bool den, unsigned dcmx)
{
    unsigned bit;
    switch (v.cls) {
    case FPU_QNAN:
    case FPU_SNAN: bit = 6; break;
    case FPU_INF: bit = v.s ? 4 : 5; break;
    case FPU_ZERO: bit = v.s ? 2 : 3; break;
    default:
        if (!den)
            return false;
        bit = v.s ? 0 : 1;
        break;
    }
    return (dcmx >> bit) & 1;
}

PPC_EXEC(xststdcdp)
{
    uint64_t x = ED(VSR(XB_X), 0);
    struct fpu_un v = fpu_unpack64(x);
    bool m = dc_match(v, den64_bits(x), WF(9, 15));
    return tstdc_done(cpu, d, ((x >> 63) ? 8u : 0u) | (m ? 2u : 0u));
}

/* xststdcsp: the class of the double-format value seen as a single; the
 * fourth bit tells that the value is not exactly representable in single
 * format (a NaN is when its payload fits the single fraction). */
PPC_EXEC(xststdcsp)
{
    uint64_t x = ED(VSR(XB_X), 0);
    struct fpu_un v = fpu_unpack64(x);
    bool den = v.cls == FPU_NORM && fpu_normalize(v).e < -126;
    bool m = dc_match(v, den, WF(9, 15));
    struct fpu_status st = { .rm = FPU_RN };
    struct fpu_un r = fpu_round_to(&st, v, FPU_SP);
    bool not_sp = fpu_is_nan(&v) ? (x & 0x1fffffffull) != 0
                                 : fpu_pack64(r) != x;
    return tstdc_done(cpu, d, ((x >> 63) ? 8u : 0u) | (m ? 2u : 0u) |
                              (not_sp ? 1u : 0u));
}

/* xvtstdc[dp|sp]: DCMX = dc (bit 25) || dm (bit 29) || dx (bits 11:15). */
#define XV_DCMX ((WF(25, 25) << 6) | (WF(29, 29) << 5) | WF(11, 15))
PPC_EXEC(xvtstdcdp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 2; i++) {
        uint64_t x = ED(b, i);
        ED(r, i) = dc_match(fpu_unpack64(x), den64_bits(x), XV_DCMX) ? ~0ull : 0;
    }
    VSR(XT_X) = r;
    return 0;
}

PPC_EXEC(xvtstdcsp)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 4; i++) {
        uint32_t x = EW(b, i);
        bool den = ((x >> 23) & 0xff) == 0 && (x << 9);
        EW(r, i) = dc_match(fpu_unpack32(x), den, XV_DCMX) ? ~0u : 0;
    }
    VSR(XT_X) = r;
    return 0;
}

/* ---- half precision and bfloat16 (ISA 3.0 / 3.1) ------------------------- */
/* xscvdphp: round to binary16 into bits 48:63 of doubleword 0 (the rest
 * zero); xscvhpdp: binary16 from there, exactly (an SNaN signals). */
PPC_EXEC(xscvdphp)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_round_to(&st, fpu_unpack64(ED(VSR(XB_X), 0)), FPU_HP);
    ppc_vsr r;
    r.q = 0;
    ED(r, 0) = fpu_pack16(v);
    return scalar_done(cpu, d, &st, r, true, v, FPU_HP);
}

PPC_EXEC(xscvhpdp)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_unpack16((uint16_t)ED(VSR(XB_X), 0));
    v = fpu_round_to(&st, v, FPU_DP);
    ppc_vsr r;
    ED(r, 0) = fpu_pack64(v);
    ED(r, 1) = 0;
    return scalar_done(cpu, d, &st, r, true, v, FPU_DP);
}

/* Vector forms: the 16-bit value is halfword 1 of each word. */
static int xv_half(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int kind)
{
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    ppc_vsr b = VSR(XB_X), r;
    acc.flags = 0;
    for (int i = 0; i < 4; i++) {
        struct fpu_status st = st0;
        uint32_t w = EW(b, i), o;
        switch (kind) {
        case 0:     /* xvcvsphp */
            o = fpu_pack16(fpu_round_to(&st, fpu_unpack32(w), FPU_HP));
            break;
        case 1:     /* xvcvhpsp */
            o = fpu_pack32(fpu_round_to(&st, fpu_unpack16((uint16_t)w), FPU_SP));
            break;
        default:    /* xvcvspbf16 */
            o = fpu_pack32(fpu_round_to(&st, fpu_unpack32(w), FPU_BF)) >> 16;
            break;
        }
        EW(r, i) = o;
        acc.flags |= st.flags & ~(FPU_F_FR | FPU_F_FI);
    }
    if (fpu_apply_noround(cpu, &acc))
        VSR(XT_X) = r;
    return fpu_end(cpu, d, &acc, false);
}
PPC_EXEC(xvcvsphp) { return xv_half(cpu, d, 0); }
PPC_EXEC(xvcvhpsp) { return xv_half(cpu, d, 1); }
PPC_EXEC(xvcvspbf16) { return xv_half(cpu, d, 2); }

/* xvcvbf16spn: non-signalling widening: the bfloat16 bits become the high
 * half of the single. */
PPC_EXEC(xvcvbf16spn)
{
    ppc_vsr b = VSR(XB_X), r;
    for (int i = 0; i < 4; i++)
        EW(r, i) = (EW(b, i) & 0xffff) << 16;
    VSR(XT_X) = r;
    return 0;
}

/* xvtlsbb BF,XB: CR[BF] <- all-ones-lsb || 0 || all-zeros-lsb || 0. */
PPC_EXEC(xvtlsbb)
{
    ppc_vsr b = VSR(XB_X);
    bool all1 = true, all0 = true;
    for (int i = 0; i < 16; i++) {
        all1 &= EB(b, i) & 1;
        all0 &= !(EB(b, i) & 1);
    }
    ppc_cr_set(cpu, WF(6, 8), (all1 ? 8u : 0u) | (all0 ? 2u : 0u));
    return 0;
}

/* lxvkq XT,UIM: the quad-precision constants of ISA 3.1 (1..7, +Inf,
 * QNaN and their negatives at UIM | 16; -0 at 16); other UIMs are
 * reserved: zero. */
PPC_EXEC(lxvkq)
{
    unsigned uim = WF(16, 20), k = uim & 15;
    bool neg = uim & 16;
    u128 v = 0;
    if (k >= 1 && k <= 7) {
        struct fpu_status st = { .rm = FPU_RN };
        v = fpu_pack128(fpu_from_int(&st, k, false, FPU_QP));
    } else if (k == 8) {
        v = (u128)0x7fff << 112;
    } else if (k == 9) {
        v = ((u128)0x7fff << 112) | ((u128)1 << 111);
    }
    if (neg && (k <= 9))
        v |= (u128)1 << 127;
    VSR(XT_X).q = v;
    return 0;
}
