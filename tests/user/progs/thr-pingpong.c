/* tests/user/progs/thr-pingpong.c: waiting and waking between threads.
 * A condition-variable ping-pong (pthread_cond_wait/signal over futexes),
 * the same with raw FUTEX_WAIT/FUTEX_WAKE (private and shared), a
 * barrier, FUTEX_CMP_REQUEUE of four waiters to a second futex,
 * FUTEX_WAIT_BITSET/FUTEX_WAKE_BITSET, FUTEX_WAIT with a timeout and
 * with a stale value (EAGAIN).
 * run: (no arguments) */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 2000

static long futex(int *uaddr, int op, int val, const struct timespec *ts, int *uaddr2, int val3)
{
    return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn, pings, pongs;

static void *cond_pong(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&mu);
        while (turn != 1)
            pthread_cond_wait(&cv, &mu);
        pongs++;
        turn = 0;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static int fturn;
static int fpongs;
static int private_op;

static void *futex_pong(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (__atomic_load_n(&fturn, __ATOMIC_ACQUIRE) != 1)
            futex(&fturn, FUTEX_WAIT | private_op, 0, NULL, NULL, 0);
        fpongs++;
        __atomic_store_n(&fturn, 0, __ATOMIC_RELEASE);
        futex(&fturn, FUTEX_WAKE | private_op, 1, NULL, NULL, 0);
    }
    return NULL;
}

static pthread_barrier_t bar;
static int bar_rounds[4];

static void *barrier_worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < 200; i++) {
        bar_rounds[id]++;
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

static int fa, fb, go, waiting, woken;

static void *requeue_waiter(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&waiting, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
        futex(&fa, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    __atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int fbits;
static int bit_woken;

static void *bitset_waiter(void *arg)
{
    (void)arg;
    long r = futex(&fbits, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0x1);
    __atomic_store_n(&bit_woken, r == 0 ? 1 : 2, __ATOMIC_SEQ_CST);
    return NULL;
}

static void settle(void)
{
    struct timespec ts = { 0, 200000000 };
    nanosleep(&ts, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t th, ths[4];

    pthread_create(&th, NULL, cond_pong, NULL);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&mu);
        while (turn != 0)
            pthread_cond_wait(&cv, &mu);
        pings++;
        turn = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    pthread_join(th, NULL);
    printf("condvar ping-pong: pings=%d pongs=%d\n", pings, pongs);

    for (int pass = 0; pass < 2; pass++) {
        private_op = pass ? FUTEX_PRIVATE_FLAG : 0;
        fturn = 0;
        fpongs = 0;
        pthread_create(&th, NULL, futex_pong, NULL);
        int fpings = 0;
        for (int i = 0; i < ROUNDS; i++) {
            while (__atomic_load_n(&fturn, __ATOMIC_ACQUIRE) != 0)
                futex(&fturn, FUTEX_WAIT | private_op, 1, NULL, NULL, 0);
            fpings++;
            __atomic_store_n(&fturn, 1, __ATOMIC_RELEASE);
            futex(&fturn, FUTEX_WAKE | private_op, 1, NULL, NULL, 0);
        }
        pthread_join(th, NULL);
        printf("futex ping-pong (%s): pings=%d pongs=%d\n", pass ? "private" : "shared",
               fpings, fpongs);
    }

    pthread_barrier_init(&bar, NULL, 4);
    for (long i = 0; i < 4; i++)
        pthread_create(&ths[i], NULL, barrier_worker, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(ths[i], NULL);
    printf("barrier: %d %d %d %d\n", bar_rounds[0], bar_rounds[1], bar_rounds[2], bar_rounds[3]);

    for (long i = 0; i < 4; i++)
        pthread_create(&ths[i], NULL, requeue_waiter, NULL);
    while (__atomic_load_n(&waiting, __ATOMIC_SEQ_CST) < 4)
        sched_yield();
    settle();
    long r = futex(&fa, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(long)INT_MAX, &fb, 1);
    printf("cmp_requeue with a stale value: %ld %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    r = futex(&fa, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &fb, 0);
    printf("cmp_requeue: woken+requeued=%ld\n", r);
    settle();
    printf("woken so far: %d\n", __atomic_load_n(&woken, __ATOMIC_SEQ_CST));
    r = futex(&fa, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    printf("wake on the old futex: %ld\n", r);
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    r = futex(&fb, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    printf("wake on the new futex: %ld\n", r);
    for (int i = 0; i < 4; i++)
        pthread_join(ths[i], NULL);
    printf("woken: %d\n", woken);

    pthread_create(&th, NULL, bitset_waiter, NULL);
    settle();
    r = futex(&fbits, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x2);
    printf("wake_bitset other bits: %ld\n", r);
    r = futex(&fbits, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x3);
    printf("wake_bitset matching bit: %ld\n", r);
    pthread_join(th, NULL);
    printf("bitset waiter result: %d\n", bit_woken);

    int word = 5;
    r = futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0);
    printf("wait with a stale value: %ld %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    struct timespec ts = { 0, 50000000 };
    r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &ts, NULL, 0);
    printf("wait with a timeout: %ld %s\n", r, r < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "?");
    r = futex((int *)8, FUTEX_WAIT_PRIVATE, 5, &ts, NULL, 0);
    printf("wait on a bad address: %ld %s\n", r, r < 0 && errno == EFAULT ? "EFAULT" : "?");
    return 0;
}
