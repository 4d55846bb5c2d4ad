/* ch6_checks.c - the judge's checks for chapter 6, backpropagation.
 *
 * FIXED: the sigmoid gradient at 3 sin(1:30) and the published points; the
 * three gradients on the course grader's 2-4-4 network and on
 * checkNNGradients' 3-5-3 network, against the Octave goldens.
 * SECRET: the sigmoid gradient over a dense range of z (|z| up to 40, and
 * beyond, where exp overflows), in place too; the loop and matrix gradients
 * on networks of random sizes, m = 1 included; the regularized gradient with
 * random λ and with λ = 0; all against the reference run by the judge.
 * DATA: ex4weights.mat on digits20 (goldens, λ = 0, 1, 3) and on a random
 * subset with a random λ (the reference).
 *
 * Hints come from evidence. From the reference's unregularized gradient U
 * and penalty R = (λ/m)·Θ (column 0 left out) the judge tells apart: all signs
 * flipped, ×m, ÷m twice, m written as a number, λ ignored, λ not divided by
 * m, the bias column regularized, G2 right but G1 wrong (and then which
 * wrong hidden error d2 gives exactly G1: the sigmoid for its gradient,
 * Theta2's bias column kept). Otherwise it says which part is right and
 * which is not. */
#include <math.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "workbook.h"

#define HINT_TOL 1e-7        /* a wrong value "is" a known mistake when this close to it */
#define RATIO_TOL 1e-6       /* two ratios are the same number */
#define PUBLISHED_TOL 5e-7   /* the published sigmoid gradients are given to 6 decimals */
#define CUTOFF_MIN 3.0       /* a sigmoid gradient wrong only beyond this |z| is "cut off" */
#define EXP_OVERFLOW 709.8   /* exp(z) is inf in double beyond this */

/* ---- the sigmoid gradient ----------------------------------------------------------- */

/* A hint for a wrong sigmoid gradient: which z are wrong, and what they hold. */
static const char *sigmoid_gradient_hint(judge *J, const double *z, const double *got, const double *want, int n)
{
    int first = -1;
    double cut = INFINITY;
    bool all_sigmoid = true, never_written = true;
    for (int i = 0; i < n; i++) {
        double s;
        nn_sigmoid(&s, &z[i], 1);
        all_sigmoid = all_sigmoid && jclose(got[i], s, HINT_TOL);
        never_written = never_written && isnan(got[i]);
        if (!jclose(got[i], want[i], TOL_REL) && fabs(z[i]) < cut) {
            first = i;
            cut = fabs(z[i]);
        }
    }
    if (first < 0)
        return NULL;
    if (all_sigmoid)
        return "that is the sigmoid itself; its gradient is g(z)(1 - g(z))";
    if (never_written)
        return "no value was written into out";
    if (isnan(got[first]) && cut > EXP_OVERFLOW)
        return jfmt(J, "g'(%g) is NaN: exp(%g) overflows to inf, and inf/inf is NaN. g(z)(1 - g(z)) gives 0 there, "
                    "the right value in double", z[first], fabs(z[first]));
    /* Every |z| below cut is right: the mistake is in how large |z| are treated. */
    if (cut >= CUTOFF_MIN)
        return jfmt(J, "right for |z| < %.3g but not at larger |z|.%s g(z)(1 - g(z)) is right for every z", cut,
                    got[first] == 0.0 ? " Do not cut off or clamp the sigmoid at large |z|:" : "");
    return "g'(z) = g(z)(1 - g(z)), where g(z) = 1 / (1 + exp(-z))";
}

