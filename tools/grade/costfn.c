/* costfn.c - the cost functions handed to nn_numerical_gradient (costfn.h). */
#include "costfn.h"

#include <math.h>

#include "protocol.h"
#include "workbook.h"

/* J(θ) = Σ_i (i+1) θ_i² / 2 + θ_0 θ_{n-1}: a quadratic whose gradient,
 * (i+1) θ_i plus the cross term, central differences give almost exactly. */
static double quadratic(const double *theta, int n)
{
    double J = 0.0;
    for (int i = 0; i < n; i++)
        J += 0.5 * (i + 1) * theta[i] * theta[i];
    return n > 1 ? J + theta[0] * theta[n - 1] : J;
}

double nn_costfn_eval(const double *theta, void *ctx)
{
    nn_costfn *c = ctx;
    c->calls++;
    if (c->kind == NN_COSTFN_QUADRATIC)
        return quadratic(theta, c->n);
    if (!c->T1 || !c->T2)
        return NAN;
    nn_deserialize(c->T1, c->T2, theta);
    return nn_regularized_cost(c->T1, c->T2, c->X, c->Y, c->lambda);
}

int nn_costfn_network(nn_costfn *c, int n_in, int hidden, int K, const nn_mat *X, const nn_mat *Y,
                      double lambda)
{
    *c = (nn_costfn){.kind = NN_COSTFN_NETWORK, .n = nn_param_count(n_in, hidden, K), .X = X, .Y = Y,
                     .lambda = lambda};
    c->T1 = nn_mat_new(hidden, n_in + 1);
    c->T2 = nn_mat_new(K, hidden + 1);
    if (!c->T1 || !c->T2) {
        nn_costfn_free(c);
        return -1;
    }
    return 0;
}

void nn_costfn_free(nn_costfn *c)
{
    nn_mat_free(c->T1);
    nn_mat_free(c->T2);
    c->T1 = c->T2 = NULL;
}
