/* manager.h: one pseriesd instance.
 *
 * Part of daemon/: owns the sd-event loop, the bus connection, the domain
 * store with one struct machine per domain, and the polkit registry.  The
 * D-Bus objects (manager-object.c, machine-object.c) and the libvirt RPC
 * backend call the manager_* operations; machines report state changes
 * back through manager_machine_changed / manager_machine_stopped.  There is
 * no global state: everything hangs off struct manager.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "daemon-config.h"
#include "domain-store.h"
#include "machine.h"
#include "polkit.h"
#include "rpc-server.h"
#include "store-backend.h"

#define PSERIESD_BUS_NAME     "org.pseriesd1"
#define PSERIESD_MANAGER_PATH "/org/pseriesd1"
#define PSERIESD_MACHINE_PREFIX "/org/pseriesd1/machine"
#define PSERIESD_MANAGER_IFACE "org.pseriesd1.Manager"
#define PSERIESD_MACHINE_IFACE "org.pseriesd1.Machine"

struct manager {
    const struct pseriesd_config *config;
    sd_event *event;
    sd_bus *bus;
    struct domain_store *store;
    struct polkit_registry *polkit;
    char *run_dir;                      /* RUNTIME_DIR/run: live XML files */
    int32_t next_id;
    bool drop_privileges;               /* workers run as user pseriesd */
    uid_t worker_uid;
    gid_t worker_gid;
    bool stopping;                      /* leave live XML files for the next start */
    struct store_backend *rpc_backend;  /* the store as the libvirt RPC server sees it */
    struct RpcServer *rpc;
    sd_bus_slot *slots[6];
};

int manager_new(const struct pseriesd_config *config, struct manager **out, char **error);
void manager_free(struct manager *m);

/* Connect to the bus, load the definitions, export the objects, take the
 * bus name, autostart.  Then run the loop until SIGTERM/SIGINT. */
int manager_startup(struct manager *m, char **error);
int manager_run(struct manager *m);

/* Operations shared by the front ends; negative errno + message (g_free). */
int manager_define(struct manager *m, const char *xml, struct machine **out, char **error);
int manager_undefine(struct manager *m, struct machine *machine, char **error);
/* Add a transient domain; the caller starts it (and it disappears when it
 * stops or fails to start). */
int manager_create_transient(struct manager *m, const char *xml, struct machine **out,
                             char **error);
int manager_set_autostart(struct manager *m, struct machine *machine, bool autostart,
                          char **error);

struct machine *manager_lookup_name(struct manager *m, const char *name);
struct machine *manager_lookup_uuid(struct manager *m, const char *uuid, char **error);
struct machine *manager_lookup_path(struct manager *m, const char *path);

/* D-Bus objects (manager-object.c, machine-object.c). */
int manager_object_register(struct manager *m);
int machine_object_register(struct manager *m);
void machine_object_emit_changed(struct manager *m, struct machine *machine);

/* From struct machine. */
int32_t manager_next_id(struct manager *m);
void manager_machine_changed(struct manager *m, struct machine *machine,
                             enum machine_state old_state);
/* The worker is gone; a transient machine is removed (and freed) here. */
void manager_machine_stopped(struct manager *m, struct machine *machine);
