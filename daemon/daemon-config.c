/* daemon-config.c: pseriesd's command line and environment (see
 * daemon-config.h).  Defaults: system mode uses /var/lib/pseriesd and
 * /run/pseriesd; --user uses $XDG_STATE_HOME/pseriesd (~/.local/state) and
 * $XDG_RUNTIME_DIR/pseriesd.  The worker is $PSERIES_VM, --worker PATH, or
 * the installed pseries-vm. */
#include "daemon-config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gi18n.h>

static void print_help(const char *argv0)
{
    printf(_("Usage: %s [OPTION...]\n"
             "Manage pSeries virtual machines over D-Bus (org.pseriesd1) and libvirt RPC.\n"
             "\n"
             "  --user              serve the session bus and use per-user directories\n"
             "  --state-dir DIR     keep domain definitions in DIR/domains\n"
             "                      (default /var/lib/pseriesd, or\n"
             "                      $XDG_STATE_HOME/pseriesd with --user)\n"
             "  --runtime-dir DIR   runtime files (default /run/pseriesd, or\n"
             "                      $XDG_RUNTIME_DIR/pseriesd with --user)\n"
             "  --worker PATH       the VM worker executable (default $PSERIES_VM,\n"
             "                      else %s)\n"
             "  --libvirt-socket PATH  listen for libvirt clients on PATH and PATH-ro\n"
             "                      (default: the sockets systemd passes, else\n"
             "                      /run/libvirt/virtpseriesd-sock, or\n"
             "                      $XDG_RUNTIME_DIR/libvirt/virtpseriesd-sock with --user)\n"
             "  -h, --help          show this help and exit\n"
             "  --version           show the version and exit\n"),
           argv0, PSERIES_VM_DEFAULT_PATH);
}

int pseriesd_config_parse(struct pseriesd_config *c, int argc, char **argv, char **error)
{
    enum { OPT_USER = 256, OPT_STATE_DIR, OPT_RUNTIME_DIR, OPT_WORKER, OPT_VERSION, OPT_LIBVIRT_SOCKET };
    static const struct option options[] = {
        { "user", no_argument, NULL, OPT_USER },
        { "state-dir", required_argument, NULL, OPT_STATE_DIR },
        { "runtime-dir", required_argument, NULL, OPT_RUNTIME_DIR },
        { "worker", required_argument, NULL, OPT_WORKER },
        { "libvirt-socket", required_argument, NULL, OPT_LIBVIRT_SOCKET },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        {},
    };
    int opt;

    *c = (struct pseriesd_config){};
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case OPT_USER:
            c->user = true;
            break;
        case OPT_STATE_DIR:
            g_free(c->state_dir);
            c->state_dir = g_strdup(optarg);
            break;
        case OPT_RUNTIME_DIR:
            g_free(c->runtime_dir);
            c->runtime_dir = g_strdup(optarg);
            break;
        case OPT_WORKER:
            g_free(c->worker_path);
            c->worker_path = g_strdup(optarg);
            break;
        case OPT_LIBVIRT_SOCKET:
            g_free(c->libvirt_socket);
            c->libvirt_socket = g_strdup(optarg);
            break;
        case 'h':
            print_help(argv[0]);
            return 1;
        case OPT_VERSION:
            printf("pseriesd %s\n", PACKAGE_VERSION);
            return 1;
        case ':':
            *error = g_strdup_printf(_("option '%s' needs an argument"), argv[optind - 1]);
            return -EINVAL;
        default:
            *error = g_strdup_printf(_("unknown option '%s' (see --help)"), argv[optind - 1]);
            return -EINVAL;
        }
    }
    if (optind < argc) {
        *error = g_strdup_printf(_("unexpected argument '%s' (see --help)"), argv[optind]);
        return -EINVAL;
    }

    if (!c->state_dir) {
        if (c->user)
            c->state_dir = g_build_filename(g_get_user_state_dir(), "pseriesd", NULL);
        else
            c->state_dir = g_strdup("/var/lib/pseriesd");
    }
    if (!c->runtime_dir) {
        if (c->user) {
            const char *xdg = getenv("XDG_RUNTIME_DIR");
            if (!xdg || !*xdg) {
                *error = g_strdup(_("--user needs XDG_RUNTIME_DIR or --runtime-dir"));
                return -EINVAL;
            }
            c->runtime_dir = g_build_filename(xdg, "pseriesd", NULL);
        } else {
            c->runtime_dir = g_strdup("/run/pseriesd");
        }
    }
    if (!c->worker_path) {
        const char *env = getenv("PSERIES_VM");
        c->worker_path = g_strdup(env && *env ? env : PSERIES_VM_DEFAULT_PATH);
    }
    return 0;
}

void pseriesd_config_clear(struct pseriesd_config *c)
{
    g_clear_pointer(&c->state_dir, g_free);
    g_clear_pointer(&c->runtime_dir, g_free);
    g_clear_pointer(&c->worker_path, g_free);
    g_clear_pointer(&c->libvirt_socket, g_free);
}
