/* machine/guest-ram.h: the guest's physical RAM as seen by the machine layer.
 * One anonymous host mapping covers guest physical 0..size. Every accessor
 * takes a guest-supplied address and length, checks them (including
 * wrap-around of addr + len) and returns -EFAULT instead of touching memory
 * outside the mapping. The engine gets the same mapping through
 * guest_ram_host_base() for its own translation fast path. */
#ifndef PSERIES_MACHINE_GUEST_RAM_H
#define PSERIES_MACHINE_GUEST_RAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_ram {
    uint8_t *host; /* mapping of guest physical 0 */
    uint64_t size; /* bytes */
    /* Told about every host-side write into guest memory (RTAS results,
     * DMA, loaded images...), so the engine can drop translated code of
     * those pages. Optional. */
    void (*write_hook)(void *opaque, uint64_t addr, uint64_t len);
    void *hook_opaque;
};

/* For writes made through a guest_ram_ptr() pointer. */
static inline void guest_ram_notify_write(const struct guest_ram *ram, uint64_t addr, uint64_t len)
{
    if (ram->write_hook && len)
        ram->write_hook(ram->hook_opaque, addr, len);
}

/* Map 'size' bytes (non-zero, page multiple) of zeroed memory. */
int guest_ram_init(struct guest_ram *ram, uint64_t size);
void guest_ram_fini(struct guest_ram *ram);

static inline uint8_t *guest_ram_host_base(const struct guest_ram *ram)
{
    return ram->host;
}

/* True when [addr, addr + len) lies inside RAM (len 0 is valid for any
 * addr <= size). */
static inline bool guest_ram_range_ok(const struct guest_ram *ram, uint64_t addr, uint64_t len)
{
    return addr <= ram->size && len <= ram->size - addr;
}

/* Host pointer for [addr, addr + len) or NULL when out of range. */
void *guest_ram_ptr(const struct guest_ram *ram, uint64_t addr, uint64_t len);

int guest_ram_read(const struct guest_ram *ram, uint64_t addr, void *buf, uint64_t len);
int guest_ram_write(struct guest_ram *ram, uint64_t addr, const void *buf, uint64_t len);
int guest_ram_fill(struct guest_ram *ram, uint64_t addr, uint8_t byte, uint64_t len);

/* Fixed-size loads/stores; *_be for big-endian, *_le for little-endian. */
int guest_ram_ld8(const struct guest_ram *ram, uint64_t addr, uint8_t *v);
int guest_ram_ld16_be(const struct guest_ram *ram, uint64_t addr, uint16_t *v);
int guest_ram_ld32_be(const struct guest_ram *ram, uint64_t addr, uint32_t *v);
int guest_ram_ld64_be(const struct guest_ram *ram, uint64_t addr, uint64_t *v);
int guest_ram_ld16_le(const struct guest_ram *ram, uint64_t addr, uint16_t *v);
int guest_ram_ld32_le(const struct guest_ram *ram, uint64_t addr, uint32_t *v);
int guest_ram_ld64_le(const struct guest_ram *ram, uint64_t addr, uint64_t *v);
int guest_ram_st8(struct guest_ram *ram, uint64_t addr, uint8_t v);
int guest_ram_st16_be(struct guest_ram *ram, uint64_t addr, uint16_t v);
int guest_ram_st32_be(struct guest_ram *ram, uint64_t addr, uint32_t v);
int guest_ram_st64_be(struct guest_ram *ram, uint64_t addr, uint64_t v);
int guest_ram_st16_le(struct guest_ram *ram, uint64_t addr, uint16_t v);
int guest_ram_st32_le(struct guest_ram *ram, uint64_t addr, uint32_t v);
int guest_ram_st64_le(struct guest_ram *ram, uint64_t addr, uint64_t v);

/* Copy a NUL-terminated string of at most max - 1 characters into buf
 * (max >= 1). Returns its length, -EFAULT if it runs out of RAM before the
 * NUL, -ENAMETOOLONG if no NUL is found within max - 1 characters. */
int guest_ram_read_string(const struct guest_ram *ram, uint64_t addr, char *buf, size_t max);

#endif
