/* machine/proc-table.c: H_REGISTER_PROC_TBL (flags, table, page size,
 * table size), with which an ISA 3.0 guest tells the hypervisor how it
 * translates: radix with its process table (Linux's radix_init_pseries)
 * or hash with the SLB (flags 0 on POWER9 hash, lpar.c). The machine keeps
 * the partition-table entry word 1 (PATE1: GR | process table base |
 * size, or the hash form) as the hypervisor would, and has the engine
 * update LPCR[UPRT|HR|GTSE] and its MMU context (ops.set_lpcr,
 * ops.set_process_table). Flag bits and checks as QEMU's sPAPR:
 *   0x10 modify, 0x08 register (else deregister), 0x04 radix,
 *   0x02 hash with segment tables (unsupported), 0x01 GTSE.
 * Registering hash gives the guest its HPT if it has none, radix takes
 * it away (hpt.h), as QEMU's spapr_check_setup_free_hpt. */
#include "devices.h"
#include "hpt.h"
#include "machine.h"
#include "papr.h"

#define H_REGISTER_PROC_TBL 0x37c

#define FLAGS_MASK 0x1full
#define FLAG_MODIFY 0x10
#define FLAG_REGISTER 0x08
#define FLAG_RADIX 0x04
#define FLAG_HASH_PROC_TBL 0x02
#define FLAG_GTSE 0x01

#define PATE1_GR (1ull << 63)
#define LPCR_UPRT 0x0000000000400000ull
#define LPCR_HR 0x0000000000100000ull
#define LPCR_GTSE 0x0000000000000400ull

static void h_register_proc_tbl(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                                struct spapr_hcall_ret *r)
{
    (void)vcpu;
    uint64_t flags = a->args[0], tbl = a->args[1], page_size = a->args[2], size = a->args[3];
    uint64_t pate;
    if (m->cfg.cpu_model < SPAPR_CPU_POWER9) {
        r->status = H_FUNCTION; /* no process tables before ISA 3.0 */
        return;
    }
    if (flags & ~FLAGS_MASK) {
        r->status = H_PARAMETER;
        return;
    }
    pthread_mutex_lock(&m->vcpu_lock);
    if (flags & FLAG_MODIFY) {
        if (flags & FLAG_REGISTER) {
            if (flags & FLAG_RADIX) {
                if ((tbl & 0xfff) || (tbl >> 60))
                    r->status = H_P2;
                else if (page_size)
                    r->status = H_P3;
                else if (size > 24)
                    r->status = H_P4;
                pate = PATE1_GR | tbl | size;
            } else if (flags & FLAG_HASH_PROC_TBL) {
                r->status = H_PARAMETER; /* hash with segment tables: not provided */
                pate = 0;
            } else {
                if (tbl >> 38)
                    r->status = H_P2;
                else if (page_size & ~7ull)
                    r->status = H_P3;
                else if (size > 24)
                    r->status = H_P4;
                pate = (tbl << 25) | page_size << 5 | size;
            }
        } else {
            pate = m->patb_entry & PATE1_GR; /* deregister: keep only the mode */
        }
    } else {
        /* Keep the registration; the mode must agree with it. */
        if (!(flags & FLAG_RADIX) != !(m->patb_entry & PATE1_GR))
            r->status = H_PARAMETER;
        pate = m->patb_entry;
    }
    if (r->status == H_SUCCESS) {
        /* The radix table itself must be guest memory (16 bytes per PID,
         * 2^(size + 12) bytes). */
        if ((pate & PATE1_GR) && (flags & FLAG_MODIFY) && (flags & FLAG_REGISTER) &&
            !guest_ram_range_ok(&m->ram, tbl, UINT64_C(1) << (size + 12)))
            r->status = H_P2;
    }
    /* Hash (GR=0) gives the guest its HPT if it had none; radix detaches
     * it. */
    if (r->status == H_SUCCESS && spapr_hpt_set_hash(m, !(pate & PATE1_GR)))
        r->status = H_NO_MEM; /* no room for the hash table */
    if (r->status == H_SUCCESS) {
        m->patb_entry = pate;
        uint64_t lpcr = (flags & FLAG_RADIX) ? LPCR_UPRT | LPCR_HR : 0;
        lpcr |= (flags & FLAG_GTSE) ? LPCR_GTSE : 0;
        if (m->ops.set_lpcr)
            m->ops.set_lpcr(m->ops.opaque, LPCR_UPRT | LPCR_HR | LPCR_GTSE, lpcr);
        if (m->ops.set_process_table)
            m->ops.set_process_table(m->ops.opaque, pate);
    }
    pthread_mutex_unlock(&m->vcpu_lock);
}

int spapr_proc_table_register_hcalls(struct spapr_machine *m)
{
    return spapr_hcall_register(m, H_REGISTER_PROC_TBL, "H_REGISTER_PROC_TBL", NULL, h_register_proc_tbl);
}
