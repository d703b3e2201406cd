/* engine/interrupt.h: system mode of a vCPU (Power ISA 3.0B Book III): the
 * privileged state (SRRs, SPRGs, DAR/DSISR, LPCR as the hypervisor sets
 * it, decrementer, MMU context), interrupt delivery as chapter 7
 * "Interrupts" says (SRR0/SRR1, new MSR, vectors, LPCR[AIL] relocation),
 * and the calls the machine (or a test harness) uses to drive a vCPU in
 * system mode. A vCPU without system mode (cpu->sys == NULL) keeps the
 * user-mode behaviour: every exception is an exit. The guest always runs
 * in LPAR mode (MSR[HV]=0). Files: interrupt.c (delivery, rfid, state),
 * system.c (MSR and privileged instruction semantics), spr-priv.c
 * (privileged SPRs), timer.c (timebase, decrementer), mmu-glue.c
 * (translation). */
#ifndef PSERIES_ENGINE_INTERRUPT_H
#define PSERIES_ENGINE_INTERRUPT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "insn.h"
#include "mmu-common.h"
#include "mmu-hash.h"
#include "mmu-slb.h"
#include "partition.h"
#include "pmu.h"

/* Interrupt vectors (offsets; Book III 7.5). */
enum ppc_vector {
    PPC_VEC_SRESET = 0x100, PPC_VEC_MCHECK = 0x200, PPC_VEC_DSI = 0x300,
    PPC_VEC_DSEG = 0x380, PPC_VEC_ISI = 0x400, PPC_VEC_ISEG = 0x480,
    PPC_VEC_EXT = 0x500, PPC_VEC_ALIGN = 0x600, PPC_VEC_PROGRAM = 0x700,
    PPC_VEC_FPU = 0x800, PPC_VEC_DEC = 0x900, PPC_VEC_DBELL = 0xa00,
    PPC_VEC_SC = 0xc00, PPC_VEC_TRACE = 0xd00, PPC_VEC_PERFMON = 0xf00,
    PPC_VEC_VMX = 0xf20, PPC_VEC_VSX = 0xf40, PPC_VEC_FAC = 0xf60,
    PPC_VEC_SCV = 0x17000,   /* + LEV * 0x20 */
};

/* SRR1 bits of a program interrupt (ISA bit n = 1 << (63 - n)). */
#define PPC_SRR1_PREFIXED  (1ull << 29)   /* bit 34: prefixed insn (3.1) */
#define PPC_SRR1_PROG_FP   (1ull << 20)   /* bit 43 */
#define PPC_SRR1_PROG_ILL  (1ull << 19)   /* bit 44 */
#define PPC_SRR1_PROG_PRIV (1ull << 18)   /* bit 45 */
#define PPC_SRR1_PROG_TRAP (1ull << 17)   /* bit 46 */
/* SRR1 bits of a trace interrupt (7.5.15): 33 always, 35/36 for a
 * traced load/store, 43 for a CIABR match. */
#define PPC_SRR1_TRACE       (1ull << 30)
#define PPC_SRR1_TRACE_LOAD  (1ull << 28)
#define PPC_SRR1_TRACE_STORE (1ull << 27)
#define PPC_SRR1_TRACE_CIABR (1ull << 20)
/* DSISR[41]: a DAWR (data address watchpoint) match. */
#define PPC_DSISR_DAWR 0x00400000u
/* SRR1 bit of a machine check caused by a load or store (bit 42). */
#define PPC_SRR1_MC_LOADSTORE (1ull << 21)
/* DSISR[37]: larx/stcx. or a cache-block access to caching-inhibited
 * storage (MMIO). */
#define PPC_DSISR_BADACCESS 0x04000000u
/* MSR bits that SRR1 does not copy (33:36, 42:47): interrupt-specific. */
#define PPC_SRR1_CAUSE_MASK 0x783f0000ull

/* LPCR fields (as Linux's asm/reg.h names them). */
#define PPC_LPCR_ILE   (1ull << 25)       /* bit 38 */
#define PPC_LPCR_AIL   (3ull << 23)       /* bits 39:40 */
#define PPC_LPCR_UPRT  (1ull << 22)       /* bit 41 */
#define PPC_LPCR_HR    (1ull << 20)       /* bit 43 */
#define PPC_LPCR_LD    (1ull << 17)       /* bit 46: large decrementer */
#define PPC_LPCR_LPES  (3ull << 2)        /* bits 60:61 */

/* FSCR facility bits and the interruption cause field. */
#define PPC_FSCR_SCV   (1ull << 12)
#define PPC_FSCR_IC_SHIFT 56
#define PPC_FSCR_IC_SCV 12
#define PPC_FSCR_IC_PM 3          /* performance monitor SPRs (PMCC) */

