/* tests/machine/test-boot.c: loading the boot payload the way QEMU's
 * pseries does (../shared/design.md "Boot conventions"): ELF64 segments of
 * either byte order at (vaddr & 0x0fffffff) + 0x400000 with their bss
 * zeroed, the entry point translated the same way, the initrd at
 * (kernel end + 0x1ffff) & ~0xffff described by linux,initrd-start/end,
 * the command line in bootargs, the loader at 0 entered at 0x100, direct
 * entry with r3 = FDT, r5 = 0 and RTAS instantiated (Linux's head_64.S and
 * prom.c expectations). Malformed ELF files are refused before anything is
 * copied. The ELF layout is the System V ABI's (<elf.h>). */
#include <elf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "boot.h"
#include "vof.h"
#include "helpers.h"

static void put16(uint8_t *p, uint16_t v, bool le)
{
    p[le ? 0 : 1] = (uint8_t)v;
    p[le ? 1 : 0] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v, bool le)
{
    put16(p + (le ? 0 : 2), (uint16_t)v, le);
    put16(p + (le ? 2 : 0), (uint16_t)(v >> 16), le);
}

static void put64(uint8_t *p, uint64_t v, bool le)
{
    put32(p + (le ? 0 : 4), (uint32_t)v, le);
    put32(p + (le ? 4 : 0), (uint32_t)(v >> 32), le);
}

/* A two-segment kernel like vmlinux: text at 0xc000000000000000 (0x100
 * bytes of 0x11 in a 0x2000 segment: bss follows), data at
 * 0xc000000000010000 (0x40 bytes of 0x22). Entry at 0xc000000000000010. */
static GByteArray *make_elf(bool le)
{
    size_t size = 0x400;
    uint8_t *img = g_malloc0(size);
    memcpy(img, ELFMAG, SELFMAG);
    img[EI_CLASS] = ELFCLASS64;
    img[EI_DATA] = le ? ELFDATA2LSB : ELFDATA2MSB;
    img[EI_VERSION] = EV_CURRENT;
    put16(img + offsetof(Elf64_Ehdr, e_type), ET_EXEC, le);
    put16(img + offsetof(Elf64_Ehdr, e_machine), EM_PPC64, le);
    put32(img + offsetof(Elf64_Ehdr, e_version), EV_CURRENT, le);
    put64(img + offsetof(Elf64_Ehdr, e_entry), 0xc000000000000010ull, le);
    put64(img + offsetof(Elf64_Ehdr, e_phoff), sizeof(Elf64_Ehdr), le);
    put16(img + offsetof(Elf64_Ehdr, e_ehsize), sizeof(Elf64_Ehdr), le);
    put16(img + offsetof(Elf64_Ehdr, e_phentsize), sizeof(Elf64_Phdr), le);
    put16(img + offsetof(Elf64_Ehdr, e_phnum), 3, le);
    struct { uint32_t type; uint64_t off, vaddr, filesz, memsz; } ph[3] = {
        {PT_LOAD, 0x200, 0xc000000000000000ull, 0x100, 0x2000},
        {PT_NOTE, 0x300, 0, 0x10, 0x10},
        {PT_LOAD, 0x380, 0xc000000000010000ull, 0x40, 0x40},
    };
    for (int i = 0; i < 3; i++) {
        uint8_t *p = img + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr);
        put32(p + offsetof(Elf64_Phdr, p_type), ph[i].type, le);
        put64(p + offsetof(Elf64_Phdr, p_offset), ph[i].off, le);
        put64(p + offsetof(Elf64_Phdr, p_vaddr), ph[i].vaddr, le);
        put64(p + offsetof(Elf64_Phdr, p_paddr), 0, le);
        put64(p + offsetof(Elf64_Phdr, p_filesz), ph[i].filesz, le);
        put64(p + offsetof(Elf64_Phdr, p_memsz), ph[i].memsz, le);
    }
    memset(img + 0x200, 0x11, 0x100);
    memset(img + 0x300, 0x33, 0x10);
    memset(img + 0x380, 0x22, 0x40);
    GByteArray *a = g_byte_array_new_take(img, size);
    return a;
}

