/* manager-object.c: the org.pseriesd1.Manager object at /org/pseriesd1
 * (interface in dbus/org.pseriesd1.Manager.xml).  Each method validates its
 * arguments, then authorises (polkit.h) if it changes anything, then calls
 * the manager. */
#include <errno.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "bus-errors.h"
#include "manager.h"

static int check_xml_arg(const char *xml, sd_bus_error *error)
{
    if (!*xml)
        return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS, _("The domain XML is empty"));
    if (strlen(xml) > PSERIES_XML_MAX_DOC_SIZE)
        return sd_bus_error_setf(error, PSERIESD_ERROR_INVALID_CONFIG,
                                 _("The domain XML is larger than %d bytes"),
                                 PSERIES_XML_MAX_DOC_SIZE);
    return 0;
}

static int check_name_arg(const char *name, sd_bus_error *error)
{
    const char *why = NULL;

    if (pseries_domain_name_validate(name, &why) < 0)
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                 _("'%s' is not a valid machine name: %s"), name,
                                 why ? why : _("not allowed"));
    return 0;
}

static int reply_store_error(int r, const char *message, sd_bus_error *error)
{
    return sd_bus_error_set(error, pseriesd_error_name_from_errno(r), message);
}

/* DefineXML and CreateXML: read and check the XML argument, then
 * authorise. 1: go on; 0: polkit answers later (the method returns 1);
 * negative errno on error. */
static int read_xml_then_authorize(struct manager *m, sd_bus_message *msg, const char **xml,
                                   sd_bus_error *error)
{
    int r = sd_bus_message_read(msg, "s", xml);
    if (r < 0)
        return r;
    r = check_xml_arg(*xml, error);
    if (r < 0)
        return r;
    return polkit_authorize(m->polkit, msg, PSERIESD_POLKIT_ACTION_MANAGE, error);
}

static int method_define_xml(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autofree char *err = NULL;
    struct machine *machine = NULL;
    const char *xml;
    int r;

    r = read_xml_then_authorize(m, msg, &xml, error);
    if (r <= 0)
        return r < 0 ? r : 1;
    r = manager_define(m, xml, &machine, &err);
    if (r < 0)
        return reply_store_error(r, err, error);
    return sd_bus_reply_method_return(msg, "o", machine->object_path);
}

static void on_created(struct machine *machine, int error, const char *message, int fd,
                       void *userdata)
{
    sd_bus_message *msg = userdata;

    (void)fd;
    if (error < 0)
        (void)sd_bus_reply_method_errorf(msg, PSERIESD_ERROR_FAILED, "%s", message);
    else
        (void)sd_bus_reply_method_return(msg, "o", machine->object_path);
    sd_bus_message_unref(msg);
}

static int method_create_xml(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autofree char *err = NULL;
    struct machine *machine = NULL;
    const char *xml;
    int r;

    r = read_xml_then_authorize(m, msg, &xml, error);
    if (r <= 0)
        return r < 0 ? r : 1;
    r = manager_create_transient(m, xml, &machine, &err);
    if (r < 0)
        return reply_store_error(r, err, error);
    /* Replies when the VM runs; a failed start removes the machine. */
    machine_start(machine, false, on_created, sd_bus_message_ref(msg));
    return 1;
}

/* Reads a machine name argument and finds the machine: 0, or a D-Bus
 * error (InvalidArgs for a bad name, NoSuchMachine). */
static int read_machine_name(struct manager *m, sd_bus_message *msg, struct machine **out,
                             sd_bus_error *error)
{
    const char *name;
    int r = sd_bus_message_read(msg, "s", &name);

    if (r < 0)
        return r;
    r = check_name_arg(name, error);
    if (r < 0)
        return r;
    *out = manager_lookup_name(m, name);
    if (!*out)
        return sd_bus_error_setf(error, PSERIESD_ERROR_NO_SUCH_MACHINE,
                                 _("No machine named '%s'"), name);
    return 0;
}

static int method_undefine(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autofree char *err = NULL;
    struct machine *machine;
    int r;

    r = read_machine_name(m, msg, &machine, error);
    if (r < 0)
        return r;
    r = polkit_authorize(m->polkit, msg, PSERIESD_POLKIT_ACTION_MANAGE, error);
    if (r <= 0)
        return r < 0 ? r : 1;
    r = manager_undefine(m, machine, &err);
    if (r < 0)
        return reply_store_error(r, err, error);
    return sd_bus_reply_method_return(msg, NULL);
}

