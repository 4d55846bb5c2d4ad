/* nn_digits.c - selecting, scaling, resizing and unrolling MNIST digits into
 * a course-format set (see nn_digits.h). */
#include "nn_digits.h"

#include <stdlib.h>

#include "nn_resize.h"

/* The course's label for a digit: 10 for 0, else the digit itself. */
static int course_label(int digit)
{
    return digit == 0 ? 10 : digit;
}

/* Check the inputs and count, for each digit, the examples in the source and
 * the examples to take: min(per_class, available - offset), at least 0. */
static int plan(nn_digits_counts *c, const nn_idx_images *images, const unsigned char *labels,
                int n_labels, int per_class, int offset, int size, nn_error *err)
{
    if (images->count != n_labels)
        return nn_fail(err, "%d images but %d labels", images->count, n_labels);
    if (size < 1 || size > NN_DIGITS_MAX_SIZE)
        return nn_fail(err, "output size %d, expected 1..%d", size, NN_DIGITS_MAX_SIZE);
    if (per_class < 1)
        return nn_fail(err, "%d examples per class, expected at least 1", per_class);
    if (offset < 0)
        return nn_fail(err, "offset %d, expected at least 0", offset);
    for (int d = 0; d < 10; d++)
        c->available[d] = c->taken[d] = 0;
    for (int k = 0; k < n_labels; k++) {
        if (labels[k] > 9)
            return nn_fail(err, "label %d of example %d is not a digit 0..9", labels[k], k + 1);
        c->available[labels[k]]++;
    }
    for (int d = 0; d < 10; d++) {
        int left = c->available[d] - offset;
        c->taken[d] = left < 0 ? 0 : left < per_class ? left : per_class;
        if (c->taken[d] == 0)
            return nn_fail(err, "digit %d has %d examples, none left after skipping the first %d",
                           d, c->available[d], offset);
    }
    return 0;
}

int nn_digits_build(nn_mat **X, nn_mat **y, nn_digits_counts *counts,
                    const nn_idx_images *images, const unsigned char *labels, int n_labels,
                    int per_class, int offset, int size, nn_error *err)
{
    *X = *y = NULL;
    nn_digits_counts local;
    nn_digits_counts *c = counts ? counts : &local;
    nn_mat *A = NULL, *B = NULL, *tmp = NULL, *Mr = NULL, *Mc = NULL;
    int rc = -1;
    if (plan(c, images, labels, n_labels, per_class, offset, size, err) != 0)
        return -1;

    int m = 0;
    for (int d = 0; d < 10; d++)
        m += c->taken[d];
    int rows = images->rows, cols = images->cols;
    bool resize = rows != size || cols != size;
    *X = nn_mat_new(m, size * size);
    *y = nn_mat_new(m, 1);
    A = nn_mat_new(rows, cols);     /* one scaled image */
    B = nn_mat_new(size, size);     /* the same, resized */
    tmp = nn_mat_new(size, cols);   /* scratch for nn_resize_apply */
    Mr = nn_mat_new(size, rows);    /* weights along the rows' direction */
    Mc = nn_mat_new(size, cols);    /* and along the columns' */
    if (!*X || !*y || !A || !B || !tmp || !Mr || !Mc) {
        nn_fail(err, "out of memory for %d examples of %d inputs", m, size * size);
        goto done;
    }
    if (resize && (nn_resize_weights(Mr, err) != 0 || nn_resize_weights(Mc, err) != 0))
        goto done;

    const size_t image_bytes = (size_t)rows * (size_t)cols;
    int i = 0; /* next row of X */
    for (int d = 0; d < 10; d++) {
        int seen = 0; /* examples of digit d met so far in file order */
        for (int k = 0; k < n_labels && seen < offset + c->taken[d]; k++) {
            if (labels[k] != d)
                continue;
            if (seen++ < offset)
                continue;
            const unsigned char *px = images->pixels + (size_t)k * image_bytes;
            for (int r = 0; r < rows; r++)
                for (int col = 0; col < cols; col++)
                    NN_AT(A, r, col) = px[(size_t)r * (size_t)cols + (size_t)col] / 255.0;
            const nn_mat *img = A;
            if (resize) {
                if (nn_resize_apply(B, tmp, Mr, Mc, A, err) != 0)
                    goto done;
                img = B;
            }
            for (int r = 0; r < size; r++) /* column-major unrolling */
                for (int col = 0; col < size; col++)
                    NN_AT(*X, i, r + size * col) = NN_AT(img, r, col);
            NN_AT(*y, i, 0) = course_label(d);
            i++;
        }
    }
    rc = 0;
done:
    nn_mat_free(A);
    nn_mat_free(B);
    nn_mat_free(tmp);
    nn_mat_free(Mr);
    nn_mat_free(Mc);
    if (rc != 0) {
        nn_mat_free(*X);
        nn_mat_free(*y);
        *X = *y = NULL;
    }
    return rc;
}
