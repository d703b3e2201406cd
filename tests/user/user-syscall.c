/* tests/user/user-syscall.c: the Linux system calls of a ppc64 process,
 * emulated on the host for the user-mode runner. Numbers are those of
 * arch/powerpc (asm/unistd_64.h). The structures used here (stat, statx,
 * statfs, timespec, rusage, utsname, dirent64, pollfd, iovec, winsize,
 * rlimit, itimerval, sysinfo, siginfo) have the same layout on ppc64 as
 * on the host; little-endian guests share them as they are, big-endian
 * guests get every field byte-swapped (user_conv). Flags that differ on
 * powerpc (open flags, mmap flags, tty ioctls) are translated. Calls that
 * may block go through user_safe_syscall so that a guest signal
 * interrupts or restarts them as Linux does. Signals: user-signal.c;
 * threads and futexes: user-thread.c. */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "block.h"
#include "exec.h"
#include "user-elf.h"
#include "user-proc.h"

/* ---- layouts (user-proc.h) ---------------------------------------------- */

const uint8_t user_layout_stat[] = { 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
                                     8, 8, 8, 0 };
const uint8_t user_layout_statx[] = { 4, 4, 8, 4, 4, 4, 2, 2, 8, 8, 8, 8,
                                      8, 4, 4, 8, 4, 4, 8, 4, 4, 8, 4, 4,
                                      4, 4, 4, 4, 8, 4, 4,
                                      8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 0 };
const uint8_t user_layout_statfs[] = { 8, 8, 8, 8, 8, 8, 8, 4, 4, 8, 8, 8, 8, 8, 8, 8, 0 };
const uint8_t user_layout_l1[] = { 8, 0 };
const uint8_t user_layout_l2[] = { 8, 8, 0 };
const uint8_t user_layout_l4[] = { 8, 8, 8, 8, 0 };
const uint8_t user_layout_rusage[] = { 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
                                       8, 8, 0 };
const uint8_t user_layout_sysinfo[] = { 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 2, 2, 4, 8, 8, 4, 4, 0 };
const uint8_t user_layout_winsize[] = { 2, 2, 2, 2, 0 };
const uint8_t user_layout_pollfd[] = { 4, 2, 2, 0 };
const uint8_t user_layout_i1[] = { 4, 0 };

void user_conv(const struct user_proc *p, void *buf, const uint8_t *layout, size_t count)
{
    if (p->le || !buf)
        return;
    uint8_t *b = buf;
    for (size_t n = 0; n < count; n++) {
        for (const uint8_t *l = layout; *l; l++) {
            for (unsigned i = 0; i < *l / 2u; i++) {
                uint8_t x = b[i];
                b[i] = b[*l - 1 - i];
                b[*l - 1 - i] = x;
            }
            b += *l;
        }
    }
}

/* ---- flags ---------------------------------------------------------------- */

/* powerpc open(2) flags that differ from the generic ones. */
#define PPC_O_DIRECTORY 040000
#define PPC_O_NOFOLLOW  0100000
#define PPC_O_LARGEFILE 0200000
#define PPC_O_DIRECT    0400000

static int open_flags(uint64_t f)
{
    int h = (int)(f & ~(uint64_t)(PPC_O_DIRECTORY | PPC_O_NOFOLLOW |
                                  PPC_O_LARGEFILE | PPC_O_DIRECT));
    if (f & PPC_O_DIRECTORY) h |= O_DIRECTORY;
    if (f & PPC_O_NOFOLLOW) h |= O_NOFOLLOW;
    if (f & PPC_O_DIRECT) h |= O_DIRECT;
    return h;
}

static uint64_t open_flags_back(int h)
{
    uint64_t f = (uint64_t)h & ~(uint64_t)(O_DIRECTORY | O_NOFOLLOW | O_DIRECT | O_LARGEFILE);
    if (h & O_DIRECTORY) f |= PPC_O_DIRECTORY;
    if (h & O_NOFOLLOW) f |= PPC_O_NOFOLLOW;
    if (h & O_DIRECT) f |= PPC_O_DIRECT;
    return f | PPC_O_LARGEFILE;
}

#define RET(x) do { r = (int64_t)(x); goto out; } while (0)
#define SYS(x) do { long s_ = (long)(x); r = s_ < 0 ? -errno : s_; goto out; } while (0)
/* Host call result as -errno, then continue (for conversions). */
#define HR(x) ({ long s_ = (long)(x); s_ < 0 ? -errno : s_; })
#define SAFE(nr, a, b, c, d, e, f) \
    RET(user_safe_syscall(t, (nr), (long)(a), (long)(b), (long)(c), (long)(d), \
                          (long)(e), (long)(f)))

/* Guest buffer of len bytes, or -EFAULT. A null guest pointer gives a
 * null host pointer (the host call then sees NULL as the guest meant). */
#define GBUF(var, addr, len, need) \
    void *var = (addr) ? user_mem_ptr(&p->mem, (addr), (len), (need)) : NULL; \
    if ((addr) && !var) RET(-EFAULT)

/* A guest buffer that must exist (for host functions that take no null
 * pointer). */
#define GOUT(var, addr, len, need) \
    void *var = user_mem_ptr(&p->mem, (addr), (len), (need)); \
    if (!var) RET(-EFAULT)

/* Guest path string. */
#define GSTR(var, addr) \
    const char *var; \
    do { \
        int64_t l_ = user_mem_strlen(&p->mem, (addr), 4096); \
        if (l_ < 0) RET(l_); \
        var = (const char *)p->mem.base + (addr); \
    } while (0)

/* A guest structure read into a host copy in host byte order. */
static bool gin(struct user_proc *p, void *dst, uint64_t addr, size_t len,
                const uint8_t *layout)
{
    const void *s = user_mem_ptr(&p->mem, addr, len, UP_R);
    if (!s)
        return false;
    memcpy(dst, s, len);
    user_conv(p, dst, layout, 1);
    return true;
}

static bool is_self_exe(const char *path)
{
    return strcmp(path, "/proc/self/exe") == 0;
}

