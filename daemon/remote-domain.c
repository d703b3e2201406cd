/* remote-domain.c: domain procedures of the libvirt "remote" program.
 *
 * Part of the libvirt RPC server in daemon/.  Each handler checks its flags,
 * calls the domain backend (domain-backend.h) and encodes the result; the
 * backend's errors go to the client unchanged. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "remote-handlers.h"
#include "remote-protocol.h"
#include "rpc-server.h"

static const DomainBackendOps *ops_of(RpcCall *call, void **data) {
        const DomainBackend *b = rpc_server_get_backend(call->server);
        *data = b ? b->data : NULL;
        return b ? b->ops : NULL;
}

static int no_support(RpcCall *call) {
        return rpc_error_set(&call->error, VIR_ERR_NO_SUPPORT, VIR_FROM_REMOTE,
                             _("this function is not supported by the connection driver: "
                               "pseriesd does not implement %s yet"),
                             call->proc ? call->proc->name : "?");
}

/* attach/detach without a backend operation: say what works instead. */
static int no_hotplug(RpcCall *call) {
        return rpc_error_set(&call->error, VIR_ERR_NO_SUPPORT, VIR_FROM_REMOTE,
                             _("this function is not supported by the connection driver: "
                               "pseriesd cannot add or remove devices of a defined domain yet; "
                               "shut the domain off and change its definition (virsh edit)"));
}

/* BACKEND for device hotplug, with no_hotplug's message. */
#define HOTPLUG(call, op, ...)                                                  \
        ({                                                                      \
                void *_data;                                                    \
                const DomainBackendOps *_ops = ops_of(call, &_data);            \
                (_ops && _ops->op) ? _ops->op(_data, __VA_ARGS__, &(call)->error) \
                                   : no_hotplug(call);                         \
        })

/* Calls an optional backend operation, or answers NO_SUPPORT. */
#define BACKEND(call, op, ...)                                                  \
        ({                                                                      \
                void *_data;                                                    \
                const DomainBackendOps *_ops = ops_of(call, &_data);            \
                (_ops && _ops->op) ? _ops->op(_data, __VA_ARGS__, &(call)->error) \
                                   : no_support(call);                         \
        })

static int check_flags(RpcCall *call, uint32_t flags, uint32_t allowed) {
        if (flags & ~allowed)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     _("unsupported flags (0x%x) in %s"), flags & ~allowed, call->proc->name);
        return 0;
}

static int status_of(RpcCall *call, const RemoteDomain *dom, DomainStatus *st) {
        return BACKEND(call, get_status, dom->uuid, st);
}

static int reply_ref(RpcCall *call, int r, DomainRef *ref, XdrEncoder *ret) {
        (void) call;
        if (r >= 0)
                r = remote_enc_domain(ret, ref);
        domain_ref_clear(ref);
        return r;
}

/* ---- listing ---- */

static bool list_filter(uint32_t flags, const DomainRef *ref, const DomainStatus *st) {
        bool active = ref->id >= 0;
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE)) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_ACTIVE && active) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_INACTIVE && !active)))
                return false;
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT)) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_PERSISTENT && st->persistent) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_TRANSIENT && !st->persistent)))
                return false;
        const uint32_t state_mask = VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                                    VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER;
        if (flags & state_mask) {
                uint32_t f;
                switch (st->state) {
                case VIR_DOMAIN_RUNNING: f = VIR_CONNECT_LIST_DOMAINS_RUNNING; break;
                case VIR_DOMAIN_PAUSED: f = VIR_CONNECT_LIST_DOMAINS_PAUSED; break;
                case VIR_DOMAIN_SHUTOFF: f = VIR_CONNECT_LIST_DOMAINS_SHUTOFF; break;
                default: f = VIR_CONNECT_LIST_DOMAINS_OTHER;
                }
                if (!(flags & f))
                        return false;
        }
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE)) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE && st->managed_save) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE && !st->managed_save)))
                return false;
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART)) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_AUTOSTART && st->autostart) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART && !st->autostart)))
                return false;
        /* pseriesd keeps no snapshots or checkpoints (yet). */
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT)) &&
            !(flags & VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT))
                return false;
        if ((flags & (VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)) &&
            !(flags & VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT))
                return false;
        return true;
}

