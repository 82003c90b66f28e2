/* PKI for `authentication rsa-sig`: one simulated certificate authority
 * per lab (pki_ca.c) and each router's trustpoints (pki_cli.c).
 *
 * The lab CA stands in for whatever `enrollment url` points at: every URL
 * reaches it.  It has one RSA key and a self-signed CA certificate
 * (CN=vpnsim-lab-CA, serial 01), made on first use in the lab's OpenSSL
 * context, so a run under --seed N makes the same CA.  It issues router
 * certificates with increasing serial numbers, valid for a year from the
 * lab clock, carrying the router's addresses as subjectAltName IPs.
 *
 * A router trusts the CA of each trustpoint it has authenticated
 * (`crypto pki authenticate`) and presents the certificate it enrolled
 * for (`crypto pki enroll`).  ike_rsa.c uses the query functions below. */
#ifndef VPNSIM_PKI_CA_H
#define VPNSIM_PKI_CA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct router;
struct x509_st;
struct evp_pkey_st;

#define PKI_CA_SUBJECT		"CN=vpnsim-lab-CA"
#define PKI_CA_DAYS		(3 * 365)	/* IOS CA server: 3 years */
#define PKI_CERT_DAYS		365		/* router certificates */

/* ---- the lab CA (pki_ca.c) ---------------------------------------------- */

/* The CA certificate, created on first use; NULL if OpenSSL failed.
 * Borrowed: valid until pki_lab_free. */
struct x509_st	*pki_ca_cert(void);
/* A certificate for pub, signed by the CA.  subject: "CN=x[,O=y...]",
 * most specific first (the last pair comes first in the certificate), keys
 * as IOS's subject-name takes them (cn, ou, o, c, l, st, ea, hostname,
 * ipaddress, serialNumber; any case);
 * ips: addresses (host order) for subjectAltName; wall_ns: notBefore.
 * Returns a new reference (X509_free), NULL on failure. */
struct x509_st	*pki_ca_issue(struct evp_pkey_st *pub, const char *subject,
		    const uint32_t *ips, int nips, int64_t wall_ns);
/* The lab clock (ns since the epoch) the CA stamps certificates with. */
int64_t		 pki_ca_now(void);

enum pki_verdict {
	PKI_OK = 0,
	PKI_UNTRUSTED,		/* does not chain to a trusted CA */
	PKI_EXPIRED,
	PKI_NOT_YET_VALID,
	PKI_BAD,		/* undecodable, bad signature, ... */
};
/* Does cert chain to one of cas[0..n) at time wall_ns (ns since the
 * epoch)?  X509_verify_cert in the lab context. */
enum pki_verdict pki_verify(struct x509_st *cert, struct x509_st *const *cas,
		    int n, int64_t wall_ns);
/* Is addr (host order) one of the certificate's subjectAltName IPs? */
bool		 pki_cert_has_ip(struct x509_st *, uint32_t addr);
/* First subjectAltName IP (host order), 0 if none. */
uint32_t	 pki_cert_first_ip(struct x509_st *);
/* Subject CN into buf ("" if none). */
void		 pki_cert_cn(struct x509_st *, char *buf, size_t len);
/* Subject hostname= (unstructuredName, what IOS enrollment puts in every
 * router certificate) into buf ("" if none). */
void		 pki_cert_hostname(struct x509_st *, char *buf, size_t len);
/* IOS's subject-name / `dn` attribute keyword (any case, the first len
 * bytes of key) -> its OpenSSL NID, NID_undef when it is none of IOS's;
 * and back: the keyword of a NID, NULL when IOS has none. */
int	pki_name_nid(const char *key, size_t len);
const char *pki_name_ios_key(int nid);
/* The keyword IOS shows a name attribute with ("cn", "ou", "hostname",
 * "serialNumber"; else OpenSSL's short name in lower case, into buf). */
const char	*pki_name_key(int nid, char *buf, size_t len);
/* Serial as IOS shows it: upper-case hex, even digit count ("02"). */
void		 pki_cert_serial(struct x509_st *, char *buf, size_t len);
/* "00:34:52 UTC Nov 20 2015" */
void		 pki_time_text(int64_t unix_s, char *buf, size_t len);
/* notBefore/notAfter in seconds since the epoch. */
int64_t		 pki_cert_not_before(struct x509_st *);
int64_t		 pki_cert_not_after(struct x509_st *);
/* Fingerprint "XXXXXXXX XXXXXXXX ... " (IOS groups of 8, trailing blank)
 * with digest "MD5" or "SHA1". */
void		 pki_fingerprint(struct x509_st *, const char *digest,
		    char *buf, size_t len);

/* ---- trustpoints (pki_cli.c) --------------------------------------------- */

/* The certificate (and its key) a router presents for rsa-sig: the first
 * trustpoint with an enrolled certificate whose key the router still
 * holds.  NULL: none. */
struct x509_st	*pki_router_cert(struct router *, struct evp_pkey_st **key);
/* The CA certificates of the router's authenticated trustpoints. */
int		 pki_router_cas(struct router *, struct x509_st **out, int max);
/* `crypto pki authenticate` / `crypto pki enroll` without the dialogue
 * (tests; the CLI asks first).  0 on success, -1 with *err set. */
int		 pki_authenticate(struct router *, const char *tp,
		    const char **err);
int		 pki_enroll(struct router *, const char *tp, const char **err);
/* Create a trustpoint with `enrollment url` (tests). */
int		 pki_trustpoint_add(struct router *, const char *tp,
		    const char *url);

void		 pki_cli_init(void);	/* from ipsec_cli_init */
/* Every router's trustpoints and the lab CA: netsim/lab.c lab_free. */
void		 pki_lab_free(void);
void		 pki_ca_free(void);	/* the CA alone (pki_lab_free calls it) */

#endif
