/* ch2_checks.c - the judge's checks for chapter 2, one-hot encoding.
 *
 * FIXED: the course grader's 16 labels with K = 4, against the goldens.
 * SECRET: m, K and labels drawn from the run's seed, against the reference
 * run by the judge: random labels; labels 1..K in order (label K goes to
 * the last column); labels outside 1..K (0, K+1, negative), which must be
 * errors that name the label. Y always starts full of NaN, so an element
 * never written shows.
 * DATA: digits20's 5000 labels, K = 10. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "nn_matio.h"
#include "workbook.h"

enum { D20_K = 10 };

/* True when row i of Y is 1 in column c and 0 elsewhere (c < 0: all 0). */
static bool row_is(const nn_mat *Y, int i, int c)
{
    for (int k = 0; k < Y->cols; k++)
        if (NN_AT(Y, i, k) != (k == c ? 1.0 : 0.0))
            return false;
    return true;
}

/* A hint for a wrong Y (m×K, the right shape), from what it holds instead. */
static const char *one_hot_hint(judge *J, const nn_mat *Y, const int *y)
{
    int m = Y->rows, K = Y->cols;
    /* Columns never written in any row (Y started full of NaN). */
    int first_unwritten = K;
    while (first_unwritten > 0) {
        bool all_nan = true;
        for (int i = 0; i < m && all_nan; i++)
            all_nan = isnan(NN_AT(Y, i, first_unwritten - 1));
        if (!all_nan)
            break;
        first_unwritten--;
    }
    if (first_unwritten < K && first_unwritten > 0)
        return jfmt(J, "columns %d..%d were never written in any row: Y has K = Y->cols = %d columns; loop over all "
                    "of them, not up to a number", first_unwritten, K - 1, K);
    bool rotated = true, shifted = true, only_K_first = true, any_K = false, any_below_K = false;
    for (int i = 0; i < m; i++) {
        bool is_K = y[i] == K;
        any_K = any_K || is_K;
        any_below_K = any_below_K || !is_K;
        rotated = rotated && row_is(Y, i, y[i] % K);
        shifted = shifted && (is_K || row_is(Y, i, y[i]));
        only_K_first = only_K_first && row_is(Y, i, is_K ? 0 : y[i] - 1);
    }
    if (any_K && any_below_K && rotated)
        return jfmt(J, "each label k went to column k and label %d (= K) to column 0, as if the columns were the "
                    "digits 0..%d: label k goes to column k-1, so label 1 is column 0 and label K the last column, "
                    "%d. In the course, label 10 (the digit 0) goes to column 9", K, K - 1, K - 1);
    if (any_below_K && shifted)
        return "label k went to column k: label k goes to column k-1 (label 1 to column 0, label K to the last "
               "column, K-1)";
    if (any_K && only_K_first)
        return jfmt(J, "label %d (= K) went to column 0: label K goes to the last column, %d. In the course, label 10 "
                    "(the digit 0) goes to column 9, not 0", K, K - 1);
    for (int i = 0; i < m; i++)
        if (!row_is(Y, i, y[i] - 1)) {
            bool one_right = NN_AT(Y, i, y[i] - 1) == 1.0;
            for (int k = 0; k < K && one_right; k++)
                if (k != y[i] - 1 && isnan(NN_AT(Y, i, k)))
                    return jfmt(J, "Y[%d][%d] was never written: every element of a row must be set, 1 in column "
                                "y-1 and 0 in all the others", i, k);
            if (one_right)
                return jfmt(J, "row %d (label %d) has its 1 in column %d but not 0 in every other column: set all "
                            "of them", i, y[i], y[i] - 1);
            return jfmt(J, "row %d has label %d, so it must be 1 in column %d (label k goes to column k-1) and 0 "
                        "elsewhere", i, y[i], y[i] - 1);
        }
    return "label k goes to column k-1, and every other element of the row must be set to 0";
}

