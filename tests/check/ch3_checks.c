/* ch3_checks.c - the judge's checks for chapter 3, the parameters.
 *
 * FIXED: the course grader's 2-4-4 weights and checkNNGradients' 3-5-3
 * ones through nn_serialize and nn_deserialize, and the sigmoid at
 * 3 sin(1:30), against the Octave goldens.
 * SECRET: drawn from the run's seed, against the reference run by the
 * judge: weights of random sizes (smaller and larger than the course's
 * 25×401 and 10×26) unrolled and rolled back; the sigmoid over a dense
 * range of z from -40 to 40 (a sigmoid cut off at |z| > 10 shows there),
 * at 0 and ±800, and in place; .mat files of random sizes for
 * nn_load_weights, and files it must reject.
 * DATA: ex4weights.mat, loaded and unrolled, against the goldens. */
#include <math.h>
#include <string.h>

#include "calls.h"
#include "checks.h"
#include "goldens.h"
#include "nn_matio.h"
#include "workbook.h"

/* The course's sizes: Theta1 25×401, Theta2 10×26. */
enum { C_HID = 25, C_IN1 = 401, C_K = 10, C_N1 = C_HID * C_IN1, C_N = C_N1 + C_K * (C_HID + 1) };

/* The sigmoid's dense range: z from -SIG_RANGE to SIG_RANGE in steps of SIG_STEP. */
#define SIG_RANGE 40.0
#define SIG_STEP 0.125
#define SIG_HUGE 800.0 /* exp(800) overflows a double */
#define SIG_OVERFLOW 709.0 /* exp(z) is inf in double beyond this */
#define SIG_CLAMP_MIN 1.0 /* a sigmoid right for all |z| below this and one value above is cut off */

/* ---- helpers -------------------------------------------------------------------- */

typedef struct {
    int r1, c1, r2, c2;  /* Theta1 r1×c1, Theta2 r2×c2 */
} shapes;

static shapes shapes_of(const nn_mat *T1, const nn_mat *T2)
{
    return (shapes){T1->rows, T1->cols, T2->rows, T2->cols};
}

static nn_mat *random_mat(judge *J, int rows, int cols, double w)
{
    nn_mat *m = jmat(J, rows, cols);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            NN_AT(m, i, j) = juniform(J, -w, w);
    return m;
}

/* Random fitting shapes: Theta1 h×(n+1), Theta2 k×(h+1). */
static shapes random_shapes(judge *J, int h_lo, int h_hi, int n_lo, int n_hi, int k_lo, int k_hi)
{
    int h = jint(J, h_lo, h_hi), n = jint(J, n_lo, n_hi), k = jint(J, k_lo, k_hi);
    return (shapes){h, n + 1, k, h + 1};
}

static bool close_vec(const double *got, const double *want, int n)
{
    for (int i = 0; i < n; i++)
        if (!jclose(got[i], want[i], TOL_REL))
            return false;
    return true;
}

/* A failure in a call on these shapes gets them added: after a crash or a
 * changed input (a write past an array's end), or when the same function
 * was right on the grader's inputs. */
static void sizes_note(judge *J, int call_id, shapes s)
{
    const char *msg = jmsg(J);
    if (strstr(msg, "sizes written as numbers"))
        return;
    if (strstr(msg, " crashed: ") || strstr(msg, "changed its input"))
        j_append(J, " (Theta1 is %d×%d and Theta2 %d×%d here: the loops must run to T1->rows, T1->cols, T2->rows "
                 "and T2->cols; sizes written as numbers, such as 25, 401, 10 or 26, read or write past the end of "
                 "these arrays)", s.r1, s.c1, s.r2, s.c2);
    else if (jfixed_passed(J, call_id))
        j_append(J, " (Theta1 is %d×%d and Theta2 %d×%d here, and the same function was right on the grader's "
                 "inputs: look for sizes written as numbers where they should come from T1->rows, T1->cols, "
                 "T2->rows and T2->cols)", s.r1, s.c1, s.r2, s.c2);
}

