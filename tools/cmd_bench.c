/* cmd_bench.c - `nnwb bench`: how fast the cost+gradient kernel is on this
 * machine, measured against this machine's own dgemm in the same run.
 *
 *   nnwb bench [--reps N] [--quick] [--digits20]
 *
 * Prints one table row per case, each the median of N runs:
 *   - the peak: this CPU's double-precision fused multiply-adds on registers
 *     only (tools/peak.c), with 1 thread and the kernel's thread count,
 *     measured before the other rows and again after them (the table is
 *     printed at the end, against the higher: a busy moment on a shared host
 *     makes one measure low). Every "of peak" figure is against it, so none
 *     passes 100%; if one still does, a warning says the run was disturbed;
 *   - dgemm: OpenBLAS's large square product, with the core name OpenBLAS
 *     picked for this CPU (a generic one runs far below the peak: the bench
 *     says so, and how to pick the right one);
 *   - digits20: one nn_kernel_eval (J and ∇J), 5000×400, 25 hidden, 10
 *     classes; the real $DATA_DIR/digits20.mat (or $NNWB_GEN_DIR's) if
 *     found, else synthetic numbers of the same shape;
 *   - Fashion-MNIST shape: 60000×784, 64 hidden, 10 classes, synthetic;
 *     also the time its flops take at the peak; then Adam epochs on the same
 *     rows (batches of 200 and 1000), each against a full evaluation timed
 *     right after it, and what the cost pass of a progress line adds;
 *   - 50 iterations of fmincg (nn_fmincg) on digits20, λ = 1, and `nnwb
 *     train` end to end (a child process, start to weights written), each
 *     run against evaluations timed right after it;
 *   - chapter 6's gradient as the reference solution writes it, on digits20
 *     with one OpenBLAS thread: nn_gradient_loop (one example at a time)
 *     and nn_gradient (matrix products), which chapter 6 compares;
 *   - the peak memory (ru_maxrss) of `nnwb train` on digits20 for 50
 *     iterations, run as a child process so the bench's own memory does
 *     not count.
 * Speed is reported, never judged: no exit status depends on a time. The
 * numbers in other tools (numpy, Octave, PyTorch) come from bench/peers.sh. */
#include <cblas.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"
#include "nn_kernel.h"
#include "nn_objective.h"
#include "nn_optim.h"
#include "peak.h"
#include "workbook.h"

extern char **environ;

#define CMD "bench"
#define DEFAULT_REPS 7
#define QUICK_REPS 3
#define DGEMM_N 2000    /* side of the square dgemm (QUICK: half) */
#define SETTLE_NS 500000000L /* pause after the dgemm rows: OpenBLAS threads spin ~0.1 s */
#define WARM_S 0.25      /* seconds of evaluations before each timed kernel case */
#define CG_ITERS 50     /* the course's training run */
#define CG_LAMBDA 1.0
#define CG_SEED 1
#define ADAM_BENCH_BATCHES 200, 1000 /* the Fashion-MNIST recipe's batch (README), and larger */
#define ADAM_BENCH_EPOCHS 5   /* timed by their ends; the last, with the final cost, is not counted */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

/* A small deterministic generator for the synthetic data: uniform [0, 1). */
static double lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * 0x1.0p-53;
}

/* Flops of one evaluation with gradient: the two large products
 * (2·m·(n_in+1)·h each), Θ2's forward and ∇Θ2 (2·m·K·(h+1) each) and
 * D3·Θ2 (2·m·K·h). The elementwise work is not counted. */
static double eval_flops(int m, int n_in, int h, int K)
{
    return 2.0 * m * ((double)(n_in + 1) * h * 2 + (double)K * (h + 1) * 2 + (double)K * h);
}

