/* tests/system/bare/pmu.S: Power ISA 3.0B Book III chapter 9
 * "Performance Monitor Facility": MMCR0[FC] frozen at reset; PMC5 counts
 * instructions completed and PMC6 cycles (here one per instruction);
 * PMC1 with MMCR1[PMC1SEL] = 0x02 instructions; MMCR0[FCS] (freeze in
 * privileged state), [FC56], [FCP] (problem state) and MMCR2[FC1S];
 * a counter turning negative with MMCR0[PMAE] and [PMCjCE] is an alert:
 * PMAE := 0, PMAO := 1, FC := 1 with FCECE, SIAR set, and a performance
 * monitor interrupt at 0xF00 (7.5.13) when MSR[EE] = 1 (SRR0 = next
 * instruction), level while PMAO = 1; MMCR0[PMCC] problem-state access
 * (9.4.4): 0b00 read-only (mtspr UPMC5 -> illegal-instruction program
 * interrupt, UMMCR0 shows only FC/PMAE/PMAO), 0b01 facility unavailable
 * (0xF60, FSCR[IC] = 3), 0b10 read-write, 0b11 PMC5/6 unavailable. The
 * counts are checked within one block (64 instructions) of exact. */
#include "bare.inc"
        .set MMCR0, 795
        .set MMCR1, 798
        .set MMCR2, 785
        .set PMC1, 787
        .set PMC5, 791
        .set PMC6, 792
        .set SIAR, 796

        .text
        .globl _start
_start:
        b start
        VECTORS 0

        /* Run r3 iterations of a 2-instruction loop. */
        .macro LOOP n
        LOAD64 3, \n
        mtctr 3
1:      addi 3, 3, 1
        bdnz 1b
        .endm

        /* Fail unless lo <= reg <= hi (unsigned). */
        .macro RANGE reg, lo, hi, n
        LOAD64 29, \lo
        cmpld \reg, 29
        bge 1f
        li 4, \n
        HCALL 0xF003
1:      LOAD64 29, \hi
        cmpld \reg, 29
        ble 2f
        li 4, \n
        HCALL 0xF003
2:
        .endm

        . = 0x8000
start:
        /* 1: frozen at reset: MMCR0 = FC, PMC5 does not move */
        mfspr 5, MMCR0
        CHECK 5, 0x80000000, 1
        li 5, 0
        mtspr PMC5, 5
        LOOP 500
        mfspr 5, PMC5
        CHECK 5, 0, 2

        /* 2: running: PMC5 and PMC6 count the 1000 loop instructions */
        li 5, 0
        mtspr PMC5, 5
        mtspr PMC6, 5
        mtspr MMCR0, 5
        LOOP 500
        li 6, 0
        oris 6, 6, 0x8000
        mtspr MMCR0, 6                 /* freeze */
        mfspr 5, PMC5
        RANGE 5, 1000, 1100, 10
        mfspr 5, PMC6
        RANGE 5, 1000, 1100, 11
        /* frozen again: no change */
        mfspr 7, PMC5
        LOOP 500
        mfspr 5, PMC5
        cmpd 5, 7
        beq 1f
        li 4, 12
        HCALL 0xF003
1:
        /* 3: FCS freezes in privileged state */
        li 5, 0
        mtspr PMC5, 5
        oris 6, 5, 0x4000              /* FCS */
        mtspr MMCR0, 6
        LOOP 500
        mfspr 5, PMC5
        CHECK 5, 0, 20

        /* 4: FC56 freezes PMC5/6 only; PMC1 counts PMC1SEL 0x02 */
        li 5, 0
        mtspr PMC1, 5
        mtspr PMC5, 5
        LOAD64 6, 0x02000000           /* MMCR1[32:39] = 0x02 */
        mtspr MMCR1, 6
        li 6, 0x10                     /* FC56 */
        mtspr MMCR0, 6
        LOOP 500
        li 6, 0
        oris 6, 6, 0x8000
        mtspr MMCR0, 6
        mfspr 5, PMC5
        CHECK 5, 0, 30
        mfspr 5, PMC1
        RANGE 5, 1000, 1100, 31
        /* MMCR2[FC1S] freezes PMC1 in privileged state */
        li 5, 0
        mtspr PMC1, 5
        LOAD64 6, 0x8000000000000000
        mtspr MMCR2, 6
        li 6, 0
        mtspr MMCR0, 6
        LOOP 500
        mfspr 5, PMC1
        CHECK 5, 0, 32
        mfspr 5, PMC5
        RANGE 5, 1000, 1100, 33
        li 6, 0
        mtspr MMCR2, 6
        mtspr MMCR1, 6

        /* 5: overflow: PMC5 from 0x80000000 - 200 with PMAE|FCECE|PMCjCE,
         * EE = 1 -> 0xF00 within the loop; PMAO set, PMAE clear, FC set */
        LOAD64 5, 0x7fffff38
        mtspr PMC5, 5
        LOAD64 6, 0x06004000
        mtspr MMCR0, 6
        NEXT c5
        LOAD64 7, 0x8000000000009001   /* SF|EE|ME|LE */
        mtmsrd 7, 1
        LOOP 100000
        li 4, 40
        HCALL 0xF003
