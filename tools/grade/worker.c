/* worker.c - the untrusted side of grading: main() of the program that is
 * linked with one student chapter (and the reference for the others).
 *
 *   worker INBOX      requests on fd 3, replies on fd 4 (protocol.h)
 *
 * It runs workbook functions on the inputs the judge sends and sends back
 * their raw outputs, then the inputs it was given as const, as they are
 * after the call. It compares nothing and decides nothing: the judge does
 * that in another process. Before the first request it locks itself down
 * with a seccomp filter (no new processes or programs, no executable memory,
 * no tracing or signalling other processes, no sockets, no file writes
 * outside INBOX), and a crash prints the faulting addresses on stderr as
 *   NNWB-CRASH signal=11 pc=0x401a2b 0x401c00 ...
 * which the judge turns into file:line with addr2line. */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "costfn.h"
#include "protocol.h"
#include "workbook.h"

static const char *inbox;    /* where FILE messages are stored */
static int inbox_fd = -1;

/* ---- crashes ---------------------------------------------------------------- */

static char alt_stack[1 << 16];

static void put_hex(char *buf, size_t *n, unsigned long v)
{
    char tmp[20];
    int k = 0;
    do {
        tmp[k++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v && k < 16);
    buf[(*n)++] = '0';
    buf[(*n)++] = 'x';
    while (k > 0)
        buf[(*n)++] = tmp[--k];
}

static void on_crash(int sig, siginfo_t *info, void *uc_)
{
    (void)info;
    char buf[1024];
    size_t n = 0;
    const char *head = "\nNNWB-CRASH signal=";
    memcpy(buf, head, strlen(head));
    n += strlen(head);
    if (sig >= 10)
        buf[n++] = (char)('0' + sig / 10);
    buf[n++] = (char)('0' + sig % 10);
    memcpy(buf + n, " pc=", 4);
    n += 4;
#if defined(__x86_64__)
    ucontext_t *uc = uc_;
    put_hex(buf, &n, (unsigned long)uc->uc_mcontext.gregs[REG_RIP]);
#else
    (void)uc_;
    put_hex(buf, &n, 0);
#endif
    void *frames[24];
    int depth = backtrace(frames, 24);
    for (int k = 0; k < depth && n < sizeof buf - 24; k++) {
        buf[n++] = ' ';
        put_hex(buf, &n, (unsigned long)frames[k]);
    }
    buf[n++] = '\n';
    if (write(2, buf, n) < 0)
        n = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_crashes(void)
{
    void *warm[2];
    backtrace(warm, 2); /* loads the unwinder now, while loading code is still allowed */
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack};
    sigaltstack(&ss, NULL);
    struct sigaction sa = {.sa_sigaction = on_crash, .sa_flags = SA_SIGINFO | SA_ONSTACK};
    const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS};
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        sigaction(sigs[k], &sa, NULL);
}

/* ---- the seccomp filter ----------------------------------------------------- */

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

#define ARG_LO(k) (offsetof(struct seccomp_data, args) + 8 * (k)) /* low half, little-endian */
#define MAX_FILTER 256

typedef struct {
    struct sock_filter f[MAX_FILTER];
    unsigned short n;
} filter;

static void emit(filter *p, struct sock_filter s)
{
    if (p->n < MAX_FILTER)
        p->f[p->n++] = s;
}

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP((code), (k), (jt), (jf)))
#define DENY (SECCOMP_RET_ERRNO | EPERM)

static void deny(filter *p, long nr)
{
    emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1));
    emit(p, STMT(BPF_RET | BPF_K, DENY));
}

/* Deny syscall nr when its argument arg has any bit of mask. */
static void deny_bits(filter *p, long nr, int arg, unsigned mask)
{
    emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 4));
    emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
    emit(p, JUMP(BPF_JMP | BPF_JSET | BPF_K, mask, 0, 1));
    emit(p, STMT(BPF_RET | BPF_K, DENY));
    emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

/* Allow syscall nr only when argument arg equals value. */
static void only_if(filter *p, long nr, int arg, unsigned value)
{
    emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 4));
    emit(p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
    emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 1, 0));
    emit(p, STMT(BPF_RET | BPF_K, DENY));
    emit(p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)

