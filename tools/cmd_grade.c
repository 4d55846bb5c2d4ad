/* cmd_grade.c - `nnwb grade`: grade a class's submissions, chapter by
 * chapter, each step in a sandbox.
 *
 *   nnwb grade SUBMISSIONS -o OUT [--jobs N] [--force] [--timeout S]
 *              [--data DIR] [--memory MB] [--max-archive MB]
 *
 * SUBMISSIONS holds one folder, .tar.gz/.tgz or .zip per student, with the
 * student's exercises/chN_*.c (one extra top-level folder is fine). Only
 * those files are taken: each chapter's file is compiled, checked
 * (grade_policy.h), linked with this tree's pristine tests and the reference
 * objects of the other chapters, and run, every step in its own sandbox
 * (grade_sandbox.h). The score comes from the harness's channel (a pipe with
 * a secret nonce), never from the program's output. Writes
 *   OUT/gradebook.csv            student, points per chapter, total
 *   OUT/feedback/STUDENT.md      per chapter: points, each failing check's message
 *   OUT/results/STUDENT.json     Gradescope's results.json format
 * and prints a table. A student whose results/STUDENT.json exists is not
 * graded again unless --force: that file is written last (temp + rename), so
 * an interrupted run resumes where it stopped. Run it from the workbook's
 * folder after `make`. See docs/GRADING.md. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "grade_policy.h"
#include "grade_sandbox.h"

static const char *USAGE = "SUBMISSIONS -o OUT [--jobs N] [--force] [--timeout S] [--data DIR] "
                           "[--memory MB] [--max-archive MB]";

#define N_CHAPTERS 7
#define MAX_CHECKS 64
#define MAX_SOURCE (1L << 20)     /* a chapter file larger than 1 MB is refused */
#define MAX_ARGS 128
#define STEP_FSIZE (16LL << 20)    /* RLIMIT_FSIZE of every step */
#define STEP_NPROC 64              /* RLIMIT_NPROC of every step */
#define COMPILE_SECONDS 60.0       /* wall clock of a compile, link or unpack */
#define UID_BASE 1999900000        /* sandbox uids when grading as root: UID_BASE + job slot */
#define MSG_MAX 1000

typedef struct {
    int number, points;
    char name[128];  /* "forward propagation" */
    char stem[64];   /* "ch4_forward" */
    char *allowed;   /* global symbols of the reference object (grade_policy.h) */
} chapter;

typedef struct {
    char root[PATH_MAX];   /* the workbook's folder (the current directory) */
    char subs[PATH_MAX];   /* SUBMISSIONS, absolute */
    char out[PATH_MAX];    /* OUT, absolute */
    char kit[PATH_MAX];    /* OUT/.kit: headers and objects the sandbox sees at /kit */
    char data[PATH_MAX], gen[PATH_MAX];
    bool have_data, have_gen, force;
    int jobs;
    double timeout;        /* per check, seconds */
    long long memory;      /* RLIMIT_AS, bytes */
    long long max_archive; /* bytes */
    char *cc[MAX_ARGS];    /* the compile command, ending in -I/kit/include */
    int n_cc;
    char *ld[MAX_ARGS];    /* the link command's flags before the objects */
    int n_ld;
    char *libs[MAX_ARGS];  /* and the libraries after them */
    int n_libs;
    chapter ch[N_CHAPTERS + 1];
} grader;

typedef struct {
    char label[256];
    bool pass;
    char msg[MSG_MAX];
} check_result;

typedef struct {
    double points;
    int passed, total;
    char note[2048];       /* why the chapter scored 0 without checks, or "" */
    int n_checks;
    check_result checks[MAX_CHECKS];
} chapter_result;

/* ---- small helpers ------------------------------------------------------ */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* snprintf that may cut its output (paths are far below PATH_MAX; messages
 * are cut on purpose). */
static void put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

static int mkdir_p(const char *path, mode_t mode)
{
    char tmp[PATH_MAX];
    put(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(tmp, mode) != 0 && errno != EEXIST ? -1 : 0;
}

/* Remove a tree without following symlinks (directories made unreadable
 * by the code under test are opened up first). */
static void rm_rf_at(int at, const char *name)
{
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        fchmodat(at, name, 0700, 0);
        fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd >= 0) {
        fchmod(fd, 0700);
        DIR *d = fdopendir(fd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                    rm_rf_at(dirfd(d), e->d_name);
            closedir(d);
        } else {
            close(fd);
        }
        unlinkat(at, name, AT_REMOVEDIR);
    } else {
        unlinkat(at, name, 0);
    }
}

static void rm_rf(const char *path)
{
    rm_rf_at(AT_FDCWD, path);
}

/* Copy a regular file (not a symlink) of at most max bytes. 0, or -1 with
 * errno (EFBIG when too large, EINVAL when not a regular file). */
static int copy_file(const char *from, const char *to, long max, mode_t mode)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (in < 0)
        return -1;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max) {
        int e = fstat(in, &st) == 0 && S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        close(in);
        errno = e;
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[1 << 16];
    ssize_t n;
    long total = 0;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        total += n;
        if (total > max || write(out, buf, (size_t)n) != n) {
            rc = -1;
            errno = EFBIG;
            break;
        }
    }
    if (n < 0)
        rc = -1;
    close(in);
    if (close(out) != 0)
        rc = -1;
    return rc;
}

/* The first lines of a file (not following symlinks), printable, at most
 * size - 1 bytes, appended to buf. */
static void read_head(char *buf, size_t size, const char *path, int max_lines)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return;
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof tmp - 1);
    close(fd);
    if (n <= 0)
        return;
    tmp[n] = '\0';
    int lines = 0;
    for (ssize_t k = 0; k < n; k++) {
        if (tmp[k] == '\n' && ++lines >= max_lines) {
            tmp[k + 1] = '\0';
            break;
        }
        if ((unsigned char)tmp[k] < 32 && tmp[k] != '\n' && tmp[k] != '\t')
            tmp[k] = ' ';
    }
    append(buf, size, "%s", tmp);
}

