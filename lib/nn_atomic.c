/* nn_atomic.c - whole-or-nothing file writes (see nn_atomic.h). */
#include "nn_atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nn_atomic_open(nn_atomic *a, const char *path, nn_error *err)
{
    size_t len = strlen(path) + sizeof ".tmp.XXXXXX";
    a->path = path;
    a->f = NULL;
    a->tmp = malloc(len);
    if (!a->tmp)
        return nn_fail(err, "%s: out of memory", path);
    snprintf(a->tmp, len, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        free(a->tmp);
        a->tmp = NULL;
        return nn_fail(err, "%s: cannot write: %s", path, strerror(e));
    }
    mode_t mask = umask(0); /* mkstemp makes 0600; give the usual 0666 & ~umask */
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        free(a->tmp);
        a->tmp = NULL;
        return nn_fail(err, "%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

int nn_atomic_commit(nn_atomic *a, nn_error *err)
{
    int bad = ferror(a->f);
    int e = errno;
    if (fclose(a->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    a->f = NULL;
    if (!bad && rename(a->tmp, a->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad)
        unlink(a->tmp);
    free(a->tmp);
    a->tmp = NULL;
    return bad ? nn_fail(err, "%s: cannot write: %s", a->path, strerror(e ? e : EIO)) : 0;
}

void nn_atomic_abort(nn_atomic *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp) {
        unlink(a->tmp);
        free(a->tmp);
    }
    a->f = NULL;
    a->tmp = NULL;
}
