/* manager.c: one pseriesd instance: bus, store, machines (see manager.h). */
#include "manager.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <systemd/sd-daemon.h>

#include "bus-errors.h"
#include "log.h"

int manager_new(const struct pseriesd_config *config, struct manager **out, char **error)
{
    struct manager *m = g_new0(struct manager, 1);
    int r;

    m->config = config;
    m->next_id = 1;
    m->run_dir = g_build_filename(config->runtime_dir, "run", NULL);
    if (g_mkdir_with_parents(m->run_dir, 0755) < 0) {
        r = -errno;
        *error = g_strdup_printf(_("cannot create directory %s: %s"), m->run_dir,
                                 g_strerror(errno));
        manager_free(m);
        return r;
    }
    r = domain_store_new(config->state_dir, &m->store, error);
    if (r < 0) {
        manager_free(m);
        return r;
    }
    if (!config->user && geteuid() == 0) {
        struct passwd *pw = getpwnam("pseriesd");
        if (pw) {
            m->drop_privileges = true;
            m->worker_uid = pw->pw_uid;
            m->worker_gid = pw->pw_gid;
            domain_store_set_group(m->store, pw->pw_gid);
        } else {
            log_warning(_("user 'pseriesd' does not exist: VM workers will run as root"));
        }
    }
    r = sd_event_new(&m->event);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot create the event loop: %s"), g_strerror(-r));
        manager_free(m);
        return r;
    }
    *out = m;
    return 0;
}

static void free_machines(struct manager *m)
{
    g_autoptr(GPtrArray) list = NULL;

    if (!m->store)
        return;
    list = domain_store_list(m->store);
    for (guint i = 0; i < list->len; i++) {
        struct domain_entry *e = list->pdata[i];
        machine_free(e->userdata);
    }
}

void manager_free(struct manager *m)
{
    if (!m)
        return;
    m->stopping = true;
    if (m->rpc)
        rpc_server_free(m->rpc);
    free_machines(m);
    store_backend_free(m->rpc_backend);
    for (size_t i = 0; i < G_N_ELEMENTS(m->slots); i++)
        sd_bus_slot_unref(m->slots[i]);
    polkit_registry_free(m->polkit);
    if (m->bus) {
        sd_bus_flush(m->bus);
        sd_bus_close_unref(m->bus);
    }
    domain_store_free(m->store);
    sd_event_unref(m->event);
    g_free(m->run_dir);
    g_free(m);
}

/* Live XML files left in RUNTIME_DIR/run by a previous daemon: their VMs
 * were stopped with it (PR_SET_PDEATHSIG). */
static void report_previous_run(struct manager *m)
{
    g_autoptr(GDir) dir = g_dir_open(m->run_dir, 0, NULL);
    const char *file;

    while (dir && (file = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(m->run_dir, file, NULL);
        g_autofree char *name = NULL;
        struct machine *machine;

        if (!g_str_has_suffix(file, ".xml"))
            continue;
        name = g_strndup(file, strlen(file) - 4);
        machine = manager_lookup_name(m, name);
        if (machine) {
            machine->reason = "daemon-restart";
            log_notice(_("'%s' was running when pseriesd stopped; it is shut off now"), name);
        } else {
            log_notice(_("transient machine '%s' was running when pseriesd stopped; it is gone"),
                       name);
        }
        (void)g_unlink(path);
    }
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
    struct manager *m = userdata;

    (void)s;
    log_info(_("received %s, stopping"), sigabbrev_np(si->ssi_signo));
    sd_notify(0, "STOPPING=1");
    /* Stop the VMs now, while the bus still carries the answers to calls
     * waiting for them (sd-bus flushes and closes when the loop exits). */
    m->stopping = true;
    free_machines(m);
    return sd_event_exit(m->event, 0);
}

/* Is process `pid` in group `gid` (primary or supplementary)? */
static bool pid_in_group(pid_t pid, gid_t gid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *status = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents(path, &status, NULL, NULL))
        return false;
    lines = g_strsplit(status, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!g_str_has_prefix(*l, "Groups:"))
            continue;
        g_auto(GStrv) ids = g_strsplit_set(*l + 7, " \t", -1);
        for (char **id = ids; *id; id++)
            if (**id && strtoul(*id, NULL, 10) == gid)
                return true;
    }
    return false;
}

/* Who may use the read-write libvirt socket: root, the daemon's own user,
 * and members of the group pseriesd (as on the system bus). */
static int authorize_rpc(void *userdata, const struct ucred *peer, RpcError *error)
{
    struct group *gr;

    (void)userdata;
    if (peer->uid == 0 || peer->uid == geteuid())
        return 0;
    gr = getgrnam("pseriesd");
    if (gr && (peer->gid == gr->gr_gid || pid_in_group(peer->pid, gr->gr_gid)))
        return 0;
    return rpc_error_set(error, VIR_ERR_ACCESS_DENIED, VIR_FROM_REMOTE,
                         _("user %u is neither root nor in the group pseriesd; connect "
                           "read-only"), (unsigned)peer->uid);
}

