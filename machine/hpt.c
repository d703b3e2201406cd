/* machine/hpt.c: the machine's hashed page table and the hash-MMU
 * hypercalls (see hpt.h). Argument checks and return codes follow LoPAR
 * and QEMU's sPAPR (hw/ppc/spapr_softmmu.c); HPTE encoding, insertion and
 * the VA an entry maps are the engine's (engine/mmu-hash.h).
 *
 * Concurrency: hypercalls arrive from every vCPU thread at once, and the
 * vCPUs' walkers read the table with no lock (setting R/C with atomic ORs).
 * Every call that changes an entry holds the lock of its group's stripe, so
 * a check and the update that depends on it (H_PROTECT's AVPN test, a slot
 * that must be free) are one atomic step against other calls; the entry
 * itself is written doubleword 1 first, then doubleword 0 with release
 * order, and removal clears V before anything else (mmu_hpte_write,
 * mmu_hpte_remove). The table's memory stays mapped from its first use to
 * the machine's end: switching to radix or a reset only zeroes it and
 * detaches it from the vCPUs, so a walker that still holds the old pointer
 * reads zeros, never freed memory. */
#include "hpt.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../engine/mmu-hash.h"
#include "cpu-models.h"
#include "machine.h"
#include "papr.h"
#include "vmstate.h"

#define HPT_LOCKS 64                 /* group lock stripes */
#define HPT_CHUNK (16ull << 20)      /* bytes per saved chunk */

struct spapr_hpt {
    pthread_mutex_t life;            /* allocation and activation */
    pthread_mutex_t group[HPT_LOCKS];
    uint8_t *mem;                    /* the mapping, NULL until first needed */
    uint64_t size;                   /* 1 << shift */
    unsigned shift;
    int active;                      /* guest translates with it; atomic */
};

/* Flags each call accepts (advisory ones are accepted and ignored). */
#define ENTER_FLAGS (H_EXACT | H_ZERO_PAGE | H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | \
                     H_COALESCE_CAND | (1ull << (63 - 16)) /* H_LARGE_PAGE: L decides */)
#define REMOVE_FLAGS (H_AVPN | H_ANDCOND | H_LOCAL)
#define READ_FLAGS (H_READ_4 | H_R_XLATE)
/* H_PROTECT's new protection: pp (0x3), N (0x4), PP0 (0x100, goes to bit 63
 * of doubleword 1), key bits 0xe00 (in place) and 0x3000 (to 0x3000 << 48). */
#define PROTECT_PP 0x3ull
#define PROTECT_N 0x4ull
#define PROTECT_PP0 0x100ull
#define PROTECT_KEY_LO 0xe00ull
#define PROTECT_KEY_HI 0x3000ull
#define PROTECT_FLAGS (H_AVPN | H_LOCAL | PROTECT_PP | PROTECT_N | PROTECT_PP0 | PROTECT_KEY_LO | \
                       PROTECT_KEY_HI)
#define AVPN_MASK (~0x7full)         /* what H_AVPN compares: B and AVPN */

unsigned spapr_hpt_shift_for_ram(uint64_t ram_size)
{
    unsigned shift = 18;
    while (shift < 46 && (UINT64_C(1) << (shift + 7)) < ram_size)
        shift++;
    return shift;
}

