/* tests/system/bare/mmio.S: loads and stores that reach guest physical
 * addresses outside RAM go to the machine's MMIO hook (engine
 * interrupt.h struct ppc_mmio_ops; run by sys-harness --mmio): Power ISA
 * 3.0B Book III 5.7.3 "Real Addressing Mode" and 5.7.10 radix
 * translation to such addresses, Book I 3.3 byte order (the device sees
 * the bytes in storage order: a little-endian stw of 0x11223344 is the
 * value 0x11223344, a lbz of its first byte 0x44), accesses split in
 * naturally aligned pieces, 7.5.3 "Data Storage Interrupt" for a refused
 * access (DSISR[36]) and for lwarx to caching-inhibited storage
 * (DSISR[37]), and 7.5.2 "Machine Check Interrupt" for an address
 * nothing answers (SRR1[42] load/store, DAR = the address) and for an
 * instruction fetch from MMIO (SRR0 = the address). Device: registers
 * at 0x80000000 (what is written reads back), 0x80001000 refuses,
 * 0x80002000 has nothing. */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        . = 0x200
        VEC 0x200
        VECTORS 0

        . = 0x8000
start:
        NEXT bad
        LOAD64 15, 0x80000000
        /* 1: word store, device sees 0x11223344 at pa +0x10, size 4 */
        LOAD64 6, 0x11223344
        stw 6, 0x10(15)
        HCALL 0xF00C
        CHECK 4, 0x80000010, 1
        CHECK 5, 4, 2
        CHECK 6, 0x11223344, 3
        CHECK 7, 1, 4
        lwz 8, 0x10(15)
        CHECK 8, 0x11223344, 5
        lbz 8, 0x10(15)
        CHECK 8, 0x44, 6
        HCALL 0xF00C
        CHECK 4, 0x80000010, 7
        CHECK 5, 1, 8
        CHECK 7, 0, 9
        /* 2: doubleword and halfword, byte-reversed load */
        LOAD64 6, 0x0102030405060708
        std 6, 0x20(15)
        ld 8, 0x20(15)
        CHECK 8, 0x0102030405060708, 10
        li 9, 0x20
        lwbrx 8, 15, 9
        CHECK 8, 0x08070605, 11
        LOAD64 6, 0xBEEF
        sth 6, 0x30(15)
        lhz 8, 0x30(15)
        CHECK 8, 0xBEEF, 12
        /* 3: a misaligned word: pieces 1 + 2 + 1 */
        LOAD64 6, 0xA1B2C3D4
        stw 6, 0x41(15)
        HCALL 0xF00C
        CHECK 4, 0x80000044, 13
        CHECK 5, 1, 14
        lwz 8, 0x41(15)
        CHECK 8, 0xA1B2C3D4, 15
        lbz 8, 0x42(15)
        CHECK 8, 0xC3, 16

        /* 4: refused: DSI, DSISR[36] (+[38] for a store), DAR */
        LOAD64 16, 0x80001008
        NEXT c4
ld4:    lwz 8, 0(16)
        li 4, 20
        HCALL 0xF003
c4:     CHECK 23, 0x300, 21
        CHECKL 20, ld4, 22
        mfdar 8
        CHECK 8, 0x80001008, 23
        mfdsisr 8
        CHECK 8, 0x08000000, 24
        NEXT c4s
st4:    stw 8, 0(16)
        li 4, 25
        HCALL 0xF003
c4s:    CHECK 23, 0x300, 26
        mfdsisr 8
        CHECK 8, 0x0a000000, 27

        /* 5: nothing there: machine check, SRR1[42], DAR */
        LOAD64 16, 0x80002010
        NEXT c5
ld5:    ld 8, 0(16)
        li 4, 30
        HCALL 0xF003
c5:     CHECK 23, 0x200, 31
        CHECKL 20, ld5, 32
        LOAD64 9, 0x200000
        and 8, 21, 9
        CHECK 8, 0x200000, 33
        mfdar 8
        CHECK 8, 0x80002010, 34

        /* 6: lwarx to MMIO: DSI, DSISR[37] */
        NEXT c6
la6:    lwarx 8, 0, 15
        li 4, 40
        HCALL 0xF003
c6:     CHECK 23, 0x300, 41
        CHECKL 20, la6, 42
        mfdsisr 8
        CHECK 8, 0x04000000, 43

        /* 7: radix: EA 0x40000000 (1 GB leaf) -> RA 0x80000000 */
        RADIX_SETUP
        LOAD64 5, 0x50008
        LOAD64 6, (0xC000000000000000 | 0x80000000 | 0x100 | 0x80 | 0x7)
        STDBE 6, 5
        ptesync
        LOAD64 7, 0x8000000000001031    /* SF|IR|DR|ME|LE */
        mtmsrd 7
        LOAD64 16, 0x40000000
        ld 8, 0x20(16)
        CHECK 8, 0x0102030405060708, 50
        LOAD64 6, 0x55
        stb 6, 0x50(16)
        HCALL 0xF00C
        CHECK 4, 0x80000050, 51
        CHECK 6, 0x55, 52
        LOAD64 7, 0x8000000000001001
        mtmsrd 7

        /* 8: instruction fetch from MMIO: machine check, SRR0 */
        NEXT c8
        mtctr 15
        bctr
c8:     CHECK 23, 0x200, 60
        CHECK 20, 0x80000000, 61
        PASS
bad:    li 4, 99
        HCALL 0xF003
