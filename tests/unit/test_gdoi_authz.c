/* GM authorization on the key server (gdoi/gdoi_authz.c): the `crypto
 * identity` model, DN and FQDN matching against a GM's phase-1 ID payload,
 * the identity text of %GDOI-1-UNAUTHORIZED_IDENTITY (seed 003:
 * "Dist.name: hostname=GroupMember-1, ou=TEST"), and the decision rule of
 * seed 003 (an address identity is checked by `authorization address`
 * only, a DN or host name by `authorization identity` only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "cli.h"
#include "gdoi_cfg.h"
#include "gdoi_proto.h"
#include "isakmp.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "strbuf.h"

static struct router *ks;
static struct strbuf out = STRBUF_INIT;

static const char ks_config[] =
	"crypto gdoi group G1\n"
	" identity number 3333\n"
	" server local\n"
	"  authorization address ipv4 10\n"
	"  authorization identity GETVPN_FILTER\n"
	"access-list 10 permit 10.1.13.2\n";

static void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	sb_add(&out, data, len);
}

static const char *
run(const char *line)
{
	struct vty *v = vty_new(ks, sink, NULL);

	cli_execute(v, "enable");
	sb_reset(&out);
	cli_execute(v, line);
	vty_free(v);
	return sb_str(&out);
}

static int
setup(void)
{
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	int	 n;

	vpnsim_init();
	lab_init(1);
	if ((ks = lab_add_router("KS1", &err)) == NULL)
		return 1;
	n = router_load_config(ks, ks_config, &errs);
	if (n != 0)
		fprintf(stderr, "config errors:\n%s\n", sb_str(&errs));
	sb_free(&errs);
	return n;
}

static int
teardown(void)
{
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

/* An ID payload body: type, protocol 17, port 500, data. */
static size_t
id_body(uint8_t type, const void *data, size_t len, uint8_t *b, size_t max)
{
	if (4 + len > max)
		return 0;
	b[0] = type;
	b[1] = 17;
	b[2] = 0x01;
	b[3] = 0xf4;
	memcpy(b + 4, data, len);
	return 4 + len;
}

/* ID_DER_ASN1_DN of "unstructuredName=GroupMember-1, OU=TEST". */
static size_t
dn_body(const char *host, const char *ou, uint8_t *b, size_t max)
{
	X509_NAME *nm = X509_NAME_new();
	unsigned char *der = NULL;
	int	 n;
	size_t	 len = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(nm);
	/* DER order is least specific first: OU, then the host name. */
	CU_ASSERT(X509_NAME_add_entry_by_NID(nm, NID_organizationalUnitName,
	    MBSTRING_ASC, (const unsigned char *)ou, -1, -1, 0) == 1);
	CU_ASSERT(X509_NAME_add_entry_by_NID(nm, NID_pkcs9_unstructuredName,
	    MBSTRING_ASC, (const unsigned char *)host, -1, -1, 0) == 1);
	n = i2d_X509_NAME(nm, &der);
	if (n > 0)
		len = id_body(ISAKMP_ID_DER_ASN1_DN, der, (size_t)n, b, max);
	OPENSSL_free(der);
	X509_NAME_free(nm);
	return len;
}

static void
test_model(void)
{
	struct gdoi_cid *c = gdoi_cid_get(ks, "LIST", true);
	struct strbuf sb = STRBUF_INIT;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_EQUAL(gdoi_cid_get(ks, "LIST", false), c);
	CU_ASSERT_STRING_EQUAL(gdoi_cid_name(c), "LIST");
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou=GETVPN"), 0);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou=GETVPN"), 0);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "hostname=GM1, o=Cisco"),
	    0);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_FQDN, "gm2.example.com"), 0);
	/* Malformed `dn` lines. */
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "GETVPN"), -1);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "bogus=1"), -1);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou="), -1);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou=a,,o=b"), -1);
	gdoi_cid_write_config(ks, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "crypto identity LIST\n"
	    " dn ou=GETVPN\n dn hostname=GM1, o=Cisco\n"
	    " fqdn gm2.example.com\n!\n");
	/* Eight lines at most. */
	for (int i = 0; i < 5; i++) {
		char	 t[32];

		snprintf(t, sizeof(t), "h%d.example.com", i);
		CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_FQDN, t), 0);
	}
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_FQDN, "h9.example.com"), -2);
	CU_ASSERT(gdoi_cid_del(c, GDOI_CID_DN, "ou=GETVPN"));
	CU_ASSERT(!gdoi_cid_del(c, GDOI_CID_DN, "ou=GETVPN"));
	CU_ASSERT(gdoi_cid_del(c, GDOI_CID_FQDN, NULL));
	sb_reset(&sb);
	gdoi_cid_write_config(ks, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "crypto identity LIST\n"
	    " dn hostname=GM1, o=Cisco\n!\n");
	gdoi_cid_delete(ks, "LIST");
	CU_ASSERT_PTR_NULL(gdoi_cid_get(ks, "LIST", false));
	sb_free(&sb);
}

