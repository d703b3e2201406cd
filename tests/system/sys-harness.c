/* tests/system/sys-harness.c: minimal bare-metal harness for the engine's
 * system mode (not the pSeries machine). Loads a raw test image at guest
 * physical 0 into 16 MB of RAM, creates POWER9 vCPUs in system mode
 * (MSR = SF|ME[|LE], real mode, PC 0) and runs them. The image talks to the
 * harness with private hypercalls (sc 1, r3 = opcode):
 *   0xF001 putchar(r4)        0xF002 report r4 (printed in hex)
 *   0xF003 exit: r4 = 0 pass, else the failing check's number
 *   0xF004 LPCR = (LPCR & ~r4) | (r5 & r4)   (as H_SET_MODE would)
 *   0xF005 partition-table entry dw1 = r4    (as H_REGISTER_PROC_TBL)
 *   0xF006 external interrupt line := r4     (as XICS would)
 *   0xF007 cede                               (as H_CEDE)
 *   0xF008 external line of vCPU r4 := r5    (as H_IPI through XICS)
 *   0xF009 the harness stores word r5 (guest byte order) at guest
 *          physical r4 and reports it (ppc_partition_code_written), as
 *          a device's DMA would
 *   0xF00A hashed page table at guest physical r4, r5 bytes (this vCPU)
 *   0xF00B HPTE r4 := (r5, r6) as H_ENTER/H_REMOVE would, then the
 *          hypervisor's invalidation: r7 = 0 ppc_partition_flush_all,
 *          1 ppc_partition_flush_hpte (the old HPTE's page)
 *   0xF00C the MMIO device's last access: r4 = pa, r5 = size, r6 = value,
 *          r7 = 1 for a write
 *   0xF00D debug SPR r4 (DAWR0 180, DAWRX0 188, CIABR 187) := r5, as
 *          H_SET_MODE would (ppc_sys_set_debug_spr)
 * Any other exit, or 10 s (--timeout S) without finishing, fails. With
 * --smp N, N vCPUs run the image on their own threads over the same RAM
 * in one partition (engine/partition.h; --threads T per core), each
 * starting with r3 = its index and r4 = N; the result is vCPU 0's, after
 * all have exited.
 * --partition puts a single vCPU in a partition too. --mmio gives the
 * vCPUs an MMIO hook: guest physical 0x80000000-0x80000fff is a scratch
 * register file (8-byte registers, what is written reads back),
 * 0x80001000-0x80001fff refuses (PPC_MMIO_DSI), the rest outside RAM has
 * nothing (PPC_MMIO_MCHECK). Usage:
 *   sys-harness [--le] [--smp N] [--threads T] [--partition] [--mmio]
 *               [--timeout S] IMAGE.bin    exit 0 pass, 1 fail, 77 skip */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu.h"
#include "exec.h"
#include "interrupt.h"
#include "mmu-hash.h"
#include "partition.h"

#define RAM_SIZE (16u << 20)
#define MAX_VCPUS 16
#define MMIO_BASE 0x80000000ull
#define MMIO_REGS 0x1000u

/* The test MMIO device. */
struct mmio_dev {
    pthread_mutex_t lock;
    uint8_t regs[MMIO_REGS];
    uint64_t last_pa, last_val;
    unsigned last_size;
    bool last_write;
};

struct harness;

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
    struct harness *h;
};

struct harness {
    uint8_t *ram;
    bool le;
    unsigned ncpu;
    struct ppc_partition *part;
    struct vcpu v[MAX_VCPUS];
    struct mmio_dev mmio;
    uint64_t htab_gpa, htab_size;
    long timeout;            /* seconds */
};

static int mmio_access(struct mmio_dev *m, uint64_t pa, unsigned size,
                       uint64_t *val, bool write)
{
    if (pa < MMIO_BASE || pa - MMIO_BASE >= 2 * MMIO_REGS)
        return PPC_MMIO_MCHECK;
    if (pa - MMIO_BASE >= MMIO_REGS)
        return PPC_MMIO_DSI;
    uint64_t off = pa - MMIO_BASE;
    if (size > 8 || off + size > MMIO_REGS)
        return PPC_MMIO_MCHECK;
    pthread_mutex_lock(&m->lock);
    if (write)
        memcpy(m->regs + off, val, size);     /* little-endian host */
    else
        memcpy(val, m->regs + off, size);
    m->last_pa = pa;
    m->last_size = size;
    m->last_val = *val;
    m->last_write = write;
    pthread_mutex_unlock(&m->lock);
    return PPC_MMIO_OK;
}

