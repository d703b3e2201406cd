/* machine/nvram-format.c: the layout of a fresh NVRAM image, as IBM
 * firmware leaves it for the OS (LoPAR "NVRAM" chapter; what Linux expects
 * is in arch/powerpc/kernel/nvram_64.c): a chain of partitions, each
 * starting with a 16-byte header (signature, header checksum, big-endian
 * length in 16-byte blocks including the header, 12-byte name), covering the
 * whole image. We create the firmware's "common" system partition
 * (signature 0x70) and hand the rest to one free partition (signature 0x7f,
 * name of 'w's), from which Linux carves ibm,rtas-log and lnx,oops-log. */
#include <errno.h>
#include <string.h>

#include "devices.h"

#define NVRAM_BLOCK 16
#define NVRAM_SIG_SYS 0x70
#define NVRAM_SIG_FREE 0x7f

/* One's-complement style sum of the header: the signature byte, the
 * 16-bit length and the name as six 16-bit words, folded to 16 bits and
 * then to 8 bits with the carries added back in. */
uint8_t spapr_nvram_header_checksum(const uint8_t hdr[16])
{
    uint32_t sum = hdr[0] + (((uint32_t)hdr[2] << 8) | hdr[3]);
    for (int i = 0; i < 6; i++)
        sum += ((uint32_t)hdr[4 + 2 * i] << 8) | hdr[5 + 2 * i];
    sum = ((sum & 0xffff) + (sum >> 16)) & 0xffff;
    uint32_t hi = sum >> 8, lo = sum & 0xff;
    return (uint8_t)(hi + lo + ((hi + lo) >> 8));
}

static void write_header(uint8_t *p, uint8_t sig, uint32_t blocks, const char *name, char fill)
{
    memset(p, 0, NVRAM_BLOCK);
    p[0] = sig;
    p[2] = (uint8_t)(blocks >> 8);
    p[3] = (uint8_t)blocks;
    size_t n = strlen(name);
    memcpy(p + 4, name, n > 12 ? 12 : n);
    if (fill)
        memset(p + 4, fill, 12);
    p[1] = spapr_nvram_header_checksum(p);
}

int spapr_nvram_format(uint8_t *image, size_t size)
{
    /* The length field counts 16-byte blocks in 16 bits: at most 1 MiB. */
    if (size < SPAPR_NVRAM_MIN_SIZE || size > SPAPR_NVRAM_MAX_SIZE || size % NVRAM_BLOCK)
        return -EINVAL;
    memset(image, 0, size);
    /* "common": 1/16 of the image, between 256 bytes and 4 KiB, so that even
     * the smallest image leaves room for both Linux log partitions. */
    size_t common = size / 16;
    if (common < 256)
        common = 256;
    if (common > 4096)
        common = 4096;
    size_t free_bytes = size - common;
    size_t chunk = 0xffffu * NVRAM_BLOCK; /* largest partition a header can describe */
    write_header(image, NVRAM_SIG_SYS, (uint32_t)(common / NVRAM_BLOCK), "common", 0);
    for (size_t off = common; free_bytes; ) {
        size_t n = free_bytes < chunk ? free_bytes : chunk;
        write_header(image + off, NVRAM_SIG_FREE, (uint32_t)(n / NVRAM_BLOCK), "", 'w');
        off += n;
        free_bytes -= n;
    }
    return 0;
}