/* Report the wrong value nearest to z = 0: the hint is about where the values go wrong. */
static void expect_sigmoid_gradient(judge *J, const char *label, const double *z, const j_vector *got,
                                    const double *want, int n, const char *how)
{
    int worst = -1, bad = 0;
    for (int i = 0; i < n; i++)
        if (!jclose(got->out[i], want[i], TOL_REL)) {
            bad++;
            if (worst < 0 || fabs(z[i]) < fabs(z[worst]))
                worst = i;
        }
    if (worst >= 0)
        jfail(J, "%s at z = %.10g: expected %.10g, got %.10g (tolerance %g); %d of %d values differ%s. Hint: %s", label,
              z[worst], want[worst], got->out[worst], TOL_REL, bad, n, how,
              sigmoid_gradient_hint(J, z, got->out, want, n));
}

static void sigmoid_gradient_fixed(judge *J)
{
    j_vector got;
    jcall_sigmoid_gradient(J, &got, NULL, FIX_SG_Z, 30, false);
    expect_sigmoid_gradient(J, "sigmoidGradient(3 sin(1:30))", FIX_SG_Z, &got, FIX_SIGGRAD, 30, "");
    const double z[5] = {-1, -0.5, 0, 0.5, 1};
    jcall_sigmoid_gradient(J, &got, NULL, z, 5, false);
    for (int i = 0; i < 5; i++)
        jexpect(J, fabs(got.out[i] - SG_PUBLISHED[i]) < PUBLISHED_TOL,
                "sigmoid gradient at %g: expected the published %.6f, got %.10g (tolerance %g)", z[i],
                SG_PUBLISHED[i], got.out[i], PUBLISHED_TOL);
    jnote_fixed_pass(J, NN_CALL_SIGMOID_GRADIENT);
}

/* Every quarter from -40 to 40, random points to ±45, and a few where
 * exp(|z|) overflows. Out of place, then in place. */
static void sigmoid_gradient_dense(judge *J)
{
    enum { STEPS = 321, RANDOM = 60 };
    static const double huge[] = {50, -50, 100, -100, 700, -700, 745, -745, 800, -800};
    int n = STEPS + RANDOM + (int)(sizeof huge / sizeof huge[0]);
    double *z = jalloc(J, (size_t)n * sizeof *z);
    int k = 0;
    double shift = juniform(J, 0.0, 0.25);
    for (int i = 0; i < STEPS; i++)
        z[k++] = -40.0 + 0.25 * i + (i < STEPS - 1 ? shift : 0.0);
    for (int i = 0; i < RANDOM; i++)
        z[k++] = juniform(J, -45.0, 45.0);
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++)
        z[k++] = huge[i];
    j_vector got, ref;
    jcall_sigmoid_gradient(J, &got, &ref, z, n, false);
    expect_sigmoid_gradient(J, "sigmoid gradient", z, &got, ref.out, n, "");
    jcall_sigmoid_gradient(J, &got, &ref, z, n, true);
    expect_sigmoid_gradient(J, "sigmoid gradient", z, &got, ref.out, n,
                            " with out == z (in place): read z[i] before writing out[i]");
}

/* ---- what the reference says about a wrong gradient ------------------------------------ */

enum { SEL_ALL, SEL_G1, SEL_G2, SEL_BIAS, SEL_WEIGHTS, SEL_BIAS1, SEL_BIAS2 };

/* One gradient call's inputs. */
typedef struct {
    const nn_mat *T1, *T2, *X, *Y;
    double lambda;
    bool regularized;
} gcase;

/* G1 and G2 side by side as one vector (G1 row by row, then G2), with what
 * the judge knows about each element. */
typedef struct {
    int n, n1, m;
    double *got;    /* the student's */
    double *U;      /* the reference's unregularized gradient */
    double *P;      /* (λ/m)·Θ on every column, column 0 included */
    bool *bias;     /* column 0 of its matrix */
} gevidence;

