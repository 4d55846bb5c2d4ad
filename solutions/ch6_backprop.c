/* ch6_backprop.c - Chapter 6, reference solution: backpropagation.
 *
 * The gradient says how the cost changes with every weight. Backpropagation
 * gets it from one forward pass and one backward pass: the error at the
 * output (d3 = h - y) is sent back through Theta2 and scaled by the slope of
 * the sigmoid to give the error of each hidden unit (d2). A weight's gradient
 * is then the error at its output times the activation at its input.
 * Two versions follow: one example at a time, as the tutorial writes it, and
 * all examples at once with matrix products. They give the same numbers. */
#include <stdlib.h>

#include "workbook.h"

/* [excerpt: sigmoid-gradient] */
void nn_sigmoid_gradient(double *out, const double *z, int n)
{
    for (int i = 0; i < n; i++) {
        double s;
        nn_sigmoid(&s, &z[i], 1);
        out[i] = s * (1.0 - s); /* g'(z) = g(z) (1 - g(z)) */
    }
}
/* [/excerpt] */

static int check_shapes(const nn_mat *G1, const nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                        const nn_mat *X, const nn_mat *Y, nn_error *err)
{
    if (!nn_mat_same_shape(G1, T1) || !nn_mat_same_shape(G2, T2))
        return nn_fail(err, "gradient: G1 is %d×%d and G2 %d×%d, expected the shapes of Theta1 (%d×%d) and Theta2 (%d×%d)",
                       G1->rows, G1->cols, G2->rows, G2->cols, T1->rows, T1->cols, T2->rows, T2->cols);
    if (Y->rows != X->rows || Y->cols != T2->rows || X->rows == 0)
        return nn_fail(err, "gradient: X has %d rows, Y is %d×%d, Theta2 has %d rows", X->rows,
                       Y->rows, Y->cols, T2->rows);
    return 0;
}

/* [excerpt: gradient-loop] */
int nn_gradient_loop(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                     const nn_mat *X, const nn_mat *Y, nn_error *err)
{
    if (check_shapes(G1, G2, T1, T2, X, Y, err) != 0)
        return -1;
    int m = X->rows, n_hidden = T1->rows, K = T2->rows;
    nn_activations *act = nn_activations_new(m, X->cols - 1, n_hidden, K);
    double *d3 = malloc((size_t)K * sizeof *d3);        /* output error, 1×K */
    double *d2 = malloc((size_t)n_hidden * sizeof *d2); /* hidden error, 1×n_hidden */
    int rc = -1;
    if (!act || !d3 || !d2) {
        nn_fail(err, "gradient: out of memory");
        goto done;
    }
    if (nn_forward(act, X, T1, T2, err) != 0)
        goto done;

    nn_mat_fill(G1, 0.0); /* G1 and G2 accumulate Δ1 and Δ2 */
    nn_mat_fill(G2, 0.0);
    for (int i = 0; i < m; i++) {
        for (int k = 0; k < K; k++)
            d3[k] = NN_AT(&act->h, i, k) - NN_AT(Y, i, k);

        /* d2 = (d3 · Theta2) without the bias column, times g'(z2) */
        nn_sigmoid_gradient(d2, &NN_AT(&act->z2, i, 0), n_hidden);
        for (int j = 0; j < n_hidden; j++) {
            double back = 0.0;
            for (int k = 0; k < K; k++)
                back += d3[k] * NN_AT(T2, k, j + 1);
            d2[j] *= back;
        }

        /* Δ2 += d3ᵀ · a2_i  and  Δ1 += d2ᵀ · a1_i  (outer products) */
        for (int k = 0; k < K; k++)
            for (int c = 0; c < G2->cols; c++)
                NN_AT(G2, k, c) += d3[k] * NN_AT(&act->a2, i, c);
        for (int j = 0; j < n_hidden; j++)
            for (int c = 0; c < G1->cols; c++)
                NN_AT(G1, j, c) += d2[j] * NN_AT(X, i, c);
    }

    for (int j = 0; j < G1->rows; j++) /* average over the examples */
        for (int c = 0; c < G1->cols; c++)
            NN_AT(G1, j, c) /= m;
    for (int k = 0; k < G2->rows; k++)
        for (int c = 0; c < G2->cols; c++)
            NN_AT(G2, k, c) /= m;
    rc = 0;
done:
    nn_activations_free(act);
    free(d3);
    free(d2);
    return rc;
}
/* [/excerpt] */

/* [excerpt: gradient] */
int nn_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                const nn_mat *X, const nn_mat *Y, nn_error *err)
{
    if (check_shapes(G1, G2, T1, T2, X, Y, err) != 0)
        return -1;
    int m = X->rows, n_hidden = T1->rows, K = T2->rows;
    nn_activations *act = nn_activations_new(m, X->cols - 1, n_hidden, K);
    nn_mat *D3 = nn_mat_new(m, K);        /* output errors, m×K */
    nn_mat *D2 = nn_mat_new(m, n_hidden); /* hidden errors, m×n_hidden */
    int rc = -1;
    if (!act || !D3 || !D2) {
        nn_fail(err, "gradient: out of memory");
        goto done;
    }
    if (nn_forward(act, X, T1, T2, err) != 0)
        goto done;

    for (int i = 0; i < m; i++) /* D3 = H - Y */
        for (int k = 0; k < K; k++)
            NN_AT(D3, i, k) = NN_AT(&act->h, i, k) - NN_AT(Y, i, k);

    /* D2 = (D3 · Theta2[:, 1:]) .* g'(Z2) */
    nn_mat T2_no_bias = nn_mat_view(T2, 0, 1, K, n_hidden);
    if (nn_gemm(D2, 1.0, D3, false, &T2_no_bias, false, 0.0, err) != 0)
        goto done;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n_hidden; j++) {
            double slope;
            nn_sigmoid_gradient(&slope, &NN_AT(&act->z2, i, j), 1);
            NN_AT(D2, i, j) *= slope;
        }

    /* G2 = D3ᵀ · A2 / m  and  G1 = D2ᵀ · A1 / m */
    if (nn_gemm(G2, 1.0 / m, D3, true, &act->a2, false, 0.0, err) != 0 ||
        nn_gemm(G1, 1.0 / m, D2, true, X, false, 0.0, err) != 0)
        goto done;
    rc = 0;
done:
    nn_activations_free(act);
    nn_mat_free(D3);
    nn_mat_free(D2);
    return rc;
}
/* [/excerpt] */

/* [excerpt: regularized-gradient] */
int nn_regularized_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                            const nn_mat *X, const nn_mat *Y, double lambda,
                            nn_error *err)
{
    if (nn_gradient(G1, G2, T1, T2, X, Y, err) != 0)
        return -1;
    double scale = lambda / X->rows;
    /* Start at column 1: the bias weights are not regularized. Theta1 and
     * Theta2 are only read, never changed (the tutorial zeroes their bias
     * columns in place, which corrupts the caller's parameters). */
    for (int i = 0; i < G1->rows; i++)
        for (int j = 1; j < G1->cols; j++)
            NN_AT(G1, i, j) += scale * NN_AT(T1, i, j);
    for (int i = 0; i < G2->rows; i++)
        for (int j = 1; j < G2->cols; j++)
            NN_AT(G2, i, j) += scale * NN_AT(T2, i, j);
    return 0;
}
/* [/excerpt] */
