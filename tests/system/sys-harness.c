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
 * Any other exit, or 10 s without finishing, fails. With --smp N, N vCPUs
 * run the image on their own threads over the same RAM, each starting
 * with r3 = its index and r4 = N; the result is vCPU 0's, after all have
 * exited. Usage:
 *   sys-harness [--le] [--smp N] IMAGE.bin   exit 0 pass, 1 fail, 77 skip */
#include <pthread.h>
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

struct vcpu {
    struct ppc_cpu *cpu;
    unsigned index;
    int rc;
    pthread_t thread;
};

/* Run one vCPU until it exits; 0 pass, 1 fail. */
static int run_vcpu(struct vcpu *v)
{
    struct ppc_cpu *cpu = v->cpu;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int r = ppc_run(cpu, 1000000);
        if (r == PPC_EXIT_BUDGET) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            if (t.tv_sec - t0.tv_sec > 10) {
                fprintf(stderr, "FAIL: cpu %u timeout at pc %#llx\n",
                        v->index, (unsigned long long)cpu->pc);
                return 1;
            }
            continue;
        }
        if (r != PPC_EXIT_HCALL) {
            fprintf(stderr, "FAIL: cpu %u exit '%s' at pc %#llx (insn %08x, "
                    "fault ea %#llx)\n", v->index, ppc_exit_name(r),
                    (unsigned long long)cpu->exit_pc, cpu->exit_insn,
                    (unsigned long long)cpu->fault.ea);
            return 1;
        }
        uint64_t op = cpu->gpr[3], a = cpu->gpr[4], b = cpu->gpr[5];
        cpu->gpr[3] = 0;
        if (op == 0xF001) {
            putchar((int)(a & 0xff));
        } else if (op == 0xF002) {
            printf("report %#llx\n", (unsigned long long)a);
        } else if (op == 0xF003) {
            if (a == 0)
                return 0;
            printf("FAIL: cpu %u check %llu (srr0 %#llx srr1 %#llx dar %#llx "
                   "dsisr %#x pc %#llx)\n", v->index, (unsigned long long)a,
                   (unsigned long long)cpu->gpr[20],
                   (unsigned long long)cpu->gpr[21],
                   (unsigned long long)cpu->sys->dar, cpu->sys->dsisr,
                   (unsigned long long)cpu->exit_pc);
            return 1;
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
}

static void *vcpu_thread(void *arg)
{
    struct vcpu *v = arg;
    v->rc = run_vcpu(v);
    return NULL;
}

#define MAX_VCPUS 16

int main(int argc, char **argv)
{
    bool le = false;
    unsigned ncpu = 1;
    int ai = 1;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (strcmp(argv[ai], "--le") == 0) {
            le = true;
        } else if (strcmp(argv[ai], "--smp") == 0 && ai + 1 < argc) {
            ncpu = (unsigned)strtoul(argv[++ai], NULL, 0);
            if (ncpu < 1 || ncpu > MAX_VCPUS) {
                fprintf(stderr, "--smp: 1..%d\n", MAX_VCPUS);
                return 2;
            }
        } else {
            break;
        }
    }
    if (ai >= argc) {
        fprintf(stderr, "usage: sys-harness [--le] [--smp N] IMAGE.bin\n");
        return 2;
    }
    FILE *f = fopen(argv[ai], "rb");
    if (!f) {
        perror(argv[ai]);
        return 77;
    }
    uint8_t *ram = aligned_alloc(65536, RAM_SIZE);
    if (!ram) {
        fclose(f);
        return 1;
    }
    memset(ram, 0, RAM_SIZE);
    size_t n = fread(ram, 1, RAM_SIZE, f);
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "empty image\n");
        free(ram);
        return 1;
    }
    struct vcpu v[MAX_VCPUS];
    memset(v, 0, sizeof(v));
    for (unsigned i = 0; i < ncpu; i++) {
        struct ppc_cpu *cpu = ppc_cpu_new(PPC_MODEL_POWER9, le, &dummy_env,
                                          NULL);
        struct ppc_sys_config cfg = { .ram = ram, .ram_size = RAM_SIZE,
                                      .pir = i };
        if (!cpu || ppc_sys_enable(cpu, &cfg, le) != 0)
            return 1;
        if (le)
            ppc_sys_set_lpcr(cpu, PPC_LPCR_ILE, PPC_LPCR_ILE);
        cpu->gpr[3] = i;
        cpu->gpr[4] = ncpu;
        v[i].cpu = cpu;
        v[i].index = i;
    }
    for (unsigned i = 1; i < ncpu; i++)
        if (pthread_create(&v[i].thread, NULL, vcpu_thread, &v[i]) != 0)
            return 1;
    v[0].rc = run_vcpu(&v[0]);
    int rc = v[0].rc;
    for (unsigned i = 1; i < ncpu; i++) {
        pthread_join(v[i].thread, NULL);
        if (v[i].rc)
            rc = 1;
    }
    printf(rc == 0 ? "PASS\n" : "FAIL\n");
    fflush(stdout);
    for (unsigned i = 0; i < ncpu; i++)
        ppc_cpu_free(v[i].cpu);
    free(ram);
    return rc;
}
