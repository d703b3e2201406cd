/* machine/rtas-sysparm.c: ibm,get-system-parameter (3 args: parameter
 * token, guest buffer, buffer length; 1 ret). The answer is a big-endian
 * 16-bit length followed by the data, truncated to the buffer. Parameters
 * Linux asks for (platforms/pseries/lparcfg.c, setup.c, lpar.c): 20 SPLPAR
 * characteristics (key=value list, parsed by lparcfg), 42 diagnostics run
 * mode, 55 partition name; anything else (44 CMO, 50 TLB invalidation
 * characteristics, ...) gets -3, "parameter not supported". */
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"

#define SYSPARM_SPLPAR_CHARACTERISTICS 20
#define SYSPARM_DIAGNOSTICS_RUN_MODE 42
#define SYSPARM_PARTITION_NAME 55

static void rtas_get_system_parameter(struct spapr_machine *m, unsigned vcpu,
                                      struct spapr_rtas_call *c)
{
    (void)vcpu;
    uint32_t param = c->args[0], addr = c->args[1], len = c->args[2];
    char value[512];
    size_t vlen;
    switch (param) {
    case SYSPARM_SPLPAR_CHARACTERISTICS: {
        int n = snprintf(value, sizeof(value), "MaxEntCap=%u,DesMem=%llu,DesProcs=%u,MaxPlatProcs=%u",
                         m->cfg.nr_vcpus * 100, (unsigned long long)(m->cfg.ram_size >> 20),
                         m->cfg.nr_vcpus, m->cfg.nr_vcpus);
        vlen = (size_t)n + 1; /* with the NUL lparcfg stops at */
        break;
    }
    case SYSPARM_DIAGNOSTICS_RUN_MODE:
        value[0] = 0; /* diagnostics disabled */
        vlen = 1;
        break;
    case SYSPARM_PARTITION_NAME: {
        const char *name = m->cfg.name ? m->cfg.name : "pseries";
        vlen = strnlen(name, sizeof(value) - 1);
        memcpy(value, name, vlen);
        value[vlen++] = '\0';
        break;
    }
    default:
        c->rets[0] = (uint32_t)RTAS_OUT_NOT_SUPPORTED;
        return;
    }
    if (len < 2 || !guest_ram_range_ok(&m->ram, addr, len)) {
        c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return;
    }
    size_t copy = vlen < len - 2u ? vlen : len - 2u;
    guest_ram_st16_be(&m->ram, addr, (uint16_t)vlen);
    guest_ram_write(&m->ram, addr + 2, value, copy);
    c->rets[0] = RTAS_OUT_SUCCESS;
}

int spapr_rtas_sysparm_register(struct spapr_machine *m)
{
    int r = spapr_rtas_register(m, "ibm,get-system-parameter", 3, 3, 1, 1, rtas_get_system_parameter);
    return r < 0 ? r : 0;
}