/* Pending asynchronous interrupts (struct ppc_sys.pending). */
#define PPC_IRQ_EXT    0x1u    /* external (level, from the machine) */
#define PPC_IRQ_DEC    0x2u    /* decrementer exception */
#define PPC_IRQ_DBELL  0x4u    /* directed privileged doorbell */
#define PPC_IRQ_SRESET 0x8u    /* system reset (NMI) */
#define PPC_IRQ_WORK   0x10u   /* not an interrupt: requests from other
                                  vCPUs to apply (partition.h) */
#define PPC_IRQ_PMU    0x20u   /* performance monitor (MMCR0[PMAO]; set
                                  only by the vCPU itself, pmu.h) */

/* Partition-table entry doubleword 1 as H_REGISTER_PROC_TBL sets it. */
#define PPC_PATE1_GR   (1ull << 63)       /* guest uses radix */
#define PPC_PATE1_PRTB 0x0FFFFFFFFFFFF000ull
#define PPC_PATE1_PRTS 0x1Full

/* Physical ranges the machine owns (MMIO): guest physical addresses
 * outside RAM, reached by real-mode or translated loads and stores. Called
 * on the vCPU's thread, one naturally aligned access of 1, 2, 4 or 8
 * bytes at a time (the engine splits others); 'val' holds the bytes at
 * pa..pa+size-1 with the byte at pa least significant (as a little-endian
 * load of them would see them), whatever the guest's byte order. Return
 * PPC_MMIO_OK, or PPC_MMIO_MCHECK (nothing answers: the guest takes a
 * machine check, SRR1[42] load/store, DAR = EA) or PPC_MMIO_DSI (refused:
 * data storage interrupt, DSISR[36]). larx/stcx. to such a page is a DSI
 * with DSISR[37]; an instruction fetch from one a machine check. */
struct ppc_mmio_ops {
    int (*read)(void *opaque, struct ppc_cpu *cpu, uint64_t pa,
                unsigned size, uint64_t *val);
    int (*write)(void *opaque, struct ppc_cpu *cpu, uint64_t pa,
                 unsigned size, uint64_t val);
};
#define PPC_MMIO_OK      0
#define PPC_MMIO_MCHECK (-1)
#define PPC_MMIO_DSI    (-2)

/* Guest memory as system mode sees it: RAM from guest physical 0, and
 * the machine's MMIO hook for the rest (NULL: accesses outside RAM stay
 * exits for the machine, DATA_FAULT / INSN_FAULT). */
struct ppc_sys_config {
    uint8_t *ram;            /* host address of guest physical 0 */
    uint64_t ram_size;
    uint64_t rma_size;       /* hash real-mode limit; 0 = none */
    uint32_t pir;            /* processor id (PIR) */
    uint32_t pvr;            /* 0: the model's */
    const struct ppc_mmio_ops *mmio;
    void *mmio_opaque;
};

/* Code translation cache: effective page -> host page of the code the
 * block lookup checks a cached block against (tag = EA page, | 2 in real
 * mode). Unlike the soft TLB it survives MSR changes; invalidations drop
 * it as they drop the TLB. */
#define PPC_CTC_SIZE 256
struct ppc_ctc_entry {
    uint64_t tag;
    uintptr_t host;
};

/* The soft TLB keeps entries for this many AMR values at once (Linux
 * switches the AMR on every kernel entry and user access, KUAP). */
#define PPC_AMR_SLOTS 4

/* Privileged state of one vCPU (owned by its thread, except 'pending',
 * which other threads set atomically, the cede lock, and 'xq', the
 * requests of other vCPUs: partition.h). */
