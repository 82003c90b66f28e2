/* The informational exchange: protected notifies and deletes (HASH(1) =
 * prf(SKEYID_a, M-ID | N/D), fresh IV per message id), the unprotected
 * notify of a failed phase 1, dead peer detection (RFC 3706: R-U-THERE /
 * R-U-THERE-ACK with sequence numbers, `crypto isakmp keepalive S R
 * [periodic|on-demand]`, five errors and the peer is dead), and the table
 * of IPsec SA pairs that deletes, clears and dead peers act on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ike_int.h"
#include "ipv4.h"
#include "rng.h"
#include "router.h"
#include "sadb.h"

/* ---- SA pairs ------------------------------------------------------------- */

void
ike_pair_add(struct ike_ctx *c, uint32_t local, uint32_t peer,
    uint32_t spi_in, uint32_t spi_out, uint32_t conn_id)
{
	struct ike_pair *p = calloc(1, sizeof(*p));

	if (p == NULL)
		abort();
	p->local = local;
	p->peer = peer;
	p->spi_in = spi_in;
	p->spi_out = spi_out;
	p->conn_id = conn_id;
	TAILQ_INSERT_TAIL(&c->pairs, p, entry);
}

/* By inbound or outbound SPI (0 = any), or just by peer when both are 0. */
struct ike_pair *
ike_pair_find(struct ike_ctx *c, uint32_t local, uint32_t peer,
    uint32_t spi_in, uint32_t spi_out)
{
	struct ike_pair *p;

	TAILQ_FOREACH(p, &c->pairs, entry) {
		if (p->peer != peer || (local != 0 && p->local != local))
			continue;
		if (spi_in != 0 && p->spi_in != spi_in)
			continue;
		if (spi_out != 0 && p->spi_out != spi_out)
			continue;
		return p;
	}
	return NULL;
}

static void
del_sa(struct router *r, struct ipsec_sa *s)
{
	char	 a[16], b[16];

	if (s == NULL)
		return;
	ipd(r, s->peer, "IPSEC(delete_sa): deleting SA,\n"
	    "  (sa) sa_dest= %s, sa_proto= 50, \n"
	    "    sa_spi= 0x%X(%u), \n"
	    "    sa_trans= %s , sa_conn_id= %u",
	    ip_ntoa(s->dir == IPSEC_DIR_IN ? s->local : s->peer, a), s->spi,
	    s->spi, s->cipher->keyword, s->conn_id);
	(void)b;
	ike_engine_dbg(r, "crypto engine: deleting IPSec SA SW:%u", s->conn_id);
	ipsec_flow_sa_gone(s->owner, s);
	sadb_del(ipsec_sadb(r), s);
}

void
ike_pair_delete(struct ike_ctx *c, struct ike_pair *p)
{
	struct sadb *db = ipsec_sadb(c->r);

	del_sa(c->r, sadb_lookup_in(db, p->local, p->spi_in));
	del_sa(c->r, sadb_find_out(db, p->peer, p->spi_out));
	TAILQ_REMOVE(&c->pairs, p, entry);
	free(p);
}

void
ike_ipsec_purge_peer(struct ike_ctx *c, uint32_t peer)
{
	struct ike_pair *p, *n;

	for (p = TAILQ_FIRST(&c->pairs); p != NULL; p = n) {
		n = TAILQ_NEXT(p, entry);
		if (peer == 0 || p->peer == peer)
			ike_pair_delete(c, p);
	}
}

/* ---- syslog --------------------------------------------------------------- */

void
ike_session_log(struct ike_sa *sa, bool up)
{
	char	 pb[16];

	if (!sa->ctx->session_log)
		return;
	/* The session is up or down as a whole: IPsec SAs that outlive
	 * (or predate) this IKE SA keep it up. */
	if (ike_pair_find(sa->ctx, sa->local, sa->peer, 0, 0) != NULL)
		return;
	ip_ntoa(sa->peer, pb);
	rlog(sa->ctx->r, 5, "CRYPTO", "SESSION_STATUS", "Crypto tunnel is %s"
	    "Peer %s:%u       Id: %s", up ? "UP  .   " : "DOWN. ", pb, sa->pport,
	    pb);
}

