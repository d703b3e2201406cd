/* domain-parse.c: libvirt domain XML -> struct pseries_domain_def.
 *
 * Part of xml-schema/.  Reads the document with libxml2 (no network, no
 * DTD, no entity expansion, size-limited), then walks <domain> strictly:
 * every element and attribute pseriesd does not support is rejected with
 * file:line and a remedy.  Devices are in domain-parse-devices.c, defaults
 * in domain-defaults.c, semantic checks in domain-validate.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>

#include "domain-priv.h"

static int parse_name(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    int r;
    if ((r = px_check_attrs(ctx, n, NULL)) < 0 || (r = px_check_children(ctx, n, PX_TEXT)) < 0)
        return r;
    /* Not trimmed: libvirt keeps a name's blanks. */
    g_autofree char *name = px_text(n);
    const char *why = NULL;
    if (strlen(name) > PSERIES_NAME_MAX)
        return px_fail(ctx, n, E2BIG,
                       _("<name> is too long (%zu bytes); the limit is %d bytes"),
                       strlen(name), PSERIES_NAME_MAX);
    if (pseries_domain_name_validate(name, &why) < 0)
        return px_fail(ctx, n, EINVAL, _("invalid <name> '%s': %s"), name, why);
    def->name = g_steal_pointer(&name);
    return 0;
}

static int parse_memory_elems(struct parse_ctx *ctx, const xmlNode *root,
                              struct pseries_domain_def *def)
{
    int r;
    bool have_memory = false;
    PX_FOREACH_ELEMENT(root, n) {
        if (PX_NODE_IS(n, "memory")) {
            if ((r = px_check_attrs(ctx, n, (const char *[]){"unit", NULL})) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0 ||
                (r = px_memory_kib(ctx, n, &def->memory_kib)) < 0)
                return r;
            if (def->memory_kib == 0)
                return px_fail(ctx, n, EINVAL, _("<memory> must not be 0"));
            have_memory = true;
        } else if (PX_NODE_IS(n, "currentMemory")) {
            if ((r = px_check_attrs(ctx, n, (const char *[]){"unit", NULL})) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0 ||
                (r = px_memory_kib(ctx, n, &def->current_memory_kib)) < 0)
                return r;
            /* 0 means "all of <memory>", as in libvirt (see defaults). */
        } else if (PX_NODE_IS(n, "maxMemory")) {
            unsigned long long slots = 0;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"unit", "slots", NULL})) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0 ||
                (r = px_memory_kib(ctx, n, &def->max_memory_kib)) < 0 ||
                (r = px_attr_uint(ctx, n, "slots", false, 1, PSERIES_MAX_MEMORY_SLOTS, true,
                                  NULL, &slots)) < 0)
                return r;
            if (def->max_memory_kib == 0)
                return px_fail(ctx, n, EINVAL, _("<maxMemory> must not be 0"));
            def->max_memory_slots = (unsigned)slots;
        }
    }
    if (!have_memory)
        return px_fail(ctx, root, EINVAL,
                       _("<memory> is missing; add e.g. <memory unit='MiB'>1024</memory>"));
    return 0;
}

static int parse_vcpu(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    int r, placement = PSERIES_PLACEMENT_STATIC;
    unsigned long long v, cur = 0;
    bool has_cur;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"placement", "current", NULL})) < 0 ||
        (r = px_check_children(ctx, n, PX_TEXT)) < 0 ||
        (r = px_attr_enum(ctx, n, "placement", (const char *[]){"static", "auto", NULL},
                          false, &placement)) < 0)
        return r;
    g_autofree char *text = px_text(n);
    r = px_parse_uint(text, false, 1, PSERIES_MAX_VCPUS, &v);
    if (r < 0)
        return px_fail(ctx, n, EINVAL,
                       _("<vcpu> must be a number of vCPUs from 1 to %d, not '%s'"),
                       PSERIES_MAX_VCPUS, text);
    if ((r = px_attr_uint(ctx, n, "current", false, 1, PSERIES_MAX_VCPUS, false, &has_cur,
                          &cur)) < 0)
        return r;
    if (has_cur && cur > v)
        return px_fail(ctx, n, EINVAL,
                       _("current='%llu' of <vcpu> is more than the %llu vCPUs; lower it"),
                       cur, v);
    def->vcpus = (unsigned)v;
    def->current_vcpus = has_cur ? (unsigned)cur : (unsigned)v;
    def->placement = placement;
    return 0;
}

