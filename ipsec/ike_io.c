/* ISAKMP transport: the UDP 500 and 4500 sockets of a router, receive
 * dispatch by cookies and exchange type, sending with the IOS debug lines,
 * retransmission of the last phase-1 message and duplicate detection, and
 * the CBC sealing/opening of encrypted messages.
 *
 * Retransmission follows IOS: the last message of an unfinished phase 1
 * (or quick mode, see ike_quick.c) is sent again every 10 s ("retransmitting
 * phase 1 MM_KEY_EXCH..."), at most 5 times; the next timeout deletes the
 * SA ("Death by retransmission P1").  A received copy of the message we
 * already answered makes us resend our answer at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

static void	rx(void *arg, struct udp_sock *s, uint32_t src, uint16_t sport,
		    uint32_t dst, const uint8_t *data, size_t len,
		    struct iface *in_if);

void
ike_io_open(struct ike_ctx *c)
{
	c->s500 = udp_open(c->r, 0, ISAKMP_PORT, rx, c);
	c->s4500 = udp_open(c->r, 0, ISAKMP_NATT_PORT, rx, c);
}

/* GETVPN: GDOI phase 1, PULL and PUSH on UDP 848, opened only on routers
 * with GDOI configuration (ike_gdoi.c). */
void
ike_io_open_gdoi(struct ike_ctx *c)
{
	if (c->s848 == NULL)
		c->s848 = udp_open(c->r, 0, IKE_GDOI_PORT, rx, c);
}

void
ike_io_close(struct ike_ctx *c)
{
	udp_close(c->s500);
	udp_close(c->s4500);
	udp_close(c->s848);
	c->s500 = c->s4500 = c->s848 = NULL;
}

void
ike_msg_hash(const uint8_t *msg, size_t len, uint8_t out[20])
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= msg[i];
		h *= 1099511628211ULL;
	}
	memset(out, 0, 20);
	memcpy(out, &h, sizeof(h));
	ike_wr32(out + 8, (uint32_t)len);
}

void
ike_bad_message(struct ike_ctx *c, uint32_t peer)
{
	char	 pb[16];

	c->rx_bad++;
	rlog(c->r, 4, "CRYPTO", "IKMP_BAD_MESSAGE", "IKE message from %s failed "
	    "its sanity check or is malformed", ip_ntoa(peer, pb));
}

/* ---- sending -------------------------------------------------------------- */

void
ike_send_raw(struct ike_ctx *c, uint32_t local, uint32_t peer, uint16_t lport,
    uint16_t pport, const uint8_t *msg, size_t len)
{
	uint8_t	*buf;

	if (lport == ISAKMP_NATT_PORT) {
		if (c->s4500 == NULL || (buf = malloc(len + 4)) == NULL)
			return;
		memset(buf, 0, 4);		/* non-ESP marker */
		memcpy(buf + 4, msg, len);
		(void)udp_sendto(c->s4500, local, peer, pport, buf, len + 4);
		free(buf);
		return;
	}
	if (lport == IKE_GDOI_PORT) {		/* GETVPN (ike_gdoi.c) */
		if (c->s848 != NULL)
			(void)udp_sendto(c->s848, local, peer, pport, msg,
			    len);
		return;
	}
	if (c->s500 != NULL)
		(void)udp_sendto(c->s500, local, peer, pport, msg, len);
}

void
ike_xmit(struct ike_sa *sa, const uint8_t *msg, size_t len)
{
	char	 pb[16];

	ikd_sa(sa, " sending packet to %s my_port %u peer_port %u (%c) %s",
	    ip_ntoa(sa->peer, pb), sa->lport, sa->pport, ike_role(sa),
	    ike_ios_state_name(sa->ios));
	ikd_sa(sa, "Sending an IKE IPv4 Packet.");
	sa->last_tx = sched_now();
	ike_send_raw(sa->ctx, sa->local, sa->peer, sa->lport, sa->pport, msg,
	    len);
}

