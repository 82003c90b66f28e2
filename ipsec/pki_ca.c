/* The lab's simulated certificate authority (see pki_ca.h).
 *
 * Everything is made in the lab's OpenSSL context (rng_ossl_libctx), whose
 * random generator is the seeded lab RNG: the CA key is the same under the
 * same seed, and PKCS#1 v1.5 signatures need no randomness, so issued
 * certificates are byte-for-byte repeatable.  Times come from the lab
 * clock, never the wall clock. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "lab.h"
#include "pki_ca.h"
#include "rng.h"
#include "sched.h"

#define CA_KEY_BITS	2048

static struct {
	EVP_PKEY	*key;
	X509		*cert;
	long		 next_serial;	/* router certificates from 02 */
	bool		 failed;	/* do not retry a broken OpenSSL */
} ca;

int64_t
pki_ca_now(void)
{
	return (the_lab != NULL ? the_lab->start_wall_ns : 0) +
	    (int64_t)sched_now();
}

void
pki_ca_free(void)
{
	EVP_PKEY_free(ca.key);
	X509_free(ca.cert);
	memset(&ca, 0, sizeof(ca));
}

/* One extension from its openssl.cnf text form (no config database). */
static int
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ex;
	int	 rc;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	if ((ex = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return -1;
	rc = X509_add_ext(x, ex, -1) == 1 ? 0 : -1;
	X509_EXTENSION_free(ex);
	return rc;
}

/* IOS's subject-name keywords (any case) and the objects behind them;
 * other keys go to OpenSSL by name. */
static const struct {
	const char	*ios;
	int		 nid;
} name_keys[] = {
	{ "cn", NID_commonName },
	{ "ou", NID_organizationalUnitName },
	{ "o", NID_organizationName },
	{ "c", NID_countryName },
	{ "l", NID_localityName },
	{ "st", NID_stateOrProvinceName },
	{ "ea", NID_pkcs9_emailAddress },
	{ "hostname", NID_pkcs9_unstructuredName },
	{ "ipaddress", NID_pkcs9_unstructuredAddress },
	{ "serialNumber", NID_serialNumber },
};
#define N_NAME_KEYS	(sizeof(name_keys) / sizeof(name_keys[0]))

int
pki_name_nid(const char *key, size_t len)
{
	for (size_t i = 0; i < N_NAME_KEYS; i++)
		if (strlen(name_keys[i].ios) == len &&
		    strncasecmp(name_keys[i].ios, key, len) == 0)
			return name_keys[i].nid;
	return NID_undef;
}

const char *
pki_name_ios_key(int nid)
{
	for (size_t i = 0; i < N_NAME_KEYS; i++)
		if (name_keys[i].nid == nid)
			return name_keys[i].ios;
	return NULL;
}

const char *
pki_name_key(int nid, char *buf, size_t len)
{
	const char *sn = OBJ_nid2sn(nid);
	size_t	 j;

	for (size_t i = 0; i < N_NAME_KEYS; i++)
		if (name_keys[i].nid == nid)
			return name_keys[i].ios;
	if (len == 0)
		return "";
	for (j = 0; sn != NULL && sn[j] != '\0' && j < len - 1; j++)
		buf[j] = (char)tolower((unsigned char)sn[j]);
	buf[j] = '\0';
	return buf;
}

static int
add_entry(X509_NAME *nm, const char *key, const char *val)
{
	for (size_t i = 0; i < N_NAME_KEYS; i++)
		if (strcasecmp(key, name_keys[i].ios) == 0)
			return X509_NAME_add_entry_by_NID(nm, name_keys[i].nid,
			    MBSTRING_ASC, (const unsigned char *)val, -1, -1,
			    0) == 1 ? 0 : -1;
	return X509_NAME_add_entry_by_txt(nm, key, MBSTRING_ASC,
	    (const unsigned char *)val, -1, -1, 0) == 1 ? 0 : -1;
}

/* "CN=a,O=b" into a name.  The text is read as a string form of a DN
 * (RFC 4514: most specific first), as IOS reads `subject-name`, so the
 * last pair is the first in the certificate; IOS lists the names the
 * same way round in its shows.  Keys as IOS knows them (pki_name_key). */
#define NAME_MAX_PAIRS	16

static int
parse_name(X509_NAME *nm, const char *text)
{
	char	*dup = strdup(text), *save = NULL, *tok;
	char	*key[NAME_MAX_PAIRS], *val[NAME_MAX_PAIRS];
	int	 n = 0, rc = 0;

	if (dup == NULL)
		abort();
	for (tok = strtok_r(dup, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		char *eq, *k, *e;

		while (*tok == ' ')
			tok++;
		eq = strchr(tok, '=');
		if (eq == NULL || eq == tok || n == NAME_MAX_PAIRS) {
			rc = -1;
			break;
		}
		*eq = '\0';
		for (k = eq; k > tok && k[-1] == ' '; k--)
			k[-1] = '\0';
		for (e = eq + 1; *e == ' '; e++)
			;
		for (k = e + strlen(e); k > e && k[-1] == ' '; k--)
			k[-1] = '\0';
		if (*e == '\0')
			rc = -1;
		key[n] = tok;
		val[n++] = e;
	}
	/* Most specific first in the text: the last pair comes first in
	 * the certificate. */
	for (int i = n - 1; i >= 0 && rc == 0; i--)
		rc = add_entry(nm, key[i], val[i]);
	free(dup);
	return rc == 0 && n > 0 ? 0 : -1;
}

/* The common part of the CA and router certificates. */
static X509 *
cert_new(long serial, EVP_PKEY *pub, const char *subject, int64_t wall_ns,
    int days)
{
	X509	*x;
	time_t	 t = (time_t)(wall_ns / 1000000000LL);

	if ((x = X509_new_ex(rng_ossl_libctx(), NULL)) == NULL)
		return NULL;
	if (X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), serial) != 1 ||
	    ASN1_TIME_set(X509_getm_notBefore(x), t) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(x), t + (time_t)days * 86400) ==
	    NULL || X509_set_pubkey(x, pub) != 1 ||
	    parse_name(X509_get_subject_name(x), subject) != 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int
sign(X509 *x)
{
	EVP_MD	*md = EVP_MD_fetch(rng_ossl_libctx(), "SHA256", NULL);
	int	 rc = md != NULL && X509_sign(x, ca.key, md) > 0 ? 0 : -1;

	EVP_MD_free(md);
	return rc;
}

static int
ca_create(void)
{
	EVP_PKEY_CTX *kc;

	kc = EVP_PKEY_CTX_new_from_name(rng_ossl_libctx(), "RSA", NULL);
	if (kc == NULL)
		return -1;
	if (EVP_PKEY_keygen_init(kc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(kc, CA_KEY_BITS) <= 0 ||
	    EVP_PKEY_generate(kc, &ca.key) <= 0)
		ca.key = NULL;
	EVP_PKEY_CTX_free(kc);
	if (ca.key == NULL)
		return -1;
	ca.cert = cert_new(1, ca.key, PKI_CA_SUBJECT, pki_ca_now(),
	    PKI_CA_DAYS);
	if (ca.cert == NULL ||
	    X509_set_issuer_name(ca.cert, X509_get_subject_name(ca.cert)) != 1 ||
	    add_ext(ca.cert, ca.cert, NID_basic_constraints,
	    "critical,CA:TRUE") != 0 ||
	    add_ext(ca.cert, ca.cert, NID_key_usage,
	    "critical,digitalSignature,keyCertSign,cRLSign") != 0 ||
	    add_ext(ca.cert, ca.cert, NID_subject_key_identifier, "hash") != 0 ||
	    sign(ca.cert) != 0)
		return -1;
	ca.next_serial = 2;
	return 0;
}

X509 *
pki_ca_cert(void)
{
	if (ca.cert == NULL && !ca.failed && ca_create() != 0) {
		pki_ca_free();
		ca.failed = true;
	}
	return ca.failed ? NULL : ca.cert;
}

X509 *
pki_ca_issue(EVP_PKEY *pub, const char *subject, const uint32_t *ips,
    int nips, int64_t wall_ns)
{
	X509	*x;
	char	 san[1024];
	size_t	 off = 0;

	if (pki_ca_cert() == NULL || pub == NULL)
		return NULL;
	x = cert_new(ca.next_serial, pub, subject, wall_ns, PKI_CERT_DAYS);
	if (x == NULL)
		return NULL;
	san[0] = '\0';
	for (int i = 0; i < nips && off + 24 < sizeof(san); i++)
		off += (size_t)snprintf(san + off, sizeof(san) - off,
		    "%sIP:%u.%u.%u.%u", i ? "," : "", ips[i] >> 24,
		    (ips[i] >> 16) & 0xff, (ips[i] >> 8) & 0xff, ips[i] & 0xff);
	if (X509_set_issuer_name(x, X509_get_subject_name(ca.cert)) != 1 ||
	    add_ext(x, ca.cert, NID_key_usage,
	    "critical,digitalSignature,keyEncipherment") != 0 ||
	    add_ext(x, ca.cert, NID_authority_key_identifier,
	    "keyid:always") != 0 ||
	    (san[0] != '\0' && add_ext(x, ca.cert, NID_subject_alt_name,
	    san) != 0) || sign(x) != 0) {
		X509_free(x);
		return NULL;
	}
	ca.next_serial++;
	return x;
}

enum pki_verdict
pki_verify(X509 *cert, X509 *const *cas, int n, int64_t wall_ns)
{
	X509_STORE *store;
	X509_STORE_CTX *ctx = NULL;
	enum pki_verdict v = PKI_BAD;

	if (cert == NULL)
		return PKI_BAD;
	if (n == 0)
		return PKI_UNTRUSTED;
	if ((store = X509_STORE_new()) == NULL)
		return PKI_BAD;
	for (int i = 0; i < n; i++)
		if (X509_STORE_add_cert(store, cas[i]) != 1)
			goto out;
	if ((ctx = X509_STORE_CTX_new_ex(rng_ossl_libctx(), NULL)) == NULL ||
	    X509_STORE_CTX_init(ctx, store, cert, NULL) != 1)
		goto out;
	/* The verifying router's clock, not the host's. */
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx),
	    (time_t)(wall_ns / 1000000000LL));
	if (X509_verify_cert(ctx) == 1) {
		v = PKI_OK;
		goto out;
	}
	switch (X509_STORE_CTX_get_error(ctx)) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		v = PKI_EXPIRED;
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		v = PKI_NOT_YET_VALID;
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		v = PKI_UNTRUSTED;
		break;
	default:
		v = PKI_BAD;
		break;
	}
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return v;
}

