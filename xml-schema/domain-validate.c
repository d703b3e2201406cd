/* domain-validate.c: semantic checks of a pSeries domain.
 *
 * Part of xml-schema/.  Run by the parser after defaults are filled in, and
 * callable on its own (pseries_domain_def_validate) by the daemon before it
 * stores or starts a definition it built or changed.  Checks what a schema
 * cannot: counts and sizes against each other (vCPUs and topology, memory,
 * DIMMs and slots), uniqueness (targets, addresses, MACs, ports), and
 * references (a SCSI disk's controller, a PCI address's host bridge).
 * Messages carry no line (the def has none).
 */
#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

#define FAIL(ctx, errnum, ...) px_fail((ctx), NULL, (errnum), __VA_ARGS__)

static bool addr_equal(const struct pseries_address *a, const struct pseries_address *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case PSERIES_ADDR_SPAPR_VIO:
        return a->reg == b->reg;
    case PSERIES_ADDR_PCI:
        return a->bus == b->bus && a->slot == b->slot && a->function == b->function;
    default:
        return false;
    }
}

static int check_addresses(struct parse_ctx *ctx, const struct pseries_domain_def *def)
{
    size_t n = 0;
    g_autofree const struct pseries_address **all =
        g_new0(const struct pseries_address *, def->ndisks + def->ninterfaces +
               def->ncontrollers + def->nserials + def->nrngs + def->ntpms + 2);
    for (size_t i = 0; i < def->ndisks; i++)
        all[n++] = &def->disks[i].addr;
    for (size_t i = 0; i < def->ninterfaces; i++)
        all[n++] = &def->interfaces[i].addr;
    for (size_t i = 0; i < def->ncontrollers; i++)
        all[n++] = &def->controllers[i].addr;
    for (size_t i = 0; i < def->nserials; i++)
        all[n++] = &def->serials[i].addr;
    for (size_t i = 0; i < def->nrngs; i++)
        all[n++] = &def->rngs[i].addr;
    for (size_t i = 0; i < def->ntpms; i++)
        all[n++] = &def->tpms[i].addr;
    if (def->has_nvram_device)
        all[n++] = &def->nvram_addr;
    if (def->balloon == PSERIES_BALLOON_VIRTIO)
        all[n++] = &def->balloon_addr;

    for (size_t i = 0; i < n; i++) {
        const struct pseries_address *a = all[i];
        if (a->type == PSERIES_ADDR_PCI) {
            bool found = false;
            for (size_t c = 0; c < def->ncontrollers; c++)
                if (def->controllers[c].type == PSERIES_CONTROLLER_PCI &&
                    def->controllers[c].index == a->bus)
                    found = true;
            if (!found)
                return FAIL(ctx, EINVAL,
                            _("a PCI address uses bus 0x%02x but there is no <controller "
                              "type='pci' index='%u' model='pci-root'/>"),
                            a->bus, a->bus);
        }
        for (size_t j = i + 1; j < n; j++) {
            if (!addr_equal(a, all[j]))
                continue;
            if (a->type == PSERIES_ADDR_PCI)
                return FAIL(ctx, EINVAL,
                            _("two devices use PCI address bus 0x%02x slot 0x%02x; give each "
                              "its own slot"),
                            a->bus, a->slot);
            return FAIL(ctx, EINVAL,
                        _("two devices use spapr-vio address reg='0x%x'; give each its own "
                          "reg"),
                        a->reg);
        }
    }
    return 0;
}

