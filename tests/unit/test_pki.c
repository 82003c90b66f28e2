/* The lab CA and trustpoints (ipsec/pki_ca.c, pki_cli.c) and the rsa-sig
 * checks IKE makes with them (ike_rsa.c): issue and verify, a foreign CA
 * rejected, an IKE ID the certificate does not name rejected, a
 * certificate outside its validity by the verifier's clock rejected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <openssl/x509.h>

#include "cli.h"
#include "ike_int.h"
#include "lab.h"
#include "netsim.h"
#include "pki_ca.h"
#include "router.h"
#include "strbuf.h"

#define DAY_NS	(86400LL * 1000000000LL)

static const char r1_cfg[] =
	"hostname R1\n"
	"ip domain name lab.local\n"
	"crypto key generate rsa modulus 1024\n"
	"interface GigabitEthernet0/0\n"
	" ip address 10.0.0.1 255.255.255.0\n"
	" no shutdown\n"
	"interface Loopback0\n"
	" ip address 1.1.1.1 255.255.255.255\n";
static const char r2_cfg[] =
	"hostname R2\n"
	"ip domain name lab.local\n"
	"crypto key generate rsa modulus 1024\n"
	"interface GigabitEthernet0/0\n"
	" ip address 10.0.0.2 255.255.255.0\n"
	" no shutdown\n";

static struct router *
mkrouter(const char *name, const char *cfg, bool enroll)
{
	struct strbuf errs = STRBUF_INIT;
	const char *err = NULL;
	struct router *r = lab_add_router(name, &err);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	/* Key generation talks, which a config load counts as errors. */
	(void)router_load_config(r, cfg, &errs);
	CU_ASSERT_PTR_NULL(strstr(sb_str(&errs), "% Invalid"));
	CU_ASSERT_PTR_NULL(strstr(sb_str(&errs), "% Incomplete"));
	sb_free(&errs);
	CU_ASSERT_EQUAL(pki_trustpoint_add(r, "LAB",
	    "http://10.0.0.100:80"), 0);
	if (enroll) {
		CU_ASSERT_EQUAL(pki_enroll(r, "LAB", &err), -1);  /* no CA */
		CU_ASSERT_EQUAL(pki_authenticate(r, "LAB", &err), 0);
		CU_ASSERT_EQUAL(pki_enroll(r, "LAB", &err), 0);
	}
	return r;
}

static void
test_issue_verify(void)
{
	struct router *r1;
	EVP_PKEY *key = NULL;
	X509	*cert, *ca;
	char	 buf[256];
	int64_t	 now;

	lab_init(1);
	r1 = mkrouter("R1", r1_cfg, true);
	cert = pki_router_cert(r1, &key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cert);
	CU_ASSERT_PTR_NOT_NULL(key);
	ca = pki_ca_cert();
	CU_ASSERT_EQUAL(pki_router_cas(r1, &ca, 1), 1);
	now = router_wall_ns(r1);
	CU_ASSERT_EQUAL(pki_verify(cert, &ca, 1, now), PKI_OK);
	/* The CA certificate verifies against itself. */
	CU_ASSERT_EQUAL(pki_verify(ca, &ca, 1, now), PKI_OK);
	/* IOS enrollment names the router by hostname= (no CN). */
	pki_cert_hostname(cert, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "R1.lab.local");
	pki_cert_cn(cert, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "");
	pki_cert_cn(ca, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "vpnsim-lab-CA");
	pki_cert_serial(cert, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "02");
	pki_cert_serial(ca, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "01");
	CU_ASSERT_TRUE(pki_cert_has_ip(cert, 0x0a000001));
	CU_ASSERT_TRUE(pki_cert_has_ip(cert, 0x01010101));
	CU_ASSERT_FALSE(pki_cert_has_ip(cert, 0x0a000002));
	CU_ASSERT_EQUAL(pki_cert_not_before(cert), now / 1000000000LL);
	CU_ASSERT_EQUAL(pki_cert_not_after(cert) - pki_cert_not_before(cert),
	    365LL * 86400);
	pki_time_text(pki_cert_not_before(cert), buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "00:00:00 UTC Mar 1 2002");
	pki_fingerprint(ca, "MD5", buf, sizeof(buf));
	CU_ASSERT_EQUAL(strlen(buf), 36);	/* 4 groups of 8 + blanks */
	/* Re-enrolling gets the next serial number. */
	{
		const char *err;

		CU_ASSERT_EQUAL(pki_enroll(r1, "LAB", &err), 0);
		pki_cert_serial(pki_router_cert(r1, NULL), buf, sizeof(buf));
		CU_ASSERT_STRING_EQUAL(buf, "03");
	}
	lab_free();
}

