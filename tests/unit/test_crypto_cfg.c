/* Crypto configuration: a seed 004 style HUB config loaded through the
 * config loader, its running-config round trip, the exact show outputs,
 * the query API the IKE engine uses, transform-set validation, `no`
 * forms, and RSA key generation (deterministic under the seed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "iface.h"
#include "ipsec.h"
#include "ipv4.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static const char *const hub_config =
	"hostname HUB\n"
	"ip domain name lab.local\n"
	"crypto keyring SPOKES\n"
	" pre-shared-key address 40.10.1.1 key cisco\n"
	" pre-shared-key address 50.0.0.0 255.0.0.0 key wide\n"
	"crypto isakmp policy 10\n"
	" encr aes\n"
	" authentication pre-share\n"
	" group 2\n"
	" lifetime 7200\n"
	"crypto isakmp policy 20\n"
	" encr aes 256\n"
	" hash sha256\n"
	" authentication pre-share\n"
	" group 14\n"
	"crypto isakmp policy 5\n"
	" encr 3des\n"
	" hash md5\n"
	"crypto isakmp key cisco123 address 40.10.1.1\n"
	"crypto isakmp key anykey address 0.0.0.0 0.0.0.0\n"
	"crypto isakmp key netkey address 40.0.0.0 255.0.0.0 no-xauth\n"
	"crypto isakmp identity hostname\n"
	"crypto isakmp keepalive 60 10 periodic\n"
	"crypto isakmp nat keepalive 20\n"
	"crypto isakmp aggressive-mode disable\n"
	"no crypto isakmp nat-traversal\n"
	"crypto isakmp profile SPOKE10-PROF\n"
	" keyring SPOKES\n"
	" self-identity address\n"
	" match identity address 40.10.1.1\n"
	"crypto ipsec security-association lifetime seconds 1800\n"
	"crypto ipsec security-association replay window-size 1024\n"
	"crypto ipsec transform-set TS esp-3des esp-sha-hmac\n"
	"crypto ipsec transform-set TS2 esp-sha256-hmac esp-aes 256\n"
	" mode transport\n"
	"crypto ipsec profile PROF\n"
	" set transform-set TS TS2\n"
	" set pfs group14\n"
	"crypto map CMAP local-address gi0/1\n"
	"crypto map CMAP 10 ipsec-isakmp\n"
	" description to spoke 10\n"
	" set peer 40.10.1.1\n"
	" set peer 40.10.1.2\n"
	" set transform-set TS\n"
	" set pfs group2\n"
	" set security-association lifetime seconds 900\n"
	" set isakmp-profile SPOKE10-PROF\n"
	" match address SPOKE10-ACL\n"
	" reverse-route static\n"
	"crypto map CMAP 20 ipsec-isakmp\n"
	" set peer 50.1.1.1\n"
	"interface GigabitEthernet0/1\n"
	" ip address 30.3.1.1 255.255.255.0\n"
	" crypto map CMAP\n"
	" no shutdown\n"
	"ip access-list extended SPOKE10-ACL\n"
	" permit ip 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255\n"
	" permit tcp host 3.1.1.5 range 1000 2000 any eq 8080\n"
	"end\n";

static const char *const want_crypto_rc =
	"crypto keyring SPOKES  \n"
	"  pre-shared-key address 40.10.1.1 key cisco\n"
	"  pre-shared-key address 50.0.0.0 255.0.0.0 key wide\n"
	"!\n"
	"crypto isakmp policy 5\n"
	" encr 3des\n"
	" hash md5\n"
	"crypto isakmp policy 10\n"
	" encr aes\n"
	" authentication pre-share\n"
	" group 2\n"
	" lifetime 7200\n"
	"crypto isakmp policy 20\n"
	" encr aes 256\n"
	" hash sha256\n"
	" authentication pre-share\n"
	" group 14\n"
	"crypto isakmp key cisco123 address 40.10.1.1\n"
	"crypto isakmp key anykey address 0.0.0.0        \n"
	"crypto isakmp key netkey address 40.0.0.0 255.0.0.0 no-xauth\n"
	"crypto isakmp identity hostname\n"
	"crypto isakmp keepalive 60 10 periodic\n"
	"crypto isakmp nat keepalive 20\n"
	"crypto isakmp aggressive-mode disable\n"
	"no crypto isakmp nat-traversal\n"
	"crypto isakmp profile SPOKE10-PROF\n"
	"   keyring SPOKES\n"
	"   self-identity address\n"
	"   match identity address 40.10.1.1 255.255.255.255 \n"
	"!\n"
	"crypto ipsec security-association lifetime seconds 1800\n"
	"crypto ipsec security-association replay window-size 1024\n"
	"!\n"
	"crypto ipsec transform-set TS esp-3des esp-sha-hmac \n"
	" mode tunnel\n"
	"crypto ipsec transform-set TS2 esp-aes 256 esp-sha256-hmac \n"
	" mode transport\n"
	"!\n"
	"crypto ipsec profile PROF\n"
	" set transform-set TS TS2 \n"
	" set pfs group14\n"
	"!\n"
	"crypto map CMAP local-address GigabitEthernet0/1\n"
	"crypto map CMAP 10 ipsec-isakmp \n"
	" description to spoke 10\n"
	" set peer 40.10.1.1\n"
	" set peer 40.10.1.2\n"
	" set security-association lifetime seconds 900\n"
	" set transform-set TS \n"
	" set pfs group2\n"
	" set isakmp-profile SPOKE10-PROF\n"
	" match address SPOKE10-ACL\n"
	" reverse-route static\n"
	"crypto map CMAP 20 ipsec-isakmp \n"
	" set peer 50.1.1.1\n"
	"!\n";

static struct strbuf out = STRBUF_INIT;

static void
sink(void *ctx, const char *data, size_t len)
{
	sb_add(&out, data, len);
}

/* Output of one line typed at r's privileged prompt (or config mode). */
static const char *
run(struct router *r, bool config, const char *line)
{
	struct vty *v = vty_new(r, sink, NULL);

	vty_set_node(v, config ? CONFIG_NODE : ENABLE_NODE);
	sb_reset(&out);
	cli_execute(v, line);
	vty_free(v);
	return sb_str(&out);
}

