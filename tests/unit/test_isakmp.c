/* ISAKMP codec: builder -> parser round trips for every payload type,
 * a hand-encoded vector, attribute decoding and IOS debug text, vendor id
 * constants (checked against MD5 of their strings), and one test per
 * parse error code with a crafted malformed message.
 *
 * `test_isakmp corpus DIR` writes the fuzz corpus (tests/fuzz/corpus/
 * isakmp/) from the same builders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <openssl/evp.h>

#include "isakmp.h"
#include "strbuf.h"

static const uint8_t ick[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t rck[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18 };

static void
hdr(struct isakmp_hdr *h, uint8_t exch, uint32_t msgid, bool resp)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->icookie, ick, 8);
	if (resp)
		memcpy(h->rcookie, rck, 8);
	h->version = ISAKMP_VERSION;
	h->exch = exch;
	h->msgid = msgid;
}

static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* ---- message builders (also the fuzz corpus) ---------------------------- */

static void
p1_transform(struct isakmp_builder *b, uint8_t num, uint16_t encr,
    uint16_t keylen, uint16_t hash, uint16_t group, uint32_t life)
{
	isakmp_build_tr_begin(b, num, ISAKMP_KEY_IKE);
	isakmp_build_attr(b, IKE_ATTR_ENCR, encr);
	if (keylen)
		isakmp_build_attr(b, IKE_ATTR_KEY_LENGTH, keylen);
	isakmp_build_attr(b, IKE_ATTR_HASH, hash);
	isakmp_build_attr(b, IKE_ATTR_AUTH, OAKLEY_AUTH_PSK);
	isakmp_build_attr(b, IKE_ATTR_GROUP, group);
	isakmp_build_attr(b, IKE_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
	isakmp_build_attr(b, IKE_ATTR_LIFE_DURATION, life);
	isakmp_build_tr_end(b);
}

static void
vid(struct isakmp_builder *b, enum isakmp_vid v)
{
	size_t	 n;
	const uint8_t *p = isakmp_vid_bytes(v, &n);

	isakmp_build_payload(b, ISAKMP_NP_VID, p, n);
}

static uint8_t *
msg_mm1(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;

	hdr(&h, ISAKMP_EXCH_MAIN, 0, false);
	isakmp_build_init(&b, &h);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	p1_transform(&b, 1, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_SHA, 2, 7200);
	p1_transform(&b, 2, OAKLEY_ENCR_AES, 128, OAKLEY_HASH_SHA, 2, 86400);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	vid(&b, VID_DPD);
	vid(&b, VID_NATT_RFC3947);
	vid(&b, VID_CISCO_UNITY);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
msg_mm1_strongswan(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;

	hdr(&h, ISAKMP_EXCH_MAIN, 0, false);
	isakmp_build_init(&b, &h);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 0, ISAKMP_PROTO_ISAKMP, NULL, 0);
	p1_transform(&b, 0, OAKLEY_ENCR_AES, 256, OAKLEY_HASH_SHA256, 14, 10800);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	vid(&b, VID_XAUTH);
	vid(&b, VID_DPD);
	vid(&b, VID_NATT_RFC3947);
	vid(&b, VID_NATT_DRAFT_03);
	vid(&b, VID_NATT_DRAFT_02N);
	vid(&b, VID_CISCO_FRAG);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
msg_mm3(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t	 ke[128], nonce[20], natd[20];

	hdr(&h, ISAKMP_EXCH_MAIN, 0, true);
	isakmp_build_init(&b, &h);
	fill(ke, sizeof(ke), 3);
	fill(nonce, sizeof(nonce), 9);
	isakmp_build_payload(&b, ISAKMP_NP_KE, ke, sizeof(ke));
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, nonce, sizeof(nonce));
	fill(natd, sizeof(natd), 1);
	isakmp_build_payload(&b, ISAKMP_NP_NATD, natd, sizeof(natd));
	fill(natd, sizeof(natd), 2);
	isakmp_build_payload(&b, ISAKMP_NP_NATD, natd, sizeof(natd));
	return isakmp_build_finish(&b, len);
}

static void
subnet_id(struct isakmp_builder *b, uint32_t a, uint32_t m)
{
	uint8_t	 d[8] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16),
		(uint8_t)(a >> 8), (uint8_t)a, (uint8_t)(m >> 24),
		(uint8_t)(m >> 16), (uint8_t)(m >> 8), (uint8_t)m };

	isakmp_build_id(b, ISAKMP_ID_IPV4_ADDR_SUBNET, 0, 0, d, 8);
}

