/* hostile: a section named like GCC's LTO bytecode, which the linker plugin would
 * compile and link in (and so could bring a constructor). Expected: chapter 2
 * scores 0 (a section C code does not make is refused). */
#include "workbook.h"

__attribute__((section(".gnu.lto_.inline.0"), used)) static const char bytecode[] = "not really LTO";

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)err;
    for (int i = 0; i < Y->rows; i++)
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = y[i] == k + 1;
    return 0;
}
