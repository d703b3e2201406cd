/* tests/guest/dawr-watch.c: run inside the guest by perf-events.sh. A
 * hardware write breakpoint on one doubleword through perf_event_open
 * (PERF_TYPE_BREAKPOINT: Linux sets DAWR0/DAWRX0 with H_SET_MODE, takes
 * the DSI with DSISR[41] and steps over the store) around N stores to it,
 * N stores to its neighbour and N loads of it. Prints "dawr-watch: N
 * writes, count C, var V, sum S": C must be N, V N-1, S N(N-1)/2. */
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile long var[4];

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    struct perf_event_attr a;
    memset(&a, 0, sizeof(a));
    a.type = PERF_TYPE_BREAKPOINT;
    a.size = sizeof(a);
    a.bp_type = HW_BREAKPOINT_W;
    a.bp_addr = (unsigned long)&var[1];
    a.bp_len = 8;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    int fd = (int)syscall(__NR_perf_event_open, &a, 0, -1, -1, 0);
    if (fd < 0) {
        perror("dawr-watch: perf_event_open");
        return 1;
    }
    ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    long s = 0;
    for (int i = 0; i < n; i++) {
        var[1] = i;
        var[2] = i;
        s += var[1];
    }
    ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
    long long c = -1;
    if (read(fd, &c, sizeof(c)) != sizeof(c))
        return 1;
    printf("dawr-watch: %d writes, count %lld, var %ld, sum %ld\n", n, c, var[1], s);
    return 0;
}