static int lock_down(void)
{
#ifdef NATIVE_ARCH
    filter p = {.n = 0};
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0));
    emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
#if defined(__x86_64__)
    emit(&p, JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1)); /* the x32 ABI */
    emit(&p, STMT(BPF_RET | BPF_K, DENY));
#endif
    static const long denied[] = {
        SYS_execve, SYS_execveat, SYS_clone, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
        SYS_kcmp, SYS_tkill, SYS_socket, SYS_socketpair, SYS_connect, SYS_bind, SYS_listen, SYS_accept4,
        SYS_shmget, SYS_shmat, SYS_memfd_create, SYS_personality, SYS_userfaultfd, SYS_bpf,
        SYS_perf_event_open, SYS_unshare, SYS_setns, SYS_mount, SYS_umount2, SYS_chroot, SYS_pivot_root,
        SYS_renameat, SYS_renameat2, SYS_unlinkat, SYS_mkdirat, SYS_linkat, SYS_symlinkat, SYS_fchmodat,
        SYS_fchmod, SYS_fchownat, SYS_fchown, SYS_truncate, SYS_mknodat, SYS_prctl, SYS_seccomp,
        SYS_io_uring_setup, SYS_pidfd_open, SYS_pidfd_getfd, SYS_pidfd_send_signal, SYS_clone3,
#if defined(__x86_64__)
        SYS_fork, SYS_vfork, SYS_accept, SYS_rename, SYS_unlink, SYS_rmdir, SYS_mkdir, SYS_link,
        SYS_symlink, SYS_chmod, SYS_chown, SYS_lchown, SYS_mknod, SYS_creat, SYS_modify_ldt,
#endif
    };
    for (size_t k = 0; k < sizeof denied / sizeof denied[0]; k++)
        deny(&p, denied[k]);
    deny_bits(&p, SYS_mmap, 2, PROT_EXEC);
    deny_bits(&p, SYS_mprotect, 2, PROT_EXEC);
    deny_bits(&p, SYS_pkey_mprotect, 2, PROT_EXEC);
#if defined(__x86_64__)
    deny_bits(&p, SYS_open, 1, WRITE_FLAGS);
#endif
    /* openat: writing only in the inbox folder. */
    emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 6));
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)));
    emit(&p, JUMP(BPF_JMP | BPF_JSET | BPF_K, WRITE_FLAGS, 0, 3));
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)));
    emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)inbox_fd, 1, 0));
    emit(&p, STMT(BPF_RET | BPF_K, DENY));
    emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1));
    emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
    /* Signals: only to this process (raise and abort use tgkill on it). */
    unsigned self = (unsigned)getpid();
    only_if(&p, SYS_kill, 0, self);
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    only_if(&p, SYS_tgkill, 0, self);
    emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    if (p.n >= MAX_FILTER)
        return -1;
    struct sock_fprog prog = {.len = p.n, .filter = p.f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
#else
    return 0; /* no filter for this architecture: the sandbox alone holds */
#endif
}

/* ---- running one call ------------------------------------------------------ */

/* Everything a call allocates, freed after its reply is built. */
#define MAX_OWNED 48
typedef struct {
    void *p[MAX_OWNED];
    int n;
} owned;

static void *own(owned *o, void *p)
{
    if (o->n < MAX_OWNED)
        o->p[o->n++] = p;
    return p;
}

static nn_mat *get_mat(nn_rbuf *in, owned *o)
{
    return own(o, nn_rbuf_mat(in));
}

static void put_err(nn_wbuf *out, int rc, nn_error *err)
{
    err->msg[NN_ERROR_LEN - 1] = '\0';
    nn_wbuf_int(out, rc);
    nn_wbuf_str(out, err->msg, strlen(err->msg));
}

static nn_mat *nan_mat(owned *o, int rows, int cols)
{
    nn_mat *m = own(o, nn_mat_new(rows, cols));
    if (m)
        nn_mat_fill(m, NAN);
    return m;
}

/* A copy of a const input, taken before the call (owned by the call). */
static double *before(owned *o, const double *v, size_t n)
{
    double *c = own(o, malloc((n + 1) * sizeof *c));
    if (c && n)
        memcpy(c, v, n * sizeof *c);
    return c;
}

