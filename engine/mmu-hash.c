/* engine/mmu-hash.c: HPT translation, protection, R/C recording and HPTE
 * helpers for a PAPR hash-MMU guest; see mmu-hash.h. Runs on every soft-TLB
 * miss of a hash guest: no allocation, at most 16 HPTEs read. */
#include "mmu-hash.h"
#include "mmu-radix.h"

/* One supported (base, actual) page size pair and its LP encoding. */
struct hash_psize {
    uint8_t base;
    uint8_t actual;
    uint8_t penc;
};

static const struct hash_psize hash_psizes[] = {
    { 12, 16, 0x07 }, { 12, 24, 0x38 },
    { 16, 16, 0x01 }, { 16, 24, 0x08 },
    { 24, 24, 0x00 },
    { 34, 34, 0x03 },
};
#define N_PSIZES (sizeof(hash_psizes) / sizeof(hash_psizes[0]))

unsigned mmu_slb_base_shift(uint64_t vsid_word)
{
    if (!(vsid_word & MMU_SLB_L))
        return 12;
    switch ((vsid_word & MMU_SLB_LP) >> 4) {
    case 0: return 24;
    case 1: return 16;
    case 2: return 34;
    default: return 0;
    }
}

/* Does LP encode this pair? Pages under 1M keep RPN bits in the upper LP
 * bits: only the low (actual - 12) bits are the encoding. */
static bool lp_matches(unsigned lp, const struct hash_psize *p)
{
    unsigned bits = p->actual - 12u;
    unsigned mask = bits >= 8 ? 0xffu : (1u << bits) - 1;
    return (lp & mask) == p->penc;
}

unsigned mmu_hpte_actual_shift(uint64_t v, uint64_t r, unsigned base)
{
    if (!(v & MMU_HPTE_V_L))
        return base == 12 ? 12 : 0;
    unsigned lp = (unsigned)(r >> MMU_HPTE_R_LP_SHIFT) & 0xff;
    for (size_t i = 0; i < N_PSIZES; i++)
        if (hash_psizes[i].base == base && lp_matches(lp, &hash_psizes[i]))
            return hash_psizes[i].actual;
    return 0;
}

bool mmu_hpte_page_shifts(uint64_t v, uint64_t r, unsigned *base,
                          unsigned *actual)
{
    if (!(v & MMU_HPTE_V_L)) {
        *base = *actual = 12;
        return true;
    }
    unsigned lp = (unsigned)(r >> MMU_HPTE_R_LP_SHIFT) & 0xff;
    for (size_t i = 0; i < N_PSIZES; i++) {
        if (lp_matches(lp, &hash_psizes[i])) {
            *base = hash_psizes[i].base;
            *actual = hash_psizes[i].actual;
            return true;
        }
    }
    return false;
}

static bool seg_1t(const struct mmu_slbe *s)
{
    return mmu_slbe_b(s) == MMU_SLB_B_1T;
}

/* The VSID of the segment: 50 bits for 256M, 38 bits for 1T. */
static uint64_t seg_vsid(const struct mmu_slbe *s)
{
    uint64_t v50 = (s->vsid & MMU_SLB_VSID_MASK) >> 12;
    return seg_1t(s) ? v50 >> 12 : v50;
}

static unsigned seg_shift(const struct mmu_slbe *s)
{
    return seg_1t(s) ? 40 : 28;
}

uint64_t mmu_hash_primary(const struct mmu_slbe *slbe, uint64_t ea,
                          unsigned base_shift)
{
    unsigned ss = seg_shift(slbe);
    uint64_t vsid = seg_vsid(slbe);
    uint64_t page = (ea & ((1ull << ss) - 1)) >> base_shift;
    uint64_t h = seg_1t(slbe) ? vsid ^ (vsid << 25) ^ page : vsid ^ page;
    return h & 0x7FFFFFFFFFull;
}

uint64_t mmu_hash_va(const struct mmu_slbe *slbe, uint64_t ea)
{
    unsigned ss = seg_shift(slbe);
    return (seg_vsid(slbe) << ss) | (ea & ((1ull << ss) - 1));
}

