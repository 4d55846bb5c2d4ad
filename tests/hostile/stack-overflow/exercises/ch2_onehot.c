/* hostile: unbounded recursion with large frames. Expected: chapter 2 scores 0. */
#include <string.h>

#include "workbook.h"

static int deeper(volatile int n)
{
    volatile char frame[65536];
    memset((char *)frame, n, sizeof frame);
    return deeper(n + 1) + frame[n % 100];
}

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    return deeper(1);
}
