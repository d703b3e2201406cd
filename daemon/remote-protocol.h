/* remote-protocol.h: wire facts of libvirt's "remote" program.
 *
 * Part of the libvirt RPC server in daemon/.  Procedure numbers and the
 * layouts of the argument structures pseriesd understands, with their XDR
 * decoders (remote-protocol.c).  Handlers are in remote-connect.c,
 * remote-domain.c and remote-events.c; the table in remote-program.c.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "domain-backend.h"
#include "xdr.h"

#define REMOTE_STRING_MAX 4194304u
#define REMOTE_DOMAIN_LIST_MAX 16384u
#define REMOTE_AUTH_TYPE_LIST_MAX 20u
#define REMOTE_NODE_MAX_CELLS 1024u
#define REMOTE_NODE_CPU_STATS_MAX 16u
#define REMOTE_NODE_MEMORY_STATS_MAX 16u
#define REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX 4096u
#define REMOTE_SECURITY_MODEL_MAX 257u  /* VIR_SECURITY_MODEL_BUFLEN */
#define REMOTE_SECURITY_DOI_MAX 257u    /* VIR_SECURITY_DOI_BUFLEN */
#define REMOTE_AUTH_NONE 0

/* Internal libvirt driver feature numbers asked by CONNECT_SUPPORTS_FEATURE. */
enum {
        REMOTE_FEATURE_MIGRATION_V1 = 1,
        REMOTE_FEATURE_REMOTE = 2,
        REMOTE_FEATURE_MIGRATION_V2 = 3,
        REMOTE_FEATURE_MIGRATION_P2P = 4,
        REMOTE_FEATURE_MIGRATION_DIRECT = 5,
        REMOTE_FEATURE_MIGRATION_V3 = 6,
        REMOTE_FEATURE_MIGRATE_CHANGE_PROTECTION = 7,
        REMOTE_FEATURE_FD_PASSING = 8,
        REMOTE_FEATURE_TYPED_PARAM_STRING = 9,
        REMOTE_FEATURE_PROGRAM_KEEPALIVE = 10,
        REMOTE_FEATURE_XML_MIGRATABLE = 11,
        REMOTE_FEATURE_MIGRATION_OFFLINE = 12,
        REMOTE_FEATURE_MIGRATION_PARAMS = 13,
        REMOTE_FEATURE_REMOTE_EVENT_CALLBACK = 14,
        REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK = 15,
};

