/* nn_atomic.c - whole-or-nothing file writes (see nn_atomic.h). */
#include "nn_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nn_file.h"

#define MAX_NAME 64 /* bytes of the target's name kept in the temporary file's */

/* The temporary file's name for target "DIR/NAME": "DIR/.NAME.nnwb-tmp-XXXXXX"
 * (NAME cut to MAX_NAME bytes), malloc'ed. Hidden, and with no extension of
 * its own, so that a leftover of a killed run never looks like an output. */
static char *temp_name(const char *target)
{
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    size_t dir = (size_t)(base - target), name = strlen(base);
    if (name > MAX_NAME)
        name = MAX_NAME;
    size_t len = dir + name + sizeof "..nnwb-tmp-XXXXXX";
    char *tmp = malloc(len);
    if (tmp)
        snprintf(tmp, len, "%.*s.%.*s.nnwb-tmp-XXXXXX", (int)dir, target, (int)name, base);
    return tmp;
}

/* The mode (and, for root, the owner) the new file takes: the target's when
 * it exists, else what fopen would give (0666 less the umask). */
static int copy_mode(int fd, const char *target)
{
    struct stat st;
    if (stat(target, &st) != 0) {
        mode_t mask = umask(0);
        umask(mask);
        return fchmod(fd, 0666 & ~mask);
    }
    if (geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0)
        return -1;
    return fchmod(fd, st.st_mode & 07777);
}

int nn_atomic_open(nn_atomic *a, const char *path, nn_error *err)
{
    *a = (nn_atomic){.path = path};
    if (nn_file_output(path, &a->target, err) != 0)
        return -1;
    if (!(a->tmp = temp_name(a->target))) {
        free(a->target);
        a->target = NULL;
        return nn_fail(err, "cannot write %s: out of memory", path);
    }
    int fd = mkstemp(a->tmp), e = 0;
    if (fd < 0)
        e = errno;
    else if (copy_mode(fd, a->target) != 0 || !(a->f = fdopen(fd, "w")))
        e = errno;
    if (e) {
        if (fd >= 0) {
            close(fd);
            unlink(a->tmp);
        }
        nn_atomic_abort(a);
        return nn_fail(err, "cannot write %s: %s", path, strerror(e));
    }
    errno = 0; /* so that commit can tell which error a failed write left */
    return 0;
}

/* fsync the folder of a renamed file, so that the rename itself is on disk.
 * Best effort: the file is complete either way. */
static void sync_folder(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? strndup(target, (size_t)(slash - target) + 1) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

int nn_atomic_commit(nn_atomic *a, nn_error *err)
{
    int e = 0;
    if (ferror(a->f))
        e = errno ? errno : EIO; /* a write failed; errno is what it left */
    if (fflush(a->f) != 0 && !e)
        e = errno;
    if (!e && fsync(fileno(a->f)) != 0 && errno != EINVAL) /* EINVAL: cannot be synced */
        e = errno;
    if (fclose(a->f) != 0 && !e)
        e = errno;
    a->f = NULL;
    if (!e && rename(a->tmp, a->target) != 0)
        e = errno;
    if (e)
        unlink(a->tmp);
    else
        sync_folder(a->target);
    nn_atomic_abort(a);
    return e ? nn_fail(err, "cannot write %s: %s", a->path, strerror(e)) : 0;
}

void nn_atomic_abort(nn_atomic *a)
{
    if (a->f) {
        fclose(a->f);
        unlink(a->tmp);
    }
    free(a->tmp);
    free(a->target);
    a->f = NULL;
    a->tmp = NULL;
    a->target = NULL;
}

int nn_atomic_write(const char *path, const void *buf, size_t n, nn_error *err)
{
    nn_atomic a;
    if (nn_atomic_open(&a, path, err) != 0)
        return -1;
    if (n > 0 && fwrite(buf, 1, n, a.f) != n && !errno)
        errno = EIO;
    return nn_atomic_commit(&a, err);
}
