/* bus-errors.c: D-Bus error names of org.pseriesd1 <-> errno (see
 * bus-errors.h). */
#include "bus-errors.h"

#include <errno.h>

const sd_bus_error_map pseriesd_bus_error_map[] = {
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_NO_SUCH_MACHINE, ENOENT),
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_INVALID_CONFIG, EINVAL),
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_INVALID_STATE, EBUSY),
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_ALREADY_EXISTS, EEXIST),
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_FAILED, EIO),
    SD_BUS_ERROR_MAP(PSERIESD_ERROR_NOT_SUPPORTED, EOPNOTSUPP),
    SD_BUS_ERROR_MAP_END,
};

const char *pseriesd_error_name_from_errno(int error)
{
    switch (error) {
    case -ENOENT:
        return PSERIESD_ERROR_NO_SUCH_MACHINE;
    case -EINVAL:
    case -EOPNOTSUPP:
    case -E2BIG:
        return PSERIESD_ERROR_INVALID_CONFIG;
    case -EEXIST:
        return PSERIESD_ERROR_ALREADY_EXISTS;
    case -EBUSY:
        return PSERIESD_ERROR_INVALID_STATE;
    default:
        return PSERIESD_ERROR_FAILED;
    }
}