unsigned spapr_hpt_shift(const struct spapr_machine *m)
{
    return spapr_hpt_shift_for_ram(m->cfg.ram_size);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void hpt_tell_engine(struct spapr_machine *m, uint8_t *base, uint64_t size)
{
    if (m->ops.set_htab)
        m->ops.set_htab(m->ops.opaque, base, size);
}

/* Give the table's pages back and read zeros from then on (private
 * anonymous mapping); memset if the kernel refuses. */
static void hpt_zero(struct spapr_hpt *h)
{
    if (madvise(h->mem, h->size, MADV_DONTNEED) != 0)
        memset(h->mem, 0, h->size);
}

/* The mapping, created on first use (h->life held). */
static int hpt_map(struct spapr_machine *m, struct spapr_hpt *h)
{
    if (h->mem)
        return 0;
    void *p = mmap(NULL, h->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        spapr_machine_log(m, _("cannot allocate the hash page table (%llu bytes)"),
                          (unsigned long long)h->size);
        return -ENOMEM;
    }
    h->mem = p;
    return 0;
}

/* Switch the table on (fresh and empty unless already on) or off (h->life
 * held). */
static int hpt_switch(struct spapr_machine *m, struct spapr_hpt *h, bool on, bool fresh)
{
    if (on) {
        int r = hpt_map(m, h);
        if (r)
            return r;
        if (__atomic_load_n(&h->active, __ATOMIC_ACQUIRE) && !fresh)
            return 0;
        if (__atomic_load_n(&h->active, __ATOMIC_ACQUIRE))
            hpt_tell_engine(m, NULL, 0);
        hpt_zero(h);
        __atomic_store_n(&h->active, 1, __ATOMIC_RELEASE);
        hpt_tell_engine(m, h->mem, h->size);
        return 0;
    }
    bool was = __atomic_load_n(&h->active, __ATOMIC_ACQUIRE);
    __atomic_store_n(&h->active, 0, __ATOMIC_RELEASE);
    hpt_tell_engine(m, NULL, 0);
    if (was && h->mem)
        hpt_zero(h);
    return 0;
}

int spapr_hpt_reset(struct spapr_machine *m)
{
    struct spapr_hpt *h = m->hpt;
    const struct spapr_cpu_model_info *info = spapr_cpu_model_info(m->cfg.cpu_model);
    pthread_mutex_lock(&h->life);
    int r = hpt_switch(m, h, !info->radix, true);
    pthread_mutex_unlock(&h->life);
    return r;
}

int spapr_hpt_set_hash(struct spapr_machine *m, bool hash)
{
    struct spapr_hpt *h = m->hpt;
    pthread_mutex_lock(&h->life);
    int r = hpt_switch(m, h, hash, false);
    pthread_mutex_unlock(&h->life);
    return r;
}

bool spapr_hpt_active(struct spapr_machine *m)
{
    return m->hpt && __atomic_load_n(&m->hpt->active, __ATOMIC_ACQUIRE);
}

void spapr_hpt_get(struct spapr_machine *m, uint8_t **base, uint64_t *size)
{
    *base = NULL;
    *size = 0;
    if (!m->hpt)
        return;
    pthread_mutex_lock(&m->hpt->life);
    if (m->hpt->active) {
        *base = m->hpt->mem;
        *size = m->hpt->size;
    }
    pthread_mutex_unlock(&m->hpt->life);
}

/* ---- the hypercalls ----------------------------------------------------- */

/* The table as the engine's primitives see it, if the guest uses one. */
static bool hpt_view(struct spapr_machine *m, struct mmu_htab *t)
{
    struct spapr_hpt *h = m->hpt;
    if (!__atomic_load_n(&h->active, __ATOMIC_ACQUIRE))
        return false;
    t->base = h->mem;
    t->size = h->size;
    return true;
}

static pthread_mutex_t *group_lock(struct spapr_machine *m, uint64_t ptex)
{
    return &m->hpt->group[(ptex / 8) % HPT_LOCKS];
}

/* A valid entry changed: drop the translations made from it. */
static void hpt_invalidate(struct spapr_machine *m, const struct mmu_htab *t, uint64_t ptex,
                           uint64_t v, uint64_t r)
{
    uint64_t va;
    unsigned shift;
    if (m->ops.invalidate_hpte && mmu_hpte_va(t, ptex, v, r, &va, &shift))
        m->ops.invalidate_hpte(m->ops.opaque, va, shift);
    else if (m->ops.tlb_flush_all)
        m->ops.tlb_flush_all(m->ops.opaque);
}

/* The HPT for a hash hcall: false (status H_FUNCTION) when the guest has
 * none (a radix guest). */
static bool hpt_call_view(struct spapr_machine *m, struct mmu_htab *t, struct spapr_hcall_ret *r)
{
    if (hpt_view(m, t))
        return true;
    r->status = H_FUNCTION;
    return false;
}

/* hpt_call_view, then the arguments of a call on one entry: only the
 * allowed flags, ptex inside the table (else H_PARAMETER). */
static bool hpt_entry_call(struct spapr_machine *m, uint64_t flags, uint64_t allowed,
                           uint64_t ptex, struct mmu_htab *t, struct spapr_hcall_ret *r)
{
    if (!hpt_call_view(m, t, r))
        return false;
    if ((flags & ~allowed) || ptex >= mmu_htab_entries(t)) {
        r->status = H_PARAMETER;
        return false;
    }
    return true;
}

/* H_ENTER(flags, ptex, pte_high, pte_low) -> r4 = the index used. */
static void h_enter(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                    struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], ptex = a->args[1], v = a->args[2], rr = a->args[3];
    struct mmu_htab t;
    if (!hpt_call_view(m, &t, r))
        return;
    unsigned base, actual;
    if ((flags & ~ENTER_FLAGS) || ptex >= mmu_htab_entries(&t) || !(v & MMU_HPTE_V_V) ||
        (v >> MMU_HPTE_V_B_SHIFT) > MMU_SLB_B_1T || !mmu_hpte_page_shifts(v, rr, &base, &actual)) {
        r->status = H_PARAMETER;
        return;
    }
    /* The page must be guest RAM (no MMIO on this machine yet), mapped
     * cacheable and coherent: WIMG = 0010, as QEMU's sPAPR insists. */
    uint64_t page = UINT64_C(1) << actual;
    uint64_t ra = (rr & MMU_HPTE_R_RPN) & ~(page - 1);
    if (!guest_ram_range_ok(&m->ram, ra, page) || (rr & MMU_HPTE_R_WIMG) != 0x10) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_t *lk = group_lock(m, ptex);
    pthread_mutex_lock(lk);
    /* Check for room before touching the page. */
    uint64_t first = (flags & H_EXACT) ? ptex : ptex & ~7ull;
    unsigned n = (flags & H_EXACT) ? 1 : 8, i;
    for (i = 0; i < n; i++) {
        uint64_t ov, orr;
        mmu_hpte_read(&t, first + i, &ov, &orr);
        if (!(ov & MMU_HPTE_V_V))
            break;
    }
    uint64_t slot = 0;
    enum mmu_hpte_status st = MMU_HPTE_FULL;
    if (i < n) {
        if (flags & H_ZERO_PAGE)
            guest_ram_fill(&m->ram, ra, 0, page);
        st = mmu_hpte_insert(&t, ptex, v, rr, (flags & H_EXACT) != 0, &slot);
    }
    pthread_mutex_unlock(lk);
    switch (st) {
    case MMU_HPTE_OK:
        r->status = H_SUCCESS;
        r->ret[0] = slot;
        break;
    case MMU_HPTE_FULL:
        r->status = H_PTEG_FULL;
        break;
    default:
        r->status = H_PARAMETER;
        break;
    }
}

