/* tests/user/user-mem.c: guest address space of the user-mode runner
 * (see user-mem.h): one PROT_NONE host reservation, opened read-write page
 * range by page range as the guest maps memory (and left read-write, with
 * fresh pages, when the guest unmaps). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "user-mem.h"

#define NPAGES (USER_MEM_SIZE >> USER_PAGE_SHIFT)

int user_mem_init(struct user_mem *m)
{
    memset(m, 0, sizeof(*m));
    void *b = mmap(NULL, USER_MEM_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (b == MAP_FAILED)
        return -errno;
    void *p = mmap(NULL, NPAGES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        int e = -errno;
        munmap(b, USER_MEM_SIZE);
        return e;
    }
    m->base = b;
    m->perm = p;
    m->mmap_hint = USER_MMAP_BASE;
    return 0;
}

void user_mem_destroy(struct user_mem *m)
{
    if (m->base)
        munmap(m->base, USER_MEM_SIZE);
    if (m->perm)
        munmap(m->perm, NPAGES);
    m->base = NULL;
    m->perm = NULL;
}

static bool range_ok(uint64_t addr, uint64_t len)
{
    return len <= USER_MEM_SIZE && addr <= USER_MEM_SIZE - len;
}

static bool range_free(struct user_mem *m, uint64_t addr, uint64_t len)
{
    for (uint64_t p = addr >> USER_PAGE_SHIFT; p < (addr + len) >> USER_PAGE_SHIFT; p++)
        if (m->perm[p])
            return false;
    return true;
}

int64_t user_mem_map(struct user_mem *m, uint64_t addr, uint64_t len,
                     unsigned prot, bool fixed)
{
    if (len == 0)
        return -EINVAL;
    len = (len + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1);
    if (!fixed)
        len = (len + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    if (fixed) {
        if (addr & (USER_PAGE_SIZE - 1))
            return -EINVAL;
        if (!range_ok(addr, len))
            return -ENOMEM;
    } else {
        uint64_t glen = (len + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
        uint64_t a = addr ? (addr + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1)
                          : m->mmap_hint;
        bool found = false;
        for (int pass = 0; pass < 2 && !found; pass++) {
            for (; range_ok(a, glen) && a + glen <= USER_STACK_TOP - (64ull << 20);
                 a += USER_GUEST_PAGESZ) {
                if (range_free(m, a, glen)) {
                    found = true;
                    break;
                }
            }
            if (!found)
                a = USER_MMAP_BASE;
        }
        if (!found)
            return -ENOMEM;
        addr = a;
        if (addr >= USER_MMAP_BASE)
            m->mmap_hint = addr + glen;
    }
    uint8_t *h = m->base + addr;
    /* Fresh zero pages, read-write on the host. */
    if (mmap(h, len, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
        return -ENOMEM;
    memset(m->perm + (addr >> USER_PAGE_SHIFT), UP_MAPPED | (prot & 7),
           len >> USER_PAGE_SHIFT);
    return (int64_t)addr;
}

int user_mem_unmap(struct user_mem *m, uint64_t addr, uint64_t len)
{
    if ((addr & (USER_PAGE_SIZE - 1)) || len == 0)
        return -EINVAL;
    len = (len + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1);
    if (!range_ok(addr, len))
        return -EINVAL;
    /* Fresh zero pages, still read-write on the host: another thread's
     * vCPU may hold a TLB entry for them until it sees its flush request
     * (user_mm_changed); its stray access must not fault the host. */
    mmap(m->base + addr, len, PROT_READ | PROT_WRITE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    memset(m->perm + (addr >> USER_PAGE_SHIFT), 0, len >> USER_PAGE_SHIFT);
    return 0;
}

int user_mem_protect(struct user_mem *m, uint64_t addr, uint64_t len,
                     unsigned prot)
{
    if (addr & (USER_PAGE_SIZE - 1))
        return -EINVAL;
    len = (len + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1);
    if (!range_ok(addr, len))
        return -ENOMEM;
    for (uint64_t p = addr >> USER_PAGE_SHIFT; p < (addr + len) >> USER_PAGE_SHIFT; p++)
        if (!(m->perm[p] & UP_MAPPED))
            return -ENOMEM;
    memset(m->perm + (addr >> USER_PAGE_SHIFT), UP_MAPPED | (prot & 7),
           len >> USER_PAGE_SHIFT);
    return 0;
}

void *user_mem_ptr(struct user_mem *m, uint64_t addr, uint64_t len,
                   unsigned need)
{
    if (!range_ok(addr, len))
        return NULL;
    if (len) {
        for (uint64_t p = addr >> USER_PAGE_SHIFT; p <= (addr + len - 1) >> USER_PAGE_SHIFT; p++)
            if ((m->perm[p] & (need | UP_MAPPED)) != (need | UP_MAPPED))
                return NULL;
    }
    return m->base + addr;
}

int64_t user_mem_strlen(struct user_mem *m, uint64_t addr, uint64_t max)
{
    for (uint64_t i = 0; i < max; i++) {
        const uint8_t *c = user_mem_ptr(m, addr + i, 1, UP_R);
        if (!c)
            return -EFAULT;
        if (*c == 0)
            return (int64_t)i;
    }
    return -ENAMETOOLONG;
}
