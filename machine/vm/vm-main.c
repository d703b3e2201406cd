/* machine/vm/vm-main.c: `pseries-vm`, one pSeries VM in one process
 * (design.md "Process model"). In the foreground it owns the terminal as
 * the guest's console and applies on_poweroff/on_reboot/on_crash itself;
 * under pseriesd (--control-fd) it reports to the daemon and obeys it
 * (daemon/worker-protocol.h). The main thread runs the poll loop below:
 * console, control channel, signals, and the wake-ups of the vCPU threads
 * (guest power events, engine failures). Once everything the domain
 * needs is open and the first boot payload is in RAM, the worker enters
 * its sandbox (vm-sandbox.c) before the vCPU threads start, in every mode
 * (foreground, under pseriesd, as pseries-vm@.service). */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "devices.h"
#include "pseries-domain.h"
#include "vm-sandbox.h"
#include "vm.h"
#include "worker-protocol.h"

static void usage(FILE *f)
{
    fprintf(f, _("Usage: pseries-vm [OPTION]... DOMAIN.xml\n"
                 "Run one IBM pSeries (PAPR) virtual machine described by a libvirt domain XML.\n"
                 "\n"
                 "In the foreground the terminal is the guest's first console (hvc0):\n"
                 "  Ctrl-a x  quit, Ctrl-a h  help, Ctrl-a a  send Ctrl-a.\n"
                 "SIGTERM asks the guest to power off; SIGINT stops the VM at once.\n"
                 "\n"
                 "Options:\n"
                 "  --paused           create the VM but do not start its vCPUs\n"
                 "  --control-fd=FD    run as a worker of pseriesd on this control socket\n"
                 "  --no-sandbox       keep capabilities and allow every system call (for\n"
                 "                     debugging: strace, gdb, a missing seccomp entry)\n"
                 "  -h, --help         show this help and exit\n"
                 "  --version          show the version and exit\n"
                 "\n"
                 "Exit status: 0 powered off, destroyed or quit; 1 bad configuration;\n"
                 "2 bad command line; 3 the guest rebooted and on_reboot is 'destroy';\n"
                 "4 the guest crashed and on_crash is 'destroy'; 70 internal error.\n"));
}

struct options {
    int control_fd;
    bool paused;
    bool no_sandbox;
    const char *xml;
};

static int parse_options(int argc, char **argv, struct options *o)
{
    enum { OPT_CONTROL_FD = 256, OPT_PAUSED, OPT_NO_SANDBOX, OPT_VERSION };
    static const struct option longopts[] = {
        { "control-fd", required_argument, NULL, OPT_CONTROL_FD },
        { "paused", no_argument, NULL, OPT_PAUSED },
        { "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    o->control_fd = -1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_CONTROL_FD: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || v < 0 || v > 65535) {
                fprintf(stderr, _("pseries-vm: --control-fd: '%s' is not a file descriptor\n"),
                        optarg);
                return -1;
            }
            o->control_fd = (int)v;
            break;
        }
        case OPT_PAUSED:
            o->paused = true;
            break;
        case OPT_NO_SANDBOX:
            o->no_sandbox = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        case OPT_VERSION:
            printf("pseries-vm %s\n", PACKAGE_VERSION);
            return 1;
        default:
            fprintf(stderr, _("Try 'pseries-vm --help'.\n"));
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, _("pseries-vm: expected exactly one DOMAIN.xml\n"
                          "Try 'pseries-vm --help'.\n"));
        return -1;
    }
    o->xml = argv[optind];
    return 0;
}

/* Report a start-up failure (to the daemon too) and give the status. */
static int startup_failed(struct pseries_vm *vm, int err, const char *msg)
{
    fprintf(stderr, "pseries-vm: %s\n", msg);
    if (vm->control_fd >= 0)
        vm_control_error(vm, err, msg);
    return VM_EXIT_CONFIG;
}

/* Set-up is done and no thread but this one exists: from here on the
 * worker opens nothing and keeps no capability (vm-sandbox.h). */
static int enter_sandbox(struct pseries_vm *vm)
{
    g_autofree char *msg = NULL;
    vm_sandbox_prepare();
    int r = vm_sandbox_drop_capabilities();
    if (r < 0) {
        msg = g_strdup_printf(_("cannot drop the capabilities: %s"), g_strerror(-r));
    } else {
        r = vm_sandbox_load_filter(vm_sandbox_build_flags());
        if (r < 0)
            msg = g_strdup_printf(_("cannot load the seccomp filter: %s (--no-sandbox runs "
                                    "without the sandbox)"), g_strerror(-r));
    }
    if (r < 0)
        startup_failed(vm, r, msg);
    return r;
}

static void set_mode(struct pseries_vm *vm, enum vm_run_mode mode)
{
    pthread_mutex_lock(&vm->lock);
    vm->mode = mode;
    pthread_cond_broadcast(&vm->cond);
    pthread_mutex_unlock(&vm->lock);
}

/* What the main loop does next. */
enum loop_result { LOOP_CONTINUE, LOOP_EXIT };