/* Write text to path through a temporary file and a rename. */
static int write_atomic(const char *path, const char *text)
{
    char tmp[PATH_MAX + 32];
    put(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    bool ok = fputs(text, f) >= 0;
    ok = (fflush(f) == 0) && ok && fsync(fileno(f)) == 0;
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* A growing string. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf;

static void sb_add(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = 2 * (b->len + (size_t)n + 1);
        char *p = realloc(b->s, cap);
        if (!p)
            return;
        b->s = p;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_json(strbuf *b, const char *s)
{
    sb_add(b, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            sb_add(b, "\\%c", *c);
        else if (*c == '\n')
            sb_add(b, "\\n");
        else if (*c < 32)
            sb_add(b, "\\u%04x", *c);
        else
            sb_add(b, "%c", *c);
    }
    sb_add(b, "\"");
}

/* ---- setting up: the chapters, the kit, the commands ------------------- */

static int split_words(char **words, int max, char *line)
{
    int n = 0;
    for (char *w = strtok(line, " \t\n"); w && n < max - 1; w = strtok(NULL, " \t\n"))
        words[n++] = w;
    words[n] = NULL;
    return n;
}

static int load_chapters(grader *g)
{
    const char *build = getenv("BUILD") && getenv("BUILD")[0] ? getenv("BUILD") : "build";
    for (int c = 1; c <= N_CHAPTERS; c++) {
        chapter *ch = &g->ch[c];
        ch->number = c;
        char path[PATH_MAX], line[512];
        put(path, sizeof path, "tests/check/ch%d_test.c", c);
        FILE *f = fopen(path, "r");
        if (!f)
            return cli_error("grade", "%s: cannot read it (run nnwb grade from the workbook's folder)", path);
        bool found = false;
        while (!found && fgets(line, sizeof line, f))
            found = sscanf(line, "const chapter_info CHAPTER = {%*d, \"%127[^\"]\", %d};", ch->name, &ch->points) == 2;
        fclose(f);
        if (!found)
            return cli_error("grade", "%s: no line 'const chapter_info CHAPTER = {...}'", path);
        glob_t gl;
        put(path, sizeof path, "exercises/ch%d_*.c", c);
        if (glob(path, 0, NULL, &gl) != 0 || gl.gl_pathc != 1) {
            if (gl.gl_pathc)
                globfree(&gl);
            return cli_error("grade", "exercises/: expected exactly one file ch%d_*.c", c);
        }
        put(ch->stem, sizeof ch->stem, "%.*s", (int)(strlen(gl.gl_pathv[0]) - strlen("exercises/") - 2),
                 gl.gl_pathv[0] + strlen("exercises/"));
        globfree(&gl);
        /* The kit: the chapter's pristine test object and the reference. */
        const char *from[] = {"tests/check", "solutions"};
        const char *name[] = {NULL, ch->stem};
        char test_name[32];
        put(test_name, sizeof test_name, "ch%d_test", c);
        name[0] = test_name;
        for (int k = 0; k < 2; k++) {
            char src[PATH_MAX], dst[PATH_MAX];
            put(src, sizeof src, "%s/%s/%s.o", build, from[k], name[k]);
            put(dst, sizeof dst, "%s/obj/%s.o", g->kit, name[k]);
            if (copy_file(src, dst, 64L << 20, 0644) != 0)
                return cli_error("grade", "%s: cannot copy it to the kit (%s); run make first", src, strerror(errno));
        }
        char ref[PATH_MAX], msg[256];
        put(ref, sizeof ref, "%s/obj/%s.o", g->kit, ch->stem);
        if (nn_policy_defined(&ch->allowed, ref, msg, sizeof msg) != 0)
            return cli_error("grade", "%s", msg);
    }
    char src[PATH_MAX], dst[PATH_MAX];
    const char *more[] = {"tests/check/harness.o", "libnnwb.a"};
    for (int k = 0; k < 2; k++) {
        put(src, sizeof src, "%s/%s", build, more[k]);
        put(dst, sizeof dst, "%s/obj/%s", g->kit, strrchr(more[k], '/') ? strrchr(more[k], '/') + 1 : more[k]);
        if (copy_file(src, dst, 256L << 20, 0644) != 0)
            return cli_error("grade", "%s: cannot copy it to the kit (%s); run make first", src, strerror(errno));
    }
    /* The harness must be one that speaks the grader's channel. */
    put(dst, sizeof dst, "%s/obj/harness.o", g->kit);
    FILE *f = fopen(dst, "rb");
    bool channel = false;
    if (f) {
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        channel = memmem(buf, n, "NNWB_GRADE_FDS", 14) != NULL;
    }
    if (!channel)
        return cli_error("grade", "%s/tests/check/harness.o has no grader channel: rebuild it with make", build);
    /* The headers a chapter file may include. */
    glob_t gl;
    if (glob("lib/*.h", 0, NULL, &gl) == 0) {
        for (size_t k = 0; k < gl.gl_pathc; k++) {
            put(dst, sizeof dst, "%s/include/%s", g->kit, gl.gl_pathv[k] + 4);
            if (copy_file(gl.gl_pathv[k], dst, 1L << 20, 0644) != 0) {
                globfree(&gl);
                return cli_error("grade", "%s: cannot copy it to the kit", gl.gl_pathv[k]);
            }
        }
        globfree(&gl);
    }
    put(dst, sizeof dst, "%s/include/workbook.h", g->kit);
    if (copy_file("exercises/workbook.h", dst, 1L << 20, 0644) != 0)
        return cli_error("grade", "exercises/workbook.h: cannot copy it to the kit");
    return 0;
}

/* The compile and link commands of this build (make print-compile,
 * print-link), with the include folders moved to /kit/include. */
static int load_commands(grader *g)
{
    const char *build = getenv("BUILD") && getenv("BUILD")[0] ? getenv("BUILD") : "build";
    char cmd[PATH_MAX + 128];
    put(cmd, sizeof cmd, "make -s --no-print-directory print-compile print-link BUILD='%s' 2>/dev/null", build);
    FILE *p = popen(cmd, "r");
    static char compile[8192], link[8192];
    if (!p)
        return cli_error("grade", "cannot run make print-compile: %s", strerror(errno));
    bool ok = fgets(compile, sizeof compile, p) && fgets(link, sizeof link, p);
    if (pclose(p) != 0 || !ok)
        return cli_error("grade", "make print-compile print-link failed (run nnwb grade from the workbook's folder)");
    char *words[MAX_ARGS];
    int n = split_words(words, MAX_ARGS, compile);
    g->n_cc = 0;
    for (int k = 0; k < n && g->n_cc < MAX_ARGS - 8; k++) {
        if (!strcmp(words[k], "-MMD") || !strcmp(words[k], "-MP") ||
            (!strncmp(words[k], "-I", 2) && words[k][2] != '/'))
            continue;
        g->cc[g->n_cc++] = words[k];
    }
    g->cc[g->n_cc++] = "-I/kit/include";
    char *sep = strstr(link, " ::: ");
    if (!sep)
        return cli_error("grade", "make print-link: no ' ::: ' in its output");
    *sep = '\0';
    g->n_ld = split_words(g->ld, MAX_ARGS - 40, link);
    g->n_libs = split_words(g->libs, MAX_ARGS, sep + 5);
    if (g->n_cc < 2 || g->n_ld < 1)
        return cli_error("grade", "make print-compile: no compiler command");
    return 0;
}

/* ---- running the steps ------------------------------------------------- */

typedef struct {
    const grader *g;
    int slot;
    char wdir[PATH_MAX]; /* OUT/.work/STUDENT */
} job;

/* A fresh step folder wdir/name owned by the sandbox's uid. */
static int step_dir(char *path, size_t size, const job *j, const char *name)
{
    put(path, size, "%s/%s", j->wdir, name);
    rm_rf(path);
    if (mkdir(path, 0700) != 0)
        return -1;
    if (geteuid() == 0 && chown(path, (uid_t)(UID_BASE + j->slot), (gid_t)(UID_BASE + j->slot)) != 0)
        return -1;
    char root[PATH_MAX];
    put(root, sizeof root, "%s/%s.root", j->wdir, name);
    rm_rf(root);
    return mkdir(root, 0700);
}

static int run_step(nn_sandbox_result *res, const job *j, const char *step, char **argv, char **envp,
                    double wall, int cpu, int chan, int nonce, char *err, size_t err_size)
{
    char work[PATH_MAX], root[PATH_MAX + 8];
    put(work, sizeof work, "%s/%s", j->wdir, step);
    put(root, sizeof root, "%s/%s.root", j->wdir, step);
    nn_sandbox sb = {
        .root_dir = root, .work_dir = work, .kit_dir = j->g->kit,
        .data_dir = j->g->have_data ? j->g->data : NULL, .gen_dir = j->g->have_gen ? j->g->gen : NULL,
        .uid = (uid_t)(UID_BASE + j->slot), .gid = (gid_t)(UID_BASE + j->slot),
        .wall_seconds = wall, .cpu_seconds = cpu, .as_bytes = j->g->memory, .fsize_bytes = STEP_FSIZE,
        .nproc = STEP_NPROC, .stdout_name = "/work/stdout.txt", .stderr_name = "/work/stderr.txt",
        .argv = argv, .envp = envp, .chan_fd = chan, .nonce_fd = nonce,
    };
    return nn_sandbox_run(res, &sb, err, err_size);
}

static char *BASE_ENV[] = {"PATH=/usr/bin:/bin", "HOME=/work", "TMPDIR=/tmp", "LC_ALL=C", NULL};

/* How a step ended, in words. */
static void describe_end(char *buf, size_t size, const nn_sandbox_result *r, double wall)
{
    if (r->timed_out)
        put(buf, size, "it was stopped at the time limit (%.0f s)", wall);
    else if (!r->exited)
        put(buf, size, "it was killed by signal %d (%s)", r->code, strsignal(r->code));
    else
        put(buf, size, "it ended with exit status %d", r->code);
}

/* Parse the harness's channel: only lines that start with the nonce count. */
static void read_channel(chapter_result *cr, const chapter *ch, int fd, const char *nonce)
{
    static char buf[1 << 18];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof buf - 1 && ((r = read(fd, buf + len, sizeof buf - 1 - len)) > 0 || (r < 0 && errno == EINTR)))
        len += r > 0 ? (size_t)r : 0;
    buf[len] = '\0';
    if (getenv("NNWB_GRADE_KEEP"))
        fprintf(stderr, "channel of chapter %d (%zu bytes, nonce %s):\n%s", ch->number, len, nonce, buf);
    bool done[MAX_CHECKS] = {false}, begun = false, ended = false;
    int total = -1, end_total = -1;
    size_t nl = strlen(nonce);
    cr->n_checks = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, nonce, nl) || line[nl] != ' ')
            continue;
        char *rest = line + nl + 1, *f[6] = {0};
        int k;
        if (sscanf(rest, "DONE %d", &k) == 1) {
            if (k >= 0 && k < MAX_CHECKS)
                done[k] = true;
            continue;
        }
        int nf = 0;
        for (char *p = rest; p && nf < 6; nf++) {
            f[nf] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (!strcmp(f[0], "BEGIN") && nf >= 4 && !begun) {
            begun = atoi(f[1]) == ch->number;
            total = atoi(f[2]);
        } else if (!strcmp(f[0], "CHECK") && nf >= 5 && begun && !ended && cr->n_checks < MAX_CHECKS) {
            check_result *c = &cr->checks[cr->n_checks++];
            int idx = atoi(f[1]);
            put(c->label, sizeof c->label, "%s", f[3]);
            c->pass = !strcmp(f[2], "pass") && idx >= 0 && idx < MAX_CHECKS && done[idx];
            if (!strcmp(f[2], "pass") && !c->pass)
                put(c->msg, sizeof c->msg, "the check ended before it finished: no report from its end (the program ended early, "
                                                "e.g. exit() in the code under test)");
            else
                put(c->msg, sizeof c->msg, "%s", f[4]);
        } else if (!strcmp(f[0], "END") && nf >= 3 && begun) {
            ended = true;
            end_total = atoi(f[2]);
        }
    }
    cr->total = total;
    cr->passed = 0;
    if (!begun || !ended || total <= 0 || end_total != total || cr->n_checks != total) {
        cr->total = 0;
        cr->points = 0.0;
        return;
    }
    for (int k = 0; k < cr->n_checks; k++)
        cr->passed += cr->checks[k].pass;
    cr->points = ch->points * (double)cr->passed / cr->total;
}

