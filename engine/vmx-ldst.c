/* engine/vmx-ldst.c: VMX loads and stores (Power ISA Book I 6.7): lvx/
 * lvxl/stvx/stvxl (EA aligned down to 16), element loads/stores lve*x/
 * stve*x (element in the position its address selects, in the guest's
 * byte order), lvsl/lvsr (permute control vectors), and the data-stream
 * hints dst/dss (no-ops here). Rows: insn-vmx.def. */
#include "vmx-elem.h"

static int lvx(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    ppc_vsr v;
    PPC_TRY(ld_vec(cpu, ea_x(cpu, d) & ~15ull, &v));
    VR(VRT) = v;
    return 0;
}

static int stvx(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    ppc_vsr v = VR(VRT);
    PPC_TRY(st_vec(cpu, ea_x(cpu, d) & ~15ull, &v));
    return 0;
}

PPC_EXEC(lvx) { return lvx(cpu, d); }
PPC_EXEC(lvxl) { return lvx(cpu, d); }
PPC_EXEC(stvx) { return stvx(cpu, d); }
PPC_EXEC(stvxl) { return stvx(cpu, d); }

/* Element loads: the element of size es at EA (aligned down) lands in the
 * byte position (EA & 15) for big-endian, (15 - (EA & 15)) - es + 1 for
 * little-endian (the quadword image is byte-reversed); other elements are
 * undefined: we keep them unchanged. */
static int lve(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned es)
{
    uint64_t ea = ea_x(cpu, d) & ~(uint64_t)(es - 1);
    uint8_t buf[8];
    PPC_TRY(ppc_read_raw(cpu, ea, buf, es));
    ppc_vsr t = VR(VRT);
    unsigned off = (unsigned)(ea & 15);
    for (unsigned i = 0; i < es; i++) {
        if (ppc_le(cpu))
            EB(t, 15 - (off + i)) = buf[i];
        else
            EB(t, off + i) = buf[i];
    }
    VR(VRT) = t;
    return 0;
}

static int stve(struct ppc_cpu *cpu, const struct ppc_dinsn *d, unsigned es)
{
    uint64_t ea = ea_x(cpu, d) & ~(uint64_t)(es - 1);
    uint8_t buf[8];
    ppc_vsr s = VR(VRT);
    unsigned off = (unsigned)(ea & 15);
    for (unsigned i = 0; i < es; i++)
        buf[i] = ppc_le(cpu) ? EB(s, 15 - (off + i)) : EB(s, off + i);
    PPC_TRY(ppc_write_raw(cpu, ea, buf, es));
    return 0;
}

PPC_EXEC(lvebx) { return lve(cpu, d, 1); }
PPC_EXEC(lvehx) { return lve(cpu, d, 2); }
PPC_EXEC(lvewx) { return lve(cpu, d, 4); }
PPC_EXEC(stvebx) { return stve(cpu, d, 1); }
PPC_EXEC(stvehx) { return stve(cpu, d, 2); }
PPC_EXEC(stvewx) { return stve(cpu, d, 4); }

/* lvsl: bytes sh, sh+1, ..., sh+15; lvsr: 16-sh, ..., 31-sh (sh = EA &
 * 15). Defined on the EA alone, independent of the byte order. */
PPC_EXEC(lvsl)
{
    unsigned sh = (unsigned)(ea_x(cpu, d) & 15);
    ppc_vsr t;
    for (unsigned i = 0; i < 16; i++)
        EB(t, i) = (uint8_t)(sh + i);
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(lvsr)
{
    unsigned sh = (unsigned)(ea_x(cpu, d) & 15);
    ppc_vsr t;
    for (unsigned i = 0; i < 16; i++)
        EB(t, i) = (uint8_t)(16 - sh + i);
    VR(VRT) = t;
    return 0;
}

/* Data-stream touch/stop: performance hints, no architected effect. */
PPC_EXEC(dst) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dstt) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dstst) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dststt) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dss) { (void)cpu; (void)d; return 0; }
PPC_EXEC(dssall) { (void)cpu; (void)d; return 0; }
