/* engine/block.c: the per-vCPU cache of pre-decoded blocks. Blocks live in
 * an arena (flushed whole when full) and a hash table keyed by start
 * address and translation context; each remembers its host code page, and
 * the code pages are an open-addressed map from host page to the list of
 * its blocks, so stores to a page (engine/mem.c, from any vCPU of a
 * partition) drop exactly its blocks. In system mode a lookup checks the
 * block's host page against the code translation cache (a changed
 * translation builds a new block; the old one stays for when it maps
 * back). Building a block fetches and decodes instructions once;
 * exceptions that decoding already knows (illegal, privileged, facility
 * unavailable) become handlers that raise them when reached. */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "debug.h"
#include "exec.h"
#include "interrupt.h"
#include "mem.h"

#define HASH_BITS 15
#define HASH_SIZE (1u << HASH_BITS)
#define ARENA_SIZE (32u << 20)
#define CODEPAGE_BITS 14
#define CODEPAGE_SIZE (1u << CODEPAGE_BITS)

struct codepage {
    uintptr_t key;               /* host page address; 0 = empty */
    struct ppc_block *head;      /* its blocks, through pnext */
};

struct ppc_block_cache {
    struct ppc_block_cache_gens g;   /* first: block.h reads it inline */
    struct ppc_decoder *dec;
    uint8_t *arena;
    size_t used;
    unsigned ncodepages;
    struct ppc_block *hash[HASH_SIZE];
    struct codepage codepages[CODEPAGE_SIZE];
};

void ppc_blocks_unlink(struct ppc_cpu *cpu)
{
    cpu->blocks->g.gen++;
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

static unsigned cp_home(uintptr_t key)
{
    return (unsigned)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> (64 - CODEPAGE_BITS));
}

/* Slot of a host page in the code-page map, or -1. */
static int cp_find(const struct ppc_block_cache *bc, uintptr_t key)
{
    if (!bc->ncodepages)
        return -1;
    for (unsigned i = cp_home(key), n = 0; n < CODEPAGE_SIZE;
         i = (i + 1) & (CODEPAGE_SIZE - 1), n++) {
        if (bc->codepages[i].key == key)
            return (int)i;
        if (bc->codepages[i].key == 0)
            return -1;
    }
    return -1;
}

bool ppc_block_page_has_code(struct ppc_block_cache *bc, uintptr_t host_page)
{
    return cp_find(bc, host_page) >= 0;
}

/* Linear-probing deletion by backward shift (no tombstones). */
static void cp_remove(struct ppc_block_cache *bc, unsigned i)
{
    const unsigned mask = CODEPAGE_SIZE - 1;
    bc->codepages[i].key = 0;
    bc->codepages[i].head = NULL;
    bc->ncodepages--;
    unsigned j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (bc->codepages[j].key == 0)
            return;
        unsigned k = cp_home(bc->codepages[j].key);
        /* Move j to the hole at i unless its home lies cyclically in
         * (i, j]. */
        bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (stays)
            continue;
        bc->codepages[i] = bc->codepages[j];
        bc->codepages[j].key = 0;
        bc->codepages[j].head = NULL;
        i = j;
    }
}

static void flush_all(struct ppc_cpu *cpu)
{
    struct ppc_block_cache *bc = cpu->blocks;
    memset(bc->hash, 0, sizeof(bc->hash));
    memset(bc->codepages, 0, sizeof(bc->codepages));
    bc->ncodepages = 0;
    bc->used = 0;
    bc->g.gen++;
    bc->g.arena_gen++;
    cpu->code_dirty = true;
}

/* The slot of host page hp in the code-page map, added if new (-1 when
 * the map is too full: the caller flushes all). A new code page loses
 * this vCPU's write entries to it (stores must see it is code) and, in a
 * partition, is announced to the other vCPUs before any of it is
 * decoded. */
static int add_codepage(struct ppc_cpu *cpu, uintptr_t hp)
{
    struct ppc_block_cache *bc = cpu->blocks;
    int f = cp_find(bc, hp);
    if (f >= 0)
        return f;
    if (bc->ncodepages >= CODEPAGE_SIZE / 2)
        return -1;
    unsigned i = cp_home(hp);
    while (bc->codepages[i].key)
        i = (i + 1) & (CODEPAGE_SIZE - 1);
    bc->codepages[i].key = hp;
    bc->codepages[i].head = NULL;
    bc->ncodepages++;
    for (unsigned k = 0; k < PPC_TLB_SIZE; k++) {
        struct ppc_tlb_entry *e = &cpu->tlb[PPC_ACC_WRITE][k];
        if (e->tag != PPC_TLB_INVALID &&
            (uintptr_t)(e->tag & PPC_PAGE_MASK) + e->addend == hp)
            e->tag = PPC_TLB_INVALID;
    }
    if (cpu->sys && cpu->sys->part)
        ppc_smp_code_page_added(cpu, hp);
    return (int)i;
}

