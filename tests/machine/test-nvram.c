/* tests/machine/test-nvram.c: the NVRAM image as Linux will see it, and its
 * persistence.
 *
 * The rules below are the facts Linux's arch/powerpc/kernel/nvram_64.c
 * applies (nvram_scan_partitions, nvram_checksum, nvram_create_partition,
 * nvram_init_os_partition); they are restated here, not copied:
 *   - partitions are chained from offset 0 and must cover the image; each
 *     16-byte header is signature, checksum, big-endian length in 16-byte
 *     blocks (header included), 12-byte name;
 *   - the checksum is signature + length + the name read as six native
 *     16-bit words, folded to 16 bits (carry added once, truncated), then
 *     (sum + byte-swapped sum) >> 8, low byte. Native means big-endian on a
 *     ppc64 kernel and little-endian on ppc64le: both must accept our image;
 *   - a bad checksum or a zero length ends the scan (the partitions after it
 *     are lost);
 *   - Linux (pseries) then needs "ibm,rtas-log" (2079 bytes wanted, 1055
 *     minimum) and "lnx,oops-log" (4000 wanted, 2000 minimum), signature
 *     0xa0, and creates them from a free partition (signature 0x7f) holding
 *     at least the minimum plus one header block; if it cannot, it prints
 *     "nvram: Failed to find or create ... partition".
 * The test walks our freshly formatted image with these rules and plays
 * Linux's two creations on it. It also checks that a file-backed NVRAM keeps
 * what the guest stored across two machine instances. */
#include <glib/gstdio.h>
#include <unistd.h>

#include "helpers.h"

struct part {
    uint8_t sig;
    char name[13];
    uint32_t index;  /* byte offset of the header */
    uint32_t blocks; /* length in 16-byte blocks, header included */
};

static uint8_t linux_checksum(const uint8_t *h, int big_endian)
{
    unsigned sum = h[0] + (((unsigned)h[2] << 8) | h[3]);
    for (int i = 0; i < 6; i++) {
        unsigned a = h[4 + 2 * i], b = h[5 + 2 * i];
        sum += big_endian ? (a << 8 | b) : (b << 8 | a);
    }
    sum = ((sum & 0xffff) + (sum >> 16)) & 0xffff;
    unsigned swapped = (sum >> 8) + (sum << 8);
    return (uint8_t)(((sum + swapped) >> 8) & 0xff);
}

/* Scan as Linux does; returns the number of partitions, or -1 if the scan
 * stopped early (bad checksum, zero length, read past the end). */
static int scan(const uint8_t *img, uint32_t size, struct part *parts, int max, int big_endian)
{
    int n = 0;
    uint32_t off = 0;
    while (off < size) {
        if (size - off < 16 || n == max)
            return -1;
        const uint8_t *h = img + off;
        uint32_t blocks = ((uint32_t)h[2] << 8) | h[3];
        if (linux_checksum(h, big_endian) != h[1] || blocks == 0)
            return -1;
        parts[n].sig = h[0];
        memcpy(parts[n].name, h + 4, 12);
        parts[n].name[12] = 0;
        parts[n].index = off;
        parts[n].blocks = blocks;
        n++;
        off += blocks * 16;
    }
    return off == size ? n : -1;
}

/* Linux's choice of a free partition for a request (sizes in bytes):
 * the first free one with room for the wanted size, else the largest with
 * at least the minimum. Returns the blocks granted (0: -ENOSPC) and
 * updates the partition list the way the kernel does. */
static uint32_t create(struct part *parts, int *n, const char *name, uint32_t req, uint32_t min)
{
    uint32_t req_b = (req + 15) / 16 + 1, min_b = (min + 15) / 16 + 1, size = 0;
    int pick = -1;
    for (int i = 0; i < *n; i++) {
        if (parts[i].sig != 0x7f)
            continue;
        if (parts[i].blocks >= req_b) {
            size = req_b;
            pick = i;
            break;
        }
        if (parts[i].blocks > size && parts[i].blocks >= min_b) {
            size = parts[i].blocks;
            pick = i;
        }
    }
    if (pick < 0)
        return 0;
    struct part np = {.sig = 0xa0, .index = parts[pick].index, .blocks = size};
    g_strlcpy(np.name, name, sizeof(np.name));
    if (parts[pick].blocks > size) {
        parts[pick].index += size * 16;
        parts[pick].blocks -= size;
        memmove(&parts[pick + 1], &parts[pick], (size_t)(*n - pick) * sizeof(*parts));
        parts[pick] = np;
        (*n)++;
    } else {
        parts[pick] = np;
    }
    return size;
}

