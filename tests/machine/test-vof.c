/* tests/machine/test-vof.c: the Open Firmware client interface as Linux's
 * prom_init.c uses it (IEEE 1275 client interface: an array of 32-bit
 * big-endian cells {service, nargs, nret, args..., rets...}; -1 is the
 * error value; handles 0 and -1 are invalid, as PHANDLE_VALID/IHANDLE_VALID
 * say). The calls are made through the KVMPPC_H_VOF_CLIENT hypercall like
 * the in-guest stub will. Checks: the console path prom_init_stdout takes
 * (/chosen "stdout" ihandle -> instance-to-package -> package-to-path ->
 * write), property access incl. the synthesized "name", a full child/peer
 * walk that reaches every node of the tree exactly once (what
 * flatten_device_tree does), nextprop enumeration, setprop, claim/release,
 * CAS through call-method with a tree rebuilt around the OS's own
 * properties, instantiate-rtas, and refusal of bad handles and pointers. */
#include <libfdt.h>
#include <stdio.h>

#include "cas.h"
#include "helpers.h"
#include "vof.h"

#define ARGS 0x90000u
#define STR 0x91000u
#define BUF 0x92000u

struct ci {
    struct spapr_machine *m;
    uint32_t next_str;
};

/* Put a string in guest memory and return its address. */
static uint32_t gstr(struct ci *c, const char *s)
{
    uint32_t at = STR + c->next_str;
    size_t n = strlen(s) + 1;
    guest_ram_write(&c->m->ram, at, s, n);
    c->next_str = (c->next_str + (uint32_t)n + 7) & ~7u;
    if (c->next_str > 0xf00)
        c->next_str = 0;
    return at;
}

/* Call a service; returns the hypercall status, fills rets. */
static long call(struct ci *c, const char *svc, uint32_t nargs, const uint32_t *args, uint32_t nret,
                 uint32_t *rets)
{
    struct spapr_machine *m = c->m;
    guest_ram_st32_be(&m->ram, ARGS, gstr(c, svc));
    guest_ram_st32_be(&m->ram, ARGS + 4, nargs);
    guest_ram_st32_be(&m->ram, ARGS + 8, nret);
    for (uint32_t i = 0; i < nargs; i++)
        guest_ram_st32_be(&m->ram, ARGS + 12 + 4 * i, args[i]);
    long st = test_hcall(m, 0, KVMPPC_H_VOF_CLIENT, NULL, 1, (uint64_t)ARGS);
    for (uint32_t i = 0; i < nret; i++)
        guest_ram_ld32_be(&m->ram, ARGS + 12 + 4 * (nargs + i), &rets[i]);
    return st;
}

static uint32_t call1(struct ci *c, const char *svc, uint32_t nargs, const uint32_t *args)
{
    uint32_t r = 0xdeadbeef;
    g_assert_cmpint(call(c, svc, nargs, args, 1, &r), ==, H_SUCCESS);
    return r;
}

static uint32_t finddevice(struct ci *c, const char *path)
{
    uint32_t a[1] = {gstr(c, path)};
    return call1(c, "finddevice", 1, a);
}

static const uint8_t rtas_blob[20] = {0x7c, 0x64, 0x1b, 0x78, 0x3c, 0x60, 0x00, 0x00, 0x60, 0x63,
                                      0xf0, 0x00, 0x44, 0x00, 0x00, 0x22, 0x4e, 0x80, 0x00, 0x20};

static struct spapr_machine *vof_machine(struct test_console *con, struct ci *c)
{
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 512ull << 20;
    cfg.nr_vcpus = 2;
    cfg.cmdline = "console=hvc0";
    struct spapr_machine *m = test_machine_new(&cfg, con);
    g_assert_cmpint(spapr_vof_init(m, rtas_blob, sizeof(rtas_blob)), ==, 0);
    c->m = m;
    c->next_str = 0;
    return m;
}