/* Grade one chapter from the student's file src (NULL when missing).
 * Returns -1 only when the sandbox itself failed (an error of the grader). */
/* If a compile or link step r failed, put what happened and the first
 * max_lines of its stderr (dir/stderr.txt) in cr->note and return true. */
static bool step_failed(chapter_result *cr, const nn_sandbox_result *r, const char *what, const char *stem,
                        const char *dir, int max_lines)
{
    if (!r->timed_out && r->exited && r->code == 0)
        return false;
    char how[256], path[PATH_MAX];
    describe_end(how, sizeof how, r, COMPILE_SECONDS);
    put(cr->note, sizeof cr->note, "exercises/%s.c %s (%s):\n", stem, what, how);
    put(path, sizeof path, "%s/stderr.txt", dir);
    read_head(cr->note, sizeof cr->note, path, max_lines);
    return true;
}

static int grade_chapter(chapter_result *cr, const job *j, const chapter *ch, const char *src_dir, char *err,
                         size_t err_size)
{
    const grader *g = j->g;
    memset(cr, 0, sizeof *cr);
    char step[32], dir[PATH_MAX], path[PATH_MAX + 64], src[PATH_MAX + 64];
    put(step, sizeof step, "ch%d", ch->number);
    put(src, sizeof src, "%s/%s.c", src_dir, ch->stem);
    struct stat st;
    if (!src_dir || lstat(src, &st) != 0) {
        put(cr->note, sizeof cr->note, "exercises/%s.c is missing", ch->stem);
        glob_t gl;
        char pat[PATH_MAX + 16];
        put(pat, sizeof pat, "%s/ch%d_*", src_dir ? src_dir : ".", ch->number);
        if (src_dir && glob(pat, 0, NULL, &gl) == 0) {
            append(cr->note, sizeof cr->note, " (found:");
            for (size_t k = 0; k < gl.gl_pathc && k < 5; k++)
                append(cr->note, sizeof cr->note, " %s", strrchr(gl.gl_pathv[k], '/') + 1);
            append(cr->note, sizeof cr->note, "; the file must be named exactly %s.c)", ch->stem);
            globfree(&gl);
        }
        return 0;
    }
    if (step_dir(dir, sizeof dir, j, step) != 0) {
        put(err, err_size, "%s: cannot create the step folder: %s", dir, strerror(errno));
        return -1;
    }
    put(path, sizeof path, "%s/%s.c", dir, ch->stem);
    if (copy_file(src, path, MAX_SOURCE, 0644) != 0) {
        put(cr->note, sizeof cr->note, "exercises/%s.c: %s", ch->stem,
                 errno == EFBIG ? "larger than 1 MB" : errno == EINVAL ? "not a regular file" : strerror(errno));
        return 0;
    }
    nn_sandbox_result r;
    char how[256], file[96];
    /* 1. compile */
    char *argv[MAX_ARGS + 16];
    int n = 0;
    for (int k = 0; k < g->n_cc; k++)
        argv[n++] = g->cc[k];
    put(file, sizeof file, "%s.c", ch->stem);
    argv[n++] = "-c";
    argv[n++] = file;
    argv[n++] = "-o";
    argv[n++] = "student.o";
    argv[n] = NULL;
    char cc_path[PATH_MAX];
    put(cc_path, sizeof cc_path, "/usr/bin/%s", strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0]);
    argv[0] = cc_path;
    if (run_step(&r, j, step, argv, BASE_ENV, COMPILE_SECONDS, (int)COMPILE_SECONDS, -1, -1, err, err_size) != 0)
        return -1;
    if (step_failed(cr, &r, "did not compile", ch->stem, dir, 15))
        return 0;
    /* 2. the object's rules */
    char msg[512];
    put(path, sizeof path, "%s/student.o", dir);
    int pr = nn_policy_check(path, ch->allowed, msg, sizeof msg);
    if (pr != 0) {
        put(cr->note, sizeof cr->note, "exercises/%s.c was refused: %s", ch->stem,
                 pr > 0 ? msg : "the compiler's output is not an object file");
        return 0;
    }
    /* 3. link with the pristine tests and the other chapters' references */
    static char objs[N_CHAPTERS + 4][PATH_MAX];
    n = 0;
    for (int k = 0; k < g->n_ld; k++)
        argv[n++] = g->ld[k];
    argv[0] = cc_path;
    argv[n++] = "student.o";
    int no = 0;
    put(objs[no], PATH_MAX, "/kit/obj/ch%d_test.o", ch->number);
    argv[n++] = objs[no++];
    argv[n++] = "/kit/obj/harness.o";
    for (int c = 1; c <= N_CHAPTERS; c++)
        if (c != ch->number) {
            put(objs[no], PATH_MAX, "/kit/obj/%s.o", g->ch[c].stem);
            argv[n++] = objs[no++];
        }
    argv[n++] = "/kit/obj/libnnwb.a";
    for (int k = 0; k < g->n_libs && n < MAX_ARGS + 12; k++)
        argv[n++] = g->libs[k];
    argv[n++] = "-o";
    argv[n++] = step;
    argv[n] = NULL;
    if (run_step(&r, j, step, argv, BASE_ENV, COMPILE_SECONDS, (int)COMPILE_SECONDS, -1, -1, err, err_size) != 0)
        return -1;
    if (step_failed(cr, &r, "did not link with the tests", ch->stem, dir, 10))
        return 0;
    /* 4. run, with the channel and a fresh nonce */
    unsigned char raw[16];
    char nonce[40];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        put(err, err_size, "getrandom: %s", strerror(errno));
        return -1;
    }
    for (int k = 0; k < 16; k++)
        put(nonce + 2 * k, 3, "%02x", raw[k]);
    int chan[2], np[2];
    if (pipe2(chan, O_CLOEXEC) != 0 || pipe2(np, O_CLOEXEC) != 0) {
        put(err, err_size, "pipe: %s", strerror(errno));
        return -1;
    }
    if (write(np[1], nonce, strlen(nonce)) != (ssize_t)strlen(nonce)) {
        put(err, err_size, "pipe: %s", strerror(errno));
        return -1;
    }
    close(np[1]);
    char run_path[64], mult[64], fds[32];
    put(run_path, sizeof run_path, "/work/%s", step);
    put(mult, sizeof mult, "CK_TIMEOUT_MULTIPLIER=%g", g->timeout / 20.0); /* the harness's 20 s */
    put(fds, sizeof fds, "NNWB_GRADE_FDS=%d,%d", NN_SANDBOX_CHAN_FD, NN_SANDBOX_NONCE_FD);
    char *env[] = {BASE_ENV[0], BASE_ENV[1], BASE_ENV[2], BASE_ENV[3], "DATA_DIR=/data", "NNWB_GEN_DIR=/gen",
                   "OPENBLAS_NUM_THREADS=1", "CK_FORK=yes", mult, fds, NULL};
    char *rargv[] = {run_path, NULL};
    double wall = g->timeout * 16 + 10;
    int rc = run_step(&r, j, step, rargv, env, wall, (int)ceil(g->timeout) + 1, chan[1], np[0], err, err_size);
    close(chan[1]);
    close(np[0]);
    if (rc != 0) {
        close(chan[0]);
        return -1;
    }
    fcntl(chan[0], F_SETFL, O_NONBLOCK); /* every writer is dead: the namespace is gone */
    read_channel(cr, ch, chan[0], nonce);
    close(chan[0]);
    if (cr->total == 0) {
        describe_end(how, sizeof how, &r, wall);
        put(cr->note, sizeof cr->note, "the test program for chapter %d did not report its results (%s)",
                 ch->number, how);
        cr->n_checks = 0;
    }
    return 0;
}