uint64_t mmu_hash_avpn(const struct mmu_slbe *slbe, uint64_t ea)
{
    unsigned ss = seg_shift(slbe);
    /* VA >> 23 = VSID << (ss - 23) | segment offset >> 23: 55 bits. */
    return ((seg_vsid(slbe) << (ss - 23)) |
            ((ea & ((1ull << ss) - 1)) >> 23)) & ((1ull << 55) - 1);
}

static inline uint64_t load_be64(const uint8_t *p)
{
    return __builtin_bswap64(__atomic_load_n((const uint64_t *)(const void *)p,
                                             __ATOMIC_ACQUIRE));
}

static inline void store_be64(uint8_t *p, uint64_t v, int order)
{
    __atomic_store_n((uint64_t *)(void *)p, __builtin_bswap64(v), order);
}

bool mmu_hpte_read(const struct mmu_htab *h, uint64_t ptex, uint64_t *v,
                   uint64_t *r)
{
    if (ptex >= mmu_htab_entries(h))
        return false;
    const uint8_t *p = h->base + ptex * 16;
    *v = load_be64(p);
    *r = load_be64(p + 8);
    return true;
}

bool mmu_hpte_write(const struct mmu_htab *h, uint64_t ptex, uint64_t v,
                    uint64_t r)
{
    if (ptex >= mmu_htab_entries(h))
        return false;
    uint8_t *p = h->base + ptex * 16;
    store_be64(p + 8, r, __ATOMIC_RELAXED);
    store_be64(p, v, __ATOMIC_RELEASE);
    return true;
}

int64_t mmu_hash_search(const struct mmu_htab *h, const struct mmu_slbe *slbe,
                        uint64_t ea, uint64_t *v_out, uint64_t *r_out,
                        unsigned *actual_shift)
{
    if (!mmu_htab_valid(h))
        return -1;
    unsigned base = mmu_slb_base_shift(slbe->vsid);
    if (base == 0)
        return -1;
    uint64_t hash = mmu_hash_primary(slbe, ea, base);
    uint64_t avpn = mmu_hash_avpn(slbe, ea);
    uint64_t b = mmu_slbe_b(slbe);
    uint64_t group_mask = (h->size / MMU_HPTEG_SIZE) - 1;

    for (unsigned sec = 0; sec < 2; sec++) {
        uint64_t group = (sec ? ~hash : hash) & group_mask;
        const uint8_t *g = h->base + group * MMU_HPTEG_SIZE;
        for (unsigned i = 0; i < 8; i++) {
            uint64_t v = load_be64(g + i * 16);
            if (!(v & MMU_HPTE_V_V))
                continue;
            if (!!(v & MMU_HPTE_V_H) != sec)
                continue;
            if ((v >> MMU_HPTE_V_B_SHIFT) != b)
                continue;
            uint64_t r = load_be64(g + i * 16 + 8);
            unsigned actual = mmu_hpte_actual_shift(v, r, base);
            if (actual == 0)
                continue;
            uint64_t ignore = actual > 23 ? (1ull << (actual - 23)) - 1 : 0;
            uint64_t hpte_avpn = (v & MMU_HPTE_V_AVPN) >> MMU_HPTE_V_AVPN_SHIFT;
            if ((hpte_avpn ^ avpn) & ~ignore)
                continue;
            *v_out = v;
            *r_out = r;
            *actual_shift = actual;
            return (int64_t)(group * 8 + i);
        }
    }
    return -1;
}

/* Basic page protection (5.7.9.1): what PP grants with key K. */
static unsigned pp_prot(unsigned key, unsigned pp)
{
    if (key == 0) {
        switch (pp) {
        case 0: case 1: case 2: return MMU_PROT_READ | MMU_PROT_WRITE;
        case 3: case 6: return MMU_PROT_READ;
        default: return 0;
        }
    }
    switch (pp) {
    case 1: case 3: return MMU_PROT_READ;
    case 2: return MMU_PROT_READ | MMU_PROT_WRITE;
    default: return 0;
    }
}

