/* machine/papr.h: numbers of the PAPR/LoPAR interface the machine answers:
 * hypercall opcodes and return codes (as listed in Linux's
 * arch/powerpc/include/asm/hvcall.h), RTAS status codes (LoPAR, Linux's
 * asm/rtas.h), and the private QEMU/KVM hypercalls of the boot convention. */
#ifndef PSERIES_MACHINE_PAPR_H
#define PSERIES_MACHINE_PAPR_H

/* Hypercall return codes. */
#define H_SUCCESS 0
#define H_BUSY 1
#define H_CLOSED 2
#define H_NOT_AVAILABLE 3
#define H_HARDWARE (-1)
#define H_FUNCTION (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)
#define H_BAD_MODE (-5)
#define H_NOT_FOUND (-7)
#define H_NO_MEM (-9)
#define H_AUTHORITY (-10)
#define H_PERMISSION (-11)
#define H_P2 (-55)
#define H_P3 (-56)
#define H_P4 (-57)
#define H_P5 (-58)
#define H_P6 (-59)
#define H_P7 (-60)
#define H_P8 (-61)
#define H_P9 (-62)
#define H_UNSUPPORTED (-67)

/* Hypercall opcodes. */
#define H_SET_SPRG0 0x24
#define H_SET_DABR 0x28
#define H_GET_TERM_CHAR 0x54
#define H_PUT_TERM_CHAR 0x58
#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_IPOLL 0x70
#define H_XIRR 0x74
#define H_VIO_SIGNAL 0x104
#define H_SET_XDABR 0x134
#define H_XIRR_X 0x2fc
#define H_RANDOM 0x300
#define H_SET_MODE 0x31c
#define MAX_HCALL_OPCODE 0x45c

/* Private hypercalls (QEMU/KVM convention): RTAS entry, OF client
 * interface forwarding. */
#define KVMPPC_HCALL_BASE 0xf000
#define KVMPPC_H_RTAS (KVMPPC_HCALL_BASE + 0x0)
#define KVMPPC_H_LOGICAL_MEMOP (KVMPPC_HCALL_BASE + 0x1)
#define KVMPPC_H_CAS (KVMPPC_HCALL_BASE + 0x2)
#define KVMPPC_H_UPDATE_DT (KVMPPC_HCALL_BASE + 0x3)
#define KVMPPC_H_VOF_CLIENT (KVMPPC_HCALL_BASE + 0x5)
#define KVMPPC_HCALL_MAX KVMPPC_H_VOF_CLIENT

/* RTAS status codes (LoPAR 7.2.x "Status" values). */
#define RTAS_OUT_SUCCESS 0
#define RTAS_OUT_NO_ERRORS_FOUND 1
#define RTAS_OUT_HW_ERROR (-1)
#define RTAS_OUT_BUSY (-2)
#define RTAS_OUT_PARAM_ERROR (-3)
#define RTAS_OUT_NOT_SUPPORTED (-3)
#define RTAS_OUT_NOT_AUTHORIZED (-9002)

/* The largest argument buffer Linux builds (struct rtas_args: 16 cells
 * shared by inputs and outputs). */
#define RTAS_MAX_CELLS 16

/* First token handed out; tokens are stable within one machine. */
#define RTAS_TOKEN_BASE 0x2000

#endif
