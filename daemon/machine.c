/* machine.c: the runtime side of one domain: worker supervision, states and
 * lifecycle actions (see machine.h for the states and reasons). */
#include "machine.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "log.h"
#include "manager.h"
#include "worker.h"

#define START_TIMEOUT_USEC   (30ULL * 1000000)
#define DESTROY_GRACE_USEC   (5ULL * 1000000)
#define CRASH_WINDOW_USEC    (60ULL * 1000000)
#define CRASH_RESTARTS_MAX   3
/* A worker that has not yet noticed that the previous console client left
 * answers OPEN_CONSOLE with -EBUSY: ask again, for up to 2 s. */
#define CONSOLE_RETRY_USEC   (50ULL * 1000)
#define CONSOLE_RETRIES      40

struct waiter {
    machine_done_fn fn;
    void *userdata;
};

/* A request in flight to the worker. */
struct op {
    struct machine *m;
    machine_done_fn fn;
    void *userdata;
    /* On success (if the worker has not reported it already). */
    bool set_state;
    enum machine_state state;
    const char *reason;
    bool reboot;            /* the SHUTDOWN of a Reboot: forget it on failure */
};

/* An OPEN_CONSOLE in flight (or waiting to be sent again). */
struct console_open {
    struct machine *m;
    uint64_t session;       /* m->console_session it belongs to */
    int client_fd;          /* given to fn on success (D-Bus); -1 if the caller has it */
    machine_done_fn fn;     /* NULL: the libvirt RPC path, errors are logged */
    void *userdata;
    unsigned attempts;
};

static void machine_do_start(struct machine *m, bool paused, machine_done_fn done,
                             void *userdata);
static void console_cancel_retry(struct machine *m, const char *why);
static void console_drop(struct machine *m);
static void complete_start(struct machine *m, int error, const char *message);
static void complete_waiters(struct machine *m, int error, const char *message);

const char *machine_state_to_string(enum machine_state state)
{
    switch (state) {
    case MACHINE_RUNNING:
        return "running";
    case MACHINE_PAUSED:
        return "paused";
    case MACHINE_IN_SHUTDOWN:
        return "in shutdown";
    case MACHINE_CRASHED:
        return "crashed";
    case MACHINE_SHUT_OFF:
    default:
        return "shut off";
    }
}

bool machine_is_active(const struct machine *m)
{
    return m->worker != NULL;
}

static void set_state(struct machine *m, enum machine_state state, const char *reason)
{
    enum machine_state old = m->state;

    if (m->state == state && m->reason == reason)
        return;
    m->state = state;
    m->reason = reason;
    manager_machine_changed(m->manager, m, old);
}

