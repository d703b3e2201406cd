/* engine/vmx-elem.h: element-loop macros for the VMX semantic files
 * (vmx-int.c, vmx-cmp.c, vmx-perm.c, ...): one macro per operation shape,
 * parameterised by the element size B/H/W/D (8/16/32/64 bits). Elements
 * are indexed in ISA order (0 = most significant). */
#ifndef PSERIES_ENGINE_VMX_ELEM_H
#define PSERIES_ENGINE_VMX_ELEM_H

#include "vmx-sem.h"

#define N_B 16
#define N_H 8
#define N_W 4
#define N_D 2
#define U_B uint8_t
#define U_H uint16_t
#define U_W uint32_t
#define U_D uint64_t
#define S_B int8_t
#define S_H int16_t
#define S_W int32_t
#define S_D int64_t
#define BITS_B 8
#define BITS_H 16
#define BITS_W 32
#define BITS_D 64
#define EL(S, v, i) E##S(v, i)

/* t[i] = expr(x = a[i], y = b[i]) */
#define V2(id, S, expr) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    for (int i = 0; i < N_##S; i++) { \
        U_##S x = EL(S, a, i), y = EL(S, b, i); \
        (void)x; (void)y; \
        EL(S, t, i) = (U_##S)(expr); \
    } \
    VR(VRT) = t; \
    return 0; \
}

/* t[i] = expr(x = b[i]) */
#define V1(id, S, expr) \
PPC_EXEC(id) \
{ \
    ppc_vsr b = VR(VRB), t; \
    for (int i = 0; i < N_##S; i++) { \
        U_##S x = EL(S, b, i); \
        EL(S, t, i) = (U_##S)(expr); \
    } \
    VR(VRT) = t; \
    return 0; \
}

/* Compare: t[i] = cond ? ones : 0; Rc (bit 21) sets CR6. */
#define VCMP(id, S, cond) \
PPC_EXEC(id) \
{ \
    ppc_vsr a = VR(VRA), b = VR(VRB), t; \
    bool all = true, none = true; \
    for (int i = 0; i < N_##S; i++) { \
        U_##S x = EL(S, a, i), y = EL(S, b, i); \
        bool c = (cond); \
        EL(S, t, i) = c ? (U_##S)~(U_##S)0 : 0; \
        all &= c; \
        none &= !c; \
    } \
    VR(VRT) = t; \
    if (d->word & 0x400) \
        set_cr6(cpu, all, none); \
    return 0; \
}

#endif
