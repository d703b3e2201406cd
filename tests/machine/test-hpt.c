/* tests/machine/test-hpt.c: the machine's hashed page table (machine/hpt.c)
 * and its hypercalls, called as a guest calls them (opcode in r3, arguments
 * r4..): when the table exists (POWER8 from reset, POWER9 after CAS or
 * H_REGISTER_PROC_TBL chose hash) and what the engine and the device tree
 * are told; H_ENTER into every slot of a group, then H_PTEG_FULL, H_EXACT
 * and each H_PARAMETER case; H_REMOVE with the AVPN and AND conditions;
 * H_READ and H_READ_4; H_BULK_REMOVE's response codes; H_PROTECT's bits;
 * H_CLEAR_REF/MOD; concurrent calls from several threads; save/restore;
 * and the engine's hash walker (engine/mmu-hash.h) translating through
 * entries made with H_ENTER the way the guest expects.
 * Facts checked against LoPAR, Linux's hvcall.h/lpar.c and QEMU's
 * hw/ppc/spapr_softmmu.c; one difference from QEMU is written down at
 * test_bulk_remove. */
#include <libfdt.h>
#include <pthread.h>

#include "cas.h"
#include "helpers.h"
#include "hpt.h"
#include "mmu-hash.h"
#include "spapr-fdt.h"
#include "vmstate.h"

#define H_REGISTER_PROC_TBL 0x37c
#define WIMG_M 0x10ull
#define PP_RW 0x2ull

static struct spapr_machine *new_machine(enum spapr_cpu_model model, struct test_console *con)
{
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.cpu_model = model;
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = 2;
    return test_machine_new(&cfg, con);
}

/* A first doubleword with V, the given AVPN field and optional flags. */
static uint64_t hv(uint64_t avpn_field, uint64_t extra)
{
    return (avpn_field << MMU_HPTE_V_AVPN_SHIFT & MMU_HPTE_V_AVPN) | MMU_HPTE_V_V | extra;
}

/* A 4 KiB page of RAM, cacheable (WIMG=0010), read/write. */
static uint64_t hr(uint64_t pa)
{
    return (pa & MMU_HPTE_R_RPN) | WIMG_M | PP_RW;
}

static long enter(struct spapr_machine *m, uint64_t flags, uint64_t ptex, uint64_t v, uint64_t r,
                  uint64_t *slot)
{
    struct spapr_hcall_ret ret;
    long st = test_hcall(m, 0, H_ENTER, &ret, 4, flags, ptex, v, r);
    if (slot)
        *slot = ret.ret[0];
    return st;
}

static void read_hpte(struct spapr_machine *m, uint64_t ptex, uint64_t *v, uint64_t *r)
{
    struct spapr_hcall_ret ret;
    g_assert_cmpint(test_hcall(m, 0, H_READ, &ret, 2, 0ull, ptex), ==, H_SUCCESS);
    *v = ret.ret[0];
    *r = ret.ret[1];
}

static bool fdt_has_pft(struct spapr_machine *m, uint32_t *shift)
{
    void *fdt;
    size_t size;
    g_assert_cmpint(spapr_fdt_build(m, &fdt, &size), ==, 0);
    int cpus = fdt_path_offset(fdt, "/cpus");
    int cpu = fdt_first_subnode(fdt, cpus);
    g_assert_cmpint(cpu, >=, 0);
    int len;
    const fdt32_t *p = fdt_getprop(fdt, cpu, "ibm,pft-size", &len);
    bool has = p != NULL;
    if (has) {
        g_assert_cmpint(len, ==, 8);
        g_assert_cmpuint(fdt32_to_cpu(p[0]), ==, 0);
        *shift = fdt32_to_cpu(p[1]);
    }
    free(fdt);
    return has;
}

static void test_sizing(void)
{
    /* QEMU's spapr_hpt_shift_for_ramsize: RAM/128 rounded up to a power
     * of two, 2^18 .. 2^46. */
    g_assert_cmpuint(spapr_hpt_shift_for_ram(0), ==, 18);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(32ull << 20), ==, 18);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(256ull << 20), ==, 21);
    g_assert_cmpuint(spapr_hpt_shift_for_ram((256ull << 20) + 1), ==, 22);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(1ull << 30), ==, 23);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(768ull << 20), ==, 23);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(UINT64_MAX), ==, 46);
}

/* POWER8: the table exists from creation and reset; the tree says so. */
static void test_lifecycle_power8(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    g_assert_true(spapr_hpt_active(m));
    g_assert_nonnull(con.htab_base);
    g_assert_cmpuint(con.htab_size, ==, 1ull << 21);
    uint8_t *base;
    uint64_t size;
    spapr_hpt_get(m, &base, &size);
    g_assert_true(base == con.htab_base);
    g_assert_cmpuint(size, ==, con.htab_size);
    uint32_t shift = 0;
    g_assert_true(fdt_has_pft(m, &shift));
    g_assert_cmpuint(shift, ==, 21);
    /* An entry, then a reset: the table is empty again. */
    g_assert_cmpint(enter(m, 0, 64, hv(0x1234, 0), hr(0x100000), NULL), ==, H_SUCCESS);
    spapr_machine_reset(m);
    g_assert_true(spapr_hpt_active(m));
    uint64_t v, r;
    read_hpte(m, 64, &v, &r);
    g_assert_cmphex(v, ==, 0);
    /* CAS keeps the table (and what is in it). */
    g_assert_cmpint(enter(m, 0, 64, hv(0x1234, 0), hr(0x100000), NULL), ==, H_SUCCESS);
    g_assert_cmpint(spapr_cas_apply(m, SPAPR_MMU_HASH, SPAPR_IRQ_XICS), ==, 0);
    read_hpte(m, 64, &v, &r);
    g_assert_cmphex(v, ==, hv(0x1234, 0));
    g_assert_true(fdt_has_pft(m, &shift));
    test_machine_free(m, &con);
}

