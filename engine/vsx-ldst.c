/* engine/vsx-ldst.c: VSX loads and stores (Power ISA Book I 7.6): element
 * loads (lxvd2x/lxvw4x/lxvh8x/lxvb16x: elements in ISA order, each in the
 * guest's byte order), whole-quadword loads (lxvx/lxv/plxv: the quadword in
 * the guest's byte order), splats, length-controlled (lxvl/lxvll), scalar
 * (lxsd, lxsspx, lxsiwax, ...), rightmost-element (lxvr*x) and paired
 * (lxvp/plxvp) forms, and the matching stores. Rows: insn-vsx.def. */
#include "vmx-sem.h"
#include "fpu-soft.h"
#include "fpu-conv.h"

static inline int64_t dq_disp(const struct ppc_dinsn *d)
{
    return (int64_t)(int16_t)(d->word & 0xfff0);
}
static inline int64_t ds_disp(const struct ppc_dinsn *d)
{
    return (int64_t)(int16_t)(d->word & 0xfffc);
}

/* Element-wise load/store of a whole vector: element size es bytes. */
static int ld_elems(struct ppc_cpu *cpu, uint64_t ea, ppc_vsr *v, unsigned es)
{
    uint8_t buf[16];
    int r = ppc_read_raw(cpu, ea, buf, 16);
    if (r)
        return r;
    bool le = ppc_le(cpu);
    for (unsigned i = 0; i < 16 / es; i++) {
        uint64_t x = 0;
        for (unsigned k = 0; k < es; k++) {
            unsigned b = le ? es - 1 - k : k;
            x = (x << 8) | buf[i * es + b];
        }
        switch (es) {
        case 1: EB(*v, i) = (uint8_t)x; break;
        case 2: EH(*v, i) = (uint16_t)x; break;
        case 4: EW(*v, i) = (uint32_t)x; break;
        default: ED(*v, i) = x; break;
        }
    }
    return 0;
}

static int st_elems(struct ppc_cpu *cpu, uint64_t ea, const ppc_vsr *v,
                    unsigned es)
{
    uint8_t buf[16];
    bool le = ppc_le(cpu);
    for (unsigned i = 0; i < 16 / es; i++) {
        uint64_t x;
        switch (es) {
        case 1: x = EB(*v, i); break;
        case 2: x = EH(*v, i); break;
        case 4: x = EW(*v, i); break;
        default: x = ED(*v, i); break;
        }
        for (unsigned k = 0; k < es; k++) {
            unsigned b = le ? k : es - 1 - k;
            buf[i * es + b] = (uint8_t)(x >> (8 * k));
        }
    }
    return ppc_write_raw(cpu, ea, buf, 16);
}

#define LD_ELEMS(id, es) \
PPC_EXEC(id) \
{ \
    ppc_vsr v; \
    PPC_TRY(ld_elems(cpu, ea_x(cpu, d), &v, es)); \
    VSR(XT_X) = v; \
    return 0; \
}
#define ST_ELEMS(id, es) \
PPC_EXEC(id) \
{ \
    ppc_vsr v = VSR(XT_X); \
    PPC_TRY(st_elems(cpu, ea_x(cpu, d), &v, es)); \
    return 0; \
}
LD_ELEMS(lxvd2x, 8)
LD_ELEMS(lxvw4x, 4)
LD_ELEMS(lxvh8x, 2)
LD_ELEMS(lxvb16x, 1)
ST_ELEMS(stxvd2x, 8)
ST_ELEMS(stxvw4x, 4)
ST_ELEMS(stxvh8x, 2)
ST_ELEMS(stxvb16x, 1)
/* The second "lxvx"/"stxvx" rows share lxvd2x's encoding (objdump lists
 * them after lxvd2x, so they never win the decode); same semantics. */
LD_ELEMS(lxvx2, 8)
ST_ELEMS(stxvx2, 8)

PPC_EXEC(lxvx)
{
    ppc_vsr v;
    PPC_TRY(ld_vec(cpu, ea_x(cpu, d), &v));
    VSR(XT_X) = v;
    return 0;
}

PPC_EXEC(stxvx)
{
    ppc_vsr v = VSR(XT_X);
    PPC_TRY(st_vec(cpu, ea_x(cpu, d), &v));
    return 0;
}

PPC_EXEC(lxv)
{
    ppc_vsr v;
    PPC_TRY(ld_vec(cpu, ea_d(cpu, d, dq_disp(d)), &v));
    VSR(XT_DQ) = v;
    return 0;
}

PPC_EXEC(stxv)
{
    ppc_vsr v = VSR(XT_DQ);
    PPC_TRY(st_vec(cpu, ea_d(cpu, d, dq_disp(d)), &v));
    return 0;
}

/* plxv/pstxv: TX is suffix bit 5 (the primary opcode's low bit). */
PPC_EXEC(plxv)
{
    ppc_vsr v;
    PPC_TRY(ld_vec(cpu, ea_pfx(cpu, d), &v));
    VSR((WF(5, 5) << 5) | WF(6, 10)) = v;
    return 0;
}

