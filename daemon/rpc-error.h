/* rpc-error.h: the error a procedure reports to a libvirt client.
 *
 * Part of the libvirt RPC server in daemon/.  Carries libvirt's public error
 * code and domain (VIR_ERR_*, VIR_FROM_* from <libvirt/virterror.h>) and a
 * translated message; rpc-dispatch.c encodes it as a remote_error reply.
 * Domain backends (domain-backend.h) fill the same struct.
 */
#pragma once

#include <glib.h>

#include "xdr.h"

typedef struct RpcError {
        int code;       /* VIR_ERR_*, 0 = no error */
        int domain;     /* VIR_FROM_* */
        char *message;
} RpcError;

void rpc_error_clear(RpcError *e);
/* Sets the error unless one is already set (the first error wins); always
 * returns -EIO-style negative value so handlers can `return rpc_error_set(...)`. */
int rpc_error_set(RpcError *e, int code, int domain, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Encodes libvirt's remote_error structure. */
int rpc_error_encode(XdrEncoder *enc, const RpcError *e);