static void done_error(struct machine *m, machine_done_fn done, void *userdata, int error,
                       const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static void done_error(struct machine *m, machine_done_fn done, void *userdata, int error,
                       const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (done)
        done(m, error, msg, -1, userdata);
}

struct machine *machine_new(struct manager *manager, struct domain_entry *entry)
{
    struct machine *m = g_new0(struct machine, 1);

    m->manager = manager;
    m->entry = entry;
    m->state = MACHINE_SHUT_OFF;
    m->reason = "unknown";
    m->id = -1;
    m->console_fd = -1;
    m->stop_waiters = g_ptr_array_new_with_free_func(g_free);
    sd_bus_path_encode(PSERIESD_MACHINE_PREFIX, entry->name, &m->object_path);
    entry->userdata = m;
    return m;
}

static void drop_worker(struct machine *m)
{
    /* Pending requests (a console among them) fail here, before the
     * console connection is closed: its client sees end of file. */
    worker_free(g_steal_pointer(&m->worker));
    if (m->console_retry_op) {
        g_autofree char *msg = g_strdup_printf(_("The VM worker of '%s' went away before it "
                                                 "answered"), m->entry->name);
        console_cancel_retry(m, msg);
    }
    console_drop(m);
    m->start_timeout = sd_event_source_disable_unref(m->start_timeout);
    m->kill_timer = sd_event_source_disable_unref(m->kill_timer);
    m->stop_deadline = sd_event_source_disable_unref(m->stop_deadline);
    /* A daemon that stops leaves the file: the next start reports the
     * machine as stopped by the daemon restart. */
    if (m->live_xml_path && !m->manager->stopping)
        (void)g_unlink(m->live_xml_path);
    g_clear_pointer(&m->live_xml_path, g_free);
    g_clear_pointer(&m->live_xml, g_free);
    g_clear_pointer(&m->worker_error, g_free);
    m->id = -1;
    m->started = false;
    m->stop_requested = false;
    m->reboot_requested = false;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    if (m->start_done || m->stop_waiters->len) {
        g_autofree char *msg = g_strdup_printf(_("pseriesd stopped '%s'"), m->entry->name);
        complete_start(m, -ECANCELED, msg);
        complete_waiters(m, -ECANCELED, msg);
    }
    drop_worker(m);
    g_ptr_array_unref(m->stop_waiters);
    if (m->entry)
        m->entry->userdata = NULL;
    free(m->object_path);       /* from sd_bus_path_encode */
    g_free(m);
}

const char *machine_get_xml(const struct machine *m)
{
    return m->live_xml ? m->live_xml : m->entry->xml;
}

/* ---- worker reports ---------------------------------------------------- */

static void complete_start(struct machine *m, int error, const char *message)
{
    machine_done_fn fn = m->start_done;
    void *ud = m->start_userdata;

    m->start_done = NULL;
    m->start_userdata = NULL;
    m->start_timeout = sd_event_source_disable_unref(m->start_timeout);
    if (fn)
        fn(m, error, message, -1, ud);
}

static void complete_waiters(struct machine *m, int error, const char *message)
{
    g_autoptr(GPtrArray) waiters = g_steal_pointer(&m->stop_waiters);

    m->stop_waiters = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < waiters->len; i++) {
        struct waiter *w = waiters->pdata[i];
        w->fn(m, error, message, -1, w->userdata);
    }
}

static const char *reason_from_worker(uint32_t reason)
{
    switch (reason) {
    case PSERIES_WP_REASON_BOOTED:
        return "booted";
    case PSERIES_WP_REASON_USER:
        return "user";
    case PSERIES_WP_REASON_UNPAUSED:
        return "unpaused";
    case PSERIES_WP_REASON_GUEST:
        return "guest";
    case PSERIES_WP_REASON_ERROR:
        return "error";
    default:
        return "unknown";
    }
}

static void on_worker_hello(struct worker *w, uint32_t pid, void *userdata)
{
    struct machine *m = userdata;

    if (pid != (uint32_t)worker_get_pid(w))
        log_warning(_("worker of '%s' says it is pid %u, but it is %d"), m->entry->name, pid,
                    (int)worker_get_pid(w));
}

static void on_worker_state(struct worker *w, uint32_t state, uint32_t reason, void *userdata)
{
    struct machine *m = userdata;
    const char *why = reason_from_worker(reason);

    (void)w;
    switch (state) {
    case PSERIES_WP_VM_RUNNING:
        set_state(m, MACHINE_RUNNING, why);
        break;
    case PSERIES_WP_VM_PAUSED:
        set_state(m, MACHINE_PAUSED, why);
        break;
    case PSERIES_WP_VM_SHUTTING_DOWN:
        set_state(m, MACHINE_IN_SHUTDOWN, why);
        break;
    case PSERIES_WP_VM_STOPPED:
        /* The EVENT that follows says what to do. */
        break;
    default:
        log_warning(_("worker of '%s' reported an unknown state %u"), m->entry->name, state);
        return;
    }
    if (!m->started && (state == PSERIES_WP_VM_RUNNING || state == PSERIES_WP_VM_PAUSED)) {
        m->started = true;
        complete_start(m, 0, NULL);
    }
}

