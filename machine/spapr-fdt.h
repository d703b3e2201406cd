/* machine/spapr-fdt.h: the flattened device tree the guest boots with, built
 * with libfdt from the machine's own registries: /cpus from the
 * configuration and the CPU model table, /rtas from the RTAS and hypercall
 * registries, /vdevice and /ibm,platform-facilities from the device list,
 * /interrupt-controller from XICS, /chosen from the boot configuration and
 * the CAS result. The tree therefore lists exactly what is implemented. */
#ifndef PSERIES_MACHINE_FDT_H
#define PSERIES_MACHINE_FDT_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

/* Build the tree for the machine's current state (before CAS: the initial
 * tree; after spapr_cas_apply(): the negotiated one). *blob is malloc'ed
 * and packed. 0 or a negative errno. */
int spapr_fdt_build(struct spapr_machine *m, void **blob, size_t *size);

/* /cpus (fdt-cpus.c). */
int spapr_fdt_cpus(struct spapr_machine *m, void *fdt);

/* spapr_cas_apply() (cas.c) followed by a rebuild of the tree. */
int spapr_fdt_build_negotiated(struct spapr_machine *m, enum spapr_mmu_mode mmu,
                               enum spapr_irq_mode irq, void **blob, size_t *size);

/* Option vector 5 byte numbers (LoPAR numbers bytes from 1; the /chosen
 * property carries the vector's length byte at index 0, so byte n is at
 * index n, as Linux's OV5_INDX() expects) and values (Linux asm/prom.h). */
#define OV5_INDEX_XIVE 0x17
#define OV5_XIVE_EXPLOIT_BITS 0x40
#define OV5_INDEX_MMU 0x18
#define OV5_MMU_RADIX_BITS 0x40
#define OV5_MMU_DYNAMIC_BITS 0xc0
#define OV5_INDEX_HASH_GTSE 0x19
#define OV5_INDEX_RADIX_GTSE 0x1a
#define OV5_RADIX_GTSE_BIT 0x40

#endif
