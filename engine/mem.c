/* engine/mem.c: slow paths of guest memory access: TLB refill through the
 * environment's translate hook, page-crossing accesses, stores to pages
 * holding cached code (no write entry is made for those: the store is
 * done here and then reported, which drops the blocks here and on the
 * other vCPUs of the partition), and MMIO pages (system mode: the
 * machine's hook, interrupt.h struct ppc_mmio_ops). */
#include <errno.h>
#include <string.h>

#include "block.h"
#include "debug.h"
#include "exec.h"
#include "interrupt.h"
#include "mem.h"

struct fill_info {
    bool mmio;               /* not RAM: 'pa' is the guest physical address */
    bool code;               /* a write to a page holding cached code */
    uint64_t pa;
    uintptr_t host_page;
};

static int fill_fault(struct ppc_cpu *cpu, uint64_t ea, enum ppc_access acc,
                      int err)
{
    cpu->fault.ea = ea;
    cpu->fault.access = acc;
    cpu->fault.err = err;
    return acc == PPC_ACC_EXEC ? PPC_EXIT_INSN_FAULT : PPC_EXIT_DATA_FAULT;
}

/* Translate the page of ea; on success returns 0 and the host address of
 * ea in *host (NULL for MMIO, fi->mmio set). */
static int ppc_tlb_fill(struct ppc_cpu *cpu, uint64_t ea, enum ppc_access acc,
                        uint8_t **host, struct fill_info *fi)
{
    struct ppc_xlate x = { 0 };
    uint64_t page = ea & PPC_PAGE_MASK;
    fi->mmio = false;
    fi->code = false;
    int r = cpu->env->translate(cpu->env_opaque, cpu, page, acc, &x);
    if (r == 0 && x.mmio && !x.host) {
        /* An instruction fetch from MMIO: machine check (interrupt.c). */
        if (acc == PPC_ACC_EXEC)
            return fill_fault(cpu, ea, acc, -EIO);
        fi->mmio = true;
        fi->pa = x.pa + (ea - page);
        *host = NULL;
        return 0;
    }
    if (r < 0 || !x.host)
        return fill_fault(cpu, ea, acc, r < 0 ? r : -EFAULT);
    bool cache = x.cacheable;
    uintptr_t hp = (uintptr_t)x.host;
    /* A page with bytes DAWR0 watches keeps no entry while it is armed:
     * every access to it comes here and is checked (debug.c). */
    if (cache && acc != PPC_ACC_EXEC && cpu->sys && cpu->sys->dawr_on &&
        ppc_sys_dawr_page(cpu->sys, page))
        cache = false;
    if (acc == PPC_ACC_WRITE) {
        bool code = (cpu->sys && cpu->sys->part)
                        ? ppc_smp_page_is_code(cpu, hp)
                        : ppc_block_page_has_code(cpu->blocks, hp);
        if (code) {
            cache = false;
            fi->code = true;
        }
    }
    if (cache) {
        unsigned idx = (ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1);
        struct ppc_tlb_entry *e = &cpu->tlb[acc][idx];
        e->tag = page | cpu->tlb_mode;
        e->addend = hp - (uintptr_t)page;
        if (cpu->sys)
            ppc_sys_tlb_filled(cpu, acc, idx, page, hp);
    }
    fi->host_page = hp;
    *host = (uint8_t *)x.host + (ea - page);
    return 0;
}

/* DAWR0 (debug.c), when armed: 0, or the DSI of a watched access. */
static inline int dawr_watch(struct ppc_cpu *cpu, uint64_t ea, unsigned size,
                             enum ppc_access acc)
{
    return cpu->sys && cpu->sys->dawr_on ? ppc_sys_dawr_check(cpu, ea, size, acc) : 0;
}

int ppc_mem_read_slow(struct ppc_cpu *cpu, uint64_t ea, void *buf,
                      unsigned size, enum ppc_access acc)
{
    uint8_t *out = buf;
    int watched = dawr_watch(cpu, ea, size, acc);
    if (watched)
        return watched;
    while (size) {
        unsigned chunk = PPC_PAGE_SIZE - (ea & ~PPC_PAGE_MASK);
        if (chunk > size)
            chunk = size;
        uint8_t *h = ppc_tlb_hit(cpu, ea, chunk, acc);
        if (!h) {
            struct fill_info fi;
            int r = ppc_tlb_fill(cpu, ea, acc, &h, &fi);
            if (r)
                return r;
            if (fi.mmio) {
                r = ppc_sys_mmio(cpu, ea, fi.pa, out, chunk, false);
                if (r)
                    return r;
                h = NULL;
            }
        }
        if (h)
            memcpy(out, h, chunk);
        out += chunk;
        size -= chunk;
        ea = ppc_ea(cpu, ea + chunk);
    }
    return 0;
}

