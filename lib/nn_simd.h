/* nn_simd.h - the vector helpers of the fast kernel (lib/nn_kernel.c), header-only.
 *
 * Eight doubles at a time with GCC/Clang vector extensions: a v8d is one
 * AVX-512 register where the function using it is compiled for AVX-512, and
 * two, four or eight narrower registers elsewhere (the compiler splits the
 * operations; this is the portable fallback, the same source). Every helper
 * is static and always inlined, so it takes the instruction set of the
 * function it is inlined into: lib/nn_kernel.c compiles its block loop twice,
 * once with target("avx512f,fma") and once for the baseline.
 *
 * What is here: load, broadcast, select and horizontal sum; exp and the
 * cost's guarded log, each within 1 ulp as the C library's; the sigmoid.
 * What is not: anything about the network (block sizes, tiles, threads).
 *
 * Private to the library: only lib/nn_kernel.c includes it, and the kit of
 * headers a graded chapter may include leaves it out (Makefile, KIT_HDRS).
 * Never compile its includer with -ffast-math: vsafe_log's guard and its NaN
 * test rely on IEEE comparisons.
 */
#ifndef NN_SIMD_H
#define NN_SIMD_H

#include <float.h>
#include <stdint.h>

/* The helpers are static and always inlined, so the ABI note GCC gives for
 * passing 64-byte vectors by value without AVX-512 does not apply. (GCC
 * still prints it for some functions despite this pragma; the Makefile adds
 * -Wno-psabi for lib/nn_kernel.o.) The pragma holds for the includer too. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#define VL 8 /* doubles per vector */

typedef double v8d __attribute__((vector_size(64)));
typedef double v4d __attribute__((vector_size(32)));
typedef double v2d __attribute__((vector_size(16)));
typedef uint64_t v8u __attribute__((vector_size(64)));
typedef int64_t v8l __attribute__((vector_size(64)));

/* A helper compiled into its caller, with the caller's instruction set. */
#define INLINE static inline __attribute__((always_inline))

/* The sum of the 8 lanes: halves added pairwise, (0+4)+(2+6) and (1+5)+(3+7). */
INLINE double hsum(v8d v)
{
    v4d a = __builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7);
    v2d b = __builtin_shufflevector(a, a, 0, 1) + __builtin_shufflevector(a, a, 2, 3);
    return b[0] + b[1];
}

/* 8 doubles from p, which must be 64-byte aligned. */
INLINE v8d vload(const double *p)
{
    return *(const v8d *)p;
}

/* x in every lane. */
INLINE v8d vsplat(double x)
{
    return x - (v8d){0}; /* x - 0 is x, -0 included; a plain broadcast */
}

/* a where mask (a comparison's result) is set, else b, lane by lane. */
INLINE v8d vselect(v8l mask, v8d a, v8d b)
{
    return (v8d)(((v8l)a & mask) | ((v8l)b & ~mask));
}

/* exp(x) for each lane, within 1 ulp of the exact value for |x| <= 708.
 * x = n·ln2 + r with |r| <= ln2/2 (ln2 split in two for an exact product),
 * exp(r) by its Taylor series to r^13 (the next term is below 2^-56 of the
 * sum), and 2^n from the exponent bits. Inputs are clamped to ±708: beyond
 * that exp(x) is far below 1/DBL_EPSILON or above it, so 1/(1+exp(x)) is
 * the same double (0 or 1) or smaller than 1e-307. NaN stays NaN. */
INLINE v8d vexp(v8d x)
{
    const v8d lim = vsplat(708.0);
    x = vselect(x > lim, lim, x);
    x = vselect(x < -lim, -lim, x);
    const v8d shifter = vsplat(0x1.8p52); /* adding it rounds to an integer */
    v8d t = x * vsplat(0x1.71547652b82fep0) + shifter; /* x/ln2 + 1.5·2^52 */
    v8d n = t - shifter;
    v8d r = x - n * vsplat(0x1.62e42fefa39efp-1); /* ln2, high part */
    r = r - n * vsplat(0x1.abc9e3b39803fp-56);     /* ln2, low part */
    v8d p = vsplat(1.0 / 6227020800.0);            /* 1/13! */
    p = p * r + vsplat(1.0 / 479001600.0);
    p = p * r + vsplat(1.0 / 39916800.0);
    p = p * r + vsplat(1.0 / 3628800.0);
    p = p * r + vsplat(1.0 / 362880.0);
    p = p * r + vsplat(1.0 / 40320.0);
    p = p * r + vsplat(1.0 / 5040.0);
    p = p * r + vsplat(1.0 / 720.0);
    p = p * r + vsplat(1.0 / 120.0);
    p = p * r + vsplat(1.0 / 24.0);
    p = p * r + vsplat(1.0 / 6.0);
    p = p * r + vsplat(0.5);
    p = p * r + vsplat(1.0);
    p = p * r + vsplat(1.0);
    v8u bits = (v8u)t;            /* the low bits of t hold n */
    v8u e = (bits + 1023) << 52;  /* 2^n's exponent field (|n| <= 1022) */
    return p * (v8d)e;
}

/* 1 / (1 + exp(-z)) for each lane. */
INLINE v8d vsigmoid(v8d z)
{
    return vsplat(1.0) / (vsplat(1.0) + vexp(-z));
}

/* log(x) for each lane, within 1 ulp: fdlibm's e_log.c (the C library's
 * log is within 1 ulp as well), vectorised. x = 2^k·(1+f) with 1+f in
 * [√2/2, √2), s = f/(2+f), and log(1+f) = f - s·(f - R) with R a minimax
 * polynomial in s² (error below 2^-58). x below DBL_MIN (0, subnormals,
 * negatives) gives log(DBL_MIN), as the reference's nn_safe_log; NaN gives
 * NaN. (+inf would give 1024·ln 2: the cost takes logs of values in [0, 1].) */
INLINE v8d vsafe_log(v8d x)
{
    const v8d Lg1 = vsplat(6.666666666666735130e-01), Lg2 = vsplat(3.999999999940941908e-01),
              Lg3 = vsplat(2.857142874366239149e-01), Lg4 = vsplat(2.222219843214978396e-01),
              Lg5 = vsplat(1.818357216161805012e-01), Lg6 = vsplat(1.531383769920937332e-01),
              Lg7 = vsplat(1.479819860511658591e-01);
    const v8d ln2_hi = vsplat(6.93147180369123816490e-01), ln2_lo = vsplat(1.90821492927058770002e-10);
    v8d in = x;
    x = vselect(x < vsplat(DBL_MIN), vsplat(DBL_MIN), x);
    v8u bits = (v8u)x;
    /* k as a double: the exponent field put in the mantissa of 2^52 */
    v8d k = (v8d)((bits >> 52) | 0x4330000000000000ULL) - vsplat(0x1p52 + 1023.0);
    v8d mant = (v8d)((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* in [1, 2) */
    v8l big = mant > vsplat(0x1.6a09e667f3bcdp0);                                /* above √2 */
    mant = vselect(big, mant * vsplat(0.5), mant);
    k = vselect(big, k + vsplat(1.0), k);
    v8d f = mant - vsplat(1.0);
    v8d s = f / (vsplat(2.0) + f), z = s * s, w = z * z;
    v8d t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    v8d t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    v8d R = t2 + t1, hfsq = vsplat(0.5) * f * f;
    v8d y = k * ln2_hi - ((hfsq - (s * (hfsq + R) + k * ln2_lo)) - f);
    return vselect(in == in, y, in);
}

#endif
