/* rpc-test-util.h: helpers for the RPC tests in tests/rpc/: build call
 * messages, parse replies and remote_error structures, and talk to a server
 * over a UNIX socket with plain blocking I/O (a minimal client written from
 * the protocol description, independent of the server's reader). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "rpc-message.h"
#include "xdr.h"

/* A CALL of the remote program with the given payload (may be NULL/0). */
GBytes *rpc_test_call(uint32_t prog, uint32_t vers, int32_t proc, uint32_t serial,
                      const void *payload, size_t payload_len);
/* Same, with a raw header type and status. */
GBytes *rpc_test_message(uint32_t prog, uint32_t vers, int32_t proc, int32_t type, uint32_t serial,
                         int32_t status, const void *payload, size_t payload_len);

typedef struct RpcTestReply {
        RpcHeader header;
        uint8_t *payload;
        size_t payload_len;
        /* when header.status == ERROR */
        int32_t err_code, err_domain;
        char *err_message;
} RpcTestReply;

void rpc_test_reply_clear(RpcTestReply *r);
/* Parses one complete message (length word included). 0 or -EBADMSG. */
int rpc_test_parse(const uint8_t *buf, size_t size, RpcTestReply *out);

/* Blocking client helpers. */
int rpc_test_connect(const char *path);
int rpc_test_write_all(int fd, const void *buf, size_t size);
/* Reads one message with a timeout in ms: 0, -ETIMEDOUT, -ECONNRESET, ... */
int rpc_test_read_message(int fd, int timeout_ms, RpcTestReply *out);
/* Sends a CALL and reads the reply (skipping keepalive/event messages). */
int rpc_test_roundtrip(int fd, int32_t proc, uint32_t serial, const void *payload, size_t len,
                       RpcTestReply *out);
/* AUTH_LIST + CONNECT_OPEN(pseries:///system) + CONNECT_GET_TYPE; 0 when
 * the answers are right. */
int rpc_test_good_session(const char *path);