/* Quick mode 1 as the plaintext chain after decryption (flags 0). */
static uint8_t *
msg_qm1(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t	 hash[20], nonce[16], ke[128];
	const uint8_t spi[4] = { 0x13, 0x5e, 0x76, 0xb1 };

	hdr(&h, ISAKMP_EXCH_QUICK, 0xdf3c4a28, true);
	isakmp_build_init(&b, &h);
	fill(hash, sizeof(hash), 5);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 1, ISAKMP_PROTO_ESP, spi, 4);
	isakmp_build_tr_begin(&b, 1, ESP_3DES);
	isakmp_build_attr(&b, IPSEC_ATTR_ENCAP, IPSEC_ENCAP_TUNNEL);
	isakmp_build_attr(&b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
	isakmp_build_attr(&b, IPSEC_ATTR_LIFE_DURATION, 1800);
	isakmp_build_attr(&b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_KILOBYTES);
	isakmp_build_attr_u32(&b, IPSEC_ATTR_LIFE_DURATION, 4608000);
	isakmp_build_attr(&b, IPSEC_ATTR_AUTH, IPSEC_AUTH_HMAC_SHA);
	isakmp_build_attr(&b, IPSEC_ATTR_GROUP, 2);
	isakmp_build_tr_end(&b);
	isakmp_build_tr_begin(&b, 2, ESP_AES);
	isakmp_build_attr(&b, IPSEC_ATTR_ENCAP, IPSEC_ENCAP_UDP_TUNNEL);
	isakmp_build_attr(&b, IPSEC_ATTR_KEY_LENGTH, 256);
	isakmp_build_attr(&b, IPSEC_ATTR_AUTH, IPSEC_AUTH_HMAC_SHA256);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	fill(nonce, sizeof(nonce), 11);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, nonce, sizeof(nonce));
	fill(ke, sizeof(ke), 13);
	isakmp_build_payload(&b, ISAKMP_NP_KE, ke, sizeof(ke));
	subnet_id(&b, 0x03010100, 0xffffff00);
	subnet_id(&b, 0x04010100, 0xffffff00);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
msg_info_delete(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t	 hash[20];
	const uint8_t spis[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33,
		0x44 };

	hdr(&h, ISAKMP_EXCH_INFO, 0x12345678, true);
	isakmp_build_init(&b, &h);
	fill(hash, sizeof(hash), 17);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	isakmp_build_delete(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4, spis, 2);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
msg_dpd(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t	 hash[20], spi[16];
	const uint8_t seq[4] = { 0x5b, 0x72, 0xec, 0xcd };

	hdr(&h, ISAKMP_EXCH_INFO, 1992211651u, true);
	isakmp_build_init(&b, &h);
	fill(hash, sizeof(hash), 19);
	memcpy(spi, ick, 8);
	memcpy(spi + 8, rck, 8);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, hash, sizeof(hash));
	isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP, spi, 16,
	    ISAKMP_N_R_U_THERE, seq, 4);
	return isakmp_build_finish(&b, len);
}

static uint8_t *
msg_agg1(size_t *len)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t	 ke[128], nonce[24];
	const uint8_t addr[4] = { 40, 10, 1, 1 };

	hdr(&h, ISAKMP_EXCH_AGGRESSIVE, 0, false);
	isakmp_build_init(&b, &h);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	p1_transform(&b, 1, OAKLEY_ENCR_AES, 128, OAKLEY_HASH_SHA, 2, 86400);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	fill(ke, sizeof(ke), 23);
	isakmp_build_payload(&b, ISAKMP_NP_KE, ke, sizeof(ke));
	fill(nonce, sizeof(nonce), 29);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, nonce, sizeof(nonce));
	isakmp_build_id(&b, ISAKMP_ID_IPV4_ADDR, 17, 500, addr, 4);
	vid(&b, VID_DPD);
	return isakmp_build_finish(&b, len);
}

static const struct {
	const char	*name;
	uint8_t	*(*fn)(size_t *);
} corpus[] = {
	{ "mm1", msg_mm1 },
	{ "mm1_strongswan", msg_mm1_strongswan },
	{ "mm3", msg_mm3 },
	{ "qm1", msg_qm1 },
	{ "info_delete", msg_info_delete },
	{ "dpd", msg_dpd },
	{ "agg1", msg_agg1 },
};
#define N_CORPUS	(sizeof(corpus) / sizeof(corpus[0]))

/* ---- round trips ---------------------------------------------------------- */

