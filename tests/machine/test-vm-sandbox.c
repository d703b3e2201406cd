/* tests/machine/test-vm-sandbox.c: the worker's sandbox
 * (machine/vm/vm-sandbox.c) as the kernel enforces it. Each case forks a
 * child that drops its capabilities and loads the very filter pseries-vm
 * loads (vm_sandbox_load_filter(0): the production list, also in the
 * ASan build), then tries one thing:
 *   - what the worker does after set-up works: I/O on descriptors opened
 *     before (pipe, file, eventfd), pread/pwrite/fdatasync, fstat, poll,
 *     memory, threads (pthread_create through clone3 -> ENOSYS -> clone),
 *     futex waits, getrandom, a socketpair passing a descriptor, fcntl,
 *     raise() of a blocked signal;
 *   - opening fails with EACCES: open, openat, creat (no file appears),
 *     socket(AF_INET), stat of a path;
 *   - the rest kills the child with SIGSYS: execve, fork, ptrace, kill of
 *     another process, socketpair(AF_INET), unshare, mount, setuid,
 *     prctl, ioctl TIOCSTI, an unlisted fcntl, and (x86-64) the x32 ABI;
 *   - the parent reads /proc/CHILD/status of a sandboxed child: Seccomp 2,
 *     NoNewPrivs 1, CapEff/CapPrm/CapInh/CapAmb 0, and CapBnd 0 when the
 *     test runs as root (as the daemon-spawned worker of a root pseriesd).
 * The children leave with _exit(), so LeakSanitizer (which needs ptrace)
 * never runs inside a filter. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm-sandbox.h"

/* Set up by the parent before each fork: descriptors "the XML names". */
struct fixture {
    char dir[64];
    int file_fd;              /* a read-write file, like the NVRAM */
    int pipe_fd[2];
    int event_fd;
    int go_fd[2];             /* the parent tells a waiting child to go on */
    int ready_fd[2];          /* the child says it is sandboxed */
};

typedef int (*child_fn)(struct fixture *f);

static void fixture_init(struct fixture *f)
{
    g_strlcpy(f->dir, "/tmp/sandbox-test-XXXXXX", sizeof(f->dir));
    g_assert_nonnull(mkdtemp(f->dir));
    char *path = g_strdup_printf("%s/nvram", f->dir);
    f->file_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    g_free(path);
    g_assert_cmpint(f->file_fd, >=, 0);
    g_assert_cmpint(write(f->file_fd, "0123456789", 10), ==, 10);
    g_assert_cmpint(pipe2(f->pipe_fd, O_CLOEXEC), ==, 0);
    g_assert_cmpint(pipe2(f->go_fd, O_CLOEXEC), ==, 0);
    g_assert_cmpint(pipe2(f->ready_fd, O_CLOEXEC), ==, 0);
    f->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    g_assert_cmpint(f->event_fd, >=, 0);
}

static void fixture_fini(struct fixture *f)
{
    close(f->file_fd);
    close(f->event_fd);
    for (int i = 0; i < 2; i++) {
        close(f->pipe_fd[i]);
        close(f->go_fd[i]);
        close(f->ready_fd[i]);
    }
    char *path = g_strdup_printf("%s/nvram", f->dir);
    unlink(path);
    g_free(path);
    path = g_strdup_printf("%s/created", f->dir);
    unlink(path);
    g_free(path);
    rmdir(f->dir);
}

/* Fork, sandbox the child as pseries-vm does, run fn; the wait status. */
static int run_sandboxed(struct fixture *f, child_fn fn, pid_t *pid_out)
{
    fflush(NULL);
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        vm_sandbox_prepare();
        if (vm_sandbox_drop_capabilities() < 0)
            _exit(90);
        if (vm_sandbox_load_filter(0) < 0)
            _exit(91);
        _exit(fn(f));
    }
    if (pid_out) {
        *pid_out = pid;
        return 0;
    }
    int status;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    return status;
}

static void expect_exit0(struct fixture *f, child_fn fn, const char *what)
{
    int st = run_sandboxed(f, fn, NULL);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        g_error("%s: child %s %d (exit codes: step that failed; signals: %s)", what,
                WIFEXITED(st) ? "exited with" : "was killed by signal",
                WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
                WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "-");
}

