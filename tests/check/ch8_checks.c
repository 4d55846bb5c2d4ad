/* ch8_checks.c - the judge's checks for chapter 8, training and evaluation.
 *
 * FIXED: one step and ten steps of gradient descent on checkNNGradients'
 * 3-5-3 network (λ = 3, α = 0.5), the trained network's predictions and
 * accuracy, against the Octave goldens.
 * SECRET: nn_rand_init from a random seed on random sizes, against the
 * formula computed here with the library's generator (exact to rounding);
 * on 400-25-10, each layer within its own ±ε, filling it, and drawing its
 * own numbers; nn_predict on random outputs with planted ties; nn_accuracy
 * on random labels; a step and a short run of gradient descent on a random
 * network, against the reference run by the judge.
 * DATA: nn_predict on the provided weights' outputs on all of digits20,
 * whose accuracy is the oracle's.
 *
 * Hints come from evidence: the judge makes the classic wrong versions
 * itself (one ε for both layers, the bias counted in L_in, [0, ε) instead of
 * [-ε, ε], the second layer restarting the stream, 0-based labels, the last
 * of equal outputs, a percentage, the step's sign, ...) and names a mistake
 * only when the student's numbers are one of them. */
#include <math.h>
#include <string.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "workbook.h"

#define INIT_TOL 1e-12 /* of ε: (2u - 1)·ε written another way differs by a few roundings */

/* ---- the random start ---------------------------------------------------------------- */

/* The ways of filling a layer that the judge knows. */
enum {
    V_RIGHT,          /* (2u - 1)·ε, own ε, T1 then T2 from one stream, row by row */
    V_ONE_EPS_T1,     /* T2 with Theta1's ε */
    V_ONE_EPS_T2,     /* T1 with Theta2's ε */
    V_BIAS_IN_FAN,    /* L_in = cols (the bias counted) */
    V_HALF_RANGE,     /* u·ε: [0, ε) */
    V_RESTART,        /* T2 draws from a fresh copy of the generator */
    V_COLUMN_MAJOR,   /* each matrix filled column by column */
    V_T2_FIRST,       /* T2 drawn before T1 */
    V_COUNT
};

static const char *const INIT_HINTS[V_COUNT] = {
    NULL,
    "Theta2 uses Theta1's epsilon: each matrix has its own, sqrt(6) / sqrt(L_in + L_out) with its own sizes",
    "Theta1 uses Theta2's epsilon: each matrix has its own, sqrt(6) / sqrt(L_in + L_out) with its own sizes",
    "L_in counts the bias column: L_in is cols - 1, the inputs without the bias",
    "the weights are in [0, eps): w = (2u - 1) * eps spreads them over [-eps, eps]",
    "Theta2 starts the generator again and repeats Theta1's numbers: draw both from the one generator r, in turn",
    "the matrices are filled column by column: draw row by row, as they are stored",
    "Theta2 is drawn before Theta1: draw all of Theta1 first",
};

static double layer_eps(int rows, int cols)
{
    return sqrt(6.0) / sqrt((double)(cols - 1 + rows));
}

static void fill_layer(nn_mat *W, double eps, bool by_columns, bool half, nn_rng *r)
{
    for (int a = 0; a < (by_columns ? W->cols : W->rows); a++)
        for (int b = 0; b < (by_columns ? W->rows : W->cols); b++) {
            double u = nn_rng_uniform(r);
            double *w = by_columns ? &NN_AT(W, b, a) : &NN_AT(W, a, b);
            *w = half ? u * eps : (2.0 * u - 1.0) * eps;
        }
}

/* The start that variant v gives from the generator state r0. */
static void draw_start(judge *J, int v, const nn_mat *shape1, const nn_mat *shape2, const nn_rng *r0, nn_mat **T1,
                       nn_mat **T2)
{
    *T1 = jmat(J, shape1->rows, shape1->cols);
    *T2 = jmat(J, shape2->rows, shape2->cols);
    double e1 = layer_eps(shape1->rows, shape1->cols), e2 = layer_eps(shape2->rows, shape2->cols);
    if (v == V_ONE_EPS_T1)
        e2 = e1;
    if (v == V_ONE_EPS_T2)
        e1 = e2;
    if (v == V_BIAS_IN_FAN) {
        e1 = sqrt(6.0) / sqrt((double)(shape1->cols + shape1->rows));
        e2 = sqrt(6.0) / sqrt((double)(shape2->cols + shape2->rows));
    }
    bool cols = v == V_COLUMN_MAJOR, half = v == V_HALF_RANGE;
    nn_rng r = *r0, again = *r0;
    if (v == V_T2_FIRST) {
        fill_layer(*T2, e2, false, false, &r);
        fill_layer(*T1, e1, false, false, &r);
        return;
    }
    fill_layer(*T1, e1, cols, half, &r);
    fill_layer(*T2, e2, cols, half, v == V_RESTART ? &again : &r);
}

