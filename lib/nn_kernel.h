/* nn_kernel.h - the cost and gradient of the network, for repeated use.
 *
 * Training, `nnwb eval` and the benchmark evaluate the same function many
 * times on one data set: J(θ) and ∇J(θ) for the course's two-layer sigmoid
 * network with L2 regularization (bias columns excluded). A kernel holds the
 * data and all the working memory, so an evaluation allocates nothing.
 *
 * θ is unrolled the tutorial's way (row-major Theta1, then row-major Theta2;
 * see nn_serialize in exercises/workbook.h). The results equal the reference
 * solutions of chapters 5 and 6 to rounding, within 1e-12 relative (see
 * tests/unit/test_kernel.c); the summation order differs, so not bit for bit.
 *
 * This is nnwb's fast code (lib/nn_kernel.c says how); the reference
 * solutions are the clear version of the same mathematics. A kernel is not
 * safe to use from two threads at once; it may start its own threads.
 */
#ifndef NN_KERNEL_H
#define NN_KERNEL_H

#include <stdbool.h>

#include "nn_error.h"
#include "nn_matrix.h"

typedef struct nn_kernel nn_kernel;

/* A kernel for the data X (m×(n_in+1), bias column first) with labels y
 * (m values in 1..K) and a network with n_hidden hidden units. The kernel
 * keeps its own copy of what it needs; X and y may be freed afterwards.
 * NULL with err set if a label is out of range or memory runs out. */
nn_kernel *nn_kernel_new(const nn_mat *X, const int *y, int K, int n_hidden, nn_error *err);

/* Writes a kernel's examples into X, a view (m×cols, bias column first) into
 * the kernel's own layout: 0, or -1 with err set. */
typedef int (*nn_kernel_source)(nn_mat *X, void *ctx, nn_error *err);

/* nn_kernel_new for m examples of cols columns (n_in+1) that fill(X, ctx)
 * writes straight into the kernel, with no copy of X of the caller's own:
 * nnwb train reads its data set from the file this way (nn_mat_read_into).
 * NULL with err set if a label is out of range, memory runs out or fill
 * fails. */
nn_kernel *nn_kernel_new_from(int m, int cols, nn_kernel_source fill, void *ctx, const int *y, int K,
                              int n_hidden, nn_error *err);

/* Free a kernel; NULL is a no-op. */
void nn_kernel_free(nn_kernel *k);

/* Number of examples m the kernel holds. */
int nn_kernel_examples(const nn_kernel *k);

/* Number of parameters θ has: n_hidden*(n_in+1) + K*(n_hidden+1). */
int nn_kernel_param_count(const nn_kernel *k);

/* J(θ) with regularization lambda; if grad is not NULL, also ∇J(θ) into it
 * (nn_kernel_param_count elements, same order as θ). */
double nn_kernel_eval(nn_kernel *k, const double *theta, double *grad, double lambda);

/* The same on the examples rows[0..n_rows-1] only (0-based, repeats
 * allowed; rows == NULL means all): the mean cost over those rows plus
 * lambda/(2m)·Σθ², with the m of ALL the kernel's examples, and its
 * gradient. So the expectation over random mini-batches is the full
 * nn_kernel_eval, as Adam wants. Each thread gathers a block of the rows
 * into its own buffer just before it computes on it, so a batch's rows are
 * read from memory once and nothing is allocated. NaN if n_rows is outside
 * 1..m. */
double nn_kernel_eval_rows(nn_kernel *k, const double *theta, double *grad, double lambda, const int *rows,
                           int n_rows);

/* The network's predictions (labels 1..K) for the kernel's m examples at θ,
 * and the fraction that equal the labels. pred may be NULL. */
double nn_kernel_accuracy(nn_kernel *k, const double *theta, int *pred);

/* Use n_threads threads per evaluation (values below 1 mean 1, and at most
 * 64). A new kernel uses $NNWB_THREADS if that is set, else one thread per
 * online CPU up to 8: on the 2-core machine of docs/FACTS.md, 2 threads take
 * digits20 from about 2.6 to 1.4 ms per evaluation. A thread only pays for
 * itself on large data: fewer are used when m is small (below 512 examples
 * per thread). -1 with err set if memory runs out; the kernel then keeps its
 * previous setting. */
int nn_kernel_set_threads(nn_kernel *k, int n_threads, nn_error *err);

/* The thread count set by nn_kernel_set_threads. */
int nn_kernel_threads(const nn_kernel *k);

/* If portable is true, use the build of the kernel for the compiler's
 * baseline instruction set, the one CPUs without AVX-512 run, even where
 * AVX-512 is available (for tests and for comparison; the results agree
 * to rounding). It does the large products with OpenBLAS's dgemm. */
void nn_kernel_set_portable(nn_kernel *k, bool portable);

/* True when evaluations use the AVX-512 build (the CPU has it and
 * nn_kernel_set_portable(k, true) was not called). */
bool nn_kernel_wide(const nn_kernel *k);

#endif
