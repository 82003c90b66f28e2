/* ISAKMP codec: header, payload chain, typed payload decoders, builder.
 * Every read is checked against the length of its container first. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "isakmp.h"

/* ---- header ------------------------------------------------------------ */

int
isakmp_hdr_decode(const uint8_t *buf, size_t len, struct isakmp_hdr *h)
{
	if (buf == NULL || len < ISAKMP_HDR_LEN)
		return -ISAKMP_E_SHORT;
	memcpy(h->icookie, buf, ISAKMP_COOKIE_LEN);
	memcpy(h->rcookie, buf + 8, ISAKMP_COOKIE_LEN);
	h->np = buf[16];
	h->version = buf[17];
	h->exch = buf[18];
	h->flags = buf[19];
	h->msgid = rd32(buf + 20);
	h->len = rd32(buf + 24);
	if ((h->version >> 4) != 1)
		return -ISAKMP_E_VERSION;
	if (h->len < ISAKMP_HDR_LEN || h->len > len)
		return -ISAKMP_E_HDR_LENGTH;
	return 0;
}

void
isakmp_hdr_encode(const struct isakmp_hdr *h, uint8_t out[ISAKMP_HDR_LEN])
{
	memcpy(out, h->icookie, ISAKMP_COOKIE_LEN);
	memcpy(out + 8, h->rcookie, ISAKMP_COOKIE_LEN);
	out[16] = h->np;
	out[17] = h->version;
	out[18] = h->exch;
	out[19] = h->flags;
	wr32(out + 20, h->msgid);
	wr32(out + 24, h->len);
}

void
isakmp_set_length(uint8_t *msg, uint32_t len)
{
	wr32(msg + 24, len);
}

/* ---- payload chain ----------------------------------------------------- */

/* Payload types that may appear in a top-level chain. */
static bool
known_top(uint8_t t)
{
	if (t == ISAKMP_NP_P || t == ISAKMP_NP_T)
		return false;
	return (t >= ISAKMP_NP_SA && t <= ISAKMP_NP_GAP) ||
	    t == ISAKMP_NP_NATD_DRAFT || t == ISAKMP_NP_NATOA_DRAFT ||
	    t == ISAKMP_NP_FRAG;
}

/* Smallest and largest body a payload type may have. */
static bool
size_ok(uint8_t t, size_t len, int *err)
{
	size_t min = 0;

	switch (t) {
	case ISAKMP_NP_SA:
		min = 8;		/* DOI + situation */
		break;
	case ISAKMP_NP_KE:
		if (len == 0) {
			*err = ISAKMP_E_KE_LENGTH;
			return false;
		}
		return true;
	case ISAKMP_NP_ID:
		min = 4;
		break;
	case ISAKMP_NP_CERT:
	case ISAKMP_NP_CR:
		if (len < 1) {
			*err = ISAKMP_E_CERT_LENGTH;
			return false;
		}
		return true;
	case ISAKMP_NP_NONCE:
		if (len < 8 || len > 256) {
			*err = ISAKMP_E_NONCE_LENGTH;
			return false;
		}
		return true;
	case ISAKMP_NP_N:
		min = 8;
		break;
	case ISAKMP_NP_D:
		min = 8;
		break;
	case ISAKMP_NP_HASH:
	case ISAKMP_NP_SIG:
	case ISAKMP_NP_NATD:
	case ISAKMP_NP_NATD_DRAFT:
		min = 1;
		break;
	case ISAKMP_NP_NATOA:
	case ISAKMP_NP_NATOA_DRAFT:
		min = 4;
		break;
	default:
		break;
	}
	if (len < min) {
		*err = ISAKMP_E_PAYLOAD_SIZE;
		return false;
	}
	return true;
}

static int
fail(struct isakmp_msg *m, int err, uint8_t type)
{
	m->err = err;
	m->err_type = type;
	return -err;
}

