/* hostile: abort() in the graded function. Expected: chapter 2 scores 0. */
#include <stdlib.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    abort();
}
