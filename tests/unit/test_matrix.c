/* test_matrix.c - nn_mat: allocation, views, and the shape-checked BLAS calls.
 * Expected products are small enough to verify by hand. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "nn_matrix.h"

const chapter_info CHAPTER = {0, "library: matrices and BLAS", 0};

static const double A[6] = {1, 2, 3, 4, 5, 6}; /* 2×3: [1 2 3; 4 5 6] */

START_TEST(new_copy_free)
{
    nn_mat *m = nn_mat_new(3, 4);
    ck_assert(m != NULL);
    EXPECT_TRUE(m->rows == 3 && m->cols == 4 && m->stride == 4, "shape");
    for (int k = 0; k < 12; k++)
        EXPECT_TRUE(m->data[k] == 0.0, "nn_mat_new must zero-fill");
    NN_AT(m, 2, 3) = 7.0;
    nn_mat *c = nn_mat_copy(m);
    EXPECT_TRUE(c && NN_AT(c, 2, 3) == 7.0 && c->data != m->data, "copy");
    nn_mat_free(c);
    nn_mat_free(m);
    nn_mat_free(NULL); /* a no-op */
    EXPECT_TRUE(nn_mat_new(-1, 3) == NULL, "a negative size must give NULL");
    EXPECT_TRUE(nn_mat_new(2147483647, 2147483647) == NULL, "a size that overflows must give NULL");
    nn_mat *e = nn_mat_new(0, 5);
    EXPECT_TRUE(e != NULL && e->rows == 0, "0×5 is a valid, empty matrix");
    nn_mat_free(e);
}
END_TEST

START_TEST(views)
{
    nn_mat a = nn_mat_wrap((double *)A, 2, 3);
    nn_mat v = nn_mat_view(&a, 0, 1, 2, 2); /* [2 3; 5 6] */
    EXPECT_TRUE(v.stride == 3 && NN_AT(&v, 1, 0) == 5.0 && NN_AT(&v, 0, 1) == 3.0, "view elements");
    nn_mat *c = nn_mat_copy(&v);
    const double want[4] = {2, 3, 5, 6};
    EXPECT_MAT("copy of a view", c, want, 0.0, NULL);
    nn_mat_free(c);
}
END_TEST

START_TEST(gemm_products)
{
    nn_mat a = nn_mat_wrap((double *)A, 2, 3);
    nn_mat *C = nn_mat_new(2, 2);
    nn_error err;
    /* A·Aᵀ = [14 32; 32 77] */
    EXPECT_TRUE(nn_gemm(C, 1.0, &a, false, &a, true, 0.0, &err) == 0, "%s", err.msg);
    const double aat[4] = {14, 32, 32, 77};
    EXPECT_MAT("A·Aᵀ", C, aat, 0.0, NULL);
    /* 2·A·Aᵀ + 1·C = 3·A·Aᵀ */
    nn_gemm(C, 2.0, &a, false, &a, true, 1.0, &err);
    const double aat3[4] = {42, 96, 96, 231};
    EXPECT_MAT("2·A·Aᵀ + C", C, aat3, 0.0, NULL);
    /* Aᵀ·A through a view with a stride: the last two columns [2 3; 5 6]
     * give [29 36; 36 45]. */
    nn_mat v = nn_mat_view(&a, 0, 1, 2, 2);
    nn_gemm(C, 1.0, &v, true, &v, false, 0.0, &err);
    const double vtv[4] = {29, 36, 36, 45};
    EXPECT_MAT("Vᵀ·V", C, vtv, 0.0, NULL);
    nn_mat_free(C);
}
END_TEST

START_TEST(gemm_shape_errors)
{
    nn_mat a = nn_mat_wrap((double *)A, 2, 3);
    nn_mat *C = nn_mat_new(2, 2);
    nn_error err = {""};
    EXPECT_TRUE(nn_gemm(C, 1.0, &a, false, &a, false, 0.0, &err) == -1, "2×3 · 2×3 must be refused");
    EXPECT_TRUE(strstr(err.msg, "op(A) is 2×3, op(B) is 2×3, C is 2×2") != NULL, "message: %s", err.msg);
    nn_mat *D = nn_mat_new(3, 3);
    EXPECT_TRUE(nn_gemm(D, 1.0, &a, false, &a, true, 0.0, &err) == -1, "C of the wrong shape must be refused");
    nn_mat_free(C);
    nn_mat_free(D);
}
END_TEST

START_TEST(gemv_products)
{
    nn_mat a = nn_mat_wrap((double *)A, 2, 3);
    const double x[3] = {1, 0, -1}, u[2] = {1, 1};
    double y[2] = {0, 0}, z[3];
    nn_error err = {""};
    EXPECT_TRUE(nn_gemv(y, 1.0, &a, false, x, 3, 2, 0.0, &err) == 0, "%s", err.msg);
    const double ax[2] = {-2, -2};
    EXPECT_ARRAY("A·x", y, ax, 2, 1, 0.0, NULL);
    nn_gemv(z, 1.0, &a, true, u, 2, 3, 0.0, &err);
    const double atu[3] = {5, 7, 9};
    EXPECT_ARRAY("Aᵀ·u", z, atu, 3, 1, 0.0, NULL);
    EXPECT_TRUE(nn_gemv(z, 1.0, &a, false, x, 3, 3, 0.0, &err) == -1, "y of length 3 for a 2×3 A must be refused");
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("matrix");
    nnt_add(s, "nn_mat_new zero-fills, copies, refuses impossible sizes", new_copy_free);
    nnt_add(s, "views share numbers and keep the parent's stride", views);
    nnt_add(s, "nn_gemm computes products, with transposes and views", gemm_products);
    nnt_add(s, "nn_gemm refuses shapes that do not agree", gemm_shape_errors);
    nnt_add(s, "nn_gemv, and its shape check", gemv_products);
    return s;
}
