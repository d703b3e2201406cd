/* machine.h: the runtime side of one domain in pseriesd.
 *
 * Part of daemon/: a struct machine exists for every domain in the store
 * (attached as domain_entry.userdata) and owns its worker while it runs.
 * It turns requests (start, shutdown, destroy, ...) into worker requests,
 * worker reports into states, and applies on_poweroff / on_reboot /
 * on_crash.  Both front ends use it: the D-Bus objects (machine-object.c)
 * and, through the manager, the libvirt RPC backend.  Operations complete
 * through a machine_done_fn (called exactly once, possibly before the
 * operation function returns).
 *
 * States (the convention of virsh domstate) and their reasons:
 *   "shut off"     unknown (never ran) | shutdown (the guest powered off) |
 *                  destroyed | failed (the worker could not start) |
 *                  crashed (guest panic with on_crash=destroy) |
 *                  daemon-restart (was running when pseriesd stopped)
 *   "running"      booted | unpaused | reset | rebooted | crash-restarted
 *   "paused"       user | shutdown (on_poweroff=preserve) |
 *                  reboot (on_reboot=preserve)
 *   "in shutdown"  user (a shutdown request was sent to the guest)
 *   "crashed"      panicked (guest panic, on_crash=preserve: the worker
 *                  keeps the VM for inspection until Destroy) |
 *                  worker-died (the worker process died unexpectedly)
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "domain-store.h"

struct manager;
struct machine;

enum machine_state {
    MACHINE_SHUT_OFF,
    MACHINE_RUNNING,
    MACHINE_PAUSED,
    MACHINE_IN_SHUTDOWN,
    MACHINE_CRASHED,
};

/* error: 0 or negative errno; message: translated, NULL on success;
 * fd: OpenConsole's descriptor (the callee owns it) or -1. */
typedef void (*machine_done_fn)(struct machine *m, int error, const char *message, int fd,
                                void *userdata);

struct machine {
    struct manager *manager;
    struct domain_entry *entry;         /* owned by the domain store */
    char *object_path;
    enum machine_state state;
    const char *reason;                 /* static string */
    int32_t id;                         /* libvirt-style id while running, else -1 */

    struct worker *worker;
    char *live_xml;                     /* definition the worker runs */
    /* Its lifecycle actions (a redefinition while running applies to the
     * next start only). */
    enum pseries_lifecycle live_on_poweroff, live_on_reboot, live_on_crash;
    char *live_xml_path;
    char *worker_error;                 /* last ERROR text of the worker */
    bool started;                       /* first STATE received */
    bool stop_requested;                /* DESTROY sent: exit is expected */
    const char *stop_reason;            /* reason for "shut off" after the exit */
    bool reboot_requested;              /* Reboot: power-off means restart */
    unsigned crash_restarts;            /* on_crash=restart, rate limit */
    uint64_t crash_window_usec;

    /* Completions waiting for the worker. */
    machine_done_fn start_done;
    void *start_userdata;
    sd_event_source *start_timeout;
    sd_event_source *kill_timer;        /* SIGKILL if DESTROY is not obeyed */
    sd_event_source *stop_deadline;     /* Stop: destroy if still running then */
    GPtrArray *stop_waiters;            /* struct waiter: complete at exit */

    /* The console connection (vty 0).  The daemon makes the socketpair,
     * gives one end to the worker (OPEN_CONSOLE) and the other to the
     * client, and keeps a copy of the worker's end: a hang-up on it says
     * the client left, and a forced open shuts it down to cut the previous
     * client off.  -1 when no client is connected. */
    int console_fd;
    uint64_t console_session;           /* changes whenever console_fd does */
    struct console_open *console_retry_op;  /* asks the worker again soon */
    sd_event_source *console_retry;
};

const char *machine_state_to_string(enum machine_state state);
bool machine_is_active(const struct machine *m);   /* a worker exists */

struct machine *machine_new(struct manager *manager, struct domain_entry *entry);
/* Stops a running worker at once (SIGKILL); operations still waiting for
 * it complete with -ECANCELED. */
void machine_free(struct machine *m);

void machine_start(struct machine *m, bool paused, machine_done_fn done, void *userdata);
void machine_shutdown(struct machine *m, machine_done_fn done, void *userdata);
void machine_destroy(struct machine *m, machine_done_fn done, void *userdata);
/* Stop with a deadline: asks the guest to power off as machine_shutdown
 * does, and destroys the VM if its worker has not exited timeout_usec
 * later (at once if the guest is paused or crashed: it cannot answer).
 * done is called when the worker has exited; m->reason then says how it
 * ended ("shutdown", or "destroyed"). */
void machine_stop(struct machine *m, uint64_t timeout_usec, machine_done_fn done,
                  void *userdata);
void machine_reboot(struct machine *m, machine_done_fn done, void *userdata);
void machine_reset(struct machine *m, machine_done_fn done, void *userdata);
void machine_pause(struct machine *m, machine_done_fn done, void *userdata);
void machine_resume(struct machine *m, machine_done_fn done, void *userdata);
/* The console for a D-Bus client: done gets the client's socket once the
 * worker has attached the other end.  Errors: -EBUSY (the machine is not
 * running), -EALREADY (another client is connected), -ENODEV (no such
 * console), -EIO (the worker failed). */
void machine_open_console(struct machine *m, unsigned vty, machine_done_fn done,
                          void *userdata);
/* The same, synchronous (libvirt RPC): *fd is the client's end at once,
 * the worker attaches the other end later (a worker that refuses is
 * logged and the client sees end of file).  force cuts a connected client
 * off instead of failing with -EALREADY.  *error: translated message. */
int machine_open_console_fd(struct machine *m, unsigned vty, bool force, int *fd,
                            char **error);

/* The XML a client sees: the live one while a worker runs, else the
 * persistent definition. */
const char *machine_get_xml(const struct machine *m);
