/* shard.h - grading one class on several machines: `nnwb grade --shard
 * K/N` takes a deterministic part of the students, `nnwb grade --merge`
 * joins the parts into one output folder.
 *
 * Every run of nnwb grade writes OUT/.shard: the line "nnwb-shard K/N"
 * (1/1 for a run without --shard), then the name of every student of
 * SUBMISSIONS, sorted, one a line. Shard K of N takes the students at
 * positions K-1, K-1+N, K-1+2N, ... of that list, so the parts are disjoint,
 * cover the class, and come out the same on every machine that sees the
 * same SUBMISSIONS. The merge refuses, in one line, parts that overlap, a
 * missing part, a student a part did not grade, parts drawn from other
 * submissions and parts graded with other seeds; it checks everything
 * before it writes anything, and writes the gradebook last. */
#ifndef NNWB_SHARD_H
#define NNWB_SHARD_H

#include <stdbool.h>

#include "nn_error.h"

#define SHARD_MAX 10000 /* N of --shard K/N */

/* Parse "K/N" (1 <= K <= N <= SHARD_MAX). false if it is not that. */
bool shard_parse(const char *s, int *k, int *n);

/* Whether the student at position index of the sorted list is in shard k of n. */
bool shard_takes(int k, int n, int index);

/* OUT/.shard for shard k of n of the class names[0..count-1] (sorted).
 * 0, or -1 with err. */
int shard_write(const char *out, int k, int n, const char *const *names, int count, nn_error *err);

/* Join the output folders ins[0..n_in-1] (the parts of one class, one per
 * shard) into out: feedback/, results/, .rows/, skipped.csv, .seed, .shard
 * (as 1/1) and, last, gradebook.csv, byte for byte what one run over the
 * whole class with the same seed writes. Prints one summary line. 0, or -1
 * with a one-line reason in err and nothing written. */
int shard_merge(const char *out, char *const *ins, int n_in, nn_error *err);

#endif
