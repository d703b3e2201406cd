/* tests/user/pseries-user.c: the user-mode runner. Runs a static ppc64
 * Linux program on the engine's interpreter with the host's files and
 * system calls, like qemu-ppc64le:
 *   pseries-user [-cpu POWER7|POWER8|POWER9|POWER10] [-strace] PROGRAM ARGS...
 * Exits with the program's status; a fatal guest exception kills the
 * runner with the signal Linux would send. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "insn.h"
#include "user-elf.h"
#include "user-proc.h"

extern char **environ;

static int user_translate(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                          enum ppc_access acc, struct ppc_xlate *out)
{
    struct user_proc *p = opaque;
    (void)cpu;
    unsigned need = acc == PPC_ACC_WRITE ? UP_W : acc == PPC_ACC_EXEC ? UP_X : 0;
    if (ea >= USER_MEM_SIZE)
        return -EFAULT;
    uint8_t perm = p->mem.perm[ea >> USER_PAGE_SHIFT];
    if (!(perm & UP_MAPPED))
        return -EFAULT;
    if ((perm & need) != need)
        return -EACCES;
    if (acc == PPC_ACC_READ && !(perm & (UP_R | UP_W | UP_X)))
        return -EACCES;
    out->host = p->mem.base + (ea & ~(USER_PAGE_SIZE - 1));
    out->cacheable = true;
    return 0;
}

/* Timebase: 512 MHz from the host's monotonic clock. */
static uint64_t user_read_tb(void *opaque, struct ppc_cpu *cpu)
{
    struct timespec ts;
    (void)opaque;
    (void)cpu;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 512000000ull + (uint64_t)ts.tv_nsec * 64 / 125;
}

static int user_random(void *opaque, void *buf, size_t len)
{
    (void)opaque;
    return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -EIO;
}

static const struct ppc_env_ops user_env = {
    .translate = user_translate,
    .read_tb = user_read_tb,
    .random = user_random,
};

static void usage(void)
{
    fprintf(stderr,
            "usage: pseries-user [-cpu POWER7|POWER8|POWER9|POWER10] [-strace] "
            "PROGRAM [ARGS...]\n");
}

/* Die as Linux would kill the process. */
static void die_by_signal(struct user_proc *p, int sig, const char *what)
{
    struct ppc_cpu *cpu = p->cpu;
    char text[128] = "";
    struct ppc_dinsn d;
    memset(&d, 0, sizeof(d));
    fprintf(stderr, "pseries-user: %s at 0x%llx (insn 0x%08x)", what,
            (unsigned long long)cpu->exit_pc, cpu->exit_insn);
    if (cpu->exit_reason == PPC_EXIT_DATA_FAULT || cpu->exit_reason == PPC_EXIT_ALIGNMENT)
        fprintf(stderr, ", address 0x%llx", (unsigned long long)cpu->fault.ea);
    (void)text;
    fprintf(stderr, "\n");
    fflush(stderr);
    struct rlimit rl = { 0, 0 };
    setrlimit(RLIMIT_CORE, &rl);
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
    _exit(128 + sig);
}

