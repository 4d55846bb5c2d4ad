/* nn_net.c - working memory for the forward pass, prediction and fixtures. */
#include "nn_net.h"

#include <math.h>
#include <stdlib.h>

nn_activations *nn_activations_new(int m, int n_in, int n_hidden, int n_out)
{
    (void)n_in; /* a1 is a view of the caller's X: no storage needed */
    if (m < 0 || n_hidden < 0 || n_out < 0)
        return NULL;
    size_t per_row = (size_t)n_hidden + (size_t)(n_hidden + 1) + 2 * (size_t)n_out;
    size_t n = (size_t)m * per_row;
    nn_activations *act = calloc(1, sizeof *act + n * sizeof(double));
    if (!act)
        return NULL;
    double *p = (double *)(act + 1);
    act->z2 = nn_mat_wrap(p, m, n_hidden);
    p += (size_t)m * (size_t)n_hidden;
    act->a2 = nn_mat_wrap(p, m, n_hidden + 1);
    p += (size_t)m * (size_t)(n_hidden + 1);
    act->z3 = nn_mat_wrap(p, m, n_out);
    p += (size_t)m * (size_t)n_out;
    act->h = nn_mat_wrap(p, m, n_out);
    return act;
}

void nn_activations_free(nn_activations *act)
{
    free(act);
}

void nn_debug_weights(nn_mat *W)
{
    for (int i = 0; i < W->rows; i++)
        for (int j = 0; j < W->cols; j++)
            NN_AT(W, i, j) = sin((double)(1 + i + W->rows * j)) / 10.0;
}

int nn_param_count(int n_in, int n_hidden, int n_out)
{
    return n_hidden * (n_in + 1) + n_out * (n_hidden + 1);
}
