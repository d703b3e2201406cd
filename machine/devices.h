/* machine/devices.h: constructors and host-side interfaces of the machine's
 * standard devices and RTAS services: the VIO console (spapr-vty), the
 * random number generator (H_RANDOM), NVRAM, the RTC, and the platform
 * RTAS calls. Each lives in its own file; machine.c calls these at
 * creation. */
#ifndef PSERIES_MACHINE_DEVICES_H
#define PSERIES_MACHINE_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spapr_machine;
struct spapr_vty;
struct vmstate_desc;

/* vty.c: a spapr-vty at unit address 'reg' (0: next free). The first one
 * becomes m->vty, terminal number 0, and writes to ops.console_write. */
int spapr_vty_create(struct spapr_machine *m, uint32_t reg, struct spapr_vty **out);
int spapr_vty_register_hcalls(struct spapr_machine *m);
/* Queue host input for the guest; returns the number of bytes accepted
 * (the ring may be full). */
size_t spapr_vty_input(struct spapr_machine *m, struct spapr_vty *vty, const uint8_t *buf, size_t len);
/* Take up to len queued input bytes (the OF client interface's read). */
size_t spapr_vty_read(struct spapr_vty *vty, uint8_t *buf, size_t len);
/* Free space in the input ring. */
size_t spapr_vty_input_room(struct spapr_vty *vty);
uint32_t spapr_vty_reg(const struct spapr_vty *vty);

/* rng.c: the ibm,random-v1 device and H_RANDOM ("hcall-rng"). */
int spapr_rng_create(struct spapr_machine *m);

/* nvram.c: the NVRAM device (qemu,spapr-nvram) and RTAS nvram-fetch /
 * nvram-store. Backed by cfg.nvram_path when set: an existing file is used
 * as is (size taken from the file), a missing or empty one is created and
 * formatted. */
int spapr_nvram_create(struct spapr_machine *m);
/* Write the NVRAM image back to its file (also done at every store). */
int spapr_nvram_flush(struct spapr_machine *m);
/* nvram-format.c: format a fresh image of 'size' bytes (multiple of 16)
 * the way IBM firmware leaves it for the OS. */
int spapr_nvram_format(uint8_t *image, size_t size);
/* The header checksum of LoPAR's NVRAM partition header (16 bytes). */
uint8_t spapr_nvram_header_checksum(const uint8_t hdr[16]);
#define SPAPR_NVRAM_DEFAULT_SIZE 0x10000u
#define SPAPR_NVRAM_MIN_SIZE 0x2000u
#define SPAPR_NVRAM_MAX_SIZE 0x100000u

/* rtc.c: get-time-of-day / set-time-of-day with a guest-settable offset
 * from the host clock. */
int spapr_rtc_create(struct spapr_machine *m);
void spapr_rtc_destroy(struct spapr_machine *m);
extern const struct vmstate_desc spapr_rtc_vmsd;
/* Guest time now, in seconds and nanoseconds since the epoch. */
void spapr_rtc_read(struct spapr_machine *m, int64_t *sec, uint32_t *nsec);

/* rtas-platform.c: display-character, power-off, system-reboot,
 * ibm,os-term, ibm,nmi-register,
 * ibm,nmi-interlock. rtas-sysparm.c: ibm,get-system-parameter. */
int spapr_rtas_platform_register(struct spapr_machine *m);
/* rtas-cpu.c: start-cpu, stop-self, query-cpu-stopped-state. */
int spapr_rtas_cpu_register(struct spapr_machine *m);
/* splpar.c: H_REGISTER_VPA, H_CEDE, H_CONFER, H_PROD ("hcall-splpar"). */
int spapr_splpar_register_hcalls(struct spapr_machine *m);
/* events.c: EPOW events (event-scan, check-exception, get-sensor-state). */
int spapr_events_create(struct spapr_machine *m);
void spapr_events_destroy(struct spapr_machine *m);
void spapr_events_reset(struct spapr_machine *m);
/* Ask the OS for an orderly shutdown (EPOW "system shutdown, normal");
 * -EBUSY when too many events are already queued. */
int spapr_event_request_shutdown(struct spapr_machine *m);
struct vmstate_buf;
int spapr_events_save(struct spapr_machine *m, struct vmstate_buf *b);
int spapr_events_load(struct spapr_machine *m, const uint8_t *data, size_t len, size_t *pos, bool dry);
/* cpu-char.c: H_GET_CPU_CHARACTERISTICS. */
int spapr_cpu_char_register_hcalls(struct spapr_machine *m);
/* proc-table.c: H_REGISTER_PROC_TBL. */
int spapr_proc_table_register_hcalls(struct spapr_machine *m);
/* set-mode.c: H_SET_MODE ("hcall-set-mode"). */
int spapr_set_mode_register_hcalls(struct spapr_machine *m);
int spapr_rtas_sysparm_register(struct spapr_machine *m);

#endif
