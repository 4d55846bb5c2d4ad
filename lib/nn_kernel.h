/* nn_kernel.h - the cost and gradient of the network, for repeated use.
 *
 * Training, `nnwb eval` and the benchmark evaluate the same function many
 * times on one data set: J(θ) and ∇J(θ) for the course's two-layer sigmoid
 * network with L2 regularization (bias columns excluded). A kernel holds the
 * data and all the working memory, so an evaluation allocates nothing.
 *
 * θ is unrolled the tutorial's way (row-major Theta1, then row-major Theta2;
 * see nn_serialize in exercises/workbook.h). The results equal the reference
 * solutions of chapters 5 and 6 (see tests/unit/test_kernel.c).
 */
#ifndef NN_KERNEL_H
#define NN_KERNEL_H

#include "nn_error.h"
#include "nn_matrix.h"

typedef struct nn_kernel nn_kernel;

/* A kernel for the data X (m×(n_in+1), bias column first) with labels y
 * (m values in 1..K) and a network with n_hidden hidden units. The kernel
 * keeps its own copy of what it needs; X and y may be freed afterwards.
 * NULL with err set if a label is out of range or memory runs out. */
nn_kernel *nn_kernel_new(const nn_mat *X, const int *y, int K, int n_hidden, nn_error *err);

/* Free a kernel; NULL is a no-op. */
void nn_kernel_free(nn_kernel *k);

/* Number of parameters θ has: n_hidden*(n_in+1) + K*(n_hidden+1). */
int nn_kernel_param_count(const nn_kernel *k);

/* J(θ) with regularization lambda; if grad is not NULL, also ∇J(θ) into it
 * (nn_kernel_param_count elements, same order as θ). */
double nn_kernel_eval(nn_kernel *k, const double *theta, double *grad, double lambda);

/* The network's predictions (labels 1..K) for the kernel's m examples at θ,
 * and the fraction that equal the labels. pred may be NULL. */
double nn_kernel_accuracy(nn_kernel *k, const double *theta, int *pred);

#endif