enum remove_result { REMOVE_OK = 0, REMOVE_NOT_FOUND = 1, REMOVE_PARM = 2 };

/* Take entry ptex out if it is valid and matches the condition (H_AVPN:
 * (v & ~0x7f) == avpn; H_ANDCOND: (v & avpn) == 0; both: both). */
static enum remove_result remove_one(struct spapr_machine *m, const struct mmu_htab *t,
                                     uint64_t ptex, uint64_t flags, uint64_t avpn, uint64_t *v,
                                     uint64_t *rr)
{
    if (ptex >= mmu_htab_entries(t))
        return REMOVE_PARM;
    uint64_t mask = 0, match = 0;
    if (flags & H_AVPN) {
        mask = AVPN_MASK;
        match = avpn;
    }
    if (flags & H_ANDCOND) {
        /* Both conditions at once: (v & ~0x7f) == avpn and (v & avpn) == 0
         * hold together only for avpn == 0, where the AVPN test alone
         * decides. */
        if (!(flags & H_AVPN))
            mask = avpn;
        else if (avpn)
            return REMOVE_NOT_FOUND;
    }
    pthread_mutex_t *lk = group_lock(m, ptex);
    pthread_mutex_lock(lk);
    bool ok = mmu_hpte_remove(t, ptex, mask, match, v, rr);
    pthread_mutex_unlock(lk);
    if (!ok)
        return REMOVE_NOT_FOUND;
    hpt_invalidate(m, t, ptex, *v, *rr);
    return REMOVE_OK;
}

