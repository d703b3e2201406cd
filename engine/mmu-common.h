/* engine/mmu-common.h: types shared by the Power MMU translation modules
 * (mmu-radix, mmu-hash, mmu-slb, mmu-real): access kinds, the result of a
 * translation, the architected fault a failed one raises (DSISR / SRR1
 * bits, Book III "Data Storage Interrupt" / "Instruction Storage
 * Interrupt"), the tag the engine keeps with each soft-TLB entry so that
 * tlbie/slbie can be applied precisely, and the guest-physical memory
 * callbacks the walkers read page tables through. Pure declarations and
 * tiny inline helpers; no state. The engine's translate hook (engine/mem.c,
 * the core's) calls the walkers and turns an mmu_fault into the interrupt.
 */
#ifndef PSERIES_ENGINE_MMU_COMMON_H
#define PSERIES_ENGINE_MMU_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Same values as enum ppc_access in cpu.h (load, store, instruction fetch). */
enum mmu_access { MMU_ACC_READ = 0, MMU_ACC_WRITE = 1, MMU_ACC_EXEC = 2 };

/* Permission bits of a translation. */
#define MMU_PROT_READ  0x1u
#define MMU_PROT_WRITE 0x2u
#define MMU_PROT_EXEC  0x4u

/* Which interrupt a failed translation raises. */
enum mmu_exc {
    MMU_EXC_NONE = 0,
    MMU_EXC_DSI,     /* Data Storage, 0x300: DAR = dar, DSISR = dsisr */
    MMU_EXC_ISI,     /* Instruction Storage, 0x400: SRR1 |= srr1 */
    MMU_EXC_DSEG,    /* Data Segment, 0x380: DAR = dar */
    MMU_EXC_ISEG,    /* Instruction Segment, 0x480 */
    MMU_EXC_MCHECK,  /* a page-table / process-table read or R/C update hit
                      * a guest physical address that is not guest memory
                      * (gpa); the machine decides (machine check) */
};

/* DSISR bits (ISA bit n of the 32-bit DSISR, which is SPR bits 32:63, is
 * host bit 63-n; the masks are the same as Linux's asm/reg.h). ISI sets the
 * same positions in SRR1 (bits 33..47), so these masks serve as SRR1 bits
 * too. */
#define MMU_DSISR_NOPTE     0x40000000u  /* bit 33: no translation (HPTE/PTE) */
#define MMU_SRR1_NOEXEC_G   0x10000000u  /* bit 35 (ISI): no-execute or guarded */
#define MMU_DSISR_PROT      0x08000000u  /* bit 36: storage protection */
#define MMU_DSISR_STORE     0x02000000u  /* bit 38: the access was a store */
#define MMU_DSISR_KEY       0x00200000u  /* bit 42: storage key (AMR/IAMR) */
#define MMU_DSISR_BADCONFIG 0x00080000u  /* bit 44: unsupported radix config */
#define MMU_DSISR_SET_RC    0x00040000u  /* bit 45: R/C update failed/needed */

struct mmu_fault {
    enum mmu_exc exc;
    uint32_t dsisr;          /* MMU_EXC_DSI */
    uint32_t srr1;           /* MMU_EXC_ISI: bits to OR into SRR1 */
    uint64_t dar;            /* DSI / DSEG: the effective address */
    uint64_t gpa;            /* MCHECK: the guest physical address */
};

/* Kind of translation a soft-TLB entry came from. */
enum mmu_kind { MMU_KIND_REAL = 0, MMU_KIND_RADIX = 1, MMU_KIND_HASH = 2 };

/* What the engine stores with a TLB entry so invalidations can be matched:
 * filled by every successful translation. */
struct mmu_tlb_tag {
    uint64_t ea;             /* the effective address translated */
    uint64_t va;             /* hash: low 64 bits of the 78-bit VA of ea */
    uint32_t pid;            /* radix: PID used (0 for quadrant 3) */
    uint8_t page_shift;      /* log2 size of the page it belongs to */
    uint8_t kind;            /* enum mmu_kind */
    uint8_t segment_1t;      /* hash: 1 when the segment is 1 TB */
};

