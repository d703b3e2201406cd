/* machine/events.c: platform events for the guest, starting with the
 * environmental and power warning (EPOW) that asks the OS for an orderly
 * shutdown (what `virsh shutdown` means for a pSeries guest). An event is
 * queued, the EPOW interrupt (/event-sources/epow-events) is signalled, and
 * the OS fetches the event with RTAS check-exception as an
 * RTAS error log: the 8-byte fixed part (version 6, type EPOW 0x40), the
 * version 6 extended log header (PowerPC format, event-log format 14,
 * company "IBM"), then the sections Main-A ("PH"), Main-B ("UH") and EPOW
 * ("EP": sensor value 3 = system shutdown, modifier 1 = normal). Layouts:
 * LoPAR "RTAS Error/Event Return Format"; what Linux reads is in
 * arch/powerpc/platforms/pseries/ras.c. get-sensor-state reports the EPOW
 * sensor (token 9) as Linux's EPOW interrupt handler reads it. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"
#include "vmstate.h"
#include "xics.h"

#define EVENT_MAX 8
#define EVENT_LOG_SIZE (8 + 16 + 48 + 24 + 20)

#define RTAS_EPOW_WARNING_MASK 0x40000000u /* event-scan / check-exception class */
#define EPOW_SENSOR_TOKEN 9
#define EPOW_SYSTEM_SHUTDOWN 3
#define EPOW_SHUTDOWN_NORMAL 1

struct spapr_events {
    pthread_mutex_t lock;
    uint8_t log[EVENT_MAX][EVENT_LOG_SIZE];
    unsigned count;
    uint32_t next_id;
    uint8_t epow_state; /* EPOW sensor value while an event is pending */
};

static const struct vmstate_field events_fields[] = {
    VMSTATE_BYTES(struct spapr_events, log, 1),
    VMSTATE_UINT(struct spapr_events, count, 1),
    VMSTATE_UINT(struct spapr_events, next_id, 1),
    VMSTATE_UINT(struct spapr_events, epow_state, 1),
};
static const struct vmstate_desc events_desc = {"spapr-events", 1, 1, events_fields, 4};

int spapr_events_save(struct spapr_machine *m, struct vmstate_buf *b)
{
    pthread_mutex_lock(&m->events->lock);
    int r = vmstate_save(&events_desc, m->events, b);
    pthread_mutex_unlock(&m->events->lock);
    return r;
}

