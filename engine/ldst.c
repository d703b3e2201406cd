/* engine/ldst.c: semantics of the fixed-point loads and stores (Book I
 * 3.3.2-3.3.6): D/DS/X forms with update, byte-reversed, quadword and the
 * prefixed ISA 3.1 forms (EA = (RA|0) + D, or CIA + D when R=1). Rows:
 * insn-ldst.def. */
#include <string.h>

#include "sem.h"

static inline uint64_t ea_d(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, ppc_ra0(cpu, d->ra) + (uint64_t)d->imm);
}
static inline uint64_t ea_du(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, cpu->gpr[d->ra] + (uint64_t)d->imm);
}
static inline uint64_t ea_x(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, ppc_ra0(cpu, d->ra) + cpu->gpr[d->rb]);
}
static inline uint64_t ea_xu(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, cpu->gpr[d->ra] + cpu->gpr[d->rb]);
}
static inline uint64_t ea_p(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    if (d->dflags & PPC_DF_R)
        return ppc_ea(cpu, d->pc + (uint64_t)d->imm);
    return ea_d(cpu, d);
}

/* LOAD(id, ea, bits, type, conv[, update]) */
#define LOAD(id, EA, fn, type, conv)                                   \
    PPC_EXEC(id)                                                       \
    {                                                                  \
        type v;                                                        \
        PPC_TRY(fn(cpu, EA(cpu, d), &v));                              \
        GPR(RT) = conv(v);                                             \
        return 0;                                                      \
    }
#define LOADU(id, EA, fn, type, conv)                                  \
    PPC_EXEC(id)                                                       \
    {                                                                  \
        type v;                                                        \
        uint64_t ea = EA(cpu, d);                                      \
        PPC_TRY(fn(cpu, ea, &v));                                      \
        GPR(RT) = conv(v);                                             \
        GPR(RA) = ea;                                                  \
        return 0;                                                      \
    }
#define STORE(id, EA, fn, type)                                        \
    PPC_EXEC(id)                                                       \
    {                                                                  \
        PPC_TRY(fn(cpu, EA(cpu, d), (type)GPR(RT)));                   \
        return 0;                                                      \
    }
#define STOREU(id, EA, fn, type)                                       \
    PPC_EXEC(id)                                                       \
    {                                                                  \
        uint64_t ea = EA(cpu, d);                                      \
        PPC_TRY(fn(cpu, ea, (type)GPR(RT)));                           \
        GPR(RA) = ea;                                                  \
        return 0;                                                      \
    }

#define ZX(v) ((uint64_t)(v))
#define SX16(v) ((uint64_t)(int64_t)(int16_t)(v))
#define SX32(v) ((uint64_t)(int64_t)(int32_t)(v))

LOAD(lbz, ea_d, ppc_ld8, uint8_t, ZX)
LOADU(lbzu, ea_du, ppc_ld8, uint8_t, ZX)
LOAD(lhz, ea_d, ppc_ld16, uint16_t, ZX)
LOADU(lhzu, ea_du, ppc_ld16, uint16_t, ZX)
LOAD(lha, ea_d, ppc_ld16, uint16_t, SX16)
LOADU(lhau, ea_du, ppc_ld16, uint16_t, SX16)
LOAD(lwz, ea_d, ppc_ld32, uint32_t, ZX)
LOADU(lwzu, ea_du, ppc_ld32, uint32_t, ZX)
LOAD(lwa, ea_d, ppc_ld32, uint32_t, SX32)
LOAD(ld, ea_d, ppc_ld64, uint64_t, ZX)
LOADU(ldu, ea_du, ppc_ld64, uint64_t, ZX)
STORE(stb, ea_d, ppc_st8, uint8_t)
STOREU(stbu, ea_du, ppc_st8, uint8_t)
STORE(sth, ea_d, ppc_st16, uint16_t)
STOREU(sthu, ea_du, ppc_st16, uint16_t)
STORE(stw, ea_d, ppc_st32, uint32_t)
STOREU(stwu, ea_du, ppc_st32, uint32_t)
STORE(std, ea_d, ppc_st64, uint64_t)
STOREU(stdu, ea_du, ppc_st64, uint64_t)

