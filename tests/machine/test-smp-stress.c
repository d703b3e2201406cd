/* tests/machine/test-smp-stress.c: the machine under concurrent vCPUs, as
 * the engine's one-thread-per-vCPU model will drive it: four threads make
 * interrupt hypercalls at each other (H_IPI, H_XIRR, H_EOI, H_CPPR,
 * H_IPOLL) while a device thread raises interrupts and console input and
 * the threads also write to the console and call RTAS. Afterwards every
 * vCPU drains its pending interrupts; then no external interrupt line may
 * be left raised, every presented interrupt must have been a valid source,
 * and the machine's state must still save. Bounded to about a second. */
#include <pthread.h>
#include <stdatomic.h>

#include "helpers.h"
#include "vmstate.h"
#include "xics.h"

#define NCPU 4
#define SRC0 0x1300u
#define NSRC 4

struct shared {
    struct spapr_machine *m;
    atomic_int stop;
    atomic_int bad;
    atomic_long presented;
    struct test_console *con;
};

struct worker {
    struct shared *s;
    unsigned vcpu;
};

static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static void take_interrupts(struct shared *s, unsigned vcpu)
{
    struct spapr_machine *m = s->m;
    for (int i = 0; i < 8; i++) {
        struct spapr_hcall_ret r;
        test_hcall(m, vcpu, H_XIRR, &r, 0);
        uint32_t xisr = (uint32_t)r.ret[0] & 0xffffff;
        if (!xisr)
            return;
        if (xisr != XICS_IPI && (xisr < SRC0 || xisr >= SRC0 + NSRC))
            atomic_fetch_add(&s->bad, 1);
        atomic_fetch_add(&s->presented, 1);
        if (xisr == XICS_IPI)
            test_hcall(m, vcpu, H_IPI, NULL, 2, (uint64_t)vcpu, (uint64_t)0xff);
        if (test_hcall(m, vcpu, H_EOI, NULL, 1, (uint64_t)(0xff000000u | xisr)) != H_SUCCESS)
            atomic_fetch_add(&s->bad, 1);
    }
}

static void *vcpu_thread(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    struct spapr_machine *m = s->m;
    uint32_t x = 0x9e3779b9u * (w->vcpu + 1);
    test_hcall(m, w->vcpu, H_CPPR, NULL, 1, (uint64_t)0xff);
    while (!atomic_load(&s->stop)) {
        switch (rnd(&x) % 6) {
        case 0:
            test_hcall(m, w->vcpu, H_IPI, NULL, 2, (uint64_t)(rnd(&x) % NCPU), (uint64_t)(rnd(&x) % 8));
            break;
        case 1:
        case 2:
            take_interrupts(s, w->vcpu);
            break;
        case 3:
            test_hcall(m, w->vcpu, H_CPPR, NULL, 1, (uint64_t)(rnd(&x) & 1 ? 0xff : 4));
            test_hcall(m, w->vcpu, H_CPPR, NULL, 1, (uint64_t)0xff);
            break;
        case 4:
            test_hcall(m, w->vcpu, H_PUT_TERM_CHAR, NULL, 4, (uint64_t)0, (uint64_t)2, 0x6869000000000000ull, 0ull);
            break;
        default: {
            struct spapr_hcall_ret r;
            if (test_hcall(m, w->vcpu, H_IPOLL, &r, 1, (uint64_t)(rnd(&x) % NCPU)) != H_SUCCESS)
                atomic_fetch_add(&s->bad, 1);
            break;
        }
        }
    }
    return NULL;
}

static void *device_thread(void *arg)
{
    struct shared *s = arg;
    uint32_t x = 12345;
    while (!atomic_load(&s->stop)) {
        xics_irq_set(s->m, SRC0 + rnd(&x) % NSRC, 1);
        spapr_vty_input(s->m, s->m->vty, (const uint8_t *)"z", 1);
        uint32_t st, srv;
        uint8_t prio;
        if (xics_get_xive(s->m, SRC0 + rnd(&x) % NSRC, &srv, &prio))
            atomic_fetch_add(&s->bad, 1);
        (void)st;
    }
    return NULL;
}

/* The console callback is called from several threads at once. */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static void locked_console_write(void *opaque, const uint8_t *buf, size_t len)
{
    pthread_mutex_lock(&out_lock);
    test_console_write(opaque, buf, len);
    pthread_mutex_unlock(&out_lock);
}

static void test_stress(void)
{
    struct test_console con;
    struct spapr_config cfg;
    spapr_config_init(&cfg);
    cfg.ram_size = 256ull << 20;
    cfg.nr_vcpus = NCPU;
    struct spapr_machine *m = test_machine_new(&cfg, &con);
    m->ops.console_write = locked_console_write;
    m->ram.write_hook = NULL; /* the test's recorder is not thread-safe */
    for (unsigned i = 0; i < NSRC; i++) {
        g_assert_cmpint(xics_claim(m, SRC0 + i, false), ==, 0);
        g_assert_cmpint(xics_set_xive(m, SRC0 + i, i % NCPU, (uint8_t)(3 + i)), ==, 0);
    }
    struct shared s = {.m = m, .con = &con};
    struct worker w[NCPU];
    pthread_t t[NCPU], dev;
    for (unsigned i = 0; i < NCPU; i++) {
        w[i] = (struct worker){&s, i};
        g_assert_cmpint(pthread_create(&t[i], NULL, vcpu_thread, &w[i]), ==, 0);
    }
    g_assert_cmpint(pthread_create(&dev, NULL, device_thread, &s), ==, 0);
    g_usleep(800 * 1000);
    atomic_store(&s.stop, 1);
    for (unsigned i = 0; i < NCPU; i++)
        pthread_join(t[i], NULL);
    pthread_join(dev, NULL);

    /* Drain: clear every MFRR, open every CPPR, take what is left. */
    for (int round = 0; round < 4; round++) {
        for (unsigned v = 0; v < NCPU; v++) {
            test_hcall(m, v, H_IPI, NULL, 2, (uint64_t)v, (uint64_t)0xff);
            test_hcall(m, v, H_CPPR, NULL, 1, (uint64_t)0xff);
            take_interrupts(&s, v);
        }
    }
    g_assert_cmpint(atomic_load(&s.bad), ==, 0);
    g_assert_cmpint(atomic_load(&s.presented), >, 100);
    for (unsigned v = 0; v < NCPU; v++) {
        g_assert_cmpint(con.irq_level[v], ==, 0);
        struct spapr_hcall_ret r;
        g_assert_cmpint(test_hcall(m, 0, H_IPOLL, &r, 1, (uint64_t)v), ==, H_SUCCESS);
        g_assert_cmphex(r.ret[0], ==, 0xff000000u);
    }
    g_assert_cmpuint(con.out->len % 2, ==, 0); /* two-byte writes stayed whole */
    struct vmstate_buf b = {0};
    g_assert_cmpint(spapr_machine_save(m, &b), ==, 0);
    g_assert_cmpint(spapr_machine_load(m, b.data, b.len), ==, 0);
    vmstate_buf_free(&b);
    g_test_message("%ld interrupts presented, %u console bytes", atomic_load(&s.presented), con.out->len);
    test_machine_free(m, &con);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/smp/stress", test_stress);
    return g_test_run();
}