/* Unpack an archive in the sandbox; *src_dir is then wdir/unpack/exercises. */
static const char *UNPACK_SCRIPT =
    "set -u; mkdir -p /tmp/x /work/exercises; cd /tmp/x || exit 1\n"
    "case \"$1\" in\n"
    "  zip) unzip -qq -o /work/sub.zip >/dev/null 2>/work/unpack.log || echo 'unzip reported errors' >>/work/unpack.log ;;\n"
    "  *) tar --no-same-owner --no-same-permissions -xzf /work/sub.tgz 2>/work/unpack.log || "
    "echo 'tar reported errors' >>/work/unpack.log ;;\n"
    "esac\n"
    "d=\n"
    "for t in exercises */exercises; do [ -d \"$t\" ] && [ ! -L \"$t\" ] && { d=$t; break; }; done\n"
    "if [ -z \"$d\" ]; then for t in . *; do for f in \"$t\"/ch[1-7]_*.c; do [ -f \"$f\" ] && d=$t; done; "
    "[ -n \"$d\" ] && break; done; fi\n"
    "[ -n \"$d\" ] || exit 0\n"
    "for f in \"$d\"/ch[1-7]_*.c; do [ -f \"$f\" ] && [ ! -L \"$f\" ] && cp \"$f\" /work/exercises/; done\n"
    "exit 0\n";

