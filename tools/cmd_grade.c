/* cmd_grade.c - `nnwb grade`: grade a class's submissions. The options,
 * the run's setup and the scheduler; the work is in tools/grade/
 * (submission.c takes the files, chapter.c builds and judges each chapter
 * in the sandbox, report.c writes the results).
 *
 *   nnwb grade SUBMISSIONS -o OUT [--jobs N] [--force] [--data DIR] [--seed S]
 *              [--student-timeout S] [--memory MB] [--max-archive MB] [--shard K/N]
 *              [--sandbox namespaces|auto|confined]
 *   nnwb grade --merge OUT1 OUT2 ... -o OUT
 *
 * --sandbox: namespaces (the default) refuses to grade where the sandbox's
 * namespaces cannot be made; auto falls back to the confined mode of
 * sandbox.h there (and says so); confined uses it everywhere (to test it).
 *
 * --shard K/N grades only shard K of N of the students and --merge joins
 * the shards' output folders (tools/grade/shard.h), so that N machines can
 * share a class.
 *
 * Writes OUT/gradebook.csv, OUT/feedback/STUDENT.md, OUT/results/STUDENT.json
 * and OUT/skipped.csv, and prints a table. A student whose results file
 * exists is not graded again unless --force (it is written last), so an
 * interrupted run resumes; it keeps the first run's seed (OUT/.seed). Run it
 * from the workbook's folder after `make`. See docs/GRADING.md. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nn_atomic.h"
#include "grade/chapter.h"
#include "grade/fsutil.h"
#include "grade/report.h"
#include "grade/sandbox.h"
#include "grade/shard.h"
#include "grade/submission.h"
#include "grade/text.h"

static const char *USAGE = "SUBMISSIONS -o OUT [--jobs N] [--force] [--data DIR] [--seed S] [--student-timeout S] "
                           "[--memory MB] [--max-archive MB] [--shard K/N] [--sandbox namespaces|auto|confined] | "
                           "--merge OUT1 OUT2 ... -o OUT";

#define UID_BASE 1000000000u /* sandbox uids as root: UID_BASE + run * 64 + job slot */
#define TMPFS_BYTES (64LL << 20)

typedef struct {
    char subs[PATH_MAX], out[PATH_MAX], kit[PATH_MAX], data[PATH_MAX], gen[PATH_MAX];
    bool have_data, have_gen, force;
    bool confined;            /* the sandbox without namespaces (sandbox.h) */
    int jobs;
    int shard_k, shard_n;     /* --shard K/N; 1/1 without it */
    double budget;            /* seconds per student */
    long long memory, max_archive;
    uint64_t seed;
    unsigned run;             /* this run's number, for unique uids and cgroups */
    build_cmds cmds;
} grader;

/* ---- one student, in a child process ------------------------------------------------------ */

