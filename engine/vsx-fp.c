/* engine/vsx-fp.c: VSX scalar and vector binary floating-point arithmetic
 * (Power ISA Book I 7.6): add/sub/mul/div/sqrt, the a- and m-form
 * multiply-adds (a: XT <- XA*XB + XT, m: XT <- XA*XT + XB), estimates,
 * round-to-integral, max/min (IEEE, C and Java flavours), compares and
 * test-for-divide/sqrt, on scalar double (doubleword 0; doubleword 1 <- 0),
 * scalar single (double format rounded to single), vector double and
 * vector single. Scalar forms set FPRF/FR/FI like the FPR instructions;
 * vector forms set only the sticky exception bits, and an enabled invalid
 * or zero-divide exception in any element leaves XT unchanged.
 * Rows: insn-vsx.def. */
#include "vmx-sem.h"
#include "fpu-fast.h"
#include "fpu-fpscr.h"

enum vlayout { L_SDP, L_SSP, L_VDP, L_VSP };

enum vop {
    V_ADD, V_SUB, V_MUL, V_DIV, V_SQRT,
    V_MADDA, V_MADDM, V_MSUBA, V_MSUBM, V_NMADDA, V_NMADDM, V_NMSUBA,
    V_NMSUBM, V_RE, V_RSQRTE, V_RI, V_RIZ, V_RIP, V_RIM, V_RIC, V_RSP,
    V_MAX, V_MIN, V_MAXC, V_MINC, V_MAXJ, V_MINJ,
};

static struct fpu_un estimate(struct fpu_status *st, struct fpu_un b,
                              bool rsqrt, enum fpu_fmt fmt)
{
    struct fpu_un one = fpu_unpack64(0x3ff0000000000000ull), r;
    if (rsqrt) {
        r = fpu_sqrt(st, b, FPU_DP);
        if (!fpu_is_nan(&r))
            r = fpu_div(st, one, r, fmt);
    } else {
        r = fpu_div(st, one, b, fmt);
    }
    st->flags &= ~(FPU_F_XX | FPU_F_FI | FPU_F_FR);
    return r;
}

/* max/min. IEEE flavour (xsmaxdp, xvmax*): a QNaN operand loses to a
 * number; an SNaN sets VXSNAN and gives the quieted NaN; +0 > -0.
 * C flavour (xsmaxcdp): any NaN gives XB; Java flavour (xsmaxjdp): the
 * first NaN is the result. */
static struct fpu_un maxmin(struct fpu_status *st, struct fpu_un a,
                            struct fpu_un b, bool is_max, int flavour)
{
    bool an = fpu_is_nan(&a), bn = fpu_is_nan(&b);
    if (a.cls == FPU_SNAN || b.cls == FPU_SNAN)
        st->flags |= FPU_F_VXSNAN;
    if (an || bn) {
        if (flavour == 1)
            return b;
        if (flavour == 2)
            return an ? a : b;
        /* an SNaN operand: the first NaN operand, quieted (the NaN
         * precedence of Book I 4.3.2) */
        if (a.cls == FPU_SNAN || b.cls == FPU_SNAN)
            return fpu_quiet(an ? a : b);
        if (an && bn)
            return a;
        return an ? b : a;
    }
    unsigned c = fpu_compare(a, b);
    if (c == 2) {
        if (flavour == 1)
            return b;
        /* equal: distinguish zeros by sign */
        if (a.cls == FPU_ZERO && b.cls == FPU_ZERO && a.s != b.s)
            return is_max ? (a.s ? b : a) : (a.s ? a : b);
        return a;
    }
    bool a_gt = c == 4;
    return (is_max == a_gt) ? a : b;
}

