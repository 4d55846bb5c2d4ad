/* nn_kernel.c - the fast cost and gradient (nn_kernel.h).
 *
 * What is here: the evaluation itself (blocks of rows, register tiles, the
 * sums). What is not: the vector helpers (exp, log, sigmoid on 8 doubles:
 * lib/nn_simd.h) and the helper threads (lib/nn_pool.h).
 *
 * The mathematics is that of the reference solutions of chapters 4-6:
 *   Z2 = X·Θ1ᵀ, A2 = [1 g(Z2)], H = g(A2·Θ2ᵀ)
 *   J  = -(1/m) Σ [y log h + (1-y) log(1-h)] + (λ/2m) Σ Θ² (no bias columns)
 *   D3 = H - Y, D2 = (D3·Θ2[:,1:]) .* A2[:,1:] .* (1 - A2[:,1:])
 *   ∇Θ2 = D3ᵀ·A2/m, ∇Θ1 = D2ᵀ·X/m, plus (λ/m)Θ off the bias columns.
 * What is different is the order of the work, for speed:
 *
 *   - One pass over X. The rows are taken in blocks of BLK. For one block
 *     the whole forward and backward pass is done, ending with the block's
 *     share of ∇Θ1 = D2ᵀ·X, while the block of X (BLK rows, 200 KB for the
 *     course's 401 columns) is still in the L2 cache. The straightforward
 *     version reads X (16 MB) from memory twice, in two dgemm calls.
 *   - Hand-written register tiles for the two large, skinny products, which
 *     are almost all of the work (2·m·(n_in+1)·n_hidden flops each):
 *     fwd_vtile computes 8 rows × up to 24 hidden units of X·Θ1ᵀ, each
 *     accumulator a vector of 8 hidden units times a broadcast element of
 *     X, from a copy of Θ1ᵀ packed once per evaluation (T1v); the hidden
 *     units left over (25 % 8 = 1 on digits20) are dot products along a row
 *     (fwd_tile, up to 5 rows × 5 units, summed across the vector at the
 *     end). bwd_tile computes up to 5 hidden units × 32 columns of D2ᵀ·X as
 *     a sum over the block's rows. All keep 20-25 vectors of 8 doubles in
 *     registers. dgemm was slower here: it packs its inputs on every call,
 *     and Θ1 has only 25 rows. While fwd_vtile works on a block it
 *     prefetches the next block's rows into L2 (through a list of row
 *     pointers, so a mini-batch's scattered rows too): without that, X's
 *     first reading from memory cost a quarter of the forward product's
 *     time.
 *   - The small products (with Θ2) work on the block's activations stored
 *     transposed (unit × row), so that their vectors run along the rows.
 *   - exp and log vectorised (vexp, vsafe_log in nn_simd.h, each within
 *     1 ulp, as the C library's); the cost keeps the reference's safe log
 *     (values below DBL_MIN give log(DBL_MIN)) and takes log(1-h) of 1-h
 *     computed as the reference does.
 *   - The small products with Θ2 (25 and 10 units) in register tiles of
 *     independent sums, so that they do not wait on one chain of additions.
 *   - Optional threads (nn_kernel_set_threads): each thread takes a range of
 *     rows (whole blocks; a mini-batch's in vectors of 8, see run_pass) with
 *     its own partial J and gradient, and the main thread adds the partials
 *     up. The helper threads live as long as the kernel (see
 *     run_pass and nn_pool.h). The order of summation differs from the
 *     reference, so results agree to rounding (about 1e-14 relative), not
 *     bit for bit.
 *
 * On digits20 (5000×401, 25 hidden units) one evaluation takes about 2.7 ms
 * on 1 thread and 1.4-1.5 ms on 2 on the 2-core machine of docs/FACTS.md
 * ("Speed"), where a 2000³ dgemm runs at 80 GFLOP/s per core: the two large
 * products run at about that rate, and the rest (exp, log, the small
 * products, the final sums) is about 0.35 ms of the 1-thread time.
 *
 * The code is written once with GCC/Clang vector extensions (v8d, 8
 * doubles, nn_simd.h) and compiled twice: for AVX-512 (used when the CPU
 * has it) and for the compiler's baseline (any CPU; 8-double vectors are
 * then split into what the machine has). The register tiles only pay off
 * with 32 vector registers, so the baseline build does the two large
 * products with OpenBLAS's dgemm, block by block, which picks the CPU's
 * best code at run time (blocks_portable): about 9 ms per digits20
 * evaluation on 1 thread and 5 ms on 2, with OpenBLAS on its AVX-512 or
 * its AVX2 code alike. Both builds must give the same results up to rounding; the tests
 * run both (nn_kernel_set_portable), and `nnwb bench` times both.
 *
 * Never -ffast-math: the cost's log(DBL_MIN) guard and NaN propagation rely
 * on IEEE arithmetic. Only fused multiply-add is allowed (fp-contract), in
 * the AVX-512 build.
 */
#include "nn_kernel.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nn_net.h"
#include "nn_pool.h"
#include "nn_simd.h"

#define BLK 64         /* rows of X per block; a multiple of VL */
#define MAX_THREADS 64 /* nn_kernel_set_threads caps the count here */
#define DEFAULT_THREADS_MAX 8 /* a new kernel uses at most this many */
#define JT_MAX 5       /* hidden units per register tile */
#define RT_MAX 5       /* rows per forward register tile */
#define PT_MAX 4       /* vectors of columns per backward register tile */
#define GV_MAX 3       /* vectors of hidden units per forward vector tile (of VL rows) */

/* One thread's working memory and partial results. */
typedef struct {
    double *Zt;  /* n_hidden×BLK: Z2 then A2 (without bias) of the block, transposed */
    double *Ht;  /* K×BLK: Z3, then H, then D3 of the block, transposed */
    double *D2t; /* n_hidden×BLK: hidden errors of the block, transposed */
    double *G1;  /* n_hidden×ld: this thread's Σ D2ᵀ·X (padded columns) */
    v8d *G2;     /* K×(n_hidden+1) vectors: Σ D3ᵀ·A2, still split in 8 lanes */
    double *Xg;  /* BLK×ld: a mini-batch's block of rows, gathered (nn_kernel_eval_rows) */
    double *ydg; /* BLK: their labels as doubles, 0 in the padding */
    int *yg;     /* BLK: their labels */
    double J;    /* this thread's Σ of the cost terms */
    int right;   /* correct predictions (accuracy) */
} worker;