/* Median seconds of one n×n×n dgemm on `threads` OpenBLAS threads. */
static double time_dgemm(int n, int threads, int reps)
{
    size_t nn = (size_t)n * (size_t)n;
    double *A = malloc(nn * sizeof *A), *B = malloc(nn * sizeof *B), *C = malloc(nn * sizeof *C);
    double *t = malloc((size_t)reps * sizeof *t), med = -1.0;
    if (A && B && C && t) {
        unsigned long long s = 42;
        for (size_t i = 0; i < nn; i++) {
            A[i] = lcg(&s);
            B[i] = lcg(&s);
        }
        openblas_set_num_threads(threads);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
        for (int r = 0; r < reps; r++) {
            double t0 = util_now();
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
            t[r] = util_now() - t0;
        }
        med = median(t, reps);
    }
    free(A);
    free(B);
    free(C);
    free(t);
    return med;
}

/* A network's data: X with bias column, labels; synthetic or loaded. */
typedef struct {
    nn_mat *X;
    int *y;
    int m, K;
    const char *source; /* file path, or "synthetic" */
} dataset;

static int synthetic(dataset *d, int m, int n_in, int K)
{
    d->X = nn_mat_new(m, n_in + 1);
    d->y = malloc((size_t)m * sizeof *d->y);
    if (!d->X || !d->y)
        return -1;
    unsigned long long s = 7;
    for (int i = 0; i < m; i++) {
        NN_AT(d->X, i, 0) = 1.0;
        for (int j = 1; j <= n_in; j++)
            NN_AT(d->X, i, j) = lcg(&s);
        d->y[i] = 1 + i % K;
    }
    d->m = m;
    d->K = K;
    d->source = "synthetic";
    return 0;
}

/* The digits20 file: $DATA_DIR/digits20.mat, else $NNWB_GEN_DIR's; NULL if neither. */
static const char *digits20_path(void)
{
    static char path[4096];
    const char *dirs[] = {getenv("DATA_DIR"), getenv("NNWB_GEN_DIR")};
    for (int k = 0; k < 2; k++) {
        if (!dirs[k] || !dirs[k][0])
            continue;
        snprintf(path, sizeof path, "%s/digits20.mat", dirs[k]);
        if (access(path, R_OK) == 0)
            return path;
    }
    return NULL;
}

static void dataset_free(dataset *d)
{
    nn_mat_free(d->X);
    free(d->y);
}

/* Random weights for an n_in-h-K net, the course's way (nn_rand_init). */
static double *random_theta(int n_in, int h, int K)
{
    int n = nn_param_count(n_in, h, K);
    double *theta = malloc((size_t)n * sizeof *theta);
    if (theta)
        cli_random_start(theta, n_in, h, K, CG_SEED);
    return theta;
}

/* Median seconds of one nn_kernel_eval on `threads` threads, with the
 * gradient or (cost_only) without. */
static double time_eval_as(const dataset *d, int h, int threads, bool portable, bool cost_only, int reps,
                           nn_error *err)
{
    int n_in = d->X->cols - 1;
    nn_kernel *k = nn_kernel_new(d->X, d->y, d->K, h, err);
    double *theta = random_theta(n_in, h, d->K);
    double *grad = k ? malloc((size_t)nn_kernel_param_count(k) * sizeof *grad) : NULL;
    double *t = malloc((size_t)reps * sizeof *t), med = -1.0;
    if (k && theta && grad && t && nn_kernel_set_threads(k, threads, err) == 0) {
        nn_kernel_set_portable(k, portable);
        /* Warm the caches and pages, and the cores: on the 2-core machine of
         * docs/FACTS.md a process's first ~0.1 s of 2-thread work ran at half
         * speed (3.0 instead of 1.4 ms per digits20 evaluation). */
        double t_warm = util_now();
        do
            nn_kernel_eval(k, theta, cost_only ? NULL : grad, 1.0);
        while (util_now() - t_warm < WARM_S);
        for (int r = 0; r < reps; r++) {
            double t0 = util_now();
            nn_kernel_eval(k, theta, cost_only ? NULL : grad, 1.0);
            t[r] = util_now() - t0;
        }
        med = median(t, reps);
    } else if (k) {
        nn_fail(err, "out of memory");
    }
    nn_kernel_free(k);
    free(theta);
    free(grad);
    free(t);
    return med;
}

static double time_eval(const dataset *d, int h, int threads, bool portable, int reps, nn_error *err)
{
    return time_eval_as(d, h, threads, portable, false, reps, err);
}