/* Same seed, same CA: byte-for-byte. */
static void
test_deterministic(void)
{
	unsigned char *d1 = NULL, *d2 = NULL;
	int	 n1, n2;

	lab_init(7);
	n1 = i2d_X509(pki_ca_cert(), &d1);
	lab_free();
	lab_init(7);
	n2 = i2d_X509(pki_ca_cert(), &d2);
	lab_free();
	CU_ASSERT_TRUE(n1 > 0 && n1 == n2 && memcmp(d1, d2, (size_t)n1) == 0);
	OPENSSL_free(d1);
	OPENSSL_free(d2);
}

static void
test_wrong_ca(void)
{
	struct router *r1;
	X509	*old_ca, *cert;

	lab_init(1);
	old_ca = X509_dup(pki_ca_cert());
	CU_ASSERT_PTR_NOT_NULL_FATAL(old_ca);
	lab_free();
	lab_init(2);		/* another lab, another CA */
	r1 = mkrouter("R1", r1_cfg, true);
	cert = pki_router_cert(r1, NULL);
	CU_ASSERT_EQUAL(pki_verify(cert, &old_ca, 1, router_wall_ns(r1)),
	    PKI_UNTRUSTED);
	CU_ASSERT_EQUAL(pki_verify(cert, NULL, 0, router_wall_ns(r1)),
	    PKI_UNTRUSTED);
	X509_free(old_ca);
	lab_free();
}

static void
test_validity(void)
{
	struct router *r1;
	X509	*cert, *ca;
	int64_t	 now;

	lab_init(1);
	r1 = mkrouter("R1", r1_cfg, true);
	cert = pki_router_cert(r1, NULL);
	ca = pki_ca_cert();
	now = router_wall_ns(r1);
	CU_ASSERT_EQUAL(pki_verify(cert, &ca, 1, now + 364 * DAY_NS), PKI_OK);
	CU_ASSERT_EQUAL(pki_verify(cert, &ca, 1, now + 366 * DAY_NS),
	    PKI_EXPIRED);
	CU_ASSERT_EQUAL(pki_verify(cert, &ca, 1, now - DAY_NS),
	    PKI_NOT_YET_VALID);
	lab_free();
}

/* The checks IKE makes (ike_rsa.c), on SAs that only carry the router
 * and the peer address: R1 signs, R2 verifies. */