enum RemoteProcedure {
        REMOTE_PROC_CONNECT_OPEN = 1,
        REMOTE_PROC_CONNECT_CLOSE = 2,
        REMOTE_PROC_CONNECT_GET_TYPE = 3,
        REMOTE_PROC_CONNECT_GET_VERSION = 4,
        REMOTE_PROC_CONNECT_GET_MAX_VCPUS = 5,
        REMOTE_PROC_NODE_GET_INFO = 6,
        REMOTE_PROC_CONNECT_GET_CAPABILITIES = 7,
        REMOTE_PROC_DOMAIN_ATTACH_DEVICE = 8,
        REMOTE_PROC_DOMAIN_CREATE = 9,
        REMOTE_PROC_DOMAIN_CREATE_XML = 10,
        REMOTE_PROC_DOMAIN_DEFINE_XML = 11,
        REMOTE_PROC_DOMAIN_DESTROY = 12,
        REMOTE_PROC_DOMAIN_DETACH_DEVICE = 13,
        REMOTE_PROC_DOMAIN_GET_XML_DESC = 14,
        REMOTE_PROC_DOMAIN_GET_AUTOSTART = 15,
        REMOTE_PROC_DOMAIN_GET_INFO = 16,
        REMOTE_PROC_DOMAIN_GET_MAX_MEMORY = 17,
        REMOTE_PROC_DOMAIN_GET_MAX_VCPUS = 18,
        REMOTE_PROC_DOMAIN_GET_OS_TYPE = 19,
        REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS = 21,
        REMOTE_PROC_DOMAIN_LOOKUP_BY_ID = 22,
        REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME = 23,
        REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID = 24,
        REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS = 25,
        REMOTE_PROC_DOMAIN_REBOOT = 27,
        REMOTE_PROC_DOMAIN_RESUME = 28,
        REMOTE_PROC_DOMAIN_SET_AUTOSTART = 29,
        REMOTE_PROC_DOMAIN_SET_MAX_MEMORY = 30,
        REMOTE_PROC_DOMAIN_SET_MEMORY = 31,
        REMOTE_PROC_DOMAIN_SET_VCPUS = 32,
        REMOTE_PROC_DOMAIN_SHUTDOWN = 33,
        REMOTE_PROC_DOMAIN_SUSPEND = 34,
        REMOTE_PROC_DOMAIN_UNDEFINE = 35,
        REMOTE_PROC_CONNECT_LIST_DOMAINS = 37,
        REMOTE_PROC_CONNECT_NUM_OF_DOMAINS = 51,
        REMOTE_PROC_CONNECT_GET_HOSTNAME = 59,
        REMOTE_PROC_CONNECT_SUPPORTS_FEATURE = 60,
        REMOTE_PROC_AUTH_LIST = 66,
        REMOTE_PROC_NODE_GET_CELLS_FREE_MEMORY = 101,
        REMOTE_PROC_NODE_GET_FREE_MEMORY = 102,
        REMOTE_PROC_CONNECT_GET_URI = 110,
        REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL = 121,
        REMOTE_PROC_NODE_GET_SECURITY_MODEL = 122,
        REMOTE_PROC_CONNECT_IS_SECURE = 149,
        REMOTE_PROC_DOMAIN_IS_ACTIVE = 150,
        REMOTE_PROC_DOMAIN_IS_PERSISTENT = 151,
        REMOTE_PROC_DOMAIN_IS_UPDATED = 202,
        REMOTE_PROC_CONNECT_GET_LIB_VERSION = 157,
        REMOTE_PROC_DOMAIN_ATTACH_DEVICE_FLAGS = 160,
        REMOTE_PROC_DOMAIN_DETACH_DEVICE_FLAGS = 161,
        REMOTE_PROC_DOMAIN_UPDATE_DEVICE_FLAGS = 174,
        REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE = 183,
        REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS = 196,
        REMOTE_PROC_DOMAIN_SET_VCPUS_FLAGS = 199,
        REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS = 200,
        REMOTE_PROC_DOMAIN_SET_MEMORY_FLAGS = 204,
        REMOTE_PROC_DOMAIN_OPEN_CONSOLE = 201,
        REMOTE_PROC_DOMAIN_GET_STATE = 212,
        REMOTE_PROC_NODE_GET_CPU_STATS = 227,
        REMOTE_PROC_NODE_GET_MEMORY_STATS = 228,
        REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS = 231,
        REMOTE_PROC_DOMAIN_DESTROY_FLAGS = 234,
        REMOTE_PROC_DOMAIN_RESET = 245,
        REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS = 258,
        REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS = 273,
        REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY = 316,
        REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY = 317,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE = 318,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT = 319,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_WATCHDOG = 321,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_CONTROL_ERROR = 325,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED = 333,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_ADDED = 354,
        REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED = 367,
        REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES = 342,
        REMOTE_PROC_CONNECT_GET_ALL_DOMAIN_STATS = 344,
        REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS = 350,
        REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK = 360,
        REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK = 361,
};

/* remote_nonnull_domain */
typedef struct RemoteDomain {
        const char *name;     /* in the decoder's arena */
        uint8_t uuid[DOMAIN_UUID_LEN];
        int32_t id;
} RemoteDomain;

int remote_dec_domain(XdrDecoder *d, RemoteDomain *dom);
int remote_enc_domain(XdrEncoder *e, const DomainRef *ref);

