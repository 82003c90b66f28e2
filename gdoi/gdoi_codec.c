/* GDOI payload codec (RFC 6407) over the ISAKMP codec.  Layouts and
 * numbers: /work/shared/research/gdoi-wire.md §1-§4 (cited per function). */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "gdoi_codec.h"

/* ---- errors ----------------------------------------------------------- */

static const char *const errtext[GDOI_E_MAX] = {
	[GDOI_OK] = "no error",
	[GDOI_E_SA_SHORT] = "GDOI SA payload too short",
	[GDOI_E_SA_DOI] = "GDOI SA DOI is not GDOI",
	[GDOI_E_SA_SITUATION] = "GDOI SA situation not supported",
	[GDOI_E_SA_RESERVED] = "GDOI SA reserved field not zero",
	[GDOI_E_SA_NEXT] = "GDOI SA attribute payload type invalid",
	[GDOI_E_NEST_TRUNC] = "GDOI SA attribute payload header truncated",
	[GDOI_E_NEST_LENGTH] = "GDOI SA attribute payload length invalid",
	[GDOI_E_NEST_RESERVED] = "GDOI SA attribute payload reserved not zero",
	[GDOI_E_NEST_TYPE] = "GDOI SA attribute payload type unknown",
	[GDOI_E_NEST_ORDER] = "GDOI SA attribute payloads out of order",
	[GDOI_E_NEST_TRAILING] = "GDOI SA payload has trailing bytes",
	[GDOI_E_TOO_MANY_TEKS] = "too many SA TEK payloads",
	[GDOI_E_SAK_SHORT] = "SA KEK payload too short",
	[GDOI_E_SAK_ID] = "SA KEK ID runs past the payload",
	[GDOI_E_ID_TYPE] = "ID type not supported",
	[GDOI_E_ID_LENGTH] = "ID data length wrong for its type",
	[GDOI_E_SAT_SHORT] = "SA TEK payload too short",
	[GDOI_E_SAT_PROTO] = "SA TEK protocol not supported",
	[GDOI_E_SAT_ID] = "SA TEK ID lengths do not add up",
	[GDOI_E_ATTR_SYNTAX] = "attribute runs past its payload",
	[GDOI_E_ATTR_VALUE] = "attribute value has a bad size",
	[GDOI_E_GAP_ATTR] = "GAP attribute not basic",
	[GDOI_E_KD_SHORT] = "KD payload too short",
	[GDOI_E_KD_RESERVED] = "KD reserved field not zero",
	[GDOI_E_KD_COUNT] = "KD key packet count disagrees with the payload",
	[GDOI_E_KD_TOO_MANY] = "too many KD key packets",
	[GDOI_E_KD_PKT_TRUNC] = "KD key packet header truncated",
	[GDOI_E_KD_PKT_LENGTH] = "KD key packet length invalid",
	[GDOI_E_KD_TYPE] = "KD key packet type unknown",
	[GDOI_E_KD_SPI_SIZE] = "KD key packet SPI size invalid",
	[GDOI_E_KD_ATTR] = "KD key attribute invalid",
	[GDOI_E_KD_KEY_MISSING] = "KD key packet without its key",
	[GDOI_E_SEQ_LENGTH] = "SEQ payload length invalid",
	[GDOI_E_ID_GROUP] = "group ID payload invalid",
	[GDOI_E_DEL_SHORT] = "DELETE payload too short",
	[GDOI_E_DEL_DOI] = "DELETE DOI is not GDOI",
	[GDOI_E_DEL_SPI] = "DELETE SPI size or count invalid",
	[GDOI_E_NOMEM] = "out of memory",
};

const char *
gdoi_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= GDOI_E_MAX || errtext[err] == NULL)
		return "unknown error";
	return errtext[err];
}

/* ---- IDs --------------------------------------------------------------- */

void
gdoi_id_addr(struct gdoi_id *id, uint32_t addr, uint16_t port)
{
	memset(id, 0, sizeof(*id));
	id->type = ISAKMP_ID_IPV4_ADDR;
	id->port = port;
	id->len = 4;
	id->addr = addr;
}

void
gdoi_id_subnet(struct gdoi_id *id, uint32_t addr, uint32_t mask,
    uint16_t port)
{
	memset(id, 0, sizeof(*id));
	id->type = ISAKMP_ID_IPV4_ADDR_SUBNET;
	id->port = port;
	id->len = 8;
	id->addr = addr;
	id->addr2 = mask;
}

/* Data length an ID type needs (RFC 2407 4.6.2.1); 0 for unknown. */
static uint16_t
id_need(uint8_t type)
{
	switch (type) {
	case ISAKMP_ID_IPV4_ADDR:
		return 4;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
	case ISAKMP_ID_IPV4_ADDR_RANGE:
		return 8;
	case ISAKMP_ID_IPV6_ADDR:
		return 16;
	case ISAKMP_ID_IPV6_ADDR_SUBNET:
	case ISAKMP_ID_IPV6_ADDR_RANGE:
		return 32;
	default:
		return 0;
	}
}

