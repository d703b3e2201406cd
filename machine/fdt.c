/* machine/fdt.c: assembly of the whole device tree (see fdt.h) and the CAS
 * result that goes into /chosen. The blob is built in a scratch buffer that
 * grows until everything fits, then packed. */
#include "spapr-fdt.h"

#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-models.h"
#include "cas.h"
#include "devices.h"
#include "vio.h"
#include "xics.h"

#define TRY(expr) do { int try_r_ = (expr); if (try_r_ < 0) return try_r_; } while (0)

static int fdt_root(struct spapr_machine *m, void *fdt)
{
    (void)m;
    TRY(fdt_setprop_string(fdt, 0, "device_type", "chrp"));
    TRY(fdt_setprop_string(fdt, 0, "model", "IBM pSeries (emulated by pseriesd)"));
    TRY(fdt_setprop_string(fdt, 0, "compatible", "qemu,pseries"));
    TRY(fdt_setprop_u32(fdt, 0, "#address-cells", 2));
    TRY(fdt_setprop_u32(fdt, 0, "#size-cells", 2));
    return 0;
}

/* RAM as naturally aligned power-of-two blocks, one memory@ node each
 * (the split QEMU's pseries makes, e.g. 768 MiB = 512 MiB @0 + 256 MiB). */
static int fdt_memory(struct spapr_machine *m, void *fdt)
{
    uint64_t start = 0, left = m->cfg.ram_size;
    while (left) {
        uint64_t chunk = UINT64_C(1) << 63;
        while (chunk > left || (start & (chunk - 1)))
            chunk >>= 1;
        char name[32];
        snprintf(name, sizeof(name), "memory@%" PRIx64, start);
        int n = fdt_add_subnode(fdt, 0, name);
        TRY(n);
        uint64_t reg[2] = {cpu_to_fdt64(start), cpu_to_fdt64(chunk)};
        uint32_t assoc[5] = {cpu_to_fdt32(4), 0, 0, 0, 0};
        TRY(fdt_setprop_string(fdt, n, "device_type", "memory"));
        TRY(fdt_setprop(fdt, n, "reg", reg, sizeof(reg)));
        TRY(fdt_setprop(fdt, n, "ibm,associativity", assoc, sizeof(assoc)));
        start += chunk;
        left -= chunk;
    }
    return 0;
}

static int fdt_rtas(struct spapr_machine *m, void *fdt)
{
    int n = fdt_add_subnode(fdt, 0, "rtas");
    TRY(n);
    char hypertas[1024];
    int len = spapr_hcall_hypertas_strings(m, hypertas, sizeof(hypertas));
    TRY(len);
    if (len > 0)
        TRY(fdt_setprop(fdt, n, "ibm,hypertas-functions", hypertas, len));
    uint32_t refpoints[] = {cpu_to_fdt32(4), cpu_to_fdt32(4), cpu_to_fdt32(2)};
    uint32_t maxdom[] = {cpu_to_fdt32(4), 0, 0, 0, cpu_to_fdt32(1)};
    TRY(fdt_setprop(fdt, n, "ibm,associativity-reference-points", refpoints, sizeof(refpoints)));
    TRY(fdt_setprop(fdt, n, "ibm,max-associativity-domains", maxdom, sizeof(maxdom)));
    TRY(fdt_setprop_u32(fdt, n, "rtas-size", SPAPR_RTAS_SIZE));
    TRY(fdt_setprop_u32(fdt, n, "rtas-error-log-max", 2048));
    TRY(fdt_setprop_u32(fdt, n, "rtas-event-scan-rate", 1));
    /* ibm,os-term returns to the OS (rtas-platform.c). */
    if (spapr_rtas_token(m, "ibm,os-term") >= 0)
        TRY(fdt_setprop_empty(fdt, n, "ibm,extended-os-term"));
    for (size_t i = 0; i < m->rtas.count; i++)
        TRY(fdt_setprop_u32(fdt, n, m->rtas.entries[i].name, m->rtas.entries[i].token));
    return 0;
}

static int fdt_chosen(struct spapr_machine *m, void *fdt)
{
    int n = fdt_add_subnode(fdt, 0, "chosen");
    TRY(n);
    if (m->cfg.cmdline)
        TRY(fdt_setprop_string(fdt, n, "bootargs", m->cfg.cmdline));
    if (m->cfg.initrd_size) {
        /* One cell while it fits, as QEMU writes them; Linux reads either. */
        uint64_t start = m->cfg.initrd_start, end = start + m->cfg.initrd_size;
        if (end <= UINT32_MAX) {
            TRY(fdt_setprop_u32(fdt, n, "linux,initrd-start", (uint32_t)start));
            TRY(fdt_setprop_u32(fdt, n, "linux,initrd-end", (uint32_t)end));
        } else {
            TRY(fdt_setprop_u64(fdt, n, "linux,initrd-start", start));
            TRY(fdt_setprop_u64(fdt, n, "linux,initrd-end", end));
        }
    }
    if (m->vty) {
        char path[64];
        snprintf(path, sizeof(path), "/vdevice/vty@%x", spapr_vty_reg(m->vty));
        TRY(fdt_setprop_string(fdt, n, "linux,stdout-path", path));
        TRY(fdt_setprop_string(fdt, n, "stdout-path", path));
    }
    if (m->kernel_size) {
        uint64_t bk[2] = {cpu_to_fdt64(m->kernel_addr), cpu_to_fdt64(m->kernel_size)};
        TRY(fdt_setprop(fdt, n, "qemu,boot-kernel", bk, sizeof(bk)));
        if (m->kernel_le)
            TRY(fdt_setprop_empty(fdt, n, "qemu,boot-kernel-le"));
    }
    /* What the platform can do, as (OV5 byte index, supported bits) pairs
     * (ibm,arch-vec-5-platform-support), then the negotiated OV5. */
    const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
    uint8_t support[] = {
        OV5_INDEX_XIVE, 0x00, /* XICS (legacy) only */
        OV5_INDEX_MMU, info->radix ? OV5_MMU_DYNAMIC_BITS : 0x00,
        OV5_INDEX_HASH_GTSE, 0x00,
        OV5_INDEX_RADIX_GTSE, OV5_RADIX_GTSE_BIT, /* as QEMU, whatever the model */
    };
    TRY(fdt_setprop(fdt, n, "ibm,arch-vec-5-platform-support", support, sizeof(support)));
    if (m->cas_done) {
        TRY(fdt_setprop(fdt, n, "ibm,architecture-vec-5", m->ov5, (int)m->ov5_len));
    } else {
        static const uint8_t none[2];
        TRY(fdt_setprop(fdt, n, "ibm,architecture-vec-5", none, sizeof(none)));
    }
    return 0;
}

