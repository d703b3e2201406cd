/* worker-protocol.h: the control channel between pseriesd and one VM worker.
 *
 * Architecture: the daemon (daemon/worker.c) spawns one `pseries-vm` process
 * per running VM and talks to it over a private socketpair; the worker side
 * lives in machine/ (the worker's main loop).  This header is the contract
 * between the two and is header-only so that both sides can include it
 * without linking anything of the other.
 *
 * ---------------------------------------------------------------------------
 * Transport
 * ---------------------------------------------------------------------------
 * - socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC): message boundaries
 *   are preserved, one message is exactly one datagram.  The daemon keeps one
 *   end and passes the other to the worker as file descriptor 3 (without
 *   CLOEXEC), on the command line:
 *
 *       pseries-vm --control-fd=3 [--paused] RUNDIR/NAME.xml
 *
 *   The XML file is the live definition the daemon wrote for this run.
 * - A message is a struct pseries_wp_header followed by `length` payload
 *   bytes (at most PSERIES_WP_MAX_PAYLOAD).  All integers are in host byte
 *   order (both ends run on the same host).  A message whose magic, version
 *   or length is wrong is a protocol error: the daemon then kills the worker
 *   (SIGKILL) and reports the VM crashed; a worker that receives one ignores
 *   the message and answers it with REPLY -EPROTO if it has a serial.
 * - File descriptors travel as SCM_RIGHTS ancillary data on the message they
 *   belong to: OPEN_CONSOLE carries one (pseriesd always brings its own
 *   console socket), or else its REPLY does.  Nothing else does.
 * - Every message has a serial, counted by its sender from 1.  Requests from
 *   the daemon are answered with exactly one REPLY whose reply_to is the
 *   request's serial (except DESTROY, see below).  Messages from the worker
 *   that are not replies have reply_to = 0.
 *
 * ---------------------------------------------------------------------------
 * Life of a worker
 * ---------------------------------------------------------------------------
 *  1. Worker starts, reads and checks the XML, builds the machine.
 *     It then sends HELLO (its pid and the protocol version it speaks).
 *     If anything fails before or after HELLO while starting, it sends
 *     ERROR (negative errno + a translated, human-readable message naming
 *     the file/line or device at fault) and exits with status 1.
 *  2. Unless --paused was given it starts the vCPUs and sends
 *     STATE {RUNNING, BOOTED}.  With --paused it sends STATE {PAUSED, USER}
 *     and waits for RESUME.  The daemon's Start() completes on this first
 *     STATE message.
 *  3. While it runs it obeys the daemon's requests (below) and reports every
 *     state change with STATE.
 *  4. Guest-initiated power events are NOT acted on by a worker that has a
 *     control channel: the worker stops all vCPUs (the VM keeps its memory),
 *     sends EVENT {POWEROFF | REBOOT | PANIC} and waits for the daemon's
 *     decision (the daemon applies the domain's on_poweroff / on_reboot /
 *     on_crash): RESET (restart the guest in the same process), DESTROY
 *     (exit), or nothing (on_crash='preserve': the VM stays stopped for
 *     inspection until DESTROY).
 *     Without --control-fd (foreground use, or systemd's
 *     pseries-vm@.service) the worker applies on_poweroff / on_reboot /
 *     on_crash from the XML itself.
 *  5. Exit status: 0 after DESTROY or a guest power-off that was acted on;
 *     1 start-up/configuration failure (ERROR was sent); 2 bad command line;
 *     70 (EX_SOFTWARE) internal emulator error.  Death by a signal or any
 *     other status is a crash: the daemon reports state "crashed".
 *  6. End of file (or any error) on the control channel means the daemon is
 *     gone: the worker stops the VM immediately and exits with status 0.
 *     The daemon also sets PR_SET_PDEATHSIG=SIGKILL on the worker, so a
 *     daemon restart stops its VMs (documented behaviour; no re-adoption).
 *
 * Signals (all modes): SIGTERM = graceful shutdown request (as SHUTDOWN:
 * raise the EPOW power-button event so the guest powers itself off);
 * SIGINT = immediate stop (as DESTROY).  systemd's pseries-vm@.service relies
 * on this: `systemctl stop` sends SIGTERM and SIGKILL after TimeoutStopSec.
 *
 * Requests (daemon -> worker), payload in parentheses:
 *   SHUTDOWN      ()  raise the EPOW/power-button event; REPLY 0 at once (no
 *                     STATE needed: the daemon shows "in shutdown"), the
 *                     guest's power-off arrives later as EVENT POWEROFF.
 *                     REPLY -EOPNOTSUPP if the guest has no way to get it.
 *   DESTROY       ()  stop now and exit 0.  No REPLY is required (the
 *                     daemon watches the process exit).
 *   PAUSE         ()  stop all vCPUs; STATE {PAUSED, USER}, then REPLY 0.
 *   RESUME        ()  restart the vCPUs; STATE {RUNNING, UNPAUSED}, then REPLY 0.
 *   RESET         ()  system reset (as a guest reboot does) and run;
 *                     STATE {RUNNING, BOOTED}, then REPLY 0.
 *   (The STATE comes first so that a client whose call returned already
 *   reads the new state.)
 *   OPEN_CONSOLE  (struct pseries_wp_console)  REPLY 0 carrying one fd: a
 *                     SOCK_STREAM socket connected to the given vty (0 = the
 *                     console, serial[0]).  Bytes written to it are the
 *                     guest's input, bytes read are its output.  Only one
 *                     console connection per vty at a time: -EBUSY otherwise.
 *                     When the request itself carries an fd (a connected
 *                     SOCK_STREAM socket the daemon made), the worker uses
 *                     that one and the REPLY carries none; so the daemon can
 *                     hand its end to a client before the worker answers.
 *                     The worker replays its recent console output (up to
 *                     64 KiB) to a new connection first.
 *
 * Reports (worker -> daemon):
 *   HELLO   (struct pseries_wp_hello)
 *   STATE   (struct pseries_wp_state)
 *   EVENT   (struct pseries_wp_event)
 *   REPLY   (struct pseries_wp_reply + optional UTF-8 message, not NUL-ended)
 *   ERROR   (struct pseries_wp_reply + UTF-8 message): fatal, then exit 1/70
 */
