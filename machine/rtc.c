/* machine/rtc.c: the partition's time-of-day clock behind RTAS
 * get-time-of-day (0 args; 8 rets: status, year, month, day, hour, minute,
 * second, nanoseconds) and set-time-of-day (7 args in the same order; 1
 * ret). The guest's clock is the host's CLOCK_REALTIME plus an offset the
 * guest sets; the offset is the device state that is saved. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"
#include "vmstate.h"

struct spapr_rtc {
    pthread_mutex_t lock;
    int64_t offset_ns; /* guest time - host time */
};

static const struct vmstate_field rtc_fields[] = {
    VMSTATE_UINT(struct spapr_rtc, offset_ns, 1),
};
const struct vmstate_desc spapr_rtc_vmsd = {"spapr-rtc", 1, 1, rtc_fields, 1};

static int64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void spapr_rtc_read(struct spapr_machine *m, int64_t *sec, uint32_t *nsec)
{
    pthread_mutex_lock(&m->rtc->lock);
    int64_t t = host_ns() + m->rtc->offset_ns;
    pthread_mutex_unlock(&m->rtc->lock);
    int64_t s = t / 1000000000, ns = t % 1000000000;
    if (ns < 0) {
        ns += 1000000000;
        s--;
    }
    *sec = s;
    *nsec = (uint32_t)ns;
}

static void rtas_get_time_of_day(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    int64_t sec;
    uint32_t nsec;
    spapr_rtc_read(m, &sec, &nsec);
    time_t t = (time_t)sec;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        c->rets[0] = (uint32_t)RTAS_OUT_HW_ERROR;
        return;
    }
    c->rets[0] = RTAS_OUT_SUCCESS;
    c->rets[1] = (uint32_t)(tm.tm_year + 1900);
    c->rets[2] = (uint32_t)(tm.tm_mon + 1);
    c->rets[3] = (uint32_t)tm.tm_mday;
    c->rets[4] = (uint32_t)tm.tm_hour;
    c->rets[5] = (uint32_t)tm.tm_min;
    c->rets[6] = (uint32_t)tm.tm_sec;
    c->rets[7] = nsec;
}

static bool leap(uint32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void rtas_set_time_of_day(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    static const uint8_t mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t year = c->args[0], mon = c->args[1], day = c->args[2];
    uint32_t hour = c->args[3], min = c->args[4], sec = c->args[5], ns = c->args[6];
    /* The clock counts nanoseconds in 64 bits: 1970 up to 2261. */
    if (year < 1970 || year > 2261 || mon < 1 || mon > 12 || day < 1 ||
        day > (uint32_t)mdays[mon - 1] + (mon == 2 && leap(year)) || hour > 23 || min > 59 || sec > 59 ||
        ns > 999999999) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    struct tm tm = {
        .tm_year = (int)year - 1900, .tm_mon = (int)mon - 1, .tm_mday = (int)day,
        .tm_hour = (int)hour, .tm_min = (int)min, .tm_sec = (int)sec,
    };
    int64_t guest = (int64_t)timegm(&tm) * 1000000000 + ns;
    pthread_mutex_lock(&m->rtc->lock);
    m->rtc->offset_ns = guest - host_ns();
    pthread_mutex_unlock(&m->rtc->lock);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

int spapr_rtc_create(struct spapr_machine *m)
{
    struct spapr_rtc *rtc = calloc(1, sizeof(*rtc));
    if (!rtc)
        return -ENOMEM;
    pthread_mutex_init(&rtc->lock, NULL);
    m->rtc = rtc;
    int r;
    if ((r = spapr_rtas_register(m, "get-time-of-day", 0, 0, 8, 8, rtas_get_time_of_day)) < 0 ||
        (r = spapr_rtas_register(m, "set-time-of-day", 7, 7, 1, 1, rtas_set_time_of_day)) < 0)
        return r;
    return 0;
}

void spapr_rtc_destroy(struct spapr_machine *m)
{
    if (!m->rtc)
        return;
    pthread_mutex_destroy(&m->rtc->lock);
    free(m->rtc);
    m->rtc = NULL;
}