/* ---- nn_serialize ---------------------------------------------------------------- */

/* Theta1 then Theta2 unrolled column by column, as Octave's t(:) does (for hints). */
static double *column_major(judge *J, const nn_mat *T1, const nn_mat *T2)
{
    int n = T1->rows * T1->cols + T2->rows * T2->cols, k = 0;
    double *v = jalloc(J, (size_t)n * sizeof *v);
    const nn_mat *parts[2] = {T1, T2};
    for (int p = 0; p < 2; p++)
        for (int j = 0; j < parts[p]->cols; j++)
            for (int i = 0; i < parts[p]->rows; i++)
                v[k++] = NN_AT(parts[p], i, j);
    return v;
}

/* A hint for a wrong theta, from what it holds instead. theta started full of NaN. */
static const char *serialize_hint(judge *J, const double *got, const nn_mat *T1, const nn_mat *T2, const double *want)
{
    int n1 = T1->rows * T1->cols, n = n1 + T2->rows * T2->cols, written = 0;
    for (int k = 0; k < n; k++)
        written += !isnan(got[k]);
    if (written == 0)
        return "theta was never written: copy Theta1 row by row, then Theta2 row by row, into it";
    if (written < n && (written == C_N || written == C_N1))
        return jfmt(J, "only %d of theta's %d values were written, which is the course's %s: sizes written as "
                    "numbers must come from T1->rows, T1->cols, T2->rows and T2->cols (Theta1 is %d×%d and Theta2 "
                    "%d×%d here)", written, n, written == C_N ? "25×401 + 10×26" : "25×401", T1->rows, T1->cols,
                    T2->rows, T2->cols);
    if (written < n)
        return jfmt(J, "only %d of theta's %d values were written: Theta1 has %d×%d, Theta2 %d×%d, and all of them go "
                    "into theta", written, n, T1->rows, T1->cols, T2->rows, T2->cols);
    if (close_vec(got, column_major(J, T1, T2), n))
        return "this is the column-major order of Octave's t(:); the tutorial unrolls row by row (numpy's ravel), "
               "which in C is the order the numbers already have in memory";
    if (close_vec(got, want + n1, n - n1) && close_vec(got + (n - n1), want, n1))
        return "Theta2 came before Theta1: theta holds Theta1 row by row, then Theta2";
    if (close_vec(got, want, n1))
        return jfmt(J, "Theta1's %d values are right; Theta2 follows them, row by row, from theta[%d]", n1, n1);
    return "Theta1 row by row, then Theta2 row by row";
}

static void expect_theta(judge *J, const j_serialize *got, const double *want, const nn_mat *T1, const nn_mat *T2)
{
    int n = T1->rows * T1->cols + T2->rows * T2->cols;
    jexpect(J, got->n == n, "nn_serialize: %d values came back, expected %d", got->n, n);
    jexpect_vec(J, "theta", got->theta, want, n, TOL_REL, serialize_hint(J, got->theta, T1, T2, want));
}

/* ---- nn_deserialize -------------------------------------------------------------- */

/* If the written elements of G (it started full of NaN) are exactly its
 * top-left r×c block, set *r, *c and return true. */
static bool written_block(const nn_mat *G, int *r, int *c)
{
    *r = 0;
    *c = 0;
    while (*r < G->rows && !isnan(NN_AT(G, *r, 0)))
        (*r)++;
    while (*r > 0 && *c < G->cols && !isnan(NN_AT(G, 0, *c)))
        (*c)++;
    for (int i = 0; i < G->rows; i++)
        for (int j = 0; j < G->cols; j++)
            if (isnan(NN_AT(G, i, j)) != (i >= *r || j >= *c))
                return false;
    return true;
}

/* G filled column by column from theta (Octave's reshape), for hints. */
static bool is_column_major(const nn_mat *G, const double *theta)
{
    for (int j = 0, k = 0; j < G->cols; j++)
        for (int i = 0; i < G->rows; i++, k++)
            if (!jclose(NN_AT(G, i, j), theta[k], TOL_REL))
                return false;
    return true;
}

