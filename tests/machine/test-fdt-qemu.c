/* tests/machine/test-fdt-qemu.c: our device tree against the one
 * qemu-system-ppc64 -M pseries builds for the same configuration
 * (-M pseries,dumpdtb=FILE: QEMU's initial, pre-CAS tree). For each
 * configuration (CPU model, vCPUs, threads per core, RAM) both trees are
 * walked: every node and property QEMU has must be in ours with the same
 * value, and everything in ours must exist in QEMU's, except the
 * differences listed below, each with its reason. QEMU runs with
 * -nographic -vga none -net none and a spapr-rng, so its tree has the
 * console on the first vty and the platform RNG, like ours.
 * The QEMU binary comes from the environment variable QEMU (set by meson). */
#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "boot.h"
#include "cas.h"
#include "spapr-fdt.h"

/* Nodes QEMU has and we do not (yet). */
static const char *const qemu_only_nodes[] = {
    "/pci@800000020000000",          /* PCI host bridge: not implemented yet */
    "/vdevice/v-scsi@71000002",      /* VIO SCSI: not implemented yet */
    "/ibm,persistent-memory",        /* NVDIMM: not supported */
    "/event-sources/hot-plug-events", /* DR hotplug events: not implemented yet */
};

/* Properties QEMU has and we do not (yet): (node, property); "*" matches
 * every node. */
static const char *const qemu_only_props[][2] = {
    {"*", "ibm,my-drc-index"},         /* dynamic reconfiguration: not yet */
    {"*", "ibm,drc-indexes"},
    {"*", "ibm,drc-names"},
    {"*", "ibm,drc-power-domains"},
    {"*", "ibm,drc-types"},
    {"/", "vm,uuid"},                  /* no UUID in the configuration yet */
    {"/chosen", "rng-seed"},           /* the guest seeds from H_RANDOM instead */
    {"/chosen", "linux,pci-probe-only"}, /* no PCI */
    {"/chosen", "qemu,graphic-depth"},  /* no graphics */
    {"/chosen", "qemu,graphic-height"},
    {"/chosen", "qemu,graphic-width"},
    {"/rtas", "qemu,hypertas-functions"}, /* hcall-memop1 not implemented */
    {"/rtas", "ibm,lrdr-capacity"},     /* dynamic reconfiguration: not yet */
    {"/rtas", "ibm,change-msix-capable"}, /* no PCI MSI yet */
};

/* Properties both have with intentionally different values; each gets its
 * own check in check_differing(). */
static const char *const differing_props[][2] = {
    {"/", "model"},                     /* names the emulator */
    {"/rtas", "rtas-size"},             /* size of our own in-guest RTAS blob */
    {"/rtas", "ibm,hypertas-functions"}, /* only what is implemented: a subset */
    {"/chosen", "ibm,arch-vec-5-platform-support"}, /* XICS only, no XIVE yet */
    {"/event-sources", "interrupt-ranges"}, /* EPOW only, no hotplug source */
};

struct ctx {
    const void *q, *o; /* QEMU's tree, ours */
    int missing_rtas;  /* QEMU RTAS calls we do not implement yet */
    int compared;
    GString *errors;
};

static bool listed_node(const char *path)
{
    for (size_t i = 0; i < G_N_ELEMENTS(qemu_only_nodes); i++)
        if (g_str_has_prefix(path, qemu_only_nodes[i]))
            return true;
    return false;
}

static bool listed_prop(const char *const list[][2], size_t n, const char *path, const char *prop)
{
    for (size_t i = 0; i < n; i++)
        if ((strcmp(list[i][0], "*") == 0 || strcmp(list[i][0], path) == 0) &&
            strcmp(list[i][1], prop) == 0)
            return true;
    return false;
}

/* An RTAS token property: one cell under /rtas. QEMU's numbering is its
 * own; only the name must match. */
static bool rtas_token_prop(const char *path, const char *prop, int len)
{
    return strcmp(path, "/rtas") == 0 && len == 4 && strcmp(prop, "rtas-size") != 0 &&
           strcmp(prop, "rtas-error-log-max") != 0 && strcmp(prop, "rtas-event-scan-rate") != 0;
}

static bool strlist_contains(const char *list, int len, const char *s)
{
    for (int off = 0; off < len; off += (int)strlen(list + off) + 1)
        if (strcmp(list + off, s) == 0)
            return true;
    return false;
}

