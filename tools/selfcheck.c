/* selfcheck.c - before nnwb-mine runs a student's chapters, a quick look that
 * they work (cli_announce in cli.h).
 *
 * Each chapter's functions run on the published inputs (the course grader's
 * 2-4-4 network, checkNNGradients' 3-5-3 network, three 3×3 images) and are
 * compared with the Octave oracle's goldens (tests/oracle/goldens.h). This is
 * not the grade (make check runs far more, on secret inputs): it only keeps
 * nnwb-mine from training or predicting on a chapter that is a stub or gives
 * other numbers. The chapters run in a child process with a time limit, so a
 * crash or an endless loop is reported in one line too. */
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "goldens.h"
#include "workbook.h"

#define TOL 1e-9          /* relative, with a floor of 1e-6, as the grader's TOL_REL */
#define NUMGRAD_TOL 1e-7  /* central differences against Octave's */
#define SECONDS 20        /* for all of a chapter's self-check */

static const struct {
    int number;
    const char *title;
} CHAPTERS[] = {
#define CHAPTER(n, stem, title, points) {n, title},
#include "chapters/chapters.def"
#undef CHAPTER
};

static const char *title_of(int n)
{
    for (size_t k = 0; k < sizeof CHAPTERS / sizeof CHAPTERS[0]; k++)
        if (CHAPTERS[k].number == n)
            return CHAPTERS[k].title;
    return "?";
}

/* ---- comparing ------------------------------------------------------------ */

typedef struct {
    char msg[512];
} why;

