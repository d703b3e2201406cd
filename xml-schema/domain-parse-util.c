/* domain-parse-util.c: strict libxml2 node helpers for the domain parser.
 *
 * Part of xml-schema/.  Everything the element parsers share: the error
 * record (file:line: message), allowed-attribute and allowed-children
 * checks that turn anything unknown into a clear "not supported" message,
 * typed attribute reads, libvirt's scaled memory values, and <address>.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

void pseries_xml_error_clear(struct pseries_xml_error *err)
{
    if (!err)
        return;
    g_clear_pointer(&err->file, g_free);
    g_clear_pointer(&err->message, g_free);
    err->line = 0;
}

char *pseries_xml_error_to_string(const struct pseries_xml_error *err)
{
    if (!err || !err->message)
        return g_strdup(_("unknown error"));
    if (err->line > 0)
        return g_strdup_printf("%s:%d: %s", err->file ? err->file : "?", err->line,
                               err->message);
    return g_strdup_printf("%s: %s", err->file ? err->file : "?", err->message);
}

int px_failv(struct parse_ctx *ctx, int line, int errnum, const char *fmt, va_list ap)
{
    if (ctx->err && !ctx->err->message) {
        ctx->err->file = g_strdup(ctx->file);
        ctx->err->line = line > 0 ? line : 0;
        ctx->err->message = g_strdup_vprintf(fmt, ap);
        /* Messages quote document text; keep a hostile document from
         * making them huge (cut on a UTF-8 character boundary). */
        if (strlen(ctx->err->message) > PX_MESSAGE_MAX) {
            char *end = g_utf8_find_prev_char(ctx->err->message,
                                              ctx->err->message + PX_MESSAGE_MAX);
            if (end)
                *end = '\0';
            char *cut = g_strconcat(ctx->err->message, "...", NULL);
            g_free(ctx->err->message);
            ctx->err->message = cut;
        }
    }
    return -errnum;
}

int px_fail(struct parse_ctx *ctx, const xmlNode *node, int errnum, const char *fmt, ...)
{
    va_list ap;
    int line = node ? (int)xmlGetLineNo(node) : 0;

    va_start(ap, fmt);
    int r = px_failv(ctx, line, errnum, fmt, ap);
    va_end(ap);
    return r;
}

static bool in_list(const xmlChar *name, const char *const *list)
{
    for (; list && *list; list++)
        if (xmlStrcmp(name, BAD_CAST *list) == 0)
            return true;
    return false;
}

int px_check_attrs(struct parse_ctx *ctx, const xmlNode *node, const char *const *allowed)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (a->ns)
            return px_fail(ctx, node, EOPNOTSUPP,
                           _("namespaced attribute '%s:%s' of <%s> is not supported by "
                             "pseriesd; remove it"),
                           (const char *)a->ns->prefix, (const char *)a->name,
                           (const char *)node->name);
        if (!in_list(a->name, allowed))
            return px_fail(ctx, node, EOPNOTSUPP,
                           _("attribute '%s' of <%s> is not supported by pseriesd; remove it"),
                           (const char *)a->name, (const char *)node->name);
    }
    return 0;
}

static bool is_blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int px_check_children(struct parse_ctx *ctx, const xmlNode *node, const char *const *allowed)
{
    bool text_ok = allowed && allowed[0] && strcmp(allowed[0], "#text") == 0;
    if (text_ok)
        allowed = NULL;
    for (const xmlNode *c = node->children; c; c = c->next) {
        switch (c->type) {
        case XML_ELEMENT_NODE:
            if (c->ns)
                return px_fail(ctx, c, EOPNOTSUPP,
                               _("namespaced element <%s:%s> in <%s> is not supported by "
                                 "pseriesd; remove it"),
                               c->ns->prefix ? (const char *)c->ns->prefix : "",
                               (const char *)c->name, (const char *)node->name);
            if (!in_list(c->name, allowed))
                return px_fail(ctx, c, EOPNOTSUPP,
                               _("<%s> in <%s> is not supported by pseriesd; remove it"),
                               (const char *)c->name, (const char *)node->name);
            break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            /* libxml2 dates a text node by where it ends: point at the
             * element that holds it instead. */
            if (!text_ok && !is_blank(c->content))
                return px_fail(ctx, node, EINVAL,
                               _("unexpected text in <%s>; remove it"),
                               (const char *)node->name);
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        default:
            return px_fail(ctx, c, EOPNOTSUPP,
                           _("unexpected XML content (entity reference or similar) in <%s>; "
                             "remove it"),
                           (const char *)node->name);
        }
    }
    return 0;
}

