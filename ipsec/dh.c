/* IKEv1 Diffie-Hellman through EVP_PKEY (see dh.h).
 *
 * Groups 5, 14, 15, 16 and 24 are OpenSSL named groups (the RFC 3526 and
 * RFC 5114 numbers built into OpenSSL 3); groups 1 and 2 (RFC 2409 Oakley
 * primes) have no OpenSSL name and are given as explicit p and g = 2.
 * Every key is made from a parameter key (EVP_PKEY_fromdata) in the lab
 * library context, so key generation draws from the lab generator. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "dh.h"
#include "xform.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* RFC 2409 §6.1: the First Oakley Group, 768 bits. */
static const char oakley768[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF";

/* RFC 2409 §6.2: the Second Oakley Group, 1024 bits. */
static const char oakley1024[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";

struct group_impl {
	struct dh_group	 pub;
	const char	*name;		/* OpenSSL group name, or NULL */
	const char	*p_hex;		/* explicit prime when name is NULL */
	int		 nid;		/* ECP curve */
};

static const struct group_impl groups[] = {
	{ { 1, false, 768, 96, 96, "768 bit" }, NULL, oakley768, 0 },
	{ { 2, false, 1024, 128, 128, "1024 bit" }, NULL, oakley1024, 0 },
	{ { 5, false, 1536, 192, 192, "1536 bit" }, "modp_1536", NULL, 0 },
	{ { 14, false, 2048, 256, 256, "2048 bit" }, "modp_2048", NULL, 0 },
	{ { 15, false, 3072, 384, 384, "3072 bit" }, "modp_3072", NULL, 0 },
	{ { 16, false, 4096, 512, 512, "4096 bit" }, "modp_4096", NULL, 0 },
	{ { 19, true, 256, 64, 32, "256 bit ecp" }, "P-256", NULL,
	    NID_X9_62_prime256v1 },
	{ { 20, true, 384, 96, 48, "384 bit ecp" }, "P-384", NULL,
	    NID_secp384r1 },
	{ { 24, false, 2048, 256, 256, "2048 bit, 256 bit subgroup" },
	    "dh_2048_256", NULL, 0 },
};

struct dh {
	const struct group_impl	*g;
	EVP_PKEY		*key;
	uint8_t			 pub[DH_MAX_PUB];
	size_t			 pub_len;
};

static const struct group_impl *
impl_get(int id)
{
	for (size_t i = 0; i < NELEM(groups); i++)
		if (groups[i].pub.id == id)
			return &groups[i];
	return NULL;
}

const struct dh_group *
dh_group_get(int id)
{
	const struct group_impl *g = impl_get(id);

	return g != NULL ? &g->pub : NULL;
}

const struct dh_group *
dh_group_at(size_t i)
{
	return i < NELEM(groups) ? &groups[i].pub : NULL;
}

const struct dh_group *
dh_group(const struct dh *d)
{
	return &d->g->pub;
}

/* Domain parameters of g into bld; *p and *gen keep the BNs alive until
 * the caller frees them after OSSL_PARAM_BLD_to_param(). */
static int
push_group(OSSL_PARAM_BLD *bld, const struct group_impl *g, BIGNUM **p,
    BIGNUM **gen)
{
	if (g->name != NULL)
		return OSSL_PARAM_BLD_push_utf8_string(bld,
		    OSSL_PKEY_PARAM_GROUP_NAME, g->name, 0);
	if (BN_hex2bn(p, g->p_hex) == 0 || (*gen = BN_new()) == NULL ||
	    !BN_set_word(*gen, 2))
		return 0;
	return OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, *p) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, *gen);
}

/* A key from fromdata: selection EVP_PKEY_KEY_PARAMETERS / PUBLIC_KEY /
 * KEYPAIR, with the group plus optional priv (BN) and pub (BN for MODP,
 * 0x04||x||y octets for ECP). */
