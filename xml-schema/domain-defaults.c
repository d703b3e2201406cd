/* domain-defaults.c: fill in what libvirt would show for a pSeries domain.
 *
 * Part of xml-schema/, run by the parser after the syntax is read and before
 * validation, so the formatter always writes a complete, canonical domain:
 *
 *  - <uuid>: generated (RFC 4122 v4) by the parser when absent;
 *  - <currentMemory> = <memory> when absent or larger (libvirt clamps it);
 *    <vcpu> 1; <os><type> arch ppc64le and
 *    machine 'pseries'; <boot dev='hd'/> when no <boot> is given (libvirt
 *    adds it for every hvm domain, even with a direct <kernel>);
 *  - on_poweroff destroy, on_reboot restart, on_crash destroy;
 *  - controllers: the implicit PCI host bridge (pci-root index 0,
 *    spapr-pci-host-bridge, target index 0); <controller type='usb'
 *    model='none'/> since pseriesd has no USB; an ibmvscsi controller for
 *    every controller index a SCSI disk refers to;
 *  - <panic model='pseries'/> (the machine always has ibm,os-term), and
 *    <memballoon model='none'/> unless a virtio balloon is asked for;
 *  - the console is the first serial (formatted as both, like libvirt);
 *  - MAC addresses 52:54:00:xx:xx:xx (random) for interfaces without one;
 *  - rng backend /dev/urandom, TPM emulator version 2.0;
 *  - addresses, as libvirt's qemu driver assigns them for pseries:
 *    spapr-vio regs from 0x1000 (spapr-vlan), 0x2000 (ibmvscsi), 0x3000
 *    (nvram), 0x4000 (tpm-spapr), 0x30000000 (vty), stepping by 0x1000 past
 *    used ones; PCI slots from bus 0 slot 1 for virtio devices (SCSI
 *    controllers, interfaces, disks, balloon, rng); drive addresses
 *    controller 0 unit N for sdX (N = X's index); DIMM slots from 0.
 *
 * The <emulator> element is kept only when given: the library does not
 * know where the worker binary is installed.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

static struct pseries_controller *find_controller(struct pseries_domain_def *def,
                                                  enum pseries_controller_type type,
                                                  unsigned index)
{
    for (size_t i = 0; i < def->ncontrollers; i++)
        if (def->controllers[i].type == type && def->controllers[i].index == index)
            return &def->controllers[i];
    return NULL;
}

static int add_controller(struct parse_ctx *ctx, const xmlNode *root,
                          struct pseries_domain_def *def, enum pseries_controller_type type,
                          enum pseries_controller_model model, unsigned index)
{
    if (def->ncontrollers >= PSERIES_MAX_CONTROLLERS)
        return px_fail(ctx, root, E2BIG, _("too many controllers; pseriesd supports at most %d"),
                       PSERIES_MAX_CONTROLLERS);
    def->controllers = g_renew(struct pseries_controller, def->controllers,
                               def->ncontrollers + 1);
    def->controllers[def->ncontrollers] = (struct pseries_controller){
        .type = type, .model = model, .index = index, .target_index = index,
    };
    def->ncontrollers++;
    return 0;
}

/* "sdb" -> 1, "sdaa" -> 26 (the letters after the two-letter prefix). */
static unsigned disk_index(const char *dev)
{
    unsigned idx = 0;
    for (const char *p = dev + 2; *p; p++)
        idx = idx * 26 + (unsigned)(*p - 'a' + 1);
    return idx - 1;
}

/* ---- spapr-vio ---- */
struct vio_slot { struct pseries_address *addr; uint32_t base; };

static bool vio_used(struct pseries_address *const *all, size_t n, uint32_t reg)
{
    for (size_t i = 0; i < n; i++)
        if (all[i]->type == PSERIES_ADDR_SPAPR_VIO && all[i]->reg == reg)
            return true;
    return false;
}

static int assign_vio(struct parse_ctx *ctx, const xmlNode *root, struct vio_slot *slots,
                      size_t n)
{
    g_autofree struct pseries_address **all = g_new(struct pseries_address *, n + 1);
    for (size_t i = 0; i < n; i++)
        all[i] = slots[i].addr;
    for (size_t i = 0; i < n; i++) {
        struct pseries_address *a = slots[i].addr;
        if (a->type == PSERIES_ADDR_SPAPR_VIO && a->reg != 0)
            continue;
        uint32_t reg = slots[i].base;
        while (vio_used(all, n, reg)) {
            if (reg > UINT32_MAX - 0x1000)
                return px_fail(ctx, root, E2BIG, _("no free spapr-vio address left"));
            reg += 0x1000;
        }
        a->type = PSERIES_ADDR_SPAPR_VIO;
        a->reg = reg;
    }
    return 0;
}

