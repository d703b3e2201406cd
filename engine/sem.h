/* engine/sem.h: what every semantic-function file includes. Short names for
 * the pre-decoded operands, GPR access, the CR0/XER helpers shared by the
 * fixed-point, FP and vector semantics. Semantic functions are written as
 *     PPC_EXEC(add) { ... return 0; }
 * and get 'cpu' and 'd' (const struct ppc_dinsn *). */
#ifndef PSERIES_ENGINE_SEM_H
#define PSERIES_ENGINE_SEM_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "exec.h"
#include "insn.h"
#include "mem.h"

#define GPR(n)   (cpu->gpr[(n)])
#define RT       (d->rt)
#define RA       (d->ra)
#define RB       (d->rb)
#define RC       (d->rc)
#define IMM      (d->imm)
#define RCBIT    (d->dflags & PPC_DF_RC)
#define OEBIT    (d->dflags & PPC_DF_OE)
#define NEXT_PC  (d->pc + d->len)

/* (RA|0): the base of D/X-form addresses. */
static inline uint64_t ppc_ra0(const struct ppc_cpu *cpu, unsigned ra)
{
    return ra ? cpu->gpr[ra] : 0;
}

/* CR0 from a 64-bit result (LT/GT/EQ by signed compare with 0, SO copy);
 * in 32-bit mode the low word is compared. */
static inline void ppc_set_cr0(struct ppc_cpu *cpu, uint64_t r)
{
    int64_t s = ppc_sf(cpu) ? (int64_t)r : (int64_t)(int32_t)r;
    uint32_t c = s < 0 ? 8 : s > 0 ? 4 : 2;
    cpu->cr = (cpu->cr & 0x0fffffffu) | ((c | cpu->xer.so) << 28);
}

/* Set OV and OV32 (and SO when set). */
static inline void ppc_set_ov(struct ppc_cpu *cpu, bool ov, bool ov32)
{
    cpu->xer.ov = ov;
    cpu->xer.ov32 = ov32;
    if (ov)
        cpu->xer.so = 1;
}

/* The PC seen by branches/pc-relative forms, truncated in 32-bit mode. */
static inline void ppc_set_pc(struct ppc_cpu *cpu, uint64_t pc)
{
    cpu->pc = ppc_sf(cpu) ? pc : (uint32_t)pc;
}

#endif
