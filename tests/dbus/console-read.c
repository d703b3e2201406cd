/* console-read.c: a D-Bus console client for the tests with the real worker
 * (tests/dbus/lifecycle.sh): calls org.pseriesd1.Machine.OpenConsole on the
 * session bus, as any client would, and reads the descriptor it returns.
 *
 *   console-read OBJECT_PATH [--send TEXT] [--until TEXT] [--fail-on TEXT]
 *                [--timeout SECONDS] [--hold SECONDS]
 *
 * Writes everything read to stdout.  --send is typed into the console once
 * it is open ("\r" and "\n" escapes are understood).  Exit status: 0 when
 * --until appeared (or, without --until, when the console closed), 1 on
 * the timeout (default 30 s), 3 when the call failed (stderr: "error NAME:
 * MESSAGE"), 4 when --fail-on appeared first, 5 when the console closed
 * before --until.  --hold keeps the console open that long afterwards (to
 * test a second client meanwhile). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;

    if (!out)
        exit(2);
    for (; *s; s++) {
        if (s[0] == '\\' && (s[1] == 'r' || s[1] == 'n')) {
            *o++ = s[1] == 'r' ? '\r' : '\n';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = 0;
    return out;
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *until = NULL, *fail_on = NULL;
    char *send = NULL;
    double timeout = 30, hold = 0;
    sd_bus *bus = NULL;
    sd_bus_message *reply = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    char *seen = NULL;
    size_t seen_len = 0;
    int fd, r, status = 1;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--send") && i + 1 < argc)
            send = unescape(argv[++i]);
        else if (!strcmp(argv[i], "--until") && i + 1 < argc)
            until = argv[++i];
        else if (!strcmp(argv[i], "--fail-on") && i + 1 < argc)
            fail_on = argv[++i];
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
            timeout = atof(argv[++i]);
        else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
            hold = atof(argv[++i]);
        else if (!path && argv[i][0] == '/')
            path = argv[i];
        else {
            fprintf(stderr, "usage: console-read OBJECT_PATH [--send TEXT] [--until TEXT] "
                            "[--fail-on TEXT] [--timeout S] [--hold S]\n");
            return 2;
        }
    }
    if (!path)
        return 2;
    r = sd_bus_open_user(&bus);
    if (r < 0) {
        fprintf(stderr, "console-read: cannot connect to the session bus: %s\n", strerror(-r));
        return 2;
    }
    r = sd_bus_call_method(bus, "org.pseriesd1", path, "org.pseriesd1.Machine", "OpenConsole",
                           &error, &reply, "");
    if (r < 0) {
        fprintf(stderr, "error %s: %s\n", error.name ? error.name : "?",
                error.message ? error.message : strerror(-r));
        status = 3;
        goto out;
    }
    r = sd_bus_message_read(reply, "h", &fd);
    if (r < 0) {
        fprintf(stderr, "console-read: OpenConsole did not return a descriptor\n");
        status = 2;
        goto out;
    }
    /* The message owns fd. */
    if (send && write(fd, send, strlen(send)) < 0) {
        fprintf(stderr, "console-read: cannot type into the console: %s\n", strerror(errno));
        status = 2;
        goto out;
    }

    long long deadline = now_ms() + (long long)(timeout * 1000);
    for (;;) {
        long long left = deadline - now_ms();
        struct pollfd p = { .fd = fd, .events = POLLIN };
        char buf[4096];
        ssize_t n;

        if (left <= 0) {
            fprintf(stderr, "console-read: timed out after %.0f s\n", timeout);
            status = 1;
            break;
        }
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            status = until ? 5 : 0;
            if (until)
                fprintf(stderr, "console-read: the console closed before '%s'\n", until);
            break;
        }
        fwrite(buf, 1, (size_t)n, stdout);
        fflush(stdout);
        char *more = realloc(seen, seen_len + (size_t)n + 1);
        if (!more) {
            status = 2;
            break;
        }
        seen = more;
        memcpy(seen + seen_len, buf, (size_t)n);
        seen_len += (size_t)n;
        seen[seen_len] = 0;
        /* (NUL bytes from the guest would hide what follows; none expected.) */
        if (fail_on && strstr(seen, fail_on)) {
            status = 4;
            break;
        }
        if (until && strstr(seen, until)) {
            status = 0;
            break;
        }
    }
    if (hold > 0)
        usleep((useconds_t)(hold * 1e6));
out:
    sd_bus_error_free(&error);
    free(seen);
    free(send);
    sd_bus_message_unref(reply);
    sd_bus_flush_close_unref(bus);
    return status;
}
