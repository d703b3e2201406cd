/* remote-host.c: host facts and capability documents; see remote-host.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "remote-host.h"

static uint64_t meminfo_kib(const char *key) {
        g_autofree char *text = NULL;
        if (!g_file_get_contents("/proc/meminfo", &text, NULL, NULL))
                return 0;
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        size_t klen = strlen(key);
        for (char **l = lines; *l; l++)
                if (strncmp(*l, key, klen) == 0 && (*l)[klen] == ':')
                        return g_ascii_strtoull(*l + klen + 1, NULL, 10);
        return 0;
}

/* Counts distinct values of a /proc/cpuinfo key, and returns the first
 * value of another. */
static void cpuinfo_topology(int32_t cpus, int32_t *sockets, int32_t *cores, int32_t *threads, int32_t *mhz) {
        g_autofree char *text = NULL;
        g_autoptr(GHashTable) phys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        int64_t cpu_cores = 0, siblings = 0;
        double freq = 0;

        *sockets = 1;
        *cores = cpus;
        *threads = 1;
        *mhz = 0;
        if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL))
                return;
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        for (char **l = lines; *l; l++) {
                char *colon = strchr(*l, ':');
                if (!colon)
                        continue;
                g_autofree char *key = g_strstrip(g_strndup(*l, colon - *l));
                const char *val = g_strstrip(colon + 1);
                if (strcmp(key, "physical id") == 0)
                        g_hash_table_add(phys, g_strdup(val));
                else if (strcmp(key, "cpu cores") == 0 && !cpu_cores)
                        cpu_cores = g_ascii_strtoll(val, NULL, 10);
                else if (strcmp(key, "siblings") == 0 && !siblings)
                        siblings = g_ascii_strtoll(val, NULL, 10);
                else if (strcmp(key, "cpu MHz") == 0 && freq == 0)
                        freq = g_ascii_strtod(val, NULL);
                else if (strcmp(key, "clock") == 0 && freq == 0) /* Power hosts */
                        freq = g_ascii_strtod(val, NULL);
        }
        *mhz = freq > 0 && freq < 1e6 ? (int32_t) freq : 0;
        int32_t s = g_hash_table_size(phys) ? (int32_t) g_hash_table_size(phys) : 1;
        if (cpu_cores > 0 && siblings >= cpu_cores && siblings % cpu_cores == 0) {
                int32_t c = (int32_t) cpu_cores, t = (int32_t) (siblings / cpu_cores);
                if ((int64_t) s * c * t == cpus) {
                        *sockets = s;
                        *cores = c;
                        *threads = t;
                }
        }
}

void remote_host_node_info(RemoteNodeInfo *info) {
        struct utsname u;
        *info = (RemoteNodeInfo) {};
        if (uname(&u) == 0)
                g_strlcpy(info->model, u.machine, sizeof info->model);
        info->memory_kib = meminfo_kib("MemTotal");
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        info->cpus = n > 0 && n < INT32_MAX ? (int32_t) n : 1;
        info->nodes = 1;
        cpuinfo_topology(info->cpus, &info->sockets, &info->cores, &info->threads, &info->mhz);
}

uint64_t remote_host_free_memory(void) {
        uint64_t kib = meminfo_kib("MemAvailable");
        if (!kib)
                kib = meminfo_kib("MemFree");
        return kib * 1024;
}

int remote_host_cpu_stats(int32_t cpu, RemoteHostStat out[4]) {
        g_autofree char *text = NULL;
        if (!g_file_get_contents("/proc/stat", &text, NULL, NULL))
                return -EIO;
        g_autofree char *want = cpu < 0 ? g_strdup("cpu") : g_strdup_printf("cpu%d", cpu);
        long hz = sysconf(_SC_CLK_TCK);
        uint64_t tick_ns = hz > 0 ? 1000000000ull / (uint64_t) hz : 10000000ull;
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        for (char **l = lines; *l; l++) {
                g_auto(GStrv) f = g_strsplit_set(*l, " \t", -1);
                /* skip the empty fields of repeated blanks */
                GPtrArray *v = g_ptr_array_new();
                for (char **p = f; *p; p++)
                        if (**p)
                                g_ptr_array_add(v, *p);
                bool match = v->len >= 6 && strcmp(v->pdata[0], want) == 0;
                uint64_t n[8] = {};
                for (guint i = 1; match && i < v->len && i <= 8; i++)
                        n[i - 1] = g_ascii_strtoull(v->pdata[i], NULL, 10);
                g_ptr_array_free(v, TRUE);
                if (!match)
                        continue;
                /* user nice system idle iowait irq softirq steal */
                out[0] = (RemoteHostStat) { "kernel", (n[2] + n[5] + n[6]) * tick_ns };
                out[1] = (RemoteHostStat) { "user", (n[0] + n[1]) * tick_ns };
                out[2] = (RemoteHostStat) { "idle", n[3] * tick_ns };
                out[3] = (RemoteHostStat) { "iowait", n[4] * tick_ns };
                return 0;
        }
        return -ENOENT;
}

int remote_host_memory_stats(RemoteHostStat out[4]) {
        out[0] = (RemoteHostStat) { "total", meminfo_kib("MemTotal") };
        out[1] = (RemoteHostStat) { "free", meminfo_kib("MemFree") };
        out[2] = (RemoteHostStat) { "buffers", meminfo_kib("Buffers") };
        out[3] = (RemoteHostStat) { "cached", meminfo_kib("Cached") };
        return 4;
}

char *remote_host_name(void) {
        char buf[HOST_NAME_MAX + 1] = "";
        if (gethostname(buf, sizeof buf - 1) < 0 || !buf[0])
                return g_strdup("localhost");
        return g_strdup(buf);
}