struct nn_kernel {
    int m, n_in, n_hidden, K; /* examples, inputs, hidden units, classes */
    int ld;                   /* doubles per row of X and T1p: n_in+1 rounded up to VL */
    double *X;                /* round_up(m, VL)×ld, bias column first, zero padding */
    int *y;                   /* m labels 1..K */
    double *yd;               /* the labels as doubles, round_up(m, VL) of them (0 after m) */
    double *T1p;              /* n_hidden×ld: Θ1 of the current call, zero padding */
    double *T1v;              /* (n_hidden/VL)×ld×VL: Θ1ᵀ of the current call in groups of
                                 VL hidden units, [g][p][l] = Θ1(g·VL + l, p) */
    int n_threads;            /* threads per evaluation, 1..MAX_THREADS */
    bool portable;            /* use the baseline build even if AVX-512 is there */
    worker *w;                /* n_threads workers */
    nn_pool *pool;            /* helper threads (nn_pool.h), NULL until a pass needs them */
};

/* ---- allocation ---------------------------------------------------------- */

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

/* n_bytes, 64-byte aligned; NULL if out of memory. */
static void *alloc64(size_t n_bytes)
{
    return aligned_alloc(64, round_up(n_bytes > 0 ? n_bytes : 1, 64));
}

/* The same, zero-filled. */
static void *zalloc(size_t n_bytes)
{
    void *p = alloc64(n_bytes);
    if (p)
        memset(p, 0, n_bytes);
    return p;
}

static void workers_free(worker *w, int n)
{
    if (!w)
        return;
    for (int t = 0; t < n; t++) {
        free(w[t].Zt);
        free(w[t].Ht);
        free(w[t].D2t);
        free(w[t].G1);
        free(w[t].G2);
        free(w[t].Xg);
        free(w[t].ydg);
        free(w[t].yg);
    }
    free(w);
}

static worker *workers_new(const nn_kernel *k, int n)
{
    worker *w = calloc((size_t)n, sizeof *w);
    if (!w)
        return NULL;
    size_t nh = (size_t)k->n_hidden, K = (size_t)k->K;
    for (int t = 0; t < n; t++) {
        w[t].Zt = zalloc(nh * BLK * sizeof(double));
        w[t].Ht = zalloc(K * BLK * sizeof(double));
        w[t].D2t = zalloc(nh * BLK * sizeof(double));
        w[t].G1 = zalloc(nh * (size_t)k->ld * sizeof(double));
        w[t].G2 = zalloc(K * (nh + 1) * sizeof(v8d));
        w[t].Xg = zalloc((size_t)BLK * (size_t)k->ld * sizeof(double));
        w[t].ydg = zalloc((size_t)BLK * sizeof(double));
        w[t].yg = zalloc((size_t)BLK * sizeof(int));
        if (!w[t].Zt || !w[t].Ht || !w[t].D2t || !w[t].G1 || !w[t].G2 || !w[t].Xg || !w[t].ydg || !w[t].yg) {
            workers_free(w, n);
            return NULL;
        }
    }
    return w;
}

/* The thread count of a new kernel: $NNWB_THREADS if set (1..MAX_THREADS),
 * else the online CPUs, at most DEFAULT_THREADS_MAX. */
