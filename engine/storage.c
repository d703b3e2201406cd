/* engine/storage.c: semantics of the cache-management and
 * synchronisation instructions a program may use (Book II ch. 4): dcbz
 * zeroes a 128-byte block, icbi drops cached blocks of the page, the
 * barriers map to host fences, touch hints do nothing. Rows:
 * insn-system.def. */
#include <string.h>

#include "block.h"
#include "interrupt.h"
#include "sem.h"

#define DCBZ_BLOCK 128

PPC_EXEC(dcbz)
{
    uint64_t ea = ppc_ea(cpu, ppc_ra0(cpu, RA) + GPR(RB)) & ~(uint64_t)(DCBZ_BLOCK - 1);
    void *h = ppc_host_addr(cpu, ea, DCBZ_BLOCK, PPC_ACC_WRITE);
    if (!h) {
        /* Not plain RAM or not mapped: fall back to stores (faults
         * reported precisely). */
        static const uint8_t zero[DCBZ_BLOCK];
        PPC_TRY(ppc_write_raw(cpu, ea, zero, DCBZ_BLOCK));
        return 0;
    }
    memset(h, 0, DCBZ_BLOCK);
    ppc_host_write_done(cpu);
    return 0;
}

PPC_EXEC(dcbzl) { return exec_dcbz(cpu, d); }

PPC_EXEC(dcbt) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dcbtst) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dcbf) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dcbf31) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dcbst) { (void)cpu; (void)d; return 0; }
PPC_EXEC(icbt) { (void)cpu; (void)d; return 0; }

/* icbi: in system mode stores to code pages are seen whatever address
 * or vCPU made them (block.c, partition.c), as a snooping instruction
 * cache would: nothing to drop. In user mode the runner may write guest
 * memory behind the engine's back (read() into code), so the page's
 * blocks go. */
PPC_EXEC(icbi)
{
    if (!cpu->sys)
        ppc_blocks_flush_page(cpu, ppc_ea(cpu, ppc_ra0(cpu, RA) + GPR(RB)));
    return PPC_ST_NEXT;
}

PPC_EXEC(isync) { (void)cpu; (void)d; return PPC_ST_NEXT; }

/* sync L: 0 heavyweight, 1 lightweight, 2 ptesync (and the 3.1 variants).
 * Only the heavyweight one orders stores before later loads, which is
 * the one thing x86-like hosts reorder. ptesync after tlbie also waits
 * for the other vCPUs to drop the translations (Book III 5.10). */
static int do_sync(struct ppc_cpu *cpu, unsigned l)
{
    if ((l & 3) == 1) {
        __atomic_thread_fence(__ATOMIC_ACQ_REL);
    } else {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (l == 2 && cpu->sys)
            ppc_smp_tlb_sync(cpu);
    }
    return 0;
}
PPC_EXEC(sync) { return do_sync(cpu, RT & 3); }
PPC_EXEC(sync31) { return do_sync(cpu, RT & 7); }
PPC_EXEC(eieio) { (void)cpu; (void)d; __atomic_thread_fence(__ATOMIC_ACQ_REL); return 0; }

/* wait: nothing wakes a user-mode program differently, so it is a no-op
 * hint here (the machine will make it wait for an interrupt). */
PPC_EXEC(wait30) { (void)cpu; (void)d; return PPC_ST_NEXT; }
PPC_EXEC(wait) { (void)cpu; (void)d; return PPC_ST_NEXT; }
