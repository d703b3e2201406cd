/* tests/machine/nvram-image.c: writes a freshly formatted NVRAM image
 * (machine/nvram-format.c) to a file, so that a reference Linux guest can be
 * booted on it under qemu-system-ppc64 (nvram-linux.sh); with --check, walks
 * an image (for instance one Linux has written its partitions into) and
 * prints each partition, failing on a header whose checksum differs from
 * spapr_nvram_header_checksum() or on a chain that does not cover the image.
 *   nvram-image FILE [SIZE]
 *   nvram-image --check FILE   */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

static int check(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    static uint8_t img[SPAPR_NVRAM_MAX_SIZE];
    size_t size = fread(img, 1, sizeof(img), f);
    fclose(f);
    size_t off = 0;
    int bad = 0;
    while (off + 16 <= size) {
        const uint8_t *h = img + off;
        unsigned blocks = (unsigned)h[2] << 8 | h[3];
        char name[13] = {0};
        memcpy(name, h + 4, 12);
        uint8_t want = spapr_nvram_header_checksum(h);
        printf("partition at 0x%05zx: sig 0x%02x len %u blocks name '%s' checksum %02x %s\n", off, h[0],
               blocks, name, h[1], want == h[1] ? "ok" : "BAD");
        bad |= want != h[1] || blocks == 0;
        if (blocks == 0)
            break;
        off += (size_t)blocks * 16;
    }
    if (off != size) {
        printf("partitions end at 0x%zx, image is 0x%zx bytes\n", off, size);
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--check") == 0)
        return check(argv[2]);
    if (argc < 2) {
        fprintf(stderr, "usage: nvram-image FILE [SIZE] | --check FILE\n");
        return 2;
    }
    size_t size = argc > 2 ? strtoul(argv[2], NULL, 0) : SPAPR_NVRAM_DEFAULT_SIZE;
    uint8_t *img = malloc(size);
    if (!img || spapr_nvram_format(img, size) != 0) {
        fprintf(stderr, "nvram-image: cannot format %zu bytes\n", size);
        return 1;
    }
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(img, 1, size, f) != size || fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    free(img);
    return 0;
}
