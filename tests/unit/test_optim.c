/* test_optim.c - unit checks of lib/nn_optim: the random generator, the
 * initial weights, the network objective on mini-batches, and the three
 * optimizers. The conjugate gradient's cost curves are compared with the
 * Octave oracle tests/oracle/fmincg_oracle.m through goldens_train.h
 * (`make goldens-train`). Linked with tests/check/harness.o (main()). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldens_train.h"
#include "harness.h"
#include "nn_objective.h"
#include "nn_optim.h"
#include "workbook.h"

const chapter_info CHAPTER = {0, "library: training (nn_optim)", 0};

/* The C and Octave conjugate gradients do the same arithmetic in a different
 * summation order (BLAS against Octave's), so their curves differ by rounding
 * that the iterations amplify a little. Relative, per iteration. */
#define TOL_CG_CURVE 1e-6
/* The end points, relative to each parameter (floor 1: after 30 iterations
 * the parameters are up to ~20 in size, and the small ones carry the same
 * absolute rounding as the large). */
#define TOL_CG_THETA 1e-5

/* ---- the generator ------------------------------------------------------- */

/* Expected outputs from a separate Python transcription of the authors'
 * reference splitmix64 and xoshiro256** 1.0 code (Python's unbounded ints
 * masked to 64 bits). splitmix64's first output from 0, 0xe220a8397b1dcdaf,
 * is the value its authors publish; it gives s[0] of the seed-0 state. */
START_TEST(rng_known_values)
{
    static const uint64_t want0[] = {0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL,
                                     0x1a5f849d4933e6e0ULL, 0x6aa594f1262d2d2cULL};
    static const uint64_t want42[] = {0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL,
                                      0xae17533239e499a1ULL, 0xecb8ad4703b360a1ULL};
    nn_rng r;
    nn_rng_seed(&r, 0);
    EXPECT_TRUE(r.s[0] == 0xe220a8397b1dcdafULL, "seed 0: s[0] = %016llx, expected e220a8397b1dcdaf",
                (unsigned long long)r.s[0]);
    for (int i = 0; i < 4; i++) {
        uint64_t got = nn_rng_next(&r);
        EXPECT_TRUE(got == want0[i], "seed 0, output %d: %016llx, expected %016llx", i,
                    (unsigned long long)got, (unsigned long long)want0[i]);
    }
    nn_rng_seed(&r, 42);
    for (int i = 0; i < 4; i++) {
        uint64_t got = nn_rng_next(&r);
        EXPECT_TRUE(got == want42[i], "seed 42, output %d: %016llx, expected %016llx", i,
                    (unsigned long long)got, (unsigned long long)want42[i]);
    }
}
END_TEST

START_TEST(rng_uniform_below_shuffle)
{
    nn_rng r;
    nn_rng_seed(&r, 7);
    double sum = 0.0;
    enum { N = 100000 };
    for (int i = 0; i < N; i++) {
        double u = nn_rng_uniform(&r);
        EXPECT_TRUE(u >= 0.0 && u < 1.0, "uniform %d = %.17g, outside [0, 1)", i, u);
        sum += u;
    }
    /* mean of N uniforms: 0.5 with standard deviation 1/sqrt(12 N) = 0.0009 */
    EXPECT_TRUE(fabs(sum / N - 0.5) < 0.005, "mean of %d uniforms %.6f, expected 0.5", N, sum / N);
    int count[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint64_t k = nn_rng_below(&r, 7);
        EXPECT_TRUE(k < 7, "nn_rng_below(7) gave %llu", (unsigned long long)k);
        count[k]++;
    }
    for (int k = 0; k < 7; k++) /* 10000 each, sd 93 */
        EXPECT_TRUE(abs(count[k] - 10000) < 600, "value %d came %d times of 70000, expected ~10000",
                    k, count[k]);
    int a[50], seen[50] = {0};
    for (int i = 0; i < 50; i++)
        a[i] = i;
    nn_rng_shuffle(&r, a, 50);
    int moved = 0;
    for (int i = 0; i < 50; i++) {
        EXPECT_TRUE(a[i] >= 0 && a[i] < 50 && !seen[a[i]], "shuffle is not a permutation at %d", i);
        seen[a[i]] = 1;
        moved += a[i] != i;
    }
    EXPECT_TRUE(moved > 25, "shuffle moved only %d of 50", moved);
}
END_TEST