static struct fpu_un eval(struct fpu_status *st, enum vop op, struct fpu_un a,
                          struct fpu_un b, struct fpu_un t, enum fpu_fmt fmt)
{
    switch (op) {
    case V_ADD: return fpu_add(st, a, b, fmt);
    case V_SUB: return fpu_sub(st, a, b, fmt);
    case V_MUL: return fpu_mul(st, a, b, fmt);
    case V_DIV: return fpu_div(st, a, b, fmt);
    case V_SQRT: return fpu_sqrt(st, b, fmt);
    case V_MADDA: return fpu_fma(st, a, b, t, false, fmt);
    case V_MADDM: return fpu_fma(st, a, t, b, false, fmt);
    case V_MSUBA: return fpu_fma(st, a, b, t, true, fmt);
    case V_MSUBM: return fpu_fma(st, a, t, b, true, fmt);
    case V_NMADDA: return fpu_negate_result(fpu_fma(st, a, b, t, false, fmt));
    case V_NMADDM: return fpu_negate_result(fpu_fma(st, a, t, b, false, fmt));
    case V_NMSUBA: return fpu_negate_result(fpu_fma(st, a, b, t, true, fmt));
    case V_NMSUBM: return fpu_negate_result(fpu_fma(st, a, t, b, true, fmt));
    case V_RE: return estimate(st, b, false, fmt);
    case V_RSQRTE: return estimate(st, b, true, fmt);
    case V_RI: return fpu_round_int(st, b, FPU_RNA, false);
    case V_RIZ: return fpu_round_int(st, b, FPU_RZ, false);
    case V_RIP: return fpu_round_int(st, b, FPU_RP, false);
    case V_RIM: return fpu_round_int(st, b, FPU_RM, false);
    case V_RIC: return fpu_round_int(st, b, st->rm, true);
    case V_RSP: return fpu_round_to(st, b, FPU_SP);
    case V_MAX: return maxmin(st, a, b, true, 0);
    case V_MIN: return maxmin(st, a, b, false, 0);
    case V_MAXC: return maxmin(st, a, b, true, 1);
    case V_MINC: return maxmin(st, a, b, false, 1);
    case V_MAXJ: return maxmin(st, a, b, true, 2);
    default: return maxmin(st, a, b, false, 2);
    }
}

/* Does the operation round (sets FR/FI) and set FPRF? */
static bool sets_fprf(enum vop op)
{
    return !(op >= V_MAX);
}

static int vsx_arith(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     enum vop op, enum vlayout lay)
{
    unsigned xt = XT_X;
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), t = VSR(xt), r;
    struct fpu_status st0 = fpu_begin(cpu), acc = st0;
    r.q = 0;
    if (lay == L_SDP && op <= V_NMSUBM && op != V_SQRT) {
        /* host fast path (fpu-fast.h): a op b, or x*y +- z with the
         * multiplicand/addend roles of the a/m forms */
        uint64_t va = ED(a, 0), vb = ED(b, 0), vt = ED(t, 0), fr;
        uint32_t fl;
        bool ok, neg = op >= V_NMADDA;
        enum fpu_fast_op fo;
        uint64_t x = va, y = vb, z = 0;
        switch (op) {
        case V_ADD: fo = FF_ADD; break;
        case V_SUB: fo = FF_SUB; break;
        case V_MUL: fo = FF_MUL; break;
        case V_DIV: fo = FF_DIV; break;
        default: {
            bool mform = op == V_MADDM || op == V_MSUBM || op == V_NMADDM ||
                         op == V_NMSUBM;
            bool sub = op == V_MSUBA || op == V_MSUBM || op == V_NMSUBA ||
                       op == V_NMSUBM;
            fo = sub ? FF_FMS : FF_FMA;
            /* fpu_fast_dp(op, a, b(addend), c(multiplier)) */
            x = va;
            y = mform ? vb : vt;        /* addend */
            z = mform ? vt : vb;        /* multiplier */
            break;
        }
        }
        ok = fpu_fast_dp(fo, x, y, z, st0.rm,
                         (fo == FF_FMA || fo == FF_FMS) && fpu_fast_have_fma(),
                         &fr, &fl);
        if (ok) {
            struct fpu_status st = st0;
            st.flags = fl;
            if (neg)
                fr ^= 0x8000000000000000ull;
            fpu_apply(cpu, &st);
            ED(r, 0) = fr;
            VSR(xt) = r;
            fpu_set_fprf(cpu, (fr >> 63) ? 0x08 : 0x04);
            return fpu_end(cpu, d, &st, false);
        }
    }
    if (lay == L_SDP || lay == L_SSP) {
        enum fpu_fmt fmt = lay == L_SDP ? FPU_DP : FPU_SP;
        /* xsrsp: a single-precision result (FPRF, NaN format) */
        enum fpu_fmt cls = op == V_RSP ? FPU_SP : fmt;
        struct fpu_status st = st0;
        struct fpu_un v = eval(&st, op, fpu_unpack64(ED(a, 0)),
                               fpu_unpack64(ED(b, 0)), fpu_unpack64(ED(t, 0)),
                               fmt);
        v = fpu_fit_nan(v, cls);
        bool ok = sets_fprf(op) ? fpu_apply(cpu, &st)
                                : fpu_apply_noround(cpu, &st);
        if (ok) {
            ED(r, 0) = fpu_pack64(v);
            VSR(xt) = r;
            if (sets_fprf(op))
                fpu_set_fprf(cpu, fpu_fprf(v, cls));
        }
        return fpu_end(cpu, d, &st, false);
    }
    acc.flags = 0;
    if (lay == L_VDP) {
        for (int i = 0; i < 2; i++) {
            struct fpu_status st = st0;
            struct fpu_un v = eval(&st, op, fpu_unpack64(ED(a, i)),
                                   fpu_unpack64(ED(b, i)),
                                   fpu_unpack64(ED(t, i)), FPU_DP);
            ED(r, i) = fpu_pack64(v);
            acc.flags |= st.flags;
        }
    } else {
        for (int i = 0; i < 4; i++) {
            struct fpu_status st = st0;
            struct fpu_un v = eval(&st, op, fpu_unpack32(EW(a, i)),
                                   fpu_unpack32(EW(b, i)),
                                   fpu_unpack32(EW(t, i)), FPU_SP);
            EW(r, i) = fpu_pack32(v);
            acc.flags |= st.flags;
        }
    }
    if (fpu_apply_noround(cpu, &acc))
        VSR(xt) = r;
    return fpu_end(cpu, d, &acc, false);
}

