/* xdr.h: bounded XDR (RFC 4506) encoder and decoder.
 *
 * Part of the libvirt RPC server in daemon/ (see rpc-message.h for the
 * framing and rpc-dispatch.h for the procedure table).  The decoder never
 * trusts a length from the wire: every read checks the bytes remaining and
 * every variable-length item has a caller-given maximum.  The encoder grows
 * a buffer up to a hard limit; its errors are sticky so a sequence of puts
 * can be checked once at the end.
 *
 * Functions return 0 on success or a negative errno:
 *   -EBADMSG  truncated or malformed input (decoder)
 *   -E2BIG    a length beyond the caller's maximum (decoder)
 *   -EMSGSIZE the encoded data would exceed the encoder's limit
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* ---- decoder ---- */

typedef struct XdrDecoder {
        const uint8_t *data;
        size_t size;
        size_t pos;
        /* Strings and opaques handed out by the decoder live here and are
         * freed by xdr_decoder_clear(); handlers never free them. */
        GPtrArray *arena;
} XdrDecoder;

void xdr_decoder_init(XdrDecoder *d, const void *data, size_t size);
void xdr_decoder_clear(XdrDecoder *d);
size_t xdr_decoder_remaining(const XdrDecoder *d);
/* -EBADMSG unless every byte has been consumed. */
int xdr_decoder_finish(const XdrDecoder *d);

int xdr_dec_uint(XdrDecoder *d, uint32_t *v);
int xdr_dec_int(XdrDecoder *d, int32_t *v);
int xdr_dec_uhyper(XdrDecoder *d, uint64_t *v);
int xdr_dec_hyper(XdrDecoder *d, int64_t *v);
/* XDR bool: only 0 and 1 are valid. */
int xdr_dec_bool(XdrDecoder *d, bool *v);
/* An enum whose valid values are [min, max]. */
int xdr_dec_enum(XdrDecoder *d, int32_t min, int32_t max, int32_t *v);
/* Fixed-length opaque of n bytes (plus padding) copied into buf. */
int xdr_dec_opaque_fixed(XdrDecoder *d, void *buf, size_t n);
/* Variable-length opaque, at most max bytes; *out points into the arena. */
int xdr_dec_opaque(XdrDecoder *d, size_t max, const uint8_t **out, size_t *len);
/* String of at most max bytes; embedded NULs are rejected; NUL-terminated
 * copy in the arena. */
int xdr_dec_string(XdrDecoder *d, size_t max, const char **out);
/* Hands an allocation (g_malloc'ed) to the decoder's arena. */
void *xdr_decoder_keep(XdrDecoder *d, void *p);
/* Optional-data discriminant ("*" in XDR). */
int xdr_dec_optional(XdrDecoder *d, bool *present);
/* Optional string: *out is NULL when absent. */
int xdr_dec_string_opt(XdrDecoder *d, size_t max, const char **out);
/* Element count of a variable-length array: at most max, and at least
 * min_elem_size bytes per element must remain (so a lying count cannot
 * make the caller allocate). */
int xdr_dec_array_count(XdrDecoder *d, uint32_t max, size_t min_elem_size, uint32_t *n);

/* ---- encoder ---- */

typedef struct XdrEncoder {
        uint8_t *data;
        size_t size;
        size_t alloc;
        size_t limit;
        int error; /* first error, sticky */
} XdrEncoder;

void xdr_encoder_init(XdrEncoder *e, size_t limit);
void xdr_encoder_clear(XdrEncoder *e);
/* Hands the buffer to the caller (g_free it); the encoder is reset. */
uint8_t *xdr_encoder_steal(XdrEncoder *e, size_t *size);

int xdr_enc_uint(XdrEncoder *e, uint32_t v);
int xdr_enc_int(XdrEncoder *e, int32_t v);
int xdr_enc_uhyper(XdrEncoder *e, uint64_t v);
int xdr_enc_hyper(XdrEncoder *e, int64_t v);
int xdr_enc_bool(XdrEncoder *e, bool v);
int xdr_enc_opaque_fixed(XdrEncoder *e, const void *buf, size_t n);
int xdr_enc_opaque(XdrEncoder *e, const void *buf, size_t n, size_t max);
int xdr_enc_string(XdrEncoder *e, const char *s, size_t max);
/* NULL encodes as absent. */
int xdr_enc_string_opt(XdrEncoder *e, const char *s, size_t max);
int xdr_enc_optional(XdrEncoder *e, bool present);
/* Raw bytes with neither length nor padding (stream data). */
int xdr_enc_raw(XdrEncoder *e, const void *buf, size_t n);
/* Overwrite a 32-bit word already written at offset. */
int xdr_enc_patch_uint(XdrEncoder *e, size_t offset, uint32_t v);
