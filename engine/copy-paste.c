/* engine/copy-paste.c: the copy-paste facility (Power ISA 3.0B Book II
 * 4.4 "Copy-Paste Facility"; 3.1 Book II 4.5). copy fills a copy buffer
 * with a 128-byte block, paste. sends it to an accelerator's paste target
 * and reports in CR0 whether the target took it, cpabort empties the
 * buffer. A pSeries partition here has no accelerator (no ibm,vas-windows
 * in the tree), so no paste can succeed: paste. answers "not accepted"
 * (CR0 = 0b000 || XER[SO]) and writes nothing, as the ISA allows for a
 * target that rejects the paste. Linux runs cpabort on every context
 * switch (ISA 3.0+), which is why these must not be illegal. Rows:
 * insn-system.def. */
#include "sem.h"

PPC_EXEC(copy)
{
    (void)cpu;
    (void)d;
    return 0;
}

static int paste_rejected(struct ppc_cpu *cpu)
{
    ppc_cr_set(cpu, 0, cpu->xer.so ? 1 : 0);
    return 0;
}

PPC_EXEC(paste30)
{
    (void)d;
    return paste_rejected(cpu);
}

PPC_EXEC(paste)
{
    (void)d;
    return paste_rejected(cpu);
}

PPC_EXEC(cpabort)
{
    (void)cpu;
    (void)d;
    return 0;
}
