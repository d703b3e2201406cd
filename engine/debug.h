/* engine/debug.h: engine-internal hooks of the debug facilities
 * (debug.c): trace interrupts and CIABR at block building (block.c), the
 * DAWR0 watchpoint on the memory slow path (mem.c). The machine's side is
 * ppc_sys_set_debug_spr (interrupt.h). */
#ifndef PSERIES_ENGINE_DEBUG_H
#define PSERIES_ENGINE_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "insn.h"

struct ppc_sys;

/* Block building in system mode with MSR[SE] or [BE] set or CIABR armed:
 * wrap or replace the just-decoded (and threaded) instruction d; *end is
 * set when the block must end after it. */
void ppc_debug_decode(struct ppc_cpu *cpu, struct ppc_dinsn *d, bool *end);

/* DAWR0 armed: does the 4 KB page hold watched bytes (no soft-TLB entry
 * for it then)? Does a data access of 'size' bytes at ea match? (0, or
 * PPC_EXIT_DATA_FAULT with the DSI in cpu->fault / sys->mfault.) */
bool ppc_sys_dawr_page(const struct ppc_sys *s, uint64_t page);
int ppc_sys_dawr_check(struct ppc_cpu *cpu, uint64_t ea, unsigned size,
                       enum ppc_access acc);

#endif