/* Read a guest argv/envp vector into a host array (NULL-terminated). */
static char **guest_vec(struct user_proc *p, uint64_t addr, int *err)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof(*v));
    if (!v) {
        *err = -ENOMEM;
        return NULL;
    }
    if (!addr) {
        v[0] = NULL;
        return v;
    }
    for (;; n++) {
        const uint8_t *slot = user_mem_ptr(&p->mem, addr + 8 * n, 8, UP_R);
        if (!slot || n > 65536) {
            free(v);
            *err = -EFAULT;
            return NULL;
        }
        if (n + 2 > cap) {
            cap *= 2;
            char **nv = realloc(v, cap * sizeof(*v));
            if (!nv) {
                free(v);
                *err = -ENOMEM;
                return NULL;
            }
            v = nv;
        }
        uint64_t s = user_ld64(p, slot);
        if (s == 0) {
            v[n] = NULL;
            return v;
        }
        int64_t l = user_mem_strlen(&p->mem, s, 131072);
        if (l < 0) {
            free(v);
            *err = (int)l;
            return NULL;
        }
        v[n] = (char *)p->mem.base + s;
    }
}

static int64_t do_execve(struct user_thread *t, uint64_t pa, uint64_t av, uint64_t ev)
{
    struct user_proc *p = t->proc;
    int64_t l = user_mem_strlen(&p->mem, pa, 4096);
    if (l < 0)
        return l;
    const char *path = (const char *)p->mem.base + pa;
    if (is_self_exe(path))
        path = p->exe;
    int err = 0;
    char **argv = guest_vec(p, av, &err);
    if (!argv)
        return err;
    char **envp = guest_vec(p, ev, &err);
    if (!envp) {
        free(argv);
        return err;
    }
    if (access(path, X_OK) != 0) {
        int e = -errno;
        free(argv);
        free(envp);
        return e;
    }
    /* The new program starts with the guest's mask (host signals are
     * all blocked while a host handler's signal waits here). */
    user_signal_apply_mask(t);
    if (!user_elf_is_ppc64(path)) {
        execve(path, argv, envp);
        int e = -errno;
        free(argv);
        free(envp);
        return e;
    }
    size_t n = 0;
    while (argv[n])
        n++;
    char **nargv = calloc(n + 8, sizeof(*nargv));
    if (!nargv) {
        free(argv);
        free(envp);
        return -ENOMEM;
    }
    size_t k = 0;
    nargv[k++] = (char *)p->runner;
    nargv[k++] = (char *)"-cpu";
    nargv[k++] = (char *)p->model->name;
    if (p->strace)
        nargv[k++] = (char *)"-strace";
    nargv[k++] = (char *)"-0";
    nargv[k++] = n ? argv[0] : (char *)path;
    nargv[k++] = (char *)path;
    for (size_t i = 1; i < n; i++)
        nargv[k++] = argv[i];
    nargv[k] = NULL;
    execve(p->runner, nargv, envp);
    int e = -errno;
    free(nargv);
    free(argv);
    free(envp);
    return e;
}

/* fork/vfork/clone. Threads (CLONE_VM|CLONE_THREAD) are host threads
 * (user-thread.c); everything else is a host fork whose child continues
 * with a copy of the whole emulator (vfork included: the child shares no
 * memory with the parent, which simply goes on). */
static int64_t do_clone(struct user_thread *t, uint64_t flags, uint64_t newsp,
                        uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    struct user_proc *p = t->proc;
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return user_clone_thread(t, flags, newsp, ptid, tls, ctid);
    if (flags & (CLONE_THREAD | CLONE_SIGHAND))
        return -EINVAL;
    fflush(stdout);
    fflush(stderr);
    pthread_mutex_lock(&p->mm_lock);
    pthread_mutex_lock(&p->lock);
    pid_t pid = fork();
    int e = errno;
    struct ppc_cpu *cpu = t->cpu;
    if (pid == 0) {
        user_thread_after_fork(t);
        if (newsp)
            cpu->gpr[1] = newsp;
        if (flags & CLONE_SETTLS)
            cpu->gpr[13] = tls;
        if (flags & CLONE_CHILD_SETTID) {
            uint8_t *w = user_mem_ptr(&p->mem, ctid, 4, UP_W);
            if (w)
                user_st32(p, w, (uint32_t)getpid());
        }
        if (flags & CLONE_CHILD_CLEARTID)
            t->clear_child_tid = ctid;
        return 0;
    }
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_unlock(&p->mm_lock);
    if (pid < 0)
        return -e;
    if (flags & CLONE_PARENT_SETTID) {
        uint8_t *w = user_mem_ptr(&p->mem, ptid, 4, UP_W);
        if (w)
            user_st32(p, w, (uint32_t)pid);
    }
    return pid;
}