/* Check data against the type and fill the IPv4 fields. */
static int
id_finish(struct gdoi_id *id)
{
	uint16_t need = id_need(id->type);

	if (need == 0)
		return -GDOI_E_ID_TYPE;
	if (id->len != need)
		return -GDOI_E_ID_LENGTH;
	if (need == 4 || need == 8)
		id->addr = rd32(id->data);
	if (need == 8)
		id->addr2 = rd32(id->data + 4);
	return 0;
}

/* Type(1) Port(2) Len(lw) Data(len) at p[*off..n).  -1: does not fit. */
static int
id_take(const uint8_t *p, size_t n, size_t *off, int lw, struct gdoi_id *id)
{
	size_t	 o = *off;

	memset(id, 0, sizeof(*id));
	if (n - o < (size_t)(3 + lw))
		return -1;
	id->type = p[o];
	id->port = rd16(p + o + 1);
	id->len = lw == 2 ? rd16(p + o + 3) : p[o + 3];
	o += 3 + (size_t)lw;
	if (id->len > n - o)
		return -1;
	id->data = p + o;
	*off = o + id->len;
	return 0;
}

/* Encode an ID: IPv4 forms from addr/addr2, others from data/len. */
static void
put_id(struct isakmp_builder *b, const struct gdoi_id *id, int lw)
{
	uint8_t	 v[8];
	uint16_t len = id->len;
	const uint8_t *data = id->data;

	if (id->type == ISAKMP_ID_IPV4_ADDR ||
	    id->type == ISAKMP_ID_IPV4_ADDR_SUBNET ||
	    id->type == ISAKMP_ID_IPV4_ADDR_RANGE) {
		wr32(v, id->addr);
		wr32(v + 4, id->addr2);
		len = id->type == ISAKMP_ID_IPV4_ADDR ? 4 : 8;
		data = v;
	}
	if (lw == 1 && len > 0xff) {
		b->failed = true;
		return;
	}
	isakmp_build_put8(b, id->type);
	isakmp_build_put16(b, id->port);
	if (lw == 2)
		isakmp_build_put16(b, len);
	else
		isakmp_build_put8(b, (uint8_t)len);
	isakmp_build_put(b, data, len);
}

/* ---- attributes ------------------------------------------------------- */

/* Next attribute, mapping the ISAKMP codes to ours. */
static int
attr_next(const uint8_t **p, size_t *left, struct isakmp_attr *a)
{
	int rc = isakmp_attr_next(p, left, a);

	if (rc < 0)
		return rc == -ISAKMP_E_ATTR_VALUE ? -GDOI_E_ATTR_VALUE :
		    -GDOI_E_ATTR_SYNTAX;
	return rc;
}

/* A numeric attribute: basic, or variable of 1..max bytes. */
static int
attr_num(const struct isakmp_attr *a, size_t max, uint64_t *v)
{
	if (!a->basic && (a->len == 0 || a->len > max))
		return -GDOI_E_ATTR_VALUE;
	*v = a->num;
	return 0;
}

/* ---- SAK (§2.2) --------------------------------------------------------- */

static int
kek_attrs(const uint8_t *p, size_t n, struct gdoi_sak *k)
{
	struct isakmp_attr a;
	uint16_t *dst;
	uint64_t v;
	int	 rc;

	while ((rc = attr_next(&p, &n, &a)) > 0) {
		dst = NULL;
		switch (a.type) {
		case GDOI_KEK_MANAGEMENT_ALGORITHM:
			dst = &k->mgmt_alg;
			break;
		case GDOI_KEK_ALGORITHM:
			dst = &k->kek_alg;
			break;
		case GDOI_KEK_KEY_LENGTH:
			dst = &k->kek_keylen;
			break;
		case GDOI_KEK_KEY_LIFETIME:
			/* REF sends it basic, DigiCert as a 4-byte V. */
			if ((rc = attr_num(&a, 4, &v)) < 0)
				return rc;
			k->kek_lifetime = (uint32_t)v;
			continue;
		case GDOI_SIG_HASH_ALGORITHM:
			dst = &k->sig_hash;
			break;
		case GDOI_SIG_ALGORITHM:
			dst = &k->sig_alg;
			break;
		case GDOI_SIG_KEY_LENGTH:
			dst = &k->sig_keylen;
			break;
		case GDOI_KEK_ACK_REQUESTED:
			dst = &k->ack_requested;
			break;
		default:
			k->n_unknown++;
			continue;
		}
		if ((rc = attr_num(&a, 2, &v)) < 0)
			return rc;
		*dst = (uint16_t)v;
	}
	return rc;
}

int
gdoi_sak_decode(const uint8_t *body, size_t len, struct gdoi_sak *k)
{
	size_t	 off = 1;
	int	 rc;

	memset(k, 0, sizeof(*k));
	/* Protocol + two smallest IDs (type, port, 1-byte len) + SPI + POP. */
	if (body == NULL || len < 1 + 4 + 4 + GDOI_KEK_SPI_LEN + 4)
		return -GDOI_E_SAK_SHORT;
	k->proto = body[0];
	if (id_take(body, len, &off, 1, &k->src) < 0 ||
	    id_take(body, len, &off, 1, &k->dst) < 0)
		return -GDOI_E_SAK_ID;
	if ((rc = id_finish(&k->src)) < 0 || (rc = id_finish(&k->dst)) < 0)
		return rc;
	if (len - off < GDOI_KEK_SPI_LEN + 4)
		return -GDOI_E_SAK_SHORT;
	memcpy(k->spi, body + off, GDOI_KEK_SPI_LEN);
	off += GDOI_KEK_SPI_LEN;
	k->pop_alg = rd16(body + off);
	k->pop_keylen = rd16(body + off + 2);
	off += 4;
	return kek_attrs(body + off, len - off, k);
}

