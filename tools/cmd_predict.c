/* cmd_predict.c - `nnwb predict`: classify a data set with trained weights
 * and say how well it went.
 *
 *   nnwb predict --data D.mat --weights W.mat [--report] [--digits N]
 *                [--confusion FILE.csv]
 *
 * Prints the accuracy; --report adds a per-class table laid out exactly like
 * scikit-learn's classification_report (tests/cli/report_sklearn.sh compares
 * the two); --confusion writes the confusion matrix as CSV. The predictions
 * come from lib/nn_kernel (argmax of the output layer, labels 1..K). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nn_atomic.h"
#include "nn_kernel.h"
#include "workbook.h"

#define CMD "predict"

static const char USAGE[] =
    "--data D.mat --weights W.mat [--report] [--digits N] [--confusion FILE.csv]";

static void help(void)
{
    printf("usage: nnwb predict %s\n\n", USAGE);
    printf("Classify the examples of D.mat (course layout: X m×n, y labels 1..K) with the network\n"
           "Theta1 (H×(n+1)), Theta2 (K×(H+1)) of W.mat and print the accuracy.\n\n"
           "  --report          per-class precision, recall, f1-score and support, then accuracy,\n"
           "                    macro and weighted averages, as scikit-learn's classification_report.\n"
           "                    With K = 10 the classes are the digits 0-9 (label 10 is \"0\"),\n"
           "                    otherwise the labels 1..K. Like scikit-learn, a class that is\n"
           "                    neither in y nor predicted is left out.\n"
           "  --digits N        decimals in the report (default 2, as scikit-learn)\n"
           "  --confusion FILE  the K×K confusion matrix as CSV: a row per true class, a column per\n"
           "                    predicted class, in the report's order (0, 1, ..., 9 for digits),\n"
           "                    with a header row and the class name first on each row\n");
}

/* The name of label c (1..K): with 10 classes the course's digits, label 10
 * being the digit 0; otherwise the label itself. */
static void class_name(char *buf, size_t size, int c, int K)
{
    snprintf(buf, size, "%d", K == 10 && c == 10 ? 0 : c);
}

/* Labels in the report's order: sorted by name's number, as scikit-learn
 * sorts the classes (so with K = 10: 10 ("0"), 1, 2, ..., 9). */
static int report_label(int i, int K)
{
    if (K == 10)
        return i == 0 ? 10 : i;
    return i + 1;
}

/* scikit-learn's classification_report text for the K×K confusion matrix
 * cm (row-major, [true-1][pred-1]). */
static void print_report(const long *cm, int K, int digits)
{
    double *p = calloc((size_t)K, sizeof *p), *r = calloc((size_t)K, sizeof *r),
           *f = calloc((size_t)K, sizeof *f);
    long *support = calloc((size_t)K, sizeof *support);
    int *shown = calloc((size_t)K, sizeof *shown);
    if (!p || !r || !f || !support || !shown) {
        cli_error(CMD, "out of memory");
        goto done;
    }
    long total = 0, correct = 0;
    int n_shown = 0, width = (int)strlen("weighted avg");
    for (int i = 0; i < K; i++) {
        int c = report_label(i, K) - 1;
        long tp = cm[(size_t)c * K + c], true_sum = 0, pred_sum = 0;
        for (int j = 0; j < K; j++) {
            true_sum += cm[(size_t)c * K + j];
            pred_sum += cm[(size_t)j * K + c];
        }
        if (true_sum == 0 && pred_sum == 0)
            continue; /* scikit-learn reports only the labels that occur */
        shown[n_shown] = c + 1;
        p[n_shown] = pred_sum ? (double)tp / (double)pred_sum : 0.0;
        r[n_shown] = true_sum ? (double)tp / (double)true_sum : 0.0;
        double denom = p[n_shown] + r[n_shown];
        f[n_shown] = 2.0 * p[n_shown] * r[n_shown] / (denom == 0.0 ? 1.0 : denom);
        support[n_shown] = true_sum;
        total += true_sum;
        correct += tp;
        char name[32];
        class_name(name, sizeof name, c + 1, K);
        width = (int)strlen(name) > width ? (int)strlen(name) : width;
        n_shown++;
    }
    width = digits > width ? digits : width;
    printf("%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall", "f1-score", "support");
    for (int i = 0; i < n_shown; i++) {
        char name[32];
        class_name(name, sizeof name, shown[i], K);
        printf("%*s  %9.*f %9.*f %9.*f %9ld\n", width, name, digits, p[i], digits, r[i], digits,
               f[i], support[i]);
    }
    printf("\n");
    double acc = total ? (double)correct / (double)total : 0.0;
    printf("%*s  %9s %9s %9.*f %9ld\n", width, "accuracy", "", "", digits, acc, total);
    double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
    for (int i = 0; i < n_shown; i++) {
        mp += p[i];
        mr += r[i];
        mf += f[i];
        wp += p[i] * (double)support[i];
        wr += r[i] * (double)support[i];
        wf += f[i] * (double)support[i];
    }
    double nw = total ? (double)total : 1.0, nm = n_shown ? n_shown : 1;
    printf("%*s  %9.*f %9.*f %9.*f %9ld\n", width, "macro avg", digits, mp / nm, digits, mr / nm,
           digits, mf / nm, total);
    printf("%*s  %9.*f %9.*f %9.*f %9ld\n", width, "weighted avg", digits, wp / nw, digits,
           wr / nw, digits, wf / nw, total);
done:
    free(p);
    free(r);
    free(f);
    free(support);
    free(shown);
}