/* A hint for wrong matrices from nn_deserialize, from what they hold. */
static const char *deserialize_hint(judge *J, const nn_mat *G1, const nn_mat *G2, const double *theta,
                                    const nn_mat *W1)
{
    if (!G1 || !G2)
        return NULL;
    int n1 = G1->rows * G1->cols, r1, c1, r2, c2;
    bool b1 = written_block(G1, &r1, &c1), b2 = written_block(G2, &r2, &c2);
    bool full1 = b1 && r1 == G1->rows && c1 == G1->cols, full2 = b2 && r2 == G2->rows && c2 == G2->cols;
    if (b1 && b2 && !(full1 && full2) && ((r1 == C_HID && c1 == C_IN1) || (r2 == C_K && c2 == C_HID + 1)))
        return jfmt(J, "only the top-left %d×%d of Theta1 and %d×%d of Theta2 were written, the course's sizes: sizes "
                    "written as numbers must come from T1->rows, T1->cols, T2->rows and T2->cols (Theta1 is %d×%d "
                    "and Theta2 %d×%d here)", r1, c1, r2, c2, G1->rows, G1->cols, G2->rows, G2->cols);
    const nn_mat *G[2] = {G1, G2};
    const char *name[2] = {"Theta1", "Theta2"};
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < G[p]->rows; i++)
            for (int j = 0; j < G[p]->cols; j++)
                if (isnan(NN_AT(G[p], i, j)))
                    return jfmt(J, "%s[%d][%d] was never written: fill all of Theta1 (T1->rows × T1->cols) from "
                                "theta, then all of Theta2", name[p], i, j);
    if (is_column_major(G1, theta) && is_column_major(G2, theta + n1))
        return "the matrices were filled column by column (Octave's reshape); theta holds them row by row, as "
               "nn_serialize unrolls them";
    if (jclose_mat(G1, W1, TOL_REL))
        return jfmt(J, "Theta1 is right; Theta2 starts at theta[%d], right after Theta1's %d values, row by row", n1,
                    n1);
    return "the first T1->rows × T1->cols numbers of theta are Theta1, row by row; the rest are Theta2, row by row";
}

static void expect_deserialized(judge *J, const j_deserialize *got, const nn_mat *W1, const nn_mat *W2,
                                const double *theta)
{
    const char *hint = deserialize_hint(J, got->T1, got->T2, theta, W1);
    jexpect_same(J, "Theta1", got->T1, W1, TOL_REL, hint);
    jexpect_same(J, "Theta2", got->T2, W2, TOL_REL, hint);
}

/* ---- serialize and deserialize: checks ----------------------------------------- */

static void serialize_fixed(judge *J)
{
    nn_mat *T1 = jmat_from(J, FIX_T1, FIX_HID, FIX_IN + 1), *T2 = jmat_from(J, FIX_T2, FIX_K, FIX_HID + 1);
    j_serialize got;
    J_ON_FAIL(J, jcall_serialize(J, &got, NULL, T1, T2); expect_theta(J, &got, FIX_THETA, T1, T2),
              sizes_note(J, NN_CALL_SERIALIZE, shapes_of(T1, T2)));
    jnote_fixed_pass(J, NN_CALL_SERIALIZE);
}

