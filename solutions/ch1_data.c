/* ch1_data.c - Chapter 1, reference solution: loading the course's data.
 *
 * The data file holds X, one 20×20 digit per row (400 pixels, unrolled
 * column-major as MATLAB does), and y, the labels 1..10. The network wants
 * one more input per example: a constant 1 that multiplies the bias weight. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "workbook.h"

nn_mat *nn_add_bias(const nn_mat *X)
{
    nn_mat *Xb = nn_mat_new(X->rows, X->cols + 1);
    if (!Xb)
        return NULL;
    for (int i = 0; i < X->rows; i++) {
        NN_AT(Xb, i, 0) = 1.0; /* the bias input */
        for (int j = 0; j < X->cols; j++)
            NN_AT(Xb, i, j + 1) = NN_AT(X, i, j);
    }
    return Xb;
}

/* [excerpt: transpose-images] */
void nn_transpose_images(nn_mat *X, int side)
{
    for (int i = 0; i < X->rows; i++) {
        double *img = &NN_AT(X, i, 0); /* pixel (r, c) is img[r + side*c] */
        for (int r = 0; r < side; r++)
            for (int c = r + 1; c < side; c++) { /* swap each pair once */
                double t = img[r + side * c];
                img[r + side * c] = img[c + side * r];
                img[c + side * r] = t;
            }
    }
}
/* [/excerpt] */

/* [excerpt: load-data] */
int nn_load_data(const char *path, bool transpose, nn_mat **X, int **y, int *m,
                 nn_error *err)
{
    nn_mat *raw = NULL;
    int *labels = NULL, n_labels = 0;
    *X = NULL;
    *y = NULL;
    *m = 0;

    /* The library checks the file, the names, the class and the values. */
    if (nn_mat_read(path, "X", -1, -1, &raw, err) != 0)
        goto fail;
    if (nn_labels_read(path, "y", 1, INT_MAX, &labels, &n_labels, err) != 0)
        goto fail;
    if (n_labels != raw->rows) {
        nn_fail(err, "%s: X has %d rows but y has %d labels", path, raw->rows, n_labels);
        goto fail;
    }
    if (transpose) {
        int side = (int)lround(sqrt((double)raw->cols));
        if (side * side != raw->cols) {
            nn_fail(err, "%s: X has %d columns, not a square image, so it cannot be transposed",
                    path, raw->cols);
            goto fail;
        }
        nn_transpose_images(raw, side);
    }
    *X = nn_add_bias(raw);
    if (!*X) {
        nn_fail(err, "%s: out of memory", path);
        goto fail;
    }
    nn_mat_free(raw);
    *y = labels;
    *m = n_labels;
    return 0;

fail:
    nn_mat_free(raw);
    free(labels);
    return -1;
}
/* [/excerpt] */
