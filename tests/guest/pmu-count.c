/* tests/guest/pmu-count.c: run inside the guest by pmu-perf.sh (built
 * static with powerpc64le-linux-gnu-gcc). Linux's perf_event_open over a
 * loop of N iterations (about 6 instructions each at -O1), as `perf stat`
 * and `perf record` use the performance monitor:
 *   pmu-count count N   instructions:u, cycles:u and instructions (user
 *                       and kernel) of the loop plus 1000 getppid calls
 *   pmu-count sample N  an instructions:u event with sample_period
 *                       1000000: one performance monitor interrupt per
 *                       period (the caller reads PMI in /proc/interrupts)
 * Prints one "pmu-count: ..." line. */
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_ev(unsigned long long config, int excl_kernel, unsigned long long period)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof(a));
    a.type = PERF_TYPE_HARDWARE;
    a.size = sizeof(a);
    a.config = config;
    a.disabled = 1;
    a.exclude_kernel = excl_kernel;
    a.exclude_hv = 1;
    if (period) {
        a.sample_period = period;
        a.sample_type = PERF_SAMPLE_IP;
    }
    return (int)syscall(__NR_perf_event_open, &a, 0, -1, -1, 0);
}

static long long read_ev(int fd)
{
    long long c = -1;
    if (read(fd, &c, sizeof(c)) != sizeof(c))
        return -1;
    return c;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pmu-count count|sample N\n");
        return 2;
    }
    long n = atol(argv[2]);
    int sample = strcmp(argv[1], "sample") == 0;
    int fd[3], nfd = sample ? 1 : 3;
    fd[0] = open_ev(PERF_COUNT_HW_INSTRUCTIONS, 1, sample ? 1000000 : 0);
    if (!sample) {
        fd[1] = open_ev(PERF_COUNT_HW_CPU_CYCLES, 1, 0);
        fd[2] = open_ev(PERF_COUNT_HW_INSTRUCTIONS, 0, 0);
    }
    for (int i = 0; i < nfd; i++) {
        if (fd[i] < 0) {
            perror("pmu-count: perf_event_open");
            return 1;
        }
        ioctl(fd[i], PERF_EVENT_IOC_ENABLE, 0);
    }
    volatile long x = 0;
    for (long i = 0; i < n; i++)
        x += i;
    if (!sample)
        for (int i = 0; i < 1000; i++)
            getppid();
    for (int i = 0; i < nfd; i++)
        ioctl(fd[i], PERF_EVENT_IOC_DISABLE, 0);
    if (sample)
        printf("pmu-count: sample %ld insns_u %lld\n", n, read_ev(fd[0]));
    else
        printf("pmu-count: count %ld insns_u %lld cycles_u %lld insns_uk %lld\n", n,
               read_ev(fd[0]), read_ev(fd[1]), read_ev(fd[2]));
    return 0;
}