static int on_kill_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
    struct machine *m = userdata;

    (void)s;
    (void)usec;
    if (m->worker) {
        log_warning(_("the worker of '%s' did not stop; killing it"), m->entry->name);
        worker_kill(m->worker, SIGKILL);
    }
    return 0;
}

/* Ask the worker to exit; the state becomes "shut off"/reason at the exit. */
static void request_stop(struct machine *m, const char *reason)
{
    if (!m->worker)
        return;
    m->stop_requested = true;
    m->stop_reason = reason;
    if (worker_request(m->worker, PSERIES_WP_DESTROY, NULL, 0, NULL, NULL) < 0) {
        worker_kill(m->worker, SIGKILL);
        return;
    }
    if (!m->kill_timer)
        (void)sd_event_add_time_relative(m->manager->event, &m->kill_timer, CLOCK_MONOTONIC,
                                         DESTROY_GRACE_USEC, 0, on_kill_timer, m);
}

static void request_reset(struct machine *m)
{
    if (m->worker && worker_request(m->worker, PSERIES_WP_RESET, NULL, 0, NULL, NULL) < 0)
        worker_kill(m->worker, SIGKILL);
}

static void apply_lifecycle(struct machine *m, enum pseries_lifecycle action,
                            const char *stop_reason, enum machine_state preserve_state,
                            const char *preserve_reason)
{
    switch (action) {
    case PSERIES_LIFECYCLE_RESTART:
        request_reset(m);
        break;
    case PSERIES_LIFECYCLE_PRESERVE:
        set_state(m, preserve_state, preserve_reason);
        break;
    case PSERIES_LIFECYCLE_DESTROY:
    default:
        request_stop(m, stop_reason);
        break;
    }
}

static void on_worker_event(struct worker *w, uint32_t event, uint32_t detail, void *userdata)
{
    struct machine *m = userdata;
    (void)w;
    switch (event) {
    case PSERIES_WP_EVENT_POWEROFF:
        if (m->reboot_requested) {
            m->reboot_requested = false;
            request_reset(m);
            break;
        }
        apply_lifecycle(m, m->live_on_poweroff, "shutdown", MACHINE_PAUSED, "shutdown");
        break;
    case PSERIES_WP_EVENT_REBOOT:
        apply_lifecycle(m, m->live_on_reboot, "shutdown", MACHINE_PAUSED, "reboot");
        break;
    case PSERIES_WP_EVENT_PANIC:
        log_notice(_("the guest of '%s' crashed (code %u)"), m->entry->name, detail);
        apply_lifecycle(m, m->live_on_crash, "crashed", MACHINE_CRASHED, "panicked");
        break;
    default:
        log_warning(_("worker of '%s' reported an unknown event %u"), m->entry->name, event);
        break;
    }
}

static void on_worker_error(struct worker *w, int error, const char *message, void *userdata)
{
    struct machine *m = userdata;

    (void)w;
    g_free(m->worker_error);
    m->worker_error = message ? g_strdup(message) : g_strdup(g_strerror(-error));
    log_warning(_("worker of '%s': %s"), m->entry->name, m->worker_error);
}

static char *describe_exit(int code, int status)
{
    if (code == CLD_EXITED)
        return g_strdup_printf(_("exited with status %d"), status);
    if (status == SIGSYS)
        /* The worker's seccomp filter kills with SIGSYS and nothing else
         * does (machine/vm/vm-sandbox.c). */
        return g_strdup(_("was killed by signal SYS: it made a system call its seccomp "
                          "allow-list does not have (the kernel log names it: \"audit: "
                          "type=1326 ... syscall=N\"); pseries-vm --no-sandbox runs without "
                          "the filter"));
    return g_strdup_printf(_("was killed by signal %s"), sigabbrev_np(status) ? sigabbrev_np(status)
                                                                              : "?");
}

