/* ch1_test.c - graded checks for Chapter 1, loading the data.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {1, "loading the data", 5};

/* Write the small 3×3-image fixture (X and y) to a temporary .mat file. */
static const char *write_small_fixture(void)
{
    const char *path = nnt_tmp_path("small.mat");
    nn_mat X = nn_mat_wrap((double *)SMALL_X, 3, 9);
    double yd[3];
    for (int i = 0; i < 3; i++)
        yd[i] = SMALL_Y[i];
    nn_mat y = nn_mat_wrap(yd, 3, 1);
    nn_matvar vars[] = {{"X", &X, false}, {"y", &y, true}};
    nn_error err;
    ck_assert_msg(nn_mat_write(path, vars, 2, &err) == 0, "writing the fixture: %s", err.msg);
    return path;
}

START_TEST(add_bias_small)
{
    nn_mat X = nn_mat_wrap((double *)SMALL_X, 3, 9);
    nn_mat *Xb = nn_add_bias(&X);
    EXPECT_TRUE(Xb != NULL, "nn_add_bias returned NULL");
    EXPECT_TRUE(Xb->rows == 3 && Xb->cols == 10, "nn_add_bias: got %d×%d, expected 3×10", Xb->rows, Xb->cols);
    EXPECT_MAT("Xb", Xb, SMALL_XB, TOL_REL, "column 0 is the bias (all ones), then X's columns in order");
    nn_mat_free(Xb);
}
END_TEST

START_TEST(transpose_small)
{
    nn_mat *X = nnt_mat(SMALL_X, 3, 9);
    nn_transpose_images(X, 3);
    EXPECT_MAT("X transposed", X, SMALL_XT, TOL_REL,
               "pixel (r, c) of a row is at column r + side*c; swap it with (c, r)");
    nn_mat_free(X);
}
END_TEST

static void check_load_small(bool transpose, const double *want_X)
{
    const char *path = write_small_fixture();
    nn_mat *X = NULL;
    int *y = NULL, m = -1;
    nn_error err = {""};
    int rc = nn_load_data(path, transpose, &X, &y, &m, &err);
    unlink(path);
    EXPECT_TRUE(rc == 0, "nn_load_data(small fixture) failed: %s", err.msg);
    EXPECT_TRUE(X && y, "nn_load_data returned 0 but left X or y NULL");
    EXPECT_TRUE(m == 3, "m: expected 3, got %d", m);
    EXPECT_TRUE(X->rows == 3 && X->cols == 10, "X: got %d×%d, expected 3×10 (the bias column included)",
                X->rows, X->cols);
    EXPECT_MAT("X", X, want_X, TOL_REL,
               transpose ? "with transpose, each 3×3 image is transposed before the bias column goes in"
                         : "without transpose the pixels stay in the file's order");
    for (int i = 0; i < 3; i++)
        EXPECT_TRUE(y[i] == SMALL_Y[i], "y[%d]: expected %d, got %d", i, SMALL_Y[i], y[i]);
    nn_mat_free(X);
    free(y);
}

START_TEST(load_small)
{
    check_load_small(false, SMALL_XB);
}
END_TEST

START_TEST(load_small_transposed)
{
    check_load_small(true, SMALL_XTB);
}
END_TEST

