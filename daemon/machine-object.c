/* machine-object.c: the org.pseriesd1.Machine objects at
 * /org/pseriesd1/machine/<name escaped by sd_bus_path_encode> (interface in
 * dbus/org.pseriesd1.Machine.xml).  One fallback vtable serves every
 * machine; a node enumerator lists them for introspection (busctl tree).
 * Control methods authorise (polkit.h), then call machine.h operations and
 * reply when those complete. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "bus-errors.h"
#include "manager.h"

static int find_machine(sd_bus *bus, const char *path, const char *interface, void *userdata,
                        void **found, sd_bus_error *error)
{
    struct manager *m = userdata;
    struct machine *machine;

    (void)bus, (void)interface, (void)error;
    machine = manager_lookup_path(m, path);
    if (!machine)
        return 0;
    *found = machine;
    return 1;
}

static int enumerate_machines(sd_bus *bus, const char *prefix, void *userdata, char ***nodes,
                              sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autoptr(GPtrArray) list = domain_store_list(m->store);
    char **out;

    (void)bus, (void)prefix, (void)error;
    /* sd-bus frees the list with free(): allocate with malloc. */
    out = calloc(list->len + 1, sizeof(char *));
    if (!out)
        return -ENOMEM;
    for (guint i = 0, k = 0; i < list->len; i++) {
        struct machine *machine = ((struct domain_entry *)list->pdata[i])->userdata;
        if (!machine)
            continue;       /* the daemon is stopping */
        out[k] = strdup(machine->object_path);
        if (!out[k]) {
            for (guint j = 0; j < k; j++)
                free(out[j]);
            free(out);
            return -ENOMEM;
        }
        k++;
    }
    *nodes = out;
    return 0;
}

static const char *op_error_name(int error)
{
    switch (error) {
    case -EBUSY:
    case -EALREADY:     /* another console client is connected */
        return PSERIESD_ERROR_INVALID_STATE;
    case -EOPNOTSUPP:
        return PSERIESD_ERROR_NOT_SUPPORTED;
    default:
        return PSERIESD_ERROR_FAILED;
    }
}

/* Completion of an operation: reply to the parked call. */
static void on_done(struct machine *machine, int error, const char *message, int fd,
                    void *userdata)
{
    sd_bus_message *msg = userdata;

    (void)machine;
    if (error < 0)
        (void)sd_bus_reply_method_errorf(msg, op_error_name(error), "%s",
                                         message ? message : g_strerror(-error));
    else if (fd >= 0)
        (void)sd_bus_reply_method_return(msg, "h", fd);
    else
        (void)sd_bus_reply_method_return(msg, NULL);
    if (fd >= 0)
        close(fd);
    sd_bus_message_unref(msg);
}

typedef void (*machine_op_fn)(struct machine *m, machine_done_fn done, void *userdata);

static int run_op(sd_bus_message *msg, struct machine *machine, machine_op_fn op,
                  sd_bus_error *error)
{
    int r = polkit_authorize(machine->manager->polkit, msg, PSERIESD_POLKIT_ACTION_MANAGE,
                             error);
    if (r <= 0)
        return r < 0 ? r : 1;
    op(machine, on_done, sd_bus_message_ref(msg));
    return 1;
}

static void op_start(struct machine *m, machine_done_fn done, void *userdata)
{
    machine_start(m, false, done, userdata);
}

static void op_console(struct machine *m, machine_done_fn done, void *userdata)
{
    machine_open_console(m, 0, done, userdata);
}

#define DEFINE_METHOD(name, fn)                                                              \
    static int method_##name(sd_bus_message *msg, void *userdata, sd_bus_error *error)      \
    {                                                                                        \
        return run_op(msg, userdata, fn, error);                                             \
    }

DEFINE_METHOD(start, op_start)
DEFINE_METHOD(shutdown, machine_shutdown)
DEFINE_METHOD(destroy, machine_destroy)
DEFINE_METHOD(reboot, machine_reboot)
DEFINE_METHOD(reset, machine_reset)
DEFINE_METHOD(pause, machine_pause)
DEFINE_METHOD(resume, machine_resume)
DEFINE_METHOD(open_console, op_console)

/* Stop's completion: the reply says how the VM ended. */
static void on_stopped(struct machine *machine, int error, const char *message, int fd,
                       void *userdata)
{
    sd_bus_message *msg = userdata;

    if (error < 0) {
        on_done(machine, error, message, fd, userdata);
        return;
    }
    if (fd >= 0)
        close(fd);
    (void)sd_bus_reply_method_return(msg, "s", machine->reason);
    sd_bus_message_unref(msg);
}

#define STOP_TIMEOUT_MAX_USEC (24ULL * 3600 * 1000000)

