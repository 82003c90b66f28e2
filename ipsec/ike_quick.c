/* Quick mode (RFC 2409 §5.5), initiator and responder, with and without
 * PFS, and the IPsec SAs it makes.
 *
 *	I -> R	*HASH(1), SA, Ni [, KE] , IDci, IDcr
 *	R -> I	*HASH(2), SA, Nr [, KE] , IDci, IDcr [, N(RESPONDER-LIFETIME)]
 *	I -> R	*HASH(3)
 *
 * The initiator offers one proposal per transform set of the crypto map
 * entry (IOS order); the responder finds its own entry by the proxy
 * identities (crypto ACL) and the peer, then checks the proposals against
 * that entry's transform sets, printing what IOS prints ("Checking IPSec
 * proposal 1", IPSEC(validate_proposal_request), "transform proposal not
 * supported for identity", "proxy identities not supported").  KEYMAT per
 * §5.5; each SA's keys use the SPI its receiver chose.  Soft expiry of an
 * SA starts a rekey while the old pair keeps working; hard expiry deletes
 * the pair and tells the peer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "dh.h"
#include "engine.h"
#include "iface.h"
#include "ike_int.h"
#include "ipv4.h"
#include "keyexport.h"
#include "lab.h"
#include "rng.h"
#include "router.h"
#include "sadb.h"
#include "xform.h"

#define QM_KEEP		(60 * VT_SEC)	/* a finished node answers copies */

/* ---- nodes ---------------------------------------------------------------- */

void
ike_qm_free(struct ike_qm *qm)
{
	struct ike_sa *sa = qm->sa;

	TAILQ_REMOVE(&sa->qms, qm, entry);
	timer_cancel(&qm->retx_ev);
	timer_cancel(&qm->purge_ev);
	if (qm->spi_in != 0 && qm->st != IKE_QM_PHASE2_COMPLETE)
		sadb_release_spi(ipsec_sadb(sa->ctx->r), sa->local, qm->spi_in);
	dh_free(qm->dh);
	if (qm->gqm != NULL) {
		memset(qm->gqm, 0, qm->gqm_len);
		free(qm->gqm);
	}
	free(qm->last);
	free(qm);
}

static struct ike_qm *
qm_new(struct ike_sa *sa, uint32_t msgid, bool initiator)
{
	struct ike_qm *qm = calloc(1, sizeof(*qm));

	if (qm == NULL)
		abort();
	qm->sa = sa;
	qm->msgid = msgid;
	qm->initiator = initiator;
	qm->st = IKE_QM_READY;
	(void)ike_iv_exchange(sa->h, sa->p1_last, sa->c->block, msgid, qm->iv);
	TAILQ_INSERT_TAIL(&sa->qms, qm, entry);
	return qm;
}

static struct ike_qm *
qm_find(struct ike_sa *sa, uint32_t msgid)
{
	struct ike_qm *qm;

	TAILQ_FOREACH(qm, &sa->qms, entry)
		if (qm->msgid == msgid)
			return qm;
	return NULL;
}

static bool
proxy_eq(const struct ipsec_proxy *a, const struct ipsec_proxy *b)
{
	return a->addr == b->addr && a->mask == b->mask &&
	    a->proto == b->proto && a->port == b->port;
}

static bool
fid_eq(const struct ike_flow_id *a, const struct ike_flow_id *b)
{
	return a->seq == b->seq && a->peer == b->peer &&
	    strcmp(a->map, b->map) == 0 && strcmp(a->ifname, b->ifname) == 0 &&
	    proxy_eq(&a->lid, &b->lid) && proxy_eq(&a->rid, &b->rid);
}

bool
ike_flow_busy(struct ike_ctx *c, const struct ike_flow_id *id)
{
	struct ike_sa *sa;
	struct ike_qm *qm;

	TAILQ_FOREACH(sa, &c->sas, entry) {
		if (sa->deleted)
			continue;
		for (int i = 0; i < sa->n_pending; i++)
			if (fid_eq(&sa->pending[i], id))
				return true;
		TAILQ_FOREACH(qm, &sa->qms, entry)
			if (qm->st != IKE_QM_PHASE2_COMPLETE &&
			    fid_eq(&qm->fid, id))
				return true;
	}
	return false;
}

static uint32_t
new_msgid(struct ike_sa *sa)
{
	uint32_t id;

	do
		id = rng_u32();
	while (id == 0 || qm_find(sa, id) != NULL);
	return id;
}

static void
qm_set_state(struct ike_qm *qm, int st)
{
	ikd_sa(qm->sa, "Old State = %s  New State = %s\n",
	    ike_qm_state_name(qm->st), ike_qm_state_name(st));
	qm->st = st;
}

static void
purge_node(void *arg)
{
	struct ike_qm *qm = arg;

	ikd_sa(qm->sa, "purging node %d", (int32_t)qm->msgid);
	ike_qm_free(qm);
}

static void
node_done(struct ike_qm *qm, bool error, const char *reason)
{
	ikd_sa(qm->sa, "deleting node %d error %s reason \"%s\"",
	    (int32_t)qm->msgid, error ? "TRUE" : "FALSE", reason);
	timer_cancel(&qm->retx_ev);
	if (error) {
		ike_qm_free(qm);
		return;
	}
	timer_set(&qm->purge_ev, QM_KEEP, purge_node, qm);
}

/* ---- sending -------------------------------------------------------------- */

static void
qm_retx(void *arg)
{
	struct ike_qm *qm = arg;
	struct ike_sa *sa = qm->sa;

	if (qm->last == NULL)
		return;
	if (qm->retx >= IKE_RETX_MAX) {
		ikd_sa(sa, "QM retransmission limit reached for node %d",
		    (int32_t)qm->msgid);
		node_done(qm, true, "Death by retransmission P2");
		return;
	}
	qm->retx++;
	ikd_sa(sa, " retransmitting phase 2 %s %d ...",
	    ike_qm_state_name(qm->st), (int32_t)qm->msgid);
	ikd(sa->ctx->r, sa->peer, "ISAKMP (0:%u): incrementing error counter on "
	    "node, attempt %d of %d: retransmit phase 2", sa->conn_id, qm->retx,
	    IKE_RETX_MAX);
	ike_xmit(sa, qm->last, qm->last_len);
	qm->last_tx = sched_now();
	timer_set(&qm->retx_ev, IKE_RETX_INTERVAL, qm_retx, qm);
}

/* chain starts with an empty HASH payload of h->len bytes; fill it with
 * prf(SKEYID_a, [0 |] M-ID | [Ni_b |] [Nr_b |] rest) and send. */
