/* machine/vof.c: the Open Firmware client interface (see vof.h). The tree
 * is a private, growable copy of the machine's FDT; node handles are its
 * "phandle" properties, instance handles index a small table. Memory
 * claims are kept as a sorted list of ranges. Every guest pointer, length
 * and handle is checked; a bad one gives the 1275 error value -1 in the
 * first return cell. */
#include "vof.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cas.h"
#include "devices.h"
#include "papr.h"
#include "spapr-fdt.h"

#define VOF_MAX_CELLS 16
#define VOF_MAX_INSTANCES 32
#define VOF_MAX_CLAIMS 256
#define VOF_IHANDLE_BASE 0x10000000u
#define VOF_ERR 0xffffffffu
#define VOF_MAX_PROP 0x100000u /* largest property setprop accepts */
#define VOF_MAX_TREE 0x400000 /* the OS cannot grow the tree past 4 MiB */

struct vof_instance {
    uint32_t phandle; /* 0: free slot */
    int console;
};

struct vof_range {
    uint64_t base, size;
};

struct spapr_vof {
    void *fdt;
    int fdt_size; /* allocated bytes */
    struct vof_instance inst[VOF_MAX_INSTANCES];
    struct vof_range claimed[VOF_MAX_CLAIMS];
    size_t nclaimed;
    uint64_t start_ms;
    uint8_t *rtas_blob;
    size_t rtas_len;
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- the tree ---------------------------------------------------------- */

/* Give every node without one a phandle, in depth-first order, above the
 * largest already present. The order makes rebuilt trees agree. */
static int assign_phandles(void *fdt)
{
    uint32_t next = 0;
    int r = fdt_find_max_phandle(fdt, &next);
    if (r < 0)
        return r;
    for (int off = 0; off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        if (fdt_get_phandle(fdt, off))
            continue;
        if ((r = fdt_setprop_u32(fdt, off, "phandle", ++next)))
            return r;
    }
    return 0;
}

/* Make room: reopen the tree in a buffer 'extra' bytes larger. */
static int grow(struct spapr_vof *v, int extra)
{
    int size = v->fdt_size + extra + 4096;
    if (extra < 0 || size > VOF_MAX_TREE)
        return -ENOSPC;
    void *n = malloc((size_t)size);
    if (!n)
        return -ENOMEM;
    if (fdt_open_into(v->fdt, n, size)) {
        free(n);
        return -EINVAL;
    }
    free(v->fdt);
    v->fdt = n;
    v->fdt_size = size;
    return 0;
}

/* Run a tree edit, growing the buffer as long as it runs out of space. */
#define WITH_ROOM(v, extra, expr)                                                                  \
    ({                                                                                             \
        int with_room_r_;                                                                          \
        while ((with_room_r_ = (expr)) == -FDT_ERR_NOSPACE)                                       \
            if (grow((v), (extra)))                                                                \
                break;                                                                             \
        with_room_r_;                                                                              \
    })

static int load_tree(struct spapr_machine *m, struct spapr_vof *v)
{
    void *blob;
    size_t size;
    int r = spapr_fdt_build(m, &blob, &size);
    if (r)
        return r;
    free(v->fdt);
    v->fdt = blob;
    v->fdt_size = (int)size;
    if ((r = grow(v, 64 * 1024)))
        return r;
    return WITH_ROOM(v, 4096, assign_phandles(v->fdt)) ? -EINVAL : 0;
}

/* After CAS: a fresh tree from the negotiated state, plus every property
 * the OS set on the old one that the new one lacks. */
static int rebuild_tree(struct spapr_machine *m, struct spapr_vof *v)
{
    void *old = v->fdt;
    v->fdt = NULL;
    int r = load_tree(m, v);
    if (r) {
        free(v->fdt);
        v->fdt = old;
        return r;
    }
    char path[512];
    for (int off = 0; off >= 0; off = fdt_next_node(old, off, NULL)) {
        if (fdt_get_path(old, off, path, sizeof(path)))
            continue;
        int prop;
        fdt_for_each_property_offset(prop, old, off) {
            const char *name;
            int len;
            const void *val = fdt_getprop_by_offset(old, prop, &name, &len);
            int noff = fdt_path_offset(v->fdt, path);
            if (noff < 0 || fdt_getprop(v->fdt, noff, name, NULL))
                continue;
            WITH_ROOM(v, len + 64, fdt_setprop(v->fdt, fdt_path_offset(v->fdt, path), name, val, len));
        }
    }
    free(old);
    return 0;
}

static int node_of(struct spapr_vof *v, uint32_t ph)
{
    if (ph == 0 || ph == VOF_ERR)
        return -1;
    int off = fdt_node_offset_by_phandle(v->fdt, ph);
    return off < 0 ? -1 : off;
}

static uint32_t phandle_of(struct spapr_vof *v, int off)
{
    return off < 0 ? 0 : fdt_get_phandle(v->fdt, off);
}

static struct vof_instance *instance(struct spapr_vof *v, uint32_t ih)
{
    if (ih < VOF_IHANDLE_BASE || ih - VOF_IHANDLE_BASE >= VOF_MAX_INSTANCES)
        return NULL;
    struct vof_instance *i = &v->inst[ih - VOF_IHANDLE_BASE];
    return i->phandle ? i : NULL;
}

static uint32_t open_node(struct spapr_vof *v, int off, int console)
{
    for (uint32_t i = 0; i < VOF_MAX_INSTANCES; i++) {
        if (!v->inst[i].phandle) {
            v->inst[i].phandle = phandle_of(v, off);
            v->inst[i].console = console;
            return VOF_IHANDLE_BASE + i;
        }
    }
    return 0;
}

/* ---- memory claims ----------------------------------------------------- */

static bool overlaps(struct spapr_vof *v, uint64_t base, uint64_t size)
{
    for (size_t i = 0; i < v->nclaimed; i++)
        if (base < v->claimed[i].base + v->claimed[i].size && v->claimed[i].base < base + size)
            return true;
    return false;
}

static int add_claim(struct spapr_vof *v, uint64_t base, uint64_t size)
{
    if (v->nclaimed == VOF_MAX_CLAIMS)
        return -ENOSPC;
    size_t i = 0;
    while (i < v->nclaimed && v->claimed[i].base < base)
        i++;
    memmove(&v->claimed[i + 1], &v->claimed[i], (v->nclaimed - i) * sizeof(v->claimed[0]));
    v->claimed[i] = (struct vof_range){base, size};
    v->nclaimed++;
    return 0;
}

/* claim: with align 0 exactly [virt, virt + size), else the lowest free
 * aligned block. Returns the base or VOF_ERR. */
static uint32_t do_claim(struct spapr_machine *m, struct spapr_vof *v, uint64_t virt, uint64_t size,
                         uint64_t align)
{
    if (size == 0)
        return VOF_ERR;
    if (align == 0) {
        if (!guest_ram_range_ok(&m->ram, virt, size) || overlaps(v, virt, size) ||
            add_claim(v, virt, size))
            return VOF_ERR;
        return (uint32_t)virt;
    }
    if (align & (align - 1))
        return VOF_ERR;
    /* Cells are 32 bits: only the first 4 GiB can be handed out. */
    uint64_t limit = m->ram.size < (UINT64_C(1) << 32) ? m->ram.size : (UINT64_C(1) << 32);
    uint64_t base = 0;
    while (base + size <= limit && base + size > base) {
        bool moved = false;
        for (size_t i = 0; i < v->nclaimed; i++) {
            const struct vof_range *c = &v->claimed[i];
            if (base < c->base + c->size && c->base < base + size) {
                base = (c->base + c->size + align - 1) & ~(align - 1);
                moved = true;
            }
        }
        if (!moved)
            return add_claim(v, base, size) ? VOF_ERR : (uint32_t)base;
    }
    return VOF_ERR;
}

static void do_release(struct spapr_vof *v, uint64_t virt, uint64_t size)
{
    for (size_t i = 0; i < v->nclaimed; i++) {
        if (v->claimed[i].base == virt && v->claimed[i].size == size) {
            memmove(&v->claimed[i], &v->claimed[i + 1], (v->nclaimed - i - 1) * sizeof(v->claimed[0]));
            v->nclaimed--;
            return;
        }
    }
}

/* Rewrite "available" of every memory node: its reg range minus what is
 * claimed (claims are sorted and never overlap). OF clients such as GRUB
 * find free memory there; QEMU's VOF keeps it the same way. */
static void update_available(struct spapr_vof *v)
{
    for (int off = fdt_node_offset_by_prop_value(v->fdt, -1, "device_type", "memory", 7); off >= 0;
         off = fdt_node_offset_by_prop_value(v->fdt, off, "device_type", "memory", 7)) {
        int len;
        const fdt64_t *reg = fdt_getprop(v->fdt, off, "reg", &len);
        if (!reg || len != 16)
            continue;
        uint64_t base = fdt64_ld(&reg[0]), end = base + fdt64_ld(&reg[1]);
        fdt64_t cells[2 * (VOF_MAX_CLAIMS + 1)];
        int n = 0;
        uint64_t at = base;
        for (size_t i = 0; i < v->nclaimed && at < end; i++) {
            uint64_t cb = v->claimed[i].base, ce = cb + v->claimed[i].size;
            if (ce <= at || cb >= end)
                continue;
            if (cb > at) {
                cells[n++] = cpu_to_fdt64(at);
                cells[n++] = cpu_to_fdt64(cb - at);
            }
            at = ce > at ? ce : at;
        }
        if (at < end) {
            cells[n++] = cpu_to_fdt64(at);
            cells[n++] = cpu_to_fdt64(end - at);
        }
        char path[64];
        if (fdt_get_path(v->fdt, off, path, sizeof(path)))
            continue;
        WITH_ROOM(v, n * 8 + 64, fdt_setprop(v->fdt, fdt_path_offset(v->fdt, path), "available", cells,
                                             n * (int)sizeof(cells[0])));
        off = fdt_path_offset(v->fdt, path); /* offsets move when the tree grows */
    }
}

int spapr_vof_claim(struct spapr_machine *m, uint64_t base, uint64_t size)
{
    if (!m->vof || size == 0 || !guest_ram_range_ok(&m->ram, base, size))
        return -EINVAL;
    int r = overlaps(m->vof, base, size) ? -EBUSY : add_claim(m->vof, base, size);
    if (!r)
        update_available(m->vof);
    return r;
}

/* ---- services ---------------------------------------------------------- */

struct call {
    uint32_t nargs, nret;
    uint32_t a[VOF_MAX_CELLS];
    uint32_t r[VOF_MAX_CELLS];
};

static int read_str(struct spapr_machine *m, uint32_t addr, char *buf, size_t max)
{
    return guest_ram_read_string(&m->ram, addr, buf, max);
}

/* Copy min(len, buflen) bytes of val to the guest buffer; false if the
 * buffer is not in RAM. */
static bool put_buf(struct spapr_machine *m, uint32_t addr, uint32_t buflen, const void *val, size_t len)
{
    size_t n = len < buflen ? len : buflen;
    return guest_ram_write(&m->ram, addr, val, n) == 0;
}

/* The 1275 "name" property the flat tree does not store: the node name
 * without its unit address. */
static const void *get_prop(struct spapr_vof *v, int off, const char *name, int *len, char *scratch,
                            size_t scratch_len)
{
    if (strcmp(name, "name") == 0) {
        int l;
        const char *n = fdt_get_name(v->fdt, off, &l);
        if (!n)
            return NULL;
        const char *at = memchr(n, '@', (size_t)l);
        size_t nl = at ? (size_t)(at - n) : (size_t)l;
        if (nl + 1 > scratch_len)
            return NULL;
        memcpy(scratch, n, nl);
        scratch[nl] = '\0';
        *len = (int)nl + 1;
        return scratch;
    }
    return fdt_getprop(v->fdt, off, name, len);
}

static void svc_finddevice(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    char path[256];
    if (read_str(m, c->a[0], path, sizeof(path)) < 0) {
        c->r[0] = VOF_ERR;
        return;
    }
    char *colon = strchr(path, ':'); /* device arguments */
    if (colon)
        *colon = '\0';
    int off = fdt_path_offset(v->fdt, path);
    c->r[0] = off < 0 ? VOF_ERR : phandle_of(v, off);
}

static void svc_getprop(struct spapr_machine *m, struct spapr_vof *v, struct call *c, bool len_only)
{
    char name[64], scratch[64];
    int off = node_of(v, c->a[0]), len;
    const void *val;
    if (off < 0 || read_str(m, c->a[1], name, sizeof(name)) < 0 ||
        !(val = get_prop(v, off, name, &len, scratch, sizeof(scratch)))) {
        c->r[0] = VOF_ERR;
        return;
    }
    if (!len_only && !put_buf(m, c->a[2], c->a[3], val, (size_t)len)) {
        c->r[0] = VOF_ERR;
        return;
    }
    c->r[0] = (uint32_t)len;
}

static void svc_nextprop(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    char prev[64];
    int off = node_of(v, c->a[0]);
    if (off < 0 || read_str(m, c->a[1], prev, sizeof(prev)) < 0) {
        c->r[0] = VOF_ERR;
        return;
    }
    int prop;
    bool take = prev[0] == '\0';
    fdt_for_each_property_offset(prop, v->fdt, off) {
        const char *name;
        fdt_getprop_by_offset(v->fdt, prop, &name, NULL);
        if (take) {
            /* 1275 sizes the buffer for 31 characters, but PAPR names such
             * as ibm,processor-radix-AP-encodings are longer; Linux's
             * buffer holds 64 (MAX_PROPERTY_NAME). */
            size_t n = strlen(name) + 1;
            c->r[0] = n <= 64 && guest_ram_write(&m->ram, c->a[2], name, n) == 0 ? 1 : VOF_ERR;
            return;
        }
        take = strcmp(name, prev) == 0;
    }
    c->r[0] = take || prev[0] == '\0' ? 0 : VOF_ERR; /* the last one, or unknown prev */
}

static void svc_setprop(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    char name[64];
    int off = node_of(v, c->a[0]);
    uint32_t len = c->a[3];
    const void *val = guest_ram_ptr(&m->ram, c->a[2], len);
    if (off < 0 || read_str(m, c->a[1], name, sizeof(name)) < 0 || !name[0] || !val ||
        len > VOF_MAX_PROP) {
        c->r[0] = VOF_ERR;
        return;
    }
    uint32_t ph = c->a[0];
    int r = WITH_ROOM(v, (int)len + 64, fdt_setprop(v->fdt, node_of(v, ph), name, val, (int)len));
    c->r[0] = r ? VOF_ERR : len;
}

static void svc_walk(struct spapr_vof *v, struct call *c, int which)
{
    int off = node_of(v, c->a[0]);
    switch (which) {
    case 0: /* child */
        c->r[0] = off < 0 ? 0 : phandle_of(v, fdt_first_subnode(v->fdt, off));
        break;
    case 1: /* peer; peer(0) is the root */
        if (c->a[0] == 0)
            c->r[0] = phandle_of(v, 0);
        else
            c->r[0] = off <= 0 ? 0 : phandle_of(v, fdt_next_subnode(v->fdt, off));
        break;
    default: /* parent */
        c->r[0] = off <= 0 ? 0 : phandle_of(v, fdt_parent_offset(v->fdt, off));
        break;
    }
}

static void put_path(struct spapr_machine *m, struct spapr_vof *v, int off, struct call *c)
{
    char path[512];
    if (off < 0 || fdt_get_path(v->fdt, off, path, sizeof(path))) {
        c->r[0] = VOF_ERR;
        return;
    }
    size_t len = strlen(path);
    /* Returns the path length; copies what fits, with the NUL if it fits. */
    c->r[0] = put_buf(m, c->a[1], c->a[2], path, len + 1) ? (uint32_t)len : VOF_ERR;
}

static void svc_open(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    char path[256];
    if (read_str(m, c->a[0], path, sizeof(path)) < 0) {
        c->r[0] = 0;
        return;
    }
    char *colon = strchr(path, ':');
    if (colon)
        *colon = '\0';
    int off = fdt_path_offset(v->fdt, path);
    int console = 0;
    if (off >= 0 && m->vty) {
        char vty[64];
        int vl = fdt_get_path(v->fdt, off, vty, sizeof(vty));
        const char *compat = fdt_getprop(v->fdt, off, "compatible", NULL);
        console = vl == 0 && compat && strcmp(compat, "hvterm1") == 0;
    }
    c->r[0] = off < 0 ? 0 : open_node(v, off, console);
}

static void svc_write(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    struct vof_instance *i = instance(v, c->a[0]);
    uint32_t len = c->a[2];
    const uint8_t *buf = guest_ram_ptr(&m->ram, c->a[1], len);
    if (!i || !i->console || !buf) {
        c->r[0] = VOF_ERR;
        return;
    }
    if (len && m->ops.console_write)
        m->ops.console_write(m->ops.opaque, buf, len);
    c->r[0] = len;
}

static void svc_read(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    struct vof_instance *i = instance(v, c->a[0]);
    uint32_t len = c->a[2];
    uint8_t *buf = guest_ram_ptr(&m->ram, c->a[1], len);
    if (!i || !i->console || !buf) {
        c->r[0] = VOF_ERR;
        return;
    }
    size_t n = spapr_vty_read(m->vty, buf, len);
    guest_ram_notify_write(&m->ram, c->a[1], n);
    c->r[0] = (uint32_t)n;
}

static void svc_call_method(struct spapr_machine *m, struct spapr_vof *v, struct call *c)
{
    char method[64];
    struct vof_instance *i = instance(v, c->a[1]);
    if (c->nargs < 2 || read_str(m, c->a[0], method, sizeof(method)) < 0 || !i) {
        c->r[0] = VOF_ERR; /* catch-result: failed */
        return;
    }
    if (strcmp(method, "ibm,client-architecture-support") == 0 && c->nargs >= 3) {
        int r = spapr_cas_negotiate(m, c->a[2]);
        if (r == 0)
            r = rebuild_tree(m, v);
        c->r[0] = 0;
        if (c->nret > 1)
            c->r[1] = r ? VOF_ERR : 0;
        if (r)
            spapr_machine_log(m, _("the OS and the machine found no common ground in ibm,client-architecture-support: %s"), strerror(-r));
        return;
    }
    if (strcmp(method, "instantiate-rtas") == 0 && c->nargs >= 3) {
        uint32_t base = c->a[2];
        bool ok = v->rtas_blob && guest_ram_write(&m->ram, base, v->rtas_blob, v->rtas_len) == 0;
        c->r[0] = ok ? 0 : VOF_ERR;
        if (c->nret > 1)
            c->r[1] = ok ? base : VOF_ERR;
        return;
    }
    c->r[0] = VOF_ERR;
}

int spapr_vof_client_call(struct spapr_machine *m, unsigned vcpu, uint64_t args)
{
    (void)vcpu;
    struct spapr_vof *v = m->vof;
    struct call c;
    uint32_t svc_addr;
    char svc[64];
    memset(&c, 0, sizeof(c));
    if (!v || guest_ram_ld32_be(&m->ram, args, &svc_addr) ||
        guest_ram_ld32_be(&m->ram, args + 4, &c.nargs) || guest_ram_ld32_be(&m->ram, args + 8, &c.nret) ||
        c.nargs > VOF_MAX_CELLS || c.nret > VOF_MAX_CELLS ||
        !guest_ram_range_ok(&m->ram, args + 12, 4ull * (c.nargs + c.nret)) ||
        read_str(m, svc_addr, svc, sizeof(svc)) < 0)
        return -1;
    for (uint32_t i = 0; i < c.nargs; i++)
        guest_ram_ld32_be(&m->ram, args + 12 + 4ull * i, &c.a[i]);

    /* Service, minimum arguments and returns. */
    static const struct {
        const char *name;
        uint8_t nargs, nret;
    } table[] = {
        {"finddevice", 1, 1}, {"getprop", 4, 1}, {"getproplen", 2, 1}, {"nextprop", 3, 1},
        {"setprop", 4, 1}, {"child", 1, 1}, {"peer", 1, 1}, {"parent", 1, 1},
        {"instance-to-package", 1, 1}, {"instance-to-path", 3, 1}, {"package-to-path", 3, 1},
        {"open", 1, 1}, {"close", 1, 0}, {"write", 3, 1}, {"read", 3, 1}, {"seek", 3, 1},
        {"claim", 3, 1}, {"release", 2, 0}, {"call-method", 2, 1}, {"interpret", 1, 1},
        {"milliseconds", 0, 1}, {"quiesce", 0, 0}, {"exit", 0, 0},
    };
    int which = -1;
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(svc, table[i].name) == 0)
            which = (int)i;
    if (which < 0)
        return -1;
    if (c.nargs < table[which].nargs || c.nret < table[which].nret) {
        for (uint32_t i = 0; i < c.nret; i++)
            c.r[i] = VOF_ERR;
    } else {
        switch (which) {
        case 0: svc_finddevice(m, v, &c); break;
        case 1: svc_getprop(m, v, &c, false); break;
        case 2: svc_getprop(m, v, &c, true); break; /* getproplen */
        case 3: svc_nextprop(m, v, &c); break;
        case 4: svc_setprop(m, v, &c); break;
        case 5: svc_walk(v, &c, 0); break;
        case 6: svc_walk(v, &c, 1); break;
        case 7: svc_walk(v, &c, 2); break;
        case 8: {
            struct vof_instance *i = instance(v, c.a[0]);
            c.r[0] = i ? i->phandle : VOF_ERR;
            break;
        }
        case 9: {
            struct vof_instance *i = instance(v, c.a[0]);
            put_path(m, v, i ? node_of(v, i->phandle) : -1, &c);
            break;
        }
        case 10: put_path(m, v, node_of(v, c.a[0]), &c); break;
        case 11: svc_open(m, v, &c); break;
        case 12: {
            struct vof_instance *i = instance(v, c.a[0]);
            if (i)
                i->phandle = 0;
            break;
        }
        case 13: svc_write(m, v, &c); break;
        case 14: svc_read(m, v, &c); break;
        case 15: c.r[0] = VOF_ERR; break; /* seek: no block devices */
        case 16:
            c.r[0] = do_claim(m, v, c.a[0], c.a[1], c.a[2]);
            if (c.r[0] != VOF_ERR)
                update_available(v);
            break;
        case 17:
            do_release(v, c.a[0], c.a[1]);
            update_available(v);
            break;
        case 18: svc_call_method(m, v, &c); break;
        case 19: c.r[0] = VOF_ERR; break; /* interpret: no Forth here */
        case 20: c.r[0] = (uint32_t)(now_ms() - v->start_ms); break;
        case 21: break; /* quiesce: nothing to stop */
        case 22:
            spapr_machine_log(m, "%s", _("the boot program gave up (client interface \"exit\")"));
            spapr_machine_exit_request(m, SPAPR_EXIT_POWER_OFF);
            break;
        }
    }
    for (uint32_t i = 0; i < c.nret; i++)
        guest_ram_st32_be(&m->ram, args + 12 + 4ull * (c.nargs + i), c.r[i]);
    return 0;
}