#define SAME(got, want) do {						\
	const char *g_ = (got), *w_ = (want);				\
	CU_ASSERT_STRING_EQUAL(g_, w_);					\
	if (strcmp(g_, w_) != 0)					\
		fprintf(stderr, "\n--- want\n%s--- got\n%s---\n", w_, g_); \
} while (0)

static struct router *hub;

static int
setup(void)
{
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	int	 n;

	vpnsim_init();
	lab_init(1);
	hub = lab_add_router("HUB", &err);
	if (hub == NULL)
		return 1;
	n = router_load_config(hub, hub_config, &errs);
	if (n != 0)
		fprintf(stderr, "config errors:\n%s\n", sb_str(&errs));
	sb_free(&errs);
	return n != 0;
}

static int
teardown(void)
{
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

/* The crypto part of the running config, from the first "crypto" line
 * to the line before "interface". */
static char *
crypto_part(const char *rc)
{
	const char *a = strstr(rc, "crypto keyring");
	const char *b = strstr(rc, "interface ");

	if (a == NULL || b == NULL || b < a)
		return strdup("");
	return strndup(a, (size_t)(b - a));
}

static void
test_running_config(void)
{
	char	*rc = cli_running_config(hub), *part = crypto_part(rc);

	SAME(part, want_crypto_rc);
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "ip domain name lab.local\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rc, "interface GigabitEthernet0/1\n"
	    " ip address 30.3.1.1 255.255.255.0\n crypto map CMAP\n!\n"));
	free(part);
	free(rc);
}

