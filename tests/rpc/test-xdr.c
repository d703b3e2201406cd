/* test-xdr.c: unit tests of the XDR codec (daemon/xdr.c) against RFC 4506's
 * encoding rules: byte layouts, round trips, every truncation point, lengths
 * beyond maxima, malformed input. */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "xdr.h"

static void test_layout(void) {
        XdrEncoder e;
        xdr_encoder_init(&e, 1024);
        xdr_enc_uint(&e, 0x01020304);
        xdr_enc_int(&e, -2);
        xdr_enc_uhyper(&e, 0x1122334455667788ULL);
        xdr_enc_string(&e, "abc", 10);
        xdr_enc_opaque_fixed(&e, "\x09\x08\x07\x06\x05", 5);
        xdr_enc_bool(&e, true);
        xdr_enc_string_opt(&e, NULL, 10);
        g_assert_cmpint(e.error, ==, 0);
        static const uint8_t want[] = {
                1, 2, 3, 4,
                0xff, 0xff, 0xff, 0xfe,
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                0, 0, 0, 3, 'a', 'b', 'c', 0,
                9, 8, 7, 6, 5, 0, 0, 0,
                0, 0, 0, 1,
                0, 0, 0, 0,
        };
        g_assert_cmpmem(e.data, e.size, want, sizeof want);
        xdr_encoder_clear(&e);
}

/* Encodes one of everything. */
static void encode_sample(XdrEncoder *e) {
        xdr_enc_int(e, -123456);
        xdr_enc_uint(e, 4000000000u);
        xdr_enc_hyper(e, -5000000000LL);
        xdr_enc_uhyper(e, UINT64_MAX);
        xdr_enc_bool(e, false);
        xdr_enc_int(e, 3); /* an enum */
        xdr_enc_opaque_fixed(e, "0123456789abcdef", 16);
        xdr_enc_opaque(e, "\0\1\2", 3, 8);
        xdr_enc_string(e, "pseries:///system", 64);
        xdr_enc_string_opt(e, "x", 64);
        xdr_enc_string_opt(e, NULL, 64);
        xdr_enc_uint(e, 2); /* array count */
        xdr_enc_int(e, 7);
        xdr_enc_int(e, 8);
}

/* Decodes the sample; returns 0 only if everything matched. */
static int decode_sample(XdrDecoder *d) {
        int32_t i32;
        uint32_t u32, n;
        int64_t i64;
        uint64_t u64;
        bool b;
        uint8_t uuid[16];
        const uint8_t *op;
        size_t oplen;
        const char *s, *s2, *s3;
        int r;

        if ((r = xdr_dec_int(d, &i32)) < 0) return r;
        g_assert_cmpint(i32, ==, -123456);
        if ((r = xdr_dec_uint(d, &u32)) < 0) return r;
        g_assert_cmpuint(u32, ==, 4000000000u);
        if ((r = xdr_dec_hyper(d, &i64)) < 0) return r;
        g_assert_cmpint(i64, ==, -5000000000LL);
        if ((r = xdr_dec_uhyper(d, &u64)) < 0) return r;
        g_assert_cmpuint(u64, ==, UINT64_MAX);
        if ((r = xdr_dec_bool(d, &b)) < 0) return r;
        g_assert_false(b);
        if ((r = xdr_dec_enum(d, 0, 5, &i32)) < 0) return r;
        g_assert_cmpint(i32, ==, 3);
        if ((r = xdr_dec_opaque_fixed(d, uuid, 16)) < 0) return r;
        g_assert_cmpmem(uuid, 16, "0123456789abcdef", 16);
        if ((r = xdr_dec_opaque(d, 8, &op, &oplen)) < 0) return r;
        g_assert_cmpmem(op, oplen, "\0\1\2", 3);
        if ((r = xdr_dec_string(d, 64, &s)) < 0) return r;
        g_assert_cmpstr(s, ==, "pseries:///system");
        if ((r = xdr_dec_string_opt(d, 64, &s2)) < 0) return r;
        g_assert_cmpstr(s2, ==, "x");
        if ((r = xdr_dec_string_opt(d, 64, &s3)) < 0) return r;
        g_assert_null(s3);
        if ((r = xdr_dec_array_count(d, 10, 4, &n)) < 0) return r;
        g_assert_cmpuint(n, ==, 2);
        for (uint32_t i = 0; i < n; i++) {
                if ((r = xdr_dec_int(d, &i32)) < 0) return r;
                g_assert_cmpint(i32, ==, (int32_t) (7 + i));
        }
        return xdr_decoder_finish(d);
}

static void test_roundtrip(void) {
        XdrEncoder e;
        XdrDecoder d;
        xdr_encoder_init(&e, 4096);
        encode_sample(&e);
        g_assert_cmpint(e.error, ==, 0);
        g_assert_cmpuint(e.size % 4, ==, 0);
        xdr_decoder_init(&d, e.data, e.size);
        g_assert_cmpint(decode_sample(&d), ==, 0);
        xdr_decoder_clear(&d);
        xdr_encoder_clear(&e);
}

static void test_every_truncation(void) {
        XdrEncoder e;
        xdr_encoder_init(&e, 4096);
        encode_sample(&e);
        for (size_t len = 0; len < e.size; len++) {
                /* A private copy so ASan sees any read past the prefix. */
                g_autofree uint8_t *copy = g_memdup2(e.data, len ? len : 1);
                XdrDecoder d;
                xdr_decoder_init(&d, copy, len);
                int r = decode_sample(&d);
                g_assert_cmpint(r, ==, -EBADMSG);
                xdr_decoder_clear(&d);
        }
        xdr_encoder_clear(&e);
}

