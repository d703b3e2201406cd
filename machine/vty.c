/* machine/vty.c: the spapr-vty VIO console ("hvterm1") and its hypercalls
 * H_PUT_TERM_CHAR / H_GET_TERM_CHAR ("hcall-term"). Up to 16 bytes travel
 * per call, packed big-endian in two registers (first byte in the most
 * significant byte of the first register). Terminal number 0 means the
 * first vty, besides its unit address. Output goes to the machine's
 * console_write callback; input comes from a ring the host fills with
 * spapr_vty_input(). */
#include <errno.h>
#include <libfdt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"
#include "vio.h"
#include "vmstate.h"
#include "xics.h"

#define VTY_RING 256u /* power of two */

struct spapr_vty {
    struct spapr_vio_dev dev;
    pthread_mutex_t lock;
    uint32_t in_head, in_tail; /* free-running; head - tail = bytes queued */
    uint8_t ring[VTY_RING];
};

static const struct vmstate_field vty_fields[] = {
    VMSTATE_UINT(struct spapr_vty, in_head, 1),
    VMSTATE_UINT(struct spapr_vty, in_tail, 1),
    VMSTATE_BYTES(struct spapr_vty, ring, 1),
};
static const struct vmstate_desc vty_desc = {"spapr-vty", 1, 1, vty_fields, 3};

static void vty_free(struct spapr_vio_dev *dev)
{
    struct spapr_vty *vty = (struct spapr_vty *)dev;
    pthread_mutex_destroy(&vty->lock);
    free(vty);
}

int spapr_vty_create(struct spapr_machine *m, uint32_t reg, struct spapr_vty **out)
{
    struct spapr_vty *vty = calloc(1, sizeof(*vty));
    if (!vty)
        return -ENOMEM;
    pthread_mutex_init(&vty->lock, NULL);
    vty->dev = (struct spapr_vio_dev){
        .node_name = "vty",
        .device_type = "serial",
        .compatible = "hvterm1",
        .reg = reg,
        .signal_mask = 1,
        .vmsd = &vty_desc,
        .state = vty,
        .free = vty_free,
    };
    uint32_t irq = xics_find_free(m, SPAPR_IRQ_VIO);
    if (irq && xics_claim(m, irq, false) == 0)
        vty->dev.irq = irq;
    int r = spapr_vio_register(m, &vty->dev);
    if (r) {
        vty_free(&vty->dev);
        return r;
    }
    if (!m->vty)
        m->vty = vty;
    if (out)
        *out = vty;
    return 0;
}

uint32_t spapr_vty_reg(const struct spapr_vty *vty)
{
    return vty->dev.reg;
}

size_t spapr_vty_input_room(struct spapr_vty *vty)
{
    pthread_mutex_lock(&vty->lock);
    size_t room = VTY_RING - (vty->in_head - vty->in_tail);
    pthread_mutex_unlock(&vty->lock);
    return room;
}

size_t spapr_vty_input(struct spapr_machine *m, struct spapr_vty *vty, const uint8_t *buf, size_t len)
{
    pthread_mutex_lock(&vty->lock);
    bool was_empty = vty->in_head == vty->in_tail;
    size_t n = 0;
    while (n < len && vty->in_head - vty->in_tail < VTY_RING)
        vty->ring[vty->in_head++ % VTY_RING] = buf[n++];
    pthread_mutex_unlock(&vty->lock);
    if (n && was_empty)
        spapr_vio_irq_pulse(m, &vty->dev);
    return n;
}

size_t spapr_vty_read(struct spapr_vty *vty, uint8_t *buf, size_t len)
{
    size_t n = 0;
    pthread_mutex_lock(&vty->lock);
    while (n < len && vty->in_tail != vty->in_head)
        buf[n++] = vty->ring[vty->in_tail++ % VTY_RING];
    pthread_mutex_unlock(&vty->lock);
    return n;
}

/* The vty addressed by a terminal number: 0 is the first vty. */
static struct spapr_vty *vty_lookup(struct spapr_machine *m, uint64_t termno)
{
    if (termno == 0)
        return m->vty;
    if (termno > UINT32_MAX)
        return NULL;
    struct spapr_vio_dev *dev = spapr_vio_find(m, (uint32_t)termno);
    return dev && dev->free == vty_free ? (struct spapr_vty *)dev : NULL;
}

static void h_put_term_char(struct spapr_machine *m, unsigned vcpu,
                            const struct spapr_hcall_args *a, struct spapr_hcall_ret *r)
{
    (void)vcpu;
    struct spapr_vty *vty = vty_lookup(m, a->args[0]);
    uint64_t len = a->args[1];
    if (!vty) {
        r->status = H_PARAMETER;
        return;
    }
    if (len > 16) {
        r->status = H_PARAMETER;
        return;
    }
    uint8_t buf[16];
    for (unsigned i = 0; i < 16; i++)
        buf[i] = (uint8_t)(a->args[2 + i / 8] >> (56 - 8 * (i % 8)));
    if (len && vty == m->vty && m->ops.console_write)
        m->ops.console_write(m->ops.opaque, buf, (size_t)len);
    r->status = H_SUCCESS;
}

static void h_get_term_char(struct spapr_machine *m, unsigned vcpu,
                            const struct spapr_hcall_args *a, struct spapr_hcall_ret *r)
{
    (void)vcpu;
    struct spapr_vty *vty = vty_lookup(m, a->args[0]);
    if (!vty) {
        r->status = H_PARAMETER;
        return;
    }
    uint8_t buf[16] = {0};
    unsigned n = 0;
    pthread_mutex_lock(&vty->lock);
    while (n < 16 && vty->in_tail != vty->in_head)
        buf[n++] = vty->ring[vty->in_tail++ % VTY_RING];
    pthread_mutex_unlock(&vty->lock);
    r->ret[0] = n;
    for (unsigned i = 0; i < 16; i++)
        r->ret[1 + i / 8] |= (uint64_t)buf[i] << (56 - 8 * (i % 8));
    r->status = H_SUCCESS;
}

int spapr_vty_register_hcalls(struct spapr_machine *m)
{
    int r = spapr_hcall_register(m, H_GET_TERM_CHAR, "H_GET_TERM_CHAR", "hcall-term", h_get_term_char);
    if (!r)
        r = spapr_hcall_register(m, H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", "hcall-term", h_put_term_char);
    return r;
}
