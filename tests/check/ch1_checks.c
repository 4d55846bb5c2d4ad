/* ch1_checks.c - the judge's checks for chapter 1, loading the data.
 *
 * FIXED: three 3×3 images (SMALL_* in the goldens) through nn_add_bias,
 * nn_transpose_images and nn_load_data.
 * SECRET: sizes and values drawn from the run's seed, against the reference
 * run by the judge: matrices of any shape, images of any side, and .mat
 * files the judge writes with the library (y as m×1 or as the 1×m row
 * vector scipy.io.savemat writes, X as double or uint8), good and bad.
 * DATA: digits20.mat, with and without transpose, against the goldens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "nn_matio.h"
#include "workbook.h"

#define TOL_COPY 0.0 /* pixels are moved, not computed: they must match exactly */

enum { SMALL_M = (int)GOLD_COUNT(SMALL_Y), SMALL_SIDE = 3, SMALL_N = SMALL_SIDE * SMALL_SIDE };

/* digits20: 20×20 images, labels 1..10. */
enum { D20_SIDE = 20, D20_N = D20_SIDE * D20_SIDE, D20_K = 10 };

/* A failure in a call on the sizes described gets them added: after a
 * crash (a read or write past an array's end), or, for a function that
 * passed on the grader's inputs (call_id, -1 for none), as a pointer to
 * sizes written as numbers. */
static void sizes_note(judge *J, int call_id, const char *sizes)
{
    if (strstr(jmsg(J), " crashed: "))
        j_append(J, " (%s: a crash here is a read or write past the end of an array; loop bounds must come from the "
                 "arguments, not numbers such as 20, 400 or 5000)", sizes);
    else if (call_id >= 0 && jfixed_passed(J, call_id))
        j_append(J, " (%s, and the same function was right on the grader's 3×3 images: look for sizes written as "
                 "numbers where they should come from the arguments)", sizes);
}

/* ---- nn_add_bias ------------------------------------------------------------ */

/* A hint for a wrong [1, X] (of the right shape), from what it holds instead. */
static const char *add_bias_hint(const nn_mat *got, const nn_mat *X)
{
    bool unshifted = true, ones = true;
    for (int i = 0; i < X->rows; i++) {
        ones = ones && NN_AT(got, i, 0) == 1.0;
        for (int j = 0; j < X->cols; j++)
            unshifted = unshifted && NN_AT(got, i, j) == NN_AT(X, i, j);
    }
    if (unshifted)
        return "X was copied into columns 0..n-1: column 0 is the bias, so X's column j goes to column j+1";
    if (!ones)
        return "column 0 is the bias unit: it must be 1 in every row";
    return "column 0 is the bias (all ones), then X's columns in order";
}

static void expect_add_bias(judge *J, const j_add_bias *got, const nn_mat *want, const nn_mat *X)
{
    jexpect(J, got->Xb != NULL, "nn_add_bias returned NULL: it must return a new %d×%d matrix (nn_mat_new) holding "
            "a column of ones and then X", X->rows, X->cols + 1);
    jexpect(J, got->Xb->rows == X->rows && got->Xb->cols == X->cols + 1, "nn_add_bias returned a %d×%d matrix for "
            "a %d×%d X, expected %d×%d: the same rows, one column more for the bias", got->Xb->rows, got->Xb->cols,
            X->rows, X->cols, X->rows, X->cols + 1);
    jexpect_same(J, "[1, X]", got->Xb, want, TOL_REL, add_bias_hint(got->Xb, X));
}

static void add_bias_fixed(judge *J)
{
    nn_mat *X = jmat_from(J, SMALL_X, SMALL_M, SMALL_N);
    j_add_bias got;
    jcall_add_bias(J, &got, NULL, X);
    expect_add_bias(J, &got, jmat_from(J, SMALL_XB, SMALL_M, SMALL_N + 1), X);
    jnote_fixed_pass(J, NN_CALL_ADD_BIAS);
}

static void add_bias_random(judge *J)
{
    int m = jint(J, 2, 40), n = jint(J, 1, 30);
    nn_mat *X = jmat(J, m, n);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            NN_AT(X, i, j) = juniform(J, -2.0, 2.0);
    j_add_bias got, ref;
    const char *sizes = jfmt(J, "X is %d×%d here", m, n);
    J_ON_FAIL(J, jcall_add_bias(J, &got, &ref, X); expect_add_bias(J, &got, ref.Xb, X),
              sizes_note(J, NN_CALL_ADD_BIAS, sizes));
}

