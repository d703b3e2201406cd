/* engine/timer.c: timebase and decrementer of a system-mode vCPU (Power
 * ISA 3.0B Book II 5.2 "Time Base", Book III 6.2 "Decrementer"). The
 * timebase runs at 512 MHz from the host's monotonic clock; DEC is kept as
 * the value last written and the timebase at that moment, so reading it
 * and knowing when it turns negative are computed, never ticked. DEC is 32
 * bits, or 56 bits with LPCR[LD] (large decrementer, POWER9's width). A
 * decrementer exception exists while DEC's sign bit is 1 (level), and is
 * checked between blocks (interrupt.h ppc_sys_poll). */
#include <time.h>

#include "interrupt.h"

#define POLL_BLOCKS 256
#define LD_BITS 56

uint64_t ppc_sys_read_tb(struct ppc_cpu *cpu)
{
    (void)cpu;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    /* 512 MHz = 64 ticks per 125 ns. */
    return (ns / 125) * 64 + (ns % 125) * 64 / 125;
}

static bool large_dec(const struct ppc_sys *s)
{
    return (s->lpcr & PPC_LPCR_LD) != 0;
}

/* Current DEC as a signed value (not yet truncated to its width). */
static int64_t dec_now(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    uint64_t el = ppc_sys_read_tb(cpu) - s->dec_tb;
    return s->dec_val - (int64_t)el;
}

/* Only the vCPU's own thread changes DEC, so no sleeper needs waking:
 * plain atomic bit operations (ppc_sys_cede calls this under its lock). */
static void set_dec_pending(struct ppc_cpu *cpu, int64_t v)
{
    struct ppc_sys *s = cpu->sys;
    bool neg = v < 0;
    if (neg)
        __atomic_fetch_or(&s->pending, PPC_IRQ_DEC, __ATOMIC_ACQ_REL);
    else
        __atomic_fetch_and(&s->pending, ~PPC_IRQ_DEC, __ATOMIC_ACQ_REL);
    s->dec_neg = neg;
}

uint64_t ppc_sys_read_dec(struct ppc_cpu *cpu)
{
    int64_t v = dec_now(cpu);
    if (large_dec(cpu->sys)) {
        /* Sign-extended from the implemented width. */
        uint64_t m = (1ull << LD_BITS) - 1;
        uint64_t x = (uint64_t)v & m;
        return (x & (1ull << (LD_BITS - 1))) ? (x | ~m) : x;
    }
    return (uint32_t)v;
}

void ppc_sys_write_dec(struct ppc_cpu *cpu, uint64_t v)
{
    struct ppc_sys *s = cpu->sys;
    int64_t val;
    if (large_dec(s)) {
        uint64_t m = (1ull << LD_BITS) - 1;
        uint64_t x = v & m;
        val = (int64_t)((x & (1ull << (LD_BITS - 1))) ? (x | ~m) : x);
    } else {
        val = (int32_t)(uint32_t)v;
    }
    s->dec_val = val;
    s->dec_tb = ppc_sys_read_tb(cpu);
    set_dec_pending(cpu, val);
    s->poll = 1;     /* look again at the next block boundary */
}

void ppc_sys_dec_update(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    s->poll = POLL_BLOCKS;
    int64_t v = dec_now(cpu);
    /* Once negative it stays so until written (no wrap-around back). */
    if (v < 0 || !s->dec_neg)
        set_dec_pending(cpu, v);
}

uint64_t ppc_sys_dec_ns(struct ppc_cpu *cpu)
{
    int64_t v = dec_now(cpu);
    if (v < 0 || cpu->sys->dec_neg)
        return 0;
    return ((uint64_t)v + 1) * 125 / 64;
}
