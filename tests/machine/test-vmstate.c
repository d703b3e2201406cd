/* tests/machine/test-vmstate.c: save/restore. The serializer on its own
 * (versions: a newer reader loads an older stream and leaves the new field
 * alone; an older reader refuses a newer stream; truncated or corrupted
 * input is refused) and the whole machine: save, change every device's
 * state through the guest interfaces, restore, and compare. */
#include <errno.h>

#include "helpers.h"
#include "vmstate.h"
#include "xics.h"

struct thing_v1 {
    uint32_t a;
    uint8_t b;
    uint16_t arr[3];
    char name[8];
};

struct thing_v2 {
    uint32_t a;
    uint8_t b;
    uint16_t arr[3];
    char name[8];
    uint64_t added;
};

static const struct vmstate_field v1_fields[] = {
    VMSTATE_UINT(struct thing_v1, a, 1),
    VMSTATE_UINT(struct thing_v1, b, 1),
    VMSTATE_UINT_ARRAY(struct thing_v1, arr, 1),
    VMSTATE_BYTES(struct thing_v1, name, 1),
};
static const struct vmstate_desc v1_desc = {"thing", 1, 1, v1_fields, 4};

static const struct vmstate_field v2_fields[] = {
    VMSTATE_UINT(struct thing_v2, a, 1),
    VMSTATE_UINT(struct thing_v2, b, 1),
    VMSTATE_UINT_ARRAY(struct thing_v2, arr, 1),
    VMSTATE_BYTES(struct thing_v2, name, 1),
    VMSTATE_UINT(struct thing_v2, added, 2),
};
static const struct vmstate_desc v2_desc = {"thing", 2, 1, v2_fields, 5};

static void test_serializer(void)
{
    struct thing_v1 t1 = {0x11223344, 0x55, {1, 2, 0xfffe}, "abc"};
    struct vmstate_buf b = {0};
    g_assert_cmpint(vmstate_save(&v1_desc, &t1, &b), ==, 0);
    /* Integers are stored big-endian after the section header. */
    size_t hdr = 2 + 5 + 4 + 4;
    g_assert_cmpuint(b.len, ==, hdr + 4 + 1 + 4 + 3 * 2 + 8);
    g_assert_cmphex(b.data[hdr], ==, 0x11);
    g_assert_cmphex(b.data[hdr + 3], ==, 0x44);

    /* v2 reads a v1 stream; the new field keeps its value. */
    struct thing_v2 t2 = {.added = 0xabcdef};
    size_t pos = 0;
    g_assert_cmpint(vmstate_load(&v2_desc, &t2, b.data, b.len, &pos), ==, 0);
    g_assert_cmpuint(pos, ==, b.len);
    g_assert_cmphex(t2.a, ==, 0x11223344);
    g_assert_cmphex(t2.b, ==, 0x55);
    g_assert_cmphex(t2.arr[2], ==, 0xfffe);
    g_assert_cmpstr(t2.name, ==, "abc");
    g_assert_cmphex(t2.added, ==, 0xabcdef);

    /* v1 refuses a v2 stream. */
    struct vmstate_buf b2 = {0};
    g_assert_cmpint(vmstate_save(&v2_desc, &t2, &b2), ==, 0);
    struct thing_v1 back;
    pos = 0;
    g_assert_cmpint(vmstate_load(&v1_desc, &back, b2.data, b2.len, &pos), ==, -EINVAL);

    /* Every truncation and every single-byte corruption of the header is
     * refused or harmless, never a crash. */
    for (size_t cut = 0; cut < b.len; cut++) {
        pos = 0;
        g_assert_cmpint(vmstate_load(&v1_desc, &back, b.data, cut, &pos), ==, -EINVAL);
    }
    for (size_t i = 0; i < hdr; i++) {
        uint8_t *copy = g_memdup2(b.data, b.len);
        copy[i] ^= 0x80;
        pos = 0;
        g_assert_cmpint(vmstate_load(&v1_desc, &back, copy, b.len, &pos), ==, -EINVAL);
        g_free(copy);
    }
    vmstate_buf_free(&b);
    vmstate_buf_free(&b2);
}

