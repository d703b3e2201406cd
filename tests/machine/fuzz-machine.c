/* tests/machine/fuzz-machine.c: libFuzzer target for what a guest can throw
 * at the machine without a CPU engine: hypercalls with arbitrary registers
 * and RTAS calls with arbitrary argument buffers (tokens, counts, cells,
 * buffer addresses near and beyond the end of RAM). Each input is a
 * sequence of calls on a small machine just reset; nothing may crash, hang or
 * touch memory outside guest RAM (ASan+UBSan watch). After each call the
 * machine must still answer a known-good call correctly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cas.h"
#include "devices.h"
#include "hcall-misc.h"
#include "hpt.h"
#include "machine.h"
#include "papr.h"
#include "tce.h"
#include "vof.h"
#include "xics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
    const uint8_t *p;
    size_t left;
};

static uint64_t take(struct input *in, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v = (v << 8) | (in->left ? *in->p : 0);
        if (in->left) {
            in->p++;
            in->left--;
        }
    }
    return v;
}

static const uint64_t opcodes[] = {
    H_GET_TERM_CHAR, H_PUT_TERM_CHAR, H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X,
    H_VIO_SIGNAL, H_RANDOM, KVMPPC_H_RTAS, 0xdc, 0xe0, 0xe4, 0xe8, 0x08, 0xf005,
    0x1c, 0x20, 0x138, 0x13c, H_SET_MODE, H_SET_SPRG0, 0x1c8, 0x37c,
    /* hash MMU (hpt.c) and hcall-misc.c */
    H_REMOVE, H_ENTER, H_READ, H_CLEAR_MOD, H_CLEAR_REF, H_PROTECT, H_BULK_REMOVE,
    H_SET_DABR, H_SET_XDABR, H_PAGE_INIT, H_LOGICAL_CI_LOAD, H_LOGICAL_CI_STORE, H_SIGNAL_SYS_RESET,
};

/* HPT calls: an index near the start or the end of the table, flags the
 * calls know, an entry that H_ENTER may accept (V, a RAM page, WIMG=0010). */
static void hpt_args(struct spapr_machine *m, struct input *in, struct spapr_hcall_args *a)
{
    static const uint64_t flags[] = {0, H_EXACT, H_AVPN, H_ANDCOND, H_READ_4, H_ZERO_PAGE, 0x3 | H_AVPN};
    uint64_t entries = (UINT64_C(1) << spapr_hpt_shift(m)) / 16;
    uint8_t sel = (uint8_t)take(in, 1);
    if (!(sel & 1))
        a->args[0] = flags[take(in, 1) % (sizeof(flags) / sizeof(flags[0]))];
    if (!(sel & 2))
        a->args[1] = (sel & 8) ? entries - 1 - take(in, 1) % 16 : take(in, 1) % 64;
    if (a->opcode == H_ENTER && !(sel & 4)) {
        a->args[2] = (take(in, 2) << 7) | 1 | ((sel & 0x10) ? 2 : 0);
        a->args[3] = ((take(in, 2) << 12) % m->ram.size) | 0x10 | (take(in, 1) & 0x83);
    }
}

static uint64_t pick_addr(struct spapr_machine *m, struct input *in)
{
    switch (take(in, 1) % 4) {
    case 0: return 0x1000 + take(in, 2);
    case 1: return m->ram.size - take(in, 1);
    case 2: return take(in, 8);
    default: return take(in, 4);
    }
}

