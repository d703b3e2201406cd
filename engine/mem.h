/* engine/mem.h: guest memory access for semantic functions. Inline loads
 * and stores of 1/2/4/8/16 bytes in the guest's byte order (MSR[LE]) go
 * through the per-vCPU software TLB (tag compare + host addend); a miss or
 * a page-crossing access takes the slow path in engine/mem.c, which asks
 * the environment's translate hook. A failed access fills cpu->fault and
 * returns PPC_EXIT_DATA_FAULT; semantics pass it on with PPC_TRY(). */
#ifndef PSERIES_ENGINE_MEM_H
#define PSERIES_ENGINE_MEM_H

#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "exec.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter's memory helpers assume a little-endian host"
#endif

/* Inside a semantic function: run a memory access; on failure raise the
 * exception for this instruction. */
#define PPC_TRY(expr) do { \
        int ppc_try_r_ = (expr); \
        if (__builtin_expect(ppc_try_r_ != 0, 0)) \
            return ppc_raise(cpu, d, (enum ppc_exit)ppc_try_r_, 0); \
    } while (0)

/* Effective address arithmetic: truncated to 32 bits when MSR[SF]=0. */
static inline uint64_t ppc_ea(const struct ppc_cpu *cpu, uint64_t ea)
{
    return ppc_sf(cpu) ? ea : (uint32_t)ea;
}

/* Slow paths (engine/mem.c): copy 'size' bytes in guest memory order
 * (no byte swapping) between the guest and buf. */
int ppc_mem_read_slow(struct ppc_cpu *cpu, uint64_t ea, void *buf,
                      unsigned size, enum ppc_access acc);
int ppc_mem_write_slow(struct ppc_cpu *cpu, uint64_t ea, const void *buf,
                       unsigned size);

/* Host address for an access of 'size' bytes that must not cross a page
 * (atomics, dcbz): NULL with cpu->fault filled if it cannot be had (also
 * for non-RAM pages). Writes through it must be announced with
 * acc = PPC_ACC_WRITE, and followed by ppc_host_write_done() once the
 * bytes are written, so cached code on the page is invalidated. */
void *ppc_host_addr(struct ppc_cpu *cpu, uint64_t ea, unsigned size,
                    enum ppc_access acc);
void ppc_host_write_done_slow(struct ppc_cpu *cpu);
static inline void ppc_host_write_done(struct ppc_cpu *cpu)
{
    if (__builtin_expect(cpu->code_wr != 0, 0))
        ppc_host_write_done_slow(cpu);
}

/* Host address of the page the instruction at ea is fetched from (block
 * building and lookup): 0, or the fetch fault's exit with cpu->fault. */
int ppc_mem_code_page(struct ppc_cpu *cpu, uint64_t ea, uintptr_t *host_page);

/* TLB fast path: host address, or NULL on a miss or page crossing. */
static inline void *ppc_tlb_hit(struct ppc_cpu *cpu, uint64_t ea,
                                unsigned size, enum ppc_access acc)
{
    const struct ppc_tlb_entry *e =
        &cpu->tlb[acc][(ea >> PPC_PAGE_SHIFT) & (PPC_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag == ((ea & PPC_PAGE_MASK) | cpu->tlb_mode), 1) &&
        __builtin_expect((ea & ~PPC_PAGE_MASK) + size <= PPC_PAGE_SIZE, 1))
        return (void *)(uintptr_t)(ea + e->addend);
    return NULL;
}

/* Raw (guest memory order) accessors. */
static inline int ppc_read_raw(struct ppc_cpu *cpu, uint64_t ea, void *buf,
                               unsigned size)
{
    void *h = ppc_tlb_hit(cpu, ea, size, PPC_ACC_READ);
    if (__builtin_expect(h != NULL, 1)) {
        memcpy(buf, h, size);
        return 0;
    }
    return ppc_mem_read_slow(cpu, ea, buf, size, PPC_ACC_READ);
}

static inline int ppc_write_raw(struct ppc_cpu *cpu, uint64_t ea,
                                const void *buf, unsigned size)
{
    void *h = ppc_tlb_hit(cpu, ea, size, PPC_ACC_WRITE);
    if (__builtin_expect(h != NULL, 1)) {
        memcpy(h, buf, size);
        return 0;
    }
    return ppc_mem_write_slow(cpu, ea, buf, size);
}

/* Typed loads/stores in the guest's byte order. 'rev' variants are the
 * byte-reversed forms (lwbrx & co): the opposite order. */
