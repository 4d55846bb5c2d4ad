/* test_judge.c - the judge's own promises, checked on its tables and its
 * text helpers (the checks' behaviour on real code is tested by make test's
 * reference, stub and mutant runs).
 *   - every chapter gives at most a fifth of its weight to FIXED checks,
 *     whose inputs and answers ship to students;
 *   - the chapters' points add up to 100;
 *   - text shown to people is valid UTF-8 and cannot end a Markdown block;
 *   - removing a tree follows no link and copes with any depth. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

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

#define DEPTH 20000

START_TEST(remove_tree)
{
    char top[] = "/tmp/nnwb-rmtree-XXXXXX";
    EXPECT_TRUE(mkdtemp(top) != NULL, "mkdtemp failed");
    char outside[64], path[128];
    snprintf(outside, sizeof outside, "%s.outside", top);
    FILE *f = fopen(outside, "w");
    EXPECT_TRUE(f != NULL, "cannot make %s", outside);
    fputs("keep me\n", f);
    fclose(f);
    chmod(outside, 0640);
    int fd = open(top, O_RDONLY | O_DIRECTORY);
    EXPECT_TRUE(fd >= 0, "cannot open %s", top);
    /* Links to a file and to a folder outside, then 20,000 nested folders. */
    EXPECT_TRUE(symlinkat(outside, fd, "file-link") == 0 && symlinkat("/", fd, "root-link") == 0, "symlinkat");
    for (int k = 0; k < DEPTH; k++) {
        EXPECT_TRUE(mkdirat(fd, "d", 0700) == 0, "mkdir at depth %d", k);
        int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
        close(fd);
        fd = next;
        EXPECT_TRUE(fd >= 0, "open at depth %d", k);
    }
    EXPECT_TRUE(symlinkat(outside, fd, "deep-link") == 0, "symlinkat at the bottom");
    close(fd);
    EXPECT_TRUE(nn_rm_tree(top) == 0, "nn_rm_tree failed on a tree %d folders deep", DEPTH);
    struct stat st;
    EXPECT_TRUE(lstat(top, &st) != 0, "%s is still there", top);
    EXPECT_TRUE(stat(outside, &st) == 0 && (st.st_mode & 0777) == 0640 && st.st_size == 8,
                "the file the links pointed to changed");
    snprintf(path, sizeof path, "%s", outside);
    unlink(path);
}
END_TEST

Suite *chapter_suite(void)
{
    Suite *s = suite_create("judge");
    nnt_add(s, "FIXED checks carry at most a fifth of each chapter; every chapter has secret checks", fixed_share);
    nnt_add(s, "the chapters' points add up to 100", points_add_up);
    nnt_add(s, "text for people: valid UTF-8, escaped JSON and CSV, unbreakable Markdown blocks", safe_text);
    nnt_add(s, "nn_rm_tree removes 20,000 nested folders and follows no link", remove_tree);
    return s;
}
