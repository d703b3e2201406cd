/* fuzz-rpc.c: libFuzzer target for the libvirt RPC server of daemon/: the
 * input is the byte stream a client sends; it is framed by RpcReader and
 * every CALL is dispatched to the remote program (with the in-memory test
 * double backend), so one input can open a connection, define domains and
 * drive them, exactly as a real session does.  Seeds in tests/rpc/corpus/
 * are real virsh sessions (capture-corpus.py). */
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "remote-handlers.h"
#include "rpc-dispatch.h"
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
        static sd_event *event;
        if (!event) {
                if (sd_event_new(&event) < 0)
                        return 0;
                g_log_set_default_handler(quiet_log, NULL);
        }
        RpcServerConfig cfg;
        rpc_server_config_init(&cfg);
        TestDomainBackend *tb = test_domain_backend_new();
        DomainBackend backend;
        test_domain_backend_get(tb, &backend);
        RpcServer *server = NULL;
        if (rpc_server_new(event, &cfg, &backend, &server) < 0) {
                test_domain_backend_free(tb);
                return 0;
        }
        RpcConnState conn;
        rpc_conn_state_init(&conn);
        conn.have_peer = true; /* a local root client, as with virsh */
        /* Half the inputs run as if on the read-only socket. */
        conn.readonly = conn.socket_readonly = size > 0 && (data[size - 1] & 1);
        const RpcProgram *progs[] = { &remote_program };

        RpcReader reader;
        rpc_reader_init(&reader);
        size_t pos = 0;
        while (pos < size) {
                RpcMessage *m = NULL;
                size_t used = 0;
                int r = rpc_reader_feed(&reader, data + pos, size - pos, &used, &m);
                pos += used;
                if (r < 0)
                        break; /* the server closes such a connection */
                if (r == 0)
                        continue;
                if (m->header.type == RPC_TYPE_CALL || m->header.type == RPC_TYPE_CALL_WITH_FDS) {
                        RpcCall call = { .server = server, .conn = &conn };
                        XdrEncoder reply;
                        xdr_encoder_init(&reply, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
                        rpc_dispatch_call(progs, 1, &call, m, &reply);
                        rpc_error_clear(&call.error);
                        xdr_encoder_clear(&reply);
                }
                rpc_message_free(m);
        }
        rpc_reader_clear(&reader);
        rpc_conn_state_clear(&conn);
        rpc_server_free(server);
        test_domain_backend_free(tb);
        return 0;
}