/* The grader's 2-4-4 weights, then checkNNGradients' 3-5-3 ones. */
static void deserialize_fixed(judge *J)
{
    shapes s = {FIX_HID, FIX_IN + 1, FIX_K, FIX_HID + 1};
    j_deserialize got;
    J_ON_FAIL(J, jcall_deserialize(J, &got, NULL, s.r1, s.c1, s.r2, s.c2, FIX_THETA);
              expect_deserialized(J, &got, jmat_from(J, FIX_T1, s.r1, s.c1), jmat_from(J, FIX_T2, s.r2, s.c2),
                                  FIX_THETA),
              sizes_note(J, NN_CALL_DESERIALIZE, s));
    shapes d = {DBG_HID, DBG_IN + 1, DBG_K, DBG_HID + 1};
    int n1 = (int)GOLD_COUNT(DBG_T1), n = n1 + (int)GOLD_COUNT(DBG_T2);
    double *theta = jalloc(J, (size_t)n * sizeof *theta);
    memcpy(theta, DBG_T1, sizeof DBG_T1);
    memcpy(theta + n1, DBG_T2, sizeof DBG_T2);
    J_ON_FAIL(J, jcall_deserialize(J, &got, NULL, d.r1, d.c1, d.r2, d.c2, theta);
              expect_deserialized(J, &got, jmat_from(J, DBG_T1, d.r1, d.c1), jmat_from(J, DBG_T2, d.r2, d.c2), theta),
              sizes_note(J, NN_CALL_DESERIALIZE, d));
    jnote_fixed_pass(J, NN_CALL_DESERIALIZE);
}

/* Unroll random weights, then roll the student's theta back up. */
static void serialize_round_trip(judge *J, shapes s)
{
    nn_mat *T1 = random_mat(J, s.r1, s.c1, 2.0), *T2 = random_mat(J, s.r2, s.c2, 2.0);
    j_serialize got, ref;
    J_ON_FAIL(J, jcall_serialize(J, &got, &ref, T1, T2); expect_theta(J, &got, ref.theta, T1, T2),
              sizes_note(J, NN_CALL_SERIALIZE, s));
    j_deserialize back, back_ref;
    J_ON_FAIL(J, jcall_deserialize(J, &back, &back_ref, s.r1, s.c1, s.r2, s.c2, got.theta);
              expect_deserialized(J, &back, back_ref.T1, back_ref.T2, got.theta),
              sizes_note(J, NN_CALL_DESERIALIZE, s); j_append(J, " (rolling back up what nn_serialize gave)"));
}

/* Roll a random theta up, then unroll the student's matrices again. */
static void deserialize_round_trip(judge *J, shapes s)
{
    int n = s.r1 * s.c1 + s.r2 * s.c2;
    double *theta = jalloc(J, (size_t)n * sizeof *theta);
    for (int k = 0; k < n; k++)
        theta[k] = juniform(J, -2.0, 2.0);
    j_deserialize got, ref;
    J_ON_FAIL(J, jcall_deserialize(J, &got, &ref, s.r1, s.c1, s.r2, s.c2, theta);
              expect_deserialized(J, &got, ref.T1, ref.T2, theta), sizes_note(J, NN_CALL_DESERIALIZE, s));
    j_serialize back, back_ref;
    J_ON_FAIL(J, jcall_serialize(J, &back, &back_ref, got.T1, got.T2); expect_theta(J, &back, back_ref.theta, got.T1,
                                                                                    got.T2),
              sizes_note(J, NN_CALL_SERIALIZE, s); j_append(J, " (unrolling again what nn_deserialize gave)"));
}

static void serialize_random(judge *J)
{
    serialize_round_trip(J, random_shapes(J, 2, 12, 2, 15, 2, 8));
}

static void deserialize_random(judge *J)
{
    deserialize_round_trip(J, random_shapes(J, 2, 12, 2, 15, 2, 8));
}

/* Every size above the course's: sizes written as 25, 401, 10 and 26 stay
 * inside the arrays here and show as values never written. */
static void params_larger(judge *J)
{
    serialize_round_trip(J, random_shapes(J, C_HID + 1, C_HID + 15, C_IN1, C_IN1 + 40, C_K + 1, C_K + 4));
    deserialize_round_trip(J, random_shapes(J, C_HID + 1, C_HID + 15, C_IN1, C_IN1 + 40, C_K + 1, C_K + 4));
}

/* ---- nn_sigmoid -------------------------------------------------------------------- */

/* A hint for a wrong sigmoid, from where it goes wrong. out started full
 * of NaN (or was z itself, in place). */
