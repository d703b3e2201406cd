/* test-robustness.c: abuses a running rpc-test-server (the libvirt RPC
 * server of daemon/ with the test double backend) with malformed lengths,
 * truncated and oversized messages, bad XDR, unknown programs, garbage,
 * mid-message disconnects, clients that never read, keepalive, many
 * concurrent clients, console streams (flow control both ways, end of file
 * from the guest's side, the per-client stream limit), and start calls
 * answered later (deferred replies) to clients that may be gone by then;
 * after each abuse a well-behaved client must still get correct answers,
 * and the server must exit cleanly on SIGTERM.
 *
 * Usage: test-robustness RPC_TEST_SERVER */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib.h>
#include <libvirt/virterror.h>

#include "remote-protocol.h"
#include "rpc-test-util.h"

static const char *server_bin;
static char *tmpdir, *sock_path;
static GPid server_pid;

/* The server dies with the test, even when the test aborts. */
static void child_setup(gpointer data) {
        (void) data;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void start_server(void) {
        GError *err = NULL;
        tmpdir = g_dir_make_tmp("rpc-robust-XXXXXX", &err);
        g_assert_no_error(err);
        sock_path = g_build_filename(tmpdir, "sock", NULL);
        char *argv[] = { (char *) server_bin, sock_path, "--keepalive", "1", "--keepalive-count", "2",
                         "--max-clients", "300", NULL };
        g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    child_setup, NULL, &server_pid, &err));
        g_assert_no_error(err);
        g_autofree char *ro = g_strdup_printf("%s-ro", sock_path);
        for (int i = 0; i < 200 && !g_file_test(ro, G_FILE_TEST_EXISTS); i++)
                g_usleep(20000);
        g_assert_true(g_file_test(ro, G_FILE_TEST_EXISTS));
}

static void assert_server_alive(void) {
        int status;
        g_assert_cmpint(waitpid(server_pid, &status, WNOHANG), ==, 0);
        g_assert_cmpint(rpc_test_good_session(sock_path), ==, 0);
}

/* The server closes the connection within timeout_ms (reads drain any
 * replies first). */
static void assert_closed(int fd, int timeout_ms) {
        gint64 deadline = g_get_monotonic_time() + timeout_ms * 1000;
        uint8_t buf[4096];
        for (;;) {
                int left = (int) ((deadline - g_get_monotonic_time()) / 1000);
                g_assert_cmpint(left, >, 0);
                struct pollfd p = { .fd = fd, .events = POLLIN };
                int k = poll(&p, 1, left);
                g_assert_cmpint(k, >=, 0);
                if (k == 0)
                        g_error("server kept the connection open");
                ssize_t n = read(fd, buf, sizeof buf);
                if (n == 0 || (n < 0 && errno == ECONNRESET))
                        return;
        }
}

static void send_bytes(int fd, const void *p, size_t n) {
        g_assert_cmpint(rpc_test_write_all(fd, p, n), ==, 0);
}

static void send_msg(int fd, GBytes *b) {
        send_bytes(fd, g_bytes_get_data(b, NULL), g_bytes_get_size(b));
}

static void test_bad_lengths(void) {
        static const uint32_t lens[] = { 0, 1, 4, 27, 0x80000000u, 0xffffffffu, (32u << 20) + 5 };
        for (size_t i = 0; i < G_N_ELEMENTS(lens); i++) {
                int fd = rpc_test_connect(sock_path);
                g_assert_cmpint(fd, >=, 0);
                uint8_t b[28] = { lens[i] >> 24, lens[i] >> 16, lens[i] >> 8, lens[i] };
                send_bytes(fd, b, sizeof b);
                assert_closed(fd, 2000);
                close(fd);
        }
        assert_server_alive();
}

static void test_oversized_stream(void) {
        /* Announce 33 MiB and keep sending: closed after the length word,
         * long before 33 MiB are accepted. */
        int fd = rpc_test_connect(sock_path);
        const uint32_t len = 33u << 20;
        uint8_t head[4] = { (uint8_t) (len >> 24), (uint8_t) (len >> 16), (uint8_t) (len >> 8), (uint8_t) len };
        send_bytes(fd, head, 4);
        g_autofree uint8_t *chunk = g_malloc0(1 << 20);
        size_t sent = 0;
        for (int i = 0; i < 33; i++) {
                ssize_t n = send(fd, chunk, 1 << 20, MSG_NOSIGNAL);
                if (n < 0) {
                        g_assert_true(errno == EPIPE || errno == ECONNRESET);
                        break;
                }
                sent += (size_t) n;
        }
        g_assert_cmpuint(sent, <, 33u << 20);
        close(fd);
        assert_server_alive();
}

