/* rpc-server.c: the libvirt RPC server of pseriesd; see rpc-server.h.
 *
 * Connection handling on sd-event: listening sockets, per-client reader and
 * write queue (rpc-message.c), dispatch of calls (rpc-dispatch.c with the
 * table of remote-program.c), keepalive, and fan-out of backend domain
 * events (remote-events.c).  Single-threaded: every callback runs on the
 * server's event loop. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define VIR_ENUM_SENTINELS
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote-events.h"
#include "remote-handlers.h"
#include "rpc-dispatch.h"
#include "rpc-server.h"

#define USEC_PER_SEC 1000000ULL
/* Messages handled per wake-up of one client, for fairness. */
#define MAX_MESSAGES_PER_WAKEUP 16
/* Stop reading from a client whose unsent replies exceed this. */
#define OUTPUT_HIGH_WATER (8u * 1024u * 1024u)
/* Close a client whose unsent data exceeds this (it stopped reading while
 * events or stream data kept coming). */
#define OUTPUT_HARD_LIMIT (96u * 1024u * 1024u)

typedef struct RpcListener {
        RpcServer *server;
        int fd;
        bool readonly;
        char *path;            /* unlinked on free, if we created it */
        sd_event_source *io;
} RpcListener;

/* A data stream tied to one call (proc + serial), e.g. a console: bytes
 * from fd go to the client as STREAM messages and the client's STREAM
 * messages go to fd.  End of file on fd is an empty CONTINUE message to
 * the client; the stream then stays (fd closed) until the client finishes or
 * aborts it, which is confirmed with an empty OK, as libvirt's clients
 * expect (virStreamFinish waits for that confirmation). */
typedef struct RpcStream {
        RpcClient *client;
        int32_t proc;
        uint32_t serial;
        int fd;                /* -1 after end of file */
        sd_event_source *io;
        GByteArray *to_fd;     /* client data not yet written to fd */
        bool eof_sent;         /* waiting for the client's finish/abort */
} RpcStream;

/* Bytes read from a stream fd per STREAM message. */
#define STREAM_CHUNK 65536
/* Client data buffered for a stream fd: above the high water the server
 * stops reading the client's socket until the fd takes the data; above the
 * maximum (only reachable within one burst of messages) the stream is
 * aborted. */
#define STREAM_RX_HIGH_WATER (256u * 1024u)
#define STREAM_MAX_PENDING (64u * 1024u * 1024u)
/* Streams one client may have open (ended ones count until it finishes
 * them). */
#define STREAMS_PER_CLIENT 32

struct RpcClient {
        unsigned n_ref;        /* the server's table holds one */
        bool closed;
        RpcServer *server;
        int fd;
        sd_event_source *io;
        sd_event_source *keepalive_timer;
        RpcReader reader;
        RpcWriteQueue out;
        RpcConnState conn;
        uint64_t last_rx_usec;
        unsigned keepalive_unanswered;
        bool close_after_flush;
        uint32_t io_events;
        GPtrArray *streams;    /* RpcStream* */
};

struct RpcServer {
        sd_event *event;
        RpcServerConfig config;
        char *uri_mode;
        char *emulator_path;
        DomainBackend backend;
        bool subscribed;
        GPtrArray *listeners;  /* RpcListener* */
        GHashTable *clients;   /* RpcClient* set */
        RpcAuthorizeFunc authorize;
        void *authorize_data;
        const RpcProgram *programs[1];
};

void rpc_server_config_init(RpcServerConfig *c) {
        *c = (RpcServerConfig) {
                .uri_mode = "system",
                .emulator_path = "/usr/libexec/pseries-vm",
                .max_vcpus = 1024,
                .keepalive_interval = 5,
                .keepalive_count = 5,
                .max_clients = 512,
        };
}

const RpcServerConfig *rpc_server_get_config(const RpcServer *s) {
        return &s->config;
}

const DomainBackend *rpc_server_get_backend(const RpcServer *s) {
        return s->backend.ops ? &s->backend : NULL;
}

unsigned rpc_server_n_clients(const RpcServer *s) {
        return g_hash_table_size(s->clients);
}