/* POWER9: no table until the guest picks hash; radix takes it away. */
static void test_lifecycle_power9(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER9, &con);
    struct spapr_hcall_ret r;
    g_assert_false(spapr_hpt_active(m));
    g_assert_null(con.htab_base);
    g_assert_cmpint(enter(m, 0, 0, hv(1, 0), hr(0), NULL), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, 0ull, 0ull), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, 0ull, 0ull, 0ull), ==, H_FUNCTION);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 1, H_BULK_REMOVE_END), ==, H_FUNCTION);
    /* Before CAS the tree offers the table the guest may still choose,
     * as QEMU's initial tree does. */
    uint32_t shift = 0;
    g_assert_true(fdt_has_pft(m, &shift));
    g_assert_cmpuint(shift, ==, 21);
    /* CAS picks radix: no table, no ibm,pft-size. */
    g_assert_cmpint(spapr_cas_apply(m, SPAPR_MMU_RADIX, SPAPR_IRQ_XICS), ==, 0);
    g_assert_false(spapr_hpt_active(m));
    g_assert_false(fdt_has_pft(m, &shift));
    /* A reboot, then CAS picks hash: an empty table, the engine is told. */
    spapr_machine_reset(m);
    int calls = con.htab_calls;
    g_assert_cmpint(spapr_cas_apply(m, SPAPR_MMU_HASH, SPAPR_IRQ_XICS), ==, 0);
    g_assert_true(spapr_hpt_active(m));
    g_assert_cmpint(con.htab_calls, >, calls);
    g_assert_nonnull(con.htab_base);
    g_assert_cmpuint(con.htab_size, ==, 1ull << 21);
    g_assert_true(fdt_has_pft(m, &shift));
    g_assert_cmpint(enter(m, 0, 0, hv(1, 0), hr(0), NULL), ==, H_SUCCESS);
    /* Linux's hash registration (PROC_TABLE_NEW, no radix) keeps it. */
    g_assert_cmpint(test_hcall(m, 0, H_REGISTER_PROC_TBL, &r, 4, 0x18ull, 0ull, 0ull, 0ull), ==,
                    H_SUCCESS);
    g_assert_true(spapr_hpt_active(m));
    uint64_t v, rr;
    read_hpte(m, 0, &v, &rr);
    g_assert_cmphex(v, ==, hv(1, 0));
    /* Registering a radix process table detaches it from the vCPUs. */
    g_assert_cmpint(test_hcall(m, 0, H_REGISTER_PROC_TBL, &r, 4, 0x1dull, 0x100000ull, 0ull, 0ull),
                    ==, H_SUCCESS);
    g_assert_false(spapr_hpt_active(m));
    g_assert_null(con.htab_base);
    g_assert_cmpuint(con.htab_size, ==, 0);
    g_assert_cmpint(enter(m, 0, 0, hv(1, 0), hr(0), NULL), ==, H_FUNCTION);
    /* Back to hash through H_REGISTER_PROC_TBL alone: a fresh table. */
    g_assert_cmpint(test_hcall(m, 0, H_REGISTER_PROC_TBL, &r, 4, 0x18ull, 0ull, 0ull, 0ull), ==,
                    H_SUCCESS);
    g_assert_true(spapr_hpt_active(m));
    read_hpte(m, 0, &v, &rr);
    g_assert_cmphex(v, ==, 0);
    /* A reset forgets it. */
    spapr_machine_reset(m);
    g_assert_false(spapr_hpt_active(m));
    g_assert_null(con.htab_base);
    test_machine_free(m, &con);
}

static void test_hypertas(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER9, &con);
    char buf[1024];
    int len = spapr_hcall_hypertas_strings(m, buf, sizeof(buf));
    g_assert_cmpint(len, >, 0);
    const char *want[] = {"hcall-pft", "hcall-bulk", "hcall-dabr", "hcall-copy", "hcall-debug"};
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        int n = 0;
        for (int off = 0; off < len; off += (int)strlen(buf + off) + 1)
            n += strcmp(buf + off, want[i]) == 0;
        g_assert_cmpint(n, ==, 1);
    }
    g_assert_cmpstr(spapr_hcall_lookup(m, H_ENTER)->hypertas, ==, "hcall-pft");
    g_assert_cmpstr(spapr_hcall_lookup(m, H_CLEAR_REF)->hypertas, ==, "hcall-pft");
    g_assert_cmpstr(spapr_hcall_lookup(m, H_BULK_REMOVE)->hypertas, ==, "hcall-bulk");
    test_machine_free(m, &con);
}

