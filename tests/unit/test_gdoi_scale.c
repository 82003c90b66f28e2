/* A key server with more members than one unicast rekey loop holds (seed
 * 003 "Unicast Rekeying and SAs": 50 members per loop, a loop estimated
 * at 5 s, the TEK rekey started loops x 5 s earlier): the TEK is made at
 * the first registration, when the group is empty, so the rekey timer
 * must move forward as members join, or the members late in the send
 * order re-register before their copy arrives.
 *
 * 400 GMs (8 loops, 40 s), TEK 300 s, no retransmission: the rekey must
 * start at 300 - 40 - 90 = 170 s after the TEK was made (not 210 s, where
 * the last batch would leave at 245 s, after the members' re-registration
 * at 240 s), and every member gets and ACKs it without re-registering.
 * Also the hashed member and exchange lookups at that size. */
#include <CUnit/Basic.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gdoi_proto.h"
#include "gdoi_timers.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

#define N_GMS		400
#define FANOUT		50
#define TEK_LIFE	300

static struct router *ks, *gms[N_GMS];

static void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
}

static int
cfg(struct router *r, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	int	 rc = router_load_config(r, text, &err);

	if (rc != 0)
		fprintf(stderr, "%s config: %s", r->name, sb_str(&err));
	sb_free(&err);
	return rc;
}

static struct router *
add(const char *name)
{
	const char *err = NULL;

	return lab_add_router(name, &err);
}

/* KS -- D0..D7 (Serial1/d, 10.255.d.0/30) -- 50 GMs each (10.d.j.0/30). */
static int
build(void)
{
	static const char ks_cfg[] =
	    "hostname KS\n"
	    "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n"
	    "crypto isakmp policy 10\n encr aes\n hash sha\n"
	    " authentication pre-share\n group 2\n"
	    "crypto isakmp key scale address 0.0.0.0 0.0.0.0\n"
	    "crypto ipsec transform-set ts esp-aes esp-sha-hmac\n"
	    "crypto ipsec profile p\n"
	    " set security-association lifetime seconds %d\n"
	    " set transform-set ts\n"
	    "ip access-list extended POL\n"
	    " permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255\n"
	    "crypto gdoi group G1\n identity number 3333\n server local\n"
	    "  rekey authentication mypubkey rsa get\n"
	    "  rekey transport unicast\n  no rekey retransmit\n"
	    "  sa ipsec 1\n   profile p\n   match address ipv4 POL\n"
	    "  address ipv4 1.1.1.1\n";
	static const char gm_cfg[] =
	    "hostname %s\n"
	    "crypto isakmp policy 10\n encr aes\n hash sha\n"
	    " authentication pre-share\n group 2\n"
	    "crypto isakmp key scale address 1.1.1.1\n"
	    "crypto gdoi group G1\n identity number 3333\n"
	    " server address ipv4 1.1.1.1\n"
	    "crypto map m 10 gdoi\n set group G1\n"
	    "interface Serial1/0\n ip address 10.%d.%d.2 255.255.255.252\n"
	    " crypto map m\n no shutdown\n"
	    "ip route 0.0.0.0 0.0.0.0 10.%d.%d.1\n";
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	char	 name[32], ifn[32], buf[1024];
	struct vty *v;
	int	 rc = 0;

	lab_init(1);
	if ((ks = add("KS")) == NULL)
		return 1;
	sb_printf(&sb, ks_cfg, TEK_LIFE);
	for (int d = 0; d < N_GMS / FANOUT; d++) {
		struct router *dr;

		snprintf(name, sizeof(name), "D%d", d);
		if ((dr = add(name)) == NULL)
			return 1;
		snprintf(ifn, sizeof(ifn), "Serial1/%d", d);
		if (lab_add_link(ks, ifn, dr, "Serial0/0", &err) == NULL)
			return 1;
		sb_printf(&sb, "interface %s\n ip address 10.255.%d.1 "
		    "255.255.255.252\n no shutdown\n"
		    "ip route 10.%d.0.0 255.255.0.0 10.255.%d.2\n", ifn, d, d,
		    d);
		snprintf(buf, sizeof(buf), "hostname %s\ninterface Serial0/0\n"
		    " ip address 10.255.%d.2 255.255.255.252\n no shutdown\n"
		    "ip route 0.0.0.0 0.0.0.0 10.255.%d.1\n", name, d, d);
		rc |= cfg(dr, buf);
		for (int j = 0; j < FANOUT; j++) {
			int	 i = d * FANOUT + j;

			snprintf(name, sizeof(name), "GM%d", i + 1);
			if ((gms[i] = add(name)) == NULL)
				return 1;
			snprintf(ifn, sizeof(ifn), "Serial1/%d", j);
			if (lab_add_link(dr, ifn, gms[i], "Serial1/0", &err) ==
			    NULL)
				return 1;
			snprintf(buf, sizeof(buf), "interface %s\n ip address "
			    "10.%d.%d.1 255.255.255.252\n no shutdown\n", ifn,
			    d, j);
			rc |= cfg(dr, buf);
			snprintf(buf, sizeof(buf), gm_cfg, name, d, j, d, j);
			rc |= cfg(gms[i], buf);
		}
	}
	rc |= cfg(ks, sb_str(&sb));
	sb_free(&sb);
	v = vty_new(ks, sink, NULL);
	cli_execute(v, "enable");
	cli_execute(v, "configure terminal");
	cli_execute(v, "crypto key generate rsa general-keys label get "
	    "modulus 1024");
	cli_execute(v, "end");
	vty_free(v);
	return rc;
}

