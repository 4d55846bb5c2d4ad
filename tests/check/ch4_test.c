/* ch4_test.c - graded checks for Chapter 4, forward propagation.
 * Expected values come from tests/oracle/goldens.h (the Octave oracle). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldens.h"
#include "harness.h"
#include "workbook.h"

const chapter_info CHAPTER = {4, "forward propagation", 15};

typedef struct {
    nn_mat *X, *T1, *T2;
    nn_activations *act;
} fixture;

/* The grader's fixed network (2-4-4, m = 16) pushed through nn_forward. */
static fixture forward_fixed(void)
{
    fixture f;
    f.X = nnt_with_bias(FIX_X, FIX_M, FIX_IN);
    f.T1 = nnt_mat(FIX_T1, FIX_HID, FIX_IN + 1);
    f.T2 = nnt_mat(FIX_T2, FIX_K, FIX_HID + 1);
    f.act = nn_activations_new(FIX_M, FIX_IN, FIX_HID, FIX_K);
    ck_assert(f.act != NULL);
    nn_mat_fill(&f.act->z2, NAN);
    nn_mat_fill(&f.act->a2, NAN);
    nn_mat_fill(&f.act->z3, NAN);
    nn_mat_fill(&f.act->h, NAN);
    nn_error err = {""};
    EXPECT_TRUE(nn_forward(f.act, f.X, f.T1, f.T2, &err) == 0, "nn_forward failed: %s", err.msg);
    return f;
}

static void fixture_free(fixture *f)
{
    nn_mat_free(f->X);
    nn_mat_free(f->T1);
    nn_mat_free(f->T2);
    nn_activations_free(f->act);
}

START_TEST(forward_a1_z2)
{
    fixture f = forward_fixed();
    EXPECT_TRUE(f.act->a1.data == f.X->data && f.act->a1.rows == FIX_M && f.act->a1.cols == FIX_IN + 1,
                "act->a1 must be set to X (a view: act->a1 = *X)");
    EXPECT_MAT("z2", &f.act->z2, FIX_Z2, TOL_REL, "z2 = a1 · Theta1ᵀ: use nn_gemm with trans_b = true");
    fixture_free(&f);
}
END_TEST

START_TEST(forward_a2)
{
    fixture f = forward_fixed();
    EXPECT_MAT("a2", &f.act->a2, FIX_A2, TOL_REL,
               NN_AT(&f.act->a2, 0, 0) != 1.0 ? "column 0 of a2 is the bias unit and must be 1"
                                               : "a2 = [1, sigmoid(z2)]");
    fixture_free(&f);
}
END_TEST

START_TEST(forward_z3_h)
{
    fixture f = forward_fixed();
    EXPECT_MAT("z3", &f.act->z3, FIX_Z3, TOL_REL, "z3 = a2 · Theta2ᵀ, with a2 including its bias column");
    EXPECT_MAT("h", &f.act->h, FIX_H, TOL_REL, "h = sigmoid(z3)");
    fixture_free(&f);
}
END_TEST

START_TEST(forward_rejects_bad_shapes)
{
    fixture f = forward_fixed(); /* a good call first */
    EXPECT_MAT("h", &f.act->h, FIX_H, TOL_REL, NULL);
    nn_error err = {""};
    /* Theta2 in place of Theta1: it has 5 columns, but X has 3. */
    EXPECT_TRUE(nn_forward(f.act, f.X, f.T2, f.T2, &err) == -1,
                "Theta1 with %d columns for X with %d columns must be an error", FIX_HID + 1, FIX_IN + 1);
    EXPECT_TRUE(err.msg[0] != '\0', "the error needs a message");
    fixture_free(&f);
}
END_TEST

#if GOLD_HAVE_D20
START_TEST(forward_digits20)
{
    nn_mat *X, *Y, *T1, *T2;
    int *y;
    nnt_load_course_data(nnt_data_path("digits20.mat"), 10, &X, &y, &Y);
    nnt_load_weights(nnt_data_path("ex4weights.mat"), &T1, &T2);
    nn_activations *act = nn_activations_new(X->rows, 400, 25, 10);
    nn_error err = {""};
    EXPECT_TRUE(nn_forward(act, X, T1, T2, &err) == 0, "nn_forward failed: %s", err.msg);
    EXPECT_ENTRIES("z2", &act->z2, D20_Z2_SAMPLES, 0, TOL_REL, NULL);
    EXPECT_ENTRIES("a2", &act->a2, D20_A2_SAMPLES, 0, TOL_REL, NULL);
    EXPECT_ENTRIES("h", &act->h, D20_H_SAMPLES, 0, TOL_REL, NULL);
    int *pred = malloc((size_t)X->rows * sizeof *pred);
    nn_predict(pred, &act->h);
    EXPECT_CLOSE("accuracy of the provided weights", nn_accuracy(pred, y, X->rows), D20_ACCURACY, TOL_REL);
    free(pred);
    free(y);
    nn_mat_free(X);
    nn_mat_free(Y);
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_activations_free(act);
}
END_TEST
#endif

/* The course's published training accuracy of the provided weights on its
 * own ex4data1.mat (NOTES.md): 97.52%, i.e. 4876 of 5000. */
START_TEST(forward_published_accuracy)
{
    nnt_net n;
    nnt_load_course_data(nnt_data_path("ex4data1.mat"), 10, &n.X, &n.y, &n.Y);
    nnt_load_weights(nnt_data_path("ex4weights.mat"), &n.T1, &n.T2);
    nn_activations *act = nn_activations_new(n.X->rows, n.X->cols - 1, n.T1->rows, n.T2->rows);
    nn_error err = {""};
    EXPECT_TRUE(nn_forward(act, n.X, n.T1, n.T2, &err) == 0, "nn_forward failed: %s", err.msg);
    int *pred = malloc((size_t)n.X->rows * sizeof *pred);
    nn_predict(pred, &act->h);
    EXPECT_CLOSE("training accuracy on ex4data1.mat (published 97.52%)", nn_accuracy(pred, n.y, n.X->rows), 0.9752,
                 1e-12);
    free(pred);
    nn_activations_free(act);
    nnt_net_free(&n);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("ch4");
    nnt_add(s, "nn_forward on the grader's inputs: a1 and z2", forward_a1_z2);
    nnt_add(s, "nn_forward on the grader's inputs: a2 with its bias unit", forward_a2);
    nnt_add(s, "nn_forward on the grader's inputs: z3 and h", forward_z3_h);
    nnt_add(s, "nn_forward rejects weights that do not fit X", forward_rejects_bad_shapes);
#if GOLD_HAVE_D20
    if (nnt_data_path("digits20.mat") && nnt_data_path("ex4weights.mat"))
        nnt_add(s, "nn_forward with ex4weights.mat on digits20.mat", forward_digits20);
    else
        nnt_skip("nn_forward with ex4weights.mat on digits20.mat",
                 nnt_data_path("ex4weights.mat") ? "digits20.mat" : "ex4weights.mat");
#endif
    /* Only where the user has the course's own file (see ch5_test.c). */
    if (nnt_data_path("ex4data1.mat") && nnt_data_path("ex4weights.mat"))
        nnt_add(s, "the course's published accuracy on ex4data1.mat", forward_published_accuracy);
    return s;
}
