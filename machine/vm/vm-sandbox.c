/* machine/vm/vm-sandbox.c: the worker's sandbox (see vm-sandbox.h and
 * design.md "Process model"). Three layers, applied once set-up is done:
 *
 *  1. capabilities: the bounding set, the ambient set, then effective,
 *     permitted and inheritable are emptied, whether the worker runs as
 *     root (no pseriesd user) or not;
 *  2. no_new_privs;
 *  3. a seccomp allow-list (libseccomp) of exactly the system calls the
 *     worker makes after set-up. They were found with `strace -f -c` on
 *     Debian's Linux booting, taking console input, rebooting (on_reboot
 *     restart), pausing, resuming and powering off, in the foreground and
 *     under pseriesd (virsh and busctl), then checked with the sandbox on.
 *
 * Nothing is opened after set-up: the boot images, the NVRAM file, the
 * console log and the sockets are descriptors by then (vm-files.c,
 * machine/nvram.c, vm-console.c, the daemon's fd 3). open/openat/creat and
 * socket therefore fail with EACCES (what libc's lazy loaders cope with),
 * and any call not on the list kills the whole process with SIGSYS, so a
 * missing entry is obvious (pseriesd reports it, daemon/machine.c). */
#include "vm-sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <seccomp.h>

#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VM_SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                  \
    __has_feature(memory_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define VM_SANITIZER_BUILD 1
#endif
#endif
#if !defined(VM_SANITIZER_BUILD) && defined(PSERIES_SANITIZER_BUILD)
#define VM_SANITIZER_BUILD 1    /* meson's b_sanitize (UBSan alone has no macro) */
#endif

unsigned vm_sandbox_build_flags(void)
{
#ifdef VM_SANITIZER_BUILD
    return VM_SANDBOX_SANITIZER;
#else
    return 0;
#endif
}

void vm_sandbox_prepare(void)
{
    char buf[128];

    /* glibc reads /etc/localtime on the first gmtime_r (machine/rtc.c). */
    tzset();
    /* The worker's message catalogue and libc's (strerror). */
    (void)gettext("");
    (void)!strerror_r(EIO, buf, sizeof(buf));
}

/* ---- capabilities ------------------------------------------------------ */

/* Map our own uid and gid into the new user namespace (best effort: the
 * mapping only changes what getuid() says inside). */
static void write_id_map(const char *file, const char *text)
{
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)!write(fd, text, strlen(text));
    close(fd);
}

static void own_user_namespace(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];

    if (unshare(CLONE_NEWUSER) < 0)
        return;
    write_id_map("/proc/self/setgroups", "deny");
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    write_id_map("/proc/self/uid_map", map);
    snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    write_id_map("/proc/self/gid_map", map);
}

static int drop_bounding_set(void)
{
    bool tried_userns = false;

    for (int cap = 0; cap < 64; cap++) {
        int in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (in < 0)
            break;            /* EINVAL: past the kernel's last capability */
        if (!in)
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
            continue;
        if (errno != EPERM)
            return -errno;
        if (tried_userns)
            return 0;         /* nothing more we may do: no_new_privs covers it */
        /* No CAP_SETPCAP: in a user namespace of our own we have it. */
        tried_userns = true;
        own_user_namespace();
        cap--;
    }
    return 0;
}

int vm_sandbox_drop_capabilities(void)
{
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    int r = drop_bounding_set();

    if (r < 0)
        return r;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return -errno;
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capset, &hdr, data) < 0)
        return -errno;
    /* Check: capset with all zero cannot half-succeed, but say so if it did. */
    memset(data, 0xff, sizeof(data));
    if (syscall(SYS_capget, &hdr, data) < 0)
        return -errno;
    for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
        if (data[i].effective || data[i].permitted || data[i].inheritable)
            return -EPERM;
    return 0;
}

/* ---- seccomp ------------------------------------------------------------ */

/* Without arguments to check. */
static const int allowed[] = {
    /* descriptors the worker holds: console, log, NVRAM, boot images,
     * eventfd, signalfd, control and console sockets */
    SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
    SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(lseek), SCMP_SYS(close),
    SCMP_SYS(fstat), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
    SCMP_SYS(poll), SCMP_SYS(ppoll),
    SCMP_SYS(sendmsg), SCMP_SYS(recvmsg), SCMP_SYS(sendto), SCMP_SYS(recvfrom),
    SCMP_SYS(getsockname),
    /* memory (malloc, thread stacks, glib) */
    SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mprotect), SCMP_SYS(mremap),
    SCMP_SYS(madvise), SCMP_SYS(brk),
    /* threads: vCPUs park and wake, H_CONFER yields */
    SCMP_SYS(futex), SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity),
    SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(gettid), SCMP_SYS(getpid),
    SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(restart_syscall),
    /* signals (signalfd mask, SIGPIPE ignored, abort) */
    SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigreturn),
    SCMP_SYS(sigaltstack),
    /* time (normally the vDSO) and H_RANDOM */
    SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres), SCMP_SYS(gettimeofday),
    SCMP_SYS(time), SCMP_SYS(nanosleep), SCMP_SYS(clock_nanosleep),
    SCMP_SYS(getrandom),
};

/* What a sanitizer runtime adds (reports, symbolizer, LeakSanitizer's
 * stop-the-world at exit: a clone that ptraces every thread and lists
 * /proc/self/task with getdents; refused, it dies and the exit hangs). */
