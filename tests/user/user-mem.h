/* tests/user/user-mem.h: the guest address space of the user-mode runner.
 * One host reservation covers guest addresses [0, USER_MEM_SIZE); guest
 * address a lives at base + a. Pages carry guest protections in a byte
 * map (the host mapping is read-write wherever the guest has a mapping),
 * which the engine's translate hook checks. */
#ifndef PSERIES_USER_MEM_H
#define PSERIES_USER_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USER_MEM_SIZE (1ull << 40)      /* 1 TiB of guest address space */
#define USER_PAGE_SHIFT 12
#define USER_PAGE_SIZE (1ull << USER_PAGE_SHIFT)
#define USER_GUEST_PAGESZ 65536ull      /* AT_PAGESZ, mmap granularity */
#define USER_MMAP_BASE 0x2000000000ull
#define USER_STACK_TOP 0x4000801000ull /* where qemu-ppc64le puts it */

#define UP_R 1
#define UP_W 2
#define UP_X 4
#define UP_MAPPED 8

struct user_mem {
    uint8_t *base;          /* host address of guest 0 */
    uint8_t *perm;          /* one byte per 4 KiB guest page */
    uint64_t brk_start, brk_cur;
    uint64_t mmap_hint;     /* where the next non-fixed mmap search starts */
};

int user_mem_init(struct user_mem *m);
void user_mem_destroy(struct user_mem *m);

/* Map [addr, addr+len) (page-rounded) with guest protection prot
 * (UP_R|UP_W|UP_X). addr = 0 and !fixed: pick a free range. Returns the
 * guest address or a negative errno. The range is zero-filled. */
int64_t user_mem_map(struct user_mem *m, uint64_t addr, uint64_t len,
                     unsigned prot, bool fixed);
int user_mem_unmap(struct user_mem *m, uint64_t addr, uint64_t len);
int user_mem_protect(struct user_mem *m, uint64_t addr, uint64_t len,
                     unsigned prot);

/* Host pointer to guest [addr, addr+len) if every page is mapped with
 * the protection 'need' (UP_R/UP_W), else NULL. len 0 is allowed. */
void *user_mem_ptr(struct user_mem *m, uint64_t addr, uint64_t len,
                   unsigned need);

/* Length of the NUL-terminated guest string at addr (readable, at most
 * max bytes), or -EFAULT / -ENAMETOOLONG. */
int64_t user_mem_strlen(struct user_mem *m, uint64_t addr, uint64_t max);

#endif
