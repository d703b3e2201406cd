/* engine/decode.c: the decoder (word -> table row) for one ISA level and
 * the pre-decoder (row + word -> struct ppc_dinsn). Both are driven by the
 * table alone: at construction the rows of the level are bucketed by
 * primary opcode and, for crowded opcodes, by the low 11 bits of the word;
 * candidates are tried most specific mask first. Invalid-form checks
 * (PPC_C_*) are the ISA's "invalid form" rules. */
#include <stdlib.h>
#include <string.h>

#include "insn.h"

#define SUB_BITS 11
#define SUB_SIZE (1u << SUB_BITS)
#define SIMPLE_MAX 6

struct ppc_decoder {
    enum ppc_isa isa;
    /* Per primary opcode: either a direct candidate list (sub == NULL) at
     * pool[off[op]], or a table of 2048 offsets into the pool. */
    uint32_t off[64];
    uint32_t *sub[64];
    uint32_t prefixed;          /* offset of the prefixed candidate list */
    uint16_t *pool;             /* 0-terminated lists of row ids */
    size_t pool_len, pool_cap;
};

static bool row_in_level(const struct ppc_insn_def *r, enum ppc_isa isa)
{
    if (r->isa > isa)
        return false;
    if ((r->flags & PPC_F_PRE31) && isa >= PPC_ISA_310)
        return false;
    if ((r->flags & PPC_F_PRE30) && isa >= PPC_ISA_300)
        return false;
    return true;
}

static int pool_push(struct ppc_decoder *dec, uint16_t v)
{
    if (dec->pool_len == dec->pool_cap) {
        size_t cap = dec->pool_cap ? dec->pool_cap * 2 : 4096;
        uint16_t *p = realloc(dec->pool, cap * sizeof(*p));
        if (!p)
            return -1;
        dec->pool = p;
        dec->pool_cap = cap;
    }
    dec->pool[dec->pool_len++] = v;
    return 0;
}

/* Candidates ordered: more mask bits first, then table order. */
static int cmp_rows(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    const struct ppc_insn_def *rx = &ppc_insn_table[x], *ry = &ppc_insn_table[y];
    int px = __builtin_popcount(rx->mask) + __builtin_popcount(rx->pmask);
    int py = __builtin_popcount(ry->mask) + __builtin_popcount(ry->pmask);
    if (px != py)
        return py - px;
    return (int)x - (int)y;
}

void ppc_decoder_free(struct ppc_decoder *dec)
{
    if (!dec)
        return;
    for (unsigned i = 0; i < 64; i++)
        free(dec->sub[i]);
    free(dec->pool);
    free(dec);
}

struct ppc_decoder *ppc_decoder_new(enum ppc_isa isa)
{
    struct ppc_decoder *dec = calloc(1, sizeof(*dec));
    uint16_t *rows = calloc(PPC_ID_COUNT, sizeof(*rows));
    uint16_t *tmp = calloc(PPC_ID_COUNT, sizeof(*tmp));
    if (!dec || !rows || !tmp)
        goto fail;
    dec->isa = isa;
    if (pool_push(dec, 0))          /* offset 0: the empty list */
        goto fail;

    /* Prefixed rows. */
    unsigned n = 0;
    for (unsigned id = 1; id < PPC_ID_COUNT; id++) {
        const struct ppc_insn_def *r = &ppc_insn_table[id];
        if ((r->flags & PPC_F_PREFIXED) && row_in_level(r, isa))
            rows[n++] = (uint16_t)id;
    }
    qsort(rows, n, sizeof(*rows), cmp_rows);
    dec->prefixed = (uint32_t)dec->pool_len;
    for (unsigned i = 0; i < n; i++)
        if (pool_push(dec, rows[i]))
            goto fail;
    if (pool_push(dec, 0))
        goto fail;

    for (unsigned op = 0; op < 64; op++) {
        n = 0;
        for (unsigned id = 1; id < PPC_ID_COUNT; id++) {
            const struct ppc_insn_def *r = &ppc_insn_table[id];
            if ((r->flags & PPC_F_PREFIXED) || !row_in_level(r, isa))
                continue;
            if (((r->match ^ (op << 26)) & r->mask & 0xfc000000u) == 0)
                rows[n++] = (uint16_t)id;
        }
        qsort(rows, n, sizeof(*rows), cmp_rows);
        if (n <= SIMPLE_MAX) {
            dec->off[op] = (uint32_t)dec->pool_len;
            for (unsigned i = 0; i < n; i++)
                if (pool_push(dec, rows[i]))
                    goto fail;
            if (pool_push(dec, 0))
                goto fail;
            continue;
        }
        dec->sub[op] = calloc(SUB_SIZE, sizeof(uint32_t));
        if (!dec->sub[op])
            goto fail;
        for (uint32_t lo = 0; lo < SUB_SIZE; lo++) {
            unsigned m = 0;
            for (unsigned i = 0; i < n; i++) {
                const struct ppc_insn_def *r = &ppc_insn_table[rows[i]];
                if (((r->match ^ lo) & r->mask & (SUB_SIZE - 1)) == 0)
                    tmp[m++] = rows[i];
            }
            if (m == 0)
                continue;
            /* Share a list equal to the previous entry's. */
            if (lo > 0 && dec->sub[op][lo - 1]) {
                const uint16_t *prev = &dec->pool[dec->sub[op][lo - 1]];
                unsigned k = 0;
                while (k < m && prev[k] == tmp[k])
                    k++;
                if (k == m && prev[m] == 0) {
                    dec->sub[op][lo] = dec->sub[op][lo - 1];
                    continue;
                }
            }
            dec->sub[op][lo] = (uint32_t)dec->pool_len;
            for (unsigned i = 0; i < m; i++)
                if (pool_push(dec, tmp[i]))
                    goto fail;
            if (pool_push(dec, 0))
                goto fail;
        }
    }
    free(rows);
    free(tmp);
    return dec;
fail:
    free(rows);
    free(tmp);
    ppc_decoder_free(dec);
    return NULL;
}