static EVP_PKEY *
key_fromdata(const struct group_impl *g, int selection, const BIGNUM *priv,
    const uint8_t *pub, size_t pub_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_PKEY *key = NULL;
	BIGNUM *p = NULL, *gen = NULL, *pubbn = NULL;
	int ok;

	if (bld == NULL)
		return NULL;
	ok = push_group(bld, g, &p, &gen);
	if (ok && priv != NULL)
		ok = OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv);
	if (ok && pub != NULL) {
		if (g->pub.ecp)
			ok = OSSL_PARAM_BLD_push_octet_string(bld,
			    OSSL_PKEY_PARAM_PUB_KEY, pub, pub_len);
		else
			ok = (pubbn = BN_bin2bn(pub, (int)pub_len, NULL)) != NULL &&
			    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY,
			    pubbn);
	}
	if (ok)
		ok = (params = OSSL_PARAM_BLD_to_param(bld)) != NULL;
	if (ok)
		ok = (pctx = EVP_PKEY_CTX_new_from_name(xform_libctx(),
		    g->pub.ecp ? "EC" : "DH", NULL)) != NULL;
	if (ok && (EVP_PKEY_fromdata_init(pctx) <= 0 ||
	    EVP_PKEY_fromdata(pctx, &key, selection, params) <= 0))
		key = NULL;
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(p);
	BN_free(gen);
	BN_free(pubbn);
	return key;
}

/* Our public value in wire encoding into d->pub. */
static int
fill_public(struct dh *d)
{
	size_t plen = d->g->pub.pub_len;

	if (d->g->pub.ecp) {
		uint8_t buf[1 + DH_MAX_PUB];
		size_t len = 0;

		if (!EVP_PKEY_get_octet_string_param(d->key,
		    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf, sizeof(buf), &len) ||
		    len != plen + 1 || buf[0] != 0x04)
			return -1;
		memcpy(d->pub, buf + 1, plen);
	} else {
		BIGNUM *y = NULL;
		int r;

		if (!EVP_PKEY_get_bn_param(d->key, OSSL_PKEY_PARAM_PUB_KEY, &y))
			return -1;
		r = BN_bn2binpad(y, d->pub, (int)plen);
		BN_free(y);
		if (r != (int)plen)
			return -1;
	}
	d->pub_len = plen;
	return 0;
}

static struct dh *
dh_wrap(const struct group_impl *g, EVP_PKEY *key)
{
	struct dh *d;

	if (key == NULL)
		return NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		EVP_PKEY_free(key);
		return NULL;
	}
	d->g = g;
	d->key = key;
	if (fill_public(d) != 0) {
		dh_free(d);
		return NULL;
	}
	return d;
}

struct dh *
dh_new(int id)
{
	const struct group_impl *g = impl_get(id);
	EVP_PKEY *params, *key = NULL;
	EVP_PKEY_CTX *kctx;

	if (g == NULL)
		return NULL;
	if ((params = key_fromdata(g, EVP_PKEY_KEY_PARAMETERS, NULL, NULL,
	    0)) == NULL)
		return NULL;
	kctx = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), params, NULL);
	if (kctx == NULL || EVP_PKEY_keygen_init(kctx) <= 0 ||
	    EVP_PKEY_generate(kctx, &key) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(kctx);
	EVP_PKEY_free(params);
	return dh_wrap(g, key);
}

/* Public value for a known private one: g^x mod p, or x·G on the curve
 * (the BN/EC_POINT arithmetic, which is not deprecated, only computes; the
 * key itself is an EVP_PKEY as usual). */
