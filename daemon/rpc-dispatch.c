/* rpc-dispatch.c: procedure registry and call dispatch; see rpc-dispatch.h. */
#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "rpc-dispatch.h"

const RpcProcedure *rpc_program_find(const RpcProgram *p, int32_t number) {
        for (size_t i = 0; i < p->n_procs; i++)
                if (p->procs[i].number == number)
                        return &p->procs[i];
        return NULL;
}

void rpc_conn_state_init(RpcConnState *s) {
        *s = (RpcConnState) { .next_callback_id = 1 };
        s->event_callbacks = g_array_new(FALSE, TRUE, sizeof(RpcEventCallback));
}

void rpc_conn_state_clear(RpcConnState *s) {
        g_clear_pointer(&s->uri, g_free);
        if (s->event_callbacks)
                g_array_free(s->event_callbacks, TRUE);
        s->event_callbacks = NULL;
}

int rpc_encode_error_reply(XdrEncoder *reply, const RpcHeader *call_header, const RpcError *err) {
        RpcHeader h = *call_header;
        h.type = RPC_TYPE_REPLY;
        h.status = RPC_STATUS_ERROR;
        xdr_encoder_clear(reply);
        rpc_message_begin(reply, &h);
        rpc_error_encode(reply, err);
        return rpc_message_end(reply);
}

static int reply_error(XdrEncoder *reply, const RpcHeader *h, RpcError *err) {
        int r = rpc_encode_error_reply(reply, h, err);
        rpc_error_clear(err);
        return r;
}

int rpc_dispatch_call(const RpcProgram *const *programs, size_t n_programs,
                      RpcCall *call, const RpcMessage *msg, XdrEncoder *reply) {
        const RpcHeader *h = &msg->header;
        const RpcProgram *prog = NULL;
        int r;

        call->header = h;
        call->proc = NULL;

        if (h->type == RPC_TYPE_CALL_WITH_FDS) {
                rpc_error_set(&call->error, VIR_ERR_NO_SUPPORT, VIR_FROM_RPC,
                              _("passing file descriptors is not supported by pseriesd"));
                return reply_error(reply, h, &call->error);
        }
        if (h->type != RPC_TYPE_CALL)
                return -EINVAL;
        if (h->status != RPC_STATUS_OK) {
                rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_RPC,
                              _("a call must have status OK, not %d"), h->status);
                return reply_error(reply, h, &call->error);
        }

        for (size_t i = 0; i < n_programs; i++)
                if (programs[i]->program == h->prog && programs[i]->version == h->vers)
                        prog = programs[i];
        if (!prog) {
                rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_RPC,
                              _("Cannot find program %#x version %u"), h->prog, h->vers);
                return reply_error(reply, h, &call->error);
        }

        const RpcProcedure *p = rpc_program_find(prog, h->proc);
        if (!p) {
                rpc_error_set(&call->error, VIR_ERR_NO_SUPPORT, VIR_FROM_RPC,
                              _("this function is not supported by the connection driver: "
                                "pseriesd does not implement libvirt remote procedure %d"),
                              h->proc);
                return reply_error(reply, h, &call->error);
        }
        call->proc = p;

        /* 1. Validate the arguments: decode all of them, nothing may remain. */
        XdrDecoder d;
        xdr_decoder_init(&d, msg->buf + msg->payload_offset, msg->size - msg->payload_offset);
        g_autofree void *args = p->args_size ? g_malloc0(p->args_size) : NULL;
        r = 0;
        if (p->decode_args)
                r = p->decode_args(&d, args);
        if (r >= 0)
                r = xdr_decoder_finish(&d);
        if (r < 0) {
                xdr_decoder_clear(&d);
                rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_RPC,
                              _("cannot decode the arguments of %s"), p->name);
                return reply_error(reply, h, &call->error);
        }

        /* 2. Authorise. */
        if (!(p->flags & RPC_PROC_BEFORE_OPEN) && !call->conn->opened) {
                rpc_error_set(&call->error, VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                              _("connection not open"));
        } else if ((p->flags & RPC_PROC_WRITE) && call->conn->readonly) {
                rpc_error_set(&call->error, VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC,
                              _("read only access prevents %s"), p->name);
        }
        if (call->error.code) {
                xdr_decoder_clear(&d);
                return reply_error(reply, h, &call->error);
        }

        /* 3. Run. */
        RpcHeader rh = *h;
        rh.type = RPC_TYPE_REPLY;
        rh.status = RPC_STATUS_OK;
        xdr_encoder_clear(reply);
        rpc_message_begin(reply, &rh);
        r = p->handler(call, args, reply);
        xdr_decoder_clear(&d);
        if (call->deferred || (r >= 0 && (p->flags & RPC_PROC_NO_REPLY))) {
                xdr_encoder_clear(reply);
                return 1;
        }
        if (r >= 0)
                r = rpc_message_end(reply);
        if (r < 0) {
                if (!call->error.code) {
                        if (r == -EMSGSIZE)
                                rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_RPC,
                                              _("the reply to %s is too large"), p->name);
                        else
                                rpc_error_set(&call->error, VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                                              _("%s failed: %s"), p->name, g_strerror(-r));
                }
                return reply_error(reply, h, &call->error);
        }
        return 0;
}
