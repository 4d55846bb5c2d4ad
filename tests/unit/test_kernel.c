/* test_kernel.c - unit checks of the fast cost and gradient (lib/nn_kernel).
 *
 * nn_kernel_eval reorders the work (blocks of rows, register tiles, its own
 * vectorised exp, threads), so its J and ∇J are compared with:
 *   - the reference solutions nn_regularized_cost / nn_regularized_gradient
 *     (solutions/ch5, ch6; linked into every unit test) on the same inputs,
 *     within TOL_KERNEL: only rounding may differ;
 *   - the Octave oracle's goldens (tests/oracle/goldens.h) within TOL_REL.
 * Every comparison runs on both builds of the kernel (AVX-512 where the CPU
 * has it, and the portable one) and with 1 and 2 threads. Linked with
 * tests/check/harness.o, which has main(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "nn_kernel.h"
#include "workbook.h"

const chapter_info CHAPTER = {0, "library: fast cost and gradient kernel", 0};

/* The kernel against the reference on the same machine: the sums run in a
 * different order, nothing else differs. */
#define TOL_KERNEL 1e-12
/* A gradient element far below the gradient's largest one is a sum that
 * cancels, and its rounding error is that of its terms, not of itself: its
 * error is measured against KERNEL_FLOOR times the largest element (on
 * digits20 the differences are all below 4e-15 of the largest element). */
#define KERNEL_FLOOR 1e-2

/* ---- helpers --------------------------------------------------------------- */

/* θ of a net, serialized the tutorial's way (nn_serialize, the reference). */
static double *theta_of(const nnt_net *n, int *count)
{
    int c = n->T1->rows * n->T1->cols + n->T2->rows * n->T2->cols;
    double *theta = malloc((size_t)c * sizeof *theta);
    ck_assert_msg(theta != NULL, "out of memory");
    nn_serialize(theta, n->T1, n->T2);
    *count = c;
    return theta;
}

static nn_kernel *kernel_of(const nnt_net *n, bool portable, int threads)
{
    nn_error err;
    nn_kernel *k = nn_kernel_new(n->X, n->y, n->T2->rows, n->T1->rows, &err);
    ck_assert_msg(k != NULL, "nn_kernel_new: %s", err.msg);
    nn_kernel_set_portable(k, portable);
    ck_assert_msg(nn_kernel_set_threads(k, threads, &err) == 0, "set_threads: %s", err.msg);
    return k;
}

static double max_abs(const double *a, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(a[i]));
    return m;
}

/* J and ∇J of the kernel vs the reference solutions, at lambda, on every
 * build and thread count. */
static void compare_with_reference(const char *what, const nnt_net *n, double lambda)
{
    int count;
    double *theta = theta_of(n, &count);
    nn_mat *G1 = nn_mat_new(n->T1->rows, n->T1->cols), *G2 = nn_mat_new(n->T2->rows, n->T2->cols);
    double *want = malloc((size_t)count * sizeof *want), *got = malloc((size_t)count * sizeof *got);
    ck_assert_msg(G1 && G2 && want && got, "out of memory");
    nn_error err;
    double J_ref = nn_regularized_cost(n->T1, n->T2, n->X, n->Y, lambda);
    ck_assert_msg(nn_regularized_gradient(G1, G2, n->T1, n->T2, n->X, n->Y, lambda, &err) == 0,
                  "reference gradient: %s", err.msg);
    nn_serialize(want, G1, G2);
    ck_assert_msg(isfinite(J_ref) && max_abs(want, count) > 0,
                  "%s: the reference gave J = %g and |grad| = %g; the check needs a finite J "
                  "and a nonzero gradient", what, J_ref, max_abs(want, count));
    double floor = KERNEL_FLOOR * max_abs(want, count);
    for (int portable = 0; portable <= 1; portable++)
        for (int threads = 1; threads <= 2; threads++) {
            nn_kernel *k = kernel_of(n, portable, threads);
            memset(got, 0, (size_t)count * sizeof *got);
            char label[160];
            snprintf(label, sizeof label, "%s, lambda=%g, %s build, %d thread(s): J", what, lambda,
                     nn_kernel_wide(k) ? "AVX-512" : "portable", threads);
            double J = nn_kernel_eval(k, theta, got, lambda);
            EXPECT_CLOSE(label, J, J_ref, TOL_KERNEL);
            double J_only = nn_kernel_eval(k, theta, NULL, lambda);
            EXPECT_CLOSE(label, J_only, J_ref, TOL_KERNEL);
            label[strlen(label) - 1] = '\0';
            strcat(label, "grad");
            EXPECT_ARRAY_FLOOR(label, got, want, 1, count, TOL_KERNEL, floor,
                               "compare with nn_regularized_gradient (solutions/ch6)");
            nn_kernel_free(k);
        }
    free(theta);
    free(want);
    free(got);
    nn_mat_free(G1);
    nn_mat_free(G2);
}

