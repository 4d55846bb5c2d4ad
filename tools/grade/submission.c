/* submission.c - listing the submissions and taking their chapter files
 * (submission.h). */
#include "submission.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "judge.h"
#include "sandbox.h"
#include "text.h"

#define MAX_SOURCE (1L << 20) /* a chapter file over 1 MB is not taken */
#define UNPACK_SECONDS 60.0

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_sub(const void *a, const void *b)
{
    const submission *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->entry, y->entry);
}

int sub_list(submission **out, int *count, char **skipped, const char *dir, nn_error *err)
{
    *out = NULL;
    *count = 0;
    strbuf skip = {0};
    sb_add(&skip, "%s", "");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        sb_free(&skip);
        return nn_fail(err, "%s: cannot read the folder: %s", dir, strerror(errno));
    }
    submission *subs = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        submission s = {.kind = SUB_FOLDER};
        snprintf(s.entry, sizeof s.entry, "%s", e->d_name);
        struct stat st;
        const char *why = NULL;
        size_t cut = strlen(e->d_name);
        if (e->d_name[0] == '.')
            why = "a hidden entry";
        else if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            why = "cannot be read";
        else if (S_ISLNK(st.st_mode))
            why = "a symbolic link (not followed)";
        else if (S_ISDIR(st.st_mode))
            s.kind = SUB_FOLDER;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".tar.gz"))
            s.kind = SUB_TGZ, cut -= 7;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".tgz"))
            s.kind = SUB_TGZ, cut -= 4;
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".zip"))
            s.kind = SUB_ZIP, cut -= 4;
        else
            why = "not a folder, .tar.gz, .tgz or .zip";
        if (why) {
            sb_add(&skip, "%s\t%s\n", e->d_name, why);
            continue;
        }
        /* The student's name: ASCII letters, digits, '-', '_' and '.'
         * (not first); anything else becomes '_'. */
        size_t k = 0;
        for (size_t i = 0; i < cut && k < sizeof s.name - 1; i++) {
            char c = e->d_name[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || (c == '.' && k > 0);
            s.name[k++] = ok ? c : '_';
        }
        s.name[k] = '\0';
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            submission *p = realloc(subs, (size_t)cap * sizeof *p);
            if (!p) {
                closedir(d);
                free(subs);
                sb_free(&skip);
                return nn_fail(err, "out of memory");
            }
            subs = p;
        }
        subs[n++] = s;
    }
    closedir(d);
    qsort(subs, (size_t)n, sizeof *subs, cmp_sub);
    for (int k = 1; k < n; k++)
        if (!strcmp(subs[k - 1].name, subs[k].name)) {
            strbuf a = {0};
            sb_add(&a, "%s", "");
            sb_clean(&a, subs[k - 1].entry, 0);
            sb_add(&a, "' and '");
            sb_clean(&a, subs[k].entry, 0);
            nn_fail(err, "%s: the entries '%s' are both the student '%s'; rename one and run again", dir,
                    a.s ? a.s : "?", subs[k].name);
            sb_free(&a);
            free(subs);
            sb_free(&skip);
            return -1;
        }
    *out = subs;
    *count = n;
    *skipped = skip.s;
    return 0;
}

/* ---- folders ---------------------------------------------------------------------- */

/* Open sub-folder name of at, never through a link; -1 if it is none. */
static int open_dir_at(int at, const char *name)
{
    return openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static bool has_chapter_file(int dfd)
{
    for (int c = 0; c < NN_N_CHAPTERS; c++) {
        char name[96];
        struct stat st;
        snprintf(name, sizeof name, "%s.c", NN_CHAPTERS[c].stem);
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return true;
    }
    return false;
}

/* The folder holding the chapter files: SUB/exercises, SUB/X/exercises,
 * SUB itself or SUB/X (no link followed). An open fd, or -1. */
static int source_dir(int sub)
{
    int fd = open_dir_at(sub, "exercises");
    if (fd >= 0)
        return fd;
    if (has_chapter_file(sub))
        return dup(sub);
    int dup_fd = dup(sub);
    DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    struct dirent *e;
    int loose = -1;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        int top = open_dir_at(dirfd(d), e->d_name);
        if (top < 0)
            continue;
        int ex = open_dir_at(top, "exercises");
        if (ex >= 0) {
            close(top);
            if (loose >= 0)
                close(loose);
            closedir(d);
            return ex;
        }
        if (loose < 0 && has_chapter_file(top))
            loose = top;
        else
            close(top);
    }
    if (d)
        closedir(d);
    return loose;
}

