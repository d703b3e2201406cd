/* engine/partition.c: the vCPUs of one partition and what crosses between
 * them: request queues with a done sequence (tlbie broadcast, waits of
 * tlbsync/ptesync), code-page ownership bytes (invalidation of blocks by
 * guest physical page across vCPUs), doorbells between threads of a
 * core; plus the local, precise invalidation of a vCPU's soft TLB and
 * code translation cache by the walkers' tags. See partition.h. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "exec.h"
#include "interrupt.h"
#include "mmu-hash.h"
#include "mmu-radix.h"
#include "partition.h"

struct ppc_partition {
    uint8_t *ram;
    uint64_t ram_size;
    uint64_t npages;
    unsigned threads_per_core;
    /* One byte per guest page: bit (slot % 8) set when that vCPU may
     * have blocks from the page. Atomic accesses only. */
    uint8_t *codemap;
    /* The vCPU table: read-locked to use it, write-locked to change it
     * (so a vCPU is not freed under a poster or a waiter). */
    pthread_rwlock_t lock;
    unsigned nslots;             /* high-water mark of used slots */
    struct ppc_cpu *cpus[PPC_PARTITION_MAX_CPUS];
};

enum post_kind { POST_TLB_ALL, POST_XOP, POST_CODE, POST_SCAN };

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* ---- partition objects -------------------------------------------------- */

struct ppc_partition *ppc_partition_new(const struct ppc_partition_config *cfg)
{
    if (!cfg || !cfg->ram || cfg->ram_size < PPC_PAGE_SIZE ||
        cfg->threads_per_core > 8)
        return NULL;
    struct ppc_partition *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->ram = cfg->ram;
    p->ram_size = cfg->ram_size;
    p->npages = (cfg->ram_size + PPC_PAGE_SIZE - 1) >> PPC_PAGE_SHIFT;
    p->threads_per_core = cfg->threads_per_core ? cfg->threads_per_core : 1;
    p->codemap = calloc(p->npages, 1);
    pthread_rwlockattr_t attr;
    bool ok = p->codemap && pthread_rwlockattr_init(&attr) == 0;
    if (ok) {
#ifdef __GLIBC__
        /* Readers may nest (a waiter applies its own requests, which
         * post): never let a queued writer block a nested reader. */
        pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_READER_NP);
#endif
        ok = pthread_rwlock_init(&p->lock, &attr) == 0;
        pthread_rwlockattr_destroy(&attr);
    }
    if (!ok) {
        free(p->codemap);
        free(p);
        return NULL;
    }
    return p;
}

void ppc_partition_free(struct ppc_partition *p)
{
    if (!p)
        return;
    pthread_rwlock_wrlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++)
        if (p->cpus[i]) {
            p->cpus[i]->sys->part = NULL;
            p->cpus[i] = NULL;
        }
    pthread_rwlock_unlock(&p->lock);
    pthread_rwlock_destroy(&p->lock);
    free(p->codemap);
    free(p);
}

int ppc_partition_add_cpu(struct ppc_partition *p, struct ppc_cpu *cpu)
{
    if (!p || !cpu || !cpu->sys || cpu->sys->part ||
        cpu->sys->ram.base != p->ram || cpu->sys->ram.size != p->ram_size)
        return -EINVAL;
    pthread_rwlock_wrlock(&p->lock);
    unsigned slot = 0;
    while (slot < PPC_PARTITION_MAX_CPUS && p->cpus[slot])
        slot++;
    if (slot == PPC_PARTITION_MAX_CPUS) {
        pthread_rwlock_unlock(&p->lock);
        return -ENOSPC;
    }
    p->cpus[slot] = cpu;
    if (slot >= p->nslots)
        p->nslots = slot + 1;
    cpu->sys->part = p;
    cpu->sys->slot = slot;
    pthread_rwlock_unlock(&p->lock);
    /* What it cached alone knows nothing of the other vCPUs' code. */
    ppc_smp_flush_local(cpu);
    ppc_blocks_flush(cpu);
    return 0;
}

