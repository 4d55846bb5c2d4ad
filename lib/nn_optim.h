/* nn_optim.h - training: random initial weights and three optimizers.
 *
 * What is here:
 *   - nn_rng: a small, portable, seedable random number generator
 *     (xoshiro256** seeded through splitmix64), so one seed gives the same
 *     bit-identical numbers on every machine and compiler.
 *   - nn_init_weights: the course's random start, uniform in [-ε, ε] with
 *     ε = √6/√(in+out) for each weight matrix.
 *   - nn_fmincg: the course's optimizer fmincg, Rasmussen's Polak-Ribière
 *     conjugate gradient with a quadratic/cubic line search under the
 *     Wolfe-Powell conditions (the algorithm is spelled out in nn_optim.c).
 *   - nn_gd: batch gradient descent with a fixed learning rate.
 *   - nn_adam: mini-batch Adam with shuffling from a seed.
 *   - nn_net_objective: the network's cost and gradient on a data set (on all
 *     examples or on a subset), the objective that `nnwb train` hands to the
 *     optimizers. It wraps nn_kernel.
 *
 * What is not here: data loading, printing, signals (see tools/cmd_train.c).
 *
 * θ is one flat array of n parameters in any order the objective likes (the
 * network's is the tutorial's row-major Theta1 then Theta2). The optimizers
 * update θ in place.
 */
#ifndef NN_OPTIM_H
#define NN_OPTIM_H

#include <stdint.h>

#include "nn_error.h"
#include "nn_matrix.h"

/* ---- random numbers ---------------------------------------------------- */

/* xoshiro256** (Blackman and Vigna, 2018): 256 bits of state, period 2^256-1.
 * Its state is filled from the 64-bit seed by splitmix64, as the authors
 * recommend, so every seed (0 included) gives a good state. */
typedef struct {
    uint64_t s[4]; /* the generator's state; never all zero */
} nn_rng;

/* Seed r; the same seed always gives the same sequence. */
void nn_rng_seed(nn_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t nn_rng_next(nn_rng *r);

/* A double uniform in [0, 1): the top 53 bits of nn_rng_next times 2^-53. */
double nn_rng_uniform(nn_rng *r);

/* A whole number uniform in 0..n-1 (n >= 1), without modulo bias. */
uint64_t nn_rng_below(nn_rng *r, uint64_t n);

/* Put the n ints of a in a random order (Fisher-Yates). */
void nn_rng_shuffle(nn_rng *r, int *a, int n);

/* ---- initial weights ----------------------------------------------------- */

/* ε = √6/√(fan_in + fan_out) for a layer of fan_in inputs and fan_out units
 * (the course's 0.12 for 400→25 is this rounded: 0.1196). */
double nn_init_epsilon(int fan_in, int fan_out);

/* Fill θ (nn_param_count(n_in, n_hidden, n_out) values, row-major Theta1
 * n_hidden×(n_in+1) then row-major Theta2 n_out×(n_hidden+1)) with numbers
 * uniform in [-ε, ε], ε = nn_init_epsilon per matrix. Bias weights included,
 * as in the course's randInitializeWeights. Draws them in θ's order from r. */
void nn_init_weights(double *theta, int n_in, int n_hidden, int n_out, nn_rng *r);

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
} nn_adam_options;

/* Mini-batch Adam over m examples: each epoch shuffles 0..m-1 with the
 * seed's generator and takes one Adam step per batch of opt->batch rows (the
 * last may be smaller). costs[e-1] is the full objective (rows == NULL)
 * after epoch e, one extra evaluation without gradient per epoch. */
int nn_adam(double *theta, double *costs, nn_optim_result *res, nn_batch_objective f, void *ctx,
            int n, int m, const nn_adam_options *adam, const nn_optim_options *opt,
            nn_error *err);

/* ---- the network as an objective ----------------------------------------- */

/* The course's regularized cost of a n_in-n_hidden-K network on the data X
 * (m×(n_in+1), bias column first) with labels y (1..K), at regularization
 * lambda. Keeps its own copy of the data. NULL with err set on a bad label or
 * no memory. Free with nn_net_objective_free (NULL is a no-op). */
typedef struct nn_net_objective nn_net_objective;
nn_net_objective *nn_net_objective_new(const nn_mat *X, const int *y, int K, int n_hidden,
                                       double lambda, nn_error *err);
void nn_net_objective_free(nn_net_objective *o);

/* The full objective, as an nn_objective (ctx is the nn_net_objective). */
double nn_net_objective_eval(const double *theta, double *grad, void *ctx);

/* The objective on rows only, as an nn_batch_objective: the mean cost over
 * those rows plus λ/(2m)·(sum of squared non-bias weights), with the m of
 * the whole data set, and its gradient. Builds a kernel for the batch (the
 * kernel's regularization is scaled by n_rows/m to that end). Returns NaN if
 * memory runs out. */
double nn_net_objective_rows(const double *theta, double *grad, const int *rows, int n_rows,
                             void *ctx);

/* The fraction of the data that θ classifies right (pred: m labels, or NULL). */
double nn_net_objective_accuracy(nn_net_objective *o, const double *theta, int *pred);

/* Number of examples and parameters. */
int nn_net_objective_examples(const nn_net_objective *o);
int nn_net_objective_param_count(const nn_net_objective *o);

#endif
