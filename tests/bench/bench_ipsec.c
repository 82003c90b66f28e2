/* IPsec through the lab, run by hand or by `make bench`, each rate printed
 * next to the raw OpenSSL rate of the same cryptographic work measured in
 * the same run (the ratio is the number to watch: the cost of everything
 * around the crypto -- packets, parsers, state machines, SADB, routing,
 * links, the scheduler):
 *
 *  ike: complete IKEv1 negotiations per second (main mode with a pre-shared
 *       key + quick mode, no PFS) between two vpnsim routers on one serial
 *       link, for DH groups 2 and 14 (phase 1 aes/sha, phase 2 esp-aes
 *       esp-sha-hmac).  Each round is started by ike_acquire() on R1's flow,
 *       as the data plane does, timed until both routers hold an SA pair,
 *       then cleared (`clear crypto session`) outside the timing.  Raw: the
 *       same work for both peers with bare EVP objects fetched once -- two
 *       DH key pairs and two shared secrets, 26 HMACs (SKEYID, SKEYID_d/a/e,
 *       HASH_I/R, quick-mode HASH(1..3), KEYMAT for two SAs, on each side),
 *       12 hashes (phase-1 and phase-2 IVs, NAT-D) and 10 AES-CBC passes
 *       (main mode 5/6 and quick mode 1..3, encrypted by one side and
 *       decrypted by the other).
 *
 *  esp: ESP packets per second end to end through the same two routers:
 *       1400-byte pings (`ping 2.2.2.2 source Loopback0 size 1400`) from
 *       R1's LAN to R2's, each echo encrypted by R1 and decrypted by R2 and
 *       its reply the other way (esp-aes 128 + esp-sha-hmac), so two ESP
 *       packets per echo, each encapsulated and decapsulated once.  Raw:
 *       per packet the same AES-128-CBC encryption + HMAC-SHA1, HMAC check
 *       + CBC decryption with pre-keyed EVP contexts on one buffer (the
 *       baseline of ipsec/bench_esp, which measures esp_encap/esp_decap
 *       alone).
 *
 * usage: bench_ipsec [-n NEGOTIATIONS] [-p ECHOES] [-g GROUP]
 * This is a benchmark, so unlike lab code it reads the wall clock. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include "cli.h"
#include "engine.h"
#include "ike.h"
#include "ipv4.h"
#include "lab.h"
#include "link.h"
#include "netsim.h"
#include "rng.h"
#include "router.h"
#include "sa.h"
#include "sched.h"
#include "strbuf.h"
#include "xform.h"

#define ESP_SIZE	1400

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench_ipsec: %s\n", what);
	exit(1);
}

/* ---- the lab --------------------------------------------------------------- */

static struct router *r1, *r2;

static void
cfg(struct router *r, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (router_load_config(r, text, &err) != 0) {
		fprintf(stderr, "%s config: %s", r->name, sb_str(&err));
		exit(1);
	}
	sb_free(&err);
}

static uint32_t
A(const char *s)
{
	uint32_t a = 0;

	if (!ip_aton(s, &a))
		die("bad address");
	return a;
}

/* R1 Lo0 1.1.1.1/24, Se1/0 10.0.0.1 ---- 10.0.0.2 Se1/0 R2 Lo0 2.2.2.2/24,
 * crypto map on both serials protecting LAN <-> LAN. */
