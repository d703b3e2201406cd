/* machine/hcall.h: the per-machine hypercall registry. The engine reports
 * "sc 1" from supervisor state as a call of spapr_hcall_dispatch() with
 * r3 (opcode) and r4..r12 (arguments); the machine answers with a status for
 * r3 and values for r4.. . Each PAPR part registers its handlers here with the
 * ibm,hypertas-functions group they belong to, and the device tree lists
 * exactly the groups that have a registered handler. */
#ifndef PSERIES_MACHINE_HCALL_H
#define PSERIES_MACHINE_HCALL_H

#include <stddef.h>
#include <stdint.h>

struct spapr_machine;

#define SPAPR_HCALL_NARGS 9 /* r4..r12 */

struct spapr_hcall_args {
    uint64_t opcode;                  /* r3 */
    uint64_t args[SPAPR_HCALL_NARGS]; /* r4..r12 */
};

struct spapr_hcall_ret {
    long status;                     /* -> r3 */
    uint64_t ret[SPAPR_HCALL_NARGS]; /* -> r4..r12 */
};

/* A handler sets r->status (H_SUCCESS or an H_* error) and r->ret[]; the
 * dispatcher zeroes *r before calling it. */
typedef void (*spapr_hcall_fn)(struct spapr_machine *m, unsigned vcpu,
                               const struct spapr_hcall_args *a, struct spapr_hcall_ret *r);

struct spapr_hcall_entry {
    uint64_t opcode;
    const char *name;     /* "H_PUT_TERM_CHAR" */
    const char *hypertas; /* "hcall-term", or NULL: not advertised */
    spapr_hcall_fn fn;
};

struct spapr_hcall_table {
    struct spapr_hcall_entry *entries; /* sorted by opcode */
    size_t count, alloc;
};

void spapr_hcall_table_init(struct spapr_hcall_table *t);
void spapr_hcall_table_fini(struct spapr_hcall_table *t);

/* Register a handler: -EINVAL for a malformed opcode (not a multiple of 4
 * in the PAPR range, nor a private 0xf000 one), -EEXIST if taken. */
int spapr_hcall_register(struct spapr_machine *m, uint64_t opcode, const char *name,
                         const char *hypertas, spapr_hcall_fn fn);

const struct spapr_hcall_entry *spapr_hcall_lookup(const struct spapr_machine *m, uint64_t opcode);

/* Entry point for the engine. Unknown opcode: H_FUNCTION. */
void spapr_hcall_dispatch(struct spapr_machine *m, unsigned vcpu,
                          const struct spapr_hcall_args *a, struct spapr_hcall_ret *r);

/* The ibm,hypertas-functions value: each group once, in order of the lowest
 * opcode registered for it, NUL-separated. Returns the byte length written (including
 * the last NUL), or -ENOSPC. */
int spapr_hcall_hypertas_strings(const struct spapr_machine *m, char *buf, size_t size);

#endif
