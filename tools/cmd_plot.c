/* cmd_plot.c - `nnwb plot KIND`: the lecture figures, drawn by gnuplot.
 *
 *   nnwb plot cost      --log A.csv [--label L] [--log B.csv --label M ...] -o cost.png
 *   nnwb plot accuracy  --log A.csv [--label L] ... -o accuracy.png
 *   nnwb plot digits    --data D.mat [--weights W.mat] [--grid 10] [--seed S] -o digits.png
 *   nnwb plot hidden    --weights W.mat [--grid 5] -o hidden.png
 *   nnwb plot confusion --csv confusion.csv -o confusion.png
 *   nnwb plot gradcheck --csv gradcheck.csv -o gradcheck.png
 *   nnwb plot learning  --data D.mat --test T.mat [--sizes 10] [--iters 50] -o learning.png
 *   nnwb plot learning  --csv learning.csv -o learning.svg   (a curve computed before)
 *
 * Each KIND has a gnuplot script plots/KIND.gp that draws it from a file of
 * numbers alone. This command checks that file (or, for digits, hidden and
 * learning, writes it from a .mat file), then runs the script. An output
 * ending in .png or .svg is drawn; for digits, hidden and learning any
 * other name gets the data file itself (--keep-data FILE keeps it as well as
 * drawing). Pictures go to a temporary file renamed into place, and a
 * missing or empty input stops with one line on stderr before gnuplot runs.
 *
 * What is not here: the look of the figures (plots/style.gp and the
 * scripts), the training runs (nnwb train) and the confusion matrix (nnwb
 * predict). The scripts are found in $NNWB_PLOTS_DIR, else ./plots, else
 * plots/ beside the directory of the nnwb binary (build/../plots). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"
#include "nn_atomic.h"
#include "nn_file.h"
#include "nn_kernel.h"
#include "nn_objective.h"
#include "nn_optim.h"
#include "workbook.h"

#define CMD "plot"
#define MAX_LOGS 8         /* runs on one cost or accuracy chart */
#define TILE_GAP 2         /* blank pixels between the tiles of an image grid */
#define LABEL_ROOM 10      /* pixels above each digit for its label */
#define WRONG_RGB 0xD55E00 /* a wrong prediction's label and frame (Okabe-Ito vermillion) */
#define LABEL_RGB 0x000000 /* the other labels */
#define DEFAULT_DIGIT_GRID 10
#define DEFAULT_HIDDEN_GRID 5
#define DEFAULT_SIZES 10   /* training-set sizes of the learning curve */
#define DEFAULT_LC_ITERS 50
#define DEFAULT_LC_LAMBDA 1.0
#define DEFAULT_LC_HIDDEN 25
#define MIN_PER_CLASS 5    /* the learning curve's smallest set: 5 examples a class */

extern char **environ;

static const char USAGE[] =
    "KIND [options] -o OUT.png|OUT.svg   (KIND: cost accuracy digits hidden confusion\n"
    "       gradcheck learning; nnwb plot --help for the options)";

static void help(void)
{
    printf("usage: nnwb plot %s\n\n", USAGE);
    printf(
        "Draw a lecture figure with gnuplot (plots/KIND.gp). The output's extension picks the\n"
        "format: .png (pngcairo) or .svg. digits, hidden and learning first write a data file\n"
        "for gnuplot; give -o a name ending in something else (.dat, .csv) to get only that.\n\n"
        "  cost      --log FILE [--label L] ...  cost curves of nnwb train --log runs (up to %d)\n"
        "            [--x iteration|evaluations|seconds] [--logy] [--logx]; evaluations (of J\n"
        "            and its gradient, in whole training sets) compare optimizers fairly\n"
        "  accuracy  --log FILE [--label L] ...  one panel per run (up to 4): training (solid)\n"
        "            and held-out (dashed) accuracy with the gap between them shaded; the\n"
        "            logs need test_accuracy (nnwb train --test T.mat)  [--x ...] [--ymin P]\n"
        "  digits    --data D.mat [--weights W.mat] [--grid N] [--seed S]  an N×N grid (default\n"
        "            %d) of random examples, upright, one grey scale shared by all, each with its\n"
        "            label above it. With --weights the label is the network's prediction:\n"
        "            black when right; red, framed in red and followed by the true label in\n"
        "            brackets when wrong, e.g. \"4 (9)\"\n"
        "  hidden    --weights W.mat [--grid N]  the input weights of the first N×N hidden units\n"
        "            (default %d) as images, one colour scale centred on 0 (orange: ink on the\n"
        "            pixel drives the unit on, blue: off)\n"
        "  confusion --csv FILE   the confusion matrix of nnwb predict --confusion, with counts\n"
        "  gradcheck --csv FILE   numerical vs backprop gradient of nnwb gradcheck --csv\n"
        "  learning  --data D.mat --test T.mat [--sizes N] [--iters I] [--lambda L] [--hidden H]\n"
        "            [--seed S]  trains CG on N growing subsets (default %d, from %d examples a\n"
        "            class to all; the first examples of each class in turn) for I iterations\n"
        "            (default %d, λ %g) and plots training and held-out error against their size;\n"
        "            --csv FILE draws a curve written before (-o learning.csv); --metric cost plots\n"
        "            the cost J without λ instead of the error\n\n"
        "  -o OUT           the figure (.png or .svg) or the data file\n"
        "  --keep-data F    also write the data file to F (digits, hidden, learning)\n"
        "  --title T        the chart's title (every figure has a default one)\n"
        "  --lang en|zh     language of the labels (default: zh if $LANG starts with zh)\n",
        MAX_LOGS, DEFAULT_DIGIT_GRID, DEFAULT_HIDDEN_GRID, DEFAULT_SIZES, MIN_PER_CLASS,
        DEFAULT_LC_ITERS, DEFAULT_LC_LAMBDA);
}

