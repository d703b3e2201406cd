/* engine/mmu-slb.h: the Segment Lookaside Buffer of a hash-MMU vCPU
 * (Power ISA 3.0B Book III 5.7.8 "Segment Lookaside Buffer", 5.9.3.1 SLB
 * management instructions): the array of entries and the semantics of
 * slbmte, slbmfee, slbmfev, slbie, slbia, slbfee. and the lookup the hash
 * walker uses. One struct per vCPU, owned by the engine; no global state.
 *
 * Entries are kept in the register formats the instructions use:
 *   esid word: ESID (bits 0:35) | V (bit 36, 0x08000000)
 *   vsid word: B (0:1) | VSID (2:51) | Ks Kp N L C (52:56) | LP (58:59)
 */
#ifndef PSERIES_ENGINE_MMU_SLB_H
#define PSERIES_ENGINE_MMU_SLB_H

#include "mmu-common.h"

#define MMU_SLB_MAX       64
#define MMU_SLB_DEFAULT   32

#define MMU_SLB_ESID_V    0x0000000008000000ull
#define MMU_SLB_ESID_256M 0xFFFFFFFFF0000000ull
#define MMU_SLB_ESID_1T   0xFFFFFF0000000000ull
#define MMU_SLB_B_SHIFT   62
#define MMU_SLB_B_256M    0ull
#define MMU_SLB_B_1T      1ull
#define MMU_SLB_VSID_MASK 0x3FFFFFFFFFFFF000ull   /* bits 2:51 */
#define MMU_SLB_KS        0x0000000000000800ull
#define MMU_SLB_KP        0x0000000000000400ull
#define MMU_SLB_N         0x0000000000000200ull
#define MMU_SLB_L         0x0000000000000100ull
#define MMU_SLB_C         0x0000000000000080ull
#define MMU_SLB_LP        0x0000000000000030ull
/* Bits slbmte keeps from RS. */
#define MMU_SLB_VSID_WORD (0xC000000000000000ull | MMU_SLB_VSID_MASK | \
                           MMU_SLB_KS | MMU_SLB_KP | MMU_SLB_N | MMU_SLB_L | \
                           MMU_SLB_C | MMU_SLB_LP)

struct mmu_slbe {
    uint64_t esid;
    uint64_t vsid;
};

struct mmu_slb {
    unsigned size;                   /* entries in use: 1..MMU_SLB_MAX */
    struct mmu_slbe e[MMU_SLB_MAX];
};

/* Empty SLB of 'size' entries (clamped to 1..MMU_SLB_MAX). */
void mmu_slb_init(struct mmu_slb *slb, unsigned size);

/* slbmte RS,RB: entry RB[52:63] := (RB ESID|V, RS). Returns 0, or -1 if
 * the index is outside the SLB (the entry is then not written; the ISA
 * leaves this undefined). */
int mmu_slbmte(struct mmu_slb *slb, uint64_t rs, uint64_t rb);
/* slbmfee / slbmfev RT,RB: the ESID / VSID word of entry RB[52:63] (0 for
 * an index outside the SLB). */
uint64_t mmu_slbmfee(const struct mmu_slb *slb, uint64_t rb);
uint64_t mmu_slbmfev(const struct mmu_slb *slb, uint64_t rb);
/* slbie RB: invalidate the entry translating ESID RB[0:35] with segment
 * size RB[37:38]. Returns true if one was valid (the engine drops its
 * soft-TLB entries of that segment in any case: mmu_slbie_matches). */
bool mmu_slbie(struct mmu_slb *slb, uint64_t rb);
/* slbia IH: IH=0,1,2: all entries but entry 0; IH=3: entries with C=1
 * (entry 0 included); IH=4: all entries; IH=7: none (only lookaside
 * information). Other values act as 0. The engine flushes its whole soft
 * TLB of hash entries afterwards. */
void mmu_slbia(struct mmu_slb *slb, unsigned ih);
/* slbfee. RT,RB: true and *rt = the VSID word of the entry translating EA
 * RB (CR0[EQ]=1), or false and *rt = 0. */
bool mmu_slbfee(const struct mmu_slb *slb, uint64_t rb, uint64_t *rt);

/* The valid entry translating ea, or NULL (segment fault). Entries with a
 * reserved B (0b10, 0b11) never match. */
const struct mmu_slbe *mmu_slb_lookup(const struct mmu_slb *slb, uint64_t ea);

static inline unsigned mmu_slbe_b(const struct mmu_slbe *e)
{
    return (unsigned)(e->vsid >> MMU_SLB_B_SHIFT);
}

/* Should a soft-TLB entry go when slbie RB ran? (hash entries whose EA is
 * in the segment). */
bool mmu_slbie_matches(uint64_t rb, const struct mmu_tlb_tag *t);

#endif