static const char *sigmoid_hint(judge *J, const double *got, const double *want, const double *z, int n,
                                bool in_place)
{
    int first = -1, bad = 0, unwritten = 0;
    bool overflow = true, constant_pos = true, constant_neg = true;
    double min_bad = INFINITY, pos = NAN, neg = NAN;
    for (int i = 0; i < n; i++) {
        if (jclose(got[i], want[i], TOL_REL))
            continue;
        first = first < 0 ? i : first;
        bad++;
        unwritten += in_place ? got[i] == z[i] : isnan(got[i]);
        overflow = overflow && isnan(got[i]) && fabs(z[i]) > SIG_OVERFLOW;
        min_bad = fmin(min_bad, fabs(z[i]));
        double *seen = z[i] > 0 ? &pos : &neg;
        bool *constant = z[i] > 0 ? &constant_pos : &constant_neg;
        if (isnan(*seen))
            *seen = got[i];
        else if (got[i] != *seen)
            *constant = false;
    }
    if (bad == 0)
        return NULL;
    if (unwritten == n)
        return in_place ? "z came back unchanged: with out == z, each out[i] = sigmoid(z[i]) replaces z[i]"
                        : "out was never written: out[i] = 1 / (1 + exp(-z[i]))";
    if (overflow)
        return jfmt(J, "sigmoid(%g) came out NaN: exp(%g) overflows to inf in double, and inf/inf is NaN; "
                    "1 / (1 + exp(-z)) gives exactly 0 and 1 there", z[first], fabs(z[first]));
    if (min_bad >= SIG_CLAMP_MIN && constant_pos && constant_neg)
        return jfmt(J, "it is right for |z| < %g but stops changing beyond: the sigmoid must not be clamped or cut "
                    "off at a bound; 1 / (1 + exp(-z)) is accurate for every z (sigmoid(15) = 1 - 3.1e-7, "
                    "sigmoid(-30) = 9.4e-14)", min_bad);
    return jfmt(J, "at z = %.17g: 1 / (1 + exp(-z))", z[first]);
}

static void expect_sigmoid(judge *J, const j_vector *got, const double *want, const double *z, int n, bool in_place)
{
    jexpect(J, got->n == n, "nn_sigmoid: %d values came back, expected %d", got->n, n);
    jexpect_vec(J, "sigmoid(z)", got->out, want, n, TOL_REL, sigmoid_hint(J, got->out, want, z, n, in_place));
}

static void sigmoid_fixed(judge *J)
{
    int n = (int)GOLD_COUNT(FIX_SG_Z);
    j_vector got;
    jcall_sigmoid(J, &got, NULL, FIX_SG_Z, n, false);
    jexpect(J, got.n == n, "nn_sigmoid: %d values came back, expected %d", got.n, n);
    jexpect_vec(J, "sigmoid(3 sin(1:30))", got.out, FIX_SIGMOID, n, TOL_REL,
                sigmoid_hint(J, got.out, FIX_SIGMOID, FIX_SG_Z, n, false));
    jnote_fixed_pass(J, NN_CALL_SIGMOID);
}

/* z from -40 to 40 in steps of 1/8 (shifted by a random fraction of a
 * step), then 0, -800 and 800; in place or not. */
static void sigmoid_range(judge *J, bool in_place)
{
    int steps = (int)(2 * SIG_RANGE / SIG_STEP), n = steps + 1 + 3;
    double *z = jalloc(J, (size_t)n * sizeof *z), shift = juniform(J, 0.0, SIG_STEP);
    for (int k = 0; k <= steps; k++)
        z[k] = -SIG_RANGE + k * SIG_STEP + (k < steps ? shift : 0.0);
    z[steps + 1] = 0.0;
    z[steps + 2] = -SIG_HUGE;
    z[steps + 3] = SIG_HUGE;
    if (in_place) /* in random order, so that a mistake need not show at the start */
        for (int i = n - 1; i > 0; i--) {
            int j = jint(J, 0, i);
            double t = z[i];
            z[i] = z[j];
            z[j] = t;
        }
    j_vector got, ref;
    jcall_sigmoid(J, &got, &ref, z, n, in_place);
    expect_sigmoid(J, &got, ref.out, z, n, in_place);
}

