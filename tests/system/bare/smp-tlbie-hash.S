/* tests/system/bare/smp-tlbie-hash.S: Power ISA 3.0B Book III 5.9.3.3
 * "TLB Invalidate Entry" / 5.10 "Translation Lookaside Buffer Management"
 * across processors with hashed page table translation (5.7.7-5.7.9):
 * after an HPTE changes and the invalidation completes, no other
 * processor uses the old translation for accesses after it observes the
 * change's completion. vCPU 1 (sys-harness --smp 2) keeps loading from
 * EA 0x10005000 so its TLB holds the translation:
 *   1. page A -> page B by the guest: HPTE store, ptesync, tlbie (R=0,
 *      IS=0, the VA), eieio, tlbsync, ptesync
 *   2. page B -> page A by the hypervisor (harness 0xF00B: HPTE write,
 *      then ppc_partition_flush_hpte of the old page, as H_ENTER/H_REMOVE
 *      would: PAPR 14.5.4.1)
 *   3. HPTE removed by the hypervisor, ppc_partition_flush_all: DSI with
 *      DSISR[33] (no HPTE).
 * vCPU 0 runs in real mode; vCPU 1 with data translation only (MSR[DR]).
 * HPT at 0x400000 (256 KB, 2048 groups); SLB entry 0: ESID 1 (EA
 * 0x10000000, 256 MB), VSID 0x100, Ks = Kp = 0. EA 0x10005000 hashes to
 * group 0x100 ^ 5 = 0x105 (HPTE index 0x828); EA 0x10000000 (group
 * 0x100, HPTE 0x800) maps the flags page (RA 0x100000); both AVPNs are
 * 0x2000. */
#include "bare.inc"
        .set FLAGS, 0x100000
        .set READY, 0x00
        .set SEEN1, 0x80
        .set DONE1, 0x100
        .set SEEN2, 0x180
        .set DONE2, 0x200
        .set SEEN3, 0x280
        .set DONE3, 0x300
        .set VEA, 0x10005000
        .set HTAB, 0x400000
        .set HTABSZ, 0x40000
        .set PTEX, 0x828
        .set PTEXF, 0x800
        .set HPTE_RF, 0x100190
        .set HPTE_V, 0x100001           /* AVPN 0x2000, B 0, V */
        .set HPTE_RA, 0x200190          /* RPN 0x200000, R C, M, PP 00 */
        .set HPTE_RB, 0x201190
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
        LOAD64 16, (HTAB + PTEX * 16)
        cmpdi 31, 0
        bne cpu1

        /* vCPU 0 */
        LOAD64 5, 0x200000
        LOAD64 6, 0xAAAA
        std 6, 0(5)
        LOAD64 5, 0x201000
        LOAD64 6, 0xBBBB
        std 6, 0(5)
        LOAD64 6, HPTE_RA
        addi 5, 16, 8
        STDBE 6, 5
        LOAD64 6, HPTE_V
        STDBE 6, 16
        LOAD64 5, (HTAB + PTEXF * 16 + 8)
        LOAD64 6, HPTE_RF
        STDBE 6, 5
        LOAD64 5, (HTAB + PTEXF * 16)
        LOAD64 6, HPTE_V
        STDBE 6, 5
        sync
        li 6, 1
        stw 6, READY(14)
        NEXT bad0

        /* 1: A -> B by the guest's tlbie */
0:      lwz 6, SEEN1(14)
        cmpwi 6, 0
        beq 0b
        li 6, 0                         /* HPTE invalid, new RPN, valid */
        STDBE 6, 16
        ptesync
        LOAD64 6, HPTE_RB
        addi 5, 16, 8
        STDBE 6, 5
        eieio
        LOAD64 6, HPTE_V
        STDBE 6, 16
        ptesync
        LOAD64 5, 0x1000005000          /* RB = VA: VSID 0x100 << 28 | 0x5000 */
        li 6, 0
        tlbie 5, 6, 0, 0, 0
        eieio
        tlbsync
        ptesync
        li 6, 1
        stw 6, DONE1(14)

        /* 2: B -> A by the hypervisor, precise invalidation */
0:      lwz 6, SEEN2(14)
        cmpwi 6, 0
        beq 0b
        li 4, PTEX
        LOAD64 5, HPTE_V
        LOAD64 6, HPTE_RA
        li 7, 1
        HCALL 0xF00B
        CHECK 3, 0, 40
        li 6, 1
        stw 6, DONE2(14)

        /* 3: removed by the hypervisor, full invalidation */
0:      lwz 6, SEEN3(14)
        cmpwi 6, 0
        beq 0b
        li 4, PTEX
        li 5, 0
        li 6, 0
        li 7, 0
        HCALL 0xF00B
        CHECK 3, 0, 41
        li 6, 1
        stw 6, DONE3(14)
        PASS
bad0:   li 4, 90
        HCALL 0xF003

        /* vCPU 1: HPT, SLB entry 0, data translation (the code stays
         * real: segment 0 has no SLB entry); flags through EA
         * 0x10000000 */
cpu1:
0:      lwz 6, READY(14)
        cmpwi 6, 0
        beq 0b
        sync
        LOAD64 4, HTAB
        LOAD64 5, HTABSZ
        HCALL 0xF00A
        LOAD64 6, (0x100 << 12)         /* VSID 0x100, Ks Kp 0, L 0 */
        LOAD64 5, 0x18000000            /* ESID 1, V, index 0 */
        slbmte 6, 5
        isync
        LOAD64 7, 0x8000000000001011    /* SF|DR|ME|LE */
        mtmsrd 7
        LOAD64 14, 0x10000000
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
        cmpwi 8, 0
        bne 2f
        LOAD64 7, 0x8000000000001011
        mtmsrd 7
        b p3
2:      PASS
bad1:   li 4, 91
        HCALL 0xF003
