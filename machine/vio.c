/* machine/vio.c: the machine's VIO device list (see vio.h) and the
 * H_VIO_SIGNAL hypercall with which the guest enables or disables a VIO
 * device's interrupt. */
#include "vio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "papr.h"
#include "xics.h"

int spapr_vio_register(struct spapr_machine *m, struct spapr_vio_dev *dev)
{
    if (!dev->node_name || !dev->compatible)
        return -EINVAL;
    if (dev->pfo) {
        dev->reg = 0;
    } else if (dev->reg == 0) {
        while (spapr_vio_find(m, m->next_vio_reg))
            m->next_vio_reg++;
        dev->reg = m->next_vio_reg++;
    } else if (spapr_vio_find(m, dev->reg)) {
        return -EEXIST;
    }
    struct spapr_vio_dev **v = realloc(m->vio, (m->nr_vio + 1) * sizeof(*v));
    if (!v)
        return -ENOMEM;
    m->vio = v;
    m->vio[m->nr_vio++] = dev;
    return 0;
}

struct spapr_vio_dev *spapr_vio_find(const struct spapr_machine *m, uint32_t reg)
{
    for (size_t i = 0; i < m->nr_vio; i++)
        if (!m->vio[i]->pfo && m->vio[i]->reg == reg)
            return m->vio[i];
    return NULL;
}

struct spapr_vio_dev *spapr_vio_find_compatible(const struct spapr_machine *m, const char *compat)
{
    for (size_t i = 0; i < m->nr_vio; i++)
        if (strcmp(m->vio[i]->compatible, compat) == 0)
            return m->vio[i];
    return NULL;
}

void spapr_vio_irq_pulse(struct spapr_machine *m, struct spapr_vio_dev *dev)
{
    /* Not gated on H_VIO_SIGNAL: Linux's hvc_vio requests the vty's
     * interrupt but never enables it through H_VIO_SIGNAL, and relies on
     * it for console input (QEMU's pulse is unconditional too). */
    if (dev->irq)
        xics_irq_set(m, dev->irq, 1);
}

/* H_VIO_SIGNAL(unit address, mode): LoPAR "Virtual Interrupt Source
 * Control". Bit 63 (value 1) enables the device's virtual interrupt. */
static void h_vio_signal(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                         struct spapr_hcall_ret *r)
{
    (void)vcpu;
    struct spapr_vio_dev *dev = a->args[0] <= UINT32_MAX ? spapr_vio_find(m, (uint32_t)a->args[0]) : NULL;
    if (!dev) {
        r->status = H_PARAMETER;
        return;
    }
    if (a->args[1] & ~dev->signal_mask) {
        r->status = H_PARAMETER;
        return;
    }
    __atomic_store_n(&dev->signal_state, a->args[1], __ATOMIC_RELEASE);
    r->status = H_SUCCESS;
}

int spapr_vio_register_hcalls(struct spapr_machine *m)
{
    return spapr_hcall_register(m, H_VIO_SIGNAL, "H_VIO_SIGNAL", "hcall-vio", h_vio_signal);
}