int px_check_unique(struct parse_ctx *ctx, const xmlNode *node, const char *const *names)
{
    for (; names && *names; names++) {
        const xmlNode *first = NULL;
        PX_FOREACH_ELEMENT(node, c) {
            if (!PX_NODE_IS(c, *names))
                continue;
            if (first)
                return px_fail(ctx, c, EINVAL,
                               _("duplicate <%s> in <%s>; keep only one"), *names,
                               (const char *)node->name);
            first = c;
        }
    }
    return 0;
}

char *px_attr(const xmlNode *node, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
    if (!v)
        return NULL;
    char *r = g_strdup((const char *)v);
    xmlFree(v);
    return r;
}

char *px_text(const xmlNode *node)
{
    GString *s = g_string_new(NULL);
    for (const xmlNode *c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            g_string_append(s, (const char *)c->content);
    return g_string_free(s, FALSE);
}

char *px_text_trimmed(const xmlNode *node)
{
    char *t = px_text(node);
    size_t start = strspn(t, " \t\r\n");
    size_t len = strlen(t + start);
    while (len > 0 && strchr(" \t\r\n", t[start + len - 1]))
        len--;
    char *r = g_strndup(t + start, len);
    g_free(t);
    return r;
}

int px_lookup(const char *value, const char *const *names)
{
    for (int i = 0; value && names[i]; i++)
        if (strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

static char *join_names(const char *const *names)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; names[i]; i++) {
        if (!*names[i])
            continue;           /* "" marks an unsupported slot */
        if (s->len)
            g_string_append(s, ", ");
        g_string_append_printf(s, "'%s'", names[i]);
    }
    return g_string_free(s, FALSE);
}

int px_attr_enum(struct parse_ctx *ctx, const xmlNode *node, const char *attr,
                 const char *const *names, bool required, int *out)
{
    g_autofree char *v = px_attr(node, attr);
    if (!v) {
        if (!required)
            return 0;
        g_autofree char *list = join_names(names);
        return px_fail(ctx, node, EINVAL, _("<%s> needs attribute %s= (one of %s)"),
                       (const char *)node->name, attr, list);
    }
    int i = *v ? px_lookup(v, names) : -1;
    if (i < 0) {
        g_autofree char *list = join_names(names);
        return px_fail(ctx, node, EOPNOTSUPP,
                       _("%s='%s' of <%s> is not supported by pseriesd; use one of %s"),
                       attr, v, (const char *)node->name, list);
    }
    *out = i;
    return 0;
}

int px_parse_uint(const char *s, bool allow_hex, unsigned long long min,
                  unsigned long long max, unsigned long long *out)
{
    /* libvirt's number syntax (strtoull under virStrToLong_*): leading
     * white space and a '+' are accepted, anything after the digits is
     * not, and neither is a minus sign. */
    if (!s)
        return -EINVAL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
        s++;
    if (*s == '+')
        s++;
    unsigned base = 10;
    if (allow_hex && s[0] == '0' && s[1] == 'x') {     /* libvirt's schemas: lowercase 0x */
        base = 16;
        s += 2;
    }
    if (!(base == 16 ? g_ascii_isxdigit(*s) : g_ascii_isdigit(*s)))
        return -EINVAL;
    unsigned long long v = 0;
    bool overflow = false;
    for (; *s; s++) {
        unsigned d;
        if (g_ascii_isdigit(*s))
            d = (unsigned)(*s - '0');
        else if (base == 16 && g_ascii_isxdigit(*s))
            d = (unsigned)g_ascii_xdigit_value(*s);
        else
            return -EINVAL;
        if (v > (ULLONG_MAX - d) / base)
            overflow = true;
        else
            v = v * base + d;
    }
    if (overflow || v < min || v > max)
        return -ERANGE;
    *out = v;
    return 0;
}

int px_attr_uint(struct parse_ctx *ctx, const xmlNode *node, const char *attr,
                 bool allow_hex, unsigned long long min, unsigned long long max,
                 bool required, bool *present, unsigned long long *out)
{
    g_autofree char *v = px_attr(node, attr);
    if (present)
        *present = v != NULL;
    if (!v) {
        if (required)
            return px_fail(ctx, node, EINVAL, _("<%s> needs attribute %s="),
                           (const char *)node->name, attr);
        return 0;
    }
    int r = px_parse_uint(v, allow_hex, min, max, out);
    if (r == -ERANGE)
        return px_fail(ctx, node, EINVAL,
                       _("%s='%s' of <%s> is out of range; use a value from %llu to %llu"),
                       attr, v, (const char *)node->name, min, max);
    if (r < 0)
        return px_fail(ctx, node, EINVAL,
                       _("%s='%s' of <%s> is not a valid number"), attr, v,
                       (const char *)node->name);
    return 0;
}

int pseries_scale_to_bytes(unsigned long long value, const char *unit,
                           unsigned long long default_unit_bytes,
                           unsigned long long *bytes)
{
    unsigned long long scale;

    if (!unit || !*unit) {
        scale = default_unit_bytes;
    } else if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "byte") == 0 ||
               g_ascii_strcasecmp(unit, "bytes") == 0) {
        scale = 1;
    } else {
        static const char prefixes[] = "kmgtpe";
        const char *p = strchr(prefixes, g_ascii_tolower(unit[0]));
        if (!p || !*p)
            return -EINVAL;
        unsigned long long base;
        if (unit[1] == '\0' || g_ascii_strcasecmp(unit + 1, "ib") == 0)
            base = 1024;
        else if ((unit[1] == 'b' || unit[1] == 'B') && unit[2] == '\0')
            base = 1000;
        else
            return -EINVAL;
        scale = 1;
        for (long i = 0; i <= p - prefixes; i++)
            scale *= base;
    }
    if (scale && value > ULLONG_MAX / scale)
        return -ERANGE;
    *bytes = value * scale;
    return 0;
}