/* Virtual page class key (5 bits: HPTE bits 2:3 || 52:54). */
static unsigned hpte_key(uint64_t r)
{
    return (unsigned)(((r & MMU_HPTE_R_KEY_HI) >> 60) << 3 |
                      ((r & MMU_HPTE_R_KEY_LO) >> 9));
}

/* Accesses AMR/IAMR leave for key k: AMR bit 2k = store disable, 2k+1 =
 * load disable, IAMR bit 2k+1 = fetch disable (ISA bit n = host 63-n). */
static unsigned key_prot(unsigned k, uint64_t amr, uint64_t iamr)
{
    unsigned p = 0;
    if (!(amr & (1ull << (63 - 2 * k))))
        p |= MMU_PROT_WRITE;
    if (!(amr & (1ull << (62 - 2 * k))))
        p |= MMU_PROT_READ;
    if (!(iamr & (1ull << (62 - 2 * k))))
        p |= MMU_PROT_EXEC;
    return p;
}

int mmu_hash_xlate(const struct mmu_hash_ctx *ctx, uint64_t ea,
                   enum mmu_access acc, struct mmu_xlate *out,
                   struct mmu_fault *f)
{
    const struct mmu_slbe *s = mmu_slb_lookup(ctx->slb, ea);
    if (!s) {
        mmu_fault_segment(f, ea, acc);
        return -1;
    }
    uint64_t v, r;
    unsigned actual;
    int64_t idx = mmu_hash_search(&ctx->htab, s, ea, &v, &r, &actual);
    if (idx < 0) {
        mmu_fault_storage(f, ea, acc, MMU_DSISR_NOPTE);
        return -1;
    }

    unsigned key = ctx->pr ? !!(s->vsid & MMU_SLB_KP) : !!(s->vsid & MMU_SLB_KS);
    unsigned pp = (unsigned)(((r & MMU_HPTE_R_PP0) >> 61) | (r & MMU_HPTE_R_PP));
    unsigned prot = pp_prot(key, pp);
    bool noexec = (s->vsid & MMU_SLB_N) || (r & (MMU_HPTE_R_N | MMU_HPTE_R_G));
    if ((prot & MMU_PROT_READ) && !noexec)
        prot |= MMU_PROT_EXEC;
    unsigned kp = key_prot(hpte_key(r), ctx->amr, ctx->iamr);

    uint32_t bits = 0;
    switch (acc) {
    case MMU_ACC_EXEC:
        if (noexec)
            bits |= MMU_SRR1_NOEXEC_G;
        else if (!(prot & MMU_PROT_READ))
            bits |= MMU_DSISR_PROT;
        if (!(kp & MMU_PROT_EXEC))
            bits |= MMU_DSISR_KEY;
        break;
    case MMU_ACC_WRITE:
        if (!(prot & MMU_PROT_WRITE))
            bits |= MMU_DSISR_PROT;
        if (!(kp & MMU_PROT_WRITE))
            bits |= MMU_DSISR_KEY;
        break;
    default:
        if (!(prot & MMU_PROT_READ))
            bits |= MMU_DSISR_PROT;
        if (!(kp & MMU_PROT_READ))
            bits |= MMU_DSISR_KEY;
        break;
    }
    if (bits) {
        mmu_fault_storage(f, ea, acc, bits);
        return -1;
    }
    prot &= kp;

    /* 5.7.10: R on every access, C on a store; atomic OR on the HPTE's
     * second doubleword (R is bit 55, C bit 56: bytes 6 and 7). */
    uint64_t want = MMU_HPTE_R_R | (acc == MMU_ACC_WRITE ? MMU_HPTE_R_C : 0);
    if ((r & want) != want) {
        uint8_t *p = ctx->htab.base + (uint64_t)idx * 16 + 8;
        uint64_t old = __atomic_fetch_or((uint64_t *)(void *)p,
                                         __builtin_bswap64(want),
                                         __ATOMIC_ACQ_REL);
        r = __builtin_bswap64(old) | want;
    }
    if (!(r & MMU_HPTE_R_C))
        prot &= ~MMU_PROT_WRITE;

