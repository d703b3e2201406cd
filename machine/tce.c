/* machine/tce.c: TCE tables and their hypercalls (see tce.h):
 * H_PUT_TCE(liobn, ioba, tce), H_GET_TCE(liobn, ioba) -> r4,
 * H_STUFF_TCE(liobn, ioba, tce, count) and H_PUT_TCE_INDIRECT(liobn, ioba,
 * list, count) where the list is a 4 KiB-aligned guest page of up to 512
 * big-endian TCEs. A TCE that grants access must name a page inside RAM;
 * bad LIOBNs, bus addresses, counts and lists give H_PARAMETER. */
#include "tce.h"

#include <endian.h>
#include <errno.h>
#include <libfdt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "papr.h"
#include "vmstate.h"

#define H_GET_TCE 0x1c
#define H_PUT_TCE 0x20
#define H_STUFF_TCE 0x138
#define H_PUT_TCE_INDIRECT 0x13c
#define TCE_PAGE (1ull << SPAPR_TCE_PAGE_SHIFT)
#define TCE_PERMS (SPAPR_TCE_READ | SPAPR_TCE_WRITE)
#define TCE_INDIRECT_MAX 512

struct spapr_tce_table {
    uint32_t liobn;
    uint32_t nb;       /* entries */
    uint32_t bytes;    /* nb * 8, for the state description */
    uint64_t *entries; /* host order */
};

struct spapr_tce_tables {
    pthread_mutex_t lock;
    struct spapr_tce_table *t;
    size_t count;
};

static const struct vmstate_field table_fields[] = {
    VMSTATE_UINT(struct spapr_tce_table, liobn, 1),
    {.name = "entries", .offset = offsetof(struct spapr_tce_table, entries), .kind = VMS_BUFFER_PTR,
     .count_offset = offsetof(struct spapr_tce_table, bytes), .version = 1},
};
static const struct vmstate_desc table_desc = {"spapr-tce-table", 1, 1, table_fields, 2};

static struct spapr_tce_tables *tables(struct spapr_machine *m)
{
    if (!m->tce) {
        m->tce = calloc(1, sizeof(*m->tce));
        if (m->tce)
            pthread_mutex_init(&m->tce->lock, NULL);
    }
    return m->tce;
}

static struct spapr_tce_table *find(struct spapr_machine *m, uint64_t liobn)
{
    if (!m->tce)
        return NULL;
    for (size_t i = 0; i < m->tce->count; i++)
        if (m->tce->t[i].liobn == liobn)
            return &m->tce->t[i];
    return NULL;
}

int spapr_tce_table_create(struct spapr_machine *m, uint32_t liobn, uint64_t size)
{
    struct spapr_tce_tables *ts = tables(m);
    if (!ts)
        return -ENOMEM;
    if (size == 0 || size % TCE_PAGE || size > (UINT64_C(1) << 32))
        return -EINVAL;
    if (find(m, liobn))
        return -EEXIST;
    struct spapr_tce_table *t = realloc(ts->t, (ts->count + 1) * sizeof(*t));
    if (!t)
        return -ENOMEM;
    ts->t = t;
    struct spapr_tce_table *n = &ts->t[ts->count];
    n->liobn = liobn;
    n->nb = (uint32_t)(size >> SPAPR_TCE_PAGE_SHIFT);
    n->bytes = n->nb * 8;
    n->entries = calloc(n->nb, sizeof(uint64_t));
    if (!n->entries)
        return -ENOMEM;
    ts->count++;
    return 0;
}

void spapr_tce_destroy_all(struct spapr_machine *m)
{
    if (!m->tce)
        return;
    for (size_t i = 0; i < m->tce->count; i++)
        free(m->tce->t[i].entries);
    free(m->tce->t);
    pthread_mutex_destroy(&m->tce->lock);
    free(m->tce);
    m->tce = NULL;
}

void spapr_tce_reset(struct spapr_machine *m)
{
    if (!m->tce)
        return;
    pthread_mutex_lock(&m->tce->lock);
    for (size_t i = 0; i < m->tce->count; i++)
        memset(m->tce->t[i].entries, 0, m->tce->t[i].bytes);
    pthread_mutex_unlock(&m->tce->lock);
}

