/* domain-parse-devices.c: <devices> of a pSeries domain.
 *
 * Part of xml-schema/, called by domain-parse.c.  One small parser per
 * supported device (disk, interface, controller, serial/console, nvram,
 * rng, tpm, panic, memory dimm, memballoon); each rejects whatever pSeries
 * or pseriesd does not support with the element's line and a remedy.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

#define ADDR(t) (1u << (t))

/* Grow an array by one zeroed element, refusing to go over `max`. */
#define APPEND(ctx, node, arr, n, max, what)                                          \
    ({                                                                                \
        int _r = 0;                                                                   \
        if ((n) >= (max))                                                             \
            _r = px_fail((ctx), (node), E2BIG,                                        \
                         _("too many %s; pseriesd supports at most %d"), (what), (max)); \
        else {                                                                        \
            (arr) = g_renew(__typeof__(*(arr)), (arr), (n) + 1);                      \
            memset(&(arr)[(n)], 0, sizeof(*(arr)));                                   \
            (n)++;                                                                    \
        }                                                                             \
        _r;                                                                           \
    })

static const xmlNode *child(const xmlNode *n, const char *name)
{
    PX_FOREACH_ELEMENT(n, c) {
        if (PX_NODE_IS(c, name))
            return c;
    }
    return NULL;
}

static int leaf(struct parse_ctx *ctx, const xmlNode *n, const char *const *attrs)
{
    int r;
    if ((r = px_check_attrs(ctx, n, attrs)) < 0)
        return r;
    return px_check_children(ctx, n, NULL);
}

static int leaf_text(struct parse_ctx *ctx, const xmlNode *n, const char *const *attrs)
{
    int r;
    if ((r = px_check_attrs(ctx, n, attrs)) < 0)
        return r;
    return px_check_children(ctx, n, PX_TEXT);
}

static int path_attr(struct parse_ctx *ctx, const xmlNode *n, const char *attr, bool required,
                     char **out)
{
    g_autofree char *v = px_attr(n, attr);
    if (!v) {
        if (required)
            return px_fail(ctx, n, EINVAL, _("<%s> needs attribute %s='/absolute/path'"),
                           (const char *)n->name, attr);
        return 0;
    }
    g_autofree char *what = g_strdup_printf("%s= of <%s>", attr, (const char *)n->name);
    int r = px_check_path(ctx, n, what, v);
    if (r < 0)
        return r;
    *out = g_steal_pointer(&v);
    return 0;
}

/* Host network device names (bridges, taps): Linux allows 15 bytes. */
static int ifname_attr(struct parse_ctx *ctx, const xmlNode *n, const char *attr, char **out)
{
    g_autofree char *v = px_attr(n, attr);
    if (!v)
        return px_fail(ctx, n, EINVAL, _("<%s> needs attribute %s="), (const char *)n->name,
                       attr);
    size_t len = strlen(v);
    bool ok = len >= 1 && len <= 15;
    for (const char *p = v; ok && *p; p++)
        ok = g_ascii_isalnum(*p) || strchr("_.-:", *p);
    if (!ok)
        return px_fail(ctx, n, EINVAL,
                       _("%s='%s' of <%s> is not a valid host interface name (1 to 15 of "
                         "A-Z a-z 0-9 _ . - :)"),
                       attr, v, (const char *)n->name);
    *out = g_steal_pointer(&v);
    return 0;
}

