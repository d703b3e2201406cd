/* engine/threaded.c: threaded dispatch for the interpreter. For every
 * table row a small wrapper calls the row's semantic function directly
 * and, when it returns 0, tail-calls the next pre-decoded instruction's
 * wrapper, so each instruction kind has its own indirect branch (better
 * predicted than one central dispatch). A block ends with a sentinel that
 * sets the fall-through PC. Generated from the table by the preprocessor. */
#include "block.h"
#include "exec.h"
#include "insn.h"
#include "interrupt.h"
#include "mem.h"

/* The block was left with cpu->pc set after instruction d: go on into
 * the successor the run loop linked to it (exec.c next_block, the same
 * checks) without returning there, for up to cpu->chain_left blocks and
 * while no stop, interrupt, request or timebase look is due. */
__attribute__((noinline))
static int thr_chain(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    struct ppc_block *b = cpu->cur_block;
    cpu->exit_d = d;
    if (__builtin_expect(--cpu->chain_left == 0, 0) || cpu->stop)
        return PPC_ST_JUMP;
    struct ppc_sys *s = cpu->sys;
    if (s) {
        if (__atomic_load_n(&s->pending, __ATOMIC_RELAXED) || s->poll <= 1)
            return PPC_ST_JUMP;
        s->poll--;
    }
    if (b->gen != ppc_block_gen(cpu->blocks) || !b->valid)
        return PPC_ST_JUMP;
    uint64_t pc = cpu->pc;
    uint32_t ctx = ppc_block_ctx(cpu);
    for (unsigned i = 0; i < 2; i++) {
        struct ppc_block *n = b->succ[i];
        if (b->succ_pc[i] == pc && n->valid && n->ctx == ctx) {
            cpu->icount += (uint64_t)(d - b->insns) + 1;
            cpu->cur_block = n;
            return n->insns[0].tfn(cpu, n->insns);
        }
    }
    return PPC_ST_JUMP;
}

#define PPC_THREAD_NEXT(cpu, d, r)                                      \
    do {                                                                \
        if (__builtin_expect((r) == 0, 1))                              \
            return (d)[1].tfn((cpu), (d) + 1);                          \
        if ((r) == PPC_ST_JUMP)                                         \
            return thr_chain((cpu), (d));                               \
        (cpu)->exit_d = (d);                                            \
        if ((r) == PPC_ST_NEXT) {                                       \
            (cpu)->pc = ppc_ea((cpu), (d)->pc + (d)->len);              \
            return PPC_ST_JUMP;                                         \
        }                                                               \
        return (r);                                                     \
    } while (0)

/* 'flatten': with link-time optimisation the semantic function is
 * inlined into its wrapper. */
#define PPC_INSN(id, mn, m, k, form, isa, fl)                           \
    __attribute__((flatten))                                            \
    static int thr_##id(struct ppc_cpu *cpu, const struct ppc_dinsn *d) \
    {                                                                   \
        int r = exec_##id(cpu, d);                                      \
        PPC_THREAD_NEXT(cpu, d, r);                                     \
    }
#define PPC_PINSN(id, mn, pm, pk, m, k, form, isa, fl) \
    PPC_INSN(id, mn, m, k, form, isa, fl)
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN

static const ppc_exec_fn ppc_threaded[PPC_ID_COUNT] = {
#define PPC_INSN(id, mn, m, k, form, isa, fl) [PPC_ID_##id] = thr_##id,
#define PPC_PINSN(id, mn, pm, pk, m, k, form, isa, fl) [PPC_ID_##id] = thr_##id,
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN
};

/* For handlers that are not a row's semantic function (exception
 * raisers put in by the block builder). */
static int thr_generic(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    int r = d->fn(cpu, d);
    PPC_THREAD_NEXT(cpu, d, r);
}

/* Sentinel after the last instruction: d->pc holds the fall-through PC. */
static int thr_end(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    cpu->pc = d->pc;
    return thr_chain(cpu, d - 1);   /* left after its last instruction */
}

void ppc_thread_insn(struct ppc_dinsn *d)
{
    if (d->id < PPC_ID_COUNT && d->id != PPC_ID_INVALID &&
        d->fn == ppc_insn_table[d->id].exec)
        d->tfn = ppc_threaded[d->id];
    else
        d->tfn = thr_generic;
}

void ppc_thread_end(struct ppc_dinsn *d, uint64_t next_pc)
{
    d->fn = NULL;
    d->tfn = thr_end;
    d->pc = next_pc;
    d->id = PPC_ID_INVALID;
    d->len = 0;
}
