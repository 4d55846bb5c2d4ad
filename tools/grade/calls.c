/* calls.c - the judge's side of each workbook call (calls.h): encode the
 * inputs as worker.c reads them, run the reference here, decode the
 * worker's reply, and hold the student's function to its const inputs. */
#include "calls.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "costfn.h"
#include "workbook.h"

/* ---- decoding a reply ------------------------------------------------------------- */

static nn_mat *rmat(judge *J, nn_rbuf *rb)
{
    nn_mat *m = nn_rbuf_mat(rb);
    jown(J, m);
    return m;
}

static double *rdbls(judge *J, nn_rbuf *rb, int *n)
{
    double *v = nn_rbuf_dbls(rb, n);
    jown(J, v);
    return v;
}

static int *rints(judge *J, nn_rbuf *rb, int *n)
{
    int *v = nn_rbuf_ints(rb, n);
    jown(J, v);
    return v;
}

static const char *rstr(judge *J, nn_rbuf *rb)
{
    char *s = nn_rbuf_str(rb, NULL);
    jown(J, s);
    return s ? s : "";
}

/* A const input's report from the worker: the first element that changed
 * during the call (at = -1 when none), its value before and after. */
typedef struct {
    long long at;
    double was, is;
} change;

static change rchange(nn_rbuf *rb)
{
    change c;
    c.at = nn_rbuf_int(rb);
    c.was = nn_rbuf_dbl(rb);
    c.is = nn_rbuf_dbl(rb);
    return c;
}

/* End the check if fn changed its const input `name` (cols: the matrix's
 * columns, for the position; 0 for a vector). */
static void kept(judge *J, const char *fn, const char *name, change c, int cols)
{
    if (c.at < 0)
        return;
    const char *where = cols > 0 ? jfmt(J, "[%lld][%lld]", c.at / cols, c.at % cols) : jfmt(J, "[%lld]", c.at);
    jfail(J, "%s changed its input %s, which it takes as const: %s%s was %.17g, is %.17g after the call (or it "
             "freed %s and the memory was reused)",
          fn, name, name, where, c.was, c.is, name);
}

static void done(judge *J, nn_rbuf *rb, const char *fn)
{
    if (rb->bad)
        jfail(J, "the reply of %s could not be read (the program's memory was damaged?)", fn);
}

/* Start timing the reference; then set the call's limit from it. */
#define TIME_REFERENCE(J, stmt)                       \
    do {                                              \
        double t0_ = util_now();                     \
        stmt;                                         \
        jlimit_from_reference((J), util_now() - t0_); \
    } while (0)

static nn_mat *nan_copy_shape(judge *J, int rows, int cols)
{
    nn_mat *m = jmat(J, rows, cols);
    nn_mat_fill(m, NAN);
    return m;
}

/* ---- chapter 1 -------------------------------------------------------------------- */

void jcall_add_bias(judge *J, j_add_bias *got, j_add_bias *ref, const nn_mat *X)
{
    nn_mat *r = NULL;
    TIME_REFERENCE(J, r = nn_add_bias(X));
    jown(J, r);
    if (ref)
        ref->Xb = r;
    nn_wbuf a = jcall_begin(NN_CALL_ADD_BIAS);
    nn_wbuf_mat(&a, X);
    nn_rbuf rb = judge_call(J, "nn_add_bias", &a);
    int null = (int)nn_rbuf_int(&rb);
    got->Xb = rmat(J, &rb);
    change cX = rchange(&rb);
    done(J, &rb, "nn_add_bias");
    if (null)
        got->Xb = NULL;
    kept(J, "nn_add_bias", "X", cX, X->cols);
}

void jcall_transpose_images(judge *J, j_transpose *got, j_transpose *ref, const nn_mat *X, int side)
{
    nn_mat *r = jmat_copy(J, X);
    TIME_REFERENCE(J, nn_transpose_images(r, side));
    if (ref)
        ref->X = r;
    nn_wbuf a = jcall_begin(NN_CALL_TRANSPOSE_IMAGES);
    nn_wbuf_mat(&a, X);
    nn_wbuf_int(&a, side);
    nn_rbuf rb = judge_call(J, "nn_transpose_images", &a);
    got->X = rmat(J, &rb);
    done(J, &rb, "nn_transpose_images");
}

