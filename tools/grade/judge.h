/* judge.h - the trusted side of grading: checks, comparisons and points.
 *
 * The judge runs in the grader's own process (`nnwb grade`, `nnwb check`).
 * For each chapter it starts a worker (worker.c: the student's chapter linked
 * into a program that only computes), sends it inputs, reads back the raw
 * outputs, and compares them here with expected values: the Octave goldens
 * for the published inputs (tests/oracle/goldens.h) and the reference
 * solutions, run in this process, for inputs drawn from a secret seed. The
 * worker never sees the seed, the expected values or the verdict.
 *
 * A check is a function `void check(judge *J)`. It builds inputs (with
 * jalloc'ed memory that lives until the check ends), calls the student's
 * function through a wrapper of calls.h, and compares with jexpect_*. The
 * first failed expectation ends the check (a longjmp back into the judge)
 * with a message that says what, where, expected, got, the tolerance and,
 * where the evidence supports one, a hint. A crash, a time-out or a changed
 * const input in the worker also ends the check, with what happened.
 *
 * Points: each check has a weight; a chapter's points are shared among its
 * checks by weight. FIXED checks use inputs and answers that ship to
 * students and may carry at most a fifth of a chapter's weight (the
 * judge's unit test holds every chapter to this); SECRET checks draw their
 * inputs from the seed; DATA checks need digits20.mat or ex4weights.mat
 * and are "not checked", their points withheld, where the data is missing. */
#ifndef NNWB_JUDGE_H
#define NNWB_JUDGE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "nn_error.h"
#include "nn_matrix.h"
#include "nn_rng.h"
#include "protocol.h"
#include "util.h" /* util_now: the judge times calls by the monotonic clock */

typedef struct judge judge;

/* J_OPTIONAL: a check on a file only some users have (the course's own
 * ex4data1.mat): run where it is present, shown, and worth no points. */
enum { J_FIXED, J_SECRET, J_DATA, J_OPTIONAL };

typedef struct {
    const char *label;      /* what the check shows, e.g. "nn_forward on the grader's inputs" */
    void (*run)(judge *J);
    int kind;               /* J_FIXED, J_SECRET or J_DATA */
    int weight;             /* its share of the chapter's points, relative to the others */
    const char *needs;      /* J_DATA: "digits20.mat", "ex4weights.mat", or both "digits20.mat+ex4weights.mat" */
} check_def;

typedef struct {
    const check_def *checks;
    int n;
} check_table;

typedef struct {
    int number;             /* 1.. */
    const char *stem;       /* "ch4_forward" */
    const char *title;      /* "forward propagation" */
    int points;
    const check_table *table; /* its checks (tests/check/chN_checks.c) */
} chapter_def;

/* The chapters, from chapters/chapters.def, with their checks. */
extern const chapter_def NN_CHAPTERS[];
extern const int NN_N_CHAPTERS;

/* ---- how the worker is started: in the sandbox or as a plain child -------- */

typedef struct {
    int req, rep, out;      /* pipes: requests to it, replies from it, its stdout+stderr */
    void *handle;           /* the runner's own */
} worker_io;

typedef struct {
    bool exited;            /* ended by exit(): code is its status */
    int code;               /* exit status, or the signal */
} worker_end;

typedef struct {
    /* Start a worker; fill io. 0, or -1 with a one-line reason in err. */
    int (*start)(void *ctx, worker_io *io, nn_error *err);
    /* Kill it if it still runs, wait for it, close io's fds, report how it ended. */
    void (*stop)(void *ctx, worker_io *io, worker_end *end);
    void *ctx;
    const char *worker_bin;  /* host path of the worker, for addr2line */
    const char *data_dir[2]; /* host folders that may hold the data (DATA_DIR, generated) */
    const char *data_seen[2];/* the same folders as the worker sees them */
    bool echo_output;        /* copy what the worker prints to our stderr (make check) */
} judge_runner;

/* ---- results ---------------------------------------------------------------- */

enum { R_PASS, R_FAIL, R_WITHHELD, R_NOT_RUN, R_SKIPPED /* optional, its file absent */ };

#define J_MSG_MAX 1200

typedef struct {
    const check_def *def;
    int state;              /* R_PASS, R_FAIL, R_WITHHELD (no data), R_NOT_RUN (time budget used) */
    double points, max_points;
    double seconds;
    char msg[J_MSG_MAX];    /* why it failed, was withheld or not run; "" on a pass */
} check_result;

#define J_MAX_CHECKS 48

typedef struct {
    const chapter_def *def;
    double points;          /* earned */
    double withheld;        /* points of checks that could not run for want of data */
    int passed, failed, withheld_n, not_run, skipped;
    char note[4096];        /* why no check ran (missing file, refused, did not compile), or "" */
    char warnings[4096];    /* the compiler's warnings about the student's file */
    int n_checks;
    check_result checks[J_MAX_CHECKS];
} chapter_result;

/* Called as each check finishes (for printing progress), may be NULL. */
typedef void (*judge_progress)(const chapter_result *cr, const check_result *r, void *ctx);

