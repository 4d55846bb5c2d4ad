/* util.h - small helpers the nnwb command and its grader share: a clock and
 * a growing string. One copy of each, here. */
#ifndef NNWB_UTIL_H
#define NNWB_UTIL_H

#include <stddef.h>

/* Seconds on the monotonic clock (for durations: differences only). */
double util_now(void);

/* A growing string: start it zeroed ({0}), add with sb_add, free with sb_free. */
typedef struct {
    char *s;       /* NUL-terminated; NULL until the first add */
    size_t len, cap;
    int oom;       /* an allocation failed: the text is incomplete, later adds do nothing */
} strbuf;

void sb_add(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);

#endif