/* Write cm (K×K) to path as CSV through a temporary file renamed into place.
 * 0, or -1 after printing an error. */
static int write_confusion(const char *path, const long *cm, int K)
{
    nn_atomic out;
    nn_error err;
    if (nn_atomic_open(&out, path, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        return -1;
    }
    char name[32];
    fprintf(out.f, "true\\predicted");
    for (int j = 0; j < K; j++) {
        class_name(name, sizeof name, report_label(j, K), K);
        fprintf(out.f, ",%s", name);
    }
    fputc('\n', out.f);
    for (int i = 0; i < K; i++) {
        int ti = report_label(i, K) - 1;
        class_name(name, sizeof name, ti + 1, K);
        fprintf(out.f, "%s", name);
        for (int j = 0; j < K; j++)
            fprintf(out.f, ",%ld", cm[(size_t)ti * K + (size_t)(report_label(j, K) - 1)]);
        fputc('\n', out.f);
    }
    if (nn_atomic_commit(&out, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        return -1;
    }
    return 0;
}

/* The predictions of the workbook's chapters 4 and 8 (nnwb-mine: the student's). */
static int chapter_predictions(int *pred, const nn_mat *X, const nn_mat *T1, const nn_mat *T2, nn_error *err)
{
    nn_activations *act = nn_activations_new(X->rows, X->cols - 1, T1->rows, T2->rows);
    if (!act)
        return nn_fail(err, "out of memory for %d examples", X->rows);
    int rc = nn_forward(act, X, T1, T2, err);
    if (rc == 0)
        nn_predict(pred, &act->h);
    nn_activations_free(act);
    return rc;
}

int cmd_predict(int argc, char **argv)
{
    const char *data = NULL, *weights = NULL, *confusion = NULL;
    bool report = false;
    int digits = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help();
            return 0;
        } else if (!strcmp(a, "--report")) {
            report = true;
        } else if (!strcmp(a, "--data") || !strcmp(a, "--weights") || !strcmp(a, "--confusion") ||
                   !strcmp(a, "--digits")) {
            if (!(v = cli_value(CMD, argc, argv, &i)))
                return 2;
            if (!strcmp(a, "--data"))
                data = v;
            else if (!strcmp(a, "--weights"))
                weights = v;
            else if (!strcmp(a, "--confusion"))
                confusion = v;
            else if (!cli_int(CMD, a, v, 0, 15, &digits))
                return 2;
        } else {
            cli_error(CMD, "unknown option '%s' (see nnwb predict --help)", a);
            return 2;
        }
    }
    if (!data || !weights) {
        cli_error(CMD, "--data and --weights are required (see nnwb predict --help)");
        return 2;
    }
    const cli_file files[] = {
        {"--data", data, false}, {"--weights", weights, false}, {"--confusion", confusion, true}};
    int status = cli_check_files(CMD, files, 3);
    if (status != 0 || (status = cli_announce(CMD, CLI_CH(1) | CLI_CH(3) | CLI_CH(4) | CLI_CH(8))) != 0)
        return status;

    nn_error err;
    nn_mat *X = NULL, *T1 = NULL, *T2 = NULL;
    nn_kernel *k = NULL;
    int *y = NULL, *pred = NULL, m = 0;
    status = 1;
    double *theta = NULL;
    long *cm = NULL;
    if (nn_load_weights(weights, &T1, &T2, &err) != 0 ||
        nn_load_data(data, false, &X, &y, &m, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    int n_in = X->cols - 1, nh = T1->rows, K = T2->rows;
    if (T1->cols != n_in + 1) {
        cli_error(CMD, "%s: Theta1 is %d×%d, but %s has %d inputs, so it should be %d×%d", weights,
                  T1->rows, T1->cols, data, n_in, nh, n_in + 1);
        goto done;
    }
    if (!cli_labels_fit(CMD, data, y, m, K, weights))
        goto done;
    int n = nh * (n_in + 1) + K * (nh + 1);
    theta = malloc((size_t)n * sizeof *theta);
    pred = malloc((size_t)(m > 0 ? m : 1) * sizeof *pred);
    cm = calloc((size_t)K * (size_t)K, sizeof *cm);
    if (!theta || !pred || !cm || (!cli_mine && !(k = nn_kernel_new(X, y, K, nh, &err)))) {
        cli_error(CMD, "out of memory for %d examples", m);
        goto done;
    }
    if (cli_mine) { /* your chapters 4 and 8 */
        if (chapter_predictions(pred, X, T1, T2, &err) != 0) {
            cli_error(CMD, "%s", err.msg);
            goto done;
        }
    } else { /* the fast kernel */
        nn_serialize(theta, T1, T2);
        nn_kernel_accuracy(k, theta, pred);
    }
    long correct = 0;
    for (int i = 0; i < m; i++) {
        cm[(size_t)(y[i] - 1) * K + (pred[i] - 1)]++;
        correct += pred[i] == y[i];
    }
    if (confusion && write_confusion(confusion, cm, K) != 0)
        goto done;
    printf("examples: %d\n", m);
    printf("accuracy: %.6f (%ld of %d)\n", m > 0 ? (double)correct / m : 0.0, correct, m);
    if (report) {
        printf("\n");
        print_report(cm, K, digits);
    }
    if (confusion)
        printf("wrote %s: %d×%d confusion matrix (rows true, columns predicted)\n", confusion, K, K);
    status = 0;
done:
    nn_mat_free(X);
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_kernel_free(k);
    free(y);
    free(pred);
    free(theta);
    free(cm);
    return status;
}