/* ---- sending -------------------------------------------------------------- */

static void
send_info(struct ike_sa *sa, struct isakmp_builder *b, uint32_t msgid)
{
	uint8_t	 mid[4], iv[IKE_MAX_BLOCK], *chain, *msg, first;
	size_t	 clen, mlen, hl = sa->h->len;
	struct prf_buf parts[2];

	first = b->first_np;
	chain = isakmp_build_finish(b, &clen);
	if (chain == NULL)
		return;
	ike_wr32(mid, msgid);
	parts[0] = (struct prf_buf){ mid, 4 };
	parts[1] = (struct prf_buf){ chain + ISAKMP_GEN_LEN + hl,
	    clen - ISAKMP_GEN_LEN - hl };
	(void)ike_prf(sa->h, sa->keys.skeyid_a, hl, parts, 2,
	    chain + ISAKMP_GEN_LEN);
	(void)ike_iv_exchange(sa->h, sa->p1_last, sa->c->block, msgid, iv);
	msg = ike_seal(sa, ISAKMP_EXCH_INFO, msgid, first, chain, clen, true,
	    iv, &mlen);
	free(chain);
	if (msg == NULL)
		return;
	ikd_packet(sa, true, msg, mlen, NULL);
	ike_xmit(sa, msg, mlen);
	free(msg);
	ikd_sa(sa, "purging node %d", (int32_t)msgid);
}

static uint32_t
info_msgid(void)
{
	uint32_t id;

	do
		id = rng_u32();
	while (id == 0);
	return id;
}

static bool
can_protect(const struct ike_sa *sa)
{
	return sa->st == IKE_P1_COMPLETE && sa->have_keys && !sa->deleted;
}

void
ike_info_notify(struct ike_sa *sa, uint8_t proto, const uint8_t *spi,
    uint8_t spi_size, uint16_t type, const uint8_t *data, size_t dlen)
{
	struct isakmp_builder b;
	uint8_t	 zero[IKE_MAX_HASH];
	uint32_t msgid;

	if (!can_protect(sa))
		return;
	msgid = info_msgid();
	memset(zero, 0, sizeof(zero));
	ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
	    (int32_t)msgid);
	ikd_sa(sa, "Sending NOTIFY %s protocol %u\n\tspi %u, message ID = %d",
	    isakmp_notify_name(type), proto, spi_size >= 4 ? ike_rd32(spi) : 0,
	    (int32_t)msgid);
	if (type == ISAKMP_N_R_U_THERE && dlen == 4)
		ikd_sa(sa, " seq. no 0x%X", ike_rd32(data));
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, proto, spi, spi_size, type,
	    data, dlen);
	send_info(sa, &b, msgid);
}

void
ike_info_notify_plain(struct ike_sa *sa, uint16_t type)
{
	struct isakmp_builder b;
	uint8_t	 spi[16], *chain, *msg, first;
	size_t	 clen, mlen;
	uint32_t msgid = info_msgid();

	memcpy(spi, sa->icky, 8);
	memcpy(spi + 8, sa->rcky, 8);
	ikd_sa(sa, "Sending NOTIFY %s protocol %u\n\tspi 0, message ID = %d",
	    isakmp_notify_name(type), ISAKMP_PROTO_ISAKMP, (int32_t)msgid);
	isakmp_build_init_chain(&b);
	isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP, spi, 16,
	    type, NULL, 0);
	first = b.first_np;
	chain = isakmp_build_finish(&b, &clen);
	if (chain == NULL)
		return;
	msg = ike_seal(sa, ISAKMP_EXCH_INFO, msgid, first, chain, clen, false,
	    NULL, &mlen);
	free(chain);
	if (msg == NULL)
		return;
	ike_xmit(sa, msg, mlen);
	free(msg);
}