static double *flatten(judge *J, const nn_mat *A, const nn_mat *B)
{
    int n1 = A->rows * A->cols, n = n1 + B->rows * B->cols;
    double *v = jalloc(J, (size_t)n * sizeof *v);
    for (int i = 0; i < A->rows; i++)
        for (int j = 0; j < A->cols; j++)
            v[i * A->cols + j] = NN_AT(A, i, j);
    for (int i = 0; i < B->rows; i++)
        for (int j = 0; j < B->cols; j++)
            v[n1 + i * B->cols + j] = NN_AT(B, i, j);
    return v;
}

static bool selected(const gevidence *e, int k, int sel)
{
    switch (sel) {
    case SEL_G1: return k < e->n1;
    case SEL_G2: return k >= e->n1;
    case SEL_BIAS: return e->bias[k];
    case SEL_WEIGHTS: return !e->bias[k];
    case SEL_BIAS1: return e->bias[k] && k < e->n1;
    case SEL_BIAS2: return e->bias[k] && k >= e->n1;
    default: return true;
    }
}

/* a ≈ ca·A + cb·B on the selection (B may be NULL). */
static bool near(const gevidence *e, const double *a, double ca, const double *A, double cb, const double *B, int sel,
                 double tol)
{
    for (int k = 0; k < e->n; k++)
        if (selected(e, k, sel) && !jclose(a[k], ca * A[k] + (B ? cb * B[k] : 0.0), tol))
            return false;
    return true;
}

/* c with a ≈ c·b on the selection, or NAN when there is none. */
static double ratio(const gevidence *e, const double *a, const double *b, int sel)
{
    double ab = 0.0, bb = 0.0;
    for (int k = 0; k < e->n; k++)
        if (selected(e, k, sel)) {
            ab += a[k] * b[k];
            bb += b[k] * b[k];
        }
    if (!(bb > 0.0))
        return NAN;
    double c = ab / bb;
    return near(e, a, c, b, 0.0, NULL, sel, HINT_TOL) ? c : NAN;
}

static bool same_ratio(double c, double want)
{
    return fabs(c - want) <= RATIO_TOL * fabs(want);
}

/* G1 (flattened) from a hidden error d2 made a wrong way: kind 1 scales by
 * sigmoid(z2) instead of g'(z2), kind 2 takes Theta2's columns 0..h-1 (with
 * the bias) instead of 1..h, kind 3 leaves out g'(z2). */
static double *g1_variant(judge *J, const gcase *c, int kind)
{
    int m = c->X->rows, hid = c->T1->rows, K = c->T2->rows, cols = c->X->cols;
    nn_activations *act = nn_activations_new(m, cols - 1, hid, K);
    jown(J, act);
    nn_error err = {""};
    if (!act || nn_forward(act, c->X, c->T1, c->T2, &err) != 0)
        jfail(J, "the judge's forward pass failed: %s", err.msg);
    double *G1 = jalloc(J, (size_t)hid * (size_t)cols * sizeof *G1);
    double *d2 = jalloc(J, (size_t)hid * sizeof *d2);
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < hid; j++) {
            double back = 0.0;
            for (int k = 0; k < K; k++)
                back += (NN_AT(&act->h, i, k) - NN_AT(c->Y, i, k)) * NN_AT(c->T2, k, kind == 2 ? j : j + 1);
            double z = NN_AT(&act->z2, i, j), slope;
            if (kind == 1)
                nn_sigmoid(&slope, &z, 1);
            else if (kind == 3)
                slope = 1.0;
            else
                nn_sigmoid_gradient(&slope, &z, 1);
            d2[j] = back * slope;
        }
        for (int j = 0; j < hid; j++)
            for (int x = 0; x < cols; x++)
                G1[j * cols + x] += d2[j] * NN_AT(c->X, i, x);
    }
    for (int k = 0; k < hid * cols; k++)
        G1[k] /= m;
    return G1;
}

/* A hint for a wrong unregularized gradient D (the student's, less the
 * penalty when there is one), or NULL when it is none of the known mistakes. */
