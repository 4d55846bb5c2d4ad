/* hostile: tries to damage the host from the worker: a symbolic link to the canary
 * planted where a clean-up might follow it, the canary's mode changed, a hard link
 * to it. Then computes honestly. The submission folder also holds exercises/ch1_data.c
 * as a symlink to the canary (made by tests/cli/grade.sh). Expected: chapter 2 full
 * marks, chapter 1 missing (a link is not taken), and the canary keeps its content,
 * mode and owner. @CANARY@ is filled in by tests/cli/grade.sh. */
#include <stdio.h>

#include "workbook.h"

/* POSIX calls, declared by hand: a graded file may include only the C headers. */
int symlink(const char *target, const char *path);
int link(const char *target, const char *path);
int chmod(const char *path, unsigned mode);

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    if (symlink("@CANARY@", "/work/planted") != 0)
        perror("symlink");
    if (symlink("/", "/work/root") != 0)
        perror("symlink");
    if (chmod("@CANARY@", 0777) != 0)
        perror("chmod");
    if (link("@CANARY@", "/work/hard") != 0)
        perror("link");
    for (int i = 0; i < Y->rows; i++) {
        if (y[i] < 1 || y[i] > Y->cols)
            return nn_fail(err, "y[%d] = %d is outside 1..%d", i, y[i], Y->cols);
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = y[i] == k + 1;
    }
    return 0;
}
