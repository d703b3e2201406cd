/* engine/model.c: the CPU models the engine offers (POWER7..Power10): ISA
 * level, PVR, and the Linux AT_HWCAP/AT_HWCAP2 bits a user-mode runner or
 * the device tree advertises for them. Constant data only. */
#include <strings.h>

#include "cpu.h"

/* Linux asm/cputable.h feature bits (values from the UAPI header). */
#define F_64        0x40000000u
#define F_ALTIVEC   0x10000000u
#define F_FPU       0x08000000u
#define F_MMU       0x04000000u
#define F_POWER4    0x00080000u
#define F_POWER5    0x00040000u
#define F_POWER5P   0x00020000u
#define F_SMT       0x00004000u
#define F_ICSNOOP   0x00002000u
#define F_ARCH205   0x00001000u
#define F_DFP       0x00000400u
#define F_ARCH206   0x00000100u
#define F_VSX       0x00000080u
#define F_PERFMON   0x00000040u
#define F_TRUE_LE   0x00000002u
#define F2_ARCH207  0x80000000u
#define F2_DSCR     0x20000000u
#define F2_ISEL     0x08000000u
#define F2_TAR      0x04000000u
#define F2_VCRYPTO  0x02000000u
#define F2_ARCH300  0x00800000u
#define F2_IEEE128  0x00400000u
#define F2_DARN     0x00200000u
#define F2_SCV      0x00100000u
#define F2_ARCH31   0x00040000u

#define BASE (F_64 | F_ALTIVEC | F_FPU | F_MMU | F_POWER4 | F_POWER5 | \
              F_POWER5P | F_SMT | F_ICSNOOP | F_ARCH205 | F_DFP | \
              F_ARCH206 | F_VSX | F_PERFMON | F_TRUE_LE)
#define P8_2 (F2_ARCH207 | F2_DSCR | F2_ISEL | F2_TAR | F2_VCRYPTO)
#define P9_2 (P8_2 | F2_ARCH300 | F2_IEEE128 | F2_DARN | F2_SCV)
#define P10_2 (P9_2 | F2_ARCH31)

/* Transactional memory and MMA are not implemented, so their HWCAP2 bits
 * (HTM, MMA) are not advertised. */
static const struct ppc_model_desc models[PPC_MODEL_COUNT] = {
    { PPC_MODEL_POWER7, "POWER7", "power7", PPC_ISA_206, 0x003f0201, BASE, 0 },
    { PPC_MODEL_POWER8, "POWER8", "power8", PPC_ISA_207, 0x004d0200, BASE, P8_2 },
    { PPC_MODEL_POWER9, "POWER9", "power9", PPC_ISA_300, 0x004e1202, BASE, P9_2 },
    { PPC_MODEL_POWER10, "POWER10", "power10", PPC_ISA_310, 0x00800200, BASE, P10_2 },
};

const struct ppc_model_desc *ppc_model_get(enum ppc_model m)
{
    return (unsigned)m < PPC_MODEL_COUNT ? &models[m] : NULL;
}

const struct ppc_model_desc *ppc_model_by_name(const char *name)
{
    for (unsigned i = 0; i < PPC_MODEL_COUNT; i++)
        if (strcasecmp(name, models[i].name) == 0)
            return &models[i];
    return NULL;
}
