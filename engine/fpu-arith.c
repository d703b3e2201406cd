/* engine/fpu-arith.c: Power ISA special-operand rules around the exact
 * soft-float core (see fpu-arith.h). References: Power ISA Book I 4.3.2
 * (NaN operands: the result is the first NaN among the operands in
 * instruction order, an SNaN being quieted), 4.4.1 (Invalid Operation
 * causes) and 4.4.2 (Zero Divide); IEEE 754 signed-zero rules. */
#include "fpu-arith.h"

struct fpu_un fpu_default_nan(void)
{
    struct fpu_un v = { .m = (fpu_u128)1 << 125, .e = 0, .cls = FPU_QNAN,
                        .s = false };
    return v;
}

struct fpu_un fpu_quiet(struct fpu_un v)
{
    if (fpu_is_nan(&v)) {
        v.m |= (fpu_u128)1 << 125;
        v.cls = FPU_QNAN;
    }
    return v;
}

bool fpu_pick_nan(struct fpu_status *st, struct fpu_un *res,
                  const struct fpu_un *ops, unsigned n)
{
    bool found = false;
    for (unsigned i = 0; i < n; i++) {
        if (ops[i].cls == FPU_SNAN)
            st->flags |= FPU_F_VXSNAN;
        if (!found && fpu_is_nan(&ops[i])) {
            *res = fpu_quiet(ops[i]);
            found = true;
        }
    }
    return found;
}

static struct fpu_un invalid(struct fpu_status *st, uint32_t flag)
{
    st->flags |= flag;
    return fpu_default_nan();
}

static struct fpu_un zero(bool s)
{
    struct fpu_un v = { .m = 0, .e = 0, .cls = FPU_ZERO, .s = s };
    return v;
}

static struct fpu_un inf(bool s)
{
    struct fpu_un v = { .m = 0, .e = 0, .cls = FPU_INF, .s = s };
    return v;
}

/* Sign of an exact zero sum of operands of opposite signs (IEEE 754 6.3):
 * +0 in every rounding mode but toward -Inf. */
static bool cancel_sign(const struct fpu_status *st)
{
    return st->rm == FPU_RM;
}

static struct fpu_un round_norm(struct fpu_status *st, struct fpu_un v,
                                enum fpu_fmt fmt)
{
    if (v.cls != FPU_NORM)
        return v;
    return fpu_round(st, fmt, v.s, v.e, v.m);
}

static struct fpu_un add_core(struct fpu_status *st, struct fpu_un a,
                              struct fpu_un b, enum fpu_fmt fmt)
{
    if (a.cls == FPU_INF || b.cls == FPU_INF) {
        if (a.cls == FPU_INF && b.cls == FPU_INF && a.s != b.s)
            return invalid(st, FPU_F_VXISI);
        return a.cls == FPU_INF ? a : b;
    }
    if (a.cls == FPU_ZERO && b.cls == FPU_ZERO)
        return zero(a.s == b.s ? a.s : cancel_sign(st));
    if (a.cls == FPU_ZERO)
        return round_norm(st, b, fmt);
    if (b.cls == FPU_ZERO)
        return round_norm(st, a, fmt);
    struct fpu_un r;
    fpu_add_exact(a, b, &r);
    if (r.cls == FPU_ZERO)
        return zero(cancel_sign(st));
    return fpu_round(st, fmt, r.s, r.e, r.m);
}

struct fpu_un fpu_add(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt)
{
    struct fpu_un ops[2] = { a, b }, r;
    if (fpu_pick_nan(st, &r, ops, 2))
        return r;
    return add_core(st, a, b, fmt);
}

struct fpu_un fpu_sub(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt)
{
    struct fpu_un ops[2] = { a, b }, r;
    if (fpu_pick_nan(st, &r, ops, 2))
        return r;
    b.s = !b.s;
    return add_core(st, a, b, fmt);
}

struct fpu_un fpu_mul(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt)
{
    struct fpu_un ops[2] = { a, b }, r;
    if (fpu_pick_nan(st, &r, ops, 2))
        return r;
    bool s = a.s ^ b.s;
    if (a.cls == FPU_INF || b.cls == FPU_INF) {
        if (a.cls == FPU_ZERO || b.cls == FPU_ZERO)
            return invalid(st, FPU_F_VXIMZ);
        return inf(s);
    }
    if (a.cls == FPU_ZERO || b.cls == FPU_ZERO)
        return zero(s);
    fpu_mul_exact(a, b, &r);
    return fpu_round(st, fmt, r.s, r.e, r.m);
}

