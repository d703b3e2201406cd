/* remote-events.h: domain event messages of the libvirt "remote" program.
 *
 * Part of the libvirt RPC server in daemon/.  rpc-server.c calls
 * remote_events_encode_lifecycle() for each client callback that matches a
 * backend event; the register/deregister procedures are in remote-events.c.
 */
#pragma once

#include "domain-backend.h"
#include "rpc-dispatch.h"

/* True if callback cb wants a lifecycle event of dom. */
bool remote_events_match(const RpcEventCallback *cb, int32_t event_id, const DomainRef *dom);
/* Encodes the complete MESSAGE of a DomainEvent for callback callback_id;
 * -EOPNOTSUPP for event ids it does not know. */
int remote_events_encode_other(XdrEncoder *e, int32_t callback_id, const DomainEvent *ev);
/* Encodes a complete MESSAGE (REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE). */
int remote_events_encode_lifecycle(XdrEncoder *e, int32_t callback_id, const DomainRef *dom,
                                   int32_t event, int32_t detail);