static int parse_disk(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"driver", "source", "target", "readonly", "address",
                                       NULL};
    int r, type = PSERIES_DISK_FILE, device = PSERIES_DISK_DEVICE_DISK;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"type", "device", NULL})) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 ||
        (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "type", (const char *[]){"file", "block", NULL}, false,
                          &type)) < 0 ||
        (r = px_attr_enum(ctx, n, "device", (const char *[]){"disk", "cdrom", NULL}, false,
                          &device)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->disks, def->ndisks, PSERIES_MAX_DISKS, _("disks"))) < 0)
        return r;
    struct pseries_disk *d = &def->disks[def->ndisks - 1];
    d->type = type;
    d->device = device;

    const xmlNode *c;
    if ((c = child(n, "driver"))) {
        int name = 0, cache = 0;
        if ((r = leaf(ctx, c, (const char *[]){"name", "type", "cache", NULL})) < 0 ||
            (r = px_attr_enum(ctx, c, "name", (const char *[]){"qemu", NULL}, false, &name)) < 0)
            return r;
        g_autofree char *t = px_attr(c, "type");
        if (t && strcmp(t, "raw") != 0)
            return px_fail(ctx, c, EOPNOTSUPP,
                           _("disk image format type='%s' is not supported by pseriesd; use "
                             "type='raw' (convert with qemu-img convert -O raw)"),
                           t);
        if ((r = px_attr_enum(ctx, c, "cache", px_cache_names, false, &cache)) < 0)
            return r;
        d->cache = cache;
    }
    if ((c = child(n, "source"))) {
        const char *attr = type == PSERIES_DISK_FILE ? "file" : "dev";
        if ((r = leaf(ctx, c, (const char *[]){attr, NULL})) < 0 ||
            (r = path_attr(ctx, c, attr, false, &d->source)) < 0)
            return r;
    }
    if (!d->source && device == PSERIES_DISK_DEVICE_DISK)
        return px_fail(ctx, n, EINVAL,
                       _("<disk device='disk'> needs <source %s='/path/to/image'/>"),
                       type == PSERIES_DISK_FILE ? "file" : "dev");
    if (!(c = child(n, "target")))
        return px_fail(ctx, n, EINVAL, _("<disk> needs <target dev='sda' bus='scsi'/>"));
    int bus = -1;
    if ((r = leaf(ctx, c, (const char *[]){"dev", "bus", NULL})) < 0 ||
        (r = px_attr_enum(ctx, c, "bus", (const char *[]){"scsi", "virtio", NULL}, false,
                          &bus)) < 0)
        return r;
    g_autofree char *dev = px_attr(c, "dev");
    size_t dl = dev ? strlen(dev) : 0;
    bool ok = dl >= 3 && dl <= 5 && (g_str_has_prefix(dev, "sd") || g_str_has_prefix(dev, "vd"));
    for (size_t i = 2; ok && i < dl; i++)
        ok = dev[i] >= 'a' && dev[i] <= 'z';
    if (!ok)
        return px_fail(ctx, c, EINVAL,
                       _("target dev='%s' of <disk> is not supported; use sda, sdb, ... "
                         "(bus='scsi') or vda, vdb, ... (bus='virtio')"),
                       dev ? dev : "");
    int implied = dev[0] == 's' ? PSERIES_DISK_BUS_SCSI : PSERIES_DISK_BUS_VIRTIO;
    if (bus < 0)
        bus = implied;
    if (bus != implied)
        return px_fail(ctx, c, EINVAL,
                       _("target dev='%s' does not match bus='%s'; name SCSI disks sdX and "
                         "virtio disks vdX"),
                       dev, bus == PSERIES_DISK_BUS_SCSI ? "scsi" : "virtio");
    if (bus == PSERIES_DISK_BUS_VIRTIO && device == PSERIES_DISK_DEVICE_CDROM)
        return px_fail(ctx, c, EOPNOTSUPP,
                       _("a cdrom cannot be on bus='virtio'; use bus='scsi' and dev='sdX'"));
    d->bus = bus;
    d->target_dev = g_steal_pointer(&dev);
    if ((c = child(n, "readonly"))) {
        if ((r = leaf(ctx, c, NULL)) < 0)
            return r;
        d->readonly = true;
    }
    if (device == PSERIES_DISK_DEVICE_CDROM)
        d->readonly = true;
    return px_parse_address(ctx, n,
                            bus == PSERIES_DISK_BUS_SCSI ? ADDR(PSERIES_ADDR_DRIVE)
                                                         : ADDR(PSERIES_ADDR_PCI),
                            &d->addr);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    if (!s || strlen(s) != 17)
        return -EINVAL;
    for (int i = 0; i < 6; i++) {
        const char *p = s + i * 3;
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]) || (i < 5 && p[2] != ':'))
            return -EINVAL;
        mac[i] = (uint8_t)(g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
    }
    return 0;
}

