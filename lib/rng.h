/* The lab's seeded random generator.  Everything random in the lab (MAC
 * addresses, IP ids, SPIs, cookies, nonces, keys, loss decisions) draws from
 * here so a run under --seed N is byte-for-byte repeatable.
 * OpenSSL randomness for the lab goes through rng_ossl_libctx(). */
#ifndef VPNSIM_RNG_H
#define VPNSIM_RNG_H

#include <stddef.h>
#include <stdint.h>

void	 rng_seed(uint64_t seed);
uint64_t rng_get_seed(void);
uint32_t rng_u32(void);
uint64_t rng_u64(void);
uint32_t rng_below(uint32_t n);		/* uniform in [0, n), n > 0 */
double	 rng_unit(void);			/* uniform in [0, 1) */
void	 rng_bytes(void *buf, size_t len);

/* An OpenSSL library context whose default random generator is fed by this
 * generator (a small built-in RAND provider).  Created on first use; crypto
 * code for the lab passes it to every *_ex() call.  rng_ossl_free() at exit. */
struct ossl_lib_ctx_st;
struct ossl_lib_ctx_st *rng_ossl_libctx(void);
void	 rng_ossl_free(void);

#endif
