/* hostile: writes through a null pointer. Expected: chapter 2 scores 0, the other chapters full marks. */
#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    *(volatile int *)0 = 1;
    return 0;
}