static int parse_interface(struct parse_ctx *ctx, const xmlNode *n,
                           struct pseries_domain_def *def)
{
    static const char *const kids[] = {"source", "mac", "model", "target", "address", NULL};
    int r, type = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"type", NULL})) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 ||
        (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "type",
                          (const char *[]){"network", "bridge", "user", "ethernet", NULL}, true,
                          &type)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->interfaces, def->ninterfaces, PSERIES_MAX_INTERFACES,
                    _("interfaces"))) < 0)
        return r;
    struct pseries_interface *i = &def->interfaces[def->ninterfaces - 1];
    i->type = type;

    const xmlNode *c = child(n, "source");
    switch (i->type) {
    case PSERIES_NET_NETWORK:
        if (!c)
            return px_fail(ctx, n, EINVAL,
                           _("<interface type='network'> needs <source network='default'/>"));
        if ((r = leaf(ctx, c, (const char *[]){"network", NULL})) < 0)
            return r;
        i->source = px_attr(c, "network");
        if (!i->source)
            return px_fail(ctx, c, EINVAL, _("<source> needs attribute network="));
        if ((r = px_check_string(ctx, c, _("network= of <source>"), i->source, 255, false)) < 0)
            return r;
        break;
    case PSERIES_NET_BRIDGE:
        if (!c)
            return px_fail(ctx, n, EINVAL,
                           _("<interface type='bridge'> needs <source bridge='br0'/>"));
        if ((r = leaf(ctx, c, (const char *[]){"bridge", NULL})) < 0 ||
            (r = ifname_attr(ctx, c, "bridge", &i->source)) < 0)
            return r;
        break;
    default:
        if (c)
            return px_fail(ctx, c, EOPNOTSUPP,
                           _("<source> in <interface type='%s'> is not supported by pseriesd; "
                             "remove it"),
                           i->type == PSERIES_NET_USER ? "user" : "ethernet");
        break;
    }
    if ((c = child(n, "target"))) {
        if (i->type == PSERIES_NET_USER)
            return px_fail(ctx, c, EOPNOTSUPP,
                           _("<target> in <interface type='user'> is not supported; remove it"));
        if ((r = leaf(ctx, c, (const char *[]){"dev", NULL})) < 0 ||
            (r = ifname_attr(ctx, c, "dev", &i->target_dev)) < 0)
            return r;
    }
    if ((c = child(n, "mac"))) {
        if ((r = leaf(ctx, c, (const char *[]){"address", NULL})) < 0)
            return r;
        g_autofree char *m = px_attr(c, "address");
        static const uint8_t zero[6];
        if (!m || parse_mac(m, i->mac) < 0)
            return px_fail(ctx, c, EINVAL,
                           _("<mac> needs address='52:54:00:xx:xx:xx' (six hex pairs)"));
        if (i->mac[0] & 1)
            return px_fail(ctx, c, EINVAL,
                           _("MAC address %s is a multicast address; use a unicast one"), m);
        if (memcmp(i->mac, zero, 6) == 0)
            return px_fail(ctx, c, EINVAL, _("MAC address must not be all zeros"));
    }
    int model = PSERIES_NET_MODEL_SPAPR_VLAN;
    if ((c = child(n, "model"))) {
        if ((r = leaf(ctx, c, (const char *[]){"type", NULL})) < 0 ||
            (r = px_attr_enum(ctx, c, "type", (const char *[]){"spapr-vlan", "virtio", NULL},
                              true, &model)) < 0)
            return r;
    }
    i->model = model;
    return px_parse_address(ctx, n,
                            model == PSERIES_NET_MODEL_VIRTIO ? ADDR(PSERIES_ADDR_PCI)
                                                              : ADDR(PSERIES_ADDR_SPAPR_VIO),
                            &i->addr);
}

