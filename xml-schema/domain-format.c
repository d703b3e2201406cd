/* domain-format.c: struct pseries_domain_def -> canonical libvirt XML.
 *
 * Part of xml-schema/.  Writes the domain the way libvirt writes one:
 * two-space indentation, single-quoted attributes, elements in libvirt's
 * order (identity, memory, vcpu, os, features, cpu, clock, lifecycle, then
 * devices: emulator, disks, controllers, interfaces, serials, consoles,
 * tpms, memballoon, rngs, nvram, panic, memory devices).  Everything the
 * parser defaulted is written out (see domain-defaults.c), so
 * parse -> format -> parse -> format is byte-stable, and the result
 * validates against libvirt's own domain.rng.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

/* XML escaping for both text and single- or double-quoted attributes;
 * \t \n \r are written as character references so that attribute-value
 * normalisation and end-of-line handling cannot change them. */
static void esc(GString *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': g_string_append(o, "&amp;"); break;
        case '<': g_string_append(o, "&lt;"); break;
        case '>': g_string_append(o, "&gt;"); break;
        case '\'': g_string_append(o, "&apos;"); break;
        case '"': g_string_append(o, "&quot;"); break;
        case '\r': g_string_append(o, "&#13;"); break;
        default: g_string_append_c(o, *s); break;
        }
    }
}

/* Attribute values additionally protect tabs and newlines. */
static void esc_attr(GString *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\t')
            g_string_append(o, "&#9;");
        else if (*s == '\n')
            g_string_append(o, "&#10;");
        else {
            char one[2] = {*s, 0};
            esc(o, one);
        }
    }
}

static void indent(GString *o, int level)
{
    for (int i = 0; i < level; i++)
        g_string_append(o, "  ");
}

/* <name>text</name> on its own line. */
static void text_elem(GString *o, int level, const char *name, const char *text)
{
    indent(o, level);
    g_string_append_printf(o, "<%s>", name);
    esc(o, text);
    g_string_append_printf(o, "</%s>\n", name);
}

static void attr(GString *o, const char *name, const char *value)
{
    g_string_append_printf(o, " %s='", name);
    esc_attr(o, value);
    g_string_append_c(o, '\'');
}

static void format_address(GString *o, int level, const struct pseries_address *a)
{
    switch (a->type) {
    case PSERIES_ADDR_SPAPR_VIO:
        indent(o, level);
        /* libvirt writes the register as 0x%08x. */
        g_string_append_printf(o, "<address type='spapr-vio' reg='0x%08" PRIx32 "'/>\n", a->reg);
        break;
    case PSERIES_ADDR_PCI:
        indent(o, level);
        g_string_append_printf(o,
                               "<address type='pci' domain='0x0000' bus='0x%02x' "
                               "slot='0x%02x' function='0x0'/>\n",
                               a->bus, a->slot);
        break;
    case PSERIES_ADDR_DRIVE:
        indent(o, level);
        g_string_append_printf(o,
                               "<address type='drive' controller='%" PRIu32 "' bus='0' "
                               "target='%" PRIu32 "' unit='%" PRIu32 "'/>\n",
                               a->controller, a->target, a->unit);
        break;
    case PSERIES_ADDR_DIMM:
        indent(o, level);
        g_string_append_printf(o, "<address type='dimm' slot='%" PRIu32 "'", a->dimm_slot);
        if (a->dimm_base)
            g_string_append_printf(o, " base='0x%" PRIx64 "'", a->dimm_base);
        g_string_append(o, "/>\n");
        break;
    default:
        break;
    }
}

static void format_os(GString *o, const struct pseries_domain_def *def)
{
    g_string_append(o, "  <os>\n    <type");
    attr(o, "arch", pseries_arch_to_string(def->os.arch));
    attr(o, "machine", def->os.machine);
    g_string_append(o, ">hvm</type>\n");
    if (def->os.loader) {
        g_string_append(o, "    <loader");
        if (def->os.loader_readonly_set)
            attr(o, "readonly", def->os.loader_readonly ? "yes" : "no");
        if (def->os.loader_type_rom)
            attr(o, "type", "rom");
        g_string_append_c(o, '>');
        esc(o, def->os.loader);
        g_string_append(o, "</loader>\n");
    }
    if (def->os.nvram) {
        g_string_append(o, "    <nvram");
        if (def->os.nvram_template)
            attr(o, "template", def->os.nvram_template);
        g_string_append_c(o, '>');
        esc(o, def->os.nvram);
        g_string_append(o, "</nvram>\n");
    }
    if (def->os.kernel)
        text_elem(o, 2, "kernel", def->os.kernel);
    if (def->os.initrd)
        text_elem(o, 2, "initrd", def->os.initrd);
    if (def->os.cmdline)
        text_elem(o, 2, "cmdline", def->os.cmdline);
    for (unsigned i = 0; i < def->os.nboot; i++)
        g_string_append_printf(o, "    <boot dev='%s'/>\n", px_boot_names[def->os.boot[i]]);
    g_string_append(o, "  </os>\n");
}

