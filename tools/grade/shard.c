/* shard.c - --shard K/N and --merge for nnwb grade (shard.h). */
#include "shard.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "nn_atomic.h"
#include "report.h"
#include "text.h"

#define SHARD_HEAD "nnwb-shard "
#define COPY_MAX (64L << 20) /* bytes of one report file */

bool shard_parse(const char *s, int *k, int *n)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (errno || end == s || *end != '/')
        return false;
    const char *t = end + 1;
    long b = strtol(t, &end, 10);
    if (errno || end == t || *end || a < 1 || b < 1 || a > b || b > SHARD_MAX)
        return false;
    *k = (int)a;
    *n = (int)b;
    return true;
}

bool shard_takes(int k, int n, int index)
{
    return index % n == k - 1;
}

int shard_write(const char *out, int k, int n, const char *const *names, int count, nn_error *err)
{
    strbuf b = {0};
    sb_add(&b, SHARD_HEAD "%d/%d\n", k, n);
    for (int i = 0; i < count; i++)
        sb_add(&b, "%s\n", names[i]);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/.shard", out);
    int rc = b.oom ? nn_fail(err, "%s: out of memory", path) : 0;
    if (rc == 0)
        rc = nn_atomic_write(path, b.s, b.len, err);
    sb_free(&b);
    return rc;
}

/* ---- reading the parts -------------------------------------------------------------------- */

typedef struct {
    const char *dir;       /* as given on the command line */
    int k, n;
    char *text;            /* .shard, owned; names point into it */
    char **names;
    int count;
    unsigned long long seed;
} part;

static void part_free(part *p)
{
    free(p->text);
    free(p->names);
}

static int part_read(part *p, const char *dir, nn_error *err)
{
    memset(p, 0, sizeof *p);
    p->dir = dir;
    char path[PATH_MAX + 16];
    size_t len;
    snprintf(path, sizeof path, "%s/.seed", dir);
    char *seed = nn_slurp(path, 64, &len);
    char *end = NULL;
    if (seed)
        p->seed = strtoull(seed, &end, 10);
    bool seed_ok = seed && end != seed && (*end == '\n' || !*end);
    free(seed);
    if (!seed_ok)
        return nn_fail(err, "%s: not an output folder of nnwb grade (no .seed)", dir);
    snprintf(path, sizeof path, "%s/.shard", dir);
    p->text = nn_slurp(path, 1L << 26, &len);
    if (!p->text)
        return nn_fail(err, "%s: no .shard (graded by an nnwb grade before --shard: grade it again)", dir);
    char *line = p->text, *nl = strchr(line, '\n');
    if (strncmp(line, SHARD_HEAD, strlen(SHARD_HEAD)) != 0 || !nl)
        return nn_fail(err, "%s/.shard: not written by nnwb grade", dir);
    *nl = '\0';
    if (!shard_parse(line + strlen(SHARD_HEAD), &p->k, &p->n))
        return nn_fail(err, "%s/.shard: '%.40s' is not K/N", dir, line);
    int cap = 0;
    for (line = nl + 1; *line; line = nl + 1) {
        if (!(nl = strchr(line, '\n')))
            return nn_fail(err, "%s/.shard: its last line is cut", dir);
        *nl = '\0';
        if (p->count == cap) {
            cap = cap ? 2 * cap : 256;
            char **q = realloc(p->names, (size_t)cap * sizeof *q);
            if (!q)
                return nn_fail(err, "out of memory");
            p->names = q;
        }
        p->names[p->count++] = line;
    }
    return 0;
}

/* The row of one graded student of part p, or NULL (not graded there). */
static char *graded_row(const part *p, const char *name)
{
    char path[PATH_MAX + 200];
    snprintf(path, sizeof path, "%s/results/%s.json", p->dir, name);
    if (access(path, F_OK) != 0)
        return NULL;
    snprintf(path, sizeof path, "%s/.rows/%s.csv", p->dir, name);
    size_t len;
    char *row = nn_slurp(path, 4096, &len);
    if (row && (len == 0 || row[len - 1] != '\n' || strchr(row, '\n') != row + len - 1)) {
        free(row);
        return NULL;
    }
    return row;
}

/* Every check of shard.h's list, before anything is written. by_k[k-1]
 * gets the part that is shard k. */
static int check_parts(part *parts, int n_in, part **by_k, nn_error *err)
{
    const part *a = &parts[0];
    for (int i = 1; i < n_in; i++) {
        const part *p = &parts[i];
        if (p->seed != a->seed)
            return nn_fail(err, "%s was graded with seed %llu, %s with seed %llu: merge the parts of one run "
                           "(give every shard the same --seed)", p->dir, p->seed, a->dir, a->seed);
        if (p->n != a->n)
            return nn_fail(err, "%s is shard %d/%d, %s is shard %d/%d: merge the parts of one split", p->dir, p->k,
                           p->n, a->dir, a->k, a->n);
        bool same = p->count == a->count;
        for (int s = 0; same && s < p->count; s++)
            same = !strcmp(p->names[s], a->names[s]);
        if (!same)
            return nn_fail(err, "%s was split from other submissions than %s (%d students against %d)", p->dir,
                           a->dir, p->count, a->count);
    }
    for (int i = 0; i < n_in; i++) {
        part *p = &parts[i];
        if (by_k[p->k - 1])
            return nn_fail(err, "%s and %s are both shard %d/%d: the parts overlap", by_k[p->k - 1]->dir, p->dir,
                           p->k, p->n);
        by_k[p->k - 1] = p;
    }
    for (int k = 1; k <= a->n; k++) {
        if (by_k[k - 1])
            continue;
        const char *first = NULL;
        int students = 0;
        for (int s = 0; s < a->count; s++)
            if (shard_takes(k, a->n, s) && students++ == 0)
                first = a->names[s];
        return nn_fail(err, "shard %d/%d is missing (%d students, '%s' first): grade it with --shard %d/%d and "
                       "merge again", k, a->n, students, first ? first : "none", k, a->n);
    }
    for (int s = 0; s < a->count; s++) {
        const part *p = by_k[s % a->n];
        char *row = graded_row(p, a->names[s]);
        if (!row)
            return nn_fail(err, "%s (shard %d/%d) has not graded '%s': run that shard again (it resumes), then "
                           "merge", p->dir, p->k, p->n, a->names[s]);
        free(row);
    }
    return 0;
}