static int parse_controller(struct parse_ctx *ctx, const xmlNode *n,
                            struct pseries_domain_def *def)
{
    int r, type = 0;
    unsigned long long index = 0;
    bool has_index;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"type", "index", "model", NULL})) < 0 ||
        (r = px_attr_enum(ctx, n, "type", (const char *[]){"scsi", "usb", "pci", NULL}, true,
                          &type)) < 0 ||
        (r = px_attr_uint(ctx, n, "index", false, 0, PSERIES_MAX_CONTROLLERS - 1, false,
                          &has_index, &index)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->controllers, def->ncontrollers, PSERIES_MAX_CONTROLLERS,
                    _("controllers"))) < 0)
        return r;
    struct pseries_controller *c = &def->controllers[def->ncontrollers - 1];
    c->type = type;
    c->index = has_index ? (unsigned)index : UINT_MAX;  /* UINT_MAX: assigned later */
    g_autofree char *model = px_attr(n, "model");

    switch (c->type) {
    case PSERIES_CONTROLLER_SCSI: {
        int m = 0;
        static const char *const kids[] = {"address", NULL};
        if ((r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0 ||
            (r = px_attr_enum(ctx, n, "model", (const char *[]){"ibmvscsi", "virtio-scsi", NULL},
                              false, &m)) < 0)
            return r;
        c->model = m == 0 ? PSERIES_CONTROLLER_MODEL_IBMVSCSI : PSERIES_CONTROLLER_MODEL_VIRTIO_SCSI;
        return px_parse_address(ctx, n,
                                m == 0 ? ADDR(PSERIES_ADDR_SPAPR_VIO) : ADDR(PSERIES_ADDR_PCI),
                                &c->addr);
    }
    case PSERIES_CONTROLLER_USB:
        if ((r = px_check_children(ctx, n, NULL)) < 0)
            return r;
        if (!model || strcmp(model, "none") != 0)
            return px_fail(ctx, n, EOPNOTSUPP,
                           _("USB is not supported by pseriesd; use <controller type='usb' "
                             "model='none'/> or remove the controller"));
        if (has_index && c->index != 0)
            return px_fail(ctx, n, EINVAL, _("the USB controller must have index='0'"));
        c->index = 0;
        c->model = PSERIES_CONTROLLER_MODEL_USB_NONE;
        return 0;
    default: {
        static const char *const kids[] = {"model", "target", NULL};
        if ((r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0)
            return r;
        if (!model || strcmp(model, "pci-root") != 0)
            return px_fail(ctx, n, EOPNOTSUPP,
                           _("PCI controller model='%s' is not supported by pseriesd; use "
                             "model='pci-root' (an spapr-pci-host-bridge)"),
                           model ? model : "");
        if (has_index && c->index >= PSERIES_MAX_PHBS)
            return px_fail(ctx, n, E2BIG,
                           _("PCI host bridge index='%u' is too large; pseriesd supports "
                             "index 0 to %d"),
                           c->index, PSERIES_MAX_PHBS - 1);
        c->model = PSERIES_CONTROLLER_MODEL_PCI_ROOT;
        c->target_index = c->index;
        const xmlNode *k;
        int mn = 0;
        if ((k = child(n, "model")) &&
            ((r = leaf(ctx, k, (const char *[]){"name", NULL})) < 0 ||
             (r = px_attr_enum(ctx, k, "name", (const char *[]){"spapr-pci-host-bridge", NULL},
                               true, &mn)) < 0))
            return r;
        if ((k = child(n, "target"))) {
            unsigned long long ti = 0;
            bool has;
            if ((r = leaf(ctx, k, (const char *[]){"index", NULL})) < 0 ||
                (r = px_attr_uint(ctx, k, "index", false, 0, 30, false, &has, &ti)) < 0)
                return r;
            if (has)
                c->target_index = (unsigned)ti;
            if (has_index && c->index == 0 && c->target_index != 0)
                return px_fail(ctx, k, EINVAL,
                               _("the PCI host bridge with index='0' must have target "
                                 "index='0'"));
        }
        return 0;
    }
    }
}

/* Source of a serial or console; target checked by the caller. */
static int parse_chr_source(struct parse_ctx *ctx, const xmlNode *n, int type,
                            struct pseries_serial *s)
{
    int r;
    const xmlNode *c = child(n, "source");
    s->type = type;
    switch (type) {
    case PSERIES_CHR_PTY:
        /* libvirt writes the allocated pty as <source path='/dev/pts/N'/>
         * in live XML; it is runtime state and not kept. */
        if (c) {
            g_autofree char *ignored = NULL;
            if ((r = leaf(ctx, c, (const char *[]){"path", NULL})) < 0 ||
                (r = path_attr(ctx, c, "path", false, &ignored)) < 0)
                return r;
        }
        return 0;
    case PSERIES_CHR_FILE: {
        int app = -1;
        if (!c)
            return px_fail(ctx, n, EINVAL,
                           _("<%s type='file'> needs <source path='/path/to/log'/>"),
                           (const char *)n->name);
        if ((r = leaf(ctx, c, (const char *[]){"path", "append", NULL})) < 0 ||
            (r = path_attr(ctx, c, "path", true, &s->path)) < 0 ||
            (r = px_attr_enum(ctx, c, "append", (const char *[]){"on", "off", NULL}, false,
                              &app)) < 0)
            return r;
        s->append = app < 0 ? PSERIES_ABSENT : app == 0 ? PSERIES_ON : PSERIES_OFF;
        return 0;
    }
    default: {
        int mode = 1;
        if (!c)
            return px_fail(ctx, n, EINVAL,
                           _("<%s type='unix'> needs <source mode='bind' path='/path/to/sock'/>"),
                           (const char *)n->name);
        if ((r = leaf(ctx, c, (const char *[]){"mode", "path", NULL})) < 0 ||
            (r = path_attr(ctx, c, "path", true, &s->path)) < 0 ||
            (r = px_attr_enum(ctx, c, "mode", (const char *[]){"bind", "connect", NULL}, false,
                              &mode)) < 0)
            return r;
        s->listen = mode == 0;
        return 0;
    }
    }
}

static const char *const chr_types[] = {"pty", "file", "unix", NULL};

static int parse_serial(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"source", "target", "address", NULL};
    int r, type = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"type", NULL})) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "type", chr_types, true, &type)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->serials, def->nserials, PSERIES_MAX_SERIALS, _("serials"))) < 0)
        return r;
    struct pseries_serial *s = &def->serials[def->nserials - 1];
    s->port = UINT_MAX;             /* assigned in domain-defaults.c */
    if ((r = parse_chr_source(ctx, n, type, s)) < 0)
        return r;
    const xmlNode *t = child(n, "target");
    if (t) {
        int tt = 0;
        unsigned long long port;
        bool has_port;
        if ((r = px_check_attrs(ctx, t, (const char *[]){"type", "port", NULL})) < 0 ||
            (r = px_check_children(ctx, t, (const char *[]){"model", NULL})) < 0 ||
            (r = px_check_unique(ctx, t, (const char *[]){"model", NULL})) < 0 ||
            (r = px_attr_enum(ctx, t, "type", (const char *[]){"spapr-vio-serial", NULL}, false,
                              &tt)) < 0 ||
            (r = px_attr_uint(ctx, t, "port", false, 0, PSERIES_MAX_SERIALS - 1, false,
                              &has_port, &port)) < 0)
            return r;
        if (has_port)
            s->port = (unsigned)port;
        const xmlNode *m = child(t, "model");
        int mn = 0;
        if (m && ((r = leaf(ctx, m, (const char *[]){"name", NULL})) < 0 ||
                  (r = px_attr_enum(ctx, m, "name", (const char *[]){"spapr-vty", NULL}, true,
                                    &mn)) < 0))
            return r;
    }
    return px_parse_address(ctx, n, ADDR(PSERIES_ADDR_SPAPR_VIO), &s->addr);
}

