/* machine/xics-hcall.c: the XICS hypercalls of LoPAR's "hcall-interrupt"
 * group (H_CPPR, H_EOI, H_XIRR, H_XIRR_X, H_IPI, H_IPOLL): argument checks
 * and the mapping of registers onto the ICP operations of xics.c. The
 * calling vCPU is the interrupt server for H_CPPR/H_EOI/H_XIRR. */
#include <errno.h>

#include "machine.h"
#include "papr.h"
#include "xics.h"

static void h_cppr(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    if (a->args[0] > 0xff) {
        r->status = H_PARAMETER;
        return;
    }
    xics_icp_set_cppr(m, vcpu, (uint8_t)a->args[0]);
    r->status = H_SUCCESS;
}

static void h_ipi(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                  struct spapr_hcall_ret *r)
{
    (void)vcpu;
    if (a->args[0] >= m->xics->nr_servers) {
        r->status = H_PARAMETER;
        return;
    }
    if (a->args[1] > 0xff) {
        r->status = H_P2;
        return;
    }
    xics_icp_set_mfrr(m, (uint32_t)a->args[0], (uint8_t)a->args[1]);
    r->status = H_SUCCESS;
}

static void h_xirr(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    (void)a;
    r->ret[0] = xics_icp_accept(m, vcpu);
    r->status = H_SUCCESS;
}

static void h_xirr_x(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                     struct spapr_hcall_ret *r)
{
    (void)a;
    r->ret[0] = xics_icp_accept(m, vcpu);
    r->ret[1] = m->ops.read_timebase ? m->ops.read_timebase(m->ops.opaque) : 0;
    r->status = H_SUCCESS;
}

static void h_eoi(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                  struct spapr_hcall_ret *r)
{
    uint64_t xirr = a->args[0];
    uint32_t irq = (uint32_t)(xirr & 0xffffff);
    uint32_t server;
    uint8_t prio;
    /* The XISR part must name the IPI, "none", or a source that exists. */
    if (xirr > 0xffffffffu ||
        (irq != XICS_IRQ_SPURIOUS && irq != XICS_IPI && xics_get_xive(m, irq, &server, &prio))) {
        r->status = H_PARAMETER;
        return;
    }
    xics_icp_eoi(m, vcpu, (uint32_t)xirr);
    r->status = H_SUCCESS;
}

static void h_ipoll(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                    struct spapr_hcall_ret *r)
{
    (void)vcpu;
    if (a->args[0] >= m->xics->nr_servers) {
        r->status = H_PARAMETER;
        return;
    }
    struct spapr_xics *x = m->xics;
    pthread_mutex_lock(&x->lock);
    r->ret[0] = x->icp[a->args[0]].xirr;
    r->ret[1] = x->icp[a->args[0]].mfrr;
    pthread_mutex_unlock(&x->lock);
    r->status = H_SUCCESS;
}

int xics_register_hcalls(struct spapr_machine *m)
{
    static const struct {
        uint64_t op;
        const char *name;
        spapr_hcall_fn fn;
    } calls[] = {
        {H_CPPR, "H_CPPR", h_cppr},     {H_IPI, "H_IPI", h_ipi},
        {H_XIRR, "H_XIRR", h_xirr},     {H_XIRR_X, "H_XIRR_X", h_xirr_x},
        {H_EOI, "H_EOI", h_eoi},        {H_IPOLL, "H_IPOLL", h_ipoll},
    };
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        int r = spapr_hcall_register(m, calls[i].op, calls[i].name, "hcall-interrupt", calls[i].fn);
        if (r)
            return r;
    }
    return 0;
}
