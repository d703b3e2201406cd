/* log.c: the daemon's logging (see log.h).  One line per message on stderr,
 * "<N>pseriesd: text" under systemd (JOURNAL_STREAM set), else
 * "pseriesd: text". */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void pseriesd_log(const char *prefix, const char *fmt, ...)
{
    va_list ap;

    if (getenv("JOURNAL_STREAM"))
        fputs(prefix, stderr);
    fputs("pseriesd: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
