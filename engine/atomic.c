/* engine/atomic.c: load-and-reserve / store-conditional of 1, 2, 4, 8 and
 * 16 bytes (Book II 4.4.2). The reservation remembers the host address and
 * the value the larx saw; stcx. succeeds when it still holds that address
 * and a host compare-and-swap against the value succeeds, so it works
 * across vCPU threads. EA must be aligned (alignment interrupt). Rows:
 * insn-ldst.def. */
#include <string.h>

#include "sem.h"

static inline uint64_t ea_x(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, ppc_ra0(cpu, d->ra) + cpu->gpr[d->rb]);
}

static int larx(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned size)
{
    uint64_t ea = ea_x(cpu, d);
    PPC_TRY(ppc_check_align(cpu, ea, size, PPC_ACC_READ));
    void *h = ppc_host_addr(cpu, ea, size, PPC_ACC_READ);
    if (!h)
        return ppc_raise(cpu, d, PPC_EXIT_DATA_FAULT, 0);
    unsigned __int128 raw = 0;
    switch (size) {
    case 1: raw = __atomic_load_n((uint8_t *)h, __ATOMIC_ACQUIRE); break;
    case 2: raw = __atomic_load_n((uint16_t *)h, __ATOMIC_ACQUIRE); break;
    case 4: raw = __atomic_load_n((uint32_t *)h, __ATOMIC_ACQUIRE); break;
    case 8: raw = __atomic_load_n((uint64_t *)h, __ATOMIC_ACQUIRE); break;
    default: {
        /* A 16-byte atomic read: compare-and-swap with itself. */
        unsigned __int128 *p = h;
        raw = __sync_val_compare_and_swap(p, (unsigned __int128)0, (unsigned __int128)0);
        break;
    }
    }
    cpu->resv.ea = ea;
    cpu->resv.size = (uint8_t)size;
    cpu->resv.host = h;
    cpu->resv.value = raw;
    bool le = ppc_le(cpu);
    switch (size) {
    case 1: GPR(RT) = (uint8_t)raw; break;
    case 2: GPR(RT) = le ? (uint16_t)raw : __builtin_bswap16((uint16_t)raw); break;
    case 4: GPR(RT) = le ? (uint32_t)raw : __builtin_bswap32((uint32_t)raw); break;
    case 8: GPR(RT) = le ? (uint64_t)raw : __builtin_bswap64((uint64_t)raw); break;
    default: {
        unsigned __int128 v = le ? raw : ppc_bswap128(raw);
        GPR(RT) = (uint64_t)(v >> 64);
        GPR(RT + 1) = (uint64_t)v;
        break;
    }
    }
    return 0;
}

static int stcx(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned size)
{
    uint64_t ea = ea_x(cpu, d);
    PPC_TRY(ppc_check_align(cpu, ea, size, PPC_ACC_WRITE));
    void *h = ppc_host_addr(cpu, ea, size, PPC_ACC_WRITE);
    if (!h)
        return ppc_raise(cpu, d, PPC_EXIT_DATA_FAULT, 0);
    bool ok = false;
    if (cpu->resv.ea == ea && cpu->resv.size == size && cpu->resv.host == h) {
        bool le = ppc_le(cpu);
        uint64_t v = GPR(RT);
        unsigned __int128 old = cpu->resv.value;
        switch (size) {
        case 1: {
            uint8_t e = (uint8_t)old, n = (uint8_t)v;
            ok = __atomic_compare_exchange_n((uint8_t *)h, &e, n, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            break;
        }
        case 2: {
            uint16_t e = (uint16_t)old, n = le ? (uint16_t)v : __builtin_bswap16((uint16_t)v);
            ok = __atomic_compare_exchange_n((uint16_t *)h, &e, n, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            break;
        }
        case 4: {
            uint32_t e = (uint32_t)old, n = le ? (uint32_t)v : __builtin_bswap32((uint32_t)v);
            ok = __atomic_compare_exchange_n((uint32_t *)h, &e, n, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            break;
        }
        case 8: {
            uint64_t e = (uint64_t)old, n = le ? v : __builtin_bswap64(v);
            ok = __atomic_compare_exchange_n((uint64_t *)h, &e, n, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            break;
        }
        default: {
            unsigned __int128 n = ((unsigned __int128)GPR(RT) << 64) | GPR((RT + 1) & 31);
            if (!le)
                n = ppc_bswap128(n);
            ok = __sync_bool_compare_and_swap((unsigned __int128 *)h, old, n);
            break;
        }
        }
    }
    cpu->resv.ea = PPC_RESV_NONE;
    ppc_host_write_done(cpu);
    ppc_cr_set(cpu, 0, (ok ? 2 : 0) | cpu->xer.so);
    return 0;
}

PPC_EXEC(lbarx) { return larx(cpu, d, 1); }
PPC_EXEC(lharx) { return larx(cpu, d, 2); }
PPC_EXEC(lwarx) { return larx(cpu, d, 4); }
PPC_EXEC(ldarx) { return larx(cpu, d, 8); }
PPC_EXEC(lqarx) { return larx(cpu, d, 16); }
PPC_EXEC(stbcx) { return stcx(cpu, d, 1); }
PPC_EXEC(sthcx) { return stcx(cpu, d, 2); }
PPC_EXEC(stwcx) { return stcx(cpu, d, 4); }
PPC_EXEC(stdcx) { return stcx(cpu, d, 8); }
PPC_EXEC(stqcx) { return stcx(cpu, d, 16); }