static void
retx_timeout(void *arg)
{
	struct ike_sa *sa = arg;
	const char *st = ike_ios_state_name(sa->ios);

	if (sa->deleted || sa->last == NULL)
		return;
	ikd_sa(sa, " retransmitting phase 1 %s...", st);
	if (sa->retx >= IKE_RETX_MAX) {
		uint32_t peer = sa->peer;
		bool	 init = sa->initiator;

		ikd_sa(sa, "peer does not do paranoid keepalives.\n");
		ike_sa_delete(sa, "Death by retransmission P1");
		if (init)
			ike_peer_failover(sa->ctx, peer);
		return;
	}
	sa->retx++;
	ikd(sa->ctx->r, sa->peer, "ISAKMP (0:%u): incrementing error counter on "
	    "sa, attempt %d of %d: retransmit phase 1", sa->conn_id, sa->retx,
	    IKE_RETX_MAX);
	ikd_sa(sa, " retransmitting phase 1 %s", st);
	ike_xmit(sa, sa->last, sa->last_len);
	timer_set(&sa->retx_ev, IKE_RETX_INTERVAL, retx_timeout, sa);
}

void
ike_retx_stop(struct ike_sa *sa)
{
	timer_cancel(&sa->retx_ev);
	sa->retx = 0;
}

void
ike_send(struct ike_sa *sa, uint8_t *msg, size_t len, bool retx)
{
	if (msg == NULL)
		return;
	ikd_packet(sa, true, msg, len, NULL);
	ike_xmit(sa, msg, len);
	/* The last message is kept even without retransmission: a copy of
	 * the peer's previous message makes us send it again. */
	free(sa->last);
	sa->last = msg;
	sa->last_len = len;
	sa->retx = 0;
	if (retx)
		timer_set(&sa->retx_ev, IKE_RETX_INTERVAL, retx_timeout, sa);
	else
		timer_cancel(&sa->retx_ev);
}

/* ---- sealing -------------------------------------------------------------- */

uint8_t *
ike_seal(struct ike_sa *sa, uint8_t exch, uint32_t msgid, uint8_t first_np,
    const uint8_t *chain, size_t chain_len, bool enc, uint8_t *iv,
    size_t *out_len)
{
	struct isakmp_hdr h;
	size_t	 blen = chain_len, block;
	uint8_t	*out;

	if (enc) {
		block = sa->c->block;
		blen = (chain_len + block - 1) / block * block;
		if (blen == 0)
			blen = block;
	}
	out = calloc(1, ISAKMP_HDR_LEN + blen);
	if (out == NULL)
		return NULL;
	memset(&h, 0, sizeof(h));
	memcpy(h.icookie, sa->icky, 8);
	memcpy(h.rcookie, sa->rcky, 8);
	h.np = first_np;
	h.version = ISAKMP_VERSION;
	h.exch = exch;
	h.flags = enc ? ISAKMP_FLAG_E : 0;
	h.msgid = msgid;
	h.len = (uint32_t)(ISAKMP_HDR_LEN + blen);
	isakmp_hdr_encode(&h, out);
	memcpy(out + ISAKMP_HDR_LEN, chain, chain_len);
	if (enc && ike_cbc(sa->c, sa->keys.enc_key, iv, out + ISAKMP_HDR_LEN,
	    blen, out + ISAKMP_HDR_LEN, 1) != 0) {
		free(out);
		return NULL;
	}
	*out_len = ISAKMP_HDR_LEN + blen;
	return out;
}

uint8_t *
ike_open(struct ike_sa *sa, const uint8_t *raw, size_t len, uint8_t *iv,
    size_t *plen)
{
	size_t	 n;
	uint8_t	*out;

	if (!sa->have_keys || len <= ISAKMP_HDR_LEN)
		return NULL;
	n = len - ISAKMP_HDR_LEN;
	if (n % sa->c->block != 0)
		return NULL;
	out = malloc(n);
	if (out == NULL)
		return NULL;
	if (ike_cbc(sa->c, sa->keys.enc_key, iv, raw + ISAKMP_HDR_LEN, n, out,
	    0) != 0) {
		free(out);
		return NULL;
	}
	*plen = n;
	return out;
}

int
ike_parse_plain(struct ike_sa *sa, struct isakmp_msg *m, uint8_t first,
    const uint8_t *plain, size_t plen, const uint8_t *raw, size_t rawlen)
{
	char	 text[128];
	int	 rc;

	m->raw = raw;
	m->rawlen = rawlen;
	/* IOS looks at the generic header's reserved byte first: a message
	 * decrypted with the wrong key fails here ("reserved not zero on ID
	 * payload!", the pre-shared key mismatch of seed 004). */
	if (first != ISAKMP_NP_NONE && plen >= ISAKMP_GEN_LEN && plain[1] != 0)
		rc = -ISAKMP_E_RESERVED;
	else
		rc = isakmp_parse_chain(m, first, plain, plen, ISAKMP_HDR_LEN,
		    true);
	if (rc == 0)
		return 0;
	isakmp_error_text(rc, rc == -ISAKMP_E_RESERVED ? first : m->err_type,
	    text, sizeof(text));
	if (ikd_on(sa->ctx->r, sa->peer, IKE_LVL_ERROR))
		rdebug(sa->ctx->r, "ISAKMP: %s", text);
	ike_bad_message(sa->ctx, sa->peer);
	return rc;
}

