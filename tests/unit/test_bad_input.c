/* test_bad_input.c - the library and `nnwb eval` on every kind of bad input.
 *
 * Each case writes a small .mat file with matio (so no data file and no
 * Octave are needed), then checks that nn_mat_read / nn_labels_read return
 * an error that names the file and the problem, and that `build/nnwb eval`
 * exits non-zero with exactly one line on stderr. Also reads the file kinds
 * users have: MATLAB v4, v5 plain and compressed, and v7.3 (HDF5). */
#include <math.h>
#include <stdbool.h>
#include <matio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "nn_matio.h"

const chapter_info CHAPTER = {0, "library: .mat reading and bad input", 0};

/* A 2×3 double matrix, 1..6 in MATLAB's column-major order: [1 3 5; 2 4 6]. */
static const double SIX[6] = {1, 2, 3, 4, 5, 6};
static const double SIX_ROWMAJOR[6] = {1, 3, 5, 2, 4, 6};

/* Write one variable of the given class (data in MATLAB order) to path. */
static void write_var(const char *path, enum mat_ft ver, const char *name, enum matio_classes cls,
                      enum matio_types type, int rows, int cols, const void *data, int compress)
{
    mat_t *mat = Mat_CreateVer(path, NULL, ver);
    ck_assert_msg(mat != NULL, "cannot create %s", path);
    size_t dims[2] = {(size_t)rows, (size_t)cols};
    matvar_t *v = Mat_VarCreate(name, cls, type, 2, dims, (void *)data, 0);
    ck_assert(v != NULL);
    ck_assert(Mat_VarWrite(mat, v, compress ? MAT_COMPRESSION_ZLIB : MAT_COMPRESSION_NONE) == 0);
    Mat_VarFree(v);
    Mat_Close(mat);
}

/* nn_mat_read must fail with a message containing every one of the words. */
static void expect_read_error(const char *path, const char *name, int rows, int cols, const char *word)
{
    nn_mat *m = (nn_mat *)1;
    nn_error err = {""};
    int rc = nn_mat_read(path, name, rows, cols, &m, &err);
    EXPECT_TRUE(rc == -1, "%s: reading %s should fail", path, name);
    EXPECT_TRUE(m == NULL, "on error the output must be NULL");
    EXPECT_TRUE(strstr(err.msg, path) != NULL, "the message must name the file: \"%s\"", err.msg);
    EXPECT_TRUE(strstr(err.msg, word) != NULL, "the message must say \"%s\": \"%s\"", word, err.msg);
    EXPECT_TRUE(strchr(err.msg, '\n') == NULL, "the message must be one line: \"%s\"", err.msg);
}

static void expect_reads_six(const char *path)
{
    nn_mat *m = NULL;
    nn_error err = {""};
    EXPECT_TRUE(nn_mat_read(path, "A", 2, 3, &m, &err) == 0, "%s", err.msg);
    EXPECT_MAT("A", m, SIX_ROWMAJOR, 0.0, "MATLAB's column-major order must become row-major");
    nn_mat_free(m);
}

START_TEST(reads_every_version)
{
    const char *path = nnt_tmp_path("v.mat");
    write_var(path, MAT_FT_MAT5, "A", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT5, "A", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 1);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT4, "A", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT73, "A", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    expect_reads_six(path);
    unlink(path);
}
END_TEST

START_TEST(reads_every_class)
{
    const char *path = nnt_tmp_path("classes.mat");
    float f[6];
    unsigned char u8[6];
    int32_t i32[6];
    int16_t i16[6];
    for (int k = 0; k < 6; k++) {
        f[k] = (float)SIX[k];
        u8[k] = (unsigned char)SIX[k];
        i32[k] = (int32_t)SIX[k];
        i16[k] = (int16_t)SIX[k];
    }
    write_var(path, MAT_FT_MAT5, "A", MAT_C_SINGLE, MAT_T_SINGLE, 2, 3, f, 1);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT5, "A", MAT_C_UINT8, MAT_T_UINT8, 2, 3, u8, 1);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT5, "A", MAT_C_INT32, MAT_T_INT32, 2, 3, i32, 0);
    expect_reads_six(path);
    write_var(path, MAT_FT_MAT5, "A", MAT_C_INT16, MAT_T_INT16, 2, 3, i16, 0);
    expect_reads_six(path);
    unlink(path);
}
END_TEST

