/* nn_optim.h - training: three optimizers over any objective.
 *
 * What is here:
 *   - nn_fmincg: the course's optimizer fmincg, Rasmussen's Polak-Ribière
 *     conjugate gradient with a quadratic/cubic line search under the
 *     Wolfe-Powell conditions (the algorithm is spelled out in nn_optim.c).
 *   - nn_gd: batch gradient descent with a fixed learning rate.
 *   - nn_adam: mini-batch Adam with shuffling from a seed.
 * They know nothing of networks: they minimize an nn_objective (or an
 * nn_batch_objective) over a flat θ. The network's is in nn_objective.h.
 *
 * What is not here: data loading, printing, signals (see tools/cmd_train.c);
 * the random numbers (nn_rng.h) and the random start, which students write
 * in chapter 8 (nn_rand_init in exercises/workbook.h).
 *
 * θ is one flat array of n parameters in any order the objective likes (the
 * network's is the tutorial's row-major Theta1 then Theta2). The optimizers
 * update θ in place.
 */
#ifndef NN_OPTIM_H
#define NN_OPTIM_H

#include <stdbool.h>
#include <stdint.h>

#include "nn_error.h"
#include "nn_matrix.h"
#include "nn_rng.h"

/* ---- what the optimizers minimize --------------------------------------- */

/* J(θ) for the n parameters θ; if grad is not NULL, also ∇J(θ) into grad
 * (n values). ctx is the caller's. */
typedef double (*nn_objective)(const double *theta, double *grad, void *ctx);

/* J and ∇J on the examples rows[0..n_rows-1] only (0-based indices into the
 * data), scaled so that its expectation over random subsets is the full
 * objective. rows == NULL means all examples. */
typedef double (*nn_batch_objective)(const double *theta, double *grad, const int *rows,
                                     int n_rows, void *ctx);

/* Called after each iteration (1-based) with the cost reached and θ. Return
 * nonzero to stop the optimizer there (progress bars, logs, Ctrl-C). */
typedef int (*nn_progress)(int iter, double cost, const double *theta, void *ctx);

/* How an optimizer stopped. */
typedef enum {
    NN_STOP_MAX_ITER = 0,  /* ran the iterations it was asked for */
    NN_STOP_CALLBACK = 1,  /* the progress callback asked it to stop */
    NN_STOP_LINE_SEARCH = 2, /* fmincg: two line searches failed in a row */
    NN_STOP_NOT_FINITE = 3 /* the cost or gradient became NaN or infinite */
} nn_stop_reason;

/* What an optimizer did. */
typedef struct {
    int iterations;        /* completed iterations (entries written to costs) */
    long evaluations;      /* objective evaluations (for Adam: mini-batches) */
    double cost;           /* the cost at the returned θ */
    nn_stop_reason reason; /* why it stopped */
} nn_optim_result;

/* Settings shared by the optimizers. */
typedef struct {
    int max_iter;          /* iterations (fmincg, GD) or epochs (Adam), >= 1 */
    nn_progress progress;  /* may be NULL */
    void *progress_ctx;    /* passed to progress */
} nn_optim_options;

/* ---- the optimizers -------------------------------------------------------
 * Each updates θ (n values) in place, writes the cost after iteration i to
 * costs[i-1] (costs has room for opt->max_iter values; NULL to skip) and
 * fills *res. They return 0, or -1 with err set if memory runs out or a
 * setting is out of range (θ untouched then). */

/* fmincg: conjugate gradient with Rasmussen's line search. An iteration is
 * one successful line search, so the costs never increase. Stops after
 * max_iter iterations or two failed line searches in a row; on a failed
 * line search θ returns to the iteration's start. */
int nn_fmincg(double *theta, double *costs, nn_optim_result *res, nn_objective f, void *ctx,
              int n, const nn_optim_options *opt, nn_error *err);

/* Batch gradient descent: θ ← θ - lr·∇J(θ), one evaluation per iteration;
 * costs[i-1] is J after the i-th step. lr > 0. */
int nn_gd(double *theta, double *costs, nn_optim_result *res, nn_objective f, void *ctx, int n,
          double lr, const nn_optim_options *opt, nn_error *err);

/* Settings of Adam (Kingma and Ba, 2015). */
typedef struct {
    double lr;      /* step size α, > 0 (e.g. 0.001) */
    double beta1;   /* decay of the mean of the gradients, in [0, 1) (0.9) */
    double beta2;   /* decay of the mean of their squares, in [0, 1) (0.999) */
    double epsilon; /* added to √v̂, > 0 (1e-8) */
    int batch;      /* examples per mini-batch, >= 1 (more than m means m) */
    uint64_t seed;  /* seed of the shuffles, one per epoch */
    bool final_cost_only; /* the full cost after the last epoch only (and where progress
                             stops the run): progress and costs[] get NaN after the
                             others. For runs that report nothing per epoch, whose
                             epochs are then their mini-batches alone */
} nn_adam_options;

/* Mini-batch Adam over m examples: each epoch shuffles 0..m-1 with the
 * seed's generator and takes one Adam step per batch of opt->batch rows (the
 * last may be smaller). costs[e-1] is the full objective (rows == NULL)
 * after epoch e, one extra evaluation without gradient per epoch (see
 * final_cost_only). */
int nn_adam(double *theta, double *costs, nn_optim_result *res, nn_batch_objective f, void *ctx,
            int n, int m, const nn_adam_options *adam, const nn_optim_options *opt,
            nn_error *err);

#endif