/* ---- options ------------------------------------------------------------- */

typedef enum { K_COST, K_ACCURACY, K_DIGITS, K_HIDDEN, K_CONFUSION, K_GRADCHECK, K_LEARNING } kind;

static const char *const KIND_NAMES[] = {"cost",      "accuracy",  "digits",  "hidden",
                                         "confusion", "gradcheck", "learning"};
#define N_KINDS ((int)(sizeof KIND_NAMES / sizeof KIND_NAMES[0]))
#define MAX_PANELS 4       /* runs on one accuracy figure, a panel each */

typedef struct {
    kind k;
    const char *out, *keep, *title, *lang, *x, *metric;
    const char *logs[MAX_LOGS], *labels[MAX_LOGS];
    int n_logs, n_labels;
    const char *data, *test, *weights, *csv;
    int grid, sizes, iters, hidden;
    double lambda, ymin;
    bool has_ymin, logy, logx;
    uint64_t seed;
} options;

/* File names go into gnuplot strings and the scripts' shell calls in
 * quotes, titles and labels into gnuplot strings only: refuse the characters
 * that would end those quotes (an apostrophe is fine in a title or label,
 * which add_quoted doubles as gnuplot wants). */
static bool quotable(const char *opt, const char *s)
{
    bool text = !strcmp(opt, "--title") || !strcmp(opt, "--label");
    if (strpbrk(s, text ? "\"\\\n" : "'\"\\\n")) {
        cli_error(CMD, "%s: '%s' has a %sdouble quote, backslash or newline, which the gnuplot "
                  "scripts cannot take", opt, s, text ? "" : "single or ");
        return false;
    }
    return true;
}

