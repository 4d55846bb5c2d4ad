/* build.h - turning one student chapter file into a worker program, the
 * same way for `make check` (run here) and `nnwb grade` (run in the
 * sandbox): preprocess, compile and link with the build's own flags and the
 * grader's kit, then hold the results to the rules of policy.h.
 *
 * The kit (make kit, BUILD/kit) is what a worker is made of besides the
 * student's file: include/ (workbook.h and lib/'s headers, the only headers
 * a chapter file sees besides the C library's) and obj/ (the worker's main,
 * the reference object of every chapter, libnnwb.a). */
#ifndef NNWB_BUILD_H
#define NNWB_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "judge.h"
#include "nn_error.h"

#define BUILD_MAX_WORDS 160

typedef struct {
    char *cc[BUILD_MAX_WORDS];   /* the compiler and its flags (make print-compile), no -I or -M */
    int n_cc;
    char *ld[BUILD_MAX_WORDS];   /* the linker command's words before the objects */
    int n_ld;
    char *libs[BUILD_MAX_WORDS]; /* and the libraries after them */
    int n_libs;
    char text[16384];            /* the words' storage */
} build_cmds;

/* The compile and link commands of the build in folder build_dir (run
 * from the workbook's top folder). 0, or -1 with a reason in err. */
int build_load_commands(build_cmds *b, const char *build_dir, nn_error *err);

/* The shell script that builds WORK/worker from IN/STEM.c, with $IN, $WORK
 * and $KIT set by the caller (paths as the script will see them). Its exit
 * status: 0 built, 10 the preprocessor failed, 11 the compiler, 12 the
 * linker. It writes WORK/pre.i, WORK/student.o, WORK/worker and the
 * compiler's messages in WORK/cc.txt. san adds AddressSanitizer and UBSan.
 * Returns a malloc'ed string. */
char *build_script(const build_cmds *b, const chapter_def *ch, bool san);

/* After the script: the rules of policy.h on src (the student's file as
 * the grader read it), WORK/pre.i and WORK/student.o, with the kit's
 * include folder as the script saw it, and the reference object of the
 * chapter (host path). reference_itself skips the same-code rule (when the
 * reference is what is graded). 0 if it keeps them, 1 with a reason a
 * student can act on in err, -1 with a grader error in err. */
int build_check_policy(const char *src, const char *work, const char *kit_include_seen, const char *ref_obj,
                       const chapter_def *ch, bool reference_itself, nn_error *err);

/* The source rules alone (for a file that did not compile: why it was
 * refused, if it was, comes before the compiler's messages). 0, 1 or -1
 * with err as build_check_policy. */
int build_check_source(const char *src, const char *work, const char *kit_include_seen, const chapter_def *ch,
                       nn_error *err);

/* The compiler's messages about the student's own file only (no host
 * paths, no lines of other files), as "exercises/STEM.c:12:5: ...", at
 * most max_lines lines, appended to out. */
void build_messages(char *out, size_t size, const char *cc_txt, const chapter_def *ch, int max_lines);

#endif
