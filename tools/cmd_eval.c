/* cmd_eval.c - `nnwb eval`: the cost and accuracy of weights on a data set.
 *
 *   nnwb eval --data D.mat --weights W.mat [--lambda L]
 *
 * Reads the course layout (X and y; Theta1 and Theta2), checks that the
 * sizes fit together, and prints key: value lines. The cost and accuracy
 * come from the workbook's chapters 1-5 and 8 (the clear version a student
 * can step through): the reference in nnwb, the student's own in nnwb-mine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "workbook.h"

static const char *USAGE = "--data D.mat --weights W.mat [--lambda L]";

int cmd_eval(int argc, char **argv)
{
    const char *data = NULL, *weights = NULL;
    double lambda = 0.0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: nnwb eval %s\n", USAGE);
            return 0;
        } else if (!strcmp(a, "--data") || !strcmp(a, "--weights") || !strcmp(a, "--lambda")) {
            if (!(v = cli_value("eval", argc, argv, &i)))
                return 2;
            if (!strcmp(a, "--data"))
                data = v;
            else if (!strcmp(a, "--weights"))
                weights = v;
            else if (!cli_double("eval", a, v, 0.0, 1e12, &lambda))
                return 2;
        } else {
            cli_error("eval", "unknown option '%s' (see nnwb eval --help)", a);
            return 2;
        }
    }
    if (!data || !weights) {
        cli_error("eval", "--data and --weights are required (see nnwb eval --help)");
        return 2;
    }
    const cli_file files[] = {{"--data", data, false}, {"--weights", weights, false}};
    int status = cli_check_files("eval", files, 2);
    if (status != 0 || (status = cli_announce("eval", CLI_CH(1) | CLI_CH(2) | CLI_CH(3) | CLI_CH(4) | CLI_CH(5) |
                                                          CLI_CH(8))) != 0)
        return status;

    nn_error err;
    nn_mat *X = NULL, *T1 = NULL, *T2 = NULL, *Y = NULL;
    nn_activations *act = NULL;
    int *y = NULL, *pred = NULL, m = 0;
    status = 1;
    if (nn_load_weights(weights, &T1, &T2, &err) != 0 || nn_load_data(data, false, &X, &y, &m, &err) != 0) {
        cli_error("eval", "%s", err.msg);
        goto done;
    }
    int n_in = X->cols - 1, n_hidden = T1->rows, K = T2->rows;
    if (T1->cols != n_in + 1) {
        cli_error("eval", "%s: Theta1 is %d×%d, but %s has %d inputs, so it should be %d×%d", weights,
                  T1->rows, T1->cols, data, n_in, n_hidden, n_in + 1);
        goto done;
    }
    if (!cli_labels_fit("eval", data, y, m, K, weights))
        goto done;
    Y = nn_mat_new(m, K);
    act = nn_activations_new(m, n_in, n_hidden, K);
    pred = malloc((size_t)m * sizeof *pred);
    if (!Y || !act || !pred) {
        cli_error("eval", "out of memory for %d examples", m);
        goto done;
    }
    if (nn_one_hot(Y, y, &err) != 0) {
        cli_error("eval", "%s: %s", data, err.msg);
        goto done;
    }
    if (nn_forward(act, X, T1, T2, &err) != 0) {
        cli_error("eval", "%s", err.msg);
        goto done;
    }
    nn_predict(pred, &act->h);
    printf("examples: %d\n", m);
    printf("inputs: %d\n", n_in);
    printf("hidden: %d\n", n_hidden);
    printf("classes: %d\n", K);
    printf("lambda: %g\n", lambda);
    printf("cost: %.10f\n", nn_regularized_cost(T1, T2, X, Y, lambda));
    printf("accuracy: %.6f\n", nn_accuracy(pred, y, m));
    status = 0;
done:
    nn_mat_free(X);
    nn_mat_free(Y);
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_activations_free(act);
    free(y);
    free(pred);
    return status;
}
