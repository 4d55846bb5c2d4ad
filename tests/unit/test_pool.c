/* test_pool.c - unit checks of the helper threads (lib/nn_pool).
 *
 * What nn_pool.h promises, each checked so that a broken pool fails:
 *   - every task index of a run is called exactly once, for many task counts
 *     and thread counts (0 tasks and a pool of 1 thread included);
 *   - task i runs on thread i % T, index 0 on the caller;
 *   - a run returns only when every task has returned, and the tasks see what
 *     the caller wrote before the run: sums split over the threads equal the
 *     serial sums, run after run, also when the helpers have gone to sleep
 *     between runs;
 *   - a pool can be freed without being used, and bad sizes are refused with
 *     a message;
 *   - in a fork child, the pool runs every task on the caller and frees
 *     without waiting for the parent's helpers.
 * Linked with tests/unit/harness.o, which has main(). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "nn_pool.h"

const chapter_info CHAPTER = {0, "library: helper threads (nn_pool)", 0};

#define MAX_TASKS 1000
static const int THREAD_COUNTS[] = {1, 2, 3, 4, 8};
static const int TASK_COUNTS[] = {0, 1, 2, 3, 5, 7, 8, 9, 16, 100, MAX_TASKS};
#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- helpers --------------------------------------------------------------- */

static nn_pool *pool_of(int n_threads)
{
    nn_error err;
    nn_pool *p = nn_pool_new(n_threads, &err);
    ck_assert_msg(p != NULL, "nn_pool_new(%d): %s", n_threads, err.msg);
    /* The checks of which task ran where need every thread started. */
    ck_assert_msg(nn_pool_threads(p) == n_threads, "nn_pool_new(%d) started %d threads", n_threads,
                  nn_pool_threads(p));
    return p;
}

/* What each task of a run records: how often it ran and on which thread. */
typedef struct {
    atomic_int calls[MAX_TASKS];
    pthread_t thread[MAX_TASKS];
} record;

static void record_clear(record *r)
{
    for (int i = 0; i < MAX_TASKS; i++)
        atomic_init(&r->calls[i], 0);
}

static void record_task(void *arg, int i)
{
    record *r = arg;
    atomic_fetch_add(&r->calls[i], 1);
    r->thread[i] = pthread_self();
}

/* Run n tasks on p and check each ran once, task i on thread i % T with
 * task 0 on the caller. */
static void expect_each_once(nn_pool *p, int n, const char *what)
{
    static record r;
    record_clear(&r);
    nn_pool_run(p, record_task, &r, n);
    int T = nn_pool_threads(p);
    for (int i = 0; i < MAX_TASKS; i++) {
        int calls = atomic_load(&r.calls[i]);
        ck_assert_msg(calls == (i < n), "%s, %d tasks on %d threads: task %d ran %d times, expected %d",
                      what, n, T, i, calls, i < n);
    }
    for (int i = 0; i < n; i++) {
        bool same_as_caller = pthread_equal(r.thread[i], pthread_self());
        ck_assert_msg(same_as_caller == (i % T == 0),
                      "%s, %d tasks on %d threads: task %d ran on %s, expected %s", what, n, T, i,
                      same_as_caller ? "the caller" : "a helper",
                      i % T == 0 ? "the caller" : "a helper");
        ck_assert_msg(pthread_equal(r.thread[i], r.thread[i % T]),
                      "%s, %d tasks on %d threads: tasks %d and %d ran on different threads", what, n,
                      T, i, i % T);
        for (int j = 0; j < i && j < T; j++)
            ck_assert_msg(i % T == j || !pthread_equal(r.thread[i], r.thread[j]),
                          "%s, %d tasks on %d threads: tasks %d and %d ran on the same thread", what,
                          n, T, i, j);
    }
}

/* A sum split in n parts: part i is Σ x[k] over k in [i·len/n, (i+1)·len/n). */
typedef struct {
    const double *x;
    long len;
    int n;
    double part[64];
} split_sum;

static void sum_part(void *arg, int i)
{
    split_sum *s = arg;
    long lo = s->len * i / s->n, hi = s->len * (i + 1) / s->n;
    double acc = 0.0;
    for (long k = lo; k < hi; k++)
        acc += s->x[k];
    s->part[i] = acc;
}

/* The same sum without a pool: parts in order, then their total. */
static double serial_sum(split_sum *s)
{
    double total = 0.0;
    for (int i = 0; i < s->n; i++) {
        sum_part(s, i);
        total += s->part[i];
    }
    return total;
}