/* A small deterministic generator (an LCG), for the random networks. */
static double lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * 0x1.0p-53 * 2.0 - 1.0; /* uniform in [-1, 1) */
}

/* A random n_in-n_hidden-K network on m examples, weights scaled by w. */
static nnt_net random_net(int m, int n_in, int n_hidden, int K, double w, unsigned long long seed)
{
    nnt_net n;
    unsigned long long s = seed;
    n.X = nn_mat_new(m, n_in + 1);
    n.T1 = nn_mat_new(n_hidden, n_in + 1);
    n.T2 = nn_mat_new(K, n_hidden + 1);
    n.y = malloc((size_t)m * sizeof *n.y);
    ck_assert_msg(n.X && n.T1 && n.T2 && n.y, "out of memory");
    for (int i = 0; i < m; i++) {
        NN_AT(n.X, i, 0) = 1.0;
        for (int j = 1; j <= n_in; j++)
            NN_AT(n.X, i, j) = lcg(&s);
        n.y[i] = 1 + (int)((lcg(&s) + 1.0) * 0.5 * K) % K;
    }
    for (int i = 0; i < n_hidden; i++)
        for (int j = 0; j <= n_in; j++)
            NN_AT(n.T1, i, j) = w * lcg(&s);
    for (int i = 0; i < K; i++)
        for (int j = 0; j <= n_hidden; j++)
            NN_AT(n.T2, i, j) = w * lcg(&s);
    n.Y = nnt_one_hot(n.y, m, K);
    return n;
}

static const double LAMBDAS[] = {0.0, 1.0, 3.0};

/* ---- against the reference solutions ---------------------------------------- */

START_TEST(fixed_net_matches_reference)
{
    nnt_net n = nnt_fixed_net();
    for (int l = 0; l < 3; l++)
        compare_with_reference("grader's fixed net", &n, LAMBDAS[l]);
    nnt_net_free(&n);
}
END_TEST

START_TEST(debug_net_matches_reference)
{
    nnt_net n = nnt_debug_net();
    for (int l = 0; l < 3; l++)
        compare_with_reference("debug net", &n, LAMBDAS[l]);
    nnt_net_free(&n);
}
END_TEST

START_TEST(digits20_matches_reference)
{
    nnt_net n = nnt_digits20_net();
    for (int l = 0; l < 3; l++)
        compare_with_reference("ex4weights on digits20", &n, LAMBDAS[l]);
    nnt_net_free(&n);
}
END_TEST

/* nn_kernel_eval_rows: all rows in order is nn_kernel_eval; a mini-batch
 * (repeats allowed) is a kernel of just those rows with the penalty of all
 * m, λ/(2m); batches of other sizes one after another reuse the gathered
 * rows without leaving any behind. */
