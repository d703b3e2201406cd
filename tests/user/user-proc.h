/* tests/user/user-proc.h: one emulated Linux process of the user-mode
 * runner: its guest memory, its vCPU, and what the system-call layer needs
 * to know (program path for /proc/self/exe, model for execve, strace). */
#ifndef PSERIES_USER_PROC_H
#define PSERIES_USER_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "user-mem.h"

struct user_proc {
    struct user_mem mem;
    struct ppc_cpu *cpu;
    char exe[4096];          /* absolute path of the guest program */
    const char *model_name;  /* for execve of another ppc64 program */
    const char *runner;      /* host path of this runner */
    bool strace;
    bool exited;
    int exit_status;
    /* Guest signal dispositions (recorded, not delivered). */
    uint64_t sig_handler[65];
    uint64_t sig_flags[65];
    uint64_t sig_restorer[65];
    uint64_t sig_mask[65];
};

/* Handle the system call in the vCPU's registers (r0 = number, r3..r8 =
 * arguments); sets r3 and CR0[SO] as Linux does for 'sc'. */
void user_syscall(struct user_proc *p, bool scv);

#endif