static void
test_roundtrip_all(void)
{
	struct isakmp_msg m;
	size_t	 len;
	uint8_t	*buf;

	for (size_t i = 0; i < N_CORPUS; i++) {
		buf = corpus[i].fn(&len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		CU_ASSERT_EQUAL(isakmp_parse(buf, len, &m), 0);
		CU_ASSERT_EQUAL(m.hdr.len, len);
		CU_ASSERT(m.n > 0);
		CU_ASSERT_EQUAL(memcmp(m.hdr.icookie, ick, 8), 0);
		free(buf);
	}
}

static void
test_mm1(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = calloc(1, sizeof(*sa));
	struct ike_p1_attrs a;
	const struct isakmp_pl *pl;
	size_t	 len;
	uint8_t	*buf = msg_mm1(&len);

	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	CU_ASSERT_EQUAL(m.hdr.exch, ISAKMP_EXCH_MAIN);
	CU_ASSERT_EQUAL(m.hdr.np, ISAKMP_NP_SA);
	CU_ASSERT_EQUAL(m.n, 4);
	CU_ASSERT_EQUAL(isakmp_count(&m, ISAKMP_NP_VID), 3);
	pl = isakmp_find(&m, ISAKMP_NP_VID);
	CU_ASSERT_EQUAL(isakmp_vid_lookup(pl->body, pl->len), VID_DPD);
	pl = isakmp_find_next(&m, pl, ISAKMP_NP_VID);
	CU_ASSERT_EQUAL(isakmp_vid_lookup(pl->body, pl->len), VID_NATT_RFC3947);
	pl = isakmp_find_next(&m, pl, ISAKMP_NP_VID);
	CU_ASSERT_EQUAL(isakmp_vid_lookup(pl->body, pl->len), VID_CISCO_UNITY);
	CU_ASSERT_PTR_NULL(isakmp_find_next(&m, pl, ISAKMP_NP_VID));

	pl = isakmp_find(&m, ISAKMP_NP_SA);
	CU_ASSERT_EQUAL_FATAL(isakmp_sa_decode(pl->body, pl->len, sa), 0);
	CU_ASSERT_EQUAL(sa->doi, ISAKMP_DOI_IPSEC);
	CU_ASSERT_EQUAL(sa->n_proposals, 1);
	CU_ASSERT_EQUAL(sa->p[0].proto, ISAKMP_PROTO_ISAKMP);
	CU_ASSERT_EQUAL(sa->p[0].n_transforms, 2);
	CU_ASSERT_EQUAL(ike_p1_attrs_decode(sa->p[0].t[0].attrs,
	    sa->p[0].t[0].attrs_len, &a), 0);
	CU_ASSERT_EQUAL(a.encr, OAKLEY_ENCR_3DES);
	CU_ASSERT_EQUAL(a.hash, OAKLEY_HASH_SHA);
	CU_ASSERT_EQUAL(a.auth, OAKLEY_AUTH_PSK);
	CU_ASSERT_EQUAL(a.group, 2);
	CU_ASSERT_EQUAL(a.life_sec, 7200);
	CU_ASSERT_EQUAL(ike_p1_attrs_decode(sa->p[0].t[1].attrs,
	    sa->p[0].t[1].attrs_len, &a), 0);
	CU_ASSERT_EQUAL(a.encr, OAKLEY_ENCR_AES);
	CU_ASSERT_EQUAL(a.keylen, 128);
	CU_ASSERT_EQUAL(a.life_sec, 86400);	/* variable-length value */
	CU_ASSERT_EQUAL(a.n_unknown, 0);
	free(sa);
	free(buf);
}

static void
test_qm1(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = calloc(1, sizeof(*sa));
	struct ipsec_p2_attrs a;
	struct isakmp_id id;
	const struct isakmp_pl *pl;
	size_t	 len;
	uint8_t	*buf = msg_qm1(&len);

	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	CU_ASSERT_EQUAL(m.hdr.msgid, 0xdf3c4a28);
	CU_ASSERT_EQUAL(m.n, 6);
	CU_ASSERT_EQUAL(m.pl[0].type, ISAKMP_NP_HASH);
	pl = isakmp_find(&m, ISAKMP_NP_SA);
	CU_ASSERT_EQUAL_FATAL(isakmp_sa_decode(pl->body, pl->len, sa), 0);
	CU_ASSERT_EQUAL(sa->p[0].proto, ISAKMP_PROTO_ESP);
	CU_ASSERT_EQUAL(sa->p[0].spi_size, 4);
	CU_ASSERT_EQUAL(sa->p[0].spi[0], 0x13);
	CU_ASSERT_EQUAL(sa->p[0].t[0].id, ESP_3DES);
	CU_ASSERT_EQUAL(ipsec_p2_attrs_decode(sa->p[0].t[0].attrs,
	    sa->p[0].t[0].attrs_len, &a), 0);
	CU_ASSERT_EQUAL(a.encap, IPSEC_ENCAP_TUNNEL);
	CU_ASSERT_EQUAL(a.life_sec, 1800);
	CU_ASSERT_EQUAL(a.life_kb, 4608000);
	CU_ASSERT_EQUAL(a.auth, IPSEC_AUTH_HMAC_SHA);
	CU_ASSERT_EQUAL(a.group, 2);
	CU_ASSERT_EQUAL(ipsec_p2_attrs_decode(sa->p[0].t[1].attrs,
	    sa->p[0].t[1].attrs_len, &a), 0);
	CU_ASSERT_EQUAL(a.encap, IPSEC_ENCAP_UDP_TUNNEL);
	CU_ASSERT_EQUAL(a.keylen, 256);
	pl = isakmp_find(&m, ISAKMP_NP_ID);
	CU_ASSERT_EQUAL_FATAL(isakmp_id_decode(pl->body, pl->len, &id), 0);
	CU_ASSERT_EQUAL(id.type, ISAKMP_ID_IPV4_ADDR_SUBNET);
	CU_ASSERT_EQUAL(id.addr, 0x03010100);
	CU_ASSERT_EQUAL(id.addr2, 0xffffff00);
	pl = isakmp_find_next(&m, pl, ISAKMP_NP_ID);
	CU_ASSERT_EQUAL_FATAL(isakmp_id_decode(pl->body, pl->len, &id), 0);
	CU_ASSERT_EQUAL(id.addr, 0x04010100);
	free(sa);
	free(buf);
}

static void
test_notify_delete(void)
{
	struct isakmp_msg m;
	struct isakmp_notify n;
	struct isakmp_delete d;
	const struct isakmp_pl *pl;
	uint32_t seq;
	size_t	 len;
	uint8_t	*buf = msg_dpd(&len);

	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	pl = isakmp_find(&m, ISAKMP_NP_N);
	CU_ASSERT_EQUAL_FATAL(isakmp_notify_decode(pl->body, pl->len, &n), 0);
	CU_ASSERT_EQUAL(n.type, ISAKMP_N_R_U_THERE);
	CU_ASSERT_EQUAL(n.spi_size, 16);
	CU_ASSERT(isakmp_notify_dpd_seq(&n, &seq));
	CU_ASSERT_EQUAL(seq, 0x5B72ECCD);
	CU_ASSERT_STRING_EQUAL(isakmp_notify_name(n.type), "DPD/R_U_THERE");
	free(buf);

	buf = msg_info_delete(&len);
	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	pl = isakmp_find(&m, ISAKMP_NP_D);
	CU_ASSERT_EQUAL_FATAL(isakmp_delete_decode(pl->body, pl->len, &d), 0);
	CU_ASSERT_EQUAL(d.n_spi, 2);
	CU_ASSERT_EQUAL(isakmp_delete_spi32(&d, 0), 0xaabbccdd);
	CU_ASSERT_EQUAL(isakmp_delete_spi32(&d, 1), 0x11223344);
	CU_ASSERT_EQUAL(isakmp_delete_spi32(&d, 2), 0);
	free(buf);
}

/* RESPONDER-LIFETIME carries IPsec attributes. */
static void
test_responder_lifetime(void)
{
	struct isakmp_builder b, a;
	struct isakmp_hdr h;
	struct isakmp_msg m;
	struct isakmp_notify n;
	uint64_t sec, kb;
	uint8_t	*attrs, *buf;
	size_t	 alen, len;
	const uint8_t spi[4] = { 1, 2, 3, 4 };

	isakmp_build_init_chain(&a);
	isakmp_build_attr(&a, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
	isakmp_build_attr(&a, IPSEC_ATTR_LIFE_DURATION, 3600);
	isakmp_build_attr(&a, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_KILOBYTES);
	isakmp_build_attr(&a, IPSEC_ATTR_LIFE_DURATION, 4608000);
	attrs = isakmp_build_finish(&a, &alen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(attrs);
	hdr(&h, ISAKMP_EXCH_QUICK, 7, true);
	isakmp_build_init(&b, &h);
	isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, spi, 4,
	    ISAKMP_N_RESPONDER_LIFETIME, attrs, alen);
	buf = isakmp_build_finish(&b, &len);
	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	CU_ASSERT_EQUAL(isakmp_notify_decode(m.pl[0].body, m.pl[0].len, &n), 0);
	CU_ASSERT_EQUAL(isakmp_notify_lifetime(&n, &sec, &kb), 0);
	CU_ASSERT_EQUAL(sec, 3600);
	CU_ASSERT_EQUAL(kb, 4608000);
	free(attrs);
	free(buf);
}

/* A hand-encoded informational delete: the builder's bytes exactly. */
static void
test_vector(void)
{
	static const uint8_t want[] = {
		1, 2, 3, 4, 5, 6, 7, 8,
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		12, 0x10, 5, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 48,
		0, 0, 0, 20, 0, 0, 0, 1, 3, 4, 0, 2,
		0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33, 0x44,
	};
	struct isakmp_builder b;
	struct isakmp_hdr h;
	const uint8_t spis[8] = { 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33,
		0x44 };
	size_t	 len;
	uint8_t	*buf;

	hdr(&h, ISAKMP_EXCH_INFO, 0x12345678, true);
	isakmp_build_init(&b, &h);
	isakmp_build_delete(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4, spis, 2);
	buf = isakmp_build_finish(&b, &len);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(buf, want, len), 0);
	free(buf);
}

/* SA with two proposals (ESP + AH bundle, same number), as a builder
 * produces Next Payload links for proposals and transforms. */
static void
test_proposal_links(void)
{
	struct isakmp_builder b;
	struct isakmp_sa *sa = calloc(1, sizeof(*sa));
	const uint8_t spi[4] = { 9, 9, 9, 9 };
	size_t	 len;
	uint8_t	*buf;

	isakmp_build_init_chain(&b);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 1, ISAKMP_PROTO_ESP, spi, 4);
	isakmp_build_tr_begin(&b, 1, ESP_AES);
	isakmp_build_attr(&b, IPSEC_ATTR_KEY_LENGTH, 128);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_prop_begin(&b, 1, ISAKMP_PROTO_AH, spi, 4);
	isakmp_build_tr_begin(&b, 1, AH_SHA);
	isakmp_build_attr(&b, IPSEC_ATTR_AUTH, IPSEC_AUTH_HMAC_SHA);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	buf = isakmp_build_finish(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL(b.first_np, ISAKMP_NP_SA);
	CU_ASSERT_EQUAL(buf[0], 0);	/* SA is the last payload */
	CU_ASSERT_EQUAL(buf[12], ISAKMP_NP_P);	/* first proposal -> next */
	CU_ASSERT_EQUAL(isakmp_sa_decode(buf + 4, len - 4, sa), 0);
	CU_ASSERT_EQUAL(sa->n_proposals, 2);
	CU_ASSERT_EQUAL(sa->p[1].proto, ISAKMP_PROTO_AH);
	free(sa);
	free(buf);
}

/* ---- debug text ----------------------------------------------------------- */

static void
attr_text(const uint8_t *a, size_t n, bool p1, char *out, size_t len)
{
	struct isakmp_attr at;

	CU_ASSERT_EQUAL(isakmp_attr_next(&a, &n, &at), 1);
	if (p1)
		ike_p1_attr_text(&at, out, len);
	else
		ipsec_p2_attr_text(&at, out, len);
}

static void
test_attr_text(void)
{
	static const uint8_t encr[] = { 0x80, 1, 0, 5 };
	static const uint8_t grp[] = { 0x80, 4, 0, 2 };
	static const uint8_t life[] = { 0x80, 12, 0x1c, 0x20 };
	static const uint8_t vlife[] = { 0, 2, 0, 4, 0, 0x46, 0x50, 0 };
	static const uint8_t encap[] = { 0x80, 4, 0, 1 };
	static const uint8_t auth[] = { 0x80, 5, 0, 2 };
	char	 buf[128];

	attr_text(encr, sizeof(encr), true, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "encryption 3DES-CBC");
	attr_text(grp, sizeof(grp), true, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "default group 2");
	attr_text(life, sizeof(life), true, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "life duration (basic) of 7200");
	attr_text(vlife, sizeof(vlife), false, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "SA life duration (VPI) of  0x0 0x46 0x50 0x0 ");
	attr_text(encap, sizeof(encap), false, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "encaps is 1 (Tunnel)");
	attr_text(auth, sizeof(auth), false, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "authenticator is HMAC-SHA");
}

static void
test_print(void)
{
	struct isakmp_msg m;
	struct strbuf sb = STRBUF_INIT;
	size_t	 len;
	uint8_t	*buf = msg_qm1(&len);

	CU_ASSERT_EQUAL_FATAL(isakmp_parse(buf, len, &m), 0);
	isakmp_print(&m, &sb);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb), "Exchange Type: Quick Mode\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb),
	    "    Proposal #1: PROTO_IPSEC_ESP, SPI size 4, 2 transforms, SPI 0x135E76B1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb), "      Transform #1: ESP_3DES\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb), "          encaps is 1 (Tunnel)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb), "    Address: 3.1.1.0/255.255.255.0\n"));
	sb_free(&sb);
	free(buf);
}

