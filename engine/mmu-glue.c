/* engine/mmu-glue.c: the translate hook of a system-mode vCPU. Picks the
 * translation by MSR[IR] (fetches) / MSR[DR] (data) and the partition's
 * mode (radix when the machine registered a process table with PATE1[GR],
 * else hash with the SLB and the machine's HPT), calls the pure walkers
 * (mmu-real, mmu-radix, mmu-hash), and gives engine/mem.c the host page.
 * A refused access leaves the interrupt to raise in sys->mfault and
 * returns -EFAULT (interrupt.c turns it into DSI/ISI/segment); a real
 * address outside guest RAM is the machine's MMIO when it gave a hook
 * (ppc_sys_mmio below does the access), else -ENXIO and an exit, as is a
 * page-table read outside RAM. The soft TLB has one
 * array per access type, so a page is cached only for the access that
 * was checked, and only when the walker grants it without a further walk
 * (radix/hash give write only once the change bit is set). */
#include <errno.h>
#include <string.h>

#include "exec.h"
#include "interrupt.h"
#include "mmu-hash.h"
#include "mmu-radix.h"
#include "mmu-real.h"

int ppc_sys_translate(void *opaque, struct ppc_cpu *cpu, uint64_t ea,
                      enum ppc_access acc, struct ppc_xlate *out)
{
    (void)opaque;
    struct ppc_sys *s = cpu->sys;
    enum mmu_access macc = (enum mmu_access)acc;
    bool virt = (cpu->msr & (acc == PPC_ACC_EXEC ? PPC_MSR_IR : PPC_MSR_DR)) != 0;
    bool pr = (cpu->msr & PPC_MSR_PR) != 0;
    struct mmu_xlate x;
    int r;
    s->mfault.exc = MMU_EXC_NONE;
    if (!virt) {
        struct mmu_real_ctx rc = { .rma_size = s->radix ? 0 : s->rma_size };
        r = mmu_real_xlate(&rc, ea, macc, &x, &s->mfault);
    } else if (s->radix) {
        struct mmu_mem mem = mmu_flat_mem_ops(&s->ram);
        struct mmu_radix_ctx rc = {
            .prtb = s->prtb, .prtb_size = s->prtb_size,
            .pidr = (uint32_t)s->pidr, .pr = pr,
            .amr = s->amr, .iamr = s->iamr, .rc = MMU_RC_HARDWARE,
        };
        r = mmu_radix_xlate(&rc, &mem, ea, macc, &x, &s->mfault);
    } else {
        struct mmu_hash_ctx hc = {
            .slb = &s->slb, .htab = s->htab, .pr = pr,
            .amr = s->amr, .iamr = s->iamr,
        };
        r = mmu_hash_xlate(&hc, ea, macc, &x, &s->mfault);
    }
    if (r < 0)
        return s->mfault.exc == MMU_EXC_MCHECK ? -ENXIO : -EFAULT;
    uint64_t ra = x.ra & PPC_PAGE_MASK;
    if (ra >= s->ram.size || s->ram.size - ra < PPC_PAGE_SIZE) {
        if (!s->mmio)
            return -ENXIO;
        out->host = NULL;
        out->mmio = true;
        out->pa = ra;
        out->cacheable = false;
        return 0;
    }
    s->fill_tag = x.tag;
    static const uint8_t need[3] = { MMU_PROT_READ, MMU_PROT_WRITE,
                                     MMU_PROT_EXEC };
    out->host = s->ram.base + ra;
    out->cacheable = (x.prot & need[acc]) != 0;
    return 0;
}

void ppc_sys_fault_badaccess(struct ppc_cpu *cpu, uint64_t ea,
                             enum ppc_access acc)
{
    struct ppc_sys *s = cpu->sys;
    s->mfault.exc = MMU_EXC_DSI;
    s->mfault.dsisr = PPC_DSISR_BADACCESS |
                      (acc == PPC_ACC_WRITE ? MMU_DSISR_STORE : 0);
    s->mfault.srr1 = 0;
    s->mfault.dar = ea;
    cpu->fault.ea = ea;
    cpu->fault.access = acc;
    cpu->fault.err = -EFAULT;
}

int ppc_sys_mmio(struct ppc_cpu *cpu, uint64_t ea, uint64_t pa, void *buf,
                 unsigned size, bool write)
{
    struct ppc_sys *s = cpu->sys;
    const struct ppc_mmio_ops *ops = s->mmio;
    uint8_t *b = buf;
    unsigned done = 0;
    int rc = PPC_MMIO_MCHECK;
    if (!ops || (write ? !ops->write : !ops->read))
        goto fail;
    /* The vCPU is not using its soft TLB during the callback: others need
     * not wait for it (the device may block). */
    bool running = __atomic_load_n(&s->xq.running, __ATOMIC_RELAXED) != 0;
    if (running)
        ppc_smp_leave(cpu);
    rc = PPC_MMIO_OK;
    while (done < size) {
        uint64_t a = pa + done;
        unsigned n = 8;
        while (n > size - done || (a & (n - 1)))
            n >>= 1;
        uint64_t v = 0;
        if (write) {
            memcpy(&v, b + done, n);     /* little-endian host */
            rc = ops->write(s->mmio_opaque, cpu, a, n, v);
        } else {
            rc = ops->read(s->mmio_opaque, cpu, a, n, &v);
            if (rc == PPC_MMIO_OK)
                memcpy(b + done, &v, n);
        }
        if (rc != PPC_MMIO_OK)
            break;
        done += n;
    }
    if (running)
        ppc_smp_enter(cpu);
    if (rc == PPC_MMIO_OK)
        return 0;
fail:
    cpu->fault.ea = ea + done;
    cpu->fault.access = write ? PPC_ACC_WRITE : PPC_ACC_READ;
    if (rc == PPC_MMIO_DSI) {
        s->mfault.exc = MMU_EXC_DSI;
        s->mfault.dsisr = MMU_DSISR_PROT | (write ? MMU_DSISR_STORE : 0);
        s->mfault.srr1 = 0;
        s->mfault.dar = ea + done;
        cpu->fault.err = -EFAULT;
    } else {
        cpu->fault.err = -EIO;           /* machine check */
    }
    return PPC_EXIT_DATA_FAULT;
}
