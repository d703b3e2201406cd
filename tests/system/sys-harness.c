/* tests/system/sys-harness.c: minimal bare-metal harness for the engine's
 * system mode (not the pSeries machine). Loads a raw test image at guest
 * physical 0 into 16 MB of RAM, creates one POWER9 vCPU in system mode
 * (MSR = SF|ME[|LE], real mode, PC 0) and runs it. The image talks to the
 * harness with private hypercalls (sc 1, r3 = opcode):
 *   0xF001 putchar(r4)        0xF002 report r4 (printed in hex)
 *   0xF003 exit: r4 = 0 pass, else the failing check's number
 *   0xF004 LPCR = (LPCR & ~r4) | (r5 & r4)   (as H_SET_MODE would)
 *   0xF005 partition-table entry dw1 = r4    (as H_REGISTER_PROC_TBL)
 *   0xF006 external interrupt line := r4     (as XICS would)
 *   0xF007 cede                               (as H_CEDE)
 * Any other exit, or 10 s without finishing, fails. Usage:
 *   sys-harness [--le] IMAGE.bin        exit 0 pass, 1 fail, 77 skip */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu.h"
#include "exec.h"
#include "interrupt.h"

#define RAM_SIZE (16u << 20)

static int dummy_translate(void *o, struct ppc_cpu *c, uint64_t ea,
                           enum ppc_access a, struct ppc_xlate *x)
{
    (void)o; (void)c; (void)ea; (void)a; (void)x;
    return -14;
}
static const struct ppc_env_ops dummy_env = { .translate = dummy_translate };

int main(int argc, char **argv)
{
    bool le = false;
    int ai = 1;
    if (ai < argc && strcmp(argv[ai], "--le") == 0) {
        le = true;
        ai++;
    }
    if (ai >= argc) {
        fprintf(stderr, "usage: sys-harness [--le] IMAGE.bin\n");
        return 2;
    }
    FILE *f = fopen(argv[ai], "rb");
    if (!f) {
        perror(argv[ai]);
        return 77;
    }
    uint8_t *ram = aligned_alloc(65536, RAM_SIZE);
    if (!ram)
        return 1;
    memset(ram, 0, RAM_SIZE);
    size_t n = fread(ram, 1, RAM_SIZE, f);
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "empty image\n");
        return 1;
    }
    struct ppc_cpu *cpu = ppc_cpu_new(PPC_MODEL_POWER9, le, &dummy_env, NULL);
    struct ppc_sys_config cfg = { .ram = ram, .ram_size = RAM_SIZE };
    if (!cpu || ppc_sys_enable(cpu, &cfg, le) != 0)
        return 1;
    if (le)
        ppc_sys_set_lpcr(cpu, PPC_LPCR_ILE, PPC_LPCR_ILE);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 1;
    for (;;) {
        int r = ppc_run(cpu, 1000000);
        if (r == PPC_EXIT_BUDGET) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            if (t.tv_sec - t0.tv_sec > 10) {
                fprintf(stderr, "FAIL: timeout at pc %#llx\n",
                        (unsigned long long)cpu->pc);
                break;
            }
            continue;
        }
        if (r != PPC_EXIT_HCALL) {
            fprintf(stderr, "FAIL: exit '%s' at pc %#llx (insn %08x, "
                    "fault ea %#llx)\n", ppc_exit_name(r),
                    (unsigned long long)cpu->exit_pc, cpu->exit_insn,
                    (unsigned long long)cpu->fault.ea);
            break;
        }
        uint64_t op = cpu->gpr[3], a = cpu->gpr[4], b = cpu->gpr[5];
        cpu->gpr[3] = 0;
        if (op == 0xF001) {
            putchar((int)(a & 0xff));
        } else if (op == 0xF002) {
            printf("report %#llx\n", (unsigned long long)a);
        } else if (op == 0xF003) {
            if (a == 0) {
                printf("PASS\n");
                rc = 0;
            } else {
                printf("FAIL: check %llu (srr0 %#llx srr1 %#llx dar %#llx "
                       "dsisr %#x pc %#llx)\n", (unsigned long long)a,
                       (unsigned long long)cpu->gpr[20],
                       (unsigned long long)cpu->gpr[21],
                       (unsigned long long)cpu->sys->dar, cpu->sys->dsisr,
                       (unsigned long long)cpu->exit_pc);
            }
            break;
        } else if (op == 0xF004) {
            ppc_sys_set_lpcr(cpu, a, b);
        } else if (op == 0xF005) {
            ppc_sys_set_process_table(cpu, a);
        } else if (op == 0xF006) {
            ppc_sys_set_irq(cpu, PPC_IRQ_EXT, a != 0);
        } else if (op == 0xF007) {
            ppc_sys_cede(cpu);
        } else {
            cpu->gpr[3] = (uint64_t)-2;   /* H_FUNCTION */
        }
    }
    fflush(stdout);
    ppc_cpu_free(cpu);
    free(ram);
    return rc;
}
