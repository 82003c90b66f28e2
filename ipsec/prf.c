/* IKEv1 PRF, key derivation and ISAKMP CBC (see prf.h).  HMAC is EVP_MAC
 * "HMAC" and digests/ciphers are fetched from the lab library context. */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "prf.h"
#include "xform.h"

int
ike_prf(const struct ike_hash *h, const void *key, size_t klen,
    const struct prf_buf *parts, size_t nparts, uint8_t *out)
{
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	size_t olen = 0;
	int ok = 0;

	if (h == NULL || (key == NULL && klen > 0))
		return -1;
	if ((mac = EVP_MAC_fetch(xform_libctx(), "HMAC", NULL)) == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)h->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* HMAC takes an empty key; OpenSSL wants a non-NULL pointer. */
	if ((ctx = EVP_MAC_CTX_new(mac)) != NULL &&
	    EVP_MAC_init(ctx, klen ? key : (const void *)"", klen, params)) {
		ok = 1;
		for (size_t i = 0; ok && i < nparts; i++)
			if (parts[i].len > 0)
				ok = EVP_MAC_update(ctx, parts[i].p, parts[i].len);
		ok = ok && EVP_MAC_final(ctx, out, &olen, IKE_MAX_HASH) &&
		    olen == h->len;
	}
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

int
ike_hash(const struct ike_hash *h, const struct prf_buf *parts,
    size_t nparts, uint8_t *out)
{
	EVP_MD *md;
	EVP_MD_CTX *ctx = NULL;
	unsigned int olen = 0;
	int ok = 0;

	if (h == NULL)
		return -1;
	if ((md = EVP_MD_fetch(xform_libctx(), h->digest, NULL)) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex2(ctx, md, NULL)) {
		ok = 1;
		for (size_t i = 0; ok && i < nparts; i++)
			if (parts[i].len > 0)
				ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].len);
		ok = ok && EVP_DigestFinal_ex(ctx, out, &olen) &&
		    olen == h->len;
	}
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ok ? 0 : -1;
}

int
ike_skeyid_psk(const struct ike_hash *h, const void *psk, size_t psk_len,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    uint8_t *skeyid)
{
	struct prf_buf parts[] = { { ni, ni_len }, { nr, nr_len } };

	return ike_prf(h, psk, psk_len, parts, 2, skeyid);
}

int
ike_skeyid_sig(const struct ike_hash *h, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const uint8_t *gxy, size_t gxy_len,
    uint8_t *skeyid)
{
	uint8_t key[1024];
	struct prf_buf parts[] = { { gxy, gxy_len } };

	if (ni_len + nr_len > sizeof(key))
		return -1;
	memcpy(key, ni, ni_len);
	memcpy(key + ni_len, nr, nr_len);
	return ike_prf(h, key, ni_len + nr_len, parts, 1, skeyid);
}

int
ike_key_expand(const struct ike_hash *h, const uint8_t *skeyid_e,
    size_t need, uint8_t *out)
{
	uint8_t k[IKE_MAX_HASH];
	uint8_t zero = 0;
	size_t done = 0;

	if (need <= h->len) {
		memcpy(out, skeyid_e, need);
		return 0;
	}
	while (done < need) {
		struct prf_buf part = done == 0 ?
		    (struct prf_buf){ &zero, 1 } : (struct prf_buf){ k, h->len };
		size_t n;

		if (ike_prf(h, skeyid_e, h->len, &part, 1, k) != 0)
			return -1;
		n = need - done < h->len ? need - done : h->len;
		memcpy(out + done, k, n);
		done += n;
	}
	OPENSSL_cleanse(k, sizeof(k));
	return 0;
}

