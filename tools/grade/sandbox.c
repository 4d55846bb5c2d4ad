/* sandbox.c - namespaces, a private root and resource limits for one
 * untrusted program; see sandbox.h and docs/GRADING.md.
 *
 * Four processes: the caller forks a supervisor, which joins the run's
 * cgroups, unshares the namespaces and forks the sandbox's pid 1; pid 1
 * builds the root, drops privileges, sets the limits and forks the program,
 * then reaps until it ends, kills what is left and sends back the collected
 * files. The supervisor kills pid 1 at the deadline, which ends the
 * namespace and everything in it; both die with their parent
 * (PR_SET_PDEATHSIG), so an interrupted grader leaves nothing running. */
#include "sandbox.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROOT_INODES 4096 /* files and folders in the new root */
#define INNER_UID 1000                                  /* the caller's uid inside a user namespace */

static const int NS_FLAGS = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;

/* Report a setup failure on fd (the caller's error pipe) and end. */
static void die(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die(int fd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n > 0 && write(fd, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1) < 0)
        _exit(127);
    _exit(127);
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Bind host path src at root/dst; read-only unless rw. Keeps the flags the
 * source mount already has (a user namespace may not clear them). */
static void bind(int efd, const char *root, const char *src, const char *dst, bool rw, bool is_file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s", root, dst);
    if (is_file) {
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            die(efd, "sandbox: cannot create %s: %s", path, strerror(errno));
        close(fd);
    } else if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        die(efd, "sandbox: cannot create %s: %s", path, strerror(errno));
    }
    if (mount(src, path, NULL, MS_BIND | MS_REC, NULL) != 0)
        die(efd, "sandbox: cannot bind %s: %s", src, strerror(errno));
    struct statvfs v;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID | (rw ? 0 : MS_RDONLY);
    if (statvfs(path, &v) == 0) {
        if (v.f_flag & ST_NODEV)
            flags |= MS_NODEV;
        if (v.f_flag & ST_NOEXEC)
            flags |= MS_NOEXEC;
        if (v.f_flag & ST_NOATIME)
            flags |= MS_NOATIME;
        if (v.f_flag & ST_NODIRATIME)
            flags |= MS_NODIRATIME;
        if (v.f_flag & ST_RELATIME)
            flags |= MS_RELATIME;
        if (v.f_flag & ST_RDONLY)
            flags |= MS_RDONLY;
    }
    if (mount(NULL, path, NULL, flags, NULL) != 0)
        die(efd, "sandbox: cannot remount %s %s: %s", dst, rw ? "read-write" : "read-only", strerror(errno));
}

/* /bin, /lib, /lib64, /sbin: the same symlink as the host's, else a bind. */
static void top_link(int efd, const char *root, const char *name)
{
    char host[64], target[256], path[4096];
    snprintf(host, sizeof host, "/%s", name);
    ssize_t n = readlink(host, target, sizeof target - 1);
    snprintf(path, sizeof path, "%s/%s", root, name);
    if (n > 0) {
        target[n] = '\0';
        if (symlink(target, path) != 0)
            die(efd, "sandbox: cannot link %s: %s", path, strerror(errno));
    } else if (access(host, F_OK) == 0) {
        bind(efd, root, host, host, false, false);
    }
}

static void set_limit(int efd, int resource, const char *name, rlim_t value)
{
    struct rlimit r = {value, value};
    if (setrlimit(resource, &r) != 0)
        die(efd, "sandbox: cannot set %s: %s", name, strerror(errno));
}

/* Send name of the open folder work to fd as {u32 name length, name, u64
 * size, bytes}: a regular file only, never through a link, at most max bytes. */
static void collect_one(int fd, int work, const char *name, long long max)
{
    int in = openat(work, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max) {
        if (in >= 0)
            close(in);
        return;
    }
    uint32_t n = (uint32_t)strlen(name);
    uint64_t size = (uint64_t)st.st_size;
    if (write(fd, &n, sizeof n) != sizeof n || write(fd, name, n) != (ssize_t)n ||
        write(fd, &size, sizeof size) != sizeof size) {
        close(in);
        return;
    }
    char buf[1 << 16];
    ssize_t r;
    uint64_t left = size;
    while (left > 0 && (r = read(in, buf, sizeof buf)) > 0) {
        size_t take = (uint64_t)r < left ? (size_t)r : (size_t)left;
        if (write(fd, buf, take) != (ssize_t)take)
            break;
        left -= take;
    }
    close(in);
}

