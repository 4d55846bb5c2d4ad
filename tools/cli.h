/* cli.h - what the nnwb subcommands share: the command table and strict
 * parsing of option values. Subcommands return the process exit status:
 * 0 on success, 1 on an error (after printing one line "nnwb CMD: ..." to
 * stderr), 2 on a usage error. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>

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

/* Print "nnwb <cmd>: <message>" to stderr and return 1. cli_usage prints
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

#endif
