/* machine/hpt.h: the hashed page table (HPT) the machine owns as the
 * partition's hypervisor, and its hypercalls ("hcall-pft": H_ENTER,
 * H_REMOVE, H_READ, H_CLEAR_MOD, H_CLEAR_REF, H_PROTECT; "hcall-bulk":
 * H_BULK_REMOVE). A hash-MMU guest never writes the table itself: it asks
 * the hypervisor through these calls, and its vCPUs' walkers (the engine's
 * engine/mmu-hash.h) read it. The HPTE format, group search and slot
 * insertion are the engine's primitives; this file sizes the table, decides
 * when it exists (hash mode: from reset on POWER7/POWER8, after CAS or
 * H_REGISTER_PROC_TBL picked hash on POWER9/POWER10), checks the guest's
 * arguments, keeps the per-entry updates atomic against concurrent calls,
 * tells the engine (ops.set_htab, ops.invalidate_hpte / ops.tlb_flush_all)
 * and saves/restores the contents. */
#ifndef PSERIES_MACHINE_HPT_H
#define PSERIES_MACHINE_HPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spapr_machine;
struct vmstate_buf;

/* Hypercall opcodes (Linux asm/hvcall.h). */
#define H_REMOVE 0x04
#define H_ENTER 0x08
#define H_READ 0x0c
#define H_CLEAR_MOD 0x10
#define H_CLEAR_REF 0x14
#define H_PROTECT 0x18
#define H_BULK_REMOVE 0x124

/* Flags (bit n of the PAPR numbering is 1 << (63 - n)). */
#define H_EXACT (1ull << (63 - 24))              /* H_ENTER: this slot only */
#define H_R_XLATE (1ull << (63 - 25))            /* H_READ: logical RPN (always so here) */
#define H_READ_4 (1ull << (63 - 26))             /* H_READ: 4 entries from ptex & ~3 */
#define H_AVPN (1ull << (63 - 32))               /* compare the AVPN (pte_high & ~0x7f) */
#define H_ANDCOND (1ull << (63 - 33))            /* remove only if (pte_high & arg) == 0 */
#define H_LOCAL (1ull << (63 - 35))              /* hint: translation used locally */
#define H_ICACHE_INVALIDATE (1ull << (63 - 40))
#define H_ICACHE_SYNCHRONIZE (1ull << (63 - 41))
#define H_COALESCE_CAND (1ull << (63 - 42))      /* CMO hint */
#define H_ZERO_PAGE (1ull << (63 - 48))
#define H_COPY_PAGE (1ull << (63 - 49))

#define H_PTEG_FULL (-6)

/* H_BULK_REMOVE: up to four (tsh, tsl) pairs in r4..r11; tsh holds the
 * type (request, response, end), the response code, the R/C bits of the
 * removed entry, the condition and the index; tsl the AVPN / AND mask. */
#define H_BULK_REMOVE_TYPE 0xc000000000000000ull
#define H_BULK_REMOVE_REQUEST 0x4000000000000000ull
#define H_BULK_REMOVE_RESPONSE 0x8000000000000000ull
#define H_BULK_REMOVE_END 0xc000000000000000ull
#define H_BULK_REMOVE_CODE 0x3000000000000000ull
#define H_BULK_REMOVE_SUCCESS 0x0000000000000000ull
#define H_BULK_REMOVE_NOT_FOUND 0x1000000000000000ull
#define H_BULK_REMOVE_PARM 0x2000000000000000ull
#define H_BULK_REMOVE_HW 0x3000000000000000ull
#define H_BULK_REMOVE_RC 0x0c00000000000000ull   /* R (0x08..) and C (0x04..) */
#define H_BULK_REMOVE_FLAGS 0x0300000000000000ull
#define H_BULK_REMOVE_ABSOLUTE 0x0000000000000000ull
#define H_BULK_REMOVE_ANDCOND 0x0100000000000000ull
#define H_BULK_REMOVE_AVPN 0x0200000000000000ull
#define H_BULK_REMOVE_PTEX 0x00ffffffffffffffull
#define H_BULK_REMOVE_MAX_BATCH 4

/* log2 of the HPT size for a partition of ram_size bytes, as QEMU's
 * spapr_hpt_shift_for_ramsize: the smallest power of two >= RAM/128, at
 * least 2^18 (256 KiB) and at most 2^46. */
unsigned spapr_hpt_shift_for_ram(uint64_t ram_size);

/* Create m->hpt (no table yet) and register the hypercalls. */
int spapr_hpt_create(struct spapr_machine *m);
void spapr_hpt_destroy(struct spapr_machine *m);

/* Machine reset: models without radix (POWER7, POWER8) get an empty table
 * at once; POWER9 and later have none until the guest picks hash. Tells
 * the engine (ops.set_htab). -ENOMEM when the table cannot be allocated
 * (logged; hash calls then answer H_FUNCTION). */
int spapr_hpt_reset(struct spapr_machine *m);

/* The guest translates with the HPT (true) or with radix (false): CAS and
 * H_REGISTER_PROC_TBL. Turning hash on gives an empty table (an active one
 * stays as it is); turning it off detaches it from the vCPUs. 0 or
 * -ENOMEM. */
int spapr_hpt_set_hash(struct spapr_machine *m, bool hash);

/* Is there a table the guest uses? Its host address and size (NULL, 0 when
 * not), as ops.set_htab was last told. */
bool spapr_hpt_active(struct spapr_machine *m);
void spapr_hpt_get(struct spapr_machine *m, uint8_t **base, uint64_t *size);
/* log2 of the table size of this machine (ibm,pft-size). */
unsigned spapr_hpt_shift(const struct spapr_machine *m);

/* Save/restore: a "spapr-hpt" section (size, whether it is in use) then
 * the contents in "spapr-hpt-chunk" sections of up to 16 MiB. */
int spapr_hpt_save(struct spapr_machine *m, struct vmstate_buf *b);
int spapr_hpt_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry);

#endif