static void
test_roundtrip(void)
{
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	struct router *b = lab_add_router("COPY", &err);
	char	*one, *two;
	int	 n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	one = cli_running_config(hub);
	n = router_load_config(b, one, &errs);
	if (n != 0)
		fprintf(stderr, "reload errors:\n%s\n", sb_str(&errs));
	CU_ASSERT_EQUAL(n, 0);
	two = cli_running_config(b);
	SAME(two, one);
	free(one);
	free(two);
	sb_free(&errs);
}

static void
test_show_policy(void)
{
	SAME(run(hub, false, "show crypto isakmp policy"),
	    "\n"
	    "Global IKE policy\n"
	    "Protection suite of priority 5\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #1 (768 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 10\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"
	    "        lifetime:               7200 seconds, no volume limit\n"
	    "Protection suite of priority 20\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (256 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard 2 (256 bit)\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #14 (2048 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Default protection suite\n"
	    "        encryption algorithm:   DES - Data Encryption Standard (56 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #1 (768 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n");
}

/* The first two suites of the reference sample, byte for byte. */
static void
test_show_default_policy(void)
{
	const char *s = run(hub, false, "show crypto isakmp default policy");
	const char *want =
	    "\n"
	    "Default protection suite of priority 65507\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Default protection suite of priority 65508\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n";

	CU_ASSERT_EQUAL(strncmp(s, want, strlen(want)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "priority 65514\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"));
}

static void
test_show_ts(void)
{
	SAME(run(hub, false, "show crypto ipsec transform-set"),
	    "Transform set TS: { esp-3des esp-sha-hmac  } \n"
	    "   will negotiate = { Tunnel,  }, \n"
	    "   \n"
	    "Transform set TS2: { esp-256-aes esp-sha256-hmac  } \n"
	    "   will negotiate = { Transport,  }, \n"
	    "   \n");
	SAME(run(hub, false, "show crypto ipsec transform-set tag TS"),
	    "Transform set TS: { esp-3des esp-sha-hmac  } \n"
	    "   will negotiate = { Tunnel,  }, \n"
	    "   \n");
}

static void
test_show_map(void)
{
	SAME(run(hub, false, "show crypto map"),
	    "Crypto Map: \"CMAP\" idb: GigabitEthernet0/1 local address: 30.3.1.1\n"
	    "\n"
	    "Crypto Map \"CMAP\" 10 ipsec-isakmp\n"
	    "\tDescription: to spoke 10\n"
	    "\tPeer = 40.10.1.1\n"
	    "\tPeer = 40.10.1.2\n"
	    "\tISAKMP Profile: SPOKE10-PROF\n"
	    "\tExtended IP access list SPOKE10-ACL\n"
	    "\t    access-list SPOKE10-ACL permit ip 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255\n"
	    "\t    access-list SPOKE10-ACL permit tcp host 3.1.1.5 range 1000 2000 any eq 8080\n"
	    "\tCurrent peer: 40.10.1.1\n"
	    "\tSecurity association lifetime: 4608000 kilobytes/900 seconds\n"
	    "\tResponder-Only (Y/N): N\n"
	    "\tPFS (Y/N): Y\n"
	    "\tDH group:  group2\n"
	    "\tTransform sets={ \n"
	    "\t\tTS:  { esp-3des esp-sha-hmac  } , \n"
	    "\t}\n"
	    "\tReverse Route Injection Enabled\n"
	    "\tInterfaces using crypto map CMAP:\n"
	    "\t\tGigabitEthernet0/1\n"
	    "\n"
	    "Crypto Map \"CMAP\" 20 ipsec-isakmp\n"
	    "\tWARNING: This crypto map is in an incomplete state!\n"
	    "\t\t(missing peer or access-list definitions)\n"
	    "\tPeer = 50.1.1.1\n"
	    "\tNo matching address list set.\n"
	    "\tCurrent peer: 50.1.1.1\n"
	    "\tSecurity association lifetime: 4608000 kilobytes/1800 seconds\n"
	    "\tResponder-Only (Y/N): N\n"
	    "\tPFS (Y/N): N\n"
	    "\tTransform sets={ \n"
	    "\t}\n"
	    "\tInterfaces using crypto map CMAP:\n"
	    "\t\tGigabitEthernet0/1\n"
	    "\n");
	SAME(run(hub, false, "show crypto map tag NONE"), "");
}

