/* hostile: memory spread over processes. Each of 4 children holds 400 MB at
 * once, under the per-process limit (RLIMIT_AS, 1 GB by default), 1.6 GB in
 * all; 64 such processes could take the machine's memory. Only if every
 * child held its share to the end does it compute the one-hot matrix.
 * Expected: with a memory cgroup per sandbox (as root), the kernel kills a
 * child and chapter 2 scores 0; without cgroups the children live and it
 * scores 5 (grade.sh expects what the sandbox can enforce on the machine). */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "workbook.h"

#define CHILDREN 4
#define SHARE (400L << 20)

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    pid_t kids[CHILDREN];
    for (int c = 0; c < CHILDREN; c++) {
        kids[c] = fork();
        if (kids[c] == 0) {
            char *p = malloc(SHARE);
            if (!p)
                _exit(1);
            memset(p, 1, SHARE); /* resident, not just reserved */
            __asm__ volatile("" : : "r"(p) : "memory"); /* and not optimized away */
            nanosleep(&(struct timespec){0, 500000000L}, NULL); /* all hold it at once */
            _exit(p[SHARE - 1] == 1 ? 0 : 1);
        }
    }
    int held = 0;
    for (int c = 0; c < CHILDREN; c++) {
        int status;
        if (kids[c] > 0 && waitpid(kids[c], &status, 0) == kids[c] && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0)
            held++;
    }
    if (held < CHILDREN)
        return nn_fail(err, "a child was killed");
    for (int i = 0; i < Y->rows; i++) {
        if (y[i] < 1 || y[i] > Y->cols)
            return nn_fail(err, "y[%d] = %d is outside the labels 1..%d", i, y[i], Y->cols);
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = y[i] == k + 1;
    }
    return 0;
}
