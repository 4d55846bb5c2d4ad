/* ch5_test.c - graded checks for Chapter 5, the cost.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle) and,
 * when the course's ex4data1.mat is present, from the published values. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {5, "the cost and the regularized cost", 20};

/* A hint for a regularized cost that came out as some other λ's value. */
static const char *lambda_hint(double got, double cost0, double reg, int m, double lambda)
{
    if (fabs(got - cost0) <= 1e-9 * fabs(cost0))
        return "the penalty is missing: add lambda/(2m) * (sum of squared non-bias weights)";
    if (fabs(got - (cost0 + reg / (2.0 * m))) <= 1e-9 * fabs(got) && lambda != 1.0)
        return "the result is the value for lambda = 1: use the lambda argument";
    return "J + lambda/(2m) * (sum of squares of Theta1 and Theta2 without column 0)";
}

static double reg_sum(const nnt_net *n)
{
    double s = 0;
    for (int i = 0; i < n->T1->rows; i++)
        for (int j = 1; j < n->T1->cols; j++)
            s += NN_AT(n->T1, i, j) * NN_AT(n->T1, i, j);
    for (int i = 0; i < n->T2->rows; i++)
        for (int j = 1; j < n->T2->cols; j++)
            s += NN_AT(n->T2, i, j) * NN_AT(n->T2, i, j);
    return s;
}

START_TEST(cost_fixed)
{
    nnt_net n = nnt_fixed_net();
    double J = nn_cost(n.T1, n.T2, n.X, n.Y);
    const char *hint = fabs(J * FIX_K - FIX_COST_L0) < 1e-9 * FIX_COST_L0
        ? "the cost is K times too small: sum over the K outputs, average over the examples only (divide by m)"
        : "J = (1/m) sum_i sum_k [-y log(h) - (1 - y) log(1 - h)]: sum over the outputs, average over the examples";
    nnt_expect_close(__FILE__, __LINE__, "cost on the grader's inputs", J, FIX_COST_L0, TOL_REL, hint);
    nnt_net_free(&n);
}
END_TEST

START_TEST(regularized_cost_fixed)
{
    nnt_net n = nnt_fixed_net();
    const double lambdas[] = {1.5, 0.0, 3.0};
    const double want[] = {FIX_COST_L15, FIX_COST_L0, FIX_COST_L3};
    for (int k = 0; k < 3; k++) {
        double J = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, lambdas[k]);
        char label[64];
        snprintf(label, sizeof label, "regularized cost, lambda = %g", lambdas[k]);
        nnt_expect_close(__FILE__, __LINE__, label, J, want[k], TOL_REL,
                         lambda_hint(J, FIX_COST_L0, reg_sum(&n), FIX_M, lambdas[k]));
    }
    nnt_net_free(&n);
}
END_TEST

START_TEST(cost_debug)
{
    nnt_net n = nnt_debug_net();
    EXPECT_CLOSE("cost on the debug network", nn_cost(n.T1, n.T2, n.X, n.Y), DBG_COST_L0, TOL_REL);
    double J3 = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, 3.0);
    nnt_expect_close(__FILE__, __LINE__, "regularized cost on the debug network, lambda = 3", J3, DBG_COST_L3,
                     TOL_REL, lambda_hint(J3, DBG_COST_L0, reg_sum(&n), DBG_M, 3.0));
    nnt_net_free(&n);
}
END_TEST

START_TEST(safe_log_and_saturation)
{
    EXPECT_CLOSE("nn_safe_log(0.5)", nn_safe_log(0.5), -0.69314718055994530942, TOL_REL);
    EXPECT_TRUE(nn_safe_log(1.0) == 0.0, "nn_safe_log(1): expected 0, got %g", nn_safe_log(1.0));
    /* log(DBL_MIN) = -1022 ln 2, a fact of IEEE doubles. */
    EXPECT_CLOSE("nn_safe_log(0)", nn_safe_log(0.0), -1022 * 0.69314718055994530942, TOL_REL);
    /* Weights so large that h is exactly 1 for every output: the cost must
     * stay finite (about 708 per wrong output), not become inf or NaN. */
    nnt_net n = nnt_fixed_net();
    nn_mat_fill(n.T2, 1000.0);
    double J = nn_cost(n.T1, n.T2, n.X, n.Y);
    EXPECT_TRUE(isfinite(J) && J > 0, "cost with saturated outputs (h == 1): expected a finite positive number, got %g. "
                "Hint: log(1 - h) is log(0); use nn_safe_log", J);
    nnt_net_free(&n);
}
END_TEST

#if GOLD_HAVE_D20
START_TEST(cost_digits20)
{
    nnt_net n = nnt_digits20_net();
    EXPECT_CLOSE("cost on digits20, lambda = 0", nn_cost(n.T1, n.T2, n.X, n.Y), D20_COST_L0, TOL_REL);
    const double lambdas[] = {1.0, 3.0}, want[] = {D20_COST_L1, D20_COST_L3};
    for (int k = 0; k < 2; k++) {
        double J = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, lambdas[k]);
        char label[64];
        snprintf(label, sizeof label, "regularized cost on digits20, lambda = %g", lambdas[k]);
        nnt_expect_close(__FILE__, __LINE__, label, J, want[k], TOL_REL,
                         lambda_hint(J, D20_COST_L0, W_REG_SUMSQ, D20_M, lambdas[k]));
    }
    nnt_net_free(&n);
}
END_TEST
#endif

/* The course's published values on its own ex4data1.mat (NOTES.md, given
 * to 6 decimals, hence the 5e-7 tolerance). */
#define PUBLISHED_TOL 5e-7
START_TEST(cost_published)
{
    nnt_net n;
    nnt_load_course_data(nnt_data_path("ex4data1.mat"), 10, &n.X, &n.y, &n.Y);
    nnt_load_weights(nnt_data_path("ex4weights.mat"), &n.T1, &n.T2);
    const double lambdas[3] = {0.0, 1.0, 3.0}, published[3] = {0.287629, 0.383770, 0.576051};
    for (int k = 0; k < 3; k++) {
        double J = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, lambdas[k]);
        EXPECT_TRUE(fabs(J - published[k]) < PUBLISHED_TOL,
                    "cost on ex4data1.mat, lambda = %g: expected the published %.6f, got %.10f (tolerance %g)",
                    lambdas[k], published[k], J, PUBLISHED_TOL);
    }
    nnt_net_free(&n);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch5");
    nnt_add(s, "nn_cost on the grader's inputs", cost_fixed);
    nnt_add(s, "nn_regularized_cost on the grader's inputs, lambda = 1.5, 0, 3", regularized_cost_fixed);
    nnt_add(s, "nn_cost and nn_regularized_cost on the debug network", cost_debug);
    nnt_add(s, "nn_safe_log, and a finite cost when h is exactly 1", safe_log_and_saturation);
#if GOLD_HAVE_D20
    if (nnt_have_digits20("cost with ex4weights.mat on digits20, lambda = 0, 1, 3"))
        nnt_add(s, "cost with ex4weights.mat on digits20, lambda = 0, 1, 3", cost_digits20);
#endif
    /* Run only where the user has the course's own file; not a skip
     * otherwise, since the checks above already grade the chapter. */
    if (nnt_data_path("ex4data1.mat") && nnt_data_path("ex4weights.mat"))
        nnt_add(s, "the course's published costs on ex4data1.mat", cost_published);
    return s;
}
