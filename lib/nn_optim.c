/* nn_optim.c - three optimizers over any objective (nn_optim.h).
 *
 * The conjugate gradient is written from the description of Rasmussen's
 * fmincg/minimize (see the comment above nn_fmincg); its Octave twin, written
 * separately, is tests/oracle/fmincg_oracle.m, and tests/unit/test_optim.c
 * compares the two cost curves.
 */
#include "nn_optim.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>


/* ---- small vector helpers ------------------------------------------------ */

static double dot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* x += alpha * s */
static void axpy(double *x, double alpha, const double *s, int n)
{
    for (int i = 0; i < n; i++)
        x[i] += alpha * s[i];
}

static void swap_ptr(double **a, double **b)
{
    double *t = *a;
    *a = *b;
    *b = t;
}

static int check_common(const nn_optim_result *res, int n, const nn_optim_options *opt,
                        nn_error *err)
{
    if (!res || !opt)
        return nn_fail(err, "no result or options given");
    if (n < 1)
        return nn_fail(err, "%d parameters, expected at least 1", n);
    if (opt->max_iter < 1)
        return nn_fail(err, "%d iterations, expected at least 1", opt->max_iter);
    return 0;
}

/* Tell the callback about iteration iter; true if it asks to stop. */
static bool report(const nn_optim_options *opt, int iter, double cost, const double *theta)
{
    return opt->progress && opt->progress(iter, cost, theta, opt->progress_ctx) != 0;
}

/* ---- fmincg -------------------------------------------------------------
 *
 * Rasmussen's conjugate gradient, as the course's fmincg runs it.
 *
 * Directions. Start downhill, s = -∇f. After each successful line search,
 * the Polak-Ribière update s ← β·s - g_new with
 * β = (g_new·g_new - g_old·g_new)/(g_old·g_old); if s then points uphill
 * (g_new·s > 0) take s = -g_new instead.
 *
 * Line search along s. Positions are step lengths z from the iteration's
 * start x0, where the cost is f1 and the slope is d1 = ∇f(x0)·s < 0. The
 * current trial point is at z1 (cost f2, slope d2); a second point lies z3
 * away from it (at the start, z3 = -z1: the start itself, f3 = f1, d3 = d1).
 * A point is good enough when both Wolfe-Powell conditions hold:
 *   sufficient decrease  f2 <= f1 + RHO·z1·d1
 *   curvature            |d2| <= -SIG·d1
 * Each round:
 *   1. Interpolate while the point is too far (f2 > f1 + RHO·z1·d1, or the
 *      slope is still too positive, d2 > -SIG·d1) and evaluations are left:
 *      note z1 as the limit of steps, then take the minimum of a quadratic
 *      through (f3, d3, f2) if f2 > f1, else of the cubic through both
 *      points' values and slopes; if that is not a number use the bisection
 *      z3/2. Keep the move z2 inside [INT, 1-INT] of the way to point 3
 *      (z2 between INT·z3 and (1-INT)·z3), step there and re-evaluate; the
 *      other point moves to z3 - z2 from the new one.
 *   2. Then: if the conditions still fail (no evaluations were left), the
 *      search has failed. If the slope is no longer steep downhill
 *      (d2 > SIG·d1, so with step 1's test |d2| <= -SIG·d1) the point is
 *      accepted. If no evaluations are left, the search has failed.
 *   3. Otherwise extrapolate: the cubic through both points gives the move
 *      z2. If that is not a real number or is negative, move EXT-1 times
 *      the step so far when no limit is known, else halfway to the limit.
 *      A known limit caps the point at halfway to it; without one the step
 *      may grow at most to EXT times its length. The move is at least INT
 *      times the distance to point 3, and with a limit it goes at least
 *      (1-INT) of the way to it. The current point becomes point 3, step
 *      and re-evaluate, and go back to 1.
 * At most MAX evaluations per line search.
 *
 * After a success the next search starts with the step z1 scaled by
 * d1_old/d1_new (at most RATIO times longer). After a failure x returns to
 * x0; a second failure in a row ends the run, otherwise the search restarts
 * along the steepest descent direction -g (with g, as fmincg does, the
 * gradient of the last trial point, not of x0) with the step 1/(1 + g·g).
 */
#define CG_RHO 0.01  /* sufficient decrease: a bit of the slope's promise */
#define CG_SIG 0.5   /* curvature: the slope must fall to half its size */
#define CG_INT 0.1   /* interpolate no closer than this to an end */
#define CG_EXT 3.0   /* extrapolate at most this many times the step */
#define CG_MAX 20    /* evaluations per line search */
#define CG_RATIO 100 /* the next initial step is at most this many times longer */

