/* hostile: answers the published inputs from the goldens that ship in the handout
 * (tests/oracle/goldens.h: the grader's 16 labels, K = 4) and nothing else.
 * Expected: chapter 2 scores only its FIXED share (at most a fifth of 5 points). */
#include "workbook.h"

static const int PUBLISHED[16] = {2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1};

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)err;
    int published = Y->rows == 16 && Y->cols == 4;
    for (int i = 0; published && i < 16; i++)
        published = y[i] == PUBLISHED[i];
    for (int i = 0; i < Y->rows; i++)
        for (int k = 0; k < Y->cols; k++)
            NN_AT(Y, i, k) = published && PUBLISHED[i] == k + 1;
    return 0;
}