/* Each vendor id is the MD5 of its well-known string. */
static void
md5(const char *s, uint8_t out[16])
{
	unsigned n = 16;

	EVP_Digest(s, strlen(s), out, &n, EVP_md5(), NULL);
}

static void
test_vids(void)
{
	uint8_t	 d[16];

	md5("RFC 3947", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_natt_rfc3947, 16), 0);
	md5("draft-ietf-ipsec-nat-t-ike-02", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_natt_draft02, 16), 0);
	md5("draft-ietf-ipsec-nat-t-ike-02\n", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_natt_draft02n, 16), 0);
	md5("draft-ietf-ipsec-nat-t-ike-03", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_natt_draft03, 16), 0);
	md5("CISCO-UNITY", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_cisco_unity, 14), 0);
	md5("FRAGMENTATION", d);
	CU_ASSERT_EQUAL(memcmp(d, isakmp_vid_cisco_frag, 16), 0);
	CU_ASSERT_EQUAL(isakmp_vid_lookup(isakmp_vid_xauth, 8), VID_XAUTH);
	CU_ASSERT_STRING_EQUAL(isakmp_vid_name(VID_DPD), "DPD");
	CU_ASSERT_EQUAL(isakmp_vid_lookup(d, 3), VID_UNKNOWN);
}