/* Parse argv into *o: 0, 2 on a usage error (printed), -1 after --help. */
static int parse(int argc, char **argv, options *o)
{
    *o = (options){.grid = 0, .sizes = DEFAULT_SIZES, .iters = DEFAULT_LC_ITERS,
                   .hidden = DEFAULT_LC_HIDDEN, .lambda = DEFAULT_LC_LAMBDA, .seed = 1};
    if (argc < 2)
        return cli_usage(CMD, USAGE);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help();
        return -1;
    }
    int k = 0;
    while (k < N_KINDS && strcmp(argv[1], KIND_NAMES[k]))
        k++;
    if (k == N_KINDS) {
        cli_error(CMD, "unknown figure '%s' (cost, accuracy, digits, hidden, confusion, "
                  "gradcheck or learning)", argv[1]);
        return 2;
    }
    o->k = (kind)k;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help();
            return -1;
        } else if (!strcmp(a, "--logy")) {
            o->logy = true;
            continue;
        } else if (!strcmp(a, "--logx")) {
            o->logx = true;
            continue;
        }
        static const char *const WITH_VALUE[] = {
            "-o", "--keep-data", "--title", "--lang", "--x", "--log", "--label", "--data", "--test",
            "--weights", "--csv", "--grid", "--sizes", "--iters", "--hidden", "--lambda", "--ymin",
            "--seed", "--metric"};
        bool known = false;
        for (size_t j = 0; j < sizeof WITH_VALUE / sizeof WITH_VALUE[0]; j++)
            known |= !strcmp(a, WITH_VALUE[j]);
        if (!known) {
            cli_error(CMD, "unknown option '%s' (see nnwb plot --help)", a);
            return 2;
        }
        if (!(v = cli_value(CMD, argc, argv, &i)))
            return 2;
        bool ok = true;
        if (!strcmp(a, "-o"))
            ok = quotable(a, v), o->out = v;
        else if (!strcmp(a, "--keep-data"))
            ok = quotable(a, v), o->keep = v;
        else if (!strcmp(a, "--title"))
            ok = quotable(a, v), o->title = v;
        else if (!strcmp(a, "--lang")) {
            o->lang = v;
            if (strcmp(v, "en") && strcmp(v, "zh"))
                ok = false, cli_error(CMD, "--lang: '%s' is not en or zh", v);
        } else if (!strcmp(a, "--metric")) {
            o->metric = v;
            if (strcmp(v, "error") && strcmp(v, "cost"))
                ok = false, cli_error(CMD, "--metric: '%s' is not error or cost", v);
        } else if (!strcmp(a, "--x")) {
            o->x = v;
            if (strcmp(v, "iteration") && strcmp(v, "evaluations") && strcmp(v, "seconds"))
                ok = false, cli_error(CMD, "--x: '%s' is not iteration, evaluations or seconds", v);
        } else if (!strcmp(a, "--log") || !strcmp(a, "--label")) {
            bool is_log = !strcmp(a, "--log");
            int *n = is_log ? &o->n_logs : &o->n_labels;
            if (*n == MAX_LOGS) {
                cli_error(CMD, "%s: at most %d on one chart", a, MAX_LOGS);
                return 2;
            }
            ok = quotable(a, v);
            (is_log ? o->logs : o->labels)[(*n)++] = v;
        } else if (!strcmp(a, "--data"))
            ok = quotable(a, v), o->data = v;
        else if (!strcmp(a, "--test"))
            ok = quotable(a, v), o->test = v;
        else if (!strcmp(a, "--weights"))
            ok = quotable(a, v), o->weights = v;
        else if (!strcmp(a, "--csv"))
            ok = quotable(a, v), o->csv = v;
        else if (!strcmp(a, "--grid"))
            ok = cli_int(CMD, a, v, 1, 40, &o->grid);
        else if (!strcmp(a, "--sizes"))
            ok = cli_int(CMD, a, v, 2, 50, &o->sizes);
        else if (!strcmp(a, "--iters"))
            ok = cli_int(CMD, a, v, 1, 100000, &o->iters);
        else if (!strcmp(a, "--hidden"))
            ok = cli_int(CMD, a, v, 1, 10000, &o->hidden);
        else if (!strcmp(a, "--lambda"))
            ok = cli_double(CMD, a, v, 0.0, 1e6, &o->lambda);
        else if (!strcmp(a, "--ymin"))
            ok = cli_double(CMD, a, v, 0.0, 100.0, &o->ymin), o->has_ymin = true;
        else if (!strcmp(a, "--seed")) {
            int s;
            ok = cli_int(CMD, a, v, 0, INT_MAX, &s);
            o->seed = (uint64_t)s;
        }
        if (!ok)
            return 2;
    }
    if (!o->out) {
        cli_error(CMD, "%s: -o OUT is required (see nnwb plot --help)", KIND_NAMES[o->k]);
        return 2;
    }
    const char *need = NULL;
    switch (o->k) {
    case K_COST:
    case K_ACCURACY:
        need = o->n_logs ? NULL : "--log FILE";
        if (o->n_labels > o->n_logs) {
            cli_error(CMD, "%s: %d --label for %d --log", KIND_NAMES[o->k], o->n_labels, o->n_logs);
            return 2;
        }
        if (o->k == K_ACCURACY && o->n_logs > MAX_PANELS) {
            cli_error(CMD, "accuracy: %d --log, at most %d (a panel each)", o->n_logs, MAX_PANELS);
            return 2;
        }
        break;
    case K_DIGITS:
        need = o->data ? NULL : "--data D.mat";
        break;
    case K_HIDDEN:
        need = o->weights ? NULL : "--weights W.mat";
        break;
    case K_CONFUSION:
    case K_GRADCHECK:
        need = o->csv ? NULL : "--csv FILE";
        break;
    case K_LEARNING:
        need = (o->data && o->test) || o->csv ? NULL : "--data D.mat and --test T.mat, or --csv FILE";
        break;
    }
    if (need) {
        cli_error(CMD, "%s needs %s (see nnwb plot --help)", KIND_NAMES[o->k], need);
        return 2;
    }
    return 0;
}

/* ---- files --------------------------------------------------------------- */

/* True when path ends in ext. */
static bool ends_with(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n >= e && !strcmp(path + n - e, ext);
}

static bool is_picture(const char *path)
{
    return ends_with(path, ".png") || ends_with(path, ".svg");
}

/* Check a CSV input: it opens, its first line starts with header, and at
 * least one line after it is not blank. With column > 0, that column (1-based)
 * must hold a value on some line. 0, or 1 after one line naming the file. */