START_TEST(eval_rows_is_a_kernel_of_those_rows)
{
    enum { M = 300, N_IN = 20, H = 7, K = 4 };
    nn_mat *X = nn_mat_new(M, N_IN + 1);
    int y[M], rows[M], all[M];
    ck_assert(X != NULL);
    for (int i = 0; i < M; i++) {
        NN_AT(X, i, 0) = 1.0;
        for (int j = 1; j <= N_IN; j++)
            NN_AT(X, i, j) = sin(0.37 * i + 1.3 * j);
        y[i] = 1 + (i * 7) % K;
        all[i] = i;
    }
    int n = nn_param_count(N_IN, H, K);
    double theta[nn_param_count(N_IN, H, K)], g_rows[nn_param_count(N_IN, H, K)],
        g_want[nn_param_count(N_IN, H, K)];
    for (int p = 0; p < n; p++)
        theta[p] = 0.3 * cos(1.7 * p);
    nn_error err;
    nn_kernel *k = nn_kernel_new(X, y, K, H, &err);
    ck_assert_msg(k != NULL, "%s", err.msg);
    const double lambda = 1.5;

    /* the same to rounding: threads share a mini-batch's rows in vectors of
     * 8, a full pass's in blocks of 64, so their partial sums differ */
    double J_all = nn_kernel_eval_rows(k, theta, g_rows, lambda, all, M);
    double J_want = nn_kernel_eval(k, theta, g_want, lambda);
    EXPECT_CLOSE("all rows in order: J", J_all, J_want, 1e-13);
    EXPECT_ARRAY("all rows in order: grad", g_rows, g_want, n, 1, 1e-13, NULL);

    const int sizes[] = {50, 117, 9, 117};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int b = sizes[s];
        nn_mat *Xb = nn_mat_new(b, N_IN + 1);
        int yb[M];
        ck_assert(Xb != NULL);
        for (int r = 0; r < b; r++) {
            rows[r] = (r * 37 + (int)s) % M; /* scattered, with repeats for b > M/37 */
            if (r % 10 == 9)
                rows[r] = rows[r - 1];
            memcpy(&NN_AT(Xb, r, 0), &NN_AT(X, rows[r], 0), (size_t)(N_IN + 1) * sizeof(double));
            yb[r] = y[rows[r]];
        }
        nn_kernel *kb = nn_kernel_new(Xb, yb, K, H, &err);
        ck_assert_msg(kb != NULL, "%s", err.msg);
        J_want = nn_kernel_eval(kb, theta, g_want, lambda * b / M); /* its λ/(2b) is λ/(2M) */
        double J = nn_kernel_eval_rows(k, theta, g_rows, lambda, rows, b);
        char label[64];
        snprintf(label, sizeof label, "batch of %d: J", b);
        EXPECT_CLOSE(label, J, J_want, 1e-12);
        snprintf(label, sizeof label, "batch of %d: grad", b);
        EXPECT_ARRAY(label, g_rows, g_want, n, 1, 1e-12, NULL);
        nn_kernel_free(kb);
        nn_mat_free(Xb);
    }
    EXPECT_TRUE(isnan(nn_kernel_eval_rows(k, theta, NULL, lambda, rows, 0)), "a batch of 0 rows is not NaN");
    nn_kernel_free(k);
    nn_mat_free(X);
}
END_TEST

/* Shapes that do not fill the kernel's blocks (64 rows), tiles (5 rows, 5
 * hidden units, 32 columns) or vectors (8): m = 1, hidden = 1, K = 2, and
 * sizes one off the multiples; m = 1100 is large enough for 2 threads. */