/* BO encodings defined since ISA 2.0 (z bits zero, at != 01). */
static bool bo_valid(unsigned bo)
{
    if ((bo & 0x14) == 0)
        return (bo & 1) == 0;
    if ((bo & 0x14) == 0x14)
        return bo == 0x14;
    if ((bo & 0x14) == 0x4)
        return (bo & 3) != 1;
    return (bo & 9) != 1;       /* 1a00t, 1a01t */
}

static bool form_valid(const struct ppc_insn_def *r, uint32_t w,
                       uint32_t prefix, enum ppc_isa isa)
{
    uint64_t f = r->flags;
    unsigned rt = PPC_FIELD(w, 6, 10), ra = PPC_FIELD(w, 11, 15);
    unsigned rb = PPC_FIELD(w, 16, 20);
    if (!(f >> 32))
        return true;
    if ((f & PPC_C_RAL) && (ra == 0 || ra == rt))
        return false;
    if ((f & PPC_C_RAS) && ra == 0)
        return false;
    if ((f & PPC_C_RAM) && ra >= rt)
        return false;
    if ((f & PPC_C_RAQ) && ra == rt)
        return false;
    if ((f & PPC_C_RBX) && rb == rt)
        return false;
    if ((f & PPC_C_BO) && !bo_valid(rt))
        return false;
    if ((f & PPC_C_PCREL) && (prefix & (1u << 20)) && ra != 0)
        return false;
    if ((f & PPC_C_RTEVEN) && (rt & 1))
        return false;
    if (f & PPC_C_FXM) {
        unsigned fxm = PPC_FIELD(w, 12, 19);
        if (w & (1u << 20)) {
            if (fxm == 0 || (fxm & (fxm - 1)))
                return false;
        } else if (fxm != 0) {
            return false;
        }
    }
    if ((f & PPC_C_TBR)) {
        unsigned tbr = ra | (rb << 5);
        if (tbr != 268 && tbr != 269)
            return false;
    }
    if (f & PPC_C_SYNCL) {
        unsigned l = isa >= PPC_ISA_310 ? (rt & 7) : (rt & 3);
        if (l == 3 || l == 6 || l == 7)
            return false;
    }
    if (f & PPC_C_DCBFL) {
        unsigned l = isa >= PPC_ISA_310 ? (rt & 7) : (rt & 3);
        if (l == 2 || l == 5 || l == 7)
            return false;
    }
    return true;
}

enum ppc_insn_id ppc_decode(const struct ppc_decoder *dec, uint32_t word,
                            uint32_t suffix, unsigned *len)
{
    unsigned op = word >> 26;
    const uint16_t *c;
    *len = 4;
    if (op == 1) {
        for (c = &dec->pool[dec->prefixed]; *c; c++) {
            const struct ppc_insn_def *r = &ppc_insn_table[*c];
            if ((word & r->pmask) == r->pmatch &&
                (suffix & r->mask) == r->match &&
                form_valid(r, suffix, word, dec->isa)) {
                *len = 8;
                return (enum ppc_insn_id)*c;
            }
        }
        return PPC_ID_INVALID;
    }
    if (dec->sub[op])
        c = &dec->pool[dec->sub[op][word & (SUB_SIZE - 1)]];
    else
        c = &dec->pool[dec->off[op]];
    for (; *c; c++) {
        const struct ppc_insn_def *r = &ppc_insn_table[*c];
        if ((word & r->mask) == r->match && form_valid(r, word, 0, dec->isa))
            return (enum ppc_insn_id)*c;
    }
    return PPC_ID_INVALID;
}

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

