/* report.h - what `nnwb grade` writes: per student a Markdown feedback
 * file, a gradebook row and a Gradescope results.json (written last: it is
 * the mark that the student is done); for the run the gradebook and the
 * list of skipped entries. Every file is written whole or not at all
 * (lib/nn_atomic), and every text a student can influence is cleaned
 * (text.h). */
#ifndef NNWB_REPORT_H
#define NNWB_REPORT_H

#include <stdint.h>

#include "judge.h"
#include "nn_error.h"

/* OUT/feedback/NAME.md, OUT/.rows/NAME.csv, OUT/results/NAME.json.
 * note: about the whole submission (e.g. an archive that did not unpack),
 * or "". 0, or -1 with err. */
int report_student(const char *out, const char *name, const chapter_result *cr, int n, const char *note,
                   double seconds, uint64_t seed, nn_error *err);

/* The header of the gradebook: student,ch1,...,total,seed. */
void report_header(char *buf, size_t size);

/* OUT/gradebook.csv from the header and the given rows, in order. 0, or
 * -1 with err. */
int report_gradebook(const char *out, const char *rows, nn_error *err);

/* OUT/skipped.csv: entry,reason per line (text made of "entry\treason\n").
 * 0, or -1 with err. */
int report_skipped(const char *out, const char *entries, nn_error *err);

#endif
