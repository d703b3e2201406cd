/* machine/boot.c: kernel/initrd/loader loading and the initial vCPU state
 * (see boot.h). The ELF parser reads only what the program headers
 * describe, after checking that each lies inside the file and its
 * destination inside guest RAM. */
#include "boot.h"

#include <elf.h>
#include <errno.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "cas.h"
#include "cpu-models.h"
#include "spapr-fdt.h"
#include "vof.h"

static uint64_t kernel_translate(uint64_t addr)
{
    return (addr & 0x0fffffffu) + SPAPR_KERNEL_LOAD_ADDR;
}

static uint16_t rd16(const uint8_t *p, bool le)
{
    return le ? (uint16_t)(p[0] | p[1] << 8) : (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p, bool le)
{
    return le ? (uint32_t)rd16(p, le) | (uint32_t)rd16(p + 2, le) << 16
              : (uint32_t)rd16(p, le) << 16 | rd16(p + 2, le);
}

static uint64_t rd64(const uint8_t *p, bool le)
{
    return le ? (uint64_t)rd32(p, le) | (uint64_t)rd32(p + 4, le) << 32
              : (uint64_t)rd32(p, le) << 32 | rd32(p + 4, le);
}

static int load_elf(struct spapr_machine *m, const uint8_t *img, size_t len, uint64_t *entry,
                    bool *little_endian)
{
    if (len < sizeof(Elf64_Ehdr) || img[EI_CLASS] != ELFCLASS64 ||
        (img[EI_DATA] != ELFDATA2LSB && img[EI_DATA] != ELFDATA2MSB))
        return -ENOEXEC;
    bool le = img[EI_DATA] == ELFDATA2LSB;
    if (rd16(img + offsetof(Elf64_Ehdr, e_machine), le) != EM_PPC64)
        return -ENOEXEC;
    uint64_t phoff = rd64(img + offsetof(Elf64_Ehdr, e_phoff), le);
    uint16_t phentsize = rd16(img + offsetof(Elf64_Ehdr, e_phentsize), le);
    uint16_t phnum = rd16(img + offsetof(Elf64_Ehdr, e_phnum), le);
    if (phentsize < sizeof(Elf64_Phdr) || phnum == 0 || phoff > len ||
        (uint64_t)phnum * phentsize > len - phoff)
        return -ENOEXEC;
    uint64_t low = UINT64_MAX, high = 0;
    /* First pass: check everything; second pass: copy. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint16_t i = 0; i < phnum; i++) {
            const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
            if (rd32(ph + offsetof(Elf64_Phdr, p_type), le) != PT_LOAD)
                continue;
            uint64_t off = rd64(ph + offsetof(Elf64_Phdr, p_offset), le);
            uint64_t vaddr = rd64(ph + offsetof(Elf64_Phdr, p_vaddr), le);
            uint64_t filesz = rd64(ph + offsetof(Elf64_Phdr, p_filesz), le);
            uint64_t memsz = rd64(ph + offsetof(Elf64_Phdr, p_memsz), le);
            uint64_t dest = kernel_translate(vaddr);
            if (pass == 0) {
                if (filesz > memsz || off > len || filesz > len - off)
                    return -ENOEXEC;
                if (!guest_ram_range_ok(&m->ram, dest, memsz))
                    return -E2BIG;
                low = dest < low ? dest : low;
                high = dest + memsz > high ? dest + memsz : high;
                continue;
            }
            guest_ram_write(&m->ram, dest, img + off, filesz);
            guest_ram_fill(&m->ram, dest + filesz, 0, memsz - filesz);
        }
        if (pass == 0 && high == 0)
            return -ENOEXEC; /* nothing to load */
    }
    *entry = kernel_translate(rd64(img + offsetof(Elf64_Ehdr, e_entry), le));
    *little_endian = le;
    m->kernel_le = le;
    m->kernel_addr = low;
    m->kernel_size = high - low;
    return 0;
}

int spapr_load_kernel_image(struct spapr_machine *m, const uint8_t *img, size_t len,
                            uint64_t *entry, bool *little_endian)
{
    if (len >= SELFMAG && memcmp(img, ELFMAG, SELFMAG) == 0)
        return load_elf(m, img, len, entry, little_endian);
    /* Not ELF: a raw image at the load address, entered at its start. */
    if (len == 0 || guest_ram_write(&m->ram, SPAPR_KERNEL_LOAD_ADDR, img, len))
        return len == 0 ? -ENOEXEC : -E2BIG;
    m->kernel_addr = SPAPR_KERNEL_LOAD_ADDR;
    m->kernel_size = len;
    *entry = SPAPR_KERNEL_LOAD_ADDR;
    *little_endian = false;
    m->kernel_le = false;
    return 0;
}

