/* nn_matrix.c - allocation, views and shape-checked CBLAS calls for nn_mat. */
#include "nn_matrix.h"

#include <cblas.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

nn_mat *nn_mat_new(int rows, int cols)
{
    if (rows < 0 || cols < 0)
        return NULL;
    size_t n = (size_t)rows * (size_t)cols;
    if (cols && n / (size_t)cols != (size_t)rows)
        return NULL; /* size overflow */
    if (n > (SIZE_MAX - sizeof(nn_mat)) / sizeof(double))
        return NULL;
    /* The numbers follow the struct in the same block; sizeof(nn_mat) is a
     * multiple of 8 on every ABI we build for, so they stay aligned. */
    nn_mat *m = calloc(1, sizeof(nn_mat) + n * sizeof(double));
    if (!m)
        return NULL;
    m->rows = rows;
    m->cols = cols;
    m->stride = cols;
    m->data = (double *)(m + 1);
    return m;
}

void nn_mat_free(nn_mat *m)
{
    free(m);
}

nn_mat *nn_mat_copy(const nn_mat *src)
{
    nn_mat *m = nn_mat_new(src->rows, src->cols);
    if (!m)
        return NULL;
    for (int i = 0; i < src->rows; i++)
        memcpy(&NN_AT(m, i, 0), &NN_AT(src, i, 0), (size_t)src->cols * sizeof(double));
    return m;
}

nn_mat nn_mat_view(const nn_mat *m, int r0, int c0, int rows, int cols)
{
    nn_mat v = {rows, cols, m->stride, m->data + (size_t)r0 * (size_t)m->stride + (size_t)c0};
    return v;
}

nn_mat nn_mat_wrap(double *data, int rows, int cols)
{
    nn_mat v = {rows, cols, cols, data};
    return v;
}

void nn_mat_fill(nn_mat *m, double value)
{
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            NN_AT(m, i, j) = value;
}

bool nn_mat_same_shape(const nn_mat *a, const nn_mat *b)
{
    return a->rows == b->rows && a->cols == b->cols;
}

int nn_gemm(nn_mat *C, double alpha, const nn_mat *A, bool trans_a,
            const nn_mat *B, bool trans_b, double beta, nn_error *err)
{
    int ar = trans_a ? A->cols : A->rows, ac = trans_a ? A->rows : A->cols;
    int br = trans_b ? B->cols : B->rows, bc = trans_b ? B->rows : B->cols;
    if (ac != br || C->rows != ar || C->cols != bc)
        return nn_fail(err, "nn_gemm: shapes do not agree: op(A) is %d×%d, op(B) is %d×%d, C is %d×%d",
                       ar, ac, br, bc, C->rows, C->cols);
    if (ar == 0 || bc == 0)
        return 0;
    if (ac == 0) { /* empty inner dimension: C = beta * C */
        for (int i = 0; i < C->rows; i++)
            for (int j = 0; j < C->cols; j++)
                NN_AT(C, i, j) = beta == 0.0 ? 0.0 : beta * NN_AT(C, i, j);
        return 0;
    }
    cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                ar, bc, ac, alpha, A->data, A->stride, B->data, B->stride, beta, C->data, C->stride);
    return 0;
}

int nn_gemv(double *y, double alpha, const nn_mat *A, bool trans_a,
            const double *x, int x_len, int y_len, double beta, nn_error *err)
{
    int ar = trans_a ? A->cols : A->rows, ac = trans_a ? A->rows : A->cols;
    if (x_len != ac || y_len != ar)
        return nn_fail(err, "nn_gemv: shapes do not agree: op(A) is %d×%d, x has %d, y has %d",
                       ar, ac, x_len, y_len);
    if (A->rows == 0 || A->cols == 0) {
        for (int i = 0; i < y_len; i++)
            y[i] = beta == 0.0 ? 0.0 : beta * y[i];
        return 0;
    }
    cblas_dgemv(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, A->rows, A->cols, alpha,
                A->data, A->stride, x, 1, beta, y, 1);
    return 0;
}