/* The new root: a tmpfs with the binds of sandbox.h, pivoted into. */
static void build_root(const nn_sandbox *sb, int efd, bool as_root)
{
    const char *root = sb->root_dir;
    char opts[128];
    snprintf(opts, sizeof opts, "size=%lld,nr_inodes=%d,mode=755", sb->tmpfs_bytes, ROOT_INODES);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        die(efd, "sandbox: cannot make / private: %s", strerror(errno));
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
        die(efd, "sandbox: cannot mount a tmpfs on %s: %s", root, strerror(errno));
    bind(efd, root, "/usr", "/usr", false, false);
    bind(efd, root, "/etc", "/etc", false, false);
    const char *tops[] = {"bin", "lib", "lib64", "sbin"};
    for (size_t k = 0; k < sizeof tops / sizeof tops[0]; k++)
        top_link(efd, root, tops[k]);
    if (sb->kit_dir)
        bind(efd, root, sb->kit_dir, "/kit", false, false);
    if (sb->in_dir)
        bind(efd, root, sb->in_dir, "/in", false, false);
    if (sb->data_dir)
        bind(efd, root, sb->data_dir, "/data", false, false);
    if (sb->gen_dir)
        bind(efd, root, sb->gen_dir, "/gen", false, false);
    char path[4096];
    snprintf(path, sizeof path, "%s/dev", root);
    mkdir(path, 0755);
    const char *devs[] = {"/dev/null", "/dev/zero", "/dev/urandom"};
    for (size_t k = 0; k < sizeof devs / sizeof devs[0]; k++)
        bind(efd, root, devs[k], devs[k], true, true);
    const char *own[] = {"tmp", "work"};
    for (size_t k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", root, own[k]);
        if (mkdir(path, k ? 0700 : 01777) != 0 || chmod(path, k ? 0700 : 01777) != 0 ||
            (k && as_root && chown(path, sb->uid, sb->gid) != 0))
            die(efd, "sandbox: cannot create /%s: %s", own[k], strerror(errno));
    }
    snprintf(path, sizeof path, "%s/proc", root);
    mkdir(path, 0555);
    snprintf(path, sizeof path, "%s/.old", root);
    mkdir(path, 0700);
    if (syscall(SYS_pivot_root, root, path) != 0)
        die(efd, "sandbox: pivot_root: %s", strerror(errno));
    if (chdir("/") != 0 || umount2("/.old", MNT_DETACH) != 0 || rmdir("/.old") != 0)
        die(efd, "sandbox: cannot drop the old root: %s", strerror(errno));
    /* Only the new pid namespace's processes would show in it. */
    if (sb->mount_proc)
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

/* Confined: the program's process group, which init's SIGTERM (the
 * supervisor's deadline) ends with everything of the run's uid. */
static volatile pid_t confined_prog;
static volatile sig_atomic_t confined_kill_all;

static void confined_stop(int sig)
{
    (void)sig;
    if (confined_prog > 0)
        kill(-confined_prog, SIGKILL);
    if (confined_kill_all)
        kill(-1, SIGKILL); /* as the run's own uid: every process of it but this one */
    _exit(125);
}

/* The sandbox's pid 1 (confined: the program's parent): build the root,
 * drop privileges, limit, start the program, reap, collect, report
 * "P exited code" on rfd. */
static void sandbox_init(const nn_sandbox *sb, int efd, int rfd, bool as_root)
{
    prctl(PR_SET_PDEATHSIG, sb->confined ? SIGTERM : SIGKILL);
    if (!sb->confined)
        build_root(sb, efd, as_root);
    else if (chdir(sb->host_work) != 0)
        die(efd, "sandbox: cannot enter %s: %s", sb->host_work, strerror(errno));

    if (as_root) {
        if (setgroups(0, NULL) != 0 || setresgid(sb->gid, sb->gid, sb->gid) != 0 ||
            setresuid(sb->uid, sb->uid, sb->uid) != 0)
            die(efd, "sandbox: cannot drop to uid %d: %s", (int)sb->uid, strerror(errno));
        if (getuid() == 0 || geteuid() == 0)
            die(efd, "sandbox: still root after dropping privileges");
    }
    /* A change of credentials clears the parent-death signal: set it again. */
    prctl(PR_SET_PDEATHSIG, sb->confined ? SIGTERM : SIGKILL);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (!sb->confined && chdir("/work") != 0)
        die(efd, "sandbox: cannot enter /work: %s", strerror(errno));
    int work = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (work < 0)
        die(efd, "sandbox: cannot open the work folder: %s", strerror(errno));
    if (sb->confined) {
        confined_kill_all = as_root;
        signal(SIGTERM, confined_stop);
    }

    /* Our own fds move above 100 so that the program's 0..5 can be set. */
    int hi[NN_SANDBOX_FDS], out = -1;
    for (int k = 0; k < NN_SANDBOX_FDS; k++)
        hi[k] = sb->fds[k] >= 0 ? fcntl(sb->fds[k], F_DUPFD_CLOEXEC, 100) : -1;
    if (sb->out_fd >= 0)
        out = fcntl(sb->out_fd, F_DUPFD_CLOEXEC, 100);
    int collect = sb->collect_fd >= 0 ? fcntl(sb->collect_fd, F_DUPFD_CLOEXEC, 100) : -1;
    efd = fcntl(efd, F_DUPFD_CLOEXEC, 100);
    rfd = fcntl(rfd, F_DUPFD_CLOEXEC, 100);
    work = fcntl(work, F_DUPFD_CLOEXEC, 100);
    for (int fd = 0; fd < 100; fd++)
        close(fd);
    pid_t prog = fork();
    if (prog < 0)
        die(efd, "sandbox: fork: %s", strerror(errno));
    if (prog == 0) {
        signal(SIGTERM, SIG_DFL);
        if (sb->confined && (setpgid(0, 0) != 0 || prctl(PR_SET_PDEATHSIG, SIGKILL) != 0))
            die(efd, "sandbox: cannot make a process group: %s", strerror(errno));
        int in = open("/dev/null", O_RDWR);
        if (in != 0 || dup2(out >= 0 ? out : in, 1) < 0 || dup2(out >= 0 ? out : in, 2) < 0)
            die(efd, "sandbox: cannot set up the program's stdio");
        for (int k = 0; k < NN_SANDBOX_FDS; k++)
            if (hi[k] >= 0 && dup2(hi[k], 3 + k) < 0)
                die(efd, "sandbox: dup2: %s", strerror(errno));
        /* The limits are the program's: pid 1 is the grader's code, and a
         * grader built with AddressSanitizer could not fork under RLIMIT_AS. */
        set_limit(efd, RLIMIT_CPU, "RLIMIT_CPU", (rlim_t)sb->cpu_seconds);
        set_limit(efd, RLIMIT_AS, "RLIMIT_AS", (rlim_t)sb->as_bytes);
        set_limit(efd, RLIMIT_FSIZE, "RLIMIT_FSIZE", (rlim_t)sb->fsize_bytes);
        /* Not as a user's own uid without namespaces: it counts all of
         * that user's processes (the worker cannot fork in any case). */
        if (!sb->confined || as_root)
            set_limit(efd, RLIMIT_NPROC, "RLIMIT_NPROC", (rlim_t)sb->nproc);
        set_limit(efd, RLIMIT_CORE, "RLIMIT_CORE", 0);
        set_limit(efd, RLIMIT_NOFILE, "RLIMIT_NOFILE", 64);
        execve(sb->argv[0], sb->argv, sb->envp);
        die(efd, "sandbox: cannot run %s: %s", sb->argv[0], strerror(errno));
    }
    for (int k = 0; k < NN_SANDBOX_FDS; k++)
        if (hi[k] >= 0)
            close(hi[k]);
    if (out >= 0)
        close(out);
    confined_prog = prog;
    /* Reap until the program ends; then end whatever it started: in a pid
     * namespace, or as the run's own uid, all but this process; else the
     * program's process group. */
    int status = 0;
    for (;;) {
        pid_t w = wait(&status);
        if (w == prog)
            break;
        if (w < 0 && errno != EINTR)
            _exit(125);
    }
    if (!sb->confined || as_root)
        kill(-1, SIGKILL);
    else
        kill(-prog, SIGKILL);
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    if (collect >= 0 && WIFEXITED(status))
        for (int k = 0; k < NN_SANDBOX_COLLECT_MAX && sb->collect[k]; k++)
            collect_one(collect, work, sb->collect[k], sb->collect_max);
    char line[64];
    int n = snprintf(line, sizeof line, "P %d %d\n", WIFEXITED(status) ? 1 : 0,
                     WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    _exit(write(rfd, line, (size_t)n) == n ? 0 : 126);
}

/* Where the kernel offers them writable (cgroup v1 "cpu", "pids" and
 * "memory" hierarchies, as root), each job slot's sandbox runs in cgroups of
 * its own (named by its uid): equal CPU shares, so that a fork bomb in one
 * job cannot starve the checks of the job beside it; a pids.max that caps
 * the processes even if RLIMIT_NPROC were to fail; and a memory limit for
 * the whole sandbox equal to each process's RLIMIT_AS, without which 64
 * processes of 1 GB each could take the machine's memory from the grader.
 * Best effort: a hierarchy that is missing or read-only is skipped
 * (nn_sandbox_probe says which apply). */
static const char *const CGROUP_HIERARCHIES[] = {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/pids",
                                                 "/sys/fs/cgroup/memory"};
#define N_HIERARCHIES (sizeof CGROUP_HIERARCHIES / sizeof CGROUP_HIERARCHIES[0])
#define PIDS_SLACK 8 /* the supervisor, pid 1 and the kernel's helpers, beyond nproc */

static void cgroup_path(char *buf, size_t size, size_t k, uid_t uid)
{
    snprintf(buf, size, "%s/nnwb-grade-%u", CGROUP_HIERARCHIES[k], (unsigned)uid);
}

/* Move the calling process (and so everything it starts) into the slot's
 * cgroups. Returns how many hierarchies it joined. */
static int join_cgroups(const nn_sandbox *sb)
{
    int joined = 0;
    for (size_t k = 0; k < N_HIERARCHIES; k++) {
        char dir[256], file[300], value[32];
        if (access(CGROUP_HIERARCHIES[k], W_OK) != 0)
            continue;
        cgroup_path(dir, sizeof dir, k, sb->uid);
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            continue;
        if (strstr(CGROUP_HIERARCHIES[k], "pids")) {
            snprintf(file, sizeof file, "%s/pids.max", dir);
            snprintf(value, sizeof value, "%d", sb->nproc + PIDS_SLACK);
            if (write_file(file, value) != 0)
                continue;
        }
        if (strstr(CGROUP_HIERARCHIES[k], "memory")) {
            /* memory+swap as well, where swap accounting is on (else there
             * is no memsw file). The kernel keeps limit <= memsw at every
             * step: memsw is written first (that fails harmlessly when it
             * would go below a stale cgroup's limit) and again after. */
            char limit[300], memsw[300];
            snprintf(limit, sizeof limit, "%s/memory.limit_in_bytes", dir);
            snprintf(memsw, sizeof memsw, "%s/memory.memsw.limit_in_bytes", dir);
            snprintf(value, sizeof value, "%lld", sb->as_bytes);
            bool swap = access(memsw, W_OK) == 0;
            if (swap)
                write_file(memsw, value);
            if (write_file(limit, value) != 0 || (swap && write_file(memsw, value) != 0))
                continue;
        }
        snprintf(file, sizeof file, "%s/cgroup.procs", dir);
        snprintf(value, sizeof value, "%d", (int)getpid());
        joined += write_file(file, value) == 0;
    }
    return joined;
}

/* Remove the slot's cgroups once they are empty (after the supervisor). */
static void leave_cgroups(uid_t uid)
{
    for (size_t k = 0; k < N_HIERARCHIES; k++) {
        char dir[256];
        cgroup_path(dir, sizeof dir, k, uid);
        rmdir(dir); /* fails harmlessly if it was never made or is in use */
    }
}

/* Confined, as root: end every process of uid (what a killed init could
 * not), from a child that is that uid and nothing else. */
static void kill_uid(uid_t uid)
{
    pid_t p = fork();
    if (p == 0) {
        if (setgroups(0, NULL) == 0 && setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0 &&
            getuid() == uid && geteuid() == uid && uid != 0)
            kill(-1, SIGKILL);
        _exit(0);
    }
    if (p > 0)
        waitpid(p, NULL, 0);
}

/* The supervisor: namespaces, then pid 1, then the deadline. Reports
 * "S timed_out seconds" on rfd once pid 1 is gone. */
static void supervise(const nn_sandbox *sb, int efd, int rfd)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    bool as_root = geteuid() == 0;
    if (as_root)
        join_cgroups(sb);
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (!sb->confined && unshare(NS_FLAGS | (as_root ? 0 : CLONE_NEWUSER)) != 0)
        die(efd, "sandbox: unshare: %s (namespaces are not available here)", strerror(errno));
    if (!as_root && !sb->confined) {
        char map[64];
        snprintf(map, sizeof map, "%d %d 1\n", INNER_UID, (int)uid);
        if (write_file("/proc/self/setgroups", "deny") != 0 || write_file("/proc/self/uid_map", map) != 0)
            die(efd, "sandbox: cannot write the uid map: %s", strerror(errno));
        snprintf(map, sizeof map, "%d %d 1\n", INNER_UID, (int)gid);
        if (write_file("/proc/self/gid_map", map) != 0)
            die(efd, "sandbox: cannot write the gid map: %s", strerror(errno));
    }
    /* SIGCHLD: pid 1 ended; SIGTERM: the caller wants the sandbox gone. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigaddset(&chld, SIGTERM);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    double t0 = util_now();
    pid_t init = fork();
    if (init < 0)
        die(efd, "sandbox: fork: %s", strerror(errno));
    if (init == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        sandbox_init(sb, efd, rfd, as_root);
    }
    close(efd);
    bool timed_out = false, stop_asked = false;
    for (;;) {
        if (waitpid(init, NULL, WNOHANG) == init)
            break;
        double left = sb->wall_seconds - (util_now() - t0);
        if (left <= 0 || stop_asked) {
            /* pid 1 gone: the kernel kills the whole namespace. Confined,
             * init's SIGTERM ends the program's group (and the uid) first. */
            kill(init, sb->confined ? SIGTERM : SIGKILL);
            for (int k = 0; sb->confined && k < 200 && waitpid(init, NULL, WNOHANG) == 0; k++)
                usleep(10000);
            kill(init, SIGKILL);
            waitpid(init, NULL, 0);
            timed_out = true;
            break;
        }
        struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        stop_asked = sigtimedwait(&chld, NULL, &ts) == SIGTERM;
    }
    if (sb->confined && as_root)
        kill_uid(sb->uid);
    char line[64];
    int n = snprintf(line, sizeof line, "S %d %.3f\n", timed_out ? 1 : 0, util_now() - t0);
    _exit(write(rfd, line, (size_t)n) == n ? 0 : 126);
}