static void check_differing(struct ctx *c, const char *path, const char *prop, const void *qv,
                            int ql, const void *ov, int ol)
{
    if (strcmp(prop, "model") == 0) {
        if (!g_str_has_prefix(ov, "IBM pSeries (emulated by ") || !g_str_has_prefix(qv, "IBM pSeries"))
            g_string_append_printf(c->errors, "%s: model '%s'\n", path, (const char *)ov);
    } else if (strcmp(prop, "rtas-size") == 0) {
        if (ol != 4 || fdt32_to_cpu(*(const fdt32_t *)ov) == 0)
            g_string_append_printf(c->errors, "/rtas: bad rtas-size\n");
    } else if (strcmp(prop, "ibm,hypertas-functions") == 0) {
        /* Every group we advertise is one QEMU advertises too. */
        const char *s = ov;
        for (int off = 0; off < ol; off += (int)strlen(s + off) + 1)
            if (!strlist_contains(qv, ql, s + off))
                g_string_append_printf(c->errors, "/rtas: hypertas group %s unknown to QEMU\n", s + off);
    } else if (strcmp(prop, "ibm,arch-vec-5-platform-support") == 0) {
        /* Pairs (OV5 byte, bits): MMU and GTSE pairs as QEMU; the XIVE
         * byte says "legacy (XICS) only" where QEMU offers both. */
        const uint8_t *q = qv, *o = ov;
        if (ql != ol)
            g_string_append_printf(c->errors, "/chosen: arch-vec-5-platform-support length\n");
        for (int i = 0; i + 1 < ql && i + 1 < ol; i += 2) {
            if (q[i] != o[i])
                g_string_append_printf(c->errors, "/chosen: ov5 pair %d index\n", i / 2);
            else if (q[i] == OV5_INDEX_XIVE ? o[i + 1] != 0x00 : o[i + 1] != q[i + 1])
                g_string_append_printf(c->errors, "/chosen: ov5 byte 0x%x: 0x%x vs QEMU 0x%x\n", q[i],
                                       o[i + 1], q[i + 1]);
        }
    } else if (strcmp(prop, "interrupt-ranges") == 0) {
        /* Our one range (EPOW) is QEMU's first. */
        if (ol != 8 || ql < 8 || memcmp(qv, ov, 8) != 0)
            g_string_append_printf(c->errors, "/event-sources: interrupt-ranges\n");
    }
}

static void compare_node(struct ctx *c, int qn, const char *path)
{
    if (listed_node(path))
        return;
    int on = fdt_path_offset(c->o, path);
    if (on < 0) {
        g_string_append_printf(c->errors, "missing node %s\n", path);
        return;
    }
    int po;
    /* QEMU's properties in ours. */
    fdt_for_each_property_offset(po, c->q, qn) {
        const char *name;
        int ql, ol;
        const void *qv = fdt_getprop_by_offset(c->q, po, &name, &ql);
        const void *ov = fdt_getprop(c->o, on, name, &ol);
        if (listed_prop(qemu_only_props, G_N_ELEMENTS(qemu_only_props), path, name)) {
            if (ov)
                g_string_append_printf(c->errors, "%s: %s listed as absent but present\n", path, name);
            continue;
        }
        if (!ov) {
            if (rtas_token_prop(path, name, ql)) {
                c->missing_rtas++;
                continue;
            }
            g_string_append_printf(c->errors, "%s: missing property %s\n", path, name);
            continue;
        }
        c->compared++;
        if (listed_prop(differing_props, G_N_ELEMENTS(differing_props), path, name)) {
            check_differing(c, path, name, qv, ql, ov, ol);
            continue;
        }
        if (rtas_token_prop(path, name, ql))
            continue;
        if (ql != ol || memcmp(qv, ov, (size_t)ql) != 0)
            g_string_append_printf(c->errors, "%s: property %s differs (len %d vs QEMU %d)\n", path,
                                   name, ol, ql);
    }
    /* Our properties in QEMU's. */
    fdt_for_each_property_offset(po, c->o, on) {
        const char *name;
        int ol;
        fdt_getprop_by_offset(c->o, po, &name, &ol);
        if (!fdt_getprop(c->q, qn, name, NULL))
            g_string_append_printf(c->errors, "%s: extra property %s (not in QEMU's tree)\n", path, name);
    }
    /* Children. */
    int child;
    fdt_for_each_subnode(child, c->q, qn) {
        char sub[512];
        snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") == 0 ? "" : path,
                 fdt_get_name(c->q, child, NULL));
        compare_node(c, child, sub);
    }
    fdt_for_each_subnode(child, c->o, on) {
        char sub[512];
        snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") == 0 ? "" : path,
                 fdt_get_name(c->o, child, NULL));
        if (fdt_path_offset(c->q, sub) < 0)
            g_string_append_printf(c->errors, "extra node %s (not in QEMU's tree)\n", sub);
    }
}

