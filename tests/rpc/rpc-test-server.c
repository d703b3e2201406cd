/* rpc-test-server.c: runs the libvirt RPC server with the in-memory test
 * double backend, for the protocol tests in tests/rpc/.
 *
 * Usage: rpc-test-server SOCKET [--session] [--keepalive SECONDS]
 *        [--keepalive-count N] [--max-clients N]
 * Listens on SOCKET (read-write) and SOCKET-ro (read-only); exits on
 * SIGTERM/SIGINT, removing both. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-event.h>

#include "rpc-server.h"
#include "test-domain-backend.h"

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        (void) si;
        (void) userdata;
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

int main(int argc, char **argv) {
        RpcServerConfig cfg;
        rpc_server_config_init(&cfg);
        const char *path = NULL;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--session") == 0)
                        cfg.uri_mode = "session";
                else if (strcmp(argv[i], "--keepalive") == 0 && i + 1 < argc)
                        cfg.keepalive_interval = (uint32_t) strtoul(argv[++i], NULL, 10);
                else if (strcmp(argv[i], "--keepalive-count") == 0 && i + 1 < argc)
                        cfg.keepalive_count = (uint32_t) strtoul(argv[++i], NULL, 10);
                else if (strcmp(argv[i], "--max-clients") == 0 && i + 1 < argc)
                        cfg.max_clients = (uint32_t) strtoul(argv[++i], NULL, 10);
                else if (!path)
                        path = argv[i];
                else {
                        fprintf(stderr, "usage: %s SOCKET [--session] [--keepalive SEC] [--max-clients N]\n", argv[0]);
                        return 2;
                }
        }
        if (!path) {
                fprintf(stderr, "usage: %s SOCKET [--session] [--keepalive SEC] [--max-clients N]\n", argv[0]);
                return 2;
        }

        __attribute__((cleanup(sd_event_unrefp))) sd_event *event = NULL;
        int r = sd_event_default(&event);
        if (r < 0) {
                fprintf(stderr, "sd_event_default: %s\n", strerror(-r));
                return 1;
        }
        sigset_t ss;
        sigemptyset(&ss);
        sigaddset(&ss, SIGTERM);
        sigaddset(&ss, SIGINT);
        sigprocmask(SIG_BLOCK, &ss, NULL);
        sd_event_add_signal(event, NULL, SIGTERM, on_signal, NULL);
        sd_event_add_signal(event, NULL, SIGINT, on_signal, NULL);
        signal(SIGPIPE, SIG_IGN);

        TestDomainBackend *tb = test_domain_backend_new();
        test_domain_backend_set_event(tb, event);
        DomainBackend backend;
        test_domain_backend_get(tb, &backend);

        _cleanup_rpc_server_ RpcServer *server = NULL;
        r = rpc_server_new(event, &cfg, &backend, &server);
        if (r < 0) {
                fprintf(stderr, "rpc_server_new: %s\n", strerror(-r));
                return 1;
        }
        g_autofree char *ro_path = g_strdup_printf("%s-ro", path);
        if ((r = rpc_server_listen(server, path, false)) < 0 ||
            (r = rpc_server_listen(server, ro_path, true)) < 0) {
                fprintf(stderr, "listen on %s: %s\n", path, strerror(-r));
                return 1;
        }
        printf("listening on %s and %s\n", path, ro_path);
        fflush(stdout);
        r = sd_event_loop(event);
        server = rpc_server_free(server);
        test_domain_backend_free(tb);
        return r < 0 ? 1 : 0;
}
