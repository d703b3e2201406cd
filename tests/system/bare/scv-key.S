/* tests/system/bare/scv-key.S: Power ISA 3.0B Book III 7.5.19 "System
 * Call Vectored Interrupt" with LPCR[AIL] (7.3 / 7.5: scv is relocated
 * differently from the other interrupts): AIL = 3 replaces the 0x17000
 * base with 0xC000_0000_0000_3000, so scv LEV goes to
 * 0xC000_0000_0000_3000 + 0x20 * LEV with MSR[IR,DR] = 1 (not 0xC...17000,
 * an earlier bug); AIL = 2 keeps 0x17000 + 0x20 * LEV and sets IR, DR;
 * LR = the next instruction, CTR = the MSR, EE kept. And 5.7.13 storage
 * protection by AMR/IAMR key 0 in radix (privileged access to a
 * non-privileged page; Linux's KUAP/KUEP): a denied store or load is a
 * DSI with DSISR[42] (virtual page class key, Linux DSISR_KEYFAULT), and
 * [38] for the store; a denied fetch an ISI with SRR1[42]. */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        /* scv handlers at the AIL = 3 vectors (EA 0xC...3000 maps to RA
         * 0x3000 through quadrant 3, PID 0): LR, CTR, MSR, and where we
         * are (bl here is fine: LR already saved). */
        .macro SCVH off
        . = \off
        mflr 20
        mfctr 21
        mfmsr 22
        li 23, (\off) & 0x7fff
        bl 1f
1:      mflr 24
        mtctr 30
        bctr
        .endm
        SCVH 0x3000
        SCVH 0x3020

        . = 0x8000
start:
        RADIX_SETUP
        li 7, 0x1000                    /* FSCR[SCV] */
        mtspr 153, 7
        li 4, 0                         /* LPCR[AIL] = 3 */
        oris 4, 4, 0x0180
        mr 5, 4
        HCALL 0xF004
        LOAD64 7, (0x8000000000009030 | MSR_LE)    /* SF|EE|ME|IR|DR */
        mtmsrd 7

        /* 1: scv 0 -> 0xC000000000003000 */
        NEXT c1
        scv 0
e1:     li 4, 100
        HCALL 0xF003
c1:     CHECK 23, 0x3000, 1
        CHECK 24, 0xc000000000003014, 2
        CHECKL 20, e1, 3
        CHECK 21, (0x8000000000009030 | MSR_LE), 4
        CHECK 22, (0x8000000000009030 | MSR_LE), 5

        /* 2: scv 1 -> + 0x20 */
        mtmsrd 7
        NEXT c2
        scv 1
e2:     li 4, 101
        HCALL 0xF003
c2:     CHECK 23, 0x3020, 10
        CHECK 24, 0xc000000000003034, 11
        CHECKL 20, e2, 12

        /* 3: AIL = 2: 0x17020 with IR and DR set */
        li 4, 0
        oris 4, 4, 0x0180
        li 5, 0
        oris 5, 5, 0x0100
        HCALL 0xF004
        mtmsrd 7
        NEXT c3
        scv 1
e3:     li 4, 102
        HCALL 0xF003
c3:     CHECK 23, 0x7020, 20
        CHECK 24, 0x17034, 21
        CHECKL 20, e3, 22
        CHECK 22, (0x8000000000009030 | MSR_LE), 23
        li 4, 0                         /* AIL = 0 again */
        oris 4, 4, 0x0180
        li 5, 0
        HCALL 0xF004

        /* 4: AMR key 0 store disable (AMR bit 0): DSI, DSISR[38] and [42] */
        LOAD64 7, (0x8000000000001030 | MSR_LE)    /* SF|ME|IR|DR */
        LOAD64 10, 0x20000
        LOAD64 6, 0x8000000000000000
        mtspr 29, 6
        isync
        mtmsrd 7
        NEXT c4
l4:     std 6, 0(10)
        li 4, 103
        HCALL 0xF003
c4:     CHECK 23, 0x300, 30
        CHECKL 20, l4, 31
        mfdsisr 8
        CHECK 8, 0x02200000, 32
        mfdar 8
        CHECK 8, 0x20000, 33
        /* loads still work under store disable */
        mtmsrd 7
        NEXT bad
        ld 8, 0(10)

        /* 5: AMR key 0 load disable (AMR bit 1): DSI, DSISR[42] */
        LOAD64 6, 0x4000000000000000
        mtspr 29, 6
        isync
        NEXT c5
l5:     ld 8, 8(10)
        li 4, 104
        HCALL 0xF003
c5:     CHECK 23, 0x300, 40
        CHECKL 20, l5, 41
        mfdsisr 8
        CHECK 8, 0x00200000, 42
        mfdar 8
        CHECK 8, 0x20008, 43

        /* 6: IAMR key 0 fetch disable (IAMR bit 1): ISI, SRR1[42], SRR0 =
         * the target (set in real mode, where keys do not apply, then
         * rfid to the target with IR = 1: the whole 1 GB leaf is one
         * non-privileged page) */
        li 6, 0
        mtspr 29, 6
        LOAD64 6, 0x4000000000000000
        mtspr 61, 6
        isync
        NEXT c6
        LA 5, target
        mtsrr0 5
        mtsrr1 7
        rfid
c6:     CHECK 23, 0x400, 50
        CHECKL 20, target, 51
        LOAD64 9, 0x78200000
        and 8, 21, 9
        CHECK 8, 0x00200000, 52
        li 6, 0
        mtspr 61, 6
        PASS
bad:    li 4, 53
        HCALL 0xF003
target: li 4, 54
        HCALL 0xF003

        /* AIL = 2 scv lands here (real address 0x17020, translated) */
        SCVH 0x17020