static void test_max_size_message(void) {
        /* The largest legal message: read completely, answered with an
         * argument error, connection kept. */
        int fd = rpc_test_connect(sock_path);
        size_t payload = RPC_MESSAGE_MAX - RPC_HEADER_SIZE;
        g_autofree uint8_t *junk = g_malloc0(payload);
        g_autoptr(GBytes) m = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, 9, junk, payload);
        send_msg(fd, m);
        RpcTestReply rep = {};
        g_assert_cmpint(rpc_test_read_message(fd, 10000, &rep), ==, 0);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_ERROR);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_RPC);
        g_assert_cmpuint(rep.header.serial, ==, 9);
        rpc_test_reply_clear(&rep);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_AUTH_LIST, 10, NULL, 0, &rep), ==, 0);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        rpc_test_reply_clear(&rep);
        close(fd);
}

static void test_truncated_and_disconnect(void) {
        g_autoptr(GBytes) m = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST, 1, NULL, 0);
        size_t size = g_bytes_get_size(m);
        for (size_t cut = 1; cut < size; cut++) {
                int fd = rpc_test_connect(sock_path);
                send_bytes(fd, g_bytes_get_data(m, NULL), cut);
                close(fd);
        }
        /* A big message cut in the middle of its body. */
        int fd = rpc_test_connect(sock_path);
        uint8_t head[4] = { 0, 0x10, 0, 0 };
        send_bytes(fd, head, 4);
        g_autofree uint8_t *half = g_malloc0(0x80000);
        send_bytes(fd, half, 0x80000);
        close(fd);
        assert_server_alive();
}

static void test_bad_xdr_keeps_connection(void) {
        int fd = rpc_test_connect(sock_path);
        RpcTestReply rep = {};
        /* CONNECT_OPEN whose string claims almost 4 GiB. */
        static const uint8_t lying[] = { 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xf0, 'p', 's', 0, 0, 0, 0, 0, 0 };
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_OPEN, 1, lying, sizeof lying, &rep), ==, 0);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_RPC);
        rpc_test_reply_clear(&rep);
        /* Optional discriminant 7. */
        static const uint8_t disc[] = { 0, 0, 0, 7, 0, 0, 0, 0 };
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_OPEN, 2, disc, sizeof disc, &rep), ==, 0);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_RPC);
        rpc_test_reply_clear(&rep);
        /* Unknown program and procedure. */
        g_autoptr(GBytes) prog = rpc_test_call(0xdeadbeef, 1, 1, 3, NULL, 0);
        send_msg(fd, prog);
        g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
        g_assert_cmpuint(rep.header.prog, ==, 0xdeadbeef);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_RPC);
        rpc_test_reply_clear(&rep);
        g_assert_cmpint(rpc_test_roundtrip(fd, 424242, 4, NULL, 0, &rep), ==, 0);
        g_assert_cmpint(rep.err_code, ==, VIR_ERR_NO_SUPPORT);
        rpc_test_reply_clear(&rep);
        /* Replies and stream packets from a client are ignored... */
        g_autoptr(GBytes) stray = rpc_test_message(RPC_PROGRAM_REMOTE, 1, 1, RPC_TYPE_REPLY, 5, 0, NULL, 0);
        send_msg(fd, stray);
        g_autoptr(GBytes) stream = rpc_test_message(RPC_PROGRAM_REMOTE, 1, 201, RPC_TYPE_STREAM, 6, 2, "abcd", 4);
        send_msg(fd, stream);
        /* ...and the connection still works. */
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_AUTH_LIST, 7, NULL, 0, &rep), ==, 0);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        rpc_test_reply_clear(&rep);
        /* A header with an unknown message type is a broken stream: closed. */
        g_autoptr(GBytes) badtype = rpc_test_message(RPC_PROGRAM_REMOTE, 1, 1, 9, 8, 0, NULL, 0);
        send_msg(fd, badtype);
        assert_closed(fd, 2000);
        close(fd);
        assert_server_alive();
}