static void
qm_send(struct ike_qm *qm, uint8_t *chain, size_t clen, uint8_t first,
    int which, bool retx)
{
	struct ike_sa *sa = qm->sa;
	size_t	 hl = sa->h->len, mlen;
	uint8_t	 mid[4], zero = 0, *msg;
	struct prf_buf parts[4];
	size_t	 np = 0;

	ike_wr32(mid, qm->msgid);
	if (which == 3)
		parts[np++] = (struct prf_buf){ &zero, 1 };
	parts[np++] = (struct prf_buf){ mid, 4 };
	if (which >= 2)
		parts[np++] = (struct prf_buf){ qm->ni, qm->ni_len };
	if (which == 3)
		parts[np++] = (struct prf_buf){ qm->nr, qm->nr_len };
	else
		parts[np++] = (struct prf_buf){ chain + ISAKMP_GEN_LEN + hl,
		    clen - ISAKMP_GEN_LEN - hl };
	(void)ike_prf(sa->h, sa->keys.skeyid_a, sa->h->len, parts, np,
	    chain + ISAKMP_GEN_LEN);
	msg = ike_seal(sa, ISAKMP_EXCH_QUICK, qm->msgid, first, chain, clen,
	    true, qm->iv, &mlen);
	free(chain);
	if (msg == NULL)
		return;
	ikd_packet(sa, true, msg, mlen, NULL);
	ike_xmit(sa, msg, mlen);
	qm->last_tx = sched_now();
	free(qm->last);
	qm->last = msg;
	qm->last_len = mlen;
	qm->retx = 0;
	if (retx)
		timer_set(&qm->retx_ev, IKE_RETX_INTERVAL, qm_retx, qm);
	else
		timer_cancel(&qm->retx_ev);
}

/* ---- identities ------------------------------------------------------------ */

static void
build_id(struct isakmp_builder *b, const struct ipsec_proxy *p)
{
	uint8_t	 d[8];

	ike_wr32(d, p->addr);
	if (p->mask == 0xffffffffu) {
		isakmp_build_id(b, ISAKMP_ID_IPV4_ADDR, p->proto, p->port, d, 4);
		return;
	}
	ike_wr32(d + 4, p->mask);
	isakmp_build_id(b, ISAKMP_ID_IPV4_ADDR_SUBNET, p->proto, p->port, d, 8);
}

static int
id_to_proxy(const struct isakmp_pl *pl, struct ipsec_proxy *p)
{
	struct isakmp_id id;

	if (isakmp_id_decode(pl->body, pl->len, &id) != 0)
		return -1;
	memset(p, 0, sizeof(*p));
	p->proto = id.proto;
	p->port = id.port;
	switch (id.type) {
	case ISAKMP_ID_IPV4_ADDR:
		p->addr = id.addr;
		p->mask = 0xffffffffu;
		return 0;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
		p->mask = id.addr2;
		p->addr = id.addr & id.addr2;
		return 0;
	default:
		return -1;	/* ranges and IPv6: not in crypto maps */
	}
}

static int
proxy_type(const struct ipsec_proxy *p)
{
	return p->mask == 0xffffffffu ? ISAKMP_ID_IPV4_ADDR :
	    ISAKMP_ID_IPV4_ADDR_SUBNET;
}

static const char *
proxy_text(const struct ipsec_proxy *p, char *buf, size_t len)
{
	char	 a[16], m[16];

	snprintf(buf, len, "%s/%s/%u/%u", ip_ntoa(p->addr, a),
	    ip_ntoa(p->mask, m), p->proto, p->port);
	return buf;
}

/* ---- proposals ----------------------------------------------------------- */

static uint8_t
ts_esp_id(const struct transform_set *t)
{
	return t->esp_encr != 0 ? t->esp_encr : ESP_NULL;
}

static bool
ts_usable(const struct transform_set *t)
{
	if (t->ah != 0)
		return false;		/* AH: not in the data plane */
	if (esp_cipher_by_id(ts_esp_id(t), t->keylen) == NULL)
		return false;
	return t->esp_auth == 0 || esp_auth_by_id((uint8_t)t->esp_auth) != NULL;
}

static bool
keyed(uint8_t id)
{
	return id == ESP_AES || id == ESP_AES_GCM_16 ||
	    id == ESP_NULL_AUTH_AES_GMAC;
}

static void
build_proposal(struct ike_sa *sa, struct isakmp_builder *b, uint8_t num,
    const struct transform_set *t, uint32_t spi, uint32_t life_sec,
    uint32_t life_kb, int pfs)
{
	uint8_t	 s[4];
	uint8_t	 id = ts_esp_id(t);

	ike_wr32(s, spi);
	isakmp_build_prop_begin(b, num, ISAKMP_PROTO_ESP, s, 4);
	isakmp_build_tr_begin(b, 1, id);
	isakmp_build_attr(b, IPSEC_ATTR_ENCAP, ike_natt_encap(sa, t->mode ?
	    t->mode : IPSEC_ENCAP_TUNNEL));
	isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
	isakmp_build_attr(b, IPSEC_ATTR_LIFE_DURATION, life_sec);
	isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_KILOBYTES);
	isakmp_build_attr_u32(b, IPSEC_ATTR_LIFE_DURATION, life_kb);
	if (t->esp_auth != 0)
		isakmp_build_attr(b, IPSEC_ATTR_AUTH, t->esp_auth);
	if (keyed(id))
		isakmp_build_attr(b, IPSEC_ATTR_KEY_LENGTH,
		    t->keylen ? t->keylen : 128);
	if (pfs != 0)
		isakmp_build_attr(b, IPSEC_ATTR_GROUP, (uint64_t)pfs);
	isakmp_build_tr_end(b);
	isakmp_build_prop_end(b);
}

/* The transform set a proposal's transform stands for. */
static int
proposal_ts(const struct isakmp_transform *tr, struct transform_set *t,
    struct ipsec_p2_attrs *a)
{
	memset(t, 0, sizeof(*t));
	if (ipsec_p2_attrs_decode(tr->attrs, tr->attrs_len, a) != 0 ||
	    a->n_unknown > 0)
		return -1;
	t->esp_encr = tr->id == ESP_NULL ? 0 : tr->id;
	t->keylen = keyed(tr->id) ? (a->keylen ? a->keylen : 128) : 0;
	t->esp_auth = a->auth;
	switch (a->encap) {
	case IPSEC_ENCAP_TRANSPORT:
	case IPSEC_ENCAP_UDP_TRANSPORT:
	case IPSEC_ENCAP_UDP_TRANSPORT_DRAFT:
		t->mode = IPSEC_ENCAP_TRANSPORT;
		break;
	default:
		t->mode = IPSEC_ENCAP_TUNNEL;
		break;
	}
	if (tr->id == ESP_NULL && a->auth == 0)
		return -1;
	if (esp_cipher_by_id(tr->id, t->keylen) == NULL)
		return -1;
	if (a->auth != 0 && esp_auth_by_id((uint8_t)a->auth) == NULL)
		return -1;
	return 0;
}

