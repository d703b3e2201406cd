/* tests/user/progs/be-elfv2.c: a freestanding big-endian ELFv2 program
 * (no C library: -mbig -mabi=elfv2 -nostdlib), its own _start and raw
 * system calls. Byte order of loads and stores (plain, byte-reversed,
 * unaligned, sign-extending), integer and floating-point arithmetic, a
 * CRC over a buffer, argv, a signal handler entered directly (ELFv2: no
 * function descriptor) that reads its siginfo and ucontext and returns
 * through rt_sigreturn; exit status 42. Also built little-endian.
 * build: freestanding
 * run: (no arguments)
 * run: one two three */
#include <stdint.h>

#define NR_write 4
#define NR_exit_group 234
#define NR_getpid 20
#define NR_kill 37
#define NR_rt_sigaction 173

static long sys(long nr, long a, long b, long c, long d)
{
    register long r0 __asm__("r0") = nr;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    register long r6 __asm__("r6") = d;
    __asm__ volatile("sc\n"
                     "bns+ 1f\n"
                     "neg 3, 3\n"
                     "1:\n"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                     :
                     : "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "memory");
    return r3;
}

static unsigned long slen(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void puts_(const char *s)
{
    sys(NR_write, 1, (long)s, (long)slen(s), 0);
}

static void hex(uint64_t v, int digits)
{
    char b[20];
    for (int i = digits - 1; i >= 0; i--) {
        b[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    b[digits] = 0;
    puts_(b);
}

static void dec(long v)
{
    char b[24];
    int i = 23;
    int neg = v < 0;
    unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        b[--i] = '-';
    puts_(b + i);
}

static void line(const char *what, uint64_t v, int digits)
{
    puts_(what);
    puts_(" ");
    hex(v, digits);
    puts_("\n");
}

static volatile int got_sig;
static volatile uint64_t got_code, got_nip_nonzero, got_r3;

struct ksigaction {
    void (*handler)(int, void *, void *);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

static void handler(int sig, void *info, void *uc)
{
    got_sig = sig;
    got_code = (uint64_t)(int64_t)((int *)info)[2];         /* si_code */
    /* uc_mcontext.gp_regs at 168 + 64; NIP is gp_regs[32]. */
    uint64_t *gp = (uint64_t *)((char *)uc + 232);
    got_nip_nonzero = gp[32] != 0;
    got_r3 = gp[0] == NR_kill;                               /* r0 of the sc */
}

static uint32_t crc32(const uint8_t *p, unsigned long n)
{
    uint32_t c = 0xffffffffu;
    for (unsigned long i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

void cmain(uint64_t *sp);

void cmain(uint64_t *sp)
{
    long argc = (long)sp[0];
    char **argv = (char **)(sp + 1);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    puts_("freestanding ELFv2 big-endian\n");
#else
    puts_("freestanding ELFv2 little-endian\n");
#endif
    puts_("argc ");
    dec(argc);
    puts_("\n");
    for (long i = 1; i < argc; i++) {
        puts_("argv: ");
        puts_(argv[i]);
        puts_("\n");
    }

    static volatile uint32_t word = 0x11223344;
    volatile uint8_t *b = (volatile uint8_t *)&word;
    line("bytes of 0x11223344:", (uint64_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3], 8);
    uint32_t br;
    __asm__ volatile("lwbrx %0, 0, %1" : "=r"(br) : "r"(&word), "m"(word));
    line("lwbrx:", br, 8);
    static volatile uint8_t buf[32] = { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                                        0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f };
    uint64_t u;
    __asm__ volatile("ldx %0, %1, %2" : "=r"(u) : "b"(buf), "r"(3L), "m"(buf));
    line("unaligned ld:", u, 16);
    int64_t h;
    __asm__ volatile("lha %0, 1(%1)" : "=r"(h) : "b"(buf), "m"(buf));
    line("lha:", (uint64_t)h, 16);
    __asm__ volatile("ldbrx %0, 0, %1" : "=r"(u) : "r"(buf), "m"(buf));
    line("ldbrx:", u, 16);
    __asm__ volatile("sthbrx %1, 0, %0" : : "r"(buf + 20), "r"(0x1234) : "memory");
    line("sthbrx then bytes:", (uint64_t)buf[20] << 8 | buf[21], 4);
    __asm__ volatile("stw %1, 0(%0)" : : "b"(buf + 24), "r"(0xa1b2c3d4) : "memory");
    line("stw then bytes:", (uint64_t)buf[24] << 24 | (uint64_t)buf[25] << 16 | buf[26] << 8 | buf[27], 8);

    volatile uint64_t x = 0x0123456789abcdefull, y = 977;
    line("mul:", x * y, 16);
    line("div:", x / y, 16);
    line("mod:", x % y, 16);
    line("rotl 13:", (x << 13) | (x >> 51), 16);
    line("clz:", (uint64_t)__builtin_clzll(x >> 3), 2);
    line("popcount:", (uint64_t)__builtin_popcountll(x), 2);
    volatile double d1 = 1.0 / 3.0, d2 = 2.5;
    union { double d; uint64_t u; } fu = { .d = d1 * d2 + 0.125 };
    line("fp:", fu.u, 16);
    uint8_t data[256];
    for (int i = 0; i < 256; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    line("crc32:", crc32(data, sizeof(data)), 8);

    struct ksigaction sa = { handler, 0x4 /* SA_SIGINFO */, 0, 0 };
    long r = sys(NR_rt_sigaction, 10, (long)&sa, 0, 8);
    line("rt_sigaction:", (uint64_t)r, 2);
    sys(NR_kill, sys(NR_getpid, 0, 0, 0, 0), 10, 0, 0);
    line("handler sig:", (uint64_t)got_sig, 2);
    line("si_code (SI_USER):", got_code, 2);
    line("nip saved:", got_nip_nonzero, 1);
    line("r0 saved:", got_r3, 1);
    puts_("done\n");
    sys(NR_exit_group, 42, 0, 0, 0);
}

__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "  bcl 20, 31, 1f\n"
        "1: mflr 12\n"
        "  addis 2, 12, (.TOC.-1b)@ha\n"
        "  addi 2, 2, (.TOC.-1b)@l\n"
        "  mr 3, 1\n"
        "  clrrdi 1, 1, 4\n"
        "  li 0, 0\n"
        "  stdu 0, -128(1)\n"
        "  bl cmain\n"
        "  nop\n"
        "  li 0, 234\n"
        "  li 3, 1\n"
        "  sc\n");
