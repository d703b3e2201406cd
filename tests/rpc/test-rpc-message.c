/* test-rpc-message.c: unit tests of message framing (daemon/rpc-message.c)
 * and dispatch (daemon/rpc-dispatch.c with the remote program): partial
 * reads, every truncation point, oversized and undersized lengths, bad
 * headers, unknown programs/versions/procedures, access checks, the write
 * queue on a real socket. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <glib.h>
#include <libvirt/virterror.h>
#include <systemd/sd-event.h>

#include "remote-handlers.h"
#include "remote-protocol.h"
#include "rpc-dispatch.h"
#include "rpc-server.h"
#include "rpc-test-util.h"
#include "test-domain-backend.h"

static GBytes *open_call(uint32_t serial, const char *uri) {
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        xdr_enc_string_opt(&e, uri, 4096);
        xdr_enc_uint(&e, 0);
        GBytes *b = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, serial, e.data, e.size);
        xdr_encoder_clear(&e);
        return b;
}

static void test_reader_bytewise(void) {
        g_autoptr(GBytes) m = open_call(7, "pseries:///system");
        size_t size;
        const uint8_t *p = g_bytes_get_data(m, &size);
        RpcReader r;
        rpc_reader_init(&r);
        RpcMessage *msg = NULL;
        for (size_t i = 0; i < size; i++) {
                size_t used;
                int k = rpc_reader_feed(&r, p + i, 1, &used, &msg);
                g_assert_cmpuint(used, ==, 1);
                if (i + 1 < size) {
                        g_assert_cmpint(k, ==, 0);
                        g_assert_true(rpc_reader_partial(&r));
                } else {
                        g_assert_cmpint(k, ==, 1);
                }
        }
        g_assert_nonnull(msg);
        g_assert_cmpuint(msg->header.prog, ==, RPC_PROGRAM_REMOTE);
        g_assert_cmpint(msg->header.proc, ==, REMOTE_PROC_CONNECT_OPEN);
        g_assert_cmpuint(msg->header.serial, ==, 7);
        g_assert_cmpuint(msg->size, ==, size - 4);
        g_assert_false(rpc_reader_partial(&r));
        rpc_message_free(msg);
        rpc_reader_clear(&r);
}

static void test_reader_two_messages(void) {
        g_autoptr(GBytes) a = open_call(1, "pseries:///system");
        g_autoptr(GBytes) b = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_GET_TYPE, 2, NULL, 0);
        g_autoptr(GByteArray) both = g_byte_array_new();
        g_byte_array_append(both, g_bytes_get_data(a, NULL), (guint) g_bytes_get_size(a));
        g_byte_array_append(both, g_bytes_get_data(b, NULL), (guint) g_bytes_get_size(b));
        RpcReader r;
        rpc_reader_init(&r);
        RpcMessage *m1 = NULL, *m2 = NULL;
        size_t used1, used2;
        g_assert_cmpint(rpc_reader_feed(&r, both->data, both->len, &used1, &m1), ==, 1);
        g_assert_cmpuint(used1, ==, g_bytes_get_size(a));
        g_assert_cmpint(rpc_reader_feed(&r, both->data + used1, both->len - used1, &used2, &m2), ==, 1);
        g_assert_cmpuint(used2, ==, g_bytes_get_size(b));
        g_assert_cmpuint(m2->header.serial, ==, 2);
        rpc_message_free(m1);
        rpc_message_free(m2);
        rpc_reader_clear(&r);
}

static int feed_all(const uint8_t *p, size_t size, RpcMessage **msg) {
        RpcReader r;
        size_t used;
        rpc_reader_init(&r);
        int k = rpc_reader_feed(&r, p, size, &used, msg);
        rpc_reader_clear(&r);
        return k;
}

static GBytes *with_length(uint32_t len) {
        uint8_t b[32] = { len >> 24, len >> 16, len >> 8, len };
        return g_bytes_new(b, sizeof b);
}

static void test_reader_lengths(void) {
        RpcMessage *m = NULL;
        /* Above 32 MiB (+ the length word): refused at once. */
        g_autoptr(GBytes) big = with_length(RPC_MESSAGE_MAX + RPC_LEN_SIZE + 1);
        g_assert_cmpint(feed_all(g_bytes_get_data(big, NULL), 4, &m), ==, -EMSGSIZE);
        g_autoptr(GBytes) max = with_length(0xffffffffu);
        g_assert_cmpint(feed_all(g_bytes_get_data(max, NULL), 4, &m), ==, -EMSGSIZE);
        /* Exactly the maximum is a valid length (more bytes wanted), and
         * announcing it does not make the reader allocate it. */
        g_autoptr(GBytes) edge = with_length(RPC_MESSAGE_MAX + RPC_LEN_SIZE);
        g_assert_cmpint(feed_all(g_bytes_get_data(edge, NULL), 4, &m), ==, 0);
        RpcReader r;
        size_t used;
        rpc_reader_init(&r);
        g_assert_cmpint(rpc_reader_feed(&r, g_bytes_get_data(edge, NULL), 32, &used, &m), ==, 0);
        g_assert_cmpuint(r.body_size, ==, RPC_MESSAGE_MAX);
        g_assert_cmpuint(r.body_alloc, <=, 65536);
        rpc_reader_clear(&r);
        /* Shorter than length word + header. */
        for (uint32_t len = 0; len < 28; len++) {
                g_autoptr(GBytes) small = with_length(len);
                g_assert_cmpint(feed_all(g_bytes_get_data(small, NULL), 32, &m), ==, -EBADMSG);
        }
        g_assert_null(m);
}

