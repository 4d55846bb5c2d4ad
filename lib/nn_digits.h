/* nn_digits.h - a course-format digit set built from MNIST images and labels.
 *
 * The course's ex4data1.mat has X (m×400, double: each row a 20×20 image
 * unrolled column-major) and y (m×1, labels 1..10 with 10 meaning digit 0).
 * nn_digits_build makes the same from IDX data (docs/FACTS.md, "digits20"):
 *   1. select, for each digit 0, 1, ..., 9 in that order, its examples number
 *      offset+1 .. offset+per_class in file order (fewer if the file has fewer);
 *   2. scale each image's bytes by 1/255;
 *   3. resize it to size×size with MATLAB's bicubic antialiased filter
 *      (nn_resize.h), unless it already is size×size;
 *   4. unroll it column-major: X(i, r + size*c) = pixel (r, c), 0-based;
 *   5. label it 10 for digit 0, else the digit.
 * Reading the files is nn_idx.h's job and writing the .mat nn_matio.h's.
 */
#ifndef NN_DIGITS_H
#define NN_DIGITS_H

#include "nn_error.h"
#include "nn_idx.h"
#include "nn_matrix.h"

/* Largest output side accepted (an S×S image becomes S² inputs). */
#define NN_DIGITS_MAX_SIZE 64

/* How many examples of each digit (index = the digit 0..9) the source holds
 * and how many were taken. */
typedef struct {
    int available[10];
    int taken[10];
} nn_digits_counts;

/* Build X (m×size², new) and y (m×1, new, labels 1..10) from images and their
 * n_labels labels (one byte 0..9 per image). The caller frees *X and *y with
 * nn_mat_free; on error both are NULL. counts may be NULL. Errors: the image
 * and label counts differ, a label is not 0..9, size is outside
 * 1..NN_DIGITS_MAX_SIZE, per_class < 1, offset < 0, or a digit has no
 * examples left to take. */
int nn_digits_build(nn_mat **X, nn_mat **y, nn_digits_counts *counts,
                    const nn_idx_images *images, const unsigned char *labels, int n_labels,
                    int per_class, int offset, int size, nn_error *err);

#endif
