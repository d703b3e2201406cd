/* store-backend.c: DomainBackendOps (domain-backend.h) over the manager,
 * the domain store and the machines (see store-backend.h). */
#include "store-backend.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "manager.h"

struct store_backend {
    struct manager *manager;
    DomainEventSink sink;
    void *sink_userdata;
};

static void fill_ref(const struct machine *m, DomainRef *out)
{
    out->name = g_strdup(m->entry->name);
    memcpy(out->uuid, m->entry->uuid, DOMAIN_UUID_LEN);
    out->id = m->worker ? m->id : -1;
}

static struct machine *by_uuid(struct store_backend *b, const uint8_t uuid[DOMAIN_UUID_LEN],
                               RpcError *error)
{
    struct domain_entry *e = domain_store_lookup_uuid(b->manager->store, uuid);
    char str[37];

    if (e && e->userdata)
        return e->userdata;
    pseries_uuid_format(uuid, str);
    rpc_error_set(error, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                  _("Domain not found: no domain with matching uuid '%s'"), str);
    return NULL;
}

/* A store/manager errno and message as the libvirt error virsh shows. */
static int store_error(RpcError *error, int r, const char *message)
{
    int code;

    switch (r) {
    case -EINVAL:
    case -E2BIG:
        code = VIR_ERR_XML_ERROR;
        break;
    case -EOPNOTSUPP:
        code = VIR_ERR_CONFIG_UNSUPPORTED;
        break;
    case -EEXIST:
        code = VIR_ERR_OPERATION_FAILED;
        break;
    case -ENOENT:
        code = VIR_ERR_NO_DOMAIN;
        break;
    case -EBUSY:
        code = VIR_ERR_OPERATION_INVALID;
        break;
    default:
        code = VIR_ERR_OPERATION_FAILED;
        break;
    }
    rpc_error_set(error, code, VIR_FROM_DOMAIN, "%s", message ? message : g_strerror(-r));
    return r;
}

static int op_list(void *data, DomainRef **refs, size_t *n, RpcError *error)
{
    struct store_backend *b = data;
    g_autoptr(GPtrArray) list = domain_store_list(b->manager->store);

    (void)error;
    *refs = g_new0(DomainRef, list->len ? list->len : 1);
    *n = 0;
    for (guint i = 0; i < list->len; i++) {
        struct machine *m = ((struct domain_entry *)list->pdata[i])->userdata;
        if (m)
            fill_ref(m, &(*refs)[(*n)++]);
    }
    return 0;
}

static int op_lookup_by_uuid(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], DomainRef *out,
                             RpcError *error)
{
    struct machine *m = by_uuid(data, uuid, error);

    if (!m)
        return -ENOENT;
    fill_ref(m, out);
    return 0;
}

static int op_lookup_by_name(void *data, const char *name, DomainRef *out, RpcError *error)
{
    struct store_backend *b = data;
    struct machine *m = manager_lookup_name(b->manager, name);

    if (!m)
        return rpc_error_set(error, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                             _("Domain not found: no domain with matching name '%s'"), name),
               -ENOENT;
    fill_ref(m, out);
    return 0;
}

static int op_lookup_by_id(void *data, int32_t id, DomainRef *out, RpcError *error)
{
    struct store_backend *b = data;
    g_autoptr(GPtrArray) list = domain_store_list(b->manager->store);

    for (guint i = 0; i < list->len; i++) {
        struct machine *m = ((struct domain_entry *)list->pdata[i])->userdata;
        if (m && m->worker && m->id == id) {
            fill_ref(m, out);
            return 0;
        }
    }
    rpc_error_set(error, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                  _("Domain not found: no domain with matching id %d"), id);
    return -ENOENT;
}

static int op_define(void *data, const char *xml, uint32_t flags, DomainRef *out,
                     RpcError *error)
{
    struct store_backend *b = data;
    g_autofree char *err = NULL;
    struct machine *m = NULL;
    int r;

    (void)flags;
    r = manager_define(b->manager, xml, &m, &err);
    if (r < 0)
        return store_error(error, r, err);
    fill_ref(m, out);
    return 0;
}

static int op_undefine(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                       RpcError *error)
{
    struct store_backend *b = data;
    g_autofree char *err = NULL;
    struct machine *m = by_uuid(b, uuid, error);
    int r;

    (void)flags;
    if (!m)
        return -ENOENT;
    r = manager_undefine(b->manager, m, &err);
    return r < 0 ? store_error(error, r, err) : 0;
}

/* Operations complete through a machine_done_fn, sometimes at once (a
 * refusal, a worker that cannot be spawned), sometimes later.  An early
 * completion becomes this call's error; a later one is reported by the
 * lifecycle events. */
