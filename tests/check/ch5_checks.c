/* ch5_checks.c - the judge's checks for chapter 5, the cost.
 *
 * FIXED: the course grader's 2-4-4 network and checkNNGradients' 3-5-3
 * network, against the Octave goldens.
 * SECRET: networks of random sizes (m = 1 included) and random λ drawn from
 * the run's seed, against the reference run by the judge; the exact cost of
 * saturated outputs (h exactly 0 or 1 in double); nn_safe_log on zero,
 * negative, subnormal, tiny and ordinary values.
 * DATA: ex4weights.mat on digits20 (goldens) and on a random subset with a
 * random λ (the reference); the course's published costs on its own
 * ex4data1.mat, where that file is present.
 *
 * Hints come from evidence: the judge recomputes the classic wrong costs from
 * the reference's outputs h (averaged over m·K, no (1 - y) term, a clipped
 * log, λ taken as 1, ...) and names a mistake only when the student's value
 * is one of them. */
#include <float.h>
#include <math.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "workbook.h"

#define HINT_TOL 1e-7        /* a wrong value "is" a known mistake when this close to it */
#define PUBLISHED_TOL 5e-7   /* the course's published costs are given to 6 decimals */
#define SAT_BIAS 2000.0      /* |Theta2 column 0| of the saturated network */
#define SAT_SPREAD 100.0     /* |other Theta2 weights|: every |z3| > 2000 - 5 * 100 */
#define NEAR_SAT_BIAS 38.0   /* |Theta2 column 0| that puts h within 1e-14 of 0 or 1 */

/* ---- what the reference's outputs say about a wrong cost ------------------------ */

/* Clips and offsets that students put into the log, and how to print them. */
static const double LOG_GUARDS[] = {1e-7, 1e-8, 1e-10, 1e-12, 1e-15, 1e-16};
static const char *const LOG_GUARD_TEXT[] = {"1e-7", "1e-8", "1e-10", "1e-12", "1e-15", "1e-16"};
#define N_GUARDS ((int)(sizeof LOG_GUARDS / sizeof LOG_GUARDS[0]))

/* The sums the cost is made of, from the reference's forward pass, and the
 * costs a clipped log would give. */
typedef struct {
    int m, K;
    double pos;              /* Σ -y log(h) (nn_safe_log) */
    double neg;              /* Σ -(1 - y) log(1 - h) */
    double clip[N_GUARDS];   /* J with log(max(h, c)) and log(max(1 - h, c)) */
    double plus[N_GUARDS];   /* J with log(h + c) and log(1 - h + c) */
    int saturated;           /* outputs with h exactly 0 or 1 */
    int wrong_saturated;     /* of those, the ones where h is the wrong end (cost 708 each) */
    double sumsq, sumsq_bias;/* Σ θ² without column 0, and of column 0 alone (both matrices) */
} cost_parts;

static double sumsq_cols(const nn_mat *T, int c0, int c1)
{
    double s = 0.0;
    for (int i = 0; i < T->rows; i++)
        for (int j = c0; j < c1; j++)
            s += NN_AT(T, i, j) * NN_AT(T, i, j);
    return s;
}

static cost_parts parts_of(judge *J, const jnet *n)
{
    nn_activations *act = nn_activations_new(n->m, n->n_in, n->hidden, n->K);
    jown(J, act);
    nn_error err = {""};
    if (!act || nn_forward(act, n->X, n->T1, n->T2, &err) != 0)
        jfail(J, "the judge's forward pass failed: %s", err.msg);
    cost_parts p = {.m = n->m, .K = n->K};
    for (int i = 0; i < n->m; i++)
        for (int k = 0; k < n->K; k++) {
            double y = NN_AT(n->Y, i, k), h = NN_AT(&act->h, i, k);
            p.pos += -y * nn_safe_log(h);
            p.neg += -(1.0 - y) * nn_safe_log(1.0 - h);
            for (int g = 0; g < N_GUARDS; g++) {
                double c = LOG_GUARDS[g];
                p.clip[g] += -y * log(fmax(h, c)) - (1.0 - y) * log(fmax(1.0 - h, c));
                p.plus[g] += -y * log(h + c) - (1.0 - y) * log(1.0 - h + c);
            }
            if (h == 0.0 || h == 1.0) {
                p.saturated++;
                p.wrong_saturated += (h == 1.0) != (y == 1.0);
            }
        }
    for (int g = 0; g < N_GUARDS; g++) {
        p.clip[g] /= n->m;
        p.plus[g] /= n->m;
    }
    p.sumsq = sumsq_cols(n->T1, 1, n->T1->cols) + sumsq_cols(n->T2, 1, n->T2->cols);
    p.sumsq_bias = sumsq_cols(n->T1, 0, 1) + sumsq_cols(n->T2, 0, 1);
    return p;
}