static struct gdoi_ksg *
ksg(void)
{
	return gdoi_ksg(gdoi_proto(ks), "G1", false);
}

static void
test_rekey_allowance(void)
{
	struct gdoi_ksg *k;
	struct gdoi_member *m;
	vtime_t	 due, end;
	uint32_t at = gdoi_ks_tek_rekey_at(TEK_LIFE, true, N_GMS, 0, 0);
	int	 n = 0, acked = 0, rereg = 0;

	CU_ASSERT_EQUAL(at, TEK_LIFE - 40 - 90);
	/* Everyone registers (they start at 1 s). */
	while (sched_now() < 60 * VT_SEC &&
	    ((k = ksg()) == NULL || gdoi_ks_members(k) < N_GMS))
		sched_run_until(sched_now() + VT_SEC);
	k = ksg();
	CU_ASSERT_FATAL(k != NULL);
	CU_ASSERT_EQUAL_FATAL(gdoi_ks_members(k), N_GMS);
	/* Hashed lookups agree with the list. */
	TAILQ_FOREACH(m, &k->members, entry) {
		CU_ASSERT_PTR_EQUAL(gdoi_ks_member_find(k, m->addr), m);
		n++;
	}
	CU_ASSERT_EQUAL(n, N_GMS);
	CU_ASSERT_PTR_NULL(gdoi_ks_member_find(k, 0x01010101));
	/* The timer was pulled forward to the 8 loops 400 members need. */
	CU_ASSERT_FATAL(timer_pending(&k->rekey_ev));
	due = sched_now() + timer_remaining(&k->rekey_ev);
	CU_ASSERT_EQUAL(due, k->tek.created + (vtime_t)at * VT_SEC);
	end = k->tek.created + (TEK_LIFE - 40) * VT_SEC;
	sched_run_until(end);
	/* One rekey, every copy ACKed, nobody re-registered. */
	CU_ASSERT_EQUAL(k->n_rekeys, 1);
	CU_ASSERT_EQUAL(k->n_acks_rcvd, N_GMS);
	TAILQ_FOREACH(m, &k->members, entry)
		acked += m->n_acks == 1;
	CU_ASSERT_EQUAL(acked, N_GMS);
	for (int i = 0; i < N_GMS; i++) {
		struct gdoi_gmg *g = gdoi_gmg(gdoi_proto(gms[i]), "G1", false);

		if (g == NULL || g->n_attempts != 1 || g->n_rekeys != 1)
			rereg++;
	}
	CU_ASSERT_EQUAL(rereg, 0);
	/* The registrations' exchanges are collected after 60 s. */
	CU_ASSERT_PTR_NULL(TAILQ_FIRST(&gdoi_proto(ks)->pulls));
	CU_ASSERT_EQUAL(hmap_count(&gdoi_proto(ks)->pull_idx), 0);
}

/* The GM's decoded KS public keys: one decode per distinct SPKI for the
 * whole lab, a few per router, the oldest dropped. */
static void
test_pubkey_cache(void)
{
	struct gdoi_proto *p1 = gdoi_proto(gms[0]), *p2 = gdoi_proto(gms[1]);
	unsigned char *der[6] = { NULL };
	int	 len[6];
	EVP_PKEY *k0, *k;

	CU_ASSERT_FATAL(p1 != NULL && p2 != NULL);
	for (int i = 0; i < 6; i++) {
		EVP_PKEY *pk = EVP_RSA_gen(512);

		CU_ASSERT_FATAL(pk != NULL);
		len[i] = i2d_PUBKEY(pk, &der[i]);
		CU_ASSERT_FATAL(len[i] > 0);
		EVP_PKEY_free(pk);
	}
	CU_ASSERT_PTR_NULL(gdoi_gm_pubkey(p1, der[0], 10));	/* bad DER */
	CU_ASSERT_PTR_NULL(gdoi_gm_pubkey(p1, NULL, 0));
	k0 = gdoi_gm_pubkey(p1, der[0], (size_t)len[0]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k0);
	CU_ASSERT_PTR_EQUAL(gdoi_gm_pubkey(p1, der[0], (size_t)len[0]), k0);
	CU_ASSERT_PTR_EQUAL(gdoi_gm_pubkey(p2, der[0], (size_t)len[0]), k0);
	/* Four more keys on p1: der[0] leaves p1 but p2 keeps it alive. */
	for (int i = 1; i < 5; i++)
		CU_ASSERT_PTR_NOT_NULL(gdoi_gm_pubkey(p1, der[i],
		    (size_t)len[i]));
	CU_ASSERT_PTR_EQUAL(gdoi_gm_pubkey(p2, der[0], (size_t)len[0]), k0);
	k = gdoi_gm_pubkey(p1, der[5], (size_t)len[5]);
	CU_ASSERT_PTR_NOT_NULL(k);
	CU_ASSERT_PTR_NOT_EQUAL(k, k0);
	CU_ASSERT_PTR_EQUAL(gdoi_gm_pubkey(p1, der[0], (size_t)len[0]), k0);
	for (int i = 0; i < 6; i++)
		OPENSSL_free(der[i]);
	/* The routers' caches go with lab_free (valgrind). */
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;
	int	 rc;

	vpnsim_init();
	rc = build();
	if (rc != 0) {
		fprintf(stderr, "test_gdoi_scale: lab setup failed\n");
		lab_free();
		vpnsim_shutdown();
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_scale", NULL, NULL);
	CU_add_test(s, "rekey allowance", test_rekey_allowance);
	CU_add_test(s, "public key cache", test_pubkey_cache);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	lab_free();
	vpnsim_shutdown();
	return fails != 0;
}
