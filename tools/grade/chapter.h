/* chapter.h - one chapter of one submission, from its source file to its
 * points: build (build.h), policy, then the judge (judge.h) against a
 * worker. `make check` (nnwb check) and `nnwb grade` both come here, so
 * they give the same points and messages for the same file and seed; they
 * differ only in where the build and the worker run (here, in the sandbox,
 * or confined where the sandbox's namespaces cannot be made). */
#ifndef NNWB_CHAPTER_H
#define NNWB_CHAPTER_H

#include <stdbool.h>
#include <sys/types.h>

#include "build.h"
#include "judge.h"
#include "nn_error.h"

typedef struct {
    bool sandboxed;            /* nnwb grade: build and run in the sandbox */
    bool confined;             /* ... in its mode without namespaces (sandbox.h): host paths, uid, limits */
    const char *kit;           /* host: the kit folder (build.h) */
    const build_cmds *cmds;
    const char *data_dir;      /* host: DATA_DIR, or NULL */
    const char *gen_dir;       /* host: where make data built digits20 when DATA_DIR is read-only, or NULL */
    const char *scratch;       /* host: a folder this chapter may use (made fresh by the caller) */
    bool reference_itself;     /* grading the reference: no same-code rule */
    bool san;                  /* local only: AddressSanitizer and UBSan in the student's code */
    bool echo;                 /* local only: show what the student's code prints */
    uid_t uid;                 /* sandboxed as root: the uid and gid to run as */
    gid_t gid;
    long long memory;          /* bytes: RLIMIT_AS and the memory cgroup */
    long long tmpfs;           /* bytes: the sandbox's writable space */
    judge_options jopt;
} grade_setup;

/* Grade chapter ch from the student's file src (its name must be
 * ch->stem + ".c"; NULL when the submission has none). Fills *cr. Returns
 * -1 with err only when the grader itself failed (the chapter is then not
 * graded and should be tried again). */
int grade_chapter_file(chapter_result *cr, const grade_setup *g, const chapter_def *ch, const char *src, nn_error *err);

#endif
