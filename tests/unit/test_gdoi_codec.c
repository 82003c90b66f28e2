/* GDOI payload codec: byte-exact layouts against the Cisco reference
 * traces quoted in gdoi-wire.md (§2.2 SAK, §2.3 SAT in 1-byte form, §2.4
 * KD lengths), round trips of every payload through the ISAKMP builder
 * and parser, the SAT ID length fallback (2 then 1), and one malformed
 * input per error code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "isakmp.h"

static size_t
unhex(const char *h, uint8_t *out, size_t max)
{
	size_t	 n = 0;

	while (*h != '\0' && n < max) {
		unsigned v;

		if (*h == ' ' || *h == '\n') {
			h++;
			continue;
		}
		if (sscanf(h, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))

/* A built chain (no header) and its length. */
static uint8_t *chain;
static size_t chain_len;

static void
chain_free(void)
{
	free(chain);
	chain = NULL;
	chain_len = 0;
}

static const uint8_t *
sa_body(size_t *len)
{
	/* generic header: np, reserved, length */
	*len = chain_len - ISAKMP_GEN_LEN;
	return chain + ISAKMP_GEN_LEN;
}

/* ---- the reference SAK (§2.2 worked example) ---------------------------- */

static void
ref_sak(struct gdoi_sak *k)
{
	memset(k, 0, sizeof(*k));
	k->proto = 17;
	gdoi_id_addr(&k->src, IP(10, 0, 224, 44), GDOI_PORT);
	gdoi_id_addr(&k->dst, IP(239, 10, 1, 1), GDOI_PORT);
	memcpy(k->spi, "abcdefgh01234567", 16);
	k->kek_alg = GDOI_KEK_ALG_3DES;
	k->sig_hash = GDOI_SIG_HASH_SHA1;
	k->sig_alg = GDOI_SIG_ALG_RSA;
}

/* The SAT of the reference PULL msg 2 (§2.3, 1-byte ID lengths). */
static void
ref_sat(struct gdoi_sat *t)
{
	memset(t, 0, sizeof(*t));
	t->prot_id = GDOI_PROTO_IPSEC_ESP;
	t->ip_proto = 0;
	gdoi_id_addr(&t->src, IP(10, 0, 224, 37), 0);
	gdoi_id_addr(&t->dst, IP(239, 1, 1, 1), 0);
	t->transform = ESP_3DES;
	t->spi = 0x1122aabb;
	t->encap = IPSEC_ENCAP_TRANSPORT;
	t->auth = IPSEC_AUTH_HMAC_SHA;
	t->life_sec = 60;
}

static void
build_sa(const struct gdoi_sa *sa, unsigned flags)
{
	struct isakmp_builder b;

	isakmp_build_init_chain(&b);
	gdoi_build_sa(&b, sa, flags);
	chain = isakmp_build_finish(&b, &chain_len);
}