static int method_list_machines(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autoptr(GPtrArray) list = domain_store_list(m->store);
    sd_bus_message *reply = NULL;
    int r;

    (void)error;
    r = sd_bus_message_new_method_return(msg, &reply);
    if (r >= 0)
        r = sd_bus_message_open_container(reply, 'a', "(ssso)");
    for (guint i = 0; r >= 0 && i < list->len; i++) {
        struct domain_entry *e = list->pdata[i];
        struct machine *machine = e->userdata;
        if (!machine)
            continue;       /* the daemon is stopping */
        r = sd_bus_message_append(reply, "(ssso)", e->name, e->uuid_str,
                                  machine_state_to_string(machine->state), machine->object_path);
    }
    if (r >= 0)
        r = sd_bus_message_close_container(reply);
    if (r >= 0)
        r = sd_bus_send(NULL, reply, NULL);
    sd_bus_message_unref(reply);
    return r;
}

static int method_get_by_name(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    struct machine *machine;
    int r;

    r = read_machine_name(m, msg, &machine, error);
    if (r < 0)
        return r;
    return sd_bus_reply_method_return(msg, "o", machine->object_path);
}

static int method_get_by_uuid(sd_bus_message *msg, void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;
    g_autofree char *err = NULL;
    struct machine *machine;
    uint8_t raw[16];
    const char *uuid;
    int r;

    r = sd_bus_message_read(msg, "s", &uuid);
    if (r < 0)
        return r;
    if (pseries_uuid_parse(uuid, raw) < 0)
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, _("'%s' is not a UUID"), uuid);
    machine = manager_lookup_uuid(m, uuid, &err);
    if (!machine)
        return sd_bus_error_set(error, PSERIESD_ERROR_NO_SUCH_MACHINE, err);
    return sd_bus_reply_method_return(msg, "o", machine->object_path);
}

static int property_get_num_machines(sd_bus *bus, const char *path, const char *interface,
                                     const char *property, sd_bus_message *reply,
                                     void *userdata, sd_bus_error *error)
{
    struct manager *m = userdata;

    (void)bus, (void)path, (void)interface, (void)property, (void)error;
    return sd_bus_message_append(reply, "u", domain_store_count(m->store));
}

static int property_get_const_string(sd_bus *bus, const char *path, const char *interface,
                                     const char *property, sd_bus_message *reply,
                                     void *userdata, sd_bus_error *error)
{
    (void)bus, (void)path, (void)interface, (void)userdata, (void)error;
    if (strcmp(property, "Version") == 0)
        return sd_bus_message_append(reply, "s", PACKAGE_VERSION);
    return sd_bus_message_append(reply, "s", "pseries");
}

static const sd_bus_vtable manager_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_PROPERTY("Version", "s", property_get_const_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Hypervisor", "s", property_get_const_string, 0,
                    SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("NumMachines", "u", property_get_num_machines, 0,
                    SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_METHOD_WITH_ARGS("DefineXML", SD_BUS_ARGS("s", xml), SD_BUS_RESULT("o", machine),
                            method_define_xml, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("CreateXML", SD_BUS_ARGS("s", xml), SD_BUS_RESULT("o", machine),
                            method_create_xml, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("Undefine", SD_BUS_ARGS("s", name), SD_BUS_NO_RESULT,
                            method_undefine, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("ListMachines", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(ssso)", machines),
                            method_list_machines, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("GetMachineByName", SD_BUS_ARGS("s", name),
                            SD_BUS_RESULT("o", machine), method_get_by_name,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_ARGS("GetMachineByUUID", SD_BUS_ARGS("s", uuid),
                            SD_BUS_RESULT("o", machine), method_get_by_uuid,
                            SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL_WITH_ARGS("MachineNew", SD_BUS_ARGS("s", name, "o", machine), 0),
    SD_BUS_SIGNAL_WITH_ARGS("MachineRemoved", SD_BUS_ARGS("s", name, "o", machine), 0),
    SD_BUS_VTABLE_END,
};

int manager_object_register(struct manager *m)
{
    int r = sd_bus_add_object_vtable(m->bus, &m->slots[0], PSERIESD_MANAGER_PATH,
                                     PSERIESD_MANAGER_IFACE, manager_vtable, m);
    if (r < 0)
        return r;
    return sd_bus_add_object_manager(m->bus, &m->slots[1], PSERIESD_MANAGER_PATH);
}
