/* remote-program.c: the table of libvirt "remote" program procedures that
 * pseriesd implements.  Anything not listed answers VIR_ERR_NO_SUPPORT
 * (rpc-dispatch.c).  Flags: WRITE = refused on read-only connections;
 * BEFORE_OPEN = allowed before CONNECT_OPEN.
 *
 * Part of the libvirt RPC server in daemon/. */
#include "remote-handlers.h"
#include "remote-protocol.h"
#include "rpc-message.h"

#define P(num, fn, argtype, decoder, fl) \
        { .number = REMOTE_PROC_##num, .name = #num, .args_size = sizeof(argtype), \
          .decode_args = decoder, .handler = fn, .flags = fl }
#define P0(num, fn, fl) \
        { .number = REMOTE_PROC_##num, .name = #num, .handler = fn, .flags = fl }

enum {
        R = 0,
        W = RPC_PROC_WRITE,
        B = RPC_PROC_BEFORE_OPEN,
};

static const RpcProcedure remote_procedures[] = {
        /* connection */
        P0(AUTH_LIST, remote_auth_list, B),
        P(CONNECT_SUPPORTS_FEATURE, remote_connect_supports_feature, RemoteArgsInt, remote_dec_args_int, B),
        P(CONNECT_OPEN, remote_connect_open, RemoteArgsOpen, remote_dec_args_open, B),
        P0(CONNECT_CLOSE, remote_connect_close, R),
        P0(CONNECT_GET_TYPE, remote_connect_get_type, R),
        P0(CONNECT_GET_VERSION, remote_connect_get_version, R),
        P0(CONNECT_GET_LIB_VERSION, remote_connect_get_lib_version, R),
        P0(CONNECT_GET_HOSTNAME, remote_connect_get_hostname, R),
        P0(CONNECT_GET_URI, remote_connect_get_uri, R),
        P(CONNECT_GET_MAX_VCPUS, remote_connect_get_max_vcpus, RemoteArgsOptString, remote_dec_args_opt_string, R),
        P0(CONNECT_IS_SECURE, remote_connect_is_secure, R),
        P0(CONNECT_GET_CAPABILITIES, remote_connect_get_capabilities, R),
        /* libvirt guards domain capabilities as connect:write */
        P(CONNECT_GET_DOMAIN_CAPABILITIES, remote_connect_get_domain_capabilities, RemoteArgsDomainCaps,
          remote_dec_args_domain_caps, R),
        P0(CONNECT_REGISTER_CLOSE_CALLBACK, remote_connect_register_close_callback, R),
        P0(CONNECT_UNREGISTER_CLOSE_CALLBACK, remote_connect_unregister_close_callback, R),
        P0(NODE_GET_INFO, remote_node_get_info, R),
        P0(NODE_GET_FREE_MEMORY, remote_node_get_free_memory, R),
        P(NODE_GET_CELLS_FREE_MEMORY, remote_node_get_cells_free_memory, RemoteArgsIntInt,
          remote_dec_args_int_int, R),
        P0(NODE_GET_SECURITY_MODEL, remote_node_get_security_model, R),
        P(NODE_GET_CPU_STATS, remote_node_get_cpu_stats, RemoteArgsIntIntFlags, remote_dec_args_int_int_flags, R),
        P(NODE_GET_MEMORY_STATS, remote_node_get_memory_stats, RemoteArgsIntIntFlags,
          remote_dec_args_int_int_flags, R),

        /* domains: listing and lookup */
        P(CONNECT_LIST_ALL_DOMAINS, remote_connect_list_all_domains, RemoteArgsListAll, remote_dec_args_list_all, R),
        P0(CONNECT_NUM_OF_DOMAINS, remote_connect_num_of_domains, R),
        P(CONNECT_LIST_DOMAINS, remote_connect_list_domains, RemoteArgsInt, remote_dec_args_int, R),
        P0(CONNECT_NUM_OF_DEFINED_DOMAINS, remote_connect_num_of_defined_domains, R),
        P(CONNECT_LIST_DEFINED_DOMAINS, remote_connect_list_defined_domains, RemoteArgsInt, remote_dec_args_int, R),
        P(DOMAIN_LOOKUP_BY_ID, remote_domain_lookup_by_id, RemoteArgsInt, remote_dec_args_int, R),
        P(DOMAIN_LOOKUP_BY_NAME, remote_domain_lookup_by_name, RemoteArgsString, remote_dec_args_string, R),
        P(DOMAIN_LOOKUP_BY_UUID, remote_domain_lookup_by_uuid, RemoteArgsUuid, remote_dec_args_uuid, R),

        /* domains: definitions and life cycle */
        P(DOMAIN_DEFINE_XML, remote_domain_define_xml, RemoteArgsString, remote_dec_args_string, W),
        P(DOMAIN_DEFINE_XML_FLAGS, remote_domain_define_xml_flags, RemoteArgsStringFlags,
          remote_dec_args_string_flags, W),
        P(DOMAIN_UNDEFINE, remote_domain_undefine, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_UNDEFINE_FLAGS, remote_domain_undefine_flags, RemoteArgsDomFlags, remote_dec_args_dom_flags, W),
        P(DOMAIN_CREATE, remote_domain_create, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_CREATE_WITH_FLAGS, remote_domain_create_with_flags, RemoteArgsDomFlags,
          remote_dec_args_dom_flags, W),
        P(DOMAIN_CREATE_XML, remote_domain_create_xml, RemoteArgsStringFlags, remote_dec_args_string_flags, W),
        P(DOMAIN_DESTROY, remote_domain_destroy, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_DESTROY_FLAGS, remote_domain_destroy_flags, RemoteArgsDomFlags, remote_dec_args_dom_flags, W),
        P(DOMAIN_SHUTDOWN, remote_domain_shutdown, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_SHUTDOWN_FLAGS, remote_domain_shutdown_flags, RemoteArgsDomFlags, remote_dec_args_dom_flags, W),
        P(DOMAIN_REBOOT, remote_domain_reboot, RemoteArgsDomFlags, remote_dec_args_dom_flags, W),
        P(DOMAIN_RESET, remote_domain_reset, RemoteArgsDomFlags, remote_dec_args_dom_flags, W),
        P(DOMAIN_SUSPEND, remote_domain_suspend, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_RESUME, remote_domain_resume, RemoteArgsDom, remote_dec_args_dom, W),
        P(DOMAIN_SET_AUTOSTART, remote_domain_set_autostart, RemoteArgsDomInt, remote_dec_args_dom_int, W),

        /* domains: resources (pSeries dynamic reconfiguration of CPUs and memory) */
        P(DOMAIN_SET_MAX_MEMORY, remote_domain_set_max_memory, RemoteArgsDomHyperFlags,
          remote_dec_args_dom_hyper, W),
        P(DOMAIN_SET_MEMORY, remote_domain_set_memory, RemoteArgsDomHyperFlags, remote_dec_args_dom_hyper, W),
        P(DOMAIN_SET_MEMORY_FLAGS, remote_domain_set_memory_flags, RemoteArgsDomHyperFlags,
          remote_dec_args_dom_hyper_flags, W),
        P(DOMAIN_SET_VCPUS, remote_domain_set_vcpus, RemoteArgsDomUintFlags, remote_dec_args_dom_uint, W),
        P(DOMAIN_SET_VCPUS_FLAGS, remote_domain_set_vcpus_flags, RemoteArgsDomUintFlags,
          remote_dec_args_dom_uint_flags, W),

        /* domains: devices (pSeries dynamic reconfiguration) */
        P(DOMAIN_ATTACH_DEVICE, remote_domain_attach_device, RemoteArgsDomStringFlags,
          remote_dec_args_dom_string, W),
        P(DOMAIN_ATTACH_DEVICE_FLAGS, remote_domain_attach_device_flags, RemoteArgsDomStringFlags,
          remote_dec_args_dom_string_flags, W),
        P(DOMAIN_DETACH_DEVICE, remote_domain_detach_device, RemoteArgsDomStringFlags,
          remote_dec_args_dom_string, W),
        P(DOMAIN_DETACH_DEVICE_FLAGS, remote_domain_detach_device_flags, RemoteArgsDomStringFlags,
          remote_dec_args_dom_string_flags, W),
        P(DOMAIN_UPDATE_DEVICE_FLAGS, remote_domain_update_device_flags, RemoteArgsDomStringFlags,
          remote_dec_args_dom_string_flags, W),

        /* domains: state */
        P(DOMAIN_GET_INFO, remote_domain_get_info, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_GET_STATE, remote_domain_get_state, RemoteArgsDomFlags, remote_dec_args_dom_flags, R),
        P(DOMAIN_GET_XML_DESC, remote_domain_get_xml_desc, RemoteArgsDomFlags, remote_dec_args_dom_flags, R),
        P(DOMAIN_GET_OS_TYPE, remote_domain_get_os_type, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_GET_MAX_MEMORY, remote_domain_get_max_memory, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_GET_MAX_VCPUS, remote_domain_get_max_vcpus, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_GET_VCPUS_FLAGS, remote_domain_get_vcpus_flags, RemoteArgsDomFlags, remote_dec_args_dom_flags, R),
        P(DOMAIN_IS_ACTIVE, remote_domain_is_active, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_IS_PERSISTENT, remote_domain_is_persistent, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_IS_UPDATED, remote_domain_is_updated, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_GET_AUTOSTART, remote_domain_get_autostart, RemoteArgsDom, remote_dec_args_dom, R),
        P(DOMAIN_HAS_MANAGED_SAVE_IMAGE, remote_domain_has_managed_save_image, RemoteArgsDomFlags,
          remote_dec_args_dom_flags, R),

        P(CONNECT_GET_ALL_DOMAIN_STATS, remote_connect_get_all_domain_stats, RemoteArgsAllDomainStats,
          remote_dec_args_all_domain_stats, R),

        /* console (a stream; opening a device needs write access, as in libvirt) */
        P(DOMAIN_OPEN_CONSOLE, remote_domain_open_console, RemoteArgsOpenConsole, remote_dec_args_open_console, W),

        /* events */
        P(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, remote_connect_domain_event_callback_register_any,
          RemoteArgsEventRegister, remote_dec_args_event_register, R),
        P(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, remote_connect_domain_event_callback_deregister_any,
          RemoteArgsInt, remote_dec_args_int, R),
};

const RpcProgram remote_program = {
        .program = RPC_PROGRAM_REMOTE,
        .version = RPC_PROTOCOL_VERSION_REMOTE,
        .procs = remote_procedures,
        .n_procs = G_N_ELEMENTS(remote_procedures),
};