static void h_vof_client(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                         struct spapr_hcall_ret *r)
{
    r->status = spapr_vof_client_call(m, vcpu, a->args[0]) ? -1 : H_SUCCESS;
}

int spapr_vof_init(struct spapr_machine *m, const void *rtas_blob, size_t rtas_len)
{
    if (m->vof)
        return -EEXIST;
    struct spapr_vof *v = calloc(1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    m->vof = v;
    v->start_ms = now_ms();
    int r = load_tree(m, v);
    if (!r && rtas_blob && rtas_len) {
        v->rtas_blob = malloc(rtas_len);
        r = v->rtas_blob ? 0 : -ENOMEM;
        if (!r) {
            memcpy(v->rtas_blob, rtas_blob, rtas_len);
            v->rtas_len = rtas_len;
        }
    }
    /* The console as /chosen "stdout" (an ihandle, as prom_init reads it). */
    if (!r && m->vty) {
        char path[64];
        int chosen = fdt_path_offset(v->fdt, "/chosen");
        snprintf(path, sizeof(path), "/vdevice/vty@%x", spapr_vty_reg(m->vty));
        uint32_t ih = open_node(v, fdt_path_offset(v->fdt, path), 1);
        if (chosen < 0 || !ih || WITH_ROOM(v, 64, fdt_setprop_u32(v->fdt, chosen, "stdout", ih)))
            r = -EINVAL;
    }
    /* Memory already in use: the low vectors and the kernel, the initrd. */
    uint64_t low = m->kernel_size ? m->kernel_addr + m->kernel_size : 0x4000;
    if (!r)
        r = add_claim(v, 0, low);
    if (!r && m->cfg.initrd_size)
        r = add_claim(v, m->cfg.initrd_start, m->cfg.initrd_size);
    if (!r)
        update_available(v);
    if (!r && !spapr_hcall_lookup(m, KVMPPC_H_VOF_CLIENT))
        r = spapr_hcall_register(m, KVMPPC_H_VOF_CLIENT, "KVMPPC_H_VOF_CLIENT", NULL, h_vof_client);
    if (r)
        spapr_vof_fini(m);
    return r;
}

void spapr_vof_fini(struct spapr_machine *m)
{
    if (!m->vof)
        return;
    free(m->vof->fdt);
    free(m->vof->rtas_blob);
    free(m->vof);
    m->vof = NULL;
}

const void *spapr_vof_fdt(const struct spapr_machine *m)
{
    return m->vof ? m->vof->fdt : NULL;
}