static void format_features(GString *o, const struct pseries_domain_def *def)
{
    static const char *const resizing[] = {"", "enabled", "disabled", "required"};
    static const char *const state[] = {"", "on", "off"};
    const typeof(def->features) *f = &def->features;
    if (!f->hpt && !f->htm && !f->nested_hv && !f->ccf_assist && !f->cfpc && !f->sbbc && !f->ibs)
        return;
    g_string_append(o, "  <features>\n");
    if (f->hpt) {
        g_string_append(o, "    <hpt");
        if (f->hpt_resizing)
            attr(o, "resizing", resizing[f->hpt_resizing]);
        if (f->hpt_maxpagesize_kib)
            g_string_append_printf(o,
                                   ">\n      <maxpagesize unit='KiB'>%" PRIu64
                                   "</maxpagesize>\n    </hpt>\n",
                                   f->hpt_maxpagesize_kib);
        else
            g_string_append(o, "/>\n");
    }
    if (f->htm)
        g_string_append_printf(o, "    <htm state='%s'/>\n", state[f->htm]);
    if (f->nested_hv)
        g_string_append_printf(o, "    <nested-hv state='%s'/>\n", state[f->nested_hv]);
    if (f->ccf_assist)
        g_string_append_printf(o, "    <ccf-assist state='%s'/>\n", state[f->ccf_assist]);
    if (f->cfpc)
        g_string_append_printf(o, "    <cfpc value='%s'/>\n", px_cap_names[f->cfpc]);
    if (f->sbbc)
        g_string_append_printf(o, "    <sbbc value='%s'/>\n", px_cap_names[f->sbbc]);
    if (f->ibs)
        g_string_append_printf(o, "    <ibs value='%s'/>\n", px_cap_names[f->ibs]);
    g_string_append(o, "  </features>\n");
}

static void format_cpu(GString *o, const struct pseries_domain_def *def)
{
    static const char *const modes[] = {"custom", "host-model", "host-passthrough", "maximum"};
    static const char *const checks[] = {"", "none", "partial", "full"};
    if (!def->cpu.present)
        return;
    if (def->cpu.mode == PSERIES_CPU_MODE_CUSTOM && !def->cpu.model) {
        /* libvirt writes a model-less custom CPU as a bare <cpu>. */
        if (!def->cpu.has_topology) {
            g_string_append(o, "  <cpu/>\n");
            return;
        }
        g_string_append_printf(o,
                               "  <cpu>\n    <topology sockets='%u' dies='%u' cores='%u' "
                               "threads='%u'/>\n  </cpu>\n",
                               def->cpu.sockets, def->cpu.dies, def->cpu.cores,
                               def->cpu.threads);
        return;
    }
    enum pseries_cpu_check check = def->cpu.check;
    if (check == PSERIES_CPU_CHECK_DEFAULT)
        check = def->cpu.mode == PSERIES_CPU_MODE_HOST_MODEL ? PSERIES_CPU_CHECK_PARTIAL
                                                             : PSERIES_CPU_CHECK_NONE;
    g_string_append_printf(o, "  <cpu mode='%s'", modes[def->cpu.mode]);
    if (def->cpu.mode == PSERIES_CPU_MODE_CUSTOM)
        g_string_append(o, " match='exact'");
    g_string_append_printf(o, " check='%s'", checks[check]);
    if (!def->cpu.model && !def->cpu.has_topology) {
        g_string_append(o, "/>\n");
        return;
    }
    g_string_append(o, ">\n");
    if (def->cpu.model) {
        enum pseries_cpu_fallback fb = def->cpu.fallback;
        if (fb == PSERIES_CPU_FALLBACK_DEFAULT)
            fb = def->cpu.mode == PSERIES_CPU_MODE_HOST_MODEL ? PSERIES_CPU_FALLBACK_ALLOW
                                                              : PSERIES_CPU_FALLBACK_FORBID;
        g_string_append_printf(o, "    <model fallback='%s'>%s</model>\n",
                               fb == PSERIES_CPU_FALLBACK_ALLOW ? "allow" : "forbid",
                               px_cpu_model_names[def->cpu.model]);
    }
    if (def->cpu.has_topology)
        g_string_append_printf(o,
                               "    <topology sockets='%u' dies='%u' cores='%u' "
                               "threads='%u'/>\n",
                               def->cpu.sockets, def->cpu.dies, def->cpu.cores,
                               def->cpu.threads);
    g_string_append(o, "  </cpu>\n");
}

