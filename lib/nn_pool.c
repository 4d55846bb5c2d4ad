/* nn_pool.c - helper threads that outlive one piece of work (nn_pool.h).
 *
 * A run is announced by bumping gen, a generation counter, under the mutex
 * and with a broadcast on go_cv. Each helper remembers the last generation
 * it saw; a new one means: read task, arg and n_tasks, run its share, add 1
 * to done. The caller runs its own share meanwhile, then waits until done
 * counts every helper. Both waits spin first (cpu_relax, for up to SPIN_NS)
 * and only then sleep on a condition variable: a helper that has gone to
 * sleep costs a few microseconds to wake, which the kernel would pay twice
 * per evaluation. Freeing sets quit and bumps gen once more.
 *
 * The counters are C11 atomics with their default (sequentially consistent)
 * order: the caller's plain writes (task, arg, n_tasks, and whatever the
 * tasks will read) come before its bump of gen, which a helper reads before
 * it reads them; a helper's writes come before its bump of done, which the
 * caller reads before it returns.
 */
#include "nn_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define SPIN_NS 2e5 /* how long a waiting thread spins before it sleeps */

/* One helper thread: what pthread_create was handed. */
typedef struct {
    pthread_t tid;
    struct nn_pool *p;
    int index; /* this helper is thread index of a run (1..n) */
} helper;

struct nn_pool {
    int n;                  /* helper threads running */
    pid_t pid;              /* the process that started them (a fork child has none) */
    pthread_mutex_t mu;
    pthread_cond_t go_cv;   /* gen changed */
    pthread_cond_t done_cv; /* done changed */
    atomic_uint gen;        /* bumped for each run, and to quit */
    atomic_int done;        /* helpers finished with the current run */
    bool quit;              /* set (under mu) before the last bump of gen */
    nn_pool_task *task;     /* the current run: task(arg, i) for i < n_tasks */
    void *arg;
    int n_tasks;
    helper helpers[];       /* n_threads-1 of them, the first n started */
};

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Spin until *gen != old (with gen) or *done >= want (with done), for at
 * most SPIN_NS; true if that happened. The clock is read every 64 turns. */
static bool spin_until(atomic_uint *gen, unsigned old, atomic_int *done, int want)
{
    double t0 = 0.0;
    for (int i = 0;; i++) {
        if (gen ? atomic_load(gen) != old : atomic_load(done) >= want)
            return true;
        cpu_relax();
        if ((i & 63) == 63) {
            double t = now_ns();
            if (t0 == 0.0)
                t0 = t;
            else if (t - t0 > SPIN_NS)
                return false;
        }
    }
}

/* Thread index's share of the current run: tasks index, index+T, ... */
static void run_share(const nn_pool *p, int index, int n_threads)
{
    for (int i = index; i < p->n_tasks; i += n_threads)
        p->task(p->arg, i);
}

static void *helper_main(void *arg)
{
    const helper *h = arg;
    nn_pool *p = h->p;
    unsigned seen = 0; /* the pool starts at gen 0 */
    for (;;) {
        if (!spin_until(&p->gen, seen, NULL, 0)) {
            pthread_mutex_lock(&p->mu);
            while (atomic_load(&p->gen) == seen)
                pthread_cond_wait(&p->go_cv, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        seen = atomic_load(&p->gen);
        pthread_mutex_lock(&p->mu);
        bool quit = p->quit;
        pthread_mutex_unlock(&p->mu);
        if (quit)
            return NULL;
        run_share(p, h->index, p->n + 1);
        pthread_mutex_lock(&p->mu);
        atomic_fetch_add(&p->done, 1);
        pthread_cond_signal(&p->done_cv);
        pthread_mutex_unlock(&p->mu);
    }
}

nn_pool *nn_pool_new(int n_threads, nn_error *err)
{
    if (n_threads < 1 || n_threads > NN_POOL_MAX_THREADS) {
        nn_fail(err, "pool: %d threads asked for, expected 1..%d", n_threads, NN_POOL_MAX_THREADS);
        return NULL;
    }
    nn_pool *p = calloc(1, sizeof *p + (size_t)(n_threads - 1) * sizeof(helper));
    if (!p) {
        nn_fail(err, "pool: out of memory for %d threads", n_threads);
        return NULL;
    }
    p->pid = getpid();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    atomic_init(&p->gen, 0u);
    atomic_init(&p->done, 0);
    for (; p->n < n_threads - 1; p->n++) {
        helper *h = &p->helpers[p->n];
        h->p = p;
        h->index = p->n + 1;
        if (pthread_create(&h->tid, NULL, helper_main, h) != 0)
            break; /* fewer helpers; the caller's share grows */
    }
    return p;
}

void nn_pool_free(nn_pool *p)
{
    if (!p)
        return;
    if (p->pid == getpid()) {
        pthread_mutex_lock(&p->mu);
        p->quit = true;
        atomic_fetch_add(&p->gen, 1);
        pthread_cond_broadcast(&p->go_cv);
        pthread_mutex_unlock(&p->mu);
        for (int t = 0; t < p->n; t++)
            pthread_join(p->helpers[t].tid, NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->go_cv);
        pthread_cond_destroy(&p->done_cv);
    }
    free(p); /* in a fork child, the parent's helpers may hold mu: only free */
}

int nn_pool_threads(const nn_pool *p)
{
    return p->pid == getpid() ? p->n + 1 : 1;
}

void nn_pool_run(nn_pool *p, nn_pool_task *task, void *arg, int n_tasks)
{
    int helpers = nn_pool_threads(p) - 1;
    if (helpers == 0 || n_tasks <= 1) {
        for (int i = 0; i < n_tasks; i++)
            task(arg, i);
        return;
    }
    p->task = task;
    p->arg = arg;
    p->n_tasks = n_tasks;
    atomic_store(&p->done, 0);
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add(&p->gen, 1);
    pthread_cond_broadcast(&p->go_cv);
    pthread_mutex_unlock(&p->mu);
    run_share(p, 0, helpers + 1);
    if (!spin_until(NULL, 0, &p->done, helpers)) {
        pthread_mutex_lock(&p->mu);
        while (atomic_load(&p->done) < helpers)
            pthread_cond_wait(&p->done_cv, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
}