int main(int argc, char **argv)
{
    const char *model = "POWER10";
    bool strace = false;
    const char *argv0 = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-cpu") == 0 && i + 1 < argc) {
            model = argv[++i];
        } else if (strcmp(argv[i], "-strace") == 0) {
            strace = true;
        } else if (strcmp(argv[i], "-0") == 0 && i + 1 < argc) {
            argv0 = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage();
            return 0;
        } else {
            usage();
            return 2;
        }
    }
    if (i >= argc) {
        usage();
        return 2;
    }
    const struct ppc_model_desc *md = ppc_model_by_name(model);
    if (!md) {
        fprintf(stderr, "pseries-user: unknown CPU model '%s'\n", model);
        return 2;
    }

    struct user_proc *p = calloc(1, sizeof(*p));
    if (!p || user_mem_init(&p->mem) < 0) {
        fprintf(stderr, "pseries-user: cannot reserve guest memory\n");
        return 1;
    }
    const char *prog = argv[i];
    if (!realpath(prog, p->exe)) {
        fprintf(stderr, "pseries-user: %s: %s\n", prog, strerror(errno));
        return 127;
    }
    p->model_name = md->name;
    p->strace = strace;
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (sl <= 0) {
        fprintf(stderr, "pseries-user: cannot find myself\n");
        return 1;
    }
    self[sl] = 0;
    p->runner = self;

    struct user_image img;
    const char *why = "";
    int r = user_elf_load(&p->mem, p->exe, &img, &why);
    if (r < 0) {
        fprintf(stderr, "pseries-user: %s: %s\n", prog, why);
        return 126;
    }
    if (!img.little_endian) {
        fprintf(stderr, "pseries-user: %s: big-endian programs are not supported yet\n", prog);
        return 126;
    }
    p->cpu = ppc_cpu_new(md->model, img.little_endian, &user_env, p);
    if (!p->cpu) {
        fprintf(stderr, "pseries-user: cannot create the vCPU\n");
        return 1;
    }
    int gargc = argc - i;
    char **gargv = &argv[i];
    if (argv0)
        gargv[0] = (char *)argv0;
    r = user_stack_setup(&p->mem, p->cpu, &img, p->exe, gargc, gargv, environ);
    if (r < 0) {
        fprintf(stderr, "pseries-user: cannot build the stack: %s\n", strerror(-r));
        return 1;
    }

    /* PSERIES_USER_TRACE=FILE: one instruction at a time, the state before
     * each written in the layout of qemu's -d cpu (for differential
     * debugging against qemu-ppc64le -singlestep -d cpu). */
    FILE *trace = NULL;
    const char *tr = getenv("PSERIES_USER_TRACE");
    if (tr && *tr)
        trace = fopen(tr, "w");
    for (;;) {
        int why_exit;
        if (trace) {
            struct ppc_cpu *c = p->cpu;
            fprintf(trace, "NIP %016llx   LR %016llx CTR %016llx XER %016llx\n",
                    (unsigned long long)c->pc, (unsigned long long)c->lr,
                    (unsigned long long)c->ctr, (unsigned long long)ppc_xer_read(c));
            for (int g = 0; g < 32; g += 4)
                fprintf(trace, "GPR%02d %016llx %016llx %016llx %016llx\n", g,
                        (unsigned long long)c->gpr[g], (unsigned long long)c->gpr[g + 1],
                        (unsigned long long)c->gpr[g + 2], (unsigned long long)c->gpr[g + 3]);
            fprintf(trace, "CR %08x\n", c->cr);
            why_exit = ppc_step(p->cpu);
            if (why_exit == 0)
                continue;
        } else {
            why_exit = ppc_run(p->cpu, 0);
        }
        switch (why_exit) {
        case PPC_EXIT_SYSCALL:
        case PPC_EXIT_SCV:
            user_syscall(p, why_exit == PPC_EXIT_SCV);
            if (p->exited) {
                fflush(stdout);
                if (getenv("PSERIES_USER_STATS"))
                    fprintf(stderr, "pseries-user: %llu instructions\n",
                            (unsigned long long)p->cpu->icount);
                return p->exit_status;
            }
            break;
        case PPC_EXIT_TRAP:
            die_by_signal(p, SIGTRAP, "trap");
            break;
        case PPC_EXIT_ILLEGAL:
            die_by_signal(p, SIGILL, "illegal instruction");
            break;
        case PPC_EXIT_PRIVILEGED:
            die_by_signal(p, SIGILL, "privileged instruction");
            break;
        case PPC_EXIT_UNIMPL:
            fprintf(stderr, "pseries-user: instruction '%s' is not implemented\n",
                    p->cpu->exit_id < PPC_ID_COUNT ? ppc_insn_table[p->cpu->exit_id].mnem : "?");
            die_by_signal(p, SIGILL, "unimplemented instruction");
            break;
        case PPC_EXIT_FP_ENABLED:
            die_by_signal(p, SIGFPE, "floating-point exception");
            break;
        case PPC_EXIT_DATA_FAULT:
        case PPC_EXIT_INSN_FAULT:
            die_by_signal(p, SIGSEGV, "segmentation fault");
            break;
        case PPC_EXIT_ALIGNMENT:
            die_by_signal(p, SIGBUS, "alignment");
            break;
        case PPC_EXIT_HCALL:
        case PPC_EXIT_FP_UNAVAIL:
        case PPC_EXIT_VEC_UNAVAIL:
        case PPC_EXIT_VSX_UNAVAIL:
        default:
            die_by_signal(p, SIGILL, ppc_exit_name(why_exit));
            break;
        }
    }
}
