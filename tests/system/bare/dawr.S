/* tests/system/bare/dawr.S: the data address watchpoint DAWR0/DAWRX0
 * (Power ISA 3.0B Book III 9.x "Data Address Watchpoint", set by the
 * hypervisor as H_SET_MODE does: harness 0xF00D) and the DSI it raises
 * (7.5.3: DSISR[41] "DAWR match", [38] for a store, DAR = the EA of the
 * access, SRR0 = the instruction, which is not performed). Checks the
 * match range DAWR0[0:60]||0b000 .. + 8*(MRD+1) - 1 (DAWRX0[48:53]) against
 * every byte of the access, DR (loads) / DW (stores), the privilege bits
 * PRO/PRIV, WT/WTI (MSR[DR] must equal WT unless WTI), larx and dcbz,
 * other bytes of the same page (no match, values right), and that a
 * disarmed watchpoint matches nothing. */
#include "bare.inc"
        .set DAWR0, 180
        .set DAWRX0, 188
        .set DR, 0x20
        .set DW, 0x40
        .set PRO, 0x1
        .set PRIV, 0x2
        .set WTI, 0x8
        .set WT, 0x10

        .text
        .globl _start
_start:
        b start
        VECTORS 0

        .macro SETDAWR addr, x
        li 4, DAWR0
        LOAD64 5, \addr
        HCALL 0xF00D
        li 4, DAWRX0
        LOAD64 5, \x
        HCALL 0xF00D
        .endm

        /* Expect a DSI at label lbl with DAR = dar, DSISR = dsisr. */
        .macro EXPECT_DSI lbl, dar, dsisr, n
        CHECK 23, 0x300, \n
        CHECKL 20, \lbl, \n + 1
        mfdar 11
        CHECK 11, \dar, \n + 2
        mfdsisr 11
        CHECK 11, \dsisr, \n + 3
        .endm

        . = 0x8000
start:
        LOAD64 10, 0x20000             /* data page */
        LOAD64 6, 0x0102030405060708
        std 6, 0(10)
        std 6, 8(10)
        std 6, 16(10)
        std 6, 0x40(10)

        /* 1: 8 bytes at 0x20008, loads and stores, privileged, any DR */
        SETDAWR 0x20008, (DR | DW | PRIV | WTI)
        li 6, 0
        NEXT c1
l1:     ld 6, 8(10)
        li 4, 100
        HCALL 0xF003
c1:     EXPECT_DSI l1, 0x20008, 0x00400000, 1
        CHECK 6, 0, 5                  /* not performed */
        /* last byte of the range */
        NEXT c2
l2:     lbz 6, 15(10)
        li 4, 101
        HCALL 0xF003
c2:     EXPECT_DSI l2, 0x2000f, 0x00400000, 6
        /* an access overlapping the start: DAR = its EA */
        NEXT c3
l3:     lwz 6, 6(10)
        li 4, 102
        HCALL 0xF003
c3:     EXPECT_DSI l3, 0x20006, 0x00400000, 11
        /* store: DSISR[38] too; memory unchanged */
        li 7, -1
        NEXT c4
l4:     std 7, 8(10)
        li 4, 103
        HCALL 0xF003
c4:     EXPECT_DSI l4, 0x20008, 0x02400000, 16
        /* neighbours on the same page: no match, right values */
        NEXT bad2
        ld 6, 0(10)
        CHECK 6, 0x0102030405060708, 21
        ld 6, 16(10)
        CHECK 6, 0x0102030405060708, 22
        std 7, 0x40(10)
        ld 6, 0x40(10)
        CHECK 6, -1, 23
        /* the page's other bytes were used: the watched ones still match
         * (no soft-TLB entry lets an access past the check) */
        NEXT c4b
l4b:    ld 6, 8(10)
        li 4, 109
        HCALL 0xF003
c4b:    EXPECT_DSI l4b, 0x20008, 0x00400000, 75

        /* 2: DR only: stores pass, loads match */
        SETDAWR 0x20008, (DR | PRIV | WTI)
        NEXT bad2
        li 7, 0x55
        std 7, 8(10)
        NEXT c5
l5:     ld 6, 8(10)
        li 4, 104
        HCALL 0xF003
c5:     EXPECT_DSI l5, 0x20008, 0x00400000, 30
        /* disarmed (DAWRX0 0): the value the store left */
        SETDAWR 0x20008, 0
        NEXT bad2
        ld 6, 8(10)
        CHECK 6, 0x55, 35

        /* 3: MRD = 3: 32 bytes 0x20008..0x20027 */
        SETDAWR 0x20008, (DR | DW | PRIV | WTI | (3 << 10))
        NEXT c6
l6:     lbz 6, 0x27(10)
        li 4, 105
        HCALL 0xF003
c6:     EXPECT_DSI l6, 0x20027, 0x00400000, 40
        NEXT bad2
        lbz 6, 0x28(10)

        /* 4: PRO only: privileged accesses do not match */
        SETDAWR 0x20008, (DR | DW | PRO | WTI)
        ld 6, 8(10)
        CHECK 6, 0x55, 45

        /* 5: WT = 1 without WTI: real mode (MSR[DR] = 0) does not match,
         * translated (radix identity map) does */
        SETDAWR 0x20008, (DR | DW | PRIV | WT)
        ld 6, 8(10)
        CHECK 6, 0x55, 50
        RADIX_SETUP
        LOAD64 7, (0x8000000000001030 | MSR_LE)    /* SF|ME|IR|DR */
        mtmsrd 7
        NEXT c7
l7:     ld 6, 8(10)
        li 4, 106
        HCALL 0xF003
c7:     EXPECT_DSI l7, 0x20008, 0x00400000, 51
        /* the handler ran in real mode: WT no longer matches */
        ld 6, 8(10)
        CHECK 6, 0x55, 56

        /* 6: larx (a load) and dcbz (a store) */
        SETDAWR 0x20040, (DR | DW | PRIV | WTI)
        addi 12, 10, 0x40
        NEXT c8
l8:     ldarx 6, 0, 12
        li 4, 107
        HCALL 0xF003
c8:     EXPECT_DSI l8, 0x20040, 0x00400000, 60
        NEXT c9
l9:     dcbz 0, 12
        li 4, 108
        HCALL 0xF003
c9:     EXPECT_DSI l9, 0x20000, 0x02400000, 65   /* DAR: the block */
        SETDAWR 0, 0
        ld 6, 0x40(10)                 /* dcbz was not performed */
        CHECK 6, -1, 71
        PASS
bad2:   li 4, 72
        HCALL 0xF003