static void
lab_up(int group)
{
	static const char base[] =
	    "hostname %s\n"
	    "interface Loopback0\n ip address %s 255.255.255.0\n"
	    "interface Serial1/0\n ip address %s 255.255.255.0\n no shutdown\n"
	    "access-list 101 permit ip %s 0.0.0.255 %s 0.0.0.255\n"
	    "ip route %s 255.255.255.0 %s\n"
	    "crypto isakmp policy 10\n encr aes\n hash sha\n"
	    " authentication pre-share\n group %d\n"
	    "crypto isakmp key bench address %s\n"
	    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
	    "crypto map CMAP 10 ipsec-isakmp\n set peer %s\n"
	    " set transform-set TS\n match address 101\n"
	    "interface Serial1/0\n crypto map CMAP\n";
	const char *err = NULL;
	char buf[2048];

	lab_init(1);
	if ((r1 = lab_add_router("R1", &err)) == NULL ||
	    (r2 = lab_add_router("R2", &err)) == NULL ||
	    lab_add_link(r1, "Serial1/0", r2, "Serial1/0", &err) == NULL)
		die(err != NULL ? err : "lab");
	snprintf(buf, sizeof(buf), base, "R1", "1.1.1.1", "10.0.0.1",
	    "1.1.1.0", "2.2.2.0", "2.2.2.0", "10.0.0.2", group, "10.0.0.2",
	    "10.0.0.2");
	cfg(r1, buf);
	snprintf(buf, sizeof(buf), base, "R2", "2.2.2.2", "10.0.0.2",
	    "2.2.2.0", "1.1.1.0", "1.1.1.0", "10.0.0.1", group, "10.0.0.1",
	    "10.0.0.1");
	cfg(r2, buf);
	sched_run_until(sched_now() + 5 * VT_SEC);
}

static bool
up(struct router *r)
{
	struct ipsec_flow *f = TAILQ_FIRST(&ipsec_engine(r)->flows);

	return f != NULL && f->in != NULL && f->out != NULL;
}

static struct ipsec_flow *
r1_flow(void)
{
	struct ipsec_proxy lid, rid;

	memset(&lid, 0, sizeof(lid));
	memset(&rid, 0, sizeof(rid));
	lid.addr = A("1.1.1.0");
	rid.addr = A("2.2.2.0");
	lid.mask = rid.mask = A("255.255.255.0");
	return ipsec_flow_lookup(r1, "CMAP", 10, "Serial1/0", A("10.0.0.2"),
	    &lid, &rid, true);
}

/* One negotiation, timed from ike_acquire() until both ends hold a pair
 * (events run one by one, so no idle virtual time is skipped inside). */
static double
negotiate_once(void)
{
	vtime_t limit;
	double t0, t;

	t0 = now_s();
	if (ike_acquire(r1, r1_flow()) != 0)
		die("ike_acquire refused");
	limit = sched_now() + 30 * VT_SEC;
	while (!(up(r1) && up(r2)))
		if (!sched_run_one(limit))
			die("negotiation did not complete within 30 s");
	t = now_s() - t0;
	/* Untimed: delete both SAs and let the deleted IKE SA be purged, so
	 * every round starts from the same state. */
	ike_clear_session(r1, 0);
	sched_run_until(sched_now() + 61 * VT_SEC);
	if (up(r1) || up(r2))
		die("clear crypto session left an SA pair");
	return t;
}

static double
run_ike(int group, int n)
{
	double t = 0;

	lab_up(group);
	(void)negotiate_once();			/* warm up */
	for (int i = 0; i < n; i++)
		t += negotiate_once();
	lab_free();
	return (double)n / t;
}

/* Pings of size ESP_SIZE through the tunnel; returns ESP packets/s. */
static double
run_esp(int echoes, uint64_t *encaps, uint64_t *decaps)
{
	struct ping_result pr;
	struct ipsec_flow *f1, *f2;
	char marks[8];
	double t0, t;

	lab_up(2);
	/* Bring the tunnel up (the first echo starts IKE and is dropped). */
	ip_ping(r1, A("2.2.2.2"), A("1.1.1.1"), 5, ESP_SIZE, 2 * VT_SEC,
	    false, &pr, marks, sizeof(marks));
	if (pr.rcvd < 4 || !up(r1) || !up(r2))
		die("the tunnel did not come up for the ESP run");
	f1 = TAILQ_FIRST(&ipsec_engine(r1)->flows);
	f2 = TAILQ_FIRST(&ipsec_engine(r2)->flows);
	t0 = now_s();
	ip_ping(r1, A("2.2.2.2"), A("1.1.1.1"), echoes, ESP_SIZE, 2 * VT_SEC,
	    false, &pr, marks, sizeof(marks));
	t = now_s() - t0;
	if (pr.rcvd != echoes)
		die("echoes were lost in the ESP run");
	*encaps = f1->out->st.encaps + f2->out->st.encaps;
	*decaps = f1->in->st.decaps + f2->in->st.decaps;
	lab_free();
	return 2.0 * echoes / t;
}

