/* nnwb.c - the nnwb command: dispatches to the subcommands in tools/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"check", cmd_check, "grade a folder of chapter files here, as nnwb grade would (make check)"},
    {"bench", cmd_bench, "time the cost+gradient kernel against this machine's dgemm"},
    {"data", cmd_data, "convert MNIST IDX files to a course-format .mat (digits20)"},
    {"eval", cmd_eval, "cost and accuracy of weights on a data set"},
    {"gradcheck", cmd_gradcheck, "check backpropagation on the course's debug network"},
    {"plot", cmd_plot, "lecture figures with gnuplot: cost, accuracy, digits, hidden units, ..."},
    {"grade", cmd_grade, "grade a class's submissions in a sandbox: gradebook, feedback, results.json"},
    {"train", cmd_train, "train the network (cg, gd or adam) and write its weights"},
    {"predict", cmd_predict, "accuracy, per-class report and confusion matrix of weights on data"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: nnwb COMMAND [OPTIONS]   (nnwb COMMAND --help for its options)\n\ncommands:\n");
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        fprintf(f, "  %-10s %s\n", COMMANDS[k].name, COMMANDS[k].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        if (!strcmp(argv[1], COMMANDS[k].name))
            return COMMANDS[k].run(argc - 1, argv + 1);
    fprintf(stderr, "nnwb: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