#pragma once

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define PSERIES_WP_MAGIC        0x50535657u     /* "PSVW" */
#define PSERIES_WP_VERSION      1
#define PSERIES_WP_MAX_PAYLOAD  4096
/* The fd number the worker receives its end of the channel on. */
#define PSERIES_WP_CONTROL_FD   3

struct pseries_wp_header {
    uint32_t magic;         /* PSERIES_WP_MAGIC */
    uint16_t version;       /* PSERIES_WP_VERSION */
    uint16_t type;          /* enum pseries_wp_type */
    uint32_t serial;        /* sender's counter, from 1 */
    uint32_t reply_to;      /* REPLY: serial of the request; else 0 */
    uint32_t length;        /* payload bytes after the header */
    uint32_t reserved;      /* 0 */
};
_Static_assert(sizeof(struct pseries_wp_header) == 24, "wire layout");

enum pseries_wp_type {
    /* worker -> daemon */
    PSERIES_WP_HELLO        = 1,
    PSERIES_WP_STATE        = 2,
    PSERIES_WP_EVENT        = 3,
    PSERIES_WP_REPLY        = 4,
    PSERIES_WP_ERROR        = 5,
    /* daemon -> worker */
    PSERIES_WP_SHUTDOWN     = 16,
    PSERIES_WP_DESTROY      = 17,
    PSERIES_WP_PAUSE        = 18,
    PSERIES_WP_RESUME       = 19,
    PSERIES_WP_RESET        = 20,
    PSERIES_WP_OPEN_CONSOLE = 21,
};

struct pseries_wp_hello {
    uint32_t pid;
    uint32_t features;      /* 0 for now; bits for optional capabilities */
};

enum pseries_wp_vm_state {
    PSERIES_WP_VM_RUNNING   = 1,
    PSERIES_WP_VM_PAUSED    = 2,
    PSERIES_WP_VM_SHUTTING_DOWN = 3,    /* SHUTDOWN sent to the guest */
    PSERIES_WP_VM_STOPPED   = 4,        /* after EVENT: vCPUs stopped, waiting */
};