static void test_trailing_bytes(void) {
        static const uint8_t buf[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
        XdrDecoder d;
        uint32_t v;
        xdr_decoder_init(&d, buf, sizeof buf);
        g_assert_cmpint(xdr_dec_uint(&d, &v), ==, 0);
        g_assert_cmpint(xdr_decoder_finish(&d), ==, -EBADMSG);
}

static void test_lengths(void) {
        XdrDecoder d;
        const char *s;
        const uint8_t *op;
        size_t n;
        uint32_t count;

        /* Length beyond the maximum: refused before looking for the bytes. */
        static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0xff, 'a', 'b', 'c', 'd' };
        xdr_decoder_init(&d, huge, sizeof huge);
        g_assert_cmpint(xdr_dec_string(&d, 4194304, &s), ==, -E2BIG);
        xdr_decoder_init(&d, huge, sizeof huge);
        g_assert_cmpint(xdr_dec_opaque(&d, 16, &op, &n), ==, -E2BIG);

        /* Within the maximum but more than the buffer holds. */
        static const uint8_t lying[] = { 0, 0, 0, 9, 'a', 'b', 'c', 'd' };
        xdr_decoder_init(&d, lying, sizeof lying);
        g_assert_cmpint(xdr_dec_string(&d, 64, &s), ==, -EBADMSG);

        /* Exactly at the maximum is fine; one above is not. */
        static const uint8_t four[] = { 0, 0, 0, 4, 'a', 'b', 'c', 'd' };
        xdr_decoder_init(&d, four, sizeof four);
        g_assert_cmpint(xdr_dec_string(&d, 4, &s), ==, 0);
        g_assert_cmpstr(s, ==, "abcd");
        xdr_decoder_clear(&d);
        xdr_decoder_init(&d, four, sizeof four);
        g_assert_cmpint(xdr_dec_string(&d, 3, &s), ==, -E2BIG);

        /* Array counts must fit the remaining bytes. */
        static const uint8_t arr[] = { 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2 };
        xdr_decoder_init(&d, arr, sizeof arr);
        g_assert_cmpint(xdr_dec_array_count(&d, 100, 4, &count), ==, -EBADMSG);
        xdr_decoder_init(&d, arr, sizeof arr);
        g_assert_cmpint(xdr_dec_array_count(&d, 2, 0, &count), ==, -E2BIG);
        xdr_decoder_init(&d, arr, 8);
        g_assert_cmpint(xdr_dec_array_count(&d, 100, 2, &count), ==, -EBADMSG);
}

static void test_malformed(void) {
        XdrDecoder d;
        const char *s;
        bool b;
        int32_t v;
        uint8_t fixed[3];

        static const uint8_t nul[] = { 0, 0, 0, 3, 'a', 0, 'c', 0 };
        xdr_decoder_init(&d, nul, sizeof nul);
        g_assert_cmpint(xdr_dec_string(&d, 64, &s), ==, -EBADMSG);

        static const uint8_t badpad[] = { 0, 0, 0, 3, 'a', 'b', 'c', 1 };
        xdr_decoder_init(&d, badpad, sizeof badpad);
        g_assert_cmpint(xdr_dec_string(&d, 64, &s), ==, -EBADMSG);
        xdr_decoder_init(&d, badpad + 4, 4);
        g_assert_cmpint(xdr_dec_opaque_fixed(&d, fixed, 3), ==, -EBADMSG);

        static const uint8_t two[] = { 0, 0, 0, 2 };
        xdr_decoder_init(&d, two, sizeof two);
        g_assert_cmpint(xdr_dec_bool(&d, &b), ==, -EBADMSG);
        xdr_decoder_init(&d, two, sizeof two);
        g_assert_cmpint(xdr_dec_optional(&d, &b), ==, -EBADMSG);
        xdr_decoder_init(&d, two, sizeof two);
        g_assert_cmpint(xdr_dec_enum(&d, 0, 1, &v), ==, -EBADMSG);

        static const uint8_t zero_len[] = { 0, 0, 0, 0 };
        xdr_decoder_init(&d, zero_len, sizeof zero_len);
        g_assert_cmpint(xdr_dec_string(&d, 64, &s), ==, 0);
        g_assert_cmpstr(s, ==, "");
        xdr_decoder_clear(&d);
}

static void test_encoder_limit(void) {
        XdrEncoder e;
        xdr_encoder_init(&e, 8);
        g_assert_cmpint(xdr_enc_uint(&e, 1), ==, 0);
        g_assert_cmpint(xdr_enc_uint(&e, 2), ==, 0);
        g_assert_cmpint(xdr_enc_uint(&e, 3), ==, -EMSGSIZE);
        /* sticky */
        g_assert_cmpint(xdr_enc_bool(&e, true), ==, -EMSGSIZE);
        g_assert_cmpuint(e.size, ==, 8);
        xdr_encoder_clear(&e);

        xdr_encoder_init(&e, 1024);
        g_assert_cmpint(xdr_enc_string(&e, "too long", 3), ==, -EMSGSIZE);
        xdr_encoder_clear(&e);
}

int main(int argc, char **argv) {
        g_test_init(&argc, &argv, NULL);
        g_test_add_func("/xdr/layout", test_layout);
        g_test_add_func("/xdr/roundtrip", test_roundtrip);
        g_test_add_func("/xdr/every-truncation", test_every_truncation);
        g_test_add_func("/xdr/trailing-bytes", test_trailing_bytes);
        g_test_add_func("/xdr/lengths", test_lengths);
        g_test_add_func("/xdr/malformed", test_malformed);
        g_test_add_func("/xdr/encoder-limit", test_encoder_limit);
        return g_test_run();
}
