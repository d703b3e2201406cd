/* tests/user/progs/sig-fault.c: synchronous signals and the ucontext.
 * SIGSEGV (unmapped: SEGV_MAPERR, read-only: SEGV_ACCERR) with si_addr,
 * SIGILL (illegal and privileged), SIGTRAP (tw, tdi), SIGFPE (enabled
 * divide by zero); the handler reads the interrupted GPRs, FPRs, vector
 * registers, CR, LR, CTR from the ucontext, changes some and moves the
 * nip past the instruction; rt_sigreturn must restore what it changed.
 * With "die": an uncaught SIGSEGV kills the process (status 128+11).
 * run: (no arguments)
 * run: die
 * qemu-bug: "  sig=11 code=1 addr_is_nip=0 nip_ok=1 addr=0x120" -> "  sig=11 code=2 addr_is_nip=0 nip_ok=1 addr=0x120"
 *   (a store to a mapped read-only page is SEGV_ACCERR on Linux, DSISR
 *   protection bit; QEMU 7.2 says SEGV_MAPERR)
 * qemu-bug: "  sig=11 code=1 addr_is_nip=0 nip_ok=1 addr=0x120" -> "  sig=11 code=1 addr_is_nip=1 nip_ok=1 addr=0x20"
 *   (for an instruction fetch fault Linux reports si_addr = the address
 *   fetched (regs->nip); QEMU 7.2 reports the last data fault address) */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

extern char segv_insn[], ill_insn[], priv_insn[], trap_insn[], tdi_insn[], ctx_insn[];
static volatile uintptr_t expect_nip;
static volatile int skip = 1;
static sigjmp_buf jb;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    mcontext_t *mc = &uc->uc_mcontext;
    uintptr_t nip = mc->gp_regs[PT_NIP];
    printf("  sig=%d code=%d addr_is_nip=%d nip_ok=%d", sig, si->si_code,
           (uintptr_t)si->si_addr == nip, !expect_nip || nip == expect_nip);
    if (sig == SIGSEGV || sig == SIGBUS)
        printf(" addr=%#lx", (unsigned long)(uintptr_t)si->si_addr & 0xfff);
    printf("\n");
    if (skip)
        mc->gp_regs[PT_NIP] += 4;
    else
        siglongjmp(jb, 1);
}

/* Registers across a fault: set, fault, let the handler change some. */
static volatile uint64_t seen[16];
static int vec_ok = 1;

static void ctx_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    mcontext_t *mc = &uc->uc_mcontext;
    (void)sig;
    (void)si;
    seen[0] = mc->gp_regs[14];
    seen[1] = mc->gp_regs[15];
    seen[2] = mc->gp_regs[16];
    seen[3] = mc->gp_regs[PT_CCR] & 0xffffffff;
    seen[4] = mc->gp_regs[PT_CTR];
    uint64_t f14;
    memcpy(&f14, &mc->fp_regs[14], 8);
    seen[5] = f14;
    seen[6] = mc->gp_regs[PT_NIP] == (uintptr_t)ctx_insn;
    seen[7] = mc->gp_regs[PT_LNK];
    /* v_regs: VR20 and the VSX low half of VSR14. */
    if (mc->v_regs) {
        unsigned int *w = (unsigned int *)&mc->v_regs->vrregs[20];
        seen[8] = w[0];
        seen[9] = w[3];
        uint64_t *vsx = (uint64_t *)&mc->v_regs->vrregs[34];
        seen[10] = vsx[14];
        w[0] = 0x5555aaaa;
        vsx[14] = 0x0123456789abcdefull;
    } else {
        vec_ok = 0;
    }
    /* Changes that sigreturn must carry back. */
    mc->gp_regs[15] = 0x1515abcd;
    mc->gp_regs[PT_CCR] = (mc->gp_regs[PT_CCR] & ~0xf0000000ul) | 0x20000000;  /* cr0 = gt */
    mc->gp_regs[PT_CTR] = 777;
    double d = 6.25;
    memcpy(&mc->fp_regs[14], &d, 8);
    mc->gp_regs[PT_NIP] += 4;
}