static void format_disk(GString *o, const struct pseries_disk *d)
{
    g_string_append_printf(o, "    <disk type='%s' device='%s'>\n",
                           d->type == PSERIES_DISK_FILE ? "file" : "block",
                           d->device == PSERIES_DISK_DEVICE_CDROM ? "cdrom" : "disk");
    g_string_append(o, "      <driver name='qemu' type='raw'");
    if (d->cache)
        g_string_append_printf(o, " cache='%s'", px_cache_names[d->cache]);
    g_string_append(o, "/>\n");
    if (d->source) {
        g_string_append(o, "      <source");
        attr(o, d->type == PSERIES_DISK_FILE ? "file" : "dev", d->source);
        g_string_append(o, "/>\n");
    }
    g_string_append(o, "      <target");
    attr(o, "dev", d->target_dev);
    g_string_append_printf(o, " bus='%s'/>\n", d->bus == PSERIES_DISK_BUS_SCSI ? "scsi" : "virtio");
    if (d->readonly)
        g_string_append(o, "      <readonly/>\n");
    format_address(o, 3, &d->addr);
    g_string_append(o, "    </disk>\n");
}

static void format_controllers(GString *o, const struct pseries_domain_def *def)
{
    /* Canonical order: SCSI, USB, PCI; each by index. */
    static const enum pseries_controller_type order[] = {
        PSERIES_CONTROLLER_SCSI, PSERIES_CONTROLLER_USB, PSERIES_CONTROLLER_PCI};
    for (size_t t = 0; t < G_N_ELEMENTS(order); t++) {
        for (unsigned idx = 0; idx < PSERIES_MAX_CONTROLLERS; idx++) {
            for (size_t i = 0; i < def->ncontrollers; i++) {
                const struct pseries_controller *c = &def->controllers[i];
                if (c->type != order[t] || c->index != idx)
                    continue;
                switch (c->type) {
                case PSERIES_CONTROLLER_SCSI:
                    g_string_append_printf(o, "    <controller type='scsi' index='%u' "
                                              "model='%s'>\n",
                                           c->index,
                                           c->model == PSERIES_CONTROLLER_MODEL_IBMVSCSI
                                               ? "ibmvscsi" : "virtio-scsi");
                    format_address(o, 3, &c->addr);
                    g_string_append(o, "    </controller>\n");
                    break;
                case PSERIES_CONTROLLER_USB:
                    g_string_append_printf(o, "    <controller type='usb' index='%u' "
                                              "model='none'/>\n", c->index);
                    break;
                case PSERIES_CONTROLLER_PCI:
                    g_string_append_printf(o,
                                           "    <controller type='pci' index='%u' "
                                           "model='pci-root'>\n"
                                           "      <model name='spapr-pci-host-bridge'/>\n"
                                           "      <target index='%u'/>\n"
                                           "    </controller>\n",
                                           c->index, c->target_index);
                    break;
                }
            }
        }
    }
}

static void format_interface(GString *o, const struct pseries_interface *i)
{
    static const char *const types[] = {"network", "bridge", "user", "ethernet"};
    g_string_append_printf(o, "    <interface type='%s'>\n", types[i->type]);
    g_string_append_printf(o, "      <mac address='%02x:%02x:%02x:%02x:%02x:%02x'/>\n",
                           i->mac[0], i->mac[1], i->mac[2], i->mac[3], i->mac[4], i->mac[5]);
    if (i->source) {
        g_string_append(o, "      <source");
        attr(o, i->type == PSERIES_NET_NETWORK ? "network" : "bridge", i->source);
        g_string_append(o, "/>\n");
    }
    if (i->target_dev) {
        g_string_append(o, "      <target");
        attr(o, "dev", i->target_dev);
        g_string_append(o, "/>\n");
    }
    g_string_append_printf(o, "      <model type='%s'/>\n",
                           i->model == PSERIES_NET_MODEL_VIRTIO ? "virtio" : "spapr-vlan");
    format_address(o, 3, &i->addr);
    g_string_append(o, "    </interface>\n");
}