int
ike_keys_derive(struct ike_keys *k, const struct ike_hash *h,
    const struct ike_cipher *c, const uint8_t *skeyid, const uint8_t *gxy,
    size_t gxy_len, const uint8_t cky_i[8], const uint8_t cky_r[8])
{
	uint8_t n0 = 0, n1 = 1, n2 = 2;

	if (h == NULL || c == NULL || c->key_len > IKE_MAX_KEY)
		return -1;
	k->hash = h;
	k->cipher = c;
	k->hlen = h->len;
	if (skeyid != NULL && skeyid != k->skeyid)
		memcpy(k->skeyid, skeyid, h->len);
	{
		struct prf_buf d[] = { { gxy, gxy_len }, { cky_i, 8 },
		    { cky_r, 8 }, { &n0, 1 } };
		struct prf_buf a[] = { { k->skeyid_d, h->len }, { gxy, gxy_len },
		    { cky_i, 8 }, { cky_r, 8 }, { &n1, 1 } };
		struct prf_buf e[] = { { k->skeyid_a, h->len }, { gxy, gxy_len },
		    { cky_i, 8 }, { cky_r, 8 }, { &n2, 1 } };

		if (ike_prf(h, k->skeyid, h->len, d, 4, k->skeyid_d) != 0 ||
		    ike_prf(h, k->skeyid, h->len, a, 5, k->skeyid_a) != 0 ||
		    ike_prf(h, k->skeyid, h->len, e, 5, k->skeyid_e) != 0)
			return -1;
	}
	k->enc_len = c->key_len;
	return ike_key_expand(h, k->skeyid_e, c->key_len, k->enc_key);
}

int
ike_iv_phase1(const struct ike_hash *h, const uint8_t *gxi, size_t gxi_len,
    const uint8_t *gxr, size_t gxr_len, size_t block, uint8_t *iv)
{
	uint8_t d[IKE_MAX_HASH];
	struct prf_buf parts[] = { { gxi, gxi_len }, { gxr, gxr_len } };

	if (block > h->len || ike_hash(h, parts, 2, d) != 0)
		return -1;
	memcpy(iv, d, block);
	return 0;
}

int
ike_iv_exchange(const struct ike_hash *h, const uint8_t *p1_last,
    size_t block, uint32_t msgid, uint8_t *iv)
{
	uint8_t d[IKE_MAX_HASH];
	uint8_t mid[4] = { (uint8_t)(msgid >> 24), (uint8_t)(msgid >> 16),
	    (uint8_t)(msgid >> 8), (uint8_t)msgid };
	struct prf_buf parts[] = { { p1_last, block }, { mid, 4 } };

	if (block > h->len || ike_hash(h, parts, 2, d) != 0)
		return -1;
	memcpy(iv, d, block);
	return 0;
}

int
ike_keymat(const struct ike_hash *h, const uint8_t *skeyid_d,
    const uint8_t *gqm, size_t gqm_len, uint8_t protocol, uint32_t spi,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    uint8_t *out, size_t out_len)
{
	uint8_t k[IKE_MAX_HASH];
	uint8_t spib[4] = { (uint8_t)(spi >> 24), (uint8_t)(spi >> 16),
	    (uint8_t)(spi >> 8), (uint8_t)spi };
	size_t done = 0;

	if (h == NULL || (gqm == NULL && gqm_len > 0))
		return -1;
	while (done < out_len) {
		/* K1 has no previous block: an empty first part. */
		struct prf_buf parts[] = {
			{ k, done == 0 ? 0 : h->len },
			{ gqm, gqm_len }, { &protocol, 1 }, { spib, 4 },
			{ ni, ni_len }, { nr, nr_len } };
		size_t n;

		if (ike_prf(h, skeyid_d, h->len, parts, 6, k) != 0)
			return -1;
		n = out_len - done < h->len ? out_len - done : h->len;
		memcpy(out + done, k, n);
		done += n;
	}
	OPENSSL_cleanse(k, sizeof(k));
	return 0;
}

int
ike_cbc(const struct ike_cipher *c, const uint8_t *key, uint8_t *iv,
    const uint8_t *in, size_t len, uint8_t *out, int encrypt)
{
	EVP_CIPHER_CTX *ctx;
	uint8_t next_iv[IKE_MAX_BLOCK];
	int outl = 0, ok = 0;

	if (c == NULL || len % c->block != 0 || len > INT32_MAX)
		return -1;
	if (len == 0)
		return 0;
	/* Decrypting in place overwrites the last ciphertext block: keep it. */
	memcpy(next_iv, in + len - c->block, c->block);
	if ((ctx = xform_cipher_ctx(c->evp, key, encrypt)) != NULL &&
	    EVP_CipherInit_ex2(ctx, NULL, NULL, iv, -1, NULL) &&
	    EVP_CipherUpdate(ctx, out, &outl, in, (int)len) &&
	    (size_t)outl == len)
		ok = 1;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok) {
		ERR_clear_error();
		return -1;
	}
	memcpy(iv, encrypt ? out + len - c->block : next_iv, c->block);
	return 0;
}
