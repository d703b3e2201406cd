/* machine/machine.h: one pSeries machine instance (struct spapr_machine) and
 * its configuration. Everything the machine owns hangs off this struct:
 * guest RAM, the hypercall and RTAS registries, the device list, the
 * interrupt controller, clocks, the device tree and the exit request. There
 * is no global state, so several machines can live in one process (tests
 * do exactly that).
 *
 * The engine plugs in through a narrow interface:
 *   - guest RAM: m->ram (guest_ram_host_base(), m->ram.size);
 *   - hypercalls: spapr_hcall_dispatch() for "sc 1" with r3..r12;
 *     RTAS arrives as the hypercall KVMPPC_H_RTAS (r4 = buffer);
 *   - interrupts: the machine calls ops.set_external_irq(opaque, vcpu, level)
 *     when a vCPU's external interrupt line changes;
 *   - vCPU control and registers: ops.start_vcpu/stop_vcpu (RTAS),
 *     cede/prod/confer (splpar), set_lpcr/set_spr (H_SET_MODE & co.),
 *     set_process_table (H_REGISTER_PROC_TBL), system_reset
 *     (H_SIGNAL_SYS_RESET);
 *   - hash MMU: ops.set_htab (the HPT the machine owns, hpt.h) and
 *     ops.invalidate_hpte / tlb_flush_all after an HPTE changed;
 *   - time: ops.read_timebase() (512 MHz timebase) if the engine has one;
 *   - exit: spapr_machine_exit_requested() tells the run loop to stop.
 * Registries are filled at creation (and by spapr_vof_init()) before any
 * vCPU runs; afterwards dispatch only reads them. README.md has the table. */
#ifndef PSERIES_MACHINE_MACHINE_H
#define PSERIES_MACHINE_MACHINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-ram.h"
#include "hcall.h"
#include "rtas.h"

enum spapr_cpu_model {
    SPAPR_CPU_POWER7,
    SPAPR_CPU_POWER8,
    SPAPR_CPU_POWER9,
    SPAPR_CPU_POWER10,
};

struct spapr_config {
    enum spapr_cpu_model cpu_model;
    unsigned nr_vcpus;         /* total hardware threads */
    unsigned threads_per_core; /* 1 by default; one /cpus node per core */
    uint64_t ram_size;         /* bytes, multiple of 256 MiB like QEMU's pseries */
    const char *name;          /* partition name (ibm,get-system-parameter 55) */
    const char *kernel;        /* paths, may be NULL */
    const char *initrd;
    const char *cmdline;
    const char *loader;
    const char *nvram_path;    /* NULL: NVRAM lives in memory only */
    uint32_t nvram_size;       /* 0: 64 KiB */
    uint64_t initrd_start, initrd_size; /* where the loader placed the initrd */
};

enum spapr_exit_request {
    SPAPR_EXIT_NONE,
    SPAPR_EXIT_POWER_OFF,
    SPAPR_EXIT_REBOOT,
    SPAPR_EXIT_PANIC, /* ibm,os-term */
};

/* Negotiated with the guest through ibm,client-architecture-support. */
enum spapr_mmu_mode { SPAPR_MMU_HASH, SPAPR_MMU_RADIX };
enum spapr_irq_mode { SPAPR_IRQ_XICS, SPAPR_IRQ_XIVE };