static bool
ts_same(const struct transform_set *a, const struct transform_set *b)
{
	uint16_t ka = keyed(ts_esp_id(a)) ? (a->keylen ? a->keylen : 128) : 0;
	uint16_t kb = keyed(ts_esp_id(b)) ? (b->keylen ? b->keylen : 128) : 0;
	uint16_t ma = a->mode ? a->mode : IPSEC_ENCAP_TUNNEL;
	uint16_t mb = b->mode ? b->mode : IPSEC_ENCAP_TUNNEL;

	return ts_esp_id(a) == ts_esp_id(b) && ka == kb &&
	    a->esp_auth == b->esp_auth && ma == mb && a->ah == b->ah;
}

static void
print_p2_attrs(struct ike_sa *sa, const struct isakmp_transform *tr)
{
	const uint8_t *p = tr->attrs;
	size_t	 n = tr->attrs_len;
	struct isakmp_attr a;
	char	 buf[128];

	if (!ikd_on(sa->ctx->r, sa->peer, IKE_LVL_NORMAL))
		return;
	rdebug(sa->ctx->r, "ISAKMP: transform %u, %s", tr->num,
	    ipsec_esp_name(tr->id));
	rdebug(sa->ctx->r, "ISAKMP:   attributes in transform:");
	while (isakmp_attr_next(&p, &n, &a) > 0) {
		ipsec_p2_attr_text(&a, buf, sizeof(buf));
		rdebug(sa->ctx->r, "ISAKMP:      %s", buf);
	}
}

/* ---- initiator ----------------------------------------------------------- */

static void
ipsec_sa_request(struct ike_sa *sa, const struct ike_flow_id *fid,
    const struct transform_set *t, uint32_t ls, uint32_t lkb)
{
	struct strbuf sb = STRBUF_INIT;
	char	 a[16], b[16], l[64], r[64];

	if (!ipd_on(sa->ctx->r, sa->peer))
		return;
	ipsec_ts_transforms_text(t, false, &sb);
	ipd(sa->ctx->r, sa->peer, "IPSEC(sa_request): ,\n"
	    "  (key eng. msg.) OUTBOUND local= %s, remote= %s,\n"
	    "    local_proxy= %s (type=%d),\n"
	    "    remote_proxy= %s (type=%d),\n"
	    "    protocol= ESP, transform= %s  (%s),\n"
	    "    lifedur= %us and %ukb,\n"
	    "    spi= 0x0(0), conn_id= 0, keysize= %u, flags= 0x0",
	    ip_ntoa(sa->local, a), ip_ntoa(sa->peer, b),
	    proxy_text(&fid->lid, l, sizeof(l)), proxy_type(&fid->lid),
	    proxy_text(&fid->rid, r, sizeof(r)), proxy_type(&fid->rid),
	    sb_str(&sb), t->mode == IPSEC_ENCAP_TRANSPORT ? "Transport" :
	    "Tunnel", ls, lkb, keyed(ts_esp_id(t)) ?
	    (t->keylen ? t->keylen : 128) : 0);
	sb_free(&sb);
}

int
ike_qm_start(struct ike_sa *sa, const struct ike_flow_id *fid)
{
	struct router *r = sa->ctx->r;
	struct crypto_map_entry *e;
	struct isakmp_builder b;
	struct ike_qm *qm;
	uint8_t	 zero[IKE_MAX_HASH], first, *chain;
	size_t	 clen;
	int	 nprop = 0;
	uint32_t ls, lkb;

	if ((e = ike_flow_entry(r, fid, NULL)) == NULL)
		return -1;
	if (ike_flow_busy(sa->ctx, fid))
		return 0;
	qm = qm_new(sa, new_msgid(sa), true);
	qm->fid = *fid;
	qm->pfs = e->pfs;
	ls = ipsec_map_life_sec(r, e);
	lkb = ipsec_map_life_kb(r, e);
	qm->life_sec = ls;
	qm->life_kb = lkb;
	qm->spi_in = sadb_alloc_spi(ipsec_sadb(r), sa->local);
	rng_bytes(qm->ni, IKE_NONCE_LEN);
	qm->ni_len = IKE_NONCE_LEN;
	if (qm->pfs != 0 &&
	    (qm->dh = ike_dh_new(sa->ctx, qm->pfs)) == NULL) {
		ike_qm_free(qm);
		return -1;
	}
	ikd(r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
	    (int32_t)qm->msgid);
	memset(zero, 0, sizeof(zero));
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	for (int i = 0; i < e->n_ts; i++) {
		struct transform_set *t = ipsec_ts_find(r, e->ts[i]);

		if (t == NULL || !ts_usable(t))
			continue;
		ipsec_sa_request(sa, fid, t, ls, lkb);
		build_proposal(sa, &b, (uint8_t)++nprop, t, qm->spi_in, ls, lkb,
		    qm->pfs);
	}
	isakmp_build_sa_end(&b);
	if (nprop == 0) {
		isakmp_build_free(&b);
		ikd_err(sa, "no usable transform set for map %s %d", fid->map,
		    fid->seq);
		ike_qm_free(qm);
		return -1;
	}
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, qm->ni, qm->ni_len);
	if (qm->dh != NULL) {
		size_t	 pl;
		const uint8_t *pub = dh_public(qm->dh, &pl);

		isakmp_build_payload(&b, ISAKMP_NP_KE, pub, pl);
	}
	build_id(&b, &fid->lid);
	build_id(&b, &fid->rid);
	first = b.first_np;
	chain = isakmp_build_finish(&b, &clen);
	if (chain == NULL) {
		ike_qm_free(qm);
		return -1;
	}
	ikd_sa(sa, "beginning Quick Mode exchange, M-ID of %d",
	    (int32_t)qm->msgid);
	ikd_sa(sa, "QM Initiator gets spi");
	qm_send(qm, chain, clen, first, 1, true);
	ikd_node_input(sa, qm->msgid, "IKE_MESG_INTERNAL, IKE_INIT_QM");
	qm_set_state(qm, IKE_QM_I_QM1);
	return 0;
}

/* ---- installing the SAs -------------------------------------------------- */

