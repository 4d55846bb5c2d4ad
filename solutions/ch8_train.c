/* ch8_train.c - Chapter 8, reference solution: training and evaluation.
 *
 * With a cost (chapter 5) and its gradient (chapter 6) the network can learn:
 * start from small random weights, step downhill again and again, and then
 * count how many examples it gets right. The weights must start random and
 * different: from all zeros every hidden unit computes the same thing, gets
 * the same gradient, and stays a copy of the others forever. */
#include <math.h>

#include "workbook.h"

/* [excerpt: rand-init] */
/* Fill W with values uniform in [-ε, ε], ε = √6 / √(L_in + L_out). */
static void rand_layer(nn_mat *W, nn_rng *r)
{
    int L_in = W->cols - 1, L_out = W->rows; /* column 0 is the bias */
    double eps = sqrt(6.0) / sqrt((double)(L_in + L_out));
    for (int i = 0; i < W->rows; i++)
        for (int j = 0; j < W->cols; j++)
            NN_AT(W, i, j) = (2.0 * nn_rng_uniform(r) - 1.0) * eps;
}

void nn_rand_init(nn_mat *T1, nn_mat *T2, nn_rng *r)
{
    rand_layer(T1, r); /* each layer its own ε; T2 continues r's stream */
    rand_layer(T2, r);
}
/* [/excerpt] */

/* [excerpt: predict] */
void nn_predict(int *labels, const nn_mat *H)
{
    for (int i = 0; i < H->rows; i++) {
        int best = 0;
        for (int k = 1; k < H->cols; k++)
            if (NN_AT(H, i, k) > NN_AT(H, i, best)) /* '>' keeps the first of equals */
                best = k;
        labels[i] = best + 1; /* column k is label k + 1 */
    }
}

double nn_accuracy(const int *pred, const int *y, int m)
{
    int right = 0;
    for (int i = 0; i < m; i++)
        right += pred[i] == y[i];
    return m > 0 ? (double)right / m : 0.0;
}
/* [/excerpt] */

/* [excerpt: gd-step] */
/* W ← W - alpha · G, entry by entry. */
static void step_layer(nn_mat *W, const nn_mat *G, double alpha)
{
    for (int i = 0; i < W->rows; i++)
        for (int j = 0; j < W->cols; j++)
            NN_AT(W, i, j) -= alpha * NN_AT(G, i, j);
}

int nn_gd_step(nn_mat *T1, nn_mat *T2, const nn_mat *X, const nn_mat *Y, double lambda,
               double alpha, nn_error *err)
{
    nn_mat *G1 = nn_mat_new(T1->rows, T1->cols), *G2 = nn_mat_new(T2->rows, T2->cols);
    int rc = -1;
    if (!G1 || !G2)
        nn_fail(err, "gradient descent: out of memory");
    else if (nn_regularized_gradient(G1, G2, T1, T2, X, Y, lambda, err) == 0) {
        step_layer(T1, G1, alpha); /* both gradients were taken before either step */
        step_layer(T2, G2, alpha);
        rc = 0;
    }
    nn_mat_free(G1);
    nn_mat_free(G2);
    return rc;
}
/* [/excerpt] */

/* [excerpt: train-gd] */
int nn_train_gd(nn_mat *T1, nn_mat *T2, double *costs, const nn_mat *X, const nn_mat *Y,
                double lambda, double alpha, int iters, nn_error *err)
{
    for (int it = 0; it < iters; it++) {
        if (nn_gd_step(T1, T2, X, Y, lambda, alpha, err) != 0)
            return -1;
        costs[it] = nn_regularized_cost(T1, T2, X, Y, lambda); /* J after this step */
        if (!isfinite(costs[it]))
            return nn_fail(err, "gradient descent: the cost is %g after step %d (is alpha too large?)",
                           costs[it], it + 1);
    }
    return 0;
}
/* [/excerpt] */
