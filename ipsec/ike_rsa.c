/* RSA-signature authentication for phase 1 (`authentication rsa-sig`).
 *
 * PKI (pki_ca.h): a router presents the certificate it enrolled for with
 * `crypto pki enroll` (its first trustpoint holding one, signed by the
 * lab CA) and signs with that certificate's key.  A peer's certificate is
 * accepted when it chains to the CA of one of our authenticated
 * trustpoints at our clock (X509_verify_cert), when it names the peer's
 * IKE identity (ID_IPV4_ADDR among its subjectAltName IPs, ID_FQDN equal
 * to its hostname= or CN, ID_DER_ASN1_DN equal to its subject), and when SIG_I/SIG_R verifies with its key.  A router
 * without an enrolled certificate cannot use rsa-sig: its rsa-sig
 * policies are neither offered nor accepted, as on IOS.
 *
 * As on IOS, an ID that the certificate does not name only draws a warning
 * (%CRYPTO-6-IKMP_NO_ID_CERT_ADDR_MATCH "(NOT ERROR BUT WARNING ONLY)") and
 * the exchange carries on; ID_MISMATCH_FATAL makes it an error instead.
 *
 * Signatures follow RFC 2409 §5.1 as IOS and strongSwan do: PKCS#1 v1.5
 * type-1 padding over the raw HASH_I/HASH_R (no DigestInfo). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ike_int.h"
#include "ipv4.h"
#include "pki_ca.h"
#include "router.h"
#include "xform.h"

#define ID_MISMATCH_FATAL	false	/* see the top */
#define MAX_CAS			16

/* Our enrolled certificate and its key (pki_cli.c), or NULL. */
static X509 *
my_cert(struct ike_sa *sa, EVP_PKEY **key)
{
	return pki_router_cert(sa->ctx->r, key);
}

bool
ike_rsa_usable(struct ike_sa *sa)
{
	return my_cert(sa, NULL) != NULL;
}

