/* engine/cpu.h: architected state of one Power vCPU (Book I user state plus
 * the MSR bits the engine needs), the CPU model descriptors, and the
 * environment hooks a vCPU calls out to (translation, timebase). Every
 * semantic function receives a struct ppc_cpu; nothing here is global. */
#ifndef PSERIES_ENGINE_CPU_H
#define PSERIES_ENGINE_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- CPU models ------------------------------------------------------ */

/* ISA levels, ordered: a model executes rows whose level is <= its own. */
enum ppc_isa {
    PPC_ISA_206 = 0,   /* POWER7 */
    PPC_ISA_207 = 1,   /* POWER8 */
    PPC_ISA_300 = 2,   /* POWER9 (3.0B) */
    PPC_ISA_310 = 3,   /* Power10 */
    PPC_ISA_COUNT
};

enum ppc_model {
    PPC_MODEL_POWER7 = 0,
    PPC_MODEL_POWER8,
    PPC_MODEL_POWER9,
    PPC_MODEL_POWER10,
    PPC_MODEL_COUNT
};

struct ppc_model_desc {
    enum ppc_model model;
    const char *name;        /* "POWER9" */
    const char *platform;    /* AT_PLATFORM string: "power9" */
    enum ppc_isa isa;
    uint32_t pvr;
    uint32_t hwcap;          /* Linux AT_HWCAP for this model */
    uint32_t hwcap2;         /* Linux AT_HWCAP2 */
};

const struct ppc_model_desc *ppc_model_get(enum ppc_model m);
/* Case-insensitive lookup of "POWER9", "power10", ...; NULL if unknown. */
const struct ppc_model_desc *ppc_model_by_name(const char *name);

/* ---- registers ------------------------------------------------------- */

/* One 128-bit VSR. The value is stored as a host-native 128-bit integer
 * whose most significant bit is ISA bit 0. So ISA element i of an N-element
 * vector lives at host array index N-1-i; use the PPC_VSR_* accessors below
 * and never index the arrays directly in semantic code. */
typedef union ppc_vsr {
    unsigned __int128 q;
    uint64_t dw_[2];
    uint32_t w_[4];
    uint16_t h_[8];
    uint8_t b_[16];
    double d_[2];
    float f_[4];
} ppc_vsr;

#define PPC_VSR_DW(v, i) ((v).dw_[1 - (i)])   /* doubleword i, i = 0..1 */
#define PPC_VSR_W(v, i)  ((v).w_[3 - (i)])    /* word i, i = 0..3 */
#define PPC_VSR_H(v, i)  ((v).h_[7 - (i)])    /* halfword i, i = 0..7 */
#define PPC_VSR_B(v, i)  ((v).b_[15 - (i)])   /* byte i, i = 0..15 */
#define PPC_VSR_DF(v, i) ((v).d_[1 - (i)])    /* doubleword i as double */
#define PPC_VSR_SF(v, i) ((v).f_[3 - (i)])    /* word i as float */

/* FPR n is doubleword 0 of VSR n; VR n is VSR 32+n. */
#define PPC_FPR(cpu, n)  PPC_VSR_DW((cpu)->vsr[(n)], 0)
#define PPC_VR(cpu, n)   ((cpu)->vsr[32 + (n)])

/* XER is kept split so the hot flags are plain bytes. */
struct ppc_xer {
    uint8_t so, ov, ca, ov32, ca32;
    uint16_t bc;             /* bits 48:63: byte count in 57:63 (bits
                                48:56 are kept as written) */
};

/* MSR bits (64-bit MSR, bit numbers as the ISA: bit 63 is the LSB). */
#define PPC_MSR_SF   (1ull << 63)
#define PPC_MSR_HV   (1ull << 60)
#define PPC_MSR_VEC  (1ull << 25)
#define PPC_MSR_VSX  (1ull << 23)
#define PPC_MSR_EE   (1ull << 15)
#define PPC_MSR_PR   (1ull << 14)
#define PPC_MSR_FP   (1ull << 13)
#define PPC_MSR_ME   (1ull << 12)
#define PPC_MSR_FE0  (1ull << 11)
#define PPC_MSR_SE   (1ull << 10)
#define PPC_MSR_BE   (1ull << 9)
#define PPC_MSR_FE1  (1ull << 8)
#define PPC_MSR_IR   (1ull << 5)
#define PPC_MSR_DR   (1ull << 4)
#define PPC_MSR_RI   (1ull << 1)
#define PPC_MSR_LE   (1ull << 0)