static void test_reader_bad_header(void) {
        RpcMessage *m = NULL;
        g_autoptr(GBytes) badtype = rpc_test_message(RPC_PROGRAM_REMOTE, 1, 1, 7, 1, 0, NULL, 0);
        g_assert_cmpint(feed_all(g_bytes_get_data(badtype, NULL), g_bytes_get_size(badtype), &m), ==, -EBADMSG);
        g_autoptr(GBytes) badstatus = rpc_test_message(RPC_PROGRAM_REMOTE, 1, 1, 0, 1, 3, NULL, 0);
        g_assert_cmpint(feed_all(g_bytes_get_data(badstatus, NULL), g_bytes_get_size(badstatus), &m), ==, -EBADMSG);
        g_assert_null(m);
        g_assert_cmpint(rpc_message_parse((const uint8_t *) "short", 5, &m), ==, -EBADMSG);
}

/* ---- dispatch ---- */

typedef struct Fixture {
        sd_event *event;
        TestDomainBackend *tb;
        RpcServer *server;
        RpcConnState conn;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data) {
        (void) data;
        RpcServerConfig cfg;
        rpc_server_config_init(&cfg);
        g_assert_cmpint(sd_event_new(&f->event), ==, 0);
        f->tb = test_domain_backend_new();
        DomainBackend b;
        test_domain_backend_get(f->tb, &b);
        g_assert_cmpint(rpc_server_new(f->event, &cfg, &b, &f->server), ==, 0);
        rpc_conn_state_init(&f->conn);
        f->conn.have_peer = true;
        f->conn.peer = (struct ucred) { .pid = getpid(), .uid = geteuid(), .gid = getegid() };
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
        (void) data;
        rpc_conn_state_clear(&f->conn);
        rpc_server_free(f->server);
        test_domain_backend_free(f->tb);
        sd_event_unref(f->event);
}

/* Dispatches a complete message; returns the parsed reply. */
static int dispatch(Fixture *f, GBytes *msg, RpcTestReply *out) {
        size_t size;
        const uint8_t *p = g_bytes_get_data(msg, &size);
        g_autoptr(RpcMessage) m = NULL;
        int r = rpc_message_parse(p + 4, size - 4, &m);
        if (r < 0)
                return r;
        const RpcProgram *progs[] = { &remote_program };
        RpcCall call = { .server = f->server, .conn = &f->conn };
        XdrEncoder reply;
        xdr_encoder_init(&reply, RPC_MESSAGE_MAX + RPC_LEN_SIZE);
        r = rpc_dispatch_call(progs, 1, &call, m, &reply);
        rpc_error_clear(&call.error);
        if (r == 0)
                r = rpc_test_parse(reply.data, reply.size, out);
        xdr_encoder_clear(&reply);
        return r;
}

static void expect_error(Fixture *f, GBytes *msg, int code, const char *substring) {
        RpcTestReply rep = {};
        g_assert_cmpint(dispatch(f, msg, &rep), ==, 0);
        g_assert_cmpint(rep.header.type, ==, RPC_TYPE_REPLY);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_ERROR);
        g_assert_cmpint(rep.err_code, ==, code);
        if (substring)
                g_assert_nonnull(strstr(rep.err_message, substring));
        rpc_test_reply_clear(&rep);
}

