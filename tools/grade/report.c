/* report.c - feedback, results.json, gradebook rows (report.h). */
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "nn_atomic.h"
#include "text.h"

static int write_text(const char *path, const strbuf *b, nn_error *err)
{
    if (b->oom)
        return nn_fail(err, "%s: out of memory", path);
    return nn_atomic_write(path, b->s ? b->s : "", b->len, err);
}

static const char *state_word(int state)
{
    return state == R_PASS ? "ok" : state == R_FAIL ? "FAIL" : state == R_WITHHELD ? "not checked"
                                 : state == R_SKIPPED ? "skipped" : "not run";
}

int report_student(const char *out, const char *name, const chapter_result *cr, int n, const char *note,
                   double seconds, uint64_t seed, nn_error *err)
{
    double total = 0;
    int max = 0;
    for (int c = 0; c < n; c++) {
        total += cr[c].points;
        max += cr[c].def->points;
    }
    strbuf md = {0}, js = {0}, row = {0};
    sb_add(&md, "# Feedback for %s\n\nTotal: **%.2f / %d** (seed %llu)\n", name, total, max,
           (unsigned long long)seed);
    if (note && note[0]) {
        sb_add(&md, "\nAbout the submission:\n\n");
        sb_md_block(&md, note, "");
    }
    char summary[256];
    snprintf(summary, sizeof summary, "Total %.2f / %d (seed %llu: SEED=%llu make check runs these checks again).",
             total, max, (unsigned long long)seed, (unsigned long long)seed);
    sb_add(&js, "{\n  \"score\": %.4f,\n  \"execution_time\": %.0f,\n  \"output\": ", total, ceil(seconds));
    strbuf s = {0};
    sb_add(&s, "%s%s%s", summary, note && note[0] ? " " : "", note ? note : "");
    sb_json(&js, s.s ? s.s : summary);
    sb_free(&s);
    /* Gradescope renders the top-level output as HTML by default
     * ("simple_format"): everything here is plain text a student influenced. */
    sb_add(&js, ",\n  \"output_format\": \"text\",\n  \"test_output_format\": \"text\",\n"
                "  \"test_name_format\": \"text\",\n  \"visibility\": \"visible\",\n"
                "  \"stdout_visibility\": \"hidden\",\n  \"tests\": [");
    sb_csv(&row, name);
    bool first = true;
    for (int c = 0; c < n; c++) {
        const chapter_result *r = &cr[c];
        const chapter_def *ch = r->def;
        sb_add(&row, ",%.2f", r->points);
        sb_add(&md, "\n## Chapter %d: %s — %.2f / %d\n\n", ch->number, ch->title, r->points, ch->points);
        if (r->note[0])
            sb_md_block(&md, r->note, "");
        if (r->warnings[0]) {
            sb_add(&md, "\nThe compiler warns:\n\n");
            sb_md_block(&md, r->warnings, "");
        }
        sb_add(&md, "%s%d of %d checks pass.\n\n", r->note[0] || r->warnings[0] ? "\n" : "", r->passed, r->n_checks);
        for (int k = 0; k < r->n_checks; k++) {
            const check_result *k2 = &r->checks[k];
            if (k2->state == R_PASS) {
                sb_add(&md, "- ok: %s\n", k2->def->label);
            } else {
                sb_add(&md, "- **%s**: %s\n\n", state_word(k2->state), k2->def->label);
                sb_md_block(&md, k2->msg, "  ");
                sb_add(&md, "\n");
            }
            char test_name[300];
            snprintf(test_name, sizeof test_name, "Chapter %d: %s", ch->number, k2->def->label);
            sb_add(&js, "%s\n    {\"name\": ", first ? "" : ",");
            sb_json(&js, test_name);
            sb_add(&js, ", \"number\": \"%d.%d\", \"score\": %.4f, \"max_score\": %.4f, \"status\": \"%s\", \"output\": ",
                   ch->number, k + 1, k2->points, k2->max_points, k2->state == R_PASS ? "passed" : "failed");
            /* The chapter's feedback on its first test; each failing test
             * says why the chapter was not run, if it was not, and its message. */
            strbuf o = {0};
            sb_add(&o, "%s", "");
            if (k == 0)
                sb_add(&o, "Chapter %d: %.2f / %d points, %d of %d checks pass.\n%s%s%s", ch->number, r->points,
                       ch->points, r->passed, r->n_checks, r->warnings[0] ? "The compiler warns:\n" : "", r->warnings,
                       r->warnings[0] && r->warnings[strlen(r->warnings) - 1] != '\n' ? "\n" : "");
            if ((k == 0 || k2->state != R_PASS) && r->note[0])
                sb_add(&o, "%s\n", r->note);
            sb_add(&o, "%s", k2->state == R_PASS ? "" : k2->msg);
            sb_json(&js, o.s ? o.s : "");
            sb_free(&o);
            sb_add(&js, ", \"tags\": [\"chapter %d\"], \"visibility\": \"visible\"}", ch->number);
            first = false;
        }
    }
    sb_add(&row, ",%.2f,%llu\n", total, (unsigned long long)seed);
    sb_add(&js, "\n  ]\n}\n");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/feedback/%s.md", out, name);
    int rc = write_text(path, &md, err);
    snprintf(path, sizeof path, "%s/.rows/%s.csv", out, name);
    rc = rc == 0 ? write_text(path, &row, err) : rc;
    snprintf(path, sizeof path, "%s/results/%s.json", out, name); /* the mark of a finished student: last */
    rc = rc == 0 ? write_text(path, &js, err) : rc;
    sb_free(&md);
    sb_free(&js);
    sb_free(&row);
    return rc;
}

void report_header(char *buf, size_t size)
{
    snprintf(buf, size, "student");
    for (int c = 0; c < NN_N_CHAPTERS; c++)
        snprintf(buf + strlen(buf), size - strlen(buf), ",ch%d", NN_CHAPTERS[c].number);
    snprintf(buf + strlen(buf), size - strlen(buf), ",total,seed\n");
}

int report_gradebook(const char *out, const char *rows, nn_error *err)
{
    strbuf b = {0};
    char head[512];
    report_header(head, sizeof head);
    sb_add(&b, "%s%s", head, rows);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/gradebook.csv", out);
    int rc = write_text(path, &b, err);
    sb_free(&b);
    return rc;
}

int report_skipped(const char *out, const char *entries, nn_error *err)
{
    strbuf b = {0};
    sb_add(&b, "entry,reason\n");
    char *copy = strdup(entries ? entries : "");
    for (char *line = copy, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        sb_csv(&b, line);
        sb_add(&b, ",");
        sb_csv(&b, tab + 1);
        sb_add(&b, "\n");
    }
    free(copy);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/skipped.csv", out);
    int rc = write_text(path, &b, err);
    sb_free(&b);
    return rc;
}
