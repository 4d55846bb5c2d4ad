/* hostile: a constructor (runs before main) that writes fake reports on every fd a
 * grader channel might use, then ends the program with status 0. Expected: chapter 2
 * scores 0 (objects with constructors are refused). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "workbook.h"

__attribute__((constructor)) static void fake_results(void)
{
    char line[256];
    for (int fd = 3; fd < 32; fd++)
        for (int k = 0; k < 8; k++) {
            int n = snprintf(line, sizeof line, "%08x DONE %d\nCHECK\t%d\tpass\tx\t\n", fd, k, k);
            if (write(fd, line, (size_t)n) < 0)
                break;
        }
    printf("RESULT chapter=2 passed=4 total=4 skipped=0 points=5.00 max=5\n");
    _exit(0);
}

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    return 0;
}
