/* remote-protocol.c: XDR decoders of the remote program's arguments; see
 * remote-protocol.h.  Part of the libvirt RPC server in daemon/. */
#include <errno.h>
#include <string.h>

#include "remote-protocol.h"

int remote_dec_domain(XdrDecoder *d, RemoteDomain *dom) {
        int r;
        if ((r = xdr_dec_string(d, REMOTE_STRING_MAX, &dom->name)) < 0 ||
            (r = xdr_dec_opaque_fixed(d, dom->uuid, DOMAIN_UUID_LEN)) < 0 ||
            (r = xdr_dec_int(d, &dom->id)) < 0)
                return r;
        return 0;
}

int remote_enc_domain(XdrEncoder *e, const DomainRef *ref) {
        xdr_enc_string(e, ref->name ? ref->name : "", REMOTE_STRING_MAX);
        xdr_enc_opaque_fixed(e, ref->uuid, DOMAIN_UUID_LEN);
        return xdr_enc_int(e, ref->id);
}

int remote_dec_args_open(XdrDecoder *d, void *args) {
        RemoteArgsOpen *a = args;
        int r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->name);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_int(XdrDecoder *d, void *args) {
        RemoteArgsInt *a = args;
        return xdr_dec_int(d, &a->value);
}

int remote_dec_args_string(XdrDecoder *d, void *args) {
        RemoteArgsString *a = args;
        return xdr_dec_string(d, REMOTE_STRING_MAX, &a->str);
}

int remote_dec_args_opt_string(XdrDecoder *d, void *args) {
        RemoteArgsOptString *a = args;
        return xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->str);
}