int spapr_events_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry)
{
    struct spapr_events *e = m->events;
    pthread_mutex_lock(&e->lock);
    int r = dry ? vmstate_check(&events_desc, e, data, len, pos) : vmstate_load(&events_desc, e, data, len, pos);
    if (!r && !dry && e->count > EVENT_MAX)
        e->count = EVENT_MAX; /* a count beyond the queue would read past it */
    pthread_mutex_unlock(&e->lock);
    return r;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

static uint8_t bcd(unsigned v)
{
    return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

static void section_header(uint8_t *p, char a, char b, uint16_t len)
{
    p[0] = (uint8_t)a;
    p[1] = (uint8_t)b;
    put16(p + 2, len);
    p[4] = 1; /* version */
    p[5] = 0; /* subtype */
    put16(p + 6, 0); /* creator component */
}

static void build_epow_log(struct spapr_machine *m, uint8_t *log, uint32_t id)
{
    memset(log, 0, EVENT_LOG_SIZE);
    /* Fixed part: version 6; severity event (1), not recovered (2),
     * extended log present; type EPOW. */
    log[0] = 6;
    log[1] = 1 << 5 | 2 << 3 | 0x04;
    log[2] = 0;
    log[3] = 0x40;
    put32(log + 4, EVENT_LOG_SIZE - 8);
    /* Extended log header: valid, new, big-endian; PowerPC format, event
     * log format 14; company "IBM". */
    uint8_t *ext = log + 8;
    ext[0] = 0x80 | 0x04 | 0x02;
    ext[2] = 0x80 | 14;
    put32(ext + 12, ('I' << 24) | ('B' << 16) | ('M' << 8));
    /* Main-A: creation and commit date/time (BCD), creator 'H'
     * (hypervisor), three sections, platform log id. */
    uint8_t *ph = ext + 16;
    section_header(ph, 'P', 'H', 48);
    int64_t sec;
    uint32_t nsec;
    spapr_rtc_read(m, &sec, &nsec);
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    unsigned year = (unsigned)tm.tm_year + 1900;
    uint8_t date[4] = {bcd(year / 100), bcd(year % 100), bcd((unsigned)tm.tm_mon + 1), bcd((unsigned)tm.tm_mday)};
    uint8_t hms[4] = {bcd((unsigned)tm.tm_hour), bcd((unsigned)tm.tm_min), bcd((unsigned)tm.tm_sec),
                      bcd(nsec / 10000000)};
    memcpy(ph + 8, date, 4);
    memcpy(ph + 12, hms, 4);
    memcpy(ph + 16, date, 4);
    memcpy(ph + 20, hms, 4);
    ph[24] = 'H';
    ph[27] = 3;
    put32(ph + 32, id);
    /* Main-B: power subsystem, informational, environmental/power warning. */
    uint8_t *uh = ph + 48;
    section_header(uh, 'U', 'H', 24);
    uh[8] = 0x61;  /* subsystem: power/cooling */
    uh[10] = 0x00; /* event severity: informational */
    uh[11] = 0xd0; /* event subtype: environmental and power warning */
    /* EPOW: action and modifier. */
    uint8_t *ep = uh + 24;
    section_header(ep, 'E', 'P', 20);
    ep[8] = EPOW_SYSTEM_SHUTDOWN;
    ep[9] = EPOW_SHUTDOWN_NORMAL;
}

int spapr_event_request_shutdown(struct spapr_machine *m)
{
    struct spapr_events *e = m->events;
    pthread_mutex_lock(&e->lock);
    int r = -EBUSY;
    if (e->count < EVENT_MAX) {
        build_epow_log(m, e->log[e->count++], ++e->next_id);
        e->epow_state = EPOW_SYSTEM_SHUTDOWN;
        r = 0;
    }
    pthread_mutex_unlock(&e->lock);
    if (r == 0)
        xics_irq_set(m, SPAPR_IRQ_EPOW, 1);
    return r;
}

/* Hand the oldest pending event of the requested class to the guest's
 * buffer: 0 (event returned) or 1 (none), -3 for a bad buffer. */
static uint32_t take_event(struct spapr_machine *m, uint32_t mask, uint32_t addr, uint32_t len)
{
    struct spapr_events *e = m->events;
    /* 'mask' 0 validates the buffer and takes nothing. */
    if (len == 0 || !guest_ram_range_ok(&m->ram, addr, len))
        return (uint32_t)RTAS_OUT_PARAM_ERROR;
    if (!(mask & RTAS_EPOW_WARNING_MASK))
        return RTAS_OUT_NO_ERRORS_FOUND;
    pthread_mutex_lock(&e->lock);
    uint32_t st = RTAS_OUT_NO_ERRORS_FOUND;
    bool more = false;
    if (e->count) {
        guest_ram_write(&m->ram, addr, e->log[0], len < EVENT_LOG_SIZE ? len : EVENT_LOG_SIZE);
        memmove(e->log[0], e->log[1], (size_t)(e->count - 1) * EVENT_LOG_SIZE);
        e->count--;
        more = e->count > 0;
        st = RTAS_OUT_SUCCESS;
    }
    pthread_mutex_unlock(&e->lock);
    if (more)
        xics_irq_set(m, SPAPR_IRQ_EPOW, 1);
    return st;
}

/* check-exception: 6 or 7 args (vector, info, event mask, critical, buffer,
 * length[, extended]), 1 ret. */
static void rtas_check_exception(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    c->rets[0] = take_event(m, c->args[2], c->args[4], c->args[5]);
}

/* event-scan: 4 args (event mask, critical, buffer, length), 1 ret.
 * Interrupt-signalled events are fetched with check-exception only: the
 * OS's periodic scan (Linux's rtasd) must not take an EPOW away from the
 * interrupt handler that acts on it. Nothing is left for the scan yet. */
static void rtas_event_scan(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    c->rets[0] = take_event(m, 0, c->args[2], c->args[3]);
}

/* get-sensor-state: 2 args (sensor token, index), 2 rets (status, state).
 * Only the EPOW sensor (token 9, index 0) exists here. */
static void rtas_get_sensor_state(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    if (c->args[0] != EPOW_SENSOR_TOKEN || c->args[1] != 0) {
        c->rets[0] = (uint32_t)RTAS_OUT_NOT_SUPPORTED;
        return;
    }
    pthread_mutex_lock(&m->events->lock);
    c->rets[1] = m->events->count ? m->events->epow_state : 0;
    pthread_mutex_unlock(&m->events->lock);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

void spapr_events_reset(struct spapr_machine *m)
{
    struct spapr_events *e = m->events;
    if (!e)
        return;
    pthread_mutex_lock(&e->lock);
    memset(e->log, 0, sizeof(e->log));
    e->count = 0;
    e->next_id = 0;
    e->epow_state = 0;
    pthread_mutex_unlock(&e->lock);
}

int spapr_events_create(struct spapr_machine *m)
{
    struct spapr_events *e = calloc(1, sizeof(*e));
    if (!e)
        return -ENOMEM;
    pthread_mutex_init(&e->lock, NULL);
    m->events = e;
    int r;
    if ((r = spapr_rtas_register(m, "event-scan", 4, 4, 1, 1, rtas_event_scan)) < 0 ||
        (r = spapr_rtas_register(m, "check-exception", 6, 7, 1, 1, rtas_check_exception)) < 0 ||
        (r = spapr_rtas_register(m, "get-sensor-state", 2, 2, 2, 2, rtas_get_sensor_state)) < 0)
        return r;
    return 0;
}

void spapr_events_destroy(struct spapr_machine *m)
{
    if (!m->events)
        return;
    pthread_mutex_destroy(&m->events->lock);
    free(m->events);
    m->events = NULL;
}