/* Whether a const input is as it was: the first element that differs (or
 * -1), its value before and after. Sent instead of the whole input, which
 * may be digits20's 16 MB. */
static void put_change(nn_wbuf *out, const double *was, const double *now, size_t n)
{
    size_t k = 0;
    while (was && k < n && (was[k] == now[k] || (isnan(was[k]) && isnan(now[k]))))
        k++;
    nn_wbuf_int(out, was && k < n ? (long long)k : -1);
    nn_wbuf_dbl(out, was && k < n ? was[k] : 0.0);
    nn_wbuf_dbl(out, was && k < n ? now[k] : 0.0);
}

#define MAT_N(m) ((size_t)(m)->rows * (size_t)(m)->cols)

/* An int input as doubles (every int is exact in a double), for before and put_change. */
static double *as_doubles(owned *o, const int *v, int n)
{
    double *d = own(o, malloc(((size_t)n + 1) * sizeof *d));
    for (int i = 0; d && i < n; i++)
        d[i] = v[i];
    return d;
}

/* The generator's state, sent as four 64-bit ints. */
static nn_rng get_rng(nn_rbuf *in)
{
    nn_rng r;
    for (int k = 0; k < 4; k++)
        r.s[k] = (uint64_t)nn_rbuf_int(in);
    return r;
}

/* The path of a fixture: a name in the inbox (the worker's working
 * folder, so that a message naming the file says just "row-y.mat", here
 * and in the sandbox alike), or an absolute path (data). */
static const char *fixture_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s", name);
    return buf;
}

/* Run call id on the inputs in `in`, put its outputs in `out`. 0, or -1 if
 * the request was malformed. Each case lists its inputs -> outputs. */
