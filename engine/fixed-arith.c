/* engine/fixed-arith.c: semantics of the fixed-point arithmetic
 * instructions (Power ISA Book I 3.3.9-3.3.10): add/subtract with XER
 * CA/CA32/OV/OV32/SO, multiply, divide (incl. extended), modulo,
 * multiply-add, compares, isel. Rows: insn-fixed.def. */
#include "sem.h"

/* RT <- a + b + cin; CA/CA32 when setca, OV/OV32 when OE. */
static inline uint64_t add3(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                            uint64_t a, uint64_t b, unsigned cin, bool setca)
{
    uint64_t r = a + b + cin;
    if (setca) {
        unsigned __int128 w = (unsigned __int128)a + b + cin;
        unsigned ca32 = (unsigned)((((a & 0xffffffffull) + (b & 0xffffffffull) + cin)) >> 32);
        cpu->xer.ca = ppc_sf(cpu) ? (unsigned)(w >> 64) : ca32;
        cpu->xer.ca32 = ca32;
    }
    if (d->dflags & PPC_DF_OE) {
        bool ov64 = ((a ^ r) & (b ^ r)) >> 63;
        bool ov32 = (((a ^ r) & (b ^ r)) >> 31) & 1;
        ppc_set_ov(cpu, ppc_sf(cpu) ? ov64 : ov32, ov32);
    }
    return r;
}

static inline int finish(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                         uint64_t r)
{
    GPR(RT) = r;
    if (RCBIT)
        ppc_set_cr0(cpu, r);
    return 0;
}

PPC_EXEC(addi) { GPR(RT) = ppc_ra0(cpu, RA) + (uint64_t)IMM; return 0; }
PPC_EXEC(addis) { GPR(RT) = ppc_ra0(cpu, RA) + ((uint64_t)IMM << 16); return 0; }

PPC_EXEC(addic)
{
    GPR(RT) = add3(cpu, d, GPR(RA), (uint64_t)IMM, 0, true);
    return 0;
}

PPC_EXEC(addic_rc)
{
    uint64_t r = add3(cpu, d, GPR(RA), (uint64_t)IMM, 0, true);
    GPR(RT) = r;
    ppc_set_cr0(cpu, r);
    return 0;
}

PPC_EXEC(subfic)
{
    GPR(RT) = add3(cpu, d, ~GPR(RA), (uint64_t)IMM, 1, true);
    return 0;
}

PPC_EXEC(mulli) { GPR(RT) = GPR(RA) * (uint64_t)IMM; return 0; }

PPC_EXEC(add) { return finish(cpu, d, add3(cpu, d, GPR(RA), GPR(RB), 0, false)); }
PPC_EXEC(addc) { return finish(cpu, d, add3(cpu, d, GPR(RA), GPR(RB), 0, true)); }
PPC_EXEC(adde) { return finish(cpu, d, add3(cpu, d, GPR(RA), GPR(RB), cpu->xer.ca, true)); }
PPC_EXEC(addme) { return finish(cpu, d, add3(cpu, d, GPR(RA), ~0ull, cpu->xer.ca, true)); }
PPC_EXEC(addze) { return finish(cpu, d, add3(cpu, d, GPR(RA), 0, cpu->xer.ca, true)); }
PPC_EXEC(subf) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), GPR(RB), 1, false)); }
PPC_EXEC(subfc) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), GPR(RB), 1, true)); }
PPC_EXEC(subfe) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), GPR(RB), cpu->xer.ca, true)); }
PPC_EXEC(subfme) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), ~0ull, cpu->xer.ca, true)); }
PPC_EXEC(subfze) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), 0, cpu->xer.ca, true)); }
PPC_EXEC(neg) { return finish(cpu, d, add3(cpu, d, ~GPR(RA), 0, 1, false)); }

/* addex with CY=0: carry in and out through OV (ISA 3.0 3.3.9). Other CY
 * values are reserved: illegal. */
PPC_EXEC(addex)
{
    unsigned cy = PPC_FIELD(d->word, 21, 22);
    if (cy != 0)
        return ppc_raise(cpu, d, PPC_EXIT_ILLEGAL, 0);
    uint64_t a = GPR(RA), b = GPR(RB);
    unsigned cin = cpu->xer.ov;
    unsigned __int128 w = (unsigned __int128)a + b + cin;
    cpu->xer.ov = (unsigned)(w >> 64);
    cpu->xer.ov32 = (unsigned)(((a & 0xffffffffull) + (b & 0xffffffffull) + cin) >> 32);
    GPR(RT) = (uint64_t)w;
    return 0;
}

/* Decimal assist: 6 in each nibble with no carry out. */
PPC_EXEC(addg6s)
{
    uint64_t a = GPR(RA), b = GPR(RB), r = 0;
    unsigned __int128 s = (unsigned __int128)a + b;
    /* carry into bit position k: (a ^ b ^ sum) bit k; carry out of nibble i
     * (bits 4i..4i+3 from the right) is the carry into bit 4i+4. */
    unsigned __int128 c = ((unsigned __int128)a ^ b ^ s);
    for (unsigned i = 0; i < 16; i++)
        if (!((c >> (4 * i + 4)) & 1))
            r |= 6ull << (4 * i);
    GPR(RT) = r;
    return 0;
}

