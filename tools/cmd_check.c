/* cmd_check.c - `nnwb check` (what `make check` runs): grade one folder of
 * chapter files on this machine with the grader's own policy and judge.
 *
 *   nnwb check [--impl DIR] [--ch N[,N...]] [--seed S] [--data DIR] [--gen DIR] [--san] [--save FILE]
 *   nnwb check --point N:K FILE
 *
 * Each chapter is built from DIR/STEM.c exactly as `nnwb grade` builds it
 * (the same flags, the same rules), run in a worker process, and judged
 * here on the published inputs and on inputs drawn from a seed (new each
 * run unless --seed or SEED= is given). Prints each check as it finishes,
 * then a table of points; exits 0 only at full marks with nothing withheld.
 *
 * For GitHub Classroom, whose command grader gives a test's points all or
 * nothing and only in whole numbers: --save FILE writes each chapter's
 * points of the run ("chapter N POINTS MAX" lines, after "seed S"), and
 * --point N:K FILE exits 0 when chapter N reached K whole points in FILE.
 * P such tests of one point each give a chapter of P points the whole part
 * of its make check points (tools/classroom.sh, docs/GRADING.md). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "grade/chapter.h"
#include "grade/fsutil.h"
#include "nn_atomic.h"

static const char *USAGE = "[--impl DIR] [--ch N[,N...]] [--seed S] [--data DIR] [--gen DIR] [--san] [--save FILE] | "
                           "--point N:K FILE | --list";

/* --list: every check, one line: chapter, kind, points, label. */
static int list_checks(void)
{
    static const char *KIND[] = {"FIXED", "SECRET", "DATA", "OPTIONAL"};
    for (int c = 0; c < NN_N_CHAPTERS; c++) {
        const chapter_def *ch = &NN_CHAPTERS[c];
        int total = 0;
        for (int k = 0; k < ch->table->n; k++)
            total += ch->table->checks[k].kind == J_OPTIONAL ? 0 : ch->table->checks[k].weight;
        for (int k = 0; k < ch->table->n; k++) {
            const check_def *d = &ch->table->checks[k];
            printf("%d %s %.4f %s\n", ch->number, KIND[d->kind],
                   d->kind == J_OPTIONAL ? 0.0 : ch->points * (double)d->weight / total, d->label);
        }
    }
    return 0;
}

#define POINT_SLACK 1e-6 /* a chapter's points are sums of shares: 14.9999999 is 15 */

/* --point N:K FILE: whether chapter N reached K whole points in a --save FILE. */
static int check_point(const char *spec, const char *file)
{
    int n, k, used = 0;
    if (sscanf(spec, "%d:%d%n", &n, &k, &used) != 2 || spec[used] || k < 1)
        return cli_error("check", "--point '%s' is not N:K (chapter N, whole point K >= 1)", spec), 2;
    size_t len;
    char *text = nn_slurp(file, 1 << 16, &len);
    if (!text)
        return cli_error("check", "%s: no saved results (nnwb check --save %s runs the checks first)", file, file), 2;
    unsigned long long seed = 0;
    double points = -1;
    int max = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        int c, m;
        double p;
        if (sscanf(line, "seed %llu", &seed) == 1)
            continue;
        if (sscanf(line, "chapter %d %lf %d", &c, &p, &m) == 3 && c == n)
            points = p, max = m;
    }
    free(text);
    if (points < 0)
        return cli_error("check", "%s: chapter %d was not checked (did its build fail?)", file, n), 1;
    if (k > max)
        return cli_error("check", "--point %d:%d: chapter %d has %d points", n, k, n, max), 2;
    bool reached = points + POINT_SLACK >= k;
    printf("chapter %d: %.2f / %d points (seed %llu): point %d %s\n", n, points, max, seed, k,
           reached ? "reached" : "not reached (make check shows which checks fail)");
    return reached ? 0 : 1;
}