/* What a line search works with: the caller's objective and its counters. */
typedef struct {
    nn_objective f;
    void *ctx;
    int n;
    long evals;
} cg_fn;

static double cg_eval(cg_fn *fn, const double *x, double *g)
{
    fn->evals++;
    return fn->f(x, g, fn->ctx);
}

/* Both Wolfe-Powell conditions fail to hold; NaNs count as failing. */
static bool not_wolfe(double f1, double d1, double z1, double f2, double d2)
{
    return !(f2 <= f1 + z1 * CG_RHO * d1) || !(d2 <= -CG_SIG * d1);
}

/* Minimum of the cubic through the current point (f2, d2) and point 3 at
 * relative position z3 (f3, d3), as a move from the current point. */
static double cubic_move(double f2, double d2, double f3, double d3, double z3)
{
    double A = 6.0 * (f2 - f3) / z3 + 3.0 * (d2 + d3);
    double B = 3.0 * (f3 - f2) - z3 * (d3 + 2.0 * d2);
    return (sqrt(B * B - A * d2 * z3 * z3) - B) / A;
}

/* The line search of one iteration from x (cost *f1, gradient g1, slope d1
 * along s), first trial step *z1. On success (true) x, *f2, g2 are the
 * accepted point and *z1 its step; on failure they are the last point tried.
 * Uses at most CG_MAX evaluations. */
static bool cg_line_search(cg_fn *fn, double *x, const double *s, double f1, double d1,
                           double *z1p, double *f2p, double *g2)
{
    int n = fn->n;
    double z1 = *z1p;
    axpy(x, z1, s, n);
    double f2 = cg_eval(fn, x, g2), d2 = dot(g2, s, n);
    double f3 = f1, d3 = d1, z3 = -z1;
    int evals_left = CG_MAX;
    double limit = -1.0; /* smallest step known to be too long; < 0: none yet */
    bool success = false;
    for (;;) {
        while (not_wolfe(f1, d1, z1, f2, d2) && evals_left > 0) {
            limit = z1;
            double z2;
            if (f2 > f1) /* quadratic through f3, d3 and f2 */
                z2 = z3 - (0.5 * d3 * z3 * z3) / (d3 * z3 + f2 - f3);
            else
                z2 = cubic_move(f2, d2, f3, d3, z3);
            if (!isfinite(z2))
                z2 = z3 / 2.0;
            /* not too close to either end (z3 < 0 here) */
            z2 = fmax(fmin(z2, CG_INT * z3), (1.0 - CG_INT) * z3);
            z1 += z2;
            axpy(x, z2, s, n);
            f2 = cg_eval(fn, x, g2);
            evals_left--;
            d2 = dot(g2, s, n);
            z3 -= z2;
        }
        if (not_wolfe(f1, d1, z1, f2, d2))
            break; /* failed */
        if (d2 > CG_SIG * d1) {
            success = true;
            break;
        }
        if (evals_left == 0)
            break; /* failed */

        /* extrapolate with the cubic through both points */
        double A = 6.0 * (f2 - f3) / z3 + 3.0 * (d2 + d3);
        double B = 3.0 * (f3 - f2) - z3 * (d3 + 2.0 * d2);
        double z2 = -d2 * z3 * z3 / (B + sqrt(B * B - A * d2 * z3 * z3));
        bool have_limit = limit > -0.5;
        if (!isfinite(z2) || z2 < 0.0)
            z2 = have_limit ? (limit - z1) / 2.0 : z1 * (CG_EXT - 1.0);
        else if (have_limit && z2 + z1 > limit)
            z2 = (limit - z1) / 2.0;
        else if (!have_limit && z2 + z1 > z1 * CG_EXT)
            z2 = z1 * (CG_EXT - 1.0);
        else if (z2 < -z3 * CG_INT)
            z2 = -z3 * CG_INT;
        else if (have_limit && z2 < (limit - z1) * (1.0 - CG_INT))
            z2 = (limit - z1) * (1.0 - CG_INT);
        f3 = f2;
        d3 = d2;
        z3 = -z2;
        z1 += z2;
        axpy(x, z2, s, n);
        f2 = cg_eval(fn, x, g2);
        evals_left--;
        d2 = dot(g2, s, n);
    }
    *z1p = z1;
    *f2p = f2;
    return success;
}

