/* engine/mmu-hash.h: hashed page table translation for a PAPR guest (Power
 * ISA 2.06-3.0 Book III 5.7.7 "Virtual to Real Translation": segment ->
 * virtual address -> HPTE group search), page protection (5.7.9: PP with
 * Ks/Kp, no-execute, guarded; virtual page class keys with AMR/IAMR), R/C
 * recording (5.7.10), plus the HPTE format helpers and the slot insertion
 * the machine's H_ENTER uses. The HPT itself belongs to the machine (the
 * hypervisor): here it is a host memory region of htab_size bytes holding
 * big-endian HPTEs in the pre-ISA-3.0 layout PAPR guests use (H_ENTER and
 * H_READ take and return that layout; B lives in doubleword 0).
 *
 * HPTE doubleword 0: B(0:1) AVPN(2:56) SW(57:60) L(61) H(62) V(63)
 * HPTE doubleword 1: PP0(0) TS(1) KEY0:1(2:3) ARPN(4:51, LP = 44:51)
 *                    KEY2:4(52:54) R(55) C(56) WIMG(57:60) N(61) PP(62:63)
 *
 * Page sizes (base from the SLB's L||LP, actual from the HPTE's L and LP),
 * the encodings POWER7..POWER9 report in ibm,segment-page-sizes:
 *   base 4K  (SLB L=0):        4K (L=0), 64K (LP ....0111), 16M (LP 0x38)
 *   base 64K (SLB L=1 LP=01):  64K (LP ....0001), 16M (LP 0x08)
 *   base 16M (SLB L=1 LP=00):  16M (LP 0x00)
 *   base 16G (SLB L=1 LP=10):  16G (LP 0x03)
 * The hash uses the segment's base page size; the AVPN compare ignores VA
 * bits inside the actual page.
 */
#ifndef PSERIES_ENGINE_MMU_HASH_H
#define PSERIES_ENGINE_MMU_HASH_H

#include "mmu-common.h"
#include "mmu-slb.h"

struct mmu_tlbi;                /* mmu-radix.h */

#define MMU_HPTE_V_B_SHIFT  62
#define MMU_HPTE_V_AVPN     0x3FFFFFFFFFFFFF80ull
#define MMU_HPTE_V_AVPN_SHIFT 7
#define MMU_HPTE_V_SW       0x0000000000000078ull
#define MMU_HPTE_V_BOLTED   0x0000000000000010ull   /* Linux's SW bit */
#define MMU_HPTE_V_L        0x0000000000000004ull
#define MMU_HPTE_V_H        0x0000000000000002ull
#define MMU_HPTE_V_V        0x0000000000000001ull

#define MMU_HPTE_R_PP0      0x8000000000000000ull
#define MMU_HPTE_R_TS       0x4000000000000000ull
#define MMU_HPTE_R_KEY_HI   0x3000000000000000ull
#define MMU_HPTE_R_RPN      0x0FFFFFFFFFFFF000ull
#define MMU_HPTE_R_LP_SHIFT 12
#define MMU_HPTE_R_KEY_LO   0x0000000000000E00ull
#define MMU_HPTE_R_R        0x0000000000000100ull
#define MMU_HPTE_R_C        0x0000000000000080ull
#define MMU_HPTE_R_WIMG     0x0000000000000078ull
#define MMU_HPTE_R_G        0x0000000000000008ull
#define MMU_HPTE_R_I        0x0000000000000020ull
#define MMU_HPTE_R_N        0x0000000000000004ull
#define MMU_HPTE_R_PP       0x0000000000000003ull

#define MMU_HTAB_MIN_SIZE   (1ull << 18)     /* 256 KB: 2048 groups */
#define MMU_HTAB_MAX_SIZE   (1ull << 46)
#define MMU_HPTEG_SIZE      128              /* 8 HPTEs of 16 bytes */

/* The hashed page table as the walkers see it. */
struct mmu_htab {
    uint8_t *base;           /* host address, 8-byte aligned; NULL: none */
    uint64_t size;           /* bytes, a power of 2 in [256K, 2^46] */
};

static inline bool mmu_htab_valid(const struct mmu_htab *h)
{
    return h->base && !((uintptr_t)h->base & 7) &&
           h->size >= MMU_HTAB_MIN_SIZE &&
           h->size <= MMU_HTAB_MAX_SIZE && !(h->size & (h->size - 1));
}
static inline uint64_t mmu_htab_entries(const struct mmu_htab *h)
{
    return mmu_htab_valid(h) ? h->size / 16 : 0;
}

/* What a hash translation depends on. */
struct mmu_hash_ctx {
    const struct mmu_slb *slb;
    struct mmu_htab htab;
    bool pr;                 /* MSR[PR] */
    uint64_t amr, iamr;
};

/* Base page shift of a segment from its SLB VSID word (12, 16, 24, 34), or
 * 0 for the reserved L||LP = 1||11. */
unsigned mmu_slb_base_shift(uint64_t vsid_word);

/* Actual page shift of an HPTE in a segment with base page shift 'base'
 * (0 when the HPTE's L/LP encoding is not valid for that base). */
unsigned mmu_hpte_actual_shift(uint64_t v, uint64_t r, unsigned base);

/* Decode L/LP without a segment: base and actual shift of the first
 * (base, actual) pair the encoding is valid for; false if none. For H_ENTER
 * validation. */
