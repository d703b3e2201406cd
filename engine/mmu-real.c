/* engine/mmu-real.c: real-mode (relocation off) translation of a PAPR guest
 * with the RMA limit the machine gives; see mmu-real.h. */
#include "mmu-real.h"

int mmu_real_xlate(const struct mmu_real_ctx *ctx, uint64_t ea,
                   enum mmu_access acc, struct mmu_xlate *out,
                   struct mmu_fault *f)
{
    uint64_t ra = ea & MMU_REAL_EA_MASK;
    if (ctx->rma_size && ra >= ctx->rma_size) {
        mmu_fault_storage(f, ea, acc, MMU_DSISR_NOPTE);
        return -1;
    }
    out->ra = ra;
    out->page_shift = 12;
    out->prot = MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC;
    out->att = 0;
    out->tag.ea = ea;
    out->tag.va = 0;
    out->tag.pid = 0;
    out->tag.page_shift = 12;
    out->tag.kind = MMU_KIND_REAL;
    out->tag.segment_1t = 0;
    return 0;
}
