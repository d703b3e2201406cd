/* tests/system/test-mmu-misc.c: unit test of engine/mmu-real.c (Power ISA
 * 3.0B Book III 5.7.3 real addressing mode: EA bits 0:3 ignored; the PAPR
 * RMA limit for hash guests, a VRMA miss beyond it) and of the flat guest-memory callbacks in
 * engine/mmu-common.h (bounds, big-endian order, compare-and-swap). */
#include "mmu-test.h"
#include "mmu-real.h"

static void test_real(void)
{
    struct mmu_real_ctx c = { .rma_size = 256u << 20 };   /* 256 MB RMA */
    struct mmu_xlate x;
    struct mmu_fault f;

    /* 0xc000000000001000: top 4 bits ignored -> RA 0x1000 (the address
     * Linux uses for its kernel before relocation is on) */
    CHECK_EQ(mmu_real_xlate(&c, 0xc000000000001000ull, MMU_ACC_READ, &x, &f), 0);
    CHECK_EQ(x.ra, 0x1000);
    CHECK_EQ(x.prot, MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC);
    CHECK_EQ(x.tag.kind, MMU_KIND_REAL);
    CHECK_EQ(mmu_real_xlate(&c, 0x0fffffff, MMU_ACC_WRITE, &x, &f), 0);
    CHECK_EQ(x.ra, 0x0fffffff);
    /* first byte past the RMA: no VRMA translation, DSI with DSISR[33]
     * (+[38] for a store), ISI with SRR1[33] */
    CHECK_EQ(mmu_real_xlate(&c, 0x10000000, MMU_ACC_WRITE, &x, &f), -1);
    CHECK_EQ(f.exc, MMU_EXC_DSI);
    CHECK_EQ(f.dsisr, 0x42000000);
    CHECK_EQ(f.dar, 0x10000000);
    CHECK_EQ(mmu_real_xlate(&c, 0xc000000010000000ull, MMU_ACC_EXEC, &x, &f), -1);
    CHECK_EQ(f.exc, MMU_EXC_ISI);
    CHECK_EQ(f.srr1, 0x40000000);
    /* bits 1:3 are ignored too (0x7000... -> 0) */
    CHECK_EQ(mmu_real_xlate(&c, 0x7000000000002000ull, MMU_ACC_READ, &x, &f), 0);
    CHECK_EQ(x.ra, 0x2000);
    /* no limit (radix guest) */
    c.rma_size = 0;
    CHECK_EQ(mmu_real_xlate(&c, 0x0000004000000000ull, MMU_ACC_READ, &x, &f), 0);
    CHECK_EQ(x.ra, 0x4000000000ull);
}

static void test_flat_mem(void)
{
    uint8_t buf[64] = { 0 };
    struct mmu_flat_mem m = { buf, sizeof(buf) };
    struct mmu_mem ops = mmu_flat_mem_ops(&m);
    uint64_t v;
    /* big-endian: byte 0 is the most significant */
    buf[8] = 0x12;
    buf[15] = 0x34;
    CHECK_EQ(ops.read64(ops.opaque, 8, &v), 0);
    CHECK_EQ(v, 0x1200000000000034ull);
    CHECK_EQ(ops.read64(ops.opaque, 56, &v), 0);
    CHECK_EQ(ops.read64(ops.opaque, 64, &v), -1);
    CHECK_EQ(ops.read64(ops.opaque, 60, &v), -1);       /* misaligned */
    CHECK_EQ(ops.read64(ops.opaque, ~7ull, &v), -1);    /* wraps */
    CHECK_EQ(ops.cas64(ops.opaque, 8, 1, 2), 1);
    CHECK_EQ(ops.cas64(ops.opaque, 8, 0x1200000000000034ull,
                       0x1200000000000134ull), 0);
    CHECK_EQ(buf[14], 0x01);
    CHECK_EQ(ops.cas64(ops.opaque, 64, 0, 0), -1);
}

int main(void)
{
    test_real();
    test_flat_mem();
    return mt_finish("test-mmu-misc");
}