static uint64_t now_usec(RpcServer *s) {
        uint64_t t = 0;
        sd_event_now(s->event, CLOCK_MONOTONIC, &t);
        return t;
}

/* ---- clients ---- */

static void stream_free(RpcStream *st) {
        if (!st)
                return;
        sd_event_source_disable_unref(st->io);
        if (st->fd >= 0)
                close(st->fd);
        g_byte_array_unref(st->to_fd);
        g_free(st);
}

/* Releases everything but the struct itself (which callers up the stack
 * may still hold a reference to). */
static void client_release(RpcClient *c) {
        if (c->streams)
                g_ptr_array_set_size(c->streams, 0);
        c->io = sd_event_source_disable_unref(c->io);
        c->keepalive_timer = sd_event_source_disable_unref(c->keepalive_timer);
        if (c->fd >= 0)
                close(c->fd);
        c->fd = -1;
        rpc_reader_clear(&c->reader);
        rpc_write_queue_clear(&c->out);
}

static void client_free(RpcClient *c) {
        client_release(c);
        if (c->streams)
                g_ptr_array_free(c->streams, TRUE);
        rpc_conn_state_clear(&c->conn);
        g_free(c);
}

static RpcClient *client_ref(RpcClient *c) {
        c->n_ref++;
        return c;
}

static void client_unref(RpcClient *c) {
        if (c && --c->n_ref == 0)
                client_free(c);
}

/* Disconnects the client now; the struct lives on while referenced, with
 * c->closed set, so code up the stack must check it after anything that
 * may send. */
static void client_close(RpcClient *c, const char *why) {
        if (c->closed)
                return;
        g_debug("rpc: closing client fd %d: %s", c->fd, why);
        c->closed = true;
        client_release(c);
        if (g_hash_table_steal(c->server->clients, c))
                client_unref(c);
}

/* A stream's fd lags behind what the client sends: stop reading the client. */
static bool client_streams_congested(const RpcClient *c) {
        for (guint i = 0; c->streams && i < c->streams->len; i++) {
                const RpcStream *st = c->streams->pdata[i];
                if (st->to_fd->len > STREAM_RX_HIGH_WATER)
                        return true;
        }
        return false;
}

static bool client_may_read(const RpcClient *c) {
        return !c->close_after_flush && c->out.bytes < OUTPUT_HIGH_WATER && !client_streams_congested(c);
}

static int client_update_events(RpcClient *c) {
        uint32_t ev = 0;
        if (c->closed)
                return 0;
        if (client_may_read(c))
                ev |= EPOLLIN;
        if (!rpc_write_queue_empty(&c->out))
                ev |= EPOLLOUT;
        if (ev == c->io_events)
                return 0;
        c->io_events = ev;
        return sd_event_source_set_io_events(c->io, ev);
}

/* Queues a complete encoded message and tries to send it right away.
 * Returns negative errno if the client had to be closed. */
static int client_send(RpcClient *c, XdrEncoder *e) {
        if (c->closed) {
                xdr_encoder_clear(e);
                return -ECONNRESET;
        }
        size_t size;
        uint8_t *buf = xdr_encoder_steal(e, &size);
        rpc_write_queue_push(&c->out, buf, size);
        int r = rpc_write_queue_flush(&c->out, c->fd);
        if (r > 0 && c->out.bytes > OUTPUT_HARD_LIMIT) {
                client_close(c, "client does not read its replies and events");
                return -ENOBUFS;
        }
        if (r < 0) {
                client_close(c, "write failed");
                return r;
        }
        r = client_update_events(c);
        if (r < 0) {
                client_close(c, "cannot update events");
                return r;
        }
        return 0;
}