/* All domains matching flags, in backend order. */
static int list_domains(RpcCall *call, uint32_t flags, GArray **out) {
        DomainRef *refs = NULL;
        size_t n = 0;
        int r = BACKEND(call, list, &refs, &n);
        if (r < 0)
                return r;
        GArray *sel = g_array_new(FALSE, TRUE, sizeof(DomainRef));
        g_array_set_clear_func(sel, (GDestroyNotify) domain_ref_clear);
        for (size_t i = 0; i < n; i++) {
                bool keep = true;
                if (flags) {
                        DomainStatus st = {};
                        RemoteDomain d = { .name = refs[i].name, .id = refs[i].id };
                        memcpy(d.uuid, refs[i].uuid, DOMAIN_UUID_LEN);
                        RpcError ignored = {};
                        void *data;
                        const DomainBackendOps *ops = ops_of(call, &data);
                        /* A domain that vanished meanwhile is simply skipped. */
                        keep = ops->get_status && ops->get_status(data, d.uuid, &st, &ignored) >= 0 &&
                               list_filter(flags, &refs[i], &st);
                        rpc_error_clear(&ignored);
                        domain_status_clear(&st);
                }
                if (keep) {
                        g_array_append_val(sel, refs[i]);
                        refs[i].name = NULL;
                }
        }
        domain_ref_array_free(refs, n);
        *out = sel;
        return 0;
}

REMOTE_HANDLER(remote_connect_list_all_domains) {
        const RemoteArgsListAll *a = args;
        g_autoptr(GArray) sel = NULL;
        const uint32_t allowed = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE |
                VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT |
                VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER |
                VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE |
                VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART |
                VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT |
                VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT;
        int r = check_flags(call, a->flags, allowed);
        if (r < 0 || (r = list_domains(call, a->flags, &sel)) < 0)
                return r;
        if (sel->len > REMOTE_DOMAIN_LIST_MAX)
                return rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_REMOTE,
                                     _("too many domains (%u) for one reply"), sel->len);
        if (a->need_results) {
                xdr_enc_uint(ret, sel->len);
                for (guint i = 0; i < sel->len; i++)
                        remote_enc_domain(ret, &g_array_index(sel, DomainRef, i));
        } else {
                xdr_enc_uint(ret, 0);
        }
        return xdr_enc_uint(ret, sel->len);
}

REMOTE_HANDLER(remote_connect_num_of_domains) {
        (void) args;
        g_autoptr(GArray) sel = NULL;
        int r = list_domains(call, VIR_CONNECT_LIST_DOMAINS_ACTIVE, &sel);
        return r < 0 ? r : xdr_enc_int(ret, (int32_t) sel->len);
}

REMOTE_HANDLER(remote_connect_num_of_defined_domains) {
        (void) args;
        g_autoptr(GArray) sel = NULL;
        int r = list_domains(call, VIR_CONNECT_LIST_DOMAINS_INACTIVE, &sel);
        return r < 0 ? r : xdr_enc_int(ret, (int32_t) sel->len);
}

static int check_max(RpcCall *call, int32_t max) {
        if (max < 0 || (uint32_t) max > REMOTE_DOMAIN_LIST_MAX)
                return rpc_error_set(&call->error, VIR_ERR_RPC, VIR_FROM_REMOTE,
                                     _("maximum of %d domains is out of range (0..%u)"), max,
                                     REMOTE_DOMAIN_LIST_MAX);
        return 0;
}

REMOTE_HANDLER(remote_connect_list_domains) {
        const RemoteArgsInt *a = args;
        g_autoptr(GArray) sel = NULL;
        int r = check_max(call, a->value);
        if (r < 0 || (r = list_domains(call, VIR_CONNECT_LIST_DOMAINS_ACTIVE, &sel)) < 0)
                return r;
        uint32_t n = MIN(sel->len, (uint32_t) a->value);
        xdr_enc_uint(ret, n);
        for (uint32_t i = 0; i < n; i++)
                r = xdr_enc_int(ret, g_array_index(sel, DomainRef, i).id);
        return r;
}