static void format_chr_source(GString *o, const struct pseries_serial *s)
{
    switch (s->type) {
    case PSERIES_CHR_FILE:
        g_string_append(o, "      <source");
        attr(o, "path", s->path);
        if (s->append != PSERIES_ABSENT)
            g_string_append_printf(o, " append='%s'", s->append == PSERIES_ON ? "on" : "off");
        g_string_append(o, "/>\n");
        break;
    case PSERIES_CHR_UNIX:
        g_string_append_printf(o, "      <source mode='%s'", s->listen ? "bind" : "connect");
        attr(o, "path", s->path);
        g_string_append(o, "/>\n");
        break;
    default:
        break;
    }
}

static const char *chr_type(const struct pseries_serial *s)
{
    return s->type == PSERIES_CHR_FILE ? "file" : s->type == PSERIES_CHR_UNIX ? "unix" : "pty";
}

static void format_serials(GString *o, const struct pseries_domain_def *def)
{
    for (size_t i = 0; i < def->nserials; i++) {
        const struct pseries_serial *s = &def->serials[i];
        g_string_append_printf(o, "    <serial type='%s'>\n", chr_type(s));
        format_chr_source(o, s);
        g_string_append_printf(o,
                               "      <target type='spapr-vio-serial' port='%u'>\n"
                               "        <model name='spapr-vty'/>\n"
                               "      </target>\n",
                               s->port);
        format_address(o, 3, &s->addr);
        g_string_append(o, "    </serial>\n");
    }
    if (def->nserials) {
        const struct pseries_serial *s = &def->serials[0];
        g_string_append_printf(o, "    <console type='%s'>\n", chr_type(s));
        format_chr_source(o, s);
        g_string_append(o, "      <target type='serial' port='0'/>\n");
        format_address(o, 3, &s->addr);
        g_string_append(o, "    </console>\n");
    }
}

static void format_tpms(GString *o, const struct pseries_domain_def *def)
{
    for (size_t i = 0; i < def->ntpms; i++) {
        const struct pseries_tpm *t = &def->tpms[i];
        if (t->model == PSERIES_TPM_SPAPR) {
            g_string_append(o, "    <tpm model='tpm-spapr'>\n"
                               "      <backend type='emulator' version='2.0'/>\n");
        } else {
            g_string_append(o, "    <tpm model='spapr-tpm-proxy'>\n");
            if (t->device_path) {
                g_string_append(o, "      <backend type='passthrough'>\n        <device");
                attr(o, "path", t->device_path);
                g_string_append(o, "/>\n      </backend>\n");
            } else {
                g_string_append(o, "      <backend type='passthrough'/>\n");
            }
        }
        format_address(o, 3, &t->addr);
        g_string_append(o, "    </tpm>\n");
    }
}

static void format_devices(GString *o, const struct pseries_domain_def *def)
{
    g_string_append(o, "  <devices>\n");
    if (def->emulator)
        text_elem(o, 2, "emulator", def->emulator);
    for (size_t i = 0; i < def->ndisks; i++)
        format_disk(o, &def->disks[i]);
    format_controllers(o, def);
    for (size_t i = 0; i < def->ninterfaces; i++)
        format_interface(o, &def->interfaces[i]);
    format_serials(o, def);
    format_tpms(o, def);
    if (def->balloon == PSERIES_BALLOON_VIRTIO) {
        g_string_append(o, "    <memballoon model='virtio'>\n");
        format_address(o, 3, &def->balloon_addr);
        g_string_append(o, "    </memballoon>\n");
    } else {
        g_string_append(o, "    <memballoon model='none'/>\n");
    }
    for (size_t i = 0; i < def->nrngs; i++) {
        g_string_append(o, "    <rng model='virtio'>\n      <backend model='random'>");
        esc(o, def->rngs[i].backend_path);
        g_string_append(o, "</backend>\n");
        format_address(o, 3, &def->rngs[i].addr);
        g_string_append(o, "    </rng>\n");
    }
    if (def->has_nvram_device) {
        g_string_append(o, "    <nvram>\n");
        format_address(o, 3, &def->nvram_addr);
        g_string_append(o, "    </nvram>\n");
    }
    if (def->has_panic)
        g_string_append(o, "    <panic model='pseries'/>\n");
    for (size_t i = 0; i < def->ndimms; i++) {
        g_string_append_printf(o,
                               "    <memory model='dimm'>\n      <target>\n"
                               "        <size unit='KiB'>%" PRIu64 "</size>\n"
                               "      </target>\n",
                               def->dimms[i].size_kib);
        format_address(o, 3, &def->dimms[i].addr);
        g_string_append(o, "    </memory>\n");
    }
    g_string_append(o, "  </devices>\n");
}