/* ---- receiving ------------------------------------------------------------ */

static bool
zero8(const uint8_t *p)
{
	static const uint8_t z[8];

	return memcmp(p, z, 8) == 0;
}

static void
no_sa(struct ike_ctx *c, uint32_t src)
{
	char	 pb[16];

	c->rx_nosa++;
	rlog(c->r, 4, "CRYPTO", "IKMP_NO_SA", "IKE message from %s has no SA "
	    "and is not an initialization offer", ip_ntoa(src, pb));
}

static void
input(struct ike_ctx *c, uint32_t src, uint16_t sport, uint32_t dst,
    uint16_t dport, const uint8_t *data, size_t len, struct iface *in_if)
{
	struct isakmp_msg *m;
	struct ike_sa *sa;
	struct isakmp_hdr *h;
	char	 pb[16];
	int	 rc;

	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return;
	rc = isakmp_parse(data, len, m);
	h = &m->hdr;
	/* GETVPN: a GROUPKEY-PUSH is keyed by the KEK cookies, not by an
	 * IKE SA (ike_gdoi.c). */
	if (dport == IKE_GDOI_PORT && rc != -ISAKMP_E_SHORT &&
	    h->exch == IKE_EXCH_GDOI_PUSH) {
		ike_gdoi_push_input(c, src, dst, data, len);
		goto out;
	}
	if (rc == -ISAKMP_E_SHORT || rc == -ISAKMP_E_VERSION ||
	    rc == -ISAKMP_E_HDR_LENGTH) {
		ike_bad_message(c, src);
		goto out;
	}
	sa = ike_sa_by_cookies(c, h->icookie, h->rcookie);
	if (sa == NULL && !zero8(h->rcookie)) {
		/* Our initiator SA learns the responder cookie from MM2/AM2. */
		struct ike_sa *s2 = ike_sa_by_icky(c, h->icookie, src);

		if (s2 != NULL && s2->initiator && zero8(s2->rcky) &&
		    !s2->deleted && h->msgid == 0 &&
		    (h->exch == ISAKMP_EXCH_MAIN ||
		    h->exch == ISAKMP_EXCH_AGGRESSIVE)) {
			memcpy(s2->rcky, h->rcookie, 8);
			sa = s2;
		}
	}
	if (sa == NULL && zero8(h->rcookie) && (h->exch == ISAKMP_EXCH_MAIN ||
	    h->exch == ISAKMP_EXCH_AGGRESSIVE) && h->np == ISAKMP_NP_SA) {
		struct ike_sa *old = ike_sa_by_icky(c, h->icookie, src);

		if (old != NULL && !old->initiator && !old->deleted) {
			/* A copy of the first message: answer it again. */
			sa = old;
		} else if (!ipsec_state(c->r)->isakmp_on &&
		    dport != IKE_GDOI_PORT) {
			/* "ISAKMP is OFF": no crypto map anywhere, IOS does
			 * not answer. */
			goto out;
		} else {
			if (old != NULL && !old->initiator)
				ike_sa_free(old);
			sa = ike_sa_new(c, false, dst, src);
			ike_sa_set_icky(sa, h->icookie);	/* indexed */
			sa->lport = dport;
			sa->pport = sport;
			sa->aggressive = h->exch == ISAKMP_EXCH_AGGRESSIVE;
			sa->ios = sa->aggressive ? AG_NO_STATE : MM_NO_STATE;
			sa->gdoi = dport == IKE_GDOI_PORT;	/* GETVPN */
		}
	}
	if (sa == NULL) {
		if (rc == 0 && h->exch == ISAKMP_EXCH_INFO &&
		    !(h->flags & ISAKMP_FLAG_E)) {
			/* An unprotected notify about an SA we no longer
			 * have: nothing to do. */
			goto out;
		}
		no_sa(c, src);
		goto out;
	}
	if (sa->deleted) {
		ikd(c->r, src, "ISAKMP (0:%u): received packet from %s dport %u "
		    "sport %u Global (%c) %s", sa->conn_id, ip_ntoa(src, pb),
		    dport, sport, ike_role(sa), "MM_NO_STATE");
		ikd_sa(sa, "SA is deleted, dropping packet");
		goto out;
	}
	if (src != sa->peer)
		goto out;
	/* A peer behind NAT may change its source port (float). */
	if (dport == ISAKMP_NATT_PORT && sa->lport != ISAKMP_NATT_PORT) {
		sa->lport = ISAKMP_NATT_PORT;
		sa->floated = true;
	}
	sa->pport = sport;
	ikd(c->r, src, "ISAKMP (0:%u): received packet from %s dport %u sport %u "
	    "Global (%c) %s", sa->conn_id, ip_ntoa(src, pb), dport, sport,
	    ike_role(sa), ike_ios_state_name(sa->ios));
	if (rc != 0) {
		char	 text[128];

		isakmp_error_text(rc, m->err_type, text, sizeof(text));
		if (ikd_on(c->r, src, IKE_LVL_ERROR))
			rdebug(c->r, "ISAKMP: %s", text);
		ike_bad_message(c, src);
		goto out;
	}
	if (h->msgid == 0 && (h->exch == ISAKMP_EXCH_MAIN ||
	    h->exch == ISAKMP_EXCH_AGGRESSIVE)) {
		uint8_t dig[20];

		ike_msg_hash(data, m->rawlen, dig);
		if (sa->have_rx && memcmp(dig, sa->rx_hash, 20) == 0) {
			c->rx_dup++;
			ikd_sa(sa, " phase 1 packet is a duplicate of a previous "
			    "packet.");
			/* Both ends answering copies at once would loop. */
			if (sa->last != NULL &&
			    sched_now() - sa->last_tx < IKE_DUP_HOLDOFF) {
				ikd_sa(sa, " retransmission skipped for phase 1 "
				    "(time since last transmission %u)",
				    (unsigned)((sched_now() - sa->last_tx) /
				    VT_MSEC));
			} else if (sa->last != NULL) {
				ikd_sa(sa, " retransmitting due to retransmit "
				    "phase 1");
				ikd_sa(sa, " retransmitting phase 1 %s...",
				    ike_ios_state_name(sa->ios));
				ike_xmit(sa, sa->last, sa->last_len);
			}
			goto out;
		}
		memcpy(sa->rx_hash, dig, 20);
		sa->have_rx = true;
	}
	if (!(h->flags & ISAKMP_FLAG_E))
		ikd_packet(sa, false, data, m->rawlen, m);
	switch (h->exch) {
	case ISAKMP_EXCH_MAIN:
		if (sa->aggressive)
			break;
		ike_mm_input(sa, m, in_if);
		break;
	case ISAKMP_EXCH_AGGRESSIVE:
		if (!sa->aggressive)
			break;
		ike_am_input(sa, m, in_if);
		break;
	case ISAKMP_EXCH_QUICK:
		if (sa->gdoi) {		/* 32 is GROUPKEY-PULL on 848 */
			ike_gdoi_pull_input(sa, data, m->rawlen);
			break;
		}
		ike_qm_input(sa, m, in_if);
		break;
	case ISAKMP_EXCH_INFO:
		ike_info_input(sa, m);
		break;
	default:
		ikd_sa(sa, "Unknown exchange type %u", h->exch);
		break;
	}
out:
	free(m);
}

static void
rx(void *arg, struct udp_sock *s, uint32_t src, uint16_t sport, uint32_t dst,
    const uint8_t *data, size_t len, struct iface *in_if)
{
	struct ike_ctx *c = arg;

	if (s == c->s4500) {
		if (len == 1 && data[0] == 0xff)
			return;			/* NAT keepalive */
		if (len < 4 || ike_rd32(data) != 0)
			return;			/* ESP: the data plane's */
		input(c, src, sport, dst, ISAKMP_NATT_PORT, data + 4, len - 4,
		    in_if);
		return;
	}
	if (s == c->s848) {
		input(c, src, sport, dst, IKE_GDOI_PORT, data, len, in_if);
		return;
	}
	input(c, src, sport, dst, ISAKMP_PORT, data, len, in_if);
}
