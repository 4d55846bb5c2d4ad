/* ch6_test.c - graded checks for Chapter 6, backpropagation.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle) and
 * the published sigmoid gradient in NOTES.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {6, "backpropagation", 35};

/* Published to 6 decimals (NOTES.md). */
#define PUBLISHED_TOL 5e-7

typedef int (*gradient_fn)(nn_mat *, nn_mat *, const nn_mat *, const nn_mat *, const nn_mat *,
                           const nn_mat *, nn_error *);

/* Gradient matrices shaped like the network's weights, filled with NaN so
 * that an element never written shows up. */
static void new_gradients(const nnt_net *n, nn_mat **G1, nn_mat **G2)
{
    *G1 = nn_mat_new(n->T1->rows, n->T1->cols);
    *G2 = nn_mat_new(n->T2->rows, n->T2->cols);
    ck_assert(*G1 && *G2);
    nn_mat_fill(*G1, NAN);
    nn_mat_fill(*G2, NAN);
}

/* A hint from the shape of the mistake, where we can tell. */
static const char *gradient_hint(const nn_mat *G, const double *want)
{
    double ratio = want[1] != 0 ? NN_AT(G, 0, 1) / want[1] : 0;
    if (fabs(ratio + 1) < 1e-6)
        return "every sign is flipped: the output error is h - y, not y - h";
    if (ratio > 1.5 && fabs(ratio - round(ratio)) < 1e-6)
        return "the gradient is m times too large: divide Delta by m";
    return "compare your deltas with the equations in chapters/6-backprop";
}

START_TEST(sigmoid_gradient_values)
{
    double out[30];
    nn_sigmoid_gradient(out, FIX_SG_Z, 30);
    bool is_sigmoid = fabs(out[0] - FIX_SIGMOID[0]) < 1e-12;
    EXPECT_ARRAY("sigmoidGradient(3 sin(1:30))", out, FIX_SIGGRAD, 30, 1, TOL_REL,
                 is_sigmoid ? "that is the sigmoid itself; its gradient is g(z)(1 - g(z))" : "g(z)(1 - g(z))");
    const double z[5] = {-1, -0.5, 0, 0.5, 1};
    nn_sigmoid_gradient(out, z, 5);
    for (int i = 0; i < 5; i++)
        EXPECT_TRUE(fabs(out[i] - SG_PUBLISHED[i]) < PUBLISHED_TOL,
                    "sigmoid gradient at %g: expected the published %.6f, got %.10g", z[i], SG_PUBLISHED[i], out[i]);
}
END_TEST

static void check_gradient(gradient_fn grad, nnt_net n, const double *want1, const double *want2)
{
    nn_mat *G1, *G2;
    new_gradients(&n, &G1, &G2);
    nn_error err = {""};
    EXPECT_TRUE(grad(G1, G2, n.T1, n.T2, n.X, n.Y, &err) == 0, "the gradient failed: %s", err.msg);
    EXPECT_MAT("G2 (Theta2's gradient)", G2, want2, TOL_REL, gradient_hint(G2, want2));
    EXPECT_MAT("G1 (Theta1's gradient)", G1, want1, TOL_REL,
               "G2 is right, so look at the hidden error d2: (d3 · Theta2) without column 0, times g'(z2)");
    nn_mat_free(G1);
    nn_mat_free(G2);
    nnt_net_free(&n);
}

START_TEST(gradient_loop_fixed)
{
    check_gradient(nn_gradient_loop, nnt_fixed_net(), FIX_G1_L0, FIX_G2_L0);
}
END_TEST

START_TEST(gradient_matrix_fixed)
{
    check_gradient(nn_gradient, nnt_fixed_net(), FIX_G1_L0, FIX_G2_L0);
}
END_TEST

START_TEST(gradient_loop_debug)
{
    check_gradient(nn_gradient_loop, nnt_debug_net(), DBG_G1_L0, DBG_G2_L0);
}
END_TEST

START_TEST(gradient_matrix_debug)
{
    check_gradient(nn_gradient, nnt_debug_net(), DBG_G1_L0, DBG_G2_L0);
}
END_TEST

static void check_regularized(nnt_net n, double lambda, const double *want1, const double *want2)
{
    nn_mat *G1, *G2;
    new_gradients(&n, &G1, &G2);
    nn_mat *T1 = nn_mat_copy(n.T1), *T2 = nn_mat_copy(n.T2);
    nn_error err = {""};
    EXPECT_TRUE(nn_regularized_gradient(G1, G2, n.T1, n.T2, n.X, n.Y, lambda, &err) == 0,
                "nn_regularized_gradient failed: %s", err.msg);
    const char *hint = "add (lambda/m) * Theta to every column except column 0 (the bias weights)";
    bool bias_wrong = fabs(NN_AT(G1, 0, 0) - want1[0]) > TOL_REL * fmax(fabs(want1[0]), TOL_FLOOR);
    EXPECT_MAT("G1 (Theta1's gradient)", G1, want1, TOL_REL,
               bias_wrong ? "column 0 (the bias) must not be regularized" : hint);
    EXPECT_MAT("G2 (Theta2's gradient)", G2, want2, TOL_REL, hint);
    EXPECT_MAT("Theta1 after the call", n.T1, T1->data, 0.0, "Theta1 must not be changed");
    EXPECT_MAT("Theta2 after the call", n.T2, T2->data, 0.0, "Theta2 must not be changed");
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_mat_free(G1);
    nn_mat_free(G2);
    nnt_net_free(&n);
}

