/* engine/exec.h: running a vCPU. Statuses returned by semantic functions,
 * the exit reasons the environment sees, the one place that raises
 * exceptions (ppc_raise), and the run loop entry point. */
#ifndef PSERIES_ENGINE_EXEC_H
#define PSERIES_ENGINE_EXEC_H

#include <stdint.h>

#include "cpu.h"
#include "insn.h"

/* What a semantic function returns:
 *   0               continue with the next instruction of the block
 *   PPC_ST_JUMP     cpu->pc was set (taken branch, rfid...): leave the block
 *   PPC_ST_NEXT     leave the block and continue at the next instruction
 *                   (context-changing instructions: isync, mtmsr, icbi)
 *   PPC_EXIT_*      an exit: use ppc_raise(), which records the reason and
 *                   sets cpu->pc as that reason says.
 * Exit reasons are what ppc_run() returns to the environment. */
enum ppc_exit {
    PPC_ST_CONT = 0,
    PPC_ST_JUMP = 1,
    PPC_ST_NEXT = 2,
    PPC_EXIT_SYSCALL = 16,  /* sc (LEV 0) or sc LEV from problem state;
                               pc = next insn */
    PPC_EXIT_SCV,           /* scv LEV (exit_arg = LEV); pc = next insn */
    PPC_EXIT_HCALL,         /* sc 1 from supervisor state; pc = next insn */
    PPC_EXIT_TRAP,          /* tw/td/twi/tdi condition met; pc = the trap */
    PPC_EXIT_ILLEGAL,       /* invalid or not in this model; pc = insn */
    PPC_EXIT_PRIVILEGED,    /* privileged instruction in problem state */
    PPC_EXIT_FP_UNAVAIL,    /* MSR[FP]=0 */
    PPC_EXIT_VEC_UNAVAIL,   /* MSR[VEC]=0 */
    PPC_EXIT_VSX_UNAVAIL,   /* MSR[VSX]=0 */
    PPC_EXIT_FP_ENABLED,    /* FP enabled exception (FPSCR[FEX] and FE0/1) */
    PPC_EXIT_DATA_FAULT,    /* data storage fault: cpu->fault */
    PPC_EXIT_INSN_FAULT,    /* instruction fetch fault: cpu->fault */
    PPC_EXIT_ALIGNMENT,     /* alignment interrupt (larx/stcx., lq...):
                               cpu->fault.ea */
    PPC_EXIT_UNIMPL,        /* decoded but no semantics here yet */
    PPC_EXIT_HALT,          /* wait/stop, or ppc_cpu_stop() from outside */
    PPC_EXIT_BUDGET,        /* the instruction budget of ppc_run ran out */
};

/* Record an exit for the instruction d: sets exit_reason/exit_pc/
 * exit_insn/exit_arg and cpu->pc (the next instruction for system calls,
 * the instruction itself otherwise). Returns 'why' so semantics can write
 * "return ppc_raise(cpu, d, PPC_EXIT_TRAP, 0);". This is the single place
 * where exceptions are raised; in-engine interrupt delivery (issue 4) will
 * hook here. */
int ppc_raise(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
              enum ppc_exit why, uint32_t arg);

/* Run until an exit, or until about 'budget' instructions ran (0 = no
 * limit). Returns the exit reason (enum ppc_exit >= PPC_EXIT_SYSCALL). */
int ppc_run(struct ppc_cpu *cpu, uint64_t budget);

/* Execute exactly one instruction at cpu->pc (no block cache); for
 * debugging and tracing. Returns 0 or an exit reason. */
int ppc_step(struct ppc_cpu *cpu);

/* Invalidate cached blocks: all of them, or those overlapping a page. */
void ppc_blocks_flush(struct ppc_cpu *cpu);
void ppc_blocks_flush_page(struct ppc_cpu *cpu, uint64_t ea);

/* Name of an exit reason ("syscall", "illegal", ...). */
const char *ppc_exit_name(int why);

/* Trace hook: when non-NULL, called before each block runs with its first
 * pre-decoded instruction (for -d in_asm style tracing). */
typedef void (*ppc_trace_fn)(void *opaque, struct ppc_cpu *cpu,
                             const struct ppc_dinsn *first, unsigned n);
void ppc_set_trace(struct ppc_cpu *cpu, ppc_trace_fn fn, void *opaque);

#endif
