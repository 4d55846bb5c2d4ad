/* hostile: tries to write outside its folder: the canary, the repository, the
 * grader's output folder, /tmp. Expected: chapter 2 scores 0 and nothing outside the
 * sandbox changes. @REPO@, @CANARY@ and @OUT@ are filled in by tests/cli/grade.sh. */
#include <stdio.h>

#include "workbook.h"

static void scribble(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("HACKED\n", f);
        fclose(f);
    }
}

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    scribble("@CANARY@");
    scribble("@REPO@/HACKED-by-write-files");
    scribble("@REPO@/tests/check/ch2_test.c");
    scribble("@OUT@/gradebook.csv");
    scribble("@OUT@/results/write-files.json");
    scribble("/work/../HACKED-by-write-files");
    scribble("/tmp/HACKED-by-write-files");
    scribble("/kit/obj/harness.o");
    return 0;
}
