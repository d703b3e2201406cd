/* engine/mmu-radix.c: ISA 3.0 radix process-scoped translation for an
 * LPAR guest (see mmu-radix.h for the contract and the choices made where
 * the ISA allows several). Called by the engine's translate hook on a soft
 * TLB miss: no allocation, bounded loops, every table read checked. */
#include "mmu-radix.h"
#include "mmu-hash.h"

/* Page sizes a leaf may map (POWER9/Power10 radix: 4K, 64K, 2M, 1G). */
static bool leaf_size_ok(unsigned shift)
{
    return shift == 12 || shift == 16 || shift == 21 || shift == 30;
}

int mmu_radix_walk(const struct mmu_mem *m, uint64_t prte0, uint64_t ea,
                   enum mmu_access acc, struct mmu_radix_walk *w,
                   struct mmu_fault *f)
{
    unsigned bits = mmu_radix_tree_bits(prte0);  /* 31..62 */
    uint64_t base = prte0 & MMU_PRTE_RPDB;
    unsigned nls = (unsigned)(prte0 & MMU_PRTE_RPDS);

    if (nls < 5) {
        mmu_fault_storage(f, ea, acc, MMU_DSISR_BADCONFIG);
        return -1;
    }
    /* EA bits between the quadrant (0:1) and the tree's range must be 0,
     * else the EA is outside the tree: segment interrupt (5.7.10). */
    if (bits < 62) {
        uint64_t out_of_range = ((1ull << 62) - 1) & ~((1ull << bits) - 1);
        if (ea & out_of_range) {
            mmu_fault_segment(f, ea, acc);
            return -1;
        }
    }

    w->levels = 0;
    /* Each level consumes at least 5 bits of at most 62 and must leave at
     * least 12: the loop runs at most 10 times. */
    for (;;) {
        if (nls < 5 || nls + 12 > bits || (base & ((8ull << nls) - 1))) {
            mmu_fault_storage(f, ea, acc, MMU_DSISR_BADCONFIG);
            return -1;
        }
        uint64_t idx = (ea >> (bits - nls)) & ((1ull << nls) - 1);
        uint64_t addr = base + idx * 8;
        uint64_t e;
        if (m->read64(m->opaque, addr, &e) != 0) {
            mmu_fault_mcheck(f, ea, addr);
            return -1;
        }
        w->levels++;
        bits -= nls;
        if (!(e & MMU_RPTE_V)) {
            mmu_fault_storage(f, ea, acc, MMU_DSISR_NOPTE);
            return -1;
        }
        if (e & MMU_RPTE_L) {
            if (!leaf_size_ok(bits)) {
                mmu_fault_storage(f, ea, acc, MMU_DSISR_BADCONFIG);
                return -1;
            }
            uint64_t mask = (1ull << bits) - 1;
            w->pte = e;
            w->pte_addr = addr;
            w->page_shift = bits;
            w->ra = ((e & MMU_RPTE_RPN) & ~mask) | (ea & mask);
            return 0;
        }
        base = e & MMU_RPDE_NLB;
        nls = (unsigned)(e & MMU_RPDE_NLS);
    }
}

/* Permissions the EAA grants in this state, before keys (5.7.13.1). */
static unsigned eaa_prot(uint64_t pte, bool pr)
{
    if ((pte & MMU_RPTE_EAA_PRIV) && pr)
        return 0;
    unsigned p = 0;
    if (pte & MMU_RPTE_EAA_READ)
        p |= MMU_PROT_READ;
    if (pte & MMU_RPTE_EAA_RW)
        p |= MMU_PROT_READ | MMU_PROT_WRITE;
    if (pte & MMU_RPTE_EAA_EXEC)
        p |= MMU_PROT_EXEC;
    return p;
}

/* Accesses AMR/IAMR key 0 leaves (AMR bit 0 = store disable, bit 1 = load
 * disable; IAMR bit 1 = fetch disable; ISA bit n is host bit 63-n). */
static unsigned key0_prot(uint64_t amr, uint64_t iamr)
{
    unsigned p = 0;
    if (!(amr & (1ull << 63)))
        p |= MMU_PROT_WRITE;
    if (!(amr & (1ull << 62)))
        p |= MMU_PROT_READ;
    if (!(iamr & (1ull << 62)))
        p |= MMU_PROT_EXEC;
    return p;
}

static unsigned acc_prot(enum mmu_access acc)
{
    return acc == MMU_ACC_WRITE ? MMU_PROT_WRITE :
           acc == MMU_ACC_EXEC ? MMU_PROT_EXEC : MMU_PROT_READ;
}

#define RADIX_RC_RETRIES 8

int mmu_radix_xlate(const struct mmu_radix_ctx *ctx, const struct mmu_mem *m,
                    uint64_t ea, enum mmu_access acc, struct mmu_xlate *out,
                    struct mmu_fault *f)
{
    unsigned quadrant = (unsigned)(ea >> 62);
    uint32_t pid;

    /* 5.7.10.1: a guest (MSR[HV]=0) may use quadrant 0 (PIDR) and 3 (PID
     * 0); quadrants 1 and 2 raise a segment interrupt. */
    if (quadrant == 1 || quadrant == 2) {
        mmu_fault_segment(f, ea, acc);
        return -1;
    }
    pid = quadrant == 0 ? ctx->pidr : 0;