static int default_threads(void)
{
    const char *env = getenv("NNWB_THREADS");
    long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (!env || !*env)
        n = n > DEFAULT_THREADS_MAX ? DEFAULT_THREADS_MAX : n;
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* OpenBLAS's threads, once idle, spin on sched_yield for about 2^28 cycles
 * (0.1 s) before they sleep: after the library loads and after each
 * threaded BLAS call. Meanwhile they take the cores from the pool's threads
 * (25 ms of nnwb train's 245 on 2 cores), and from the reading of the data
 * into a new kernel, so they are stopped when a kernel that will use
 * threads is made, and again when its pool starts (a threaded BLAS call in
 * between wakes them); OpenBLAS starts them again at its next threaded call.
 * blas_thread_shutdown_ is OpenBLAS's own (it runs before a fork), declared
 * weak so that a BLAS without it still links, and this does nothing. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

static void openblas_threads_off(void)
{
    if (blas_thread_shutdown_)
        blas_thread_shutdown_();
}

nn_kernel *nn_kernel_new_from(int m, int cols, nn_kernel_source fill, void *ctx, const int *y, int K,
                              int n_hidden, nn_error *err)
{
    if (m < 0 || cols < 1 || n_hidden < 1 || K < 1) {
        nn_fail(err, "kernel: X is %d×%d with %d hidden units and %d classes; need at least "
                "1 column, 1 hidden unit and 1 class", m, cols, n_hidden, K);
        return NULL;
    }
    for (int i = 0; i < m; i++)
        if (y[i] < 1 || y[i] > K) {
            nn_fail(err, "y(%d) = %d is outside the labels 1..%d", i + 1, y[i], K);
            return NULL;
        }
    nn_kernel *k = calloc(1, sizeof *k);
    if (!k) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    k->m = m;
    k->n_in = cols - 1;
    k->n_hidden = n_hidden;
    k->K = K;
    k->ld = (int)round_up((size_t)cols, VL);
    k->n_threads = 1;
    int want = default_threads();
    if (want > 1)
        openblas_threads_off();
    size_t rows = round_up((size_t)m, VL), ld = (size_t)k->ld;
    k->X = alloc64(rows * ld * sizeof(double)); /* fill writes it, and the padding is zeroed after */
    k->y = malloc((size_t)(m > 0 ? m : 1) * sizeof *k->y);
    k->T1p = zalloc((size_t)n_hidden * (size_t)k->ld * sizeof(double));
    k->T1v = zalloc((size_t)(n_hidden / VL) * (size_t)k->ld * VL * sizeof(double));
    k->yd = zalloc(round_up((size_t)m, VL) * sizeof(double));
    k->w = k->X && k->y && k->yd && k->T1p && k->T1v ? workers_new(k, want) : NULL;
    k->n_threads = want;
    if (!k->w) {
        nn_kernel_free(k);
        nn_fail(err, "out of memory for a kernel of %d examples", m);
        return NULL;
    }
    nn_mat X = {m, cols, k->ld, k->X}; /* the kernel's rows, padding aside */
    if (fill(&X, ctx, err) != 0) {
        nn_kernel_free(k);
        return NULL;
    }
    /* then zeros right of the columns and in the padding rows: after the
     * fill, whose threads (nn_mat_read_into's) take the pages' first-touch
     * faults in parallel */
    for (size_t i = 0; i < rows; i++)
        if (i < (size_t)m)
            memset(k->X + i * ld + cols, 0, (ld - (size_t)cols) * sizeof(double));
        else
            memset(k->X + i * ld, 0, ld * sizeof(double));
    memcpy(k->y, y, (size_t)m * sizeof *y);
    for (int i = 0; i < m; i++)
        k->yd[i] = y[i];
    return k;
}

static int copy_rows(nn_mat *dst, void *src, nn_error *err)
{
    (void)err;
    const nn_mat *X = src;
    for (int i = 0; i < X->rows; i++)
        memcpy(&NN_AT(dst, i, 0), &NN_AT(X, i, 0), (size_t)X->cols * sizeof(double));
    return 0;
}

nn_kernel *nn_kernel_new(const nn_mat *X, const int *y, int K, int n_hidden, nn_error *err)
{
    return nn_kernel_new_from(X->rows, X->cols, copy_rows, (void *)X, y, K, n_hidden, err);
}

void nn_kernel_free(nn_kernel *k)
{
    if (!k)
        return;
    free(k->X);
    free(k->y);
    free(k->yd);
    free(k->T1p);
    free(k->T1v);
    nn_pool_free(k->pool);
    workers_free(k->w, k->n_threads);
    free(k);
}

int nn_kernel_examples(const nn_kernel *k)
{
    return k->m;
}

int nn_kernel_param_count(const nn_kernel *k)
{
    return nn_param_count(k->n_in, k->n_hidden, k->K);
}

int nn_kernel_set_threads(nn_kernel *k, int n_threads, nn_error *err)
{
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > MAX_THREADS)
        n_threads = MAX_THREADS;
    if (n_threads == k->n_threads)
        return 0;
    worker *w = workers_new(k, n_threads);
    if (!w)
        return nn_fail(err, "out of memory for %d kernel threads", n_threads);
    nn_pool_free(k->pool);
    k->pool = NULL;
    workers_free(k->w, k->n_threads);
    k->w = w;
    k->n_threads = n_threads;
    return 0;
}

int nn_kernel_threads(const nn_kernel *k)
{
    return k->n_threads;
}

void nn_kernel_set_portable(nn_kernel *k, bool portable)
{
    k->portable = portable;
}

bool nn_kernel_wide(const nn_kernel *k)
{
#if defined(__x86_64__) && defined(__GNUC__)
    return !k->portable && __builtin_cpu_supports("avx512f");
#else
    (void)k;
    return false;
#endif
}

/* ---- register tiles --------------------------------------------------------- */

/* Zt[(j0+s)·BLK + i0+r] = Σ_p Xb[(i0+r)·ld + p] · T[(j0+s)·ld + p]
 * for r < RT rows and s < JT hidden units: RT·JT dot products of length ld
 * (a multiple of VL), each kept as a vector of 8 partial sums. */
INLINE void fwd_tile(double *Zt, const double *Xb, const double *T, int ld, int i0, int j0,
                     const int RT, const int JT)
{
    v8d acc[RT_MAX][JT_MAX];
    _Pragma("GCC unroll 5")
    for (int r = 0; r < RT; r++)
        _Pragma("GCC unroll 5")
        for (int s = 0; s < JT; s++)
            acc[r][s] = vsplat(0.0);
    const double *x = Xb + (size_t)i0 * ld, *t = T + (size_t)j0 * ld;
    for (int p = 0; p < ld; p += VL) {
        v8d tv[JT_MAX];
        _Pragma("GCC unroll 5")
        for (int s = 0; s < JT; s++)
            tv[s] = vload(t + (size_t)s * ld + p);
        _Pragma("GCC unroll 5")
        for (int r = 0; r < RT; r++) {
            v8d xv = vload(x + (size_t)r * ld + p);
            _Pragma("GCC unroll 5")
            for (int s = 0; s < JT; s++)
                acc[r][s] += xv * tv[s];
        }
    }
    _Pragma("GCC unroll 5")
    for (int r = 0; r < RT; r++)
        _Pragma("GCC unroll 5")
        for (int s = 0; s < JT; s++)
            Zt[(j0 + s) * BLK + i0 + r] = hsum(acc[r][s]);
}

/* G[(j0+s)·ld + p0 + c] += Σ_{i<bp} D2t[(j0+s)·BLK + i] · Xb[i·ld + p0 + c]
 * for s < JT hidden units and c < PT·VL columns. */
INLINE void bwd_tile(double *G, const double *D2t, const double *Xb, int ld, int bp, int j0,
                     int p0, const int JT, const int PT)
{
    v8d acc[JT_MAX][PT_MAX];
    _Pragma("GCC unroll 5")
    for (int s = 0; s < JT; s++)
        _Pragma("GCC unroll 5")
        for (int q = 0; q < PT; q++)
            acc[s][q] = vsplat(0.0);
    const double *d = D2t + j0 * BLK;
    for (int i = 0; i < bp; i++) {
        v8d xv[PT_MAX];
        _Pragma("GCC unroll 5")
        for (int q = 0; q < PT; q++)
            xv[q] = vload(Xb + (size_t)i * ld + p0 + q * VL);
        _Pragma("GCC unroll 5")
        for (int s = 0; s < JT; s++) {
            double ds = d[s * BLK + i]; /* broadcast by the vector operation */
            _Pragma("GCC unroll 5")
            for (int q = 0; q < PT; q++)
                acc[s][q] += ds * xv[q];
        }
    }
    _Pragma("GCC unroll 5")
    for (int s = 0; s < JT; s++)
        _Pragma("GCC unroll 5")
        for (int q = 0; q < PT; q++)
            *(v8d *)(G + (size_t)(j0 + s) * ld + p0 + q * VL) += acc[s][q];
}

/* Zt[(g·VL+l)·BLK + i0+r] = Σ_{p<c1} Xb[(i0+r)·ld + p] · Tv[(g·ld + p)·VL + l]
 * for r < RT rows, l < VL and g0 <= g < g0+GV: the same products as fwd_tile,
 * for VL hidden units at a time, each a vector of VL units times a broadcast
 * element of X. No horizontal sums. */
INLINE void fwd_vtile(double *Zt, const double *Xb, const double *Tv, const double *const *pf, int ld,
                      int c1, int i0, int g0, const int RT, const int GV)
{
    v8d acc[VL][GV_MAX];
    _Pragma("GCC unroll 8")
    for (int r = 0; r < RT; r++)
        _Pragma("GCC unroll 4")
        for (int g = 0; g < GV; g++)
            acc[r][g] = vsplat(0.0);
    const double *x = Xb + (size_t)i0 * ld, *t = Tv + (size_t)g0 * ld * VL;
    int q = 0, o = 0; /* the next line to prefetch: o doubles into row pf[i0 + q] */
    for (int p = 0; p < c1; p++) {
        v8d tv[GV_MAX];
        _Pragma("GCC unroll 4")
        for (int g = 0; g < GV; g++)
            tv[g] = vload(t + ((size_t)g * ld + p) * VL);
        _Pragma("GCC unroll 8")
        for (int r = 0; r < RT; r++) {
            double xs = x[(size_t)r * ld + p]; /* broadcast by the vector operation */
            if (r == 0) { /* one line per p: c1 <= ld lines, the next block's RT rows */
                __builtin_prefetch(pf[i0 + q] + o, 0, 2);
                o += VL;
                if (o == ld) {
                    o = 0;
                    q++;
                }
            }
            _Pragma("GCC unroll 4")
            for (int g = 0; g < GV; g++)
                acc[r][g] += xs * tv[g];
        }
    }
    _Pragma("GCC unroll 4")
    for (int g = 0; g < GV; g++)
        _Pragma("GCC unroll 8")
        for (int l = 0; l < VL; l++)
            _Pragma("GCC unroll 8")
            for (int r = 0; r < RT; r++)
                Zt[((g0 + g) * VL + l) * BLK + i0 + r] = acc[r][g][l];
}

/* fwd_tile for rows i0 .. i0+rt-1 (rt <= RT_MAX) and hidden units j_lo .. nh-1,
 * with constant tile sizes, so that the accumulators are registers. */
INLINE void fwd_tiles(double *Zt, const double *Xb, const double *T, int ld, int i0, int rt,
                      int j_lo, int nh)
{
    for (int j0 = j_lo; j0 < nh; j0 += JT_MAX) {
        int jt = nh - j0 < JT_MAX ? nh - j0 : JT_MAX;
#define FWD_J(R)                                                                              \
    switch (jt) {                                                                             \
    case 1: fwd_tile(Zt, Xb, T, ld, i0, j0, R, 1); break;                                     \
    case 2: fwd_tile(Zt, Xb, T, ld, i0, j0, R, 2); break;                                     \
    case 3: fwd_tile(Zt, Xb, T, ld, i0, j0, R, 3); break;                                     \
    case 4: fwd_tile(Zt, Xb, T, ld, i0, j0, R, 4); break;                                     \
    default: fwd_tile(Zt, Xb, T, ld, i0, j0, R, 5); break;                                    \
    }
        switch (rt) {
        case 1: FWD_J(1) break;
        case 2: FWD_J(2) break;
        case 3: FWD_J(3) break;
        case 4: FWD_J(4) break;
        default: FWD_J(5) break;
        }
#undef FWD_J
    }
}

/* Z2ᵀ of the block (bp rows, a multiple of VL): the hidden units in whole
 * vectors by fwd_vtile, then the nh % VL others by fwd_tile. (Doing the
 * latter right after each fwd_vtile, to find those rows of X in the L1
 * cache, was slower: Θ1 streaming through L1 has evicted them by then.) */
INLINE void fwd_block(double *Zt, const double *Xb, const double *Tv, const double *T,
                      const double *const *pf, int ld, int c1, int bp, int nh)
{
    int nv = nh / VL;
    for (int i0 = 0; i0 < bp; i0 += VL) {
        for (int g0 = 0; g0 < nv; g0 += GV_MAX) {
            switch (nv - g0) {
            case 1: fwd_vtile(Zt, Xb, Tv, pf, ld, c1, i0, g0, VL, 1); break;
            case 2: fwd_vtile(Zt, Xb, Tv, pf, ld, c1, i0, g0, VL, 2); break;
            default: fwd_vtile(Zt, Xb, Tv, pf, ld, c1, i0, g0, VL, 3); break;
            }
        }
    }
    if (nv * VL < nh)
        for (int i0 = 0; i0 < bp; i0 += RT_MAX)
            fwd_tiles(Zt, Xb, T, ld, i0, bp - i0 < RT_MAX ? bp - i0 : RT_MAX, nv * VL, nh);
}

INLINE void bwd_tiles(double *G, const double *D2t, const double *Xb, int ld, int bp, int nh)
{
    for (int p0 = 0; p0 < ld; p0 += PT_MAX * VL) {
        int pt = (ld - p0) / VL < PT_MAX ? (ld - p0) / VL : PT_MAX;
        for (int j0 = 0; j0 < nh; j0 += JT_MAX) {
            int jt = nh - j0 < JT_MAX ? nh - j0 : JT_MAX;
#define BWD_J(P)                                                                              \
    switch (jt) {                                                                             \
    case 1: bwd_tile(G, D2t, Xb, ld, bp, j0, p0, 1, P); break;                                \
    case 2: bwd_tile(G, D2t, Xb, ld, bp, j0, p0, 2, P); break;                                \
    case 3: bwd_tile(G, D2t, Xb, ld, bp, j0, p0, 3, P); break;                                \
    case 4: bwd_tile(G, D2t, Xb, ld, bp, j0, p0, 4, P); break;                                \
    default: bwd_tile(G, D2t, Xb, ld, bp, j0, p0, 5, P); break;                               \
    }
            switch (pt) {
            case 1: BWD_J(1) break;
            case 2: BWD_J(2) break;
            case 3: BWD_J(3) break;
            default: BWD_J(4) break;
            }
#undef BWD_J
        }
    }
}

/* ---- the small products, with Θ2 ------------------------------------------------ */

/* Tiles of up to ST_V (or G2_C) × ST_U independent vector sums, so that the
 * additions do not wait for each other; the sums are only K or n_hidden
 * terms long. */
#define ST_V 2 /* vectors of rows per tile */
#define ST_U 5 /* output units (classes or hidden units) per tile */
#define G2_C 2 /* classes per tile of ∇Θ2 */

/* Call NAME(..., VT, UT) with the constant tile sizes VT = min(nv_left,
 * ST_V) and UT = min(nu_left, ST_U). */
#define SMALL_TILE(NAME, nv_left, nu_left, ...)                                              \
    do {                                                                                     \
        int vt_ = (nv_left) < ST_V ? (nv_left) : ST_V;                                       \
        int ut_ = (nu_left) < ST_U ? (nu_left) : ST_U;                                       \
        switch (vt_ * 8 + ut_) {                                                             \
        case 9: NAME(__VA_ARGS__, 1, 1); break;                                              \
        case 10: NAME(__VA_ARGS__, 1, 2); break;                                             \
        case 11: NAME(__VA_ARGS__, 1, 3); break;                                             \
        case 12: NAME(__VA_ARGS__, 1, 4); break;                                             \
        case 13: NAME(__VA_ARGS__, 1, 5); break;                                             \
        case 17: NAME(__VA_ARGS__, 2, 1); break;                                             \
        case 18: NAME(__VA_ARGS__, 2, 2); break;                                             \
        case 19: NAME(__VA_ARGS__, 2, 3); break;                                             \
        case 20: NAME(__VA_ARGS__, 2, 4); break;                                             \
        default: NAME(__VA_ARGS__, 2, 5); break;                                             \
        }                                                                                    \
    } while (0)

/* Ht[(c0+u)·BLK + (v+q)·VL ..] = g(Θ2(c0+u, 0) + Σ_j Θ2(c0+u, 1+j)·A2ᵀ[j][v+q])
 * for q < VT vectors of rows and u < UT classes. */
INLINE void out_tile(double *Ht, const double *Zt, const double *T2, int n2, int nh, int v,
                     int c0, const int VT, const int UT)
{
    v8d acc[ST_V][ST_U];
    _Pragma("GCC unroll 2")
    for (int q = 0; q < VT; q++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            acc[q][u] = vsplat(T2[(c0 + u) * n2]);
    for (int j = 0; j < nh; j++) {
        _Pragma("GCC unroll 2")
        for (int q = 0; q < VT; q++) {
            v8d a = vload(Zt + j * BLK + (v + q) * VL);
            _Pragma("GCC unroll 5")
            for (int u = 0; u < UT; u++)
                acc[q][u] += T2[(c0 + u) * n2 + 1 + j] * a;
        }
    }
    _Pragma("GCC unroll 2")
    for (int q = 0; q < VT; q++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            *(v8d *)(Ht + (c0 + u) * BLK + (v + q) * VL) = vsigmoid(acc[q][u]);
}

/* G2[c·n2 + 1 + j] += Σ_v D3ᵀ[c][v]·A2ᵀ[j][v] (lane by lane) for c0 <= c < c0+CT
 * and j0 <= j < j0+UT hidden units. */
INLINE void g2_tile(v8d *G2, const double *Ht, const double *Zt, int n2, int nv, int c0, int j0,
                    const int CT, const int UT)
{
    v8d acc[G2_C][ST_U];
    _Pragma("GCC unroll 2")
    for (int c = 0; c < CT; c++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            acc[c][u] = G2[(c0 + c) * n2 + 1 + j0 + u];
    for (int v = 0; v < nv; v++) {
        v8d a[ST_U];
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            a[u] = vload(Zt + (j0 + u) * BLK + v * VL);
        _Pragma("GCC unroll 2")
        for (int c = 0; c < CT; c++) {
            v8d d = vload(Ht + (c0 + c) * BLK + v * VL);
            _Pragma("GCC unroll 5")
            for (int u = 0; u < UT; u++)
                acc[c][u] += d * a[u];
        }
    }
    _Pragma("GCC unroll 2")
    for (int c = 0; c < CT; c++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            G2[(c0 + c) * n2 + 1 + j0 + u] = acc[c][u];
}

/* D2t[(j0+u)·BLK + (v+q)·VL ..] = (Σ_c Θ2(c, 1+j0+u)·D3ᵀ[c][v+q]) .* a .* (1 - a),
 * a = A2ᵀ[j0+u][v+q], for q < VT vectors of rows and u < UT hidden units. */
INLINE void d2_tile(double *D2t, const double *Ht, const double *Zt, const double *T2, int n2,
                    int K, int v, int j0, const int VT, const int UT)
{
    v8d acc[ST_V][ST_U];
    _Pragma("GCC unroll 2")
    for (int q = 0; q < VT; q++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++)
            acc[q][u] = vsplat(0.0);
    for (int c = 0; c < K; c++) {
        _Pragma("GCC unroll 2")
        for (int q = 0; q < VT; q++) {
            v8d d = vload(Ht + c * BLK + (v + q) * VL);
            _Pragma("GCC unroll 5")
            for (int u = 0; u < UT; u++)
                acc[q][u] += T2[c * n2 + 1 + j0 + u] * d;
        }
    }
    _Pragma("GCC unroll 2")
    for (int q = 0; q < VT; q++)
        _Pragma("GCC unroll 5")
        for (int u = 0; u < UT; u++) {
            v8d a = vload(Zt + (j0 + u) * BLK + (v + q) * VL);
            *(v8d *)(D2t + (j0 + u) * BLK + (v + q) * VL) = acc[q][u] * (a * (vsplat(1.0) - a));
        }
}

/* ---- one block of rows ------------------------------------------------------- */

/* What a pass needs: the kernel, θ's second layer and what to compute. */
typedef struct {
    const nn_kernel *k;
    const double *X;  /* the rows of this pass: round_up(m, VL)×ld, padded as k->X */
    const double *yd; /* their labels as doubles (0 in the padding) */
    const int *y;     /* their labels */
    const int *rows;  /* NULL: rows 0..m-1 of X; else X's rows rows[0..m-1], gathered block by block */
    int m;            /* how many rows */
    const double *T2; /* K×(n_hidden+1), row-major (a view into θ) */
    bool grad;        /* also the gradient partials */
    bool predict;     /* count right predictions instead of the cost */
    int *pred;        /* predictions out (may be NULL) */
} pass;

/* Forward (and backward) pass over rows r0 .. r0+b-1 (b <= BLK), adding to
 * w's partials. Rows from b up to a multiple of VL are zero rows of the
 * padded X; their errors are set to 0 so that they add nothing. With blas,
 * the two large products are OpenBLAS's dgemm instead of the register tiles
 * (see blocks_portable). */
INLINE void block_body(const pass *ps, worker *w, int r0, int b, const double *const *pf, bool blas)
{
    const nn_kernel *k = ps->k;
    const int ld = k->ld, nh = k->n_hidden, K = k->K, n2 = nh + 1;
    const int bp = (int)round_up((size_t)b, VL), nv = bp / VL;
    const double *Xb = ps->X + (size_t)r0 * ld, *T2 = ps->T2, *ydb = ps->yd + r0;
    const int *yb = ps->y + r0;
    double *Zt = w->Zt, *Ht = w->Ht, *D2t = w->D2t;
    if (ps->rows) { /* a mini-batch: its block of rows, gathered while it is computed on */
        for (int i = 0; i < b; i++) {
            int r = ps->rows[r0 + i];
            memcpy(w->Xg + (size_t)i * ld, ps->X + (size_t)r * ld, (size_t)ld * sizeof(double));
            w->yg[i] = ps->y[r];
            w->ydg[i] = ps->yd[r];
        }
        for (int i = b; i < bp; i++) { /* padding: zero rows, label 0 */
            memset(w->Xg + (size_t)i * ld, 0, (size_t)ld * sizeof(double));
            w->ydg[i] = 0.0;
        }
        Xb = w->Xg;
        ydb = w->ydg;
        yb = w->yg;
    }

    /* Z2ᵀ = (X·Θ1ᵀ)ᵀ = Θ1·Xᵀ, then A2 = g(Z2) in place */
    if (blas)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nh, bp, ld, 1.0, k->T1p, ld, Xb, ld,
                    0.0, Zt, BLK);
    else
        fwd_block(Zt, Xb, k->T1v, k->T1p, pf, ld, k->n_in + 1, bp, nh);
    for (int j = 0; j < nh; j++)
        for (int v = 0; v < nv; v++) {
            v8d *a = (v8d *)(Zt + j * BLK + v * VL);
            *a = vsigmoid(*a);
        }
    /* Z3ᵀ = Θ2·A2ᵀ (bias column of A2 is 1), then H = g(Z3) */
    for (int v = 0; v < nv; v += ST_V)
        for (int c0 = 0; c0 < K; c0 += ST_U)
            SMALL_TILE(out_tile, nv - v, K - c0, Ht, Zt, T2, n2, nh, v, c0);
    if (ps->predict) {
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int c = 1; c < K; c++)
                if (Ht[c * BLK + i] > Ht[best * BLK + i])
                    best = c;
            if (ps->pred)
                ps->pred[r0 + i] = best + 1;
            w->right += (best + 1 == yb[i]);
        }
        return;
    }
    /* the cost terms, and D3 = H - Y in place; rows from b on are padding */
    const double *yd = ydb;
    v8d Jv = vsplat(0.0);
    for (int v = 0; v < nv; v++) {
        v8d yv = vload(yd + v * VL);
        v8l valid = vsplat((double)(b - v * VL)) > (v8d){0, 1, 2, 3, 4, 5, 6, 7};
        for (int c = 0; c < K; c++) {
            v8d *h = (v8d *)(Ht + c * BLK + v * VL);
            /* y log h + (1-y) log(1-h) for y of 0 or 1, as the reference */
            v8l is = yv == vsplat((double)(c + 1));
            v8d q = vselect(is, *h, vsplat(1.0) - *h);
            Jv += vselect(valid, vsafe_log(q), vsplat(0.0));
            *h = vselect(valid, vselect(is, *h - vsplat(1.0), *h), vsplat(0.0));
        }
    }
    w->J -= hsum(Jv);
    if (!ps->grad)
        return;
    /* ∇Θ2 partials: Σ_i D3(i,c)·A2(i,j), lane by lane (j = 0: A2's bias, 1) */
    for (int c = 0; c < K; c++) {
        v8d s = w->G2[c * n2];
        for (int v = 0; v < nv; v++)
            s += vload(Ht + c * BLK + v * VL);
        w->G2[c * n2] = s;
    }
    for (int c0 = 0; c0 < K; c0 += G2_C)
        for (int j0 = 0; j0 < nh; j0 += ST_U)
            SMALL_TILE(g2_tile, K - c0, nh - j0, w->G2, Ht, Zt, n2, nv, c0, j0);
    /* D2ᵀ = (Θ2[:,1:]ᵀ·D3ᵀ) .* A2 .* (1 - A2) */
    for (int v = 0; v < nv; v += ST_V)
        for (int j0 = 0; j0 < nh; j0 += ST_U)
            SMALL_TILE(d2_tile, nv - v, nh - j0, D2t, Ht, Zt, T2, n2, K, v, j0);
    /* ∇Θ1 partial += D2ᵀ·X of the block, while X's block is in cache */
    if (blas)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nh, ld, bp, 1.0, D2t, BLK, Xb, ld,
                    1.0, w->G1, ld);
    else
        bwd_tiles(w->G1, D2t, Xb, ld, bp, nh);
}

/* Rows lo .. hi-1 of the pass, block by block, into w. */
INLINE void blocks_body(const pass *ps, worker *w, int lo, int hi, bool blas)
{
    for (int r0 = lo; r0 < hi; r0 += BLK) {
        int b = hi - r0 < BLK ? hi - r0 : BLK;
        /* where the next block's rows are, to prefetch them (this block's
         * for the last one): in a mini-batch, anywhere in X */
        const double *pf[BLK];
        int next = r0 + BLK < hi ? r0 + BLK : r0;
        for (int i = 0; i < BLK; i++) {
            int r = next + i < hi ? next + i : r0;
            pf[i] = ps->X + (size_t)(ps->rows ? ps->rows[r] : r) * ps->k->ld;
        }
        block_body(ps, w, r0, b, pf, blas);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f,fma"), optimize("fp-contract=fast")))
static void blocks_wide(const pass *ps, worker *w, int lo, int hi)
{
    blocks_body(ps, w, lo, hi, false);
}
#define HAVE_WIDE 1
#else
#define HAVE_WIDE 0
#endif

/* Without AVX-512 the register tiles, written for 32 registers of 8
 * doubles, spill to the stack: on the machine of docs/FACTS.md this build took
 * 74 ms per digits20 evaluation with them. The two large products are
 * OpenBLAS's dgemm here instead (OpenBLAS picks the CPU's best code when it
 * starts): about 10 ms on 1 thread. */
static void blocks_portable(const pass *ps, worker *w, int lo, int hi)
{
    blocks_body(ps, w, lo, hi, true);
}

/* ---- threads ------------------------------------------------------------------ */

/* One thread's share of a pass: clear its partials, then its blocks. */
typedef struct {
    const pass *ps;
    worker *w;
    int lo, hi; /* rows lo .. hi-1 of the pass */
    bool wide;
} job;

/* Job t of the array jobs: a task of nn_pool_run. */
static void run_job(void *jobs, int t)
{
    const job *jb = (const job *)jobs + t;
    const nn_kernel *k = jb->ps->k;
    worker *w = jb->w;
    w->J = 0.0;
    w->right = 0;
    if (jb->ps->grad) {
        memset(w->G1, 0, (size_t)k->n_hidden * (size_t)k->ld * sizeof(double));
        memset(w->G2, 0, (size_t)k->K * (size_t)(k->n_hidden + 1) * sizeof(v8d));
    }
#if HAVE_WIDE
    if (jb->wide) {
        blocks_wide(jb->ps, w, jb->lo, jb->hi);
        return;
    }
#endif
    blocks_portable(jb->ps, w, jb->lo, jb->hi);
}

/* Run the pass over all rows, on up to n_threads threads (fewer for
 * small m: at least a block per thread): one job per thread, job t on
 * thread t of the kernel's pool. The threads share the rows in whole
 * blocks, or for a mini-batch in whole vectors of VL rows: its few blocks
 * (4 for a batch of 200) would split unevenly. The pool is started at the
 * first pass on more than one thread and kept until nn_kernel_free or
 * nn_kernel_set_threads; it is made again when it has not nt threads (in a
 * fork child it has 1: the helpers are the parent's; or some could not
 * start, which is then tried again). Without a pool (out of memory) the
 * main thread runs every job. */
static int run_pass(nn_kernel *k, const pass *ps)
{
    int nb = (ps->m + BLK - 1) / BLK;
    int nt = k->n_threads;
    if (nt > nb)
        nt = nb > 1 ? nb : 1;
    bool wide = nn_kernel_wide(k);
    int unit = ps->rows ? VL : BLK, units = (ps->m + unit - 1) / unit;
    job jobs[MAX_THREADS];
    for (int t = 0; t < nt; t++) {
        int lo = (int)((long)units * t / nt) * unit, hi = (int)((long)units * (t + 1) / nt) * unit;
        jobs[t] = (job){ps, &k->w[t], lo, hi < ps->m ? hi : ps->m, wide};
    }
    if (nt == 1) {
        run_job(jobs, 0);
        return nt;
    }
    if (k->pool && nn_pool_threads(k->pool) != nt) {
        nn_pool_free(k->pool);
        k->pool = NULL;
    }
    if (!k->pool) {
        openblas_threads_off();
        k->pool = nn_pool_new(nt, NULL);
    }
    /* The portable build's threads call dgemm: meanwhile OpenBLAS is held to
     * one thread of its own, so that its threads and the kernel's do not
     * compete for the cores (on 2 cores: 5 ms per digits20 evaluation, 7-11
     * ms without). */
    int blas_threads = wide ? 0 : openblas_get_num_threads();
    if (!wide)
        openblas_set_num_threads(1);
    if (k->pool)
        nn_pool_run(k->pool, run_job, jobs, nt);
    else
        for (int t = 0; t < nt; t++)
            run_job(jobs, t);
    if (!wide)
        openblas_set_num_threads(blas_threads);
    return nt;
}

/* ---- the public evaluations ------------------------------------------------------ */

/* Copy Θ1 (n_hidden×(n_in+1), row-major in θ) into the padded T1p. */
static void load_theta1(nn_kernel *k, const double *theta)
{
    int c1 = k->n_in + 1;
    for (int j = 0; j < k->n_hidden; j++)
        memcpy(k->T1p + (size_t)j * k->ld, theta + (size_t)j * c1, (size_t)c1 * sizeof(double));
    for (int g = 0; g < k->n_hidden / VL; g++)
        for (int l = 0; l < VL; l++) {
            const double *row = theta + (size_t)(g * VL + l) * c1;
            double *to = k->T1v + (size_t)g * k->ld * VL + l;
            for (int p = 0; p < c1; p++)
                to[(size_t)p * VL] = row[p];
        }
}

/* g[j] = g[j]/m + s·t[j] for j < n, a vector at a time: the divisions were
 * most of a mini-batch's fixed cost, one by one. The same numbers as the
 * scalar loop (each lane is IEEE division, multiplication and addition). */
static void mean_plus(double *restrict g, const double *restrict t, int n, double m, double s)
{
    int j = 0;
    for (; j + VL <= n; j += VL) {
        v8d gv, tv;
        memcpy(&gv, g + j, sizeof gv);
        memcpy(&tv, t + j, sizeof tv);
        gv = gv / vsplat(m) + vsplat(s) * tv;
        memcpy(g + j, &gv, sizeof gv);
    }
    for (; j < n; j++)
        g[j] = g[j] / m + s * t[j];
}

/* Σ T(i,j)² over the rows × cols matrix T without its first (bias)
 * column, in 8 running sums. A full pass adds the squares one after the
 * other, as the reference does: its J then rounds as before, and CG's line
 * search, which compares costs, takes the same steps. A mini-batch's J only
 * needs to be right to rounding (Adam checks that it is finite), and the
 * one long chain of additions was a sixth of a batch of 200's fixed cost. */
static double squares_unordered(const double *T, int rows, int cols)
{
    double acc[8] = {0};
    for (int i = 0; i < rows; i++) {
        const double *t = T + (size_t)i * cols;
        int j = 1;
        for (; j + 8 <= cols; j += 8)
            for (int l = 0; l < 8; l++)
                acc[l] += t[j + l] * t[j + l];
        for (; j < cols; j++)
            acc[0] += t[j] * t[j];
    }
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* J and ∇J over the rows of ps (ps->m of them): the mean of their costs,
 * plus lambda/(2·m_reg) Σθ² over the non-bias weights (and its gradient,
 * lambda/m_reg · θ). m_reg is the kernel's m for a mini-batch, ps->m else. */
static double eval_pass(nn_kernel *k, pass *ps, const double *theta, double *grad, double lambda, int m_reg)
{
    int m = ps->m, nh = k->n_hidden, K = k->K, c1 = k->n_in + 1, n1 = nh * c1, n2 = nh + 1;
    const double *T1 = theta, *T2 = theta + n1;
    load_theta1(k, theta);
    ps->T2 = T2;
    ps->grad = grad != NULL;
    int nt = run_pass(k, ps);

    double J = 0.0;
    for (int t = 0; t < nt; t++)
        J += k->w[t].J;
    J /= m;
    double penalty = 0.0;
    if (ps->rows) { /* a mini-batch */
        penalty = squares_unordered(T1, nh, c1) + squares_unordered(T2, K, n2);
    } else {
        for (int i = 0; i < nh; i++)
            for (int j = 1; j < c1; j++)
                penalty += T1[i * c1 + j] * T1[i * c1 + j];
        for (int i = 0; i < K; i++)
            for (int j = 1; j < n2; j++)
                penalty += T2[i * n2 + j] * T2[i * n2 + j];
    }
    J += lambda / (2.0 * m_reg) * penalty;
    if (!grad)
        return J;

    double s = lambda / m_reg;
    for (int i = 0; i < nh; i++) { /* row by row, so that the loops run along vectors */
        double *g = grad + (size_t)i * c1;
        const double *t1 = T1 + (size_t)i * c1;
        memcpy(g, k->w[0].G1 + (size_t)i * k->ld, (size_t)c1 * sizeof *g);
        for (int t = 1; t < nt; t++) {
            const double *G1 = k->w[t].G1 + (size_t)i * k->ld;
            for (int j = 0; j < c1; j++)
                g[j] += G1[j];
        }
        g[0] = g[0] / m + 0.0; /* the bias column, not regularized (+0.0: never -0) */
        mean_plus(g + 1, t1 + 1, c1 - 1, m, s);
    }
    double *G2 = grad + n1;
    for (int i = 0; i < K; i++)
        for (int j = 0; j < n2; j++) {
            double g = 0.0;
            for (int t = 0; t < nt; t++)
                g += hsum(k->w[t].G2[i * n2 + j]);
            G2[i * n2 + j] = g / m + (j > 0 ? s * T2[i * n2 + j] : 0.0);
        }
    return J;
}

/* A pass over all of the kernel's rows. */
static pass all_rows(const nn_kernel *k)
{
    return (pass){.k = k, .X = k->X, .yd = k->yd, .y = k->y, .m = k->m};
}

double nn_kernel_eval(nn_kernel *k, const double *theta, double *grad, double lambda)
{
    pass ps = all_rows(k);
    return eval_pass(k, &ps, theta, grad, lambda, k->m);
}

double nn_kernel_eval_rows(nn_kernel *k, const double *theta, double *grad, double lambda, const int *rows,
                           int n_rows)
{
    if (!rows)
        return nn_kernel_eval(k, theta, grad, lambda);
    if (n_rows < 1 || n_rows > k->m)
        return NAN;
    pass ps = all_rows(k);
    ps.rows = rows;
    ps.m = n_rows;
    return eval_pass(k, &ps, theta, grad, lambda, k->m);
}

double nn_kernel_accuracy(nn_kernel *k, const double *theta, int *pred)
{
    load_theta1(k, theta);
    pass ps = all_rows(k);
    ps.T2 = theta + k->n_hidden * (k->n_in + 1);
    ps.predict = true;
    ps.pred = pred;
    int nt = run_pass(k, &ps);
    int right = 0;
    for (int t = 0; t < nt; t++)
        right += k->w[t].right;
    return k->m > 0 ? (double)right / k->m : 0.0;
}
