/* ch4_forward.c - Chapter 4 exercise: forward propagation.
 * Read chapters/4-forward/README.md, then replace the TODO.
 * Check your work with:  make check CH=4 */
#include "workbook.h"

int nn_forward(nn_activations *act, const nn_mat *X, const nn_mat *T1,
               const nn_mat *T2, nn_error *err)
{
    /* TODO: check that the shapes fit, set act->a1 = *X, then compute
     * z2 = a1 · Theta1ᵀ (nn_gemm), a2 = [1, sigmoid(z2)], z3 = a2 · Theta2ᵀ
     * and h = sigmoid(z3). See the shapes in exercises/workbook.h. */
    (void)act;
    (void)X;
    (void)T1;
    (void)T2;
    return nn_fail(err, "nn_forward is not written yet (exercises/ch4_forward.c)");
}