void
ike_info_delete_p1(struct ike_sa *sa)
{
	struct isakmp_builder b;
	uint8_t	 zero[IKE_MAX_HASH], spi[16];
	uint32_t msgid;

	if (!can_protect(sa))
		return;
	msgid = info_msgid();
	memcpy(spi, sa->icky, 8);
	memcpy(spi + 8, sa->rcky, 8);
	memset(zero, 0, sizeof(zero));
	ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
	    (int32_t)msgid);
	ikd_sa(sa, "Sending DELETE protocol 1 spi size 16, message ID = %d",
	    (int32_t)msgid);
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	isakmp_build_delete(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP, 16, spi,
	    1);
	send_info(sa, &b, msgid);
}

void
ike_info_delete_spi(struct ike_sa *sa, uint32_t spi_in)
{
	struct isakmp_builder b;
	uint8_t	 zero[IKE_MAX_HASH], spi[4];
	uint32_t msgid;

	if (!can_protect(sa))
		return;
	msgid = info_msgid();
	ike_wr32(spi, spi_in);
	memset(zero, 0, sizeof(zero));
	ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
	    (int32_t)msgid);
	ikd_sa(sa, "Sending DELETE protocol 3 spi 0x%X, message ID = %d", spi_in,
	    (int32_t)msgid);
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	isakmp_build_delete(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4, spi, 1);
	send_info(sa, &b, msgid);
}

/* ---- DPD ------------------------------------------------------------------- */

static void	dpd_timer(void *);

static bool
dpd_on(const struct ike_sa *sa)
{
	return sa->peer_dpd && ipsec_state(sa->ctx->r)->keepalive > 0;
}

/* ESP counters of every pair with the peer: inbound decaps, outbound
 * encaps (on-demand DPD only asks when we send and hear nothing). */
static void
traffic(struct ike_sa *sa, uint64_t *in, uint64_t *out)
{
	struct sadb *db = ipsec_sadb(sa->ctx->r);
	struct ike_pair *p;
	struct ipsec_sa *s;

	*in = *out = 0;
	TAILQ_FOREACH(p, &sa->ctx->pairs, entry) {
		if (p->peer != sa->peer)
			continue;
		if ((s = sadb_lookup_in(db, p->local, p->spi_in)) != NULL)
			*in += s->st.decaps;
		if ((s = sadb_find_out(db, p->peer, p->spi_out)) != NULL)
			*out += s->st.encaps;
	}
}

static void
send_r_u_there(struct ike_sa *sa)
{
	uint8_t	 spi[16], seq[4];

	sa->dpd_seq++;
	memcpy(spi, sa->icky, 8);
	memcpy(spi + 8, sa->rcky, 8);
	ike_wr32(seq, sa->dpd_seq);
	ike_info_notify(sa, ISAKMP_PROTO_ISAKMP, spi, 16, ISAKMP_N_R_U_THERE,
	    seq, 4);
	sa->dpd_waiting = true;
}

static void
dead(struct ike_sa *sa)
{
	struct ike_ctx *c = sa->ctx;
	uint32_t peer = sa->peer;
	struct ipsec_engine *e = ipsec_engine(c->r);
	struct ipsec_flow *f, *nf;
	char	 pb[16];

	ikd_sa(sa, "peer %s not responding!", ip_ntoa(peer, pb));
	ikd_sa(sa, "peer does not do paranoid keepalives.\n");
	/* The peer's IPsec SAs go with it; with another `set peer`, the next
	 * packet negotiates with that one. */
	ike_ipsec_purge_peer(c, peer);
	ike_sa_delete(sa, "P1 errcounter exceeded (PEERS_ALIVE_TIMER)");
	for (f = TAILQ_FIRST(&e->flows); f != NULL; f = nf) {
		struct crypto_map_entry *ce;
		struct ike_flow_id id;

		nf = TAILQ_NEXT(f, entry);
		if (f->peer != peer)
			continue;
		ike_flow_id_of(&id, f);
		ce = ike_flow_entry(c->r, &id, NULL);
		if (ce != NULL && ce->n_peers > 1)
			ipsec_flow_delete(c->r, f);
	}
	ike_peer_failover(c, peer);
}

