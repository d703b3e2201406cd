/* machine/machine.c: creation and teardown of a pSeries machine instance
 * (see machine.h): maps guest RAM, sets up the registries, XICS, the
 * standard devices and RTAS services in a fixed order (so RTAS tokens and
 * unit addresses are stable), and saves/restores all device state. */
#include "machine.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "hcall-misc.h"
#include "hpt.h"
#include "vio.h"
#include "vmstate.h"
#include "tce.h"
#include "vof.h"
#include "xics.h"

void spapr_config_init(struct spapr_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->cpu_model = SPAPR_CPU_POWER9;
    cfg->nr_vcpus = 1;
    cfg->threads_per_core = 1;
    cfg->ram_size = 512ull << 20;
}

static int config_check(const struct spapr_config *cfg)
{
    if (!spapr_cpu_model_name(cfg->cpu_model))
        return -EINVAL;
    if (cfg->nr_vcpus < 1 || cfg->nr_vcpus > 1024)
        return -EINVAL;
    if (cfg->threads_per_core < 1 || cfg->threads_per_core > 8 ||
        (cfg->threads_per_core & (cfg->threads_per_core - 1)))
        return -EINVAL;
    /* QEMU's pseries wants RAM in 256 MiB units; so do we (the memory node
     * and the hash table size assume it). */
    if (cfg->ram_size < (256ull << 20) || cfg->ram_size % (256ull << 20))
        return -EINVAL;
    return 0;
}

void spapr_machine_log(struct spapr_machine *m, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (m->ops.log)
        m->ops.log(m->ops.opaque, buf);
    else
        fprintf(stderr, "pseries-machine: %s\n", buf);
}

static int machine_setup(struct spapr_machine *m)
{
    int r;
    if ((r = guest_ram_init(&m->ram, m->cfg.ram_size)))
        return r;
    m->ram.write_hook = m->ops.guest_written;
    m->ram.hook_opaque = m->ops.opaque;
    m->vcpus = calloc(m->cfg.nr_vcpus, sizeof(*m->vcpus));
    if (!m->vcpus)
        return -ENOMEM;
    m->vcpus[0].run_state = SPAPR_VCPU_NOT_STOPPED; /* the boot vCPU */
    if ((r = xics_init(m, m->cfg.nr_vcpus)))
        return r;
    /* Fixed sources first, then the devices in a fixed order. */
    if ((r = xics_claim(m, SPAPR_IRQ_EPOW, false)))
        return r;
    if ((r = spapr_rtas_register_hcall(m)) || (r = spapr_vio_register_hcalls(m)) ||
        (r = xics_register_hcalls(m)) || (r = spapr_vty_register_hcalls(m)) ||
        (r = spapr_splpar_register_hcalls(m)) || (r = spapr_set_mode_register_hcalls(m)) ||
        (r = spapr_cpu_char_register_hcalls(m)) ||
        (r = spapr_tce_register_hcalls(m)) || (r = spapr_proc_table_register_hcalls(m)) ||
        (r = spapr_hpt_create(m)) || (r = spapr_misc_register_hcalls(m)))
        return r;
    if ((r = spapr_rtas_platform_register(m)) || (r = spapr_rtas_cpu_register(m)) ||
        (r = spapr_events_create(m)) ||
        (r = spapr_rtc_create(m)) ||
        (r = xics_register_rtas(m)) || (r = spapr_rtas_sysparm_register(m)))
        return r;
    if ((r = spapr_vty_create(m, 0, NULL)) || (r = spapr_nvram_create(m)) ||
        (r = spapr_rng_create(m)))
        return r;
    /* The HPT of a hash-only model exists from the start. */
    return spapr_hpt_reset(m);
}

int spapr_machine_create(const struct spapr_config *cfg, const struct spapr_machine_ops *ops,
                         struct spapr_machine **out)
{
    *out = NULL;
    int r = config_check(cfg);
    if (r)
        return r;
    struct spapr_machine *m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    m->cfg = *cfg;
    if (ops)
        m->ops = *ops;
    spapr_hcall_table_init(&m->hcalls);
    spapr_rtas_table_init(&m->rtas);
    pthread_mutex_init(&m->nmi_lock, NULL);
    pthread_mutex_init(&m->vcpu_lock, NULL);
    m->fwnmi_system_reset = m->fwnmi_machine_check = UINT64_MAX;
    m->fwnmi_interlock = -1;
    m->next_vio_reg = SPAPR_VIO_REG_BASE;
    r = machine_setup(m);
    if (r) {
        spapr_machine_destroy(m);
        return r;
    }
    *out = m;
    return 0;
}