/* /etc/machine-id as a UUID, or NULL. */
static char *host_uuid(void) {
        g_autofree char *id = NULL;
        if (!g_file_get_contents("/etc/machine-id", &id, NULL, NULL))
                return NULL;
        g_strstrip(id);
        if (strlen(id) != 32)
                return NULL;
        for (const char *p = id; *p; p++)
                if (!g_ascii_isxdigit(*p))
                        return NULL;
        return g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8, id + 12, id + 16, id + 20);
}

static const char *const guest_arches[] = { "ppc64", "ppc64le" };

char *remote_host_capabilities_xml(const RpcServerConfig *config) {
        RemoteNodeInfo ni;
        remote_host_node_info(&ni);
        g_autofree char *uuid = host_uuid();
        GString *s = g_string_new("<capabilities>\n\n  <host>\n");
        if (uuid)
                g_string_append_printf(s, "    <uuid>%s</uuid>\n", uuid);
        g_autofree char *arch = g_markup_escape_text(ni.model[0] ? ni.model : "unknown", -1);
        g_string_append_printf(s,
                "    <cpu>\n"
                "      <arch>%s</arch>\n"
                "      <topology sockets='%d' dies='1' cores='%d' threads='%d'/>\n"
                "    </cpu>\n"
                "    <migration_features>\n"
                "      <live/>\n"
                "    </migration_features>\n",
                arch, ni.sockets * ni.nodes, ni.cores, ni.threads);
        /* One NUMA cell holding every CPU, as NODE_GET_INFO says. */
        g_string_append_printf(s,
                "    <topology>\n"
                "      <cells num='1'>\n"
                "        <cell id='0'>\n"
                "          <memory unit='KiB'>%" G_GUINT64_FORMAT "</memory>\n"
                "          <cpus num='%d'>\n",
                ni.memory_kib, ni.cpus);
        for (int32_t i = 0; i < ni.cpus; i++)
                g_string_append_printf(s, "            <cpu id='%d'/>\n", i);
        g_string_append(s,
                "          </cpus>\n"
                "        </cell>\n"
                "      </cells>\n"
                "    </topology>\n"
                "  </host>\n\n");
        g_autofree char *emulator = g_markup_escape_text(config->emulator_path, -1);
        for (size_t i = 0; i < G_N_ELEMENTS(guest_arches); i++)
                g_string_append_printf(s,
                        "  <guest>\n"
                        "    <os_type>hvm</os_type>\n"
                        "    <arch name='%s'>\n"
                        "      <wordsize>64</wordsize>\n"
                        "      <emulator>%s</emulator>\n"
                        "      <machine maxCpus='%u'>pseries</machine>\n"
                        "      <domain type='qemu'/>\n"
                        "    </arch>\n"
                        "    <features>\n"
                        "      <cpuselection/>\n"
                        "      <deviceboot/>\n"
                        "      <disksnapshot default='off' toggle='no'/>\n"
                        "    </features>\n"
                        "  </guest>\n\n",
                        guest_arches[i], emulator, config->max_vcpus);
        g_string_append(s, "</capabilities>\n");
        return g_string_free(s, FALSE);
}

int remote_host_domain_capabilities_xml(const RpcServerConfig *config, const char *emulatorbin,
                                        const char *arch, const char *machine, const char *virttype,
                                        char **xml, RpcError *error) {
        if (!arch)
                arch = guest_arches[0];
        bool arch_ok = false;
        for (size_t i = 0; i < G_N_ELEMENTS(guest_arches); i++)
                arch_ok |= strcmp(arch, guest_arches[i]) == 0;
        if (!arch_ok)
                return rpc_error_set(error, VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                     _("pseriesd emulates only ppc64 and ppc64le, not '%s'"), arch);
        if (machine && strcmp(machine, "pseries") != 0)
                return rpc_error_set(error, VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                     _("pseriesd offers only the machine 'pseries', not '%s'"), machine);
        if (virttype && strcmp(virttype, "qemu") != 0)
                return rpc_error_set(error, VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                     _("virtualization type '%s' is not available; pseriesd offers 'qemu'"),
                                     virttype);
        if (emulatorbin && strcmp(emulatorbin, config->emulator_path) != 0)
                return rpc_error_set(error, VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                     _("emulator '%s' is not pseriesd's worker '%s'"),
                                     emulatorbin, config->emulator_path);

        g_autofree char *emulator = g_markup_escape_text(config->emulator_path, -1);
        *xml = g_strdup_printf(
                "<domainCapabilities>\n"
                "  <path>%s</path>\n"
                "  <domain>qemu</domain>\n"
                "  <machine>pseries</machine>\n"
                "  <arch>%s</arch>\n"
                "  <vcpu max='%u'/>\n"
                "  <iothreads supported='no'/>\n"
                "  <os supported='yes'>\n"
                "    <loader supported='yes'>\n"
                "      <enum name='type'>\n"
                "        <value>rom</value>\n"
                "      </enum>\n"
                "      <enum name='readonly'>\n"
                "        <value>yes</value>\n"
                "      </enum>\n"
                "    </loader>\n"
                "  </os>\n"
                "  <cpu>\n"
                "    <mode name='host-passthrough' supported='no'/>\n"
                "    <mode name='maximum' supported='no'/>\n"
                "    <mode name='host-model' supported='no'/>\n"
                "    <mode name='custom' supported='no'/>\n"
                "  </cpu>\n"
                "</domainCapabilities>\n",
                emulator, arch, config->max_vcpus);
        return 0;
}
