/* nn_kernel.c - cost and gradient with reused working memory (nn_kernel.h).
 *
 * The same mathematics as the reference solutions of chapters 4-6, written
 * as four matrix products per evaluation:
 *   Z2 = X·Θ1ᵀ, A2 = [1 g(Z2)], H = g(A2·Θ2ᵀ)
 *   D3 = H - Y, D2 = (D3·Θ2[:,1:]) .* A2[:,1:] .* (1 - A2[:,1:])
 *   ∇Θ2 = D3ᵀ·A2/m, ∇Θ1 = D2ᵀ·X/m, plus (λ/m)Θ off the bias columns. */
#include "nn_kernel.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_net.h"

struct nn_kernel {
    int m, n_in, n_hidden, K; /* examples, inputs, hidden units, classes */
    nn_mat *X;                /* m×(n_in+1), bias column first (own copy) */
    int *y;                   /* m labels 1..K */
    nn_mat *Z2;               /* m×n_hidden */
    nn_mat *A2;               /* m×(n_hidden+1) */
    nn_mat *H;                /* m×K, then reused for D3 */
    nn_mat *D2;               /* m×n_hidden */
};

nn_kernel *nn_kernel_new(const nn_mat *X, const int *y, int K, int n_hidden, nn_error *err)
{
    int m = X->rows;
    for (int i = 0; i < m; i++)
        if (y[i] < 1 || y[i] > K) {
            nn_fail(err, "y[%d] = %d is outside the labels 1..%d", i, y[i], K);
            return NULL;
        }
    nn_kernel *k = calloc(1, sizeof *k);
    if (!k) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    k->m = m;
    k->n_in = X->cols - 1;
    k->n_hidden = n_hidden;
    k->K = K;
    k->X = nn_mat_copy(X);
    k->y = malloc((size_t)(m > 0 ? m : 1) * sizeof *k->y);
    k->Z2 = nn_mat_new(m, n_hidden);
    k->A2 = nn_mat_new(m, n_hidden + 1);
    k->H = nn_mat_new(m, K);
    k->D2 = nn_mat_new(m, n_hidden);
    if (!k->X || !k->y || !k->Z2 || !k->A2 || !k->H || !k->D2) {
        nn_kernel_free(k);
        nn_fail(err, "out of memory for a kernel of %d examples", m);
        return NULL;
    }
    memcpy(k->y, y, (size_t)m * sizeof *y);
    return k;
}

void nn_kernel_free(nn_kernel *k)
{
    if (!k)
        return;
    nn_mat_free(k->X);
    free(k->y);
    nn_mat_free(k->Z2);
    nn_mat_free(k->A2);
    nn_mat_free(k->H);
    nn_mat_free(k->D2);
    free(k);
}

int nn_kernel_param_count(const nn_kernel *k)
{
    return nn_param_count(k->n_in, k->n_hidden, k->K);
}

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static double safe_log(double x)
{
    return x < DBL_MIN ? log(DBL_MIN) : log(x);
}

/* Z2, A2 and H for θ (views T1, T2 into θ). */
static void forward(nn_kernel *k, const nn_mat *T1, const nn_mat *T2)
{
    nn_gemm(k->Z2, 1.0, k->X, false, T1, true, 0.0, NULL);
    for (int i = 0; i < k->m; i++) {
        NN_AT(k->A2, i, 0) = 1.0;
        for (int j = 0; j < k->n_hidden; j++)
            NN_AT(k->A2, i, j + 1) = sigmoid(NN_AT(k->Z2, i, j));
    }
    nn_gemm(k->H, 1.0, k->A2, false, T2, true, 0.0, NULL);
    for (int i = 0; i < k->m; i++)
        for (int c = 0; c < k->K; c++)
            NN_AT(k->H, i, c) = sigmoid(NN_AT(k->H, i, c));
}

double nn_kernel_eval(nn_kernel *k, const double *theta, double *grad, double lambda)
{
    int m = k->m, nh = k->n_hidden, K = k->K, n1 = nh * (k->n_in + 1);
    nn_mat T1 = nn_mat_wrap((double *)theta, nh, k->n_in + 1);
    nn_mat T2 = nn_mat_wrap((double *)theta + n1, K, nh + 1);
    forward(k, &T1, &T2);

    double J = 0.0;
    for (int i = 0; i < m; i++)
        for (int c = 0; c < K; c++) {
            double h = NN_AT(k->H, i, c), y = (k->y[i] == c + 1);
            J -= y * safe_log(h) + (1.0 - y) * safe_log(1.0 - h);
        }
    J /= m;
    double penalty = 0.0;
    for (int i = 0; i < nh; i++)
        for (int j = 1; j <= k->n_in; j++)
            penalty += NN_AT(&T1, i, j) * NN_AT(&T1, i, j);
    for (int i = 0; i < K; i++)
        for (int j = 1; j <= nh; j++)
            penalty += NN_AT(&T2, i, j) * NN_AT(&T2, i, j);
    J += lambda / (2.0 * m) * penalty;
    if (!grad)
        return J;

    nn_mat *D3 = k->H; /* D3 = H - Y, in place */
    for (int i = 0; i < m; i++)
        NN_AT(D3, i, k->y[i] - 1) -= 1.0;
    nn_mat T2_no_bias = nn_mat_view(&T2, 0, 1, K, nh);
    nn_gemm(k->D2, 1.0, D3, false, &T2_no_bias, false, 0.0, NULL);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < nh; j++) {
            double a = NN_AT(k->A2, i, j + 1);
            NN_AT(k->D2, i, j) *= a * (1.0 - a); /* g'(z2) = g(z2)(1 - g(z2)) */
        }
    nn_mat G1 = nn_mat_wrap(grad, nh, k->n_in + 1);
    nn_mat G2 = nn_mat_wrap(grad + n1, K, nh + 1);
    nn_gemm(&G2, 1.0 / m, D3, true, k->A2, false, 0.0, NULL);
    nn_gemm(&G1, 1.0 / m, k->D2, true, k->X, false, 0.0, NULL);
    double s = lambda / m;
    for (int i = 0; i < nh; i++)
        for (int j = 1; j <= k->n_in; j++)
            NN_AT(&G1, i, j) += s * NN_AT(&T1, i, j);
    for (int i = 0; i < K; i++)
        for (int j = 1; j <= nh; j++)
            NN_AT(&G2, i, j) += s * NN_AT(&T2, i, j);
    return J;
}

double nn_kernel_accuracy(nn_kernel *k, const double *theta, int *pred)
{
    int nh = k->n_hidden;
    nn_mat T1 = nn_mat_wrap((double *)theta, nh, k->n_in + 1);
    nn_mat T2 = nn_mat_wrap((double *)theta + nh * (k->n_in + 1), k->K, nh + 1);
    forward(k, &T1, &T2);
    int right = 0;
    for (int i = 0; i < k->m; i++) {
        int best = 0;
        for (int c = 1; c < k->K; c++)
            if (NN_AT(k->H, i, c) > NN_AT(k->H, i, best))
                best = c;
        if (pred)
            pred[i] = best + 1;
        right += (best + 1 == k->y[i]);
    }
    return k->m > 0 ? (double)right / k->m : 0.0;
}