int
isakmp_parse_chain(struct isakmp_msg *m, uint8_t first, const uint8_t *buf,
    size_t len, size_t base, bool allow_pad)
{
	uint8_t	 type = first;
	size_t	 off = 0;
	int	 err;

	m->n = 0;
	m->err = 0;
	m->err_type = 0;
	while (type != ISAKMP_NP_NONE) {
		struct isakmp_pl *pl;
		uint16_t plen;

		if (!known_top(type))
			return fail(m, ISAKMP_E_PAYLOAD_TYPE, type);
		if (len - off < ISAKMP_GEN_LEN)
			return fail(m, ISAKMP_E_PAYLOAD_TRUNC, type);
		plen = rd16(buf + off + 2);
		if (plen < ISAKMP_GEN_LEN || plen > len - off)
			return fail(m, ISAKMP_E_PAYLOAD_LENGTH, type);
		if (buf[off + 1] != 0)
			return fail(m, ISAKMP_E_RESERVED, type);
		if (!size_ok(type, plen - ISAKMP_GEN_LEN, &err))
			return fail(m, err, type);
		if (m->n == ISAKMP_MAX_PAYLOADS)
			return fail(m, ISAKMP_E_TOO_MANY, type);
		pl = &m->pl[m->n++];
		pl->type = type;
		pl->np = buf[off];
		pl->body = buf + off + ISAKMP_GEN_LEN;
		pl->len = plen - ISAKMP_GEN_LEN;
		pl->off = base + off;
		type = buf[off];
		off += plen;
	}
	if (off != len && !allow_pad)
		return fail(m, ISAKMP_E_TRAILING, 0);
	return 0;
}

int
isakmp_parse(const uint8_t *buf, size_t len, struct isakmp_msg *m)
{
	int	 rc;

	memset(&m->hdr, 0, sizeof(m->hdr));
	m->n = 0;
	m->err = 0;
	m->err_type = 0;
	m->raw = buf;
	m->rawlen = len;
	if ((rc = isakmp_hdr_decode(buf, len, &m->hdr)) < 0)
		return fail(m, -rc, 0);
	/* A datagram longer than the header says: the rest is ignored. */
	m->rawlen = m->hdr.len;
	if (m->hdr.flags & ISAKMP_FLAG_E)
		return 0;
	return isakmp_parse_chain(m, m->hdr.np, buf + ISAKMP_HDR_LEN,
	    m->hdr.len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN, false);
}

const struct isakmp_pl *
isakmp_find_next(const struct isakmp_msg *m, const struct isakmp_pl *prev,
    uint8_t type)
{
	int i = prev == NULL ? 0 : (int)(prev - m->pl) + 1;

	for (; i < m->n; i++)
		if (m->pl[i].type == type)
			return &m->pl[i];
	return NULL;
}

const struct isakmp_pl *
isakmp_find(const struct isakmp_msg *m, uint8_t type)
{
	return isakmp_find_next(m, NULL, type);
}

int
isakmp_count(const struct isakmp_msg *m, uint8_t type)
{
	int i, n = 0;

	for (i = 0; i < m->n; i++)
		if (m->pl[i].type == type)
			n++;
	return n;
}

/* ---- attributes ------------------------------------------------------- */

int
isakmp_attr_next(const uint8_t **p, size_t *left, struct isakmp_attr *a)
{
	const uint8_t *q = *p;
	uint16_t t;

	if (*left == 0)
		return 0;
	if (*left < 4)
		return -ISAKMP_E_ATTR_SYNTAX;
	t = rd16(q);
	a->type = t & 0x7fff;
	a->basic = (t & 0x8000) != 0;
	if (a->basic) {
		a->val = q + 2;
		a->len = 2;
		a->num = rd16(q + 2);
		*p += 4;
		*left -= 4;
		return 1;
	}
	a->len = rd16(q + 2);
	if (a->len > *left - 4)
		return -ISAKMP_E_ATTR_SYNTAX;
	a->val = q + 4;
	a->num = 0;
	if (a->len <= 8)
		for (uint16_t i = 0; i < a->len; i++)
			a->num = a->num << 8 | a->val[i];
	*p += 4 + (size_t)a->len;
	*left -= 4 + (size_t)a->len;
	return 1;
}

/* A life duration: basic, or variable of 1..8 bytes. */
static int
life_value(const struct isakmp_attr *a, uint64_t *out)
{
	if (!a->basic && (a->len == 0 || a->len > 8))
		return -ISAKMP_E_ATTR_VALUE;
	*out = a->num;
	return 0;
}

