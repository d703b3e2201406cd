/* tests/machine/fuzz-machine-run.c: runs the machine fuzz target
 * (fuzz-machine.c) without libFuzzer on a fixed set of inputs: hand-made
 * calls of every kind plus fifteen hundred inputs from a fixed-seed
 * generator, so the normal and the ASan+UBSan builds (suites 'unit' and
 * 'fuzz-corpus') exercise the same properties as the fuzzer. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void)
{
    static const uint8_t seeds[][32] = {
        {0}, /* an empty hcall */
        {1, 0, 0, 0x10, 2, 0, 0}, /* an RTAS call near the start of RAM */
        {1, 1, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, /* buffer at RAM end */
        {1, 0, 0, 0, 0x05, 0xff, 0x80, 0, 0, 0, 0x80, 0, 0, 0}, /* huge counts */
        {0, 1, 0, 4, 1, 0x71, 1, 0x20}, /* H_PUT_TERM_CHAR with len 32 */
        {0, 4, 1, 2, 0, 2, 0, 4}, /* H_IPI */
    };
    unsigned n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(seeds); i++, n++)
        LLVMFuzzerTestOneInput(seeds[i], sizeof(seeds[i]));
    GRand *rand = g_rand_new_with_seed(0x5eed);
    uint8_t buf[512];
    for (int i = 0; i < 1500; i++, n++) {
        size_t len = (size_t)g_rand_int_range(rand, 1, sizeof(buf));
        for (size_t j = 0; j < len; j++) {
            /* Mostly small bytes, so selectors hit registered calls. */
            guint32 r = g_rand_int(rand);
            buf[j] = (uint8_t)((r & 0x300) ? r % 40 : r);
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    g_rand_free(rand);
    printf("ok: %u inputs\n", n);
    return 0;
}