static void test_console_path(void)
{
    struct test_console con;
    struct ci c;
    struct spapr_machine *m = vof_machine(&con, &c);
    uint32_t chosen = finddevice(&c, "/chosen");
    g_assert_cmphex(chosen, !=, 0);
    g_assert_cmphex(chosen, !=, 0xffffffff);
    /* prom_init_stdout: getprop(chosen, "stdout") is an ihandle. */
    uint32_t a[4] = {chosen, gstr(&c, "stdout"), BUF, 4};
    g_assert_cmpuint(call1(&c, "getprop", 4, a), ==, 4);
    uint32_t ih;
    guest_ram_ld32_be(&m->ram, BUF, &ih);
    uint32_t pkg = call1(&c, "instance-to-package", 1, &ih);
    uint32_t p2p[3] = {pkg, BUF, 255};
    uint32_t len = call1(&c, "package-to-path", 3, p2p);
    char path[256];
    guest_ram_read_string(&m->ram, BUF, path, sizeof(path));
    g_assert_cmpstr(path, ==, "/vdevice/vty@71000000");
    g_assert_cmpuint(len, ==, strlen(path));
    uint32_t i2p[3] = {ih, BUF, 255};
    g_assert_cmpuint(call1(&c, "instance-to-path", 3, i2p), ==, len);
    /* A short buffer: the full length comes back, only what fits is written. */
    guest_ram_fill(&m->ram, BUF, 0xee, 16);
    uint32_t shortb[3] = {pkg, BUF, 4};
    g_assert_cmpuint(call1(&c, "package-to-path", 3, shortb), ==, len);
    uint8_t raw[5];
    guest_ram_read(&m->ram, BUF, raw, 5);
    g_assert_cmpint(memcmp(raw, "/vde", 4), ==, 0);
    g_assert_cmphex(raw[4], ==, 0xee);
    /* prom_print: write(stdout, buf, len). */
    guest_ram_write(&m->ram, BUF, "Booting Linux via __start()\n", 28);
    uint32_t w[3] = {ih, BUF, 28};
    g_assert_cmpuint(call1(&c, "write", 3, w), ==, 28);
    g_assert_cmpint(con.out->len, ==, 28);
    g_assert_cmpint(memcmp(con.out->data, "Booting Linux", 13), ==, 0);
    /* read takes queued console input. */
    spapr_vty_input(m, m->vty, (const uint8_t *)"yz", 2);
    uint32_t rd[3] = {ih, BUF, 8};
    g_assert_cmpuint(call1(&c, "read", 3, rd), ==, 2);
    /* Writing to a non-console instance or from outside RAM fails. */
    uint32_t rtas_ih = call1(&c, "open", 1, (uint32_t[]){gstr(&c, "/rtas")});
    g_assert_cmphex(rtas_ih, !=, 0);
    uint32_t w2[3] = {rtas_ih, BUF, 4};
    g_assert_cmphex(call1(&c, "write", 3, w2), ==, 0xffffffff);
    uint32_t w3[3] = {ih, (uint32_t)m->ram.size - 2, 4};
    g_assert_cmphex(call1(&c, "write", 3, w3), ==, 0xffffffff);
    test_machine_free(m, &con);
}

/* Walk with child/peer from peer(0), as flatten_device_tree does, and check
 * every node of the live tree is reached once, with package-to-path giving
 * its path. */
static int walk(struct ci *c, uint32_t node, const void *fdt, GHashTable *seen)
{
    int count = 0;
    while (node) {
        g_assert_cmphex(node, !=, 0xffffffff);
        uint32_t p2p[3] = {node, BUF, 511};
        g_assert_cmpint((int32_t)call1(c, "package-to-path", 3, p2p), >, 0);
        char path[512];
        guest_ram_read_string(&c->m->ram, BUF, path, sizeof(path));
        g_assert_cmpint(fdt_path_offset(fdt, path), >=, 0);
        g_assert_false(g_hash_table_contains(seen, path));
        g_hash_table_add(seen, g_strdup(path));
        count++;
        uint32_t child = call1(c, "child", 1, &node);
        if (child) {
            g_assert_cmphex(call1(c, "parent", 1, &child), ==, node);
            count += walk(c, child, fdt, seen);
        }
        node = call1(c, "peer", 1, &node);
    }
    return count;
}

