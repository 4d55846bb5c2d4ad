/* harness.c - main() and the comparison helpers for the library's unit tests
 * (tests/unit/test_*.c), on Check.
 *
 * A check passes only if its function runs to its end: each check runs
 * through run_check(), which reports "<nonce> DONE k" on a pipe after the
 * check's last line, so that a child that exits early with status 0 (which
 * Check alone would count as a pass) is failed. The graded checks of the
 * chapters are not here: they are the judge's (tests/check/, tools/grade/). */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "nn_matio.h"

#define MAX_SKIPS 64
#define MAX_CHECKS 64
#define DEFAULT_TIMEOUT 20 /* seconds per check; CK_TIMEOUT_MULTIPLIER scales it */
#define NONCE_MAX 64       /* hex characters of the nonce */

static const char *skip_label[MAX_SKIPS];
static const char *skip_file[MAX_SKIPS];
static int n_skips;

static const TTest *check_test[MAX_CHECKS]; /* the chapter's check functions, in order */
static TTest check_wrap[MAX_CHECKS];        /* what Check runs: run_check(k) */
static const char *check_label[MAX_CHECKS];
static int n_checks;

static char nonce[NONCE_MAX + 1]; /* random, per run */
static int done_pipe[2] = {-1, -1}; /* DONE lines from the check processes to main() */

/* write(2) all of buf, or give up (the reader is gone or the pipe is full
 * because the code under test flooded it; the check then fails). */
static void write_all(int fd, const char *buf, size_t n)
{
    while (fd >= 0 && n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        buf += w;
        n -= (size_t)w;
    }
}

/* Check k's function, then the report that it reached its end. */
static void run_check(int k)
{
    check_test[k]->fn(0);
    char line[128];
    int n = snprintf(line, sizeof line, "%s DONE %d\n", nonce, k);
    write_all(done_pipe[1], line, (size_t)n);
}

void nnt_add(Suite *s, const char *label, const TTest *test)
{
    if (n_checks == MAX_CHECKS) {
        fprintf(stderr, "harness: more than %d checks in one chapter\n", MAX_CHECKS);
        exit(2);
    }
    int k = n_checks++;
    check_test[k] = test;
    check_label[k] = label;
    check_wrap[k] = (TTest){test->name, run_check, test->file, test->line};
    TCase *tc = tcase_create(label);
    tcase_set_timeout(tc, DEFAULT_TIMEOUT);
    _tcase_add_test(tc, &check_wrap[k], 0, 0, k, k + 1); /* a one-pass loop: Check passes k */
    suite_add_tcase(s, tc);
}

void nnt_skip(const char *label, const char *file)
{
    if (n_skips < MAX_SKIPS) {
        skip_label[n_skips] = label;
        skip_file[n_skips] = file;
        n_skips++;
    }
}

const char *nnt_data_path(const char *name)
{
    static char path[4096];
    const char *dirs[] = {getenv("DATA_DIR"), getenv("NNWB_GEN_DIR")};
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        if (!dirs[k] || !dirs[k][0])
            continue;
        snprintf(path, sizeof path, "%s/%s", dirs[k], name);
        if (access(path, R_OK) == 0)
            return path;
    }
    return NULL;
}

static bool within(double got, double want, double tol, double floor)
{
    return fabs(got - want) <= tol * fmax(fabs(want), floor); /* false for NaN */
}

static bool close_enough(double got, double want, double tol)
{
    return within(got, want, tol, TOL_FLOOR);
}

void nnt_expect_close(const char *file, int line, const char *label, double got,
                      double want, double tol, const char *hint)
{
    if (close_enough(got, want, tol))
        return;
    _ck_assert_failed(file, line, "Failed", "%s: expected %.10g, got %.10g (tolerance %g)%s%s",
                      label, want, got, tol, hint ? ". Hint: " : "", hint ? hint : "");
}

void nnt_expect_array(const char *file, int line, const char *label, const double *got,
                      const double *want, int rows, int cols, double tol, double floor,
                      const char *hint)
{
    int bad = 0, first = -1;
    for (int k = 0; k < rows * cols; k++)
        if (!within(got[k], want[k], tol, floor)) {
            if (first < 0)
                first = k;
            bad++;
        }
    if (!bad)
        return;
    char where[64];
    if (cols == 1)
        snprintf(where, sizeof where, "[%d]", first);
    else
        snprintf(where, sizeof where, "[%d][%d]", first / cols, first % cols);
    _ck_assert_failed(file, line, "Failed",
                      "%s%s: expected %.10g, got %.10g (tolerance %g); %d of %d values differ%s%s",
                      label, where, want[first], got[first], tol, bad, rows * cols,
                      hint ? ". Hint: " : "", hint ? hint : "");
}

void nnt_expect_mat(const char *file, int line, const char *label, const nn_mat *got,
                    const double *want, double tol, const char *hint)
{
    nn_mat *flat = nn_mat_copy(got);
    if (!flat)
        _ck_assert_failed(file, line, "Failed", "%s: out of memory", label);
    nnt_expect_array(file, line, label, flat->data, want, got->rows, got->cols, tol, TOL_FLOOR, hint);
    nn_mat_free(flat);
}

