/* nn_objective.h - the network as something to minimize, over the fast
 * kernel (nn_kernel.h), and the learning curve that trains it on growing
 * subsets.
 *
 * An nn_net_objective is the course's regularized cost of a n_in-n_hidden-K
 * network on one data set, in the shapes the optimizers of nn_optim.h take:
 * J and ∇J of the whole set (an nn_objective) or of a mini-batch (an
 * nn_batch_objective). It holds the data once, inside its kernel, and an
 * evaluation allocates nothing (nn_kernel_eval_rows). */
#ifndef NN_OBJECTIVE_H
#define NN_OBJECTIVE_H

#include "nn_error.h"
#include "nn_kernel.h"
#include "nn_matrix.h"

typedef struct nn_net_objective nn_net_objective;

/* The objective of the data X (m×(n_in+1), bias column first; copied into
 * the kernel, so X may be freed afterwards) with labels y (1..K) at
 * regularization lambda. NULL with err set on a bad label or no memory.
 * Free with nn_net_objective_free (NULL is a no-op). */
nn_net_objective *nn_net_objective_new(const nn_mat *X, const int *y, int K, int n_hidden,
                                       double lambda, nn_error *err);

/* The objective over a kernel built already (nn_kernel_new_from), which it
 * then owns: freed with it, or at once if this fails. NULL with err set if
 * k is NULL (err is then the kernel's) or memory runs out. */
nn_net_objective *nn_net_objective_of(nn_kernel *k, double lambda, nn_error *err);

void nn_net_objective_free(nn_net_objective *o);

/* The full objective, as an nn_objective (ctx is the nn_net_objective). */
double nn_net_objective_eval(const double *theta, double *grad, void *ctx);

/* The objective on rows only, as an nn_batch_objective: the mean cost over
 * those rows plus λ/(2m)·(sum of squared non-bias weights), with the m of
 * the whole data set (nn_kernel_eval_rows), and its gradient. */
double nn_net_objective_rows(const double *theta, double *grad, const int *rows, int n_rows,
                             void *ctx);

/* The cost at θ with another λ (0: the cost without regularization). */
double nn_net_objective_cost(nn_net_objective *o, const double *theta, double lambda);

/* The fraction of the data that θ classifies right (pred: m labels, or NULL). */
double nn_net_objective_accuracy(nn_net_objective *o, const double *theta, int *pred);

/* Number of examples and parameters. */
int nn_net_objective_examples(const nn_net_objective *o);
int nn_net_objective_param_count(const nn_net_objective *o);

/* ---- the learning curve -------------------------------------------------- */

/* One point: the network trained on the first m examples (in the order
 * below), its error (1 - accuracy) on them and on the held-out set, and
 * both costs without λ. */
typedef struct {
    int m;
    double train_error, test_error;
    double train_cost, test_cost;
    int iterations;        /* fmincg's iterations (fewer when it stopped early) */
} nn_curve_point;

/* Called after each point; nonzero stops the curve there. */
typedef int (*nn_curve_progress)(const nn_curve_point *p, void *ctx);

/* Train fmincg for iters iterations at lambda from theta0 (the random
 * start: nn_param_count values, copied) on `sizes` growing subsets of
 * (X, y), spaced evenly on a log scale from min_per_class·K examples to all
 * m, each taking the first examples of every class in turn (so that small
 * subsets hold every class), and evaluate each on (Xt, yt). Writes up to
 * `sizes` points (fewer if two sizes round to the same m) and their count
 * to *n_points. 0, or -1 with err set (no memory, a bad label). */
int nn_learning_curve(nn_curve_point *points, int *n_points, const nn_mat *X, const int *y,
                      const nn_mat *Xt, const int *yt, int K, int n_hidden, double lambda, int iters,
                      int sizes, int min_per_class, const double *theta0, nn_curve_progress progress,
                      void *ctx, nn_error *err);

#endif