/* ---- initial weights ----------------------------------------------------- */

/* The course's ε = √6/√(fan_in + fan_out), from its formula. */
static double init_epsilon(int fan_in, int fan_out)
{
    return sqrt(6.0) / sqrt((double)fan_in + (double)fan_out);
}

/* θ of an n_in-nh-k network from the reference nn_rand_init (chapter 8). */
static void init_weights(double *theta, int n_in, int nh, int k, nn_rng *r)
{
    nn_mat T1 = nn_mat_wrap(theta, nh, n_in + 1), T2 = nn_mat_wrap(theta + nh * (n_in + 1), k, nh + 1);
    nn_rand_init(&T1, &T2, r);
}

START_TEST(init_epsilon_and_range)
{
    /* docs/FACTS.md, "Published values": the course's start is uniform in
     * [-0.12, 0.12] for 400→25; √6/√425 = 0.11882 (the course rounds it up). */
    EXPECT_CLOSE("epsilon(400, 25)", init_epsilon(400, 25), sqrt(6.0) / sqrt(425.0), 1e-15);
    EXPECT_TRUE(fabs(init_epsilon(400, 25) - 0.12) < 0.0015, "epsilon(400, 25) = %g, not about 0.12",
                init_epsilon(400, 25));
    enum { NIN = 400, NH = 25, K = 10, N1 = NH * (NIN + 1), N = N1 + K * (NH + 1) };
    static double t[N];
    nn_rng r;
    nn_rng_seed(&r, 1);
    init_weights(t, NIN, NH, K, &r);
    double e1 = init_epsilon(NIN, NH), e2 = init_epsilon(NH, K), lo = 0, hi = 0, sum = 0;
    for (int i = 0; i < N; i++) {
        double e = i < N1 ? e1 : e2;
        EXPECT_TRUE(fabs(t[i]) <= e, "theta[%d] = %g outside [-%g, %g]", i, t[i], e, e);
        if (i < N1) {
            lo = fmin(lo, t[i]);
            hi = fmax(hi, t[i]);
            sum += t[i];
        }
    }
    /* 10025 draws fill the range: the extremes are within 0.1% of ±ε */
    EXPECT_TRUE(lo < -0.99 * e1 && hi > 0.99 * e1, "Theta1 spans [%g, %g], expected about ±%g", lo,
                hi, e1);
    EXPECT_TRUE(fabs(sum / N1) < 0.005, "Theta1 mean %g, expected about 0", sum / N1);
    double e_out = 0;
    for (int i = N1; i < N; i++)
        e_out = fmax(e_out, fabs(t[i]));
    EXPECT_TRUE(e_out > 0.9 * e2, "Theta2 reaches only %g of ±%g", e_out, e2);
}
END_TEST

START_TEST(init_same_seed_same_bits)
{
    enum { N = 25 * 401 + 10 * 26 };
    static double a[N], b[N], c[N];
    nn_rng r;
    nn_rng_seed(&r, 12345);
    init_weights(a, 400, 25, 10, &r);
    nn_rng_seed(&r, 12345);
    init_weights(b, 400, 25, 10, &r);
    nn_rng_seed(&r, 12346);
    init_weights(c, 400, 25, 10, &r);
    EXPECT_TRUE(memcmp(a, b, sizeof a) == 0, "the same seed gave different weights");
    EXPECT_TRUE(memcmp(a, c, sizeof a) != 0, "seeds 12345 and 12346 gave the same weights");
}
END_TEST

/* ---- the network objective ------------------------------------------------ */

static nn_net_objective *fixed_objective(double lambda)
{
    nnt_net net = nnt_fixed_net();
    nn_error err;
    nn_net_objective *o = nn_net_objective_new(net.X, net.y, FIX_K, FIX_HID, lambda, &err);
    nnt_net_free(&net);
    ck_assert_msg(o != NULL, "nn_net_objective_new: %s", err.msg);
    return o;
}