void nnt_expect_entries(const char *file, int line, const char *label, const nn_mat *got,
                        const gold_entry *want, int n, int col_offset, double tol, const char *hint)
{
    int bad = 0, first = -1;
    for (int k = 0; k < n; k++) {
        int i = want[k].row, j = want[k].col + col_offset;
        if (i >= got->rows || j >= got->cols)
            _ck_assert_failed(file, line, "Failed", "%s is %d×%d, too small for element [%d][%d]", label,
                              got->rows, got->cols, i, j);
        if (!close_enough(NN_AT(got, i, j), want[k].value, tol)) {
            if (first < 0)
                first = k;
            bad++;
        }
    }
    if (!bad)
        return;
    const gold_entry *w = &want[first];
    _ck_assert_failed(file, line, "Failed",
                      "%s[%d][%d]: expected %.10g, got %.10g (tolerance %g); %d of %d checked values differ%s%s",
                      label, w->row, w->col + col_offset, w->value, NN_AT(got, w->row, w->col + col_offset), tol,
                      bad, n, hint ? ". Hint: " : "", hint ? hint : "");
}

nn_mat *nnt_mat(const double *data, int rows, int cols)
{
    nn_mat *m = nn_mat_new(rows, cols);
    ck_assert_msg(m != NULL, "out of memory");
    memcpy(m->data, data, (size_t)rows * (size_t)cols * sizeof(double));
    return m;
}

nn_mat *nnt_with_bias(const double *X, int m, int n)
{
    nn_mat *Xb = nn_mat_new(m, n + 1);
    ck_assert_msg(Xb != NULL, "out of memory");
    for (int i = 0; i < m; i++) {
        NN_AT(Xb, i, 0) = 1.0;
        memcpy(&NN_AT(Xb, i, 1), X + (size_t)i * (size_t)n, (size_t)n * sizeof(double));
    }
    return Xb;
}

void nnt_load_weights(const char *path, nn_mat **T1, nn_mat **T2)
{
    nn_error err;
    if (nn_mat_read(path, "Theta1", -1, -1, T1, &err) != 0 ||
        nn_mat_read(path, "Theta2", -1, (*T1)->rows + 1, T2, &err) != 0)
        ck_abort_msg("%s", err.msg);
}

nn_mat *nnt_one_hot(const int *y, int m, int K)
{
    nn_mat *Y = nn_mat_new(m, K);
    ck_assert_msg(Y != NULL, "out of memory");
    for (int i = 0; i < m; i++)
        if (y[i] >= 1 && y[i] <= K)
            NN_AT(Y, i, y[i] - 1) = 1.0;
    return Y;
}

void nnt_load_course_data(const char *path, int K, nn_mat **X, int **y, nn_mat **Y)
{
    nn_error err;
    nn_mat *raw;
    int m;
    if (nn_mat_read(path, "X", -1, -1, &raw, &err) != 0)
        ck_abort_msg("%s", err.msg);
    if (nn_labels_read(path, "y", 1, K, y, &m, &err) != 0)
        ck_abort_msg("%s", err.msg);
    ck_assert_msg(m == raw->rows, "%s: X has %d rows but y has %d", path, raw->rows, m);
    *X = nn_mat_new(raw->rows, raw->cols + 1);
    ck_assert_msg(*X != NULL, "out of memory");
    for (int i = 0; i < raw->rows; i++) {
        NN_AT(*X, i, 0) = 1.0;
        memcpy(&NN_AT(*X, i, 1), &NN_AT(raw, i, 0), (size_t)raw->cols * sizeof(double));
    }
    nn_mat_free(raw);
    *Y = nnt_one_hot(*y, m, K);
}

/* A published network from the goldens: X (m×n_in, given without its bias
 * column), labels y, and the weights. */
static nnt_net net_from(const double *X, const int *y, int m, int n_in, const double *T1, const double *T2,
                        int hidden, int K)
{
    nnt_net n;
    n.X = nnt_with_bias(X, m, n_in);
    n.y = malloc((size_t)m * sizeof *n.y);
    ck_assert(n.y != NULL);
    memcpy(n.y, y, (size_t)m * sizeof *n.y);
    n.Y = nnt_one_hot(y, m, K);
    n.T1 = nnt_mat(T1, hidden, n_in + 1);
    n.T2 = nnt_mat(T2, K, hidden + 1);
    return n;
}

nnt_net nnt_fixed_net(void)
{
    return net_from(FIX_X, FIX_Y, FIX_M, FIX_IN, FIX_T1, FIX_T2, FIX_HID, FIX_K);
}

nnt_net nnt_debug_net(void)
{
    return net_from(DBG_X, DBG_Y, DBG_M, DBG_IN, DBG_T1, DBG_T2, DBG_HID, DBG_K);
}

