/* engine/vmx-cmp.c: VMX integer compares (Power ISA Book I 6.9.3): equal,
 * greater-than (signed/unsigned), not-equal and not-equal-or-zero, for
 * bytes to quadwords; Rc=1 (bit 21) sets CR6 to all-true/none-true; and
 * the ISA 3.1 vcmpuq/vcmpsq that set a CR field. Rows: insn-vmx.def. */
#include "vmx-elem.h"

VCMP(vcmpequb, B, x == y)
VCMP(vcmpequh, H, x == y)
VCMP(vcmpequw, W, x == y)
VCMP(vcmpequd, D, x == y)
VCMP(vcmpgtub, B, x > y)
VCMP(vcmpgtuh, H, x > y)
VCMP(vcmpgtuw, W, x > y)
VCMP(vcmpgtud, D, x > y)
VCMP(vcmpgtsb, B, (int8_t)x > (int8_t)y)
VCMP(vcmpgtsh, H, (int16_t)x > (int16_t)y)
VCMP(vcmpgtsw, W, (int32_t)x > (int32_t)y)
VCMP(vcmpgtsd, D, (int64_t)x > (int64_t)y)
VCMP(vcmpneb, B, x != y)
VCMP(vcmpneh, H, x != y)
VCMP(vcmpnew, W, x != y)
VCMP(vcmpnezb, B, x != y || x == 0 || y == 0)
VCMP(vcmpnezh, H, x != y || x == 0 || y == 0)
VCMP(vcmpnezw, W, x != y || x == 0 || y == 0)

#define VCMPQ(id, cond) \
PPC_EXEC(id) \
{ \
    u128 x = VR(VRA).q, y = VR(VRB).q; \
    bool c = (cond); \
    VR(VRT).q = c ? ~(u128)0 : 0; \
    if (d->word & 0x400) \
        set_cr6(cpu, c, !c); \
    return 0; \
}
VCMPQ(vcmpequq, x == y)
VCMPQ(vcmpgtuq, x > y)
VCMPQ(vcmpgtsq, (__int128)x > (__int128)y)

/* vcmpuq/vcmpsq BF: CR[BF] <- LT GT EQ 0. */
PPC_EXEC(vcmpuq)
{
    u128 x = VR(VRA).q, y = VR(VRB).q;
    ppc_cr_set(cpu, WF(6, 8), x < y ? 8u : x > y ? 4u : 2u);
    return 0;
}

PPC_EXEC(vcmpsq)
{
    __int128 x = (__int128)VR(VRA).q, y = (__int128)VR(VRB).q;
    ppc_cr_set(cpu, WF(6, 8), x < y ? 8u : x > y ? 4u : 2u);
    return 0;
}
