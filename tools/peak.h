/* peak.h - this machine's double-precision peak, measured: a loop of fused
 * multiply-adds on registers only (no memory traffic), one per thread, with
 * the widest vectors the CPU has. The ceiling `nnwb bench` holds every other
 * row to; unlike a BLAS's dgemm it does not depend on which kernels the
 * BLAS picked for this CPU. */
#ifndef NNWB_PEAK_H
#define NNWB_PEAK_H

/* GFLOP/s of `threads` threads each running the loop at once (a fused
 * multiply-add counts as two flops); the best of reps runs. *isa names the
 * instructions used ("AVX-512 FMA", "AVX2 FMA" or "SSE2 mul+add").
 * 0 if a thread could not be started. */
double peak_gflops(int threads, int reps, const char **isa);

#endif
