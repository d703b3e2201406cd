/* machine/tce.h: translation control entry (TCE) tables, the IOMMU of the
 * PAPR platform. A device with DMA gets a window of I/O bus addresses
 * (identified by its LIOBN, described by ibm,my-dma-window); the OS maps
 * 4 KiB pages of its memory into the window with H_PUT_TCE & co. ("hcall-tce",
 * "hcall-multi-tce"), and the device's DMA goes through
 * spapr_tce_dma_read/write, which check every page's permission. A TCE is
 * the guest real address of the page with bit 0 "device may read" and bit 1
 * "device may write" (Linux's TCE_PCI_READ / TCE_PCI_WRITE). */
#ifndef PSERIES_MACHINE_TCE_H
#define PSERIES_MACHINE_TCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

#define SPAPR_TCE_PAGE_SHIFT 12
#define SPAPR_TCE_READ 0x1ull
#define SPAPR_TCE_WRITE 0x2ull
#define SPAPR_VIO_DMA_WINDOW (256ull << 20) /* QEMU's VIO window size */

struct spapr_tce_table;

/* A window of 'size' bytes (multiple of 4 KiB, at most 4 GiB) at bus
 * address 0 for 'liobn'. -EEXIST, -EINVAL, -ENOMEM. */
int spapr_tce_table_create(struct spapr_machine *m, uint32_t liobn, uint64_t size);

/* DMA through the window: 0, -EINVAL (no such window, outside it),
 * -EPERM (a page not mapped for this direction), -EFAULT (maps outside
 * RAM). Nothing is copied unless the whole range is allowed. */
int spapr_tce_dma_read(struct spapr_machine *m, uint32_t liobn, uint64_t ioba, void *buf, uint64_t len);
int spapr_tce_dma_write(struct spapr_machine *m, uint32_t liobn, uint64_t ioba, const void *buf,
                        uint64_t len);

/* ibm,my-dma-window and the DMA cell counts for a device node. */
int spapr_tce_fdt_window(struct spapr_machine *m, uint32_t liobn, void *fdt, int node);

int spapr_tce_register_hcalls(struct spapr_machine *m);
void spapr_tce_destroy_all(struct spapr_machine *m);
void spapr_tce_reset(struct spapr_machine *m);

struct vmstate_buf;
int spapr_tce_save(struct spapr_machine *m, struct vmstate_buf *b);
int spapr_tce_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry);

#endif
