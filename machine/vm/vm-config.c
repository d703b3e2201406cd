/* machine/vm/vm-config.c: the worker's configuration. Reads the libvirt
 * domain XML with xml-schema/'s parser (which reports FILE:LINE for
 * anything malformed or unsupported) and maps the pSeries machine's part
 * of it onto struct spapr_config, rejecting what the machine cannot do yet
 * with a message that says what to change. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "cpu.h"
#include "pseries-domain.h"
#include "vm.h"

int vm_config_load(const char *path, struct pseries_domain_def **def_out)
{
    struct pseries_xml_error err = {0};
    int r = pseries_domain_def_parse_file(path, def_out, &err);
    if (r < 0) {
        g_autofree char *s = pseries_xml_error_to_string(&err);
        if (s && err.message)
            fprintf(stderr, "pseries-vm: %s\n", s);
        else
            fprintf(stderr, _("pseries-vm: %s: cannot read the domain XML: %s\n"), path,
                    g_strerror(-r));
        pseries_xml_error_clear(&err);
        return r;
    }
    return 0;
}

static int unsupported(const struct pseries_domain_def *def, const char *what)
{
    fprintf(stderr, _("pseries-vm: domain '%s': %s\n"), def->name, what);
    return -EOPNOTSUPP;
}

int vm_config_to_spapr(const struct pseries_domain_def *def, struct spapr_config *cfg,
                       int *engine_model)
{
    spapr_config_init(cfg);
    switch (pseries_domain_def_get_cpu_model(def)) {
    case PSERIES_CPU_MODEL_POWER7:
        cfg->cpu_model = SPAPR_CPU_POWER7;
        *engine_model = PPC_MODEL_POWER7;
        break;
    case PSERIES_CPU_MODEL_POWER8:
        cfg->cpu_model = SPAPR_CPU_POWER8;
        *engine_model = PPC_MODEL_POWER8;
        break;
    case PSERIES_CPU_MODEL_POWER10:
        cfg->cpu_model = SPAPR_CPU_POWER10;
        *engine_model = PPC_MODEL_POWER10;
        break;
    case PSERIES_CPU_MODEL_POWER9:
    case PSERIES_CPU_MODEL_DEFAULT:
    default:
        cfg->cpu_model = SPAPR_CPU_POWER9;
        *engine_model = PPC_MODEL_POWER9;
        break;
    }
    if (def->virt_type == PSERIES_VIRT_KVM)
        return unsupported(def, _("domain type 'kvm' needs a Power host with KVM; this "
                                  "build runs guests on its CPU engine: use type='qemu'"));
    unsigned vcpus = pseries_domain_def_get_current_vcpus(def);
    if (vcpus == 0 || vcpus > 256)
        return unsupported(def, _("the number of vCPUs must be between 1 and 256"));
    cfg->nr_vcpus = vcpus;
    unsigned threads = pseries_domain_def_get_threads_per_core(def);
    cfg->threads_per_core = threads ? threads : 1;
    if (cfg->threads_per_core > 8 || vcpus % cfg->threads_per_core)
        return unsupported(def, _("<topology threads> must be 1..8 and divide the vCPU count"));
    uint64_t ram = pseries_domain_def_get_initial_memory_bytes(def);
    const uint64_t lmb = 256ull << 20;
    if (ram < lmb) {
        return unsupported(def, _("<memory> must be at least 256 MiB (the pSeries memory "
                                  "block size)"));
    }
    if (ram % lmb) {
        /* QEMU's pseries rounds nothing either: say what would work. */
        g_autofree char *msg = g_strdup_printf(
            _("<memory> must be a multiple of 256 MiB; %llu MiB is not (try %llu MiB)"),
            (unsigned long long)(ram >> 20), (unsigned long long)((ram / lmb) * lmb >> 20));
        return unsupported(def, msg);
    }
    cfg->ram_size = ram;
    if (def->ndisks || def->ninterfaces || def->ntpms || def->ndimms)
        return unsupported(def, _("disks, network interfaces, TPMs and memory DIMMs are "
                                  "not emulated yet; remove them from <devices>"));
    cfg->name = def->name;
    cfg->kernel = pseries_domain_def_get_kernel(def);
    cfg->initrd = pseries_domain_def_get_initrd(def);
    cfg->cmdline = pseries_domain_def_get_cmdline(def);
    cfg->loader = pseries_domain_def_get_loader(def);
    cfg->nvram_path = pseries_domain_def_get_nvram_path(def);
    if (!cfg->kernel && !cfg->loader)
        return unsupported(def, _("nothing to boot: give <os><kernel> (and <initrd>) or "
                                  "<os><loader>; booting from disks is not supported yet"));
    return 0;
}