REMOTE_HANDLER(remote_connect_list_defined_domains) {
        const RemoteArgsInt *a = args;
        g_autoptr(GArray) sel = NULL;
        int r = check_max(call, a->value);
        if (r < 0 || (r = list_domains(call, VIR_CONNECT_LIST_DOMAINS_INACTIVE, &sel)) < 0)
                return r;
        uint32_t n = MIN(sel->len, (uint32_t) a->value);
        xdr_enc_uint(ret, n);
        for (uint32_t i = 0; i < n; i++)
                r = xdr_enc_string(ret, g_array_index(sel, DomainRef, i).name, REMOTE_STRING_MAX);
        return r;
}

/* ---- lookups ---- */

REMOTE_HANDLER(remote_domain_lookup_by_id) {
        const RemoteArgsInt *a = args;
        DomainRef ref = {};
        return reply_ref(call, BACKEND(call, lookup_by_id, a->value, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_lookup_by_name) {
        const RemoteArgsString *a = args;
        DomainRef ref = {};
        return reply_ref(call, BACKEND(call, lookup_by_name, a->str, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_lookup_by_uuid) {
        const RemoteArgsUuid *a = args;
        DomainRef ref = {};
        return reply_ref(call, BACKEND(call, lookup_by_uuid, a->uuid, &ref), &ref, ret);
}

/* ---- definitions ---- */

REMOTE_HANDLER(remote_domain_define_xml) {
        const RemoteArgsString *a = args;
        DomainRef ref = {};
        return reply_ref(call, BACKEND(call, define, a->str, 0, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_define_xml_flags) {
        const RemoteArgsStringFlags *a = args;
        DomainRef ref = {};
        int r = check_flags(call, a->flags, VIR_DOMAIN_DEFINE_VALIDATE);
        if (r < 0)
                return r;
        return reply_ref(call, BACKEND(call, define, a->str, a->flags, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_undefine) {
        const RemoteArgsDom *a = args;
        (void) ret;
        return BACKEND(call, undefine, a->dom.uuid, 0);
}

REMOTE_HANDLER(remote_domain_undefine_flags) {
        const RemoteArgsDomFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags,
                            VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                            VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_KEEP_NVRAM |
                            VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_TPM |
                            VIR_DOMAIN_UNDEFINE_KEEP_TPM);
        return r < 0 ? r : BACKEND(call, undefine, a->dom.uuid, a->flags);
}

/* ---- life cycle ---- */

/* Starts answered once the domain runs (backends with start_wait /
 * create_xml_wait): the reply, with the domain and its new id where the
 * procedure returns one, is sent from the backend's completion. */
typedef struct StartWait {
        RpcDeferred *deferred;
        RpcServer *server;
        DomainRef dom;         /* its uuid: the domain started */
        bool returns_domain;
} StartWait;

static int encode_started_domain(XdrEncoder *ret, void *data, RpcError *error) {
        StartWait *w = data;
        const DomainBackend *b = rpc_server_get_backend(w->server);
        DomainRef ref = {};
        int r = b->ops->lookup_by_uuid(b->data, w->dom.uuid, &ref, error);
        if (r >= 0)
                r = remote_enc_domain(ret, &ref);
        domain_ref_clear(&ref);
        return r;
}

static void on_started(void *userdata, int r, const RpcError *error) {
        StartWait *w = userdata;
        RpcError fallback = {};
        if (r < 0 && (!error || !error->code)) {
                rpc_error_set(&fallback, VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN, "%s", g_strerror(-r));
                error = &fallback;
        }
        rpc_deferred_complete(w->deferred, r < 0 ? error : NULL,
                              w->returns_domain ? encode_started_domain : NULL, w);
        rpc_error_clear(&fallback);
        domain_ref_clear(&w->dom);
        g_free(w);
}

/* 1: the reply is deferred; 0: the backend cannot wait (answer at once). */
static int start_deferred(RpcCall *call, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                          bool returns_domain) {
        void *data;
        const DomainBackendOps *ops = ops_of(call, &data);
        if (!ops || !ops->start_wait || !ops->lookup_by_uuid)
                return 0;
        RpcDeferred *d = rpc_call_defer(call);
        if (!d)
                return 0;
        StartWait *w = g_new0(StartWait, 1);
        w->deferred = d;
        w->server = call->server;
        memcpy(w->dom.uuid, uuid, DOMAIN_UUID_LEN);
        w->returns_domain = returns_domain;
        ops->start_wait(data, uuid, flags, on_started, w);
        return 1;
}

#define START_FLAGS (VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY | \
                     VIR_DOMAIN_START_BYPASS_CACHE | VIR_DOMAIN_START_FORCE_BOOT | \
                     VIR_DOMAIN_START_VALIDATE | VIR_DOMAIN_START_RESET_NVRAM)

REMOTE_HANDLER(remote_domain_create) {
        const RemoteArgsDom *a = args;
        (void) ret;
        if (start_deferred(call, a->dom.uuid, 0, false))
                return 0;
        return BACKEND(call, start, a->dom.uuid, 0);
}

REMOTE_HANDLER(remote_domain_create_with_flags) {
        const RemoteArgsDomFlags *a = args;
        DomainRef ref = {};
        int r = check_flags(call, a->flags, START_FLAGS);
        if (r < 0)
                return r;
        if (start_deferred(call, a->dom.uuid, a->flags, true))
                return 0;
        if ((r = BACKEND(call, start, a->dom.uuid, a->flags)) < 0)
                return r;
        /* The reply carries the domain with its new id. */
        return reply_ref(call, BACKEND(call, lookup_by_uuid, a->dom.uuid, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_create_xml) {
        const RemoteArgsStringFlags *a = args;
        void *data;
        const DomainBackendOps *ops = ops_of(call, &data);
        int r = check_flags(call, a->flags, START_FLAGS);
        if (r < 0)
                return r;
        RpcDeferred *d = ops && ops->create_xml_wait && ops->lookup_by_uuid ? rpc_call_defer(call) : NULL;
        if (d) {
                StartWait *w = g_new0(StartWait, 1);
                w->deferred = d;
                w->server = call->server;
                w->returns_domain = true;
                /* The backend fills w->dom before it starts; from then on w
                 * belongs to on_started (which may already have run). */
                r = ops->create_xml_wait(data, a->str, a->flags, &w->dom, on_started, w, &call->error);
                if (r < 0) {
                        /* Refused before anything started: answer now. */
                        domain_ref_clear(&w->dom);
                        g_free(w);
                        rpc_deferred_cancel(call, d);
                        return r;
                }
                return 0;
        }
        DomainRef ref = {};
        return reply_ref(call, BACKEND(call, create_xml, a->str, a->flags, &ref), &ref, ret);
}

REMOTE_HANDLER(remote_domain_destroy) {
        const RemoteArgsDom *a = args;
        (void) ret;
        return BACKEND(call, destroy, a->dom.uuid, 0);
}

REMOTE_HANDLER(remote_domain_destroy_flags) {
        const RemoteArgsDomFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_DESTROY_GRACEFUL);
        return r < 0 ? r : BACKEND(call, destroy, a->dom.uuid, a->flags);
}

REMOTE_HANDLER(remote_domain_shutdown) {
        const RemoteArgsDom *a = args;
        (void) ret;
        return BACKEND(call, shutdown, a->dom.uuid, 0);
}

REMOTE_HANDLER(remote_domain_shutdown_flags) {
        const RemoteArgsDomFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN | VIR_DOMAIN_SHUTDOWN_GUEST_AGENT |
                            VIR_DOMAIN_SHUTDOWN_INITCTL | VIR_DOMAIN_SHUTDOWN_SIGNAL |
                            VIR_DOMAIN_SHUTDOWN_PARAVIRT);
        return r < 0 ? r : BACKEND(call, shutdown, a->dom.uuid, a->flags);
}

REMOTE_HANDLER(remote_domain_reboot) {
        const RemoteArgsDomFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_REBOOT_ACPI_POWER_BTN | VIR_DOMAIN_REBOOT_GUEST_AGENT |
                            VIR_DOMAIN_REBOOT_INITCTL | VIR_DOMAIN_REBOOT_SIGNAL |
                            VIR_DOMAIN_REBOOT_PARAVIRT);
        return r < 0 ? r : BACKEND(call, reboot, a->dom.uuid, a->flags);
}

REMOTE_HANDLER(remote_domain_reset) {
        const RemoteArgsDomFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, 0);
        return r < 0 ? r : BACKEND(call, reset, a->dom.uuid, a->flags);
}

REMOTE_HANDLER(remote_domain_suspend) {
        const RemoteArgsDom *a = args;
        (void) ret;
        return BACKEND(call, suspend, a->dom.uuid);
}

REMOTE_HANDLER(remote_domain_resume) {
        const RemoteArgsDom *a = args;
        (void) ret;
        return BACKEND(call, resume, a->dom.uuid);
}

/* ---- state ---- */

REMOTE_HANDLER(remote_domain_get_info) {
        const RemoteArgsDom *a = args;
        DomainStatus st = {};
        int r = status_of(call, &a->dom, &st);
        if (r >= 0) {
                xdr_enc_uint(ret, (uint8_t) st.state);        /* unsigned char */
                xdr_enc_uhyper(ret, st.max_mem_kib);
                xdr_enc_uhyper(ret, st.mem_kib);
                xdr_enc_uint(ret, (uint16_t) MIN(st.n_vcpus, UINT16_MAX)); /* unsigned short */
                r = xdr_enc_uhyper(ret, st.cpu_time_ns);
        }
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_get_state) {
        const RemoteArgsDomFlags *a = args;
        DomainStatus st = {};
        int r = check_flags(call, a->flags, 0);
        if (r >= 0 && (r = status_of(call, &a->dom, &st)) >= 0) {
                xdr_enc_int(ret, st.state);
                r = xdr_enc_int(ret, st.reason);
        }
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_get_xml_desc) {
        const RemoteArgsDomFlags *a = args;
        g_autofree char *xml = NULL;
        int r = check_flags(call, a->flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                            VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE);
        if (r < 0)
                return r;
        /* Secrets in the XML are for read-write connections only. */
        if ((a->flags & VIR_DOMAIN_XML_SECURE) && call->conn->readonly)
                return rpc_error_set(&call->error, VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                                     _("virDomainGetXMLDesc with secure flag: read only access prevents it"));
        if ((r = BACKEND(call, get_xml, a->dom.uuid, a->flags, &xml)) < 0)
                return r;
        return xdr_enc_string(ret, xml, REMOTE_STRING_MAX);
}

REMOTE_HANDLER(remote_domain_get_os_type) {
        const RemoteArgsDom *a = args;
        DomainStatus st = {};
        int r = status_of(call, &a->dom, &st);
        if (r >= 0)
                r = xdr_enc_string(ret, st.os_type ? st.os_type : "hvm", REMOTE_STRING_MAX);
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_get_max_memory) {
        const RemoteArgsDom *a = args;
        DomainStatus st = {};
        int r = status_of(call, &a->dom, &st);
        if (r >= 0)
                r = xdr_enc_uhyper(ret, st.max_mem_kib);
        domain_status_clear(&st);
        return r;
}

static int vcpu_count(RpcCall *call, const RemoteDomain *dom, uint32_t flags, int32_t *count) {
        DomainStatus st = {};
        int r = check_flags(call, flags, VIR_DOMAIN_VCPU_LIVE | VIR_DOMAIN_VCPU_CONFIG |
                            VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_VCPU_GUEST);
        if (r < 0)
                return r;
        if (flags & VIR_DOMAIN_VCPU_GUEST)
                return rpc_error_set(&call->error, VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                                     _("counting vCPUs in the guest needs a guest agent, which pseriesd does not have"));
        if ((flags & VIR_DOMAIN_VCPU_LIVE) && (flags & VIR_DOMAIN_VCPU_CONFIG))
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     _("flags 'live' and 'config' are mutually exclusive"));
        if ((r = status_of(call, dom, &st)) < 0)
                return r;
        bool active = st.state != VIR_DOMAIN_SHUTOFF && st.state != VIR_DOMAIN_NOSTATE;
        if ((flags & VIR_DOMAIN_VCPU_LIVE) && !active)
                r = rpc_error_set(&call->error, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                  _("domain is not running"));
        else if ((flags & VIR_DOMAIN_VCPU_CONFIG) && !st.persistent)
                r = rpc_error_set(&call->error, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                  _("transient domains do not have any persistent config"));
        else if (flags & VIR_DOMAIN_VCPU_MAXIMUM)
                *count = (int32_t) (st.max_vcpus ? st.max_vcpus : st.n_vcpus);
        else
                *count = (int32_t) st.n_vcpus;
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_get_vcpus_flags) {
        const RemoteArgsDomFlags *a = args;
        int32_t n = 0;
        int r = vcpu_count(call, &a->dom, a->flags, &n);
        return r < 0 ? r : xdr_enc_int(ret, n);
}

REMOTE_HANDLER(remote_domain_get_max_vcpus) {
        const RemoteArgsDom *a = args;
        int32_t n = 0;
        int r = vcpu_count(call, &a->dom, VIR_DOMAIN_VCPU_LIVE | VIR_DOMAIN_VCPU_MAXIMUM, &n);
        return r < 0 ? r : xdr_enc_int(ret, n);
}

#define STATUS_BOOL_HANDLER(fn, expr)                                   \
        REMOTE_HANDLER(fn) {                                            \
                const RemoteArgsDom *a = args;                          \
                DomainStatus st = {};                                   \
                int r = status_of(call, &a->dom, &st);                  \
                if (r >= 0)                                             \
                        r = xdr_enc_int(ret, (expr) ? 1 : 0);           \
                domain_status_clear(&st);                               \
                return r;                                               \
        }

STATUS_BOOL_HANDLER(remote_domain_is_active,
                    st.state != VIR_DOMAIN_SHUTOFF && st.state != VIR_DOMAIN_NOSTATE)
STATUS_BOOL_HANDLER(remote_domain_is_persistent, st.persistent)
STATUS_BOOL_HANDLER(remote_domain_get_autostart, st.autostart)

REMOTE_HANDLER(remote_domain_is_updated) {
        const RemoteArgsDom *a = args;
        DomainStatus st = {};
        /* The running configuration is never changed apart from the
         * persistent one (no live device updates yet). */
        int r = status_of(call, &a->dom, &st);
        if (r >= 0)
                r = xdr_enc_int(ret, 0);
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_has_managed_save_image) {
        const RemoteArgsDomFlags *a = args;
        DomainStatus st = {};
        int r = check_flags(call, a->flags, 0);
        if (r >= 0 && (r = status_of(call, &a->dom, &st)) >= 0)
                r = xdr_enc_int(ret, st.managed_save ? 1 : 0);
        domain_status_clear(&st);
        return r;
}

REMOTE_HANDLER(remote_domain_set_autostart) {
        const RemoteArgsDomInt *a = args;
        (void) ret;
        return BACKEND(call, set_autostart, a->dom.uuid, a->value != 0);
}

/* ---- console ---- */

REMOTE_HANDLER(remote_domain_open_console) {
        const RemoteArgsOpenConsole *a = args;
        int fd = -1;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE);
        if (r < 0)
                return r;
        /* Before the backend connects (and perhaps cuts off another client). */
        if (!rpc_client_may_open_stream(call->client))
                return rpc_error_set(&call->error, VIR_ERR_OPERATION_FAILED, VIR_FROM_STREAMS,
                                     _("too many streams on this connection; finish some first"));
        if ((r = BACKEND(call, open_console, a->dom.uuid, a->dev_name, a->flags, &fd)) < 0)
                return r;
        r = rpc_client_open_stream(call->client, call->header->proc, call->header->serial, fd);
        if (r < 0) {
                close(fd);
                return rpc_error_set(&call->error, VIR_ERR_INTERNAL_ERROR, VIR_FROM_STREAMS,
                                     _("cannot attach the console stream: %s"), g_strerror(-r));
        }
        return 0;
}

/* ---- bulk statistics ---- */

/* The stats groups a DomainStatus can answer. */
#define SUPPORTED_STATS (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | \
                         VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU)

static void encode_stats_record(XdrEncoder *ret, const DomainRef *ref, const DomainStatus *st, uint32_t stats) {
        bool active = st->state != VIR_DOMAIN_SHUTOFF && st->state != VIR_DOMAIN_NOSTATE;
        uint32_t n = 0;
        if (stats & VIR_DOMAIN_STATS_STATE)
                n += 2;
        if ((stats & VIR_DOMAIN_STATS_CPU_TOTAL) && active)
                n += 1;
        if (stats & VIR_DOMAIN_STATS_BALLOON)
                n += 2;
        if (stats & VIR_DOMAIN_STATS_VCPU)
                n += 2;
        remote_enc_domain(ret, ref);
        xdr_enc_uint(ret, n);
        if (stats & VIR_DOMAIN_STATS_STATE) {
                remote_enc_typed_param_int(ret, "state.state", st->state);
                remote_enc_typed_param_int(ret, "state.reason", st->reason);
        }
        if ((stats & VIR_DOMAIN_STATS_CPU_TOTAL) && active)
                remote_enc_typed_param_ullong(ret, "cpu.time", st->cpu_time_ns);
        if (stats & VIR_DOMAIN_STATS_BALLOON) {
                remote_enc_typed_param_ullong(ret, "balloon.current", st->mem_kib);
                remote_enc_typed_param_ullong(ret, "balloon.maximum", st->max_mem_kib);
        }
        if (stats & VIR_DOMAIN_STATS_VCPU) {
                remote_enc_typed_param_uint(ret, "vcpu.current", st->n_vcpus);
                remote_enc_typed_param_uint(ret, "vcpu.maximum", st->max_vcpus ? st->max_vcpus : st->n_vcpus);
        }
}

REMOTE_HANDLER(remote_connect_get_all_domain_stats) {
        const RemoteArgsAllDomainStats *a = args;
        const uint32_t filters = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE |
                VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT | VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT |
                VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING | VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED |
                VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF | VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER;
        const uint32_t modifiers = VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT | VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING |
                VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS;
        int r = check_flags(call, a->flags, filters | modifiers);
        if (r < 0)
                return r;
        if (a->n_doms > 0 && (a->flags & filters))
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     _("filtering is not supported with a list of domains"));
        uint32_t stats = a->stats ? a->stats : SUPPORTED_STATS;
        if ((a->flags & VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS) && (stats & ~SUPPORTED_STATS))
                return rpc_error_set(&call->error, VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
                                     _("statistics groups 0x%x are not supported by pseriesd"),
                                     stats & ~SUPPORTED_STATS);
        stats &= SUPPORTED_STATS;

        g_autoptr(GArray) sel = NULL;
        if (a->n_doms > 0) {
                sel = g_array_new(FALSE, TRUE, sizeof(DomainRef));
                g_array_set_clear_func(sel, (GDestroyNotify) domain_ref_clear);
                for (uint32_t i = 0; i < a->n_doms; i++) {
                        DomainRef ref = {};
                        if ((r = BACKEND(call, lookup_by_uuid, a->doms[i].uuid, &ref)) < 0)
                                return r;
                        g_array_append_val(sel, ref);
                }
        } else if ((r = list_domains(call, a->flags & filters, &sel)) < 0) {
                return r;
        }

        /* Collect first: a domain that vanishes meanwhile is left out. */
        g_autoptr(GArray) status = g_array_new(FALSE, TRUE, sizeof(DomainStatus));
        g_array_set_clear_func(status, (GDestroyNotify) domain_status_clear);
        g_autoptr(GArray) refs = g_array_new(FALSE, TRUE, sizeof(DomainRef *));
        for (guint i = 0; i < sel->len; i++) {
                DomainRef *ref = &g_array_index(sel, DomainRef, i);
                DomainStatus st = {};
                RemoteDomain d = { .name = ref->name, .id = ref->id };
                memcpy(d.uuid, ref->uuid, DOMAIN_UUID_LEN);
                if (status_of(call, &d, &st) < 0) {
                        if (a->n_doms > 0)
                                return -EIO; /* asked for by name: report why */
                        rpc_error_clear(&call->error);
                        continue;
                }
                g_array_append_val(status, st);
                g_array_append_val(refs, ref);
        }
        xdr_enc_uint(ret, refs->len);
        for (guint i = 0; i < refs->len; i++)
                encode_stats_record(ret, g_array_index(refs, DomainRef *, i),
                                    &g_array_index(status, DomainStatus, i), stats);
        return ret->error;
}