static void check_loaded(struct spapr_machine *m)
{
    const uint8_t *text = guest_ram_ptr(&m->ram, 0x400000, 0x2000);
    g_assert_cmphex(text[0], ==, 0x11);
    g_assert_cmphex(text[0xff], ==, 0x11);
    g_assert_cmphex(text[0x100], ==, 0x00); /* bss zeroed over the 0xaa fill */
    g_assert_cmphex(text[0x1fff], ==, 0x00);
    g_assert_cmphex(*(const uint8_t *)guest_ram_ptr(&m->ram, 0x410000, 1), ==, 0x22);
    g_assert_cmphex(*(const uint8_t *)guest_ram_ptr(&m->ram, 0x410040, 1), ==, 0xaa);
    g_assert_cmphex(m->kernel_addr, ==, 0x400000);
    g_assert_cmphex(m->kernel_size, ==, 0x10040);
}

static void test_elf_both_orders(void)
{
    for (int le = 0; le <= 1; le++) {
        struct test_console con;
        struct spapr_machine *m = test_machine_new(NULL, &con);
        guest_ram_fill(&m->ram, 0x400000, 0xaa, 0x20000);
        GByteArray *elf = make_elf(le);
        uint64_t entry;
        bool is_le;
        g_assert_cmpint(spapr_load_kernel_image(m, elf->data, elf->len, &entry, &is_le), ==, 0);
        g_assert_cmphex(entry, ==, 0x400010);
        g_assert_cmpint(is_le, ==, le);
        check_loaded(m);
        g_byte_array_free(elf, TRUE);
        test_machine_free(m, &con);
    }
}

static void test_elf_malformed(void)
{
    struct test_console con;
    struct spapr_machine *m = test_machine_new(NULL, &con);
    uint64_t entry;
    bool le;
    struct { size_t at; int width; uint64_t value; int expect; } cases[] = {
        {offsetof(Elf64_Ehdr, e_machine), 2, EM_PPC, -ENOEXEC},
        {offsetof(Elf64_Ehdr, e_phnum), 2, 0xffff, -ENOEXEC},            /* headers past the end */
        {offsetof(Elf64_Ehdr, e_phoff), 8, UINT64_MAX - 8, -ENOEXEC},   /* offset overflow */
        {offsetof(Elf64_Ehdr, e_phentsize), 2, 8, -ENOEXEC},
        {sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_filesz), 8, 0x3000, -ENOEXEC}, /* > memsz */
        {sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_offset), 8, UINT64_MAX, -ENOEXEC},
        {sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_memsz), 8, UINT64_MAX, -E2BIG},
        {sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_vaddr), 8, 0x0ffff000, -E2BIG}, /* past 256 MiB */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GByteArray *elf = make_elf(false);
        uint8_t *p = elf->data + cases[i].at;
        if (cases[i].width == 2)
            put16(p, (uint16_t)cases[i].value, false);
        else
            put64(p, cases[i].value, false);
        guest_ram_fill(&m->ram, 0x400000, 0xaa, 0x20000);
        g_assert_cmpint(spapr_load_kernel_image(m, elf->data, elf->len, &entry, &le), ==, cases[i].expect);
        /* Nothing was copied. */
        g_assert_cmphex(*(const uint8_t *)guest_ram_ptr(&m->ram, 0x400000, 1), ==, 0xaa);
        g_byte_array_free(elf, TRUE);
    }
    /* Truncated: every prefix of a good file is refused or loads less, never
     * reads past the end (ASan watches). */
    GByteArray *elf = make_elf(true);
    for (size_t cut = 0; cut < 0x3c0; cut += 7)
        spapr_load_kernel_image(m, elf->data, cut, &entry, &le);
    g_assert_cmpint(spapr_load_kernel_image(m, elf->data, 0x30, &entry, &le), ==, -ENOEXEC);
    g_byte_array_free(elf, TRUE);
    test_machine_free(m, &con);
}

static char *write_tmp(const char *dir, const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    return path;
}

