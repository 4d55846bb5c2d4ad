/* hostile: replaces a function of Check so that no failure is ever counted.
 * Expected: chapter 2 scores 0 (a chapter file may define only its own functions). */
#include "workbook.h"

int srunner_ntests_failed(void *sr);
int srunner_ntests_failed(void *sr)
{
    (void)sr;
    return 0;
}

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    return 0;
}