struct spapr_machine_ops {
    void *opaque;
    void (*set_external_irq)(void *opaque, unsigned vcpu, int level);
    /* RTAS start-cpu: start a stopped vCPU in real mode at 'entry' with
     * r3 = 'r3'; returns 0 or a negative errno. stop-self: the calling vCPU
     * stops when the call returns. */
    int (*start_vcpu)(void *opaque, unsigned vcpu, uint64_t entry, uint64_t r3);
    void (*stop_vcpu)(void *opaque, unsigned vcpu);
    /* H_CEDE: the calling vCPU sleeps after the call until an interrupt or
     * H_PROD; H_PROD wakes 'vcpu'; H_CONFER gives up the time slice. */
    void (*cede)(void *opaque, unsigned vcpu);
    void (*prod)(void *opaque, unsigned vcpu);
    void (*confer)(void *opaque, unsigned vcpu);
    /* H_SET_MODE: LPCR := (LPCR & ~mask) | value on every vCPU; an SPR of
     * one vCPU (CIABR, DAWR0, DAWRX0). */
    void (*set_lpcr)(void *opaque, uint64_t mask, uint64_t value);
    void (*set_spr)(void *opaque, unsigned vcpu, unsigned sprn, uint64_t value);
    /* H_REGISTER_PROC_TBL: the partition-table entry word 1 changed
     * (radix: GR | process table base | size; 0: none). */
    void (*set_process_table)(void *opaque, uint64_t pate1);
    /* The hashed page table every vCPU translates through in hash mode
     * (engine: ppc_sys_set_htab on each vCPU): 'size' bytes of big-endian
     * HPTEs at host address 'base', or NULL, 0 for none (radix). Called at
     * creation (before any vCPU exists: keep it for the vCPUs to come, or
     * ask spapr_hpt_get()), reset, CAS, H_REGISTER_PROC_TBL and restore.
     * The memory stays valid until spapr_machine_destroy(). */
    void (*set_htab)(void *opaque, uint8_t *base, uint64_t size);
    /* An HPTE that was valid was removed or changed (H_REMOVE,
     * H_BULK_REMOVE, H_PROTECT, H_CLEAR_REF, H_CLEAR_MOD): drop every
     * vCPU's translations of that page, the soft-TLB entries t with
     * mmu_hash_va_matches(va, page_shift, &t) (va: low 64 bits of the
     * page's virtual address, engine/mmu-hash.h mmu_hpte_va). PAPR wants
     * it gone everywhere before the call returns. If absent, or when the
     * entry cannot be decoded, tlb_flush_all is called instead. */
    void (*invalidate_hpte)(void *opaque, uint64_t va, unsigned page_shift);
    /* Drop all hash translations of every vCPU. */
    void (*tlb_flush_all)(void *opaque);
    /* H_SIGNAL_SYS_RESET: a system reset interrupt (0x100) for 'vcpu'
     * (engine: ppc_sys_set_irq(cpu, PPC_IRQ_SRESET, true)); only for vCPUs
     * that are not stopped. */
    void (*system_reset)(void *opaque, unsigned vcpu);
    uint64_t (*read_timebase)(void *opaque);
    /* The machine wrote guest memory [addr, addr + len) from the host side
     * (RTAS results, DMA, loaded images): translated code there is stale. */
    void (*guest_written)(void *opaque, uint64_t addr, uint64_t len);
    /* Console output of the first vty and display-character. */
    void (*console_write)(void *opaque, const uint8_t *buf, size_t len);
    /* Diagnostics (ibm,os-term messages, guest errors). */
    void (*log)(void *opaque, const char *msg);
    /* Optional: the whole contents of a boot image the configuration
     * names (cfg.kernel, cfg.initrd or cfg.loader, the same pointer), at
     * every boot and reboot, in a g_malloc'd buffer the machine frees; 0
     * or a negative errno. A sandboxed worker that may open no file after
     * set-up answers from descriptors it opened before. NULL: the machine
     * reads the path itself. */
    int (*read_boot_file)(void *opaque, const char *path, uint8_t **data, size_t *len);
};

/* Per-vCPU platform state: run state as RTAS reports it and the shared
 * areas registered with H_REGISTER_VPA (0 = none). */
enum spapr_vcpu_run_state {
    SPAPR_VCPU_STOPPED = 0,     /* LoPAR query-cpu-stopped-state values */
    SPAPR_VCPU_NOT_STOPPED = 2,
};

struct spapr_vcpu {
    uint32_t run_state;
    uint64_t vpa;
    uint64_t slb_shadow, slb_shadow_size;
    uint64_t dtl, dtl_size;
};

