/* domain-priv.h: internals shared by the files of xml-schema/.
 *
 * The parse context (document name + error record), the strict node helpers
 * every element parser uses (allowed attributes/children, duplicate checks,
 * typed attribute reads with line-numbered errors), and the hooks between
 * the parse, defaults, validate and format steps.  Not installed; users of
 * the library include pseries-domain.h only.
 */
#pragma once

#include <errno.h>
#include <stdarg.h>

#include <libxml/tree.h>

#include "pseries-domain.h"

#define PX_MESSAGE_MAX 1024              /* bytes of an error message */

struct parse_ctx {
    const char *file;                   /* name used in messages */
    struct pseries_xml_error *err;      /* may be NULL */
};

/* Record an error (first one wins) and return -errnum.  The line comes
 * from `node` (0 when node is NULL). */
int px_fail(struct parse_ctx *ctx, const xmlNode *node, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
int px_failv(struct parse_ctx *ctx, int line, int errnum, const char *fmt, va_list ap)
    G_GNUC_PRINTF(4, 0);

/* Attributes not in the NULL-terminated list `allowed` are rejected with a
 * message; so are namespaced attributes. */
int px_check_attrs(struct parse_ctx *ctx, const xmlNode *node, const char *const *allowed);
/* Children: namespaced elements are rejected; element children must be in
 * `allowed` (NULL = none: an empty element).  Non-blank text is rejected
 * unless `allowed` is PX_TEXT (a text-only element). */
#define PX_TEXT ((const char *const[]){"#text", NULL})
int px_check_children(struct parse_ctx *ctx, const xmlNode *node, const char *const *allowed);
/* Reject a second child element called `name` (for optional-once ones). */
int px_check_unique(struct parse_ctx *ctx, const xmlNode *node, const char *const *names);

/* Attribute value (NULL when absent); g_free() it. */
char *px_attr(const xmlNode *node, const char *name);
/* Text content of an element (leading/trailing whitespace kept); g_free(). */
char *px_text(const xmlNode *node);
/* Element text trimmed of XML whitespace. */
char *px_text_trimmed(const xmlNode *node);

/* Look up `value` in the NULL-terminated `names`; return its index or -1. */
int px_lookup(const char *value, const char *const *names);
/* Required/optional enum attribute; *out untouched when absent and optional.
 * A bad value is rejected with the list of supported ones. */
int px_attr_enum(struct parse_ctx *ctx, const xmlNode *node, const char *attr,
                 const char *const *names, bool required, int *out);

/* Unsigned decimal (or 0x-hex when allow_hex) into [min, max]. */
int px_parse_uint(const char *s, bool allow_hex, unsigned long long min,
                  unsigned long long max, unsigned long long *out);
int px_attr_uint(struct parse_ctx *ctx, const xmlNode *node, const char *attr,
                 bool allow_hex, unsigned long long min, unsigned long long max,
                 bool required, bool *present, unsigned long long *out);

/* A scaled memory value (element text + unit= attribute, default KiB),
 * rounded up to KiB as libvirt does. */
int px_memory_kib(struct parse_ctx *ctx, const xmlNode *node, uint64_t *out_kib);

/* A string that must be non-empty, under `max` bytes, with no control
 * characters (when `multiline`, \t \n \r are allowed). */
int px_check_string(struct parse_ctx *ctx, const xmlNode *node, const char *what,
                    const char *s, size_t max, bool multiline);
/* An absolute path (no control characters, at most PSERIES_PATH_MAX). */
int px_check_path(struct parse_ctx *ctx, const xmlNode *node, const char *what,
                  const char *s);

/* The <address> child of a device: allowed types as a bitmask of
 * (1u << PSERIES_ADDR_*). */
int px_parse_address(struct parse_ctx *ctx, const xmlNode *dev, unsigned allowed_types,
                     struct pseries_address *addr);

/* Steps after the syntax: defaults.c, devices parser, validate.c. */
int px_parse_devices(struct parse_ctx *ctx, const xmlNode *devices,
                     struct pseries_domain_def *def);
int px_apply_defaults(struct parse_ctx *ctx, const xmlNode *root,
                      struct pseries_domain_def *def);
int px_validate(struct parse_ctx *ctx, const struct pseries_domain_def *def);

/* Shared spellings (index = enum value). */
extern const char *const px_cpu_model_names[];
extern const char *const px_lifecycle_names[];
extern const char *const px_boot_names[];
extern const char *const px_cap_names[];
extern const char *const px_cache_names[];

#define PX_NODE_IS(node, nm) \
    ((node)->type == XML_ELEMENT_NODE && xmlStrcmp((node)->name, BAD_CAST (nm)) == 0)
#define PX_FOREACH_ELEMENT(parent, child) \
    for (xmlNode *child = (parent)->children; child; child = child->next) \
        if (child->type == XML_ELEMENT_NODE)