int nn_fmincg(double *theta, double *costs, nn_optim_result *res, nn_objective f, void *ctx,
              int n, const nn_optim_options *opt, nn_error *err)
{
    if (check_common(res, n, opt, err) != 0)
        return -1;
    double *block = malloc((size_t)n * 5 * sizeof *block);
    if (!block)
        return nn_fail(err, "out of memory for %d parameters", n);
    double *x0 = block, *g0 = block + n, *g1 = block + 2 * (size_t)n,
           *g2 = block + 3 * (size_t)n, *s = block + 4 * (size_t)n;
    cg_fn fn = {f, ctx, n, 0};
    *res = (nn_optim_result){0, 0, 0.0, NN_STOP_MAX_ITER};

    double f1 = cg_eval(&fn, theta, g1);
    if (!isfinite(f1)) {
        res->reason = NN_STOP_NOT_FINITE;
        goto done;
    }
    for (int i = 0; i < n; i++)
        s[i] = -g1[i];
    double d1 = -dot(s, s, n);  /* slope along s */
    double z1 = 1.0 / (1.0 - d1); /* first step: 1/(1 + |g|²) */
    bool failed_before = false;

    for (int iter = 1; iter <= opt->max_iter; iter++) {
        memcpy(x0, theta, (size_t)n * sizeof *x0);
        memcpy(g0, g1, (size_t)n * sizeof *g0);
        double f0 = f1, f2;
        if (cg_line_search(&fn, theta, s, f1, d1, &z1, &f2, g2)) {
            f1 = f2;
            if (costs)
                costs[res->iterations] = f1;
            res->iterations++;
            /* Polak-Ribière */
            double beta = (dot(g2, g2, n) - dot(g1, g2, n)) / dot(g1, g1, n);
            for (int i = 0; i < n; i++)
                s[i] = beta * s[i] - g2[i];
            swap_ptr(&g1, &g2);
            double d2 = dot(g1, s, n);
            if (d2 > 0.0) { /* not downhill: steepest descent instead */
                for (int i = 0; i < n; i++)
                    s[i] = -g1[i];
                d2 = -dot(s, s, n);
            }
            z1 *= fmin(CG_RATIO, d1 / (d2 - DBL_MIN));
            d1 = d2;
            failed_before = false;
            if (report(opt, res->iterations, f1, theta)) {
                res->reason = NN_STOP_CALLBACK;
                break;
            }
        } else {
            memcpy(theta, x0, (size_t)n * sizeof *theta);
            f1 = f0;
            memcpy(g1, g0, (size_t)n * sizeof *g1);
            if (failed_before) {
                res->reason = NN_STOP_LINE_SEARCH;
                break;
            }
            /* fmincg swaps the gradients here, so the restart direction is
             * the gradient of the last point tried, not the one at x0. */
            swap_ptr(&g1, &g2);
            for (int i = 0; i < n; i++)
                s[i] = -g1[i];
            d1 = -dot(s, s, n);
            z1 = 1.0 / (1.0 - d1);
            failed_before = true;
        }
    }
    res->cost = f1;
done:
    res->evaluations = fn.evals;
    free(block);
    return 0;
}

/* ---- gradient descent -------------------------------------------------- */

int nn_gd(double *theta, double *costs, nn_optim_result *res, nn_objective f, void *ctx, int n,
          double lr, const nn_optim_options *opt, nn_error *err)
{
    if (check_common(res, n, opt, err) != 0)
        return -1;
    if (!(lr > 0.0) || !isfinite(lr))
        return nn_fail(err, "learning rate %g, expected a number > 0", lr);
    double *g = malloc((size_t)n * sizeof *g);
    if (!g)
        return nn_fail(err, "out of memory for %d parameters", n);
    *res = (nn_optim_result){0, 1, 0.0, NN_STOP_MAX_ITER};
    double J = f(theta, g, ctx);
    for (int iter = 1; iter <= opt->max_iter && isfinite(J); iter++) {
        axpy(theta, -lr, g, n);
        J = f(theta, g, ctx);
        res->evaluations++;
        if (costs)
            costs[res->iterations] = J;
        res->iterations++;
        if (report(opt, iter, J, theta)) {
            res->reason = NN_STOP_CALLBACK;
            break;
        }
    }
    if (!isfinite(J))
        res->reason = NN_STOP_NOT_FINITE;
    res->cost = J;
    free(g);
    return 0;
}

/* ---- Adam ---------------------------------------------------------------- */