/* ---- raw OpenSSL ------------------------------------------------------------- */

struct raw {
	OSSL_LIB_CTX	*lc;
	EVP_MAC		*hmac;
	EVP_MD		*sha1;
	EVP_CIPHER	*aes;
	EVP_PKEY	*params;	/* DH domain parameters, built once */
};

static EVP_PKEY *
dh_params(OSSL_LIB_CTX *lc, int group)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *prm = NULL;
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(lc, "DH", NULL);
	EVP_PKEY *key = NULL;
	BIGNUM *p = NULL, *g = BN_new();
	int ok;

	/* Group 2: the RFC 2409 Oakley prime (no OpenSSL group name);
	 * group 14: RFC 3526's 2048-bit prime, a named group. */
	if (group == 2)
		ok = (p = BN_get_rfc2409_prime_1024(NULL)) != NULL &&
		    BN_set_word(g, 2) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g);
	else if (group == 14)
		ok = OSSL_PARAM_BLD_push_utf8_string(bld,
		    OSSL_PKEY_PARAM_GROUP_NAME, "modp_2048", 0);
	else
		ok = 0;
	ok = ok && (prm = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    pc != NULL && EVP_PKEY_fromdata_init(pc) > 0 &&
	    EVP_PKEY_fromdata(pc, &key, EVP_PKEY_KEY_PARAMETERS, prm) > 0;
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(pc);
	BN_free(p);
	BN_free(g);
	if (!ok)
		die("raw DH parameters");
	return key;
}

static EVP_PKEY *
dh_keygen(struct raw *x)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_pkey(x->lc, x->params, NULL);
	EVP_PKEY *k = NULL;

	if (kc == NULL || EVP_PKEY_keygen_init(kc) <= 0 ||
	    EVP_PKEY_generate(kc, &k) <= 0)
		die("raw DH keygen");
	EVP_PKEY_CTX_free(kc);
	return k;
}

static void
dh_derive(struct raw *x, EVP_PKEY *mine, EVP_PKEY *peer, uint8_t *out,
    size_t cap)
{
	EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new_from_pkey(x->lc, mine, NULL);
	size_t len = cap;

	if (dc == NULL || EVP_PKEY_derive_init(dc) <= 0 ||
	    EVP_PKEY_CTX_set_dh_pad(dc, 1) <= 0 ||
	    EVP_PKEY_derive_set_peer(dc, peer) <= 0 ||
	    EVP_PKEY_derive(dc, out, &len) <= 0)
		die("raw DH derive");
	EVP_PKEY_CTX_free(dc);
}

static void
hmac(struct raw *x, const uint8_t *key, size_t klen, const uint8_t *data,
    size_t len, uint8_t *out)
{
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
		OSSL_PARAM_construct_end()
	};
	EVP_MAC_CTX *m = EVP_MAC_CTX_new(x->hmac);
	size_t ol;

	if (m == NULL || !EVP_MAC_init(m, key, klen, p) ||
	    !EVP_MAC_update(m, data, len) || !EVP_MAC_final(m, out, &ol, 64))
		die("raw HMAC");
	EVP_MAC_CTX_free(m);
}

static void
cbc(struct raw *x, const uint8_t *key, uint8_t *iv, uint8_t *buf, size_t len,
    int enc)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ol;

	if (c == NULL || !EVP_CipherInit_ex2(c, x->aes, key, iv, enc, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) ||
	    !EVP_CipherUpdate(c, buf, &ol, buf, (int)len))
		die("raw CBC");
	EVP_CIPHER_CTX_free(c);
}

/* The cryptographic work of one negotiation, both peers (with dh_only,
 * just its Diffie-Hellman part). */