static void
test_match(void)
{
	struct gdoi_cid *c = gdoi_cid_get(ks, "F", true);
	uint8_t	 b[512];
	size_t	 n;
	char	 t[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	n = dn_body("GroupMember-1", "TEST", b, sizeof(b));
	CU_ASSERT_FATAL(n > 4);
	/* The log text of seed 003. */
	gdoi_id_text(b, n, t, sizeof(t));
	CU_ASSERT_STRING_EQUAL(t, "Dist.name: hostname=GroupMember-1, ou=TEST");
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n));	/* no lines */
	CU_ASSERT(!gdoi_cid_match(ks, "NONE", b, n));	/* no identity */
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou=GETVPN"), 0);
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n));
	/* All pairs of one line must match, values case-insensitively. */
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN,
	    "ou=test, hostname=GroupMember-2"), 0);
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n));
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN,
	    "ou=test, hostname=groupmember-1"), 0);
	CU_ASSERT(gdoi_cid_match(ks, "F", b, n));
	/* A truncated or padded DER name matches nothing. */
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n - 1));
	b[n] = 0;
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n + 1));
	/* FQDN: exact, case-insensitive; never against a DN line. */
	n = id_body(ISAKMP_ID_FQDN, "GM2.example.com", 15, b, sizeof(b));
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n));
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_FQDN, "gm2.example.com"), 0);
	CU_ASSERT(gdoi_cid_match(ks, "F", b, n));
	gdoi_id_text(b, n, t, sizeof(t));
	CU_ASSERT_STRING_EQUAL(t, "GM2.example.com");
	n = id_body(ISAKMP_ID_FQDN, "gm2.example.co", 14, b, sizeof(b));
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, n));
	/* Bad input. */
	CU_ASSERT(!gdoi_cid_match(ks, "F", b, 3));
	CU_ASSERT(!gdoi_cid_match(ks, "F", NULL, 0));
	gdoi_id_text(b, 3, t, sizeof(t));
	CU_ASSERT_STRING_EQUAL(t, "");
	gdoi_cid_delete(ks, "F");
}

/* The IKE layer's answer for the test: one ID body per connection. */
static uint8_t peer_id[512];
static size_t peer_id_len;

static bool
fake_peer_id(struct router *r, uint32_t conn_id, const uint8_t **body,
    size_t *len)
{
	(void)r;
	(void)conn_id;
	if (peer_id_len == 0)
		return false;
	*body = peer_id;
	*len = peer_id_len;
	return true;
}

static void
test_decision(void)
{
	struct gdoi_group *g = gdoi_group_find(ks, "G1");
	struct gdoi_cid *c = gdoi_cid_get(ks, "GETVPN_FILTER", true);
	uint32_t ok = 0x0a010d02, bad = 0x0a010e02, local = 0x0a010b02;

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(gdoi_cid_add(c, GDOI_CID_DN, "ou=GETVPN"), 0);
	/* No IKE answer: the address identity, ACL 10 decides. */
	gdoi_peer_id_fn = NULL;
	CU_ASSERT(gdoi_ks_authorized(ks, g, 1, ok, local));
	CU_ASSERT(!gdoi_ks_authorized(ks, g, 1, bad, local));
	CU_ASSERT_PTR_NOT_NULL(strstr(run("show logging"),
	    "%GDOI-1-UNAUTHORIZED_IPADDR: Group G1 received registration "
	    "from unauthorized ip address: 10.1.14.2"));
	/* A DN: only the identity counts, the ACL is bypassed. */
	gdoi_peer_id_fn = fake_peer_id;
	peer_id_len = dn_body("GroupMember-1", "TEST", peer_id,
	    sizeof(peer_id));
	CU_ASSERT(!gdoi_ks_authorized(ks, g, 1, ok, local));
	CU_ASSERT_PTR_NOT_NULL(strstr(run("show logging"),
	    "%GDOI-1-UNAUTHORIZED_IDENTITY: Group G1 received registration "
	    "from unauthorized identity: Dist.name: hostname=GroupMember-1, "
	    "ou=TEST"));
	peer_id_len = dn_body("GroupMember-2", "GETVPN", peer_id,
	    sizeof(peer_id));
	CU_ASSERT(gdoi_ks_authorized(ks, g, 1, bad, local));
	/* An address ID from the IKE layer: the ACL again. */
	peer_id_len = id_body(ISAKMP_ID_IPV4_ADDR, "\x0a\x01\x0e\x02", 4,
	    peer_id, sizeof(peer_id));
	CU_ASSERT(!gdoi_ks_authorized(ks, g, 1, bad, local));
	gdoi_peer_id_fn = NULL;
	peer_id_len = 0;
	gdoi_cid_delete(ks, "GETVPN_FILTER");
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_authz", setup, teardown);
	CU_add_test(s, "crypto identity model", test_model);
	CU_add_test(s, "DN and FQDN matching", test_match);
	CU_add_test(s, "authorization decision", test_decision);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
