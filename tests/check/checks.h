/* checks.h - what the chapters' check files (checks_chN.c) share: their
 * tables, and helpers for the comparisons they all make. */
#ifndef NNWB_CHECKS_H
#define NNWB_CHECKS_H

#include <setjmp.h>
#include <string.h>

#include "goldens.h"
#include "judge.h"

/* Each chN_checks.c defines its table, CHN_TABLE (J_TABLE does it). */
#define CHAPTER(n, stem, title, points) extern const check_table CH##n##_TABLE;
#include "chapters/chapters.def"
#undef CHAPTER

#define J_TABLE(n, checks) const check_table CH##n##_TABLE = {(checks), (int)(sizeof(checks) / sizeof((checks)[0]))}

/* got(row, col) matches each of the n sampled oracle entries. */
void j_expect_entries(judge *J, const char *label, const nn_mat *got, const gold_entry *want, int n);

/* Where the judge's current check returns to on a failure, and its message. */
jmp_buf *jfail_point(judge *J);
char *jmsg(judge *J);

/* Add the network's sizes to a failure's message, and when the function
 * passed on the published inputs, a hint that sizes may be written as
 * numbers. */
void jsizes_note(judge *J, int call_id, const jnet *net);

/* Add to a failure's message (a note after it, e.g. the sizes in use). */
void j_append(judge *J, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run stmt; if it fails, run note (which may call j_append) and fail on. */
#define J_ON_FAIL(J, stmt, note)                                         \
    do {                                                                 \
        jmp_buf saved_;                                                  \
        memcpy(saved_, *jfail_point(J), sizeof saved_);                  \
        if (setjmp(*jfail_point(J)) == 0) {                              \
            stmt;                                                        \
            memcpy(*jfail_point(J), saved_, sizeof saved_);              \
        } else {                                                         \
            memcpy(*jfail_point(J), saved_, sizeof saved_);              \
            note;                                                        \
            longjmp(saved_, 1);                                          \
        }                                                                \
    } while (0)

/* Run stmt; if it fails, add jsizes_note(J, id, &net) to the message. */
#define J_SIZES_HINT(J, id, net, stmt) J_ON_FAIL(J, stmt, jsizes_note((J), (id), &(net)))

/* The first `rows` examples of n (rows <= n->m), with the same weights. */
jnet jnet_first_rows(judge *J, const jnet *n, int rows);

#endif
