/* remote-connect.c: connection and host procedures of the libvirt "remote"
 * program (open/close, versions, host facts, capabilities).
 *
 * Part of the libvirt RPC server in daemon/; see remote-handlers.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote-handlers.h"
#include "remote-host.h"
#include "remote-protocol.h"
#include "rpc-server.h"

/* "1.2.3" -> 1002003, libvirt's version number encoding. */
static uint64_t version_number(const char *v) {
        unsigned major = 0, minor = 0, micro = 0;
        if (sscanf(v, "%u.%u.%u", &major, &minor, &micro) < 1)
                return 0;
        return (uint64_t) major * 1000000 + (uint64_t) minor * 1000 + micro;
}

REMOTE_HANDLER(remote_auth_list) {
        (void) call;
        (void) args;
        xdr_enc_uint(ret, 1);
        return xdr_enc_int(ret, REMOTE_AUTH_NONE);
}

REMOTE_HANDLER(remote_connect_supports_feature) {
        const RemoteArgsInt *a = args;
        bool supported = false;
        switch (a->value) {
        case REMOTE_FEATURE_PROGRAM_KEEPALIVE:
                /* Announcing keepalive support also means the client answers
                 * our pings, so start pinging it. */
                supported = true;
                rpc_client_start_keepalive(call->client);
                break;
        case REMOTE_FEATURE_REMOTE_EVENT_CALLBACK:
        case REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK:
                supported = true;
                break;
        default:
                /* Migration, fd passing, typed parameters: not (yet). */
                supported = false;
        }
        return xdr_enc_int(ret, supported ? 1 : 0);
}

REMOTE_HANDLER(remote_connect_open) {
        const RemoteArgsOpen *a = args;
        const RpcServerConfig *cfg = rpc_server_get_config(call->server);
        g_autofree char *default_uri = g_strdup_printf("pseries:///%s", cfg->uri_mode);

        (void) ret;
        if (call->conn->opened)
                return rpc_error_set(&call->error, VIR_ERR_OPERATION_INVALID, VIR_FROM_REMOTE,
                                     _("connection already open"));
        /* Only VIR_CONNECT_RO matters here.  Other bits are ignored, as
         * libvirt's own daemons do: clients pass internal open flags (the
         * remote driver's autostart bit, for one) that mean nothing to us. */
        const char *name = a->name && a->name[0] ? a->name : default_uri;

        g_autoptr(GError) gerr = NULL;
        g_autoptr(GUri) uri = g_uri_parse(name, G_URI_FLAGS_NONE, &gerr);
        if (!uri)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("cannot parse URI '%s': %s"), name, gerr->message);
        const char *scheme = g_uri_get_scheme(uri);
        const char *host = g_uri_get_host(uri);
        const char *path = g_uri_get_path(uri);
        if (!scheme || g_ascii_strcasecmp(scheme, "pseries") != 0)
                return rpc_error_set(&call->error, VIR_ERR_NO_CONNECT, VIR_FROM_REMOTE,
                                     _("URI '%s' is not for pseriesd (scheme must be 'pseries')"), name);
        if (host && host[0])
                return rpc_error_set(&call->error, VIR_ERR_NO_CONNECT, VIR_FROM_REMOTE,
                                     _("URI '%s' names a host; pseriesd serves only local connections"), name);
        if (!path || path[0] != '/' || (strcmp(path + 1, "system") != 0 && strcmp(path + 1, "session") != 0))
                return rpc_error_set(&call->error, VIR_ERR_NO_CONNECT, VIR_FROM_REMOTE,
                                     _("URI path of '%s' must be /system or /session"), name);
        if (strcmp(path + 1, cfg->uri_mode) != 0)
                return rpc_error_set(&call->error, VIR_ERR_NO_CONNECT, VIR_FROM_REMOTE,
                                     _("this pseriesd serves pseries:///%s, not '%s'"), cfg->uri_mode, name);

        if (a->flags & VIR_CONNECT_RO)
                call->conn->readonly = true;
        if (!call->conn->readonly) {
                int r = rpc_server_authorize(call->server, call->conn, &call->error);
                if (r < 0)
                        return r;
        }
        call->conn->opened = true;
        g_free(call->conn->uri);
        call->conn->uri = g_strdup(default_uri);
        return 0;
}

REMOTE_HANDLER(remote_connect_close) {
        (void) args;
        (void) ret;
        call->conn->opened = false;
        call->conn->close_callback = false;
        g_array_set_size(call->conn->event_callbacks, 0);
        return 0;
}

