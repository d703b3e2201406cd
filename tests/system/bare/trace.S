/* tests/system/bare/trace.S: Power ISA 3.0B Book III 7.5.15 "Trace
 * Interrupt" (vector 0xD00): MSR[SE] single step (after each completed
 * instruction: SRR0 = the next instruction, SRR1[33] = 1, [35] for a
 * load, [36] for a store, the rest of SRR1 the MSR incl. SE; the handler
 * runs with SE = 0; mtmsrd that sets SE and rfid are not traced), MSR[BE]
 * branch trace (after a branch, taken or not, and only after branches),
 * and the CIABR match (the instruction at CIABR[0:61] is not executed,
 * SRR0 = its address, SRR1[33] and [43]; CIABR[62:63] = 0b10 matches in
 * privileged state only, 0b01 in problem state only), as the hypervisor
 * sets CIABR through H_SET_MODE (harness 0xF00D). */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        mfmsr 7
        ori 8, 7, 0x400                /* SE */
        ori 10, 7, 0x200               /* BE */
        LOAD64 9, 0x78000000           /* SRR1 bits 33:36 */

        /* 1: one instruction after mtmsrd sets SE */
        li 5, 0
        NEXT c1
        mtmsrd 8
s1:     addi 5, 5, 1
s1n:    addi 5, 5, 1
        li 4, 100
        HCALL 0xF003
c1:     CHECK 23, 0xd00, 1
        CHECKL 20, s1n, 2
        CHECK 5, 1, 3
        and 11, 21, 9
        CHECK 11, 0x40000000, 4
        andi. 11, 21, 0x400            /* SRR1 holds the MSR: SE */
        CHECK 11, 0x400, 5
        CHECK 22, (0x8000000000001000 | MSR_LE), 6   /* SE cleared */

        /* 2: a traced load sets SRR1[35] */
        LA 5, data
        NEXT c2
        mtmsrd 8
s2:     ld 6, 0(5)
s2n:    nop
        li 4, 101
        HCALL 0xF003
c2:     CHECK 23, 0xd00, 10
        CHECKL 20, s2n, 11
        and 11, 21, 9
        CHECK 11, 0x50000000, 12
        CHECK 6, 0x1122334455667788, 13

        /* 3: a traced store sets SRR1[36] */
        NEXT c3
        mtmsrd 8
s3:     std 6, 8(5)
s3n:    nop
        li 4, 102
        HCALL 0xF003
c3:     CHECK 23, 0xd00, 20
        CHECKL 20, s3n, 21
        and 11, 21, 9
        CHECK 11, 0x48000000, 22
        ld 11, 8(5)
        CHECK 11, 0x1122334455667788, 23

        /* 4: single step of a taken branch: SRR0 = its target */
        NEXT c4
        mtmsrd 8
        b s4t
        li 4, 103
        HCALL 0xF003
s4t:    li 4, 104
        HCALL 0xF003
c4:     CHECK 23, 0xd00, 30
        CHECKL 20, s4t, 31

        /* 5: branch trace: only after the branch, also when not taken */
        li 5, 0
        NEXT c5
        mtmsrd 10
        addi 5, 5, 1
        addi 5, 5, 1
        cmpdi 5, 77
        beq s5bad
s5n:    nop
        li 4, 105
        HCALL 0xF003
s5bad:  li 4, 106
        HCALL 0xF003
c5:     CHECK 23, 0xd00, 40
        CHECKL 20, s5n, 41
        CHECK 5, 2, 42
        and 11, 21, 9
        CHECK 11, 0x40000000, 43
        andi. 11, 21, 0x600
        CHECK 11, 0x200, 44            /* SRR1: BE, not SE */

        /* 6: branch trace of a taken bl: SRR0 = the target (the handler
         * overwrites LR) */
        NEXT c6
        mtmsrd 10
        bl s6t
        li 4, 107
        HCALL 0xF003
s6t:    li 4, 108
        HCALL 0xF003
c6:     CHECK 23, 0xd00, 50
        CHECKL 20, s6t, 51

        /* 7: rfid into problem state with SE: rfid is not traced, the
         * first user instruction is */
        RADIX_SETUP
        LA 7, u7
        mtsrr0 7
        LOAD64 7, (0x8000000000005400 | MSR_LE)    /* SF|PR|ME|SE */
        mtsrr1 7
        li 5, 0
        NEXT c7
        rfid
u7:     addi 5, 5, 1
u7n:    addi 5, 5, 1
        li 4, 109
        HCALL 0xF003
c7:     CHECK 23, 0xd00, 60
        CHECKL 20, u7n, 61
        CHECK 5, 1, 62
        LOAD64 11, 0x4430              /* PR|SE|IR|DR */
        and 12, 21, 11
        CHECK 12, 0x4430, 63

        /* 8: CIABR, privileged (0b10): the instruction is not executed */
        li 4, 187
        LA 5, cisub
        ori 5, 5, 2
        HCALL 0xF00D
        li 5, 0
        NEXT c8
        bl cisub
        li 4, 110
        HCALL 0xF003
c8:     CHECK 23, 0xd00, 70
        CHECKL 20, cisub, 71
        CHECK 5, 0, 72
        LOAD64 11, 0x78100000          /* 33:36 and 43 */
        and 12, 21, 11
        CHECK 12, 0x40100000, 73

        /* 9: CIABR for problem state (0b01) does not match here */
        li 4, 187
        LA 5, cisub
        ori 5, 5, 1
        HCALL 0xF00D
        li 5, 0
        NEXT bad9
        bl cisub
        CHECK 5, 1, 80
        /* cleared: runs again */
        li 4, 187
        li 5, 0
        HCALL 0xF00D
        li 5, 0
        bl cisub
        CHECK 5, 1, 81
        PASS
bad9:   li 4, 82
        HCALL 0xF003

cisub:  addi 5, 5, 1
        blr

        .balign 8
data:   .quad 0x1122334455667788
        .quad 0