    /* 5.7.6.2: process table entries are 16 bytes, indexed by PID. */
    uint64_t off = (uint64_t)pid * 16;
    if (ctx->prtb_size < 16 || off > ctx->prtb_size - 16) {
        mmu_fault_storage(f, ea, acc, MMU_DSISR_NOPTE);
        return -1;
    }
    uint64_t prte_addr = ctx->prtb + off;
    if (prte_addr < ctx->prtb) {    /* wrapped */
        mmu_fault_mcheck(f, ea, prte_addr);
        return -1;
    }

    for (int attempt = 0; attempt < RADIX_RC_RETRIES; attempt++) {
        uint64_t prte0;
        if (m->read64(m->opaque, prte_addr, &prte0) != 0) {
            mmu_fault_mcheck(f, ea, prte_addr);
            return -1;
        }
        struct mmu_radix_walk w;
        if (mmu_radix_walk(m, prte0, ea, acc, &w, f) != 0)
            return -1;

        uint64_t pte = w.pte;
        unsigned need = acc_prot(acc);
        uint32_t bits = 0;

        if (acc == MMU_ACC_EXEC && (pte & MMU_RPTE_ATT) == MMU_RPTE_ATT_NI_IO) {
            mmu_fault_storage(f, ea, acc, MMU_SRR1_NOEXEC_G);
            return -1;
        }
        unsigned prot = eaa_prot(pte, ctx->pr);
        if (!(prot & need))
            bits |= acc == MMU_ACC_EXEC ? MMU_SRR1_NOEXEC_G : MMU_DSISR_PROT;
        if (!ctx->pr && !(pte & MMU_RPTE_EAA_PRIV)) {
            unsigned k = key0_prot(ctx->amr, ctx->iamr);
            if (!(k & need))
                bits |= MMU_RADIX_KEY_FAULT;
            prot &= k;
        }
        if (bits) {
            mmu_fault_storage(f, ea, acc, bits);
            return -1;
        }

        /* 5.7.12: reference and change recording. */
        uint64_t want = MMU_RPTE_R | (acc == MMU_ACC_WRITE ? MMU_RPTE_C : 0);
        if ((pte & want) != want) {
            if (ctx->rc == MMU_RC_FAULT) {
                mmu_fault_storage(f, ea, acc, MMU_DSISR_SET_RC);
                return -1;
            }
            int r = m->cas64 ? m->cas64(m->opaque, w.pte_addr, pte, pte | want)
                             : -1;
            if (r < 0) {
                mmu_fault_mcheck(f, ea, w.pte_addr);
                return -1;
            }
            if (r > 0)
                continue;       /* the PTE changed under us: walk again */
            pte |= want;
        }
        if (!(pte & MMU_RPTE_C))
            prot &= ~MMU_PROT_WRITE;

        out->ra = w.ra;
        out->page_shift = (uint8_t)w.page_shift;
        out->prot = (uint8_t)prot;
        out->att = (uint8_t)((pte & MMU_RPTE_ATT) >> 4);
        out->tag.ea = ea;
        out->tag.va = 0;
        out->tag.pid = pid;
        out->tag.page_shift = (uint8_t)w.page_shift;
        out->tag.kind = MMU_KIND_RADIX;
        out->tag.segment_1t = 0;
        return 0;
    }
    /* The PTE kept changing: let the guest retry through its handler. */
    mmu_fault_storage(f, ea, acc, MMU_DSISR_SET_RC);
    return -1;
}

unsigned mmu_radix_ap_shift(unsigned ap)
{
    switch (ap) {
    case 0: return 12;
    case 5: return 16;
    case 1: return 21;
    case 2: return 30;
    default: return 0;
    }
}

bool mmu_tlbie_matches(const struct mmu_tlbi *op, const struct mmu_tlb_tag *t)
{
    if (!op->r)
        return mmu_hash_tlbie_matches(op, t);

    /* Radix forms. RIC=1: page-walk cache only (no TLB entry). */
    if (op->ric == 1)
        return false;
    if (t->kind == MMU_KIND_HASH)
        return false;
    if (!op->prs) {
        /* Partition-scoped: hypervisor business; the combined
         * translations depend on it, so drop every non-hash entry. */
        return true;
    }
    if (t->kind != MMU_KIND_RADIX)
        return false;

    unsigned is = (unsigned)(op->rb >> 10) & 3;       /* RB bits 52:53 */
    uint32_t pid = (uint32_t)(op->rs >> 32);          /* RS bits 0:31 */
    switch (is) {
    case 0: {
        unsigned shift = mmu_radix_ap_shift((unsigned)(op->rb >> 5) & 7);
        if (t->pid != pid)
            return false;
        if (op->ric != 0 || shift == 0)
            return true;        /* invalid form: the whole PID */
        return mmu_same_block(t->ea, t->page_shift, op->rb & ~0xfffull, shift);
    }
    case 1:
        return t->pid == pid;
    default:                    /* 2: the LPID (the guest's only), 3: all */
        return true;
    }
}