static double time_cost(const dataset *d, int h, int threads, int reps, nn_error *err)
{
    return time_eval_as(d, h, threads, false, true, reps, err);
}

/* Median seconds of CG_ITERS fmincg iterations on d; *evals gets the
 * evaluations of the last run. */
static double time_cg(const dataset *d, int reps, long *evals, nn_error *err)
{
    int n_in = d->X->cols - 1, h = 25;
    nn_net_objective *o = nn_net_objective_new(d->X, d->y, d->K, h, CG_LAMBDA, err);
    double *t = malloc((size_t)reps * sizeof *t), med = -1.0;
    int n = nn_param_count(n_in, h, d->K);
    if (o && t) {
        int r = 0;
        for (; r < reps; r++) {
            double *theta = random_theta(n_in, h, d->K);
            if (!theta)
                break;
            nn_optim_options opt = {CG_ITERS, NULL, NULL};
            nn_optim_result res;
            double t0 = util_now();
            int rc = nn_fmincg(theta, NULL, &res, nn_net_objective_eval, o, n, &opt, err);
            t[r] = util_now() - t0;
            free(theta);
            if (rc != 0)
                break;
            *evals = res.evaluations;
        }
        if (r == reps)
            med = median(t, reps);
    }
    nn_net_objective_free(o);
    free(t);
    return med;
}

/* Median seconds of chapter 6's gradient on d, the loop (nn_gradient_loop)
 * or the matrix form (nn_gradient), as the reference solution writes it,
 * with one OpenBLAS thread; the thread count is put back afterwards. */
static double time_chapter6(const dataset *d, bool loop, int reps, nn_error *err)
{
    int n_in = d->X->cols - 1, h = 25;
    nn_mat *T1 = nn_mat_new(h, n_in + 1), *T2 = nn_mat_new(d->K, h + 1);
    nn_mat *G1 = nn_mat_new(h, n_in + 1), *G2 = nn_mat_new(d->K, h + 1);
    nn_mat *Y = nn_mat_new(d->m, d->K);
    double *theta = random_theta(n_in, h, d->K);
    double *t = malloc((size_t)reps * sizeof *t), med = -1.0;
    if (!T1 || !T2 || !G1 || !G2 || !Y || !theta || !t)
        nn_fail(err, "out of memory");
    else if (nn_one_hot(Y, d->y, err) == 0) {
        nn_deserialize(T1, T2, theta);
        int before = openblas_get_num_threads(), rc = 0;
        openblas_set_num_threads(1);
        for (int r = -1; r < reps && rc == 0; r++) { /* r = -1 warms up */
            double t0 = util_now();
            rc = loop ? nn_gradient_loop(G1, G2, T1, T2, d->X, Y, err)
                      : nn_gradient(G1, G2, T1, T2, d->X, Y, err);
            if (r >= 0)
                t[r] = util_now() - t0;
        }
        openblas_set_num_threads(before);
        if (rc == 0)
            med = median(t, reps);
    }
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_mat_free(G1);
    nn_mat_free(G2);
    nn_mat_free(Y);
    free(theta);
    free(t);
    return med;
}

/* Run `nnwb train` with its defaults (CG_ITERS iterations) on digits20 once,
 * as a child process: *seconds gets the wall time from fork to exit
 * (process start to weights written), *mb its peak resident memory in MB
 * (ru_maxrss). 0, or -1 if it could not run or failed. */