struct pending {
    bool returned;
    bool completed;
    int error;
    char *message;
};

static void on_done(struct machine *m, int error, const char *message, int fd, void *userdata)
{
    struct pending *p = userdata;

    (void)m;
    if (fd >= 0)
        close(fd);
    if (p->returned) {
        g_free(p);
        return;
    }
    p->completed = true;
    p->error = error;
    p->message = g_strdup(message);
}

typedef void (*op_fn)(struct machine *m, machine_done_fn done, void *userdata);

static int run_op(struct store_backend *b, const uint8_t uuid[DOMAIN_UUID_LEN], op_fn fn,
                  RpcError *error)
{
    struct machine *m = by_uuid(b, uuid, error);
    struct pending *p;
    int r = 0;

    if (!m)
        return -ENOENT;
    p = g_new0(struct pending, 1);
    fn(m, on_done, p);
    p->returned = true;
    if (!p->completed)
        return 0;       /* on_done frees p later */
    if (p->error < 0)
        r = store_error(error, p->error, p->message);
    g_free(p->message);
    g_free(p);
    return r;
}

static void start_running(struct machine *m, machine_done_fn done, void *userdata)
{
    machine_start(m, false, done, userdata);
}

static void start_paused(struct machine *m, machine_done_fn done, void *userdata)
{
    machine_start(m, true, done, userdata);
}

static int op_start(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                    RpcError *error)
{
    return run_op(data, uuid, (flags & VIR_DOMAIN_START_PAUSED) ? start_paused : start_running,
                  error);
}

static int op_create_xml(void *data, const char *xml, uint32_t flags, DomainRef *out,
                         RpcError *error)
{
    struct store_backend *b = data;
    g_autofree char *err = NULL;
    struct machine *m = NULL;
    uint8_t uuid[DOMAIN_UUID_LEN];
    int r;

    r = manager_create_transient(b->manager, xml, &m, &err);
    if (r < 0)
        return store_error(error, r == -EEXIST ? -EEXIST : r, err);
    memcpy(uuid, m->entry->uuid, DOMAIN_UUID_LEN);
    fill_ref(m, out);
    /* A failed start removes the transient machine again. */
    r = run_op(b, uuid, (flags & VIR_DOMAIN_START_PAUSED) ? start_paused : start_running, error);
    if (r < 0)
        domain_ref_clear(out);
    return r;
}

/* start_wait / create_xml_wait: the machine's start completion, as the
 * libvirt error the client sees. */
struct start_wait {
    DomainDoneFn done;
    void *userdata;
};

static void on_start_done(struct machine *m, int error, const char *message, int fd,
                          void *userdata)
{
    struct start_wait *w = userdata;
    RpcError e = {};

    (void)m;
    if (fd >= 0)
        close(fd);
    if (error < 0) {
        store_error(&e, error, message);
        w->done(w->userdata, error, &e);
        rpc_error_clear(&e);
    } else {
        w->done(w->userdata, 0, NULL);
    }
    g_free(w);
}

static void start_with(struct machine *m, uint32_t flags, DomainDoneFn done, void *userdata)
{
    struct start_wait *w = g_new0(struct start_wait, 1);

    w->done = done;
    w->userdata = userdata;
    machine_start(m, (flags & VIR_DOMAIN_START_PAUSED) != 0, on_start_done, w);
}

static void op_start_wait(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                          DomainDoneFn done, void *userdata)
{
    RpcError e = {};
    struct machine *m = by_uuid(data, uuid, &e);

    if (!m) {
        done(userdata, -ENOENT, &e);
        rpc_error_clear(&e);
        return;
    }
    start_with(m, flags, done, userdata);
}

static int op_create_xml_wait(void *data, const char *xml, uint32_t flags, DomainRef *out,
                              DomainDoneFn done, void *userdata, RpcError *error)
{
    struct store_backend *b = data;
    g_autofree char *err = NULL;
    struct machine *m = NULL;
    int r;

    r = manager_create_transient(b->manager, xml, &m, &err);
    if (r < 0)
        return store_error(error, r, err);
    fill_ref(m, out);
    /* A failed start removes the transient machine again. */
    start_with(m, flags, done, userdata);
    return 0;
}

#define SIMPLE_OP(name, fn)                                                                  \
    static int op_##name(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,   \
                         RpcError *error)                                                    \
    {                                                                                        \
        (void)flags;                                                                         \
        return run_op(data, uuid, fn, error);                                                \
    }