static int client_send_keepalive(RpcClient *c, int32_t proc) {
        XdrEncoder e;
        RpcHeader h = {
                .prog = RPC_PROGRAM_KEEPALIVE,
                .vers = RPC_PROTOCOL_VERSION_KEEPALIVE,
                .proc = proc,
                .type = RPC_TYPE_MESSAGE,
                .serial = 0,
                .status = RPC_STATUS_OK,
        };
        xdr_encoder_init(&e, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
        rpc_message_begin(&e, &h);
        int r = rpc_message_end(&e);
        if (r < 0) {
                xdr_encoder_clear(&e);
                return r;
        }
        return client_send(c, &e);
}


/* ---- deferred replies ---- */

struct RpcDeferred {
        RpcClient *client;     /* a reference */
        RpcHeader header;      /* of the call */
};

RpcDeferred *rpc_call_defer(RpcCall *call) {
        if (!call->client || call->client->closed || call->deferred)
                return NULL;
        RpcDeferred *d = g_new0(RpcDeferred, 1);
        d->client = client_ref(call->client);
        d->header = *call->header;
        call->deferred = true;
        return d;
}

void rpc_deferred_cancel(RpcCall *call, RpcDeferred *d) {
        if (!d)
                return;
        call->deferred = false;
        client_unref(d->client);
        g_free(d);
}

void rpc_deferred_complete(RpcDeferred *d, const RpcError *err, RpcDeferredEncode encode, void *data) {
        RpcClient *c = d->client;
        if (!c->closed) {
                RpcError local = {};
                XdrEncoder e;
                int r = 0;
                xdr_encoder_init(&e, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
                if (!err) {
                        RpcHeader h = d->header;
                        h.type = RPC_TYPE_REPLY;
                        h.status = RPC_STATUS_OK;
                        r = rpc_message_begin(&e, &h);
                        if (r >= 0 && encode)
                                r = encode(&e, data, &local);
                        if (r >= 0)
                                r = rpc_message_end(&e);
                        if (r < 0 && !local.code)
                                rpc_error_set(&local, VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                                              _("cannot encode the reply: %s"), g_strerror(-r));
                }
                if (err || r < 0)
                        r = rpc_encode_error_reply(&e, &d->header, err ? err : &local);
                rpc_error_clear(&local);
                if (r >= 0) {
                        client_send(c, &e); /* may close the client */
                } else {
                        xdr_encoder_clear(&e);
                        client_close(c, "cannot encode a reply");
                }
        }
        client_unref(c);
        g_free(d);
}

/* ---- streams ---- */

static void stream_remove(RpcStream *st) {
        g_ptr_array_remove(st->client->streams, st); /* frees */
}

static int stream_send(RpcStream *st, int32_t type, int32_t status, const void *data, size_t len,
                       const RpcError *err) {
        RpcHeader h = {
                .prog = RPC_PROGRAM_REMOTE,
                .vers = RPC_PROTOCOL_VERSION_REMOTE,
                .proc = st->proc,
                .type = type,
                .serial = st->serial,
                .status = status,
        };
        XdrEncoder e;
        xdr_encoder_init(&e, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
        rpc_message_begin(&e, &h);
        if (err)
                rpc_error_encode(&e, err);
        else if (len)
                xdr_enc_raw(&e, data, len); /* stream data is raw, unpadded */
        int r = rpc_message_end(&e);
        if (r < 0) {
                xdr_encoder_clear(&e);
                return r;
        }
        return client_send(st->client, &e);
}

static void stream_update_events(RpcStream *st) {
        uint32_t ev = 0;
        if (!st->io)
                return; /* ended */
        if (st->client->out.bytes < OUTPUT_HIGH_WATER)
                ev |= EPOLLIN;
        if (st->to_fd->len > 0)
                ev |= EPOLLOUT;
        sd_event_source_set_io_events(st->io, ev);
}

/* Ends a stream because of a local I/O problem; returns negative if the
 * client was closed. */
static int stream_fail(RpcStream *st, const char *why) {
        RpcError err = {};
        rpc_error_set(&err, VIR_ERR_RPC, VIR_FROM_STREAMS, "%s", why);
        int r = stream_send(st, RPC_TYPE_STREAM, RPC_STATUS_ERROR, NULL, 0, &err);
        rpc_error_clear(&err);
        if (r < 0)
                return r;
        RpcClient *c = st->client;
        stream_remove(st);
        client_update_events(c); /* a congested stream may have held reading */
        return 0;
}

/* After end of file: no more I/O on fd, the stream waits for the client. */
static void stream_end_fd(RpcStream *st) {
        st->eof_sent = true;
        st->io = sd_event_source_disable_unref(st->io);
        if (st->fd >= 0)
                close(st->fd);
        st->fd = -1;
        g_byte_array_set_size(st->to_fd, 0);
}

static int stream_flush_to_fd(RpcStream *st) {
        while (st->to_fd->len > 0) {
                ssize_t n = write(st->fd, st->to_fd->data, st->to_fd->len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN || errno == EWOULDBLOCK)
                                return 0;
                        return -errno;
                }
                g_byte_array_remove_range(st->to_fd, 0, (guint) n);
        }
        return 0;
}

static int stream_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        RpcStream *st = userdata;
        (void) s;

        if (revents & EPOLLOUT) {
                if (stream_flush_to_fd(st) < 0) {
                        stream_fail(st, _("stream had I/O failure"));
                        return 0;
                }
                /* Reading from the client may resume. */
                if (client_update_events(st->client) < 0) {
                        client_close(st->client, "cannot update events");
                        return 0;
                }
        }
        if (revents & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                uint8_t buf[STREAM_CHUNK];
                ssize_t n = read(fd, buf, sizeof buf);
                if (n < 0 && (errno == EAGAIN || errno == EINTR))
                        goto out;
                if (n == 0 || (n < 0 && errno == EIO)) {
                        /* The other end went away (a pty reports EIO): end
                         * of stream for the client, who then finishes it. */
                        RpcClient *c = st->client;
                        /* End of file is an empty CONTINUE; an OK here would be
                         * a finish confirmation nobody asked for, and libvirt's
                         * client drops the connection over it. */
                        if (stream_send(st, RPC_TYPE_STREAM, RPC_STATUS_CONTINUE, NULL, 0, NULL) < 0)
                                return 0; /* client closed */
                        stream_end_fd(st);
                        client_update_events(c); /* its input no longer waits for fd */
                        return 0;
                }
                if (n < 0) {
                        stream_fail(st, _("stream had I/O failure"));
                        return 0;
                }
                if (stream_send(st, RPC_TYPE_STREAM, RPC_STATUS_CONTINUE, buf, (size_t) n, NULL) < 0)
                        return 0; /* client closed */
        }
out:
        stream_update_events(st);
        return 0;
}

bool rpc_client_may_open_stream(const RpcClient *c) {
        return c && !c->closed && c->streams->len < STREAMS_PER_CLIENT;
}

int rpc_client_open_stream(RpcClient *c, int32_t proc, uint32_t serial, int fd) {
        if (!c)
                return -EINVAL;
        if (c->closed)
                return -ECONNRESET;
        if (!rpc_client_may_open_stream(c))
                return -EMFILE;
        for (guint i = 0; i < c->streams->len; i++) {
                RpcStream *o = c->streams->pdata[i];
                if (o->proc == proc && o->serial == serial)
                        return -EEXIST;
        }
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
                return -errno;
        RpcStream *st = g_new0(RpcStream, 1);
        st->client = c;
        st->proc = proc;
        st->serial = serial;
        st->fd = -1;
        st->to_fd = g_byte_array_new();
        int r = sd_event_add_io(c->server->event, &st->io, fd, EPOLLIN, stream_io, st);
        if (r < 0) {
                stream_free(st);
                return r;
        }
        st->fd = fd;
        g_ptr_array_add(c->streams, st);
        return 0;
}

/* A STREAM message from the client; negative if the client was closed. */
static int client_handle_stream(RpcClient *c, RpcMessage *m) {
        const RpcHeader *h = &m->header;
        RpcStream *st = NULL;
        for (guint i = 0; i < c->streams->len; i++) {
                RpcStream *o = c->streams->pdata[i];
                if (o->proc == h->proc && o->serial == h->serial && h->prog == RPC_PROGRAM_REMOTE)
                        st = o;
        }
        if (!st) {
                g_debug("rpc: stream data for no open stream (proc %d serial %u)", h->proc, h->serial);
                return 0;
        }
        if (h->type != RPC_TYPE_STREAM)
                return stream_fail(st, _("sparse streams are not supported"));
        switch (h->status) {
        case RPC_STATUS_CONTINUE: {
                size_t len = m->size - m->payload_offset;
                if (st->eof_sent)
                        return 0; /* nowhere to go: the other end is gone */
                if (st->to_fd->len + len > STREAM_MAX_PENDING)
                        return stream_fail(st, _("stream data arrives faster than it can be delivered"));
                g_byte_array_append(st->to_fd, m->buf + m->payload_offset, (guint) len);
                if (stream_flush_to_fd(st) < 0)
                        return stream_fail(st, _("stream had I/O failure"));
                stream_update_events(st);
                return 0;
        }
        case RPC_STATUS_OK:    /* finish */
        case RPC_STATUS_ERROR: /* abort */
        default: {
                /* Deliver what is buffered, then confirm with an empty OK. */
                stream_flush_to_fd(st);
                int r = stream_send(st, RPC_TYPE_STREAM, RPC_STATUS_OK, NULL, 0, NULL);
                if (r < 0)
                        return r;
                stream_remove(st);
                client_update_events(c);
                return 0;
        }
        }
}

/* Returns negative errno if the client was closed. */
static int client_handle_message(RpcClient *c, RpcMessage *m) {
        const RpcHeader *h = &m->header;

        if (h->prog == RPC_PROGRAM_KEEPALIVE && h->type == RPC_TYPE_MESSAGE) {
                if (h->vers != RPC_PROTOCOL_VERSION_KEEPALIVE)
                        return 0;
                if (h->proc == RPC_KEEPALIVE_PROC_PING)
                        return client_send_keepalive(c, RPC_KEEPALIVE_PROC_PONG);
                return 0; /* PONG: last_rx already updated */
        }
        if (h->type == RPC_TYPE_STREAM || h->type == RPC_TYPE_STREAM_HOLE)
                return client_handle_stream(c, m);
        if (h->type != RPC_TYPE_CALL && h->type != RPC_TYPE_CALL_WITH_FDS) {
                /* Replies or events from a client: nothing of ours is
                 * waiting for them. */
                g_debug("rpc: ignoring message type %d prog %#x proc %d", h->type, h->prog, h->proc);
                return 0;
        }

        RpcCall call = {
                .server = c->server,
                .client = c,
                .conn = &c->conn,
        };
        XdrEncoder reply;
        xdr_encoder_init(&reply, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
        int r = rpc_dispatch_call(c->server->programs, G_N_ELEMENTS(c->server->programs), &call, m, &reply);
        rpc_error_clear(&call.error);
        if (c->closed) {
                /* Closed while the handler ran (an event to this very
                 * client could not be written). */
                xdr_encoder_clear(&reply);
                return -ECONNRESET;
        }
        if (r < 0) {
                xdr_encoder_clear(&reply);
                client_close(c, "cannot encode a reply");
                return r;
        }
        if (r > 0) {
                xdr_encoder_clear(&reply);
                return 0;
        }
        return client_send(c, &reply);
}

static void client_io_events(RpcClient *c, uint32_t revents);

static int client_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        RpcClient *c = client_ref(userdata);
        (void) s;
        (void) fd;
        client_io_events(c, revents);
        client_unref(c);
        return 0;
}

static void client_io_events(RpcClient *c, uint32_t revents) {
        if (revents & EPOLLOUT) {
                int r = rpc_write_queue_flush(&c->out, c->fd);
                if (r < 0) {
                        client_close(c, "write failed");
                        return;
                }
                if (r == 0 && c->close_after_flush) {
                        client_close(c, "done");
                        return;
                }
                for (guint i = 0; !c->closed && i < c->streams->len; i++)
                        stream_update_events(c->streams->pdata[i]);
        }
        if (revents & EPOLLIN) {
                for (int i = 0; i < MAX_MESSAGES_PER_WAKEUP && client_may_read(c); i++) {
                        RpcMessage *m = NULL;
                        int r = rpc_reader_read_fd(&c->reader, c->fd, &m);
                        if (r == -ECONNRESET) {
                                client_close(c, "peer closed the connection");
                                return;
                        }
                        if (r < 0) {
                                client_close(c, r == -EMSGSIZE ? "message too large" :
                                                r == -EBADMSG ? "malformed message" : "read failed");
                                return;
                        }
                        if (rpc_reader_partial(&c->reader) || r == 1)
                                c->last_rx_usec = now_usec(c->server), c->keepalive_unanswered = 0;
                        if (r == 0)
                                break;
                        r = client_handle_message(c, m);
                        rpc_message_free(m);
                        if (r < 0 || c->closed)
                                return; /* client is gone */
                }
        } else if (revents & (EPOLLHUP | EPOLLERR)) {
                client_close(c, "hang-up");
                return;
        }
        if (client_update_events(c) < 0)
                client_close(c, "cannot update events");
}

static int client_keepalive_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        RpcClient *c = userdata;
        RpcServer *srv = c->server;
        uint64_t interval = (uint64_t) srv->config.keepalive_interval * USEC_PER_SEC;

        if (usec - c->last_rx_usec >= interval) {
                if (c->keepalive_unanswered >= srv->config.keepalive_count) {
                        client_close(c, "keepalive timeout");
                        return 0;
                }
                c->keepalive_unanswered++;
                if (client_send_keepalive(c, RPC_KEEPALIVE_PROC_PING) < 0)
                        return 0;
        }
        sd_event_source_set_time(s, usec + interval);
        sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
        return 0;
}