static void
dpd_timer(void *arg)
{
	struct ike_sa *sa = arg;
	struct ipsec_state *st = ipsec_state(sa->ctx->r);
	vtime_t	 ival = (vtime_t)st->keepalive * VT_SEC;
	vtime_t	 retry = (vtime_t)(st->keepalive_retry > 0 ?
	    st->keepalive_retry : 2) * VT_SEC;
	uint64_t in, out;
	bool	 ask;

	if (sa->deleted || !dpd_on(sa))
		return;
	if (sa->dpd_waiting) {
		sa->dpd_errors++;
		ikd_sa(sa, "DPD incrementing error counter (%d/%d)",
		    sa->dpd_errors, IKE_DPD_MAX_ERRORS);
		if (sa->dpd_errors >= IKE_DPD_MAX_ERRORS) {
			dead(sa);
			return;
		}
		send_r_u_there(sa);
		ikd_input(sa, "IKE_MESG_FROM_TIMER, IKE_TIMER_PEERS_ALIVE");
		ikd_trans(sa, "IKE_P1_COMPLETE", "IKE_P1_COMPLETE");
		timer_set(&sa->dpd_ev, retry, dpd_timer, sa);
		return;
	}
	traffic(sa, &in, &out);
	if (st->keepalive_periodic)
		ask = sched_now() - sa->last_rx >= ival || in == sa->dpd_in;
	else
		ask = out != sa->dpd_out && in == sa->dpd_in;
	sa->dpd_in = in;
	sa->dpd_out = out;
	if (!ask) {
		timer_set(&sa->dpd_ev, ival, dpd_timer, sa);
		return;
	}
	send_r_u_there(sa);
	ikd_input(sa, "IKE_MESG_FROM_TIMER, IKE_TIMER_PEERS_ALIVE");
	ikd_trans(sa, "IKE_P1_COMPLETE", "IKE_P1_COMPLETE");
	timer_set(&sa->dpd_ev, retry, dpd_timer, sa);
}

void
ike_dpd_start(struct ike_sa *sa)
{
	struct ipsec_state *st = ipsec_state(sa->ctx->r);

	sa->dpd_seq = rng_u32() & 0x7fffffffu;
	if (!dpd_on(sa))
		return;
	traffic(sa, &sa->dpd_in, &sa->dpd_out);
	timer_set(&sa->dpd_ev, (vtime_t)st->keepalive * VT_SEC, dpd_timer, sa);
}

/* ---- receiving ------------------------------------------------------------- */

static void
notify_in(struct ike_sa *sa, const struct isakmp_notify *n, uint32_t msgid)
{
	struct ike_ctx *c = sa->ctx;
	struct ipsec_state *st = ipsec_state(c->r);
	uint32_t seq;
	char	 pb[16];

	ikd_sa(sa, " processing NOTIFY %s protocol %u\n\tspi %u, message ID = "
	    "%d, sa = %08X", isakmp_notify_name(n->type), n->proto,
	    n->spi_size >= 4 ? ike_rd32(n->spi) : 0, (int32_t)msgid,
	    ike_rd32(sa->icky));
	ip_ntoa(sa->peer, pb);
	switch (n->type) {
	case ISAKMP_N_R_U_THERE:
		if (!isakmp_notify_dpd_seq(n, &seq))
			return;
		ikd_sa(sa, "DPD/R_U_THERE received from peer %s, sequence 0x%X",
		    pb, seq);
		sa->dpd_peer_seq = seq;
		{
			uint8_t	 spi[16], sq[4];

			memcpy(spi, sa->icky, 8);
			memcpy(spi + 8, sa->rcky, 8);
			ike_wr32(sq, seq);
			ike_info_notify(sa, ISAKMP_PROTO_ISAKMP, spi, 16,
			    ISAKMP_N_R_U_THERE_ACK, sq, 4);
		}
		break;
	case ISAKMP_N_R_U_THERE_ACK:
		if (!isakmp_notify_dpd_seq(n, &seq))
			return;
		ikd_sa(sa, "DPD/R_U_THERE_ACK received from peer %s, sequence "
		    "0x%X", pb, seq);
		if (seq == sa->dpd_seq && sa->dpd_waiting) {
			sa->dpd_waiting = false;
			sa->dpd_errors = 0;
			timer_set(&sa->dpd_ev, (vtime_t)st->keepalive * VT_SEC,
			    dpd_timer, sa);
		}
		break;
	case ISAKMP_N_INITIAL_CONTACT:
		ike_ipsec_purge_peer(c, sa->peer);
		break;
	case ISAKMP_N_NO_PROPOSAL_CHOSEN:
	case ISAKMP_N_INVALID_ID_INFORMATION:
	case ISAKMP_N_INVALID_KEY_INFORMATION: {
		/* Our quick mode with that SPI failed: drop the node. */
		struct ike_qm *qm, *nq;

		for (qm = TAILQ_FIRST(&sa->qms); qm != NULL; qm = nq) {
			nq = TAILQ_NEXT(qm, entry);
			if (qm->initiator && qm->st == IKE_QM_I_QM1 &&
			    (n->spi_size != 4 || ike_rd32(n->spi) ==
			    qm->spi_in)) {
				ikd_sa(sa, "deleting node %d error TRUE reason "
				    "\"Delete Larval\"", (int32_t)qm->msgid);
				ike_qm_free(qm);
			}
		}
		break;
	}
	default:
		break;
	}
}

