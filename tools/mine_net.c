/* mine_net.c - the network objective from the workbook's functions (mine_net.h). */
#include "mine_net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workbook.h"

struct mine_net {
    const nn_mat *X;        /* m×(n_in+1), the caller's */
    nn_mat *Y;              /* m×K one-hot, from nn_one_hot */
    int *y;                 /* m labels */
    int m, n_in, hidden, K;
    double lambda;
    nn_mat *T1, *T2, *G1, *G2; /* θ and ∇J as matrices */
    nn_mat *Xb, *Yb;        /* a batch's rows, for mine_net_rows */
    nn_activations *act;    /* for the predictions */
    nn_error err;           /* the last error of a chapter */
};

void mine_net_free(mine_net *n)
{
    if (!n)
        return;
    nn_mat_free(n->Y);
    free(n->y);
    nn_mat_free(n->T1);
    nn_mat_free(n->T2);
    nn_mat_free(n->G1);
    nn_mat_free(n->G2);
    nn_mat_free(n->Xb);
    nn_mat_free(n->Yb);
    nn_activations_free(n->act);
    free(n);
}

mine_net *mine_net_new(const nn_mat *X, const int *y, int K, int hidden, double lambda, nn_error *err)
{
    mine_net *n = calloc(1, sizeof *n);
    if (!n) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    int m = X->rows, n_in = X->cols - 1;
    *n = (mine_net){.X = X, .m = m, .n_in = n_in, .hidden = hidden, .K = K, .lambda = lambda};
    n->Y = nn_mat_new(m, K);
    n->y = malloc((size_t)m * sizeof *n->y);
    n->T1 = nn_mat_new(hidden, n_in + 1);
    n->T2 = nn_mat_new(K, hidden + 1);
    n->G1 = nn_mat_new(hidden, n_in + 1);
    n->G2 = nn_mat_new(K, hidden + 1);
    n->Xb = nn_mat_new(m, n_in + 1);
    n->Yb = nn_mat_new(m, K);
    n->act = nn_activations_new(m, n_in, hidden, K);
    if (!n->Y || !n->y || !n->T1 || !n->T2 || !n->G1 || !n->G2 || !n->Xb || !n->Yb || !n->act) {
        mine_net_free(n);
        nn_fail(err, "out of memory for %d examples", m);
        return NULL;
    }
    memcpy(n->y, y, (size_t)m * sizeof *y);
    if (nn_one_hot(n->Y, y, err) != 0) {
        mine_net_free(n);
        return NULL;
    }
    return n;
}

/* J and ∇J of the weights in n->T1, n->T2 on (X, Y) at lambda; NaN on an error. */
static double cost_grad(mine_net *n, double *grad, const nn_mat *X, const nn_mat *Y, double lambda)
{
    double J = nn_regularized_cost(n->T1, n->T2, X, Y, lambda);
    if (isnan(J))
        nn_fail(&n->err, "nn_regularized_cost returned NaN");
    if (grad) {
        if (nn_regularized_gradient(n->G1, n->G2, n->T1, n->T2, X, Y, lambda, &n->err) != 0)
            return NAN;
        nn_serialize(grad, n->G1, n->G2);
    }
    return J;
}

double mine_net_eval(const double *theta, double *grad, void *ctx)
{
    mine_net *n = ctx;
    nn_deserialize(n->T1, n->T2, theta);
    return cost_grad(n, grad, n->X, n->Y, n->lambda);
}

double mine_net_rows(const double *theta, double *grad, const int *rows, int n_rows, void *ctx)
{
    mine_net *n = ctx;
    if (!rows)
        return mine_net_eval(theta, grad, ctx);
    for (int i = 0; i < n_rows; i++) {
        memcpy(&NN_AT(n->Xb, i, 0), &NN_AT(n->X, rows[i], 0), (size_t)n->X->cols * sizeof(double));
        memcpy(&NN_AT(n->Yb, i, 0), &NN_AT(n->Y, rows[i], 0), (size_t)n->K * sizeof(double));
    }
    nn_mat Xb = nn_mat_view(n->Xb, 0, 0, n_rows, n->Xb->cols), Yb = nn_mat_view(n->Yb, 0, 0, n_rows, n->K);
    nn_deserialize(n->T1, n->T2, theta);
    /* nn_regularized_cost divides λ by 2·n_rows; the objective's is 2m */
    return cost_grad(n, grad, &Xb, &Yb, n->lambda * n_rows / n->m);
}

double mine_net_accuracy(mine_net *n, const double *theta, int *pred)
{
    nn_deserialize(n->T1, n->T2, theta);
    if (nn_forward(n->act, n->X, n->T1, n->T2, &n->err) != 0)
        return NAN;
    int *labels = pred ? pred : malloc((size_t)n->m * sizeof *labels);
    if (!labels) {
        nn_fail(&n->err, "out of memory");
        return NAN;
    }
    nn_predict(labels, &n->act->h);
    double acc = nn_accuracy(labels, n->y, n->m);
    if (!pred)
        free(labels);
    return acc;
}

const char *mine_net_error(const mine_net *n)
{
    return n->err.msg;
}
