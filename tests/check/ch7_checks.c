/* ch7_checks.c - the judge's checks for chapter 7, gradient checking.
 *
 * FIXED: central differences on checkNNGradients' 3-5-3 network at λ = 0
 * and 3 against the Octave goldens, and the course's bound (1e-9) on their
 * relative difference from backpropagation; the relative difference of the
 * oracle's own vectors.
 * SECRET: the numerical gradient of a quadratic of random length and of a
 * small network of random sizes, with random λ and ε, against the reference
 * run by the judge, with the number of J calls (2n) and θ left as it was;
 * the gradient check on a random network; the relative difference of random
 * vectors.
 *
 * Hints come from evidence: the judge computes the classic wrong numerical
 * gradients with the same J (one-sided differences, θ_i not put back, ε
 * ignored, divided by ε) and the classic wrong relative differences (no
 * square roots, ‖a‖ + ‖b‖ below, sums of absolute values), and names a
 * mistake only when the student's numbers are one of them. */
#include <math.h>
#include <string.h>

#include "calls.h"
#include "checks.h"
#include "costfn.h"
#include "goldens.h"
#include "workbook.h"

#define EPSILON 1e-4          /* the course's ε for central differences */
#define PUBLISHED_BOUND 1e-9  /* the course's bound on the relative difference */
/* Two correct central differences (the student's and the reference's, or
 * Octave's) differ by the rounding of J divided by 2ε: far below 1e-7 of the
 * largest entry, and far below what any mistake gives. */
#define NUMGRAD_TOL 1e-7
#define RELDIFF_GOLD_TOL 1e-6 /* the oracle's relative difference, recomputed from its rounded vectors */
#define GRADCHECK_FACTOR 10.0 /* the student's gradient check may be this much worse than the reference's */
#define HINT_TOL 1e-7         /* a wrong value "is" a known mistake when this close to it */

/* ---- the numerical gradient ------------------------------------------------------------ */

/* What a numerical gradient was asked: J is the quadratic (net == NULL) or
 * the network's regularized cost at lambda. */
typedef struct {
    const double *theta;
    int n;
    double eps;
    const jnet *net;
    double lambda;
} nproblem;

static double largest(const double *v, int n)
{
    double l = 0.0;
    for (int i = 0; i < n; i++)
        l = fmax(l, fabs(v[i]));
    return l;
}

/* Index of the first entry of got that is not want, or -1. */
static int first_off(const double *got, const double *want, int n, double tol)
{
    double floor = largest(want, n);
    for (int i = 0; i < n; i++)
        if (!(fabs(got[i] - want[i]) <= tol * fmax(fabs(want[i]), floor)))
            return i;
    return -1;
}

/* Wrong numerical gradients, made with the same J. */
enum { V_FORWARD, V_BACKWARD, V_KEPT_MINUS, V_KEPT_PLUS, V_COURSE_EPS, V_COUNT };

