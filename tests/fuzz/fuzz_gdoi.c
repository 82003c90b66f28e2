/* Fuzz target: the GDOI payload decoders (gdoi/gdoi_codec.c).  The bytes
 * are parsed as an ISAKMP message (and, as after decryption, the bytes
 * after the header as a padded chain); each SA, KD, SEQ, ID and Delete
 * payload goes through its GDOI decoder; the bytes are also fed to each
 * decoder directly.  Whatever decodes is encoded again and must decode
 * again with the same shape (abort otherwise: a codec bug). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdoi_codec.h"
#include "isakmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gdoi_sa sa, sa2;
static struct gdoi_kd kd, kd2;

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
	for (int i = 0; i < sa.n_tek; i++)
		if (sa2.tek[i].spi != sa.tek[i].spi ||
		    sa2.tek[i].life_sec != sa.tek[i].life_sec)
			abort();
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
	return 0;
}