static int train_child(const char *path, double *seconds, double *mb)
{
    char exe[4096], out[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return -1;
    exe[len] = '\0';
    const char *dir = getenv("TMPDIR");
    snprintf(out, sizeof out, "%s/nnwb-bench-%ld.mat", dir && *dir ? dir : "/tmp", (long)getpid());
    char iters[16];
    snprintf(iters, sizeof iters, "%d", CG_ITERS);
    fflush(stdout);
    /* posix_spawn, not fork: fork copies the page tables of this process,
     * which holds hundreds of MB by then, and its time would count as the
     * child's */
    char *argv[] = {exe, "train", "--data", (char *)path, "--iters", iters, "--quiet", "-o", out, NULL};
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    double t0 = util_now();
    pid_t pid;
    int spawned = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (spawned != 0)
        return -1;
    int status;
    struct rusage ru;
    pid_t got;
    while ((got = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        ;
    *seconds = util_now() - t0;
    unlink(out);
    *mb = (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KB on Linux */
    return got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* nnwb train end to end against its evaluations, reps times: a child run
 * (train_child), then EVALS_AFTER evaluations of the same kernel in this
 * process on as many threads as nnwb train uses, so that both sides see the
 * machine at the same moment (on a shared host its speed changes from one
 * second to the next). Medians: *seconds of the runs, *eval_s of an
 * evaluation, and the result, of each run's ratio to `evals` of the
 * evaluations timed after it; -1 if a run failed. */
#define EVALS_AFTER 9
static double time_end_to_end(const dataset *d, const char *path, long evals, int reps, double *seconds,
                              double *eval_s, nn_error *err)
{
    nn_kernel *k = nn_kernel_new(d->X, d->y, d->K, 25, err);
    double *theta = random_theta(d->X->cols - 1, 25, d->K);
    double *grad = k ? malloc((size_t)nn_kernel_param_count(k) * sizeof *grad) : NULL;
    double run[64], each[64], ratio[64], ratio_med = -1.0;
    reps = reps > 64 ? 64 : reps;
    int r = 0;
    if (k && theta && grad) {
        for (; r < reps; r++) {
            double mb, t[EVALS_AFTER];
            if (train_child(path, &run[r], &mb) != 0)
                break;
            for (int w = 0; w < EVALS_AFTER; w++) /* wake the kernel's threads, warm the caches */
                nn_kernel_eval(k, theta, grad, 1.0);
            for (int e = 0; e < EVALS_AFTER; e++) {
                double t0 = util_now();
                nn_kernel_eval(k, theta, grad, 1.0);
                t[e] = util_now() - t0;
            }
            each[r] = median(t, EVALS_AFTER);
            ratio[r] = run[r] / (each[r] * (double)evals);
        }
        if (r == reps) {
            *seconds = median(run, reps);
            *eval_s = median(each, reps);
            ratio_med = median(ratio, reps);
        } else {
            nn_fail(err, "nnwb train failed in a child process");
        }
    } else {
        nn_fail(err, "out of memory");
    }
    nn_kernel_free(k);
    free(theta);
    free(grad);
    return ratio_med;
}

/* Each epoch's time, and an evaluation's timed right after it, for
 * time_adam_epoch. */
typedef struct {
    nn_net_objective *o;
    double *grad;
    double start;                       /* when the current epoch began */
    double epoch[ADAM_BENCH_EPOCHS + 1]; /* epoch[e]: epoch e's seconds */
    double eval[ADAM_BENCH_EPOCHS + 1];  /* eval[e]: a full evaluation after it */
} epoch_clock;

static int epoch_end(int epoch, double cost, const double *theta, void *ctx)
{
    (void)cost;
    epoch_clock *c = ctx;
    double t0 = util_now();
    c->epoch[epoch] = t0 - c->start;
    nn_net_objective_eval(theta, c->grad, c->o);
    double t1 = util_now();
    c->eval[epoch] = t1 - t0;
    c->start = t1; /* the next epoch starts now */
    return 0;
}

/* An Adam epoch in batches of `batch` on d with h hidden units, as nnwb
 * train runs it when it reports nothing per epoch: its mini-batches and
 * steps, without the full cost that a progress line or a log needs after
 * it (final_cost_only). Each epoch is followed by one full evaluation of
 * the same rows, timed, so that both sides see the machine at the same
 * moment. *seconds: the median epoch; the result: the median of each
 * evaluation's time over its epoch's (the last epoch, which has the final
 * cost, is not counted), or -1 with err set. */
static double time_adam_epoch(const dataset *d, int h, int batch, double *seconds, nn_error *err)
{
    nn_net_objective *o = nn_net_objective_new(d->X, d->y, d->K, h, 1.0, err);
    double *theta = random_theta(d->X->cols - 1, h, d->K);
    double *grad = o ? malloc((size_t)nn_net_objective_param_count(o) * sizeof *grad) : NULL;
    double ratio = -1.0;
    if (o && theta && grad) {
        int n = nn_net_objective_param_count(o);
        nn_adam_options ao = {0.001, 0.9, 0.999, 1e-8, batch, CG_SEED, true};
        epoch_clock clock = {o, grad, 0.0, {0}, {0}};
        nn_optim_options oo = {ADAM_BENCH_EPOCHS, epoch_end, &clock};
        nn_optim_result res;
        nn_net_objective_eval(theta, grad, o); /* wake the threads and the pages */
        clock.start = util_now();
        if (nn_adam(theta, NULL, &res, nn_net_objective_rows, o, n, d->m, &ao, &oo, err) == 0) {
            double t[ADAM_BENCH_EPOCHS - 1], r[ADAM_BENCH_EPOCHS - 1];
            for (int e = 1; e < ADAM_BENCH_EPOCHS; e++) {
                t[e - 1] = clock.epoch[e];
                r[e - 1] = clock.eval[e] / clock.epoch[e];
            }
            *seconds = median(t, ADAM_BENCH_EPOCHS - 1);
            ratio = median(r, ADAM_BENCH_EPOCHS - 1);
        }
    } else if (o) {
        nn_fail(err, "out of memory");
    }
    nn_net_objective_free(o);
    free(theta);
    free(grad);
    return ratio;
}

/* ---- the table ----------------------------------------------------------------
 * Rows are kept and printed at the end, against the higher of two measures of
 * the peak (before the rows and after them): on a shared host a busy moment
 * can make one measure low, and a row would then pass 100% of it. */

/* Which peak a row is a share of. */
typedef enum { NO_PEAK, PEAK_1, PEAK_T } peak_of;

typedef struct {
    char name[96], note[160];
    double ms, gflops;  /* ms <= 0: no time; gflops <= 0: none */
    peak_of peak;
    bool is_peak;       /* the peak row itself: its value is the final peak */
    double flops;       /* > 0: the note compares the row with these flops at peak */
} table_row;

static table_row table[48];
static int table_n;

static table_row *row(const char *name, double ms, double gflops, peak_of peak, const char *note)
{
    table_row *r = &table[table_n < 47 ? table_n++ : 47];
    *r = (table_row){"", "", ms, gflops, peak, false, 0.0};
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->note, sizeof r->note, "%s", note ? note : "");
    return r;
}

/* Print the rows against peaks p1 (one thread) and pT (all); say so if a row
 * still passes its peak (the machine was busy while both were measured). */
static void print_table(double p1, double pT)
{
    bool over = false;
    for (int k = 0; k < table_n; k++) {
        table_row *r = &table[k];
        double peak = r->peak == PEAK_1 ? p1 : r->peak == PEAK_T ? pT : 0.0;
        double g = r->is_peak ? peak : r->gflops;
        char pct[32] = "", time[32] = "";
        if (g > 0 && peak > 0)
            snprintf(pct, sizeof pct, "%5.0f%%", 100.0 * g / peak);
        over = over || (peak > 0 && g > peak);
        if (r->ms > 0)
            snprintf(time, sizeof time, "%10.2f", r->ms);
        if (r->flops > 0 && peak > 0) {
            double at_peak = r->flops / (peak * 1e9);
            snprintf(r->note, sizeof r->note, "%.2f× the %.0f ms its flops take at peak", r->ms * 1e-3 / at_peak,
                     at_peak * 1e3);
        }
        printf("%-44s %10s %8.1f %8s  %s\n", r->name, time, g, pct, r->note);
    }
    if (over)
        printf("warning: a row ran faster than the peak measured twice: the machine was busy; run again\n");
    table_n = 0;
}

/* The OPENBLAS_CORETYPE that names this CPU's own kernels, for the advice. */
static const char *own_coretype(void)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2"))
        return "Haswell";
#endif
    return NULL;
}

int cmd_bench(int argc, char **argv)
{
    int reps = DEFAULT_REPS, threads = 1;
    double peak1 = 0, peakT = 0; /* this CPU's peak GFLOP/s, 1 thread and all */
    bool quick = false, reps_given = false, only_d20 = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: nnwb bench [--reps N] [--quick] [--digits20]\n\n"
                   "Time the cost+gradient kernel (lib/nn_kernel) against this machine's dgemm.\n"
                   "  --reps N   runs per case; the median is shown (default %d)\n"
                   "  --quick    %d runs, a smaller dgemm, one CG run (for a quick look)\n"
                   "  --digits20 only the digits20 rows, without dgemm (for bench/peers.sh)\n"
                   "digits20 is read from $DATA_DIR or $NNWB_GEN_DIR (synthetic if absent);\n"
                   "threads: $NNWB_THREADS, else one per CPU (see nn_kernel.h).\n",
                   DEFAULT_REPS, QUICK_REPS);
            return 0;
        } else if (!strcmp(a, "--digits20")) {
            only_d20 = true;
        } else if (!strcmp(a, "--quick")) {
            quick = true;
        } else if (!strcmp(a, "--reps")) {
            if (!(v = cli_value(CMD, argc, argv, &i)) || !cli_int(CMD, a, v, 1, 1000, &reps))
                return 2;
            reps_given = true;
        } else {
            cli_error(CMD, "unknown option '%s' (see nnwb bench --help)", a);
            return 2;
        }
    }
    if (quick && !reps_given)
        reps = QUICK_REPS;

    nn_error err;
    dataset d20 = {0}, fashion = {0};
    const char *path = digits20_path();
    int status = 1;
    /* The peak memory first, while this process is small: Linux carries a
     * process's peak resident size across fork and exec into the child's
     * ru_maxrss. */
    double train_mb = -1.0, first_run;
    if (path && !only_d20 && train_child(path, &first_run, &train_mb) != 0)
        train_mb = -1.0;
    if (path) {
        if (nn_load_data(path, false, &d20.X, &d20.y, &d20.m, &err) != 0) {
            cli_error(CMD, "%s", err.msg);
            goto done;
        }
        d20.K = 10;
        d20.source = path;
    } else if (synthetic(&d20, 5000, 400, 10) != 0) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    if (!only_d20 && synthetic(&fashion, 60000, 784, 10) != 0) {
        cli_error(CMD, "out of memory for the 60000×784 data");
        goto done;
    }
    nn_kernel *probe = nn_kernel_new(d20.X, d20.y, d20.K, 25, &err);
    if (!probe) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    threads = nn_kernel_threads(probe);
    bool wide = nn_kernel_wide(probe);
    nn_kernel_free(probe);

    printf("nnwb bench: median of %d runs; kernel: %s build, %d thread(s) by default\n", reps,
           wide ? "AVX-512" : "portable", threads);
    printf("digits20: %s\n\n", d20.source);
    printf("%-44s %10s %8s %8s  %s\n", "case", "ms", "GFLOP/s", "of peak", "");

    int n = quick ? DGEMM_N / 2 : DGEMM_N;
    double gemm_flops = 2.0 * n * (double)n * n;
    double gemm1 = 0;
    char name[96];
    int tcounts[2] = {1, threads};
    const char *isa = "";
    for (int c = 0; c < (threads > 1 ? 2 : 1); c++) {
        double g = peak_gflops(tcounts[c], reps, &isa);
        if (g <= 0) {
            cli_error(CMD, "cannot start %d threads for the peak", tcounts[c]);
            goto done;
        }
        if (c == 0)
            peak1 = g;
        peakT = g;
        snprintf(name, sizeof name, "peak: %s, %d thread(s)", isa, tcounts[c]);
        row(name, 0, g, c == 0 ? PEAK_1 : PEAK_T, "registers only (tools/peak.c)")->is_peak = true;
    }
    const char *core = openblas_get_corename();
    for (int c = 0; c < (threads > 1 ? 2 : 1) && !only_d20; c++) {
        double s = time_dgemm(n, tcounts[c], reps);
        if (s <= 0) {
            cli_error(CMD, "out of memory for the dgemm");
            goto done;
        }
        double g = gemm_flops / s / 1e9;
        if (c == 0)
            gemm1 = g;
        snprintf(name, sizeof name, "OpenBLAS dgemm %d×%d×%d, %d thread(s)", n, n, n, tcounts[c]);
        char note[64];
        snprintf(note, sizeof note, "OpenBLAS core: %s", core ? core : "?");
        row(name, s * 1e3, g, c == 0 ? PEAK_1 : PEAK_T, note);
    }
    const char *own = own_coretype();
    if (!only_d20 && gemm1 < 0.5 * peak1)
        printf("note: OpenBLAS's dgemm runs at %.0f%% of this CPU's peak with its '%s' kernels%s%s%s\n",
               100.0 * gemm1 / peak1, core ? core : "?",
               own ? "; OPENBLAS_CORETYPE=" : "", own ? own : "",
               own ? " picks the ones for this CPU (nnwb never sets it)" : "");
    /* OpenBLAS's worker threads spin for a while after a threaded dgemm and
     * would take the second core from the kernel's own thread: let them
     * settle to sleep before timing the kernel. */
    if (!only_d20)
        nanosleep(&(struct timespec){0, SETTLE_NS}, NULL);

    /* digits20 with the default build, then (where that is the AVX-512
     * one) with the portable build that CPUs without AVX-512 run */
    double f20 = eval_flops(d20.m, d20.X->cols - 1, 25, d20.K);
    double wide_s[2] = {0, 0};
    for (int portable = 0; portable <= (wide ? 1 : 0); portable++)
        for (int c = 0; c < (threads > 1 ? 2 : 1); c++) {
            double s = time_eval(&d20, 25, tcounts[c], portable, reps, &err);
            if (s <= 0) {
                cli_error(CMD, "digits20: %s", err.msg);
                goto done;
            }
            char note[64] = "";
            if (portable)
                snprintf(note, sizeof note, "%.1f× the AVX-512 build's time", s / wide_s[c]);
            else
                wide_s[c] = s;
            if (portable)
                snprintf(name, sizeof name, "  the same, portable build, %d thread(s)", tcounts[c]);
            else
                snprintf(name, sizeof name, "digits20 eval %d×%d×25, %d thread(s)", d20.m,
                         d20.X->cols - 1, tcounts[c]);
            row(name, s * 1e3, f20 / s / 1e9, c == 0 ? PEAK_1 : PEAK_T, portable ? note : NULL);
        }
    if (only_d20) {
        status = 0;
        goto done;
    }

    double ff = eval_flops(fashion.m, 784, 64, 10);
    double s = time_eval(&fashion, 64, threads, false, quick ? 1 : reps, &err);
    if (s <= 0) {
        cli_error(CMD, "fashion: %s", err.msg);
        goto done;
    }
    char note[96];
    snprintf(name, sizeof name, "Fashion shape 60000×784×64, %d thread(s)", threads);
    row(name, s * 1e3, ff / s / 1e9, PEAK_T, NULL)->flops = ff;
    /* an Adam epoch does the same flops as one evaluation, in batches:
     * the recipe's (README), and larger ones */
    const int batches[] = {ADAM_BENCH_BATCHES};
    enum { N_BATCHES = sizeof batches / sizeof batches[0] };
    double adam_ratio[N_BATCHES];
    for (size_t b = 0; b < N_BATCHES; b++) {
        double se;
        adam_ratio[b] = time_adam_epoch(&fashion, 64, batches[b], &se, &err);
        if (adam_ratio[b] <= 0) {
            cli_error(CMD, "adam: %s", err.msg);
            goto done;
        }
        snprintf(note, sizeof note, "%.2f of the evaluation's throughput (timed after each epoch)", adam_ratio[b]);
        snprintf(name, sizeof name, "  Adam epoch, batches of %d, %d thread(s)", batches[b], threads);
        row(name, se * 1e3, ff / se / 1e9, PEAK_T, note);
    }
    /* what a progress line or a log adds to each epoch */
    double sc = time_cost(&fashion, 64, threads, quick ? 1 : reps, &err);
    if (sc <= 0) {
        cli_error(CMD, "fashion: %s", err.msg);
        goto done;
    }
    snprintf(name, sizeof name, "  + the epoch's cost, reported, %d thread(s)", threads);
    row(name, sc * 1e3, 0, NO_PEAK, "a forward pass over all rows, when a progress line or log needs it");

    long evals = 0;
    double end_to_end = 0.0; /* nnwb train's time over its evaluations' */
    if (!path) {
        row("fmincg 50 iterations, digits20", 0, 0, NO_PEAK, "n/a (digits20.mat not found)");
    } else {
        s = time_cg(&d20, quick ? 1 : reps, &evals, &err);
        if (s <= 0) {
            cli_error(CMD, "fmincg: %s", err.msg);
            goto done;
        }
        snprintf(note, sizeof note, "%ld evaluations, %.2f ms each", evals, s * 1e3 / (double)evals);
        snprintf(name, sizeof name, "fmincg %d iterations, digits20, λ=%g", CG_ITERS, CG_LAMBDA);
        row(name, s * 1e3, f20 * (double)evals / s / 1e9, PEAK_T, note);
        double train_s, eval_s;
        end_to_end = time_end_to_end(&d20, path, evals, quick ? 3 : reps, &train_s, &eval_s, &err);
        if (end_to_end < 0) {
            cli_error(CMD, "end to end: %s", err.msg);
            goto done;
        }
        snprintf(note, sizeof note, "%.2f× %ld evaluations at %.2f ms (timed after each run)", end_to_end, evals,
                 eval_s * 1e3);
        row("  nnwb train end to end (start to weights)", train_s * 1e3, 0, NO_PEAK, note);
    }
    /* Chapter 6's two ways of computing the gradient, as students write them. */
    for (int loop = 1; loop >= 0; loop--) {
        s = time_chapter6(&d20, loop, quick ? QUICK_REPS : reps, &err);
        if (s <= 0) {
            cli_error(CMD, "chapter 6: %s", err.msg);
            goto done;
        }
        snprintf(name, sizeof name, "chapter 6 %s, 1 thread(s)", loop ? "nn_gradient_loop" : "nn_gradient");
        row(name, s * 1e3, f20 / s / 1e9, PEAK_1, loop ? "the reference, one example at a time"
                                                       : "the reference, matrix products (OpenBLAS)");
    }
    /* the peak again, after the rows (see the table) */
    for (int c = 0; c < (threads > 1 ? 2 : 1); c++) {
        double g = peak_gflops(tcounts[c], reps, &isa);
        if (c == 0)
            peak1 = g > peak1 ? g : peak1;
        else
            peakT = g > peakT ? g : peakT;
    }
    print_table(peak1, threads > 1 ? peakT : peak1);
    if (!path) {
        printf("%-44s %10s  %s\n", "peak memory, nnwb train digits20", "n/a", "(digits20.mat not found)");
    } else {
        double mb = train_mb;
        if (mb < 0)
            printf("%-44s %10s  %s\n", "peak memory, nnwb train digits20", "n/a", "(the child run failed)");
        else
            printf("%-44s %7.1f MB  (ru_maxrss of `nnwb train --iters %d` in a child)\n",
                   "peak memory, nnwb train digits20", mb, CG_ITERS);
    }
    /* what a user waits for, against what the kernel does */
    printf("\nAdam epochs: ");
    for (size_t b = 0; b < N_BATCHES; b++)
        printf("%s%.2f (batches of %d)", b ? ", " : "", adam_ratio[b], batches[b]);
    printf(" of one evaluation's throughput\n");
    if (end_to_end > 0)
        printf("nnwb train end to end: %.2f× the time of its %ld evaluations\n", end_to_end, evals);
    status = 0;
done:
    print_table(peak1, threads > 1 ? peakT : peak1); /* what was measured: after --digits20 or an error */
    dataset_free(&d20);
    dataset_free(&fashion);
    return status;
}
