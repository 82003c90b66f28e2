/* ESP encapsulation/decapsulation (see esp.h).
 *
 * The packet is transformed in place in its pkt buffer: the payload is
 * padded at the tail, encrypted where it lies, and the ESP header, UDP
 * header and outer IPv4 header are pushed in front (headroom).  Keyed
 * OpenSSL contexts live in the SA (sa.c); per packet only the IV is set. */
#include "bytes.h"
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "esp.h"
#include "ipv4.h"
#include "pkt.h"
#include "rng.h"
#include "sa.h"
#include "sadb.h"

#define IPV4_MIN	20
#define UDP_HDR		8
#define ESP_HDR		8
#define GCM_NONCE	12
#define IP_MAXPACKET	65535

static void
ip_fix_cksum(uint8_t *ip, size_t hl)
{
	ip[10] = ip[11] = 0;
	wr16(ip + 10, ip_cksum(ip, hl));
}

const char *
esp_strerror(int r)
{
	switch (r) {
	case ESP_OK:		return "ok";
	case ESP_NOT_ESP:	return "not ESP";
	case ESP_ERR_SHORT:	return "invalid length";
	case ESP_ERR_SPI:	return "invalid SPI";
	case ESP_ERR_REPLAY:	return "replay check failed";
	case ESP_ERR_ICV:	return "authentication failed";
	case ESP_ERR_PAD:	return "bad padding";
	case ESP_ERR_PROTO:	return "invalid protocol";
	case ESP_ERR_IDENTITY:	return "invalid identity";
	case ESP_ERR_EXPIRED:	return "SA expired";
	case ESP_ERR_ROLLOVER:	return "sequence number rollover";
	case ESP_ERR_TOOBIG:	return "packet too big";
	case ESP_ERR_INTERNAL:	return "internal error";
	}
	return "unknown error";
}

/* Header length and total length of an IPv4 packet, or -1. */
static int
ip_lengths(const uint8_t *ip, size_t len, size_t *hl, size_t *tot)
{
	if (len < IPV4_MIN || (ip[0] >> 4) != 4)
		return -1;
	*hl = (size_t)(ip[0] & 0x0f) * 4;
	*tot = rd16(ip + 2);
	if (*hl < IPV4_MIN || *tot < *hl || *tot > len)
		return -1;
	return 0;
}

static bool
is_fragment(const uint8_t *ip)
{
	return (rd16(ip + 6) & (IP_MF | IP_OFFMASK)) != 0;
}

size_t
esp_overhead(const struct ipsec_sa *sa, size_t len)
{
	const struct esp_cipher *c = sa->cipher;
	size_t plen = len, hdr = 0, body;

	if (sa->mode == IPSEC_MODE_TRANSPORT)
		plen = len > IPV4_MIN ? len - IPV4_MIN : 0;
	else
		hdr = IPV4_MIN;
	if (sa->udp_peer != 0)
		hdr += UDP_HDR;
	body = (plen + 2 + c->block - 1) / c->block * c->block;
	return hdr + ESP_HDR + c->iv_len + (body - plen) + c->icv_len +
	    (sa->auth != NULL ? sa->auth->icv_len : 0);
}

/* ---- crypto primitives on the SA's keyed contexts -------------------- */

static int
hmac(struct ipsec_sa *sa, const uint8_t *data, size_t len, uint8_t *out)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	size_t olen = 0;

	if (sa->mctx == NULL || !EVP_MAC_init(sa->mctx, NULL, 0, NULL) ||
	    !EVP_MAC_update(sa->mctx, data, len) ||
	    !EVP_MAC_final(sa->mctx, md, &olen, sizeof(md)) ||
	    olen < sa->auth->icv_len)
		return -1;
	memcpy(out, md, sa->auth->icv_len);
	return 0;
}

/* CBC (or NULL) over buf in place with iv. */
static int
cbc(struct ipsec_sa *sa, const uint8_t *iv, uint8_t *buf, size_t len)
{
	int outl = 0;

	if (sa->cipher->evp == NULL)
		return 0;
	if (sa->cctx == NULL ||
	    !EVP_CipherInit_ex2(sa->cctx, NULL, NULL, iv, -1, NULL) ||
	    !EVP_CipherUpdate(sa->cctx, buf, &outl, buf, (int)len) ||
	    (size_t)outl != len)
		return -1;
	return 0;
}