int remote_dec_args_string_flags(XdrDecoder *d, void *args) {
        RemoteArgsStringFlags *a = args;
        int r = xdr_dec_string(d, REMOTE_STRING_MAX, &a->str);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_uuid(XdrDecoder *d, void *args) {
        RemoteArgsUuid *a = args;
        return xdr_dec_opaque_fixed(d, a->uuid, DOMAIN_UUID_LEN);
}

int remote_dec_args_dom(XdrDecoder *d, void *args) {
        RemoteArgsDom *a = args;
        return remote_dec_domain(d, &a->dom);
}

int remote_dec_args_dom_flags(XdrDecoder *d, void *args) {
        RemoteArgsDomFlags *a = args;
        int r = remote_dec_domain(d, &a->dom);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_dom_int(XdrDecoder *d, void *args) {
        RemoteArgsDomInt *a = args;
        int r = remote_dec_domain(d, &a->dom);
        return r < 0 ? r : xdr_dec_int(d, &a->value);
}

int remote_dec_args_dom_string(XdrDecoder *d, void *args) {
        RemoteArgsDomStringFlags *a = args;
        int r = remote_dec_domain(d, &a->dom);
        a->flags = 0;
        return r < 0 ? r : xdr_dec_string(d, REMOTE_STRING_MAX, &a->str);
}

int remote_dec_args_dom_string_flags(XdrDecoder *d, void *args) {
        RemoteArgsDomStringFlags *a = args;
        int r = remote_dec_domain(d, &a->dom);
        if (r < 0 || (r = xdr_dec_string(d, REMOTE_STRING_MAX, &a->str)) < 0)
                return r;
        return xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_dom_hyper(XdrDecoder *d, void *args) {
        RemoteArgsDomHyperFlags *a = args;
        int r = remote_dec_domain(d, &a->dom);
        a->flags = 0;
        return r < 0 ? r : xdr_dec_uhyper(d, &a->value);
}

int remote_dec_args_dom_hyper_flags(XdrDecoder *d, void *args) {
        RemoteArgsDomHyperFlags *a = args;
        int r = remote_dec_args_dom_hyper(d, args);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_dom_uint(XdrDecoder *d, void *args) {
        RemoteArgsDomUintFlags *a = args;
        int r = remote_dec_domain(d, &a->dom);
        a->flags = 0;
        return r < 0 ? r : xdr_dec_uint(d, &a->value);
}

int remote_dec_args_dom_uint_flags(XdrDecoder *d, void *args) {
        RemoteArgsDomUintFlags *a = args;
        int r = remote_dec_args_dom_uint(d, args);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_list_all(XdrDecoder *d, void *args) {
        RemoteArgsListAll *a = args;
        int r = xdr_dec_int(d, &a->need_results);
        return r < 0 ? r : xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_int_int(XdrDecoder *d, void *args) {
        RemoteArgsIntInt *a = args;
        int r = xdr_dec_int(d, &a->a);
        return r < 0 ? r : xdr_dec_int(d, &a->b);
}

int remote_dec_args_int_int_flags(XdrDecoder *d, void *args) {
        RemoteArgsIntIntFlags *a = args;
        int r;
        if ((r = xdr_dec_int(d, &a->a)) < 0 || (r = xdr_dec_int(d, &a->b)) < 0)
                return r;
        return xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_domain_caps(XdrDecoder *d, void *args) {
        RemoteArgsDomainCaps *a = args;
        int r;
        if ((r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->emulatorbin)) < 0 ||
            (r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->arch)) < 0 ||
            (r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->machine)) < 0 ||
            (r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->virttype)) < 0)
                return r;
        return xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_event_register(XdrDecoder *d, void *args) {
        RemoteArgsEventRegister *a = args;
        int r;
        if ((r = xdr_dec_int(d, &a->event_id)) < 0 ||
            (r = xdr_dec_optional(d, &a->has_dom)) < 0)
                return r;
        return a->has_dom ? remote_dec_domain(d, &a->dom) : 0;
}

int remote_dec_args_open_console(XdrDecoder *d, void *args) {
        RemoteArgsOpenConsole *a = args;
        int r;
        if ((r = remote_dec_domain(d, &a->dom)) < 0 ||
            (r = xdr_dec_string_opt(d, REMOTE_STRING_MAX, &a->dev_name)) < 0)
                return r;
        return xdr_dec_uint(d, &a->flags);
}

int remote_dec_args_all_domain_stats(XdrDecoder *d, void *args) {
        RemoteArgsAllDomainStats *a = args;
        /* smallest remote_nonnull_domain: empty name (4) + uuid (16) + id (4) */
        int r = xdr_dec_array_count(d, REMOTE_DOMAIN_LIST_MAX, 24, &a->n_doms);
        if (r < 0)
                return r;
        a->doms = xdr_decoder_keep(d, g_new0(RemoteDomain, a->n_doms ? a->n_doms : 1));
        for (uint32_t i = 0; i < a->n_doms; i++)
                if ((r = remote_dec_domain(d, &a->doms[i])) < 0)
                        return r;
        if ((r = xdr_dec_uint(d, &a->stats)) < 0)
                return r;
        return xdr_dec_uint(d, &a->flags);
}

/* VIR_TYPED_PARAM_* discriminants */
enum { TP_INT = 1, TP_UINT = 2, TP_ULLONG = 4 };

int remote_enc_typed_param_int(XdrEncoder *e, const char *field, int32_t v) {
        xdr_enc_string(e, field, REMOTE_STRING_MAX);
        xdr_enc_int(e, TP_INT);
        return xdr_enc_int(e, v);
}

int remote_enc_typed_param_uint(XdrEncoder *e, const char *field, uint32_t v) {
        xdr_enc_string(e, field, REMOTE_STRING_MAX);
        xdr_enc_int(e, TP_UINT);
        return xdr_enc_uint(e, v);
}

int remote_enc_typed_param_ullong(XdrEncoder *e, const char *field, uint64_t v) {
        xdr_enc_string(e, field, REMOTE_STRING_MAX);
        xdr_enc_int(e, TP_ULLONG);
        return xdr_enc_uhyper(e, v);
}

int remote_enc_char_array(XdrEncoder *e, const char *s, size_t len, uint32_t max) {
        if (len > max) {
                if (!e->error)
                        e->error = -EMSGSIZE;
                return e->error;
        }
        xdr_enc_uint(e, (uint32_t) len);
        return remote_enc_char_fixed(e, s, len);
}

int remote_enc_char_fixed(XdrEncoder *e, const char *s, size_t n) {
        size_t l = strnlen(s, n);
        int r = 0;
        for (size_t i = 0; i < n; i++)
                r = xdr_enc_int(e, i < l ? (int32_t) (signed char) s[i] : 0);
        return r;
}
