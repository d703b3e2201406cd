/* engine/mmu-radix.h: ISA 3.0 radix translation for a guest in LPAR mode
 * (MSR[HV]=0): the process-scoped walk from effective address to guest
 * real (= guest physical) address, storage protection by the PTE's EAA and
 * AMR/IAMR key 0, R/C recording, and the tlbie/tlbiel invalidation rules as
 * a predicate over soft-TLB tags. The partition-scoped level belongs to the
 * hypervisor (the machine): guest physical memory is what mmu_mem reads.
 *
 * Book III references are to Power ISA 3.0B, chapter 5 "Storage Control"
 * (5.7.6 process table, 5.7.10 radix tree translation, 5.7.12 R/C, 5.7.13
 * storage protection) and 5.9.3 (tlbie/tlbiel).
 *
 * Choices where the ISA leaves a choice (written here once):
 *  - R/C: POWER9 sets R and C itself for process-scoped translations, so
 *    MMU_RC_HARDWARE (default) updates the PTE with an atomic compare and
 *    swap (R on every access, C on stores; a page whose C is clear is
 *    returned without write permission so the first store walks again).
 *    MMU_RC_FAULT instead raises DSI/ISI with DSISR[45] (SET_RC).
 *  - A page-directory base that is not aligned to its table's size, an NLS
 *    below 5, a level leaving fewer than 12 offset bits and a leaf whose
 *    size is not 4K/64K/2M/1G are "unsupported radix configuration":
 *    DSISR[44] / SRR1[44] (the ISA leaves misalignment undefined).
 *  - AMR/IAMR key 0 is applied to privileged (MSR[PR]=0) accesses to
 *    non-privileged pages (EAA[0]=0), as POWER9 does for Linux's KUAP/KUEP
 *    (AMR bit 0 store, bit 1 load, IAMR bit 1 fetch; KVM's radix xlate
 *    applies the same rule). Radix PTEs carry no key field. A denial is
 *    reported as a virtual page class key violation, DSISR[42] /
 *    SRR1[42] (MMU_RADIX_KEY_FAULT), where the ISA puts radix key 0; QEMU
 *    and KVM's nested-guest code fold it into the permissions and report
 *    DSISR[36] / SRR1[35] instead (Linux treats both the same).
 *  - Instruction fetch refused by the EAA or from a non-idempotent I/O
 *    page (ATT=0b10) sets SRR1[35].
 */
#ifndef PSERIES_ENGINE_MMU_RADIX_H
#define PSERIES_ENGINE_MMU_RADIX_H

#include "mmu-common.h"

/* Process table entry doubleword 0 (PRTB). */
#define MMU_PRTE_RTS1_SHIFT 61
#define MMU_PRTE_RTS2_SHIFT 5
#define MMU_PRTE_RPDB       0x0FFFFFFFFFFFFF00ull
#define MMU_PRTE_RPDS       0x000000000000001Full

/* Page directory / table entry. */
#define MMU_RPTE_V          0x8000000000000000ull   /* bit 0 valid */
#define MMU_RPTE_L          0x4000000000000000ull   /* bit 1 leaf */
#define MMU_RPDE_NLB        0x0FFFFFFFFFFFFF00ull   /* bits 4:55 */
#define MMU_RPDE_NLS        0x000000000000001Full   /* bits 59:63 */
#define MMU_RPTE_RPN        0x01FFFFFFFFFFF000ull   /* bits 7:51 */
#define MMU_RPTE_R          0x0000000000000100ull   /* bit 55 */
#define MMU_RPTE_C          0x0000000000000080ull   /* bit 56 */
#define MMU_RPTE_ATT        0x0000000000000030ull   /* bits 58:59 */
#define MMU_RPTE_ATT_NI_IO  0x0000000000000020ull
#define MMU_RPTE_EAA_PRIV   0x0000000000000008ull   /* bit 60 */
#define MMU_RPTE_EAA_READ   0x0000000000000004ull   /* bit 61 */
#define MMU_RPTE_EAA_RW     0x0000000000000002ull   /* bit 62 */
#define MMU_RPTE_EAA_EXEC   0x0000000000000001ull   /* bit 63 */

enum mmu_rc_policy { MMU_RC_HARDWARE = 0, MMU_RC_FAULT = 1 };

/* DSISR/SRR1 bits of a key-0 (AMR/IAMR) denial, see above. */
#define MMU_RADIX_KEY_FAULT MMU_DSISR_KEY

/* What a radix translation depends on. */
struct mmu_radix_ctx {
    uint64_t prtb;           /* process table base (guest physical), as
                              * registered by H_REGISTER_PROC_TBL */
    uint64_t prtb_size;      /* its size in bytes (2^(12+size field)); 0:
                              * none registered */
    uint32_t pidr;           /* PIDR, used for quadrant 0 */
    bool pr;                 /* MSR[PR] */
    uint64_t amr, iamr;
    enum mmu_rc_policy rc;
};

/* Result of a bare tree walk. */
struct mmu_radix_walk {
    uint64_t pte;            /* the leaf PTE (host order) */
    uint64_t pte_addr;       /* its guest physical address */
    uint64_t ra;             /* real address of ea */
    unsigned page_shift;
    unsigned levels;         /* number of entries read, root = 1 */
};

/* Translate ea for the access. 0 and *out filled, or -1 and *f filled.
 * Never reads outside what m accepts; at most 10 table reads per walk. */
int mmu_radix_xlate(const struct mmu_radix_ctx *ctx, const struct mmu_mem *m,
                    uint64_t ea, enum mmu_access acc, struct mmu_xlate *out,
                    struct mmu_fault *f);

/* The tree walk alone, from process table entry doubleword 0: 0 and *w,
 * or -1 and *f (NOPTE, BADCONFIG, segment, MCHECK). No protection check,
 * no R/C update. */
int mmu_radix_walk(const struct mmu_mem *m, uint64_t prte0, uint64_t ea,
                   enum mmu_access acc, struct mmu_radix_walk *w,
                   struct mmu_fault *f);

/* Radix tree size in bits from PRTE dw0 (RTS + 31). */
static inline unsigned mmu_radix_tree_bits(uint64_t prte0)
{
    return (unsigned)((((prte0 >> MMU_PRTE_RTS1_SHIFT) & 3) << 3) |
                      ((prte0 >> MMU_PRTE_RTS2_SHIFT) & 7)) + 31;
}

/* ---- TLB invalidation (Book III 5.9.3.3 tlbie, 5.9.3.2 tlbiel) -------- */

/* One tlbie/tlbiel as executed: the RB and RS register values and the
 * RIC, PRS, R fields of the instruction. */
struct mmu_tlbi {
    uint64_t rb, rs;
    uint8_t ric, prs, r;
    bool local;              /* tlbiel */
};

/* Radix AP field (RB bits 56:58) to page shift: 0 -> 12, 5 -> 16, 1 -> 21,
 * 2 -> 30 (Linux's ibm,processor-radix-AP-encodings); 0 if unknown. */
unsigned mmu_radix_ap_shift(unsigned ap);

/* Must the soft-TLB entry with this tag be dropped by the instruction?
 * Exact for the forms Linux uses, conservative (drops more) for reserved
 * or invalid forms. RIC=1 invalidates only the page-walk cache, which the
 * engine does not have, so it drops no TLB entry. R=0 forms are the hash
 * ones (mmu_hash_tlbie_matches). */
bool mmu_tlbie_matches(const struct mmu_tlbi *op, const struct mmu_tlb_tag *t);

#endif
