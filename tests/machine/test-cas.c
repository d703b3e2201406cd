/* tests/machine/test-cas.c: ibm,client-architecture-support with the vector
 * a Linux 6.1 guest sends. Its layout is restated from
 * arch/powerpc/kernel/prom_init.c (struct ibm_arch_vec): 14 (mask, value)
 * PVR pairs ending with {0xfffffffe, 0x0f000001}, a byte "vectors - 1",
 * then each option vector as "length - 1" and its bytes (OV1 3 bytes, OV2
 * 33, OV3 2, OV4 2, OV5 26 with intarch at byte 23, mmu at 24, radix_ext at
 * 26, OV6 3, OV7 256). After negotiation the tree must say what Linux's
 * early_check_vec5 and XIVE probe read. */
#include <errno.h>
#include <libfdt.h>

#include "cas.h"
#include "helpers.h"
#include "spapr-fdt.h"

#define VEC 0x80000u

static const uint32_t linux_pvrs[14][2] = {
    {0xfffe0000, 0x003a0000}, {0xffff0000, 0x003e0000}, {0xffff0000, 0x003f0000},
    {0xffff0000, 0x004b0000}, {0xffff0000, 0x004c0000}, {0xffff0000, 0x004d0000},
    {0xffff0000, 0x004e0000}, {0xffff0000, 0x00800000}, {0xffffffff, 0x0f000006},
    {0xffffffff, 0x0f000005}, {0xffffffff, 0x0f000004}, {0xffffffff, 0x0f000003},
    {0xffffffff, 0x0f000002}, {0xfffffffe, 0x0f000001},
};

/* Write a Linux-shaped vector; 'skip_raw' leaves out the real-PVR entries
 * (only architecture levels remain), nvec is the number of option vectors. */
static uint64_t write_vector(struct spapr_machine *m, uint8_t intarch, uint8_t mmu, bool skip_raw,
                             unsigned nvec)
{
    uint64_t p = VEC;
    for (int i = 0; i < 14; i++) {
        if (skip_raw && linux_pvrs[i][1] < 0x0f000000)
            continue;
        guest_ram_st32_be(&m->ram, p, linux_pvrs[i][0]);
        guest_ram_st32_be(&m->ram, p + 4, linux_pvrs[i][1]);
        p += 8;
    }
    static const unsigned sizes[7] = {3, 33, 2, 2, 26, 3, 256};
    guest_ram_st8(&m->ram, p++, (uint8_t)(nvec - 1));
    for (unsigned v = 1; v <= nvec; v++) {
        guest_ram_st8(&m->ram, p++, (uint8_t)(sizes[v - 1] - 1));
        guest_ram_fill(&m->ram, p, 0, sizes[v - 1]);
        if (v == 5) {
            guest_ram_st8(&m->ram, p + 22, intarch);
            guest_ram_st8(&m->ram, p + 23, mmu);
            guest_ram_st8(&m->ram, p + 25, mmu == 0x40 ? 0x40 : 0); /* radix GTSE */
        }
        p += sizes[v - 1];
    }
    return p;
}

static const uint8_t *chosen_ov5(void *fdt, int *len)
{
    return fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "ibm,architecture-vec-5", len);
}

static uint32_t cpu_version(void *fdt)
{
    int cpu = fdt_path_offset(fdt, "/cpus");
    cpu = fdt_first_subnode(fdt, cpu);
    return fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, cpu, "cpu-version", NULL));
}

static void test_linux_radix_xics(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    write_vector(m, 0x00, 0x40, false, 6);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, 0);
    g_assert_cmpint(m->mmu_mode, ==, SPAPR_MMU_RADIX);
    g_assert_cmpint(m->irq_mode, ==, SPAPR_IRQ_XICS);
    void *fdt;
    size_t size;
    g_assert_cmpint(spapr_fdt_build(m, &fdt, &size), ==, 0);
    int len;
    const uint8_t *ov5 = chosen_ov5(fdt, &len);
    g_assert_cmpint(len, >, 0x1a);
    /* early_check_vec5: MMU byte says radix, GTSE available. */
    g_assert_cmphex(ov5[0x18] & 0xc0, ==, 0x40);
    g_assert_cmphex(ov5[0x1a] & 0x40, ==, 0x40);
    /* xive/spapr.c: byte 23 not "exploitation": use XICS. */
    g_assert_cmphex(ov5[0x17] & 0xc0, ==, 0x00);
    /* The length byte: the data bytes that follow, minus one. */
    g_assert_cmpint(ov5[0], ==, len - 2);
    /* Linux lists the raw PVR and the logical ones: the logical one wins
     * (architected mode, as PowerVM and QEMU choose; the guest then shows
     * "POWER9 (architected)"). POWER9 is ISA 3.00: 0x0f000005. */
    g_assert_cmphex(cpu_version(fdt), ==, 0x0f000005);
    free(fdt);
    test_machine_free(m, &con);
}

