/* nn_rng.h - a small, portable, seedable random number generator.
 *
 * xoshiro256** seeded through splitmix64, so one seed gives the same
 * bit-identical numbers on every machine and compiler: the random start of
 * chapter 8 (nn_rand_init), Adam's shuffles and the grader's secret inputs
 * all draw from it.
 */
#ifndef NN_RNG_H
#define NN_RNG_H

#include <stdint.h>

/* xoshiro256** (Blackman and Vigna, 2018): 256 bits of state, period 2^256-1.
 * Its state is filled from the 64-bit seed by splitmix64, as the authors
 * recommend, so every seed (0 included) gives a good state. */
typedef struct {
    uint64_t s[4]; /* the generator's state; never all zero */
} nn_rng;

/* Seed r; the same seed always gives the same sequence. */
void nn_rng_seed(nn_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t nn_rng_next(nn_rng *r);

/* A double uniform in [0, 1): the top 53 bits of nn_rng_next times 2^-53. */
double nn_rng_uniform(nn_rng *r);

/* A whole number uniform in 0..n-1 (n >= 1), without modulo bias. */
uint64_t nn_rng_below(nn_rng *r, uint64_t n);

/* Put the n ints of a in a random order (Fisher-Yates). */
void nn_rng_shuffle(nn_rng *r, int *a, int n);

#endif