struct config {
    enum spapr_cpu_model model;
    unsigned vcpus, threads;
    unsigned ram_mib;
};

static void *qemu_dtb(const struct config *cfg, size_t *len)
{
    const char *qemu = g_getenv("QEMU");
    g_assert_nonnull(qemu);
    g_autofree char *dir = g_dir_make_tmp("pseries-fdt-XXXXXX", NULL);
    g_autofree char *dtb = g_build_filename(dir, "q.dtb", NULL);
    g_autofree char *machine = g_strdup_printf("pseries,dumpdtb=%s", dtb);
    g_autofree char *smp = g_strdup_printf("%u,threads=%u", cfg->vcpus, cfg->threads);
    g_autofree char *mem = g_strdup_printf("%uM", cfg->ram_mib);
    const char *argv[] = {qemu, "-M", machine, "-cpu", spapr_cpu_model_name(cfg->model), "-smp", smp,
                          "-m", mem, "-nographic", "-serial", "null", "-monitor", "none",
                          "-vga", "none", "-net", "none",
                          "-object", "rng-random,id=rng0,filename=/dev/urandom",
                          "-device", "spapr-rng,rng=rng0", NULL};
    g_autofree char *out = NULL, *err = NULL;
    int status;
    GError *error = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
    gchar *blob = NULL;
    gsize blen = 0;
    if (!g_file_get_contents(dtb, &blob, &blen, NULL))
        g_error("QEMU wrote no device tree: %s", err);
    g_unlink(dtb);
    g_rmdir(dir);
    *len = blen;
    return blob;
}

static void compare_config(const struct config *cfg)
{
    size_t qlen;
    void *q = qemu_dtb(cfg, &qlen);
    g_assert_cmpint(fdt_check_header(q), ==, 0);

    struct spapr_config mc;
    spapr_config_init(&mc);
    mc.cpu_model = cfg->model;
    mc.nr_vcpus = cfg->vcpus;
    mc.threads_per_core = cfg->threads;
    mc.ram_size = (uint64_t)cfg->ram_mib << 20;
    struct spapr_machine *m;
    g_assert_cmpint(spapr_machine_create(&mc, NULL, &m), ==, 0);
    void *o;
    size_t olen;
    g_assert_cmpint(spapr_fdt_build(m, &o, &olen), ==, 0);
    g_assert_cmpint(fdt_check_header(o), ==, 0);
    g_assert_cmpuint(fdt_totalsize(o), ==, olen);

    struct ctx c = {.q = q, .o = o, .errors = g_string_new(NULL)};
    compare_node(&c, 0, "/");
    g_test_message("%s smp %u threads %u: %d properties compared, %d QEMU RTAS calls not implemented yet",
                   spapr_cpu_model_name(cfg->model), cfg->vcpus, cfg->threads, c.compared, c.missing_rtas);
    if (c.errors->len)
        g_error("%s -smp %u,threads=%u -m %uM: our tree differs from QEMU's:\n%s",
                spapr_cpu_model_name(cfg->model), cfg->vcpus, cfg->threads, cfg->ram_mib,
                c.errors->str);
    /* The comparison did look at the essentials. */
    g_assert_cmpint(c.compared, >, 80);
    g_string_free(c.errors, TRUE);
    free(o);
    g_free(q);
    spapr_machine_destroy(m);
}

static void test_power9(void)
{
    struct config cfg = {SPAPR_CPU_POWER9, 2, 1, 1024};
    compare_config(&cfg);
}

static void test_power8(void)
{
    struct config cfg = {SPAPR_CPU_POWER8, 1, 1, 512};
    compare_config(&cfg);
}

static void test_power7(void)
{
    struct config cfg = {SPAPR_CPU_POWER7, 1, 1, 2048};
    compare_config(&cfg);
}

static void test_power10(void)
{
    struct config cfg = {SPAPR_CPU_POWER10, 4, 1, 768};
    compare_config(&cfg);
}