static void
raw_negotiation(struct raw *x, size_t pub_len, bool dh_only)
{
	uint8_t secret[2][512], data[1200], key[20], md[64];
	/* Sizes of what is hashed and encrypted, from a vpnsim exchange:
	 * HASH_I/R cover both KE values, cookies, SA and ID payloads;
	 * main mode 5/6 carry ID + HASH, quick mode 1/2 SA + nonce + IDs. */
	const size_t hmac_len[13] = { 32, 149, 150, 150, 2 * pub_len + 76,
	    2 * pub_len + 76, 200, 220, 36, 60, 60, 60, 60 };
	const size_t cbc_len[5] = { 64, 48, 176, 176, 32 };
	EVP_PKEY *a, *b;
	unsigned int hl;

	rng_bytes(data, sizeof(data));
	rng_bytes(key, sizeof(key));
	a = dh_keygen(x);
	b = dh_keygen(x);
	dh_derive(x, a, b, secret[0], sizeof(secret[0]));
	dh_derive(x, b, a, secret[1], sizeof(secret[1]));
	if (memcmp(secret[0], secret[1], pub_len) != 0)
		die("raw DH secrets differ");
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	for (int side = 0; side < 2 && !dh_only; side++) {
		for (size_t i = 0; i < 13; i++)
			hmac(x, key, sizeof(key), data, hmac_len[i], md);
		for (int i = 0; i < 6; i++)
			if (!EVP_Digest(data, i == 0 ? 2 * pub_len : 40, md, &hl,
			    x->sha1, NULL))
				die("raw hash");
		for (size_t i = 0; i < 5; i++)
			cbc(x, key, md, data, cbc_len[i], side);
	}
}

/* Negotiations/s of the raw work; *dh_rate gets the DH part's alone. */
static double
run_raw_ike(int group, int n, double *dh_rate)
{
	struct raw x;
	size_t pub_len = group == 2 ? 128 : 256;
	double t0, t1;

	x.lc = xform_libctx();
	x.hmac = EVP_MAC_fetch(x.lc, "HMAC", NULL);
	x.sha1 = EVP_MD_fetch(x.lc, "SHA1", NULL);
	x.aes = EVP_CIPHER_fetch(x.lc, "AES-128-CBC", NULL);
	if (x.hmac == NULL || x.sha1 == NULL || x.aes == NULL)
		die("raw fetch");
	x.params = dh_params(x.lc, group);
	raw_negotiation(&x, pub_len, false);	/* warm up */
	t0 = now_s();
	for (int i = 0; i < n; i++)
		raw_negotiation(&x, pub_len, false);
	t0 = now_s() - t0;
	t1 = now_s();
	for (int i = 0; i < n; i++)
		raw_negotiation(&x, pub_len, true);
	*dh_rate = (double)n / (now_s() - t1);
	EVP_PKEY_free(x.params);
	EVP_CIPHER_free(x.aes);
	EVP_MD_free(x.sha1);
	EVP_MAC_free(x.hmac);
	return (double)n / t0;
}