struct run_state {
    int status;              /* exit status once LOOP_EXIT */
    bool event_pending;      /* a guest power event waits for the daemon */
};

/* A guest power event (RTAS power-off, system-reboot, ibm,os-term). */
static enum loop_result power_event(struct pseries_vm *vm, struct run_state *rs,
                                    enum spapr_exit_request req)
{
    vm_pause(vm);
    if (vm->control_fd >= 0) {
        /* The daemon decides (worker-protocol.h, "Life of a worker" 4). */
        uint32_t kind = req == SPAPR_EXIT_POWER_OFF ? PSERIES_WP_EVENT_POWEROFF
                        : req == SPAPR_EXIT_REBOOT  ? PSERIES_WP_EVENT_REBOOT
                                                    : PSERIES_WP_EVENT_PANIC;
        vm_control_state(vm, PSERIES_WP_VM_STOPPED, PSERIES_WP_REASON_GUEST);
        vm_control_event(vm, kind, 0);
        rs->event_pending = true;
        return LOOP_CONTINUE;
    }
    enum pseries_lifecycle action;
    int status;
    switch (req) {
    case SPAPR_EXIT_POWER_OFF:
        action = vm->def->on_poweroff;
        status = VM_EXIT_OK;
        break;
    case SPAPR_EXIT_REBOOT:
        action = vm->def->on_reboot;
        status = VM_EXIT_REBOOT;
        break;
    default:
        action = vm->def->on_crash;
        status = VM_EXIT_CRASH;
        break;
    }
    if (action == PSERIES_LIFECYCLE_RESTART) {
        int r = vm_reset(vm);
        if (r < 0) {
            fprintf(stderr, _("pseries-vm: the system reset failed: %s\n"), g_strerror(-r));
            rs->status = VM_EXIT_INTERNAL;
            return LOOP_EXIT;
        }
        set_mode(vm, VM_RUN);
        return LOOP_CONTINUE;
    }
    if (action == PSERIES_LIFECYCLE_PRESERVE) {
        fprintf(stderr, _("pseries-vm: the guest stopped; its state is kept (on_%s is "
                          "'preserve'); Ctrl-a x or SIGINT ends the VM\n"),
                req == SPAPR_EXIT_POWER_OFF ? "poweroff"
                : req == SPAPR_EXIT_REBOOT  ? "reboot" : "crash");
        rs->event_pending = true;
        return LOOP_CONTINUE;
    }
    rs->status = status;
    return LOOP_EXIT;
}

static enum loop_result handle_signal(struct pseries_vm *vm, struct run_state *rs, int sfd)
{
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof(si)) != sizeof(si))
        return LOOP_CONTINUE;
    if (si.ssi_signo == SIGTERM) {
        if (spapr_event_request_shutdown(vm->m) < 0) {
            /* Nothing in the guest can act on it: stop. */
            rs->status = VM_EXIT_OK;
            return LOOP_EXIT;
        }
        if (vm->control_fd >= 0)
            vm_control_state(vm, PSERIES_WP_VM_SHUTTING_DOWN, PSERIES_WP_REASON_USER);
        return LOOP_CONTINUE;
    }
    rs->status = VM_EXIT_OK;   /* SIGINT, SIGHUP: destroy */
    return LOOP_EXIT;
}

static int main_loop(struct pseries_vm *vm, int sfd)
{
    struct run_state rs = { .status = VM_EXIT_OK };
    for (;;) {
        struct pollfd fds[8];
        int n = 0;
        fds[n++] = (struct pollfd){ .fd = vm->wake_fd, .events = POLLIN };
        fds[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        int ctl = -1;
        if (vm->control_fd >= 0) {
            ctl = n;
            fds[n++] = (struct pollfd){ .fd = vm->control_fd, .events = POLLIN };
        }
        int con = n;
        n += vm_console_poll_fds(vm, fds + n, 8 - n);
        bool waiting = vm_console_flush_input(vm);
        int r = poll(fds, (nfds_t)n, waiting ? 10 : -1);
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, _("pseries-vm: poll: %s\n"), g_strerror(errno));
            return VM_EXIT_INTERNAL;
        }
        if (r <= 0)
            continue;
        if (fds[0].revents) {
            uint64_t cnt;
            if (read(vm->wake_fd, &cnt, sizeof(cnt)) < 0) {
                /* spurious */
            }
            pthread_mutex_lock(&vm->lock);
            bool failed = vm->internal_error;
            pthread_mutex_unlock(&vm->lock);
            if (failed)
                return VM_EXIT_INTERNAL;
            enum spapr_exit_request req = spapr_machine_exit_requested(vm->m);
            if (req != SPAPR_EXIT_NONE && !rs.event_pending &&
                power_event(vm, &rs, req) == LOOP_EXIT)
                return rs.status;
        }
        if (fds[1].revents && handle_signal(vm, &rs, sfd) == LOOP_EXIT)
            return rs.status;
        if (ctl >= 0 && fds[ctl].revents) {
            /* A RESET clears the machine's exit request: a new event may come. */
            enum vm_control_action a = vm_control_handle(vm);
            if (a == VM_CTL_DESTROY || a == VM_CTL_GONE)
                return VM_EXIT_OK;
            if (spapr_machine_exit_requested(vm->m) == SPAPR_EXIT_NONE)
                rs.event_pending = false;
        }
        if (vm_console_handle(vm, fds + con, n - con))
            return VM_EXIT_OK;   /* Ctrl-a x */
    }
}