/* ---- nn_transpose_images ---------------------------------------------------- */

/* A hint for a wrong transpose, from what X holds after it. */
static const char *transpose_hint(judge *J, const nn_mat *got, const nn_mat *X, const nn_mat *want, int side)
{
    if (jclose_mat(got, X, TOL_COPY))
        return "X came back unchanged: transpose each row in place. If you swap pixel (r, c) with (c, r) for every "
               "r and c, each pair is swapped twice; swap each pair once (c from r+1)";
    for (int i = 1; i < X->rows; i++) {
        nn_mat g = nn_mat_view(got, i, 0, 1, X->cols), w = nn_mat_view(want, i, 0, 1, X->cols);
        nn_mat x = nn_mat_view(X, i, 0, 1, X->cols), g0 = nn_mat_view(got, 0, 0, 1, X->cols);
        nn_mat w0 = nn_mat_view(want, 0, 0, 1, X->cols);
        if (jclose_mat(&g0, &w0, TOL_COPY) && !jclose_mat(&g, &w, TOL_COPY) && jclose_mat(&g, &x, TOL_COPY))
            return jfmt(J, "row 0 is right but row %d was not transposed: every row of X is an image", i);
    }
    return jfmt(J, "each row is a %d×%d image with pixel (r, c) at column r + %d*c: swap it with pixel (c, r), at "
                "column c + %d*r", side, side, side, side);
}

static void expect_transposed(judge *J, const j_transpose *got, const nn_mat *want, const nn_mat *X, int side)
{
    jexpect_same(J, "X", got->X, want, TOL_REL, transpose_hint(J, got->X, X, want, side));
}

static void transpose_fixed(judge *J)
{
    nn_mat *X = jmat_from(J, SMALL_X, SMALL_M, SMALL_N);
    j_transpose got;
    jcall_transpose_images(J, &got, NULL, X, SMALL_SIDE);
    expect_transposed(J, &got, jmat_from(J, SMALL_XT, SMALL_M, SMALL_N), X, SMALL_SIDE);
    jnote_fixed_pass(J, NN_CALL_TRANSPOSE_IMAGES);
}

static void transpose_random(judge *J)
{
    int side = jint(J, 2, 20), m = jint(J, 2, 8);
    nn_mat *X = jmat(J, m, side * side);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < side * side; j++)
            NN_AT(X, i, j) = juniform(J, -1.0, 1.0);
    j_transpose got, ref;
    const char *sizes = jfmt(J, "X is %d×%d here: %d images of %d×%d pixels", m, side * side, m, side, side);
    J_ON_FAIL(J, jcall_transpose_images(J, &got, &ref, X, side); expect_transposed(J, &got, ref.X, X, side),
              sizes_note(J, NN_CALL_TRANSPOSE_IMAGES, sizes));
}

/* ---- nn_load_data: fixtures ------------------------------------------------- */

/* A data file the judge writes. */
typedef struct {
    int m, n;            /* X is m×n */
    double *X;           /* m×n, row-major */
    int *y, n_y;         /* the labels */
    bool y_row;          /* y stored as a 1×n_y row vector (scipy.io.savemat), else n_y×1 (Octave) */
    bool as_uint8;       /* X and y stored as uint8 */
    bool no_y;           /* no variable y at all */
} data_file;

/* Write f to the judge's scratch folder and give it to the worker under the
 * same name; returns the judge's path. */
static const char *write_data(judge *J, const char *name, const data_file *f)
{
    double *yd = jalloc(J, ((size_t)f->n_y + 1) * sizeof *yd);
    for (int k = 0; k < f->n_y; k++)
        yd[k] = f->y[k];
    nn_mat X = nn_mat_wrap(f->X, f->m, f->n);
    nn_mat y = f->y_row ? nn_mat_wrap(yd, 1, f->n_y) : nn_mat_wrap(yd, f->n_y, 1);
    nn_matvar vars[2] = {{"X", &X, f->as_uint8}, {"y", &y, f->as_uint8}};
    const char *path = jscratch(J, name);
    nn_error err = {""};
    if (nn_mat_write(path, vars, f->no_y ? 1 : 2, &err) != 0)
        jfail(J, "the judge cannot write its fixture: %s", err.msg);
    jfixture_file(J, name, path);
    return path;
}