/* QEMU's TCG pseries refuses more than one thread per core, so SMT is
 * checked against LoPAR alone: one node per core, named and numbered by its
 * first thread, listing its threads in ibm,ppc-interrupt-server#s and
 * (server, 0) pairs in ibm,ppc-interrupt-gserver#s. */
static void test_smt(void)
{
    struct spapr_config mc;
    spapr_config_init(&mc);
    mc.nr_vcpus = 8;
    mc.threads_per_core = 4;
    struct spapr_machine *m;
    g_assert_cmpint(spapr_machine_create(&mc, NULL, &m), ==, 0);
    void *o;
    size_t olen;
    g_assert_cmpint(spapr_fdt_build(m, &o, &olen), ==, 0);
    g_assert_cmpint(fdt_path_offset(o, "/cpus/PowerPC,POWER9@0"), >=, 0);
    g_assert_cmpint(fdt_path_offset(o, "/cpus/PowerPC,POWER9@1"), <, 0);
    int core = fdt_path_offset(o, "/cpus/PowerPC,POWER9@4");
    g_assert_cmpint(core, >=, 0);
    int len;
    const fdt32_t *s = fdt_getprop(o, core, "ibm,ppc-interrupt-server#s", &len);
    g_assert_cmpint(len, ==, 16);
    for (int i = 0; i < 4; i++)
        g_assert_cmpuint(fdt32_to_cpu(s[i]), ==, 4 + i);
    const fdt32_t *g = fdt_getprop(o, core, "ibm,ppc-interrupt-gserver#s", &len);
    g_assert_cmpint(len, ==, 32);
    g_assert_cmpuint(fdt32_to_cpu(g[2]), ==, 5);
    g_assert_cmpuint(fdt32_to_cpu(g[3]), ==, 0);
    g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(o, core, "reg", NULL)), ==, 4);
    /* The XICS presentation layer covers all eight servers. */
    const fdt32_t *r = fdt_getprop(o, fdt_path_offset(o, "/interrupt-controller"),
                                   "ibm,interrupt-server-ranges", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(r[1]), ==, 8);
    free(o);
    spapr_machine_destroy(m);
}

/* After CAS (radix, XICS) the tree carries the negotiated option vector 5
 * where Linux's early_check_vec5 (arch/powerpc/mm/init_64.c) and the XIVE
 * probe (sysdev/xive/spapr.c) read it: byte 0x18 the MMU, 0x17 the
 * interrupt controller, 0x1a radix GTSE. */
static void test_cas_tree(void)
{
    struct spapr_config mc;
    spapr_config_init(&mc);
    struct spapr_machine *m;
    g_assert_cmpint(spapr_machine_create(&mc, NULL, &m), ==, 0);
    void *o;
    size_t olen;
    g_assert_cmpint(spapr_fdt_build_negotiated(m, SPAPR_MMU_RADIX, SPAPR_IRQ_XICS, &o, &olen), ==, 0);
    int chosen = fdt_path_offset(o, "/chosen");
    int len;
    const uint8_t *ov5 = fdt_getprop(o, chosen, "ibm,architecture-vec-5", &len);
    g_assert_nonnull(ov5);
    g_assert_cmpint(len, >, 0x1a);
    g_assert_cmphex(ov5[0x18] & 0xc0, ==, 0x40);
    g_assert_cmphex(ov5[0x17] & 0xc0, ==, 0x00);
    g_assert_cmphex(ov5[0x1a] & 0x40, ==, 0x40);
    free(o);
    g_assert_cmpint(spapr_fdt_build_negotiated(m, SPAPR_MMU_HASH, SPAPR_IRQ_XICS, &o, &olen), ==, 0);
    ov5 = fdt_getprop(o, fdt_path_offset(o, "/chosen"), "ibm,architecture-vec-5", &len);
    g_assert_cmphex(ov5[0x18] & 0xc0, ==, 0x00);
    free(o);
    /* XIVE is not available yet. */
    g_assert_cmpint(spapr_fdt_build_negotiated(m, SPAPR_MMU_RADIX, SPAPR_IRQ_XIVE, &o, &olen), <, 0);
    spapr_machine_destroy(m);
    /* Radix on POWER8 is refused. */
    mc.cpu_model = SPAPR_CPU_POWER8;
    g_assert_cmpint(spapr_machine_create(&mc, NULL, &m), ==, 0);
    g_assert_cmpint(spapr_cas_apply(m, SPAPR_MMU_RADIX, SPAPR_IRQ_XICS), <, 0);
    spapr_machine_destroy(m);
}

