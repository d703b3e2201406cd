/* remote-handlers.h: handlers of the libvirt "remote" program procedures.
 *
 * Part of the libvirt RPC server in daemon/.  Implemented in
 * remote-connect.c (connection and host), remote-domain.c (domains through
 * domain-backend.h) and remote-events.c (event callbacks); listed with their
 * flags and argument decoders in remote-program.c.
 */
#pragma once

#include "rpc-dispatch.h"

extern const RpcProgram remote_program;

#define REMOTE_HANDLER(n) int n(RpcCall *call, const void *args, XdrEncoder *ret)

/* remote-connect.c */
REMOTE_HANDLER(remote_auth_list);
REMOTE_HANDLER(remote_connect_supports_feature);
REMOTE_HANDLER(remote_connect_open);
REMOTE_HANDLER(remote_connect_close);
REMOTE_HANDLER(remote_connect_get_type);
REMOTE_HANDLER(remote_connect_get_version);
REMOTE_HANDLER(remote_connect_get_lib_version);
REMOTE_HANDLER(remote_connect_get_hostname);
REMOTE_HANDLER(remote_connect_get_uri);
REMOTE_HANDLER(remote_connect_get_max_vcpus);
REMOTE_HANDLER(remote_connect_is_secure);
REMOTE_HANDLER(remote_connect_get_capabilities);
REMOTE_HANDLER(remote_connect_get_domain_capabilities);
REMOTE_HANDLER(remote_connect_register_close_callback);
REMOTE_HANDLER(remote_connect_unregister_close_callback);
REMOTE_HANDLER(remote_node_get_info);
REMOTE_HANDLER(remote_node_get_free_memory);
REMOTE_HANDLER(remote_node_get_cells_free_memory);
REMOTE_HANDLER(remote_node_get_cpu_stats);
REMOTE_HANDLER(remote_node_get_memory_stats);
REMOTE_HANDLER(remote_node_get_security_model);

/* remote-domain.c */
REMOTE_HANDLER(remote_connect_list_all_domains);
REMOTE_HANDLER(remote_connect_num_of_domains);
REMOTE_HANDLER(remote_connect_list_domains);
REMOTE_HANDLER(remote_connect_num_of_defined_domains);
REMOTE_HANDLER(remote_connect_list_defined_domains);
REMOTE_HANDLER(remote_domain_lookup_by_id);
REMOTE_HANDLER(remote_domain_lookup_by_name);
REMOTE_HANDLER(remote_domain_lookup_by_uuid);
REMOTE_HANDLER(remote_domain_define_xml);
REMOTE_HANDLER(remote_domain_define_xml_flags);
REMOTE_HANDLER(remote_domain_undefine);
REMOTE_HANDLER(remote_domain_undefine_flags);
REMOTE_HANDLER(remote_domain_create);
REMOTE_HANDLER(remote_domain_create_with_flags);
REMOTE_HANDLER(remote_domain_create_xml);
REMOTE_HANDLER(remote_domain_destroy);
REMOTE_HANDLER(remote_domain_destroy_flags);
REMOTE_HANDLER(remote_domain_shutdown);
REMOTE_HANDLER(remote_domain_shutdown_flags);
REMOTE_HANDLER(remote_domain_reboot);
REMOTE_HANDLER(remote_domain_reset);
REMOTE_HANDLER(remote_domain_suspend);
REMOTE_HANDLER(remote_domain_resume);
REMOTE_HANDLER(remote_domain_get_info);
REMOTE_HANDLER(remote_domain_get_state);
REMOTE_HANDLER(remote_domain_get_xml_desc);
REMOTE_HANDLER(remote_domain_get_os_type);
REMOTE_HANDLER(remote_domain_get_max_memory);
REMOTE_HANDLER(remote_domain_get_max_vcpus);
REMOTE_HANDLER(remote_domain_get_vcpus_flags);
REMOTE_HANDLER(remote_domain_is_active);
REMOTE_HANDLER(remote_domain_is_persistent);
REMOTE_HANDLER(remote_domain_is_updated);
REMOTE_HANDLER(remote_domain_get_autostart);
REMOTE_HANDLER(remote_domain_set_autostart);
REMOTE_HANDLER(remote_domain_has_managed_save_image);
REMOTE_HANDLER(remote_domain_open_console);
REMOTE_HANDLER(remote_domain_attach_device);
REMOTE_HANDLER(remote_domain_attach_device_flags);
REMOTE_HANDLER(remote_domain_detach_device);
REMOTE_HANDLER(remote_domain_detach_device_flags);
REMOTE_HANDLER(remote_domain_update_device_flags);
REMOTE_HANDLER(remote_domain_set_max_memory);
REMOTE_HANDLER(remote_domain_set_memory);
REMOTE_HANDLER(remote_domain_set_memory_flags);
REMOTE_HANDLER(remote_domain_set_vcpus);
REMOTE_HANDLER(remote_domain_set_vcpus_flags);
REMOTE_HANDLER(remote_connect_get_all_domain_stats);

/* remote-events.c */
REMOTE_HANDLER(remote_connect_domain_event_callback_register_any);
REMOTE_HANDLER(remote_connect_domain_event_callback_deregister_any);