/* ---- pci ---- */
static bool pci_used(struct pseries_address *const *all, size_t n, unsigned bus, unsigned slot)
{
    for (size_t i = 0; i < n; i++)
        if (all[i]->type == PSERIES_ADDR_PCI && all[i]->bus == bus && all[i]->slot == slot)
            return true;
    return false;
}

static int assign_pci(struct parse_ctx *ctx, const xmlNode *root, struct pseries_domain_def *def,
                      struct pseries_address **addrs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct pseries_address *a = addrs[i];
        if (a->type == PSERIES_ADDR_PCI)
            continue;
        bool done = false;
        for (unsigned bus = 0; bus < PSERIES_MAX_PHBS && !done; bus++) {
            if (!find_controller(def, PSERIES_CONTROLLER_PCI, bus))
                continue;
            for (unsigned slot = 1; slot <= 31 && !done; slot++) {
                if (pci_used(addrs, n, bus, slot))
                    continue;
                *a = (struct pseries_address){.type = PSERIES_ADDR_PCI, .bus = (uint8_t)bus,
                                              .slot = (uint8_t)slot};
                done = true;
            }
        }
        if (!done)
            return px_fail(ctx, root, E2BIG,
                           _("no free PCI slot left; add a PCI host bridge with <controller "
                             "type='pci' index='1' model='pci-root'/>"));
    }
    return 0;
}

static int random_mac(uint8_t mac[6])
{
    uint8_t r[3];
    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
        return -EIO;
    mac[0] = 0x52;
    mac[1] = 0x54;
    mac[2] = 0x00;
    memcpy(mac + 3, r, 3);
    return 0;
}

