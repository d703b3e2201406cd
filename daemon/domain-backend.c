/* domain-backend.c: helpers for the types of domain-backend.h (the contract
 * between the libvirt RPC server and the daemon's domain store). */
#include "domain-backend.h"

void domain_ref_clear(DomainRef *r) {
        g_clear_pointer(&r->name, g_free);
}

void domain_ref_array_free(DomainRef *refs, size_t n) {
        for (size_t i = 0; refs && i < n; i++)
                domain_ref_clear(&refs[i]);
        g_free(refs);
}

void domain_status_clear(DomainStatus *s) {
        g_clear_pointer(&s->os_type, g_free);
}
