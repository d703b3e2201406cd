/* tests/user/progs/thr-counter.c: threads sharing memory. 8 threads add
 * to counters protected by a pthread mutex, by __atomic builtins
 * (larx/stcx. loops), by a test-and-set spin lock and by 8-byte and
 * 1-byte atomics; totals must be exact. Thread results come back through
 * pthread_join (return value and pthread_exit).
 * run: (no arguments)
 * run: 3 20000 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long locked_count;
static int atomic_count;
static uint64_t atomic64;
static unsigned char atomic8;
static volatile int spin;
static long spin_count;
static int iters = 100000;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < iters; i++) {
        pthread_mutex_lock(&mu);
        locked_count++;
        pthread_mutex_unlock(&mu);
        __atomic_fetch_add(&atomic_count, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&atomic64, (uint64_t)id << 32 | 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&atomic8, 1, __ATOMIC_RELAXED);
        while (__atomic_test_and_set(&spin, __ATOMIC_ACQUIRE))
            ;
        spin_count++;
        __atomic_clear(&spin, __ATOMIC_RELEASE);
    }
    if (id == 3)
        pthread_exit((void *)(id * 100 + 7));
    return (void *)(id * 100);
}

int main(int argc, char **argv)
{
    int n = 8;
    if (argc > 2) {
        n = atoi(argv[1]);
        iters = atoi(argv[2]);
    }
    pthread_t th[64];
    for (long i = 0; i < n; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    long sum = 0;
    for (int i = 0; i < n; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        printf("thread %d returned %ld\n", i, (long)ret);
        sum += (long)ret;
    }
    uint64_t ids = 0;
    for (int i = 0; i < n; i++)
        ids += (uint64_t)i * (uint64_t)iters;
    printf("threads=%d iterations=%d\n", n, iters);
    printf("mutex counter: %ld (%s)\n", locked_count, locked_count == (long)n * iters ? "exact" : "WRONG");
    printf("atomic counter: %d (%s)\n", atomic_count, atomic_count == n * iters ? "exact" : "WRONG");
    printf("atomic64: low %llu high %llu (%s)\n", (unsigned long long)(atomic64 & 0xffffffff),
           (unsigned long long)(atomic64 >> 32),
           atomic64 == (ids << 32 | (uint64_t)n * iters) ? "exact" : "WRONG");
    printf("atomic8: %u (%s)\n", atomic8, atomic8 == (unsigned char)(n * iters) ? "exact" : "WRONG");
    printf("spin counter: %ld (%s)\n", spin_count, spin_count == (long)n * iters ? "exact" : "WRONG");
    printf("sum of results: %ld\n", sum);
    return 0;
}
