/* engine/fpu-fpscr.c: FPSCR updates from an operation's status (see
 * fpu-fpscr.h). Book I 4.2.2 (FPSCR bits), 4.4 (exceptions: sticky bits,
 * FX on a 0->1 transition of any exception bit, VX = OR of the VX* causes,
 * FEX = OR of the enabled exceptions) and 4.4.1/4.4.2 (enabled invalid or
 * zero-divide: the target is not altered, FR and FI are cleared, FPRF is
 * unchanged). */
#include "fpu-fpscr.h"

int fpu_compare_exec(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     struct fpu_un a, struct fpu_un b, bool ordered)
{
    struct fpu_status st = fpu_begin(cpu);
    unsigned c = fpu_compare(a, b);
    bool snan = a.cls == FPU_SNAN || b.cls == FPU_SNAN;
    bool qnan = a.cls == FPU_QNAN || b.cls == FPU_QNAN;
    if (snan) {
        st.flags |= FPU_F_VXSNAN;
        if (ordered && !(cpu->fpscr & FPSCR_VE))
            st.flags |= FPU_F_VXVC;
    } else if (ordered && qnan) {
        st.flags |= FPU_F_VXVC;
    }
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (c << FPSCR_FPRF_SHIFT);
    ppc_cr_set(cpu, PPC_FIELD(d->word, 6, 8), c);
    fpu_apply_noround(cpu, &st);
    return fpu_end(cpu, d, &st, false);
}

void fpu_fpscr_summaries(struct ppc_cpu *cpu)
{
    uint32_t f = cpu->fpscr & ~(FPSCR_VX | FPSCR_FEX);
    if (f & FPU_F_VX_ALL)
        f |= FPSCR_VX;
    /* Exception bits OX UX ZX XX sit 22 bits above their enables OE UE
     * ZE XE; VX is 22 above VE. */
    if ((f >> 22) & f & (FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | FPSCR_XE))
        f |= FPSCR_FEX;
    cpu->fpscr = f;
}

static bool merge(struct ppc_cpu *cpu, uint32_t flags)
{
    uint32_t exc = flags & FPSCR_EXC;
    if (exc & ~cpu->fpscr)
        cpu->fpscr |= FPSCR_FX;
    cpu->fpscr |= exc;
    fpu_fpscr_summaries(cpu);
    bool suppress = ((flags & FPU_F_VX_ALL) && (cpu->fpscr & FPSCR_VE)) ||
                    ((flags & FPU_F_ZX) && (cpu->fpscr & FPSCR_ZE));
    return !suppress;
}

bool fpu_apply(struct ppc_cpu *cpu, const struct fpu_status *st)
{
    bool ok = merge(cpu, st->flags);
    cpu->fpscr &= ~(FPSCR_FR | FPSCR_FI);
    if (ok)
        cpu->fpscr |= st->flags & (FPSCR_FR | FPSCR_FI);
    return ok;
}

bool fpu_apply_noround(struct ppc_cpu *cpu, const struct fpu_status *st)
{
    return merge(cpu, st->flags);
}

int fpu_end(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
            const struct fpu_status *st, bool rc)
{
    if (rc)
        ppc_cr_set(cpu, 1, cpu->fpscr >> 28);
    uint32_t f = cpu->fpscr;
    uint32_t en = 0;
    if ((st->flags & FPU_F_VX_ALL) && (f & FPSCR_VE))
        en = 1;
    if ((st->flags & FPU_F_OX) && (f & FPSCR_OE))
        en = 1;
    if ((st->flags & FPU_F_UX) && (f & FPSCR_UE))
        en = 1;
    if ((st->flags & FPU_F_ZX) && (f & FPSCR_ZE))
        en = 1;
    if ((st->flags & FPU_F_XX) && (f & FPSCR_XE))
        en = 1;
    if (en && (cpu->msr & (PPC_MSR_FE0 | PPC_MSR_FE1)))
        return ppc_raise(cpu, d, PPC_EXIT_FP_ENABLED, 0);
    return 0;
}
