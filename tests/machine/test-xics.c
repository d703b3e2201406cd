/* tests/machine/test-xics.c: the software XICS against LoPAR's interrupt
 * presentation rules (LoPAR "Interrupt Presentation Layer", the hcalls
 * H_XIRR/H_EOI/H_CPPR/H_IPI/H_IPOLL and RTAS ibm,set-xive/get-xive/
 * int-on/int-off), as Linux's icp-hv.c and ics-rtas.c use them:
 *   - an interrupt is presented only if its priority is more favored
 *     (numerically lower) than CPPR; otherwise it waits and is presented
 *     when CPPR is lowered in favor (raised numerically);
 *   - H_XIRR returns CPPR<<24 | XISR and makes the interrupt's priority the
 *     new CPPR; H_EOI restores CPPR from the value passed;
 *   - a more favored interrupt displaces a pending less favored one, which
 *     is presented again later;
 *   - IPIs come from MFRR with source number 2; MFRR 0xff means none;
 *   - priority 0xff masks a source; int-off/int-on keep the priority.
 * The external interrupt line the engine will see is checked through the
 * machine's set_external_irq callback. */
#include <errno.h>

#include "helpers.h"
#include "xics.h"

#define SRC_A 0x1200u
#define SRC_B 0x1201u
#define SRC_LSI 0x1202u

static struct spapr_machine *new_smp(struct test_console *con, unsigned n)
{
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = n;
    struct spapr_machine *m = test_machine_new(&cfg, con);
    g_assert_cmpint(xics_claim(m, SRC_A, false), ==, 0);
    g_assert_cmpint(xics_claim(m, SRC_B, false), ==, 0);
    g_assert_cmpint(xics_claim(m, SRC_LSI, true), ==, 0);
    g_assert_cmpint(xics_claim(m, SRC_A, false), ==, -EBUSY);
    return m;
}

static void set_xive(struct spapr_machine *m, uint32_t irq, uint32_t server, uint32_t prio, uint32_t expect)
{
    uint32_t args[3] = {irq, server, prio}, rets[1];
    g_assert_cmpint(test_rtas(m, "ibm,set-xive", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, expect);
}

static uint64_t xirr(struct spapr_machine *m, unsigned vcpu)
{
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, vcpu, H_XIRR, &r, 0), ==, H_SUCCESS);
    return r.ret[0];
}

static void cppr(struct spapr_machine *m, unsigned vcpu, uint64_t v)
{
    g_assert_cmpint(test_hcall(m, vcpu, H_CPPR, NULL, 1, v), ==, H_SUCCESS);
}

static void eoi(struct spapr_machine *m, unsigned vcpu, uint64_t v)
{
    g_assert_cmpint(test_hcall(m, vcpu, H_EOI, NULL, 1, v), ==, H_SUCCESS);
}

static void test_present_accept_eoi(void)
{
    struct test_console con;
    struct spapr_machine *m = new_smp(&con, 2);
    /* At reset sources are masked and CPPR is 0: nothing is presented. */
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    g_assert_cmphex(xirr(m, 0), ==, 0);
    set_xive(m, SRC_A, 0, 5, 0);
    /* A masked edge that fired is remembered and presented on unmask once
     * CPPR allows it. */
    g_assert_cmpint(con.irq_level[0], ==, 0);
    cppr(m, 0, 0xff);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_A);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    /* While it is being handled (CPPR 5) a second edge of priority 5 waits. */
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    eoi(m, 0, 0xff000000u | SRC_A);
    /* EOI restored CPPR 0xff: the waiting one is presented. */
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_A);
    eoi(m, 0, 0xff000000u | SRC_A);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u); /* nothing: XISR 0 */
    /* The other vCPU saw nothing. */
    g_assert_cmpint(con.irq_level[1], ==, 0);
    test_machine_free(m, &con);
}

static void test_priority(void)
{
    struct test_console con;
    struct spapr_machine *m = new_smp(&con, 2);
    set_xive(m, SRC_A, 0, 5, 0);
    set_xive(m, SRC_B, 0, 3, 0);
    /* CPPR 5: priority 5 is not more favored, so it waits. */
    cppr(m, 0, 5);
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    /* Priority 3 is. */
    xics_irq_set(m, SRC_B, 1);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0x05000000u | SRC_B);
    eoi(m, 0, 0x05000000u | SRC_B);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    /* Opening CPPR to 0xff presents the waiting one. */
    cppr(m, 0, 0xff);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_A);
    eoi(m, 0, 0xff000000u | SRC_A);

    /* A more favored interrupt displaces a pending one; the displaced one
     * comes back after the EOI. */
    xics_irq_set(m, SRC_A, 1); /* prio 5 pending */
    g_assert_cmpint(con.irq_level[0], ==, 1);
    xics_irq_set(m, SRC_B, 1); /* prio 3 displaces it */
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_B);
    eoi(m, 0, 0xff000000u | SRC_B);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_A);
    eoi(m, 0, 0xff000000u | SRC_A);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u);

    /* Raising CPPR in favor above a pending interrupt withdraws it. */
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    cppr(m, 0, 2);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    cppr(m, 0, 0xff);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_A);
    eoi(m, 0, 0xff000000u | SRC_A);
    test_machine_free(m, &con);
}

