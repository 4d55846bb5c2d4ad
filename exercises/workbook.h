/* workbook.h - the functions you write in this workbook, chapter by chapter.
 *
 * Your stubs in exercises/chN_*.c and the reference solutions in solutions/
 * implement exactly these declarations, and the graded tests call them. Each
 * chapter is graded on its own: your chapter N is linked with the reference
 * code for every other chapter, so a bug in one chapter costs points there only.
 *
 * Conventions (see lib/nn_matrix.h):
 *   - Matrices are row-major nn_mat; "m×n" means m rows and n columns.
 *   - m is the number of examples, n_in the inputs (400 pixels for a 20×20
 *     digit), n_hidden the hidden units (25), K the classes (10).
 *   - Theta1 is n_hidden×(n_in+1), Theta2 is K×(n_hidden+1); column 0 of each
 *     holds the bias weights.
 *   - Labels are 1..K as in the course: label 10 stands for the digit 0.
 *   - Outputs come first in the argument list, then inputs.
 *   - A function returning int returns 0 on success, -1 on error with a
 *     one-line message in *err (write it with nn_fail from lib/nn_error.h).
 *   - Helper functions you add to a chapter file must be static: a graded
 *     file may define only the functions declared here.
 */
#ifndef WORKBOOK_H
#define WORKBOOK_H

#include <stdbool.h>

#include "nn_error.h"
#include "nn_matio.h"
#include "nn_matrix.h"
#include "nn_net.h"
#include "nn_rng.h"

/* ---- Chapter 1: loading the data ------------------------------------- */

/* A new m×(n+1) matrix: a column of ones, then the m×n matrix X.
 * NULL if out of memory. The caller frees it with nn_mat_free. */
nn_mat *nn_add_bias(const nn_mat *X);

/* Transpose every row of X in place, seen as a side×side image unrolled
 * column-major (so pixel (r, c) of row i is X(i, r + side*c)).
 * X is m×(side*side). */
void nn_transpose_images(nn_mat *X, int side);

/* Load a course-format data set from the .mat file at path: variable X
 * (m×n_in, any numeric class) and variable y (m labels, whole numbers >= 1).
 * If transpose is true, each image is transposed (n_in must be a square).
 * On success *X is m×(n_in+1) with the bias column added, *y is a malloc'ed
 * array of *m labels, and the caller frees both. On error both are NULL. */
int nn_load_data(const char *path, bool transpose, nn_mat **X, int **y, int *m,
                 nn_error *err);

/* ---- Chapter 2: one-hot encoding of the labels ----------------------- */

/* Y(i, k) = 1 if y[i] == k+1, else 0, for every element of Y.
 * Y is m×K (its shape gives m and K); y holds m labels. A label outside
 * 1..K is an error that names its position and value; Y is then unspecified. */
int nn_one_hot(nn_mat *Y, const int *y, nn_error *err);

/* ---- Chapter 3: parameters ------------------------------------------- */

/* Read Theta1 and Theta2 from the .mat file at path. Any sizes are accepted
 * as long as they fit together: Theta2 must have Theta1's rows + 1 columns.
 * On success the caller frees *T1 and *T2; on error both are NULL. */
int nn_load_weights(const char *path, nn_mat **T1, nn_mat **T2, nn_error *err);

/* Unroll the parameters into one vector, the way the tutorial (numpy's
 * ravel) does: Theta1 row by row, then Theta2 row by row.
 * theta has T1->rows*T1->cols + T2->rows*T2->cols elements. */
void nn_serialize(double *theta, const nn_mat *T1, const nn_mat *T2);

/* The inverse of nn_serialize: fill T1 and T2 from theta. The shapes of T1
 * and T2 give the layer sizes; theta has as many elements as they hold. */
void nn_deserialize(nn_mat *T1, nn_mat *T2, const double *theta);

/* out[i] = 1 / (1 + exp(-z[i])) for i < n. out may be the same array as z. */
void nn_sigmoid(double *out, const double *z, int n);

/* ---- Chapter 4: forward propagation ---------------------------------- */

/* One forward pass of the m examples in X (m×(n_in+1), bias column first).
 *   a1 = X                          m×(n_in+1)
 *   z2 = a1 · Theta1ᵀ              m×n_hidden
 *   a2 = [1, sigmoid(z2)]           m×(n_hidden+1)
 *   z3 = a2 · Theta2ᵀ              m×K
 *   h  = sigmoid(z3)                m×K
 * act comes from nn_activations_new(m, n_in, n_hidden, K). Shapes that do
 * not agree are an error. */
int nn_forward(nn_activations *act, const nn_mat *X, const nn_mat *T1,
               const nn_mat *T2, nn_error *err);

/* ---- Chapter 5: the cost --------------------------------------------- */

