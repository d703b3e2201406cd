/* engine/fixed-logic.c: semantics of the fixed-point logical, bit
 * manipulation, rotate and shift instructions, the CR/XER "set" forms,
 * darn and the traps (Power ISA Book I 3.3.11-3.3.15). Rows:
 * insn-fixed.def. */
#include "sem.h"

static inline int done_ra(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                          uint64_t r)
{
    GPR(RA) = r;
    if (RCBIT)
        ppc_set_cr0(cpu, r);
    return 0;
}

PPC_EXEC(ori) { GPR(RA) = GPR(RT) | (uint64_t)IMM; return 0; }
PPC_EXEC(oris) { GPR(RA) = GPR(RT) | ((uint64_t)IMM << 16); return 0; }
PPC_EXEC(xori) { GPR(RA) = GPR(RT) ^ (uint64_t)IMM; return 0; }
PPC_EXEC(xoris) { GPR(RA) = GPR(RT) ^ ((uint64_t)IMM << 16); return 0; }
PPC_EXEC(andi_rc)
{
    uint64_t r = GPR(RT) & (uint64_t)IMM;
    GPR(RA) = r;
    ppc_set_cr0(cpu, r);
    return 0;
}
PPC_EXEC(andis_rc)
{
    uint64_t r = GPR(RT) & ((uint64_t)IMM << 16);
    GPR(RA) = r;
    ppc_set_cr0(cpu, r);
    return 0;
}

PPC_EXEC(and) { return done_ra(cpu, d, GPR(RT) & GPR(RB)); }
PPC_EXEC(andc) { return done_ra(cpu, d, GPR(RT) & ~GPR(RB)); }
PPC_EXEC(or) { return done_ra(cpu, d, GPR(RT) | GPR(RB)); }
PPC_EXEC(orc) { return done_ra(cpu, d, GPR(RT) | ~GPR(RB)); }
PPC_EXEC(xor) { return done_ra(cpu, d, GPR(RT) ^ GPR(RB)); }
PPC_EXEC(nand) { return done_ra(cpu, d, ~(GPR(RT) & GPR(RB))); }
PPC_EXEC(nor) { return done_ra(cpu, d, ~(GPR(RT) | GPR(RB))); }
PPC_EXEC(eqv) { return done_ra(cpu, d, ~(GPR(RT) ^ GPR(RB))); }
PPC_EXEC(extsb) { return done_ra(cpu, d, (uint64_t)(int64_t)(int8_t)GPR(RT)); }
PPC_EXEC(extsh) { return done_ra(cpu, d, (uint64_t)(int64_t)(int16_t)GPR(RT)); }
PPC_EXEC(extsw) { return done_ra(cpu, d, (uint64_t)(int64_t)(int32_t)GPR(RT)); }

PPC_EXEC(cntlzw)
{
    uint32_t x = (uint32_t)GPR(RT);
    return done_ra(cpu, d, x ? (uint64_t)__builtin_clz(x) : 32);
}
PPC_EXEC(cntlzd)
{
    uint64_t x = GPR(RT);
    return done_ra(cpu, d, x ? (uint64_t)__builtin_clzll(x) : 64);
}
PPC_EXEC(cnttzw)
{
    uint32_t x = (uint32_t)GPR(RT);
    return done_ra(cpu, d, x ? (uint64_t)__builtin_ctz(x) : 32);
}
PPC_EXEC(cnttzd)
{
    uint64_t x = GPR(RT);
    return done_ra(cpu, d, x ? (uint64_t)__builtin_ctzll(x) : 64);
}

PPC_EXEC(popcntb)
{
    uint64_t x = GPR(RT), r = 0;
    for (unsigned i = 0; i < 8; i++)
        r |= (uint64_t)__builtin_popcount((unsigned)(x >> (8 * i)) & 0xff) << (8 * i);
    GPR(RA) = r;
    return 0;
}
PPC_EXEC(popcntw)
{
    uint64_t x = GPR(RT);
    GPR(RA) = (uint64_t)__builtin_popcount((uint32_t)x) |
              ((uint64_t)__builtin_popcount((uint32_t)(x >> 32)) << 32);
    return 0;
}
PPC_EXEC(popcntd) { GPR(RA) = (uint64_t)__builtin_popcountll(GPR(RT)); return 0; }

