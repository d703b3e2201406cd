/* tests/isa/fuzz-engine.c: fuzz target for the engine: the input is guest
 * code (and initial registers) run on a vCPU with a small fake
 * environment, in either byte order and any model, with an instruction
 * budget; every exit is resumed at the next word. Whatever the bytes, the
 * engine must not crash, hang or hit undefined behaviour. Each word is also
 * decoded and disassembled. Used by libFuzzer (fuzz build) and by
 * fuzz-engine-run.c (deterministic inputs, every build). The vCPUs and
 * decoders (expensive to build) are kept across inputs and reset. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "insn.h"

#define MEM (256u << 10)
#define CODE 0x10000u
#define HOLE 0x30000u

struct fenv {
    uint8_t *mem;
};

static int ftranslate(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                      enum ppc_access acc, struct ppc_xlate *out)
{
    struct fenv *e = opaque;
    (void)cpu;
    (void)acc;
    if (ea >= MEM || (ea & PPC_PAGE_MASK) == HOLE)
        return -EFAULT;
    out->host = e->mem + (ea & PPC_PAGE_MASK);
    out->cacheable = (ea & 0x1000) == 0;   /* half the pages bypass the TLB */
    return 0;
}

static uint64_t ftb(void *opaque, struct ppc_cpu *cpu)
{
    (void)opaque;
    return cpu->icount * 8;
}

static int frandom(void *opaque, void *buf, size_t len)
{
    (void)opaque;
    memset(buf, 0x5a, len);
    return 0;
}

static const struct ppc_env_ops fops = {
    .translate = ftranslate, .read_tb = ftb, .random = frandom,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fuzzer-harness state kept across inputs (the vCPUs are reset). */
static struct fenv fuzz_env;
static struct ppc_cpu *fuzz_cpu[PPC_MODEL_COUNT];
static struct ppc_decoder *fuzz_dec[PPC_MODEL_COUNT];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!fuzz_env.mem && !(fuzz_env.mem = malloc(MEM)))
        return 0;
    struct fenv e = fuzz_env;
    memset(e.mem, 0, MEM);
    uint8_t flags = data[0];
    data++;
    size--;
    /* The first 32 bytes (if any) seed the registers, the rest is code. */
    uint8_t seed[32] = { 0 };
    size_t s = size < 32 ? size : 32;
    memcpy(seed, data, s);
    data += s;
    size -= s;
    if (size > 16384)
        size = 16384;
    memcpy(e.mem + CODE, data, size);
    memcpy(e.mem + 0x20000, seed, sizeof(seed));

    enum ppc_model m = (enum ppc_model)((flags >> 1) & 3);
    if (!fuzz_cpu[m])
        fuzz_cpu[m] = ppc_cpu_new(m, true, &fops, &fuzz_env);
    if (!fuzz_dec[m])
        fuzz_dec[m] = ppc_decoder_new(ppc_model_get(m)->isa);
    struct ppc_cpu *cpu = fuzz_cpu[m];
    if (!cpu || !fuzz_dec[m])
        return 0;
    /* Reset the reused vCPU. */
    memset(cpu->gpr, 0, sizeof(cpu->gpr));
    memset(cpu->vsr, 0, sizeof(cpu->vsr));
    cpu->lr = cpu->tar = cpu->dscr = cpu->ppr = 0;
    cpu->fpscr = cpu->fpscr_hi = cpu->vscr = cpu->vrsave = 0;
    ppc_xer_write(cpu, 0);
    cpu->resv.ea = PPC_RESV_NONE;
    cpu->msr = (cpu->msr & ~PPC_MSR_LE) | ((flags & 1) ? PPC_MSR_LE : 0);
    ppc_tlb_flush(cpu);
    ppc_blocks_flush(cpu);
    for (unsigned i = 0; i < 32; i++)
        cpu->gpr[i] = 0x20000 + (uint64_t)seed[i] * 8 + (i & 1 ? 0x100000000ull * seed[i] : 0);
    cpu->pc = CODE;
    cpu->ctr = seed[3];
    cpu->cr = (uint32_t)seed[4] * 0x01010101u;

    const struct ppc_decoder *dec = fuzz_dec[m];
    {
        char text[96];
        for (size_t off = 0; off + 4 <= size; off += 4) {
            uint32_t w, sfx = 0;
            memcpy(&w, data + off, 4);
            if (off + 8 <= size)
                memcpy(&sfx, data + off + 4, 4);
            unsigned len;
            struct ppc_dinsn d;
            enum ppc_insn_id id = ppc_decode(dec, w, sfx, &len);
            ppc_predecode(&d, id, CODE + off, w, sfx);
            ppc_disasm(text, sizeof(text), &d);
        }
    }

    for (int exits = 0; exits < 64; exits++) {
        int r = ppc_run(cpu, 4000);
        if (r == PPC_EXIT_BUDGET)
            break;
        if (r != PPC_EXIT_SYSCALL && r != PPC_EXIT_SCV && r != PPC_EXIT_HCALL)
            cpu->pc = cpu->exit_pc + 4;
    }
    return 0;
}
