/* text.c - strings and safe text for the grader's reports (text.h). */
#include "text.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    for (int k = 1; k < n; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
        return 0; /* overlong, or a surrogate */
    if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return n;
}

void sb_clean(strbuf *b, const char *s, int keep_newlines)
{
    for (const unsigned char *c = (const unsigned char *)s; *c;) {
        int n = utf8_len(c);
        if (n == 0) {
            sb_add(b, "\xef\xbf\xbd");
            c++;
        } else if (n == 1 && (*c < 32 || *c == 127)) {
            sb_add(b, "%c", (*c == '\n' && keep_newlines) ? '\n' : (*c == '\t' ? '\t' : ' '));
            c++;
        } else {
            sb_add(b, "%.*s", n, (const char *)c);
            c += n;
        }
    }
}

static char *cleaned(const char *s, int keep_newlines)
{
    strbuf t = {0};
    sb_add(&t, "%s", "");
    sb_clean(&t, s, keep_newlines);
    return t.s;
}

void sb_json(strbuf *b, const char *s)
{
    char *t = cleaned(s, 1);
    sb_add(b, "\"");
    for (const char *c = t ? t : ""; *c; c++) {
        if (*c == '"' || *c == '\\')
            sb_add(b, "\\%c", *c);
        else if (*c == '\n')
            sb_add(b, "\\n");
        else if (*c == '\t')
            sb_add(b, "\\t");
        else
            sb_add(b, "%c", *c);
    }
    sb_add(b, "\"");
    free(t);
}

void sb_csv(strbuf *b, const char *s)
{
    char *t = cleaned(s, 0);
    const char *c = t ? t : "";
    if (!strpbrk(c, ",\"\n") && c[0] != ' ') {
        sb_add(b, "%s", c);
    } else {
        sb_add(b, "\"");
        for (; *c; c++)
            sb_add(b, *c == '"' ? "\"\"" : "%c", *c);
        sb_add(b, "\"");
    }
    free(t);
}

void sb_md_block(strbuf *b, const char *s, const char *indent)
{
    char *t = cleaned(s, 1);
    const char *c = t ? t : "";
    int longest = 0, run = 0;
    for (const char *p = c; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    int fence = longest >= 3 ? longest + 1 : 3;
    sb_add(b, "%s", indent);
    for (int k = 0; k < fence; k++)
        sb_add(b, "`");
    sb_add(b, "\n");
    for (const char *line = c; *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        sb_add(b, "%s%.*s\n", indent, n, line);
        line += n + (nl ? 1 : 0);
    }
    sb_add(b, "%s", indent);
    for (int k = 0; k < fence; k++)
        sb_add(b, "`");
    sb_add(b, "\n");
    free(t);
}