static void on_worker_exited(struct worker *w, int code, int status, void *userdata)
{
    struct machine *m = userdata;
    g_autofree char *how = describe_exit(code, status);
    g_autofree char *error = g_steal_pointer(&m->worker_error);
    bool planned = m->stop_requested;
    bool was_started = m->started;
    const char *stop_reason = m->stop_reason;
    bool clean = code == CLD_EXITED && status == 0;
    enum pseries_lifecycle on_crash = m->live_on_crash;

    (void)w;
    drop_worker(m);

    if (!was_started) {
        g_autofree char *msg = error
            ? g_strdup_printf(_("The VM worker of '%s' failed to start: %s"), m->entry->name, error)
            : g_strdup_printf(_("The VM worker of '%s' %s before the VM ran"), m->entry->name, how);
        log_warning("%s", msg);
        set_state(m, MACHINE_SHUT_OFF, "failed");
        complete_start(m, -EIO, msg);
    } else if (planned || clean) {
        set_state(m, MACHINE_SHUT_OFF, planned ? stop_reason : "shutdown");
    } else {
        uint64_t now = 0;
        log_warning(_("the VM worker of '%s' %s%s%s"), m->entry->name, how,
                    error ? ": " : "", error ? error : "");
        (void)sd_event_now(m->manager->event, CLOCK_MONOTONIC, &now);
        if (now - m->crash_window_usec > CRASH_WINDOW_USEC) {
            m->crash_window_usec = now;
            m->crash_restarts = 0;
        }
        if (on_crash == PSERIES_LIFECYCLE_RESTART &&
            m->crash_restarts < CRASH_RESTARTS_MAX) {
            m->crash_restarts++;
            set_state(m, MACHINE_CRASHED, "worker-died");
            complete_waiters(m, 0, NULL);
            machine_do_start(m, false, NULL, NULL);
            return;
        }
        set_state(m, MACHINE_CRASHED, "worker-died");
    }
    complete_waiters(m, 0, NULL);
    manager_machine_stopped(m->manager, m);     /* may free m */
}

static const struct worker_callbacks worker_callbacks = {
    .hello = on_worker_hello,
    .state = on_worker_state,
    .event = on_worker_event,
    .error = on_worker_error,
    .exited = on_worker_exited,
};

/* ---- operations -------------------------------------------------------- */

static int on_start_timeout(sd_event_source *s, uint64_t usec, void *userdata)
{
    struct machine *m = userdata;

    (void)s;
    (void)usec;
    if (m->worker && !m->started) {
        g_free(m->worker_error);
        m->worker_error = g_strdup(_("it did not report a running VM within 30 seconds"));
        worker_kill(m->worker, SIGKILL);
    }
    return 0;
}

static void machine_do_start(struct machine *m, bool paused, machine_done_fn done,
                             void *userdata)
{
    struct manager *mgr = m->manager;
    g_autofree char *file = g_strconcat(m->entry->name, ".xml", NULL);
    g_autofree char *path = g_build_filename(mgr->run_dir, file, NULL);
    g_autofree char *error = NULL;
    g_autoptr(GError) gerr = NULL;
    struct worker_spawn_params params = {
        .path = mgr->config->worker_path,
        .xml_path = path,
        .paused = paused,
        .drop_privileges = mgr->drop_privileges,
        .uid = mgr->worker_uid,
        .gid = mgr->worker_gid,
    };
    int r;

    if (!g_file_set_contents_full(path, m->entry->xml, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                  0640, &gerr)) {
        set_state(m, MACHINE_SHUT_OFF, "failed");
        done_error(m, done, userdata, -EIO, _("Cannot start '%s': %s"), m->entry->name,
                   gerr->message);
        manager_machine_stopped(mgr, m);
        return;
    }
    if (mgr->drop_privileges && chown(path, 0, mgr->worker_gid) < 0)
        log_warning(_("cannot give %s to the worker's group: %s"), path, g_strerror(errno));

    r = worker_spawn(mgr->event, &params, &worker_callbacks, m, &m->worker, &error);
    if (r < 0) {
        (void)g_unlink(path);
        log_warning(_("cannot start '%s': %s"), m->entry->name, error);
        set_state(m, MACHINE_SHUT_OFF, "failed");
        done_error(m, done, userdata, -EIO, _("Cannot start '%s': %s"), m->entry->name, error);
        manager_machine_stopped(mgr, m);
        return;
    }
    m->live_xml_path = g_steal_pointer(&path);
    m->live_xml = g_strdup(m->entry->xml);
    m->live_on_poweroff = m->entry->def->on_poweroff;
    m->live_on_reboot = m->entry->def->on_reboot;
    m->live_on_crash = m->entry->def->on_crash;
    m->id = manager_next_id(mgr);
    m->start_done = done;
    m->start_userdata = userdata;
    (void)sd_event_add_time_relative(mgr->event, &m->start_timeout, CLOCK_MONOTONIC,
                                     START_TIMEOUT_USEC, 0, on_start_timeout, m);
}