static const char *backprop_mistake(judge *J, const gevidence *e, const gcase *c, const double *D)
{
    int m = e->m;
    if (near(e, D, -1.0, e->U, 0.0, NULL, SEL_ALL, HINT_TOL))
        return "every sign is flipped: the output error is d3 = h - y, not y - h";
    double r = ratio(e, D, e->U, SEL_ALL);
    if (isfinite(r) && m > 1 && same_ratio(r, m))
        return "the gradient is m times too large: divide Delta by m (the number of examples)";
    if (isfinite(r) && m > 1 && same_ratio(r, 1.0 / m))
        return "the gradient is divided by m twice: divide Delta by m once";
    if (isfinite(r) && r > 0 && !same_ratio(r, 1.0)) {
        double d = m / r;
        if (fabs(d - round(d)) <= RATIO_TOL * d && round(d) >= 1 && (int)round(d) != m)
            return jfmt(J, "Delta is divided by %d instead of m = %d (X's rows): take m from X", (int)round(d), m);
        return jfmt(J, "the gradient is %.6g times the right one everywhere: look at the scaling (1/m) and the "
                    "output error d3 = h - y", r);
    }
    bool g2_right = near(e, D, 1.0, e->U, 0.0, NULL, SEL_G2, TOL_REL);
    bool g1_right = near(e, D, 1.0, e->U, 0.0, NULL, SEL_G1, TOL_REL);
    if (g2_right && !g1_right) {
        static const char *const what[] = {
            NULL,
            "the hidden error d2 is scaled by sigmoid(z2) where the sigmoid's gradient g'(z2) = g(z2)(1 - g(z2)) "
            "belongs",
            "the hidden error d2 must use Theta2 without column 0 (the bias weights): (d3 · Theta2)[:, 1:], "
            "not its first n_hidden columns",
            "the hidden error d2 is missing the factor g'(z2): d2 = (d3 · Theta2 without column 0) .* g'(z2)",
        };
        for (int kind = 1; kind <= 3; kind++)
            if (near(e, D, 1.0, g1_variant(J, c, kind), 0.0, NULL, SEL_G1, HINT_TOL))
                return what[kind];
        return "G2 is right, so look at the hidden error d2: (d3 · Theta2) without column 0, times g'(z2)";
    }
    if (g1_right && !g2_right)
        return "G1 is right, G2 is not: G2 = d3ᵀ · a2 / m, with a2's bias column of ones";
    return NULL;
}

