/* machine/vm/vm-files.c: the boot images the domain XML names (<kernel>,
 * <initrd>, <loader>), opened once at start-up, before the sandbox
 * (vm-sandbox.c) forbids opening anything. The machine reads them through
 * these descriptors at every boot and reboot (its read_boot_file
 * callback, machine/boot.c): a reboot loads what the file holds then,
 * and an image replaced on disk by a rename keeps booting the file the VM
 * was started with. The other files of the XML are descriptors already:
 * the NVRAM file (machine/nvram.c) and the console log (vm-console.c). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "vm.h"

int vm_files_open(struct pseries_vm *vm, const struct spapr_config *cfg, char **msg)
{
    const char *paths[VM_BOOT_FILES] = { cfg->kernel, cfg->initrd, cfg->loader };
    const char *what[VM_BOOT_FILES] = { N_("kernel"), N_("initrd"), N_("loader") };

    for (int i = 0; i < VM_BOOT_FILES; i++) {
        struct vm_boot_file *f = &vm->boot_files[i];
        f->path = paths[i];
        f->fd = -1;
        if (!f->path)
            continue;
        f->fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (f->fd < 0) {
            int r = -errno;
            *msg = g_strdup_printf(_("cannot open the %s %s: %s"), _(what[i]), f->path,
                                   g_strerror(errno));
            return r;
        }
    }
    return 0;
}

void vm_files_close(struct pseries_vm *vm)
{
    for (int i = 0; i < VM_BOOT_FILES; i++) {
        if (vm->boot_files[i].fd >= 0)
            close(vm->boot_files[i].fd);
        vm->boot_files[i].fd = -1;
    }
}

/* The whole file from offset 0, however long it is now. */
static int read_whole(int fd, uint8_t **data, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    size_t cap = st.st_size > 0 ? (size_t)st.st_size : 65536, n = 0;
    uint8_t *buf = g_try_malloc(cap + 1);
    if (!buf)
        return -ENOMEM;
    for (;;) {
        if (n == cap) {
            uint8_t *more = cap < SIZE_MAX / 4 ? g_try_realloc(buf, cap * 2 + 1) : NULL;
            if (!more) {
                g_free(buf);
                return -ENOMEM;
            }
            buf = more;
            cap *= 2;
        }
        ssize_t k = pread(fd, buf + n, cap - n, (off_t)n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int r = -errno;
            g_free(buf);
            return r;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *data = buf;
    *len = n;
    return 0;
}

int vm_files_read(void *opaque, const char *path, uint8_t **data, size_t *len)
{
    struct pseries_vm *vm = opaque;
    for (int i = 0; i < VM_BOOT_FILES; i++) {
        const struct vm_boot_file *f = &vm->boot_files[i];
        if (f->fd >= 0 && f->path && (f->path == path || strcmp(f->path, path) == 0))
            return read_whole(f->fd, data, len);
    }
    return -EACCES;   /* not a file the domain XML names */
}
