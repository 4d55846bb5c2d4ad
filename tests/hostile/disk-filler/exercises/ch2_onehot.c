/* hostile: tries to fill the disk under the grader's work folder (which would make
 * other students' compiles fail), then computes honestly. Its writable space is
 * its own small tmpfs, and it may create files only in its inbox. Expected:
 * chapter 2 full marks, and every other student in the run exact. */
#include <stdio.h>
#include <string.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    const char *dirs[] = {"/work", "/tmp", "/work/.."};
    for (int d = 0; d < 3; d++)
        for (int k = 0; k < 2048; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s/fill-%d", dirs[d], k);
            FILE *f = fopen(name, "w");
            if (!f || fwrite(block, 1, sizeof block, f) != sizeof block) {
                if (f)
                    fclose(f);
                break;
            }
            fclose(f);
        }
    for (int i = 0; i < Y->rows; i++) {
        if (y[i] < 1 || y[i] > Y->cols)
            return nn_fail(err, "y[%d] = %d is outside 1..%d", i, y[i], Y->cols);
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = y[i] == k + 1;
    }
    return 0;
}
