/* Fuzz target: the GDOI payload decoders (gdoi/gdoi_codec.c).  The bytes
 * are parsed as an ISAKMP message (and, as after decryption, the bytes
 * after the header as a padded chain); each SA, KD, SEQ, ID and Delete
 * payload goes through its GDOI decoder; the bytes are also fed to each
 * decoder directly.  Whatever decodes is encoded again and must decode
 * again with the same shape (abort otherwise: a codec bug).  Decoded SATs
 * also go through the GM's policy mapping (gdoi/gdoi_policy.c: SAT ->
 * ACE -> SAT must give the same selector), and ID payloads through the
 * key server's identity printer (gdoi/gdoi_authz.c, DER DNs). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "isakmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gdoi_sa sa, sa2;
static struct gdoi_kd kd, kd2;

/* A SAT as the GM reads it (an ACE) and back as the KS writes it: the
 * ACE must survive (the SAT itself may differ: port 0 ranges etc.). */
static void
policy_roundtrip(const struct gdoi_sat *t)
{
	struct acl_entry_view v, v2;
	struct gdoi_sat t2;

	gdoi_sat_to_ace(t, &v);
	if (v.sport_lo > v.sport_hi || v.dport_lo > v.dport_hi)
		abort();
	memset(&t2, 0, sizeof(t2));
	gdoi_ace_to_sat(&v, &t2);
	gdoi_sat_to_ace(&t2, &v2);
	if (v2.permit != v.permit || v2.proto != v.proto ||
	    v2.src != (v.src & ~v.src_wild) || v2.src_wild != v.src_wild ||
	    v2.dst != (v.dst & ~v.dst_wild) || v2.dst_wild != v.dst_wild)
		abort();
	if ((v.proto == 6 || v.proto == 17) && (v2.sport_lo != v.sport_lo ||
	    v2.sport_hi != v.sport_hi || v2.dport_lo != v.dport_lo ||
	    v2.dport_hi != v.dport_hi))
		abort();
}

static void
sa_roundtrip(const uint8_t *body, size_t len)
{
	struct isakmp_builder b;
	uint8_t	*out;
	size_t	 n;
	unsigned flags;

	if (gdoi_sa_decode(body, len, &sa) != 0)
		return;
	flags = sa.n_tek > 0 && sa.tek[0].id_len1 ? GDOI_ENC_SAT_ID_LEN1 : 0;
	for (int i = 1; i < sa.n_tek; i++)
		if (sa.tek[i].id_len1 != (flags != 0))
			return;		/* mixed widths: not re-encodable */
	isakmp_build_init_chain(&b);
	gdoi_build_sa(&b, &sa, flags);
	if ((out = isakmp_build_finish(&b, &n)) == NULL)
		return;
	if (n < ISAKMP_GEN_LEN || gdoi_sa_decode(out + ISAKMP_GEN_LEN,
	    n - ISAKMP_GEN_LEN, &sa2) != 0 || sa2.n_tek != sa.n_tek ||
	    sa2.has_sak != sa.has_sak || sa2.has_gap != sa.has_gap)
		abort();
	for (int i = 0; i < sa.n_tek; i++) {
		const struct gdoi_sat *x = &sa.tek[i], *y = &sa2.tek[i];

		if (y->spi != x->spi || y->life_sec != x->life_sec ||
		    y->deny != x->deny || y->replay_window != x->replay_window ||
		    y->has_sport_range != x->has_sport_range ||
		    y->sport_lo != x->sport_lo || y->sport_hi != x->sport_hi ||
		    y->has_dport_range != x->has_dport_range ||
		    y->dport_lo != x->dport_lo || y->dport_hi != x->dport_hi)
			abort();
		policy_roundtrip(x);
	}
	free(out);
}

static void
kd_roundtrip(const uint8_t *body, size_t len)
{
	struct isakmp_builder b;
	uint8_t	*out;
	size_t	 n;

	if (gdoi_kd_decode(body, len, &kd) != 0)
		return;
	isakmp_build_init_chain(&b);
	gdoi_build_kd(&b, &kd);
	if ((out = isakmp_build_finish(&b, &n)) == NULL)
		return;
	if (n < ISAKMP_GEN_LEN || gdoi_kd_decode(out + ISAKMP_GEN_LEN,
	    n - ISAKMP_GEN_LEN, &kd2) != 0 || kd2.n != kd.n)
		abort();
	for (int i = 0; i < kd.n; i++)
		if (kd2.pkt[i].type != kd.pkt[i].type ||
		    kd2.pkt[i].alg_key_len != kd.pkt[i].alg_key_len)
			abort();
	free(out);
}

static void
one(uint8_t type, const uint8_t *body, size_t len)
{
	struct gdoi_group_id g;
	struct gdoi_delete d;
	uint32_t seq;
	const uint8_t *iv, *key;
	size_t	 ivl, kl;
	char	 text[256];

	switch (type) {
	case ISAKMP_NP_SA:
		sa_roundtrip(body, len);
		break;
	case ISAKMP_NP_KD:
		kd_roundtrip(body, len);
		for (int i = 0; i < kd.n; i++) {
			(void)gdoi_kek_split(&kd.pkt[i], GDOI_KEK_ALG_AES, &iv,
			    &ivl, &key, &kl);
			(void)gdoi_keypkt_spi32(&kd.pkt[i]);
		}
		break;
	case ISAKMP_NP_SEQ:
		(void)gdoi_seq_decode(body, len, &seq);
		break;
	case ISAKMP_NP_ID:
		(void)gdoi_id_group_decode(body, len, &g);
		gdoi_id_text(body, len, text, sizeof(text));
		break;
	case ISAKMP_NP_D:
		if (gdoi_delete_decode(body, len, &d) == 0)
			for (int i = 0; i < d.n_spi; i++)
				(void)gdoi_delete_spi32(&d, i);
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isakmp_msg m;
	struct gdoi_sak k;
	struct gdoi_sat t;
	struct gdoi_gap g;
	int	 rc;

	rc = isakmp_parse(data, size, &m);
	(void)gdoi_strerror(rc);
	for (int i = 0; rc == 0 && i < m.n; i++)
		one(m.pl[i].type, m.pl[i].body, m.pl[i].len);
	if (size > ISAKMP_HDR_LEN &&
	    isakmp_parse_chain(&m, data[16], data + ISAKMP_HDR_LEN,
	    size - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN, true) == 0)
		for (int i = 0; i < m.n; i++)
			one(m.pl[i].type, m.pl[i].body, m.pl[i].len);
	/* Raw bytes into each body decoder. */
	sa_roundtrip(data, size);
	kd_roundtrip(data, size);
	(void)gdoi_sak_decode(data, size, &k);
	(void)gdoi_sat_decode(data, size, &t);
	(void)gdoi_gap_decode(data, size, &g);
	if (gdoi_sat_decode(data, size, &t) == 0)
		policy_roundtrip(&t);
	return 0;
}
