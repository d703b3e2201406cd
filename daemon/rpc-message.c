/* rpc-message.c: libvirt RPC message framing; see rpc-message.h.
 *
 * Sits between the XDR codec (xdr.c) and the per-client connection code
 * (rpc-server.c). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "rpc-message.h"

int rpc_header_decode(XdrDecoder *d, RpcHeader *h) {
        int r;
        if ((r = xdr_dec_uint(d, &h->prog)) < 0 ||
            (r = xdr_dec_uint(d, &h->vers)) < 0 ||
            (r = xdr_dec_int(d, &h->proc)) < 0 ||
            (r = xdr_dec_enum(d, RPC_TYPE_CALL, RPC_TYPE_STREAM_HOLE, &h->type)) < 0 ||
            (r = xdr_dec_uint(d, &h->serial)) < 0 ||
            (r = xdr_dec_enum(d, RPC_STATUS_OK, RPC_STATUS_CONTINUE, &h->status)) < 0)
                return -EBADMSG;
        return 0;
}

int rpc_header_encode(XdrEncoder *e, const RpcHeader *h) {
        xdr_enc_uint(e, h->prog);
        xdr_enc_uint(e, h->vers);
        xdr_enc_int(e, h->proc);
        xdr_enc_int(e, h->type);
        xdr_enc_uint(e, h->serial);
        return xdr_enc_int(e, h->status);
}

RpcMessage *rpc_message_free(RpcMessage *m) {
        if (m) {
                g_free(m->buf);
                g_free(m);
        }
        return NULL;
}

static int message_from_buffer(uint8_t *buf, size_t size, RpcMessage **ret) {
        XdrDecoder d;
        RpcHeader h;
        xdr_decoder_init(&d, buf, size);
        int r = rpc_header_decode(&d, &h);
        if (r < 0) {
                g_free(buf);
                return r;
        }
        RpcMessage *m = g_new0(RpcMessage, 1);
        m->header = h;
        m->buf = buf;
        m->size = size;
        m->payload_offset = RPC_HEADER_SIZE;
        *ret = m;
        return 0;
}

int rpc_message_parse(const uint8_t *body, size_t size, RpcMessage **ret) {
        if (size < RPC_HEADER_SIZE)
                return -EBADMSG;
        if (size > RPC_MESSAGE_MAX)
                return -EMSGSIZE;
        return message_from_buffer(g_memdup2(body, size), size, ret);
}

void rpc_reader_init(RpcReader *r) {
        *r = (RpcReader) {};
}

void rpc_reader_clear(RpcReader *r) {
        g_free(r->body);
        *r = (RpcReader) {};
}

bool rpc_reader_partial(const RpcReader *r) {
        return r->got > 0 || r->body != NULL;
}

/* First allocation for a message body; doubled as data arrives. */
#define READER_INITIAL_ALLOC 65536u

void rpc_reader_want(RpcReader *r, uint8_t **buf, size_t *len) {
        if (!r->body) {
                *buf = r->lenbuf + r->got;
                *len = RPC_LEN_SIZE - r->got;
                return;
        }
        if (r->got == r->body_alloc) {
                size_t a = MIN(r->body_alloc * 2, r->body_size);
                r->body = g_realloc(r->body, a);
                r->body_alloc = a;
        }
        *buf = r->body + r->got;
        *len = r->body_alloc - r->got;
}

int rpc_reader_advance(RpcReader *r, size_t n, RpcMessage **ret) {
        r->got += n;
        if (!r->body) {
                if (r->got < RPC_LEN_SIZE)
                        return 0;
                uint32_t total = (uint32_t) r->lenbuf[0] << 24 | (uint32_t) r->lenbuf[1] << 16 |
                                 (uint32_t) r->lenbuf[2] << 8 | r->lenbuf[3];
                if (total > RPC_MESSAGE_MAX + RPC_LEN_SIZE)
                        return -EMSGSIZE;
                if (total < RPC_LEN_SIZE + RPC_HEADER_SIZE)
                        return -EBADMSG;
                r->body_size = total - RPC_LEN_SIZE;
                r->body_alloc = MIN(r->body_size, READER_INITIAL_ALLOC);
                r->body = g_malloc(r->body_alloc);
                r->got = 0;
                return 0;
        }
        if (r->got < r->body_size)
                return 0;
        uint8_t *body = r->body;
        size_t size = r->body_size;
        *r = (RpcReader) {};
        int k = message_from_buffer(body, size, ret);
        return k < 0 ? k : 1;
}

int rpc_reader_feed(RpcReader *r, const uint8_t *data, size_t size, size_t *consumed, RpcMessage **ret) {
        size_t used = 0;
        int k = 0;
        while (used < size) {
                uint8_t *buf;
                size_t want;
                rpc_reader_want(r, &buf, &want);
                size_t n = MIN(want, size - used);
                memcpy(buf, data + used, n);
                used += n;
                k = rpc_reader_advance(r, n, ret);
                if (k != 0)
                        break;
        }
        *consumed = used;
        return k;
}

int rpc_reader_read_fd(RpcReader *r, int fd, RpcMessage **ret) {
        for (;;) {
                uint8_t *buf;
                size_t want;
                rpc_reader_want(r, &buf, &want);
                ssize_t n = read(fd, buf, want);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN || errno == EWOULDBLOCK)
                                return 0;
                        return -errno;
                }
                if (n == 0)
                        return -ECONNRESET;
                int k = rpc_reader_advance(r, (size_t) n, ret);
                if (k != 0)
                        return k;
        }
}

int rpc_message_begin(XdrEncoder *e, const RpcHeader *h) {
        xdr_enc_uint(e, 0);
        return rpc_header_encode(e, h);
}

int rpc_message_end(XdrEncoder *e) {
        if (e->error)
                return e->error;
        if (e->size > RPC_MESSAGE_MAX + RPC_LEN_SIZE)
                return -EMSGSIZE;
        return xdr_enc_patch_uint(e, 0, (uint32_t) e->size);
}

void rpc_write_queue_init(RpcWriteQueue *q) {
        *q = (RpcWriteQueue) {};
        g_queue_init(&q->items);
}

void rpc_write_queue_clear(RpcWriteQueue *q) {
        g_queue_clear_full(&q->items, (GDestroyNotify) g_bytes_unref);
        q->offset = 0;
        q->bytes = 0;
}

void rpc_write_queue_push(RpcWriteQueue *q, uint8_t *buf, size_t size) {
        g_queue_push_tail(&q->items, g_bytes_new_take(buf, size));
        q->bytes += size;
}

bool rpc_write_queue_empty(const RpcWriteQueue *q) {
        return q->items.length == 0;
}

int rpc_write_queue_flush(RpcWriteQueue *q, int fd) {
        while (!g_queue_is_empty(&q->items)) {
                GBytes *b = g_queue_peek_head(&q->items);
                size_t size;
                const uint8_t *p = g_bytes_get_data(b, &size);
                ssize_t n = send(fd, p + q->offset, size - q->offset, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN || errno == EWOULDBLOCK)
                                return 1;
                        return -errno;
                }
                q->offset += (size_t) n;
                q->bytes -= (size_t) n;
                if (q->offset == size) {
                        g_bytes_unref(g_queue_pop_head(&q->items));
                        q->offset = 0;
                }
        }
        return 0;
}
