/* judge.c - running checks against a worker and judging its outputs (judge.h). */
#include "judge.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "goldens.h"
#include "nn_matio.h"
#include "nn_net.h"

#define LIMIT_FACTOR 50.0   /* a call may take this many times the reference's time */
#define LIMIT_MIN 1.0       /* seconds, at least */
#define LIMIT_IO 0.5        /* seconds added for moving the inputs and outputs */
#define OUT_KEEP 6000       /* bytes of the worker's output kept per call */
#define MAX_FIXED_SHARE 0.2 /* FIXED checks' share of a chapter's weight, at most */

/* A block of check-lifetime memory. */
typedef struct block {
    struct block *next;
    max_align_t data[];
} block;

/* A malloc'ed pointer to free when the check ends. */
typedef struct ptr_node {
    struct ptr_node *next;
    void *p;
} ptr_node;

struct judge {
    const judge_runner *runner;
    const judge_options *opt;
    const chapter_def *chapter;
    worker_io io;
    bool running;
    char scratch[256];          /* the judge's scratch folder for fixtures */
    char inbox[256];            /* the worker's inbox, as the judge writes it in local mode */
    /* the check under way */
    jmp_buf fail;
    char msg[J_MSG_MAX];
    block *mem;
    ptr_node *frees;
    nn_rng rng;
    double limit;               /* seconds for the next call */
    char out[OUT_KEEP + 1];     /* what the worker printed during the last call */
    size_t out_len;
    bool fixed_pass[NN_CALL_COUNT];
};

/* ---- memory, formatting ------------------------------------------------------ */

void *jalloc(judge *J, size_t size)
{
    block *b = calloc(1, sizeof *b + size + 16);
    if (!b)
        jfail(J, "the judge ran out of memory");
    b->next = J->mem;
    J->mem = b;
    return b->data;
}

static void release(judge *J)
{
    while (J->frees) {
        ptr_node *n = J->frees;
        J->frees = n->next;
        free(n->p);
        free(n);
    }
    while (J->mem) {
        block *b = J->mem;
        J->mem = b->next;
        free(b);
    }
}