void ppc_partition_remove_cpu(struct ppc_cpu *cpu)
{
    if (!cpu || !cpu->sys || !cpu->sys->part)
        return;
    struct ppc_partition *p = cpu->sys->part;
    pthread_rwlock_wrlock(&p->lock);
    if (cpu->sys->slot < PPC_PARTITION_MAX_CPUS &&
        p->cpus[cpu->sys->slot] == cpu)
        p->cpus[cpu->sys->slot] = NULL;
    cpu->sys->part = NULL;
    pthread_rwlock_unlock(&p->lock);
}

struct ppc_partition *ppc_cpu_partition(const struct ppc_cpu *cpu)
{
    return cpu && cpu->sys ? cpu->sys->part : NULL;
}

/* ---- request queues ----------------------------------------------------- */

int ppc_xqueue_init(struct ppc_xqueue *q)
{
    memset(q, 0, sizeof(*q));
    return pthread_mutex_init(&q->lock, NULL) == 0 ? 0 : -ENOMEM;
}

void ppc_xqueue_destroy(struct ppc_xqueue *q)
{
    pthread_mutex_destroy(&q->lock);
}

/* Queue a request for vCPU t and make it look (partition read-locked). */
static void post(struct ppc_cpu *t, enum post_kind kind,
                 const struct ppc_xop *op, uint64_t pfn)
{
    struct ppc_xqueue *q = &t->sys->xq;
    pthread_mutex_lock(&q->lock);
    switch (kind) {
    case POST_TLB_ALL:
        q->tlb_all = true;
        break;
    case POST_XOP:
        if (q->tlb_all)
            break;
        if (q->ntlbi < PPC_XQ_TLBI)
            q->tlbi[q->ntlbi++] = *op;
        else
            q->tlb_all = true;
        break;
    case POST_CODE: {
        if (q->code_all)
            break;
        bool dup = false;
        for (unsigned i = 0; i < q->ncode && !dup; i++)
            dup = q->code[i] == pfn;
        if (dup)
            break;
        if (q->ncode < PPC_XQ_CODE)
            q->code[q->ncode++] = pfn;
        else
            q->code_all = true;
        break;
    }
    case POST_SCAN:
        q->scan_write = true;
        break;
    }
    __atomic_store_n(&q->req_seq, q->req_seq + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&q->lock);
    /* Seen at the target's next block boundary (ppc_sys_poll), or when
     * it enters ppc_run (seq_cst against its 'running' store). */
    __atomic_fetch_or(&t->sys->pending, PPC_IRQ_WORK, __ATOMIC_SEQ_CST);
}

/* Wait until every vCPU inside ppc_run (other than self) has applied the
 * requests queued for it so far. self (may be NULL) applies its own
 * meanwhile, so two waiters never wait for each other. Read-locked. */
static void wait_done(struct ppc_partition *p, struct ppc_cpu *self)
{
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (!t || t == self)
            continue;
        struct ppc_xqueue *q = &t->sys->xq;
        uint64_t want = __atomic_load_n(&q->req_seq, __ATOMIC_ACQUIRE);
        unsigned spins = 0;
        while (__atomic_load_n(&q->done_seq, __ATOMIC_ACQUIRE) < want &&
               __atomic_load_n(&q->running, __ATOMIC_SEQ_CST)) {
            if (self && (__atomic_load_n(&self->sys->pending, __ATOMIC_RELAXED) &
                         PPC_IRQ_WORK))
                ppc_smp_do_work(self);
            if (++spins < 256)
                cpu_relax();
            else
                sched_yield();
        }
    }
}

void ppc_smp_enter(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    if (!s->part)
        return;
    __atomic_store_n(&s->xq.running, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&s->pending, __ATOMIC_SEQ_CST) & PPC_IRQ_WORK)
        ppc_smp_do_work(cpu);
}

