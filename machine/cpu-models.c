/* machine/cpu-models.c: the per-model table of cpu-models.h. The
 * ibm,pa-features bytes follow LoPAR's "ibm,pa-features" layout (byte 0:
 * length of the attribute bytes, byte 1: type 0, then one bit per feature)
 * with the features QEMU's TCG pseries advertises for each model. */
#include "cpu-models.h"

#include <string.h>

static const uint8_t pa_power7[] = {0x06, 0x00, 0xf6, 0x3f, 0xc7, 0x00, 0x80, 0xc0};

static const uint8_t pa_power8[] = {
    0x18, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

/* POWER9 and POWER10: 66 attribute bytes (radix, ISA 3.0 features). */
static const uint8_t pa_power9[] = {
    0x42, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0xc0, 0x00, 0x80, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

static const struct spapr_cpu_model_info models[] = {
    [SPAPR_CPU_POWER7] = {"POWER7", 0x003f0203, 32768, 32768, 128, 32, 0, pa_power7, sizeof(pa_power7)},
    [SPAPR_CPU_POWER8] = {"POWER8", 0x004d0200, 32768, 32768, 128, 32, 0, pa_power8, sizeof(pa_power8)},
    [SPAPR_CPU_POWER9] = {"POWER9", 0x004e1200, 32768, 32768, 128, 32, 1, pa_power9, sizeof(pa_power9)},
    [SPAPR_CPU_POWER10] = {"POWER10", 0x00800200, 32768, 32768, 128, 32, 1, pa_power9, sizeof(pa_power9)},
};

const struct spapr_cpu_model_info *spapr_cpu_model_info(enum spapr_cpu_model model)
{
    if ((unsigned)model >= sizeof(models) / sizeof(models[0]))
        return NULL;
    return &models[model];
}

const char *spapr_cpu_model_name(enum spapr_cpu_model model)
{
    const struct spapr_cpu_model_info *i = spapr_cpu_model_info(model);
    return i ? i->name : NULL;
}

int spapr_cpu_model_parse(const char *name, enum spapr_cpu_model *model)
{
    for (unsigned i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        if (strcasecmp(name, models[i].name) == 0) {
            *model = (enum spapr_cpu_model)i;
            return 0;
        }
    }
    return -1;
}