static void
delete_in(struct ike_sa *sa, const struct isakmp_delete *d, uint32_t msgid)
{
	struct ike_ctx *c = sa->ctx;

	ikd_sa(sa, "processing DELETE payload. message ID = %d",
	    (int32_t)msgid);
	if (d->proto == ISAKMP_PROTO_ISAKMP && d->spi_size == 16) {
		for (int i = 0; i < d->n_spi; i++) {
			const uint8_t *spi = d->spis + 16 * i;
			struct ike_sa *o = ike_sa_by_cookies(c, spi, spi + 8);

			if (o != NULL && !o->deleted)
				ike_sa_delete(o, "No reason");
		}
		return;
	}
	if (d->proto != ISAKMP_PROTO_ESP || d->spi_size != 4)
		return;
	ipd(c->r, sa->peer, "IPSEC(key_engine): got a queue event with 1 KMI "
	    "message(s)\nIPSEC(key_engine_delete_sas): rec'd delete notify "
	    "from ISAKMP");
	for (int i = 0; i < d->n_spi; i++) {
		uint32_t spi = isakmp_delete_spi32(d, i);
		struct ike_pair *p = ike_pair_find(c, sa->local, sa->peer, 0,
		    spi);

		ipd(c->r, sa->peer, "IPSEC(key_engine_delete_sas): delete SA "
		    "with spi 0x%X proto 50 for %s", spi,
		    ip_ntoa(sa->peer, (char[16]){ 0 }));
		if (p != NULL)
			ike_pair_delete(c, p);
	}
}