START_TEST(missing_file_and_variable)
{
    expect_read_error(nnt_tmp_path("absent.mat"), "A", -1, -1, "No such file");
    const char *path = nnt_tmp_path("novar.mat");
    write_var(path, MAT_FT_MAT5, "B", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    expect_read_error(path, "A", -1, -1, "no variable named A");
    unlink(path);
}
END_TEST

START_TEST(wrong_shape)
{
    const char *path = nnt_tmp_path("shape.mat");
    write_var(path, MAT_FT_MAT5, "Theta1", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    expect_read_error(path, "Theta1", 25, 401, "Theta1 is 2×3, expected 25×401");
    expect_read_error(path, "Theta1", -1, 4, "expected any×4");
    unlink(path);
}
END_TEST

START_TEST(wrong_class)
{
    const char *path = nnt_tmp_path("class.mat");
    const char text[6] = "abcdef";
    write_var(path, MAT_FT_MAT5, "X", MAT_C_CHAR, MAT_T_UINT8, 2, 3, text, 0);
    expect_read_error(path, "X", -1, -1, "char array");

    mat_t *mat = Mat_CreateVer(path, NULL, MAT_FT_MAT5);
    size_t one[2] = {1, 1};
    const char *fields[1] = {"a"};
    matvar_t *s = Mat_VarCreateStruct("X", 2, one, fields, 1);
    size_t d2[2] = {2, 3};
    Mat_VarSetStructFieldByName(s, "a", 0, Mat_VarCreate("a", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, d2, (void *)SIX, 0));
    Mat_VarWrite(mat, s, MAT_COMPRESSION_NONE);
    Mat_VarFree(s);
    Mat_Close(mat);
    expect_read_error(path, "X", -1, -1, "struct");

    double re[6], im[6] = {1, 1, 1, 1, 1, 1};
    memcpy(re, SIX, sizeof re);
    mat_complex_split_t z = {re, im};
    mat = Mat_CreateVer(path, NULL, MAT_FT_MAT5);
    matvar_t *c = Mat_VarCreate("X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, d2, &z, MAT_F_COMPLEX);
    Mat_VarWrite(mat, c, MAT_COMPRESSION_NONE);
    Mat_VarFree(c);
    Mat_Close(mat);
    expect_read_error(path, "X", -1, -1, "complex");
    unlink(path);
}
END_TEST

START_TEST(empty_and_nan)
{
    const char *path = nnt_tmp_path("empty.mat");
    write_var(path, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, 0, 400, NULL, 0);
    expect_read_error(path, "X", -1, -1, "empty");
    double bad[6];
    memcpy(bad, SIX, sizeof bad);
    bad[3] = NAN; /* MATLAB (2,2) */
    write_var(path, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, bad, 1);
    expect_read_error(path, "X", -1, -1, "X(2,2) is NaN");
    bad[3] = INFINITY;
    write_var(path, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, bad, 0);
    expect_read_error(path, "X", -1, -1, "infinite");
    unlink(path);
}
END_TEST

START_TEST(label_vectors)
{
    const char *path = nnt_tmp_path("labels.mat");
    const unsigned char y[4] = {1, 10, 3, 11};
    write_var(path, MAT_FT_MAT5, "y", MAT_C_UINT8, MAT_T_UINT8, 4, 1, y, 1);
    int *labels = NULL, m = 0;
    nn_error err = {""};
    EXPECT_TRUE(nn_labels_read(path, "y", 1, 11, &labels, &m, &err) == 0, "%s", err.msg);
    EXPECT_TRUE(m == 4 && labels[1] == 10 && labels[3] == 11, "labels read wrongly");
    free(labels);
    EXPECT_TRUE(nn_labels_read(path, "y", 1, 10, &labels, &m, &err) == -1, "label 11 must be out of 1..10");
    EXPECT_TRUE(strstr(err.msg, "y(4) is 11") && strstr(err.msg, path), "message: \"%s\"", err.msg);
    const double frac[2] = {1.5, 2};
    write_var(path, MAT_FT_MAT5, "y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 1, frac, 0);
    EXPECT_TRUE(nn_labels_read(path, "y", 1, 10, &labels, &m, &err) == -1, "label 1.5 must be an error");
    write_var(path, MAT_FT_MAT5, "y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, 3, SIX, 0);
    EXPECT_TRUE(nn_labels_read(path, "y", 1, 10, &labels, &m, &err) == -1 && strstr(err.msg, "vector"),
                "a 2×3 y must be refused as not a vector: \"%s\"", err.msg);
    unlink(path);
}
END_TEST

/* Copy the first `keep` bytes of src to dst (a truncated download). */
static void truncate_copy(const char *src, const char *dst, long keep)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    ck_assert(in && out);
    for (long k = 0; k < keep; k++) {
        int c = fgetc(in);
        if (c == EOF)
            break;
        fputc(c, out);
    }
    fclose(in);
    fclose(out);
}

START_TEST(truncated_and_corrupt)
{
    char good[512], bad[512];
    snprintf(good, sizeof good, "%s", nnt_tmp_path("good.mat"));
    snprintf(bad, sizeof bad, "%s", nnt_tmp_path("cut.mat"));
    double big[4000];
    for (int k = 0; k < 4000; k++)
        big[k] = sin(k);
    for (int compress = 0; compress <= 1; compress++) {
        write_var(good, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, 40, 100, big, compress);
        FILE *f = fopen(good, "rb");
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fclose(f);
        long cuts[3] = {64, 200, size - 10};
        for (int k = 0; k < 3; k++) {
            truncate_copy(good, bad, cuts[k]);
            nn_mat *m = NULL;
            nn_error err = {""};
            EXPECT_TRUE(nn_mat_read(bad, "X", -1, -1, &m, &err) == -1,
                        "%s cut to %ld of %ld bytes (%s) must not read", bad, cuts[k], size,
                        compress ? "compressed" : "plain");
            EXPECT_TRUE(strstr(err.msg, bad) != NULL, "the message must name the file: \"%s\"", err.msg);
        }
    }
    /* Not a MAT file at all. */
    FILE *f = fopen(bad, "wb");
    for (int k = 0; k < 300; k++)
        fputc((k * 7919) & 0xff, f);
    fclose(f);
    expect_read_error(bad, "X", -1, -1, "not a MATLAB .mat file");
    unlink(good);
    unlink(bad);
}
END_TEST

/* Run build/nnwb with args; return its exit status and stderr's line count. */
static int run_nnwb(const char *args, int *stderr_lines, char *first_line, size_t n)
{
    const char *build = getenv("BUILD");
    char cmd[2048], errpath[1024];
    snprintf(errpath, sizeof errpath, "%s", nnt_tmp_path("stderr.txt"));
    snprintf(cmd, sizeof cmd, "%s/nnwb %s >/dev/null 2>%s", build && build[0] ? build : "build", args, errpath);
    int status = system(cmd);
    FILE *f = fopen(errpath, "r");
    *stderr_lines = 0;
    first_line[0] = '\0';
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        if (*stderr_lines == 0)
            snprintf(first_line, n, "%s", line);
        (*stderr_lines)++;
    }
    if (f)
        fclose(f);
    unlink(errpath);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void expect_eval_error(const char *args, const char *word)
{
    int lines;
    char first[1024];
    int code = run_nnwb(args, &lines, first, sizeof first);
    EXPECT_TRUE(code != 0 && code < 128, "nnwb %s: expected a non-zero exit, got %d", args, code);
    EXPECT_TRUE(lines == 1, "nnwb %s: expected one line on stderr, got %d: %s", args, lines, first);
    EXPECT_TRUE(strstr(first, word) != NULL, "nnwb %s: the error should say \"%s\": %s", args, word, first);
}

START_TEST(eval_rejects_bad_input)
{
    /* A 2-input, 3-example data set and weights for it (sizes 2-4-4). */
    char data[512], weights[512], args[2048];
    snprintf(data, sizeof data, "%s", nnt_tmp_path("d.mat"));
    snprintf(weights, sizeof weights, "%s", nnt_tmp_path("w.mat"));
    double Xd[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, yd[3] = {1, 2, 4};
    nn_mat X = nn_mat_wrap(Xd, 3, 2), y = nn_mat_wrap(yd, 3, 1);
    nn_mat T1 = nn_mat_wrap((double *)FIX_T1, 4, 3), T2 = nn_mat_wrap((double *)FIX_T2, 4, 5);
    nn_matvar dv[] = {{"X", &X, false}, {"y", &y, true}}, wv[] = {{"Theta1", &T1, false}, {"Theta2", &T2, false}};
    nn_error err;
    ck_assert(nn_mat_write(data, dv, 2, &err) == 0 && nn_mat_write(weights, wv, 2, &err) == 0);

    int lines;
    char first[1024];
    snprintf(args, sizeof args, "eval --data %s --weights %s", data, weights);
    EXPECT_TRUE(run_nnwb(args, &lines, first, sizeof first) == 0, "good files must evaluate: %s", first);

    snprintf(args, sizeof args, "eval --data %s.absent --weights %s", data, weights);
    expect_eval_error(args, "d.mat.absent");
    snprintf(args, sizeof args, "eval --data %s --weights %s", weights, weights);
    expect_eval_error(args, "no variable named X");
    snprintf(args, sizeof args, "eval --data %s --weights %s", data, data);
    expect_eval_error(args, "no variable named Theta1");
    snprintf(args, sizeof args, "eval --data %s --weights %s --lambda abc", data, weights);
    expect_eval_error(args, "--lambda");
    snprintf(args, sizeof args, "eval --data %s", data);
    expect_eval_error(args, "required");

    /* Weights for 3 inputs on data with 2. */
    nn_mat T1b = nn_mat_wrap((double *)DBG_T1, 5, 4), T2b = nn_mat_wrap((double *)DBG_T2, 3, 6);
    nn_matvar wb[] = {{"Theta1", &T1b, false}, {"Theta2", &T2b, false}};
    ck_assert(nn_mat_write(weights, wb, 2, &err) == 0);
    snprintf(args, sizeof args, "eval --data %s --weights %s", data, weights);
    expect_eval_error(args, "Theta1 is 5×4");

    /* A label outside 1..K (K = 4 output units). */
    ck_assert(nn_mat_write(weights, wv, 2, &err) == 0);
    yd[2] = 7;
    ck_assert(nn_mat_write(data, dv, 2, &err) == 0);
    expect_eval_error(args, "y(3) = 7, but");

    /* A truncated data file. */
    truncate_copy(weights, data, 100);
    expect_eval_error(args, "d.mat");
    unlink(data);
    unlink(weights);
}
END_TEST

/* A data set large enough to be read in several blocks of columns (about
 * 1 MB each: 131 columns of 1000 rows), stored plain as nn_mat_write stores
 * one: every reader must give MATLAB's values, and find the first bad value
 * in MATLAB's (column-major) order across the blocks. With 2000 rows (4.8
 * MB) two threads read 1000 rows each, and the first bad value may be in
 * either half. */
START_TEST(reads_large_variables_block_by_block)
{
    const int R = _i ? 2000 : 1000;
    enum { C = 300, WIDE = C + 7 };
    char plain[4096], packed[4096]; /* nnt_tmp_path's buffer is reused */
    snprintf(plain, sizeof plain, "%s", nnt_tmp_path("blocks-plain.mat"));
    snprintf(packed, sizeof packed, "%s", nnt_tmp_path("blocks-zlib.mat"));
    double *v = malloc((size_t)R * C * sizeof *v), *want = malloc((size_t)R * C * sizeof *want);
    ck_assert(v && want);
    for (int j = 0; j < C; j++)
        for (int i = 0; i < R; i++) {
            v[(size_t)j * R + i] = sin(0.001 * i + 0.37 * j) + j; /* MATLAB's order */
            want[(size_t)i * C + j] = v[(size_t)j * R + i];
        }
    write_var(plain, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
    write_var(packed, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 1);
    nn_error err = {""};
    for (int k = 0; k < 2; k++) {
        const char *path = k ? packed : plain;
        nn_mat *m = NULL;
        EXPECT_TRUE(nn_mat_read(path, "X", R, C, &m, &err) == 0, "%s", err.msg);
        EXPECT_MAT(k ? "X, compressed" : "X, plain", m, want, 0.0, "the blocks must land in their columns");
        nn_mat_free(m);
        int rows, cols;
        EXPECT_TRUE(nn_mat_size(path, "X", &rows, &cols, &err) == 0 && rows == R && cols == C,
                    "nn_mat_size: %d×%d (%s)", rows, cols, err.msg);
        /* into a view of a wider matrix: its other columns untouched */
        nn_mat *wide = nn_mat_new(R, WIDE);
        ck_assert(wide != NULL);
        for (int i = 0; i < R; i++)
            for (int j = 0; j < WIDE; j++)
                NN_AT(wide, i, j) = -1.0;
        nn_mat view = nn_mat_view(wide, 0, 3, R, C);
        EXPECT_TRUE(nn_mat_read_into(path, "X", &view, &err) == 0, "%s", err.msg);
        bool inside = true, outside = true;
        for (int i = 0; i < R; i++)
            for (int j = 0; j < WIDE; j++) {
                bool in = j >= 3 && j < 3 + C;
                if (in && NN_AT(wide, i, j) != want[(size_t)i * C + j - 3])
                    inside = false;
                if (!in && NN_AT(wide, i, j) != -1.0)
                    outside = false;
            }
        EXPECT_TRUE(inside && outside, "nn_mat_read_into: values %s, other columns %s", inside ? "right" : "wrong",
                    outside ? "untouched" : "written");
        nn_mat small = nn_mat_view(wide, 0, 0, R, C - 1);
        char wrong[64];
        snprintf(wrong, sizeof wrong, "is %d×300, expected %d×299", R, R);
        EXPECT_TRUE(nn_mat_read_into(path, "X", &small, &err) == -1 && strstr(err.msg, wrong),
                    "a view of the wrong shape: \"%s\"", err.msg);
        nn_mat_free(wide);
    }
    /* two bad values in the second block, and one in the third: the first
     * column by column is named */
    v[(size_t)150 * R + 899] = NAN;
    v[(size_t)200 * R + 4] = NAN;
    v[(size_t)280 * R + 2] = INFINITY;
    write_var(plain, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
    expect_read_error(plain, "X", -1, -1, "X(900,151) is NaN");
    if (R == 2000) { /* in the lower half (the second thread's): first in column 101, then a tie in 151 */
        v[(size_t)100 * R + 1500] = NAN;
        write_var(plain, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
        expect_read_error(plain, "X", -1, -1, "X(1501,101) is NaN");
        v[(size_t)100 * R + 1500] = 0.0;
        v[(size_t)150 * R + 1500] = INFINITY;
        write_var(plain, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
        expect_read_error(plain, "X", -1, -1, "X(900,151) is NaN");
        v[(size_t)150 * R + 1500] = 0.0;
    }
    v[(size_t)150 * R + 899] = v[(size_t)200 * R + 4] = 0.0;
    write_var(plain, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
    expect_read_error(plain, "X", -1, -1, "X(3,281) is infinite");
    /* nn_mat_write stores it plain (over 1 MB) and reads it back by blocks */
    nn_mat wm = nn_mat_wrap(want, R, C);
    const nn_matvar vars[] = {{"X", &wm, false}};
    EXPECT_TRUE(nn_mat_write(plain, vars, 1, &err) == 0, "%s", err.msg);
    nn_mat *back = NULL;
    EXPECT_TRUE(nn_mat_read(plain, "X", R, C, &back, &err) == 0, "%s", err.msg);
    EXPECT_MAT("X written and read", back, want, 0.0, NULL);
    nn_mat_free(back);
    free(v);
    free(want);
    unlink(plain);
    unlink(packed);
}
END_TEST

/* Tall variables (20,000 and, on two threads, 40,000 rows of 20 columns)
 * are read in tiles of part columns: the values, and the first bad value
 * column by column when two tiles of one band of columns hold one each. */
START_TEST(reads_tall_variables_tile_by_tile)
{
    const int R = _i ? 40000 : 20000;
    enum { C = 20 };
    char path[4096];
    snprintf(path, sizeof path, "%s", nnt_tmp_path("tall.mat"));
    double *v = malloc((size_t)R * C * sizeof *v), *want = malloc((size_t)R * C * sizeof *want);
    ck_assert(v && want);
    for (int j = 0; j < C; j++)
        for (int i = 0; i < R; i++)
            want[(size_t)i * C + j] = v[(size_t)j * R + i] = cos(0.0003 * i * (j + 1)) + i;
    write_var(path, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
    nn_error err = {""};
    nn_mat *m = NULL;
    EXPECT_TRUE(nn_mat_read(path, "X", R, C, &m, &err) == 0, "%s", err.msg);
    EXPECT_MAT("a tall X", m, want, 0.0, "the tiles must land in their rows and columns");
    nn_mat_free(m);
    v[(size_t)10 * R + 100] = NAN;       /* the first row tile, column 11 */
    v[(size_t)3 * R + 15000] = INFINITY; /* a later row tile, column 4: first column by column */
    v[(size_t)18 * R + 5] = NAN;         /* column 19 */
    write_var(path, MAT_FT_MAT5, "X", MAT_C_DOUBLE, MAT_T_DOUBLE, R, C, v, 0);
    expect_read_error(path, "X", -1, -1, "X(15001,4) is infinite");
    free(v);
    free(want);
    unlink(path);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("bad input");
    nnt_add(s, "reads MATLAB v4, v5, v5 compressed and v7.3 files", reads_every_version);
    nnt_add(s, "reads single, uint8, int32 and int16 as double", reads_every_class);
    nnt_add(s, "missing file, missing variable", missing_file_and_variable);
    nnt_add(s, "wrong shape names the variable, got and expected", wrong_shape);
    nnt_add(s, "char, struct and complex variables are refused", wrong_class);
    nnt_add(s, "empty matrices, NaN and Inf are refused", empty_and_nan);
    TCase *tc = tcase_create("large variables: block by block (one thread, two), into views, first bad value");
    tcase_add_loop_test(tc, reads_large_variables_block_by_block, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("tall variables: tiles of part columns (one thread, two), first bad value");
    tcase_add_loop_test(tc, reads_tall_variables_tile_by_tile, 0, 2);
    suite_add_tcase(s, tc);
    nnt_add(s, "labels: range, whole numbers, vector shape", label_vectors);
    nnt_add(s, "truncated and corrupt files give an error, not a crash", truncated_and_corrupt);
    nnt_add(s, "nnwb eval: one line and a non-zero exit for each bad input", eval_rejects_bad_input);
    return s;
}
