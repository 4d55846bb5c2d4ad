/* ch2_onehot.c - Chapter 2, reference solution: one-hot encoding.
 *
 * The output layer has K units, one per class, so the label of example i
 * becomes a row of K numbers: 1 in the column of its class, 0 elsewhere.
 * Label k (1..K) goes to column k-1; in the course, label 10 is the digit 0
 * and so lands in the last column. */
#include "workbook.h"

/* [excerpt: one-hot] */
int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    int K = Y->cols;
    for (int i = 0; i < Y->rows; i++) {
        if (y[i] < 1 || y[i] > K)
            return nn_fail(err, "y(%d) = %d is outside the labels 1..%d", i + 1, y[i], K);
        for (int k = 0; k < K; k++)
            NN_AT(Y, i, k) = (y[i] == k + 1) ? 1.0 : 0.0;
    }
    return 0;
}
/* [/excerpt] */
