/* tests/machine/test-hcall-misc.c: the hypercalls of machine/hcall-misc.c
 * as a guest calls them: H_SET_DABR / H_SET_XDABR become DAWR0/DAWRX0 of
 * the calling vCPU (the DABR->DAWR mapping KVM-HV uses on POWER8, checks
 * as QEMU's), H_PAGE_INIT zeroes and copies 4 KiB pages of RAM only,
 * H_LOGICAL_CI_LOAD/STORE move 1..8 big-endian bytes of RAM and refuse
 * anything else (no MMIO device yet), H_SIGNAL_SYS_RESET reaches the
 * running vCPUs it names. */
#include "hcall-misc.h"
#include "helpers.h"
#include "hpt.h"

#define SPRN_DAWR0 0xb4
#define SPRN_DAWRX0 0xbc

static struct spapr_machine *new_machine(unsigned vcpus, struct test_console *con)
{
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = vcpus;
    return test_machine_new(&cfg, con);
}

static void test_dabr(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(2, &con);
    struct spapr_hcall_ret r;
    /* Address 0x12345678, translation on, read and write: DAWRX0 = user |
     * kernel | WT (0x10) | DR (0x20) | DW (0x40). */
    g_assert_cmpint(test_hcall(m, 1, H_SET_DABR, &r, 1, 0x12345678ull | 7), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[1][SPRN_DAWR0], ==, 0x12345678);
    g_assert_cmphex(con.spr[1][SPRN_DAWRX0], ==, 0x73);
    g_assert_cmphex(con.spr[0][SPRN_DAWRX0], ==, 0); /* only the caller's */
    /* Write only, real addresses. */
    g_assert_cmpint(test_hcall(m, 0, H_SET_DABR, &r, 1, 0xc0000000ull | 2), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[0][SPRN_DAWR0], ==, 0xc0000000);
    g_assert_cmphex(con.spr[0][SPRN_DAWRX0], ==, 0x43);
    /* Clearing it. */
    g_assert_cmpint(test_hcall(m, 0, H_SET_DABR, &r, 1, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[0][SPRN_DAWRX0] & 0x70, ==, 0);
    /* H_SET_XDABR: the privilege bits come from DABRX (user 1, kernel 2,
     * BTI 8); hypervisor (4), none of user/kernel, or other bits: H_PARAMETER. */
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x1000ull | 5, H_DABRX_USER), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[0][SPRN_DAWR0], ==, 0x1000);
    g_assert_cmphex(con.spr[0][SPRN_DAWRX0], ==, 0x1 | 0x10 | 0x20);
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x2000ull | 1, H_DABRX_KERNEL | H_DABRX_BTI),
                    ==, H_SUCCESS);
    g_assert_cmphex(con.spr[0][SPRN_DAWRX0], ==, 0x2 | 0x8 | 0x20);
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x3000ull, H_DABRX_USER | H_DABRX_HYPERVISOR),
                    ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x3000ull, H_DABRX_BTI), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x3000ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SET_XDABR, &r, 2, 0x3000ull, 0x13ull), ==, H_PARAMETER);
    g_assert_cmphex(con.spr[0][SPRN_DAWR0], ==, 0x2000); /* refused calls change nothing */
    /* The tree lists hcall-dabr (not hcall-xdabr, as QEMU). */
    g_assert_cmpstr(spapr_hcall_lookup(m, H_SET_DABR)->hypertas, ==, "hcall-dabr");
    g_assert_null(spapr_hcall_lookup(m, H_SET_XDABR)->hypertas);
    /* Without an engine to set registers: H_HARDWARE. */
    m->ops.set_spr = NULL;
    g_assert_cmpint(test_hcall(m, 0, H_SET_DABR, &r, 1, 0x1000ull), ==, H_HARDWARE);
    test_machine_free(m, &con);
}

static void test_page_init(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(1, &con);
    struct spapr_hcall_ret r;
    uint64_t ram = m->ram.size;
    guest_ram_fill(&m->ram, 0x100000, 0x5a, 0x3000);
    for (int i = 0; i < 4096; i++)
        guest_ram_st8(&m->ram, 0x200000 + (uint64_t)i, (uint8_t)i);
    /* Zero one page. */
    con.written_calls = 0;
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE, 0x101000ull, 0ull), ==, H_SUCCESS);
    const uint8_t *p = guest_ram_ptr(&m->ram, 0x100000, 0x3000);
    g_assert_cmpuint(p[0xfff], ==, 0x5a);
    for (int i = 0x1000; i < 0x2000; i++)
        g_assert_cmpuint(p[i], ==, 0);
    g_assert_cmpuint(p[0x2000], ==, 0x5a);
    g_assert_cmpint(con.written_calls, ==, 1);
    g_assert_cmphex(con.written_lo, ==, 0x101000);
    g_assert_cmphex(con.written_hi, ==, 0x102000);
    /* Copy (takes precedence over zero, as QEMU). */
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_COPY_PAGE | H_ZERO_PAGE | H_ICACHE_SYNCHRONIZE,
                               0x100000ull, 0x200000ull), ==, H_SUCCESS);
    g_assert_cmpint(memcmp(p, guest_ram_ptr(&m->ram, 0x200000, 4096), 4096), ==, 0);
    /* Copy onto itself, the last page of RAM. */
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_COPY_PAGE, ram - 4096, ram - 4096), ==,
                    H_SUCCESS);
    /* I-cache flags alone: translated code of the page must go. */
    con.written_calls = 0;
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ICACHE_INVALIDATE, 0x300000ull, 0ull), ==,
                    H_SUCCESS);
    g_assert_cmpint(con.written_calls, ==, 1);
    g_assert_cmphex(con.written_lo, ==, 0x300000);
    /* Without H_COPY_PAGE the source is not looked at. */
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE, 0x300000ull, UINT64_MAX), ==,
                    H_SUCCESS);
    /* Bad flags, unaligned or outside RAM: H_PARAMETER, nothing touched. */
    guest_ram_fill(&m->ram, 0x100000, 0x77, 0x1000);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE | H_EXACT, 0x100000ull, 0ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE, 0x100800ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE, ram, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_ZERO_PAGE, UINT64_MAX & ~0xfffull, 0ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_COPY_PAGE, 0x100000ull, ram), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PAGE_INIT, &r, 3, H_COPY_PAGE, 0x100000ull, 0x200008ull), ==,
                    H_PARAMETER);
    g_assert_cmpuint(p[0], ==, 0x77);
    g_assert_cmpuint(p[0xfff], ==, 0x77);
    test_machine_free(m, &con);
}