struct ppc_sys {
    uint64_t srr0, srr1;
    uint64_t sprg[4];
    uint64_t dar;
    uint32_t dsisr;
    uint32_t pir, pvr, compat_pvr;
    uint64_t cfar;
    uint64_t lpcr;
    uint64_t amr, iamr, uamor;
    /* AMR values the soft TLB holds entries for (ppc_sys_set_amr). */
    uint64_t amr_val[PPC_AMR_SLOTS];
    uint8_t amr_n, amr_slot, amr_victim;
    uint64_t fscr, ctrl, pspb;
    uint64_t dawr0, dawrx0, ciabr;  /* set by ppc_sys_set_debug_spr */
    uint64_t pidr;
    struct ppc_pmu pmu;             /* performance monitor (pmu.h) */
    /* Debug facilities armed (debug.c): DAWR0 range [dawr_lo, dawr_hi]
     * with DAWRX0 allowing some access; CIABR with a privilege a guest
     * can be in. */
    bool dawr_on, ciabr_on;
    uint64_t dawr_lo, dawr_hi;
    /* Interrupts delivered so far (trace: did the traced instruction
     * end in an interrupt?). */
    unsigned long irqs;
    /* Decrementer: value written at timebase dec_tb. */
    uint64_t dec_tb;
    int64_t dec_val;
    bool dec_neg;            /* DEC's sign bit was 1 at the last look */
    unsigned poll;           /* blocks until the next timebase look */
    uint32_t pending;        /* PPC_IRQ_*, atomic */
    /* MMU. */
    struct mmu_flat_mem ram;
    uint64_t rma_size;
    bool radix;              /* partition uses radix (PATE1[GR]) */
    uint64_t prtb, prtb_size;
    struct mmu_htab htab;
    struct mmu_slb slb;
    struct mmu_fault mfault; /* of the last failed translation */
    /* Idle (H_CEDE) sleeping: set_irq/prod/kick signal 'wake'. */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool prod;
    /* MMIO (ppc_sys_config). */
    const struct ppc_mmio_ops *mmio;
    void *mmio_opaque;
    /* Translation tags of the soft-TLB entries (for precise tlbie), the
     * tag of the last successful translation, the code translations. */
    struct mmu_tlb_tag tlb_tag[3][PPC_TLB_SIZE];
    struct mmu_tlb_tag fill_tag;
    struct ppc_ctc_entry ctc[PPC_CTC_SIZE];
    struct mmu_tlb_tag ctc_tag[PPC_CTC_SIZE];
    bool ctc_evicted;        /* a code translation replaced since the
                                last new link generation (partition.c) */
    bool flush_clean;        /* no entry made since last_flush */
    struct mmu_tlbi last_flush;
    /* Partition (partition.h): NULL when alone. */
    struct ppc_partition *part;
    unsigned slot;
    bool tlbi_outstanding;   /* tlbie sent, no tlbsync/ptesync since */
    struct ppc_xqueue xq;
};

/* Put a vCPU in system mode at reset: MSR = SF|ME (real mode, big-endian
 * unless le), PC = 0, LPCR 0. Replaces cpu->env with the engine's system
 * environment (MMU translation, 512 MHz timebase). 0 or -ENOMEM. */
int ppc_sys_enable(struct ppc_cpu *cpu, const struct ppc_sys_config *cfg,
                   bool le);
void ppc_sys_free(struct ppc_sys *sys);

/* Deliver the interrupt for an exception of instruction d (called by
 * ppc_raise in system mode). Returns PPC_ST_JUMP when delivered in the
 * guest (cpu->pc = vector), or 'why' when it stays an exit for the
 * machine (hypercall, halt, budget, unimplemented, MMIO). */
int ppc_sys_raise(struct ppc_cpu *cpu, const struct ppc_dinsn *d, int why,
                  uint32_t arg);

/* Deliver an interrupt at cpu->pc (SRR0 = cpu->pc): vector, SRR1 cause
 * bits. Used for asynchronous ones and by the semantics. */
void ppc_sys_deliver(struct ppc_cpu *cpu, uint64_t srr0, unsigned vector,
                     uint64_t srr1_bits);

/* Between blocks: apply requests from other vCPUs (PPC_IRQ_WORK) and
 * deliver a pending enabled asynchronous interrupt. True if one was
 * delivered (cpu->pc changed) or requests were applied. */
bool ppc_sys_check_irq(struct ppc_cpu *cpu);
static inline bool ppc_sys_poll(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    if (__builtin_expect(--s->poll == 0, 0))
        return ppc_sys_check_irq(cpu);
    uint32_t p = __atomic_load_n(&s->pending, __ATOMIC_RELAXED);
    if (__builtin_expect(p == 0, 1) ||
        (!(cpu->msr & PPC_MSR_EE) && !(p & (PPC_IRQ_SRESET | PPC_IRQ_WORK))))
        return false;
    return ppc_sys_check_irq(cpu);
}

/* From any thread: raise/lower a level interrupt (PPC_IRQ_EXT, DBELL,
 * SRESET). The vCPU takes it at its next block boundary when enabled. */
void ppc_sys_set_irq(struct ppc_cpu *cpu, uint32_t irq, bool level);

/* H_CEDE on the vCPU's own thread: MSR[EE] := 1, then sleep until an
 * interrupt is pending (external, decrementer, doorbell, reset), H_PROD
 * (ppc_sys_prod) or ppc_sys_kick. No wakeup is lost: the pending bits are
 * set before the signal and checked under the same lock. */