int
ike_p1_attrs_decode(const uint8_t *attrs, size_t len, struct ike_p1_attrs *o)
{
	struct isakmp_attr a;
	int	 rc, life_type = 0;

	memset(o, 0, sizeof(*o));
	while ((rc = isakmp_attr_next(&attrs, &len, &a)) > 0) {
		uint64_t v;

		/* Attributes that are numbers must be small. */
		if (a.type != IKE_ATTR_LIFE_DURATION && !a.basic &&
		    (a.len == 0 || a.len > 4))
			return -ISAKMP_E_ATTR_VALUE;
		switch (a.type) {
		case IKE_ATTR_ENCR:
			o->encr = (uint16_t)a.num;
			break;
		case IKE_ATTR_HASH:
			o->hash = (uint16_t)a.num;
			break;
		case IKE_ATTR_AUTH:
			o->auth = (uint16_t)a.num;
			break;
		case IKE_ATTR_GROUP:
			o->group = (uint16_t)a.num;
			break;
		case IKE_ATTR_KEY_LENGTH:
			o->keylen = (uint16_t)a.num;
			break;
		case IKE_ATTR_PRF:
			o->prf = (uint16_t)a.num;
			break;
		case IKE_ATTR_LIFE_TYPE:
			life_type = (int)a.num;
			break;
		case IKE_ATTR_LIFE_DURATION:
			if ((rc = life_value(&a, &v)) < 0)
				return rc;
			if (life_type == IKE_LIFE_SECONDS)
				o->life_sec = v;
			else if (life_type == IKE_LIFE_KILOBYTES)
				o->life_kb = v;
			else
				o->n_unknown++;
			life_type = 0;
			break;
		default:
			o->n_unknown++;
			break;
		}
	}
	return rc;
}

int
ipsec_p2_attrs_decode(const uint8_t *attrs, size_t len,
    struct ipsec_p2_attrs *o)
{
	struct isakmp_attr a;
	int	 rc, life_type = 0;

	memset(o, 0, sizeof(*o));
	while ((rc = isakmp_attr_next(&attrs, &len, &a)) > 0) {
		uint64_t v;

		if (a.type != IPSEC_ATTR_LIFE_DURATION && !a.basic &&
		    (a.len == 0 || a.len > 4))
			return -ISAKMP_E_ATTR_VALUE;
		switch (a.type) {
		case IPSEC_ATTR_LIFE_TYPE:
			life_type = (int)a.num;
			break;
		case IPSEC_ATTR_LIFE_DURATION:
			if ((rc = life_value(&a, &v)) < 0)
				return rc;
			if (life_type == IKE_LIFE_SECONDS)
				o->life_sec = v;
			else if (life_type == IKE_LIFE_KILOBYTES)
				o->life_kb = v;
			else
				o->n_unknown++;
			life_type = 0;
			break;
		case IPSEC_ATTR_GROUP:
			o->group = (uint16_t)a.num;
			break;
		case IPSEC_ATTR_ENCAP:
			o->encap = (uint16_t)a.num;
			break;
		case IPSEC_ATTR_AUTH:
			o->auth = (uint16_t)a.num;
			break;
		case IPSEC_ATTR_KEY_LENGTH:
			o->keylen = (uint16_t)a.num;
			break;
		default:
			o->n_unknown++;
			break;
		}
	}
	return rc;
}

/* ---- SA ------------------------------------------------------------------ */

static int
spi_size_ok(uint8_t proto, uint8_t size)
{
	switch (proto) {
	case ISAKMP_PROTO_ISAKMP:
		return size == 0 || size == 16;
	case ISAKMP_PROTO_AH:
	case ISAKMP_PROTO_ESP:
		return size == 4;
	case ISAKMP_PROTO_IPCOMP:
		return size == 2 || size == 4;
	default:
		return size <= 16;
	}
}

