/* test_idx_resize.c - unit checks of the library's MNIST path: the IDX reader
 * (lib/nn_idx), the MATLAB-compatible resize (lib/nn_resize) and the digit-set
 * builder (lib/nn_digits). Linked with tests/check/harness.o, which has main().
 *
 * Reference values marked "Octave" were printed with %.17g by octave-cli 7.3
 * from tests/oracle/resize_course.m and build_digits20.m (the Octave oracle of
 * the recipe in docs/FACTS.md, "digits20"); the one-liners are next to each
 * table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"
#include "nn_digits.h"
#include "nn_idx.h"
#include "nn_resize.h"

const chapter_info CHAPTER = {0, "library: IDX and resize", 0};

/* ---- the resize -------------------------------------------------------- */

/* Weights and resized values are sums of a few products: they should agree
 * with an independent computation to rounding error. Relative, with the
 * harness's floor: values that should be 0 may be 1e-16 (a tap exactly at the
 * kernel's edge, |x| = 2, evaluates to rounding noise), so near zero this
 * allows 1e-15. */
#define TOL_RESIZE 1e-9

/* Weights are at most 1 in size, so they compare absolutely: a weight that is
 * rounding noise in one computation may be exactly 0 or of the other sign in
 * the other. */
#define TOL_WEIGHT_ABS 1e-14

/* An independent 1-D weight matrix (out×in, row-major), written from the
 * filter in docs/FACTS.md ("digits20") the way Octave's oracle does it: the
 * taps whose kernel value may be nonzero, ceil(u - 2/s) .. floor(u + 2/s), an
 * explicit padded sequence 1..n, n..1 for the reflection, and clamp instead
 * when `clamp` is set. */
static double ref_cubic(double x)
{
    x = fabs(x);
    return x <= 1 ? (1.5 * x - 2.5) * x * x + 1 : x <= 2 ? ((-0.5 * x + 2.5) * x - 4) * x + 2 : 0;
}

static void ref_weights(double *M, int out, int in, bool clamp)
{
    double scale = (double)out / in, s = fmin(scale, 1.0), half = 2.0 / s;
    int *seq = malloc(2 * (size_t)in * sizeof *seq); /* 1..in, in..1 (1-based) */
    ck_assert_msg(seq != NULL, "out of memory");
    for (int k = 0; k < in; k++) {
        seq[k] = k + 1;
        seq[2 * in - 1 - k] = k + 1;
    }
    memset(M, 0, (size_t)out * (size_t)in * sizeof *M);
    for (int i = 1; i <= out; i++) {
        double u = i / scale + 0.5 * (1 - 1 / scale), sum = 0;
        int j0 = (int)ceil(u - half), j1 = (int)floor(u + half);
        for (int j = j0; j <= j1; j++)
            sum += s * ref_cubic(s * (u - j));
        for (int j = j0; j <= j1; j++) {
            int m = ((j - 1) % (2 * in) + 2 * in) % (2 * in);
            int src = clamp ? (j < 1 ? 1 : j > in ? in : j) : seq[m];
            M[(size_t)(i - 1) * (size_t)in + (size_t)(src - 1)] += s * ref_cubic(s * (u - j)) / sum;
        }
    }
    free(seq);
}

/* nn_resize_weights for out×in, failing the check on an error. */
static nn_mat *weights(int out, int in)
{
    nn_mat *M = nn_mat_new(out, in);
    ck_assert_msg(M != NULL, "out of memory");
    nn_error err;
    ck_assert_msg(nn_resize_weights(M, &err) == 0, "nn_resize_weights(%d×%d): %s", out, in, err.msg);
    return M;
}

static const int SIZES[][2] = {{20, 28}, {5, 7}, {7, 5}, {3, 10}, {10, 3}, {1, 4}, {4, 1},
                               {28, 28}, {13, 28}, {1, 1}, {2, 9}};
#define N_SIZES (int)(sizeof SIZES / sizeof SIZES[0])

