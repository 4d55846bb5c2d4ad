/* mine_net.h - the network as nnwb-mine trains and tests it: with the
 * workbook's functions (the student's chapters in nnwb-mine, the reference
 * in nnwb), not with the fast kernel of lib/nn_kernel.h.
 *
 *   cost and gradient    nn_regularized_cost, nn_regularized_gradient (chapters 5, 6)
 *   θ to the matrices    nn_deserialize, nn_serialize (chapter 3)
 *   the labels, one-hot  nn_one_hot (chapter 2)
 *   predictions          nn_forward (chapter 4), nn_predict, nn_accuracy (chapter 8)
 *
 * It is slower than the kernel (it computes what the chapters compute, the
 * clear way), and gives the same numbers to rounding. */
#ifndef MINE_NET_H
#define MINE_NET_H

#include "nn_error.h"
#include "nn_matrix.h"

typedef struct mine_net mine_net;

/* A n_in-hidden-K network on the m examples X (m×(n_in+1), bias column
 * first; kept by pointer, not copied: X must outlive the net) with labels y
 * (1..K; copied), regularized by lambda. NULL with err set. */
mine_net *mine_net_new(const nn_mat *X, const int *y, int K, int hidden, double lambda, nn_error *err);
void mine_net_free(mine_net *n); /* NULL is a no-op */

/* J(θ) and, if grad is not NULL, ∇J(θ): an nn_objective (nn_optim.h). NaN
 * if a chapter returned an error (mine_net_error then says which). */
double mine_net_eval(const double *theta, double *grad, void *ctx);

/* The same on rows[0..n_rows-1] only, with the λ/(2m) of all m examples: an
 * nn_batch_objective. rows == NULL means all. */
double mine_net_rows(const double *theta, double *grad, const int *rows, int n_rows, void *ctx);

/* The fraction of the examples θ classifies right; pred (m labels) may be
 * NULL. NaN if a chapter returned an error. */
double mine_net_accuracy(mine_net *n, const double *theta, int *pred);

/* The last error a chapter reported, or "". */
const char *mine_net_error(const mine_net *n);

#endif
