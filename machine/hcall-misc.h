/* machine/hcall-misc.h: the small hypercalls that belong to no device:
 * data breakpoints (H_SET_DABR "hcall-dabr", H_SET_XDABR), page
 * initialisation (H_PAGE_INIT "hcall-copy"), cache-inhibited logical
 * loads and stores (H_LOGICAL_CI_LOAD/STORE "hcall-debug") and
 * H_SIGNAL_SYS_RESET. machine.c registers them at creation. */
#ifndef PSERIES_MACHINE_HCALL_MISC_H
#define PSERIES_MACHINE_HCALL_MISC_H

struct spapr_machine;

#define H_PAGE_INIT 0x2c
#define H_LOGICAL_CI_LOAD 0x3c
#define H_LOGICAL_CI_STORE 0x40
#define H_SIGNAL_SYS_RESET 0x380

#define H_RESERVED_DABR (-8)

/* H_SIGNAL_SYS_RESET targets besides a vCPU number. */
#define H_SIGNAL_SYS_RESET_ALL (-1)
#define H_SIGNAL_SYS_RESET_ALL_OTHERS (-2)

/* H_SET_XDABR's DABRX (and DAWRX) privilege bits. */
#define H_DABRX_USER 0x1ull
#define H_DABRX_KERNEL 0x2ull
#define H_DABRX_HYPERVISOR 0x4ull
#define H_DABRX_BTI 0x8ull

int spapr_misc_register_hcalls(struct spapr_machine *m);

#endif
