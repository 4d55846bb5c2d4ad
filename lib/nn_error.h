/* nn_error.h - how nnwb's library reports errors.
 *
 * Library functions never print and never exit. A function that can fail
 * returns 0 on success and -1 on failure, and writes one line into an
 * nn_error that the caller owns (usually on its stack):
 *
 *     nn_error err;
 *     if (nn_mat_read("ex4weights.mat", "Theta1", &T1, &err) != 0) {
 *         fprintf(stderr, "nnwb: %s\n", err.msg);   // only main prints
 *         return 1;
 *     }
 *
 * Messages name the file, the variable and what was expected against what
 * was found, e.g. "ex4weights.mat: Theta1 is 24×401, expected 25×401".
 */
#ifndef NN_ERROR_H
#define NN_ERROR_H

#define NN_ERROR_LEN 512

typedef struct {
    char msg[NN_ERROR_LEN]; /* one line, no trailing newline */
} nn_error;

/* Format a message into err (which may be NULL) and return -1, so that a
 * failing function can end with `return nn_fail(err, "...", ...);`. */
int nn_fail(nn_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefix err->msg with "<prefix>: " (for adding a file name on the way up). */
void nn_error_prefix(nn_error *err, const char *prefix);

#endif