void machine_start(struct machine *m, bool paused, machine_done_fn done, void *userdata)
{
    if (m->worker) {
        done_error(m, done, userdata, -EBUSY, _("Machine '%s' is already running"),
                   m->entry->name);
        return;
    }
    m->crash_restarts = 0;
    machine_do_start(m, paused, done, userdata);
}

static void on_op_reply(struct worker *w, int error, const char *message, int fd, void *userdata)
{
    struct op *op = userdata;

    (void)w;
    if (error < 0 && op->reboot)
        op->m->reboot_requested = false;
    if (error == -ECONNRESET) {
        if (op->fn)
            done_error(op->m, op->fn, op->userdata, -EIO,
                       _("The VM worker of '%s' went away before it answered"),
                       op->m->entry->name);
    } else if (error < 0) {
        if (op->fn)
            done_error(op->m, op->fn, op->userdata, error == -EOPNOTSUPP ? error : -EIO,
                       _("The VM worker of '%s' refused: %s"), op->m->entry->name,
                       message ? message : g_strerror(-error));
    } else {
        if (op->set_state && op->m->worker)
            set_state(op->m, op->state, op->reason);
        if (op->fn) {
            op->fn(op->m, 0, NULL, fd, op->userdata);
            fd = -1;
        }
    }
    if (fd >= 0)
        close(fd);
    g_free(op);
}

static void send_op_state(struct machine *m, uint16_t type, const void *payload, uint32_t len,
                          bool set, enum machine_state state, const char *reason,
                          machine_done_fn done, void *userdata)
{
    struct op *op = g_new0(struct op, 1);
    int r;

    op->m = m;
    op->fn = done;
    op->userdata = userdata;
    op->set_state = set;
    op->state = state;
    op->reason = reason;
    r = worker_request(m->worker, type, payload, len, on_op_reply, op);
    if (r < 0) {
        g_free(op);
        done_error(m, done, userdata, -EIO, _("Cannot reach the VM worker of '%s': %s"),
                   m->entry->name, g_strerror(-r));
    }
}

static bool require_state(struct machine *m, machine_done_fn done, void *userdata, int allowed)
{
    if (m->worker && m->started && (allowed & (1 << m->state)))
        return true;
    done_error(m, done, userdata, -EBUSY, _("Machine '%s' is %s"), m->entry->name,
               machine_state_to_string(m->state));
    return false;
}

#define S(x) (1 << (x))

void machine_shutdown(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!require_state(m, done, userdata, S(MACHINE_RUNNING) | S(MACHINE_IN_SHUTDOWN)))
        return;
    send_op_state(m, PSERIES_WP_SHUTDOWN, NULL, 0, true, MACHINE_IN_SHUTDOWN, "user", done,
                  userdata);
}

