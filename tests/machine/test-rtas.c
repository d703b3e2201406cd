/* tests/machine/test-rtas.c: the RTAS call path and the platform RTAS
 * calls, through KVMPPC_H_RTAS with a big-endian argument buffer in guest
 * RAM as Linux's rtas_call() builds it (token, nargs, nret, args, rets).
 * Checks LoPAR's status codes: -3 for parameter errors (bad counts, unknown
 * tokens, out-of-range values and buffers), 1 "no errors found" from
 * event-scan/check-exception, and the effects (RTC, exit requests, console
 * output, system parameters as lparcfg parses them). */
#include <time.h>

#include "helpers.h"

#define ST(x) ((uint32_t)(x))

static void test_buffer_checks(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint64_t ram = m->ram.size;
    /* The header outside RAM: the hypercall itself fails. */
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, ram - 8), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, UINT64_MAX - 4), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, ram), ==, H_PARAMETER);

    /* Unknown token: -3 in rets[0]. */
    uint32_t rets[8];
    guest_ram_st32_be(&m->ram, RTAS_BUF, 0x1234);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 4, 0);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 8, 1);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 12, 0);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, (uint64_t)RTAS_BUF), ==, H_SUCCESS);
    guest_ram_ld32_be(&m->ram, RTAS_BUF + 12, &rets[0]);
    g_assert_cmphex(rets[0], ==, ST(-3));

    /* Wrong nargs / nret for a known call: -3 and no effect. */
    uint32_t args[8] = {0};
    g_assert_cmpint(test_rtas(m, "system-reboot", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_NONE);

    /* nargs + nret beyond the 16 cells of the architected buffer. */
    int64_t tok = spapr_rtas_token(m, "system-reboot");
    guest_ram_st32_be(&m->ram, RTAS_BUF, (uint32_t)tok);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 4, 0);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 8, 0xffffffff);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, (uint64_t)RTAS_BUF), ==, H_SUCCESS);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 4, 0x80000000);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 8, 0x80000000);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, (uint64_t)RTAS_BUF), ==, H_SUCCESS);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_NONE);

    /* A buffer whose return cells run past the end of RAM. */
    uint64_t edge = ram - 16;
    guest_ram_st32_be(&m->ram, edge, (uint32_t)tok);
    guest_ram_st32_be(&m->ram, edge + 4, 0);
    guest_ram_st32_be(&m->ram, edge + 8, 2);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, edge), ==, H_PARAMETER);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_NONE);
    test_machine_free(m, &con);
}

