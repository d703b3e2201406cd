/* domain-def.c: the domain model's lifetime, spellings and accessors.
 *
 * Part of xml-schema/.  Freeing a pseries_domain_def, the libvirt spellings
 * of the enums, UUIDs (RFC 4122 v4 from getrandom), libvirt's domain-name
 * rules, and the accessors the worker and the daemon use instead of poking
 * at the struct.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "domain-priv.h"

const char *const px_cpu_model_names[] = {
    [PSERIES_CPU_MODEL_DEFAULT] = "",
    [PSERIES_CPU_MODEL_POWER7] = "POWER7",
    [PSERIES_CPU_MODEL_POWER8] = "POWER8",
    [PSERIES_CPU_MODEL_POWER9] = "POWER9",
    [PSERIES_CPU_MODEL_POWER10] = "POWER10",
    NULL,
};

const char *const px_lifecycle_names[] = {
    [PSERIES_LIFECYCLE_DESTROY] = "destroy",
    [PSERIES_LIFECYCLE_RESTART] = "restart",
    [PSERIES_LIFECYCLE_PRESERVE] = "preserve",
    NULL,
};

const char *const px_boot_names[] = {
    [PSERIES_BOOT_HD] = "hd",
    [PSERIES_BOOT_CDROM] = "cdrom",
    [PSERIES_BOOT_NETWORK] = "network",
    NULL,
};

const char *const px_cap_names[] = {
    [PSERIES_CAP_ABSENT] = "",
    [PSERIES_CAP_BROKEN] = "broken",
    [PSERIES_CAP_WORKAROUND] = "workaround",
    [PSERIES_CAP_FIXED] = "fixed",
    [PSERIES_CAP_FIXED_IBS] = "fixed-ibs",
    [PSERIES_CAP_FIXED_CCD] = "fixed-ccd",
    [PSERIES_CAP_FIXED_NA] = "fixed-na",
    NULL,
};

const char *const px_cache_names[] = {
    [PSERIES_CACHE_DEFAULT] = "default",
    [PSERIES_CACHE_NONE] = "none",
    [PSERIES_CACHE_WRITEBACK] = "writeback",
    [PSERIES_CACHE_WRITETHROUGH] = "writethrough",
    [PSERIES_CACHE_DIRECTSYNC] = "directsync",
    [PSERIES_CACHE_UNSAFE] = "unsafe",
    NULL,
};

const char *pseries_cpu_model_to_string(enum pseries_cpu_model model)
{
    if ((unsigned)model > PSERIES_CPU_MODEL_POWER10 || model == PSERIES_CPU_MODEL_DEFAULT)
        return NULL;
    return px_cpu_model_names[model];
}

int pseries_cpu_model_from_string(const char *s, enum pseries_cpu_model *out)
{
    /* libvirt spells the ppc64 models in capitals; accept any case. */
    for (int i = PSERIES_CPU_MODEL_POWER7; i <= PSERIES_CPU_MODEL_POWER10; i++) {
        if (s && g_ascii_strcasecmp(s, px_cpu_model_names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return -EINVAL;
}

const char *pseries_arch_to_string(enum pseries_arch arch)
{
    return arch == PSERIES_ARCH_PPC64 ? "ppc64" : "ppc64le";
}

const char *pseries_lifecycle_to_string(enum pseries_lifecycle action)
{
    if ((unsigned)action > PSERIES_LIFECYCLE_PRESERVE)
        return NULL;
    return px_lifecycle_names[action];
}

void pseries_uuid_format(const uint8_t u[16], char buf[37])
{
    snprintf(buf, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
             u[12], u[13], u[14], u[15]);
}

int pseries_uuid_parse(const char *s, uint8_t uuid[16])
{
    /* libvirt takes 32 hex digits, optionally dashed as 8-4-4-4-12. */
    size_t len = s ? strlen(s) : 0;
    bool dashed;
    if (len == 32)
        dashed = false;
    else if (len == 36)
        dashed = true;
    else
        return -EINVAL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (s[i] != '-')
                return -EINVAL;
            i++;
            continue;
        }
        if (!g_ascii_isxdigit(s[i]) || !g_ascii_isxdigit(s[i + 1]))
            return -EINVAL;
        uuid[n++] = (uint8_t)(g_ascii_xdigit_value(s[i]) << 4 | g_ascii_xdigit_value(s[i + 1]));
        i += 2;
    }
    return n == 16 ? 0 : -EINVAL;
}

