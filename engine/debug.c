/* engine/debug.c: the debug facilities of a system-mode vCPU (Power ISA
 * 3.0B Book III): trace interrupts (7.5.15: MSR[SE] single step, MSR[BE]
 * branch trace, CIABR instruction breakpoint, 0xD00) and the data address
 * watchpoint DAWR0/DAWRX0 (9.x "Debug Facilities", DSI with DSISR[41]).
 *
 * Trace: blocks are keyed by the MSR including SE and BE (block.h), so
 * only code that runs with them set pays: with SE every block is one
 * instruction, with BE blocks end at branches anyway; the instructions
 * that trace get a wrapper (ppc_debug_decode) that runs them and, when
 * they complete without an interrupt of their own, takes the trace
 * interrupt: SRR0 = the next instruction, SRR1[33] (and [35]/[36] for a
 * load/store, [34] for a prefixed instruction), SIAR = the traced
 * instruction (SDAR is not set). Single step traces every instruction
 * but rfid, hrfid, urfid, rfscv, rfebb, sc, scv, stop and attn (the ISA's
 * list); branch trace b, bc, bclr, bcctr and bctar, taken or not. The
 * MSR after the instruction decides, so an mtmsrd that clears SE (or BE)
 * is not traced and one that sets it is the last untraced instruction.
 *
 * CIABR: a match (instruction address = CIABR[0:61], privilege field 01
 * problem state, 10 privileged; 11, hypervisor, never matches a guest) is
 * known when the block is built (the key holds MSR[PR]/[HV]), and the
 * instruction is replaced by the trace interrupt: SRR0 = its address,
 * SRR1[33] and [43]. A change of CIABR drops this vCPU's blocks.
 *
 * DAWR: a load (DAWRX0[DR]) or store ([DW]) touching a byte of
 * DAWR0[0:60]||0b000 .. + 8*(MRD+1) - 1 in an enabled privilege state
 * (DAWRX0[PRO] 63, [PRIV] 62; [HYP] never applies) whose MSR[DR] equals
 * [WT] (unless [WTI]) is a DSI before the access: DAR = its EA, DSISR[41]
 * and [38] for a store. The check is on the effective address before
 * translation, so a match is reported even where the translation would
 * fault. */
#include <errno.h>

#include "block.h"
#include "debug.h"
#include "exec.h"
#include "interrupt.h"
#include "mem.h"

enum { SPR_DAWR0 = 180, SPR_CIABR = 187, SPR_DAWRX0 = 188 };

#define DAWRX_PRO   0x01ull
#define DAWRX_PRIV  0x02ull
#define DAWRX_WTI   0x08ull
#define DAWRX_WT    0x10ull
#define DAWRX_DR    0x20ull
#define DAWRX_DW    0x40ull
#define DAWRX_MRD_SHIFT 10
#define CIABR_PRIV  3ull

void ppc_sys_set_debug_spr(struct ppc_cpu *cpu, unsigned sprn, uint64_t value)
{
    struct ppc_sys *s = cpu->sys;
    switch (sprn) {
    case SPR_CIABR:
        if (s->ciabr != value) {
            s->ciabr = value;
            ppc_blocks_flush(cpu);
        }
        s->ciabr_on = (value & CIABR_PRIV) == 1 || (value & CIABR_PRIV) == 2;
        return;
    case SPR_DAWR0:
        s->dawr0 = value;
        break;
    case SPR_DAWRX0:
        s->dawrx0 = value;
        break;
    default:
        return;
    }
    uint64_t x = s->dawrx0;
    uint64_t len = 8 * (((x >> DAWRX_MRD_SHIFT) & 0x3f) + 1);
    s->dawr_lo = s->dawr0 & ~7ull;
    s->dawr_hi = s->dawr_lo + len - 1;
    if (s->dawr_hi < s->dawr_lo)
        s->dawr_hi = ~0ull;
    s->dawr_on = (x & (DAWRX_DR | DAWRX_DW)) && (x & (DAWRX_PRO | DAWRX_PRIV));
    /* Entries made before for the watched pages must go. */
    if (s->dawr_on)
        ppc_tlb_flush(cpu);
}

bool ppc_sys_dawr_page(const struct ppc_sys *s, uint64_t page)
{
    return s->dawr_lo <= page + PPC_PAGE_SIZE - 1 && page <= s->dawr_hi;
}