static void test_ipi(void)
{
    struct test_console con;
    struct spapr_machine *m = new_smp(&con, 2);
    struct spapr_hcall_ret r;
    cppr(m, 1, 0xff);
    /* Linux's icp_hv_cause_ipi: H_IPI(server, IPI_PRIORITY 4). */
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, (uint64_t)1, (uint64_t)4), ==, H_SUCCESS);
    g_assert_cmpint(con.irq_level[1], ==, 1);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    /* H_IPOLL looks without accepting. */
    g_assert_cmpint(test_hcall(m, 0, H_IPOLL, &r, 1, (uint64_t)1), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0xff000002u);
    g_assert_cmphex(r.ret[1], ==, 4);
    g_assert_cmpint(con.irq_level[1], ==, 1);
    g_assert_cmphex(xirr(m, 1), ==, 0xff000002u);
    /* icp_hv_flush_ipi: MFRR back to 0xff, then EOI. */
    g_assert_cmpint(test_hcall(m, 1, H_IPI, NULL, 2, (uint64_t)1, (uint64_t)0xff), ==, H_SUCCESS);
    eoi(m, 1, 0xff000002u);
    g_assert_cmpint(con.irq_level[1], ==, 0);
    g_assert_cmphex(xirr(m, 1), ==, 0xff000000u);
    /* An IPI at priority 4 does not get through CPPR 4, and arrives when
     * CPPR opens. */
    cppr(m, 1, 4);
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, (uint64_t)1, (uint64_t)4), ==, H_SUCCESS);
    g_assert_cmpint(con.irq_level[1], ==, 0);
    cppr(m, 1, 0xff);
    g_assert_cmpint(con.irq_level[1], ==, 1);
    /* A device interrupt more favored than the IPI displaces it; the IPI
     * comes back after its EOI. */
    set_xive(m, SRC_A, 1, 2, 0);
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmphex(xirr(m, 1), ==, 0xff000000u | SRC_A);
    eoi(m, 1, 0xff000000u | SRC_A);
    g_assert_cmphex(xirr(m, 1), ==, 0xff000002u);
    /* Bad servers and values. */
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, (uint64_t)2, (uint64_t)4), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, UINT64_MAX, (uint64_t)4), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_IPI, NULL, 2, (uint64_t)0, (uint64_t)0x100), ==, H_P2);
    g_assert_cmpint(test_hcall(m, 0, H_IPOLL, NULL, 1, (uint64_t)7), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_CPPR, NULL, 1, (uint64_t)0x100), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_EOI, NULL, 1, (uint64_t)0xff001300), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_EOI, NULL, 1, (uint64_t)0x1ff000002), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

static void test_xive_rtas(void)
{
    struct test_console con;
    struct spapr_machine *m = new_smp(&con, 2);
    uint32_t args[3], rets[3];
    cppr(m, 1, 0xff);
    set_xive(m, SRC_A, 1, 6, 0);
    args[0] = SRC_A;
    g_assert_cmpint(test_rtas(m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 1);
    g_assert_cmpuint(rets[2], ==, 6);
    /* int-off masks but keeps the priority for int-on. */
    g_assert_cmpint(test_rtas(m, "ibm,int-off", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(test_rtas(m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[2], ==, 0xff);
    xics_irq_set(m, SRC_A, 1);
    g_assert_cmpint(con.irq_level[1], ==, 0);
    g_assert_cmpint(test_rtas(m, "ibm,int-on", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(test_rtas(m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[2], ==, 6);
    g_assert_cmpint(con.irq_level[1], ==, 1); /* the masked event arrives */
    g_assert_cmphex(xirr(m, 1), ==, 0xff000000u | SRC_A);
    eoi(m, 1, 0xff000000u | SRC_A);

    /* Parameter errors: unknown or unclaimed source, bad server, bad
     * priority. */
    set_xive(m, 0x0fff, 0, 5, (uint32_t)-3);
    set_xive(m, 0x1ff0, 0, 5, (uint32_t)-3);
    set_xive(m, SRC_A, 2, 5, (uint32_t)-3);
    set_xive(m, SRC_A, 0, 0x100, (uint32_t)-3);
    args[0] = 0xffffffff;
    g_assert_cmpint(test_rtas(m, "ibm,get-xive", 1, args, 3, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    g_assert_cmpint(test_rtas(m, "ibm,int-on", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    g_assert_cmpint(test_rtas(m, "ibm,int-off", 1, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    test_machine_free(m, &con);
}

static void test_lsi(void)
{
    struct test_console con;
    struct spapr_machine *m = new_smp(&con, 1);
    cppr(m, 0, 0xff);
    set_xive(m, SRC_LSI, 0, 5, 0);
    xics_irq_set(m, SRC_LSI, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_LSI);
    /* Still asserted at EOI: presented again (level semantics). */
    eoi(m, 0, 0xff000000u | SRC_LSI);
    g_assert_cmpint(con.irq_level[0], ==, 1);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u | SRC_LSI);
    xics_irq_set(m, SRC_LSI, 0);
    eoi(m, 0, 0xff000000u | SRC_LSI);
    g_assert_cmpint(con.irq_level[0], ==, 0);
    g_assert_cmphex(xirr(m, 0), ==, 0xff000000u);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xics/present-accept-eoi", test_present_accept_eoi);
    g_test_add_func("/xics/priority", test_priority);
    g_test_add_func("/xics/ipi", test_ipi);
    g_test_add_func("/xics/xive-rtas", test_xive_rtas);
    g_test_add_func("/xics/lsi", test_lsi);
    return g_test_run();
}
