/*
 * firmware/rtas-entry.S: the in-guest RTAS entry point (design.md "Boot
 * conventions"). The kernel calls RTAS with r3 = the real address of the
 * RTAS argument buffer (token, nargs, nret, args..., rets...); this blob
 * turns the call into the private hypercall KVMPPC_H_RTAS (0xf000) with
 * r4 = that address, and the machine (machine/) does the work. Linux calls
 * it big-endian in real mode; the code below is the same in 32- and 64-bit
 * mode. Assembled big-endian; the machine copies it to the address it
 * advertises as linux,rtas-base.
 */
        .text
        .globl  rtas_entry
rtas_entry:
        mr      4, 3            /* r4 = RTAS argument buffer */
        li      3, 0
        ori     3, 3, 0xf000    /* r3 = KVMPPC_H_RTAS */
        sc      1               /* hypercall; the machine fills the rets */
        blr