static double *variant(judge *J, const nproblem *p, int kind)
{
    nn_costfn c = {.kind = NN_COSTFN_QUADRATIC, .n = p->n};
    if (p->net && nn_costfn_network(&c, p->net->n_in, p->net->hidden, p->net->K, p->net->X, p->net->Y, p->lambda))
        jfail(J, "the judge ran out of memory");
    jown(J, c.T1);
    jown(J, c.T2);
    double *t = jalloc(J, (size_t)p->n * sizeof *t), *g = jalloc(J, (size_t)p->n * sizeof *g);
    memcpy(t, p->theta, (size_t)p->n * sizeof *t);
    double eps = kind == V_COURSE_EPS ? EPSILON : p->eps, J0 = nn_costfn_eval(t, &c);
    for (int i = 0; i < p->n; i++) {
        double saved = t[i], plus, minus;
        switch (kind) {
        case V_FORWARD:
            t[i] = saved + eps;
            g[i] = (nn_costfn_eval(t, &c) - J0) / eps;
            t[i] = saved;
            break;
        case V_BACKWARD:
            t[i] = saved - eps;
            g[i] = (J0 - nn_costfn_eval(t, &c)) / eps;
            t[i] = saved;
            break;
        case V_KEPT_MINUS: /* θ_i left at θ_i - ε */
            t[i] = saved + eps;
            plus = nn_costfn_eval(t, &c);
            t[i] = saved - eps;
            minus = nn_costfn_eval(t, &c);
            g[i] = (plus - minus) / (2 * eps);
            break;
        case V_KEPT_PLUS: /* θ_i left at θ_i + ε */
            t[i] = saved - eps;
            minus = nn_costfn_eval(t, &c);
            t[i] = saved + eps;
            plus = nn_costfn_eval(t, &c);
            g[i] = (plus - minus) / (2 * eps);
            break;
        default:
            t[i] = saved + eps;
            plus = nn_costfn_eval(t, &c);
            t[i] = saved - eps;
            minus = nn_costfn_eval(t, &c);
            t[i] = saved;
            g[i] = (plus - minus) / (2 * eps);
        }
    }
    return g;
}

/* c with got ≈ c·want everywhere, or NAN. */
static double grad_ratio(const double *got, const double *want, int n)
{
    double ab = 0.0, bb = 0.0;
    for (int i = 0; i < n; i++) {
        ab += got[i] * want[i];
        bb += want[i] * want[i];
    }
    if (!(bb > 0.0))
        return NAN;
    double c = ab / bb;
    for (int i = 0; i < n; i++)
        if (!(fabs(got[i] - c * want[i]) <= HINT_TOL * fmax(fabs(c * want[i]), largest(want, n) * fabs(c))))
            return NAN;
    return c;
}

static const char *numgrad_hint(judge *J, const double *got, const double *want, const nproblem *p)
{
    for (int i = 0; i < p->n; i++)
        if (isnan(got[i]))
            return jfmt(J, "grad[%d] was never written (it is still NaN)", i);
    double r = grad_ratio(got, want, p->n);
    if (isfinite(r) && fabs(r - 2.0) < 1e-6)
        return "divide by 2 eps, the distance between theta + eps and theta - eps";
    if (isfinite(r) && fabs(r + 1.0) < 1e-6)
        return "the sign is flipped: J(theta + eps e_i) - J(theta - eps e_i), in that order";
    if (isfinite(r) && fabs(r - 0.5) < 1e-6)
        return "the difference is divided by 4 eps: divide by 2 eps";
    static const char *const what[V_COUNT] = {
        "that is the one-sided difference (J(theta + eps e_i) - J(theta)) / eps: use central differences, "
        "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)",
        "that is the one-sided difference (J(theta) - J(theta - eps e_i)) / eps: use central differences, "
        "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)",
        "theta_i is left at theta_i - eps after its two evaluations, so every later J sees it moved: restore "
        "theta_i before the next parameter",
        "theta_i is left at theta_i + eps after its two evaluations, so every later J sees it moved: restore "
        "theta_i before the next parameter",
        "that is the gradient with eps = 1e-4: use the eps argument",
    };
    for (int k = 0; k < V_COUNT; k++) {
        if (k == V_COURSE_EPS && p->eps == EPSILON)
            continue;
        const double *v = variant(J, p, k);
        if (first_off(got, v, p->n, HINT_TOL) < 0 && first_off(v, want, p->n, NUMGRAD_TOL) >= 0)
            return what[k];
    }
    return "grad[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps), one parameter at a time, each J call "
           "with only theta_i moved";
}

