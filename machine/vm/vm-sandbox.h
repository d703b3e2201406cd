/* machine/vm/vm-sandbox.h: the worker's sandbox (design.md "Process
 * model": no new privileges, a seccomp allow-list, only the files the XML
 * names), applied by vm-main.c once set-up is done (every file of the
 * domain opened, the machine built, the first boot payload loaded) and
 * before the first guest instruction; `pseries-vm --no-sandbox` skips it.
 * Kept apart from vm.h so that tests/machine/test-vm-sandbox.c can load
 * the very same filter in a child process. */
#ifndef PSERIES_MACHINE_VM_SANDBOX_H
#define PSERIES_MACHINE_VM_SANDBOX_H

enum vm_sandbox_flags {
    /* Also let through what a sanitizer runtime (ASan, LSan, UBSan, TSan)
     * needs for its reports and LeakSanitizer's check at exit: clone
     * without CLONE_THREAD, ptrace, wait4, opening /proc, the symbolizer.
     * A debugging build, not a sandbox; the rest of the list is the same. */
    VM_SANDBOX_SANITIZER = 1u << 0,
};

/* The flags this build needs (VM_SANDBOX_SANITIZER in sanitizer builds). */
unsigned vm_sandbox_build_flags(void);

/* Load what libc would otherwise open lazily after the sandbox is on
 * (message catalogues, the time zone), while opening still works. */
void vm_sandbox_prepare(void);

/* Drop every capability: the bounding set (when the process may; a
 * process without CAP_SETPCAP gets its own user namespace for that, if
 * the host allows one), the ambient set, then effective, permitted and
 * inheritable. Call while the process has one thread. 0 or a negative
 * errno. */
int vm_sandbox_drop_capabilities(void);

/* Set no_new_privs and load the seccomp allow-list for every thread of
 * the process (TSYNC). Afterwards open(), openat(), creat() and socket()
 * fail with EACCES; any system call not on the list kills the process
 * with SIGSYS. 0 or a negative errno. */
int vm_sandbox_load_filter(unsigned flags);

#endif
