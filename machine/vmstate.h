/* machine/vmstate.h: versioned state descriptions for save/restore and
 * migration. Each device describes its state as a table of fields (name,
 * offset, kind, size, version that introduced it); vmstate_save() writes a
 * self-describing section (name, version, fields in order, integers
 * big-endian) and vmstate_load() reads a section written by this or an older
 * version, leaving fields newer than the stream untouched. Malformed input
 * gives -EINVAL, never a crash; vmstate_check() validates without storing,
 * so a caller can refuse a bad stream before touching any state. */
#ifndef PSERIES_MACHINE_VMSTATE_H
#define PSERIES_MACHINE_VMSTATE_H

#include <stddef.h>
#include <stdint.h>

enum vmstate_kind {
    VMS_UINT,        /* unsigned integer of 1, 2, 4 or 8 bytes */
    VMS_BYTES,       /* 'size' raw bytes */
    VMS_UINT_ARRAY,  /* 'count' integers of 'size' bytes */
    VMS_STRUCT_ARRAY, /* 'count' (or *count_field) elements described by 'sub' */
    VMS_BUFFER_PTR,  /* uint8_t * at offset, length in the uint32/uint64 at count_offset */
};

struct vmstate_desc;

struct vmstate_field {
    const char *name;
    size_t offset;
    enum vmstate_kind kind;
    size_t size;                    /* element size */
    size_t count;                   /* fixed element count (arrays) */
    size_t count_offset;            /* VMS_STRUCT_ARRAY with count 0 / VMS_BUFFER_PTR: uint32_t count */
    int pointer;                    /* VMS_STRUCT_ARRAY: the array is reached through a pointer */
    const struct vmstate_desc *sub; /* VMS_STRUCT_ARRAY element description */
    unsigned version;               /* first version that has the field */
};

struct vmstate_desc {
    const char *name;
    unsigned version;     /* current */
    unsigned min_version; /* oldest stream we can still read */
    const struct vmstate_field *fields;
    size_t nfields;
};

struct vmstate_buf {
    uint8_t *data;
    size_t len, alloc;
};

#define VMSTATE_UINT(type, field, ver)                                                         \
    { .name = #field, .offset = offsetof(type, field), .kind = VMS_UINT,                       \
      .size = sizeof(((type *)0)->field), .version = (ver) }
#define VMSTATE_BYTES(type, field, ver)                                                        \
    { .name = #field, .offset = offsetof(type, field), .kind = VMS_BYTES,                      \
      .size = sizeof(((type *)0)->field), .version = (ver) }
#define VMSTATE_UINT_ARRAY(type, field, ver)                                                   \
    { .name = #field, .offset = offsetof(type, field), .kind = VMS_UINT_ARRAY,                 \
      .size = sizeof(((type *)0)->field[0]),                                                   \
      .count = sizeof(((type *)0)->field) / sizeof(((type *)0)->field[0]), .version = (ver) }

void vmstate_buf_free(struct vmstate_buf *b);

/* Append one section for obj to b. -ENOMEM / -EINVAL. */
int vmstate_save(const struct vmstate_desc *d, const void *obj, struct vmstate_buf *b);

/* Parse one section at *pos exactly as vmstate_load() would, against obj's
 * current shape (array counts, buffer sizes), without changing obj; used to
 * validate a whole stream before restoring anything. */
int vmstate_check(const struct vmstate_desc *d, const void *obj, const uint8_t *data, size_t len,
                  size_t *pos);

/* Read one section at *pos of data[0..len) into obj, advancing *pos.
 * -EINVAL for a wrong name, an unsupported version, or malformed data. */
int vmstate_load(const struct vmstate_desc *d, void *obj, const uint8_t *data, size_t len,
                 size_t *pos);

#endif