PPC_EXEC(prtyw)
{
    uint64_t x = GPR(RT) & 0x0101010101010101ull;
    uint64_t lo = (x ^ (x >> 8) ^ (x >> 16) ^ (x >> 24)) & 1;
    uint64_t hi = ((x >> 32) ^ (x >> 40) ^ (x >> 48) ^ (x >> 56)) & 1;
    GPR(RA) = lo | (hi << 32);
    return 0;
}
PPC_EXEC(prtyd)
{
    uint64_t x = GPR(RT) & 0x0101010101010101ull;
    GPR(RA) = (uint64_t)(__builtin_popcountll(x) & 1);
    return 0;
}

PPC_EXEC(cmpb)
{
    uint64_t a = GPR(RT), b = GPR(RB), r = 0;
    for (unsigned i = 0; i < 8; i++)
        if (((a ^ b) >> (8 * i) & 0xff) == 0)
            r |= 0xffull << (8 * i);
    GPR(RA) = r;
    return 0;
}

PPC_EXEC(bpermd)
{
    uint64_t s = GPR(RT), b = GPR(RB), r = 0;
    for (unsigned i = 0; i < 8; i++) {
        unsigned idx = (s >> (56 - 8 * i)) & 0xff;   /* byte i, ISA order */
        if (idx < 64 && ((b >> (63 - idx)) & 1))
            r |= 1ull << (7 - i);
    }
    GPR(RA) = r;
    return 0;
}

PPC_EXEC(brh)
{
    uint64_t x = GPR(RT);
    GPR(RA) = ((x & 0x00ff00ff00ff00ffull) << 8) | ((x >> 8) & 0x00ff00ff00ff00ffull);
    return 0;
}
PPC_EXEC(brw)
{
    uint64_t x = GPR(RT);
    GPR(RA) = (uint64_t)__builtin_bswap32((uint32_t)x) |
              ((uint64_t)__builtin_bswap32((uint32_t)(x >> 32)) << 32);
    return 0;
}
PPC_EXEC(brd) { GPR(RA) = __builtin_bswap64(GPR(RT)); return 0; }

static uint64_t pext64(uint64_t s, uint64_t m)
{
    uint64_t r = 0;
    unsigned k = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((m >> i) & 1)
            r |= ((s >> i) & 1) << k++;
    return r;
}

static uint64_t pdep64(uint64_t s, uint64_t m)
{
    uint64_t r = 0;
    unsigned k = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((m >> i) & 1)
            r |= ((s >> k++) & 1) << i;
    return r;
}

PPC_EXEC(pextd) { GPR(RA) = pext64(GPR(RT), GPR(RB)); return 0; }
PPC_EXEC(pdepd) { GPR(RA) = pdep64(GPR(RT), GPR(RB)); return 0; }

/* Centrifuge: bits under mask 0 to the left, under mask 1 to the right,
 * each group keeping its order. */
PPC_EXEC(cfuged)
{
    uint64_t s = GPR(RT), m = GPR(RB);
    unsigned ones = (unsigned)__builtin_popcountll(m);
    uint64_t right = pext64(s, m);
    uint64_t left = pext64(s, ~m);
    GPR(RA) = ones == 64 ? right : (left << ones) | right;
    return 0;
}

PPC_EXEC(cntlzdm)
{
    uint64_t m = GPR(RB);
    unsigned n = (unsigned)__builtin_popcountll(m);
    uint64_t x = pext64(GPR(RT), m);
    /* x holds n meaningful bits; count leading zeros among them. */
    GPR(RA) = x ? (uint64_t)(__builtin_clzll(x) - (64 - n)) : n;
    return 0;
}

PPC_EXEC(cnttzdm)
{
    uint64_t m = GPR(RB);
    unsigned n = (unsigned)__builtin_popcountll(m);
    uint64_t x = pext64(GPR(RT), m);
    GPR(RA) = x ? (uint64_t)__builtin_ctzll(x) : n;
    return 0;
}

/* ---- shifts ------------------------------------------------------------ */