static void ctx_test(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = ctx_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    static double two = 2.5;
    static uint32_t vin[4] __attribute__((aligned(16))) = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
    static uint32_t vout[4] __attribute__((aligned(16)));
    static uint64_t xout[2] __attribute__((aligned(16)));
    uint64_t r14, r15, r16, ctr, cr;
    double f14;
    __asm__ volatile(
        "li 14, 0x1414\n"
        "li 15, 0x1515\n"
        "lis 16, 0x1616\n"
        "li 0, 99\n"
        "mtctr 0\n"
        "lfd 14, 0(%[two])\n"
        "lvx 20, 0, %[vin]\n"
        "xxpermdi 14, 14, 14, 0\n" /* VSR14 = { f14, f14 } */
        "li 0, 0\n"
        "cmpdi 0, 0\n"              /* cr0 = eq */
        "li 3, 8\n"
        ".globl ctx_insn\n"
        "ctx_insn: ld 3, 0(3)\n"   /* fault: unmapped address 8 */
        "mr %[r14], 14\n"
        "mr %[r15], 15\n"
        "mr %[r16], 16\n"
        "mfctr %[ctr]\n"
        "mfcr %[cr]\n"
        "fmr %[f14], 14\n"
        "stvx 20, 0, %[vout]\n"
        "stxvd2x 14, 0, %[xout]\n"
        : [r14] "=&r"(r14), [r15] "=&r"(r15), [r16] "=&r"(r16), [ctr] "=&r"(ctr),
          [cr] "=&r"(cr), [f14] "=&d"(f14)
        : [two] "b"(&two), [vin] "b"(vin), [vout] "b"(vout), [xout] "b"(xout)
        : "r0", "r3", "r14", "r15", "r16", "fr14", "v20", "ctr", "cr0", "memory");
    printf("in handler: r14=%#llx r15=%#llx r16=%#llx cr0=%llx ctr=%llu f14=%#llx nip_ok=%d lr_nonzero=%d\n",
           (unsigned long long)seen[0], (unsigned long long)seen[1], (unsigned long long)seen[2],
           (unsigned long long)(seen[3] >> 28), (unsigned long long)seen[4],
           (unsigned long long)seen[5], (int)seen[6], seen[7] != 0);
    printf("in handler: vr20 w0=%#llx w3=%#llx vsr14.dw1=%#llx v_regs=%d\n",
           (unsigned long long)seen[8], (unsigned long long)seen[9],
           (unsigned long long)seen[10], vec_ok);
    printf("after: r14=%#llx r15=%#llx r16=%#llx cr0=%llx ctr=%llu f14=%g\n",
           (unsigned long long)r14, (unsigned long long)r15, (unsigned long long)r16,
           (unsigned long long)((cr >> 28) & 0xf), (unsigned long long)ctr, f14);
    printf("after: vr20 w0=%#x w3=%#x vsr14.dw1=%#llx\n", vout[0], vout[3],
           (unsigned long long)xout[1]);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);

    if (argc > 1 && strcmp(argv[1], "die") == 0) {
        printf("about to fault\n");
        *(volatile int *)(uintptr_t)(argc * 8) = 1;
        printf("still alive?\n");
        return 0;
    }

    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    printf("SIGSEGV unmapped load:\n");
    expect_nip = (uintptr_t)segv_insn;
    __asm__ volatile("li 3, 0x10\n.globl segv_insn\nsegv_insn: lwz 3, 0(3)\n" ::: "r3", "memory");

    printf("SIGSEGV store to read-only page:\n");
    volatile int *ro = mmap(NULL, 65536, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect_nip = 0;
    skip = 0;
    if (sigsetjmp(jb, 1) == 0)
        ro[0x123 / 4] = 5;
    printf("SIGSEGV jump to unmapped code:\n");
    if (sigsetjmp(jb, 1) == 0)
        ((void (*)(void))0x20)();
    skip = 1;

    printf("SIGILL illegal instruction:\n");
    expect_nip = (uintptr_t)ill_insn;
    __asm__ volatile(".globl ill_insn\nill_insn: .long 0\n" ::: "memory");
    printf("SIGILL privileged instruction:\n");
    expect_nip = (uintptr_t)priv_insn;
    __asm__ volatile(".globl priv_insn\npriv_insn: mfmsr 3\n" ::: "r3", "memory");

    printf("SIGTRAP tw 31,0,0:\n");
    expect_nip = (uintptr_t)trap_insn;
    __asm__ volatile(".globl trap_insn\ntrap_insn: tw 31, 0, 0\n" ::: "memory");
    printf("SIGTRAP tdi (taken):\n");
    expect_nip = (uintptr_t)tdi_insn;
    __asm__ volatile("li 3, 5\n.globl tdi_insn\ntdi_insn: tdi 4, 3, 5\n" ::: "r3", "memory");
    printf("tdi (not taken): ok\n");
    __asm__ volatile("li 3, 6\ntdi 4, 3, 5\n" ::: "r3", "memory");

    printf("SIGFPE divide by zero (enabled):\n");
    expect_nip = 0;
    feenableexcept(FE_DIVBYZERO);
    volatile double a = 1.0, b = 0.0;
    volatile double c = a / b;
    (void)c;
    fedisableexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    c = a / b;
    printf("divide by zero (disabled): %g\n", c);

    printf("registers through the ucontext:\n");
    ctx_test();
    return 0;
}