/* ---- malformed input --------------------------------------------------- */

/* A message of header + one payload of type t with body b[0..n). */
static size_t
one(uint8_t *out, uint8_t t, const uint8_t *body, size_t n)
{
	struct isakmp_hdr h;

	hdr(&h, ISAKMP_EXCH_MAIN, 0, false);
	h.np = t;
	h.len = (uint32_t)(ISAKMP_HDR_LEN + 4 + n);
	isakmp_hdr_encode(&h, out);
	out[28] = 0;
	out[29] = 0;
	out[30] = (uint8_t)((n + 4) >> 8);
	out[31] = (uint8_t)(n + 4);
	memcpy(out + 32, body, n);
	return ISAKMP_HDR_LEN + 4 + n;
}

static int
parse_err(const uint8_t *buf, size_t len)
{
	struct isakmp_msg m;
	int	 rc = isakmp_parse(buf, len, &m);

	CU_ASSERT(rc <= 0);
	CU_ASSERT_EQUAL(m.err, -rc);
	return -rc;
}

/* SA body with one proposal/transform; then corrupt it. */
static size_t
sa_body(uint8_t *out, uint8_t proto, uint8_t spisz)
{
	struct isakmp_builder b;
	uint8_t	 spi[16] = { 0 }, *p;
	size_t	 len;

	isakmp_build_init_chain(&b);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, 1, proto, spi, spisz);
	isakmp_build_tr_begin(&b, 1, 1);
	isakmp_build_attr(&b, 1, 5);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	p = isakmp_build_finish(&b, &len);
	memcpy(out, p + 4, len - 4);
	free(p);
	return len - 4;
}

