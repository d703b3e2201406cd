/* log.h: the daemon's logging to stderr (the journal under systemd), with
 * sd-daemon(3) priority prefixes so journald keeps the level.  Part of
 * daemon/ (pseriesd); used by every daemon file. */
#pragma once

#include <systemd/sd-daemon.h>

void pseriesd_log(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...)   pseriesd_log(SD_ERR, __VA_ARGS__)
#define log_warning(...) pseriesd_log(SD_WARNING, __VA_ARGS__)
#define log_notice(...)  pseriesd_log(SD_NOTICE, __VA_ARGS__)
#define log_info(...)    pseriesd_log(SD_INFO, __VA_ARGS__)
