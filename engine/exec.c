/* engine/exec.c: the interpreter tier. ppc_run() looks up the pre-decoded
 * block at the PC and calls the handlers in a straight line; a non-zero
 * status leaves the block. ppc_raise() is the one place where exceptions
 * are raised (recorded as an exit for the environment; issue 4 will
 * deliver interrupts from here). */
#include <string.h>

#include "block.h"
#include "exec.h"
#include "mem.h"

int ppc_raise(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
              enum ppc_exit why, uint32_t arg)
{
    cpu->exit_reason = why;
    cpu->exit_pc = d->pc;
    cpu->exit_insn = d->word;
    cpu->exit_arg = arg;
    cpu->exit_id = d->id;
    switch (why) {
    case PPC_EXIT_SYSCALL:
    case PPC_EXIT_SCV:
    case PPC_EXIT_HCALL:
        cpu->pc = ppc_ea(cpu, d->pc + d->len);
        break;
    default:
        cpu->pc = d->pc;
        break;
    }
    return why;
}

void ppc_set_trace(struct ppc_cpu *cpu, ppc_trace_fn fn, void *opaque)
{
    cpu->trace = fn;
    cpu->trace_opaque = opaque;
}

int ppc_run(struct ppc_cpu *cpu, uint64_t budget)
{
    uint64_t start = cpu->icount;
    for (;;) {
        if (__builtin_expect(cpu->stop, 0)) {
            cpu->stop = 0;
            cpu->exit_reason = PPC_EXIT_HALT;
            cpu->exit_pc = cpu->pc;
            return PPC_EXIT_HALT;
        }
        if (budget && cpu->icount - start >= budget) {
            cpu->exit_reason = PPC_EXIT_BUDGET;
            cpu->exit_pc = cpu->pc;
            return PPC_EXIT_BUDGET;
        }
        struct ppc_block *b = ppc_block_get(cpu);
        if (__builtin_expect(b == NULL, 0))
            return cpu->exit_reason;
        if (cpu->trace)
            cpu->trace(cpu->trace_opaque, cpu, b->insns, b->n);
        const struct ppc_dinsn *d = b->insns, *end = d + b->n;
        int r = 0;
        do {
            r = d->fn(cpu, d);
            if (__builtin_expect(r != 0, 0))
                break;
        } while (++d < end);
        if (r == 0) {
            cpu->icount += b->n;
            cpu->pc = b->next_pc;
            continue;
        }
        cpu->icount += (uint64_t)(d - b->insns) + 1;
        if (r == PPC_ST_JUMP)
            continue;
        if (r == PPC_ST_NEXT) {
            cpu->pc = ppc_ea(cpu, d->pc + d->len);
            continue;
        }
        return r;
    }
}

int ppc_step(struct ppc_cpu *cpu)
{
    struct ppc_block *b = ppc_block_get(cpu);
    if (!b)
        return cpu->exit_reason;
    const struct ppc_dinsn *d = &b->insns[0];
    int r = d->fn(cpu, d);
    cpu->icount++;
    if (r == 0 || r == PPC_ST_NEXT) {
        cpu->pc = ppc_ea(cpu, d->pc + d->len);
        return 0;
    }
    if (r == PPC_ST_JUMP)
        return 0;
    return r;
}

const char *ppc_exit_name(int why)
{
    switch (why) {
    case PPC_EXIT_SYSCALL: return "syscall";
    case PPC_EXIT_SCV: return "scv";
    case PPC_EXIT_HCALL: return "hcall";
    case PPC_EXIT_TRAP: return "trap";
    case PPC_EXIT_ILLEGAL: return "illegal instruction";
    case PPC_EXIT_PRIVILEGED: return "privileged instruction";
    case PPC_EXIT_FP_UNAVAIL: return "FP unavailable";
    case PPC_EXIT_VEC_UNAVAIL: return "vector unavailable";
    case PPC_EXIT_VSX_UNAVAIL: return "VSX unavailable";
    case PPC_EXIT_FP_ENABLED: return "FP enabled exception";
    case PPC_EXIT_DATA_FAULT: return "data storage fault";
    case PPC_EXIT_INSN_FAULT: return "instruction storage fault";
    case PPC_EXIT_ALIGNMENT: return "alignment";
    case PPC_EXIT_UNIMPL: return "unimplemented instruction";
    case PPC_EXIT_HALT: return "halt";
    case PPC_EXIT_BUDGET: return "budget";
    default: return "unknown";
    }
}
