/* ch3_test.c - graded checks for Chapter 3, the parameters.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {3, "parameters: weights, serialize, sigmoid", 10};

#define FIX_N (FIX_HID * (FIX_IN + 1) + FIX_K * (FIX_HID + 1))
#define DBG_N (DBG_HID * (DBG_IN + 1) + DBG_K * (DBG_HID + 1))

static bool same_array(const double *a, const double *b, int n)
{
    for (int i = 0; i < n; i++)
        if (fabs(a[i] - b[i]) > TOL_REL * fmax(fabs(b[i]), TOL_FLOOR))
            return false;
    return true;
}

START_TEST(serialize_fixed)
{
    nn_mat T1 = nn_mat_wrap((double *)FIX_T1, FIX_HID, FIX_IN + 1);
    nn_mat T2 = nn_mat_wrap((double *)FIX_T2, FIX_K, FIX_HID + 1);
    double theta[FIX_N];
    for (int i = 0; i < FIX_N; i++)
        theta[i] = NAN;
    nn_serialize(theta, &T1, &T2);
    EXPECT_ARRAY("theta", theta, FIX_THETA, FIX_N, 1, TOL_REL,
                 same_array(theta, FIX_THETA_COLMAJOR, FIX_N)
                     ? "this is the column-major order of Octave's t(:); the tutorial unrolls row by row"
                     : "Theta1 row by row, then Theta2 row by row");
}
END_TEST

START_TEST(deserialize_fixed)
{
    nn_mat *T1 = nn_mat_new(FIX_HID, FIX_IN + 1), *T2 = nn_mat_new(FIX_K, FIX_HID + 1);
    nn_mat_fill(T1, NAN);
    nn_mat_fill(T2, NAN);
    nn_deserialize(T1, T2, FIX_THETA);
    EXPECT_MAT("Theta1", T1, FIX_T1, TOL_REL, "the first 12 numbers are Theta1, row by row");
    EXPECT_MAT("Theta2", T2, FIX_T2, TOL_REL, "the numbers after Theta1 are Theta2, row by row");
    nn_mat_free(T1);
    nn_mat_free(T2);
}
END_TEST

START_TEST(deserialize_debug_sizes)
{
    /* A 3-5-3 network: the sizes come from the matrices, not from 25/401/10/26. */
    double theta[DBG_N];
    memcpy(theta, DBG_T1, sizeof DBG_T1);
    memcpy(theta + GOLD_COUNT(DBG_T1), DBG_T2, sizeof DBG_T2);
    nn_mat *T1 = nn_mat_new(DBG_HID, DBG_IN + 1), *T2 = nn_mat_new(DBG_K, DBG_HID + 1);
    nn_mat_fill(T1, NAN);
    nn_mat_fill(T2, NAN);
    nn_deserialize(T1, T2, theta);
    EXPECT_MAT("Theta1", T1, DBG_T1, TOL_REL, "use the shapes of T1 and T2, not fixed sizes");
    EXPECT_MAT("Theta2", T2, DBG_T2, TOL_REL, "use the shapes of T1 and T2, not fixed sizes");
    double back[DBG_N];
    nn_serialize(back, T1, T2);
    EXPECT_ARRAY("serialize(deserialize(theta))", back, theta, DBG_N, 1, TOL_REL, NULL);
    nn_mat_free(T1);
    nn_mat_free(T2);
}
END_TEST

START_TEST(sigmoid_values)
{
    double out[30];
    for (int i = 0; i < 30; i++)
        out[i] = NAN;
    nn_sigmoid(out, FIX_SG_Z, 30);
    EXPECT_ARRAY("sigmoid(3 sin(1:30))", out, FIX_SIGMOID, 30, 1, TOL_REL, "1 / (1 + exp(-z))");
    double z[3] = {0.0, -800.0, 800.0}; /* exp overflows at ±800: the result must still be 0 or 1 */
    nn_sigmoid(z, z, 3);
    EXPECT_TRUE(z[0] == 0.5, "sigmoid(0): expected 0.5, got %.10g", z[0]);
    EXPECT_TRUE(z[1] == 0.0 && z[2] == 1.0, "sigmoid(-800), sigmoid(800): expected 0 and 1, got %g and %g", z[1], z[2]);
}
END_TEST

