/* tests/system/bare/smp-tlbie-radix.S: Power ISA 3.0B Book III 5.9.3.3
 * "TLB Invalidate Entry" / 5.10 "Translation Lookaside Buffer Management"
 * across processors with radix translation (5.7.10): after vCPU 0 changes
 * a PTE and executes tlbie; eieio; tlbsync; ptesync, no other processor
 * may use the old translation for accesses after it observes vCPU 0's
 * following store (tlbsync: "all tlbie's executed by this thread ... have
 * completed on all other processors"). vCPU 1 (sys-harness --smp 2)
 * keeps loading from EA 0x40005000 (4 KB page) so its TLB holds the
 * translation, then observes a flag and must see the new mapping:
 *   1. page A -> page B, tlbie IS=0 (this page, PID 0, AP 4K)
 *   2. page B -> page A, tlbie IS=1 (the whole PID)
 *   3. PTE removed, tlbie IS=2 (the LPID): a DSI (DSISR[33]).
 * Tables (big-endian): process table 0x20000, root 0x30000 (NLS 13),
 * level 2 at 0x50000 (entry 0: 1 GB leaf -> RA 0, identity for the
 * code), entry 1 -> level 3 at 0x52000 -> level 4 at 0x53000, whose
 * entry 5 maps EA 0x40005000 (not the soft-TLB slot of the flags, so
 * the translation stays cached between the loads). Page A (RA 0x200000) holds 0xAAAA, page B
 * (0x201000) 0xBBBB. Flags in RAM at 0x100000 (identity mapped). */
#include "bare.inc"
        .set FLAGS, 0x100000
        .set READY, 0x00                /* tables built */
        .set SEEN1, 0x80
        .set DONE1, 0x100
        .set SEEN2, 0x180
        .set DONE2, 0x200
        .set SEEN3, 0x280
        .set DONE3, 0x300
        .set VEA, 0x40005000
        .set PTE_A, 0xC000000000200187  /* V L, RPN 0x200000, R C, RWX */
        .set PTE_B, 0xC000000000201187
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        mr 31, 3
        LOAD64 14, FLAGS
        LOAD64 15, VEA
        LOAD64 16, 0x53028              /* level 4 entry 5 */
        cmpdi 31, 0
        bne cpu1

        /* vCPU 0: pages, tables, then the three changes */
        LOAD64 5, 0x200000
        LOAD64 6, 0xAAAA
        std 6, 0(5)
        LOAD64 5, 0x201000
        LOAD64 6, 0xBBBB
        std 6, 0(5)
        RADIX_SETUP
        LOAD64 5, 0x50008
        LOAD64 6, (0x8000000000000000 | 0x52000 | 9)
        STDBE 6, 5
        LOAD64 5, 0x52000
        LOAD64 6, (0x8000000000000000 | 0x53000 | 9)
        STDBE 6, 5
        LOAD64 6, PTE_A
        STDBE 6, 16
        sync
        li 6, 1
        stw 6, READY(14)
        LOAD64 7, 0x8000000000001031       /* SF|IR|DR|ME|LE */
        mtmsrd 7
        NEXT bad0

        /* 1: A -> B, tlbie by page */
0:      lwz 6, SEEN1(14)
        cmpwi 6, 0
        beq 0b
        LOAD64 6, PTE_B
        STDBE 6, 16
        ptesync
        mr 5, 15                        /* RB = EA, IS 0, AP 0 (4K) */
        li 6, 0                         /* RS = PID 0 */
        tlbie 5, 6, 0, 1, 1
        eieio
        tlbsync
        ptesync
        li 6, 1
        stw 6, DONE1(14)

        /* 2: B -> A, tlbie by PID */
0:      lwz 6, SEEN2(14)
        cmpwi 6, 0
        beq 0b
        LOAD64 6, PTE_A
        STDBE 6, 16
        ptesync
        li 5, 0x400                     /* IS = 1 */
        li 6, 0
        tlbie 5, 6, 0, 1, 1
        eieio
        tlbsync
        ptesync
        li 6, 1
        stw 6, DONE2(14)

        /* 3: unmapped, tlbie by LPID */
0:      lwz 6, SEEN3(14)
        cmpwi 6, 0
        beq 0b
        li 6, 0
        STDBE 6, 16
        ptesync
        li 5, 0x800                     /* IS = 2 */
        li 6, 0
        tlbie 5, 6, 0, 1, 1
        eieio
        tlbsync
        ptesync
        li 6, 1
        stw 6, DONE3(14)
        PASS
bad0:   li 4, 90
        HCALL 0xF003

        /* vCPU 1 */
cpu1:
0:      lwz 6, READY(14)
        cmpwi 6, 0
        beq 0b
        sync
        LOAD64 4, (0x8000000000000000 | 0x20000)
        HCALL 0xF005
        LOAD64 7, 0x8000000000001031
        mtmsrd 7
        NEXT bad1
        LOAD64 17, 0xAAAA
        LOAD64 18, 0xBBBB
        li 19, 1
p1:     lwz 8, DONE1(14)
        sync
        ld 9, 0(15)
        cmpwi 8, 0
        bne 1f
        cmpd 9, 17
        bne p1
        stw 19, SEEN1(14)
        b p1
1:      CHECK 9, 0xBBBB, 11
p2:     lwz 8, DONE2(14)
        sync
        ld 9, 0(15)
        cmpwi 8, 0
        bne 1f
        cmpd 9, 18
        bne p2
        stw 19, SEEN2(14)
        b p2
1:      CHECK 9, 0xAAAA, 21
p3:     lwz 8, DONE3(14)
        sync
        NEXT dsi3
ld3:    ld 9, 0(15)
        NEXT bad1
        cmpwi 8, 0
        bne 1f
        stw 19, SEEN3(14)
        b p3
1:      li 4, 31                        /* DONE3 seen, still mapped */
        HCALL 0xF003
dsi3:   CHECK 23, 0x300, 32
        CHECKL 20, ld3, 33
        mfdsisr 9
        CHECK 9, 0x40000000, 34
        cmpwi 8, 0                      /* DONE3 seen before the load */
        bne 2f
        LOAD64 7, 0x8000000000001031    /* not yet: translation on, again */
        mtmsrd 7
        b p3
2:      PASS
bad1:   li 4, 91
        HCALL 0xF003