START_TEST(odd_sizes_match_reference)
{
    static const int SHAPES[][4] = {/* m, n_in, n_hidden, K */
                                    {1, 1, 1, 2},     {1, 400, 25, 10}, {2, 3, 1, 2},
                                    {7, 7, 4, 3},     {63, 8, 6, 2},    {64, 31, 5, 10},
                                    {65, 32, 11, 4},  {129, 39, 9, 7},  {300, 100, 25, 10},
                                    {1100, 17, 3, 2}, {1100, 57, 26, 5}};
    for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
        const int *sh = SHAPES[s];
        nnt_net n = random_net(sh[0], sh[1], sh[2], sh[3], 1.0, 1000 + s);
        char what[96];
        snprintf(what, sizeof what, "random net m=%d n_in=%d hidden=%d K=%d", sh[0], sh[1], sh[2], sh[3]);
        for (int l = 0; l < 3; l++)
            compare_with_reference(what, &n, LAMBDAS[l]);
        nnt_net_free(&n);
    }
}
END_TEST

/* Weights so large that h is exactly 0 or 1 for many outputs: the cost must
 * take the reference's log(DBL_MIN) guard and stay finite, and z beyond the
 * kernel's exp clamp (±708) must give the same sigmoid. */
START_TEST(saturated_net_matches_reference)
{
    nnt_net n = random_net(70, 6, 4, 3, 400.0, 77);
    compare_with_reference("saturated net (weights ×400)", &n, 0.0);
    compare_with_reference("saturated net (weights ×400)", &n, 3.0);
    nnt_net_free(&n);
}
END_TEST

/* ---- against the Octave oracle ------------------------------------------------ */

static void golden_check(const nnt_net *n, double lambda, double J_want, const double *G1_want,
                         const double *G2_want, const char *what)
{
    int count;
    double *theta = theta_of(n, &count);
    double *got = malloc((size_t)count * sizeof *got);
    ck_assert_msg(got != NULL, "out of memory");
    int n1 = n->T1->rows * n->T1->cols;
    for (int portable = 0; portable <= 1; portable++) {
        nn_kernel *k = kernel_of(n, portable, 1);
        char label[128];
        snprintf(label, sizeof label, "%s, lambda=%g, %s: J", what, lambda,
                 portable ? "portable" : "default build");
        EXPECT_CLOSE(label, nn_kernel_eval(k, theta, got, lambda), J_want, TOL_REL);
        snprintf(label, sizeof label, "%s, lambda=%g: grad Theta1", what, lambda);
        EXPECT_ARRAY(label, got, G1_want, n->T1->rows, n->T1->cols, TOL_REL, NULL);
        snprintf(label, sizeof label, "%s, lambda=%g: grad Theta2", what, lambda);
        EXPECT_ARRAY(label, got + n1, G2_want, n->T2->rows, n->T2->cols, TOL_REL, NULL);
        nn_kernel_free(k);
    }
    free(theta);
    free(got);
}

START_TEST(fixed_net_goldens)
{
    nnt_net n = nnt_fixed_net();
    golden_check(&n, 0.0, FIX_COST_L0, FIX_G1_L0, FIX_G2_L0, "grader's fixed net");
    golden_check(&n, 1.5, FIX_COST_L15, FIX_G1_L15, FIX_G2_L15, "grader's fixed net");
    golden_check(&n, 3.0, FIX_COST_L3, FIX_G1_L3, FIX_G2_L3, "grader's fixed net");
    int count;
    double *theta = theta_of(&n, &count);
    nn_kernel *k = kernel_of(&n, false, 1);
    EXPECT_CLOSE("grader's fixed net, lambda=1: J", nn_kernel_eval(k, theta, NULL, 1.0), FIX_COST_L1, TOL_REL);
    EXPECT_CLOSE("grader's fixed net: accuracy", nn_kernel_accuracy(k, theta, NULL), FIX_ACCURACY, TOL_REL);
    nn_kernel_free(k);
    free(theta);
    nnt_net_free(&n);
}
END_TEST

START_TEST(debug_net_goldens)
{
    nnt_net n = nnt_debug_net();
    golden_check(&n, 0.0, DBG_COST_L0, DBG_G1_L0, DBG_G2_L0, "debug net");
    golden_check(&n, 3.0, DBG_COST_L3, DBG_G1_L3, DBG_G2_L3, "debug net");
    nnt_net_free(&n);
}
END_TEST