static void
test_errors_header(void)
{
	uint8_t	 buf[2048], body[64];
	size_t	 n;
	char	 text[128];

	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(parse_err(buf, 10), ISAKMP_E_SHORT);
	CU_ASSERT_EQUAL(parse_err(NULL, 0), ISAKMP_E_SHORT);

	memset(body, 0, sizeof(body));
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[17] = 0x20;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_VERSION);
	n = one(buf, ISAKMP_NP_VID, body, 4);
	CU_ASSERT_EQUAL(parse_err(buf, n - 1), ISAKMP_E_HDR_LENGTH);
	buf[27] = 20;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_HDR_LENGTH);

	/* generic header cut: header says 30 bytes */
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[27] = 30;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_TRUNC);
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[31] = 3;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_LENGTH);
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[31] = 200;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_LENGTH);
	n = one(buf, 99, body, 4);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_TYPE);
	n = one(buf, ISAKMP_NP_T, body, 4);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_TYPE);
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[28] = 77;		/* next payload unknown */
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_TYPE);

	/* the seed 004 message: reserved not zero on ID payload */
	body[0] = ISAKMP_ID_IPV4_ADDR;
	n = one(buf, ISAKMP_NP_ID, body, 8);
	buf[29] = 0x5a;
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_RESERVED);
	{
		struct isakmp_msg m;

		isakmp_parse(buf, n, &m);
		isakmp_error_text(m.err, m.err_type, text, sizeof(text));
		CU_ASSERT_STRING_EQUAL(text, "reserved not zero on ID payload!");
		CU_ASSERT_EQUAL(isakmp_err_notify(m.err),
		    ISAKMP_N_PAYLOAD_MALFORMED);
	}
	n = one(buf, ISAKMP_NP_ID, body, 2);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_PAYLOAD_SIZE);
	n = one(buf, ISAKMP_NP_NONCE, body, 4);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_NONCE_LENGTH);
	n = one(buf, ISAKMP_NP_KE, body, 0);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_KE_LENGTH);
	n = one(buf, ISAKMP_NP_CERT, body, 0);
	CU_ASSERT_EQUAL(parse_err(buf, n), ISAKMP_E_CERT_LENGTH);

	/* trailing bytes inside the header length */
	n = one(buf, ISAKMP_NP_VID, body, 4);
	buf[27] = (uint8_t)(n + 3);
	CU_ASSERT_EQUAL(parse_err(buf, n + 3), ISAKMP_E_TRAILING);
	/* ...but a longer datagram is fine */
	n = one(buf, ISAKMP_NP_VID, body, 4);
	CU_ASSERT_EQUAL(parse_err(buf, n + 5), 0);

	/* 33 payloads */
	{
		struct isakmp_builder b;
		struct isakmp_hdr h;
		uint8_t *p;

		hdr(&h, ISAKMP_EXCH_MAIN, 0, false);
		isakmp_build_init(&b, &h);
		for (int i = 0; i < ISAKMP_MAX_PAYLOADS + 1; i++)
			vid(&b, VID_DPD);
		p = isakmp_build_finish(&b, &n);
		CU_ASSERT_EQUAL(parse_err(p, n), ISAKMP_E_TOO_MANY);
		free(p);
	}
}

