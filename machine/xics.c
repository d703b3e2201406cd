/* machine/xics.c: XICS presentation (ICP) and source (ICS) logic in
 * software, following LoPAR's "Interrupt Presentation" rules: a source is
 * presented to its server's ICP if its priority is more favored (numerically
 * lower) than the server's CPPR and than what is already pending; otherwise
 * it is rejected and re-sent when the CPPR becomes less favored or after an
 * EOI. IPIs come from the per-server MFRR as source XICS_IPI. All state is
 * under one lock; the external-interrupt callback is called with the lock
 * held and must not call back into XICS. */
#include "xics.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "vmstate.h"

#define CPPR(icp) ((uint8_t)((icp)->xirr >> 24))
#define XISR(icp) ((icp)->xirr & 0xffffffu)

static struct xics_source *source(struct spapr_xics *x, uint32_t irq)
{
    if (irq < XICS_IRQ_BASE || irq - XICS_IRQ_BASE >= x->nr_irqs)
        return NULL;
    return &x->src[irq - XICS_IRQ_BASE];
}

static void update_output(struct spapr_machine *m, uint32_t server)
{
    struct xics_icp *icp = &m->xics->icp[server];
    uint8_t level = XISR(icp) != 0 && icp->pending_priority < CPPR(icp);
    if (level == icp->output)
        return;
    icp->output = level;
    if (m->ops.set_external_irq)
        m->ops.set_external_irq(m->ops.opaque, server, level);
}

static void ics_reject(struct spapr_xics *x, uint32_t irq)
{
    struct xics_source *s = source(x, irq);
    if (!s)
        return; /* the IPI lives on in MFRR */
    if (s->flags & XICS_SRC_LSI)
        s->flags &= ~XICS_SRC_SENT;
    else
        s->flags |= XICS_SRC_REJECTED;
}

/* Present irq at priority to server, or reject it. */
static void icp_irq(struct spapr_machine *m, uint32_t server, uint32_t irq, uint8_t priority)
{
    struct spapr_xics *x = m->xics;
    if (server >= x->nr_servers) {
        ics_reject(x, irq);
        return;
    }
    struct xics_icp *icp = &x->icp[server];
    if (priority >= CPPR(icp) || (XISR(icp) && icp->pending_priority <= priority)) {
        ics_reject(x, irq);
        return;
    }
    if (XISR(icp))
        ics_reject(x, XISR(icp));
    icp->xirr = (icp->xirr & 0xff000000u) | irq;
    icp->pending_priority = priority;
    update_output(m, server);
}

static void ics_deliver(struct spapr_machine *m, struct xics_source *s)
{
    uint32_t irq = XICS_IRQ_BASE + (uint32_t)(s - m->xics->src);
    if (s->flags & XICS_SRC_LSI) {
        if ((s->flags & XICS_SRC_ASSERTED) && !(s->flags & XICS_SRC_SENT) &&
            s->priority != XICS_PRIO_MASKED) {
            s->flags |= XICS_SRC_SENT;
            icp_irq(m, s->server, irq, s->priority);
        }
        return;
    }
    if (s->priority == XICS_PRIO_MASKED) {
        s->flags |= XICS_SRC_MASKED_PENDING;
        return;
    }
    s->flags &= ~(XICS_SRC_MASKED_PENDING | XICS_SRC_REJECTED);
    icp_irq(m, s->server, irq, s->priority);
}

static void ics_resend(struct spapr_machine *m)
{
    struct spapr_xics *x = m->xics;
    for (uint32_t i = 0; i < x->nr_irqs; i++) {
        struct xics_source *s = &x->src[i];
        if (!(s->flags & XICS_SRC_CLAIMED))
            continue;
        if ((s->flags & XICS_SRC_LSI) ? (s->flags & XICS_SRC_ASSERTED) && !(s->flags & XICS_SRC_SENT)
                                      : (s->flags & XICS_SRC_REJECTED) != 0)
            ics_deliver(m, s);
    }
}

static void icp_check_ipi(struct spapr_machine *m, uint32_t server)
{
    struct xics_icp *icp = &m->xics->icp[server];
    if (XISR(icp) && icp->pending_priority <= icp->mfrr)
        return;
    if (icp->mfrr >= CPPR(icp))
        return;
    if (XISR(icp))
        ics_reject(m->xics, XISR(icp));
    icp->xirr = (icp->xirr & 0xff000000u) | XICS_IPI;
    icp->pending_priority = icp->mfrr;
    update_output(m, server);
}

static void icp_resend(struct spapr_machine *m, uint32_t server)
{
    struct xics_icp *icp = &m->xics->icp[server];
    if (icp->mfrr < CPPR(icp))
        icp_check_ipi(m, server);
    ics_resend(m);
}