static double norm2(const double *a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    return sqrt(s);
}

START_TEST(digits20_goldens)
{
    nnt_net n = nnt_digits20_net();
    int count;
    double *theta = theta_of(&n, &count);
    double *got = malloc((size_t)count * sizeof *got);
    int *pred = malloc((size_t)n.X->rows * sizeof *pred);
    ck_assert_msg(got && pred, "out of memory");
    int n1 = n.T1->rows * n.T1->cols;
    const double J_want[] = {D20_COST_L0, D20_COST_L1, D20_COST_L3};
    const double norm_want[] = {D20_GRAD_NORM_L0, D20_GRAD_NORM_L1, D20_GRAD_NORM_L3};
    for (int threads = 1; threads <= 2; threads++)
        for (int portable = 0; portable <= 1; portable++) {
            nn_kernel *k = kernel_of(&n, portable, threads);
            for (int l = 0; l < 3; l++) {
                char label[128];
                snprintf(label, sizeof label, "digits20, lambda=%g, %d thread(s)%s: J", LAMBDAS[l],
                         threads, portable ? ", portable" : "");
                EXPECT_CLOSE(label, nn_kernel_eval(k, theta, got, LAMBDAS[l]), J_want[l], TOL_REL);
                snprintf(label, sizeof label, "digits20, lambda=%g: |grad|", LAMBDAS[l]);
                EXPECT_CLOSE(label, norm2(got, count), norm_want[l], TOL_REL);
                if (l == 0) {
                    nn_mat G1 = nn_mat_wrap(got, n.T1->rows, n.T1->cols);
                    nn_mat G2 = nn_mat_wrap(got + n1, n.T2->rows, n.T2->cols);
                    EXPECT_ENTRIES("digits20, lambda=0: grad Theta1", &G1, D20_G1_SAMPLES_L0, 0, TOL_REL, NULL);
                    EXPECT_ENTRIES("digits20, lambda=0: grad Theta2", &G2, D20_G2_SAMPLES_L0, 0, TOL_REL, NULL);
                }
            }
            EXPECT_CLOSE("digits20: accuracy", nn_kernel_accuracy(k, theta, pred), D20_ACCURACY, TOL_REL);
            int counts[10] = {0};
            for (int i = 0; i < n.X->rows; i++) {
                ck_assert_msg(pred[i] >= 1 && pred[i] <= 10, "pred[%d] = %d", i, pred[i]);
                counts[pred[i] - 1]++;
            }
            for (int c = 0; c < 10; c++)
                ck_assert_msg(counts[c] == D20_PRED_COUNTS[c],
                              "digits20: %d predictions of label %d, expected %d", counts[c], c + 1,
                              D20_PRED_COUNTS[c]);
            nn_kernel_free(k);
        }
    free(theta);
    free(got);
    free(pred);
    nnt_net_free(&n);
}
END_TEST

/* ---- the API --------------------------------------------------------------------- */

START_TEST(bad_label_is_an_error)
{
    nnt_net n = nnt_fixed_net();
    n.y[5] = FIX_K + 1;
    nn_error err;
    nn_kernel *k = nn_kernel_new(n.X, n.y, FIX_K, FIX_HID, &err);
    ck_assert_msg(k == NULL, "a label of %d with K = %d was accepted", FIX_K + 1, FIX_K);
    ck_assert_msg(strstr(err.msg, "y(6)") != NULL, "the message should name y(6), 1-based: %s", err.msg);
    nn_kernel_free(NULL);
    nnt_net_free(&n);
}
END_TEST

