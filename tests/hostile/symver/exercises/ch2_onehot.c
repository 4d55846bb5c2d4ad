/* hostile: a symbol version (name@VERSION) made by the symver attribute, the way
 * forbidden calls such as write or ptrace could be reached under another name.
 * Expected: chapter 2 scores 0 (symbol names C does not make are refused). */
#include "workbook.h"

__attribute__((symver("nn_one_hot@NNWB_1"))) int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    return 0;
}
