/* tests/user/user-syscall.c: the Linux system calls of a ppc64 process,
 * emulated on the host for the user-mode runner. Numbers are those of
 * arch/powerpc (asm/unistd_64.h). Little-endian guests share the host's
 * (x86-64) layouts for the structures used here (stat, timespec, rusage,
 * utsname, dirent64, statx, pollfd, iovec, winsize), so those pass
 * through; flags that differ on powerpc (open flags, mmap flags, tty
 * ioctls) are translated. Signals are recorded, not delivered. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

/* Guest buffer of len bytes, or -EFAULT. A null guest pointer gives a
 * null host pointer (the host call then sees NULL as the guest meant). */
#define GBUF(var, addr, len, need) \
    void *var = (addr) ? user_mem_ptr(&p->mem, (addr), (len), (need)) : NULL; \
    if ((addr) && !var && (uint64_t)(len) != 0) RET(-EFAULT)

/* Guest path string. */
#define GSTR(var, addr) \
    const char *var; \
    do { \
        int64_t l_ = user_mem_strlen(&p->mem, (addr), 4096); \
        if (l_ < 0) RET(l_); \
        var = (const char *)p->mem.base + (addr); \
    } while (0)

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
    for (;; n++) {
        const uint64_t *slot = user_mem_ptr(&p->mem, addr + 8 * n, 8, UP_R);
        if (!addr) {
            v[0] = NULL;
            return v;
        }
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
        if (*slot == 0) {
            v[n] = NULL;
            return v;
        }
        int64_t l = user_mem_strlen(&p->mem, *slot, 131072);
        if (l < 0) {
            free(v);
            *err = (int)l;
            return NULL;
        }
        v[n] = (char *)p->mem.base + *slot;
    }
}

