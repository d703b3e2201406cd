/* machine/vm/vm.h: the worker `pseries-vm` (design.md "Process model"):
 * one pSeries machine (machine/) driven by one engine vCPU per host thread
 * (engine/), its console, and the control channel of the daemon
 * (daemon/worker-protocol.h). Files:
 *   vm-main.c     command line, the main poll loop, lifecycle decisions
 *   vm-config.c   domain XML (xml-schema/) -> struct spapr_config
 *   vm-vcpu.c     vCPU threads, the engine <-> machine glue (hypercalls,
 *                 the machine's callbacks), pause/resume/reset
 *   vm-console.c  the first vty: stdio with the Ctrl-a escapes, a console
 *                 socket for the daemon, a log file, a replay buffer
 *   vm-control.c  the worker side of the control protocol
 *   vm-files.c    the boot images the XML names, opened before the sandbox
 *   vm-sandbox.c  capabilities dropped, no_new_privs, the seccomp
 *                 allow-list (vm-sandbox.h), on before the first guest
 *                 instruction unless --no-sandbox
 * Only the main thread touches the console, control and lifecycle fields;
 * the vCPU threads talk to it through 'lock' and the eventfd 'wake_fd'. */
#ifndef PSERIES_MACHINE_VM_H
#define PSERIES_MACHINE_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <poll.h>

#include "machine.h"

struct ppc_cpu;
struct ppc_partition;
struct pseries_domain_def;

/* Exit statuses of pseries-vm (also in --help and machine/README.md). */
enum vm_exit_status {
    VM_EXIT_OK = 0,          /* powered off, destroyed, or quit (Ctrl-a x) */
    VM_EXIT_CONFIG = 1,      /* bad configuration or start-up failure */
    VM_EXIT_USAGE = 2,       /* bad command line */
    VM_EXIT_REBOOT = 3,      /* the guest asked for a reboot, on_reboot=destroy */
    VM_EXIT_CRASH = 4,       /* the guest crashed, on_crash=destroy */
    VM_EXIT_INTERNAL = 70,   /* emulator failure (EX_SOFTWARE) */
};

enum vm_run_mode {
    VM_RUN,                  /* vCPUs run */
    VM_PAUSE,                /* every vCPU thread parks */
    VM_QUIT,                 /* vCPU threads end */
};

struct vm_vcpu {
    struct pseries_vm *vm;
    unsigned index;
    struct ppc_cpu *cpu;
    pthread_t thread;
    bool thread_started;
    /* Under vm->lock: */
    bool running;            /* started (vCPU 0 at reset, others by RTAS) */
    bool parked;             /* the thread waits in vm_vcpu_park */
    bool start_pending;      /* RTAS start-cpu: apply entry/r3 */
    uint64_t start_entry, start_r3;
    bool stop_pending;       /* RTAS stop-self */
    uint64_t cfg_seen;       /* vm->cfg_gen applied to this vCPU */
    /* Diagnostics rate limit (this thread only). */
    unsigned complaints;
    /* PSERIES_VM_STATS: the start of the last VM_TRAIL blocks run. */
#define VM_TRAIL 48
    uint64_t trail[VM_TRAIL];
    unsigned trail_pos;
};

struct vm_console;

/* A boot image of the XML, open from start-up (vm-files.c). */
struct vm_boot_file {
    const char *path;        /* cfg.kernel, cfg.initrd or cfg.loader; NULL */
    int fd;                  /* -1 when none */
};
#define VM_BOOT_FILES 3      /* kernel, initrd, loader */

struct pseries_vm {
    struct spapr_machine *m;
    struct pseries_domain_def *def;
    const char *xml_path;
    int engine_model;        /* enum ppc_model */

    struct ppc_partition *part;  /* the engine's view of the vCPUs together */
    struct vm_vcpu *vcpus;
    unsigned nr_vcpus;

    pthread_mutex_t lock;
    pthread_cond_t cond;     /* park/unpark and parked-count changes */
    enum vm_run_mode mode;
    /* Partition-wide hypervisor state every vCPU applies (under lock). */
    uint64_t cfg_gen;
    uint64_t lpcr_value;      /* the hypervisor-owned LPCR bits (H_SET_MODE) */
    uint64_t pate1;
    uint8_t *htab_base;
    uint64_t htab_size;

