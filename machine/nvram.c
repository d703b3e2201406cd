/* machine/nvram.c: the NVRAM device ("qemu,spapr-nvram" under /vdevice,
 * #bytes = size) and the RTAS calls nvram-fetch / nvram-store (3 args:
 * offset, guest buffer, length; 2 rets: status, bytes transferred). The
 * image is kept in memory and written through to cfg.nvram_path, so it
 * survives the machine; a new or empty file is formatted first
 * (nvram-format.c). */
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <libfdt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"
#include "vio.h"
#include "vmstate.h"
#include "xics.h"

struct spapr_nvram {
    struct spapr_vio_dev dev;
    pthread_mutex_t lock;
    uint8_t *image;
    uint32_t size;
    int fd; /* -1: memory only */
};

/* The image with its length; a stream whose length differs from this
 * machine's NVRAM is refused. */
static const struct vmstate_field nvram_fields[] = {
    {.name = "image", .offset = offsetof(struct spapr_nvram, image), .kind = VMS_BUFFER_PTR,
     .count_offset = offsetof(struct spapr_nvram, size), .version = 1},
};
static const struct vmstate_desc nvram_desc = {"spapr-nvram", 1, 1, nvram_fields, 1};

static int write_back(struct spapr_nvram *nv, uint32_t off, uint32_t len)
{
    if (nv->fd < 0)
        return 0;
    while (len) {
        ssize_t n = pwrite(nv->fd, nv->image + off, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        off += (uint32_t)n;
        len -= (uint32_t)n;
    }
    return 0;
}

static int read_all(int fd, uint8_t *buf, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = pread(fd, buf + off, len - off, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        off += (size_t)n;
    }
    return 0;
}

static void nvram_free(struct spapr_vio_dev *dev)
{
    struct spapr_nvram *nv = (struct spapr_nvram *)dev;
    if (nv->fd >= 0)
        close(nv->fd);
    pthread_mutex_destroy(&nv->lock);
    free(nv->image);
    free(nv);
}

static int nvram_props(struct spapr_machine *m, struct spapr_vio_dev *dev, void *fdt, int node)
{
    (void)m;
    return fdt_setprop_u32(fdt, node, "#bytes", ((struct spapr_nvram *)dev)->size);
}

/* Shared checks of nvram-fetch / nvram-store; returns the host pointer of
 * the guest buffer or NULL (rets already filled). */
static uint8_t *nvram_xfer_check(struct spapr_machine *m, struct spapr_nvram *nv,
                                 struct spapr_rtas_call *c)
{
    uint32_t off = c->args[0], len = c->args[2];
    c->rets[1] = 0;
    if (!nv || off >= nv->size || len > nv->size - off) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return NULL;
    }
    uint8_t *p = guest_ram_ptr(&m->ram, c->args[1], len);
    if (!p)
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
    return p;
}

static void rtas_nvram_fetch(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    struct spapr_nvram *nv = m->nvram;
    uint8_t *p = nvram_xfer_check(m, nv, c);
    if (!p)
        return;
    pthread_mutex_lock(&nv->lock);
    memcpy(p, nv->image + c->args[0], c->args[2]);
    pthread_mutex_unlock(&nv->lock);
    guest_ram_notify_write(&m->ram, c->args[1], c->args[2]);
    c->rets[0] = RTAS_OUT_SUCCESS;
    c->rets[1] = c->args[2];
}

static void rtas_nvram_store(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    struct spapr_nvram *nv = m->nvram;
    uint8_t *p = nvram_xfer_check(m, nv, c);
    if (!p)
        return;
    pthread_mutex_lock(&nv->lock);
    memcpy(nv->image + c->args[0], p, c->args[2]);
    int r = write_back(nv, c->args[0], c->args[2]);
    pthread_mutex_unlock(&nv->lock);
    if (r) {
        spapr_machine_log(m, _("cannot write the NVRAM file %s: %s"), m->cfg.nvram_path, strerror(-r));
        c->rets[0] = (uint32_t)RTAS_OUT_HW_ERROR;
        return;
    }
    c->rets[0] = RTAS_OUT_SUCCESS;
    c->rets[1] = c->args[2];
}