static void guest_state_change(struct spapr_machine *m)
{
    uint32_t rets[8];
    uint32_t tod[7] = {1999, 12, 31, 23, 0, 0, 0};
    g_assert_cmpint(test_rtas(m, "set-time-of-day", 7, tod, 1, rets), ==, H_SUCCESS);
    guest_ram_write(&m->ram, 0x50000, "CHANGED!", 8);
    uint32_t st[3] = {0x2000, 0x50000, 8};
    g_assert_cmpint(test_rtas(m, "nvram-store", 3, st, 2, rets), ==, H_SUCCESS);
    uint32_t xv[3] = {SPAPR_IRQ_VIO, 1, 3};
    g_assert_cmpint(test_rtas(m, "ibm,set-xive", 3, xv, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 1, H_CPPR, NULL, 1, (uint64_t)0xff), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, (uint64_t)1, (uint64_t)5), ==, H_SUCCESS);
    spapr_vty_input(m, m->vty, (const uint8_t *)"typed", 5);
    g_assert_cmpint(spapr_event_request_shutdown(m), ==, 0);
    uint32_t nmi[2] = {0x4000, 0x4100};
    g_assert_cmpint(test_rtas(m, "ibm,nmi-register", 2, nmi, 1, rets), ==, H_SUCCESS);
}

static void test_machine_roundtrip(void)
{
    struct test_console con;
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = 2;
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    /* A first state: a vty byte queued, an ICP with CPPR 0xff. */
    spapr_vty_input(m, m->vty, (const uint8_t *)"Q", 1);
    g_assert_cmpint(test_hcall(m, 0, H_CPPR, NULL, 1, (uint64_t)0xff), ==, H_SUCCESS);
    uint32_t rets[8], none[1];
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, none, 8, rets), ==, H_SUCCESS);
    uint32_t year_before = rets[1];

    struct vmstate_buf saved = {0};
    g_assert_cmpint(spapr_machine_save(m, &saved), ==, 0);
    guest_state_change(m);
    g_assert_cmpint(con.irq_level[1], ==, 1);
    g_assert_cmpint(spapr_machine_load(m, saved.data, saved.len), ==, 0);

    /* Everything is back: clock, NVRAM contents, XICS, vty input, NMI. */
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, none, 8, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[1], ==, year_before);
    uint32_t fe[3] = {0x2000, 0x60000, 8};
    g_assert_cmpint(test_rtas(m, "nvram-fetch", 3, fe, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x60000, 8), "CHANGED!", 8), !=, 0);
    uint32_t gx[1] = {SPAPR_IRQ_VIO};
    g_assert_cmpint(test_rtas(m, "ibm,get-xive", 1, gx, 3, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[2], ==, 0xff);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 0, H_IPOLL, &r, 1, (uint64_t)1), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0); /* server 1: CPPR 0, nothing pending */
    g_assert_cmphex(r.ret[1], ==, 0xff);
    g_assert_cmpint(con.irq_level[1], ==, 0); /* line re-driven from the state */
    g_assert_cmpint(test_hcall(m, 0, H_IPOLL, &r, 1, (uint64_t)0), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0xff000000u);
    g_assert_cmpint(test_hcall(m, 0, H_GET_TERM_CHAR, &r, 1, (uint64_t)0), ==, H_SUCCESS);
    g_assert_cmpuint(r.ret[0], ==, 1);
    g_assert_cmphex(r.ret[1] >> 56, ==, 'Q');
    g_assert_cmphex(m->fwnmi_machine_check, ==, UINT64_MAX);

    /* A second save of the restored machine is byte-identical except the
     * clock offset, which moved with real time: compare lengths and the
     * tail (devices after the RTC). */
    struct vmstate_buf again = {0};
    g_assert_cmpint(spapr_machine_save(m, &again), ==, 0);
    g_assert_cmpuint(again.len, ==, saved.len);

    /* Truncated or foreign data is refused, and refused before anything is
     * restored: the clock set after the save stays. */
    uint32_t tod[7] = {2011, 6, 1, 12, 0, 0, 0};
    g_assert_cmpint(test_rtas(m, "set-time-of-day", 7, tod, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(spapr_machine_load(m, saved.data, saved.len - 1), ==, -EINVAL);
    g_assert_cmpint(spapr_machine_load(m, saved.data + 1, saved.len - 1), ==, -EINVAL);
    /* A stream that ends with an extra byte (all sections good). */
    uint8_t *longer = g_malloc(saved.len + 1);
    memcpy(longer, saved.data, saved.len);
    longer[saved.len] = 0;
    g_assert_cmpint(spapr_machine_load(m, longer, saved.len + 1), ==, -EINVAL);
    g_free(longer);
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, none, 8, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 2011);

    /* A machine of another shape (1 vCPU) refuses the stream. */
    struct test_console con1;
    struct spapr_machine *one = test_machine_new(NULL, &con1);
    g_assert_cmpint(spapr_machine_load(one, saved.data, saved.len), ==, -EINVAL);
    test_machine_free(one, &con1);

    vmstate_buf_free(&saved);
    vmstate_buf_free(&again);
    test_machine_free(m, &con);
}

