/* ch1_data.c - Chapter 1 exercise: loading the course's data.
 * Read chapters/1-data-loading/README.md, then replace each TODO.
 * Check your work with:  make check CH=1 */
#include <stdlib.h>

#include "workbook.h"

nn_mat *nn_add_bias(const nn_mat *X)
{
    /* TODO: make an m×(n+1) matrix with nn_mat_new, put 1 in column 0 of
     * every row and copy row i of X into columns 1..n. */
    (void)X;
    return NULL;
}

void nn_transpose_images(nn_mat *X, int side)
{
    /* TODO: for every row, swap pixel (r, c) with pixel (c, r). Pixel (r, c)
     * of a row is at column r + side*c. */
    (void)X;
    (void)side;
}

int nn_load_data(const char *path, bool transpose, nn_mat **X, int **y, int *m,
                 nn_error *err)
{
    /* TODO: read "X" with nn_mat_read and "y" with nn_labels_read (labels
     * 1..INT_MAX), check that they have the same number of rows, transpose
     * the images if asked, and return X with its bias column (nn_add_bias).
     * Free what you allocated on every error path. */
    (void)path;
    (void)transpose;
    *X = NULL;
    *y = NULL;
    *m = 0;
    return nn_fail(err, "nn_load_data is not written yet (exercises/ch1_data.c)");
}