struct fpu_un fpu_div(struct fpu_status *st, struct fpu_un a, struct fpu_un b,
                      enum fpu_fmt fmt)
{
    struct fpu_un ops[2] = { a, b }, r;
    if (fpu_pick_nan(st, &r, ops, 2))
        return r;
    bool s = a.s ^ b.s;
    if (a.cls == FPU_INF) {
        if (b.cls == FPU_INF)
            return invalid(st, FPU_F_VXIDI);
        return inf(s);
    }
    if (b.cls == FPU_INF)
        return zero(s);
    if (b.cls == FPU_ZERO) {
        if (a.cls == FPU_ZERO)
            return invalid(st, FPU_F_VXZDZ);
        st->flags |= FPU_F_ZX;
        return inf(s);
    }
    if (a.cls == FPU_ZERO)
        return zero(s);
    fpu_div_exact(a, b, &r, fmt == FPU_QP || fmt == FPU_XP);
    return fpu_round(st, fmt, r.s, r.e, r.m);
}

struct fpu_un fpu_sqrt(struct fpu_status *st, struct fpu_un b,
                       enum fpu_fmt fmt)
{
    struct fpu_un r;
    if (fpu_pick_nan(st, &r, &b, 1))
        return r;
    if (b.cls == FPU_ZERO)
        return b;
    if (b.s)
        return invalid(st, FPU_F_VXSQRT);
    if (b.cls == FPU_INF)
        return b;
    fpu_sqrt_exact(b, &r);
    return fpu_round(st, fmt, r.s, r.e, r.m);
}

struct fpu_un fpu_fma(struct fpu_status *st, struct fpu_un a, struct fpu_un c,
                      struct fpu_un b, bool negate_b, enum fpu_fmt fmt)
{
    struct fpu_un ops[3] = { a, b, c }, r;
    /* Infinity times zero is an invalid operation even when the addend is
     * a QNaN (ISA 3.0 xsmaddadp & co pseudocode: vximz_flag does not
     * depend on src3; IEEE 754-2008 7.2 leaves it to the implementation). */
    if (fpu_is_nan(&b) &&
        ((a.cls == FPU_INF && c.cls == FPU_ZERO) ||
         (a.cls == FPU_ZERO && c.cls == FPU_INF)))
        st->flags |= FPU_F_VXIMZ;
    if (fpu_pick_nan(st, &r, ops, 3))
        return r;
    if (negate_b)
        b.s = !b.s;
    bool ps = a.s ^ c.s;
    bool pinf = a.cls == FPU_INF || c.cls == FPU_INF;
    bool pzero = a.cls == FPU_ZERO || c.cls == FPU_ZERO;
    if (pinf && pzero)
        return invalid(st, FPU_F_VXIMZ);
    if (pinf) {
        if (b.cls == FPU_INF && b.s != ps)
            return invalid(st, FPU_F_VXISI);
        return inf(ps);
    }
    if (b.cls == FPU_INF)
        return b;
    if (pzero) {
        if (b.cls == FPU_ZERO)
            return zero(ps == b.s ? ps : cancel_sign(st));
        return round_norm(st, b, fmt);
    }
    if (b.cls == FPU_ZERO) {
        fpu_mul_exact(a, c, &r);
        return fpu_round(st, fmt, r.s, r.e, r.m);
    }
    fpu_fma_exact(a, c, b, &r);
    if (r.cls == FPU_ZERO)
        return zero(cancel_sign(st));
    return fpu_round(st, fmt, r.s, r.e, r.m);
}

struct fpu_un fpu_round_to(struct fpu_status *st, struct fpu_un v,
                           enum fpu_fmt fmt)
{
    if (fpu_is_nan(&v)) {
        if (v.cls == FPU_SNAN)
            st->flags |= FPU_F_VXSNAN;
        v = fpu_quiet(v);
        unsigned fbits = fmt == FPU_SP ? 23 : fmt == FPU_DP ? 52 : 112;
        if (fmt == FPU_XP)
            fbits = 63;         /* NaN payload kept to the 64-bit precision */
        if (fmt == FPU_HP)
            fbits = 10;
        if (fmt == FPU_BF)
            fbits = 7;
        v.m &= ~((((fpu_u128)1) << (126 - fbits)) - 1);
        return v;
    }
    return round_norm(st, v, fmt);
}