/* Every slot of a group, then a full group; H_EXACT. */
static void test_enter_group(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    uint64_t slot;
    /* Any index of the group names the group; slots fill in order. */
    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmpint(enter(m, 0, 8 * 100 + 5, hv(0x100 + i, 0), hr(0x10000 * (i + 1)), &slot), ==,
                        H_SUCCESS);
        g_assert_cmpuint(slot, ==, 800 + i);
    }
    g_assert_cmpint(enter(m, 0, 800, hv(0x200, 0), hr(0x20000), &slot), ==, H_PTEG_FULL);
    /* The next group has room. */
    g_assert_cmpint(enter(m, 0, 808, hv(0x200, MMU_HPTE_V_H), hr(0x20000), &slot), ==, H_SUCCESS);
    g_assert_cmpuint(slot, ==, 808);
    uint64_t v, r;
    for (unsigned i = 0; i < 8; i++) {
        read_hpte(m, 800 + i, &v, &r);
        g_assert_cmphex(v, ==, hv(0x100 + i, 0));
        g_assert_cmphex(r, ==, hr(0x10000 * (i + 1)));
    }
    /* H_EXACT: a taken slot is H_PTEG_FULL, a free one is used as is. */
    g_assert_cmpint(enter(m, H_EXACT, 803, hv(0x300, 0), hr(0x30000), &slot), ==, H_PTEG_FULL);
    struct spapr_hcall_ret ret;
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &ret, 3, 0ull, 803ull, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, H_EXACT, 803, hv(0x300, 0), hr(0x30000), &slot), ==, H_SUCCESS);
    g_assert_cmpuint(slot, ==, 803);
    g_assert_cmpint(enter(m, H_EXACT, 811, hv(0x301, 0), hr(0x30000), &slot), ==, H_SUCCESS);
    g_assert_cmpuint(slot, ==, 811); /* not the group's first free slot (809) */
    /* The last entry of the table. */
    uint64_t last = (1ull << 21) / 16 - 1;
    g_assert_cmpint(enter(m, H_EXACT, last, hv(0x400, 0), hr(0x40000), &slot), ==, H_SUCCESS);
    g_assert_cmpuint(slot, ==, last);
    /* Advisory flags are accepted. */
    g_assert_cmpint(enter(m, H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | H_COALESCE_CAND, 16,
                          hv(0x500, 0), hr(0x50000), &slot), ==, H_SUCCESS);
    test_machine_free(m, &con);
}

static void test_enter_parameters(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    uint64_t entries = (1ull << 21) / 16, ram = 256ull << 20;
    /* The index must be inside the table. */
    g_assert_cmpint(enter(m, 0, entries, hv(1, 0), hr(0), NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, H_EXACT, UINT64_MAX, hv(1, 0), hr(0), NULL), ==, H_PARAMETER);
    /* V must be set; B = 0b10/0b11 is reserved. */
    g_assert_cmpint(enter(m, 0, 0, hv(1, 0) & ~MMU_HPTE_V_V, hr(0), NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, 0, 0, hv(1, 2ull << 62), hr(0), NULL), ==, H_PARAMETER);
    /* L=1 with an LP that encodes no page size. */
    g_assert_cmpint(enter(m, 0, 0, hv(1, MMU_HPTE_V_L), hr(0) | (0xffull << 12), NULL), ==,
                    H_PARAMETER);
    /* The page must be RAM: the last page is, the next is not, nor a
     * 16 MiB page that starts inside and ends outside... */
    g_assert_cmpint(enter(m, 0, 0, hv(1, 0), hr(ram - 4096), NULL), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, 0, 0, hv(2, 0), hr(ram), NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, 0, 0, hv(2, 0), hr(1ull << 40), NULL), ==, H_PARAMETER);
    uint64_t r16m = (ram & MMU_HPTE_R_RPN) | (0x38ull << 12) | WIMG_M | PP_RW; /* 4K base, 16M page */
    g_assert_cmpint(enter(m, 0, 0, hv(2, MMU_HPTE_V_L), r16m, NULL), ==, H_PARAMETER);
    r16m = ((ram - (16ull << 20)) & MMU_HPTE_R_RPN) | (0x38ull << 12) | WIMG_M | PP_RW;
    g_assert_cmpint(enter(m, 0, 0, hv(2, MMU_HPTE_V_L), r16m, NULL), ==, H_SUCCESS);
    /* ...and mapped cacheable and coherent: WIMG = 0010 only. */
    g_assert_cmpint(enter(m, 0, 8, hv(3, 0), hr(0) & ~WIMG_M, NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, 0, 8, hv(3, 0), hr(0) | MMU_HPTE_R_I, NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, 0, 8, hv(3, 0), hr(0) | MMU_HPTE_R_G, NULL), ==, H_PARAMETER);
    /* Unknown flags. */
    g_assert_cmpint(enter(m, 1, 8, hv(3, 0), hr(0), NULL), ==, H_PARAMETER);
    g_assert_cmpint(enter(m, H_READ_4, 8, hv(3, 0), hr(0), NULL), ==, H_PARAMETER);
    /* Nothing of the refused calls reached the table. */
    uint64_t v, r;
    read_hpte(m, 8, &v, &r);
    g_assert_cmphex(v, ==, 0);
    test_machine_free(m, &con);
}

static void test_enter_zero_page(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    guest_ram_fill(&m->ram, 0x200000, 0xa5, 0x2000);
    con.written_calls = 0;
    g_assert_cmpint(enter(m, H_ZERO_PAGE, 0, hv(1, 0), hr(0x200000), NULL), ==, H_SUCCESS);
    const uint8_t *p = guest_ram_ptr(&m->ram, 0x200000, 0x2000);
    for (int i = 0; i < 0x1000; i++)
        g_assert_cmpuint(p[i], ==, 0);
    g_assert_cmpuint(p[0x1000], ==, 0xa5); /* the next page is not part of it */
    g_assert_cmpint(con.written_calls, >, 0);
    /* A full group zeroes nothing. */
    for (unsigned i = 0; i < 7; i++)
        g_assert_cmpint(enter(m, 0, 0, hv(2 + i, 0), hr(0), NULL), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, H_ZERO_PAGE, 0, hv(9, 0), hr(0x201000), NULL), ==, H_PTEG_FULL);
    g_assert_cmpuint(p[0x1000], ==, 0xa5);
    test_machine_free(m, &con);
}

