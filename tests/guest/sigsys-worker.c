/* tests/guest/sigsys-worker.c: a stand-in for pseries-vm under pseriesd
 * (vm-sandbox.sh): on the control socket it says HELLO and "running" as
 * the real worker does, then enters the real worker's sandbox
 * (machine/vm/vm-sandbox.c, the production filter), waits a moment so the
 * daemon sees a running VM, and makes a system call that is not on the
 * allow-list (getppid): the kernel kills it with SIGSYS, and pseriesd must
 * report that death (state crashed, a log line naming seccomp and the
 * call). Exit status 1 if it survives. */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "vm-sandbox.h"
#include "worker-protocol.h"

int main(int argc, char **argv)
{
    int fd = PSERIES_WP_CONTROL_FD;
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--control-fd=", 13) == 0)
            fd = atoi(argv[i] + 13);
    struct pseries_wp_hello hello = { .pid = (uint32_t)getpid() };
    struct pseries_wp_state st = { .state = PSERIES_WP_VM_RUNNING,
                                   .reason = PSERIES_WP_REASON_BOOTED };
    if (pseries_wp_send(fd, PSERIES_WP_HELLO, 1, 0, &hello, sizeof(hello), -1) < 0 ||
        pseries_wp_send(fd, PSERIES_WP_STATE, 2, 0, &st, sizeof(st), -1) < 0)
        return 1;
    vm_sandbox_prepare();
    if (vm_sandbox_drop_capabilities() < 0 || vm_sandbox_load_filter(0) < 0)
        return 1;
    struct timespec ts = { .tv_sec = 1 };
    nanosleep(&ts, NULL);
    syscall(SYS_getppid);
    return 1;
}