static int check_csv(const char *path, const char *header, int column, const char *what)
{
    nn_error err;
    if (nn_file_input(path, what, &err) != 0)
        return cli_error(CMD, "%s", err.msg);
    FILE *f = fopen(path, "r");
    if (!f)
        return cli_error(CMD, "%s: cannot open: %s (%s)", path, strerror(errno), what);
    char line[4096];
    int rows = 0, with_column = 0;
    bool got;
    while ((got = fgets(line, sizeof line, f) != NULL) && line[0] == '#')
        ; /* comments before the header (nnwb plot learning writes two) */
    bool header_ok = got && !strncmp(line, header, strlen(header));
    while (header_ok && fgets(line, sizeof line, f)) {
        if (strspn(line, " \t\r\n") == strlen(line))
            continue;
        rows++;
        const char *p = line;
        for (int c = 1; c < column && p; c++)
            p = (p = strchr(p, ',')) ? p + 1 : NULL;
        if (column > 0 && p && *p && *p != ',' && *p != '\n' && *p != '\r')
            with_column++;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return cli_error(CMD, "%s: cannot read", path);
    if (!header_ok)
        return cli_error(CMD, "%s: empty, or its first line is not \"%s...\" (%s)", path, header, what);
    if (rows == 0)
        return cli_error(CMD, "%s: no data after the header line (%s)", path, what);
    if (column > 0 && with_column == 0)
        return cli_error(CMD, "%s: column %d is empty on every line (%s)", path, column, what);
    return 0;
}

/* ---- data files for gnuplot --------------------------------------------- */

/* Write tiles of side×side pixels as gnuplot blocks of "x y value" lines (one
 * block per tile, "index t" in gnuplot), `cols` tiles a row, TILE_GAP pixels
 * apart, with `room` more pixels above each row of tiles (for labels). Tile
 * t is row rows[t] of V (n×(cols0 + side²)), its pixels taken from column
 * cols0 on, unrolled column-major as the course's images are: pixel (r, c) =
 * V(row, cols0 + r + side·c). y grows downwards (row r). */
static void write_tiles(FILE *f, const nn_mat *V, int cols0, const int *rows, int n_tiles,
                        int side, int cols, int room)
{
    for (int t = 0; t < n_tiles; t++) {
        int R = t / cols, C = t % cols;
        fprintf(f, "%s# tile %d: row %d\n", t ? "\n\n" : "", t, rows[t] + 1);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++)
                fprintf(f, "%d %d %.6g\n", C * (side + TILE_GAP) + c,
                        R * (side + TILE_GAP + room) + room + r, NN_AT(V, rows[t], cols0 + r + side * c));
            if (r + 1 < side)
                fputc('\n', f);
        }
    }
}

/* The side of a square image of n pixels, or 0 if n is not a square. */
static int image_side(int n)
{
    int s = (int)lround(sqrt((double)n));
    return s > 0 && s * s == n ? s : 0;
}

/* The name of label c (1..K): with 10 classes the course's digits, label 10
 * being 0 (as nnwb predict names them). */
static void label_name(char *buf, size_t size, int c, int K)
{
    snprintf(buf, size, "%d", K == 10 && c == 10 ? 0 : c);
}

/* pred[0..m-1]: the labels (1..K) that the network of o->weights predicts
 * for the m examples X (m×(n+1)) with labels y; *K set to its classes. 0, or
 * 1 after an error. */
