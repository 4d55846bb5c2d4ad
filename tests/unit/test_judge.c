/* test_judge.c - the judge's own promises, checked on its tables and its
 * text helpers (the checks' behaviour on real code is tested by make test's
 * reference, stub and mutant runs).
 *   - every chapter gives at most a fifth of its weight to FIXED checks,
 *     whose inputs and answers ship to students;
 *   - the chapters' points add up to 100;
 *   - text shown to people is valid UTF-8 and cannot end a Markdown block. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "judge.h"
#include "text.h"

const chapter_info CHAPTER = {0, "the judge: weights and safe text", 0};

double judge_fixed_share(const chapter_def *def);

#define MAX_FIXED_SHARE 0.2

START_TEST(fixed_share)
{
    for (int c = 0; c < NN_N_CHAPTERS; c++) {
        const chapter_def *ch = &NN_CHAPTERS[c];
        EXPECT_TRUE(ch->table->n > 0, "chapter %d has no checks", ch->number);
        double share = judge_fixed_share(ch);
        EXPECT_TRUE(share <= MAX_FIXED_SHARE + 1e-12,
                    "chapter %d gives %.0f%% of its weight to FIXED checks (at most %.0f%%)", ch->number,
                    100 * share, 100 * MAX_FIXED_SHARE);
        int secret = 0;
        for (int k = 0; k < ch->table->n; k++)
            secret += ch->table->checks[k].kind == J_SECRET;
        EXPECT_TRUE(secret > 0, "chapter %d has no check on secret inputs", ch->number);
    }
}
END_TEST

START_TEST(points_add_up)
{
    int total = 0;
    for (int c = 0; c < NN_N_CHAPTERS; c++)
        total += NN_CHAPTERS[c].points;
    EXPECT_TRUE(total == 100, "the chapters' points add up to %d, not 100", total);
}
END_TEST

START_TEST(safe_text)
{
    strbuf b = {0};
    sb_json(&b, "a\"b\\c\nd\x01\xff\xc3(");
    EXPECT_TRUE(b.s && !strcmp(b.s, "\"a\\\"b\\\\c\\nd \xef\xbf\xbd\xef\xbf\xbd(\""), "sb_json gave %s", b.s);
    sb_free(&b);
    sb_md_block(&b, "x ```` y", "");
    EXPECT_TRUE(b.s && !strncmp(b.s, "`````\n", 6), "a block around four backticks must use five: %s", b.s);
    sb_free(&b);
    sb_csv(&b, "a,\"b\"");
    EXPECT_TRUE(b.s && !strcmp(b.s, "\"a,\"\"b\"\"\""), "sb_csv gave %s", b.s);
    sb_free(&b);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("judge");
    nnt_add(s, "FIXED checks carry at most a fifth of each chapter; every chapter has secret checks", fixed_share);
    nnt_add(s, "the chapters' points add up to 100", points_add_up);
    nnt_add(s, "text for people: valid UTF-8, escaped JSON and CSV, unbreakable Markdown blocks", safe_text);
    return s;
}