void jcall_load_data(judge *J, j_load_data *got, j_load_data *ref, const char *host_path, const char *seen,
                     bool transpose)
{
    if (ref) {
        nn_error err = {""};
        nn_mat *X = NULL;
        int *y = NULL, m = -1;
        int rc;
        TIME_REFERENCE(J, rc = nn_load_data(host_path, transpose, &X, &y, &m, &err));
        jown(J, X);
        jown(J, y);
        *ref = (j_load_data){rc, jfmt(J, "%s", err.msg), X == NULL, y == NULL, m, X, y, X ? m : 0};
    }
    nn_wbuf a = jcall_begin(NN_CALL_LOAD_DATA);
    nn_wbuf_str(&a, seen, strlen(seen));
    nn_wbuf_int(&a, transpose);
    nn_rbuf rb = judge_call(J, "nn_load_data", &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->X_null = (int)nn_rbuf_int(&rb);
    got->y_null = (int)nn_rbuf_int(&rb);
    got->m = (int)nn_rbuf_int(&rb);
    got->X = rmat(J, &rb);
    got->y = rints(J, &rb, &got->n_y);
    done(J, &rb, "nn_load_data");
}

/* ---- chapter 2 -------------------------------------------------------------------- */

void jcall_one_hot(judge *J, j_one_hot *got, j_one_hot *ref, const int *y, int m, int K, double fill)
{
    nn_mat *R = jmat(J, m, K), *Y = jmat(J, m, K);
    nn_mat_fill(R, fill);
    nn_mat_fill(Y, fill);
    nn_error err = {""};
    int rc;
    TIME_REFERENCE(J, rc = nn_one_hot(R, y, &err));
    if (ref)
        *ref = (j_one_hot){rc, jfmt(J, "%s", err.msg), R};
    nn_wbuf a = jcall_begin(NN_CALL_ONE_HOT);
    nn_wbuf_mat(&a, Y);
    nn_wbuf_ints(&a, y, m);
    nn_rbuf rb = judge_call(J, "nn_one_hot", &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->Y = rmat(J, &rb);
    int n;
    int *y_after = rints(J, &rb, &n);
    done(J, &rb, "nn_one_hot");
    for (int i = 0; i < m && i < n; i++)
        jexpect(J, y_after[i] == y[i], "nn_one_hot changed its input y, which it takes as const: y[%d] was %d, "
                "is %d after the call", i, y[i], y_after[i]);
}

/* ---- chapter 3 -------------------------------------------------------------------- */

void jcall_load_weights(judge *J, j_load_weights *got, j_load_weights *ref, const char *host_path, const char *seen)
{
    if (ref) {
        nn_error err = {""};
        nn_mat *T1 = NULL, *T2 = NULL;
        int rc;
        TIME_REFERENCE(J, rc = nn_load_weights(host_path, &T1, &T2, &err));
        jown(J, T1);
        jown(J, T2);
        *ref = (j_load_weights){rc, jfmt(J, "%s", err.msg), T1 == NULL, T2 == NULL, T1, T2};
    }
    nn_wbuf a = jcall_begin(NN_CALL_LOAD_WEIGHTS);
    nn_wbuf_str(&a, seen, strlen(seen));
    nn_rbuf rb = judge_call(J, "nn_load_weights", &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->T1_null = (int)nn_rbuf_int(&rb);
    got->T2_null = (int)nn_rbuf_int(&rb);
    got->T1 = rmat(J, &rb);
    got->T2 = rmat(J, &rb);
    done(J, &rb, "nn_load_weights");
}

void jcall_serialize(judge *J, j_serialize *got, j_serialize *ref, const nn_mat *T1, const nn_mat *T2)
{
    int n = T1->rows * T1->cols + T2->rows * T2->cols;
    double *theta = jalloc(J, (size_t)n * sizeof *theta);
    TIME_REFERENCE(J, nn_serialize(theta, T1, T2));
    if (ref)
        *ref = (j_serialize){theta, n};
    nn_wbuf a = jcall_begin(NN_CALL_SERIALIZE);
    nn_wbuf_mat(&a, T1);
    nn_wbuf_mat(&a, T2);
    nn_rbuf rb = judge_call(J, "nn_serialize", &a);
    got->theta = rdbls(J, &rb, &got->n);
    change c1 = rchange(&rb), c2 = rchange(&rb);
    done(J, &rb, "nn_serialize");
    kept(J, "nn_serialize", "T1", c1, T1->cols);
    kept(J, "nn_serialize", "T2", c2, T2->cols);
}

void jcall_deserialize(judge *J, j_deserialize *got, j_deserialize *ref, int t1_rows, int t1_cols, int t2_rows,
                       int t2_cols, const double *theta)
{
    nn_mat *T1 = nan_copy_shape(J, t1_rows, t1_cols), *T2 = nan_copy_shape(J, t2_rows, t2_cols);
    int n = t1_rows * t1_cols + t2_rows * t2_cols;
    TIME_REFERENCE(J, nn_deserialize(T1, T2, theta));
    if (ref)
        *ref = (j_deserialize){T1, T2};
    nn_wbuf a = jcall_begin(NN_CALL_DESERIALIZE);
    nn_wbuf_mat(&a, T1);
    nn_wbuf_mat(&a, T2);
    nn_wbuf_dbls(&a, theta, n);
    nn_rbuf rb = judge_call(J, "nn_deserialize", &a);
    got->T1 = rmat(J, &rb);
    got->T2 = rmat(J, &rb);
    change ct = rchange(&rb);
    done(J, &rb, "nn_deserialize");
    kept(J, "nn_deserialize", "theta", ct, 0);
}

/* nn_sigmoid, nn_sigmoid_gradient, nn_safe_log: same shape of call. */
static void vector_call(judge *J, int id, const char *fn, j_vector *got, j_vector *ref, const double *z, int n,
                        bool in_place)
{
    double *r = jalloc(J, ((size_t)n + 1) * sizeof *r);
    double t0 = util_now();
    if (id == NN_CALL_SIGMOID)
        nn_sigmoid(r, z, n);
    else if (id == NN_CALL_SIGMOID_GRADIENT)
        nn_sigmoid_gradient(r, z, n);
    else
        for (int i = 0; i < n; i++)
            r[i] = nn_safe_log(z[i]);
    jlimit_from_reference(J, util_now() - t0);
    if (ref)
        *ref = (j_vector){r, n};
    nn_wbuf a = jcall_begin(id);
    nn_wbuf_dbls(&a, z, n);
    if (id != NN_CALL_SAFE_LOG)
        nn_wbuf_int(&a, in_place);
    nn_rbuf rb = judge_call(J, fn, &a);
    got->out = rdbls(J, &rb, &got->n);
    change cz = rchange(&rb);
    done(J, &rb, fn);
    jexpect(J, got->n == n, "%s: the reply has %d values, expected %d", fn, got->n, n);
    if (!in_place)
        kept(J, fn, "z", cz, 0);
}

void jcall_sigmoid(judge *J, j_vector *got, j_vector *ref, const double *z, int n, bool in_place)
{
    vector_call(J, NN_CALL_SIGMOID, "nn_sigmoid", got, ref, z, n, in_place);
}

void jcall_sigmoid_gradient(judge *J, j_vector *got, j_vector *ref, const double *z, int n, bool in_place)
{
    vector_call(J, NN_CALL_SIGMOID_GRADIENT, "nn_sigmoid_gradient", got, ref, z, n, in_place);
}

void jcall_safe_log(judge *J, j_vector *got, j_vector *ref, const double *x, int n)
{
    vector_call(J, NN_CALL_SAFE_LOG, "nn_safe_log", got, ref, x, n, false);
}

/* ---- chapter 4 -------------------------------------------------------------------- */

void jcall_forward(judge *J, j_forward *got, j_forward *ref, const nn_mat *X, const nn_mat *T1, const nn_mat *T2,
                   int m, int n_in, int hidden, int K)
{
    nn_activations *act = nn_activations_new(m, n_in, hidden, K);
    jown(J, act);
    if (!act)
        jfail(J, "the judge ran out of memory");
    nn_error err = {""};
    int rc;
    TIME_REFERENCE(J, rc = nn_forward(act, X, T1, T2, &err));
    if (ref)
        *ref = (j_forward){rc, jfmt(J, "%s", err.msg), act->a1.data == X->data, &act->z2, &act->a2, &act->z3,
                           &act->h};
    nn_wbuf a = jcall_begin(NN_CALL_FORWARD);
    nn_wbuf_mat(&a, X);
    nn_wbuf_mat(&a, T1);
    nn_wbuf_mat(&a, T2);
    nn_wbuf_int(&a, m);
    nn_wbuf_int(&a, n_in);
    nn_wbuf_int(&a, hidden);
    nn_wbuf_int(&a, K);
    nn_rbuf rb = judge_call(J, "nn_forward", &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->a1_is_X = nn_rbuf_int(&rb) != 0;
    got->z2 = rmat(J, &rb);
    got->a2 = rmat(J, &rb);
    got->z3 = rmat(J, &rb);
    got->h = rmat(J, &rb);
    change cX = rchange(&rb), c1 = rchange(&rb), c2 = rchange(&rb);
    done(J, &rb, "nn_forward");
    kept(J, "nn_forward", "X", cX, X->cols);
    kept(J, "nn_forward", "Theta1", c1, T1->cols);
    kept(J, "nn_forward", "Theta2", c2, T2->cols);
}

/* ---- chapters 5 and 6: calls on a network ------------------------------------------ */

/* A request to function id that starts with (T1, T2, X, Y, lambda). */
static nn_wbuf net_request(int id, const nn_mat *T1, const nn_mat *T2, const nn_mat *X, const nn_mat *Y,
                           double lambda)
{
    nn_wbuf a = jcall_begin(id);
    nn_wbuf_mat(&a, T1);
    nn_wbuf_mat(&a, T2);
    nn_wbuf_mat(&a, X);
    nn_wbuf_mat(&a, Y);
    nn_wbuf_dbl(&a, lambda);
    return a;
}

/* Send (T1, T2, X, Y, lambda) to function id; its reply. */
static nn_rbuf call_on_net(judge *J, int id, const char *fn, const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                           const nn_mat *Y, double lambda)
{
    nn_wbuf a = net_request(id, T1, T2, X, Y, lambda);
    return judge_call(J, fn, &a);
}

/* The end of such a reply: T1, T2, X and Y must be as they were sent. */
static void kept_net(judge *J, nn_rbuf *rb, const char *fn, const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                     const nn_mat *Y)
{
    change c1 = rchange(rb), c2 = rchange(rb), cX = rchange(rb), cY = rchange(rb);
    done(J, rb, fn);
    kept(J, fn, "Theta1", c1, T1->cols);
    kept(J, fn, "Theta2", c2, T2->cols);
    kept(J, fn, "X", cX, X->cols);
    kept(J, fn, "Y", cY, Y->cols);
}

static void cost_call(judge *J, int id, const char *fn, j_cost *got, j_cost *ref, const nn_mat *T1,
                      const nn_mat *T2, const nn_mat *X, const nn_mat *Y, double lambda)
{
    double r;
    TIME_REFERENCE(J, r = id == NN_CALL_COST ? nn_cost(T1, T2, X, Y) : nn_regularized_cost(T1, T2, X, Y, lambda));
    if (ref)
        ref->J = r;
    nn_rbuf rb = call_on_net(J, id, fn, T1, T2, X, Y, lambda);
    got->J = nn_rbuf_dbl(&rb);
    kept_net(J, &rb, fn, T1, T2, X, Y);
}

void jcall_cost(judge *J, j_cost *got, j_cost *ref, const nn_mat *T1, const nn_mat *T2, const nn_mat *X,
                const nn_mat *Y)
{
    cost_call(J, NN_CALL_COST, "nn_cost", got, ref, T1, T2, X, Y, 0.0);
}

void jcall_regularized_cost(judge *J, j_cost *got, j_cost *ref, const nn_mat *T1, const nn_mat *T2,
                            const nn_mat *X, const nn_mat *Y, double lambda)
{
    cost_call(J, NN_CALL_REGULARIZED_COST, "nn_regularized_cost", got, ref, T1, T2, X, Y, lambda);
}

/* ---- chapter 6 -------------------------------------------------------------------- */

void jcall_gradient(judge *J, int id, j_gradient *got, j_gradient *ref, const nn_mat *T1, const nn_mat *T2,
                    const nn_mat *X, const nn_mat *Y, double lambda)
{
    const char *fn = id == NN_CALL_GRADIENT_LOOP ? "nn_gradient_loop"
                     : id == NN_CALL_GRADIENT    ? "nn_gradient"
                                                 : "nn_regularized_gradient";
    nn_mat *G1 = nan_copy_shape(J, T1->rows, T1->cols), *G2 = nan_copy_shape(J, T2->rows, T2->cols);
    nn_error err = {""};
    int rc;
    TIME_REFERENCE(J, rc = id == NN_CALL_GRADIENT_LOOP ? nn_gradient_loop(G1, G2, T1, T2, X, Y, &err)
                           : id == NN_CALL_GRADIENT    ? nn_gradient(G1, G2, T1, T2, X, Y, &err)
                                                       : nn_regularized_gradient(G1, G2, T1, T2, X, Y, lambda, &err));
    if (ref)
        *ref = (j_gradient){rc, jfmt(J, "%s", err.msg), G1, G2};
    nn_rbuf rb = call_on_net(J, id, fn, T1, T2, X, Y, lambda);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->G1 = rmat(J, &rb);
    got->G2 = rmat(J, &rb);
    kept_net(J, &rb, fn, T1, T2, X, Y);
}

/* ---- chapter 7 -------------------------------------------------------------------- */

void jcall_numerical_gradient(judge *J, j_numgrad *got, j_numgrad *ref, const double *theta, int n, double eps,
                              const jnet *net, double lambda)
{
    nn_costfn c = {.kind = NN_COSTFN_QUADRATIC, .n = n};
    if (net && nn_costfn_network(&c, net->n_in, net->hidden, net->K, net->X, net->Y, lambda) != 0)
        jfail(J, "the judge ran out of memory");
    jown(J, c.T1);
    jown(J, c.T2);
    double *grad = jalloc(J, ((size_t)n + 1) * sizeof *grad);
    nn_error err = {""};
    int rc;
    TIME_REFERENCE(J, rc = nn_numerical_gradient(grad, theta, n, nn_costfn_eval, &c, eps, &err));
    if (ref)
        *ref = (j_numgrad){rc, jfmt(J, "%s", err.msg), grad, n, c.calls};
    nn_wbuf a = jcall_begin(NN_CALL_NUMERICAL_GRADIENT);
    nn_wbuf_dbls(&a, theta, n);
    nn_wbuf_dbl(&a, eps);
    nn_wbuf_int(&a, net ? NN_COSTFN_NETWORK : NN_COSTFN_QUADRATIC);
    if (net) {
        nn_wbuf_int(&a, net->n_in);
        nn_wbuf_int(&a, net->hidden);
        nn_wbuf_int(&a, net->K);
        nn_wbuf_mat(&a, net->X);
        nn_wbuf_mat(&a, net->Y);
        nn_wbuf_dbl(&a, lambda);
    }
    nn_rbuf rb = judge_call(J, "nn_numerical_gradient", &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->grad = rdbls(J, &rb, &got->n);
    change ct = rchange(&rb);
    got->calls = (long)nn_rbuf_int(&rb);
    done(J, &rb, "nn_numerical_gradient");
    jexpect(J, got->n == n, "nn_numerical_gradient: the reply has %d values, expected %d", got->n, n);
    kept(J, "nn_numerical_gradient", "theta", ct, 0);
}

void jcall_relative_difference(judge *J, j_reldiff *got, j_reldiff *ref, const double *a, const double *b, int n)
{
    double r;
    TIME_REFERENCE(J, r = nn_relative_difference(a, b, n));
    if (ref)
        ref->r = r;
    nn_wbuf w = jcall_begin(NN_CALL_RELATIVE_DIFFERENCE);
    nn_wbuf_dbls(&w, a, n);
    nn_wbuf_dbls(&w, b, n);
    nn_rbuf rb = judge_call(J, "nn_relative_difference", &w);
    got->r = nn_rbuf_dbl(&rb);
    change ca = rchange(&rb), cb = rchange(&rb);
    done(J, &rb, "nn_relative_difference");
    kept(J, "nn_relative_difference", "a", ca, 0);
    kept(J, "nn_relative_difference", "b", cb, 0);
}

/* ---- chapter 8 -------------------------------------------------------------------- */

void jcall_rand_init(judge *J, j_rand_init *got, j_rand_init *ref, int t1_rows, int t1_cols, int t2_rows,
                     int t2_cols, const nn_rng *r)
{
    nn_mat *T1 = nan_copy_shape(J, t1_rows, t1_cols), *T2 = nan_copy_shape(J, t2_rows, t2_cols);
    nn_rng mine = *r;
    TIME_REFERENCE(J, nn_rand_init(T1, T2, &mine));
    if (ref)
        *ref = (j_rand_init){T1, T2, mine};
    nn_wbuf a = jcall_begin(NN_CALL_RAND_INIT);
    nn_wbuf_mat(&a, T1); /* the shapes; the worker fills them with NaN again */
    nn_wbuf_mat(&a, T2);
    for (int k = 0; k < 4; k++)
        nn_wbuf_int(&a, (long long)r->s[k]);
    nn_rbuf rb = judge_call(J, "nn_rand_init", &a);
    got->T1 = rmat(J, &rb);
    got->T2 = rmat(J, &rb);
    for (int k = 0; k < 4; k++)
        got->after.s[k] = (uint64_t)nn_rbuf_int(&rb);
    done(J, &rb, "nn_rand_init");
}

void jcall_predict(judge *J, j_predict *got, j_predict *ref, const nn_mat *H)
{
    int *labels = jalloc(J, ((size_t)H->rows + 1) * sizeof *labels);
    memset(labels, 0, ((size_t)H->rows + 1) * sizeof *labels);
    TIME_REFERENCE(J, nn_predict(labels, H));
    if (ref)
        *ref = (j_predict){labels, H->rows};
    nn_wbuf a = jcall_begin(NN_CALL_PREDICT);
    nn_wbuf_mat(&a, H);
    nn_rbuf rb = judge_call(J, "nn_predict", &a);
    got->labels = rints(J, &rb, &got->n);
    change cH = rchange(&rb);
    done(J, &rb, "nn_predict");
    jexpect(J, got->n == H->rows, "nn_predict: the reply has %d labels, expected %d", got->n, H->rows);
    kept(J, "nn_predict", "H", cH, H->cols);
}

void jcall_accuracy(judge *J, j_accuracy *got, j_accuracy *ref, const int *pred, const int *y, int m)
{
    double r;
    TIME_REFERENCE(J, r = nn_accuracy(pred, y, m));
    if (ref)
        ref->acc = r;
    nn_wbuf a = jcall_begin(NN_CALL_ACCURACY);
    nn_wbuf_ints(&a, pred, m);
    nn_wbuf_ints(&a, y, m);
    nn_rbuf rb = judge_call(J, "nn_accuracy", &a);
    got->acc = nn_rbuf_dbl(&rb);
    change cp = rchange(&rb), cy = rchange(&rb);
    done(J, &rb, "nn_accuracy");
    kept(J, "nn_accuracy", "pred", cp, 0);
    kept(J, "nn_accuracy", "y", cy, 0);
}

void jcall_descent(judge *J, int id, j_descent *got, j_descent *ref, const nn_mat *T1, const nn_mat *T2,
                   const nn_mat *X, const nn_mat *Y, double lambda, double alpha, int iters)
{
    bool train = id == NN_CALL_TRAIN_GD;
    const char *fn = train ? "nn_train_gd" : "nn_gd_step";
    int n_costs = train ? iters : 0;
    nn_mat *R1 = jmat_copy(J, T1), *R2 = jmat_copy(J, T2);
    double *costs = jalloc(J, ((size_t)n_costs + 1) * sizeof *costs);
    for (int i = 0; i < n_costs; i++)
        costs[i] = NAN;
    nn_error err = {""};
    int rc;
    TIME_REFERENCE(J, rc = train ? nn_train_gd(R1, R2, costs, X, Y, lambda, alpha, iters, &err)
                                 : nn_gd_step(R1, R2, X, Y, lambda, alpha, &err));
    if (ref)
        *ref = (j_descent){rc, jfmt(J, "%s", err.msg), R1, R2, costs, n_costs};
    nn_wbuf a = net_request(id, T1, T2, X, Y, lambda);
    nn_wbuf_dbl(&a, alpha);
    if (train)
        nn_wbuf_int(&a, iters);
    nn_rbuf rb = judge_call(J, fn, &a);
    got->rc = (int)nn_rbuf_int(&rb);
    got->err = rstr(J, &rb);
    got->T1 = rmat(J, &rb);
    got->T2 = rmat(J, &rb);
    got->costs = rdbls(J, &rb, &got->n_costs);
    change cX = rchange(&rb), cY = rchange(&rb);
    done(J, &rb, fn);
    jexpect(J, got->n_costs == n_costs && got->T1 && got->T2, "%s: the reply is incomplete", fn);
    kept(J, fn, "X", cX, X->cols);
    kept(J, fn, "Y", cY, Y->cols);
}
