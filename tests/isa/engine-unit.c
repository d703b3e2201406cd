/* tests/isa/engine-unit.c: host unit test of the engine core (suite
 * 'unit', also run under ASan+UBSan). Runs hand-encoded programs on a vCPU
 * with a small fake environment (1 MiB of guest memory with a hole and a
 * read-only page) and checks what the architecture says: system call and
 * trap exits, precise storage faults (address, access, no partial store),
 * alignment interrupts of larx, page-crossing accesses, self-modifying
 * code with icbi/isync, big-endian mode, model gating, privileged
 * instructions, and the instruction budget. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "exec.h"
#include "insn.h"
#include "mem.h"

#define MEM_SIZE (1u << 20)
#define HOLE 0x80000u          /* one unmapped page */
#define ROPAGE 0x81000u        /* one read-only page */
#define CODE 0x1000u
#define DATA 0x40000u

struct env {
    uint8_t *mem;
};

static int translate(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                     enum ppc_access acc, struct ppc_xlate *out)
{
    struct env *e = opaque;
    (void)cpu;
    if (ea >= MEM_SIZE || (ea & PPC_PAGE_MASK) == HOLE)
        return -EFAULT;
    if ((ea & PPC_PAGE_MASK) == ROPAGE && acc == PPC_ACC_WRITE)
        return -EACCES;
    out->host = e->mem + (ea & PPC_PAGE_MASK);
    out->cacheable = true;
    return 0;
}

static const struct ppc_env_ops ops = { .translate = translate };

static int failures;
#define CHECK(cond, ...) do { \
        if (!(cond)) { \
            failures++; \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__); \
            printf("\n"); \
        } \
    } while (0)

