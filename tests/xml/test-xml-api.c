/* test-xml-api.c: the xml-schema/ API the worker and the daemon use.
 *
 * Part of tests/xml/ (meson suite 'unit').  Checks the accessors and the
 * model after parsing the shipped examples (values as written in the
 * XML), the defaults libvirt would show (implicit controllers, console,
 * addresses from libvirt's pSeries address plan), RFC 4122 version-4 UUIDs
 * (layout checked with util-linux `uuidparse` when it is installed),
 * libvirt's unit table, the name rules, and pseries_domain_def_validate()
 * on definitions changed after parsing.
 *
 *   test-xml-api EXAMPLES-DIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "pseries-domain.h"

static int failures;

#define CHECK(cond, ...)                                \
    do {                                                \
        if (!(cond)) {                                  \
            failures++;                                 \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

static struct pseries_domain_def *parse_example(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    struct pseries_xml_error err = {0};
    struct pseries_domain_def *def = NULL;
    if (pseries_domain_def_parse_file(path, &def, &err) < 0) {
        printf("FAIL %s: %s\n", path, err.message);
        failures++;
        pseries_xml_error_clear(&err);
        return NULL;
    }
    return def;
}

static struct pseries_domain_def *parse_str(const char *xml)
{
    struct pseries_xml_error err = {0};
    struct pseries_domain_def *def = NULL;
    if (pseries_domain_def_parse_memory(xml, strlen(xml), "inline.xml", &def, &err) < 0) {
        printf("FAIL inline document refused: %s\n", err.message);
        failures++;
        pseries_xml_error_clear(&err);
    }
    return def;
}

static void test_units(void)
{
    /* libvirt's scaled-integer units (formatdomain: "Memory Allocation"). */
    static const struct { const char *unit; unsigned long long bytes; } ok[] = {
        {NULL, 1024}, {"", 1024}, {"b", 1}, {"bytes", 1}, {"BYTE", 1},
        {"k", 1024}, {"KiB", 1024}, {"KB", 1000}, {"kb", 1000},
        {"M", 1ULL << 20}, {"MiB", 1ULL << 20}, {"MB", 1000000},
        {"G", 1ULL << 30}, {"GiB", 1ULL << 30}, {"GB", 1000000000},
        {"T", 1ULL << 40}, {"TB", 1000000000000ULL}, {"P", 1ULL << 50}, {"PB", 1000000000000000ULL},
        {"E", 1ULL << 60}, {"EB", 1000000000000000000ULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        unsigned long long b = 0;
        int r = pseries_scale_to_bytes(1, ok[i].unit, 1024, &b);
        CHECK(r == 0 && b == ok[i].bytes, "unit '%s': r=%d bytes=%llu", ok[i].unit, r, b);
    }
    static const char *const bad[] = {"Ki", "KiBB", "x", "iB", "kibytes", "Z", "KBB"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        unsigned long long b = 0;
        CHECK(pseries_scale_to_bytes(1, bad[i], 1024, &b) == -EINVAL, "unit '%s' accepted", bad[i]);
    }
    unsigned long long b = 0;
    CHECK(pseries_scale_to_bytes(16, "EiB", 1024, &b) == -ERANGE, "16 EiB does not overflow");
    CHECK(pseries_scale_to_bytes(15, "EiB", 1024, &b) == 0 && b == 15ULL << 60, "15 EiB");
}