static void test_logical_ci(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(1, &con);
    struct spapr_hcall_ret r;
    uint64_t ram = m->ram.size;
    static const uint8_t bytes[8] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    guest_ram_write(&m->ram, 0x8000, bytes, 8);
    /* Big-endian loads of each size. */
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 1ull, 0x8001ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x23);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 2ull, 0x8002ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x4567);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 4ull, 0x8004ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x89abcdef);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 8ull, 0x8000ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x0123456789abcdefull);
    /* Stores take the low bytes of the value. */
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_STORE, NULL, 3, 2ull, 0x9000ull, 0xffffbeefull), ==,
                    H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_STORE, NULL, 3, 1ull, 0x9002ull, 0x1ffull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_STORE, NULL, 3, 4ull, 0x9004ull, 0xcafef00dull), ==,
                    H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 8ull, 0x9000ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0xbeefff00cafef00dull);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_STORE, NULL, 3, 8ull, ram - 8, 0x1122334455667788ull),
                    ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 1ull, ram - 1), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x88);
    /* Sizes other than 1, 2, 4, 8; unaligned; outside RAM (MMIO space). */
    uint64_t bad[][2] = {{0, 0x8000},       {3, 0x8000},        {16, 0x8000},      {UINT64_MAX, 0x8000},
                         {2, 0x8001},       {4, 0x8002},        {8, 0x8004},       {8, ram - 4},
                         {1, ram},          {4, 0x200000000ull}, {8, UINT64_MAX - 7}};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, bad[i][0], bad[i][1]), ==, H_PARAMETER);
        g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_STORE, &r, 3, bad[i][0], bad[i][1], 0ull), ==,
                        H_PARAMETER);
    }
    g_assert_cmpint(test_hcall(m, 0, H_LOGICAL_CI_LOAD, &r, 2, 8ull, 0x8000ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x0123456789abcdefull);
    g_assert_cmpstr(spapr_hcall_lookup(m, H_LOGICAL_CI_LOAD)->hypertas, ==, "hcall-debug");
    test_machine_free(m, &con);
}

static void test_signal_sys_reset(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(4, &con);
    struct spapr_hcall_ret r;
    /* vCPUs 1 and 2 run; 3 stays stopped. */
    uint32_t rets[1];
    for (uint32_t id = 1; id <= 2; id++) {
        uint32_t args[3] = {id, 0x6000, 0};
        g_assert_cmpint(test_rtas(m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
        g_assert_cmpint((int32_t)rets[0], ==, 0);
    }
    /* All: 0, 1, 2. */
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, (uint64_t)-1), ==, H_SUCCESS);
    g_assert_cmpint(con.sreset[0], ==, 1);
    g_assert_cmpint(con.sreset[1], ==, 1);
    g_assert_cmpint(con.sreset[2], ==, 1);
    g_assert_cmpint(con.sreset[3], ==, 0);
    /* All but the caller (1). */
    g_assert_cmpint(test_hcall(m, 1, H_SIGNAL_SYS_RESET, &r, 1, (uint64_t)-2), ==, H_SUCCESS);
    g_assert_cmpint(con.sreset[0], ==, 2);
    g_assert_cmpint(con.sreset[1], ==, 1);
    g_assert_cmpint(con.sreset[2], ==, 2);
    /* One vCPU; a stopped one is not woken; no such vCPU, other negative
     * targets: H_PARAMETER. */
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, 2ull), ==, H_SUCCESS);
    g_assert_cmpint(con.sreset[2], ==, 3);
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, 3ull), ==, H_SUCCESS);
    g_assert_cmpint(con.sreset[3], ==, 0);
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, 4ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, (uint64_t)-3), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, (uint64_t)INT64_MIN), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, 0x100000000ull), ==, H_PARAMETER);
    g_assert_cmpint(con.sreset[0] + con.sreset[1] + con.sreset[2] + con.sreset[3], ==, 6);
    m->ops.system_reset = NULL;
    g_assert_cmpint(test_hcall(m, 0, H_SIGNAL_SYS_RESET, &r, 1, 0ull), ==, H_HARDWARE);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hcall-misc/dabr", test_dabr);
    g_test_add_func("/hcall-misc/page-init", test_page_init);
    g_test_add_func("/hcall-misc/logical-ci", test_logical_ci);
    g_test_add_func("/hcall-misc/signal-sys-reset", test_signal_sys_reset);
    return g_test_run();
}
