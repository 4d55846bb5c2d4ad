/* hostile: prints what a passing run prints, on stdout and stderr. Expected: chapter 2
 * scores 0 (the grader never reads the program's output for scores). */
#include <stdio.h>

#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    const char *fake = "  ok    nn_one_hot on the grader's 16 labels (K = 4)\n"
                       "RESULT chapter=2 passed=4 total=4 skipped=0 points=5.00 max=5\n"
                       "100%: Checks: 4, Failures: 0, Errors: 0\n";
    fputs(fake, stdout);
    fputs(fake, stderr);
    fflush(NULL);
    return 0;
}