void spapr_machine_destroy(struct spapr_machine *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nr_vio; i++)
        if (m->vio[i]->free)
            m->vio[i]->free(m->vio[i]);
    free(m->vio);
    spapr_vof_fini(m);
    spapr_events_destroy(m);
    spapr_tce_destroy_all(m);
    spapr_hpt_destroy(m);
    spapr_rtc_destroy(m);
    xics_fini(m->xics);
    spapr_rtas_table_fini(&m->rtas);
    spapr_hcall_table_fini(&m->hcalls);
    guest_ram_fini(&m->ram);
    pthread_mutex_destroy(&m->nmi_lock);
    pthread_mutex_destroy(&m->vcpu_lock);
    free(m->vcpus);
    free(m);
}

void spapr_machine_reset(struct spapr_machine *m)
{
    xics_reset(m);
    spapr_events_reset(m);
    spapr_tce_reset(m);
    pthread_mutex_lock(&m->vcpu_lock);
    memset(m->vcpus, 0, m->cfg.nr_vcpus * sizeof(*m->vcpus));
    m->vcpus[0].run_state = SPAPR_VCPU_NOT_STOPPED;
    pthread_mutex_unlock(&m->vcpu_lock);
    pthread_mutex_lock(&m->nmi_lock);
    m->fwnmi_system_reset = m->fwnmi_machine_check = UINT64_MAX;
    m->fwnmi_interlock = -1;
    pthread_mutex_unlock(&m->nmi_lock);
    for (size_t i = 0; i < m->nr_vio; i++)
        __atomic_store_n(&m->vio[i]->signal_state, 0, __ATOMIC_RELEASE);
    m->cas_done = false;
    m->compat_pvr = 0;
    m->patb_entry = 0;
    m->mmu_mode = SPAPR_MMU_HASH;
    m->irq_mode = SPAPR_IRQ_XICS;
    memset(m->ov5, 0, sizeof(m->ov5));
    m->ov5_len = 0;
    spapr_hpt_reset(m); /* failures are logged; hash calls answer H_FUNCTION */
    spapr_machine_exit_request(m, SPAPR_EXIT_NONE);
}

void spapr_machine_exit_request(struct spapr_machine *m, enum spapr_exit_request req)
{
    __atomic_store_n(&m->exit_request, (int)req, __ATOMIC_SEQ_CST);
}

enum spapr_exit_request spapr_machine_exit_requested(const struct spapr_machine *m)
{
    return (enum spapr_exit_request)__atomic_load_n(&m->exit_request, __ATOMIC_SEQ_CST);
}

/* Machine-level state: the firmware-assisted NMI registration and the CAS
 * result. */
static const struct vmstate_field machine_fields[] = {
    VMSTATE_UINT(struct spapr_machine, fwnmi_system_reset, 1),
    VMSTATE_UINT(struct spapr_machine, fwnmi_machine_check, 1),
    VMSTATE_UINT(struct spapr_machine, fwnmi_interlock, 1),
    VMSTATE_UINT(struct spapr_machine, mmu_mode, 1),
    VMSTATE_UINT(struct spapr_machine, irq_mode, 1),
    VMSTATE_UINT(struct spapr_machine, cas_done, 1),
    VMSTATE_UINT(struct spapr_machine, compat_pvr, 1),
    VMSTATE_UINT(struct spapr_machine, patb_entry, 1),
    VMSTATE_BYTES(struct spapr_machine, ov5, 1),
    VMSTATE_UINT(struct spapr_machine, ov5_len, 1),
};
static const struct vmstate_desc machine_desc = {"spapr-machine", 1, 1, machine_fields, 10};