static void
test_show_profile(void)
{
	SAME(run(hub, false, "show crypto ipsec profile"),
	    "IPSEC profile PROF\n"
	    "\tSecurity association lifetime: 4608000 kilobytes/1800 seconds\n"
	    "\tResponder-Only (Y/N): N\n"
	    "\tPFS (Y/N): Y\n"
	    "\tDH group:  group14\n"
	    "\tTransform sets={ \n"
	    "\t\tTS:  { esp-3des esp-sha-hmac  } , \n"
	    "\t\tTS2:  { esp-256-aes esp-sha256-hmac  } , \n"
	    "\t}\n"
	    "\n");
	SAME(run(hub, false, "show crypto ipsec security-association"),
	    "Security association lifetime: 4608000 kilobytes/1800 seconds\n");
}

/* ---- query API ------------------------------------------------------------ */

static uint32_t
A(const char *s)
{
	uint32_t a = 0;

	ip_aton(s, &a);
	return a;
}

static void
test_policy_list(void)
{
	struct isakmp_policy p[16];
	const struct isakmp_policy *d;
	const char *err = NULL;
	struct router *r;
	int	 n;

	n = ipsec_policy_list(hub, p, 16);
	CU_ASSERT_EQUAL(n, 4);
	CU_ASSERT_EQUAL(p[0].priority, 5);
	CU_ASSERT_EQUAL(p[1].priority, 10);
	CU_ASSERT_EQUAL(p[1].encr, OAKLEY_ENCR_AES);
	CU_ASSERT_EQUAL(p[1].keylen, 128);
	CU_ASSERT_EQUAL(p[1].lifetime, 7200);
	CU_ASSERT_EQUAL(p[2].priority, 20);
	CU_ASSERT_EQUAL(p[2].keylen, 256);
	CU_ASSERT_EQUAL(p[3].priority, 65535);
	CU_ASSERT(p[3].is_default);
	CU_ASSERT_EQUAL(ipsec_policy_list(hub, p, 1), 4);

	/* No policies: the IOS 15 defaults. */
	r = lab_add_router("EMPTY", &err);
	n = ipsec_policy_list(r, p, 16);
	CU_ASSERT_EQUAL(n, 8);
	CU_ASSERT_EQUAL(ipsec_default_policies(&d), 8);
	CU_ASSERT_EQUAL(p[0].priority, 65507);
	CU_ASSERT_EQUAL(p[7].priority, 65514);
	CU_ASSERT_EQUAL(p[7].encr, OAKLEY_ENCR_3DES);
	CU_ASSERT_EQUAL(p[7].auth, OAKLEY_AUTH_PSK);
	SAME(run(r, false, "show crypto isakmp policy"),
	    "\n"
	    "Default IKE policy\n"
	    "Protection suite of priority 65507\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65508\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65509\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65510\n"
	    "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #5 (1536 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65511\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65512\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Secure Hash Standard\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65513\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Rivest-Shamir-Adleman Signature\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n"
	    "Protection suite of priority 65514\n"
	    "        encryption algorithm:   Three key triple DES\n"
	    "        hash algorithm:         Message Digest 5\n"
	    "        authentication method:  Pre-Shared Key\n"
	    "        Diffie-Hellman group:   #2 (1024 bit)\n"
	    "        lifetime:               86400 seconds, no volume limit\n");
	run(r, true, "no crypto isakmp default policy");
	n = ipsec_policy_list(r, p, 16);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(p[0].priority, 65535);
	SAME(run(r, false, "show crypto isakmp default policy"), "");
	CU_ASSERT_PTR_NOT_NULL(strstr(run(r, false, "show running-config"),
	    "no crypto isakmp default policy\n"));
}