/* Name the files that look like a chapter's but are not named as one
 * (ch5_costs.c for ch5_cost.c), so the student knows why it is missing. */
static void misnamed(int from, char *note, size_t note_size)
{
    int fd = dup(from);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *n = e->d_name;
        if (strncmp(n, "ch", 2) || n[2] < '0' || n[2] > '9' || !ends_with(n, ".c"))
            continue;
        bool known = false;
        for (int c = 0; c < NN_N_CHAPTERS; c++)
            known = known || (!strncmp(n, NN_CHAPTERS[c].stem, strlen(NN_CHAPTERS[c].stem)) &&
                              !strcmp(n + strlen(NN_CHAPTERS[c].stem), ".c"));
        if (known)
            continue;
        const char *want = NULL;
        for (int c = 0; c < NN_N_CHAPTERS; c++)
            if (atoi(n + 2) == NN_CHAPTERS[c].number)
                want = NN_CHAPTERS[c].stem;
        size_t len = strlen(note);
        snprintf(note + len, note_size - len, "%sfound %.80s, which is not a chapter file%s%s%s.", len ? " " : "", n,
                 want ? ": the name must be exactly " : "", want ? want : "", want ? ".c" : "");
    }
    if (d)
        closedir(d);
}

static void take_files(int from, const char *dest, char *note, size_t note_size)
{
    misnamed(from, note, note_size);
    for (int c = 0; c < NN_N_CHAPTERS; c++) {
        char name[96], to[PATH_MAX + 100];
        snprintf(name, sizeof name, "%s.c", NN_CHAPTERS[c].stem);
        snprintf(to, sizeof to, "%s/%s", dest, name);
        if (nn_copy_at(from, name, to, MAX_SOURCE, 0644) == 0 || errno == ENOENT)
            continue;
        const char *why = errno == ELOOP ? "a symbolic link (not followed)"
                          : errno == EFBIG ? "larger than 1 MB"
                          : errno == EINVAL ? "not a regular file" : strerror(errno);
        snprintf(note + strlen(note), note_size - strlen(note), "%s%s is %s, so it was not taken.", note[0] ? " " : "",
                 name, why);
    }
}

/* ---- archives ---------------------------------------------------------------------- */

/* Run in the sandbox on $IN/sub (/in/sub): unpack into $TMPDIR (/tmp, the
 * sandbox's own tmpfs), find the chapter files as for a folder, move the
 * regular ones to $WORK (/work; a rename: it needs no room, so an archive
 * that filled the tmpfs still gives up its chapters), whence they are
 * collected. $1 is zip or tgz, then the stems. Confined (no tmpfs), $CAP
 * bytes is the most the archive may unpack to, by its own listing. */