static void
build_sak(struct isakmp_builder *b, const struct gdoi_sak *k)
{
	isakmp_build_put8(b, k->proto);
	put_id(b, &k->src, 1);
	put_id(b, &k->dst, 1);
	isakmp_build_put(b, k->spi, GDOI_KEK_SPI_LEN);
	isakmp_build_put16(b, k->pop_alg);
	isakmp_build_put16(b, k->pop_keylen);
	if (k->mgmt_alg)
		isakmp_build_attr(b, GDOI_KEK_MANAGEMENT_ALGORITHM, k->mgmt_alg);
	if (k->kek_alg)
		isakmp_build_attr(b, GDOI_KEK_ALGORITHM, k->kek_alg);
	if (k->kek_keylen)
		isakmp_build_attr(b, GDOI_KEK_KEY_LENGTH, k->kek_keylen);
	if (k->kek_lifetime)
		isakmp_build_attr_u32(b, GDOI_KEK_KEY_LIFETIME,
		    k->kek_lifetime);
	if (k->sig_hash)
		isakmp_build_attr(b, GDOI_SIG_HASH_ALGORITHM, k->sig_hash);
	if (k->sig_alg)
		isakmp_build_attr(b, GDOI_SIG_ALGORITHM, k->sig_alg);
	if (k->sig_keylen)
		isakmp_build_attr(b, GDOI_SIG_KEY_LENGTH, k->sig_keylen);
	if (k->ack_requested)
		isakmp_build_attr(b, GDOI_KEK_ACK_REQUESTED, k->ack_requested);
}

/* ---- GAP (§2.6) --------------------------------------------------------- */

int
gdoi_gap_decode(const uint8_t *body, size_t len, struct gdoi_gap *g)
{
	struct isakmp_attr a;
	int	 rc;

	memset(g, 0, sizeof(*g));
	if (body == NULL && len > 0)
		return -GDOI_E_ATTR_SYNTAX;
	while ((rc = attr_next(&body, &len, &a)) > 0) {
		if (!a.basic)
			return -GDOI_E_GAP_ATTR;
		switch (a.type) {
		case GDOI_GAP_ACTIVATION_TIME_DELAY:
			g->activation_delay = (uint16_t)a.num;
			break;
		case GDOI_GAP_DEACTIVATION_TIME_DELAY:
			g->deactivation_delay = (uint16_t)a.num;
			break;
		case GDOI_GAP_SENDER_ID_REQUEST:
			g->sender_id_request = (uint16_t)a.num;
			break;
		default:
			g->n_unknown++;
			break;
		}
	}
	return rc;
}

static void
build_gap(struct isakmp_builder *b, const struct gdoi_gap *g)
{
	if (g->activation_delay)
		isakmp_build_attr(b, GDOI_GAP_ACTIVATION_TIME_DELAY,
		    g->activation_delay);
	if (g->deactivation_delay)
		isakmp_build_attr(b, GDOI_GAP_DEACTIVATION_TIME_DELAY,
		    g->deactivation_delay);
	if (g->sender_id_request)
		isakmp_build_attr(b, GDOI_GAP_SENDER_ID_REQUEST,
		    g->sender_id_request);
}

/* ---- SAT (§2.3) --------------------------------------------------------- */

/* A port range attribute: exactly 4 bytes, low <= high. */
static int
port_range(const struct isakmp_attr *a, struct gdoi_sat *t)
{
	uint16_t lo, hi;

	if (a->basic || a->len != 4)
		return -GDOI_E_ATTR_VALUE;
	lo = rd16(a->val);
	hi = rd16(a->val + 2);
	if (lo > hi)
		return -GDOI_E_ATTR_VALUE;
	if (a->type == GDOI_ATTR_SRC_PORT_RANGE) {
		t->has_sport_range = true;
		t->sport_lo = lo;
		t->sport_hi = hi;
	} else {
		t->has_dport_range = true;
		t->dport_lo = lo;
		t->dport_hi = hi;
	}
	return 0;
}