static void
test_ref_bytes(void)
{
	static struct gdoi_sa sa;
	uint8_t	 want[256];
	size_t	 n;

	memset(&sa, 0, sizeof(sa));
	sa.has_sak = true;
	ref_sak(&sa.sak);
	sa.n_tek = 1;
	ref_sat(&sa.tek[0]);
	build_sa(&sa, GDOI_ENC_SAT_ID_LEN1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(chain);
	n = unhex("00000070 00000002 00000000 000f0000"
	    "10000035 11 01 0350 04 0a00e02c 01 0350 04 ef0a0101"
	    "6162636465666768 3031323334353637 00000000"
	    "80020002 80050002 80060001"
	    "0000002b 01 00 01 0000 04 0a00e025 01 0000 04 ef010101"
	    "03 1122aabb 80040002 80050002 80010001 8002003c",
	    want, sizeof(want));
	CU_ASSERT_EQUAL(n, 112);
	CU_ASSERT_EQUAL(chain_len, n);
	CU_ASSERT(chain_len == n && memcmp(chain, want, n) == 0);
	chain_free();
}

/* The reference bytes decode, the SAT through the 1-byte fallback. */
static void
test_ref_decode(void)
{
	static struct gdoi_sa sa;
	uint8_t	 buf[256];
	size_t	 n;

	n = unhex("00000002 00000000 000f0000"
	    "10000035 11 01 0350 04 0a00e02c 01 0350 04 ef0a0101"
	    "6162636465666768 3031323334353637 00000000"
	    "80020002 80050002 80060001"
	    "0000002b 01 00 01 0000 04 0a00e025 01 0000 04 ef010101"
	    "03 1122aabb 80040002 80050002 80010001 8002003c",
	    buf, sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(gdoi_sa_decode(buf, n, &sa), 0);
	CU_ASSERT(sa.has_sak);
	CU_ASSERT_EQUAL(sa.sak.proto, 17);
	CU_ASSERT_EQUAL(sa.sak.src.addr, IP(10, 0, 224, 44));
	CU_ASSERT_EQUAL(sa.sak.dst.addr, IP(239, 10, 1, 1));
	CU_ASSERT_EQUAL(sa.sak.dst.port, 848);
	CU_ASSERT(memcmp(sa.sak.spi, "abcdefgh01234567", 16) == 0);
	CU_ASSERT_EQUAL(sa.sak.kek_alg, GDOI_KEK_ALG_3DES);
	CU_ASSERT_EQUAL(sa.sak.sig_hash, GDOI_SIG_HASH_SHA1);
	CU_ASSERT_EQUAL(sa.sak.sig_alg, GDOI_SIG_ALG_RSA);
	CU_ASSERT_EQUAL_FATAL(sa.n_tek, 1);
	CU_ASSERT(sa.tek[0].id_len1);
	CU_ASSERT_EQUAL(sa.tek[0].spi, 0x1122aabb);
	CU_ASSERT_EQUAL(sa.tek[0].transform, ESP_3DES);
	CU_ASSERT_EQUAL(sa.tek[0].src.addr, IP(10, 0, 224, 37));
	CU_ASSERT_EQUAL(sa.tek[0].dst.addr, IP(239, 1, 1, 1));
	CU_ASSERT_EQUAL(sa.tek[0].encap, IPSEC_ENCAP_TRANSPORT);
	CU_ASSERT_EQUAL(sa.tek[0].auth, IPSEC_AUTH_HMAC_SHA);
	CU_ASSERT_EQUAL(sa.tek[0].life_sec, 60);
}

/* ---- round trips ---------------------------------------------------------- */

static void
getvpn_sa(struct gdoi_sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->has_sak = true;
	sa->sak.proto = 17;
	gdoi_id_addr(&sa->sak.src, IP(10, 1, 11, 2), GDOI_PORT);
	gdoi_id_addr(&sa->sak.dst, 0, GDOI_PORT);
	memset(sa->sak.spi, 0xa5, 16);
	sa->sak.kek_alg = GDOI_KEK_ALG_AES;
	sa->sak.kek_keylen = 256;
	sa->sak.kek_lifetime = 86400;
	sa->sak.sig_hash = GDOI_SIG_HASH_SHA1;
	sa->sak.sig_alg = GDOI_SIG_ALG_RSA;
	sa->sak.sig_keylen = 1024;
	sa->has_gap = true;
	sa->gap.activation_delay = 15;
	sa->gap.deactivation_delay = 30;
	sa->n_tek = 2;
	for (int i = 0; i < 2; i++) {
		struct gdoi_sat *t = &sa->tek[i];

		t->prot_id = GDOI_PROTO_IPSEC_ESP;
		gdoi_id_subnet(&t->src, IP(192, 168, 0, 0), IP(255, 255, 0, 0),
		    0);
		gdoi_id_subnet(&t->dst, IP(192, 168, 0, 0), IP(255, 255, 0, 0),
		    0);
		t->transform = i == 0 ? ESP_3DES : ESP_AES;
		t->keylen = i == 0 ? 0 : 256;
		t->spi = 0x8bf147ef + (uint32_t)i;
		t->encap = IPSEC_ENCAP_TUNNEL;
		t->auth = IPSEC_AUTH_HMAC_SHA;
		t->life_sec = i == 0 ? 900 : 86400 * 2;
		t->addr_preservation = 4;
		t->sa_direction = 3;
	}
	sa->tek[1].ip_proto = 17;
	sa->tek[1].tbar = true;
	sa->tek[1].tbar_window = 20;
	sa->tek[1].has_pseudotime = true;
	sa->tek[1].pseudotime = 0x01020304;
	/* vpnsim's policy attributes (32004-32007). */
	sa->tek[0].replay_window = 512;
	sa->tek[1].deny = true;
	sa->tek[1].has_sport_range = true;
	sa->tek[1].sport_lo = 1024;
	sa->tek[1].sport_hi = 65535;
	sa->tek[1].has_dport_range = true;
	sa->tek[1].dport_lo = 16384;
	sa->tek[1].dport_hi = 32767;
}

static void
check_sa_equal(const struct gdoi_sa *a, const struct gdoi_sa *b)
{
	CU_ASSERT_EQUAL(a->has_sak, b->has_sak);
	CU_ASSERT_EQUAL(a->sak.proto, b->sak.proto);
	CU_ASSERT_EQUAL(a->sak.src.addr, b->sak.src.addr);
	CU_ASSERT_EQUAL(a->sak.dst.addr, b->sak.dst.addr);
	CU_ASSERT(memcmp(a->sak.spi, b->sak.spi, 16) == 0);
	CU_ASSERT_EQUAL(a->sak.kek_alg, b->sak.kek_alg);
	CU_ASSERT_EQUAL(a->sak.kek_keylen, b->sak.kek_keylen);
	CU_ASSERT_EQUAL(a->sak.kek_lifetime, b->sak.kek_lifetime);
	CU_ASSERT_EQUAL(a->sak.sig_hash, b->sak.sig_hash);
	CU_ASSERT_EQUAL(a->sak.sig_alg, b->sak.sig_alg);
	CU_ASSERT_EQUAL(a->sak.sig_keylen, b->sak.sig_keylen);
	CU_ASSERT_EQUAL(a->has_gap, b->has_gap);
	CU_ASSERT_EQUAL(a->gap.activation_delay, b->gap.activation_delay);
	CU_ASSERT_EQUAL(a->gap.deactivation_delay, b->gap.deactivation_delay);
	CU_ASSERT_EQUAL_FATAL(a->n_tek, b->n_tek);
	for (int i = 0; i < a->n_tek; i++) {
		const struct gdoi_sat *x = &a->tek[i], *y = &b->tek[i];

		CU_ASSERT_EQUAL(x->ip_proto, y->ip_proto);
		CU_ASSERT_EQUAL(x->src.type, y->src.type);
		CU_ASSERT_EQUAL(x->src.addr, y->src.addr);
		CU_ASSERT_EQUAL(x->src.addr2, y->src.addr2);
		CU_ASSERT_EQUAL(x->dst.addr, y->dst.addr);
		CU_ASSERT_EQUAL(x->dst.addr2, y->dst.addr2);
		CU_ASSERT_EQUAL(x->transform, y->transform);
		CU_ASSERT_EQUAL(x->spi, y->spi);
		CU_ASSERT_EQUAL(x->life_sec, y->life_sec);
		CU_ASSERT_EQUAL(x->encap, y->encap);
		CU_ASSERT_EQUAL(x->auth, y->auth);
		CU_ASSERT_EQUAL(x->keylen, y->keylen);
		CU_ASSERT_EQUAL(x->addr_preservation, y->addr_preservation);
		CU_ASSERT_EQUAL(x->sa_direction, y->sa_direction);
		CU_ASSERT_EQUAL(x->tbar, y->tbar);
		CU_ASSERT_EQUAL(x->tbar_window, y->tbar_window);
		CU_ASSERT_EQUAL(x->has_pseudotime, y->has_pseudotime);
		CU_ASSERT_EQUAL(x->pseudotime, y->pseudotime);
		CU_ASSERT_EQUAL(x->replay_window, y->replay_window);
		CU_ASSERT_EQUAL(x->deny, y->deny);
		CU_ASSERT_EQUAL(x->has_sport_range, y->has_sport_range);
		CU_ASSERT_EQUAL(x->sport_lo, y->sport_lo);
		CU_ASSERT_EQUAL(x->sport_hi, y->sport_hi);
		CU_ASSERT_EQUAL(x->has_dport_range, y->has_dport_range);
		CU_ASSERT_EQUAL(x->dport_lo, y->dport_lo);
		CU_ASSERT_EQUAL(x->dport_hi, y->dport_hi);
		CU_ASSERT_EQUAL(y->n_unknown, 0);
	}
}

/* A PULL message 2 with the whole SA: header, HASH, NONCE, SA; parsed by
 * the ISAKMP parser, the SA by the GDOI decoder, in both ID widths. */
static void
test_sa_roundtrip(void)
{
	static struct gdoi_sa in, out;
	struct isakmp_builder b;
	struct isakmp_hdr h;
	struct isakmp_msg m;
	const struct isakmp_pl *pl;
	uint8_t	 hash[20], nonce[16], *msg;
	size_t	 len;

	getvpn_sa(&in);
	memset(hash, 0x11, sizeof(hash));
	memset(nonce, 0x22, sizeof(nonce));
	for (unsigned flags = 0; flags <= GDOI_ENC_SAT_ID_LEN1; flags++) {
		memset(&h, 0, sizeof(h));
		memset(h.icookie, 1, 8);
		memset(h.rcookie, 2, 8);
		h.exch = GDOI_EXCH_PULL;
		h.msgid = 0x3cc1f923;
		isakmp_build_init(&b, &h);
		isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
		isakmp_build_payload(&b, ISAKMP_NP_NONCE, nonce, sizeof(nonce));
		gdoi_build_sa(&b, &in, flags);
		msg = isakmp_build_finish(&b, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
		CU_ASSERT_EQUAL_FATAL(isakmp_parse(msg, len, &m), 0);
		CU_ASSERT_EQUAL(m.n, 3);
		pl = isakmp_find(&m, ISAKMP_NP_SA);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
		CU_ASSERT_EQUAL(pl->np, ISAKMP_NP_NONE);
		CU_ASSERT_EQUAL_FATAL(gdoi_sa_decode(pl->body, pl->len, &out),
		    0);
		CU_ASSERT_EQUAL(out.attr_next, ISAKMP_NP_SAK);
		check_sa_equal(&in, &out);
		CU_ASSERT_EQUAL(out.tek[0].id_len1, flags != 0);
		free(msg);
	}
}

/* A PUSH that keeps the KEK: the SA has only SATs (attr-next = SAT). */
static void
test_sa_tek_only(void)
{
	static struct gdoi_sa in, out;
	size_t	 n;
	const uint8_t *body;

	getvpn_sa(&in);
	in.has_sak = false;
	in.has_gap = false;
	build_sa(&in, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(chain);
	body = sa_body(&n);
	CU_ASSERT_EQUAL(body[9], ISAKMP_NP_SAT);
	CU_ASSERT_EQUAL(gdoi_sa_decode(body, n, &out), 0);
	CU_ASSERT(!out.has_sak);
	CU_ASSERT_EQUAL(out.n_tek, 2);
	chain_free();
}

static const uint8_t spki_hdr[22] = {
	0x30, 0x81, 0x9f, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
	0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x81, 0x8d, 0x00 };

/* KD of the reference PULL msg 4 (§2.4): KEK packet of 223 bytes (3DES
 * IV||key 8+24, 162-byte SPKI), TEK packets of 61 (24-byte 3DES key,
 * 20-byte SHA1 key); total payload 0x161. */
static void
test_kd_roundtrip(void)
{
	static struct gdoi_kd in, out;
	struct isakmp_builder b;
	uint8_t	 ivkey[32], spki[162], key[2][24], ikey[2][20];
	const uint8_t *iv, *k;
	size_t	 ivl, kl;

	memcpy(ivkey, "IVIVIVIVABCDEFGHIJKLMNOPQRSTUVWX", 32);
	memset(spki, 0x5c, sizeof(spki));
	memcpy(spki, spki_hdr, sizeof(spki_hdr));
	memset(key, 0x33, sizeof(key));
	memset(ikey, 0x44, sizeof(ikey));
	in.n = 3;
	gdoi_keypkt_kek(&in.pkt[0], (const uint8_t *)"abcdefgh01234567",
	    ivkey, 32, spki, 162);
	gdoi_keypkt_tek(&in.pkt[1], 0x1122aabb, key[0], 24, ikey[0], 20);
	gdoi_keypkt_tek(&in.pkt[2], 0x3344ccdd, key[1], 24, ikey[1], 20);
	isakmp_build_init_chain(&b);
	gdoi_build_kd(&b, &in);
	chain = isakmp_build_finish(&b, &chain_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(chain);
	CU_ASSERT_EQUAL(chain_len, 0x161);
	CU_ASSERT_EQUAL(chain[4], 0);
	CU_ASSERT_EQUAL(chain[5], 3);
	CU_ASSERT_EQUAL(chain[8], GDOI_KD_KEK);
	CU_ASSERT_EQUAL(chain[10] << 8 | chain[11], 223);
	CU_ASSERT_EQUAL(chain[8 + 223], GDOI_KD_TEK);
	CU_ASSERT_EQUAL(chain[8 + 223 + 2] << 8 | chain[8 + 223 + 3], 61);
	CU_ASSERT_EQUAL_FATAL(gdoi_kd_decode(chain + 4, chain_len - 4, &out),
	    0);
	CU_ASSERT_EQUAL_FATAL(out.n, 3);
	CU_ASSERT_EQUAL(out.pkt[0].type, GDOI_KD_KEK);
	CU_ASSERT_EQUAL(out.pkt[0].spi_size, 16);
	CU_ASSERT_EQUAL(out.pkt[0].sig_key_len, 162);
	CU_ASSERT(memcmp(out.pkt[0].sig_key, spki, 162) == 0);
	CU_ASSERT(gdoi_kek_split(&out.pkt[0], GDOI_KEK_ALG_3DES, &iv, &ivl,
	    &k, &kl));
	CU_ASSERT_EQUAL(ivl, 8);
	CU_ASSERT_EQUAL(kl, 24);
	CU_ASSERT(memcmp(iv, "IVIVIVIV", 8) == 0);
	CU_ASSERT(memcmp(k, "ABCDEFGH", 8) == 0);
	CU_ASSERT(!gdoi_kek_split(&out.pkt[1], GDOI_KEK_ALG_3DES, &iv, &ivl,
	    &k, &kl));
	CU_ASSERT_EQUAL(gdoi_keypkt_spi32(&out.pkt[1]), 0x1122aabb);
	CU_ASSERT_EQUAL(gdoi_keypkt_spi32(&out.pkt[2]), 0x3344ccdd);
	CU_ASSERT_EQUAL(out.pkt[2].alg_key_len, 24);
	CU_ASSERT_EQUAL(out.pkt[2].int_key_len, 20);
	CU_ASSERT(memcmp(out.pkt[2].int_key, ikey[1], 20) == 0);
	CU_ASSERT_EQUAL(gdoi_kek_iv_len(GDOI_KEK_ALG_AES), 16);
	chain_free();
}

static void
test_seq_id_delete(void)
{
	struct isakmp_builder b;
	struct isakmp_msg m;
	struct gdoi_group_id gi = { ISAKMP_ID_KEY_ID, 3333 }, go;
	struct gdoi_delete d;
	uint32_t spis[2] = { 0x8bf147ef, 0x12345678 }, seq;
	uint8_t	 kek[16];

	memset(kek, 0x7e, sizeof(kek));
	isakmp_build_init_chain(&b);
	gdoi_build_seq(&b, 7);
	gdoi_build_id_group(&b, &gi);
	gdoi_build_delete_tek(&b, GDOI_PROTO_IPSEC_ESP, spis, 2);
	gdoi_build_delete_kek(&b, kek);
	chain = isakmp_build_finish(&b, &chain_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(chain);
	CU_ASSERT_EQUAL_FATAL(isakmp_parse_chain(&m, ISAKMP_NP_SEQ, chain,
	    chain_len, 28, false), 0);
	CU_ASSERT_EQUAL_FATAL(m.n, 4);
	CU_ASSERT_EQUAL(m.pl[0].len, 4);
	CU_ASSERT_EQUAL(gdoi_seq_decode(m.pl[0].body, m.pl[0].len, &seq), 0);
	CU_ASSERT_EQUAL(seq, 7);
	CU_ASSERT_EQUAL(gdoi_id_group_decode(m.pl[1].body, m.pl[1].len, &go),
	    0);
	CU_ASSERT_EQUAL(go.type, ISAKMP_ID_KEY_ID);
	CU_ASSERT_EQUAL(go.value, 3333);
	CU_ASSERT_EQUAL(gdoi_delete_decode(m.pl[2].body, m.pl[2].len, &d), 0);
	CU_ASSERT_EQUAL(d.proto, GDOI_PROTO_IPSEC_ESP);
	CU_ASSERT_EQUAL(d.n_spi, 2);
	CU_ASSERT_EQUAL(gdoi_delete_spi32(&d, 1), 0x12345678);
	CU_ASSERT_EQUAL(gdoi_delete_spi32(&d, 2), 0);
	CU_ASSERT_EQUAL(gdoi_delete_decode(m.pl[3].body, m.pl[3].len, &d), 0);
	CU_ASSERT_EQUAL(d.proto, 0);
	CU_ASSERT_EQUAL(d.spi_size, 16);
	CU_ASSERT(memcmp(d.spis, kek, 16) == 0);
	chain_free();
}

/* §4.2: "rekey" || HDR with E set and Length = unpadded total. */
static void
test_sig_input(void)
{
	uint8_t	 msg[36], *in;
	size_t	 n;

	memset(msg, 0, sizeof(msg));
	msg[16] = ISAKMP_NP_SEQ;
	msg[17] = ISAKMP_VERSION;
	msg[18] = GDOI_EXCH_PUSH;
	msg[27] = 36;
	in = gdoi_push_sig_input(msg, sizeof(msg), 132, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	CU_ASSERT_EQUAL(n, 5 + 36);
	CU_ASSERT(memcmp(in, "rekey", 5) == 0);
	CU_ASSERT_EQUAL(in[5 + 19], ISAKMP_FLAG_E);
	CU_ASSERT_EQUAL(in[5 + 26] << 8 | in[5 + 27], 36 + 132);
	CU_ASSERT_EQUAL(msg[19], 0);
	free(in);
	CU_ASSERT_PTR_NULL(gdoi_push_sig_input(msg, 10, 0, &n));
}

/* ---- malformed inputs: each error code ------------------------------------- */

static uint8_t good[1024];
static size_t good_len;

/* A valid SA body (SAK, GAP, 2 SATs with 2-byte IDs) to mutate. */
static void
make_good(void)
{
	static struct gdoi_sa sa;
	size_t	 n;
	const uint8_t *body;

	getvpn_sa(&sa);
	build_sa(&sa, 0);
	body = sa_body(&n);
	memcpy(good, body, n);
	good_len = n;
	chain_free();
}

static int
sa_err(const uint8_t *b, size_t n)
{
	static struct gdoi_sa sa;

	return gdoi_sa_decode(b, n, &sa);
}

/* Offsets in `good`: SA fixed part 12, SAK at 12. */
#define SAK_OFF		12

static size_t
nested_len(size_t off)
{
	return (size_t)(good[off + 2] << 8 | good[off + 3]);
}

static void
test_bad_sa(void)
{
	uint8_t	 b[1024];
	size_t	 sak_len, gap_off, sat_off;

	make_good();
	CU_ASSERT_EQUAL_FATAL(sa_err(good, good_len), 0);
	sak_len = nested_len(SAK_OFF);
	gap_off = SAK_OFF + sak_len;
	sat_off = gap_off + nested_len(gap_off);

	CU_ASSERT_EQUAL(sa_err(good, 11), -GDOI_E_SA_SHORT);
	CU_ASSERT_EQUAL(sa_err(NULL, 0), -GDOI_E_SA_SHORT);
	memcpy(b, good, good_len);
	b[3] = 1;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_SA_DOI);
	memcpy(b, good, good_len);
	b[7] = 1;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_SA_SITUATION);
	memcpy(b, good, good_len);
	b[11] = 1;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_SA_RESERVED);
	memcpy(b, good, good_len);
	b[9] = ISAKMP_NP_ID;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_SA_NEXT);
	memcpy(b, good, good_len);
	b[8] = 1;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_SA_NEXT);
	/* Nested header cut after 2 bytes. */
	CU_ASSERT_EQUAL(sa_err(good, SAK_OFF + 2), -GDOI_E_NEST_TRUNC);
	memcpy(b, good, good_len);
	b[SAK_OFF + 2] = 0;
	b[SAK_OFF + 3] = 3;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_LENGTH);
	CU_ASSERT_EQUAL(sa_err(good, SAK_OFF + sak_len - 1),
	    -GDOI_E_NEST_LENGTH);
	memcpy(b, good, good_len);
	b[SAK_OFF + 1] = 1;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_RESERVED);
	memcpy(b, good, good_len);
	b[SAK_OFF] = ISAKMP_NP_KD;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_TYPE);
	memcpy(b, good, good_len);
	b[sat_off] = ISAKMP_NP_SAK;	/* SAT -> SAK */
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_ORDER);
	memcpy(b, good, good_len);
	b[SAK_OFF] = ISAKMP_NP_SAK;	/* SAK -> SAK */
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_ORDER);
	memcpy(b, good, good_len);
	b[good_len] = 0;
	CU_ASSERT_EQUAL(sa_err(b, good_len + 1), -GDOI_E_NEST_TRAILING);
	/* The last SAT ends the chain early: the second one is trailing. */
	memcpy(b, good, good_len);
	b[sat_off] = 0;
	CU_ASSERT_EQUAL(sa_err(b, good_len), -GDOI_E_NEST_TRAILING);
}

