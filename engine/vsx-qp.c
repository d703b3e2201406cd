/* engine/vsx-qp.c: the ISA 3.0/3.1 quad-precision (binary128) scalar
 * instructions (Power ISA Book I 7.6, xs*qp): arithmetic with the
 * round-to-odd "o" forms, fused multiply-add, square root, compares,
 * max/min, round to integral (xsrqpi[x], xsrqpxp), conversions to and
 * from double and 64/128-bit integers, sign and exponent/significand
 * operations, test data class. Operands are VSR[32+VRx] (the VRs);
 * FPSCR as for the scalar double instructions. Rows: insn-vsx.def. */
#include "vmx-sem.h"
#include "fpu-fpscr.h"

#define QT VR(VRT)
#define RO (d->word & 1)

static inline struct fpu_un Q(const struct ppc_cpu *cpu, unsigned vr)
{
    return fpu_unpack128(cpu->vsr[32 + vr].q);
}

static inline struct fpu_status qp_begin(const struct ppc_cpu *cpu,
                                         const struct ppc_dinsn *d)
{
    struct fpu_status st = fpu_begin(cpu);
    if (RO)
        st.rm = FPU_RO;
    return st;
}

/* Result: write (unless suppressed), FPRF as a quad value. */
static int qp_done(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                   struct fpu_status *st, struct fpu_un r)
{
    if (fpu_apply(cpu, st)) {
        QT.q = fpu_pack128(r);
        fpu_set_fprf(cpu, fpu_fprf(r, FPU_QP));
    }
    return fpu_end(cpu, d, st, false);
}

#define QBIN(id, fn) \
PPC_EXEC(id) \
{ \
    struct fpu_status st = qp_begin(cpu, d); \
    return qp_done(cpu, d, &st, fn(&st, Q(cpu, VRA), Q(cpu, VRB), FPU_QP)); \
}
QBIN(xsaddqp, fpu_add)
QBIN(xsaddqpo, fpu_add)
QBIN(xssubqp, fpu_sub)
QBIN(xssubqpo, fpu_sub)
QBIN(xsmulqp, fpu_mul)
QBIN(xsmulqpo, fpu_mul)
QBIN(xsdivqp, fpu_div)
QBIN(xsdivqpo, fpu_div)

PPC_EXEC(xssqrtqp)
{
    struct fpu_status st = qp_begin(cpu, d);
    return qp_done(cpu, d, &st, fpu_sqrt(&st, Q(cpu, VRB), FPU_QP));
}
PPC_EXEC(xssqrtqpo) { return exec_xssqrtqp(cpu, d); }

/* VRT <- +-(VRA * VRB +- VRT); nm: negated after rounding (not a NaN). */
static int qfma(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool sub,
                bool neg)
{
    struct fpu_status st = qp_begin(cpu, d);
    struct fpu_un r = fpu_fma(&st, Q(cpu, VRA), Q(cpu, VRB), Q(cpu, VRT), sub,
                              FPU_QP);
    if (neg)
        r = fpu_negate_result(r);
    return qp_done(cpu, d, &st, r);
}
PPC_EXEC(xsmaddqp) { return qfma(cpu, d, false, false); }
PPC_EXEC(xsmaddqpo) { return qfma(cpu, d, false, false); }
PPC_EXEC(xsmsubqp) { return qfma(cpu, d, true, false); }
PPC_EXEC(xsmsubqpo) { return qfma(cpu, d, true, false); }
PPC_EXEC(xsnmaddqp) { return qfma(cpu, d, false, true); }
PPC_EXEC(xsnmaddqpo) { return qfma(cpu, d, false, true); }
PPC_EXEC(xsnmsubqp) { return qfma(cpu, d, true, true); }
PPC_EXEC(xsnmsubqpo) { return qfma(cpu, d, true, true); }

/* ---- compares ---------------------------------------------------------- */
static int qcmp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool ordered)
{
    return fpu_compare_exec(cpu, d, Q(cpu, VRA), Q(cpu, VRB), ordered);
}
PPC_EXEC(xscmpuqp) { return qcmp(cpu, d, false); }
PPC_EXEC(xscmpoqp) { return qcmp(cpu, d, true); }

PPC_EXEC(xscmpexpqp)
{
    u128 a = VR(VRA).q, b = VR(VRB).q;
    struct fpu_un ua = fpu_unpack128(a), ub = fpu_unpack128(b);
    unsigned ea = (unsigned)(a >> 112) & 0x7fff, eb = (unsigned)(b >> 112) & 0x7fff;
    unsigned c = (fpu_is_nan(&ua) || fpu_is_nan(&ub)) ? 1 :
                 ea < eb ? 8 : ea > eb ? 4 : 2;
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (c << FPSCR_FPRF_SHIFT);
    ppc_cr_set(cpu, WF(6, 8), c);
    return 0;
}