static double cost_of(const cost_parts *p)
{
    return (p->pos + p->neg) / p->m;
}

/* got is the candidate cand (a known mistake), which is not the right value want. */
static bool is_mistake(double got, double cand, double want)
{
    return isfinite(cand) && jclose(got, cand, HINT_TOL) && !jclose(cand, want, TOL_REL);
}

/* A whole number c >= 2 with sum / c == got, c != m: m written as a number. */
static int divided_by(double got, double sum, int m)
{
    if (!(got != 0.0) || !isfinite(got))
        return 0;
    double c = sum / got, r = round(c);
    return r >= 2 && r != m && r < 1e7 && fabs(c - r) <= 1e-6 * r ? (int)r : 0;
}

/* A hint for a wrong nn_cost, or NULL when the value is none of the known mistakes. */
static const char *cost_mistake(judge *J, double got, const cost_parts *p)
{
    double want = cost_of(p), sum = p->pos + p->neg;
    if (isnan(got))
        return "the cost is NaN: the function is not written yet, or it computed 0 * log(0) "
               "(an output h of exactly 0 or 1 with plain log); use nn_safe_log for both logs";
    if (isinf(got))
        return "the cost is infinite: log(0) at an output h of exactly 0 or 1; use nn_safe_log for both logs";
    if (is_mistake(got, want / p->K, want))
        return jfmt(J, "the cost is K = %d times too small: sum over the K outputs, and average over the examples "
                    "only (divide by m, not by m·K)", p->K);
    if (is_mistake(got, sum, want))
        return "the cost is m times too large: average over the examples (divide the sum by m)";
    if (is_mistake(got, p->pos / p->m, want))
        return "the -(1 - y) log(1 - h) term is missing: outputs that are wrongly high must cost too";
    if (is_mistake(got, p->neg / p->m, want))
        return "the -y log(h) term is missing: J sums -y log(h) - (1 - y) log(1 - h)";
    if (is_mistake(got, -want, want))
        return "the sign is flipped: J = (1/m) Σ [-y log(h) - (1 - y) log(1 - h)] is positive";
    for (int g = 0; g < N_GUARDS; g++) {
        /* Where h is exactly 0 or 1 the two guards give the same cost: then name both. */
        bool clip = is_mistake(got, p->clip[g], want), plus = is_mistake(got, p->plus[g], want);
        const char *c = LOG_GUARD_TEXT[g];
        if (clip || plus)
            return jfmt(J, "that is the cost with %s%s%s: outputs nearer to 0 or 1 than %s must cost their exact log; "
                        "use nn_safe_log(h), which is log(h) itself down to DBL_MIN",
                        clip ? jfmt(J, "the log clipped at h >= %s, log(max(h, %s))", c, c) : "",
                        clip && plus ? ", or with " : "", plus ? jfmt(J, "log(h + %s)", c) : "", c);
    }
    int c = divided_by(got, sum, p->m);
    if (c)
        return jfmt(J, "the sum is divided by %d instead of m = %d (X's rows): take m from X", c, p->m);
    return NULL;
}

static const char *cost_hint(judge *J, double got, const cost_parts *p)
{
    const char *h = cost_mistake(J, got, p);
    return h ? h : "J = (1/m) Σ_i Σ_k [-y log(h) - (1 - y) log(1 - h)]: sum over the K outputs, average over the "
                   "m examples";
}

