/* tests/daemon/test-worker-protocol.c: the daemon<->worker message format
 * of daemon/worker-protocol.h over a real SOCK_SEQPACKET socketpair:
 * round trips, a descriptor passed with SCM_RIGHTS that still works,
 * extra descriptors closed, and malformed datagrams (bad magic, version,
 * short, length mismatch) rejected as -EPROTO; oversize payloads refused
 * on sending; end of file seen as 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "worker-protocol.h"

static int failures;

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                            \
        }                                                                          \
    } while (0)

static void pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        perror("socketpair");
        exit(1);
    }
}

static int open_fds(void)
{
    int n = 0;

    for (int fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            n++;
    return n;
}

int main(void)
{
    static struct pseries_wp_message m;
    int sv[2], p[2];
    char buf[16];

    pair(sv);

    /* HELLO round trip. */
    struct pseries_wp_hello hello = { .pid = 1234, .features = 0 };
    CHECK(pseries_wp_send(sv[1], PSERIES_WP_HELLO, 1, 0, &hello, sizeof(hello), -1) == 0);
    CHECK(pseries_wp_recv(sv[0], &m) == 1);
    CHECK(m.header.magic == PSERIES_WP_MAGIC && m.header.version == PSERIES_WP_VERSION);
    CHECK(m.header.type == PSERIES_WP_HELLO && m.header.serial == 1 && m.header.length == 8);
    CHECK(memcmp(m.payload, &hello, sizeof(hello)) == 0 && m.fd == -1);

    /* A request without payload, then its reply with a text. */
    CHECK(pseries_wp_send(sv[0], PSERIES_WP_PAUSE, 7, 0, NULL, 0, -1) == 0);
    CHECK(pseries_wp_recv(sv[1], &m) == 1 && m.header.type == PSERIES_WP_PAUSE &&
          m.header.length == 0 && m.header.serial == 7);
    char reply[sizeof(struct pseries_wp_reply) + 5];
    struct pseries_wp_reply rep = { .error = -EBUSY };
    memcpy(reply, &rep, sizeof(rep));
    memcpy(reply + sizeof(rep), "busy!", 5);
    CHECK(pseries_wp_send(sv[1], PSERIES_WP_REPLY, 2, 7, reply, sizeof(reply), -1) == 0);
    CHECK(pseries_wp_recv(sv[0], &m) == 1 && m.header.reply_to == 7 &&
          m.header.length == sizeof(reply) && memcmp(m.payload + 4, "busy!", 5) == 0);

    /* A console fd: the received descriptor is the same pipe. */
    CHECK(pipe(p) == 0);
    CHECK(pseries_wp_send(sv[1], PSERIES_WP_REPLY, 3, 8, &rep, sizeof(rep), p[1]) == 0);
    close(p[1]);
    CHECK(pseries_wp_recv(sv[0], &m) == 1 && m.fd >= 0);
    CHECK(write(m.fd, "hi", 2) == 2);
    close(m.fd);
    CHECK(read(p[0], buf, sizeof(buf)) == 2 && memcmp(buf, "hi", 2) == 0);
    close(p[0]);

    /* Three fds on one message: one kept, two closed (no fd leak). */
    int before = open_fds();
    {
        int fds[3];
        for (int i = 0; i < 3; i++)
            fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        struct pseries_wp_header h = { PSERIES_WP_MAGIC, PSERIES_WP_VERSION, PSERIES_WP_STATE,
                                       4, 0, 0, 0 };
        union { struct cmsghdr a; char b[CMSG_SPACE(sizeof(fds))]; } c;
        struct iovec iov = { &h, sizeof(h) };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.b,
                             .msg_controllen = sizeof(c.b) };
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(fds));
        memcpy(CMSG_DATA(cm), fds, sizeof(fds));
        CHECK(sendmsg(sv[1], &mh, 0) == sizeof(h));
        for (int i = 0; i < 3; i++)
            close(fds[i]);
        CHECK(pseries_wp_recv(sv[0], &m) == 1 && m.fd >= 0);
        close(m.fd);
    }
    CHECK(open_fds() == before);

    /* Malformed datagrams. */
    struct pseries_wp_header bad = { PSERIES_WP_MAGIC ^ 1, PSERIES_WP_VERSION, 1, 1, 0, 0, 0 };
    CHECK(send(sv[1], &bad, sizeof(bad), 0) == sizeof(bad));
    CHECK(pseries_wp_recv(sv[0], &m) == -EPROTO);
    bad.magic = PSERIES_WP_MAGIC;
    bad.version = PSERIES_WP_VERSION + 1;
    CHECK(send(sv[1], &bad, sizeof(bad), 0) == sizeof(bad));
    CHECK(pseries_wp_recv(sv[0], &m) == -EPROTO);
    bad.version = PSERIES_WP_VERSION;
    CHECK(send(sv[1], &bad, 10, 0) == 10);                      /* short */
    CHECK(pseries_wp_recv(sv[0], &m) == -EPROTO);
    bad.length = 8;                                             /* says 8, has 0 */
    CHECK(send(sv[1], &bad, sizeof(bad), 0) == sizeof(bad));
    CHECK(pseries_wp_recv(sv[0], &m) == -EPROTO);
    {
        static char big[sizeof(struct pseries_wp_header) + PSERIES_WP_MAX_PAYLOAD + 64];
        struct pseries_wp_header h = { PSERIES_WP_MAGIC, PSERIES_WP_VERSION, 2, 1, 0,
                                       PSERIES_WP_MAX_PAYLOAD + 64, 0 };
        memcpy(big, &h, sizeof(h));
        CHECK(send(sv[1], big, sizeof(big), 0) == (ssize_t)sizeof(big));   /* truncated */
        CHECK(pseries_wp_recv(sv[0], &m) == -EPROTO);
        CHECK(pseries_wp_send(sv[1], 2, 1, 0, big, PSERIES_WP_MAX_PAYLOAD + 1, -1) == -EMSGSIZE);
    }
    /* A good message still gets through after all that. */
    struct pseries_wp_state st = { PSERIES_WP_VM_RUNNING, PSERIES_WP_REASON_BOOTED };
    CHECK(pseries_wp_send(sv[1], PSERIES_WP_STATE, 9, 0, &st, sizeof(st), -1) == 0);
    CHECK(pseries_wp_recv(sv[0], &m) == 1 && m.header.type == PSERIES_WP_STATE);

    /* Non-blocking and empty; then end of file. */
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    CHECK(pseries_wp_recv(sv[0], &m) == -EAGAIN);
    close(sv[1]);
    CHECK(pseries_wp_recv(sv[0], &m) == 0);
    close(sv[0]);

    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    else
        printf("worker protocol: all checks passed\n");
    return failures ? 1 : 0;
}
