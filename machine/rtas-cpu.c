/* machine/rtas-cpu.c: the RTAS calls that start and stop vCPUs, as Linux's
 * pseries SMP bring-up and CPU offlining use them (platforms/pseries/smp.c,
 * hotplug-cpu.c): start-cpu (3 args: server number, real-mode entry, r3;
 * 1 ret), stop-self (0 args, 1 ret; does not return to the caller), and
 * query-cpu-stopped-state (1 arg; 2 rets: status and 0 stopped / 2 not
 * stopped). The machine keeps the run state; the engine does the starting
 * and stopping through ops.start_vcpu / ops.stop_vcpu. */
#include <errno.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"

static void rtas_start_cpu(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    uint32_t id = c->args[0];
    uint64_t entry = c->args[1], r3 = c->args[2];
    if (!spapr_vcpu_valid(m, id) || !guest_ram_range_ok(&m->ram, entry, 4)) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    pthread_mutex_lock(&m->vcpu_lock);
    int r = -EBUSY;
    if (m->vcpus[id].run_state == SPAPR_VCPU_STOPPED) {
        r = m->ops.start_vcpu ? m->ops.start_vcpu(m->ops.opaque, id, entry, r3) : -ENOSYS;
        if (r == 0)
            m->vcpus[id].run_state = SPAPR_VCPU_NOT_STOPPED;
    }
    pthread_mutex_unlock(&m->vcpu_lock);
    /* Already running, or the engine could not start it: hardware error. */
    c->rets[0] = r == 0 ? RTAS_OUT_SUCCESS : (uint32_t)RTAS_OUT_HW_ERROR;
}

static void rtas_stop_self(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    pthread_mutex_lock(&m->vcpu_lock);
    m->vcpus[vcpu].run_state = SPAPR_VCPU_STOPPED;
    if (m->ops.stop_vcpu)
        m->ops.stop_vcpu(m->ops.opaque, vcpu);
    pthread_mutex_unlock(&m->vcpu_lock);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

static void rtas_query_cpu_stopped_state(struct spapr_machine *m, unsigned vcpu,
                                         struct spapr_rtas_call *c)
{
    (void)vcpu;
    uint32_t id = c->args[0];
    if (!spapr_vcpu_valid(m, id)) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    pthread_mutex_lock(&m->vcpu_lock);
    c->rets[1] = m->vcpus[id].run_state;
    pthread_mutex_unlock(&m->vcpu_lock);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

int spapr_rtas_cpu_register(struct spapr_machine *m)
{
    int r;
    if ((r = spapr_rtas_register(m, "query-cpu-stopped-state", 1, 1, 2, 2,
                                 rtas_query_cpu_stopped_state)) < 0 ||
        (r = spapr_rtas_register(m, "start-cpu", 3, 3, 1, 1, rtas_start_cpu)) < 0 ||
        (r = spapr_rtas_register(m, "stop-self", 0, 0, 1, 1, rtas_stop_self)) < 0)
        return r;
    return 0;
}
