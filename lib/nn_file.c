/* nn_file.c - checks on file names before reading or writing (see nn_file.h). */
#include "nn_file.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAX_LINKS 40 /* symbolic links followed in a row, as the kernel's ELOOP limit */

/* What a file that is not a regular one is, for messages. */
static const char *kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* /dev/null (character device 1:3 on Linux), which reads as an empty file. */
static bool is_null_device(const struct stat *st)
{
    return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

int nn_file_input(const char *path, const char *what, nn_error *err)
{
    struct stat st;
    if (!*path)
        return nn_fail(err, "an empty file name, not %s", what);
    if (stat(path, &st) != 0)
        return nn_fail(err, "%s: cannot open: %s", path, strerror(errno));
    if (is_null_device(&st))
        return nn_fail(err, "%s: empty file (the null device), not %s", path, what);
    if (!S_ISREG(st.st_mode))
        return nn_fail(err, "%s: %s, not %s", path, kind(st.st_mode), what);
    if (st.st_size == 0)
        return nn_fail(err, "%s: empty file (0 bytes), not %s", path, what);
    if (access(path, R_OK) != 0)
        return nn_fail(err, "%s: cannot open: %s", path, strerror(errno));
    return 0;
}

/* Follow path's symbolic links to the name a write would replace or create
 * (a link that points nowhere yet gives the name it points to). Returns that
 * name, malloc'ed, with *exists and, when it exists, its lstat in *st; or
 * NULL with errno set (ELOOP, ENOTDIR, ENOMEM, ...). */
static char *follow_links(const char *path, struct stat *st, bool *exists)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        if (lstat(cur, st) != 0) {
            if (errno != ENOENT) {
                free(cur);
                return NULL;
            }
            *exists = false; /* a missing folder on the way is nn_file_output's to report */
            return cur;
        }
        if (!S_ISLNK(st->st_mode)) {
            *exists = true;
            return cur;
        }
        char link[PATH_MAX];
        ssize_t n = hops < MAX_LINKS ? readlink(cur, link, sizeof link - 1) : -1;
        if (n < 0) {
            if (hops >= MAX_LINKS)
                errno = ELOOP;
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        const char *slash = strrchr(cur, '/');
        char *next;
        if (link[0] == '/' || !slash) { /* absolute, or relative to the current folder */
            next = strdup(link);
        } else { /* relative to the folder that holds the link */
            size_t dir = (size_t)(slash - cur) + 1;
            if ((next = malloc(dir + (size_t)n + 1))) {
                memcpy(next, cur, dir);
                memcpy(next + dir, link, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    errno = ENOMEM;
    return NULL;
}

/* The folder part of path ("." for a bare name), malloc'ed or NULL. */
static char *folder_of(const char *path)
{
    char *copy = strdup(path), *dir = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    return dir;
}

int nn_file_output(const char *path, char **target, nn_error *err)
{
    if (target)
        *target = NULL;
    if (!*path)
        return nn_fail(err, "cannot write '': the file name is empty");
    if (path[strlen(path) - 1] == '/')
        return nn_fail(err, "cannot write %s: a name ending in '/' is a folder, not a file", path);
    struct stat st;
    bool exists;
    char *to = follow_links(path, &st, &exists), *dir = NULL;
    if (!to)
        return nn_fail(err, "cannot write %s: %s", path, strerror(errno));
    int rc = -1;
    const char *via = strcmp(to, path) ? to : NULL; /* the link's target, for messages */
    if (exists && !S_ISREG(st.st_mode)) {
        nn_fail(err, "cannot write %s: %s%s%s%s, not a regular file", path, via ? "it leads to " : "",
                via ? via : "", via ? ", " : "", kind(st.st_mode));
        goto done;
    }
    if (exists && access(to, W_OK) != 0) {
        nn_fail(err, "cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    if (!(dir = folder_of(to))) {
        nn_fail(err, "cannot write %s: out of memory", path);
        goto done;
    }
    struct stat ds;
    if (stat(dir, &ds) != 0) {
        if (errno == ENOENT)
            nn_fail(err, "cannot write %s: the folder %s does not exist", path, dir);
        else
            nn_fail(err, "cannot write %s: %s (the folder %s)", path, strerror(errno), dir);
    } else if (!S_ISDIR(ds.st_mode)) {
        nn_fail(err, "cannot write %s: %s is not a folder", path, dir);
    } else if (access(dir, W_OK | X_OK) != 0) {
        nn_fail(err, "cannot write %s: %s (the folder %s)", path, strerror(errno), dir);
    } else {
        rc = 0;
    }
done:
    free(dir);
    if (rc == 0 && target)
        *target = to;
    else
        free(to);
    return rc;
}

/* The folder (with its links resolved) and name a write to path would
 * replace or create, malloc'ed; NULL when out of memory. */
static char *canonical(const char *path)
{
    struct stat st;
    bool exists;
    char *to = follow_links(path, &st, &exists), *dir = to ? folder_of(to) : NULL;
    char *real = dir ? realpath(dir, NULL) : NULL, *name = NULL;
    free(dir);
    if (!real) /* the folder does not exist (yet): compare the names as given */
        return to;
    const char *base = strrchr(to, '/') ? strrchr(to, '/') + 1 : to;
    size_t len = strlen(real) + strlen(base) + 2;
    if ((name = malloc(len)))
        snprintf(name, len, "%s/%s", real, base);
    free(to);
    free(real);
    return name;
}

bool nn_file_same(const char *a, const char *b)
{
    struct stat sa, sb;
    bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return false;
    char *ca = canonical(a), *cb = canonical(b);
    bool same = ca && cb && !strcmp(ca, cb);
    free(ca);
    free(cb);
    return same;
}
