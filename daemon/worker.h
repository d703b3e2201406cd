/* worker.h: one running `pseries-vm` worker process, as the daemon sees it.
 *
 * Part of daemon/: spawns the worker with its end of a SOCK_SEQPACKET
 * socketpair as fd 3 (protocol in worker-protocol.h), drops privileges and
 * sets no_new_privs in the child, reads the worker's reports on the daemon's
 * sd-event loop, sends requests and matches their replies, and reaps the
 * process with sd_event_add_child.  Knows nothing of D-Bus or of domain
 * lifecycle policy: the owner (machine.c) decides what a report means.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <systemd/sd-event.h>

#include "worker-protocol.h"

struct worker;

struct worker_callbacks {
    void (*hello)(struct worker *w, uint32_t pid, void *userdata);
    void (*state)(struct worker *w, uint32_t state, uint32_t reason, void *userdata);
    void (*event)(struct worker *w, uint32_t event, uint32_t detail, void *userdata);
    /* ERROR report: the worker failed and is about to exit. */
    void (*error)(struct worker *w, int error, const char *message, void *userdata);
    /* The process is gone (si_code CLD_EXITED/KILLED/DUMPED, si_status).
     * Called last; the callee may free the worker. */
    void (*exited)(struct worker *w, int code, int status, void *userdata);
};

/* A reply: error 0 or negative errno (-ECONNRESET if the worker went away
 * first), message possibly NULL, fd -1 or a descriptor the callee owns. */
typedef void (*worker_reply_fn)(struct worker *w, int error, const char *message, int fd,
                                void *userdata);

struct worker_spawn_params {
    const char *path;           /* the pseries-vm executable */
    const char *xml_path;       /* live definition */
    bool paused;                /* --paused */
    bool drop_privileges;       /* switch to uid/gid before exec */
    uid_t uid;
    gid_t gid;
};

/* Fork and exec the worker.  Fails (negative errno + translated message)
 * when the executable is missing or cannot be executed. */
int worker_spawn(sd_event *event, const struct worker_spawn_params *params,
                 const struct worker_callbacks *callbacks, void *userdata,
                 struct worker **out, char **error);

/* Send a request; `reply` (may be NULL) is called once with its REPLY. */
int worker_request(struct worker *w, uint16_t type, const void *payload, uint32_t length,
                   worker_reply_fn reply, void *userdata);
/* The same with a descriptor travelling along (SCM_RIGHTS; the caller keeps
 * its own fd), e.g. the daemon's console socket in OPEN_CONSOLE. */
int worker_request_fd(struct worker *w, uint16_t type, const void *payload, uint32_t length,
                      int fd, worker_reply_fn reply, void *userdata);

pid_t worker_get_pid(const struct worker *w);
void worker_kill(struct worker *w, int sig);

/* Kill (SIGKILL) a still running worker, reap it, free everything.  Pending
 * reply callbacks are called first with -ECONNRESET. */
void worker_free(struct worker *w);