static void
test_too_many_teks(void)
{
	static struct gdoi_sa sa;
	uint8_t	*b;
	size_t	 n, sat_off, sat_len, total;
	const uint8_t *body;

	getvpn_sa(&sa);
	sa.has_sak = sa.has_gap = false;
	sa.n_tek = 1;
	build_sa(&sa, 0);
	body = sa_body(&n);
	sat_off = 12;
	sat_len = n - sat_off;
	total = 12 + (GDOI_MAX_TEKS + 1) * sat_len;
	b = malloc(total);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	memcpy(b, body, 12);
	for (int i = 0; i <= GDOI_MAX_TEKS; i++) {
		memcpy(b + 12 + (size_t)i * sat_len, body + sat_off, sat_len);
		b[12 + (size_t)i * sat_len] = i < GDOI_MAX_TEKS ?
		    ISAKMP_NP_SAT : 0;
	}
	CU_ASSERT_EQUAL(sa_err(b, total), -GDOI_E_TOO_MANY_TEKS);
	CU_ASSERT_EQUAL(sa_err(b, total - sat_len), -GDOI_E_NEST_TRUNC);
	b[12 + (size_t)(GDOI_MAX_TEKS - 1) * sat_len] = 0;
	CU_ASSERT_EQUAL(sa_err(b, total - sat_len), 0);
	free(b);
	chain_free();
}

