/* Seeded generator: xoshiro256** with its state filled by splitmix64 from
 * the lab seed.  Not cryptographically strong, on purpose: lab runs must be
 * repeatable; nothing here protects real traffic. */
#include <string.h>

#include "rng.h"

static uint64_t st[4];
static uint64_t cur_seed;
static int seeded;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
rng_seed(uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		st[i] = splitmix64(&x);
	cur_seed = seed;
	seeded = 1;
}

uint64_t
rng_get_seed(void)
{
	return cur_seed;
}

uint64_t
rng_u64(void)
{
	uint64_t result, t;

	if (!seeded)
		rng_seed(1);
	result = rotl(st[1] * 5, 7) * 9;
	t = st[1] << 17;
	st[2] ^= st[0];
	st[3] ^= st[1];
	st[1] ^= st[2];
	st[0] ^= st[3];
	st[2] ^= t;
	st[3] = rotl(st[3], 45);
	return result;
}

uint32_t
rng_u32(void)
{
	return (uint32_t)(rng_u64() >> 32);
}

uint32_t
rng_below(uint32_t n)
{
	/* Lemire's multiply-shift; the tiny bias is irrelevant for a lab. */
	return (uint32_t)(((uint64_t)rng_u32() * n) >> 32);
}

double
rng_unit(void)
{
	return (double)(rng_u64() >> 11) * (1.0 / 9007199254740992.0);
}

void
rng_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len >= 8) {
		uint64_t v = rng_u64();
		memcpy(p, &v, 8);
		p += 8;
		len -= 8;
	}
	if (len > 0) {
		uint64_t v = rng_u64();
		memcpy(p, &v, len);
	}
}