PPC_EXEC(mullw)
{
    int64_t p = (int64_t)(int32_t)GPR(RA) * (int64_t)(int32_t)GPR(RB);
    if (OEBIT) {
        bool ov = p != (int64_t)(int32_t)p;
        ppc_set_ov(cpu, ov, ov);
    }
    return finish(cpu, d, (uint64_t)p);
}

PPC_EXEC(mulld)
{
    __int128 p = (__int128)(int64_t)GPR(RA) * (int64_t)GPR(RB);
    if (OEBIT) {
        bool ov = p != (__int128)(int64_t)p;
        ppc_set_ov(cpu, ov, ov);
    }
    return finish(cpu, d, (uint64_t)p);
}

/* mulhw/mulhwu: RT[32:63] is the high word; RT[0:31] is undefined and
 * set to a copy of it, as POWER hardware does. */
PPC_EXEC(mulhw)
{
    int64_t p = (int64_t)(int32_t)GPR(RA) * (int64_t)(int32_t)GPR(RB);
    uint64_t hi = (uint32_t)((uint64_t)p >> 32);
    return finish(cpu, d, hi | (hi << 32));
}

PPC_EXEC(mulhwu)
{
    uint64_t p = (uint64_t)(uint32_t)GPR(RA) * (uint32_t)GPR(RB);
    uint64_t hi = p >> 32;
    return finish(cpu, d, hi | (hi << 32));
}

PPC_EXEC(mulhd)
{
    __int128 p = (__int128)(int64_t)GPR(RA) * (int64_t)GPR(RB);
    return finish(cpu, d, (uint64_t)((unsigned __int128)p >> 64));
}

PPC_EXEC(mulhdu)
{
    unsigned __int128 p = (unsigned __int128)GPR(RA) * GPR(RB);
    return finish(cpu, d, (uint64_t)(p >> 64));
}

/* Divides: on overflow/division by zero the quotient is undefined (set
 * to 0 here) and OV is set if OE=1. 32-bit forms put the quotient in
 * RT[32:63]; RT[0:31] is undefined (zero here). */
static int div_ov(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t q,
                  bool ov)
{
    if (OEBIT)
        ppc_set_ov(cpu, ov, ov);
    return finish(cpu, d, ov ? 0 : q);
}

PPC_EXEC(divw)
{
    int32_t a = (int32_t)GPR(RA), b = (int32_t)GPR(RB);
    bool ov = b == 0 || (a == INT32_MIN && b == -1);
    return div_ov(cpu, d, ov ? 0 : (uint32_t)(a / b), ov);
}

PPC_EXEC(divwu)
{
    uint32_t a = (uint32_t)GPR(RA), b = (uint32_t)GPR(RB);
    bool ov = b == 0;
    return div_ov(cpu, d, ov ? 0 : a / b, ov);
}

PPC_EXEC(divd)
{
    int64_t a = (int64_t)GPR(RA), b = (int64_t)GPR(RB);
    bool ov = b == 0 || (a == INT64_MIN && b == -1);
    return div_ov(cpu, d, ov ? 0 : (uint64_t)(a / b), ov);
}

PPC_EXEC(divdu)
{
    uint64_t a = GPR(RA), b = GPR(RB);
    bool ov = b == 0;
    return div_ov(cpu, d, ov ? 0 : a / b, ov);
}

PPC_EXEC(divwe)
{
    int64_t a = (int64_t)((uint64_t)(uint32_t)GPR(RA) << 32);
    int64_t b = (int32_t)GPR(RB);
    bool ov = b == 0 || (a == INT64_MIN && b == -1);
    int64_t q = ov ? 0 : a / b;
    if (!ov && q != (int64_t)(int32_t)q)
        ov = true;
    return div_ov(cpu, d, ov ? 0 : (uint32_t)q, ov);
}

PPC_EXEC(divweu)
{
    uint64_t a = (uint64_t)(uint32_t)GPR(RA) << 32;
    uint64_t b = (uint32_t)GPR(RB);
    bool ov = b == 0;
    uint64_t q = ov ? 0 : a / b;
    if (!ov && q > 0xffffffffull)
        ov = true;
    return div_ov(cpu, d, ov ? 0 : q, ov);
}

PPC_EXEC(divde)
{
    __int128 a = (__int128)((unsigned __int128)GPR(RA) << 64);
    __int128 b = (int64_t)GPR(RB);
    /* INT128_MIN / -1 would be undefined on the host: it overflows. */
    bool ov = b == 0 || (b == -1 && GPR(RA) == (1ull << 63));
    __int128 q = 0;
    if (!ov) {
        q = a / b;
        if (q != (__int128)(int64_t)q)
            ov = true;
    }
    return div_ov(cpu, d, ov ? 0 : (uint64_t)q, ov);
}

