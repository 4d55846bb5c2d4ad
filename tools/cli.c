/* cli.c - shared helpers of the nnwb subcommands (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn_file.h"
#include "nn_matio.h"
#include "workbook.h"

int cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %s: ", cli_mine ? "nnwb-mine" : "nnwb", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

int cli_usage(const char *cmd, const char *usage)
{
    fprintf(stderr, "usage: %s %s %s\n", cli_mine ? "nnwb-mine" : "nnwb", cmd, usage);
    return 2;
}

bool cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
        cli_error(cmd, "%s: '%s' is not a number in %g..%g", opt, s, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

bool cli_int(const char *cmd, const char *opt, const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        cli_error(cmd, "%s: '%s' is not a whole number in %ld..%ld", opt, s, lo, hi);
        return false;
    }
    *out = (int)v;
    return true;
}

const char *cli_value(const char *cmd, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_error(cmd, "%s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int cli_check_files(const char *cmd, const cli_file *files, int n)
{
    for (int i = 0; i < n; i++)
        if (files[i].path && !files[i].path[0]) {
            cli_error(cmd, "%s: the file name is empty", files[i].flag);
            return 2;
        }
    nn_error err;
    for (int i = 0; i < n; i++)
        if (files[i].path && files[i].output && nn_file_output(files[i].path, NULL, &err) != 0)
            return cli_error(cmd, "%s", err.msg);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            const cli_file *o = &files[i], *f = &files[j];
            if (i == j || !o->output || !o->path || !f->path || (f->output && j < i))
                continue; /* each output against every other file, each pair once */
            if (nn_file_same(o->path, f->path)) {
                if (!strcmp(o->path, f->path))
                    cli_error(cmd, "%s and %s name the same file, %s: refusing to %s", o->flag,
                              f->flag, o->path, f->output ? "write it twice" : "overwrite the input");
                else
                    cli_error(cmd, "%s %s and %s %s are the same file: refusing to %s", o->flag,
                              o->path, f->flag, f->path,
                              f->output ? "write it twice" : "overwrite the input");
                return 2;
            }
        }
    return 0;
}

int cli_classes(const char *cmd, const char *path, const int *y, int m, int given)
{
    int limit = given > 0 ? given : CLI_MAX_CLASSES, K = 0;
    for (int i = 0; i < m; i++) {
        if (y[i] > limit) {
            if (given > 0)
                cli_error(cmd, "%s: y(%d) = %d is larger than --classes %d", path, i + 1, y[i], given);
            else
                cli_error(cmd, "%s: y(%d) = %d, more than the %d classes nnwb trains (labels are "
                          "1..K)", path, i + 1, y[i], CLI_MAX_CLASSES);
            return 0;
        }
        K = y[i] > K ? y[i] : K;
    }
    K = given > 0 ? given : K;
    if (K < 2) {
        cli_error(cmd, "%s: all labels are %d; training needs at least 2 classes (or --classes K)",
                  path, K);
        return 0;
    }
    return K;
}

bool cli_labels_fit(const char *cmd, const char *path, const int *y, int m, int K, const char *other)
{
    for (int i = 0; i < m; i++)
        if (y[i] > K) {
            cli_error(cmd, "%s: y(%d) = %d, but %s has %d classes", path, i + 1, y[i], other, K);
            return false;
        }
    return true;
}

void cli_random_start(double *theta, int n_in, int hidden, int K, uint64_t seed)
{
    nn_mat T1 = nn_mat_wrap(theta, hidden, n_in + 1);
    nn_mat T2 = nn_mat_wrap(theta + (size_t)hidden * (size_t)(n_in + 1), K, hidden + 1);
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_rand_init(&T1, &T2, &r);
}

int cli_data_labels(const char *path, int **y, int *m, int *n_in, nn_error *err)
{
    int rows, cols;
    *y = NULL;
    *m = *n_in = 0;
    if (nn_mat_size(path, "X", &rows, &cols, err) != 0 || nn_labels_read(path, "y", 1, INT_MAX, y, m, err) != 0)
        return -1;
    if (*m != rows) { /* chapter 1's message */
        nn_fail(err, "%s: X has %d rows but y has %d labels", path, rows, *m);
        free(*y);
        *y = NULL;
        *m = 0;
        return -1;
    }
    *n_in = cols;
    return 0;
}

/* What read_x needs, and whether the file failed it. */
typedef struct {
    const char *path;
    bool failed;
} x_source;

/* The kernel's columns: the bias, then X as the file has it. */
static int read_x(nn_mat *X, void *ctx, nn_error *err)
{
    x_source *src = ctx;
    nn_mat inputs = nn_mat_view(X, 0, 1, X->rows, X->cols - 1);
    src->failed = nn_mat_read_into(src->path, "X", &inputs, err) != 0;
    for (int i = 0; !src->failed && i < X->rows; i++) /* after: the reading threads take the page faults */
        NN_AT(X, i, 0) = 1.0;
    return src->failed ? -1 : 0;
}

nn_kernel *cli_data_kernel(const char *path, int m, int n_in, const int *y, int K, int hidden, nn_error *err)
{
    x_source src = {path, false};
    nn_kernel *k = nn_kernel_new_from(m, n_in + 1, read_x, &src, y, K, hidden, err);
    if (!k && !src.failed) { /* the file's errors name it already */
        nn_error inner = *err;
        nn_fail(err, "%s: %s", path, inner.msg);
    }
    return k;
}
