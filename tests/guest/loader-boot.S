/* tests/guest/loader-boot.S: the raw <loader> image of loader-boot.sh.
 * Loaded at guest physical 0; vCPU 0 starts at 0x100 (real mode, 64-bit,
 * big-endian, r3 = FDT). It only jumps to the raw test kernel at 0x400000,
 * leaving r3 as it found it. */
    .text
    .globl _start
_start:
    .org 0x100
    lis     12, 0x40            /* 0x400000 */
    mtctr   12
    bctr
    .org 0x200                  /* the machine wants at least 0x104 bytes */
