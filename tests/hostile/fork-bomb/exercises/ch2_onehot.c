/* hostile: a fork bomb. Expected: chapter 2 scores 0: refused for calling fork; were it
 * not, the worker's seccomp filter, RLIMIT_NPROC, the pids cgroup and the pid namespace
 * would each keep it from exhausting the machine. */

#include "workbook.h"

int fork(void); /* declared by hand: <unistd.h> is not a C header, and is refused */

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    for (;;)
        fork();
}