/* H_REMOVE(flags, ptex, avpn) -> r4, r5 = the old entry. */
static void h_remove(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                     struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], ptex = a->args[1], avpn = a->args[2];
    struct mmu_htab t;
    if (!hpt_call_view(m, &t, r))
        return;
    if (flags & ~REMOVE_FLAGS) {
        r->status = H_PARAMETER;
        return;
    }
    uint64_t v, rr;
    switch (remove_one(m, &t, ptex, flags, avpn, &v, &rr)) {
    case REMOVE_OK:
        r->status = H_SUCCESS;
        r->ret[0] = v;
        r->ret[1] = rr;
        break;
    case REMOVE_NOT_FOUND:
        r->status = H_NOT_FOUND;
        break;
    default:
        r->status = H_PARAMETER;
        break;
    }
}

/* H_BULK_REMOVE(tsh0, tsl0, ..., tsh3, tsl3): each request becomes a
 * response in place (r4, r6, r8, r10); an END entry stops the list. */
static void h_bulk_remove(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                          struct spapr_hcall_ret *r)
{
    (void)vcpu;
    struct mmu_htab t;
    if (!hpt_call_view(m, &t, r))
        return;
    /* Registers the call does not change keep their values. */
    for (int i = 0; i < 2 * H_BULK_REMOVE_MAX_BATCH; i++)
        r->ret[i] = a->args[i];
    r->status = H_SUCCESS;
    for (int i = 0; i < H_BULK_REMOVE_MAX_BATCH; i++) {
        uint64_t tsh = a->args[2 * i], tsl = a->args[2 * i + 1];
        uint64_t type = tsh & H_BULK_REMOVE_TYPE;
        if (type == H_BULK_REMOVE_END)
            break;
        if (type != H_BULK_REMOVE_REQUEST) {
            r->status = H_PARAMETER;
            return;
        }
        uint64_t resp = (tsh & (H_BULK_REMOVE_PTEX | H_BULK_REMOVE_FLAGS)) | H_BULK_REMOVE_RESPONSE;
        uint64_t cond = tsh & H_BULK_REMOVE_FLAGS;
        if (cond == (H_BULK_REMOVE_ANDCOND | H_BULK_REMOVE_AVPN)) {
            r->ret[2 * i] = resp | H_BULK_REMOVE_PARM;
            r->status = H_PARAMETER;
            return;
        }
        uint64_t flags = cond == H_BULK_REMOVE_AVPN ? H_AVPN : cond == H_BULK_REMOVE_ANDCOND ? H_ANDCOND : 0;
        uint64_t v, rr;
        enum remove_result res = remove_one(m, &t, tsh & H_BULK_REMOVE_PTEX, flags, tsl, &v, &rr);
        resp |= (uint64_t)res << 60;
        if (res == REMOVE_OK)
            resp |= (rr & (MMU_HPTE_R_R | MMU_HPTE_R_C)) << 51; /* R -> 0x08.., C -> 0x04.. */
        r->ret[2 * i] = resp;
        if (res == REMOVE_PARM) {
            r->status = H_PARAMETER;
            return;
        }
    }
}

/* H_PROTECT(flags, ptex, avpn): new PP, N and key bits from flags. */
static void h_protect(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                      struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], ptex = a->args[1], avpn = a->args[2];
    struct mmu_htab t;
    if (!hpt_entry_call(m, flags, PROTECT_FLAGS, ptex, &t, r))
        return;
    uint64_t clear = MMU_HPTE_R_PP0 | MMU_HPTE_R_PP | MMU_HPTE_R_N | MMU_HPTE_R_KEY_HI |
                     MMU_HPTE_R_KEY_LO;
    uint64_t set = (flags & (PROTECT_PP | PROTECT_N | PROTECT_KEY_LO)) |
                   ((flags & PROTECT_PP0) << 55) | ((flags & PROTECT_KEY_HI) << 48);
    uint64_t v, old_r, dummy;
    pthread_mutex_t *lk = group_lock(m, ptex);
    pthread_mutex_lock(lk);
    mmu_hpte_read(&t, ptex, &v, &dummy);
    bool ok = mmu_hpte_update_r(&t, ptex, (flags & H_AVPN) ? AVPN_MASK : 0,
                                (flags & H_AVPN) ? avpn : 0, clear, set, &old_r);
    pthread_mutex_unlock(lk);
    if (!ok) {
        r->status = H_NOT_FOUND;
        return;
    }
    hpt_invalidate(m, &t, ptex, v, old_r);
    r->status = H_SUCCESS;
}

