/* engine/vmx-fp.c: VMX single-precision floating point (Power ISA Book I
 * 6.12): add/sub/multiply-add, max/min, estimates, round to integral,
 * fixed-point conversions (saturating, VSCR[SAT]) and compares. VMX FP
 * always rounds to nearest even, records no FPSCR status, and with
 * VSCR[NJ]=1 (non-Java mode) treats denormal operands as zero and flushes
 * denormal results to a zero of the same sign. Built on fpu-arith.c.
 * Rows: insn-vmx.def. */
#include <math.h>

#include "vmx-elem.h"
#include "fpu-arith.h"
#include "fpu-conv.h"

static inline bool nj(const struct ppc_cpu *cpu)
{
    return cpu->vscr & VSCR_NJ;
}

/* Operand/result with the NJ flush applied. */
static struct fpu_un in(const struct ppc_cpu *cpu, uint32_t x)
{
    if (nj(cpu) && ((x >> 23) & 0xff) == 0)
        x &= 0x80000000u;
    return fpu_unpack32(x);
}

static uint32_t out(const struct ppc_cpu *cpu, struct fpu_un v)
{
    uint32_t x = fpu_pack32(v);
    if (nj(cpu) && ((x >> 23) & 0xff) == 0)
        x &= 0x80000000u;
    return x;
}

enum vfop { F_ADD, F_SUB, F_MADD, F_NMSUB, F_MAX, F_MIN, F_RE, F_RSQRTE,
            F_EXP, F_LOG, F_RIN, F_RIZ, F_RIP, F_RIM };

static uint32_t ftoraw(float f)
{
    uint32_t x;
    memcpy(&x, &f, 4);
    return x;
}

/* 2^x and log2(x) estimates: computed in double precision by the host
 * libm and rounded to single (well within the ISA's 1/16 accuracy). */
static struct fpu_un est_exp_log(struct fpu_un b, uint32_t bits, bool is_log)
{
    if (fpu_is_nan(&b))
        return fpu_quiet(b);
    float f;
    memcpy(&f, &bits, 4);
    double r = is_log ? log2((double)f) : exp2((double)f);
    if (is_log && b.cls == FPU_ZERO)
        r = -INFINITY;
    if (is_log && b.s && b.cls != FPU_ZERO)
        return fpu_default_nan();
    return fpu_unpack32(ftoraw((float)r));
}

static int vfp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, enum vfop op)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), c = VR(VRC), t;
    for (int i = 0; i < 4; i++) {
        struct fpu_status st = { .rm = FPU_RN };
        struct fpu_un ua = in(cpu, EW(a, i)), ub = in(cpu, EW(b, i)),
                      uc = in(cpu, EW(c, i)), r;
        switch (op) {
        case F_ADD: r = fpu_add(&st, ua, ub, FPU_SP); break;
        case F_SUB: r = fpu_sub(&st, ua, ub, FPU_SP); break;
        case F_MADD: r = fpu_fma(&st, ua, uc, ub, false, FPU_SP); break;
        case F_NMSUB:
            r = fpu_negate_result(fpu_fma(&st, ua, uc, ub, true, FPU_SP));
            break;
        case F_MAX:
        case F_MIN: {
            struct fpu_un ops[2] = { ua, ub };
            if (fpu_pick_nan(&st, &r, ops, 2))
                break;
            unsigned cmp = fpu_compare(ua, ub);
            bool a_gt = cmp == 4 ||
                        (cmp == 2 && ua.cls == FPU_ZERO && !ua.s);
            r = (a_gt == (op == F_MAX)) ? ua : ub;
            break;
        }
        case F_RE:
            r = fpu_div(&st, fpu_unpack32(0x3f800000u), ub, FPU_SP);
            break;
        case F_RSQRTE:
            r = fpu_sqrt(&st, ub, FPU_SP);
            if (!fpu_is_nan(&r))
                r = fpu_div(&st, fpu_unpack32(0x3f800000u), r, FPU_SP);
            break;
        case F_EXP: r = est_exp_log(ub, out(cpu, ub), false); break;
        case F_LOG: r = est_exp_log(ub, out(cpu, ub), true); break;
        case F_RIN: r = fpu_round_int(&st, ub, FPU_RN, false); break;
        case F_RIZ: r = fpu_round_int(&st, ub, FPU_RZ, false); break;
        case F_RIP: r = fpu_round_int(&st, ub, FPU_RP, false); break;
        default: r = fpu_round_int(&st, ub, FPU_RM, false); break;
        }
        EW(t, i) = out(cpu, r);
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vaddfp) { return vfp(cpu, d, F_ADD); }
PPC_EXEC(vsubfp) { return vfp(cpu, d, F_SUB); }
PPC_EXEC(vmaddfp) { return vfp(cpu, d, F_MADD); }
PPC_EXEC(vnmsubfp) { return vfp(cpu, d, F_NMSUB); }
PPC_EXEC(vmaxfp) { return vfp(cpu, d, F_MAX); }
PPC_EXEC(vminfp) { return vfp(cpu, d, F_MIN); }
PPC_EXEC(vrefp) { return vfp(cpu, d, F_RE); }
PPC_EXEC(vrsqrtefp) { return vfp(cpu, d, F_RSQRTE); }
PPC_EXEC(vexptefp) { return vfp(cpu, d, F_EXP); }
PPC_EXEC(vlogefp) { return vfp(cpu, d, F_LOG); }
PPC_EXEC(vrfin) { return vfp(cpu, d, F_RIN); }
PPC_EXEC(vrfiz) { return vfp(cpu, d, F_RIZ); }
PPC_EXEC(vrfip) { return vfp(cpu, d, F_RIP); }
PPC_EXEC(vrfim) { return vfp(cpu, d, F_RIM); }

