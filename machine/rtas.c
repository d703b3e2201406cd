/* machine/rtas.c: the per-machine RTAS registry and the call path from the
 * KVMPPC_H_RTAS hypercall to a handler (see rtas.h). The argument buffer is
 * guest memory: every cell is fetched through the bounds-checked RAM
 * accessors, counts are checked against RTAS_MAX_CELLS and the registered
 * bounds, and a bad call is answered with RTAS -3 in rets[0] when there is
 * a return cell to write it to. */
#include "rtas.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

void spapr_rtas_table_init(struct spapr_rtas_table *t)
{
    memset(t, 0, sizeof(*t));
}

void spapr_rtas_table_fini(struct spapr_rtas_table *t)
{
    free(t->entries);
    memset(t, 0, sizeof(*t));
}

int spapr_rtas_register(struct spapr_machine *m, const char *name, unsigned nargs_min,
                        unsigned nargs_max, unsigned nret_min, unsigned nret_max, spapr_rtas_fn fn)
{
    struct spapr_rtas_table *t = &m->rtas;
    if (!name || !fn || nargs_min > nargs_max || nret_min > nret_max || nret_min < 1 ||
        nargs_max + nret_max > RTAS_MAX_CELLS)
        return -EINVAL;
    if (spapr_rtas_token(m, name) >= 0)
        return -EEXIST;
    if (t->count == t->alloc) {
        size_t n = t->alloc ? t->alloc * 2 : 32;
        struct spapr_rtas_entry *e = realloc(t->entries, n * sizeof(*e));
        if (!e)
            return -ENOMEM;
        t->entries = e;
        t->alloc = n;
    }
    uint32_t token = RTAS_TOKEN_BASE + (uint32_t)t->count;
    t->entries[t->count++] = (struct spapr_rtas_entry){
        .name = name,
        .token = token,
        .nargs_min = (uint8_t)nargs_min,
        .nargs_max = (uint8_t)nargs_max,
        .nret_min = (uint8_t)nret_min,
        .nret_max = (uint8_t)nret_max,
        .fn = fn,
    };
    return (int)token;
}

const struct spapr_rtas_entry *spapr_rtas_lookup_token(const struct spapr_machine *m, uint32_t token)
{
    if (token < RTAS_TOKEN_BASE || token - RTAS_TOKEN_BASE >= m->rtas.count)
        return NULL;
    return &m->rtas.entries[token - RTAS_TOKEN_BASE];
}

int64_t spapr_rtas_token(const struct spapr_machine *m, const char *name)
{
    for (size_t i = 0; i < m->rtas.count; i++)
        if (strcmp(m->rtas.entries[i].name, name) == 0)
            return m->rtas.entries[i].token;
    return -1;
}

long spapr_rtas_call_buffer(struct spapr_machine *m, unsigned vcpu, uint64_t buffer)
{
    struct spapr_rtas_call c;
    memset(&c, 0, sizeof(c));
    c.buffer = buffer;
    if (!guest_ram_range_ok(&m->ram, buffer, 12))
        return H_PARAMETER;
    guest_ram_ld32_be(&m->ram, buffer, &c.token);
    guest_ram_ld32_be(&m->ram, buffer + 4, &c.nargs);
    guest_ram_ld32_be(&m->ram, buffer + 8, &c.nret);
    uint64_t args = buffer + 12;

    /* Counts beyond the architected buffer: nothing sensible to read or
     * write; answer in the first return cell if that cell exists. */
    if (c.nargs > RTAS_MAX_CELLS || c.nret > RTAS_MAX_CELLS ||
        c.nargs + c.nret > RTAS_MAX_CELLS) {
        if (c.nret >= 1 && c.nargs <= RTAS_MAX_CELLS)
            guest_ram_st32_be(&m->ram, args + 4ull * c.nargs, (uint32_t)RTAS_OUT_PARAM_ERROR);
        return H_SUCCESS;
    }
    /* The whole buffer must be in RAM before anything is done. */
    if (!guest_ram_range_ok(&m->ram, args, 4ull * (c.nargs + c.nret)))
        return H_PARAMETER;
    for (uint32_t i = 0; i < c.nargs; i++)
        guest_ram_ld32_be(&m->ram, args + 4ull * i, &c.args[i]);

    /* An unknown token or counts outside the call's bounds: -3 (as QEMU's
     * sPAPR answers; Linux never calls a token the tree does not list). */
    const struct spapr_rtas_entry *e = spapr_rtas_lookup_token(m, c.token);
    if (!e || c.nargs < e->nargs_min || c.nargs > e->nargs_max || c.nret < e->nret_min ||
        c.nret > e->nret_max) {
        if (c.nret >= 1)
            guest_ram_st32_be(&m->ram, args + 4ull * c.nargs, (uint32_t)RTAS_OUT_PARAM_ERROR);
        return H_SUCCESS;
    }
    if (!spapr_vcpu_valid(m, vcpu)) {
        guest_ram_st32_be(&m->ram, args + 4ull * c.nargs, (uint32_t)RTAS_OUT_HW_ERROR);
        return H_SUCCESS;
    }
    e->fn(m, vcpu, &c);
    for (uint32_t i = 0; i < c.nret; i++)
        guest_ram_st32_be(&m->ram, args + 4ull * (c.nargs + i), c.rets[i]);
    return H_SUCCESS;
}

static void h_rtas(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    r->status = spapr_rtas_call_buffer(m, vcpu, a->args[0]);
}

int spapr_rtas_register_hcall(struct spapr_machine *m)
{
    return spapr_hcall_register(m, KVMPPC_H_RTAS, "KVMPPC_H_RTAS", NULL, h_rtas);
}