static void
test_bad_sak(void)
{
	static struct gdoi_sak k;
	uint8_t	 b[256];
	size_t	 n;

	/* REF SAK body: proto, 2 IDs of 8, SPI, POP, 3 attributes. */
	n = unhex("11 01 0350 04 0a00e02c 01 0350 04 ef0a0101"
	    "6162636465666768 3031323334353637 00000000"
	    "80020002 80050002 80060001", b, sizeof(b));
	CU_ASSERT_EQUAL_FATAL(gdoi_sak_decode(b, n, &k), 0);
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, 28, &k), -GDOI_E_SAK_SHORT);
	b[4] = 200;			/* src length past the payload */
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n, &k), -GDOI_E_SAK_ID);
	b[4] = 4;
	b[1] = ISAKMP_ID_FQDN;
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n, &k), -GDOI_E_ID_TYPE);
	b[1] = ISAKMP_ID_IPV4_ADDR_SUBNET;
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n, &k), -GDOI_E_ID_LENGTH);
	b[1] = ISAKMP_ID_IPV4_ADDR;
	/* IDs fine, SPI/POP cut: body ends right after the IDs + 10. */
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, 17 + 19, &k), -GDOI_E_SAK_SHORT);
	/* KEK_ALGORITHM as a 3-byte variable value. */
	memcpy(b + n, "\x00\x02\x00\x03\x01\x02\x03", 7);
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n + 7, &k), -GDOI_E_ATTR_VALUE);
	/* Variable attribute longer than what is left. */
	memcpy(b + n, "\x00\x04\x00\x08\x00\x00", 6);
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n + 6, &k), -GDOI_E_ATTR_SYNTAX);
	/* Lifetime as a 4-byte V and an unknown long attribute: fine. */
	memcpy(b + n, "\x00\x04\x00\x04\x00\x00\x04\xb0"
	    "\x00\x63\x00\x05\x01\x02\x03\x04\x05", 17);
	CU_ASSERT_EQUAL(gdoi_sak_decode(b, n + 17, &k), 0);
	CU_ASSERT_EQUAL(k.kek_lifetime, 1200);
	CU_ASSERT_EQUAL(k.n_unknown, 1);
}

