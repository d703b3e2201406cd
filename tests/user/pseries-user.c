/* tests/user/pseries-user.c: the user-mode runner. Runs a static ppc64
 * Linux program on the engine's interpreter with the host's files and
 * system calls, like qemu-ppc64le:
 *   pseries-user [-cpu POWER7|POWER8|POWER9|POWER10] [-strace] PROGRAM ARGS...
 * Exits with the program's status; a signal that kills the guest kills
 * the runner with that signal. Guest threads run on host threads of their
 * own (user-thread.c); signals: user-signal.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
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

/* The signal trampoline page (see user-signal.c): bctrl to the handler,
 * pop the dummy frame, rt_sigreturn. */
static int map_sigtramp(struct user_proc *p)
{
    static const uint32_t code[4] = { 0x4e800421, 0x38210080, 0x380000ac, 0x44000002 };
    if (user_mem_map(&p->mem, USER_SIGTRAMP, USER_PAGE_SIZE, UP_R | UP_X, true) < 0)
        return -ENOMEM;
    for (int i = 0; i < 4; i++)
        user_st32(p, p->mem.base + USER_SIGTRAMP + 4 * i, code[i]);
    return 0;
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
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->mm_lock, NULL);
    const char *prog = argv[i];
    if (!realpath(prog, p->exe)) {
        fprintf(stderr, "pseries-user: %s: %s\n", prog, strerror(errno));
        return 127;
    }
    p->model = md;
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
    p->le = img.little_endian;
    p->abi = img.abi;
    struct ppc_cpu *cpu = ppc_cpu_new(md->model, img.little_endian, &user_env, p);
    struct user_thread *t = cpu ? user_thread_new(p, cpu) : NULL;
    if (!t || map_sigtramp(p) < 0) {
        fprintf(stderr, "pseries-user: cannot create the vCPU\n");
        return 1;
    }
    t->leader = true;
    t->tid = (int)syscall(SYS_gettid);
    p->threads = t;
    p->nthreads = 1;
    int gargc = argc - i;
    char **gargv = &argv[i];
    if (argv0)
        gargv[0] = (char *)argv0;
    r = user_stack_setup(&p->mem, cpu, &img, p->exe, gargc, gargv, environ);
    if (r < 0) {
        fprintf(stderr, "pseries-user: cannot build the stack: %s\n", strerror(-r));
        return 1;
    }

    /* PSERIES_USER_TRACE=FILE: one instruction at a time, the state before
     * each written in the layout of qemu's -d cpu (for differential
     * debugging against qemu-ppc64le -singlestep -d cpu). */
    const char *tr = getenv("PSERIES_USER_TRACE");
    if (tr && *tr)
        p->trace = fopen(tr, "w");

    /* The guest's signal mask is the one the runner was started with. */
    sigset_t hs;
    pthread_sigmask(SIG_SETMASK, NULL, &hs);
    for (int s = 1; s <= USER_NSIG; s++)
        if (sigismember(&hs, s) == 1)
            t->blocked |= 1ull << (s - 1);
    user_signal_set_thread(t);
    user_signal_init(p);
    user_signal_apply_mask(t);
    user_thread_loop(t);
}