START_TEST(weights_rows_sum_to_one)
{
    for (int k = 0; k < N_SIZES; k++) {
        nn_mat *M = weights(SIZES[k][0], SIZES[k][1]);
        for (int i = 0; i < M->rows; i++) {
            double sum = 0;
            for (int j = 0; j < M->cols; j++)
                sum += NN_AT(M, i, j);
            char label[128];
            snprintf(label, sizeof label, "sum of row %d of the %d×%d weights", i, M->rows, M->cols);
            EXPECT_CLOSE(label, sum, 1.0, TOL_RESIZE);
        }
        nn_mat_free(M);
    }
}
END_TEST

START_TEST(weights_match_formula)
{
    for (int k = 0; k < N_SIZES; k++) {
        int out = SIZES[k][0], in = SIZES[k][1];
        nn_mat *M = weights(out, in);
        double *want = malloc((size_t)out * (size_t)in * sizeof *want);
        ck_assert_msg(want != NULL, "out of memory");
        ref_weights(want, out, in, false);
        for (int i = 0; i < out; i++)
            for (int j = 0; j < in; j++) {
                double w = want[(size_t)i * (size_t)in + (size_t)j];
                EXPECT_TRUE(fabs(NN_AT(M, i, j) - w) <= TOL_WEIGHT_ABS,
                            "weights %d→%d [%d][%d]: expected %.17g, got %.17g (absolute tolerance %g). "
                            "Hint: see the maths at the top of lib/nn_resize.c",
                            in, out, i, j, w, NN_AT(M, i, j), TOL_WEIGHT_ABS);
            }
        free(want);
        nn_mat_free(M);
    }
}
END_TEST

START_TEST(weights_28_to_20_octave)
{
    /* Octave: M = resize_course(28, 20); printf("%.17g, ", M(1, 1:5)) */
    static const double WANT[5] = {0.7583333333333333, 0.2937499999999999, -0.052083333333333183, 0, 0};
    nn_mat *M = weights(20, 28);
    nn_mat row = nn_mat_view(M, 0, 0, 1, 5);
    EXPECT_MAT("M(1, 1:5) of 28→20", &row, WANT, TOL_RESIZE, NULL);
    nn_mat_free(M);
}
END_TEST

START_TEST(same_size_is_identity)
{
    nn_mat *M = weights(28, 28);
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            EXPECT_TRUE(NN_AT(M, i, j) == (i == j ? 1.0 : 0.0),
                        "28→28 weights (%d, %d) = %.17g, expected %d", i, j, NN_AT(M, i, j), i == j);
    nn_mat_free(M);
}
END_TEST

START_TEST(constant_stays_constant)
{
    static const int SHAPES[][4] = {{28, 28, 20, 20}, {7, 7, 5, 5}, {5, 4, 7, 3}, {3, 9, 10, 2}};
    for (size_t k = 0; k < sizeof SHAPES / sizeof SHAPES[0]; k++) {
        nn_mat *A = nn_mat_new(SHAPES[k][0], SHAPES[k][1]);
        nn_mat *B = nn_mat_new(SHAPES[k][2], SHAPES[k][3]);
        ck_assert_msg(A && B, "out of memory");
        nn_mat_fill(A, 0.625);
        nn_error err;
        ck_assert_msg(nn_resize(B, A, &err) == 0, "nn_resize: %s", err.msg);
        for (int i = 0; i < B->rows; i++)
            for (int j = 0; j < B->cols; j++) {
                char label[128];
                snprintf(label, sizeof label, "constant %d×%d resized to %d×%d, (%d, %d)", A->rows,
                         A->cols, B->rows, B->cols, i, j);
                EXPECT_CLOSE(label, NN_AT(B, i, j), 0.625, TOL_RESIZE);
            }
        nn_mat_free(A);
        nn_mat_free(B);
    }
}
END_TEST