static void test_garbage(void) {
        GRand *rand = g_rand_new_with_seed(20261125);
        for (int round = 0; round < 50; round++) {
                int fd = rpc_test_connect(sock_path);
                size_t n = (size_t) g_rand_int_range(rand, 1, 70000);
                g_autofree uint8_t *buf = g_malloc(n);
                for (size_t i = 0; i < n; i++)
                        buf[i] = (uint8_t) g_rand_int(rand);
                /* Sometimes a plausible length word. */
                if (round % 2 && n >= 4) {
                        uint32_t len = (uint32_t) g_rand_int_range(rand, 28, 100000);
                        buf[0] = len >> 24, buf[1] = len >> 16, buf[2] = len >> 8, buf[3] = len;
                }
                send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
                close(fd);
        }
        g_rand_free(rand);
        assert_server_alive();
}

static void test_many_clients(void) {
        enum { N = 200 };
        int fds[N];
        for (int i = 0; i < N; i++) {
                fds[i] = rpc_test_connect(sock_path);
                g_assert_cmpint(fds[i], >=, 0);
        }
        /* Everyone sends first, then everyone reads. */
        for (int i = 0; i < N; i++) {
                g_autoptr(GBytes) m = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_AUTH_LIST, (uint32_t) i, NULL, 0);
                send_msg(fds[i], m);
        }
        for (int i = 0; i < N; i++) {
                RpcTestReply rep = {};
                g_assert_cmpint(rpc_test_read_message(fds[i], 5000, &rep), ==, 0);
                g_assert_cmpuint(rep.header.serial, ==, (uint32_t) i);
                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
                rpc_test_reply_clear(&rep);
        }
        for (int i = 0; i < N; i++)
                close(fds[i]);
        assert_server_alive();
}

/* The server was started with --max-clients 300: connection 301 is
 * closed at once, the others keep working. */
static void test_max_clients(void) {
        enum { MAX = 300 };
        int fds[MAX + 1];
        int n = 0, refused = -1;
        for (; n <= MAX; n++) {
                fds[n] = rpc_test_connect(sock_path);
                g_assert_cmpint(fds[n], >=, 0);
                RpcTestReply rep = {};
                int r = rpc_test_roundtrip(fds[n], REMOTE_PROC_AUTH_LIST, 1, NULL, 0, &rep);
                rpc_test_reply_clear(&rep);
                if (r < 0) {
                        g_assert_true(r == -ECONNRESET || r == -EPIPE);
                        refused = n;
                        n++;
                        break;
                }
        }
        g_assert_cmpint(refused, >=, 0);
        g_assert_cmpint(refused, <=, MAX);
        for (int i = 0; i < n; i++)
                close(fds[i]);
        /* Slots come back once the server has seen the hang-ups. */
        for (int i = 0; i < 100 && rpc_test_good_session(sock_path) != 0; i++)
                g_usleep(20000);
        assert_server_alive();
}

static void test_client_never_reads(void) {
        /* Floods calls whose replies are big and never reads them; other
         * clients are still served. */
        int fd = rpc_test_connect(sock_path);
        int flags = 1;
        (void) flags;
        g_autoptr(GBytes) open = NULL;
        {
                XdrEncoder e;
                xdr_encoder_init(&e, 4096);
                xdr_enc_string_opt(&e, "pseries:///system", 4096);
                xdr_enc_uint(&e, 0);
                open = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_OPEN, 1, e.data, e.size);
                xdr_encoder_clear(&e);
        }
        send_msg(fd, open);
        g_autoptr(GBytes) caps = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_CONNECT_GET_CAPABILITIES, 2, NULL, 0);
        for (int i = 0; i < 20000; i++) {
                ssize_t n = send(fd, g_bytes_get_data(caps, NULL), g_bytes_get_size(caps), MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0)
                        break; /* the server stopped reading us: good */
        }
        assert_server_alive();
        close(fd);
        assert_server_alive();
}

