/* engine/spr.c: semantics of the SPR, CR and timebase moves (Book I
 * 3.3.17, Book II 5.2) for the registers a problem-state program may use.
 * Others: privileged SPR numbers (bit 4 of the number set) exit
 * PRIVILEGED in problem state; unknown user numbers are illegal. In
 * system mode the rest is spr-priv.c's. Rows:
 * insn-spr.def. */
#include "interrupt.h"
#include "sem.h"

static uint64_t read_tb(struct ppc_cpu *cpu)
{
    return cpu->env->read_tb ? cpu->env->read_tb(cpu->env_opaque, cpu) : 0;
}

/* ISA: SPR numbers 808-811 are reserved no-ops. */
static bool spr_noop(unsigned spr)
{
    return spr >= 808 && spr <= 811;
}

PPC_EXEC(mfspr)
{
    unsigned spr = (unsigned)IMM;
    switch (spr) {
    case PPC_SPR_XER: GPR(RT) = ppc_xer_read(cpu); return 0;
    case PPC_SPR_LR: GPR(RT) = cpu->lr; return 0;
    case PPC_SPR_CTR: GPR(RT) = cpu->ctr; return 0;
    case PPC_SPR_VRSAVE: GPR(RT) = cpu->vrsave; return 0;
    case PPC_SPR_TAR: GPR(RT) = cpu->tar; return 0;
    case PPC_SPR_DSCR_U: GPR(RT) = cpu->dscr; return 0;
    case PPC_SPR_PPR: GPR(RT) = cpu->ppr; return 0;
    case PPC_SPR_PPR32: GPR(RT) = cpu->ppr >> 32; return 0;
    case PPC_SPR_TBL_R: GPR(RT) = read_tb(cpu); return 0;
    case PPC_SPR_TBU_R: GPR(RT) = read_tb(cpu) >> 32; return 0;
    default:
        break;
    }
    if (spr_noop(spr))
        return 0;
    if (cpu->sys)
        return ppc_sys_mfspr(cpu, d, spr);
    if ((spr & 0x10) && (cpu->msr & PPC_MSR_PR))
        return ppc_raise(cpu, d, PPC_EXIT_PRIVILEGED, spr);
    if (spr == PPC_SPR_DSCR) {
        GPR(RT) = cpu->dscr;
        return 0;
    }
    return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
}

PPC_EXEC(mtspr)
{
    unsigned spr = (unsigned)IMM;
    uint64_t v = GPR(RT);
    switch (spr) {
    case PPC_SPR_XER: ppc_xer_write(cpu, v); return 0;
    case PPC_SPR_LR: cpu->lr = v; return 0;
    case PPC_SPR_CTR: cpu->ctr = v; return 0;
    case PPC_SPR_VRSAVE: cpu->vrsave = (uint32_t)v; return 0;
    case PPC_SPR_TAR: cpu->tar = v; return 0;
    case PPC_SPR_DSCR_U: cpu->dscr = v & 0x1ffffff; return 0;
    case PPC_SPR_PPR: cpu->ppr = v & (7ull << 50); return 0;
    case PPC_SPR_PPR32:
        cpu->ppr = (cpu->ppr & 0xffffffffull) | ((v & (7ull << 18)) << 32);
        return 0;
    default:
        break;
    }
    if (spr_noop(spr))
        return 0;
    if (cpu->sys)
        return ppc_sys_mtspr(cpu, d, spr);
    if ((spr & 0x10) && (cpu->msr & PPC_MSR_PR))
        return ppc_raise(cpu, d, PPC_EXIT_PRIVILEGED, spr);
    if (spr == PPC_SPR_DSCR) {
        cpu->dscr = v & 0x1ffffff;
        return 0;
    }
    return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, spr);
}

PPC_EXEC(mftb)
{
    uint64_t tb = read_tb(cpu);
    GPR(RT) = IMM == 269 ? tb >> 32 : tb;
    return 0;
}

PPC_EXEC(mfcr) { GPR(RT) = cpu->cr; return 0; }

/* mfocrf: the selected field, the other bits of RT are undefined (0). */
PPC_EXEC(mfocrf)
{
    unsigned fxm = (unsigned)IMM;
    uint32_t keep = 0;
    for (unsigned i = 0; i < 8; i++)
        if (fxm & (0x80u >> i))
            keep |= 0xf0000000u >> (4 * i);
    GPR(RT) = cpu->cr & keep;
    return 0;
}

PPC_EXEC(mtcrf)
{
    unsigned fxm = (unsigned)IMM;
    uint32_t m = 0;
    for (unsigned i = 0; i < 8; i++)
        if (fxm & (0x80u >> i))
            m |= 0xf0000000u >> (4 * i);
    cpu->cr = (cpu->cr & ~m) | ((uint32_t)GPR(RT) & m);
    return 0;
}

PPC_EXEC(mtocrf) { return exec_mtcrf(cpu, d); }