#define VA(id, op, lay) \
PPC_EXEC(id) { return vsx_arith(cpu, d, op, lay); }

VA(xsadddp, V_ADD, L_SDP) VA(xssubdp, V_SUB, L_SDP) VA(xsmuldp, V_MUL, L_SDP)
VA(xsdivdp, V_DIV, L_SDP) VA(xssqrtdp, V_SQRT, L_SDP)
VA(xsaddsp, V_ADD, L_SSP) VA(xssubsp, V_SUB, L_SSP) VA(xsmulsp, V_MUL, L_SSP)
VA(xsdivsp, V_DIV, L_SSP) VA(xssqrtsp, V_SQRT, L_SSP)
VA(xvadddp, V_ADD, L_VDP) VA(xvsubdp, V_SUB, L_VDP) VA(xvmuldp, V_MUL, L_VDP)
VA(xvdivdp, V_DIV, L_VDP) VA(xvsqrtdp, V_SQRT, L_VDP)
VA(xvaddsp, V_ADD, L_VSP) VA(xvsubsp, V_SUB, L_VSP) VA(xvmulsp, V_MUL, L_VSP)
VA(xvdivsp, V_DIV, L_VSP) VA(xvsqrtsp, V_SQRT, L_VSP)

VA(xsmaddadp, V_MADDA, L_SDP) VA(xsmaddmdp, V_MADDM, L_SDP)
VA(xsmsubadp, V_MSUBA, L_SDP) VA(xsmsubmdp, V_MSUBM, L_SDP)
VA(xsnmaddadp, V_NMADDA, L_SDP) VA(xsnmaddmdp, V_NMADDM, L_SDP)
VA(xsnmsubadp, V_NMSUBA, L_SDP) VA(xsnmsubmdp, V_NMSUBM, L_SDP)
VA(xsmaddasp, V_MADDA, L_SSP) VA(xsmaddmsp, V_MADDM, L_SSP)
VA(xsmsubasp, V_MSUBA, L_SSP) VA(xsmsubmsp, V_MSUBM, L_SSP)
VA(xsnmaddasp, V_NMADDA, L_SSP) VA(xsnmaddmsp, V_NMADDM, L_SSP)
VA(xsnmsubasp, V_NMSUBA, L_SSP) VA(xsnmsubmsp, V_NMSUBM, L_SSP)
VA(xvmaddadp, V_MADDA, L_VDP) VA(xvmaddmdp, V_MADDM, L_VDP)
VA(xvmsubadp, V_MSUBA, L_VDP) VA(xvmsubmdp, V_MSUBM, L_VDP)
VA(xvnmaddadp, V_NMADDA, L_VDP) VA(xvnmaddmdp, V_NMADDM, L_VDP)
VA(xvnmsubadp, V_NMSUBA, L_VDP) VA(xvnmsubmdp, V_NMSUBM, L_VDP)
VA(xvmaddasp, V_MADDA, L_VSP) VA(xvmaddmsp, V_MADDM, L_VSP)
VA(xvmsubasp, V_MSUBA, L_VSP) VA(xvmsubmsp, V_MSUBM, L_VSP)
VA(xvnmaddasp, V_NMADDA, L_VSP) VA(xvnmaddmsp, V_NMADDM, L_VSP)
VA(xvnmsubasp, V_NMSUBA, L_VSP) VA(xvnmsubmsp, V_NMSUBM, L_VSP)