static int
decode_proposal(const uint8_t *p, size_t plen, struct isakmp_proposal *pr)
{
	size_t	 off;
	uint8_t	 ntr, np = ISAKMP_NP_T;
	int	 i, rc;

	/* p: proposal body after its generic header. */
	if (plen < 4)
		return -ISAKMP_E_PROPOSAL_SYNTAX;
	pr->num = p[0];
	pr->proto = p[1];
	pr->spi_size = p[2];
	ntr = p[3];
	if (pr->spi_size > sizeof(pr->spi) || !spi_size_ok(pr->proto,
	    pr->spi_size) || plen - 4 < pr->spi_size)
		return -ISAKMP_E_PROPOSAL_SPI;
	memcpy(pr->spi, p + 4, pr->spi_size);
	off = 4 + pr->spi_size;
	pr->n_transforms = 0;
	for (i = 0; off < plen; i++) {
		struct isakmp_transform *t;
		uint16_t tlen;
		const uint8_t *a;
		size_t alen;
		struct isakmp_attr at;

		if (np != ISAKMP_NP_T)
			return -ISAKMP_E_TRANSFORM_SYNTAX;
		if (plen - off < 8)
			return -ISAKMP_E_TRANSFORM_SYNTAX;
		tlen = rd16(p + off + 2);
		np = p[off];
		if (tlen < 8 || tlen > plen - off ||
		    (np != ISAKMP_NP_T && np != ISAKMP_NP_NONE))
			return -ISAKMP_E_TRANSFORM_SYNTAX;
		if (p[off + 1] != 0 || rd16(p + off + 6) != 0)
			return -ISAKMP_E_RESERVED;
		if (pr->n_transforms == ISAKMP_MAX_TRANSFORMS)
			return -ISAKMP_E_TOO_MANY;
		t = &pr->t[pr->n_transforms++];
		t->num = p[off + 4];
		t->id = p[off + 5];
		t->attrs = p + off + 8;
		t->attrs_len = tlen - 8u;
		t->raw = p + off;
		t->raw_len = tlen;
		/* The attributes must fill the transform exactly. */
		a = t->attrs;
		alen = t->attrs_len;
		while ((rc = isakmp_attr_next(&a, &alen, &at)) > 0)
			;
		if (rc < 0)
			return rc;
		off += tlen;
	}
	if (np != ISAKMP_NP_NONE || pr->n_transforms == 0)
		return -ISAKMP_E_TRANSFORM_SYNTAX;
	if (pr->n_transforms != ntr)
		return -ISAKMP_E_TRANSFORM_COUNT;
	return 0;
}

int
isakmp_sa_decode(const uint8_t *body, size_t len, struct isakmp_sa *sa)
{
	size_t	 off;
	uint8_t	 np = ISAKMP_NP_P;
	int	 rc, last = -1;

	memset(sa, 0, offsetof(struct isakmp_sa, p));
	if (len < 8)
		return -ISAKMP_E_PAYLOAD_SIZE;
	sa->doi = rd32(body);
	sa->situation = rd32(body + 4);
	if (sa->doi != ISAKMP_DOI_IPSEC)
		return -ISAKMP_E_SA_DOI;
	if (sa->situation != IPSEC_SIT_IDENTITY_ONLY)
		return -ISAKMP_E_SA_SITUATION;
	off = 8;
	while (off < len) {
		struct isakmp_proposal *pr;
		uint16_t plen;

		if (np != ISAKMP_NP_P || len - off < 8)
			return -ISAKMP_E_PROPOSAL_SYNTAX;
		np = body[off];
		plen = rd16(body + off + 2);
		if (plen < 8 || plen > len - off ||
		    (np != ISAKMP_NP_P && np != ISAKMP_NP_NONE))
			return -ISAKMP_E_PROPOSAL_SYNTAX;
		if (body[off + 1] != 0)
			return -ISAKMP_E_RESERVED;
		if (sa->n_proposals == ISAKMP_MAX_PROPOSALS)
			return -ISAKMP_E_TOO_MANY;
		pr = &sa->p[sa->n_proposals++];
		rc = decode_proposal(body + off + 4, plen - 4u, pr);
		if (rc < 0)
			return rc;
		/* Proposal numbers never go down (RFC 2408 4.2). */
		if ((int)pr->num < last)
			return -ISAKMP_E_PROPOSAL_SYNTAX;
		last = pr->num;
		off += plen;
	}
	if (np != ISAKMP_NP_NONE || sa->n_proposals == 0)
		return -ISAKMP_E_PROPOSAL_SYNTAX;
	return 0;
}

/* ---- ID, notify, delete, cert ------------------------------------------ */

