/* nn_atomic.h - writing a file so that it appears whole or not at all.
 *
 * The numbers go to a temporary file beside the target (so that the final
 * rename stays on one file system), which replaces the target only when
 * every write and the close succeeded. A failed or interrupted write never
 * leaves a half-written file under the target's name.
 *
 *     nn_atomic out;
 *     if (nn_atomic_open(&out, "cost.csv", &err) != 0) return -1;
 *     fprintf(out.f, ...);
 *     return nn_atomic_commit(&out, &err);   // or nn_atomic_abort(&out)
 */
#ifndef NN_ATOMIC_H
#define NN_ATOMIC_H

#include <stdio.h>

#include "nn_error.h"

typedef struct {
    FILE *f;          /* write here */
    char *tmp;        /* the temporary file's name (owned, freed by commit/abort) */
    const char *path; /* the target, as given to nn_atomic_open (not copied) */
} nn_atomic;

/* Open a new temporary file for path, with the permissions a plain fopen
 * would give. 0, or -1 with err naming path. */
int nn_atomic_open(nn_atomic *a, const char *path, nn_error *err);

/* Close the file and rename it to path. 0, or -1 with err (the temporary
 * file is then removed and path left as it was). */
int nn_atomic_commit(nn_atomic *a, nn_error *err);

/* Close and remove the temporary file; path is left as it was. */
void nn_atomic_abort(nn_atomic *a);

#endif
