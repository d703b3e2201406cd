/* engine/partition.h: the vCPUs of one guest partition and what crosses
 * between them (Power ISA 3.0B Book III 5.10 "Translation Lookaside Buffer
 * management" and Book II "Instruction Storage"): tlbie/tlbsync/ptesync
 * across vCPUs, invalidation of pre-decoded code by guest physical page
 * when any vCPU (or the machine) writes it, and the directed privileged
 * doorbells between threads of one core. One partition per guest, created
 * by the machine; nothing here is global.
 *
 * How it works (engine/partition.c): every system-mode vCPU has a small
 * request queue. Another vCPU (or the machine) appends a request (TLB
 * invalidation, code page to drop, "look for write entries to new code
 * pages") and sets PPC_IRQ_WORK in the target's pending word, which the
 * target's run loop already loads once per block boundary
 * (ppc_sys_poll): the fast path costs nothing more. The target applies the
 * requests at its next block boundary, on its own thread, and publishes
 * a done sequence number. An issuer that must wait (ptesync/tlbsync after
 * tlbie, ppc_partition_flush_all) waits only for targets that are inside
 * ppc_run; one that is stopped, ceded or in the machine applies its
 * requests before it runs guest code again.
 *
 * Code pages: a byte per guest physical page holds one bit per vCPU slot
 * (slot % 8) that may have blocks from the page. Soft-TLB write entries
 * are never installed for such pages, so stores to them take the slow
 * path, which after writing clears the byte and asks the vCPUs of the old
 * bits to drop their blocks of the page. A vCPU that starts caching code
 * of a page sets its bit first, and when the byte was 0 asks every other
 * vCPU to drop its write entries to code pages (a store racing with that
 * is treated as a write to the page). */
#ifndef PSERIES_ENGINE_PARTITION_H
#define PSERIES_ENGINE_PARTITION_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "mmu-common.h"
#include "mmu-radix.h"

#define PPC_PARTITION_MAX_CPUS 256

struct ppc_partition_config {
    uint8_t *ram;                /* host address of guest physical 0 */
    uint64_t ram_size;           /* bytes, as every vCPU's ppc_sys_config */
    unsigned threads_per_core;   /* SMT threads per core; 0 means 1 */
};

struct ppc_partition;

/* A partition over the guest RAM; NULL on allocation failure or a bad
 * configuration (no RAM, threads_per_core > 8). */
struct ppc_partition *ppc_partition_new(const struct ppc_partition_config *cfg);
/* Free it. vCPUs still in it are detached first (they must not run). */
void ppc_partition_free(struct ppc_partition *p);

/* Add a vCPU already in system mode (ppc_sys_enable) whose RAM is the
 * partition's; it must not be running. Its core is PIR / threads_per_core
 * and its thread PIR % threads_per_core. 0, -EINVAL (not system mode, other
 * RAM, already in a partition), -ENOSPC (PPC_PARTITION_MAX_CPUS). */
int ppc_partition_add_cpu(struct ppc_partition *p, struct ppc_cpu *cpu);
/* Take a vCPU out of its partition (not running). ppc_cpu_free does it. */
void ppc_partition_remove_cpu(struct ppc_cpu *cpu);
struct ppc_partition *ppc_cpu_partition(const struct ppc_cpu *cpu);

/* Hypervisor-side translation changes (H_REMOVE, H_PROTECT, H_CLEAR_REF,
 * H_CLEAR_MOD, HPT resize, partition-table changes): drop every vCPU's
 * translations (soft TLB and the translations its blocks were checked
 * against), or only those of the hash page at (va, page_shift) as
 * mmu_hpte_va gives it. Return when every vCPU inside ppc_run has done
 * so; the others do it before they run again. Any thread, e.g. a vCPU
 * thread in a hypercall. */
void ppc_partition_flush_all(struct ppc_partition *p);
void ppc_partition_flush_hpte(struct ppc_partition *p, uint64_t va,
                              unsigned page_shift);

/* The machine wrote guest physical [gpa, gpa + len) (DMA, hypercall
 * results, loaded images): vCPUs drop pre-decoded code of those pages at
 * their next block boundary (so before their next context
 * synchronisation). Call after the write. Cheap for pages with no code. */
void ppc_partition_code_written(struct ppc_partition *p, uint64_t gpa,
                                uint64_t len);

/* ---- engine internals (partition.c), per-vCPU state ------------------- */

#define PPC_XQ_TLBI 16
#define PPC_XQ_CODE 32

enum ppc_xop_kind { PPC_XOP_TLBI = 0, PPC_XOP_HPTE = 1 };

struct ppc_xop {
    uint8_t kind;                /* enum ppc_xop_kind */
    uint8_t shift;               /* PPC_XOP_HPTE: page shift */
    uint64_t va;                 /* PPC_XOP_HPTE: virtual address */
    struct mmu_tlbi op;          /* PPC_XOP_TLBI */
};

/* Requests to one vCPU (in its struct ppc_sys). */
struct ppc_xqueue {
    pthread_mutex_t lock;
    uint64_t req_seq;            /* under lock; read atomically */
    uint64_t done_seq;           /* atomic: requests applied up to here */
    int running;                 /* atomic: inside ppc_run */
    unsigned ntlbi, ncode;
    bool tlb_all, code_all, scan_write;
    struct ppc_xop tlbi[PPC_XQ_TLBI];
    uint64_t code[PPC_XQ_CODE];  /* guest physical page numbers */
};

int ppc_xqueue_init(struct ppc_xqueue *q);
void ppc_xqueue_destroy(struct ppc_xqueue *q);

/* Around guest execution on the vCPU's thread (ppc_run, ppc_step, and
 * out again around an MMIO callback): enter applies pending requests. */
void ppc_smp_enter(struct ppc_cpu *cpu);
void ppc_smp_leave(struct ppc_cpu *cpu);
/* Apply the queued requests (PPC_IRQ_WORK seen). */
void ppc_smp_do_work(struct ppc_cpu *cpu);

/* tlbie (broadcast) / tlbiel (local), applied to this vCPU now. */
void ppc_smp_tlbie(struct ppc_cpu *cpu, const struct mmu_tlbi *op);
/* tlbsync / ptesync: wait for this vCPU's earlier tlbie's elsewhere. */
void ppc_smp_tlb_sync(struct ppc_cpu *cpu);

/* This vCPU's translations: all, by PID change (radix: quadrant 0
 * only), or those an invalidation matches. Also the code translation
 * cache (struct ppc_sys ctc) the block lookup checks. */
void ppc_smp_flush_local(struct ppc_cpu *cpu);
void ppc_smp_flush_pid(struct ppc_cpu *cpu);
void ppc_smp_flush_tlbi(struct ppc_cpu *cpu, const struct mmu_tlbi *op);

/* Code pages (host page addresses, page aligned). */
bool ppc_smp_page_is_code(struct ppc_cpu *cpu, uintptr_t host_page);
void ppc_smp_code_page_added(struct ppc_cpu *cpu, uintptr_t host_page);
void ppc_smp_code_written(struct ppc_cpu *cpu, uintptr_t host_page);

/* msgsndp: directed privileged doorbell to thread 'tir' of this core. */
void ppc_smp_doorbell(struct ppc_cpu *cpu, unsigned tir);
/* DPDES: bit t (ISA bit 63-t) set while thread t of this core has a
 * directed privileged doorbell pending. */
uint64_t ppc_smp_dpdes(struct ppc_cpu *cpu);

#endif
