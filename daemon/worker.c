/* worker.c: spawn, talk to and reap one `pseries-vm` worker (see worker.h
 * and the protocol in worker-protocol.h).
 *
 * The child gets PR_SET_PDEATHSIG=SIGKILL (a daemon restart stops its VMs),
 * PR_SET_NO_NEW_PRIVS, an empty signal mask, only fds 0-3, and runs as
 * user/group pseriesd when the daemon runs as root and that user exists;
 * before switching user it empties the capability bounding set and the
 * ambient set (only CAP_SETPCAP, which root still has here, may).  The
 * worker itself drops every remaining capability and loads its seccomp
 * allow-list once it has opened the files its XML names
 * (machine/vm/vm-sandbox.c); pseriesd reports a worker the filter killed
 * (SIGSYS) as such (machine.c). */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "log.h"

struct pending_reply {
    worker_reply_fn fn;
    void *userdata;
};

struct worker {
    pid_t pid;
    int sock;
    uint32_t next_serial;
    bool exited;
    sd_event_source *io_source;
    sd_event_source *child_source;
    GHashTable *pending;        /* serial -> struct pending_reply */
    const struct worker_callbacks *cb;
    void *userdata;
};

pid_t worker_get_pid(const struct worker *w)
{
    return w->pid;
}

void worker_kill(struct worker *w, int sig)
{
    if (!w->exited && w->pid > 0)
        kill(w->pid, sig);
}

static void fail_pending(struct worker *w)
{
    GHashTableIter it;
    gpointer key, value;
    g_autoptr(GHashTable) pending = g_steal_pointer(&w->pending);

    w->pending = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    g_hash_table_iter_init(&it, pending);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        struct pending_reply *p = value;
        if (p->fn)
            p->fn(w, -ECONNRESET, NULL, -1, p->userdata);
    }
    g_hash_table_destroy(g_steal_pointer(&pending));
}

static void close_channel(struct worker *w)
{
    w->io_source = sd_event_source_disable_unref(w->io_source);
    if (w->sock >= 0)
        close(w->sock);
    w->sock = -1;
}

static void handle_message(struct worker *w, struct pseries_wp_message *m)
{
    const struct pseries_wp_header *h = &m->header;

    switch (h->type) {
    case PSERIES_WP_HELLO: {
        struct pseries_wp_hello hello;
        if (h->length < sizeof(hello))
            goto bad;
        memcpy(&hello, m->payload, sizeof(hello));
        if (w->cb->hello)
            w->cb->hello(w, hello.pid, w->userdata);
        break;
    }
    case PSERIES_WP_STATE: {
        struct pseries_wp_state st;
        if (h->length < sizeof(st))
            goto bad;
        memcpy(&st, m->payload, sizeof(st));
        if (w->cb->state)
            w->cb->state(w, st.state, st.reason, w->userdata);
        break;
    }
    case PSERIES_WP_EVENT: {
        struct pseries_wp_event ev;
        if (h->length < sizeof(ev))
            goto bad;
        memcpy(&ev, m->payload, sizeof(ev));
        if (w->cb->event)
            w->cb->event(w, ev.event, ev.detail, w->userdata);
        break;
    }
    case PSERIES_WP_REPLY:
    case PSERIES_WP_ERROR: {
        struct pseries_wp_reply rep;
        g_autofree char *text = NULL;
        if (h->length < sizeof(rep))
            goto bad;
        memcpy(&rep, m->payload, sizeof(rep));
        if (h->length > sizeof(rep)) {
            text = g_strndup((const char *)m->payload + sizeof(rep), h->length - sizeof(rep));
            if (!g_utf8_validate(text, -1, NULL)) {
                g_free(text);
                text = g_strdup(_("(the worker's message is not valid UTF-8)"));
            }
        }
        if (rep.error > 0 || rep.error < -4095)
            goto bad;
        if (h->type == PSERIES_WP_ERROR) {
            if (w->cb->error)
                w->cb->error(w, rep.error, text, w->userdata);
            break;
        }
        struct pending_reply *p = g_hash_table_lookup(w->pending, GUINT_TO_POINTER(h->reply_to));
        if (!p)
            goto bad;
        struct pending_reply copy = *p;
        g_hash_table_remove(w->pending, GUINT_TO_POINTER(h->reply_to));
        if (copy.fn) {
            copy.fn(w, rep.error, text, m->fd, copy.userdata);
            m->fd = -1;
        }
        break;
    }
    default:
        goto bad;
    }
    return;

bad:
    log_warning(_("worker %d sent a malformed message (type %u, %u bytes); killing it"),
                (int)w->pid, h->type, h->length);
    close_channel(w);
    worker_kill(w, SIGKILL);
}

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
    struct worker *w = userdata;
    struct pseries_wp_message *m = g_new(struct pseries_wp_message, 1);
    int r;

    (void)s;
    (void)fd;
    (void)revents;
    r = pseries_wp_recv(w->sock, m);
    if (r == -EAGAIN) {
        g_free(m);
        return 0;
    }
    if (r <= 0) {
        if (r == -EPROTO) {
            log_warning(_("worker %d broke the control protocol; killing it"), (int)w->pid);
            worker_kill(w, SIGKILL);
        }
        /* End of file: the process exit follows through on_child. */
        close_channel(w);
        g_free(m);
        return 0;
    }
    handle_message(w, m);
    if (m->fd >= 0)
        close(m->fd);
    g_free(m);
    return 0;
}