SIMPLE_OP(destroy, machine_destroy)
SIMPLE_OP(shutdown, machine_shutdown)
SIMPLE_OP(reboot, machine_reboot)
SIMPLE_OP(reset, machine_reset)

static int op_suspend(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], RpcError *error)
{
    return run_op(data, uuid, machine_pause, error);
}

static int op_resume(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], RpcError *error)
{
    return run_op(data, uuid, machine_resume, error);
}

static void state_of(const struct machine *m, int32_t *state, int32_t *reason)
{
    const char *why = m->reason;

    switch (m->state) {
    case MACHINE_RUNNING:
        *state = VIR_DOMAIN_RUNNING;
        *reason = !strcmp(why, "booted")     ? VIR_DOMAIN_RUNNING_BOOTED
                  : !strcmp(why, "unpaused") ? VIR_DOMAIN_RUNNING_UNPAUSED
                                             : VIR_DOMAIN_RUNNING_UNKNOWN;
        break;
    case MACHINE_PAUSED:
        *state = VIR_DOMAIN_PAUSED;
        *reason = !strcmp(why, "user")       ? VIR_DOMAIN_PAUSED_USER
                  : !strcmp(why, "shutdown") ? VIR_DOMAIN_PAUSED_SHUTTING_DOWN
                                             : VIR_DOMAIN_PAUSED_UNKNOWN;
        break;
    case MACHINE_IN_SHUTDOWN:
        *state = VIR_DOMAIN_SHUTDOWN;
        *reason = VIR_DOMAIN_SHUTDOWN_USER;
        break;
    case MACHINE_CRASHED:
        *state = VIR_DOMAIN_CRASHED;
        *reason = !strcmp(why, "panicked") ? VIR_DOMAIN_CRASHED_PANICKED
                                           : VIR_DOMAIN_CRASHED_UNKNOWN;
        break;
    case MACHINE_SHUT_OFF:
    default:
        *state = VIR_DOMAIN_SHUTOFF;
        *reason = !strcmp(why, "shutdown")         ? VIR_DOMAIN_SHUTOFF_SHUTDOWN
                  : !strcmp(why, "destroyed")      ? VIR_DOMAIN_SHUTOFF_DESTROYED
                  : !strcmp(why, "crashed")        ? VIR_DOMAIN_SHUTOFF_CRASHED
                  : !strcmp(why, "failed")         ? VIR_DOMAIN_SHUTOFF_FAILED
                  : !strcmp(why, "daemon-restart") ? VIR_DOMAIN_SHUTOFF_DAEMON
                                                   : VIR_DOMAIN_SHUTOFF_UNKNOWN;
        break;
    }
}

static int op_get_status(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], DomainStatus *out,
                         RpcError *error)
{
    struct machine *m = by_uuid(data, uuid, error);
    const struct pseries_domain_def *def;

    if (!m)
        return -ENOENT;
    def = m->entry->def;
    state_of(m, &out->state, &out->reason);
    out->max_mem_kib = pseries_domain_def_get_memory_bytes(def) / 1024;
    if (def->max_memory_kib)
        out->max_mem_kib = def->max_memory_kib;
    out->mem_kib = def->current_memory_kib ? def->current_memory_kib
                                           : pseries_domain_def_get_memory_bytes(def) / 1024;
    out->n_vcpus = pseries_domain_def_get_current_vcpus(def);
    out->cpu_time_ns = 0;
    out->persistent = m->entry->persistent;
    out->autostart = m->entry->autostart;
    out->managed_save = false;
    out->os_type = g_strdup("hvm");
    return 0;
}

static int op_get_xml(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                      char **xml, RpcError *error)
{
    struct machine *m = by_uuid(data, uuid, error);

    if (!m)
        return -ENOENT;
    *xml = g_strdup((flags & VIR_DOMAIN_XML_INACTIVE) ? m->entry->xml : machine_get_xml(m));
    return 0;
}

static int op_set_autostart(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], bool autostart,
                            RpcError *error)
{
    struct store_backend *b = data;
    g_autofree char *err = NULL;
    struct machine *m = by_uuid(b, uuid, error);
    int r;

    if (!m)
        return -ENOENT;
    r = manager_set_autostart(b->manager, m, autostart, &err);
    if (r < 0)
        return store_error(error, r, err);
    machine_object_emit_changed(b->manager, m);
    return 0;
}

static int op_subscribe(void *data, DomainEventSink sink, void *userdata)
{
    struct store_backend *b = data;

    b->sink = sink;
    b->sink_userdata = userdata;
    return 0;
}

static void op_unsubscribe(void *data)
{
    struct store_backend *b = data;

    b->sink = NULL;
    b->sink_userdata = NULL;
}

