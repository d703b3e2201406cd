/* machine/hcall-misc.c: hypercalls that belong to no device (see
 * hcall-misc.h). Checks and codes as LoPAR and QEMU's sPAPR
 * (hw/ppc/spapr_hcall.c); what touches a vCPU goes to the engine through
 * ops.set_spr and ops.system_reset.
 *   H_SET_DABR(dabr), H_SET_XDABR(dabr, dabrx): the engine has DAWR0 and
 *     DAWRX0, not the pre-ISA-2.07 DABR, so the breakpoint is expressed as
 *     DAWR0 = dabr & ~7 and DAWRX0 = privilege bits | read/write from the
 *     DABR's DR/DW | translation (WT), as KVM-HV emulates H_SET_DABR on
 *     POWER8 for compat-mode guests;
 *   H_PAGE_INIT(flags, dst, src): zero or copy one 4 KiB page of RAM;
 *   H_LOGICAL_CI_LOAD(size, addr) -> r4, H_LOGICAL_CI_STORE(size, addr,
 *     value): 1, 2, 4 or 8 naturally aligned big-endian bytes; the machine
 *     has no MMIO device yet, so only RAM answers;
 *   H_SIGNAL_SYS_RESET(target): a vCPU number, -1 all, -2 all but the
 *     caller. */
#include "hcall-misc.h"

#include <string.h>

#include "hpt.h"
#include "machine.h"
#include "papr.h"

#define SPRN_DAWR0 0xb4
#define SPRN_DAWRX0 0xbc
#define DABR_DATA_RW 0x3ull           /* DABR read (0x1) / write (0x2) */
#define DABR_TRANSLATION 0x4ull
#define DAWRX_RW_SHIFT 5              /* DR 0x20, DW 0x40 */
#define DAWRX_WT_SHIFT 2              /* WT 0x10 */
#define PAGE_4K 4096ull

static long set_breakpoint(struct spapr_machine *m, unsigned vcpu, uint64_t dabr, uint64_t dabrx)
{
    if (!m->ops.set_spr)
        return H_HARDWARE;
    uint64_t dawrx = (dabrx & (H_DABRX_USER | H_DABRX_KERNEL | H_DABRX_BTI)) |
                     ((dabr & DABR_DATA_RW) << DAWRX_RW_SHIFT) |
                     ((dabr & DABR_TRANSLATION) << DAWRX_WT_SHIFT);
    m->ops.set_spr(m->ops.opaque, vcpu, SPRN_DAWR0, dabr & ~7ull);
    m->ops.set_spr(m->ops.opaque, vcpu, SPRN_DAWRX0, dawrx);
    return H_SUCCESS;
}

static void h_set_dabr(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                       struct spapr_hcall_ret *r)
{
    /* Problem and privileged state, as QEMU sets DABRX for it. */
    r->status = set_breakpoint(m, vcpu, a->args[0], H_DABRX_USER | H_DABRX_KERNEL);
}

static void h_set_xdabr(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    uint64_t dabrx = a->args[1];
    if ((dabrx & ~0xfull) || (dabrx & H_DABRX_HYPERVISOR) ||
        !(dabrx & (H_DABRX_USER | H_DABRX_KERNEL))) {
        r->status = H_PARAMETER;
        return;
    }
    r->status = set_breakpoint(m, vcpu, a->args[0], dabrx);
}

static void h_page_init(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], dst = a->args[1], src = a->args[2];
    if ((flags & ~(H_ICACHE_SYNCHRONIZE | H_ICACHE_INVALIDATE | H_COPY_PAGE | H_ZERO_PAGE)) ||
        (dst & (PAGE_4K - 1)) || !guest_ram_range_ok(&m->ram, dst, PAGE_4K)) {
        r->status = H_PARAMETER;
        return;
    }
    if (flags & H_COPY_PAGE) {
        if ((src & (PAGE_4K - 1)) || !guest_ram_range_ok(&m->ram, src, PAGE_4K)) {
            r->status = H_PARAMETER;
            return;
        }
        if (src != dst)
            guest_ram_write(&m->ram, dst, guest_ram_ptr(&m->ram, src, PAGE_4K), PAGE_4K);
    } else if (flags & H_ZERO_PAGE) {
        guest_ram_fill(&m->ram, dst, 0, PAGE_4K);
    }
    /* The guest wants instruction fetches to see the page as it is now:
     * translated code of it must go (a copy or zeroing already said so). */
    if ((flags & (H_ICACHE_SYNCHRONIZE | H_ICACHE_INVALIDATE)) &&
        !(flags & (H_COPY_PAGE | H_ZERO_PAGE)))
        guest_ram_notify_write(&m->ram, dst, PAGE_4K);
    r->status = H_SUCCESS;
}