/* The console is the first serial (hvc0 on the first spapr-vty).  A console
 * without a serial creates that serial, as libvirt does. */
static int parse_console(struct parse_ctx *ctx, const xmlNode *n, struct pseries_serial *console)
{
    static const char *const kids[] = {"source", "target", "address", NULL};
    int r, type = 0;
    g_autofree char *tty = NULL;        /* runtime state in live XML; checked, not kept */
    if ((r = px_check_attrs(ctx, n, (const char *[]){"type", "tty", NULL})) < 0 ||
        (r = path_attr(ctx, n, "tty", false, &tty)) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "type", chr_types, true, &type)) < 0 ||
        (r = parse_chr_source(ctx, n, type, console)) < 0)
        return r;
    const xmlNode *t = child(n, "target");
    if (t) {
        int tt = 0;
        unsigned long long port = 0;
        if ((r = leaf(ctx, t, (const char *[]){"type", "port", NULL})) < 0 ||
            (r = px_attr_enum(ctx, t, "type", (const char *[]){"serial", NULL}, false, &tt)) < 0 ||
            (r = px_attr_uint(ctx, t, "port", false, 0, 0, false, NULL, &port)) < 0)
            return r;
    }
    return px_parse_address(ctx, n, ADDR(PSERIES_ADDR_SPAPR_VIO), &console->addr);
}