void ppc_blocks_flush(struct ppc_cpu *cpu)
{
    flush_all(cpu);
}

static void unhash(struct ppc_block_cache *bc, struct ppc_block *b)
{
    struct ppc_block **pp = &bc->hash[hash_pc(b->pc, b->ctx)];
    while (*pp) {
        if (*pp == b) {
            *pp = b->hnext;
            return;
        }
        pp = &(*pp)->hnext;
    }
}

void ppc_block_flush_host_page(struct ppc_cpu *cpu, uintptr_t host_page)
{
    struct ppc_block_cache *bc = cpu->blocks;
    int i = cp_find(bc, host_page);
    if (i < 0)
        return;
    for (struct ppc_block *b = bc->codepages[i].head; b; b = b->pnext) {
        b->valid = 0;
        unhash(bc, b);
    }
    cp_remove(bc, (unsigned)i);
    cpu->code_dirty = true;
}

void ppc_code_page_written(struct ppc_cpu *cpu, uintptr_t host_page)
{
    if (cpu->sys && cpu->sys->part)
        ppc_smp_code_written(cpu, host_page);
    else
        ppc_block_flush_host_page(cpu, host_page);
}

void ppc_blocks_flush_page(struct ppc_cpu *cpu, uint64_t ea)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint64_t page = ea & PPC_PAGE_MASK;
    if (!bc->ncodepages)
        return;
    /* The host page of ea: from a soft-TLB entry, else ask the
     * environment (no entry is made; a failure means nothing to do). */
    for (unsigned a = 0; a < 3; a++) {
        const struct ppc_tlb_entry *e =
            &cpu->tlb[a][(ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1)];
        if (e->tag != PPC_TLB_INVALID && (e->tag & PPC_PAGE_MASK) == page) {
            ppc_block_flush_host_page(cpu, (uintptr_t)page + e->addend);
            return;
        }
    }
    struct ppc_xlate x = { 0 };
    if (cpu->env->translate(cpu->env_opaque, cpu, page, PPC_ACC_READ, &x) == 0 &&
        x.host)
        ppc_block_flush_host_page(cpu, (uintptr_t)x.host);
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

/* Target of a 'b' row. */
static inline uint64_t branch_target(const struct ppc_cpu *cpu,
                                     const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, (d->dflags & PPC_DF_AA) ? (uint64_t)d->imm
                                               : d->pc + (uint64_t)d->imm);
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
    } else if ((f & PPC_F_HVPRIV) && (f & PPC_F_NOSEM) && cpu->sys &&
               !(cpu->msr & PPC_MSR_HV)) {
        /* Hypervisor-privileged with no guest semantics (msgsnd,
         * hrfid, the cache-inhibited loads...) in privileged state of a
         * partition: hypervisor emulation assistance, which the
         * hypervisor reflects as an illegal-instruction program
         * interrupt (as spr-priv.c does for SPRs 0, 4-6). */
        d->fn = raise_illegal;
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
    /* A conditional branch (BO not "branch always") does not end the
     * block: not taken, it goes on with the next instruction here, which
     * saves a block change on every branch that falls through. */
    if ((f & PPC_F_BRANCH) && d->fn == row->exec && (d->rt & 0x14) != 0x14 &&
        (id == PPC_ID_bc || id == PPC_ID_bclr || id == PPC_ID_bcctr ||
         id == PPC_ID_bctar)) {
        d->dflags |= PPC_DF_CONT;
        *end = false;
    }
    /* An unconditional 'b' (or 'bl') to the same page: the block goes on
     * at the target (ppc_block_get follows it). */
    if (id == PPC_ID_b && d->fn == row->exec &&
        (branch_target(cpu, d) & PPC_PAGE_MASK) == (pc & PPC_PAGE_MASK)) {
        d->dflags |= PPC_DF_CONT;
        *end = false;
    }
    return 0;
}

/* The host page the instruction at pc comes from now: the code
 * translation cache in system mode, else the soft TLB / a translation. */