static struct ipsec_sa *
make_sa(struct ike_qm *qm, enum ipsec_dir dir, uint32_t spi,
    const struct esp_cipher *ec, const struct esp_auth *ea)
{
	struct ike_sa *sa = qm->sa;
	struct ipsec_state *st = ipsec_state(sa->ctx->r);
	uint8_t	 km[ESP_MAX_KEY + ESP_MAX_AUTHKEY];
	size_t	 kl = esp_keymat_len(ec, ea);
	struct ipsec_sa *s;

	s = ipsec_sa_new(dir, spi, ec, ea);
	if (s == NULL)
		return NULL;
	if (ike_keymat(sa->h, sa->keys.skeyid_d, qm->gqm, qm->gqm_len,
	    ISAKMP_PROTO_ESP, spi, qm->ni, qm->ni_len, qm->nr, qm->nr_len, km,
	    kl) != 0 || ipsec_sa_set_keys(s, km, kl) != 0) {
		memset(km, 0, sizeof(km));
		ipsec_sa_free(s);
		return NULL;
	}
	memset(km, 0, sizeof(km));
	s->mode = qm->ts.mode == IPSEC_ENCAP_TRANSPORT ? IPSEC_MODE_TRANSPORT :
	    IPSEC_MODE_TUNNEL;
	s->local = sa->local;
	s->peer = sa->peer;
	if (qm->encap == IPSEC_ENCAP_UDP_TUNNEL ||
	    qm->encap == IPSEC_ENCAP_UDP_TRANSPORT ||
	    qm->encap == IPSEC_ENCAP_UDP_TUNNEL_DRAFT ||
	    qm->encap == IPSEC_ENCAP_UDP_TRANSPORT_DRAFT) {
		s->udp_local = ISAKMP_NATT_PORT;
		s->udp_peer = sa->pport;
	}
	s->lid = qm->fid.lid;
	s->rid = qm->fid.rid;
	s->conn_id = ike_engine_alloc(sa->ctx);
	if (dir == IPSEC_DIR_IN)
		ipsec_sa_set_replay(s, st->replay_disable ? 0 :
		    (unsigned)st->replay_window);
	ipsec_sa_set_lifetime(s, qm->life_sec, qm->life_kb);
	if (!qm->initiator && s->soft_secs != 0) {
		/* The quick-mode initiator rekeys first: the responder's soft
		 * limits come later, so both ends do not start a rekey at the
		 * same moment. */
		uint32_t gap = (s->life_secs - s->soft_secs) / 2;

		ipsec_sa_set_soft(s, s->soft_secs + (gap < 10 ? gap : 10),
		    s->life_kb * 95 / 100);
	}
	ipsec_sa_set_expire_cb(s, ike_ipsec_expired, sa->ctx);
	return s;
}

static void
creating_text(struct ike_qm *qm)
{
	struct ike_sa *sa = qm->sa;
	char	 a[16], b[16], p1[16], p2[16];

	ikd_sa(sa, " Creating IPSec SAs\n"
	    "        inbound SA from %s to %s (f/i)  0/ 0\n"
	    "        (proxy %s to %s)\n"
	    "        has spi 0x%X and conn_id 0\n"
	    "        lifetime of %u seconds\n"
	    "        lifetime of %u kilobytes\n"
	    "        outbound SA from %s to %s (f/i) 0/0\n"
	    "        (proxy %s to %s)\n"
	    "        has spi  0x%X and conn_id 0\n"
	    "        lifetime of %u seconds\n"
	    "        lifetime of %u kilobytes",
	    ip_ntoa(sa->peer, a), ip_ntoa(sa->local, b),
	    ip_ntoa(qm->fid.rid.addr, p1), ip_ntoa(qm->fid.lid.addr, p2),
	    qm->spi_in, qm->life_sec, qm->life_kb,
	    b, a, p2, p1, qm->spi_out, qm->life_sec, qm->life_kb);
}

static int
install(struct ike_qm *qm)
{
	struct ike_sa *sa = qm->sa;
	struct router *r = sa->ctx->r;
	const struct esp_cipher *ec;
	const struct esp_auth *ea = NULL;
	struct ipsec_sa *in, *out;
	struct ipsec_flow *f;
	struct crypto_map_entry *e;
	char	 pb[16];

	ec = esp_cipher_by_id(ts_esp_id(&qm->ts), qm->ts.keylen);
	if (qm->ts.esp_auth != 0)
		ea = esp_auth_by_id((uint8_t)qm->ts.esp_auth);
	if (ec == NULL)
		return -1;
	creating_text(qm);
	in = make_sa(qm, IPSEC_DIR_IN, qm->spi_in, ec, ea);
	out = make_sa(qm, IPSEC_DIR_OUT, qm->spi_out, ec, ea);
	if (in == NULL || out == NULL) {
		ipsec_sa_free(in);
		ipsec_sa_free(out);
		return -1;
	}
	f = ipsec_flow_lookup(r, qm->fid.map, qm->fid.seq, qm->fid.ifname,
	    qm->fid.peer, &qm->fid.lid, &qm->fid.rid, true);
	f->local = sa->local;
	f->peer_port = in->udp_peer != 0 ? sa->pport : ISAKMP_PORT;
	f->mode = in->mode;
	f->conn_id = sa->conn_id;
	if (ipsec_flow_install(r, f, in, out) != 0) {
		ipsec_sa_free(in);
		ipsec_sa_free(out);
		return -1;
	}
	qm->spi_in = 0;		/* the SADB holds it now */
	ike_pair_add(sa->ctx, sa->local, sa->peer, in->spi, out->spi,
	    sa->conn_id);
	if ((e = ike_flow_entry(r, &qm->fid, NULL)) != NULL)
		for (int i = 0; i < e->n_peers; i++)
			if (e->peers[i] == sa->peer)
				e->cur_peer = i;
	if (the_lab != NULL && the_lab->capture_dir != NULL) {
		struct ipsec_sa *two[2] = { in, out };
		char	 row[512];

		for (int i = 0; i < 2; i++)
			if (keyexport_esp_row(two[i], row, sizeof(row)) > 0 &&
			    !ike_keyfile_has(the_lab->capture_dir,
			    KEYEXPORT_ESP_FILE, row))
				(void)keyexport_esp_sa(the_lab->capture_dir,
				    two[i]);
	}
	ike_engine_dbg(r, "crypto engine: Create IPSec SA (by keys) SW:%u",
	    in->conn_id);
	ike_engine_dbg(r, "crypto engine: Create IPSec SA (by keys) SW:%u",
	    out->conn_id);
	ipd(r, sa->peer, "IPSEC(create_sa): sa created,\n"
	    "  (sa) sa_dest= %s, sa_proto= 50, \n"
	    "    sa_spi= 0x%X(%u), \n"
	    "    sa_trans= %s%s%s , sa_conn_id= %u",
	    ip_ntoa(sa->local, pb), in->spi, in->spi, in->cipher->keyword,
	    in->auth ? " " : "", in->auth ? in->auth->keyword : "",
	    in->conn_id);
	ipd(r, sa->peer, "IPSEC(create_sa): sa created,\n"
	    "  (sa) sa_dest= %s, sa_proto= 50, \n"
	    "    sa_spi= 0x%X(%u), \n"
	    "    sa_trans= %s%s%s , sa_conn_id= %u",
	    ip_ntoa(sa->peer, pb), out->spi, out->spi, out->cipher->keyword,
	    out->auth ? " " : "", out->auth ? out->auth->keyword : "",
	    out->conn_id);
	return 0;
}

/* ---- responder: which crypto map entry? -------------------------------- */

struct acl_ctx {
	const struct ipsec_proxy *lid, *rid;
	bool	 found;
};

static bool
covers(uint32_t net, uint32_t wild, const struct ipsec_proxy *p)
{
	uint32_t mask = ~wild;

	return (p->mask & mask) == mask && (p->addr & mask) == (net & mask);
}