static void
test_bad_sat_gap(void)
{
	static struct gdoi_sat t;
	static struct gdoi_gap g;
	uint8_t	 b[128];
	size_t	 n;

	n = unhex("01 00 01 0000 04 0a00e025 01 0000 04 ef010101"
	    "03 1122aabb 80040002 80050002 80010001 8002003c", b, sizeof(b));
	CU_ASSERT_EQUAL_FATAL(gdoi_sat_decode(b, n, &t), 0);
	CU_ASSERT(t.id_len1);
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, 14, &t), -GDOI_E_SAT_SHORT);
	b[0] = GDOI_PROTO_IPSEC_AH;
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n, &t), -GDOI_E_SAT_PROTO);
	b[0] = GDOI_PROTO_IPSEC_ESP;
	b[5] = 9;			/* src length 9: fits no layout */
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n, &t), -GDOI_E_SAT_ID);
	b[5] = 4;
	/* Attributes that run past the end in both layouts. */
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n - 2, &t), -GDOI_E_SAT_ID);
	b[2] = ISAKMP_ID_FQDN;
	CU_ASSERT(gdoi_sat_decode(b, n, &t) < 0);
	/* GAP: a variable attribute is an error; basic ones decode. */
	n = unhex("80010005 80020006 80030001", b, sizeof(b));
	CU_ASSERT_EQUAL(gdoi_gap_decode(b, n, &g), 0);
	CU_ASSERT_EQUAL(g.activation_delay, 5);
	CU_ASSERT_EQUAL(g.deactivation_delay, 6);
	CU_ASSERT_EQUAL(g.sender_id_request, 1);
	n = unhex("00010002 0005", b, sizeof(b));
	CU_ASSERT_EQUAL(gdoi_gap_decode(b, n, &g), -GDOI_E_GAP_ATTR);
	CU_ASSERT_EQUAL(gdoi_gap_decode(b, 3, &g), -GDOI_E_ATTR_SYNTAX);
}

