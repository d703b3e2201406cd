/* machine/splpar.c: the shared-processor LPAR hypercalls ("hcall-splpar"):
 * H_REGISTER_VPA with its sub-functions (LoPAR "Virtual Processor Area";
 * Linux's platforms/pseries/lpar.c registers a VPA, an SLB shadow buffer
 * and a dispatch trace log per CPU), H_CEDE, H_CONFER and H_PROD. Only
 * guest memory is involved here; sleeping and waking is the engine's
 * (ops.cede / ops.prod / ops.confer).
 * Area rules (as QEMU's sPAPR enforces them): an area must lie in RAM, be
 * cache-line aligned (VPA), not cross a 4 KiB page (VPA, SLB shadow), and
 * announce a size at offset 4 of at least 640 bytes (VPA, 16 bits), 8
 * (SLB shadow, 32 bits) or 48 (DTL, 32 bits); the SLB shadow and DTL need a
 * VPA, and a VPA cannot go while they are registered. */
#include <errno.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"

#define H_REGISTER_VPA 0xdc
#define H_CEDE 0xe0
#define H_CONFER 0xe4
#define H_PROD 0xe8
#define H_RESOURCE (-16)

#define VPA_FUNC_SHIFT 45 /* (63 - 18): the sub-function sits in flags bits 16..18 */
#define VPA_REG_VPA 1
#define VPA_REG_DTL 2
#define VPA_REG_SLB 3
#define VPA_DEREG_VPA 5
#define VPA_DEREG_DTL 6
#define VPA_DEREG_SLB 7

#define VPA_MIN_SIZE 640
#define VPA_SHARED_PROC_OFFSET 0x9
#define CACHE_LINE 128

static bool same_page(uint64_t addr, uint64_t size)
{
    return size > 0 && (addr >> 12) == ((addr + size - 1) >> 12);
}

static long register_vpa(struct spapr_machine *m, struct spapr_vcpu *v, uint64_t addr)
{
    uint16_t size;
    if (addr == 0)
        return H_HARDWARE;
    if (addr % CACHE_LINE)
        return H_PARAMETER;
    if (guest_ram_ld16_be(&m->ram, addr + 4, &size) || addr > UINT64_MAX - 8)
        return H_PARAMETER;
    if (size < VPA_MIN_SIZE || !same_page(addr, size) || !guest_ram_range_ok(&m->ram, addr, size))
        return H_PARAMETER;
    /* This partition's processors are shared (dispatched by the host). */
    guest_ram_st8(&m->ram, addr + VPA_SHARED_PROC_OFFSET, 1);
    v->vpa = addr;
    return H_SUCCESS;
}

static long register_area(struct spapr_machine *m, struct spapr_vcpu *v, uint64_t addr,
                          uint32_t min, bool page, uint64_t *where, uint64_t *where_size)
{
    uint32_t size;
    if (addr == 0)
        return H_HARDWARE;
    if (guest_ram_ld32_be(&m->ram, addr + 4, &size))
        return H_PARAMETER;
    if (size < min || !guest_ram_range_ok(&m->ram, addr, size) || (page && !same_page(addr, size)))
        return H_PARAMETER;
    if (!v->vpa)
        return H_RESOURCE;
    *where = addr;
    *where_size = size;
    return H_SUCCESS;
}

static void h_register_vpa(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                           struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], target = a->args[1], addr = a->args[2];
    if (!spapr_vcpu_valid(m, target)) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_lock(&m->vcpu_lock);
    struct spapr_vcpu *v = &m->vcpus[target];
    long st;
    switch ((flags >> VPA_FUNC_SHIFT) & 7) {
    case VPA_REG_VPA:
        st = register_vpa(m, v, addr);
        break;
    case VPA_REG_SLB:
        st = register_area(m, v, addr, 8, true, &v->slb_shadow, &v->slb_shadow_size);
        break;
    case VPA_REG_DTL:
        st = register_area(m, v, addr, 48, false, &v->dtl, &v->dtl_size);
        break;
    case VPA_DEREG_VPA:
        st = v->slb_shadow || v->dtl ? H_RESOURCE : H_SUCCESS;
        if (st == H_SUCCESS)
            v->vpa = 0;
        break;
    case VPA_DEREG_SLB:
        v->slb_shadow = v->slb_shadow_size = 0;
        st = H_SUCCESS;
        break;
    case VPA_DEREG_DTL:
        v->dtl = v->dtl_size = 0;
        st = H_SUCCESS;
        break;
    default:
        st = H_PARAMETER;
        break;
    }
    pthread_mutex_unlock(&m->vcpu_lock);
    r->status = st;
}

static void h_cede(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    (void)a;
    if (m->ops.cede)
        m->ops.cede(m->ops.opaque, vcpu);
    r->status = H_SUCCESS;
}

static void h_confer(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                     struct spapr_hcall_ret *r)
{
    /* target -1: any processor; otherwise a valid server number. */
    int64_t target = (int64_t)a->args[0];
    if (target != -1 && !spapr_vcpu_valid(m, a->args[0])) {
        r->status = H_PARAMETER;
        return;
    }
    if (m->ops.confer)
        m->ops.confer(m->ops.opaque, vcpu);
    r->status = H_SUCCESS;
}

static void h_prod(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    (void)vcpu;
    if (!spapr_vcpu_valid(m, a->args[0])) {
        r->status = H_PARAMETER;
        return;
    }
    if (m->ops.prod)
        m->ops.prod(m->ops.opaque, (unsigned)a->args[0]);
    r->status = H_SUCCESS;
}

int spapr_splpar_register_hcalls(struct spapr_machine *m)
{
    int r;
    if ((r = spapr_hcall_register(m, H_REGISTER_VPA, "H_REGISTER_VPA", "hcall-splpar", h_register_vpa)) ||
        (r = spapr_hcall_register(m, H_CEDE, "H_CEDE", "hcall-splpar", h_cede)) ||
        (r = spapr_hcall_register(m, H_CONFER, "H_CONFER", "hcall-splpar", h_confer)) ||
        (r = spapr_hcall_register(m, H_PROD, "H_PROD", "hcall-splpar", h_prod)))
        return r;
    return 0;
}