/* User-visible SPR numbers handled by the engine. */
enum {
    PPC_SPR_XER = 1, PPC_SPR_DSCR_U = 3, PPC_SPR_LR = 8, PPC_SPR_CTR = 9,
    PPC_SPR_DSCR = 17, PPC_SPR_VRSAVE = 256, PPC_SPR_TBL_R = 268,
    PPC_SPR_TBU_R = 269, PPC_SPR_PPR = 896, PPC_SPR_PPR32 = 898,
    PPC_SPR_TAR = 815,
};

/* ---- memory access types, faults, software TLB ------------------------ */

enum ppc_access { PPC_ACC_READ = 0, PPC_ACC_WRITE = 1, PPC_ACC_EXEC = 2 };

/* Filled when an access fails; the engine turns it into an exit (now) or
 * a DSI/ISI with DAR/DSISR (issue 4). */
struct ppc_fault {
    uint64_t ea;             /* effective address that faulted */
    enum ppc_access access;
    int err;                 /* negative errno from the translate hook */
};

#define PPC_TLB_BITS 8
#define PPC_TLB_SIZE (1u << PPC_TLB_BITS)
#define PPC_PAGE_SHIFT 12
#define PPC_PAGE_SIZE (1ull << PPC_PAGE_SHIFT)
#define PPC_PAGE_MASK (~(PPC_PAGE_SIZE - 1))

/* One TLB entry: tag is the page EA (PPC_TLB_INVALID when empty) ORed with
 * the mode it was made in (cpu->tlb_mode, bits PPC_TLB_MODE_MASK below the
 * page offset); the host address of ea is ea + addend. */
struct ppc_tlb_entry {
    uint64_t tag;
    uintptr_t addend;
};
#define PPC_TLB_INVALID 1ull   /* never a page-aligned EA */
#define PPC_TLB_MODE_MASK 0xffeull

/* What the translate hook returns for a page. */
struct ppc_xlate {
    void *host;              /* host address of the start of the page */
    bool cacheable;          /* may be put in the TLB */
    bool mmio;               /* not RAM: the machine's MMIO at guest
                                physical 'pa' (system mode; host NULL) */
    uint64_t pa;             /* mmio: guest physical address of the page */
};

struct ppc_cpu;

/* Environment of a vCPU: supplied by the user-mode runner now, by the
 * machine (MMU, MMIO) later. */
struct ppc_env_ops {
    /* Translate the page containing ea for the access; 0 and *out filled,
     * or a negative errno (-EFAULT: unmapped, -EACCES: protection). */
    int (*translate)(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                     enum ppc_access acc, struct ppc_xlate *out);
    /* Current timebase value (512 MHz). */
    uint64_t (*read_tb)(void *opaque, struct ppc_cpu *cpu);
    /* Fill buf with random bytes for darn; returns 0 or negative errno. */
    int (*random)(void *opaque, void *buf, size_t len);
};

/* Reservation of larx/stcx. */
struct ppc_reservation {
    uint64_t ea;             /* PPC_RESV_NONE when not held */
    uint8_t size;            /* 1, 2, 4, 8, 16 */
    void *host;              /* host address reserved */
    unsigned __int128 value; /* value seen by the larx (host byte order) */
};
#define PPC_RESV_NONE (~0ull)

struct ppc_block_cache;      /* engine/block.h */
struct ppc_block;
struct ppc_sys;              /* engine/interrupt.h: system mode */
struct ppc_dinsn;            /* engine/insn.h */

/* ---- the vCPU -------------------------------------------------------- */

struct ppc_cpu {
    uint64_t gpr[32];
    ppc_vsr vsr[64];         /* FPRs = VSR 0-31 dw 0, VRs = VSR 32-63 */
    uint64_t pc;             /* address of the next instruction */
    uint64_t lr, ctr, tar;
    uint32_t cr;             /* CR0 in bits 31:28 (host numbering) */
    struct ppc_xer xer;
    uint64_t msr;
    uint32_t fpscr_hi;       /* FPSCR bits 0:31 (ISA 3.0 DRN etc.) */
    uint32_t fpscr;          /* FPSCR bits 32:63: the classic FPSCR */
    uint32_t vscr;           /* NJ (bit 111 -> 0x10000), SAT (0x1) */
    uint32_t vrsave;
    uint64_t dscr, ppr;

    struct ppc_reservation resv;

    /* Decoding context. */
    const struct ppc_model_desc *model;

