/* hostile: inline assembly spelled through token pasting, so that the word never
 * stands in the source. Expected: chapter 2 scores 0 (the preprocessed file is
 * scanned too). */
#include "workbook.h"

#define GLUE(a, b) a##b
#define ASM GLUE(__as, m__)

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    ASM volatile("nop");
    return 0;
}
