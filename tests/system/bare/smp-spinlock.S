/* tests/system/bare/smp-spinlock.S: Power ISA 3.0B Book II 4.6.2 "Load
 * And Reserve and Store Conditional Instructions" and Book II appendix B
 * "Programming Examples for Sharing Storage" (lock acquisition with
 * lwarx/stwcx. + isync, release with lwsync + store): 4 vCPUs (run by
 * sys-harness --smp 4) each take a spin lock 100000 times and, holding
 * it, increment a plain (non-atomic) counter with lwz/addi/stw and check
 * that nobody else holds it (an owner word). vCPU 0 waits until all are
 * done and checks the total: a lost update or two holders fail. */
#include "bare.inc"
        .text
        .globl _start
_start:
        mr 31, 3                        /* index */
        mr 28, 4                        /* vCPUs */
        addi 27, 31, 1                  /* owner tag */
        LOAD64 5, 0x100000              /* lock */
        LOAD64 6, 0x100080              /* counter (plain) */
        LOAD64 13, 0x100100             /* owner */
        LOAD64 11, 0x100180             /* vCPUs started */
        LOAD64 12, 0x100200             /* vCPUs done */
0:      lwarx 7, 0, 11                  /* start together */
        addi 7, 7, 1
        stwcx. 7, 0, 11
        bne- 0b
0:      lwz 7, 0(11)
        cmpw 7, 28
        bne 0b
        lis 10, 1
        ori 10, 10, 0x86a0              /* 100000 */
        mtctr 10
        li 8, 1
lock:   lwarx 7, 0, 5
        cmpwi 7, 0
        bne- spin
        stwcx. 8, 0, 5
        bne- lock
        isync
        /* critical section */
        lwz 9, 0(13)
        cmpwi 9, 0
        bne- twoholders
        stw 27, 0(13)
        lwz 9, 0(6)
        addi 9, 9, 1
        stw 9, 0(6)
        lwz 9, 0(13)
        cmpw 9, 27
        bne- twoholders
        li 9, 0
        stw 9, 0(13)
        /* release */
        lwsync
        li 7, 0
        stw 7, 0(5)
        bdnz lock
        b finished
spin:   lwz 7, 0(5)
        cmpwi 7, 0
        bne spin
        b lock
twoholders:
        li 4, 2
        HCALL 0xF003
finished:
0:      lwarx 7, 0, 12
        addi 7, 7, 1
        stwcx. 7, 0, 12
        bne- 0b
        cmpdi 31, 0
        beq 1f
        PASS
1:      lwz 7, 0(12)
        cmpw 7, 28
        bne 1b
        sync
        lwz 8, 0(6)
        mr 4, 8
        HCALL 0xF002                    /* report the total */
        lis 9, 1
        ori 9, 9, 0x86a0
        mullw 9, 9, 28
        cmpw 8, 9
        beq 2f
        li 4, 1
        HCALL 0xF003
2:      PASS