/* A hint for a wrong gradient, from the reference's U and the penalty. */
static const char *gradient_hint(judge *J, const j_gradient *got, const gcase *c)
{
    int n1 = c->T1->rows * c->T1->cols;
    gevidence e = {.n1 = n1, .m = c->X->rows};
    e.got = flatten(J, got->G1, got->G2);
    e.n = n1 + c->T2->rows * c->T2->cols;
    nn_mat *U1 = jmat(J, c->T1->rows, c->T1->cols), *U2 = jmat(J, c->T2->rows, c->T2->cols);
    nn_error err = {""};
    if (nn_gradient(U1, U2, c->T1, c->T2, c->X, c->Y, &err) != 0)
        jfail(J, "the judge's gradient failed: %s", err.msg);
    e.U = flatten(J, U1, U2);
    e.P = flatten(J, c->T1, c->T2);
    e.bias = jalloc(J, (size_t)e.n * sizeof *e.bias);
    double lambda = c->regularized ? c->lambda : 0.0, scale = lambda / e.m;
    for (int k = 0; k < e.n; k++) {
        e.P[k] *= scale;
        e.bias[k] = k < n1 ? k % c->T1->cols == 0 : (k - n1) % c->T2->cols == 0;
    }
    for (int k = 0; k < e.n; k++)
        if (isnan(e.got[k]))
            return jfmt(J, "%s[%d][%d] was never written (it is still NaN): write every element of G1 and G2",
                        k < n1 ? "G1" : "G2", k < n1 ? k / c->T1->cols : (k - n1) / c->T2->cols,
                        k < n1 ? k % c->T1->cols : (k - n1) % c->T2->cols);
    /* want = U + P without column 0; D = what the student's nn_gradient gave, if the penalty is right */
    double *R = jalloc(J, (size_t)e.n * sizeof *R), *D = jalloc(J, (size_t)e.n * sizeof *D);
    for (int k = 0; k < e.n; k++) {
        R[k] = e.bias[k] ? 0.0 : e.P[k];
        D[k] = e.got[k] - R[k];
    }
    if (lambda != 0.0) {
        bool weights_right = near(&e, e.got, 1.0, e.U, 1.0, R, SEL_WEIGHTS, TOL_REL);
        bool bias_right = near(&e, e.got, 1.0, e.U, 0.0, NULL, SEL_BIAS, TOL_REL);
        if (near(&e, e.got, 1.0, e.U, 0.0, NULL, SEL_ALL, HINT_TOL))
            return "lambda is ignored: add (lambda/m) * Theta to every column except column 0";
        if (weights_right && !bias_right) {
            bool reg1 = near(&e, e.got, 1.0, e.U, 1.0, e.P, SEL_BIAS1, HINT_TOL);
            bool reg2 = near(&e, e.got, 1.0, e.U, 1.0, e.P, SEL_BIAS2, HINT_TOL);
            bool ok1 = near(&e, e.got, 1.0, e.U, 0.0, NULL, SEL_BIAS1, TOL_REL);
            bool ok2 = near(&e, e.got, 1.0, e.U, 0.0, NULL, SEL_BIAS2, TOL_REL);
            if ((reg1 || ok1) && (reg2 || ok2))
                return jfmt(J, "column 0 (the bias) must not be regularized: columns 1.. are right, but column 0 of %s "
                            "has (lambda/m) * Theta added", reg1 && reg2 ? "G1 and G2" : reg1 ? "G1" : "G2");
            return "columns 1.. are right, column 0 is not: column 0 (the bias) is nn_gradient's, with no penalty";
        }
        if (bias_right && !weights_right) {
            double *E = jalloc(J, (size_t)e.n * sizeof *E);
            for (int k = 0; k < e.n; k++)
                E[k] = e.got[k] - e.U[k];
            double r = ratio(&e, E, e.P, SEL_WEIGHTS);
            if (isfinite(r)) {
                if (e.m > 1 && same_ratio(r, 1.0 / e.m))
                    return "the penalty is divided by m twice: add (lambda/m) * Theta";
                if (e.m > 1 && same_ratio(r, e.m))
                    return "lambda is not divided by m: add (lambda/m) * Theta";
                if (lambda != 1.0 && same_ratio(r, 1.0 / lambda))
                    return "that is the penalty for lambda = 1: use the lambda argument, (lambda/m) * Theta";
                if (same_ratio(r, 0.5))
                    return "the penalty is halved: the derivative of (lambda/2m) θ² is (lambda/m) * Theta";
                if (same_ratio(r, -1.0))
                    return "the penalty is subtracted: add (lambda/m) * Theta";
                double d = e.m / r;
                if (r > 0 && fabs(d - round(d)) <= RATIO_TOL * d && round(d) >= 1)
                    return jfmt(J, "the penalty is (lambda/%d) * Theta instead of (lambda/m) * Theta, m = %d (X's "
                                "rows): take m from X", (int)round(d), e.m);
            }
            return "column 0 is right, columns 1.. are not: add (lambda/m) * Theta to columns 1.. of G1 and G2";
        }
        if (!bias_right) {
            const char *h = backprop_mistake(J, &e, c, D);
            if (h)
                return jfmt(J, "the part that comes from nn_gradient is wrong: %s", h);
        }
        return "nn_gradient, plus (lambda/m) * Theta on every column except column 0";
    }
    const char *h = backprop_mistake(J, &e, c, D);
    return h ? h
             : "compare your deltas with chapters/6-backprop: d3 = h - y, d2 = (d3 · Theta2 without column 0) "
               ".* g'(z2), G2 = d3ᵀ · a2 / m, G1 = d2ᵀ · a1 / m";
}

