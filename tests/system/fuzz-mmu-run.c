/* tests/system/fuzz-mmu-run.c: runs the MMU fuzz target (fuzz-mmu.c) over
 * a fixed set of inputs without libFuzzer, so the unit and ASan+UBSan
 * builds check the walkers' bounds on every run: 20000 inputs from a fixed
 * xorshift sequence, half of them with the "fold addresses into guest
 * memory" flag and an EA kept inside the radix tree, so deep walks, leaves
 * and R/C updates are reached, not only the first failed read. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static uint64_t xs(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

int main(int argc, char **argv)
{
    static uint8_t buf[4096];
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    if (LLVMFuzzerInitialize(&argc, &argv) != 0)
        return 2;
    for (unsigned i = 0; i < 20000; i++) {
        size_t len = 104 + xs(&seed) % (sizeof(buf) - 104);
        for (size_t j = 0; j < len; j += 8) {
            uint64_t v = xs(&seed);
            if (i & 1) {
                /* plausible table entries: V set, L sometimes, a 64K
                 * aligned NLB in the buffer, NLS 5, 9 or 13; leaves keep
                 * random R/C/ATT/EAA bits */
                static const unsigned nls[3] = { 5, 9, 13 };
                uint64_t e = 0x8000000000000000ull | (v & 0x00000000000F0000ull);
                if ((v >> 40) & 1)
                    e |= 0x4000000000000000ull | (v & 0x1ff);
                else
                    e |= nls[(v >> 20) % 3];
                v = __builtin_bswap64(e);   /* tables are big-endian */
            }
            memcpy(buf + j, &v, len - j < 8 ? len - j : 8);
        }
        if (i & 1) {
            uint64_t ea = xs(&seed), s16 = xs(&seed), s56 = xs(&seed);
            memcpy(buf + 8, &ea, 8);
            memcpy(buf + 16, &s16, 8);
            memcpy(buf + 56, &s56, 8);
            buf[0] = (uint8_t)xs(&seed);
            buf[1] = 1;                 /* wrap addresses, 4 SLB entries */
            buf[2] = (uint8_t)xs(&seed) & 3;    /* PR */
            buf[4] = 3;                 /* EA in range, EA in a segment */
            memset(buf + 40, 0, 16);    /* AMR, IAMR open */
            buf[80] = 0;                /* valid HPT size */
            buf[85] = 3;                /* structured radix, planted HPTE */
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    printf("fuzz-mmu-run: 20000 inputs\n");
    return 0;
}
