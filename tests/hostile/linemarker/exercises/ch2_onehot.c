/* hostile: a GNU linemarker that claims the following lines come from a system
 * header, so that a scan of the preprocessed file would skip them, then inline
 * assembly. Expected: chapter 2 scores 0 (the directive itself is refused). */
#include "workbook.h"

# 1 "/usr/include/stdio.h" 1 3 4
int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    __asm__ volatile("nop");
    return 0;
}
