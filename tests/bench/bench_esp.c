/* ESP data-plane benchmark, run by hand or by `make bench`:
 *
 *  esp: packets per second through esp_encap() + esp_decap() (SADB lookup,
 *       replay window, counters) for 1400-byte IPv4 packets with esp-aes
 *       (128) + esp-sha-hmac, next to a baseline measured in the same run:
 *       the same AES-128-CBC encryption + HMAC-SHA1 and HMAC check + CBC
 *       decryption done with bare pre-keyed OpenSSL EVP contexts on one
 *       buffer.  The ratio (vpnsim / raw) is what to watch: it is the cost
 *       of everything around the crypto.
 *
 * usage: bench_esp [-n PACKETS] [-s SIZE]
 * This is a benchmark, so unlike lab code it reads the wall clock. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "esp.h"
#include "ipv4.h"
#include "pkt.h"
#include "rng.h"
#include "sa.h"
#include "sadb.h"
#include "xform.h"

#define LOCAL	0x1e030101u
#define PEER	0x280a0101u

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
mk_inner(uint8_t *b, size_t len)
{
	memset(b, 0, len);
	b[0] = 0x45;
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[8] = 255;
	b[9] = IP_PROTO_ICMP;
	b[12] = 3; b[13] = 1; b[14] = 1; b[15] = 1;
	b[16] = 4; b[17] = 1; b[18] = 1; b[19] = 1;
	for (size_t i = 20; i < len; i++)
		b[i] = (uint8_t)i;
}

/* vpnsim: one packet buffer per packet, as the lab does. */
static double
run_vpnsim(long n, size_t size)
{
	const struct esp_cipher *c = esp_cipher_by_keyword("esp-aes", 128);
	const struct esp_auth *a = esp_auth_by_keyword("esp-sha-hmac");
	uint8_t km[64], inner[65536];
	struct sadb *db = sadb_new();
	struct ipsec_sa *out = ipsec_sa_new(IPSEC_DIR_OUT, 0x1234, c, a);
	struct ipsec_sa *in = ipsec_sa_new(IPSEC_DIR_IN, 0x1234, c, a);
	double t0, t1;

	rng_bytes(km, sizeof(km));
	if (ipsec_sa_set_keys(out, km, esp_keymat_len(c, a)) != 0 ||
	    ipsec_sa_set_keys(in, km, esp_keymat_len(c, a)) != 0)
		abort();
	out->local = in->peer = LOCAL;
	out->peer = in->local = PEER;
	sadb_add(db, in);
	mk_inner(inner, size);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		struct pkt *p = pkt_from(inner, size);

		if (esp_encap(out, p) != ESP_OK ||
		    esp_decap(db, p, NULL, NULL) != ESP_OK || p->len != size) {
			fprintf(stderr, "bench_esp: round trip failed\n");
			exit(1);
		}
		pkt_free(p);
	}
	t1 = now_s();
	ipsec_sa_free(out);
	sadb_free(db);
	return (double)n / (t1 - t0);
}

/* Raw EVP: the same crypto work on one buffer, contexts keyed once. */
static double
run_raw(long n, size_t size)
{
	OSSL_LIB_CTX *lc = xform_libctx();
	EVP_CIPHER *aes = EVP_CIPHER_fetch(lc, "AES-128-CBC", NULL);
	EVP_MAC *hm = EVP_MAC_fetch(lc, "HMAC", NULL);
	EVP_CIPHER_CTX *enc = EVP_CIPHER_CTX_new(), *dec = EVP_CIPHER_CTX_new();
	EVP_MAC_CTX *m = EVP_MAC_CTX_new(hm);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
		OSSL_PARAM_construct_end()
	};
	uint8_t key[16], akey[20], iv[16], md[64];
	size_t body = (size + 2 + 15) / 16 * 16, mlen;
	uint8_t *buf = malloc(8 + 16 + body + 12);
	double t0, t1;
	int outl;

	rng_bytes(key, sizeof(key));
	rng_bytes(akey, sizeof(akey));
	if (!EVP_CipherInit_ex2(enc, aes, key, NULL, 1, NULL) ||
	    !EVP_CipherInit_ex2(dec, aes, key, NULL, 0, NULL) ||
	    !EVP_MAC_init(m, akey, sizeof(akey), params))
		abort();
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
			abort();
		EVP_CipherInit_ex2(dec, NULL, NULL, buf + 8, -1, NULL);
		EVP_CipherUpdate(dec, buf + 24, &outl, buf + 24, (int)body);
	}
	t1 = now_s();
	free(buf);
	EVP_CIPHER_CTX_free(enc);
	EVP_CIPHER_CTX_free(dec);
	EVP_MAC_CTX_free(m);
	EVP_MAC_free(hm);
	EVP_CIPHER_free(aes);
	return (double)n / (t1 - t0);
}

int
main(int argc, char **argv)
{
	long n = 200000;
	size_t size = 1400;
	double v, r;
	int ch;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			n = atol(optarg);
			break;
		case 's':
			size = (size_t)atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_esp [-n packets] [-s size]\n");
			return 2;
		}
	}
	if (n <= 0 || size < 28 || size > 65000)
		return 2;
	rng_seed(1);
	(void)run_raw(n / 10, size);		/* warm up both */
	(void)run_vpnsim(n / 10, size);
	r = run_raw(n, size);
	v = run_vpnsim(n, size);
	printf("esp: %.0f packets/s encap+decap, %zu-byte packets, esp-aes "
	    "esp-sha-hmac (raw OpenSSL EVP %.0f/s, ratio %.2f)\n", v, size, r,
	    v / r);
	rng_ossl_free();
	return 0;
}
