/* hostile: exit(0) inside the graded function, which plain Check counts as a pass.
 * Expected: chapter 2 scores 0 ("did not reach its end"). */
#include <stdlib.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    exit(0);
}
