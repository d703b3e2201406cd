/* tests/user/progs/thr-misc.c: threads and signals, thread identity and
 * exit. gettid differs from getpid in a thread; pthread_kill reaches the
 * named thread; a process-directed signal goes to the thread that does
 * not block it; per-thread masks; a detached thread; exit codes through
 * pthread_join; exit() from a thread ends the whole process
 * (exit_group); the main thread's pthread_exit lets the others finish.
 * run: (no arguments)
 * run: exit-from-thread
 * run: main-exits-first */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_t target;
static volatile int in_target, handled, where_tid;
static volatile int stop;
static volatile int blocking;   /* idle() has blocked SIGUSR2 */

/* handled is written last, with release order, and read with acquire:
 * main waits for it and then reads the other two, which another thread
 * wrote (written first, main could read them before they were set). */
static void on_usr(int sig)
{
    in_target = pthread_equal(pthread_self(), target);
    where_tid = (int)syscall(SYS_gettid);
    __atomic_store_n(&handled, sig, __ATOMIC_RELEASE);
}

static void *idle(void *arg)
{
    int block_usr2 = (int)(long)arg;
    if (block_usr2) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR2);
        pthread_sigmask(SIG_BLOCK, &s, NULL);
        __atomic_store_n(&blocking, 1, __ATOMIC_RELEASE);
    }
    while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
        ;
    return NULL;
}

static void *ident(void *arg)
{
    (void)arg;
    int tid = (int)syscall(SYS_gettid);
    return (void *)(long)(tid != getpid() && tid > 0 ? 1 : 0);
}

static volatile int detached_ran;

static void *detached(void *arg)
{
    (void)arg;
    __atomic_store_n(&detached_ran, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void *exiter(void *arg)
{
    (void)arg;
    printf("thread calls exit(3)\n");
    fflush(stdout);
    exit(3);
}

static void *late(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, 200000000 };
    nanosleep(&ts, NULL);
    printf("second thread finishes after main\n");
    fflush(stdout);
    return NULL;
}

static void wait_handled(void)
{
    while (!__atomic_load_n(&handled, __ATOMIC_ACQUIRE))
        ;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t th, th2;
    if (argc > 1 && strcmp(argv[1], "exit-from-thread") == 0) {
        pthread_create(&th, NULL, exiter, NULL);
        for (;;)
            pause();
    }
    if (argc > 1 && strcmp(argv[1], "main-exits-first") == 0) {
        pthread_create(&th, NULL, late, NULL);
        printf("main calls pthread_exit\n");
        fflush(stdout);
        pthread_exit(NULL);
    }

    void *ret;
    pthread_create(&th, NULL, ident, NULL);
    pthread_join(th, &ret);
    printf("thread has its own tid: %ld\n", (long)ret);
    printf("main tid is the pid: %d\n", (int)syscall(SYS_gettid) == getpid());

    signal(SIGUSR1, on_usr);
    signal(SIGUSR2, on_usr);

    /* pthread_kill: the handler runs in the target thread. */
    pthread_create(&target, NULL, idle, (void *)0);
    handled = 0;
    pthread_kill(target, SIGUSR1);
    wait_handled();
    printf("pthread_kill: sig=%d in target=%d not main=%d\n", handled, in_target,
           where_tid != getpid());
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(target, NULL);
    stop = 0;

    /* A process-directed signal that the main thread blocks goes to the
     * other thread. */
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_create(&target, NULL, idle, (void *)0);
    pthread_sigmask(SIG_BLOCK, &s, &old);
    handled = 0;
    kill(getpid(), SIGUSR2);
    wait_handled();
    printf("kill with main blocking: sig=%d in other thread=%d\n", handled, in_target);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(target, NULL);
    stop = 0;

    /* And the other way round: the thread blocks it, main takes it. */
    /* Wait until the thread has blocked it: a fixed sleep was not always
     * long enough on a loaded machine, and the signal then went to the
     * thread, rightly. */
    pthread_create(&target, NULL, idle, (void *)1);
    while (!__atomic_load_n(&blocking, __ATOMIC_ACQUIRE))
        sched_yield();
    handled = 0;
    kill(getpid(), SIGUSR2);
    wait_handled();
    printf("kill with the thread blocking: sig=%d in main=%d\n", handled, where_tid == getpid());
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(target, NULL);
    stop = 0;

    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_create(&th2, &a, detached, NULL);
    while (!__atomic_load_n(&detached_ran, __ATOMIC_ACQUIRE))
        sched_yield();
    printf("detached thread ran\n");

    /* Many short-lived threads: tids recycled, stacks reused. */
    long total = 0;
    for (int round = 0; round < 50; round++) {
        pthread_t t4[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t4[i], NULL, ident, NULL);
        for (int i = 0; i < 4; i++) {
            pthread_join(t4[i], &ret);
            total += (long)ret;
        }
    }
    printf("200 short threads: %ld ok\n", total);
    return 6;
}