int
isakmp_id_decode(const uint8_t *body, size_t len, struct isakmp_id *id)
{
	size_t	 need = 0;

	memset(id, 0, sizeof(*id));
	if (len < 4)
		return -ISAKMP_E_PAYLOAD_SIZE;
	id->type = body[0];
	id->proto = body[1];
	id->port = rd16(body + 2);
	id->data = body + 4;
	id->len = len - 4;
	switch (id->type) {
	case ISAKMP_ID_IPV4_ADDR:
		need = 4;
		break;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
	case ISAKMP_ID_IPV4_ADDR_RANGE:
		need = 8;
		break;
	case ISAKMP_ID_IPV6_ADDR:
		need = 16;
		break;
	case ISAKMP_ID_IPV6_ADDR_SUBNET:
	case ISAKMP_ID_IPV6_ADDR_RANGE:
		need = 32;
		break;
	case ISAKMP_ID_FQDN:
	case ISAKMP_ID_USER_FQDN:
	case ISAKMP_ID_DER_ASN1_DN:
	case ISAKMP_ID_DER_ASN1_GN:
	case ISAKMP_ID_KEY_ID:
		if (id->len == 0)
			return -ISAKMP_E_ID_LENGTH;
		return 0;
	default:
		return -ISAKMP_E_ID_TYPE;
	}
	if (id->len != need)
		return -ISAKMP_E_ID_LENGTH;
	if (need == 4 || need == 8)
		id->addr = rd32(id->data);
	if (need == 8)
		id->addr2 = rd32(id->data + 4);
	return 0;
}

int
isakmp_notify_decode(const uint8_t *body, size_t len, struct isakmp_notify *n)
{
	memset(n, 0, sizeof(*n));
	if (len < 8)
		return -ISAKMP_E_PAYLOAD_SIZE;
	n->doi = rd32(body);
	n->proto = body[4];
	n->spi_size = body[5];
	n->type = rd16(body + 6);
	if (n->spi_size > len - 8)
		return -ISAKMP_E_NOTIFY_SPI;
	n->spi = body + 8;
	n->data = body + 8 + n->spi_size;
	n->data_len = len - 8 - n->spi_size;
	return 0;
}

bool
isakmp_notify_dpd_seq(const struct isakmp_notify *n, uint32_t *seq)
{
	if ((n->type != ISAKMP_N_R_U_THERE && n->type != ISAKMP_N_R_U_THERE_ACK)
	    || n->data_len != 4)
		return false;
	*seq = rd32(n->data);
	return true;
}

int
isakmp_notify_lifetime(const struct isakmp_notify *n, uint64_t *sec,
    uint64_t *kb)
{
	struct ipsec_p2_attrs a;
	int	 rc;

	*sec = *kb = 0;
	if (n->type != ISAKMP_N_RESPONDER_LIFETIME)
		return -ISAKMP_E_PAYLOAD_TYPE;
	if ((rc = ipsec_p2_attrs_decode(n->data, n->data_len, &a)) < 0)
		return rc;
	*sec = a.life_sec;
	*kb = a.life_kb;
	return 0;
}

int
isakmp_delete_decode(const uint8_t *body, size_t len, struct isakmp_delete *d)
{
	memset(d, 0, sizeof(*d));
	if (len < 8)
		return -ISAKMP_E_PAYLOAD_SIZE;
	d->doi = rd32(body);
	d->proto = body[4];
	d->spi_size = body[5];
	d->n_spi = rd16(body + 6);
	d->spis = body + 8;
	if ((size_t)d->n_spi * d->spi_size != len - 8 ||
	    (d->n_spi > 0 && d->spi_size == 0))
		return -ISAKMP_E_DELETE_SPI;
	return 0;
}

uint32_t
isakmp_delete_spi32(const struct isakmp_delete *d, int i)
{
	if (d->spi_size != 4 || i < 0 || i >= d->n_spi)
		return 0;
	return rd32(d->spis + 4 * i);
}

int
isakmp_cert_decode(const uint8_t *body, size_t len, struct isakmp_cert *c)
{
	if (len < 1)
		return -ISAKMP_E_CERT_LENGTH;
	c->encoding = body[0];
	c->data = body + 1;
	c->len = len - 1;
	return 0;
}

