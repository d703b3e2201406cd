/* tests/system/fuzz-mmu.c: libFuzzer target for the MMU walkers
 * (engine/mmu-radix.c, mmu-hash.c, mmu-slb.c, mmu-real.c). The input is
 * a parameter block followed by guest memory / HPT contents: the walkers
 * must never touch memory outside what they were given, never loop
 * without bound, and always return either a translation or a fault that
 * names an interrupt. Built only with -Dfuzz=true (clang). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mmu-common.h"
#include "mmu-hash.h"
#include "mmu-radix.h"
#include "mmu-real.h"
#include "mmu-slb.h"

#define HDR 96
#define MEM_MAX (64u << 10)
#define HTAB_SZ (256u << 10)

struct fz_mem {
    uint8_t buf[MEM_MAX];
    uint64_t size;
    int wrap;          /* fold every address into the buffer */
    unsigned reads;
};

static int fz_read(void *o, uint64_t gpa, uint64_t *v)
{
    struct fz_mem *m = o;
    if (++m->reads > 200)
        __builtin_trap();       /* unbounded walk */
    if (m->wrap)
        gpa = (gpa % m->size) & ~7ull;
    if (gpa > m->size || m->size - gpa < 8 || (gpa & 7))
        return -1;
    uint64_t x;
    memcpy(&x, m->buf + gpa, 8);
    *v = __builtin_bswap64(x);
    return 0;
}