START_TEST(regularized_fixed)
{
    check_regularized(nnt_fixed_net(), 1.5, FIX_G1_L15, FIX_G2_L15);
}
END_TEST

START_TEST(regularized_fixed_l0)
{
    check_regularized(nnt_fixed_net(), 0.0, FIX_G1_L0, FIX_G2_L0);
}
END_TEST

START_TEST(regularized_debug)
{
    check_regularized(nnt_debug_net(), 3.0, DBG_G1_L3, DBG_G2_L3);
}
END_TEST

#if GOLD_HAVE_D20
static double norm2(const nn_mat *a, const nn_mat *b)
{
    double s = 0;
    for (int i = 0; i < a->rows * a->cols; i++)
        s += a->data[i] * a->data[i];
    for (int i = 0; i < b->rows * b->cols; i++)
        s += b->data[i] * b->data[i];
    return sqrt(s);
}

static void check_digits20(double lambda, const gold_entry *w1, int n1, const gold_entry *w2, int n2,
                           double norm)
{
    nnt_net n = nnt_digits20_net();
    nn_mat *G1, *G2;
    new_gradients(&n, &G1, &G2);
    nn_error err = {""};
    EXPECT_TRUE(nn_regularized_gradient(G1, G2, n.T1, n.T2, n.X, n.Y, lambda, &err) == 0, "%s", err.msg);
    nnt_expect_entries(__FILE__, __LINE__, "G1", G1, w1, n1, 0, TOL_REL, NULL);
    nnt_expect_entries(__FILE__, __LINE__, "G2", G2, w2, n2, 0, TOL_REL, NULL);
    EXPECT_CLOSE("norm of the whole gradient", norm2(G1, G2), norm, TOL_REL);
    nn_mat_free(G1);
    nn_mat_free(G2);
    nnt_net_free(&n);
}

START_TEST(gradient_digits20_l0)
{
    check_digits20(0.0, D20_G1_SAMPLES_L0, GOLD_COUNT(D20_G1_SAMPLES_L0), D20_G2_SAMPLES_L0,
                   GOLD_COUNT(D20_G2_SAMPLES_L0), D20_GRAD_NORM_L0);
}
END_TEST

START_TEST(gradient_digits20_l1)
{
    check_digits20(1.0, D20_G1_SAMPLES_L1, GOLD_COUNT(D20_G1_SAMPLES_L1), D20_G2_SAMPLES_L1,
                   GOLD_COUNT(D20_G2_SAMPLES_L1), D20_GRAD_NORM_L1);
}
END_TEST

START_TEST(gradient_digits20_l3)
{
    check_digits20(3.0, D20_G1_SAMPLES_L3, GOLD_COUNT(D20_G1_SAMPLES_L3), D20_G2_SAMPLES_L3,
                   GOLD_COUNT(D20_G2_SAMPLES_L3), D20_GRAD_NORM_L3);
}
END_TEST

START_TEST(gradient_loop_digits20)
{
    nnt_net n = nnt_digits20_net();
    nn_mat *G1, *G2;
    new_gradients(&n, &G1, &G2);
    nn_error err = {""};
    EXPECT_TRUE(nn_gradient_loop(G1, G2, n.T1, n.T2, n.X, n.Y, &err) == 0, "%s", err.msg);
    EXPECT_ENTRIES("G1", G1, D20_G1_SAMPLES_L0, 0, TOL_REL, NULL);
    EXPECT_ENTRIES("G2", G2, D20_G2_SAMPLES_L0, 0, TOL_REL, NULL);
    EXPECT_CLOSE("norm of the whole gradient", norm2(G1, G2), D20_GRAD_NORM_L0, TOL_REL);
    nn_mat_free(G1);
    nn_mat_free(G2);
    nnt_net_free(&n);
}
END_TEST
#endif

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch6");
    nnt_add(s, "nn_sigmoid_gradient at 3 sin(1:30) and the published points", sigmoid_gradient_values);
    nnt_add(s, "nn_gradient_loop on the grader's inputs", gradient_loop_fixed);
    nnt_add(s, "nn_gradient (matrix form) on the grader's inputs", gradient_matrix_fixed);
    nnt_add(s, "nn_gradient_loop on the debug network", gradient_loop_debug);
    nnt_add(s, "nn_gradient (matrix form) on the debug network", gradient_matrix_debug);
    nnt_add(s, "nn_regularized_gradient on the grader's inputs, lambda = 1.5", regularized_fixed);
    nnt_add(s, "nn_regularized_gradient with lambda = 0 equals nn_gradient", regularized_fixed_l0);
    nnt_add(s, "nn_regularized_gradient on the debug network, lambda = 3", regularized_debug);
#if GOLD_HAVE_D20
    if (nnt_have_digits20("gradients with ex4weights.mat on digits20")) {
        nnt_add(s, "nn_regularized_gradient on digits20, lambda = 0", gradient_digits20_l0);
        nnt_add(s, "nn_regularized_gradient on digits20, lambda = 1", gradient_digits20_l1);
        nnt_add(s, "nn_regularized_gradient on digits20, lambda = 3", gradient_digits20_l3);
        nnt_add(s, "nn_gradient_loop on digits20", gradient_loop_digits20);
    }
#endif
    return s;
}