static void test_tree_walk(void)
{
    struct test_console con;
    struct ci c;
    struct spapr_machine *m = vof_machine(&con, &c);
    const void *fdt = spapr_vof_fdt(m);
    int nodes = 0;
    for (int off = 0; off >= 0; off = fdt_next_node(fdt, off, NULL))
        nodes++;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    uint32_t zero = 0;
    uint32_t root = call1(&c, "peer", 1, &zero);
    g_assert_cmphex(root, ==, finddevice(&c, "/"));
    g_assert_cmpint(walk(&c, root, fdt, seen), ==, nodes);
    g_assert_cmpuint(call1(&c, "parent", 1, &root), ==, 0);
    g_hash_table_destroy(seen);

    /* nextprop from "" lists the node's properties in order, then 0. */
    uint32_t cpu = finddevice(&c, "/cpus/PowerPC,POWER9@0");
    int off = fdt_path_offset(fdt, "/cpus/PowerPC,POWER9@0");
    int prop, n = 0;
    uint32_t prev = gstr(&c, "");
    fdt_for_each_property_offset(prop, fdt, off) {
        const char *name;
        fdt_getprop_by_offset(fdt, prop, &name, NULL);
        uint32_t a[3] = {cpu, prev, BUF};
        g_assert_cmpuint(call1(&c, "nextprop", 3, a), ==, 1);
        char got[64];
        guest_ram_read_string(&m->ram, BUF, got, sizeof(got));
        g_assert_cmpstr(got, ==, name);
        prev = gstr(&c, got);
        n++;
    }
    uint32_t last[3] = {cpu, prev, BUF};
    g_assert_cmpuint(call1(&c, "nextprop", 3, last), ==, 0);
    uint32_t bogus[3] = {cpu, gstr(&c, "no-such-property"), BUF};
    g_assert_cmphex(call1(&c, "nextprop", 3, bogus), ==, 0xffffffff);
    g_assert_cmpint(n, >, 20);

    /* getprop / getproplen, and the 1275 "name" (no unit address). */
    uint32_t gl[2] = {cpu, gstr(&c, "cpu-version")};
    g_assert_cmpuint(call1(&c, "getproplen", 2, gl), ==, 4);
    uint32_t gp[4] = {cpu, gstr(&c, "cpu-version"), BUF, 4};
    g_assert_cmpuint(call1(&c, "getprop", 4, gp), ==, 4);
    uint32_t pvr;
    guest_ram_ld32_be(&m->ram, BUF, &pvr);
    g_assert_cmphex(pvr, ==, 0x004e1200);
    uint32_t nm[4] = {cpu, gstr(&c, "name"), BUF, 64};
    g_assert_cmpuint(call1(&c, "getprop", 4, nm), ==, sizeof("PowerPC,POWER9"));
    char name[64];
    guest_ram_read_string(&m->ram, BUF, name, sizeof(name));
    g_assert_cmpstr(name, ==, "PowerPC,POWER9");
    uint32_t chosen = finddevice(&c, "/chosen");
    uint32_t ba[4] = {chosen, gstr(&c, "bootargs"), BUF, 64};
    g_assert_cmpuint(call1(&c, "getprop", 4, ba), ==, sizeof("console=hvc0"));
    /* Missing property, node, bad handles, buffer outside RAM. */
    uint32_t miss[2] = {cpu, gstr(&c, "nope")};
    g_assert_cmphex(call1(&c, "getproplen", 2, miss), ==, 0xffffffff);
    g_assert_cmphex(finddevice(&c, "/no/such/node"), ==, 0xffffffff);
    uint32_t badph[2] = {0x7777777, gstr(&c, "reg")};
    g_assert_cmphex(call1(&c, "getproplen", 2, badph), ==, 0xffffffff);
    uint32_t badbuf[4] = {cpu, gstr(&c, "cpu-version"), 0xfffffffe, 4};
    g_assert_cmphex(call1(&c, "getprop", 4, badbuf), ==, 0xffffffff);
    uint32_t none = 0xffffffff;
    g_assert_cmpuint(call1(&c, "child", 1, &none), ==, 0);
    test_machine_free(m, &con);
}

