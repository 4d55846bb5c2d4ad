/* submission.h - the students' entries in a SUBMISSIONS folder, and the
 * chapter files out of each: from a folder by a walk that follows no link,
 * from a .tar.gz or .zip by unpacking it in the sandbox. */
#ifndef NNWB_SUBMISSION_H
#define NNWB_SUBMISSION_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "nn_error.h"

enum { SUB_FOLDER, SUB_TGZ, SUB_ZIP };

typedef struct {
    char entry[NAME_MAX + 1]; /* the entry's own name in SUBMISSIONS */
    char name[128];           /* the student: the entry without its extension, made safe for file names */
    int kind;
} submission;

/* The entries of folder dir, sorted by name. Entries that are not
 * submissions (hidden, a link, not a folder/.tar.gz/.tgz/.zip) are left
 * out and described in *skipped as "entry\treason\n" lines (malloc'ed).
 * Two entries that give the same student name are an error naming both:
 * -1 with err. */
int sub_list(submission **out, int *n, char **skipped, const char *dir, nn_error *err);

/* Where the sandboxed unpacking runs. */
typedef struct {
    const char *scratch;  /* host: a fresh folder for this step */
    uid_t uid;
    gid_t gid;
    long long memory, tmpfs, max_archive;
    bool confined;        /* without namespaces (sandbox.h): host paths, and a cap on what unpacks */
} unpack_setup;

/* Copy the submission's chapter files (STEM.c for each chapter) into the
 * folder dest, which exists and is empty. What could not be taken is said
 * in note (e.g. an archive over the limit). 0, or -1 with err when the
 * grader failed. note is not an error: it tells the student what was left
 * out (each misnamed or refused file, what tar or unzip said), a list that
 * can be longer than an nn_error holds, so it keeps a buffer of its own. */
int sub_fetch(const submission *s, const char *dir, const char *dest, const unpack_setup *u, char *note,
              size_t note_size, nn_error *err);

#endif