/* A TCE may grant access only to a page of RAM. */
static bool tce_ok(struct spapr_machine *m, uint64_t tce)
{
    return !(tce & TCE_PERMS) || guest_ram_range_ok(&m->ram, tce & ~(TCE_PAGE - 1), TCE_PAGE);
}

static int dma(struct spapr_machine *m, uint32_t liobn, uint64_t ioba, void *buf, uint64_t len,
               bool write)
{
    struct spapr_tce_table *t = find(m, liobn);
    if (!t || ioba >> SPAPR_TCE_PAGE_SHIFT >= t->nb ||
        len > ((uint64_t)t->nb << SPAPR_TCE_PAGE_SHIFT) - ioba)
        return -EINVAL;
    uint64_t need = write ? SPAPR_TCE_WRITE : SPAPR_TCE_READ;
    pthread_mutex_lock(&m->tce->lock);
    int r = 0;
    /* Check every page first, then copy. */
    for (int pass = 0; pass < 2 && r == 0; pass++) {
        uint64_t done = 0;
        while (done < len) {
            uint64_t a = ioba + done;
            uint64_t tce = t->entries[a >> SPAPR_TCE_PAGE_SHIFT];
            uint64_t off = a & (TCE_PAGE - 1);
            uint64_t n = TCE_PAGE - off < len - done ? TCE_PAGE - off : len - done;
            uint64_t gpa = (tce & ~(TCE_PAGE - 1)) + off;
            if (pass == 0) {
                if (!(tce & need)) {
                    r = -EPERM;
                    break;
                }
                if (!guest_ram_range_ok(&m->ram, gpa, n)) {
                    r = -EFAULT;
                    break;
                }
            } else if (write) {
                guest_ram_write(&m->ram, gpa, (const uint8_t *)buf + done, n);
            } else {
                guest_ram_read(&m->ram, gpa, (uint8_t *)buf + done, n);
            }
            done += n;
        }
    }
    pthread_mutex_unlock(&m->tce->lock);
    return r;
}

/* Device writes to guest memory; the device reads guest memory. */
int spapr_tce_dma_write(struct spapr_machine *m, uint32_t liobn, uint64_t ioba, const void *buf,
                        uint64_t len)
{
    return dma(m, liobn, ioba, (void *)buf, len, true);
}

int spapr_tce_dma_read(struct spapr_machine *m, uint32_t liobn, uint64_t ioba, void *buf, uint64_t len)
{
    return dma(m, liobn, ioba, buf, len, false);
}

/* The table and first index of [ioba, ioba + npages pages), or NULL. */
static struct spapr_tce_table *range(struct spapr_machine *m, uint64_t liobn, uint64_t ioba,
                                     uint64_t npages, uint64_t *index)
{
    struct spapr_tce_table *t = find(m, liobn);
    if (!t)
        return NULL;
    uint64_t i = ioba >> SPAPR_TCE_PAGE_SHIFT;
    if (i >= t->nb || npages > t->nb - i)
        return NULL;
    *index = i;
    return t;
}

static void h_put_tce(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                      struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t i;
    struct spapr_tce_table *t = range(m, a->args[0], a->args[1], 1, &i);
    if (!t || !tce_ok(m, a->args[2])) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_lock(&m->tce->lock);
    t->entries[i] = a->args[2];
    pthread_mutex_unlock(&m->tce->lock);
    r->status = H_SUCCESS;
}

static void h_get_tce(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                      struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t i;
    struct spapr_tce_table *t = range(m, a->args[0], a->args[1], 1, &i);
    if (!t) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_lock(&m->tce->lock);
    r->ret[0] = t->entries[i];
    pthread_mutex_unlock(&m->tce->lock);
    r->status = H_SUCCESS;
}