static int parse_cpu(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    int r, mode = PSERIES_CPU_MODE_CUSTOM, match = 0, check = 0;
    static const char *const modes[] = {"custom", "host-model", "host-passthrough", "maximum",
                                        NULL};
    if ((r = px_check_attrs(ctx, n, (const char *[]){"mode", "match", "check", NULL})) < 0 ||
        (r = px_check_children(ctx, n, (const char *[]){"model", "topology", NULL})) < 0 ||
        (r = px_check_unique(ctx, n, (const char *[]){"model", "topology", NULL})) < 0 ||
        (r = px_attr_enum(ctx, n, "mode", modes, false, &mode)) < 0 ||
        (r = px_attr_enum(ctx, n, "match", (const char *[]){"exact", NULL}, false, &match)) < 0 ||
        (r = px_attr_enum(ctx, n, "check", (const char *[]){"", "none", "partial", "full", NULL},
                          false, &check)) < 0)
        return r;
    def->cpu.present = true;
    def->cpu.mode = mode;
    def->cpu.check = check;
    if (mode != PSERIES_CPU_MODE_CUSTOM) {
        g_autofree char *m = px_attr(n, "match");
        if (m)
            return px_fail(ctx, n, EINVAL,
                           _("match= of <cpu> only applies to mode='custom'; remove it"));
    }
    PX_FOREACH_ELEMENT(n, c) {
        if (PX_NODE_IS(c, "model")) {
            int fb = 0;
            if ((r = px_check_attrs(ctx, c, (const char *[]){"fallback", NULL})) < 0 ||
                (r = px_check_children(ctx, c, PX_TEXT)) < 0 ||
                (r = px_attr_enum(ctx, c, "fallback",
                                  (const char *[]){"", "allow", "forbid", NULL}, false,
                                  &fb)) < 0)
                return r;
            if (mode == PSERIES_CPU_MODE_HOST_PASSTHROUGH || mode == PSERIES_CPU_MODE_MAXIMUM)
                return px_fail(ctx, c, EINVAL,
                               _("<model> in <cpu mode='%s'> is not supported; remove it or "
                                 "use mode='custom'"),
                               modes[mode]);
            g_autofree char *text = px_text_trimmed(c);
            enum pseries_cpu_model model;
            if (pseries_cpu_model_from_string(text, &model) < 0)
                return px_fail(ctx, c, EOPNOTSUPP,
                               _("CPU model '%s' is not supported by pseriesd; use POWER7, "
                                 "POWER8, POWER9 or POWER10"),
                               text);
            def->cpu.model = model;
            def->cpu.fallback = fb;
        } else if (PX_NODE_IS(c, "topology")) {
            unsigned long long s = 0, d = 1, co = 0, t = 0;
            if ((r = px_check_attrs(ctx, c, (const char *[]){"sockets", "dies", "cores",
                                                             "threads", NULL})) < 0 ||
                (r = px_check_children(ctx, c, NULL)) < 0 ||
                (r = px_attr_uint(ctx, c, "sockets", false, 1, PSERIES_MAX_VCPUS, true, NULL,
                                  &s)) < 0 ||
                (r = px_attr_uint(ctx, c, "dies", false, 1, 1, false, NULL, &d)) < 0 ||
                (r = px_attr_uint(ctx, c, "cores", false, 1, PSERIES_MAX_VCPUS, true, NULL,
                                  &co)) < 0 ||
                (r = px_attr_uint(ctx, c, "threads", false, 1, 8, true, NULL, &t)) < 0)
                return r;
            if (t & (t - 1))
                return px_fail(ctx, c, EINVAL,
                               _("threads='%llu' of <topology>: pSeries supports 1, 2, 4 or 8 "
                                 "threads per core"),
                               t);
            if (s * co * t != def->vcpus)
                return px_fail(ctx, c, EINVAL,
                               _("<topology> gives %llu vCPUs (sockets*cores*threads) but "
                                 "<vcpu> is %u; make them equal"),
                               s * co * t, def->vcpus);
            def->cpu.has_topology = true;
            def->cpu.sockets = (unsigned)s;
            def->cpu.dies = (unsigned)d;
            def->cpu.cores = (unsigned)co;
            def->cpu.threads = (unsigned)t;
        }
    }
    if (mode == PSERIES_CPU_MODE_HOST_MODEL || mode == PSERIES_CPU_MODE_HOST_PASSTHROUGH) {
        if (def->virt_type != PSERIES_VIRT_KVM)
            return px_fail(ctx, n, EOPNOTSUPP,
                           _("<cpu mode='%s'> needs <domain type='kvm'>; use mode='custom' "
                             "with a POWER model for an emulated guest"),
                           modes[mode]);
    }
    return 0;
}