static int grade_student(const grader *g, const submission *s, int slot)
{
    double t0 = util_now();
    char work[PATH_MAX + 160], src[PATH_MAX + 200], note[2048] = "";
    nn_error err = {""};
    snprintf(work, sizeof work, "%s/.work/%s", g->out, s->name);
    nn_rm_tree(work);
    snprintf(src, sizeof src, "%s/src", work);
    uid_t uid = (uid_t)(UID_BASE + g->run * 64u + (unsigned)slot);
    if (nn_mkdir_p(src, 0755) != 0) {
        fprintf(stderr, "nnwb grade: %s: cannot create it: %s\n", src, strerror(errno));
        return 1;
    }
    char scratch[PATH_MAX + 200];
    snprintf(scratch, sizeof scratch, "%s/unpack", work);
    mkdir(scratch, 0755);
    unpack_setup u = {scratch, uid, uid, g->memory, TMPFS_BYTES, g->max_archive, g->confined};
    if (sub_fetch(s, g->subs, src, &u, note, sizeof note, &err) != 0) {
        fprintf(stderr, "nnwb grade: %s: %s\n", s->name, err.msg);
        nn_rm_tree(work);
        return 1;
    }
    static chapter_result cr[64];
    int n = NN_N_CHAPTERS < 64 ? NN_N_CHAPTERS : 64;
    double deadline = t0 + g->budget;
    for (int c = 0; c < n; c++) {
        const chapter_def *ch = &NN_CHAPTERS[c];
        char file[PATH_MAX + 300], dir[PATH_MAX + 300];
        snprintf(file, sizeof file, "%s/%s.c", src, ch->stem);
        snprintf(dir, sizeof dir, "%s/ch%d", work, ch->number);
        struct stat st;
        if (util_now() >= deadline) {
            judge_skip_chapter(&cr[c], ch, R_NOT_RUN, "not run: the time budget for this submission was used up");
            continue;
        }
        if (mkdir(dir, 0755) != 0) {
            fprintf(stderr, "nnwb grade: %s: %s\n", dir, strerror(errno));
            nn_rm_tree(work);
            return 1;
        }
        grade_setup gs = {
            .sandboxed = true, .confined = g->confined, .kit = g->kit, .cmds = &g->cmds, .data_dir = g->have_data ? g->data : NULL,
            .gen_dir = g->have_gen ? g->gen : NULL, .scratch = dir, .uid = uid, .gid = uid, .memory = g->memory,
            .tmpfs = TMPFS_BYTES, .jopt = {.seed = g->seed, .deadline = deadline},
        };
        bool present = lstat(file, &st) == 0 && S_ISREG(st.st_mode);
        if (grade_chapter_file(&cr[c], &gs, ch, present ? file : NULL, &err) != 0) {
            fprintf(stderr, "nnwb grade: %s, chapter %d: %s\n", s->name, ch->number, err.msg);
            nn_rm_tree(work);
            return 1;
        }
        nn_rm_tree(dir);
    }
    nn_rm_tree(work);
    if (report_student(g->out, s->name, cr, n, note, util_now() - t0, g->seed, &err) != 0) {
        fprintf(stderr, "nnwb grade: %s\n", err.msg);
        return 1;
    }
    double total = 0;
    for (int c = 0; c < n; c++)
        total += cr[c].points;
    printf("graded %-24s %7.2f  (%.1f s)\n", s->name, total, util_now() - t0);
    fflush(stdout);
    return 0;
}

/* ---- the run --------------------------------------------------------------------------------- */

static bool already_graded(const grader *g, const submission *s)
{
    char path[PATH_MAX + 200];
    snprintf(path, sizeof path, "%s/results/%s.json", g->out, s->name);
    if (access(path, F_OK) != 0)
        return false;
    snprintf(path, sizeof path, "%s/.rows/%s.csv", g->out, s->name);
    return access(path, F_OK) == 0;
}

/* The gradebook from every graded student's row, and the table. */
static int finish(const grader *g, const submission *subs, int n)
{
    strbuf rows = {0};
    sb_add(&rows, "%s", "");
    printf("\n%-24s", "student");
    for (int c = 0; c < NN_N_CHAPTERS; c++)
        printf("    ch%d", NN_CHAPTERS[c].number);
    printf("    total\n");
    int missing = 0;
    for (int k = 0; k < n; k++) {
        char path[PATH_MAX + 200], line[1024] = "";
        snprintf(path, sizeof path, "%s/.rows/%s.csv", g->out, subs[k].name);
        FILE *f = fopen(path, "r");
        if (!f || !fgets(line, sizeof line, f) || !strchr(line, '\n') || !already_graded(g, &subs[k])) {
            printf("%-24s   not graded (see the errors above)\n", subs[k].name);
            missing++;
            if (f)
                fclose(f);
            continue;
        }
        fclose(f);
        sb_add(&rows, "%s", line);
        printf("%-24.24s", subs[k].name);
        char *p = strchr(line, ',');
        for (int c = 0; c <= NN_N_CHAPTERS && p; c++) {
            printf(c < NN_N_CHAPTERS ? " %6.2f" : " %8.2f", atof(p + 1));
            p = strchr(p + 1, ',');
        }
        printf("\n");
    }
    nn_error err;
    int rc = report_gradebook(g->out, rows.s ? rows.s : "", &err);
    sb_free(&rows);
    if (rc != 0)
        return cli_error("grade", "%s", err.msg);
    printf("%d submissions, %d graded; seed %llu; gradebook: %s/gradebook.csv\n", n, n - missing,
           (unsigned long long)g->seed, g->out);
    return missing ? 1 : 0;
}