static void test_remove(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct spapr_hcall_ret r;
    uint64_t v0 = hv(0xabcde, MMU_HPTE_V_BOLTED), r0 = hr(0x300000);
    uint64_t slot;
    g_assert_cmpint(enter(m, 0, 96, v0, r0, &slot), ==, H_SUCCESS);
    /* H_AVPN compares pte_high & ~0x7f: a different AVPN is not found, and
     * the entry stays. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_AVPN, slot, (v0 & ~0x7full) ^ 0x80), ==,
                    H_NOT_FOUND);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_AVPN, slot, v0), ==, H_NOT_FOUND);
    g_assert_cmpint(con.inval_calls, ==, 0);
    uint64_t v, rr;
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(v, ==, v0);
    /* H_ANDCOND: removed only when no bit of the mask is set. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_ANDCOND, slot, MMU_HPTE_V_BOLTED), ==,
                    H_NOT_FOUND);
    /* Both conditions: only avpn 0 could satisfy them. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_AVPN | H_ANDCOND, slot, v0 & ~0x7full), ==,
                    H_NOT_FOUND);
    /* The right AVPN: removed, the old entry in r4/r5. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_AVPN, slot, v0 & ~0x7full), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, v0);
    g_assert_cmphex(r.ret[1], ==, r0);
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(v & MMU_HPTE_V_V, ==, 0);
    g_assert_cmpint(con.inval_calls, ==, 1);
    g_assert_cmpuint(con.inval_shift[0], ==, 12);
    /* Gone: a second remove finds nothing. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, 0ull, slot, 0ull), ==, H_NOT_FOUND);
    g_assert_cmpint(con.inval_calls, ==, 1);
    /* H_ANDCOND that passes. */
    g_assert_cmpint(enter(m, 0, 96, v0, r0, &slot), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_ANDCOND, slot, MMU_HPTE_V_H), ==, H_SUCCESS);
    /* Bad index, unknown flag. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, 0ull, (1ull << 21) / 16, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_EXACT, 0ull, 0ull), ==, H_PARAMETER);
    /* H_LOCAL is a hint. */
    g_assert_cmpint(enter(m, 0, 96, v0, r0, &slot), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_LOCAL, slot, 0ull), ==, H_SUCCESS);
    /* Without invalidate_hpte the engine is asked to flush everything. */
    m->ops.invalidate_hpte = NULL;
    g_assert_cmpint(enter(m, 0, 96, v0, r0, &slot), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, 0ull, slot, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(con.flush_all_calls, ==, 1);
    test_machine_free(m, &con);
}

static void test_read(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct spapr_hcall_ret r;
    for (unsigned i = 0; i < 6; i++)
        g_assert_cmpint(enter(m, 0, 40, hv(0x40 + i, 0), hr(0x1000 * i), NULL), ==, H_SUCCESS);
    /* One entry. */
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, 0ull, 41ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, hv(0x41, 0));
    g_assert_cmphex(r.ret[1], ==, hr(0x1000));
    g_assert_cmphex(r.ret[2], ==, 0);
    /* H_READ_4 from 45: entries 44..47 in r4..r11 (46, 47 empty). */
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, H_READ_4, 45ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, hv(0x44, 0));
    g_assert_cmphex(r.ret[1], ==, hr(0x4000));
    g_assert_cmphex(r.ret[2], ==, hv(0x45, 0));
    g_assert_cmphex(r.ret[3], ==, hr(0x5000));
    for (int i = 4; i < 8; i++)
        g_assert_cmphex(r.ret[i], ==, 0);
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, H_READ_4 | H_R_XLATE, 40ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[6], ==, hv(0x43, 0));
    /* Bad index or flags. */
    uint64_t entries = (1ull << 21) / 16;
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, 0ull, entries), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, H_READ_4, entries + 1), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, H_READ_4, entries - 1), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_READ, &r, 2, H_EXACT, 0ull), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

/* The response codes sit in tsh bits 2:3 (0x3000...), R and C of the
 * removed entry in 4:5 (0x0800... and 0x0400..., LoPAR; KVM shifts them
 * there with << 51). QEMU 7.2 shifts by 43, which lands them inside the
 * index field: the ISA/PAPR layout wins here. */
