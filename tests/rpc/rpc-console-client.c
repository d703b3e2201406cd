/* rpc-console-client.c: a minimal libvirt RPC console client for the tests
 * against pseriesd with its real worker (tests/rpc/virsh-guest.sh).  Built on
 * rpc-test-util (written from the protocol, not from the server), it shows
 * what virsh hides: the exact error code of a refused OPEN_CONSOLE, and the
 * stream message types; and it ends a stream in each way a client can.
 *
 *   rpc-console-client SOCKET DOMAIN [--uri URI] [--force] [--send TEXT]
 *                      [--until TEXT] [--timeout S]
 *                      [--end finish|abort|drop|eof]
 *
 * Connects (CONNECT_OPEN of --uri, default pseries:///session), looks DOMAIN
 * up by name and opens its console.  A refused call prints "error CODE:
 * MESSAGE" (CODE is the virErrorNumber) and exits 3.  Otherwise the stream
 * data goes to stdout; --send is typed in ("\r" understood) and the client
 * reads until --until appears (or, with --end eof, until the server ends the
 * stream), then:
 *   finish / abort  sends OK / ERROR; the server must confirm with an empty
 *                   OK stream message (exit 6 if not);
 *   drop            closes the socket in the middle of the stream;
 *   eof             needs the server's end of stream (an empty CONTINUE),
 *                   then finishes as above.
 * Exit status: 0 done, 1 timeout, 3 refused, 5 the stream ended before
 * --until, 6 protocol error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <libvirt/libvirt.h>

#include "remote-protocol.h"
#include "rpc-test-util.h"

static int fail_reply(RpcTestReply *rep)
{
    printf("error %d: %s\n", rep->err_code, rep->err_message ? rep->err_message : "");
    rpc_test_reply_clear(rep);
    return 3;
}

static int send_stream(int fd, uint32_t serial, int32_t status, const void *data, size_t len)
{
    g_autoptr(GBytes) m = rpc_test_message(RPC_PROGRAM_REMOTE, 1, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                           RPC_TYPE_STREAM, serial, status, data, len);
    return rpc_test_write_all(fd, g_bytes_get_data(m, NULL), g_bytes_get_size(m));
}

int main(int argc, char **argv)
{
    const char *sock = NULL, *name = NULL, *uri = "pseries:///session", *until = NULL;
    const char *end = "finish";
    g_autofree char *send = NULL;
    double timeout = 30;
    uint32_t flags = 0, serial = 10;
    RpcTestReply rep = {};
    XdrEncoder e;
    int fd, r;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--uri") && i + 1 < argc)
            uri = argv[++i];
        else if (!strcmp(argv[i], "--force"))
            flags |= VIR_DOMAIN_CONSOLE_FORCE;
        else if (!strcmp(argv[i], "--send") && i + 1 < argc) {
            GString *s = g_string_new(argv[++i]);
            g_string_replace(s, "\\r", "\r", 0);
            send = g_string_free(s, FALSE);
        } else if (!strcmp(argv[i], "--until") && i + 1 < argc)
            until = argv[++i];
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
            timeout = g_ascii_strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "--end") && i + 1 < argc)
            end = argv[++i];
        else if (!sock)
            sock = argv[i];
        else if (!name)
            name = argv[i];
        else
            sock = NULL, i = argc;
    }
    if (!sock || !name || (strcmp(end, "finish") && strcmp(end, "abort") && strcmp(end, "drop") &&
                           strcmp(end, "eof"))) {
        fprintf(stderr, "usage: rpc-console-client SOCKET DOMAIN [--uri URI] [--force] "
                        "[--send TEXT] [--until TEXT] [--timeout S] "
                        "[--end finish|abort|drop|eof]\n");
        return 2;
    }
    fd = rpc_test_connect(sock);
    if (fd < 0) {
        fprintf(stderr, "rpc-console-client: cannot connect to %s: %s\n", sock, g_strerror(-fd));
        return 2;
    }

    xdr_encoder_init(&e, 4096);
    xdr_enc_string_opt(&e, uri, 4096);
    xdr_enc_uint(&e, 0);
    r = rpc_test_roundtrip(fd, REMOTE_PROC_CONNECT_OPEN, 1, e.data, e.size, &rep);
    xdr_encoder_clear(&e);
    if (r < 0)
        return 6;
    if (rep.header.status != RPC_STATUS_OK)
        return fail_reply(&rep);
    rpc_test_reply_clear(&rep);

    xdr_encoder_init(&e, 4096);
    xdr_enc_string(&e, name, 4096);
    r = rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 2, e.data, e.size, &rep);
    xdr_encoder_clear(&e);
    if (r < 0)
        return 6;
    if (rep.header.status != RPC_STATUS_OK)
        return fail_reply(&rep);

    /* OPEN_CONSOLE(dom, no device name, flags) */
    xdr_encoder_init(&e, 4096);
    xdr_enc_raw(&e, rep.payload, rep.payload_len);
    rpc_test_reply_clear(&rep);
    xdr_enc_string_opt(&e, NULL, 16);
    xdr_enc_uint(&e, flags);
    r = rpc_test_roundtrip(fd, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, serial, e.data, e.size, &rep);
    xdr_encoder_clear(&e);
    if (r < 0)
        return 6;
    if (rep.header.status != RPC_STATUS_OK)
        return fail_reply(&rep);
    rpc_test_reply_clear(&rep);
    if (send && send_stream(fd, serial, RPC_STATUS_CONTINUE, send, strlen(send)) < 0)
        return 6;

    /* Read until the text (or the server's end of stream). */
    g_autoptr(GString) seen = g_string_new(NULL);
    gint64 deadline = g_get_monotonic_time() + (gint64)(timeout * G_USEC_PER_SEC);
    bool eof = false, found = false;
    while (!found && !eof) {
        int left = (int)((deadline - g_get_monotonic_time()) / 1000);
        if (left <= 0) {
            fprintf(stderr, "rpc-console-client: timed out after %.0f s\n", timeout);
            return 1;
        }
        r = rpc_test_read_message(fd, left, &rep);
        if (r == -ETIMEDOUT)
            continue;
        if (r < 0) {
            fprintf(stderr, "rpc-console-client: connection lost: %s\n", g_strerror(-r));
            return 6;
        }
        if (rep.header.type != RPC_TYPE_STREAM || rep.header.serial != serial) {
            rpc_test_reply_clear(&rep);
            continue;
        }
        if (rep.header.status == RPC_STATUS_ERROR) {
            fprintf(stderr, "rpc-console-client: stream error %d: %s\n", rep.err_code,
                    rep.err_message ? rep.err_message : "");
            rpc_test_reply_clear(&rep);
            return 6;
        }
        if (rep.header.status != RPC_STATUS_CONTINUE) {
            fprintf(stderr, "rpc-console-client: unexpected stream status %d before the end\n",
                    rep.header.status);
            rpc_test_reply_clear(&rep);
            return 6;
        }
        if (rep.payload_len == 0) {
            eof = true;
        } else {
            fwrite(rep.payload, 1, rep.payload_len, stdout);
            fflush(stdout);
            g_string_append_len(seen, (const char *)rep.payload, (gssize)rep.payload_len);
            found = until && strstr(seen->str, until);
        }
        rpc_test_reply_clear(&rep);
    }
    if (!strcmp(end, "eof") ? !eof : (!found && until)) {
        fprintf(stderr, "rpc-console-client: the stream ended before '%s'\n", until ? until : "");
        return 5;
    }
    if (!strcmp(end, "drop")) {
        close(fd);
        return 0;
    }
    if (send_stream(fd, serial, strcmp(end, "abort") ? RPC_STATUS_OK : RPC_STATUS_ERROR, NULL, 0) < 0)
        return 6;
    /* Data may still be on its way; then exactly one empty OK. */
    for (;;) {
        r = rpc_test_read_message(fd, 5000, &rep);
        if (r < 0) {
            fprintf(stderr, "rpc-console-client: no confirmation of the %s: %s\n", end,
                    g_strerror(-r));
            return 6;
        }
        bool stream = rep.header.type == RPC_TYPE_STREAM && rep.header.serial == serial;
        int32_t status = rep.header.status;
        size_t len = rep.payload_len;
        rpc_test_reply_clear(&rep);
        if (!stream || (status == RPC_STATUS_CONTINUE && !eof))
            continue;
        if (status != RPC_STATUS_OK || len != 0) {
            fprintf(stderr, "rpc-console-client: the %s was answered with status %d (%zu bytes)\n",
                    end, status, len);
            return 6;
        }
        break;
    }
    close(fd);
    return 0;
}
