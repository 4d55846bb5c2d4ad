/* checks_ch4.c - the judge's checks for chapter 4, forward propagation.
 *
 * FIXED: the course grader's 2-4-4 network, against the Octave goldens.
 * SECRET: networks of random sizes drawn from the run's seed, against the
 * reference run by the judge (this catches sizes written as numbers).
 * DATA: ex4weights.mat on all of digits20 (goldens) and on a random subset
 * (the reference). */
#include <math.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "workbook.h"

/* A hint for a wrong z2, from what it holds instead. */
static const char *z2_hint(judge *J, const nn_mat *got, const nn_mat *want)
{
    if (!got || got->rows != want->rows || got->cols != want->cols)
        return "z2 = a1 · Theta1ᵀ is m×n_hidden";
    nn_mat *sig = jmat_copy(J, want);
    nn_sigmoid(sig->data, sig->data, sig->rows * sig->cols);
    if (jclose_mat(got, sig, 1e-9))
        return "z2 holds sigmoid(z2): keep z2 as the product, and put the sigmoid into a2";
    return "z2 = a1 · Theta1ᵀ (nn_gemm with trans_b = true)";
}

/* A hint for a wrong a2 (z2 being right), from what it holds instead. */
static const char *a2_hint(judge *J, const nn_mat *a2, const nn_mat *z2)
{
    if (!a2 || a2->rows != z2->rows || a2->cols != z2->cols + 1)
        return "a2 = [1, sigmoid(z2)] is m×(n_hidden+1)";
    if (NN_AT(a2, 0, 0) != 1.0)
        return "column 0 of a2 is the bias unit and must be 1";
    nn_mat units = nn_mat_view(a2, 0, 1, a2->rows, a2->cols - 1);
    if (jclose_mat(jmat_copy(J, &units), z2, 1e-12))
        return "a2 holds z2 itself, not sigmoid(z2): the output layer must get the hidden units' activations";
    return "a2 = [1, sigmoid(z2)]: the bias column, then the sigmoid of each z2";
}

/* Check every output of nn_forward against want (goldens or the reference). */
static void expect_forward(judge *J, const j_forward *got, const nn_mat *z2, const nn_mat *a2, const nn_mat *z3,
                           const nn_mat *h)
{
    jexpect(J, got->rc == 0, "nn_forward returned %d: %s", got->rc, got->err);
    jexpect(J, got->a1_is_X, "act->a1 must be set to X (a view: act->a1 = *X)");
    jexpect_same(J, "z2", got->z2, z2, TOL_REL, z2_hint(J, got->z2, z2));
    jexpect_same(J, "a2", got->a2, a2, TOL_REL, a2_hint(J, got->a2, z2));
    jexpect_same(J, "z3", got->z3, z3, TOL_REL, "z3 = a2 · Theta2ᵀ, with a2 including its bias column");
    jexpect_same(J, "h", got->h, h, TOL_REL, "h = sigmoid(z3)");
}

static void forward_fixed(judge *J)
{
    jnet n = jnet_fixed(J);
    j_forward got;
    jcall_forward(J, &got, NULL, n.X, n.T1, n.T2, n.m, n.n_in, n.hidden, n.K);
    expect_forward(J, &got, jmat_from(J, FIX_Z2, FIX_M, FIX_HID), jmat_from(J, FIX_A2, FIX_M, FIX_HID + 1),
                   jmat_from(J, FIX_Z3, FIX_M, FIX_K), jmat_from(J, FIX_H, FIX_M, FIX_K));
    jnote_fixed_pass(J, NN_CALL_FORWARD);
}

static void forward_random(judge *J, int m_max, int in_max, int hid_max, int K_max)
{
    jnet n = jnet_random(J, m_max, in_max, hid_max, K_max, 2.0);
    j_forward got, ref;
    jcall_forward(J, &got, &ref, n.X, n.T1, n.T2, n.m, n.n_in, n.hidden, n.K);
    J_SIZES_HINT(J, NN_CALL_FORWARD, n, expect_forward(J, &got, ref.z2, ref.a2, ref.z3, ref.h));
}

