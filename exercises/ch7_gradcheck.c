/* ch7_gradcheck.c - Chapter 7 exercise: gradient checking.
 * Read chapters/7-gradient-checking/README.md, then replace each TODO.
 * Check your work with:  make check CH=7 */
#include <math.h>

#include "workbook.h"

int nn_numerical_gradient(double *grad, const double *theta, int n, nn_cost_fn J,
                          void *ctx, double eps, nn_error *err)
{
    /* TODO: for each i, evaluate J with theta[i] raised by eps and lowered
     * by eps (on a copy of theta), and set grad[i] to the difference over
     * 2*eps. Do not modify theta. */
    (void)grad;
    (void)theta;
    (void)n;
    (void)J;
    (void)ctx;
    (void)eps;
    return nn_fail(err, "nn_numerical_gradient is not written yet (exercises/ch7_gradcheck.c)");
}

double nn_relative_difference(const double *a, const double *b, int n)
{
    /* TODO: the norm of a - b divided by the norm of a + b. */
    (void)a;
    (void)b;
    (void)n;
    return NAN;
}
