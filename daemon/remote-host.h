/* remote-host.h: facts about the host and the guests pseriesd offers, in
 * the forms libvirt clients ask for (node info, capabilities XML, domain
 * capabilities XML).
 *
 * Part of the libvirt RPC server in daemon/, used by remote-connect.c.
 * Reads /proc and uname(); never fails on odd host data (falls back to
 * safe values).
 */
#pragma once

#include <stdint.h>

#include "rpc-error.h"
#include "rpc-server.h"

typedef struct RemoteNodeInfo {
        char model[32];       /* uname machine, e.g. "x86_64" */
        uint64_t memory_kib;
        int32_t cpus;         /* online CPUs */
        int32_t mhz;
        int32_t nodes;
        int32_t sockets;      /* per node */
        int32_t cores;        /* per socket */
        int32_t threads;      /* per core */
} RemoteNodeInfo;

void remote_host_node_info(RemoteNodeInfo *info);
/* Bytes of memory available to new guests (MemAvailable). */
uint64_t remote_host_free_memory(void);
char *remote_host_name(void);

typedef struct RemoteHostStat {
        const char *field;     /* VIR_NODE_*_STATS_* names */
        uint64_t value;
} RemoteHostStat;
/* CPU time of one CPU (cpu >= 0) or all (-1) in ns: kernel, user, idle,
 * iowait.  -ENOENT for a CPU that does not exist. */
int remote_host_cpu_stats(int32_t cpu, RemoteHostStat out[4]);
/* Memory in KiB: total, free, buffers, cached; returns how many. */
int remote_host_memory_stats(RemoteHostStat out[4]);
/* Capabilities XML (libvirt's capability.rng). */
char *remote_host_capabilities_xml(const RpcServerConfig *config);
/* Domain capabilities XML (libvirt's domaincaps.rng) for the given query;
 * NULL arguments mean "the default"; unsupported combinations fail with
 * VIR_ERR_INVALID_ARG. */
int remote_host_domain_capabilities_xml(const RpcServerConfig *config, const char *emulatorbin,
                                        const char *arch, const char *machine, const char *virttype,
                                        char **xml, RpcError *error);