static int64_t do_brk(struct user_thread *t, uint64_t want)
{
    struct user_mem *m = &t->proc->mem;
    if (want == 0 || want < m->brk_start)
        return (int64_t)m->brk_cur;
    /* 64 KiB granularity, as Linux on ppc64 maps the heap. */
    uint64_t old_end = (m->brk_cur + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    uint64_t new_end = (want + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    if (new_end > old_end) {
        if (new_end > USER_MMAP_BASE)
            return (int64_t)m->brk_cur;
        for (uint64_t a = old_end; a < new_end; a += USER_PAGE_SIZE)
            if (m->perm[a >> USER_PAGE_SHIFT])
                return (int64_t)m->brk_cur;
        if (user_mem_map(m, old_end, new_end - old_end, UP_R | UP_W, true) < 0)
            return (int64_t)m->brk_cur;
    } else if (new_end < old_end) {
        user_mem_unmap(m, new_end, old_end - new_end);
        user_mm_changed(t, false);
    }
    m->brk_cur = want;
    return (int64_t)want;
}

/* powerpc mmap flags that differ from the generic ones. */
#define PPC_MAP_NORESERVE 0x40
#define PPC_MAP_LOCKED    0x80

static int64_t do_mmap(struct user_thread *t, uint64_t addr, uint64_t len,
                       uint64_t prot, uint64_t flags, int64_t fd, uint64_t off)
{
    struct user_proc *p = t->proc;
    if (len == 0 || len > USER_MEM_SIZE)
        return -EINVAL;
    unsigned up = ((prot & PROT_READ) ? UP_R : 0) | ((prot & PROT_WRITE) ? UP_W : 0) |
                  ((prot & PROT_EXEC) ? UP_X : 0);
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (!(flags & MAP_ANONYMOUS) && (flags & MAP_SHARED) && (prot & PROT_WRITE))
        return -ENODEV;   /* shared writable file mappings: not supported */
    int64_t a = user_mem_map(&p->mem, fixed ? addr : 0, len, up, fixed);
    if (a < 0)
        return a;
    if (fixed)
        user_mm_changed(t, true);
    if (!(flags & MAP_ANONYMOUS)) {
        uint8_t *h = p->mem.base + a;
        uint64_t done = 0;
        while (done < len) {
            ssize_t n = pread((int)fd, h + done, len - done, (off_t)(off + done));
            if (n < 0) {
                int e = -errno;
                user_mem_unmap(&p->mem, (uint64_t)a, len);
                return e;
            }
            if (n == 0)
                break;
            done += (uint64_t)n;
        }
    }
    return a;
}

/* getdents64 records in guest order: d_ino, d_off, d_reclen. */
static void conv_dirents(struct user_proc *p, uint8_t *b, int64_t n)
{
    if (p->le)
        return;
    for (int64_t o = 0; o + 19 <= n;) {
        uint16_t rl;
        memcpy(&rl, b + o + 16, 2);
        static const uint8_t lay[] = { 8, 8, 2, 0 };
        user_conv(p, b + o, lay, 1);
        if (rl == 0)
            break;
        o += rl;
    }
}

/* Results of an interrupted call that Linux completes after the signal:
 * EINTR when a handler ran (with SA_RESTART for ERESTARTSYS: restart),
 * a restart when none did. */
static int64_t nohand(int64_t r)
{
    return (r == -EINTR || r == -USER_ERESTARTSYS) ? -USER_ERESTARTNOHAND : r;
}

static const char *sysname(uint64_t nr);

void user_syscall(struct user_thread *t, bool scv)
{
    struct user_proc *p = t->proc;
    struct ppc_cpu *cpu = t->cpu;
    uint64_t nr = cpu->gpr[0];
    uint64_t a0 = cpu->gpr[3], a1 = cpu->gpr[4], a2 = cpu->gpr[5];
    uint64_t a3 = cpu->gpr[6], a4 = cpu->gpr[7], a5 = cpu->gpr[8];
    int64_t r = -ENOSYS;
    t->orig_r3 = a0;
    t->restart = 0;

    switch (nr) {
    case 1:   /* exit: this thread */
        if (p->strace)
            fprintf(stderr, "%d exit(%d)\n", t->tid, (int)a0);
        user_thread_exit(t, (int)(a0 & 0xff));
    case 234: /* exit_group */
        if (p->strace)
            fprintf(stderr, "%d exit_group(%d)\n", t->tid, (int)a0);
        user_exit_group(t, (int)(a0 & 0xff));
    case 172: /* rt_sigreturn: the registers come from the frame */
        user_sys_rt_sigreturn(t);
        if (p->strace)
            fprintf(stderr, "%d rt_sigreturn() -> 0x%llx\n", t->tid,
                    (unsigned long long)cpu->pc);
        return;
    case 3: { /* read */
        GBUF(b, a1, a2, UP_W);
        SAFE(SYS_read, a0, b, a2, 0, 0, 0);
    }
    case 4: { /* write */
        GBUF(b, a1, a2, UP_R);
        SAFE(SYS_write, a0, b, a2, 0, 0, 0);
    }
    case 5: { /* open */
        GSTR(path, a0);
        if (is_self_exe(path))
            path = p->exe;
        SAFE(SYS_openat, AT_FDCWD, path, open_flags(a1), (mode_t)a2, 0, 0);
    }
    case 286: { /* openat */
        GSTR(path, a1);
        if (is_self_exe(path))
            path = p->exe;
        SAFE(SYS_openat, (int)a0, path, open_flags(a2), (mode_t)a3, 0, 0);
    }
    case 6: /* close */
        SYS(close((int)a0));
    case 19: /* lseek */
        SYS(lseek((int)a0, (off_t)a1, (int)a2));
    case 179: { /* pread64 */
        GBUF(b, a1, a2, UP_W);
        SAFE(SYS_pread64, a0, b, a2, a3, 0, 0);
    }
    case 180: { /* pwrite64 */
        GBUF(b, a1, a2, UP_R);
        SAFE(SYS_pwrite64, a0, b, a2, a3, 0, 0);
    }
    case 145:   /* readv */
    case 146: { /* writev */
        if (a2 > 1024)
            RET(-EINVAL);
        GBUF(gv, a1, a2 * 16, UP_R);
        if (!gv && a2)
            RET(-EFAULT);
        struct iovec iov[1024];
        const uint8_t *v = gv;
        for (uint64_t i = 0; i < a2; i++) {
            uint64_t base = user_ld64(p, v + 16 * i), len = user_ld64(p, v + 16 * i + 8);
            void *b = user_mem_ptr(&p->mem, base, len, nr == 145 ? UP_W : UP_R);
            if (!b && len)
                RET(-EFAULT);
            iov[i].iov_base = b;
            iov[i].iov_len = len;
        }
        SAFE(nr == 145 ? SYS_readv : SYS_writev, a0, iov, a2, 0, 0, 0);
    }
    case 106:   /* stat */
    case 107: { /* lstat */
        GSTR(path, a0);
        GOUT(st, a1, sizeof(struct stat), UP_W);
        r = HR(nr == 106 ? stat(path, st) : lstat(path, st));
        if (r == 0)
            user_conv(p, st, user_layout_stat, 1);
        goto out;
    }
    case 108: { /* fstat */
        GOUT(st, a1, sizeof(struct stat), UP_W);
        r = HR(fstat((int)a0, st));
        if (r == 0)
            user_conv(p, st, user_layout_stat, 1);
        goto out;
    }
    case 291: { /* newfstatat */
        GSTR(path, a1);
        GOUT(st, a2, sizeof(struct stat), UP_W);
        if (is_self_exe(path))
            path = p->exe;
        r = HR(fstatat((int)a0, path, st, (int)a3));
        if (r == 0)
            user_conv(p, st, user_layout_stat, 1);
        goto out;
    }
    case 383: { /* statx */
        GSTR(path, a1);
        GOUT(st, a4, sizeof(struct statx), UP_W);
        if (is_self_exe(path))
            path = p->exe;
        r = HR(statx((int)a0, path, (int)a2, (unsigned)a3, st));
        if (r == 0)
            user_conv(p, st, user_layout_statx, 1);
        goto out;
    }
    case 99: { /* statfs */
        GSTR(path, a0);
        GOUT(st, a1, sizeof(struct statfs), UP_W);
        r = HR(statfs(path, st));
        if (r == 0)
            user_conv(p, st, user_layout_statfs, 1);
        goto out;
    }
    case 100: { /* fstatfs */
        GOUT(st, a1, sizeof(struct statfs), UP_W);
        r = HR(fstatfs((int)a0, st));
        if (r == 0)
            user_conv(p, st, user_layout_statfs, 1);
        goto out;
    }
    case 45: /* brk */
        pthread_mutex_lock(&p->mm_lock);
        r = do_brk(t, a0);
        pthread_mutex_unlock(&p->mm_lock);
        goto out;
    case 90: /* mmap */
        pthread_mutex_lock(&p->mm_lock);
        r = do_mmap(t, a0, a1, a2, a3 & ~(uint64_t)(PPC_MAP_NORESERVE | PPC_MAP_LOCKED),
                    (int64_t)a4, a5);
        pthread_mutex_unlock(&p->mm_lock);
        goto out;
    case 91: /* munmap */
        pthread_mutex_lock(&p->mm_lock);
        r = user_mem_unmap(&p->mem, a0, a1);
        if (r == 0)
            user_mm_changed(t, true);
        pthread_mutex_unlock(&p->mm_lock);
        goto out;
    case 125: { /* mprotect */
        unsigned up = ((a2 & PROT_READ) ? UP_R : 0) | ((a2 & PROT_WRITE) ? UP_W : 0) |
                      ((a2 & PROT_EXEC) ? UP_X : 0);
        pthread_mutex_lock(&p->mm_lock);
        r = user_mem_protect(&p->mem, a0, a1, up);
        if (r == 0)
            user_mm_changed(t, false);
        pthread_mutex_unlock(&p->mm_lock);
        goto out;
    }
    case 205: /* madvise */
        RET(0);
    case 163: /* mremap */
        RET(-ENOMEM);
    case 206: /* mincore */
        RET(-ENOSYS);
    case 20: SYS(getpid());
    case 64: SYS(getppid());
    case 207: RET(t->tid);
    case 24: SYS(getuid());
    case 49: SYS(geteuid());
    case 47: SYS(getgid());
    case 50: SYS(getegid());
    case 65: SYS(getpgrp());
    case 132: SYS(getpgid((pid_t)a0));
    case 57: SYS(setpgid((pid_t)a0, (pid_t)a1));
    case 66: SYS(setsid());
    case 147: SYS(getsid((pid_t)a0));
    case 60: SYS(umask((mode_t)a0));
    case 80: { /* getgroups */
        if ((int)a0 < 0 || a0 > 65536)
            RET(-EINVAL);
        GBUF(g, a1, a0 * 4, UP_W);
        r = HR(getgroups((int)a0, g));
        if (r > 0 && a0)
            user_conv(p, g, user_layout_i1, (size_t)r);
        goto out;
    }
    case 165:   /* getresuid */
    case 170: { /* getresgid */
        GOUT(x, a0, 4, UP_W);
        GOUT(y, a1, 4, UP_W);
        GOUT(z, a2, 4, UP_W);
        r = HR(nr == 165 ? getresuid(x, y, z) : getresgid(x, y, z));
        if (r == 0) {
            user_conv(p, x, user_layout_i1, 1);
            user_conv(p, y, user_layout_i1, 1);
            user_conv(p, z, user_layout_i1, 1);
        }
        goto out;
    }
    case 23: SYS(setuid((uid_t)a0));
    case 46: SYS(setgid((gid_t)a0));
    case 122: { /* uname */
        GBUF(u, a0, sizeof(struct utsname), UP_W);
        struct utsname *un = u;
        if (!un)
            RET(-EFAULT);
        if (uname(un) < 0)
            RET(-errno);
        snprintf(un->machine, sizeof(un->machine), p->le ? "ppc64le" : "ppc64");
        RET(0);
    }
    case 246: { /* clock_gettime */
        GOUT(ts, a1, 16, UP_W);
        r = HR(clock_gettime((clockid_t)a0, ts));
        if (r == 0)
            user_conv(p, ts, user_layout_l2, 1);
        goto out;
    }
    case 247: { /* clock_getres */
        GBUF(ts, a1, 16, UP_W);
        r = HR(clock_getres((clockid_t)a0, ts));
        if (r == 0)
            user_conv(p, ts, user_layout_l2, 1);
        goto out;
    }
    case 78: { /* gettimeofday */
        if (!a0)
            RET(0);
        GOUT(tv, a0, 16, UP_W);
        r = HR(gettimeofday(tv, NULL));
        if (r == 0)
            user_conv(p, tv, user_layout_l2, 1);
        goto out;
    }
    case 13: { /* time */
        time_t now = time(NULL);
        if (a0) {
            GBUF(tp, a0, 8, UP_W);
            user_st64(p, tp, (uint64_t)now);
        }
        RET(now);
    }
    case 162:   /* nanosleep */
    case 248: { /* clock_nanosleep */
        uint64_t rq = nr == 162 ? a0 : a2, rm = nr == 162 ? a1 : a3;
        struct timespec req;
        if (!gin(p, &req, rq, 16, user_layout_l2))
            RET(-EFAULT);
        GBUF(rem, rm, 16, UP_W);
        if (nr == 162)
            r = user_safe_syscall(t, SYS_nanosleep, (long)&req, (long)rem, 0, 0, 0, 0);
        else
            r = user_safe_syscall(t, SYS_clock_nanosleep, (long)a0, (long)a1, (long)&req,
                                  (long)rem, 0, 0);
        if (r == -EINTR && rem)
            user_conv(p, rem, user_layout_l2, 1);
        RET(nohand(r));
    }
    case 43: { /* times */
        GBUF(tm, a0, 32, UP_W);
        r = HR(times(tm));
        if (r >= 0)
            user_conv(p, tm, user_layout_l4, 1);
        goto out;
    }
    case 77: { /* getrusage */
        GOUT(u, a1, sizeof(struct rusage), UP_W);
        r = HR(getrusage((int)a0, u));
        if (r == 0)
            user_conv(p, u, user_layout_rusage, 1);
        goto out;
    }
    case 116: { /* sysinfo */
        GOUT(s, a0, sizeof(struct sysinfo), UP_W);
        r = HR(sysinfo(s));
        if (r == 0)
            user_conv(p, s, user_layout_sysinfo, 1);
        goto out;
    }
    case 54: { /* ioctl */
        int fd = (int)a0;
        uint64_t req = a1 & 0xffffffffu;
        switch (req) {
        case 0x402c7413: { /* TCGETS: the guest's struct termios differs;
                              report only whether fd is a terminal */
            GBUF(tt, a2, 44, UP_W);
            struct termios ht;
            if (tcgetattr(fd, &ht) < 0)
                RET(-errno);
            if (tt)
                memset(tt, 0, 44);
            RET(0);
        }
        case 0x802c7414: case 0x802c7415: case 0x802c7416: /* TCSETS* */
            if (!isatty(fd))
                RET(-ENOTTY);
            RET(0);
        case 0x40087468: { /* TIOCGWINSZ */
            GBUF(w, a2, sizeof(struct winsize), UP_W);
            r = HR(ioctl(fd, TIOCGWINSZ, w));
            if (r == 0)
                user_conv(p, w, user_layout_winsize, 1);
            goto out;
        }
        case 0x80087467: { /* TIOCSWINSZ */
            struct winsize w;
            if (!gin(p, &w, a2, sizeof(w), user_layout_winsize))
                RET(-EFAULT);
            SYS(ioctl(fd, TIOCSWINSZ, &w));
        }
        case 0x40047477: { /* TIOCGPGRP */
            GBUF(x, a2, 4, UP_W);
            r = HR(ioctl(fd, TIOCGPGRP, x));
            if (r == 0)
                user_conv(p, x, user_layout_i1, 1);
            goto out;
        }
        case 0x80047476: { /* TIOCSPGRP */
            int x;
            if (!gin(p, &x, a2, 4, user_layout_i1))
                RET(-EFAULT);
            SYS(ioctl(fd, TIOCSPGRP, &x));
        }
        case 0x4004667f: { /* FIONREAD */
            GBUF(x, a2, 4, UP_W);
            r = HR(ioctl(fd, FIONREAD, x));
            if (r == 0)
                user_conv(p, x, user_layout_i1, 1);
            goto out;
        }
        case 0x20006601: SYS(ioctl(fd, FIOCLEX));
        case 0x20006602: SYS(ioctl(fd, FIONCLEX));
        default:
            RET(-ENOTTY);
        }
    }
    case 55: { /* fcntl */
        int cmd = (int)a1;
        switch (cmd) {
        case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
            SYS(fcntl((int)a0, cmd, (int)a2));
        case F_GETFL: {
            int f = fcntl((int)a0, F_GETFL);
            if (f < 0)
                RET(-errno);
            RET(open_flags_back(f));
        }
        case F_SETFL:
            SYS(fcntl((int)a0, F_SETFL, open_flags(a2)));
        default:
            RET(-EINVAL);
        }
    }
    case 41: SYS(dup((int)a0));
    case 63: SYS(dup2((int)a0, (int)a1));
    case 316: SYS(dup3((int)a0, (int)a1, open_flags(a2)));
    case 42:    /* pipe */
    case 317: { /* pipe2 */
        GBUF(fds, a0, 8, UP_W);
        if (!fds)
            RET(-EFAULT);
        r = HR(pipe2(fds, nr == 42 ? 0 : open_flags(a1)));
        if (r == 0)
            user_conv(p, fds, user_layout_i1, 2);
        goto out;
    }
    case 85: { /* readlink */
        GSTR(path, a0);
        GOUT(b, a1, a2, UP_W);
        if (is_self_exe(path)) {
            size_t l = strlen(p->exe);
            if (l > a2)
                l = a2;
            if (l && !b)
                RET(-EFAULT);
            if (l)
                memcpy(b, p->exe, l);
            RET(l);
        }
        SYS(readlink(path, b, a2));
    }
    case 296: { /* readlinkat */
        GSTR(path, a1);
        GOUT(b, a2, a3, UP_W);
        if (is_self_exe(path)) {
            size_t l = strlen(p->exe);
            if (l > a3)
                l = a3;
            if (l && !b)
                RET(-EFAULT);
            if (l)
                memcpy(b, p->exe, l);
            RET(l);
        }
        SYS(readlinkat((int)a0, path, b, a3));
    }
    case 202: { /* getdents64 */
        GBUF(b, a1, a2, UP_W);
        r = HR(syscall(SYS_getdents64, (int)a0, b, a2));
        if (r > 0)
            conv_dirents(p, b, r);
        goto out;
    }
    case 33: { GSTR(path, a0); SYS(access(path, (int)a1)); }
    case 298: case 439: { GSTR(path, a1); SYS(faccessat((int)a0, path, (int)a2, nr == 439 ? (int)a3 : 0)); }
    case 12: { GSTR(path, a0); SYS(chdir(path)); }
    case 133: SYS(fchdir((int)a0));
    case 182: { /* getcwd */
        GBUF(b, a0, a1, UP_W);
        if (!b || !getcwd(b, a1))
            RET(b ? -errno : -EFAULT);
        RET(strlen(b) + 1);
    }
    case 10: { GSTR(path, a0); SYS(unlink(path)); }
    case 292: { GSTR(path, a1); SYS(unlinkat((int)a0, path, (int)a2)); }
    case 38: { GSTR(x, a0); GSTR(y, a1); SYS(rename(x, y)); }
    case 293: { GSTR(x, a1); GSTR(y, a3); SYS(renameat((int)a0, x, (int)a2, y)); }
    case 357: { GSTR(x, a1); GSTR(y, a3); SYS(renameat2((int)a0, x, (int)a2, y, (unsigned)a4)); }
    case 39: { GSTR(path, a0); SYS(mkdir(path, (mode_t)a1)); }
    case 287: { GSTR(path, a1); SYS(mkdirat((int)a0, path, (mode_t)a2)); }
    case 40: { GSTR(path, a0); SYS(rmdir(path)); }
    case 9: { GSTR(x, a0); GSTR(y, a1); SYS(link(x, y)); }
    case 294: { GSTR(x, a1); GSTR(y, a3); SYS(linkat((int)a0, x, (int)a2, y, (int)a4)); }
    case 83: { GSTR(x, a0); GSTR(y, a1); SYS(symlink(x, y)); }
    case 295: { GSTR(x, a0); GSTR(y, a2); SYS(symlinkat(x, (int)a1, y)); }
    case 15: { GSTR(path, a0); SYS(chmod(path, (mode_t)a1)); }
    case 94: SYS(fchmod((int)a0, (mode_t)a1));
    case 297: { GSTR(path, a1); SYS(fchmodat((int)a0, path, (mode_t)a2, 0)); }
    case 95: SYS(fchown((int)a0, (uid_t)a1, (gid_t)a2));
    case 181: { GSTR(path, a0); SYS(chown(path, (uid_t)a1, (gid_t)a2)); }
    case 16: { GSTR(path, a0); SYS(lchown(path, (uid_t)a1, (gid_t)a2)); }
    case 289: { GSTR(path, a1); SYS(fchownat((int)a0, path, (uid_t)a2, (gid_t)a3, (int)a4)); }
    case 304: { /* utimensat */
        const char *path = NULL;
        if (a1) {
            int64_t l = user_mem_strlen(&p->mem, a1, 4096);
            if (l < 0)
                RET(l);
            path = (const char *)p->mem.base + a1;
        }
        struct timespec ts[2];
        if (a2 && !gin(p, ts, a2, sizeof(ts), user_layout_l4))
            RET(-EFAULT);
        SYS(syscall(SYS_utimensat, (int)a0, path, a2 ? ts : NULL, (int)a3));
    }
    case 92: { GSTR(path, a0); SYS(truncate(path, (off_t)a1)); }
    case 93: SYS(ftruncate((int)a0, (off_t)a1));
    case 118: SYS(fsync((int)a0));
    case 148: SYS(fdatasync((int)a0));
    case 36: sync(); RET(0);
    case 143: SAFE(SYS_flock, a0, a1, 0, 0, 0, 0);
    case 233: RET(0); /* fadvise64 */
    case 186: { /* sendfile */
        off_t off, *po = NULL;
        uint8_t *go = NULL;
        if (a2) {
            go = user_mem_ptr(&p->mem, a2, 8, UP_R | UP_W);
            if (!go)
                RET(-EFAULT);
            off = (off_t)user_ld64(p, go);
            po = &off;
        }
        r = user_safe_syscall(t, SYS_sendfile, (long)a0, (long)a1, (long)po, (long)a3, 0, 0);
        if (r >= 0 && go)
            user_st64(p, go, (uint64_t)off);
        goto out;
    }
    case 167:   /* poll */
    case 281: { /* ppoll */
        if (a1 > 65536)
            RET(-EINVAL);
        GBUF(fds, a0, a1 * 8, UP_W);
        struct timespec ts;
        sigset_t hs;
        bool masked = false;
        long tmo = 0;
        if (nr == 281) {
            if (a2 && !gin(p, &ts, a2, 16, user_layout_l2))
                RET(-EFAULT);
            if (a3) {
                if (a4 != 8)
                    RET(-EINVAL);
                const uint8_t *s = user_mem_ptr(&p->mem, a3, 8, UP_R);
                if (!s)
                    RET(-EFAULT);
                user_signal_temp_mask(t, user_ld64(p, s), &hs);
                masked = true;
            }
        } else if ((int)a2 >= 0) {
            ts.tv_sec = (int)a2 / 1000;
            ts.tv_nsec = (long)((int)a2 % 1000) * 1000000;
        }
        user_conv(p, fds, user_layout_pollfd, a1);
        if (nr == 281)
            tmo = a2 ? (long)&ts : 0;
        else
            tmo = (int)a2 >= 0 ? (long)&ts : 0;
        r = user_safe_syscall(t, SYS_ppoll, (long)fds, (long)a1, tmo,
                              masked ? (long)&hs : 0, 8, 0);
        user_conv(p, fds, user_layout_pollfd, a1);
        if (r != -EINTR && r != -USER_ERESTARTSYS)
            user_signal_temp_mask_done(t);
        RET(nohand(r));
    }
    case 82: case 142: case 280: { /* select, _newselect, pselect6 */
        if ((int)a0 < 0 || a0 > 65536)
            RET(-EINVAL);
        uint64_t words = (a0 + 63) / 64;
        GBUF(rf, a1, words * 8, UP_W);
        GBUF(wf, a2, words * 8, UP_W);
        GBUF(xf, a3, words * 8, UP_W);
        struct timespec ts;
        sigset_t hs;
        bool masked = false;
        void *tv = NULL;
        if (nr == 280) {
            if (a4 && !gin(p, &ts, a4, 16, user_layout_l2))
                RET(-EFAULT);
            if (a5) {
                const uint8_t *ss = user_mem_ptr(&p->mem, a5, 16, UP_R);
                if (!ss)
                    RET(-EFAULT);
                uint64_t set = user_ld64(p, ss), len = user_ld64(p, ss + 8);
                if (set) {
                    if (len != 8)
                        RET(-EINVAL);
                    const uint8_t *s = user_mem_ptr(&p->mem, set, 8, UP_R);
                    if (!s)
                        RET(-EFAULT);
                    user_signal_temp_mask(t, user_ld64(p, s), &hs);
                    masked = true;
                }
            }
        } else if (a4) {
            tv = user_mem_ptr(&p->mem, a4, 16, UP_W);
            if (!tv)
                RET(-EFAULT);
            user_conv(p, tv, user_layout_l2, 1);
        }
        user_conv(p, rf, user_layout_l1, rf ? words : 0);
        user_conv(p, wf, user_layout_l1, wf ? words : 0);
        user_conv(p, xf, user_layout_l1, xf ? words : 0);
        if (nr == 280) {
            struct { const sigset_t *s; size_t n; } sm = { &hs, 8 };
            r = user_safe_syscall(t, SYS_pselect6, (long)a0, (long)rf, (long)wf, (long)xf,
                                  a4 ? (long)&ts : 0, masked ? (long)&sm : 0);
        } else {
            r = user_safe_syscall(t, SYS_select, (long)a0, (long)rf, (long)wf, (long)xf,
                                  (long)tv, 0);
        }
        user_conv(p, rf, user_layout_l1, rf ? words : 0);
        user_conv(p, wf, user_layout_l1, wf ? words : 0);
        user_conv(p, xf, user_layout_l1, xf ? words : 0);
        if (tv)
            user_conv(p, tv, user_layout_l2, 1);
        if (r != -EINTR && r != -USER_ERESTARTSYS)
            user_signal_temp_mask_done(t);
        RET(nohand(r));
    }
    case 2:   /* fork */
        RET(do_clone(t, SIGCHLD, 0, 0, 0, 0));
    case 189: /* vfork */
        RET(do_clone(t, SIGCHLD, 0, 0, 0, 0));
    case 120: /* clone (powerpc: flags, newsp, ptid, tls, ctid) */
        RET(do_clone(t, a0, a1, a2, a3, a4));
    case 11: /* execve */
        RET(do_execve(t, a0, a1, a2));
    case 114: { /* wait4 */
        GBUF(st, a1, 4, UP_W);
        GBUF(ru, a3, sizeof(struct rusage), UP_W);
        r = user_safe_syscall(t, SYS_wait4, (long)(pid_t)a0, (long)st, (long)(int)a2,
                              (long)ru, 0, 0);
        if (r > 0) {
            user_conv(p, st, user_layout_i1, st ? 1 : 0);
            user_conv(p, ru, user_layout_rusage, ru ? 1 : 0);
        }
        goto out;
    }
    case 272: { /* waitid */
        GBUF(gsi, a2, 128, UP_W);
        GBUF(ru, a4, sizeof(struct rusage), UP_W);
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        r = user_safe_syscall(t, SYS_waitid, (long)(idtype_t)a0, (long)(id_t)a1,
                              gsi ? (long)&si : 0, (long)(int)a3, (long)ru, 0);
        if (r >= 0) {
            if (gsi)
                user_siginfo_to_guest(p, &si, gsi);
            user_conv(p, ru, user_layout_rusage, ru ? 1 : 0);
        }
        goto out;
    }
    case 37: /* kill */
        RET(user_sys_kill(t, (int64_t)(int)a0, (int)a1));
    case 208: /* tkill */
        RET(user_sys_tgkill(t, -1, (int64_t)(int)a0, (int)a1));
    case 250: /* tgkill */
        RET(user_sys_tgkill(t, (int64_t)(int)a0, (int64_t)(int)a1, (int)a2));
    case 173: /* rt_sigaction(sig, act, oact, size) */
        RET(user_sys_rt_sigaction(t, a0, a1, a2, a3));
    case 174: /* rt_sigprocmask */
        RET(user_sys_rt_sigprocmask(t, a0, a1, a2, a3));
    case 175: /* rt_sigpending */
        RET(user_sys_rt_sigpending(t, a0, a1));
    case 176: /* rt_sigtimedwait */
        RET(user_sys_rt_sigtimedwait(t, a0, a1, a2, a3));
    case 177: /* rt_sigqueueinfo */
        RET(user_sys_rt_sigqueueinfo(t, (int64_t)(int)a0, 0, (int)a1, a2));
    case 322: /* rt_tgsigqueueinfo */
        RET(user_sys_rt_sigqueueinfo(t, (int64_t)(int)a0, (int64_t)(int)a1, (int)a2, a3));
    case 178: /* rt_sigsuspend */
        RET(user_sys_rt_sigsuspend(t, a0, a1));
    case 185: /* sigaltstack */
        RET(user_sys_sigaltstack(t, a0, a1));
    case 29: { /* pause */
        sigset_t hs;
        user_signal_temp_mask(t, t->blocked, &hs);
        user_safe_syscall(t, SYS_rt_sigsuspend, (long)&hs, 8, 0, 0, 0, 0);
        RET(-USER_ERESTARTNOHAND);
    }
    case 27: SYS(alarm((unsigned)a0));
    case 104: { /* setitimer */
        struct itimerval nv;
        if (!gin(p, &nv, a1, sizeof(nv), user_layout_l4))
            RET(-EFAULT);
        GBUF(ov, a2, sizeof(struct itimerval), UP_W);
        r = HR(setitimer((int)a0, &nv, ov));
        if (r == 0 && ov)
            user_conv(p, ov, user_layout_l4, 1);
        goto out;
    }
    case 105: { /* getitimer */
        GBUF(ov, a1, sizeof(struct itimerval), UP_W);
        if (!ov)
            RET(-EFAULT);
        r = HR(getitimer((int)a0, ov));
        if (r == 0)
            user_conv(p, ov, user_layout_l4, 1);
        goto out;
    }
    case 232: /* set_tid_address */
        t->clear_child_tid = a0;
        RET(t->tid);
    case 300: /* set_robust_list */
        if (a1 != 24)
            RET(-EINVAL);
        t->robust_head = a0;
        t->robust_len = a1;
        RET(0);
    case 299: { /* get_robust_list(pid, head_ptr, len_ptr) */
        if (a0 && (int)a0 != t->tid)
            RET(-EPERM);
        GBUF(hp, a1, 8, UP_W);
        GBUF(lp, a2, 8, UP_W);
        if (!hp || !lp)
            RET(-EFAULT);
        user_st64(p, hp, t->robust_head);
        user_st64(p, lp, t->robust_len);
        RET(0);
    }
    case 387: /* rseq */
        RET(-ENOSYS);
    case 221: /* futex */
        RET(user_sys_futex(t, a0, a1, a2, a3, a4, a5));
    case 76: case 190: { /* getrlimit, ugetrlimit */
        GBUF(rl, a1, sizeof(struct rlimit), UP_W);
        if (!rl)
            RET(-EFAULT);
        r = HR(getrlimit((int)a0, rl));
        if (r == 0)
            user_conv(p, rl, user_layout_l2, 1);
        goto out;
    }
    case 325: { /* prlimit64 */
        struct rlimit nl;
        if (a2 && !gin(p, &nl, a2, sizeof(nl), user_layout_l2))
            RET(-EFAULT);
        GBUF(ol, a3, sizeof(struct rlimit), UP_W);
        r = HR(prlimit((pid_t)a0, (int)a1, a2 ? &nl : NULL, ol));
        if (r == 0 && ol)
            user_conv(p, ol, user_layout_l2, 1);
        goto out;
    }
    case 96: SYS(getpriority((int)a0, (id_t)a1));
    case 359: { /* getrandom */
        GBUF(b, a0, a1, UP_W);
        SYS(syscall(SYS_getrandom, b, a1, (unsigned)a2));
    }
    case 223: { /* sched_getaffinity */
        if (a1 > 65536)
            RET(-EINVAL);
        GBUF(b, a2, a1, UP_W);
        r = HR(syscall(SYS_sched_getaffinity, (pid_t)a0, a1, b));
        if (r > 0)
            user_conv(p, b, user_layout_l1, (size_t)r / 8);
        goto out;
    }
    case 158: SYS(sched_yield());
    case 171: /* prctl */
        switch (a0) {
        case PR_SET_FPEXC: {
            /* Linux __pack_fe01: FE0 from bit 1, FE1 from bit 0. */
            if (a1 & ~3ull)
                RET(-EINVAL);
            cpu->msr &= ~(PPC_MSR_FE0 | PPC_MSR_FE1);
            if (a1 & 2)
                cpu->msr |= PPC_MSR_FE0;
            if (a1 & 1)
                cpu->msr |= PPC_MSR_FE1;
            RET(0);
        }
        case PR_GET_FPEXC: {
            GBUF(x, a1, 4, UP_W);
            if (!x)
                RET(-EFAULT);
            user_st32(p, x, ((cpu->msr & PPC_MSR_FE0) ? 2 : 0) | ((cpu->msr & PPC_MSR_FE1) ? 1 : 0));
            RET(0);
        }
        default:
            RET(-EINVAL);
        }
    case 136: /* personality */
        RET(0);
    case 302: /* getcpu */
        RET(-ENOSYS);
    case 436: /* close_range */
        SYS(syscall(SYS_close_range, (unsigned)a0, (unsigned)a1, (unsigned)a2));
    case 435: /* clone3 */
        RET(-ENOSYS);
    default:
        RET(-ENOSYS);
    }
out:
    if (r == -USER_ERESTARTSYS || r == -USER_ERESTARTNOINTR || r == -USER_ERESTARTNOHAND) {
        t->restart = (int)-r;
        r = -EINTR;
    }
    if (p->strace)
        fprintf(stderr, "%d %s/%llu(0x%llx, 0x%llx, 0x%llx, 0x%llx) = %lld%s\n", t->tid,
                sysname(nr), (unsigned long long)nr, (unsigned long long)a0, (unsigned long long)a1,
                (unsigned long long)a2, (unsigned long long)a3, (long long)r,
                t->restart ? " (restart?)" : "");
    if (scv) {
        cpu->gpr[3] = (uint64_t)r;
    } else if (r < 0 && r > -4096) {
        cpu->gpr[3] = (uint64_t)-r;
        cpu->cr |= 1u << 28;          /* CR0[SO] */
    } else {
        cpu->gpr[3] = (uint64_t)r;
        cpu->cr &= ~(1u << 28);
    }
}

static const char *sysname(uint64_t nr)
{
    switch (nr) {
    case 1: return "exit"; case 2: return "fork"; case 3: return "read";
    case 4: return "write"; case 5: return "open"; case 6: return "close";
    case 11: return "execve"; case 19: return "lseek"; case 20: return "getpid";
    case 27: return "alarm"; case 29: return "pause"; case 37: return "kill";
    case 45: return "brk"; case 54: return "ioctl"; case 55: return "fcntl";
    case 90: return "mmap"; case 91: return "munmap"; case 104: return "setitimer";
    case 106: return "stat"; case 108: return "fstat"; case 114: return "wait4";
    case 120: return "clone"; case 122: return "uname"; case 125: return "mprotect";
    case 162: return "nanosleep"; case 167: return "poll"; case 173: return "rt_sigaction";
    case 174: return "rt_sigprocmask"; case 175: return "rt_sigpending";
    case 176: return "rt_sigtimedwait"; case 178: return "rt_sigsuspend";
    case 185: return "sigaltstack"; case 202: return "getdents64"; case 207: return "gettid";
    case 208: return "tkill"; case 221: return "futex"; case 232: return "set_tid_address";
    case 234: return "exit_group"; case 246: return "clock_gettime"; case 250: return "tgkill";
    case 281: return "ppoll"; case 286: return "openat"; case 291: return "newfstatat";
    case 300: return "set_robust_list"; case 383: return "statx";
    default: return "syscall";
    }
}