static void test_bulk_remove(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct spapr_hcall_ret r;
    uint64_t va = hv(0x111, 0), vb = hv(0x222, 0), vc = hv(0x333, 0);
    uint64_t sa, sb, sc;
    g_assert_cmpint(enter(m, 0, 200, va, hr(0x1000) | MMU_HPTE_R_R | MMU_HPTE_R_C, &sa), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, 0, 200, vb, hr(0x2000) | MMU_HPTE_R_R, &sb), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, 0, 200, vc, hr(0x3000), &sc), ==, H_SUCCESS);
    const uint64_t REQ = H_BULK_REMOVE_REQUEST, RESP = H_BULK_REMOVE_RESPONSE;
    /* A: removed with AVPN, R and C reported. B: AVPN mismatch, not found.
     * C: no condition, removed, neither R nor C. D: END, stops. */
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 8,
                               REQ | H_BULK_REMOVE_AVPN | sa, va & ~0x7full,
                               REQ | H_BULK_REMOVE_AVPN | sb, (vb & ~0x7full) + 0x80,
                               REQ | sc, 0ull,
                               H_BULK_REMOVE_END, 0x1234ull), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, RESP | H_BULK_REMOVE_SUCCESS | H_BULK_REMOVE_AVPN |
                                      0x0c00000000000000ull | sa);
    g_assert_cmphex(r.ret[1], ==, va & ~0x7full); /* tsl registers keep their values */
    g_assert_cmphex(r.ret[2], ==, RESP | H_BULK_REMOVE_NOT_FOUND | H_BULK_REMOVE_AVPN | sb);
    g_assert_cmphex(r.ret[4], ==, RESP | H_BULK_REMOVE_SUCCESS | sc);
    g_assert_cmphex(r.ret[6], ==, H_BULK_REMOVE_END);
    g_assert_cmphex(r.ret[7], ==, 0x1234);
    g_assert_cmpint(con.inval_calls, ==, 2);
    uint64_t v, rr;
    read_hpte(m, sa, &v, &rr);
    g_assert_cmphex(v & MMU_HPTE_V_V, ==, 0);
    read_hpte(m, sb, &v, &rr);
    g_assert_cmphex(v, ==, vb);
    /* R alone: 0x0800... */
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 3, REQ | H_BULK_REMOVE_ANDCOND | sb,
                               MMU_HPTE_V_H, H_BULK_REMOVE_END), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, RESP | H_BULK_REMOVE_ANDCOND | 0x0800000000000000ull | sb);
    /* An index outside the table: PARM in that response, H_PARAMETER, and
     * the requests after it are not processed. */
    g_assert_cmpint(enter(m, 0, 200, va, hr(0x1000), &sa), ==, H_SUCCESS);
    uint64_t bad = (1ull << 21) / 16;
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 4, REQ | bad, 0ull, REQ | sa, 0ull), ==,
                    H_PARAMETER);
    g_assert_cmphex(r.ret[0], ==, RESP | H_BULK_REMOVE_PARM | bad);
    g_assert_cmphex(r.ret[2], ==, REQ | sa);
    read_hpte(m, sa, &v, &rr);
    g_assert_cmphex(v, ==, va);
    /* Both conditions at once: PARM. */
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 2,
                               REQ | H_BULK_REMOVE_AVPN | H_BULK_REMOVE_ANDCOND | sa, 0ull), ==,
                    H_PARAMETER);
    g_assert_cmphex(r.ret[0] & H_BULK_REMOVE_CODE, ==, H_BULK_REMOVE_PARM);
    g_assert_cmphex(r.ret[0] & H_BULK_REMOVE_TYPE, ==, RESP);
    /* An entry that is neither a request nor END (0, or a response), even
     * after a good one (Linux ends short lists with END). */
    g_assert_cmpint(enter(m, 0, 200, vb, hr(0x2000), &sb), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 2, REQ | sb, 0ull), ==, H_PARAMETER);
    g_assert_cmphex(r.ret[0], ==, RESP | sb);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 2, (uint64_t)sa, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 2, RESP | sa, 0ull), ==, H_PARAMETER);
    read_hpte(m, sa, &v, &rr);
    g_assert_cmphex(v, ==, va);
    /* END first: nothing at all. Four requests: all done. */
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 2, H_BULK_REMOVE_END, 0ull), ==, H_SUCCESS);
    uint64_t s[4];
    for (int i = 0; i < 4; i++)
        g_assert_cmpint(enter(m, 0, 400, hv(0x700 + i, 0), hr(0x1000), &s[i]), ==, H_SUCCESS);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 8, REQ | s[0], 0ull, REQ | s[1], 0ull,
                               REQ | s[2], 0ull, REQ | s[3], 0ull), ==, H_SUCCESS);
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(r.ret[2 * i], ==, RESP | s[i]);
        read_hpte(m, s[i], &v, &rr);
        g_assert_cmphex(v, ==, 0);
    }
    test_machine_free(m, &con);
}

static void test_protect(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct spapr_hcall_ret r;
    uint64_t v0 = hv(0x5555, 0);
    uint64_t r0 = hr(0x400000) | MMU_HPTE_R_R | MMU_HPTE_R_C | MMU_HPTE_R_N | MMU_HPTE_R_KEY_LO;
    uint64_t slot;
    g_assert_cmpint(enter(m, 0, 320, v0, r0, &slot), ==, H_SUCCESS);
    /* AVPN mismatch: not found, unchanged. */
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, H_AVPN | 3ull, slot, (v0 & ~0x7full) ^ 0x100),
                    ==, H_NOT_FOUND);
    uint64_t v, rr;
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr, ==, r0);
    g_assert_cmpint(con.inval_calls, ==, 0);
    /* pp := 3 (read-only), N and the key cleared; R, C, RPN, WIMG kept. */
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, H_AVPN | 3ull, slot, v0 & ~0x7full), ==,
                    H_SUCCESS);
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(v, ==, v0);
    g_assert_cmphex(rr, ==, (hr(0x400000) & ~MMU_HPTE_R_PP) | 3 | MMU_HPTE_R_R | MMU_HPTE_R_C);
    g_assert_cmpint(con.inval_calls, ==, 1);
    /* The other bits: N (0x4), PP0 (0x100 -> bit 0), key 0xe00 in place
     * and 0x3000 -> bits 2:3 (Linux's pSeries_lpar_hpte_updatepp). */
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, 0x4ull | 0x100 | 0xe00 | 0x3000 | 1, slot, 0ull),
                    ==, H_SUCCESS);
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr, ==, (hr(0x400000) & ~MMU_HPTE_R_PP) | 1 | MMU_HPTE_R_N | MMU_HPTE_R_PP0 |
                                MMU_HPTE_R_KEY_LO | MMU_HPTE_R_KEY_HI | MMU_HPTE_R_R | MMU_HPTE_R_C);
    /* Bad index, unknown flag, invalid entry. */
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, 2ull, (1ull << 21) / 16, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, 0x8ull, slot, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, H_EXACT, slot, 0ull), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, 2ull, slot + 1, 0ull), ==, H_NOT_FOUND);
    test_machine_free(m, &con);
}