PPC_EXEC(slw)
{
    unsigned n = GPR(RB) & 0x3f;
    return done_ra(cpu, d, n < 32 ? (uint32_t)((uint32_t)GPR(RT) << n) : 0);
}
PPC_EXEC(srw)
{
    unsigned n = GPR(RB) & 0x3f;
    return done_ra(cpu, d, n < 32 ? (uint32_t)GPR(RT) >> n : 0);
}
PPC_EXEC(sld)
{
    unsigned n = GPR(RB) & 0x7f;
    return done_ra(cpu, d, n < 64 ? GPR(RT) << n : 0);
}
PPC_EXEC(srd)
{
    unsigned n = GPR(RB) & 0x7f;
    return done_ra(cpu, d, n < 64 ? GPR(RT) >> n : 0);
}

static int sraw_n(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned n)
{
    int32_t s = (int32_t)GPR(RT);
    int64_t r;
    bool ca;
    if (n < 32) {
        r = (int64_t)(s >> n);
        ca = s < 0 && n && ((uint32_t)s & ((1u << n) - 1));
    } else {
        r = s < 0 ? -1 : 0;
        ca = s < 0;
    }
    cpu->xer.ca = cpu->xer.ca32 = ca;
    return done_ra(cpu, d, (uint64_t)r);
}
PPC_EXEC(sraw) { return sraw_n(cpu, d, GPR(RB) & 0x3f); }
PPC_EXEC(srawi) { return sraw_n(cpu, d, RB); }

static int srad_n(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned n)
{
    int64_t s = (int64_t)GPR(RT);
    int64_t r;
    bool ca;
    if (n < 64) {
        r = s >> n;
        ca = s < 0 && n && ((uint64_t)s & ((1ull << n) - 1));
    } else {
        r = s < 0 ? -1 : 0;
        ca = s < 0;
    }
    cpu->xer.ca = cpu->xer.ca32 = ca;
    return done_ra(cpu, d, (uint64_t)r);
}
PPC_EXEC(srad) { return srad_n(cpu, d, GPR(RB) & 0x7f); }
PPC_EXEC(sradi) { return srad_n(cpu, d, RB); }

PPC_EXEC(extswsli)
{
    return done_ra(cpu, d, (uint64_t)(int64_t)(int32_t)GPR(RT) << RB);
}

/* ---- rotates ----------------------------------------------------------- */

/* MASK(b, e) in ISA bit numbering (bit 0 = MSB), wrapping when b > e. */
static inline uint64_t ppc_mask(unsigned b, unsigned e)
{
    uint64_t mb = ~0ull >> b;
    uint64_t me = ~0ull << (63 - e);
    return b <= e ? (mb & me) : (mb | me);
}

static inline uint64_t rotl64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x << n) | (x >> (64 - n)) : x;
}

static inline uint64_t rotl32x2(uint64_t x, unsigned n)
{
    uint32_t w = (uint32_t)x;
    n &= 31;
    uint32_t r = n ? (w << n) | (w >> (32 - n)) : w;
    return (uint64_t)r | ((uint64_t)r << 32);
}

PPC_EXEC(rlwinm)
{
    uint64_t m = ppc_mask(RC + 32, (unsigned)IMM + 32);
    return done_ra(cpu, d, rotl32x2(GPR(RT), RB) & m);
}
PPC_EXEC(rlwnm)
{
    uint64_t m = ppc_mask(RC + 32, (unsigned)IMM + 32);
    return done_ra(cpu, d, rotl32x2(GPR(RT), GPR(RB) & 31) & m);
}
PPC_EXEC(rlwimi)
{
    uint64_t m = ppc_mask(RC + 32, (unsigned)IMM + 32);
    return done_ra(cpu, d, (rotl32x2(GPR(RT), RB) & m) | (GPR(RA) & ~m));
}
PPC_EXEC(rldicl) { return done_ra(cpu, d, rotl64(GPR(RT), RB) & ppc_mask(RC, 63)); }
PPC_EXEC(rldicr) { return done_ra(cpu, d, rotl64(GPR(RT), RB) & ppc_mask(0, RC)); }
PPC_EXEC(rldic) { return done_ra(cpu, d, rotl64(GPR(RT), RB) & ppc_mask(RC, 63 - RB)); }
PPC_EXEC(rldimi)
{
    uint64_t m = ppc_mask(RC, 63 - RB);
    return done_ra(cpu, d, (rotl64(GPR(RT), RB) & m) | (GPR(RA) & ~m));
}
PPC_EXEC(rldcl) { return done_ra(cpu, d, rotl64(GPR(RT), GPR(RB) & 63) & ppc_mask(RC, 63)); }
PPC_EXEC(rldcr) { return done_ra(cpu, d, rotl64(GPR(RT), GPR(RB) & 63) & ppc_mask(0, RC)); }