static int unpack(char *src_dir, size_t size, char *note, size_t note_size, const job *j, const char *archive,
                  bool zip, char *err, size_t err_size)
{
    struct stat st;
    if (stat(archive, &st) != 0 || !S_ISREG(st.st_mode)) {
        put(note, note_size, "the submission %s is not a readable file", strrchr(archive, '/') + 1);
        return 0;
    }
    if (st.st_size > j->g->max_archive) {
        put(note, note_size, "the archive is %.1f MB, over the limit of %.1f MB: it was not unpacked",
                 st.st_size / 1048576.0, j->g->max_archive / 1048576.0);
        return 0;
    }
    char dir[PATH_MAX], path[PATH_MAX + 32];
    if (step_dir(dir, sizeof dir, j, "unpack") != 0) {
        put(err, err_size, "%s: cannot create the step folder: %s", dir, strerror(errno));
        return -1;
    }
    put(path, sizeof path, "%s/%s", dir, zip ? "sub.zip" : "sub.tgz");
    if (copy_file(archive, path, (long)j->g->max_archive, 0644) != 0) {
        put(err, err_size, "%s: cannot copy it: %s", archive, strerror(errno));
        return -1;
    }
    char *argv[] = {"/usr/bin/sh", "-c", (char *)UNPACK_SCRIPT, "sh", zip ? "zip" : "tgz", NULL};
    nn_sandbox_result r;
    if (run_step(&r, j, "unpack", argv, BASE_ENV, COMPILE_SECONDS, (int)COMPILE_SECONDS, -1, -1, err, err_size) != 0)
        return -1;
    put(path, sizeof path, "%s/unpack.log", dir);
    if (r.timed_out || !r.exited || r.code != 0) {
        char how[128];
        describe_end(how, sizeof how, &r, COMPILE_SECONDS);
        put(note, note_size, "unpacking the archive failed (%s); ", how);
    }
    struct stat ls;
    if (lstat(path, &ls) == 0 && S_ISREG(ls.st_mode) && ls.st_size > 0) {
        append(note, note_size, "unpacking reported: ");
        read_head(note, note_size, path, 4);
    }
    put(src_dir, size, "%s/exercises", dir);
    return 0;
}

