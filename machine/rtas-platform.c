/* machine/rtas-platform.c: the RTAS calls about the platform as a whole:
 * display-character, power-off, system-reboot, ibm,os-term,
 * ibm,nmi-register and ibm,nmi-interlock (firmware-assisted NMI, LoPAR
 * "FWNMI"). Argument counts follow LoPAR as Linux uses them
 * (arch/powerpc/kernel/rtas.c, platforms/pseries/ras.c). */
#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"

/* display-character: 1 arg (character), 1 ret. */
static void rtas_display_character(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    if (c->args[0] > 0xff) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    uint8_t ch = (uint8_t)c->args[0];
    if (m->ops.console_write)
        m->ops.console_write(m->ops.opaque, &ch, 1);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* power-off: 2 args (power-on mask, two halves), 1 ret. */
static void rtas_power_off(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    spapr_machine_exit_request(m, SPAPR_EXIT_POWER_OFF);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* system-reboot: 0 args, 1 ret. */
static void rtas_system_reboot(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    spapr_machine_exit_request(m, SPAPR_EXIT_REBOOT);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* ibm,os-term: 1 arg (guest address of a NUL-terminated message), 1 ret.
 * With ibm,extended-os-term in /rtas the call returns to the OS, which then
 * stops by itself; the machine records the panic. */
static void rtas_os_term(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    char msg[256];
    int n = guest_ram_read_string(&m->ram, c->args[0], msg, sizeof(msg));
    if (n == -EFAULT) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    if (n < 0) { /* longer than we log: keep its start */
        guest_ram_read(&m->ram, c->args[0], msg, sizeof(msg) - 1);
        msg[sizeof(msg) - 1] = '\0';
    }
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            *p = '?';
    spapr_machine_log(m, _("the guest terminated (ibm,os-term): %s%s"), msg, n < 0 ? "..." : "");
    spapr_machine_exit_request(m, SPAPR_EXIT_PANIC);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* ibm,nmi-register: 2 args (system-reset and machine-check handler real
 * addresses), 1 ret. Both must lie in guest RAM. */
static void rtas_nmi_register(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    (void)vcpu;
    uint64_t sreset = c->args[0], mce = c->args[1];
    if (!guest_ram_range_ok(&m->ram, sreset, 4) || !guest_ram_range_ok(&m->ram, mce, 4)) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    pthread_mutex_lock(&m->nmi_lock);
    m->fwnmi_system_reset = sreset;
    m->fwnmi_machine_check = mce;
    pthread_mutex_unlock(&m->nmi_lock);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

/* ibm,nmi-interlock: 0 args, 1 ret. Releases the machine-check interlock
 * held by the calling vCPU; without a registration or an interlock held by
 * the caller it is a parameter error. */
static void rtas_nmi_interlock(struct spapr_machine *m, unsigned vcpu, struct spapr_rtas_call *c)
{
    pthread_mutex_lock(&m->nmi_lock);
    if (m->fwnmi_machine_check == UINT64_MAX || m->fwnmi_interlock != (int64_t)vcpu) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
    } else {
        m->fwnmi_interlock = -1;
        c->rets[0] = RTAS_OUT_SUCCESS;
    }
    pthread_mutex_unlock(&m->nmi_lock);
}

int spapr_rtas_platform_register(struct spapr_machine *m)
{
    int r;
    if ((r = spapr_rtas_register(m, "display-character", 1, 1, 1, 1, rtas_display_character)) < 0 ||
        (r = spapr_rtas_register(m, "power-off", 2, 2, 1, 1, rtas_power_off)) < 0 ||
        (r = spapr_rtas_register(m, "system-reboot", 0, 0, 1, 1, rtas_system_reboot)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,os-term", 1, 1, 1, 1, rtas_os_term)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,nmi-register", 2, 2, 1, 1, rtas_nmi_register)) < 0 ||
        (r = spapr_rtas_register(m, "ibm,nmi-interlock", 0, 0, 1, 1, rtas_nmi_interlock)) < 0)
        return r;
    return 0;
}