void rpc_client_start_keepalive(RpcClient *c) {
        if (!c)
                return; /* a call dispatched outside a connection (tests) */
        RpcServer *srv = c->server;
        if (c->conn.keepalive || srv->config.keepalive_interval == 0 || srv->config.keepalive_count == 0)
                return;
        c->conn.keepalive = true;
        uint64_t interval = (uint64_t) srv->config.keepalive_interval * USEC_PER_SEC;
        if (sd_event_add_time(srv->event, &c->keepalive_timer, CLOCK_MONOTONIC, now_usec(srv) + interval,
                              USEC_PER_SEC / 10, client_keepalive_timer, c) < 0)
                c->keepalive_timer = NULL;
}

static int client_new(RpcServer *srv, int fd, bool readonly) {
        RpcClient *c = g_new0(RpcClient, 1);
        c->server = srv;
        c->fd = fd;
        rpc_reader_init(&c->reader);
        rpc_write_queue_init(&c->out);
        rpc_conn_state_init(&c->conn);
        c->conn.readonly = c->conn.socket_readonly = readonly;
        socklen_t len = sizeof c->conn.peer;
        c->conn.have_peer = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c->conn.peer, &len) == 0 &&
                            len == sizeof c->conn.peer;
        c->n_ref = 1;
        c->last_rx_usec = now_usec(srv);
        c->io_events = EPOLLIN;
        c->streams = g_ptr_array_new_with_free_func((GDestroyNotify) stream_free);
        int r = sd_event_add_io(srv->event, &c->io, fd, EPOLLIN, client_io, c);
        if (r < 0) {
                c->fd = -1; /* the caller keeps fd */
                client_unref(c);
                return r;
        }
        g_hash_table_add(srv->clients, c);
        return 0;
}

