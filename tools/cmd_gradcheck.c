/* cmd_gradcheck.c - `nnwb gradcheck`: check backpropagation the course's way.
 *
 *   nnwb gradcheck [--lambda L] [--verbose] [--csv FILE]
 *
 * Builds the course's checkNNGradients network (3 inputs, 5 hidden units,
 * 3 classes, 5 examples, weights from nn_debug_weights), compares the
 * numerical gradient (central differences, ε = 1e-4) with backpropagation,
 * and prints their relative difference. Exits 1 above the course's 1e-9.
 * --csv writes both gradients, one parameter a line, for plots/gradcheck.gp
 * (columns param,numerical,backprop; written to a temporary file renamed
 * into place). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nn_atomic.h"
#include "workbook.h"

#define EPSILON 1e-4
#define BOUND 1e-9
#define N_IN 3
#define N_HIDDEN 5
#define K 3
#define M 5
#define N_PARAMS (N_HIDDEN * (N_IN + 1) + K * (N_HIDDEN + 1))

typedef struct {
    nn_mat *T1, *T2; /* scratch weights the cost is evaluated at */
    nn_mat *X, *Y;
    double lambda;
} debug_net;

static double debug_cost(const double *theta, void *ctx)
{
    debug_net *net = ctx;
    nn_deserialize(net->T1, net->T2, theta);
    return nn_regularized_cost(net->T1, net->T2, net->X, net->Y, net->lambda);
}

/* Write the n pairs as CSV to path through a temporary file renamed into
 * place. 0, or -1 after printing an error. */
static int write_csv(const char *path, const double *numeric, const double *analytic, int n)
{
    nn_atomic out;
    nn_error err;
    if (nn_atomic_open(&out, path, &err) != 0)
        return cli_error("gradcheck", "%s", err.msg), -1;
    fprintf(out.f, "param,numerical,backprop\n");
    for (int i = 0; i < n; i++)
        fprintf(out.f, "%d,%.17g,%.17g\n", i, numeric[i], analytic[i]);
    if (nn_atomic_commit(&out, &err) != 0)
        return cli_error("gradcheck", "%s", err.msg), -1;
    return 0;
}

int cmd_gradcheck(int argc, char **argv)
{
    double lambda = 0.0;
    bool verbose = false;
    const char *csv = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: nnwb gradcheck [--lambda L] [--verbose] [--csv FILE]\n");
            return 0;
        } else if (!strcmp(argv[i], "--verbose")) {
            verbose = true;
        } else if (!strcmp(argv[i], "--csv")) {
            if (!(csv = cli_value("gradcheck", argc, argv, &i)))
                return 2;
        } else if (!strcmp(argv[i], "--lambda")) {
            if (!(v = cli_value("gradcheck", argc, argv, &i)) ||
                !cli_double("gradcheck", "--lambda", v, 0.0, 1e6, &lambda))
                return 2;
        } else {
            cli_error("gradcheck", "unknown option '%s' (see nnwb gradcheck --help)", argv[i]);
            return 2;
        }
    }

    const cli_file files[] = {{"--csv", csv, true}};
    int status = cli_check_files("gradcheck", files, 1);
    if (status != 0 || (status = cli_announce("gradcheck", CLI_CH(1) | CLI_CH(2) | CLI_CH(3) | CLI_CH(5) |
                                                               CLI_CH(6) | CLI_CH(7))) != 0)
        return status;

    /* The network, its data and its labels y = 1 + (i mod K), i = 1..M. */
    nn_mat *T1 = nn_mat_new(N_HIDDEN, N_IN + 1), *T2 = nn_mat_new(K, N_HIDDEN + 1);
    nn_mat *Xraw = nn_mat_new(M, N_IN), *Y = nn_mat_new(M, K);
    nn_mat *G1 = nn_mat_new(N_HIDDEN, N_IN + 1), *G2 = nn_mat_new(K, N_HIDDEN + 1);
    nn_mat *X = NULL;
    status = 1;
    if (!T1 || !T2 || !Xraw || !Y || !G1 || !G2) {
        cli_error("gradcheck", "out of memory");
        goto done;
    }
    nn_debug_weights(T1);
    nn_debug_weights(T2);
    nn_debug_weights(Xraw);
    X = nn_add_bias(Xraw);
    int y[M];
    for (int i = 0; i < M; i++)
        y[i] = 1 + (i + 1) % K;
    nn_error err;
    if (!X || nn_one_hot(Y, y, &err) != 0) {
        cli_error("gradcheck", "could not build the debug network");
        goto done;
    }

    double theta[N_PARAMS], numeric[N_PARAMS], analytic[N_PARAMS];
    nn_serialize(theta, T1, T2);
    debug_net net = {nn_mat_copy(T1), nn_mat_copy(T2), X, Y, lambda};
    int rc = net.T1 && net.T2 ? nn_numerical_gradient(numeric, theta, N_PARAMS, debug_cost, &net, EPSILON, &err) : -1;
    nn_mat_free(net.T1);
    nn_mat_free(net.T2);
    if (rc != 0 || nn_regularized_gradient(G1, G2, T1, T2, X, Y, lambda, &err) != 0) {
        cli_error("gradcheck", "%s", err.msg);
        goto done;
    }
    nn_serialize(analytic, G1, G2);
    if (verbose) {
        printf("%-6s %16s %16s\n", "param", "numerical", "backprop");
        for (int i = 0; i < N_PARAMS; i++)
            printf("%-6d %16.10f %16.10f\n", i, numeric[i], analytic[i]);
    }
    if (csv && write_csv(csv, numeric, analytic, N_PARAMS) != 0)
        goto done;
    double diff = nn_relative_difference(numeric, analytic, N_PARAMS);
    printf("network: %d-%d-%d, m = %d, %d parameters\n", N_IN, N_HIDDEN, K, M, N_PARAMS);
    printf("lambda: %g\n", lambda);
    printf("epsilon: %g\n", EPSILON);
    printf("relative_difference: %.3e\n", diff);
    if (diff < BOUND) {
        printf("ok: below %g, backpropagation agrees with the numerical gradient\n", BOUND);
        status = 0;
    } else {
        printf("FAILED: %.3e is not below %g\n", diff, BOUND);
    }
done:
    nn_mat_free(T1);
    nn_mat_free(T2);
    nn_mat_free(Xraw);
    nn_mat_free(X);
    nn_mat_free(Y);
    nn_mat_free(G1);
    nn_mat_free(G2);
    return status;
}
