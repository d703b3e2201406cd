/* machine/cpu-char.c: H_GET_CPU_CHARACTERISTICS, which Linux calls at every
 * boot (platforms/pseries/setup.c) to decide which speculation mitigations
 * to apply: r4 = characteristics, r5 = behaviour (bits in hvcall.h,
 * H_CPU_CHAR_* and H_CPU_BEHAV_*). The vCPUs here are emulated (or run
 * under a host kernel that applies its own mitigations): there is no
 * guest-visible L1D, count cache or link stack to flush. So the answer is
 * "count cache disabled" and "no L1D flush on entry or user access, no
 * store-forwarding barrier, no flush on return to user, no bounds-check
 * barrier", which keeps Linux from running its fallback L1D flush (a 64 KiB
 * walk on every kernel exit, very costly when emulated). Belongs to no
 * ibm,hypertas-functions group: Linux calls it unconditionally. */
#include "devices.h"
#include "machine.h"
#include "papr.h"

#define H_GET_CPU_CHARACTERISTICS 0x1c8
#define H_CPU_CHAR_COUNT_CACHE_DISABLED (1ull << 56)
#define H_CPU_BEHAV_FAVOUR_SECURITY (1ull << 63)
#define H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY (1ull << 56)
#define H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS (1ull << 55)
#define H_CPU_BEHAV_NO_STF_BARRIER (1ull << 54)

static void h_get_cpu_characteristics(struct spapr_machine *m, unsigned vcpu,
                                      const struct spapr_hcall_args *a, struct spapr_hcall_ret *r)
{
    (void)m;
    (void)vcpu;
    (void)a;
    r->ret[0] = H_CPU_CHAR_COUNT_CACHE_DISABLED;
    r->ret[1] = H_CPU_BEHAV_FAVOUR_SECURITY | H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY |
                H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS | H_CPU_BEHAV_NO_STF_BARRIER;
    r->status = H_SUCCESS;
}

int spapr_cpu_char_register_hcalls(struct spapr_machine *m)
{
    return spapr_hcall_register(m, H_GET_CPU_CHARACTERISTICS, "H_GET_CPU_CHARACTERISTICS", NULL,
                                h_get_cpu_characteristics);
}
