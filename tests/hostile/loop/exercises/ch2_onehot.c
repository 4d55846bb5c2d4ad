/* hostile: an endless loop in the graded function. Expected: chapter 2 scores 0 (each check times out). */
#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    for (volatile unsigned long k = 0;; k++)
        ;
}