/* One Adam step on the n parameters from the gradient g, c1 and c2 the bias
 * corrections 1/(1-β1^t) and 1/(1-β2^t). Vectorized, in an AVX-512 build
 * where the CPU has it (target_clones picks at run time): one square root
 * and one division per parameter, it took a tenth of a Fashion-MNIST epoch
 * one by one. The same numbers either way (each lane is IEEE arithmetic, and
 * there is no contraction into FMA); the file is compiled with
 * -fno-math-errno, without which sqrt could not be vectorized. */
__attribute__((target_clones("avx512f", "default"), optimize("tree-vectorize", "vect-cost-model=dynamic")))
static void adam_step(double *restrict theta, double *restrict mean, double *restrict sq, const double *restrict g,
                      int n, const nn_adam_options *adam, double c1, double c2)
{
    const double b1 = adam->beta1, b2 = adam->beta2, lr = adam->lr, eps = adam->epsilon;
    for (int i = 0; i < n; i++) {
        mean[i] = b1 * mean[i] + (1.0 - b1) * g[i];
        sq[i] = b2 * sq[i] + (1.0 - b2) * g[i] * g[i];
        theta[i] -= lr * (mean[i] * c1) / (sqrt(sq[i] * c2) + eps);
    }
}

int nn_adam(double *theta, double *costs, nn_optim_result *res, nn_batch_objective f, void *ctx,
            int n, int m, const nn_adam_options *adam, const nn_optim_options *opt,
            nn_error *err)
{
    if (check_common(res, n, opt, err) != 0)
        return -1;
    if (!adam || !(adam->lr > 0.0) || !isfinite(adam->lr))
        return nn_fail(err, "Adam: learning rate must be a number > 0");
    if (!(adam->beta1 >= 0.0 && adam->beta1 < 1.0) || !(adam->beta2 >= 0.0 && adam->beta2 < 1.0))
        return nn_fail(err, "Adam: beta1 %g and beta2 %g must be in [0, 1)", adam->beta1,
                       adam->beta2);
    if (!(adam->epsilon > 0.0))
        return nn_fail(err, "Adam: epsilon %g, expected > 0", adam->epsilon);
    if (adam->batch < 1 || m < 1)
        return nn_fail(err, "Adam: batch %d of %d examples, expected both >= 1", adam->batch, m);
    double *block = malloc((size_t)n * 3 * sizeof *block);
    int *order = malloc((size_t)m * sizeof *order);
    if (!block || !order) {
        free(block);
        free(order);
        return nn_fail(err, "out of memory for %d parameters and %d examples", n, m);
    }
    double *g = block, *mean = block + n, *sq = block + 2 * (size_t)n;
    memset(mean, 0, 2 * (size_t)n * sizeof *mean);
    for (int i = 0; i < m; i++)
        order[i] = i;
    nn_rng rng;
    nn_rng_seed(&rng, adam->seed);
    int batch = adam->batch < m ? adam->batch : m;
    double b1t = 1.0, b2t = 1.0; /* β1^t and β2^t */
    *res = (nn_optim_result){0, 0, 0.0, NN_STOP_MAX_ITER};
    double J = NAN;
    for (int epoch = 1; epoch <= opt->max_iter; epoch++) {
        nn_rng_shuffle(&rng, order, m);
        for (int start = 0; start < m; start += batch) {
            int count = m - start < batch ? m - start : batch;
            double Jb = f(theta, g, order + start, count, ctx);
            res->evaluations++;
            if (!isfinite(Jb)) {
                J = Jb;
                goto stop;
            }
            b1t *= adam->beta1;
            b2t *= adam->beta2;
            adam_step(theta, mean, sq, g, n, adam, 1.0 / (1.0 - b1t), 1.0 / (1.0 - b2t));
        }
        bool last = epoch == opt->max_iter;
        J = adam->final_cost_only && !last ? NAN : f(theta, NULL, NULL, m, ctx);
        if (!isfinite(J) && (last || !adam->final_cost_only))
            break;
        if (costs)
            costs[res->iterations] = J;
        res->iterations++;
        if (report(opt, epoch, J, theta)) {
            res->reason = NN_STOP_CALLBACK;
            if (isnan(J) && !last) /* stopped early: the cost where it stopped */
                J = f(theta, NULL, NULL, m, ctx);
            break;
        }
    }
stop:
    if (!isfinite(J))
        res->reason = NN_STOP_NOT_FINITE;
    res->cost = J;
    free(block);
    free(order);
    return 0;
}
