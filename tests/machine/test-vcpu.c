/* tests/machine/test-vcpu.c: the platform side of vCPU control, as Linux's
 * pseries code drives it: RTAS start-cpu / stop-self /
 * query-cpu-stopped-state (platforms/pseries/smp.c, hotplug-cpu.c; states
 * QCSS_STOPPED 0 and QCSS_NOT_STOPPED 2 from pseries.h), and the
 * "hcall-splpar" calls H_REGISTER_VPA (sub-function in flags bits 16..18,
 * as hvcall.h H_VPA_FUNC_SHIFT; per-CPU VPA, SLB shadow and DTL as
 * lpar.c registers them), H_CEDE, H_CONFER, H_PROD. */
#include "helpers.h"

static struct spapr_machine *new4(struct test_console *con)
{
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = 4;
    return test_machine_new(&cfg, con);
}

static uint32_t qcss(struct spapr_machine *m, uint32_t id, uint32_t *status)
{
    uint32_t args[1] = {id}, rets[2];
    g_assert_cmpint(test_rtas(m, "query-cpu-stopped-state", 1, args, 2, rets), ==, H_SUCCESS);
    *status = rets[0];
    return rets[1];
}

static void test_start_stop(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    uint32_t st;
    /* At reset only the boot vCPU runs; secondaries wait stopped. */
    g_assert_cmpuint(qcss(m, 0, &st), ==, 2);
    g_assert_cmpuint(st, ==, 0);
    g_assert_cmpuint(qcss(m, 3, &st), ==, 0);
    g_assert_cmpuint(st, ==, 0);
    qcss(m, 4, &st);
    g_assert_cmphex(st, ==, (uint32_t)-3);
    /* smp.c: start-cpu(pcpu, start_here, pcpu). */
    uint32_t args[3] = {2, 0x6000, 2}, rets[1];
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(con.started[2], ==, 1);
    g_assert_cmphex(con.start_entry[2], ==, 0x6000);
    g_assert_cmphex(con.start_r3[2], ==, 2);
    g_assert_cmpuint(qcss(m, 2, &st), ==, 2);
    /* Starting it again, or vCPU 0: it is not stopped. */
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-1);
    g_assert_cmpint(con.started[2], ==, 1);
    /* Bad server or entry outside RAM. */
    uint32_t bad_id[3] = {9, 0x6000, 0}, bad_entry[3] = {1, 0xfffffff0, 0};
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, bad_id, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, bad_entry, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-3);
    g_assert_cmpint(con.started[1], ==, 0);
    /* The engine cannot start it: hardware error, still stopped. */
    con.refuse_start = 1;
    uint32_t one[3] = {1, 0x6000, 1};
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, one, 1, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, (uint32_t)-1);
    g_assert_cmpuint(qcss(m, 1, &st), ==, 0);
    con.refuse_start = 0;

    /* stop-self from vCPU 2 (hotplug-cpu.c rtas_stop_self). */
    int64_t tok = spapr_rtas_token(m, "stop-self");
    guest_ram_st32_be(&m->ram, RTAS_BUF, (uint32_t)tok);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 4, 0);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 8, 1);
    g_assert_cmpint(test_hcall(m, 2, KVMPPC_H_RTAS, NULL, 1, (uint64_t)RTAS_BUF), ==, H_SUCCESS);
    g_assert_cmpint(con.stopped[2], ==, 1);
    g_assert_cmpuint(qcss(m, 2, &st), ==, 0);
    /* And it can be started again. */
    g_assert_cmpint(test_rtas(m, "start-cpu", 3, args, 1, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(con.started[2], ==, 2);
    test_machine_free(m, &con);
}

#define VPA_FLAGS(f) ((uint64_t)(f) << 45)

static void test_register_vpa(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    /* An lppaca-sized VPA (size 0x280 = 640 announced at offset 4). */
    uint64_t vpa = 0x30000;
    guest_ram_st16_be(&m->ram, vpa + 4, 0x280);
    /* SLB shadow and DTL before the VPA: H_RESOURCE (-16). */
    uint64_t slb = 0x31000, dtl = 0x32000;
    guest_ram_st32_be(&m->ram, slb + 4, 0x310);
    guest_ram_st32_be(&m->ram, dtl + 4, 0x1000);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(3), (uint64_t)1, slb), ==, -16);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, vpa), ==, H_SUCCESS);
    g_assert_cmphex(m->vcpus[1].vpa, ==, vpa);
    uint8_t shared;
    guest_ram_ld8(&m->ram, vpa + 9, &shared);
    g_assert_cmpint(shared, ==, 1);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(3), (uint64_t)1, slb), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(2), (uint64_t)1, dtl), ==, H_SUCCESS);
    g_assert_cmphex(m->vcpus[1].dtl_size, ==, 0x1000);
    /* The VPA cannot go while the others are registered. */
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(5), (uint64_t)1, 0ull), ==, -16);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(7), (uint64_t)1, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(6), (uint64_t)1, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(5), (uint64_t)1, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(m->vcpus[1].vpa, ==, 0);
    /* Bad areas: misaligned, too small, crossing a page, outside RAM, 0;
     * bad target and sub-function. */
    guest_ram_st16_be(&m->ram, 0x33f80 + 4, 0x280);
    guest_ram_st16_be(&m->ram, 0x34000 + 4, 0x100);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, vpa + 8), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, 0x34000ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, 0x33f80ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, m->ram.size - 128), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, UINT64_MAX & ~127ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)1, 0ull), ==, H_HARDWARE);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(1), (uint64_t)4, vpa), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(4), (uint64_t)1, vpa), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xdc, NULL, 3, VPA_FLAGS(0), (uint64_t)1, vpa), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

