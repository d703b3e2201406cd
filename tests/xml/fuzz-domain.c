/* fuzz-domain.c: libFuzzer target for the domain XML parser.
 *
 * Part of tests/xml/.  Feeds arbitrary bytes to
 * pseries_domain_def_parse_memory().  Besides "no crash, no leak, no UB"
 * (ASan/UBSan), it checks properties and aborts when they fail: every
 * refusal carries a message; every accepted document formats to a
 * canonical form that parses again and formats to the same bytes; and that
 * canonical form is valid against libvirt's own domain.rng (the installed
 * /usr/share/libvirt/schemas, a reference nobody here wrote) and against
 * xml-schema/pseries-domain.rng, checked in-process with libxml2.
 * Built as a libFuzzer binary when meson option `fuzz` is true, and linked
 * into fuzz-corpus-run (a plain main over the seed corpus) in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "pseries-domain.h"

#define LIBVIRT_DOMAIN_RNG "/usr/share/libvirt/schemas/domain.rng"
#define PSERIES_DOMAIN_RNG SOURCE_ROOT "/xml-schema/pseries-domain.rng"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The two schemas, loaded once per process (test harness state). */
static xmlRelaxNGPtr schemas[2];
static const char *const schema_paths[2] = {LIBVIRT_DOMAIN_RNG, PSERIES_DOMAIN_RNG};

static void quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pseries_xml_init();
    for (int i = 0; i < 2; i++) {
        xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema_paths[i]);
        if (pc)
            schemas[i] = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
        if (!schemas[i]) {
            fprintf(stderr, "cannot load %s (apt-get install libvirt-clients)\n",
                    schema_paths[i]);
            exit(1);
        }
    }
    return 0;
}

static void check_schemas(const char *xml)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "formatted.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        fprintf(stderr, "libxml2 cannot read the canonical form:\n%s", xml);
        abort();
    }
    for (int i = 0; i < 2; i++) {
        xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schemas[i]);
        xmlRelaxNGSetValidStructuredErrors(vc, quiet, NULL);
        int r = xmlRelaxNGValidateDoc(vc, doc);
        xmlRelaxNGFreeValidCtxt(vc);
        if (r != 0) {
            fprintf(stderr, "canonical form is not valid against %s:\n%s", schema_paths[i], xml);
            abort();
        }
    }
    xmlFreeDoc(doc);
}

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
    check_schemas(first);
    g_free(first);
    g_free(second);
    pseries_domain_def_free(def);
    pseries_domain_def_free(again);
    return 0;
}
