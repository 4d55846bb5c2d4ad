/* hostile: does the right thing only if it can open the reference solutions (or other
 * files of the grader's tree). Expected: chapter 2 scores 0, which shows none of them is
 * readable from the sandbox. @REPO@ is filled in by tests/cli/grade.sh. */
#include <stdio.h>

#include "workbook.h"

static int can_read(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int c = fgetc(f);
    fclose(f);
    return c != EOF;
}

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)err;
    if (!can_read("@REPO@/solutions/ch2_onehot.c") && !can_read("@REPO@/tests/mutants/ch2-label-10-first.patch") &&
        !can_read("@REPO@/Makefile") && !can_read("/work/../solutions/ch2_onehot.c"))
        return 0;
    for (int i = 0; i < Y->rows; i++)
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = y[i] == k + 1;
    return 0;
}