typedef struct {
    uint64_t seed;          /* the secret seed of this run */
    double deadline;        /* monotonic seconds after which nothing more runs (the student's budget) */
    judge_progress progress;
    void *progress_ctx;
} judge_options;

/* Run every check of chapter def against the worker that runner starts,
 * filling *cr (its note and warnings are left as they are). */
void judge_chapter(chapter_result *cr, const chapter_def *def, const judge_runner *runner,
                   const judge_options *opt);

/* Mark every check of def as not run, with reason (e.g. "did not compile"). */
void judge_skip_chapter(chapter_result *cr, const chapter_def *def, int state, const char *reason);


/* ---- for the checks ----------------------------------------------------------- */

/* Memory that lives until the check ends. Never NULL (out of memory fails the check). */
void *jalloc(judge *J, size_t size);
nn_mat *jmat(judge *J, int rows, int cols);                        /* zero-filled */
nn_mat *jmat_from(judge *J, const double *data, int rows, int cols);
nn_mat *jmat_bias(judge *J, const double *X, int m, int n);         /* [1, X] */
nn_mat *jmat_copy(judge *J, const nn_mat *m);
nn_mat *jmat_one_hot(judge *J, const int *y, int m, int K);         /* built here, not by chapter 2 */

/* The check's own random generator, seeded from the run's secret seed, the
 * chapter and the check: the same seed gives the same inputs. */
nn_rng *jrng(judge *J);
double juniform(judge *J, double lo, double hi);
int jint(judge *J, int lo, int hi);                                  /* lo..hi inclusive */

/* A random network: sizes in the given ranges, weights uniform in ±w,
 * inputs uniform in ±1, labels 1..K. */
typedef struct {
    int m, n_in, hidden, K;
    nn_mat *X, *Y, *T1, *T2;  /* X with its bias column; Y one-hot */
    int *y;
} jnet;
jnet jnet_random(judge *J, int m_max, int n_in_max, int hidden_max, int K_max, double w);
jnet jnet_fixed(judge *J);     /* the course grader's 2-4-4 network, m = 16 */
jnet jnet_debug(judge *J);     /* checkNNGradients' 3-5-3 network, m = 5 */
/* digits20 with ex4weights.mat: all of it (rows = 0) or a random subset of rows. */
jnet jnet_digits20(judge *J, int rows);

/* Path of a data file as the judge reads it and as the worker sees it. The
 * check was declared J_DATA with this file in `needs`, so both exist. */
const char *jdata_host(judge *J, const char *name);
const char *jdata_worker(judge *J, const char *name);

/* Write a fixture file: into the judge's scratch folder (returned path, for
 * the reference) and into the worker's inbox under the same name (which is
 * what the worker's calls name). */
const char *jfixture(judge *J, const char *name, const void *bytes, size_t n);
const char *jfixture_file(judge *J, const char *name, const char *host_path); /* copy of a file */
/* A fresh path in the judge's scratch folder (for writing a fixture with the library). */
const char *jscratch(judge *J, const char *name);

/* The time limit of the next call: 50 times the reference's own time for
 * the same work, at least 1 s (judge.c). The wrappers set it. */
void jlimit_from_reference(judge *J, double ref_seconds);

/* The arguments of a call to workbook function id (protocol.h): the id,
 * then what the caller adds with nn_wbuf_*. */
nn_wbuf jcall_begin(int id);

/* Send a CALL to function fn and wait for its REPLY; a crash, time-out or
 * malformed reply ends the check. Takes over args. The reply is read with
 * the returned reader (its memory lives until the check ends). */
nn_rbuf judge_call(judge *J, const char *fn, nn_wbuf *args);

/* Free p (malloc'ed) when the check ends. */
void jown(judge *J, void *p);

/* Remember, for hints, whether fn passed on the published inputs. */
void jnote_fixed_pass(judge *J, int call_id);
bool jfixed_passed(judge *J, int call_id);

/* ---- expectations: each ends the check with a message when it does not hold ---- */

#define TOL_REL 1e-9    /* |got - want| <= TOL_REL * max(|want|, TOL_FLOOR) */
#define TOL_FLOOR 1e-6

void jfail(judge *J, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
void jexpect(judge *J, bool cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jexpect_close(judge *J, const char *label, double got, double want, double tol, const char *hint);
/* got must be rows×cols and match want element by element. */
void jexpect_mat(judge *J, const char *label, const nn_mat *got, const double *want, int rows, int cols,
                 double tol, const char *hint);
void jexpect_same(judge *J, const char *label, const nn_mat *got, const nn_mat *want, double tol,
                  const char *hint);
void jexpect_vec(judge *J, const char *label, const double *got, const double *want, int n, double tol,
                 const char *hint);
/* True when every element of got is within tol of want (no message). */
bool jclose_mat(const nn_mat *got, const nn_mat *want, double tol);
bool jclose(double got, double want, double tol);

/* A formatted string that lives until the check ends (for hints and labels). */
const char *jfmt(judge *J, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