static int mmio_read(void *opaque, struct ppc_cpu *cpu, uint64_t pa,
                     unsigned size, uint64_t *val)
{
    (void)cpu;
    *val = 0;
    return mmio_access(opaque, pa, size, val, false);
}

static int mmio_write(void *opaque, struct ppc_cpu *cpu, uint64_t pa,
                      unsigned size, uint64_t val)
{
    (void)cpu;
    return mmio_access(opaque, pa, size, &val, true);
}

static const struct ppc_mmio_ops test_mmio = { mmio_read, mmio_write };

/* A device's write to guest memory (0xF009), reported to the partition
 * (not inlined: tests/system/tsan.supp names it). */
__attribute__((noinline))
static void dma_write(struct harness *h, uint64_t gpa, const void *buf,
                      size_t len)
{
    memcpy(h->ram + gpa, buf, len);
    ppc_partition_code_written(h->part, gpa, len);
}

/* 0xF00B: an HPTE update by the "hypervisor" and its invalidation. */
static int hpte_update(struct harness *h, struct ppc_cpu *cpu, uint64_t ptex,
                       uint64_t v, uint64_t r, uint64_t how)
{
    struct mmu_htab ht = { h->ram + h->htab_gpa, h->htab_size };
    uint64_t ov, orr, va;
    unsigned shift;
    if (!h->htab_size || !mmu_hpte_read(&ht, ptex, &ov, &orr))
        return -1;
    bool old_ok = (ov & MMU_HPTE_V_V) && mmu_hpte_va(&ht, ptex, ov, orr, &va, &shift);
    mmu_hpte_write(&ht, ptex, v, r);
    if (how == 1 && old_ok && h->part)
        ppc_partition_flush_hpte(h->part, va, shift);
    else if (h->part)
        ppc_partition_flush_all(h->part);
    else
        ppc_sys_flush_translations(cpu);
    return 0;
}