LOAD(lbzx, ea_x, ppc_ld8, uint8_t, ZX)
LOADU(lbzux, ea_xu, ppc_ld8, uint8_t, ZX)
LOAD(lhzx, ea_x, ppc_ld16, uint16_t, ZX)
LOADU(lhzux, ea_xu, ppc_ld16, uint16_t, ZX)
LOAD(lhax, ea_x, ppc_ld16, uint16_t, SX16)
LOADU(lhaux, ea_xu, ppc_ld16, uint16_t, SX16)
LOAD(lwzx, ea_x, ppc_ld32, uint32_t, ZX)
LOADU(lwzux, ea_xu, ppc_ld32, uint32_t, ZX)
LOAD(lwax, ea_x, ppc_ld32, uint32_t, SX32)
LOADU(lwaux, ea_xu, ppc_ld32, uint32_t, SX32)
LOAD(ldx, ea_x, ppc_ld64, uint64_t, ZX)
LOADU(ldux, ea_xu, ppc_ld64, uint64_t, ZX)
STORE(stbx, ea_x, ppc_st8, uint8_t)
STOREU(stbux, ea_xu, ppc_st8, uint8_t)
STORE(sthx, ea_x, ppc_st16, uint16_t)
STOREU(sthux, ea_xu, ppc_st16, uint16_t)
STORE(stwx, ea_x, ppc_st32, uint32_t)
STOREU(stwux, ea_xu, ppc_st32, uint32_t)
STORE(stdx, ea_x, ppc_st64, uint64_t)
STOREU(stdux, ea_xu, ppc_st64, uint64_t)

LOAD(lhbrx, ea_x, ppc_ld16_rev, uint16_t, ZX)
LOAD(lwbrx, ea_x, ppc_ld32_rev, uint32_t, ZX)
LOAD(ldbrx, ea_x, ppc_ld64_rev, uint64_t, ZX)
STORE(sthbrx, ea_x, ppc_st16_rev, uint16_t)
STORE(stwbrx, ea_x, ppc_st32_rev, uint32_t)
STORE(stdbrx, ea_x, ppc_st64_rev, uint64_t)

/* Prefixed */
LOAD(plbz, ea_p, ppc_ld8, uint8_t, ZX)
LOAD(plhz, ea_p, ppc_ld16, uint16_t, ZX)
LOAD(plha, ea_p, ppc_ld16, uint16_t, SX16)
LOAD(plwz, ea_p, ppc_ld32, uint32_t, ZX)
LOAD(plwa, ea_p, ppc_ld32, uint32_t, SX32)
LOAD(pld, ea_p, ppc_ld64, uint64_t, ZX)
STORE(pstb, ea_p, ppc_st8, uint8_t)
STORE(psth, ea_p, ppc_st16, uint16_t)
STORE(pstw, ea_p, ppc_st32, uint32_t)
STORE(pstd, ea_p, ppc_st64, uint64_t)

PPC_EXEC(paddi)
{
    uint64_t base = (d->dflags & PPC_DF_R) ? d->pc : ppc_ra0(cpu, RA);
    GPR(RT) = ppc_ea(cpu, base + (uint64_t)IMM);
    return 0;
}

PPC_EXEC(pnop) { (void)cpu; (void)d; return 0; }

/* Quadword: the 16 bytes are one quantity in the guest's byte order, RT
 * gets its high doubleword (so in little-endian mode RT+1 gets the
 * doubleword at EA; Book I 3.3.5). lq/stq need a quadword-aligned EA
 * (alignment interrupt otherwise); plq/pstq do not. */
static int lq_common(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                     uint64_t ea, bool aligned)
{
    unsigned __int128 v;
    if (aligned)
        PPC_TRY(ppc_check_align(cpu, ea, 16, PPC_ACC_READ));
    PPC_TRY(ppc_ld128(cpu, ea, &v));
    GPR(RT) = (uint64_t)(v >> 64);
    GPR(RT + 1) = (uint64_t)v;
    return 0;
}
static int stq_common(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                      uint64_t ea, bool aligned)
{
    unsigned __int128 v = ((unsigned __int128)GPR(RT) << 64) | GPR((RT + 1) & 31);
    if (aligned)
        PPC_TRY(ppc_check_align(cpu, ea, 16, PPC_ACC_WRITE));
    PPC_TRY(ppc_st128(cpu, ea, v));
    return 0;
}
PPC_EXEC(lq) { return lq_common(cpu, d, ea_d(cpu, d), true); }
PPC_EXEC(stq) { return stq_common(cpu, d, ea_d(cpu, d), true); }