static int check_devices(struct parse_ctx *ctx, const struct pseries_domain_def *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        const struct pseries_disk *d = &def->disks[i];
        for (size_t j = i + 1; j < def->ndisks; j++) {
            const struct pseries_disk *e = &def->disks[j];
            if (g_strcmp0(d->target_dev, e->target_dev) == 0)
                return FAIL(ctx, EINVAL,
                            _("two disks use target dev='%s'; give each its own"),
                            d->target_dev);
            if (d->addr.type == PSERIES_ADDR_DRIVE && e->addr.type == PSERIES_ADDR_DRIVE &&
                d->addr.controller == e->addr.controller && d->addr.target == e->addr.target &&
                d->addr.unit == e->addr.unit)
                return FAIL(ctx, EINVAL,
                            _("disks '%s' and '%s' use the same SCSI address (controller %u "
                              "target %u unit %u)"),
                            d->target_dev, e->target_dev, d->addr.controller, d->addr.target,
                            d->addr.unit);
        }
        if (d->bus == PSERIES_DISK_BUS_SCSI) {
            bool found = false;
            for (size_t c = 0; c < def->ncontrollers; c++)
                if (def->controllers[c].type == PSERIES_CONTROLLER_SCSI &&
                    def->controllers[c].index == d->addr.controller)
                    found = true;
            if (!found)
                return FAIL(ctx, EINVAL,
                            _("disk '%s' refers to SCSI controller %u, which does not exist"),
                            d->target_dev, d->addr.controller);
        }
    }
    for (size_t i = 0; i < def->ncontrollers; i++) {
        const struct pseries_controller *c = &def->controllers[i];
        if (c->type == PSERIES_CONTROLLER_PCI && c->index == 0 && c->target_index != 0)
            return FAIL(ctx, EINVAL,
                        _("the PCI host bridge with index='0' must have target index='0'"));
        if (c->type == PSERIES_CONTROLLER_PCI && c->target_index > 30)
            return FAIL(ctx, EINVAL, _("a PCI host bridge target index must be at most 30"));
        for (size_t j = i + 1; j < def->ncontrollers; j++) {
            const struct pseries_controller *e = &def->controllers[j];
            if (c->type == e->type && c->index == e->index)
                return FAIL(ctx, EINVAL,
                            _("two controllers of the same type use index='%u'"), c->index);
            if (c->type == PSERIES_CONTROLLER_PCI && e->type == PSERIES_CONTROLLER_PCI &&
                c->target_index == e->target_index)
                return FAIL(ctx, EINVAL,
                            _("two PCI host bridges use target index='%u'"), c->target_index);
        }
    }
    for (size_t i = 0; i < def->ninterfaces; i++)
        for (size_t j = i + 1; j < def->ninterfaces; j++)
            if (memcmp(def->interfaces[i].mac, def->interfaces[j].mac, 6) == 0)
                return FAIL(ctx, EINVAL, _("two interfaces use the same MAC address"));
    for (size_t i = 0; i < def->nserials; i++)
        for (size_t j = i + 1; j < def->nserials; j++)
            if (def->serials[i].port == def->serials[j].port)
                return FAIL(ctx, EINVAL, _("two serials use port='%u'"), def->serials[i].port);
    unsigned spapr = 0, proxy = 0;
    for (size_t i = 0; i < def->ntpms; i++) {
        if (def->tpms[i].model == PSERIES_TPM_SPAPR)
            spapr++;
        else
            proxy++;
    }
    if (spapr > 1 || proxy > 1)
        return FAIL(ctx, EINVAL,
                    _("at most one tpm-spapr and one spapr-tpm-proxy TPM are supported"));
    for (size_t i = 0; i < def->ndimms; i++) {
        const struct pseries_dimm *m = &def->dimms[i];
        if (def->max_memory_slots && m->addr.dimm_slot >= def->max_memory_slots)
            return FAIL(ctx, EINVAL,
                        _("memory device slot %u is not below the %u slots of <maxMemory>"),
                        m->addr.dimm_slot, def->max_memory_slots);
        for (size_t j = i + 1; j < def->ndimms; j++)
            if (m->addr.dimm_slot == def->dimms[j].addr.dimm_slot)
                return FAIL(ctx, EINVAL, _("two memory devices use slot %u"), m->addr.dimm_slot);
    }
    return check_addresses(ctx, def);
}

/* Enum values and required strings: a def built or edited in C (by the
 * daemon) cannot make the formatter index past its tables. */