/* ---- CR / XER sets ----------------------------------------------------- */

PPC_EXEC(mcrxrx)
{
    ppc_cr_set(cpu, RT >> 2, (cpu->xer.ov << 3) | (cpu->xer.ov32 << 2) |
                             (cpu->xer.ca << 1) | cpu->xer.ca32);
    return 0;
}

PPC_EXEC(setb)
{
    uint32_t f = ppc_cr_get(cpu, RA >> 2);
    GPR(RT) = (f & 8) ? ~0ull : (f & 4) ? 1 : 0;
    return 0;
}

PPC_EXEC(setbc) { GPR(RT) = ppc_crbit_get(cpu, RA); return 0; }
PPC_EXEC(setbcr) { GPR(RT) = !ppc_crbit_get(cpu, RA); return 0; }
PPC_EXEC(setnbc) { GPR(RT) = ppc_crbit_get(cpu, RA) ? ~0ull : 0; return 0; }
PPC_EXEC(setnbcr) { GPR(RT) = ppc_crbit_get(cpu, RA) ? 0 : ~0ull; return 0; }

/* darn L: 0 = 32-bit conditioned, 1 = 64-bit conditioned, 2 = raw; the
 * error value (all ones) is returned when no random number is available
 * (ISA 3.0 3.3.16; L=3 is reserved and also gives the error value). */
PPC_EXEC(darn)
{
    uint64_t v = ~0ull;
    unsigned l = (unsigned)IMM;
    if (l < 3 && cpu->env->random) {
        for (int tries = 0; tries < 4; tries++) {
            uint64_t x;
            if (cpu->env->random(cpu->env_opaque, &x, sizeof(x)) < 0)
                break;
            if (l == 0)
                x = (uint32_t)x;
            if (x != (l == 0 ? 0xffffffffull : ~0ull)) {
                v = x;
                break;
            }
        }
    }
    if (l == 0 && v == ~0ull)
        v = 0xffffffffull;
    GPR(RT) = v;
    return 0;
}

/* ---- traps ------------------------------------------------------------- */

static bool trap_cond(unsigned to, int64_t a, int64_t b)
{
    return ((to & 16) && a < b) || ((to & 8) && a > b) || ((to & 4) && a == b) ||
           ((to & 2) && (uint64_t)a < (uint64_t)b) ||
           ((to & 1) && (uint64_t)a > (uint64_t)b);
}

PPC_EXEC(tw)
{
    if (trap_cond(RT, (int32_t)GPR(RA), (int32_t)GPR(RB)))
        return ppc_raise(cpu, d, PPC_EXIT_TRAP, RT);
    return 0;
}
PPC_EXEC(twi)
{
    if (trap_cond(RT, (int32_t)GPR(RA), (int32_t)IMM))
        return ppc_raise(cpu, d, PPC_EXIT_TRAP, RT);
    return 0;
}
PPC_EXEC(td)
{
    if (trap_cond(RT, (int64_t)GPR(RA), (int64_t)GPR(RB)))
        return ppc_raise(cpu, d, PPC_EXIT_TRAP, RT);
    return 0;
}
PPC_EXEC(tdi)
{
    if (trap_cond(RT, (int64_t)GPR(RA), IMM))
        return ppc_raise(cpu, d, PPC_EXIT_TRAP, RT);
    return 0;
}

/* ---- decimal conversion assists (Book I 3.3.15): DPD declets <-> BCD --- */

