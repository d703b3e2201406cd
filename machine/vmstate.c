/* machine/vmstate.c: serializer for the versioned state descriptions of
 * vmstate.h. A section is: u16 name length, name, u32 version, u32 payload
 * length, payload. The payload is the fields of that version in table order:
 * integers big-endian, byte fields raw, arrays prefixed by a u32 element
 * count, buffers by a u64 length. Loading checks every length against the
 * input and the object, so a corrupt or hostile stream only yields -EINVAL. */
#include "vmstate.h"

#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void vmstate_buf_free(struct vmstate_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

static int put(struct vmstate_buf *b, const void *p, size_t n)
{
    if (n > b->alloc - b->len) {
        size_t a = b->alloc ? b->alloc : 256;
        while (a - b->len < n) {
            if (a > SIZE_MAX / 2)
                return -ENOMEM;
            a *= 2;
        }
        uint8_t *d = realloc(b->data, a);
        if (!d)
            return -ENOMEM;
        b->data = d;
        b->alloc = a;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static int put_uint(struct vmstate_buf *b, uint64_t v, size_t size)
{
    uint8_t out[8];
    for (size_t i = 0; i < size; i++)
        out[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
    return put(b, out, size);
}

static uint64_t load_host_uint(const void *p, size_t size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void store_host_uint(void *p, uint64_t v, size_t size)
{
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

static bool uint_size_ok(size_t size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

static size_t field_count(const struct vmstate_field *f, const void *obj)
{
    if (f->count)
        return f->count;
    uint32_t n;
    memcpy(&n, (const uint8_t *)obj + f->count_offset, sizeof(n));
    return n;
}

static int save_payload(const struct vmstate_desc *d, const void *obj, struct vmstate_buf *b);

static int save_field(const struct vmstate_field *f, const void *obj, struct vmstate_buf *b)
{
    const uint8_t *p = (const uint8_t *)obj + f->offset;
    int r = 0;
    switch (f->kind) {
    case VMS_UINT:
        if (!uint_size_ok(f->size))
            return -EINVAL;
        return put_uint(b, load_host_uint(p, f->size), f->size);
    case VMS_BYTES:
        return put(b, p, f->size);
    case VMS_UINT_ARRAY:
        if (!uint_size_ok(f->size))
            return -EINVAL;
        r = put_uint(b, f->count, 4);
        for (size_t i = 0; r == 0 && i < f->count; i++)
            r = put_uint(b, load_host_uint(p + i * f->size, f->size), f->size);
        return r;
    case VMS_STRUCT_ARRAY: {
        size_t n = field_count(f, obj);
        const uint8_t *base = p;
        if (f->pointer)
            memcpy(&base, p, sizeof(base));
        r = put_uint(b, n, 4);
        for (size_t i = 0; r == 0 && i < n; i++)
            r = save_payload(f->sub, base + i * f->size, b);
        return r;
    }
    case VMS_BUFFER_PTR: {
        const uint8_t *buf;
        memcpy(&buf, p, sizeof(buf));
        uint32_t n;
        memcpy(&n, (const uint8_t *)obj + f->count_offset, sizeof(n));
        r = put_uint(b, n, 8);
        return r ? r : put(b, buf, n);
    }
    }
    return -EINVAL;
}

static int save_payload(const struct vmstate_desc *d, const void *obj, struct vmstate_buf *b)
{
    for (size_t i = 0; i < d->nfields; i++) {
        int r = save_field(&d->fields[i], obj, b);
        if (r)
            return r;
    }
    return 0;
}

int vmstate_save(const struct vmstate_desc *d, const void *obj, struct vmstate_buf *b)
{
    size_t nlen = strlen(d->name);
    if (nlen > UINT16_MAX)
        return -EINVAL;
    int r = put_uint(b, nlen, 2);
    if (!r)
        r = put(b, d->name, nlen);
    if (!r)
        r = put_uint(b, d->version, 4);
    if (r)
        return r;
    size_t len_at = b->len;
    r = put_uint(b, 0, 4);
    if (r)
        return r;
    size_t start = b->len;
    r = save_payload(d, obj, b);
    if (r)
        return r;
    size_t plen = b->len - start;
    if (plen > UINT32_MAX)
        return -EINVAL;
    for (int i = 0; i < 4; i++)
        b->data[len_at + i] = (uint8_t)(plen >> (8 * (3 - i)));
    return 0;
}

struct reader {
    const uint8_t *p;
    size_t len, pos;
    bool dry; /* parse and check only, store nothing */
};

static int get(struct reader *rd, void *out, size_t n)
{
    if (n > rd->len - rd->pos)
        return -EINVAL;
    memcpy(out, rd->p + rd->pos, n);
    rd->pos += n;
    return 0;
}

static int skip(struct reader *rd, size_t n)
{
    if (n > rd->len - rd->pos)
        return -EINVAL;
    rd->pos += n;
    return 0;
}

static int get_uint(struct reader *rd, size_t size, uint64_t *v)
{
    uint8_t in[8];
    if (get(rd, in, size))
        return -EINVAL;
    *v = 0;
    for (size_t i = 0; i < size; i++)
        *v = (*v << 8) | in[i];
    return 0;
}

static int load_payload(const struct vmstate_desc *d, unsigned version, void *obj,
                        struct reader *rd, int depth);

static int load_field(const struct vmstate_field *f, unsigned version, void *obj,
                      struct reader *rd, int depth)
{
    uint8_t *p = (uint8_t *)obj + f->offset;
    uint64_t v;
    switch (f->kind) {
    case VMS_UINT:
        if (!uint_size_ok(f->size) || get_uint(rd, f->size, &v))
            return -EINVAL;
        if (!rd->dry)
            store_host_uint(p, v, f->size);
        return 0;
    case VMS_BYTES:
        return rd->dry ? skip(rd, f->size) : get(rd, p, f->size);
    case VMS_UINT_ARRAY:
        if (!uint_size_ok(f->size) || get_uint(rd, 4, &v) || v != f->count)
            return -EINVAL;
        for (size_t i = 0; i < f->count; i++) {
            if (get_uint(rd, f->size, &v))
                return -EINVAL;
            if (!rd->dry)
                store_host_uint(p + i * f->size, v, f->size);
        }
        return 0;
    case VMS_STRUCT_ARRAY: {
        size_t n = field_count(f, obj);
        uint8_t *base = p;
        if (f->pointer)
            memcpy(&base, p, sizeof(base));
        if (get_uint(rd, 4, &v) || v != n || depth > 4)
            return -EINVAL;
        for (size_t i = 0; i < n; i++)
            if (load_payload(f->sub, version, base + i * f->size, rd, depth + 1))
                return -EINVAL;
        return 0;
    }
    case VMS_BUFFER_PTR: {
        uint8_t *buf;
        memcpy(&buf, p, sizeof(buf));
        uint32_t n;
        memcpy(&n, (uint8_t *)obj + f->count_offset, sizeof(n));
        if (get_uint(rd, 8, &v) || v != n)
            return -EINVAL;
        return rd->dry ? skip(rd, n) : get(rd, buf, n);
    }
    }
    return -EINVAL;
}

/* Nested descriptions share the section's version. */
static int load_payload(const struct vmstate_desc *d, unsigned version, void *obj,
                        struct reader *rd, int depth)
{
    for (size_t i = 0; i < d->nfields; i++) {
        if (d->fields[i].version > version)
            continue;
        if (load_field(&d->fields[i], version, obj, rd, depth))
            return -EINVAL;
    }
    return 0;
}

static int load_section(const struct vmstate_desc *d, void *obj, const uint8_t *data, size_t len,
                        size_t *pos, bool dry)
{
    if (*pos > len)
        return -EINVAL;
    struct reader rd = {.p = data, .len = len, .pos = *pos, .dry = dry};
    uint64_t nlen, version, plen;
    if (get_uint(&rd, 2, &nlen) || nlen != strlen(d->name) || nlen > len - rd.pos ||
        memcmp(data + rd.pos, d->name, nlen) != 0)
        return -EINVAL;
    rd.pos += nlen;
    if (get_uint(&rd, 4, &version) || get_uint(&rd, 4, &plen) || version > d->version ||
        version < d->min_version || plen > len - rd.pos)
        return -EINVAL;
    /* Parse into a copy of the payload bounds so a short payload cannot
     * read the next section. */
    struct reader sub = {.p = data, .len = rd.pos + plen, .pos = rd.pos, .dry = dry};
    int r = load_payload(d, (unsigned)version, obj, &sub, 0);
    if (r || sub.pos != sub.len)
        return -EINVAL;
    *pos = sub.len;
    return 0;
}

int vmstate_load(const struct vmstate_desc *d, void *obj, const uint8_t *data, size_t len,
                 size_t *pos)
{
    return load_section(d, obj, data, len, pos, false);
}

int vmstate_check(const struct vmstate_desc *d, const void *obj, const uint8_t *data, size_t len,
                  size_t *pos)
{
    return load_section(d, (void *)obj, data, len, pos, true);
}