static void forward_random_small(judge *J)
{
    forward_random(J, 12, 6, 5, 4);
}

static void forward_random_large(judge *J)
{
    forward_random(J, 60, 30, 12, 9);
}

/* Weights that do not fit X, or each other: -1 with a message. */
static void forward_rejects(judge *J)
{
    jnet n = jnet_random(J, 8, 6, 5, 4, 1.0);
    j_forward good;
    jcall_forward(J, &good, NULL, n.X, n.T1, n.T2, n.m, n.n_in, n.hidden, n.K);
    jexpect(J, good.rc == 0, "nn_forward must work on weights that fit before it is asked to refuse others; it "
            "returned %d: %s", good.rc, good.err);
    const nn_mat *bad[3][2] = {{n.T2, n.T2}, {n.T1, n.T1}, {jmat(J, n.hidden + 1, n.n_in + 1), n.T2}};
    const char *what[3] = {"Theta1 with the wrong number of columns for X", "Theta2 with the wrong number of columns "
                           "for the hidden layer", "Theta1 with one row more than Theta2 expects"};
    for (int k = 0; k < 3; k++) {
        j_forward got, ref;
        jcall_forward(J, &got, &ref, n.X, bad[k][0], bad[k][1], n.m, n.n_in, n.hidden, n.K);
        if (ref.rc != 0) {
            jexpect(J, got.rc == -1, "%s must be an error (return -1); nn_forward returned %d", what[k], got.rc);
            jexpect(J, got.err[0] != '\0', "%s: nn_forward returned -1 but left no message in err", what[k]);
        }
    }
}

static void forward_digits20(judge *J)
{
    jnet n = jnet_digits20(J, 0);
    j_forward got;
    jcall_forward(J, &got, NULL, n.X, n.T1, n.T2, n.m, 400, 25, 10);
    jexpect(J, got.rc == 0, "nn_forward returned %d: %s", got.rc, got.err);
    j_expect_entries(J, "z2", got.z2, D20_Z2_SAMPLES, (int)GOLD_COUNT(D20_Z2_SAMPLES));
    j_expect_entries(J, "a2", got.a2, D20_A2_SAMPLES, (int)GOLD_COUNT(D20_A2_SAMPLES));
    j_expect_entries(J, "h", got.h, D20_H_SAMPLES, (int)GOLD_COUNT(D20_H_SAMPLES));
    int *pred = jalloc(J, (size_t)n.m * sizeof *pred);
    nn_predict(pred, got.h);
    jexpect_close(J, "accuracy of the provided weights on digits20", nn_accuracy(pred, n.y, n.m), D20_ACCURACY,
                  TOL_REL, NULL);
}

static void forward_digits20_subset(judge *J)
{
    jnet n = jnet_digits20(J, 500);
    j_forward got, ref;
    jcall_forward(J, &got, &ref, n.X, n.T1, n.T2, n.m, 400, 25, 10);
    expect_forward(J, &got, ref.z2, ref.a2, ref.z3, ref.h);
}

static const check_def CHECKS[] = {
    {"nn_forward on the grader's inputs (2-4-4, m = 16)", forward_fixed, J_FIXED, 2, NULL},
    {"nn_forward on a small network of random sizes", forward_random_small, J_SECRET, 2, NULL},
    {"nn_forward on a larger network of random sizes", forward_random_large, J_SECRET, 3, NULL},
    {"nn_forward rejects weights that do not fit", forward_rejects, J_SECRET, 1, NULL},
    {"nn_forward with ex4weights.mat on all of digits20", forward_digits20, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
    {"nn_forward with ex4weights.mat on 500 random digits", forward_digits20_subset, J_DATA, 1,
     "digits20.mat+ex4weights.mat"},
};
J_TABLE(4, CHECKS);