START_TEST(objective_full_matches_oracle)
{
    nn_net_objective *o = fixed_objective(1.5);
    EXPECT_TRUE(nn_net_objective_param_count(o) == (int)GOLD_COUNT(FIX_THETA), "%d parameters",
                nn_net_objective_param_count(o));
    EXPECT_TRUE(nn_net_objective_examples(o) == FIX_M, "%d examples", nn_net_objective_examples(o));
    double g[GOLD_COUNT(FIX_THETA)];
    EXPECT_CLOSE("J(FIX, λ=1.5)", nn_net_objective_eval(FIX_THETA, g, o), FIX_COST_L15, TOL_REL);
    EXPECT_CLOSE("J(FIX, λ=1.5), all rows", nn_net_objective_rows(FIX_THETA, NULL, NULL, FIX_M, o),
                 FIX_COST_L15, TOL_REL);
    nn_net_objective_free(o);
}
END_TEST

/* A partition of the rows into batches: Σ (n_b/m)·J_b = J and Σ (n_b/m)·∇J_b = ∇J,
 * because each batch carries the full penalty λ/(2m)·R. */
START_TEST(objective_batches_add_up)
{
    enum { N = GOLD_COUNT(FIX_THETA) };
    nn_net_objective *o = fixed_objective(1.5);
    static const int rows[FIX_M] = {5, 0, 12, 3, 9, 15, 1, 7, 14, 2, 10, 4, 8, 13, 6, 11};
    static const int sizes[] = {5, 5, 5, 1};
    double J = 0.0, g[N] = {0}, gb[N], gfull[N];
    int start = 0;
    for (size_t b = 0; b < sizeof sizes / sizeof sizes[0]; b++) {
        double w = (double)sizes[b] / FIX_M;
        J += w * nn_net_objective_rows(FIX_THETA, gb, rows + start, sizes[b], o);
        for (int i = 0; i < N; i++)
            g[i] += w * gb[i];
        start += sizes[b];
    }
    EXPECT_CLOSE("weighted sum of batch costs", J, FIX_COST_L15, TOL_REL);
    nn_net_objective_eval(FIX_THETA, gfull, o);
    /* the full gradient is checked against Octave by the kernel's own tests;
     * here the batches must add up to it */
    EXPECT_ARRAY("weighted sum of batch gradients", g, gfull, 1, N, TOL_REL, NULL);
    double g1[N];
    nn_net_objective_rows(FIX_THETA, g1, rows, FIX_M, o); /* one batch of all rows */
    EXPECT_ARRAY("one batch of all rows", g1, gfull, 1, N, TOL_REL, NULL);
    nn_net_objective_free(o);
}
END_TEST

/* ---- conjugate gradient against Octave ------------------------------------ */

typedef struct {
    const char *name;
    nnt_net (*net)(void);
    int n_in, n_hidden, K;
    double lambda;
    int max_iter, iters, evals;
    double cost0;
    const double *costs, *theta;
} cg_case;

static const cg_case CG_CASES[] = {
    {"debug net, λ=0", nnt_debug_net, DBG_IN, DBG_HID, DBG_K, 0.0, CG_DBG_L0_MAXITER,
     CG_DBG_L0_ITERS, CG_DBG_L0_EVALS, CG_DBG_L0_COST0, CG_DBG_L0_COSTS, CG_DBG_L0_THETA},
    {"debug net, λ=3, to convergence", nnt_debug_net, DBG_IN, DBG_HID, DBG_K, 3.0,
     CG_DBG_L3_MAXITER, CG_DBG_L3_ITERS, CG_DBG_L3_EVALS, CG_DBG_L3_COST0, CG_DBG_L3_COSTS,
     CG_DBG_L3_THETA},
    {"grader net, λ=0", nnt_fixed_net, FIX_IN, FIX_HID, FIX_K, 0.0, CG_FIX_L0_MAXITER,
     CG_FIX_L0_ITERS, CG_FIX_L0_EVALS, CG_FIX_L0_COST0, CG_FIX_L0_COSTS, CG_FIX_L0_THETA},
    {"grader net, λ=1.5", nnt_fixed_net, FIX_IN, FIX_HID, FIX_K, 1.5, CG_FIX_L15_MAXITER,
     CG_FIX_L15_ITERS, CG_FIX_L15_EVALS, CG_FIX_L15_COST0, CG_FIX_L15_COSTS, CG_FIX_L15_THETA},
};
enum { N_CG_CASES = sizeof CG_CASES / sizeof CG_CASES[0] };

/* Serialize a net's weights the tutorial's way (row-major T1 then T2) by
 * hand, so this test does not rely on the chapter 3 code. */