static const char *UNPACK_SCRIPT =
    "set -u; mkdir -p \"$TMPDIR/x\"; cd \"$TMPDIR/x\" || exit 1\n"
    "if [ -n \"${CAP:-}\" ]; then\n"
    "  case \"$1\" in\n"
    "    zip) size=$(unzip -Zt \"$IN/sub\" 2>/dev/null | awk '{ print $3 }') ;;\n"
    "    *) size=$(tar -tvzf \"$IN/sub\" 2>/dev/null | awk '{ s += $3 } END { print s + 0 }') ;;\n"
    "  esac\n"
    "  if [ -z \"$size\" ] || [ \"$size\" -gt \"$CAP\" ]; then\n"
    "    echo \"it unpacks to more than $((CAP >> 20)) MB (or cannot be listed): not unpacked\" >\"$WORK/unpack.log\"; exit 0\n"
    "  fi\n"
    "fi\n"
    "case \"$1\" in\n"
    "  zip) unzip -qq -o \"$IN/sub\" >/dev/null 2>\"$WORK/unpack.log\" || echo 'unzip reported errors' >>\"$WORK/unpack.log\" ;;\n"
    "  *) tar --no-same-owner --no-same-permissions -xzf \"$IN/sub\" 2>\"$WORK/unpack.log\" || "
    "echo 'tar reported errors' >>\"$WORK/unpack.log\" ;;\n"
    "esac\n"
    "shift\n"
    "d=\n"
    "for t in exercises */exercises; do [ -d \"$t\" ] && [ ! -L \"$t\" ] && { d=$t; break; }; done\n"
    "if [ -z \"$d\" ]; then for t in . *; do for s in \"$@\"; do [ -f \"$t/$s.c\" ] && [ ! -L \"$t/$s.c\" ] && d=$t; "
    "done; [ -n \"$d\" ] && break; done; fi\n"
    "[ -n \"$d\" ] || exit 0\n"
    "for s in \"$@\"; do f=\"$d/$s.c\"; [ -f \"$f\" ] && [ ! -L \"$f\" ] && mv \"$f\" \"$WORK/$s.c\"; done\n"
    "exit 0\n";

