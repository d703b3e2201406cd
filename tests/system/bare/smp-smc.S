/* tests/system/bare/smp-smc.S: Power ISA 3.0B Book II 1.9 "Instruction
 * Storage" (and 4.3.2 icbi, 4.6.1 isync) across processors: once the
 * modifying processor has stored new instructions and executed
 * [dcbst; sync;] icbi; sync; isync, and another processor has observed
 * its following store, that processor executes the new instructions
 * after its own context synchronisation (isync). vCPU 1 (sys-harness
 * --smp 2) keeps calling a function that returns r3 = n ("li 3, n;
 * blr") until it sees a flag, then isync, and must get the new value:
 *   1. vCPU 0 rewrites it at the same address (real mode) with the
 *      sequence dcbst; sync; icbi; sync; isync
 *   2. through another effective address (radix translation, EA
 *      0x40000000 + x -> RA x), with Linux's sequence for a snooping
 *      instruction cache (sync; icbi of an unrelated block; sync;
 *      isync): the engine notices stores by guest physical page
 *   3. the machine writes it (harness 0xF009, as a DMA:
 *      ppc_partition_code_written)
 *   4. a second function on a page vCPU 0 has just been writing data
 *      to (so its soft TLB holds a write entry for the page when vCPU 1
 *      starts executing code from it).
 * Flags in RAM at 0x100000. */
#include "bare.inc"
        .set FLAGS, 0x100000
        .set SEEN1, 0x00
        .set DONE1, 0x80
        .set SEEN2, 0x100
        .set DONE2, 0x180
        .set SEEN3, 0x200
        .set DONE3, 0x280
        .set GO4, 0x300
        .set SEEN4, 0x380
        .set DONE4, 0x400
        .set LI3, 0x38600000            /* li 3, 0 */
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        mr 31, 3
        LOAD64 14, FLAGS
        LA 15, func
        LA 16, func2
        cmpdi 31, 0
        bne cpu1

        /* vCPU 0 */
        NEXT bad0
        /* 1: same address, the full ISA sequence */
0:      lwz 6, SEEN1(14)
        cmpwi 6, 0
        beq 0b
        LOAD64 6, (LI3 | 2)
        stw 6, 0(15)
        dcbst 0, 15
        sync
        icbi 0, 15
        sync
        isync
        li 6, 1
        stw 6, DONE1(14)

        /* 2: through an alias, snooping-icache sequence */
0:      lwz 6, SEEN2(14)
        cmpwi 6, 0
        beq 0b
        RADIX_SETUP
        LOAD64 5, 0x50008               /* EA 0x40000000 -> RA 0 */
        LOAD64 6, (0xC000000000000000 | 0x100 | 0x80 | 0x7)
        STDBE 6, 5
        ptesync
        LOAD64 7, 0x8000000000001031    /* SF|IR|DR|ME|LE */
        mtmsrd 7
        LOAD64 5, 0x40000000
        add 5, 5, 15
        LOAD64 6, (LI3 | 3)
        stw 6, 0(5)
        sync
        icbi 0, 14                      /* not the modified block */
        sync
        isync
        li 6, 1
        stw 6, DONE2(14)
        LOAD64 7, 0x8000000000001001    /* real mode again */
        mtmsrd 7

        /* 3: a DMA by the machine */
0:      lwz 6, SEEN3(14)
        cmpwi 6, 0
        beq 0b
        mr 4, 15
        LOAD64 5, (LI3 | 4)
        HCALL 0xF009
        CHECK 3, 0, 40
        sync
        li 6, 1
        stw 6, DONE3(14)

        /* 4: func2's page holds data vCPU 0 writes; then it is code */
        li 6, 0
        mtctr 6
        li 7, 1000
1:      stw 7, 0x800(16)                /* data on func2's page */
        addi 7, 7, -1
        cmpwi 7, 0
        bne 1b
        li 6, 1
        stw 6, GO4(14)
0:      lwz 6, SEEN4(14)
        cmpwi 6, 0
        beq 0b
        LOAD64 6, (LI3 | 5)
        stw 6, 0(16)
        dcbst 0, 16
        sync
        icbi 0, 16
        sync
        isync
        li 6, 1
        stw 6, DONE4(14)
        PASS
bad0:   li 4, 90
        HCALL 0xF003

        /* vCPU 1 */
cpu1:
        NEXT bad1
        li 19, 1
p1:     lwz 8, DONE1(14)
        isync
        bl func
        cmpwi 8, 0
        bne 1f
        stw 19, SEEN1(14)
        b p1
1:      CHECK 3, 2, 11
p2:     lwz 8, DONE2(14)
        isync
        bl func
        cmpwi 8, 0
        bne 1f
        stw 19, SEEN2(14)
        b p2
1:      CHECK 3, 3, 21
p3:     lwz 8, DONE3(14)
        isync
        bl func
        cmpwi 8, 0
        bne 1f
        stw 19, SEEN3(14)
        b p3
1:      CHECK 3, 4, 31
0:      lwz 8, GO4(14)
        cmpwi 8, 0
        beq 0b
p4:     lwz 8, DONE4(14)
        isync
        bl func2
        cmpwi 8, 0
        bne 1f
        cmpwi 3, 1                      /* the new code may show early */
        bne p4
        stw 19, SEEN4(14)
        b p4
1:      CHECK 3, 5, 42
        PASS
bad1:   li 4, 91
        HCALL 0xF003

        .balign 4096
func:   li 3, 1
        blr
        .balign 4096
func2:  li 3, 1
        blr
