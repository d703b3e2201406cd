/* engine/insn.h: the instruction table (single source of truth), the
 * pre-decoded instruction record handed to semantic functions, the decoder
 * and the disassembler. The rows live in engine/insn-*.def (X-macros); this
 * header turns them into ids, prototypes and the table. See engine/README.md
 * for how to add an instruction. */
#ifndef PSERIES_ENGINE_INSN_H
#define PSERIES_ENGINE_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

/* ---- row fields ---------------------------------------------------------
 *
 * A row in a .def file:
 *   PPC_INSN(id, "mnemonic", match, mask, FORM, ISA, flags)
 *   PPC_PINSN(id, "mnemonic", prefix_match, prefix_mask,
 *             suffix_match, suffix_mask, FORM, ISA, flags)
 * id        C identifier; the semantic function is exec_<id>.
 * mnemonic  objdump's base mnemonic (-M raw), without the o/l/a/. suffixes
 *           that PPC_F_OE/LK/AA/RC add from the word.
 * match/mask  (word & mask) == match. Masks include reserved bits (a word
 *           with a reserved bit set is invalid, as objdump decides).
 * FORM      PPC_FORM_<FORM>: operand layout for pre-decode and disassembly.
 * ISA       206, 207, 300 or 310: the first ISA level that has it.
 * flags     PPC_F_* below, or 0.
 */