struct spapr_vio_dev;
struct spapr_xics;
struct spapr_vty;
struct spapr_nvram;
struct spapr_rtc;
struct spapr_vof;
struct spapr_events;
struct spapr_tce_tables;
struct spapr_hpt;

struct spapr_machine {
    struct spapr_config cfg;
    struct spapr_machine_ops ops;
    struct guest_ram ram;
    struct spapr_hcall_table hcalls;
    struct spapr_rtas_table rtas;

    struct spapr_vio_dev **vio;
    size_t nr_vio;
    uint32_t next_vio_reg;

    pthread_mutex_t vcpu_lock;
    struct spapr_vcpu *vcpus; /* cfg.nr_vcpus entries; vCPU 0 runs at reset */

    struct spapr_xics *xics;
    struct spapr_vty *vty; /* the first vty (terminal number 0) */
    struct spapr_nvram *nvram;
    struct spapr_rtc *rtc;
    struct spapr_vof *vof; /* the OF client interface, once spapr_vof_init() ran */
    struct spapr_events *events;
    struct spapr_tce_tables *tce; /* DMA windows (tce.h) */
    struct spapr_hpt *hpt;        /* hashed page table (hpt.h) */

    /* Firmware-assisted NMI (ibm,nmi-register). */
    pthread_mutex_t nmi_lock;
    uint64_t fwnmi_system_reset, fwnmi_machine_check; /* UINT64_MAX: unregistered */
    int64_t fwnmi_interlock; /* vCPU holding the machine-check interlock, -1 */

    /* Negotiated platform (CAS); ov5 is the /chosen ibm,architecture-vec-5. */
    enum spapr_mmu_mode mmu_mode;
    enum spapr_irq_mode irq_mode;
    bool cas_done;
    uint32_t compat_pvr; /* logical PVR after CAS, 0: the real one */
    uint64_t patb_entry; /* partition-table entry word 1 (H_REGISTER_PROC_TBL) */
    uint8_t ov5[32];
    size_t ov5_len;

    /* Where the boot loader put the kernel (qemu,boot-kernel), 0 if none. */
    uint64_t kernel_addr, kernel_size;
    bool kernel_le; /* qemu,boot-kernel-le */

    int exit_request; /* enum spapr_exit_request, accessed atomically */
};

/* Defaults: POWER9, 1 vCPU, 1 threads per core, 512 MiB. */
void spapr_config_init(struct spapr_config *cfg);
const char *spapr_cpu_model_name(enum spapr_cpu_model model);
int spapr_cpu_model_parse(const char *name, enum spapr_cpu_model *model);

/* Create a machine: map RAM, create the registries, XICS, the standard
 * devices (vty, nvram, rng) and calls. Returns 0 or a negative errno; on
 * error *out is NULL. 'ops' may be NULL. */
int spapr_machine_create(const struct spapr_config *cfg, const struct spapr_machine_ops *ops,
                         struct spapr_machine **out);
void spapr_machine_destroy(struct spapr_machine *m);

/* System reset (power-on state for a reboot): interrupt controller, vCPU
 * run states and registered areas, CAS result, NMI registration, device
 * interrupt enables and the exit request go back to their initial values;
 * RAM, NVRAM, the RTC offset and queued console input stay. */
void spapr_machine_reset(struct spapr_machine *m);

void spapr_machine_exit_request(struct spapr_machine *m, enum spapr_exit_request req);
enum spapr_exit_request spapr_machine_exit_requested(const struct spapr_machine *m);

/* Number of the vCPU's interrupt server and validity of a server number. */
static inline bool spapr_vcpu_valid(const struct spapr_machine *m, uint64_t vcpu)
{
    return vcpu < m->cfg.nr_vcpus;
}

void spapr_machine_log(struct spapr_machine *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Save / restore of every device's state. */
struct vmstate_buf;
int spapr_machine_save(struct spapr_machine *m, struct vmstate_buf *b);
int spapr_machine_load(struct spapr_machine *m, const uint8_t *data, size_t len);

#endif