PPC_EXEC(pstxv)
{
    ppc_vsr v = VSR((WF(5, 5) << 5) | WF(6, 10));
    PPC_TRY(st_vec(cpu, ea_pfx(cpu, d), &v));
    return 0;
}

PPC_EXEC(lxvdsx)
{
    uint64_t x;
    PPC_TRY(ppc_ld64(cpu, ea_x(cpu, d), &x));
    ppc_vsr *t = &VSR(XT_X);
    ED(*t, 0) = x;
    ED(*t, 1) = x;
    return 0;
}

PPC_EXEC(lxvwsx)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &x));
    ppc_vsr *t = &VSR(XT_X);
    for (int i = 0; i < 4; i++)
        EW(*t, i) = x;
    return 0;
}

/* Length-controlled: nb = GPR[RB] bits 0:7, at most 16. 'left': lxvll/
 * stxvll (bytes always left-justified, memory order); otherwise the
 * guest's byte order as lxvx. */
static unsigned len_nb(const struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    unsigned nb = (unsigned)(cpu->gpr[WF(16, 20)] >> 56);
    return nb > 16 ? 16 : nb;
}

static int ld_len(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool left)
{
    uint64_t ea = ppc_ea(cpu, ppc_ra0(cpu, WF(11, 15)));
    unsigned nb = len_nb(cpu, d);
    uint8_t buf[16] = { 0 };
    if (nb) {
        int r = ppc_read_raw(cpu, ea, buf, nb);
        if (r)
            return ppc_raise(cpu, d, (enum ppc_exit)r, 0);
    }
    ppc_vsr v;
    v.q = 0;
    bool le = ppc_le(cpu) && !left;
    for (unsigned i = 0; i < nb; i++)
        EB(v, le ? 15 - i : i) = buf[i];
    VSR(XT_X) = v;
    return 0;
}

static int st_len(struct ppc_cpu *cpu, const struct ppc_dinsn *d, bool left)
{
    uint64_t ea = ppc_ea(cpu, ppc_ra0(cpu, WF(11, 15)));
    unsigned nb = len_nb(cpu, d);
    ppc_vsr v = VSR(XT_X);
    uint8_t buf[16];
    bool le = ppc_le(cpu) && !left;
    for (unsigned i = 0; i < nb; i++)
        buf[i] = EB(v, le ? 15 - i : i);
    if (nb) {
        int r = ppc_write_raw(cpu, ea, buf, nb);
        if (r)
            return ppc_raise(cpu, d, (enum ppc_exit)r, 0);
    }
    return 0;
}

PPC_EXEC(lxvl) { return ld_len(cpu, d, false); }
PPC_EXEC(lxvll) { return ld_len(cpu, d, true); }
PPC_EXEC(stxvl) { return st_len(cpu, d, false); }
PPC_EXEC(stxvll) { return st_len(cpu, d, true); }

/* Scalar loads: doubleword 0 of the target; doubleword 1 is undefined by
 * the ISA (7.6, "lxsdx ... the contents of doubleword 1 of VSR[XT] are
 * undefined"): left unchanged, as QEMU does. */
static inline void set_dw0(struct ppc_cpu *cpu, unsigned t, uint64_t x)
{
    ED(VSR(t), 0) = x;
}

PPC_EXEC(lxsdx)
{
    uint64_t x;
    PPC_TRY(ppc_ld64(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, x);
    return 0;
}

PPC_EXEC(stxsdx)
{
    PPC_TRY(ppc_st64(cpu, ea_x(cpu, d), ED(VSR(XT_X), 0)));
    return 0;
}

PPC_EXEC(lxsspx)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, fpu_sp_to_dp_bits(x));
    return 0;
}

PPC_EXEC(stxsspx)
{
    PPC_TRY(ppc_st32(cpu, ea_x(cpu, d), fpu_dp_to_sp_bits(ED(VSR(XT_X), 0))));
    return 0;
}

PPC_EXEC(lxsiwax)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, (uint64_t)(int64_t)(int32_t)x);
    return 0;
}

PPC_EXEC(lxsiwzx)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, x);
    return 0;
}

PPC_EXEC(lxsibzx)
{
    uint8_t x;
    PPC_TRY(ppc_ld8(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, x);
    return 0;
}

PPC_EXEC(lxsihzx)
{
    uint16_t x;
    PPC_TRY(ppc_ld16(cpu, ea_x(cpu, d), &x));
    set_dw0(cpu, XT_X, x);
    return 0;
}

PPC_EXEC(stxsiwx)
{
    PPC_TRY(ppc_st32(cpu, ea_x(cpu, d), (uint32_t)ED(VSR(XT_X), 0)));
    return 0;
}

PPC_EXEC(stxsibx)
{
    PPC_TRY(ppc_st8(cpu, ea_x(cpu, d), (uint8_t)ED(VSR(XT_X), 0)));
    return 0;
}

PPC_EXEC(stxsihx)
{
    PPC_TRY(ppc_st16(cpu, ea_x(cpu, d), (uint16_t)ED(VSR(XT_X), 0)));
    return 0;
}

/* DS-form scalar (ISA 3.0): VSR[32+VRT]. */
PPC_EXEC(lxsd)
{
    uint64_t x;
    PPC_TRY(ppc_ld64(cpu, ea_d(cpu, d, ds_disp(d)), &x));
    set_dw0(cpu, 32 + VRT, x);
    return 0;
}

PPC_EXEC(stxsd)
{
    PPC_TRY(ppc_st64(cpu, ea_d(cpu, d, ds_disp(d)), ED(VR(VRT), 0)));
    return 0;
}

PPC_EXEC(lxssp)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_d(cpu, d, ds_disp(d)), &x));
    set_dw0(cpu, 32 + VRT, fpu_sp_to_dp_bits(x));
    return 0;
}

