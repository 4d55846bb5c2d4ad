/* grade_sandbox.h - run one untrusted program (a compiler, a linker, a
 * graded test program, an unpacker) in a throw-away sandbox, for `nnwb grade`.
 *
 * The program runs as pid 1 of a new pid namespace, in new mount, network,
 * IPC and UTS namespaces, with its own root file system: a small tmpfs that
 * holds read-only binds of /usr and /etc, the grader's kit at /kit, the data
 * folders at /data and /gen, the step's scratch folder (read-write) at /work,
 * a /tmp inside the tmpfs, and /dev/null, /dev/zero, /dev/urandom. Nothing
 * else of the host is visible (not the repository, so not its solutions).
 * When the grader is root the program runs as an unprivileged uid (one per
 * job slot); otherwise a user namespace maps the caller's uid to uid 1000
 * inside. Limits: a wall clock (the whole namespace is killed at the
 * deadline: killing its pid 1 kills every process in it), RLIMIT_CPU,
 * RLIMIT_AS, RLIMIT_FSIZE, RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_CORE = 0, and
 * no network (a new network namespace has only a loopback device, down).
 * See docs/GRADING.md. */
#ifndef GRADE_SANDBOX_H
#define GRADE_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

/* The fds a sandboxed program finds the grader's channel and nonce pipes on. */
#define NN_SANDBOX_CHAN_FD 3
#define NN_SANDBOX_NONCE_FD 4

typedef struct {
    const char *root_dir;    /* host: an empty folder to build the new root on */
    const char *work_dir;    /* host: the step's scratch folder, read-write at /work */
    const char *kit_dir;     /* host: the grader's kit, read-only at /kit */
    const char *data_dir;    /* host: read-only at /data, or NULL */
    const char *gen_dir;     /* host: read-only at /gen, or NULL */
    uid_t uid;               /* when the caller is root: the uid and gid to run as */
    gid_t gid;
    double wall_seconds;     /* the whole namespace is killed after this */
    int cpu_seconds;         /* RLIMIT_CPU of each process */
    long long as_bytes;      /* RLIMIT_AS of each process */
    long long fsize_bytes;   /* RLIMIT_FSIZE: largest file it may write */
    int nproc;               /* RLIMIT_NPROC: processes of its uid */
    const char *stdout_name; /* files in /work for the program's stdout and stderr */
    const char *stderr_name;
    char *const *argv;       /* argv[0] is an absolute path inside the sandbox */
    char *const *envp;       /* the whole environment of the program */
    int chan_fd;             /* caller's fd given as NN_SANDBOX_CHAN_FD, or -1 */
    int nonce_fd;            /* caller's fd given as NN_SANDBOX_NONCE_FD, or -1 */
} nn_sandbox;

typedef struct {
    bool exited;      /* it ended by exit(): code holds the status */
    int code;         /* exit status, or the signal number when !exited */
    bool timed_out;   /* killed at the wall-clock limit */
    double seconds;   /* wall time */
} nn_sandbox_result;

/* Run sb->argv in a new sandbox and wait for it (and every process it
 * started) to end. Returns 0 and fills *res, or -1 with a one-line reason in
 * err (the sandbox could not be set up: the program did not run). */
int nn_sandbox_run(nn_sandbox_result *res, const nn_sandbox *sb, char *err, size_t err_size);

/* A one-line description of what the sandbox enforces on this machine, or
 * -1 with the reason it cannot run here (e.g. namespaces are disabled). */
int nn_sandbox_probe(char *msg, size_t size);

#endif