static int fdt_event_sources(struct spapr_machine *m, void *fdt)
{
    (void)m;
    int n = fdt_add_subnode(fdt, 0, "event-sources");
    TRY(n);
    uint32_t ranges[] = {cpu_to_fdt32(SPAPR_IRQ_EPOW), cpu_to_fdt32(1)};
    TRY(fdt_setprop_empty(fdt, n, "interrupt-controller"));
    TRY(fdt_setprop_u32(fdt, n, "#interrupt-cells", 2));
    TRY(fdt_setprop(fdt, n, "interrupt-ranges", ranges, sizeof(ranges)));
    int e = fdt_add_subnode(fdt, n, "epow-events");
    TRY(e);
    uint32_t irq[] = {cpu_to_fdt32(SPAPR_IRQ_EPOW), 0};
    TRY(fdt_setprop(fdt, e, "interrupts", irq, sizeof(irq)));
    return 0;
}

static int fdt_devices(struct spapr_machine *m, void *fdt)
{
    int vdev = fdt_add_subnode(fdt, 0, "vdevice");
    TRY(vdev);
    TRY(fdt_setprop_string(fdt, vdev, "device_type", "vdevice"));
    TRY(fdt_setprop_string(fdt, vdev, "compatible", "IBM,vdevice"));
    TRY(fdt_setprop_u32(fdt, vdev, "#address-cells", 1));
    TRY(fdt_setprop_u32(fdt, vdev, "#size-cells", 0));
    TRY(fdt_setprop_u32(fdt, vdev, "#interrupt-cells", 2));
    TRY(fdt_setprop_empty(fdt, vdev, "interrupt-controller"));
    int pfo = -1;
    for (size_t i = 0; i < m->nr_vio; i++) {
        struct spapr_vio_dev *d = m->vio[i];
        char name[64];
        int node;
        if (d->pfo) {
            if (pfo < 0) {
                pfo = fdt_add_subnode(fdt, 0, "ibm,platform-facilities");
                TRY(pfo);
                TRY(fdt_setprop_string(fdt, pfo, "device_type", "ibm,platform-facilities"));
                TRY(fdt_setprop_u32(fdt, pfo, "#address-cells", 1));
                TRY(fdt_setprop_u32(fdt, pfo, "#size-cells", 0));
            }
            node = fdt_add_subnode(fdt, pfo, d->node_name);
            TRY(node);
        } else {
            snprintf(name, sizeof(name), "%s@%x", d->node_name, d->reg);
            node = fdt_add_subnode(fdt, vdev, name);
            TRY(node);
            TRY(fdt_setprop_u32(fdt, node, "reg", d->reg));
        }
        if (d->device_type)
            TRY(fdt_setprop_string(fdt, node, "device_type", d->device_type));
        TRY(fdt_setprop_string(fdt, node, "compatible", d->compatible));
        if (d->irq) {
            uint32_t irq[] = {cpu_to_fdt32(d->irq), 0};
            TRY(fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq)));
        }
        if (d->fdt_props)
            TRY(d->fdt_props(m, d, fdt, node));
    }
    return 0;
}

static int build(struct spapr_machine *m, void *fdt, int size)
{
    uint32_t phandle;
    TRY(fdt_create_empty_tree(fdt, size));
    TRY(fdt_root(m, fdt));
    TRY(fdt_chosen(m, fdt));
    TRY(fdt_rtas(m, fdt));
    TRY(fdt_event_sources(m, fdt));
    TRY(spapr_fdt_cpus(m, fdt));
    TRY(fdt_devices(m, fdt));
    TRY(fdt_memory(m, fdt));
    TRY(xics_fdt(m, fdt, &phandle));
    return fdt_pack(fdt);
}

int spapr_fdt_build(struct spapr_machine *m, void **blob, size_t *size)
{
    *blob = NULL;
    *size = 0;
    for (int bufsize = 64 * 1024; bufsize <= 16 * 1024 * 1024; bufsize *= 2) {
        void *fdt = malloc((size_t)bufsize);
        if (!fdt)
            return -ENOMEM;
        int r = build(m, fdt, bufsize);
        if (r == 0) {
            *size = fdt_totalsize(fdt);
            *blob = fdt;
            return 0;
        }
        free(fdt);
        if (r != -FDT_ERR_NOSPACE)
            return -EINVAL;
    }
    return -E2BIG;
}

int spapr_fdt_build_negotiated(struct spapr_machine *m, enum spapr_mmu_mode mmu,
                               enum spapr_irq_mode irq, void **blob, size_t *size)
{
    int r = spapr_cas_apply(m, mmu, irq);
    if (r) {
        *blob = NULL;
        *size = 0;
        return r;
    }
    return spapr_fdt_build(m, blob, size);
}
