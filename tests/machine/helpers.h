/* tests/machine/helpers.h: small helpers shared by the machine unit tests:
 * a machine with a captured console, hypercall and RTAS calls made the way
 * a guest makes them (registers, and a big-endian argument buffer in guest
 * RAM at a fixed address). */
#ifndef PSERIES_TESTS_MACHINE_HELPERS_H
#define PSERIES_TESTS_MACHINE_HELPERS_H

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"

struct test_console {
    GByteArray *out;
    GString *log;
    int irq_level[64];
    int irq_changes;
    /* Engine side of vCPU control, as recorded. */
    int started[64];
    uint64_t start_entry[64], start_r3[64];
    int stopped[64], ceded[64], prodded[64], conferred[64];
    int refuse_start; /* make start_vcpu fail */
    uint64_t lpcr;    /* as set by H_SET_MODE (all vCPUs) */
    int lpcr_calls;
    uint64_t spr[8][1024];
    uint64_t pate1;
    int pate_calls;
    uint64_t written_lo, written_hi; /* union of the ranges guest_written reported */
    int written_calls;
    /* Hash MMU: the HPT the engine was told about, invalidations. */
    uint8_t *htab_base;
    uint64_t htab_size;
    int htab_calls;
    uint64_t inval_va[16];
    unsigned inval_shift[16];
    int inval_calls, flush_all_calls;
    int sreset[64]; /* H_SIGNAL_SYS_RESET deliveries per vCPU */
};

static void test_set_htab(void *opaque, uint8_t *base, uint64_t size)
{
    struct test_console *c = opaque;
    c->htab_base = base;
    c->htab_size = size;
    c->htab_calls++;
}

static void test_invalidate_hpte(void *opaque, uint64_t va, unsigned page_shift)
{
    /* Called from every thread making hash calls. */
    struct test_console *c = opaque;
    int i = __atomic_fetch_add(&c->inval_calls, 1, __ATOMIC_RELAXED) % 16;
    __atomic_store_n(&c->inval_va[i], va, __ATOMIC_RELAXED);
    __atomic_store_n(&c->inval_shift[i], page_shift, __ATOMIC_RELAXED);
}

static void test_tlb_flush_all(void *opaque)
{
    struct test_console *c = opaque;
    __atomic_fetch_add(&c->flush_all_calls, 1, __ATOMIC_RELAXED);
}

static void test_system_reset(void *opaque, unsigned vcpu)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->sreset[vcpu]++;
}

static void test_guest_written(void *opaque, uint64_t addr, uint64_t len)
{
    struct test_console *c = opaque;
    if (!c->written_calls || addr < c->written_lo)
        c->written_lo = addr;
    if (!c->written_calls || addr + len > c->written_hi)
        c->written_hi = addr + len;
    c->written_calls++;
}

static void test_set_process_table(void *opaque, uint64_t pate1)
{
    struct test_console *c = opaque;
    c->pate1 = pate1;
    c->pate_calls++;
}

static void test_set_lpcr(void *opaque, uint64_t mask, uint64_t value)
{
    struct test_console *c = opaque;
    c->lpcr = (c->lpcr & ~mask) | value;
    c->lpcr_calls++;
}

static void test_set_spr(void *opaque, unsigned vcpu, unsigned sprn, uint64_t value)
{
    struct test_console *c = opaque;
    if (vcpu < 8 && sprn < 1024)
        c->spr[vcpu][sprn] = value;
}

static int test_start_vcpu(void *opaque, unsigned vcpu, uint64_t entry, uint64_t r3)
{
    struct test_console *c = opaque;
    if (c->refuse_start || vcpu >= 64)
        return -EIO;
    c->started[vcpu]++;
    c->start_entry[vcpu] = entry;
    c->start_r3[vcpu] = r3;
    return 0;
}

static void test_stop_vcpu(void *opaque, unsigned vcpu)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->stopped[vcpu]++;
}

static void test_cede(void *opaque, unsigned vcpu)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->ceded[vcpu]++;
}

static void test_prod(void *opaque, unsigned vcpu)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->prodded[vcpu]++;
}