void ppc_smp_leave(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    if (!s->part)
        return;
    __atomic_store_n(&s->xq.running, 0, __ATOMIC_RELEASE);
}

static void scan_write_entries(struct ppc_cpu *cpu);
static void flush_matching(struct ppc_cpu *cpu, const struct ppc_xop *x);

void ppc_smp_do_work(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    struct ppc_xqueue *q = &s->xq;
    struct ppc_xop ops[PPC_XQ_TLBI];
    uint64_t code[PPC_XQ_CODE];
    __atomic_fetch_and(&s->pending, ~PPC_IRQ_WORK, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&q->lock);
    uint64_t seq = q->req_seq;
    bool tlb_all = q->tlb_all, code_all = q->code_all, scan = q->scan_write;
    unsigned ntlbi = q->ntlbi, ncode = q->ncode;
    memcpy(ops, q->tlbi, ntlbi * sizeof(ops[0]));
    memcpy(code, q->code, ncode * sizeof(code[0]));
    q->tlb_all = q->code_all = q->scan_write = false;
    q->ntlbi = q->ncode = 0;
    pthread_mutex_unlock(&q->lock);

    if (tlb_all) {
        ppc_smp_flush_local(cpu);
    } else {
        for (unsigned i = 0; i < ntlbi; i++) {
            if (ops[i].kind == PPC_XOP_TLBI)
                ppc_smp_flush_tlbi(cpu, &ops[i].op);
            else
                flush_matching(cpu, &ops[i]);
        }
    }
    if (code_all) {
        ppc_blocks_flush(cpu);
    } else {
        for (unsigned i = 0; i < ncode; i++)
            ppc_block_flush_host_page(cpu, (uintptr_t)(s->ram.base +
                                                       (code[i] << PPC_PAGE_SHIFT)));
    }
    if (scan)
        scan_write_entries(cpu);
    __atomic_store_n(&q->done_seq, seq, __ATOMIC_RELEASE);
}

/* ---- local invalidation ------------------------------------------------- */

static void ctc_flush(struct ppc_sys *s)
{
    for (unsigned i = 0; i < PPC_CTC_SIZE; i++)
        s->ctc[i].tag = PPC_TLB_INVALID;
}

void ppc_smp_flush_local(struct ppc_cpu *cpu)
{
    ppc_tlb_flush(cpu);
    ctc_flush(cpu->sys);
    cpu->sys->ctc_evicted = false;
    ppc_blocks_unlink(cpu);
}

void ppc_smp_flush_pid(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    if (!s->radix) {
        ppc_smp_flush_local(cpu);
        return;
    }
    /* Radix: only quadrant 0 (EA bits 0:1 = 0) uses PIDR. */
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < PPC_TLB_SIZE; i++)
            if (!(cpu->tlb[a][i].tag >> 62))
                cpu->tlb[a][i].tag = PPC_TLB_INVALID;
    for (unsigned i = 0; i < PPC_CTC_SIZE; i++)
        if (!(s->ctc[i].tag >> 62))
            s->ctc[i].tag = PPC_TLB_INVALID;
    ppc_blocks_unlink(cpu);
}

/* Does the invalidation drop everything? (forms by LPID / all) */
static bool tlbi_is_global(const struct mmu_tlbi *op)
{
    unsigned is = (unsigned)(op->rb >> 10) & 3;
    if (!op->r)
        return is != 0;
    return op->ric != 1 && is >= 2;
}

/* Radix tlbie/tlbiel by PID, LPID or all (IS != 0) without the set
 * number (RB bits 40:51), which the tags do not depend on: Linux flushes a
 * PID with one tlbiel per set (128 on POWER9), the same invalidation each
 * time. */
static bool tlbi_set_form(const struct ppc_xop *x, struct mmu_tlbi *key)
{
    if (x->kind != PPC_XOP_TLBI || !x->op.r || ((x->op.rb >> 10) & 3) == 0)
        return false;
    *key = x->op;
    key->rb &= ~0xfff000ull;
    key->local = false;
    return true;
}