const char *jfmt(judge *J, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = jalloc(J, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

nn_mat *jmat(judge *J, int rows, int cols)
{
    nn_mat *m = jalloc(J, sizeof *m + (size_t)rows * (size_t)cols * sizeof(double));
    *m = (nn_mat){rows, cols, cols, (double *)(m + 1)};
    return m;
}

nn_mat *jmat_from(judge *J, const double *data, int rows, int cols)
{
    nn_mat *m = jmat(J, rows, cols);
    memcpy(m->data, data, (size_t)rows * (size_t)cols * sizeof(double));
    return m;
}

nn_mat *jmat_bias(judge *J, const double *X, int m, int n)
{
    nn_mat *Xb = jmat(J, m, n + 1);
    for (int i = 0; i < m; i++) {
        NN_AT(Xb, i, 0) = 1.0;
        memcpy(&NN_AT(Xb, i, 1), X + (size_t)i * (size_t)n, (size_t)n * sizeof(double));
    }
    return Xb;
}

nn_mat *jmat_copy(judge *J, const nn_mat *src)
{
    nn_mat *m = jmat(J, src->rows, src->cols);
    for (int i = 0; i < src->rows; i++)
        memcpy(&NN_AT(m, i, 0), &NN_AT(src, i, 0), (size_t)src->cols * sizeof(double));
    return m;
}

nn_mat *jmat_one_hot(judge *J, const int *y, int m, int K)
{
    nn_mat *Y = jmat(J, m, K);
    for (int i = 0; i < m; i++)
        if (y[i] >= 1 && y[i] <= K)
            NN_AT(Y, i, y[i] - 1) = 1.0;
    return Y;
}

/* ---- random inputs ------------------------------------------------------------ */

nn_rng *jrng(judge *J)
{
    return &J->rng;
}

double juniform(judge *J, double lo, double hi)
{
    return lo + (hi - lo) * nn_rng_uniform(&J->rng);
}

int jint(judge *J, int lo, int hi)
{
    return lo + (int)nn_rng_below(&J->rng, (uint64_t)(hi - lo + 1));
}

static void fill_uniform(judge *J, nn_mat *m, double w)
{
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            NN_AT(m, i, j) = juniform(J, -w, w);
}

jnet jnet_random(judge *J, int m_max, int n_in_max, int hidden_max, int K_max, double w)
{
    jnet n;
    n.K = jint(J, 2, K_max);
    n.m = jint(J, n.K, m_max > n.K ? m_max : n.K);
    n.n_in = jint(J, 2, n_in_max);
    n.hidden = jint(J, 2, hidden_max);
    n.X = jmat(J, n.m, n.n_in + 1);
    fill_uniform(J, n.X, 1.0);
    for (int i = 0; i < n.m; i++)
        NN_AT(n.X, i, 0) = 1.0;
    n.y = jalloc(J, (size_t)n.m * sizeof *n.y);
    for (int i = 0; i < n.m; i++)
        n.y[i] = i < n.K ? n.K - i : jint(J, 1, n.K); /* every label at least once */
    n.Y = jmat_one_hot(J, n.y, n.m, n.K);
    n.T1 = jmat(J, n.hidden, n.n_in + 1);
    n.T2 = jmat(J, n.K, n.hidden + 1);
    fill_uniform(J, n.T1, w);
    fill_uniform(J, n.T2, w);
    return n;
}

static jnet net_from(judge *J, const double *X, const int *y, int m, int n_in, const double *T1, const double *T2,
                     int hidden, int K)
{
    jnet n = {m, n_in, hidden, K, NULL, NULL, NULL, NULL, NULL};
    n.X = jmat_bias(J, X, m, n_in);
    n.y = jalloc(J, (size_t)m * sizeof *n.y);
    memcpy(n.y, y, (size_t)m * sizeof *n.y);
    n.Y = jmat_one_hot(J, y, m, K);
    n.T1 = jmat_from(J, T1, hidden, n_in + 1);
    n.T2 = jmat_from(J, T2, K, hidden + 1);
    return n;
}

jnet jnet_fixed(judge *J)
{
    return net_from(J, FIX_X, FIX_Y, FIX_M, FIX_IN, FIX_T1, FIX_T2, FIX_HID, FIX_K);
}

jnet jnet_debug(judge *J)
{
    return net_from(J, DBG_X, DBG_Y, DBG_M, DBG_IN, DBG_T1, DBG_T2, DBG_HID, DBG_K);
}

/* ---- data ------------------------------------------------------------------------ */

static int data_index(const judge *J, const char *name)
{
    for (int k = 0; k < 2; k++) {
        if (!J->runner->data_dir[k])
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", J->runner->data_dir[k], name);
        if (access(path, R_OK) == 0)
            return k;
    }
    return -1;
}

const char *jdata_host(judge *J, const char *name)
{
    int k = data_index(J, name);
    if (k < 0)
        jfail(J, "%s is not in the data folder", name);
    return jfmt(J, "%s/%s", J->runner->data_dir[k], name);
}

const char *jdata_worker(judge *J, const char *name)
{
    int k = data_index(J, name);
    if (k < 0)
        jfail(J, "%s is not in the data folder", name);
    return jfmt(J, "%s/%s", J->runner->data_seen[k], name);
}

/* digits20 and ex4weights, read once per process by the library alone. */
static struct {
    bool tried;
    nn_mat *X;  /* with its bias column */
    int *y, m;
    nn_mat *T1, *T2;
} d20;

static void load_digits20(judge *J)
{
    if (d20.tried && d20.X)
        return;
    d20.tried = true;
    nn_error err;
    nn_mat *raw = NULL;
    if (nn_mat_read(jdata_host(J, "digits20.mat"), "X", -1, 400, &raw, &err) != 0 ||
        nn_labels_read(jdata_host(J, "digits20.mat"), "y", 1, 10, &d20.y, &d20.m, &err) != 0 ||
        nn_mat_read(jdata_host(J, "ex4weights.mat"), "Theta1", 25, 401, &d20.T1, &err) != 0 ||
        nn_mat_read(jdata_host(J, "ex4weights.mat"), "Theta2", 10, 26, &d20.T2, &err) != 0) {
        nn_mat_free(raw);
        jfail(J, "the judge cannot read the data: %s", err.msg);
    }
    d20.X = nn_mat_new(raw->rows, 401);
    for (int i = 0; d20.X && i < raw->rows; i++) {
        NN_AT(d20.X, i, 0) = 1.0;
        memcpy(&NN_AT(d20.X, i, 1), &NN_AT(raw, i, 0), 400 * sizeof(double));
    }
    nn_mat_free(raw);
    if (!d20.X)
        jfail(J, "the judge ran out of memory");
}

jnet jnet_digits20(judge *J, int rows)
{
    load_digits20(J);
    int m = rows > 0 && rows < d20.m ? rows : d20.m;
    jnet n = {m, 400, 25, 10, NULL, NULL, NULL, NULL, NULL};
    int *pick = jalloc(J, (size_t)d20.m * sizeof *pick);
    for (int i = 0; i < d20.m; i++)
        pick[i] = i;
    if (m < d20.m)
        nn_rng_shuffle(&J->rng, pick, d20.m);
    n.X = jmat(J, m, 401);
    n.y = jalloc(J, (size_t)m * sizeof *n.y);
    for (int i = 0; i < m; i++) {
        memcpy(&NN_AT(n.X, i, 0), &NN_AT(d20.X, pick[i], 0), 401 * sizeof(double));
        n.y[i] = d20.y[pick[i]];
    }
    n.Y = jmat_one_hot(J, n.y, m, 10);
    n.T1 = jmat_copy(J, d20.T1);
    n.T2 = jmat_copy(J, d20.T2);
    return n;
}

/* ---- the worker ---------------------------------------------------------------------- */

static void stop_worker(judge *J, worker_end *end)
{
    worker_end e = {true, 0};
    if (J->running)
        J->runner->stop(J->runner->ctx, &J->io, &e);
    J->running = false;
    if (end)
        *end = e;
}

static void start_worker(judge *J)
{
    if (J->running)
        return;
    nn_error err = {""};
    if (J->runner->start(J->runner->ctx, &J->io, &err) != 0)
        jfail(J, "the grader could not start the program for this chapter: %s", err.msg);
    J->running = true;
    fcntl(J->io.out, F_SETFL, fcntl(J->io.out, F_GETFL) | O_NONBLOCK);
    fcntl(J->io.rep, F_SETFL, fcntl(J->io.rep, F_GETFL) | O_NONBLOCK);
    fcntl(J->io.req, F_SETFL, fcntl(J->io.req, F_GETFL) | O_NONBLOCK);
}

/* Keep what the worker printed (and echo it in make check). */
static void drain_output(judge *J)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(J->io.out, buf, sizeof buf)) > 0) {
        size_t room = OUT_KEEP - J->out_len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(J->out + J->out_len, buf, take);
        J->out_len += take;
        J->out[J->out_len] = '\0';
    }
}