int px_memory_kib(struct parse_ctx *ctx, const xmlNode *node, uint64_t *out_kib)
{
    g_autofree char *unit = px_attr(node, "unit");
    g_autofree char *text = px_text(node);
    unsigned long long v, bytes;
    const char *name = (const char *)node->name;

    int r = px_parse_uint(text, false, 0, ULLONG_MAX, &v);
    if (r == -ERANGE)
        return px_fail(ctx, node, EINVAL,
                       _("<%s> is too large; pseriesd allows at most %llu KiB"), name,
                       (unsigned long long)PSERIES_MAX_MEMORY_KIB);
    if (r < 0)
        return px_fail(ctx, node, EINVAL,
                       _("<%s> must hold a non-negative integer, not '%s'"), name, text);
    r = pseries_scale_to_bytes(v, unit, 1024, &bytes);
    if (r == -EINVAL)
        return px_fail(ctx, node, EINVAL,
                       _("unit='%s' of <%s> is not a valid unit; use b, KiB, MiB, GiB, TiB "
                         "(powers of 1024) or KB, MB, GB, TB (powers of 1000)"),
                       unit, name);
    if (r < 0 || bytes / 1024 + (bytes % 1024 != 0) > PSERIES_MAX_MEMORY_KIB)
        return px_fail(ctx, node, EINVAL,
                       _("<%s> is too large; pseriesd allows at most %llu KiB"), name,
                       (unsigned long long)PSERIES_MAX_MEMORY_KIB);
    /* libvirt keeps memory in KiB, rounding up. */
    *out_kib = bytes / 1024 + (bytes % 1024 != 0);
    return 0;
}

int px_check_string(struct parse_ctx *ctx, const xmlNode *node, const char *what,
                    const char *s, size_t max, bool multiline)
{
    size_t len = strlen(s);
    if (len == 0)
        return px_fail(ctx, node, EINVAL, _("%s must not be empty"), what);
    if (len > max)
        return px_fail(ctx, node, E2BIG, _("%s is too long (%zu bytes); the limit is %zu"),
                       what, len, max);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (multiline && (*p == '\t' || *p == '\n' || *p == '\r'))
            continue;
        if (*p < 0x20 || *p == 0x7f)
            return px_fail(ctx, node, EINVAL,
                           _("%s contains a control character; remove it"), what);
    }
    if (!g_utf8_validate(s, -1, NULL))
        return px_fail(ctx, node, EINVAL, _("%s is not valid UTF-8"), what);
    return 0;
}

int px_check_path(struct parse_ctx *ctx, const xmlNode *node, const char *what,
                  const char *s)
{
    int r = px_check_string(ctx, node, what, s, PSERIES_PATH_MAX, false);
    if (r < 0)
        return r;
    if (s[0] != '/' || s[1] == '\0')
        return px_fail(ctx, node, EINVAL,
                       _("%s '%s' is not an absolute file path; give the full path"), what, s);
    return 0;
}

