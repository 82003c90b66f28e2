/* RSA-signature authentication for phase 1 (`authentication rsa-sig`).
 *
 * PKI stand-in: there is no `crypto pki trustpoint` yet, so each router
 * presents a self-signed X.509 certificate made from its general-purpose
 * RSA key (`crypto key generate rsa`), subject CN=hostname[.domain], valid
 * from the router's clock for ten years (deterministic: no wall clock, and
 * PKCS#1 v1.5 signatures use no randomness).  A peer's certificate is
 * accepted when its self-signature verifies, then SIG_I/SIG_R must verify
 * with its key: the exchange is authenticated against the key the peer
 * holds, not against a CA -- documented, not hidden.
 *
 * Signatures follow RFC 2409 §5.1 as IOS and strongSwan do: PKCS#1 v1.5
 * type-1 padding over the raw HASH_I/HASH_R (no DigestInfo). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ike_int.h"
#include "router.h"
#include "xform.h"

static struct rsa_keypair *
my_key(struct ike_sa *sa)
{
	struct rsa_keypair *k = ipsec_rsa_find(sa->ctx->r, NULL);

	return k != NULL && k->pkey != NULL ? k : NULL;
}

bool
ike_rsa_usable(struct ike_sa *sa)
{
	return my_key(sa) != NULL;
}

/* Our certificate (DER), malloc'd. */
int
ike_rsa_cert(struct ike_sa *sa, uint8_t **der, size_t *len)
{
	struct router *r = sa->ctx->r;
	struct ipsec_state *st = ipsec_state(r);
	struct rsa_keypair *k = my_key(sa);
	X509	*x = NULL;
	X509_NAME *nm;
	EVP_MD	*md = NULL;
	char	 cn[ROUTER_NAME_MAX + CRYPTO_NAME_MAX + 2];
	time_t	 t;
	unsigned char *p = NULL;
	int	 n, rc = -1;

	*der = NULL;
	if (k == NULL)
		return -1;
	snprintf(cn, sizeof(cn), "%s%s%s", r->hostname,
	    st->domain_name[0] ? "." : "", st->domain_name);
	t = (time_t)(router_wall_ns(r) / 1000000000LL);
	if ((x = X509_new_ex(xform_libctx(), NULL)) == NULL ||
	    (md = EVP_MD_fetch(xform_libctx(), "SHA256", NULL)) == NULL)
		goto out;
	if (X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    ASN1_TIME_set(X509_getm_notBefore(x), t) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(x), t + 10L * 365 * 86400) ==
	    NULL || X509_set_pubkey(x, k->pkey) != 1)
		goto out;
	nm = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, nm) != 1 || X509_sign(x, k->pkey, md) <= 0)
		goto out;
	if ((n = i2d_X509(x, &p)) <= 0)
		goto out;
	*der = malloc((size_t)n);
	if (*der == NULL)
		abort();
	memcpy(*der, p, (size_t)n);
	*len = (size_t)n;
	rc = 0;
out:
	OPENSSL_free(p);
	EVP_MD_free(md);
	X509_free(x);
	return rc;
}

int
ike_rsa_sign(struct ike_sa *sa, const uint8_t *hash, size_t hlen,
    uint8_t **sig, size_t *slen)
{
	struct rsa_keypair *k = my_key(sa);
	EVP_PKEY_CTX *c;
	int	 rc = -1;

	*sig = NULL;
	if (k == NULL)
		return -1;
	c = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), k->pkey, NULL);
	if (c == NULL)
		return -1;
	if (EVP_PKEY_sign_init(c) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
	    EVP_PKEY_sign(c, NULL, slen, hash, hlen) > 0) {
		*sig = malloc(*slen);
		if (*sig == NULL)
			abort();
		if (EVP_PKEY_sign(c, *sig, slen, hash, hlen) > 0)
			rc = 0;
		else {
			free(*sig);
			*sig = NULL;
		}
	}
	EVP_PKEY_CTX_free(c);
	return rc;
}

/* 0: the certificate signs itself and sig is its key's signature of
 * hash; subject gets the certificate's subject for debug lines. */
int
ike_rsa_verify(const uint8_t *der, size_t len, const uint8_t *hash,
    size_t hlen, const uint8_t *sig, size_t slen, char *subject,
    size_t sublen)
{
	const unsigned char *p = der;
	X509	*x;
	EVP_PKEY *pub;
	EVP_PKEY_CTX *c = NULL;
	int	 rc = -1;

	if (subject != NULL && sublen > 0)
		subject[0] = '\0';
	if ((x = X509_new_ex(xform_libctx(), NULL)) == NULL)
		return -1;
	if (d2i_X509(&x, &p, (long)len) == NULL) {
		X509_free(x);
		return -1;
	}
	if (subject != NULL && sublen > 0)
		X509_NAME_oneline(X509_get_subject_name(x), subject,
		    (int)sublen);
	pub = X509_get0_pubkey(x);
	if (pub == NULL || X509_verify(x, pub) != 1)
		goto out;
	c = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), pub, NULL);
	if (c != NULL && EVP_PKEY_verify_init(c) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
	    EVP_PKEY_verify(c, sig, slen, hash, hlen) == 1)
		rc = 0;
out:
	EVP_PKEY_CTX_free(c);
	X509_free(x);
	return rc;
}