/* The first entry of got that is not want within INIT_TOL·eps, or -1. */
static long init_off(const nn_mat *got, const nn_mat *want, double eps)
{
    if (got->rows != want->rows || got->cols != want->cols)
        return 0;
    for (int i = 0; i < got->rows; i++)
        for (int j = 0; j < got->cols; j++)
            if (!(fabs(NN_AT(got, i, j) - NN_AT(want, i, j)) <= INIT_TOL * eps))
                return (long)i * got->cols + j;
    return -1;
}

static bool all_zero(const nn_mat *m)
{
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            if (NN_AT(m, i, j) != 0.0)
                return false;
    return true;
}

static const char *init_hint(judge *J, const j_rand_init *got, const nn_mat *s1, const nn_mat *s2, const nn_rng *r0)
{
    const nn_mat *g[2] = {got->T1, got->T2};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < g[k]->rows; i++)
            for (int j = 0; j < g[k]->cols; j++)
                if (isnan(NN_AT(g[k], i, j)))
                    return jfmt(J, "Theta%d[%d][%d] was never written (it is still NaN)", k + 1, i, j);
    if (all_zero(got->T1) && all_zero(got->T2))
        return "every weight is 0: from a zero start all hidden units compute the same thing and stay copies of "
               "each other; draw the weights from r";
    for (int k = 1; k < V_COUNT; k++) {
        nn_mat *T1, *T2;
        draw_start(J, k, s1, s2, r0, &T1, &T2);
        if (init_off(got->T1, T1, layer_eps(s1->rows, s1->cols)) < 0 &&
            init_off(got->T2, T2, layer_eps(s2->rows, s2->cols)) < 0)
            return INIT_HINTS[k];
    }
    return "every weight, row by row, T1 and then T2, is (2 * nn_rng_uniform(r) - 1) * eps, with "
           "eps = sqrt(6) / sqrt(L_in + L_out) for its own matrix";
}

/* got must be the right start from r0, entry by entry. */
static void expect_start(judge *J, const char *label, const j_rand_init *got, const nn_mat *s1, const nn_mat *s2,
                         const nn_rng *r0)
{
    nn_mat *T1, *T2;
    draw_start(J, V_RIGHT, s1, s2, r0, &T1, &T2);
    const nn_mat *g[2] = {got->T1, got->T2}, *w[2] = {T1, T2};
    for (int k = 0; k < 2; k++) {
        long at = init_off(g[k], w[k], layer_eps(w[k]->rows, w[k]->cols));
        if (at < 0)
            continue;
        int i = (int)(at / w[k]->cols), j = (int)(at % w[k]->cols);
        jfail(J, "%s: Theta%d[%d][%d] expected %.15g, got %.15g (eps of Theta%d = %.6g). Hint: %s", label, k + 1, i,
              j, NN_AT(w[k], i, j), NN_AT(g[k], i, j), k + 1, layer_eps(w[k]->rows, w[k]->cols),
              init_hint(J, got, s1, s2, r0));
    }
}

static nn_rng random_generator(judge *J)
{
    nn_rng r;
    nn_rng_seed(&r, nn_rng_next(jrng(J)));
    return r;
}

static void init_random(judge *J)
{
    for (int round = 0; round < 2; round++) {
        int n_in = jint(J, 1, 30), hidden = jint(J, 1, 12), K = jint(J, 2, 10);
        nn_mat *s1 = jmat(J, hidden, n_in + 1), *s2 = jmat(J, K, hidden + 1);
        nn_rng r0 = random_generator(J);
        j_rand_init got;
        jcall_rand_init(J, &got, NULL, s1->rows, s1->cols, s2->rows, s2->cols, &r0);
        expect_start(J, jfmt(J, "nn_rand_init on a %d-%d-%d network from a random seed", n_in, hidden, K), &got, s1,
                     s2, &r0);
    }
}