static int parse_rng(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"backend", "address", NULL};
    int r, model = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"model", NULL})) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "model", (const char *[]){"virtio", NULL}, true, &model)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->rngs, def->nrngs, PSERIES_MAX_RNGS, _("rng devices"))) < 0)
        return r;
    struct pseries_rng *g = &def->rngs[def->nrngs - 1];
    const xmlNode *b = child(n, "backend");
    if (!b)
        return px_fail(ctx, n, EINVAL,
                       _("<rng> needs <backend model='random'>/dev/urandom</backend>"));
    int bm = 0;
    if ((r = leaf_text(ctx, b, (const char *[]){"model", NULL})) < 0 ||
        (r = px_attr_enum(ctx, b, "model", (const char *[]){"random", NULL}, true, &bm)) < 0)
        return r;
    g_autofree char *path = px_text_trimmed(b);
    if (*path) {
        if (px_lookup(path, (const char *[]){"/dev/urandom", "/dev/random", "/dev/hwrng",
                                             NULL}) < 0)
            return px_fail(ctx, b, EOPNOTSUPP,
                           _("rng backend '%s' is not supported by pseriesd; use /dev/urandom, "
                             "/dev/random or /dev/hwrng"),
                           path);
        g->backend_path = g_steal_pointer(&path);
    }
    return px_parse_address(ctx, n, ADDR(PSERIES_ADDR_PCI), &g->addr);
}

static int parse_tpm(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"backend", "address", NULL};
    int r, model = 0, type = 0, version = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"model", NULL})) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0 ||
        (r = px_attr_enum(ctx, n, "model", (const char *[]){"tpm-spapr", "spapr-tpm-proxy", NULL},
                          false, &model)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->tpms, def->ntpms, PSERIES_MAX_TPMS, _("TPMs"))) < 0)
        return r;
    struct pseries_tpm *t = &def->tpms[def->ntpms - 1];
    t->model = model;
    const xmlNode *b = child(n, "backend");
    if (!b)
        return px_fail(ctx, n, EINVAL, _("<tpm> needs <backend type='emulator'/>"));
    if ((r = px_check_attrs(ctx, b, (const char *[]){"type", "version", NULL})) < 0 ||
        (r = px_attr_enum(ctx, b, "type", (const char *[]){"emulator", "passthrough", NULL},
                          true, &type)) < 0 ||
        (r = px_attr_enum(ctx, b, "version", (const char *[]){"2.0", NULL}, false,
                          &version)) < 0)
        return r;
    t->backend = type;
    if (type == PSERIES_TPM_BACKEND_EMULATOR) {
        if ((r = px_check_children(ctx, b, NULL)) < 0)
            return r;
    } else {
        if ((r = px_check_children(ctx, b, (const char *[]){"device", NULL})) < 0 ||
            (r = px_check_unique(ctx, b, (const char *[]){"device", NULL})) < 0)
            return r;
        const xmlNode *d = child(b, "device");
        if (d && ((r = leaf(ctx, d, (const char *[]){"path", NULL})) < 0 ||
                  (r = path_attr(ctx, d, "path", false, &t->device_path)) < 0))
            return r;
        g_autofree char *v = px_attr(b, "version");
        if (v)
            return px_fail(ctx, b, EOPNOTSUPP,
                           _("version= of a passthrough TPM backend is not supported; remove "
                             "it"));
    }
    if (model == PSERIES_TPM_SPAPR_PROXY && type != PSERIES_TPM_BACKEND_PASSTHROUGH)
        return px_fail(ctx, n, EOPNOTSUPP,
                       _("<tpm model='spapr-tpm-proxy'> needs <backend type='passthrough'>; "
                         "use model='tpm-spapr' for an emulated TPM"));
    if (model == PSERIES_TPM_SPAPR && type != PSERIES_TPM_BACKEND_EMULATOR)
        return px_fail(ctx, n, EOPNOTSUPP,
                       _("<tpm model='tpm-spapr'> needs <backend type='emulator'>; use "
                         "model='spapr-tpm-proxy' to pass a host TPM through"));
    return px_parse_address(ctx, n, model == PSERIES_TPM_SPAPR ? ADDR(PSERIES_ADDR_SPAPR_VIO) : 0,
                            &t->addr);
}