int px_apply_defaults(struct parse_ctx *ctx, const xmlNode *root, struct pseries_domain_def *def)
{
    int r;
    /* libvirt clamps a balloon target above <memory> to <memory>. */
    if (def->current_memory_kib == 0 || def->current_memory_kib > def->memory_kib)
        def->current_memory_kib = def->memory_kib;
    if (!def->os.machine)
        def->os.machine = g_strdup("pseries");
    if (def->os.nboot == 0) {
        def->os.boot[0] = PSERIES_BOOT_HD;
        def->os.nboot = 1;
    }
    def->has_panic = true;

    /* Controllers without index=: the lowest free index of their type, in
     * document order (as libvirt does).  A PCI host bridge's target index
     * follows its index unless given. */
    for (size_t i = 0; i < def->ncontrollers; i++) {
        struct pseries_controller *c = &def->controllers[i];
        if (c->index != UINT_MAX)
            continue;
        unsigned idx = 0;
        while (find_controller(def, c->type, idx))
            idx++;
        if (c->type == PSERIES_CONTROLLER_PCI && idx >= PSERIES_MAX_PHBS)
            return px_fail(ctx, root, E2BIG, _("too many PCI host bridges; the limit is %d"),
                           PSERIES_MAX_PHBS);
        if (c->type == PSERIES_CONTROLLER_PCI && c->target_index == UINT_MAX)
            c->target_index = idx;
        c->index = idx;
    }

    /* Implicit controllers. */
    if (!find_controller(def, PSERIES_CONTROLLER_PCI, 0) &&
        (r = add_controller(ctx, root, def, PSERIES_CONTROLLER_PCI,
                            PSERIES_CONTROLLER_MODEL_PCI_ROOT, 0)) < 0)
        return r;
    if (!find_controller(def, PSERIES_CONTROLLER_USB, 0) &&
        (r = add_controller(ctx, root, def, PSERIES_CONTROLLER_USB,
                            PSERIES_CONTROLLER_MODEL_USB_NONE, 0)) < 0)
        return r;
    for (size_t i = 0; i < def->ndisks; i++) {
        struct pseries_disk *d = &def->disks[i];
        if (d->bus != PSERIES_DISK_BUS_SCSI)
            continue;
        if (d->addr.type != PSERIES_ADDR_DRIVE) {
            unsigned idx = disk_index(d->target_dev);
            if (idx > 63)
                return px_fail(ctx, root, E2BIG,
                               _("disk '%s' is past the 64 units of a SCSI controller; give it "
                                 "an <address type='drive' controller='1' unit='N'/>"),
                               d->target_dev);
            d->addr = (struct pseries_address){.type = PSERIES_ADDR_DRIVE, .unit = idx};
        }
        if (!find_controller(def, PSERIES_CONTROLLER_SCSI, d->addr.controller) &&
            (r = add_controller(ctx, root, def, PSERIES_CONTROLLER_SCSI,
                                PSERIES_CONTROLLER_MODEL_IBMVSCSI, d->addr.controller)) < 0)
            return r;
    }

    /* Serial ports without port=: the lowest free one, in document order. */
    for (size_t i = 0; i < def->nserials; i++) {
        if (def->serials[i].port != UINT_MAX)
            continue;
        for (unsigned port = 0;; port++) {
            bool used = false;
            for (size_t j = 0; j < def->nserials; j++)
                used |= def->serials[j].port == port;
            if (!used) {
                def->serials[i].port = port;
                break;
            }
        }
    }

    /* Generated MACs avoid every MAC already in the domain. */
    for (size_t i = 0; i < def->ninterfaces; i++) {
        static const uint8_t zero[6];
        if (memcmp(def->interfaces[i].mac, zero, 6) != 0)
            continue;
        bool unique = false;
        for (int attempt = 0; attempt < 16 && !unique; attempt++) {
            if (random_mac(def->interfaces[i].mac) < 0)
                return px_fail(ctx, root, EIO, _("cannot generate a MAC address"));
            unique = true;
            for (size_t j = 0; j < def->ninterfaces; j++)
                if (j != i && memcmp(def->interfaces[i].mac, def->interfaces[j].mac, 6) == 0)
                    unique = false;
        }
        if (!unique)
            return px_fail(ctx, root, EIO, _("cannot generate a unique MAC address"));
    }
    for (size_t i = 0; i < def->nrngs; i++)
        if (!def->rngs[i].backend_path)
            def->rngs[i].backend_path = g_strdup("/dev/urandom");

    /* spapr-vio addresses: explicit ones first (they are in the list and
     * counted as used), then the defaults in libvirt's order. */
    size_t nvio = 0;
    g_autofree struct vio_slot *vio = g_new0(struct vio_slot, def->ninterfaces +
                                             def->ncontrollers + 1 + def->ntpms +
                                             def->nserials + 1);
    for (size_t i = 0; i < def->ninterfaces; i++)
        if (def->interfaces[i].model == PSERIES_NET_MODEL_SPAPR_VLAN)
            vio[nvio++] = (struct vio_slot){&def->interfaces[i].addr, 0x1000};
    for (size_t i = 0; i < def->ncontrollers; i++)
        if (def->controllers[i].model == PSERIES_CONTROLLER_MODEL_IBMVSCSI)
            vio[nvio++] = (struct vio_slot){&def->controllers[i].addr, 0x2000};
    if (def->has_nvram_device)
        vio[nvio++] = (struct vio_slot){&def->nvram_addr, 0x3000};
    for (size_t i = 0; i < def->ntpms; i++)
        if (def->tpms[i].model == PSERIES_TPM_SPAPR)
            vio[nvio++] = (struct vio_slot){&def->tpms[i].addr, 0x4000};
    for (size_t i = 0; i < def->nserials; i++)
        vio[nvio++] = (struct vio_slot){&def->serials[i].addr, 0x30000000};
    if ((r = assign_vio(ctx, root, vio, nvio)) < 0)
        return r;

    /* PCI addresses for the virtio devices. */
    size_t npci = 0;
    g_autofree struct pseries_address **pci = g_new0(struct pseries_address *,
                                                     def->ncontrollers + def->ninterfaces +
                                                     def->ndisks + 1 + def->nrngs);
    for (size_t i = 0; i < def->ncontrollers; i++)
        if (def->controllers[i].model == PSERIES_CONTROLLER_MODEL_VIRTIO_SCSI)
            pci[npci++] = &def->controllers[i].addr;
    for (size_t i = 0; i < def->ninterfaces; i++)
        if (def->interfaces[i].model == PSERIES_NET_MODEL_VIRTIO)
            pci[npci++] = &def->interfaces[i].addr;
    for (size_t i = 0; i < def->ndisks; i++)
        if (def->disks[i].bus == PSERIES_DISK_BUS_VIRTIO)
            pci[npci++] = &def->disks[i].addr;
    if (def->balloon == PSERIES_BALLOON_VIRTIO)
        pci[npci++] = &def->balloon_addr;
    for (size_t i = 0; i < def->nrngs; i++)
        pci[npci++] = &def->rngs[i].addr;
    /* Explicit addresses are checked for clashes by validation; assign
     * around them. */
    if ((r = assign_pci(ctx, root, def, pci, npci)) < 0)
        return r;

    /* DIMM slots. */
    for (size_t i = 0; i < def->ndimms; i++) {
        struct pseries_address *a = &def->dimms[i].addr;
        if (a->type == PSERIES_ADDR_DIMM)
            continue;
        for (unsigned slot = 0;; slot++) {
            bool used = false;
            for (size_t j = 0; j < def->ndimms; j++)
                if (def->dimms[j].addr.type == PSERIES_ADDR_DIMM &&
                    def->dimms[j].addr.dimm_slot == slot)
                    used = true;
            if (!used) {
                *a = (struct pseries_address){.type = PSERIES_ADDR_DIMM, .dimm_slot = slot};
                break;
            }
        }
    }
    return 0;
}
