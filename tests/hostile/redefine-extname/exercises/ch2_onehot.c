/* hostile: reaches write() under another name through a pragma, past a check of
 * the undefined symbols by name. Expected: chapter 2 scores 0 (pragmas are refused). */
#include <stddef.h>

#include "workbook.h"

#pragma redefine_extname quiet_output write
long quiet_output(int fd, const void *buf, size_t n);

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    quiet_output(4, "forged", 6);
    return 0;
}
