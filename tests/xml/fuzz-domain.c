/* fuzz-domain.c: libFuzzer target for the domain XML parser.
 *
 * Part of tests/xml/.  Feeds arbitrary bytes to
 * pseries_domain_def_parse_memory().  Besides "no crash, no leak, no UB"
 * (ASan/UBSan), it checks two properties and aborts when they fail:
 * every refusal carries a message, and every accepted document formats to
 * a canonical form that parses again and formats to the same bytes.
 * Built as a libFuzzer binary when meson option `fuzz` is true, and linked
 * into fuzz-corpus-run (a plain main over the seed corpus) in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pseries-domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pseries_xml_error err = {0};
    struct pseries_domain_def *def = NULL;

    if (pseries_domain_def_parse_memory((const char *)data, size, "fuzz.xml", &def, &err) < 0) {
        if (def || !err.message || !err.file) {
            fprintf(stderr, "refusal without a message or with a def\n");
            abort();
        }
        g_autofree char *s = pseries_xml_error_to_string(&err);
        if (!g_str_has_prefix(s, "fuzz.xml"))
            abort();
        pseries_xml_error_clear(&err);
        return 0;
    }

    char *first = NULL, *second = NULL;
    struct pseries_domain_def *again = NULL;
    if (pseries_domain_def_format(def, &first) < 0) {
        fprintf(stderr, "format failed on an accepted document\n");
        abort();
    }
    if (pseries_domain_def_parse_memory(first, strlen(first), "formatted.xml", &again, &err) < 0) {
        g_autofree char *s = pseries_xml_error_to_string(&err);
        fprintf(stderr, "canonical form does not parse: %s\n%s", s, first);
        abort();
    }
    if (pseries_domain_def_format(again, &second) < 0 || strcmp(first, second) != 0) {
        fprintf(stderr, "canonical form is not stable:\n%s\n---\n%s", first, second ? second : "");
        abort();
    }
    g_free(first);
    g_free(second);
    pseries_domain_def_free(def);
    pseries_domain_def_free(again);
    return 0;
}