static void
test_psk(void)
{
	const char *kr = NULL;

	/* crypto isakmp key: most specific wins. */
	CU_ASSERT_STRING_EQUAL(ipsec_psk_lookup(hub, A("40.10.1.1"), NULL),
	    "cisco123");
	CU_ASSERT_STRING_EQUAL(ipsec_psk_lookup(hub, A("40.10.1.9"), NULL),
	    "netkey");
	CU_ASSERT_STRING_EQUAL(ipsec_psk_lookup(hub, A("9.9.9.9"), NULL),
	    "anykey");
	/* keyring */
	CU_ASSERT_STRING_EQUAL(ipsec_psk_lookup(hub, A("40.10.1.1"), "SPOKES"),
	    "cisco");
	CU_ASSERT_STRING_EQUAL(ipsec_psk_lookup(hub, A("50.1.2.3"), "SPOKES"),
	    "wide");
	CU_ASSERT_PTR_NULL(ipsec_psk_lookup(hub, A("40.10.1.2"), "SPOKES"));
	CU_ASSERT_PTR_NULL(ipsec_psk_lookup(hub, A("40.10.1.1"), "NOPE"));
	/* anywhere: host key in a keyring beats a /8 global key */
	CU_ASSERT_STRING_EQUAL(ipsec_psk_find_any(hub, A("50.1.2.3"), &kr),
	    "wide");
	CU_ASSERT_STRING_EQUAL(kr, "SPOKES");
	CU_ASSERT_STRING_EQUAL(ipsec_psk_find_any(hub, A("40.10.1.1"), &kr),
	    "cisco123");
	CU_ASSERT_STRING_EQUAL(kr, "");
	CU_ASSERT_PTR_NOT_NULL(ipsec_isakmp_profile_match(hub, A("40.10.1.1")));
	CU_ASSERT_PTR_NULL(ipsec_isakmp_profile_match(hub, A("40.10.1.3")));
}

/* A 20-byte IPv4 header + 4 bytes of ports. */
static void
mkpkt(uint8_t *p, const char *src, const char *dst, uint8_t proto,
    uint16_t sport, uint16_t dport)
{
	uint32_t s = A(src), d = A(dst);

	memset(p, 0, 40);
	p[0] = 0x45;
	p[3] = 40;
	p[8] = 64;
	p[9] = proto;
	for (int i = 0; i < 4; i++) {
		p[12 + i] = (uint8_t)(s >> (24 - 8 * i));
		p[16 + i] = (uint8_t)(d >> (24 - 8 * i));
	}
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
}

static void
test_map_match(void)
{
	struct iface *gi = router_find_iface(hub, "GigabitEthernet0/1");
	struct crypto_map *m;
	struct crypto_map_entry *e;
	uint8_t	 pkt[40];

	CU_ASSERT_PTR_NOT_NULL_FATAL(gi);
	m = ipsec_iface_map(gi);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(m->name, "CMAP");
	CU_ASSERT_EQUAL(m->n_ents, 2);
	mkpkt(pkt, "3.1.1.7", "4.1.1.9", 1, 0, 0);
	e = ipsec_map_match(gi, pkt, sizeof(pkt));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->seq, 10);
	CU_ASSERT_EQUAL(ipsec_map_current_peer(e), A("40.10.1.1"));
	CU_ASSERT_EQUAL(ipsec_map_life_sec(hub, e), 900);
	CU_ASSERT_EQUAL(ipsec_map_life_kb(hub, e), 4608000);
	CU_ASSERT_EQUAL(ipsec_map_local_addr(hub, m, gi), A("30.3.1.1"));
	mkpkt(pkt, "3.1.1.5", "8.8.8.8", 6, 1500, 8080);
	CU_ASSERT_PTR_NOT_NULL(ipsec_map_match(gi, pkt, sizeof(pkt)));
	mkpkt(pkt, "3.1.1.5", "8.8.8.8", 6, 1500, 80);
	CU_ASSERT_PTR_NULL(ipsec_map_match(gi, pkt, sizeof(pkt)));
	mkpkt(pkt, "4.1.1.9", "3.1.1.7", 1, 0, 0);
	CU_ASSERT_PTR_NULL(ipsec_map_match(gi, pkt, sizeof(pkt)));
	/* the incomplete entry 20 never matches */
	CU_ASSERT(!ipsec_map_entry_complete(hub, ipsec_map_entry_find(m, 20)));
	CU_ASSERT_PTR_NOT_NULL(ipsec_ts_find(hub, "TS2"));
	CU_ASSERT_EQUAL(ipsec_ts_find(hub, "TS2")->esp_encr, ESP_AES);
	CU_ASSERT_EQUAL(ipsec_ts_find(hub, "TS2")->keylen, 256);
	CU_ASSERT_EQUAL(ipsec_ts_find(hub, "TS2")->mode, IPSEC_ENCAP_TRANSPORT);
	CU_ASSERT_PTR_NULL(ipsec_ts_find(hub, "TS3"));
	CU_ASSERT_PTR_NULL(ipsec_iface_map(router_find_iface(hub,
	    "Ethernet0/0")));
}