static void sigmoid_dense(judge *J)
{
    sigmoid_range(J, false);
}

static void sigmoid_in_place(judge *J)
{
    sigmoid_range(J, true);
}

/* ---- nn_load_weights --------------------------------------------------------------- */

/* Write Theta1 = A and Theta2 = B (either may be NULL: left out), in the
 * order asked, as the fixture `name`; returns the judge's path. */
static const char *write_weights(judge *J, const char *name, const nn_mat *A, const nn_mat *B, bool t2_first)
{
    nn_matvar vars[2];
    int n = 0;
    if (B && t2_first)
        vars[n++] = (nn_matvar){"Theta2", B, false};
    if (A)
        vars[n++] = (nn_matvar){"Theta1", A, false};
    if (B && !t2_first)
        vars[n++] = (nn_matvar){"Theta2", B, false};
    const char *path = jscratch(J, name);
    nn_error err = {""};
    if (nn_mat_write(path, vars, n, &err) != 0)
        jfail(J, "the judge cannot write its fixture: %s", err.msg);
    jfixture_file(J, name, path);
    return path;
}

/* Theta1 and Theta2 as loaded against want; swapped ones are named. */
static void expect_pair(judge *J, const j_load_weights *got, const nn_mat *W1, const nn_mat *W2)
{
    const nn_mat *G1 = got->T1, *G2 = got->T2;
    if (G1 && G2 && G1->rows == W2->rows && G1->cols == W2->cols && G2->rows == W1->rows && G2->cols == W1->cols &&
        (W1->rows != W2->rows || W1->cols != W2->cols || jclose_mat(G1, W2, TOL_REL)))
        jfail(J, "Theta1 came back as Theta2 (%d×%d) and Theta2 as Theta1 (%d×%d): the two were swapped; read each "
              "variable by its name", G1->rows, G1->cols, G2->rows, G2->cols);
    jexpect_same(J, "Theta1", G1, W1, TOL_REL, NULL);
    jexpect_same(J, "Theta2", G2, W2, TOL_REL, NULL);
}

/* The reference's message, with the judge's path shown as the worker's name. */
static const char *as_named(judge *J, const char *msg, const char *host_path, const char *name)
{
    const char *at = strstr(msg, host_path);
    if (!at)
        return msg;
    return jfmt(J, "%.*s%s%s", (int)(at - msg), msg, name, at + strlen(host_path));
}

static void expect_weights(judge *J, const j_load_weights *got, const j_load_weights *ref, const char *what)
{
    jexpect(J, ref->rc == 0, "the reference could not read the judge's fixture: %s", ref->err);
    if (got->rc != 0)
        jfail(J, "nn_load_weights returned %d on %s, which it must read (any sizes that fit): %s", got->rc, what,
              got->err[0] ? got->err : "(no message in err)");
    jexpect(J, got->T1_null == 0 && got->T2_null == 0, "nn_load_weights returned 0 but %s", got->T1_null
            ? (got->T1_null < 0 ? "never set *T1" : "left *T1 NULL") : (got->T2_null < 0 ? "never set *T2"
                                                                                         : "left *T2 NULL"));
    expect_pair(J, got, ref->T1, ref->T2);
}

static const char *describe_weights(judge *J, shapes s, bool t2_first)
{
    return jfmt(J, "a file with Theta1 %d×%d and Theta2 %d×%d%s", s.r1, s.c1, s.r2, s.c2,
                t2_first ? " (Theta2 stored first)" : "");
}

/* Load weights of shape s, written in the order asked; compare with the reference. */
static void load_and_compare(judge *J, const char *name, shapes s, bool t2_first)
{
    nn_mat *A = random_mat(J, s.r1, s.c1, 2.0), *B = random_mat(J, s.r2, s.c2, 2.0);
    const char *path = write_weights(J, name, A, B, t2_first);
    j_load_weights got, ref;
    jcall_load_weights(J, &got, &ref, path, name);
    expect_weights(J, &got, &ref, describe_weights(J, s, t2_first));
}