static void test_clear_ref_mod(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct spapr_hcall_ret r;
    uint64_t r0 = hr(0x500000) | MMU_HPTE_R_R | MMU_HPTE_R_C;
    uint64_t slot;
    g_assert_cmpint(enter(m, 0, 512, hv(0x77, 0), r0, &slot), ==, H_SUCCESS);
    /* r4 = doubleword 1 before; only R goes. */
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_REF, &r, 2, 0ull, slot), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, r0);
    uint64_t v, rr;
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr, ==, r0 & ~MMU_HPTE_R_R);
    g_assert_cmpint(con.inval_calls, ==, 1);
    /* Again: R already clear, nothing to invalidate. */
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_REF, &r, 2, 0ull, slot), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0] & MMU_HPTE_R_R, ==, 0);
    g_assert_cmpint(con.inval_calls, ==, 1);
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_MOD, &r, 2, 0ull, slot), ==, H_SUCCESS);
    g_assert_cmphex(r.ret[0], ==, r0 & ~MMU_HPTE_R_R);
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr, ==, r0 & ~(MMU_HPTE_R_R | MMU_HPTE_R_C));
    g_assert_cmpint(con.inval_calls, ==, 2);
    /* Invalid entry, bad index, reserved flags. */
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_MOD, &r, 2, 0ull, slot + 1), ==, H_NOT_FOUND);
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_REF, &r, 2, 0ull, (1ull << 21) / 16), ==, H_PARAMETER);
    g_assert_cmpint(test_hcall(m, 0, H_CLEAR_REF, &r, 2, H_AVPN, slot), ==, H_PARAMETER);
    test_machine_free(m, &con);
}

/* The guest's view: an SLB entry, a page entered with H_ENTER where the
 * hash puts it, and the engine's walker over the machine's table. */
struct guest_map {
    struct mmu_slb slb;
    const struct mmu_slbe *e;
    uint64_t ea;
};

static void guest_segment(struct guest_map *g, uint64_t ea, uint64_t vsid, uint64_t slb_flags)
{
    mmu_slb_init(&g->slb, 32);
    g_assert_cmpint(mmu_slbmte(&g->slb, (vsid << 12) | slb_flags,
                               (ea & MMU_SLB_ESID_256M) | MMU_SLB_ESID_V | 0), ==, 0);
    g->e = mmu_slb_lookup(&g->slb, ea);
    g_assert_nonnull(g->e);
    g->ea = ea;
}

/* H_ENTER the page of g->ea (base/actual shift) at guest physical pa in
 * its primary group, as Linux's pSeries_lpar_hpte_insert does. */
static uint64_t guest_map_page(struct spapr_machine *m, struct guest_map *g, unsigned base,
                               unsigned actual, uint64_t pa, uint64_t pp)
{
    uint64_t vpn = mmu_hash_va(g->e, g->ea) >> 12;
    uint64_t v = mmu_hpte_encode_v(vpn, base, actual, 0) | MMU_HPTE_V_V;
    uint64_t r = mmu_hpte_encode_r(pa, base, actual) | WIMG_M | pp;
    uint64_t groups = (1ull << 21) / MMU_HPTEG_SIZE;
    uint64_t group = mmu_hash_primary(g->e, g->ea, base) & (groups - 1);
    uint64_t slot;
    g_assert_cmpint(enter(m, 0, group * 8, v, r, &slot), ==, H_SUCCESS);
    g_assert_cmpuint(slot / 8, ==, group);
    return slot;
}

static int walk(struct spapr_machine *m, struct guest_map *g, uint64_t ea, enum mmu_access acc,
                struct mmu_xlate *x, struct mmu_fault *f)
{
    uint8_t *base;
    uint64_t size;
    spapr_hpt_get(m, &base, &size);
    struct mmu_hash_ctx ctx = {.slb = &g->slb, .htab = {base, size}, .pr = false};
    return mmu_hash_xlate(&ctx, ea, acc, x, f);
}