static int run(struct pseries_vm *vm, const struct options *o)
{
    g_autofree char *msg = NULL;
    struct spapr_config cfg;
    int r = vm_config_load(o->xml, &vm->def);
    if (r < 0) {
        if (vm->control_fd >= 0)
            vm_control_error(vm, r, _("the domain XML is invalid (see the worker's log)"));
        return VM_EXIT_CONFIG;
    }
    r = vm_config_to_spapr(vm->def, &cfg, &vm->engine_model);
    if (r < 0) {
        if (vm->control_fd >= 0)
            vm_control_error(vm, r, _("the domain uses something pseries-vm cannot run"));
        return VM_EXIT_CONFIG;
    }
    r = vm_files_open(vm, &cfg, &msg);
    if (r < 0)
        return startup_failed(vm, r, msg);
    struct spapr_machine_ops ops;
    vm_machine_ops(vm, &ops);
    r = spapr_machine_create(&cfg, &ops, &vm->m);
    if (r < 0) {
        msg = g_strdup_printf(_("cannot create the machine (%llu MiB of RAM, %u vCPUs): %s"),
                              (unsigned long long)(cfg.ram_size >> 20), cfg.nr_vcpus,
                              g_strerror(-r));
        return startup_failed(vm, r, msg);
    }
    r = vm_vcpus_create(vm);
    if (r < 0) {
        msg = g_strdup_printf(_("cannot create the vCPUs: %s"), g_strerror(-r));
        return startup_failed(vm, r, msg);
    }
    r = vm_console_open(vm, vm->control_fd < 0);
    if (r < 0)
        return startup_failed(vm, r, _("cannot open the console"));
    r = vm_boot(vm);
    if (r < 0) {
        msg = g_strdup_printf(_("cannot load the boot images of '%s' (kernel %s, initrd %s, "
                                "loader %s): %s"),
                              o->xml, cfg.kernel ? cfg.kernel : "-",
                              cfg.initrd ? cfg.initrd : "-", cfg.loader ? cfg.loader : "-",
                              g_strerror(-r));
        return startup_failed(vm, r, msg);
    }
    /* Signals arrive through a signalfd; vCPU threads inherit the mask. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sfd < 0)
        return startup_failed(vm, -errno, _("cannot set up signal handling"));
    if (getenv("PSERIES_VM_STATS"))
        vm_vcpus_trace(vm);
    if (!o->no_sandbox && (r = enter_sandbox(vm)) < 0) {
        close(sfd);
        return VM_EXIT_CONFIG;
    }
    r = vm_vcpus_start_threads(vm);
    if (r < 0) {
        close(sfd);
        return startup_failed(vm, r, _("cannot start the vCPU threads"));
    }
    vm_control_hello(vm);
    if (o->paused) {
        vm_control_state(vm, PSERIES_WP_VM_PAUSED, PSERIES_WP_REASON_USER);
    } else {
        set_mode(vm, VM_RUN);
        vm_control_state(vm, PSERIES_WP_VM_RUNNING, PSERIES_WP_REASON_BOOTED);
    }
    int status = main_loop(vm, sfd);
    close(sfd);
    return status;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    struct options o = {0};
    int r = parse_options(argc, argv, &o);
    if (r != 0)
        return r > 0 ? VM_EXIT_OK : VM_EXIT_USAGE;
    pseries_xml_init();

    struct pseries_vm vm = { .control_fd = o.control_fd, .xml_path = o.xml,
                             .mode = VM_PAUSE, .wake_fd = -1 };
    for (int i = 0; i < VM_BOOT_FILES; i++)
        vm.boot_files[i].fd = -1;
    vm.trace_hcalls = getenv("PSERIES_VM_HCALLS") != NULL;
    pthread_mutex_init(&vm.lock, NULL);
    pthread_cond_init(&vm.cond, NULL);
    vm.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (vm.wake_fd < 0) {
        fprintf(stderr, _("pseries-vm: eventfd: %s\n"), g_strerror(errno));
        return VM_EXIT_INTERNAL;
    }
    int status = run(&vm, &o);
    if (getenv("PSERIES_VM_STATS") && vm.vcpus) {
        vm_pause(&vm);
        vm_vcpus_report(&vm, stderr);
    }
    vm_vcpus_destroy(&vm);
    if (vm.m) {
        if (vm.m->cfg.nvram_path)
            spapr_nvram_flush(vm.m);
        spapr_machine_destroy(vm.m);
    }
    vm_console_close(&vm);
    vm_files_close(&vm);
    if (vm.def)
        pseries_domain_def_free(vm.def);
    close(vm.wake_fd);
    pthread_cond_destroy(&vm.cond);
    pthread_mutex_destroy(&vm.lock);
    return status;
}
