/* rpc-dispatch.h: the procedure registry of the libvirt RPC server.
 *
 * Part of the libvirt RPC server in daemon/.  A program (the "remote"
 * program 0x20008086, later perhaps others) is a table of named procedures:
 * number, name, argument decoder, handler and flags.  rpc_dispatch_call()
 * turns one received CALL into one encoded REPLY: it finds the program and
 * procedure, decodes and validates the arguments, then checks access (open
 * connection, read-only socket), then runs the handler.  Every failure
 * becomes an error reply; only a broken transport closes the connection.
 * The server (rpc-server.h) owns connections; handlers see only RpcCall.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rpc-error.h"
#include "rpc-message.h"
#include "xdr.h"

typedef struct RpcServer RpcServer;
typedef struct RpcClient RpcClient;

/* Per-connection protocol state, owned by the client in rpc-server.c. */
typedef struct RpcConnState {
        bool opened;          /* CONNECT_OPEN succeeded */
        bool readonly;        /* read-only socket or VIR_CONNECT_RO */
        bool socket_readonly; /* accepted on the -ro socket */
        bool keepalive;       /* client announced keepalive support */
        bool close_callback;  /* CONNECT_REGISTER_CLOSE_CALLBACK */
        bool have_peer;       /* peer credentials known (SO_PEERCRED) */
        struct ucred peer;
        char *uri;            /* as opened */
        GArray *event_callbacks; /* RpcEventCallback */
        int32_t next_callback_id;
} RpcConnState;

typedef struct RpcEventCallback {
        int32_t id;
        int32_t event_id;     /* VIR_DOMAIN_EVENT_ID_* */
        bool has_uuid;        /* filter on one domain */
        uint8_t uuid[16];
} RpcEventCallback;

typedef struct RpcCall {
        RpcServer *server;
        RpcClient *client;
        RpcConnState *conn;
        const RpcHeader *header;
        const struct RpcProcedure *proc;
        RpcError error;
        bool deferred;        /* rpc_call_defer(): the reply comes later */
} RpcCall;

typedef int (*RpcArgsDecoder)(XdrDecoder *d, void *args);
/* Returns 0 and encodes the return value into ret, or a negative errno
 * with call->error set (rpc_error_set).  A handler that deferred its reply
 * (rpc_call_defer in rpc-server.h) returns 0 and encodes nothing. */
typedef int (*RpcHandler)(RpcCall *call, const void *args, XdrEncoder *ret);

typedef enum RpcProcFlags {
        RPC_PROC_WRITE = 1u << 0,       /* refused on read-only connections */
        RPC_PROC_BEFORE_OPEN = 1u << 1, /* allowed before CONNECT_OPEN */
        RPC_PROC_NO_REPLY = 1u << 2,    /* handler queued its own messages */
} RpcProcFlags;

typedef struct RpcProcedure {
        int32_t number;
        const char *name;
        size_t args_size;          /* 0: the procedure takes no arguments */
        RpcArgsDecoder decode_args;
        RpcHandler handler;
        unsigned flags;
} RpcProcedure;

typedef struct RpcProgram {
        uint32_t program;
        uint32_t version;
        const RpcProcedure *procs;
        size_t n_procs;
} RpcProgram;

const RpcProcedure *rpc_program_find(const RpcProgram *p, int32_t number);

/* Dispatches one CALL message and encodes the complete reply message (length
 * word included) into *reply.  Returns 0 when *reply holds a message to send,
 * 1 when there is nothing to send, negative errno when the connection must be
 * closed. */
int rpc_dispatch_call(const RpcProgram *const *programs, size_t n_programs,
                      RpcCall *call, const RpcMessage *msg, XdrEncoder *reply);

/* Encodes an error reply for the header of a call. */
int rpc_encode_error_reply(XdrEncoder *reply, const RpcHeader *call_header, const RpcError *err);

void rpc_conn_state_init(RpcConnState *s);
void rpc_conn_state_clear(RpcConnState *s);
