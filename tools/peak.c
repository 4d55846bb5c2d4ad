/* peak.c - the register-only FMA loop of peak.h.
 *
 * Each loop keeps CHAINS independent accumulators, enough to hide the
 * latency of the multiply-add units (4 cycles, 2 units on recent x86: at
 * least 8 in flight), and updates them as a = a·m + c with m just below 1,
 * so the values stay finite. The three versions are compiled for their
 * instruction sets with target attributes and chosen at run time. */
#include "peak.h"

#include <pthread.h>
#include <stdbool.h>

#include "util.h"

#define CHAINS 16
#define ITERS 20000000L /* per run: about 0.1 s at 60 GFLOP/s per core */

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"), noinline)) static double loop_avx512(long iters)
{
    __m512d a[CHAINS], m = _mm512_set1_pd(0.999999999), c = _mm512_set1_pd(1e-9);
    for (int k = 0; k < CHAINS; k++)
        a[k] = _mm512_set1_pd(1.0 + k);
    for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int k = 0; k < CHAINS; k++) /* unrolled: the chains live in registers */
            a[k] = _mm512_fmadd_pd(a[k], m, c);
    }
    __m512d s = a[0];
    for (int k = 1; k < CHAINS; k++)
        s = _mm512_add_pd(s, a[k]);
    return _mm512_reduce_add_pd(s);
}

__attribute__((target("avx2,fma"), noinline)) static double loop_avx2(long iters)
{
    __m256d a[CHAINS], m = _mm256_set1_pd(0.999999999), c = _mm256_set1_pd(1e-9);
    for (int k = 0; k < CHAINS; k++)
        a[k] = _mm256_set1_pd(1.0 + k);
    for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int k = 0; k < CHAINS; k++)
            a[k] = _mm256_fmadd_pd(a[k], m, c);
    }
    double out[4], sum = 0.0;
    for (int k = 1; k < CHAINS; k++)
        a[0] = _mm256_add_pd(a[0], a[k]);
    _mm256_storeu_pd(out, a[0]);
    for (int j = 0; j < 4; j++)
        sum += out[j];
    return sum;
}
#endif

/* Plain C: two lanes of SSE2 multiply then add (no FMA). */
__attribute__((noinline)) static double loop_plain(long iters)
{
    double a[CHAINS][2];
    for (int k = 0; k < CHAINS; k++)
        a[k][0] = a[k][1] = 1.0 + k;
    for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int k = 0; k < CHAINS; k++)
            for (int j = 0; j < 2; j++)
                a[k][j] = a[k][j] * 0.999999999 + 1e-9;
    }
    double s = 0.0;
    for (int k = 0; k < CHAINS; k++)
        s += a[k][0] + a[k][1];
    return s;
}

typedef struct {
    int lanes;              /* doubles per vector */
    double (*loop)(long);
    const char *isa;
} variant;

static variant best_variant(void)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return (variant){8, loop_avx512, "AVX-512 FMA"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return (variant){4, loop_avx2, "AVX2 FMA"};
#endif
    return (variant){2, loop_plain, "SSE2 mul+add"};
}

static volatile double sink; /* keeps the loops' results alive */

static void *run_loop(void *v)
{
    sink = ((const variant *)v)->loop(ITERS);
    return NULL;
}

double peak_gflops(int threads, int reps, const char **isa)
{
    variant v = best_variant();
    *isa = v.isa;
    double best = 0.0;
    pthread_t tid[64];
    if (threads < 1 || threads > 64)
        return 0.0;
    for (int r = 0; r < reps; r++) {
        double t0 = util_now();
        int started = 0;
        for (int t = 1; t < threads; t++, started++)
            if (pthread_create(&tid[t], NULL, run_loop, &v) != 0)
                break;
        run_loop(&v);
        for (int t = 1; t <= started; t++)
            pthread_join(tid[t], NULL);
        double s = util_now() - t0;
        if (started != threads - 1)
            return 0.0;
        double g = 2.0 * v.lanes * CHAINS * (double)ITERS * threads / s / 1e9;
        if (g > best)
            best = g;
    }
    return best;
}
