/* calls.h - the workbook's functions as the judge calls them: the student's
 * in the worker and the reference here, side by side.
 *
 * Each jcall_X(J, got, ref, inputs...) runs the reference on the inputs in
 * this process (timed: the call's time limit is 50 times that, at least
 * 1 s), then the student's function in the worker, and fills *got with the
 * student's outputs and *ref (when not NULL) with the reference's. It ends
 * the check when the student's function crashed, hung, or changed an input
 * it takes as const. Everything returned lives until the check ends. */
#ifndef NNWB_CALLS_H
#define NNWB_CALLS_H

#include "judge.h"

typedef struct {
    nn_mat *Xb;             /* NULL when it returned NULL */
} j_add_bias;
void jcall_add_bias(judge *J, j_add_bias *got, j_add_bias *ref, const nn_mat *X);

/* X is transformed in place: got->X and ref->X are the results. */
typedef struct {
    nn_mat *X;
} j_transpose;
void jcall_transpose_images(judge *J, j_transpose *got, j_transpose *ref, const nn_mat *X, int side);

typedef struct {
    int rc;
    const char *err;
    int X_null, y_null;     /* 1 if left NULL, 0 if set, -1 if never written */
    int m;
    nn_mat *X;
    int *y;                 /* min(m, X's rows) labels */
    int n_y;
} j_load_data;
/* host_path is the file as the judge reads it; seen is how the worker names
 * it (a fixture's name, or jdata_worker's path). */
void jcall_load_data(judge *J, j_load_data *got, j_load_data *ref, const char *host_path, const char *seen,
                     bool transpose);

typedef struct {
    int rc;
    const char *err;
    nn_mat *Y;
} j_one_hot;
/* Y starts as an m×K matrix full of `fill`. */
void jcall_one_hot(judge *J, j_one_hot *got, j_one_hot *ref, const int *y, int m, int K, double fill);

typedef struct {
    int rc;
    const char *err;
    int T1_null, T2_null;
    nn_mat *T1, *T2;
} j_load_weights;
void jcall_load_weights(judge *J, j_load_weights *got, j_load_weights *ref, const char *host_path,
                        const char *seen);

typedef struct {
    double *theta;
    int n;
} j_serialize;
void jcall_serialize(judge *J, j_serialize *got, j_serialize *ref, const nn_mat *T1, const nn_mat *T2);

typedef struct {
    nn_mat *T1, *T2;
} j_deserialize;
void jcall_deserialize(judge *J, j_deserialize *got, j_deserialize *ref, int t1_rows, int t1_cols, int t2_rows, int t2_cols,
                       const double *theta);

/* nn_sigmoid, nn_sigmoid_gradient (in place or not) and nn_safe_log. */
typedef struct {
    double *out;
    int n;
} j_vector;
void jcall_sigmoid(judge *J, j_vector *got, j_vector *ref, const double *z, int n, bool in_place);
void jcall_sigmoid_gradient(judge *J, j_vector *got, j_vector *ref, const double *z, int n, bool in_place);
void jcall_safe_log(judge *J, j_vector *got, j_vector *ref, const double *x, int n);

typedef struct {
    int rc;
    const char *err;
    bool a1_is_X;
    nn_mat *z2, *a2, *z3, *h;
} j_forward;
/* The activations are made for (m, n_in, hidden, K) and filled with NaN. */
void jcall_forward(judge *J, j_forward *got, j_forward *ref, const nn_mat *X, const nn_mat *T1, const nn_mat *T2,
                   int m, int n_in, int hidden, int K);

typedef struct {
    double J;
} j_cost;
void jcall_cost(judge *J, j_cost *got, j_cost *ref, const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                const nn_mat *Y);
void jcall_regularized_cost(judge *J, j_cost *got, j_cost *ref, const nn_mat *T1, const nn_mat *T2,
                            const nn_mat *X, const nn_mat *Y, double lambda);

typedef struct {
    int rc;
    const char *err;
    nn_mat *G1, *G2;        /* start full of NaN */
} j_gradient;
/* id: NN_CALL_GRADIENT_LOOP, NN_CALL_GRADIENT or NN_CALL_REGULARIZED_GRADIENT (lambda used only there). */
void jcall_gradient(judge *J, int id, j_gradient *got, j_gradient *ref, const nn_mat *T1, const nn_mat *T2,
                    const nn_mat *X, const nn_mat *Y, double lambda);

typedef struct {
    int rc;
    const char *err;
    double *grad;
    int n;
    long calls;             /* how many times nn_numerical_gradient called J */
} j_numgrad;
/* A quadratic J (net == NULL) or the network's regularized cost. */
void jcall_numerical_gradient(judge *J, j_numgrad *got, j_numgrad *ref, const double *theta, int n, double eps,
                              const jnet *net, double lambda);

typedef struct {
    double r;
} j_reldiff;
void jcall_relative_difference(judge *J, j_reldiff *got, j_reldiff *ref, const double *a, const double *b, int n);

/* nn_rand_init: T1 (t1_rows×t1_cols) and T2 start full of NaN; *r is the
 * generator's state before the call (not advanced here). */
typedef struct {
    nn_mat *T1, *T2;
    nn_rng after;           /* the generator's state after the call */
} j_rand_init;
void jcall_rand_init(judge *J, j_rand_init *got, j_rand_init *ref, int t1_rows, int t1_cols, int t2_rows,
                     int t2_cols, const nn_rng *r);

typedef struct {
    int *labels;            /* H's rows labels; 0 where never written */
    int n;
} j_predict;
void jcall_predict(judge *J, j_predict *got, j_predict *ref, const nn_mat *H);

typedef struct {
    double acc;
} j_accuracy;
void jcall_accuracy(judge *J, j_accuracy *got, j_accuracy *ref, const int *pred, const int *y, int m);

/* nn_gd_step (id NN_CALL_GD_STEP, iters unused) or nn_train_gd (NN_CALL_TRAIN_GD). */
typedef struct {
    int rc;
    const char *err;
    nn_mat *T1, *T2;        /* the weights after the call */
    double *costs;          /* nn_train_gd's iters costs (start NaN) */
    int n_costs;
} j_descent;
void jcall_descent(judge *J, int id, j_descent *got, j_descent *ref, const nn_mat *T1, const nn_mat *T2,
                   const nn_mat *X, const nn_mat *Y, double lambda, double alpha, int iters);

#endif