static void test_direct_entry(void)
{
    g_autofree char *dir = g_dir_make_tmp("pseries-boot-XXXXXX", NULL);
    GByteArray *elf = make_elf(true);
    g_autofree char *kernel = write_tmp(dir, "vmlinux", elf->data, elf->len);
    uint8_t initrd[5000];
    for (size_t i = 0; i < sizeof(initrd); i++)
        initrd[i] = (uint8_t)i;
    g_autofree char *initrd_path = write_tmp(dir, "initrd", initrd, sizeof(initrd));

    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 512ull << 20;
    cfg.kernel = kernel;
    cfg.initrd = initrd_path;
    cfg.cmdline = "console=hvc0 root=/dev/ram";
    struct test_console con;
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    static const uint8_t rtas_blob[20] = {0x7c, 0x64, 0x1b, 0x78, 0x3c, 0x60, 0x00, 0x00, 0x60, 0x63,
                                          0xf0, 0x00, 0x44, 0x00, 0x00, 0x22, 0x4e, 0x80, 0x00, 0x20};
    struct spapr_boot_state bs;
    /* Direct entry without the RTAS blob is refused. */
    g_assert_cmpint(spapr_boot_prepare(m, NULL, 0, &bs), ==, -EINVAL);
    g_assert_cmpint(spapr_boot_prepare(m, rtas_blob, sizeof(rtas_blob), &bs), ==, 0);
    g_assert_cmphex(bs.entry, ==, 0x400010);
    g_assert_cmphex(bs.gpr3, ==, bs.fdt_addr);
    g_assert_cmphex(bs.gpr4, ==, 0x400000);
    g_assert_cmphex(bs.gpr5, ==, 0);
    g_assert_true(bs.kernel_le);

    const void *fdt = guest_ram_ptr(&m->ram, bs.fdt_addr, bs.fdt_size);
    g_assert_nonnull(fdt);
    g_assert_cmpint(fdt_check_header(fdt), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), ==, bs.fdt_size);
    int chosen = fdt_path_offset(fdt, "/chosen");
    g_assert_cmpstr(fdt_getprop(fdt, chosen, "bootargs", NULL), ==, "console=hvc0 root=/dev/ram");
    uint64_t start = fdt32_ld(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
    uint64_t end = fdt32_ld(fdt_getprop(fdt, chosen, "linux,initrd-end", NULL));
    g_assert_nonnull(fdt_getprop(fdt, chosen, "qemu,boot-kernel-le", NULL)); /* LE ELF */
    g_assert_cmphex(start, ==, (0x400000 + 0x10040 + 0x1ffff) & ~0xffffull);
    g_assert_cmphex(end - start, ==, sizeof(initrd));
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, start, sizeof(initrd)), initrd, sizeof(initrd)), ==, 0);
    const fdt64_t *bk = fdt_getprop(fdt, chosen, "qemu,boot-kernel", NULL);
    g_assert_cmphex(fdt64_ld(&bk[0]), ==, 0x400000);
    g_assert_cmphex(fdt64_ld(&bk[1]), ==, 0x10040);
    /* CAS pre-set (radix on POWER9) and RTAS instantiated. */
    int len;
    const uint8_t *ov5 = fdt_getprop(fdt, chosen, "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, >, 0x18);
    g_assert_cmphex(ov5[0x18] & 0xc0, ==, 0x40);
    int rtas = fdt_path_offset(fdt, "/rtas");
    uint32_t base = fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, rtas, "linux,rtas-base", NULL));
    uint32_t entry = fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, rtas, "linux,rtas-entry", NULL));
    g_assert_cmphex(base, ==, bs.rtas_addr);
    g_assert_cmphex(entry, ==, base);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, base, 20), rtas_blob, 20), ==, 0);
    /* The RTAS region is reserved; nothing overlaps the tree. */
    uint64_t rsv_addr, rsv_size;
    g_assert_cmpint(fdt_num_mem_rsv(fdt), ==, 1);
    fdt_get_mem_rsv(fdt, 0, &rsv_addr, &rsv_size);
    g_assert_cmphex(rsv_addr, ==, base);
    g_assert_cmpuint(base + rsv_size, <=, bs.fdt_addr);
    g_assert_cmpuint(end, <=, base);
    test_machine_free(m, &con);

    /* A loader: at 0, entered at 0x100 with r3 = FDT; no RTAS needed. */
    uint8_t fw[0x200];
    memset(fw, 0x60, sizeof(fw));
    g_autofree char *loader = write_tmp(dir, "fw.bin", fw, sizeof(fw));
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.loader = loader;
    m = test_machine_new(&cfg, &con);
    g_assert_cmpint(spapr_boot_prepare(m, NULL, 0, &bs), ==, 0);
    g_assert_cmphex(bs.entry, ==, 0x100);
    g_assert_cmphex(bs.gpr3, ==, bs.fdt_addr);
    g_assert_cmphex(*(const uint8_t *)guest_ram_ptr(&m->ram, 0x1ff, 1), ==, 0x60);
    g_assert_cmphex(bs.fdt_addr + bs.fdt_size, <=, 256ull << 20);
    test_machine_free(m, &con);

    /* Missing files, nothing to boot. */
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.kernel = "/nonexistent/vmlinux";
    m = test_machine_new(&cfg, &con);
    g_assert_cmpint(spapr_boot_prepare(m, rtas_blob, 20, &bs), ==, -ENOENT);
    g_assert_nonnull(strstr(con.log->str, "/nonexistent/vmlinux"));
    test_machine_free(m, &con);
    m = test_machine_new(NULL, &con);
    g_assert_cmpint(spapr_boot_prepare(m, rtas_blob, 20, &bs), ==, -ENOENT);
    test_machine_free(m, &con);

    g_byte_array_free(elf, TRUE);
    g_unlink(kernel);
    g_unlink(initrd_path);
    g_unlink(loader);
    g_rmdir(dir);
}