/* H_READ(flags, ptex) -> r4, r5 (H_READ_4: r4..r11 for ptex & ~3 ..+3). */
static void h_read(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                   struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], ptex = a->args[1];
    struct mmu_htab t;
    if (!hpt_entry_call(m, flags, READ_FLAGS, ptex, &t, r))
        return;
    unsigned n = 1;
    if (flags & H_READ_4) {
        ptex &= ~3ull;
        n = 4;
    }
    for (unsigned i = 0; i < n; i++)
        mmu_hpte_read(&t, ptex + i, &r->ret[2 * i], &r->ret[2 * i + 1]);
    r->status = H_SUCCESS;
}

/* H_CLEAR_REF / H_CLEAR_MOD(flags, ptex) -> r4 = doubleword 1 before the
 * bit was cleared (KVM's and FreeBSD's reading of LoPAR). */
static void clear_rc(struct spapr_machine *m, const struct spapr_hcall_args *a,
                     struct spapr_hcall_ret *r, uint64_t bit)
{
    uint64_t flags = a->args[0], ptex = a->args[1];
    struct mmu_htab t;
    if (!hpt_entry_call(m, flags, H_LOCAL, ptex, &t, r))
        return;
    uint64_t v, old_r, dummy;
    pthread_mutex_t *lk = group_lock(m, ptex);
    pthread_mutex_lock(lk);
    mmu_hpte_read(&t, ptex, &v, &dummy);
    bool ok = mmu_hpte_update_r(&t, ptex, 0, 0, bit, 0, &old_r);
    pthread_mutex_unlock(lk);
    if (!ok) {
        r->status = H_NOT_FOUND;
        return;
    }
    /* Cached translations would not record the next reference or change. */
    if (old_r & bit)
        hpt_invalidate(m, &t, ptex, v, old_r);
    r->status = H_SUCCESS;
    r->ret[0] = old_r;
}

static void h_clear_ref(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    (void)vcpu;
    clear_rc(m, a, r, MMU_HPTE_R_R);
}

static void h_clear_mod(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                        struct spapr_hcall_ret *r)
{
    (void)vcpu;
    clear_rc(m, a, r, MMU_HPTE_R_C);
}

/* ---- creation ------------------------------------------------------------ */

int spapr_hpt_create(struct spapr_machine *m)
{
    struct spapr_hpt *h = calloc(1, sizeof(*h));
    if (!h)
        return -ENOMEM;
    pthread_mutex_init(&h->life, NULL);
    for (int i = 0; i < HPT_LOCKS; i++)
        pthread_mutex_init(&h->group[i], NULL);
    h->shift = spapr_hpt_shift(m);
    h->size = UINT64_C(1) << h->shift;
    m->hpt = h;
    int r;
    if ((r = spapr_hcall_register(m, H_REMOVE, "H_REMOVE", "hcall-pft", h_remove)) ||
        (r = spapr_hcall_register(m, H_ENTER, "H_ENTER", "hcall-pft", h_enter)) ||
        (r = spapr_hcall_register(m, H_READ, "H_READ", "hcall-pft", h_read)) ||
        (r = spapr_hcall_register(m, H_CLEAR_MOD, "H_CLEAR_MOD", "hcall-pft", h_clear_mod)) ||
        (r = spapr_hcall_register(m, H_CLEAR_REF, "H_CLEAR_REF", "hcall-pft", h_clear_ref)) ||
        (r = spapr_hcall_register(m, H_PROTECT, "H_PROTECT", "hcall-pft", h_protect)) ||
        (r = spapr_hcall_register(m, H_BULK_REMOVE, "H_BULK_REMOVE", "hcall-bulk", h_bulk_remove)))
        return r;
    return 0;
}