static bool
acl_fn(void *arg, const struct acl_entry_view *v)
{
	struct acl_ctx *a = arg;

	if (!v->permit)
		return true;
	if (!covers(v->src, v->src_wild, a->lid) ||
	    !covers(v->dst, v->dst_wild, a->rid))
		return true;
	if (v->proto != 0 && v->proto != a->lid->proto)
		return true;
	/* A narrower protocol inside "permit ip" is fine. */
	if (a->lid->port != 0 && (a->lid->port < v->sport_lo ||
	    a->lid->port > v->sport_hi))
		return true;
	if (a->rid->port != 0 && (a->rid->port < v->dport_lo ||
	    a->rid->port > v->dport_hi))
		return true;
	a->found = true;
	return false;
}

struct match {
	struct crypto_map	*m;
	struct crypto_map_entry	*e;
	char			 ifname[32];
};

/* 1: found; 0: no entry covers the proxies; -1: no crypto map for us. */
static int
find_entry(struct ike_sa *sa, struct iface *in_if,
    const struct ipsec_proxy *lid, const struct ipsec_proxy *rid,
    struct match *out)
{
	struct router *r = sa->ctx->r;
	bool	 any_map = false;

	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < r->n_ifaces; i++) {
			struct iface *ifp = r->ifaces[i];
			struct crypto_map *m = ipsec_iface_map(ifp);

			if (m == NULL || (pass == 0) != (ifp == in_if))
				continue;
			if (ipsec_map_local_addr(r, m, ifp) != sa->local)
				continue;
			any_map = true;
			for (int j = 0; j < m->n_ents; j++) {
				struct crypto_map_entry *e = m->ents[j];
				struct acl_ctx a = { lid, rid, false };
				bool	 peer_ok = false;

				if (!ipsec_map_entry_complete(r, e))
					continue;
				for (int k = 0; k < e->n_peers; k++)
					if (e->peers[k] == sa->peer)
						peer_ok = true;
				if (!peer_ok)
					continue;
				(void)acl_walk(r, e->acl, acl_fn, &a);
				if (!a.found)
					continue;
				out->m = m;
				out->e = e;
				snprintf(out->ifname, sizeof(out->ifname), "%s",
				    ifp->name);
				return 1;
			}
		}
	}
	return any_map ? 0 : -1;
}

/* ---- responder ------------------------------------------------------------- */

/* HASH(1)/(2): the bytes after the HASH payload up to the last payload. */
static int
check_hash(struct ike_qm *qm, const struct isakmp_msg *m,
    const uint8_t *plain, int which)
{
	struct ike_sa *sa = qm->sa;
	const struct isakmp_pl *hp = &m->pl[0];
	const struct isakmp_pl *last = &m->pl[m->n - 1];
	size_t	 start, end;
	uint8_t	 mid[4], zero = 0, want[IKE_MAX_HASH];
	struct prf_buf parts[4];
	size_t	 np = 0;

	if (m->n < 1 || hp->type != ISAKMP_NP_HASH || hp->len != sa->h->len) {
		ikd_err(sa, "Hash payload missing");
		return -1;
	}
	ikd_sa(sa, " processing HASH payload. message ID = %d",
	    (int32_t)qm->msgid);
	start = hp->off - ISAKMP_HDR_LEN + ISAKMP_GEN_LEN + hp->len;
	end = last->off - ISAKMP_HDR_LEN + ISAKMP_GEN_LEN + last->len;
	ike_wr32(mid, qm->msgid);
	if (which == 3)
		parts[np++] = (struct prf_buf){ &zero, 1 };
	parts[np++] = (struct prf_buf){ mid, 4 };
	if (which >= 2)
		parts[np++] = (struct prf_buf){ qm->ni, qm->ni_len };
	if (which == 3)
		parts[np++] = (struct prf_buf){ qm->nr, qm->nr_len };
	else
		parts[np++] = (struct prf_buf){ plain + start, end - start };
	if (ike_prf(sa->h, sa->keys.skeyid_a, sa->h->len, parts, np,
	    want) != 0 || memcmp(want, hp->body, hp->len) != 0) {
		ikd_err(sa, "hash verification failed on node %d",
		    (int32_t)qm->msgid);
		return -1;
	}
	return 0;
}

static uint8_t *
open_qm(struct ike_qm *qm, struct isakmp_msg *m)
{
	struct ike_sa *sa = qm->sa;
	uint8_t	 iv[IKE_MAX_BLOCK], *plain;
	size_t	 plen;

	if (!(m->hdr.flags & ISAKMP_FLAG_E)) {
		ike_bad_message(sa->ctx, sa->peer);
		return NULL;
	}
	memcpy(iv, qm->iv, sizeof(iv));
	plain = ike_open(sa, m->raw, m->rawlen, iv, &plen);
	if (plain == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return NULL;
	}
	if (ike_parse_plain(sa, m, m->hdr.np, plain, plen, m->raw,
	    m->rawlen) != 0) {
		free(plain);
		return NULL;
	}
	memcpy(qm->iv, iv, sizeof(iv));
	ikd_packet(sa, false, m->raw, m->rawlen, m);
	return plain;
}

static int
take_nonce_ke(struct ike_qm *qm, const struct isakmp_msg *m, int group,
    bool initiator_side)
{
	struct ike_sa *sa = qm->sa;
	const struct isakmp_pl *n = isakmp_find(m, ISAKMP_NP_NONCE);
	const struct isakmp_pl *k = isakmp_find(m, ISAKMP_NP_KE);
	uint8_t	*dst = initiator_side ? qm->nr : qm->ni;
	size_t	*dlen = initiator_side ? &qm->nr_len : &qm->ni_len;

	if (n == NULL || n->len > sizeof(qm->ni)) {
		ikd_err(sa, "NONCE payload missing or too long");
		return -1;
	}
	ikd_sa(sa, " processing NONCE payload. message ID = %d",
	    (int32_t)qm->msgid);
	memcpy(dst, n->body, n->len);
	*dlen = n->len;
	if (group == 0)
		return k == NULL ? 0 : -1;
	if (k == NULL) {
		ikd_err(sa, "PFS requested but no KE payload");
		return -1;
	}
	ikd_sa(sa, " processing KE payload. message ID = %d",
	    (int32_t)qm->msgid);
	if (qm->dh == NULL && (qm->dh = ike_dh_new(sa->ctx, group)) == NULL)
		return -1;
	{
		uint8_t	 s[DH_MAX_SECRET];
		int	 sl = dh_compute(qm->dh, k->body, k->len, s, sizeof(s));

		if (sl < 0)
			return -1;
		qm->gqm = malloc((size_t)sl);
		if (qm->gqm == NULL)
			abort();
		memcpy(qm->gqm, s, (size_t)sl);
		qm->gqm_len = (size_t)sl;
		memset(s, 0, sizeof(s));
	}
	return 0;
}

