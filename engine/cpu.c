/* engine/cpu.c: creating and resetting a vCPU, XER packing, and TLB
 * flushes. The vCPU owns its TLB and its block cache. */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "cpu.h"
#include "interrupt.h"

uint64_t ppc_xer_read(const struct ppc_cpu *cpu)
{
    /* OV32 and CA32 exist from ISA 3.0 on; before, those bits are
     * reserved and read as 0. */
    if (cpu->model->isa < PPC_ISA_300)
        return ((uint64_t)cpu->xer.so << 31) | ((uint64_t)cpu->xer.ov << 30) |
               ((uint64_t)cpu->xer.ca << 29) | cpu->xer.bc;
    return ((uint64_t)cpu->xer.so << 31) | ((uint64_t)cpu->xer.ov << 30) |
           ((uint64_t)cpu->xer.ca << 29) | ((uint64_t)cpu->xer.ov32 << 19) |
           ((uint64_t)cpu->xer.ca32 << 18) | cpu->xer.bc;
}

void ppc_xer_write(struct ppc_cpu *cpu, uint64_t v)
{
    cpu->xer.so = (v >> 31) & 1;
    cpu->xer.ov = (v >> 30) & 1;
    cpu->xer.ca = (v >> 29) & 1;
    cpu->xer.ov32 = (v >> 19) & 1;
    cpu->xer.ca32 = (v >> 18) & 1;
    cpu->xer.bc = v & 0xffff;
}

void ppc_tlb_flush(struct ppc_cpu *cpu)
{
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < PPC_TLB_SIZE; i++) {
            cpu->tlb[a][i].tag = PPC_TLB_INVALID;
            cpu->tlb[a][i].addend = 0;
        }
}

void ppc_tlb_flush_page(struct ppc_cpu *cpu, uint64_t ea)
{
    uint64_t page = ea & PPC_PAGE_MASK;
    unsigned i = (ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1);
    for (unsigned a = 0; a < 3; a++)
        if ((cpu->tlb[a][i].tag & PPC_PAGE_MASK) == page)   /* any mode */
            cpu->tlb[a][i].tag = PPC_TLB_INVALID;
}

struct ppc_cpu *ppc_cpu_new(enum ppc_model model, bool little_endian,
                            const struct ppc_env_ops *env, void *opaque)
{
    const struct ppc_model_desc *md = ppc_model_get(model);
    if (!md || !env || !env->translate)
        return NULL;
    struct ppc_cpu *cpu = aligned_alloc(64, (sizeof(*cpu) + 63) & ~(size_t)63);
    if (!cpu)
        return NULL;
    memset(cpu, 0, sizeof(*cpu));
    cpu->model = md;
    cpu->env = env;
    cpu->env_opaque = opaque;
    cpu->msr = PPC_MSR_SF | PPC_MSR_PR | PPC_MSR_FP | PPC_MSR_VEC |
               PPC_MSR_VSX | PPC_MSR_EE | PPC_MSR_ME | PPC_MSR_IR |
               PPC_MSR_DR | PPC_MSR_RI | (little_endian ? PPC_MSR_LE : 0);
    cpu->resv.ea = PPC_RESV_NONE;
    ppc_tlb_flush(cpu);
    cpu->blocks = ppc_block_cache_new(md->isa);
    if (!cpu->blocks) {
        free(cpu);
        return NULL;
    }
    return cpu;
}

void ppc_cpu_free(struct ppc_cpu *cpu)
{
    if (!cpu)
        return;
    ppc_partition_remove_cpu(cpu);
    ppc_block_cache_free(cpu->blocks);
    ppc_sys_free(cpu->sys);
    free(cpu);
}