/* AES-GCM (RFC 4106): nonce = salt || IV, AAD = SPI || seq.  Encrypting
 * writes the tag; decrypting checks it (-2 on mismatch). */
static int
gcm(struct ipsec_sa *sa, const uint8_t *esph, const uint8_t *iv, uint8_t *buf,
    size_t len, uint8_t *tag, int encrypt)
{
	const struct esp_cipher *c = sa->cipher;
	uint8_t nonce[GCM_NONCE];
	OSSL_PARAM params[2];
	int outl = 0, fl = 0;

	if (sa->cctx == NULL)
		return -1;
	memcpy(nonce, sa->enc_key + c->key_len, c->salt_len);
	memcpy(nonce + c->salt_len, iv, c->iv_len);
	if (!EVP_CipherInit_ex2(sa->cctx, NULL, NULL, nonce, -1, NULL) ||
	    !EVP_CipherUpdate(sa->cctx, NULL, &outl, esph, ESP_HDR) ||
	    !EVP_CipherUpdate(sa->cctx, buf, &outl, buf, (int)len) ||
	    (size_t)outl != len)
		return -1;
	params[1] = OSSL_PARAM_construct_end();
	if (encrypt) {
		if (!EVP_CipherFinal_ex(sa->cctx, buf + len, &fl))
			return -1;
		params[0] = OSSL_PARAM_construct_octet_string(
		    OSSL_CIPHER_PARAM_AEAD_TAG, tag, c->icv_len);
		return EVP_CIPHER_CTX_get_params(sa->cctx, params) ? 0 : -1;
	}
	params[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TAG, tag, c->icv_len);
	if (!EVP_CIPHER_CTX_set_params(sa->cctx, params))
		return -1;
	if (!EVP_CipherFinal_ex(sa->cctx, buf + len, &fl)) {
		ERR_clear_error();
		return -2;
	}
	return 0;
}

/* ---- outbound --------------------------------------------------------- */

static int
send_fail(struct ipsec_sa *sa, int err)
{
	switch (err) {
	case ESP_ERR_ROLLOVER:
		sa->st.replay_rollover_send++;
		break;
	case ESP_ERR_INTERNAL:
		sa->st.internal_err_send++;
		ERR_clear_error();
		break;
	default:
		sa->st.encaps_failed++;
		break;
	}
	sa->st.send_errors++;
	return err;
}

