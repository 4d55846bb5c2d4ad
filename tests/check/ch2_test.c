/* ch2_test.c - graded checks for Chapter 2, one-hot encoding.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {2, "one-hot encoding", 5};

/* An m×K matrix full of NaN, so that an element never written shows up. */
static nn_mat *nan_matrix(int m, int K)
{
    nn_mat *Y = nn_mat_new(m, K);
    ck_assert(Y != NULL);
    nn_mat_fill(Y, NAN);
    return Y;
}

START_TEST(one_hot_fixed)
{
    nn_mat *Y = nan_matrix(FIX_M, FIX_K);
    nn_error err = {""};
    EXPECT_TRUE(nn_one_hot(Y, FIX_Y, &err) == 0, "nn_one_hot failed: %s", err.msg);
    EXPECT_MAT("Y", Y, FIX_ONEHOT, TOL_REL,
               "label k goes to column k-1, and every other element of the row must be set to 0");
    nn_mat_free(Y);
}
END_TEST

START_TEST(one_hot_label_10)
{
    /* Labels 1..10 in order give the 10×10 identity: label 10 (the digit 0)
     * lands in the last column. */
    int y[10];
    double eye[100] = {0};
    for (int k = 0; k < 10; k++) {
        y[k] = k + 1;
        eye[k * 10 + k] = 1.0;
    }
    nn_mat *Y = nan_matrix(10, 10);
    nn_error err = {""};
    EXPECT_TRUE(nn_one_hot(Y, y, &err) == 0, "nn_one_hot failed: %s", err.msg);
    EXPECT_MAT("Y", Y, eye, TOL_REL, "label 10 (the digit 0) belongs in column 9, the last one");
    nn_mat_free(Y);
}
END_TEST

START_TEST(one_hot_rejects)
{
    nn_error err = {""};
    int good[3] = {1, 3, 2};
    nn_mat *Y = nan_matrix(3, 3);
    EXPECT_TRUE(nn_one_hot(Y, good, &err) == 0, "labels 1, 3, 2 with K = 3 must be accepted: %s", err.msg);
    EXPECT_TRUE(NN_AT(Y, 1, 2) == 1.0 && NN_AT(Y, 1, 0) == 0.0, "Y[1] must be 0 0 1 for label 3");

    int high[3] = {1, 4, 2};
    err.msg[0] = '\0';
    EXPECT_TRUE(nn_one_hot(Y, high, &err) == -1, "label 4 with K = 3 must be an error (return -1)");
    EXPECT_TRUE(strstr(err.msg, "4") != NULL, "the message must give the bad label 4; got \"%s\"", err.msg);

    int zero[3] = {1, 2, 0};
    err.msg[0] = '\0';
    EXPECT_TRUE(nn_one_hot(Y, zero, &err) == -1, "label 0 must be an error (labels start at 1)");
    EXPECT_TRUE(err.msg[0] != '\0', "the error must come with a message");
    nn_mat_free(Y);
}
END_TEST

#if GOLD_HAVE_D20
START_TEST(one_hot_digits20)
{
    nn_mat *X, *Yref;
    int *y;
    nnt_load_course_data(nnt_data_path("digits20.mat"), 10, &X, &y, &Yref);
    nn_mat *Y = nan_matrix(X->rows, 10);
    nn_error err = {""};
    EXPECT_TRUE(nn_one_hot(Y, y, &err) == 0, "nn_one_hot failed: %s", err.msg);
    double sums[10] = {0}, want[10];
    for (int i = 0; i < Y->rows; i++)
        for (int k = 0; k < 10; k++)
            sums[k] += NN_AT(Y, i, k);
    for (int k = 0; k < 10; k++)
        want[k] = D20_Y_COUNTS[k];
    EXPECT_ARRAY("column sums of Y", sums, want, 10, 1, TOL_REL,
                 "column k counts the examples with label k+1 (500 each in digits20)");
    nn_mat_free(X);
    nn_mat_free(Y);
    nn_mat_free(Yref);
    free(y);
}
END_TEST
#endif

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch2");
    nnt_add(s, "nn_one_hot on the grader's 16 labels (K = 4)", one_hot_fixed);
    nnt_add(s, "nn_one_hot maps label 10 to the last column", one_hot_label_10);
    nnt_add(s, "nn_one_hot rejects labels outside 1..K", one_hot_rejects);
#if GOLD_HAVE_D20
    if (nnt_data_path("digits20.mat"))
        nnt_add(s, "nn_one_hot on digits20's labels", one_hot_digits20);
    else
        nnt_skip("nn_one_hot on digits20's labels", "digits20.mat");
#endif
    return s;
}