/* /memory@0 "available" as (address, size) pairs of 64-bit cells. */
static int available(struct spapr_machine *m, uint64_t *out, int max)
{
    const void *fdt = spapr_vof_fdt(m);
    int len;
    const fdt64_t *p = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "available", &len);
    g_assert_nonnull(p);
    int n = len / 8;
    g_assert_cmpint(n, <=, max);
    for (int i = 0; i < n; i++)
        out[i] = fdt64_ld(&p[i]);
    return n / 2;
}

static void test_claim_setprop(void)
{
    struct test_console con;
    struct ci c;
    struct spapr_machine *m = vof_machine(&con, &c);
    uint64_t av[16];
    /* At start only the low vectors are taken (no kernel here). */
    g_assert_cmpint(available(m, av, 16), ==, 1);
    g_assert_cmphex(av[0], ==, 0x4000);
    g_assert_cmphex(av[0] + av[1], ==, m->ram.size);
    /* Exact claims: free memory yes, twice no, outside RAM no. */
    uint32_t a1[3] = {0x1000000, 0x10000, 0};
    g_assert_cmphex(call1(&c, "claim", 3, a1), ==, 0x1000000);
    g_assert_cmphex(call1(&c, "claim", 3, a1), ==, 0xffffffff);
    /* "available" now has a hole there. */
    g_assert_cmpint(available(m, av, 16), ==, 2);
    g_assert_cmphex(av[0] + av[1], ==, 0x1000000);
    g_assert_cmphex(av[2], ==, 0x1010000);
    g_assert_cmphex(av[2] + av[3], ==, m->ram.size);
    uint32_t a2[3] = {0x1008000, 0x10000, 0};
    g_assert_cmphex(call1(&c, "claim", 3, a2), ==, 0xffffffff);
    uint32_t a3[3] = {(uint32_t)m->ram.size - 0x1000, 0x2000, 0};
    g_assert_cmphex(call1(&c, "claim", 3, a3), ==, 0xffffffff);
    /* Low memory is taken at start (vectors). */
    uint32_t a4[3] = {0x100, 0x100, 0};
    g_assert_cmphex(call1(&c, "claim", 3, a4), ==, 0xffffffff);
    /* Aligned claims: aligned, not overlapping anything claimed. */
    uint32_t al[3] = {0, 0x100000, 0x100000};
    uint32_t got1 = call1(&c, "claim", 3, al);
    uint32_t got2 = call1(&c, "claim", 3, al);
    g_assert_cmphex(got1 & 0xfffff, ==, 0);
    g_assert_cmphex(got2 & 0xfffff, ==, 0);
    g_assert_cmphex(got1, !=, got2);
    g_assert_true(got1 + 0x100000 <= 0x1000000 || got1 >= 0x1010000);
    uint32_t odd[3] = {0, 0x1000, 3};
    g_assert_cmphex(call1(&c, "claim", 3, odd), ==, 0xffffffff);
    /* Release makes it claimable again. */
    uint32_t rel[2] = {0x1000000, 0x10000};
    uint32_t dummy;
    g_assert_cmpint(call(&c, "release", 2, rel, 0, &dummy), ==, H_SUCCESS);
    /* Only the vectors and the two aligned claims remain taken. */
    int nav = available(m, av, 16);
    uint64_t free_bytes = 0;
    for (int i = 0; i < nav; i++) {
        free_bytes += av[2 * i + 1];
        g_assert_true(av[2 * i] + av[2 * i + 1] <= got1 || av[2 * i] >= got1 + 0x100000);
        g_assert_true(av[2 * i] + av[2 * i + 1] <= got2 || av[2 * i] >= got2 + 0x100000);
    }
    g_assert_cmphex(free_bytes, ==, m->ram.size - 0x4000 - 2 * 0x100000);
    g_assert_cmphex(call1(&c, "claim", 3, a1), ==, 0x1000000);

    /* setprop, then getprop sees it; big values grow the tree. */
    uint32_t chosen = finddevice(&c, "/chosen");
    guest_ram_write(&m->ram, BUF, "/vdevice/vty@71000000", 22);
    uint32_t sp[4] = {chosen, gstr(&c, "linux,stdout-path-test"), BUF, 22};
    g_assert_cmpuint(call1(&c, "setprop", 4, sp), ==, 22);
    uint32_t big_len = 200000;
    guest_ram_fill(&m->ram, 0x2000000, 0x5a, big_len);
    uint32_t sp2[4] = {chosen, gstr(&c, "big"), 0x2000000, big_len};
    g_assert_cmpuint(call1(&c, "setprop", 4, sp2), ==, big_len);
    uint32_t gl[2] = {chosen, gstr(&c, "big")};
    g_assert_cmpuint(call1(&c, "getproplen", 2, gl), ==, big_len);
    /* The tree cannot be grown without bound by the OS: 1 MiB properties
     * under new names stop being accepted after a few. */
    int accepted = 0;
    for (int i = 0; i < 8; i++) {
        char pname[16];
        snprintf(pname, sizeof(pname), "huge%d", i);
        uint32_t hp[4] = {chosen, gstr(&c, pname), 0x2000000, 0x100000};
        accepted += call1(&c, "setprop", 4, hp) == 0x100000;
    }
    g_assert_cmpint(accepted, >=, 1);
    g_assert_cmpint(accepted, <, 4);
    uint32_t sp3[4] = {chosen, gstr(&c, "x"), (uint32_t)m->ram.size - 4, 16};
    g_assert_cmphex(call1(&c, "setprop", 4, sp3), ==, 0xffffffff);
    test_machine_free(m, &con);
}

