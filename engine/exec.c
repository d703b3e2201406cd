/* engine/exec.c: the interpreter tier. ppc_run() looks up the pre-decoded
 * block at the PC and calls the handlers in a straight line; a non-zero
 * status leaves the block. ppc_raise() is the one place where exceptions
 * are raised: recorded as an exit for the environment, or in system mode
 * delivered in the guest (interrupt.h). */
#include <string.h>

#include "block.h"
#include "exec.h"
#include "interrupt.h"
#include "mem.h"

int ppc_raise(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
              enum ppc_exit why, uint32_t arg)
{
    cpu->exit_reason = why;
    cpu->exit_pc = d->pc;
    cpu->exit_insn = d->word;
    cpu->exit_arg = arg;
    cpu->exit_id = d->id;
    /* System mode: deliver the interrupt in the guest (interrupt.c);
     * exit_reason PPC_ST_JUMP tells the run loop it was delivered. */
    if (cpu->sys && ppc_sys_raise(cpu, d, why, arg) == PPC_ST_JUMP) {
        cpu->exit_reason = PPC_ST_JUMP;
        return PPC_ST_JUMP;
    }
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

/* The block to run at cpu->pc after 'prev': a chained successor when
 * 'prev' saw this address before (and nothing was flushed or
 * re-translated since: link generation), else a cache lookup, remembered
 * in 'prev' while prev's memory is still its own (arena generation). */
static inline struct ppc_block *next_block(struct ppc_cpu *cpu,
                                           struct ppc_block *prev)
{
    uint64_t pc = cpu->pc;
    struct ppc_block_cache *bc = cpu->blocks;
    if (!prev)
        return ppc_block_get(cpu);
    if (__builtin_expect(prev->gen == ppc_block_gen(bc), 1) && prev->valid) {
        for (unsigned i = 0; i < 2; i++) {
            struct ppc_block *s = prev->succ[i];
            if (prev->succ_pc[i] == pc && s->valid && s->ctx == ppc_block_ctx(cpu))
                return s;
        }
    }
    uint32_t ag = ppc_block_arena_gen(bc);
    bool link = prev->arena_gen == ag && prev->valid;
    struct ppc_block *b = ppc_block_get(cpu);
    if (b && link && ppc_block_arena_gen(bc) == ag && b->valid) {
        uint32_t g = ppc_block_gen(bc);
        if (prev->gen != g) {
            prev->succ[0] = prev->succ[1] = NULL;
            prev->succ_pc[0] = prev->succ_pc[1] = ~0ull;
            prev->gen = g;
        }
        unsigned slot = prev->succ[0] != NULL && prev->succ[1] == NULL;
        prev->succ[slot] = b;
        prev->succ_pc[slot] = pc;
    }
    return b;
}

/* Blocks the threaded code may run in a row without coming back here
 * (threaded.c thr_chain); bounds how late a stop or the budget is seen,
 * and the stack of a build that does not make the tail calls. */
#define CHAIN_BLOCKS 32

static int run_blocks(struct ppc_cpu *cpu, uint64_t budget)
{
    uint64_t start = cpu->icount;
    struct ppc_block *prev = NULL;
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
        /* System mode: requests from other vCPUs and pending enabled
         * interrupts between blocks. */
        if (cpu->sys && ppc_sys_poll(cpu))
            prev = NULL;
        struct ppc_block *b = next_block(cpu, prev);
        if (__builtin_expect(b == NULL, 0)) {
            if (cpu->exit_reason == PPC_ST_JUMP) {   /* fetch fault -> ISI */
                prev = NULL;
                continue;
            }
            return cpu->exit_reason;
        }
        if (__builtin_expect(cpu->trace != NULL, 0))
            cpu->trace(cpu->trace_opaque, cpu, b->insns, b->n);
        /* Threaded: each instruction jumps to the next; the block returns
         * PPC_ST_JUMP with cpu->pc set (branch, fall-through sentinel,
         * context change) or an exit; a branch or the sentinel first goes
         * on into linked successors (threaded.c thr_chain). icount counts
         * the instructions up to the one a block was left after
         * (cpu->exit_d). */
        cpu->cur_block = b;
        cpu->chain_left = cpu->trace ? 1 : CHAIN_BLOCKS;
        int r = b->insns[0].tfn(cpu, b->insns);
        b = cpu->cur_block;      /* the last one, when it went on */
        cpu->icount += (uint64_t)(cpu->exit_d - b->insns) + 1;
        prev = b;
        if (__builtin_expect(r == PPC_ST_JUMP, 1))
            continue;
        return r;
    }
}

int ppc_run(struct ppc_cpu *cpu, uint64_t budget)
{
    if (!cpu->sys)
        return run_blocks(cpu, budget);
    ppc_smp_enter(cpu);
    int r = run_blocks(cpu, budget);
    ppc_smp_leave(cpu);
    return r;
}

static int step_one(struct ppc_cpu *cpu)
{
    if (cpu->sys && ppc_sys_poll(cpu))
        return 0;
    struct ppc_block *b = ppc_block_get(cpu);
    if (!b)
        return cpu->exit_reason == PPC_ST_JUMP ? 0 : cpu->exit_reason;
    const struct ppc_dinsn *d = &b->insns[0];
    int r = d->fn(cpu, d);
    cpu->icount++;
    if (r == 0) {
        /* The block's next instruction (or its end sentinel): the next
         * in memory, or a followed branch's target (block.c). */
        cpu->pc = d[1].pc;
        return 0;
    }
    if (r == PPC_ST_NEXT) {
        cpu->pc = ppc_ea(cpu, d->pc + d->len);
        return 0;
    }
    if (r == PPC_ST_JUMP)
        return 0;
    return r;
}

int ppc_step(struct ppc_cpu *cpu)
{
    if (!cpu->sys)
        return step_one(cpu);
    ppc_smp_enter(cpu);
    int r = step_one(cpu);
    ppc_smp_leave(cpu);
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