static int predictions(int *pred, int *K, const options *o, const nn_mat *X, const int *y, int m)
{
    nn_error err;
    nn_mat *T1 = NULL, *T2 = NULL;
    nn_kernel *k = NULL;
    double *theta = NULL;
    int status = 1;
    if (nn_load_weights(o->weights, &T1, &T2, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    if (T1->cols != X->cols) {
        cli_error(CMD, "%s: Theta1 is %d×%d, but %s has %d inputs, so it should be %d×%d", o->weights,
                  T1->rows, T1->cols, o->data, X->cols - 1, T1->rows, X->cols);
        goto done;
    }
    *K = T2->rows;
    if (!cli_labels_fit(CMD, o->data, y, m, *K, o->weights))
        goto done;
    theta = malloc((size_t)nn_param_count(X->cols - 1, T1->rows, *K) * sizeof *theta);
    if (!theta || !(k = nn_kernel_new(X, y, *K, T1->rows, &err))) {
        cli_error(CMD, "%s", theta ? err.msg : "out of memory");
        goto done;
    }
    nn_serialize(theta, T1, T2);
    nn_kernel_accuracy(k, theta, pred);
    status = 0;
done:
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_kernel_free(k);
    free(theta);
    return status;
}

/* digits: grid×grid random examples of o->data (seeded), to f, each tile
 * with a label above it. The labels are comment lines, so that the tiles
 * read as before, which digits.gp picks out with sed:
 *     #label XC YC HALF YL "TEXT" RGB WRONG
 * the tile's centre (XC, YC) and half its side, the label's height YL, its
 * text and colour (0xRRGGBB as a decimal number), and 1 when a prediction
 * is wrong (its tile is framed).
 * With o->weights, TEXT is the network's prediction, "P (T)" when wrong. */
static int data_digits(FILE *f, const options *o)
{
    nn_error err;
    nn_mat *X = NULL;
    int *y = NULL, m = 0, status = 1, grid = o->grid ? o->grid : DEFAULT_DIGIT_GRID;
    int *order = NULL, *pred = NULL, K = 0;
    if (nn_load_data(o->data, false, &X, &y, &m, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    int side = image_side(X->cols - 1);
    if (!side) {
        cli_error(CMD, "%s: X has %d columns, not a square image", o->data, X->cols - 1);
        goto done;
    }
    int n = grid * grid < m ? grid * grid : m;
    order = malloc((size_t)m * sizeof *order);
    pred = o->weights ? malloc((size_t)m * sizeof *pred) : NULL;
    if (!order || (o->weights && !pred)) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    if (!o->weights) {
        for (int i = 0; i < m; i++)
            K = y[i] > K ? y[i] : K;
    } else if (predictions(pred, &K, o, X, y, m) != 0)
        goto done;
    for (int i = 0; i < m; i++)
        order[i] = i;
    nn_rng rng;
    nn_rng_seed(&rng, o->seed);
    nn_rng_shuffle(&rng, order, m);
    int wrong = 0;
    for (int t = 0; pred && t < n; t++)
        wrong += pred[order[t]] != y[order[t]];
    fprintf(f, "# nnwb plot digits: %d examples of %s (random, seed %llu), %d×%d pixels each\n", n,
            o->data, (unsigned long long)o->seed, side, side);
    if (pred)
        fprintf(f, "# labels: the predictions of %s, %d of %d wrong\n", o->weights, wrong, n);
    else
        fprintf(f, "# labels: y of %s\n", o->data);
    fprintf(f, "# x y value; one block per tile, %d tiles a row, %d pixels apart, %d above for the "
            "label\n", grid, TILE_GAP, LABEL_ROOM);
    for (int t = 0; t < n; t++) {
        int R = t / grid, C = t % grid, i = order[t];
        double xc = C * (side + TILE_GAP) + (side - 1) / 2.0;
        double y0 = R * (side + TILE_GAP + LABEL_ROOM) + LABEL_ROOM;
        char shown[16], truth[16];
        label_name(shown, sizeof shown, pred ? pred[i] : y[i], K);
        label_name(truth, sizeof truth, y[i], K);
        bool bad = pred && pred[i] != y[i];
        fprintf(f, "#label %g %g %g %g \"%s%s%s%s\" %d %d\n", xc, y0 + (side - 1) / 2.0, side / 2.0,
                y0 - 0.5 * LABEL_ROOM, shown, bad ? " (" : "", bad ? truth : "", bad ? ")" : "",
                bad ? WRONG_RGB : LABEL_RGB, bad);
    }
    write_tiles(f, X, 1, order, n, side, grid, LABEL_ROOM);
    status = 0;
done:
    nn_mat_free(X);
    free(y);
    free(order);
    free(pred);
    return status;
}

/* hidden: the input weights (Theta1 without its bias column) of the first
 * grid×grid hidden units of o->weights, to f. */
static int data_hidden(FILE *f, const options *o)
{
    nn_error err;
    nn_mat *T1 = NULL, *T2 = NULL;
    int status = 1, grid = o->grid ? o->grid : DEFAULT_HIDDEN_GRID, *rows = NULL;
    if (nn_load_weights(o->weights, &T1, &T2, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    int side = image_side(T1->cols - 1);
    if (!side) {
        cli_error(CMD, "%s: Theta1 has %d input weights a unit, not a square image", o->weights,
                  T1->cols - 1);
        goto done;
    }
    int n = grid * grid < T1->rows ? grid * grid : T1->rows;
    if (!(rows = malloc((size_t)n * sizeof *rows))) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    for (int i = 0; i < n; i++)
        rows[i] = i;
    fprintf(f, "# nnwb plot hidden: input weights of hidden units 1..%d of %s (Theta1 %d×%d "
            "without the bias column), %d×%d each\n", n, o->weights, T1->rows, T1->cols, side, side);
    fprintf(f, "# x y value; one block per unit, %d a row, %d pixels apart\n", grid, TILE_GAP);
    write_tiles(f, T1, 1, rows, n, side, grid, 0);
    status = 0;
done:
    nn_mat_free(T1);
    nn_mat_free(T2);
    free(rows);
    return status;
}

/* One point of the curve as it comes: a line on stdout, a row of the file. */
static int learning_point(const nn_curve_point *p, void *f)
{
    fprintf(f, "%d,%.6f,%.6f,%.10g,%.10g\n", p->m, p->train_error, p->test_error, p->train_cost, p->test_cost);
    printf("m = %5d: training error %5.1f%%, held-out error %5.1f%% (%d iterations)\n", p->m,
           100 * p->train_error, 100 * p->test_error, p->iterations);
    fflush(stdout);
    return 0;
}

/* learning: the learning curve of the training code (nn_learning_curve in
 * lib/nn_objective.h: CG on o->sizes growing subsets of o->data), written
 * as m,train_error,test_error,train_cost,test_cost (errors as fractions,
 * costs without regularization) to f; a line per size on stdout as it goes. */
static int data_learning(FILE *f, const options *o)
{
    nn_error err;
    nn_mat *X = NULL, *Xt = NULL;
    int *y = NULL, *yt = NULL, m = 0, mt = 0, status = 1;
    double *theta = NULL;
    nn_curve_point *points = NULL;
    if (nn_load_data(o->data, false, &X, &y, &m, &err) != 0 ||
        nn_load_data(o->test, false, &Xt, &yt, &mt, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    int K = cli_classes(CMD, o->data, y, m, 0), n_in = X->cols - 1;
    if (!K)
        goto done;
    if (Xt->cols != X->cols) {
        cli_error(CMD, "%s: X has %d columns, but %s has %d", o->test, Xt->cols - 1, o->data, n_in);
        goto done;
    }
    if (!cli_labels_fit(CMD, o->test, yt, mt, K, o->data))
        goto done;
    theta = malloc((size_t)nn_param_count(n_in, o->hidden, K) * sizeof *theta);
    points = malloc((size_t)o->sizes * sizeof *points);
    if (!theta || !points) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    cli_random_start(theta, n_in, o->hidden, K, o->seed);
    fprintf(f, "# nnwb plot learning: %s (first examples of each class in turn), held out %s;\n"
            "# CG, %d iterations, lambda %g, %d hidden units, seed %llu; costs without lambda\n",
            o->data, o->test, o->iters, o->lambda, o->hidden, (unsigned long long)o->seed);
    fprintf(f, "m,train_error,test_error,train_cost,test_cost\n");
    int n_points;
    if (nn_learning_curve(points, &n_points, X, y, Xt, yt, K, o->hidden, o->lambda, o->iters, o->sizes,
                          MIN_PER_CLASS, theta, learning_point, f, &err) != 0) {
        cli_error(CMD, "%s: %s", o->data, err.msg);
        goto done;
    }
    status = 0;
done:
    nn_mat_free(X);
    nn_mat_free(Xt);
    free(y);
    free(yt);
    free(theta);
    free(points);
    return status;
}

/* Write the data file of o->k to path, whole or not at all (nn_atomic):
 * 0, or 1 after an error. */
static int write_data(const char *path, const options *o)
{
    nn_atomic out;
    nn_error err;
    if (nn_atomic_open(&out, path, &err) != 0)
        return cli_error(CMD, "%s", err.msg);
    int status = o->k == K_DIGITS ? data_digits(out.f, o)
               : o->k == K_HIDDEN ? data_hidden(out.f, o)
                                  : data_learning(out.f, o);
    if (status != 0) {
        nn_atomic_abort(&out);
        return status;
    }
    if (nn_atomic_commit(&out, &err) != 0)
        return cli_error(CMD, "%s", err.msg);
    return 0;
}

/* ---- running gnuplot ----------------------------------------------------- */

/* The directory of the gnuplot scripts, malloc'ed, or NULL with an error. */
static char *scripts_dir(void)
{
    const char *env = getenv("NNWB_PLOTS_DIR");
    if (env && *env)
        return strdup(env);
    if (access("plots/style.gp", R_OK) == 0)
        return strdup("plots");
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe), *path = malloc(strlen(dir) + 32);
        if (path) {
            sprintf(path, "%s/../plots", dir);
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof probe, "%s/style.gp", path);
            if (access(probe, R_OK) == 0)
                return path;
            free(path);
        }
    }
    cli_error(CMD, "cannot find the gnuplot scripts (plots/style.gp): run from the project's "
              "directory or set NNWB_PLOTS_DIR");
    return NULL;
}

/* Append s to b with each ' doubled, as in a gnuplot '...' string. */
static void add_quoted(strbuf *b, const char *s)
{
    for (; *s; s++)
        if (*s == '\'')
            sb_add(b, "''");
        else
            sb_add(b, "%c", *s);
}

/* The label of the i-th log: its --label, else its file name. */
static const char *log_label(const options *o, int i)
{
    if (i < o->n_labels)
        return o->labels[i];
    const char *slash = strrchr(o->logs[i], '/');
    return slash ? slash + 1 : o->logs[i];
}

/* Whether the picture gnuplot wrote to path is complete: a PNG ends with
 * its IEND chunk, an SVG (svg true) with </svg>. gnuplot does not always notice a
 * failed write (a full disk), so a cut-off picture is caught here. */
static bool picture_complete(const char *path, bool svg)
{
    static const unsigned char IEND[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char tail[64];
    FILE *f = fopen(path, "rb");
    long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long n = size < (long)sizeof tail ? size : (long)sizeof tail;
    bool ok = n > 0 && fseek(f, size - n, SEEK_SET) == 0 && fread(tail, 1, (size_t)n, f) == (size_t)n;
    if (f)
        fclose(f);
    if (!ok)
        return false;
    if (svg)
        return memmem(tail, (size_t)n, "</svg>", 6) != NULL;
    return n >= 12 && !memcmp(tail + n - 12, IEND, 12);
}

/* Run gnuplot with args, its stderr kept: 0, or -1 with the last line it
 * printed (or what went wrong) in err. On success what it printed is
 * passed on to stderr (its warnings); on failure only err is reported, so
 * that the error stays one line. */
static int run_gnuplot(char *const args[], nn_error *err)
{
    int fds[2];
    if (pipe(fds) != 0) {
        return nn_fail(err, "cannot run gnuplot: %s", strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, args, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return nn_fail(err, "cannot run gnuplot: %s (make deps installs gnuplot-nox)", strerror(rc));
    }
    strbuf said = {0};
    char chunk[4096];
    ssize_t got;
    while ((got = read(fds[0], chunk, sizeof chunk)) != 0)
        if (got > 0)
            sb_add(&said, "%.*s", (int)got, chunk);
        else if (errno != EINTR)
            break;
    close(fds[0]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    int status = WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : -1;
    if (status == 0) {
        if (said.len)
            fputs(said.s, stderr);
    } else {
        /* The last line that says something, without its "line N:" prefix. */
        char *last = NULL;
        for (char *line = said.s ? strtok(said.s, "\n") : NULL; line; line = strtok(NULL, "\n"))
            if (strspn(line, " ^\t") < strlen(line))
                last = line;
        nn_fail(err, "gnuplot failed (exit %d)%s%.300s", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, last ? ": " : "",
                last ? last : "");
    }
    sb_free(&said);
    return status;
}

/* Run plots/KIND.gp on input `in` (NULL for cost/accuracy, which take the
 * logs) into the picture o->out, whole or not at all: gnuplot draws into
 * nn_atomic's temporary file, which replaces o->out once it is complete.
 * 0, or 1 after an error. */
static int render(const options *o, const char *in)
{
    char *dir = scripts_dir();
    if (!dir)
        return 1;
    nn_atomic out;
    nn_error err;
    if (nn_atomic_open(&out, o->out, &err) != 0) {
        free(dir);
        return cli_error(CMD, "%s", err.msg);
    }
    const char *lang = o->lang;
    if (!lang) {
        const char *env = getenv("LANG");
        lang = env && !strncmp(env, "zh", 2) ? "zh" : "en";
    }
    strbuf e = {0};
    sb_add(&e, "out='%s'; format='%s'; lang='%s'", out.tmp, ends_with(o->out, ".svg") ? "svg" : "png",
        lang);
    if (in)
        sb_add(&e, "; in='%s'", in);
    else {
        sb_add(&e, "; in='");
        for (int i = 0; i < o->n_logs; i++)
            sb_add(&e, "%s\"%s\"", i ? " " : "", o->logs[i]);
        sb_add(&e, "'; titles='");
        for (int i = 0; i < o->n_logs; i++) {
            sb_add(&e, "%s\"", i ? " " : "");
            add_quoted(&e, log_label(o, i));
            sb_add(&e, "\"");
        }
        sb_add(&e, "'");
    }
    if (o->title) {
        sb_add(&e, "; title='");
        add_quoted(&e, o->title);
        sb_add(&e, "'");
    }
    if (o->x)
        sb_add(&e, "; x='%s'", o->x);
    if (o->metric)
        sb_add(&e, "; metric='%s'", o->metric);
    if (o->logy)
        sb_add(&e, "; logy=1");
    if (o->logx)
        sb_add(&e, "; logx=1");
    if (o->has_ymin)
        sb_add(&e, "; ymin=%g", o->ymin);
    char *script = malloc(strlen(dir) + 32);
    if (script)
        sprintf(script, "%s/%s.gp", dir, KIND_NAMES[o->k]);
    int status = 1;
    nn_error gp; /* what gnuplot said when it failed */
    if (e.oom || !script) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    if (strpbrk(out.tmp, "'\"\\\n")) { /* a link led into a folder whose name gnuplot cannot take */
        cli_error(CMD, "cannot write %s: the name of its folder has a quote, backslash or newline",
                  o->out);
        goto done;
    }
    char *args[] = {"gnuplot", "-e", e.s, script, NULL};
    if (run_gnuplot(args, &gp) != 0) {
        cli_error(CMD, "cannot write %s: %s on %s", o->out, gp.msg, script);
        goto done;
    }
    if (!picture_complete(out.tmp, ends_with(o->out, ".svg"))) {
        cli_error(CMD, "cannot write %s: gnuplot wrote an incomplete picture (%s; disk full?)",
                  o->out, script);
        goto done;
    }
    if (nn_atomic_commit(&out, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    printf("wrote %s\n", o->out);
    status = 0;
done:
    if (status != 0)
        nn_atomic_abort(&out);
    free(dir);
    free(script);
    sb_free(&e);
    return status;
}

/* ---- the command --------------------------------------------------------- */

int cmd_plot(int argc, char **argv)
{
    options o;
    int status = parse(argc, argv, &o);
    if (status != 0)
        return status < 0 ? 0 : status;
    bool makes_data = o.k == K_DIGITS || o.k == K_HIDDEN || o.k == K_LEARNING;
    if (!is_picture(o.out) && !makes_data) {
        cli_error(CMD, "%s: -o must end in .png or .svg", o.out);
        return 2;
    }
    cli_file files[MAX_LOGS + 6] = {
        {"-o", o.out, true}, {"--keep-data", o.keep, true}, {"--data", o.data, false},
        {"--test", o.test, false}, {"--weights", o.weights, false}, {"--csv", o.csv, false}};
    for (int i = 0; i < o.n_logs; i++)
        files[6 + i] = (cli_file){"--log", o.logs[i], false};
    if ((status = cli_check_files(CMD, files, 6 + o.n_logs)) != 0)
        return status;

    switch (o.k) {
    case K_COST:
    case K_ACCURACY:
        for (int i = 0; i < o.n_logs; i++) {
            if (check_csv(o.logs[i], "iteration,cost,", o.k == K_ACCURACY ? 4 : 0,
                          o.k == K_ACCURACY ? "a log of nnwb train --test T.mat --log"
                                            : "a log of nnwb train --log"))
                return 1;
            if (o.x && !strcmp(o.x, "evaluations") &&
                check_csv(o.logs[i], "iteration,cost,", 6, "--x evaluations needs the evaluations "
                          "column of today's nnwb train --log"))
                return 1;
        }
        return render(&o, NULL);
    case K_CONFUSION:
        return check_csv(o.csv, "true\\predicted,", 0, "nnwb predict --confusion output")
                   ? 1 : render(&o, o.csv);
    case K_GRADCHECK:
        return check_csv(o.csv, "param,numerical,backprop", 0, "nnwb gradcheck --csv output")
                   ? 1 : render(&o, o.csv);
    case K_LEARNING:
        if (!o.csv)
            break;
        if (!is_picture(o.out)) {
            cli_error(CMD, "%s: -o must end in .png or .svg with --csv", o.out);
            return 2;
        }
        return check_csv(o.csv, "m,train_error,test_error", 0, "a curve of nnwb plot learning")
                   ? 1 : render(&o, o.csv);
    default:
        break;
    }

    /* digits, hidden, learning: the data file, then (for a picture) the figure. */
    if (!is_picture(o.out)) {
        status = write_data(o.out, &o);
        if (status == 0)
            printf("wrote %s\n", o.out);
        return status;
    }
    char *data = NULL;
    if (o.keep)
        data = strdup(o.keep);
    else {
        const char *tmpdir = getenv("TMPDIR");
        size_t len = strlen(tmpdir && *tmpdir ? tmpdir : "/tmp") + 32;
        if ((data = malloc(len))) {
            snprintf(data, len, "%s/nnwb-plot-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
            int fd = mkstemp(data);
            if (fd < 0) {
                cli_error(CMD, "%s: cannot create a temporary file: %s", data, strerror(errno));
                free(data);
                return 1;
            }
            close(fd);
        }
    }
    if (!data)
        return cli_error(CMD, "out of memory");
    status = write_data(data, &o);
    if (status == 0)
        status = render(&o, data);
    if (!o.keep)
        unlink(data);
    free(data);
    return status;
}