static int64_t do_execve(struct user_proc *p, uint64_t pa, uint64_t av, uint64_t ev)
{
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
    nargv[k++] = (char *)p->model_name;
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

/* fork/vfork/clone-as-fork. The child continues with a copy of the whole
 * emulator. Threads (CLONE_VM without CLONE_VFORK) are not supported. */
static int64_t do_clone(struct user_proc *p, uint64_t flags, uint64_t newsp,
                        uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return -ENOSYS;
    if (flags & (CLONE_THREAD | CLONE_SIGHAND))
        return -EINVAL;
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -errno;
    struct ppc_cpu *cpu = p->cpu;
    if (pid == 0) {
        if (newsp)
            cpu->gpr[1] = newsp;
        if (flags & CLONE_SETTLS)
            cpu->gpr[13] = tls;
        if (flags & CLONE_CHILD_SETTID) {
            uint32_t *t = user_mem_ptr(&p->mem, ctid, 4, UP_W);
            if (t)
                *t = (uint32_t)getpid();
        }
        return 0;
    }
    if (flags & CLONE_PARENT_SETTID) {
        uint32_t *t = user_mem_ptr(&p->mem, ptid, 4, UP_W);
        if (t)
            *t = (uint32_t)pid;
    }
    if (flags & CLONE_VFORK) {
        /* The parent of a vfork waits until the child execs or exits;
         * with separate copies, waiting for exit is the safe choice only
         * when nothing else wakes us, so just go on (the child shares no
         * memory with us). */
    }
    return pid;
}

static int64_t do_brk(struct user_proc *p, uint64_t want)
{
    struct user_mem *m = &p->mem;
    if (want == 0 || want < m->brk_start)
        return (int64_t)m->brk_cur;
    /* 64 KiB granularity, as Linux on ppc64 maps the heap. */
    uint64_t old_end = (m->brk_cur + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    uint64_t new_end = (want + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    if (new_end > old_end) {
        if (new_end > USER_MMAP_BASE ||
            !user_mem_ptr(m, old_end, 0, 0))
            return (int64_t)m->brk_cur;
        for (uint64_t a = old_end; a < new_end; a += USER_PAGE_SIZE)
            if (m->perm[a >> USER_PAGE_SHIFT])
                return (int64_t)m->brk_cur;
        if (user_mem_map(m, old_end, new_end - old_end, UP_R | UP_W, true) < 0)
            return (int64_t)m->brk_cur;
    } else if (new_end < old_end) {
        user_mem_unmap(m, new_end, old_end - new_end);
        ppc_tlb_flush(p->cpu);
    }
    m->brk_cur = want;
    return (int64_t)want;
}

/* powerpc mmap flags that differ from the generic ones. */
#define PPC_MAP_NORESERVE 0x40
#define PPC_MAP_LOCKED    0x80

static int64_t do_mmap(struct user_proc *p, uint64_t addr, uint64_t len,
                       uint64_t prot, uint64_t flags, int64_t fd, uint64_t off)
{
    if (len == 0 || len > USER_MEM_SIZE)
        return -EINVAL;
    unsigned up = ((prot & PROT_READ) ? UP_R : 0) | ((prot & PROT_WRITE) ? UP_W : 0) |
                  ((prot & PROT_EXEC) ? UP_X : 0);
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (!(flags & MAP_ANONYMOUS) && (flags & MAP_SHARED) && (prot & PROT_WRITE))
        return -ENODEV;   /* shared writable file mappings: not supported */
    if (fixed) {
        ppc_blocks_flush(p->cpu);
    }
    int64_t a = user_mem_map(&p->mem, fixed ? addr : 0, len, up, fixed);
    if (a < 0)
        return a;
    ppc_tlb_flush(p->cpu);
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

static const char *sysname(uint64_t nr);

void user_syscall(struct user_proc *p, bool scv)
{
    struct ppc_cpu *cpu = p->cpu;
    uint64_t nr = cpu->gpr[0];
    uint64_t a0 = cpu->gpr[3], a1 = cpu->gpr[4], a2 = cpu->gpr[5];
    uint64_t a3 = cpu->gpr[6], a4 = cpu->gpr[7], a5 = cpu->gpr[8];
    int64_t r = -ENOSYS;

    switch (nr) {
    case 1:   /* exit */
    case 234: /* exit_group */
        p->exited = true;
        p->exit_status = (int)(a0 & 0xff);
        RET(0);
    case 3: { /* read */
        GBUF(b, a1, a2, UP_W);
        SYS(read((int)a0, b, a2));
    }
    case 4: { /* write */
        GBUF(b, a1, a2, UP_R);
        SYS(write((int)a0, b, a2));
    }
    case 5: { /* open */
        GSTR(path, a0);
        if (is_self_exe(path))
            path = p->exe;
        SYS(open(path, open_flags(a1), (mode_t)a2));
    }
    case 286: { /* openat */
        GSTR(path, a1);
        if (is_self_exe(path))
            path = p->exe;
        SYS(openat((int)a0, path, open_flags(a2), (mode_t)a3));
    }
    case 6: /* close */
        SYS(close((int)a0));
    case 19: /* lseek */
        SYS(lseek((int)a0, (off_t)a1, (int)a2));
    case 179: { /* pread64 */
        GBUF(b, a1, a2, UP_W);
        SYS(pread((int)a0, b, a2, (off_t)a3));
    }
    case 180: { /* pwrite64 */
        GBUF(b, a1, a2, UP_R);
        SYS(pwrite((int)a0, b, a2, (off_t)a3));
    }
    case 145:   /* readv */
    case 146: { /* writev */
        if (a2 > 1024)
            RET(-EINVAL);
        GBUF(gv, a1, a2 * 16, UP_R);
        struct iovec iov[1024];
        const uint64_t *v = gv;
        for (uint64_t i = 0; i < a2; i++) {
            void *b = user_mem_ptr(&p->mem, v[2 * i], v[2 * i + 1],
                                   nr == 145 ? UP_W : UP_R);
            if (!b && v[2 * i + 1])
                RET(-EFAULT);
            iov[i].iov_base = b;
            iov[i].iov_len = v[2 * i + 1];
        }
        if (nr == 145)
            SYS(readv((int)a0, iov, (int)a2));
        SYS(writev((int)a0, iov, (int)a2));
    }
    case 106:   /* stat */
    case 107: { /* lstat */
        GSTR(path, a0);
        GBUF(st, a1, sizeof(struct stat), UP_W);
        SYS(nr == 106 ? stat(path, st) : lstat(path, st));
    }
    case 108: { /* fstat */
        GBUF(st, a1, sizeof(struct stat), UP_W);
        SYS(fstat((int)a0, st));
    }
    case 291: { /* newfstatat */
        GSTR(path, a1);
        GBUF(st, a2, sizeof(struct stat), UP_W);
        if (is_self_exe(path))
            path = p->exe;
        SYS(fstatat((int)a0, path, st, (int)a3));
    }
    case 383: { /* statx */
        GSTR(path, a1);
        GBUF(st, a4, sizeof(struct statx), UP_W);
        if (is_self_exe(path))
            path = p->exe;
        SYS(statx((int)a0, path, (int)a2, (unsigned)a3, st));
    }
    case 99: { /* statfs */
        GSTR(path, a0);
        GBUF(st, a1, sizeof(struct statfs), UP_W);
        SYS(statfs(path, st));
    }
    case 100: { /* fstatfs */
        GBUF(st, a1, sizeof(struct statfs), UP_W);
        SYS(fstatfs((int)a0, st));
    }
    case 45: /* brk */
        RET(do_brk(p, a0));
    case 90: /* mmap */
        RET(do_mmap(p, a0, a1, a2, a3 & ~(uint64_t)(PPC_MAP_NORESERVE | PPC_MAP_LOCKED),
                    (int64_t)a4, a5));
    case 91: { /* munmap */
        int e = user_mem_unmap(&p->mem, a0, a1);
        ppc_tlb_flush(cpu);
        ppc_blocks_flush(cpu);
        RET(e);
    }
    case 125: { /* mprotect */
        unsigned up = ((a2 & PROT_READ) ? UP_R : 0) | ((a2 & PROT_WRITE) ? UP_W : 0) |
                      ((a2 & PROT_EXEC) ? UP_X : 0);
        int e = user_mem_protect(&p->mem, a0, a1, up);
        ppc_tlb_flush(cpu);
        RET(e);
    }
    case 205: /* madvise */
        RET(0);
    case 163: /* mremap */
        RET(-ENOMEM);
    case 206: /* mincore */
        RET(-ENOSYS);
    case 20: SYS(getpid());
    case 64: SYS(getppid());
    case 207: SYS(gettid());
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
        GBUF(g, a1, a0 * 4, UP_W);
        SYS(getgroups((int)a0, g));
    }
    case 165:   /* getresuid */
    case 170: { /* getresgid */
        GBUF(x, a0, 4, UP_W);
        GBUF(y, a1, 4, UP_W);
        GBUF(z, a2, 4, UP_W);
        SYS(nr == 165 ? getresuid(x, y, z) : getresgid(x, y, z));
    }
    case 23: SYS(setuid((uid_t)a0));
    case 46: SYS(setgid((gid_t)a0));
    case 122: { /* uname */
        GBUF(u, a0, sizeof(struct utsname), UP_W);
        struct utsname *un = u;
        if (uname(un) < 0)
            RET(-errno);
        snprintf(un->machine, sizeof(un->machine), "ppc64le");
        RET(0);
    }
    case 246: { /* clock_gettime */
        GBUF(ts, a1, sizeof(struct timespec), UP_W);
        SYS(clock_gettime((clockid_t)a0, ts));
    }
    case 247: { /* clock_getres */
        GBUF(ts, a1, a1 ? sizeof(struct timespec) : 0, UP_W);
        SYS(clock_getres((clockid_t)a0, ts));
    }
    case 78: { /* gettimeofday */
        GBUF(tv, a0, a0 ? sizeof(struct timeval) : 0, UP_W);
        SYS(gettimeofday(tv, NULL));
    }
    case 13: { /* time */
        time_t t = time(NULL);
        if (a0) {
            GBUF(tp, a0, 8, UP_W);
            memcpy(tp, &t, 8);
        }
        RET(t);
    }
    case 162: { /* nanosleep */
        GBUF(req, a0, sizeof(struct timespec), UP_R);
        GBUF(rem, a1, a1 ? sizeof(struct timespec) : 0, UP_W);
        SYS(nanosleep(req, rem));
    }
    case 248: { /* clock_nanosleep */
        GBUF(req, a2, sizeof(struct timespec), UP_R);
        GBUF(rem, a3, a3 ? sizeof(struct timespec) : 0, UP_W);
        int e = clock_nanosleep((clockid_t)a0, (int)a1, req, rem);
        RET(-e);
    }
    case 43: { /* times */
        GBUF(t, a0, a0 ? sizeof(struct tms) : 0, UP_W);
        SYS(times(t));
    }
    case 77: { /* getrusage */
        GBUF(u, a1, sizeof(struct rusage), UP_W);
        SYS(getrusage((int)a0, u));
    }
    case 116: { /* sysinfo */
        GBUF(s, a0, sizeof(struct sysinfo), UP_W);
        SYS(sysinfo(s));
    }
    case 54: { /* ioctl */
        int fd = (int)a0;
        uint64_t req = a1 & 0xffffffffu;
        switch (req) {
        case 0x402c7413: { /* TCGETS: the guest's struct termios differs;
                              report only whether fd is a terminal */
            GBUF(t, a2, 44, UP_W);
            struct termios ht;
            if (tcgetattr(fd, &ht) < 0)
                RET(-errno);
            memset(t, 0, 44);
            RET(0);
        }
        case 0x802c7414: case 0x802c7415: case 0x802c7416: /* TCSETS* */
            if (!isatty(fd))
                RET(-ENOTTY);
            RET(0);
        case 0x40087468: { /* TIOCGWINSZ */
            GBUF(w, a2, sizeof(struct winsize), UP_W);
            SYS(ioctl(fd, TIOCGWINSZ, w));
        }
        case 0x80087467: { /* TIOCSWINSZ */
            GBUF(w, a2, sizeof(struct winsize), UP_R);
            SYS(ioctl(fd, TIOCSWINSZ, w));
        }
        case 0x40047477: { /* TIOCGPGRP */
            GBUF(x, a2, 4, UP_W);
            SYS(ioctl(fd, TIOCGPGRP, x));
        }
        case 0x80047476: { /* TIOCSPGRP */
            GBUF(x, a2, 4, UP_R);
            SYS(ioctl(fd, TIOCSPGRP, x));
        }
        case 0x4004667f: { /* FIONREAD */
            GBUF(x, a2, 4, UP_W);
            SYS(ioctl(fd, FIONREAD, x));
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
        SYS(pipe2(fds, nr == 42 ? 0 : open_flags(a1)));
    }
    case 85: { /* readlink */
        GSTR(path, a0);
        GBUF(b, a1, a2, UP_W);
        if (is_self_exe(path)) {
            size_t l = strlen(p->exe);
            if (l > a2)
                l = a2;
            memcpy(b, p->exe, l);
            RET(l);
        }
        SYS(readlink(path, b, a2));
    }
    case 296: { /* readlinkat */
        GSTR(path, a1);
        GBUF(b, a2, a3, UP_W);
        if (is_self_exe(path)) {
            size_t l = strlen(p->exe);
            if (l > a3)
                l = a3;
            memcpy(b, p->exe, l);
            RET(l);
        }
        SYS(readlinkat((int)a0, path, b, a3));
    }
    case 202: { /* getdents64 */
        GBUF(b, a1, a2, UP_W);
        SYS(syscall(SYS_getdents64, (int)a0, b, a2));
    }
    case 33: { GSTR(path, a0); SYS(access(path, (int)a1)); }
    case 298: case 439: { GSTR(path, a1); SYS(faccessat((int)a0, path, (int)a2, nr == 439 ? (int)a3 : 0)); }
    case 12: { GSTR(path, a0); SYS(chdir(path)); }
    case 133: SYS(fchdir((int)a0));
    case 182: { /* getcwd */
        GBUF(b, a0, a1, UP_W);
        if (!getcwd(b, a1))
            RET(-errno);
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
        GBUF(ts, a2, a2 ? 2 * sizeof(struct timespec) : 0, UP_R);
        SYS(syscall(SYS_utimensat, (int)a0, path, ts, (int)a3));
    }
    case 92: { GSTR(path, a0); SYS(truncate(path, (off_t)a1)); }
    case 93: SYS(ftruncate((int)a0, (off_t)a1));
    case 118: SYS(fsync((int)a0));
    case 148: SYS(fdatasync((int)a0));
    case 36: sync(); RET(0);
    case 143: SYS(flock((int)a0, (int)a1));
    case 233: RET(0); /* fadvise64 */
    case 186: { /* sendfile */
        off_t off, *po = NULL;
        uint64_t *go = NULL;
        if (a2) {
            go = user_mem_ptr(&p->mem, a2, 8, UP_R | UP_W);
            if (!go)
                RET(-EFAULT);
            off = (off_t)*go;
            po = &off;
        }
        ssize_t n = sendfile((int)a0, (int)a1, po, a3);
        if (n < 0)
            RET(-errno);
        if (go)
            *go = (uint64_t)off;
        RET(n);
    }
    case 167: { /* poll */
        GBUF(fds, a0, a1 * sizeof(struct pollfd), UP_W);
        SYS(poll(fds, a1, (int)a2));
    }
    case 281: { /* ppoll */
        GBUF(fds, a0, a1 * sizeof(struct pollfd), UP_W);
        GBUF(ts, a2, a2 ? sizeof(struct timespec) : 0, UP_R);
        SYS(ppoll(fds, a1, ts, NULL));
    }
    case 82: case 142: case 280: { /* select, _newselect, pselect6 */
        GBUF(rf, a1, a1 ? sizeof(fd_set) : 0, UP_W);
        GBUF(wf, a2, a2 ? sizeof(fd_set) : 0, UP_W);
        GBUF(xf, a3, a3 ? sizeof(fd_set) : 0, UP_W);
        if (nr == 280) {
            GBUF(ts, a4, a4 ? sizeof(struct timespec) : 0, UP_R);
            SYS(pselect((int)a0, rf, wf, xf, ts, NULL));
        }
        GBUF(tv, a4, a4 ? sizeof(struct timeval) : 0, UP_W);
        SYS(select((int)a0, rf, wf, xf, tv));
    }
    case 2:   /* fork */
        RET(do_clone(p, SIGCHLD, 0, 0, 0, 0));
    case 189: /* vfork */
        RET(do_clone(p, SIGCHLD, 0, 0, 0, 0));
    case 120: /* clone (powerpc: flags, newsp, ptid, tls, ctid) */
        RET(do_clone(p, a0, a1, a2, a3, a4));
    case 11: /* execve */
        RET(do_execve(p, a0, a1, a2));
    case 114: { /* wait4 */
        GBUF(st, a1, a1 ? 4 : 0, UP_W);
        GBUF(ru, a3, a3 ? sizeof(struct rusage) : 0, UP_W);
        SYS(wait4((pid_t)a0, st, (int)a2, ru));
    }
    case 272: { /* waitid */
        GBUF(si, a2, a2 ? sizeof(siginfo_t) : 0, UP_W);
        SYS(waitid((idtype_t)a0, (id_t)a1, si, (int)a3));
    }
    case 37: SYS(kill((pid_t)a0, (int)a1));
    case 208: SYS(syscall(SYS_tkill, (int)a0, (int)a1));
    case 250: SYS(syscall(SYS_tgkill, (int)a0, (int)a1, (int)a2));
    case 173: { /* rt_sigaction(sig, act, oact, size) */
        uint64_t sig = a0;
        if (sig < 1 || sig > 64 || sig == SIGKILL || sig == SIGSTOP)
            RET(-EINVAL);
        if (a2) {
            GBUF(o, a2, 32, UP_W);
            uint64_t *ov = o;
            ov[0] = p->sig_handler[sig];
            ov[1] = p->sig_flags[sig];
            ov[2] = p->sig_restorer[sig];
            ov[3] = p->sig_mask[sig];
        }
        if (a1) {
            GBUF(n, a1, 32, UP_R);
            const uint64_t *nv = n;
            p->sig_handler[sig] = nv[0];
            p->sig_flags[sig] = nv[1];
            p->sig_restorer[sig] = nv[2];
            p->sig_mask[sig] = nv[3];
            /* Ignoring and defaulting pass to the host (SIGPIPE, SIGINT,
             * SIGCHLD behave as the guest asked); handlers cannot run. */
            if (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE &&
                sig != SIGTRAP && (nv[0] == 0 || nv[0] == 1))
                signal((int)sig, nv[0] == 1 ? SIG_IGN : SIG_DFL);
        }
        RET(0);
    }
    case 174: { /* rt_sigprocmask */
        sigset_t set, old;
        sigemptyset(&set);
        if (a1) {
            GBUF(s, a1, 8, UP_R);
            uint64_t m = *(const uint64_t *)s;
            for (int i = 1; i <= 64; i++)
                if ((m >> (i - 1)) & 1)
                    sigaddset(&set, i);
            sigdelset(&set, SIGSEGV);
            sigdelset(&set, SIGBUS);
            sigdelset(&set, SIGILL);
        }
        if (sigprocmask((int)a0, a1 ? &set : NULL, &old) < 0)
            RET(-errno);
        if (a2) {
            GBUF(o, a2, 8, UP_W);
            uint64_t m = 0;
            for (int i = 1; i <= 64; i++)
                if (sigismember(&old, i) == 1)
                    m |= 1ull << (i - 1);
            *(uint64_t *)o = m;
        }
        RET(0);
    }
    case 185: /* sigaltstack */
        RET(0);
    case 178: /* rt_sigsuspend */
        SYS(pause());
    case 29: SYS(pause());
    case 27: SYS(alarm((unsigned)a0));
    case 232: /* set_tid_address */
        SYS(gettid());
    case 300: /* set_robust_list */
        RET(0);
    case 387: /* rseq */
        RET(-ENOSYS);
    case 221: { /* futex: one thread, so WAIT finds the value changed or
                   would block forever; WAKE wakes nobody */
        unsigned op = (unsigned)a1 & 0x7f;
        if (op == 1 /* WAKE */)
            RET(0);
        if (op == 0 /* WAIT */ || op == 9) {
            GBUF(u, a0, 4, UP_R);
            if (*(const uint32_t *)u != (uint32_t)a2)
                RET(-EAGAIN);
            RET(-EINVAL);
        }
        RET(-ENOSYS);
    }
    case 76: case 190: { /* getrlimit, ugetrlimit */
        GBUF(rl, a1, sizeof(struct rlimit), UP_W);
        SYS(getrlimit((int)a0, rl));
    }
    case 325: { /* prlimit64 */
        GBUF(nl, a2, a2 ? sizeof(struct rlimit) : 0, UP_R);
        GBUF(ol, a3, a3 ? sizeof(struct rlimit) : 0, UP_W);
        SYS(prlimit((pid_t)a0, (int)a1, nl, ol));
    }
    case 96: SYS(getpriority((int)a0, (id_t)a1));
    case 359: { /* getrandom */
        GBUF(b, a0, a1, UP_W);
        SYS(getrandom(b, a1, (unsigned)a2));
    }
    case 223: { /* sched_getaffinity */
        GBUF(b, a2, a1, UP_W);
        SYS(syscall(SYS_sched_getaffinity, (pid_t)a0, a1, b));
    }
    case 158: SYS(sched_yield());
    case 171: /* prctl */
        RET(-EINVAL);
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
    if (p->strace)
        fprintf(stderr, "%d %s/%llu(0x%llx, 0x%llx, 0x%llx, 0x%llx) = %lld\n", getpid(),
                sysname(nr), (unsigned long long)nr, (unsigned long long)a0, (unsigned long long)a1,
                (unsigned long long)a2, (unsigned long long)a3, (long long)r);
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
    case 45: return "brk"; case 54: return "ioctl"; case 55: return "fcntl";
    case 90: return "mmap"; case 91: return "munmap"; case 106: return "stat";
    case 108: return "fstat"; case 114: return "wait4"; case 120: return "clone";
    case 122: return "uname"; case 125: return "mprotect"; case 173: return "rt_sigaction";
    case 174: return "rt_sigprocmask"; case 202: return "getdents64";
    case 234: return "exit_group"; case 246: return "clock_gettime";
    case 286: return "openat"; case 291: return "newfstatat"; case 383: return "statx";
    default: return "syscall";
    }
}