/* xscmp{eq,gt,ge}qp (ISA 3.1): all-ones / zero result. */
static int qcmp_pred(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int k)
{
    struct fpu_status st = fpu_begin(cpu);
    st.flags = 0;
    struct fpu_un a = Q(cpu, VRA), b = Q(cpu, VRB);
    bool snan = a.cls == FPU_SNAN || b.cls == FPU_SNAN;
    bool nan = fpu_is_nan(&a) || fpu_is_nan(&b);
    if (snan)
        st.flags |= FPU_F_VXSNAN;
    if (k != 0 && nan && !(snan && (cpu->fpscr & FPSCR_VE)))
        st.flags |= FPU_F_VXVC;
    unsigned c = fpu_compare(a, b);
    bool r = k == 0 ? c == 2 : k == 1 ? c == 4 : (c == 4 || c == 2);
    if (fpu_apply_noround(cpu, &st))
        QT.q = r ? ~(u128)0 : 0;
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xscmpeqqp) { return qcmp_pred(cpu, d, 0); }
PPC_EXEC(xscmpgtqp) { return qcmp_pred(cpu, d, 1); }
PPC_EXEC(xscmpgeqp) { return qcmp_pred(cpu, d, 2); }

/* xsmaxcqp/xsmincqp: C semantics (a NaN operand gives VRB). */
static int qmaxmin(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool is_max)
{
    struct fpu_status st = fpu_begin(cpu);
    st.flags = 0;
    struct fpu_un a = Q(cpu, VRA), b = Q(cpu, VRB);
    if (a.cls == FPU_SNAN || b.cls == FPU_SNAN)
        st.flags |= FPU_F_VXSNAN;
    u128 r;
    if (fpu_is_nan(&a) || fpu_is_nan(&b)) {
        r = VR(VRB).q;
    } else {
        unsigned c = fpu_compare(a, b);
        bool take_a = is_max ? c == 4 : c == 8;
        r = take_a ? VR(VRA).q : VR(VRB).q;
    }
    if (fpu_apply_noround(cpu, &st))
        QT.q = r;
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xsmaxcqp) { return qmaxmin(cpu, d, true); }
PPC_EXEC(xsmincqp) { return qmaxmin(cpu, d, false); }

/* ---- round to integral / extended precision ---------------------------- */
/* R (bit 15) and RMC (bits 21:22): R=0: RMC 0 = nearest ties away, 3 =
 * FPSCR[RN] (1, 2: reserved, treated as nearest away); R=1: RMC = RN, RZ,
 * RP, RM. */
static int qp_rmc(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    unsigned r = WF(15, 15), rmc = WF(21, 22);
    if (r)
        return (int)rmc;
    return rmc == 3 ? (int)(cpu->fpscr & FPSCR_RN) : FPU_RNA;
}

static int qround(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool ex)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un r = fpu_round_int(&st, Q(cpu, VRB), qp_rmc(cpu, d), ex);
    return qp_done(cpu, d, &st, r);
}
PPC_EXEC(xsrqpi) { return qround(cpu, d, false); }
PPC_EXEC(xsrqpix) { return qround(cpu, d, true); }

PPC_EXEC(xsrqpxp)
{
    struct fpu_status st = fpu_begin(cpu);
    int rm = qp_rmc(cpu, d);
    st.rm = (uint8_t)(rm == FPU_RNA ? FPU_RN : rm);
    struct fpu_un r = fpu_round_to(&st, Q(cpu, VRB), FPU_XP);
    return qp_done(cpu, d, &st, r);
}

/* ---- conversions --------------------------------------------------------- */
PPC_EXEC(xscvdpqp)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = fpu_unpack64(ED(VR(VRB), 0));
    return qp_done(cpu, d, &st, fpu_round_to(&st, v, FPU_QP));
}

static int qcvtdp(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    struct fpu_status st = qp_begin(cpu, d);
    struct fpu_un v = fpu_round_to(&st, Q(cpu, VRB), FPU_DP);
    if (fpu_apply(cpu, &st)) {
        ppc_vsr r;
        ED(r, 0) = fpu_pack64(v);
        ED(r, 1) = 0;
        QT = r;
        fpu_set_fprf(cpu, fpu_fprf(v, FPU_DP));
    }
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xscvqpdp) { return qcvtdp(cpu, d); }
PPC_EXEC(xscvqpdpo) { return qcvtdp(cpu, d); }

