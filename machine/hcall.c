/* machine/hcall.c: the per-machine hypercall registry and the dispatch
 * entry the engine calls for "sc 1" (see hcall.h). The table is a sorted
 * array searched by opcode; registration happens at machine creation, so
 * dispatch only reads it and needs no lock. */
#include "hcall.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "papr.h"

void spapr_hcall_table_init(struct spapr_hcall_table *t)
{
    memset(t, 0, sizeof(*t));
}

void spapr_hcall_table_fini(struct spapr_hcall_table *t)
{
    free(t->entries);
    memset(t, 0, sizeof(*t));
}

static bool opcode_ok(uint64_t opcode)
{
    if (opcode >= KVMPPC_HCALL_BASE && opcode <= KVMPPC_HCALL_MAX)
        return true;
    return opcode != 0 && opcode <= MAX_HCALL_OPCODE && (opcode & 3) == 0;
}

/* Index of the first entry with opcode >= 'opcode'. */
static size_t lower_bound(const struct spapr_hcall_table *t, uint64_t opcode)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->entries[mid].opcode < opcode)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int spapr_hcall_register(struct spapr_machine *m, uint64_t opcode, const char *name,
                         const char *hypertas, spapr_hcall_fn fn)
{
    struct spapr_hcall_table *t = &m->hcalls;
    if (!fn || !name || !opcode_ok(opcode))
        return -EINVAL;
    size_t i = lower_bound(t, opcode);
    if (i < t->count && t->entries[i].opcode == opcode)
        return -EEXIST;
    if (t->count == t->alloc) {
        size_t n = t->alloc ? t->alloc * 2 : 32;
        struct spapr_hcall_entry *e = realloc(t->entries, n * sizeof(*e));
        if (!e)
            return -ENOMEM;
        t->entries = e;
        t->alloc = n;
    }
    memmove(&t->entries[i + 1], &t->entries[i], (t->count - i) * sizeof(t->entries[0]));
    t->entries[i] = (struct spapr_hcall_entry){
        .opcode = opcode, .name = name, .hypertas = hypertas, .fn = fn};
    t->count++;
    return 0;
}

const struct spapr_hcall_entry *spapr_hcall_lookup(const struct spapr_machine *m, uint64_t opcode)
{
    const struct spapr_hcall_table *t = &m->hcalls;
    size_t i = lower_bound(t, opcode);
    if (i < t->count && t->entries[i].opcode == opcode)
        return &t->entries[i];
    return NULL;
}

void spapr_hcall_dispatch(struct spapr_machine *m, unsigned vcpu,
                          const struct spapr_hcall_args *a, struct spapr_hcall_ret *r)
{
    memset(r, 0, sizeof(*r));
    const struct spapr_hcall_entry *e = spapr_hcall_lookup(m, a->opcode);
    if (!e || !spapr_vcpu_valid(m, vcpu)) {
        r->status = H_FUNCTION;
        return;
    }
    e->fn(m, vcpu, a, r);
}

int spapr_hcall_hypertas_strings(const struct spapr_machine *m, char *buf, size_t size)
{
    /* Groups in order of first registration would need the registration
     * order; the table is sorted by opcode, which is stable and just as
     * good: list each group at its lowest opcode. */
    size_t used = 0;
    for (size_t i = 0; i < m->hcalls.count; i++) {
        const char *g = m->hcalls.entries[i].hypertas;
        if (!g)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *h = m->hcalls.entries[j].hypertas;
            seen = h && strcmp(g, h) == 0;
        }
        if (seen)
            continue;
        size_t n = strlen(g) + 1;
        if (n > size - used)
            return -ENOSPC;
        memcpy(buf + used, g, n);
        used += n;
    }
    return (int)used;
}
