/* tests/system/bare/smp-atomic.S: Power ISA 3.0B Book II 4.6.2 "Load And
 * Reserve and Store Conditional Instructions" across processors: every
 * vCPU (r3 = index, r4 = count, run by sys-harness --smp N) adds 1 to a
 * shared word 2^20 times with lwarx/stwcx.; vCPU 0 waits until all are
 * done and checks the total, so a lost update fails. */
#include "bare.inc"
        .text
        .globl _start
_start:
        mr 31, 3
        mr 28, 4
        LOAD64 5, 0x100000              /* counter */
        LOAD64 6, 0x100080              /* vCPUs done */
        LOAD64 11, 0x100100             /* vCPUs started */
0:      lwarx 7, 0, 11                  /* start together */
        addi 7, 7, 1
        stwcx. 7, 0, 11
        bne- 0b
0:      lwz 7, 0(11)
        cmpw 7, 28
        bne 0b
        lis 10, 16
        mtctr 10
1:      lwarx 7, 0, 5
        addi 7, 7, 1
        stwcx. 7, 0, 5
        bne- 1b
        bdnz 1b
2:      lwarx 7, 0, 6
        addi 7, 7, 1
        stwcx. 7, 0, 6
        bne- 2b
        cmpdi 31, 0
        beq 3f
        PASS
3:      lwz 7, 0(6)
        cmpw 7, 28
        bne 3b
        sync
        lwz 8, 0(5)
        sldi 9, 28, 20
        mr 4, 8
        HCALL 0xF002                    /* report the total */
        cmpw 8, 9
        beq 4f
        li 4, 1
        HCALL 0xF003
4:      PASS
