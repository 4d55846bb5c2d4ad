/* nn_atomic.h - the one way nnwb writes a file: whole, or not at all.
 *
 * Every output of every command (.mat, CSV, the figures gnuplot draws, the
 * grader's files) goes through here. The bytes go to a temporary file in the
 * target's folder (so that the final rename stays on one file system); every
 * write, the fsync and the close are checked, and only then does the file
 * replace the target. On any error the temporary file is removed and the
 * target is left byte for byte as it was. Also:
 *   - the target must be a regular file or not exist: a directory, device
 *     or FIFO is refused (nn_file_output), so `-o /dev/full` fails cleanly;
 *   - a symbolic link is written through: the file it leads to is replaced
 *     and the link stays a link;
 *   - an existing file keeps its mode (and, for root, its owner); a new one
 *     gets 0666 less the umask, as fopen would give.
 * The temporary file is .NAME.nnwb-tmp-XXXXXX beside the target: hidden,
 * and without the target's extension, so that what a killed run leaves
 * behind never passes for an output.
 *
 *     nn_atomic out;
 *     if (nn_atomic_open(&out, "cost.csv", &err) != 0) return -1;
 *     fprintf(out.f, ...);                   // or let a library write out.tmp by name
 *     return nn_atomic_commit(&out, &err);   // or nn_atomic_abort(&out)
 *
 * Errors read "cannot write PATH: <reason>", e.g.
 *     "cannot write W.mat: No space left on device"
 */
#ifndef NN_ATOMIC_H
#define NN_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

#include "nn_error.h"

typedef struct {
    FILE *f;          /* write here; or let another writer (matio, gnuplot) open tmp by name */
    char *tmp;        /* the temporary file's name (owned, freed by commit/abort) */
    char *target;     /* the file that will be replaced: path with its links followed (owned) */
    const char *path; /* the target as given to nn_atomic_open, for messages (not copied) */
} nn_atomic;

/* Check path (nn_file_output) and create its temporary file. 0, or -1 with
 * err and nothing created. */
int nn_atomic_open(nn_atomic *a, const char *path, nn_error *err);

/* Flush, fsync and close the temporary file, checking each, and rename it
 * over the target. 0, or -1 with err: the temporary file is then removed
 * and the target left as it was. Either way a is finished. */
int nn_atomic_commit(nn_atomic *a, nn_error *err);

/* Close and remove the temporary file; the target is left as it was. */
void nn_atomic_abort(nn_atomic *a);

/* Write the n bytes of buf to path, whole or not at all (open, one write,
 * commit). 0, or -1 with err "cannot write PATH: <reason>". */
int nn_atomic_write(const char *path, const void *buf, size_t n, nn_error *err);

#endif