int rpc_server_add_client_fd(RpcServer *s, int fd, bool readonly) {
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
                return -errno;
        if (g_hash_table_size(s->clients) >= s->config.max_clients)
                return -EMFILE;
        return client_new(s, fd, readonly);
}

/* ---- listeners ---- */

static void listener_free(RpcListener *l) {
        if (!l)
                return;
        sd_event_source_disable_unref(l->io);
        if (l->fd >= 0)
                close(l->fd);
        if (l->path)
                unlink(l->path);
        g_free(l->path);
        g_free(l);
}

static int listener_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        RpcListener *l = userdata;
        RpcServer *srv = l->server;
        (void) s;
        (void) revents;

        for (int i = 0; i < 32; i++) {
                int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (cfd < 0) {
                        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                            errno != ECONNABORTED)
                                g_message("rpc: accept failed: %s", g_strerror(errno));
                        return 0;
                }
                if (g_hash_table_size(srv->clients) >= srv->config.max_clients) {
                        g_message("rpc: refusing a client: %u clients already connected",
                                  srv->config.max_clients);
                        close(cfd);
                        continue;
                }
                if (client_new(srv, cfd, l->readonly) < 0)
                        close(cfd);
        }
        return 0;
}

int rpc_server_listen_fd(RpcServer *s, int fd, bool readonly) {
        RpcListener *l = g_new0(RpcListener, 1);
        l->server = s;
        l->fd = fd;
        l->readonly = readonly;
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
                int r = -errno;
                listener_free(l);
                return r;
        }
        int r = sd_event_add_io(s->event, &l->io, fd, EPOLLIN, listener_io, l);
        if (r < 0) {
                listener_free(l);
                return r;
        }
        g_ptr_array_add(s->listeners, l);
        return 0;
}