int ppc_mem_write_slow(struct ppc_cpu *cpu, uint64_t ea, const void *buf,
                       unsigned size)
{
    const uint8_t *in = buf;
    int watched = dawr_watch(cpu, ea, size, PPC_ACC_WRITE);
    if (watched)
        return watched;
    /* Check every page first so a faulting page-crossing store writes
     * nothing. */
    if ((ea & ~PPC_PAGE_MASK) + size > PPC_PAGE_SIZE) {
        uint8_t *h;
        struct fill_info fi;
        uint64_t last = ppc_ea(cpu, ea + size - 1);
        if (!ppc_tlb_hit(cpu, last, 1, PPC_ACC_WRITE)) {
            int r = ppc_tlb_fill(cpu, last, PPC_ACC_WRITE, &h, &fi);
            if (r)
                return r;
        }
    }
    while (size) {
        unsigned chunk = PPC_PAGE_SIZE - (ea & ~PPC_PAGE_MASK);
        if (chunk > size)
            chunk = size;
        uint8_t *h = ppc_tlb_hit(cpu, ea, chunk, PPC_ACC_WRITE);
        if (h) {
            memcpy(h, in, chunk);
        } else {
            struct fill_info fi;
            int r = ppc_tlb_fill(cpu, ea, PPC_ACC_WRITE, &h, &fi);
            if (r)
                return r;
            if (fi.mmio) {
                r = ppc_sys_mmio(cpu, ea, fi.pa, (void *)in, chunk, true);
                if (r)
                    return r;
            } else {
                memcpy(h, in, chunk);
                /* After the bytes are in memory: whoever rebuilds the
                 * blocks reads the new code. */
                if (fi.code)
                    ppc_code_page_written(cpu, fi.host_page);
            }
        }
        in += chunk;
        size -= chunk;
        ea = ppc_ea(cpu, ea + chunk);
    }
    return 0;
}

void *ppc_host_addr(struct ppc_cpu *cpu, uint64_t ea, unsigned size,
                    enum ppc_access acc)
{
    if ((ea & ~PPC_PAGE_MASK) + size > PPC_PAGE_SIZE) {
        fill_fault(cpu, ea, acc, -EINVAL);
        return NULL;
    }
    if (dawr_watch(cpu, ea, size, acc))
        return NULL;
    uint8_t *h = ppc_tlb_hit(cpu, ea, size, acc);
    if (h)
        return h;
    struct fill_info fi;
    if (ppc_tlb_fill(cpu, ea, acc, &h, &fi))
        return NULL;
    if (fi.mmio) {
        /* Atomic / cache-block access to MMIO (ISA: DSI, DSISR[37]). */
        ppc_sys_fault_badaccess(cpu, ea, acc);
        return NULL;
    }
    if (fi.code) {
        ppc_host_write_done(cpu);   /* an earlier one not reported */
        cpu->code_wr = fi.host_page;
    }
    return h;
}

void ppc_host_write_done_slow(struct ppc_cpu *cpu)
{
    uintptr_t hp = cpu->code_wr;
    cpu->code_wr = 0;
    ppc_code_page_written(cpu, hp);
}

int ppc_mem_code_page(struct ppc_cpu *cpu, uint64_t ea, uintptr_t *host_page)
{
    uint64_t page = ea & PPC_PAGE_MASK;
    unsigned idx = (ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1);
    const struct ppc_tlb_entry *e = &cpu->tlb[PPC_ACC_EXEC][idx];
    if (e->tag == (page | cpu->tlb_mode)) {
        *host_page = (uintptr_t)page + e->addend;
        if (cpu->sys)
            ppc_sys_ctc_fill(cpu, idx, page, *host_page);
        return 0;
    }
    uint8_t *h;
    struct fill_info fi;
    int r = ppc_tlb_fill(cpu, ea, PPC_ACC_EXEC, &h, &fi);
    if (r)
        return r;
    *host_page = fi.host_page;
    return 0;
}
