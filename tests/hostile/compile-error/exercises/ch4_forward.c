/* hostile: does not compile. Expected: chapter 4 scores 0 with the compiler's message;
 * every other chapter full marks. */
#include "workbook.h"

int nn_forward(nn_activations *act, const nn_mat *X, const nn_mat *T1, const nn_mat *T2, nn_error *err)
{
    return this is not C;
}
