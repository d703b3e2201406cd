/* machine/cas.c: the CAS negotiation (see cas.h). Vector layout (LoPAR
 * "ibm,client-architecture-support", as Linux's prom_init.c builds it):
 * (mask, value) pairs of big-endian 32-bit PVRs, ended by a pair whose value
 * has bits outside its mask; then a byte "number of option vectors - 1";
 * then each vector as a byte "length - 1" followed by its bytes. Option
 * vector 5 byte 23 selects the interrupt architecture (0x40: XIVE
 * exploitation only), byte 24 the MMU (0x40: radix, 0x00: hash). */
#include "cas.h"

#include <errno.h>
#include <string.h>

#include "cpu-models.h"
#include "hpt.h"
#include "spapr-fdt.h"

#define CAS_MAX_PVRS 512
#define LOGICAL_PVR_BASE 0x0f000000u

/* Logical PVR (architecture level) of each model: 2.06, 2.07, 3.00, 3.1. */
static uint32_t model_logical_pvr(enum spapr_cpu_model model)
{
    switch (model) {
    case SPAPR_CPU_POWER7: return 0x0f000003;
    case SPAPR_CPU_POWER8: return 0x0f000004;
    case SPAPR_CPU_POWER9: return 0x0f000005;
    default: return 0x0f000006;
    }
}

int spapr_cas_apply(struct spapr_machine *m, enum spapr_mmu_mode mmu, enum spapr_irq_mode irq)
{
    const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
    if (irq != SPAPR_IRQ_XICS)
        return -ENOTSUP; /* XIVE comes later */
    if (mmu == SPAPR_MMU_RADIX && !info->radix)
        return -ENOTSUP;
    /* A hash guest gets its HPT now (POWER9 and later start without). */
    int r = spapr_hpt_set_hash(m, mmu == SPAPR_MMU_HASH);
    if (r)
        return r;
    memset(m->ov5, 0, sizeof(m->ov5));
    m->ov5_len = OV5_INDEX_RADIX_GTSE + 1;
    m->ov5[0] = (uint8_t)(m->ov5_len - 2); /* length byte: data bytes - 1 */
    if (mmu == SPAPR_MMU_RADIX) {
        m->ov5[OV5_INDEX_MMU] = OV5_MMU_RADIX_BITS;
        m->ov5[OV5_INDEX_RADIX_GTSE] = OV5_RADIX_GTSE_BIT;
    }
    m->ov5[OV5_INDEX_XIVE] = 0; /* XICS */
    m->mmu_mode = mmu;
    m->irq_mode = irq;
    m->cas_done = true;
    return 0;
}

int spapr_cas_negotiate(struct spapr_machine *m, uint64_t vec)
{
    const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
    uint32_t max_logical = model_logical_pvr(m->cfg.cpu_model);
    bool raw = false;
    uint32_t best = 0;
    uint64_t p = vec;
    int i;
    for (i = 0; i < CAS_MAX_PVRS; i++, p += 8) {
        uint32_t mask, val;
        if (guest_ram_ld32_be(&m->ram, p, &mask) || guest_ram_ld32_be(&m->ram, p + 4, &val))
            return -EFAULT;
        bool last = (val & ~mask) != 0;
        if ((info->pvr & mask) == (val & mask))
            raw = true;
        else if ((val & 0xffffff00u) == LOGICAL_PVR_BASE && val <= max_logical && val > best)
            best = val;
        if (last) {
            p += 8;
            break;
        }
    }
    if (i == CAS_MAX_PVRS)
        return -EINVAL;
    if (!raw && !best)
        return -ENOTSUP;

    /* Option vectors: find number 5. */
    uint8_t nvec, ov5[32] = {0};
    size_t ov5_len = 0;
    if (guest_ram_ld8(&m->ram, p++, &nvec))
        return -EFAULT;
    for (unsigned n = 1; n <= (unsigned)nvec + 1; n++) {
        uint8_t len1;
        if (guest_ram_ld8(&m->ram, p++, &len1))
            return -EFAULT;
        size_t len = (size_t)len1 + 1;
        if (!guest_ram_range_ok(&m->ram, p, len))
            return -EFAULT;
        if (n == 5) {
            ov5_len = len < sizeof(ov5) - 1 ? len : sizeof(ov5) - 1;
            /* ov5[k] is LoPAR byte k (1-based), as in /chosen. */
            guest_ram_read(&m->ram, p, ov5 + 1, ov5_len);
        }
        p += len;
    }

    uint8_t intarch = ov5_len >= OV5_INDEX_XIVE ? ov5[OV5_INDEX_XIVE] & 0xc0 : 0;
    uint8_t mmu = ov5_len >= OV5_INDEX_MMU ? ov5[OV5_INDEX_MMU] & 0xc0 : 0;
    if (intarch == OV5_XIVE_EXPLOIT_BITS)
        return -ENOTSUP; /* the OS wants XIVE only; we offered XICS only */
    enum spapr_mmu_mode mode = SPAPR_MMU_HASH;
    if (mmu == OV5_MMU_RADIX_BITS) {
        if (!info->radix)
            return -ENOTSUP;
        mode = SPAPR_MMU_RADIX;
    } else if (mmu != 0 && info->radix) {
        mode = SPAPR_MMU_RADIX; /* "either": radix where the processor has it */
    }
    int r = spapr_cas_apply(m, mode, SPAPR_IRQ_XICS);
    if (r)
        return r;
    /* As PowerVM and QEMU: a logical PVR the guest lists wins over the
     * raw one (architected mode), raw only when it offers none we take. */
    m->compat_pvr = best;
    return 0;
}
