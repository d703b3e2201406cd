/* tests/system/bare/smp-ipi.S: wake-ups between vCPUs (sys-harness --smp
 * 2 --threads 2: both are threads of one core). PAPR 14.5.4.3 H_CEDE
 * with an interrupt raised from another vCPU's thread, Power ISA 3.0B
 * Book III 7.5.7 "External Interrupt" (the line as XICS drives it for
 * H_IPI, harness 0xF008) and 7.5.13 "Directed Privileged Doorbell
 * Interrupt" with msgsndp to the other thread of the core (Book III
 * 11.2, RB[57:63] = thread): vCPU 1 cedes, is woken, takes the
 * interrupt and counts; vCPU 0 sends the next one only after the count
 * moved, 5000 times each way, so a lost wake-up hangs (and fails). Then
 * msgsndp to a thread the core does not have does nothing, and msgsnd
 * (hypervisor privileged) in the partition is an illegal-instruction
 * program interrupt (SRR1[44]), as a hypervisor reflects the
 * emulation-assistance interrupt. Counters in RAM at 0x100000. */
#include "bare.inc"
        .set FLAGS, 0x100000
        .set COUNT1, 0x00
        .set COUNT2, 0x80
        .set ROUNDS, 5000
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        mr 31, 3
        LOAD64 14, FLAGS
        cmpdi 31, 0
        bne cpu1

        /* vCPU 0: external interrupts to vCPU 1 */
        NEXT bad0
        li 16, 0
3:      addi 16, 16, 1
        li 4, 1
        li 5, 1
        HCALL 0xF008
        CHECK 3, 0, 1
0:      lwz 8, COUNT1(14)
        cmpw 8, 16
        blt 0b
        cmpwi 16, ROUNDS
        blt 3b

        /* doorbells to thread 1 */
        li 16, 0
        LOAD64 17, ((5 << 27) | 1)
1:      addi 16, 16, 1
        msgsndp 17
0:      lwz 8, COUNT2(14)
        cmpw 8, 16
        blt 0b
        cmpwi 16, ROUNDS
        blt 1b

        /* no thread 5 in this core: nothing, here either */
        LOAD64 17, ((5 << 27) | 5)
        msgsndp 17
        LOAD64 7, 0x8000000000009001    /* EE on */
        mtmsrd 7, 1
        li 10, 1000
        mtctr 10
1:      bdnz 1b
        li 7, 0
        mtmsrd 7, 1

        /* msgsnd: program interrupt, illegal instruction */
        NEXT c3
        LOAD64 17, (5 << 27)
ms3:    msgsnd 17
        li 4, 30
        HCALL 0xF003
c3:     CHECK 23, 0x700, 31
        CHECKL 20, ms3, 32
        LOAD64 9, 0x80000
        and 8, 21, 9
        CHECK 8, 0x80000, 33
        PASS
bad0:   li 4, 90
        HCALL 0xF003

        /* vCPU 1: cede until an interrupt, count it */
cpu1:
        li 16, 0
ext:    NEXT got_ext
        HCALL 0xF007                    /* returns with EE=1 */
        b ext                           /* woken without an interrupt */
got_ext:
        CHECK 23, 0x500, 10
        li 4, 0                         /* lower this vCPU's line */
        HCALL 0xF006
        addi 16, 16, 1
        stw 16, COUNT1(14)
        cmpwi 16, ROUNDS
        blt ext

        li 16, 0
db:     NEXT got_db
        HCALL 0xF007
        b db
got_db:
        CHECK 23, 0xa00, 20
        addi 16, 16, 1
        stw 16, COUNT2(14)
        cmpwi 16, ROUNDS
        blt db
        PASS