int xics_init(struct spapr_machine *m, uint32_t nr_servers)
{
    struct spapr_xics *x = calloc(1, sizeof(*x));
    if (!x)
        return -ENOMEM;
    x->nr_servers = nr_servers;
    x->nr_irqs = XICS_NR_IRQS;
    x->icp = calloc(nr_servers, sizeof(*x->icp));
    x->src = calloc(x->nr_irqs, sizeof(*x->src));
    if (!x->icp || !x->src) {
        free(x->icp);
        free(x->src);
        free(x);
        return -ENOMEM;
    }
    for (uint32_t i = 0; i < nr_servers; i++) {
        x->icp[i].mfrr = XICS_PRIO_MASKED; /* CPPR 0: everything masked at reset */
        x->icp[i].pending_priority = XICS_PRIO_MASKED;
    }
    for (uint32_t i = 0; i < x->nr_irqs; i++)
        x->src[i].priority = x->src[i].saved_priority = XICS_PRIO_MASKED;
    pthread_mutex_init(&x->lock, NULL);
    m->xics = x;
    return 0;
}

void xics_fini(struct spapr_xics *x)
{
    if (!x)
        return;
    pthread_mutex_destroy(&x->lock);
    free(x->icp);
    free(x->src);
    free(x);
}

void xics_reset(struct spapr_machine *m)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    for (uint32_t i = 0; i < x->nr_servers; i++) {
        x->icp[i].xirr = 0;
        x->icp[i].pending_priority = XICS_PRIO_MASKED;
        x->icp[i].mfrr = XICS_PRIO_MASKED;
        update_output(m, i);
    }
    for (uint32_t i = 0; i < x->nr_irqs; i++) {
        struct xics_source *s = &x->src[i];
        s->server = 0;
        s->priority = s->saved_priority = XICS_PRIO_MASKED;
        s->flags &= XICS_SRC_CLAIMED | XICS_SRC_LSI;
    }
    pthread_mutex_unlock(&x->lock);
}

int xics_claim(struct spapr_machine *m, uint32_t irq, bool lsi)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_source *s = source(x, irq);
    int r = !s ? -EINVAL : (s->flags & XICS_SRC_CLAIMED) ? -EBUSY : 0;
    if (r == 0)
        s->flags = XICS_SRC_CLAIMED | (lsi ? XICS_SRC_LSI : 0);
    pthread_mutex_unlock(&x->lock);
    return r;
}

uint32_t xics_find_free(const struct spapr_machine *m, uint32_t from)
{
    struct spapr_xics *x = m->xics;
    for (uint32_t irq = from < XICS_IRQ_BASE ? XICS_IRQ_BASE : from;
         irq - XICS_IRQ_BASE < x->nr_irqs; irq++)
        if (!(x->src[irq - XICS_IRQ_BASE].flags & XICS_SRC_CLAIMED))
            return irq;
    return 0;
}

void xics_irq_set(struct spapr_machine *m, uint32_t irq, int level)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_source *s = source(x, irq);
    if (s && (s->flags & XICS_SRC_CLAIMED)) {
        if (s->flags & XICS_SRC_LSI) {
            if (level)
                s->flags |= XICS_SRC_ASSERTED;
            else
                s->flags &= ~XICS_SRC_ASSERTED;
            ics_deliver(m, s);
        } else if (level) {
            ics_deliver(m, s);
        }
    }
    pthread_mutex_unlock(&x->lock);
}

uint32_t xics_icp_accept(struct spapr_machine *m, uint32_t server)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_icp *icp = &x->icp[server];
    uint32_t xirr = icp->xirr;
    if (XISR(icp)) {
        /* The presented interrupt becomes the current one: CPPR takes its
         * priority and XISR is cleared. */
        icp->xirr = (uint32_t)icp->pending_priority << 24;
        icp->pending_priority = XICS_PRIO_MASKED;
        update_output(m, server);
    }
    pthread_mutex_unlock(&x->lock);
    return xirr;
}

void xics_icp_set_cppr(struct spapr_machine *m, uint32_t server, uint8_t cppr)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_icp *icp = &x->icp[server];
    uint8_t old = CPPR(icp);
    icp->xirr = ((uint32_t)cppr << 24) | XISR(icp);
    if (cppr < old) {
        /* More favored: a pending interrupt that no longer qualifies goes
         * back to its source. */
        if (XISR(icp) && cppr <= icp->pending_priority) {
            uint32_t old_xisr = XISR(icp);
            icp->xirr &= 0xff000000u;
            icp->pending_priority = XICS_PRIO_MASKED;
            ics_reject(x, old_xisr);
        }
    } else if (!XISR(icp)) {
        icp_resend(m, server);
    }
    update_output(m, server);
    pthread_mutex_unlock(&x->lock);
}

void xics_icp_set_mfrr(struct spapr_machine *m, uint32_t server, uint8_t mfrr)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_icp *icp = &x->icp[server];
    icp->mfrr = mfrr;
    if (mfrr < CPPR(icp))
        icp_check_ipi(m, server);
    pthread_mutex_unlock(&x->lock);
}

void xics_icp_eoi(struct spapr_machine *m, uint32_t server, uint32_t xirr)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    struct xics_icp *icp = &x->icp[server];
    icp->xirr = (xirr & 0xff000000u) | XISR(icp);
    struct xics_source *s = source(x, xirr & 0xffffffu);
    if (s && (s->flags & XICS_SRC_LSI)) {
        s->flags &= ~XICS_SRC_SENT;
        ics_deliver(m, s); /* still asserted: present again */
    }
    if (!XISR(icp))
        icp_resend(m, server);
    update_output(m, server);
    pthread_mutex_unlock(&x->lock);
}