bool mmu_hpte_page_shifts(uint64_t v, uint64_t r, unsigned *base,
                          unsigned *actual);

/* The primary hash (Book III 5.7.7.3) of ea in a segment, 39 bits; the
 * secondary hash is its complement. */
uint64_t mmu_hash_primary(const struct mmu_slbe *slbe, uint64_t ea,
                          unsigned base_shift);

/* Low 64 bits of the 78-bit virtual address of ea in the segment, and the
 * AVPN (VA bits 0:54 = VA >> 23) the HPTEs of that page carry. */
uint64_t mmu_hash_va(const struct mmu_slbe *slbe, uint64_t ea);
uint64_t mmu_hash_avpn(const struct mmu_slbe *slbe, uint64_t ea);

/* Search the two HPTE groups of ea: the index of the matching HPTE and its
 * two doublewords (host order), or -1. */
int64_t mmu_hash_search(const struct mmu_htab *h, const struct mmu_slbe *slbe,
                        uint64_t ea, uint64_t *v, uint64_t *r,
                        unsigned *actual_shift);

/* Translate ea for the access. 0 and *out, or -1 and *f. Sets R (and C on
 * a store) in the HPTE, atomically. */
int mmu_hash_xlate(const struct mmu_hash_ctx *ctx, uint64_t ea,
                   enum mmu_access acc, struct mmu_xlate *out,
                   struct mmu_fault *f);

/* ---- HPTE helpers for the machine (H_ENTER, H_REMOVE, H_READ, ...) ---- */

/* Read HPTE ptex (host order). false if ptex is outside the table. */
bool mmu_hpte_read(const struct mmu_htab *h, uint64_t ptex, uint64_t *v,
                   uint64_t *r);
/* Write HPTE ptex: doubleword 1 first, then doubleword 0 with release
 * order, so a concurrent search never sees a new V with an old RPN. */
bool mmu_hpte_write(const struct mmu_htab *h, uint64_t ptex, uint64_t v,
                    uint64_t r);

enum mmu_hpte_status {
    MMU_HPTE_OK = 0,
    MMU_HPTE_PARAM = -1,     /* H_PARAMETER: bad index or encoding */
    MMU_HPTE_FULL = -2,      /* H_PTEG_FULL: no free slot */
};

/* H_ENTER's slot choice: exact -> slot ptex must be free; otherwise the
 * first free slot of ptex's group. v must have V=1, a defined B and a valid
 * L/LP encoding (the RPN's range is the machine's to check). A slot is free
 * when V=0 (removers should store 0 in doubleword 0). Claims the slot
 * atomically against concurrent inserters. *slot gets the index used. */
enum mmu_hpte_status mmu_hpte_insert(const struct mmu_htab *h, uint64_t ptex,
                                     uint64_t v, uint64_t r, bool exact,
                                     uint64_t *slot);

/* H_REMOVE / H_BULK_REMOVE primitive: atomically take HPTE ptex out of
 * the table (doubleword 0 := 0) if it is valid and (v & match_mask) ==
 * match (pass 0, 0 for no condition; H_AVPN is mask ~0x7f with the AVPN,
 * H_ANDCOND is mask = the AND bits with match 0). On success *v, *r get
 * the old contents (R/C as the walkers last set them) and true is
 * returned; the caller then invalidates (mmu_hpte_va +
 * mmu_hash_va_matches). */
bool mmu_hpte_remove(const struct mmu_htab *h, uint64_t ptex,
                     uint64_t match_mask, uint64_t match, uint64_t *v,
                     uint64_t *r);
/* H_PROTECT / H_CLEAR_REF / H_CLEAR_MOD primitive: doubleword 1 :=
 * (r & ~clear) | set, atomically against the walkers' R/C updates, if the
 * HPTE is valid and (v & match_mask) == match. Old r in *old_r. */
bool mmu_hpte_update_r(const struct mmu_htab *h, uint64_t ptex,
                       uint64_t match_mask, uint64_t match, uint64_t clear,
                       uint64_t set, uint64_t *old_r);

/* Linux's hpte_encode_v / hpte_encode_r for a page (vpn = VA >> 12),
 * without V: for the machine's tests and VRMA setup. */
uint64_t mmu_hpte_encode_v(uint64_t vpn, unsigned base_shift,
                           unsigned actual_shift, unsigned ssize_1t);
uint64_t mmu_hpte_encode_r(uint64_t pa, unsigned base_shift,
                           unsigned actual_shift);

/* tlbie/tlbiel with R=0 (hash forms: IS=0 one page by VA, other IS all). */
bool mmu_hash_tlbie_matches(const struct mmu_tlbi *op,
                            const struct mmu_tlb_tag *t);
/* The virtual address (low 64 bits, page aligned) and actual page shift
 * of the page HPTE ptex maps, rebuilt from its AVPN and the group it sits
 * in (the hash gives the VA bits the AVPN leaves out), as a hypervisor does
 * for the tlbie after H_REMOVE/H_PROTECT. false for an undecodable HPTE. */
bool mmu_hpte_va(const struct mmu_htab *h, uint64_t ptex, uint64_t v,
                 uint64_t r, uint64_t *va, unsigned *actual_shift);
/* Must the soft-TLB entry go when the page at (va, shift) is invalidated? */
bool mmu_hash_va_matches(uint64_t va, unsigned shift,
                         const struct mmu_tlb_tag *t);

#endif