/* The private policy attributes: bytes, and bad values rejected. */
static void
test_policy_attrs(void)
{
	static struct gdoi_sat t;
	uint8_t	 b[128];
	size_t	 n;

	/* A deny line, udp src range 1000-2000, counter replay 64. */
	n = unhex("01 11 04 0000 0008 0a000000 ff000000"
	    "04 0350 0008 00000000 00000000 03 11223344"
	    "80040001 fd040040 fd050002 7d060004 03e807d0", b, sizeof(b));
	CU_ASSERT_EQUAL_FATAL(gdoi_sat_decode(b, n, &t), 0);
	CU_ASSERT(!t.id_len1);
	CU_ASSERT(t.deny);
	CU_ASSERT_EQUAL(t.replay_window, 64);
	CU_ASSERT(t.has_sport_range);
	CU_ASSERT_EQUAL(t.sport_lo, 1000);
	CU_ASSERT_EQUAL(t.sport_hi, 2000);
	CU_ASSERT(!t.has_dport_range);
	CU_ASSERT_EQUAL(t.dst.port, 848);
	CU_ASSERT_EQUAL(t.n_unknown, 0);
	/* Action 1 is an explicit permit. */
	b[44] = 1;
	CU_ASSERT_EQUAL_FATAL(gdoi_sat_decode(b, n, &t), 0);
	CU_ASSERT(!t.deny);
	b[44] = 3;			/* neither permit nor deny */
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n, &t), -GDOI_E_ATTR_VALUE);
	b[44] = 2;
	b[49] = 0x0f;			/* low 4072 > high 2000 */
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n, &t), -GDOI_E_ATTR_VALUE);
	b[49] = 0x03;
	CU_ASSERT_EQUAL_FATAL(gdoi_sat_decode(b, n, &t), 0);
	b[48] = 3;			/* a 3-byte range: bad size */
	CU_ASSERT_EQUAL(gdoi_sat_decode(b, n - 1, &t), -GDOI_E_ATTR_VALUE);
	b[48] = 4;
	b[45] = 0xfd;			/* range as a basic attribute */
	CU_ASSERT(gdoi_sat_decode(b, n, &t) < 0);
}

