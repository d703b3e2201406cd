/* rpc-error.c: errors reported to libvirt clients; see rpc-error.h. */
#include <errno.h>
#include <stdarg.h>

#include <libvirt/virterror.h>

#include "rpc-error.h"
#include "rpc-message.h"

void rpc_error_clear(RpcError *e) {
        g_clear_pointer(&e->message, g_free);
        e->code = 0;
        e->domain = 0;
}

int rpc_error_set(RpcError *e, int code, int domain, const char *fmt, ...) {
        if (e->code != 0)
                return -EIO;
        va_list ap;
        va_start(ap, fmt);
        e->message = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        e->code = code;
        e->domain = domain;
        return -EIO;
}

int rpc_error_encode(XdrEncoder *enc, const RpcError *e) {
        xdr_enc_int(enc, e->code ? e->code : VIR_ERR_INTERNAL_ERROR);
        xdr_enc_int(enc, e->domain);
        xdr_enc_string_opt(enc, e->message ? e->message : "unknown error", RPC_STRING_MAX);
        xdr_enc_int(enc, VIR_ERR_ERROR);   /* level */
        xdr_enc_optional(enc, false);      /* dom */
        xdr_enc_string_opt(enc, NULL, RPC_STRING_MAX); /* str1 */
        xdr_enc_string_opt(enc, NULL, RPC_STRING_MAX); /* str2 */
        xdr_enc_string_opt(enc, NULL, RPC_STRING_MAX); /* str3 */
        xdr_enc_int(enc, 0);               /* int1 */
        xdr_enc_int(enc, 0);               /* int2 */
        return xdr_enc_optional(enc, false); /* net */
}
