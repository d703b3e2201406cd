/* fuzz-corpus-driver.c: runs the fuzz target (fuzz-rpc.c) over every file of
 * the given directories without libFuzzer, so ordinary and ASan builds
 * replay the corpus as a unit test. */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
        unsigned n = 0;
        for (int i = 1; i < argc; i++) {
                g_autoptr(GError) err = NULL;
                g_autoptr(GDir) dir = g_dir_open(argv[i], 0, &err);
                if (!dir) {
                        fprintf(stderr, "%s\n", err->message);
                        return 1;
                }
                const char *name;
                while ((name = g_dir_read_name(dir))) {
                        g_autofree char *path = g_build_filename(argv[i], name, NULL);
                        g_autofree char *buf = NULL;
                        gsize len;
                        if (!g_file_get_contents(path, &buf, &len, &err)) {
                                fprintf(stderr, "%s\n", err->message);
                                return 1;
                        }
                        LLVMFuzzerTestOneInput((const uint8_t *) buf, len);
                        n++;
                }
        }
        printf("replayed %u inputs\n", n);
        return n > 0 ? 0 : 1;
}
