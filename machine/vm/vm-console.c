/* machine/vm/vm-console.c: the first vty (hvc0) of the worker. Output goes
 * to every sink the configuration has: the terminal in the foreground, the
 * console client the daemon attached (OPEN_CONSOLE, virsh console), a log
 * file (<serial type='file'>), and a replay buffer of the last output that
 * a newly attached client receives first, so `virsh console` after start
 * still shows the boot banner. Input comes from the terminal or the client.
 * In the foreground the terminal is raw and Ctrl-a is the escape key as in
 * QEMU: Ctrl-a x quits, Ctrl-a a sends Ctrl-a, Ctrl-a h lists the keys.
 * Output may arrive from any vCPU thread (out_lock); everything else runs
 * on the main thread. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "devices.h"
#include "pseries-domain.h"
#include "vm.h"

#define REPLAY_SIZE (64u * 1024)
#define INPUT_SIZE 4096
#define CTRL_A 0x01

struct vm_console {
    pthread_mutex_t out_lock;
    int out_fd;              /* foreground terminal/stdout, or -1 */
    int log_fd;              /* <serial type='file'>, or -1 */
    int client_fd;           /* attached console client, or -1 */
    uint8_t replay[REPLAY_SIZE];
    size_t replay_head, replay_len;
    /* Main thread only: */
    int in_fd;               /* stdin in the foreground, or -1 */
    bool tty_raw;
    struct termios saved_tty;
    bool escape;             /* Ctrl-a seen */
    uint8_t input[INPUT_SIZE];
    size_t input_len;
};

static void write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

static int open_log(const struct pseries_serial *s)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;
    flags |= s->append == PSERIES_ON ? O_APPEND : O_TRUNC;
    int fd = open(s->path, flags, 0600);
    if (fd < 0)
        return -errno;
    return fd;
}

int vm_console_open(struct pseries_vm *vm, bool foreground)
{
    struct vm_console *c = calloc(1, sizeof(*c));
    if (!c)
        return -ENOMEM;
    pthread_mutex_init(&c->out_lock, NULL);
    c->out_fd = c->log_fd = c->client_fd = c->in_fd = -1;
    vm->con = c;
    const struct pseries_serial *s = pseries_domain_def_get_console(vm->def);
    if (s && s->type == PSERIES_CHR_FILE && s->path) {
        c->log_fd = open_log(s);
        if (c->log_fd < 0) {
            fprintf(stderr, _("pseries-vm: console log %s: %s (check the <serial "
                              "type='file'> source path)\n"),
                    s->path, g_strerror(-c->log_fd));
            return c->log_fd;
        }
    }
    if (!foreground)
        return 0;
    c->out_fd = STDOUT_FILENO;
    c->in_fd = STDIN_FILENO;
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &c->saved_tty) == 0) {
        struct termios t = c->saved_tty;
        /* As QEMU's -nographic: no echo, no line editing, no signals from
         * keys (Ctrl-c goes to the guest); output processing stays so the
         * guest's "\r\n" and our own messages both look right. */
        t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                                 IXON);
        t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag &= ~(unsigned)(CSIZE | PARENB);
        t.c_cflag |= CS8;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
            c->tty_raw = true;
    }
    return 0;
}

void vm_console_close(struct pseries_vm *vm)
{
    struct vm_console *c = vm->con;
    if (!c)
        return;
    if (c->tty_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &c->saved_tty);
    if (c->log_fd >= 0)
        close(c->log_fd);
    if (c->client_fd >= 0)
        close(c->client_fd);
    pthread_mutex_destroy(&c->out_lock);
    free(c);
    vm->con = NULL;
}

static void replay_add(struct vm_console *c, const uint8_t *buf, size_t len)
{
    if (len >= REPLAY_SIZE) {
        buf += len - REPLAY_SIZE;
        len = REPLAY_SIZE;
    }
    for (size_t i = 0; i < len; i++) {
        c->replay[(c->replay_head + c->replay_len) % REPLAY_SIZE] = buf[i];
        if (c->replay_len < REPLAY_SIZE)
            c->replay_len++;
        else
            c->replay_head = (c->replay_head + 1) % REPLAY_SIZE;
    }
}

/* A client that cannot keep up loses output rather than stalling the
 * guest (the replay buffer keeps the last 64 KiB). */
