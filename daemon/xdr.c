/* xdr.c: bounded XDR (RFC 4506) encoder and decoder; see xdr.h.
 *
 * Lowest layer of the libvirt RPC server in daemon/: no knowledge of
 * messages or procedures, only of XDR's 4-byte big-endian units. */
#include <errno.h>
#include <string.h>

#include "xdr.h"

static size_t pad4(size_t n) {
        return (4 - (n & 3)) & 3;
}

/* ---- decoder ---- */

void xdr_decoder_init(XdrDecoder *d, const void *data, size_t size) {
        *d = (XdrDecoder) { .data = data, .size = size };
}

void xdr_decoder_clear(XdrDecoder *d) {
        if (d->arena)
                g_ptr_array_free(d->arena, TRUE);
        d->arena = NULL;
}

size_t xdr_decoder_remaining(const XdrDecoder *d) {
        return d->size - d->pos;
}

int xdr_decoder_finish(const XdrDecoder *d) {
        return d->pos == d->size ? 0 : -EBADMSG;
}

static int take(XdrDecoder *d, size_t n, const uint8_t **p) {
        if (n > xdr_decoder_remaining(d))
                return -EBADMSG;
        *p = d->data + d->pos;
        d->pos += n;
        return 0;
}

int xdr_dec_uint(XdrDecoder *d, uint32_t *v) {
        const uint8_t *p;
        int r = take(d, 4, &p);
        if (r < 0)
                return r;
        *v = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
        return 0;
}

int xdr_dec_int(XdrDecoder *d, int32_t *v) {
        uint32_t u;
        int r = xdr_dec_uint(d, &u);
        if (r < 0)
                return r;
        *v = (int32_t) u;
        return 0;
}

int xdr_dec_uhyper(XdrDecoder *d, uint64_t *v) {
        uint32_t hi, lo;
        int r;
        if ((r = xdr_dec_uint(d, &hi)) < 0 || (r = xdr_dec_uint(d, &lo)) < 0)
                return r;
        *v = (uint64_t) hi << 32 | lo;
        return 0;
}

int xdr_dec_hyper(XdrDecoder *d, int64_t *v) {
        uint64_t u;
        int r = xdr_dec_uhyper(d, &u);
        if (r < 0)
                return r;
        *v = (int64_t) u;
        return 0;
}

int xdr_dec_bool(XdrDecoder *d, bool *v) {
        uint32_t u;
        int r = xdr_dec_uint(d, &u);
        if (r < 0)
                return r;
        if (u > 1)
                return -EBADMSG;
        *v = u;
        return 0;
}

int xdr_dec_enum(XdrDecoder *d, int32_t min, int32_t max, int32_t *v) {
        int32_t x;
        int r = xdr_dec_int(d, &x);
        if (r < 0)
                return r;
        if (x < min || x > max)
                return -EBADMSG;
        *v = x;
        return 0;
}

static int check_padding(XdrDecoder *d, size_t n) {
        const uint8_t *p;
        int r = take(d, pad4(n), &p);
        if (r < 0)
                return r;
        /* RFC 4506: residual bytes are zero; be strict. */
        for (size_t i = 0; i < pad4(n); i++)
                if (p[i] != 0)
                        return -EBADMSG;
        return 0;
}

int xdr_dec_opaque_fixed(XdrDecoder *d, void *buf, size_t n) {
        const uint8_t *p;
        int r = take(d, n, &p);
        if (r < 0)
                return r;
        r = check_padding(d, n);
        if (r < 0)
                return r;
        memcpy(buf, p, n);
        return 0;
}

void *xdr_decoder_keep(XdrDecoder *d, void *p) {
        if (!d->arena)
                d->arena = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(d->arena, p);
        return p;
}

static void *arena_keep(XdrDecoder *d, void *p) {
        if (!d->arena)
                d->arena = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(d->arena, p);
        return p;
}

static int dec_bytes(XdrDecoder *d, size_t max, const uint8_t **src, size_t *len) {
        uint32_t n;
        int r = xdr_dec_uint(d, &n);
        if (r < 0)
                return r;
        if (n > max)
                return -E2BIG;
        /* n <= max, and the bytes must actually be there. */
        r = take(d, n, src);
        if (r < 0)
                return r;
        r = check_padding(d, n);
        if (r < 0)
                return r;
        *len = n;
        return 0;
}

int xdr_dec_opaque(XdrDecoder *d, size_t max, const uint8_t **out, size_t *len) {
        const uint8_t *src;
        size_t n;
        int r = dec_bytes(d, max, &src, &n);
        if (r < 0)
                return r;
        *out = arena_keep(d, n ? g_memdup2(src, n) : g_malloc0(1));
        *len = n;
        return 0;
}

int xdr_dec_string(XdrDecoder *d, size_t max, const char **out) {
        const uint8_t *src;
        size_t n;
        int r = dec_bytes(d, max, &src, &n);
        if (r < 0)
                return r;
        if (memchr(src, 0, n))
                return -EBADMSG;
        *out = arena_keep(d, g_strndup((const char *) src, n));
        return 0;
}