static int read_file(struct spapr_machine *m, const char *what, const char *path, gchar **data,
                     gsize *len)
{
    GError *err = NULL;
    if (m->ops.read_boot_file) {
        uint8_t *d = NULL;
        size_t l = 0;
        int r = m->ops.read_boot_file(m->ops.opaque, path, &d, &l);
        if (r < 0) {
            spapr_machine_log(m, _("cannot read the %s %s: %s"), what, path, g_strerror(-r));
            return r;
        }
        *data = (gchar *)d;
        *len = l;
        return 0;
    }
    if (!g_file_get_contents(path, data, len, &err)) {
        spapr_machine_log(m, _("cannot read the %s %s: %s"), what, path, err->message);
        int r = err->domain == G_FILE_ERROR && err->code == G_FILE_ERROR_NOENT ? -ENOENT : -EIO;
        g_error_free(err);
        return r;
    }
    return 0;
}

/* The region below min(RAM, 256 MiB) that holds the FDT (top) and RTAS. */
static uint64_t boot_area_top(struct spapr_machine *m)
{
    uint64_t top = m->cfg.ram_size < (256ull << 20) ? m->cfg.ram_size : (256ull << 20);
    return top;
}

/* Kernel, initrd and loader from the configuration into RAM, below
 * 'limit'. *kentry gets the kernel's entry point. */
static int load_payload(struct spapr_machine *m, uint64_t limit, uint64_t *kentry, bool *kernel_le)
{
    int r;
    if (m->cfg.kernel) {
        gchar *img = NULL;
        gsize len = 0;
        if ((r = read_file(m, _("kernel"), m->cfg.kernel, &img, &len)))
            return r;
        r = spapr_load_kernel_image(m, (const uint8_t *)img, len, kentry, kernel_le);
        g_free(img);
        if (r == 0 && m->kernel_addr + m->kernel_size > limit)
            r = -E2BIG; /* it would run into the firmware area and the tree */
        if (r) {
            spapr_machine_log(m, r == -E2BIG ? _("the kernel %s does not fit in guest RAM")
                                             : _("the kernel %s is not a 64-bit PowerPC ELF file"),
                              m->cfg.kernel);
            return r;
        }
    }
    if (m->cfg.initrd) {
        gchar *img = NULL;
        gsize len = 0;
        if ((r = read_file(m, _("initrd"), m->cfg.initrd, &img, &len)))
            return r;
        uint64_t base = (m->kernel_addr + m->kernel_size + 0x1ffff) & ~UINT64_C(0xffff);
        if (!m->kernel_size)
            base = 0x2000000; /* no kernel: 32 MiB, well clear of a loader */
        if (base + len > limit || guest_ram_write(&m->ram, base, img, len)) {
            g_free(img);
            spapr_machine_log(m, _("the initrd %s does not fit in guest RAM"), m->cfg.initrd);
            return -E2BIG;
        }
        g_free(img);
        m->cfg.initrd_start = base;
        m->cfg.initrd_size = len;
    }
    if (m->cfg.loader) {
        gchar *img = NULL;
        gsize len = 0;
        if ((r = read_file(m, _("firmware"), m->cfg.loader, &img, &len)))
            return r;
        r = len < 0x104 || len > limit ? -E2BIG : guest_ram_write(&m->ram, 0, img, len);
        g_free(img);
        if (r) {
            spapr_machine_log(m, _("the firmware %s does not fit below the device tree"),
                              m->cfg.loader);
            return -E2BIG;
        }
    }
    return 0;
}

int spapr_boot_prepare(struct spapr_machine *m, const void *rtas_blob, size_t rtas_len,
                       struct spapr_boot_state *out)
{
    memset(out, 0, sizeof(*out));
    uint64_t kentry = 0;
    uint64_t fdt_addr = boot_area_top(m) - SPAPR_FDT_MAX_SIZE;
    uint64_t rtas_addr = fdt_addr - 0x10000; /* 64 KiB below the tree */
    int r = load_payload(m, rtas_addr, &kentry, &out->kernel_le);
    if (r)
        return r;
    bool direct = m->cfg.kernel && !m->cfg.loader;