int rpc_server_listen(RpcServer *s, const char *path, bool readonly) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;

        if (!path || !path[0])
                return -EINVAL;
        if (strlen(path) >= sizeof sa.sun_path)
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        /* Replace a stale socket, never any other kind of file. */
        if (lstat(path, &st) == 0) {
                if (!S_ISSOCK(st.st_mode))
                        return -EEXIST;
                unlink(path);
        }
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        mode_t old = umask(readonly ? 0111 : 0177);
        int r = bind(fd, (struct sockaddr *) &sa, sizeof sa);
        umask(old);
        if (r < 0 || listen(fd, 128) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        r = rpc_server_listen_fd(s, fd, readonly);
        if (r < 0) {
                unlink(path);
                return r;
        }
        RpcListener *l = g_ptr_array_index(s->listeners, s->listeners->len - 1);
        l->path = g_strdup(path);
        return 0;
}

int rpc_server_adopt_fd(RpcServer *s, int fd) {
        struct sockaddr_un sa = {};
        socklen_t len = sizeof sa;
        int type = 0, listening = 0;
        socklen_t ol = sizeof type;
        if (getsockname(fd, (struct sockaddr *) &sa, &len) < 0)
                return -errno;
        if (sa.sun_family != AF_UNIX)
                return -ENOTSOCK;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &ol) < 0 || type != SOCK_STREAM)
                return -EINVAL;
        ol = sizeof listening;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ol) < 0 || !listening)
                return -EINVAL;
        size_t plen = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
        g_autofree char *path = g_strndup(sa.sun_path, plen);
        if (g_str_has_suffix(path, "-sock-ro"))
                return rpc_server_listen_fd(s, fd, true);
        if (g_str_has_suffix(path, "-sock"))
                return rpc_server_listen_fd(s, fd, false);
        return -EINVAL;
}