static void expect_numgrad(judge *J, const char *label, const j_numgrad *got, const double *want, long calls,
                           const nproblem *p)
{
    jexpect(J, got->rc == 0, "nn_numerical_gradient returned %d: %s", got->rc, got->err);
    int i = first_off(got->grad, want, p->n, NUMGRAD_TOL);
    if (i >= 0) {
        int bad = 0;
        double floor = largest(want, p->n);
        for (int k = 0; k < p->n; k++)
            bad += !(fabs(got->grad[k] - want[k]) <= NUMGRAD_TOL * fmax(fabs(want[k]), floor));
        jfail(J, "%s, grad[%d]: expected %.10g, got %.10g (tolerance %g of the largest entry, %.3g); %d of %d values "
                 "differ. Hint: %s",
              label, i, want[i], got->grad[i], NUMGRAD_TOL, largest(want, p->n), bad, p->n,
              numgrad_hint(J, got->grad, want, p));
    }
    jexpect(J, got->calls == calls,
            "%s: J was called %ld times for %d parameters; central differences call it exactly twice per "
            "parameter, 2n = %ld times (no extra call at theta itself)",
            label, got->calls, p->n, calls);
}

/* θ of a network: its weights, unrolled as nn_serialize does. */
static double *theta_of(judge *J, const jnet *net)
{
    int n = nn_param_count(net->n_in, net->hidden, net->K);
    double *t = jalloc(J, (size_t)n * sizeof *t);
    nn_serialize(t, net->T1, net->T2);
    return t;
}

/* The reference's backpropagation gradient at the network's weights, unrolled. */
static double *backprop_of(judge *J, const jnet *net, double lambda)
{
    nn_mat *G1 = jmat(J, net->T1->rows, net->T1->cols), *G2 = jmat(J, net->T2->rows, net->T2->cols);
    nn_error err = {""};
    if (nn_regularized_gradient(G1, G2, net->T1, net->T2, net->X, net->Y, lambda, &err) != 0)
        jfail(J, "the judge's gradient failed: %s", err.msg);
    double *g = jalloc(J, (size_t)nn_param_count(net->n_in, net->hidden, net->K) * sizeof *g);
    nn_serialize(g, G1, G2);
    return g;
}

/* ---- FIXED ------------------------------------------------------------------------------- */

static void numgrad_debug(judge *J)
{
    jnet net = jnet_debug(J);
    const double lambdas[2] = {0.0, 3.0};
    const double *num[2] = {DBG_NUMGRAD_L0, DBG_NUMGRAD_L3}, *bp[2] = {DBG_GRAD_L0, DBG_GRAD_L3};
    double *theta = theta_of(J, &net);
    int n = (int)GOLD_COUNT(DBG_NUMGRAD_L0);
    for (int k = 0; k < 2; k++) {
        j_numgrad got;
        jcall_numerical_gradient(J, &got, NULL, theta, n, EPSILON, &net, lambdas[k]);
        nproblem p = {theta, n, EPSILON, &net, lambdas[k]};
        expect_numgrad(J, jfmt(J, "numerical gradient on the debug network, lambda = %g", lambdas[k]), &got, num[k],
                       2L * n, &p);
        double d = nn_relative_difference(got.grad, bp[k], n);
        jexpect(J, d < PUBLISHED_BOUND,
                "gradient check on the debug network, lambda = %g: the relative difference of your numerical "
                "gradient and backpropagation is %.3e, expected below %g (about 2e-11)", lambdas[k], d,
                PUBLISHED_BOUND);
    }
    jnote_fixed_pass(J, NN_CALL_NUMERICAL_GRADIENT);
}

/* ---- the relative difference ------------------------------------------------------------- */

static double norm_of(const double *a, double ca, const double *b, double cb, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (ca * a[i] + cb * b[i]) * (ca * a[i] + cb * b[i]);
    return sqrt(s);
}

