/* Fuzz target: the ISAKMP decoder.  The bytes are parsed as a whole
 * message (and, as the IKE engine does after decrypting, the bytes after
 * the header as a padded payload chain); every payload found goes through
 * its typed decoder, transform attributes through both attribute decoders
 * and their debug text, and the message through the packet printer. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isakmp.h"
#include "strbuf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct isakmp_sa sa;

static void
attrs(const uint8_t *p, size_t n)
{
	struct isakmp_attr a;
	struct ike_p1_attrs p1;
	struct ipsec_p2_attrs p2;
	const uint8_t *q = p;
	size_t	 left = n;
	char	 buf[128];

	(void)ike_p1_attrs_decode(p, n, &p1);
	(void)ipsec_p2_attrs_decode(p, n, &p2);
	while (isakmp_attr_next(&q, &left, &a) > 0) {
		ike_p1_attr_text(&a, buf, sizeof(buf));
		ipsec_p2_attr_text(&a, buf, sizeof(buf));
	}
}

static void
payloads(const struct isakmp_msg *m)
{
	for (int i = 0; i < m->n; i++) {
		const struct isakmp_pl *pl = &m->pl[i];
		struct isakmp_id id;
		struct isakmp_notify n;
		struct isakmp_delete d;
		struct isakmp_cert c;
		uint64_t s, k;
		uint32_t seq;

		switch (pl->type) {
		case ISAKMP_NP_SA:
			if (isakmp_sa_decode(pl->body, pl->len, &sa) == 0)
				for (int j = 0; j < sa.n_proposals; j++)
					for (int t = 0; t < sa.p[j].n_transforms;
					    t++)
						attrs(sa.p[j].t[t].attrs,
						    sa.p[j].t[t].attrs_len);
			break;
		case ISAKMP_NP_ID:
			(void)isakmp_id_decode(pl->body, pl->len, &id);
			break;
		case ISAKMP_NP_N:
			if (isakmp_notify_decode(pl->body, pl->len, &n) == 0) {
				(void)isakmp_notify_dpd_seq(&n, &seq);
				(void)isakmp_notify_lifetime(&n, &s, &k);
			}
			break;
		case ISAKMP_NP_D:
			if (isakmp_delete_decode(pl->body, pl->len, &d) == 0)
				for (int j = 0; j < d.n_spi; j++)
					(void)isakmp_delete_spi32(&d, j);
			break;
		case ISAKMP_NP_CERT:
		case ISAKMP_NP_CR:
			(void)isakmp_cert_decode(pl->body, pl->len, &c);
			break;
		case ISAKMP_NP_VID:
			(void)isakmp_vid_name(isakmp_vid_lookup(pl->body,
			    pl->len));
			break;
		default:
			break;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isakmp_msg m;
	struct strbuf sb = STRBUF_INIT;
	char	 text[128];
	int	 rc;

	rc = isakmp_parse(data, size, &m);
	if (rc < 0)
		isakmp_error_text(rc, m.err_type, text, sizeof(text));
	payloads(&m);
	isakmp_print(&m, &sb);
	if (size > ISAKMP_HDR_LEN) {
		(void)isakmp_parse_chain(&m, data[16], data + ISAKMP_HDR_LEN,
		    size - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN, true);
		payloads(&m);
		for (int i = 0; i < m.n; i++)
			isakmp_print_payload(&m.pl[i], data[18], &sb);
	}
	sb_free(&sb);
	return 0;
}
