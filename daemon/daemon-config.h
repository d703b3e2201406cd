/* daemon-config.h: pseriesd's run-time configuration, from the
 * command line and the environment.  Part of daemon/ (pseriesd); built by
 * main.c and read by the manager, the domain store and the worker spawner. */
#pragma once

#include <stdbool.h>

struct pseriesd_config {
    bool user;              /* --user: session bus, per-user directories */
    char *state_dir;        /* persistent: domains/, autostart/ */
    char *runtime_dir;      /* volatile: run/ (live XML of running VMs) */
    char *worker_path;      /* the pseries-vm executable */
    char *libvirt_socket;   /* --libvirt-socket: read-write socket path (ro: PATH-ro) */
};

/* Returns 0 to run, 1 when --help/--version was handled (exit 0), or a
 * negative errno with *error set to a translated message (g_free it). */
int pseriesd_config_parse(struct pseriesd_config *c, int argc, char **argv, char **error);
void pseriesd_config_clear(struct pseriesd_config *c);