static void one_hcall(struct spapr_machine *m, struct input *in)
{
    struct spapr_hcall_args a = {0};
    uint8_t sel = (uint8_t)take(in, 1);
    a.opcode = sel < 0xf0 ? opcodes[sel % (sizeof(opcodes) / sizeof(opcodes[0]))] : take(in, 8);
    unsigned vcpu = (unsigned)take(in, 1) % 4; /* 3 is not a vCPU of this machine */
    unsigned nargs = (unsigned)take(in, 1) % 10;
    for (unsigned i = 0; i < nargs; i++)
        a.args[i] = take(in, 1) & 1 ? take(in, 8) : take(in, 1);
    /* TCE calls: a real LIOBN most of the time. */
    if ((a.opcode == 0x1c || a.opcode == 0x20 || a.opcode == 0x138 || a.opcode == 0x13c) && take(in, 1) & 3)
        a.args[0] = 1;
    if (a.opcode == KVMPPC_H_RTAS && take(in, 1) & 1)
        a.args[0] = pick_addr(m, in);
    if (a.opcode == H_REMOVE || a.opcode == H_ENTER || a.opcode == H_READ || a.opcode == H_CLEAR_MOD ||
        a.opcode == H_CLEAR_REF || a.opcode == H_PROTECT)
        hpt_args(m, in, &a);
    if ((a.opcode == H_PAGE_INIT || a.opcode == H_LOGICAL_CI_LOAD || a.opcode == H_LOGICAL_CI_STORE) &&
        take(in, 1) & 1)
        a.args[1] = pick_addr(m, in);
    struct spapr_hcall_ret r;
    spapr_hcall_dispatch(m, vcpu, &a, &r);
}

static void one_rtas(struct spapr_machine *m, struct input *in)
{
    uint64_t buf = pick_addr(m, in);
    uint8_t tsel = (uint8_t)take(in, 1);
    uint32_t token = tsel < 0xf0 ? RTAS_TOKEN_BASE + tsel % (m->rtas.count + 2) : (uint32_t)take(in, 4);
    uint32_t nargs = (uint32_t)take(in, 1), nret = (uint32_t)take(in, 1);
    if (take(in, 1) == 0xff) {
        nargs = (uint32_t)take(in, 4);
        nret = (uint32_t)take(in, 4);
    } else {
        nargs %= 18;
        nret %= 18;
    }
    if (guest_ram_range_ok(&m->ram, buf, 12)) {
        guest_ram_st32_be(&m->ram, buf, token);
        guest_ram_st32_be(&m->ram, buf + 4, nargs);
        guest_ram_st32_be(&m->ram, buf + 8, nret);
        for (uint32_t i = 0; i < nargs && i < RTAS_MAX_CELLS; i++) {
            uint32_t cell = take(in, 1) & 1 ? (uint32_t)take(in, 4) : (uint32_t)take(in, 1);
            guest_ram_st32_be(&m->ram, buf + 12 + 4ull * i, cell);
        }
    }
    spapr_rtas_call_buffer(m, (unsigned)take(in, 1) % 4, buf);
}

static const char *const vof_services[] = {
    "finddevice", "getprop", "getproplen", "nextprop", "setprop", "child", "peer", "parent",
    "instance-to-package", "instance-to-path", "package-to-path", "open", "close", "write", "read",
    "seek", "claim", "release", "call-method", "interpret", "milliseconds", "quiesce", "boot",
};
#define VOF_NAMES 0x800u /* service names, 32 bytes apart */
#define VOF_STRINGS 0x1400u /* paths, property and method names */

/* An OF client-interface call: a known service, cells that are small
 * numbers, handles, or pointers to useful strings. */