    uint64_t mask = (1ull << actual) - 1;
    out->ra = ((r & MMU_HPTE_R_RPN) & ~mask) | (ea & mask);
    out->page_shift = (uint8_t)actual;
    out->prot = (uint8_t)prot;
    out->att = (uint8_t)((r & MMU_HPTE_R_WIMG) >> 3);
    out->tag.ea = ea;
    out->tag.va = mmu_hash_va(s, ea);
    out->tag.pid = 0;
    out->tag.page_shift = (uint8_t)actual;
    out->tag.kind = MMU_KIND_HASH;
    out->tag.segment_1t = seg_1t(s);
    return 0;
}

enum mmu_hpte_status mmu_hpte_insert(const struct mmu_htab *h, uint64_t ptex,
                                     uint64_t v, uint64_t r, bool exact,
                                     uint64_t *slot)
{
    unsigned base, actual;
    if (ptex >= mmu_htab_entries(h))
        return MMU_HPTE_PARAM;
    if (!(v & MMU_HPTE_V_V) || (v >> MMU_HPTE_V_B_SHIFT) > MMU_SLB_B_1T)
        return MMU_HPTE_PARAM;
    if (!mmu_hpte_page_shifts(v, r, &base, &actual))
        return MMU_HPTE_PARAM;

    /* A slot being filled is marked V=0 with this SW pattern so other
     * inserters skip it; searches ignore V=0 entries. */
    const uint64_t busy = MMU_HPTE_V_SW;
    uint64_t first = exact ? ptex : ptex & ~7ull;
    unsigned n = exact ? 1 : 8;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = first + i;
        uint64_t *p0 = (uint64_t *)(void *)(h->base + x * 16);
        uint64_t cur = __atomic_load_n(p0, __ATOMIC_ACQUIRE);
        uint64_t curv = __builtin_bswap64(cur);
        if ((curv & MMU_HPTE_V_V) || curv == busy)
            continue;
        if (!__atomic_compare_exchange_n(p0, &cur, __builtin_bswap64(busy),
                                         false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            continue;
        mmu_hpte_write(h, x, v, r);
        *slot = x;
        return MMU_HPTE_OK;
    }
    return MMU_HPTE_FULL;
}

bool mmu_hpte_remove(const struct mmu_htab *h, uint64_t ptex,
                     uint64_t match_mask, uint64_t match, uint64_t *v,
                     uint64_t *r)
{
    if (ptex >= mmu_htab_entries(h))
        return false;
    uint64_t *p0 = (uint64_t *)(void *)(h->base + ptex * 16);
    uint64_t cur = __atomic_load_n(p0, __ATOMIC_ACQUIRE);
    for (;;) {
        uint64_t cv = __builtin_bswap64(cur);
        if (!(cv & MMU_HPTE_V_V) || (cv & match_mask) != match)
            return false;
        if (__atomic_compare_exchange_n(p0, &cur, 0, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            *v = cv;
            *r = load_be64(h->base + ptex * 16 + 8);
            return true;
        }
    }
}

bool mmu_hpte_update_r(const struct mmu_htab *h, uint64_t ptex,
                       uint64_t match_mask, uint64_t match, uint64_t clear,
                       uint64_t set, uint64_t *old_r)
{
    uint64_t v, r;
    if (!mmu_hpte_read(h, ptex, &v, &r))
        return false;
    if (!(v & MMU_HPTE_V_V) || (v & match_mask) != match)
        return false;
    uint64_t *p1 = (uint64_t *)(void *)(h->base + ptex * 16 + 8);
    uint64_t cur = __builtin_bswap64(r);
    for (;;) {
        uint64_t cr = __builtin_bswap64(cur);
        uint64_t nr = (cr & ~clear) | set;
        if (__atomic_compare_exchange_n(p1, &cur, __builtin_bswap64(nr), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            *old_r = cr;
            return true;
        }
    }
}

static int penc_of(unsigned base, unsigned actual)
{
    for (size_t i = 0; i < N_PSIZES; i++)
        if (hash_psizes[i].base == base && hash_psizes[i].actual == actual)
            return hash_psizes[i].penc;
    return -1;
}

uint64_t mmu_hpte_encode_v(uint64_t vpn, unsigned base_shift,
                           unsigned actual_shift, unsigned ssize_1t)
{
    uint64_t avpnm = base_shift <= 23 ? 0 : (1ull << (base_shift - 23)) - 1;
    uint64_t v = ((vpn >> 11) & ~avpnm) << MMU_HPTE_V_AVPN_SHIFT;
    v &= MMU_HPTE_V_AVPN;
    v |= (uint64_t)(ssize_1t & 3) << MMU_HPTE_V_B_SHIFT;
    if (actual_shift != 12)
        v |= MMU_HPTE_V_L;
    return v;
}

uint64_t mmu_hpte_encode_r(uint64_t pa, unsigned base_shift,
                           unsigned actual_shift)
{
    if (actual_shift == 12)
        return pa & MMU_HPTE_R_RPN;
    int penc = penc_of(base_shift, actual_shift);
    if (penc < 0 || actual_shift >= 64)
        return pa & MMU_HPTE_R_RPN;
    return (pa & ~((1ull << actual_shift) - 1) & MMU_HPTE_R_RPN) |
           ((uint64_t)penc << MMU_HPTE_R_LP_SHIFT);
}

bool mmu_hash_tlbie_matches(const struct mmu_tlbi *op,
                            const struct mmu_tlb_tag *t)
{
    if (t->kind != MMU_KIND_HASH)
        return false;
    unsigned is = (unsigned)(op->rb >> 10) & 3;
    if (is != 0)
        return true;
    /* IS=0: RB holds VA bits (the low 48 of the 64 the tag keeps) of the
     * page; below 4K (L=0) or 1M (L=1: LP encoding and AVAL) RB holds
     * fields, not address bits. */
    unsigned gran = (op->rb & 1) ? 20 : 12;
    if (t->page_shift > gran)
        gran = t->page_shift;
    if (gran >= 48)
        return true;
    uint64_t m48 = (1ull << 48) - 1;
    return ((t->va & m48) >> gran) == ((op->rb & m48) >> gran);
}

bool mmu_hpte_va(const struct mmu_htab *h, uint64_t ptex, uint64_t v,
                 uint64_t r, uint64_t *va, unsigned *actual_shift)
{
    unsigned base, actual;
    if (ptex >= mmu_htab_entries(h))
        return false;
    if ((v >> MMU_HPTE_V_B_SHIFT) > MMU_SLB_B_1T)
        return false;
    if (!mmu_hpte_page_shifts(v, r, &base, &actual))
        return false;
    bool t1 = (v >> MMU_HPTE_V_B_SHIFT) == MMU_SLB_B_1T;
    unsigned ss = t1 ? 40 : 28;
    uint64_t avpn = (v & MMU_HPTE_V_AVPN) >> MMU_HPTE_V_AVPN_SHIFT;
    uint64_t vsid = avpn >> (ss - 23);
    /* segment offset bits 23..ss-1 come from the AVPN */
    uint64_t off = (avpn & ((1ull << (ss - 23)) - 1)) << 23;
    if (base < 23) {
        /* the page-index bits under bit 23 come from the group number:
         * group = hash (or ~hash for H=1) mod the number of groups, at
         * least 2^11, which covers the 23 - base <= 11 bits needed */
        uint64_t group = ptex / 8;
        if (v & MMU_HPTE_V_H)
            group = ~group;
        uint64_t vh = t1 ? vsid ^ (vsid << 25) : vsid;
        uint64_t nbits = 23 - base;
        uint64_t low = (group ^ vh) & ((1ull << nbits) - 1);
        off |= low << base;
    }
    off &= ~((1ull << actual) - 1);
    *va = (vsid << ss) | off;
    *actual_shift = actual;
    return true;
}

bool mmu_hash_va_matches(uint64_t va, unsigned shift,
                         const struct mmu_tlb_tag *t)
{
    if (t->kind != MMU_KIND_HASH)
        return false;
    return mmu_same_block(t->va, t->page_shift, va, shift);
}