/* To integer, round toward zero: doubleword results in doubleword 0, word
 * results sign/zero-extended in doubleword 0; doubleword 1 zero. */
static int qtoint(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned bits, bool sgn)
{
    struct fpu_status st = fpu_begin(cpu);
    ppc_vsr r;
    if (bits == 128) {
        r.q = fpu_to_int128(&st, Q(cpu, VRB), sgn, FPU_RZ);
    } else {
        uint64_t v = fpu_to_int(&st, Q(cpu, VRB), bits, sgn, FPU_RZ);
        if (bits == 32)
            v = sgn ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
        ED(r, 0) = v;
        ED(r, 1) = 0;
    }
    if (fpu_apply(cpu, &st))
        QT = r;
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xscvqpsdz) { return qtoint(cpu, d, 64, true); }
PPC_EXEC(xscvqpudz) { return qtoint(cpu, d, 64, false); }
PPC_EXEC(xscvqpswz) { return qtoint(cpu, d, 32, true); }
PPC_EXEC(xscvqpuwz) { return qtoint(cpu, d, 32, false); }
PPC_EXEC(xscvqpsqz) { return qtoint(cpu, d, 128, true); }
PPC_EXEC(xscvqpuqz) { return qtoint(cpu, d, 128, false); }

static int qfromint(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                    bool wide, bool sgn)
{
    struct fpu_status st = fpu_begin(cpu);
    struct fpu_un v = wide ? fpu_from_int128(&st, VR(VRB).q, sgn, FPU_QP)
                           : fpu_from_int(&st, ED(VR(VRB), 0), sgn, FPU_QP);
    return qp_done(cpu, d, &st, v);
}
PPC_EXEC(xscvsdqp) { return qfromint(cpu, d, false, true); }
PPC_EXEC(xscvudqp) { return qfromint(cpu, d, false, false); }
PPC_EXEC(xscvsqqp) { return qfromint(cpu, d, true, true); }
PPC_EXEC(xscvuqqp) { return qfromint(cpu, d, true, false); }

/* ---- sign, exponent, significand ------------------------------------- */
#define QSIGN ((u128)1 << 127)
PPC_EXEC(xsabsqp) { QT.q = VR(VRB).q & ~QSIGN; return 0; }
PPC_EXEC(xsnabsqp) { QT.q = VR(VRB).q | QSIGN; return 0; }
PPC_EXEC(xsnegqp) { QT.q = VR(VRB).q ^ QSIGN; return 0; }
PPC_EXEC(xscpsgnqp)
{
    QT.q = (VR(VRA).q & QSIGN) | (VR(VRB).q & ~QSIGN);
    return 0;
}

PPC_EXEC(xsxexpqp)
{
    ppc_vsr r;
    ED(r, 0) = (uint64_t)(VR(VRB).q >> 112) & 0x7fff;
    ED(r, 1) = 0;
    QT = r;
    return 0;
}

PPC_EXEC(xsxsigqp)
{
    u128 x = VR(VRB).q;
    unsigned e = (unsigned)(x >> 112) & 0x7fff;
    u128 f = x & (((u128)1 << 112) - 1);
    QT.q = (e != 0 && e != 0x7fff) ? f | ((u128)1 << 112) : f;
    return 0;
}

PPC_EXEC(xsiexpqp)
{
    u128 a = VR(VRA).q;
    uint64_t e = ED(VR(VRB), 0) & 0x7fff;
    QT.q = (a & ~((u128)0x7fff << 112)) | ((u128)e << 112);
    return 0;
}

/* xststdcqp BF,VRB,DCMX: as xststdcdp on the quad value. */
PPC_EXEC(xststdcqp)
{
    u128 x = VR(VRB).q;
    struct fpu_un v = fpu_unpack128(x);
    unsigned dcmx = WF(9, 15), bit;
    bool m;
    switch (v.cls) {
    case FPU_QNAN:
    case FPU_SNAN: bit = 6; break;
    case FPU_INF: bit = v.s ? 4 : 5; break;
    case FPU_ZERO: bit = v.s ? 2 : 3; break;
    default:
        bit = (((x >> 112) & 0x7fff) == 0) ? (v.s ? 0 : 1) : 7;
        break;
    }
    m = bit < 7 && ((dcmx >> bit) & 1);
    unsigned c = ((x >> 127) ? 8u : 0u) | (m ? 2u : 0u);
    ppc_cr_set(cpu, WF(6, 8), c);
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (c << FPSCR_FPRF_SHIFT);
    return 0;
}