static int
tek_attrs(const uint8_t *p, size_t n, struct gdoi_sat *t)
{
	struct isakmp_attr a;
	uint16_t *dst;
	uint64_t v;
	int	 rc, life_type = 0;

	while ((rc = attr_next(&p, &n, &a)) > 0) {
		dst = NULL;
		switch (a.type) {
		case IPSEC_ATTR_LIFE_TYPE:
			if ((rc = attr_num(&a, 2, &v)) < 0)
				return rc;
			life_type = (int)v;
			continue;
		case IPSEC_ATTR_LIFE_DURATION:
			if ((rc = attr_num(&a, 8, &v)) < 0)
				return rc;
			if (v > UINT32_MAX)
				v = UINT32_MAX;
			if (life_type == IKE_LIFE_SECONDS)
				t->life_sec = (uint32_t)v;
			else if (life_type == IKE_LIFE_KILOBYTES)
				t->life_kb = (uint32_t)v;
			else
				t->n_unknown++;
			life_type = 0;
			continue;
		case GDOI_ATTR_TBAR_PSEUDOTIME:
			if (a.basic || a.len != 4)
				return -GDOI_E_ATTR_VALUE;
			t->has_pseudotime = true;
			t->pseudotime = (uint32_t)a.num;
			continue;
		case GDOI_ATTR_TBAR_ENABLE:
			if ((rc = attr_num(&a, 2, &v)) < 0)
				return rc;
			t->tbar = v != 0;
			continue;
		case GDOI_ATTR_ACE_ACTION:
			if ((rc = attr_num(&a, 2, &v)) < 0)
				return rc;
			if (v != GDOI_ACE_PERMIT && v != GDOI_ACE_DENY)
				return -GDOI_E_ATTR_VALUE;
			t->deny = v == GDOI_ACE_DENY;
			continue;
		case GDOI_ATTR_SRC_PORT_RANGE:
		case GDOI_ATTR_DST_PORT_RANGE:
			if ((rc = port_range(&a, t)) < 0)
				return rc;
			continue;
		case GDOI_ATTR_REPLAY_COUNTER:
			dst = &t->replay_window;
			break;
		case IPSEC_ATTR_ENCAP:
			dst = &t->encap;
			break;
		case IPSEC_ATTR_AUTH:
			dst = &t->auth;
			break;
		case IPSEC_ATTR_KEY_LENGTH:
			dst = &t->keylen;
			break;
		case GDOI_IPSEC_ATTR_ADDR_PRESERVATION:
			dst = &t->addr_preservation;
			break;
		case GDOI_IPSEC_ATTR_SA_DIRECTION:
			dst = &t->sa_direction;
			break;
		case GDOI_ATTR_TBAR_WINDOW:
			dst = &t->tbar_window;
			break;
		default:
			t->n_unknown++;
			continue;
		}
		if ((rc = attr_num(&a, 2, &v)) < 0)
			return rc;
		*dst = (uint16_t)v;
	}
	return rc;
}

/* One layout attempt: lw = width of the ID Data Len fields. */
static int
sat_try(const uint8_t *body, size_t len, int lw, struct gdoi_sat *t)
{
	size_t	 off = 2;
	int	 rc;

	memset(t, 0, sizeof(*t));
	t->prot_id = body[0];
	t->ip_proto = body[1];
	t->id_len1 = lw == 1;
	if (id_take(body, len, &off, lw, &t->src) < 0 ||
	    id_take(body, len, &off, lw, &t->dst) < 0)
		return -GDOI_E_SAT_ID;
	if (len - off < 1 + 4)
		return -GDOI_E_SAT_ID;
	if ((rc = id_finish(&t->src)) < 0 || (rc = id_finish(&t->dst)) < 0)
		return rc;
	t->transform = body[off];
	t->spi = rd32(body + off + 1);
	off += 5;
	return tek_attrs(body + off, len - off, t);
}

int
gdoi_sat_decode(const uint8_t *body, size_t len, struct gdoi_sat *t)
{
	int	 rc;

	memset(t, 0, sizeof(*t));
	/* Protocol-ID, protocol, two 1-byte-length IDs, transform, SPI. */
	if (body == NULL || len < 2 + 4 + 4 + 1 + 4)
		return -GDOI_E_SAT_SHORT;
	if (body[0] != GDOI_PROTO_IPSEC_ESP)
		return -GDOI_E_SAT_PROTO;
	/* §0.4: 2-byte lengths (Wireshark, DigiCert) first, then the
	 * 1-byte form of the Cisco reference code. */
	if ((rc = sat_try(body, len, 2, t)) == 0)
		return 0;
	if (sat_try(body, len, 1, t) == 0)
		return 0;
	/* Report the 2-byte attempt's reason unless it was only a fit. */
	if (rc != -GDOI_E_SAT_ID)
		(void)sat_try(body, len, 2, t);
	return rc;
}

