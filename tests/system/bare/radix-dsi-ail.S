/* tests/system/bare/radix-dsi-ail.S: Power ISA 3.0B Book III 5.7.10
 * radix translation and 7.5.3 "Data Storage Interrupt" (no PTE: DSISR[33],
 * store: DSISR[38], DAR = the exact EA, SRR0 = the access), LPCR[AIL] =
 * 3 relocation (7.4: vector at 0xc000000000004000 + offset, new MSR with
 * IR and DR, only when the interrupted MSR had IR=DR=1), and tlbie
 * (5.9.3.3): a PTE removed and invalidated is no longer used; 7.5.5
 * "Instruction Storage Interrupt" (no PTE: SRR1[33], SRR0 = the EA). */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0
        VECTORS 0x4000

        . = 0x8000
start:
        RADIX_SETUP
        LOAD64 7, 0x8000000000001031       /* SF|IR|DR|ME|LE */
        mtmsrd 7

        /* 1: load from an EA with no PTE, AIL=0: vector 0x300 real mode */
        NEXT c1
        LOAD64 5, 0x40000000
ld1:    ld 6, 0(5)
        li 4, 100
        HCALL 0xF003
c1:     CHECK 23, 0x300, 1
        CHECKL 20, ld1, 2
        mfdar 8
        CHECK 8, 0x40000000, 3
        mfdsisr 8
        CHECK 8, 0x40000000, 4
        CHECK 22, 0x8000000000001001, 5
        CHECK 24, 0x314, 6
        LOAD64 9, 0x30
        and 8, 21, 9
        CHECK 8, 0x30, 7

        /* 2: store, unaligned EA: DSISR[33] and [38], DAR exact */
        mtmsrd 7
        NEXT c2
        LOAD64 5, 0x40000123
st2:    stb 6, 0(5)
        li 4, 101
        HCALL 0xF003
c2:     CHECK 23, 0x300, 10
        CHECKL 20, st2, 11
        mfdar 8
        CHECK 8, 0x40000123, 12
        mfdsisr 8
        CHECK 8, 0x42000000, 13

        /* 3: AIL=3 (set by the "hypervisor"): DSI at 0xc000000000004300
         * with IR=DR=1 in the handler */
        li 4, 0
        oris 4, 4, 0x0180
        mr 5, 4
        HCALL 0xF004
        mtmsrd 7
        NEXT c3
        LOAD64 5, 0x40000008
ld3:    ld 6, 0(5)
        li 4, 102
        HCALL 0xF003
c3:     CHECK 23, 0x4300, 20
        CHECK 24, 0xc000000000004314, 21
        CHECK 22, 0x8000000000001031, 22
        CHECKL 20, ld3, 23
        mfdar 8
        CHECK 8, 0x40000008, 24

        /* 4: sc in privileged state with AIL=3: 0xc000000000004c00 */
        NEXT c4
        sc
a4:     li 4, 103
        HCALL 0xF003
c4:     CHECK 23, 0x4c00, 30
        CHECK 24, 0xc000000000004c14, 31
        CHECKL 20, a4, 32

        /* 5: AIL is not applied when the interrupted MSR has IR=DR=0 */
        LOAD64 7, 0x8000000000001001
        mtmsrd 7
        NEXT c5
        trap
        li 4, 104
        HCALL 0xF003
c5:     CHECK 23, 0x700, 40
        CHECK 24, 0x714, 41

        /* 6: map EA 0x40000000 (1 GB leaf -> RA 0), use it, unmap it,
         * tlbie: the access faults again */
        LOAD64 7, 0x8000000000001031
        mtmsrd 7
        LOAD64 5, 0x60000
        LOAD64 6, 0xabcd
        std 6, 0(5)
        LOAD64 5, 0x50008
        LOAD64 6, (0xC000000000000000 | 0x100 | 0x80 | 0x7)
        STDBE 6, 5
        ptesync
        NEXT bad6
        LOAD64 5, 0x40060000
        ld 8, 0(5)
        CHECK 8, 0xabcd, 50
        LOAD64 5, 0x50008
        li 6, 0
        std 6, 0(5)
        ptesync
        li 5, 0xc00                         /* IS = 3: everything */
        tlbie 5, 0, 2, 1, 1
        eieio
        tlbsync
        ptesync
        NEXT c6
        LOAD64 5, 0x40060000
ld6:    ld 8, 0(5)
        li 4, 105
        HCALL 0xF003
c6:     CHECK 23, 0x4300, 51
        CHECKL 20, ld6, 52
        mfdsisr 8
        CHECK 8, 0x40000000, 53

        /* 7: instruction fetch with no PTE (7.5.5 ISI): vector
         * 0xc000000000004400, SRR0 = the EA, SRR1[33] */
        NEXT c7
        LOAD64 5, 0x40001000
        mtctr 5
        bctr
c7:     CHECK 23, 0x4400, 60
        CHECK 20, 0x40001000, 61
        LOAD64 9, 0x78000000
        and 8, 21, 9
        CHECK 8, 0x40000000, 62
        PASS
bad6:   li 4, 54
        HCALL 0xF003
