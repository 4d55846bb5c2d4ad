/* ch7_gradcheck.c - Chapter 7, reference solution: gradient checking.
 *
 * Backpropagation is easy to get subtly wrong, so we check it against the
 * definition of a derivative: nudge one parameter up and down by ε and see
 * how the cost moves. This costs two cost evaluations per parameter, far too
 * slow for training, but fine on a small network to prove the code right. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workbook.h"

/* [excerpt: numerical-gradient] */
int nn_numerical_gradient(double *grad, const double *theta, int n, nn_cost_fn J,
                          void *ctx, double eps, nn_error *err)
{
    /* Perturb a private copy, one parameter at a time: no n×n matrices. */
    double *t = malloc((size_t)n * sizeof *t);
    if (!t)
        return nn_fail(err, "numerical gradient: out of memory for %d parameters", n);
    memcpy(t, theta, (size_t)n * sizeof *t);
    for (int i = 0; i < n; i++) {
        double saved = t[i];
        t[i] = saved + eps;
        double plus = J(t, ctx);
        t[i] = saved - eps;
        double minus = J(t, ctx);
        t[i] = saved; /* put it back before the next parameter */
        grad[i] = (plus - minus) / (2.0 * eps);
    }
    free(t);
    return 0;
}
/* [/excerpt] */

/* [excerpt: relative-difference] */
double nn_relative_difference(const double *a, const double *b, int n)
{
    double diff = 0.0, sum = 0.0;
    for (int i = 0; i < n; i++) {
        diff += (a[i] - b[i]) * (a[i] - b[i]);
        sum += (a[i] + b[i]) * (a[i] + b[i]);
    }
    return sqrt(diff) / sqrt(sum);
}
/* [/excerpt] */