/* ---- vendor ids --------------------------------------------------------- */

/* MD5("RFC 3706"-era DPD text) with version bytes 0x01 0x00. */
const uint8_t isakmp_vid_dpd[16] = {
	0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
	0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00 };
/* MD5("RFC 3947") */
const uint8_t isakmp_vid_natt_rfc3947[16] = {
	0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
	0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f };
/* MD5("draft-ietf-ipsec-nat-t-ike-02") */
const uint8_t isakmp_vid_natt_draft02[16] = {
	0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8,
	0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48 };
/* MD5("draft-ietf-ipsec-nat-t-ike-02\n") */
const uint8_t isakmp_vid_natt_draft02n[16] = {
	0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e,
	0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f };
/* MD5("draft-ietf-ipsec-nat-t-ike-03") */
const uint8_t isakmp_vid_natt_draft03[16] = {
	0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f,
	0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56 };
/* MD5("CISCO-UNITY") with version bytes 0x01 0x00. */
const uint8_t isakmp_vid_cisco_unity[16] = {
	0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
	0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00 };
const uint8_t isakmp_vid_xauth[8] = {
	0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12 };
/* MD5("FRAGMENTATION") as Cisco sends it (first 16 bytes). */
const uint8_t isakmp_vid_cisco_frag[16] = {
	0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85,
	0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3 };

static const struct {
	enum isakmp_vid	 id;
	const uint8_t	*bytes;
	size_t		 len;
	size_t		 match;		/* bytes compared (versioned ids) */
	const char	*name;
} vids[] = {
	{ VID_DPD, isakmp_vid_dpd, 16, 14, "DPD" },
	{ VID_NATT_RFC3947, isakmp_vid_natt_rfc3947, 16, 16,
	    "NAT-T RFC 3947" },
	{ VID_NATT_DRAFT_02, isakmp_vid_natt_draft02, 16, 16, "NAT-T v2" },
	{ VID_NATT_DRAFT_02N, isakmp_vid_natt_draft02n, 16, 16,
	    "NAT-T v2" },
	{ VID_NATT_DRAFT_03, isakmp_vid_natt_draft03, 16, 16, "NAT-T v3" },
	{ VID_CISCO_UNITY, isakmp_vid_cisco_unity, 16, 14, "Unity" },
	{ VID_XAUTH, isakmp_vid_xauth, 8, 8, "XAUTH" },
	{ VID_CISCO_FRAG, isakmp_vid_cisco_frag, 16, 16, "Frag" },
};

const uint8_t *
isakmp_vid_bytes(enum isakmp_vid id, size_t *len)
{
	for (size_t i = 0; i < sizeof(vids) / sizeof(vids[0]); i++)
		if (vids[i].id == id) {
			*len = vids[i].len;
			return vids[i].bytes;
		}
	*len = 0;
	return NULL;
}

enum isakmp_vid
isakmp_vid_lookup(const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < sizeof(vids) / sizeof(vids[0]); i++)
		if (len >= vids[i].match && len <= vids[i].len + 4 &&
		    memcmp(data, vids[i].bytes, vids[i].match) == 0)
			return vids[i].id;
	return VID_UNKNOWN;
}

const char *
isakmp_vid_name(enum isakmp_vid id)
{
	for (size_t i = 0; i < sizeof(vids) / sizeof(vids[0]); i++)
		if (vids[i].id == id)
			return vids[i].name;
	return "unknown";
}

/* ---- builder ----------------------------------------------------------- */

#define NO_OFF	((size_t)-1)

static void
grow(struct isakmp_builder *b, size_t n)
{
	size_t	 cap;
	uint8_t	*nb;

	if (b->failed || b->len + n <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n)
		cap *= 2;
	if ((nb = realloc(b->buf, cap)) == NULL) {
		b->failed = true;
		return;
	}
	b->buf = nb;
	b->cap = cap;
}

void
isakmp_build_put(struct isakmp_builder *b, const void *p, size_t n)
{
	grow(b, n);
	if (b->failed)
		return;
	if (n > 0)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
}

void
isakmp_build_put8(struct isakmp_builder *b, uint8_t v)
{
	isakmp_build_put(b, &v, 1);
}

