/* engine/mem.c: slow paths of guest memory access: TLB refill through the
 * environment's translate hook, page-crossing accesses, and stores to pages
 * holding cached code (which invalidate those blocks). */
#include <string.h>

#include "block.h"
#include "exec.h"
#include "mem.h"

/* Translate the page of ea; on success returns 0 and the host address of
 * ea in *host. */
static int ppc_tlb_fill(struct ppc_cpu *cpu, uint64_t ea, enum ppc_access acc,
                        uint8_t **host)
{
    struct ppc_xlate x = { 0 };
    uint64_t page = ea & PPC_PAGE_MASK;
    int r = cpu->env->translate(cpu->env_opaque, cpu, page, acc, &x);
    if (r < 0 || !x.host) {
        cpu->fault.ea = ea;
        cpu->fault.access = acc;
        cpu->fault.err = r < 0 ? r : -14;
        return acc == PPC_ACC_EXEC ? PPC_EXIT_INSN_FAULT : PPC_EXIT_DATA_FAULT;
    }
    bool cache = x.cacheable;
    if (acc == PPC_ACC_WRITE && ppc_block_page_has_code(cpu->blocks, ea)) {
        ppc_blocks_flush_page(cpu, ea);
        cpu->code_dirty = true;
    }
    if (cache) {
        struct ppc_tlb_entry *e =
            &cpu->tlb[acc][(ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1)];
        e->tag = page;
        e->addend = (uintptr_t)x.host - (uintptr_t)page;
    }
    *host = (uint8_t *)x.host + (ea - page);
    return 0;
}

int ppc_mem_read_slow(struct ppc_cpu *cpu, uint64_t ea, void *buf,
                      unsigned size, enum ppc_access acc)
{
    uint8_t *out = buf;
    while (size) {
        unsigned chunk = PPC_PAGE_SIZE - (ea & ~PPC_PAGE_MASK);
        if (chunk > size)
            chunk = size;
        uint8_t *h = ppc_tlb_hit(cpu, ea, chunk, acc);
        if (!h) {
            int r = ppc_tlb_fill(cpu, ea, acc, &h);
            if (r)
                return r;
        }
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
    /* Check every page first so a faulting page-crossing store writes
     * nothing. */
    if ((ea & ~PPC_PAGE_MASK) + size > PPC_PAGE_SIZE) {
        uint8_t *h;
        uint64_t last = ppc_ea(cpu, ea + size - 1);
        if (!ppc_tlb_hit(cpu, last, 1, PPC_ACC_WRITE)) {
            int r = ppc_tlb_fill(cpu, last, PPC_ACC_WRITE, &h);
            if (r)
                return r;
        }
    }
    while (size) {
        unsigned chunk = PPC_PAGE_SIZE - (ea & ~PPC_PAGE_MASK);
        if (chunk > size)
            chunk = size;
        uint8_t *h = ppc_tlb_hit(cpu, ea, chunk, PPC_ACC_WRITE);
        if (!h) {
            int r = ppc_tlb_fill(cpu, ea, PPC_ACC_WRITE, &h);
            if (r)
                return r;
        }
        memcpy(h, in, chunk);
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
        cpu->fault.ea = ea;
        cpu->fault.access = acc;
        cpu->fault.err = -22;
        return NULL;
    }
    uint8_t *h = ppc_tlb_hit(cpu, ea, size, acc);
    if (h)
        return h;
    if (ppc_tlb_fill(cpu, ea, acc, &h))
        return NULL;
    return h;
}