/* vcfux/vcfsx VRT,VRB,UIM: integer / 2^UIM, rounded to nearest. */
static int vcf(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool sgn)
{
    ppc_vsr b = VR(VRB), t;
    unsigned uim = WF(11, 15);
    for (int i = 0; i < 4; i++) {
        struct fpu_status st = { .rm = FPU_RN };
        uint64_t x = sgn ? (uint64_t)(int64_t)(int32_t)EW(b, i) : EW(b, i);
        struct fpu_un v = fpu_from_int(&st, x, sgn, FPU_DP);
        if (v.cls == FPU_NORM)
            v.e -= (int32_t)uim;           /* exact scaling */
        v = fpu_round_to(&st, v, FPU_SP);
        EW(t, i) = out(cpu, v);
    }
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vcfux) { return vcf(cpu, d, false); }
PPC_EXEC(vcfsx) { return vcf(cpu, d, true); }

/* vctuxs/vctsxs VRT,VRB,UIM: trunc(x * 2^UIM) saturated (VSCR[SAT]); a
 * NaN gives 0 without saturation. */
static int vct(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool sgn)
{
    ppc_vsr b = VR(VRB), t;
    unsigned uim = WF(11, 15);
    for (int i = 0; i < 4; i++) {
        struct fpu_un v = in(cpu, EW(b, i));
        struct fpu_status st = { .rm = FPU_RZ };
        if (fpu_is_nan(&v)) {
            EW(t, i) = 0;
            continue;
        }
        if (v.cls == FPU_NORM)
            v.e += (int32_t)uim;
        uint64_t r = fpu_to_int(&st, v, 32, sgn, FPU_RZ);
        if (st.flags & FPU_F_VXCVI)
            cpu->vscr |= VSCR_SAT;
        EW(t, i) = (uint32_t)r;
    }
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vctuxs) { return vct(cpu, d, false); }
PPC_EXEC(vctsxs) { return vct(cpu, d, true); }

/* Compares: NaN compares false; Rc=1 sets CR6 (vcmpbfp: EQ bit when all
 * elements are within bounds). */
enum vfcmp { C_EQ, C_GE, C_GT };

static int vfcmp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, enum vfcmp k)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    bool all = true, none = true;
    for (int i = 0; i < 4; i++) {
        unsigned c = fpu_compare(in(cpu, EW(a, i)), in(cpu, EW(b, i)));
        bool r = k == C_EQ ? c == 2 : k == C_GT ? c == 4 : (c == 4 || c == 2);
        EW(t, i) = r ? ~0u : 0;
        all &= r;
        none &= !r;
    }
    VR(VRT) = t;
    if (d->word & 0x400)
        set_cr6(cpu, all, none);
    return 0;
}
PPC_EXEC(vcmpeqfp) { return vfcmp(cpu, d, C_EQ); }
PPC_EXEC(vcmpgefp) { return vfcmp(cpu, d, C_GE); }
PPC_EXEC(vcmpgtfp) { return vfcmp(cpu, d, C_GT); }

PPC_EXEC(vcmpbfp)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    bool inb = true;
    for (int i = 0; i < 4; i++) {
        struct fpu_un ua = in(cpu, EW(a, i)), ub = in(cpu, EW(b, i));
        struct fpu_un nb = ub;
        if (!fpu_is_nan(&nb))
            nb.s = !nb.s;
        unsigned le = fpu_compare(ua, ub), ge = fpu_compare(ua, nb);
        bool is_le = le == 8 || le == 2, is_ge = ge == 4 || ge == 2;
        EW(t, i) = (is_le ? 0 : 0x80000000u) | (is_ge ? 0 : 0x40000000u);
        inb &= is_le && is_ge;
    }
    VR(VRT) = t;
    if (d->word & 0x400)
        ppc_cr_set(cpu, 6, inb ? 2u : 0u);
    return 0;
}
