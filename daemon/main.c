/* main.c: the pseriesd executable.  Parses the command line
 * (daemon-config.h), blocks the signals sd-event handles (SIGTERM, SIGINT,
 * SIGCHLD for the workers), builds the manager, tells systemd READY=1 and
 * runs the event loop until SIGTERM.  See manager.h for the rest. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <systemd/sd-daemon.h>

#include "daemon-config.h"
#include "log.h"
#include "manager.h"

int main(int argc, char **argv)
{
    struct pseriesd_config config;
    g_autofree char *error = NULL;
    struct manager *m = NULL;
    sigset_t mask;
    int r;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    r = pseriesd_config_parse(&config, argc, argv, &error);
    if (r != 0) {
        if (r < 0)
            fprintf(stderr, "pseriesd: %s\n", error);
        pseriesd_config_clear(&config);
        return r < 0 ? 2 : 0;
    }

    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);

    r = manager_new(&config, &m, &error);
    if (r >= 0)
        r = manager_startup(m, &error);
    if (r < 0) {
        log_error("%s", error);
        sd_notifyf(0, "STATUS=%s\nERRNO=%d", error, -r);
    } else {
        r = manager_run(m);
        if (r < 0)
            log_error(_("the event loop failed: %s"), g_strerror(-r));
    }
    manager_free(m);
    pseriesd_config_clear(&config);
    return r < 0 ? 1 : 0;
}