static void expect_sigsys(struct fixture *f, child_fn fn, const char *what)
{
    int st = run_sandboxed(f, fn, NULL);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSYS)
        g_error("%s: expected death by SIGSYS, got %s %d", what,
                WIFEXITED(st) ? "exit status" : "signal",
                WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

/* ---- what the worker does after set-up ---------------------------------- */

static void *thread_body(void *arg)
{
    struct fixture *f = arg;
    uint64_t one = 1;
    /* A vCPU thread waking the main loop. */
    return write(f->event_fd, &one, sizeof(one)) == sizeof(one) ? arg : NULL;
}

static int child_allowed(struct fixture *f)
{
    char buf[16];
    uint64_t cnt;
    struct stat st;
    /* Descriptors opened before the sandbox. */
    if (write(f->pipe_fd[1], "abc", 3) != 3 || read(f->pipe_fd[0], buf, 3) != 3)
        return 1;
    if (pread(f->file_fd, buf, 4, 2) != 4 || memcmp(buf, "2345", 4) != 0)
        return 2;
    if (pwrite(f->file_fd, "xy", 2, 0) != 2 || fdatasync(f->file_fd) < 0)
        return 3;
    if (fstat(f->file_fd, &st) < 0 || st.st_size != 10)
        return 4;
    /* Memory: small and large allocations, an anonymous mapping. */
    void *p = malloc(64 << 20);
    if (!p)
        return 5;
    memset(p, 1, 4096);
    free(p);
    void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m, 4096, PROT_READ) < 0 || munmap(m, 1 << 20) < 0)
        return 6;
    /* A vCPU thread: clone3 is refused with ENOSYS, glibc uses clone. */
    pthread_t t;
    void *ret = NULL;
    if (pthread_create(&t, NULL, thread_body, f) != 0 || pthread_join(t, &ret) != 0 || !ret)
        return 7;
    struct pollfd pfd = { .fd = f->event_fd, .events = POLLIN };
    if (poll(&pfd, 1, 1000) != 1 || read(f->event_fd, &cnt, sizeof(cnt)) != sizeof(cnt))
        return 8;
    /* Condition variables with a timeout (H_CEDE), yielding (H_CONFER). */
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&mu);
    int r = pthread_cond_timedwait(&cv, &mu, &ts);
    pthread_mutex_unlock(&mu);
    if (r != ETIMEDOUT || sched_yield() < 0)
        return 9;
    /* H_RANDOM. */
    if (getrandom(buf, 8, 0) != 8)
        return 10;
    /* OPEN_CONSOLE: a socketpair, a descriptor passed along, dup'ed. */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return 11;
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = "m", .iov_len = 1 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                         .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &f->pipe_fd[1], sizeof(int));
    if (sendmsg(sv[0], &mh, MSG_NOSIGNAL) != 1)
        return 12;
    iov.iov_base = buf;
    mh.msg_controllen = sizeof(cbuf);
    if (recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC) != 1)
        return 13;
    int got;
    memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
    int dup_fd = fcntl(got, F_DUPFD_CLOEXEC, 3);
    if (dup_fd < 0 || fcntl(dup_fd, F_GETFL) < 0 ||
        fcntl(dup_fd, F_SETFL, O_NONBLOCK) < 0)
        return 14;
    if (send(sv[0], "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL) != 1 ||
        recv(sv[1], buf, 1, MSG_DONTWAIT) != 1)
        return 15;
    close(dup_fd);
    close(got);
    close(sv[0]);
    close(sv[1]);
    /* Signals: the worker's mask, and raise() of a blocked signal. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 || raise(SIGUSR1) != 0)
        return 16;
    if (isatty(f->file_fd))  /* ioctl TCGETS */
        return 17;
    return 0;
}

static void test_allowed(void)
{
    struct fixture f;
    fixture_init(&f);
    expect_exit0(&f, child_allowed, "what the worker does");
    fixture_fini(&f);
}

/* ---- opening anything fails with EACCES ------------------------------- */

static int child_no_open(struct fixture *f)
{
    char path[128];
    struct stat st;
    snprintf(path, sizeof(path), "%s/nvram", f->dir);
    errno = 0;
    if (open(path, O_RDONLY) >= 0 || errno != EACCES)
        return 1;
    errno = 0;
    if (openat(AT_FDCWD, "/etc/passwd", O_RDONLY) >= 0 || errno != EACCES)
        return 2;
    snprintf(path, sizeof(path), "%s/created", f->dir);
    errno = 0;
    if (open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600) >= 0 || errno != EACCES)
        return 3;
#ifdef SYS_creat
    errno = 0;
    if (syscall(SYS_creat, path, 0600) >= 0 || errno != EACCES)
        return 4;
#endif
    errno = 0;
    if (socket(AF_INET, SOCK_STREAM, 0) >= 0 || errno != EACCES)
        return 5;
    errno = 0;
    if (socket(AF_UNIX, SOCK_DGRAM, 0) >= 0 || errno != EACCES)
        return 6;
    errno = 0;
    if (stat("/etc/passwd", &st) == 0 || errno != EACCES)
        return 7;
    return 0;
}

static void test_no_open(void)
{
    struct fixture f;
    fixture_init(&f);
    expect_exit0(&f, child_no_open, "opening");
    char *created = g_strdup_printf("%s/created", f.dir);
    g_assert_false(g_file_test(created, G_FILE_TEST_EXISTS));
    g_free(created);
    fixture_fini(&f);
}

/* ---- the rest kills ------------------------------------------------------ */

static int child_execve(struct fixture *f)
{
    (void)f;
    char *argv[] = { "/bin/true", NULL };
    execv("/bin/true", argv);
    return 1;
}

static int child_fork(struct fixture *f)
{
    (void)f;
    pid_t p = fork();
    if (p == 0)
        _exit(0);
    return 1;
}

static int child_ptrace(struct fixture *f)
{
    (void)f;
    ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    return 1;
}

