/* tests/isa/insn-list.c: prints the engine's instruction table, one row a
 * line: "id class mnemonic isa flags has-semantics", for the ISA tests'
 * scripts (which instructions exist at which level, which have no
 * semantics yet). */
#include <stdio.h>

#include "insn.h"

int main(void)
{
    static const char *const isa[] = { "2.06", "2.07", "3.0", "3.1" };
    for (unsigned id = 1; id < PPC_ID_COUNT; id++) {
        const struct ppc_insn_def *r = &ppc_insn_table[id];
        printf("%u %s %s %s 0x%016llx %d\n", id, ppc_insn_class(id), r->mnem,
               r->isa < PPC_ISA_COUNT ? isa[r->isa] : "?", (unsigned long long)r->flags,
               ppc_insn_has_semantics(id) ? 1 : 0);
    }
    return 0;
}