/* How f looks, for messages. */
static const char *describe(judge *J, const data_file *f)
{
    const char *cls = f->as_uint8 ? "uint8" : "double";
    if (f->no_y)
        return jfmt(J, "a file with X (%d×%d %s) and no y", f->m, f->n, cls);
    return jfmt(J, "a file with X %d×%d (%s) and y %s", f->m, f->n, cls,
                f->y_row ? jfmt(J, "1×%d (%s, a row vector)", f->n_y, cls) : jfmt(J, "%d×1 (%s)", f->n_y, cls));
}

/* A random data file: m images of side×side, labels 1..K; X in ±1, or
 * whole numbers 0..255 when stored as uint8. */
static data_file random_data(judge *J, int m, int side, int K, bool y_row, bool as_uint8)
{
    data_file f = {m, side * side, NULL, NULL, m, y_row, as_uint8, false};
    f.X = jalloc(J, (size_t)m * (size_t)f.n * sizeof *f.X);
    for (int k = 0; k < m * f.n; k++)
        f.X[k] = as_uint8 ? (double)jint(J, 0, 255) : juniform(J, -1.0, 1.0);
    f.y = jalloc(J, (size_t)m * sizeof *f.y);
    for (int i = 0; i < m; i++)
        f.y[i] = jint(J, 1, K);
    return f;
}

#define ROW_VECTOR_HINT                                                                                           \
    ". Hint: y is stored here as a 1×m row vector, the way scipy.io.savemat writes it, and the same file with y as " \
    "m×1 loads right; nn_load_data must accept y as m×1 or as 1×m (nn_labels_read reads both)"

/* ---- nn_load_data: what a good load must give --------------------------------- */

/* What nn_load_data must return for a file: X with its bias column (m×(n+1)),
 * the labels, and X with the other choice of transpose (for hints). */
typedef struct {
    const nn_mat *X, *X_other;
    const int *y;
    int m, n, side;
    bool transpose;
    const char *y_hint;  /* added to a failure to read y, or "" */
} loaded;

/* A hint for a wrong X (of the right shape), from what it holds instead. */
static const char *load_hint(judge *J, const nn_mat *got, const loaded *w)
{
    if (w->X_other && jclose_mat(got, w->X_other, TOL_REL))
        return w->transpose ? jfmt(J, "the images were not transposed: with transpose, each %d×%d image is "
                                   "transposed (nn_transpose_images) before the bias column goes in", w->side, w->side)
                            : "the images were transposed, but without transpose the pixels stay in the file's order";
    for (int i = 0; i < got->rows; i++)
        if (NN_AT(got, i, 0) != 1.0)
            return "column 0 is the bias column and must be 1 in every row (nn_add_bias)";
    return w->transpose ? "with transpose: each image transposed, then the bias column first"
                        : "without transpose: the bias column first, then the pixels in the file's order";
}

static void expect_loaded(judge *J, const j_load_data *got, const char *what, const loaded *w)
{
    if (got->rc != 0)
        jfail(J, "nn_load_data returned %d on %s, which it must read: %s%s", got->rc, what,
              got->err[0] ? got->err : "(no message in err)", w->y_hint);
    jexpect(J, got->X_null == 0, "nn_load_data returned 0 but %s *X", got->X_null < 0 ? "never set" : "left NULL in");
    jexpect(J, got->y_null == 0, "nn_load_data returned 0 but %s *y", got->y_null < 0 ? "never set" : "left NULL in");
    jexpect(J, got->m == w->m, "nn_load_data on %s: *m is %d, expected %d (the number of examples)", what, got->m,
            w->m);
    jexpect(J, got->X != NULL, "nn_load_data returned 0 but *X holds no matrix");
    if (got->X->rows != w->m || got->X->cols != w->n + 1)
        jfail(J, "X: expected %d×%d (%d pixels and the bias column), got %d×%d%s", w->m, w->n + 1, w->n, got->X->rows,
              got->X->cols, got->X->cols == w->n ? ". Hint: the bias column is missing (nn_add_bias)" : "");
    jexpect_same(J, "X", got->X, w->X, TOL_REL, load_hint(J, got->X, w));
    jexpect(J, got->n_y == w->m, "y: %d labels came back, expected %d", got->n_y, w->m);
    for (int i = 0; i < w->m; i++)
        jexpect(J, got->y[i] == w->y[i], "y[%d]: expected %d, got %d%s", i, w->y[i], got->y[i], w->y_hint);
}

/* X (m×n, no bias) as nn_load_data must give it: [1, X], each image
 * transposed first if asked. Built with the reference's functions. */