/* ---- writing the whole --------------------------------------------------------------------- */

static int copy_file(const char *from_dir, const char *to_dir, const char *rel, bool optional, nn_error *err)
{
    char from[PATH_MAX + 300], to[PATH_MAX + 300];
    snprintf(from, sizeof from, "%s/%s", from_dir, rel);
    snprintf(to, sizeof to, "%s/%s", to_dir, rel);
    size_t len;
    char *buf = nn_slurp(from, COPY_MAX, &len);
    if (!buf)
        return optional && errno == ENOENT ? 0 : nn_fail(err, "%s: cannot read it", from);
    int rc = nn_atomic_write(to, buf, len, err);
    free(buf);
    return rc;
}

static int write_whole(const char *out, part **by_k, nn_error *err)
{
    const part *a = by_k[0];
    const char *dirs[] = {"feedback", "results", ".rows"};
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s/%s", out, dirs[d]);
        if (nn_mkdir_p(path, 0755) != 0)
            return nn_fail(err, "%s: cannot create it: %s", path, strerror(errno));
    }
    strbuf rows = {0};
    sb_add(&rows, "%s", "");
    int rc = 0;
    for (int s = 0; s < a->count && rc == 0; s++) {
        const part *p = by_k[s % a->n];
        const char *name = a->names[s];
        char md[300], csv[300], json[300];
        snprintf(md, sizeof md, "feedback/%s.md", name);
        snprintf(csv, sizeof csv, ".rows/%s.csv", name);
        snprintf(json, sizeof json, "results/%s.json", name); /* last: the mark of a finished student */
        char *row = graded_row(p, name);
        if (!row) {
            rc = nn_fail(err, "%s: '%s' changed while merging", p->dir, name);
            break;
        }
        sb_add(&rows, "%s", row);
        free(row);
        rc = copy_file(p->dir, out, md, true, err);
        rc = rc ? rc : copy_file(p->dir, out, csv, false, err);
        rc = rc ? rc : copy_file(p->dir, out, json, false, err);
    }
    rc = rc ? rc : copy_file(a->dir, out, "skipped.csv", true, err);
    rc = rc ? rc : copy_file(a->dir, out, ".seed", false, err);
    rc = rc ? rc : shard_write(out, 1, 1, (const char *const *)a->names, a->count, err);
    if (rc == 0 && rows.oom)
        rc = nn_fail(err, "out of memory");
    rc = rc ? rc : report_gradebook(out, rows.s, err);
    sb_free(&rows);
    return rc;
}

int shard_merge(const char *out, char *const *ins, int n_in, nn_error *err)
{
    if (n_in < 1)
        return nn_fail(err, "--merge needs the output folders of the shards");
    char out_abs[PATH_MAX], in_abs[PATH_MAX];
    if (nn_mkdir_p(out, 0755) != 0 || !realpath(out, out_abs))
        return nn_fail(err, "%s: cannot create it: %s", out, strerror(errno));
    part *parts = calloc((size_t)n_in, sizeof *parts);
    part **by_k = NULL;
    int rc = parts ? 0 : nn_fail(err, "out of memory");
    for (int i = 0; rc == 0 && i < n_in; i++) {
        if (realpath(ins[i], in_abs) && !strcmp(in_abs, out_abs))
            rc = nn_fail(err, "-o %s is one of the parts: merge into a new folder", out);
        else
            rc = part_read(&parts[i], ins[i], err);
    }
    char seed_path[PATH_MAX + 16];
    snprintf(seed_path, sizeof seed_path, "%s/.seed", out);
    if (rc == 0 && access(seed_path, F_OK) == 0) {
        part old;
        nn_error ignored;
        if (part_read(&old, out, &ignored) == 0 && old.seed != parts[0].seed)
            rc = nn_fail(err, "%s holds a run with seed %llu, the parts have seed %llu: merge into a new folder",
                         out, old.seed, parts[0].seed);
        part_free(&old);
    }
    if (rc == 0 && !(by_k = calloc((size_t)parts[0].n, sizeof *by_k)))
        rc = nn_fail(err, "out of memory");
    rc = rc ? rc : check_parts(parts, n_in, by_k, err);
    rc = rc ? rc : write_whole(out, by_k, err);
    if (rc == 0)
        printf("merged %d shard%s: %d students; seed %llu; gradebook: %s/gradebook.csv\n", n_in, n_in > 1 ? "s" : "",
               parts[0].count, parts[0].seed, out);
    for (int i = 0; parts && i < n_in; i++)
        part_free(&parts[i]);
    free(parts);
    free(by_k);
    return rc;
}