static int parse_path_elem(struct parse_ctx *ctx, const xmlNode *n, const char *what,
                           char **out)
{
    int r;
    if ((r = px_check_children(ctx, n, PX_TEXT)) < 0)
        return r;
    g_autofree char *p = px_text_trimmed(n);
    if ((r = px_check_path(ctx, n, what, p)) < 0)
        return r;
    *out = g_steal_pointer(&p);
    return 0;
}

static int parse_machine(struct parse_ctx *ctx, const xmlNode *n, const char *m,
                         struct pseries_domain_def *def)
{
    unsigned long long major = 0, minor = 0;
    if (strcmp(m, "pseries") != 0) {
        g_auto(GStrv) parts = NULL;
        if (g_str_has_prefix(m, "pseries-"))
            parts = g_strsplit(m + strlen("pseries-"), ".", -1);
        if (!parts || g_strv_length(parts) != 2 ||
            px_parse_uint(parts[0], false, 1, 99, &major) < 0 ||
            px_parse_uint(parts[1], false, 0, 99, &minor) < 0 ||
            !g_ascii_isdigit(parts[0][0]) || parts[0][0] == '0' ||
            !g_ascii_isdigit(parts[1][0]) ||
            strlen(parts[0]) > 2 || strlen(parts[1]) > 2)
            return px_fail(ctx, n, EOPNOTSUPP,
                           _("machine='%s' is not supported by pseriesd; use 'pseries' or a "
                             "versioned 'pseries-X.Y' such as 'pseries-7.2'"),
                           m);
    }
    def->os.machine = g_strdup(m);
    def->os.machine_major = (unsigned)major;
    def->os.machine_minor = (unsigned)minor;
    return 0;
}

static int parse_os(struct parse_ctx *ctx, const xmlNode *os, struct pseries_domain_def *def)
{
    int r;
    static const char *const once[] = {"type", "loader", "nvram", "kernel", "initrd",
                                       "cmdline", NULL};
    if ((r = px_check_attrs(ctx, os, NULL)) < 0 ||
        (r = px_check_children(ctx, os, (const char *[]){"type", "loader", "nvram", "kernel",
                                                         "initrd", "cmdline", "boot",
                                                         NULL})) < 0 ||
        (r = px_check_unique(ctx, os, once)) < 0)
        return r;
    bool have_type = false;
    PX_FOREACH_ELEMENT(os, n) {
        if (PX_NODE_IS(n, "type")) {
            int arch = PSERIES_ARCH_PPC64LE;
            have_type = true;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"arch", "machine", NULL})) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0 ||
                (r = px_attr_enum(ctx, n, "arch", (const char *[]){"ppc64", "ppc64le", NULL},
                                  false, &arch)) < 0)
                return r;
            def->os.arch = arch;
            g_autofree char *text = px_text_trimmed(n);
            if (strcmp(text, "hvm") != 0)
                return px_fail(ctx, n, EOPNOTSUPP,
                               _("OS type '%s' is not supported by pseriesd; use "
                                 "<type>hvm</type>"),
                               text);
            g_autofree char *m = px_attr(n, "machine");
            if ((r = parse_machine(ctx, n, m ? m : "pseries", def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "loader")) {
            int ro = 0, type = 0;
            bool has_ro;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"readonly", "type", NULL})) < 0 ||
                (r = px_attr_enum(ctx, n, "type", (const char *[]){"rom", NULL}, false,
                                  &type)) < 0 ||
                (r = px_attr_enum(ctx, n, "readonly", (const char *[]){"no", "yes", NULL},
                                  false, &ro)) < 0 ||
                (r = parse_path_elem(ctx, n, _("<loader>"), &def->os.loader)) < 0)
                return r;
            g_autofree char *ro_s = px_attr(n, "readonly");
            g_autofree char *type_s = px_attr(n, "type");
            has_ro = ro_s != NULL;
            def->os.loader_readonly_set = has_ro;
            def->os.loader_readonly = ro == 1;
            def->os.loader_type_rom = type_s != NULL;
        } else if (PX_NODE_IS(n, "nvram")) {
            if ((r = px_check_attrs(ctx, n, (const char *[]){"template", NULL})) < 0 ||
                (r = parse_path_elem(ctx, n, _("<nvram>"), &def->os.nvram)) < 0)
                return r;
            g_autofree char *tmpl = px_attr(n, "template");
            if (tmpl) {
                if ((r = px_check_path(ctx, n, _("template= of <nvram>"), tmpl)) < 0)
                    return r;
                def->os.nvram_template = g_steal_pointer(&tmpl);
            }
        } else if (PX_NODE_IS(n, "kernel")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = parse_path_elem(ctx, n, _("<kernel>"), &def->os.kernel)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "initrd")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = parse_path_elem(ctx, n, _("<initrd>"), &def->os.initrd)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "cmdline")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0)
                return r;
            g_autofree char *c = px_text(n);
            if (*c) {
                if ((r = px_check_string(ctx, n, _("<cmdline>"), c, PSERIES_CMDLINE_MAX,
                                         false)) < 0)
                    return r;
                def->os.cmdline = g_steal_pointer(&c);
            }
        } else if (PX_NODE_IS(n, "boot")) {
            int dev = 0;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"dev", NULL})) < 0 ||
                (r = px_check_children(ctx, n, NULL)) < 0 ||
                (r = px_attr_enum(ctx, n, "dev", px_boot_names, true, &dev)) < 0)
                return r;
            /* A device listed twice is kept, as libvirt keeps it. */
            if (def->os.nboot >= PSERIES_MAX_BOOT_DEVS)
                return px_fail(ctx, n, E2BIG, _("too many <boot> elements"));
            def->os.boot[def->os.nboot++] = dev;
        }
    }
    if (!have_type)
        return px_fail(ctx, os, EINVAL,
                       _("<os> needs <type arch='ppc64le' machine='pseries'>hvm</type>"));
    return 0;
}