static nn_mat *with_bias(judge *J, const double *X, int m, int n, int side, bool transpose)
{
    nn_mat *Xb = jmat_bias(J, X, m, n);
    if (transpose) {
        nn_mat pixels = nn_mat_view(Xb, 0, 1, m, n);
        nn_transpose_images(&pixels, side);
    }
    return Xb;
}

/* True when nn_load_data returned 0 with the labels the reference read. */
static bool loads_right(const j_load_data *got, const j_load_data *ref)
{
    if (got->rc != 0 || got->m != ref->m || got->n_y != ref->m)
        return false;
    for (int i = 0; i < ref->m; i++)
        if (got->y[i] != ref->y[i])
            return false;
    return true;
}

/* Load f through the worker and the reference, and compare. When f's y is
 * a row vector and did not load right, the same file with y as a column
 * is tried: if that loads, the row vector is what went wrong. */
static void load_and_compare(judge *J, const char *name, const data_file *f, int side, bool transpose)
{
    const char *path = write_data(J, name, f);
    j_load_data got, ref;
    jcall_load_data(J, &got, &ref, path, name, transpose);
    const char *what = jfmt(J, "%s%s", describe(J, f), transpose ? ", with transpose" : "");
    jexpect(J, ref.rc == 0, "the reference could not read the judge's fixture: %s", ref.err);
    const char *y_hint = "";
    if (f->y_row && !loads_right(&got, &ref)) {
        data_file col = *f;
        col.y_row = false;
        const char *col_name = jfmt(J, "column-%s", name);
        j_load_data as_col;
        jcall_load_data(J, &as_col, NULL, write_data(J, col_name, &col), col_name, transpose);
        if (loads_right(&as_col, &ref))
            y_hint = ROW_VECTOR_HINT;
    }
    loaded w = {ref.X, with_bias(J, f->X, f->m, f->n, side, !transpose), ref.y, ref.m, f->n, side, transpose,
                y_hint};
    expect_loaded(J, &got, what, &w);
}

/* ---- nn_load_data: checks --------------------------------------------------- */

static void load_small(judge *J, bool transpose)
{
    data_file f = {SMALL_M, SMALL_N, (double *)SMALL_X, (int *)SMALL_Y, SMALL_M, false, false, false};
    const char *path = write_data(J, "small.mat", &f);
    j_load_data got;
    jcall_load_data(J, &got, NULL, path, "small.mat", transpose);
    loaded w = {jmat_from(J, transpose ? SMALL_XTB : SMALL_XB, SMALL_M, SMALL_N + 1),
                jmat_from(J, transpose ? SMALL_XB : SMALL_XTB, SMALL_M, SMALL_N + 1), SMALL_Y, SMALL_M, SMALL_N,
                SMALL_SIDE, transpose, ""};
    expect_loaded(J, &got, jfmt(J, "the 3×3-image file (%s)%s", describe(J, &f), transpose ? ", with transpose" : ""),
                  &w);
}

static void load_fixed(judge *J)
{
    load_small(J, false);
    load_small(J, true);
    jnote_fixed_pass(J, NN_CALL_LOAD_DATA);
}

/* Random sizes, double X, y either way round, transpose or not. */
static void load_random(judge *J)
{
    int side = jint(J, 2, 12), m = jint(J, 2, 40);
    data_file f = random_data(J, m, side, jint(J, 2, 12), jint(J, 0, 1), false);
    const char *sizes = jfmt(J, "X is %d×%d here: %d images of %d×%d pixels", m, side * side, m, side, side);
    J_ON_FAIL(J, load_and_compare(J, "random.mat", &f, side, jint(J, 0, 1)), sizes_note(J, -1, sizes));
}

/* y as a 1×m row vector, which is what scipy.io.savemat writes. */
static void load_row_vector(judge *J)
{
    int side = jint(J, 2, 10), m = jint(J, 2, 30);
    data_file f = random_data(J, m, side, 10, true, false);
    load_and_compare(J, "row-y.mat", &f, side, jint(J, 0, 1));
}

/* X and y stored as uint8, as image data often is. */
static void load_uint8(judge *J)
{
    int side = jint(J, 2, 10), m = jint(J, 2, 30);
    data_file f = random_data(J, m, side, 10, jint(J, 0, 1), true);
    load_and_compare(J, "uint8.mat", &f, side, jint(J, 0, 1));
}

