/* tests/machine/test-guest-ram.c: the guest RAM accessors: byte order of
 * the big- and little-endian loads/stores, and refusal (-EFAULT, no fault)
 * of every out-of-range access, including addr + len overflowing 64 bits. */
#include <errno.h>
#include <glib.h>

#include "guest-ram.h"

#define SIZE (1u << 20)

static void test_byte_order(void)
{
    struct guest_ram ram;
    g_assert_cmpint(guest_ram_init(&ram, SIZE), ==, 0);
    g_assert_cmpint(guest_ram_st32_be(&ram, 0x100, 0x11223344), ==, 0);
    g_assert_cmphex(ram.host[0x100], ==, 0x11);
    g_assert_cmphex(ram.host[0x103], ==, 0x44);
    g_assert_cmpint(guest_ram_st64_le(&ram, 0x200, 0x0102030405060708ull), ==, 0);
    g_assert_cmphex(ram.host[0x200], ==, 0x08);
    g_assert_cmphex(ram.host[0x207], ==, 0x01);
    uint64_t v64;
    g_assert_cmpint(guest_ram_ld64_be(&ram, 0x200, &v64), ==, 0);
    g_assert_cmphex(v64, ==, 0x0807060504030201ull);
    uint16_t v16;
    g_assert_cmpint(guest_ram_st16_be(&ram, 0x300, 0xabcd), ==, 0);
    g_assert_cmpint(guest_ram_ld16_le(&ram, 0x300, &v16), ==, 0);
    g_assert_cmphex(v16, ==, 0xcdab);
    uint32_t v32;
    g_assert_cmpint(guest_ram_ld32_le(&ram, 0x100, &v32), ==, 0);
    g_assert_cmphex(v32, ==, 0x44332211);
    /* The very last bytes are reachable. */
    g_assert_cmpint(guest_ram_st64_be(&ram, SIZE - 8, 1), ==, 0);
    g_assert_cmpint(guest_ram_ld64_be(&ram, SIZE - 8, &v64), ==, 0);
    g_assert_cmpuint(v64, ==, 1);
    guest_ram_fini(&ram);
}

static void test_bounds(void)
{
    struct guest_ram ram;
    g_assert_cmpint(guest_ram_init(&ram, SIZE), ==, 0);
    uint64_t v64 = 0;
    uint8_t buf[32];
    g_assert_cmpint(guest_ram_ld64_be(&ram, SIZE - 7, &v64), ==, -EFAULT);
    g_assert_cmpint(guest_ram_st32_be(&ram, SIZE - 3, 0), ==, -EFAULT);
    g_assert_cmpint(guest_ram_ld64_le(&ram, UINT64_MAX, &v64), ==, -EFAULT);
    g_assert_cmpint(guest_ram_ld64_le(&ram, UINT64_MAX - 3, &v64), ==, -EFAULT);
    /* addr + len wraps to a small, valid-looking address. */
    g_assert_cmpint(guest_ram_read(&ram, UINT64_MAX - 15, buf, 32), ==, -EFAULT);
    g_assert_null(guest_ram_ptr(&ram, 16, UINT64_MAX - 8));
    g_assert_null(guest_ram_ptr(&ram, SIZE + 1, 0));
    g_assert_nonnull(guest_ram_ptr(&ram, SIZE, 0));
    g_assert_cmpint(guest_ram_fill(&ram, 0, 0xaa, SIZE + 1), ==, -EFAULT);
    g_assert_cmpint(guest_ram_write(&ram, SIZE - 4, buf, 5), ==, -EFAULT);
    g_assert_cmpint(guest_ram_init(&ram, 0), ==, -EINVAL);
    guest_ram_fini(&ram);
}

static void test_strings(void)
{
    struct guest_ram ram;
    g_assert_cmpint(guest_ram_init(&ram, SIZE), ==, 0);
    char out[8];
    memcpy(ram.host + 0x400, "hello", 6);
    g_assert_cmpint(guest_ram_read_string(&ram, 0x400, out, sizeof(out)), ==, 5);
    g_assert_cmpstr(out, ==, "hello");
    /* Exactly max - 1 characters fit, max do not. */
    memcpy(ram.host + 0x500, "1234567", 8);
    g_assert_cmpint(guest_ram_read_string(&ram, 0x500, out, 8), ==, 7);
    memcpy(ram.host + 0x600, "12345678", 9);
    g_assert_cmpint(guest_ram_read_string(&ram, 0x600, out, 8), ==, -ENAMETOOLONG);
    /* A string running into the end of RAM. */
    memset(ram.host + SIZE - 4, 'x', 4);
    g_assert_cmpint(guest_ram_read_string(&ram, SIZE - 4, out, 8), ==, -EFAULT);
    g_assert_cmpint(guest_ram_read_string(&ram, SIZE, out, 8), ==, -EFAULT);
    g_assert_cmpint(guest_ram_read_string(&ram, UINT64_MAX, out, 8), ==, -EFAULT);
    guest_ram_fini(&ram);
}

struct hook_log {
    int calls;
    uint64_t addr, len;
};

static void hook(void *opaque, uint64_t addr, uint64_t len)
{
    struct hook_log *h = opaque;
    h->calls++;
    h->addr = addr;
    h->len = len;
}

/* Every host-side write is reported with its exact range (the engine drops
 * translated code there); reads and refused writes are not. */
static void test_write_hook(void)
{
    struct guest_ram ram;
    g_assert_cmpint(guest_ram_init(&ram, SIZE), ==, 0);
    struct hook_log h = {0};
    ram.write_hook = hook;
    ram.hook_opaque = &h;
    guest_ram_st32_be(&ram, 0x1000, 1);
    g_assert_cmpint(h.calls, ==, 1);
    g_assert_cmphex(h.addr, ==, 0x1000);
    g_assert_cmpuint(h.len, ==, 4);
    guest_ram_fill(&ram, 0x2000, 0, 0x300);
    g_assert_cmphex(h.addr, ==, 0x2000);
    g_assert_cmpuint(h.len, ==, 0x300);
    uint8_t buf[16] = {0};
    guest_ram_write(&ram, 0x3005, buf, 16);
    g_assert_cmphex(h.addr, ==, 0x3005);
    g_assert_cmpint(h.calls, ==, 3);
    uint64_t v;
    guest_ram_ld64_le(&ram, 0x1000, &v);
    guest_ram_read(&ram, 0x1000, buf, 16);
    g_assert_cmpint(guest_ram_st64_be(&ram, SIZE - 4, 0), ==, -EFAULT);
    g_assert_cmpint(h.calls, ==, 3);
    guest_ram_fini(&ram);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/guest-ram/byte-order", test_byte_order);
    g_test_add_func("/guest-ram/bounds", test_bounds);
    g_test_add_func("/guest-ram/strings", test_strings);
    g_test_add_func("/guest-ram/write-hook", test_write_hook);
    return g_test_run();
}
