/* tests/isa/fuzz-engine-run.c: runs the engine fuzz target
 * (fuzz-engine.c) over deterministic pseudo-random inputs, without
 * libFuzzer, so every build (incl. ASan+UBSan) exercises it: random words,
 * and words drawn from the crowded primary opcodes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(int argc, char **argv)
{
    unsigned runs = argc > 1 ? (unsigned)atoi(argv[1]) : 3000;
    uint64_t st = 0x9e3779b97f4a7c15ull;
    static const uint8_t ops[] = { 31, 31, 31, 19, 30, 4, 60, 63, 59, 58, 62, 1,
                                   14, 32, 36, 16, 18, 24, 57, 61, 56 };
    uint8_t buf[1 + 32 + 4096];
    for (unsigned r = 0; r < runs; r++) {
        size_t n = 1 + 32 + 4 * (1 + next(&st) % 1000);
        buf[0] = (uint8_t)next(&st);
        for (size_t i = 1; i < 33; i++)
            buf[i] = (uint8_t)next(&st);
        for (size_t i = 33; i + 4 <= n; i += 4) {
            uint32_t w = (uint32_t)next(&st);
            if (r & 1)
                w = (w & 0x03ffffffu) | ((uint32_t)ops[next(&st) % sizeof(ops)] << 26);
            buf[i] = (uint8_t)w;
            buf[i + 1] = (uint8_t)(w >> 8);
            buf[i + 2] = (uint8_t)(w >> 16);
            buf[i + 3] = (uint8_t)(w >> 24);
        }
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("engine fuzz target: %u inputs ran\n", runs);
    return 0;
}
