/* engine/fpu-fast.h: host fast path of the double-precision arithmetic for
 * the common case (engine/fpu-exec.c, vsx-fp.c): normal operands, a normal
 * result far from the overflow and underflow thresholds, no invalid or
 * zero-divide. The host's SSE unit computes the result in the FPSCR
 * rounding mode (MXCSR RC), its inexact flag gives XX/FI, and FR (the
 * fraction was incremented) is "the result differs from the round-toward-
 * zero result". Anything else returns false and the exact soft-float core
 * (fpu-arith.c) handles it; tests/isa/fp-unit checks both agree. Only on
 * x86-64 hosts; elsewhere the fast path is absent. */
#ifndef PSERIES_ENGINE_FPU_FAST_H
#define PSERIES_ENGINE_FPU_FAST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fpu-soft.h"

enum fpu_fast_op { FF_ADD, FF_SUB, FF_MUL, FF_DIV, FF_FMA, FF_FMS };

#if defined(__x86_64__)

static inline bool fpu_fast_normal(uint64_t x)
{
    uint64_t e = (x >> 52) & 0x7ff;
    return e != 0 && e != 0x7ff;
}

/* MXCSR RC for FPSCR[RN]: nearest 0, toward zero 3, +Inf 2, -Inf 1. */
static inline unsigned fpu_fast_rc(unsigned rm)
{
    static const unsigned rc[4] = { 0, 3, 2, 1 };
    return rc[rm & 3];
}

static inline double fpu_fast_run(enum fpu_fast_op op, unsigned rc, double x,
                                  double y, double z, unsigned *mx)
{
    unsigned csr = 0x1f80u | (rc << 13), out, rst = 0x1f80u;
    __asm__ volatile("ldmxcsr %0" : : "m"(csr));
    switch (op) {
    case FF_ADD: __asm__ volatile("addsd %1, %0" : "+x"(x) : "x"(y)); break;
    case FF_SUB: __asm__ volatile("subsd %1, %0" : "+x"(x) : "x"(y)); break;
    case FF_MUL: __asm__ volatile("mulsd %1, %0" : "+x"(x) : "x"(y)); break;
    case FF_DIV: __asm__ volatile("divsd %1, %0" : "+x"(x) : "x"(y)); break;
    /* x*y + z and x*y - z (fused) */
    case FF_FMA:
        __asm__ volatile("vfmadd213sd %2, %1, %0" : "+x"(x) : "x"(y), "x"(z));
        break;
    default:
        __asm__ volatile("vfmsub213sd %2, %1, %0" : "+x"(x) : "x"(y), "x"(z));
        break;
    }
    __asm__ volatile("stmxcsr %0" : "=m"(out));
    __asm__ volatile("ldmxcsr %0" : : "m"(rst));
    *mx = out;
    return x;
}

/* a op b (or a*c +- b for the fused forms, with c the multiplier). On
 * success: *res is the result, *flags the FPU_F_* it raises. */
static inline bool fpu_fast_dp(enum fpu_fast_op op, uint64_t a, uint64_t b,
                               uint64_t c, unsigned rm, bool have_fma,
                               uint64_t *res, uint32_t *flags)
{
    bool fused = op == FF_FMA || op == FF_FMS;
    if (fused && !have_fma)
        return false;
    if (!fpu_fast_normal(a) || !fpu_fast_normal(b) ||
        (fused && !fpu_fast_normal(c)))
        return false;
    double x, y, z = 0;
    memcpy(&x, &a, 8);
    memcpy(&y, fused ? &c : &b, 8);
    if (fused)
        memcpy(&z, &b, 8);
    unsigned mx, mxz;
    double r = fpu_fast_run(op, fpu_fast_rc(rm), x, y, z, &mx);
    uint64_t rb;
    memcpy(&rb, &r, 8);
    uint64_t e = (rb >> 52) & 0x7ff;
    /* Invalid, zero-divide, denormal, overflow or underflow flagged, or a
     * result near a threshold (or zero): leave it to the soft core. The
     * thresholds keep fma's product error and the tininess decision
     * exact: |result| >= 2^-958 and < 2^1022. */
    if ((mx & 0x1f) || e < 0x41 || e > 0x7fd)
        return false;
    uint32_t fl = 0;
    if (mx & 0x20) {
        fl = FPU_F_XX | FPU_F_FI;
        if ((rm & 3) != FPU_RZ) {
            double rz = fpu_fast_run(op, 3, x, y, z, &mxz);
            uint64_t rzb;
            memcpy(&rzb, &rz, 8);
            if (rzb != rb)
                fl |= FPU_F_FR;
        }
    }
    *res = rb;
    *flags = fl;
    return true;
}

static inline bool fpu_fast_have_fma(void)
{
    return __builtin_cpu_supports("fma");
}

#else

static inline bool fpu_fast_dp(enum fpu_fast_op op, uint64_t a, uint64_t b,
                               uint64_t c, unsigned rm, bool have_fma,
                               uint64_t *res, uint32_t *flags)
{
    (void)op; (void)a; (void)b; (void)c; (void)rm; (void)have_fma;
    (void)res; (void)flags;
    return false;
}

static inline bool fpu_fast_have_fma(void)
{
    return false;
}

#endif

#endif
