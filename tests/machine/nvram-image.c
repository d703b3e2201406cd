/* tests/machine/nvram-image.c: writes a freshly formatted NVRAM image
 * (machine/nvram-format.c) to a file, so that a reference Linux guest can be
 * booted on it under qemu-system-ppc64 (test-nvram-linux.sh).
 *   nvram-image FILE [SIZE]   */
#include <stdio.h>
#include <stdlib.h>

#include "devices.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nvram-image FILE [SIZE]\n");
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