static int run_call(int id, nn_rbuf *in, nn_wbuf *out, owned *o)
{
    nn_error err = {""};
    switch (id) {
    case NN_CALL_ADD_BIAS: { /* X -> null?, Xb, X's change */
        nn_mat *X = get_mat(in, o);
        if (in->bad || !X)
            return -1;
        double *X0 = before(o, X->data, MAT_N(X));
        nn_mat *Xb = own(o, nn_add_bias(X));
        nn_wbuf_int(out, Xb == NULL);
        nn_wbuf_mat(out, Xb);
        put_change(out, X0, X->data, MAT_N(X));
        return 0;
    }
    case NN_CALL_TRANSPOSE_IMAGES: { /* X, side -> X */
        nn_mat *X = get_mat(in, o);
        int side = (int)nn_rbuf_int(in);
        if (in->bad || !X)
            return -1;
        nn_transpose_images(X, side);
        nn_wbuf_mat(out, X);
        return 0;
    }
    case NN_CALL_LOAD_DATA: { /* name, transpose -> rc, err, X null?, y null?, m, X, y */
        char *name = own(o, nn_rbuf_str(in, NULL));
        int transpose = (int)nn_rbuf_int(in);
        if (in->bad || !name)
            return -1;
        char path[4096];
        nn_mat *X = (nn_mat *)&err; /* not NULL: nn_load_data must reset it on an error */
        int *y = (int *)&err, m = -1;
        int rc = nn_load_data(fixture_path(path, sizeof path, name), transpose != 0, &X, &y, &m, &err);
        bool X_set = X != (nn_mat *)&err, y_set = y != (int *)&err;
        if (X_set)
            own(o, X);
        if (y_set)
            own(o, y);
        put_err(out, rc, &err);
        nn_wbuf_int(out, X_set ? X == NULL : -1);
        nn_wbuf_int(out, y_set ? y == NULL : -1);
        nn_wbuf_int(out, m);
        nn_wbuf_mat(out, X_set ? X : NULL);
        int ny = X_set && X && y_set && y ? (m < X->rows ? m : X->rows) : 0;
        nn_wbuf_ints(out, y_set ? y : NULL, ny > 0 ? ny : 0);
        return 0;
    }
    case NN_CALL_ONE_HOT: { /* Y (pre-filled), y -> rc, err, Y, y */
        nn_mat *Y = get_mat(in, o);
        int n;
        int *y = own(o, nn_rbuf_ints(in, &n));
        if (in->bad || !Y || !y)
            return -1;
        int rc = nn_one_hot(Y, y, &err);
        put_err(out, rc, &err);
        nn_wbuf_mat(out, Y);
        nn_wbuf_ints(out, y, n);
        return 0;
    }
    case NN_CALL_LOAD_WEIGHTS: { /* name -> rc, err, T1 null?, T2 null?, T1, T2 */
        char *name = own(o, nn_rbuf_str(in, NULL));
        if (in->bad || !name)
            return -1;
        char path[4096];
        nn_mat *T1 = (nn_mat *)&err, *T2 = (nn_mat *)&err;
        int rc = nn_load_weights(fixture_path(path, sizeof path, name), &T1, &T2, &err);
        bool s1 = T1 != (nn_mat *)&err, s2 = T2 != (nn_mat *)&err;
        put_err(out, rc, &err);
        nn_wbuf_int(out, s1 ? T1 == NULL : -1);
        nn_wbuf_int(out, s2 ? T2 == NULL : -1);
        nn_wbuf_mat(out, s1 ? own(o, T1) : NULL);
        nn_wbuf_mat(out, s2 ? own(o, T2) : NULL);
        return 0;
    }
    case NN_CALL_SERIALIZE: { /* T1, T2 -> theta, changes of T1, T2 */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o);
        if (in->bad || !T1 || !T2)
            return -1;
        int n = T1->rows * T1->cols + T2->rows * T2->cols;
        double *theta = own(o, malloc((size_t)n * sizeof *theta));
        if (!theta)
            return -1;
        for (int i = 0; i < n; i++)
            theta[i] = NAN;
        double *T10 = before(o, T1->data, MAT_N(T1)), *T20 = before(o, T2->data, MAT_N(T2));
        nn_serialize(theta, T1, T2);
        nn_wbuf_dbls(out, theta, n);
        put_change(out, T10, T1->data, MAT_N(T1));
        put_change(out, T20, T2->data, MAT_N(T2));
        return 0;
    }
    case NN_CALL_DESERIALIZE: { /* T1 shape, T2 shape, theta -> T1, T2, theta's change */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o);
        int n;
        double *theta = own(o, nn_rbuf_dbls(in, &n));
        if (in->bad || !T1 || !T2 || !theta || n != T1->rows * T1->cols + T2->rows * T2->cols)
            return -1;
        nn_mat_fill(T1, NAN);
        nn_mat_fill(T2, NAN);
        double *th0 = before(o, theta, (size_t)n);
        nn_deserialize(T1, T2, theta);
        nn_wbuf_mat(out, T1);
        nn_wbuf_mat(out, T2);
        put_change(out, th0, theta, (size_t)n);
        return 0;
    }
    case NN_CALL_SIGMOID:
    case NN_CALL_SIGMOID_GRADIENT:
    case NN_CALL_SAFE_LOG: { /* z, in_place -> out, z's change */
        int n;
        double *z = own(o, nn_rbuf_dbls(in, &n));
        int in_place = id == NN_CALL_SAFE_LOG ? 0 : (int)nn_rbuf_int(in);
        if (in->bad || !z)
            return -1;
        double *res = in_place ? z : own(o, malloc(((size_t)n + 1) * sizeof *res));
        if (!res)
            return -1;
        for (int i = 0; i < n && !in_place; i++)
            res[i] = NAN;
        double *z0 = in_place ? NULL : before(o, z, (size_t)n);
        if (id == NN_CALL_SIGMOID)
            nn_sigmoid(res, z, n);
        else if (id == NN_CALL_SIGMOID_GRADIENT)
            nn_sigmoid_gradient(res, z, n);
        else
            for (int i = 0; i < n; i++)
                res[i] = nn_safe_log(z[i]);
        nn_wbuf_dbls(out, res, n);
        put_change(out, z0, z, (size_t)n);
        return 0;
    }
    case NN_CALL_FORWARD: { /* X, T1, T2, m, n_in, hidden, K -> rc, err, a1 is X?, z2, a2, z3, h, changes of X, T1, T2 */
        nn_mat *X = get_mat(in, o), *T1 = get_mat(in, o), *T2 = get_mat(in, o);
        int m = (int)nn_rbuf_int(in), n_in = (int)nn_rbuf_int(in);
        int hid = (int)nn_rbuf_int(in), K = (int)nn_rbuf_int(in);
        if (in->bad || !X || !T1 || !T2 || m < 1 || n_in < 1 || hid < 1 || K < 1)
            return -1;
        nn_activations *act = own(o, nn_activations_new(m, n_in, hid, K));
        if (!act)
            return -1;
        nn_mat_fill(&act->z2, NAN);
        nn_mat_fill(&act->a2, NAN);
        nn_mat_fill(&act->z3, NAN);
        nn_mat_fill(&act->h, NAN);
        double *X0 = before(o, X->data, MAT_N(X)), *T10 = before(o, T1->data, MAT_N(T1));
        double *T20 = before(o, T2->data, MAT_N(T2));
        int rc = nn_forward(act, X, T1, T2, &err);
        put_err(out, rc, &err);
        nn_wbuf_int(out, act->a1.data == X->data && act->a1.rows == X->rows && act->a1.cols == X->cols &&
                             act->a1.stride == X->stride);
        nn_wbuf_mat(out, &act->z2);
        nn_wbuf_mat(out, &act->a2);
        nn_wbuf_mat(out, &act->z3);
        nn_wbuf_mat(out, &act->h);
        put_change(out, X0, X->data, MAT_N(X));
        put_change(out, T10, T1->data, MAT_N(T1));
        put_change(out, T20, T2->data, MAT_N(T2));
        return 0;
    }
    case NN_CALL_COST:
    case NN_CALL_REGULARIZED_COST: { /* T1, T2, X, Y, lambda -> J, changes of T1, T2, X, Y */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o), *X = get_mat(in, o), *Y = get_mat(in, o);
        double lambda = nn_rbuf_dbl(in);
        if (in->bad || !T1 || !T2 || !X || !Y)
            return -1;
        double *T10 = before(o, T1->data, MAT_N(T1)), *T20 = before(o, T2->data, MAT_N(T2));
        double *X0 = before(o, X->data, MAT_N(X)), *Y0 = before(o, Y->data, MAT_N(Y));
        double J = id == NN_CALL_COST ? nn_cost(T1, T2, X, Y) : nn_regularized_cost(T1, T2, X, Y, lambda);
        nn_wbuf_dbl(out, J);
        put_change(out, T10, T1->data, MAT_N(T1));
        put_change(out, T20, T2->data, MAT_N(T2));
        put_change(out, X0, X->data, MAT_N(X));
        put_change(out, Y0, Y->data, MAT_N(Y));
        return 0;
    }
    case NN_CALL_GRADIENT_LOOP:
    case NN_CALL_GRADIENT:
    case NN_CALL_REGULARIZED_GRADIENT: { /* T1, T2, X, Y, lambda -> rc, err, G1, G2, changes of T1, T2, X, Y */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o), *X = get_mat(in, o), *Y = get_mat(in, o);
        double lambda = nn_rbuf_dbl(in);
        if (in->bad || !T1 || !T2 || !X || !Y)
            return -1;
        nn_mat *G1 = nan_mat(o, T1->rows, T1->cols), *G2 = nan_mat(o, T2->rows, T2->cols);
        if (!G1 || !G2)
            return -1;
        double *T10 = before(o, T1->data, MAT_N(T1)), *T20 = before(o, T2->data, MAT_N(T2));
        double *X0 = before(o, X->data, MAT_N(X)), *Y0 = before(o, Y->data, MAT_N(Y));
        int rc = id == NN_CALL_GRADIENT_LOOP ? nn_gradient_loop(G1, G2, T1, T2, X, Y, &err)
                 : id == NN_CALL_GRADIENT    ? nn_gradient(G1, G2, T1, T2, X, Y, &err)
                                             : nn_regularized_gradient(G1, G2, T1, T2, X, Y, lambda, &err);
        put_err(out, rc, &err);
        nn_wbuf_mat(out, G1);
        nn_wbuf_mat(out, G2);
        put_change(out, T10, T1->data, MAT_N(T1));
        put_change(out, T20, T2->data, MAT_N(T2));
        put_change(out, X0, X->data, MAT_N(X));
        put_change(out, Y0, Y->data, MAT_N(Y));
        return 0;
    }
    case NN_CALL_NUMERICAL_GRADIENT: {
        /* theta, eps, kind [, n_in, hidden, K, X, Y, lambda] -> rc, err, grad, theta's change, calls */
        int n;
        double *theta = own(o, nn_rbuf_dbls(in, &n));
        double eps = nn_rbuf_dbl(in);
        int kind = (int)nn_rbuf_int(in);
        nn_costfn J = {.kind = NN_COSTFN_QUADRATIC, .n = n};
        if (kind == NN_COSTFN_NETWORK) {
            int n_in = (int)nn_rbuf_int(in), hid = (int)nn_rbuf_int(in), K = (int)nn_rbuf_int(in);
            nn_mat *X = get_mat(in, o), *Y = get_mat(in, o);
            double lambda = nn_rbuf_dbl(in);
            if (in->bad || !X || !Y || n_in < 1 || hid < 1 || K < 1 || n != nn_param_count(n_in, hid, K) ||
                nn_costfn_network(&J, n_in, hid, K, X, Y, lambda) != 0)
                return -1;
            own(o, J.T1);
            own(o, J.T2);
        }
        double *grad = own(o, malloc(((size_t)n + 1) * sizeof *grad));
        if (in->bad || !theta || !grad)
            return -1;
        for (int i = 0; i < n; i++)
            grad[i] = NAN;
        double *th0 = before(o, theta, (size_t)n);
        int rc = nn_numerical_gradient(grad, theta, n, nn_costfn_eval, &J, eps, &err);
        put_err(out, rc, &err);
        nn_wbuf_dbls(out, grad, n);
        put_change(out, th0, theta, (size_t)n);
        nn_wbuf_int(out, J.calls);
        return 0;
    }
    case NN_CALL_RELATIVE_DIFFERENCE: { /* a, b -> r, changes of a, b */
        int na, nb;
        double *a = own(o, nn_rbuf_dbls(in, &na)), *b = own(o, nn_rbuf_dbls(in, &nb));
        if (in->bad || !a || !b || na != nb)
            return -1;
        double *a0 = before(o, a, (size_t)na), *b0 = before(o, b, (size_t)nb);
        nn_wbuf_dbl(out, nn_relative_difference(a, b, na));
        put_change(out, a0, a, (size_t)na);
        put_change(out, b0, b, (size_t)nb);
        return 0;
    }
    case NN_CALL_RAND_INIT: { /* T1 shape, T2 shape, rng -> T1, T2, rng after */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o);
        nn_rng r = get_rng(in);
        if (in->bad || !T1 || !T2)
            return -1;
        nn_mat_fill(T1, NAN);
        nn_mat_fill(T2, NAN);
        nn_rand_init(T1, T2, &r);
        nn_wbuf_mat(out, T1);
        nn_wbuf_mat(out, T2);
        for (int k = 0; k < 4; k++)
            nn_wbuf_int(out, (long long)r.s[k]);
        return 0;
    }
    case NN_CALL_PREDICT: { /* H -> labels (0 where never written), H's change */
        nn_mat *H = get_mat(in, o);
        if (in->bad || !H)
            return -1;
        int *labels = own(o, calloc((size_t)H->rows + 1, sizeof *labels));
        if (!labels)
            return -1;
        double *H0 = before(o, H->data, MAT_N(H));
        nn_predict(labels, H);
        nn_wbuf_ints(out, labels, H->rows);
        put_change(out, H0, H->data, MAT_N(H));
        return 0;
    }
    case NN_CALL_ACCURACY: { /* pred, y -> accuracy, changes of pred, y */
        int np, ny;
        int *pred = own(o, nn_rbuf_ints(in, &np)), *y = own(o, nn_rbuf_ints(in, &ny));
        if (in->bad || !pred || !y || np != ny)
            return -1;
        double *p0 = as_doubles(o, pred, np), *y0 = as_doubles(o, y, ny);
        nn_wbuf_dbl(out, nn_accuracy(pred, y, np));
        put_change(out, p0, as_doubles(o, pred, np), (size_t)np);
        put_change(out, y0, as_doubles(o, y, ny), (size_t)ny);
        return 0;
    }
    case NN_CALL_GD_STEP:
    case NN_CALL_TRAIN_GD: { /* T1, T2, X, Y, lambda, alpha [, iters] -> rc, err, T1, T2, costs, changes of X, Y */
        nn_mat *T1 = get_mat(in, o), *T2 = get_mat(in, o), *X = get_mat(in, o), *Y = get_mat(in, o);
        double lambda = nn_rbuf_dbl(in), alpha = nn_rbuf_dbl(in);
        int iters = id == NN_CALL_TRAIN_GD ? (int)nn_rbuf_int(in) : 0;
        if (in->bad || !T1 || !T2 || !X || !Y || iters < 0 || iters > NN_WIRE_MAX_DIM)
            return -1;
        double *costs = own(o, malloc(((size_t)iters + 1) * sizeof *costs));
        if (!costs)
            return -1;
        for (int i = 0; i < iters; i++)
            costs[i] = NAN;
        double *X0 = before(o, X->data, MAT_N(X)), *Y0 = before(o, Y->data, MAT_N(Y));
        int rc = id == NN_CALL_GD_STEP ? nn_gd_step(T1, T2, X, Y, lambda, alpha, &err)
                                       : nn_train_gd(T1, T2, costs, X, Y, lambda, alpha, iters, &err);
        put_err(out, rc, &err);
        nn_wbuf_mat(out, T1);
        nn_wbuf_mat(out, T2);
        nn_wbuf_dbls(out, costs, iters);
        put_change(out, X0, X->data, MAT_N(X));
        put_change(out, Y0, Y->data, MAT_N(Y));
        return 0;
    }
    }
    return -1;
}

