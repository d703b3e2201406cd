/* machine/guest-ram.c: guest physical RAM mapping and its bounds-checked
 * accessors (see guest-ram.h). Used by every hypercall, RTAS call and device
 * that touches guest memory; nothing here trusts an address or a length. */
#include "guest-ram.h"

#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

int guest_ram_init(struct guest_ram *ram, uint64_t size)
{
    ram->host = NULL;
    ram->size = 0;
    ram->write_hook = NULL;
    ram->hook_opaque = NULL;
    if (size == 0 || (size & 0xfff) || size > (UINT64_C(1) << 46))
        return -EINVAL;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    ram->host = p;
    ram->size = size;
    return 0;
}

void guest_ram_fini(struct guest_ram *ram)
{
    if (ram->host)
        munmap(ram->host, ram->size);
    ram->host = NULL;
    ram->size = 0;
}

void *guest_ram_ptr(const struct guest_ram *ram, uint64_t addr, uint64_t len)
{
    if (!ram->host || !guest_ram_range_ok(ram, addr, len))
        return NULL;
    return ram->host + addr;
}

int guest_ram_read(const struct guest_ram *ram, uint64_t addr, void *buf, uint64_t len)
{
    const void *p = guest_ram_ptr(ram, addr, len);
    if (!p)
        return -EFAULT;
    memcpy(buf, p, len);
    return 0;
}

int guest_ram_write(struct guest_ram *ram, uint64_t addr, const void *buf, uint64_t len)
{
    void *p = guest_ram_ptr(ram, addr, len);
    if (!p)
        return -EFAULT;
    memcpy(p, buf, len);
    guest_ram_notify_write(ram, addr, len);
    return 0;
}

int guest_ram_fill(struct guest_ram *ram, uint64_t addr, uint8_t byte, uint64_t len)
{
    void *p = guest_ram_ptr(ram, addr, len);
    if (!p)
        return -EFAULT;
    memset(p, byte, len);
    guest_ram_notify_write(ram, addr, len);
    return 0;
}

int guest_ram_ld8(const struct guest_ram *ram, uint64_t addr, uint8_t *v)
{
    return guest_ram_read(ram, addr, v, 1);
}

int guest_ram_st8(struct guest_ram *ram, uint64_t addr, uint8_t v)
{
    return guest_ram_write(ram, addr, &v, 1);
}

/* Loads and stores of one width and byte order. */
#define GUEST_RAM_ACCESSORS(bits, order, conv_in, conv_out)                                       \
    int guest_ram_ld##bits##_##order(const struct guest_ram *ram, uint64_t addr,               \
                                     uint##bits##_t *v)                                        \
    {                                                                                          \
        uint##bits##_t raw;                                                                    \
        int r = guest_ram_read(ram, addr, &raw, sizeof(raw));                                  \
        if (r == 0)                                                                            \
            *v = conv_in(raw);                                                                 \
        return r;                                                                              \
    }                                                                                          \
    int guest_ram_st##bits##_##order(struct guest_ram *ram, uint64_t addr, uint##bits##_t v)   \
    {                                                                                          \
        uint##bits##_t raw = conv_out(v);                                                      \
        return guest_ram_write(ram, addr, &raw, sizeof(raw));                                  \
    }

GUEST_RAM_ACCESSORS(16, be, be16toh, htobe16)
GUEST_RAM_ACCESSORS(32, be, be32toh, htobe32)
GUEST_RAM_ACCESSORS(64, be, be64toh, htobe64)
GUEST_RAM_ACCESSORS(16, le, le16toh, htole16)
GUEST_RAM_ACCESSORS(32, le, le32toh, htole32)
GUEST_RAM_ACCESSORS(64, le, le64toh, htole64)

int guest_ram_read_string(const struct guest_ram *ram, uint64_t addr, char *buf, size_t max)
{
    if (max == 0)
        return -EINVAL;
    buf[0] = '\0';
    if (!ram->host || addr >= ram->size)
        return -EFAULT;
    uint64_t avail = ram->size - addr;
    uint64_t scan = avail < max ? avail : max;
    const uint8_t *src = ram->host + addr;
    const uint8_t *nul = memchr(src, 0, scan);
    if (!nul)
        return scan == avail && avail < max ? -EFAULT : -ENAMETOOLONG;
    size_t len = (size_t)(nul - src);
    memcpy(buf, src, len + 1);
    return (int)len;
}
