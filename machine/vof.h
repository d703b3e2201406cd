/* machine/vof.h: the Open Firmware client interface of the default boot
 * path ("VOF-style", ../shared/design.md "Boot conventions"). A tiny
 * in-guest stub forwards each client-interface call with the private
 * hypercall KVMPPC_H_VOF_CLIENT (r4 = guest address of the IEEE 1275
 * argument array: service name pointer, nargs, nret, then the cells, all
 * 32-bit big-endian), and the machine answers from a live copy of its
 * device tree: finddevice, getprop, getproplen, nextprop, setprop, child,
 * peer, parent, instance-to-package, instance-to-path, package-to-path,
 * open, close, read, write, seek, claim, release, call-method
 * (ibm,client-architecture-support, instantiate-rtas), interpret,
 * milliseconds, quiesce, exit. Every node gets a phandle; phandles stay the
 * same when the tree is rebuilt after CAS, and properties the OS set before
 * CAS are carried over. */
#ifndef PSERIES_MACHINE_VOF_H
#define PSERIES_MACHINE_VOF_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

/* Set up the client interface: build the tree, give every node a phandle,
 * open the console as /chosen "stdout", claim [0, end of the kernel) and
 * the initrd. rtas_blob is what instantiate-rtas copies (from firmware/).
 * Registers the KVMPPC_H_VOF_CLIENT hypercall. */
int spapr_vof_init(struct spapr_machine *m, const void *rtas_blob, size_t rtas_len);
void spapr_vof_fini(struct spapr_machine *m);

/* Reserve guest memory so "claim" never hands it out (the stub, ...). */
int spapr_vof_claim(struct spapr_machine *m, uint64_t base, uint64_t size);

/* One client-interface call; 0 when the service exists and ran, -1 when it
 * does not exist or the argument array is unreadable (IEEE 1275). */
int spapr_vof_client_call(struct spapr_machine *m, unsigned vcpu, uint64_t args);

/* The live tree (for tests and for handing to the OS). */
const void *spapr_vof_fdt(const struct spapr_machine *m);

#endif