START_TEST(load_errors)
{
    /* It must load a good file ... */
    const char *good = write_small_fixture();
    nn_mat *X = NULL;
    int *y = NULL, m = 0;
    nn_error err = {""};
    EXPECT_TRUE(nn_load_data(good, false, &X, &y, &m, &err) == 0, "nn_load_data(good file) failed: %s", err.msg);
    nn_mat_free(X);
    free(y);
    unlink(good);

    /* ... and reject a missing file, naming it. */
    const char *missing = nnt_tmp_path("no-such-file.mat");
    X = (nn_mat *)1; /* must be reset to NULL */
    EXPECT_TRUE(nn_load_data(missing, false, &X, &y, &m, &err) == -1, "a missing file must return -1");
    EXPECT_TRUE(X == NULL, "on error X must be NULL");
    EXPECT_TRUE(strstr(err.msg, "no-such-file.mat") != NULL, "the message must name the file; got \"%s\"", err.msg);

    /* ... and a file whose y does not match X. */
    const char *path = nnt_tmp_path("mismatch.mat");
    nn_mat Xs = nn_mat_wrap((double *)SMALL_X, 3, 9);
    double yd[2] = {1, 2};
    nn_mat ys = nn_mat_wrap(yd, 2, 1);
    nn_matvar vars[] = {{"X", &Xs, false}, {"y", &ys, true}};
    ck_assert(nn_mat_write(path, vars, 2, &err) == 0);
    int rc = nn_load_data(path, false, &X, &y, &m, &err);
    unlink(path);
    EXPECT_TRUE(rc == -1, "X with 3 rows and y with 2 labels must be an error");
    EXPECT_TRUE(strstr(err.msg, "mismatch.mat") != NULL, "the message must name the file; got \"%s\"", err.msg);
}
END_TEST

#if GOLD_HAVE_D20
static void check_digits20(bool transpose)
{
    const char *path = nnt_data_path("digits20.mat");
    nn_mat *X = NULL;
    int *y = NULL, m = 0;
    nn_error err = {""};
    EXPECT_TRUE(nn_load_data(path, transpose, &X, &y, &m, &err) == 0, "nn_load_data: %s", err.msg);
    EXPECT_TRUE(m == D20_M && X->rows == D20_M && X->cols == 401, "X: got %d×%d, expected %d×401",
                X->rows, X->cols, D20_M);
    const gold_entry *want = transpose ? D20_XT_SAMPLES : D20_X_SAMPLES;
    int n = transpose ? (int)(sizeof D20_XT_SAMPLES / sizeof *D20_XT_SAMPLES)
                      : (int)(sizeof D20_X_SAMPLES / sizeof *D20_X_SAMPLES);
    for (int k = 0; k < n; k++) {
        char label[64];
        snprintf(label, sizeof label, "X[%d][%d] (pixel %d)", want[k].row, want[k].col + 1, want[k].col);
        nnt_expect_close(__FILE__, __LINE__, label, NN_AT(X, want[k].row, want[k].col + 1), want[k].value, TOL_REL,
                         transpose ? "each image transposed, bias column first" : "bias column first, pixels as in the file");
    }
    for (int i = 0; i < m; i++)
        EXPECT_TRUE(NN_AT(X, i, 0) == 1.0, "X[%d][0]: expected the bias 1, got %g", i, NN_AT(X, i, 0));
    int counts[10] = {0};
    for (int i = 0; i < m; i++)
        if (y[i] >= 1 && y[i] <= 10)
            counts[y[i] - 1]++;
    for (int k = 0; k < 10; k++)
        EXPECT_TRUE(counts[k] == D20_Y_COUNTS[k], "labels equal to %d: expected %d, got %d", k + 1,
                    D20_Y_COUNTS[k], counts[k]);
    nn_mat_free(X);
    free(y);
}

START_TEST(load_digits20)
{
    check_digits20(false);
}
END_TEST

START_TEST(load_digits20_transposed)
{
    check_digits20(true);
}
END_TEST
#endif

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch1");
    nnt_add(s, "nn_add_bias puts a column of ones before X", add_bias_small);
    nnt_add(s, "nn_transpose_images transposes each 3x3 image", transpose_small);
    nnt_add(s, "nn_load_data reads X and y from a .mat file", load_small);
    nnt_add(s, "nn_load_data with transpose", load_small_transposed);
    nnt_add(s, "nn_load_data reports missing files and mismatched y", load_errors);
#if GOLD_HAVE_D20
    if (nnt_data_path("digits20.mat")) {
        nnt_add(s, "nn_load_data on digits20.mat", load_digits20);
        nnt_add(s, "nn_load_data on digits20.mat with transpose", load_digits20_transposed);
    } else {
        nnt_skip("nn_load_data on digits20.mat", "digits20.mat");
    }
#endif
    return s;
}