/* ---- devices ---- */

#define DEVICE_FLAGS (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_DEVICE_MODIFY_FORCE)

REMOTE_HANDLER(remote_domain_attach_device) {
        const RemoteArgsDomStringFlags *a = args;
        (void) ret;
        /* The flag-less call means "the running domain" (AFFECT_LIVE). */
        return HOTPLUG(call, attach_device, a->dom.uuid, a->str, VIR_DOMAIN_AFFECT_LIVE);
}

REMOTE_HANDLER(remote_domain_attach_device_flags) {
        const RemoteArgsDomStringFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, DEVICE_FLAGS);
        return r < 0 ? r : HOTPLUG(call, attach_device, a->dom.uuid, a->str, a->flags);
}

REMOTE_HANDLER(remote_domain_detach_device) {
        const RemoteArgsDomStringFlags *a = args;
        (void) ret;
        return HOTPLUG(call, detach_device, a->dom.uuid, a->str, VIR_DOMAIN_AFFECT_LIVE);
}

REMOTE_HANDLER(remote_domain_detach_device_flags) {
        const RemoteArgsDomStringFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, DEVICE_FLAGS);
        return r < 0 ? r : HOTPLUG(call, detach_device, a->dom.uuid, a->str, a->flags);
}

REMOTE_HANDLER(remote_domain_update_device_flags) {
        const RemoteArgsDomStringFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, DEVICE_FLAGS);
        return r < 0 ? r : BACKEND(call, update_device, a->dom.uuid, a->str, a->flags);
}