/* The course's network: each layer within its own ±ε, filling it, with numbers of its own. */
static void init_course(judge *J)
{
    nn_mat *s1 = jmat(J, 25, 401), *s2 = jmat(J, 10, 26);
    nn_rng r0 = random_generator(J);
    j_rand_init got;
    jcall_rand_init(J, &got, NULL, 25, 401, 10, 26, &r0);
    const nn_mat *g[2] = {got.T1, got.T2};
    for (int k = 0; k < 2; k++) {
        double eps = layer_eps(g[k]->rows, g[k]->cols), lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < g[k]->rows; i++)
            for (int j = 0; j < g[k]->cols; j++) {
                double w = NN_AT(g[k], i, j);
                if (!(fabs(w) <= eps))
                    jfail(J, "nn_rand_init on 400-25-10: Theta%d[%d][%d] = %.6g is outside [-%.6g, %.6g], its "
                             "epsilon sqrt(6) / sqrt(%d + %d). Hint: %s",
                          k + 1, i, j, w, eps, eps, g[k]->cols - 1, g[k]->rows, init_hint(J, &got, s1, s2, &r0));
                lo = fmin(lo, w);
                hi = fmax(hi, w);
            }
        /* 260 or more uniform draws reach within 10% of both ends of the range */
        jexpect(J, lo < -0.9 * eps && hi > 0.9 * eps,
                "nn_rand_init on 400-25-10: Theta%d's weights span [%.4g, %.4g], expected to fill [-%.4g, %.4g]. "
                "Hint: %s",
                k + 1, lo, hi, eps, eps, init_hint(J, &got, s1, s2, &r0));
    }
    /* the two layers' first numbers, scaled back to u, must differ */
    double e1 = layer_eps(25, 401), e2 = layer_eps(10, 26);
    int same = 0;
    for (int j = 0; j < 26; j++)
        same += fabs(NN_AT(got.T2, 0, j) / e2 - NN_AT(got.T1, 0, j) / e1) < 1e-12;
    jexpect(J, same < 26,
            "nn_rand_init on 400-25-10: Theta2's first row repeats Theta1's first numbers: the two layers share "
            "one stream of draws. Hint: draw Theta2 after Theta1 from the same r, without restarting or copying it");
    expect_start(J, "nn_rand_init on 400-25-10 from a random seed", &got, s1, s2, &r0);
}

/* ---- predictions and accuracy -------------------------------------------------------- */

static const char *predict_hint(judge *J, const j_predict *got, const nn_mat *H, const int *want)
{
    int m = H->rows, below = 0, last = 0, argmin = 0, unwritten = -1;
    for (int i = 0; i < m; i++) {
        if (got->labels[i] == 0 && want[i] != 0 && unwritten < 0)
            unwritten = i; /* 0 where the judge left it, unless all are 0-based */
        below += got->labels[i] == want[i] - 1;
        int lo = 0, hi = 0;
        for (int k = 1; k < H->cols; k++) {
            if (NN_AT(H, i, k) >= NN_AT(H, i, hi))
                hi = k;
            if (NN_AT(H, i, k) < NN_AT(H, i, lo))
                lo = k;
        }
        last += got->labels[i] == hi + 1;
        argmin += got->labels[i] == lo + 1;
    }
    if (below == m)
        return "the labels are 0-based: column k of H is label k + 1 (labels run 1..K)";
    if (unwritten >= 0)
        return jfmt(J, "labels[%d] was never written", unwritten);
    if (last == m)
        return "on a tie the last of the equal columns wins: keep the first (compare with >, not >=)";
    if (argmin == m)
        return "that is the column of the smallest output: take the largest";
    return "labels[i] = 1 + the column of the largest H(i, k), the first one on a tie";
}

static void expect_labels(judge *J, const char *label, const j_predict *got, const nn_mat *H, const int *want)
{
    for (int i = 0; i < H->rows; i++)
        if (got->labels[i] != want[i])
            jfail(J, "%s, labels[%d]: expected %d, got %d (row %d of H: largest %.6g). Hint: %s", label, i, want[i],
                  got->labels[i], i, NN_AT(H, i, want[i] - 1), predict_hint(J, got, H, want));
}