START_TEST(resize_7_to_5_octave)
{
    /* Octave: A = sin(reshape(1:49, 7, 7)); B = resize_course(7, 5) * A * resize_course(7, 5)';
     *         printf("%.17g, ", B')                      (B row by row) */
    static const double WANT[25] = {
        0.92127308918501827, 0.67271472763682572, -0.2062471244667905, -0.88927467152019235, -0.74875476223466197,
        0.36655447895604132, -0.52114448575758821, -0.9430338284673403, -0.4690431520142459, 0.42225951670754958,
        -0.79834783573712653, -0.86248569257935515, -0.12637852591893864, 0.72978795654146345, 0.90405894279063703,
        -0.62659159142240128, 0.2402164503796195, 0.90186993287366957, 0.70674900457229561, -0.12779028104461773,
        0.5719715864108047, 0.94049459112153044, 0.44262787542587767, -0.47573432786328035, -0.94221393877077086};
    nn_mat *A = nn_mat_new(7, 7), *B = nn_mat_new(5, 5);
    ck_assert_msg(A && B, "out of memory");
    for (int r = 0; r < 7; r++)
        for (int c = 0; c < 7; c++)
            NN_AT(A, r, c) = sin(1 + r + 7 * c); /* column-major 1:49, as reshape */
    nn_error err;
    ck_assert_msg(nn_resize(B, A, &err) == 0, "nn_resize: %s", err.msg);
    EXPECT_MAT("7×7 sin pattern resized to 5×5", B, WANT, TOL_RESIZE, NULL);
    nn_mat_free(A);
    nn_mat_free(B);
}
END_TEST

START_TEST(resize_mixed_octave)
{
    /* Rows enlarged 5→7 (plain cubic), columns shrunk 4→3 (stretched kernel).
     * Octave: C = cos(reshape(1:20, 5, 4)); D = resize_course(5, 7) * C * resize_course(4, 3)';
     *         printf("%.17g, ", D') */
    static const double WANT[21] = {
        0.73190777446015598, 0.51681921879311843, -0.86018182586225134,
        0.22123389168101795, 0.77925539721181314, -0.41464435948585698,
        -0.41470786904739521, 0.82976615519975938, 0.20876067789539623,
        -0.87472951943009214, 0.42533539270024351, 0.76916166892760995,
        -0.87054167535118609, -0.20481626207080283, 0.92137688188666911,
        -0.42235342252728869, -0.68146144750273996, 0.59149152259570825,
        0.098569086398180655, -0.92063684915248356, 0.12993212682415817};
    nn_mat *A = nn_mat_new(5, 4), *B = nn_mat_new(7, 3);
    ck_assert_msg(A && B, "out of memory");
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 4; c++)
            NN_AT(A, r, c) = cos(1 + r + 5 * c);
    nn_error err;
    ck_assert_msg(nn_resize(B, A, &err) == 0, "nn_resize: %s", err.msg);
    EXPECT_MAT("5×4 cos pattern resized to 7×3", B, WANT, TOL_RESIZE, NULL);
    nn_mat_free(A);
    nn_mat_free(B);
}
END_TEST

START_TEST(symmetric_padding_not_clamping)
{
    /* A ramp 1..7 resized to 5: output 1's taps reach positions -2, -1, 0,
     * which reflect onto 3, 2, 1; clamping would put them all on 1. */
    nn_mat *M = weights(5, 7);
    double sym[35], clamp[35], x[7] = {1, 2, 3, 4, 5, 6, 7};
    ref_weights(sym, 5, 7, false);
    ref_weights(clamp, 5, 7, true);
    double got = 0, want_sym = 0, want_clamp = 0;
    for (int j = 0; j < 7; j++) {
        got += NN_AT(M, 0, j) * x[j];
        want_sym += sym[j] * x[j];
        want_clamp += clamp[j] * x[j];
    }
    EXPECT_CLOSE("ramp 1..7 resized to 5, first value", got, want_sym, TOL_RESIZE);
    EXPECT_TRUE(fabs(want_clamp - want_sym) > 1e-3,
                "the test is broken: clamping gives %.10g, reflecting %.10g", want_clamp, want_sym);
    EXPECT_TRUE(fabs(got - want_clamp) > 1e-3, "first value %.10g is what clamping to the edge gives", got);
    nn_mat_free(M);
}
END_TEST