static int parse_state(struct parse_ctx *ctx, const xmlNode *n, enum pseries_tristate *out)
{
    int r, v = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"state", NULL})) < 0 ||
        (r = px_check_children(ctx, n, NULL)) < 0 ||
        (r = px_attr_enum(ctx, n, "state", (const char *[]){"on", "off", NULL}, true, &v)) < 0)
        return r;
    *out = v == 0 ? PSERIES_ON : PSERIES_OFF;
    return 0;
}

static int parse_cap(struct parse_ctx *ctx, const xmlNode *n, bool ibs,
                     enum pseries_cap_value *out)
{
    int r, v = 0;
    /* Index = enum pseries_cap_value; "" marks values of the other kind. */
    static const char *const cfpc_sbbc[] = {"", "broken", "workaround", "fixed", NULL};
    static const char *const ibs_values[] = {"", "broken", "workaround", "", "fixed-ibs",
                                             "fixed-ccd", "fixed-na", NULL};
    const char *const *names = ibs ? ibs_values : cfpc_sbbc;
    /* A value of the other kind is not libvirt XML at all: -EINVAL. */
    g_autofree char *v0 = px_attr(n, "value");
    if (v0 && px_lookup(v0, names) < 0 && px_lookup(v0, ibs ? cfpc_sbbc : ibs_values) > 0) {
        int ignored = 0;
        px_attr_enum(ctx, n, "value", names, true, &ignored);   /* records the message */
        return -EINVAL;
    }
    if ((r = px_check_attrs(ctx, n, (const char *[]){"value", NULL})) < 0 ||
        (r = px_check_children(ctx, n, NULL)) < 0 ||
        (r = px_attr_enum(ctx, n, "value", names, true, &v)) < 0)
        return r;
    *out = v;
    return 0;
}

static unsigned child_count(const xmlNode *n)
{
    unsigned count = 0;
    PX_FOREACH_ELEMENT(n, c) {
        (void)c;
        count++;
    }
    return count;
}

