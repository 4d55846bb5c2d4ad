/* chapter.c - build, check and judge one chapter file (chapter.h), with
 * the two ways of starting a worker: a plain child process (make check)
 * and a sandbox (nnwb grade). */
#include "chapter.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "protocol.h"
#include "sandbox.h"

#define BUILD_SECONDS 60.0                /* wall clock of the build step */
#define BUILD_FSIZE (64LL << 20)          /* its largest file */
#define WORKER_FSIZE (16LL << 20)
#define WORKER_NPROC 16                   /* the worker cannot fork (seccomp); this is a second wall */
#define COLLECTED_MAX (32LL << 20)        /* each file the build step sends back */
#define WORKER_CPU 600                    /* RLIMIT_CPU of a worker, seconds (the judge's clocks are shorter) */
/* MALLOC_PERTURB_ fills freed memory so that a use after free reads garbage,
 * but glibc puts small freed blocks (up to 1 KB) in its thread cache without
 * filling them: a small temporary read after its free still held its values.
 * Without the cache every free is filled. */
#define WORKER_TUNABLES "GLIBC_TUNABLES=glibc.malloc.tcache_count=0"

static char *BASE_ENV[] = {"PATH=/usr/bin:/bin", "HOME=/work", "TMPDIR=/tmp", "LC_ALL=C", NULL};

/* ---- a worker as a plain child process (make check) ---------------------------- */

typedef struct {
    const char *worker;    /* the program */
    char inbox[PATH_MAX];
    bool san;
    pid_t pid;
} local_ctx;

static int local_start(void *ctx_, worker_io *io, nn_error *err)
{
    local_ctx *c = ctx_;
    const char *tmp = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    snprintf(c->inbox, sizeof c->inbox, "%s/nnwb-inbox-XXXXXX", tmp);
    if (!mkdtemp(c->inbox))
        return nn_fail(err, "cannot make a folder in %s: %s", tmp, strerror(errno));
    int req[2], rep[2], out[2];
    if (pipe2(req, O_CLOEXEC) != 0 || pipe2(rep, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
        return nn_fail(err, "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        return nn_fail(err, "fork: %s", strerror(errno));
    if (pid == 0) {
        /* Move the pipes above the fds they are going to, then down. */
        int r = fcntl(req[0], F_DUPFD, 100), w = fcntl(rep[1], F_DUPFD, 100), o = fcntl(out[1], F_DUPFD, 100);
        int null = open("/dev/null", O_RDONLY);
        if (r < 0 || w < 0 || o < 0 || dup2(null, 0) < 0 || dup2(o, 1) < 0 || dup2(o, 2) < 0 ||
            dup2(r, NN_WIRE_REQ_FD) < 0 || dup2(w, NN_WIRE_REP_FD) < 0)
            _exit(127);
        for (int fd = NN_WIRE_REP_FD + 1; fd < 1024; fd++)
            close(fd);
        struct rlimit core = {0, 0}, cpu = {WORKER_CPU, WORKER_CPU};
        setrlimit(RLIMIT_CORE, &core);
        setrlimit(RLIMIT_CPU, &cpu);
        if (!c->san) {
            struct rlimit as = {4LL << 30, 4LL << 30};
            setrlimit(RLIMIT_AS, &as);
        }
        char *env[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", "MALLOC_PERTURB_=165", WORKER_TUNABLES, "LIBC_FATAL_STDERR_=1",
                       "OPENBLAS_NUM_THREADS=1", c->san ? "NNWB_WORKER_SAN=1" : NULL,
                       c->san ? "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1" : NULL, NULL};
        char *argv[] = {(char *)c->worker, c->inbox, NULL};
        execve(c->worker, argv, env);
        _exit(127);
    }
    close(req[0]);
    close(rep[1]);
    close(out[1]);
    c->pid = pid;
    *io = (worker_io){req[1], rep[0], out[0], c};
    return 0;
}

static void local_stop(void *ctx_, worker_io *io, worker_end *end)
{
    local_ctx *c = ctx_;
    int status = 0;
    close(io->req);
    /* A worker that is done reads end-of-file and exits; give it a moment. */
    for (int k = 0; k < 50 && waitpid(c->pid, &status, WNOHANG) == 0; k++)
        usleep(1000);
    if (waitpid(c->pid, &status, WNOHANG) == 0) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, &status, 0);
    }
    close(io->rep);
    close(io->out);
    *end = (worker_end){WIFEXITED(status), WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status)};
    nn_rm_tree(c->inbox);
}

/* ---- a worker in the sandbox (nnwb grade) -------------------------------------------- */