static void test_keepalive(void) {
        /* A client announcing keepalive gets pinged when idle... */
        int fd = rpc_test_connect(sock_path);
        RpcTestReply rep = {};
        static const uint8_t ka[] = { 0, 0, 0, REMOTE_FEATURE_PROGRAM_KEEPALIVE };
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, 1, ka, 4, &rep), ==, 0);
        static const uint8_t yes[] = { 0, 0, 0, 1 };
        g_assert_cmpmem(rep.payload, rep.payload_len, yes, 4);
        rpc_test_reply_clear(&rep);
        g_assert_cmpint(rpc_test_read_message(fd, 3000, &rep), ==, 0);
        g_assert_cmpuint(rep.header.prog, ==, RPC_PROGRAM_KEEPALIVE);
        g_assert_cmpint(rep.header.proc, ==, RPC_KEEPALIVE_PROC_PING);
        g_assert_cmpint(rep.header.type, ==, RPC_TYPE_MESSAGE);
        rpc_test_reply_clear(&rep);
        /* ...answers our ping with a pong... */
        g_autoptr(GBytes) ping = rpc_test_message(RPC_PROGRAM_KEEPALIVE, 1, RPC_KEEPALIVE_PROC_PING,
                                                  RPC_TYPE_MESSAGE, 0, 0, NULL, 0);
        send_msg(fd, ping);
        for (;;) {
                g_assert_cmpint(rpc_test_read_message(fd, 3000, &rep), ==, 0);
                bool pong = rep.header.proc == RPC_KEEPALIVE_PROC_PONG;
                g_assert_cmpuint(rep.header.prog, ==, RPC_PROGRAM_KEEPALIVE);
                rpc_test_reply_clear(&rep);
                if (pong)
                        break;
        }
        /* ...and is dropped when it stops answering (interval 1 s, 2 pings). */
        gint64 t0 = g_get_monotonic_time();
        assert_closed(fd, 8000);
        g_assert_cmpint(g_get_monotonic_time() - t0, >=, 1000000);
        close(fd);
        /* A client that never asked for keepalive is not pinged. */
        fd = rpc_test_connect(sock_path);
        g_assert_cmpint(rpc_test_read_message(fd, 2500, &rep), ==, -ETIMEDOUT);
        close(fd);
        assert_server_alive();
}

/* A new connection, opened read-write on pseries:///system. */
static int connect_and_open(void) {
        int fd = rpc_test_connect(sock_path);
        RpcTestReply rep = {};
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        xdr_enc_string_opt(&e, "pseries:///system", 4096);
        xdr_enc_uint(&e, 0);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_OPEN, 1, e.data, e.size, &rep), ==, 0);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        rpc_test_reply_clear(&rep);
        xdr_encoder_clear(&e);
        return fd;
}

/* Opens, registers for lifecycle events, then sends a define and hangs up
 * at once: the server's event and reply go to a dead socket from inside the
 * define handler. */
static void test_hangup_during_call(void) {
        for (int round = 0; round < 20; round++) {
                int fd = connect_and_open();
                RpcTestReply rep = {};
                XdrEncoder e;
                static const uint8_t reg[] = { 0, 0, 0, 0, 0, 0, 0, 0 }; /* lifecycle, any domain */
                g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, 2,
                                                   reg, sizeof reg, &rep), ==, 0);
                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
                rpc_test_reply_clear(&rep);
                g_autofree char *xml = g_strdup_printf("<domain type='qemu'><name>hangup%d</name>"
                                                       "<memory>1024</memory></domain>", round);
                xdr_encoder_init(&e, 4096);
                xdr_enc_string(&e, xml, 4096);
                g_autoptr(GBytes) def = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_DEFINE_XML, 3,
                                                      e.data, e.size);
                xdr_encoder_clear(&e);
                send_msg(fd, def);
                close(fd);
        }
        assert_server_alive();
}

static long server_rss_kib(void) {
        g_autofree char *path = g_strdup_printf("/proc/%d/status", (int) server_pid);
        g_autofree char *text = NULL;
        g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
        const char *p = strstr(text, "VmRSS:");
        g_assert_nonnull(p);
        return strtol(p + 6, NULL, 10);
}

/* A guest console that prints 200 MB while the client does not read: the
 * server must stop taking console output (bounded memory), then deliver
 * every byte once the client reads, then confirm the client's finish. */
