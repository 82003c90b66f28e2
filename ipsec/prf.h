/* IKEv1 key derivation (RFC 2409 §5, §5.5, App. B) and the small crypto
 * helpers the IKE engine needs: the PRF (HMAC of the negotiated hash), the
 * plain hash, CBC for ISAKMP payloads and the IV chain.
 *
 * All functions return 0 on success and -1 on an OpenSSL failure or a bad
 * argument; outputs are caller buffers (nothing here allocates for the
 * caller).  Byte strings are concatenated from prf_buf lists so callers
 * never build temporary buffers. */
#ifndef VPNSIM_PRF_H
#define VPNSIM_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "xform.h"

struct prf_buf {
	const void	*p;
	size_t		 len;
};

/* out (h->len bytes) = HMAC-hash(key, parts[0] | parts[1] | ...). */
int	ike_prf(const struct ike_hash *h, const void *key, size_t klen,
	    const struct prf_buf *parts, size_t nparts, uint8_t *out);
/* out (h->len bytes) = hash(parts...). */
int	ike_hash(const struct ike_hash *h, const struct prf_buf *parts,
	    size_t nparts, uint8_t *out);

/* Phase-1 key material.  All arrays hold h->len valid bytes except
 * enc_key (enc_len bytes). */
struct ike_keys {
	const struct ike_hash	*hash;
	const struct ike_cipher	*cipher;
	size_t			 hlen;
	uint8_t			 skeyid[IKE_MAX_HASH];
	uint8_t			 skeyid_d[IKE_MAX_HASH];
	uint8_t			 skeyid_a[IKE_MAX_HASH];
	uint8_t			 skeyid_e[IKE_MAX_HASH];
	uint8_t			 enc_key[IKE_MAX_KEY];	/* the cipher key */
	size_t			 enc_len;
};

/* SKEYID for pre-shared keys: prf(PSK, Ni_b | Nr_b). */
int	ike_skeyid_psk(const struct ike_hash *h, const void *psk, size_t psk_len,
	    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
	    uint8_t *skeyid);
/* SKEYID for signatures: prf(Ni_b | Nr_b, g^xy). */
int	ike_skeyid_sig(const struct ike_hash *h, const uint8_t *ni,
	    size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t *gxy,
	    size_t gxy_len, uint8_t *skeyid);

/* SKEYID_d/a/e from SKEYID (already in k->skeyid, or copied from skeyid
 * when not NULL), g^xy and the cookies, then the cipher key from SKEYID_e
 * (App. B expansion when the cipher needs more bytes than the hash). */
int	ike_keys_derive(struct ike_keys *k, const struct ike_hash *h,
	    const struct ike_cipher *c, const uint8_t *skeyid,
	    const uint8_t *gxy, size_t gxy_len, const uint8_t cky_i[8],
	    const uint8_t cky_r[8]);
/* RFC 2409 App. B on its own: out = first need bytes of SKEYID_e, or of
 * K1 | K2 | ... with K1 = prf(SKEYID_e, 0x00), Kn = prf(SKEYID_e, Kn-1). */
int	ike_key_expand(const struct ike_hash *h, const uint8_t *skeyid_e,
	    size_t need, uint8_t *out);

/* Phase-1 IV: hash(g^xi | g^xr) truncated to block bytes. */
int	ike_iv_phase1(const struct ike_hash *h, const uint8_t *gxi, size_t gxi_len,
	    const uint8_t *gxr, size_t gxr_len, size_t block, uint8_t *iv);
/* IV of a new exchange (quick mode, informational): hash(last phase-1
 * CBC block | M-ID) truncated; msgid as on the wire (big-endian bytes of
 * the host-order value). */
int	ike_iv_exchange(const struct ike_hash *h, const uint8_t *p1_last,
	    size_t block, uint32_t msgid, uint8_t *iv);

/* Phase-2 KEYMAT (RFC 2409 §5.5): out = first out_len bytes of K1 | K2 ...
 *   K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
 *   Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
 * gqm NULL / 0 without PFS; spi in host order (hashed big-endian); the SPI
 * is the one of the SA the keys are for (the receiver's choice). */
int	ike_keymat(const struct ike_hash *h, const uint8_t *skeyid_d,
	    const uint8_t *gqm, size_t gqm_len, uint8_t protocol, uint32_t spi,
	    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
	    uint8_t *out, size_t out_len);

/* CBC without padding over len bytes (a multiple of c->block), in place
 * allowed.  iv (c->block bytes) is updated to the last ciphertext block,
 * which is the IV of the next message of the same exchange. */
int	ike_cbc(const struct ike_cipher *c, const uint8_t *key, uint8_t *iv,
	    const uint8_t *in, size_t len, uint8_t *out, int encrypt);

#endif
