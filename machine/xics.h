/* machine/xics.h: the XICS interrupt controller in software (LoPAR "Interrupt
 * Presentation" and "Interrupt Source" layers): one ICP per interrupt server
 * (vCPU) with CPPR, XISR, MFRR, and one ICS holding the machine's interrupt
 * sources (numbers XICS_IRQ_BASE..) with their server, priority and state.
 * The guest drives it with H_CPPR, H_EOI, H_XIRR, H_XIRR_X, H_IPI, H_IPOLL
 * (xics-hcall.c) and RTAS ibm,set-xive/get-xive/int-on/int-off
 * (xics-rtas.c). Devices raise their sources with xics_irq_set(). The ICP
 * drives each vCPU's external interrupt line through the machine's
 * set_external_irq callback, which the engine implements. */
#ifndef PSERIES_MACHINE_XICS_H
#define PSERIES_MACHINE_XICS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct spapr_machine;
struct vmstate_buf;

#define XICS_IRQ_SPURIOUS 0
#define XICS_IPI 2
#define XICS_IRQ_BASE 0x1000u /* first ICS source number (as QEMU's sPAPR) */
#define XICS_NR_IRQS 0x1000u
#define XICS_PRIO_MASKED 0xff

/* Fixed source numbers of the machine (QEMU's sPAPR numbering). */
#define SPAPR_IRQ_EPOW (XICS_IRQ_BASE + 0x0)
#define SPAPR_IRQ_HOTPLUG (XICS_IRQ_BASE + 0x1)
#define SPAPR_IRQ_VIO (XICS_IRQ_BASE + 0x100) /* first VIO device interrupt */

struct xics_icp {
    uint32_t xirr;            /* CPPR << 24 | XISR */
    uint8_t pending_priority; /* priority of the interrupt in XISR */
    uint8_t mfrr;
    uint8_t output;           /* level of the vCPU's external interrupt line */
};

#define XICS_SRC_CLAIMED 0x01
#define XICS_SRC_LSI 0x02
#define XICS_SRC_ASSERTED 0x04     /* LSI line level */
#define XICS_SRC_SENT 0x08         /* LSI presented, waiting for EOI */
#define XICS_SRC_REJECTED 0x10     /* to be re-presented on resend */
#define XICS_SRC_MASKED_PENDING 0x20

struct xics_source {
    uint32_t server;
    uint8_t priority;
    uint8_t saved_priority;
    uint8_t flags;
};

struct spapr_xics {
    pthread_mutex_t lock;
    uint32_t nr_servers;
    struct xics_icp *icp;
    uint32_t nr_irqs;
    struct xics_source *src; /* index = irq - XICS_IRQ_BASE */
};

int xics_init(struct spapr_machine *m, uint32_t nr_servers);
void xics_fini(struct spapr_xics *x);
/* Back to the reset state (claims kept), lines lowered. */
void xics_reset(struct spapr_machine *m);

/* Claim a source (edge/MSI or level/LSI). 0, -EBUSY, -EINVAL. */
int xics_claim(struct spapr_machine *m, uint32_t irq, bool lsi);
/* Next free source at or after 'from'; 0 when none. */
uint32_t xics_find_free(const struct spapr_machine *m, uint32_t from);

/* Device side: level 1 raises (an edge source fires on each call with
 * level 1), 0 lowers an LSI. */
void xics_irq_set(struct spapr_machine *m, uint32_t irq, int level);

/* Guest side, also used by the hcall and RTAS wrappers (all take the lock). */
uint32_t xics_icp_accept(struct spapr_machine *m, uint32_t server); /* H_XIRR */
void xics_icp_set_cppr(struct spapr_machine *m, uint32_t server, uint8_t cppr);
void xics_icp_set_mfrr(struct spapr_machine *m, uint32_t server, uint8_t mfrr);
void xics_icp_eoi(struct spapr_machine *m, uint32_t server, uint32_t xirr);
int xics_set_xive(struct spapr_machine *m, uint32_t irq, uint32_t server, uint8_t priority);
int xics_get_xive(struct spapr_machine *m, uint32_t irq, uint32_t *server, uint8_t *priority);
int xics_int_off(struct spapr_machine *m, uint32_t irq);
int xics_int_on(struct spapr_machine *m, uint32_t irq);

int xics_register_hcalls(struct spapr_machine *m);
int xics_register_rtas(struct spapr_machine *m);
/* /interrupt-controller node (IBM,ppc-xicp), phandle returned in *phandle. */
int xics_fdt(struct spapr_machine *m, void *fdt, uint32_t *phandle);

int xics_save(struct spapr_machine *m, struct vmstate_buf *b);
int xics_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos);
int xics_check(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos);

#endif
