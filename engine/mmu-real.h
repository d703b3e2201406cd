/* engine/mmu-real.h: real-mode accesses (MSR[IR]=0 for fetches, MSR[DR]=0
 * for data) of a PAPR guest running in LPAR mode (MSR[HV]=0). Power ISA
 * 3.0B Book III 5.7.3 "Real Addressing Mode": the top 4 EA bits are
 * ignored. In a PAPR partition real addresses are guest physical (the
 * hypervisor maps them: VRMA for a hash guest, partition-scoped radix for a
 * radix guest), and a hash guest's real-mode accesses are confined to the
 * Real Mode Area the machine reports in the device tree (the first memory
 * block): an access at or above that limit finds no VRMA HPTE, which the
 * hypervisor reflects to the guest as a storage interrupt with DSISR[33] /
 * SRR1[33] ("no translation"), as KVM-HV does for a VRMA miss (QEMU's old
 * RMO emulation reports DSISR[36] instead; POWER7 and later use VRMA).
 * A radix guest has no RMA: the machine passes rma_size = 0 (no limit).
 */
#ifndef PSERIES_ENGINE_MMU_REAL_H
#define PSERIES_ENGINE_MMU_REAL_H

#include "mmu-common.h"

#define MMU_REAL_EA_MASK 0x0FFFFFFFFFFFFFFFull

struct mmu_real_ctx {
    uint64_t rma_size;       /* bytes; 0 = no limit */
};

/* Real-mode translation of ea: 0 and *out (page_shift 12, all of R/W/X,
 * tag kind MMU_KIND_REAL), or -1 and *f. */
int mmu_real_xlate(const struct mmu_real_ctx *ctx, uint64_t ea,
                   enum mmu_access acc, struct mmu_xlate *out,
                   struct mmu_fault *f);

#endif