static void test_console_flow_control(void) {
        const uint64_t flood = 200u * 1000u * 1000u;
        int fd = connect_and_open();
        RpcTestReply rep = {};
        XdrEncoder e;

        /* A transient domain; its reply is the domain reference. */
        xdr_encoder_init(&e, 4096);
        xdr_enc_string(&e, "<domain type='qemu'><name>floodvm</name><memory>1024</memory></domain>", 4096);
        xdr_enc_uint(&e, 0);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_CREATE_XML, 2, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        if (rep.header.status != RPC_STATUS_OK)
                g_error("create: %s", rep.err_message);
        g_autofree uint8_t *dom = g_memdup2(rep.payload, rep.payload_len);
        size_t dom_len = rep.payload_len;
        rpc_test_reply_clear(&rep);

        /* OPEN_CONSOLE(dom, no device, flags 0) */
        xdr_encoder_init(&e, 4096);
        xdr_enc_raw(&e, dom, dom_len);
        xdr_enc_string_opt(&e, NULL, 16);
        xdr_enc_uint(&e, 0);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, 3, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        if (rep.header.status != RPC_STATUS_OK)
                g_error("console: %s", rep.err_message);
        rpc_test_reply_clear(&rep);

        long rss0 = server_rss_kib();
        g_autofree char *cmd = g_strdup_printf("flood %" G_GUINT64_FORMAT "\r", flood);
        g_autoptr(GBytes) data = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                  RPC_TYPE_STREAM, 3, RPC_STATUS_CONTINUE, cmd, strlen(cmd));
        send_msg(fd, data);
        g_usleep(1500000); /* the guest floods, nobody reads */
        long rss1 = server_rss_kib();
        g_assert_cmpint(rss1 - rss0, <, 64 * 1024);

        uint64_t xs = 0;
        size_t msgs = 0;
        while (xs < flood) {
                g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
                g_assert_cmpint(rep.header.type, ==, RPC_TYPE_STREAM);
                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_CONTINUE);
                g_assert_cmpuint(rep.header.serial, ==, 3);
                for (size_t i = 0; i < rep.payload_len; i++)
                        xs += rep.payload[i] == 'x';
                msgs++;
                rpc_test_reply_clear(&rep);
        }
        g_assert_cmpuint(xs, ==, flood);
        g_assert_cmpuint(msgs, >, 1000);
        /* Finish: confirmed with an empty OK stream message. */
        g_autoptr(GBytes) fin = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                 RPC_TYPE_STREAM, 3, RPC_STATUS_OK, NULL, 0);
        send_msg(fd, fin);
        for (;;) {
                g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
                bool done = rep.header.type == RPC_TYPE_STREAM && rep.header.status == RPC_STATUS_OK;
                g_assert_true(done || rep.header.status == RPC_STATUS_CONTINUE);
                rpc_test_reply_clear(&rep);
                if (done)
                        break;
        }
        close(fd);
        assert_server_alive();
}

/* Opens a console on a new transient domain; returns the socket. */
static int open_console_on(const char *name, uint32_t serial) {
        int fd = connect_and_open();
        RpcTestReply rep = {};
        XdrEncoder e;
        g_autofree char *xml = g_strdup_printf("<domain type='qemu'><name>%s</name><memory>1024</memory></domain>", name);
        xdr_encoder_init(&e, 4096);
        xdr_enc_string(&e, xml, 4096);
        xdr_enc_uint(&e, 0);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_CREATE_XML, 2, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        xdr_encoder_init(&e, 4096);
        xdr_enc_raw(&e, rep.payload, rep.payload_len);
        rpc_test_reply_clear(&rep);
        xdr_enc_string_opt(&e, NULL, 16);
        xdr_enc_uint(&e, 0);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, serial, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        rpc_test_reply_clear(&rep);
        return fd;
}

/* 4 MiB typed into a console faster than the guest reads it: the server
 * holds back (stops reading the client) instead of failing the stream; the
 * finish is confirmed with no stream error on the way. */