/* done (if any) is called once the worker has exited. */
static void add_stop_waiter(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!done)
        return;
    struct waiter *w = g_new(struct waiter, 1);
    w->fn = done;
    w->userdata = userdata;
    g_ptr_array_add(m->stop_waiters, w);
}

static int on_stop_deadline(sd_event_source *s, uint64_t usec, void *userdata)
{
    struct machine *m = userdata;

    (void)s;
    (void)usec;
    m->stop_deadline = sd_event_source_disable_unref(m->stop_deadline);
    if (m->worker) {
        log_warning(_("'%s' did not power off in time; destroying it"), m->entry->name);
        request_stop(m, "destroyed");
    }
    return 0;
}

/* The SHUTDOWN of a Stop: a worker that refuses it is destroyed at once. */
static void on_stop_shutdown_sent(struct machine *m, int error, const char *message, int fd,
                                  void *userdata)
{
    (void)userdata;
    (void)fd;
    if (error < 0 && m->worker) {
        log_warning(_("'%s' cannot be shut down gracefully (%s); destroying it"),
                    m->entry->name, message ? message : g_strerror(-error));
        request_stop(m, "destroyed");
    }
}

void machine_stop(struct machine *m, uint64_t timeout_usec, machine_done_fn done,
                  void *userdata)
{
    int r;

    if (!require_state(m, done, userdata,
                       S(MACHINE_RUNNING) | S(MACHINE_IN_SHUTDOWN) | S(MACHINE_PAUSED) |
                           S(MACHINE_CRASHED)))
        return;
    add_stop_waiter(m, done, userdata);
    /* A paused or crashed guest cannot answer a power-off request. */
    if (m->state != MACHINE_RUNNING && m->state != MACHINE_IN_SHUTDOWN) {
        request_stop(m, "destroyed");
        return;
    }
    if (!m->stop_deadline) {
        r = sd_event_add_time_relative(m->manager->event, &m->stop_deadline, CLOCK_MONOTONIC,
                                       timeout_usec, 0, on_stop_deadline, m);
        if (r < 0) {
            request_stop(m, "destroyed");
            return;
        }
    }
    if (m->state == MACHINE_RUNNING)
        send_op_state(m, PSERIES_WP_SHUTDOWN, NULL, 0, true, MACHINE_IN_SHUTDOWN, "user",
                      on_stop_shutdown_sent, NULL);
}

void machine_reboot(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!require_state(m, done, userdata, S(MACHINE_RUNNING)))
        return;
    struct op *op = g_new0(struct op, 1);
    int r;

    m->reboot_requested = true;
    op->m = m;
    op->fn = done;
    op->userdata = userdata;
    op->reboot = true;
    r = worker_request(m->worker, PSERIES_WP_SHUTDOWN, NULL, 0, on_op_reply, op);
    if (r < 0) {
        g_free(op);
        m->reboot_requested = false;
        done_error(m, done, userdata, -EIO, _("Cannot reach the VM worker of '%s': %s"),
                   m->entry->name, g_strerror(-r));
    }
}

void machine_reset(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!require_state(m, done, userdata,
                       S(MACHINE_RUNNING) | S(MACHINE_PAUSED) | S(MACHINE_IN_SHUTDOWN) |
                           S(MACHINE_CRASHED)))
        return;
    send_op_state(m, PSERIES_WP_RESET, NULL, 0, true, MACHINE_RUNNING, "booted", done, userdata);
}

void machine_pause(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!require_state(m, done, userdata, S(MACHINE_RUNNING) | S(MACHINE_IN_SHUTDOWN)))
        return;
    send_op_state(m, PSERIES_WP_PAUSE, NULL, 0, true, MACHINE_PAUSED, "user", done, userdata);
}

void machine_resume(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!require_state(m, done, userdata, S(MACHINE_PAUSED)))
        return;
    send_op_state(m, PSERIES_WP_RESUME, NULL, 0, true, MACHINE_RUNNING, "unpaused", done,
                  userdata);
}

