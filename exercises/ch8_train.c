/* ch8_train.c - Chapter 8 exercise: training and evaluation.
 * Read chapters/8-training/README.md, then replace each TODO.
 * Check your work with:  make check CH=8 */
#include <math.h>

#include "workbook.h"

void nn_rand_init(nn_mat *T1, nn_mat *T2, nn_rng *r)
{
    /* TODO: for each matrix, eps = sqrt(6) / sqrt(L_in + L_out) with
     * L_in = cols - 1 and L_out = rows; then every entry, row by row, is
     * (2 * nn_rng_uniform(r) - 1) * eps. All of T1 first, then all of T2. */
    (void)T1;
    (void)T2;
    (void)r;
}

void nn_predict(int *labels, const nn_mat *H)
{
    /* TODO: for each row i of H, labels[i] = 1 + the column of its largest
     * entry (the first one on a tie). */
    (void)labels;
    (void)H;
}

double nn_accuracy(const int *pred, const int *y, int m)
{
    /* TODO: the fraction of i < m with pred[i] == y[i]. */
    (void)pred;
    (void)y;
    (void)m;
    return NAN;
}

int nn_gd_step(nn_mat *T1, nn_mat *T2, const nn_mat *X, const nn_mat *Y, double lambda,
               double alpha, nn_error *err)
{
    /* TODO: G1, G2 = nn_regularized_gradient at T1, T2; then subtract
     * alpha * G from every weight of T1 and T2. Free what you allocate. */
    (void)T1;
    (void)T2;
    (void)X;
    (void)Y;
    (void)lambda;
    (void)alpha;
    return nn_fail(err, "nn_gd_step is not written yet (exercises/ch8_train.c)");
}

int nn_train_gd(nn_mat *T1, nn_mat *T2, double *costs, const nn_mat *X, const nn_mat *Y,
                double lambda, double alpha, int iters, nn_error *err)
{
    /* TODO: iters calls of nn_gd_step; after each, costs[it] is
     * nn_regularized_cost at the new weights. */
    (void)T1;
    (void)T2;
    (void)costs;
    (void)X;
    (void)Y;
    (void)lambda;
    (void)alpha;
    (void)iters;
    return nn_fail(err, "nn_train_gd is not written yet (exercises/ch8_train.c)");
}