static void
test_errors_payloads(void)
{
	struct isakmp_sa *sa = calloc(1, sizeof(*sa));
	struct isakmp_id id;
	struct isakmp_notify no;
	struct isakmp_delete d;
	struct isakmp_attr at;
	struct ike_p1_attrs p1;
	uint8_t	 b[256];
	const uint8_t *p;
	size_t	 n, left;

	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), 0);
	b[3] = 2;
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_SA_DOI);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[7] = 2;
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_SA_SITUATION);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[8] = ISAKMP_NP_ID;	/* proposal's next payload */
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_PROPOSAL_SYNTAX);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, 8, sa), -ISAKMP_E_PROPOSAL_SYNTAX);
	n = sa_body(b, ISAKMP_PROTO_ESP, 3);
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_PROPOSAL_SPI);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[16] = ISAKMP_NP_KE;	/* transform's next payload */
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_TRANSFORM_SYNTAX);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[15] = 2;		/* # transforms */
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_TRANSFORM_COUNT);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[24] = 0x00;		/* attribute becomes TLV of length 5 */
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_ATTR_SYNTAX);
	n = sa_body(b, ISAKMP_PROTO_ISAKMP, 0);
	b[17] = 1;		/* transform reserved */
	CU_ASSERT_EQUAL(isakmp_sa_decode(b, n, sa), -ISAKMP_E_RESERVED);

	{	/* variable encryption attribute of 6 bytes */
		static const uint8_t v[] = { 0, 1, 0, 6, 0, 0, 0, 0, 0, 5 };

		CU_ASSERT_EQUAL(ike_p1_attrs_decode(v, sizeof(v), &p1),
		    -ISAKMP_E_ATTR_VALUE);
		p = v;
		left = 3;
		CU_ASSERT_EQUAL(isakmp_attr_next(&p, &left, &at),
		    -ISAKMP_E_ATTR_SYNTAX);
	}
	{	/* life duration of 9 bytes */
		static const uint8_t v[] = { 0x80, 11, 0, 1, 0, 12, 0, 9,
			1, 2, 3, 4, 5, 6, 7, 8, 9 };

		CU_ASSERT_EQUAL(ike_p1_attrs_decode(v, sizeof(v), &p1),
		    -ISAKMP_E_ATTR_VALUE);
	}

	memset(b, 0, sizeof(b));
	b[0] = 42;
	CU_ASSERT_EQUAL(isakmp_id_decode(b, 8, &id), -ISAKMP_E_ID_TYPE);
	b[0] = ISAKMP_ID_IPV4_ADDR;
	CU_ASSERT_EQUAL(isakmp_id_decode(b, 7, &id), -ISAKMP_E_ID_LENGTH);
	b[0] = ISAKMP_ID_FQDN;
	CU_ASSERT_EQUAL(isakmp_id_decode(b, 4, &id), -ISAKMP_E_ID_LENGTH);

	memset(b, 0, sizeof(b));
	b[5] = 16;		/* notify SPI size past the end */
	CU_ASSERT_EQUAL(isakmp_notify_decode(b, 12, &no), -ISAKMP_E_NOTIFY_SPI);
	b[5] = 4;
	CU_ASSERT_EQUAL(isakmp_notify_decode(b, 12, &no), 0);
	CU_ASSERT_EQUAL(no.data_len, 0);

	memset(b, 0, sizeof(b));
	b[5] = 4;
	b[7] = 3;		/* 3 SPIs announced, 2 present */
	CU_ASSERT_EQUAL(isakmp_delete_decode(b, 16, &d), -ISAKMP_E_DELETE_SPI);
	b[7] = 2;
	CU_ASSERT_EQUAL(isakmp_delete_decode(b, 16, &d), 0);
	free(sa);
}