START_TEST(param_count_and_threads)
{
    nnt_net n = nnt_fixed_net();
    nn_kernel *k = kernel_of(&n, false, 1);
    /* docs/FACTS.md: the course's 400-25-10 net has 10,285 parameters; here 4·3 + 4·5 */
    ck_assert_int_eq(nn_kernel_param_count(k), 32);
    nn_error err;
    ck_assert_int_eq(nn_kernel_set_threads(k, 0, &err), 0);
    ck_assert_int_eq(nn_kernel_threads(k), 1);
    ck_assert_int_eq(nn_kernel_set_threads(k, 1000, &err), 0);
    ck_assert_int_eq(nn_kernel_threads(k), 64);
    nn_kernel_free(k);
    nnt_net_free(&n);
}
END_TEST

/* A kernel source that copies X, or (ctx NULL) fails. */
static int copy_source(nn_mat *X, void *ctx, nn_error *err)
{
    const nn_mat *from = ctx;
    if (!from)
        return nn_fail(err, "the source failed");
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++)
            NN_AT(X, i, j) = NN_AT(from, i, j);
    return 0;
}

/* nn_kernel_new_from, which nnwb train fills from the file: the same
 * numbers, bit for bit, as nn_kernel_new on the same X; a failing source
 * gives no kernel and its own message. */
START_TEST(kernel_from_a_source)
{
    nnt_net n = nnt_fixed_net();
    int count, K = n.T2->rows, H = n.T1->rows;
    double *theta = theta_of(&n, &count);
    double g_new[count], g_from[count];
    nn_error err = {""};
    nn_kernel *a = nn_kernel_new(n.X, n.y, K, H, &err);
    nn_kernel *b = nn_kernel_new_from(n.X->rows, n.X->cols, copy_source, n.X, n.y, K, H, &err);
    ck_assert_msg(a && b, "%s", err.msg);
    double Ja = nn_kernel_eval(a, theta, g_new, 1.0), Jb = nn_kernel_eval(b, theta, g_from, 1.0);
    EXPECT_TRUE(Ja == Jb && memcmp(g_new, g_from, sizeof g_new) == 0, "J %.17g and %.17g, or the gradients, differ",
                Ja, Jb);
    EXPECT_TRUE(nn_kernel_accuracy(a, theta, NULL) == nn_kernel_accuracy(b, theta, NULL), "accuracies differ");
    nn_kernel_free(a);
    nn_kernel_free(b);
    EXPECT_TRUE(nn_kernel_new_from(n.X->rows, n.X->cols, copy_source, NULL, n.y, K, H, &err) == NULL &&
                    !strcmp(err.msg, "the source failed"),
                "a failing source: \"%s\"", err.msg);
    free(theta);
    nnt_net_free(&n);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("kernel");
    nnt_add(s, "fixed net: kernel = reference (lambda 0, 1, 3)", fixed_net_matches_reference);
    nnt_add(s, "debug net: kernel = reference (lambda 0, 1, 3)", debug_net_matches_reference);
    if (nnt_have_digits20("digits20: kernel = reference (lambda 0, 1, 3)"))
        nnt_add(s, "digits20: kernel = reference (lambda 0, 1, 3)", digits20_matches_reference);
    nnt_add(s, "odd sizes: kernel = reference", odd_sizes_match_reference);
    nnt_add(s, "eval_rows: a mini-batch is a kernel of those rows, penalty over all m",
            eval_rows_is_a_kernel_of_those_rows);
    nnt_add(s, "saturated outputs: kernel = reference", saturated_net_matches_reference);
    nnt_add(s, "fixed net: kernel = Octave goldens", fixed_net_goldens);
    nnt_add(s, "debug net: kernel = Octave goldens", debug_net_goldens);
    if (nnt_have_digits20("digits20: kernel = Octave goldens, accuracy"))
        nnt_add(s, "digits20: kernel = Octave goldens, accuracy", digits20_goldens);
    nnt_add(s, "bad label is an error", bad_label_is_an_error);
    nnt_add(s, "param count and thread setting", param_count_and_threads);
    nnt_add(s, "a kernel filled by a source = one copied from X", kernel_from_a_source);
    return s;
}