static int parse_features(struct parse_ctx *ctx, const xmlNode *f,
                          struct pseries_domain_def *def)
{
    int r;
    static const char *const names[] = {"hpt", "htm", "nested-hv", "ccf-assist", "cfpc",
                                        "sbbc", "ibs", NULL};
    if ((r = px_check_attrs(ctx, f, NULL)) < 0 ||
        (r = px_check_children(ctx, f, names)) < 0 ||
        (r = px_check_unique(ctx, f, names)) < 0)
        return r;
    PX_FOREACH_ELEMENT(f, n) {
        if (PX_NODE_IS(n, "hpt")) {
            int res = 0;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"resizing", NULL})) < 0 ||
                (r = px_check_children(ctx, n, (const char *[]){"maxpagesize", NULL})) < 0 ||
                (r = px_check_unique(ctx, n, (const char *[]){"maxpagesize", NULL})) < 0 ||
                (r = px_attr_enum(ctx, n, "resizing",
                                  (const char *[]){"", "enabled", "disabled", "required", NULL},
                                  false, &res)) < 0)
                return r;
            /* A bare <hpt/> asks for nothing; libvirt drops it too. */
            def->features.hpt = res != PSERIES_HPT_RESIZING_DEFAULT || child_count(n) > 0;
            def->features.hpt_resizing = res;
            PX_FOREACH_ELEMENT(n, m) {
                uint64_t kib;
                if ((r = px_check_attrs(ctx, m, (const char *[]){"unit", NULL})) < 0 ||
                    (r = px_check_children(ctx, m, PX_TEXT)) < 0 ||
                    (r = px_memory_kib(ctx, m, &kib)) < 0)
                    return r;
                if (kib < 4 || (kib & (kib - 1)))
                    return px_fail(ctx, m, EINVAL,
                                   _("<maxpagesize> must be a power of two of at least 4 KiB, "
                                     "e.g. 64 KiB or 16 MiB"));
                def->features.hpt_maxpagesize_kib = kib;
            }
        } else if (PX_NODE_IS(n, "htm")) {
            if ((r = parse_state(ctx, n, &def->features.htm)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "nested-hv")) {
            if ((r = parse_state(ctx, n, &def->features.nested_hv)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "ccf-assist")) {
            if ((r = parse_state(ctx, n, &def->features.ccf_assist)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "cfpc")) {
            if ((r = parse_cap(ctx, n, false, &def->features.cfpc)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "sbbc")) {
            if ((r = parse_cap(ctx, n, false, &def->features.sbbc)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "ibs")) {
            if ((r = parse_cap(ctx, n, true, &def->features.ibs)) < 0)
                return r;
        }
    }
    return 0;
}

static int parse_clock(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    int r, offset = 0, basis = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"offset", "adjustment", "basis",
                                                     NULL})) < 0 ||
        (r = px_check_children(ctx, n, NULL)) < 0 ||
        (r = px_attr_enum(ctx, n, "offset", (const char *[]){"utc", "localtime", "variable",
                                                             NULL},
                          true, &offset)) < 0)
        return r;
    def->clock.offset = offset;
    g_autofree char *adj = px_attr(n, "adjustment");
    g_autofree char *bas = px_attr(n, "basis");
    if (offset != PSERIES_CLOCK_VARIABLE && bas)
        return px_fail(ctx, n, EINVAL,
                       _("basis= of <clock> needs offset='variable'; remove it"));
    if (adj && offset != PSERIES_CLOCK_VARIABLE && strcmp(adj, "reset") == 0) {
        /* Start the RTC at the host's time: libvirt keeps the word. */
        def->clock.adjustment_reset = true;
        return 0;
    }
    if (adj) {
        const char *p = adj;
        bool neg = false;
        unsigned long long v;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        if (!g_ascii_isdigit(*p) || px_parse_uint(p, false, 0, 1ULL << 40, &v) < 0)
            return px_fail(ctx, n, EINVAL,
                           _("adjustment='%s' of <clock> is not a number of seconds"), adj);
        def->clock.has_adjustment = true;
        def->clock.adjustment = neg ? -(long long)v : (long long)v;
        /* libvirt turns utc/localtime with a fixed adjustment into
         * offset='variable' with that basis. */
        if (offset != PSERIES_CLOCK_VARIABLE) {
            def->clock.basis_localtime = offset == PSERIES_CLOCK_LOCALTIME;
            def->clock.offset = PSERIES_CLOCK_VARIABLE;
            return 0;
        }
    }
    if (bas && (r = px_attr_enum(ctx, n, "basis", (const char *[]){"utc", "localtime", NULL},
                                 false, &basis)) < 0)
        return r;
    def->clock.basis_localtime = basis == 1;
    return 0;
}