void
ike_info_input(struct ike_sa *sa, struct isakmp_msg *m)
{
	uint8_t	 iv[IKE_MAX_BLOCK], mid[4], want[IKE_MAX_HASH], *plain;
	const struct isakmp_pl *hp, *last, *pl;
	struct prf_buf parts[2];
	size_t	 plen, start, end;
	uint32_t msgid = m->hdr.msgid;

	if (!(m->hdr.flags & ISAKMP_FLAG_E)) {
		const struct isakmp_pl *n = isakmp_find(m, ISAKMP_NP_N);
		struct isakmp_notify nt;

		if (n != NULL && isakmp_notify_decode(n->body, n->len, &nt) == 0)
			ikd_sa(sa, " processing NOTIFY %s protocol %u",
			    isakmp_notify_name(nt.type), nt.proto);
		ikd_sa(sa, "Notify has no hash. Rejected.");
		ikd(sa->ctx->r, sa->peer, "ISAKMP (%u): Unknown Input "
		    "IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY:  state = %s",
		    sa->conn_id, ike_state_name(sa->st));
		return;
	}
	if (sa->st != IKE_P1_COMPLETE || !sa->have_keys)
		return;
	(void)ike_iv_exchange(sa->h, sa->p1_last, sa->c->block, msgid, iv);
	plain = ike_open(sa, m->raw, m->rawlen, iv, &plen);
	if (plain == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	if (ike_parse_plain(sa, m, m->hdr.np, plain, plen, m->raw,
	    m->rawlen) != 0 || m->n < 2 || m->pl[0].type != ISAKMP_NP_HASH) {
		free(plain);
		return;
	}
	ikd_packet(sa, false, m->raw, m->rawlen, m);
	hp = &m->pl[0];
	last = &m->pl[m->n - 1];
	start = hp->off - ISAKMP_HDR_LEN + ISAKMP_GEN_LEN + hp->len;
	end = last->off - ISAKMP_HDR_LEN + ISAKMP_GEN_LEN + last->len;
	ike_wr32(mid, msgid);
	parts[0] = (struct prf_buf){ mid, 4 };
	parts[1] = (struct prf_buf){ plain + start, end - start };
	if (hp->len != sa->h->len || ike_prf(sa->h, sa->keys.skeyid_a,
	    sa->h->len, parts, 2, want) != 0 ||
	    memcmp(want, hp->body, hp->len) != 0) {
		ikd_err(sa, "Informational hash verification failed");
		ike_bad_message(sa->ctx, sa->peer);
		free(plain);
		return;
	}
	sa->last_rx = sched_now();
	ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
	    (int32_t)msgid);
	ikd_sa(sa, " processing HASH payload. message ID = %d",
	    (int32_t)msgid);
	for (int i = 1; i < m->n && !sa->deleted; i++) {
		pl = &m->pl[i];
		if (pl->type == ISAKMP_NP_N) {
			struct isakmp_notify nt;

			if (isakmp_notify_decode(pl->body, pl->len, &nt) == 0)
				notify_in(sa, &nt, msgid);
		} else if (pl->type == ISAKMP_NP_D) {
			struct isakmp_delete d;

			if (isakmp_delete_decode(pl->body, pl->len, &d) == 0)
				delete_in(sa, &d, msgid);
		}
	}
	ikd_sa(sa, "deleting node %d error FALSE reason \"Informational (in) "
	    "state 1\"", (int32_t)msgid);
	free(plain);
}

/* ---- clears ---------------------------------------------------------------- */

void
ike_clear_ipsec(struct router *r, uint32_t peer)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_pair *p, *n;

	if (c == NULL)
		return;
	for (p = TAILQ_FIRST(&c->pairs); p != NULL; p = n) {
		struct ike_sa *sa;

		n = TAILQ_NEXT(p, entry);
		if (peer != 0 && p->peer != peer)
			continue;
		sa = ike_sa_find_peer(c, p->local, p->peer, false);
		if (sa != NULL)
			ike_info_delete_spi(sa, p->spi_in);
		ike_pair_delete(c, p);
	}
}

int
ike_clear_isakmp(struct router *r, uint32_t conn_id)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_sa *sa, *n;
	int	 k = 0;

	if (c == NULL)
		return 0;
	for (sa = TAILQ_FIRST(&c->sas); sa != NULL; sa = n) {
		n = TAILQ_NEXT(sa, entry);
		if (sa->deleted || (conn_id != 0 && sa->conn_id != conn_id))
			continue;
		ike_info_delete_p1(sa);
		ike_sa_delete(sa, "Manually deleted");
		k++;
	}
	return k;
}

void
ike_clear_session(struct router *r, uint32_t peer)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_sa *sa, *n;

	if (c == NULL)
		return;
	ike_clear_ipsec(r, peer);
	for (sa = TAILQ_FIRST(&c->sas); sa != NULL; sa = n) {
		n = TAILQ_NEXT(sa, entry);
		if (sa->deleted || (peer != 0 && sa->peer != peer))
			continue;
		ike_info_delete_p1(sa);
		ike_sa_delete(sa, "Manually deleted");
	}
}