/* With Debian's kernel and initrd (tools/guest-image), the boot properties
 * of /chosen must be QEMU's: where the kernel went and its size
 * (qemu,boot-kernel), its byte order (qemu,boot-kernel-le), where the initrd
 * went (linux,initrd-start/end), the command line. */
static void test_boot_chosen(void)
{
    g_autofree char *out = NULL;
    g_autofree char *tool = g_build_filename(SOURCE_ROOT, "tools", "guest-image", NULL);
    const char *argv_gi[] = {tool, "--print-dir", NULL};
    if (!g_spawn_sync(NULL, (char **)argv_gi, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      NULL, NULL)) {
        g_test_skip("tools/guest-image not runnable");
        return;
    }
    g_strstrip(out);
    g_autofree char *kernel = g_build_filename(out, "vmlinux", NULL);
    g_autofree char *initrd = g_build_filename(out, "initramfs.cpio.gz", NULL);
    if (!g_file_test(kernel, G_FILE_TEST_EXISTS) || !g_file_test(initrd, G_FILE_TEST_EXISTS)) {
        g_test_skip("no test guest (run tools/guest-image)");
        return;
    }
    const char *cmdline = "console=hvc0 quiet";
    g_autofree char *dir = g_dir_make_tmp("pseries-fdt-XXXXXX", NULL);
    g_autofree char *dtb = g_build_filename(dir, "k.dtb", NULL);
    g_autofree char *machine = g_strdup_printf("pseries,x-vof=on,dumpdtb=%s", dtb);
    const char *argv_q[] = {g_getenv("QEMU"), "-M", machine, "-cpu", "POWER9", "-m", "1G", "-nographic",
                            "-serial", "null", "-monitor", "none", "-kernel", kernel, "-initrd", initrd,
                            "-append", cmdline, NULL};
    g_assert_true(g_spawn_sync(NULL, (char **)argv_q, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, NULL, NULL));
    gchar *q;
    gsize qlen;
    g_assert_true(g_file_get_contents(dtb, &q, &qlen, NULL));
    g_unlink(dtb);
    g_rmdir(dir);

    struct spapr_config mc;
    spapr_config_init(&mc);
    mc.ram_size = 1ull << 30;
    mc.kernel = kernel;
    mc.initrd = initrd;
    mc.cmdline = cmdline;
    struct spapr_machine *m;
    g_assert_cmpint(spapr_machine_create(&mc, NULL, &m), ==, 0);
    static const uint8_t stub[16];
    struct spapr_boot_state bs;
    g_assert_cmpint(spapr_boot_prepare_vof(m, stub, sizeof(stub), 0, stub, sizeof(stub), &bs), ==, 0);
    void *o;
    size_t olen;
    g_assert_cmpint(spapr_fdt_build(m, &o, &olen), ==, 0);
    int qc = fdt_path_offset(q, "/chosen"), oc = fdt_path_offset(o, "/chosen");
    static const char *const props[] = {"qemu,boot-kernel", "qemu,boot-kernel-le", "linux,initrd-start",
                                        "linux,initrd-end", "bootargs"};
    for (size_t i = 0; i < G_N_ELEMENTS(props); i++) {
        int ql, ol;
        const void *qv = fdt_getprop(q, qc, props[i], &ql);
        const void *ov = fdt_getprop(o, oc, props[i], &ol);
        if (!qv || !ov || ql != ol || memcmp(qv, ov, (size_t)ql))
            g_error("/chosen %s differs from QEMU's (len %d vs %d)", props[i], ol, ql);
    }
    /* vCPU 0 enters the kernel with the initrd in r3/r4 (prom_init). */
    g_assert_cmphex(bs.gpr3, ==, fdt32_ld(fdt_getprop(q, qc, "linux,initrd-start", NULL)));
    free(o);
    g_free(q);
    spapr_machine_destroy(m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fdt/qemu/power9-smp2", test_power9);
    g_test_add_func("/fdt/qemu/power8", test_power8);
    g_test_add_func("/fdt/qemu/power7", test_power7);
    g_test_add_func("/fdt/qemu/power10-smp4", test_power10);
    g_test_add_func("/fdt/smt", test_smt);
    g_test_add_func("/fdt/cas", test_cas_tree);
    g_test_add_func("/fdt/qemu/boot-chosen", test_boot_chosen);
    return g_test_run();
}