static void
build_sat(struct isakmp_builder *b, const struct gdoi_sat *t, unsigned flags)
{
	int	 lw = (flags & GDOI_ENC_SAT_ID_LEN1) ? 1 : 2;
	uint8_t	 v[4];

	isakmp_build_put8(b, t->prot_id ? t->prot_id : GDOI_PROTO_IPSEC_ESP);
	isakmp_build_put8(b, t->ip_proto);
	put_id(b, &t->src, lw);
	put_id(b, &t->dst, lw);
	isakmp_build_put8(b, t->transform);
	isakmp_build_put32(b, t->spi);
	/* Attribute order of the reference traces (§2.3: "80040002
	 * 80050002 80010001 8002003c"): encap, auth, life, then key length
	 * and the RFC 6407 and private ones. */
	if (t->encap)
		isakmp_build_attr(b, IPSEC_ATTR_ENCAP, t->encap);
	if (t->auth)
		isakmp_build_attr(b, IPSEC_ATTR_AUTH, t->auth);
	if (t->life_sec) {
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_DURATION, t->life_sec);
	}
	if (t->life_kb) {
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_KILOBYTES);
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_DURATION, t->life_kb);
	}
	if (t->keylen)
		isakmp_build_attr(b, IPSEC_ATTR_KEY_LENGTH, t->keylen);
	if (t->addr_preservation)
		isakmp_build_attr(b, GDOI_IPSEC_ATTR_ADDR_PRESERVATION,
		    t->addr_preservation);
	if (t->sa_direction)
		isakmp_build_attr(b, GDOI_IPSEC_ATTR_SA_DIRECTION,
		    t->sa_direction);
	if (t->tbar) {
		isakmp_build_attr(b, GDOI_ATTR_TBAR_ENABLE, 1);
		isakmp_build_attr(b, GDOI_ATTR_TBAR_WINDOW, t->tbar_window);
	}
	if (t->has_pseudotime) {
		wr32(v, t->pseudotime);
		isakmp_build_attr_var(b, GDOI_ATTR_TBAR_PSEUDOTIME, v, 4);
	}
	if (t->replay_window)
		isakmp_build_attr(b, GDOI_ATTR_REPLAY_COUNTER, t->replay_window);
	if (t->deny)
		isakmp_build_attr(b, GDOI_ATTR_ACE_ACTION, GDOI_ACE_DENY);
	if (t->has_sport_range) {
		wr16(v, t->sport_lo);
		wr16(v + 2, t->sport_hi);
		isakmp_build_attr_var(b, GDOI_ATTR_SRC_PORT_RANGE, v, 4);
	}
	if (t->has_dport_range) {
		wr16(v, t->dport_lo);
		wr16(v + 2, t->dport_hi);
		isakmp_build_attr_var(b, GDOI_ATTR_DST_PORT_RANGE, v, 4);
	}
}

/* ---- SA (§2.1) ---------------------------------------------------------- */

#define SA_FIXED	12	/* DOI, situation, attr-next, RESERVED2 */

int
gdoi_sa_decode(const uint8_t *body, size_t len, struct gdoi_sa *sa)
{
	uint8_t	 type;
	size_t	 off = SA_FIXED;
	int	 rc, stage = 0;	/* 0 none, 1 SAK seen, 2 GAP seen, 3 SAT */

	memset(sa, 0, sizeof(*sa));
	if (body == NULL || len < SA_FIXED)
		return -GDOI_E_SA_SHORT;
	sa->doi = rd32(body);
	sa->situation = rd32(body + 4);
	if (sa->doi != GDOI_DOI)
		return -GDOI_E_SA_DOI;
	if (sa->situation != GDOI_SITUATION)
		return -GDOI_E_SA_SITUATION;
	/* The attribute-next field is 2 bytes; its high byte must be 0. */
	if (body[8] != 0)
		return -GDOI_E_SA_NEXT;
	if (rd16(body + 10) != 0)
		return -GDOI_E_SA_RESERVED;
	type = sa->attr_next = body[9];
	if (type != ISAKMP_NP_NONE && type != ISAKMP_NP_SAK &&
	    type != ISAKMP_NP_GAP && type != ISAKMP_NP_SAT)
		return -GDOI_E_SA_NEXT;
	while (type != ISAKMP_NP_NONE) {
		const uint8_t *pb;
		uint16_t plen;

		if (len - off < ISAKMP_GEN_LEN)
			return -GDOI_E_NEST_TRUNC;
		plen = rd16(body + off + 2);
		if (plen < ISAKMP_GEN_LEN || plen > len - off)
			return -GDOI_E_NEST_LENGTH;
		if (body[off + 1] != 0)
			return -GDOI_E_NEST_RESERVED;
		pb = body + off + ISAKMP_GEN_LEN;
		switch (type) {
		case ISAKMP_NP_SAK:
			if (stage >= 1)
				return -GDOI_E_NEST_ORDER;
			stage = 1;
			sa->has_sak = true;
			rc = gdoi_sak_decode(pb, plen - ISAKMP_GEN_LEN,
			    &sa->sak);
			break;
		case ISAKMP_NP_GAP:
			if (stage >= 2)
				return -GDOI_E_NEST_ORDER;
			stage = 2;
			sa->has_gap = true;
			rc = gdoi_gap_decode(pb, plen - ISAKMP_GEN_LEN,
			    &sa->gap);
			break;
		case ISAKMP_NP_SAT:
			stage = 3;
			if (sa->n_tek == GDOI_MAX_TEKS)
				return -GDOI_E_TOO_MANY_TEKS;
			rc = gdoi_sat_decode(pb, plen - ISAKMP_GEN_LEN,
			    &sa->tek[sa->n_tek]);
			if (rc == 0)
				sa->n_tek++;
			break;
		default:
			return -GDOI_E_NEST_TYPE;
		}
		if (rc < 0)
			return rc;
		type = body[off];
		off += plen;
	}
	if (off != len)
		return -GDOI_E_NEST_TRAILING;
	return 0;
}

/* Nested payloads inside the open SA: the builder's generic machinery
 * links only top-level payloads, so the chain is linked here. */
struct nest {
	size_t	 sa_off;	/* SA generic header */
	size_t	 prev;		/* previous nested header, or 0 */
	size_t	 cur;		/* open nested header */
};

