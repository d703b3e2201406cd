/* store-backend.h: the daemon's domain store and machines seen through the
 * libvirt RPC server's backend vtable (domain-backend.h), so that virsh and
 * D-Bus clients see and change the same domains.
 *
 * Part of daemon/: created by the manager next to the RPC server; the
 * manager forwards definition and state changes to it
 * (store_backend_notify_*), and it turns them into libvirt lifecycle
 * events for the server's subscribers.  Long operations (start) are started
 * here and complete through those events, as domain-backend.h asks.
 */
#pragma once

#include "domain-backend.h"
#include "machine.h"

struct manager;
struct store_backend;

struct store_backend *store_backend_new(struct manager *manager);
void store_backend_free(struct store_backend *b);
DomainBackend store_backend_get(struct store_backend *b);

enum store_backend_change {
    STORE_BACKEND_DEFINED,
    STORE_BACKEND_UPDATED,
    STORE_BACKEND_UNDEFINED,
};
void store_backend_notify_definition(struct store_backend *b, struct machine *machine,
                                     enum store_backend_change change);
void store_backend_notify_state(struct store_backend *b, struct machine *machine,
                                enum machine_state old_state);
