/* hostile: asks for 10 GB and writes to all of it. Expected: chapter 2 scores 0 and the
 * machine keeps its memory (RLIMIT_AS makes malloc fail). */
#include <stdlib.h>
#include <string.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    size_t n = (size_t)10 << 30;
    char *p = malloc(n);
    memset(p, 1, n); /* p is NULL under the limit: a crash, not 10 GB */
    return p[n - 1];
}