void ppc_predecode(struct ppc_dinsn *d, enum ppc_insn_id id, uint64_t pc,
                   uint32_t word, uint32_t suffix)
{
    const struct ppc_insn_def *r = &ppc_insn_table[id];
    uint32_t w = word, prefix = 0;
    memset(d, 0, sizeof(*d));
    if (r->flags & PPC_F_PREFIXED) {
        prefix = word;
        w = suffix;
        d->len = 8;
    } else {
        d->len = 4;
    }
    d->fn = r->exec;
    d->pc = pc;
    d->word = w;
    d->prefix = prefix;
    d->id = (uint16_t)id;
    d->rt = PPC_FIELD(w, 6, 10);
    d->ra = PPC_FIELD(w, 11, 15);
    d->rb = PPC_FIELD(w, 16, 20);
    d->rc = PPC_FIELD(w, 21, 25);
    if ((r->flags & PPC_F_RC) && (w & 1))
        d->dflags |= PPC_DF_RC;
    if ((r->flags & (PPC_F_VRC | PPC_F_VSXRC)) && (w & (1u << 10)))
        d->dflags |= PPC_DF_RC;
    if ((r->flags & PPC_F_OE) && (w & (1u << 10)))
        d->dflags |= PPC_DF_OE;
    if ((r->flags & PPC_F_LK) && (w & 1))
        d->dflags |= PPC_DF_LK;
    if ((r->flags & PPC_F_AA) && (w & 2))
        d->dflags |= PPC_DF_AA;
    if (prefix & (1u << 20))
        d->dflags |= PPC_DF_R;

    switch ((enum ppc_form)r->form) {
    case PPC_FORM_I:
        d->imm = sext(w & 0x03fffffcu, 26);
        break;
    case PPC_FORM_B:
        d->imm = sext(w & 0xfffcu, 16);
        break;
    case PPC_FORM_XL_BR:
        d->rb = PPC_FIELD(w, 19, 20);
        break;
    case PPC_FORM_SC:
        d->imm = PPC_FIELD(w, 20, 26);
        break;
    case PPC_FORM_D:
    case PPC_FORM_D_CMP:
    case PPC_FORM_D_TO:
        d->imm = sext(w & 0xffff, 16);
        break;
    case PPC_FORM_D_UI:
    case PPC_FORM_D_CMPL:
        d->imm = w & 0xffff;
        break;
    case PPC_FORM_DS:
        d->imm = sext(w & 0xfffc, 16);
        break;
    case PPC_FORM_DQ:
        d->imm = sext(w & 0xfff0, 16);
        break;
    case PPC_FORM_DX: {
        uint32_t d0 = PPC_FIELD(w, 16, 25), d1 = PPC_FIELD(w, 11, 15);
        uint32_t d2 = w & 1;
        d->imm = sext((d0 << 6) | (d1 << 1) | d2, 16) * 65536;
        break;
    }
    case PPC_FORM_XS:
    case PPC_FORM_MD:
        d->rb = PPC_FIELD(w, 16, 20) | (PPC_FIELD(w, 30, 30) << 5);
        if (r->form == PPC_FORM_MD)
            d->rc = PPC_FIELD(w, 21, 25) | (PPC_FIELD(w, 26, 26) << 5);
        break;
    case PPC_FORM_MDS:
        d->rc = PPC_FIELD(w, 21, 25) | (PPC_FIELD(w, 26, 26) << 5);
        break;
    case PPC_FORM_M:
        d->imm = PPC_FIELD(w, 26, 30);
        break;
    case PPC_FORM_XFX_SPR:
    case PPC_FORM_XFX_TB:
        d->imm = PPC_FIELD(w, 11, 15) | (PPC_FIELD(w, 16, 20) << 5);
        break;
    case PPC_FORM_XFX_CRM:
        d->imm = PPC_FIELD(w, 12, 19);
        break;
    case PPC_FORM_X_DARN:
        d->imm = PPC_FIELD(w, 14, 15);
        break;
    case PPC_FORM_X_WAIT:
        d->imm = PPC_FIELD(w, 9, 10);
        break;
    case PPC_FORM_XX1:
        d->rt |= (w & 1) << 5;
        break;
    case PPC_FORM_XX2:
        d->rt |= (w & 1) << 5;
        d->rb |= ((w >> 1) & 1) << 5;
        break;
    case PPC_FORM_XX3:
        d->rt |= (w & 1) << 5;
        d->ra |= ((w >> 2) & 1) << 5;
        d->rb |= ((w >> 1) & 1) << 5;
        break;
    case PPC_FORM_XX4:
        d->rt |= (w & 1) << 5;
        d->ra |= ((w >> 2) & 1) << 5;
        d->rb |= ((w >> 1) & 1) << 5;
        d->rc |= ((w >> 3) & 1) << 5;
        break;
    case PPC_FORM_DQ_VSX:
        d->rt |= ((w >> 3) & 1) << 5;
        d->imm = sext(w & 0xfff0, 16);
        break;
    case PPC_FORM_DS_VSX:
        d->rt += 32;
        d->imm = sext(w & 0xfffc, 16);
        break;
    case PPC_FORM_MLS_D:
    case PPC_FORM_8LS_D_VSX:
        d->imm = sext(((uint64_t)(prefix & 0x3ffff) << 16) | (w & 0xffff), 34);
        if (r->form == PPC_FORM_8LS_D_VSX)
            d->rt |= ((w >> 26) & 1) << 5;
        break;
    case PPC_FORM_8RR:
        d->imm = ((prefix & 0xffff) << 16) | (w & 0xffff);
        break;
    default:
        break;
    }
}