static void
validate_text(struct ike_qm *qm, const struct ipsec_proxy *lid,
    const struct ipsec_proxy *rid, const struct transform_set *matched,
    uint16_t mode, int part)
{
	struct ike_sa *sa = qm->sa;
	struct router *r = sa->ctx->r;
	struct strbuf sb = STRBUF_INIT;
	char	 a[16], b[16], l[64], rr[64];

	if (!ipd_on(r, sa->peer))
		return;
	if (matched != NULL)
		ipsec_ts_transforms_text(matched, false, &sb);
	ipd(r, sa->peer, "IPSEC(validate_proposal_request): proposal part #%d,\n"
	    "  (key eng. msg.) INBOUND local= %s, remote= %s,\n"
	    "    local_proxy= %s (type=%d),\n"
	    "    remote_proxy= %s (type=%d),\n"
	    "    protocol= ESP, transform= %s%s(%s),\n"
	    "    lifedur= 0s and 0kb,\n"
	    "    spi= 0x0(0), conn_id= 0, keysize= %u, flags= 0x0", part,
	    ip_ntoa(sa->local, a), ip_ntoa(sa->peer, b),
	    proxy_text(lid, l, sizeof(l)), proxy_type(lid),
	    proxy_text(rid, rr, sizeof(rr)), proxy_type(rid),
	    matched != NULL ? sb_str(&sb) : "NONE", matched != NULL ? "  " : " ",
	    mode == IPSEC_ENCAP_TRANSPORT ? "Transport" : "Tunnel",
	    matched != NULL && keyed(ts_esp_id(matched)) ?
	    (matched->keylen ? matched->keylen : 128) : 0);
	ipd(r, sa->peer, "Crypto mapdb : proxy_match\n"
	    "\tsrc addr      : %s\n\tdst addr      : %s\n"
	    "\tprotocol      : %u\n\tsrc port      : %u\n"
	    "\tdst port      : %u", ip_ntoa(lid->addr, a),
	    ip_ntoa(rid->addr, b), lid->proto, lid->port, rid->port);
	sb_free(&sb);
}

static void
reject(struct ike_qm *qm, uint16_t notify, const uint8_t *spi)
{
	struct ike_sa *sa = qm->sa;
	char	 a[16], b[16];

	ikd_err(sa, " phase 2 SA policy not acceptable! (local %s remote %s)",
	    ip_ntoa(sa->local, a), ip_ntoa(sa->peer, b));
	ike_info_notify(sa, ISAKMP_PROTO_ESP, spi, spi != NULL ? 4 : 0, notify,
	    NULL, 0);
	node_done(qm, true, "QM rejected");
}

static void
r_qm1(struct ike_sa *sa, struct ike_qm *qm, struct isakmp_msg *m,
    struct iface *in_if)
{
	struct router *r = sa->ctx->r;
	const struct isakmp_pl *sapl, *id1, *id2;
	struct isakmp_sa *s = sa->ctx->scratch;
	struct ipsec_proxy lid, rid;
	struct match mt;
	struct isakmp_builder b;
	uint8_t	*plain, zero[IKE_MAX_HASH], first, *chain, spi_be[4];
	const struct isakmp_proposal *chosen = NULL;
	const struct isakmp_transform *ctr = NULL;
	struct ipsec_p2_attrs ca;
	size_t	 clen;
	int	 fm;
	bool	 lowered = false;

	if ((plain = open_qm(qm, m)) == NULL) {
		ike_qm_free(qm);
		return;
	}
	if (check_hash(qm, m, plain, 1) != 0) {
		free(plain);
		ike_qm_free(qm);
		return;
	}
	sapl = isakmp_find(m, ISAKMP_NP_SA);
	if (sapl == NULL || isakmp_sa_decode(sapl->body, sapl->len, s) != 0 ||
	    s->n_proposals < 1) {
		free(plain);
		ike_bad_message(sa->ctx, sa->peer);
		ike_qm_free(qm);
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = %d",
	    (int32_t)qm->msgid);
	/* Proxies: the initiator's IDci is our remote, IDcr our local. */
	id1 = isakmp_find(m, ISAKMP_NP_ID);
	id2 = id1 != NULL ? isakmp_find_next(m, id1, ISAKMP_NP_ID) : NULL;
	if (id1 != NULL && id2 != NULL) {
		if (id_to_proxy(id1, &rid) != 0 || id_to_proxy(id2, &lid) != 0) {
			free(plain);
			reject(qm, ISAKMP_N_INVALID_ID_INFORMATION, NULL);
			return;
		}
	} else {
		memset(&lid, 0, sizeof(lid));
		memset(&rid, 0, sizeof(rid));
		lid.addr = sa->local;
		rid.addr = sa->peer;
		lid.mask = rid.mask = 0xffffffffu;
	}
	fm = find_entry(sa, in_if, &lid, &rid, &mt);
	for (int i = 0; i < s->n_proposals && chosen == NULL; i++) {
		const struct isakmp_proposal *p = &s->p[i];
		const struct isakmp_transform *tr;
		struct transform_set pts;
		struct ipsec_p2_attrs a;
		const struct transform_set *ok = NULL;
		struct strbuf sb = STRBUF_INIT;

		if (p->proto != ISAKMP_PROTO_ESP || p->n_transforms < 1 ||
		    p->spi_size != 4)
			continue;
		ikd_sa(sa, "Checking IPSec proposal %u", p->num);
		tr = &p->t[0];
		print_p2_attrs(sa, tr);
		if (proposal_ts(tr, &pts, &a) != 0) {
			ikd_sa(sa, "atts are not acceptable.");
			continue;
		}
		ikd_sa(sa, "atts are acceptable.");
		if (fm == 1) {
			for (int k = 0; k < mt.e->n_ts && ok == NULL; k++) {
				struct transform_set *t = ipsec_ts_find(r,
				    mt.e->ts[k]);

				if (t != NULL && ts_usable(t) && ts_same(t, &pts))
					ok = t;
			}
			if (ok != NULL && mt.e->pfs != 0 && a.group != mt.e->pfs)
				ok = NULL;
		}
		validate_text(qm, &lid, &rid, ok, pts.mode, 1);
		if (fm != 1) {
			ipd(r, sa->peer, "IPSEC(validate_transform_proposal): "
			    "proxy identities not supported");
			ikd_sa(sa, " IPSec policy invalidated proposal with "
			    "error 32");
			free(plain);
			reject(qm, ISAKMP_N_INVALID_ID_INFORMATION, p->spi);
			return;
		}
		if (ok == NULL) {
			ipsec_ts_transforms_text(&pts, false, &sb);
			ipd(r, sa->peer, "IPSEC(ipsec_process_proposal): "
			    "transform proposal not supported for identity: \n"
			    "    {%s }", sb_str(&sb));
			sb_free(&sb);
			ikd_sa(sa, " IPSec policy invalidated proposal with "
			    "error 256");
			continue;
		}
		chosen = p;
		ctr = tr;
		ca = a;
		qm->ts = *ok;
		qm->encap = a.encap;
	}
	if (chosen == NULL) {
		free(plain);
		reject(qm, ISAKMP_N_NO_PROPOSAL_CHOSEN, s->p[0].spi);
		return;
	}
	if (take_nonce_ke(qm, m, ca.group, false) != 0) {
		free(plain);
		reject(qm, ISAKMP_N_INVALID_KEY_INFORMATION, chosen->spi);
		return;
	}
	if (id1 != NULL)
	{
		ikd_sa(sa, " processing ID payload. message ID = %d",
		    (int32_t)qm->msgid);
		ikd_sa(sa, " processing ID payload. message ID = %d",
		    (int32_t)qm->msgid);
	}
	qm->pfs = ca.group;
	qm->spi_out = ike_rd32(chosen->spi);
	qm->prop_num = chosen->num;
	qm->life_sec = ipsec_map_life_sec(r, mt.e);
	qm->life_kb = ipsec_map_life_kb(r, mt.e);
	if (ca.life_sec != 0 && ca.life_sec < qm->life_sec)
		qm->life_sec = (uint32_t)ca.life_sec;
	else if (ca.life_sec != 0 && ca.life_sec > qm->life_sec)
		lowered = true;
	if (ca.life_kb != 0 && ca.life_kb < qm->life_kb)
		qm->life_kb = (uint32_t)ca.life_kb;
	else if (ca.life_kb != 0 && ca.life_kb > qm->life_kb)
		lowered = true;
	snprintf(qm->fid.map, sizeof(qm->fid.map), "%s", mt.m->name);
	qm->fid.seq = mt.e->seq;
	snprintf(qm->fid.ifname, sizeof(qm->fid.ifname), "%s", mt.ifname);
	qm->fid.peer = sa->peer;
	qm->fid.lid = lid;
	qm->fid.rid = rid;
	qm->spi_in = sadb_alloc_spi(ipsec_sadb(r), sa->local);
	rng_bytes(qm->nr, IKE_NONCE_LEN);
	qm->nr_len = IKE_NONCE_LEN;
	ikd_node_input(sa, qm->msgid, "IKE_MESG_FROM_PEER, IKE_QM_EXCH");
	qm_set_state(qm, IKE_QM_R_QM1);