static void test_cede_prod_confer(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    g_assert_cmpint(test_hcall(m, 1, 0xe0, NULL, 0), ==, H_SUCCESS);
    g_assert_cmpint(con.ceded[1], ==, 1);
    g_assert_cmpint(test_hcall(m, 0, 0xe8, NULL, 1, (uint64_t)1), ==, H_SUCCESS);
    g_assert_cmpint(con.prodded[1], ==, 1);
    g_assert_cmpint(test_hcall(m, 0, 0xe8, NULL, 1, (uint64_t)4), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0xe8, NULL, 1, UINT64_MAX), ==, H_PARAMETER);
    g_assert_cmpint(con.prodded[0] + con.prodded[2] + con.prodded[3], ==, 0);
    g_assert_cmpint(test_hcall(m, 3, 0xe4, NULL, 2, UINT64_MAX, (uint64_t)0), ==, H_SUCCESS);
    g_assert_cmpint(con.conferred[3], ==, 1);
    g_assert_cmpint(test_hcall(m, 3, 0xe4, NULL, 2, (uint64_t)7, (uint64_t)0), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

/* H_SET_MODE as plpar_wrappers.h calls it: (mflags, resource, value1,
 * value2). LPCR[ILE] is 0x02000000, LPCR[AIL] 0x01800000 (reg.h). */
static void test_set_mode(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    g_assert_cmpstr(spapr_hcall_lookup(m, H_SET_MODE)->hypertas, ==, "hcall-set-mode");
    /* enable_little_endian_exceptions: (1, 4, 0, 0). */
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 1ull, 4ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.lpcr, ==, 0x02000000);
    /* enable_reloc_on_exceptions: (3, 3, 0, 0). */
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 3ull, 3ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.lpcr, ==, 0x03800000);
    /* enable_big_endian_exceptions: (0, 4, 0, 0); AIL off. */
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 0ull, 4ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 0ull, 3ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.lpcr, ==, 0);
    int calls = con.lpcr_calls;
    /* Bad flags and values change nothing. */
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 2ull, 4ull, 0ull, 0ull), ==, -256);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 1ull, 4ull, 1ull, 0ull), ==, H_P3);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 1ull, 4ull, 0ull, 1ull), ==, H_P4);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 1ull, 3ull, 0ull, 0ull), ==, -256);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 4ull, 3ull, 0ull, 0ull), ==, -256);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 0ull, 99ull, 0ull, 0ull), ==, 9999);
    g_assert_cmpint(con.lpcr_calls, ==, calls);
    /* Breakpoints of the calling vCPU: CIABR (not for the hypervisor),
     * DAWR0/DAWRX0 (no DAWRX_HYP). */
    g_assert_cmpint(test_hcall(m, 2, H_SET_MODE, NULL, 4, 0ull, 1ull, 0x10002ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[2][0xbb], ==, 0x10002);
    g_assert_cmpint(test_hcall(m, 2, H_SET_MODE, NULL, 4, 0ull, 1ull, 0x10003ull, 0ull), ==, H_P3);
    g_assert_cmpint(test_hcall(m, 1, H_SET_MODE, NULL, 4, 0ull, 2ull, 0x5000ull, 0x3ull), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[1][0xb4], ==, 0x5000);
    g_assert_cmphex(con.spr[1][0xbc], ==, 0x3);
    g_assert_cmpint(test_hcall(m, 1, H_SET_MODE, NULL, 4, 0ull, 2ull, 0x6000ull, 0x4ull), ==, H_P4);
    g_assert_cmphex(con.spr[1][0xb4], ==, 0x5000);
    /* H_SET_SPRG0 (SPRG0 is SPR 272). */
    g_assert_cmpint(test_hcall(m, 3, H_SET_SPRG0, NULL, 1, 0xc000000001234567ull), ==, H_SUCCESS);
    g_assert_cmphex(con.spr[3][272], ==, 0xc000000001234567ull);
    g_assert_cmpstr(spapr_hcall_lookup(m, H_SET_SPRG0)->hypertas, ==, "hcall-sprg0");
    test_machine_free(m, &con);

    /* POWER7 (ISA 2.06) has no AIL, CIABR or DAWR. */
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.cpu_model = SPAPR_CPU_POWER7;
    cfg.ram_size = 256ull << 20;
    m = test_machine_new(&cfg, &con);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 3ull, 3ull, 0ull, 0ull), ==, H_P2);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 0ull, 2ull, 0ull, 0ull), ==, H_P2);
    g_assert_cmpint(test_hcall(m, 0, H_SET_MODE, NULL, 4, 1ull, 4ull, 0ull, 0ull), ==, H_SUCCESS);
    test_machine_free(m, &con);
}

