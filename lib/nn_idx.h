/* nn_idx.h - reading MNIST's IDX files (images and labels), plain or gzipped.
 *
 * An IDX file is a big-endian header followed by raw unsigned bytes:
 *     images: 0x00000803, count, rows, cols, then count*rows*cols pixels
 *     labels: 0x00000801, count, then count labels
 * Both readers take the file as it comes from the MNIST site (.gz) or
 * uncompressed; zlib tells the two apart. Everything is checked on entry: the
 * magic number, the dimensions (against the sanity limits below), that the
 * file holds exactly the promised number of bytes (no fewer, no more) and that
 * the gzip stream is intact. Errors are one line that names the file, e.g.
 *     "t10k-images-idx3-ubyte.gz: truncated: expected 7840000 pixel bytes, found 123"
 *
 * This module only reads bytes; turning them into a course data set is
 * nn_digits.h's job.
 */
#ifndef NN_IDX_H
#define NN_IDX_H

#include "nn_error.h"

/* Sanity limits, so that a damaged header cannot ask for an absurd allocation. */
#define NN_IDX_MAX_SIDE 4096          /* rows and cols of one image */
#define NN_IDX_MAX_COUNT 100000000    /* images or labels in one file */
#define NN_IDX_MAX_BYTES (1L << 30)   /* pixel bytes in one file (1 GiB) */

/* A stack of count images, each rows×cols. The struct and its pixels are one
 * allocation, freed with one nn_idx_images_free. */
typedef struct {
    int count;             /* number of images */
    int rows;              /* pixel rows of each image (28 for MNIST) */
    int cols;              /* pixel columns of each image (28 for MNIST) */
    unsigned char *pixels; /* count*rows*cols bytes, row-major per image:
                              pixel (r, c) of image k is pixels[(k*rows + r)*cols + c] */
} nn_idx_images;

/* Read an IDX image file (magic 0x00000803). On success *out is owned by the
 * caller (nn_idx_images_free); on error it is NULL and err says why. */
int nn_idx_read_images(const char *path, nn_idx_images **out, nn_error *err);

/* Free what nn_idx_read_images made. nn_idx_images_free(NULL) does nothing. */
void nn_idx_images_free(nn_idx_images *images);

/* Read an IDX label file (magic 0x00000801). On success *labels is a malloc'ed
 * array of *count bytes that the caller frees (free(NULL) is fine when
 * *count is 0); on error *labels is NULL and *count is 0. The values are not
 * checked: IDX does not say which labels are valid. */
int nn_idx_read_labels(const char *path, unsigned char **labels, int *count, nn_error *err);

#endif