static void
nest_begin(struct isakmp_builder *b, struct nest *n, uint8_t type)
{
	if (!b->failed) {
		if (n->prev != 0)
			b->buf[n->prev] = type;
		else
			b->buf[n->sa_off + ISAKMP_GEN_LEN + 9] = type;
	}
	n->cur = b->len;
	isakmp_build_put8(b, ISAKMP_NP_NONE);
	isakmp_build_put8(b, 0);
	isakmp_build_put16(b, 0);
}

static void
nest_end(struct isakmp_builder *b, struct nest *n)
{
	size_t	 plen = b->len - n->cur;

	if (b->failed)
		return;
	if (plen > 0xffff) {
		b->failed = true;
		return;
	}
	wr16(b->buf + n->cur + 2, (uint16_t)plen);
	n->prev = n->cur;
}

void
gdoi_build_sa(struct isakmp_builder *b, const struct gdoi_sa *sa,
    unsigned flags)
{
	struct nest n = { 0, 0, 0 };

	isakmp_build_begin(b, ISAKMP_NP_SA);
	n.sa_off = b->len - ISAKMP_GEN_LEN;
	isakmp_build_put32(b, GDOI_DOI);
	isakmp_build_put32(b, GDOI_SITUATION);
	isakmp_build_put16(b, ISAKMP_NP_NONE);	/* attr-next, set below */
	isakmp_build_put16(b, 0);
	if (sa->has_sak) {
		nest_begin(b, &n, ISAKMP_NP_SAK);
		build_sak(b, &sa->sak);
		nest_end(b, &n);
	}
	if (sa->has_gap) {
		nest_begin(b, &n, ISAKMP_NP_GAP);
		build_gap(b, &sa->gap);
		nest_end(b, &n);
	}
	for (int i = 0; i < sa->n_tek && i < GDOI_MAX_TEKS; i++) {
		nest_begin(b, &n, ISAKMP_NP_SAT);
		build_sat(b, &sa->tek[i], flags);
		nest_end(b, &n);
	}
	isakmp_build_end(b);
}

/* ---- KD (§2.4) ---------------------------------------------------------- */

static int
keypkt_attrs(const uint8_t *p, size_t n, struct gdoi_keypkt *k)
{
	struct isakmp_attr a;
	int	 rc;

	if (k->type == GDOI_KD_LKH || k->type == GDOI_KD_SID) {
		/* Kept raw: GETVPN uses neither; still bounds-checked. */
		k->raw = p;
		k->raw_len = (uint16_t)n;
		while ((rc = attr_next(&p, &n, &a)) > 0)
			;
		return rc;
	}
	while ((rc = attr_next(&p, &n, &a)) > 0) {
		if (a.basic || a.len == 0)
			return -GDOI_E_KD_ATTR;
		if (k->type == GDOI_KD_TEK) {
			switch (a.type) {
			case GDOI_KD_TEK_ALGORITHM_KEY:
				k->alg_key = a.val;
				k->alg_key_len = a.len;
				break;
			case GDOI_KD_TEK_INTEGRITY_KEY:
				k->int_key = a.val;
				k->int_key_len = a.len;
				break;
			case GDOI_KD_TEK_SOURCE_AUTH_KEY:
				k->src_auth_key = a.val;
				k->src_auth_key_len = a.len;
				break;
			default:
				k->n_unknown++;
				break;
			}
		} else {
			switch (a.type) {
			case GDOI_KD_KEK_ALGORITHM_KEY:
				k->alg_key = a.val;
				k->alg_key_len = a.len;
				break;
			case GDOI_KD_KEK_SIG_ALGORITHM_KEY:
				k->sig_key = a.val;
				k->sig_key_len = a.len;
				break;
			default:
				k->n_unknown++;
				break;
			}
		}
	}
	if (rc < 0)
		return rc;
	if (k->alg_key == NULL)
		return -GDOI_E_KD_KEY_MISSING;
	return 0;
}

int
gdoi_kd_decode(const uint8_t *body, size_t len, struct gdoi_kd *kd)
{
	size_t	 off = 4;
	uint16_t npkt;
	int	 rc;

	memset(kd, 0, sizeof(*kd));
	if (body == NULL || len < 4)
		return -GDOI_E_KD_SHORT;
	npkt = rd16(body);
	if (rd16(body + 2) != 0)
		return -GDOI_E_KD_RESERVED;
	if (npkt > GDOI_MAX_KEYPKTS)
		return -GDOI_E_KD_TOO_MANY;
	for (int i = 0; i < npkt; i++) {
		struct gdoi_keypkt *k = &kd->pkt[i];
		uint16_t plen;
		size_t	 hdr;

		if (len - off < 5)
			return off == len ? -GDOI_E_KD_COUNT :
			    -GDOI_E_KD_PKT_TRUNC;
		k->type = body[off];
		plen = rd16(body + off + 2);
		k->spi_size = body[off + 4];
		if (plen > len - off)
			return -GDOI_E_KD_PKT_LENGTH;
		switch (k->type) {
		case GDOI_KD_TEK:
			if (k->spi_size != GDOI_TEK_SPI_LEN)
				return -GDOI_E_KD_SPI_SIZE;
			break;
		case GDOI_KD_KEK:
			if (k->spi_size != GDOI_KEK_SPI_LEN)
				return -GDOI_E_KD_SPI_SIZE;
			break;
		case GDOI_KD_LKH:
		case GDOI_KD_SID:
			if (k->spi_size > GDOI_KEK_SPI_LEN)
				return -GDOI_E_KD_SPI_SIZE;
			break;
		default:
			return -GDOI_E_KD_TYPE;
		}
		hdr = 5 + (size_t)k->spi_size;
		if (plen < hdr)
			return -GDOI_E_KD_PKT_LENGTH;
		memcpy(k->spi, body + off + 5, k->spi_size);
		if ((rc = keypkt_attrs(body + off + hdr, plen - hdr, k)) < 0)
			return rc;
		off += plen;
		kd->n = i + 1;
	}
	if (off != len)
		return -GDOI_E_KD_COUNT;
	return 0;
}

