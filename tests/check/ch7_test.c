/* ch7_test.c - graded checks for Chapter 7, gradient checking.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle) and
 * the published bound of NOTES.md (relative difference below 1e-9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {7, "gradient checking", 10};

#define EPSILON 1e-4        /* the course's ε for central differences */
#define PUBLISHED_BOUND 1e-9 /* the course's bound on the relative difference */
/* Two correct central differences (ours and the oracle's) differ by the
 * rounding of J divided by 2 eps: about 1e-16 * |J| / 1e-4, i.e. 1e-12
 * absolute. So each value must match to 1e-7 of itself, but never to less
 * than 1e-7 of the largest entry: ample for a correct code, and far below
 * what any mistake produces. */
#define NUMGRAD_TOL 1e-7
#define DBG_N (DBG_HID * (DBG_IN + 1) + DBG_K * (DBG_HID + 1))

/* The cost of the debug network as a function of its unrolled parameters. */
typedef struct {
    nnt_net net;
    double lambda;
    int calls;
} cost_ctx;

static double debug_cost(const double *theta, void *p)
{
    cost_ctx *c = p;
    c->calls++;
    nn_deserialize(c->net.T1, c->net.T2, theta);
    return nn_regularized_cost(c->net.T1, c->net.T2, c->net.X, c->net.Y, c->lambda);
}

static void check_numgrad(double lambda, const double *want)
{
    cost_ctx c = {nnt_debug_net(), lambda, 0};
    double theta[DBG_N], copy[DBG_N], grad[DBG_N];
    memcpy(theta, DBG_T1, sizeof DBG_T1);
    memcpy(theta + GOLD_COUNT(DBG_T1), DBG_T2, sizeof DBG_T2);
    memcpy(copy, theta, sizeof theta);
    for (int i = 0; i < DBG_N; i++)
        grad[i] = NAN;
    nn_error err = {""};
    EXPECT_TRUE(nn_numerical_gradient(grad, theta, DBG_N, debug_cost, &c, EPSILON, &err) == 0, "%s", err.msg);
    double largest = 0;
    for (int i = 0; i < DBG_N; i++)
        largest = fmax(largest, fabs(want[i]));
    EXPECT_ARRAY_FLOOR("numerical gradient", grad, want, DBG_N, 1, NUMGRAD_TOL, largest,
                 "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps), one parameter at a time");
    EXPECT_TRUE(memcmp(theta, copy, sizeof theta) == 0, "theta was modified; perturb a copy, or restore it exactly");
    EXPECT_TRUE(c.calls == 2 * DBG_N, "expected 2 cost evaluations per parameter (%d), got %d", 2 * DBG_N, c.calls);
    nnt_net_free(&c.net);
}

START_TEST(numgrad_debug_l0)
{
    check_numgrad(0.0, DBG_NUMGRAD_L0);
}
END_TEST

START_TEST(numgrad_debug_l3)
{
    check_numgrad(3.0, DBG_NUMGRAD_L3);
}
END_TEST

static double quadratic(const double *theta, void *ctx)
{
    const double *c = ctx;
    double J = 0;
    for (int i = 0; i < 4; i++)
        J += c[i] * theta[i] * theta[i];
    return J;
}

START_TEST(numgrad_quadratic)
{
    /* For J(θ) = Σ c_i θ_i² central differences are exact up to rounding:
     * dJ/dθ_i = 2 c_i θ_i. */
    double theta[4] = {1.0, -2.0, 0.5, 3.0}, grad[4], want[4];
    double c[4] = {1.0, 2.0, 3.0, 4.0};
    for (int i = 0; i < 4; i++)
        want[i] = 2 * c[i] * theta[i];
    nn_error err = {""};
    EXPECT_TRUE(nn_numerical_gradient(grad, theta, 4, quadratic, c, EPSILON, &err) == 0, "%s", err.msg);
    EXPECT_ARRAY("numerical gradient of sum c_i theta_i^2", grad, want, 4, 1, NUMGRAD_TOL,
                 "divide by 2 eps, the distance between theta + eps and theta - eps");
}
END_TEST

START_TEST(relative_difference_values)
{
    /* The oracle's relative difference of its own numerical and analytic
     * gradients, recomputed from the same two vectors. */
    EXPECT_CLOSE("relative difference, lambda = 0",
                 nn_relative_difference(DBG_NUMGRAD_L0, DBG_GRAD_L0, DBG_N), DBG_RELDIFF_L0, 1e-6);
    EXPECT_CLOSE("relative difference, lambda = 3",
                 nn_relative_difference(DBG_NUMGRAD_L3, DBG_GRAD_L3, DBG_N), DBG_RELDIFF_L3, 1e-6);
    double a[2] = {3.0, 0.0}, b[2] = {0.0, 4.0};
    /* |a - b| = |a + b| = 5 */
    EXPECT_CLOSE("relative difference of (3, 0) and (0, 4)", nn_relative_difference(a, b, 2), 1.0, TOL_REL);
}
END_TEST

/* The whole check of chapter 7 as the course runs it: your numerical
 * gradient against the reference backpropagation, on the debug network. */
static void check_gradcheck(double lambda)
{
    cost_ctx c = {nnt_debug_net(), lambda, 0};
    double theta[DBG_N], num[DBG_N], grad[DBG_N];
    nn_serialize(theta, c.net.T1, c.net.T2);
    nn_error err = {""};
    EXPECT_TRUE(nn_numerical_gradient(num, theta, DBG_N, debug_cost, &c, EPSILON, &err) == 0, "%s", err.msg);
    nn_mat *G1 = nn_mat_new(DBG_HID, DBG_IN + 1), *G2 = nn_mat_new(DBG_K, DBG_HID + 1);
    nn_deserialize(c.net.T1, c.net.T2, theta);
    ck_assert(nn_regularized_gradient(G1, G2, c.net.T1, c.net.T2, c.net.X, c.net.Y, lambda, &err) == 0);
    nn_serialize(grad, G1, G2);
    double d = nn_relative_difference(num, grad, DBG_N);
    EXPECT_TRUE(d > 0 && d < PUBLISHED_BOUND,
                "relative difference at lambda = %g: expected below %g (about 2e-11), got %.3e", lambda,
                PUBLISHED_BOUND, d);
    nn_mat_free(G1);
    nn_mat_free(G2);
    nnt_net_free(&c.net);
}

START_TEST(gradcheck_l0)
{
    check_gradcheck(0.0);
}
END_TEST

START_TEST(gradcheck_l3)
{
    check_gradcheck(3.0);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch7");
    nnt_add(s, "nn_numerical_gradient of a quadratic", numgrad_quadratic);
    nnt_add(s, "nn_numerical_gradient on the debug network, lambda = 0", numgrad_debug_l0);
    nnt_add(s, "nn_numerical_gradient on the debug network, lambda = 3", numgrad_debug_l3);
    nnt_add(s, "nn_relative_difference", relative_difference_values);
    nnt_add(s, "gradient check on the debug network passes, lambda = 0", gradcheck_l0);
    nnt_add(s, "gradient check on the debug network passes, lambda = 3", gradcheck_l3);
    return s;
}
