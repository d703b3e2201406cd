/* engine/mmu-slb.c: SLB management instructions over a per-vCPU SLB array
 * (Power ISA 3.0B Book III 5.7.8, 5.9.3.1); see mmu-slb.h. */
#include "mmu-slb.h"

void mmu_slb_init(struct mmu_slb *slb, unsigned size)
{
    if (size == 0)
        size = 1;
    if (size > MMU_SLB_MAX)
        size = MMU_SLB_MAX;
    slb->size = size;
    for (unsigned i = 0; i < MMU_SLB_MAX; i++)
        slb->e[i].esid = slb->e[i].vsid = 0;
}

int mmu_slbmte(struct mmu_slb *slb, uint64_t rs, uint64_t rb)
{
    unsigned idx = (unsigned)(rb & 0xfff);
    if (idx >= slb->size)
        return -1;
    slb->e[idx].esid = rb & (MMU_SLB_ESID_256M | MMU_SLB_ESID_V);
    slb->e[idx].vsid = rs & MMU_SLB_VSID_WORD;
    return 0;
}

uint64_t mmu_slbmfee(const struct mmu_slb *slb, uint64_t rb)
{
    unsigned idx = (unsigned)(rb & 0xfff);
    return idx < slb->size ? slb->e[idx].esid : 0;
}

uint64_t mmu_slbmfev(const struct mmu_slb *slb, uint64_t rb)
{
    unsigned idx = (unsigned)(rb & 0xfff);
    return idx < slb->size ? slb->e[idx].vsid : 0;
}

static uint64_t esid_mask(unsigned b)
{
    return b == MMU_SLB_B_1T ? MMU_SLB_ESID_1T : MMU_SLB_ESID_256M;
}

static bool entry_translates(const struct mmu_slbe *e, uint64_t ea)
{
    if (!(e->esid & MMU_SLB_ESID_V))
        return false;
    unsigned b = mmu_slbe_b(e);
    if (b > MMU_SLB_B_1T)
        return false;
    uint64_t mask = esid_mask(b);
    return (e->esid & mask) == (ea & mask);
}

bool mmu_slbie(struct mmu_slb *slb, uint64_t rb)
{
    unsigned b = (unsigned)(rb >> 25) & 3;     /* RB bits 37:38 */
    bool hit = false;
    for (unsigned i = 0; i < slb->size; i++) {
        struct mmu_slbe *e = &slb->e[i];
        if (mmu_slbe_b(e) == b && entry_translates(e, rb)) {
            e->esid &= ~MMU_SLB_ESID_V;
            hit = true;
        }
    }
    return hit;
}

void mmu_slbia(struct mmu_slb *slb, unsigned ih)
{
    unsigned first = 1;
    bool class_only = false;
    switch (ih & 7) {
    case 7:
        return;
    case 3:
        first = 0;
        class_only = true;
        break;
    case 4:
        first = 0;
        break;
    default:
        break;
    }
    for (unsigned i = first; i < slb->size; i++) {
        if (class_only && !(slb->e[i].vsid & MMU_SLB_C))
            continue;
        slb->e[i].esid &= ~MMU_SLB_ESID_V;
    }
}

const struct mmu_slbe *mmu_slb_lookup(const struct mmu_slb *slb, uint64_t ea)
{
    for (unsigned i = 0; i < slb->size; i++)
        if (entry_translates(&slb->e[i], ea))
            return &slb->e[i];
    return NULL;
}

bool mmu_slbfee(const struct mmu_slb *slb, uint64_t rb, uint64_t *rt)
{
    const struct mmu_slbe *e = mmu_slb_lookup(slb, rb);
    *rt = e ? e->vsid : 0;
    return e != NULL;
}

bool mmu_slbie_matches(uint64_t rb, const struct mmu_tlb_tag *t)
{
    if (t->kind != MMU_KIND_HASH)
        return false;
    unsigned b = (unsigned)(rb >> 25) & 3;
    /* An entry from a 1T segment goes if the 256M-granular ESID would
     * find it too: compare at the larger of the two sizes. */
    uint64_t mask = (b == MMU_SLB_B_1T || t->segment_1t) ? MMU_SLB_ESID_1T
                                                         : MMU_SLB_ESID_256M;
    return (t->ea & mask) == (rb & mask);
}