int nn_sandbox_start(nn_sandbox_handle *h, const nn_sandbox *sb, nn_error *err)
{
    int epipe[2], rpipe[2];
    if (pipe2(epipe, O_CLOEXEC) != 0)
        return nn_fail(err, "sandbox: pipe: %s", strerror(errno));
    if (pipe2(rpipe, O_CLOEXEC) != 0) {
        close(epipe[0]);
        close(epipe[1]);
        return nn_fail(err, "sandbox: pipe: %s", strerror(errno));
    }
    pid_t sup = fork();
    if (sup < 0) {
        nn_fail(err, "sandbox: fork: %s", strerror(errno));
        close(epipe[0]), close(epipe[1]), close(rpipe[0]), close(rpipe[1]);
        return -1;
    }
    if (sup == 0) {
        /* Keep only what the sandbox needs: another fd of the caller's (the
         * write end of a worker's request pipe, say) would keep a pipe open. */
        int keep[NN_SANDBOX_FDS + 4] = {epipe[1], rpipe[1], sb->out_fd, sb->collect_fd};
        for (int k = 0; k < NN_SANDBOX_FDS; k++)
            keep[4 + k] = sb->fds[k];
        for (int fd = 3; fd < 4096; fd++) {
            bool kept = false;
            for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
                kept = kept || keep[k] == fd;
            if (!kept)
                close(fd);
        }
        supervise(sb, epipe[1], rpipe[1]);
    }
    close(epipe[1]);
    close(rpipe[1]);
    *h = (nn_sandbox_handle){sup, rpipe[0], epipe[0], sb->uid};
    return 0;
}