static void one_vof(struct spapr_machine *m, struct input *in)
{
    static const char *const strings[] = {"/", "/chosen", "/rtas", "/cpus", "stdout", "name",
                                          "reg", "ibm,client-architecture-support", "instantiate-rtas",
                                          "/vdevice/vty@71000000", ""};
    uint64_t args = 0x3000;
    uint32_t svc = VOF_NAMES + 32 * (uint32_t)(take(in, 1) % (sizeof(vof_services) / sizeof(vof_services[0])));
    uint32_t nargs = (uint32_t)take(in, 1) % 8, nret = (uint32_t)take(in, 1) % 4;
    guest_ram_st32_be(&m->ram, args, svc);
    guest_ram_st32_be(&m->ram, args + 4, nargs);
    guest_ram_st32_be(&m->ram, args + 8, nret);
    for (uint32_t i = 0; i < nargs; i++) {
        uint32_t cell;
        switch (take(in, 1) % 5) {
        case 0: cell = VOF_STRINGS + 64 * (uint32_t)(take(in, 1) % (sizeof(strings) / sizeof(strings[0]))); break;
        case 1: cell = 0x10000000u + (uint32_t)take(in, 1) % 4; break; /* ihandles */
        case 2: cell = (uint32_t)take(in, 1); break;                   /* phandles, small */
        case 3: cell = 0x4000 + (uint32_t)take(in, 2); break;          /* buffers */
        default: cell = (uint32_t)take(in, 4); break;
        }
        guest_ram_st32_be(&m->ram, args + 12 + 4ull * i, cell);
    }
    spapr_vof_client_call(m, 0, args);
    /* Plant the strings again: calls may have overwritten them. */
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        guest_ram_write(&m->ram, VOF_STRINGS + 64 * i, strings[i], strlen(strings[i]) + 1);
}

/* One machine for the whole run (building the device tree for the client
 * interface costs milliseconds, far more under the sanitizers); each input
 * starts from a system reset. The client interface keeps its state across
 * inputs (claims, open instances, properties), within its own limits. */
static struct spapr_machine *fuzz_machine(void)
{
    static struct spapr_machine *m;
    if (!m) {
        struct spapr_config cfg;
        spapr_config_init(&cfg);
        cfg.ram_size = 256ull << 20;
        cfg.nr_vcpus = 3;
        cfg.nvram_size = 0x2000;
        static const uint8_t rtas_blob[20] = {0x44, 0x00, 0x00, 0x22};
        if (spapr_machine_create(&cfg, NULL, &m) || spapr_vof_init(m, rtas_blob, sizeof(rtas_blob)) ||
            spapr_tce_table_create(m, 1, 1u << 20))
            abort();
    }
    for (size_t i = 0; i < sizeof(vof_services) / sizeof(vof_services[0]); i++)
        guest_ram_write(&m->ram, VOF_NAMES + 32 * i, vof_services[i], strlen(vof_services[i]) + 1);
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct spapr_machine *m = fuzz_machine();
    spapr_machine_reset(m);
    struct input in = {data, size};
    /* Half the inputs run as a hash guest, with an HPT to work on. */
    if (size && (data[0] & 1) && spapr_cas_apply(m, SPAPR_MMU_HASH, SPAPR_IRQ_XICS))
        abort();
    /* Guest data the calls can point at (strings, NVRAM buffers). */
    size_t blob = size < 4096 ? size : 4096;
    guest_ram_write(&m->ram, 0x1000, data, blob);
    for (int calls = 0; in.left && calls < 64; calls++) {
        switch (take(&in, 1) % 3) {
        case 0: one_rtas(m, &in); break;
        case 1: one_hcall(m, &in); break;
        default: one_vof(m, &in); break;
        }
        /* Still alive and answering: H_IPOLL on server 0 must succeed. */
        struct spapr_hcall_args a = {.opcode = H_IPOLL};
        struct spapr_hcall_ret r;
        spapr_hcall_dispatch(m, 0, &a, &r);
        if (r.status != H_SUCCESS)
            abort();
        /* Devices can fire at any time. */
        xics_irq_set(m, SPAPR_IRQ_VIO + (uint32_t)(calls % 3), calls & 1);
        if (calls % 8 == 7)
            spapr_vty_input(m, m->vty, (const uint8_t *)"k", 1);
        if (calls % 16 == 15)
            spapr_machine_reset(m);
        /* A device doing DMA through the window. */
        uint8_t dmabuf[64];
        spapr_tce_dma_read(m, 1, (uint64_t)calls * 4000, dmabuf, sizeof(dmabuf));
    }
    return 0;
}