static int parse_dimm(struct parse_ctx *ctx, const xmlNode *n, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"target", "address", NULL};
    int r, model = 0;
    if ((r = px_check_attrs(ctx, n, (const char *[]){"model", NULL})) < 0 ||
        (r = px_attr_enum(ctx, n, "model", (const char *[]){"dimm", NULL}, true, &model)) < 0 ||
        (r = px_check_children(ctx, n, kids)) < 0 || (r = px_check_unique(ctx, n, kids)) < 0)
        return r;
    if ((r = APPEND(ctx, n, def->dimms, def->ndimms, PSERIES_MAX_DIMMS, _("memory devices"))) < 0)
        return r;
    struct pseries_dimm *m = &def->dimms[def->ndimms - 1];
    const xmlNode *t = child(n, "target");
    if (!t)
        return px_fail(ctx, n, EINVAL,
                       _("<memory model='dimm'> needs <target><size unit='MiB'>512</size>"
                         "</target>"));
    static const char *const tk[] = {"size", "node", NULL};
    if ((r = px_check_attrs(ctx, t, NULL)) < 0 || (r = px_check_children(ctx, t, tk)) < 0 ||
        (r = px_check_unique(ctx, t, tk)) < 0)
        return r;
    const xmlNode *s = child(t, "size");
    if (!s)
        return px_fail(ctx, t, EINVAL, _("<target> of <memory> needs <size>"));
    if ((r = leaf_text(ctx, s, (const char *[]){"unit", NULL})) < 0 ||
        (r = px_memory_kib(ctx, s, &m->size_kib)) < 0)
        return r;
    if (m->size_kib == 0 || (m->size_kib * 1024) % PSERIES_DIMM_ALIGN)
        return px_fail(ctx, s, EINVAL,
                       _("a pSeries DIMM must be a non-zero multiple of 256 MiB"));
    const xmlNode *nd = child(t, "node");
    if (nd) {
        if ((r = leaf_text(ctx, nd, NULL)) < 0)
            return r;
        g_autofree char *text = px_text_trimmed(nd);
        unsigned long long v;
        if (px_parse_uint(text, false, 0, 0, &v) < 0)
            return px_fail(ctx, nd, EOPNOTSUPP,
                           _("<node>%s</node>: pseriesd has a single NUMA node; use 0"), text);
    }
    return px_parse_address(ctx, n, ADDR(PSERIES_ADDR_DIMM), &m->addr);
}

