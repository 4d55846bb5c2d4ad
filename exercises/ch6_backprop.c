/* ch6_backprop.c - Chapter 6 exercise: backpropagation.
 * Read chapters/6-backprop/README.md, then replace each TODO.
 * Check your work with:  make check CH=6 */
#include "workbook.h"

void nn_sigmoid_gradient(double *out, const double *z, int n)
{
    /* TODO: out[i] = g(z[i]) * (1 - g(z[i])) where g is the sigmoid. */
    (void)out;
    (void)z;
    (void)n;
}

int nn_gradient_loop(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                     const nn_mat *X, const nn_mat *Y, nn_error *err)
{
    /* TODO: one forward pass, then for each example compute d3 and d2 and
     * add their outer products with a2 and a1 to G2 and G1. Divide by m. */
    (void)G1;
    (void)G2;
    (void)T1;
    (void)T2;
    (void)X;
    (void)Y;
    return nn_fail(err, "nn_gradient_loop is not written yet (exercises/ch6_backprop.c)");
}

int nn_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                const nn_mat *X, const nn_mat *Y, nn_error *err)
{
    /* TODO: the same gradient with matrix products (nn_gemm): D3 = H - Y,
     * D2 = (D3 · Theta2 without its bias column) .* g'(Z2),
     * G2 = D3ᵀ · A2 / m, G1 = D2ᵀ · A1 / m. */
    (void)G1;
    (void)G2;
    (void)T1;
    (void)T2;
    (void)X;
    (void)Y;
    return nn_fail(err, "nn_gradient is not written yet (exercises/ch6_backprop.c)");
}

int nn_regularized_gradient(nn_mat *G1, nn_mat *G2, const nn_mat *T1, const nn_mat *T2,
                            const nn_mat *X, const nn_mat *Y, double lambda,
                            nn_error *err)
{
    /* TODO: nn_gradient, then add (lambda/m) * Theta to every column but
     * column 0. Do not change T1 or T2. */
    (void)G1;
    (void)G2;
    (void)T1;
    (void)T2;
    (void)X;
    (void)Y;
    (void)lambda;
    return nn_fail(err, "nn_regularized_gradient is not written yet (exercises/ch6_backprop.c)");
}
