/* nnwb.c - the nnwb command: dispatches to the subcommands in tools/cmd_*.c.
 *
 * The same main is build/nnwb (linked with the reference chapters) and
 * build/nnwb-mine (make mine: linked with the student's exercises/), which
 * offers only the commands that run chapters (cli_mine, see cli.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    bool mine;            /* offered by nnwb-mine too: it runs the student's chapters */
} command;

static const command COMMANDS[] = {
    {"check", cmd_check, "grade a folder of chapter files here, as nnwb grade would (make check)", false},
    {"bench", cmd_bench, "time the cost+gradient kernel against this machine's dgemm", false},
    {"data", cmd_data, "convert MNIST IDX files to a course-format .mat (digits20)", false},
    {"eval", cmd_eval, "cost and accuracy of weights on a data set", true},
    {"gradcheck", cmd_gradcheck, "check backpropagation on the course's debug network", true},
    {"plot", cmd_plot, "lecture figures with gnuplot: cost, accuracy, digits, hidden units, ...", false},
    {"grade", cmd_grade, "grade a class's submissions in a sandbox: gradebook, feedback, results.json", false},
    {"train", cmd_train, "train the network (cg, gd or adam) and write its weights", true},
    {"predict", cmd_predict, "accuracy, per-class report and confusion matrix of weights on data", true},
};

#define NAME (cli_mine ? "nnwb-mine" : "nnwb")

static void usage(FILE *f)
{
    fprintf(f, "usage: %s COMMAND [OPTIONS]   (%s COMMAND --help for its options)\n", NAME, NAME);
    if (cli_mine)
        fprintf(f, "\nnnwb-mine is nnwb linked with your chapters from %s: these commands run your code\n"
                   "(train through your cost and gradient, slower than build/nnwb's fast kernel).\n",
                cli_chapters_dir);
    fprintf(f, "\ncommands:\n");
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        if (COMMANDS[k].mine || !cli_mine)
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
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++) {
        if (strcmp(argv[1], COMMANDS[k].name))
            continue;
        if (cli_mine && !COMMANDS[k].mine) {
            fprintf(stderr, "nnwb-mine: '%s' does not run your chapters; use build/nnwb %s (nnwb-mine runs eval, "
                            "gradcheck, predict and train)\n", argv[1], argv[1]);
            return 2;
        }
        return COMMANDS[k].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: unknown command '%s'\n", NAME, argv[1]);
    usage(stderr);
    return 2;
}