static const int allowed_sanitizer[] = {
    SCMP_SYS(clone), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(prctl),
    SCMP_SYS(getdents), SCMP_SYS(getdents64), SCMP_SYS(open), SCMP_SYS(openat),
    SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(newfstatat), SCMP_SYS(stat), SCMP_SYS(lstat),
    SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(execve), SCMP_SYS(pipe),
    SCMP_SYS(pipe2), SCMP_SYS(dup), SCMP_SYS(dup2), SCMP_SYS(dup3), SCMP_SYS(kill),
    SCMP_SYS(tgkill), SCMP_SYS(getppid), SCMP_SYS(uname), SCMP_SYS(prlimit64),
    SCMP_SYS(getrlimit), SCMP_SYS(setrlimit), SCMP_SYS(fcntl), SCMP_SYS(ioctl),
    SCMP_SYS(sched_getparam), SCMP_SYS(sched_setaffinity), SCMP_SYS(getuid),
    SCMP_SYS(geteuid),
};

/* Fail with EACCES: opening anything new (lazy loaders cope). */
static const int denied_open[] = {
    SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(creat), SCMP_SYS(openat2), SCMP_SYS(socket),
};

static int add(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n,
               const struct scmp_arg_cmp *args)
{
    int r = seccomp_rule_add_array(ctx, action, nr, n, args);
    /* A call this architecture lacks (libseccomp's negative placeholder,
     * e.g. open on arm64) is left out. */
    return r < 0 && nr < 0 ? 0 : r;
}

static int add_list(scmp_filter_ctx ctx, uint32_t action, const int *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int r = add(ctx, action, list[i], 0, NULL);
        if (r < 0)
            return r;
    }
    return 0;
}

/* One argument check (libseccomp's SCMP_A* macros leave fields to the
 * compiler's zeroing, which clang's -Wmissing-field-initializers rejects). */
static struct scmp_arg_cmp arg_cmp(unsigned arg, enum scmp_compare op, uint64_t a, uint64_t b)
{
    struct scmp_arg_cmp c = { .arg = arg, .op = op, .datum_a = a, .datum_b = b };
    return c;
}

/* Calls allowed with some arguments only. */
static int add_conditional(scmp_filter_ctx ctx, bool sanitizer)
{
    static const unsigned long ioctls[] = { TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ,
                                            FIONREAD };
    static const int fcntls[] = { F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC };
    struct scmp_arg_cmp a;
    int r;

    /* New threads only (pthread_create), never a new process. glibc tries
     * clone3 first, whose flags a filter cannot see: ENOSYS sends it to
     * clone. */
    if (!sanitizer) {
        a = arg_cmp(0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
        if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1, &a)) < 0)
            return r;
    }
    if ((r = add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL)) < 0)
        return r;
    /* Signals to our own threads only (abort, raise). */
    if (!sanitizer) {
        a = arg_cmp(0, SCMP_CMP_EQ, (uint64_t)getpid(), 0);
        if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, &a)) < 0)
            return r;
        /* The terminal in the foreground (isatty, raw mode and back). */
        for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++) {
            a = arg_cmp(1, SCMP_CMP_MASKED_EQ, 0xffffffffu, ioctls[i]);
            if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, &a)) < 0)
                return r;
        }
        /* Descriptor flags; F_DUPFD_CLOEXEC for the console socket the
         * daemon passes (vm-control.c). */
        for (size_t i = 0; i < sizeof(fcntls) / sizeof(fcntls[0]); i++) {
            a = arg_cmp(1, SCMP_CMP_EQ, (uint64_t)fcntls[i], 0);
            if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1, &a)) < 0)
                return r;
        }
        /* fstat() is newfstatat(fd, "", AT_EMPTY_PATH); a path is refused. */
        a = arg_cmp(3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH);
        if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat), 1, &a)) < 0)
            return r;
        a = arg_cmp(3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0);
        if ((r = add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(newfstatat), 1, &a)) < 0)
            return r;
        /* The console pair of OPEN_CONSOLE when the daemon brings none. */
        a = arg_cmp(0, SCMP_CMP_EQ, AF_UNIX, 0);
        if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 1, &a)) < 0)
            return r;
    } else {
        if ((r = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 0, NULL)) < 0)
            return r;
    }
    return 0;
}

int vm_sandbox_load_filter(unsigned flags)
{
    bool sanitizer = flags & VM_SANDBOX_SANITIZER;
    scmp_filter_ctx ctx;
    int r;

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -errno;
    ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!ctx)
        return -ENOMEM;
    if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0 ||
        (r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0)
        goto out;
    if ((r = add_list(ctx, SCMP_ACT_ALLOW, allowed, sizeof(allowed) / sizeof(allowed[0]))) < 0)
        goto out;
    if (sanitizer) {
        r = add_list(ctx, SCMP_ACT_ALLOW, allowed_sanitizer,
                     sizeof(allowed_sanitizer) / sizeof(allowed_sanitizer[0]));
        if (r < 0)
            goto out;
    }
    for (size_t i = 0; i < sizeof(denied_open) / sizeof(denied_open[0]); i++) {
        if (sanitizer && denied_open[i] != SCMP_SYS(socket) &&
            denied_open[i] != SCMP_SYS(creat) && denied_open[i] != SCMP_SYS(openat2))
            continue;         /* allowed above */
        if ((r = add(ctx, SCMP_ACT_ERRNO(EACCES), denied_open[i], 0, NULL)) < 0)
            goto out;
    }
    if ((r = add_conditional(ctx, sanitizer)) < 0)
        goto out;
    r = seccomp_load(ctx);
out:
    seccomp_release(ctx);
    return r < 0 ? r : 0;
}