static int format_domain(const struct pseries_domain_def *def, int id, char **out)
{
    if (!def || !out || !def->name || !def->os.machine)
        return -EINVAL;
    /* Never write a definition the parser would refuse (and never index
     * past a table on a def edited in C). */
    int r = pseries_domain_def_validate(def, NULL);
    if (r < 0)
        return r;
    GString *o = g_string_sized_new(4096);
    char uuid[37];

    g_string_append_printf(o, "<domain type='%s'",
                           def->virt_type == PSERIES_VIRT_KVM ? "kvm" : "qemu");
    if (id > 0)
        g_string_append_printf(o, " id='%d'", id);
    g_string_append(o, ">\n");
    text_elem(o, 1, "name", def->name);
    pseries_uuid_format(def->uuid, uuid);
    text_elem(o, 1, "uuid", uuid);
    if (def->title)
        text_elem(o, 1, "title", def->title);
    if (def->description)
        text_elem(o, 1, "description", def->description);
    if (def->metadata) {
        if (!def->metadata[0]) {
            g_string_append(o, "  <metadata/>\n");
        } else {
            g_string_append(o, "  <metadata>\n");
            for (char **m = def->metadata; *m; m++)
                g_string_append_printf(o, "    %s\n", *m);
            g_string_append(o, "  </metadata>\n");
        }
    }
    if (def->max_memory_kib)
        g_string_append_printf(o, "  <maxMemory slots='%u' unit='KiB'>%" PRIu64 "</maxMemory>\n",
                               def->max_memory_slots, def->max_memory_kib);
    g_string_append_printf(o, "  <memory unit='KiB'>%" PRIu64 "</memory>\n", def->memory_kib);
    g_string_append_printf(o, "  <currentMemory unit='KiB'>%" PRIu64 "</currentMemory>\n",
                           def->current_memory_kib);
    g_string_append_printf(o, "  <vcpu placement='%s'",
                           def->placement == PSERIES_PLACEMENT_AUTO ? "auto" : "static");
    if (def->current_vcpus != def->vcpus)
        g_string_append_printf(o, " current='%u'", def->current_vcpus);
    g_string_append_printf(o, ">%u</vcpu>\n", def->vcpus);
    format_os(o, def);
    format_features(o, def);
    format_cpu(o, def);
    switch (def->clock.offset) {
    case PSERIES_CLOCK_LOCALTIME:
        g_string_append_printf(o, "  <clock offset='localtime'%s/>\n",
                               def->clock.adjustment_reset ? " adjustment='reset'" : "");
        break;
    case PSERIES_CLOCK_VARIABLE:
        g_string_append_printf(o, "  <clock offset='variable' adjustment='%lld' basis='%s'/>\n",
                               def->clock.adjustment,
                               def->clock.basis_localtime ? "localtime" : "utc");
        break;
    default:
        g_string_append_printf(o, "  <clock offset='utc'%s/>\n",
                               def->clock.adjustment_reset ? " adjustment='reset'" : "");
        break;
    }
    text_elem(o, 1, "on_poweroff", px_lifecycle_names[def->on_poweroff]);
    text_elem(o, 1, "on_reboot", px_lifecycle_names[def->on_reboot]);
    text_elem(o, 1, "on_crash", px_lifecycle_names[def->on_crash]);
    format_devices(o, def);
    g_string_append(o, "</domain>\n");
    *out = g_string_free(o, FALSE);
    return 0;
}

int pseries_domain_def_format(const struct pseries_domain_def *def, char **out)
{
    return format_domain(def, 0, out);
}

int pseries_domain_def_format_live(const struct pseries_domain_def *def, int id, char **out)
{
    if (id < 1)
        return -EINVAL;
    return format_domain(def, id, out);
}

int pseries_domain_def_copy(const struct pseries_domain_def *def,
                            struct pseries_domain_def **out)
{
    g_autofree char *xml = NULL;
    int r = pseries_domain_def_format(def, &xml);
    if (r < 0)
        return r;
    /* The canonical form is complete, so parsing it back reproduces def. */
    return pseries_domain_def_parse_memory(xml, strlen(xml), def->name, out, NULL);
}
