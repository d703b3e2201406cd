/* tests/machine/test-hcall.c: the hypercall registry and the
 * engine-independent hypercalls, called the way the engine will (opcode in
 * r3, arguments r4..): unknown opcodes give H_FUNCTION (PAPR), the vty calls
 * pack 16 bytes big-endian in r6/r7 (LoPAR H_PUT_TERM_CHAR; Linux's
 * hvc_vio.c / hvconsole.c rely on the order), terminal 0 is the first vty,
 * H_RANDOM, H_VIO_SIGNAL, and registration rules. */
#include <errno.h>

#include "helpers.h"
#include "vio.h"

static void test_unknown_and_registry(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    struct spapr_hcall_ret r;
    /* H_SET_ASR (segment tables, pre-POWER4) is not implemented: not found. */
    g_assert_cmpint(test_hcall(m, 0, 0x30, &r, 0), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, 0x0, &r, 0), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, 0x55, &r, 0), ==, H_FUNCTION); /* not a multiple of 4 */
    g_assert_cmpint(test_hcall(m, 0, UINT64_MAX, &r, 0), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, 0xf0ff, &r, 0), ==, H_FUNCTION);
    /* A vCPU that does not exist. */
    g_assert_cmpint(test_hcall(m, 5, H_RANDOM, &r, 0), ==, H_FUNCTION);
    /* Registration rules. */
    g_assert_cmpint(spapr_hcall_register(m, H_RANDOM, "dup", NULL, spapr_hcall_lookup(m, H_RANDOM)->fn),
                    ==, -EEXIST);
    g_assert_cmpint(spapr_hcall_register(m, 0x57, "odd", NULL, spapr_hcall_lookup(m, H_RANDOM)->fn),
                    ==, -EINVAL);
    g_assert_nonnull(spapr_hcall_lookup(m, H_PUT_TERM_CHAR));
    g_assert_cmpstr(spapr_hcall_lookup(m, H_PUT_TERM_CHAR)->hypertas, ==, "hcall-term");
    g_assert_cmpstr(spapr_hcall_lookup(m, H_EOI)->hypertas, ==, "hcall-interrupt");
    /* The hypertas list names each registered group exactly once. */
    char buf[512];
    int len = spapr_hcall_hypertas_strings(m, buf, sizeof(buf));
    g_assert_cmpint(len, >, 0);
    int nterm = 0, nint = 0, nvio = 0, npft = 0;
    for (int off = 0; off < len; off += (int)strlen(buf + off) + 1) {
        nterm += strcmp(buf + off, "hcall-term") == 0;
        nint += strcmp(buf + off, "hcall-interrupt") == 0;
        nvio += strcmp(buf + off, "hcall-vio") == 0;
        npft += strcmp(buf + off, "hcall-pft") == 0;
        g_assert_cmpstr(buf + off, !=, "hcall-hpt-resize"); /* not implemented */
    }
    g_assert_cmpint(nterm, ==, 1);
    g_assert_cmpint(nint, ==, 1);
    g_assert_cmpint(nvio, ==, 1);
    g_assert_cmpint(npft, ==, 1); /* H_REMOVE is the lowest opcode: listed first */
    g_assert_cmpstr(buf, ==, "hcall-pft");
    g_assert_cmpint(spapr_hcall_hypertas_strings(m, buf, 4), ==, -ENOSPC);
    test_machine_free(m, &con);
}

static void test_put_term_char(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t reg = spapr_vty_reg(m->vty);
    g_assert_cmphex(reg, ==, 0x71000000);
    /* "Hello, pSeries!\n" = 16 bytes; the first byte is the most
     * significant byte of r6. */
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)reg, (uint64_t)16,
                               0x48656c6c6f2c2070ull, 0x536572696573210aull), ==, H_SUCCESS);
    g_assert_cmpint(con.out->len, ==, 16);
    g_assert_cmpint(memcmp(con.out->data, "Hello, pSeries!\n", 16), ==, 0);
    /* Terminal number 0 is the first vty; 3 bytes come from the top of r6. */
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)0, (uint64_t)3,
                               0x6f6b0affffffffffull, 0xffffffffffffffffull), ==, H_SUCCESS);
    g_assert_cmpint(con.out->len, ==, 19);
    g_assert_cmpint(memcmp(con.out->data + 16, "ok\n", 3), ==, 0);
    /* Bad length, unknown terminal: H_PARAMETER, nothing written. */
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)reg, (uint64_t)17,
                               0ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)reg, UINT64_MAX, 0ull, 0ull),
                    ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)0x71000001, (uint64_t)1,
                               0ull, 0ull), ==, H_PARAMETER); /* that is the nvram */
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)0x12345678, (uint64_t)1,
                               0ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)0x171000000, (uint64_t)1,
                               0ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(con.out->len, ==, 19);
    /* Zero bytes is a valid no-op. */
    g_assert_cmpint(test_hcall(m, 0, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)reg, (uint64_t)0, 0ull, 0ull),
                    ==, H_SUCCESS);
    g_assert_cmpint(con.out->len, ==, 19);
    test_machine_free(m, &con);
}

