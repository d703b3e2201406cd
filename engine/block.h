/* engine/block.h: the pre-decoded block cache of one vCPU (internal to
 * the engine). A block is a run of pre-decoded instructions from one guest
 * page, keyed by start address and translation context; it ends at an
 * unconditional branch out of the page or to a register, a
 * context-changing instruction, the end of the page, or a size limit
 * (a conditional branch ends it only when taken; a 'b' to the same page
 * is followed). It remembers the host page its code came from: in system mode a
 * lookup checks that the effective page still translates there (the code
 * translation cache, interrupt.h), so translation changes never drop
 * blocks. Code pages are tracked by host page (so by guest physical page,
 * whatever effective address wrote them): stores to them drop their blocks
 * (engine/mem.c), across vCPUs in a partition (partition.h). A JIT tier
 * will attach its compiled code to the same struct ppc_block ('jit'). */
#ifndef PSERIES_ENGINE_BLOCK_H
#define PSERIES_ENGINE_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "insn.h"

#define PPC_BLOCK_MAX_INSNS 64

struct ppc_block {
    struct ppc_block *hnext;     /* hash chain */
    struct ppc_block *pnext;     /* next block of the same code page */
    uint64_t pc;                 /* first instruction */
    uint64_t next_pc;            /* fall-through address after the last */
    uintptr_t host;              /* host address of its code page */
    uint32_t ctx;                /* translation context (ppc_block_ctx) */
    uint16_t n;                  /* instructions */
    uint16_t valid;
    uint32_t gen;                /* link generation of succ[] */
    uint32_t arena_gen;          /* arena generation it was built in */
    uint32_t vgen;               /* link generation its host page was
                                    last checked in */
    /* Direct chaining: the blocks that followed this one last time (a
     * taken and a not-taken successor), checked by address. */
    struct ppc_block *succ[2];
    uint64_t succ_pc[2];
    void *jit;                   /* second tier, later */
    struct ppc_dinsn insns[];    /* n instructions + the end sentinel */
};

struct ppc_block_cache;

/* engine/threaded.c: set d->tfn for d->fn; make d the end sentinel. */
void ppc_thread_insn(struct ppc_dinsn *d);
void ppc_thread_end(struct ppc_dinsn *d, uint64_t next_pc);

struct ppc_block_cache *ppc_block_cache_new(enum ppc_isa isa);
void ppc_block_cache_free(struct ppc_block_cache *bc);

/* The bits of the MSR a block's decoding depends on (SE and BE: traced
 * blocks are built differently, engine/debug.c). */
static inline uint32_t ppc_block_ctx(const struct ppc_cpu *cpu)
{
    const uint64_t m = PPC_MSR_SF | PPC_MSR_PR | PPC_MSR_FP | PPC_MSR_VEC |
                       PPC_MSR_VSX | PPC_MSR_IR | PPC_MSR_DR | PPC_MSR_LE |
                       PPC_MSR_HV | PPC_MSR_SE | PPC_MSR_BE;
    uint64_t v = cpu->msr & m;
    return (uint32_t)v ^ (uint32_t)(v >> 32);
}

/* Find or build the block at cpu->pc. NULL if the first instruction
 * cannot be fetched (the exit is then recorded in cpu). */
struct ppc_block *ppc_block_get(struct ppc_cpu *cpu);

/* The link generation: successor links made in another one are not
 * followed, and a block's host page is checked again when it was last
 * checked in another one (bumped when all blocks are dropped and
 * whenever translations may have changed: ppc_blocks_unlink); and the
 * arena generation (bumped when all blocks are dropped: older block
 * pointers are dead). */
struct ppc_block_cache_gens {    /* first member of the cache */
    uint32_t gen, arena_gen;
};
static inline uint32_t ppc_block_gen(const struct ppc_block_cache *bc)
{
    return ((const struct ppc_block_cache_gens *)(const void *)bc)->gen;
}
static inline uint32_t ppc_block_arena_gen(const struct ppc_block_cache *bc)
{
    return ((const struct ppc_block_cache_gens *)(const void *)bc)->arena_gen;
}
void ppc_blocks_unlink(struct ppc_cpu *cpu);

/* Is there cached code on the host page (page-aligned host address)?
 * Drop the blocks of one. */
bool ppc_block_page_has_code(struct ppc_block_cache *bc, uintptr_t host_page);
void ppc_block_flush_host_page(struct ppc_cpu *cpu, uintptr_t host_page);
/* A store hit the host page of cached code (after the write): drop its
 * blocks here and, in a partition, on the other vCPUs. */
void ppc_code_page_written(struct ppc_cpu *cpu, uintptr_t host_page);

/* The decoder of the cache's model (for ppc_step and tracing). */
const struct ppc_decoder *ppc_block_decoder(struct ppc_block_cache *bc);

#endif