static inline int code_page(struct ppc_cpu *cpu, uint64_t pc, uintptr_t *hp)
{
    struct ppc_sys *s = cpu->sys;
    if (s) {
        uint64_t tag = (pc & PPC_PAGE_MASK) | ((cpu->msr & PPC_MSR_IR) ? 0 : 2);
        const struct ppc_ctc_entry *c =
            &s->ctc[(pc >> PPC_PAGE_SHIFT) & (PPC_CTC_SIZE - 1)];
        if (__builtin_expect(c->tag == tag, 1)) {
            *hp = c->host;
            return 0;
        }
    }
    return ppc_mem_code_page(cpu, pc, hp);
}

struct ppc_block *ppc_block_get(struct ppc_cpu *cpu)
{
    struct ppc_block_cache *bc = cpu->blocks;
    uint64_t pc = cpu->pc;
    uint32_t ctx = ppc_block_ctx(cpu);
    unsigned h = hash_pc(pc, ctx);
    uintptr_t hp = 0;
    for (struct ppc_block *b = bc->hash[h]; b; b = b->hnext) {
        if (b->pc != pc || b->ctx != ctx)
            continue;
        /* No translation changed since its host page was checked. */
        if (__builtin_expect(b->vgen == bc->g.gen, 1))
            return b;
        if (!cpu->sys) {
            b->vgen = bc->g.gen;
            return b;
        }
        if (!hp && code_page(cpu, pc, &hp) != 0) {
            hp = 0;
            break;   /* no translation: building raises the fault */
        }
        if (b->host == hp) {
            b->vgen = bc->g.gen;
            return b;
        }
    }
    if (!hp) {
        int r = ppc_mem_code_page(cpu, pc, &hp);
        if (r) {
            /* Record the fetch fault as the exit of this pc. */
            struct ppc_dinsn fake;
            memset(&fake, 0, sizeof(fake));
            fake.pc = pc;
            fake.len = 4;
            ppc_raise(cpu, &fake, (enum ppc_exit)r, 0);
            return NULL;
        }
    }

    size_t need = sizeof(struct ppc_block) +
                  (PPC_BLOCK_MAX_INSNS + 1) * sizeof(struct ppc_dinsn);
    if (bc->used + need > ARENA_SIZE)
        flush_all(cpu);
    if (add_codepage(cpu, hp) < 0) {
        flush_all(cpu);
        add_codepage(cpu, hp);
    }
    struct ppc_block *b = (struct ppc_block *)(bc->arena + bc->used);
    b->pc = pc;
    b->ctx = ctx;
    b->host = hp;
    b->jit = NULL;
    b->gen = bc->g.gen;
    b->vgen = bc->g.gen;
    b->arena_gen = bc->g.arena_gen;
    b->succ[0] = b->succ[1] = NULL;
    b->succ_pc[0] = b->succ_pc[1] = ~0ull;
    unsigned n = 0;
    uint64_t a = pc;
    uint64_t page = pc & PPC_PAGE_MASK;
    /* Trace (MSR[SE]/[BE]) and CIABR: debug.c. */
    bool dbg = cpu->sys && ((cpu->msr & (PPC_MSR_SE | PPC_MSR_BE)) ||
                            cpu->sys->ciabr_on);
    while (n < PPC_BLOCK_MAX_INSNS) {
        bool end = false;
        int r = decode_one(cpu, a, &b->insns[n], &end);
        if (r) {
            if (n == 0) {
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
        if (__builtin_expect(dbg, 0)) {
            /* Traced or CIABR-watched code: a branch ends its block and
             * jumps (no superblock through it), so the trace interrupt
             * sees the branch's real next instruction. */
            if (b->insns[n].dflags & PPC_DF_CONT) {
                b->insns[n].dflags &= ~PPC_DF_CONT;
                end = true;
            }
            ppc_debug_decode(cpu, &b->insns[n], &end);
        }
        if (b->insns[n].id == PPC_ID_b && (b->insns[n].dflags & PPC_DF_CONT))
            a = branch_target(cpu, &b->insns[n]);
        else
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
    /* Decoding does not touch the code-page map, but look the slot up
     * again rather than rely on it. */
    int slot = cp_find(bc, hp);
    if (slot < 0) {
        /* Cannot happen; keep the block out of the caches. */
        b->valid = 0;
        return b;
    }
    b->pnext = bc->codepages[slot].head;
    bc->codepages[slot].head = b;
    b->hnext = bc->hash[h];
    bc->hash[h] = b;
    return b;
}
