/* engine/block.c: the per-vCPU cache of pre-decoded blocks. Blocks live in
 * an arena (flushed whole when full) and a hash table keyed by start
 * address and translation context; code pages are remembered in a small
 * hash set so stores to them invalidate (engine/mem.c). Building a block
 * fetches and decodes instructions once; exceptions that decoding already
 * knows (illegal, privileged, facility unavailable) become handlers that
 * raise them when reached. */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "exec.h"
#include "mem.h"

#define HASH_BITS 15
#define HASH_SIZE (1u << HASH_BITS)
#define ARENA_SIZE (32u << 20)
#define CODEPAGE_BITS 12
#define CODEPAGE_SIZE (1u << CODEPAGE_BITS)

struct ppc_block_cache {
    struct ppc_decoder *dec;
    struct ppc_block *hash[HASH_SIZE];
    uint8_t *arena;
    size_t used;
    /* Open-addressed set of page numbers + 1 (0 = empty). */
    uint64_t codepages[CODEPAGE_SIZE];
    unsigned ncodepages;
    uint32_t gen;
};

uint32_t ppc_block_gen(const struct ppc_block_cache *bc)
{
    return bc->gen;
}

struct ppc_block_cache *ppc_block_cache_new(enum ppc_isa isa)
{
    struct ppc_block_cache *bc = calloc(1, sizeof(*bc));
    if (!bc)
        return NULL;
    bc->dec = ppc_decoder_new(isa);
    bc->arena = malloc(ARENA_SIZE);
    if (!bc->dec || !bc->arena) {
        ppc_block_cache_free(bc);
        return NULL;
    }
    return bc;
}

void ppc_block_cache_free(struct ppc_block_cache *bc)
{
    if (!bc)
        return;
    ppc_decoder_free(bc->dec);
    free(bc->arena);
    free(bc);
}

const struct ppc_decoder *ppc_block_decoder(struct ppc_block_cache *bc)
{
    return bc->dec;
}

static inline unsigned hash_pc(uint64_t pc, uint32_t ctx)
{
    uint64_t h = (pc >> 2) ^ ((uint64_t)ctx * 0x9e3779b97f4a7c15ull);
    return (unsigned)(h ^ (h >> HASH_BITS) ^ (h >> 2 * HASH_BITS)) & (HASH_SIZE - 1);
}

static unsigned cp_slot(uint64_t page)
{
    return (unsigned)((page * 0x9e3779b97f4a7c15ull) >> (64 - CODEPAGE_BITS));
}

bool ppc_block_page_has_code(struct ppc_block_cache *bc, uint64_t ea)
{
    uint64_t key = (ea >> PPC_PAGE_SHIFT) + 1;
    if (!bc->ncodepages)
        return false;
    for (unsigned i = cp_slot(key), n = 0; n < CODEPAGE_SIZE;
         i = (i + 1) & (CODEPAGE_SIZE - 1), n++) {
        if (bc->codepages[i] == key)
            return true;
        if (bc->codepages[i] == 0)
            return false;
    }
    return false;
}

static void flush_all(struct ppc_cpu *cpu)
{
    struct ppc_block_cache *bc = cpu->blocks;
    memset(bc->hash, 0, sizeof(bc->hash));
    memset(bc->codepages, 0, sizeof(bc->codepages));
    bc->ncodepages = 0;
    bc->used = 0;
    bc->gen++;
    cpu->code_dirty = true;
}

/* Returns false when the set is too full (the caller flushes all). */
static bool add_codepage(struct ppc_cpu *cpu, uint64_t ea)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint64_t key = (ea >> PPC_PAGE_SHIFT) + 1;
    if (ppc_block_page_has_code(bc, ea))
        return true;
    if (bc->ncodepages >= CODEPAGE_SIZE / 2)
        return false;
    unsigned i = cp_slot(key);
    while (bc->codepages[i])
        i = (i + 1) & (CODEPAGE_SIZE - 1);
    bc->codepages[i] = key;
    bc->ncodepages++;
    /* Stores to this page must now take the slow path. */
    uint64_t page = ea & PPC_PAGE_MASK;
    struct ppc_tlb_entry *e =
        &cpu->tlb[PPC_ACC_WRITE][(ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1)];
    if (e->tag == page)
        e->tag = PPC_TLB_INVALID;
    return true;
}

void ppc_blocks_flush(struct ppc_cpu *cpu)
{
    flush_all(cpu);
}

void ppc_blocks_flush_page(struct ppc_cpu *cpu, uint64_t ea)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint64_t page = ea & PPC_PAGE_MASK;
    if (!ppc_block_page_has_code(bc, ea))
        return;
    for (unsigned h = 0; h < HASH_SIZE; h++) {
        struct ppc_block **pp = &bc->hash[h];
        while (*pp) {
            struct ppc_block *b = *pp;
            if ((b->pc & PPC_PAGE_MASK) == page) {
                b->valid = 0;
                *pp = b->hnext;
            } else {
                pp = &b->hnext;
            }
        }
    }
    /* Remove the page from the set by rebuilding it without the key. */
    uint64_t key = (ea >> PPC_PAGE_SHIFT) + 1;
    uint64_t old[CODEPAGE_SIZE];
    memcpy(old, bc->codepages, sizeof(old));
    memset(bc->codepages, 0, sizeof(bc->codepages));
    bc->ncodepages = 0;
    for (unsigned i = 0; i < CODEPAGE_SIZE; i++) {
        if (old[i] && old[i] != key) {
            unsigned j = cp_slot(old[i]);
            while (bc->codepages[j])
                j = (j + 1) & (CODEPAGE_SIZE - 1);
            bc->codepages[j] = old[i];
            bc->ncodepages++;
        }
    }
    cpu->code_dirty = true;
}