static int check_model(struct parse_ctx *ctx, const struct pseries_domain_def *def)
{
#define BAD(cond) if (cond) return FAIL(ctx, EINVAL, _("invalid value in the domain definition (%s)"), #cond)
    BAD(def->virt_type > PSERIES_VIRT_KVM);
    BAD(def->os.arch > PSERIES_ARCH_PPC64LE);
    BAD(!def->os.machine);
    BAD(def->placement > PSERIES_PLACEMENT_AUTO);
    BAD(def->cpu.mode > PSERIES_CPU_MODE_MAXIMUM);
    BAD(def->cpu.model > PSERIES_CPU_MODEL_POWER10);
    BAD(def->cpu.check > PSERIES_CPU_CHECK_FULL);
    BAD(def->cpu.fallback > PSERIES_CPU_FALLBACK_FORBID);
    BAD(def->features.hpt_resizing > PSERIES_HPT_RESIZING_REQUIRED);
    BAD(def->features.htm > PSERIES_OFF || def->features.nested_hv > PSERIES_OFF ||
        def->features.ccf_assist > PSERIES_OFF);
    BAD(def->features.cfpc > PSERIES_CAP_FIXED || def->features.sbbc > PSERIES_CAP_FIXED);
    BAD(def->features.ibs > PSERIES_CAP_FIXED_NA || def->features.ibs == PSERIES_CAP_FIXED);
    BAD(def->clock.offset > PSERIES_CLOCK_VARIABLE);
    BAD(def->on_poweroff > PSERIES_LIFECYCLE_PRESERVE || def->on_reboot > PSERIES_LIFECYCLE_PRESERVE ||
        def->on_crash > PSERIES_LIFECYCLE_PRESERVE);
    for (unsigned i = 0; i < def->os.nboot && i < PSERIES_MAX_BOOT_DEVS; i++)
        BAD(def->os.boot[i] > PSERIES_BOOT_NETWORK);
    BAD(def->balloon > PSERIES_BALLOON_VIRTIO);
    for (size_t i = 0; i < def->ndisks; i++) {
        const struct pseries_disk *d = &def->disks[i];
        BAD(d->type > PSERIES_DISK_BLOCK || d->device > PSERIES_DISK_DEVICE_CDROM);
        BAD(d->bus > PSERIES_DISK_BUS_VIRTIO || d->cache > PSERIES_CACHE_UNSAFE);
        BAD(!d->target_dev || strlen(d->target_dev) < 3);
        BAD(!d->source && d->device == PSERIES_DISK_DEVICE_DISK);
    }
    for (size_t i = 0; i < def->ninterfaces; i++) {
        const struct pseries_interface *n = &def->interfaces[i];
        BAD(n->type > PSERIES_NET_ETHERNET || n->model > PSERIES_NET_MODEL_VIRTIO);
        BAD(!n->source && (n->type == PSERIES_NET_NETWORK || n->type == PSERIES_NET_BRIDGE));
    }
    for (size_t i = 0; i < def->ncontrollers; i++) {
        const struct pseries_controller *c = &def->controllers[i];
        BAD(c->type > PSERIES_CONTROLLER_PCI || c->model > PSERIES_CONTROLLER_MODEL_PCI_ROOT);
    }
    for (size_t i = 0; i < def->nserials; i++) {
        const struct pseries_serial *c = &def->serials[i];
        BAD(c->type > PSERIES_CHR_UNIX || c->append > PSERIES_OFF);
        BAD(!c->path && c->type != PSERIES_CHR_PTY);
    }
    for (size_t i = 0; i < def->nrngs; i++)
        BAD(!def->rngs[i].backend_path);
    for (size_t i = 0; i < def->ntpms; i++)
        BAD(def->tpms[i].model > PSERIES_TPM_SPAPR_PROXY ||
            def->tpms[i].backend > PSERIES_TPM_BACKEND_PASSTHROUGH);
#undef BAD
    return 0;
}

