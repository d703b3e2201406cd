/* polkit.h: authorisation of control calls on org.pseriesd1.
 *
 * Part of daemon/; called by every control method after it validated its
 * arguments.  Rules: on the session bus (--user) only the daemon's own user
 * may control.  On the system bus root and members of the group pseriesd
 * may; anyone else needs the polkit action org.pseriesd1.manage, asked
 * asynchronously: the method call is parked, polkit's answer is recorded
 * and the call is dispatched again (sd_bus_enqueue_for_read), so that the
 * handler runs a second time and finds the answer.
 */
#pragma once

#include <stdbool.h>

#include <systemd/sd-bus.h>

#define PSERIESD_POLKIT_ACTION_MANAGE "org.pseriesd1.manage"

struct polkit_registry;

struct polkit_registry *polkit_registry_new(sd_bus *bus, bool system_bus);
void polkit_registry_free(struct polkit_registry *reg);

/* 1: authorised, go on.  0: asked polkit, return 1 from the handler without
 * replying (it will be called again).  <0: denied, `error` is set. */
int polkit_authorize(struct polkit_registry *reg, sd_bus_message *call, const char *action,
                     sd_bus_error *error);

/* The same, but waits for polkit (for property setters, which cannot defer
 * their reply).  1 or <0. */
int polkit_authorize_sync(struct polkit_registry *reg, sd_bus_message *call, const char *action,
                          sd_bus_error *error);