static void client_send(struct vm_console *c, const uint8_t *buf, size_t len)
{
    while (c->client_fd >= 0 && len) {
        ssize_t n = send(c->client_fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            /* Gone: the main loop notices the hangup and closes it. */
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

void vm_console_output(struct pseries_vm *vm, const uint8_t *buf, size_t len)
{
    struct vm_console *c = vm->con;
    if (!c || !len)
        return;
    pthread_mutex_lock(&c->out_lock);
    replay_add(c, buf, len);
    if (c->out_fd >= 0)
        write_all(c->out_fd, buf, len);
    if (c->log_fd >= 0)
        write_all(c->log_fd, buf, len);
    client_send(c, buf, len);
    pthread_mutex_unlock(&c->out_lock);
}

int vm_console_attach(struct pseries_vm *vm, int fd)
{
    struct vm_console *c = vm->con;
    pthread_mutex_lock(&c->out_lock);
    if (c->client_fd >= 0) {
        pthread_mutex_unlock(&c->out_lock);
        return -EBUSY;
    }
    c->client_fd = fd;
    /* What the guest printed before: oldest first. */
    size_t first = REPLAY_SIZE - c->replay_head;
    if (first > c->replay_len)
        first = c->replay_len;
    client_send(c, c->replay + c->replay_head, first);
    client_send(c, c->replay, c->replay_len - first);
    pthread_mutex_unlock(&c->out_lock);
    return 0;
}

static void client_detach(struct vm_console *c)
{
    pthread_mutex_lock(&c->out_lock);
    if (c->client_fd >= 0)
        close(c->client_fd);
    c->client_fd = -1;
    pthread_mutex_unlock(&c->out_lock);
}

int vm_console_poll_fds(struct pseries_vm *vm, struct pollfd *fds, int max)
{
    struct vm_console *c = vm->con;
    int n = 0;
    /* Stop reading while the guest has not taken what we have. */
    short ev = c->input_len < INPUT_SIZE ? POLLIN : 0;
    if (c->in_fd >= 0 && n < max)
        fds[n++] = (struct pollfd){ .fd = c->in_fd, .events = ev };
    if (c->client_fd >= 0 && n < max)
        fds[n++] = (struct pollfd){ .fd = c->client_fd, .events = ev };
    return n;
}

static void help(struct vm_console *c)
{
    /* The terminal keeps output processing (ONLCR): plain newlines. */
    const char *h = _("\nC-a h    print this help\n"
                      "C-a x    quit (stops the VM at once)\n"
                      "C-a a    send C-a to the guest\n");
    pthread_mutex_lock(&c->out_lock);
    if (c->out_fd >= 0)
        write_all(c->out_fd, (const uint8_t *)h, strlen(h));
    pthread_mutex_unlock(&c->out_lock);
}

static void queue_input(struct vm_console *c, uint8_t b)
{
    if (c->input_len < INPUT_SIZE)
        c->input[c->input_len++] = b;
}

/* Terminal input with the escapes. Returns 1 on Ctrl-a x. */
static int terminal_input(struct vm_console *c, const uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = buf[i];
        if (c->escape) {
            c->escape = false;
            if (b == 'x' || b == 'X')
                return 1;
            if (b == 'h' || b == 'H' || b == '?')
                help(c);
            else if (b == 'a' || b == CTRL_A)
                queue_input(c, CTRL_A);
            continue;
        }
        if (b == CTRL_A)
            c->escape = true;
        else
            queue_input(c, b);
    }
    return 0;
}

int vm_console_handle(struct pseries_vm *vm, const struct pollfd *fds, int n)
{
    struct vm_console *c = vm->con;
    uint8_t buf[INPUT_SIZE];
    for (int i = 0; i < n; i++) {
        if (!fds[i].revents)
            continue;
        size_t room = INPUT_SIZE - c->input_len;
        if (fds[i].fd == c->in_fd) {
            ssize_t r = room ? read(c->in_fd, buf, room) : 0;
            if (r > 0 && terminal_input(c, buf, (size_t)r))
                return 1;
            if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
                c->in_fd = -1;   /* end of input: the guest keeps running */
        } else if (fds[i].fd == c->client_fd) {
            ssize_t r = room ? recv(c->client_fd, buf, room, MSG_DONTWAIT) : 0;
            if (r > 0) {
                memcpy(c->input + c->input_len, buf, (size_t)r);
                c->input_len += (size_t)r;
            } else if ((r == 0 && room) || (r < 0 && errno != EINTR && errno != EAGAIN) ||
                       (fds[i].revents & (POLLHUP | POLLERR))) {
                client_detach(c);
            }
        }
    }
    return 0;
}

bool vm_console_flush_input(struct pseries_vm *vm)
{
    struct vm_console *c = vm->con;
    if (!c->input_len || !vm->m->vty)
        return false;
    size_t n = spapr_vty_input(vm->m, vm->m->vty, c->input, c->input_len);
    memmove(c->input, c->input + n, c->input_len - n);
    c->input_len -= n;
    return c->input_len != 0;
}
