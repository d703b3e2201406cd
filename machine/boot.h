/* machine/boot.h: putting the boot payload into guest RAM and choosing the
 * first vCPU's entry state, following QEMU's pseries conventions
 * (../shared/design.md "Boot conventions"):
 *   - a kernel ELF's segments go to (vaddr & 0x0fffffff) + 0x400000, a
 *     non-ELF kernel is copied raw to 0x400000;
 *   - the initrd follows the kernel (end + 0x1ffff, rounded down to 64 KiB)
 *     and is described in /chosen;
 *   - a loader (raw firmware) goes to 0 and starts at 0x100, r3 = FDT;
 *   - direct flat-tree entry: r3 = FDT, r4 = kernel base, r5 = 0, with RTAS
 *     already instantiated (linux,rtas-base/-entry in /rtas);
 *   - client-interface entry (the default): r3/r4 = initrd, r5 = the OF
 *     client-interface stub, the tree served by vof.c.
 * Files are host files named by the configuration; every length and offset
 * in them is checked before anything is copied. */
#ifndef PSERIES_MACHINE_BOOT_H
#define PSERIES_MACHINE_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

#define SPAPR_KERNEL_LOAD_ADDR 0x400000u
#define SPAPR_FDT_MAX_SIZE 0x100000u

struct spapr_boot_state {
    uint64_t entry;          /* vCPU 0 starts here (real mode) */
    uint64_t gpr1;           /* stack pointer (client-interface boot), else 0 */
    uint64_t gpr3, gpr4, gpr5;
    bool kernel_le;          /* the kernel ELF is little-endian */
    uint64_t fdt_addr, fdt_size;
    uint64_t rtas_addr;      /* 0 unless RTAS was instantiated */
};

/* Load an ELF64 (either byte order) or raw kernel image from memory.
 * Sets m->kernel_addr/kernel_size; *entry gets the translated entry point.
 * -ENOEXEC for a malformed ELF, -E2BIG if it does not fit in RAM. */
int spapr_load_kernel_image(struct spapr_machine *m, const uint8_t *img, size_t len,
                            uint64_t *entry, bool *little_endian);

/* Load kernel, initrd and loader named by m->cfg, build the device tree,
 * copy it (and, for direct entry, the RTAS blob) into RAM and fill *out.
 * rtas_blob/rtas_len: the in-guest RTAS code (from firmware/), needed for
 * direct entry only. Negative errno on failure, with a message through the
 * machine's log. */
int spapr_boot_prepare(struct spapr_machine *m, const void *rtas_blob, size_t rtas_len,
                       struct spapr_boot_state *out);

/* The default boot (../shared/design.md): the kernel's own prom_init runs
 * against the Open Firmware client interface. The in-guest stub (from
 * firmware/; its client-interface entry at ci_offset) is placed high and
 * claimed, the client interface is set up (vof.h), and vCPU 0 enters the
 * kernel with r1 = a claimed 32 KiB stack, r3 = initrd start, r4 = initrd
 * size, r5 = the stub's entry. */
#define SPAPR_VOF_STUB_MAX 0x10000u
#define SPAPR_VOF_STACK_SIZE 0x8000u
int spapr_boot_prepare_vof(struct spapr_machine *m, const void *stub, size_t stub_len,
                           uint64_t ci_offset, const void *rtas_blob, size_t rtas_len,
                           struct spapr_boot_state *out);

#endif
