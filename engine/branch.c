/* engine/branch.c: semantics of branches, system call and the condition
 * register logical instructions (Power ISA Book I ch. 2). Rows:
 * insn-branch.def. A taken branch sets cpu->pc and returns PPC_ST_JUMP; a
 * conditional branch not taken does so too, unless its block goes on
 * after it (PPC_DF_CONT, engine/block.c): then it returns 0, as does a
 * 'b' whose block goes on at its target (same page, PPC_DF_CONT). */
#include "sem.h"

/* Not taken: on in the same block, or leave the block at the next PC. */
static inline int not_taken(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    if (d->dflags & PPC_DF_CONT)
        return 0;
    ppc_set_pc(cpu, NEXT_PC);
    return PPC_ST_JUMP;
}

PPC_EXEC(b)
{
    uint64_t target = (d->dflags & PPC_DF_AA) ? (uint64_t)IMM : d->pc + (uint64_t)IMM;
    if (d->dflags & PPC_DF_LK)
        cpu->lr = ppc_ea(cpu, NEXT_PC);
    if (d->dflags & PPC_DF_CONT)
        return 0;    /* the block goes on at the target (block.c) */
    ppc_set_pc(cpu, target);
    return PPC_ST_JUMP;
}

/* BO: 16 = ignore CR, 8 = CR value wanted, 4 = don't touch CTR,
 * 2 = branch if CTR == 0 (after decrement). */
static inline bool bo_taken(struct ppc_cpu *cpu, unsigned bo, unsigned bi,
                            bool use_ctr)
{
    bool ctr_ok = true;
    if (use_ctr && !(bo & 4)) {
        cpu->ctr--;
        uint64_t c = ppc_sf(cpu) ? cpu->ctr : (uint32_t)cpu->ctr;
        ctr_ok = (c != 0) ^ ((bo >> 1) & 1);
    }
    bool cond_ok = (bo & 16) || ppc_crbit_get(cpu, bi) == ((bo >> 3) & 1);
    return ctr_ok && cond_ok;
}

PPC_EXEC(bc)
{
    bool taken = bo_taken(cpu, RT, RA, true);
    if (d->dflags & PPC_DF_LK)
        cpu->lr = ppc_ea(cpu, NEXT_PC);
    if (!taken)
        return not_taken(cpu, d);
    ppc_set_pc(cpu, (d->dflags & PPC_DF_AA) ? (uint64_t)IMM : d->pc + (uint64_t)IMM);
    return PPC_ST_JUMP;
}

PPC_EXEC(bclr)
{
    uint64_t target = cpu->lr & ~3ull;
    bool taken = bo_taken(cpu, RT, RA, true);
    if (d->dflags & PPC_DF_LK)
        cpu->lr = ppc_ea(cpu, NEXT_PC);
    if (!taken)
        return not_taken(cpu, d);
    ppc_set_pc(cpu, target);
    return PPC_ST_JUMP;
}

/* bcctr with BO[2]=0 is an invalid form (ISA 2.4); CTR is left alone. */
PPC_EXEC(bcctr)
{
    uint64_t target = cpu->ctr & ~3ull;
    bool taken = bo_taken(cpu, RT, RA, false);
    if (d->dflags & PPC_DF_LK)
        cpu->lr = ppc_ea(cpu, NEXT_PC);
    if (!taken)
        return not_taken(cpu, d);
    ppc_set_pc(cpu, target);
    return PPC_ST_JUMP;
}

PPC_EXEC(bctar)
{
    uint64_t target = cpu->tar & ~3ull;
    bool taken = bo_taken(cpu, RT, RA, true);
    if (d->dflags & PPC_DF_LK)
        cpu->lr = ppc_ea(cpu, NEXT_PC);
    if (!taken)
        return not_taken(cpu, d);
    ppc_set_pc(cpu, target);
    return PPC_ST_JUMP;
}

/* sc: a system call from problem state (any LEV); sc 1 from supervisor
 * state is a hypercall. */
PPC_EXEC(sc)
{
    if (IMM == 1 && !(cpu->msr & PPC_MSR_PR))
        return ppc_raise(cpu, d, PPC_EXIT_HCALL, 1);
    return ppc_raise(cpu, d, PPC_EXIT_SYSCALL, (uint32_t)IMM);
}

PPC_EXEC(scv)
{
    return ppc_raise(cpu, d, PPC_EXIT_SCV, (uint32_t)IMM);
}

#define CRLOG(name, expr)                                           \
    PPC_EXEC(name)                                                  \
    {                                                               \
        unsigned a = ppc_crbit_get(cpu, RA), b = ppc_crbit_get(cpu, RB); \
        ppc_crbit_set(cpu, RT, (expr) & 1);                         \
        return 0;                                                   \
    }
CRLOG(crand, a & b)
CRLOG(crandc, a & ~b)
CRLOG(creqv, ~(a ^ b))
CRLOG(crnand, ~(a & b))
CRLOG(crnor, ~(a | b))
CRLOG(cror, a | b)
CRLOG(crorc, a | ~b)
CRLOG(crxor, a ^ b)

PPC_EXEC(mcrf)
{
    ppc_cr_set(cpu, RT >> 2, ppc_cr_get(cpu, RA >> 2));
    return 0;
}

PPC_EXEC(addpcis)
{
    GPR(RT) = ppc_ea(cpu, NEXT_PC + (uint64_t)IMM);
    return 0;
}