/* ---- console ----------------------------------------------------------- */

/* Is a client still connected to the console?  (The client's end closed:
 * our copy of the worker's end reports a hang-up.) */
static bool console_connected(struct machine *m)
{
    struct pollfd p = { .fd = m->console_fd, .events = 0 };

    if (m->console_fd < 0)
        return false;
    if (poll(&p, 1, 0) < 0)
        return true;        /* cannot tell: assume it is */
    return !(p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Forget the connection; shutting it down ends it for the worker and the
 * client alike (both hold the same sockets). */
static void console_drop(struct machine *m)
{
    if (m->console_fd < 0)
        return;
    (void)shutdown(m->console_fd, SHUT_RDWR);
    close(m->console_fd);
    m->console_fd = -1;
    m->console_session++;
}

static void console_finish(struct console_open *op, int error, const char *message)
{
    struct machine *m = op->m;

    if (error < 0) {
        if (op->session == m->console_session)
            console_drop(m);
        if (op->client_fd >= 0)
            close(op->client_fd);
        if (op->fn)
            op->fn(m, error, message, -1, op->userdata);
        else
            log_warning(_("the console of '%s' could not be connected: %s"), m->entry->name,
                        message);
    } else if (op->fn) {
        op->fn(m, 0, NULL, op->client_fd, op->userdata);
    } else if (op->client_fd >= 0) {
        close(op->client_fd);
    }
    g_free(op);
}

static void console_cancel_retry(struct machine *m, const char *why)
{
    struct console_open *op = g_steal_pointer(&m->console_retry_op);

    m->console_retry = sd_event_source_disable_unref(m->console_retry);
    if (op)
        console_finish(op, -EIO, why);
}

static int console_send(struct console_open *op, char **error);
static int on_console_retry_timer(sd_event_source *s, uint64_t usec, void *userdata);

static void on_console_reply(struct worker *w, int error, const char *message, int fd,
                             void *userdata)
{
    struct console_open *op = userdata;
    struct machine *m = op->m;
    g_autofree char *msg = NULL;

    (void)w;
    if (fd >= 0)
        close(fd);      /* we brought our own socket; the worker sends none back */
    if (error == -EBUSY && op->session == m->console_session && m->worker &&
        !m->console_retry_op && op->attempts < CONSOLE_RETRIES &&
        sd_event_add_time_relative(m->manager->event, &m->console_retry, CLOCK_MONOTONIC,
                                   CONSOLE_RETRY_USEC, 0, on_console_retry_timer, m) >= 0) {
        op->attempts++;
        m->console_retry_op = op;
        return;
    }
    if (error == -ECONNRESET) {
        msg = g_strdup_printf(_("The VM worker of '%s' went away before it answered"),
                              m->entry->name);
        console_finish(op, -EIO, msg);
    } else if (error < 0) {
        msg = g_strdup_printf(_("The VM worker of '%s' refused: %s"), m->entry->name,
                              message ? message : g_strerror(-error));
        console_finish(op, error == -EBUSY ? -EALREADY : -EIO, msg);
    } else if (op->session != m->console_session) {
        /* A forced open replaced it meanwhile. */
        msg = g_strdup_printf(_("Another client took over the console of '%s'"),
                              m->entry->name);
        console_finish(op, -EALREADY, msg);
    } else {
        console_finish(op, 0, NULL);
    }
}

static int on_console_retry_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
    struct machine *m = userdata;
    struct console_open *op = g_steal_pointer(&m->console_retry_op);
    g_autofree char *error = NULL;

    (void)s;
    (void)usec;
    m->console_retry = sd_event_source_disable_unref(m->console_retry);
    if (op && console_send(op, &error) < 0)
        console_finish(op, -EIO, error);
    return 0;
}

static int console_send(struct console_open *op, char **error)
{
    struct machine *m = op->m;
    struct pseries_wp_console c = { .vty = 0 };
    int r;

    if (!m->worker || op->session != m->console_session) {
        *error = g_strdup_printf(_("Machine '%s' is %s"), m->entry->name,
                                 machine_state_to_string(m->state));
        return -EBUSY;
    }
    r = worker_request_fd(m->worker, PSERIES_WP_OPEN_CONSOLE, &c, sizeof(c), m->console_fd,
                          on_console_reply, op);
    if (r < 0) {
        *error = g_strdup_printf(_("Cannot reach the VM worker of '%s': %s"), m->entry->name,
                                 g_strerror(-r));
        return -EIO;
    }
    return 0;
}

/* Checks, then a new connection: m->console_fd is the worker's end,
 * *client_fd the client's. */
static int console_begin(struct machine *m, unsigned vty, bool force, int *client_fd,
                         char **error)
{
    int sv[2];

    if (!m->worker || !m->started) {
        *error = g_strdup_printf(_("Machine '%s' is %s"), m->entry->name,
                                 machine_state_to_string(m->state));
        return -EBUSY;
    }
    if (vty != 0) {
        *error = g_strdup_printf(_("Machine '%s' has no console %u"), m->entry->name, vty);
        return -ENODEV;
    }
    if (!force && (m->console_retry_op || console_connected(m))) {
        *error = g_strdup_printf(_("Active console session exists for machine '%s'"),
                                 m->entry->name);
        return -EALREADY;
    }
    /* Cut off (or clean up after) the previous client. */
    console_drop(m);
    if (m->console_retry_op) {
        g_autofree char *msg = g_strdup_printf(_("Another client took over the console of "
                                                 "'%s'"), m->entry->name);
        console_cancel_retry(m, msg);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        *error = g_strdup_printf(_("Cannot connect the console of '%s': %s"), m->entry->name,
                                 g_strerror(errno));
        return -EIO;
    }
    m->console_fd = sv[1];
    m->console_session++;
    *client_fd = sv[0];
    return 0;
}

void machine_open_console(struct machine *m, unsigned vty, machine_done_fn done, void *userdata)
{
    g_autofree char *error = NULL;
    struct console_open *op;
    int client_fd = -1;
    int r = console_begin(m, vty, false, &client_fd, &error);

    if (r < 0) {
        if (done)
            done(m, r, error, -1, userdata);
        return;
    }
    op = g_new0(struct console_open, 1);
    op->m = m;
    op->session = m->console_session;
    op->client_fd = client_fd;
    op->fn = done;
    op->userdata = userdata;
    r = console_send(op, &error);
    if (r < 0)
        console_finish(op, r, error);
}

int machine_open_console_fd(struct machine *m, unsigned vty, bool force, int *fd, char **error)
{
    struct console_open *op;
    int client_fd = -1;
    int r = console_begin(m, vty, force, &client_fd, error);

    if (r < 0)
        return r;
    op = g_new0(struct console_open, 1);
    op->m = m;
    op->session = m->console_session;
    op->client_fd = -1;
    r = console_send(op, error);
    if (r < 0) {
        g_free(op);
        console_drop(m);
        close(client_fd);
        return r;
    }
    *fd = client_fd;
    return 0;
}

void machine_destroy(struct machine *m, machine_done_fn done, void *userdata)
{
    if (!m->worker) {
        done_error(m, done, userdata, -EBUSY, _("Machine '%s' is not running"), m->entry->name);
        return;
    }
    add_stop_waiter(m, done, userdata);
    if (!m->started) {
        /* Still starting: there is no VM to stop cleanly. */
        m->stop_requested = true;
        m->stop_reason = "destroyed";
        g_free(m->worker_error);
        m->worker_error = g_strdup(_("it was destroyed while starting"));
        worker_kill(m->worker, SIGKILL);
        return;
    }
    request_stop(m, "destroyed");
}
