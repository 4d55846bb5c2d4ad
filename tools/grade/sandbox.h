/* sandbox.h - run one untrusted program (an unpacker, the compiler and
 * linker on a student's file, a worker with the student's code) in a
 * throw-away sandbox, for `nnwb grade`.
 *
 * The program runs in new pid, mount, network, IPC and UTS namespaces with
 * its own root: a size-limited tmpfs (so a full disk harms only that
 * sandbox) holding read-only binds of /usr and /etc, the grader's kit at
 * /kit, the step's inputs at /in, the data folders at /data and /gen, a
 * writable /work and /tmp inside the tmpfs, and /dev/null, /dev/zero,
 * /dev/urandom. /proc is mounted only where asked (never for a worker, so
 * no process can reach its own or another's memory through it). Nothing
 * else of the host is visible, and nothing the program writes reaches the
 * host except through the pipes it is given: the tmpfs goes with the
 * namespace, so there is nothing of the student's to clean up.
 *
 * When the grader is root the program runs as an unprivileged uid that is
 * unique to the grading run and job slot; otherwise a user namespace maps
 * the caller to uid 1000 inside. Pid 1 is a small init that starts the
 * program, reaps, and when the program ends kills whatever it left and
 * streams the files named in `collect` back to the caller. Limits: a wall
 * clock (the whole namespace is killed at the deadline), RLIMIT_CPU, AS,
 * FSIZE, NPROC, NOFILE, CORE = 0, and per-run cgroups where writable.
 *
 * Where namespaces cannot be made (a Docker container under its default
 * seccomp profile, as on Gradescope), `confined` runs the same program with
 * what is left: no private root, no pid, mount or network namespace; the
 * program sees the host's files at the host paths the caller gives it, and
 * runs in host_work. As root it still runs as the unprivileged uid of the
 * run and job slot (so it cannot write the grader's files or read its
 * memory), with the same rlimits and a process group of its own; its init
 * ends every process of that uid (or, not as root, its process group) when
 * it ends or at the deadline. What the worker may do is held by its seccomp
 * filter, which does not depend on namespaces (see docs/GRADING.md). */
#ifndef NNWB_SANDBOX_H
#define NNWB_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

#include "nn_error.h"

#define NN_SANDBOX_FDS 3          /* caller pipes handed to the program as fds 3, 4, 5 */
#define NN_SANDBOX_COLLECT_MAX 16 /* files collected from /work after the program */

typedef struct {
    const char *root_dir;    /* host: an empty folder the new root is mounted on */
    const char *in_dir;      /* host: read-only at /in, or NULL */
    const char *kit_dir;     /* host: read-only at /kit, or NULL */
    const char *data_dir;    /* host: read-only at /data, or NULL */
    const char *gen_dir;     /* host: read-only at /gen, or NULL */
    bool mount_proc;         /* a /proc for the new pid namespace (the compiler wants one) */
    long long tmpfs_bytes;   /* size of the writable root (/work and /tmp) */
    uid_t uid;               /* when the caller is root: the uid and gid to run as */
    gid_t gid;
    double wall_seconds;     /* the whole namespace is killed after this */
    int cpu_seconds;         /* RLIMIT_CPU of each process */
    long long as_bytes;      /* RLIMIT_AS of each process, and the memory cgroup's limit */
    long long fsize_bytes;   /* RLIMIT_FSIZE */
    int nproc;               /* RLIMIT_NPROC, and the pids cgroup's limit */
    char *const *argv;       /* argv[0] is an absolute path inside the sandbox */
    char *const *envp;       /* the whole environment of the program */
    int out_fd;              /* caller's fd for the program's stdout and stderr, or -1 (/dev/null) */
    int fds[NN_SANDBOX_FDS]; /* caller's fds given to the program as 3, 4, 5; -1 for none */
    const char *collect[NN_SANDBOX_COLLECT_MAX]; /* names in /work to send back, NULL-ended */
    long long collect_max;   /* bytes per collected file */
    int collect_fd;          /* caller's fd the collected files are written to */
    bool confined;           /* no namespaces: root_dir..gen_dir are not mounted, see above */
    const char *host_work;   /* confined: the program's working folder (its /work), writable by uid */
} nn_sandbox;

typedef struct {
    bool exited;      /* the program ended by exit(): code holds the status */
    int code;         /* exit status, or the signal number when !exited */
    bool timed_out;   /* killed at the wall-clock limit (or by nn_sandbox_stop) */
    double seconds;   /* wall time */
} nn_sandbox_result;

typedef struct {
    pid_t supervisor;
    int report_fd;    /* the supervisor's and init's reports */
    int error_fd;     /* a setup failure */
    uid_t uid;        /* for the cgroups' clean-up */
} nn_sandbox_handle;

/* Start sb in a new sandbox and return at once. 0, or -1 with a one-line
 * reason in err. Every start is ended by one nn_sandbox_wait. */
int nn_sandbox_start(nn_sandbox_handle *h, const nn_sandbox *sb, nn_error *err);

/* Wait for the sandbox to end (kill it first when kill_now), fill *res.
 * 0, or -1 with the reason the sandbox could not be set up in err. */
int nn_sandbox_wait(nn_sandbox_handle *h, nn_sandbox_result *res, bool kill_now, nn_error *err);

/* Start and wait: 0, or -1 with err as either of them gives it. */
int nn_sandbox_run(nn_sandbox_result *res, const nn_sandbox *sb, nn_error *err);

/* 0 with a one-line description of what the sandbox enforces here in desc,
 * or -1 with the reason it cannot run here (e.g. namespaces are disabled)
 * in err. */
int nn_sandbox_probe(char *desc, size_t size, nn_error *err);

/* A one-line description of what the confined mode enforces here. */
void nn_sandbox_probe_confined(char *desc, size_t size);

#endif