static double total_of(const split_sum *s)
{
    double total = 0.0;
    for (int i = 0; i < s->n; i++)
        total += s->part[i];
    return total;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- the checks ------------------------------------------------------------- */

START_TEST(each_index_once)
{
    for (int a = 0; a < N_OF(THREAD_COUNTS); a++) {
        nn_pool *p = pool_of(THREAD_COUNTS[a]);
        for (int b = 0; b < N_OF(TASK_COUNTS); b++)
            expect_each_once(p, TASK_COUNTS[b], "one pool, many runs");
        nn_pool_free(p);
    }
}
END_TEST

START_TEST(pool_of_one_thread)
{
    nn_pool *p = pool_of(1);
    expect_each_once(p, 0, "a pool of 1");
    expect_each_once(p, 1, "a pool of 1");
    expect_each_once(p, 37, "a pool of 1");
    nn_pool_free(p);
}
END_TEST

/* Work split over the threads gives the parts and the total a serial loop
 * gives, bit for bit (each part is one thread's loop, in the same order),
 * and the total is the exact sum of 0..len-1. Thousands of runs back to
 * back, then runs with pauses longer than the helpers spin, so that both
 * ways of waiting (spinning and sleeping) are used. */
START_TEST(split_sums_match_serial)
{
    enum { LEN = 200000 };
    static double x[LEN];
    for (long k = 0; k < LEN; k++)
        x[k] = (double)k;
    const double exact = (double)LEN * (LEN - 1) / 2; /* below 2^53: every partial sum is exact */
    for (int a = 0; a < N_OF(THREAD_COUNTS); a++) {
        int T = THREAD_COUNTS[a];
        nn_pool *p = pool_of(T);
        for (int run = 0; run < 600; run++) {
            if (run >= 590)
                sleep_ms(2); /* the helpers go to sleep */
            int n = 1 + run % (2 * T); /* fewer tasks than threads, as many, more */
            split_sum want = {x + run, LEN - run, n, {0}}, got = want;
            double want_total = serial_sum(&want);
            nn_pool_run(p, sum_part, &got, n);
            for (int i = 0; i < n; i++)
                ck_assert_msg(got.part[i] == want.part[i],
                              "%d threads, run %d, %d tasks: part %d is %.17g, serial %.17g", T, run, n,
                              i, got.part[i], want.part[i]);
            double exact_run = exact - (double)run * (run - 1) / 2; /* Σ run..LEN-1 */
            ck_assert_msg(total_of(&got) == want_total && want_total == exact_run,
                          "%d threads, run %d: total %.17g, serial %.17g, exact %.17g", T, run,
                          total_of(&got), want_total, exact_run);
        }
        nn_pool_free(p);
    }
}
END_TEST

START_TEST(free_without_use)
{
    for (int a = 0; a < N_OF(THREAD_COUNTS); a++)
        nn_pool_free(pool_of(THREAD_COUNTS[a]));
    nn_pool_free(NULL); /* a no-op */
    nn_pool *p = pool_of(4);
    sleep_ms(2); /* the helpers are asleep when it is freed */
    nn_pool_free(p);
}
END_TEST

START_TEST(bad_sizes_are_refused)
{
    const int bad[] = {0, -1, NN_POOL_MAX_THREADS + 1};
    for (int a = 0; a < N_OF(bad); a++) {
        nn_error err = {{0}};
        nn_pool *p = nn_pool_new(bad[a], &err);
        char want[32];
        snprintf(want, sizeof want, "%d threads", bad[a]);
        ck_assert_msg(p == NULL, "nn_pool_new(%d) gave a pool", bad[a]);
        ck_assert_msg(strstr(err.msg, want) != NULL, "nn_pool_new(%d): the message should say '%s': %s",
                      bad[a], want, err.msg);
    }
    ck_assert_msg(nn_pool_new(0, NULL) == NULL, "nn_pool_new(0, NULL) gave a pool");
}
END_TEST

/* In a fork child the parent's helpers do not exist: everything runs on the
 * caller, and freeing does not wait for them. The child reports by its exit
 * status; the parent's pool still works afterwards. */
START_TEST(fork_child_runs_on_caller)
{
    nn_pool *p = pool_of(3);
    expect_each_once(p, 6, "before the fork");
    pid_t pid = fork();
    ck_assert_msg(pid >= 0, "fork failed");
    if (pid == 0) {
        static record r;
        record_clear(&r);
        int status = nn_pool_threads(p) == 1 ? 0 : 1;
        nn_pool_run(p, record_task, &r, 5);
        for (int i = 0; i < 5; i++)
            if (atomic_load(&r.calls[i]) != 1 || !pthread_equal(r.thread[i], pthread_self()))
                status |= 2;
        nn_pool_free(p);
        _exit(status);
    }
    int st = 0;
    ck_assert_msg(waitpid(pid, &st, 0) == pid, "waitpid failed");
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "fork child: %s (exit status %d; 1: nn_pool_threads was not 1, 2: a task did not "
                  "run once on the caller)",
                  WIFEXITED(st) ? "failed" : "did not exit", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    expect_each_once(p, 6, "after the fork, in the parent");
    nn_pool_free(p);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("pool");
    nnt_add(s, "every task index runs once, on thread index % T", each_index_once);
    nnt_add(s, "a pool of 1 thread runs everything on the caller", pool_of_one_thread);
    nnt_add(s, "sums split over threads = serial sums, 600 runs", split_sums_match_serial);
    nnt_add(s, "free without use, free(NULL), free while asleep", free_without_use);
    nnt_add(s, "bad thread counts are refused with a message", bad_sizes_are_refused);
    nnt_add(s, "fork child: tasks run on the caller", fork_child_runs_on_caller);
    return s;
}