static void predict_random(judge *J)
{
    int m = jint(J, 8, 60), K = jint(J, 2, 12);
    nn_mat *H = jmat(J, m, K);
    for (int i = 0; i < m; i++)
        for (int k = 0; k < K; k++)
            NN_AT(H, i, k) = juniform(J, 0.0, 1.0);
    /* planted ties: in every third row the largest value again, further right */
    for (int i = 0; i < m; i += 3) {
        int best = 0;
        for (int k = 1; k < K; k++)
            if (NN_AT(H, i, k) > NN_AT(H, i, best))
                best = k;
        if (best == K - 1)
            NN_AT(H, i, best - 1) = NN_AT(H, i, best), best--;
        NN_AT(H, i, jint(J, best + 1, K - 1)) = NN_AT(H, i, best);
    }
    j_predict got, ref;
    jcall_predict(J, &got, &ref, H);
    expect_labels(J, jfmt(J, "nn_predict on random outputs, m = %d, K = %d, with ties", m, K), &got, H, ref.labels);
}

static const char *accuracy_hint(double got, double want, int m)
{
    if (isnan(got))
        return "the result is NaN: not written yet";
    if (jclose(got, 100.0 * want, TOL_REL) && want != 0.0)
        return "that is a percentage: return the fraction, from 0 to 1";
    if (jclose(got, want * m, TOL_REL) && want != 0.0)
        return "that is the number of right predictions: divide it by m";
    if (jclose(got, 1.0 - want, TOL_REL))
        return "that is the fraction of wrong predictions";
    if (got == 0.0 && want > 0.0)
        return "0: an integer division? (double)right / m";
    return "the number of i with pred[i] == y[i], divided by m";
}

static void accuracy_random(judge *J)
{
    int m = jint(J, 20, 200), K = jint(J, 2, 10);
    int *pred = jalloc(J, (size_t)m * sizeof *pred), *y = jalloc(J, (size_t)m * sizeof *y);
    for (int i = 0; i < m; i++) {
        y[i] = jint(J, 1, K);
        pred[i] = juniform(J, 0.0, 1.0) < 0.7 ? y[i] : jint(J, 1, K);
    }
    j_accuracy got, ref;
    jcall_accuracy(J, &got, &ref, pred, y, m);
    jexpect_close(J, jfmt(J, "nn_accuracy of %d random predictions", m), got.acc, ref.acc, TOL_REL,
                  accuracy_hint(got.acc, ref.acc, m));
    for (int i = 0; i < m; i++)
        pred[i] = y[i] % K + 1; /* every prediction wrong */
    jcall_accuracy(J, &got, &ref, pred, y, m);
    jexpect_close(J, "nn_accuracy when every prediction is wrong", got.acc, ref.acc, TOL_REL,
                  accuracy_hint(got.acc, ref.acc, m));
}

static void predict_digits20(judge *J)
{
    jnet n = jnet_digits20(J, 0);
    nn_activations *act = nn_activations_new(n.m, 400, 25, 10);
    jown(J, act);
    nn_error err = {""};
    if (!act || nn_forward(act, n.X, n.T1, n.T2, &err) != 0)
        jfail(J, "the judge's forward pass failed: %s", act ? err.msg : "out of memory");
    j_predict got, ref;
    jcall_predict(J, &got, &ref, &act->h);
    int right = 0;
    for (int i = 0; i < n.m; i++)
        right += got.labels[i] == n.y[i];
    if (!jclose((double)right / n.m, D20_ACCURACY, TOL_REL))
        expect_labels(J, "nn_predict on the provided weights' outputs on digits20", &got, &act->h, ref.labels);
    jexpect_close(J, "accuracy of your nn_predict with the provided weights on digits20", (double)right / n.m,
                  D20_ACCURACY, TOL_REL, NULL);
}

/* ---- gradient descent ----------------------------------------------------------------- */

/* Θ - a·G on every entry (every_column false: the bias column kept). */
static nn_mat *stepped(judge *J, const nn_mat *T, const nn_mat *G, double a, bool every_column)
{
    nn_mat *R = jmat_copy(J, T);
    for (int i = 0; i < T->rows; i++)
        for (int j = every_column ? 0 : 1; j < T->cols; j++)
            NN_AT(R, i, j) -= a * NN_AT(G, i, j);
    return R;
}