/* Open (or create and format) the backing file. */
static int nvram_open(struct spapr_machine *m, struct spapr_nvram *nv)
{
    nv->fd = open(m->cfg.nvram_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (nv->fd < 0)
        return -errno;
    struct stat st;
    if (fstat(nv->fd, &st) < 0)
        return -errno;
    if (st.st_size == 0) {
        int r = spapr_nvram_format(nv->image, nv->size);
        return r ? r : write_back(nv, 0, nv->size);
    }
    if (st.st_size < SPAPR_NVRAM_MIN_SIZE || st.st_size > SPAPR_NVRAM_MAX_SIZE || st.st_size % 16)
        return -EINVAL;
    if ((uint32_t)st.st_size != nv->size) {
        uint8_t *img = realloc(nv->image, (size_t)st.st_size);
        if (!img)
            return -ENOMEM;
        nv->image = img;
        nv->size = (uint32_t)st.st_size;
    }
    return read_all(nv->fd, nv->image, nv->size);
}

int spapr_nvram_create(struct spapr_machine *m)
{
    struct spapr_nvram *nv = calloc(1, sizeof(*nv));
    if (!nv)
        return -ENOMEM;
    pthread_mutex_init(&nv->lock, NULL);
    nv->fd = -1;
    nv->size = m->cfg.nvram_size ? m->cfg.nvram_size : SPAPR_NVRAM_DEFAULT_SIZE;
    nv->dev = (struct spapr_vio_dev){
        .node_name = "nvram",
        .device_type = "nvram",
        .compatible = "qemu,spapr-nvram",
        .fdt_props = nvram_props,
        .vmsd = &nvram_desc,
        .state = nv,
        .free = nvram_free,
    };
    int r = -EINVAL;
    if (nv->size >= SPAPR_NVRAM_MIN_SIZE && nv->size <= SPAPR_NVRAM_MAX_SIZE && nv->size % 16 == 0)
        r = (nv->image = malloc(nv->size)) ? 0 : -ENOMEM;
    if (r == 0) {
        r = m->cfg.nvram_path ? nvram_open(m, nv) : spapr_nvram_format(nv->image, nv->size);
        if (r && m->cfg.nvram_path)
            spapr_machine_log(m, _("cannot use the NVRAM file %s: %s"), m->cfg.nvram_path,
                              r == -EINVAL ? _("its size is not a multiple of 16 between 8 KiB and 1 MiB")
                                           : strerror(-r));
    }
    if (r == 0) {
        uint32_t irq = xics_find_free(m, SPAPR_IRQ_VIO);
        if (irq && xics_claim(m, irq, false) == 0)
            nv->dev.irq = irq;
        r = spapr_vio_register(m, &nv->dev);
    }
    if (r) {
        nvram_free(&nv->dev);
        return r;
    }
    m->nvram = nv;
    int t;
    if ((t = spapr_rtas_register(m, "nvram-fetch", 3, 3, 2, 2, rtas_nvram_fetch)) < 0 ||
        (t = spapr_rtas_register(m, "nvram-store", 3, 3, 2, 2, rtas_nvram_store)) < 0)
        return t;
    return 0;
}

int spapr_nvram_flush(struct spapr_machine *m)
{
    struct spapr_nvram *nv = m->nvram;
    if (!nv)
        return 0;
    pthread_mutex_lock(&nv->lock);
    int r = write_back(nv, 0, nv->size);
    if (r == 0 && nv->fd >= 0 && fdatasync(nv->fd) < 0)
        r = -errno;
    pthread_mutex_unlock(&nv->lock);
    return r;
}