/* The libvirt RPC server on the sockets systemd passes (pseriesd.socket),
 * else on --libvirt-socket PATH (and PATH-ro), else on the standard paths. */
static int start_rpc_server(struct manager *m, char **error)
{
    RpcServerConfig cfg;
    DomainBackend backend;
    g_autofree char *rw = NULL;
    g_autofree char *ro = NULL;
    int n, r;

    m->rpc_backend = store_backend_new(m);
    backend = store_backend_get(m->rpc_backend);
    rpc_server_config_init(&cfg);
    cfg.uri_mode = m->config->user ? "session" : "system";
    cfg.emulator_path = m->config->worker_path;
    r = rpc_server_new(m->event, &cfg, &backend, &m->rpc);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot create the libvirt RPC server: %s"), g_strerror(-r));
        return r;
    }
    rpc_server_set_authorizer(m->rpc, authorize_rpc, m);
    n = sd_listen_fds(1);
    for (int i = 0; i < n; i++) {
        r = rpc_server_adopt_fd(m->rpc, SD_LISTEN_FDS_START + i);
        if (r < 0)
            log_warning(_("ignoring socket %d passed by systemd: %s"), SD_LISTEN_FDS_START + i,
                        g_strerror(-r));
    }
    if (n > 0)
        return 0;
    if (m->config->libvirt_socket) {
        rw = g_strdup(m->config->libvirt_socket);
        ro = g_strconcat(rw, "-ro", NULL);
    } else {
        (void)rpc_server_socket_path(m->config->user, false, &rw);
        if (!m->config->user)
            (void)rpc_server_socket_path(false, true, &ro);
    }
    if (!rw)
        return 0;
    g_autofree char *dir = g_path_get_dirname(rw);
    (void)g_mkdir_with_parents(dir, 0755);
    r = rpc_server_listen(m->rpc, rw, false);
    if (r >= 0 && ro)
        r = rpc_server_listen(m->rpc, ro, true);
    if (r < 0)
        /* D-Bus still works: say so and go on. */
        log_warning(_("cannot listen for libvirt clients on %s: %s"), rw, g_strerror(-r));
    return 0;
}

int manager_startup(struct manager *m, char **error)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) list = NULL;
    int r, n;

    r = sd_event_add_signal(m->event, NULL, SIGTERM, on_signal, m);
    if (r >= 0)
        r = sd_event_add_signal(m->event, NULL, SIGINT, on_signal, m);
    if (r >= 0)
        r = sd_event_set_watchdog(m->event, true);   /* WATCHDOG=1 when WATCHDOG_USEC is set */
    if (r < 0) {
        *error = g_strdup_printf(_("cannot set up the event loop: %s"), g_strerror(-r));
        return r;
    }

    r = m->config->user ? sd_bus_open_user(&m->bus) : sd_bus_open_system(&m->bus);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot connect to the %s bus: %s"),
                                 m->config->user ? "session" : "system", g_strerror(-r));
        return r;
    }
    (void)sd_bus_error_add_map(pseriesd_bus_error_map);
    /* Without its bus the daemon is useless: leave (systemd restarts it). */
    (void)sd_bus_set_exit_on_disconnect(m->bus, true);
    r = sd_bus_attach_event(m->bus, m->event, SD_EVENT_PRIORITY_NORMAL);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot attach the bus: %s"), g_strerror(-r));
        return r;
    }
    m->polkit = polkit_registry_new(m->bus, !m->config->user);

    n = domain_store_load(m->store, problems);
    for (guint i = 0; i < problems->len; i++)
        log_warning("%s", (const char *)problems->pdata[i]);
    if (n < 0) {
        *error = g_strdup(problems->len ? problems->pdata[0] : _("cannot load the definitions"));
        return n;
    }
    log_info(_("loaded %d domain definition(s) from %s"), n, m->config->state_dir);
    list = domain_store_list(m->store);
    for (guint i = 0; i < list->len; i++)
        machine_new(m, list->pdata[i]);
    report_previous_run(m);

    r = manager_object_register(m);
    if (r >= 0)
        r = machine_object_register(m);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot export the D-Bus objects: %s"), g_strerror(-r));
        return r;
    }
    r = start_rpc_server(m, error);
    if (r < 0)
        return r;
    r = sd_bus_request_name(m->bus, PSERIESD_BUS_NAME, 0);
    if (r < 0) {
        *error = g_strdup_printf(_("cannot own the bus name %s: %s"), PSERIESD_BUS_NAME,
                                 g_strerror(-r));
        return r;
    }

    for (guint i = 0; i < list->len; i++) {
        struct domain_entry *e = list->pdata[i];
        if (e->autostart && e->userdata) {
            log_info(_("autostarting '%s'"), e->name);
            machine_start(e->userdata, false, NULL, NULL);
        }
    }
    return 0;
}

int manager_run(struct manager *m)
{
    (void)sd_notifyf(0, "READY=1\nSTATUS=%s", _("Serving org.pseriesd1"));
    return sd_event_loop(m->event);
}