static void flush_matching(struct ppc_cpu *cpu, const struct ppc_xop *x)
{
    struct ppc_sys *s = cpu->sys;
    /* The same invalidation again with no entry made since: nothing
     * left to drop. */
    struct mmu_tlbi key;
    bool set_form = tlbi_set_form(x, &key);
    if (set_form && s->flush_clean && key.rb == s->last_flush.rb &&
        key.rs == s->last_flush.rs && key.ric == s->last_flush.ric &&
        key.prs == s->last_flush.prs)
        return;
    for (unsigned a = 0; a < 3; a++)
        for (unsigned i = 0; i < PPC_TLB_SIZE; i++) {
            if (cpu->tlb[a][i].tag == PPC_TLB_INVALID)
                continue;
            const struct mmu_tlb_tag *t = &s->tlb_tag[a][i];
            bool m = x->kind == PPC_XOP_TLBI ? mmu_tlbie_matches(&x->op, t)
                                             : mmu_hash_va_matches(x->va, x->shift, t);
            if (m)
                cpu->tlb[a][i].tag = PPC_TLB_INVALID;
        }
    bool code = false;
    for (unsigned i = 0; i < PPC_CTC_SIZE; i++) {
        if (s->ctc[i].tag == PPC_TLB_INVALID)
            continue;
        const struct mmu_tlb_tag *t = &s->ctc_tag[i];
        bool m = x->kind == PPC_XOP_TLBI ? mmu_tlbie_matches(&x->op, t)
                                         : mmu_hash_va_matches(x->va, x->shift, t);
        if (m) {
            s->ctc[i].tag = PPC_TLB_INVALID;
            code = true;
        }
    }
    /* Blocks (and their links) were checked against the code
     * translations of the current link generation: when all of them are
     * still in the code translation cache (none replaced since,
     * ctc_evicted) and none was dropped here, the checks stand. */
    if (code || s->ctc_evicted) {
        s->ctc_evicted = false;
        ppc_blocks_unlink(cpu);
    }
    if (set_form) {
        s->last_flush = key;
        s->flush_clean = true;
    }
}

void ppc_smp_flush_tlbi(struct ppc_cpu *cpu, const struct mmu_tlbi *op)
{
    if (tlbi_is_global(op)) {
        ppc_smp_flush_local(cpu);
        return;
    }
    struct ppc_xop x = { .kind = PPC_XOP_TLBI, .op = *op };
    flush_matching(cpu, &x);
}

void ppc_smp_tlbie(struct ppc_cpu *cpu, const struct mmu_tlbi *op)
{
    struct ppc_sys *s = cpu->sys;
    ppc_smp_flush_tlbi(cpu, op);
    struct ppc_partition *p = s->part;
    if (op->local || !p)
        return;
    struct ppc_xop x = { .kind = PPC_XOP_TLBI, .op = *op };
    bool global = tlbi_is_global(op);
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (t && t != cpu)
            post(t, global ? POST_TLB_ALL : POST_XOP, &x, 0);
    }
    pthread_rwlock_unlock(&p->lock);
    s->tlbi_outstanding = true;
}

void ppc_smp_tlb_sync(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    if (!s->tlbi_outstanding)
        return;
    s->tlbi_outstanding = false;
    struct ppc_partition *p = s->part;
    if (!p)
        return;
    pthread_rwlock_rdlock(&p->lock);
    wait_done(p, cpu);
    pthread_rwlock_unlock(&p->lock);
}

void ppc_sys_tlb_filled(struct ppc_cpu *cpu, enum ppc_access acc,
                        unsigned idx, uint64_t page, uintptr_t host_page)
{
    struct ppc_sys *s = cpu->sys;
    s->tlb_tag[acc][idx] = s->fill_tag;
    s->flush_clean = false;
    if (acc == PPC_ACC_EXEC)
        ppc_sys_ctc_fill(cpu, idx, page, host_page);
}