static void test_cas_and_rtas(void)
{
    struct test_console con;
    struct ci c;
    struct spapr_machine *m = vof_machine(&con, &c);
    uint32_t chosen = finddevice(&c, "/chosen");
    uint32_t cpus = finddevice(&c, "/cpus");
    /* The OS marks something before CAS (prom_init sets linux,* props). */
    guest_ram_write(&m->ram, BUF, "mine", 5);
    uint32_t sp[4] = {chosen, gstr(&c, "linux,test-before-cas"), BUF, 5};
    g_assert_cmpuint(call1(&c, "setprop", 4, sp), ==, 5);

    /* A Linux-shaped CAS vector asking for radix and XICS (see test-cas.c
     * for its layout). */
    uint64_t p = 0xa0000;
    static const uint32_t pvrs[3][2] = {{0xffff0000, 0x004e0000}, {0xffffffff, 0x0f000005},
                                        {0xfffffffe, 0x0f000001}};
    for (int i = 0; i < 3; i++, p += 8) {
        guest_ram_st32_be(&m->ram, p, pvrs[i][0]);
        guest_ram_st32_be(&m->ram, p + 4, pvrs[i][1]);
    }
    static const unsigned sizes[5] = {3, 33, 2, 2, 26};
    guest_ram_st8(&m->ram, p++, 4);
    for (int v = 0; v < 5; v++) {
        guest_ram_st8(&m->ram, p++, (uint8_t)(sizes[v] - 1));
        guest_ram_fill(&m->ram, p, 0, sizes[v]);
        if (v == 4)
            guest_ram_st8(&m->ram, p + 23, 0x40);
        p += sizes[v];
    }
    uint32_t root_ih = call1(&c, "open", 1, (uint32_t[]){gstr(&c, "/")});
    uint32_t cm[3] = {gstr(&c, "ibm,client-architecture-support"), root_ih, 0xa0000};
    uint32_t rets[2];
    g_assert_cmpint(call(&c, "call-method", 3, cm, 2, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[0], ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    /* Handles survive the rebuild; the tree now carries the result. */
    g_assert_cmphex(finddevice(&c, "/chosen"), ==, chosen);
    g_assert_cmphex(finddevice(&c, "/cpus"), ==, cpus);
    uint32_t gp[4] = {chosen, gstr(&c, "ibm,architecture-vec-5"), BUF, 64};
    uint32_t len = call1(&c, "getprop", 4, gp);
    g_assert_cmpuint(len, >, 0x18);
    uint8_t mmu;
    guest_ram_ld8(&m->ram, BUF + 0x18, &mmu);
    g_assert_cmphex(mmu & 0xc0, ==, 0x40);
    uint32_t mine[2] = {chosen, gstr(&c, "linux,test-before-cas")};
    g_assert_cmpuint(call1(&c, "getproplen", 2, mine), ==, 5);
    uint32_t so[2] = {chosen, gstr(&c, "stdout")};
    g_assert_cmpuint(call1(&c, "getproplen", 2, so), ==, 4);

    /* prom_instantiate_rtas: call-method("instantiate-rtas", rtas, base). */
    uint32_t rtas_ih = call1(&c, "open", 1, (uint32_t[]){gstr(&c, "/rtas")});
    uint32_t ir[3] = {gstr(&c, "instantiate-rtas"), rtas_ih, 0x3000000};
    g_assert_cmpint(call(&c, "call-method", 3, ir, 2, rets), ==, H_SUCCESS);
    g_assert_cmpuint(rets[0], ==, 0);
    g_assert_cmphex(rets[1], ==, 0x3000000);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x3000000, 20), rtas_blob, 20), ==, 0);
    /* Unknown methods and instances: catch-result -1. */
    uint32_t um[3] = {gstr(&c, "frobnicate"), rtas_ih, 0};
    g_assert_cmpint(call(&c, "call-method", 3, um, 2, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, 0xffffffff);
    uint32_t bi[3] = {gstr(&c, "instantiate-rtas"), 0x1234, 0x3000000};
    g_assert_cmpint(call(&c, "call-method", 3, bi, 2, rets), ==, H_SUCCESS);
    g_assert_cmphex(rets[0], ==, 0xffffffff);
    test_machine_free(m, &con);
}