/* A failure that shows a write past the end of Y (a crash, or y changed:
 * y sits after Y in the program's memory) gets Y's shape added; so does
 * one on a random Y when the same function was right on the grader's. */
static void sizes_note(judge *J, int m, int K)
{
    if (strstr(jmsg(J), " crashed: ") || strstr(jmsg(J), "changed its input y"))
        j_append(J, " (Y is %d×%d here: K is Y->cols and m is Y->rows; a size written as a number, such as 10 or "
                 "5000, writes past the end of Y)", m, K);
    else if (jfixed_passed(J, NN_CALL_ONE_HOT))
        j_append(J, " (Y is %d×%d here, and the same function was right on the grader's 16×4 Y: look for sizes "
                 "written as numbers where they should come from Y->rows and Y->cols)", m, K);
}

/* got against want (Y started full of NaN). */
static void expect_result(judge *J, const j_one_hot *got, const int *y, int m, int K, const nn_mat *want)
{
    if (got->rc != 0)
        jfail(J, "nn_one_hot returned %d on %d labels, all in 1..%d (Y is %d×%d, so K = Y->cols = %d): %s", got->rc,
              m, K, m, K, K, got->err[0] ? got->err : "(no message in err)");
    jexpect(J, got->Y && got->Y->rows == m && got->Y->cols == K, "Y came back %d×%d, expected %d×%d",
            got->Y ? got->Y->rows : 0, got->Y ? got->Y->cols : 0, m, K);
    jexpect_same(J, "Y", got->Y, want, TOL_REL, one_hot_hint(J, got->Y, y));
}

/* Run nn_one_hot on y with Y full of NaN; expect it to match want (the
 * grader's goldens), or the reference's Y when want is NULL. */
static void expect_one_hot(judge *J, const int *y, int m, int K, const nn_mat *want)
{
    j_one_hot got, ref;
    J_ON_FAIL(J, jcall_one_hot(J, &got, &ref, y, m, K, NAN); expect_result(J, &got, y, m, K, want ? want : ref.Y),
              sizes_note(J, m, K));
}

static void one_hot_fixed(judge *J)
{
    expect_one_hot(J, FIX_Y, FIX_M, FIX_K, jmat_from(J, FIX_ONEHOT, FIX_M, FIX_K));
    jnote_fixed_pass(J, NN_CALL_ONE_HOT);
}

/* m labels 1..K, each at least once, in random order. */
static int *random_labels(judge *J, int m, int K)
{
    int *y = jalloc(J, (size_t)m * sizeof *y);
    for (int i = 0; i < m; i++)
        y[i] = i < K ? i + 1 : jint(J, 1, K);
    for (int i = m - 1; i > 0; i--) {
        int j = jint(J, 0, i), t = y[i];
        y[i] = y[j];
        y[j] = t;
    }
    return y;
}

static void one_hot_random(judge *J)
{
    int K = jint(J, 2, 30), m = jint(J, K, 80);
    expect_one_hot(J, random_labels(J, m, K), m, K, NULL);
}

/* Labels 1..K in order, then K..1: the identity, then the reversed identity. */
static void one_hot_last_column(judge *J)
{
    int K = jint(J, 2, 30), m = 2 * K;
    int *y = jalloc(J, (size_t)m * sizeof *y);
    for (int i = 0; i < K; i++) {
        y[i] = i + 1;
        y[K + i] = K - i;
    }
    expect_one_hot(J, y, m, K, NULL);
}

/* True when msg holds the whole number v (not as part of a longer one). */
static bool names_int(const char *msg, long v)
{
    for (const char *p = msg; *p; p++) {
        bool neg = *p == '-' && isdigit((unsigned char)p[1]);
        if (!neg && !isdigit((unsigned char)*p))
            continue;
        if (p > msg && isdigit((unsigned char)p[-1]))
            continue;
        char *end;
        long x = strtol(p, &end, 10);
        if (x == v && !(*end == '.' && isdigit((unsigned char)end[1])))
            return true;
        p = end - 1;
    }
    return false;
}