int
esp_encap(struct ipsec_sa *sa, struct pkt *p)
{
	const struct esp_cipher *c = sa->cipher;
	size_t icv = c->icv_len + (sa->auth != NULL ? sa->auth->icv_len : 0);
	size_t hl, tot, plen, body, pad, ohl, udp, total, esp_len;
	uint8_t hdr[60], *payload, *esph, *ip, nh;
	uint32_t src, dst;

	if (sa->dir != IPSEC_DIR_OUT || (c->evp != NULL && sa->cctx == NULL) ||
	    (sa->auth != NULL && sa->mctx == NULL))
		return send_fail(sa, ESP_ERR_INTERNAL);
	if (sa->state != IPSEC_SA_ACTIVE)
		return send_fail(sa, ESP_ERR_EXPIRED);
	if (ip_lengths(p->data, p->len, &hl, &tot) != 0)
		return send_fail(sa, ESP_ERR_PROTO);
	if (sa->seq == UINT32_MAX)		/* RFC 4303: never cycle */
		return send_fail(sa, ESP_ERR_ROLLOVER);
	pkt_trim(p, tot);
	src = rd32(p->data + 12);
	dst = rd32(p->data + 16);

	if (sa->mode == IPSEC_MODE_TRANSPORT) {
		/* Transport mode protects whole packets; IP fragments the
		 * ESP packet afterwards if it must. */
		if (is_fragment(p->data))
			return send_fail(sa, ESP_ERR_PROTO);
		memcpy(hdr, p->data, hl);
		nh = p->data[9];
		plen = tot - hl;
		ohl = hl;
	} else {
		nh = 4;			/* IP-in-IP */
		plen = tot;
		ohl = IPV4_MIN;
	}
	body = (plen + 2 + c->block - 1) / c->block * c->block;
	pad = body - plen - 2;
	udp = sa->udp_peer != 0 ? UDP_HDR : 0;
	esp_len = ESP_HDR + c->iv_len + body + icv;
	total = ohl + udp + esp_len;
	if (total > IP_MAXPACKET)
		return send_fail(sa, ESP_ERR_TOOBIG);
	if (sa->mode == IPSEC_MODE_TUNNEL)
		memcpy(hdr, p->data, IPV4_MIN);	/* for TOS, DF, TTL */
	else
		pkt_pull(p, hl);

	/* Trailer: padding 1, 2, 3 ..., pad length, next header, ICV room. */
	payload = pkt_put(p, pad + 2 + icv) - plen;
	for (size_t i = 0; i < pad; i++)
		payload[plen + i] = (uint8_t)(i + 1);
	payload[plen + pad] = (uint8_t)pad;
	payload[plen + pad + 1] = nh;

	esph = pkt_push(p, ESP_HDR + c->iv_len);
	wr32(esph, sa->spi);
	wr32(esph + 4, ++sa->seq);
	payload = esph + ESP_HDR + c->iv_len;
	if (c->icv_len > 0) {
		/* GCM: the IV only has to be unique per key: the 64-bit
		 * sequence number. */
		memset(esph + ESP_HDR, 0, c->iv_len - 4);
		wr32(esph + ESP_HDR + c->iv_len - 4, sa->seq);
		if (gcm(sa, esph, esph + ESP_HDR, payload, body,
		    payload + body, 1) != 0)
			return send_fail(sa, ESP_ERR_INTERNAL);
	} else {
		if (c->iv_len > 0)
			rng_bytes(esph + ESP_HDR, c->iv_len);
		if (cbc(sa, esph + ESP_HDR, payload, body) != 0)
			return send_fail(sa, ESP_ERR_INTERNAL);
	}
	if (sa->auth != NULL && hmac(sa, esph, ESP_HDR + c->iv_len + body,
	    payload + body) != 0)
		return send_fail(sa, ESP_ERR_INTERNAL);

	if (udp) {
		uint8_t *u = pkt_push(p, UDP_HDR);

		wr16(u, sa->udp_local != 0 ? sa->udp_local : ESP_UDP_PORT);
		wr16(u + 2, sa->udp_peer);
		wr16(u + 4, (uint16_t)(UDP_HDR + esp_len));
		wr16(u + 6, 0);		/* RFC 3948: checksum 0 */
	}
	ip = pkt_push(p, ohl);
	if (sa->mode == IPSEC_MODE_TRANSPORT) {
		memcpy(ip, hdr, hl);
	} else {
		bool keep = (sa->flags & IPSEC_SA_F_PRESERVE) != 0;

		memset(ip, 0, IPV4_MIN);
		ip[0] = 0x45;
		ip[1] = hdr[1];				/* TOS copied */
		wr16(ip + 4, sa->ip_id++);
		wr16(ip + 6, rd16(hdr + 6) & IP_DF);	/* df-bit copy */
		ip[8] = keep ? hdr[8] : IP_TTL_DEFAULT;
		wr32(ip + 12, keep ? src : sa->local);
		wr32(ip + 16, keep ? dst : sa->peer);
	}
	ip[9] = udp ? IP_PROTO_UDP : IP_PROTO_ESP;
	wr16(ip + 2, (uint16_t)total);
	ip_fix_cksum(ip, ohl);

	sa->st.encaps++;
	sa->st.encrypt++;
	if (icv > 0)
		sa->st.digest++;
	ipsec_sa_account(sa, plen);
	return ESP_OK;
}

/* ---- inbound ---------------------------------------------------------- */