static void test_walker(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct mmu_xlate x;
    struct mmu_fault f;
    struct spapr_hcall_ret r;

    /* A 4 KiB page of a 256 MiB segment (kernel linear map style). */
    struct guest_map g;
    guest_segment(&g, 0xc000000001234000ull, 0x123456ull, 0);
    uint64_t slot = guest_map_page(m, &g, 12, 12, 0x2345000, PP_RW);
    g_assert_cmpint(walk(m, &g, g.ea + 0x678, MMU_ACC_READ, &x, &f), ==, 0);
    g_assert_cmphex(x.ra, ==, 0x2345678);
    g_assert_cmpuint(x.page_shift, ==, 12);
    /* The walker set R in the machine's entry; a store sets C. */
    uint64_t v, rr;
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr & (MMU_HPTE_R_R | MMU_HPTE_R_C), ==, MMU_HPTE_R_R);
    g_assert_cmpint(walk(m, &g, g.ea + 8, MMU_ACC_WRITE, &x, &f), ==, 0);
    read_hpte(m, slot, &v, &rr);
    g_assert_cmphex(rr & (MMU_HPTE_R_R | MMU_HPTE_R_C), ==, MMU_HPTE_R_R | MMU_HPTE_R_C);
    /* The neighbouring page is not mapped. */
    g_assert_cmpint(walk(m, &g, g.ea + 0x1000, MMU_ACC_READ, &x, &f), ==, -1);
    g_assert_cmpint(f.exc, ==, MMU_EXC_DSI);
    g_assert_cmphex(f.dsisr & MMU_DSISR_NOPTE, ==, MMU_DSISR_NOPTE);
    /* H_PROTECT read-only: loads translate, stores fault with PROT. */
    g_assert_cmpint(test_hcall(m, 0, H_PROTECT, &r, 3, 3ull, slot, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(walk(m, &g, g.ea, MMU_ACC_READ, &x, &f), ==, 0);
    g_assert_cmpint(walk(m, &g, g.ea, MMU_ACC_WRITE, &x, &f), ==, -1);
    g_assert_cmphex(f.dsisr & MMU_DSISR_PROT, ==, MMU_DSISR_PROT);
    /* The invalidation named the page's virtual address, as the walker's
     * tag for it reads. */
    g_assert_cmpint(walk(m, &g, g.ea, MMU_ACC_READ, &x, &f), ==, 0);
    g_assert_cmpint(con.inval_calls, ==, 1);
    g_assert_true(mmu_hash_va_matches(con.inval_va[0], con.inval_shift[0], &x.tag));
    g_assert_cmphex(con.inval_va[0], ==, mmu_hash_va(g.e, g.ea) & ~0xfffull);
    /* H_REMOVE: no translation any more, and the tag is invalidated. */
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, H_AVPN, slot, v & ~0x7full), ==, H_SUCCESS);
    g_assert_true(mmu_hash_va_matches(con.inval_va[1], con.inval_shift[1], &x.tag));
    g_assert_cmpint(walk(m, &g, g.ea, MMU_ACC_READ, &x, &f), ==, -1);
    g_assert_cmphex(f.dsisr & MMU_DSISR_NOPTE, ==, MMU_DSISR_NOPTE);

    /* A 64 KiB page in a 64 KiB segment (SLB L=1, LP=01), entered in the
     * secondary group: the walker looks there too. */
    struct guest_map g64;
    guest_segment(&g64, 0x10030000ull, 0x2abcdull, MMU_SLB_L | (1ull << 4));
    uint64_t vpn = mmu_hash_va(g64.e, g64.ea) >> 12;
    uint64_t v64 = mmu_hpte_encode_v(vpn, 16, 16, 0) | MMU_HPTE_V_V | MMU_HPTE_V_H;
    uint64_t r64 = mmu_hpte_encode_r(0x7770000, 16, 16) | WIMG_M | PP_RW;
    uint64_t groups = (1ull << 21) / MMU_HPTEG_SIZE;
    uint64_t sec = ~mmu_hash_primary(g64.e, g64.ea, 16) & (groups - 1);
    g_assert_cmpint(enter(m, 0, sec * 8 + 3, v64, r64, &slot), ==, H_SUCCESS);
    g_assert_cmpint(walk(m, &g64, g64.ea + 0xfff8, MMU_ACC_EXEC, &x, &f), ==, 0);
    g_assert_cmphex(x.ra, ==, 0x777fff8);
    g_assert_cmpuint(x.page_shift, ==, 16);
    g_assert_cmpint(test_hcall(m, 0, H_BULK_REMOVE, &r, 3, H_BULK_REMOVE_REQUEST | slot, 0ull,
                               H_BULK_REMOVE_END), ==, H_SUCCESS);
    g_assert_cmpuint(con.inval_shift[2], ==, 16);
    g_assert_true(mmu_hash_va_matches(con.inval_va[2], con.inval_shift[2], &x.tag));
    g_assert_cmpint(walk(m, &g64, g64.ea, MMU_ACC_READ, &x, &f), ==, -1);

    /* A 16 MiB page in a 16 MiB segment (L=1, LP=00). */
    struct guest_map g16;
    guest_segment(&g16, 0xd000000005000000ull, 0x31337ull, MMU_SLB_L);
    guest_map_page(m, &g16, 24, 24, 0x9000000, PP_RW);
    g_assert_cmpint(walk(m, &g16, g16.ea + 0xabcdef, MMU_ACC_READ, &x, &f), ==, 0);
    g_assert_cmphex(x.ra, ==, 0x9abcdef);
    g_assert_cmpuint(x.page_shift, ==, 24);
    test_machine_free(m, &con);
}

/* Several vCPU threads entering and removing in the same groups: every
 * entry a thread made is still its own when it removes it (no slot given
 * twice, no update lost), and the groups end empty. */
struct stress {
    struct spapr_machine *m;
    unsigned id;
    int full, done;
    bool bad;
};

#define STRESS_THREADS 12
#define STRESS_ROUNDS 3000

static void *stress_thread(void *opaque)
{
    struct stress *s = opaque;
    for (unsigned i = 0; i < STRESS_ROUNDS; i++) {
        uint64_t group = (i % 2) * 8;
        uint64_t v = hv(((uint64_t)s->id << 20) | i, 0);
        uint64_t r = hr(0x1000 * s->id);
        struct spapr_hcall_args a = {.opcode = H_ENTER, .args = {0, group, v, r}};
        struct spapr_hcall_ret ret;
        spapr_hcall_dispatch(s->m, s->id % 2, &a, &ret);
        if (ret.status == H_PTEG_FULL) {
            s->full++;
            continue;
        }
        if (ret.status != H_SUCCESS || ret.ret[0] / 8 != group / 8) {
            s->bad = true;
            break;
        }
        uint64_t slot = ret.ret[0];
        /* Change its protection, read it back, remove it by AVPN. */
        struct spapr_hcall_args p = {.opcode = H_PROTECT, .args = {H_AVPN | 3, slot, v & ~0x7full}};
        spapr_hcall_dispatch(s->m, s->id % 2, &p, &ret);
        if (ret.status != H_SUCCESS) {
            s->bad = true;
            break;
        }
        struct spapr_hcall_args rd = {.opcode = H_READ, .args = {0, slot}};
        spapr_hcall_dispatch(s->m, s->id % 2, &rd, &ret);
        if (ret.status != H_SUCCESS || ret.ret[0] != v || (ret.ret[1] & MMU_HPTE_R_PP) != 3) {
            s->bad = true;
            break;
        }
        struct spapr_hcall_args rm = {.opcode = H_REMOVE, .args = {H_AVPN, slot, v & ~0x7full}};
        spapr_hcall_dispatch(s->m, s->id % 2, &rm, &ret);
        if (ret.status != H_SUCCESS || ret.ret[0] != v) {
            s->bad = true;
            break;
        }
        s->done++;
    }
    return NULL;
}

