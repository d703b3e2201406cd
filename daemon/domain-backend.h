/* domain-backend.h: what the libvirt RPC server needs from a domain store.
 *
 * Part of daemon/.  The RPC server (rpc-server.h, remote-domain.c) turns
 * libvirt domain procedures into calls of this vtable; the daemon's domain
 * store and per-VM supervisor implement it (tests/rpc/ has an in-memory test
 * double).  Every operation is synchronous and must not block for long: long
 * work (starting a worker, waiting for a guest to shut down) is started and
 * reported later through the event sink.
 *
 * Conventions: operations return 0 or a negative errno and then fill *error
 * with a libvirt error code (VIR_ERR_NO_DOMAIN, VIR_ERR_OPERATION_INVALID,
 * VIR_ERR_XML_ERROR, VIR_ERR_DOM_EXIST, ...; domain VIR_FROM_DOMAIN or
 * similar) and a translated message for the client.  Domains are addressed
 * by UUID (the libvirt client always sends name + UUID + id; the UUID is the
 * identity).  Strings returned through out-parameters are g_malloc'ed and
 * owned by the caller.  An operation left NULL answers VIR_ERR_NO_SUPPORT.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc-error.h"

#define DOMAIN_UUID_LEN 16

typedef struct DomainRef {
        char *name;
        uint8_t uuid[DOMAIN_UUID_LEN];
        int32_t id;            /* -1 when not running */
} DomainRef;

void domain_ref_clear(DomainRef *r);
void domain_ref_array_free(DomainRef *refs, size_t n);

typedef struct DomainStatus {
        int32_t state;         /* virDomainState (VIR_DOMAIN_RUNNING, ...) */
        int32_t reason;        /* the matching virDomain*Reason */
        uint64_t max_mem_kib;
        uint64_t mem_kib;
        uint32_t n_vcpus;      /* current */
        uint32_t max_vcpus;    /* maximum; 0 = same as n_vcpus */
        uint64_t cpu_time_ns;
        bool persistent;
        bool autostart;
        bool managed_save;     /* has a managed save image */
        char *os_type;         /* "hvm"; g_malloc'ed, may be NULL for "hvm" */
} DomainStatus;

void domain_status_clear(DomainStatus *s);

/* Completion of an asynchronous operation: r 0, or a negative errno with
 * error set (valid during the call only). */
typedef void (*DomainDoneFn)(void *userdata, int r, const RpcError *error);

/* Event sink the backend calls for lifecycle changes: event/detail are
 * virDomainEventType and its detail enum. */
typedef void (*DomainEventSink)(void *userdata, const DomainRef *dom, int32_t event, int32_t detail);

/* Other domain events (optional, see subscribe_other). */
typedef struct DomainEvent {
        int32_t id;             /* VIR_DOMAIN_EVENT_ID_REBOOT, _WATCHDOG, _CONTROL_ERROR,
                                 * _DEVICE_ADDED, _DEVICE_REMOVED, _DEVICE_REMOVAL_FAILED */
        const DomainRef *dom;
        int32_t action;         /* WATCHDOG: virDomainEventWatchdogAction */
        const char *dev_alias;  /* DEVICE_*: the device's alias */
} DomainEvent;

typedef void (*DomainEventSinkOther)(void *userdata, const DomainEvent *event);