static void test_console_input_flow_control(void) {
        const uint32_t serial = 3;
        int fd = open_console_on("pastevm", serial);
        g_assert_cmpint(fcntl(fd, F_SETFL, O_NONBLOCK), ==, 0);
        g_autofree uint8_t *chunk = g_malloc(65536);
        memset(chunk, 'a', 65536);
        g_autoptr(GBytes) data = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                  RPC_TYPE_STREAM, serial, RPC_STATUS_CONTINUE, chunk, 65536);
        g_autoptr(GBytes) fin = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                 RPC_TYPE_STREAM, serial, RPC_STATUS_OK, NULL, 0);
        const int n_chunks = 64;
        int sent_chunks = 0;
        size_t off = 0;
        bool fin_sent = false, confirmed = false;
        RpcReader reader;
        rpc_reader_init(&reader);
        gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
        while (!confirmed) {
                g_assert_cmpint(g_get_monotonic_time(), <, deadline);
                GBytes *cur = sent_chunks < n_chunks ? data : (!fin_sent ? fin : NULL);
                struct pollfd p = { .fd = fd, .events = POLLIN | (cur ? POLLOUT : 0) };
                g_assert_cmpint(poll(&p, 1, 1000), >=, 0);
                if ((p.revents & POLLOUT) && cur) {
                        size_t size;
                        const uint8_t *b = g_bytes_get_data(cur, &size);
                        ssize_t w = send(fd, b + off, size - off, MSG_NOSIGNAL);
                        if (w > 0 && (off += (size_t) w) == size) {
                                off = 0;
                                if (cur == data)
                                        sent_chunks++;
                                else
                                        fin_sent = true;
                        }
                }
                if (p.revents & (POLLIN | POLLHUP)) {
                        uint8_t buf[65536];
                        ssize_t n = read(fd, buf, sizeof buf);
                        g_assert_cmpint(n, >, 0); /* the server must not hang up */
                        size_t pos = 0;
                        while (pos < (size_t) n) {
                                RpcMessage *m = NULL;
                                size_t used;
                                int k = rpc_reader_feed(&reader, buf + pos, (size_t) n - pos, &used, &m);
                                g_assert_cmpint(k, >=, 0);
                                pos += used;
                                if (k == 0)
                                        continue;
                                g_assert_cmpint(m->header.type, ==, RPC_TYPE_STREAM);
                                g_assert_cmpint(m->header.status, !=, RPC_STATUS_ERROR);
                                if (m->header.status == RPC_STATUS_OK) {
                                        g_assert_true(fin_sent);
                                        confirmed = true;
                                }
                                rpc_message_free(m);
                        }
                }
        }
        rpc_reader_clear(&reader);
        g_assert_cmpint(sent_chunks, ==, n_chunks);
        close(fd);
        assert_server_alive();
}

/* Reads stream messages of `serial` until an empty CONTINUE (end of file
 * from the guest's side); fails on OK or ERROR before it. */
static void read_until_stream_eof(int fd, uint32_t serial) {
        for (;;) {
                RpcTestReply rep = {};
                g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
                g_assert_cmpint(rep.header.type, ==, RPC_TYPE_STREAM);
                g_assert_cmpuint(rep.header.serial, ==, serial);
                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_CONTINUE);
                bool eof = rep.payload_len == 0;
                rpc_test_reply_clear(&rep);
                if (eof)
                        return;
        }
}

/* The client's finish (OK) or abort (ERROR) after end of file is answered
 * with exactly one empty OK, and nothing comes before it. */
static void end_stream_and_confirm(int fd, uint32_t serial, int32_t status) {
        g_autoptr(GBytes) end = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                 RPC_TYPE_STREAM, serial, status, NULL, 0);
        send_msg(fd, end);
        RpcTestReply rep = {};
        g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
        g_assert_cmpint(rep.header.type, ==, RPC_TYPE_STREAM);
        g_assert_cmpuint(rep.header.serial, ==, serial);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        g_assert_cmpuint(rep.payload_len, ==, 0);
        rpc_test_reply_clear(&rep);
}

/* The guest hangs up: the client sees end of file as an empty CONTINUE
 * (libvirt's convention; an unrequested OK makes its client drop the
 * connection), data it sends afterwards goes nowhere, and its finish or
 * abort is confirmed.  The connection stays usable. */
static void test_console_guest_hangup(void) {
        for (int round = 0; round < 2; round++) {
                const uint32_t serial = 3;
                int fd = open_console_on(round ? "byevm2" : "byevm1", serial);
                g_autoptr(GBytes) bye = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                         RPC_TYPE_STREAM, serial, RPC_STATUS_CONTINUE, "bye\r", 4);
                send_msg(fd, bye);
                read_until_stream_eof(fd, serial);
                g_autoptr(GBytes) late = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                          RPC_TYPE_STREAM, serial, RPC_STATUS_CONTINUE, "late", 4);
                send_msg(fd, late);
                end_stream_and_confirm(fd, serial, round ? RPC_STATUS_ERROR : RPC_STATUS_OK);
                /* Still a working connection. */
                RpcTestReply rep = {};
                g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_GET_TYPE, 10, NULL, 0, &rep), ==, 0);
                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
                rpc_test_reply_clear(&rep);
                close(fd);
        }
        assert_server_alive();
}