int ppc_sys_dawr_check(struct ppc_cpu *cpu, uint64_t ea, unsigned size,
                       enum ppc_access acc)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t x = s->dawrx0;
    if (acc == PPC_ACC_EXEC || !size)
        return 0;
    if (!(x & (acc == PPC_ACC_WRITE ? DAWRX_DW : DAWRX_DR)))
        return 0;
    if (!(x & ((cpu->msr & PPC_MSR_PR) ? DAWRX_PRO : DAWRX_PRIV)))
        return 0;
    if (!(x & DAWRX_WTI) && !(cpu->msr & PPC_MSR_DR) != !(x & DAWRX_WT))
        return 0;
    uint64_t last = ea + size - 1;
    if (last < ea)
        last = ~0ull;
    if (last < s->dawr_lo || ea > s->dawr_hi)
        return 0;
    s->mfault.exc = MMU_EXC_DSI;
    s->mfault.dsisr = PPC_DSISR_DAWR | (acc == PPC_ACC_WRITE ? MMU_DSISR_STORE : 0);
    s->mfault.srr1 = 0;
    s->mfault.dar = ea;
    cpu->fault.ea = ea;
    cpu->fault.access = acc;
    cpu->fault.err = -EFAULT;
    return PPC_EXIT_DATA_FAULT;
}

/* ---- trace ------------------------------------------------------------ */

/* The instruction completed (no interrupt of its own): take the trace
 * interrupt when the MSR says so. */
static int trace_wrapper(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    struct ppc_sys *s = cpu->sys;
    unsigned long irqs = s->irqs;
    int r = d->fn(cpu, d);
    if (r == PPC_ST_CONT || r == PPC_ST_NEXT)
        cpu->pc = ppc_ea(cpu, d->pc + d->len);
    else if (r != PPC_ST_JUMP || s->irqs != irqs)
        return r;                        /* an interrupt or an exit */
    bool branch = d->id == PPC_ID_b || d->id == PPC_ID_bc ||
                  d->id == PPC_ID_bclr || d->id == PPC_ID_bcctr ||
                  d->id == PPC_ID_bctar;
    if (!(cpu->msr & PPC_MSR_SE) && !(branch && (cpu->msr & PPC_MSR_BE)))
        return PPC_ST_JUMP;
    uint64_t f = ppc_insn_table[d->id].flags;
    uint64_t bits = PPC_SRR1_TRACE |
                    ((f & PPC_F_LOAD) ? PPC_SRR1_TRACE_LOAD : 0) |
                    ((f & PPC_F_STORE) ? PPC_SRR1_TRACE_STORE : 0) |
                    (d->len == 8 ? PPC_SRR1_PREFIXED : 0);
    s->pmu.siar = d->pc;
    ppc_sys_deliver(cpu, cpu->pc, PPC_VEC_TRACE, bits);
    return PPC_ST_JUMP;
}

static int ciabr_match(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    cpu->sys->pmu.siar = d->pc;
    ppc_sys_deliver(cpu, d->pc, PPC_VEC_TRACE,
                    PPC_SRR1_TRACE | PPC_SRR1_TRACE_CIABR);
    return PPC_ST_JUMP;
}

static bool single_step_exempt(unsigned id)
{
    switch (id) {
    case PPC_ID_rfid: case PPC_ID_rfi: case PPC_ID_hrfid: case PPC_ID_urfid:
    case PPC_ID_rfscv: case PPC_ID_rfebb: case PPC_ID_sc: case PPC_ID_scv:
    case PPC_ID_stop: case PPC_ID_attn:
        return true;
    default:
        return false;
    }
}

void ppc_debug_decode(struct ppc_cpu *cpu, struct ppc_dinsn *d, bool *end)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t msr = cpu->msr;
    if (s->ciabr_on && d->pc == (s->ciabr & ~3ull)) {
        unsigned priv = (unsigned)(s->ciabr & CIABR_PRIV);
        bool match = (msr & PPC_MSR_PR) ? priv == 1
                                        : priv == 2 && !(msr & PPC_MSR_HV);
        if (match) {
            d->fn = ciabr_match;
            d->tfn = ciabr_match;
            *end = true;
            return;
        }
    }
    if (msr & PPC_MSR_SE) {
        *end = true;
        if (!single_step_exempt(d->id))
            d->tfn = trace_wrapper;
    } else if ((msr & PPC_MSR_BE) &&
               (d->id == PPC_ID_b || d->id == PPC_ID_bc || d->id == PPC_ID_bclr ||
                d->id == PPC_ID_bcctr || d->id == PPC_ID_bctar)) {
        d->tfn = trace_wrapper;
    }
}
