/* rpc-test-util.c: helpers for the RPC tests; see rpc-test-util.h. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "remote-protocol.h"
#include "rpc-test-util.h"

GBytes *rpc_test_message(uint32_t prog, uint32_t vers, int32_t proc, int32_t type, uint32_t serial,
                         int32_t status, const void *payload, size_t payload_len) {
        GByteArray *a = g_byte_array_new();
        uint32_t words[7] = {
                (uint32_t) (28 + payload_len), prog, vers, (uint32_t) proc, (uint32_t) type, serial,
                (uint32_t) status,
        };
        for (int i = 0; i < 7; i++) {
                uint8_t b[4] = { words[i] >> 24, words[i] >> 16, words[i] >> 8, words[i] };
                g_byte_array_append(a, b, 4);
        }
        if (payload_len)
                g_byte_array_append(a, payload, (guint) payload_len);
        return g_byte_array_free_to_bytes(a);
}

GBytes *rpc_test_call(uint32_t prog, uint32_t vers, int32_t proc, uint32_t serial,
                      const void *payload, size_t payload_len) {
        return rpc_test_message(prog, vers, proc, RPC_TYPE_CALL, serial, RPC_STATUS_OK, payload, payload_len);
}

void rpc_test_reply_clear(RpcTestReply *r) {
        g_clear_pointer(&r->payload, g_free);
        g_clear_pointer(&r->err_message, g_free);
}

int rpc_test_parse(const uint8_t *buf, size_t size, RpcTestReply *out) {
        XdrDecoder d;
        uint32_t len;
        *out = (RpcTestReply) {};
        xdr_decoder_init(&d, buf, size);
        if (xdr_dec_uint(&d, &len) < 0 || len != size || rpc_header_decode(&d, &out->header) < 0)
                return -EBADMSG;
        out->payload_len = xdr_decoder_remaining(&d);
        out->payload = out->payload_len ? g_memdup2(buf + d.pos, out->payload_len) : g_malloc0(1);
        if (out->header.type == RPC_TYPE_REPLY && out->header.status == RPC_STATUS_ERROR) {
                const char *msg = NULL;
                int32_t level, i1, i2;
                bool dom, net;
                const char *s1, *s2, *s3;
                int r;
                if ((r = xdr_dec_int(&d, &out->err_code)) < 0 || (r = xdr_dec_int(&d, &out->err_domain)) < 0 ||
                    (r = xdr_dec_string_opt(&d, RPC_STRING_MAX, &msg)) < 0 || (r = xdr_dec_int(&d, &level)) < 0 ||
                    (r = xdr_dec_optional(&d, &dom)) < 0 || dom ||
                    (r = xdr_dec_string_opt(&d, RPC_STRING_MAX, &s1)) < 0 ||
                    (r = xdr_dec_string_opt(&d, RPC_STRING_MAX, &s2)) < 0 ||
                    (r = xdr_dec_string_opt(&d, RPC_STRING_MAX, &s3)) < 0 || (r = xdr_dec_int(&d, &i1)) < 0 ||
                    (r = xdr_dec_int(&d, &i2)) < 0 || (r = xdr_dec_optional(&d, &net)) < 0 || net ||
                    xdr_decoder_finish(&d) < 0) {
                        xdr_decoder_clear(&d);
                        rpc_test_reply_clear(out);
                        return -EBADMSG;
                }
                out->err_message = g_strdup(msg);
        }
        xdr_decoder_clear(&d);
        return 0;
}

int rpc_test_connect(const char *path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        g_strlcpy(sa.sun_path, path, sizeof sa.sun_path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        return fd;
}

int rpc_test_write_all(int fd, const void *buf, size_t size) {
        const uint8_t *p = buf;
        while (size > 0) {
                ssize_t n = send(fd, p, size, MSG_NOSIGNAL);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                size -= (size_t) n;
        }
        return 0;
}

static int read_exact(int fd, void *buf, size_t size, int timeout_ms) {
        uint8_t *p = buf;
        while (size > 0) {
                struct pollfd pfd = { .fd = fd, .events = POLLIN };
                int k = poll(&pfd, 1, timeout_ms);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        return -ETIMEDOUT;
                ssize_t n = read(fd, p, size);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return -ECONNRESET;
                p += n;
                size -= (size_t) n;
        }
        return 0;
}

int rpc_test_read_message(int fd, int timeout_ms, RpcTestReply *out) {
        uint8_t lb[4];
        int r = read_exact(fd, lb, 4, timeout_ms);
        if (r < 0)
                return r;
        uint32_t len = (uint32_t) lb[0] << 24 | (uint32_t) lb[1] << 16 | (uint32_t) lb[2] << 8 | lb[3];
        if (len < 28 || len > RPC_MESSAGE_MAX + 4)
                return -EBADMSG;
        g_autofree uint8_t *buf = g_malloc(len);
        memcpy(buf, lb, 4);
        r = read_exact(fd, buf + 4, len - 4, timeout_ms);
        if (r < 0)
                return r;
        return rpc_test_parse(buf, len, out);
}

int rpc_test_roundtrip(int fd, int32_t proc, uint32_t serial, const void *payload, size_t len,
                       RpcTestReply *out) {
        g_autoptr(GBytes) m = rpc_test_call(RPC_PROGRAM_REMOTE, 1, proc, serial, payload, len);
        size_t sz;
        const void *p = g_bytes_get_data(m, &sz);
        int r = rpc_test_write_all(fd, p, sz);
        if (r < 0)
                return r;
        for (;;) {
                r = rpc_test_read_message(fd, 5000, out);
                if (r < 0)
                        return r;
                if (out->header.type == RPC_TYPE_REPLY && out->header.serial == serial)
                        return 0;
                rpc_test_reply_clear(out);
        }
}

int rpc_test_good_session(const char *path) {
        int fd = rpc_test_connect(path);
        if (fd < 0)
                return fd;
        RpcTestReply rep = {};
        int r = rpc_test_roundtrip(fd, REMOTE_PROC_AUTH_LIST, 1, NULL, 0, &rep);
        if (r == 0 && (rep.header.status != RPC_STATUS_OK || rep.payload_len != 8))
                r = -EPROTO;
        rpc_test_reply_clear(&rep);
        if (r == 0) {
                XdrEncoder e;
                xdr_encoder_init(&e, 4096);
                xdr_enc_string_opt(&e, "pseries:///system", 4096);
                xdr_enc_uint(&e, 0);
                r = rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_OPEN, 2, e.data, e.size, &rep);
                xdr_encoder_clear(&e);
                if (r == 0 && rep.header.status != RPC_STATUS_OK)
                        r = -EPROTO;
                rpc_test_reply_clear(&rep);
        }
        if (r == 0) {
                r = rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_GET_TYPE, 3, NULL, 0, &rep);
                static const uint8_t want[] = { 0, 0, 0, 7, 'p', 's', 'e', 'r', 'i', 'e', 's', 0 };
                if (r == 0 && (rep.header.status != RPC_STATUS_OK || rep.payload_len != sizeof want ||
                               memcmp(rep.payload, want, sizeof want) != 0))
                        r = -EPROTO;
                rpc_test_reply_clear(&rep);
        }
        close(fd);
        return r;
}
