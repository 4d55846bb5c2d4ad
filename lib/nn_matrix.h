/* nn_matrix.h - the dense, row-major double matrix that all of nnwb uses.
 *
 * Element (i, j) of an r×c matrix lives at data[i*stride + j]. A matrix made
 * by nn_mat_new owns its data: struct and numbers come from one allocation and
 * go with one nn_mat_free. A view (nn_mat_view, nn_mat_wrap) is a plain struct
 * that points into someone else's numbers; it owns nothing and is never freed.
 *
 * The BLAS wrappers check shapes and return -1 with a message on a mismatch,
 * so a wrong shape is an error you can read, not a wrong answer.
 */
#ifndef NN_MATRIX_H
#define NN_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "nn_error.h"

typedef struct {
    int rows;     /* number of rows */
    int cols;     /* number of columns */
    int stride;   /* doubles from one row to the next, >= cols */
    double *data; /* row-major numbers; owned only if made by nn_mat_new */
} nn_mat;

/* Element (i, j) of matrix pointer m, as an lvalue. */
#define NN_AT(m, i, j) ((m)->data[(size_t)(i) * (size_t)(m)->stride + (size_t)(j)])

/* A new zero-filled rows×cols matrix in one allocation, or NULL if out of
 * memory or a dimension is negative. Free it with nn_mat_free. */
nn_mat *nn_mat_new(int rows, int cols);

/* Free a matrix made by nn_mat_new. nn_mat_free(NULL) does nothing. */
void nn_mat_free(nn_mat *m);

/* A copy of any matrix or view as a new contiguous matrix (NULL if no memory). */
nn_mat *nn_mat_copy(const nn_mat *src);

/* A view of rows r0.. and columns c0.. of m (rows×cols); shares m's numbers. */
nn_mat nn_mat_view(const nn_mat *m, int r0, int c0, int rows, int cols);

/* A view of a contiguous rows×cols block of numbers that the caller owns. */
nn_mat nn_mat_wrap(double *data, int rows, int cols);

/* Set every element of m to value. */
void nn_mat_fill(nn_mat *m, double value);

/* C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
 * Shapes must agree: op(A) is r×k, op(B) is k×c and C is r×c. Uses CBLAS dgemm. */
int nn_gemm(nn_mat *C, double alpha, const nn_mat *A, bool trans_a,
            const nn_mat *B, bool trans_b, double beta, nn_error *err);

/* y = alpha * op(A) * x + beta * y for vectors x and y (length from op(A)'s
 * shape: op(A) is r×c, x has c elements, y has r). Uses CBLAS dgemv. */
int nn_gemv(double *y, double alpha, const nn_mat *A, bool trans_a,
            const double *x, int x_len, int y_len, double beta, nn_error *err);

/* True when a and b have the same shape. */
bool nn_mat_same_shape(const nn_mat *a, const nn_mat *b);

#endif