void spapr_hpt_destroy(struct spapr_machine *m)
{
    struct spapr_hpt *h = m->hpt;
    if (!h)
        return;
    if (h->mem)
        munmap(h->mem, h->size);
    pthread_mutex_destroy(&h->life);
    for (int i = 0; i < HPT_LOCKS; i++)
        pthread_mutex_destroy(&h->group[i]);
    free(h);
    m->hpt = NULL;
}

/* ---- save / restore ------------------------------------------------------- */

struct hpt_header {
    uint32_t shift;
    uint32_t active;
};

static const struct vmstate_field header_fields[] = {
    VMSTATE_UINT(struct hpt_header, shift, 1),
    VMSTATE_UINT(struct hpt_header, active, 1),
};
static const struct vmstate_desc header_desc = {"spapr-hpt", 1, 1, header_fields, 2};

struct hpt_chunk {
    uint8_t *data;
    uint32_t bytes;
};

static const struct vmstate_field chunk_fields[] = {
    {.name = "data", .offset = offsetof(struct hpt_chunk, data), .kind = VMS_BUFFER_PTR,
     .count_offset = offsetof(struct hpt_chunk, bytes), .version = 1},
};
static const struct vmstate_desc chunk_desc = {"spapr-hpt-chunk", 1, 1, chunk_fields, 1};

static uint64_t chunk_bytes(const struct spapr_hpt *h)
{
    return h->size < HPT_CHUNK ? h->size : HPT_CHUNK;
}

int spapr_hpt_save(struct spapr_machine *m, struct vmstate_buf *b)
{
    struct spapr_hpt *h = m->hpt;
    pthread_mutex_lock(&h->life);
    struct hpt_header hdr = {.shift = h->shift, .active = h->active ? 1 : 0};
    int r = vmstate_save(&header_desc, &hdr, b);
    uint64_t cb = chunk_bytes(h);
    for (uint64_t off = 0; !r && hdr.active && off < h->size; off += cb) {
        struct hpt_chunk c = {h->mem + off, (uint32_t)cb};
        r = vmstate_save(&chunk_desc, &c, b);
    }
    pthread_mutex_unlock(&h->life);
    return r;
}

int spapr_hpt_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry)
{
    struct spapr_hpt *h = m->hpt;
    /* The header goes to a local copy in both passes. */
    struct hpt_header hdr = {0};
    int r = vmstate_load(&header_desc, &hdr, data, len, pos);
    if (r)
        return r;
    if (hdr.shift != h->shift || hdr.active > 1)
        return -EINVAL;
    pthread_mutex_lock(&h->life);
    /* Mapping the table (not yet in use) changes nothing the guest sees,
     * and makes the second pass unable to fail for want of memory. */
    if (hdr.active && (r = hpt_map(m, h))) {
        pthread_mutex_unlock(&h->life);
        return r;
    }
    if (!dry) {
        __atomic_store_n(&h->active, 0, __ATOMIC_RELEASE);
        hpt_tell_engine(m, NULL, 0);
    }
    uint64_t cb = chunk_bytes(h);
    for (uint64_t off = 0; !r && hdr.active && off < h->size; off += cb) {
        struct hpt_chunk c = {h->mem + off, (uint32_t)cb};
        r = dry ? vmstate_check(&chunk_desc, &c, data, len, pos)
                : vmstate_load(&chunk_desc, &c, data, len, pos);
    }
    if (!dry && !r && hdr.active) {
        /* A slot an inserter had claimed but not filled when the state was
         * taken (V=0 with all SW bits) would stay taken forever. */
        struct mmu_htab t = {h->mem, h->size};
        for (uint64_t i = 0; i < mmu_htab_entries(&t); i++) {
            uint64_t v, rr;
            mmu_hpte_read(&t, i, &v, &rr);
            if (v == MMU_HPTE_V_SW)
                mmu_hpte_write(&t, i, 0, rr);
        }
        __atomic_store_n(&h->active, 1, __ATOMIC_RELEASE);
        hpt_tell_engine(m, h->mem, h->size);
    } else if (!dry && !hdr.active && h->mem) {
        hpt_zero(h);
    }
    pthread_mutex_unlock(&h->life);
    return r;
}
