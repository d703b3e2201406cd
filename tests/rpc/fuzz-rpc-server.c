/* fuzz-rpc-server.c: libFuzzer target for the whole connection path of the
 * libvirt RPC server (daemon/rpc-server.c): the input is written into one
 * end of a socketpair whose other end is a server client; the event loop
 * runs until the server is idle.  Covers what fuzz-rpc.c cannot: the
 * incremental reader on a real socket, keepalive messages, streams
 * (consoles of the test double backend), event fan-out and closing. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/socket.h>

#include <systemd/sd-event.h>

#include "rpc-server.h"
#include "test-domain-backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer user) {
        (void) domain;
        (void) level;
        (void) msg;
        (void) user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static bool init;
        if (!init) {
                g_log_set_default_handler(quiet_log, NULL);
                init = true;
        }
        sd_event *event = NULL;
        if (sd_event_new(&event) < 0)
                return 0;
        RpcServerConfig cfg;
        rpc_server_config_init(&cfg);
        TestDomainBackend *tb = test_domain_backend_new();
        test_domain_backend_set_event(tb, event);
        DomainBackend backend;
        test_domain_backend_get(tb, &backend);
        RpcServer *server = NULL;
        int sv[2] = { -1, -1 };
        if (rpc_server_new(event, &cfg, &backend, &server) < 0 ||
            socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
                goto out;
        if (rpc_server_add_client_fd(server, sv[1], size > 0 && (data[0] & 1)) < 0) {
                close(sv[1]);
                goto out;
        }
        size_t pos = 0;
        uint8_t sink[65536];
        for (int round = 0; round < 1000; round++) {
                if (pos < size) {
                        ssize_t n = send(sv[0], data + pos, size - pos, MSG_NOSIGNAL | MSG_DONTWAIT);
                        if (n > 0)
                                pos += (size_t) n;
                        if (pos == size)
                                shutdown(sv[0], SHUT_WR);
                } else if (size == 0 && round == 0) {
                        shutdown(sv[0], SHUT_WR);
                }
                while (read(sv[0], sink, sizeof sink) > 0)
                        ;
                int r = sd_event_run(event, 0);
                if (r < 0 || rpc_server_n_clients(server) == 0)
                        break;
                if (r == 0 && pos == size)
                        break; /* idle, everything sent */
        }
out:
        if (sv[0] >= 0)
                close(sv[0]);
        rpc_server_free(server);
        test_domain_backend_free(tb);
        sd_event_unref(event);
        return 0;
}
