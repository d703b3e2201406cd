/* tests/user/user-elf.h: loading a static ppc64 ELF program into the
 * user-mode runner's guest address space and building its initial stack
 * (argv, envp, auxv) as Linux does. */
#ifndef PSERIES_USER_ELF_H
#define PSERIES_USER_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "user-mem.h"

struct user_image {
    uint64_t entry;          /* code address of the entry point */
    uint64_t toc;            /* r2 for ELFv1 (0 otherwise) */
    uint64_t phdr, phnum, phent;
    uint64_t load_bias;
    uint64_t brk;            /* end of the highest segment */
    bool little_endian;
    int abi;                 /* 1 or 2 */
};

/* Load 'path'. Returns 0 or a negative errno; *why gets a message. */
int user_elf_load(struct user_mem *m, const char *path, struct user_image *img,
                  const char **why);

/* Is the file a ppc64 ELF executable? (for execve) */
bool user_elf_is_ppc64(const char *path);

/* Build the initial stack; sets r1, r3-r7 of cpu. */
int user_stack_setup(struct user_mem *m, struct ppc_cpu *cpu,
                     const struct user_image *img, const char *execfn,
                     int argc, char **argv, char **envp);

#endif