static const char *fn_name(int id)
{
    return id == NN_CALL_GRADIENT_LOOP ? "nn_gradient_loop" : id == NN_CALL_GRADIENT ? "nn_gradient"
                                                                                     : "nn_regularized_gradient";
}

/* got must be (W1, W2); a hint from the evidence when it is not. where says
 * which inputs, for the labels ("on the debug network", or ""). */
static void expect_gradient(judge *J, int id, const j_gradient *got, const nn_mat *W1, const nn_mat *W2,
                            const gcase *c, const char *where)
{
    const char *call = c->regularized ? jfmt(J, "%s with lambda = %.6g%s", fn_name(id), c->lambda, where)
                                      : jfmt(J, "%s%s", fn_name(id), where);
    jexpect(J, got->rc == 0, "%s returned %d: %s", call, got->rc, got->err);
    if (jclose_mat(got->G1, W1, TOL_REL) && jclose_mat(got->G2, W2, TOL_REL))
        return;
    const char *hint = gradient_hint(J, got, c);
    jexpect_same(J, jfmt(J, "%s: G2 (Theta2's gradient)", call), got->G2, W2, TOL_REL, hint);
    jexpect_same(J, jfmt(J, "%s: G1 (Theta1's gradient)", call), got->G1, W1, TOL_REL, hint);
}

/* Call gradient id on the network and compare with the goldens (W1, W2). */
static void gradient_gold(judge *J, int id, const jnet *n, double lambda, const double *W1, const double *W2,
                          const char *where)
{
    j_gradient got;
    jcall_gradient(J, id, &got, NULL, n->T1, n->T2, n->X, n->Y, lambda);
    gcase c = {n->T1, n->T2, n->X, n->Y, lambda, id == NN_CALL_REGULARIZED_GRADIENT};
    expect_gradient(J, id, &got, jmat_from(J, W1, n->T1->rows, n->T1->cols),
                    jmat_from(J, W2, n->T2->rows, n->T2->cols), &c, where);
}

/* Call gradient id on the network and compare with the reference. */
static void gradient_ref(judge *J, int id, const jnet *n, double lambda)
{
    j_gradient got, ref;
    jcall_gradient(J, id, &got, &ref, n->T1, n->T2, n->X, n->Y, lambda);
    jexpect(J, ref.rc == 0, "the judge's gradient failed: %s", ref.err);
    gcase c = {n->T1, n->T2, n->X, n->Y, lambda, id == NN_CALL_REGULARIZED_GRADIENT};
    J_SIZES_HINT(J, id, *n, expect_gradient(J, id, &got, ref.G1, ref.G2, &c, ""));
}

/* ---- FIXED -------------------------------------------------------------------------------- */

static void gradient_loop_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    gradient_gold(J, NN_CALL_GRADIENT_LOOP, &n, 0.0, FIX_G1_L0, FIX_G2_L0, " on the grader's inputs");
    jnote_fixed_pass(J, NN_CALL_GRADIENT_LOOP);
}

static void gradient_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    gradient_gold(J, NN_CALL_GRADIENT, &n, 0.0, FIX_G1_L0, FIX_G2_L0, " on the grader's inputs");
    jnote_fixed_pass(J, NN_CALL_GRADIENT);
}

static void regularized_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    gradient_gold(J, NN_CALL_REGULARIZED_GRADIENT, &n, 1.5, FIX_G1_L15, FIX_G2_L15, " on the grader's inputs");
    gradient_gold(J, NN_CALL_REGULARIZED_GRADIENT, &n, 0.0, FIX_G1_L0, FIX_G2_L0, " on the grader's inputs");
    jnote_fixed_pass(J, NN_CALL_REGULARIZED_GRADIENT);
}

