/* machine/rtas.h: the per-machine RTAS registry and the RTAS call path.
 * The guest enters RTAS through the private hypercall KVMPPC_H_RTAS with
 * r4 = guest physical address of the argument buffer: big-endian 32-bit
 * cells token, nargs, nret, args[nargs], rets[nret]. The dispatcher checks
 * the buffer, the token and the counts, copies the arguments in, calls the
 * handler and stores the returns back. Every registered call becomes a
 * property of /rtas carrying its token. */
#ifndef PSERIES_MACHINE_RTAS_H
#define PSERIES_MACHINE_RTAS_H

#include <stddef.h>
#include <stdint.h>

#include "papr.h"

struct spapr_machine;

struct spapr_rtas_call {
    uint64_t buffer; /* guest address of the argument buffer */
    uint32_t token;
    uint32_t nargs, nret;
    uint32_t args[RTAS_MAX_CELLS];
    uint32_t rets[RTAS_MAX_CELLS]; /* rets[0] is the status */
};

/* A handler reads c->args[0..nargs) and fills c->rets[0..nret); rets[0] is
 * the RTAS status. The dispatcher has already checked nargs/nret against
 * the registered bounds. */
typedef void (*spapr_rtas_fn)(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c);

struct spapr_rtas_entry {
    const char *name; /* "get-time-of-day" */
    uint32_t token;
    uint8_t nargs_min, nargs_max, nret_min, nret_max;
    spapr_rtas_fn fn;
};

struct spapr_rtas_table {
    struct spapr_rtas_entry *entries; /* in registration order; token = base + index */
    size_t count, alloc;
};

void spapr_rtas_table_init(struct spapr_rtas_table *t);
void spapr_rtas_table_fini(struct spapr_rtas_table *t);

/* Register a call; returns its token (> 0) or -EEXIST / -EINVAL. */
int spapr_rtas_register(struct spapr_machine *m, const char *name, unsigned nargs_min,
                        unsigned nargs_max, unsigned nret_min, unsigned nret_max, spapr_rtas_fn fn);

const struct spapr_rtas_entry *spapr_rtas_lookup_token(const struct spapr_machine *m, uint32_t token);
/* Token of a registered call, or -1 (RTAS_UNKNOWN_SERVICE). */
int64_t spapr_rtas_token(const struct spapr_machine *m, const char *name);

/* Run the call whose buffer is at guest address 'buffer'. Returns H_SUCCESS
 * when the buffer could be read (the RTAS status is then in the buffer) and
 * H_PARAMETER when the header itself lies outside guest RAM. */
long spapr_rtas_call_buffer(struct spapr_machine *m, unsigned vcpu, uint64_t buffer);

/* Register the KVMPPC_H_RTAS hypercall that leads here. */
int spapr_rtas_register_hcall(struct spapr_machine *m);

/* Size of the in-guest RTAS blob QEMU's convention reserves (rtas-size). */
#define SPAPR_RTAS_SIZE 2048

#endif
