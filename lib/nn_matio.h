/* nn_matio.h - reading and writing MATLAB .mat files through matio.
 *
 * Reads MATLAB v4, v5 (plain or compressed) and v7.3 (HDF5) files, which is
 * what users of the course have. Every read checks the variable on entry: it
 * exists, it is a real, non-sparse, non-empty 2-D numeric array, and all of its
 * values are finite. Any numeric class (double, single, uint8, int32, ...) is
 * converted to double. Errors name the file and the variable, e.g.
 *     "ex4weights.mat: Theta1 is 24×401, expected 25×401"
 *
 * Writes are MATLAB v5 with zlib compression, which Octave, MATLAB and
 * scipy.io.loadmat all read. A write goes through nn_atomic (a temporary
 * file renamed into place) and is read back and compared before the rename,
 * because matio does not check its own writes: a full disk or any other
 * failed write gives an error and leaves the old file as it was.
 *
 * A file to read must be a regular, non-empty file (nn_file_input). Files
 * that Octave users save by mistake (save -text, -binary, -hdf5, -zip) are
 * named as such, and HDF5's own error output for a damaged v7.3 file is
 * replaced by its one most specific line.
 */
#ifndef NN_MATIO_H
#define NN_MATIO_H

#include <stdbool.h>

#include "nn_error.h"
#include "nn_matrix.h"

/* Read variable `name` from the .mat file at `path` as a new rows×cols double
 * matrix. Pass rows or cols as -1 to accept any size along that dimension.
 * On success *out is owned by the caller (nn_mat_free); on error it is NULL. */
int nn_mat_read(const char *path, const char *name, int rows, int cols,
                nn_mat **out, nn_error *err);

/* The shape of variable `name`, with nn_mat_read's checks of the file and the
 * variable but without reading its values: to size a layout of one's own
 * before nn_mat_read_into. 0, or -1 with err set (and *rows = *cols = 0). */
int nn_mat_size(const char *path, const char *name, int *rows, int *cols, nn_error *err);

/* nn_mat_read into dst, which must have the variable's shape: any stride, so
 * dst may be a view into a larger layout (the kernel's, with its bias column
 * and padding). The values pass through a small buffer only, never a second
 * whole copy. 0, or -1 with err set (dst then partly written). */
int nn_mat_read_into(const char *path, const char *name, nn_mat *dst, nn_error *err);

/* Read a label vector (m×1 or 1×m, any numeric class) whose values are whole
 * numbers in lo..hi. On success *labels is a malloc'ed array of *m ints that
 * the caller frees; on error it is NULL. */
int nn_labels_read(const char *path, const char *name, int lo, int hi,
                   int **labels, int *m, nn_error *err);

/* One variable to write. */
typedef struct {
    const char *name;   /* MATLAB variable name */
    const nn_mat *mat;  /* the values, any stride */
    bool as_uint8;      /* store as uint8 (values must be whole, 0..255) */
} nn_matvar;

/* Variables larger than this many bytes are written without compression:
 * weights stay small files, while a data set loads without inflating it
 * (zlib took half of digits20.mat's 90 ms load, and 9 s to write
 * Fashion-MNIST's 376 MB of doubles). */
#define NN_MAT_COMPRESS_MAX ((size_t)1 << 20)

/* Write n variables to a new MATLAB v5 file at path (each variable zlib-
 * compressed up to NN_MAT_COMPRESS_MAX bytes, stored plainly above that),
 * replacing any
 * file already there only when the whole write succeeded (see nn_atomic.h
 * for links, modes and what may be replaced). -1 with err, e.g. "cannot write
 * W.mat: No space left on device", and path untouched otherwise. */
int nn_mat_write(const char *path, const nn_matvar *vars, int n, nn_error *err);

#endif
