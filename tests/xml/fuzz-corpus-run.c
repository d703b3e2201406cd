/* fuzz-corpus-run.c: runs the parser fuzz target over a corpus, no libFuzzer.
 *
 * Part of tests/xml/ (suites 'unit' and 'fuzz-corpus').  Calls
 * LLVMFuzzerTestOneInput (fuzz-domain.c) on every file of the folders
 * given, so ordinary and ASan+UBSan builds exercise the same inputs and
 * properties as the fuzzer (round trip, libvirt's and pseriesd's schemas).
 * Fails if a folder holds no file.
 *
 *   fuzz-corpus-run DIR...
 */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        GError *e = NULL;
        GDir *dir = g_dir_open(argv[i], 0, &e);
        if (!dir) {
            fprintf(stderr, "%s\n", e->message);
            g_error_free(e);
            return 1;
        }
        unsigned n = 0;
        const char *name;
        while ((name = g_dir_read_name(dir))) {
            g_autofree char *path = g_build_filename(argv[i], name, NULL);
            g_autofree char *buf = NULL;
            gsize len = 0;
            if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
                continue;
            if (!g_file_get_contents(path, &buf, &len, &e)) {
                fprintf(stderr, "%s\n", e->message);
                g_error_free(e);
                g_dir_close(dir);
                return 1;
            }
            LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
            n++;
        }
        g_dir_close(dir);
        printf("%s: %u inputs\n", argv[i], n);
        if (n == 0)
            return 1;
    }
    return 0;
}
