/* machine/cas.h: ibm,client-architecture-support (CAS), the negotiation in
 * which the booting OS tells the platform what it supports (a list of PVRs
 * and option vectors 1..n, as Linux's prom_init.c builds them) and the
 * platform picks the processor compatibility mode, the MMU (hash or radix)
 * and the interrupt controller (XICS or XIVE). The result goes to /chosen
 * ibm,architecture-vec-5 (spapr-fdt.h) and cpu-version. The VOF client
 * interface (call-method "ibm,client-architecture-support") calls
 * spapr_cas_negotiate() with the guest address of the vector. */
#ifndef PSERIES_MACHINE_CAS_H
#define PSERIES_MACHINE_CAS_H

#include <stdint.h>

#include "machine.h"

/* Record a negotiated mode and build the OV5 of /chosen. -ENOTSUP for a
 * mode this machine cannot provide (XIVE; radix on a pre-ISA-3.0 model). */
int spapr_cas_apply(struct spapr_machine *m, enum spapr_mmu_mode mmu, enum spapr_irq_mode irq);

/* Read the CAS vector at guest address 'vec' (bounds-checked), negotiate
 * and apply. Returns 0, -EFAULT for a vector outside RAM or truncated,
 * -EINVAL for a malformed one, -ENOTSUP when the OS supports neither our
 * processor nor a compatible architecture level, or insists on a mode we
 * lack (XIVE only, radix only on a hash-only model). */
int spapr_cas_negotiate(struct spapr_machine *m, uint64_t vec);

#endif
