/* tests/guest/loader-kernel.S: the raw (non-ELF) test kernel of
 * loader-boot.sh, linked for and copied to 0x400000. Entered from
 * loader-boot.S with r3 = FDT. It prints a greeting through H_PUT_TERM_CHAR
 * (terminal 0), walks the FDT structure block for /rtas's "power-off" token
 * property (the token is never hard-coded) and calls RTAS power-off
 * (nargs 2, nret 1, args -1, -1) through KVMPPC_H_RTAS (hcall 0xf000,
 * r4 = argument buffer), which is all the in-guest RTAS blob does: with a
 * loader the machine does not instantiate RTAS (no linux,rtas-entry).
 * Any failure prints a "pseriesd-loader: FAIL ..." line and spins. */
    .set H_PUT_TERM_CHAR, 0x58
    .set KVMPPC_H_RTAS, 0xf000
    /* position-independent: r30 = the address of 'base' */
    .macro LA r, sym
    addi    \r, 30, \sym - base
    .endm

    .text
    .globl _start
_start:
    mr      31, 3                       /* r31 = FDT */
    bl      base
base:
    mflr    30
    LA 20, msg_hello
    li      21, msg_hello_len
    bl      print

    /* header: magic, off_dt_struct, off_dt_strings */
    lwz     4, 0(31)
    lis     5, 0xd00d
    ori     5, 5, 0xfeed
    cmplw   4, 5
    LA 20, msg_nofdt
    li      21, msg_nofdt_len
    bne     fail
    lwz     4, 8(31)
    add     25, 31, 4                   /* r25 = cursor in the structure block */
    lwz     4, 12(31)
    add     26, 31, 4                   /* r26 = strings block */
    li      27, 0                       /* depth (root node = 1) */
    li      28, 0                       /* inside /rtas */
    li      29, -1                      /* token, -1 = not found */

walk:
    lwz     4, 0(25)
    addi    25, 25, 4
    cmpwi   4, 1
    beq     begin_node
    cmpwi   4, 2
    beq     end_node
    cmpwi   4, 3
    beq     prop
    cmpwi   4, 4
    beq     walk
    cmpwi   4, 9
    beq     walk_done
    LA 20, msg_badtok
    li      21, msg_badtok_len
    b       fail

begin_node:
    addi    27, 27, 1
    cmpwi   27, 2
    bne     1f
    mr      3, 25
    LA 4, str_rtas
    bl      streq
    cmpwi   3, 0
    beq     1f
    li      28, 1
1:  /* skip the name and its NUL, then align to 4 */
    lbz     4, 0(25)
    addi    25, 25, 1
    cmpwi   4, 0
    bne     1b
    addi    25, 25, 3
    rldicr  25, 25, 0, 61
    b       walk

end_node:
    cmpwi   27, 2
    bne     1f
    li      28, 0
1:  addi    27, 27, -1
    b       walk

prop:
    lwz     22, 0(25)                   /* len */
    lwz     23, 4(25)                   /* nameoff */
    addi    25, 25, 8
    cmpwi   28, 0
    beq     1f
    cmpwi   27, 2
    bne     1f
    cmpwi   22, 4
    bne     1f
    add     3, 26, 23
    LA 4, str_poweroff
    bl      streq
    cmpwi   3, 0
    beq     1f
    lwz     29, 0(25)
1:  add     25, 25, 22
    addi    25, 25, 3
    rldicr  25, 25, 0, 61
    b       walk

walk_done:
    cmpwi   29, -1
    LA 20, msg_notoken
    li      21, msg_notoken_len
    beq     fail
    LA 20, msg_token
    li      21, msg_token_len
    bl      print

    /* RTAS power-off: token, nargs 2, nret 1, args -1 -1, one return */
    LA 24, rtas_args
    stw     29, 0(24)
    li      4, 2
    stw     4, 4(24)
    li      4, 1
    stw     4, 8(24)
    li      4, -1
    stw     4, 12(24)
    stw     4, 16(24)
    li      4, 0x5a5a
    stw     4, 20(24)
    li      3, 0
    ori     3, 3, KVMPPC_H_RTAS
    mr      4, 24
    sc      1
    LA 20, msg_returned
    li      21, msg_returned_len
fail:
    bl      print
2:  b       2b

/* streq(r3 = a, r4 = b): r3 = 1 if the NUL-terminated strings are equal */
streq:
    lbz     5, 0(3)
    lbz     6, 0(4)
    cmpw    5, 6
    bne     1f
    cmpwi   5, 0
    beq     2f
    addi    3, 3, 1
    addi    4, 4, 1
    b       streq
1:  li      3, 0
    blr
2:  li      3, 1
    blr

/* print(r20 = text, r21 = length): H_PUT_TERM_CHAR, 16 bytes at a time;
 * texts are padded so that reading 16 bytes is always inside the image. */
print:
    cmpwi   21, 0
    blelr
    li      5, 16
    cmpwi   21, 16
    bge     1f
    mr      5, 21
1:  ld      6, 0(20)
    ld      7, 8(20)
    li      3, H_PUT_TERM_CHAR
    li      4, 0
    mr      22, 5
    sc      1
    cmpdi   3, 0
    bne     print                       /* busy: send the same chunk again */
    add     20, 20, 22
    subf    21, 22, 21
    b       print

    .data
    .balign 8
    .macro MSG name, text
\name: .ascii "\text"
    .set \name\()_len, . - \name
    .balign 16, 0
    .space 16, 0
    .endm
MSG msg_hello, "pseriesd-loader: hello from 0x400000\r\n"
MSG msg_token, "pseriesd-loader: /rtas power-off token found, powering off\r\n"
MSG msg_nofdt, "pseriesd-loader: FAIL r3 is not a flattened device tree\r\n"
MSG msg_badtok, "pseriesd-loader: FAIL bad FDT structure token\r\n"
MSG msg_notoken, "pseriesd-loader: FAIL no power-off token in /rtas\r\n"
MSG msg_returned, "pseriesd-loader: FAIL RTAS power-off returned\r\n"
str_rtas: .asciz "rtas"
str_poweroff: .asciz "power-off"
    .balign 8
rtas_args: .space 64, 0