static void row_major_theta(double *t, const nnt_net *net)
{
    size_t k = 0;
    for (int i = 0; i < net->T1->rows; i++)
        for (int j = 0; j < net->T1->cols; j++)
            t[k++] = NN_AT(net->T1, i, j);
    for (int i = 0; i < net->T2->rows; i++)
        for (int j = 0; j < net->T2->cols; j++)
            t[k++] = NN_AT(net->T2, i, j);
}

START_TEST(cg_matches_octave)
{
    const cg_case *c = &CG_CASES[_i];
    nnt_net net = c->net();
    nn_error err;
    nn_net_objective *o = nn_net_objective_new(net.X, net.y, c->K, c->n_hidden, c->lambda, &err);
    ck_assert_msg(o != NULL, "%s", err.msg);
    int n = nn_net_objective_param_count(o);
    double *theta = malloc((size_t)n * sizeof *theta);
    double *costs = calloc((size_t)c->max_iter, sizeof *costs);
    ck_assert(theta && costs);
    row_major_theta(theta, &net);
    EXPECT_CLOSE("cost at the start", nn_net_objective_eval(theta, NULL, o), c->cost0, TOL_REL);

    nn_optim_options opt = {c->max_iter, NULL, NULL};
    nn_optim_result res;
    ck_assert_msg(nn_fmincg(theta, costs, &res, nn_net_objective_eval, o, n, &opt, &err) == 0, "%s",
                  err.msg);
    int common = res.iterations < c->iters ? res.iterations : c->iters;
    double worst = 0.0;
    for (int i = 0; i < common; i++)
        worst = fmax(worst, fabs(costs[i] - c->costs[i]) / fabs(c->costs[i]));
    printf("  %s: %d iterations, %ld evaluations (Octave %d, %d); largest relative difference "
           "of the curves %.2g\n", c->name, res.iterations, res.evaluations, c->iters, c->evals,
           worst);
    if (c->iters == c->max_iter) {
        /* a fixed number of iterations: the same path, step by step */
        EXPECT_TRUE(res.iterations == c->iters, "%s: %d iterations, Octave made %d", c->name,
                    res.iterations, c->iters);
        EXPECT_TRUE(res.evaluations == c->evals, "%s: %ld evaluations, Octave made %d", c->name,
                    res.evaluations, c->evals);
        EXPECT_TRUE(res.reason == NN_STOP_MAX_ITER, "%s: stop reason %d", c->name, (int)res.reason);
        EXPECT_ARRAY_FLOOR("theta at the end", theta, c->theta, 1, n, TOL_CG_THETA, 1.0, NULL);
    } else {
        /* run to convergence: the last iterations change the cost by ~1e-16,
         * so when two line searches fail in a row is decided by rounding (the
         * count moves with the compiler's flags, e.g. 24 at -O2, 37 at -O1,
         * 25 in Octave); the curve up to there and the end cost do not */
        EXPECT_TRUE(res.reason == NN_STOP_LINE_SEARCH, "%s: stop reason %d", c->name,
                    (int)res.reason);
        EXPECT_CLOSE("cost at the end", res.cost, c->costs[c->iters - 1], TOL_CG_CURVE);
    }
    EXPECT_ARRAY("cost curve", costs, c->costs, 1, common, TOL_CG_CURVE,
                 "the cost after each iteration, against tests/oracle/fmincg_oracle.m");
    free(theta);
    free(costs);
    nn_net_objective_free(o);
    nnt_net_free(&net);
}
END_TEST

/* ---- the real size: digits20 against Octave -------------------------------- */

#if GOLD_HAVE_D20_TRAIN
/* 30 iterations on 5000×400 data, 10285 parameters: the C and Octave sums
 * differ more than on the small nets. Measured: 1e-10 over these 30
 * iterations; from a random start 1.7e-6 by iteration 50. */
#define TOL_CG_D20 1e-6

