/* tests/system/bare/decrementer.S: Power ISA 3.0B Book III "Decrementer"
 * (the timer facilities chapter: DEC counts down at the timebase
 * frequency; an exception exists while its sign bit is 1) and 7.5.11
 * "Decrementer Interrupt" (taken only with MSR[EE]=1; SRR0 = the next
 * instruction to execute; new MSR has EE=0). */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        /* 1: DEC counts down */
        lis 7, 0x7fff
        mtdec 7
        mfdec 8
        li 10, 2000
        mtctr 10
1:      bdnz 1b
        mfdec 9
        cmpd 9, 8
        blt 2f
        li 4, 1
        HCALL 0xF003
2:
        /* 2: negative DEC with EE=0: no interrupt */
        NEXT bad2
        li 7, -1
        mtdec 7
        lis 10, 2
        mtctr 10
1:      bdnz 1b

        /* 3: setting EE takes it at once: SRR0 = after the mtmsrd */
        NEXT c3
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
e3:     li 4, 30
        HCALL 0xF003
c3:     CHECK 23, 0x900, 31
        CHECKL 20, e3, 32
        LOAD64 9, 0x8000
        and 8, 21, 9
        CHECK 8, 0x8000, 33
        and 8, 22, 9
        CHECK 8, 0, 34

        /* 4: mtdec 1000 (about 2 us) with EE=1: fires in the spin loop */
        li 7, 1000
        mtdec 7
        NEXT c4
        LOAD64 7, 0x8000000000009001
        mtmsrd 7, 1
spin:   b spin
c4:     CHECK 23, 0x900, 40
        CHECKL 20, spin, 41
        mfdec 8
        srdi 8, 8, 31
        CHECK 8, 1, 42
        PASS
bad2:   li 4, 20
        HCALL 0xF003
