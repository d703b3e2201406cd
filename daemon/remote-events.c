/* remote-events.c: domain event callback procedures and event messages;
 * see remote-events.h.  Part of the libvirt RPC server in daemon/. */
#include <errno.h>
#include <string.h>

#define VIR_ENUM_SENTINELS
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote-events.h"
#include "remote-handlers.h"
#include "remote-protocol.h"
#include "rpc-server.h"

/* Most callbacks one connection may hold. */
#define MAX_CALLBACKS_PER_CLIENT 1024

REMOTE_HANDLER(remote_connect_domain_event_callback_register_any) {
        const RemoteArgsEventRegister *a = args;
        RpcConnState *c = call->conn;

        if (a->event_id < 0 || a->event_id >= VIR_DOMAIN_EVENT_ID_LAST)
                return rpc_error_set(&call->error, VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE,
                                     _("unsupported event ID %d"), a->event_id);
        if (c->event_callbacks->len >= MAX_CALLBACKS_PER_CLIENT)
                return rpc_error_set(&call->error, VIR_ERR_OPERATION_FAILED, VIR_FROM_REMOTE,
                                     _("too many event callbacks on this connection"));
        if (c->next_callback_id == INT32_MAX)
                return rpc_error_set(&call->error, VIR_ERR_OPERATION_FAILED, VIR_FROM_REMOTE,
                                     _("event callback IDs exhausted on this connection"));
        RpcEventCallback cb = {
                .id = c->next_callback_id++,
                .event_id = a->event_id,
                .has_uuid = a->has_dom,
        };
        if (a->has_dom)
                memcpy(cb.uuid, a->dom.uuid, sizeof cb.uuid);
        g_array_append_val(c->event_callbacks, cb);
        return xdr_enc_int(ret, cb.id);
}

REMOTE_HANDLER(remote_connect_domain_event_callback_deregister_any) {
        const RemoteArgsInt *a = args;
        GArray *cbs = call->conn->event_callbacks;
        (void) ret;
        for (guint i = 0; i < cbs->len; i++)
                if (g_array_index(cbs, RpcEventCallback, i).id == a->value) {
                        g_array_remove_index(cbs, i);
                        return 0;
                }
        return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                             _("domain event callback %d not registered"), a->value);
}

bool remote_events_match(const RpcEventCallback *cb, int32_t event_id, const DomainRef *dom) {
        if (cb->event_id != event_id)
                return false;
        return !cb->has_uuid || memcmp(cb->uuid, dom->uuid, sizeof cb->uuid) == 0;
}

int remote_events_encode_other(XdrEncoder *e, int32_t callback_id, const DomainEvent *ev) {
        int32_t proc;
        switch (ev->id) {
        case VIR_DOMAIN_EVENT_ID_REBOOT: proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT; break;
        case VIR_DOMAIN_EVENT_ID_WATCHDOG: proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_WATCHDOG; break;
        case VIR_DOMAIN_EVENT_ID_CONTROL_ERROR: proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_CONTROL_ERROR; break;
        case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED: proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED; break;
        case VIR_DOMAIN_EVENT_ID_DEVICE_ADDED: proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_ADDED; break;
        case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED:
                proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED;
                break;
        default:
                return -EOPNOTSUPP;
        }
        RpcHeader h = {
                .prog = RPC_PROGRAM_REMOTE,
                .vers = RPC_PROTOCOL_VERSION_REMOTE,
                .proc = proc,
                .type = RPC_TYPE_MESSAGE,
                .status = RPC_STATUS_OK,
        };
        rpc_message_begin(e, &h);
        xdr_enc_int(e, callback_id);
        remote_enc_domain(e, ev->dom);
        if (ev->id == VIR_DOMAIN_EVENT_ID_WATCHDOG)
                xdr_enc_int(e, ev->action);
        else if (ev->id == VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED || ev->id == VIR_DOMAIN_EVENT_ID_DEVICE_ADDED ||
                 ev->id == VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED)
                xdr_enc_string(e, ev->dev_alias ? ev->dev_alias : "", REMOTE_STRING_MAX);
        return rpc_message_end(e);
}

int remote_events_encode_lifecycle(XdrEncoder *e, int32_t callback_id, const DomainRef *dom,
                                   int32_t event, int32_t detail) {
        RpcHeader h = {
                .prog = RPC_PROGRAM_REMOTE,
                .vers = RPC_PROTOCOL_VERSION_REMOTE,
                .proc = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                .type = RPC_TYPE_MESSAGE,
                .serial = 0,
                .status = RPC_STATUS_OK,
        };
        rpc_message_begin(e, &h);
        xdr_enc_int(e, callback_id);
        remote_enc_domain(e, dom);
        xdr_enc_int(e, event);
        xdr_enc_int(e, detail);
        return rpc_message_end(e);
}