static int fz_cas(void *o, uint64_t gpa, uint64_t old, uint64_t nv)
{
    struct fz_mem *m = o;
    if (m->wrap)
        gpa = (gpa % m->size) & ~7ull;
    if (gpa > m->size || m->size - gpa < 8 || (gpa & 7))
        return -1;
    uint64_t x;
    memcpy(&x, m->buf + gpa, 8);
    if (__builtin_bswap64(x) != old)
        return 1;
    x = __builtin_bswap64(nv);
    memcpy(m->buf + gpa, &x, 8);
    return 0;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void check_result(int rc, const struct mmu_xlate *x,
                         const struct mmu_fault *f)
{
    if (rc == 0) {
        if (x->page_shift < 12 || x->page_shift > 34)
            __builtin_trap();
    } else if (rc != -1 || f->exc == MMU_EXC_NONE || f->exc > MMU_EXC_MCHECK) {
        __builtin_trap();
    }
}

static struct fz_mem mem;
static uint8_t *htab_buf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HDR + 8)
        return 0;
    const uint8_t *h = data;
    const uint8_t *body = data + HDR;
    size_t blen = size - HDR;
    enum mmu_access acc = (enum mmu_access)(h[0] % 3);
    uint64_t ea = get64(h + 8);
    struct mmu_xlate x;
    struct mmu_fault f;

    /* ---- radix ---- */
    mem.size = blen > MEM_MAX ? MEM_MAX : (blen & ~7ull);
    if (mem.size < 8)
        return 0;
    memcpy(mem.buf, body, mem.size);
    mem.wrap = h[1] & 1;
    struct mmu_mem ops = { fz_read, fz_cas, &mem };
    struct mmu_radix_ctx rc = {
        .prtb = get64(h + 16) % (mem.size + 64),
        .prtb_size = get64(h + 24) & 0xfffff,
        .pidr = (uint32_t)get64(h + 32),
        .pr = h[2] & 1,
        .amr = get64(h + 40),
        .iamr = get64(h + 48),
        .rc = (enum mmu_rc_policy)(h[3] & 1),
    };
    if (h[4] & 1)
        ea = (ea & 0xC0000000000FFFFFull);      /* in range more often */
    if (h[85] & 2) {
        /* structured: PID 0's entry at 0 roots a 52-bit tree inside the
         * buffer; the rest of the tree is whatever the input holds */
        uint64_t prte = (0x5ull << 5) | (0x2ull << 61) |
                        (get64(h + 56) & 0xF0000) | 13;
        uint64_t be = __builtin_bswap64(prte);
        memcpy(mem.buf, &be, 8);
        rc.prtb = 0;
        rc.prtb_size = 4096;
        ea = 0xC000000000000000ull | (ea & 0x000FFFFFFFFFFFFFull);
    }
    mem.reads = 0;
    check_result(mmu_radix_xlate(&rc, &ops, ea, acc, &x, &f), &x, &f);
    struct mmu_radix_walk w;
    mem.reads = 0;
    (void)mmu_radix_walk(&ops, get64(h + 56), ea, acc, &w, &f);
    struct mmu_tlbi op = { .rb = get64(h + 64), .rs = get64(h + 72),
                           .ric = h[5] & 3, .prs = h[6] & 1, .r = h[7] & 1 };
    (void)mmu_tlbie_matches(&op, &x.tag);

    /* ---- hash: SLB from the header, HPT = the body repeated ---- */
    struct mmu_slb slb;
    mmu_slb_init(&slb, 4 + (h[1] >> 1) % 61);
    for (unsigned i = 0; i < 4; i++) {
        uint64_t rs = get64(body + (i * 16) % (blen - 7));
        uint64_t rb = (get64(body + (i * 16 + 8) % (blen - 7)) & ~0xfffull) | i;
        if (h[85] & 1) {                /* valid entries, defined B */
            rb |= MMU_SLB_ESID_V;
            rs &= ~(1ull << 63);
        }
        (void)mmu_slbmte(&slb, rs, rb);
    }
    for (size_t o = 0; o < HTAB_SZ; o += blen)
        memcpy(htab_buf + o, body, (HTAB_SZ - o) < blen ? (HTAB_SZ - o) : blen);
    unsigned shift = 18 + h[80] % 3;            /* 256K, 512K (bad), 1M (bad) */
    struct mmu_hash_ctx hc = {
        .slb = &slb,
        .htab = { htab_buf, shift == 18 ? HTAB_SZ : (h[81] & 1 ? 3u << 17 : 0) },
        .pr = h[2] & 2, .amr = get64(h + 40), .iamr = get64(h + 48),
    };
    if (h[4] & 2)
        ea = slb.e[h[82] & 3].esid | (ea & 0x0fffffffull);
    const struct mmu_slbe *se = mmu_slb_lookup(&slb, ea);
    if ((h[85] & 1) && se && mmu_htab_valid(&hc.htab)) {
        /* plant the HPTE the walk should find: AVPN, B, L/LP for the
         * segment's base size, primary or secondary group */
        unsigned base = mmu_slb_base_shift(se->vsid);
        if (base) {
            uint64_t hash = mmu_hash_primary(se, ea, base);
            bool sec = h[86] & 1;
            uint64_t grp = (sec ? ~hash : hash) & (HTAB_SZ / 128 - 1);
            /* (the full AVPN: a random 50-bit VSID overflows a vpn) */
            uint64_t v = (mmu_hash_avpn(se, ea) << MMU_HPTE_V_AVPN_SHIFT) |
                         ((uint64_t)mmu_slbe_b(se) << MMU_HPTE_V_B_SHIFT) |
                         (base > 12 ? MMU_HPTE_V_L : 0) |
                         MMU_HPTE_V_V | (sec ? MMU_HPTE_V_H : 0);
            uint64_t r = mmu_hpte_encode_r(get64(h + 72), base, base) |
                         (get64(h + 64) & 0xF000000000000FFFull & ~0x38ull);
            (void)mmu_hpte_write(&hc.htab, grp * 8 + (h[87] & 7), v, r);
        }
    }
    check_result(mmu_hash_xlate(&hc, ea, acc, &x, &f), &x, &f);
    (void)mmu_tlbie_matches(&op, &x.tag);
    (void)mmu_slbie_matches(op.rb, &x.tag);

    uint64_t slot, va;
    unsigned sh;
    uint64_t ptex = get64(h + 88) % (HTAB_SZ / 16 + 16);
    (void)mmu_hpte_insert(&hc.htab, ptex, get64(h + 64), get64(h + 72),
                          h[83] & 1, &slot);
    if (mmu_hpte_va(&hc.htab, ptex, get64(h + 64), get64(h + 72), &va, &sh))
        (void)mmu_hash_va_matches(va, sh, &x.tag);
    uint64_t rt;
    (void)mmu_slbfee(&slb, ea, &rt);
    (void)mmu_slbie(&slb, get64(h + 64));
    mmu_slbia(&slb, h[84]);

    /* ---- real mode ---- */
    struct mmu_real_ctx real = { .rma_size = get64(h + 24) };
    check_result(mmu_real_xlate(&real, ea, acc, &x, &f), &x, &f);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    htab_buf = aligned_alloc(1u << 18, HTAB_SZ);
    return htab_buf ? 0 : 1;
}