VA(xsredp, V_RE, L_SDP) VA(xsrsqrtedp, V_RSQRTE, L_SDP)
VA(xsresp, V_RE, L_SSP) VA(xsrsqrtesp, V_RSQRTE, L_SSP)
VA(xvredp, V_RE, L_VDP) VA(xvrsqrtedp, V_RSQRTE, L_VDP)
VA(xvresp, V_RE, L_VSP) VA(xvrsqrtesp, V_RSQRTE, L_VSP)

VA(xsrdpi, V_RI, L_SDP) VA(xsrdpiz, V_RIZ, L_SDP) VA(xsrdpip, V_RIP, L_SDP)
VA(xsrdpim, V_RIM, L_SDP) VA(xsrdpic, V_RIC, L_SDP)
VA(xvrdpi, V_RI, L_VDP) VA(xvrdpiz, V_RIZ, L_VDP) VA(xvrdpip, V_RIP, L_VDP)
VA(xvrdpim, V_RIM, L_VDP) VA(xvrdpic, V_RIC, L_VDP)
VA(xvrspi, V_RI, L_VSP) VA(xvrspiz, V_RIZ, L_VSP) VA(xvrspip, V_RIP, L_VSP)
VA(xvrspim, V_RIM, L_VSP) VA(xvrspic, V_RIC, L_VSP)
VA(xsrsp, V_RSP, L_SDP)

VA(xsmaxdp, V_MAX, L_SDP) VA(xsmindp, V_MIN, L_SDP)
VA(xsmaxcdp, V_MAXC, L_SDP) VA(xsmincdp, V_MINC, L_SDP)
VA(xsmaxjdp, V_MAXJ, L_SDP) VA(xsminjdp, V_MINJ, L_SDP)
VA(xvmaxdp, V_MAX, L_VDP) VA(xvmindp, V_MIN, L_VDP)
VA(xvmaxsp, V_MAX, L_VSP) VA(xvminsp, V_MIN, L_VSP)

/* ---- compares ------------------------------------------------------- */
/* xscmpudp/xscmpodp: as fcmpu/fcmpo on doubleword 0. */
static int xscmp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool ordered)
{
    return fpu_compare_exec(cpu, d, fpu_unpack64(ED(VSR(XA_X), 0)),
                            fpu_unpack64(ED(VSR(XB_X), 0)), ordered);
}
PPC_EXEC(xscmpudp) { return xscmp(cpu, d, false); }
PPC_EXEC(xscmpodp) { return xscmp(cpu, d, true); }

