/* tests/system/bare/async.S: Power ISA 3.0B Book III 7.5.7 "External
 * Interrupt" (taken when MSR[EE]=1, SRR0 = next instruction; a lowered
 * line is not taken), 7.5.13 "Directed Privileged Doorbell Interrupt"
 * (msgsndp type 5, vector 0xa00), H_CEDE idling (PAPR 14.5.4.3: returns
 * with EE=1 once the decrementer fires, which is then taken), and
 * 7.5.18/7.5.19 "Facility Unavailable" (scv with FSCR[SCV]=0: 0xf60,
 * FSCR[IC]=12) and "System Call Vectored" (0x17000 + 32*LEV, LR = next
 * instruction, CTR = the MSR, MSR[EE] kept). */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        /* 1: external line raised with EE=0 waits for EE */
        NEXT bad1
        li 4, 1
        HCALL 0xF006
        li 10, 1000
        mtctr 10
1:      bdnz 1b
        NEXT c1
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
e1:     li 4, 10
        HCALL 0xF003
c1:     CHECK 23, 0x500, 11
        CHECKL 20, e1, 12
        /* lower it: EE=1 again takes nothing */
        li 4, 0
        HCALL 0xF006
        NEXT bad1
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
        li 10, 1000
        mtctr 10
1:      bdnz 1b
        li 7, 0
        mtmsrd 7, 1

        /* 2: msgsndp type 5 to this thread: doorbell at 0xa00 */
        LOAD64 5, (5 << 27)
        msgsndp 5
        NEXT c2
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
e2:     li 4, 20
        HCALL 0xF003
c2:     CHECK 23, 0xa00, 21
        CHECKL 20, e2, 22

        /* 3: cede with EE=0 and DEC = 2000 ticks: returns with EE=1 and
         * the decrementer interrupt follows the sc at once */
        li 7, 2000
        mtdec 7
        NEXT c3
        HCALL 0xF007
e3:     li 4, 30
        HCALL 0xF003
c3:     CHECK 23, 0x900, 31
        CHECKL 20, e3, 32
        lis 7, 0x7fff
        mtdec 7

        /* 4: scv with FSCR[SCV]=0: facility unavailable, IC = 12 */
        li 7, 0
        mtspr 153, 7
        NEXT c4
s4:     scv 0
        li 4, 40
        HCALL 0xF003
c4:     CHECK 23, 0xf60, 41
        CHECKL 20, s4, 42
        mfspr 8, 153
        srdi 8, 8, 56
        CHECK 8, 12, 43

        /* 5: scv 1 with FSCR[SCV]=1, EE=1 kept: 0x17020 (real mode) */
        li 7, 0x1000
        mtspr 153, 7
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
        NEXT c5
        scv 1
e5:     li 4, 50
        HCALL 0xF003
c5:     CHECK 23, 0x7020, 51
        CHECKL 20, e5, 52
        CHECK 21, 0x8000000000009001, 53
        CHECK 22, 0x8000000000009001, 54
        PASS
bad1:   li 4, 2
        HCALL 0xF003

        /* scv handlers: LR -> r20, CTR -> r21 (no bl here) */
        . = 0x17020
        mflr 20
        mfctr 21
        mfmsr 22
        li 23, 0x7020
        mtctr 30
        bctr