/* The folder of a directory submission that holds the chapter files:
 * SUB/exercises, SUB/X/exercises, SUB or SUB/X (no symlinks followed). */
static void find_source_dir(char *out, size_t size, const char *sub)
{
    struct stat st;
    char path[PATH_MAX * 2];
    put(path, sizeof path, "%s/exercises", sub);
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        put(out, size, "%s", path);
        return;
    }
    DIR *d = opendir(sub);
    struct dirent *e;
    char loose[PATH_MAX * 2] = "";
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char top[PATH_MAX * 2];
        put(top, sizeof top, "%s/%s", sub, e->d_name);
        if (lstat(top, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        put(path, sizeof path, "%s/exercises", top);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            put(out, size, "%s", path);
            closedir(d);
            return;
        }
        glob_t gl;
        put(path, sizeof path, "%s/ch[1-7]_*.c", top);
        if (!loose[0] && glob(path, 0, NULL, &gl) == 0) {
            put(loose, sizeof loose, "%s", top);
            globfree(&gl);
        }
    }
    if (d)
        closedir(d);
    glob_t gl;
    put(path, sizeof path, "%s/ch[1-7]_*.c", sub);
    if (glob(path, 0, NULL, &gl) == 0) {
        globfree(&gl);
        put(out, size, "%s", sub);
    } else {
        put(out, size, "%s", loose[0] ? loose : sub);
    }
}

/* ---- the outputs --------------------------------------------------------- */

static void write_outputs(const job *j, const char *student, const chapter_result *cr, const char *note,
                          double seconds, char *row, size_t row_size, char *err, size_t err_size)
{
    const grader *g = j->g;
    double total = 0.0;
    int max = 0;
    for (int c = 1; c <= N_CHAPTERS; c++) {
        total += cr[c].points;
        max += g->ch[c].points;
    }
    strbuf md = {0}, js = {0};
    sb_add(&md, "# Feedback for %s\n\nTotal: **%.2f / %d**\n", student, total, max);
    if (note[0])
        sb_add(&md, "\nNote: %s\n", note);
    sb_add(&js, "{\n  \"score\": %.4f,\n  \"execution_time\": %.0f,\n  \"output\": ", total, ceil(seconds));
    char summary[512];
    put(summary, sizeof summary, "Total %.2f / %d.%s%s", total, max, note[0] ? " " : "", note);
    sb_json(&js, summary);
    sb_add(&js, ",\n  \"visibility\": \"visible\",\n  \"stdout_visibility\": \"hidden\",\n  \"tests\": [");
    bool first = true;
    put(row, row_size, "%s", student);
    for (int c = 1; c <= N_CHAPTERS; c++) {
        const chapter *ch = &g->ch[c];
        const chapter_result *r = &cr[c];
        append(row, row_size, ",%.2f", r->points);
        sb_add(&md, "\n## Chapter %d: %s — %.2f / %d\n\n", c, ch->name, r->points, ch->points);
        char name[256];
        if (r->n_checks == 0) {
            const char *why = r->note[0] ? r->note : "not graded";
            sb_add(&md, "```\n%s\n```\n", why);
            put(name, sizeof name, "Chapter %d: %s", c, ch->name);
            sb_add(&js, "%s\n    {\"name\": ", first ? "" : ",");
            sb_json(&js, name);
            sb_add(&js, ", \"score\": 0, \"max_score\": %d, \"status\": \"failed\", \"output\": ", ch->points);
            sb_json(&js, why);
            sb_add(&js, ", \"visibility\": \"visible\"}");
            first = false;
            continue;
        }
        double each = (double)ch->points / r->total;
        sb_add(&md, "%d of %d checks pass.\n\n", r->passed, r->total);
        for (int k = 0; k < r->n_checks; k++) {
            const check_result *c2 = &r->checks[k];
            if (c2->pass)
                sb_add(&md, "- ok: %s\n", c2->label);
            else
                sb_add(&md, "- **FAIL**: %s\n\n  ```\n  %s\n  ```\n", c2->label, c2->msg);
            put(name, sizeof name, "Chapter %d: %s", c, c2->label);
            sb_add(&js, "%s\n    {\"name\": ", first ? "" : ",");
            sb_json(&js, name);
            sb_add(&js, ", \"score\": %.4f, \"max_score\": %.4f, \"status\": \"%s\", \"output\": ", c2->pass ? each : 0.0,
                   each, c2->pass ? "passed" : "failed");
            sb_json(&js, c2->pass ? "" : c2->msg);
            sb_add(&js, ", \"visibility\": \"visible\"}");
            first = false;
        }
    }
    append(row, row_size, ",%.2f\n", total);
    sb_add(&js, "\n  ]\n}\n");
    char path[PATH_MAX + 64];
    put(path, sizeof path, "%s/feedback/%s.md", g->out, student);
    int rc = md.s ? write_atomic(path, md.s) : -1;
    put(path, sizeof path, "%s/.rows/%s.csv", g->out, student);
    rc = rc == 0 ? write_atomic(path, row) : rc;
    put(path, sizeof path, "%s/results/%s.json", g->out, student); /* the commit point: last */
    rc = rc == 0 && js.s ? write_atomic(path, js.s) : -1;
    if (rc != 0)
        put(err, err_size, "%s: cannot write it: %s", path, strerror(errno));
    free(md.s);
    free(js.s);
}