static void test_confer(void *opaque, unsigned vcpu)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->conferred[vcpu]++;
}

static void test_console_write(void *opaque, const uint8_t *buf, size_t len)
{
    struct test_console *c = opaque;
    g_byte_array_append(c->out, buf, (guint)len);
}

static void test_log(void *opaque, const char *msg)
{
    struct test_console *c = opaque;
    g_string_append_printf(c->log, "%s\n", msg);
}

static void test_set_irq(void *opaque, unsigned vcpu, int level)
{
    struct test_console *c = opaque;
    if (vcpu < 64)
        c->irq_level[vcpu] = level;
    c->irq_changes++;
}

static inline struct spapr_machine *test_machine_new(struct spapr_config *cfg, struct test_console *con)
{
    memset(con, 0, sizeof(*con));
    con->out = g_byte_array_new();
    con->log = g_string_new(NULL);
    struct spapr_machine_ops ops = {
        .opaque = con,
        .set_external_irq = test_set_irq,
        .console_write = test_console_write,
        .log = test_log,
        .start_vcpu = test_start_vcpu,
        .stop_vcpu = test_stop_vcpu,
        .cede = test_cede,
        .prod = test_prod,
        .confer = test_confer,
        .set_lpcr = test_set_lpcr,
        .set_spr = test_set_spr,
        .set_process_table = test_set_process_table,
        .guest_written = test_guest_written,
        .set_htab = test_set_htab,
        .invalidate_hpte = test_invalidate_hpte,
        .tlb_flush_all = test_tlb_flush_all,
        .system_reset = test_system_reset,
    };
    struct spapr_config def;
    if (!cfg) {
        spapr_config_init(&def);
        def.ram_size = 256ull << 20;
        cfg = &def;
    }
    struct spapr_machine *m = NULL;
    int r = spapr_machine_create(cfg, &ops, &m);
    g_assert_cmpint(r, ==, 0);
    g_assert_nonnull(m);
    return m;
}

static inline void test_machine_free(struct spapr_machine *m, struct test_console *con)
{
    spapr_machine_destroy(m);
    g_byte_array_free(con->out, TRUE);
    g_string_free(con->log, TRUE);
}

static inline long test_hcall(struct spapr_machine *m, unsigned vcpu, uint64_t opcode,
                              struct spapr_hcall_ret *ret, int nargs, ...)
{
    struct spapr_hcall_args a = {.opcode = opcode};
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        a.args[i] = va_arg(ap, uint64_t);
    va_end(ap);
    struct spapr_hcall_ret local;
    if (!ret)
        ret = &local;
    spapr_hcall_dispatch(m, vcpu, &a, ret);
    return ret->status;
}

#define RTAS_BUF 0x10000u /* where the tests build RTAS argument buffers */

/* Build the buffer (token, nargs, nret, args) in guest RAM, poison the
 * return cells, make the call through KVMPPC_H_RTAS, read the returns back.
 * Returns the hypercall status. */
static inline long test_rtas(struct spapr_machine *m, const char *name, uint32_t nargs,
                             const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    int64_t token = spapr_rtas_token(m, name);
    g_assert_cmpint(token, >, 0);
    guest_ram_st32_be(&m->ram, RTAS_BUF, (uint32_t)token);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 4, nargs);
    guest_ram_st32_be(&m->ram, RTAS_BUF + 8, nret);
    for (uint32_t i = 0; i < nargs; i++)
        guest_ram_st32_be(&m->ram, RTAS_BUF + 12 + 4 * i, args[i]);
    for (uint32_t i = 0; i < nret; i++)
        guest_ram_st32_be(&m->ram, RTAS_BUF + 12 + 4 * (nargs + i), 0xdeadbeef);
    long st = test_hcall(m, 0, KVMPPC_H_RTAS, NULL, 1, (uint64_t)RTAS_BUF);
    for (uint32_t i = 0; i < nret; i++)
        guest_ram_ld32_be(&m->ram, RTAS_BUF + 12 + 4 * (nargs + i), &rets[i]);
    return st;
}

#endif