void
gdoi_keypkt_tek(struct gdoi_keypkt *k, uint32_t spi, const uint8_t *key,
    uint16_t key_len, const uint8_t *ikey, uint16_t ikey_len)
{
	memset(k, 0, sizeof(*k));
	k->type = GDOI_KD_TEK;
	k->spi_size = GDOI_TEK_SPI_LEN;
	wr32(k->spi, spi);
	k->alg_key = key;
	k->alg_key_len = key_len;
	k->int_key = ikey;
	k->int_key_len = ikey_len;
}

void
gdoi_keypkt_kek(struct gdoi_keypkt *k, const uint8_t spi[16],
    const uint8_t *iv_key, uint16_t iv_key_len, const uint8_t *spki,
    uint16_t spki_len)
{
	memset(k, 0, sizeof(*k));
	k->type = GDOI_KD_KEK;
	k->spi_size = GDOI_KEK_SPI_LEN;
	memcpy(k->spi, spi, GDOI_KEK_SPI_LEN);
	k->alg_key = iv_key;
	k->alg_key_len = iv_key_len;
	k->sig_key = spki;
	k->sig_key_len = spki_len;
}

static void
put_key_attr(struct isakmp_builder *b, uint16_t type, const uint8_t *v,
    uint16_t len)
{
	if (v != NULL && len > 0)
		isakmp_build_attr_var(b, type, v, len);
}

void
gdoi_build_kd(struct isakmp_builder *b, const struct gdoi_kd *kd)
{
	isakmp_build_begin(b, ISAKMP_NP_KD);
	isakmp_build_put16(b, (uint16_t)kd->n);
	isakmp_build_put16(b, 0);
	for (int i = 0; i < kd->n && i < GDOI_MAX_KEYPKTS; i++) {
		const struct gdoi_keypkt *k = &kd->pkt[i];
		size_t	 at = b->len;

		isakmp_build_put8(b, k->type);
		isakmp_build_put8(b, 0);
		isakmp_build_put16(b, 0);		/* length, below */
		isakmp_build_put8(b, k->spi_size);
		isakmp_build_put(b, k->spi, k->spi_size);
		put_key_attr(b, 1, k->alg_key, k->alg_key_len);
		if (k->type == GDOI_KD_TEK) {
			put_key_attr(b, GDOI_KD_TEK_INTEGRITY_KEY, k->int_key,
			    k->int_key_len);
			put_key_attr(b, GDOI_KD_TEK_SOURCE_AUTH_KEY,
			    k->src_auth_key, k->src_auth_key_len);
		} else if (k->type == GDOI_KD_KEK)
			put_key_attr(b, GDOI_KD_KEK_SIG_ALGORITHM_KEY,
			    k->sig_key, k->sig_key_len);
		else if (k->raw != NULL)
			isakmp_build_put(b, k->raw, k->raw_len);
		if (!b->failed) {
			if (b->len - at > 0xffff)
				b->failed = true;
			else
				wr16(b->buf + at + 2, (uint16_t)(b->len - at));
		}
	}
	isakmp_build_end(b);
}

size_t
gdoi_kek_iv_len(uint16_t kek_alg)
{
	switch (kek_alg) {
	case GDOI_KEK_ALG_DES:
	case GDOI_KEK_ALG_3DES:
		return 8;
	case GDOI_KEK_ALG_AES:
		return 16;
	default:
		return 0;
	}
}

bool
gdoi_kek_split(const struct gdoi_keypkt *k, uint16_t kek_alg,
    const uint8_t **iv, size_t *iv_len, const uint8_t **key, size_t *key_len)
{
	size_t	 ivl = gdoi_kek_iv_len(kek_alg);

	if (k->type != GDOI_KD_KEK || ivl == 0 || k->alg_key == NULL ||
	    k->alg_key_len <= ivl)
		return false;
	*iv = k->alg_key;
	*iv_len = ivl;
	*key = k->alg_key + ivl;
	*key_len = k->alg_key_len - ivl;
	return true;
}

uint32_t
gdoi_keypkt_spi32(const struct gdoi_keypkt *k)
{
	return k->spi_size == 4 ? rd32(k->spi) : 0;
}

