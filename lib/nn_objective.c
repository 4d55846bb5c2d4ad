/* nn_objective.c - the network objective over the kernel, and the learning
 * curve (nn_objective.h). */
#include "nn_objective.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_kernel.h"
#include "nn_net.h"
#include "nn_optim.h"

struct nn_net_objective {
    nn_kernel *k;      /* holds the data, the only copy */
    double lambda;     /* regularization */
};

nn_net_objective *nn_net_objective_of(nn_kernel *k, double lambda, nn_error *err)
{
    if (!k)
        return NULL;
    nn_net_objective *o = calloc(1, sizeof *o);
    if (!o) {
        nn_kernel_free(k);
        nn_fail(err, "out of memory");
        return NULL;
    }
    o->k = k;
    o->lambda = lambda;
    return o;
}

nn_net_objective *nn_net_objective_new(const nn_mat *X, const int *y, int K, int n_hidden,
                                       double lambda, nn_error *err)
{
    return nn_net_objective_of(nn_kernel_new(X, y, K, n_hidden, err), lambda, err);
}

void nn_net_objective_free(nn_net_objective *o)
{
    if (!o)
        return;
    nn_kernel_free(o->k);
    free(o);
}

double nn_net_objective_eval(const double *theta, double *grad, void *ctx)
{
    nn_net_objective *o = ctx;
    return nn_kernel_eval(o->k, theta, grad, o->lambda);
}

double nn_net_objective_rows(const double *theta, double *grad, const int *rows, int n_rows,
                             void *ctx)
{
    nn_net_objective *o = ctx;
    return nn_kernel_eval_rows(o->k, theta, grad, o->lambda, rows, n_rows);
}

double nn_net_objective_cost(nn_net_objective *o, const double *theta, double lambda)
{
    return nn_kernel_eval(o->k, theta, NULL, lambda);
}

double nn_net_objective_accuracy(nn_net_objective *o, const double *theta, int *pred)
{
    return nn_kernel_accuracy(o->k, theta, pred);
}

int nn_net_objective_examples(const nn_net_objective *o)
{
    return nn_kernel_examples(o->k);
}

int nn_net_objective_param_count(const nn_net_objective *o)
{
    return nn_kernel_param_count(o->k);
}

/* ---- the learning curve -------------------------------------------------- */

/* order[0..m-1]: the examples taken class by class in turn (label 1, 2, ...,
 * K, 1, 2, ...), each class in file order, so that every prefix is balanced
 * (digits20 is sorted by class: its first m examples would be all zeros).
 * -1 if out of memory. */
static int interleave_classes(int *order, const int *y, int m, int K)
{
    int *next = calloc((size_t)K + 1, sizeof *next); /* next[c]: first unused index of class c */
    if (!next)
        return -1;
    int n = 0;
    while (n < m)
        for (int c = 1; c <= K; c++) {
            while (next[c] < m && y[next[c]] != c)
                next[c]++;
            if (next[c] < m)
                order[n++] = next[c]++;
        }
    free(next);
    return 0;
}

int nn_learning_curve(nn_curve_point *points, int *n_points, const nn_mat *X, const int *y,
                      const nn_mat *Xt, const int *yt, int K, int n_hidden, double lambda, int iters,
                      int sizes, int min_per_class, const double *theta0, nn_curve_progress progress,
                      void *ctx, nn_error *err)
{
    int m = X->rows, n = nn_param_count(X->cols - 1, n_hidden, K), rc = -1;
    *n_points = 0;
    if (sizes < 2 || iters < 1 || min_per_class < 1 || m < 1)
        return nn_fail(err, "learning curve: need 2 or more sizes, 1 or more iterations and examples");
    int *order = malloc((size_t)m * sizeof *order), *ys = malloc((size_t)m * sizeof *ys);
    nn_mat *Xs = nn_mat_new(m, X->cols);
    double *theta = malloc((size_t)n * sizeof *theta);
    nn_net_objective *test = nn_net_objective_new(Xt, yt, K, n_hidden, 0.0, err);
    if (!order || !ys || !Xs || !theta || !test || interleave_classes(order, y, m, K) != 0) {
        if (test)
            nn_fail(err, "learning curve: out of memory for %d examples", m);
        goto done;
    }
    int smallest = min_per_class * K < m ? min_per_class * K : m, previous = 0;
    for (int s = 0; s < sizes; s++) {
        int ms = (int)lround(smallest * pow((double)m / smallest, (double)s / (sizes - 1)));
        if (ms <= previous)
            continue; /* two sizes rounded to one */
        previous = ms;
        for (int i = 0; i < ms; i++) {
            memcpy(&NN_AT(Xs, i, 0), &NN_AT(X, order[i], 0), (size_t)X->cols * sizeof(double));
            ys[i] = y[order[i]];
        }
        nn_mat sub = nn_mat_view(Xs, 0, 0, ms, X->cols);
        nn_net_objective *train = nn_net_objective_new(&sub, ys, K, n_hidden, lambda, err);
        if (!train)
            goto done;
        memcpy(theta, theta0, (size_t)n * sizeof *theta);
        nn_optim_options oo = {iters, NULL, NULL};
        nn_optim_result res;
        if (nn_fmincg(theta, NULL, &res, nn_net_objective_eval, train, n, &oo, err) != 0) {
            nn_net_objective_free(train);
            nn_error_prefix(err, "learning curve");
            goto done;
        }
        nn_curve_point *p = &points[(*n_points)++];
        *p = (nn_curve_point){ms, 1.0 - nn_net_objective_accuracy(train, theta, NULL),
                              1.0 - nn_net_objective_accuracy(test, theta, NULL),
                              nn_net_objective_cost(train, theta, 0.0), nn_net_objective_cost(test, theta, 0.0),
                              res.iterations};
        nn_net_objective_free(train);
        if (progress && progress(p, ctx))
            break;
    }
    rc = 0;
done:
    free(order);
    free(ys);
    nn_mat_free(Xs);
    free(theta);
    nn_net_objective_free(test);
    return rc;
}