void ppc_sys_ctc_fill(struct ppc_cpu *cpu, unsigned tlb_idx, uint64_t page,
                      uintptr_t host_page)
{
    struct ppc_sys *s = cpu->sys;
    unsigned i = (unsigned)(page >> PPC_PAGE_SHIFT) & (PPC_CTC_SIZE - 1);
    uint64_t tag = page | ((cpu->msr & PPC_MSR_IR) ? 0 : 2);
    /* A code translation leaves the cache: the next invalidation cannot
     * tell whether it drops it, so it starts a new link generation. */
    if (s->ctc[i].tag != PPC_TLB_INVALID &&
        (s->ctc[i].tag != tag || s->ctc[i].host != host_page))
        s->ctc_evicted = true;
    s->flush_clean = false;
    s->ctc[i].tag = tag;
    s->ctc[i].host = host_page;
    s->ctc_tag[i] = s->tlb_tag[PPC_ACC_EXEC][tlb_idx];
}

/* ---- code pages --------------------------------------------------------- */

/* Guest page number of a host page of the partition's RAM, or -1. */
static int64_t page_number(const struct ppc_partition *p, uintptr_t hp)
{
    uintptr_t base = (uintptr_t)p->ram;
    if (hp < base || hp - base >= p->ram_size)
        return -1;
    return (int64_t)((hp - base) >> PPC_PAGE_SHIFT);
}

bool ppc_smp_page_is_code(struct ppc_cpu *cpu, uintptr_t host_page)
{
    struct ppc_partition *p = cpu->sys->part;
    int64_t pfn = page_number(p, host_page);
    if (pfn < 0)
        return ppc_block_page_has_code(cpu->blocks, host_page);
    return __atomic_load_n(&p->codemap[pfn], __ATOMIC_RELAXED) != 0;
}

void ppc_smp_code_page_added(struct ppc_cpu *cpu, uintptr_t host_page)
{
    struct ppc_sys *s = cpu->sys;
    struct ppc_partition *p = s->part;
    int64_t pfn = page_number(p, host_page);
    if (pfn < 0)
        return;
    uint8_t bit = (uint8_t)(1u << (s->slot & 7));
    if (__atomic_load_n(&p->codemap[pfn], __ATOMIC_RELAXED) & bit)
        return;
    uint8_t old = __atomic_fetch_or(&p->codemap[pfn], bit, __ATOMIC_SEQ_CST);
    if (old)
        return;   /* already code: nobody has a write entry for it */
    /* A new code page: the others drop their write entries to it before
     * their next block (a store that raced counts as a write). */
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (t && t != cpu)
            post(t, POST_SCAN, NULL, 0);
    }
    pthread_rwlock_unlock(&p->lock);
}

/* The page's code is stale everywhere: clear its byte and ask the vCPUs
 * of the old bits (except 'self') to drop their blocks of it. */
static void code_stale(struct ppc_partition *p, struct ppc_cpu *self,
                       uint64_t pfn)
{
    uint8_t old = __atomic_exchange_n(&p->codemap[pfn], 0, __ATOMIC_SEQ_CST);
    if (!old)
        return;
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (t && t != self && (old & (1u << (i & 7))))
            post(t, POST_CODE, NULL, pfn);
    }
    pthread_rwlock_unlock(&p->lock);
}

void ppc_smp_code_written(struct ppc_cpu *cpu, uintptr_t host_page)
{
    struct ppc_partition *p = cpu->sys->part;
    ppc_block_flush_host_page(cpu, host_page);
    int64_t pfn = page_number(p, host_page);
    if (pfn >= 0)
        code_stale(p, cpu, (uint64_t)pfn);
}

/* Drop this vCPU's write entries to pages that became code; each one may
 * have been used by a store racing with the code's decoding, so it
 * counts as a write to the page. */