/* ---- CLI behaviour ---------------------------------------------------------- */

static void
test_ts_validation(void)
{
	struct router *r = hub;
	char	 want[256];

	/* The caret goes under the second cipher. */
	snprintf(want, sizeof(want), "%*s^\n%% Invalid input detected at '^' "
	    "marker.\n\n", (int)strlen("HUB(config)#crypto ipsec "
	    "transform-set BAD esp-3des "), "");
	SAME(run(r, true, "crypto ipsec transform-set BAD esp-3des esp-aes"),
	    want);
	CU_ASSERT_PTR_NULL(ipsec_ts_find(r, "BAD"));
	CU_ASSERT_STRING_NOT_EQUAL(run(r, true,
	    "crypto ipsec transform-set BAD esp-gcm 256 esp-sha-hmac"), "");
	CU_ASSERT_STRING_NOT_EQUAL(run(r, true,
	    "crypto ipsec transform-set BAD esp-md5-hmac esp-sha-hmac"), "");
	CU_ASSERT_PTR_NULL(ipsec_ts_find(r, "BAD"));
	SAME(run(r, true, "crypto ipsec transform-set GCM esp-gcm 256"), "");
	CU_ASSERT_EQUAL(ipsec_ts_find(r, "GCM")->esp_encr, ESP_AES_GCM_16);
	SAME(run(r, true, "crypto ipsec transform-set AH ah-sha-hmac esp-null"),
	    "");
	CU_ASSERT_PTR_NOT_NULL(strstr(run(r, false,
	    "show crypto ipsec transform-set tag AH"), "{ ah-sha-hmac esp-null  }"));
	run(r, true, "no crypto ipsec transform-set GCM");
	run(r, true, "no crypto ipsec transform-set AH");
	CU_ASSERT_PTR_NULL(ipsec_ts_find(r, "GCM"));
}