static void expect_ok(Fixture *f, GBytes *msg, RpcTestReply *rep) {
        g_assert_cmpint(dispatch(f, msg, rep), ==, 0);
        if (rep->header.status != RPC_STATUS_OK)
                g_error("unexpected error reply %d: %s", rep->err_code, rep->err_message);
        g_assert_cmpint(rep->header.type, ==, RPC_TYPE_REPLY);
}

static void test_dispatch_unknown(Fixture *f, gconstpointer data) {
        (void) data;
        g_autoptr(GBytes) prog = rpc_test_call(0x12345678, 1, 1, 5, NULL, 0);
        RpcTestReply rep = {};
        g_assert_cmpint(dispatch(f, prog, &rep), ==, 0);
        g_assert_cmpuint(rep.header.prog, ==, 0x12345678);
        g_assert_cmpuint(rep.header.serial, ==, 5);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_RPC);
        rpc_test_reply_clear(&rep);
        g_autoptr(GBytes) vers = rpc_test_call(RPC_PROGRAM_REMOTE, 2, 1, 5, NULL, 0);
        expect_error(f, vers, VIR_ERR_RPC, "version 2");
        g_autoptr(GBytes) proc = rpc_test_call(RPC_PROGRAM_REMOTE, 1, 99999, 6, NULL, 0);
        expect_error(f, proc, VIR_ERR_NO_SUPPORT, "99999");
        g_autoptr(GBytes) neg = rpc_test_call(RPC_PROGRAM_REMOTE, 1, -1, 6, NULL, 0);
        expect_error(f, neg, VIR_ERR_NO_SUPPORT, NULL);
        /* A keepalive CALL is not a thing. */
        g_autoptr(GBytes) ka = rpc_test_call(RPC_PROGRAM_KEEPALIVE, 1, 1, 6, NULL, 0);
        expect_error(f, ka, VIR_ERR_RPC, NULL);
        /* A call with an error status. */
        g_autoptr(GBytes) st = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST, RPC_TYPE_CALL, 1,
                                                RPC_STATUS_ERROR, NULL, 0);
        expect_error(f, st, VIR_ERR_RPC, NULL);
        /* Calls with fds are answered, not dropped. */
        g_autoptr(GBytes) fds = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST,
                                                 RPC_TYPE_CALL_WITH_FDS, 1, RPC_STATUS_OK, NULL, 0);
        expect_error(f, fds, VIR_ERR_NO_SUPPORT, NULL);
}

static void test_dispatch_open(Fixture *f, gconstpointer data) {
        (void) data;
        RpcTestReply rep = {};
        g_autoptr(GBytes) type = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_GET_TYPE, 1, NULL, 0);
        expect_error(f, type, VIR_ERR_INTERNAL_ERROR, "not open");

        g_autoptr(GBytes) auth = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST, 2, NULL, 0);
        expect_ok(f, auth, &rep);
        static const uint8_t one_none[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
        g_assert_cmpmem(rep.payload, rep.payload_len, one_none, sizeof one_none);
        rpc_test_reply_clear(&rep);

        g_autoptr(GBytes) wrong = open_call(3, "qemu:///system");
        expect_error(f, wrong, VIR_ERR_NO_CONNECT, "scheme");
        g_autoptr(GBytes) remote = open_call(3, "pseries://elsewhere/system");
        expect_error(f, remote, VIR_ERR_NO_CONNECT, NULL);
        g_autoptr(GBytes) session = open_call(3, "pseries:///session");
        expect_error(f, session, VIR_ERR_NO_CONNECT, "pseries:///system");
        g_assert_false(f->conn.opened);

        g_autoptr(GBytes) open = open_call(4, "pseries:///system");
        expect_ok(f, open, &rep);
        g_assert_cmpuint(rep.payload_len, ==, 0);
        rpc_test_reply_clear(&rep);
        g_assert_true(f->conn.opened);

        expect_ok(f, type, &rep);
        static const uint8_t pseries[] = { 0, 0, 0, 7, 'p', 's', 'e', 'r', 'i', 'e', 's', 0 };
        g_assert_cmpmem(rep.payload, rep.payload_len, pseries, sizeof pseries);
        rpc_test_reply_clear(&rep);
}

static GBytes *open_call_flags(uint32_t serial, const char *uri, uint32_t flags) {
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        xdr_enc_string_opt(&e, uri, 4096);
        xdr_enc_uint(&e, flags);
        GBytes *b = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, serial, e.data, e.size);
        xdr_encoder_clear(&e);
        return b;
}

