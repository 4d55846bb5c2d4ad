/* ch4_forward.c - Chapter 4, reference solution: forward propagation.
 *
 * Every example goes through the two layers at once, as matrix products:
 * each row of a1 is one example, each row of Theta1 one hidden unit, so
 * a1 · Theta1ᵀ gives every unit's input for every example. */
#include "workbook.h"

/* [excerpt: forward] */
int nn_forward(nn_activations *act, const nn_mat *X, const nn_mat *T1,
               const nn_mat *T2, nn_error *err)
{
    int m = X->rows, n_hidden = T1->rows, K = T2->rows;
    if (T1->cols != X->cols || T2->cols != n_hidden + 1)
        return nn_fail(err, "nn_forward: X is %d×%d, Theta1 %d×%d, Theta2 %d×%d: sizes do not fit",
                       m, X->cols, T1->rows, T1->cols, K, T2->cols);
    if (act->z2.rows != m || act->z2.cols != n_hidden || act->h.cols != K)
        return nn_fail(err, "nn_forward: the activations were made for another network or m");

    act->a1 = *X;                                                 /* m×(n_in+1) */

    if (nn_gemm(&act->z2, 1.0, X, false, T1, true, 0.0, err) != 0) /* m×n_hidden */
        return -1;

    for (int i = 0; i < m; i++) {                                 /* m×(n_hidden+1) */
        NN_AT(&act->a2, i, 0) = 1.0;                              /* the bias unit */
        nn_sigmoid(&NN_AT(&act->a2, i, 1), &NN_AT(&act->z2, i, 0), n_hidden);
    }

    if (nn_gemm(&act->z3, 1.0, &act->a2, false, T2, true, 0.0, err) != 0) /* m×K */
        return -1;

    for (int i = 0; i < m; i++)                                   /* m×K */
        nn_sigmoid(&NN_AT(&act->h, i, 0), &NN_AT(&act->z3, i, 0), K);
    return 0;
}
/* [/excerpt] */
