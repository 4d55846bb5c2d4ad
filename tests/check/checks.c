/* checks.c - the table of chapters and their checks (from
 * chapters/chapters.def and checks_chN.c), and the helpers of checks.h. */
#include "checks.h"

#include <stdarg.h>
#include <stdio.h>

const chapter_def NN_CHAPTERS[] = {
#define CHAPTER(n, stem, title, points) {n, #stem, title, points, &CH##n##_TABLE},
#include "chapters/chapters.def"
#undef CHAPTER
};
const int NN_N_CHAPTERS = (int)(sizeof NN_CHAPTERS / sizeof NN_CHAPTERS[0]);
void j_expect_entries(judge *J, const char *label, const nn_mat *got, const gold_entry *want, int n)
{
    jexpect(J, got != NULL, "%s: no matrix came back", label);
    int bad = 0, first = -1;
    for (int k = 0; k < n; k++) {
        jexpect(J, want[k].row < got->rows && want[k].col < got->cols, "%s is %d×%d, too small for element [%d][%d]",
                label, got->rows, got->cols, want[k].row, want[k].col);
        if (!jclose(NN_AT(got, want[k].row, want[k].col), want[k].value, TOL_REL)) {
            if (first < 0)
                first = k;
            bad++;
        }
    }
    if (bad) {
        const gold_entry *w = &want[first];
        jfail(J, "%s[%d][%d]: expected %.10g, got %.10g (tolerance %g); %d of %d checked values differ", label, w->row,
              w->col, w->value, NN_AT(got, w->row, w->col), TOL_REL, bad, n);
    }
}

void jsizes_note(judge *J, int call_id, const jnet *net)
{
    char *msg = jmsg(J);
    size_t len = strlen(msg);
    if (jfixed_passed(J, call_id))
        snprintf(msg + len, J_MSG_MAX - len, " (This network is %d-%d-%d with m = %d, and the same function was right "
                 "on the grader's inputs: look for sizes written as numbers, such as 400, 25, 10, 16 or 5000, where "
                 "they should come from the matrices' shapes.)", net->n_in, net->hidden, net->K, net->m);
    else
        snprintf(msg + len, J_MSG_MAX - len, " (on a %d-%d-%d network with m = %d)", net->n_in, net->hidden, net->K,
                 net->m);
}

void j_append(judge *J, const char *fmt, ...)
{
    char *msg = jmsg(J);
    size_t len = strlen(msg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + len, J_MSG_MAX - len, fmt, ap);
    va_end(ap);
}

jnet jnet_first_rows(judge *J, const jnet *n, int rows)
{
    jnet r = *n;
    r.m = rows;
    r.X = jmat(J, rows, n->X->cols);
    r.Y = jmat(J, rows, n->Y->cols);
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n->X->cols; j++)
            NN_AT(r.X, i, j) = NN_AT(n->X, i, j);
        for (int k = 0; k < n->Y->cols; k++)
            NN_AT(r.Y, i, k) = NN_AT(n->Y, i, k);
    }
    return r;
}