typedef struct DomainBackendOps {
        /* Every domain (running and defined). */
        int (*list)(void *backend, DomainRef **refs, size_t *n, RpcError *error);
        int (*lookup_by_uuid)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], DomainRef *out, RpcError *error);
        int (*lookup_by_name)(void *backend, const char *name, DomainRef *out, RpcError *error);
        int (*lookup_by_id)(void *backend, int32_t id, DomainRef *out, RpcError *error);

        /* Persistent definition (flags: VIR_DOMAIN_DEFINE_*). */
        int (*define)(void *backend, const char *xml, uint32_t flags, DomainRef *out, RpcError *error);
        /* flags: VIR_DOMAIN_UNDEFINE_* */
        int (*undefine)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        /* Start a defined domain (flags: VIR_DOMAIN_START_*). */
        int (*start)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        /* Start a transient domain from XML. */
        int (*create_xml)(void *backend, const char *xml, uint32_t flags, DomainRef *out, RpcError *error);
        /* Optional: the same, completing when the domain runs (or failed
         * to start): done is called exactly once, perhaps before the call
         * returns.  The server then answers the start procedures only once
         * the domain runs, as libvirt's drivers do (`virsh start --console`
         * and scripts reading the state right after a start rely on it).
         * start_wait reports every error through done; create_xml_wait
         * returns a negative errno (done not called) when the definition is
         * refused, else fills *out (id perhaps still -1) before it starts
         * anything, and calls done. */
        void (*start_wait)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags,
                           DomainDoneFn done, void *userdata);
        int (*create_xml_wait)(void *backend, const char *xml, uint32_t flags, DomainRef *out,
                               DomainDoneFn done, void *userdata, RpcError *error);
        /* Hard stop (flags: VIR_DOMAIN_DESTROY_*). */
        int (*destroy)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        /* Ask the guest to power off / reboot (flags: VIR_DOMAIN_SHUTDOWN_*, VIR_DOMAIN_REBOOT_*). */
        int (*shutdown)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        int (*reboot)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        /* Immediate machine reset. */
        int (*reset)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, RpcError *error);
        int (*suspend)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], RpcError *error);
        int (*resume)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], RpcError *error);

        int (*get_status)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], DomainStatus *out, RpcError *error);
        /* flags: VIR_DOMAIN_XML_* (INACTIVE: the persistent definition). */
        int (*get_xml)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t flags, char **xml, RpcError *error);
        int (*set_autostart)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], bool autostart, RpcError *error);

        /* A connected, non-blocking byte stream to the guest console `device`
         * (NULL: the first console).  The caller owns *fd. */
        int (*open_console)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], const char *device,
                            uint32_t flags, int *fd, RpcError *error);

        /* The backend calls sink(userdata, ...) for each lifecycle event until
         * unsubscribe. Only one subscriber (the RPC server). */
        int (*subscribe)(void *backend, DomainEventSink sink, void *userdata);
        void (*unsubscribe)(void *backend);
        /* Optional: the backend also reports the other events of
         * DomainEvent through sink (same subscriber, same unsubscribe). */
        int (*subscribe_other)(void *backend, DomainEventSinkOther sink, void *userdata);

        /* Device hot(un)plug and persistent device changes: xml is one
         * device element; flags are virDomainDeviceModifyFlags
         * (VIR_DOMAIN_AFFECT_CURRENT/LIVE/CONFIG, VIR_DOMAIN_DEVICE_MODIFY_FORCE).
         * Optional (NULL: no support). */
        int (*attach_device)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], const char *xml,
                             uint32_t flags, RpcError *error);
        int (*detach_device)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], const char *xml,
                             uint32_t flags, RpcError *error);
        int (*update_device)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], const char *xml,
                             uint32_t flags, RpcError *error);

        /* Memory (KiB) and vCPU count changes.  flags: VIR_DOMAIN_AFFECT_*
         * plus VIR_DOMAIN_MEM_MAXIMUM / VIR_DOMAIN_VCPU_MAXIMUM,
         * VIR_DOMAIN_VCPU_GUEST, VIR_DOMAIN_VCPU_HOTPLUGGABLE.  Optional. */
        int (*set_memory)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint64_t kib, uint32_t flags,
                          RpcError *error);
        int (*set_vcpus)(void *backend, const uint8_t uuid[DOMAIN_UUID_LEN], uint32_t n, uint32_t flags,
                         RpcError *error);
} DomainBackendOps;

typedef struct DomainBackend {
        const DomainBackendOps *ops;
        void *data;
} DomainBackend;
