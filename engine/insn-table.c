/* engine/insn-table.c: the instruction table, built by the preprocessor
 * from engine/insn-*.def. Rows whose semantic function is not written
 * (yet) resolve to ppc_exec_unimpl through weak aliases, so a row can be
 * added before its semantics; ppc_insn_has_semantics() tells them apart
 * and the ISA tests print the list. */
#include "insn.h"
#include "exec.h"

int ppc_exec_unimpl(struct ppc_cpu *cpu, const struct ppc_dinsn *d);
int ppc_exec_unimpl(struct ppc_cpu *cpu, const struct ppc_dinsn *d)
{
    return ppc_raise(cpu, d, PPC_EXIT_UNIMPL, 0);
}

#define PPC_INSN(id, mn, m, k, form, isa, fl) \
    int exec_##id(struct ppc_cpu *, const struct ppc_dinsn *) \
        __attribute__((weak, alias("ppc_exec_unimpl")));
#define PPC_PINSN(id, mn, pm, pk, m, k, form, isa, fl) \
    PPC_INSN(id, mn, m, k, form, isa, fl)
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN

const struct ppc_insn_def ppc_insn_table[PPC_ID_COUNT] = {
    [PPC_ID_INVALID] = { .mnem = ".long", .exec = ppc_exec_unimpl },
#define PPC_INSN(id, mn, m, k, fm, lv, fl) \
    [PPC_ID_##id] = { .mnem = mn, .match = (m), .mask = (k), \
                      .form = PPC_FORM_##fm, .isa = PPC_ISA_##lv, \
                      .flags = (fl), .exec = exec_##id },
#define PPC_PINSN(id, mn, pm, pk, m, k, fm, lv, fl) \
    [PPC_ID_##id] = { .mnem = mn, .match = (m), .mask = (k), \
                      .pmatch = (pm), .pmask = (pk), \
                      .form = PPC_FORM_##fm, .isa = PPC_ISA_##lv, \
                      .flags = (fl) | PPC_F_PREFIXED, .exec = exec_##id },
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN
};

static const char *const ppc_insn_classes[PPC_ID_COUNT] = {
    [PPC_ID_INVALID] = "invalid",
#define PPC_INSN(id, mn, m, k, fm, lv, fl) [PPC_ID_##id] = PPC_CUR_CLASS,
#define PPC_PINSN(id, mn, pm, pk, m, k, fm, lv, fl) [PPC_ID_##id] = PPC_CUR_CLASS,
#include "insn-all.def"
#undef PPC_INSN
#undef PPC_PINSN
};

const char *ppc_insn_class(enum ppc_insn_id id)
{
    return (unsigned)id < PPC_ID_COUNT ? ppc_insn_classes[id] : "invalid";
}

bool ppc_insn_has_semantics(enum ppc_insn_id id)
{
    return (unsigned)id < PPC_ID_COUNT && id != PPC_ID_INVALID &&
           ppc_insn_table[id].exec != ppc_exec_unimpl;
}