/* The default boot: prom_init's entry state and the stub placed high,
 * claimed, outside the range the kernel later copies itself over. */
static void test_vof_entry(void)
{
    g_autofree char *dir = g_dir_make_tmp("pseries-boot-XXXXXX", NULL);
    GByteArray *elf = make_elf(false);
    g_autofree char *kernel = write_tmp(dir, "vmlinux", elf->data, elf->len);
    uint8_t initrd[3000];
    memset(initrd, 0x77, sizeof(initrd));
    g_autofree char *initrd_path = write_tmp(dir, "initrd", initrd, sizeof(initrd));
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.kernel = kernel;
    cfg.initrd = initrd_path;
    struct test_console con;
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    uint8_t stub[0x40];
    memset(stub, 0x60, sizeof(stub)); /* nops */
    static const uint8_t rtas_blob[4] = {0x44, 0x00, 0x00, 0x22};
    struct spapr_boot_state bs;
    g_assert_cmpint(spapr_boot_prepare_vof(m, stub, sizeof(stub), 0x80, rtas_blob, 4, &bs), ==, -EINVAL);
    g_assert_cmpint(spapr_boot_prepare_vof(m, stub, sizeof(stub), 0x20, rtas_blob, 4, &bs), ==, 0);
    g_assert_cmphex(bs.entry, ==, 0x400010);
    g_assert_false(bs.kernel_le);
    g_assert_cmphex(bs.gpr3, ==, (0x400000 + 0x10040 + 0x1ffff) & ~0xffffull);
    g_assert_cmphex(bs.gpr4, ==, sizeof(initrd));
    uint64_t stub_addr = bs.gpr5 - 0x20;
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, stub_addr, sizeof(stub)), stub, sizeof(stub)), ==, 0);
    /* Above the kernel and the initrd, inside the first 256 MiB. */
    g_assert_cmphex(stub_addr, >=, bs.gpr3 + bs.gpr4);
    g_assert_cmphex(stub_addr + SPAPR_VOF_STUB_MAX, <=, 256ull << 20);
    /* The client interface answers, and will not hand out the stub, the
     * kernel or the initrd. */
    g_assert_nonnull(m->vof);
    g_assert_cmpint(spapr_vof_claim(m, stub_addr, 16), ==, -EBUSY);
    g_assert_cmpint(spapr_vof_claim(m, 0x400000, 16), ==, -EBUSY);
    g_assert_cmpint(spapr_vof_claim(m, bs.gpr3, 16), ==, -EBUSY);
    g_assert_cmpint(spapr_vof_claim(m, 0x8000000, 16), ==, 0);
    test_machine_free(m, &con);

    /* No kernel: nothing for prom_init to run. */
    spapr_config_init(&cfg);
    m = test_machine_new(&cfg, &con);
    g_assert_cmpint(spapr_boot_prepare_vof(m, stub, sizeof(stub), 0, rtas_blob, 4, &bs), ==, -ENOENT);
    test_machine_free(m, &con);
    g_byte_array_free(elf, TRUE);
    g_unlink(kernel);
    g_unlink(initrd_path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/boot/elf-both-byte-orders", test_elf_both_orders);
    g_test_add_func("/boot/elf-malformed", test_elf_malformed);
    g_test_add_func("/boot/direct-entry-and-loader", test_direct_entry);
    g_test_add_func("/boot/client-interface-entry", test_vof_entry);
    return g_test_run();
}