/* Linux's init_cpu_char_feature_flags (pseries/setup.c), restated: which
 * of its default-on mitigations our answer turns off. */
static void test_cpu_characteristics(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 2, 0x1c8, &r, 0), ==, H_SUCCESS);
    uint64_t ch = r.ret[0], be = r.ret[1];
    /* Default-on features that stay on only if the bit says so. */
    bool l1d_flush_pr = (be >> 62) & 1;    /* H_CPU_BEHAV_L1D_FLUSH_PR */
    bool bnds_chk = (be >> 61) & 1;        /* H_CPU_BEHAV_BNDS_CHK_SPEC_BAR */
    /* Default-on features cleared when the bit is set. */
    bool l1d_entry = !((be >> 56) & 1);    /* H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY */
    bool l1d_uaccess = !((be >> 55) & 1);  /* H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS */
    bool stf_barrier = !((be >> 54) & 1);  /* H_CPU_BEHAV_NO_STF_BARRIER */
    g_assert_false(l1d_flush_pr);
    g_assert_false(bnds_chk);
    g_assert_false(l1d_entry);
    g_assert_false(l1d_uaccess);
    g_assert_false(stf_barrier);
    /* No flush-assist instructions are claimed (the guest would execute
     * them), the count cache is reported disabled. */
    g_assert_cmphex(ch & ((1ull << 61) | (1ull << 60) | (1ull << 54) | (1ull << 52)), ==, 0);
    g_assert_cmphex(ch & (1ull << 56), !=, 0);
    test_machine_free(m, &con);
}

/* H_REGISTER_PROC_TBL as Linux calls it (pseries/lpar.c): radix with
 * flags PROC_TABLE_NEW|RADIX|GTSE (0x18|0x04|0x01), the table's real
 * address, page size 0 and PRTB_SIZE_SHIFT - 12 (= 12: 2^24 bytes); hash on
 * POWER9 with flags 0. PATE1 radix = GR (bit 63) | base | size. LPCR bits
 * UPRT 0x400000, HR 0x100000, GTSE 0x400 (reg.h). */
static void test_proc_table(void)
{
    struct test_console con;
    struct spapr_machine *m = new4(&con);
    /* Hash on POWER9 before anything is registered: accepted. */
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0ull, 0ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(con.lpcr & 0x500400, ==, 0);
    /* Radix. */
    g_assert_cmpint(test_hcall(m, 1, 0x37c, NULL, 4, 0x1dull, 0x1000000ull, 0ull, 12ull), ==, H_SUCCESS);
    g_assert_cmphex(con.pate1, ==, (1ull << 63) | 0x1000000 | 12);
    g_assert_cmphex(m->patb_entry, ==, con.pate1);
    g_assert_cmphex(con.lpcr & 0x500400, ==, 0x500400);
    /* Now "keep, hash" contradicts the registration. */
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0ull, 0ull, 0ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x04ull, 0ull, 0ull, 0ull), ==, H_SUCCESS);
    /* Bad registrations change nothing. */
    int calls = con.pate_calls;
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x1dull, 0x1000800ull, 0ull, 12ull), ==, H_P2);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x1dull, 0x1000000ull, 1ull, 12ull), ==, H_P3);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x1dull, 0x1000000ull, 0ull, 25ull), ==, H_P4);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x1dull, m->ram.size - 4096, 0ull, 12ull), ==, H_P2);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x3dull, 0x1000000ull, 0ull, 12ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x1aull, 0ull, 0ull, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(con.pate_calls, ==, calls);
    g_assert_cmphex(m->patb_entry, ==, (1ull << 63) | 0x1000000 | 12);
    /* Deregistration keeps only the mode. */
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0x14ull, 0ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmphex(m->patb_entry, ==, 1ull << 63);
    /* Reset forgets it. */
    spapr_machine_reset(m);
    g_assert_cmphex(m->patb_entry, ==, 0);
    test_machine_free(m, &con);
    /* No process tables before ISA 3.0. */
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.cpu_model = SPAPR_CPU_POWER8;
    cfg.ram_size = 256ull << 20;
    m = test_machine_new(&cfg, &con);
    g_assert_cmpint(test_hcall(m, 0, 0x37c, NULL, 4, 0ull, 0ull, 0ull, 0ull), ==, H_FUNCTION);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vcpu/start-stop-query", test_start_stop);
    g_test_add_func("/vcpu/register-vpa", test_register_vpa);
    g_test_add_func("/vcpu/cede-prod-confer", test_cede_prod_confer);
    g_test_add_func("/vcpu/set-mode", test_set_mode);
    g_test_add_func("/vcpu/cpu-characteristics", test_cpu_characteristics);
    g_test_add_func("/vcpu/register-proc-tbl", test_proc_table);
    return g_test_run();
}
