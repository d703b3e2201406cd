/* engine/fpu-ldst.c: FP loads and stores (Power ISA Book I 4.6.2-4.6.3):
 * lfs/lfd and their update/indexed forms, lfiwax/lfiwzx/stfiwx, and the
 * prefixed plfs/plfd/pstfs/pstfd. Single-precision loads convert exactly
 * to double format; single stores use the ISA's truncating store
 * conversion (fpu-conv.c). FPR n is doubleword 0 of VSR n; doubleword 1 is
 * left unchanged. Rows: insn-fp.def. */
#include "vmx-sem.h"
#include "fpu-conv.h"

#define FRT WF(6, 10)
#define RA_ WF(11, 15)

static inline int64_t d16(const struct ppc_dinsn *d)
{
    return (int64_t)(int16_t)(d->word & 0xffff);
}

static int ld_fp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t ea,
                 bool single, bool update)
{
    uint64_t v;
    if (single) {
        uint32_t w;
        PPC_TRY(ppc_ld32(cpu, ea, &w));
        v = fpu_sp_to_dp_bits(w);
    } else {
        PPC_TRY(ppc_ld64(cpu, ea, &v));
    }
    set_fpr(cpu, FRT, v);
    if (update)
        cpu->gpr[RA_] = ea;
    return 0;
}

static int st_fp(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t ea,
                 bool single, bool update)
{
    uint64_t v = FPR(FRT);
    if (single)
        PPC_TRY(ppc_st32(cpu, ea, fpu_dp_to_sp_bits(v)));
    else
        PPC_TRY(ppc_st64(cpu, ea, v));
    if (update)
        cpu->gpr[RA_] = ea;
    return 0;
}

static inline uint64_t ea_upd_d(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, cpu->gpr[RA_] + (uint64_t)d16(d));
}
static inline uint64_t ea_upd_x(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, cpu->gpr[RA_] + cpu->gpr[WF(16, 20)]);
}

PPC_EXEC(lfs) { return ld_fp(cpu, d, ea_d(cpu, d, d16(d)), true, false); }
PPC_EXEC(lfsu) { return ld_fp(cpu, d, ea_upd_d(cpu, d), true, true); }
PPC_EXEC(lfsx) { return ld_fp(cpu, d, ea_x(cpu, d), true, false); }
PPC_EXEC(lfsux) { return ld_fp(cpu, d, ea_upd_x(cpu, d), true, true); }
PPC_EXEC(lfd) { return ld_fp(cpu, d, ea_d(cpu, d, d16(d)), false, false); }
PPC_EXEC(lfdu) { return ld_fp(cpu, d, ea_upd_d(cpu, d), false, true); }
PPC_EXEC(lfdx) { return ld_fp(cpu, d, ea_x(cpu, d), false, false); }
PPC_EXEC(lfdux) { return ld_fp(cpu, d, ea_upd_x(cpu, d), false, true); }
PPC_EXEC(stfs) { return st_fp(cpu, d, ea_d(cpu, d, d16(d)), true, false); }
PPC_EXEC(stfsu) { return st_fp(cpu, d, ea_upd_d(cpu, d), true, true); }
PPC_EXEC(stfsx) { return st_fp(cpu, d, ea_x(cpu, d), true, false); }
PPC_EXEC(stfsux) { return st_fp(cpu, d, ea_upd_x(cpu, d), true, true); }
PPC_EXEC(stfd) { return st_fp(cpu, d, ea_d(cpu, d, d16(d)), false, false); }
PPC_EXEC(stfdu) { return st_fp(cpu, d, ea_upd_d(cpu, d), false, true); }
PPC_EXEC(stfdx) { return st_fp(cpu, d, ea_x(cpu, d), false, false); }
PPC_EXEC(stfdux) { return st_fp(cpu, d, ea_upd_x(cpu, d), false, true); }
PPC_EXEC(plfs) { return ld_fp(cpu, d, ea_pfx(cpu, d), true, false); }
PPC_EXEC(plfd) { return ld_fp(cpu, d, ea_pfx(cpu, d), false, false); }
PPC_EXEC(pstfs) { return st_fp(cpu, d, ea_pfx(cpu, d), true, false); }
PPC_EXEC(pstfd) { return st_fp(cpu, d, ea_pfx(cpu, d), false, false); }

PPC_EXEC(lfiwax)
{
    uint32_t w;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &w));
    set_fpr(cpu, FRT, (uint64_t)(int64_t)(int32_t)w);
    return 0;
}

PPC_EXEC(lfiwzx)
{
    uint32_t w;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &w));
    set_fpr(cpu, FRT, w);
    return 0;
}

PPC_EXEC(stfiwx)
{
    PPC_TRY(ppc_st32(cpu, ea_x(cpu, d), (uint32_t)FPR(FRT)));
    return 0;
}