static bool ci_access_ok(struct spapr_machine *m, uint64_t size, uint64_t addr)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return false;
    return !(addr & (size - 1)) && guest_ram_range_ok(&m->ram, addr, size);
}

static void h_logical_ci_load(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                              struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t size = a->args[0], addr = a->args[1];
    if (!ci_access_ok(m, size, addr)) {
        r->status = H_PARAMETER;
        return;
    }
    uint8_t b[8];
    guest_ram_read(&m->ram, addr, b, size);
    uint64_t v = 0;
    for (uint64_t i = 0; i < size; i++)
        v = (v << 8) | b[i];
    r->ret[0] = v;
    r->status = H_SUCCESS;
}

static void h_logical_ci_store(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                               struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t size = a->args[0], addr = a->args[1], v = a->args[2];
    if (!ci_access_ok(m, size, addr)) {
        r->status = H_PARAMETER;
        return;
    }
    uint8_t b[8];
    for (uint64_t i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
    guest_ram_write(&m->ram, addr, b, size);
    r->status = H_SUCCESS;
}

/* Signal one vCPU unless it is stopped (vcpu_lock held). */
static void reset_one(struct spapr_machine *m, unsigned vcpu)
{
    if (m->vcpus[vcpu].run_state != SPAPR_VCPU_STOPPED)
        m->ops.system_reset(m->ops.opaque, vcpu);
}

static void h_signal_sys_reset(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                               struct spapr_hcall_ret *r)
{
    int64_t target = (int64_t)a->args[0];
    if (target < H_SIGNAL_SYS_RESET_ALL_OTHERS || (target >= 0 && !spapr_vcpu_valid(m, (uint64_t)target))) {
        r->status = H_PARAMETER;
        return;
    }
    if (!m->ops.system_reset) {
        r->status = H_HARDWARE;
        return;
    }
    pthread_mutex_lock(&m->vcpu_lock);
    if (target >= 0) {
        reset_one(m, (unsigned)target);
    } else {
        for (unsigned i = 0; i < m->cfg.nr_vcpus; i++)
            if (target == H_SIGNAL_SYS_RESET_ALL || i != vcpu)
                reset_one(m, i);
    }
    pthread_mutex_unlock(&m->vcpu_lock);
    r->status = H_SUCCESS;
}

int spapr_misc_register_hcalls(struct spapr_machine *m)
{
    int r;
    /* QEMU advertises "hcall-dabr" but not "hcall-xdabr"; Linux then uses
     * H_SET_DABR. H_SET_XDABR answers all the same. */
    if ((r = spapr_hcall_register(m, H_SET_DABR, "H_SET_DABR", "hcall-dabr", h_set_dabr)) ||
        (r = spapr_hcall_register(m, H_SET_XDABR, "H_SET_XDABR", NULL, h_set_xdabr)) ||
        (r = spapr_hcall_register(m, H_PAGE_INIT, "H_PAGE_INIT", "hcall-copy", h_page_init)) ||
        (r = spapr_hcall_register(m, H_LOGICAL_CI_LOAD, "H_LOGICAL_CI_LOAD", "hcall-debug",
                                  h_logical_ci_load)) ||
        (r = spapr_hcall_register(m, H_LOGICAL_CI_STORE, "H_LOGICAL_CI_STORE", "hcall-debug",
                                  h_logical_ci_store)) ||
        (r = spapr_hcall_register(m, H_SIGNAL_SYS_RESET, "H_SIGNAL_SYS_RESET", NULL,
                                  h_signal_sys_reset)))
        return r;
    return 0;
}