static void announce(struct manager *m, struct machine *machine, bool added)
{
    (void)sd_bus_emit_signal(m->bus, PSERIESD_MANAGER_PATH, PSERIESD_MANAGER_IFACE,
                             added ? "MachineNew" : "MachineRemoved", "so",
                             machine->entry->name, machine->object_path);
    if (added)
        (void)sd_bus_emit_object_added(m->bus, machine->object_path);
    else
        (void)sd_bus_emit_object_removed(m->bus, machine->object_path);
    (void)sd_bus_emit_properties_changed(m->bus, PSERIESD_MANAGER_PATH, PSERIESD_MANAGER_IFACE,
                                         "NumMachines", NULL);
}

int manager_define(struct manager *m, const char *xml, struct machine **out, char **error)
{
    struct domain_entry *e = NULL;
    bool created = false;
    int r;

    r = domain_store_define(m->store, xml, _("domain XML"), &e, &created, error);
    if (r < 0)
        return r;
    if (created) {
        machine_new(m, e);
        announce(m, e->userdata, true);
    } else {
        machine_object_emit_changed(m, e->userdata);
    }
    store_backend_notify_definition(m->rpc_backend, e->userdata,
                                    created ? STORE_BACKEND_DEFINED : STORE_BACKEND_UPDATED);
    *out = e->userdata;
    return 0;
}

static void remove_machine(struct manager *m, struct machine *machine)
{
    struct domain_entry *e = machine->entry;

    /* The signals need the name and path: send them before freeing. */
    (void)sd_bus_emit_signal(m->bus, PSERIESD_MANAGER_PATH, PSERIESD_MANAGER_IFACE,
                             "MachineRemoved", "so", e->name, machine->object_path);
    (void)sd_bus_emit_object_removed(m->bus, machine->object_path);
    machine_free(machine);
    domain_store_remove(m->store, e);
    (void)sd_bus_emit_properties_changed(m->bus, PSERIESD_MANAGER_PATH, PSERIESD_MANAGER_IFACE,
                                         "NumMachines", NULL);
}

int manager_undefine(struct manager *m, struct machine *machine, char **error)
{
    int r = domain_store_make_transient(m->store, machine->entry, error);

    if (r < 0)
        return r;
    store_backend_notify_definition(m->rpc_backend, machine, STORE_BACKEND_UNDEFINED);
    if (machine_is_active(machine))
        machine_object_emit_changed(m, machine);    /* Persistent, Autostart */
    else
        remove_machine(m, machine);
    return 0;
}

int manager_create_transient(struct manager *m, const char *xml, struct machine **out,
                             char **error)
{
    struct domain_entry *e = NULL;
    int r = domain_store_add_transient(m->store, xml, _("domain XML"), &e, error);

    if (r < 0)
        return r;
    *out = machine_new(m, e);
    announce(m, *out, true);
    return 0;
}

int manager_set_autostart(struct manager *m, struct machine *machine, bool autostart,
                          char **error)
{
    return domain_store_set_autostart(m->store, machine->entry, autostart, error);
}

struct machine *manager_lookup_name(struct manager *m, const char *name)
{
    struct domain_entry *e = domain_store_lookup_name(m->store, name);

    return e ? e->userdata : NULL;
}

struct machine *manager_lookup_uuid(struct manager *m, const char *uuid, char **error)
{
    uint8_t raw[16];
    struct domain_entry *e;

    if (pseries_uuid_parse(uuid, raw) < 0) {
        *error = g_strdup_printf(_("'%s' is not a UUID"), uuid);
        return NULL;
    }
    e = domain_store_lookup_uuid(m->store, raw);
    if (!e)
        *error = g_strdup_printf(_("No machine with UUID %s"), uuid);
    return e ? e->userdata : NULL;
}

struct machine *manager_lookup_path(struct manager *m, const char *path)
{
    g_autofree char *name = NULL;
    char *decoded = NULL;
    struct machine *machine;

    if (sd_bus_path_decode(path, PSERIESD_MACHINE_PREFIX, &decoded) <= 0 || !decoded)
        return NULL;
    name = g_strdup(decoded);
    free(decoded);
    machine = manager_lookup_name(m, name);
    return machine;
}

int32_t manager_next_id(struct manager *m)
{
    int32_t id = m->next_id++;

    if (m->next_id <= 0)
        m->next_id = 1;
    return id;
}

void manager_machine_changed(struct manager *m, struct machine *machine,
                             enum machine_state old_state)
{
    if (m->stopping)
        return;
    if (m->bus)
        (void)sd_bus_emit_properties_changed(m->bus, machine->object_path,
                                             PSERIESD_MACHINE_IFACE, "State", "StateReason",
                                             NULL);
    store_backend_notify_state(m->rpc_backend, machine, old_state);
}

void manager_machine_stopped(struct manager *m, struct machine *machine)
{
    if (m->stopping || machine->entry->persistent || machine_is_active(machine))
        return;
    remove_machine(m, machine);
}