c5:     CHECK 23, 0xf00, 41
        mfspr 5, MMCR0
        CHECK 5, 0x82004080, 42        /* FC|FCECE|PMCjCE|PMAO, PMAE 0 */
        mfspr 5, PMC5
        RANGE 5, 0x80000000, 0x80001100, 43
        /* SRR1 has EE, SRR0 lies in the loop; SIAR is set */
        andi. 11, 21, 0x8000
        CHECK 11, 0x8000, 44
        mfspr 5, SIAR
        cmpdi 5, 0
        bne 1f
        li 4, 45
        HCALL 0xF003
1:
        /* 6: level: with PMAO still 1, EE = 1 interrupts again at once;
         * clearing PMAO ends it */
        NEXT c6
        mtmsrd 7, 1
e6:     li 4, 46
        HCALL 0xF003
c6:     CHECK 23, 0xf00, 47
        CHECKL 20, e6, 48
        li 6, 0
        oris 6, 6, 0x8000
        mtspr MMCR0, 6                 /* FC, PMAO 0 */
        NEXT bad6
        mtmsrd 7, 1
        LOOP 100
        li 6, 0
        mtmsrd 6, 1                    /* EE off */
        /* PMAE = 0: a negative counter raises nothing */
        LOAD64 5, 0x7ffffff0
        mtspr PMC5, 5
        LOAD64 6, 0x02004000           /* FCECE|PMCjCE, no PMAE */
        mtspr MMCR0, 6
        mtmsrd 7, 1
        LOOP 100
        li 6, 0
        mtmsrd 6, 1
        mfspr 5, MMCR0
        CHECK 5, 0x02004000, 49

        /* 7: problem state (radix identity map) */
        RADIX_SETUP
        LOAD64 5, 0x1234
        mtspr PMC5, 5
        LOAD64 6, 0x84000000           /* FC|PMAE: PMCC 0b00 */
        mtspr MMCR0, 6
        LA 7, u7
        mtsrr0 7
        LOAD64 7, (0x8000000000004000 | MSR_LE)    /* SF|PR -> EE,IR,DR */
        mtsrr1 7
        NEXT c7
        rfid
u7:     mfspr 12, 775                  /* UPMC5: readable */
        mfspr 13, 779                  /* UMMCR0: FC, PMAE, PMAO only */
        mtspr 775, 12                  /* read-only: illegal */
        li 4, 50
        HCALL 0xF003
c7:     CHECK 23, 0x700, 51
        CHECK 12, 0x1234, 52
        CHECK 13, 0x84000000, 53
        LOAD64 9, 0x001f0000
        and 8, 21, 9
        CHECK 8, 0x80000, 54

        /* PMCC 0b01: no access -> facility unavailable, FSCR[IC] = 3 */
        LOAD64 6, 0x80040000
        mtspr MMCR0, 6
        LA 7, u7b
        mtsrr0 7
        LOAD64 7, (0x8000000000004000 | MSR_LE)
        mtsrr1 7
        NEXT c7b
        rfid
u7b:    mfspr 12, 775
        li 4, 55
        HCALL 0xF003
c7b:    CHECK 23, 0xf60, 56
        CHECKL 20, u7b, 57
        mfspr 8, 153
        srdi 8, 8, 56
        CHECK 8, 3, 58

        /* PMCC 0b10: read-write; FCP freezes problem state, so PMC5 keeps
         * what the user wrote; sc back */
        LOAD64 6, 0xa0080000           /* FC|FCP|PMCC=10 */
        mtspr MMCR0, 6
        LA 7, u7c
        mtsrr0 7
        LOAD64 7, (0x8000000000004000 | MSR_LE)
        mtsrr1 7
        NEXT c7c
        rfid
u7c:    li 12, 77
        mtspr 775, 12
        lis 13, 0
        mtspr 779, 13                  /* user clears FC */
        LOOP 300
        mfspr 12, 775
        sc
c7c:    CHECK 23, 0xc00, 59
        CHECK 12, 77, 60
        mfspr 5, MMCR0
        CHECK 5, 0x20080000, 61        /* FC cleared, FCP/PMCC kept */
        /* counting in privileged state again (FCP only) */
        LOOP 300
        mfspr 5, PMC5
        RANGE 5, 600, 800, 62

        /* PMCC 0b11: PMC5 unavailable, PMC1 read-write */
        LOAD64 6, 0x800c0000
        mtspr MMCR0, 6
        LA 7, u7d
        mtsrr0 7
        LOAD64 7, (0x8000000000004000 | MSR_LE)
        mtsrr1 7
        NEXT c7d
        rfid
u7d:    li 12, 5
        mtspr 771, 12                  /* UPMC1 */
        mfspr 12, 776                  /* UPMC6: unavailable */
        li 4, 63
        HCALL 0xF003
c7d:    CHECK 23, 0xf60, 64
        mfspr 5, PMC1
        CHECK 5, 5, 65
        PASS
bad6:   li 4, 66
        HCALL 0xF003