static void test_time_of_day(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[8], args[7];
    /* Before any set: the host's UTC clock. */
    time_t now = time(NULL);
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    struct tm tm;
    gmtime_r(&now, &tm);
    g_assert_cmpuint(rets[1], ==, (uint32_t)tm.tm_year + 1900);
    g_assert_cmpuint(rets[2], >=, 1);
    g_assert_cmpuint(rets[2], <=, 12);
    g_assert_cmpuint(rets[7], <, 1000000000u);

    /* Set 2004-02-29 23:59:58 (a leap day) and read it back. */
    uint32_t set[7] = {2004, 2, 29, 23, 59, 58, 0};
    g_assert_cmpint(test_rtas(m, "set-time-of-day", 7, set, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 2004);
    g_assert_cmpuint(rets[2], ==, 2);
    g_assert_cmpuint(rets[3], ==, 29);
    g_assert_cmpuint(rets[4], ==, 23);
    g_assert_cmpuint(rets[5], ==, 59);
    g_assert_cmpuint(rets[6], >=, 58);
    /* The clock runs: a second later it is still that minute or the next day. */
    g_assert_cmpuint(rets[6], <=, 59);

    /* Invalid dates: -3, clock unchanged. */
    uint32_t bad[][7] = {
        {2003, 2, 29, 0, 0, 0, 0}, {2004, 13, 1, 0, 0, 0, 0}, {2004, 0, 1, 0, 0, 0, 0},
        {2004, 4, 31, 0, 0, 0, 0}, {2004, 1, 1, 24, 0, 0, 0}, {2004, 1, 1, 0, 60, 0, 0},
        {2004, 1, 1, 0, 0, 60, 0}, {2004, 1, 1, 0, 0, 0, 1000000000}, {0xffffffff, 1, 1, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(test_rtas(m, "set-time-of-day", 7, bad[i], 1, rets), ==, H_SUCCESS);
        g_assert_cmphex(rets[0], ==, ST(-3));
    }
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 2004);
    /* The far end of the range works. */
    uint32_t late[7] = {2261, 12, 31, 0, 0, 0, 0};
    g_assert_cmpint(test_rtas(m, "set-time-of-day", 7, late, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(test_rtas(m, "get-time-of-day", 0, args, 8, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 2261);
    g_assert_cmpuint(rets[2], ==, 12);
    test_machine_free(m, &con);
}

static void test_power_and_reboot(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[2], args[2] = {0, 0};
    g_assert_cmpint(test_rtas(m, "power-off", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_NONE);
    g_assert_cmpint(test_rtas(m, "power-off", 2, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_POWER_OFF);
    g_assert_cmpint(test_rtas(m, "system-reboot", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_REBOOT);
    test_machine_free(m, &con);
}

static void test_display_and_os_term(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[1], args[1];
    args[0] = 'X';
    g_assert_cmpint(test_rtas(m, "display-character", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(con.out->len, ==, 1);
    g_assert_cmpint(con.out->data[0], ==, 'X');
    args[0] = 0x1234;
    g_assert_cmpint(test_rtas(m, "display-character", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));

    /* ibm,os-term with a message in guest memory. */
    guest_ram_write(&m->ram, 0x20000, "Kernel panic - not syncing: test", 33);
    args[0] = 0x20000;
    g_assert_cmpint(test_rtas(m, "ibm,os-term", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_PANIC);
    g_assert_nonnull(strstr(con.log->str, "not syncing: test"));
    /* A message longer than the log keeps its start. */
    char long_msg[600];
    memset(long_msg, 'L', sizeof(long_msg) - 1);
    memcpy(long_msg, "BEGIN", 5);
    long_msg[sizeof(long_msg) - 1] = '\0';
    guest_ram_write(&m->ram, 0x21000, long_msg, sizeof(long_msg));
    args[0] = 0x21000;
    g_assert_cmpint(test_rtas(m, "ibm,os-term", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_nonnull(strstr(con.log->str, "BEGINLLL"));
    /* Message address outside RAM. */
    args[0] = (uint32_t)m->ram.size;
    g_assert_cmpint(test_rtas(m, "ibm,os-term", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    test_machine_free(m, &con);
}

static void test_events(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[1];
    /* Linux's event-scan: mask, critical, buffer, RTAS_ERROR_LOG_MAX. */
    uint32_t es[4] = {0xffffffff, 0, 0x30000, 2048};
    g_assert_cmpint(test_rtas(m, "event-scan", 4, es, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    es[2] = (uint32_t)m->ram.size - 100;
    g_assert_cmpint(test_rtas(m, "event-scan", 4, es, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    /* check-exception with 6 and with 7 arguments. */
    uint32_t ce[7] = {0x500, 0x1000, 0xffffffff, 0, 0x30000, 2048, 0};
    g_assert_cmpint(test_rtas(m, "check-exception", 6, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    g_assert_cmpint(test_rtas(m, "check-exception", 7, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 1);
    g_assert_cmpint(test_rtas(m, "check-exception", 5, ce, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    test_machine_free(m, &con);
}

static void test_nmi(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[1], args[2] = {0x7000, 0x7100};
    /* Interlock without registration: -3. */
    g_assert_cmpint(test_rtas(m, "ibm,nmi-interlock", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    g_assert_cmpint(test_rtas(m, "ibm,nmi-register", 2, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmphex(m->fwnmi_system_reset, ==, 0x7000);
    g_assert_cmphex(m->fwnmi_machine_check, ==, 0x7100);
    /* No machine check in progress: nothing to release. */
    g_assert_cmpint(test_rtas(m, "ibm,nmi-interlock", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    /* A machine check delivered to vCPU 0 (the engine sets this). */
    m->fwnmi_interlock = 0;
    g_assert_cmpint(test_rtas(m, "ibm,nmi-interlock", 0, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(m->fwnmi_interlock, ==, -1);
    args[1] = 0xffffff00;
    g_assert_cmpint(test_rtas(m, "ibm,nmi-register", 2, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    test_machine_free(m, &con);
}

static void test_system_parameter(void)
{
    struct test_console con;
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.nr_vcpus = 2;
    cfg.ram_size = 512ull << 20;
    cfg.name = "guest-one";
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    uint32_t rets[1];
    /* 20: SPLPAR characteristics, a 2-byte length then key=value pairs
     * (lparcfg.c parse_system_parameter_string). */
    uint32_t args[3] = {20, 0x40000, 4002};
    g_assert_cmpint(test_rtas(m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    uint16_t len;
    guest_ram_ld16_be(&m->ram, 0x40000, &len);
    char val[256] = {0};
    guest_ram_read(&m->ram, 0x40002, val, len < 255 ? len : 255);
    g_assert_cmpuint(len, ==, strlen(val) + 1);
    g_assert_nonnull(strstr(val, "DesProcs=2"));
    g_assert_nonnull(strstr(val, "DesMem=512"));
    g_assert_nonnull(strstr(val, "MaxEntCap=200"));
    /* 55: the partition name (lparcfg.c read_rtas_lpar_name). */
    args[0] = 55;
    g_assert_cmpint(test_rtas(m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    guest_ram_read_string(&m->ram, 0x40002, val, sizeof(val));
    g_assert_cmpstr(val, ==, "guest-one");
    /* 44 (CMO) is not provided: -3 "not supported", buffer untouched. */
    guest_ram_st32_be(&m->ram, 0x40000, 0x5a5a5a5a);
    args[0] = 44;
    g_assert_cmpint(test_rtas(m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    uint32_t probe;
    guest_ram_ld32_be(&m->ram, 0x40000, &probe);
    g_assert_cmphex(probe, ==, 0x5a5a5a5a);
    /* A short buffer gets a truncated value with the full length; a buffer
     * past the end of RAM gets -3. */
    args[0] = 55;
    args[2] = 6;
    guest_ram_fill(&m->ram, 0x40000, 0xee, 16);
    g_assert_cmpint(test_rtas(m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    uint8_t raw[8];
    guest_ram_read(&m->ram, 0x40000, raw, 8);
    g_assert_cmpint(raw[1], ==, 10);
    g_assert_cmpint(memcmp(raw + 2, "gues", 4), ==, 0);
    g_assert_cmphex(raw[6], ==, 0xee);
    args[1] = (uint32_t)m->ram.size - 4;
    args[2] = 100;
    g_assert_cmpint(test_rtas(m, "ibm,get-system-parameter", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, ST(-3));
    test_machine_free(m, &con);
}

static void test_nvram_calls(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint32_t rets[2];
    /* Store 32 bytes at offset 0x1000 (Linux's NVRW_CNT chunks), fetch them. */
    guest_ram_write(&m->ram, 0x50000, "0123456789abcdef0123456789ABCDEF", 32);
    uint32_t st[3] = {0x1000, 0x50000, 32};
    g_assert_cmpint(test_rtas(m, "nvram-store", 3, st, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 32);
    uint32_t fe[3] = {0x1000, 0x60000, 32};
    con.written_calls = 0;
    g_assert_cmpint(test_rtas(m, "nvram-fetch", 3, fe, 2, rets), ==, H_SUCCESS);
    /* The engine hears about the fetched bytes (and the return cells). */
    g_assert_cmpint(con.written_calls, >=, 1);
    g_assert_cmphex(con.written_hi, >=, 0x60020);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 32);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x60000, 32), "0123456789abcdef0123456789ABCDEF", 32),
                    ==, 0);
    /* Out of range in NVRAM (offset, offset + length overflow) or in RAM. */
    uint32_t bad[][3] = {
        {0x10000, 0x60000, 1},
        {0xffff, 0x60000, 2},
        {0xfff0, 0x60000, 0xffffffff},
        {0, (uint32_t)m->ram.size - 8, 16},
        {0, 0xfffffff8, 16},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(test_rtas(m, "nvram-fetch", 3, bad[i], 2, rets), ==, H_SUCCESS);
        g_assert_cmphex(rets[0], ==, ST(-3));
        g_assert_cmpuint(rets[1], ==, 0);
        g_assert_cmpint(test_rtas(m, "nvram-store", 3, bad[i], 2, rets), ==, H_SUCCESS);
        g_assert_cmphex(rets[0], ==, ST(-3));
    }
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rtas/buffer-checks", test_buffer_checks);
    g_test_add_func("/rtas/time-of-day", test_time_of_day);
    g_test_add_func("/rtas/power-off-reboot", test_power_and_reboot);
    g_test_add_func("/rtas/display-character-os-term", test_display_and_os_term);
    g_test_add_func("/rtas/event-scan-check-exception", test_events);
    g_test_add_func("/rtas/nmi", test_nmi);
    g_test_add_func("/rtas/get-system-parameter", test_system_parameter);
    g_test_add_func("/rtas/nvram-fetch-store", test_nvram_calls);
    return g_test_run();
}
