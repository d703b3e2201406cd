/* machine/rng.c: the platform random number generator. Linux finds it as
 * /ibm,platform-facilities/ibm,random-v1 (compatible "ibm,random": both the
 * pseries-rng hw_random driver and arch_get_random_seed use it, see
 * drivers/char/hw_random/pseries-rng.c and platforms/pseries/rng.c) and
 * reads 64 bits per H_RANDOM call, here from the host's getrandom(). The
 * hypercall belongs to no ibm,hypertas-functions group: the node is what
 * advertises it. */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "devices.h"
#include "machine.h"
#include "papr.h"
#include "vio.h"

static void h_random(struct spapr_machine *m, unsigned vcpu, const struct spapr_hcall_args *a,
                     struct spapr_hcall_ret *r)
{
    (void)m;
    (void)vcpu;
    (void)a;
    uint64_t v;
    size_t got = 0;
    while (got < sizeof(v)) {
        ssize_t n = getrandom((uint8_t *)&v + got, sizeof(v) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            r->status = H_HARDWARE;
            return;
        }
        got += (size_t)n;
    }
    r->ret[0] = v;
    r->status = H_SUCCESS;
}

static void rng_free(struct spapr_vio_dev *dev)
{
    free(dev);
}

int spapr_rng_create(struct spapr_machine *m)
{
    struct spapr_vio_dev *dev = calloc(1, sizeof(*dev));
    if (!dev)
        return -ENOMEM;
    *dev = (struct spapr_vio_dev){
        .pfo = true,
        .node_name = "ibm,random-v1",
        .compatible = "ibm,random",
        .free = rng_free,
    };
    int r = spapr_vio_register(m, dev);
    if (r) {
        free(dev);
        return r;
    }
    return spapr_hcall_register(m, H_RANDOM, "H_RANDOM", NULL, h_random);
}