/* ---- memory and vCPUs ---- */

REMOTE_HANDLER(remote_domain_set_max_memory) {
        const RemoteArgsDomHyperFlags *a = args;
        (void) ret;
        /* As libvirt: the maximum of the current definition. */
        return BACKEND(call, set_memory, a->dom.uuid, a->value, VIR_DOMAIN_MEM_MAXIMUM);
}

REMOTE_HANDLER(remote_domain_set_memory) {
        const RemoteArgsDomHyperFlags *a = args;
        (void) ret;
        return BACKEND(call, set_memory, a->dom.uuid, a->value, VIR_DOMAIN_AFFECT_LIVE);
}

REMOTE_HANDLER(remote_domain_set_memory_flags) {
        const RemoteArgsDomHyperFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_MEM_MAXIMUM);
        return r < 0 ? r : BACKEND(call, set_memory, a->dom.uuid, a->value, a->flags);
}

REMOTE_HANDLER(remote_domain_set_vcpus) {
        const RemoteArgsDomUintFlags *a = args;
        (void) ret;
        if (a->value == 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     _("a domain needs at least one vCPU"));
        return BACKEND(call, set_vcpus, a->dom.uuid, a->value, VIR_DOMAIN_AFFECT_LIVE);
}

REMOTE_HANDLER(remote_domain_set_vcpus_flags) {
        const RemoteArgsDomUintFlags *a = args;
        (void) ret;
        int r = check_flags(call, a->flags, VIR_DOMAIN_VCPU_LIVE | VIR_DOMAIN_VCPU_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM |
                            VIR_DOMAIN_VCPU_GUEST | VIR_DOMAIN_VCPU_HOTPLUGGABLE);
        if (r < 0)
                return r;
        if (a->value == 0)
                return rpc_error_set(&call->error, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     _("a domain needs at least one vCPU"));
        return BACKEND(call, set_vcpus, a->dom.uuid, a->value, a->flags);
}