/* The cross-entropy cost of the network on (X, Y), averaged over examples:
 *   J = (1/m) Σ_i Σ_k [ -Y(i,k) log h(i,k) - (1 - Y(i,k)) log(1 - h(i,k)) ]
 * X is m×(n_in+1) with its bias column, Y is m×K one-hot. h of exactly 0 or
 * 1 must still give a finite cost (use nn_safe_log). NAN on error. */
double nn_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X, const nn_mat *Y);

/* nn_cost plus the L2 penalty (lambda / 2m) Σ θ² over every weight except
 * the bias columns (column 0) of Theta1 and Theta2. NAN on error. */
double nn_regularized_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                           const nn_mat *Y, double lambda);

/* log(x), except that x below DBL_MIN (zero, negative or subnormal) gives
 * log(DBL_MIN) ≈ -708.4 instead of -inf or NaN. This changes nothing for any
 * h the sigmoid can give that is not exactly 0, and keeps a saturated output
 * (h == 0 or 1 in double) from making J infinite. */
double nn_safe_log(double x);

/* ---- Chapter 6: backpropagation -------------------------------------- */

/* out[i] = sigmoid(z[i]) * (1 - sigmoid(z[i])) for i < n; out may be z. */
void nn_sigmoid_gradient(double *out, const double *z, int n);

/* The gradient of nn_cost with respect to Theta1 and Theta2, one example at
 * a time as the tutorial does: for each example i,
 *   d3 = h_i - y_i                                  (1×K)
 *   d2 = (d3 · Theta2)[without bias] .* g'(z2_i)    (1×n_hidden)
 *   Δ2 += d3ᵀ · a2_i,   Δ1 += d2ᵀ · a1_i
 * then G1 = Δ1 / m and G2 = Δ2 / m. G1 has Theta1's shape, G2 Theta2's. */
int nn_gradient_loop(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                     const nn_mat *X, const nn_mat *Y, nn_error *err);

/* The same gradient for all examples at once, with matrix products:
 *   D3 = H - Y (m×K),  D2 = (D3 · Theta2)[:, 1:] .* g'(Z2) (m×n_hidden)
 *   G2 = D3ᵀ · A2 / m,  G1 = D2ᵀ · A1 / m */
int nn_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                const nn_mat *X, const nn_mat *Y, nn_error *err);

/* The gradient of nn_regularized_cost: nn_gradient plus (lambda/m)·Theta on
 * every column except the bias columns. T1 and T2 are not modified. */
int nn_regularized_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                            const nn_mat *X, const nn_mat *Y, double lambda,
                            nn_error *err);

/* ---- Chapter 7: gradient checking ------------------------------------ */

/* A cost as a function of the unrolled parameters; ctx is the caller's data. */
typedef double (*nn_cost_fn)(const double *theta, void *ctx);

/* The numerical gradient of J at theta by central differences, one
 * parameter at a time:  grad[i] = (J(θ + ε e_i) - J(θ - ε e_i)) / 2ε.
 * theta and grad have n elements; theta is not modified. */
int nn_numerical_gradient(double *grad, const double *theta, int n, nn_cost_fn J,
                          void *ctx, double eps, nn_error *err);

/* ‖a - b‖ / ‖a + b‖ (Euclidean norms) for vectors of n elements. */
double nn_relative_difference(const double *a, const double *b, int n);

/* ---- Chapter 8: training and evaluation ------------------------------ */

/* A random start. Every weight of T1 and of T2, bias columns included, is
 *   w = (2u - 1) · ε,   u = nn_rng_uniform(r),   ε = √6 / √(L_in + L_out)
 * with ε computed for each matrix: L_in is its inputs (cols - 1, without the
 * bias) and L_out its units (rows). Draw T1 row by row, then T2 row by row,
 * all from the one generator r, so a seed gives one exact start. */
void nn_rand_init(nn_mat *T1, nn_mat *T2, nn_rng *r);

/* labels[i] = 1 + the column of the largest entry of row i of H (m×K), so
 * labels are 1..K as in the course. On a tie the first such column wins. */
void nn_predict(int *labels, const nn_mat *H);

/* The fraction of the m predictions equal to the labels y, from 0 to 1. */
double nn_accuracy(const int *pred, const int *y, int m);

/* One step of batch gradient descent on nn_regularized_cost:
 *   Theta ← Theta - alpha · ∇J(Theta)   for every weight of T1 and T2
 * with ∇J from your nn_regularized_gradient (chapter 6), taken at the
 * weights before the step. X is m×(n_in+1), Y m×K one-hot. */
int nn_gd_step(nn_mat *T1, nn_mat *T2, const nn_mat *X, const nn_mat *Y, double lambda,
               double alpha, nn_error *err);

/* iters steps of nn_gd_step from the weights in T1 and T2; costs[i] is
 * nn_regularized_cost after step i + 1 (costs has iters elements). */
int nn_train_gd(nn_mat *T1, nn_mat *T2, double *costs, const nn_mat *X, const nn_mat *Y,
                double lambda, double alpha, int iters, nn_error *err);

#endif