/* A successful translation. */
struct mmu_xlate {
    uint64_t ra;             /* real (guest physical) address of ea */
    uint8_t page_shift;      /* log2 of the page size (12, 16, 21, 24, 30, 34) */
    uint8_t prot;            /* MMU_PROT_*: accesses that may reuse this
                              * translation with no further walk (write only
                              * when the change bit is already set) */
    uint8_t att;             /* radix: ATT (PTE bits 58:59); hash: WIMG */
    struct mmu_tlb_tag tag;
};

/* Guest physical memory as the walkers see it. Page tables are big-endian
 * in guest memory; read64 returns the value in host order. */
struct mmu_mem {
    /* 0 and *val, or -1 if [gpa, gpa+8) is not guest memory. gpa is
     * 8-byte aligned. */
    int (*read64)(void *opaque, uint64_t gpa, uint64_t *val);
    /* Atomically replace the doubleword at gpa by new if it is old (host
     * order values): 0 done, 1 it was something else, -1 not memory. */
    int (*cas64)(void *opaque, uint64_t gpa, uint64_t old, uint64_t new_);
    void *opaque;
};

/* ---- a flat guest-memory region (guest RAM from 0), for the machine and
 * the tests: host pointer + size ----------------------------------------- */

struct mmu_flat_mem {
    uint8_t *base;           /* 8-byte aligned */
    uint64_t size;
};

static inline int mmu_flat_read64(void *opaque, uint64_t gpa, uint64_t *val)
{
    const struct mmu_flat_mem *m = opaque;
    if (gpa > m->size || m->size - gpa < 8 || (gpa & 7))
        return -1;
    uint64_t x = __atomic_load_n((const uint64_t *)(const void *)(m->base + gpa),
                                 __ATOMIC_ACQUIRE);
    *val = __builtin_bswap64(x);
    return 0;
}

static inline int mmu_flat_cas64(void *opaque, uint64_t gpa, uint64_t old,
                                 uint64_t new_)
{
    const struct mmu_flat_mem *m = opaque;
    if (gpa > m->size || m->size - gpa < 8 || (gpa & 7))
        return -1;
    uint64_t exp = __builtin_bswap64(old);
    bool ok = __atomic_compare_exchange_n(
        (uint64_t *)(void *)(m->base + gpa), &exp, __builtin_bswap64(new_),
        false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return ok ? 0 : 1;
}

static inline struct mmu_mem mmu_flat_mem_ops(struct mmu_flat_mem *m)
{
    struct mmu_mem ops = { mmu_flat_read64, mmu_flat_cas64, m };
    return ops;
}

/* Fill a fault for a storage interrupt of the access. */
static inline void mmu_fault_storage(struct mmu_fault *f, uint64_t ea,
                                     enum mmu_access acc, uint32_t bits)
{
    f->gpa = 0;
    if (acc == MMU_ACC_EXEC) {
        f->exc = MMU_EXC_ISI;
        f->srr1 = bits;
        f->dsisr = 0;
        f->dar = 0;
    } else {
        f->exc = MMU_EXC_DSI;
        f->dsisr = bits | (acc == MMU_ACC_WRITE ? MMU_DSISR_STORE : 0);
        f->srr1 = 0;
        f->dar = ea;
    }
}

/* Fill a fault for a segment interrupt (no SLB entry, or an EA outside the
 * radix tree's range / in a quadrant the guest may not use). */
static inline void mmu_fault_segment(struct mmu_fault *f, uint64_t ea,
                                     enum mmu_access acc)
{
    f->exc = acc == MMU_ACC_EXEC ? MMU_EXC_ISEG : MMU_EXC_DSEG;
    f->dsisr = 0;
    f->srr1 = 0;
    f->dar = acc == MMU_ACC_EXEC ? 0 : ea;
    f->gpa = 0;
}

static inline void mmu_fault_mcheck(struct mmu_fault *f, uint64_t ea,
                                    uint64_t gpa)
{
    f->exc = MMU_EXC_MCHECK;
    f->dsisr = 0;
    f->srr1 = 0;
    f->dar = ea;
    f->gpa = gpa;
}

/* Does the page of a tag overlap the naturally aligned block of 2^shift
 * bytes containing addr? (both sides aligned to the larger size) */
static inline bool mmu_same_block(uint64_t a, unsigned shift_a, uint64_t b,
                                  unsigned shift_b)
{
    unsigned s = shift_a > shift_b ? shift_a : shift_b;
    if (s >= 64)
        return true;
    return (a >> s) == (b >> s);
}

#endif
