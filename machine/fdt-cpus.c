/* machine/fdt-cpus.c: the /cpus node: one PowerPC,<model>@<id> node per
 * core, with the properties Linux reads early (prom.c, dt_cpu_ftrs.c,
 * cputable.c) and the values of cpu-models.c. Threads of a core are its
 * ibm,ppc-interrupt-server#s; the core's id is that of its first thread. */
#include <libfdt.h>
#include <stdio.h>

#include "cpu-models.h"
#include "hpt.h"
#include "spapr-fdt.h"

#define TIMEBASE_FREQ 512000000u
#define CLOCK_FREQ 1000000000u

/* ibm,pft-size (0, log2 of the HPT size) goes with an HPT the guest has
 * or may still get: always on hash-only models, before CAS on radix
 * models (the OS may pick hash, and QEMU's initial tree has it), and
 * afterwards when the guest uses hash. */
static bool has_pft(struct spapr_machine *m, const struct spapr_cpu_model_info *info)
{
    return spapr_hpt_active(m) || !info->radix || !m->cas_done;
}

static int cpu_node(struct spapr_machine *m, void *fdt, int cpus, unsigned core_id, unsigned nthreads)
{
    const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
    char name[64];
    snprintf(name, sizeof(name), "PowerPC,%s@%x", info->name, core_id);
    int n = fdt_add_subnode(fdt, cpus, name);
    if (n < 0)
        return n;

    uint32_t servers[16], gservers[32];
    for (unsigned t = 0; t < nthreads; t++) {
        servers[t] = cpu_to_fdt32(core_id + t);
        gservers[2 * t] = cpu_to_fdt32(core_id + t);
        gservers[2 * t + 1] = cpu_to_fdt32(0);
    }
    /* ibm,segment-page-sizes: 4K segments with 4K pages, 64K segments with
     * 64K pages (what QEMU's TCG pseries offers): base shift, SLB
     * encoding, count, then (shift, PTE encoding) pairs. */
    static const uint32_t sps[] = {12, 0x0, 1, 12, 0x0, 16, 0x110, 1, 16, 0x1};
    uint32_t sps_be[sizeof(sps) / sizeof(sps[0])];
    for (size_t i = 0; i < sizeof(sps) / sizeof(sps[0]); i++)
        sps_be[i] = cpu_to_fdt32(sps[i]);
    /* ISA 3.0 radix page sizes: AP encoding in the top 3 bits, shift below:
     * 4K, 64K, 2M, 1G. */
    static const uint32_t ap[] = {0x0000000c, 0xa0000010, 0x20000015, 0x4000001e};
    uint32_t ap_be[4];
    for (int i = 0; i < 4; i++)
        ap_be[i] = cpu_to_fdt32(ap[i]);
    uint32_t segs[] = {cpu_to_fdt32(28), cpu_to_fdt32(40), cpu_to_fdt32(0xffffffff),
                       cpu_to_fdt32(0xffffffff)};
    uint32_t pft[] = {cpu_to_fdt32(0), cpu_to_fdt32(spapr_hpt_shift(m))};

    int r;
    if ((r = fdt_setprop_u32(fdt, n, "reg", core_id)) ||
        (r = fdt_setprop_string(fdt, n, "device_type", "cpu")) ||
        (r = fdt_setprop_u32(fdt, n, "cpu-version", m->compat_pvr ? m->compat_pvr : info->pvr)) ||
        (r = fdt_setprop_u32(fdt, n, "d-cache-block-size", info->cache_line)) ||
        (r = fdt_setprop_u32(fdt, n, "d-cache-line-size", info->cache_line)) ||
        (r = fdt_setprop_u32(fdt, n, "i-cache-block-size", info->cache_line)) ||
        (r = fdt_setprop_u32(fdt, n, "i-cache-line-size", info->cache_line)) ||
        (r = fdt_setprop_u32(fdt, n, "d-cache-size", info->l1_dcache_size)) ||
        (r = fdt_setprop_u32(fdt, n, "i-cache-size", info->l1_icache_size)) ||
        (r = fdt_setprop_u32(fdt, n, "timebase-frequency", TIMEBASE_FREQ)) ||
        (r = fdt_setprop_u32(fdt, n, "clock-frequency", CLOCK_FREQ)) ||
        (r = fdt_setprop_u32(fdt, n, "slb-size", info->slb_size)) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,slb-size", info->slb_size)) ||
        (r = fdt_setprop_string(fdt, n, "status", "okay")) ||
        (r = fdt_setprop_empty(fdt, n, "64-bit")) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,purr", 1)) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,spurr", 1)) ||
        (r = fdt_setprop(fdt, n, "ibm,processor-segment-sizes", segs, sizeof(segs))) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,vmx", 2)) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,dfp", 1)) ||
        (r = fdt_setprop(fdt, n, "ibm,segment-page-sizes", sps_be, sizeof(sps_be))) ||
        (r = fdt_setprop(fdt, n, "ibm,pa-features", info->pa_features, (int)info->pa_features_len)) ||
        (r = fdt_setprop_u32(fdt, n, "ibm,chip-id", 0)) ||
        (has_pft(m, info) && (r = fdt_setprop(fdt, n, "ibm,pft-size", pft, sizeof(pft)))) ||
        (r = fdt_setprop(fdt, n, "ibm,ppc-interrupt-server#s", servers, (int)(4 * nthreads))) ||
        (r = fdt_setprop(fdt, n, "ibm,ppc-interrupt-gserver#s", gservers, (int)(8 * nthreads))))
        return r;
    if (info->radix) {
        if ((r = fdt_setprop(fdt, n, "ibm,processor-radix-AP-encodings", ap_be, sizeof(ap_be))) ||
            (r = fdt_setprop_u32(fdt, n, "ibm,dec-bits", 56)))
            return r;
    }
    return 0;
}

int spapr_fdt_cpus(struct spapr_machine *m, void *fdt)
{
    int cpus = fdt_add_subnode(fdt, 0, "cpus");
    if (cpus < 0)
        return cpus;
    int r;
    if ((r = fdt_setprop_u32(fdt, cpus, "#address-cells", 1)) ||
        (r = fdt_setprop_u32(fdt, cpus, "#size-cells", 0)))
        return r;
    unsigned tpc = m->cfg.threads_per_core;
    for (unsigned id = 0; id < m->cfg.nr_vcpus; id += tpc) {
        unsigned n = m->cfg.nr_vcpus - id < tpc ? m->cfg.nr_vcpus - id : tpc;
        if ((r = cpu_node(m, fdt, cpus, id, n)))
            return r;
    }
    return 0;
}