static const char *step_hint(judge *J, const j_descent *got, const jnet *n, double lambda, double alpha)
{
    nn_mat *G1 = jmat(J, n->T1->rows, n->T1->cols), *G2 = jmat(J, n->T2->rows, n->T2->cols);
    nn_mat *U1 = jmat(J, n->T1->rows, n->T1->cols), *U2 = jmat(J, n->T2->rows, n->T2->cols);
    nn_error err = {""};
    if (nn_regularized_gradient(G1, G2, n->T1, n->T2, n->X, n->Y, lambda, &err) != 0 ||
        nn_gradient(U1, U2, n->T1, n->T2, n->X, n->Y, &err) != 0)
        return "Theta <- Theta - alpha * (the gradient of nn_regularized_gradient)";
    const struct {
        nn_mat *T1, *T2;
        const char *hint;
    } cand[] = {
        {stepped(J, n->T1, G1, -alpha, true), stepped(J, n->T2, G2, -alpha, true),
         "the step goes uphill: subtract alpha times the gradient"},
        {stepped(J, n->T1, G1, 1.0, true), stepped(J, n->T2, G2, 1.0, true),
         "the step is the whole gradient: multiply it by alpha"},
        {stepped(J, n->T1, U1, alpha, true), stepped(J, n->T2, U2, alpha, true),
         "that step ignores lambda: use nn_regularized_gradient"},
        {stepped(J, n->T1, G1, alpha, false), stepped(J, n->T2, G2, alpha, false),
         "the bias columns were not moved: gradient descent updates every weight, bias included"},
        {n->T1, n->T2, "the weights did not move"},
    };
    for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++)
        if (jclose_mat(got->T1, cand[k].T1, TOL_REL) && jclose_mat(got->T2, cand[k].T2, TOL_REL))
            return cand[k].hint;
    return "Theta <- Theta - alpha * G for both matrices, G from nn_regularized_gradient at the weights before "
           "the step";
}

static void expect_weights(judge *J, const char *label, const j_descent *got, const double *w1, const double *w2,
                           const nn_mat *T1, const nn_mat *T2, const char *hint)
{
    jexpect(J, got->rc == 0, "%s: returned %d: %s", label, got->rc, got->err);
    jexpect_mat(J, jfmt(J, "%s, Theta1", label), got->T1, w1, T1->rows, T1->cols, TOL_REL, hint);
    jexpect_mat(J, jfmt(J, "%s, Theta2", label), got->T2, w2, T2->rows, T2->cols, TOL_REL, hint);
}

static const char *costs_hint(judge *J, const j_descent *got, const double *want, int n, double J0)
{
    if (n > 0 && isnan(got->costs[0]))
        return "costs[0] was never written";
    bool before = jclose(got->costs[0], J0, TOL_REL);
    for (int i = 1; i < n && before; i++)
        before = jclose(got->costs[i], want[i - 1], TOL_REL);
    if (before)
        return "costs[i] is the cost before step i + 1: record it after the step";
    return jfmt(J, "costs[i] is nn_regularized_cost after step i + 1 (%d steps)", n);
}

static void descent_debug(judge *J)
{
    jnet n = jnet_debug(J);
    j_descent got;
    jcall_descent(J, NN_CALL_GD_STEP, &got, NULL, n.T1, n.T2, n.X, n.Y, GD_LAMBDA, GD_ALPHA, 0);
    const char *label = jfmt(J, "nn_gd_step on the debug network, lambda = %g, alpha = %g", GD_LAMBDA, GD_ALPHA);
    expect_weights(J, label, &got, GD_T1_STEP1, GD_T2_STEP1, n.T1, n.T2, step_hint(J, &got, &n, GD_LAMBDA, GD_ALPHA));
    jcall_descent(J, NN_CALL_TRAIN_GD, &got, NULL, n.T1, n.T2, n.X, n.Y, GD_LAMBDA, GD_ALPHA, GD_ITERS);
    label = jfmt(J, "nn_train_gd, %d steps on the debug network", GD_ITERS);
    jexpect(J, got.rc == 0, "%s: returned %d: %s", label, got.rc, got.err);
    double J0 = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, GD_LAMBDA);
    jexpect_vec(J, jfmt(J, "%s, costs", label), got.costs, GD_COSTS, GD_ITERS, TOL_REL,
                costs_hint(J, &got, GD_COSTS, GD_ITERS, J0));
    expect_weights(J, label, &got, GD_T1_FINAL, GD_T2_FINAL, n.T1, n.T2, "each step starts where the last ended");
    jnote_fixed_pass(J, NN_CALL_GD_STEP);
}