/* --save FILE: the seed and each chapter's points, whole or not at all. */
static int save_points(const char *file, uint64_t seed, const chapter_result *results, int n)
{
    char text[4096];
    int len = snprintf(text, sizeof text, "seed %llu\n", (unsigned long long)seed);
    for (int k = 0; k < n && len < (int)sizeof text; k++)
        len += snprintf(text + len, sizeof text - (size_t)len, "chapter %d %.6f %d\n", results[k].def->number,
                        results[k].points, results[k].def->points);
    nn_error err;
    if (len >= (int)sizeof text || nn_atomic_write(file, text, (size_t)len, &err) != 0)
        return cli_error("check", "%s", len >= (int)sizeof text ? "--save: too many chapters" : err.msg);
    return 0;
}

static void show_check(const chapter_result *cr, const check_result *r, void *ctx)
{
    (void)ctx;
    const char *tag = r->state == R_PASS ? "ok  " : r->state == R_FAIL ? "FAIL" : "skip";
    if (r == &cr->checks[0] && cr->warnings[0])
        printf("  the compiler warns about your file:\n%s", cr->warnings);
    printf("  %s  %s\n", tag, r->def->label);
    if (r->state != R_PASS)
        printf("        %s\n", r->msg);
    fflush(stdout);
}

static bool wanted(const char *list, int number)
{
    if (!list)
        return true;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *t = strtok(buf, ", "); t; t = strtok(NULL, ", "))
        if (atoi(t) == number)
            return true;
    return false;
}

