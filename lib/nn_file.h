/* nn_file.h - what nnwb checks about a file name before it reads or writes.
 *
 * Every input goes through nn_file_input before a reader opens it, so that
 * a directory, a device, a FIFO (which would block) or an empty file gets
 * one line that says so instead of a reader's puzzled message. Every output
 * goes through nn_file_output, which nn_atomic_open calls too: a write may
 * only replace a regular file or create one, and it lands where the name's
 * symbolic links lead (the link stays a link). nn_file_same tells whether two
 * names are one file, so that no command writes over its own input.
 *
 * This module only looks at names and metadata; it never creates, reads or
 * changes a file. Writing is nn_atomic.h's job.
 */
#ifndef NN_FILE_H
#define NN_FILE_H

#include <stdbool.h>

#include "nn_error.h"

/* Check that path names a file that can be read as `what` (e.g. "a MATLAB
 * .mat file"): it exists, is readable, is a regular file and is not empty.
 * 0, or -1 with err, e.g. "d.mat: empty file (0 bytes), not a MATLAB .mat
 * file" or "data: a directory, not a MATLAB .mat file". */
int nn_file_input(const char *path, const char *what, nn_error *err);

/* Check that a whole-file write to path can succeed, as far as can be told
 * before writing: the name is not empty; following its symbolic links, it
 * names a regular file we may write, or nothing yet, in a folder that
 * exists and we may write. On success *target (when target is not NULL) is
 * that final name, malloc'ed, for the caller to free. -1 with err
 * "cannot write PATH: <reason>" otherwise, *target then NULL. */
int nn_file_output(const char *path, char **target, nn_error *err);

/* True when a and b name the same file: the same device and inode when both
 * exist, else the same folder and name once symbolic links are followed.
 * A write to one of them would change what the other reads. */
bool nn_file_same(const char *a, const char *b);

#endif