/* Forced consoles on one domain, each cutting off the one before, on one
 * connection: ended streams count until the client finishes them, so the
 * server refuses new ones beyond its limit (bounded memory) instead of
 * collecting them; after the finishes it accepts new ones again. */
static void test_console_stream_limit(void) {
        const uint32_t first = 3;
        int fd = open_console_on("limitvm", first);
        RpcTestReply rep = {};
        /* The domain reference, for the next OPEN_CONSOLE calls. */
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        xdr_enc_string(&e, "limitvm", 4096);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 2, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        g_autofree uint8_t *dom = g_memdup2(rep.payload, rep.payload_len);
        size_t dom_len = rep.payload_len;
        rpc_test_reply_clear(&rep);

        uint32_t serial = first, opened = 1;
        bool refused = false;
        while (!refused) {
                g_assert_cmpuint(opened, <, 1000);
                serial++;
                xdr_encoder_init(&e, 4096);
                xdr_enc_raw(&e, dom, dom_len);
                xdr_enc_string_opt(&e, NULL, 16);
                xdr_enc_uint(&e, VIR_DOMAIN_CONSOLE_FORCE);
                g_autoptr(GBytes) call = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                       serial, e.data, e.size);
                xdr_encoder_clear(&e);
                send_msg(fd, call);
                /* The reply, and the end of file of the stream it cut off. */
                bool replied = false, eof = false;
                while (!replied || (!refused && !eof)) {
                        g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
                        if (rep.header.type == RPC_TYPE_REPLY) {
                                g_assert_cmpuint(rep.header.serial, ==, serial);
                                replied = true;
                                if (rep.header.status == RPC_STATUS_ERROR) {
                                        g_assert_nonnull(strstr(rep.err_message, "too many streams"));
                                        refused = true;
                                } else {
                                        opened++;
                                }
                        } else {
                                g_assert_cmpint(rep.header.type, ==, RPC_TYPE_STREAM);
                                g_assert_cmpint(rep.header.status, ==, RPC_STATUS_CONTINUE);
                                if (rep.header.serial == serial - 1 && rep.payload_len == 0)
                                        eof = true;
                        }
                        rpc_test_reply_clear(&rep);
                }
        }
        g_assert_cmpuint(opened, >=, 8);
        g_assert_cmpuint(opened, <=, 64);
        /* Finish them all (the last is still live: its finish is confirmed
         * after the banner data it may still send). */
        for (uint32_t s = first; s < first + opened; s++) {
                g_autoptr(GBytes) fin = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                                         RPC_TYPE_STREAM, s, RPC_STATUS_OK, NULL, 0);
                send_msg(fd, fin);
                for (;;) {
                        g_assert_cmpint(rpc_test_read_message(fd, 5000, &rep), ==, 0);
                        g_assert_cmpint(rep.header.type, ==, RPC_TYPE_STREAM);
                        bool done = rep.header.serial == s && rep.header.status == RPC_STATUS_OK;
                        rpc_test_reply_clear(&rep);
                        if (done)
                                break;
                }
        }
        /* Room again. */
        xdr_encoder_init(&e, 4096);
        xdr_enc_raw(&e, dom, dom_len);
        xdr_enc_string_opt(&e, NULL, 16);
        xdr_enc_uint(&e, VIR_DOMAIN_CONSOLE_FORCE);
        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, 5000, e.data, e.size, &rep), ==, 0);
        xdr_encoder_clear(&e);
        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
        rpc_test_reply_clear(&rep);
        close(fd);
        assert_server_alive();
}

/* Starts are answered once the domain runs (the test double completes
 * them 20 ms later): the reply still comes, with the running domain; a
 * client that hangs up before it, or right after sending the call, does
 * not hurt the server; a start refused at once is answered at once. */