static void test_dispatch_peer(Fixture *f, gconstpointer data) {
        (void) data;
        RpcTestReply rep = {};
        /* A user that is neither root nor the daemon's, on the read-write
         * socket: refused by the default policy... */
        f->conn.peer.uid = geteuid() == 4242 ? 4243 : 4242;
        g_autoptr(GBytes) rw = open_call_flags(1, "pseries:///system", 0);
        expect_error(f, rw, VIR_ERR_ACCESS_DENIED, "read-only");
        g_assert_false(f->conn.opened);
        /* ...unless it asks for read-only access (VIR_CONNECT_RO = 1). */
        g_autoptr(GBytes) ro = open_call_flags(2, "pseries:///system", 1);
        expect_ok(f, ro, &rep);
        rpc_test_reply_clear(&rep);
        g_assert_true(f->conn.opened);
        g_assert_true(f->conn.readonly);
}

static void test_dispatch_peer_unknown(Fixture *f, gconstpointer data) {
        (void) data;
        f->conn.have_peer = false;
        g_autoptr(GBytes) rw = open_call_flags(1, "pseries:///system", 0);
        expect_error(f, rw, VIR_ERR_AUTH_FAILED, NULL);
        g_assert_false(f->conn.opened);
}

static void test_dispatch_bad_args(Fixture *f, gconstpointer data) {
        (void) data;
        g_autoptr(GBytes) open = open_call(1, "pseries:///system");
        size_t size;
        const uint8_t *p = g_bytes_get_data(open, &size);
        /* Every truncation of the arguments is refused cleanly. */
        for (size_t cut = 28; cut < size; cut++) {
                g_autoptr(GBytes) t = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, 1, p + 28, cut - 28);
                expect_error(f, t, VIR_ERR_RPC, "CONNECT_OPEN");
        }
        /* Trailing garbage too. */
        g_autoptr(GByteArray) extra = g_byte_array_new();
        g_byte_array_append(extra, p + 28, (guint) (size - 28));
        g_byte_array_append(extra, (const uint8_t *) "\0\0\0\0", 4);
        g_autoptr(GBytes) t = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, 1, extra->data, extra->len);
        expect_error(f, t, VIR_ERR_RPC, NULL);
        /* Arguments to a procedure without any. */
        g_autoptr(GBytes) noargs = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST, 1, "\0\0\0\1", 4);
        expect_error(f, noargs, VIR_ERR_RPC, NULL);
        g_assert_false(f->conn.opened);
}

static void test_dispatch_readonly(Fixture *f, gconstpointer data) {
        (void) data;
        RpcTestReply rep = {};
        f->conn.readonly = true;
        g_autoptr(GBytes) open = open_call(1, "pseries:///system");
        expect_ok(f, open, &rep);
        rpc_test_reply_clear(&rep);
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        xdr_enc_string(&e, "<domain type='qemu'><name>x</name><memory>1024</memory></domain>", 4096);
        g_autoptr(GBytes) def = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_DEFINE_XML, 2, e.data, e.size);
        xdr_encoder_clear(&e);
        expect_error(f, def, VIR_ERR_OPERATION_DENIED, "read only");
        /* Reading is allowed. */
        g_autoptr(GBytes) nodeinfo = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_NODE_GET_INFO, 3, NULL, 0);
        expect_ok(f, nodeinfo, &rep);
        /* char model[32] (4 bytes each) + hyper + 6 ints */
        g_assert_cmpuint(rep.payload_len, ==, 32 * 4 + 8 + 6 * 4);
        rpc_test_reply_clear(&rep);
}

static void test_write_queue(void) {
        int sv[2];
        g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), ==, 0);
        RpcWriteQueue q;
        rpc_write_queue_init(&q);
        const size_t big = 4 * 1024 * 1024;
        uint8_t *buf = g_malloc(big);
        for (size_t i = 0; i < big; i++)
                buf[i] = (uint8_t) (i * 7);
        rpc_write_queue_push(&q, buf, big);
        rpc_write_queue_push(&q, g_memdup2("tail", 4), 4);
        /* The peer reads nothing yet: the socket fills up. */
        g_assert_cmpint(rpc_write_queue_flush(&q, sv[0]), ==, 1);
        g_assert_false(rpc_write_queue_empty(&q));
        g_autofree uint8_t *got = g_malloc(big + 4);
        size_t have = 0;
        while (have < big + 4) {
                ssize_t n = read(sv[1], got + have, big + 4 - have);
                if (n < 0) {
                        g_assert_cmpint(errno, ==, EAGAIN);
                        int k = rpc_write_queue_flush(&q, sv[0]);
                        g_assert_cmpint(k, >=, 0);
                        continue;
                }
                have += (size_t) n;
        }
        g_assert_true(rpc_write_queue_empty(&q));
        g_assert_cmpuint(q.bytes, ==, 0);
        for (size_t i = 0; i < big; i++)
                if (got[i] != (uint8_t) (i * 7))
                        g_error("byte %zu differs", i);
        g_assert_cmpmem(got + big, 4, "tail", 4);
        /* Peer gone: an error, not a crash (SIGPIPE is suppressed). */
        rpc_write_queue_push(&q, g_memdup2("x", 1), 1);
        close(sv[1]);
        g_assert_cmpint(rpc_write_queue_flush(&q, sv[0]), ==, -EPIPE);
        rpc_write_queue_clear(&q);
        close(sv[0]);
}

