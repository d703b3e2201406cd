/*
 * firmware/vof-entry.S: the Open Firmware client-interface entry point of
 * pseriesd's VOF-style firmware (design.md "Boot conventions"). The kernel
 * (prom_init) calls it with r3 = the address of a client-interface argument
 * array (service name pointer, nargs, nret, args..., rets...), in 32-bit
 * big-endian mode. The stub forwards the call to the machine with the
 * private hypercall 0xf005 (r4 = the argument array); the machine runs the
 * service (finddevice, getprop, claim, call-method incl. CAS, ...) and
 * leaves the status (0 or -1) in r3, which is what the client interface
 * returns. Assembled big-endian; the machine loads it and passes its address
 * to the kernel in r5.
 */
        .text
        .globl  vof_entry
vof_entry:
        mr      4, 3            /* r4 = client-interface argument array */
        li      3, 0
        ori     3, 3, 0xf005    /* r3 = the private VOF client hypercall */
        sc      1
        blr