static const char *reldiff_hint(double got, const double *a, const double *b, int n, double want)
{
    double dn = norm_of(a, 1, b, -1, n), sn = norm_of(a, 1, b, 1, n), na = norm_of(a, 1, b, 0, n),
           nb = norm_of(a, 0, b, 1, n), d1 = 0.0, s1 = 0.0;
    for (int i = 0; i < n; i++) {
        d1 += fabs(a[i] - b[i]);
        s1 += fabs(a[i] + b[i]);
    }
    const struct {
        double value;
        const char *hint;
    } cand[] = {
        {want * want, "the norms are squared: take the square roots (norm(a - b) / norm(a + b))"},
        {dn / (na + nb), "the denominator is norm(a + b), not norm(a) + norm(b)"},
        {dn, "divide by norm(a + b)"},
        {dn / na, "the denominator is norm(a + b), not norm(a)"},
        {dn / nb, "the denominator is norm(a + b), not norm(b)"},
        {d1 / s1, "Euclidean norms: the square root of the sum of squares, not the sum of absolute values"},
        {sn / dn, "upside down: norm(a - b) / norm(a + b)"},
    };
    if (isnan(got))
        return "the result is NaN: not written yet, or 0/0";
    for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++)
        if (jclose(got, cand[k].value, HINT_TOL) && !jclose(cand[k].value, want, TOL_REL))
            return cand[k].hint;
    return "norm(a - b) / norm(a + b), with Euclidean norms";
}

static void expect_reldiff(judge *J, const char *label, const double *a, const double *b, int n, const double *gold,
                           double tol)
{
    j_reldiff got, ref;
    jcall_relative_difference(J, &got, &ref, a, b, n);
    double want = gold ? *gold : ref.r;
    jexpect_close(J, label, got.r, want, tol, reldiff_hint(got.r, a, b, n, ref.r));
}

static void reldiff_fixed(judge *J)
{
    int n = (int)GOLD_COUNT(DBG_NUMGRAD_L0);
    expect_reldiff(J, "relative difference of the oracle's numerical and backprop gradients, lambda = 0",
                   DBG_NUMGRAD_L0, DBG_GRAD_L0, n, &DBG_RELDIFF_L0, RELDIFF_GOLD_TOL);
    expect_reldiff(J, "relative difference of the oracle's numerical and backprop gradients, lambda = 3",
                   DBG_NUMGRAD_L3, DBG_GRAD_L3, n, &DBG_RELDIFF_L3, RELDIFF_GOLD_TOL);
    const double a[2] = {3.0, 0.0}, b[2] = {0.0, 4.0}, one = 1.0; /* |a - b| = |a + b| = 5 */
    expect_reldiff(J, "relative difference of (3, 0) and (0, 4)", a, b, 2, &one, TOL_REL);
    jnote_fixed_pass(J, NN_CALL_RELATIVE_DIFFERENCE);
}

/* ---- SECRET -------------------------------------------------------------------------------- */

static void numgrad_quadratic(judge *J)
{
    int sizes[2] = {jint(J, 2, 40), 1};
    for (int s = 0; s < 2; s++) {
        int n = sizes[s];
        double *theta = jalloc(J, (size_t)n * sizeof *theta);
        for (int i = 0; i < n; i++)
            theta[i] = juniform(J, -2.0, 2.0);
        double eps = juniform(J, 1e-3, 1e-2);
        j_numgrad got, ref;
        jcall_numerical_gradient(J, &got, &ref, theta, n, eps, NULL, 0.0);
        nproblem p = {theta, n, eps, NULL, 0.0};
        expect_numgrad(J, jfmt(J, "numerical gradient of a quadratic, n = %d, eps = %.3g", n, eps), &got, ref.grad,
                       ref.calls, &p);
    }
}

static void numgrad_network(judge *J)
{
    jnet net = jnet_random(J, 8, 5, 4, 3, 1.0);
    /* an eps large enough that the result depends on it (the error of central
     * differences is eps² J'''/6): a numerical gradient that ignores eps fails */
    double *theta = theta_of(J, &net), lambda = juniform(J, 0.0, 5.0), eps = juniform(J, 0.01, 0.1);
    int n = nn_param_count(net.n_in, net.hidden, net.K);
    j_numgrad got, ref;
    jcall_numerical_gradient(J, &got, &ref, theta, n, eps, &net, lambda);
    nproblem p = {theta, n, eps, &net, lambda};
    expect_numgrad(J, jfmt(J, "numerical gradient on a %d-%d-%d network with m = %d, lambda = %.3g, eps = %.3g",
                           net.n_in, net.hidden, net.K, net.m, lambda, eps),
                   &got, ref.grad, ref.calls, &p);
}