static int say(why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int say(why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->msg, sizeof w->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static bool close_to(double got, double want, double tol)
{
    return fabs(got - want) <= tol * fmax(fabs(want), 1e-6);
}

/* got (n values) against want; -1 with a message naming the first that is off. */
static int same(why *w, const char *what, const double *got, const double *want, int n, double tol)
{
    for (int i = 0; i < n; i++)
        if (!close_to(got[i], want[i], tol))
            return say(w, "%s[%d] is %.10g, expected %.10g", what, i, got[i], want[i]);
    return 0;
}

static int same_mat(why *w, const char *what, const nn_mat *got, const double *want)
{
    for (int i = 0; i < got->rows; i++)
        for (int j = 0; j < got->cols; j++)
            if (!close_to(NN_AT(got, i, j), want[i * got->cols + j], TOL))
                return say(w, "%s[%d][%d] is %.10g, expected %.10g", what, i, j, NN_AT(got, i, j),
                           want[i * got->cols + j]);
    return 0;
}

static int rc_ok(why *w, const char *fn, int rc, const nn_error *err)
{
    return rc == 0 ? 0 : say(w, "%s returned %d: %s", fn, rc, err->msg);
}

/* ---- the published networks ---------------------------------------------- */

typedef struct {
    nn_mat *X, *Y, *T1, *T2; /* X with its bias column, Y one-hot (built here) */
    const int *y;
    int m, n_in, hidden, K;
} net;

static void net_free(net *n)
{
    nn_mat_free(n->X);
    nn_mat_free(n->Y);
    nn_mat_free(n->T1);
    nn_mat_free(n->T2);
}

static net net_from(const double *X, const int *y, const double *T1, const double *T2, int m, int n_in, int hidden,
                    int K)
{
    net n = {nn_mat_new(m, n_in + 1), nn_mat_new(m, K), nn_mat_new(hidden, n_in + 1), nn_mat_new(K, hidden + 1),
             y, m, n_in, hidden, K};
    if (!n.X || !n.Y || !n.T1 || !n.T2) {
        net_free(&n);
        return (net){0};
    }
    for (int i = 0; i < m; i++) {
        NN_AT(n.X, i, 0) = 1.0;
        for (int j = 0; j < n_in; j++)
            NN_AT(n.X, i, j + 1) = X[i * n_in + j];
        for (int k = 0; k < K; k++)
            NN_AT(n.Y, i, k) = y[i] == k + 1;
    }
    memcpy(n.T1->data, T1, (size_t)hidden * (size_t)(n_in + 1) * sizeof(double));
    memcpy(n.T2->data, T2, (size_t)K * (size_t)(hidden + 1) * sizeof(double));
    return n;
}

static net fixed_net(void)
{
    return net_from(FIX_X, FIX_Y, FIX_T1, FIX_T2, FIX_M, FIX_IN, FIX_HID, FIX_K);
}

static net debug_net(void)
{
    return net_from(DBG_X, DBG_Y, DBG_T1, DBG_T2, DBG_M, DBG_IN, DBG_HID, DBG_K);
}

/* ---- one check per chapter ------------------------------------------------ */

static int chapter1(why *w)
{
    nn_mat X = nn_mat_wrap((double *)FIX_X, FIX_M, FIX_IN);
    nn_mat *Xb = nn_add_bias(&X);
    if (!Xb)
        return say(w, "nn_add_bias returned NULL");
    net n = fixed_net();
    int rc = n.X ? same_mat(w, "nn_add_bias(X)", Xb, n.X->data) : say(w, "out of memory");
    nn_mat_free(Xb);
    net_free(&n);
    if (rc != 0)
        return rc;
    double img[GOLD_COUNT(SMALL_X)];
    memcpy(img, SMALL_X, sizeof img);
    nn_mat S = nn_mat_wrap(img, 3, 9);
    nn_transpose_images(&S, 3);
    return same(w, "nn_transpose_images on three 3×3 images, value", img, SMALL_XT, 27, TOL);
}

static int chapter2(why *w)
{
    net n = fixed_net();
    nn_mat *Y = nn_mat_new(FIX_M, FIX_K);
    nn_error err = {""};
    int rc = !n.X || !Y ? say(w, "out of memory") : rc_ok(w, "nn_one_hot", nn_one_hot(Y, FIX_Y, &err), &err);
    if (rc == 0)
        rc = same_mat(w, "nn_one_hot(y)", Y, FIX_ONEHOT);
    nn_mat_free(Y);
    net_free(&n);
    return rc;
}

static int chapter3(why *w)
{
    net n = fixed_net();
    double theta[GOLD_COUNT(FIX_THETA)], out[GOLD_COUNT(FIX_SG_Z)];
    if (!n.X)
        return say(w, "out of memory");
    nn_serialize(theta, n.T1, n.T2);
    int rc = same(w, "nn_serialize: theta", theta, FIX_THETA, (int)GOLD_COUNT(FIX_THETA), TOL);
    nn_mat_fill(n.T1, NAN);
    nn_mat_fill(n.T2, NAN);
    nn_deserialize(n.T1, n.T2, FIX_THETA);
    if (rc == 0)
        rc = same_mat(w, "nn_deserialize: Theta1", n.T1, FIX_T1);
    if (rc == 0)
        rc = same_mat(w, "nn_deserialize: Theta2", n.T2, FIX_T2);
    net_free(&n);
    nn_sigmoid(out, FIX_SG_Z, (int)GOLD_COUNT(FIX_SG_Z));
    return rc ? rc : same(w, "nn_sigmoid(z)", out, FIX_SIGMOID, (int)GOLD_COUNT(FIX_SIGMOID), TOL);
}

static int chapter4(why *w)
{
    net n = fixed_net();
    nn_activations *act = nn_activations_new(FIX_M, FIX_IN, FIX_HID, FIX_K);
    nn_error err = {""};
    int rc = !n.X || !act ? say(w, "out of memory")
                          : rc_ok(w, "nn_forward", nn_forward(act, n.X, n.T1, n.T2, &err), &err);
    if (rc == 0)
        rc = same_mat(w, "nn_forward on the grader's 2-4-4 network: h", &act->h, FIX_H);
    nn_activations_free(act);
    net_free(&n);
    return rc;
}

static int chapter5(why *w)
{
    net n = debug_net();
    if (!n.X)
        return say(w, "out of memory");
    double J0 = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, 0.0), J3 = nn_regularized_cost(n.T1, n.T2, n.X, n.Y, 3.0);
    net_free(&n);
    if (!close_to(J0, DBG_COST_L0, TOL))
        return say(w, "nn_regularized_cost on the debug network, lambda = 0, is %.10g, expected %.10g", J0,
                   DBG_COST_L0);
    if (!close_to(J3, DBG_COST_L3, TOL))
        return say(w, "nn_regularized_cost on the debug network, lambda = 3, is %.10g, expected %.10g", J3,
                   DBG_COST_L3);
    return 0;
}

static int chapter6(why *w)
{
    net n = debug_net();
    nn_mat *G1 = n.X ? nn_mat_new(DBG_HID, DBG_IN + 1) : NULL, *G2 = n.X ? nn_mat_new(DBG_K, DBG_HID + 1) : NULL;
    nn_error err = {""};
    int rc = !G1 || !G2 ? say(w, "out of memory")
                        : rc_ok(w, "nn_regularized_gradient",
                                nn_regularized_gradient(G1, G2, n.T1, n.T2, n.X, n.Y, 3.0, &err), &err);
    if (rc == 0)
        rc = same_mat(w, "nn_regularized_gradient on the debug network, lambda = 3: G1", G1, DBG_G1_L3);
    if (rc == 0)
        rc = same_mat(w, "nn_regularized_gradient on the debug network, lambda = 3: G2", G2, DBG_G2_L3);
    nn_mat_free(G1);
    nn_mat_free(G2);
    net_free(&n);
    return rc;
}

/* The debug network's regularized cost at θ, for nn_numerical_gradient. */
static double debug_cost(const double *theta, void *ctx)
{
    net *n = ctx;
    nn_deserialize(n->T1, n->T2, theta);
    return nn_regularized_cost(n->T1, n->T2, n->X, n->Y, 3.0);
}

static int chapter7(why *w)
{
    enum { N = (int)GOLD_COUNT(DBG_NUMGRAD_L3) };
    net n = debug_net();
    double theta[N], grad[N];
    if (!n.X)
        return say(w, "out of memory");
    nn_serialize(theta, n.T1, n.T2);
    nn_error err = {""};
    int rc = rc_ok(w, "nn_numerical_gradient",
                   nn_numerical_gradient(grad, theta, N, debug_cost, &n, 1e-4, &err), &err);
    net_free(&n);
    if (rc == 0)
        rc = same(w, "nn_numerical_gradient on the debug network, lambda = 3: grad", grad, DBG_NUMGRAD_L3, N,
                  NUMGRAD_TOL);
    double d = nn_relative_difference(DBG_NUMGRAD_L3, DBG_GRAD_L3, N);
    if (rc == 0 && !close_to(d, DBG_RELDIFF_L3, 1e-6))
        return say(w, "nn_relative_difference of the oracle's gradients is %.6g, expected %.6g", d, DBG_RELDIFF_L3);
    return rc;
}

static int chapter8(why *w)
{
    /* nn_rand_init from seed 1 against its formula, on the debug network's shapes */
    nn_mat *T1 = nn_mat_new(DBG_HID, DBG_IN + 1), *T2 = nn_mat_new(DBG_K, DBG_HID + 1);
    if (!T1 || !T2) {
        nn_mat_free(T1);
        nn_mat_free(T2);
        return say(w, "out of memory");
    }
    nn_rng r, mine;
    nn_rng_seed(&r, 1);
    mine = r;
    nn_rand_init(T1, T2, &mine);
    const nn_mat *T[2] = {T1, T2};
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++) {
        double eps = sqrt(6.0) / sqrt((double)(T[k]->cols - 1 + T[k]->rows));
        for (int i = 0; i < T[k]->rows && rc == 0; i++)
            for (int j = 0; j < T[k]->cols && rc == 0; j++) {
                double want = (2.0 * nn_rng_uniform(&r) - 1.0) * eps, got = NN_AT(T[k], i, j);
                if (!(fabs(got - want) <= 1e-12 * eps))
                    rc = say(w, "nn_rand_init from seed 1: Theta%d[%d][%d] is %.10g, expected %.10g", k + 1, i, j,
                             got, want);
            }
    }
    nn_mat_free(T1);
    nn_mat_free(T2);
    if (rc != 0)
        return rc;
    int pred[DBG_M] = {0};
    nn_mat H = nn_mat_wrap((double *)GD_H, DBG_M, DBG_K);
    nn_predict(pred, &H);
    for (int i = 0; i < DBG_M; i++)
        if (pred[i] != GD_PRED[i])
            return say(w, "nn_predict: labels[%d] is %d, expected %d", i, pred[i], GD_PRED[i]);
    double acc = nn_accuracy(GD_PRED, DBG_Y, DBG_M);
    return close_to(acc, GD_ACCURACY, TOL) ? 0
                                          : say(w, "nn_accuracy is %.10g, expected %.10g", acc, GD_ACCURACY);
}

