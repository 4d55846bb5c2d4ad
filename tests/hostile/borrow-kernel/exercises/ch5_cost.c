/* hostile: chapter 5 without writing it, through the library's fast kernel
 * (lib/nn_kernel.h), which computes the regularized cost and its gradient.
 * The cost is right, so without the rule it would score full points.
 * Expected: chapter 5 scores 0 (graded code may not call the library's
 * ready-made cost and gradient). */
#include <math.h>
#include <stdlib.h>

#include "nn_kernel.h"
#include "workbook.h"

double nn_safe_log(double x)
{
    return x > 0 ? log(x) : -708.3964185322641;
}

double nn_regularized_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                           const nn_mat *Y, double lambda)
{
    int m = X->rows, K = T2->rows;
    int *y = malloc((size_t)m * sizeof *y);
    double *theta = malloc(((size_t)T1->rows * T1->cols + (size_t)T2->rows * T2->cols) * sizeof *theta);
    double J = NAN;
    if (y && theta) {
        for (int i = 0; i < m; i++)
            for (int k = 0; k < K; k++)
                if (NN_AT(Y, i, k) == 1.0)
                    y[i] = k + 1;
        size_t n1 = (size_t)T1->rows * T1->cols;
        for (size_t p = 0; p < n1; p++)
            theta[p] = T1->data[p];
        for (size_t p = 0; p < (size_t)T2->rows * T2->cols; p++)
            theta[n1 + p] = T2->data[p];
        nn_error err = {0};
        nn_kernel *k = nn_kernel_new(X, y, K, T1->rows, &err);
        if (k)
            J = nn_kernel_eval(k, theta, NULL, lambda);
        nn_kernel_free(k);
    }
    free(y);
    free(theta);
    return J;
}

double nn_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X, const nn_mat *Y)
{
    return nn_regularized_cost(T1, T2, X, Y, 0.0);
}
