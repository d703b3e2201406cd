/* tests/isa/insn-decode.c: decodes a file of little-endian instruction
 * words with the engine's decoder for one model and prints, per
 * instruction, "offset mnemonic" (".long" when invalid), stepping 8 bytes
 * over valid prefixed instructions as objdump does. Used by
 * decode-agree.py to compare with powerpc64le-linux-gnu-objdump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: insn-decode MODEL FILE\n");
        return 2;
    }
    const struct ppc_model_desc *md = ppc_model_by_name(argv[1]);
    if (!md) {
        fprintf(stderr, "insn-decode: unknown model %s\n", argv[1]);
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0 || size % 4) {
        fprintf(stderr, "insn-decode: bad file size\n");
        fclose(f);
        return 1;
    }
    unsigned char *buf = malloc((size_t)size + 8);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "insn-decode: cannot read %s\n", argv[2]);
        fclose(f);
        free(buf);
        return 1;
    }
    fclose(f);
    memset(buf + size, 0, 8);
    struct ppc_decoder *dec = ppc_decoder_new(md->isa);
    if (!dec) {
        free(buf);
        return 1;
    }
    char mn[48];
    for (long off = 0; off < size;) {
        uint32_t w = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8 |
                     (uint32_t)buf[off + 2] << 16 | (uint32_t)buf[off + 3] << 24;
        uint32_t s = 0;
        if (off + 8 <= size)
            s = (uint32_t)buf[off + 4] | (uint32_t)buf[off + 5] << 8 |
                (uint32_t)buf[off + 6] << 16 | (uint32_t)buf[off + 7] << 24;
        unsigned len;
        enum ppc_insn_id id = ppc_decode(dec, w, s, &len);
        if (len == 8 && off + 8 > size) {
            id = PPC_ID_INVALID;
            len = 4;
        }
        struct ppc_dinsn d;
        ppc_predecode(&d, id, (uint64_t)off, w, s);
        ppc_mnemonic(mn, sizeof(mn), &d);
        printf("%lx %s %s\n", off, mn, ppc_insn_class(id));
        off += len;
    }
    ppc_decoder_free(dec);
    free(buf);
    return 0;
}