static int listening_socket(const char *path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        g_strlcpy(sa.sun_path, path, sizeof sa.sun_path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(bind(fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
        g_assert_cmpint(listen(fd, 4), ==, 0);
        return fd;
}

static void test_socket_paths(Fixture *f, gconstpointer data) {
        (void) data;
        g_autofree char *rw = NULL, *ro = NULL, *user = NULL;
        g_assert_cmpint(rpc_server_socket_path(false, false, &rw), ==, 0);
        g_assert_cmpstr(rw, ==, "/run/libvirt/virtpseriesd-sock");
        g_assert_cmpint(rpc_server_socket_path(false, true, &ro), ==, 0);
        g_assert_cmpstr(ro, ==, "/run/libvirt/virtpseriesd-sock-ro");
        g_setenv("XDG_RUNTIME_DIR", "/run/user/1234", TRUE);
        g_assert_cmpint(rpc_server_socket_path(true, false, &user), ==, 0);
        g_assert_cmpstr(user, ==, "/run/user/1234/libvirt/virtpseriesd-sock");

        /* Adopting sockets handed over by systemd. */
        g_autoptr(GError) err = NULL;
        g_autofree char *dir = g_dir_make_tmp("rpc-adopt-XXXXXX", &err);
        g_assert_no_error(err);
        g_autofree char *p1 = g_build_filename(dir, "virtpseriesd-sock", NULL);
        g_autofree char *p2 = g_build_filename(dir, "virtpseriesd-sock-ro", NULL);
        g_autofree char *p3 = g_build_filename(dir, "other", NULL);
        int fd1 = listening_socket(p1), fd2 = listening_socket(p2), fd3 = listening_socket(p3);
        g_assert_cmpint(rpc_server_adopt_fd(f->server, fd1), ==, 0);
        g_assert_cmpint(rpc_server_adopt_fd(f->server, fd2), ==, 0);
        g_assert_cmpint(rpc_server_adopt_fd(f->server, fd3), ==, -EINVAL);
        int sv[2];
        g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
        g_assert_cmpint(rpc_server_adopt_fd(f->server, sv[0]), ==, -EINVAL); /* not listening */
        close(sv[0]);
        close(sv[1]);
        close(fd3);
        unlink(p1);
        unlink(p2);
        unlink(p3);
        rmdir(dir);
}

int main(int argc, char **argv) {
        g_test_init(&argc, &argv, NULL);
        g_test_add_func("/rpc-message/reader-bytewise", test_reader_bytewise);
        g_test_add_func("/rpc-message/reader-two-messages", test_reader_two_messages);
        g_test_add_func("/rpc-message/reader-lengths", test_reader_lengths);
        g_test_add_func("/rpc-message/reader-bad-header", test_reader_bad_header);
        g_test_add_func("/rpc-message/write-queue", test_write_queue);
        g_test_add("/rpc-dispatch/unknown", Fixture, NULL, fixture_setup, test_dispatch_unknown, fixture_teardown);
        g_test_add("/rpc-dispatch/open", Fixture, NULL, fixture_setup, test_dispatch_open, fixture_teardown);
        g_test_add("/rpc-dispatch/bad-args", Fixture, NULL, fixture_setup, test_dispatch_bad_args, fixture_teardown);
        g_test_add("/rpc-dispatch/peer", Fixture, NULL, fixture_setup, test_dispatch_peer, fixture_teardown);
        g_test_add("/rpc-dispatch/peer-unknown", Fixture, NULL, fixture_setup, test_dispatch_peer_unknown, fixture_teardown);
        g_test_add("/rpc-server/socket-paths", Fixture, NULL, fixture_setup, test_socket_paths, fixture_teardown);
        g_test_add("/rpc-dispatch/readonly", Fixture, NULL, fixture_setup, test_dispatch_readonly, fixture_teardown);
        return g_test_run();
}