static void test_hash_and_compat(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    write_vector(m, 0x00, 0x00, true, 6);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, 0);
    g_assert_cmpint(m->mmu_mode, ==, SPAPR_MMU_HASH);
    void *fdt;
    size_t size;
    g_assert_cmpint(spapr_fdt_build(m, &fdt, &size), ==, 0);
    int len;
    const uint8_t *ov5 = chosen_ov5(fdt, &len);
    g_assert_cmphex(ov5[0x18] & 0xc0, ==, 0x00);
    /* Only architecture levels listed: the best one the POWER9 implements
     * (ISA 3.00, logical PVR 0x0f000005), not 3.1. */
    g_assert_cmphex(cpu_version(fdt), ==, 0x0f000005);
    free(fdt);
    test_machine_free(m, &con);
}

static void test_refusals(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    /* XIVE exploitation only: we offered XICS only. */
    write_vector(m, 0x40, 0x40, false, 6);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, -ENOTSUP);
    g_assert_false(m->cas_done);
    /* Fewer vectors, no OV5: defaults (hash, XICS). */
    write_vector(m, 0, 0, false, 3);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, 0);
    g_assert_cmpint(m->mmu_mode, ==, SPAPR_MMU_HASH);
    /* A PVR list without terminator. */
    for (unsigned i = 0; i < 600; i++) {
        guest_ram_st32_be(&m->ram, VEC + 8 * i, 0xffffffff);
        guest_ram_st32_be(&m->ram, VEC + 8 * i + 4, 0x00123456);
    }
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, -EINVAL);
    /* Vectors outside or running out of RAM. */
    g_assert_cmpint(spapr_cas_negotiate(m, m->ram.size - 4), ==, -EFAULT);
    g_assert_cmpint(spapr_cas_negotiate(m, UINT64_MAX - 3), ==, -EFAULT);
    uint64_t at = m->ram.size - 200;
    for (int i = 0; i < 14; i++) {
        guest_ram_st32_be(&m->ram, at + 8 * i, linux_pvrs[i][0]);
        guest_ram_st32_be(&m->ram, at + 8 * i + 4, linux_pvrs[i][1]);
    }
    guest_ram_st8(&m->ram, at + 112, 5);   /* 6 vectors */
    guest_ram_st8(&m->ram, at + 113, 200); /* the first one runs past RAM */
    g_assert_cmpint(spapr_cas_negotiate(m, at), ==, -EFAULT);
    test_machine_free(m, &con);

    /* POWER8 cannot do radix; an OS unaware of POWER9 but not of POWER8 is
     * fine there. */
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.cpu_model = SPAPR_CPU_POWER8;
    cfg.ram_size = 256ull << 20;
    m = test_machine_new(&cfg, &con);
    write_vector(m, 0, 0x40, false, 6);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, -ENOTSUP);
    write_vector(m, 0, 0x00, false, 6);
    g_assert_cmpint(spapr_cas_negotiate(m, VEC), ==, 0);
    /* Linux lists the logical PVRs up to its newest ISA level: the machine
     * takes the highest the CPU supports (2.07 for POWER8), as QEMU does
     * (its guest then shows "POWER8 (architected)"). */
    g_assert_cmphex(m->compat_pvr, ==, 0x0f000004);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cas/linux-radix-xics", test_linux_radix_xics);
    g_test_add_func("/cas/hash-and-compat", test_hash_and_compat);
    g_test_add_func("/cas/refusals", test_refusals);
    return g_test_run();
}
