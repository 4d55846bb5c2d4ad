/* fsutil.c - link-safe removal, copying and reading for the grader (fsutil.h). */
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Empty the open folder fd, one level at a time: descend into the first
 * sub-folder that is not empty, come back up through "..", repeat. Only
 * one folder is open at a time, so depth costs neither fds nor stack. */
static int empty_folder(int fd)
{
    int depth = 0, first_err = 0;
    for (;;) {
        DIR *d = fdopendir(fd);
        if (!d) {
            close(fd);
            return -1;
        }
        rewinddir(d);
        struct dirent *e;
        int down = -1;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            struct stat st;
            if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            if (!S_ISDIR(st.st_mode)) {
                if (unlinkat(dirfd(d), e->d_name, 0) != 0 && !first_err)
                    first_err = errno;
                continue;
            }
            if (unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == 0)
                continue;
            if (errno != ENOTEMPTY && errno != EEXIST) {
                if (!first_err)
                    first_err = errno;
                continue;
            }
            down = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (down >= 0)
                break;
            if (!first_err)
                first_err = errno;
        }
        if (down >= 0) {
            closedir(d);
            fd = down;
            depth++;
            continue;
        }
        if (depth == 0) {
            closedir(d);
            if (first_err) {
                errno = first_err;
                return -1;
            }
            return 0;
        }
        /* This folder is as empty as it gets: go up and let the parent's
         * pass remove it (or report what could not be removed). */
        int up = openat(dirfd(d), "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        closedir(d);
        if (up < 0)
            return -1;
        fd = up;
        depth--;
        if (first_err) {
            /* Something below cannot go: stop rather than loop. */
            close(fd);
            errno = first_err;
            return -1;
        }
    }
}

int nn_rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (empty_folder(fd) != 0)
        return -1;
    return rmdir(path);
}

int nn_copy_at(int dirfd, const char *name, const char *to, long max, mode_t mode)
{
    int in = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (in < 0)
        return -1;
    struct stat st;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max) {
        int e = fstat(in, &st) == 0 && S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        close(in);
        errno = e;
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
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
            errno = total > max ? EFBIG : errno;
            break;
        }
    }
    if (n < 0)
        rc = -1;
    close(in);
    if (close(out) != 0)
        rc = -1;
    if (rc != 0)
        unlink(to);
    return rc;
}

int nn_mkdir_p(const char *path, mode_t mode)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, mode) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(tmp, mode) != 0 && errno != EEXIST ? -1 : 0;
}

char *nn_slurp(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    ssize_t r = 1;
    while (buf && got < (size_t)st.st_size && (r = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
        got += (size_t)r;
    close(fd);
    if (buf)
        buf[got] = '\0';
    *len = got;
    return buf;
}