nnt_net nnt_digits20_net(void)
{
    nnt_net n;
    nnt_load_course_data(nnt_data_path("digits20.mat"), 10, &n.X, &n.y, &n.Y);
    nnt_load_weights(nnt_data_path("ex4weights.mat"), &n.T1, &n.T2);
    return n;
}

void nnt_net_free(nnt_net *net)
{
    nn_mat_free(net->X);
    nn_mat_free(net->Y);
    free(net->y);
    nn_mat_free(net->T1);
    nn_mat_free(net->T2);
}

bool nnt_have_digits20(const char *label)
{
    if (!GOLD_HAVE_D20)
        return false;
    const char *missing = !nnt_data_path("digits20.mat") ? "digits20.mat"
                          : !nnt_data_path("ex4weights.mat") ? "ex4weights.mat" : NULL;
    if (missing)
        nnt_skip(label, missing);
    return missing == NULL;
}

const char *nnt_tmp_path(const char *suffix)
{
    static char path[4096];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/nnwb-check-%ld-%s", dir && dir[0] ? dir : "/tmp", (long)getpid(), suffix);
    return path;
}

/* A random nonce for the DONE lines, and the DONE pipe. */
static void open_channels(void)
{
    unsigned char raw[16] = {0};
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        raw[0] = (unsigned char)getpid(); /* no entropy: the DONE check still catches exit(0) */
    for (size_t k = 0; k < sizeof raw; k++)
        snprintf(nonce + 2 * k, 3, "%02x", raw[k]);
    if (pipe2(done_pipe, O_CLOEXEC) != 0) {
        perror("harness: pipe");
        exit(2);
    }
}

/* Which checks reported DONE (after every check process has ended). */
static void read_done(bool *done)
{
    close(done_pipe[1]);
    done_pipe[1] = -1;
    fcntl(done_pipe[0], F_SETFL, O_NONBLOCK); /* a stray grandchild may hold the write end */
    static char buf[1 << 16];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof buf - 1 && ((r = read(done_pipe[0], buf + len, sizeof buf - 1 - len)) > 0 ||
                                    (r < 0 && errno == EINTR)))
        len += r > 0 ? (size_t)r : 0;
    buf[len] = '\0';
    size_t nl = strlen(nonce);
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        int k;
        if (!strncmp(line, nonce, nl) && sscanf(line + nl, " DONE %d", &k) == 1 && k >= 0 && k < n_checks)
            done[k] = true;
    }
    close(done_pipe[0]);
}

/* The check a result belongs to: results come in the order the checks were
 * added, so k, unless the labels say otherwise. */
static int check_index(int k, const char *label)
{
    if (k < n_checks && !strcmp(check_label[k], label))
        return k;
    for (int i = 0; i < n_checks; i++)
        if (!strcmp(check_label[i], label))
            return i;
    return -1;
}

static const char *EARLY_EXIT = "the check ended before it finished: the code under test called exit() "
                                "(a library function must return, not end the program)";

static const char *TIMED_OUT = "the check did not finish in time: an endless loop, or far too slow";

int main(void)
{
    open_channels();
    Suite *s = chapter_suite();
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_SILENT);

    bool done[MAX_CHECKS] = {false};
    read_done(done);
    int total = srunner_ntests_run(sr), failed = 0;
    TestResult **results = srunner_results(sr);
    printf("Chapter %d: %s\n", CHAPTER.number, CHAPTER.name);
    for (int k = 0; k < total; k++) {
        TestResult *tr = results[k];
        int i = check_index(k, tr_tcname(tr));
        bool crashed = tr_rtype(tr) == CK_ERROR && strstr(tr_msg(tr), "signal");
        bool timed_out = tr_rtype(tr) == CK_ERROR && strstr(tr_msg(tr), "timeout");
        /* A check added with plain Check calls (not nnt_add) has no DONE report. */
        bool ok = tr_rtype(tr) == CK_PASS && (i < 0 || done[i]);
        const char *msg = ok ? "" : tr_rtype(tr) == CK_PASS ? EARLY_EXIT : timed_out ? TIMED_OUT : tr_msg(tr);
        if (ok) {
            printf("  ok    %s\n", tr_tcname(tr));
            continue;
        }
        failed++;
        printf("  FAIL  %s\n        %s\n", tr_tcname(tr),
               crashed ? "the code under test crashed (see the message below)" : msg);
        if (crashed)
            printf("        %s\n", msg);
    }
    for (int k = 0; k < n_skips; k++) {
        printf("  skip  %s\n        skipped: %s not found in DATA_DIR\n", skip_label[k], skip_file[k]);
    }
    free(results);
    int passed = total - failed;
    double points = total > 0 ? CHAPTER.points * (double)passed / total : 0.0;
    printf("RESULT chapter=%d passed=%d total=%d skipped=%d points=%.2f max=%d\n",
           CHAPTER.number, passed, total, n_skips, points, CHAPTER.points);
    srunner_free(sr);
    return failed == 0 && total > 0 ? 0 : 1;
}