static int
derive_public(const struct group_impl *g, const BIGNUM *x, uint8_t *out,
    size_t *out_len)
{
	BN_CTX *bnctx = BN_CTX_new_ex(xform_libctx());
	int ok = 0;

	if (bnctx == NULL)
		return -1;
	if (g->pub.ecp) {
		EC_GROUP *grp = EC_GROUP_new_by_curve_name_ex(xform_libctx(),
		    NULL, g->nid);
		EC_POINT *pt = grp != NULL ? EC_POINT_new(grp) : NULL;

		if (pt != NULL && EC_POINT_mul(grp, pt, x, NULL, NULL, bnctx)) {
			*out_len = EC_POINT_point2oct(grp, pt,
			    POINT_CONVERSION_UNCOMPRESSED, out, 1 + DH_MAX_PUB,
			    bnctx);
			ok = *out_len == g->pub.pub_len + 1;
		}
		EC_POINT_free(pt);
		EC_GROUP_free(grp);
	} else {
		EVP_PKEY *params = key_fromdata(g, EVP_PKEY_KEY_PARAMETERS,
		    NULL, NULL, 0);
		BIGNUM *p = NULL, *gen = NULL, *y = BN_new();

		if (params != NULL && y != NULL &&
		    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &p) &&
		    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, &gen) &&
		    BN_mod_exp(y, gen, x, p, bnctx)) {
			ok = BN_bn2binpad(y, out, (int)g->pub.pub_len) ==
			    (int)g->pub.pub_len;
			*out_len = g->pub.pub_len;
		}
		BN_free(p);
		BN_free(gen);
		BN_free(y);
		EVP_PKEY_free(params);
	}
	BN_CTX_free(bnctx);
	return ok ? 0 : -1;
}

struct dh *
dh_new_priv(int id, const uint8_t *priv, size_t len)
{
	const struct group_impl *g = impl_get(id);
	uint8_t pub[1 + DH_MAX_PUB];
	size_t pub_len = 0;
	BIGNUM *x;
	EVP_PKEY *key = NULL;

	if (g == NULL || len == 0 || len > DH_MAX_PUB)
		return NULL;
	if ((x = BN_bin2bn(priv, (int)len, NULL)) == NULL)
		return NULL;
	if (!BN_is_zero(x) && derive_public(g, x, pub, &pub_len) == 0)
		key = key_fromdata(g, EVP_PKEY_KEYPAIR, x, pub, pub_len);
	BN_clear_free(x);
	return dh_wrap(g, key);
}

void
dh_free(struct dh *d)
{
	if (d == NULL)
		return;
	EVP_PKEY_free(d->key);
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
}

const uint8_t *
dh_public(const struct dh *d, size_t *len)
{
	if (len != NULL)
		*len = d->pub_len;
	return d->pub;
}

int
dh_compute(struct dh *d, const uint8_t *peer, size_t peer_len, uint8_t *out,
    size_t cap)
{
	const struct group_impl *g = d->g;
	size_t need = g->pub.secret_len, len;
	uint8_t enc[1 + DH_MAX_PUB], sec[DH_MAX_SECRET];
	EVP_PKEY *pk;
	EVP_PKEY_CTX *dctx = NULL;
	int ret = -1;

	if (peer == NULL || peer_len != g->pub.pub_len || cap < need)
		return -1;
	if (g->pub.ecp) {
		enc[0] = 0x04;
		memcpy(enc + 1, peer, peer_len);
		pk = key_fromdata(g, EVP_PKEY_PUBLIC_KEY, NULL, enc,
		    peer_len + 1);
	} else
		pk = key_fromdata(g, EVP_PKEY_PUBLIC_KEY, NULL, peer, peer_len);
	if (pk == NULL)
		goto out;
	/* derive_set_peer validates the peer value (range, on the curve,
	 * subgroup for group 24). */
	len = sizeof(sec);
	if ((dctx = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), d->key,
	    NULL)) == NULL || EVP_PKEY_derive_init(dctx) <= 0 ||
	    EVP_PKEY_derive_set_peer(dctx, pk) <= 0 ||
	    EVP_PKEY_derive(dctx, sec, &len) <= 0 || len > need)
		goto out;
	/* Left-pad to the full length (IKEv1 uses g^xy padded to the prime
	 * length; OpenSSL strips leading zero bytes for plain DH). */
	memset(out, 0, need - len);
	memcpy(out + need - len, sec, len);
	ret = (int)need;
out:
	OPENSSL_cleanse(sec, sizeof(sec));
	EVP_PKEY_CTX_free(dctx);
	EVP_PKEY_free(pk);
	if (ret < 0)
		ERR_clear_error();
	return ret;
}