void ppc_sys_cede(struct ppc_cpu *cpu);
/* From any thread: H_PROD (the next or current cede returns at once),
 * and wake a ceded vCPU without an interrupt (after setting cpu->stop). */
void ppc_sys_prod(struct ppc_cpu *cpu);
void ppc_sys_kick(struct ppc_cpu *cpu);

/* MSR write with the side effects (the soft TLB's mode on translation
 * change). */
void ppc_sys_set_msr(struct ppc_cpu *cpu, uint64_t msr);
/* AMR write: the soft TLB goes on with the entries made under the same
 * value before, if any (drops those of the slot it reuses). */
void ppc_sys_set_amr(struct ppc_cpu *cpu, uint64_t amr);

/* Debug registers the hypervisor owns (H_SET_MODE, H_SET_DABR, on the
 * vCPU's thread or while it is stopped): DAWR0 (180), DAWRX0 (188),
 * CIABR (187); other numbers are ignored. DAWR0/DAWRX0 matching raises a
 * DSI with DSISR[41] before the access (the soft TLB keeps no entry for
 * the watched pages while armed, other pages keep the fast path); a
 * CIABR match a trace interrupt before the instruction (SRR1[33,43]).
 * See debug.c. */
void ppc_sys_set_debug_spr(struct ppc_cpu *cpu, unsigned sprn, uint64_t value);

/* Facility unavailable interrupt for instruction d with FSCR[IC] = cause;
 * returns PPC_ST_JUMP. */
int ppc_sys_facility_unavailable(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                                 unsigned cause);

/* Machine-side configuration (the vCPU's thread, or while it is stopped):
 * LPCR bits the hypervisor owns (H_SET_MODE: ILE, AIL), the partition's
 * process table (H_REGISTER_PROC_TBL; pate1 = 0: hash), the HPT. */
void ppc_sys_set_lpcr(struct ppc_cpu *cpu, uint64_t mask, uint64_t value);
void ppc_sys_set_process_table(struct ppc_cpu *cpu, uint64_t pate1);
void ppc_sys_set_htab(struct ppc_cpu *cpu, uint8_t *base, uint64_t size);

/* Timebase (timer.c): 512 MHz from the host monotonic clock. */
uint64_t ppc_sys_read_tb(struct ppc_cpu *cpu);
uint64_t ppc_sys_read_dec(struct ppc_cpu *cpu);
void ppc_sys_write_dec(struct ppc_cpu *cpu, uint64_t v);
/* Update PPC_IRQ_DEC from the clock; arm the next poll. */
void ppc_sys_dec_update(struct ppc_cpu *cpu);
/* Nanoseconds until the decrementer fires (0: it has; UINT64_MAX: never
 * while DEC is not counting towards negative). For H_CEDE sleeping. */
uint64_t ppc_sys_dec_ns(struct ppc_cpu *cpu);

/* Privileged SPRs (spr-priv.c), called by mfspr/mtspr for numbers the
 * user-level code does not know, in system mode. Return 0 (done) or the
 * exception status via ppc_raise. */
int ppc_sys_mfspr(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned spr);
int ppc_sys_mtspr(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                  unsigned spr);

/* Translation hook of system mode (mmu-glue.c) and invalidations: all
 * of this vCPU's translations (soft TLB and code translations; cached
 * blocks stay, they are checked against the code translation again). */
int ppc_sys_translate(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                      enum ppc_access acc, struct ppc_xlate *out);
void ppc_sys_flush_translations(struct ppc_cpu *cpu);

/* MMIO access of 'size' bytes (guest memory order in buf) at guest
 * physical pa for the access at ea (mmu-glue.c, called by mem.c). 0, or
 * PPC_EXIT_DATA_FAULT with cpu->fault set (machine check or DSI). */
int ppc_sys_mmio(struct ppc_cpu *cpu, uint64_t ea, uint64_t pa, void *buf,
                 unsigned size, bool write);
/* Record the tag of the last translation with a new soft-TLB entry, and
 * the code translation of an instruction page (mem.c). */
void ppc_sys_tlb_filled(struct ppc_cpu *cpu, enum ppc_access acc,
                        unsigned idx, uint64_t page, uintptr_t host_page);
void ppc_sys_ctc_fill(struct ppc_cpu *cpu, unsigned tlb_idx, uint64_t page,
                      uintptr_t host_page);
/* A larx/stcx./dcbz-style access reached an MMIO page: cpu->fault for a
 * DSI with DSISR[37] (and [38] for a store). */
void ppc_sys_fault_badaccess(struct ppc_cpu *cpu, uint64_t ea,
                             enum ppc_access acc);

#endif