int px_parse_devices(struct parse_ctx *ctx, const xmlNode *devs, struct pseries_domain_def *def)
{
    static const char *const kids[] = {"emulator", "disk", "interface", "controller", "serial",
                                       "console", "nvram", "rng", "tpm", "panic", "memory",
                                       "memballoon", NULL};
    int r;
    if ((r = px_check_attrs(ctx, devs, NULL)) < 0 ||
        (r = px_check_children(ctx, devs, kids)) < 0 ||
        (r = px_check_unique(ctx, devs, (const char *[]){"emulator", "nvram", "memballoon",
                                                         "console", "panic", NULL})) < 0)
        return r;

    const xmlNode *console = NULL;
    PX_FOREACH_ELEMENT(devs, n) {
        if (PX_NODE_IS(n, "emulator")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 || (r = px_check_children(ctx, n, PX_TEXT)) < 0)
                return r;
            g_autofree char *p = px_text_trimmed(n);
            if ((r = px_check_path(ctx, n, _("<emulator>"), p)) < 0)
                return r;
            def->emulator = g_steal_pointer(&p);
        } else if (PX_NODE_IS(n, "disk")) {
            if ((r = parse_disk(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "interface")) {
            if ((r = parse_interface(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "controller")) {
            if ((r = parse_controller(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "serial")) {
            if ((r = parse_serial(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "console")) {
            console = n;
        } else if (PX_NODE_IS(n, "nvram")) {
            if ((r = px_check_attrs(ctx, n, NULL)) < 0 ||
                (r = px_check_children(ctx, n, (const char *[]){"address", NULL})) < 0 ||
                (r = px_check_unique(ctx, n, (const char *[]){"address", NULL})) < 0 ||
                (r = px_parse_address(ctx, n, ADDR(PSERIES_ADDR_SPAPR_VIO), &def->nvram_addr)) < 0)
                return r;
            def->has_nvram_device = true;
        } else if (PX_NODE_IS(n, "rng")) {
            if ((r = parse_rng(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "tpm")) {
            if ((r = parse_tpm(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "panic")) {
            int m = 0;
            if ((r = leaf(ctx, n, (const char *[]){"model", NULL})) < 0 ||
                (r = px_attr_enum(ctx, n, "model", (const char *[]){"pseries", NULL}, false,
                                  &m)) < 0)
                return r;
            def->has_panic = true;
        } else if (PX_NODE_IS(n, "memory")) {
            if ((r = parse_dimm(ctx, n, def)) < 0)
                return r;
        } else if (PX_NODE_IS(n, "memballoon")) {
            int m = 0;
            if ((r = px_check_attrs(ctx, n, (const char *[]){"model", NULL})) < 0 ||
                (r = px_attr_enum(ctx, n, "model", (const char *[]){"none", "virtio", NULL}, true,
                                  &m)) < 0 ||
                (r = px_check_children(ctx, n, m ? (const char *[]){"address", NULL} : NULL)) < 0 ||
                (r = px_check_unique(ctx, n, (const char *[]){"address", NULL})) < 0 ||
                (r = px_parse_address(ctx, n, ADDR(PSERIES_ADDR_PCI), &def->balloon_addr)) < 0)
                return r;
            def->balloon = m;
        }
    }

    if (console) {
        struct pseries_serial cs = {0};
        r = parse_console(ctx, console, &cs);
        if (r < 0) {
            g_free(cs.path);
            return r;
        }
        if (def->nserials == 0) {
            def->serials = g_new0(struct pseries_serial, 1);
            def->serials[0] = cs;
            def->serials[0].port = UINT_MAX;
            def->nserials = 1;
        } else {
            const struct pseries_serial *s0 = &def->serials[0];
            bool same = s0->type == cs.type && g_strcmp0(s0->path, cs.path) == 0 &&
                        (cs.addr.type == PSERIES_ADDR_NONE || cs.addr.reg == 0 ||
                         s0->addr.reg == 0 || cs.addr.reg == s0->addr.reg);
            g_free(cs.path);
            if (!same)
                return px_fail(ctx, console, EINVAL,
                               _("<console> must describe the same device as the first "
                                 "<serial> (it is that serial's hvc0); make them match or "
                                 "remove the <console>"));
        }
    }
    return 0;
}
