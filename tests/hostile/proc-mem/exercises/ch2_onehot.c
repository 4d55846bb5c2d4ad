/* hostile: opens its process's memory through /proc/self/mem to patch the code
 * that judges it, as one could when the checks ran in the same process. The
 * worker has no judge in it, no /proc in the sandbox and no write-open under its
 * seccomp filter. Expected: chapter 2 scores 0 (it computes nothing). */
#include <stdio.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    FILE *mem = fopen("/proc/self/mem", "r+");
    if (mem) {
        fseek(mem, (long)(size_t)&nn_one_hot, SEEK_SET);
        fputc(0xc3, mem); /* ret */
        fclose(mem);
    }
    return 0;
}
