/* nn_rng.c - the seeded random number generator (nn_rng.h). */
#include "nn_rng.h"

/* splitmix64 (Steele, Lea and Flood): one step turns a counter into 64
 * well-mixed bits. Used only to fill xoshiro's state from a seed. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void nn_rng_seed(nn_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

/* xoshiro256** 1.0 (Blackman and Vigna). */
uint64_t nn_rng_next(nn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double nn_rng_uniform(nn_rng *r)
{
    return (double)(nn_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t nn_rng_below(nn_rng *r, uint64_t n)
{
    /* Reject the lowest (2^64 mod n) values so that every residue is equally
     * likely; (-n) % n is 2^64 mod n in unsigned arithmetic. */
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t x = nn_rng_next(r);
        if (x >= threshold)
            return x % n;
    }
}

void nn_rng_shuffle(nn_rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)nn_rng_below(r, (uint64_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