static void test_bad_calls(void)
{
    struct test_console con;
    struct ci c;
    struct spapr_machine *m = vof_machine(&con, &c);
    uint32_t r;
    /* Unknown service: -1 from the interface itself. */
    g_assert_cmpint(call(&c, "boot", 0, NULL, 1, &r), ==, -1);
    /* Argument array outside RAM, service name outside RAM. */
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_VOF_CLIENT, NULL, 1, m->ram.size - 4), ==, -1);
    guest_ram_st32_be(&m->ram, ARGS, 0xfffffff0);
    guest_ram_st32_be(&m->ram, ARGS + 4, 0);
    guest_ram_st32_be(&m->ram, ARGS + 8, 0);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_VOF_CLIENT, NULL, 1, (uint64_t)ARGS), ==, -1);
    /* Too many cells. */
    guest_ram_st32_be(&m->ram, ARGS, gstr(&c, "milliseconds"));
    guest_ram_st32_be(&m->ram, ARGS + 4, 100);
    g_assert_cmpint(test_hcall(m, 0, KVMPPC_H_VOF_CLIENT, NULL, 1, (uint64_t)ARGS), ==, -1);
    /* Too few arguments for the service: -1 in the return cell. */
    g_assert_cmpint(call(&c, "getprop", 1, (uint32_t[]){1}, 1, &r), ==, H_SUCCESS);
    g_assert_cmphex(r, ==, 0xffffffff);
    /* milliseconds goes forward. */
    uint32_t t0 = call1(&c, "milliseconds", 0, NULL);
    g_usleep(20000);
    g_assert_cmpuint(call1(&c, "milliseconds", 0, NULL), >=, t0 + 15);
    /* close makes the ihandle invalid. */
    uint32_t ih = call1(&c, "open", 1, (uint32_t[]){gstr(&c, "/rtas")});
    g_assert_cmpint(call(&c, "close", 1, &ih, 0, &r), ==, H_SUCCESS);
    g_assert_cmphex(call1(&c, "instance-to-package", 1, &ih), ==, 0xffffffff);
    g_assert_cmpuint(call1(&c, "open", 1, (uint32_t[]){gstr(&c, "/nowhere")}), ==, 0);
    /* exit asks the machine to stop. */
    g_assert_cmpint(call(&c, "exit", 0, NULL, 0, &r), ==, H_SUCCESS);
    g_assert_cmpint(spapr_machine_exit_requested(m), ==, SPAPR_EXIT_POWER_OFF);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vof/console-path", test_console_path);
    g_test_add_func("/vof/tree-walk", test_tree_walk);
    g_test_add_func("/vof/claim-setprop", test_claim_setprop);
    g_test_add_func("/vof/cas-and-rtas", test_cas_and_rtas);
    g_test_add_func("/vof/bad-calls", test_bad_calls);
    return g_test_run();
}