static void test_uuid(void)
{
    uint8_t u[16], v[16];
    char s[37];
    CHECK(pseries_uuid_parse("1ccfd97d-5eb4-478a-bbe6-88d254c16db7", u) == 0, "dashed");
    CHECK(pseries_uuid_parse("1CCFD97D5EB4478ABBE688D254C16DB7", v) == 0, "undashed");
    CHECK(memcmp(u, v, 16) == 0, "same uuid");
    pseries_uuid_format(v, s);
    CHECK(strcmp(s, "1ccfd97d-5eb4-478a-bbe6-88d254c16db7") == 0, "format: %s", s);
    static const char *const bad[] = {"", "1ccfd97d-5eb4-478a-bbe6-88d254c16db", "1ccfd97d+5eb4-478a-bbe6-88d254c16db7",
                                      "gccfd97d-5eb4-478a-bbe6-88d254c16db7", "1ccfd97d5eb4478abbe688d254c16db"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
        CHECK(pseries_uuid_parse(bad[i], u) < 0, "uuid '%s' accepted", bad[i]);

    /* Generated UUIDs: version 4, RFC 4122 variant, all different. */
    uint8_t seen[64][16];
    for (int i = 0; i < 64; i++) {
        CHECK(pseries_uuid_generate(seen[i]) == 0, "generate");
        CHECK((seen[i][6] >> 4) == 4, "version nibble %x", seen[i][6] >> 4);
        CHECK((seen[i][8] & 0xc0) == 0x80, "variant bits %02x", seen[i][8]);
        for (int j = 0; j < i; j++)
            CHECK(memcmp(seen[i], seen[j], 16) != 0, "duplicate uuid");
    }
    /* An independent decoder of the layout, when available. */
    gchar *path = g_find_program_in_path("uuidparse");
    if (path) {
        pseries_uuid_format(seen[0], s);
        const char *argv[] = {path, "-n", "-o", "VARIANT,TYPE", s, NULL};
        g_autofree char *out = NULL;
        int status = 0;
        g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL);
        CHECK(out && strstr(out, "DCE") && strstr(out, "random"), "uuidparse says: %s", out);
        g_free(path);
    }
}

