/* machine/cpu-models.h: what the device tree says about each supported
 * processor model: PVR, caches, SLB size, page-size encodings, the
 * ibm,pa-features bytes. The values are those QEMU's pseries machine
 * reports under TCG for the same -cpu (checked by tests/machine). */
#ifndef PSERIES_MACHINE_CPU_MODELS_H
#define PSERIES_MACHINE_CPU_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

struct spapr_cpu_model_info {
    const char *name; /* "POWER9" */
    uint32_t pvr;
    uint32_t l1_dcache_size, l1_icache_size, cache_line;
    uint32_t slb_size;
    int radix; /* ISA 3.0+: radix MMU and ibm,processor-radix-AP-encodings */
    const uint8_t *pa_features;
    size_t pa_features_len;
};

const struct spapr_cpu_model_info *spapr_cpu_model_info(enum spapr_cpu_model model);

#endif
