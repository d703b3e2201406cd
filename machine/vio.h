/* machine/vio.h: the machine's device list (the VIO bus under /vdevice).
 * A device registers itself with its node name, unit address, device_type,
 * compatible string, interrupt and an optional writer for its own extra
 * device-tree properties, plus its save/restore description. The tree
 * builder walks this list, so the tree only lists devices that exist. */
#ifndef PSERIES_MACHINE_VIO_H
#define PSERIES_MACHINE_VIO_H

#include <stdbool.h>
#include <stdint.h>

struct spapr_machine;
struct vmstate_desc;

#define SPAPR_VIO_REG_BASE 0x71000000u

struct spapr_vio_dev {
    /* A platform facility (LoPAR "Platform Facilities Option") sits under
     * /ibm,platform-facilities, has no unit address and is named by
     * node_name alone; everything else is a /vdevice child. */
    bool pfo;
    const char *node_name;   /* "vty" -> vty@71000000 */
    const char *device_type; /* "serial" */
    const char *compatible;  /* "hvterm1" */
    uint32_t reg;            /* unit address */
    uint32_t irq;            /* XICS source number, 0 = none */
    uint64_t signal_mask;    /* H_VIO_SIGNAL modes the device accepts */
    uint64_t signal_state;   /* current mode (bit 0: interrupts enabled) */
    /* Add device-specific properties to the device's node. */
    int (*fdt_props)(struct spapr_machine *m, struct spapr_vio_dev *dev, void *fdt, int node);
    const struct vmstate_desc *vmsd; /* save/restore of *state, or NULL */
    void *state;
    void (*free)(struct spapr_vio_dev *dev); /* release state at machine teardown */
};

/* Add a device; reg 0 asks for the next free unit address, irq is claimed
 * by the caller. -EEXIST for a duplicate unit address, -ENOMEM. The list
 * takes ownership (dev->free is called at teardown). */
int spapr_vio_register(struct spapr_machine *m, struct spapr_vio_dev *dev);

struct spapr_vio_dev *spapr_vio_find(const struct spapr_machine *m, uint32_t reg);
/* First device whose compatible string equals 'compat'. */
struct spapr_vio_dev *spapr_vio_find_compatible(const struct spapr_machine *m, const char *compat);

/* Signal the device's interrupt if the guest enabled it (H_VIO_SIGNAL). */
void spapr_vio_irq_pulse(struct spapr_machine *m, struct spapr_vio_dev *dev);

/* H_VIO_SIGNAL ("hcall-vio"). */
int spapr_vio_register_hcalls(struct spapr_machine *m);

#endif
