/* machine/xics-rtas.c: the XICS RTAS calls (ibm,set-xive, ibm,get-xive,
 * ibm,int-off, ibm,int-on) with LoPAR's argument counts, and the
 * /interrupt-controller node that describes the presentation layer to the
 * guest (as QEMU's sPAPR does for XICS). */
#include <libfdt.h>

#include "machine.h"
#include "papr.h"
#include "xics.h"

/* ibm,set-xive: 3 args (irq, server, priority), 1 ret. */
static void rtas_set_xive(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    if (c->args[2] > 0xff || xics_set_xive(m, c->args[0], c->args[1], (uint8_t)c->args[2])) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* ibm,get-xive: 1 arg (irq), 3 rets (status, server, priority). */
static void rtas_get_xive(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    uint32_t server;
    uint8_t prio;
    if (xics_get_xive(m, c->args[0], &server, &prio)) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    c->rets[0] = RTAS_OUT_SUCCESS;
    c->rets[1] = server;
    c->rets[2] = prio;
}

/* ibm,int-off / ibm,int-on: 1 arg (irq), 1 ret. */
static void rtas_int_off(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    c->rets[0] = xics_int_off(m, c->args[0]) ? (uint32_t)RTAS_OUT_PARAM_ERROR : RTAS_OUT_SUCCESS;
}

static void rtas_int_on(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    c->rets[0] = xics_int_on(m, c->args[0]) ? (uint32_t)RTAS_OUT_PARAM_ERROR : RTAS_OUT_SUCCESS;
}

int xics_register_rtas(struct spapr_machine *m)
{
    int r;
    if ((r = spapr_rtas_register(m, "ibm,set-xive", 3, 3, 1, 1, rtas_set_xive)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,get-xive", 1, 1, 3, 3, rtas_get_xive)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,int-off", 1, 1, 1, 1, rtas_int_off)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,int-on", 1, 1, 1, 1, rtas_int_on)) < 0)
        return r;
    return 0;
}

/* The phandle QEMU's sPAPR gives its interrupt controller. */
#define XICS_PHANDLE 0x1111

int xics_fdt(struct spapr_machine *m, void *fdt, uint32_t *phandle)
{
    int node = fdt_add_subnode(fdt, 0, "interrupt-controller");
    if (node < 0)
        return node;
    uint32_t ranges[2] = {cpu_to_fdt32(0), cpu_to_fdt32(m->xics->nr_servers)};
    int r;
    if ((r = fdt_setprop_string(fdt, node, "device_type",
                                "PowerPC-External-Interrupt-Presentation")) ||
        (r = fdt_setprop_string(fdt, node, "compatible", "IBM,ppc-xicp")) ||
        (r = fdt_setprop_empty(fdt, node, "interrupt-controller")) ||
        (r = fdt_setprop(fdt, node, "ibm,interrupt-server-ranges", ranges, sizeof(ranges))) ||
        (r = fdt_setprop_u32(fdt, node, "#interrupt-cells", 2)) ||
        (r = fdt_setprop_u32(fdt, node, "linux,phandle", XICS_PHANDLE)) ||
        (r = fdt_setprop_u32(fdt, node, "phandle", XICS_PHANDLE)))
        return r;
    *phandle = XICS_PHANDLE;
    return 0;
}