static void test_names(void)
{
    static const char *const good[] = {"a", "guest-1", "with space", "ünïcødé", ".hidden", "a.b_c"};
    static const char *const bad[] = {"", "a/b", "/", ".", "..", "tab\there", "nl\n", "\x7f"};
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
        CHECK(pseries_domain_name_validate(good[i], NULL) == 0, "name '%s' refused", good[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        const char *why = NULL;
        CHECK(pseries_domain_name_validate(bad[i], &why) == -EINVAL && why,
              "name '%s' accepted", bad[i]);
    }
    g_autofree char *max = g_strnfill(PSERIES_NAME_MAX, 'x');
    g_autofree char *over = g_strnfill(PSERIES_NAME_MAX + 1, 'x');
    CHECK(pseries_domain_name_validate(max, NULL) == 0, "max name");
    CHECK(pseries_domain_name_validate(over, NULL) == -EINVAL, "over-long name");
    CHECK(pseries_domain_name_validate("\xff\xfe", NULL) == -EINVAL, "invalid UTF-8");
}

static void test_examples(const char *dir)
{
    g_autoptr(PseriesDomainDef) m = parse_example(dir, "minimal-kernel.xml");
    if (m) {
        CHECK(strcmp(m->name, "minimal") == 0, "name");
        CHECK(pseries_domain_def_get_memory_bytes(m) == 512ULL << 20, "memory");
        CHECK(pseries_domain_def_get_initial_memory_bytes(m) == 512ULL << 20, "initial");
        CHECK(pseries_domain_def_get_max_memory_bytes(m) == 512ULL << 20, "max = memory");
        CHECK(pseries_domain_def_get_vcpus(m) == 1 && pseries_domain_def_get_current_vcpus(m) == 1,
              "vcpus");
        CHECK(pseries_domain_def_get_threads_per_core(m) == 1, "threads");
        CHECK(pseries_domain_def_get_cpu_model(m) == PSERIES_CPU_MODEL_DEFAULT, "cpu model");
        CHECK(g_strcmp0(pseries_domain_def_get_kernel(m), "/var/lib/pseriesd/images/vmlinux") == 0,
              "kernel");
        CHECK(g_strcmp0(pseries_domain_def_get_initrd(m), "/var/lib/pseriesd/images/initrd.gz") == 0,
              "initrd");
        CHECK(g_strcmp0(pseries_domain_def_get_cmdline(m), "console=hvc0 rdinit=/sbin/init") == 0,
              "cmdline");
        CHECK(pseries_domain_def_get_loader(m) == NULL && pseries_domain_def_get_nvram_path(m) == NULL,
              "no loader/nvram");
        const struct pseries_serial *con = pseries_domain_def_get_console(m);
        CHECK(con && con->type == PSERIES_CHR_PTY && con->port == 0 &&
              con->addr.type == PSERIES_ADDR_SPAPR_VIO && con->addr.reg == 0x30000000,
              "console on the first vty at 0x30000000");
        CHECK(m->os.arch == PSERIES_ARCH_PPC64LE && strcmp(m->os.machine, "pseries") == 0, "os");
        CHECK(m->os.nboot == 1 && m->os.boot[0] == PSERIES_BOOT_HD, "default boot hd");
        CHECK(m->on_poweroff == PSERIES_LIFECYCLE_DESTROY && m->on_reboot == PSERIES_LIFECYCLE_RESTART &&
              m->on_crash == PSERIES_LIFECYCLE_DESTROY, "lifecycle defaults");
        CHECK(m->has_panic && m->balloon == PSERIES_BALLOON_NONE, "panic, no balloon");
        bool pci = false, usb = false;
        for (size_t i = 0; i < m->ncontrollers; i++) {
            pci |= m->controllers[i].type == PSERIES_CONTROLLER_PCI && m->controllers[i].index == 0 &&
                   m->controllers[i].target_index == 0;
            usb |= m->controllers[i].type == PSERIES_CONTROLLER_USB &&
                   m->controllers[i].model == PSERIES_CONTROLLER_MODEL_USB_NONE;
        }
        CHECK(pci && usb, "implicit PHB 0 and usb none");
    }

    g_autoptr(PseriesDomainDef) p8 = parse_example(dir, "power8-hash.xml");
    if (p8) {
        char u[37];
        pseries_uuid_format(p8->uuid, u);
        CHECK(strcmp(u, "6f1e2a3c-5b7d-4e8f-9a0b-1c2d3e4f5a6b") == 0, "uuid %s", u);
        CHECK(p8->cpu.model == PSERIES_CPU_MODEL_POWER8 &&
              strcmp(pseries_cpu_model_to_string(p8->cpu.model), "POWER8") == 0, "POWER8");
        CHECK(p8->os.arch == PSERIES_ARCH_PPC64 && p8->os.machine_major == 7 &&
              p8->os.machine_minor == 2, "pseries-7.2 big endian");
        CHECK(p8->current_memory_kib == 1536 * 1024 && p8->memory_kib == 2 * 1024 * 1024,
              "memory %llu/%llu", (unsigned long long)p8->current_memory_kib,
              (unsigned long long)p8->memory_kib);
        CHECK(p8->features.hpt && p8->features.hpt_resizing == PSERIES_HPT_RESIZING_ENABLED &&
              p8->features.hpt_maxpagesize_kib == 16 * 1024, "hpt");
        CHECK(p8->on_crash == PSERIES_LIFECYCLE_PRESERVE, "on_crash");
        CHECK(p8->nserials == 1, "console made the serial");
    }

    g_autoptr(PseriesDomainDef) top = parse_example(dir, "topology.xml");
    if (top) {
        CHECK(top->virt_type == PSERIES_VIRT_KVM, "kvm");
        CHECK(top->vcpus == 16 && top->cpu.sockets == 2 && top->cpu.cores == 2 &&
              top->cpu.threads == 4 && pseries_domain_def_get_threads_per_core(top) == 4, "topology");
        CHECK(top->ndimms == 2 && top->dimms[0].addr.dimm_slot == 0 && top->dimms[1].addr.dimm_slot == 3,
              "dimm slots");
        CHECK(pseries_domain_def_get_initial_memory_bytes(top) == 5ULL << 30, "initial = 8 - 3 GiB");
        CHECK(pseries_domain_def_get_max_memory_bytes(top) == 16ULL << 30, "max 16 GiB");

        /* validate() after changes a client could make. */
        struct pseries_xml_error err = {0};
        CHECK(pseries_domain_def_validate(top, &err) == 0, "valid: %s", err.message);
        top->vcpus = 12;
        top->current_vcpus = 12;
        CHECK(pseries_domain_def_validate(top, &err) == -EINVAL && strstr(err.message, "topology"),
              "topology mismatch: %s", err.message);
        top->vcpus = 16;
        top->current_vcpus = 17;
        CHECK(pseries_domain_def_validate(top, &err) == -EINVAL, "current > max");
        top->current_vcpus = 16;
        top->dimms[1].addr.dimm_slot = 0;
        CHECK(pseries_domain_def_validate(top, &err) == -EINVAL && strstr(err.message, "slot"),
              "dimm slot clash: %s", err.message);
        top->dimms[1].addr.dimm_slot = 3;
        g_free(top->name);
        top->name = g_strdup("a/b");
        CHECK(pseries_domain_def_validate(top, &err) == -EINVAL && strstr(err.message, "'/'"),
              "bad name: %s", err.message);
        g_free(top->name);
        top->name = g_strdup("topology");
        CHECK(pseries_domain_def_validate(top, &err) == 0, "valid again: %s", err.message);
        pseries_xml_error_clear(&err);
    }

    g_autoptr(PseriesDomainDef) full = parse_example(dir, "full-devices.xml");
    if (full) {
        /* libvirt's pSeries address plan: spapr-vlan from 0x1000, vscsi
         * 0x2000, tpm 0x4000, vty 0x30000000; virtio on PCI from slot 1. */
        CHECK(full->ndisks == 2 && full->disks[0].bus == PSERIES_DISK_BUS_VIRTIO &&
              full->disks[0].addr.type == PSERIES_ADDR_PCI && full->disks[1].readonly &&
              full->disks[1].addr.type == PSERIES_ADDR_DRIVE && full->disks[1].addr.unit == 0,
              "disks");
        CHECK(full->ninterfaces == 3 && full->interfaces[1].addr.type == PSERIES_ADDR_SPAPR_VIO &&
              full->interfaces[1].addr.reg == 0x1000, "vlan at 0x1000");
        CHECK(full->interfaces[1].mac[0] == 0x52 && full->interfaces[1].mac[1] == 0x54 &&
              full->interfaces[1].mac[2] == 0x00, "generated MAC in 52:54:00");
        CHECK(full->interfaces[0].model == PSERIES_NET_MODEL_VIRTIO &&
              full->interfaces[0].addr.type == PSERIES_ADDR_PCI && full->interfaces[0].addr.slot == 1,
              "virtio NIC at slot 1");
        CHECK(full->ntpms == 1 && full->tpms[0].addr.reg == 0x4000, "tpm at 0x4000");
        CHECK(full->nrngs == 1 && strcmp(full->rngs[0].backend_path, "/dev/urandom") == 0, "rng");
        CHECK(full->balloon == PSERIES_BALLOON_VIRTIO && full->balloon_addr.type == PSERIES_ADDR_PCI,
              "balloon");
        CHECK(strcmp(full->emulator, "/usr/libexec/pseriesd/pseries-vm") == 0, "emulator");
        CHECK(full->description && strchr(full->description, '\n'), "multi-line description");
    }

    g_autoptr(PseriesDomainDef) nv = parse_example(dir, "with-nvram.xml");
    if (nv) {
        CHECK(g_strcmp0(pseries_domain_def_get_nvram_path(nv), "/var/lib/pseriesd/nvram/nvram-file.bin") == 0,
              "nvram path");
        CHECK(nv->has_nvram_device && nv->nvram_addr.reg == 0x3000, "nvram device");
        const struct pseries_serial *con = pseries_domain_def_get_console(nv);
        CHECK(con && con->type == PSERIES_CHR_UNIX && con->listen &&
              strcmp(con->path, "/run/pseriesd/nvram-file.console") == 0, "unix console");
        CHECK(nv->clock.offset == PSERIES_CLOCK_LOCALTIME, "localtime");
    }

    g_autoptr(PseriesDomainDef) ld = parse_example(dir, "with-loader.xml");
    if (ld) {
        CHECK(g_strcmp0(pseries_domain_def_get_loader(ld), "/usr/share/pseriesd/firmware/boot.bin") == 0,
              "loader");
        CHECK(ld->os.nboot == 2 && ld->os.boot[1] == PSERIES_BOOT_CDROM, "boot order");
        CHECK(ld->ncontrollers == 3, "implicit vscsi + usb + phb: %zu", ld->ncontrollers);
        CHECK(ld->disks[1].device == PSERIES_DISK_DEVICE_CDROM && ld->disks[1].readonly &&
              ld->disks[1].addr.unit == 1, "cdrom sdb is read-only at unit 1");
    }
}

static void test_defaults_and_format(void)
{
    /* Two vlan NICs with no address, one with an explicit 0x1000: the
     * others step past it by 0x1000 as libvirt does. */
    g_autoptr(PseriesDomainDef) d = parse_str(
        "<domain type='qemu'><name>n</name><memory>262144</memory><os><type>hvm</type></os>"
        "<devices><interface type='user'/><interface type='user'>"
        "<address type='spapr-vio' reg='0x1000'/></interface><interface type='user'/>"
        "</devices></domain>");
    if (d) {
        CHECK(d->interfaces[1].addr.reg == 0x1000 && d->interfaces[0].addr.reg == 0x2000 &&
              d->interfaces[2].addr.reg == 0x3000, "regs %x %x %x", d->interfaces[0].addr.reg,
              d->interfaces[1].addr.reg, d->interfaces[2].addr.reg);
        CHECK(memcmp(d->interfaces[0].mac, d->interfaces[2].mac, 6) != 0, "distinct MACs");
        g_autofree char *xml = NULL;
        CHECK(pseries_domain_def_format(d, &xml) == 0, "format");
        CHECK(xml && g_str_has_prefix(xml, "<domain type='qemu'>\n  <name>n</name>\n  <uuid>"), "start");
        CHECK(xml && g_str_has_suffix(xml, "</domain>\n"), "end");
    }
    if (d) {
        g_autofree char *a = NULL, *b = NULL, *live = NULL;
        g_autoptr(PseriesDomainDef) c = NULL;
        CHECK(pseries_domain_def_copy(d, &c) == 0 && c, "copy");
        CHECK(c && c != d && memcmp(c->uuid, d->uuid, 16) == 0 && c->ninterfaces == 3 &&
              memcmp(c->interfaces[0].mac, d->interfaces[0].mac, 6) == 0, "copy content");
        if (c) {
            pseries_domain_def_format(d, &a);
            pseries_domain_def_format(c, &b);
            CHECK(a && b && strcmp(a, b) == 0, "copy formats the same");
        }
        CHECK(pseries_domain_def_format_live(d, 7, &live) == 0 &&
              g_str_has_prefix(live, "<domain type='qemu' id='7'>\n"), "live id");
        CHECK(pseries_domain_def_format_live(d, 0, &b) == -EINVAL, "live id 0");
    }
    if (d) {
        /* A def edited into nonsense is refused, not formatted. */
        g_autofree char *x = NULL;
        d->on_crash = (enum pseries_lifecycle)42;
        CHECK(pseries_domain_def_format(d, &x) == -EINVAL && !x, "bad enum formatted");
        d->on_crash = PSERIES_LIFECYCLE_DESTROY;
        d->interfaces[0].mac[0] = 0;
        memcpy(d->interfaces[0].mac, d->interfaces[1].mac, 6);
        CHECK(pseries_domain_def_format(d, &x) == -EINVAL && !x, "duplicate MAC formatted");
    }
    CHECK(pseries_domain_def_format(NULL, NULL) == -EINVAL, "format NULL");
    struct pseries_xml_error err = {0};
    CHECK(pseries_domain_def_validate(NULL, &err) == -EINVAL, "validate NULL");
    pseries_xml_error_clear(&err);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s EXAMPLES-DIR\n", argv[0]);
        return 2;
    }
    test_units();
    test_uuid();
    test_names();
    test_examples(argv[1]);
    test_defaults_and_format();
    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