START_TEST(resize_bad_sizes)
{
    nn_mat *M = nn_mat_new(0, 5);
    ck_assert_msg(M != NULL, "out of memory");
    nn_error err = {""};
    EXPECT_TRUE(nn_resize_weights(M, &err) != 0, "0×5 weights accepted");
    EXPECT_TRUE(strstr(err.msg, "resize") != NULL, "message '%s' does not say what failed", err.msg);
    nn_mat_free(M);
}
END_TEST

/* ---- IDX files --------------------------------------------------------- */

/* Write n bytes to path, through gzip when gz is set. */
static void write_bytes(const char *path, const unsigned char *b, size_t n, bool gz)
{
    if (gz) {
        gzFile f = gzopen(path, "wb");
        ck_assert_msg(f != NULL, "cannot create %s", path);
        ck_assert_msg(n == 0 || gzwrite(f, b, (unsigned)n) == (int)n, "cannot write %s", path);
        ck_assert_msg(gzclose(f) == Z_OK, "cannot close %s", path);
    } else {
        FILE *f = fopen(path, "wb");
        ck_assert_msg(f != NULL, "cannot create %s", path);
        ck_assert_msg(fwrite(b, 1, n, f) == n, "cannot write %s", path);
        ck_assert_msg(fclose(f) == 0, "cannot close %s", path);
    }
}

static size_t put_u32(unsigned char *b, unsigned long v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
    return 4;
}

/* Pixel (r, c) of image k in the fixtures. */
static unsigned char fixture_pixel(int k, int r, int c, int rows, int cols)
{
    return (unsigned char)((k * rows * cols + r * cols + c) * 37 % 256);
}

/* An IDX image file in buf: header (with the given magic and dimensions)
 * then `payload` bytes of pixels (which may differ from count*rows*cols).
 * Returns its length. */
static size_t image_file(unsigned char *buf, unsigned long magic, int count, int rows, int cols,
                         size_t payload)
{
    size_t n = 0;
    n += put_u32(buf + n, magic);
    n += put_u32(buf + n, (unsigned long)count);
    n += put_u32(buf + n, (unsigned long)rows);
    n += put_u32(buf + n, (unsigned long)cols);
    for (size_t p = 0; p < payload; p++) {
        size_t per = (size_t)rows * (size_t)cols, k = p / per, rc = p % per;
        buf[n++] = fixture_pixel((int)k, (int)(rc / (size_t)cols), (int)(rc % (size_t)cols), rows, cols);
    }
    return n;
}

static size_t label_file(unsigned char *buf, int count, size_t payload)
{
    size_t n = 0;
    n += put_u32(buf + n, 0x00000801);
    n += put_u32(buf + n, (unsigned long)count);
    for (size_t p = 0; p < payload; p++)
        buf[n++] = (unsigned char)(p * 7 % 10);
    return n;
}

/* Read path as images and expect an error naming the file and saying `what`. */
static void expect_image_error(const char *path, const char *what)
{
    nn_idx_images *img = (nn_idx_images *)&img; /* not NULL, to see it reset */
    nn_error err = {""};
    int rc = nn_idx_read_images(path, &img, &err);
    EXPECT_TRUE(rc != 0, "%s: read as images without an error (expected '%s')", path, what);
    EXPECT_TRUE(img == NULL, "%s: *out not NULL after an error", path);
    EXPECT_TRUE(strstr(err.msg, path) != NULL, "message '%s' does not name the file %s", err.msg, path);
    EXPECT_TRUE(strstr(err.msg, what) != NULL, "message '%s' does not say '%s'", err.msg, what);
    EXPECT_TRUE(strchr(err.msg, '\n') == NULL, "message '%s' is more than one line", err.msg);
}

