/* Fuzz target for ESP input (ipsec/esp.c) and the encap/decap round trip.
 *
 * Input: a received IPv4 packet handed to esp_decap() against an SADB of
 * inbound SAs covering every code path (CBC/GCM/NULL, with and without
 * integrity, tunnel/transport, ESP-in-UDP, GETVPN wildcard).  The keys are
 * the fixed ones of the corpus (tests/fuzz/corpus/esp/, made with scapy),
 * so mutations of valid packets reach the ICV, padding and inner checks;
 * the SAs without integrity let mutated bytes reach everything after it.
 *
 * An input starting 0xE5 is instead "E5 N inner-packet": the inner packet
 * goes through outbound SA N and must come back identical through the
 * matching inbound SA — any difference aborts. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esp.h"
#include "pkt.h"
#include "rng.h"
#include "sa.h"
#include "sadb.h"
#include "xform.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

#define LOCAL	0x1e030101u	/* 30.3.1.1 */
#define PEER	0x280a0101u	/* 40.10.1.1 */

static const struct {
	uint32_t	 spi;
	const char	*cipher;
	unsigned	 bits;
	const char	*auth;
	enum ipsec_mode	 mode;
	uint16_t	 udp;
	unsigned	 flags;
} defs[] = {
	{ 0x101, "esp-aes", 128, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ 0x102, "esp-3des", 0, "esp-md5-hmac", IPSEC_MODE_TUNNEL, 0, 0 },
	{ 0x103, "esp-gcm", 128, NULL, IPSEC_MODE_TUNNEL, 0, 0 },
	{ 0x104, "esp-aes", 256, "esp-sha256-hmac", IPSEC_MODE_TRANSPORT, 0, 0 },
	{ 0x105, "esp-aes", 128, "esp-sha-hmac", IPSEC_MODE_TUNNEL, 4500, 0 },
	{ 0x106, "esp-null", 0, NULL, IPSEC_MODE_TUNNEL, 0, 0 },
	{ 0x107, "esp-aes", 128, NULL, IPSEC_MODE_TUNNEL, 0, 0 },
	{ 0x108, "esp-null", 0, NULL, IPSEC_MODE_TRANSPORT, 0, 0 },
	{ 0x109, "esp-aes", 192, "esp-sha512-hmac", IPSEC_MODE_TUNNEL, 0,
	    IPSEC_SA_F_PRESERVE },
};
#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

static struct sadb	*db;
static struct ipsec_sa	*outs[NDEFS], *ins[NDEFS];

static struct ipsec_sa *
mk(size_t i, enum ipsec_dir dir)
{
	const struct esp_cipher *c = esp_cipher_by_keyword(defs[i].cipher,
	    defs[i].bits);
	const struct esp_auth *a = defs[i].auth ?
	    esp_auth_by_keyword(defs[i].auth) : NULL;
	uint8_t km[ESP_MAX_KEY + ESP_MAX_AUTHKEY];
	struct ipsec_sa *sa = ipsec_sa_new(dir, defs[i].spi, c, a);
	size_t k;

	/* Corpus keys: cipher 00 01 02 .., GCM salt cafebabe, auth 40 41 .. */
	for (k = 0; k < c->key_len; k++)
		km[k] = (uint8_t)k;
	if (c->salt_len)
		memcpy(km + k, "\xca\xfe\xba\xbe", 4);
	for (size_t j = 0; a != NULL && j < a->key_len; j++)
		km[c->key_len + c->salt_len + j] = (uint8_t)(0x40 + j);
	if (sa == NULL || ipsec_sa_set_keys(sa, km, esp_keymat_len(c, a)) != 0)
		abort();
	sa->mode = defs[i].mode;
	sa->flags = defs[i].flags;
	sa->udp_local = sa->udp_peer = defs[i].udp;
	sa->local = dir == IPSEC_DIR_IN ? LOCAL : PEER;
	sa->peer = dir == IPSEC_DIR_IN ? PEER : LOCAL;
	if (dir == IPSEC_DIR_IN && (defs[i].flags & IPSEC_SA_F_PRESERVE))
		sa->local = 0;
	return sa;
}

static void
cleanup(void)
{
	sadb_free(db);
	for (size_t i = 0; i < NDEFS; i++)
		ipsec_sa_free(outs[i]);
	rng_ossl_free();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	db = sadb_new();
	for (size_t i = 0; i < NDEFS; i++) {
		ins[i] = mk(i, IPSEC_DIR_IN);
		outs[i] = mk(i, IPSEC_DIR_OUT);
		if (sadb_add(db, ins[i]) != 0)
			abort();
	}
	atexit(cleanup);
	return 0;
}

/* Encap through outs[i], decap through the SADB: the same packet back
 * (a transport header gets a fresh checksum). */
static void
roundtrip(size_t i, const uint8_t *data, size_t size)
{
	struct pkt *p = pkt_from(data, size);
	size_t tot;
	int r;

	outs[i]->seq = ins[i]->replay.top;	/* stay ahead of the window */
	if (esp_encap(outs[i], p) != ESP_OK) {
		pkt_free(p);
		return;
	}
	/* Transport packets keep their own addresses: no SADB lookup. */
	if (defs[i].mode == IPSEC_MODE_TRANSPORT)
		r = esp_decap_sa(ins[i], p);
	else
		r = esp_decap(db, p, NULL, NULL);
	tot = size >= 4 ? (size_t)(data[2] << 8 | data[3]) : 0;
	if (r != ESP_OK) {
		/* Only an RFC 4303 dummy packet (next header 59) may fail. */
		if (!(defs[i].mode == IPSEC_MODE_TRANSPORT && data[9] == 59))
			abort();
	} else if (p->len != tot ||
	    memcmp(p->data, data, defs[i].mode == IPSEC_MODE_TRANSPORT ?
	    10 : tot) != 0 ||
	    (defs[i].mode == IPSEC_MODE_TRANSPORT &&
	    memcmp(p->data + 12, data + 12, tot - 12) != 0))
		abort();
	pkt_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt *p;

	if (size >= 2 && data[0] == 0xe5) {
		roundtrip(data[1] % NDEFS, data + 2, size - 2);
		return 0;
	}
	p = pkt_from(data, size);
	(void)esp_decap(db, p, NULL, NULL);
	pkt_free(p);
	return 0;
}