/* virsh console: the client's end of a new console connection at once; the
 * worker attaches the other end when it reads the request (see
 * machine_open_console_fd).  Device names as libvirt gives them to the
 * first console: none, "console0" or "serial0". */
static int op_open_console(void *data, const uint8_t uuid[DOMAIN_UUID_LEN], const char *device,
                           uint32_t flags, int *fd, RpcError *error)
{
    struct machine *m = by_uuid(data, uuid, error);
    g_autofree char *err = NULL;
    int r;

    if (!m)
        return -ENOENT;
    if (device && strcmp(device, "console0") != 0 && strcmp(device, "serial0") != 0) {
        rpc_error_set(error, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
                      _("cannot find character device %s"), device);
        return -ENODEV;
    }
    r = machine_open_console_fd(m, 0, (flags & VIR_DOMAIN_CONSOLE_FORCE) != 0, fd, &err);
    if (r == -EALREADY) {
        rpc_error_set(error, VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN, "%s", err);
        return r;
    }
    return r < 0 ? store_error(error, r, err) : 0;
}

static const DomainBackendOps store_backend_ops = {
    .list = op_list,
    .lookup_by_uuid = op_lookup_by_uuid,
    .lookup_by_name = op_lookup_by_name,
    .lookup_by_id = op_lookup_by_id,
    .define = op_define,
    .undefine = op_undefine,
    .start = op_start,
    .create_xml = op_create_xml,
    .start_wait = op_start_wait,
    .create_xml_wait = op_create_xml_wait,
    .destroy = op_destroy,
    .shutdown = op_shutdown,
    .reboot = op_reboot,
    .reset = op_reset,
    .suspend = op_suspend,
    .resume = op_resume,
    .get_status = op_get_status,
    .get_xml = op_get_xml,
    .set_autostart = op_set_autostart,
    .open_console = op_open_console,
    .subscribe = op_subscribe,
    .unsubscribe = op_unsubscribe,
};

struct store_backend *store_backend_new(struct manager *manager)
{
    struct store_backend *b = g_new0(struct store_backend, 1);

    b->manager = manager;
    return b;
}

void store_backend_free(struct store_backend *b)
{
    g_free(b);
}

DomainBackend store_backend_get(struct store_backend *b)
{
    return (DomainBackend){ .ops = &store_backend_ops, .data = b };
}

static void emit(struct store_backend *b, struct machine *m, int32_t event, int32_t detail)
{
    DomainRef ref = {};

    if (!b || !b->sink)
        return;
    fill_ref(m, &ref);
    b->sink(b->sink_userdata, &ref, event, detail);
    domain_ref_clear(&ref);
}

void store_backend_notify_definition(struct store_backend *b, struct machine *machine,
                                     enum store_backend_change change)
{
    switch (change) {
    case STORE_BACKEND_DEFINED:
        emit(b, machine, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED);
        break;
    case STORE_BACKEND_UPDATED:
        emit(b, machine, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_UPDATED);
        break;
    case STORE_BACKEND_UNDEFINED:
        emit(b, machine, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
        break;
    }
}

void store_backend_notify_state(struct store_backend *b, struct machine *m,
                                enum machine_state old)
{
    const char *why = m->reason;

    switch (m->state) {
    case MACHINE_RUNNING:
        if (old == MACHINE_PAUSED)
            emit(b, m, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        else if (old != MACHINE_IN_SHUTDOWN && old != MACHINE_RUNNING)
            emit(b, m, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
        break;
    case MACHINE_PAUSED:
        if (old == MACHINE_SHUT_OFF || old == MACHINE_CRASHED)
            emit(b, m, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
        emit(b, m, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        break;
    case MACHINE_IN_SHUTDOWN:
        break;
    case MACHINE_CRASHED:
        if (!strcmp(why, "panicked"))
            emit(b, m, VIR_DOMAIN_EVENT_CRASHED, VIR_DOMAIN_EVENT_CRASHED_PANICKED);
        else
            emit(b, m, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED);
        break;
    case MACHINE_SHUT_OFF:
        if (old == MACHINE_SHUT_OFF)
            break;          /* e.g. a start that failed before the VM ran */
        emit(b, m, VIR_DOMAIN_EVENT_STOPPED,
             !strcmp(why, "destroyed") ? VIR_DOMAIN_EVENT_STOPPED_DESTROYED
             : !strcmp(why, "crashed") ? VIR_DOMAIN_EVENT_STOPPED_CRASHED
             : !strcmp(why, "failed")  ? VIR_DOMAIN_EVENT_STOPPED_FAILED
                                       : VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
        break;
    }
}