int pseries_uuid_generate(uint8_t uuid[16])
{
    size_t got = 0;
    while (got < 16) {
        ssize_t n = getrandom(uuid + got, 16 - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        got += (size_t)n;
    }
    uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);  /* version 4 */
    uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);  /* RFC 4122 variant */
    return 0;
}

int pseries_domain_name_validate(const char *name, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!name || !*name) {
        *why = _("the name is empty");
        return -EINVAL;
    }
    if (strlen(name) > PSERIES_NAME_MAX) {
        *why = _("the name is too long");
        return -EINVAL;
    }
    if (!g_utf8_validate(name, -1, NULL)) {
        *why = _("the name is not valid UTF-8");
        return -EINVAL;
    }
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        *why = _("the name may not be '.' or '..'");
        return -EINVAL;
    }
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p == '/') {
            *why = _("the name may not contain '/'");
            return -EINVAL;
        }
        if (*p < 0x20 || *p == 0x7f) {
            *why = _("the name may not contain control characters");
            return -EINVAL;
        }
    }
    return 0;
}

void pseries_domain_def_free(struct pseries_domain_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    g_strfreev(def->metadata);
    g_free(def->os.machine);
    g_free(def->os.loader);
    g_free(def->os.nvram);
    g_free(def->os.nvram_template);
    g_free(def->os.kernel);
    g_free(def->os.initrd);
    g_free(def->os.cmdline);
    g_free(def->emulator);
    for (size_t i = 0; i < def->ndisks; i++) {
        g_free(def->disks[i].source);
        g_free(def->disks[i].target_dev);
    }
    g_free(def->disks);
    for (size_t i = 0; i < def->ninterfaces; i++) {
        g_free(def->interfaces[i].source);
        g_free(def->interfaces[i].target_dev);
    }
    g_free(def->interfaces);
    g_free(def->controllers);
    for (size_t i = 0; i < def->nserials; i++)
        g_free(def->serials[i].path);
    g_free(def->serials);
    for (size_t i = 0; i < def->nrngs; i++)
        g_free(def->rngs[i].backend_path);
    g_free(def->rngs);
    for (size_t i = 0; i < def->ntpms; i++)
        g_free(def->tpms[i].device_path);
    g_free(def->tpms);
    g_free(def->dimms);
    g_free(def);
}

enum pseries_cpu_model pseries_domain_def_get_cpu_model(const struct pseries_domain_def *def)
{
    return def->cpu.model;
}

uint64_t pseries_domain_def_get_memory_bytes(const struct pseries_domain_def *def)
{
    return def->memory_kib * 1024;
}

uint64_t pseries_domain_def_get_initial_memory_bytes(const struct pseries_domain_def *def)
{
    uint64_t dimms = 0;
    for (size_t i = 0; i < def->ndimms; i++)
        dimms += def->dimms[i].size_kib;
    return dimms >= def->memory_kib ? 0 : (def->memory_kib - dimms) * 1024;
}

uint64_t pseries_domain_def_get_max_memory_bytes(const struct pseries_domain_def *def)
{
    return (def->max_memory_kib ? def->max_memory_kib : def->memory_kib) * 1024;
}

unsigned pseries_domain_def_get_vcpus(const struct pseries_domain_def *def)
{
    return def->vcpus;
}

unsigned pseries_domain_def_get_current_vcpus(const struct pseries_domain_def *def)
{
    return def->current_vcpus;
}

unsigned pseries_domain_def_get_threads_per_core(const struct pseries_domain_def *def)
{
    return def->cpu.has_topology ? def->cpu.threads : 1;
}

const char *pseries_domain_def_get_kernel(const struct pseries_domain_def *def)
{
    return def->os.kernel;
}

const char *pseries_domain_def_get_initrd(const struct pseries_domain_def *def)
{
    return def->os.initrd;
}

const char *pseries_domain_def_get_cmdline(const struct pseries_domain_def *def)
{
    return def->os.cmdline;
}

const char *pseries_domain_def_get_loader(const struct pseries_domain_def *def)
{
    return def->os.loader;
}

const char *pseries_domain_def_get_nvram_path(const struct pseries_domain_def *def)
{
    return def->os.nvram;
}

const struct pseries_serial *pseries_domain_def_get_console(const struct pseries_domain_def *def)
{
    return def->nserials ? &def->serials[0] : NULL;
}