/* The KS policy ACL through SATs and back (gdoi_policy.c): what the GM
 * rebuilds is the ACE the KS had, deny lines and port ranges included. */
static void
test_policy_map(void)
{
	static const struct acl_entry_view aces[] = {
		/* deny udp any port = 848 any port = 848 */
		{ false, 10, 17, 0, 0xffffffff, 0, 0xffffffff, 848, 848,
		    848, 848 },
		/* deny icmp any any */
		{ false, 20, 1, 0, 0xffffffff, 0, 0xffffffff, 0, 65535, 0,
		    65535 },
		/* deny tcp host 10.1.1.1 any range 1000 2000 */
		{ false, 30, 6, IP(10, 1, 1, 1), 0, 0, 0xffffffff, 0, 65535,
		    1000, 2000 },
		/* permit tcp any gt 1023 any eq 80 */
		{ true, 40, 6, 0, 0xffffffff, 0, 0xffffffff, 1024, 65535, 80,
		    80 },
		/* permit udp any lt 100 any */
		{ true, 50, 17, 0, 0xffffffff, 0, 0xffffffff, 0, 99, 0, 65535 },
		/* permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255 */
		{ true, 60, 0, IP(192, 168, 0, 0), 0x0000ffff,
		    IP(192, 168, 0, 0), 0x0000ffff, 0, 65535, 0, 65535 },
	};
	static struct gdoi_sa in, out;
	struct acl_entry_view v;
	size_t	 n;
	const uint8_t *body;

	memset(&in, 0, sizeof(in));
	in.n_tek = (int)(sizeof(aces) / sizeof(aces[0]));
	for (int i = 0; i < in.n_tek; i++) {
		gdoi_ace_to_sat(&aces[i], &in.tek[i]);
		in.tek[i].transform = ESP_3DES;
		in.tek[i].spi = 0x8bf147ef;
	}
	/* Single ports in the IDs, ranges only where needed. */
	CU_ASSERT_EQUAL(in.tek[0].src.port, 848);
	CU_ASSERT(!in.tek[0].has_sport_range && !in.tek[0].has_dport_range);
	CU_ASSERT(in.tek[2].has_dport_range && in.tek[2].dst.port == 0);
	CU_ASSERT(in.tek[3].has_sport_range && in.tek[3].dst.port == 80);
	CU_ASSERT_EQUAL(in.tek[2].src.addr2, 0xffffffff);	/* host */
	build_sa(&in, 0);
	body = sa_body(&n);
	CU_ASSERT_EQUAL_FATAL(gdoi_sa_decode(body, n, &out), 0);
	CU_ASSERT_EQUAL_FATAL(out.n_tek, in.n_tek);
	for (int i = 0; i < out.n_tek; i++) {
		const struct acl_entry_view *a = &aces[i];

		gdoi_sat_to_ace(&out.tek[i], &v);
		CU_ASSERT_EQUAL(v.permit, a->permit);
		CU_ASSERT_EQUAL(v.proto, a->proto);
		CU_ASSERT_EQUAL(v.src, a->src);
		CU_ASSERT_EQUAL(v.src_wild, a->src_wild);
		CU_ASSERT_EQUAL(v.dst, a->dst);
		CU_ASSERT_EQUAL(v.dst_wild, a->dst_wild);
		CU_ASSERT_EQUAL(v.sport_lo, a->sport_lo);
		CU_ASSERT_EQUAL(v.sport_hi, a->sport_hi);
		CU_ASSERT_EQUAL(v.dport_lo, a->dport_lo);
		CU_ASSERT_EQUAL(v.dport_hi, a->dport_hi);
	}
	chain_free();
}