/* The chapter's point: your numerical gradient agrees with backpropagation. */
static void gradcheck_network(judge *J)
{
    jnet net = jnet_random(J, 10, 6, 5, 4, 0.5);
    double *theta = theta_of(J, &net), lambda = juniform(J, 0.0, 3.0);
    int n = nn_param_count(net.n_in, net.hidden, net.K);
    j_numgrad got, ref;
    jcall_numerical_gradient(J, &got, &ref, theta, n, EPSILON, &net, lambda);
    jexpect(J, got.rc == 0, "nn_numerical_gradient returned %d: %s", got.rc, got.err);
    double *bp = backprop_of(J, &net, lambda);
    double d = nn_relative_difference(got.grad, bp, n), d_ref = nn_relative_difference(ref.grad, bp, n);
    double bound = fmax(PUBLISHED_BOUND, GRADCHECK_FACTOR * d_ref);
    if (!(d < bound)) {
        nproblem p = {theta, n, EPSILON, &net, lambda};
        jfail(J, "gradient check on a %d-%d-%d network with m = %d, lambda = %.3g: the relative difference of your "
                 "numerical gradient and backpropagation is %.3e, expected below %.3g (the reference's is %.2e). "
                 "Hint: %s",
              net.n_in, net.hidden, net.K, net.m, lambda, d, bound, d_ref, numgrad_hint(J, got.grad, ref.grad, &p));
    }
}

static void reldiff_random(judge *J)
{
    int n = jint(J, 2, 50);
    double *a = jalloc(J, (size_t)n * sizeof *a), *b = jalloc(J, (size_t)n * sizeof *b);
    for (int i = 0; i < n; i++) {
        a[i] = juniform(J, -1.0, 1.0);
        b[i] = juniform(J, -1.0, 1.0);
    }
    expect_reldiff(J, jfmt(J, "relative difference of random vectors (n = %d)", n), a, b, n, NULL, TOL_REL);
    /* as in a gradient check: b is a within about 1e-9 */
    for (int i = 0; i < n; i++)
        b[i] = a[i] * (1.0 + juniform(J, -1e-9, 1e-9));
    expect_reldiff(J, jfmt(J, "relative difference of two nearly equal vectors (n = %d)", n), a, b, n, NULL, TOL_REL);
    const double one_a = juniform(J, 0.5, 2.0), one_b = -juniform(J, 0.1, 0.4);
    expect_reldiff(J, "relative difference of two vectors of length 1", &one_a, &one_b, 1, NULL, TOL_REL);
    expect_reldiff(J, jfmt(J, "relative difference of a vector (n = %d) and itself", n), a, a, n, NULL, TOL_REL);
}

static const check_def CHECKS[] = {
    {"nn_numerical_gradient on the debug network, lambda = 0 and 3, and its gradient check", numgrad_debug, J_FIXED,
     1, NULL},
    {"nn_relative_difference on the oracle's vectors and on (3, 0), (0, 4)", reldiff_fixed, J_FIXED, 1, NULL},
    {"nn_numerical_gradient of a quadratic of random length, random eps", numgrad_quadratic, J_SECRET, 3, NULL},
    {"nn_numerical_gradient on a network of random sizes, random lambda and eps", numgrad_network, J_SECRET, 4, NULL},
    {"gradient check on a network of random sizes: numerical gradient vs backpropagation", gradcheck_network,
     J_SECRET, 2, NULL},
    {"nn_relative_difference of random vectors", reldiff_random, J_SECRET, 3, NULL},
};
J_TABLE(7, CHECKS);
