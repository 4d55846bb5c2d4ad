/* ch5_cost.c - Chapter 5, reference solution: the cost.
 *
 * The cost says how wrong the network is: for each example and each output
 * unit, the cross-entropy between the target (0 or 1) and the output h.
 * Regularization adds the squared weights, so that large weights cost too;
 * the bias weights (column 0) are left out because they only shift a unit. */
#include <float.h>
#include <math.h>

#include "workbook.h"

/* [excerpt: safe-log] */
double nn_safe_log(double x)
{
    /* log(0) is -inf, and 0 * -inf is NaN: one saturated output would make
     * the whole cost NaN. Below the smallest normal double we use
     * log(DBL_MIN) ≈ -708.4 instead. NaN still gives NaN. */
    return x < DBL_MIN ? log(DBL_MIN) : log(x);
}
/* [/excerpt] */

/* [excerpt: cost] */
double nn_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X, const nn_mat *Y)
{
    int m = X->rows, K = T2->rows;
    if (Y->rows != m || Y->cols != K || m == 0)
        return NAN;
    nn_activations *act = nn_activations_new(m, X->cols - 1, T1->rows, K);
    if (!act)
        return NAN;
    double J = NAN;
    if (nn_forward(act, X, T1, T2, NULL) == 0) {
        double sum = 0.0;
        for (int i = 0; i < m; i++)
            for (int k = 0; k < K; k++) {
                double y = NN_AT(Y, i, k), h = NN_AT(&act->h, i, k);
                sum += -y * nn_safe_log(h) - (1.0 - y) * nn_safe_log(1.0 - h);
            }
        J = sum / m;
    }
    nn_activations_free(act);
    return J;
}
/* [/excerpt] */

/* Σ θ² over every column but the first (the bias weights). */
static double sum_squares_without_bias(const nn_mat *T)
{
    double sum = 0.0;
    for (int i = 0; i < T->rows; i++)
        for (int j = 1; j < T->cols; j++)
            sum += NN_AT(T, i, j) * NN_AT(T, i, j);
    return sum;
}

/* [excerpt: regularized-cost] */
double nn_regularized_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                           const nn_mat *Y, double lambda)
{
    int m = X->rows;
    double penalty = sum_squares_without_bias(T1) + sum_squares_without_bias(T2);
    return nn_cost(T1, T2, X, Y) + lambda / (2.0 * m) * penalty;
}
/* [/excerpt] */