static void gd_step_random(judge *J)
{
    jnet n = jnet_random(J, 30, 12, 8, 6, 1.0);
    double lambda = juniform(J, 0.5, 3.0), alpha = juniform(J, 0.1, 2.0);
    j_descent got, ref;
    jcall_descent(J, NN_CALL_GD_STEP, &got, &ref, n.T1, n.T2, n.X, n.Y, lambda, alpha, 0);
    const char *label = jfmt(J, "nn_gd_step on a %d-%d-%d network with m = %d, lambda = %.3g, alpha = %.3g", n.n_in,
                             n.hidden, n.K, n.m, lambda, alpha);
    J_SIZES_HINT(J, NN_CALL_GD_STEP, n,
                 expect_weights(J, label, &got, ref.T1->data, ref.T2->data, n.T1, n.T2,
                                step_hint(J, &got, &n, lambda, alpha)));
}

/* A run's costs and final weights against the reference's. */
static void expect_run(judge *J, const char *label, const j_descent *got, const j_descent *ref, const jnet *n, int iters,
                       double J0)
{
    jexpect_vec(J, jfmt(J, "%s, costs", label), got->costs, ref->costs, iters, TOL_REL,
                costs_hint(J, got, ref->costs, iters, J0));
    expect_weights(J, label, got, ref->T1->data, ref->T2->data, n->T1, n->T2,
                   jfmt(J, "%d calls of nn_gd_step, each from where the last ended", iters));
}

static void train_gd_random(judge *J)
{
    jnet n = jnet_random(J, 30, 12, 8, 6, 1.0);
    double lambda = juniform(J, 0.0, 3.0), alpha = juniform(J, 0.1, 1.0);
    int iters = jint(J, 2, 8);
    j_descent got, ref;
    jcall_descent(J, NN_CALL_TRAIN_GD, &got, &ref, n.T1, n.T2, n.X, n.Y, lambda, alpha, iters);
    const char *label = jfmt(J, "nn_train_gd, %d steps on a %d-%d-%d network with m = %d, lambda = %.3g, alpha = %.3g",
                             iters, n.n_in, n.hidden, n.K, n.m, lambda, alpha);
    jexpect(J, got.rc == 0, "%s: returned %d: %s", label, got.rc, got.err);
    double J0 = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, lambda);
    J_SIZES_HINT(J, NN_CALL_GD_STEP, n, expect_run(J, label, &got, &ref, &n, iters, J0));
}

static void predict_fixed(judge *J)
{
    nn_mat *H = jmat_from(J, GD_H, DBG_M, DBG_K);
    j_predict got;
    jcall_predict(J, &got, NULL, H);
    expect_labels(J, "nn_predict on the trained debug network's outputs", &got, H, GD_PRED);
    j_accuracy acc;
    jcall_accuracy(J, &acc, NULL, GD_PRED, DBG_Y, DBG_M);
    jexpect_close(J, "nn_accuracy of those predictions", acc.acc, GD_ACCURACY, TOL_REL,
                  accuracy_hint(acc.acc, GD_ACCURACY, DBG_M));
}

static const check_def CHECKS[] = {
    {"nn_gd_step and nn_train_gd on the debug network (lambda = 3, alpha = 0.5)", descent_debug, J_FIXED, 1, NULL},
    {"nn_predict and nn_accuracy on the trained debug network", predict_fixed, J_FIXED, 1, NULL},
    {"nn_rand_init on networks of random sizes, from a random seed", init_random, J_SECRET, 2, NULL},
    {"nn_rand_init on 400-25-10: each layer its own epsilon, its own draws", init_course, J_SECRET, 1, NULL},
    {"nn_predict on random outputs with ties", predict_random, J_SECRET, 2, NULL},
    {"nn_accuracy of random predictions", accuracy_random, J_SECRET, 1, NULL},
    {"nn_gd_step on a network of random sizes, random lambda and alpha", gd_step_random, J_SECRET, 2, NULL},
    {"nn_train_gd on a network of random sizes", train_gd_random, J_SECRET, 2, NULL},
    {"nn_predict with ex4weights.mat on all of digits20", predict_digits20, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
};
J_TABLE(8, CHECKS);
