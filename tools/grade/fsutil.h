/* fsutil.h - file-system operations the grader does on trees a student's
 * code could have written (submission folders, work folders), which must
 * never follow a link it did not make: every walk goes through openat with
 * O_NOFOLLOW and fstatat(AT_SYMLINK_NOFOLLOW), every removal through
 * unlinkat relative to an open folder. */
#ifndef NNWB_FSUTIL_H
#define NNWB_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Remove path and everything below it without following any link (a link
 * is removed, not its target) and without recursion, so a tree of any
 * depth goes. Missing is success. 0, or -1 with errno of the first failure
 * (what could be removed is removed). */
int nn_rm_tree(const char *path);

/* Copy the regular file `name` of the open folder dirfd (not a link, not a
 * device) to the new file `to` (which must not exist), at most max bytes.
 * 0, or -1 with errno: ELOOP for a link, EINVAL for not a regular file,
 * EFBIG when larger than max. */
int nn_copy_at(int dirfd, const char *name, const char *to, long max, mode_t mode);

/* The whole of the regular file path (not through a link), at most max
 * bytes, NUL-terminated; its length in *len. Malloc'ed (the caller frees),
 * or NULL when it is missing, not a regular file, too large or unreadable. */
char *nn_slurp(const char *path, size_t max, size_t *len);

/* mkdir -p, each part made with mode. 0, or -1 with errno. */
int nn_mkdir_p(const char *path, mode_t mode);

#endif