static int parse_lifecycle(struct parse_ctx *ctx, const xmlNode *n, enum pseries_lifecycle *out)
{
    int r;
    if ((r = px_check_attrs(ctx, n, NULL)) < 0 || (r = px_check_children(ctx, n, PX_TEXT)) < 0)
        return r;
    g_autofree char *text = px_text(n);     /* not trimmed: libvirt refuses blanks */
    int v = px_lookup(text, px_lifecycle_names);
    if (v < 0)
        return px_fail(ctx, n, EOPNOTSUPP,
                       _("<%s>%s</%s> is not supported by pseriesd; use destroy, restart or "
                         "preserve"),
                       (const char *)n->name, text, (const char *)n->name);
    *out = v;
    return 0;
}

/* Serialise one element on its own: copied into a fresh document so that
 * every namespace it uses is declared on it, then dumped without
 * re-indentation (its inner text is kept byte for byte). */
static char *dump_one(const xmlNode *n)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    if (!doc)
        return NULL;
    xmlNodePtr copy = xmlDocCopyNode((xmlNodePtr)n, doc, 1);
    char *out = NULL;
    if (copy) {
        xmlDocSetRootElement(doc, copy);
        xmlReconciliateNs(doc, copy);
        xmlBufferPtr buf = xmlBufferCreate();
        if (buf && xmlNodeDump(buf, doc, copy, 0, 0) >= 0)
            out = g_strdup((const char *)xmlBufferContent(buf));
        if (buf)
            xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return out;
}

/* The dump of a metadata element, checked to read back to the same dump
 * (libxml2 writes some values, such as namespace URIs with control
 * characters, in a form that does not); -EINVAL when it does not. */
static int dump_element(const xmlNode *n, char **out)
{
    g_autofree char *first = dump_one(n);
    if (!first)
        return -ENOMEM;
    xmlDocPtr doc = xmlReadMemory(first, (int)strlen(first), NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    g_autofree char *second = root ? dump_one(root) : NULL;
    if (doc)
        xmlFreeDoc(doc);
    if (!second || strcmp(first, second) != 0)
        return -EINVAL;
    *out = g_steal_pointer(&first);
    return 0;
}

static int parse_metadata(struct parse_ctx *ctx, const xmlNode *m, struct pseries_domain_def *def)
{
    int r;
    if ((r = px_check_attrs(ctx, m, NULL)) < 0)
        return r;
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    size_t total = 0;
    for (const xmlNode *c = m->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
            continue;
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *p = c->content; p && *p; p++) {
                if (!strchr(" \t\r\n", *p)) {
                    g_ptr_array_free(items, TRUE);
                    return px_fail(ctx, m, EINVAL,
                                   _("text directly in <metadata> is not allowed; put it in "
                                     "an element with its own namespace"));
                }
            }
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || !c->ns || !c->ns->href || !*c->ns->href) {
            g_ptr_array_free(items, TRUE);
            return px_fail(ctx, c, EINVAL,
                           _("elements in <metadata> need their own XML namespace, e.g. "
                             "<app:info xmlns:app='https://example.org/app'>"));
        }
        char *dump = NULL;
        r = dump_element(c, &dump);
        if (r < 0) {
            g_ptr_array_free(items, TRUE);
            if (r == -ENOMEM)
                return px_fail(ctx, c, ENOMEM, _("out of memory"));
            return px_fail(ctx, c, EINVAL,
                           _("<%s> in <metadata> cannot be stored as given (control "
                             "characters in a namespace?); simplify it"),
                           (const char *)c->name);
        }
        total += strlen(dump);
        g_ptr_array_add(items, dump);
        if (total > PSERIES_METADATA_MAX) {
            g_ptr_array_free(items, TRUE);
            return px_fail(ctx, c, E2BIG, _("<metadata> is too large; the limit is %d bytes"),
                           PSERIES_METADATA_MAX);
        }
    }
    g_ptr_array_add(items, NULL);
    def->metadata = (char **)g_ptr_array_free(items, FALSE);
    return 0;
}

