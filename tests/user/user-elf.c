/* tests/user/user-elf.c: ELF loading and the initial process stack for the
 * user-mode runner (static ppc64 little- and big-endian executables,
 * ELFv2 and ELFv1). Layout of the stack and auxiliary vector as the Linux
 * ELF loader builds it (fs/binfmt_elf.c create_elf_tables). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "user-elf.h"

#ifndef EM_PPC64
#define EM_PPC64 21
#endif

struct rd {
    const uint8_t *p;
    bool le;
};

static uint16_t g16(const uint8_t *p, bool le)
{
    return le ? (uint16_t)(p[0] | p[1] << 8) : (uint16_t)(p[1] | p[0] << 8);
}
static uint32_t g32(const uint8_t *p, bool le)
{
    return le ? (uint32_t)g16(p, le) | (uint32_t)g16(p + 2, le) << 16
              : (uint32_t)g16(p + 2, le) | (uint32_t)g16(p, le) << 16;
}
static uint64_t g64(const uint8_t *p, bool le)
{
    return le ? (uint64_t)g32(p, le) | (uint64_t)g32(p + 4, le) << 32
              : (uint64_t)g32(p + 4, le) | (uint64_t)g32(p, le) << 32;
}

static int read_at(int fd, void *buf, size_t len, off_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (uint8_t *)buf + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (r == 0)
            return -EIO;
        done += (size_t)r;
    }
    return 0;
}

bool user_elf_is_ppc64(const char *path)
{
    uint8_t h[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int r = read_at(fd, h, sizeof(h), 0);
    close(fd);
    if (r || memcmp(h, ELFMAG, SELFMAG) || h[EI_CLASS] != ELFCLASS64)
        return false;
    return g16(h + 18, h[EI_DATA] == ELFDATA2LSB) == EM_PPC64;
}

int user_elf_load(struct user_mem *m, const char *path, struct user_image *img,
                  const char **why)
{
    uint8_t eh[64];
    uint8_t ph[64 * 64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = "cannot open";
        return -errno;
    }
    int r = read_at(fd, eh, sizeof(eh), 0);
    if (r || memcmp(eh, ELFMAG, SELFMAG) || eh[EI_CLASS] != ELFCLASS64) {
        *why = "not a 64-bit ELF file";
        close(fd);
        return -ENOEXEC;
    }
    bool le = eh[EI_DATA] == ELFDATA2LSB;
    uint16_t type = g16(eh + 16, le), mach = g16(eh + 18, le);
    uint64_t entry = g64(eh + 24, le), phoff = g64(eh + 32, le);
    uint32_t flags = g32(eh + 48, le);
    uint16_t phentsize = g16(eh + 54, le), phnum = g16(eh + 56, le);
    if (mach != EM_PPC64 || (type != ET_EXEC && type != ET_DYN)) {
        *why = "not a ppc64 executable";
        close(fd);
        return -ENOEXEC;
    }
    if (phentsize != 56 || phnum == 0 || phnum > 64) {
        *why = "bad program headers";
        close(fd);
        return -ENOEXEC;
    }
    r = read_at(fd, ph, (size_t)phnum * phentsize, (off_t)phoff);
    if (r) {
        *why = "cannot read program headers";
        close(fd);
        return r;
    }
    uint64_t bias = type == ET_DYN ? 0x10000000ull : 0;
    uint64_t brk = 0, phdr = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = ph + i * phentsize;
        uint32_t pt = g32(p, le), pf = g32(p + 4, le);
        uint64_t off = g64(p + 8, le), va = g64(p + 16, le) + bias;
        uint64_t fsz = g64(p + 32, le), msz = g64(p + 40, le);
        if (pt == PT_INTERP) {
            *why = "dynamically linked programs are not supported";
            close(fd);
            return -ENOEXEC;
        }
        if (pt == PT_PHDR)
            phdr = va;
        if (pt != PT_LOAD || msz == 0)
            continue;
        if (fsz > msz || va + msz < va || va + msz > USER_MEM_SIZE) {
            *why = "bad segment";
            close(fd);
            return -ENOEXEC;
        }
        /* Linux on ppc64 maps with 64 KiB pages: do the same, so the
         * program's own page rounding (RELRO mprotect) finds them. */
        uint64_t start = va & ~(USER_GUEST_PAGESZ - 1);
        uint64_t end = (va + msz + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
        unsigned prot = ((pf & PF_R) ? UP_R : 0) | ((pf & PF_W) ? UP_W : 0) |
                        ((pf & PF_X) ? UP_X : 0);
        /* Segments may share a page: map what is not mapped yet. */
        for (uint64_t a = start; a < end; a += USER_PAGE_SIZE) {
            if (user_mem_ptr(m, a, 1, 0)) {
                user_mem_protect(m, a, USER_PAGE_SIZE,
                                 (m->perm[a >> USER_PAGE_SHIFT] & 7) | prot);
            } else if (user_mem_map(m, a, USER_PAGE_SIZE, prot, true) < 0) {
                *why = "cannot map segment";
                close(fd);
                return -ENOMEM;
            }
        }
        r = read_at(fd, m->base + va, fsz, (off_t)off);
        if (r) {
            *why = "cannot read segment";
            close(fd);
            return r;
        }
        if (off <= phoff && phoff + (uint64_t)phnum * phentsize <= off + fsz && !phdr)
            phdr = va + (phoff - off);
        if (va + msz > brk)
            brk = va + msz;
    }
    close(fd);
    memset(img, 0, sizeof(*img));
    img->little_endian = le;
    img->abi = (flags & 3) == 1 ? 1 : 2;
    if ((flags & 3) == 0 && !le)
        img->abi = 1;          /* old BE binaries carry no ABI flag */
    img->load_bias = bias;
    img->entry = entry + bias;
    if (img->abi == 1) {
        /* ELFv1: e_entry is a function descriptor (entry, TOC). */
        const uint8_t *desc = user_mem_ptr(m, img->entry, 16, 0);
        if (!desc) {
            *why = "bad entry descriptor";
            return -ENOEXEC;
        }
        img->entry = g64(desc, le);
        img->toc = g64(desc + 8, le);
    }
    img->phdr = phdr;
    img->phnum = phnum;
    img->phent = phentsize;
    img->brk = brk;
    m->brk_start = m->brk_cur = (brk + USER_GUEST_PAGESZ - 1) & ~(USER_GUEST_PAGESZ - 1);
    return 0;
}