static void check_image_for_linux(uint32_t size)
{
    uint8_t *img = g_malloc(size);
    g_assert_cmpint(spapr_nvram_format(img, size), ==, 0);
    for (int be = 0; be <= 1; be++) {
        struct part parts[64];
        int n = scan(img, size, parts, 64, be);
        g_assert_cmpint(n, >=, 2);
        /* Firmware's own partition and free space, nothing of the OS yet. */
        g_assert_cmphex(parts[0].sig, ==, 0x70);
        g_assert_cmpstr(parts[0].name, ==, "common");
        int nfree = 0;
        for (int i = 0; i < n; i++) {
            g_assert_cmphex(parts[i].sig, !=, 0xa0);
            if (parts[i].sig == 0x7f) {
                nfree++;
                g_assert_cmpstr(parts[i].name, ==, "wwwwwwwwwwww");
            }
        }
        g_assert_cmpint(nfree, >=, 1);
        /* Linux's pseries_nvram_init_log_partitions: rtas log then oops log,
         * both at least their minimum size. */
        uint32_t got = create(parts, &n, "ibm,rtas-log", 2079, 1055);
        g_assert_cmpuint(got, >=, (1055 + 15) / 16 + 1);
        got = create(parts, &n, "lnx,oops-log", 4000, 2000);
        g_assert_cmpuint(got, >=, (2000 + 15) / 16 + 1);
    }
    /* Our checksum helper agrees with the rule above. */
    g_assert_cmphex(spapr_nvram_header_checksum(img), ==, linux_checksum(img, 1));
    g_free(img);
}

static void test_layout(void)
{
    /* The default (64 KiB, as QEMU's spapr-nvram), the minimum and maximum,
     * and sizes in between. */
    uint32_t sizes[] = {SPAPR_NVRAM_DEFAULT_SIZE, SPAPR_NVRAM_MIN_SIZE, 0x3000, 0x8000,
                        0x40000, SPAPR_NVRAM_MAX_SIZE};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
        check_image_for_linux(sizes[i]);
    uint8_t small[16];
    g_assert_cmpint(spapr_nvram_format(small, sizeof(small)), <, 0);
}

/* Every header checksum combination the formatter can produce for a
 * single free partition of any length is accepted in both byte orders. */
static void test_checksum_all_lengths(void)
{
    uint8_t h[16];
    for (uint32_t len = 1; len <= 0xffff; len++) {
        memset(h, 0, 16);
        h[0] = 0x7f;
        h[2] = (uint8_t)(len >> 8);
        h[3] = (uint8_t)len;
        memset(h + 4, 'w', 12);
        uint8_t c = spapr_nvram_header_checksum(h);
        if (c != linux_checksum(h, 1) || c != linux_checksum(h, 0))
            g_error("length %u: checksum %02x, Linux BE %02x LE %02x", len, c, linux_checksum(h, 1),
                    linux_checksum(h, 0));
    }
}

static void test_persistence(void)
{
    g_autofree char *dir = g_dir_make_tmp("pseries-nvram-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autofree char *path = g_build_filename(dir, "nvram.bin", NULL);
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nvram_path = path;

    struct test_console con;
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    /* The new file was formatted: its first header is "common". */
    gchar *contents;
    gsize len;
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    g_assert_cmpuint(len, ==, SPAPR_NVRAM_DEFAULT_SIZE);
    g_assert_cmpint(memcmp(contents + 4, "common", 6), ==, 0);
    g_free(contents);

    guest_ram_write(&m->ram, 0x50000, "persist me", 10);
    uint32_t st[3] = {0x8000, 0x50000, 10}, rets[2];
    g_assert_cmpint(test_rtas(m, "nvram-store", 3, st, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    test_machine_free(m, &con);

    /* A second machine on the same file sees the bytes, and the image was
     * not reformatted. */
    m = test_machine_new(&cfg, &con);
    uint32_t fe[3] = {0x8000, 0x70000, 10};
    g_assert_cmpint(test_rtas(m, "nvram-fetch", 3, fe, 2, rets), ==, H_SUCCESS);
    g_assert_cmpint(rets[0], ==, 0);
    g_assert_cmpint(memcmp(guest_ram_ptr(&m->ram, 0x70000, 10), "persist me", 10), ==, 0);
    test_machine_free(m, &con);

    /* A file of an impossible size is refused, not truncated. */
    g_assert_true(g_file_set_contents(path, "short", 5, NULL));
    struct spapr_machine *bad = NULL;
    g_assert_cmpint(spapr_machine_create(&cfg, NULL, &bad), <, 0);
    g_assert_null(bad);
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nvram/layout-for-linux", test_layout);
    g_test_add_func("/nvram/checksum-all-lengths", test_checksum_all_lengths);
    g_test_add_func("/nvram/persistence", test_persistence);
    return g_test_run();
}