int nn_sandbox_wait(nn_sandbox_handle *h, nn_sandbox_result *res, bool kill_now, nn_error *err)
{
    memset(res, 0, sizeof *res);
    if (kill_now)
        kill(h->supervisor, SIGTERM); /* it kills pid 1, which ends the namespace and all in it */
    int status;
    while (waitpid(h->supervisor, &status, 0) < 0 && errno == EINTR)
        ;
    if (geteuid() == 0)
        leave_cgroups(h->uid);
    char ebuf[512] = "", rbuf[256] = "";
    ssize_t en = read(h->error_fd, ebuf, sizeof ebuf - 1);
    size_t rn = 0;
    ssize_t r;
    while (rn < sizeof rbuf - 1 && (r = read(h->report_fd, rbuf + rn, sizeof rbuf - 1 - rn)) > 0)
        rn += (size_t)r;
    rbuf[rn] = '\0';
    close(h->error_fd);
    close(h->report_fd);
    if (en > 0) {
        ebuf[en] = '\0';
        return nn_fail(err, "%s", ebuf);
    }
    int exited = 0, code = SIGKILL, timed_out = 1;
    char *p = strstr(rbuf, "P "), *q = strstr(rbuf, "S ");
    if (p)
        sscanf(p, "P %d %d", &exited, &code);
    if (q)
        sscanf(q, "S %d %lf", &timed_out, &res->seconds);
    else if (!kill_now)
        return nn_fail(err, "sandbox: the supervisor died without a report");
    res->exited = p && exited;
    res->code = p ? code : SIGKILL;
    res->timed_out = timed_out || kill_now;
    return 0;
}

