/* nn_pool.h - helper threads that outlive one piece of work.
 *
 * The fast kernel (lib/nn_kernel.c) splits each evaluation of the cost and
 * gradient into one task per thread, thousands of times in a training run.
 * Starting and joining a thread for each took about 0.1 ms of a 1.6 ms
 * evaluation (on the 2-core machine of docs/FACTS.md, "Speed"), so a pool
 * starts its helper threads once and keeps them until nn_pool_free. Between runs a helper spins for up to 0.2 ms (an optimizer's
 * work between two evaluations takes a few microseconds), then sleeps on a
 * condition variable; the caller waits for the helpers the same way.
 *
 *     nn_pool *p = nn_pool_new(2, &err);        // the caller and 1 helper
 *     nn_pool_run(p, sum_part, &parts, 2);      // sum_part(&parts, 0) here, (&parts, 1) there
 *     nn_pool_free(p);
 *
 * The tasks are dealt out in a fixed way, not taken from a queue: with T =
 * nn_pool_threads(p), thread t runs tasks t, t+T, t+2T, ..., and thread 0 is
 * the caller. Suited to a few tasks of equal size, one per thread.
 *
 * What is not here: what the tasks compute, and OpenBLAS's own threads (the
 * kernel holds those to one while its pool runs). A pool is used by one
 * thread at a time and a task must not call nn_pool_run on its own pool.
 *
 * After fork(): the child has none of the parent's helpers. There
 * nn_pool_threads is 1, nn_pool_run runs every task on the caller, and
 * nn_pool_free only frees the memory (a helper may have held the lock at the
 * fork). A child that wants threads makes a new pool.
 */
#ifndef NN_POOL_H
#define NN_POOL_H

#include "nn_error.h"

#define NN_POOL_MAX_THREADS 1024 /* nn_pool_new refuses more */

typedef struct nn_pool nn_pool;

/* One task: called once for each index 0..n_tasks-1 of a run, with the arg
 * given to nn_pool_run. Tasks of one run may run at the same time. */
typedef void nn_pool_task(void *arg, int index);

/* A pool of n_threads threads, the caller of nn_pool_run included: it starts
 * n_threads-1 helpers. If the system refuses to start one, the pool has
 * fewer (nn_pool_threads says how many), which is not an error. NULL with err
 * if n_threads is outside 1..NN_POOL_MAX_THREADS or memory runs out. Free
 * with nn_pool_free. */
nn_pool *nn_pool_new(int n_threads, nn_error *err);

/* Stop the helpers, wait for them to end, and free the pool; NULL is a
 * no-op. Must not be called while a run is under way. */
void nn_pool_free(nn_pool *p);

/* The threads a run uses in this process: 1 (the caller) plus the helpers
 * that started; 1 in a child forked after nn_pool_new. */
int nn_pool_threads(const nn_pool *p);

/* Call task(arg, i) for every i in 0..n_tasks-1, each exactly once, and
 * return when all have returned; n_tasks <= 0 does nothing. Task i runs on
 * thread i % nn_pool_threads(p), so index 0 on the caller. What the caller
 * wrote before the call is visible to the tasks, and what the tasks wrote is
 * visible to the caller after it. Cannot fail. */
void nn_pool_run(nn_pool *p, nn_pool_task *task, void *arg, int n_tasks);

#endif