static void
test_map_note_and_no(void)
{
	const char *err = NULL;
	struct router *r = lab_add_router("SPOKE", &err);
	struct vty *v = vty_new(r, sink, NULL);
	struct iface *ifp;

	vty_set_node(v, CONFIG_NODE);
	sb_reset(&out);
	cli_execute(v, "crypto map M 10 ipsec-isakmp");
	SAME(sb_str(&out),
	    "% NOTE: This new crypto map will remain disabled until a peer\n"
	    "        and a valid access list have been configured.\n");
	CU_ASSERT_EQUAL(vty_node(v), CRYPTO_MAP_NODE);
	sb_reset(&out);
	cli_execute(v, "set peer 30.3.1.1");
	cli_execute(v, "set peer 30.3.1.2");
	cli_execute(v, "no set peer 30.3.1.1");
	cli_execute(v, "exit");
	cli_execute(v, "crypto map M 10");	/* existing: no note */
	SAME(sb_str(&out), "");
	cli_execute(v, "end");
	CU_ASSERT_EQUAL(ipsec_map_find(r, "M")->ents[0]->n_peers, 1);
	CU_ASSERT_EQUAL(ipsec_map_find(r, "M")->ents[0]->peers[0],
	    A("30.3.1.2"));

	/* ISAKMP ON when the first map is applied, OFF when removed. */
	vty_set_node(v, CONFIG_NODE);
	cli_execute(v, "interface Serial1/0");
	cli_execute(v, "crypto map M");
	ifp = router_find_iface(r, "Serial1/0");
	CU_ASSERT_PTR_NOT_NULL(ipsec_iface_map(ifp));
	CU_ASSERT(ipsec_state(r)->isakmp_on);
	cli_execute(v, "no crypto map");
	CU_ASSERT_PTR_NULL(ipsec_iface_map(ifp));
	CU_ASSERT(!ipsec_state(r)->isakmp_on);
	cli_execute(v, "exit");
	/* no forms */
	cli_execute(v, "no crypto map M 10");
	CU_ASSERT_PTR_NULL(ipsec_map_find(r, "M"));
	cli_execute(v, "crypto isakmp policy 7");
	cli_execute(v, "encr aes 192");
	cli_execute(v, "group 19");
	cli_execute(v, "no encr");
	cli_execute(v, "exit");
	CU_ASSERT_EQUAL(ipsec_policy_find(r, 7)->encr, OAKLEY_ENCR_DES);
	CU_ASSERT_EQUAL(ipsec_policy_find(r, 7)->group, 19);
	cli_execute(v, "no crypto isakmp policy 7");
	CU_ASSERT_PTR_NULL(ipsec_policy_find(r, 7));
	cli_execute(v, "crypto isakmp keepalive 10");
	CU_ASSERT_EQUAL(ipsec_state(r)->keepalive, 10);
	CU_ASSERT_EQUAL(ipsec_state(r)->keepalive_retry, 2);
	cli_execute(v, "no crypto isakmp keepalive");
	CU_ASSERT_EQUAL(ipsec_state(r)->keepalive, 0);
	cli_execute(v, "crypto ipsec security-association window-size 512");
	CU_ASSERT_EQUAL(ipsec_state(r)->replay_window, 512);
	cli_execute(v, "no crypto ipsec security-association replay window-size");
	CU_ASSERT_EQUAL(ipsec_state(r)->replay_window, 64);
	cli_execute(v, "crypto isakmp profile P");
	cli_execute(v, "exit");
	cli_execute(v, "no crypto isakmp profile P");
	CU_ASSERT_PTR_NULL(ipsec_isakmp_profile_find(r, "P"));
	vty_free(v);
}

/* ---- RSA keys ------------------------------------------------------------- */

static bool
answer(void *ctx, const char *prompt, char *buf, size_t len)
{
	sb_puts(&out, prompt);
	snprintf(buf, len, "%s", (const char *)ctx);
	sb_printf(&out, "%s\n", buf);
	return true;
}

static char *
pubkey_text(struct router *r)
{
	return strdup(run(r, false, "show crypto key mypubkey rsa"));
}

/* A new lab under seed 1 with one router that generates a key. */
static char *
fresh_key(void)
{
	const char *err = NULL;
	struct router *r;

	lab_free();
	lab_init(1);
	r = lab_add_router("KEYS", &err);
	run(r, true, "ip domain name cisco.com");
	run(r, true, "crypto key generate rsa modulus 1024");
	return pubkey_text(r);
}

