/* cli.h - what the nnwb subcommands share: the command table and strict
 * parsing of option values. Subcommands return the process exit status:
 * 0 on success, 1 on an error (after printing one line "nnwb CMD: ..." to
 * stderr), 2 on a usage error. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "nn_error.h"
#include "nn_kernel.h"

/* Each subcommand, in its own tools/cmd_*.c. argv[0] is the subcommand name. */
int cmd_bench(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_gradcheck(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);

/* ---- which chapters run -------------------------------------------------- */

/* true in build/nnwb-mine (make mine), which is linked with the student's
 * chapters from cli_chapters_dir ("exercises/"); false in build/nnwb, which
 * is linked with the reference solutions (tools/origin.c). */
extern const bool cli_mine;
extern const char cli_chapters_dir[];

/* The chapters a command runs, as a bit mask: CLI_CH(4) | CLI_CH(5) ... */
#define CLI_CH(n) (1u << (n))

/* Print, as the command's first line on stdout, which code runs its
 * chapters (the reference, or "your chapters 1-3, 5, 6 and 8 from
 * exercises/"). In nnwb-mine, first run each of those chapters on the
 * published inputs (tools/selfcheck.c), in a child process with a time
 * limit: 0 to go on, or 1 after one line that names the first chapter that
 * is still a stub, gives other numbers, crashes or hangs. */
int cli_announce(const char *cmd, unsigned chapters);

/* Print "nnwb <cmd>: <message>" (nnwb-mine in nnwb-mine) to stderr and return 1. cli_usage prints
 * the one line "usage: nnwb <cmd> <usage>" and returns 2; never print both,
 * so that every error stays one line. */
int cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_usage(const char *cmd, const char *usage);

/* Parse a whole string as a number; false (and an error printed) if it is
 * not one, or is outside lo..hi. */
bool cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);
bool cli_int(const char *cmd, const char *opt, const char *s, long lo, long hi, int *out);

/* The value after option argv[*i] (advancing *i), or NULL with an error. */
const char *cli_value(const char *cmd, int argc, char **argv, int *i);

/* A file named on a command line: the option that named it, its name (NULL
 * when the option was not given), and whether the command writes it. */
typedef struct {
    const char *flag;
    const char *path;
    bool output;
} cli_file;

/* Check a command's n files before any work: no name is empty (exit 2),
 * every output can be written (nn_file_output: a regular file or none, in a
 * writable folder; exit 1), and no output is the same file as an input or
 * another output (nn_file_same; exit 2). 0, or the exit status after one
 * line that names the option(s) and file(s). */
int cli_check_files(const char *cmd, const cli_file *files, int n);

/* The most classes nnwb trains (--classes, labels in y). */
#define CLI_MAX_CLASSES 100000

/* The number of classes of the m labels y (each >= 1) read from path:
 * `given` when it is > 0 (--classes), else the largest label. 0 after one
 * line naming the file and the first label that is larger than that, or
 * larger than CLI_MAX_CLASSES, or when there would be fewer than 2 classes. */
int cli_classes(const char *cmd, const char *path, const int *y, int m, int given);

/* Check that the m labels y of path are at most K, the classes of the file
 * `other` (the weights, or the training set): false after one line naming
 * the first label that is not, e.g. "d.mat: y(5) = 11, but W.mat has 10
 * classes". */
bool cli_labels_fit(const char *cmd, const char *path, const int *y, int m, int K, const char *other);

/* θ (nn_param_count(n_in, hidden, K) values, Theta1 then Theta2 row-major)
 * set to the course's random start from seed: chapter 8's nn_rand_init on
 * views of θ, so `nnwb train` and every figure start where a student's
 * nn_rand_init does. */
void cli_random_start(double *theta, int n_in, int hidden, int K, uint64_t seed);

/* The fast way to a data set's kernel (nnwb train): its labels (*y, *m,
 * 1..INT_MAX) and X's width (*n_in) first, with chapter 1's checks and
 * messages but without X's values; then cli_data_kernel reads X straight
 * into the kernel, with its bias column, so that X is in memory once and
 * never copied. nnwb-mine reads through chapter 1 (nn_load_data) instead.
 * 0 / the kernel, or -1 / NULL with err set, naming the file. */
int cli_data_labels(const char *path, int **y, int *m, int *n_in, nn_error *err);
nn_kernel *cli_data_kernel(const char *path, int m, int n_in, const int *y, int K, int hidden, nn_error *err);

#endif
