/* engine/vmx-crypto.c: the VMX crypto instructions of ISA 2.07 (Power ISA
 * Book I 6.11): AES rounds (vcipher, vcipherlast, vncipher, vncipherlast,
 * vsbox) and the SHA-2 sigma functions (vshasigmaw, vshasigmad). The AES
 * S-box is computed from its definition (FIPS-197 5.1.1: multiplicative
 * inverse in GF(2^8) followed by the affine transform), so no table is
 * kept. The state is the 16 bytes of the register in ISA order, column-
 * major (byte 4c+r is row r of column c). Rows: insn-vmx.def. */
#include "vmx-elem.h"

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1)
            p ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static uint8_t ginv(uint8_t x)
{
    /* x^254 = x^-1 in GF(2^8); 0 maps to 0 */
    uint8_t r = 1, base = x;
    for (unsigned e = 254; e; e >>= 1) {
        if (e & 1)
            r = gmul(r, base);
        base = gmul(base, base);
    }
    return x ? r : 0;
}

static inline uint8_t rotl8(uint8_t x, unsigned n)
{
    return (uint8_t)((x << n) | (x >> (8 - n)));
}

static uint8_t sbox(uint8_t x)
{
    uint8_t b = ginv(x);
    return b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63;
}

static uint8_t inv_sbox(uint8_t y)
{
    uint8_t b = rotl8(y, 1) ^ rotl8(y, 3) ^ rotl8(y, 6) ^ 0x05;
    return ginv(b);
}

static void sub_bytes(uint8_t s[16], bool inv)
{
    for (int i = 0; i < 16; i++)
        s[i] = inv ? inv_sbox(s[i]) : sbox(s[i]);
}

static void shift_rows(uint8_t s[16], bool inv)
{
    uint8_t t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            int src = inv ? (c - r + 4) % 4 : (c + r) % 4;
            t[4 * c + r] = s[4 * src + r];
        }
    memcpy(s, t, 16);
}

static void mix_columns(uint8_t s[16], bool inv)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, bwd[4] = { 14, 11, 13, 9 };
    const uint8_t *m = inv ? bwd : fwd;
    for (int c = 0; c < 4; c++) {
        uint8_t col[4], out[4];
        memcpy(col, s + 4 * c, 4);
        for (int r = 0; r < 4; r++) {
            out[r] = 0;
            for (int k = 0; k < 4; k++)
                out[r] ^= gmul(col[k], m[(k - r + 4) % 4]);
        }
        memcpy(s + 4 * c, out, 4);
    }
}

static void get16(const ppc_vsr *v, uint8_t s[16])
{
    for (int i = 0; i < 16; i++)
        s[i] = EB(*v, i);
}

static void put16(ppc_vsr *v, const uint8_t s[16])
{
    for (int i = 0; i < 16; i++)
        EB(*v, i) = s[i];
}

enum aes_op { A_CIPHER, A_CIPHERLAST, A_NCIPHER, A_NCIPHERLAST, A_SBOX };

static int aes(struct ppc_cpu *cpu, const struct ppc_dinsn *d, enum aes_op op)
{
    ppc_vsr a = VR(VRA), b = VR(VRB), t;
    uint8_t s[16], k[16];
    get16(&a, s);
    get16(&b, k);
    switch (op) {
    case A_CIPHER:
    case A_CIPHERLAST:
        sub_bytes(s, false);
        shift_rows(s, false);
        if (op == A_CIPHER)
            mix_columns(s, false);
        for (int i = 0; i < 16; i++)
            s[i] ^= k[i];
        break;
    case A_NCIPHER:
    case A_NCIPHERLAST:
        shift_rows(s, true);
        sub_bytes(s, true);
        for (int i = 0; i < 16; i++)
            s[i] ^= k[i];
        if (op == A_NCIPHER)
            mix_columns(s, true);
        break;
    default:
        sub_bytes(s, false);
        break;
    }
    put16(&t, s);
    VR(VRT) = t;
    return 0;
}
PPC_EXEC(vcipher) { return aes(cpu, d, A_CIPHER); }
PPC_EXEC(vcipherlast) { return aes(cpu, d, A_CIPHERLAST); }
PPC_EXEC(vncipher) { return aes(cpu, d, A_NCIPHER); }
PPC_EXEC(vncipherlast) { return aes(cpu, d, A_NCIPHERLAST); }
PPC_EXEC(vsbox) { return aes(cpu, d, A_SBOX); }

/* SHA-2 sigma functions (FIPS 180-4 4.1.2/4.1.3): ST (bit 16) selects the
 * upper-case Sigma, SIX (bits 17:20) the 0/1 variant per element (bit i
 * for word i, bit 2i for doubleword i). */
static inline uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}
static inline uint64_t ror64(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

PPC_EXEC(vshasigmaw)
{
    unsigned st = WF(16, 16), six = WF(17, 20);
    ppc_vsr a = VR(VRA), t;
    for (int i = 0; i < 4; i++) {
        uint32_t x = EW(a, i);
        bool one = (six >> (3 - i)) & 1;
        uint32_t r;
        if (!st)
            r = one ? ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)
                    : ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
        else
            r = one ? ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25)
                    : ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
        EW(t, i) = r;
    }
    VR(VRT) = t;
    return 0;
}

PPC_EXEC(vshasigmad)
{
    unsigned st = WF(16, 16), six = WF(17, 20);
    ppc_vsr a = VR(VRA), t;
    for (int i = 0; i < 2; i++) {
        uint64_t x = ED(a, i);
        bool one = (six >> (3 - 2 * i)) & 1;
        uint64_t r;
        if (!st)
            r = one ? ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6)
                    : ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
        else
            r = one ? ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41)
                    : ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
        ED(t, i) = r;
    }
    VR(VRT) = t;
    return 0;
}