/* Writes guest values in the guest's byte order. */
static void put64(uint8_t *p, uint64_t v, bool le)
{
    for (int i = 0; i < 8; i++)
        p[le ? i : 7 - i] = (uint8_t)(v >> (8 * i));
}

int user_stack_setup(struct user_mem *m, struct ppc_cpu *cpu,
                     const struct user_image *img, const char *execfn,
                     int argc, char **argv, char **envp)
{
    const uint64_t size = 8ull << 20;
    int64_t base = user_mem_map(m, USER_STACK_TOP - size, size, UP_R | UP_W, true);
    if (base < 0)
        return (int)base;
    bool le = img->little_endian;
    /* PSERIES_USER_QEMU_AUXV=hwcap,hwcap2: debugging aid for differential
     * tracing against qemu-ppc64le (same stack layout): its page size and
     * HWCAPs, no AT_PLATFORM. */
    const char *qa = getenv("PSERIES_USER_QEMU_AUXV");
    unsigned long long qh1 = 0, qh2 = 0;
    bool qemu_like = qa && sscanf(qa, "%llx,%llx", &qh1, &qh2) == 2;
    /* Like Linux: a null word at the very top, then the strings. */
    uint64_t sp = USER_STACK_TOP - 8;
    int envc = 0;
    while (envp[envc])
        envc++;
    /* qemu-ppc64le hands the guest its environment in reverse order. */
    char *renv[envc > 0 ? envc : 1];
    if (qemu_like) {
        for (int i = 0; i < envc; i++)
            renv[i] = envp[envc - 1 - i];
        envp = renv;
    }

    uint64_t str_argv[argc > 0 ? argc : 1], str_envp[envc > 0 ? envc : 1];
#define PUSH_STR(s, out) do { \
        size_t l_ = strlen(s) + 1; \
        if (l_ > 131072) return -E2BIG; \
        sp -= l_; \
        if (sp < (uint64_t)base + 65536) return -E2BIG; \
        memcpy(m->base + sp, (s), l_); \
        (out) = sp; \
    } while (0)
    uint64_t execfn_a;
    PUSH_STR(execfn, execfn_a);
    for (int i = envc - 1; i >= 0; i--)
        PUSH_STR(envp[i], str_envp[i]);
    for (int i = argc - 1; i >= 0; i--)
        PUSH_STR(argv[i], str_argv[i]);
    /* 16 random bytes for AT_RANDOM. */
    sp = (sp & ~15ull) - 16;
    uint64_t rnd_a = sp;
    if (getrandom(m->base + sp, 16, 0) != 16)
        memset(m->base + sp, 0x5a, 16);
    uint64_t plat_a = 0;
    if (!qemu_like) {
        PUSH_STR(cpu->model->platform, plat_a);
        sp &= ~15ull;
    }

    /* The order is qemu-ppc64le's (same layout eases differential
     * tracing); the values are this model's. */
    struct { uint64_t k, v; } aux[] = {
        { 22 /* AT_IGNOREPPC */, 22 }, { 22, 22 },
        { 19 /* AT_DCACHEBSIZE */, 128 }, { 20 /* AT_ICACHEBSIZE */, 128 },
        { 21 /* AT_UCACHEBSIZE */, 0 },
        { AT_PHDR, img->phdr }, { AT_PHENT, img->phent }, { AT_PHNUM, img->phnum },
        { AT_PAGESZ, qemu_like ? 4096 : USER_GUEST_PAGESZ }, { AT_BASE, 0 },
        { AT_FLAGS, 0 }, { AT_ENTRY, img->entry }, { AT_UID, getuid() },
        { AT_EUID, geteuid() }, { AT_GID, getgid() }, { AT_EGID, getegid() },
        { AT_HWCAP, qemu_like ? qh1 : cpu->model->hwcap }, { AT_CLKTCK, 100 },
        { AT_RANDOM, rnd_a }, { AT_SECURE, 0 }, { AT_EXECFN, execfn_a },
        { AT_HWCAP2, qemu_like ? qh2 : cpu->model->hwcap2 },
        { qemu_like ? AT_NULL : AT_PLATFORM, plat_a },
        { AT_NULL, 0 },
    };
    unsigned naux = sizeof(aux) / sizeof(aux[0]);
    if (qemu_like)
        naux--;
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * naux;
    sp -= words * 8;
    sp &= ~15ull;
    uint8_t *w = m->base + sp;
    uint64_t argv_a = sp + 8, envp_a = argv_a + 8 * ((uint64_t)argc + 1);
    uint64_t auxv_a = envp_a + 8 * ((uint64_t)envc + 1);
    put64(w, (uint64_t)argc, le);
    for (int i = 0; i < argc; i++)
        put64(w + 8 + 8 * i, str_argv[i], le);
    put64(w + 8 + 8 * argc, 0, le);
    for (int i = 0; i < envc; i++)
        put64(m->base + envp_a + 8 * i, str_envp[i], le);
    put64(m->base + envp_a + 8 * envc, 0, le);
    for (unsigned i = 0; i < naux; i++) {
        put64(m->base + auxv_a + 16 * i, aux[i].k, le);
        put64(m->base + auxv_a + 16 * i + 8, aux[i].v, le);
    }
    cpu->gpr[1] = sp;
    cpu->gpr[2] = img->toc;
    cpu->gpr[3] = (uint64_t)argc;
    cpu->gpr[4] = argv_a;
    cpu->gpr[5] = envp_a;
    cpu->gpr[6] = auxv_a;
    cpu->gpr[7] = 0;
    cpu->gpr[12] = img->entry;   /* ELFv2 global entry expects r12 */
    cpu->pc = img->entry;
    return 0;
#undef PUSH_STR
}