/* make check: show what the student's code printed during the call (the
 * worker's own crash line aside: the check's message says it better). */
static void echo_output(judge *J)
{
    if (!J->runner->echo_output || !J->out_len)
        return;
    for (char *line = J->out, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        int len = next ? (int)(next - line) : (int)strlen(line);
        if (next)
            next++;
        if (len && strncmp(line, "NNWB-CRASH", 10))
            fprintf(stderr, "        | %.*s\n", len, line);
    }
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV (segmentation fault: a read or write through a bad pointer)";
    case SIGABRT: return "SIGABRT (abort: glibc found its heap damaged, or an assert failed)";
    case SIGFPE: return "SIGFPE (an arithmetic fault, such as an integer division by zero)";
    case SIGBUS: return "SIGBUS (a bad memory access)";
    case SIGILL: return "SIGILL (an illegal instruction)";
    case SIGKILL: return "SIGKILL (killed: out of memory, or over a limit)";
    case SIGXCPU: return "SIGXCPU (over the CPU time limit)";
    case SIGXFSZ: return "SIGXFSZ (over the file size limit)";
    case SIGSYS: return "SIGSYS (a forbidden system call)";
    default: return strsignal(sig);
    }
}

/* The first place in the student's file among the crash's addresses, as
 * "exercises/ch4_forward.c:17 (in nn_forward)", via addr2line; or "". */