/* xscmpexpdp: compare the biased exponents; unordered if either is NaN. */
PPC_EXEC(xscmpexpdp)
{
    uint64_t a = ED(VSR(XA_X), 0), b = ED(VSR(XB_X), 0);
    struct fpu_un ua = fpu_unpack64(a), ub = fpu_unpack64(b);
    unsigned ea = (unsigned)(a >> 52) & 0x7ff, eb = (unsigned)(b >> 52) & 0x7ff;
    unsigned c = (fpu_is_nan(&ua) || fpu_is_nan(&ub)) ? 1 :
                 ea < eb ? 8 : ea > eb ? 4 : 2;
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (c << FPSCR_FPRF_SHIFT);
    ppc_cr_set(cpu, WF(6, 8), c);
    return 0;
}

/* Predicate compares: mask result; eq: VXSNAN on an SNaN; gt/ge also
 * VXVC on any NaN (an SNaN with VE=1 gives VXSNAN only). */
enum cmpk { C_EQ, C_GT, C_GE };

static bool cmp_elem(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                     enum cmpk k, bool ve)
{
    bool snan = a.cls == FPU_SNAN || b.cls == FPU_SNAN;
    bool nan = fpu_is_nan(&a) || fpu_is_nan(&b);
    if (snan)
        st->flags |= FPU_F_VXSNAN;
    if (k != C_EQ && nan && !(snan && ve))
        st->flags |= FPU_F_VXVC;
    unsigned c = fpu_compare(a, b);
    switch (k) {
    case C_EQ: return c == 2;
    case C_GT: return c == 4;
    default: return c == 4 || c == 2;
    }
}

static int xscmp_pred(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                      enum cmpk k)
{
    struct fpu_status st = fpu_begin(cpu);
    st.flags = 0;
    bool r = cmp_elem(&st, fpu_unpack64(ED(VSR(XA_X), 0)),
                      fpu_unpack64(ED(VSR(XB_X), 0)), k,
                      cpu->fpscr & FPSCR_VE);
    if (fpu_apply_noround(cpu, &st)) {
        ppc_vsr t;
        ED(t, 0) = r ? ~0ull : 0;
        ED(t, 1) = 0;
        VSR(XT_X) = t;
    }
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xscmpeqdp) { return xscmp_pred(cpu, d, C_EQ); }
PPC_EXEC(xscmpgtdp) { return xscmp_pred(cpu, d, C_GT); }
PPC_EXEC(xscmpgedp) { return xscmp_pred(cpu, d, C_GE); }

static int xvcmp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, enum cmpk k,
                 bool dp)
{
    struct fpu_status st = fpu_begin(cpu);
    st.flags = 0;
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X), t;
    bool all = true, none = true, ve = cpu->fpscr & FPSCR_VE;
    if (dp) {
        for (int i = 0; i < 2; i++) {
            bool r = cmp_elem(&st, fpu_unpack64(ED(a, i)), fpu_unpack64(ED(b, i)),
                              k, ve);
            ED(t, i) = r ? ~0ull : 0;
            all &= r;
            none &= !r;
        }
    } else {
        for (int i = 0; i < 4; i++) {
            bool r = cmp_elem(&st, fpu_unpack32(EW(a, i)), fpu_unpack32(EW(b, i)),
                              k, ve);
            EW(t, i) = r ? ~0u : 0;
            all &= r;
            none &= !r;
        }
    }
    bool ok = fpu_apply_noround(cpu, &st);
    if (ok)
        VSR(XT_X) = t;
    if (d->word & 0x400)
        ppc_cr_set(cpu, 6, ok ? ((all ? 8u : 0u) | (none ? 2u : 0u)) : 0u);
    return fpu_end(cpu, d, &st, false);
}
PPC_EXEC(xvcmpeqdp) { return xvcmp(cpu, d, C_EQ, true); }
PPC_EXEC(xvcmpgtdp) { return xvcmp(cpu, d, C_GT, true); }
PPC_EXEC(xvcmpgedp) { return xvcmp(cpu, d, C_GE, true); }
PPC_EXEC(xvcmpeqsp) { return xvcmp(cpu, d, C_EQ, false); }
PPC_EXEC(xvcmpgtsp) { return xvcmp(cpu, d, C_GT, false); }
PPC_EXEC(xvcmpgesp) { return xvcmp(cpu, d, C_GE, false); }