static void
test_rsa(void)
{
	const char *err = NULL;
	struct router *r = lab_add_router("KEYS", &err);
	struct vty *v = vty_new(r, sink, NULL);
	const char *head;
	char	*k1, *k2;

	vty_set_node(v, CONFIG_NODE);
	sb_reset(&out);
	cli_execute(v, "crypto key generate rsa");
	SAME(sb_str(&out), "% Please define a domain-name first.\n");
	cli_execute(v, "ip domain-name cisco.com");
	sb_reset(&out);
	cli_execute(v, "crypto key generate rsa general-keys modulus 1024");
	SAME(sb_str(&out),
	    "The name for the keys will be: KEYS.cisco.com\n"
	    "\n"
	    "% The key modulus size is 1024 bits\n"
	    "% Generating 1024 bit RSA keys, keys will be non-exportable...\n"
	    "[OK] (elapsed time was 0 seconds)\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ipsec_rsa_find(r, NULL));
	CU_ASSERT_EQUAL(ipsec_rsa_find(r, NULL)->bits, 1024);

	k1 = pubkey_text(r);
	head = "% Key pair was generated at: 00:00:00 UTC "
	    "Mar 1 2002\nKey name: KEYS.cisco.com\nKey type: RSA KEYS\n"
	    " Storage Device: private-config\n Usage: General Purpose Key\n"
	    " Key is not exportable.\n Key Data:\n"
	    "  30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181 ";
	CU_ASSERT_EQUAL(strncmp(k1, head, strlen(head)), 0);
	/* 162 DER bytes: 5 lines of 32 and a last one of 2 */
	CU_ASSERT_PTR_NOT_NULL(strstr(k1, " \n  0001\n"));

	/* Prompted modulus, exportable, with a label. */
	vty_set_getline(v, answer, "768");
	sb_reset(&out);
	cli_execute(v, "crypto key generate rsa label VPN exportable");
	SAME(sb_str(&out),
	    "The name for the keys will be: VPN\n"
	    "Choose the size of the key modulus in the range of 360 to 4096 for your\n"
	    "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
	    "  a few minutes.\n"
	    "\n"
	    "How many bits in the modulus [512]: 768\n"
	    "% Generating 768 bit RSA keys, keys will be exportable...\n"
	    "[OK] (elapsed time was 0 seconds)\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(run(r, false,
	    "show crypto key mypubkey rsa VPN"), " Key is exportable.\n"));
	/* Replace refused. */
	vty_set_getline(v, answer, "no");
	sb_reset(&out);
	cli_execute(v, "crypto key generate rsa label VPN modulus 512");
	SAME(sb_str(&out),
	    "% You already have RSA keys defined named VPN.\n"
	    "% Do you really want to replace them? [yes/no]: no\n");
	CU_ASSERT_EQUAL(ipsec_rsa_find(r, "VPN")->bits, 768);
	/* The private key never shows in the running config. */
	CU_ASSERT_PTR_NULL(strstr(run(r, false, "show running-config"),
	    "RSA"));
	vty_set_getline(v, answer, "yes");
	cli_execute(v, "crypto key zeroize rsa VPN");
	CU_ASSERT_PTR_NULL(ipsec_rsa_find(r, "VPN"));
	vty_free(v);

	/* Same seed, same key. */
	free(k1);
	k1 = fresh_key();
	k2 = fresh_key();
	SAME(k2, k1);
	free(k1);
	free(k2);
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("crypto config", setup, teardown);
	CU_add_test(s, "running-config", test_running_config);
	CU_add_test(s, "round trip", test_roundtrip);
	CU_add_test(s, "show crypto isakmp policy", test_show_policy);
	CU_add_test(s, "show crypto isakmp default policy",
	    test_show_default_policy);
	CU_add_test(s, "show crypto ipsec transform-set", test_show_ts);
	CU_add_test(s, "show crypto map", test_show_map);
	CU_add_test(s, "show crypto ipsec profile", test_show_profile);
	CU_add_test(s, "policy list", test_policy_list);
	CU_add_test(s, "pre-shared keys", test_psk);
	CU_add_test(s, "crypto map match", test_map_match);
	CU_add_test(s, "transform-set validation", test_ts_validation);
	CU_add_test(s, "map note and no forms", test_map_note_and_no);
	CU_add_test(s, "rsa keys", test_rsa);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	return nf ? 1 : 0;
}