/* Densely packed decimal declet (10 bits) to three BCD digits. */
static uint32_t dpd_to_bcd(uint32_t v)
{
    unsigned b[10];
    for (unsigned i = 0; i < 10; i++)
        b[i] = (v >> i) & 1;
    unsigned d2, d1, d0;
    unsigned hi = (b[9] << 2) | (b[8] << 1) | b[7], mid = (b[6] << 2) | (b[5] << 1) | b[4];
    unsigned lo = (b[2] << 2) | (b[1] << 1) | b[0];
    unsigned b98 = (b[9] << 1) | b[8], b65 = (b[6] << 1) | b[5];
    if (!b[3]) {
        d2 = hi; d1 = mid; d0 = lo;
    } else {
        switch ((b[2] << 1) | b[1]) {
        case 0: d2 = hi; d1 = mid; d0 = 8 | b[0]; break;
        case 1: d2 = hi; d1 = 8 | b[4]; d0 = (b65 << 1) | b[0]; break;
        case 2: d2 = 8 | b[7]; d1 = mid; d0 = (b98 << 1) | b[0]; break;
        default:
            switch (b65) {
            case 0: d2 = 8 | b[7]; d1 = 8 | b[4]; d0 = (b98 << 1) | b[0]; break;
            case 1: d2 = 8 | b[7]; d1 = (b98 << 1) | b[4]; d0 = 8 | b[0]; break;
            case 2: d2 = hi; d1 = 8 | b[4]; d0 = 8 | b[0]; break;
            default: d2 = 8 | b[7]; d1 = 8 | b[4]; d0 = 8 | b[0]; break;
            }
        }
    }
    return (d2 << 8) | (d1 << 4) | d0;
}

/* Three BCD digits (only the low 4 bits of each, as given) to a declet. */
static uint32_t bcd_to_dpd(uint32_t v)
{
    unsigned d2 = (v >> 8) & 0xf, d1 = (v >> 4) & 0xf, d0 = v & 0xf;
    unsigned l2 = d2 >> 3, l1 = d1 >> 3, l0 = d0 >> 3;
    unsigned r;
    switch ((l2 << 2) | (l1 << 1) | l0) {
    case 0: r = (d2 << 7) | (d1 << 4) | d0; break;
    case 1: r = (d2 << 7) | (d1 << 4) | 8 | (d0 & 1); break;
    case 2: r = (d2 << 7) | (((d0 >> 1) & 3) << 5) | ((d1 & 1) << 4) | 0xa | (d0 & 1); break;
    case 4: r = (((d0 >> 1) & 3) << 8) | ((d2 & 1) << 7) | (d1 << 4) | 0xc | (d0 & 1); break;
    case 6: r = (((d0 >> 1) & 3) << 8) | ((d2 & 1) << 7) | ((d1 & 1) << 4) | 0xe | (d0 & 1); break;
    case 5: r = (((d1 >> 1) & 3) << 8) | ((d2 & 1) << 7) | (1 << 5) | ((d1 & 1) << 4) | 0xe | (d0 & 1); break;
    case 3: r = (d2 << 7) | (2 << 5) | ((d1 & 1) << 4) | 0xe | (d0 & 1); break;
    default: r = ((d2 & 1) << 7) | (3 << 5) | ((d1 & 1) << 4) | 0xe | (d0 & 1); break;
    }
    return r & 0x3ff;
}

PPC_EXEC(cdtbcd)
{
    uint64_t s = GPR(RT), r = 0;
    for (unsigned w = 0; w < 2; w++) {
        uint32_t x = (uint32_t)(s >> (32 * w));
        uint32_t y = (dpd_to_bcd((x >> 10) & 0x3ff) << 12) | dpd_to_bcd(x & 0x3ff);
        r |= (uint64_t)y << (32 * w);
    }
    GPR(RA) = r;
    return 0;
}

PPC_EXEC(cbcdtd)
{
    uint64_t s = GPR(RT), r = 0;
    for (unsigned w = 0; w < 2; w++) {
        uint32_t x = (uint32_t)(s >> (32 * w));
        uint32_t y = (bcd_to_dpd((x >> 12) & 0xfff) << 10) | bcd_to_dpd(x & 0xfff);
        r |= (uint64_t)y << (32 * w);
    }
    GPR(RA) = r;
    return 0;
}