/* ---- test for software divide / square root -------------------------- */
static unsigned tdiv_bits(struct fpu_un a, struct fpu_un b, bool b_den,
                          int emin, int emax, int mant_hi)
{
    bool fe = false, fg = false;
    int32_t ea = a.cls == FPU_NORM ? fpu_normalize(a).e : 0;
    int32_t eb = b.cls == FPU_NORM ? fpu_normalize(b).e : 0;
    if (a.cls == FPU_INF || b.cls == FPU_INF || fpu_is_nan(&a) ||
        fpu_is_nan(&b) || b.cls == FPU_ZERO)
        fe = true;
    else if (eb <= emin || eb >= emax - 2)
        fe = true;
    else if (a.cls != FPU_ZERO && (ea - eb >= emax || ea - eb <= emin + 1))
        fe = true;
    else if (a.cls != FPU_ZERO && ea <= emin + mant_hi)
        fe = true;
    if (a.cls == FPU_INF || b.cls == FPU_INF || b.cls == FPU_ZERO || b_den)
        fg = true;
    return (fg ? 4u : 0u) | (fe ? 2u : 0u);
}

static unsigned tsqrt_bits(struct fpu_un b, bool b_den, int emin, int mant_hi)
{
    bool fe = false, fg = false;
    if (b.cls == FPU_ZERO || b.cls == FPU_INF || fpu_is_nan(&b) || b.s)
        fe = true;
    else if (fpu_normalize(b).e <= emin + mant_hi)
        fe = true;
    if (b.cls == FPU_ZERO || b.cls == FPU_INF || b_den)
        fg = true;
    return (fg ? 4u : 0u) | (fe ? 2u : 0u);
}

static bool den64(uint64_t x) { return ((x >> 52) & 0x7ff) == 0 && (x << 12); }
static bool den32(uint32_t x) { return ((x >> 23) & 0xff) == 0 && (x << 9); }

PPC_EXEC(xstdivdp)
{
    uint64_t a = ED(VSR(XA_X), 0), b = ED(VSR(XB_X), 0);
    ppc_cr_set(cpu, WF(6, 8), 8u | tdiv_bits(fpu_unpack64(a), fpu_unpack64(b),
                                             den64(b), -1022, 1023, 52));
    return 0;
}

PPC_EXEC(xstsqrtdp)
{
    uint64_t b = ED(VSR(XB_X), 0);
    ppc_cr_set(cpu, WF(6, 8), 8u | tsqrt_bits(fpu_unpack64(b), den64(b), -1022, 52));
    return 0;
}

PPC_EXEC(xvtdivdp)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X);
    unsigned r = 0;
    for (int i = 0; i < 2; i++)
        r |= tdiv_bits(fpu_unpack64(ED(a, i)), fpu_unpack64(ED(b, i)),
                       den64(ED(b, i)), -1022, 1023, 52);
    ppc_cr_set(cpu, WF(6, 8), 8u | r);
    return 0;
}

PPC_EXEC(xvtsqrtdp)
{
    ppc_vsr b = VSR(XB_X);
    unsigned r = 0;
    for (int i = 0; i < 2; i++)
        r |= tsqrt_bits(fpu_unpack64(ED(b, i)), den64(ED(b, i)), -1022, 52);
    ppc_cr_set(cpu, WF(6, 8), 8u | r);
    return 0;
}

PPC_EXEC(xvtdivsp)
{
    ppc_vsr a = VSR(XA_X), b = VSR(XB_X);
    unsigned r = 0;
    for (int i = 0; i < 4; i++)
        r |= tdiv_bits(fpu_unpack32(EW(a, i)), fpu_unpack32(EW(b, i)),
                       den32(EW(b, i)), -126, 127, 23);
    ppc_cr_set(cpu, WF(6, 8), 8u | r);
    return 0;
}

PPC_EXEC(xvtsqrtsp)
{
    ppc_vsr b = VSR(XB_X);
    unsigned r = 0;
    for (int i = 0; i < 4; i++)
        r |= tsqrt_bits(fpu_unpack32(EW(b, i)), den32(EW(b, i)), -126, 23);
    ppc_cr_set(cpu, WF(6, 8), 8u | r);
    return 0;
}