static void test_concurrent(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    struct stress s[STRESS_THREADS];
    pthread_t t[STRESS_THREADS];
    for (unsigned i = 0; i < STRESS_THREADS; i++) {
        s[i] = (struct stress){.m = m, .id = i + 1};
        g_assert_cmpint(pthread_create(&t[i], NULL, stress_thread, &s[i]), ==, 0);
    }
    int done = 0;
    for (unsigned i = 0; i < STRESS_THREADS; i++) {
        pthread_join(t[i], NULL);
        g_assert_false(s[i].bad);
        done += s[i].done;
    }
    g_assert_cmpint(done, >, 0);
    uint64_t v, r;
    for (uint64_t i = 0; i < 16; i++) {
        read_hpte(m, i, &v, &r);
        g_assert_cmphex(v, ==, 0);
    }
    test_machine_free(m, &con);
}

static void test_save_restore(void)
{
    struct test_console con;
    struct spapr_machine *m = new_machine(SPAPR_CPU_POWER8, &con);
    uint64_t last = (1ull << 21) / 16 - 1, slot;
    g_assert_cmpint(enter(m, 0, 0, hv(0x10, 0), hr(0x1000), &slot), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, H_EXACT, last, hv(0x20, 0), hr(0x2000), &slot), ==, H_SUCCESS);
    struct vmstate_buf saved = {0};
    g_assert_cmpint(spapr_machine_save(m, &saved), ==, 0);
    struct spapr_hcall_ret r;
    g_assert_cmpint(test_hcall(m, 0, H_REMOVE, &r, 3, 0ull, 0ull, 0ull), ==, H_SUCCESS);
    g_assert_cmpint(enter(m, 0, 64, hv(0x30, 0), hr(0x3000), &slot), ==, H_SUCCESS);
    /* A truncated stream changes nothing. */
    g_assert_cmpint(spapr_machine_load(m, saved.data, saved.len - 1), ==, -EINVAL);
    uint64_t v, rr;
    read_hpte(m, 0, &v, &rr);
    g_assert_cmphex(v, ==, 0);
    int calls = con.htab_calls;
    g_assert_cmpint(spapr_machine_load(m, saved.data, saved.len), ==, 0);
    g_assert_cmpint(con.htab_calls, >, calls);
    g_assert_nonnull(con.htab_base);
    read_hpte(m, 0, &v, &rr);
    g_assert_cmphex(v, ==, hv(0x10, 0));
    read_hpte(m, last, &v, &rr);
    g_assert_cmphex(v, ==, hv(0x20, 0));
    read_hpte(m, 64, &v, &rr);
    g_assert_cmphex(v, ==, 0);

    /* A POWER9 that went hash restores into a fresh POWER9 (no table yet);
     * one that has no table takes the table away. */
    struct test_console c9;
    struct spapr_machine *p9 = new_machine(SPAPR_CPU_POWER9, &c9);
    struct vmstate_buf radix = {0};
    g_assert_cmpint(spapr_machine_save(p9, &radix), ==, 0);
    g_assert_cmpint(spapr_cas_apply(p9, SPAPR_MMU_HASH, SPAPR_IRQ_XICS), ==, 0);
    g_assert_cmpint(enter(p9, 0, 8, hv(0x99, 0), hr(0x9000), &slot), ==, H_SUCCESS);
    struct vmstate_buf hash = {0};
    g_assert_cmpint(spapr_machine_save(p9, &hash), ==, 0);
    g_assert_cmpint(spapr_machine_load(p9, radix.data, radix.len), ==, 0);
    g_assert_false(spapr_hpt_active(p9));
    g_assert_null(c9.htab_base);
    g_assert_cmpint(spapr_machine_load(p9, hash.data, hash.len), ==, 0);
    g_assert_true(spapr_hpt_active(p9));
    read_hpte(p9, 8, &v, &rr);
    g_assert_cmphex(v, ==, hv(0x99, 0));
    /* A table of another size (a machine with more RAM) is refused. */
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.cpu_model = SPAPR_CPU_POWER9;
    cfg.ram_size = 1ull << 30;
    cfg.nr_vcpus = 2;
    struct test_console cbig;
    struct spapr_machine *big = test_machine_new(&cfg, &cbig);
    g_assert_cmpint(spapr_machine_load(big, hash.data, hash.len), ==, -EINVAL);
    g_assert_false(spapr_hpt_active(big));
    test_machine_free(big, &cbig);

    vmstate_buf_free(&radix);
    vmstate_buf_free(&hash);
    vmstate_buf_free(&saved);
    test_machine_free(p9, &c9);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hpt/sizing", test_sizing);
    g_test_add_func("/hpt/lifecycle/power8", test_lifecycle_power8);
    g_test_add_func("/hpt/lifecycle/power9", test_lifecycle_power9);
    g_test_add_func("/hpt/hypertas", test_hypertas);
    g_test_add_func("/hpt/enter/group", test_enter_group);
    g_test_add_func("/hpt/enter/parameters", test_enter_parameters);
    g_test_add_func("/hpt/enter/zero-page", test_enter_zero_page);
    g_test_add_func("/hpt/remove", test_remove);
    g_test_add_func("/hpt/read", test_read);
    g_test_add_func("/hpt/bulk-remove", test_bulk_remove);
    g_test_add_func("/hpt/protect", test_protect);
    g_test_add_func("/hpt/clear-ref-mod", test_clear_ref_mod);
    g_test_add_func("/hpt/walker", test_walker);
    g_test_add_func("/hpt/concurrent", test_concurrent);
    g_test_add_func("/hpt/save-restore", test_save_restore);
    return g_test_run();
}