/* plq/pstq (ISA 3.1): the even register is always the doubleword at EA
 * and the odd one the doubleword at EA+8, in either byte order (unlike
 * lq/stq in little-endian mode). */
PPC_EXEC(plq)
{
    uint64_t ea = ea_p(cpu, d), a, b;
    PPC_TRY(ppc_ld64(cpu, ea, &a));
    PPC_TRY(ppc_ld64(cpu, ppc_ea(cpu, ea + 8), &b));
    GPR(RT) = a;
    GPR(RT + 1) = b;
    return 0;
}
PPC_EXEC(pstq)
{
    uint64_t ea = ea_p(cpu, d);
    uint8_t buf[16];
    uint64_t a = GPR(RT), b = GPR((RT + 1) & 31);
    if (!ppc_le(cpu)) {
        a = __builtin_bswap64(a);
        b = __builtin_bswap64(b);
    }
    memcpy(buf, &a, 8);
    memcpy(buf + 8, &b, 8);
    PPC_TRY(ppc_write_raw(cpu, ea, buf, 16));
    return 0;
}

/* ---- multiple and string (Book I 3.3.7-3.3.8) ---------------------------
 * Not supported in little-endian mode: alignment interrupt, as the ISA
 * allows and POWER processors do. */
static int no_le(struct ppc_cpu *cpu, const struct ppc_dinsn *d, uint64_t ea)
{
    cpu->fault.ea = ea;
    cpu->fault.access = (ppc_insn_table[d->id].flags & PPC_F_STORE) ? PPC_ACC_WRITE
                                                                   : PPC_ACC_READ;
    cpu->fault.err = 0;
    return ppc_raise(cpu, d, PPC_EXIT_ALIGNMENT, 0);
}

PPC_EXEC(lmw)
{
    uint64_t ea = ea_d(cpu, d);
    uint32_t v[32];
    if (ppc_le(cpu))
        return no_le(cpu, d, ea);
    for (unsigned r = RT; r < 32; r++)
        PPC_TRY(ppc_ld32(cpu, ppc_ea(cpu, ea + 4 * (r - RT)), &v[r]));
    for (unsigned r = RT; r < 32; r++)
        GPR(r) = v[r];
    return 0;
}

PPC_EXEC(stmw)
{
    uint64_t ea = ea_d(cpu, d);
    if (ppc_le(cpu))
        return no_le(cpu, d, ea);
    for (unsigned r = RT; r < 32; r++)
        PPC_TRY(ppc_st32(cpu, ppc_ea(cpu, ea + 4 * (r - RT)), (uint32_t)GPR(r)));
    return 0;
}

static int load_string(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                       uint64_t ea, unsigned n)
{
    uint8_t buf[128];
    if (ppc_le(cpu))
        return no_le(cpu, d, ea);
    if (n == 0)
        return 0;
    PPC_TRY(ppc_read_raw(cpu, ea, buf, n));
    unsigned r = RT;
    for (unsigned i = 0; i < n; i += 4) {
        uint64_t w = 0;
        for (unsigned k = 0; k < 4; k++)
            w = (w << 8) | (i + k < n ? buf[i + k] : 0);
        GPR(r) = w;
        r = (r + 1) & 31;
    }
    return 0;
}

static int store_string(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                        uint64_t ea, unsigned n)
{
    uint8_t buf[128];
    if (ppc_le(cpu))
        return no_le(cpu, d, ea);
    unsigned r = RT;
    for (unsigned i = 0; i < n; i += 4) {
        uint32_t w = (uint32_t)GPR(r);
        for (unsigned k = 0; k < 4 && i + k < n; k++)
            buf[i + k] = (uint8_t)(w >> (24 - 8 * k));
        r = (r + 1) & 31;
    }
    if (n)
        PPC_TRY(ppc_write_raw(cpu, ea, buf, n));
    return 0;
}

PPC_EXEC(lswi) { return load_string(cpu, d, ppc_ea(cpu, ppc_ra0(cpu, RA)), RB ? RB : 32); }
PPC_EXEC(lswx) { return load_string(cpu, d, ea_x(cpu, d), cpu->xer.bc & 0x7f); }
PPC_EXEC(stswi) { return store_string(cpu, d, ppc_ea(cpu, ppc_ra0(cpu, RA)), RB ? RB : 32); }
PPC_EXEC(stswx) { return store_string(cpu, d, ea_x(cpu, d), cpu->xer.bc & 0x7f); }