static void h_stuff_tce(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t i;
    struct spapr_tce_table *t = range(m, a->args[0], a->args[1], a->args[3], &i);
    if (!t || !tce_ok(m, a->args[2])) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_lock(&m->tce->lock);
    for (uint64_t k = 0; k < a->args[3]; k++)
        t->entries[i + k] = a->args[2];
    pthread_mutex_unlock(&m->tce->lock);
    r->status = H_SUCCESS;
}

static void h_put_tce_indirect(struct spapr_machine *m, unsigned vcpu,
                               const struct spapr_hcall_args *a, struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t list = a->args[2], npages = a->args[3], i;
    struct spapr_tce_table *t = range(m, a->args[0], a->args[1], npages, &i);
    uint64_t tces[TCE_INDIRECT_MAX];
    if (!t || npages > TCE_INDIRECT_MAX || (list & (TCE_PAGE - 1)) ||
        guest_ram_read(&m->ram, list, tces, npages * 8)) {
        r->status = H_PARAMETER;
        return;
    }
    for (uint64_t k = 0; k < npages; k++) {
        tces[k] = be64toh(tces[k]);
        if (!tce_ok(m, tces[k])) {
            r->status = H_PARAMETER;
            return;
        }
    }
    pthread_mutex_lock(&m->tce->lock);
    memcpy(&t->entries[i], tces, npages * 8);
    pthread_mutex_unlock(&m->tce->lock);
    r->status = H_SUCCESS;
}

int spapr_tce_register_hcalls(struct spapr_machine *m)
{
    int r;
    if (!tables(m))
        return -ENOMEM;
    if ((r = spapr_hcall_register(m, H_PUT_TCE, "H_PUT_TCE", "hcall-tce", h_put_tce)) ||
        (r = spapr_hcall_register(m, H_GET_TCE, "H_GET_TCE", "hcall-tce", h_get_tce)) ||
        (r = spapr_hcall_register(m, H_STUFF_TCE, "H_STUFF_TCE", "hcall-multi-tce", h_stuff_tce)) ||
        (r = spapr_hcall_register(m, H_PUT_TCE_INDIRECT, "H_PUT_TCE_INDIRECT", "hcall-multi-tce",
                                  h_put_tce_indirect)))
        return r;
    return 0;
}

int spapr_tce_fdt_window(struct spapr_machine *m, uint32_t liobn, void *fdt, int node)
{
    struct spapr_tce_table *t = find(m, liobn);
    if (!t)
        return -FDT_ERR_NOTFOUND;
    uint64_t size = (uint64_t)t->nb << SPAPR_TCE_PAGE_SHIFT;
    uint32_t win[5] = {cpu_to_fdt32(liobn), 0, 0, cpu_to_fdt32((uint32_t)(size >> 32)),
                       cpu_to_fdt32((uint32_t)size)};
    int r;
    if ((r = fdt_setprop_u32(fdt, node, "ibm,#dma-address-cells", 2)) ||
        (r = fdt_setprop_u32(fdt, node, "ibm,#dma-size-cells", 2)) ||
        (r = fdt_setprop(fdt, node, "ibm,my-dma-window", win, sizeof(win))))
        return r;
    return 0;
}

int spapr_tce_save(struct spapr_machine *m, struct vmstate_buf *b)
{
    int r = 0;
    pthread_mutex_lock(&m->tce->lock);
    for (size_t i = 0; !r && i < m->tce->count; i++)
        r = vmstate_save(&table_desc, &m->tce->t[i], b);
    pthread_mutex_unlock(&m->tce->lock);
    return r;
}

int spapr_tce_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry)
{
    int r = 0;
    pthread_mutex_lock(&m->tce->lock);
    for (size_t i = 0; !r && i < m->tce->count; i++) {
        struct spapr_tce_table *t = &m->tce->t[i];
        uint32_t liobn = t->liobn;
        r = dry ? vmstate_check(&table_desc, t, data, len, pos)
                : vmstate_load(&table_desc, t, data, len, pos);
        if (!r && !dry && t->liobn != liobn) {
            t->liobn = liobn;
            r = -EINVAL;
        }
    }
    pthread_mutex_unlock(&m->tce->lock);
    return r;
}