/* Our certificate (DER), malloc'd. */
int
ike_rsa_cert(struct ike_sa *sa, uint8_t **der, size_t *len)
{
	X509	*x = my_cert(sa, NULL);
	unsigned char *p = NULL;
	int	 n;

	*der = NULL;
	if (x == NULL || (n = i2d_X509(x, &p)) <= 0)
		return -1;
	*der = malloc((size_t)n);
	if (*der == NULL)
		abort();
	memcpy(*der, p, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(p);
	return 0;
}

int
ike_rsa_sign(struct ike_sa *sa, const uint8_t *hash, size_t hlen,
    uint8_t **sig, size_t *slen)
{
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *c;
	int	 rc = -1;

	*sig = NULL;
	if (my_cert(sa, &key) == NULL || key == NULL)
		return -1;
	c = EVP_PKEY_CTX_new_from_pkey(xform_libctx(), key, NULL);
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

/* Trust: the certificate chains to one of our CAs at our clock.  Logs
 * as IOS does when it does not. */
static int
check_trust(struct ike_sa *sa, X509 *x)
{
	struct router *r = sa->ctx->r;
	X509	*cas[MAX_CAS];
	int	 n = pki_router_cas(r, cas, MAX_CAS);
	char	 pb[16], sn[80], when[40];

	ip_ntoa(sa->peer, pb);
	pki_cert_serial(x, sn, sizeof(sn));
	switch (pki_verify(x, cas, n, router_wall_ns(r))) {
	case PKI_OK:
		return 0;
	case PKI_EXPIRED:
		pki_time_text(pki_cert_not_after(x), when, sizeof(when));
		rlog(r, 3, "PKI", "CERTIFICATE_INVALID_EXPIRED", "Certificate "
		    "chain validation has failed. The certificate (SN: %s) has "
		    "expired. Validity period ended on %s", sn, when);
		break;
	case PKI_NOT_YET_VALID:
		pki_time_text(pki_cert_not_before(x), when, sizeof(when));
		rlog(r, 3, "PKI", "CERTIFICATE_INVALID_NOT_YET_VALID",
		    "Certificate chain validation has failed. The certificate "
		    "(SN: %s) is not yet valid Validity period starts on %s",
		    sn, when);
		break;
	default:
		break;
	}
	ikd_err(sa, "Certificate validation failed");
	rlog(r, 5, "CRYPTO", "IKMP_INVAL_CERT", "Certificate received from %s "
	    "is bad: certificate invalid", pb);
	return -1;
}

/* Identity: ID_IPV4_ADDR among the subjectAltName IPs, ID_FQDN = the
 * hostname= (or CN) of the subject, ID_DER_ASN1_DN = the subject. */
static int
check_id(struct ike_sa *sa, X509 *x, const uint8_t *idb, size_t idlen)
{
	struct isakmp_id id;
	char	 a[16], b[16], cn[256], hn[256], fq[256];
	uint32_t first;

	if (isakmp_id_decode(idb, idlen, &id) != 0)
		return -1;
	if (id.type == ISAKMP_ID_IPV4_ADDR) {
		if (pki_cert_has_ip(x, id.addr))
			return 0;
		first = pki_cert_first_ip(x);
		rlog(sa->ctx->r, 6, "CRYPTO", "IKMP_NO_ID_CERT_ADDR_MATCH",
		    "(NOT ERROR BUT WARNING ONLY)ID of %s (type %u) and "
		    "certificate addr with %s",
		    ip_ntoa(id.addr, a), id.type, first ? ip_ntoa(first, b) :
		    "");
	} else if (id.type == ISAKMP_ID_FQDN) {
		pki_cert_cn(x, cn, sizeof(cn));
		pki_cert_hostname(x, hn, sizeof(hn));
		snprintf(fq, sizeof(fq), "%.*s", (int)(id.len < 255 ? id.len :
		    255), (const char *)id.data);
		if (strcasecmp(fq, hn) == 0 || strcasecmp(fq, cn) == 0)
			return 0;
		rlog(sa->ctx->r, 6, "CRYPTO", "IKMP_NO_ID_CERT_FQDN_MATCH",
		    "(NOT ERROR BUT WARNING ONLY)ID of %s (type %u) and "
		    "certificate fqdn with %s", fq,
		    id.type, hn[0] != '\0' ? hn : cn);
	} else if (id.type == ISAKMP_ID_DER_ASN1_DN) {
		const unsigned char *p = id.data;
		X509_NAME *nm = d2i_X509_NAME(NULL, &p, (long)id.len);
		char	 idt[512], ct[512];
		unsigned char *der = NULL;
		int	 n;
		bool	 same = nm != NULL && p == id.data + id.len &&
		    X509_NAME_cmp(nm, X509_get_subject_name(x)) == 0;

		X509_NAME_free(nm);
		if (same)
			return 0;
		/* Same wording as the address and FQDN forms (no sample of
		 * the DN form was found). */
		ike_dn_text(id.data, id.len, idt, sizeof(idt));
		n = i2d_X509_NAME(X509_get_subject_name(x), &der);
		ct[0] = '\0';
		if (n > 0)
			ike_dn_text(der, (size_t)n, ct, sizeof(ct));
		OPENSSL_free(der);
		rlog(sa->ctx->r, 6, "CRYPTO", "IKMP_NO_ID_CERT_DN_MATCH",
		    "(NOT ERROR BUT WARNING ONLY)ID of %s (type %u) and "
		    "certificate DN with %s", idt, id.type, ct);
	} else
		return 0;	/* other ID types: nothing to compare */
	return ID_MISMATCH_FATAL ? -1 : 0;
}

/* 0: the peer's certificate is trusted, names its ID, and sig is its
 * key's signature of hash; subject gets the certificate's subject for
 * debug lines. */
int
ike_rsa_verify(struct ike_sa *sa, const uint8_t *idb, size_t idlen,
    const uint8_t *der, size_t len, const uint8_t *hash, size_t hlen,
    const uint8_t *sig, size_t slen, char *subject, size_t sublen)
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
	if (subject != NULL && sublen > 0) {
		unsigned char *sd = NULL;
		int	 sn = i2d_X509_NAME(X509_get_subject_name(x), &sd);

		if (sn > 0)
			ike_dn_text(sd, (size_t)sn, subject, sublen);
		OPENSSL_free(sd);
	}
	pub = X509_get0_pubkey(x);
	if (pub == NULL || check_trust(sa, x) != 0 ||
	    check_id(sa, x, idb, idlen) != 0)
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