PPC_EXEC(divdeu)
{
    unsigned __int128 a = (unsigned __int128)GPR(RA) << 64;
    uint64_t b = GPR(RB);
    bool ov = b == 0 || GPR(RA) >= b;
    return div_ov(cpu, d, ov ? 0 : (uint64_t)(a / b), ov);
}

/* Modulo (ISA 3.0): undefined cases give 0. */
PPC_EXEC(modsw)
{
    int32_t a = (int32_t)GPR(RA), b = (int32_t)GPR(RB);
    GPR(RT) = (b == 0 || (a == INT32_MIN && b == -1)) ? 0
                                                      : (uint64_t)(int64_t)(a % b);
    return 0;
}

PPC_EXEC(moduw)
{
    uint32_t a = (uint32_t)GPR(RA), b = (uint32_t)GPR(RB);
    GPR(RT) = b == 0 ? 0 : a % b;
    return 0;
}

PPC_EXEC(modsd)
{
    int64_t a = (int64_t)GPR(RA), b = (int64_t)GPR(RB);
    GPR(RT) = (b == 0 || (a == INT64_MIN && b == -1)) ? 0 : (uint64_t)(a % b);
    return 0;
}

PPC_EXEC(modud)
{
    uint64_t a = GPR(RA), b = GPR(RB);
    GPR(RT) = b == 0 ? 0 : a % b;
    return 0;
}

PPC_EXEC(maddhd)
{
    __int128 p = (__int128)(int64_t)GPR(RA) * (int64_t)GPR(RB) + (int64_t)GPR(RC);
    GPR(RT) = (uint64_t)((unsigned __int128)p >> 64);
    return 0;
}

PPC_EXEC(maddhdu)
{
    unsigned __int128 p = (unsigned __int128)GPR(RA) * GPR(RB) + GPR(RC);
    GPR(RT) = (uint64_t)(p >> 64);
    return 0;
}

PPC_EXEC(maddld)
{
    GPR(RT) = GPR(RA) * GPR(RB) + GPR(RC);
    return 0;
}

/* ---- compares ---------------------------------------------------------- */

static inline void cmp_signed(struct ppc_cpu *cpu, unsigned bf, int64_t a, int64_t b)
{
    ppc_cr_set(cpu, bf, (a < b ? 8 : a > b ? 4 : 2) | cpu->xer.so);
}

static inline void cmp_unsigned(struct ppc_cpu *cpu, unsigned bf, uint64_t a, uint64_t b)
{
    ppc_cr_set(cpu, bf, (a < b ? 8 : a > b ? 4 : 2) | cpu->xer.so);
}

PPC_EXEC(cmpi)
{
    if (RT & 1)
        cmp_signed(cpu, RT >> 2, (int64_t)GPR(RA), IMM);
    else
        cmp_signed(cpu, RT >> 2, (int32_t)GPR(RA), IMM);
    return 0;
}

PPC_EXEC(cmpli)
{
    if (RT & 1)
        cmp_unsigned(cpu, RT >> 2, GPR(RA), (uint64_t)IMM);
    else
        cmp_unsigned(cpu, RT >> 2, (uint32_t)GPR(RA), (uint64_t)IMM);
    return 0;
}

PPC_EXEC(cmp)
{
    if (RT & 1)
        cmp_signed(cpu, RT >> 2, (int64_t)GPR(RA), (int64_t)GPR(RB));
    else
        cmp_signed(cpu, RT >> 2, (int32_t)GPR(RA), (int32_t)GPR(RB));
    return 0;
}

PPC_EXEC(cmpl)
{
    if (RT & 1)
        cmp_unsigned(cpu, RT >> 2, GPR(RA), GPR(RB));
    else
        cmp_unsigned(cpu, RT >> 2, (uint32_t)GPR(RA), (uint32_t)GPR(RB));
    return 0;
}

PPC_EXEC(cmprb)
{
    uint8_t x = (uint8_t)GPR(RA);
    uint64_t b = GPR(RB);
    /* ranges [RB[56:63], RB[48:55]] and, for L=1, [RB[40:47], RB[32:39]] */
    bool in = x >= (uint8_t)b && x <= (uint8_t)(b >> 8);
    if (RT & 1)
        in = in || (x >= (uint8_t)(b >> 16) && x <= (uint8_t)(b >> 24));
    ppc_cr_set(cpu, RT >> 2, in ? 4 : 0);
    return 0;
}

PPC_EXEC(cmpeqb)
{
    uint8_t x = (uint8_t)GPR(RA);
    uint64_t b = GPR(RB);
    bool eq = false;
    for (unsigned i = 0; i < 8; i++)
        if ((uint8_t)(b >> (8 * i)) == x)
            eq = true;
    ppc_cr_set(cpu, RT >> 2, eq ? 4 : 0);
    return 0;
}

PPC_EXEC(isel)
{
    GPR(RT) = ppc_crbit_get(cpu, RC) ? ppc_ra0(cpu, RA) : GPR(RB);
    return 0;
}