/* ---- one student, in a worker process ------------------------------------ */

typedef struct {
    char name[128];       /* the student, made safe for file names */
    char path[PATH_MAX];  /* the submission */
    int kind;             /* 0 folder, 1 .tar.gz, 2 .zip */
} submission;

static int grade_student(const grader *g, const submission *s, int slot)
{
    double t0 = now();
    job j = {g, slot, ""};
    put(j.wdir, sizeof j.wdir, "%s/.work/%s", g->out, s->name);
    rm_rf(j.wdir);
    if (mkdir_p(j.wdir, 0711) != 0) {
        fprintf(stderr, "nnwb grade: %s: cannot create it: %s\n", j.wdir, strerror(errno));
        return 1;
    }
    char err[1024] = "", note[2048] = "", src[PATH_MAX] = "";
    bool have_src = true;
    if (s->kind == 0) {
        find_source_dir(src, sizeof src, s->path);
    } else if (unpack(src, sizeof src, note, sizeof note, &j, s->path, s->kind == 2, err, sizeof err) != 0) {
        fprintf(stderr, "nnwb grade: %s: %s\n", s->name, err);
        rm_rf(j.wdir);
        return 1;
    } else if (!src[0]) {
        have_src = false;
    }
    static chapter_result cr[N_CHAPTERS + 1];
    for (int c = 1; c <= N_CHAPTERS; c++) {
        if (!have_src) {
            memset(&cr[c], 0, sizeof cr[c]);
            put(cr[c].note, sizeof cr[c].note, "%s", note);
            continue;
        }
        if (grade_chapter(&cr[c], &j, &g->ch[c], src, err, sizeof err) != 0) {
            fprintf(stderr, "nnwb grade: %s, chapter %d: %s\n", s->name, c, err);
            rm_rf(j.wdir);
            return 1;
        }
    }
    if (!getenv("NNWB_GRADE_KEEP")) /* keep the step folders to debug the grader */
        rm_rf(j.wdir);
    char row[512];
    err[0] = '\0';
    write_outputs(&j, s->name, cr, note, now() - t0, row, sizeof row, err, sizeof err);
    if (err[0]) {
        fprintf(stderr, "nnwb grade: %s\n", err);
        return 1;
    }
    char *last = strrchr(row, ',');
    printf("graded %-24s %7.2f  (%.1f s)\n", s->name, last ? atof(last + 1) : 0.0, now() - t0);
    fflush(stdout);
    return 0;
}

/* ---- the submissions, the gradebook, the table ------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_sub(const void *a, const void *b)
{
    return strcmp(((const submission *)a)->name, ((const submission *)b)->name);
}

static int list_submissions(submission **out, int *count, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return cli_error("grade", "%s: cannot read the folder: %s", dir, strerror(errno));
    submission *subs = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        submission s = {0};
        put(s.path, sizeof s.path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(s.path, &st) != 0)
            continue;
        size_t cut = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            s.kind = 0;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".tar.gz"))
            s.kind = 1, cut -= 7;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".tgz"))
            s.kind = 1, cut -= 4;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".zip"))
            s.kind = 2, cut -= 4;
        else {
            fprintf(stderr, "nnwb grade: %s: not a folder, .tar.gz or .zip; skipped\n", s.path);
            continue;
        }
        put(s.name, sizeof s.name, "%.*s", (int)(cut < sizeof s.name - 1 ? cut : sizeof s.name - 1), e->d_name);
        for (char *c = s.name; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
                  *c == '_' || (*c == '.' && c != s.name)))
                *c = '_';
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            submission *p = realloc(subs, (size_t)cap * sizeof *p);
            if (!p) {
                closedir(d);
                free(subs);
                return cli_error("grade", "out of memory");
            }
            subs = p;
        }
        subs[n++] = s;
    }
    closedir(d);
    qsort(subs, (size_t)n, sizeof *subs, cmp_sub);
    int kept = 0;
    for (int k = 0; k < n; k++) {
        if (kept && !strcmp(subs[kept - 1].name, subs[k].name)) {
            fprintf(stderr, "nnwb grade: %s: a second submission for '%s'; skipped\n", subs[k].path, subs[k].name);
            continue;
        }
        subs[kept++] = subs[k];
    }
    *out = subs;
    *count = kept;
    return 0;
}

static bool already_graded(const grader *g, const submission *s)
{
    char path[PATH_MAX + 160];
    put(path, sizeof path, "%s/results/%s.json", g->out, s->name);
    if (access(path, F_OK) != 0)
        return false;
    put(path, sizeof path, "%s/.rows/%s.csv", g->out, s->name);
    return access(path, F_OK) == 0;
}

/* OUT/gradebook.csv from the rows of every submission, and the table. */
static int write_gradebook(const grader *g, const submission *subs, int n)
{
    strbuf csv = {0};
    sb_add(&csv, "student");
    printf("\n%-24s", "student");
    for (int c = 1; c <= N_CHAPTERS; c++) {
        sb_add(&csv, ",ch%d", c);
        printf(" %6s", (char[8]){'c', 'h', (char)('0' + c), '\0'});
    }
    sb_add(&csv, ",total\n");
    printf(" %8s\n", "total");
    printf("%-24s", "(max)");
    int max = 0;
    for (int c = 1; c <= N_CHAPTERS; c++) {
        printf(" %6d", g->ch[c].points);
        max += g->ch[c].points;
    }
    printf(" %8d\n", max);
    int missing = 0;
    for (int k = 0; k < n; k++) {
        char path[PATH_MAX + 160], line[512] = "";
        put(path, sizeof path, "%s/.rows/%s.csv", g->out, subs[k].name);
        FILE *f = fopen(path, "r");
        if (!f || !fgets(line, sizeof line, f) || !strchr(line, '\n') || !already_graded(g, &subs[k])) {
            printf("%-24s   not graded (see the errors above)\n", subs[k].name);
            missing++;
            if (f)
                fclose(f);
            continue;
        }
        fclose(f);
        sb_add(&csv, "%s", line);
        char *p = strchr(line, ',');
        printf("%-24.24s", subs[k].name);
        for (int c = 0; c <= N_CHAPTERS && p; c++) {
            double v = atof(p + 1);
            printf(c < N_CHAPTERS ? " %6.2f" : " %8.2f", v);
            p = strchr(p + 1, ',');
        }
        printf("\n");
    }
    char path[PATH_MAX + 32];
    put(path, sizeof path, "%s/gradebook.csv", g->out);
    int rc = csv.s && write_atomic(path, csv.s) == 0 ? 0 : -1;
    free(csv.s);
    if (rc != 0)
        return cli_error("grade", "%s: cannot write it: %s", path, strerror(errno));
    printf("%d submissions, %d graded; gradebook: %s\n", n, n - missing, path);
    return missing ? 1 : 0;
}