static void crash_location(judge *J, const char *crash, char *where, size_t size)
{
    where[0] = '\0';
    const char *pcs = strstr(crash, "pc=");
    if (!pcs || !J->runner->worker_bin)
        return;
    char *argv[40] = {"addr2line", "-f", "-i", "-e", (char *)J->runner->worker_bin};
    int argc = 5;
    char addrs[1024], fixed[38][24];
    snprintf(addrs, sizeof addrs, "%s", pcs + 3);
    addrs[strcspn(addrs, "\n")] = '\0';
    /* The faulting pc as it is; each return address less one, so that a
     * call to a noreturn function (abort) maps to the call, not past it. */
    int k = 0;
    for (char *a = strtok(addrs, " "); a && argc < 38; a = strtok(NULL, " "), k++)
        if (!strncmp(a, "0x", 2) && strspn(a + 2, "0123456789abcdef") == strlen(a + 2)) {
            unsigned long v = strtoul(a, NULL, 16);
            snprintf(fixed[argc], sizeof fixed[argc], "0x%lx", k == 0 || v == 0 ? v : v - 1);
            argv[argc] = fixed[argc];
            argc++;
        }
    argv[argc] = NULL;
    int p[2];
    if (argc == 5 || pipe(p) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        close(p[0]);
        alarm(10);
        execvp("addr2line", argv);
        _exit(127);
    }
    close(p[1]);
    char buf[8192];
    size_t len = 0;
    ssize_t n;
    while (pid > 0 && len < sizeof buf - 1 && (n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    close(p[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    /* Pairs of lines: function, then file:line. */
    char want[96];
    snprintf(want, sizeof want, "/%s.c:", J->chapter->stem);
    char *fn = NULL;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (!fn) {
            fn = line;
            continue;
        }
        char *hit = strstr(line, want);
        if (hit || !strncmp(line, want + 1, strlen(want) - 1)) {
            char *base = hit ? hit + 1 : line;
            base[strcspn(base, " ")] = '\0';
            snprintf(where, size, "exercises/%s (in %s)", base, fn);
            return;
        }
        fn = NULL;
    }
}

/* End the check: the worker died or hung during fn. */
__attribute__((noreturn)) static void worker_failed(judge *J, const char *fn, bool timed_out)
{
    worker_end end;
    stop_worker(J, &end);
    if (timed_out)
        jfail(J, "%s did not finish in %.1f s (the reference takes %.2g s; the limit is %g times that, at "
                 "least %g s): an endless loop, or far too slow",
              fn, J->limit, (J->limit - LIMIT_IO) / LIMIT_FACTOR, LIMIT_FACTOR, LIMIT_MIN);
    drain_output(J);
    echo_output(J);
    char *crash = strstr(J->out, "NNWB-CRASH");
    int sig = end.exited ? 0 : end.code;
    if (crash && !sig)
        sscanf(crash, "NNWB-CRASH signal=%d", &sig);
    char where[512] = "";
    if (crash)
        crash_location(J, crash, where, sizeof where);
    /* glibc's own words (e.g. "free(): double free detected in tcache 2"). */
    char said[600] = "";
    for (char *line = J->out, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        size_t len = next ? (size_t)(next - line) : strlen(line);
        if (next)
            next++;
        if (len && strncmp(line, "NNWB-CRASH", 10) &&
            (memmem(line, len, "free()", 6) || memmem(line, len, "malloc", 6) || memmem(line, len, "corrupted", 9) ||
             memmem(line, len, "detected", 8) || memmem(line, len, "Assertion", 9) ||
             memmem(line, len, "ERROR: AddressSanitizer", 23) || memmem(line, len, "runtime error", 13)))
            snprintf(said + strlen(said), sizeof said - strlen(said), "%s\"%.*s\"", said[0] ? "; " : "",
                     (int)(len > 200 ? 200 : len), line);
    }
    /* Under make check SAN=1: the sanitizer's own report, and the first
     * of its frames in the student's file. */
    const char *asan = strstr(J->out, "ERROR: AddressSanitizer: ");
    const char *ubsan = strstr(J->out, "runtime error: ");
    if (asan || ubsan) {
        const char *what = asan ? asan + strlen("ERROR: ") : ubsan;
        char file[96], at[256] = "";
        snprintf(file, sizeof file, "%s.c:", J->chapter->stem);
        const char *frame = ubsan ? NULL : strstr(what, file);
        if (ubsan) { /* "path/ch5_cost.c:12:7: runtime error: ..." */
            const char *line = ubsan;
            while (line > J->out && line[-1] != '\n')
                line--;
            const char *hit = strstr(line, file);
            if (hit && hit < ubsan)
                snprintf(at, sizeof at, " at exercises/%.*s", (int)strcspn(hit, ": \n") + 1 +
                         (int)strspn(hit + strcspn(hit, ":") + 1, "0123456789"), hit);
        } else if (frame) {
            snprintf(at, sizeof at, " at exercises/%.*s", (int)strcspn(frame, " \n"), frame);
        }
        int len = (int)strcspn(what, "\n");
        const char *pc = strstr(what, " at pc ");
        if (pc && pc - what < len)
            len = (int)(pc - what); /* the registers say nothing to a student */
        jfail(J, "%s: the sanitizer stopped it: %.*s%s", fn, len, what, at);
    }
    if (sig)
        jfail(J, "%s crashed: %s%s%s%s%s", fn, signal_name(sig), where[0] ? " at " : "", where,
              said[0] ? "; it said " : "", said);
    jfail(J, "%s ended the program (exit status %d) instead of returning: a library function must return, "
             "not call exit()%s%s",
          fn, end.code, said[0] ? "; it said " : "", said);
}

void jlimit_from_reference(judge *J, double ref_seconds)
{
    double t = LIMIT_FACTOR * ref_seconds;
    J->limit = (t > LIMIT_MIN ? t : LIMIT_MIN) + LIMIT_IO;
}

/* Send one message and wait for the worker's answer, draining its output.
 * Returns the reply's payload reader (the payload is check memory). */
static nn_rbuf exchange(judge *J, uint32_t type, const nn_wbuf *args, const char *fn)
{
    start_worker(J);
    J->out_len = 0;
    J->out[0] = '\0';
    double limit = J->limit > 0 ? J->limit : LIMIT_MIN + LIMIT_IO;
    double t0 = util_now(), end = t0 + limit;
    bool over_budget = false;
    if (J->opt->deadline > 0 && end > J->opt->deadline) {
        end = J->opt->deadline;
        over_budget = true;
    }
    /* The request is written as the worker takes it, within the same
     * deadline: a worker that stops reading cannot block the judge. */
    signal(SIGPIPE, SIG_IGN);
    unsigned char head[16];
    size_t len = args ? args->len : 0, sent = 0, total = sizeof head + len;
    nn_wire_header(head, type, len);
    nn_wire_reader r = {0};
    for (;;) {
        double left = end - util_now();
        if (left <= 0) {
            nn_wire_reset(&r);
            if (over_budget) {
                stop_worker(J, NULL);
                jfail(J, "not run to its end: the time budget for this submission was used up");
            }
            worker_failed(J, fn, true);
        }
        struct pollfd pf[3] = {{J->io.rep, POLLIN, 0}, {J->io.out, POLLIN, 0}, {J->io.req, POLLOUT, 0}};
        int pr = poll(pf, sent < total ? 3 : 2, (int)(left * 1000) + 1);
        if (pr < 0 && errno != EINTR) {
            nn_wire_reset(&r);
            worker_failed(J, fn, false);
        }
        if (pf[1].revents)
            drain_output(J);
        if (sent < total && pf[2].revents) {
            const unsigned char *from = sent < sizeof head ? head + sent : args->data + (sent - sizeof head);
            size_t chunk = sent < sizeof head ? sizeof head - sent : total - sent;
            ssize_t w = write(J->io.req, from, chunk);
            if (w < 0 && errno != EAGAIN && errno != EINTR) {
                nn_wire_reset(&r);
                worker_failed(J, fn, false);
            }
            sent += w > 0 ? (size_t)w : 0;
        }
        if (pf[0].revents) {
            int s = nn_wire_feed(&r, J->io.rep);
            if (s < 0) {
                nn_wire_reset(&r);
                worker_failed(J, fn, false);
            }
            if (s == 1)
                break;
        }
    }
    drain_output(J);
    echo_output(J);
    unsigned char *copy = jalloc(J, r.size + 1);
    memcpy(copy, r.payload, r.size);
    nn_rbuf rb = {copy, r.size, 0, false};
    uint32_t type_got = r.type;
    nn_wire_reset(&r);
    if (type_got == NN_MSG_ERROR) {
        char *why = nn_rbuf_str(&rb, NULL);
        const char *w = jfmt(J, "%s", why ? why : "?");
        free(why);
        jfail(J, "the grader's program could not run %s (%s)", fn, w);
    }
    if (type_got != NN_MSG_REPLY)
        jfail(J, "%s: the program answered with something other than a reply", fn);
    return rb;
}

void jown(judge *J, void *p)
{
    if (!p)
        return;
    ptr_node *n = malloc(sizeof *n);
    if (!n) {
        free(p);
        jfail(J, "the judge ran out of memory");
    }
    *n = (ptr_node){J->frees, p};
    J->frees = n;
}

nn_wbuf jcall_begin(int id)
{
    nn_wbuf b = {0};
    nn_wbuf_int(&b, id);
    return b;
}

nn_rbuf judge_call(judge *J, const char *fn, nn_wbuf *args)
{
    jown(J, args->data);
    if (args->oom)
        jfail(J, "the judge ran out of memory");
    nn_rbuf rb = exchange(J, NN_MSG_CALL, args, fn);
    *args = (nn_wbuf){0};
    J->limit = 0;
    return rb;
}

const char *jscratch(judge *J, const char *name)
{
    return jfmt(J, "%s/%s", J->scratch, name);
}

const char *jfixture(judge *J, const char *name, const void *bytes, size_t n)
{
    const char *path = jscratch(J, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0)
        jfail(J, "the judge cannot write its fixture %s", path);
    nn_wbuf args = {0};
    nn_wbuf_str(&args, name, strlen(name));
    nn_wbuf_str(&args, bytes, n);
    jown(J, args.data);
    if (args.oom)
        jfail(J, "the judge ran out of memory");
    exchange(J, NN_MSG_FILE, &args, "storing a fixture");
    return path;
}

const char *jfixture_file(judge *J, const char *name, const char *host_path)
{
    FILE *f = fopen(host_path, "rb");
    if (!f)
        jfail(J, "the judge cannot read its fixture %s", host_path);
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char tmp[65536];
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (len + n > cap) {
            cap = 2 * (len + n);
            char *p = jalloc(J, cap);
            if (len)
                memcpy(p, buf, len);
            buf = p;
        }
        memcpy(buf + len, tmp, n);
        len += n;
    }
    fclose(f);
    return jfixture(J, name, buf ? buf : "", len);
}

jmp_buf *jfail_point(judge *J)
{
    return &J->fail;
}

char *jmsg(judge *J)
{
    return J->msg;
}

void jnote_fixed_pass(judge *J, int call_id)
{
    J->fixed_pass[call_id] = true;
}

bool jfixed_passed(judge *J, int call_id)
{
    return J->fixed_pass[call_id];
}

/* ---- expectations ------------------------------------------------------------------- */

void jfail(judge *J, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(J->msg, sizeof J->msg, fmt, ap);
    va_end(ap);
    longjmp(J->fail, 1);
}

void jexpect(judge *J, bool cond, const char *fmt, ...)
{
    if (cond)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(J->msg, sizeof J->msg, fmt, ap);
    va_end(ap);
    longjmp(J->fail, 1);
}

bool jclose(double got, double want, double tol)
{
    return fabs(got - want) <= tol * fmax(fabs(want), TOL_FLOOR); /* false for NaN */
}

bool jclose_mat(const nn_mat *got, const nn_mat *want, double tol)
{
    if (!got || !want || got->rows != want->rows || got->cols != want->cols)
        return false;
    for (int i = 0; i < got->rows; i++)
        for (int j = 0; j < got->cols; j++)
            if (!jclose(NN_AT(got, i, j), NN_AT(want, i, j), tol))
                return false;
    return true;
}

void jexpect_close(judge *J, const char *label, double got, double want, double tol, const char *hint)
{
    if (!jclose(got, want, tol))
        jfail(J, "%s: expected %.10g, got %.10g (tolerance %g)%s%s", label, want, got, tol, hint ? ". Hint: " : "",
              hint ? hint : "");
}

static void expect_array(judge *J, const char *label, const double *got, int got_stride, const double *want, int rows,
                         int cols, double tol, const char *hint)
{
    int bad = 0, first = -1;
    for (int k = 0; k < rows * cols; k++)
        if (!jclose(got[(size_t)(k / cols) * (size_t)got_stride + (size_t)(k % cols)], want[k], tol)) {
            if (first < 0)
                first = k;
            bad++;
        }
    if (!bad)
        return;
    const char *where = cols == 1 || rows == 1 ? jfmt(J, "[%d]", rows == 1 ? first % cols : first / cols)
                                               : jfmt(J, "[%d][%d]", first / cols, first % cols);
    jfail(J, "%s%s: expected %.10g, got %.10g (tolerance %g); %d of %d values differ%s%s", label, where, want[first],
          got[(size_t)(first / cols) * (size_t)got_stride + (size_t)(first % cols)], tol, bad, rows * cols,
          hint ? ". Hint: " : "", hint ? hint : "");
}

void jexpect_mat(judge *J, const char *label, const nn_mat *got, const double *want, int rows, int cols, double tol,
                 const char *hint)
{
    if (!got)
        jfail(J, "%s: expected a %d×%d matrix, got none", label, rows, cols);
    if (got->rows != rows || got->cols != cols)
        jfail(J, "%s: expected %d×%d, got %d×%d", label, rows, cols, got->rows, got->cols);
    expect_array(J, label, got->data, got->stride, want, rows, cols, tol, hint);
}

void jexpect_same(judge *J, const char *label, const nn_mat *got, const nn_mat *want, double tol, const char *hint)
{
    nn_mat *w = jmat_copy(J, want);
    jexpect_mat(J, label, got, w->data, w->rows, w->cols, tol, hint);
}

void jexpect_vec(judge *J, const char *label, const double *got, const double *want, int n, double tol,
                 const char *hint)
{
    if (!got)
        jfail(J, "%s: expected %d values, got none", label, n);
    expect_array(J, label, got, 1, want, n, 1, tol, hint);
}

/* ---- running a chapter -------------------------------------------------------------- */

static bool have_needs(const judge *J, const char *needs)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", needs ? needs : "");
    for (char *name = strtok(buf, "+"); name; name = strtok(NULL, "+"))
        if (data_index(J, name) < 0)
            return false;
    return true;
}

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* The weight the chapter's points are shared by (optional checks have none). */
static int chapter_weight(const chapter_def *def)
{
    int total = 0;
    for (int k = 0; k < def->table->n; k++)
        total += def->table->checks[k].kind == J_OPTIONAL ? 0 : def->table->checks[k].weight;
    return total > 0 ? total : 1;
}

void judge_skip_chapter(chapter_result *cr, const chapter_def *def, int state, const char *reason)
{
    cr->def = def;
    cr->points = 0;
    cr->n_checks = def->table->n < J_MAX_CHECKS ? def->table->n : J_MAX_CHECKS;
    int total = chapter_weight(def);
    for (int k = 0; k < cr->n_checks; k++) {
        check_result *r = &cr->checks[k];
        const check_def *c = &def->table->checks[k];
        *r = (check_result){.def = c, .state = state};
        r->max_points = c->kind == J_OPTIONAL ? 0.0 : def->points * (double)c->weight / total;
        snprintf(r->msg, sizeof r->msg, "%s", reason);
    }
    cr->failed = state == R_FAIL ? cr->n_checks : 0;
    cr->not_run = state == R_NOT_RUN ? cr->n_checks : 0;
}

void judge_chapter(chapter_result *cr, const chapter_def *def, const judge_runner *runner, const judge_options *opt)
{
    static judge J; /* large; one chapter at a time */
    memset(&J, 0, sizeof J);
    J.runner = runner;
    J.opt = opt;
    J.chapter = def;
    const char *tmp = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    snprintf(J.scratch, sizeof J.scratch, "%s/nnwb-judge-XXXXXX", tmp);
    bool have_scratch = mkdtemp(J.scratch) != NULL;

    cr->def = def;
    cr->points = cr->withheld = 0;
    cr->passed = cr->failed = cr->withheld_n = cr->not_run = cr->skipped = 0;
    cr->n_checks = def->table->n < J_MAX_CHECKS ? def->table->n : J_MAX_CHECKS;
    int total = chapter_weight(def);
    for (int k = 0; k < cr->n_checks; k++) {
        const check_def *c = &def->table->checks[k];
        check_result *r = &cr->checks[k];
        *r = (check_result){.def = c, .state = R_FAIL};
        r->max_points = c->kind == J_OPTIONAL ? 0.0 : def->points * (double)c->weight / total;
        double t0 = util_now();
        if (c->kind == J_OPTIONAL && !have_needs(&J, c->needs)) {
            r->state = R_SKIPPED;
            snprintf(r->msg, sizeof r->msg, "skipped: %s not found (an optional check, worth no points)", c->needs);
        } else if (c->kind == J_DATA && !have_needs(&J, c->needs)) {
            r->state = R_WITHHELD;
            snprintf(r->msg, sizeof r->msg, "not checked: %s not found (run `make data`, or give --data); "
                     "%.2f points withheld", c->needs, r->max_points);
        } else if (opt->deadline > 0 && t0 >= opt->deadline) {
            r->state = R_NOT_RUN;
            snprintf(r->msg, sizeof r->msg, "not run: the time budget for this submission was used up");
        } else if (!have_scratch) {
            snprintf(r->msg, sizeof r->msg, "the judge could not make its scratch folder in %s", tmp);
        } else {
            nn_rng_seed(&J.rng, mix(opt->seed ^ mix((uint64_t)def->number * 1000 + (uint64_t)k)));
            J.limit = 0;
            if (setjmp(J.fail) == 0) {
                c->run(&J);
                r->state = R_PASS;
            } else {
                snprintf(r->msg, sizeof r->msg, "%s", J.msg);
                if (strstr(J.msg, "time budget for this submission"))
                    r->state = R_NOT_RUN;
            }
            release(&J);
            /* The checks of a chapter share one worker while it answers: one
             * that crashed, hung or garbled a reply was stopped (worker_failed)
             * and the next check starts a fresh one. Starting a worker is most
             * of the cost of a small check. */
        }
        r->seconds = util_now() - t0;
        if (r->state == R_PASS) {
            r->points = r->max_points;
            cr->points += r->points;
            cr->passed++;
        } else if (r->state == R_WITHHELD) {
            cr->withheld += r->max_points;
            cr->withheld_n++;
        } else if (r->state == R_NOT_RUN) {
            cr->not_run++;
        } else if (r->state == R_SKIPPED) {
            cr->skipped++;
        } else {
            cr->failed++;
        }
        if (opt->progress)
            opt->progress(cr, r, opt->progress_ctx);
    }
    stop_worker(&J, NULL);
    if (have_scratch) {
        /* the judge's own folder: plain files it wrote itself */
        char cmd[300];
        snprintf(cmd, sizeof cmd, "%s", J.scratch);
        DIR *d = opendir(cmd);
        struct dirent *e;
        int fd = d ? dirfd(d) : -1;
        while (d && (e = readdir(d)))
            if (e->d_name[0] != '.')
                unlinkat(fd, e->d_name, 0);
        if (d)
            closedir(d);
        rmdir(J.scratch);
    }
}

/* Checked by tests/unit: no chapter gives more than MAX_FIXED_SHARE of its
 * weight to checks whose inputs and answers ship to students. */
double judge_fixed_share(const chapter_def *def);
double judge_fixed_share(const chapter_def *def)
{
    int fixed = 0, total = 0;
    for (int k = 0; k < def->table->n; k++) {
        total += def->table->checks[k].kind == J_OPTIONAL ? 0 : def->table->checks[k].weight;
        fixed += def->table->checks[k].kind == J_FIXED ? def->table->checks[k].weight : 0;
    }
    return total ? (double)fixed / total : 0.0;
}