/* A hint for a wrong nn_regularized_cost at lambda. */
static const char *reg_cost_hint(judge *J, double got, double lambda, const cost_parts *p)
{
    double cost0 = cost_of(p), m = p->m, S = p->sumsq, B = p->sumsq_bias;
    double pen = lambda / (2 * m) * S, want = cost0 + pen;
    if (!isfinite(got))
        return cost_hint(J, got, p);
    if (lambda != 0 && is_mistake(got, cost0, want))
        return "the penalty is missing: add lambda/(2m) * (the sum of the squared weights without column 0)";
    if (lambda != 1 && is_mistake(got, cost0 + S / (2 * m), want))
        return "the result is the value for lambda = 1: use the lambda argument (the tutorial's own bug)";
    if (is_mistake(got, cost0 + lambda * (S + B) / (2 * m), want))
        return "the penalty includes the bias weights: sum the squares of Theta1 and Theta2 without column 0";
    if (is_mistake(got, cost0 + lambda * S / m, want))
        return "the penalty is twice too large: it is lambda/(2m) * Σθ², with the 1/2";
    if (is_mistake(got, cost0 + lambda * S / 2, want))
        return "the penalty is not divided by m: it is lambda/(2m) * Σθ²";
    if (is_mistake(got, cost0 + lambda * S / (2 * m * m), want))
        return "the penalty is divided by m twice: it is lambda/(2m) * Σθ²";
    if (lambda != 0 && got != cost0) {
        int c = divided_by(got - cost0, lambda * S / 2, p->m);
        if (c)
            return jfmt(J, "the penalty is divided by 2·%d instead of 2m (m = %d, X's rows): take m from X", c, p->m);
    }
    if (!jclose(got - pen, cost0, TOL_REL)) {
        const char *h = cost_mistake(J, got - pen, p);
        if (h)
            return jfmt(J, "the penalty is right, the cost part is not: %s", h);
    }
    return "J + lambda/(2m) * (the sum of the squares of Theta1 and Theta2 without column 0)";
}

/* ---- networks ----------------------------------------------------------------------- */

/* ---- FIXED -------------------------------------------------------------------------- */

static void cost_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    j_cost got;
    jcall_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y);
    cost_parts p = parts_of(J, &n);
    jexpect_close(J, "cost on the grader's inputs", got.J, FIX_COST_L0, TOL_REL, cost_hint(J, got.J, &p));
    jnote_fixed_pass(J, NN_CALL_COST);
}

static void regularized_cost_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    cost_parts p = parts_of(J, &n);
    const double lambdas[] = {1.5, 0.0, 3.0}, want[] = {FIX_COST_L15, FIX_COST_L0, FIX_COST_L3};
    for (int k = 0; k < 3; k++) {
        j_cost got;
        jcall_regularized_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y, lambdas[k]);
        jexpect_close(J, jfmt(J, "regularized cost on the grader's inputs, lambda = %g", lambdas[k]), got.J, want[k],
                      TOL_REL, reg_cost_hint(J, got.J, lambdas[k], &p));
    }
    jnote_fixed_pass(J, NN_CALL_REGULARIZED_COST);
}

static void cost_debug(judge *J)
{
    jnet n = jnet_debug(J);
    cost_parts p = parts_of(J, &n);
    j_cost got;
    jcall_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y);
    jexpect_close(J, "cost on the debug network", got.J, DBG_COST_L0, TOL_REL, cost_hint(J, got.J, &p));
    jcall_regularized_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y, 3.0);
    jexpect_close(J, "regularized cost on the debug network, lambda = 3", got.J, DBG_COST_L3, TOL_REL,
                  reg_cost_hint(J, got.J, 3.0, &p));
}

/* ---- SECRET ------------------------------------------------------------------------- */