/* ---- the command ------------------------------------------------------- */

int cmd_grade(int argc, char **argv)
{
    static grader g;
    memset(&g, 0, sizeof g);
    g.jobs = 1;
    g.timeout = 10.0;
    g.memory = 1024LL << 20;
    g.max_archive = 20LL << 20;
    const char *subs = NULL, *out = NULL, *data = getenv("DATA_DIR"), *gen = getenv("NNWB_GEN_DIR");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: nnwb grade %s\n", USAGE);
            return 0;
        } else if (!strcmp(a, "--force")) {
            g.force = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--jobs") || !strcmp(a, "--timeout") || !strcmp(a, "--data") ||
                   !strcmp(a, "--memory") || !strcmp(a, "--max-archive")) {
            if (!(v = cli_value("grade", argc, argv, &i)))
                return 2;
            double x;
            if (!strcmp(a, "-o"))
                out = v;
            else if (!strcmp(a, "--data"))
                data = v;
            else if (!strcmp(a, "--jobs") && !cli_int("grade", a, v, 1, 64, &g.jobs))
                return 2;
            else if (!strcmp(a, "--timeout")) {
                if (!cli_double("grade", a, v, 0.5, 3600, &g.timeout))
                    return 2;
            } else if (!strcmp(a, "--memory")) {
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
            return cli_usage("grade", USAGE);
        } else {
            subs = a;
        }
    }
    if (!subs || !out) {
        cli_error("grade", "SUBMISSIONS and -o OUT are required");
        return cli_usage("grade", USAGE);
    }
    if (!realpath(subs, g.subs))
        return cli_error("grade", "%s: %s", subs, strerror(errno));
    if (!getcwd(g.root, sizeof g.root))
        return cli_error("grade", "getcwd: %s", strerror(errno));
    if (data && data[0] && realpath(data, g.data))
        g.have_data = true;
    if (gen && gen[0] && realpath(gen, g.gen))
        g.have_gen = true;
    char probe[256];
    if (nn_sandbox_probe(probe, sizeof probe) != 0)
        return cli_error("grade", "%s", probe);
    if (mkdir_p(out, 0755) != 0 || !realpath(out, g.out))
        return cli_error("grade", "%s: cannot create it: %s", out, strerror(errno));
    if (!strncmp(g.out, g.subs, strlen(g.subs)) && (g.out[strlen(g.subs)] == '/' || !g.out[strlen(g.subs)]))
        return cli_error("grade", "%s: the output folder must not be inside SUBMISSIONS", out);
    const char *sub_dirs[] = {"feedback", "results", ".rows", ".work", ".kit/obj", ".kit/include"};
    char path[PATH_MAX + 32];
    put(path, sizeof path, "%s/.kit", g.out);
    rm_rf(path);
    for (size_t k = 0; k < sizeof sub_dirs / sizeof sub_dirs[0]; k++) {
        put(path, sizeof path, "%s/%s", g.out, sub_dirs[k]);
        if (mkdir_p(path, strcmp(sub_dirs[k], ".work") ? 0755 : 0711) != 0)
            return cli_error("grade", "%s: cannot create it: %s", path, strerror(errno));
    }
    put(g.kit, sizeof g.kit, "%s/.kit", g.out);
    if (load_chapters(&g) != 0 || load_commands(&g) != 0)
        return 1;
    submission *list = NULL;
    int n;
    if (list_submissions(&list, &n, g.subs) != 0)
        return 1;
    printf("nnwb grade: %d submissions in %s; %s; %d job%s, %g s per check\n", n, g.subs, probe, g.jobs,
           g.jobs > 1 ? "s" : "", g.timeout);
    fflush(stdout);

    double t0 = now();
    pid_t *running = calloc((size_t)g.jobs, sizeof *running);
    int failures = 0, skipped = 0, graded = 0;
    for (int k = 0, active = 0; k < n || active > 0;) {
        if (k < n && active < g.jobs) {
            if (!g.force && already_graded(&g, &list[k])) {
                skipped++;
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
    if (skipped)
        printf("%d already graded (kept; --force grades them again)\n", skipped);
    printf("graded %d in %.1f s\n", graded, now() - t0);
    int rc = write_gradebook(&g, list, n);
    put(path, sizeof path, "%s/.work", g.out);
    if (!getenv("NNWB_GRADE_KEEP"))
        rm_rf(path);
    put(path, sizeof path, "%s/.kit", g.out);
    rm_rf(path);
    for (int c = 1; c <= N_CHAPTERS; c++)
        free(g.ch[c].allowed);
    free(list);
    return rc || failures ? 1 : 0;
}