void
isakmp_build_put16(struct isakmp_builder *b, uint16_t v)
{
	uint8_t x[2];

	wr16(x, v);
	isakmp_build_put(b, x, 2);
}

void
isakmp_build_put32(struct isakmp_builder *b, uint32_t v)
{
	uint8_t x[4];

	wr32(x, v);
	isakmp_build_put(b, x, 4);
}

static void
reset(struct isakmp_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->np_off = NO_OFF;
}

void
isakmp_build_init(struct isakmp_builder *b, const struct isakmp_hdr *h)
{
	uint8_t	 hdr[ISAKMP_HDR_LEN];
	struct isakmp_hdr hh = *h;

	reset(b);
	b->has_hdr = true;
	hh.np = ISAKMP_NP_NONE;
	hh.len = ISAKMP_HDR_LEN;
	if (hh.version == 0)
		hh.version = ISAKMP_VERSION;
	isakmp_hdr_encode(&hh, hdr);
	isakmp_build_put(b, hdr, sizeof(hdr));
	b->np_off = 16;
}

void
isakmp_build_init_chain(struct isakmp_builder *b)
{
	reset(b);
}

void
isakmp_build_free(struct isakmp_builder *b)
{
	free(b->buf);
	reset(b);
}

/* Write a generic header with Next Payload np and push it. */
static size_t
open_pl(struct isakmp_builder *b, uint8_t np)
{
	size_t	 off = b->len;

	if (b->depth == (int)(sizeof(b->open) / sizeof(b->open[0]))) {
		b->failed = true;
		return off;
	}
	isakmp_build_put8(b, np);
	isakmp_build_put8(b, 0);
	isakmp_build_put16(b, 0);
	b->open[b->depth++] = off;
	return off;
}

static void
close_pl(struct isakmp_builder *b)
{
	size_t	 off, n;

	if (b->depth == 0) {
		b->failed = true;
		return;
	}
	off = b->open[--b->depth];
	if (b->failed)
		return;
	n = b->len - off;
	if (n > 0xffff) {
		b->failed = true;
		return;
	}
	wr16(b->buf + off + 2, (uint16_t)n);
}

void
isakmp_build_begin(struct isakmp_builder *b, uint8_t type)
{
	size_t	 off;

	if (b->depth != 0) {
		b->failed = true;
		return;
	}
	if (b->np_off == NO_OFF) {
		if (b->has_hdr || b->len != 0) {
			b->failed = true;
			return;
		}
		b->first_np = type;
	} else if (!b->failed)
		b->buf[b->np_off] = type;
	off = open_pl(b, ISAKMP_NP_NONE);
	b->np_off = off;
}

void
isakmp_build_end(struct isakmp_builder *b)
{
	close_pl(b);
}

void
isakmp_build_payload(struct isakmp_builder *b, uint8_t type, const void *body,
    size_t len)
{
	isakmp_build_begin(b, type);
	isakmp_build_put(b, body, len);
	isakmp_build_end(b);
}

void
isakmp_build_sa_begin(struct isakmp_builder *b, uint32_t doi,
    uint32_t situation)
{
	isakmp_build_begin(b, ISAKMP_NP_SA);
	isakmp_build_put32(b, doi);
	isakmp_build_put32(b, situation);
	b->sa_last_prop = 0;
}

void
isakmp_build_sa_end(struct isakmp_builder *b)
{
	close_pl(b);
}

void
isakmp_build_prop_begin(struct isakmp_builder *b, uint8_t num, uint8_t proto,
    const void *spi, uint8_t spi_size)
{
	size_t	 off;

	if (b->sa_last_prop != 0 && !b->failed)
		b->buf[b->sa_last_prop - 1] = ISAKMP_NP_P;
	off = open_pl(b, ISAKMP_NP_NONE);
	b->sa_last_prop = off + 1;
	isakmp_build_put8(b, num);
	isakmp_build_put8(b, proto);
	isakmp_build_put8(b, spi_size);
	b->prop_ntr_off = b->len;
	isakmp_build_put8(b, 0);
	isakmp_build_put(b, spi, spi_size);
	b->prop_last_tr = 0;
}

void
isakmp_build_prop_end(struct isakmp_builder *b)
{
	close_pl(b);
}