static void load_weights_random(judge *J)
{
    load_and_compare(J, "weights.mat", random_shapes(J, 2, 30, 2, 40, 2, 12), jint(J, 0, 1));
}

/* A file nn_load_weights must reject: the reference's rc, both matrices
 * NULL, and a message that names `must_name`. */
static void expect_rejected(judge *J, const char *path, const char *name, const char *what, const char *must_name)
{
    j_load_weights got, ref;
    jcall_load_weights(J, &got, &ref, path, name);
    jexpect(J, ref.rc != 0, "the reference read %s, which the judge meant as a bad file", what);
    const char *ref_err = as_named(J, ref.err, path, name);
    jexpect(J, got.rc == ref.rc, "nn_load_weights on %s must fail with %d, like the reference (\"%s\"); it returned "
            "%d", what, ref.rc, ref_err, got.rc);
    jexpect(J, got.T1_null == 1 && got.T2_null == 1, "nn_load_weights on %s: on an error *T1 and *T2 must both be "
            "NULL (free what was read), but *T%d was %s", what, got.T1_null != 1 ? 1 : 2,
            (got.T1_null != 1 ? got.T1_null : got.T2_null) < 0 ? "never set" : "left pointing to a matrix");
    jexpect(J, strstr(got.err, must_name) != NULL, "nn_load_weights on %s: the message must name %s, as in \"%s\"; "
            "got \"%s\"", what, must_name, ref_err, got.err);
}

/* A good file first (so that failing on everything cannot pass), then bad ones. */
static void load_weights_rejects(judge *J)
{
    shapes s = random_shapes(J, 2, 12, 2, 15, 2, 8);
    if (s.c1 == s.r1 + 1) /* Theta1 given as Theta2 must not fit */
        s.c1++;
    load_and_compare(J, "good.mat", s, false);
    nn_mat *A = random_mat(J, s.r1, s.c1, 2.0), *B = random_mat(J, s.r2, s.c2, 2.0);
    int off = jint(J, 0, 1) ? 1 : -1;
    nn_mat *misfit = random_mat(J, s.r2, s.c2 + off, 2.0);
    expect_rejected(J, write_weights(J, "misfit.mat", A, misfit, false), "misfit.mat",
                    jfmt(J, "a file whose Theta2 has %d columns after a Theta1 with %d rows (it needs %d)", s.c2 + off,
                         s.r1, s.r1 + 1),
                    "Theta2");
    expect_rejected(J, write_weights(J, "twice.mat", A, A, false), "twice.mat",
                    jfmt(J, "a file whose Theta2 is Theta1 again (%d×%d, after a Theta1 with %d rows)", s.r1, s.c1,
                         s.r1),
                    "Theta2");
    expect_rejected(J, write_weights(J, "no-theta2.mat", A, NULL, false), "no-theta2.mat",
                    "a file with Theta1 and no Theta2", "Theta2");
    expect_rejected(J, write_weights(J, "no-theta1.mat", NULL, B, false), "no-theta1.mat",
                    "a file with Theta2 and no Theta1", "Theta1");
    const char *missing = jfmt(J, "no-such-weights-%d.mat", jint(J, 1000, 9999));
    expect_rejected(J, jscratch(J, missing), missing, jfmt(J, "a file that does not exist (%s)", missing), missing);
}

/* ---- ex4weights.mat -------------------------------------------------------------------- */