/* ESP: AES-128-CBC + HMAC-SHA1-96 out, check + decrypt in, one buffer. */
static double
run_raw_esp(long n)
{
	OSSL_LIB_CTX *lc = xform_libctx();
	EVP_CIPHER *aes = EVP_CIPHER_fetch(lc, "AES-128-CBC", NULL);
	EVP_MAC *hm = EVP_MAC_fetch(lc, "HMAC", NULL);
	EVP_CIPHER_CTX *enc = EVP_CIPHER_CTX_new(), *dec = EVP_CIPHER_CTX_new();
	EVP_MAC_CTX *m = hm != NULL ? EVP_MAC_CTX_new(hm) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
		OSSL_PARAM_construct_end()
	};
	uint8_t key[16], akey[20], iv[16], md[64];
	size_t body = (ESP_SIZE + 2 + 15) / 16 * 16, mlen;
	uint8_t *buf = malloc(8 + 16 + body + 12);
	double t0;
	int outl;

	if (buf == NULL || aes == NULL || m == NULL || enc == NULL ||
	    dec == NULL)
		die("raw ESP setup");
	rng_bytes(key, sizeof(key));
	rng_bytes(akey, sizeof(akey));
	if (!EVP_CipherInit_ex2(enc, aes, key, NULL, 1, NULL) ||
	    !EVP_CipherInit_ex2(dec, aes, key, NULL, 0, NULL) ||
	    !EVP_MAC_init(m, akey, sizeof(akey), params))
		die("raw ESP keys");
	EVP_CIPHER_CTX_set_padding(enc, 0);
	EVP_CIPHER_CTX_set_padding(dec, 0);
	memset(buf, 0x5a, 8 + 16 + body + 12);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		rng_bytes(iv, 16);
		memcpy(buf + 8, iv, 16);
		EVP_CipherInit_ex2(enc, NULL, NULL, iv, -1, NULL);
		EVP_CipherUpdate(enc, buf + 24, &outl, buf + 24, (int)body);
		EVP_MAC_init(m, NULL, 0, NULL);
		EVP_MAC_update(m, buf, 24 + body);
		EVP_MAC_final(m, md, &mlen, sizeof(md));
		memcpy(buf + 24 + body, md, 12);
		EVP_MAC_init(m, NULL, 0, NULL);
		EVP_MAC_update(m, buf, 24 + body);
		EVP_MAC_final(m, md, &mlen, sizeof(md));
		if (CRYPTO_memcmp(md, buf + 24 + body, 12) != 0)
			die("raw ESP ICV");
		EVP_CipherInit_ex2(dec, NULL, NULL, buf + 8, -1, NULL);
		EVP_CipherUpdate(dec, buf + 24, &outl, buf + 24, (int)body);
	}
	t0 = now_s() - t0;
	free(buf);
	EVP_CIPHER_CTX_free(enc);
	EVP_CIPHER_CTX_free(dec);
	EVP_MAC_CTX_free(m);
	EVP_MAC_free(hm);
	EVP_CIPHER_free(aes);
	return (double)n / t0;
}

int
main(int argc, char **argv)
{
	int n = 200, echoes = 20000, group = 0, c;
	int groups[] = { 2, 14 };
	uint64_t enc, dec;
	double v, r, dh;

	while ((c = getopt(argc, argv, "n:p:g:")) != -1) {
		switch (c) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'p':
			echoes = atoi(optarg);
			break;
		case 'g':
			group = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_ipsec [-n NEGOTIATIONS] "
			    "[-p ECHOES] [-g 2|14]\n");
			return 2;
		}
	}
	if (n < 1 || echoes < 1 || (group != 0 && group != 2 && group != 14))
		return 2;
	vpnsim_init();
	rng_seed(1);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (group != 0 && groups[i] != group)
			continue;
		v = run_ike(groups[i], n);
		r = run_raw_ike(groups[i], n, &dh);
		printf("ike: %.0f MM+QM negotiations/s, two routers, group %d, "
		    "aes/sha, esp-aes esp-sha-hmac (raw OpenSSL same work "
		    "%.0f/s, its DH alone %.0f/s; ratio %.2f)\n", v, groups[i],
		    r, dh, v / r);
	}
	v = run_esp(echoes, &enc, &dec);
	r = run_raw_esp(2L * echoes);
	if (enc != 2ULL * (uint64_t)echoes + 8 || dec != enc)
		fprintf(stderr, "bench_ipsec: SA counters: %llu encaps, %llu "
		    "decaps for %d echoes\n", (unsigned long long)enc,
		    (unsigned long long)dec, echoes + 4);
	printf("esp-lab: %.0f ESP packets/s through two routers, %d-byte "
	    "pings, esp-aes esp-sha-hmac (raw OpenSSL EVP %.0f/s, ratio "
	    "%.2f)\n", v, ESP_SIZE, r, v / r);
	vpnsim_shutdown();
	rng_ossl_free();
	return 0;
}