static void check_images_round_trip(bool gz)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", nnt_tmp_path(gz ? "img.idx.gz" : "img.idx"));
    unsigned char buf[256];
    size_t n = image_file(buf, 0x00000803, 3, 2, 5, 30);
    write_bytes(path, buf, n, gz);
    nn_idx_images *img;
    nn_error err;
    int rc = nn_idx_read_images(path, &img, &err);
    unlink(path);
    ck_assert_msg(rc == 0, "%s", err.msg);
    EXPECT_TRUE(img->count == 3 && img->rows == 2 && img->cols == 5, "read %d images of %d×%d, expected 3 of 2×5",
                img->count, img->rows, img->cols);
    for (int k = 0; k < 3; k++)
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 5; c++)
                EXPECT_TRUE(img->pixels[(k * 2 + r) * 5 + c] == fixture_pixel(k, r, c, 2, 5),
                            "image %d pixel (%d, %d) is %d, expected %d", k, r, c,
                            img->pixels[(k * 2 + r) * 5 + c], fixture_pixel(k, r, c, 2, 5));
    nn_idx_images_free(img);
}

START_TEST(idx_images_plain) { check_images_round_trip(false); }
END_TEST

START_TEST(idx_images_gzip) { check_images_round_trip(true); }
END_TEST

START_TEST(idx_labels_plain_and_gzip)
{
    for (int gz = 0; gz < 2; gz++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", nnt_tmp_path(gz ? "lab.idx.gz" : "lab.idx"));
        unsigned char buf[64];
        write_bytes(path, buf, label_file(buf, 23, 23), gz);
        unsigned char *labels;
        int count;
        nn_error err;
        int rc = nn_idx_read_labels(path, &labels, &count, &err);
        unlink(path);
        ck_assert_msg(rc == 0, "%s", err.msg);
        EXPECT_TRUE(count == 23, "%s: %d labels, expected 23", path, count);
        for (int k = 0; k < 23; k++)
            EXPECT_TRUE(labels[k] == k * 7 % 10, "%s: label %d is %d, expected %d", path, k, labels[k], k * 7 % 10);
        free(labels);
    }
    nn_idx_images_free(NULL); /* must be a no-op */
}
END_TEST

START_TEST(idx_bad_files)
{
    unsigned char buf[512];
    char path[4096];
    struct {
        const char *file; /* suffix of the temporary file */
        bool gz;
        const char *what; /* part of the expected message */
    } cases[] = {
        {"labels-as-images.idx", false, "0x00000801, expected 0x00000803"},
        {"bad-magic.idx.gz", true, "magic number 0x00000d03"},
        {"truncated.idx", false, "truncated: expected 30 pixel bytes, found 17"},
        {"trailing.idx.gz", true, "3 trailing bytes"},
        {"huge.idx", false, "rows is 100000"},
        {"empty.idx", false, "empty file"},
        {"short-header.idx", false, "truncated: the header"},
        {"missing.idx", false, "cannot open"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(path, sizeof path, "%s", nnt_tmp_path(cases[k].file));
        size_t n = 0;
        switch (k) {
        case 0: n = label_file(buf, 30, 30); break;
        case 1: n = image_file(buf, 0x00000d03, 3, 2, 5, 30); break;
        case 2: n = image_file(buf, 0x00000803, 3, 2, 5, 17); break;
        case 3: n = image_file(buf, 0x00000803, 3, 2, 5, 33); break;
        case 4: n = image_file(buf, 0x00000803, 3, 100000, 5, 0); break;
        case 5: n = 0; break;
        case 6: n = image_file(buf, 0x00000803, 3, 2, 5, 0) - 6; break;
        default: break;
        }
        if (k < 7)
            write_bytes(path, buf, n, cases[k].gz);
        expect_image_error(path, cases[k].what);
        unlink(path);
    }
}
END_TEST

/* A gzipped image file of 200 pseudo-random 8×8 images, in memory. */
static void gzip_fixture(const char *path, unsigned char **gzbytes, long *gzlen)
{
    enum { COUNT = 200, SIDE = 8 };
    static unsigned char raw[16 + COUNT * SIDE * SIDE];
    size_t n = image_file(raw, 0x00000803, COUNT, SIDE, SIDE, 0);
    unsigned long state = 12345; /* fixed seed */
    for (int p = 0; p < COUNT * SIDE * SIDE; p++) {
        state = state * 1103515245ul + 12345ul;
        raw[n++] = (unsigned char)(state >> 16);
    }
    write_bytes(path, raw, n, true);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot reopen %s", path);
    fseek(f, 0, SEEK_END);
    *gzlen = ftell(f);
    rewind(f);
    *gzbytes = malloc((size_t)*gzlen);
    ck_assert_msg(*gzbytes && fread(*gzbytes, 1, (size_t)*gzlen, f) == (size_t)*gzlen, "cannot read %s", path);
    fclose(f);
}

START_TEST(idx_corrupt_gzip)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", nnt_tmp_path("corrupt.idx.gz"));
    unsigned char *gz;
    long len;
    gzip_fixture(path, &gz, &len);
    for (long k = len / 2; k < len / 2 + 8; k++)
        gz[k] ^= 0x5a;
    write_bytes(path, gz, (size_t)len, false);
    expect_image_error(path, "");
    unlink(path);
    free(gz);
}
END_TEST

