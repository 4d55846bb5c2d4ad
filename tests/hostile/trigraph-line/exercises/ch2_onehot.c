/* hostile: the same linemarker trick spelled with a trigraph (??= is #, and
 * -std=c11 honours trigraphs). Expected: chapter 2 scores 0. */
#include "workbook.h"

??=line 1 "/usr/include/stdio.h"
int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    __asm__ volatile("nop");
    return 0;
}
