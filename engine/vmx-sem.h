/* engine/vmx-sem.h: helpers shared by the FP, VMX and VSX semantic files
 * (engine/fpu-*.c, vmx-*.c, vsx-*.c): VSR/VR access, element loops, the
 * effective-address forms of the vector/FP loads and stores, CR6 of the
 * vector compares. Sits on top of engine/sem.h (the core's helpers). */
#ifndef PSERIES_ENGINE_VMX_SEM_H
#define PSERIES_ENGINE_VMX_SEM_H

#include <string.h>

#include "sem.h"

typedef unsigned __int128 u128;

#define VSR(n)  (cpu->vsr[(n)])
#define VR(n)   (cpu->vsr[32 + (n)])
#define FPR(n)  PPC_FPR(cpu, (n))

/* Write FPR n: doubleword 0 of VSR n. Doubleword 1 is undefined after an
 * FPR write (Book I 7.2.1, "FPRs are doubleword 0 of VSRs 0-31"); we set
 * it to zero, as POWER9 and QEMU do. */
static inline void set_fpr(struct ppc_cpu *cpu, unsigned n, uint64_t v)
{
    PPC_VSR_DW(cpu->vsr[n], 0) = v;
    PPC_VSR_DW(cpu->vsr[n], 1) = 0;
}

/* Element i in ISA order (element 0 is the most significant). */
#define EB(v, i)  PPC_VSR_B(v, i)
#define EH(v, i)  PPC_VSR_H(v, i)
#define EW(v, i)  PPC_VSR_W(v, i)
#define ED(v, i)  PPC_VSR_DW(v, i)

/* Raw fields of the instruction word (ISA bit numbering). */
#define WF(first, last) PPC_FIELD(d->word, first, last)

/* VX/VA-form register fields, 0..31. */
#define VRT WF(6, 10)
#define VRA WF(11, 15)
#define VRB WF(16, 20)
#define VRC WF(21, 25)

/* X-form indexed EA: (RA|0) + (RB). */
static inline uint64_t ea_x(const struct ppc_cpu *cpu,
                            const struct ppc_dinsn *d)
{
    return ppc_ea(cpu, ppc_ra0(cpu, WF(11, 15)) + cpu->gpr[WF(16, 20)]);
}

/* D/DS/DQ-form EA from the pre-decoded displacement. */
static inline uint64_t ea_d(const struct ppc_cpu *cpu,
                            const struct ppc_dinsn *d, int64_t disp)
{
    return ppc_ea(cpu, ppc_ra0(cpu, WF(11, 15)) + (uint64_t)disp);
}

/* Prefixed 8LS/MLS D-form: 34-bit displacement d0 (prefix 14:31) || d1
 * (suffix 16:31); R (prefix bit 11) selects PC-relative (RA must be 0). */
static inline int64_t pfx_d34(const struct ppc_dinsn *d)
{
    uint64_t v = ((uint64_t)(d->prefix & 0x3ffff) << 16) | (d->word & 0xffff);
    return (int64_t)(v << 30) >> 30;
}
static inline uint64_t ea_pfx(const struct ppc_cpu *cpu,
                              const struct ppc_dinsn *d)
{
    int64_t disp = pfx_d34(d);
    if ((d->prefix >> 20) & 1)
        return ppc_ea(cpu, d->pc + (uint64_t)disp);
    return ppc_ea(cpu, ppc_ra0(cpu, WF(11, 15)) + (uint64_t)disp);
}

/* CR6 of the vector compares (Rc=1): all true -> 0b1000, none -> 0b0010. */
static inline void set_cr6(struct ppc_cpu *cpu, bool all, bool none)
{
    ppc_cr_set(cpu, 6, (all ? 8u : 0u) | (none ? 2u : 0u));
}

/* Guest-order 16-byte load/store as a 128-bit value: in BE the byte at EA
 * is ISA byte 0 (most significant); in LE the quadword is byte-reversed
 * (byte at EA is ISA byte 15), as lvx/lxvx/lxv define. */
static inline int ld_vec(struct ppc_cpu *cpu, uint64_t ea, ppc_vsr *v)
{
    u128 x;
    int r = ppc_ld128(cpu, ea, &x);
    if (r == 0)
        v->q = x;
    return r;
}
static inline int st_vec(struct ppc_cpu *cpu, uint64_t ea, const ppc_vsr *v)
{
    return ppc_st128(cpu, ea, v->q);
}

/* Saturation helpers: VSCR[SAT] is bit 0x1 of cpu->vscr. */
#define VSCR_SAT 0x1u
#define VSCR_NJ  0x10000u

static inline int64_t sat_s(struct ppc_cpu *cpu, int64_t v, int64_t lo,
                            int64_t hi)
{
    if (v < lo) { cpu->vscr |= VSCR_SAT; return lo; }
    if (v > hi) { cpu->vscr |= VSCR_SAT; return hi; }
    return v;
}
static inline uint64_t sat_u(struct ppc_cpu *cpu, int64_t v, uint64_t hi)
{
    if (v < 0) { cpu->vscr |= VSCR_SAT; return 0; }
    if ((uint64_t)v > hi) { cpu->vscr |= VSCR_SAT; return hi; }
    return (uint64_t)v;
}

#endif

/* VSX register fields (6 bits: the extension bit selects VSR 32-63). */
#define XT_X  ((WF(31, 31) << 5) | WF(6, 10))   /* XX1/XX2/XX3/XX4 T */
#define XA_X  ((WF(29, 29) << 5) | WF(11, 15))
#define XB_X  ((WF(30, 30) << 5) | WF(16, 20))
#define XC_X  ((WF(28, 28) << 5) | WF(21, 25))
#define XT_DQ ((WF(28, 28) << 5) | WF(6, 10))   /* lxv/stxv */
