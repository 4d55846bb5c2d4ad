/* nn_resize.h - MATLAB-compatible image resizing: imresize(A, [r c]) with its
 * default bicubic, antialiased filter.
 *
 * The course's 20×20 digits are MNIST's 28×28 digits resized this way, so
 * rebuilding them needs exactly this filter (docs/FACTS.md, "digits20"). Resizing
 * is linear and separable: for each dimension a weight matrix M (out×in) says
 * how much each input pixel contributes to each output pixel, and an image A
 * (in_rows×in_cols) resizes to Mr·A·Mcᵀ (out_rows×out_cols).
 *
 * This is not a general image library: one filter, double matrices, 2-D only.
 */
#ifndef NN_RESIZE_H
#define NN_RESIZE_H

#include "nn_error.h"
#include "nn_matrix.h"

/* Largest input or output length accepted along one dimension. */
#define NN_RESIZE_MAX_LEN 65536

/* Fill M (out×in, given by M's shape; any stride) with the resampling weights
 * from in samples to out samples. Each row sums to 1. -1 if a length is
 * outside 1..NN_RESIZE_MAX_LEN. */
int nn_resize_weights(nn_mat *M, nn_error *err);

/* out = Mr·in·Mcᵀ with weights already made by nn_resize_weights:
 *   in  in_rows×in_cols,  Mr out_rows×in_rows,  Mc out_cols×in_cols,
 *   tmp out_rows×in_cols (scratch),  out out_rows×out_cols.
 * For resizing many images of one size without remaking the weights. */
int nn_resize_apply(nn_mat *out, nn_mat *tmp, const nn_mat *Mr, const nn_mat *Mc,
                    const nn_mat *in, nn_error *err);

/* Resize in (any size) to out's shape, as MATLAB's imresize(in, size(out)). */
int nn_resize(nn_mat *out, const nn_mat *in, nn_error *err);

#endif