static void
test_ike_checks(void)
{
	struct router *r1, *r2, *r3;
	struct ike_ctx c1, c2, c3;
	struct ike_sa s1, s2, s3;
	uint8_t	 hash[32], *der = NULL, *sig = NULL;
	uint8_t	 id_addr[8] = { 1, 17, 0x01, 0xf4, 10, 0, 0, 1 };
	uint8_t	 id_bad[8] = { 1, 17, 0x01, 0xf4, 10, 0, 0, 9 };
	uint8_t	 id_fqdn[4 + 12] = { 2, 17, 0x01, 0xf4 };
	size_t	 dlen = 0, slen = 0;
	char	 subj[256];

	lab_init(1);
	r1 = mkrouter("R1", r1_cfg, true);
	r2 = mkrouter("R2", r2_cfg, true);
	r3 = mkrouter("R3", r2_cfg, false);	/* CA not authenticated */
	memset(&c1, 0, sizeof(c1));
	memset(&s1, 0, sizeof(s1));
	c3 = c2 = c1;
	s3 = s2 = s1;
	c1.r = r1;
	c2.r = r2;
	c3.r = r3;
	s1.ctx = &c1;
	s2.ctx = &c2;
	s3.ctx = &c3;
	s1.peer = 0x0a000002;
	s2.peer = s3.peer = 0x0a000001;
	memcpy(id_fqdn + 4, "R1.lab.local", 12);
	for (int i = 0; i < 32; i++)
		hash[i] = (uint8_t)i;
	CU_ASSERT_TRUE(ike_rsa_usable(&s1));
	CU_ASSERT_FALSE(ike_rsa_usable(&s3));	/* no certificate */
	CU_ASSERT_EQUAL(ike_rsa_cert(&s1, &der, &dlen), 0);
	CU_ASSERT_EQUAL(ike_rsa_sign(&s1, hash, sizeof(hash), &sig, &slen), 0);
	CU_ASSERT_EQUAL_FATAL(der != NULL && sig != NULL, 1);
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_addr, sizeof(id_addr), der,
	    dlen, hash, sizeof(hash), sig, slen, subj, sizeof(subj)), 0);
	CU_ASSERT_STRING_EQUAL(subj, "hostname=R1.lab.local");
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_fqdn, sizeof(id_fqdn), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), 0);
	/* An ID the certificate does not name: IOS logs
	 * "(NOT ERROR BUT WARNING ONLY)" and carries on, so does vpnsim. */
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_bad, sizeof(id_bad), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), 0);
	memcpy(id_fqdn + 4, "R9.lab.local", 12);
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_fqdn, sizeof(id_fqdn), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), 0);
	/* A signature of another hash. */
	hash[0] ^= 1;
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_addr, sizeof(id_addr), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), -1);
	hash[0] ^= 1;
	/* A verifier that never authenticated the CA. */
	CU_ASSERT_EQUAL(ike_rsa_verify(&s3, id_addr, sizeof(id_addr), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), -1);
	/* The verifier's clock two years on: expired. */
	router_set_wall_ns(r2, router_wall_ns(r2) + 730 * DAY_NS);
	CU_ASSERT_EQUAL(ike_rsa_verify(&s2, id_addr, sizeof(id_addr), der,
	    dlen, hash, sizeof(hash), sig, slen, NULL, 0), -1);
	free(der);
	free(sig);
	lab_free();
}

/* The CLI: trustpoint mode, dialogue-free paths, shows, running-config
 * and loading it back (certificate chain lines accepted and ignored). */
static void
test_cli(void)
{
	struct strbuf errs = STRBUF_INIT;
	struct router *r1, *r2;
	const char *err = NULL;
	char	*rc;

	lab_init(1);
	r1 = mkrouter("R1", r1_cfg, true);
	CU_ASSERT_EQUAL(router_load_config(r1,
	    "crypto pki trustpoint LAB\n"
	    " revocation-check none\n"
	    " subject-name CN=R1.lab.local,O=Lab\n", &errs), 0);
	CU_ASSERT_EQUAL(pki_enroll(r1, "LAB", &err), 0);
	rc = cli_running_config(r1);
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "crypto pki trustpoint LAB\n"
	    " enrollment url http://10.0.0.100:80\n"
	    " subject-name CN=R1.lab.local,O=Lab\n"
	    " revocation-check none\n!\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "crypto pki certificate chain LAB\n"
	    " certificate 03\n  3082"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, " certificate ca 01\n  3082"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "  \tquit\n"));
	r2 = lab_add_router("R2", &err);
	sb_reset(&errs);
	CU_ASSERT_EQUAL(router_load_config(r2, rc, &errs), 0);
	if (errs.len)
		fprintf(stderr, "%s\n", sb_str(&errs));
	free(rc);
	rc = cli_running_config(r2);
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "crypto pki trustpoint LAB\n"));
	CU_ASSERT_PTR_NULL(strstr(rc, "certificate chain"));
	/* Lines after the chain reached global configuration. */
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "interface GigabitEthernet0/0\n"
	    " ip address 10.0.0.1 255.255.255.0\n"));
	free(rc);
	sb_reset(&errs);
	CU_ASSERT_EQUAL(router_load_config(r1, "no crypto pki trustpoint LAB\n",
	    &errs), 0);
	CU_ASSERT_PTR_NULL(pki_router_cert(r1, NULL));
	sb_free(&errs);
	lab_free();
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	vpnsim_init();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("pki", NULL, NULL);
	CU_add_test(s, "CA issues, certificate verifies", test_issue_verify);
	CU_add_test(s, "CA deterministic under the seed", test_deterministic);
	CU_add_test(s, "foreign CA rejected", test_wrong_ca);
	CU_add_test(s, "validity by the lab clock", test_validity);
	CU_add_test(s, "IKE rsa-sig checks", test_ike_checks);
	CU_add_test(s, "CLI and running-config", test_cli);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	vpnsim_shutdown();
	return nf ? 1 : 0;
}