typedef struct {
    nn_sandbox sb;
    char root[PATH_MAX];
    char *argv[3];          /* the worker and its inbox, as the worker sees them */
    nn_sandbox_handle h;
} sandbox_ctx;

static char *const WORKER_ENV[] = {"PATH=/usr/bin:/bin", "HOME=/work", "TMPDIR=/tmp", "LC_ALL=C",
                                   "MALLOC_PERTURB_=165", WORKER_TUNABLES, "LIBC_FATAL_STDERR_=1",
                                   "OPENBLAS_NUM_THREADS=1", NULL};
static char *const WORKER_ARGV[] = {"/in/worker", "/work", NULL};

static int sandbox_start(void *ctx_, worker_io *io, nn_error *err)
{
    sandbox_ctx *c = ctx_;
    int req[2], rep[2], out[2];
    if (pipe2(req, O_CLOEXEC) != 0 || pipe2(rep, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
        return nn_fail(err, "pipe: %s", strerror(errno));
    c->sb.fds[0] = req[0];
    c->sb.fds[1] = rep[1];
    c->sb.fds[2] = -1;
    c->sb.out_fd = out[1];
    int rc = nn_sandbox_start(&c->h, &c->sb, err);
    close(req[0]);
    close(rep[1]);
    close(out[1]);
    if (rc != 0) {
        close(req[1]), close(rep[0]), close(out[0]);
        return -1;
    }
    *io = (worker_io){req[1], rep[0], out[0], c};
    return 0;
}

static void sandbox_stop(void *ctx_, worker_io *io, worker_end *end)
{
    sandbox_ctx *c = ctx_;
    close(io->req);
    nn_sandbox_result r;
    nn_error ignored;
    /* A worker that is done reads end-of-file and exits by itself; a
     * crashed one is already gone. Kill only what still runs after that. */
    bool alive = true;
    for (int k = 0; k < 50 && alive; k++) {
        siginfo_t info = {0};
        alive = waitid(P_PID, (id_t)c->h.supervisor, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
        if (alive)
            usleep(1000);
    }
    if (nn_sandbox_wait(&c->h, &r, alive, &ignored) != 0)
        r = (nn_sandbox_result){false, SIGKILL, true, 0};
    close(io->rep);
    close(io->out);
    *end = (worker_end){r.exited, r.code};
}

/* ---- the build step ---------------------------------------------------------------------- */

/* Unpack the build step's collected files (sandbox.c's format) into dir. */
static int unpack_collected(const char *bundle, const char *dir)
{
    int in = open(bundle, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return -1;
    int rc = 0;
    for (;;) {
        uint32_t n;
        uint64_t size;
        char name[64];
        ssize_t r = read(in, &n, sizeof n);
        if (r == 0)
            break;
        if (r != sizeof n || n == 0 || n >= sizeof name || read(in, name, n) != (ssize_t)n ||
            read(in, &size, sizeof size) != sizeof size || size > (uint64_t)COLLECTED_MAX) {
            rc = -1;
            break;
        }
        name[n] = '\0';
        if (strspn(name, "abcdefghijklmnopqrstuvwxyz.") != n || name[0] == '.') {
            rc = -1;
            break;
        }
        char path[PATH_MAX + 80];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, !strcmp(name, "worker") ? 0755 : 0644);
        if (out < 0) {
            rc = -1;
            break;
        }
        char buf[1 << 16];
        while (size > 0 && rc == 0) {
            ssize_t got = read(in, buf, size < sizeof buf ? (size_t)size : sizeof buf);
            if (got <= 0 || write(out, buf, (size_t)got) != got)
                rc = -1;
            size -= got > 0 ? (uint64_t)got : size;
        }
        if (close(out) != 0 || rc != 0) {
            rc = -1;
            break;
        }
    }
    close(in);
    return rc;
}

/* The folder a step runs in: the sandbox's mount point, or confined the
 * step's own /work, which belongs to the run's uid. 0, or -1 with errno. */
static int make_root(const char *root, const grade_setup *g)
{
    if (mkdir(root, 0700) != 0 && errno != EEXIST)
        return -1;
    return g->confined && geteuid() == 0 ? chown(root, g->uid, g->gid) : 0;
}

/* After the step: the mount point is empty; a confined step's folder is not. */
static void drop_root(const char *root, const grade_setup *g)
{
    if (g->confined)
        nn_rm_tree(root);
    else
        rmdir(root);
}

/* Run the build script for ch; the results land in work (a host folder).
 * Returns the script's exit status (0, 9-12, or 124 for a time-out), or
 * -1 with err when the grader failed. */
static int run_build(const grade_setup *g, const chapter_def *ch, const char *in_dir, const char *work, nn_error *err)
{
    char *script = build_script(g->cmds, ch, g->san);
    if (!script)
        return nn_fail(err, "out of memory");
    int status = -1;
    if (!g->sandboxed) {
        pid_t pid = fork();
        if (pid == 0) {
            setenv("IN", in_dir, 1);
            setenv("WORK", work, 1);
            setenv("KIT", g->kit, 1);
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            execl("/bin/sh", "sh", "-c", script, (char *)NULL);
            _exit(127);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
            nn_fail(err, "cannot run the compiler: %s", strerror(errno));
        else
            status = WIFEXITED(st) ? WEXITSTATUS(st) : 124;
        free(script);
        return status;
    }
    char root[PATH_MAX + 16], bundle[PATH_MAX + 16];
    snprintf(root, sizeof root, "%s/root", g->scratch);
    snprintf(bundle, sizeof bundle, "%s/collected", g->scratch);
    if (make_root(root, g) != 0) {
        free(script);
        return nn_fail(err, "%s: %s", root, strerror(errno));
    }
    int cfd = open(bundle, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (cfd < 0) {
        free(script);
        return nn_fail(err, "%s: %s", bundle, strerror(errno));
    }
    /* Confined, the script sees the host's paths, and root is its /work. */
    char in_env[PATH_MAX + 32], work_env[PATH_MAX + 32], kit_env[PATH_MAX + 8];
    snprintf(in_env, sizeof in_env, "IN=%s", g->confined ? in_dir : "/in");
    snprintf(work_env, sizeof work_env, "WORK=%s", g->confined ? root : "/work");
    snprintf(kit_env, sizeof kit_env, "KIT=%s", g->confined ? g->kit : "/kit");
    char *env[] = {BASE_ENV[0], BASE_ENV[1], BASE_ENV[2], BASE_ENV[3], in_env, work_env, kit_env, NULL};
    char *argv[] = {"/bin/sh", "-c", script, NULL};
    nn_sandbox sb = {
        .root_dir = root, .in_dir = in_dir, .kit_dir = g->kit, .mount_proc = true, .tmpfs_bytes = g->tmpfs,
        .uid = g->uid, .gid = g->gid, .wall_seconds = BUILD_SECONDS, .cpu_seconds = (int)BUILD_SECONDS,
        .as_bytes = g->memory, .fsize_bytes = BUILD_FSIZE, .nproc = 64, .argv = argv, .envp = env,
        .out_fd = -1, .fds = {-1, -1, -1}, .collect = {"pre.i", "student.o", "worker", "cc.txt"},
        .collect_max = COLLECTED_MAX, .collect_fd = cfd, .confined = g->confined, .host_work = root,
    };
    nn_sandbox_result r;
    int rc = nn_sandbox_run(&r, &sb, err);
    close(cfd);
    free(script);
    drop_root(root, g);
    if (rc != 0)
        return -1;
    if (unpack_collected(bundle, work) != 0) {
        unlink(bundle);
        return nn_fail(err, "the build step's files could not be read back");
    }
    unlink(bundle);
    return r.timed_out || !r.exited ? 124 : r.code;
}

/* ---- one chapter ----------------------------------------------------------------------------- */

static bool exists(const char *dir, const char *name)
{
    char path[PATH_MAX + 80];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int grade_chapter_file(chapter_result *cr, const grade_setup *g, const chapter_def *ch, const char *src, nn_error *err)
{
    memset(cr, 0, sizeof *cr);
    cr->def = ch;
    if (!src) {
        judge_skip_chapter(cr, ch, R_FAIL, "not graded: the file is missing");
        snprintf(cr->note, sizeof cr->note, "exercises/%s.c is missing", ch->stem);
        return 0;
    }
    /* The file alone in a folder of its own, so that its #include "..."
     * finds the kit's headers and nothing beside it. */
    char in_dir[PATH_MAX + 16], work[PATH_MAX + 16], copy[PATH_MAX + 128];
    snprintf(in_dir, sizeof in_dir, "%s/in", g->scratch);
    snprintf(work, sizeof work, "%s/work", g->scratch);
    snprintf(copy, sizeof copy, "%s/%s.c", in_dir, ch->stem);
    if ((mkdir(in_dir, 0755) != 0 && errno != EEXIST) || (mkdir(work, 0755) != 0 && errno != EEXIST))
        return nn_fail(err, "%s: %s", g->scratch, strerror(errno));
    if (nn_copy_at(AT_FDCWD, src, copy, 1L << 20, 0644) != 0) {
        judge_skip_chapter(cr, ch, R_FAIL, "not run: the file could not be read");
        snprintf(cr->note, sizeof cr->note, "exercises/%s.c: %s", ch->stem,
                 errno == EFBIG ? "larger than 1 MB" : errno == ELOOP ? "a symbolic link" : strerror(errno));
        return 0;
    }
    int status = run_build(g, ch, in_dir, work, err);
    if (status < 0)
        return -1;
    char cc_txt[PATH_MAX + 32], ref[PATH_MAX + 64], kit_inc[PATH_MAX + 16];
    snprintf(cc_txt, sizeof cc_txt, "%s/cc.txt", work);
    snprintf(ref, sizeof ref, "%s/obj/%s.o", g->kit, ch->stem);
    snprintf(kit_inc, sizeof kit_inc, "%s/include", g->sandboxed && !g->confined ? "/kit" : g->kit);
    /* The rules come first, so that a refused file is told why even when it
     * does not compile (and no compiler message quotes what it included). */
    if (exists(work, "pre.i")) {
        nn_error why = {""};
        int pr = status == 0 ? build_check_policy(copy, work, kit_inc, ref, ch, g->reference_itself, &why)
                             : build_check_source(copy, work, kit_inc, ch, &why);
        if (pr < 0 && status == 0) {
            *err = why;
            return -1;
        }
        if (pr > 0) {
            judge_skip_chapter(cr, ch, R_FAIL, "not run: the file was refused");
            snprintf(cr->note, sizeof cr->note, "exercises/%s.c was refused: %s", ch->stem, why.msg);
            return 0;
        }
    }
    if (status != 0) {
        const char *what = status == 124 ? "did not compile in time" : status == 12 ? "did not link" : "did not compile";
        snprintf(cr->note, sizeof cr->note, "exercises/%s.c %s:\n", ch->stem, what);
        build_messages(cr->note, sizeof cr->note, cc_txt, ch, 15);
        char why[128];
        snprintf(why, sizeof why, "not run: the file %s", what);
        judge_skip_chapter(cr, ch, R_FAIL, why);
        return 0;
    }
    build_messages(cr->warnings, sizeof cr->warnings, cc_txt, ch, 20);

    char worker[PATH_MAX + 32];
    snprintf(worker, sizeof worker, "%s/worker", work);
    judge_runner runner = {.worker_bin = worker, .echo_output = g->echo};
    local_ctx lc = {.worker = worker, .san = g->san};
    sandbox_ctx sc;
    if (!g->sandboxed) {
        runner.start = local_start;
        runner.stop = local_stop;
        runner.ctx = &lc;
        runner.data_dir[0] = runner.data_seen[0] = g->data_dir;
        runner.data_dir[1] = runner.data_seen[1] = g->gen_dir;
    } else {
        memset(&sc, 0, sizeof sc);
        snprintf(sc.root, sizeof sc.root, "%s/root", g->scratch);
        if (make_root(sc.root, g) != 0)
            return nn_fail(err, "%s: %s", sc.root, strerror(errno));
        /* Confined, the worker runs from the host's paths, its inbox the root. */
        sc.argv[0] = g->confined ? worker : WORKER_ARGV[0];
        sc.argv[1] = g->confined ? sc.root : WORKER_ARGV[1];
        sc.sb = (nn_sandbox){
            .root_dir = sc.root, .in_dir = work, .data_dir = g->data_dir, .gen_dir = g->gen_dir,
            .mount_proc = false, .tmpfs_bytes = g->tmpfs, .uid = g->uid, .gid = g->gid, .wall_seconds = 3600,
            .cpu_seconds = WORKER_CPU, .as_bytes = g->memory, .fsize_bytes = WORKER_FSIZE, .nproc = WORKER_NPROC,
            .argv = sc.argv, .envp = WORKER_ENV, .out_fd = -1, .fds = {-1, -1, -1}, .collect_fd = -1,
            .confined = g->confined, .host_work = sc.root,
        };
        runner.start = sandbox_start;
        runner.stop = sandbox_stop;
        runner.ctx = &sc;
        runner.data_dir[0] = g->data_dir;
        runner.data_seen[0] = g->confined ? g->data_dir : "/data";
        runner.data_dir[1] = g->gen_dir;
        runner.data_seen[1] = g->confined ? g->gen_dir : "/gen";
    }
    judge_chapter(cr, ch, &runner, &g->jopt);
    if (g->sandboxed)
        drop_root(sc.root, g);
    return 0;
}