    int wake_fd;             /* eventfd: vCPU threads -> main loop */
    bool internal_error;     /* an engine failure ended the run (70) */

    struct vm_console *con;
    int control_fd;          /* -1 in the foreground */
    uint32_t control_serial;
    bool verbose;
    bool trace_hcalls;       /* PSERIES_VM_HCALLS=1: log failing hypercalls */
    struct vm_boot_file boot_files[VM_BOOT_FILES];
};

/* vm-config.c: read and check the domain XML. On error prints
 * "FILE:LINE: message" to stderr and returns a negative errno. */
int vm_config_load(const char *path, struct pseries_domain_def **def_out);
/* Fill cfg from def (strings point into def). */
int vm_config_to_spapr(const struct pseries_domain_def *def, struct spapr_config *cfg,
                       int *engine_model);

/* vm-vcpu.c */
int vm_vcpus_create(struct pseries_vm *vm);          /* engine vCPUs, reset state */
int vm_vcpus_start_threads(struct pseries_vm *vm);
void vm_vcpus_destroy(struct pseries_vm *vm);        /* quits and joins the threads */
void vm_pause(struct pseries_vm *vm);                /* returns when all are parked */
void vm_resume(struct pseries_vm *vm);
/* System reset (reboot): pause, reset the machine and the vCPUs, reload
 * the boot payload. 0 or a negative errno (then the VM cannot run). */
int vm_reset(struct pseries_vm *vm);
/* The boot payload into RAM and vCPU 0's entry state. */
int vm_boot(struct pseries_vm *vm);
/* PSERIES_VM_STATS=1: each vCPU's PC, MSR and instruction count at exit. */
void vm_vcpus_trace(struct pseries_vm *vm);
void vm_vcpus_report(struct pseries_vm *vm, FILE *f);
void vm_machine_ops(struct pseries_vm *vm, struct spapr_machine_ops *ops);
void vm_wake_main(struct pseries_vm *vm);

/* vm-console.c */
int vm_console_open(struct pseries_vm *vm, bool foreground);
void vm_console_close(struct pseries_vm *vm);
/* From any thread: guest output of the first vty. */
void vm_console_output(struct pseries_vm *vm, const uint8_t *buf, size_t len);
/* Main loop: fds to poll and their handling. */
int vm_console_poll_fds(struct pseries_vm *vm, struct pollfd *fds, int max);
/* Returns 1 when the user asked to quit (Ctrl-a x). */
int vm_console_handle(struct pseries_vm *vm, const struct pollfd *fds, int n);
/* Feed queued input to the guest; true if some is still waiting. */
bool vm_console_flush_input(struct pseries_vm *vm);
/* A new console client (OPEN_CONSOLE): the worker's end of a stream
 * socket. -EBUSY when one is connected. */
int vm_console_attach(struct pseries_vm *vm, int fd);

/* vm-files.c: open the boot images cfg names (*msg says what failed). */
int vm_files_open(struct pseries_vm *vm, const struct spapr_config *cfg, char **msg);
void vm_files_close(struct pseries_vm *vm);
/* The machine's read_boot_file callback (opaque = vm). */
int vm_files_read(void *opaque, const char *path, uint8_t **data, size_t *len);

/* vm-control.c */
enum vm_control_action {
    VM_CTL_NONE,
    VM_CTL_DESTROY,          /* stop and exit 0 */
    VM_CTL_GONE,             /* the daemon went away: stop and exit 0 */
};
int vm_control_send(struct pseries_vm *vm, uint16_t type, uint32_t reply_to,
                    const void *payload, uint32_t len, int fd);
int vm_control_hello(struct pseries_vm *vm);
int vm_control_state(struct pseries_vm *vm, uint32_t state, uint32_t reason);
int vm_control_event(struct pseries_vm *vm, uint32_t event, uint32_t detail);
int vm_control_error(struct pseries_vm *vm, int err, const char *msg);
/* Read and obey one request. */
enum vm_control_action vm_control_handle(struct pseries_vm *vm);

#endif