static void test_deferred_start(void) {
        for (int round = 0; round < 3; round++) {
                int fd = connect_and_open();
                RpcTestReply rep = {};
                XdrEncoder e;
                g_autofree char *xml = g_strdup_printf("<domain type='qemu'><name>later%d</name>"
                                                       "<memory>1024</memory></domain>", round);
                xdr_encoder_init(&e, 4096);
                xdr_enc_string(&e, xml, 4096);
                xdr_enc_uint(&e, 0);
                if (round == 0) {
                        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_CREATE_XML, 2, e.data, e.size,
                                                           &rep), ==, 0);
                        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_OK);
                        /* remote_nonnull_domain: name, uuid[16], id (running: >= 0) */
                        g_assert_cmpuint(rep.payload_len, >=, 4 + 8 + 16 + 4);
                        const uint8_t *idp = rep.payload + rep.payload_len - 4;
                        int32_t id = (int32_t) ((uint32_t) idp[0] << 24 | idp[1] << 16 | idp[2] << 8 | idp[3]);
                        g_assert_cmpint(id, >=, 0);
                        rpc_test_reply_clear(&rep);
                        /* Starting it again is refused at once. */
                        xdr_encoder_clear(&e);
                        xdr_encoder_init(&e, 4096);
                        xdr_enc_string(&e, "later0", 4096);
                        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 3, e.data, e.size,
                                                           &rep), ==, 0);
                        xdr_encoder_clear(&e);
                        xdr_encoder_init(&e, 4096);
                        xdr_enc_raw(&e, rep.payload, rep.payload_len);
                        rpc_test_reply_clear(&rep);
                        g_assert_cmpint(rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_CREATE, 4, e.data, e.size, &rep),
                                        ==, 0);
                        g_assert_cmpint(rep.header.status, ==, RPC_STATUS_ERROR);
                        g_assert_cmpint(rep.err_code, ==, VIR_ERR_OPERATION_INVALID);
                        rpc_test_reply_clear(&rep);
                } else {
                        g_autoptr(GBytes) call = rpc_test_call(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_CREATE_XML,
                                                               2, e.data, e.size);
                        send_msg(fd, call);
                        if (round == 2)
                                g_usleep(5000); /* the call is read, its reply pending */
                }
                xdr_encoder_clear(&e);
                close(fd);
        }
        g_usleep(100000); /* the completions come after the clients left */
        assert_server_alive();
}

static void test_clean_exit(void) {
        int status;
        g_assert_cmpint(kill(server_pid, SIGTERM), ==, 0);
        g_assert_cmpint(waitpid(server_pid, &status, 0), ==, server_pid);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
        g_assert_false(g_file_test(sock_path, G_FILE_TEST_EXISTS));
        server_pid = 0;
}

int main(int argc, char **argv) {
        g_test_init(&argc, &argv, NULL);
        if (argc < 2) {
                fprintf(stderr, "usage: %s RPC_TEST_SERVER\n", argv[0]);
                return 2;
        }
        signal(SIGPIPE, SIG_IGN);
        server_bin = argv[1];
        start_server();
        g_test_add_func("/robustness/bad-lengths", test_bad_lengths);
        g_test_add_func("/robustness/oversized-stream", test_oversized_stream);
        g_test_add_func("/robustness/max-size-message", test_max_size_message);
        g_test_add_func("/robustness/truncated-and-disconnect", test_truncated_and_disconnect);
        g_test_add_func("/robustness/bad-xdr", test_bad_xdr_keeps_connection);
        g_test_add_func("/robustness/garbage", test_garbage);
        g_test_add_func("/robustness/many-clients", test_many_clients);
        g_test_add_func("/robustness/max-clients", test_max_clients);
        g_test_add_func("/robustness/client-never-reads", test_client_never_reads);
        g_test_add_func("/robustness/keepalive", test_keepalive);
        g_test_add_func("/robustness/hangup-during-call", test_hangup_during_call);
        g_test_add_func("/robustness/console-flow-control", test_console_flow_control);
        g_test_add_func("/robustness/console-input-flow-control", test_console_input_flow_control);
        g_test_add_func("/robustness/console-guest-hangup", test_console_guest_hangup);
        g_test_add_func("/robustness/console-stream-limit", test_console_stream_limit);
        g_test_add_func("/robustness/deferred-start", test_deferred_start);
        g_test_add_func("/robustness/clean-exit", test_clean_exit);
        int r = g_test_run();
        if (server_pid > 0)
                kill(server_pid, SIGKILL);
        if (tmpdir) {
                g_autofree char *ro = g_strdup_printf("%s-ro", sock_path);
                unlink(sock_path);
                unlink(ro);
                rmdir(tmpdir);
        }
        return r;
}