static int set_priority(struct spapr_machine *m, uint32_t irq, uint32_t server, uint8_t priority,
                        bool save)
{
    struct spapr_xics *x = m->xics;
    struct xics_source *s = source(x, irq);
    if (!s || !(s->flags & XICS_SRC_CLAIMED) || server >= x->nr_servers)
        return -EINVAL;
    s->server = server;
    s->priority = priority;
    if (save)
        s->saved_priority = priority;
    if (priority != XICS_PRIO_MASKED &&
        ((s->flags & XICS_SRC_MASKED_PENDING) || (s->flags & XICS_SRC_LSI)))
        ics_deliver(m, s);
    return 0;
}

int xics_set_xive(struct spapr_machine *m, uint32_t irq, uint32_t server, uint8_t priority)
{
    pthread_mutex_lock(&m->xics->lock);
    int r = set_priority(m, irq, server, priority, true);
    pthread_mutex_unlock(&m->xics->lock);
    return r;
}

int xics_get_xive(struct spapr_machine *m, uint32_t irq, uint32_t *server, uint8_t *priority)
{
    pthread_mutex_lock(&m->xics->lock);
    struct xics_source *s = source(m->xics, irq);
    int r = -EINVAL;
    if (s && (s->flags & XICS_SRC_CLAIMED)) {
        *server = s->server;
        *priority = s->priority;
        r = 0;
    }
    pthread_mutex_unlock(&m->xics->lock);
    return r;
}

int xics_int_off(struct spapr_machine *m, uint32_t irq)
{
    pthread_mutex_lock(&m->xics->lock);
    struct xics_source *s = source(m->xics, irq);
    int r = -EINVAL;
    if (s && (s->flags & XICS_SRC_CLAIMED)) {
        /* Keep the priority for int-on; mask the source. */
        if (s->priority != XICS_PRIO_MASKED)
            s->saved_priority = s->priority;
        r = set_priority(m, irq, s->server, XICS_PRIO_MASKED, false);
    }
    pthread_mutex_unlock(&m->xics->lock);
    return r;
}

int xics_int_on(struct spapr_machine *m, uint32_t irq)
{
    pthread_mutex_lock(&m->xics->lock);
    struct xics_source *s = source(m->xics, irq);
    int r = -EINVAL;
    if (s && (s->flags & XICS_SRC_CLAIMED))
        r = set_priority(m, irq, s->server, s->saved_priority, false);
    pthread_mutex_unlock(&m->xics->lock);
    return r;
}

/* Save/restore: the ICPs and the sources; the output lines are derived
 * from them and re-driven after a load. */
static const struct vmstate_field icp_fields[] = {
    VMSTATE_UINT(struct xics_icp, xirr, 1),
    VMSTATE_UINT(struct xics_icp, pending_priority, 1),
    VMSTATE_UINT(struct xics_icp, mfrr, 1),
};
static const struct vmstate_desc icp_desc = {"xics-icp", 1, 1, icp_fields, 3};

static const struct vmstate_field src_fields[] = {
    VMSTATE_UINT(struct xics_source, server, 1),
    VMSTATE_UINT(struct xics_source, priority, 1),
    VMSTATE_UINT(struct xics_source, saved_priority, 1),
    VMSTATE_UINT(struct xics_source, flags, 1),
};
static const struct vmstate_desc src_desc = {"xics-source", 1, 1, src_fields, 4};

static const struct vmstate_field xics_fields[] = {
    {.name = "icp", .offset = offsetof(struct spapr_xics, icp), .kind = VMS_STRUCT_ARRAY,
     .size = sizeof(struct xics_icp), .count_offset = offsetof(struct spapr_xics, nr_servers),
     .pointer = 1, .sub = &icp_desc, .version = 1},
    {.name = "ics", .offset = offsetof(struct spapr_xics, src), .kind = VMS_STRUCT_ARRAY,
     .size = sizeof(struct xics_source), .count_offset = offsetof(struct spapr_xics, nr_irqs),
     .pointer = 1, .sub = &src_desc, .version = 1},
};
static const struct vmstate_desc xics_desc = {"xics", 1, 1, xics_fields, 2};

int xics_save(struct spapr_machine *m, struct vmstate_buf *b)
{
    pthread_mutex_lock(&m->xics->lock);
    int r = vmstate_save(&xics_desc, m->xics, b);
    pthread_mutex_unlock(&m->xics->lock);
    return r;
}

int xics_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos)
{
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    int r = vmstate_load(&xics_desc, x, data, len, pos);
    for (uint32_t i = 0; i < x->nr_servers; i++)
        update_output(m, i);
    pthread_mutex_unlock(&x->lock);
    return r;
}

int xics_check(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos)
{
    return vmstate_check(&xics_desc, m->xics, data, len, pos);
}