START_TEST(cg_digits20_matches_octave)
{
    nn_mat *X, *Y;
    int *y;
    nnt_load_course_data(nnt_data_path("digits20.mat"), 10, &X, &y, &Y);
    nn_error err;
    nn_net_objective *o = nn_net_objective_new(X, y, 10, 25, 1.0, &err);
    ck_assert_msg(o != NULL, "%s", err.msg);
    int n = nn_net_objective_param_count(o), n1 = 25 * 401;
    double *theta = malloc((size_t)n * sizeof *theta), costs[CG_D20_L1_MAXITER];
    ck_assert(theta != NULL);
    for (int k = 0; k < n; k++) /* the oracle's start: eps_layer * sin(k), k 1-based */
        theta[k] = (k < n1 ? init_epsilon(400, 25) : init_epsilon(25, 10)) * sin(k + 1.0);
    EXPECT_CLOSE("cost at the start", nn_net_objective_eval(theta, NULL, o), CG_D20_L1_COST0, TOL_REL);
    nn_optim_options opt = {CG_D20_L1_MAXITER, NULL, NULL};
    nn_optim_result res;
    ck_assert(nn_fmincg(theta, costs, &res, nn_net_objective_eval, o, n, &opt, &err) == 0);
    double worst = 0.0;
    for (int i = 0; i < res.iterations && i < CG_D20_L1_ITERS; i++)
        worst = fmax(worst, fabs(costs[i] - CG_D20_L1_COSTS[i]) / CG_D20_L1_COSTS[i]);
    printf("  digits20: %d iterations, %ld evaluations (Octave %d, %d); largest relative "
           "difference of the curves %.2g\n", res.iterations, res.evaluations, CG_D20_L1_ITERS,
           CG_D20_L1_EVALS, worst);
    EXPECT_TRUE(res.iterations == CG_D20_L1_ITERS && res.evaluations == CG_D20_L1_EVALS,
                "%d iterations and %ld evaluations, Octave %d and %d", res.iterations,
                res.evaluations, CG_D20_L1_ITERS, CG_D20_L1_EVALS);
    EXPECT_ARRAY("digits20 cost curve", costs, CG_D20_L1_COSTS, 1, CG_D20_L1_ITERS, TOL_CG_D20,
                 "against tests/oracle/fmincg_oracle.m on digits20");
    /* accuracy: within one example of 5000 (a near-tie may round either way) */
    EXPECT_CLOSE("training accuracy", nn_net_objective_accuracy(o, theta, NULL), CG_D20_L1_ACCURACY,
                 1.0 / 5000 / CG_D20_L1_ACCURACY);
    free(theta);
    free(y);
    nn_mat_free(X);
    nn_mat_free(Y);
    nn_net_objective_free(o);
}
END_TEST
#endif

/* ---- a bigger problem: random start, synthetic data ------------------------ */

enum { SYN_M = 200, SYN_IN = 20, SYN_HID = 10, SYN_K = 4 };

/* Data that a network can learn: class = 1 + (index of the largest of the
 * first four inputs), inputs sin-based and deterministic. */
static nn_net_objective *synthetic_objective(double lambda)
{
    nn_mat *X = nn_mat_new(SYN_M, SYN_IN + 1);
    int y[SYN_M];
    ck_assert(X != NULL);
    for (int i = 0; i < SYN_M; i++) {
        NN_AT(X, i, 0) = 1.0;
        int best = 0;
        for (int j = 0; j < SYN_IN; j++) {
            NN_AT(X, i, j + 1) = sin(1.0 + i * 0.7 + j * 1.3 + i * j * 0.01);
            if (j < SYN_K && NN_AT(X, i, j + 1) > NN_AT(X, i, best + 1))
                best = j;
        }
        y[i] = best + 1;
    }
    nn_error err;
    nn_net_objective *o = nn_net_objective_new(X, y, SYN_K, SYN_HID, lambda, &err);
    nn_mat_free(X);
    ck_assert_msg(o != NULL, "%s", err.msg);
    return o;
}

static double *random_start(int n, uint64_t seed)
{
    double *t = malloc((size_t)n * sizeof *t);
    ck_assert(t != NULL);
    nn_rng r;
    nn_rng_seed(&r, seed);
    init_weights(t, SYN_IN, SYN_HID, SYN_K, &r);
    return t;
}

static void expect_non_increasing(const char *what, double start, const double *c, int n)
{
    double prev = start;
    for (int i = 0; i < n; i++) {
        EXPECT_TRUE(c[i] <= prev, "%s: cost rose at iteration %d: %.17g after %.17g", what, i + 1,
                    c[i], prev);
        prev = c[i];
    }
}

