/* xml-canon.c: test helper; parses a domain XML file with xml-schema/ and
 * writes the canonical form to stdout (or the error to stderr, exit 1);
 * with --live ID, the live form (<domain ... id='ID'>).
 *
 * Part of tests/xml/: check-examples.sh uses it for the round-trip and
 * schema-validation checks of every example.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pseries-domain.h"

int main(int argc, char **argv)
{
    int live_id = 0;
    if (argc == 4 && strcmp(argv[1], "--live") == 0) {
        live_id = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s [--live ID] DOMAIN.xml\n", argv[0]);
        return 2;
    }
    struct pseries_xml_error err = {0};
    g_autoptr(PseriesDomainDef) def = NULL;
    if (pseries_domain_def_parse_file(argv[1], &def, &err) < 0) {
        g_autofree char *msg = pseries_xml_error_to_string(&err);
        fprintf(stderr, "%s\n", msg);
        pseries_xml_error_clear(&err);
        return 1;
    }
    g_autofree char *xml = NULL;
    if ((live_id ? pseries_domain_def_format_live(def, live_id, &xml)
                 : pseries_domain_def_format(def, &xml)) < 0) {
        fprintf(stderr, "format failed\n");
        return 1;
    }
    fputs(xml, stdout);
    return 0;
}
