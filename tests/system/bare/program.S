/* tests/system/bare/program.S: Power ISA 3.0B Book III 7.5.9 "Program
 * Interrupt" (illegal instruction SRR1[44], trap SRR1[46], privileged
 * instruction SRR1[45]; SRR0 = the instruction) and 7.5.14 "System Call
 * Interrupt" (sc from problem state -> 0xc00, SRR0 = next instruction,
 * SRR1 = MSR with PR), 7.3 new MSR (LE from LPCR[ILE], SF, ME kept,
 * PR/EE/IR/DR cleared) and rfid (4.3 / 7.x) back to problem state; 4.4.4
 * mtspr/mfspr rules: a privileged SPR from problem state is a privileged
 * -instruction program interrupt, an undefined one in privileged state a
 * no-op; 7.5.8 alignment (lwarx), 7.5.10/16/17 FP, vector and VSX
 * unavailable. Built and run little-endian (LPCR[ILE]=1) and big-endian. */
#include "bare.inc"
        .text
        .globl _start
_start:
        b start
        VECTORS 0

        . = 0x8000
start:
        /* 1: illegal instruction (primary opcode 0, not attn) */
        NEXT c1
ill:    .long 0x00000000
        li 4, 100
        HCALL 0xF003
c1:     CHECK 23, 0x700, 1
        CHECKL 20, ill, 2
        LOAD64 9, 0x001f0000           /* program cause bits 43:47 */
        and 8, 21, 9
        CHECK 8, 0x80000, 3
        /* SRR1 holds the old MSR: SF|ME (|LE) */
        LOAD64 9, 0xffffffff87c0ffff
        and 8, 21, 9
        CHECK 8, (0x8000000000001000 | MSR_LE), 4
        /* new MSR: SF|ME, LE from LPCR[ILE], nothing else */
        CHECK 22, (0x8000000000001000 | MSR_LE), 5

        /* 2: trap (tw 31,0,0) */
        NEXT c2
trp:    trap
        li 4, 101
        HCALL 0xF003
c2:     CHECK 23, 0x700, 10
        CHECKL 20, trp, 11
        and 8, 21, 9
        LOAD64 9, 0x001f0000
        and 8, 21, 9
        CHECK 8, 0x20000, 12

        /* 3: undefined SPR in privileged state: no-op (RT unchanged) */
        li 7, 1234
        mfspr 7, 700
        CHECK 7, 1234, 20
        mtspr 700, 7
        /* SPRG0 round trip; SRR0 write/read */
        LOAD64 7, 0x1122334455667788
        mtsprg 0, 7
        mfsprg 8, 0
        CHECK 8, 0x1122334455667788, 21

        /* 3b: alignment (7.5.8): lwarx of an unaligned word, DAR = EA */
        NEXT c3b
        LOAD64 5, 0x100001
al:     lwarx 6, 0, 5
        li 4, 106
        HCALL 0xF003
c3b:    CHECK 23, 0x600, 22
        CHECKL 20, al, 23
        mfdar 8
        CHECK 8, 0x100001, 24

        /* 3c: FP / vector / VSX unavailable (7.5.10, 7.5.16, 7.5.17):
         * the reset MSR has FP = VEC = VSX = 0 */
        NEXT c3c
fpu:    fadd 1, 1, 1
        li 4, 107
        HCALL 0xF003
c3c:    CHECK 23, 0x800, 25
        CHECKL 20, fpu, 26
        NEXT c3d
vmx:    vaddubm 0, 0, 0
        li 4, 108
        HCALL 0xF003
c3d:    CHECK 23, 0xf20, 27
        CHECKL 20, vmx, 28
        NEXT c3e
vsx:    xxlor 0, 0, 0
        li 4, 109
        HCALL 0xF003
c3e:    CHECK 23, 0xf40, 29
        CHECKL 20, vsx, 35

        /* 4: problem state needs translation on (rfid sets IR/DR with PR):
         * radix, identity map of the first GB. */
        RADIX_SETUP
        NEXT c4
        LA 7, user1
        mtsrr0 7
        LOAD64 7, (0x8000000000005000 | MSR_LE)      /* SF|PR|ME (+EE/IR/DR from PR) */
        mtsrr1 7
        rfid
user1:  mfmsr 5                            /* privileged */
        li 4, 102
        HCALL 0xF003
c4:     CHECK 23, 0x700, 30
        CHECKL 20, user1, 31
        LOAD64 9, 0x001f0000
        and 8, 21, 9
        CHECK 8, 0x40000, 32
        /* SRR1: PR, EE, IR, DR set (rfid with PR=1 sets EE, IR, DR) */
        LOAD64 9, 0xc030
        and 8, 21, 9
        CHECK 8, 0xc030, 33
        /* handler runs with PR=0, EE=0, IR=DR=0 (AIL=0) */
        CHECK 22, (0x8000000000001000 | MSR_LE), 34

        /* 5: privileged SPR (SPRG0, 272) from problem state */
        NEXT c5
        LA 7, user2
        mtsrr0 7
        LOAD64 7, (0x8000000000005000 | MSR_LE)
        mtsrr1 7
        rfid
user2:  mtsprg 0, 7
        li 4, 103
        HCALL 0xF003
c5:     CHECK 23, 0x700, 40
        CHECKL 20, user2, 41
        LOAD64 9, 0x001f0000
        and 8, 21, 9
        CHECK 8, 0x40000, 42

        /* 6: sc from problem state -> 0xc00, SRR0 = next instruction;
         * user-readable SPRs work there (SPRG3 via 259). */
        NEXT c6
        LOAD64 7, 0x5566
        mtsprg 3, 7
        LA 7, user3
        mtsrr0 7
        LOAD64 7, (0x8000000000005000 | MSR_LE)
        mtsrr1 7
        rfid
user3:  mfspr 12, 259
        sc
after:  li 4, 104
        HCALL 0xF003
c6:     CHECK 23, 0xc00, 50
        CHECKL 20, after, 51
        CHECK 12, 0x5566, 52
        LOAD64 9, 0x4000
        and 8, 21, 9
        CHECK 8, 0x4000, 53

        /* 7: rfid back to problem state at 'after2', then sc again */
        NEXT c7
        LA 7, after2
        mtsrr0 7
        mtsrr1 21
        rfid
after2: sc
after3: li 4, 105
        HCALL 0xF003
c7:     CHECK 23, 0xc00, 60
        CHECKL 20, after3, 61
        PASS