static int parse_domain(struct parse_ctx *ctx, const xmlNode *root,
                        struct pseries_domain_def *def)
{
    int r, type = 0;
    static const char *const children[] = {
        "name", "uuid", "title", "description", "metadata", "memory", "currentMemory",
        "maxMemory",
        "vcpu", "cpu", "os", "features", "clock", "on_poweroff", "on_reboot", "on_crash",
        "devices", NULL,
    };
    unsigned long long id;              /* live XML's domain id: checked, not kept */
    if ((r = px_check_attrs(ctx, root, (const char *[]){"type", "id", NULL})) < 0 ||
        (r = px_attr_uint(ctx, root, "id", false, 0, UINT32_MAX, false, NULL, &id)) < 0 ||
        (r = px_attr_enum(ctx, root, "type", (const char *[]){"qemu", "kvm", NULL}, true,
                          &type)) < 0 ||
        (r = px_check_children(ctx, root, children)) < 0 ||
        (r = px_check_unique(ctx, root, children)) < 0)
        return r;
    def->virt_type = type;

    /* Defaults of everything optional, as libvirt fills them in. */
    def->vcpus = def->current_vcpus = 1;
    def->os.arch = PSERIES_ARCH_PPC64LE;
    def->on_poweroff = PSERIES_LIFECYCLE_DESTROY;
    def->on_reboot = PSERIES_LIFECYCLE_RESTART;
    def->on_crash = PSERIES_LIFECYCLE_DESTROY;