	memset(zero, 0, sizeof(zero));
	ike_wr32(spi_be, qm->spi_in);
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	isakmp_build_prop_begin(&b, chosen->num, ISAKMP_PROTO_ESP, spi_be, 4);
	isakmp_build_tr_begin(&b, ctr->num, ctr->id);
	isakmp_build_put(&b, ctr->attrs, ctr->attrs_len);
	isakmp_build_tr_end(&b);
	isakmp_build_prop_end(&b);
	isakmp_build_sa_end(&b);
	isakmp_build_payload(&b, ISAKMP_NP_NONCE, qm->nr, qm->nr_len);
	if (qm->dh != NULL) {
		size_t	 pl;
		const uint8_t *pub = dh_public(qm->dh, &pl);

		isakmp_build_payload(&b, ISAKMP_NP_KE, pub, pl);
	}
	if (id1 != NULL && id2 != NULL) {
		isakmp_build_payload(&b, ISAKMP_NP_ID, id1->body, id1->len);
		isakmp_build_payload(&b, ISAKMP_NP_ID, id2->body, id2->len);
	}
	if (lowered) {
		/* RESPONDER-LIFETIME: our shorter lifetimes. */
		struct isakmp_builder lb;
		uint8_t	*ld;
		size_t	 ll;

		isakmp_build_init_chain(&lb);
		isakmp_build_attr(&lb, IPSEC_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
		isakmp_build_attr_u32(&lb, IPSEC_ATTR_LIFE_DURATION,
		    qm->life_sec);
		isakmp_build_attr(&lb, IPSEC_ATTR_LIFE_TYPE,
		    IKE_LIFE_KILOBYTES);
		isakmp_build_attr_u32(&lb, IPSEC_ATTR_LIFE_DURATION,
		    qm->life_kb);
		/* a bare attribute list: the builder's buffer is it */
		ld = lb.buf;
		ll = lb.len;
		isakmp_build_notify(&b, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP,
		    spi_be, 4, ISAKMP_N_RESPONDER_LIFETIME, ld, ll);
		isakmp_build_free(&lb);
		ikd_sa(sa, "Responder lifetime: %u seconds, %u kilobytes",
		    qm->life_sec, qm->life_kb);
	}
	free(plain);
	first = b.first_np;
	chain = isakmp_build_finish(&b, &clen);
	if (chain == NULL) {
		node_done(qm, true, "build failed");
		return;
	}
	qm_send(qm, chain, clen, first, 2, true);
	ikd_node_input(sa, qm->msgid, "IKE_MESG_INTERNAL, IKE_GOT_SPI");
	qm_set_state(qm, IKE_QM_R_QM2);
}

static void
r_qm3(struct ike_qm *qm, struct isakmp_msg *m)
{
	struct ike_sa *sa = qm->sa;
	uint8_t	*plain;

	if ((plain = open_qm(qm, m)) == NULL)
		return;
	if (check_hash(qm, m, plain, 3) != 0) {
		free(plain);
		return;
	}
	free(plain);
	if (install(qm) != 0) {
		node_done(qm, true, "SA install failed");
		return;
	}
	ikd_node_input(sa, qm->msgid, "IKE_MESG_FROM_PEER, IKE_QM_EXCH");
	qm_set_state(qm, IKE_QM_PHASE2_COMPLETE);
	node_done(qm, false, "quick mode done (await)");
}

/* ---- initiator: QM2 --------------------------------------------------- */

static void
i_qm2(struct ike_qm *qm, struct isakmp_msg *m)
{
	struct ike_sa *sa = qm->sa;
	struct router *r = sa->ctx->r;
	struct isakmp_sa *s = sa->ctx->scratch;
	const struct isakmp_pl *sapl, *n = NULL;
	struct ipsec_p2_attrs a;
	struct transform_set pts;
	struct crypto_map_entry *e;
	struct isakmp_builder b;
	const struct isakmp_proposal *p;
	uint8_t	*plain, zero[IKE_MAX_HASH], first, *chain;
	size_t	 clen;
	int	 idx = 0;

	if ((plain = open_qm(qm, m)) == NULL)
		return;
	if (check_hash(qm, m, plain, 2) != 0) {
		free(plain);
		return;
	}
	sapl = isakmp_find(m, ISAKMP_NP_SA);
	if (sapl == NULL || isakmp_sa_decode(sapl->body, sapl->len, s) != 0 ||
	    s->n_proposals != 1 || s->p[0].n_transforms < 1 ||
	    s->p[0].spi_size != 4) {
		free(plain);
		ike_bad_message(sa->ctx, sa->peer);
		return;
	}
	ikd_sa(sa, " processing SA payload. message ID = %d",
	    (int32_t)qm->msgid);
	p = &s->p[0];
	ikd_sa(sa, "Checking IPSec proposal %u", p->num);
	print_p2_attrs(sa, &p->t[0]);
	e = ike_flow_entry(r, &qm->fid, NULL);
	if (proposal_ts(&p->t[0], &pts, &a) != 0 || e == NULL) {
		ikd_sa(sa, "atts are not acceptable.");
		free(plain);
		node_done(qm, true, "QM rejected");
		return;
	}
	/* The proposal number says which transform set was chosen. */
	for (int i = 0; i < e->n_ts; i++) {
		struct transform_set *t = ipsec_ts_find(r, e->ts[i]);

		if (t == NULL || !ts_usable(t))
			continue;
		if (++idx == p->num && ts_same(t, &pts))
			qm->ts = *t;
	}
	if (qm->ts.name[0] == '\0' || a.group != qm->pfs) {
		ikd_sa(sa, "atts are not acceptable.");
		free(plain);
		node_done(qm, true, "QM rejected");
		return;
	}
	ikd_sa(sa, "atts are acceptable.");
	qm->encap = a.encap;
	qm->spi_out = ike_rd32(p->spi);
	qm->prop_num = p->num;
	if (take_nonce_ke(qm, m, qm->pfs, true) != 0) {
		free(plain);
		node_done(qm, true, "QM rejected");
		return;
	}
	while ((n = isakmp_find_next(m, n, ISAKMP_NP_N)) != NULL) {
		struct isakmp_notify nt;
		uint64_t sec = 0, kb = 0;

		if (isakmp_notify_decode(n->body, n->len, &nt) != 0 ||
		    nt.type != ISAKMP_N_RESPONDER_LIFETIME)
			continue;
		ikd_sa(sa, " processing NOTIFY RESPONDER_LIFETIME protocol 3");
		if (isakmp_notify_lifetime(&nt, &sec, &kb) == 0) {
			if (sec != 0 && sec < qm->life_sec)
				qm->life_sec = (uint32_t)sec;
			if (kb != 0 && kb < qm->life_kb)
				qm->life_kb = (uint32_t)kb;
		}
	}
	if (isakmp_find(m, ISAKMP_NP_ID) != NULL)
	{
		ikd_sa(sa, " processing ID payload. message ID = %d",
		    (int32_t)qm->msgid);
		ikd_sa(sa, " processing ID payload. message ID = %d",
		    (int32_t)qm->msgid);
	}
	free(plain);
	if (install(qm) != 0) {
		node_done(qm, true, "SA install failed");
		return;
	}
	memset(zero, 0, sizeof(zero));
	isakmp_build_init_chain(&b);
	isakmp_build_payload(&b, ISAKMP_NP_HASH, zero, sa->h->len);
	first = b.first_np;
	chain = isakmp_build_finish(&b, &clen);
	if (chain != NULL)
		qm_send(qm, chain, clen, first, 3, false);
	ikd_node_input(sa, qm->msgid, "IKE_MESG_FROM_PEER, IKE_QM_EXCH");
	qm_set_state(qm, IKE_QM_PHASE2_COMPLETE);
	node_done(qm, false, "No Error");
}

void
ike_qm_input(struct ike_sa *sa, struct isakmp_msg *m, struct iface *in_if)
{
	struct ike_qm *qm;
	uint8_t	 dig[20];

	if (sa->st != IKE_P1_COMPLETE || m->hdr.msgid == 0) {
		ikd_sa(sa, "QM packet before phase 1 is complete, dropped");
		return;
	}
	sa->last_rx = sched_now();
	ike_msg_hash(m->raw, m->rawlen, dig);
	qm = qm_find(sa, m->hdr.msgid);
	if (qm != NULL && qm->have_rx && memcmp(dig, qm->rx_hash, 20) == 0) {
		ikd_sa(sa, " phase 2 packet is a duplicate of a previous "
		    "packet.");
		if (qm->last != NULL &&
		    sched_now() - qm->last_tx < IKE_DUP_HOLDOFF) {
			ikd_sa(sa, " retransmission skipped for phase 2 "
			    "(time since last transmission %u)",
			    (unsigned)((sched_now() - qm->last_tx) / VT_MSEC));
		} else if (qm->last != NULL) {
			qm->last_tx = sched_now();
			ikd_sa(sa, " retransmitting due to retransmit phase 2");
			ike_xmit(sa, qm->last, qm->last_len);
		}
		return;
	}
	if (qm == NULL) {
		ikd(sa->ctx->r, sa->peer, "ISAKMP: set new node %d to QM_IDLE",
		    (int32_t)m->hdr.msgid);
		qm = qm_new(sa, m->hdr.msgid, false);
		memcpy(qm->rx_hash, dig, 20);
		qm->have_rx = true;
		r_qm1(sa, qm, m, in_if);
		return;
	}
	memcpy(qm->rx_hash, dig, 20);
	qm->have_rx = true;
	if (qm->initiator && qm->st == IKE_QM_I_QM1)
		i_qm2(qm, m);
	else if (!qm->initiator && qm->st == IKE_QM_R_QM2)
		r_qm3(qm, m);
	else
		ikd_sa(sa, "Unknown Input IKE_MESG_FROM_PEER, IKE_QM_EXCH: "
		    "node %d state %s", (int32_t)qm->msgid,
		    ike_qm_state_name(qm->st));
}

/* ---- lifetimes ------------------------------------------------------------ */

void
ike_ipsec_expired(struct ipsec_sa *s, bool hard, void *arg)
{
	struct ike_ctx *c = arg;
	struct router *r = c->r;
	struct ipsec_flow *f = s->owner;
	struct ike_pair *p;
	struct ike_sa *isa;

	if (!hard) {
		struct ike_flow_id id;

		if (f == NULL || (f->in != s && f->out != s))
			return;		/* an older pair: just let it go */
		ike_flow_id_of(&id, f);
		ipd(r, s->peer, "IPSEC(key_engine): request timer fired: "
		    "count = 1,\n  (identity) local= %s, remote= %s",
		    ip_ntoa(s->local, (char[16]){ 0 }),
		    ip_ntoa(s->peer, (char[16]){ 0 }));
		(void)ike_acquire(r, f);
		return;
	}
	if (s->dir == IPSEC_DIR_IN)
		p = ike_pair_find(c, s->local, s->peer, s->spi, 0);
	else
		p = ike_pair_find(c, s->local, s->peer, 0, s->spi);
	isa = ike_sa_find_peer(c, s->local, s->peer, false);
	if (p != NULL) {
		if (isa != NULL)
			ike_info_delete_spi(isa, p->spi_in);
		ike_pair_delete(c, p);	/* both directions */
		return;
	}
	ipsec_flow_sa_gone(f, s);
	sadb_del(ipsec_sadb(r), s);
}