int sub_fetch(const submission *s, const char *dir, const char *dest, const unpack_setup *u, char *note,
              size_t note_size, nn_error *err)
{
    note[0] = '\0';
    int subs = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (subs < 0)
        return nn_fail(err, "%s: %s", dir, strerror(errno));
    if (s->kind == SUB_FOLDER) {
        int sub = open_dir_at(subs, s->entry);
        close(subs);
        if (sub < 0) {
            snprintf(note, note_size, "the submission folder cannot be opened");
            return 0;
        }
        int src = source_dir(sub);
        close(sub);
        if (src >= 0) {
            take_files(src, dest, note, note_size);
            close(src);
        }
        return 0;
    }
    char in[PATH_MAX], root[PATH_MAX], bundle[PATH_MAX], archive[PATH_MAX + 8];
    snprintf(in, sizeof in, "%s/in", u->scratch);
    snprintf(root, sizeof root, "%s/root", u->scratch);
    snprintf(bundle, sizeof bundle, "%s/collected", u->scratch);
    snprintf(archive, sizeof archive, "%s/sub", in);
    if (mkdir(in, 0755) != 0 || mkdir(root, 0700) != 0 ||
        (u->confined && geteuid() == 0 && chown(root, u->uid, u->gid) != 0)) {
        close(subs);
        return nn_fail(err, "%s: %s", u->scratch, strerror(errno));
    }
    if (nn_copy_at(subs, s->entry, archive, (long)u->max_archive, 0644) != 0) {
        int e = errno;
        close(subs);
        if (e == EFBIG)
            snprintf(note, note_size, "the archive is over the limit of %.1f MB: it was not unpacked",
                     (double)u->max_archive / 1048576.0);
        else
            snprintf(note, note_size, "the archive cannot be read (%s)", strerror(e));
        return 0;
    }
    close(subs);
    int cfd = open(bundle, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (cfd < 0)
        return nn_fail(err, "%s: %s", bundle, strerror(errno));
    char *argv[4 + 64] = {"/bin/sh", "-c", (char *)UNPACK_SCRIPT, "sh", s->kind == SUB_ZIP ? "zip" : "tgz"};
    int argc = 5;
    const char *collect[NN_SANDBOX_COLLECT_MAX] = {"unpack.log"};
    char names[NN_SANDBOX_COLLECT_MAX][96];
    for (int c = 0; c < NN_N_CHAPTERS && c + 1 < NN_SANDBOX_COLLECT_MAX; c++) {
        argv[argc++] = (char *)NN_CHAPTERS[c].stem;
        snprintf(names[c + 1], sizeof names[c + 1], "%s.c", NN_CHAPTERS[c].stem);
        collect[c + 1] = names[c + 1];
    }
    argv[argc] = NULL;
    /* Confined: the host's paths, the step's folder (root) as /work and /tmp. */
    char in_env[PATH_MAX + 8], work_env[PATH_MAX + 8], tmp_env[PATH_MAX + 16], cap_env[48];
    snprintf(in_env, sizeof in_env, "IN=%s", u->confined ? in : "/in");
    snprintf(work_env, sizeof work_env, "WORK=%s", u->confined ? root : "/work");
    snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", u->confined ? root : "/tmp");
    snprintf(cap_env, sizeof cap_env, "CAP=%lld", u->tmpfs);
    char *env[] = {"PATH=/usr/bin:/bin", "HOME=/work", "LC_ALL=C", in_env, work_env, tmp_env,
                   u->confined ? cap_env : NULL, NULL};
    nn_sandbox sb = {
        .root_dir = root, .in_dir = in, .mount_proc = true, .tmpfs_bytes = u->tmpfs, .uid = u->uid, .gid = u->gid,
        .wall_seconds = UNPACK_SECONDS, .cpu_seconds = (int)UNPACK_SECONDS, .as_bytes = u->memory,
        .fsize_bytes = 64LL << 20, .nproc = 16, .argv = argv, .envp = env, .out_fd = -1, .fds = {-1, -1, -1},
        .collect_max = MAX_SOURCE, .collect_fd = cfd, .confined = u->confined, .host_work = root,
    };
    memcpy(sb.collect, collect, sizeof collect);
    nn_sandbox_result r;
    int rc = nn_sandbox_run(&r, &sb, err);
    close(cfd);
    if (u->confined)
        nn_rm_tree(root);
    else
        rmdir(root);
    if (rc != 0)
        return -1;
    if (r.timed_out || !r.exited || r.code != 0)
        snprintf(note, note_size, "unpacking the archive failed (%s)", r.timed_out ? "it took too long" : "it was stopped");
    /* The collected files: unpack.log and the chapter files. */
    int bfd = open(bundle, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    for (;;) {
        uint32_t n;
        uint64_t size;
        char name[96];
        if (bfd < 0 || read(bfd, &n, sizeof n) != sizeof n || n == 0 || n >= sizeof name ||
            read(bfd, name, n) != (ssize_t)n || read(bfd, &size, sizeof size) != sizeof size || size > MAX_SOURCE)
            break;
        name[n] = '\0';
        char *buf = malloc((size_t)size + 1);
        if (!buf || read(bfd, buf, (size_t)size) != (ssize_t)size) {
            free(buf);
            break;
        }
        buf[size] = '\0';
        if (!strcmp(name, "unpack.log")) {
            if (size > 0) {
                size_t len = strlen(note);
                snprintf(note + len, note_size - len, "%sunpacking reported: %.300s", len ? "; " : "", buf);
            }
        } else {
            bool known = false;
            for (int c = 0; c < NN_N_CHAPTERS; c++)
                known = known || (!strncmp(name, NN_CHAPTERS[c].stem, strlen(NN_CHAPTERS[c].stem)) &&
                                  !strcmp(name + strlen(NN_CHAPTERS[c].stem), ".c"));
            char to[PATH_MAX + 100];
            snprintf(to, sizeof to, "%s/%s", dest, name);
            int out = known ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644) : -1;
            if (out >= 0) {
                if (write(out, buf, (size_t)size) != (ssize_t)size || close(out) != 0) {
                    free(buf);
                    close(bfd);
                    return nn_fail(err, "%s: cannot write it: %s", to, strerror(errno));
                }
            }
        }
        free(buf);
    }
    if (bfd >= 0)
        close(bfd);
    unlink(bundle);
    unlink(archive);
    rmdir(in);
    return 0;
}