void
isakmp_build_tr_begin(struct isakmp_builder *b, uint8_t num, uint8_t id)
{
	size_t	 off;

	if (b->prop_last_tr != 0 && !b->failed)
		b->buf[b->prop_last_tr - 1] = ISAKMP_NP_T;
	off = open_pl(b, ISAKMP_NP_NONE);
	b->prop_last_tr = off + 1;
	if (!b->failed)
		b->buf[b->prop_ntr_off]++;
	isakmp_build_put8(b, num);
	isakmp_build_put8(b, id);
	isakmp_build_put16(b, 0);
}

void
isakmp_build_tr_end(struct isakmp_builder *b)
{
	close_pl(b);
}

void
isakmp_build_attr(struct isakmp_builder *b, uint16_t type, uint64_t val)
{
	uint8_t	 v[8];
	int	 n = 0;

	if (val <= 0xffff) {
		isakmp_build_put16(b, (uint16_t)(0x8000 | type));
		isakmp_build_put16(b, (uint16_t)val);
		return;
	}
	for (int i = 7; i >= 0; i--) {
		v[i] = (uint8_t)val;
		val >>= 8;
	}
	while (n < 4 && v[n] == 0)
		n++;
	isakmp_build_attr_var(b, type, v + n, (uint16_t)(8 - n));
}

void
isakmp_build_attr_var(struct isakmp_builder *b, uint16_t type,
    const void *val, uint16_t len)
{
	isakmp_build_put16(b, type & 0x7fff);
	isakmp_build_put16(b, len);
	isakmp_build_put(b, val, len);
}

void
isakmp_build_attr_u32(struct isakmp_builder *b, uint16_t type, uint32_t val)
{
	uint8_t	 v[4];

	wr32(v, val);
	isakmp_build_attr_var(b, type, v, 4);
}

void
isakmp_build_id(struct isakmp_builder *b, uint8_t id_type, uint8_t proto,
    uint16_t port, const void *data, size_t len)
{
	isakmp_build_begin(b, ISAKMP_NP_ID);
	isakmp_build_put8(b, id_type);
	isakmp_build_put8(b, proto);
	isakmp_build_put16(b, port);
	isakmp_build_put(b, data, len);
	isakmp_build_end(b);
}

void
isakmp_build_notify(struct isakmp_builder *b, uint32_t doi, uint8_t proto,
    const void *spi, uint8_t spi_size, uint16_t type, const void *data,
    size_t data_len)
{
	isakmp_build_begin(b, ISAKMP_NP_N);
	isakmp_build_put32(b, doi);
	isakmp_build_put8(b, proto);
	isakmp_build_put8(b, spi_size);
	isakmp_build_put16(b, type);
	isakmp_build_put(b, spi, spi_size);
	isakmp_build_put(b, data, data_len);
	isakmp_build_end(b);
}

void
isakmp_build_delete(struct isakmp_builder *b, uint32_t doi, uint8_t proto,
    uint8_t spi_size, const void *spis, uint16_t n_spi)
{
	isakmp_build_begin(b, ISAKMP_NP_D);
	isakmp_build_put32(b, doi);
	isakmp_build_put8(b, proto);
	isakmp_build_put8(b, spi_size);
	isakmp_build_put16(b, n_spi);
	isakmp_build_put(b, spis, (size_t)spi_size * n_spi);
	isakmp_build_end(b);
}

void
isakmp_build_cert(struct isakmp_builder *b, uint8_t type, uint8_t enc,
    const void *data, size_t len)
{
	isakmp_build_begin(b, type);
	isakmp_build_put8(b, enc);
	isakmp_build_put(b, data, len);
	isakmp_build_end(b);
}

uint8_t *
isakmp_build_finish(struct isakmp_builder *b, size_t *len)
{
	uint8_t	*out;

	if (b->depth != 0 || b->failed || b->buf == NULL ||
	    b->len > 0xffffffffu) {
		isakmp_build_free(b);
		*len = 0;
		return NULL;
	}
	if (b->has_hdr)
		wr32(b->buf + 24, (uint32_t)b->len);
	out = b->buf;
	*len = b->len;
	b->buf = NULL;
	b->len = b->cap = 0;
	return out;
}