/* Encoders (ISA bit numbering: fields given by value). */
static uint32_t D(unsigned op, unsigned rt, unsigned ra, int imm)
{
    return (op << 26) | (rt << 21) | (ra << 16) | ((uint32_t)imm & 0xffff);
}
static uint32_t X(unsigned op, unsigned rt, unsigned ra, unsigned rb, unsigned xo, unsigned rc)
{
    return (op << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | rc;
}
#define LI(rt, v) D(14, rt, 0, v)
#define ADDI(rt, ra, v) D(14, rt, ra, v)
#define LWZ(rt, ra, v) D(32, rt, ra, v)
#define STW(rs, ra, v) D(36, rs, ra, v)
#define LD(rt, ra, v) (D(58, rt, ra, v) & ~3u)
#define STD(rs, ra, v) (D(62, rs, ra, v) & ~3u)
#define SC 0x44000002u
#define ISYNC 0x4c00012cu
#define ICBI(ra, rb) X(31, 0, ra, rb, 982, 0)
#define LWARX(rt, ra, rb) X(31, rt, ra, rb, 20, 0)
#define BRD(ra, rs) X(31, rs, ra, 0, 187, 0)
#define MFMSR(rt) X(31, rt, 0, 0, 83, 0)
#define TW(to, ra, rb) X(31, to, ra, rb, 4, 0)
#define B(off) ((18u << 26) | ((uint32_t)(off) & 0x03fffffc))

static void put32(struct env *e, uint64_t a, uint32_t w, int le)
{
    for (int i = 0; i < 4; i++)
        e->mem[a + (le ? i : 3 - i)] = (uint8_t)(w >> (8 * i));
}

static struct ppc_cpu *setup(struct env *e, enum ppc_model m, int le,
                             const uint32_t *code, unsigned n)
{
    memset(e->mem, 0, MEM_SIZE);
    for (unsigned i = 0; i < n; i++)
        put32(e, CODE + 4 * i, code[i], le);
    struct ppc_cpu *cpu = ppc_cpu_new(m, le, &ops, e);
    if (cpu)
        cpu->pc = CODE;
    return cpu;
}

int main(void)
{
    struct env e = { .mem = calloc(1, MEM_SIZE) };
    struct ppc_cpu *cpu;
    if (!e.mem)
        return 1;

    /* 1. arithmetic then a system call: pc after sc. */
    {
        uint32_t p[] = { LI(3, 5), ADDI(3, 3, 7), SC, LI(3, 0) };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 4);
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL, "exit %s", ppc_exit_name(r));
        CHECK(cpu->gpr[3] == 12, "r3 = %llu", (unsigned long long)cpu->gpr[3]);
        CHECK(cpu->pc == CODE + 12 && cpu->exit_pc == CODE + 8, "pc %llx",
              (unsigned long long)cpu->pc);
        ppc_cpu_free(cpu);
    }
    /* 2. precise data faults: unmapped load, store to read-only page. */
    {
        uint32_t p[] = { LI(5, 0), D(15, 5, 5, HOLE >> 16), ADDI(5, 5, (int)(HOLE & 0xffff) + 8),
                         LWZ(4, 5, 0), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 5);
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_DATA_FAULT, "exit %s", ppc_exit_name(r));
        CHECK(cpu->fault.ea == HOLE + 8 && cpu->fault.access == PPC_ACC_READ,
              "fault ea %llx acc %d", (unsigned long long)cpu->fault.ea, cpu->fault.access);
        CHECK(cpu->pc == CODE + 12 && cpu->exit_pc == CODE + 12, "pc %llx",
              (unsigned long long)cpu->pc);
        ppc_cpu_free(cpu);

        uint32_t q[] = { D(15, 6, 0, ROPAGE >> 16), ADDI(6, 6, ROPAGE & 0xffff), STW(4, 6, 4), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, q, 4);
        r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_DATA_FAULT && cpu->fault.ea == ROPAGE + 4 &&
              cpu->fault.access == PPC_ACC_WRITE, "ro store: %s ea %llx", ppc_exit_name(r),
              (unsigned long long)cpu->fault.ea);
        ppc_cpu_free(cpu);
    }
    /* 3. page-crossing accesses: a load across two mapped pages, a store
     *    across into the hole writes nothing. */
    {
        uint32_t p[] = { D(15, 5, 0, 0x5), ADDI(5, 5, -4), LD(4, 5, 0), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 4);
        for (int i = 0; i < 8; i++)
            e.mem[0x50000 - 4 + i] = (uint8_t)(0x11 * (i + 1));
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL && cpu->gpr[4] == 0x8877665544332211ull,
              "crossing load %llx", (unsigned long long)cpu->gpr[4]);
        ppc_cpu_free(cpu);

        uint32_t q[] = { D(15, 5, 0, HOLE >> 16), ADDI(5, 5, -4), LI(4, -1), STD(4, 5, 0), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, q, 5);
        r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_DATA_FAULT && cpu->fault.ea >= HOLE && cpu->fault.ea < HOLE + 8,
              "crossing store: %s ea %llx", ppc_exit_name(r), (unsigned long long)cpu->fault.ea);
        CHECK(e.mem[HOLE - 4] == 0 && e.mem[HOLE - 1] == 0, "partial store happened");
        ppc_cpu_free(cpu);
    }
    /* 4. lwarx needs a word-aligned address: alignment interrupt. */
    {
        uint32_t p[] = { D(15, 5, 0, DATA >> 16), ADDI(5, 5, 2), LWARX(3, 0, 5), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 4);
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_ALIGNMENT && cpu->fault.ea == DATA + 2, "lwarx: %s",
              ppc_exit_name(r));
        ppc_cpu_free(cpu);
    }
    /* 5. self-modifying code: overwrite a later instruction, icbi + isync,
     *    then run it; and a second pass through already-cached code. */
    {
        uint32_t newinsn = LI(3, 99);
        uint32_t p[] = {
            LI(7, 0), D(15, 4, 0, (int)(newinsn >> 16)), D(24, 4, 4, (int)(newinsn & 0xffff)),
            D(15, 5, 0, 0), ADDI(5, 5, CODE + 4 * 8),
            STW(4, 5, 0), ICBI(0, 5), ISYNC,
            LI(3, 1),          /* overwritten with li r3,99 */
            SC,
        };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 10);
        /* Warm the cache with the old instruction first. */
        cpu->pc = CODE + 4 * 8;
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL && cpu->gpr[3] == 1, "warm-up r3 %llu",
              (unsigned long long)cpu->gpr[3]);
        cpu->pc = CODE;
        r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL && cpu->gpr[3] == 99, "self-modified r3 %llu",
              (unsigned long long)cpu->gpr[3]);
        ppc_cpu_free(cpu);
    }
    /* 6. big-endian mode: fetch and data in big-endian byte order. */
    {
        uint32_t p[] = { D(15, 5, 0, DATA >> 16), LWZ(3, 5, 0), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 0, p, 3);
        e.mem[DATA] = 0x12; e.mem[DATA + 1] = 0x34; e.mem[DATA + 2] = 0x56; e.mem[DATA + 3] = 0x78;
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL && cpu->gpr[3] == 0x12345678, "BE lwz %llx (%s)",
              (unsigned long long)cpu->gpr[3], ppc_exit_name(r));
        ppc_cpu_free(cpu);
    }
    /* 7. model gating: brd is ISA 3.1 only. */
    {
        uint32_t p[] = { LI(4, 1), BRD(3, 4), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 3);
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_ILLEGAL && cpu->exit_pc == CODE + 4, "brd on POWER9: %s",
              ppc_exit_name(r));
        ppc_cpu_free(cpu);
        cpu = setup(&e, PPC_MODEL_POWER10, 1, p, 3);
        r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_SYSCALL && cpu->gpr[3] == 0x0100000000000000ull,
              "brd on POWER10: %s %llx", ppc_exit_name(r), (unsigned long long)cpu->gpr[3]);
        ppc_cpu_free(cpu);
    }
    /* 8. privileged in problem state; trap; budget. */
    {
        uint32_t p[] = { MFMSR(3), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, p, 2);
        int r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_PRIVILEGED, "mfmsr: %s", ppc_exit_name(r));
        ppc_cpu_free(cpu);

        uint32_t q[] = { LI(3, 4), TW(4, 3, 3), SC };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, q, 3);
        r = ppc_run(cpu, 0);
        CHECK(r == PPC_EXIT_TRAP && cpu->exit_pc == CODE + 4 && cpu->pc == CODE + 4,
              "tw: %s", ppc_exit_name(r));
        ppc_cpu_free(cpu);

        uint32_t l[] = { ADDI(3, 3, 1), B(-4) };
        cpu = setup(&e, PPC_MODEL_POWER9, 1, l, 2);
        r = ppc_run(cpu, 1000);
        CHECK(r == PPC_EXIT_BUDGET && cpu->gpr[3] >= 400, "budget: %s r3 %llu",
              ppc_exit_name(r), (unsigned long long)cpu->gpr[3]);
        ppc_cpu_free(cpu);
    }
    /* 9. the disassembler from the same table. */
    {
        struct ppc_decoder *dec = ppc_decoder_new(PPC_ISA_310);
        unsigned len;
        struct ppc_dinsn d;
        char buf[64];
        uint32_t w = ADDI(3, 1, 16);
        ppc_predecode(&d, ppc_decode(dec, w, 0, &len), 0, w, 0);
        ppc_disasm(buf, sizeof(buf), &d);
        CHECK(strcmp(buf, "addi    r3,r1,16") == 0, "disasm '%s'", buf);
        w = X(31, 3, 4, 5, 266, 1) | (1u << 10);
        ppc_predecode(&d, ppc_decode(dec, w, 0, &len), 0, w, 0);
        ppc_mnemonic(buf, sizeof(buf), &d);
        CHECK(strcmp(buf, "addo.") == 0, "mnemonic '%s'", buf);
        ppc_decoder_free(dec);
    }
    free(e.mem);
    printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
    return failures ? 1 : 0;
}