/* Argument structures, one per wire layout. */
typedef struct { const char *name; uint32_t flags; } RemoteArgsOpen;        /* remote_string, uint */
typedef struct { int32_t value; } RemoteArgsInt;                            /* int */
typedef struct { const char *str; } RemoteArgsString;                       /* nonnull string */
typedef struct { const char *str; } RemoteArgsOptString;                    /* remote_string */
typedef struct { const char *str; uint32_t flags; } RemoteArgsStringFlags;  /* nonnull string, uint */
typedef struct { uint8_t uuid[DOMAIN_UUID_LEN]; } RemoteArgsUuid;
typedef struct { RemoteDomain dom; } RemoteArgsDom;
typedef struct { RemoteDomain dom; uint32_t flags; } RemoteArgsDomFlags;
typedef struct { RemoteDomain dom; int32_t value; } RemoteArgsDomInt;
typedef struct { RemoteDomain dom; const char *str; uint32_t flags; } RemoteArgsDomStringFlags;
typedef struct { RemoteDomain dom; uint64_t value; uint32_t flags; } RemoteArgsDomHyperFlags;
typedef struct { RemoteDomain dom; uint32_t value; uint32_t flags; } RemoteArgsDomUintFlags;
typedef struct { int32_t need_results; uint32_t flags; } RemoteArgsListAll;
typedef struct { int32_t a, b; } RemoteArgsIntInt;
typedef struct { int32_t a, b; uint32_t flags; } RemoteArgsIntIntFlags;
typedef struct {
        const char *emulatorbin, *arch, *machine, *virttype;
        uint32_t flags;
} RemoteArgsDomainCaps;
typedef struct { int32_t event_id; bool has_dom; RemoteDomain dom; } RemoteArgsEventRegister;
typedef struct { RemoteDomain dom; const char *dev_name; uint32_t flags; } RemoteArgsOpenConsole;
typedef struct { uint32_t n_doms; RemoteDomain *doms; uint32_t stats; uint32_t flags; } RemoteArgsAllDomainStats;

int remote_dec_args_open(XdrDecoder *d, void *args);
int remote_dec_args_int(XdrDecoder *d, void *args);
int remote_dec_args_string(XdrDecoder *d, void *args);
int remote_dec_args_opt_string(XdrDecoder *d, void *args);
int remote_dec_args_string_flags(XdrDecoder *d, void *args);
int remote_dec_args_uuid(XdrDecoder *d, void *args);
int remote_dec_args_dom(XdrDecoder *d, void *args);
int remote_dec_args_dom_flags(XdrDecoder *d, void *args);
int remote_dec_args_dom_int(XdrDecoder *d, void *args);
int remote_dec_args_dom_string(XdrDecoder *d, void *args);       /* flags = 0 */
int remote_dec_args_dom_string_flags(XdrDecoder *d, void *args);
int remote_dec_args_list_all(XdrDecoder *d, void *args);
int remote_dec_args_dom_hyper(XdrDecoder *d, void *args);        /* flags = 0 */
int remote_dec_args_dom_hyper_flags(XdrDecoder *d, void *args);
int remote_dec_args_dom_uint(XdrDecoder *d, void *args);         /* flags = 0 */
int remote_dec_args_dom_uint_flags(XdrDecoder *d, void *args);
int remote_dec_args_int_int(XdrDecoder *d, void *args);
int remote_dec_args_int_int_flags(XdrDecoder *d, void *args);
int remote_dec_args_domain_caps(XdrDecoder *d, void *args);
int remote_dec_args_event_register(XdrDecoder *d, void *args);
int remote_dec_args_open_console(XdrDecoder *d, void *args);
int remote_dec_args_all_domain_stats(XdrDecoder *d, void *args);

/* remote_typed_param */
int remote_enc_typed_param_int(XdrEncoder *e, const char *field, int32_t v);
int remote_enc_typed_param_uint(XdrEncoder *e, const char *field, uint32_t v);
int remote_enc_typed_param_ullong(XdrEncoder *e, const char *field, uint64_t v);

/* char arrays (XDR "char x<N>"): each char is one 4-byte unit. */
int remote_enc_char_array(XdrEncoder *e, const char *s, size_t len, uint32_t max);
int remote_enc_char_fixed(XdrEncoder *e, const char *s, size_t n);