enum ppc_form {
    PPC_FORM_NONE = 0, /* no operands */
    PPC_FORM_I,        /* b: imm = LI (sign-extended, <<2) */
    PPC_FORM_B,        /* bc: rt = BO, ra = BI, imm = BD (<<2) */
    PPC_FORM_XL_BR,    /* bclr/bcctr/bctar: rt = BO, ra = BI, rb = BH */
    PPC_FORM_SC,       /* sc: imm = LEV */
    PPC_FORM_D,        /* rt, ra, imm = SI (signed 16) */
    PPC_FORM_D_UI,     /* rt(=RS), ra, imm = UI (unsigned 16) */
    PPC_FORM_D_CMP,    /* rt = BF<<2|L, ra, imm = SI */
    PPC_FORM_D_CMPL,   /* rt = BF<<2|L, ra, imm = UI */
    PPC_FORM_D_TO,     /* twi/tdi: rt = TO, ra, imm = SI */
    PPC_FORM_DS,       /* rt, ra, imm = DS<<2 signed */
    PPC_FORM_DQ,       /* rt, ra, imm = DQ<<4 signed (lq) */
    PPC_FORM_DX,       /* addpcis: rt, imm = d0||d1||d2 signed, <<16 */
    PPC_FORM_X,        /* rt, ra, rb */
    PPC_FORM_X_RA_RB,  /* ra, rb (dcbz, icbi, ...) */
    PPC_FORM_X_RS_RA,  /* ra <- op(rs): cntlzw etc. (rt = RS) */
    PPC_FORM_X_RT,     /* rt only (mfcr, mfmsr) */
    PPC_FORM_X_RT_RA,  /* rt, ra (setb-like) */
    PPC_FORM_X_CMP,    /* cmp: rt = BF<<2|L, ra, rb */
    PPC_FORM_X_TO,     /* tw/td: rt = TO, ra, rb */
    PPC_FORM_X_SH,     /* srawi/slwi-like: rt(RS), ra, rb = SH */
    PPC_FORM_X_NB,     /* lswi: rt, ra, rb = NB */
    PPC_FORM_X_L,      /* sync: rt = L field (bits 8:10), ra = SC */
    PPC_FORM_X_BF,     /* mcrxrx/setb: rt = BF<<2 */
    PPC_FORM_X_BI,     /* setbc: rt, ra = BI */
    PPC_FORM_XO,       /* rt, ra, rb; OE/Rc from flags */
    PPC_FORM_XO_RT_RA, /* neg/addze: rt, ra */
    PPC_FORM_XS,       /* sradi: rt(RS), ra, rb = sh (6 bits) */
    PPC_FORM_M,        /* rlwinm: rt(RS), ra, rb = SH/RB, rc = MB, imm = ME */
    PPC_FORM_MD,       /* rldicl: rt(RS), ra, rb = sh6, rc = mb6 */
    PPC_FORM_MDS,      /* rldcl: rt(RS), ra, rb, rc = mb6 */
    PPC_FORM_A,        /* isel: rt, ra, rb, rc = BC */
    PPC_FORM_XFX_SPR,  /* mfspr/mtspr: rt, imm = SPR number */
    PPC_FORM_XFX_TB,   /* mftb: rt, imm = TBR number */
    PPC_FORM_XFX_CRM,  /* mtcrf/mfocrf: rt, imm = FXM */
    PPC_FORM_XL_CR,    /* crand: rt = BT, ra = BA, rb = BB */
    PPC_FORM_XL_MCRF,  /* mcrf: rt = BF<<2, ra = BFA<<2 */
    PPC_FORM_XL,       /* isync, rfid: no operands, reserved fields zero */
    PPC_FORM_X_DARN,   /* darn: rt, imm = L */
    PPC_FORM_X_MCRXRX, /* mcrxrx: rt = BF<<2 */
    PPC_FORM_X_WAIT,   /* wait: imm = WC/PL */
    PPC_FORM_VX_RT_RB, /* unused placeholder for ordering */
    PPC_FORM_X_CFUGE,  /* rt(RS), ra, rb */
    /* Floating point / vector forms (pre-decode as noted; the FP/vector
     * code may also read d->word directly). */
    PPC_FORM_A_FP,     /* rt = FRT, ra = FRA, rb = FRB, rc = FRC */
    PPC_FORM_X_FP,     /* rt = FRT/BF.., ra, rb */
    PPC_FORM_VA,       /* rt = VRT, ra, rb, rc = VRC/SHB */
    PPC_FORM_VX,       /* rt, ra, rb */
    PPC_FORM_VC,       /* rt, ra, rb; Rc at bit 21 (flags PPC_F_VRC) */
    PPC_FORM_XX1,      /* rt = TX<<5|T (6 bits), ra, rb (GPRs) */
    PPC_FORM_XX2,      /* rt = TX<<5|T, rb = BX<<5|B, ra = bits 11:15 */
    PPC_FORM_XX3,      /* rt = TX<<5|T, ra = AX<<5|A, rb = BX<<5|B */
    PPC_FORM_XX4,      /* XX3 + rc = CX<<5|C */
    PPC_FORM_DQ_VSX,   /* lxv: rt = TX<<5|T (TX bit 28), ra, imm = DQ<<4 */
    PPC_FORM_DS_VSX,   /* lxsd: rt = 32+VRT, ra, imm = DS<<2 */
    PPC_FORM_RAW,      /* nothing pre-decoded beyond the fields below */
    /* Prefixed (ISA 3.1). */
    PPC_FORM_MLS_D,    /* paddi/pld...: rt, ra, imm = d0||d1 (34-bit signed),
                          PPC_DF_R set when R=1 (PC-relative) */
    PPC_FORM_8LS_D_VSX,/* plxv: rt = TX<<5|T, ra, imm as MLS_D */
    PPC_FORM_8RR,      /* xxsplti32dx & co: rt etc. from suffix, imm = imm32 */
    PPC_FORM_PRAW,     /* prefixed, raw */
    PPC_FORM_COUNT
};

/* Row flags. */
#define PPC_F_RC      (1u << 0)  /* bit 31 is Rc: "." form when set */
#define PPC_F_OE      (1u << 1)  /* bit 21 is OE: "o" form when set */
#define PPC_F_LK      (1u << 2)  /* bit 31 is LK: "l" form */
#define PPC_F_AA      (1u << 3)  /* bit 30 is AA: "a" form */
#define PPC_F_PRIV    (1u << 4)  /* privileged (MSR[PR]=1 -> privileged) */
#define PPC_F_HVPRIV  (1u << 5)  /* hypervisor privileged */
#define PPC_F_PREFIXED (1u << 6) /* 8-byte prefixed instruction */
#define PPC_F_LOAD    (1u << 7)
#define PPC_F_STORE   (1u << 8)
#define PPC_F_BRANCH  (1u << 9)  /* may change the PC: ends the block */
#define PPC_F_ENDBLK  (1u << 10) /* ends the block (sc, isync, icbi, mt*) */
#define PPC_F_FP      (1u << 11) /* needs MSR[FP] */
#define PPC_F_VEC     (1u << 12) /* needs MSR[VEC] */
#define PPC_F_VSX     (1u << 13) /* needs MSR[VSX] */
#define PPC_F_VRC     (1u << 14) /* bit 21 is Rc (VC-form compares) */
#define PPC_F_VSXRC   (1u << 15) /* bit 21 is Rc (XX3 vector compares) */
#define PPC_F_FPSCR   (1u << 16) /* may raise an FP enabled exception */
#define PPC_F_PCREL   (1u << 17) /* reads the PC (addpcis, R=1 prefixed) */
#define PPC_F_NOSEM   (1u << 18) /* decoded, no user-level semantics yet:
                                    exits PPC_EXIT_UNIMPL */