START_TEST(cg_never_increases)
{
    for (int k = 0; k < N_CG_CASES; k++)
        expect_non_increasing(CG_CASES[k].name, CG_CASES[k].cost0, CG_CASES[k].costs,
                              CG_CASES[k].iters);
    nn_net_objective *o = synthetic_objective(1.0);
    int n = nn_net_objective_param_count(o);
    double *t = random_start(n, 3), costs[100];
    double J0 = nn_net_objective_eval(t, NULL, o);
    nn_optim_options opt = {100, NULL, NULL};
    nn_optim_result res;
    nn_error err;
    ck_assert_msg(nn_fmincg(t, costs, &res, nn_net_objective_eval, o, n, &opt, &err) == 0, "%s",
                  err.msg);
    expect_non_increasing("synthetic, 100 iterations", J0, costs, res.iterations);
    EXPECT_TRUE(res.iterations >= 50, "only %d iterations", res.iterations);
    double acc = nn_net_objective_accuracy(o, t, NULL);
    printf("  synthetic: J %.4f -> %.4f in %d iterations, accuracy %.3f\n", J0, res.cost,
           res.iterations, acc);
    EXPECT_TRUE(res.cost < 0.5 * J0, "cost %g, not below half of %g", res.cost, J0);
    free(t);
    nn_net_objective_free(o);
}
END_TEST

/* The callback sees iterations 1, 2, ... and stops the run when it returns 1. */
typedef struct {
    int calls, stop_at, last_iter;
    double last_cost;
} stop_ctx;

static int stop_cb(int iter, double cost, const double *theta, void *ctx)
{
    (void)theta;
    stop_ctx *s = ctx;
    s->calls++;
    ck_assert_int_eq(iter, s->calls);
    s->last_iter = iter;
    s->last_cost = cost;
    return iter >= s->stop_at;
}

START_TEST(callback_stops_each_optimizer)
{
    nn_net_objective *o = synthetic_objective(1.0);
    int n = nn_net_objective_param_count(o);
    nn_optim_result res;
    nn_error err;
    double costs[50];
    for (int which = 0; which < 3; which++) {
        stop_ctx s = {0, 4, 0, 0};
        nn_optim_options opt = {50, stop_cb, &s};
        double *t = random_start(n, 5);
        int rc;
        if (which == 0)
            rc = nn_fmincg(t, costs, &res, nn_net_objective_eval, o, n, &opt, &err);
        else if (which == 1)
            rc = nn_gd(t, costs, &res, nn_net_objective_eval, o, n, 1.0, &opt, &err);
        else {
            nn_adam_options a = {0.01, 0.9, 0.999, 1e-8, 32, 1, false};
            rc = nn_adam(t, costs, &res, nn_net_objective_rows, o, n, SYN_M, &a, &opt, &err);
        }
        ck_assert_msg(rc == 0, "%s", err.msg);
        EXPECT_TRUE(res.iterations == 4 && s.calls == 4 && res.reason == NN_STOP_CALLBACK,
                    "optimizer %d: %d iterations, %d calls, reason %d", which, res.iterations,
                    s.calls, (int)res.reason);
        EXPECT_CLOSE("cost given to the callback", s.last_cost, costs[3], 0);
        EXPECT_CLOSE("cost of the returned theta", nn_net_objective_eval(t, NULL, o), res.cost,
                     TOL_REL);
        free(t);
    }
    nn_net_objective_free(o);
}
END_TEST

/* ---- gradient descent and Adam --------------------------------------------- */

START_TEST(gd_decreases_fixed_net)
{
    nn_net_objective *o = fixed_objective(0.0);
    enum { N = GOLD_COUNT(FIX_THETA), ITERS = 200 };
    double t[N], costs[ITERS];
    memcpy(t, FIX_THETA, sizeof t);
    nn_optim_options opt = {ITERS, NULL, NULL};
    nn_optim_result res;
    nn_error err;
    ck_assert_msg(nn_gd(t, costs, &res, nn_net_objective_eval, o, N, 0.5, &opt, &err) == 0, "%s",
                  err.msg);
    printf("  GD on the grader net: %.6f -> %.6f (CG reaches %.6f)\n", FIX_COST_L0, res.cost,
           CG_FIX_L0_COSTS[CG_FIX_L0_ITERS - 1]);
    EXPECT_TRUE(res.iterations == ITERS, "%d iterations", res.iterations);
    /* with a small enough step, every gradient step lowers the cost */
    expect_non_increasing("GD, lr 0.5", FIX_COST_L0, costs, ITERS);
    EXPECT_TRUE(res.cost < FIX_COST_L0 - 0.5, "GD cost %g, not well below the start %g", res.cost,
                FIX_COST_L0);
    EXPECT_TRUE(nn_gd(t, costs, &res, nn_net_objective_eval, o, N, 0.0, &opt, &err) == -1,
                "GD accepted a learning rate of 0");
    nn_net_objective_free(o);
}
END_TEST