static const char *const addr_type_names[] = {
    [PSERIES_ADDR_NONE] = "",
    [PSERIES_ADDR_SPAPR_VIO] = "spapr-vio",
    [PSERIES_ADDR_PCI] = "pci",
    [PSERIES_ADDR_DRIVE] = "drive",
    [PSERIES_ADDR_DIMM] = "dimm",
    NULL,
};

int px_parse_address(struct parse_ctx *ctx, const xmlNode *dev, unsigned allowed_types,
                     struct pseries_address *addr)
{
    const xmlNode *node = NULL;
    PX_FOREACH_ELEMENT(dev, c) {
        if (PX_NODE_IS(c, "address")) {
            node = c;
            break;
        }
    }
    memset(addr, 0, sizeof(*addr));
    if (!node)
        return 0;

    const char *names[G_N_ELEMENTS(addr_type_names)];
    for (size_t i = 0; i < G_N_ELEMENTS(addr_type_names); i++)
        names[i] = (addr_type_names[i] && (allowed_types & (1u << i))) ? addr_type_names[i]
                   : (addr_type_names[i] ? "" : NULL);
    int type = 0, r;
    if ((r = px_attr_enum(ctx, node, "type", names, true, &type)) < 0)
        return r;
    if ((r = px_check_children(ctx, node, NULL)) < 0)
        return r;
    addr->type = type;
    unsigned long long v = 0;
    bool present;
    switch (addr->type) {
    case PSERIES_ADDR_SPAPR_VIO:
        if ((r = px_check_attrs(ctx, node, (const char *[]){"type", "reg", NULL})) < 0)
            return r;
        if ((r = px_attr_uint(ctx, node, "reg", true, 1, 0xffffffffu, false, &present,
                              &v)) < 0)
            return r;
        addr->reg = (uint32_t)v;    /* 0 = to be assigned */
        break;
    case PSERIES_ADDR_PCI:
        if ((r = px_check_attrs(ctx, node, (const char *[]){"type", "domain", "bus", "slot",
                                                            "function", "multifunction",
                                                            NULL})) < 0)
            return r;
        {
            g_autofree char *mf = px_attr(node, "multifunction");
            if (mf && strcmp(mf, "off") != 0)
                return px_fail(ctx, node, EOPNOTSUPP,
                               _("multifunction='%s' is not supported by pseriesd; remove it"),
                               mf);
        }
        if ((r = px_attr_uint(ctx, node, "domain", true, 0, 0, false, NULL, &v)) < 0)
            return r;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "bus", true, 0, 0xff, false, NULL, &v)) < 0)
            return r;
        addr->bus = (uint8_t)v;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "slot", true, 1, 31, true, NULL, &v)) < 0)
            return r;
        addr->slot = (uint8_t)v;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "function", true, 0, 0, false, NULL, &v)) < 0)
            return r;
        break;
    case PSERIES_ADDR_DRIVE:
        if ((r = px_check_attrs(ctx, node, (const char *[]){"type", "controller", "bus",
                                                            "target", "unit", NULL})) < 0)
            return r;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "controller", false, 0, PSERIES_MAX_CONTROLLERS,
                              false, NULL, &v)) < 0)
            return r;
        addr->controller = (uint32_t)v;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "bus", false, 0, 0, false, NULL, &v)) < 0)
            return r;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "target", false, 0, 63, false, NULL, &v)) < 0)
            return r;
        addr->target = (uint32_t)v;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "unit", false, 0, 63, false, NULL, &v)) < 0)
            return r;
        addr->unit = (uint32_t)v;
        break;
    case PSERIES_ADDR_DIMM:
        if ((r = px_check_attrs(ctx, node, (const char *[]){"type", "slot", "base", NULL})) < 0)
            return r;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "slot", false, 0, PSERIES_MAX_MEMORY_SLOTS - 1,
                              true, NULL, &v)) < 0)
            return r;
        addr->dimm_slot = (uint32_t)v;
        v = 0;
        if ((r = px_attr_uint(ctx, node, "base", true, 1, UINT64_MAX, false, NULL, &v)) < 0)
            return r;
        addr->dimm_base = v;
        break;
    default:
        return px_fail(ctx, node, EINVAL, _("bad <address>"));
    }
    return 0;
}