    /* name first (it names the domain in later messages); vcpu before cpu,
     * whose topology is checked against it. */
    bool have_name = false, have_uuid = false, have_os = false;
    PX_FOREACH_ELEMENT(root, n) {
        if (PX_NODE_IS(n, "name")) {
            if ((r = parse_name(ctx, n, def)) < 0)
                return r;
            have_name = true;
        }
        if (PX_NODE_IS(n, "vcpu") && (r = parse_vcpu(ctx, n, def)) < 0)
            return r;
    }
    if ((r = parse_memory_elems(ctx, root, def)) < 0)
        return r;
    PX_FOREACH_ELEMENT(root, n) {
        if (PX_NODE_IS(n, "uuid")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0)
                return r;
            g_autofree char *text = px_text_trimmed(n);
            if (pseries_uuid_parse(text, def->uuid) < 0)
                return px_fail(ctx, n, EINVAL,
                               _("<uuid> '%s' is not a valid UUID; use the form "
                                 "1ccfd97d-5eb4-478a-bbe6-88d254c16db7 or leave it out"),
                               text);
            have_uuid = true;           /* the nil UUID too, as libvirt allows */
        } else if (PX_NODE_IS(n, "title")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0)
                return r;
            g_autofree char *t = px_text(n);
            if (*t) {
                if ((r = px_check_string(ctx, n, _("<title>"), t, PSERIES_TITLE_MAX, false)) < 0)
                    return r;
                def->title = g_steal_pointer(&t);
            }
        } else if (PX_NODE_IS(n, "description")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = px_check_children(ctx, n, PX_TEXT)) < 0)
                return r;
            g_autofree char *t = px_text(n);
            if (*t) {
                if ((r = px_check_string(ctx, n, _("<description>"), t,
                                         PSERIES_DESCRIPTION_MAX, true)) < 0)
                    return r;
                def->description = g_steal_pointer(&t);
            }
        } else if (PX_NODE_IS(n, "metadata")) {
            if ((r = parse_metadata(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "cpu")) {
            if ((r = parse_cpu(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "os")) {
            if ((r = parse_os(ctx, n, def)) < 0)
                return r;
            have_os = true;
        } else if (PX_NODE_IS(n, "features")) {
            if ((r = parse_features(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "clock")) {
            if ((r = parse_clock(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "on_poweroff")) {
            if ((r = parse_lifecycle(ctx, n, &def->on_poweroff)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "on_reboot")) {
            if ((r = parse_lifecycle(ctx, n, &def->on_reboot)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "on_crash")) {
            if ((r = parse_lifecycle(ctx, n, &def->on_crash)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "devices")) {
            if ((r = px_parse_devices(ctx, n, def)) < 0)
                return r;
        }
    }
    if (!have_name)
        return px_fail(ctx, root, EINVAL, _("<name> is missing; add <name>NAME</name>"));
    if (!have_os)
        return px_fail(ctx, root, EINVAL,
                       _("<os> is missing; add <os><type arch='ppc64le' "
                         "machine='pseries'>hvm</type></os>"));
    if (!have_uuid && (r = pseries_uuid_generate(def->uuid)) < 0)
        return px_fail(ctx, root, -r, _("cannot generate a UUID: %s"), g_strerror(-r));
    if ((r = px_apply_defaults(ctx, root, def)) < 0)
        return r;
    return px_validate(ctx, def);
}

static int G_GNUC_PRINTF(4, 5) fail_line(struct parse_ctx *ctx, int line, int errnum,
                                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = px_failv(ctx, line, errnum, fmt, ap);
    va_end(ap);
    return r;
}

static void G_GNUC_PRINTF(2, 3) silent_error(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

void pseries_xml_init(void)
{
    xmlInitParser();
}

static int parse_buffer(struct parse_ctx *ctx, const char *buf, size_t len,
                        struct pseries_domain_def **out)
{
    pseries_xml_init();
    if (len > PSERIES_XML_MAX_DOC_SIZE)
        return px_fail(ctx, NULL, E2BIG,
                       _("the document is too large (%zu bytes); the limit is %d bytes"), len,
                       PSERIES_XML_MAX_DOC_SIZE);
    if (len == 0)
        return px_fail(ctx, NULL, EINVAL, _("the document is empty"));

    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx)
        return px_fail(ctx, NULL, ENOMEM, _("out of memory"));
    /* Some libxml2 paths (encoding conversion) report through the generic
     * handler even with XML_PARSE_NOERROR; keep them off the daemon's
     * stderr.  The handler is per thread in libxml2; restored below. */
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_error);
    /* No network, no DTD loading, no entity substitution (XML_PARSE_NOENT is
     * deliberately absent), no default attributes from a DTD. */
    xmlDocPtr doc = xmlCtxtReadMemory(pctx, buf, (int)len, ctx->file, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    xmlSetGenericErrorFunc(saved_ctx, saved_handler);
    int r = 0;
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(pctx);
        g_autofree char *msg = g_strdup(e && e->message ? e->message : "?");
        g_strchomp(msg);
        g_strdelimit(msg, "\n", ' ');   /* one line per message */
        int line = e ? e->line : 0;
        xmlFreeParserCtxt(pctx);
        return fail_line(ctx, line, EINVAL, _("the XML is not well-formed: %s"), msg);
    }
    xmlFreeParserCtxt(pctx);

    struct pseries_domain_def *def = NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no line for the DTD node: find it in the text. */
        const char *dt = g_strstr_len(buf, (gssize)len, "<!DOCTYPE");
        int line = 1;
        for (const char *p = buf; dt && p < dt; p++)
            line += *p == '\n';
        r = fail_line(ctx, dt ? line : 0, EINVAL,
                      _("a <!DOCTYPE> is not allowed in a domain document; remove it"));
    } else if (root && root->ns) {
        r = px_fail(ctx, root, EINVAL,
                    _("the root element <%s> has a namespace ('%s'); a domain document "
                      "needs a plain <domain> without xmlns"),
                    (const char *)root->name,
                    root->ns->href ? (const char *)root->ns->href : "");
    } else if (!root || !PX_NODE_IS(root, "domain")) {
        r = px_fail(ctx, root, EINVAL,
                    _("the root element is <%s>, but a domain document needs <domain>"),
                    root ? (const char *)root->name : "");
    } else {
        def = g_new0(struct pseries_domain_def, 1);
        r = parse_domain(ctx, root, def);
    }
    xmlFreeDoc(doc);
    if (r < 0) {
        pseries_domain_def_free(def);
        return r;
    }
    *out = def;
    return 0;
}

int pseries_domain_def_parse_memory(const char *buf, size_t len, const char *name,
                                    struct pseries_domain_def **out,
                                    struct pseries_xml_error *err)
{
    struct parse_ctx ctx = {.file = name ? name : "domain.xml", .err = err};
    if (err)
        pseries_xml_error_clear(err);
    return parse_buffer(&ctx, buf, len, out);
}

int pseries_domain_def_parse_file(const char *path, struct pseries_domain_def **out,
                                  struct pseries_xml_error *err)
{
    struct parse_ctx ctx = {.file = path, .err = err};
    if (err)
        pseries_xml_error_clear(err);

    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        return px_fail(&ctx, NULL, e, _("cannot open: %s"), g_strerror(e));
    }
    /* Read at most one byte more than the limit so a huge file (or a device
     * such as /dev/zero) cannot make us read forever. */
    size_t cap = PSERIES_XML_MAX_DOC_SIZE + 1, len = 0;
    g_autofree char *buf = g_malloc(cap);
    while (len < cap) {
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return px_fail(&ctx, NULL, e, _("cannot read: %s"), g_strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    return parse_buffer(&ctx, buf, len, out);
}
