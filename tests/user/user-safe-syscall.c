/* tests/user/user-safe-syscall.c: blocking host system calls that a guest
 * signal can interrupt without a lost wake-up. The host signal handler
 * sets t->sig_pending; the call checks it and enters the kernel in one
 * short instruction window. When a signal lands inside the window (after
 * the check, before the kernel entered; or the kernel rewinds a restarted
 * call to the syscall instruction) the handler moves the host pc to the
 * "interrupted" exit, which returns -USER_ERESTARTSYS. A signal during
 * the call itself makes it return -EINTR. (The same scheme as QEMU's
 * safe_syscall; written in assembly for x86-64 hosts. Other hosts use a
 * C fallback that has a small race window.) */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "user-proc.h"

#if defined(__x86_64__)

long user_safe_syscall_base(volatile int *pending, long nr, long a1, long a2,
                            long a3, long a4, long a5, long a6);
extern const char user_safe_syscall_start[], user_safe_syscall_end[],
    user_safe_syscall_interrupted[];

__asm__(
    ".text\n"
    ".globl user_safe_syscall_base\n"
    ".type user_safe_syscall_base, @function\n"
    "user_safe_syscall_base:\n"
    "  .cfi_startproc\n"
    "  push %rbp\n"
    "  .cfi_adjust_cfa_offset 8\n"
    "  .cfi_rel_offset %rbp, 0\n"
    "  mov %rdi, %rbp\n"          /* pending flag */
    "  mov %rsi, %rax\n"          /* number */
    "  mov %rdx, %rdi\n"
    "  mov %rcx, %rsi\n"
    "  mov %r8, %rdx\n"
    "  mov %r9, %r10\n"
    "  mov 16(%rsp), %r8\n"
    "  mov 24(%rsp), %r9\n"
    ".globl user_safe_syscall_start\n"
    "user_safe_syscall_start:\n"
    "  cmpl $0, (%rbp)\n"
    "  jnz user_safe_syscall_interrupted\n"
    "  syscall\n"
    ".globl user_safe_syscall_end\n"
    "user_safe_syscall_end:\n"
    "  pop %rbp\n"
    "  .cfi_remember_state\n"
    "  .cfi_adjust_cfa_offset -8\n"
    "  .cfi_restore %rbp\n"
    "  ret\n"
    "  .cfi_restore_state\n"
    ".globl user_safe_syscall_interrupted\n"
    "user_safe_syscall_interrupted:\n"
    "  mov $-512, %rax\n"
    "  pop %rbp\n"
    "  .cfi_adjust_cfa_offset -8\n"
    "  .cfi_restore %rbp\n"
    "  ret\n"
    "  .cfi_endproc\n"
    ".size user_safe_syscall_base, .-user_safe_syscall_base\n"
    ".section .note.GNU-stack,\"\",@progbits\n"
    ".text\n");

long user_safe_syscall(struct user_thread *t, long nr, long a1, long a2,
                       long a3, long a4, long a5, long a6)
{
    return user_safe_syscall_base(&t->sig_pending, nr, a1, a2, a3, a4, a5, a6);
}

void user_safe_syscall_fixup(void *host_ucontext)
{
    ucontext_t *uc = host_ucontext;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)user_safe_syscall_start && pc < (uintptr_t)user_safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)user_safe_syscall_interrupted;
}

#else

long user_safe_syscall(struct user_thread *t, long nr, long a1, long a2,
                       long a3, long a4, long a5, long a6)
{
    if (t->sig_pending)
        return -USER_ERESTARTSYS;
    long r = syscall(nr, a1, a2, a3, a4, a5, a6);
    return r < 0 ? -errno : r;
}

void user_safe_syscall_fixup(void *host_ucontext)
{
    (void)host_ucontext;
}

#endif