int px_validate(struct parse_ctx *ctx, const struct pseries_domain_def *def)
{
    const char *why;
    int r = check_model(ctx, def);
    if (r < 0)
        return r;
    if (pseries_domain_name_validate(def->name, &why) < 0)
        return FAIL(ctx, EINVAL, _("invalid domain name: %s"), why);
    if (def->vcpus < 1 || def->vcpus > PSERIES_MAX_VCPUS)
        return FAIL(ctx, EINVAL, _("the number of vCPUs must be from 1 to %d"),
                    PSERIES_MAX_VCPUS);
    if (def->current_vcpus < 1 || def->current_vcpus > def->vcpus)
        return FAIL(ctx, EINVAL, _("the current vCPUs must be from 1 to the maximum (%u)"),
                    def->vcpus);
    if (def->cpu.has_topology) {
        unsigned t = def->cpu.threads;
        if (def->cpu.dies != 1 || t < 1 || t > 8 || (t & (t - 1)))
            return FAIL(ctx, EINVAL,
                        _("the CPU topology needs dies='1' and 1, 2, 4 or 8 threads"));
        if ((unsigned long long)def->cpu.sockets * def->cpu.cores * t != def->vcpus)
            return FAIL(ctx, EINVAL,
                        _("the CPU topology (sockets*cores*threads) must equal <vcpu> (%u)"),
                        def->vcpus);
    }
    if (def->cpu.model == PSERIES_CPU_MODEL_POWER7 && def->os.arch == PSERIES_ARCH_PPC64LE)
        return FAIL(ctx, EOPNOTSUPP,
                    _("a ppc64le guest needs POWER8 or later; use arch='ppc64' for POWER7"));
    if (def->memory_kib == 0 || def->memory_kib > PSERIES_MAX_MEMORY_KIB)
        return FAIL(ctx, EINVAL, _("<memory> must be from 1 KiB to %llu KiB"),
                    (unsigned long long)PSERIES_MAX_MEMORY_KIB);
    if (def->current_memory_kib == 0 || def->current_memory_kib > def->memory_kib)
        return FAIL(ctx, EINVAL,
                    _("<currentMemory> (%llu KiB) must not be more than <memory> (%llu KiB)"),
                    (unsigned long long)def->current_memory_kib,
                    (unsigned long long)def->memory_kib);
    if (def->max_memory_kib) {
        if (def->max_memory_kib < def->memory_kib)
            return FAIL(ctx, EINVAL,
                        _("<maxMemory> (%llu KiB) must not be less than <memory> (%llu KiB)"),
                        (unsigned long long)def->max_memory_kib,
                        (unsigned long long)def->memory_kib);
        if (def->max_memory_slots < 1)
            return FAIL(ctx, EINVAL, _("<maxMemory> needs slots= of at least 1"));
    }
    uint64_t dimm_kib = 0;
    for (size_t i = 0; i < def->ndimms; i++)
        dimm_kib += def->dimms[i].size_kib;
    if (def->ndimms) {
        if (!def->max_memory_kib)
            return FAIL(ctx, EINVAL,
                        _("memory devices need <maxMemory slots='N' unit='GiB'>SIZE</maxMemory>"));
        if (def->ndimms > def->max_memory_slots)
            return FAIL(ctx, EINVAL,
                        _("%zu memory devices do not fit in the %u slots of <maxMemory>"),
                        def->ndimms, def->max_memory_slots);
        if (dimm_kib >= def->memory_kib)
            return FAIL(ctx, EINVAL,
                        _("<memory> counts the memory devices too and must be more than their "
                          "total (%llu KiB)"),
                        (unsigned long long)dimm_kib);
    }
    if ((def->os.initrd || def->os.cmdline) && !def->os.kernel)
        return FAIL(ctx, EINVAL, _("<initrd> and <cmdline> need a <kernel> in <os>"));
    if (def->os.nvram_template && !def->os.nvram)
        return FAIL(ctx, EINVAL, _("template= needs the NVRAM path in <nvram>"));
    if (def->os.nboot < 1 || def->os.nboot > PSERIES_MAX_BOOT_DEVS)
        return FAIL(ctx, EINVAL, _("bad number of boot devices"));
    return check_devices(ctx, def);
}

int pseries_domain_def_validate(const struct pseries_domain_def *def,
                                struct pseries_xml_error *err)
{
    struct parse_ctx ctx = {.file = def && def->name ? def->name : "domain", .err = err};
    if (err)
        pseries_xml_error_clear(err);
    if (!def)
        return FAIL(&ctx, EINVAL, _("no domain"));
    return px_validate(&ctx, def);
}
