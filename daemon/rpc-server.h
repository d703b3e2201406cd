/* rpc-server.h: the libvirt RPC server of pseriesd.
 *
 * Part of daemon/.  Listens on UNIX sockets (read-write and read-only),
 * accepts many clients on one sd-event loop, frames messages
 * (rpc-message.h), dispatches calls to the "remote" program
 * (remote-program.c via rpc-dispatch.h), answers keepalive pings and
 * forwards domain events from the domain backend (domain-backend.h) to the
 * clients that registered for them.  All state belongs to the RpcServer
 * instance; a misbehaving client only ever loses its own connection.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "domain-backend.h"
#include "rpc-dispatch.h"

typedef struct RpcServer RpcServer;

typedef struct RpcServerConfig {
        /* "system" or "session": the URI path CONNECT_OPEN accepts. */
        const char *uri_mode;
        /* Absolute path of the per-VM worker, shown as <emulator>. */
        const char *emulator_path;
        /* Largest vCPU count of one pSeries guest. */
        uint32_t max_vcpus;
        /* Seconds between server keepalive pings to an idle client that
         * announced keepalive support, and how many may go unanswered
         * (0 disables). */
        uint32_t keepalive_interval;
        uint32_t keepalive_count;
        /* Most simultaneous clients. */
        uint32_t max_clients;
        /* What CONNECT_GET_LIB_VERSION reports (libvirt's encoding,
         * major * 1000000 + minor * 1000 + micro); 0: pseriesd's own
         * version.  Clients such as virt-manager gate features on it. */
        uint64_t lib_version;
} RpcServerConfig;

void rpc_server_config_init(RpcServerConfig *c);

/* The server keeps a reference to event; backend must outlive the server. */
int rpc_server_new(sd_event *event, const RpcServerConfig *config,
                   const DomainBackend *backend, RpcServer **ret);
RpcServer *rpc_server_free(RpcServer *s);

/* Creates (replacing a stale socket file) and listens on a UNIX socket.
 * The parent directory must exist. */
int rpc_server_listen(RpcServer *s, const char *path, bool readonly);
/* Serves an already listening socket (systemd socket activation); the
 * server takes ownership of fd. */
int rpc_server_listen_fd(RpcServer *s, int fd, bool readonly);

/* Serves one already connected client socket; takes ownership of fd on
 * success only. */
int rpc_server_add_client_fd(RpcServer *s, int fd, bool readonly);

/* Serves a socket handed over by systemd (see pseriesd.socket): a listening
 * UNIX stream socket whose path ends in "-sock" (read-write) or "-sock-ro"
 * (read-only).  -ENOTSOCK/-EINVAL for any other fd (left open). */
int rpc_server_adopt_fd(RpcServer *s, int fd);

/* Where stock libvirt clients look for pseriesd: /run/libvirt/virtpseriesd-sock
 * (and -sock-ro) for pseries:///system; $XDG_RUNTIME_DIR/libvirt/virtpseriesd-sock
 * for pseries:///session (a user daemon has no read-only socket: the client
 * uses the read-write one with VIR_CONNECT_RO). */
int rpc_server_socket_path(bool session, bool readonly, char **ret);

/* Who may use the read-write socket.  Called at CONNECT_OPEN of a
 * connection on a read-write socket that did not ask for read-only access;
 * returns 0 to allow, or a negative errno with *error set (e.g.
 * VIR_ERR_ACCESS_DENIED) to refuse.  Runs on the event loop: keep it short.
 * Without an authorizer only the daemon's own user and root are allowed. */
typedef int (*RpcAuthorizeFunc)(void *userdata, const struct ucred *peer, RpcError *error);
void rpc_server_set_authorizer(RpcServer *s, RpcAuthorizeFunc fn, void *userdata);
int rpc_server_authorize(RpcServer *s, const RpcConnState *conn, RpcError *error);

unsigned rpc_server_n_clients(const RpcServer *s);

/* For procedure handlers. */
typedef struct RpcClient RpcClient;
/* The client announced keepalive support: ping it when idle. */
void rpc_client_start_keepalive(RpcClient *c);
/* Ties fd (a connected byte stream, e.g. a guest console) to the call
 * proc/serial: its bytes go to the client as STREAM messages, the client's
 * STREAM data is written to it; finish/abort/EOF end it.  Takes ownership
 * of fd on success only.  The reply to the call must still be sent (it is:
 * handlers return normally). */
int rpc_client_open_stream(RpcClient *c, int32_t proc, uint32_t serial, int fd);
/* A reply that comes later, e.g. DOMAIN_CREATE's once the domain runs
 * (libvirt's own drivers return from a start only then).  The handler calls
 * rpc_call_defer() and returns 0; exactly one rpc_deferred_complete() or
 * rpc_deferred_cancel() follows, also when the client has gone meanwhile
 * (the reply is then dropped).  NULL when the call cannot be deferred (no
 * client connection: tests, fuzzing): answer at once then. */
typedef struct RpcDeferred RpcDeferred;
RpcDeferred *rpc_call_defer(RpcCall *call);
/* Encodes the return value of a successful call (NULL: none). */
typedef int (*RpcDeferredEncode)(XdrEncoder *ret, void *data, RpcError *error);
/* Sends the reply: the error when err is set, else success with encode(). */
void rpc_deferred_complete(RpcDeferred *d, const RpcError *err, RpcDeferredEncode encode, void *data);
/* Takes the deferral back (the handler answers at once after all). */
void rpc_deferred_cancel(RpcCall *call, RpcDeferred *d);

/* Below the limit of streams per client (rpc_client_open_stream fails with
 * -EMFILE above it): check before making the fd. */
bool rpc_client_may_open_stream(const RpcClient *c);
const RpcServerConfig *rpc_server_get_config(const RpcServer *s);
const DomainBackend *rpc_server_get_backend(const RpcServer *s);

static inline void rpc_server_freep(RpcServer **s) {
        if (*s)
                rpc_server_free(*s);
}
#define _cleanup_rpc_server_ __attribute__((cleanup(rpc_server_freep)))