/* The reference's message, with the judge's path shown as the worker's name. */
static const char *as_named(judge *J, const char *msg, const char *host_path, const char *name)
{
    const char *at = strstr(msg, host_path);
    if (!at)
        return msg;
    return jfmt(J, "%.*s%s%s", (int)(at - msg), msg, name, at + strlen(host_path));
}

/* A file nn_load_data must reject: the same rc as the reference's, X and y
 * set to NULL, and a message that names the file. */
static void expect_rejected(judge *J, const char *host_path, const char *name, bool transpose, const char *what)
{
    j_load_data got, ref;
    jcall_load_data(J, &got, &ref, host_path, name, transpose);
    jexpect(J, ref.rc != 0, "the reference read %s, which the judge meant as a bad file", what);
    jexpect(J, got.rc == ref.rc, "nn_load_data on %s must fail with %d, like the reference (\"%s\"); it returned %d",
            what, ref.rc, as_named(J, ref.err, host_path, name), got.rc);
    jexpect(J, got.X_null == 1, "nn_load_data on %s: on an error *X must be NULL, but it was %s", what,
            got.X_null < 0 ? "never set" : "left pointing to a matrix");
    jexpect(J, got.y_null == 1, "nn_load_data on %s: on an error *y must be NULL, but it was %s", what,
            got.y_null < 0 ? "never set" : "left pointing to labels");
    jexpect(J, strstr(got.err, name) != NULL, "nn_load_data on %s: the message must name the file (%s); got \"%s\"",
            what, name, got.err);
}

/* A good file first (so that failing everything cannot pass), then a missing one. */
static void load_missing_file(judge *J)
{
    int side = jint(J, 2, 6), m = jint(J, 2, 12);
    data_file f = random_data(J, m, side, 10, false, false);
    load_and_compare(J, "good.mat", &f, side, false);
    const char *name = jfmt(J, "no-such-file-%d.mat", jint(J, 1000, 9999));
    expect_rejected(J, jscratch(J, name), name, false, jfmt(J, "a file that does not exist (%s)", name));
}

/* Files whose contents are wrong: y and X of different lengths, a label 0,
 * no y, and transpose asked of images that are not square. */
static void load_bad_files(judge *J)
{
    int side = jint(J, 2, 6), m = jint(J, 3, 12);
    data_file good = random_data(J, m, side, 10, false, false);
    load_and_compare(J, "good.mat", &good, side, true);

    data_file f = good;
    f.n_y = m - 1;
    expect_rejected(J, write_data(J, "short-y.mat", &f), "short-y.mat", false,
                    jfmt(J, "a file whose X has %d rows and y %d labels", m, m - 1));
    f = good;
    f.y_row = true;
    f.y = jalloc(J, ((size_t)m + 1) * sizeof *f.y);
    memcpy(f.y, good.y, (size_t)m * sizeof *f.y);
    f.y[m] = 1;
    f.n_y = m + 1;
    expect_rejected(J, write_data(J, "long-y.mat", &f), "long-y.mat", false,
                    jfmt(J, "a file whose X has %d rows and y %d labels (as a row vector)", m, m + 1));
    f = good;
    f.y = jalloc(J, (size_t)m * sizeof *f.y);
    memcpy(f.y, good.y, (size_t)m * sizeof *f.y);
    int at = jint(J, 0, m - 1);
    f.y[at] = 0;
    expect_rejected(J, write_data(J, "zero-label.mat", &f), "zero-label.mat", false,
                    jfmt(J, "a file with the label 0 at y(%d) (labels start at 1)", at + 1));
    f = good;
    f.no_y = true;
    expect_rejected(J, write_data(J, "no-y.mat", &f), "no-y.mat", false, "a file without the variable y");
    f = good;
    f.n = side * side + 1;
    f.X = jalloc(J, (size_t)m * (size_t)f.n * sizeof *f.X);
    for (int k = 0; k < m * f.n; k++)
        f.X[k] = juniform(J, -1.0, 1.0);
    expect_rejected(J, write_data(J, "not-square.mat", &f), "not-square.mat", true,
                    jfmt(J, "a file whose images have %d pixels (not a square), with transpose", f.n));
}

/* ---- digits20 --------------------------------------------------------------- */