START_TEST(adam_decreases_fixed_net_and_repeats)
{
    nn_net_objective *o = fixed_objective(0.0);
    enum { N = GOLD_COUNT(FIX_THETA), EPOCHS = 100 };
    double a[N], b[N], ca[EPOCHS], cb[EPOCHS];
    memcpy(a, FIX_THETA, sizeof a);
    memcpy(b, FIX_THETA, sizeof b);
    nn_adam_options adam = {0.02, 0.9, 0.999, 1e-8, 4, 99, false};
    nn_optim_options opt = {EPOCHS, NULL, NULL};
    nn_optim_result res;
    nn_error err;
    ck_assert_msg(nn_adam(a, ca, &res, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0,
                  "%s", err.msg);
    printf("  Adam on the grader net: %.6f -> %.6f\n", FIX_COST_L0, res.cost);
    EXPECT_TRUE(res.iterations == EPOCHS && res.evaluations == EPOCHS * FIX_M / 4,
                "%d epochs, %ld batches", res.iterations, res.evaluations);
    EXPECT_TRUE(res.cost < FIX_COST_L0 - 0.5, "Adam cost %g, not well below the start %g", res.cost,
                FIX_COST_L0);
    ck_assert(nn_adam(b, cb, &res, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0);
    EXPECT_TRUE(memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, sizeof ca) == 0,
                "two Adam runs with seed 99 differ");
    memcpy(b, FIX_THETA, sizeof b);
    adam.seed = 100;
    ck_assert(nn_adam(b, cb, &res, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0);
    EXPECT_TRUE(memcmp(a, b, sizeof a) != 0, "Adam with seeds 99 and 100 gave the same weights");
    adam.batch = 0;
    EXPECT_TRUE(nn_adam(b, cb, &res, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == -1,
                "Adam accepted a batch of 0");
    nn_net_objective_free(o);
}
END_TEST

/* Epoch ends, for adam_final_cost_only: stops after epoch stop_at. */
typedef struct {
    int calls, stop_at;
    double costs[8];
} epochs_seen;

static int see_epoch(int epoch, double cost, const double *theta, void *ctx)
{
    (void)theta;
    epochs_seen *e = ctx;
    e->costs[e->calls++] = cost;
    return epoch == e->stop_at;
}

/* final_cost_only: the same steps and weights, bit for bit; the cost only
 * after the last epoch, or where progress stopped the run. */
START_TEST(adam_final_cost_only)
{
    nn_net_objective *o = fixed_objective(1.0);
    enum { N = GOLD_COUNT(FIX_THETA), EPOCHS = 5 };
    double a[N], b[N], ca[EPOCHS], cb[EPOCHS];
    memcpy(a, FIX_THETA, sizeof a);
    memcpy(b, FIX_THETA, sizeof b);
    nn_adam_options adam = {0.02, 0.9, 0.999, 1e-8, 4, 7, false};
    epochs_seen seen = {0, 0, {0}};
    nn_optim_options opt = {EPOCHS, see_epoch, &seen};
    nn_optim_result ra, rb;
    nn_error err;
    ck_assert(nn_adam(a, ca, &ra, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0);
    adam.final_cost_only = true;
    seen.calls = 0;
    ck_assert(nn_adam(b, cb, &rb, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0);
    EXPECT_TRUE(memcmp(a, b, sizeof a) == 0 && ra.cost == rb.cost && rb.cost == ca[EPOCHS - 1],
                "final_cost_only changed the run: cost %.17g, %.17g", ra.cost, rb.cost);
    EXPECT_TRUE(seen.calls == EPOCHS && isnan(seen.costs[0]) && isnan(cb[EPOCHS - 2]) &&
                    cb[EPOCHS - 1] == ca[EPOCHS - 1] && seen.costs[EPOCHS - 1] == ca[EPOCHS - 1],
                "progress and costs[] should see NaN but after the last epoch");
    memcpy(b, FIX_THETA, sizeof b);
    seen = (epochs_seen){0, 2, {0}};
    ck_assert(nn_adam(b, cb, &rb, nn_net_objective_rows, o, N, FIX_M, &adam, &opt, &err) == 0);
    EXPECT_TRUE(rb.reason == NN_STOP_CALLBACK && rb.iterations == 2 && rb.cost == ca[1],
                "stopped after epoch 2: cost %.17g, expected the full run's %.17g", rb.cost, ca[1]);
    nn_net_objective_free(o);
}
END_TEST

/* Same seed, same start, same optimizer: bit-identical weights and curve. */
START_TEST(same_seed_same_training)
{
    nn_net_objective *o = synthetic_objective(1.0);
    int n = nn_net_objective_param_count(o);
    double *a = random_start(n, 2024), *b = random_start(n, 2024), ca[30], cb[30];
    EXPECT_TRUE(memcmp(a, b, (size_t)n * sizeof *a) == 0, "starts differ");
    nn_optim_options opt = {30, NULL, NULL};
    nn_optim_result res;
    nn_error err;
    ck_assert(nn_fmincg(a, ca, &res, nn_net_objective_eval, o, n, &opt, &err) == 0);
    ck_assert(nn_fmincg(b, cb, &res, nn_net_objective_eval, o, n, &opt, &err) == 0);
    EXPECT_TRUE(memcmp(a, b, (size_t)n * sizeof *a) == 0, "CG from the same seed: weights differ");
    EXPECT_TRUE(memcmp(ca, cb, (size_t)res.iterations * sizeof *ca) == 0,
                "CG from the same seed: cost curves differ");
    free(a);
    free(b);
    nn_net_objective_free(o);
}
END_TEST

START_TEST(bad_settings)
{
    nn_net_objective *o = fixed_objective(0.0);
    double t[GOLD_COUNT(FIX_THETA)];
    memcpy(t, FIX_THETA, sizeof t);
    nn_optim_options opt = {0, NULL, NULL};
    nn_optim_result res;
    nn_error err;
    EXPECT_TRUE(nn_fmincg(t, NULL, &res, nn_net_objective_eval, o, (int)GOLD_COUNT(t), &opt, &err)
                    == -1, "fmincg accepted 0 iterations");
    EXPECT_TRUE(memcmp(t, FIX_THETA, sizeof t) == 0, "a refused run changed theta");
    nn_net_objective_free(o);
    int y[2] = {1, 3};
    nn_mat *X = nn_mat_new(2, 3);
    EXPECT_TRUE(nn_net_objective_new(X, y, 2, 4, 0.0, &err) == NULL,
                "label 3 of 2 classes accepted");
    nn_mat_free(X);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("optim");
    nnt_add(s, "rng: splitmix64 and xoshiro256** reference values", rng_known_values);
    nnt_add(s, "rng: uniform, below, shuffle", rng_uniform_below_shuffle);
    nnt_add(s, "init: epsilon and range", init_epsilon_and_range);
    nnt_add(s, "init: same seed, bit-identical weights", init_same_seed_same_bits);
    nnt_add(s, "objective: full cost matches Octave", objective_full_matches_oracle);
    nnt_add(s, "objective: mini-batches add up to the full cost and gradient",
            objective_batches_add_up);
    TCase *tc = tcase_create("fmincg: cost curve matches Octave's");
    tcase_add_loop_test(tc, cg_matches_octave, 0, N_CG_CASES);
    suite_add_tcase(s, tc);
#if GOLD_HAVE_D20_TRAIN
    if (nnt_data_path("digits20.mat"))
        nnt_add(s, "fmincg on digits20 (30 iterations) matches Octave", cg_digits20_matches_octave);
    else
        nnt_skip("fmincg on digits20 (30 iterations) matches Octave", "digits20.mat");
#endif
    nnt_add(s, "fmincg: the cost curve never increases", cg_never_increases);
    nnt_add(s, "callback stops fmincg, GD and Adam", callback_stops_each_optimizer);
    nnt_add(s, "GD decreases the cost on the grader net", gd_decreases_fixed_net);
    nnt_add(s, "Adam decreases the cost, same seed same run", adam_decreases_fixed_net_and_repeats);
    nnt_add(s, "Adam: the cost after the last epoch only, the same run", adam_final_cost_only);
    nnt_add(s, "same seed, bit-identical CG training", same_seed_same_training);
    nnt_add(s, "bad settings are refused", bad_settings);
    return s;
}