/* Run one vCPU until it exits; 0 pass, 1 fail. */
static int run_vcpu(struct vcpu *v)
{
    struct ppc_cpu *cpu = v->cpu;
    struct harness *h = v->h;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int r = ppc_run(cpu, 1000000);
        if (r == PPC_EXIT_BUDGET) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            if (t.tv_sec - t0.tv_sec > h->timeout) {
                fprintf(stderr, "FAIL: cpu %u timeout at pc %#llx\n",
                        v->index, (unsigned long long)cpu->pc);
                for (unsigned r = 0; r < 32; r++)
                    fprintf(stderr, "r%u=%llx%s", r,
                            (unsigned long long)cpu->gpr[r], r % 8 == 7 ? "\n" : " ");
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
            printf("FAIL: cpu %u check %llu (vector %#llx srr0 %#llx srr1 %#llx "
                   "dar %#llx dsisr %#x pc %#llx)\n", v->index,
                   (unsigned long long)a, (unsigned long long)cpu->gpr[23],
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
        } else if (op == 0xF008) {
            if (a < h->ncpu)
                ppc_sys_set_irq(h->v[a].cpu, PPC_IRQ_EXT, b != 0);
            else
                cpu->gpr[3] = (uint64_t)-4;   /* H_PARAMETER */
        } else if (op == 0xF009) {
            if (a > RAM_SIZE - 4 || (a & 3)) {
                cpu->gpr[3] = (uint64_t)-4;
            } else {
                uint32_t w = h->le ? (uint32_t)b : __builtin_bswap32((uint32_t)b);
                dma_write(h, a, &w, 4);
            }
        } else if (op == 0xF00A) {
            if (a >= RAM_SIZE || b > RAM_SIZE - a) {
                cpu->gpr[3] = (uint64_t)-4;
            } else {
                h->htab_gpa = a;
                h->htab_size = b;
                ppc_sys_set_process_table(cpu, 0);
                ppc_sys_set_htab(cpu, h->ram + a, b);
            }
        } else if (op == 0xF00B) {
            if (hpte_update(h, cpu, a, b, cpu->gpr[6], cpu->gpr[7]) != 0)
                cpu->gpr[3] = (uint64_t)-4;
        } else if (op == 0xF00C) {
            pthread_mutex_lock(&h->mmio.lock);
            cpu->gpr[4] = h->mmio.last_pa;
            cpu->gpr[5] = h->mmio.last_size;
            cpu->gpr[6] = h->mmio.last_val;
            cpu->gpr[7] = h->mmio.last_write;
            pthread_mutex_unlock(&h->mmio.lock);
        } else if (op == 0xF00D) {
            ppc_sys_set_debug_spr(cpu, (unsigned)a, b);
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

int main(int argc, char **argv)
{
    bool le = false, force_part = false, mmio = false;
    unsigned ncpu = 1, threads = 1;
    long timeout = 10;
    int ai = 1;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (strcmp(argv[ai], "--le") == 0) {
            le = true;
        } else if (strcmp(argv[ai], "--partition") == 0) {
            force_part = true;
        } else if (strcmp(argv[ai], "--mmio") == 0) {
            mmio = true;
        } else if (strcmp(argv[ai], "--smp") == 0 && ai + 1 < argc) {
            ncpu = (unsigned)strtoul(argv[++ai], NULL, 0);
            if (ncpu < 1 || ncpu > MAX_VCPUS) {
                fprintf(stderr, "--smp: 1..%d\n", MAX_VCPUS);
                return 2;
            }
        } else if (strcmp(argv[ai], "--timeout") == 0 && ai + 1 < argc) {
            timeout = strtol(argv[++ai], NULL, 0);
            if (timeout < 1) {
                fprintf(stderr, "--timeout: seconds\n");
                return 2;
            }
        } else if (strcmp(argv[ai], "--threads") == 0 && ai + 1 < argc) {
            threads = (unsigned)strtoul(argv[++ai], NULL, 0);
            if (threads < 1 || threads > 8) {
                fprintf(stderr, "--threads: 1..8\n");
                return 2;
            }
        } else {
            break;
        }
    }
    if (ai >= argc) {
        fprintf(stderr, "usage: sys-harness [--le] [--smp N] [--threads T] "
                "[--partition] [--mmio] [--timeout S] IMAGE.bin\n");
        return 2;
    }
    FILE *f = fopen(argv[ai], "rb");
    if (!f) {
        perror(argv[ai]);
        return 77;
    }
    struct harness *h = calloc(1, sizeof(*h));
    uint8_t *ram = aligned_alloc(65536, RAM_SIZE);
    if (!ram || !h) {
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
    h->ram = ram;
    h->le = le;
    h->ncpu = ncpu;
    h->timeout = timeout;
    pthread_mutex_init(&h->mmio.lock, NULL);
    if (ncpu > 1 || force_part) {
        struct ppc_partition_config pc = { .ram = ram, .ram_size = RAM_SIZE,
                                           .threads_per_core = threads };
        h->part = ppc_partition_new(&pc);
        if (!h->part)
            return 1;
    }
    for (unsigned i = 0; i < ncpu; i++) {
        struct ppc_cpu *cpu = ppc_cpu_new(PPC_MODEL_POWER9, le, &dummy_env,
                                          NULL);
        struct ppc_sys_config cfg = { .ram = ram, .ram_size = RAM_SIZE,
                                      .pir = i };
        if (mmio) {
            cfg.mmio = &test_mmio;
            cfg.mmio_opaque = &h->mmio;
        }
        if (!cpu || ppc_sys_enable(cpu, &cfg, le) != 0)
            return 1;
        if (h->part && ppc_partition_add_cpu(h->part, cpu) != 0)
            return 1;
        if (le)
            ppc_sys_set_lpcr(cpu, PPC_LPCR_ILE, PPC_LPCR_ILE);
        cpu->gpr[3] = i;
        cpu->gpr[4] = ncpu;
        h->v[i].cpu = cpu;
        h->v[i].index = i;
        h->v[i].h = h;
    }
    for (unsigned i = 1; i < ncpu; i++)
        if (pthread_create(&h->v[i].thread, NULL, vcpu_thread, &h->v[i]) != 0)
            return 1;
    h->v[0].rc = run_vcpu(&h->v[0]);
    int rc = h->v[0].rc;
    for (unsigned i = 1; i < ncpu; i++) {
        pthread_join(h->v[i].thread, NULL);
        if (h->v[i].rc)
            rc = 1;
    }
    printf(rc == 0 ? "PASS\n" : "FAIL\n");
    fflush(stdout);
    for (unsigned i = 0; i < ncpu; i++)
        ppc_cpu_free(h->v[i].cpu);
    ppc_partition_free(h->part);
    pthread_mutex_destroy(&h->mmio.lock);
    free(ram);
    free(h);
    return rc;
}