    if (direct) {
        /* No firmware to negotiate: CAS results and RTAS are pre-set. */
        if (!rtas_blob || rtas_len == 0 || rtas_len > 0x10000) {
            spapr_machine_log(m, "%s", _("direct kernel entry needs the RTAS blob"));
            return -EINVAL;
        }
        if (!m->cas_done) {
            /* Radix where the processor has it, as a CAS with today's
             * Linux would end. */
            const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
            r = spapr_cas_apply(m, info->radix ? SPAPR_MMU_RADIX : SPAPR_MMU_HASH, SPAPR_IRQ_XICS);
            if (r)
                return r;
        }
        guest_ram_write(&m->ram, rtas_addr, rtas_blob, rtas_len);
        out->rtas_addr = rtas_addr;
    }

    void *fdt;
    size_t fdt_size;
    if ((r = spapr_fdt_build(m, &fdt, &fdt_size)))
        return r;
    if (direct) {
        /* Grow room for the RTAS instantiation properties and memreserves. */
        void *big = realloc(fdt, fdt_size + 4096);
        if (!big) {
            free(fdt);
            return -ENOMEM;
        }
        fdt = big;
        int node;
        if (fdt_open_into(fdt, fdt, (int)fdt_size + 4096) ||
            (node = fdt_path_offset(fdt, "/rtas")) < 0 ||
            fdt_setprop_u32(fdt, node, "linux,rtas-base", (uint32_t)rtas_addr) ||
            fdt_setprop_u32(fdt, node, "linux,rtas-entry", (uint32_t)rtas_addr) ||
            fdt_add_mem_rsv(fdt, rtas_addr, 0x10000) || fdt_pack(fdt)) {
            free(fdt);
            return -EINVAL;
        }
        fdt_size = fdt_totalsize(fdt);
    }
    if (fdt_size > SPAPR_FDT_MAX_SIZE || guest_ram_write(&m->ram, fdt_addr, fdt, fdt_size)) {
        free(fdt);
        return -E2BIG;
    }
    free(fdt);
    out->fdt_addr = fdt_addr;
    out->fdt_size = fdt_size;
    out->gpr3 = fdt_addr;
    if (m->cfg.loader) {
        out->entry = 0x100;
    } else if (direct) {
        out->entry = kentry;
        out->gpr4 = m->kernel_addr;
        out->gpr5 = 0;
    } else {
        spapr_machine_log(m, "%s", _("nothing to boot: no kernel and no firmware"));
        return -ENOENT;
    }
    return 0;
}

int spapr_boot_prepare_vof(struct spapr_machine *m, const void *stub, size_t stub_len,
                           uint64_t ci_offset, const void *rtas_blob, size_t rtas_len,
                           struct spapr_boot_state *out)
{
    memset(out, 0, sizeof(*out));
    if (!m->cfg.kernel) {
        spapr_machine_log(m, "%s", _("the client-interface boot needs a kernel"));
        return -ENOENT;
    }
    if (!stub || stub_len == 0 || stub_len > SPAPR_VOF_STUB_MAX || ci_offset >= stub_len) {
        spapr_machine_log(m, "%s", _("no usable client-interface stub"));
        return -EINVAL;
    }
    /* The stub lives high, out of the way of the kernel, which copies
     * itself down to 0 once prom_init is done. */
    uint64_t stub_addr = boot_area_top(m) - SPAPR_FDT_MAX_SIZE - SPAPR_VOF_STUB_MAX;
    uint64_t kentry = 0;
    int r = load_payload(m, stub_addr, &kentry, &out->kernel_le);
    if (r)
        return r;
    guest_ram_write(&m->ram, stub_addr, stub, stub_len);
    /* prom_init runs on the firmware's stack (as under QEMU's VOF: 32 KiB,
     * claimed, r1 below its top with room for a minimal frame). */
    uint64_t stack_addr = stub_addr - SPAPR_VOF_STACK_SIZE;
    if ((r = spapr_vof_init(m, rtas_blob, rtas_len)) ||
        (r = spapr_vof_claim(m, stub_addr, SPAPR_VOF_STUB_MAX)) ||
        (r = spapr_vof_claim(m, stack_addr, SPAPR_VOF_STACK_SIZE)))
        return r;
    out->gpr1 = stack_addr + SPAPR_VOF_STACK_SIZE - 0x20;
    out->entry = kentry;
    out->gpr3 = m->cfg.initrd_start; /* prom_init(r3 = initrd, r4 = its size, r5 = CI entry) */
    out->gpr4 = m->cfg.initrd_size;
    out->gpr5 = stub_addr + ci_offset;
    return 0;
}