int
esp_parse(const uint8_t *ip, size_t len, struct esp_info *info)
{
	size_t hl, tot, off;

	memset(info, 0, sizeof(*info));
	if (ip_lengths(ip, len, &hl, &tot) != 0)
		return ESP_ERR_SHORT;
	info->src = rd32(ip + 12);
	info->dst = rd32(ip + 16);
	if (is_fragment(ip))
		return ESP_NOT_ESP;	/* IP reassembles first */
	off = hl;
	if (ip[9] == IP_PROTO_UDP) {
		if (tot < hl + UDP_HDR)
			return ESP_NOT_ESP;
		if (rd16(ip + hl + 2) != ESP_UDP_PORT)
			return ESP_NOT_ESP;
		/* RFC 3948 §2.2: 4 zero bytes mark IKE; a lone 0xFF byte is
		 * a NAT keepalive; both are for the IKE socket. */
		if (tot - hl - UDP_HDR < 4 || rd32(ip + hl + UDP_HDR) == 0)
			return ESP_NOT_ESP;
		info->sport = rd16(ip + hl);
		info->dport = rd16(ip + hl + 2);
		off += UDP_HDR;
	} else if (ip[9] != IP_PROTO_ESP)
		return ESP_NOT_ESP;
	if (tot < off + ESP_HDR)
		return ESP_ERR_SHORT;
	info->off = off;
	info->spi = rd32(ip + off);
	info->seq = rd32(ip + off + 4);
	return ESP_OK;
}

static int
recv_fail(struct ipsec_sa *sa, int err)
{
	switch (err) {
	case ESP_ERR_SHORT:
		sa->st.invalid_len++;
		break;
	case ESP_ERR_REPLAY:
		sa->st.replay_failed++;
		break;
	case ESP_ERR_ICV:
		sa->st.verify_failed++;
		break;
	case ESP_ERR_PROTO:
		sa->st.invalid_prot++;
		break;
	case ESP_ERR_IDENTITY:
		sa->st.invalid_identity++;
		break;
	case ESP_ERR_EXPIRED:
		sa->st.invalid_sa_rcv++;
		break;
	case ESP_ERR_INTERNAL:
		sa->st.internal_err_rcv++;
		ERR_clear_error();
		break;
	default:			/* padding and the rest */
		sa->st.decaps_failed++;
		break;
	}
	sa->st.recv_errors++;
	return err;
}

/* Protocol and ports of an IPv4 packet for proxy matching (ports 0 when
 * not TCP/UDP or not present). */
static void
ports_of(const uint8_t *ip, size_t hl, size_t tot, uint8_t *proto,
    uint16_t *sport, uint16_t *dport)
{
	*proto = ip[9];
	*sport = *dport = 0;
	if ((*proto == IP_PROTO_TCP || *proto == IP_PROTO_UDP) &&
	    tot >= hl + 4 && !is_fragment(ip)) {
		*sport = rd16(ip + hl);
		*dport = rd16(ip + hl + 2);
	}
}

/* The received packet's source must be inside the remote ident and its
 * destination inside the local one. */
static bool
identity_ok(const struct ipsec_sa *sa, const uint8_t *ip, size_t hl,
    size_t tot)
{
	uint8_t proto;
	uint16_t sport, dport;

	ports_of(ip, hl, tot, &proto, &sport, &dport);
	return ipsec_proxy_match(&sa->rid, rd32(ip + 12), proto, sport) &&
	    ipsec_proxy_match(&sa->lid, rd32(ip + 16), proto, dport);
}

