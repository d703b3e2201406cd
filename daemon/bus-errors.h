/* bus-errors.h: the D-Bus error names of org.pseriesd1 and the errno each
 * maps to (registered with sd_bus_error_add_map so that sd-bus clients get
 * sensible errnos).  Part of daemon/; used by the D-Bus objects. */
#pragma once

#include <systemd/sd-bus.h>

#define PSERIESD_ERROR_NO_SUCH_MACHINE "org.pseriesd1.Error.NoSuchMachine"
#define PSERIESD_ERROR_INVALID_CONFIG  "org.pseriesd1.Error.InvalidConfig"
#define PSERIESD_ERROR_INVALID_STATE   "org.pseriesd1.Error.InvalidState"
#define PSERIESD_ERROR_ALREADY_EXISTS  "org.pseriesd1.Error.AlreadyExists"
#define PSERIESD_ERROR_FAILED          "org.pseriesd1.Error.Failed"
#define PSERIESD_ERROR_NOT_SUPPORTED   "org.pseriesd1.Error.NotSupported"

extern const sd_bus_error_map pseriesd_bus_error_map[];

/* The error name for a negative errno from the domain store / workers:
 * -ENOENT NoSuchMachine, -EINVAL/-EOPNOTSUPP/-E2BIG InvalidConfig,
 * -EEXIST AlreadyExists, -EBUSY InvalidState, else Failed. */
const char *pseriesd_error_name_from_errno(int error);