static void gradients_debug(judge *J)
{
    jnet n = jnet_debug(J);
    gradient_gold(J, NN_CALL_GRADIENT_LOOP, &n, 0.0, DBG_G1_L0, DBG_G2_L0, " on the debug network");
    gradient_gold(J, NN_CALL_GRADIENT, &n, 0.0, DBG_G1_L0, DBG_G2_L0, " on the debug network");
    gradient_gold(J, NN_CALL_REGULARIZED_GRADIENT, &n, 3.0, DBG_G1_L3, DBG_G2_L3, " on the debug network");
}

/* ---- SECRET ------------------------------------------------------------------------------- */

static void gradient_loop_random(judge *J)
{
    jnet n = jnet_random(J, 12, 6, 5, 4, 2.0);
    gradient_ref(J, NN_CALL_GRADIENT_LOOP, &n, 0.0);
}

static void gradient_random_small(judge *J)
{
    jnet n = jnet_random(J, 12, 6, 5, 4, 2.0);
    gradient_ref(J, NN_CALL_GRADIENT, &n, 0.0);
}

static void gradient_random_large(judge *J)
{
    jnet n = jnet_random(J, 80, 30, 12, 10, 1.0);
    gradient_ref(J, NN_CALL_GRADIENT, &n, 0.0);
    gradient_ref(J, NN_CALL_GRADIENT_LOOP, &n, 0.0);
}

static void gradient_one_example(judge *J)
{
    jnet all = jnet_random(J, 6, 8, 6, 5, 2.0);
    jnet n = jnet_first_rows(J, &all, 1);
    gradient_ref(J, NN_CALL_GRADIENT_LOOP, &n, 0.0);
    gradient_ref(J, NN_CALL_GRADIENT, &n, 0.0);
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, juniform(J, 0.1, 5.0));
}

static void regularized_random(judge *J)
{
    jnet n = jnet_random(J, 20, 8, 6, 5, 1.5);
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, juniform(J, 0.05, 10.0));
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, juniform(J, 10.0, 100.0));
}

static void regularized_random_large(judge *J)
{
    jnet n = jnet_random(J, 80, 30, 12, 10, 1.0);
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, juniform(J, 0.05, 10.0));
}

static void regularized_lambda0(judge *J)
{
    jnet n = jnet_random(J, 20, 8, 6, 5, 1.5);
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, 0.0);
}

/* ---- DATA --------------------------------------------------------------------------------- */

static double norm2(const nn_mat *a, const nn_mat *b)
{
    double s = 0;
    for (int i = 0; i < a->rows * a->cols; i++)
        s += a->data[i] * a->data[i];
    for (int i = 0; i < b->rows * b->cols; i++)
        s += b->data[i] * b->data[i];
    return sqrt(s);
}

static void expect_digits20(judge *J, int id, const jnet *n, double lambda, const gold_entry *w1, int n1,
                            const gold_entry *w2, int n2, double norm)
{
    j_gradient got;
    jcall_gradient(J, id, &got, NULL, n->T1, n->T2, n->X, n->Y, lambda);
    jexpect(J, got.rc == 0, "%s returned %d: %s", fn_name(id), got.rc, got.err);
    j_expect_entries(J, jfmt(J, "G1 on digits20, lambda = %g", lambda), got.G1, w1, n1);
    j_expect_entries(J, jfmt(J, "G2 on digits20, lambda = %g", lambda), got.G2, w2, n2);
    jexpect_close(J, jfmt(J, "norm of the whole gradient on digits20, lambda = %g", lambda), norm2(got.G1, got.G2),
                  norm, TOL_REL, NULL);
}