/* Store a FILE message's bytes as INBOX/name (a plain name only). */
static int store_file(nn_rbuf *in)
{
    size_t n;
    char *name = nn_rbuf_str(in, NULL), *bytes = nn_rbuf_str(in, &n);
    int rc = -1;
    if (!in->bad && name && bytes && name[0] && name[0] != '.' &&
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == strlen(name)) {
        int fd = openat(inbox_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            size_t done = 0;
            ssize_t w = 1;
            while (done < n && (w = write(fd, bytes + done, n - done)) > 0)
                done += (size_t)w;
            rc = close(fd) == 0 && done == n ? 0 : -1;
        }
    }
    free(name);
    free(bytes);
    return rc;
}

static void reply_error(const char *why)
{
    nn_wbuf out = {0};
    nn_wbuf_str(&out, why, strlen(why));
    nn_wire_send(NN_WIRE_REP_FD, NN_MSG_ERROR, &out);
    nn_wbuf_free(&out);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: worker INBOX (run by nnwb's judge, not by hand)\n");
        return 2;
    }
    inbox = argv[1];
    inbox_fd = open(inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (inbox_fd < 0 || chdir(inbox) != 0) {
        fprintf(stderr, "worker: %s: %s\n", inbox, strerror(errno));
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!getenv("NNWB_WORKER_SAN"))
        catch_crashes();
    if (lock_down() != 0) {
        fprintf(stderr, "worker: cannot install the seccomp filter: %s\n", strerror(errno));
        return 2;
    }
    nn_wire_reader r = {0};
    while (nn_wire_recv(&r, NN_WIRE_REQ_FD) == 1) {
        nn_rbuf in = {r.payload, r.size, 0, false};
        if (r.type == NN_MSG_QUIT)
            break;
        if (r.type == NN_MSG_FILE) {
            if (store_file(&in) != 0)
                reply_error("cannot store the fixture");
            else
                nn_wire_send(NN_WIRE_REP_FD, NN_MSG_REPLY, NULL);
        } else if (r.type == NN_MSG_CALL) {
            int id = (int)nn_rbuf_int(&in);
            nn_wbuf out = {0};
            owned o = {.n = 0};
            int rc = id >= 0 && id < NN_CALL_COUNT && !in.bad ? run_call(id, &in, &out, &o) : -1;
            /* Inputs are freed before the reply goes out, so that a function
             * that freed one crashes here, inside its own check. */
            for (int k = o.n - 1; k >= 0; k--) {
                if (o.p[k] && k < o.n)
                    free(o.p[k]);
            }
            if (rc != 0)
                reply_error("malformed request");
            else
                nn_wire_send(NN_WIRE_REP_FD, NN_MSG_REPLY, &out);
            nn_wbuf_free(&out);
        } else {
            reply_error("unknown message");
        }
        nn_wire_reset(&r);
    }
    nn_wire_reset(&r);
    return 0;
}