static uint32_t
san_ip(X509 *x, uint32_t want, bool first)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL);
	uint32_t found = 0;

	for (int i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const unsigned char *p;
		uint32_t a;

		if (g->type != GEN_IPADD || ASN1_STRING_length(g->d.iPAddress)
		    != 4)
			continue;
		p = ASN1_STRING_get0_data(g->d.iPAddress);
		a = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
		if (first || a == want) {
			found = a;
			break;
		}
	}
	GENERAL_NAMES_free(gens);
	return found;
}

bool
pki_cert_has_ip(X509 *x, uint32_t addr)
{
	return addr != 0 && san_ip(x, addr, false) == addr;
}

uint32_t
pki_cert_first_ip(X509 *x)
{
	return san_ip(x, 0, true);
}

void
pki_cert_cn(X509 *x, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName,
	    buf, (int)len) < 0)
		buf[0] = '\0';
}

void
pki_cert_hostname(X509 *x, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(x),
	    NID_pkcs9_unstructuredName, buf, (int)len) < 0)
		buf[0] = '\0';
}

void
pki_cert_serial(X509 *x, char *buf, size_t len)
{
	BIGNUM	*bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char	*hex = bn != NULL ? BN_bn2hex(bn) : NULL;

	if (len == 0)
		return;
	if (hex == NULL)
		snprintf(buf, len, "00");
	else
		snprintf(buf, len, "%s%s", strlen(hex) % 2 ? "0" : "", hex);
	OPENSSL_free(hex);
	BN_free(bn);
}

void
pki_time_text(int64_t unix_s, char *buf, size_t len)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t	 t = (time_t)unix_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d:%02d:%02d UTC %s %d %d", tm.tm_hour,
	    tm.tm_min, tm.tm_sec, mon[tm.tm_mon], tm.tm_mday,
	    tm.tm_year + 1900);
}

static int64_t
asn1_unix(const ASN1_TIME *at)
{
	struct tm tm;

	if (at == NULL || ASN1_TIME_to_tm(at, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

int64_t
pki_cert_not_before(X509 *x)
{
	return asn1_unix(X509_get0_notBefore(x));
}

int64_t
pki_cert_not_after(X509 *x)
{
	return asn1_unix(X509_get0_notAfter(x));
}

void
pki_fingerprint(X509 *x, const char *digest, char *buf, size_t len)
{
	EVP_MD	*md = EVP_MD_fetch(rng_ossl_libctx(), digest, NULL);
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t	 off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (md != NULL && X509_digest(x, md, d, &n) == 1)
		for (unsigned int i = 0; i < n && off + 4 < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%02X%s",
			    d[i], i % 4 == 3 ? " " : "");
	EVP_MD_free(md);
}