static void load_ex4weights(judge *J)
{
    j_load_weights got, ref;
    jcall_load_weights(J, &got, &ref, jdata_host(J, "ex4weights.mat"), jdata_worker(J, "ex4weights.mat"));
    jexpect(J, got.rc == 0, "nn_load_weights returned %d on ex4weights.mat: %s", got.rc, got.err);
    jexpect(J, got.T1 && got.T2, "nn_load_weights returned 0 but left *T1 or *T2 NULL");
    if (got.T1->rows == C_K && got.T1->cols == C_HID + 1 && got.T2->rows == C_HID && got.T2->cols == C_IN1)
        expect_pair(J, &got, ref.T1, ref.T2); /* swapped: says so */
    jexpect(J, got.T1->rows == C_HID && got.T1->cols == C_IN1, "Theta1: expected %d×%d, got %d×%d", C_HID, C_IN1,
            got.T1->rows, got.T1->cols);
    jexpect(J, got.T2->rows == C_K && got.T2->cols == C_HID + 1, "Theta2: expected %d×%d, got %d×%d", C_K, C_HID + 1,
            got.T2->rows, got.T2->cols);
    j_expect_entries(J, "Theta1", got.T1, W_T1_SAMPLES, (int)GOLD_COUNT(W_T1_SAMPLES));
    j_expect_entries(J, "Theta2", got.T2, W_T2_SAMPLES, (int)GOLD_COUNT(W_T2_SAMPLES));
    expect_pair(J, &got, ref.T1, ref.T2);
}

/* The course's weights unrolled (sums against the goldens) and rolled back. */
static void params_ex4weights(judge *J)
{
    nn_mat *T1 = NULL, *T2 = NULL;
    nn_error err = {""};
    if (nn_load_weights(jdata_host(J, "ex4weights.mat"), &T1, &T2, &err) != 0)
        jfail(J, "the judge cannot read ex4weights.mat: %s", err.msg);
    jown(J, T1);
    jown(J, T2);
    j_serialize got, ref;
    jcall_serialize(J, &got, &ref, T1, T2);
    jexpect(J, got.n == C_N, "nn_serialize: %d values came back, expected %d", got.n, C_N);
    double s1 = 0, s2 = 0;
    for (int k = 0; k < C_N1; k++)
        s1 += got.theta[k];
    for (int k = C_N1; k < C_N; k++)
        s2 += got.theta[k];
    const char *hint = serialize_hint(J, got.theta, T1, T2, ref.theta);
    jexpect_close(J, "sum of theta[0..10024] (Theta1)", s1, W_T1_SUM, TOL_REL, hint);
    jexpect_close(J, "sum of theta[10025..10284] (Theta2)", s2, W_T2_SUM, TOL_REL, hint);
    expect_theta(J, &got, ref.theta, T1, T2);
    j_deserialize back, back_ref;
    jcall_deserialize(J, &back, &back_ref, C_HID, C_IN1, C_K, C_HID + 1, ref.theta);
    expect_deserialized(J, &back, back_ref.T1, back_ref.T2, ref.theta);
}

static const check_def CHECKS[] = {
    {"nn_serialize the grader's weights (row by row)", serialize_fixed, J_FIXED, 1, NULL},
    {"nn_deserialize the grader's weights and checkNNGradients' (3-5-3)", deserialize_fixed, J_FIXED, 1, NULL},
    {"nn_sigmoid at 3 sin(1:30)", sigmoid_fixed, J_FIXED, 1, NULL},
    {"nn_serialize weights of random sizes, and back", serialize_random, J_SECRET, 2, NULL},
    {"nn_deserialize a theta of random sizes, and back", deserialize_random, J_SECRET, 2, NULL},
    {"nn_serialize and nn_deserialize weights larger than the course's", params_larger, J_SECRET, 2, NULL},
    {"nn_sigmoid from z = -40 to 40, at 0 and at ±800", sigmoid_dense, J_SECRET, 2, NULL},
    {"nn_sigmoid in place (out == z)", sigmoid_in_place, J_SECRET, 1, NULL},
    {"nn_load_weights on a file of random sizes", load_weights_random, J_SECRET, 2, NULL},
    {"nn_load_weights rejects weights that do not fit, missing variables and files", load_weights_rejects, J_SECRET,
     2, NULL},
    {"nn_load_weights on ex4weights.mat", load_ex4weights, J_DATA, 1, "ex4weights.mat"},
    {"nn_serialize and nn_deserialize ex4weights.mat's 25-401-10 weights", params_ex4weights, J_DATA, 1,
     "ex4weights.mat"},
};
J_TABLE(3, CHECKS);
