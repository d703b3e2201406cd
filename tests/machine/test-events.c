/* tests/machine/test-events.c: the EPOW shutdown request as a Linux guest
 * receives it (arch/powerpc/platforms/pseries/ras.c): the EPOW source of
 * /event-sources/epow-events fires; the handler reads the EPOW sensor
 * (get-sensor-state token 9, index 0; "critical" if above 3), calls
 * check-exception(0x500, irq, RTAS_EPOW_WARNING 0x40000000, critical, buf,
 * 2048) and finds the "EP" section the way get_pseries_errorlog() does:
 * extended length >= 16, event-log format 14 in ext byte 2, company "IBM"
 * at ext bytes 12..15, then sections chained by their 16-bit length from ext
 * byte 16. Sensor value 3 with modifier 1 means "Power off requested" ->
 * orderly_poweroff. Those rules are restated here and applied to what the
 * machine returns. */
#include <libfdt.h>

#include "helpers.h"
#include "spapr-fdt.h"
#include "xics.h"

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Linux's get_pseries_errorlog over a log of 'size' bytes; NULL if absent. */
static const uint8_t *find_section(const uint8_t *log, size_t size, char a, char b)
{
    uint32_t ext_len = be32(log + 4);
    const uint8_t *ext = log + 8;
    if (ext_len < 16 || (ext[2] & 0x0f) != 14 || be32(ext + 12) != (('I' << 24) | ('B' << 16) | ('M' << 8)))
        return NULL;
    const uint8_t *p = ext + 16, *end = ext + ext_len;
    g_assert_cmpuint(8 + ext_len, <=, size);
    while (p < end) {
        if (p[0] == a && p[1] == b)
            return p;
        uint16_t len = be16(p + 2);
        g_assert_cmpuint(len, >=, 8); /* a zero length would loop forever in Linux */
        p += len;
    }
    return NULL;
}

static void test_epow_shutdown(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    /* The interrupt Linux requests: from the tree. */
    void *fdt;
    size_t size;
    g_assert_cmpint(spapr_fdt_build(m, &fdt, &size), ==, 0);
    int node = fdt_path_offset(fdt, "/event-sources/epow-events");
    const fdt32_t *irqp = fdt_getprop(fdt, node, "interrupts", NULL);
    uint32_t irq = fdt32_to_cpu(irqp[0]);
    free(fdt);
    uint32_t args[7], rets[2];
    /* Linux unmasks it (request_irq -> ibm,set-xive) and opens CPPR. */
    uint32_t xv[3] = {irq, 0, 5};
    g_assert_cmpint(test_rtas(m, "ibm,set-xive", 3, xv, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(test_hcall(m, 0, H_CPPR, NULL, 1, (uint64_t)0xff), ==, H_SUCCESS);
    /* Nothing pending: sensor normal, check-exception "no errors". */
    args[0] = 9;
    args[1] = 0;
    g_assert_cmpint(test_rtas(m, "get-sensor-state", 2, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    uint32_t ce[6] = {0x500, irq, 0x40000000, 0, 0x40000, 2048};
    g_assert_cmpint(test_rtas(m, "check-exception", 6, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    g_assert_cmpint(con.irq_level[0], ==, 0);

    /* The host asks for a shutdown. */
    g_assert_cmpint(spapr_event_request_shutdown(m), ==, 0);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 0, H_XIRR, &r, 0), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0] & 0xffffff, ==, irq);
    /* The OS's periodic event-scan does not take it away. */
    uint32_t es[4] = {0xffffffff, 0, 0x50000, 2048};
    g_assert_cmpint(test_rtas(m, "event-scan", 4, es, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    /* ras_epow_interrupt: sensor, then check-exception. */
    g_assert_cmpint(test_rtas(m, "get-sensor-state", 2, args, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 3); /* not "critical" (> 3) */
    guest_ram_fill(&m->ram, 0x40000, 0xcc, 2048);
    g_assert_cmpint(test_rtas(m, "check-exception", 6, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    const uint8_t *log = guest_ram_ptr(&m->ram, 0x40000, 2048);
    g_assert_cmpint(log[0], ==, 6);            /* version 6 */
    g_assert_cmphex(log[1] & 0x04, ==, 0x04);  /* extended log present */
    g_assert_cmphex(log[3], ==, 0x40);         /* RTAS_TYPE_EPOW */
    const uint8_t *ep = find_section(log, 2048, 'E', 'P');
    g_assert_nonnull(ep);
    g_assert_cmpint(ep[8] & 0xf, ==, 3); /* EPOW_SYSTEM_SHUTDOWN */
    g_assert_cmpint(ep[9] & 0xf, ==, 1); /* EPOW_SHUTDOWN_NORMAL */
    g_assert_nonnull(find_section(log, 2048, 'P', 'H'));
    g_assert_nonnull(find_section(log, 2048, 'U', 'H'));
    /* Taken once. */
    g_assert_cmpint(test_rtas(m, "check-exception", 6, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);

    g_assert_cmpint(test_hcall(m, 0, H_EOI, NULL, 1, (uint64_t)(0xff000000u | irq)), ==, H_SUCCESS);

    /* Another class of events, bad buffers, other sensors. */
    g_assert_cmpint(spapr_event_request_shutdown(m), ==, 0);
    uint32_t other[6] = {0x500, irq, 0x10000000, 0, 0x40000, 2048};
    g_assert_cmpint(test_rtas(m, "check-exception", 6, other, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    uint32_t bad[6] = {0x500, irq, 0x40000000, 0, (uint32_t)m->ram.size - 16, 2048};
    g_assert_cmpint(test_rtas(m, "check-exception", 6, bad, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    uint32_t sens[2] = {9003, 0};
    g_assert_cmpint(test_rtas(m, "get-sensor-state", 2, sens, 2, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    /* A short buffer gets the start of the log. */
    uint32_t shortb[6] = {0x500, irq, 0x40000000, 0, 0x48000, 8};
    guest_ram_fill(&m->ram, 0x48000, 0xcc, 16);
    g_assert_cmpint(test_rtas(m, "check-exception", 6, shortb, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmphex(*(const uint8_t *)guest_ram_ptr(&m->ram, 0x48008, 1), ==, 0xcc);
    /* The queue is bounded; a reset empties it. */
    int ok = 0;
    for (int i = 0; i < 20; i++)
        ok += spapr_event_request_shutdown(m) == 0;
    g_assert_cmpint(ok, <, 20);
    spapr_machine_reset(m);
    g_assert_cmpint(test_rtas(m, "check-exception", 6, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/epow-shutdown", test_epow_shutdown);
    return g_test_run();
}