/* After a death by SIGSYS: the system call the worker's seccomp filter
 * refused, from the kernel's audit record of the kill in /dev/kmsg
 * ("audit: type=1326 ... pid=PID ... syscall=N", written before the parent
 * learns of the death).  -1 when it cannot be read (no permission,
 * ProtectKernelLogs=, auditd took the record). */
static long seccomp_refused_syscall(pid_t pid)
{
    char rec[4096], key[32];
    long nr = -1;
    int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return -1;
    snprintf(key, sizeof(key), " pid=%d ", (int)pid);
    for (int i = 0; i < 1000000; i++) {
        ssize_t n = read(fd, rec, sizeof(rec) - 1);
        if (n < 0 && errno == EPIPE)
            continue;       /* a record overwritten while we read */
        if (n <= 0)
            break;          /* EAGAIN: the end of the buffer */
        rec[n] = '\0';
        const char *sc = strstr(rec, " syscall=");
        if (sc && strstr(rec, "type=1326") && strstr(rec, key))
            nr = strtol(sc + 9, NULL, 10);  /* the last one is this death */
    }
    close(fd);
    return nr;
}

static int on_child(sd_event_source *s, const siginfo_t *si, void *userdata)
{
    struct worker *w = userdata;

    (void)s;
    w->exited = true;
    /* Read what is still queued (a final ERROR or STATE) before telling. */
    while (w->sock >= 0) {
        struct pseries_wp_message *m = g_new(struct pseries_wp_message, 1);
        int r = pseries_wp_recv(w->sock, m);
        if (r <= 0) {
            g_free(m);
            close_channel(w);
            break;
        }
        handle_message(w, m);
        if (m->fd >= 0)
            close(m->fd);
        g_free(m);
    }
    close_channel(w);
    fail_pending(w);
    w->child_source = sd_event_source_disable_unref(w->child_source);
    if ((si->si_code == CLD_KILLED || si->si_code == CLD_DUMPED) && si->si_status == SIGSYS) {
        long nr = seccomp_refused_syscall(w->pid);
        if (nr >= 0)
            log_warning(_("worker %d was killed by its seccomp filter (SIGSYS): system call "
                          "%ld is not on its allow-list (machine/vm/vm-sandbox.c)"),
                        (int)w->pid, nr);
        else
            log_warning(_("worker %d was killed by SIGSYS, which its seccomp filter sends "
                          "for a system call not on its allow-list; the kernel log names the "
                          "call (\"audit: type=1326 ... syscall=N\")"),
                        (int)w->pid);
    }
    if (w->cb->exited)
        w->cb->exited(w, si->si_code, si->si_status, w->userdata);   /* may free w */
    return 0;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void __attribute__((noreturn)) child_exec(const struct worker_spawn_params *p,
                                                 int sock, int status_fd, char *const argv[])
{
    sigset_t none;
    int err;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
        goto fail;
    /* Keep the status pipe away from fd 3. */
    status_fd = fcntl(status_fd, F_DUPFD_CLOEXEC, 10);
    if (status_fd < 0)
        _exit(127);
    if (sock == PSERIES_WP_CONTROL_FD) {
        if (fcntl(sock, F_SETFD, 0) < 0)
            goto fail;
    } else if (dup2(sock, PSERIES_WP_CONTROL_FD) < 0) {
        goto fail;
    }
    if (close_range(PSERIES_WP_CONTROL_FD + 1, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        for (int fd = PSERIES_WP_CONTROL_FD + 1; fd < 4096; fd++)
            if (fd != status_fd)
                fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (p->drop_privileges) {
        for (int cap = 0; cap < 64; cap++) {
            int in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
            if (in < 0)
                break;      /* past the kernel's last capability */
            /* EPERM: no CAP_SETPCAP (a unit that took it away); the worker
             * then empties the set in a user namespace of its own. */
            if (in && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EPERM)
                goto fail;
        }
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
            goto fail;
        if (setgroups(0, NULL) < 0 || setresgid(p->gid, p->gid, p->gid) < 0 ||
            setresuid(p->uid, p->uid, p->uid) < 0)
            goto fail;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        goto fail;
    execv(p->path, argv);
fail:
    err = errno;
    (void)!write(status_fd, &err, sizeof(err));
    _exit(127);
}

int worker_spawn(sd_event *event, const struct worker_spawn_params *params,
                 const struct worker_callbacks *callbacks, void *userdata,
                 struct worker **out, char **error)
{
    int sv[2] = { -1, -1 }, status[2] = { -1, -1 };
    g_autofree char *fd_arg = g_strdup_printf("--control-fd=%d", PSERIES_WP_CONTROL_FD);
    char *argv[5];
    int argc = 0, err = 0, r;
    ssize_t n;
    pid_t pid;

    if (access(params->path, X_OK) < 0) {
        r = -errno;
        *error = g_strdup_printf(_("the VM worker %s cannot be run: %s (build it, or point "
                                   "PSERIES_VM or --worker at it)"),
                                 params->path, g_strerror(errno));
        return r;
    }
    argv[argc++] = (char *)params->path;
    argv[argc++] = fd_arg;
    if (params->paused)
        argv[argc++] = (char *)"--paused";
    argv[argc++] = (char *)params->xml_path;
    argv[argc] = NULL;

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
        pipe2(status, O_CLOEXEC) < 0) {
        r = -errno;
        *error = g_strdup_printf(_("cannot create the worker's control channel: %s"),
                                 g_strerror(errno));
        goto fail_fds;
    }
    pid = fork();
    if (pid < 0) {
        r = -errno;
        *error = g_strdup_printf(_("cannot fork the VM worker: %s"), g_strerror(errno));
        goto fail_fds;
    }
    if (pid == 0)
        child_exec(params, sv[1], status[1], argv);

    close(sv[1]);
    sv[1] = -1;
    close(status[1]);
    status[1] = -1;
    do
        n = read(status[0], &err, sizeof(err));
    while (n < 0 && errno == EINTR);
    close(status[0]);
    status[0] = -1;
    if (n == sizeof(err)) {
        waitpid(pid, NULL, 0);
        *error = g_strdup_printf(_("cannot execute the VM worker %s: %s"), params->path,
                                 g_strerror(err));
        close(sv[0]);
        return -err;
    }

    struct worker *w = g_new0(struct worker, 1);
    w->pid = pid;
    w->sock = sv[0];
    w->next_serial = 1;
    w->cb = callbacks;
    w->userdata = userdata;
    w->pending = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    (void)fcntl(w->sock, F_SETFL, fcntl(w->sock, F_GETFL) | O_NONBLOCK);
    r = sd_event_add_io(event, &w->io_source, w->sock, EPOLLIN, on_io, w);
    if (r >= 0)
        r = sd_event_add_child(event, &w->child_source, pid, WEXITED, on_child, w);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot watch the VM worker: %s"), g_strerror(-r));
        worker_free(w);
        return r;
    }
    *out = w;
    return 0;

fail_fds:
    for (int i = 0; i < 2; i++) {
        if (sv[i] >= 0)
            close(sv[i]);
        if (status[i] >= 0)
            close(status[i]);
    }
    return r;
}

int worker_request(struct worker *w, uint16_t type, const void *payload, uint32_t length,
                   worker_reply_fn reply, void *userdata)
{
    return worker_request_fd(w, type, payload, length, -1, reply, userdata);
}

int worker_request_fd(struct worker *w, uint16_t type, const void *payload, uint32_t length,
                      int fd, worker_reply_fn reply, void *userdata)
{
    uint32_t serial;
    int r;

    if (w->exited || w->sock < 0)
        return -ECONNRESET;
    serial = w->next_serial++;
    if (w->next_serial == 0)
        w->next_serial = 1;
    r = pseries_wp_send(w->sock, type, serial, 0, payload, length, fd);
    if (r < 0)
        return r;
    struct pending_reply *p = g_new(struct pending_reply, 1);
    p->fn = reply;
    p->userdata = userdata;
    g_hash_table_replace(w->pending, GUINT_TO_POINTER(serial), p);
    return 0;
}

void worker_free(struct worker *w)
{
    if (!w)
        return;
    close_channel(w);
    fail_pending(w);
    w->child_source = sd_event_source_disable_unref(w->child_source);
    if (!w->exited && w->pid > 0) {
        kill(w->pid, SIGKILL);
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    g_hash_table_destroy(w->pending);
    g_free(w);
}
