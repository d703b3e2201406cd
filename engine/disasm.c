/* engine/disasm.c: objdump-like text for a pre-decoded instruction (used in
 * traces and by the decoder agreement test). The mnemonic is the row's plus
 * the o/l/a/. suffixes taken from the word; operands follow the form. */
#include <stdio.h>

#include "insn.h"

int ppc_mnemonic(char *buf, size_t size, const struct ppc_dinsn *d)
{
    if (d->id == PPC_ID_INVALID || d->id >= PPC_ID_COUNT)
        return snprintf(buf, size, ".long");
    const struct ppc_insn_def *r = &ppc_insn_table[d->id];
    return snprintf(buf, size, "%s%s%s%s%s", r->mnem,
                    (d->dflags & PPC_DF_OE) ? "o" : "",
                    (d->dflags & PPC_DF_LK) ? "l" : "",
                    (d->dflags & PPC_DF_AA) ? "a" : "",
                    (d->dflags & PPC_DF_RC) ? "." : "");
}

int ppc_disasm(char *buf, size_t size, const struct ppc_dinsn *d)
{
    char mn[32];
    if (d->id == PPC_ID_INVALID || d->id >= PPC_ID_COUNT)
        return snprintf(buf, size, ".long 0x%x", d->word);
    ppc_mnemonic(mn, sizeof(mn), d);
    const struct ppc_insn_def *r = &ppc_insn_table[d->id];
    long long imm = (long long)d->imm;
    unsigned long long target;
    switch ((enum ppc_form)r->form) {
    case PPC_FORM_I:
        target = (d->dflags & PPC_DF_AA) ? (unsigned long long)imm
                                         : d->pc + (unsigned long long)imm;
        return snprintf(buf, size, "%-7s 0x%llx", mn, target);
    case PPC_FORM_B:
        target = (d->dflags & PPC_DF_AA) ? (unsigned long long)imm
                                         : d->pc + (unsigned long long)imm;
        return snprintf(buf, size, "%-7s %u,%u,0x%llx", mn, d->rt, d->ra, target);
    case PPC_FORM_XL_BR:
        return snprintf(buf, size, "%-7s %u,%u,%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_SC:
        return imm ? snprintf(buf, size, "%-7s %lld", mn, imm)
                   : snprintf(buf, size, "%s", mn);
    case PPC_FORM_D:
        if (r->flags & (PPC_F_LOAD | PPC_F_STORE))
            return snprintf(buf, size, "%-7s r%u,%lld(r%u)", mn, d->rt, imm, d->ra);
        return snprintf(buf, size, "%-7s r%u,r%u,%lld", mn, d->rt, d->ra, imm);
    case PPC_FORM_DS:
    case PPC_FORM_DQ:
        return snprintf(buf, size, "%-7s r%u,%lld(r%u)", mn, d->rt, imm, d->ra);
    case PPC_FORM_D_UI:
        return snprintf(buf, size, "%-7s r%u,r%u,%lld", mn, d->ra, d->rt, imm);
    case PPC_FORM_D_CMP:
    case PPC_FORM_D_CMPL:
        return snprintf(buf, size, "%-7s cr%u,%u,r%u,%lld", mn, d->rt >> 2,
                        d->rt & 1, d->ra, imm);
    case PPC_FORM_D_TO:
        return snprintf(buf, size, "%-7s %u,r%u,%lld", mn, d->rt, d->ra, imm);
    case PPC_FORM_DX:
        return snprintf(buf, size, "%-7s r%u,%lld", mn, d->rt, imm >> 16);
    case PPC_FORM_X:
    case PPC_FORM_XO:
        return snprintf(buf, size, "%-7s r%u,r%u,r%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_X_CFUGE:
        return snprintf(buf, size, "%-7s r%u,r%u,r%u", mn, d->ra, d->rt, d->rb);
    case PPC_FORM_XO_RT_RA:
    case PPC_FORM_X_RT_RA:
        return snprintf(buf, size, "%-7s r%u,r%u", mn, d->rt, d->ra);
    case PPC_FORM_X_RA_RB:
        return snprintf(buf, size, "%-7s r%u,r%u", mn, d->ra, d->rb);
    case PPC_FORM_X_RS_RA:
        return snprintf(buf, size, "%-7s r%u,r%u", mn, d->ra, d->rt);
    case PPC_FORM_X_RT:
        return snprintf(buf, size, "%-7s r%u", mn, d->rt);
    case PPC_FORM_X_CMP:
        return snprintf(buf, size, "%-7s cr%u,%u,r%u,r%u", mn, d->rt >> 2,
                        d->rt & 1, d->ra, d->rb);
    case PPC_FORM_X_TO:
        return snprintf(buf, size, "%-7s %u,r%u,r%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_X_SH:
    case PPC_FORM_XS:
        return snprintf(buf, size, "%-7s r%u,r%u,%u", mn, d->ra, d->rt, d->rb);
    case PPC_FORM_X_NB:
        return snprintf(buf, size, "%-7s r%u,r%u,%u", mn, d->rt, d->ra,
                        d->rb ? d->rb : 32);
    case PPC_FORM_X_L:
        return snprintf(buf, size, "%-7s %u", mn, d->rt & 7);
    case PPC_FORM_X_BF:
    case PPC_FORM_X_MCRXRX:
        return snprintf(buf, size, "%-7s cr%u", mn, d->rt >> 2);
    case PPC_FORM_X_BI:
        return snprintf(buf, size, "%-7s r%u,%u", mn, d->rt, d->ra);
    case PPC_FORM_M:
        return snprintf(buf, size, "%-7s r%u,r%u,%s%u,%u,%lld", mn, d->ra, d->rt,
                        r->match == PPC_OP(23) ? "r" : "", d->rb, d->rc, imm);
    case PPC_FORM_MD:
        return snprintf(buf, size, "%-7s r%u,r%u,%u,%u", mn, d->ra, d->rt, d->rb, d->rc);
    case PPC_FORM_MDS:
        return snprintf(buf, size, "%-7s r%u,r%u,r%u,%u", mn, d->ra, d->rt, d->rb, d->rc);
    case PPC_FORM_A:
        return snprintf(buf, size, "%-7s r%u,r%u,r%u,%u", mn, d->rt, d->ra, d->rb, d->rc);
    case PPC_FORM_XFX_SPR:
        if (r->match == PPC_OPX(31, 467))
            return snprintf(buf, size, "%-7s %lld,r%u", mn, imm, d->rt);
        return snprintf(buf, size, "%-7s r%u,%lld", mn, d->rt, imm);
    case PPC_FORM_XFX_TB:
        return snprintf(buf, size, "%-7s r%u,%lld", mn, d->rt, imm);
    case PPC_FORM_XFX_CRM:
        if (r->match & PPC_OPX(0, 144))
            return snprintf(buf, size, "%-7s %lld,r%u", mn, imm, d->rt);
        return snprintf(buf, size, "%-7s r%u,%lld", mn, d->rt, imm);
    case PPC_FORM_XL_CR:
        return snprintf(buf, size, "%-7s %u,%u,%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_XL_MCRF:
        return snprintf(buf, size, "%-7s cr%u,cr%u", mn, d->rt >> 2, d->ra >> 2);
    case PPC_FORM_X_DARN:
        return snprintf(buf, size, "%-7s r%u,%lld", mn, d->rt, imm);
    case PPC_FORM_A_FP:
        return snprintf(buf, size, "%-7s f%u,f%u,f%u,f%u", mn, d->rt, d->ra, d->rb, d->rc);
    case PPC_FORM_X_FP:
        return snprintf(buf, size, "%-7s f%u,f%u,f%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_VA:
        return snprintf(buf, size, "%-7s v%u,v%u,v%u,v%u", mn, d->rt, d->ra, d->rb, d->rc);
    case PPC_FORM_VX:
    case PPC_FORM_VC:
        return snprintf(buf, size, "%-7s v%u,v%u,v%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_XX1:
        return snprintf(buf, size, "%-7s vs%u,r%u,r%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_XX2:
        return snprintf(buf, size, "%-7s vs%u,vs%u", mn, d->rt, d->rb);
    case PPC_FORM_XX3:
        return snprintf(buf, size, "%-7s vs%u,vs%u,vs%u", mn, d->rt, d->ra, d->rb);
    case PPC_FORM_XX4:
        return snprintf(buf, size, "%-7s vs%u,vs%u,vs%u,vs%u", mn, d->rt, d->ra,
                        d->rb, d->rc);
    case PPC_FORM_DQ_VSX:
    case PPC_FORM_DS_VSX:
        return snprintf(buf, size, "%-7s vs%u,%lld(r%u)", mn, d->rt, imm, d->ra);
    case PPC_FORM_MLS_D:
    case PPC_FORM_8LS_D_VSX:
        if (r->flags & (PPC_F_LOAD | PPC_F_STORE))
            return snprintf(buf, size, "%-7s r%u,%lld(r%u),%u", mn, d->rt, imm,
                            d->ra, (d->dflags & PPC_DF_R) ? 1 : 0);
        return snprintf(buf, size, "%-7s r%u,r%u,%lld,%u", mn, d->rt, d->ra, imm,
                        (d->dflags & PPC_DF_R) ? 1 : 0);
    case PPC_FORM_8RR:
        return snprintf(buf, size, "%-7s %u,%lld", mn, d->rt, imm);
    default:
        if (d->prefix)
            return snprintf(buf, size, "%-7s (0x%08x 0x%08x)", mn, d->prefix, d->word);
        return snprintf(buf, size, "%s", mn);
    }
}