static void load_digits20(judge *J, bool transpose)
{
    j_load_data got, ref;
    jcall_load_data(J, &got, &ref, jdata_host(J, "digits20.mat"), jdata_worker(J, "digits20.mat"), transpose);
    const char *what = transpose ? "digits20.mat with transpose" : "digits20.mat";
    jexpect(J, got.rc == 0, "nn_load_data returned %d on %s: %s", got.rc, what, got.err);
    jexpect(J, got.m == D20_M, "nn_load_data on %s: *m is %d, expected %d", what, got.m, D20_M);
    jexpect(J, got.X && got.X->rows == D20_M && got.X->cols == D20_N + 1, "X: expected %d×%d, got %d×%d", D20_M,
            D20_N + 1, got.X ? got.X->rows : 0, got.X ? got.X->cols : 0);
    const gold_entry *want = transpose ? D20_XT_SAMPLES : D20_X_SAMPLES;
    int n = transpose ? (int)GOLD_COUNT(D20_XT_SAMPLES) : (int)GOLD_COUNT(D20_X_SAMPLES);
    /* For the hint: the file loaded with the other choice of transpose, by the reference. */
    nn_mat *other = NULL;
    int *other_y = NULL, other_m;
    nn_error err = {""};
    nn_load_data(jdata_host(J, "digits20.mat"), !transpose, &other, &other_y, &other_m, &err);
    jown(J, other);
    jown(J, other_y);
    bool is_other = other && jclose_mat(got.X, other, TOL_REL);
    const char *hint = is_other ? (transpose ? "the images were not transposed: with transpose each 20×20 image is "
                                               "transposed before the bias column goes in"
                                             : "the images were transposed, but without transpose the pixels stay in "
                                               "the file's order")
                                : (transpose ? "each image transposed, bias column first"
                                             : "bias column first, pixels as in the file");
    for (int k = 0; k < n; k++)
        jexpect_close(J, jfmt(J, "X[%d][%d] (pixel %d of example %d)", want[k].row, want[k].col + 1, want[k].col,
                              want[k].row),
                      NN_AT(got.X, want[k].row, want[k].col + 1), want[k].value, TOL_REL, hint);
    for (int i = 0; i < D20_M; i++)
        jexpect(J, NN_AT(got.X, i, 0) == 1.0, "X[%d][0]: expected the bias 1, got %g", i, NN_AT(got.X, i, 0));
    jexpect(J, got.n_y == D20_M, "y: %d labels came back, expected %d", got.n_y, D20_M);
    int counts[D20_K] = {0};
    for (int i = 0; i < D20_M; i++)
        if (got.y[i] >= 1 && got.y[i] <= D20_K)
            counts[got.y[i] - 1]++;
    for (int k = 0; k < D20_K; k++)
        jexpect(J, counts[k] == D20_Y_COUNTS[k], "labels equal to %d: expected %d, got %d", k + 1, D20_Y_COUNTS[k],
                counts[k]);
    jexpect_same(J, "X", got.X, ref.X, TOL_REL, hint);
    for (int i = 0; i < D20_M; i++)
        jexpect(J, got.y[i] == ref.y[i], "y[%d]: expected %d, got %d", i, ref.y[i], got.y[i]);
}

static void load_digits20_plain(judge *J)
{
    load_digits20(J, false);
}

static void load_digits20_transposed(judge *J)
{
    load_digits20(J, true);
}

static const check_def CHECKS[] = {
    {"nn_add_bias on the grader's three 3×3 images", add_bias_fixed, J_FIXED, 1, NULL},
    {"nn_transpose_images on the grader's three 3×3 images", transpose_fixed, J_FIXED, 1, NULL},
    {"nn_load_data on the grader's small file, with and without transpose", load_fixed, J_FIXED, 1, NULL},
    {"nn_add_bias on a matrix of random size", add_bias_random, J_SECRET, 2, NULL},
    {"nn_transpose_images on images of a random side", transpose_random, J_SECRET, 2, NULL},
    {"nn_load_data on a file of random size", load_random, J_SECRET, 2, NULL},
    {"nn_load_data with y as a 1×m row vector (scipy.io.savemat)", load_row_vector, J_SECRET, 2, NULL},
    {"nn_load_data with X and y stored as uint8", load_uint8, J_SECRET, 1, NULL},
    {"nn_load_data reports a missing file, naming it", load_missing_file, J_SECRET, 1, NULL},
    {"nn_load_data rejects bad files (y not matching X, label 0, no y, not square)", load_bad_files, J_SECRET, 1,
     NULL},
    {"nn_load_data on digits20.mat", load_digits20_plain, J_DATA, 1, "digits20.mat"},
    {"nn_load_data on digits20.mat with transpose", load_digits20_transposed, J_DATA, 1, "digits20.mat"},
};
J_TABLE(1, CHECKS);