enum pseries_wp_reason {
    PSERIES_WP_REASON_UNKNOWN  = 0,
    PSERIES_WP_REASON_BOOTED   = 1,
    PSERIES_WP_REASON_USER     = 2,     /* paused/resumed on request */
    PSERIES_WP_REASON_UNPAUSED = 3,
    PSERIES_WP_REASON_GUEST    = 4,     /* the guest did it (power event) */
    PSERIES_WP_REASON_ERROR    = 5,     /* emulation stopped on an error */
};

struct pseries_wp_state {
    uint32_t state;         /* enum pseries_wp_vm_state */
    uint32_t reason;        /* enum pseries_wp_reason */
};

enum pseries_wp_event_kind {
    PSERIES_WP_EVENT_POWEROFF = 1,      /* guest powered off (RTAS power-off) */
    PSERIES_WP_EVENT_REBOOT   = 2,      /* guest asked for a reboot (system-reboot) */
    PSERIES_WP_EVENT_PANIC    = 3,      /* guest crashed (ibm,os-term, panic device) */
};

struct pseries_wp_event {
    uint32_t event;         /* enum pseries_wp_event_kind */
    uint32_t detail;        /* 0, or e.g. the ibm,os-term code */
};

struct pseries_wp_console {
    uint32_t vty;           /* 0 = the console (serial[0]) */
};

/* REPLY and ERROR: followed by an optional message of length - 4 bytes. */
struct pseries_wp_reply {
    int32_t error;          /* 0 or a negative errno */
};

/* Send one message, with an optional fd (-1 for none).  Returns 0 or a
 * negative errno. */
static inline int pseries_wp_send(int sock, uint16_t type, uint32_t serial, uint32_t reply_to,
                                  const void *payload, uint32_t length, int fd)
{
    struct pseries_wp_header h = {
        .magic = PSERIES_WP_MAGIC, .version = PSERIES_WP_VERSION, .type = type,
        .serial = serial, .reply_to = reply_to, .length = length,
    };
    struct iovec iov[2] = {
        { .iov_base = &h, .iov_len = sizeof(h) },
        { .iov_base = (void *)payload, .iov_len = length },
    };
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr mh = { .msg_iov = iov, .msg_iovlen = length ? 2 : 1 };

    if (length > PSERIES_WP_MAX_PAYLOAD)
        return -EMSGSIZE;
    if (fd >= 0) {
        memset(&control, 0, sizeof(control));
        mh.msg_control = control.buf;
        mh.msg_controllen = sizeof(control.buf);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    for (;;) {
        ssize_t n = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (n >= 0)
            return (size_t)n == sizeof(h) + length ? 0 : -EIO;
        if (errno != EINTR)
            return -errno;
    }
}

/* One received message.  fd is -1 unless one came with the message (the
 * receiver owns it; extra fds are closed). */
struct pseries_wp_message {
    struct pseries_wp_header header;
    uint8_t payload[PSERIES_WP_MAX_PAYLOAD];
    int fd;
};

/* Receive one message.  Returns 1 on a message, 0 on end of file, -EAGAIN
 * on a non-blocking socket with nothing to read, -EPROTO on a malformed
 * message (bad magic/version/length, truncation), other negative errno on
 * errors. */
static inline int pseries_wp_recv(int sock, struct pseries_wp_message *m)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * 4)];
    } control;
    struct iovec iov[2] = {
        { .iov_base = &m->header, .iov_len = sizeof(m->header) },
        { .iov_base = m->payload, .iov_len = sizeof(m->payload) },
    };
    struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2,
                         .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
    ssize_t n;
    int proto = 0;

    m->fd = -1;
    do
        n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;

    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < nfd; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (m->fd < 0)
                m->fd = fd;
            else
                close(fd);
        }
    }
    if (n == 0 && m->fd < 0)
        return 0;
    if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
        (size_t)n < sizeof(m->header) ||
        m->header.magic != PSERIES_WP_MAGIC ||
        m->header.version != PSERIES_WP_VERSION ||
        m->header.length > PSERIES_WP_MAX_PAYLOAD ||
        (size_t)n != sizeof(m->header) + m->header.length)
        proto = 1;
    if (proto) {
        if (m->fd >= 0)
            close(m->fd);
        m->fd = -1;
        return -EPROTO;
    }
    return 1;
}