static int child_kill_other(struct fixture *f)
{
    (void)f;
    kill(getppid(), 0);
    return 1;
}

static int child_tgkill_other(struct fixture *f)
{
    (void)f;
    syscall(SYS_tgkill, getppid(), getppid(), 0);
    return 1;
}

static int child_socketpair_inet(struct fixture *f)
{
    (void)f;
    int sv[2];
    socketpair(AF_INET, SOCK_STREAM, 0, sv);
    return 1;
}

static int child_unshare(struct fixture *f)
{
    (void)f;
    unshare(CLONE_NEWUSER);
    return 1;
}

static int child_mount(struct fixture *f)
{
    mount("none", f->dir, "tmpfs", 0, NULL);
    return 1;
}

static int child_setuid(struct fixture *f)
{
    (void)f;
    (void)!setuid(0);
    return 1;
}

static int child_prctl(struct fixture *f)
{
    (void)f;
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    return 1;
}

static int child_tiocsti(struct fixture *f)
{
    char c = 'x';
    ioctl(f->file_fd, TIOCSTI, &c);
    return 1;
}

static int child_fcntl_lock(struct fixture *f)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    fcntl(f->file_fd, F_SETLK, &fl);
    return 1;
}

static int child_unlink(struct fixture *f)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/nvram", f->dir);
    unlink(path);
    return 1;
}

#if defined(__x86_64__)
static int child_x32(struct fixture *f)
{
    (void)f;
    syscall(0x40000000 | SYS_getpid);   /* getpid through the x32 ABI */
    return 1;
}
#endif

static void test_killed(void)
{
    static const struct {
        const char *what;
        child_fn fn;
    } cases[] = {
        { "execve", child_execve },
        { "fork", child_fork },
        { "ptrace", child_ptrace },
        { "kill another process", child_kill_other },
        { "tgkill another process", child_tgkill_other },
        { "socketpair(AF_INET)", child_socketpair_inet },
        { "unshare", child_unshare },
        { "mount", child_mount },
        { "setuid", child_setuid },
        { "prctl", child_prctl },
        { "ioctl TIOCSTI", child_tiocsti },
        { "fcntl F_SETLK", child_fcntl_lock },
        { "unlink", child_unlink },
#if defined(__x86_64__)
        { "x32 system call", child_x32 },
#endif
    };
    struct fixture f;
    fixture_init(&f);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        expect_sigsys(&f, cases[i].fn, cases[i].what);
        if (g_test_verbose())
            g_printerr("  %s: killed by SIGSYS\n", cases[i].what);
    }
    char *nv = g_strdup_printf("%s/nvram", f.dir);
    g_assert_true(g_file_test(nv, G_FILE_TEST_EXISTS));   /* unlink never ran */
    g_free(nv);
    fixture_fini(&f);
}

/* ---- what /proc says about a sandboxed process ------------------------- */

static int child_wait(struct fixture *f)
{
    char c;
    if (write(f->ready_fd[1], "r", 1) != 1)
        return 1;
    return read(f->go_fd[0], &c, 1) == 1 ? 0 : 2;
}

static char *status_field(const char *status, const char *name)
{
    g_autofree char *key = g_strdup_printf("\n%s:", name);
    const char *p = strstr(status, key);
    if (!p)
        return NULL;
    p += strlen(key);
    while (*p == ' ' || *p == '\t')
        p++;
    return g_strndup(p, strcspn(p, "\n"));
}

static void test_proc_status(void)
{
    struct fixture f;
    pid_t pid;
    char c;
    fixture_init(&f);
    run_sandboxed(&f, child_wait, &pid);
    g_assert_cmpint(read(f.ready_fd[0], &c, 1), ==, 1);
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *status = NULL;
    g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
    g_assert_cmpint(write(f.go_fd[1], "g", 1), ==, 1);
    int st;
    g_assert_cmpint(waitpid(pid, &st, 0), ==, pid);
    g_assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    static const char *const zero[] = { "CapInh", "CapPrm", "CapEff", "CapAmb" };
    g_autofree char *seccomp = status_field(status, "Seccomp");
    g_autofree char *nnp = status_field(status, "NoNewPrivs");
    g_assert_cmpstr(seccomp, ==, "2");
    g_assert_cmpstr(nnp, ==, "1");
    for (size_t i = 0; i < G_N_ELEMENTS(zero); i++) {
        g_autofree char *v = status_field(status, zero[i]);
        g_assert_cmpstr(v, ==, "0000000000000000");
    }
    g_autofree char *bnd = status_field(status, "CapBnd");
    if (geteuid() == 0)
        g_assert_cmpstr(bnd, ==, "0000000000000000");
    else if (g_test_verbose())
        g_printerr("  not root: CapBnd %s (emptied only with CAP_SETPCAP or a user namespace)\n",
                   bnd);
    fixture_fini(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vm-sandbox/allowed", test_allowed);
    g_test_add_func("/vm-sandbox/no-open", test_no_open);
    g_test_add_func("/vm-sandbox/killed", test_killed);
    g_test_add_func("/vm-sandbox/proc-status", test_proc_status);
    return g_test_run();
}