START_TEST(load_weights_checks_fit)
{
    /* A good pair loads with its values ... */
    const char *path = nnt_tmp_path("weights.mat");
    nn_mat A = nn_mat_wrap((double *)FIX_T1, FIX_HID, FIX_IN + 1);
    nn_mat B = nn_mat_wrap((double *)FIX_T2, FIX_K, FIX_HID + 1);
    nn_matvar good[] = {{"Theta1", &A, false}, {"Theta2", &B, false}};
    nn_error err = {""};
    ck_assert(nn_mat_write(path, good, 2, &err) == 0);
    nn_mat *T1 = NULL, *T2 = NULL;
    EXPECT_TRUE(nn_load_weights(path, &T1, &T2, &err) == 0, "nn_load_weights failed: %s", err.msg);
    EXPECT_TRUE(T1 && T2, "nn_load_weights returned 0 but left T1 or T2 NULL");
    EXPECT_MAT("Theta1", T1, FIX_T1, TOL_REL, NULL);
    EXPECT_MAT("Theta2", T2, FIX_T2, TOL_REL, NULL);
    nn_mat_free(T1);
    nn_mat_free(T2);

    /* ... and a Theta2 that does not fit Theta1 (Theta1 given twice) is an error. */
    nn_matvar bad[] = {{"Theta1", &A, false}, {"Theta2", &A, false}};
    ck_assert(nn_mat_write(path, bad, 2, &err) == 0);
    err.msg[0] = '\0';
    int rc = nn_load_weights(path, &T1, &T2, &err);
    unlink(path);
    EXPECT_TRUE(rc == -1, "Theta2 with %d columns after a Theta1 with %d rows must be an error", FIX_IN + 1, FIX_HID);
    EXPECT_TRUE(T1 == NULL && T2 == NULL, "on error T1 and T2 must be NULL");
    EXPECT_TRUE(strstr(err.msg, "Theta2") != NULL, "the message must name Theta2; got \"%s\"", err.msg);
}
END_TEST

#if GOLD_HAVE_W
START_TEST(load_ex4weights)
{
    nn_mat *T1 = NULL, *T2 = NULL;
    nn_error err = {""};
    EXPECT_TRUE(nn_load_weights(nnt_data_path("ex4weights.mat"), &T1, &T2, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(T1->rows == 25 && T1->cols == 401, "Theta1: got %d×%d, expected 25×401", T1->rows, T1->cols);
    EXPECT_TRUE(T2->rows == 10 && T2->cols == 26, "Theta2: got %d×%d, expected 10×26", T2->rows, T2->cols);
    EXPECT_ENTRIES("Theta1", T1, W_T1_SAMPLES, 0, TOL_REL, NULL);
    EXPECT_ENTRIES("Theta2", T2, W_T2_SAMPLES, 0, TOL_REL, NULL);
    double theta[25 * 401 + 10 * 26];
    nn_serialize(theta, T1, T2);
    double s1 = 0, s2 = 0;
    for (int i = 0; i < 25 * 401; i++)
        s1 += theta[i];
    for (int i = 25 * 401; i < 25 * 401 + 10 * 26; i++)
        s2 += theta[i];
    EXPECT_CLOSE("sum of serialized Theta1", s1, W_T1_SUM, TOL_REL);
    EXPECT_CLOSE("sum of serialized Theta2", s2, W_T2_SUM, TOL_REL);
    nn_mat_free(T1);
    nn_mat_free(T2);
}
END_TEST
#endif

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch3");
    nnt_add(s, "nn_serialize the grader's weights (row-major)", serialize_fixed);
    nnt_add(s, "nn_deserialize the grader's weights", deserialize_fixed);
    nnt_add(s, "nn_deserialize takes its sizes from the matrices (3-5-3 network)", deserialize_debug_sizes);
    nnt_add(s, "nn_sigmoid at 3 sin(1:30), 0 and +-800", sigmoid_values);
    nnt_add(s, "nn_load_weights reads Theta1, Theta2 and checks they fit", load_weights_checks_fit);
#if GOLD_HAVE_W
    if (nnt_data_path("ex4weights.mat"))
        nnt_add(s, "nn_load_weights on ex4weights.mat", load_ex4weights);
    else
        nnt_skip("nn_load_weights on ex4weights.mat", "ex4weights.mat");
#endif
    return s;
}