#define PPC_F_PRE31   (1u << 19) /* removed in ISA 3.1 (a 3.1 row replaces) */
#define PPC_F_PRE30   (1u << 20) /* removed in ISA 3.0 (a 3.0 row replaces) */
/* Invalid-form checks done by the decoder (the ISA calls these forms
 * invalid; objdump refuses them too). */
#define PPC_C_RAL     (1ull << 32) /* RA != 0 and RA != RT (load with update) */
#define PPC_C_RAS     (1ull << 33) /* RA != 0 (store with update) */
#define PPC_C_RAM     (1ull << 34) /* RA < RT (lmw) */
#define PPC_C_RAQ     (1ull << 35) /* RA != RT (lq, lswi, lqarx) */
#define PPC_C_RBX     (1ull << 36) /* RB != RT (lswx, lqarx) */
#define PPC_C_BO      (1ull << 37) /* BO is one of the defined encodings */
#define PPC_C_PCREL   (1ull << 38) /* prefixed R=1 needs RA=0 */
#define PPC_C_FXM     (1ull << 39) /* mfocrf/mtocrf one bit; mfcr FXM=0 */
#define PPC_C_TBR     (1ull << 40) /* mftb TBR is 268 or 269 */
#define PPC_C_SYNCL   (1ull << 41) /* sync L value defined for the level */
#define PPC_C_DCBFL   (1ull << 42) /* dcbf L value defined for the level */
#define PPC_C_RTEVEN  (1ull << 43) /* RT even (lq/stq register pairs) */

/* Masks of the operand fields, to add reserved fields to a mask. */
#define PPC_M_RT  0x03e00000u
#define PPC_M_RA  0x001f0000u
#define PPC_M_RB  0x0000f800u
#define PPC_M_RC  0x00000001u

/* Helpers for writing match/mask values in .def files. */
#define PPC_OP(po)          ((uint32_t)(po) << 26)
#define PPC_OPX(po, xo)     (PPC_OP(po) | ((uint32_t)(xo) << 1))
#define PPC_MASK_OP         0xfc000000u
#define PPC_MASK_X          0xfc0007feu  /* primary + 10-bit XO */
#define PPC_MASK_XRC        0xfc0007ffu  /* ... and bit 31 */
#define PPC_MASK_XO         0xfc0003feu  /* primary + 9-bit XO */
#define PPC_MASK_XORC       0xfc0003ffu

/* ---- ids, prototypes and the table -------------------------------------- */

struct ppc_dinsn;
/* A semantic function. Returns 0 to go on with the next instruction of the
 * block, or a PPC_ST_* / PPC_EXIT_* status (engine/exec.h). */
typedef int (*ppc_exec_fn)(struct ppc_cpu *cpu, const struct ppc_dinsn *d);

#define PPC_EXEC(id) int exec_##id(struct ppc_cpu *cpu, const struct ppc_dinsn *d)

enum ppc_insn_id {
    PPC_ID_INVALID = 0,
#define PPC_INSN(id, mn, m, k, form, isa, fl) PPC_ID_##id,
#define PPC_PINSN(id, mn, pm, pk, m, k, form, isa, fl) PPC_ID_##id,
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN
    PPC_ID_COUNT
};

#define PPC_INSN(id, mn, m, k, form, isa, fl) PPC_EXEC(id);
#define PPC_PINSN(id, mn, pm, pk, m, k, form, isa, fl) PPC_EXEC(id);
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN

struct ppc_insn_def {
    const char *mnem;
    uint32_t match, mask;    /* the word, or the suffix word if prefixed */
    uint32_t pmatch, pmask;  /* the prefix word (prefixed rows only) */
    uint8_t form;            /* enum ppc_form */
    uint8_t isa;             /* enum ppc_isa */
    uint64_t flags;          /* PPC_F_* (bits 0-31), PPC_C_* (32-63) */
    ppc_exec_fn exec;
};

/* The table, indexed by enum ppc_insn_id (row 0 is "invalid"). */
extern const struct ppc_insn_def ppc_insn_table[PPC_ID_COUNT];

/* ---- the pre-decoded instruction ------------------------------------- */

/* Decode-time flags of one instance (from the word). */
#define PPC_DF_RC   (1u << 0)   /* record form (Rc=1) */
#define PPC_DF_OE   (1u << 1)   /* OE=1 */
#define PPC_DF_LK   (1u << 2)   /* LK=1 */
#define PPC_DF_AA   (1u << 3)   /* AA=1 */
#define PPC_DF_R    (1u << 4)   /* prefixed R=1 (PC-relative) */
#define PPC_DF_CONT (1u << 5)   /* conditional branch that the block goes
                                   on after when not taken (block.c) */

struct ppc_dinsn {
    ppc_exec_fn fn;          /* semantic function (or an exception raiser) */
    ppc_exec_fn tfn;         /* threaded form: runs fn, then jumps to the
                                next instruction's tfn (engine/threaded.c) */
    uint64_t pc;             /* EA of this instruction */
    int64_t imm;             /* form-dependent immediate (see enum ppc_form) */
    uint32_t word;           /* the word, or the suffix word if prefixed */
    uint32_t prefix;         /* the prefix word, 0 if not prefixed */
    uint16_t id;             /* enum ppc_insn_id */
    uint8_t rt, ra, rb, rc;  /* operand fields as the form says */
    uint8_t dflags;          /* PPC_DF_* */
    uint8_t len;             /* 4 or 8 */
};

/* Raw field extraction in ISA bit numbering (bit 0 = MSB of the word). */
#define PPC_FIELD(w, first, last) \
    (((uint32_t)(w) >> (31 - (last))) & ((1u << ((last) - (first) + 1)) - 1))

/* ---- decoder and disassembler ------------------------------------------- */

struct ppc_decoder;

/* Build the decoder for one ISA level (the rows whose level <= isa). NULL
 * on allocation failure. */
struct ppc_decoder *ppc_decoder_new(enum ppc_isa isa);
void ppc_decoder_free(struct ppc_decoder *dec);

/* Decode the word (and, if it is a prefix, the next word 'suffix'). Returns
 * the row id, or PPC_ID_INVALID. *len is set to 4 or 8 (8 only when a valid
 * prefixed instruction consumed the suffix). */
enum ppc_insn_id ppc_decode(const struct ppc_decoder *dec, uint32_t word,
                            uint32_t suffix, unsigned *len);

/* Fill the pre-decoded record for a decoded row (fn = the row's exec). */
void ppc_predecode(struct ppc_dinsn *d, enum ppc_insn_id id, uint64_t pc,
                   uint32_t word, uint32_t suffix);

/* objdump-like text ("addi r3,r1,16"), with the full mnemonic (o/l/a/.
 * suffixes). Returns the snprintf-style length. Invalid: ".long 0x...". */
int ppc_disasm(char *buf, size_t size, const struct ppc_dinsn *d);
/* Just the full mnemonic of a decoded instruction. */
int ppc_mnemonic(char *buf, size_t size, const struct ppc_dinsn *d);

/* Class of a row, from the .def file it came from ("fixed", "fp", ...). */
const char *ppc_insn_class(enum ppc_insn_id id);
/* Does the row have a semantic function (not the weak default)? */
bool ppc_insn_has_semantics(enum ppc_insn_id id);
/* The default semantic of rows without one: exits PPC_EXIT_UNIMPL. */
int ppc_exec_unimpl(struct ppc_cpu *cpu, const struct ppc_dinsn *d);

#endif