/* Good labels first (so that failing on everything cannot pass), then
 * labels 0, K+1 and a negative one, each at a random place. */
static void one_hot_rejects(judge *J)
{
    int K = jint(J, 2, 12), m = jint(J, K, 30);
    int *y = random_labels(J, m, K);
    expect_one_hot(J, y, m, K, NULL);
    const int bad[3] = {0, K + 1, -jint(J, 1, 9)};
    for (int b = 0; b < 3; b++) {
        int *yb = jalloc(J, (size_t)m * sizeof *yb);
        memcpy(yb, y, (size_t)m * sizeof *yb);
        int at = jint(J, 0, m - 1);
        yb[at] = bad[b];
        j_one_hot got, ref;
        J_ON_FAIL(J, jcall_one_hot(J, &got, &ref, yb, m, K, NAN), sizes_note(J, m, K));
        jexpect(J, ref.rc != 0, "the reference accepted label %d with K = %d", bad[b], K);
        if (got.rc != ref.rc)
            jfail(J, "label %d at y[%d] with K = %d must be an error (return %d), nn_one_hot returned %d. Hint: labels "
                  "are 1..K, with K = Y->cols (%d here)", bad[b], at, K, ref.rc, got.rc, K);
        jexpect(J, got.err[0] != '\0', "label %d at y[%d]: nn_one_hot returned %d but left no message in err", bad[b],
                at, got.rc);
        jexpect(J, names_int(got.err, bad[b]) || names_int(got.err, at) || names_int(got.err, at + 1),
                "label %d at y[%d]: the message must name the bad label's position or its value, as in \"%s\"; got "
                "\"%s\"", bad[b], at, ref.err, got.err);
    }
}

static void one_hot_digits20(judge *J)
{
    int *y = NULL, m = 0;
    nn_error err = {""};
    if (nn_labels_read(jdata_host(J, "digits20.mat"), "y", 1, D20_K, &y, &m, &err) != 0)
        jfail(J, "the judge cannot read digits20's labels: %s", err.msg);
    jown(J, y);
    j_one_hot got, ref;
    jcall_one_hot(J, &got, &ref, y, m, D20_K, NAN);
    jexpect(J, got.rc == 0, "nn_one_hot returned %d on digits20's labels: %s", got.rc, got.err);
    jexpect(J, got.Y && got.Y->rows == m && got.Y->cols == D20_K, "Y came back %d×%d, expected %d×%d",
            got.Y ? got.Y->rows : 0, got.Y ? got.Y->cols : 0, m, D20_K);
    double sums[D20_K] = {0}, want[D20_K];
    for (int i = 0; i < m; i++)
        for (int k = 0; k < D20_K; k++)
            sums[k] += NN_AT(got.Y, i, k);
    for (int k = 0; k < D20_K; k++)
        want[k] = D20_Y_COUNTS[k];
    jexpect_vec(J, "column sums of Y", sums, want, D20_K, TOL_REL,
                jfmt(J, "column k counts the examples with label k+1 (500 each in digits20); %s",
                     one_hot_hint(J, got.Y, y)));
    jexpect_same(J, "Y", got.Y, ref.Y, TOL_REL, one_hot_hint(J, got.Y, y));
}

static const check_def CHECKS[] = {
    {"nn_one_hot on the grader's 16 labels (K = 4)", one_hot_fixed, J_FIXED, 1, NULL},
    {"nn_one_hot on random labels, m and K", one_hot_random, J_SECRET, 2, NULL},
    {"nn_one_hot on labels 1..K in order: label K goes to the last column", one_hot_last_column, J_SECRET, 2, NULL},
    {"nn_one_hot rejects labels outside 1..K (0, K+1, negative), naming them", one_hot_rejects, J_SECRET, 2, NULL},
    {"nn_one_hot on digits20's labels", one_hot_digits20, J_DATA, 1, "digits20.mat"},
};
J_TABLE(2, CHECKS);