int cmd_check(int argc, char **argv)
{
    const char *impl = "exercises", *chapters = NULL, *seed_s = getenv("SEED");
    const char *data = getenv("DATA_DIR"), *gen = getenv("NNWB_GEN_DIR"), *save = NULL;
    bool san = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: nnwb check %s\n", USAGE);
            return 0;
        } else if (!strcmp(a, "--list")) {
            return list_checks();
        } else if (!strcmp(a, "--san")) {
            san = true;
        } else if (!strcmp(a, "--point")) {
            if (i + 2 >= argc) {
                cli_error("check", "--point needs N:K and the FILE of nnwb check --save");
                return 2;
            }
            return check_point(argv[i + 1], argv[i + 2]);
        } else if (!strcmp(a, "--save")) {
            if (!(save = cli_value("check", argc, argv, &i)))
                return 2;
        } else if (!strcmp(a, "--impl") || !strcmp(a, "--ch") || !strcmp(a, "--seed") || !strcmp(a, "--data") ||
                   !strcmp(a, "--gen")) {
            if (!(v = cli_value("check", argc, argv, &i)))
                return 2;
            if (!strcmp(a, "--impl"))
                impl = v;
            else if (!strcmp(a, "--ch"))
                chapters = v;
            else if (!strcmp(a, "--seed"))
                seed_s = v;
            else if (!strcmp(a, "--data"))
                data = v;
            else
                gen = v;
        } else {
            cli_error("check", "unexpected argument '%s'", a);
            return 2; /* one line: the error; --help gives the usage */
        }
    }
    uint64_t seed;
    if (seed_s && seed_s[0]) {
        char *end;
        errno = 0;
        seed = strtoull(seed_s, &end, 10);
        if (errno || *end)
            return cli_error("check", "--seed/SEED '%s' is not a whole number", seed_s);
    } else if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed) {
        return cli_error("check", "getrandom: %s", strerror(errno));
    } else {
        seed %= 1000000000000ull; /* short enough to type */
    }
    const char *build = getenv("BUILD") && getenv("BUILD")[0] ? getenv("BUILD") : "build";
    const char *kit_env = getenv("NNWB_KIT");
    char kit[PATH_MAX], kit_want[PATH_MAX + 8], impl_abs[PATH_MAX], data_abs[PATH_MAX], gen_abs[PATH_MAX];
    snprintf(kit_want, sizeof kit_want, "%s/kit", build);
    if (!realpath(kit_env && kit_env[0] ? kit_env : kit_want, kit))
        return cli_error("check", "%s: no grader kit here (run make first)", kit_env ? kit_env : kit_want);
    if (!realpath(impl, impl_abs))
        return cli_error("check", "%s: %s", impl, strerror(errno));
    bool have_data = data && data[0] && realpath(data, data_abs);
    bool have_gen = gen && gen[0] && realpath(gen, gen_abs);
    char resolved_sol[PATH_MAX];
    bool reference = realpath("solutions", resolved_sol) && !strcmp(resolved_sol, impl_abs);

    build_cmds *cmds = calloc(1, sizeof *cmds);
    nn_error err = {"out of memory"}; /* what is said when calloc failed */
    if (!cmds || build_load_commands(cmds, build, &err) != 0) {
        free(cmds);
        return cli_error("check", "%s", err.msg);
    }
    const char *name = strrchr(impl_abs, '/') ? strrchr(impl_abs, '/') + 1 : impl_abs;
    printf("nnwb check: %s/ with seed %llu (SEED=%llu make check repeats this run)\n", name,
           (unsigned long long)seed, (unsigned long long)seed);
    if (!have_data && !have_gen)
        printf("note: no data folder: the checks on digits20 and ex4weights.mat are not run (make data)\n");
    printf("\n");
    fflush(stdout);

    static chapter_result results[64];
    int n = 0;
    double got = 0, max = 0, withheld = 0;
    bool full = true;
    int rc = 0;
    for (int c = 0; c < NN_N_CHAPTERS && n < 64; c++) {
        const chapter_def *ch = &NN_CHAPTERS[c];
        if (!wanted(chapters, ch->number))
            continue;
        char scratch[PATH_MAX + 64], src[PATH_MAX + 64];
        snprintf(scratch, sizeof scratch, "%s/check/%s/ch%d", build, name, ch->number);
        nn_rm_tree(scratch);
        char scratch_abs[PATH_MAX];
        if (nn_mkdir_p(scratch, 0755) != 0 || !realpath(scratch, scratch_abs)) {
            rc = cli_error("check", "%s: %s", scratch, strerror(errno));
            break;
        }
        snprintf(src, sizeof src, "%s/%s.c", impl_abs, ch->stem);
        struct stat st;
        grade_setup g = {
            .sandboxed = false, .kit = kit, .cmds = cmds, .data_dir = have_data ? data_abs : NULL,
            .gen_dir = have_gen ? gen_abs : NULL, .scratch = scratch_abs, .reference_itself = reference, .san = san,
            .echo = true, .jopt = {.seed = seed, .deadline = 0, .progress = show_check},
        };
        printf("Chapter %d: %s (%d points)\n", ch->number, ch->title, ch->points);
        fflush(stdout);
        chapter_result *cr = &results[n++];
        if (grade_chapter_file(cr, &g, ch, stat(src, &st) == 0 ? src : NULL, &err) != 0) {
            rc = cli_error("check", "chapter %d: %s", ch->number, err.msg);
            break;
        }
        if (cr->note[0])
            printf("  %s\n", cr->note);
        if (cr->warnings[0] && cr->n_checks == 0)
            printf("  the compiler warns about your file:\n%s", cr->warnings);
        printf("\n");
        got += cr->points;
        max += ch->points;
        withheld += cr->withheld;
        full = full && cr->passed + cr->skipped == cr->n_checks;
    }
    printf("Score for %s/ (seed %llu)\n  %-8s %9s %16s\n", name, (unsigned long long)seed, "chapter", "checks",
           "points");
    for (int k = 0; k < n; k++) {
        const chapter_result *cr = &results[k];
        char extra[64] = "";
        if (cr->withheld_n)
            snprintf(extra, sizeof extra, "  (%d not checked)", cr->withheld_n);
        else if (cr->skipped)
            snprintf(extra, sizeof extra, "  (%d optional, skipped)", cr->skipped);
        printf("  %-8d %4d / %-3d %9.2f / %-3d%s\n", cr->def->number, cr->passed, cr->n_checks, cr->points,
               cr->def->points, extra);
    }
    printf("  %-8s %10s %9.2f / %.0f", "total", "", got, max);
    if (withheld > 0)
        printf("   incomplete: %.2f points not checked for want of data (make data)", withheld);
    printf("\n");
    free(cmds);
    if (rc)
        return rc;
    if (save && save_points(save, seed, results, n) != 0)
        return 1;
    return full ? 0 : 1;
}
