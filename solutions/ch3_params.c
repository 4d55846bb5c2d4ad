/* ch3_params.c - Chapter 3, reference solution: the parameters.
 *
 * The weights live in two matrices, but optimizers and the gradient check
 * want one flat vector. nnwb unrolls the way the tutorial does (numpy's
 * ravel): row by row, Theta1 first. In a row-major language that is simply
 * the order the numbers already have in memory. The course's Octave code
 * unrolls column by column instead; see chapters/3-parameters. */
#include <math.h>

#include "workbook.h"

int nn_load_weights(const char *path, nn_mat **T1, nn_mat **T2, nn_error *err)
{
    *T1 = NULL;
    *T2 = NULL;
    nn_mat *a = NULL, *b = NULL;
    if (nn_mat_read(path, "Theta1", -1, -1, &a, err) != 0 ||
        nn_mat_read(path, "Theta2", -1, -1, &b, err) != 0)
        goto fail;
    /* Theta2 takes the hidden layer plus its bias unit as input: Theta1 is
     * H×(n+1) and Theta2 K×(H+1). When they do not fit, say which one is
     * wrong: a Theta1 stored transposed still fits Theta2 by its columns. */
    if (b->cols != a->rows + 1) {
        if (b->cols == a->cols + 1)
            nn_fail(err, "%s: Theta1 is %d×%d, expected %d×%d to fit Theta2 (%d×%d): is Theta1 "
                    "stored transposed?", path, a->rows, a->cols, a->cols, a->rows, b->rows, b->cols);
        else
            nn_fail(err, "%s: Theta2 is %d×%d, expected %d×%d to fit Theta1 (%d×%d, %d hidden units)",
                    path, b->rows, b->cols, b->rows, a->rows + 1, a->rows, a->cols, a->rows);
        goto fail;
    }
    *T1 = a;
    *T2 = b;
    return 0;

fail:
    nn_mat_free(a);
    nn_mat_free(b);
    return -1;
}

/* [excerpt: serialize] */
void nn_serialize(double *theta, const nn_mat *T1, const nn_mat *T2)
{
    const nn_mat *parts[2] = {T1, T2};
    int k = 0;
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < parts[p]->rows; i++)     /* row by row ... */
            for (int j = 0; j < parts[p]->cols; j++) /* ... along each row */
                theta[k++] = NN_AT(parts[p], i, j);
}

void nn_deserialize(nn_mat *T1, nn_mat *T2, const double *theta)
{
    nn_mat *parts[2] = {T1, T2};
    int k = 0;
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < parts[p]->rows; i++)
            for (int j = 0; j < parts[p]->cols; j++)
                NN_AT(parts[p], i, j) = theta[k++];
}
/* [/excerpt] */

/* [excerpt: sigmoid] */
void nn_sigmoid(double *out, const double *z, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = 1.0 / (1.0 + exp(-z[i]));
}
/* [/excerpt] */