/* ---- SEQ, group ID, Delete ---------------------------------------------- */

int
gdoi_seq_decode(const uint8_t *body, size_t len, uint32_t *seq)
{
	if (body == NULL || len != 4)
		return -GDOI_E_SEQ_LENGTH;
	*seq = rd32(body);
	return 0;
}

void
gdoi_build_seq(struct isakmp_builder *b, uint32_t seq)
{
	uint8_t	 v[4];

	wr32(v, seq);
	isakmp_build_payload(b, ISAKMP_NP_SEQ, v, 4);
}

int
gdoi_id_group_decode(const uint8_t *body, size_t len,
    struct gdoi_group_id *g)
{
	memset(g, 0, sizeof(*g));
	/* Type, protocol 0, port 0, then 4 bytes (§2.8). */
	if (body == NULL || len != 8)
		return -GDOI_E_ID_GROUP;
	if (body[0] != ISAKMP_ID_KEY_ID && body[0] != ISAKMP_ID_IPV4_ADDR)
		return -GDOI_E_ID_GROUP;
	g->type = body[0];
	g->value = rd32(body + 4);
	return 0;
}

void
gdoi_build_id_group(struct isakmp_builder *b, const struct gdoi_group_id *g)
{
	uint8_t	 v[4];

	wr32(v, g->value);
	isakmp_build_id(b, g->type, 0, 0, v, 4);
}

int
gdoi_delete_decode(const uint8_t *body, size_t len, struct gdoi_delete *d)
{
	memset(d, 0, sizeof(*d));
	if (body == NULL || len < 8)
		return -GDOI_E_DEL_SHORT;
	if (rd32(body) != GDOI_DOI)
		return -GDOI_E_DEL_DOI;
	d->proto = body[4];
	d->spi_size = body[5];
	d->n_spi = rd16(body + 6);
	d->spis = body + 8;
	switch (d->proto) {
	case 0:		/* KEK */
		if (d->spi_size != GDOI_KEK_SPI_LEN)
			return -GDOI_E_DEL_SPI;
		break;
	case GDOI_PROTO_IPSEC_ESP:
	case GDOI_PROTO_IPSEC_AH:
		if (d->spi_size != GDOI_TEK_SPI_LEN)
			return -GDOI_E_DEL_SPI;
		break;
	default:
		return -GDOI_E_DEL_SPI;
	}
	if (d->n_spi == 0 || (size_t)d->n_spi * d->spi_size != len - 8)
		return -GDOI_E_DEL_SPI;
	return 0;
}

uint32_t
gdoi_delete_spi32(const struct gdoi_delete *d, int i)
{
	if (d->spi_size != 4 || i < 0 || i >= d->n_spi)
		return 0;
	return rd32(d->spis + 4 * i);
}

void
gdoi_build_delete_tek(struct isakmp_builder *b, uint8_t proto,
    const uint32_t *spis, uint16_t n)
{
	isakmp_build_begin(b, ISAKMP_NP_D);
	isakmp_build_put32(b, GDOI_DOI);
	isakmp_build_put8(b, proto);
	isakmp_build_put8(b, GDOI_TEK_SPI_LEN);
	isakmp_build_put16(b, n);
	for (uint16_t i = 0; i < n; i++)
		isakmp_build_put32(b, spis[i]);
	isakmp_build_end(b);
}

void
gdoi_build_delete_kek(struct isakmp_builder *b,
    const uint8_t spi[GDOI_KEK_SPI_LEN])
{
	isakmp_build_delete(b, GDOI_DOI, 0, GDOI_KEK_SPI_LEN, spi, 1);
}

/* ---- PUSH signature input (§4.2) ---------------------------------------- */

uint8_t *
gdoi_push_sig_input(const uint8_t *msg, size_t len, size_t sig_pl_len,
    size_t *out_len)
{
	static const char prefix[] = "rekey";
	size_t	 plen = sizeof(prefix) - 1;
	uint8_t	*out;

	*out_len = 0;
	if (msg == NULL || len < ISAKMP_HDR_LEN ||
	    len + sig_pl_len > UINT32_MAX)
		return NULL;
	if ((out = malloc(plen + len)) == NULL)
		return NULL;
	memcpy(out, prefix, plen);
	memcpy(out + plen, msg, len);
	out[plen + 19] |= ISAKMP_FLAG_E;
	wr32(out + plen + 24, (uint32_t)(len + sig_pl_len));
	*out_len = plen + len;
	return out;
}

/* ---- names --------------------------------------------------------------- */

const char *
gdoi_kd_type_name(uint8_t type)
{
	switch (type) {
	case GDOI_KD_TEK:
		return "TEK";
	case GDOI_KD_KEK:
		return "KEK";
	case GDOI_KD_LKH:
		return "LKH";
	case GDOI_KD_SID:
		return "SID";
	default:
		return "UNKNOWN";
	}
}

const char *
gdoi_kek_alg_name(uint16_t alg)
{
	switch (alg) {
	case GDOI_KEK_ALG_DES:
		return "DES";
	case GDOI_KEK_ALG_3DES:
		return "3DES";
	case GDOI_KEK_ALG_AES:
		return "AES";
	default:
		return "UNKNOWN";
	}
}
