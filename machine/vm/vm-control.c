/* machine/vm/vm-control.c: the worker's side of the control channel to
 * pseriesd (the contract is daemon/worker-protocol.h): HELLO, STATE,
 * EVENT, REPLY and ERROR out; SHUTDOWN, DESTROY, PAUSE, RESUME, RESET and
 * OPEN_CONSOLE in. Runs on the main thread only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "devices.h"
#include "vm.h"
#include "worker-protocol.h"

int vm_control_send(struct pseries_vm *vm, uint16_t type, uint32_t reply_to,
                    const void *payload, uint32_t len, int fd)
{
    if (vm->control_fd < 0)
        return 0;
    return pseries_wp_send(vm->control_fd, type, ++vm->control_serial, reply_to, payload, len,
                           fd);
}

int vm_control_hello(struct pseries_vm *vm)
{
    struct pseries_wp_hello h = { .pid = (uint32_t)getpid(), .features = 0 };
    return vm_control_send(vm, PSERIES_WP_HELLO, 0, &h, sizeof(h), -1);
}

int vm_control_state(struct pseries_vm *vm, uint32_t state, uint32_t reason)
{
    struct pseries_wp_state s = { .state = state, .reason = reason };
    return vm_control_send(vm, PSERIES_WP_STATE, 0, &s, sizeof(s), -1);
}

int vm_control_event(struct pseries_vm *vm, uint32_t event, uint32_t detail)
{
    struct pseries_wp_event e = { .event = event, .detail = detail };
    return vm_control_send(vm, PSERIES_WP_EVENT, 0, &e, sizeof(e), -1);
}

static int send_reply(struct pseries_vm *vm, uint16_t type, uint32_t reply_to, int err,
                      const char *msg, int fd)
{
    uint8_t buf[PSERIES_WP_MAX_PAYLOAD];
    struct pseries_wp_reply r = { .error = err };
    size_t len = msg ? strlen(msg) : 0;
    if (len > sizeof(buf) - sizeof(r))
        len = sizeof(buf) - sizeof(r);
    memcpy(buf, &r, sizeof(r));
    if (len)
        memcpy(buf + sizeof(r), msg, len);
    return vm_control_send(vm, type, reply_to, buf, (uint32_t)(sizeof(r) + len), fd);
}

int vm_control_error(struct pseries_vm *vm, int err, const char *msg)
{
    return send_reply(vm, PSERIES_WP_ERROR, 0, err, msg, -1);
}

static int open_console(struct pseries_vm *vm, uint32_t serial,
                        const struct pseries_wp_message *msg)
{
    struct pseries_wp_console req;
    if (msg->header.length < sizeof(req))
        return send_reply(vm, PSERIES_WP_REPLY, serial, -EINVAL, _("short OPEN_CONSOLE"), -1);
    memcpy(&req, msg->payload, sizeof(req));
    if (req.vty != 0)
        return send_reply(vm, PSERIES_WP_REPLY, serial, -ENODEV,
                          _("only the first console (vty 0) exists"), -1);
    int sv[2];
    if (msg->fd >= 0) {
        /* The daemon brought its own stream socket: use it, answer
         * without an fd. */
        int fd = fcntl(msg->fd, F_DUPFD_CLOEXEC, 3);
        int r = fd < 0 ? -errno : vm_console_attach(vm, fd);
        if (r < 0 && fd >= 0)
            close(fd);
        return send_reply(vm, PSERIES_WP_REPLY, serial, r,
                          r == -EBUSY ? _("another client is connected to this console")
                                      : NULL, -1);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return send_reply(vm, PSERIES_WP_REPLY, serial, -errno, NULL, -1);
    int r = vm_console_attach(vm, sv[0]);
    if (r < 0) {
        close(sv[0]);
        close(sv[1]);
        return send_reply(vm, PSERIES_WP_REPLY, serial, r,
                          _("another client is connected to this console"), -1);
    }
    r = send_reply(vm, PSERIES_WP_REPLY, serial, 0, NULL, sv[1]);
    close(sv[1]);
    return r;
}

enum vm_control_action vm_control_handle(struct pseries_vm *vm)
{
    struct pseries_wp_message *msg = g_new(struct pseries_wp_message, 1);
    int r = pseries_wp_recv(vm->control_fd, msg);
    enum vm_control_action act = VM_CTL_NONE;
    if (r == -EAGAIN) {
        g_free(msg);
        return VM_CTL_NONE;
    }
    if (r == -EPROTO) {
        /* Ignore it; answer if it had a serial we can read. */
        g_free(msg);
        return VM_CTL_NONE;
    }
    if (r <= 0) {
        g_free(msg);
        return VM_CTL_GONE;
    }
    uint32_t serial = msg->header.serial;
    switch (msg->header.type) {
    case PSERIES_WP_SHUTDOWN:
        r = spapr_event_request_shutdown(vm->m);
        send_reply(vm, PSERIES_WP_REPLY, serial, r < 0 ? -EOPNOTSUPP : 0,
                   r < 0 ? _("the guest cannot receive a power-off request") : NULL, -1);
        break;
    case PSERIES_WP_DESTROY:
        act = VM_CTL_DESTROY;
        break;
    case PSERIES_WP_PAUSE:
        vm_pause(vm);
        vm_control_state(vm, PSERIES_WP_VM_PAUSED, PSERIES_WP_REASON_USER);
        send_reply(vm, PSERIES_WP_REPLY, serial, 0, NULL, -1);
        break;
    case PSERIES_WP_RESUME:
        vm_resume(vm);
        vm_control_state(vm, PSERIES_WP_VM_RUNNING, PSERIES_WP_REASON_UNPAUSED);
        send_reply(vm, PSERIES_WP_REPLY, serial, 0, NULL, -1);
        break;
    case PSERIES_WP_RESET:
        r = vm_reset(vm);
        if (r < 0) {
            send_reply(vm, PSERIES_WP_REPLY, serial, r, _("the system reset failed"), -1);
            break;
        }
        pthread_mutex_lock(&vm->lock);
        vm->mode = VM_RUN;
        pthread_cond_broadcast(&vm->cond);
        pthread_mutex_unlock(&vm->lock);
        vm_control_state(vm, PSERIES_WP_VM_RUNNING, PSERIES_WP_REASON_BOOTED);
        send_reply(vm, PSERIES_WP_REPLY, serial, 0, NULL, -1);
        break;
    case PSERIES_WP_OPEN_CONSOLE:
        open_console(vm, serial, msg);
        break;
    default:
        send_reply(vm, PSERIES_WP_REPLY, serial, -EPROTO, _("unknown request"), -1);
        break;
    }
    if (msg->fd >= 0)
        close(msg->fd);
    g_free(msg);
    return act;
}