static int
decap(struct ipsec_sa *sa, struct pkt *p, const struct esp_info *in)
{
	const struct esp_cipher *c = sa->cipher;
	size_t aicv = sa->auth != NULL ? sa->auth->icv_len : 0;
	size_t icv = c->icv_len + aicv;
	size_t hl, tot, esp_len, ct, padlen, plen;
	uint8_t *ip = p->data, *esph, *iv, *payload, nh;
	bool auth = icv > 0;
	int r;

	if (sa->dir != IPSEC_DIR_IN || (c->evp != NULL && sa->cctx == NULL) ||
	    (sa->auth != NULL && sa->mctx == NULL))
		return recv_fail(sa, ESP_ERR_INTERNAL);
	if (sa->state != IPSEC_SA_ACTIVE)
		return recv_fail(sa, ESP_ERR_EXPIRED);
	if (ip_lengths(ip, p->len, &hl, &tot) != 0 || in->off >= tot)
		return recv_fail(sa, ESP_ERR_SHORT);
	pkt_trim(p, tot);
	esph = ip + in->off;
	esp_len = tot - in->off;
	if (esp_len < ESP_HDR + c->iv_len + icv + 2)
		return recv_fail(sa, ESP_ERR_SHORT);
	ct = esp_len - ESP_HDR - c->iv_len - icv;
	if (ct % c->block != 0)
		return recv_fail(sa, ESP_ERR_SHORT);
	iv = esph + ESP_HDR;
	payload = iv + c->iv_len;

	/* Anti-replay needs integrity (RFC 4303 §3.4.3). */
	if (auth && replay_check(&sa->replay, in->seq) != REPLAY_OK)
		return recv_fail(sa, ESP_ERR_REPLAY);
	if (aicv > 0) {
		uint8_t mac[ESP_MAX_ICV];

		if (hmac(sa, esph, ESP_HDR + c->iv_len + ct, mac) != 0)
			return recv_fail(sa, ESP_ERR_INTERNAL);
		if (CRYPTO_memcmp(mac, payload + ct, aicv) != 0)
			return recv_fail(sa, ESP_ERR_ICV);
	}
	if (c->icv_len > 0) {
		r = gcm(sa, esph, iv, payload, ct, payload + ct, 0);
		if (r == -2)
			return recv_fail(sa, ESP_ERR_ICV);
		if (r != 0)
			return recv_fail(sa, ESP_ERR_INTERNAL);
	} else if (cbc(sa, iv, payload, ct) != 0)
		return recv_fail(sa, ESP_ERR_INTERNAL);

	padlen = payload[ct - 2];
	nh = payload[ct - 1];
	if (padlen + 2 > ct)
		return recv_fail(sa, ESP_ERR_PAD);
	plen = ct - 2 - padlen;
	for (size_t i = 0; i < padlen; i++)
		if (payload[plen + i] != (uint8_t)(i + 1))
			return recv_fail(sa, ESP_ERR_PAD);

	if (sa->mode == IPSEC_MODE_TUNNEL) {
		size_t ihl, itot;

		if (nh != 4 || ip_lengths(payload, plen, &ihl, &itot) != 0)
			return recv_fail(sa, ESP_ERR_PROTO);
		if (!identity_ok(sa, payload, ihl, itot))
			return recv_fail(sa, ESP_ERR_IDENTITY);
		pkt_pull(p, (size_t)(payload - p->data));
		pkt_trim(p, itot);
		plen = itot;
	} else {
		uint8_t *nip;

		if (nh == 59)		/* RFC 4303 dummy packet: drop */
			return recv_fail(sa, ESP_ERR_PROTO);
		nip = payload - hl;		/* header moves next to data */
		memmove(nip, ip, hl);
		nip[9] = nh;
		wr16(nip + 2, (uint16_t)(hl + plen));
		ip_fix_cksum(nip, hl);
		if (!identity_ok(sa, nip, hl, hl + plen))
			return recv_fail(sa, ESP_ERR_IDENTITY);
		pkt_pull(p, (size_t)(nip - p->data));
		pkt_trim(p, hl + plen);
		plen += hl;
	}
	if (auth)
		replay_update(&sa->replay, in->seq);
	sa->st.decaps++;
	sa->st.decrypt++;
	if (auth)
		sa->st.verify++;
	ipsec_sa_account(sa, plen);
	return ESP_OK;
}

int
esp_decap_sa(struct ipsec_sa *sa, struct pkt *p)
{
	struct esp_info in;
	int r = esp_parse(p->data, p->len, &in);

	if (r != ESP_OK)
		return r == ESP_NOT_ESP ? r : recv_fail(sa, r);
	if (in.spi != sa->spi)
		return ESP_ERR_SPI;
	return decap(sa, p, &in);
}

int
esp_decap(struct sadb *db, struct pkt *p, struct esp_info *info,
    struct ipsec_sa **sap)
{
	struct esp_info in;
	struct ipsec_sa *sa;
	int r;

	if (sap != NULL)
		*sap = NULL;
	r = esp_parse(p->data, p->len, &in);
	if (info != NULL)
		*info = in;
	if (r != ESP_OK)
		return r;
	if ((sa = sadb_lookup_in(db, in.dst, in.spi)) == NULL ||
	    sa->dir != IPSEC_DIR_IN) {
		sadb_stats(db)->invalid_spi++;
		return ESP_ERR_SPI;
	}
	if (sap != NULL)
		*sap = sa;
	return decap(sa, p, &in);
}