int nn_sandbox_run(nn_sandbox_result *res, const nn_sandbox *sb, nn_error *err)
{
    nn_sandbox_handle h;
    if (nn_sandbox_start(&h, sb, err) != 0)
        return -1;
    return nn_sandbox_wait(&h, res, false, err);
}

int nn_sandbox_probe(char *desc, size_t size, nn_error *err)
{
    bool as_root = geteuid() == 0;
    pid_t p = fork();
    if (p < 0)
        return nn_fail(err, "fork: %s", strerror(errno));
    if (p == 0)
        _exit(unshare(NS_FLAGS | (as_root ? 0 : CLONE_NEWUSER)) == 0 ? 0 : errno);
    int status;
    waitpid(p, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return nn_fail(err, "cannot create namespaces here (unshare: %s); nnwb grade needs user or root "
                       "privileges for pid, mount and network namespaces",
                       WIFEXITED(status) ? strerror(WEXITSTATUS(status)) : "crashed");
    char cgroups[64] = "";
    for (size_t k = 0; k < N_HIERARCHIES && as_root; k++)
        if (access(CGROUP_HIERARCHIES[k], W_OK) == 0)
            snprintf(cgroups + strlen(cgroups), sizeof cgroups - strlen(cgroups), "%s%s", cgroups[0] ? "+" : "",
                     strrchr(CGROUP_HIERARCHIES[k], '/') + 1);
    snprintf(desc, size, "sandbox: pid+mount+net+ipc+uts namespaces%s, private root, rlimits cpu/as/fsize/nproc/nofile%s%s%s",
             as_root ? ", unprivileged uid per job" : ", user namespace (uid 1000 inside)",
             cgroups[0] ? ", cgroups " : " (no cgroups: a fork bomb can slow the other jobs, and memory is limited per process only)",
             cgroups, cgroups[0] ? " per job" : "");
    return 0;
}

void nn_sandbox_probe_confined(char *desc, size_t size)
{
    bool as_root = geteuid() == 0;
    snprintf(desc, size, "confined without namespaces: %s, rlimits cpu/as/fsize/nofile%s, the worker's seccomp "
             "filter; no private root (the student's code can read what the host lets %s read)",
             as_root ? "an unprivileged uid per job" : "the grader's own uid", as_root ? "/nproc" : "",
             as_root ? "that uid" : "you");
}