static void scan_write_entries(struct ppc_cpu *cpu)
{
    struct ppc_partition *p = cpu->sys->part;
    if (!p)
        return;
    for (unsigned i = 0; i < PPC_TLB_SIZE; i++) {
        struct ppc_tlb_entry *e = &cpu->tlb[PPC_ACC_WRITE][i];
        if (e->tag == PPC_TLB_INVALID)
            continue;
        uintptr_t hp = (uintptr_t)(e->tag & PPC_PAGE_MASK) + e->addend;
        int64_t pfn = page_number(p, hp);
        if (pfn < 0 || !__atomic_load_n(&p->codemap[pfn], __ATOMIC_RELAXED))
            continue;
        e->tag = PPC_TLB_INVALID;
        ppc_smp_code_written(cpu, hp);
    }
}

void ppc_partition_code_written(struct ppc_partition *p, uint64_t gpa,
                                uint64_t len)
{
    if (!p || !len || gpa >= p->ram_size)
        return;
    if (len > p->ram_size - gpa)
        len = p->ram_size - gpa;
    uint64_t first = gpa >> PPC_PAGE_SHIFT;
    uint64_t last = (gpa + len - 1) >> PPC_PAGE_SHIFT;
    /* Order the caller's writes before the bytes' exchange. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (uint64_t pfn = first; pfn <= last; pfn++)
        if (__atomic_load_n(&p->codemap[pfn], __ATOMIC_RELAXED))
            code_stale(p, NULL, pfn);
}

/* ---- machine-side TLB invalidation -------------------------------------- */

static void flush_everyone(struct ppc_partition *p, enum post_kind kind,
                           const struct ppc_xop *x)
{
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++)
        if (p->cpus[i])
            post(p->cpus[i], kind, x, 0);
    wait_done(p, NULL);
    pthread_rwlock_unlock(&p->lock);
}

void ppc_partition_flush_all(struct ppc_partition *p)
{
    if (p)
        flush_everyone(p, POST_TLB_ALL, NULL);
}

void ppc_partition_flush_hpte(struct ppc_partition *p, uint64_t va,
                              unsigned page_shift)
{
    if (!p)
        return;
    struct ppc_xop x = { .kind = PPC_XOP_HPTE, .va = va,
                         .shift = (uint8_t)(page_shift < 64 ? page_shift : 63) };
    flush_everyone(p, POST_XOP, &x);
}

/* ---- doorbells ---------------------------------------------------------- */

void ppc_smp_doorbell(struct ppc_cpu *cpu, unsigned tir)
{
    struct ppc_sys *s = cpu->sys;
    struct ppc_partition *p = s->part;
    unsigned tpc = p ? p->threads_per_core : 1;
    if (tir >= tpc)
        return;   /* no such thread in this core */
    unsigned me = s->pir % tpc;
    if (tir == me || !p) {
        ppc_sys_set_irq(cpu, PPC_IRQ_DBELL, true);
        return;
    }
    uint32_t pir = s->pir - me + tir;
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (t && t->sys->pir == pir) {
            ppc_sys_set_irq(t, PPC_IRQ_DBELL, true);
            break;
        }
    }
    pthread_rwlock_unlock(&p->lock);
}

uint64_t ppc_smp_dpdes(struct ppc_cpu *cpu)
{
    struct ppc_sys *s = cpu->sys;
    struct ppc_partition *p = s->part;
    if (!p)
        return (__atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) & PPC_IRQ_DBELL) ? 1 : 0;
    unsigned tpc = p->threads_per_core;
    uint32_t core = s->pir / tpc;
    uint64_t v = 0;
    pthread_rwlock_rdlock(&p->lock);
    for (unsigned i = 0; i < p->nslots; i++) {
        struct ppc_cpu *t = p->cpus[i];
        if (t && t->sys->pir / tpc == core &&
            (__atomic_load_n(&t->sys->pending, __ATOMIC_ACQUIRE) & PPC_IRQ_DBELL))
            v |= 1ull << (t->sys->pir % tpc);
    }
    pthread_rwlock_unlock(&p->lock);
    return v;
}