START_TEST(idx_truncated_gzip)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", nnt_tmp_path("cut.idx.gz"));
    unsigned char *gz;
    long len;
    gzip_fixture(path, &gz, &len);
    write_bytes(path, gz, (size_t)len / 2, false);
    expect_image_error(path, "truncated");
    /* Cut inside the 8-byte trailer only: every pixel is there, the checksum is not. */
    write_bytes(path, gz, (size_t)len - 3, false);
    expect_image_error(path, "truncated");
    unlink(path);
    free(gz);
}
END_TEST

/* ---- the digit-set builder --------------------------------------------- */

/* 30 images of 2×2 with labels k % 10; pixel (r, c) of image k is 8k + 2r + c. */
static nn_idx_images *small_digits(unsigned char labels[30])
{
    nn_idx_images *img = malloc(sizeof *img + 30 * 4);
    ck_assert_msg(img != NULL, "out of memory");
    *img = (nn_idx_images){30, 2, 2, (unsigned char *)(img + 1)};
    for (int k = 0; k < 30; k++) {
        labels[k] = (unsigned char)(k % 10);
        for (int p = 0; p < 4; p++)
            img->pixels[k * 4 + p] = (unsigned char)(8 * k + p);
    }
    return img;
}

START_TEST(digits_select_and_unroll)
{
    unsigned char labels[30];
    nn_idx_images *img = small_digits(labels);
    nn_mat *X, *y;
    nn_digits_counts counts;
    nn_error err;
    /* 2 per class after skipping 1: digit d gives images d+10 and d+20. */
    ck_assert_msg(nn_digits_build(&X, &y, &counts, img, labels, 30, 2, 1, 2, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(X->rows == 20 && X->cols == 4 && y->rows == 20, "X %d×%d, y %d rows: expected 20×4, 20",
                X->rows, X->cols, y->rows);
    for (int i = 0; i < 20; i++) {
        int d = i / 2, k = d + 10 * (1 + i % 2);
        EXPECT_TRUE(NN_AT(y, i, 0) == (d == 0 ? 10 : d), "y(%d) = %g, expected %d", i + 1, NN_AT(y, i, 0),
                    d == 0 ? 10 : d);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++) {
                char label[128];
                snprintf(label, sizeof label, "X(%d,%d) (pixel (%d, %d) of image %d)", i + 1, r + 2 * c + 1, r, c, k);
                EXPECT_CLOSE(label, NN_AT(X, i, r + 2 * c), (8 * k + 2 * r + c) / 255.0, TOL_REL);
            }
    }
    EXPECT_TRUE(counts.available[5] == 3 && counts.taken[5] == 2, "digit 5: available %d taken %d, expected 3, 2",
                counts.available[5], counts.taken[5]);
    nn_mat_free(X);
    nn_mat_free(y);
    /* Asking for 5 after skipping 1 takes the 2 there are. */
    ck_assert_msg(nn_digits_build(&X, &y, &counts, img, labels, 30, 5, 1, 2, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(X->rows == 20 && counts.taken[0] == 2, "short classes: %d rows, expected 20", X->rows);
    nn_mat_free(X);
    nn_mat_free(y);
    nn_idx_images_free(img);
}
END_TEST

START_TEST(digits_errors)
{
    unsigned char labels[30];
    nn_idx_images *img = small_digits(labels);
    nn_mat *X = (nn_mat *)&X, *y = (nn_mat *)&y;
    nn_error err = {""};
    EXPECT_TRUE(nn_digits_build(&X, &y, NULL, img, labels, 29, 1, 0, 2, &err) != 0, "30 images, 29 labels accepted");
    EXPECT_TRUE(X == NULL && y == NULL, "X or y not NULL after an error");
    EXPECT_TRUE(strstr(err.msg, "30 images but 29 labels") != NULL, "message: %s", err.msg);
    EXPECT_TRUE(nn_digits_build(&X, &y, NULL, img, labels, 30, 1, 3, 2, &err) != 0, "offset 3 of 3 accepted");
    EXPECT_TRUE(strstr(err.msg, "digit 0 has 3 examples, none left") != NULL, "message: %s", err.msg);
    labels[7] = 10;
    EXPECT_TRUE(nn_digits_build(&X, &y, NULL, img, labels, 30, 1, 0, 2, &err) != 0, "label 10 accepted");
    EXPECT_TRUE(strstr(err.msg, "label 10 of example 8") != NULL, "message: %s", err.msg);
    nn_idx_images_free(img);
}
END_TEST

/* ---- the real MNIST test set, when DATA_DIR has it --------------------- */

#define MNIST_LABELS "mnist/t10k-labels-idx1-ubyte.gz"
#define MNIST_IMAGES "mnist/t10k-images-idx3-ubyte.gz"

START_TEST(mnist_labels)
{
    unsigned char *labels;
    int count, per_digit[10] = {0};
    nn_error err;
    ck_assert_msg(nn_idx_read_labels(nnt_data_path(MNIST_LABELS), &labels, &count, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(count == 10000, "%d labels, expected 10000", count);
    for (int k = 0; k < count; k++) {
        EXPECT_TRUE(labels[k] <= 9, "label %d is %d", k, labels[k]);
        per_digit[labels[k]]++;
    }
    EXPECT_TRUE(per_digit[0] == 980 && per_digit[1] == 1135 && per_digit[5] == 892,
                "%d zeros, %d ones, %d fives; expected 980, 1135, 892", per_digit[0], per_digit[1], per_digit[5]);
    free(labels);
}
END_TEST

START_TEST(mnist_digits20)
{
    /* Octave (tests/oracle): [X, y] = build_digits20(DATA_DIR/mnist);
     *   for r = [1 501 5000], printf("%.17g, ", X(r, [150 170 190 210 230 250])), end
     *   printf("%.17g %.17g", min(X(:)), max(X(:))) */
    static const int ROWS[3] = {1, 501, 5000}, COLS[6] = {150, 170, 190, 210, 230, 250}; /* 1-based */
    static const double WANT[3][6] = {
        {0.77526673732556073, 0.13376965890522821, -0.039722562636165429, -0.0028376055283224149,
         -0.0033126531862745336, -0.013013550881198285},
        {0, -0.011394046160130317, 0.14414722903050162, 0.86362751906318203, 0.42273990672657846,
         -0.02732460967755123},
        {-0.035751056486350914, -0.0011500204248366056, -0.0001390931372549083, -0.038850302968410348,
         0.2555211907679748, 0.97800758903700158}};
    static const double WANT_MIN = -0.14645317829141435, WANT_MAX = 1.1233795822520303;
    char images_path[4096];
    snprintf(images_path, sizeof images_path, "%s", nnt_data_path(MNIST_IMAGES));
    nn_idx_images *img;
    unsigned char *labels;
    int count;
    nn_error err;
    ck_assert_msg(nn_idx_read_images(images_path, &img, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(img->count == 10000 && img->rows == 28 && img->cols == 28, "%d images of %d×%d, expected 10000 of 28×28",
                img->count, img->rows, img->cols);
    ck_assert_msg(nn_idx_read_labels(nnt_data_path(MNIST_LABELS), &labels, &count, &err) == 0, "%s", err.msg);
    nn_mat *X, *y;
    ck_assert_msg(nn_digits_build(&X, &y, NULL, img, labels, count, 500, 0, 20, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(X->rows == 5000 && X->cols == 400, "X is %d×%d, expected 5000×400", X->rows, X->cols);
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 6; c++) {
            char label[128];
            snprintf(label, sizeof label, "X(%d, %d)", ROWS[r], COLS[c]);
            EXPECT_CLOSE(label, NN_AT(X, ROWS[r] - 1, COLS[c] - 1), WANT[r][c], TOL_REL);
        }
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++) {
            lo = fmin(lo, NN_AT(X, i, j));
            hi = fmax(hi, NN_AT(X, i, j));
        }
    EXPECT_CLOSE("min(X(:))", lo, WANT_MIN, TOL_REL);
    EXPECT_CLOSE("max(X(:))", hi, WANT_MAX, TOL_REL);
    EXPECT_TRUE(NN_AT(y, 0, 0) == 10 && NN_AT(y, 4999, 0) == 9, "y(1) = %g, y(5000) = %g; expected 10 and 9",
                NN_AT(y, 0, 0), NN_AT(y, 4999, 0));
    nn_mat_free(X);
    nn_mat_free(y);
    free(labels);
    nn_idx_images_free(img);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("idx_resize");
    nnt_add(s, "resize weights: each row sums to 1", weights_rows_sum_to_one);
    nnt_add(s, "resize weights match the formula, shrinking and enlarging", weights_match_formula);
    nnt_add(s, "resize weights 28→20 match Octave", weights_28_to_20_octave);
    nnt_add(s, "resize to the same size is the identity", same_size_is_identity);
    nnt_add(s, "resize of a constant image is constant", constant_stays_constant);
    nnt_add(s, "resize 7×7 → 5×5 matches Octave", resize_7_to_5_octave);
    nnt_add(s, "resize 5×4 → 7×3 (enlarge and shrink) matches Octave", resize_mixed_octave);
    nnt_add(s, "resize pads symmetrically, not by clamping", symmetric_padding_not_clamping);
    nnt_add(s, "resize rejects a zero size", resize_bad_sizes);
    nnt_add(s, "IDX images, plain", idx_images_plain);
    nnt_add(s, "IDX images, gzipped", idx_images_gzip);
    nnt_add(s, "IDX labels, plain and gzipped", idx_labels_plain_and_gzip);
    nnt_add(s, "IDX: bad magic, truncated, trailing bytes, limits, missing", idx_bad_files);
    nnt_add(s, "IDX: corrupt gzip data", idx_corrupt_gzip);
    nnt_add(s, "IDX: truncated gzip file", idx_truncated_gzip);
    nnt_add(s, "digits: selection, labels and column-major unrolling", digits_select_and_unroll);
    nnt_add(s, "digits: count mismatch, empty class, bad label", digits_errors);
    if (nnt_data_path(MNIST_LABELS))
        nnt_add(s, "MNIST test labels: 10000, 980 zeros, 1135 ones", mnist_labels);
    else
        nnt_skip("MNIST test labels: 10000, 980 zeros, 1135 ones", MNIST_LABELS);
    if (nnt_data_path(MNIST_LABELS) && nnt_data_path(MNIST_IMAGES))
        nnt_add(s, "MNIST → digits20 matches Octave", mnist_digits20);
    else
        nnt_skip("MNIST → digits20 matches Octave", MNIST_IMAGES);
    return s;
}
