/* tests/system/bare/xlate-code.S: pre-decoded code follows translation
 * changes (Power ISA 3.0B Book III 5.7.10 radix translation, 5.9.3.3
 * tlbie / 5.9.3.2 tlbiel, 5.7.6 the process table and PIDR): the same
 * effective address of code, after its translation changes, executes the
 * instructions of the new real page, and the old ones again when the
 * translation goes back. EA 0x40000000 (quadrant 0) is a 4 KB page whose
 * code returns r3 = n ("li 3, n; blr"):
 *   1. PID 0 maps it to page 1 (n = 1)
 *   2. PTE -> page 2, tlbie by page: n = 2
 *   3. mtspr PIDR = 1 (its own tree maps page 3): n = 3
 *   4. PIDR = 0 again: n = 2
 *   5. PTE -> page 1, tlbiel (this thread only) by PID: n = 1
 * Tables (big-endian): PID 0 as bare.inc's RADIX_SETUP plus level 2 entry
 * 1 -> 0x52000 -> 0x53000; PID 1: root 0x60000, level 2 0x70000 (entry
 * 0 the same 1 GB identity leaf, entry 1 -> 0x72000 -> 0x73000). */
#include "bare.inc"
        .set PAGE1, 0x210000
        .set PAGE2, 0x211000
        .set PAGE3, 0x212000
        .set LEAF, 0xC000000000000187   /* V L, R C, RWX: | RPN */
        .set PDE, 0x8000000000000009    /* V, NLS 9: | next level */
        .set LI3, 0x38600000
        .set BLR, 0x4e800020
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        NEXT bad
        /* the three code pages */
        LOAD64 5, PAGE1
        LOAD64 6, (LI3 | 1)
        LOAD64 7, BLR
        stw 6, 0(5)
        stw 7, 4(5)
        LOAD64 5, PAGE2
        LOAD64 6, (LI3 | 2)
        stw 6, 0(5)
        stw 7, 4(5)
        LOAD64 5, PAGE3
        LOAD64 6, (LI3 | 3)
        stw 6, 0(5)
        stw 7, 4(5)
        /* PID 1's tree */
        LOAD64 5, 0x20010
        LOAD64 6, ((2 << 61) | (5 << 5) | 0x60000 | 13)
        STDBE 6, 5
        LOAD64 5, 0x60000
        LOAD64 6, (0x8000000000000000 | 0x70000 | 9)
        STDBE 6, 5
        LOAD64 5, 0x70000
        LOAD64 6, (0xC000000000000000 | 0x100 | 0x80 | 0x7)
        STDBE 6, 5
        LOAD64 5, 0x70008
        LOAD64 6, (PDE | 0x72000)
        STDBE 6, 5
        LOAD64 5, 0x72000
        LOAD64 6, (PDE | 0x73000)
        STDBE 6, 5
        LOAD64 5, 0x73000
        LOAD64 6, (LEAF | PAGE3)
        STDBE 6, 5
        /* PID 0's */
        RADIX_SETUP
        LOAD64 5, 0x50008
        LOAD64 6, (PDE | 0x52000)
        STDBE 6, 5
        LOAD64 5, 0x52000
        LOAD64 6, (PDE | 0x53000)
        STDBE 6, 5
        LOAD64 16, 0x53000
        LOAD64 6, (LEAF | PAGE1)
        STDBE 6, 16
        sync
        li 6, 0
        mtspr 48, 6                     /* PIDR = 0 */
        LOAD64 7, 0x8000000000001031    /* SF|IR|DR|ME|LE */
        mtmsrd 7
        LOAD64 15, 0x40000000

        /* 1 */
        mtctr 15
        bctrl
        CHECK 3, 1, 1
        /* 2: page 2, tlbie by page */
        LOAD64 6, (LEAF | PAGE2)
        STDBE 6, 16
        ptesync
        li 6, 0
        tlbie 15, 6, 0, 1, 1
        eieio
        tlbsync
        ptesync
        isync
        mtctr 15
        bctrl
        CHECK 3, 2, 2
        /* 3: PIDR = 1 */
        li 6, 1
        mtspr 48, 6
        isync
        mtctr 15
        bctrl
        CHECK 3, 3, 3
        /* 4: PIDR = 0 */
        li 6, 0
        mtspr 48, 6
        isync
        mtctr 15
        bctrl
        CHECK 3, 2, 4
        /* 5: page 1, tlbiel by PID (IS = 1, RIC = 0) */
        LOAD64 6, (LEAF | PAGE1)
        STDBE 6, 16
        ptesync
        li 5, 0x400
        li 6, 0
        tlbiel 5, 6, 0, 1, 1
        ptesync
        isync
        mtctr 15
        bctrl
        CHECK 3, 1, 5
        PASS
bad:    li 4, 99
        HCALL 0xF003