static void
test_bad_kd(void)
{
	static struct gdoi_kd kd;
	uint8_t	 b[128];
	size_t	 n;

	/* One TEK packet: type 1, len 4+1+4+(4+3)+(4+2) = 22. */
	n = unhex("0001 0000 01 00 0016 04 11223344 0001 0003 aabbcc"
	    "0002 0002 ddee", b, sizeof(b));
	CU_ASSERT_EQUAL_FATAL(gdoi_kd_decode(b, n, &kd), 0);
	CU_ASSERT_EQUAL(kd.pkt[0].alg_key_len, 3);
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, 3, &kd), -GDOI_E_KD_SHORT);
	b[3] = 1;
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_RESERVED);
	b[3] = 0;
	b[1] = 2;			/* two packets announced, one there */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_COUNT);
	b[1] = 0;			/* none announced, one there */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_COUNT);
	b[1] = GDOI_MAX_KEYPKTS + 1;
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_TOO_MANY);
	b[1] = 1;
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, 7, &kd), -GDOI_E_KD_PKT_TRUNC);
	b[7] = 0x17;			/* 23 > what is left */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_PKT_LENGTH);
	b[7] = 0x05;			/* shorter than header + SPI */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_PKT_LENGTH);
	b[7] = 0x16;
	b[4] = 9;
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_TYPE);
	b[4] = GDOI_KD_KEK;		/* KEK wants a 16-byte SPI */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_SPI_SIZE);
	b[4] = GDOI_KD_TEK;
	b[13] = 0x80;			/* key attribute basic */
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_ATTR);
	b[13] = 0x00;
	b[14] = 0x00;
	b[15] = 0x00;			/* key attribute empty */
	CU_ASSERT(gdoi_kd_decode(b, n, &kd) < 0);
	/* Only an integrity key: the cipher key is missing. */
	n = unhex("0001 0000 01 00 000f 04 11223344 0002 0002 ddee", b,
	    sizeof(b));
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_KD_KEY_MISSING);
	/* Attribute past the key packet end. */
	n = unhex("0001 0000 01 00 000f 04 11223344 0001 0009 ddee", b,
	    sizeof(b));
	CU_ASSERT_EQUAL(gdoi_kd_decode(b, n, &kd), -GDOI_E_ATTR_SYNTAX);
}

static void
test_bad_misc(void)
{
	struct gdoi_group_id g;
	struct gdoi_delete d;
	uint8_t	 b[64] = { 0 };
	uint32_t seq;
	size_t	 n;

	CU_ASSERT_EQUAL(gdoi_seq_decode(b, 3, &seq), -GDOI_E_SEQ_LENGTH);
	CU_ASSERT_EQUAL(gdoi_seq_decode(b, 5, &seq), -GDOI_E_SEQ_LENGTH);
	n = unhex("0b000000 00000d05", b, sizeof(b));
	CU_ASSERT_EQUAL(gdoi_id_group_decode(b, n, &g), 0);
	CU_ASSERT_EQUAL(g.value, 3333);
	CU_ASSERT_EQUAL(gdoi_id_group_decode(b, 7, &g), -GDOI_E_ID_GROUP);
	b[0] = ISAKMP_ID_FQDN;
	CU_ASSERT_EQUAL(gdoi_id_group_decode(b, n, &g), -GDOI_E_ID_GROUP);
	n = unhex("00000002 01 04 0001 8bf147ef", b, sizeof(b));
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, n, &d), 0);
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, 7, &d), -GDOI_E_DEL_SHORT);
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, n - 1, &d), -GDOI_E_DEL_SPI);
	b[5] = 16;
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, n, &d), -GDOI_E_DEL_SPI);
	b[5] = 4;
	b[4] = 3;
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, n, &d), -GDOI_E_DEL_SPI);
	b[4] = 1;
	b[3] = 1;
	CU_ASSERT_EQUAL(gdoi_delete_decode(b, n, &d), -GDOI_E_DEL_DOI);
}

/* Every error has its own text; out of range is "unknown error". */
static void
test_strerror(void)
{
	for (int i = 1; i < GDOI_E_MAX; i++) {
		CU_ASSERT_STRING_NOT_EQUAL(gdoi_strerror(i), "unknown error");
		for (int j = 1; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(gdoi_strerror(i),
			    gdoi_strerror(j));
	}
	CU_ASSERT_STRING_EQUAL(gdoi_strerror(-GDOI_E_SAT_ID),
	    "SA TEK ID lengths do not add up");
	CU_ASSERT_STRING_EQUAL(gdoi_strerror(GDOI_E_MAX), "unknown error");
}

/* The builder fails cleanly (no leak, NULL) on an over-long payload. */
static void
test_build_overflow(void)
{
	static struct gdoi_kd kd;
	struct isakmp_builder b;
	static uint8_t big[40000];
	uint8_t	*out;
	size_t	 n;

	kd.n = 2;
	gdoi_keypkt_tek(&kd.pkt[0], 1, big, sizeof(big), NULL, 0);
	gdoi_keypkt_tek(&kd.pkt[1], 2, big, sizeof(big), NULL, 0);
	isakmp_build_init_chain(&b);
	gdoi_build_kd(&b, &kd);
	out = isakmp_build_finish(&b, &n);
	CU_ASSERT_PTR_NULL(out);
	free(out);
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_codec", NULL, NULL);
	CU_add_test(s, "reference bytes", test_ref_bytes);
	CU_add_test(s, "reference decode", test_ref_decode);
	CU_add_test(s, "SA round trip", test_sa_roundtrip);
	CU_add_test(s, "SA with TEKs only", test_sa_tek_only);
	CU_add_test(s, "KD round trip", test_kd_roundtrip);
	CU_add_test(s, "SEQ, ID, Delete", test_seq_id_delete);
	CU_add_test(s, "PUSH signature input", test_sig_input);
	CU_add_test(s, "malformed SA", test_bad_sa);
	CU_add_test(s, "too many TEKs", test_too_many_teks);
	CU_add_test(s, "malformed SAK", test_bad_sak);
	CU_add_test(s, "malformed SAT/GAP", test_bad_sat_gap);
	CU_add_test(s, "policy attributes", test_policy_attrs);
	CU_add_test(s, "policy ACL mapping", test_policy_map);
	CU_add_test(s, "malformed KD", test_bad_kd);
	CU_add_test(s, "malformed SEQ/ID/Delete", test_bad_misc);
	CU_add_test(s, "error texts", test_strerror);
	CU_add_test(s, "builder overflow", test_build_overflow);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
