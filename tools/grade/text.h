/* text.h - making untrusted text safe to show:
 * valid UTF-8, no control characters, escaped for JSON, CSV and Markdown.
 * Everything a student's submission can influence (file names, compiler
 * messages, what their code printed) goes through here before it reaches
 * feedback, results.json or the gradebook. */
#ifndef NNWB_TEXT_H
#define NNWB_TEXT_H

#include <stddef.h>

#include "util.h" /* strbuf */

/* s as valid UTF-8 (each invalid byte becomes U+FFFD) with control
 * characters other than newline (and tab) made spaces. */
void sb_clean(strbuf *b, const char *s, int keep_newlines);

/* s, cleaned, as a JSON string literal with its quotes. */
void sb_json(strbuf *b, const char *s);

/* s, cleaned, as one CSV field (quoted when it needs to be). */
void sb_csv(strbuf *b, const char *s);

/* s, cleaned, in a Markdown code block whose fence is longer than any run
 * of backticks in s, so that nothing in s can end the block. */
void sb_md_block(strbuf *b, const char *s, const char *indent);

#endif
