/* hostile: a fork bomb. Expected: chapter 2 scores 0; RLIMIT_NPROC and the pid namespace
 * keep it from exhausting the machine, and nothing of it outlives the run. */
#include <unistd.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    for (;;)
        fork();
}