static void test_get_term_char(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    struct spapr_hcall_ret r;
    /* Nothing queued: success with length 0. */
    g_assert_cmpint(test_hcall(m, 0, H_GET_TERM_CHAR, &r, 1, (uint64_t)0), ==, H_SUCCESS);
    g_assert_cmpuint(r.ret[0], ==, 0);
    const char *in = "abcdefghijklmnopqrstuvwxyz";
    g_assert_cmpuint(spapr_vty_input(m, m->vty, (const uint8_t *)in, 26), ==, 26);
    g_assert_cmpint(test_hcall(m, 0, H_GET_TERM_CHAR, &r, 1, (uint64_t)0x71000000), ==, H_SUCCESS);
    g_assert_cmpuint(r.ret[0], ==, 16);
    g_assert_cmphex(r.ret[1], ==, 0x6162636465666768ull);
    g_assert_cmphex(r.ret[2], ==, 0x696a6b6c6d6e6f70ull);
    g_assert_cmpint(test_hcall(m, 0, H_GET_TERM_CHAR, &r, 1, (uint64_t)0), ==, H_SUCCESS);
    g_assert_cmpuint(r.ret[0], ==, 10);
    g_assert_cmphex(r.ret[1], ==, 0x7172737475767778ull);
    g_assert_cmphex(r.ret[2], ==, 0x797a000000000000ull);
    g_assert_cmpint(test_hcall(m, 0, H_GET_TERM_CHAR, &r, 1, (uint64_t)0x71000005), ==, H_PARAMETER);
    /* The ring is bounded: input beyond it is refused, not overwritten. */
    uint8_t big[1000];
    memset(big, 'z', sizeof(big));
    size_t took = spapr_vty_input(m, m->vty, big, sizeof(big));
    g_assert_cmpuint(took, <, sizeof(big));
    g_assert_cmpuint(spapr_vty_input_room(m->vty), ==, 0);
    test_machine_free(m, &con);
}

static void test_random(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    struct spapr_hcall_ret r;
    uint64_t seen[16];
    for (int i = 0; i < 16; i++) {
        g_assert_cmpint(test_hcall(m, 0, H_RANDOM, &r, 0), ==, H_SUCCESS);
        seen[i] = r.ret[0];
    }
    /* 16 draws of 64 random bits: all distinct and bits of both values in
     * every position overall. */
    uint64_t or_all = 0, and_all = UINT64_MAX;
    for (int i = 0; i < 16; i++) {
        or_all |= seen[i];
        and_all &= seen[i];
        for (int j = 0; j < i; j++)
            g_assert_cmphex(seen[i], !=, seen[j]);
    }
    g_assert_cmphex(or_all, !=, 0);
    g_assert_cmphex(and_all, !=, UINT64_MAX);
    test_machine_free(m, &con);
}

static void test_vio_signal(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    struct spapr_vio_dev *vty = spapr_vio_find(m, 0x71000000);
    g_assert_nonnull(vty);
    g_assert_cmpint(test_hcall(m, 0, H_VIO_SIGNAL, NULL, 2, (uint64_t)0x71000000, (uint64_t)1), ==,
                    H_SUCCESS);
    g_assert_cmpuint(vty->signal_state, ==, 1);
    g_assert_cmpint(test_hcall(m, 0, H_VIO_SIGNAL, NULL, 2, (uint64_t)0x71000000, (uint64_t)2), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_VIO_SIGNAL, NULL, 2, (uint64_t)0x7100abcd, (uint64_t)1), ==,
                    H_PARAMETER);
    /* The platform-facility rng has no unit address: 0 names nothing. */
    g_assert_cmpint(test_hcall(m, 0, H_VIO_SIGNAL, NULL, 2, (uint64_t)0, (uint64_t)0), ==,
                    H_PARAMETER);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hcall/unknown-and-registry", test_unknown_and_registry);
    g_test_add_func("/hcall/vty/put-term-char", test_put_term_char);
    g_test_add_func("/hcall/vty/get-term-char", test_get_term_char);
    g_test_add_func("/hcall/random", test_random);
    g_test_add_func("/hcall/vio-signal", test_vio_signal);
    return g_test_run();
}
