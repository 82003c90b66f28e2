/* Diffie-Hellman for IKEv1: MODP groups 1, 2, 5, 14, 15, 16 (RFC 2409 /
 * RFC 3526), ECP groups 19 and 20 (RFC 5903) and group 24 (RFC 5114 2048-bit
 * MODP with a 256-bit subgroup).
 *
 * Wire encodings (what goes in a KE payload and into SKEYID):
 *  - MODP: g^x big-endian, left-padded to the prime length;
 *  - ECP: x || y of the public point (RFC 5903 §7), no 0x04 prefix;
 *  - the shared secret g^xy is left-padded to the prime length for MODP
 *    and is the x coordinate for ECP (RFC 5903 §7).
 * Key generation draws from the lab generator via rng_ossl_libctx(), so the
 * same --seed gives the same keys. */
#ifndef VPNSIM_DH_H
#define VPNSIM_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DH_MAX_PUB	512	/* group 16: 4096 bits */
#define DH_MAX_SECRET	512

struct dh_group {
	int		 id;		/* IKE group number */
	bool		 ecp;
	unsigned	 bits;		/* prime / field size */
	size_t		 pub_len;	/* KE payload data bytes */
	size_t		 secret_len;	/* g^xy bytes */
	const char	*desc;		/* IOS policy text: "1024 bit" */
};

/* NULL when the group is not supported. */
const struct dh_group	*dh_group_get(int id);
const struct dh_group	*dh_group_at(size_t i);	/* iteration, NULL at end */

struct dh;

/* A fresh key pair for group id; NULL if unsupported or OpenSSL fails.
 * Free with dh_free(). */
struct dh	*dh_new(int id);
/* Key pair from a known private value (big-endian, any length up to the
 * group size): for test vectors and replays. */
struct dh	*dh_new_priv(int id, const uint8_t *priv, size_t len);
void		 dh_free(struct dh *);		/* NULL safe */

const struct dh_group *dh_group(const struct dh *);
/* Our public value in wire encoding: pub_len bytes, owned by the dh. */
const uint8_t	*dh_public(const struct dh *, size_t *len);
/* Shared secret from the peer's public value (wire encoding, exactly
 * pub_len bytes).  Writes secret_len bytes to out (capacity cap) and
 * returns that length, or -1 for a bad peer value or too small a buffer. */
int		 dh_compute(struct dh *, const uint8_t *peer, size_t peer_len,
		    uint8_t *out, size_t cap);

#endif