/* The data folder must hold what the data checks need. */
static int check_data(grader *g, const char *data)
{
    if (!realpath(data, g->data))
        return cli_error("grade", "--data %s: %s", data, strerror(errno));
    struct stat st;
    if (stat(g->data, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_error("grade", "--data %s: not a folder", data);
    g->have_data = true;
    const char *need[] = {"ex4weights.mat", "digits20.mat"};
    for (int k = 0; k < 2; k++) {
        char a[PATH_MAX + 32], b[PATH_MAX + 32];
        snprintf(a, sizeof a, "%s/%s", g->data, need[k]);
        snprintf(b, sizeof b, "%s/%s", g->gen, need[k]);
        if (access(a, R_OK) != 0 && !(g->have_gen && access(b, R_OK) == 0))
            return cli_error("grade", "--data %s: no %s there%s", data, need[k],
                             k ? " (make data DATA_DIR=... builds it from the MNIST files)" : "");
    }
    return 0;
}

/* The seed: --seed, else the one an interrupted run of OUT used, else new. */
static int take_seed(grader *g, const char *given)
{
    char path[PATH_MAX + 16], buf[64] = "";
    snprintf(path, sizeof path, "%s/.seed", g->out);
    FILE *f = fopen(path, "r");
    bool have_old = f && fgets(buf, sizeof buf, f);
    if (f)
        fclose(f);
    uint64_t old = have_old ? strtoull(buf, NULL, 10) : 0;
    if (given) {
        char *end;
        errno = 0;
        g->seed = strtoull(given, &end, 10);
        if (errno || *end || !given[0])
            return cli_error("grade", "--seed '%s' is not a whole number", given);
        if (have_old && old != g->seed && !g->force)
            return cli_error("grade", "%s was graded with seed %llu: use that seed, or --force to grade everyone "
                             "again", g->out, (unsigned long long)old);
    } else if (have_old && !g->force) {
        g->seed = old;
    } else if (getrandom(&g->seed, sizeof g->seed, 0) != (ssize_t)sizeof g->seed) {
        return cli_error("grade", "getrandom: %s", strerror(errno));
    } else {
        g->seed %= 1000000000000ull;
    }
    char text[32];
    int n = snprintf(text, sizeof text, "%llu\n", (unsigned long long)g->seed);
    nn_error err;
    if (nn_atomic_write(path, text, (size_t)n, &err) != 0)
        return cli_error("grade", "%s", err.msg);
    return 0;
}

int cmd_grade(int argc, char **argv)
{
    static grader g;
    memset(&g, 0, sizeof g);
    g.jobs = 1;
    g.budget = 60.0;
    g.memory = 1024LL << 20;
    g.max_archive = 20LL << 20;
    const char *subs = NULL, *out = NULL, *data = getenv("DATA_DIR"), *seed = NULL;
    const char *gen = getenv("NNWB_GEN_DIR");
    bool data_given = false; /* --data, which must be usable; $DATA_DIR only where it holds the weights */
    g.shard_k = g.shard_n = 1;
    const char *sandbox = "namespaces";
    char **merge = NULL; /* --merge: the parts, up to the next option */
    int n_merge = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        double x;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: nnwb grade %s\n", USAGE);
            return 0;
        } else if (!strcmp(a, "--merge")) {
            merge = argv + i + 1;
            while (i + 1 < argc && argv[i + 1][0] != '-')
                i++, n_merge++;
        } else if (!strcmp(a, "--shard")) {
            if (!(v = cli_value("grade", argc, argv, &i)))
                return 2;
            if (!shard_parse(v, &g.shard_k, &g.shard_n)) {
                cli_error("grade", "--shard '%s' is not K/N with 1 <= K <= N <= %d", v, SHARD_MAX);
                return 2;
            }
        } else if (!strcmp(a, "--sandbox")) {
            if (!(v = cli_value("grade", argc, argv, &i)))
                return 2;
            if (strcmp(v, "namespaces") && strcmp(v, "auto") && strcmp(v, "confined")) {
                cli_error("grade", "--sandbox '%s': namespaces, auto or confined", v);
                return 2;
            }
            sandbox = v;
        } else if (!strcmp(a, "--force")) {
            g.force = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--jobs") || !strcmp(a, "--data") || !strcmp(a, "--seed") ||
                   !strcmp(a, "--student-timeout") || !strcmp(a, "--memory") || !strcmp(a, "--max-archive")) {
            if (!(v = cli_value("grade", argc, argv, &i)))
                return 2;
            if (!strcmp(a, "-o"))
                out = v;
            else if (!strcmp(a, "--data"))
                data = v, data_given = true;
            else if (!strcmp(a, "--seed"))
                seed = v;
            else if (!strcmp(a, "--jobs") && !cli_int("grade", a, v, 1, 64, &g.jobs))
                return 2;
            else if (!strcmp(a, "--student-timeout") && !cli_double("grade", a, v, 1, 86400, &g.budget))
                return 2;
            else if (!strcmp(a, "--memory")) {
                if (!cli_double("grade", a, v, 64, 1 << 20, &x))
                    return 2;
                g.memory = (long long)x << 20;
            } else if (!strcmp(a, "--max-archive")) {
                if (!cli_double("grade", a, v, 0.001, 4096, &x))
                    return 2;
                g.max_archive = (long long)(x * 1048576.0);
            }
        } else if (a[0] == '-' || subs) {
            cli_error("grade", "unexpected argument '%s'", a);
            return 2; /* one line: the error; --help gives the usage */
        } else {
            subs = a;
        }
    }
    if (merge) {
        nn_error err;
        if (subs || !out) {
            cli_error("grade", subs ? "--merge takes output folders, not SUBMISSIONS ('%s')" : "--merge needs -o OUT",
                      subs);
            return 2;
        }
        return shard_merge(out, merge, n_merge, &err) == 0 ? 0 : cli_error("grade", "--merge: %s", err.msg);
    }
    if (!subs || !out) {
        cli_error("grade", "SUBMISSIONS and -o OUT are required");
        return 2; /* one line: the error; --help gives the usage */
    }
    if (!realpath(subs, g.subs))
        return cli_error("grade", "%s: %s", subs, strerror(errno));
    g.have_gen = gen && gen[0] && realpath(gen, g.gen);
    if (data && data[0] && !data_given) { /* $DATA_DIR: used where it has the data, as make check does */
        char w[PATH_MAX + 32];
        snprintf(w, sizeof w, "%s/ex4weights.mat", data);
        if (access(w, R_OK) != 0)
            data = NULL;
    }
    if (data && data[0] && check_data(&g, data) != 0)
        return 1;
    const char *build = getenv("BUILD") && getenv("BUILD")[0] ? getenv("BUILD") : "build";
    const char *kit_env = getenv("NNWB_KIT");
    char kit_want[PATH_MAX + 8];
    snprintf(kit_want, sizeof kit_want, "%s/kit", build);
    if (!realpath(kit_env && kit_env[0] ? kit_env : kit_want, g.kit))
        return cli_error("grade", "%s: no grader kit (run make first, from the workbook's folder)",
                         kit_env && kit_env[0] ? kit_env : kit_want);
    nn_error err;
    char probe[256];
    if (build_load_commands(&g.cmds, build, &err) != 0)
        return cli_error("grade", "%s", err.msg);
    /* Where namespaces cannot be made, --sandbox auto confines instead
     * (sandbox.h), and the run's first line says what that keeps. */
    g.confined = !strcmp(sandbox, "confined");
    if (!g.confined && nn_sandbox_probe(probe, sizeof probe, &err) != 0) {
        if (strcmp(sandbox, "auto"))
            return cli_error("grade", "%s (--sandbox auto grades without them, confined)", err.msg);
        g.confined = true;
    }
    if (g.confined)
        nn_sandbox_probe_confined(probe, sizeof probe);
    /* The judge's memory holds the seed and the expected values: no process
     * of the same uid may read it through /proc (confined, without a uid). */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (nn_mkdir_p(out, 0755) != 0 || !realpath(out, g.out))
        return cli_error("grade", "%s: cannot create it: %s", out, strerror(errno));
    size_t sl = strlen(g.subs);
    if (!strncmp(g.out, g.subs, sl) && (g.out[sl] == '/' || !g.out[sl]))
        return cli_error("grade", "%s: the output folder must not be inside SUBMISSIONS", out);
    const char *dirs[] = {"feedback", "results", ".rows", ".work"};
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s/%s", g.out, dirs[k]);
        if (nn_mkdir_p(path, 0755) != 0)
            return cli_error("grade", "%s: cannot create it: %s", path, strerror(errno));
    }
    if (take_seed(&g, seed) != 0)
        return 1;
    g.run = (unsigned)getpid() % 4000000u;

    submission *list = NULL;
    char *skipped = NULL;
    int n;
    if (sub_list(&list, &n, &skipped, g.subs, &err) != 0)
        return cli_error("grade", "%s", err.msg);
    const char **names = malloc(((size_t)n + 1) * sizeof *names);
    for (int k = 0; names && k < n; k++)
        names[k] = list[k].name;
    int shard_rc = names ? shard_write(g.out, g.shard_k, g.shard_n, names, n, &err) : nn_fail(&err, "out of memory");
    free(names);
    if (shard_rc != 0 || report_skipped(g.out, skipped, &err) != 0) {
        free(list);
        free(skipped);
        return cli_error("grade", "%s", err.msg);
    }
    /* This machine's part: the rest belongs to the other shards. */
    int class_size = n, kept = 0;
    for (int k = 0; k < n; k++)
        if (shard_takes(g.shard_k, g.shard_n, k))
            list[kept++] = list[k];
    n = kept;
    printf("nnwb grade: %d submissions in %s; seed %llu; %s; %d job%s, %g s per student\n", class_size, g.subs,
           (unsigned long long)g.seed, probe, g.jobs, g.jobs > 1 ? "s" : "", g.budget);
    if (g.shard_n > 1)
        printf("shard %d/%d: %d of the %d students (nnwb grade --merge joins the shards)\n", g.shard_k, g.shard_n, n,
               class_size);
    if (!g.have_data)
        printf("warning: no --data: the checks on digits20 and ex4weights.mat are not run and their points are "
               "withheld\n");
    for (char *line = skipped; line && *line;) {
        char *nl = strchr(line, '\n');
        strbuf b = {0};
        sb_add(&b, "%s", "");
        sb_clean(&b, line, 0);
        printf("skipped: %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), b.s ? b.s : "");
        sb_free(&b);
        line = nl ? nl + 1 : NULL;
    }
    free(skipped);
    fflush(stdout);

    double t0 = util_now();
    pid_t *running = calloc((size_t)g.jobs, sizeof *running);
    int failures = 0, done_before = 0, graded = 0;
    for (int k = 0, active = 0; k < n || active > 0;) {
        if (k < n && active < g.jobs) {
            if (!g.force && already_graded(&g, &list[k])) {
                done_before++;
                k++;
                continue;
            }
            int slot = 0;
            while (running[slot])
                slot++;
            pid_t p = fork();
            if (p < 0) {
                cli_error("grade", "fork: %s", strerror(errno));
                failures++;
                k++;
                continue;
            }
            if (p == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                _exit(grade_student(&g, &list[k], slot));
            }
            running[slot] = p;
            active++;
            k++;
            graded++;
            continue;
        }
        int status;
        pid_t p = wait(&status);
        if (p < 0)
            break;
        for (int s = 0; s < g.jobs; s++)
            if (running[s] == p) {
                running[s] = 0;
                active--;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                    failures++;
            }
    }
    free(running);
    if (done_before)
        printf("%d already graded (kept; --force grades them again)\n", done_before);
    printf("graded %d in %.1f s\n", graded, util_now() - t0);
    int rc = finish(&g, list, n);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/.work", g.out);
    nn_rm_tree(path);
    free(list);
    return rc || failures ? 1 : 0;
}
