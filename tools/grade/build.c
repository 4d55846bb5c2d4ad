/* build.c - compile and link a student chapter into a worker, and the
 * policy checks after it (build.h). */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "policy.h"

/* The worker's own objects in the kit, before the student's. */
static const char *WORKER_OBJS[] = {"worker.o", "wire.o", "costfn.o"};

static int split_words(char **words, int max, char *line)
{
    int n = 0;
    for (char *w = strtok(line, " \t\n"); w && n < max - 1; w = strtok(NULL, " \t\n"))
        words[n++] = w;
    words[n] = NULL;
    return n;
}

int build_load_commands(build_cmds *b, const char *build_dir, nn_error *err)
{
    char cmd[4200];
    /* The build's own flags, whatever make variables the caller runs under
     * (make sanitize's SAN= and OPT= must not reach a student's build). */
    snprintf(cmd, sizeof cmd,
             "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u OPT make -s --no-print-directory print-compile "
             "print-link BUILD='%s' 2>/dev/null",
             build_dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return nn_fail(err, "cannot run make print-compile: %s", strerror(errno));
    size_t half = sizeof b->text / 2;
    char *compile = b->text, *link = b->text + half;
    bool ok = fgets(compile, (int)half, p) && fgets(link, (int)half, p);
    if (pclose(p) != 0 || !ok)
        return nn_fail(err, "make print-compile print-link failed (run this from the workbook's folder)");
    char *words[BUILD_MAX_WORDS];
    int n = split_words(words, BUILD_MAX_WORDS, compile);
    b->n_cc = 0;
    for (int k = 0; k < n && b->n_cc < BUILD_MAX_WORDS - 8; k++) {
        if (!strcmp(words[k], "-MMD") || !strcmp(words[k], "-MP") || !strncmp(words[k], "-I", 2))
            continue;
        b->cc[b->n_cc++] = words[k];
    }
    char *sep = strstr(link, " ::: ");
    if (!sep)
        return nn_fail(err, "make print-link: no ' ::: ' in its output");
    *sep = '\0';
    b->n_ld = split_words(b->ld, BUILD_MAX_WORDS, link);
    b->n_libs = split_words(b->libs, BUILD_MAX_WORDS, sep + 5);
    if (b->n_cc < 2 || b->n_ld < 1)
        return nn_fail(err, "make print-compile: no compiler command");
    return 0;
}

/* Append s to the script, single-quoted for sh. */
static void quoted(char *out, size_t size, const char *s)
{
    size_t n = strlen(out);
    if (n + 3 >= size)
        return;
    out[n++] = '\'';
    for (; *s && n + 6 < size; s++) {
        if (*s == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *s;
        }
    }
    out[n++] = '\'';
    out[n++] = ' ';
    out[n] = '\0';
}

static void words(char *out, size_t size, char *const *w, int n)
{
    for (int k = 0; k < n; k++)
        quoted(out, size, w[k]);
}

#define SAN_FLAGS "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

char *build_script(const build_cmds *b, const chapter_def *ch, bool san)
{
    size_t size = 32768;
    char *s = calloc(1, size);
    if (!s)
        return NULL;
    char file[96];
    snprintf(file, sizeof file, "%s.c", ch->stem);
    strcat(s, "set -u\ncd \"$IN\" || exit 9\n");
    words(s, size, b->cc, b->n_cc);
    strcat(s, "-I\"$KIT/include\" -E -o \"$WORK/pre.i\" ");
    quoted(s, size, file);
    strcat(s, "2>\"$WORK/cc.txt\" || exit 10\n");
    words(s, size, b->cc, b->n_cc);
    strcat(s, "-fno-lto -x cpp-output -c -o \"$WORK/student.o\" \"$WORK/pre.i\" 2>>\"$WORK/cc.txt\" || exit 11\n");
    if (san) {
        /* The sanitizers' object, which is what runs; the policy reads the
         * plain one (the sanitizers add constructors of their own). */
        words(s, size, b->cc, b->n_cc);
        strcat(s, SAN_FLAGS " -fno-lto -x cpp-output -c -o \"$WORK/student-san.o\" \"$WORK/pre.i\" 2>/dev/null || exit 11\n");
    }
    words(s, size, b->ld, b->n_ld);
    strcat(s, san ? SAN_FLAGS " " : "");
    /* gold links a worker in half the time of bfd, where it is installed. */
    strcat(s, access("/usr/bin/ld.gold", X_OK) == 0 ? "-fuse-ld=gold " : "");
    strcat(s, "-no-pie -Wl,--as-needed -o \"$WORK/worker\" ");
    for (size_t k = 0; k < sizeof WORKER_OBJS / sizeof WORKER_OBJS[0]; k++)
        snprintf(s + strlen(s), size - strlen(s), "\"$KIT/obj/%s\" ", WORKER_OBJS[k]);
    strcat(s, san ? "\"$WORK/student-san.o\" " : "\"$WORK/student.o\" ");
    for (int c = 0; c < NN_N_CHAPTERS; c++)
        if (NN_CHAPTERS[c].number != ch->number)
            snprintf(s + strlen(s), size - strlen(s), "\"$KIT/obj/%s.o\" ", NN_CHAPTERS[c].stem);
    strcat(s, "\"$KIT/obj/libnnwb.a\" ");
    words(s, size, b->libs, b->n_libs);
    strcat(s, "2>>\"$WORK/cc.txt\" || exit 12\n");
    return s;
}

int build_check_source(const char *src, const char *work, const char *kit_include_seen, const chapter_def *ch,
                       nn_error *err)
{
    char path[4200], file[96];
    snprintf(file, sizeof file, "%s.c", ch->stem);
    size_t raw_len, pre_len;
    char *raw = nn_slurp(src, 1 << 20, &raw_len);
    snprintf(path, sizeof path, "%s/pre.i", work);
    char *pre = nn_slurp(path, 64 << 20, &pre_len);
    int rc;
    if (!raw || !pre)
        rc = nn_fail(err, "the grader cannot read %s", raw ? "the preprocessed file" : "your file");
    else
        rc = nn_policy_source(raw, raw_len, pre, pre_len, file, kit_include_seen, err);
    free(raw);
    free(pre);
    return rc;
}

int build_check_policy(const char *src, const char *work, const char *kit_include_seen, const char *ref_obj,
                       const chapter_def *ch, bool reference_itself, nn_error *err)
{
    char path[4200];
    int rc = build_check_source(src, work, kit_include_seen, ch, err);
    if (rc != 0)
        return rc;
    char *allowed = NULL;
    if (nn_policy_defined(&allowed, ref_obj, err) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/student.o", work);
    rc = nn_policy_check(path, allowed, err);
    free(allowed);
    if (rc < 0) {
        nn_fail(err, "the compiler's output is not an object file the grader can read");
        return 1;
    }
    if (rc == 0 && !reference_itself && nn_policy_same_code(path, ref_obj)) {
        nn_fail(err, "your file compiles to exactly the machine code of the reference solution");
        return 1;
    }
    return rc;
}

void build_messages(char *out, size_t size, const char *cc_txt, const chapter_def *ch, int max_lines)
{
    size_t len;
    char *text = nn_slurp(cc_txt, 1 << 20, &len);
    if (!text)
        return;
    char file[96];
    int n = snprintf(file, sizeof file, "%s.c:", ch->stem);
    int lines = 0;
    bool keep_excerpt = false;
    for (char *line = text, *next; line && *line && lines < max_lines; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        bool own = !strncmp(line, file, (size_t)n);
        bool excerpt = line[0] == ' ' && strchr(line, '|') && strspn(line, " 0123456789") == (size_t)(strchr(line, '|') - line);
        if (own) {
            keep_excerpt = true;
            snprintf(out + strlen(out), size - strlen(out), "exercises/%s\n", line);
            lines++;
        } else if (excerpt && keep_excerpt) {
            snprintf(out + strlen(out), size - strlen(out), "%s\n", line);
            lines++;
        } else {
            keep_excerpt = false;
        }
    }
    free(text);
}