static void expect_cost(judge *J, const jnet *n, const char *label)
{
    j_cost got, ref;
    jcall_cost(J, &got, &ref, n->T1, n->T2, n->X, n->Y);
    cost_parts p = parts_of(J, n);
    J_SIZES_HINT(J, NN_CALL_COST, *n, jexpect_close(J, label, got.J, ref.J, TOL_REL, cost_hint(J, got.J, &p)));
}

static void expect_regularized_cost(judge *J, const jnet *n, double lambda)
{
    j_cost got, ref;
    jcall_regularized_cost(J, &got, &ref, n->T1, n->T2, n->X, n->Y, lambda);
    cost_parts p = parts_of(J, n);
    J_SIZES_HINT(J, NN_CALL_REGULARIZED_COST, *n,
                 jexpect_close(J, jfmt(J, "regularized cost, lambda = %.6g", lambda), got.J, ref.J, TOL_REL,
                               reg_cost_hint(J, got.J, lambda, &p)));
}

static void cost_random_small(judge *J)
{
    jnet n = jnet_random(J, 12, 6, 5, 4, 2.0);
    expect_cost(J, &n, "cost on a small network of random sizes");
}

static void cost_random_large(judge *J)
{
    jnet n = jnet_random(J, 80, 30, 12, 10, 1.0);
    expect_cost(J, &n, "cost on a larger network of random sizes");
}

static void cost_one_example(judge *J)
{
    jnet all = jnet_random(J, 6, 8, 6, 5, 2.0);
    jnet n = jnet_first_rows(J, &all, 1);
    expect_cost(J, &n, "cost of a single example (m = 1)");
    expect_regularized_cost(J, &n, juniform(J, 0.1, 5.0));
}

static void regularized_cost_random(judge *J)
{
    jnet n = jnet_random(J, 40, 12, 8, 6, 1.5);
    expect_regularized_cost(J, &n, juniform(J, 0.05, 10.0));
    expect_regularized_cost(J, &n, juniform(J, 10.0, 100.0));
}

static void regularized_cost_lambda0(judge *J)
{
    jnet n = jnet_random(J, 30, 10, 8, 6, 1.5);
    expect_regularized_cost(J, &n, 0.0);
}

/* A hint for a wrong cost where outputs are exactly 0 or 1. */
static const char *saturated_hint(judge *J, double got, const cost_parts *p)
{
    const char *h = cost_mistake(J, got, p);
    if (h)
        return h;
    double want = cost_of(p);
    if (p->saturated == p->m * p->K && p->wrong_saturated > 0 && got > 0) {
        double each = got * p->m / p->wrong_saturated;
        return jfmt(J, "every h here is exactly 0 or 1; each of the %d outputs at the wrong end must cost "
                    "-log(DBL_MIN) = %.4f, as nn_safe_log gives, and the others 0. Yours cost %.4g each "
                    "(that is -log(%.3g)): use nn_safe_log for both logs, with no clip or offset",
                    p->wrong_saturated, want * p->m / p->wrong_saturated, each, exp(-each));
    }
    return "outputs of exactly 0 or 1 must cost their nn_safe_log: log(DBL_MIN) = -708.4 for log(0)";
}

/* Weights so large that h is exactly 0 or 1 in double (every |z3| > 1500),
 * then large enough that h is within 1e-14 of 0 or 1 but not always on it. */
static void cost_saturated(judge *J)
{
    jnet n = jnet_random(J, 30, 6, 5, 6, 1.0);
    for (int k = 0; k < n.K; k++) {
        NN_AT(n.T2, k, 0) = (k == 0 || (k > 1 && jint(J, 0, 1))) ? SAT_BIAS : -SAT_BIAS;
        for (int j = 1; j < n.T2->cols; j++)
            NN_AT(n.T2, k, j) = juniform(J, -SAT_SPREAD, SAT_SPREAD);
    }
    j_cost got, ref;
    jcall_cost(J, &got, &ref, n.T1, n.T2, n.X, n.Y);
    cost_parts p = parts_of(J, &n);
    jexpect_close(J, "cost with saturated outputs (every h exactly 0 or 1)", got.J, ref.J, TOL_REL,
                  saturated_hint(J, got.J, &p));

    for (int k = 0; k < n.K; k++) {
        NN_AT(n.T2, k, 0) = (jint(J, 0, 1) ? 1 : -1) * juniform(J, NEAR_SAT_BIAS, NEAR_SAT_BIAS + 8);
        for (int j = 1; j < n.T2->cols; j++)
            NN_AT(n.T2, k, j) = juniform(J, -1.0, 1.0);
    }
    jcall_cost(J, &got, &ref, n.T1, n.T2, n.X, n.Y);
    p = parts_of(J, &n);
    jexpect_close(J, "cost with outputs within 1e-14 of 0 or 1", got.J, ref.J, TOL_REL, saturated_hint(J, got.J, &p));
}