int rpc_server_socket_path(bool session, bool readonly, char **ret) {
        const char *dir;
        if (session) {
                dir = g_getenv("XDG_RUNTIME_DIR");
                if (!dir || dir[0] != '/')
                        return -ENXIO;
                *ret = g_strdup_printf("%s/libvirt/virtpseriesd-sock", dir);
                return 0;
        }
        *ret = g_strdup(readonly ? "/run/libvirt/virtpseriesd-sock-ro" : "/run/libvirt/virtpseriesd-sock");
        return 0;
}

void rpc_server_set_authorizer(RpcServer *s, RpcAuthorizeFunc fn, void *userdata) {
        s->authorize = fn;
        s->authorize_data = userdata;
}

int rpc_server_authorize(RpcServer *s, const RpcConnState *conn, RpcError *error) {
        if (!conn->have_peer)
                return rpc_error_set(error, VIR_ERR_AUTH_FAILED, VIR_FROM_REMOTE,
                                     _("cannot identify the peer of this connection"));
        if (s->authorize)
                return s->authorize(s->authorize_data, &conn->peer, error);
        if (conn->peer.uid == 0 || conn->peer.uid == geteuid())
                return 0;
        return rpc_error_set(error, VIR_ERR_ACCESS_DENIED, VIR_FROM_REMOTE,
                             _("user %u may not use the read-write socket; connect read-only"),
                             (unsigned) conn->peer.uid);
}

/* ---- events ---- */

/* One event to every client callback that wants it. */
typedef struct EventToSend {
        int32_t event_id;
        const DomainRef *dom;
        /* lifecycle */
        int32_t event, detail;
        /* others */
        const DomainEvent *other;
} EventToSend;

static void server_fan_out(RpcServer *s, const EventToSend *ev);

static void server_domain_event(void *userdata, const DomainRef *dom, int32_t event, int32_t detail) {
        EventToSend ev = { .event_id = VIR_DOMAIN_EVENT_ID_LIFECYCLE, .dom = dom, .event = event, .detail = detail };
        server_fan_out(userdata, &ev);
}