/* A reset machine's interrupt, vCPU and CAS state is that of a new one:
 * their saved sections are byte-identical. */
static void test_reset(void)
{
    struct test_console con_a, con_b;
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = 2;
    struct spapr_machine *fresh = test_machine_new(&cfg, &con_a);
    struct spapr_machine *m = test_machine_new(&cfg, &con_b);
    guest_state_change(m);
    uint32_t rets[1], args[3] = {1, 0x6000, 0};
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_VIO_SIGNAL, NULL, 2, (uint64_t)0x71000000, (uint64_t)1), ==, H_SUCCESS);
    spapr_machine_exit_request(m, SPAPR_EXIT_REBOOT);
    g_assert_cmpint(con_b.irq_level[1], ==, 1);
    spapr_machine_reset(m);
    g_assert_cmpint(con_b.irq_level[1], ==, 0);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_NONE);
    struct vmstate_buf a = {0}, b = {0};
    g_assert_cmpint(spapr_machine_save(fresh, &a), ==, 0);
    g_assert_cmpint(spapr_machine_save(m, &b), ==, 0);
    g_assert_cmpuint(a.len, ==, b.len);
    /* Sections in order: machine, vcpus, rtc, xics, events, devices.
     * Compare all but the RTC; the RTC offset and NVRAM contents legitimately
     * differ (the guest set the clock and stored data). */
    size_t pa = 0, pb = 0;
    for (int section = 0; section < 5; section++) {
        uint16_t nlen = (uint16_t)(a.data[pa] << 8 | a.data[pa + 1]);
        size_t hdr = 2 + nlen + 4;
        uint32_t plen = (uint32_t)a.data[pa + hdr] << 24 | (uint32_t)a.data[pa + hdr + 1] << 16 |
                        (uint32_t)a.data[pa + hdr + 2] << 8 | a.data[pa + hdr + 3];
        size_t total = hdr + 4 + plen;
        if (section != 2)
            g_assert_cmpint(memcmp(a.data + pa, b.data + pb, total), ==, 0);
        pa += total;
        pb += total;
    }
    vmstate_buf_free(&a);
    vmstate_buf_free(&b);
    test_machine_free(fresh, &con_a);
    test_machine_free(m, &con_b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vmstate/serializer", test_serializer);
    g_test_add_func("/vmstate/machine-roundtrip", test_machine_roundtrip);
    g_test_add_func("/vmstate/reset-is-fresh", test_reset);
    return g_test_run();
}