/* Every error code has its own text. */
static void
test_error_texts(void)
{
	for (int i = 1; i < ISAKMP_E_MAX; i++) {
		CU_ASSERT_STRING_NOT_EQUAL(isakmp_strerror(-i), "unknown error");
		for (int j = 1; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(isakmp_strerror(i),
			    isakmp_strerror(j));
	}
	CU_ASSERT_STRING_EQUAL(isakmp_strerror(ISAKMP_E_MAX), "unknown error");
}

/* Truncating any valid message anywhere never crashes and is rejected
 * (or, for the header length, ignored beyond). */
static void
test_truncations(void)
{
	struct isakmp_msg m;

	for (size_t i = 0; i < N_CORPUS; i++) {
		size_t	 len;
		uint8_t	*buf = corpus[i].fn(&len);

		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *c = malloc(cut ? cut : 1);

			memcpy(c, buf, cut);
			CU_ASSERT(isakmp_parse(c, cut, &m) < 0);
			/* same bytes with the length patched: chain errors */
			if (cut >= ISAKMP_HDR_LEN) {
				isakmp_set_length(c, (uint32_t)cut);
				if (cut < len)
					CU_ASSERT(isakmp_parse(c, cut, &m) < 0);
			}
			free(c);
		}
		free(buf);
	}
}

static int
write_corpus(const char *dir)
{
	char	 path[1024];

	for (size_t i = 0; i < N_CORPUS; i++) {
		size_t	 len;
		uint8_t	*buf = corpus[i].fn(&len);
		FILE	*f;

		snprintf(path, sizeof(path), "%s/%s", dir, corpus[i].name);
		if ((f = fopen(path, "wb")) == NULL) {
			perror(path);
			return 1;
		}
		fwrite(buf, 1, len, f);
		fclose(f);
		free(buf);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	CU_pSuite s;
	unsigned nf;

	if (argc == 3 && strcmp(argv[1], "corpus") == 0)
		return write_corpus(argv[2]);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("isakmp", NULL, NULL);
	CU_add_test(s, "round trips", test_roundtrip_all);
	CU_add_test(s, "main mode 1", test_mm1);
	CU_add_test(s, "quick mode 1", test_qm1);
	CU_add_test(s, "notify and delete", test_notify_delete);
	CU_add_test(s, "responder lifetime", test_responder_lifetime);
	CU_add_test(s, "hand vector", test_vector);
	CU_add_test(s, "proposal links", test_proposal_links);
	CU_add_test(s, "attribute text", test_attr_text);
	CU_add_test(s, "packet print", test_print);
	CU_add_test(s, "vendor ids", test_vids);
	CU_add_test(s, "header errors", test_errors_header);
	CU_add_test(s, "payload errors", test_errors_payloads);
	CU_add_test(s, "error texts", test_error_texts);
	CU_add_test(s, "truncations", test_truncations);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	return nf ? 1 : 0;
}