REMOTE_HANDLER(remote_connect_get_type) {
        (void) call;
        (void) args;
        return xdr_enc_string(ret, "pseries", REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_connect_get_version) {
        (void) call;
        (void) args;
        return xdr_enc_uhyper(ret, version_number(PACKAGE_VERSION));
}

REMOTE_HANDLER(remote_connect_get_lib_version) {
        (void) args;
        uint64_t v = rpc_server_get_config(call->server)->lib_version;
        return xdr_enc_uhyper(ret, v ? v : version_number(PACKAGE_VERSION));
}

REMOTE_HANDLER(remote_connect_get_hostname) {
        (void) call;
        (void) args;
        g_autofree char *h = remote_host_name();
        return xdr_enc_string(ret, h, REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_connect_get_uri) {
        (void) args;
        return xdr_enc_string(ret, call->conn->uri, REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_connect_get_max_vcpus) {
        const RemoteArgsOptString *a = args;
        if (a->str && g_ascii_strcasecmp(a->str, "qemu") != 0 && g_ascii_strcasecmp(a->str, "pseries") != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("unknown virtualization type '%s'"), a->str);
        return xdr_enc_int(ret, (int32_t) rpc_server_get_config(call->server)->max_vcpus);
}

REMOTE_HANDLER(remote_connect_is_secure) {
        (void) call;
        (void) args;
        /* Only local UNIX sockets are served. */
        return xdr_enc_int(ret, 1);
}

REMOTE_HANDLER(remote_connect_get_capabilities) {
        (void) args;
        g_autofree char *xml = remote_host_capabilities_xml(rpc_server_get_config(call->server));
        return xdr_enc_string(ret, xml, REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_connect_get_domain_capabilities) {
        const RemoteArgsDomainCaps *a = args;
        g_autofree char *xml = NULL;
        if (a->flags != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("unsupported flags (0x%x) in %s"), a->flags, call->proc->name);
        int r = remote_host_domain_capabilities_xml(rpc_server_get_config(call->server), a->emulatorbin,
                                                    a->arch, a->machine, a->virttype, &xml, &call->error);
        if (r < 0)
                return r;
        return xdr_enc_string(ret, xml, REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_connect_register_close_callback) {
        (void) args;
        (void) ret;
        call->conn->close_callback = true;
        return 0;
}

REMOTE_HANDLER(remote_connect_unregister_close_callback) {
        (void) args;
        (void) ret;
        call->conn->close_callback = false;
        return 0;
}

REMOTE_HANDLER(remote_node_get_info) {
        (void) call;
        (void) args;
        RemoteNodeInfo ni;
        remote_host_node_info(&ni);
        remote_enc_char_fixed(ret, ni.model, sizeof ni.model);
        xdr_enc_uhyper(ret, ni.memory_kib);
        xdr_enc_int(ret, ni.cpus);
        xdr_enc_int(ret, ni.mhz);
        xdr_enc_int(ret, ni.nodes);
        xdr_enc_int(ret, ni.sockets);
        xdr_enc_int(ret, ni.cores);
        return xdr_enc_int(ret, ni.threads);
}

REMOTE_HANDLER(remote_node_get_free_memory) {
        (void) call;
        (void) args;
        return xdr_enc_uhyper(ret, remote_host_free_memory());
}

REMOTE_HANDLER(remote_node_get_cells_free_memory) {
        const RemoteArgsIntInt *a = args; /* startCell, maxcells */
        if (a->b <= 0 || (uint32_t) a->b > REMOTE_NODE_MAX_CELLS)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("maximum number of cells %d out of range (1..%u)"), a->b,
                                     REMOTE_NODE_MAX_CELLS);
        /* One NUMA cell (NODE_GET_INFO reports nodes = 1). */
        if (a->a != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("start cell %d out of range (0-0)"), a->a);
        xdr_enc_uint(ret, 1);
        return xdr_enc_uhyper(ret, remote_host_free_memory());
}

/* The reply of NODE_GET_CPU_STATS / NODE_GET_MEMORY_STATS: with
 * nparams == 0 only the count (the client asks for it first). */
static int reply_host_stats(RpcCall *call, XdrEncoder *ret, int32_t nparams, const RemoteHostStat *st, int n) {
        if (nparams == 0) {
                xdr_enc_uint(ret, 0);
                return xdr_enc_int(ret, n);
        }
        if (nparams < n)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("nparams must be 0 or at least %d, not %d"), n, nparams);
        xdr_enc_uint(ret, (uint32_t) n);
        for (int i = 0; i < n; i++) {
                xdr_enc_string(ret, st[i].field, REMOTE_STRING_MAX);
                xdr_enc_uhyper(ret, st[i].value);
        }
        return xdr_enc_int(ret, n);
}

REMOTE_HANDLER(remote_node_get_cpu_stats) {
        const RemoteArgsIntIntFlags *a = args; /* cpuNum, nparams, flags */
        RemoteHostStat st[4];
        if (a->flags != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("unsupported flags (0x%x) in %s"), a->flags, call->proc->name);
        if (a->b < 0 || (uint32_t) a->b > REMOTE_NODE_CPU_STATS_MAX)
                return rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_REMOTE,
                                     _("nparams %d out of range (0..%u)"), a->b, REMOTE_NODE_CPU_STATS_MAX);
        if (a->a < VIR_NODE_CPU_STATS_ALL_CPUS || remote_host_cpu_stats(a->a, st) < 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("no statistics for CPU %d"), a->a);
        return reply_host_stats(call, ret, a->b, st, 4);
}

REMOTE_HANDLER(remote_node_get_memory_stats) {
        const RemoteArgsIntIntFlags *a = args; /* nparams, cellNum, flags */
        RemoteHostStat st[4];
        if (a->flags != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("unsupported flags (0x%x) in %s"), a->flags, call->proc->name);
        if (a->a < 0 || (uint32_t) a->a > REMOTE_NODE_MEMORY_STATS_MAX)
                return rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_REMOTE,
                                     _("nparams %d out of range (0..%u)"), a->a, REMOTE_NODE_MEMORY_STATS_MAX);
        if (a->b != VIR_NODE_MEMORY_STATS_ALL_CELLS && a->b != 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_REMOTE,
                                     _("cell number %d out of range (0-0)"), a->b);
        /* One cell: its numbers are the host's.  A single cell reports
         * total and free only, as libvirt does. */
        int n = remote_host_memory_stats(st);
        if (a->b == 0)
                n = 2;
        return reply_host_stats(call, ret, a->a, st, n);
}

REMOTE_HANDLER(remote_node_get_security_model) {
        (void) call;
        (void) args;
        /* No security driver (yet): empty model and DOI, sent with their
         * terminating NUL as libvirt does. */
        remote_enc_char_array(ret, "", 1, REMOTE_SECURITY_MODEL_MAX);
        return remote_enc_char_array(ret, "", 1, REMOTE_SECURITY_DOI_MAX);
}