    /* Software TLB, one array per access type. */
    struct ppc_tlb_entry tlb[3][PPC_TLB_SIZE];
    /* Mode bits of the entries that may be used now: 0 in user mode; in
     * system mode MSR[PR/IR/DR/HV] and the AMR's slot (interrupt.c), so
     * that system calls and AMR switches need no flush. */
    uint64_t tlb_mode;

    /* Last fault (valid after an exit with reason PPC_EXIT_FAULT). */
    struct ppc_fault fault;

    /* Details of the last exit (see exec.h). */
    int exit_reason;
    uint64_t exit_pc;        /* address of the instruction that exited */
    uint32_t exit_insn;      /* its (suffix) word */
    uint32_t exit_arg;       /* reason-specific: sc LEV, trap TO, ... */
    uint16_t exit_id;        /* its instruction-table row (insn.h) */

    /* Environment. */
    const struct ppc_env_ops *env;
    void *env_opaque;

    /* Pre-decoded block cache (engine/block.c). */
    struct ppc_block_cache *blocks;
    /* Set when a store hit a page holding cached code. */
    bool code_dirty;
    /* Host page of cached code that ppc_host_addr(WRITE) handed out, to
     * be reported after the write (mem.h ppc_host_write_done). */
    uintptr_t code_wr;
    /* Instruction counter (for statistics / icount). */
    uint64_t icount;
    /* The instruction a block was left after (threaded.c), so a block
     * left early counts only what ran. */
    const struct ppc_dinsn *exit_d;
    /* The block running, and how many more blocks the threaded code may
     * go on into before it returns to the run loop (threaded.c). */
    struct ppc_block *cur_block;
    unsigned chain_left;
    /* Trace hook (exec.h ppc_set_trace), NULL when off. */
    void (*trace)(void *opaque, struct ppc_cpu *cpu,
                  const struct ppc_dinsn *first, unsigned n);
    void *trace_opaque;
    /* Set from outside (another thread) to make ppc_run return HALT. */
    volatile int stop;
    /* System mode (privileged state, interrupts delivered in the guest,
     * MMU): NULL for the user-mode runner, where exceptions are exits.
     * engine/interrupt.h ppc_sys_enable(). */
    struct ppc_sys *sys;
};

/* CR field helpers: field 0..7, value 4 bits LT GT EQ SO. */
static inline uint32_t ppc_cr_get(const struct ppc_cpu *cpu, unsigned field)
{
    return (cpu->cr >> (28 - 4 * field)) & 0xf;
}
static inline void ppc_cr_set(struct ppc_cpu *cpu, unsigned field, uint32_t v)
{
    unsigned sh = 28 - 4 * field;
    cpu->cr = (cpu->cr & ~(0xfu << sh)) | ((v & 0xf) << sh);
}
/* CR bit 0..31 in ISA numbering (bit 0 = CR0[LT]). */
static inline unsigned ppc_crbit_get(const struct ppc_cpu *cpu, unsigned bit)
{
    return (cpu->cr >> (31 - bit)) & 1;
}
static inline void ppc_crbit_set(struct ppc_cpu *cpu, unsigned bit, unsigned v)
{
    uint32_t m = 1u << (31 - bit);
    cpu->cr = v ? (cpu->cr | m) : (cpu->cr & ~m);
}

/* XER as the 64-bit SPR value. */
uint64_t ppc_xer_read(const struct ppc_cpu *cpu);
void ppc_xer_write(struct ppc_cpu *cpu, uint64_t v);

/* Is the guest running little-endian (data and instruction fetch)? */
static inline bool ppc_le(const struct ppc_cpu *cpu)
{
    return cpu->msr & PPC_MSR_LE;
}
/* 64-bit mode? (addresses wrap at 32 bits otherwise) */
static inline bool ppc_sf(const struct ppc_cpu *cpu)
{
    return cpu->msr & PPC_MSR_SF;
}

/* Create/destroy a vCPU in its reset state for the model (user mode MSR:
 * SF|PR|FP|VEC|VSX|EE, LE as asked). Returns NULL on allocation failure. */
struct ppc_cpu *ppc_cpu_new(enum ppc_model model, bool little_endian,
                            const struct ppc_env_ops *env, void *opaque);
void ppc_cpu_free(struct ppc_cpu *cpu);

/* Drop all TLB entries (on MSR/translation change, munmap, mprotect). */
void ppc_tlb_flush(struct ppc_cpu *cpu);
/* Drop the TLB entries for one page. */
void ppc_tlb_flush_page(struct ppc_cpu *cpu, uint64_t ea);

#endif