static int method_stop(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct machine *machine = userdata;
    uint64_t timeout_usec;
    int r;

    r = sd_bus_message_read(msg, "t", &timeout_usec);
    if (r < 0)
        return r;
    if (timeout_usec > STOP_TIMEOUT_MAX_USEC)
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                 _("Timeout %llu us is longer than a day; give the time "
                                   "in microseconds, at most %llu"),
                                 (unsigned long long)timeout_usec,
                                 (unsigned long long)STOP_TIMEOUT_MAX_USEC);
    r = polkit_authorize(machine->manager->polkit, msg, PSERIESD_POLKIT_ACTION_MANAGE, error);
    if (r <= 0)
        return r < 0 ? r : 1;
    machine_stop(machine, timeout_usec, on_stopped, sd_bus_message_ref(msg));
    return 1;
}

static int method_get_xml(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct machine *machine = userdata;

    (void)error;
    return sd_bus_reply_method_return(msg, "s", machine_get_xml(machine));
}

static int property_get(sd_bus *bus, const char *path, const char *interface,
                        const char *property, sd_bus_message *reply, void *userdata,
                        sd_bus_error *error)
{
    struct machine *machine = userdata;
    const struct domain_entry *e = machine->entry;

    (void)bus, (void)path, (void)interface, (void)error;
    if (strcmp(property, "Name") == 0)
        return sd_bus_message_append(reply, "s", e->name);
    if (strcmp(property, "UUID") == 0)
        return sd_bus_message_append(reply, "s", e->uuid_str);
    if (strcmp(property, "State") == 0)
        return sd_bus_message_append(reply, "s", machine_state_to_string(machine->state));
    if (strcmp(property, "StateReason") == 0)
        return sd_bus_message_append(reply, "s", machine->reason);
    if (strcmp(property, "VCPUs") == 0)
        return sd_bus_message_append(reply, "u", pseries_domain_def_get_vcpus(e->def));
    if (strcmp(property, "Memory") == 0)
        return sd_bus_message_append(reply, "t", pseries_domain_def_get_memory_bytes(e->def));
    if (strcmp(property, "Persistent") == 0)
        return sd_bus_message_append(reply, "b", (int)e->persistent);
    if (strcmp(property, "Autostart") == 0)
        return sd_bus_message_append(reply, "b", (int)e->autostart);
    return -ENOENT;
}

static int property_set_autostart(sd_bus *bus, const char *path, const char *interface,
                                  const char *property, sd_bus_message *value, void *userdata,
                                  sd_bus_error *error)
{
    struct machine *machine = userdata;
    g_autofree char *err = NULL;
    int autostart, r;

    (void)path, (void)interface, (void)property;
    r = sd_bus_message_read(value, "b", &autostart);
    if (r < 0)
        return r;
    r = polkit_authorize_sync(machine->manager->polkit, sd_bus_get_current_message(bus),
                              PSERIESD_POLKIT_ACTION_MANAGE, error);
    if (r < 0)
        return r;
    r = manager_set_autostart(machine->manager, machine, autostart, &err);
    if (r < 0)
        return sd_bus_error_set(error, r == -EBUSY ? PSERIESD_ERROR_INVALID_STATE
                                                   : PSERIESD_ERROR_FAILED, err);
    (void)sd_bus_emit_properties_changed(bus, machine->object_path, PSERIESD_MACHINE_IFACE,
                                         "Autostart", NULL);
    return 1;
}

static const sd_bus_vtable machine_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_PROPERTY("Name", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("UUID", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("State", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("StateReason", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("VCPUs", "u", property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("Memory", "t", property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("Persistent", "b", property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_WRITABLE_PROPERTY("Autostart", "b", property_get, property_set_autostart, 0,
                             SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE | SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Start", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_start,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Shutdown", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_shutdown,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Stop", SD_BUS_ARGS("t", timeout_usec), SD_BUS_RESULT("s", reason),
                            method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Destroy", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_destroy,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Reboot", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_reboot,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Reset", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_reset,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Pause", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_pause,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Resume", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_resume,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("GetXML", SD_BUS_NO_ARGS, SD_BUS_RESULT("s", xml), method_get_xml,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("OpenConsole", SD_BUS_NO_ARGS, SD_BUS_RESULT("h", console),
                            method_open_console, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int machine_object_register(struct manager *m)
{
    int r = sd_bus_add_fallback_vtable(m->bus, &m->slots[2], PSERIESD_MACHINE_PREFIX,
                                       PSERIESD_MACHINE_IFACE, machine_vtable, find_machine, m);
    if (r < 0)
        return r;
    return sd_bus_add_node_enumerator(m->bus, &m->slots[3], PSERIESD_MACHINE_PREFIX,
                                      enumerate_machines, m);
}

void machine_object_emit_changed(struct manager *m, struct machine *machine)
{
    (void)sd_bus_emit_properties_changed(m->bus, machine->object_path, PSERIESD_MACHINE_IFACE,
                                         "VCPUs", "Memory", "Persistent", "Autostart", NULL);
}
