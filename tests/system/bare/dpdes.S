/* tests/system/bare/dpdes.S: DPDES, the Directed Privileged Doorbell
 * Exception State register (SPR 176; Power ISA 3.0B Book III 11.2 and
 * the SPR table: privileged read), with sys-harness --smp 2 --threads 2
 * (both vCPUs threads of one core). DPDES bit 63-t reflects a pending
 * directed privileged doorbell of thread t of this core: vCPU 0 reads 0,
 * then 0b10 once it sent one to thread 1 (msgsndp, RB[57:63] = 1) while
 * thread 1 has MSR[EE] = 0, 0b11 with one to itself, 0b10 after its own
 * msgclrp, 0 after thread 1 cleared its own; a write of DPDES
 * (hypervisor-privileged) changes nothing; then thread 1 takes the
 * doorbell it has pending when it sets MSR[EE] (7.5.13, vector 0xA00).
 * Flags in RAM at 0x100000 (word 0: step of vCPU 0, word 0x80: step of
 * vCPU 1). */
#include "bare.inc"
        .set FLAGS, 0x100000
        .set DPDES, 176
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        LOAD64 14, FLAGS
        cmpdi 3, 0
        bne cpu1

        /* vCPU 0 (thread 0) */
        NEXT bad0
        mfspr 5, DPDES
        CHECK 5, 0, 1
        LOAD64 17, ((5 << 27) | 1)
        msgsndp 17                      /* to thread 1 (EE = 0 there) */
        mfspr 5, DPDES
        CHECK 5, 2, 2
        LOAD64 17, ((5 << 27) | 0)
        msgsndp 17                      /* to itself, EE = 0 */
        mfspr 5, DPDES
        CHECK 5, 3, 3
        li 6, 0
        mtspr DPDES, 6                  /* hypervisor's: no change */
        mfspr 5, DPDES
        CHECK 5, 3, 4
        msgclrp 17
        mfspr 5, DPDES
        CHECK 5, 2, 5
        /* thread 1: clear yours */
        li 6, 1
        stw 6, 0(14)
        sync
0:      lwz 8, 0x80(14)
        cmpwi 8, 1
        blt 0b
        mfspr 5, DPDES
        CHECK 5, 0, 6
        /* another one; thread 1 takes it with EE = 1 */
        LOAD64 17, ((5 << 27) | 1)
        msgsndp 17
        li 6, 2
        stw 6, 0(14)
        sync
0:      lwz 8, 0x80(14)
        cmpwi 8, 2
        blt 0b
        mfspr 5, DPDES
        CHECK 5, 0, 7
        PASS
bad0:   li 4, 8
        HCALL 0xF003

        /* vCPU 1 (thread 1): MSR[EE] = 0 until told */
cpu1:   NEXT bad1
0:      lwz 8, 0(14)
        cmpwi 8, 1
        blt 0b
        LOAD64 17, ((5 << 27) | 1)
        msgclrp 17
        li 6, 1
        stw 6, 0x80(14)
        sync
0:      lwz 8, 0(14)
        cmpwi 8, 2
        blt 0b
        NEXT c1
        LOAD64 7, (0x8000000000009000 | MSR_LE)
        mtmsrd 7, 1
        li 4, 20
        HCALL 0xF003
c1:     CHECK 23, 0xa00, 21
        li 6, 2
        stw 6, 0x80(14)
        sync
        PASS
bad1:   li 4, 22
        HCALL 0xF003