/* What nn_safe_log must do at x, for the hint of a wrong value. */
static const char *safe_log_hint(judge *J, double x)
{
    if (x == 0.0)
        return "nn_safe_log(0) is log(DBL_MIN) ≈ -708.4 (where log(0) would be -inf)";
    if (x < 0.0)
        return "a negative x gives log(DBL_MIN) too (log of a negative number is NaN): compare x < DBL_MIN";
    if (x < DBL_MIN)
        return jfmt(J, "x = %g is subnormal, below DBL_MIN = %g: it gives log(DBL_MIN) too; compare x < DBL_MIN, "
                    "not x <= 0", x, DBL_MIN);
    if (x < 1e-6)
        return jfmt(J, "x = %g is a normal double (at least DBL_MIN): nn_safe_log(x) is log(x) itself, with no clip "
                    "and no offset", x);
    return "nn_safe_log(x) is log(x) for every x >= DBL_MIN";
}

static void safe_log_values(judge *J)
{
    enum { N = 40 };
    double x[N];
    int n = 0;
    x[n++] = 0.0;
    x[n++] = -0.0;
    x[n++] = -1.0;
    x[n++] = -DBL_MIN;
    x[n++] = -INFINITY;
    x[n++] = -juniform(J, 1e-3, 1e3);
    x[n++] = DBL_TRUE_MIN;
    x[n++] = DBL_MIN / 2;
    x[n++] = nextafter(DBL_MIN, 0.0);
    for (int k = 0; k < 3; k++)
        x[n++] = ldexp(juniform(J, 1.0, 2.0), jint(J, -1074, -1023));
    x[n++] = DBL_MIN;
    x[n++] = nextafter(DBL_MIN, 1.0);
    x[n++] = 1e-300;
    x[n++] = 1e-20;
    x[n++] = 1e-12;
    x[n++] = 1e-8;
    for (int k = 0; k < 4; k++)
        x[n++] = pow(10.0, juniform(J, -307.0, -7.0));
    x[n++] = 0.5;
    x[n++] = 1.0;
    x[n++] = 1.0 - DBL_EPSILON / 2;
    x[n++] = 2.0;
    x[n++] = 1e10;
    for (int k = 0; n < N; k++)
        x[n++] = exp(juniform(J, -10.0, 10.0));
    j_vector got, ref;
    jcall_safe_log(J, &got, &ref, x, N);
    for (int i = 0; i < N; i++)
        if (!jclose(got.out[i], ref.out[i], TOL_REL))
            jfail(J, "nn_safe_log(%.17g): expected %.17g, got %.17g (tolerance %g). Hint: %s", x[i], ref.out[i],
                  got.out[i], TOL_REL, safe_log_hint(J, x[i]));
}

/* ---- DATA --------------------------------------------------------------------------- */

static void cost_digits20(judge *J)
{
    jnet n = jnet_digits20(J, 0);
    cost_parts p = parts_of(J, &n);
    j_cost got;
    jcall_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y);
    jexpect_close(J, "cost on digits20", got.J, D20_COST_L0, TOL_REL, cost_hint(J, got.J, &p));
    const double lambdas[] = {1.0, 3.0}, want[] = {D20_COST_L1, D20_COST_L3};
    for (int k = 0; k < 2; k++) {
        jcall_regularized_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y, lambdas[k]);
        jexpect_close(J, jfmt(J, "regularized cost on digits20, lambda = %g", lambdas[k]), got.J, want[k], TOL_REL,
                      reg_cost_hint(J, got.J, lambdas[k], &p));
    }
}

