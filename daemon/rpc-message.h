/* rpc-message.h: libvirt RPC message framing.
 *
 * Part of the libvirt RPC server in daemon/.  A message on the wire is a
 * 4-byte big-endian length (counting itself), a 24-byte header and a payload
 * (XDR, see xdr.h).  RpcReader assembles messages from a non-blocking socket
 * (or from bytes, for tests and the fuzzer) without ever trusting the length
 * word; RpcWriteQueue holds encoded messages until the socket takes them.
 * Procedure semantics live in rpc-dispatch.h.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#include "xdr.h"

/* Protocol constants (public facts of the libvirt RPC protocol). */
#define RPC_LEN_SIZE 4u
#define RPC_HEADER_SIZE 24u
/* Largest message (header + payload), not counting the length word. */
#define RPC_MESSAGE_MAX (32u * 1024u * 1024u)
#define RPC_STRING_MAX 4194304u          /* VIR_NET_MESSAGE_STRING_MAX */

#define RPC_PROGRAM_REMOTE 0x20008086u
#define RPC_PROTOCOL_VERSION_REMOTE 1u
#define RPC_PROGRAM_KEEPALIVE 0x6b656570u
#define RPC_PROTOCOL_VERSION_KEEPALIVE 1u
#define RPC_KEEPALIVE_PROC_PING 1
#define RPC_KEEPALIVE_PROC_PONG 2

typedef enum RpcMessageType {
        RPC_TYPE_CALL = 0,
        RPC_TYPE_REPLY = 1,
        RPC_TYPE_MESSAGE = 2,
        RPC_TYPE_STREAM = 3,
        RPC_TYPE_CALL_WITH_FDS = 4,
        RPC_TYPE_REPLY_WITH_FDS = 5,
        RPC_TYPE_STREAM_HOLE = 6,
} RpcMessageType;

typedef enum RpcMessageStatus {
        RPC_STATUS_OK = 0,
        RPC_STATUS_ERROR = 1,
        RPC_STATUS_CONTINUE = 2,
} RpcMessageStatus;

typedef struct RpcHeader {
        uint32_t prog;
        uint32_t vers;
        int32_t proc;
        int32_t type;   /* RpcMessageType */
        uint32_t serial;
        int32_t status; /* RpcMessageStatus */
} RpcHeader;

/* Decodes the header; type and status must be known values. */
int rpc_header_decode(XdrDecoder *d, RpcHeader *h);
int rpc_header_encode(XdrEncoder *e, const RpcHeader *h);

/* One complete received message: header decoded, payload still XDR. */
typedef struct RpcMessage {
        RpcHeader header;
        uint8_t *buf;       /* header + payload, as received */
        size_t size;
        size_t payload_offset;
} RpcMessage;

RpcMessage *rpc_message_free(RpcMessage *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RpcMessage, rpc_message_free)
/* Parses a message body (everything after the length word). */
int rpc_message_parse(const uint8_t *body, size_t size, RpcMessage **ret);

/* ---- incremental reader ---- */

typedef struct RpcReader {
        uint8_t lenbuf[RPC_LEN_SIZE];
        size_t got;        /* bytes of lenbuf or body received */
        uint8_t *body;     /* NULL while reading the length word */
        size_t body_size;  /* as announced by the length word */
        size_t body_alloc; /* grows with the data actually received, so a
                            * length word alone cannot claim 32 MiB */
} RpcReader;

void rpc_reader_init(RpcReader *r);
void rpc_reader_clear(RpcReader *r);
/* True while part of a message has been received. */
bool rpc_reader_partial(const RpcReader *r);
/* Where the next bytes go and how many are wanted (never 0). */
void rpc_reader_want(RpcReader *r, uint8_t **buf, size_t *len);
/* Accounts n bytes written at the place rpc_reader_want() gave.  Returns 1
 * and a message when one is complete, 0 when more is needed, -EMSGSIZE for
 * a length above the maximum, -EBADMSG for one below the header size or a
 * malformed header. */
int rpc_reader_advance(RpcReader *r, size_t n, RpcMessage **ret);
/* Convenience for tests/fuzzing: consumes from data, stops after one
 * message; *consumed says how much was used. */
int rpc_reader_feed(RpcReader *r, const uint8_t *data, size_t size, size_t *consumed, RpcMessage **ret);
/* Reads from a non-blocking fd until a message is complete or the socket
 * has nothing more: 1 (message), 0 (EAGAIN), -ECONNRESET on EOF, or the
 * errors above / read()'s. */
int rpc_reader_read_fd(RpcReader *r, int fd, RpcMessage **ret);

/* ---- building messages ---- */

/* Starts a message: length placeholder + header. */
int rpc_message_begin(XdrEncoder *e, const RpcHeader *h);
/* Patches the length word; -EMSGSIZE if the message is too big. */
int rpc_message_end(XdrEncoder *e);

/* ---- outgoing queue ---- */

typedef struct RpcWriteQueue {
        GQueue items;   /* GBytes */
        size_t offset;  /* into the head item */
        size_t bytes;   /* total queued */
} RpcWriteQueue;

void rpc_write_queue_init(RpcWriteQueue *q);
void rpc_write_queue_clear(RpcWriteQueue *q);
/* Takes ownership of buf (g_malloc'ed). */
void rpc_write_queue_push(RpcWriteQueue *q, uint8_t *buf, size_t size);
bool rpc_write_queue_empty(const RpcWriteQueue *q);
/* Writes as much as the fd takes: 0 when empty, 1 when data remains
 * (EAGAIN), negative errno on error. */
int rpc_write_queue_flush(RpcWriteQueue *q, int fd);
