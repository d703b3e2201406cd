/* machine/set-mode.c: the hypercalls that set vCPU registers the guest
 * cannot set itself: H_SET_SPRG0 ("hcall-sprg0": SPRG0 of the calling vCPU
 * := r4) and H_SET_MODE ("hcall-set-mode"): mflags in r4, resource
 * in r5, value1/value2 in r6/r7 (Linux plpar_wrappers.h). Partition-wide
 * resources change LPCR on every vCPU (the exception endianness LPCR[ILE],
 * Linux's enable_little_endian_exceptions, without which a little-endian
 * kernel panics; the alternate interrupt location LPCR[AIL]); the
 * breakpoint resources set the calling vCPU's CIABR or DAWR0/DAWRX0. The
 * checks and codes follow what QEMU's sPAPR returns; the register changes
 * are the engine's (ops.set_lpcr / ops.set_spr). */
#include "devices.h"
#include "machine.h"
#include "papr.h"

#define H_UNSUPPORTED_FLAG (-256)
#define H_TOO_HARD 9999

#define RES_SET_CIABR 1
#define RES_SET_DAWR0 2
#define RES_ADDR_TRANS_MODE 3
#define RES_LE 4

#define LPCR_ILE 0x0000000002000000ull
#define LPCR_AIL 0x0000000001800000ull
#define LPCR_AIL_SHIFT 23

#define SPRN_SPRG0 0x110
#define SPRN_DAWR0 0xb4
#define SPRN_CIABR 0xbb
#define SPRN_DAWRX0 0xbc
#define CIABR_PRIV_HYPER 3
#define DAWRX_HYP 0x4

static long set_lpcr(struct spapr_machine *m, uint64_t mask, uint64_t value)
{
    if (!m->ops.set_lpcr)
        return H_HARDWARE;
    m->ops.set_lpcr(m->ops.opaque, mask, value);
    return H_SUCCESS;
}

static long set_spr(struct spapr_machine *m, unsigned vcpu, unsigned sprn, uint64_t value)
{
    if (!m->ops.set_spr)
        return H_HARDWARE;
    m->ops.set_spr(m->ops.opaque, vcpu, sprn, value);
    return H_SUCCESS;
}

static void h_set_mode(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                       struct spapr_hcall_ret *r)
{
    uint64_t mflags = a->args[0], resource = a->args[1], v1 = a->args[2], v2 = a->args[3];
    bool isa207 = m->cfg.cpu_model >= SPAPR_CPU_POWER8;
    long st;
    switch (resource) {
    case RES_LE:
        if (v1)
            st = H_P3;
        else if (v2)
            st = H_P4;
        else if (mflags > 1)
            st = H_UNSUPPORTED_FLAG;
        else
            st = set_lpcr(m, LPCR_ILE, mflags ? LPCR_ILE : 0);
        break;
    case RES_ADDR_TRANS_MODE:
        if (!isa207)
            st = H_P2;
        else if (v1)
            st = H_P3;
        else if (v2)
            st = H_P4;
        else if (mflags == 1 || mflags > 3 || (mflags == 2 && m->cfg.cpu_model >= SPAPR_CPU_POWER10))
            st = H_UNSUPPORTED_FLAG; /* AIL 1 is reserved; ISA 3.1 dropped AIL 2 */
        else
            st = set_lpcr(m, LPCR_AIL, mflags << LPCR_AIL_SHIFT);
        break;
    case RES_SET_CIABR:
        if (!isa207)
            st = H_P2;
        else if (v2)
            st = H_P4;
        else if (mflags)
            st = H_UNSUPPORTED_FLAG;
        else if ((v1 & 3) == CIABR_PRIV_HYPER)
            st = H_P3;
        else
            st = set_spr(m, vcpu, SPRN_CIABR, v1);
        break;
    case RES_SET_DAWR0:
        if (!isa207)
            st = H_P2;
        else if (mflags)
            st = H_UNSUPPORTED_FLAG;
        else if (v2 & DAWRX_HYP)
            st = H_P4;
        else if ((st = set_spr(m, vcpu, SPRN_DAWR0, v1)) == H_SUCCESS)
            st = set_spr(m, vcpu, SPRN_DAWRX0, v2);
        break;
    default:
        st = H_TOO_HARD; /* not a resource this platform has */
        break;
    }
    r->status = st;
}

static void h_set_sprg0(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    r->status = set_spr(m, vcpu, SPRN_SPRG0, a->args[0]);
}

int spapr_set_mode_register_hcalls(struct spapr_machine *m)
{
    int r = spapr_hcall_register(m, H_SET_MODE, "H_SET_MODE", "hcall-set-mode", h_set_mode);
    if (!r)
        r = spapr_hcall_register(m, H_SET_SPRG0, "H_SET_SPRG0", "hcall-sprg0", h_set_sprg0);
    return r;
}