#define PPC_DEF_LDST(bits, type, swap)                                       \
static inline int ppc_ld##bits(struct ppc_cpu *cpu, uint64_t ea, type *v)    \
{                                                                            \
    type x;                                                                  \
    int r = ppc_read_raw(cpu, ea, &x, sizeof(x));                            \
    if (__builtin_expect(r != 0, 0))                                         \
        return r;                                                            \
    *v = ppc_le(cpu) ? x : swap(x);                                          \
    return 0;                                                                \
}                                                                            \
static inline int ppc_ld##bits##_rev(struct ppc_cpu *cpu, uint64_t ea,       \
                                     type *v)                                \
{                                                                            \
    type x;                                                                  \
    int r = ppc_read_raw(cpu, ea, &x, sizeof(x));                            \
    if (__builtin_expect(r != 0, 0))                                         \
        return r;                                                            \
    *v = ppc_le(cpu) ? swap(x) : x;                                          \
    return 0;                                                                \
}                                                                            \
static inline int ppc_st##bits(struct ppc_cpu *cpu, uint64_t ea, type v)     \
{                                                                            \
    type x = ppc_le(cpu) ? v : swap(v);                                      \
    return ppc_write_raw(cpu, ea, &x, sizeof(x));                            \
}                                                                            \
static inline int ppc_st##bits##_rev(struct ppc_cpu *cpu, uint64_t ea,       \
                                     type v)                                 \
{                                                                            \
    type x = ppc_le(cpu) ? swap(v) : v;                                      \
    return ppc_write_raw(cpu, ea, &x, sizeof(x));                            \
}

#define PPC_NOSWAP(x) (x)
PPC_DEF_LDST(8, uint8_t, PPC_NOSWAP)
PPC_DEF_LDST(16, uint16_t, __builtin_bswap16)
PPC_DEF_LDST(32, uint32_t, __builtin_bswap32)
PPC_DEF_LDST(64, uint64_t, __builtin_bswap64)
#undef PPC_DEF_LDST

static inline unsigned __int128 ppc_bswap128(unsigned __int128 x)
{
    return ((unsigned __int128)__builtin_bswap64((uint64_t)x) << 64) |
           __builtin_bswap64((uint64_t)(x >> 64));
}

/* 16 bytes as one quantity in the guest's byte order: little-endian guest
 * -> byte at ea is the least significant. (lq/stq load two doublewords;
 * vector loads define their own element order on top of ppc_read_raw.) */
static inline int ppc_ld128(struct ppc_cpu *cpu, uint64_t ea,
                            unsigned __int128 *v)
{
    unsigned __int128 x;
    int r = ppc_read_raw(cpu, ea, &x, 16);
    if (__builtin_expect(r != 0, 0))
        return r;
    *v = ppc_le(cpu) ? x : ppc_bswap128(x);
    return 0;
}
static inline int ppc_st128(struct ppc_cpu *cpu, uint64_t ea,
                            unsigned __int128 v)
{
    unsigned __int128 x = ppc_le(cpu) ? v : ppc_bswap128(v);
    return ppc_write_raw(cpu, ea, &x, 16);
}

/* Instruction fetch of one word (guest byte order). */
static inline int ppc_fetch32(struct ppc_cpu *cpu, uint64_t ea, uint32_t *w)
{
    uint32_t x;
    void *h = ppc_tlb_hit(cpu, ea, 4, PPC_ACC_EXEC);
    if (__builtin_expect(h != NULL, 1)) {
        memcpy(&x, h, 4);
    } else {
        int r = ppc_mem_read_slow(cpu, ea, &x, 4, PPC_ACC_EXEC);
        if (r)
            return r;
    }
    *w = ppc_le(cpu) ? x : __builtin_bswap32(x);
    return 0;
}

/* Alignment check for the accesses the ISA requires aligned (larx/stcx.,
 * lq/stq): fills cpu->fault and returns PPC_EXIT_ALIGNMENT if misaligned. */
static inline int ppc_check_align(struct ppc_cpu *cpu, uint64_t ea,
                                  unsigned size, enum ppc_access acc)
{
    if (__builtin_expect((ea & (size - 1)) != 0, 0)) {
        cpu->fault.ea = ea;
        cpu->fault.access = acc;
        cpu->fault.err = 0;
        return PPC_EXIT_ALIGNMENT;
    }
    return 0;
}

#endif
