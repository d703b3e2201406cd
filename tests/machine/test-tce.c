/* tests/machine/test-tce.c: DMA windows as Linux's pseries IOMMU code uses
 * them (platforms/pseries/iommu.c: tce_build_pSeriesLP with H_PUT_TCE,
 * tce_buildmulti_pSeriesLP with H_PUT_TCE_INDIRECT and a page of up to 512
 * big-endian TCEs, tce_free with H_STUFF_TCE; TCE_PCI_READ 1, TCE_PCI_WRITE
 * 2 from asm/tce.h), the device side (DMA through the window with
 * permission checks, pages scattered in guest memory), the device-tree
 * window (ibm,my-dma-window <liobn 0 0 size-hi size-lo>, as QEMU's VIO
 * devices carry it) and refusal of bad LIOBNs, bus addresses, lists and
 * TCEs. */
#include <errno.h>
#include <libfdt.h>

#include "helpers.h"
#include "tce.h"

#define LIOBN 0x71000009u

static void test_put_get_dma(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    g_assert_cmpint(spapr_tce_table_create(m, LIOBN, 16ull << 20), ==, 0);
    g_assert_cmpint(spapr_tce_table_create(m, LIOBN, 16ull << 20), ==, -EEXIST);
    g_assert_cmpint(spapr_tce_table_create(m, 1, 100), ==, -EINVAL);
    /* Bus pages 0 and 1 map guest pages 0x123000 (read+write) and
     * 0x456000 (read only), out of order. */
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, (uint64_t)LIOBN, 0ull, 0x123003ull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, (uint64_t)LIOBN, 0x1000ull, 0x456001ull), ==, H_SUCCESS);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 0, 0x1c, &r, 2, (uint64_t)LIOBN, 0x1000ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0x456001);
    /* The device reads 16 bytes across the page boundary. */
    guest_ram_write(&m->ram, 0x123ff8, "ABCDEFGH", 8);
    guest_ram_write(&m->ram, 0x456000, "IJKLMNOP", 8);
    char buf[17] = {0};
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 0xff8, buf, 16), ==, 0);
    g_assert_cmpstr(buf, ==, "ABCDEFGHIJKLMNOP");
    /* Writing into the read-only page is refused, and nothing is written
     * into the first page either. */
    g_assert_cmpint(spapr_tce_dma_write(m, LIOBN, 0xff8, "xxxxxxxxxxxxxxxx", 16), ==, -EPERM);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x123ff8, 8), "ABCDEFGH", 8), ==, 0);
    g_assert_cmpint(spapr_tce_dma_write(m, LIOBN, 0x10, "dma!", 4), ==, 0);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x123010, 4), "dma!", 4), ==, 0);
    /* Unmapped page, outside the window, unknown LIOBN. */
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 0x2000, buf, 1), ==, -EPERM);
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 16ull << 20, buf, 1), ==, -EINVAL);
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, (16ull << 20) - 4, buf, 8), ==, -EINVAL);
    g_assert_cmpint(spapr_tce_dma_read(m, 0x1234, 0, buf, 1), ==, -EINVAL);
    /* Bad hypercalls: unknown LIOBN, bus address past the window, a TCE
     * granting access outside RAM. A TCE without permissions (unmapping)
     * may name anything. */
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, 0x1234ull, 0ull, 0x123003ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, (uint64_t)LIOBN, 16ull << 20, 0x123003ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, (uint64_t)LIOBN, 0ull, m->ram.size | 3), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x20, NULL, 3, (uint64_t)LIOBN, 0ull, UINT64_MAX & ~3ull), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, 0x1c, &r, 2, (uint64_t)LIOBN, UINT64_MAX), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

static void test_multi(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    g_assert_cmpint(spapr_tce_table_create(m, LIOBN, 16ull << 20), ==, 0);
    /* A page of 512 TCEs mapping bus pages 8..519 to guest pages
     * 0x1000000 + 4K * k, read/write. */
    uint64_t list = 0x200000;
    for (uint64_t k = 0; k < 512; k++)
        guest_ram_st64_be(&m->ram, list + 8 * k, (0x1000000 + (k << 12)) | 3);
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 8ull << 12, list, 512ull), ==, H_SUCCESS);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 0, 0x1c, &r, 2, (uint64_t)LIOBN, 519ull << 12), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, (0x1000000 + (511ull << 12)) | 3);
    /* A DMA over many pages. */
    static uint8_t big[64 * 1024];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7);
    g_assert_cmpint(spapr_tce_dma_write(m, LIOBN, (8ull << 12) + 100, big, sizeof(big)), ==, 0);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x1000000 + 100, sizeof(big)), big, sizeof(big)), ==, 0);
    /* H_STUFF_TCE clears a range (tce_free: value 0). */
    g_assert_cmpint(test_hcall(m, 0, 0x138, NULL, 4, (uint64_t)LIOBN, 8ull << 12, 0ull, 4ull), ==, H_SUCCESS);
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 8ull << 12, big, 1), ==, -EPERM);
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 12ull << 12, big, 1), ==, 0);
    /* Bad lists: misaligned, more than 512, past the window, outside RAM,
     * holding a TCE outside RAM (then nothing is changed). */
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 0ull, list + 8, 1ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 0ull, list, 513ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 4095ull << 12, list, 2ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 0ull, m->ram.size - 4096, 1ull), ==,
                    H_SUCCESS); /* a list in the last page of RAM is fine */
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 0ull, m->ram.size, 1ull), ==,
                    H_PARAMETER);
    guest_ram_st64_be(&m->ram, list + 8, m->ram.size | 1);
    g_assert_cmpint(test_hcall(m, 0, 0x13c, NULL, 4, (uint64_t)LIOBN, 600ull << 12, list, 2ull), ==,
                    H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, 0x1c, &r, 2, (uint64_t)LIOBN, 600ull << 12), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, 0);
    g_assert_cmpint(test_hcall(m, 0, 0x138, NULL, 4, (uint64_t)LIOBN, 0ull, 0ull, UINT64_MAX), ==, H_PARAMETER);
    /* The hypertas groups. */
    g_assert_cmpstr(spapr_hcall_lookup(m, 0x20)->hypertas, ==, "hcall-tce");
    g_assert_cmpstr(spapr_hcall_lookup(m, 0x13c)->hypertas, ==, "hcall-multi-tce");
    /* The window in the tree: QEMU's VIO form. */
    void *fdt = g_malloc(4096);
    g_assert_cmpint(fdt_create_empty_tree(fdt, 4096), ==, 0);
    int node = fdt_add_subnode(fdt, 0, "dev");
    g_assert_cmpint(spapr_tce_fdt_window(m, LIOBN, fdt, node), ==, 0);
    int len;
    const fdt32_t *w = fdt_getprop(fdt, node, "ibm,my-dma-window", &len);
    g_assert_cmpint(len, ==, 20);
    g_assert_cmphex(fdt32_to_cpu(w[0]), ==, LIOBN);
    g_assert_cmphex(fdt32_to_cpu(w[4]), ==, 16u << 20);
    g_free(fdt);
    /* Reset unmaps everything. */
    spapr_machine_reset(m);
    g_assert_cmpint(spapr_tce_dma_read(m, LIOBN, 12ull << 12, big, 1), ==, -EPERM);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tce/put-get-dma", test_put_get_dma);
    g_test_add_func("/tce/multi", test_multi);
    return g_test_run();
}