static void server_domain_event_other(void *userdata, const DomainEvent *other) {
        if (!other || !other->dom)
                return;
        EventToSend ev = { .event_id = other->id, .dom = other->dom, .other = other };
        server_fan_out(userdata, &ev);
}

static void server_fan_out(RpcServer *s, const EventToSend *ev) {
        GHashTableIter it;
        gpointer key;
        /* Sending may close a client; collect first. */
        g_autoptr(GPtrArray) targets = g_ptr_array_new();
        g_hash_table_iter_init(&it, s->clients);
        while (g_hash_table_iter_next(&it, &key, NULL))
                g_ptr_array_add(targets, key);
        for (guint i = 0; i < targets->len; i++)
                client_ref(targets->pdata[i]);
        for (guint i = 0; i < targets->len; i++) {
                RpcClient *c = targets->pdata[i];
                if (c->closed || !c->conn.opened)
                        continue;
                for (guint j = 0; j < c->conn.event_callbacks->len; j++) {
                        const RpcEventCallback *cb = &g_array_index(c->conn.event_callbacks, RpcEventCallback, j);
                        if (!remote_events_match(cb, ev->event_id, ev->dom))
                                continue;
                        XdrEncoder e;
                        xdr_encoder_init(&e, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
                        int r = ev->other ? remote_events_encode_other(&e, cb->id, ev->other)
                                          : remote_events_encode_lifecycle(&e, cb->id, ev->dom, ev->event, ev->detail);
                        if (r < 0) {
                                xdr_encoder_clear(&e);
                                continue;
                        }
                        if (client_send(c, &e) < 0)
                                break; /* client closed */
                }
        }
        for (guint i = 0; i < targets->len; i++)
                client_unref(targets->pdata[i]);
}

/* ---- server ---- */

int rpc_server_new(sd_event *event, const RpcServerConfig *config,
                   const DomainBackend *backend, RpcServer **ret) {
        if (!event || !config || !ret || !config->uri_mode || !config->emulator_path)
                return -EINVAL;
        if (strcmp(config->uri_mode, "system") != 0 && strcmp(config->uri_mode, "session") != 0)
                return -EINVAL;
        RpcServer *s = g_new0(RpcServer, 1);
        s->event = sd_event_ref(event);
        s->config = *config;
        s->uri_mode = g_strdup(config->uri_mode);
        s->emulator_path = g_strdup(config->emulator_path);
        s->config.uri_mode = s->uri_mode;
        s->config.emulator_path = s->emulator_path;
        if (s->config.max_clients == 0)
                s->config.max_clients = 1;
        s->listeners = g_ptr_array_new_with_free_func((GDestroyNotify) listener_free);
        s->clients = g_hash_table_new(g_direct_hash, g_direct_equal);
        s->programs[0] = &remote_program;
        if (backend && backend->ops) {
                s->backend = *backend;
                if (backend->ops->subscribe) {
                        int r = backend->ops->subscribe(backend->data, server_domain_event, s);
                        if (r < 0) {
                                rpc_server_free(s);
                                return r;
                        }
                        s->subscribed = true;
                }
                if (backend->ops->subscribe_other) {
                        int r = backend->ops->subscribe_other(backend->data, server_domain_event_other, s);
                        if (r < 0) {
                                rpc_server_free(s);
                                return r;
                        }
                        s->subscribed = true;
                }
        }
        *ret = s;
        return 0;
}

RpcServer *rpc_server_free(RpcServer *s) {
        if (!s)
                return NULL;
        if (s->subscribed && s->backend.ops->unsubscribe)
                s->backend.ops->unsubscribe(s->backend.data);
        GList *clients = g_hash_table_get_keys(s->clients);
        for (GList *l = clients; l; l = l->next)
                client_close(l->data, "server shutting down");
        g_list_free(clients);
        g_hash_table_destroy(s->clients);
        g_ptr_array_free(s->listeners, TRUE);
        sd_event_unref(s->event);
        g_free(s->uri_mode);
        g_free(s->emulator_path);
        g_free(s);
        return NULL;
}
