/* harness.h - what every graded chapter test shares.
 *
 * Each tests/check/chN_test.c defines CHAPTER and chapter_suite(); harness.c
 * has main(). The binary runs every check in its own process (Check's fork
 * mode, with a timeout), so a crash or an endless loop in the code under test
 * fails that one check with a message and the run goes on. It prints one line
 * per check and, last, a machine-readable line that tests/check.sh reads:
 *     RESULT chapter=4 passed=7 total=9 skipped=0 points=11.67 max=15
 *
 * The comparison helpers end a check with a message that says where, what
 * was expected, what came out and the tolerance, e.g.
 *     h[3][7]: expected 0.0123456789, got 0.5 (tolerance 1e-09)
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <check.h>
#include <stdbool.h>

#include "goldens.h"
#include "nn_matrix.h"

typedef struct {
    int number;       /* 1..8, as in chapters/chapters.def */
    const char *name; /* e.g. "forward propagation" */
    int points;       /* the chapter's share of the 100 points */
} chapter_info;

extern const chapter_info CHAPTER;  /* defined by the chapter's test file */
Suite *chapter_suite(void);         /* defined by the chapter's test file */

/* Relative tolerance for every double result: |got - want| must be at most
 * TOL_REL * max(|want|, TOL_FLOOR). The floor keeps values that should be
 * (near) zero from demanding more digits than double arithmetic in a
 * different summation order can give. */
#define TOL_REL 1e-9
#define TOL_FLOOR 1e-6

/* Add one check to s under a readable label, with its own timeout. */
void nnt_add(Suite *s, const char *label, const TTest *test);

/* Note a check that cannot run because a data file is missing; it is
 * reported as "skipped: <file> not found in DATA_DIR" and not counted. */
void nnt_skip(const char *label, const char *file);

/* The path of a data file: $DATA_DIR/name, else $NNWB_GEN_DIR/name (where
 * the test scripts build digits20 when DATA_DIR has only MNIST). NULL if
 * neither exists. The string is static; copy it to keep it. */
const char *nnt_data_path(const char *name);

/* End the check unless got is within tolerance of want. */
#define EXPECT_CLOSE(label, got, want, tol) \
    nnt_expect_close(__FILE__, __LINE__, (label), (got), (want), (tol), NULL)
void nnt_expect_close(const char *file, int line, const char *label, double got,
                      double want, double tol, const char *hint);

/* End the check unless every element of the rows×cols row-major array got
 * matches want. Reports the first mismatch as label[i][j] (or label[i] when
 * cols is 1) and how many differ, followed by hint if not NULL. */
#define EXPECT_ARRAY(label, got, want, rows, cols, tol, hint) \
    nnt_expect_array(__FILE__, __LINE__, (label), (got), (want), (rows), (cols), (tol), TOL_FLOOR, (hint))
/* The same with the floor of the tolerance given: |got - want| must be at
 * most tol * max(|want|, floor). */
#define EXPECT_ARRAY_FLOOR(label, got, want, rows, cols, tol, floor, hint) \
    nnt_expect_array(__FILE__, __LINE__, (label), (got), (want), (rows), (cols), (tol), (floor), (hint))
void nnt_expect_array(const char *file, int line, const char *label, const double *got,
                      const double *want, int rows, int cols, double tol, double floor,
                      const char *hint);

/* The same for an nn_mat (which may be a view with a stride). */
#define EXPECT_MAT(label, got, want, tol, hint) \
    nnt_expect_mat(__FILE__, __LINE__, (label), (got), (want), (tol), (hint))
void nnt_expect_mat(const char *file, int line, const char *label, const nn_mat *got,
                    const double *want, double tol, const char *hint);

/* End the check unless got(row, col + col_offset) matches each of the n
 * oracle entries (0-based row, col). Reports the first mismatch. */
#define EXPECT_ENTRIES(label, got, want, col_offset, tol, hint) \
    nnt_expect_entries(__FILE__, __LINE__, (label), (got), (want), (int)GOLD_COUNT(want), \
                       (col_offset), (tol), (hint))
void nnt_expect_entries(const char *file, int line, const char *label, const nn_mat *got,
                        const gold_entry *want, int n, int col_offset, double tol, const char *hint);

/* End the check unless a condition holds, with a printf-style message. */
#define EXPECT_TRUE(cond, ...) \
    do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* A new matrix holding a copy of rows×cols row-major numbers. */
nn_mat *nnt_mat(const double *data, int rows, int cols);

/* A new m×(n+1) matrix: a column of ones, then the m×n row-major X. */
nn_mat *nnt_with_bias(const double *X, int m, int n);

/* Theta1 and Theta2 from a .mat file, read by the library alone. */
void nnt_load_weights(const char *path, nn_mat **T1, nn_mat **T2);

/* The m×K one-hot matrix of labels 1..K, built by the harness itself (not by
 * the chapter 2 code under test). */
nn_mat *nnt_one_hot(const int *y, int m, int K);

/* Load a course-format data file by the library alone (not the chapter 1
 * code): X with its bias column, the labels, and their one-hot matrix. */
void nnt_load_course_data(const char *path, int K, nn_mat **X, int **y, nn_mat **Y);

/* A network with its data: the inputs the checks of chapters 5-7 share. */
typedef struct {
    nn_mat *X;      /* m×(n_in+1), bias column first */
    nn_mat *Y;      /* m×K one-hot */
    int *y;         /* m labels 1..K */
    nn_mat *T1;     /* n_hidden×(n_in+1) */
    nn_mat *T2;     /* K×(n_hidden+1) */
} nnt_net;

nnt_net nnt_fixed_net(void);    /* the course grader's 2-4-4 network, m = 16 */
nnt_net nnt_debug_net(void);    /* checkNNGradients' 3-5-3 network, m = 5 */
nnt_net nnt_digits20_net(void); /* ex4weights.mat on digits20.mat (needs DATA_DIR) */
void nnt_net_free(nnt_net *net);

/* True when digits20.mat and ex4weights.mat can be found; otherwise records
 * a skip for the check called label. */
bool nnt_have_digits20(const char *label);

/* A temporary file name under $TMPDIR for a check's fixtures; static string. */
const char *nnt_tmp_path(const char *suffix);

#endif