int xdr_dec_optional(XdrDecoder *d, bool *present) {
        return xdr_dec_bool(d, present);
}

int xdr_dec_string_opt(XdrDecoder *d, size_t max, const char **out) {
        bool present;
        int r = xdr_dec_optional(d, &present);
        if (r < 0)
                return r;
        if (!present) {
                *out = NULL;
                return 0;
        }
        return xdr_dec_string(d, max, out);
}

int xdr_dec_array_count(XdrDecoder *d, uint32_t max, size_t min_elem_size, uint32_t *n) {
        uint32_t c;
        int r = xdr_dec_uint(d, &c);
        if (r < 0)
                return r;
        if (c > max)
                return -E2BIG;
        if (min_elem_size > 0 && c > xdr_decoder_remaining(d) / min_elem_size)
                return -EBADMSG;
        *n = c;
        return 0;
}

/* ---- encoder ---- */

void xdr_encoder_init(XdrEncoder *e, size_t limit) {
        *e = (XdrEncoder) { .limit = limit };
}

void xdr_encoder_clear(XdrEncoder *e) {
        g_free(e->data);
        *e = (XdrEncoder) { .limit = e->limit };
}

uint8_t *xdr_encoder_steal(XdrEncoder *e, size_t *size) {
        uint8_t *p = e->data;
        if (size)
                *size = e->size;
        *e = (XdrEncoder) { .limit = e->limit };
        return p;
}

static uint8_t *reserve(XdrEncoder *e, size_t n) {
        if (e->error)
                return NULL;
        if (n > e->limit || e->size > e->limit - n) {
                e->error = -EMSGSIZE;
                return NULL;
        }
        if (e->size + n > e->alloc) {
                size_t a = e->alloc ? e->alloc : 256;
                while (a < e->size + n)
                        a *= 2;
                if (a > e->limit)
                        a = e->limit;
                e->data = g_realloc(e->data, a);
                e->alloc = a;
        }
        uint8_t *p = e->data + e->size;
        e->size += n;
        return p;
}

static void put32(uint8_t *p, uint32_t v) {
        p[0] = v >> 24;
        p[1] = v >> 16;
        p[2] = v >> 8;
        p[3] = v;
}

int xdr_enc_uint(XdrEncoder *e, uint32_t v) {
        uint8_t *p = reserve(e, 4);
        if (!p)
                return e->error;
        put32(p, v);
        return 0;
}

int xdr_enc_int(XdrEncoder *e, int32_t v) {
        return xdr_enc_uint(e, (uint32_t) v);
}

int xdr_enc_uhyper(XdrEncoder *e, uint64_t v) {
        uint8_t *p = reserve(e, 8);
        if (!p)
                return e->error;
        put32(p, v >> 32);
        put32(p + 4, (uint32_t) v);
        return 0;
}

int xdr_enc_hyper(XdrEncoder *e, int64_t v) {
        return xdr_enc_uhyper(e, (uint64_t) v);
}

int xdr_enc_bool(XdrEncoder *e, bool v) {
        return xdr_enc_uint(e, v ? 1 : 0);
}

int xdr_enc_opaque_fixed(XdrEncoder *e, const void *buf, size_t n) {
        uint8_t *p = reserve(e, n + pad4(n));
        if (!p)
                return e->error;
        if (n)
                memcpy(p, buf, n);
        memset(p + n, 0, pad4(n));
        return 0;
}

int xdr_enc_raw(XdrEncoder *e, const void *buf, size_t n) {
        uint8_t *p = reserve(e, n);
        if (!p)
                return e->error;
        if (n)
                memcpy(p, buf, n);
        return 0;
}

int xdr_enc_opaque(XdrEncoder *e, const void *buf, size_t n, size_t max) {
        if (e->error)
                return e->error;
        if (n > max || n > UINT32_MAX) {
                e->error = -EMSGSIZE;
                return e->error;
        }
        int r = xdr_enc_uint(e, (uint32_t) n);
        if (r < 0)
                return r;
        return xdr_enc_opaque_fixed(e, buf, n);
}

int xdr_enc_string(XdrEncoder *e, const char *s, size_t max) {
        if (!s) {
                if (!e->error)
                        e->error = -EINVAL;
                return e->error;
        }
        return xdr_enc_opaque(e, s, strlen(s), max);
}

int xdr_enc_optional(XdrEncoder *e, bool present) {
        return xdr_enc_bool(e, present);
}

int xdr_enc_string_opt(XdrEncoder *e, const char *s, size_t max) {
        int r = xdr_enc_optional(e, s != NULL);
        if (r < 0 || !s)
                return r;
        return xdr_enc_string(e, s, max);
}

int xdr_enc_patch_uint(XdrEncoder *e, size_t offset, uint32_t v) {
        if (e->error)
                return e->error;
        if (offset > e->size || e->size - offset < 4)
                return -EINVAL;
        put32(e->data + offset, v);
        return 0;
}