static int (*const CHECKS[])(why *) = {NULL, chapter1, chapter2, chapter3, chapter4,
                                      chapter5, chapter6, chapter7, chapter8};
enum {
#define CHAPTER(n, stem, title, points) HAS_##stem,
#include "chapters/chapters.def"
#undef CHAPTER
    N_CHAPTERS
};
_Static_assert(sizeof CHECKS / sizeof CHECKS[0] == N_CHAPTERS + 1,
               "a chapter of chapters/chapters.def has no self-check here");

/* ---- running them ---------------------------------------------------------- */

/* Run chapter n's check in a child: 0, or -1 with w's message. */
static int run_in_child(int n, why *w)
{
    int fds[2];
    if (pipe(fds) != 0)
        return say(w, "cannot start its self-check (pipe)");
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return say(w, "cannot start its self-check (fork)");
    }
    if (pid == 0) {
        close(fds[0]);
        alarm(SECONDS);
        why mine = {""};
        int rc = CHECKS[n](&mine);
        if (rc != 0 && write(fds[1], mine.msg, strlen(mine.msg)) < 0)
            rc = 2;
        _exit(rc != 0);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t r;
    while (got < sizeof w->msg - 1 && (r = read(fds[0], w->msg + got, sizeof w->msg - 1 - got)) > 0)
        got += (size_t)r;
    w->msg[got] = '\0';
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (WIFSIGNALED(status))
        return WTERMSIG(status) == SIGALRM
                   ? say(w, "it did not finish in %d s on the published inputs (an endless loop?)", SECONDS)
                   : say(w, "it crashed on the published inputs (%s)", strsignal(WTERMSIG(status)));
    if (WEXITSTATUS(status) != 0 && !w->msg[0]) /* e.g. a sanitizer stopped it, after its own report */
        return say(w, "it stopped on the published inputs with exit status %d", WEXITSTATUS(status));
    return WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* "1-3, 5, 6 and 8" */
static void chapter_list(char *buf, size_t size, unsigned chapters)
{
    int list[32], n = 0;
    for (int c = 1; c < 32; c++)
        if (chapters & CLI_CH(c))
            list[n++] = c;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < size;) {
        int j = i;
        while (j + 1 < n && list[j + 1] == list[j] + 1)
            j++;
        const char *sep = i == 0 ? "" : j == n - 1 ? " and " : ", ";
        if (j - i >= 2)
            len += (size_t)snprintf(buf + len, size - len, "%s%d-%d", sep, list[i], list[j]);
        else
            for (int k = i; k <= j && len < size; k++)
                len += (size_t)snprintf(buf + len, size - len, "%s%d", k == i ? sep : k == n - 1 ? " and " : ", ",
                                        list[k]);
        i = j + 1;
    }
}

int cli_announce(const char *cmd, unsigned chapters)
{
    char list[160];
    chapter_list(list, sizeof list, chapters);
    if (!cli_mine) {
        printf("nnwb %s: the reference chapters %s (make mine builds build/nnwb-mine, which runs yours)\n", cmd,
               list);
        fflush(stdout);
        return 0;
    }
    printf("nnwb-mine %s: your chapters %s from %s\n", cmd, list, cli_chapters_dir);
    fflush(stdout);
    for (int c = 1; c < (int)(sizeof CHECKS / sizeof CHECKS[0]); c++) {
        if (!(chapters & CLI_CH(c)))
            continue;
        why w = {""};
        if (run_in_child(c, &w) != 0) {
            return cli_error(cmd, "chapter %d (%s) does not work yet: %s; run make check CH=%d", c, title_of(c),
                             w.msg, c);
        }
    }
    return 0;
}