static const struct vmstate_field vcpu_fields[] = {
    VMSTATE_UINT(struct spapr_vcpu, run_state, 1),
    VMSTATE_UINT(struct spapr_vcpu, vpa, 1),
    VMSTATE_UINT(struct spapr_vcpu, slb_shadow, 1),
    VMSTATE_UINT(struct spapr_vcpu, slb_shadow_size, 1),
    VMSTATE_UINT(struct spapr_vcpu, dtl, 1),
    VMSTATE_UINT(struct spapr_vcpu, dtl_size, 1),
};
static const struct vmstate_desc vcpu_desc = {"spapr-vcpu", 1, 1, vcpu_fields, 6};

/* The per-vCPU platform state, as one section for all vCPUs. */
static const struct vmstate_field vcpus_fields[] = {
    {.name = "vcpus", .offset = offsetof(struct spapr_machine, vcpus), .kind = VMS_STRUCT_ARRAY,
     .size = sizeof(struct spapr_vcpu),
     .count_offset = offsetof(struct spapr_machine, cfg) + offsetof(struct spapr_config, nr_vcpus),
     .pointer = 1, .sub = &vcpu_desc, .version = 1},
};
static const struct vmstate_desc vcpus_desc = {"spapr-vcpus", 1, 1, vcpus_fields, 1};

int spapr_machine_save(struct spapr_machine *m, struct vmstate_buf *b)
{
    int r = vmstate_save(&machine_desc, m, b);
    if (!r)
        r = vmstate_save(&vcpus_desc, m, b);
    if (!r)
        r = vmstate_save(&spapr_rtc_vmsd, m->rtc, b);
    if (!r)
        r = xics_save(m, b);
    if (!r)
        r = spapr_events_save(m, b);
    if (!r)
        r = spapr_tce_save(m, b);
    if (!r)
        r = spapr_hpt_save(m, b);
    for (size_t i = 0; !r && i < m->nr_vio; i++)
        if (m->vio[i]->vmsd)
            r = vmstate_save(m->vio[i]->vmsd, m->vio[i]->state, b);
    return r;
}

static int check_section(const struct vmstate_desc *d, void *obj, const uint8_t *data, size_t len,
                         size_t *pos)
{
    return vmstate_check(d, obj, data, len, pos);
}

/* One pass over the stream: check only (dry) or restore. */
static int load_all(struct spapr_machine *m, const uint8_t *data, size_t len, bool dry)
{
    size_t pos = 0;
    int (*section)(const struct vmstate_desc *, void *, const uint8_t *, size_t, size_t *) =
        dry ? check_section : vmstate_load;
    int r = section(&machine_desc, m, data, len, &pos);
    if (!r)
        r = section(&vcpus_desc, m, data, len, &pos);
    if (!r)
        r = section(&spapr_rtc_vmsd, m->rtc, data, len, &pos);
    if (!r)
        r = dry ? xics_check(m, data, len, &pos) : xics_load(m, data, len, &pos);
    if (!r)
        r = spapr_events_load(m, data, len, &pos, dry);
    if (!r)
        r = spapr_tce_load(m, data, len, &pos, dry);
    if (!r)
        r = spapr_hpt_load(m, data, len, &pos, dry);
    for (size_t i = 0; !r && i < m->nr_vio; i++)
        if (m->vio[i]->vmsd)
            r = section(m->vio[i]->vmsd, m->vio[i]->state, data, len, &pos);
    if (!r && pos != len)
        r = -EINVAL;
    return r;
}

int spapr_machine_load(struct spapr_machine *m, const uint8_t *data, size_t len)
{
    /* Validate everything first so a bad stream changes nothing. */
    int r = load_all(m, data, len, true);
    if (!r) {
        r = load_all(m, data, len, false);
        if (!r && (m->ov5_len > sizeof(m->ov5) || m->mmu_mode > SPAPR_MMU_RADIX ||
                   m->irq_mode > SPAPR_IRQ_XIVE)) {
            m->ov5_len = 0;
            m->cas_done = false;
            r = -EINVAL;
        }
    }
    if (!r && m->nvram)
        r = spapr_nvram_flush(m);
    if (r)
        spapr_machine_log(m, "%s", _("cannot restore the machine state: malformed or foreign data"));
    return r;
}