static int raise_illegal(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, 0);
}
static int raise_priv(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_PRIVILEGED, 0);
}
static int raise_fpu(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_FP_UNAVAIL, 0);
}
static int raise_vec(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_VEC_UNAVAIL, 0);
}
static int raise_vsx(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_VSX_UNAVAIL, 0);
}
static int raise_align(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    cpu->fault.ea = d->pc;
    cpu->fault.access = PPC_ACC_EXEC;
    cpu->fault.err = 0;
    return ppc_raise(cpu, d, PPC_EXIT_ALIGNMENT, 0);
}

/* Decode one instruction at pc into d. Returns 0, or an exit when the
 * instruction cannot be fetched (nothing is written to d then). Sets
 * *end when the block must end after this instruction. */
static int decode_one(struct ppc_cpu *cpu, uint64_t pc, struct ppc_dinsn *d,
                      bool *end)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint32_t w, s = 0;
    unsigned len;
    int r = ppc_fetch32(cpu, pc, &w);
    if (r)
        return r;
    if ((w >> 26) == 1) {
        /* A prefixed instruction may not cross a 64-byte boundary. */
        if ((pc & 63) == 60) {
            ppc_predecode(d, PPC_ID_INVALID, pc, w, 0);
            d->fn = cpu->model->isa >= PPC_ISA_310 ? raise_align : raise_illegal;
            *end = true;
            return 0;
        }
        r = ppc_fetch32(cpu, pc + 4, &s);
        if (r)
            return r;
    }
    enum ppc_insn_id id = ppc_decode(bc->dec, w, s, &len);
    ppc_predecode(d, id, pc, w, s);
    const struct ppc_insn_def *row = &ppc_insn_table[id];
    *end = false;
    if (id == PPC_ID_INVALID) {
        d->fn = raise_illegal;
        *end = true;
        return 0;
    }
    uint64_t f = row->flags;
    if ((f & (PPC_F_PRIV | PPC_F_HVPRIV)) && (cpu->msr & PPC_MSR_PR)) {
        d->fn = raise_priv;
        *end = true;
    } else if ((f & PPC_F_FP) && !(cpu->msr & PPC_MSR_FP)) {
        d->fn = raise_fpu;
        *end = true;
    } else if ((f & PPC_F_VEC) && !(cpu->msr & PPC_MSR_VEC)) {
        d->fn = raise_vec;
        *end = true;
    } else if ((f & PPC_F_VSX) && !(cpu->msr & PPC_MSR_VSX)) {
        d->fn = raise_vsx;
        *end = true;
    }
    if (f & (PPC_F_BRANCH | PPC_F_ENDBLK | PPC_F_NOSEM))
        *end = true;
    return 0;
}

struct ppc_block *ppc_block_get(struct ppc_cpu *cpu)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint64_t pc = cpu->pc;
    uint32_t ctx = ppc_block_ctx(cpu);
    unsigned h = hash_pc(pc, ctx);
    for (struct ppc_block *b = bc->hash[h]; b; b = b->hnext)
        if (b->pc == pc && b->ctx == ctx)
            return b;

    size_t need = sizeof(struct ppc_block) +
                  (PPC_BLOCK_MAX_INSNS + 1) * sizeof(struct ppc_dinsn);
    if (bc->used + need > ARENA_SIZE)
        flush_all(cpu);
    if (!add_codepage(cpu, pc)) {
        flush_all(cpu);
        add_codepage(cpu, pc);
    }
    h = hash_pc(pc, ctx);
    struct ppc_block *b = (struct ppc_block *)(bc->arena + bc->used);
    b->pc = pc;
    b->ctx = ctx;
    b->jit = NULL;
    b->gen = bc->gen;
    b->succ[0] = b->succ[1] = NULL;
    b->succ_pc[0] = b->succ_pc[1] = ~0ull;
    unsigned n = 0;
    uint64_t a = pc;
    uint64_t page = pc & PPC_PAGE_MASK;
    while (n < PPC_BLOCK_MAX_INSNS) {
        bool end = false;
        int r = decode_one(cpu, a, &b->insns[n], &end);
        if (r) {
            if (n == 0) {
                /* Record the fetch fault as the exit of this pc. */
                struct ppc_dinsn fake;
                memset(&fake, 0, sizeof(fake));
                fake.pc = pc;
                fake.len = 4;
                ppc_raise(cpu, &fake, (enum ppc_exit)r, 0);
                return NULL;
            }
            break;
        }
        ppc_thread_insn(&b->insns[n]);
        a = ppc_ea(cpu, a + b->insns[n].len);
        n++;
        if (end || (a & PPC_PAGE_MASK) != page)
            break;
    }
    b->n = (uint16_t)n;
    b->next_pc = a;
    b->valid = 1;
    ppc_thread_end(&b->insns[n], a);
    bc->used += (sizeof(struct ppc_block) + (n + 1) * sizeof(struct ppc_dinsn) + 15) & ~(size_t)15;
    b->hnext = bc->hash[h];
    bc->hash[h] = b;
    return b;
}