static void regularized_digits20(judge *J)
{
    jnet n = jnet_digits20(J, 0);
    expect_digits20(J, NN_CALL_REGULARIZED_GRADIENT, &n, 0.0, D20_G1_SAMPLES_L0, GOLD_COUNT(D20_G1_SAMPLES_L0),
                    D20_G2_SAMPLES_L0, GOLD_COUNT(D20_G2_SAMPLES_L0), D20_GRAD_NORM_L0);
    expect_digits20(J, NN_CALL_REGULARIZED_GRADIENT, &n, 1.0, D20_G1_SAMPLES_L1, GOLD_COUNT(D20_G1_SAMPLES_L1),
                    D20_G2_SAMPLES_L1, GOLD_COUNT(D20_G2_SAMPLES_L1), D20_GRAD_NORM_L1);
    expect_digits20(J, NN_CALL_REGULARIZED_GRADIENT, &n, 3.0, D20_G1_SAMPLES_L3, GOLD_COUNT(D20_G1_SAMPLES_L3),
                    D20_G2_SAMPLES_L3, GOLD_COUNT(D20_G2_SAMPLES_L3), D20_GRAD_NORM_L3);
}

static void gradient_loop_digits20(judge *J)
{
    jnet n = jnet_digits20(J, 0);
    expect_digits20(J, NN_CALL_GRADIENT_LOOP, &n, 0.0, D20_G1_SAMPLES_L0, GOLD_COUNT(D20_G1_SAMPLES_L0),
                    D20_G2_SAMPLES_L0, GOLD_COUNT(D20_G2_SAMPLES_L0), D20_GRAD_NORM_L0);
}

static void regularized_digits20_subset(judge *J)
{
    jnet n = jnet_digits20(J, 500);
    gradient_ref(J, NN_CALL_REGULARIZED_GRADIENT, &n, juniform(J, 0.1, 5.0));
}

static const check_def CHECKS[] = {
    {"nn_sigmoid_gradient at 3 sin(1:30) and the published points", sigmoid_gradient_fixed, J_FIXED, 1, NULL},
    {"nn_gradient_loop on the grader's inputs (2-4-4, m = 16)", gradient_loop_fixed, J_FIXED, 1, NULL},
    {"nn_gradient (matrix form) on the grader's inputs", gradient_fixed, J_FIXED, 1, NULL},
    {"nn_regularized_gradient on the grader's inputs, lambda = 1.5 and 0", regularized_fixed, J_FIXED, 1, NULL},
    {"the three gradients on the debug network (3-5-3, m = 5)", gradients_debug, J_FIXED, 1, NULL},
    {"nn_sigmoid_gradient over z in -45..45 and where exp overflows, in place too", sigmoid_gradient_dense, J_SECRET,
     3, NULL},
    {"nn_gradient_loop on a small network of random sizes", gradient_loop_random, J_SECRET, 3, NULL},
    {"nn_gradient on a small network of random sizes", gradient_random_small, J_SECRET, 3, NULL},
    {"nn_gradient and nn_gradient_loop on a larger network of random sizes", gradient_random_large, J_SECRET, 3,
     NULL},
    {"the three gradients for a single example (m = 1)", gradient_one_example, J_SECRET, 2, NULL},
    {"nn_regularized_gradient with random lambdas", regularized_random, J_SECRET, 3, NULL},
    {"nn_regularized_gradient on a larger network, random lambda", regularized_random_large, J_SECRET, 2, NULL},
    {"nn_regularized_gradient with lambda = 0 is nn_gradient", regularized_lambda0, J_SECRET, 2, NULL},
    {"nn_regularized_gradient with ex4weights.mat on digits20, lambda = 0, 1, 3", regularized_digits20, J_DATA, 2,
     "digits20.mat+ex4weights.mat"},
    {"nn_gradient_loop with ex4weights.mat on digits20", gradient_loop_digits20, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
    {"nn_regularized_gradient on 500 random digits, random lambda", regularized_digits20_subset, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
};
J_TABLE(6, CHECKS);
