/* ch2_onehot.c - Chapter 2 exercise: one-hot encoding of the labels.
 * Read chapters/2-one-hot/README.md, then replace the TODO.
 * Check your work with:  make check CH=2 */
#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    /* TODO: for every row i, set Y(i, k) to 1 when y[i] == k+1 and to 0
     * otherwise. Y->cols is K. A label outside 1..K is an error: return
     * nn_fail(err, ...) naming the position and the value. */
    (void)Y;
    (void)y;
    return nn_fail(err, "nn_one_hot is not written yet (exercises/ch2_onehot.c)");
}