static void cost_digits20_subset(judge *J)
{
    jnet n = jnet_digits20(J, 500);
    expect_regularized_cost(J, &n, juniform(J, 0.1, 5.0));
}

/* The course's ex4data1.mat (X 5000×400 as the course stores it, y) with ex4weights.mat. */
static jnet course_net(judge *J)
{
    nn_error err = {""};
    nn_mat *raw = NULL, *T1 = NULL, *T2 = NULL;
    int *y = NULL, m = 0;
    const char *data = jdata_host(J, "ex4data1.mat"), *weights = jdata_host(J, "ex4weights.mat");
    int rc = nn_mat_read(data, "X", -1, 400, &raw, &err);
    jown(J, raw);
    if (rc == 0)
        rc = nn_labels_read(data, "y", 1, 10, &y, &m, &err);
    jown(J, y);
    if (rc == 0)
        rc = nn_mat_read(weights, "Theta1", 25, 401, &T1, &err);
    jown(J, T1);
    if (rc == 0)
        rc = nn_mat_read(weights, "Theta2", 10, 26, &T2, &err);
    jown(J, T2);
    if (rc != 0 || m != raw->rows)
        jfail(J, "the judge cannot read the course's data: %s", rc ? err.msg : "X and y differ in length");
    jnet n = {m, 400, 25, 10, jmat_bias(J, raw->data, m, 400), jmat_one_hot(J, y, m, 10), T1, T2, y};
    return n;
}

static void cost_published(judge *J)
{
    jnet n = course_net(J);
    const double lambdas[] = {0.0, 1.0, 3.0}, published[] = {0.287629, 0.383770, 0.576051};
    for (int k = 0; k < 3; k++) {
        j_cost got;
        jcall_regularized_cost(J, &got, NULL, n.T1, n.T2, n.X, n.Y, lambdas[k]);
        jexpect(J, fabs(got.J - published[k]) < PUBLISHED_TOL,
                "cost on ex4data1.mat, lambda = %g: expected the published %.6f, got %.10f (tolerance %g)",
                lambdas[k], published[k], got.J, PUBLISHED_TOL);
    }
}

static const check_def CHECKS[] = {
    {"nn_cost on the grader's inputs (2-4-4, m = 16)", cost_fixed, J_FIXED, 1, NULL},
    {"nn_regularized_cost on the grader's inputs, lambda = 1.5, 0, 3", regularized_cost_fixed, J_FIXED, 1, NULL},
    {"nn_cost and nn_regularized_cost on the debug network (3-5-3, m = 5)", cost_debug, J_FIXED, 1, NULL},
    {"nn_cost on a small network of random sizes", cost_random_small, J_SECRET, 2, NULL},
    {"nn_cost on a larger network of random sizes", cost_random_large, J_SECRET, 2, NULL},
    {"nn_cost and nn_regularized_cost of a single example (m = 1)", cost_one_example, J_SECRET, 1, NULL},
    {"nn_regularized_cost with random lambdas", regularized_cost_random, J_SECRET, 3, NULL},
    {"nn_regularized_cost with lambda = 0 is nn_cost", regularized_cost_lambda0, J_SECRET, 1, NULL},
    {"nn_cost with saturated outputs (h exactly 0 or 1)", cost_saturated, J_SECRET, 2, NULL},
    {"nn_safe_log on zero, negative, subnormal, tiny and ordinary values", safe_log_values, J_SECRET, 2, NULL},
    {"cost with ex4weights.mat on digits20, lambda = 0, 1, 3", cost_digits20, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
    {"regularized cost with ex4weights.mat on 500 random digits, random lambda", cost_digits20_subset, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
    {"the course's published costs on ex4data1.mat", cost_published, J_OPTIONAL, 1, "ex4data1.mat+ex4weights.mat"},
};
J_TABLE(5, CHECKS);