PPC_EXEC(stxssp)
{
    PPC_TRY(ppc_st32(cpu, ea_d(cpu, d, ds_disp(d)),
                     fpu_dp_to_sp_bits(ED(VR(VRT), 0))));
    return 0;
}

PPC_EXEC(plxsd)
{
    uint64_t x;
    PPC_TRY(ppc_ld64(cpu, ea_pfx(cpu, d), &x));
    set_dw0(cpu, 32 + VRT, x);
    return 0;
}

PPC_EXEC(pstxsd)
{
    PPC_TRY(ppc_st64(cpu, ea_pfx(cpu, d), ED(VR(VRT), 0)));
    return 0;
}

PPC_EXEC(plxssp)
{
    uint32_t x;
    PPC_TRY(ppc_ld32(cpu, ea_pfx(cpu, d), &x));
    set_dw0(cpu, 32 + VRT, fpu_sp_to_dp_bits(x));
    return 0;
}

PPC_EXEC(pstxssp)
{
    PPC_TRY(ppc_st32(cpu, ea_pfx(cpu, d), fpu_dp_to_sp_bits(ED(VR(VRT), 0))));
    return 0;
}

/* Rightmost-element loads/stores (ISA 3.1): the element zero-extended to
 * the quadword / the low-order element stored. */
#define LD_RIGHT(id, sid, bits) \
PPC_EXEC(id) \
{ \
    uint##bits##_t x; \
    PPC_TRY(ppc_ld##bits(cpu, ea_x(cpu, d), &x)); \
    VSR(XT_X).q = x; \
    return 0; \
} \
PPC_EXEC(sid) \
{ \
    PPC_TRY(ppc_st##bits(cpu, ea_x(cpu, d), (uint##bits##_t)VSR(XT_X).q)); \
    return 0; \
}
LD_RIGHT(lxvrbx, stxvrbx, 8)
LD_RIGHT(lxvrhx, stxvrhx, 16)
LD_RIGHT(lxvrwx, stxvrwx, 32)
LD_RIGHT(lxvrdx, stxvrdx, 64)

/* Paired loads/stores (ISA 3.1): XTp = 32*TX + 2*Tp. Big-endian: VSR[XTp]
 * from EA, VSR[XTp+1] from EA+16; little-endian swaps the pair. */
static int ld_pair(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                   uint64_t ea, unsigned xtp)
{
    ppc_vsr a, b;
    int r = ld_vec(cpu, ea, &a);
    if (!r)
        r = ld_vec(cpu, ppc_ea(cpu, ea + 16), &b);
    if (r)
        return ppc_raise(cpu, d, (enum ppc_exit)r, 0);
    if (ppc_le(cpu)) {
        VSR(xtp + 1) = a;
        VSR(xtp) = b;
    } else {
        VSR(xtp) = a;
        VSR(xtp + 1) = b;
    }
    return 0;
}

static int st_pair(struct ppc_cpu *cpu, const struct ppc_dinsn *d,
                   uint64_t ea, unsigned xsp)
{
    ppc_vsr a = VSR(xsp), b = VSR(xsp + 1);
    if (ppc_le(cpu)) {
        ppc_vsr t = a;
        a = b;
        b = t;
    }
    int r = st_vec(cpu, ea, &a);
    if (!r)
        r = st_vec(cpu, ppc_ea(cpu, ea + 16), &b);
    if (r)
        return ppc_raise(cpu, d, (enum ppc_exit)r, 0);
    return 0;
}

#define XTP_DQ ((WF(10, 10) << 5) | (WF(6, 9) << 1))

PPC_EXEC(lxvp) { return ld_pair(cpu, d, ea_d(cpu, d, dq_disp(d)), XTP_DQ); }
PPC_EXEC(stxvp) { return st_pair(cpu, d, ea_d(cpu, d, dq_disp(d)), XTP_DQ); }
PPC_EXEC(lxvpx) { return ld_pair(cpu, d, ea_x(cpu, d), XTP_DQ); }
PPC_EXEC(stxvpx) { return st_pair(cpu, d, ea_x(cpu, d), XTP_DQ); }
PPC_EXEC(plxvp) { return ld_pair(cpu, d, ea_pfx(cpu, d), XTP_DQ); }
PPC_EXEC(pstxvp) { return st_pair(cpu, d, ea_pfx(cpu, d), XTP_DQ); }
