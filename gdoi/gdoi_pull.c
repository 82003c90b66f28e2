/* GROUPKEY-PULL (gdoi-wire.md §3): the exchange table, HASH(1..4)
 * computation and checking, and the dispatch of what ipsec/ike_gdoi.c
 * hands over (phase 1 done or gone, PULL messages) to the key server
 * (gdoi_ks.c) and group member (gdoi_gm.c) sides.
 *
 *	GM -> KS  HDR*, HASH(1), Ni, ID		HASH(1) = prf(M-ID | Ni | ID)
 *	KS -> GM  HDR*, HASH(2), Nr, SA		HASH(2) = prf(M-ID | Ni_b | Nr | SA)
 *	GM -> KS  HDR*, HASH(3)			HASH(3) = prf(M-ID | Ni_b | Nr_b)
 *	KS -> GM  HDR*, HASH(4), SEQ, KD	HASH(4) = prf(M-ID | Ni_b | Nr_b |
 *						    SEQ | KD)
 * prf is the phase-1 HMAC keyed with SKEYID_a; the messages are encrypted
 * with the phase-1 key and the phase-2 IV rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdoi.h"
#include "gdoi_codec.h"
#include "gdoi_proto.h"
#include "ike_gdoi.h"
#include "dp.h"
#include "router.h"

#define PULL_KEEP	(60 * VT_SEC)	/* finished exchanges are forgotten */

static void
proto_free(void *arg)
{
	struct gdoi_proto *p = arg;
	struct gdoi_pull *x;
	struct gdoi_ksg *k;
	struct gdoi_gmg *g;

	if (p == NULL)
		return;
	timer_cancel(&p->scan_ev);
	timer_cancel(&p->pull_gc_ev);
	while ((x = TAILQ_FIRST(&p->pulls)) != NULL)
		gdoi_pull_free(x);
	while ((k = TAILQ_FIRST(&p->ks)) != NULL) {
		TAILQ_REMOVE(&p->ks, k, entry);
		gdoi_ksg_free(k);
	}
	while ((g = TAILQ_FIRST(&p->gm)) != NULL) {
		TAILQ_REMOVE(&p->gm, g, entry);
		gdoi_gmg_free(g);
	}
	gdoi_cids_free(p);
	gdoi_gm_cm_free(p);
	hmap_clear(&p->pull_idx);
	gdoi_pk_cache_free(p);
	free(p);
}

struct gdoi_proto *
gdoi_proto(struct router *r)
{
	struct gdoi_state *st = r->gdoi;
	struct gdoi_proto *p;

	if (st == NULL)
		return NULL;
	if (st->proto != NULL)
		return st->proto;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		abort();
	p->r = r;
	TAILQ_INIT(&p->ks);
	TAILQ_INIT(&p->gm);
	TAILQ_INIT(&p->pulls);
	st->proto = p;
	st->proto_free = proto_free;
	return p;
}

/* ---- exchanges ------------------------------------------------------------ */

/* A key server keeps an exchange per registration for PULL_KEEP: the
 * list (in start order) is for the collector and the group walks, the
 * index for the per-message lookup. */
static uint32_t
pull_hash(uint32_t conn_id, uint32_t msgid)
{
	return hmap_hash_u64((uint64_t)conn_id << 32 | msgid);
}

struct gdoi_pull *
gdoi_pull_find(struct gdoi_proto *p, uint32_t conn_id, uint32_t msgid)
{
	struct hmap_node *n;
	struct gdoi_pull *x;

	for (n = hmap_first(&p->pull_idx, pull_hash(conn_id, msgid));
	    n != NULL; n = hmap_next(n)) {
		x = HMAP_ENTRY(n, struct gdoi_pull, idx);
		if (x->conn_id == conn_id && x->msgid == msgid)
			return x;	/* (conn_id, msgid) is unique */
	}
	return NULL;
}

static void pull_gc(struct gdoi_proto *);

/* Also collect when no message comes: at the end of the oldest. */
static void
pull_gc_fire(void *arg)
{
	pull_gc(arg);
}

static void
pull_gc_arm(struct gdoi_proto *p)
{
	struct gdoi_pull *x = TAILQ_FIRST(&p->pulls);

	if (x != NULL && !timer_pending(&p->pull_gc_ev))
		timer_set_at(&p->pull_gc_ev, x->started + PULL_KEEP + 1,
		    pull_gc_fire, p);
}

struct gdoi_pull *
gdoi_pull_new(struct gdoi_proto *p, uint32_t conn_id, uint32_t msgid, bool gm)
{
	struct gdoi_pull *x = calloc(1, sizeof(*x));
	size_t	 block;

	if (x == NULL)
		abort();
	x->p = p;
	x->conn_id = conn_id;
	x->msgid = msgid;
	x->gm = gm;
	x->started = sched_now();
	if (ike_gdoi_iv(p->r, conn_id, msgid, x->iv, &block) != 0) {
		free(x);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&p->pulls, x, entry);
	hmap_insert(&p->pull_idx, &x->idx, pull_hash(conn_id, msgid));
	pull_gc_arm(p);
	return x;
}

void
gdoi_pull_free(struct gdoi_pull *x)
{
	TAILQ_REMOVE(&x->p->pulls, x, entry);
	hmap_remove(&x->p->pull_idx, &x->idx);
	memset(x, 0, sizeof(*x));
	free(x);
}

/* Old exchanges (done or abandoned) go.  The list is in start order
 * (appended at creation, started never changes), so the old ones are at
 * its head: the walk stops at the first young one and each message costs
 * only the exchanges it frees. */
static void
pull_gc(struct gdoi_proto *p)
{
	struct gdoi_pull *x;

	while ((x = TAILQ_FIRST(&p->pulls)) != NULL &&
	    sched_now() - x->started > PULL_KEEP)
		gdoi_pull_free(x);
	if (!timer_pending(&p->pull_gc_ev))
		pull_gc_arm(p);
}

int
gdoi_pull_send(struct gdoi_pull *x, const struct prf_buf *pre, size_t n,
    struct isakmp_builder *rest)
{
	struct router *r = x->p->r;
	struct prf_buf parts[6];
	uint8_t	 mid[4], hash[64], *chain = NULL, *buf;
	size_t	 clen = 0, hlen, np = 0, len;
	uint8_t	 first = ISAKMP_NP_NONE;
	int	 rc;

	if (rest != NULL) {
		first = rest->first_np;
		chain = isakmp_build_finish(rest, &clen);
		if (chain == NULL)
			return -1;
	}
	mid[0] = (uint8_t)(x->msgid >> 24);
	mid[1] = (uint8_t)(x->msgid >> 16);
	mid[2] = (uint8_t)(x->msgid >> 8);
	mid[3] = (uint8_t)x->msgid;
	parts[np++] = (struct prf_buf){ mid, 4 };
	for (size_t i = 0; i < n && np < 5; i++)
		parts[np++] = pre[i];
	parts[np++] = (struct prf_buf){ chain, clen };
	if (ike_gdoi_prf(r, x->conn_id, parts, np, hash, &hlen) != 0) {
		free(chain);
		return -1;
	}
	len = ISAKMP_GEN_LEN + hlen + clen;
	if ((buf = malloc(len)) == NULL) {
		free(chain);
		return -1;
	}
	buf[0] = first;
	buf[1] = 0;
	buf[2] = (uint8_t)((ISAKMP_GEN_LEN + hlen) >> 8);
	buf[3] = (uint8_t)(ISAKMP_GEN_LEN + hlen);
	memcpy(buf + ISAKMP_GEN_LEN, hash, hlen);
	if (clen > 0)
		memcpy(buf + ISAKMP_GEN_LEN + hlen, chain, clen);
	rc = ike_gdoi_send(r, x->conn_id, x->msgid, ISAKMP_NP_HASH, buf, len,
	    x->iv);
	free(buf);
	free(chain);
	return rc;
}

bool
gdoi_pull_check(struct gdoi_pull *x, const struct isakmp_msg *m,
    const uint8_t *plain, const struct prf_buf *pre, size_t n)
{
	struct prf_buf parts[6];
	uint8_t	 mid[4], hash[64];
	size_t	 hlen, np = 0, start = 0, end = 0;

	if (m->n < 1 || m->pl[0].type != ISAKMP_NP_HASH)
		goto bad;
	/* The payloads after HASH, headers included, padding excluded. */
	if (m->n > 1) {
		const struct isakmp_pl *l = &m->pl[m->n - 1];

		start = m->pl[1].off - ISAKMP_HDR_LEN;
		end = l->off - ISAKMP_HDR_LEN + ISAKMP_GEN_LEN + l->len;
	}
	mid[0] = (uint8_t)(x->msgid >> 24);
	mid[1] = (uint8_t)(x->msgid >> 16);
	mid[2] = (uint8_t)(x->msgid >> 8);
	mid[3] = (uint8_t)x->msgid;
	parts[np++] = (struct prf_buf){ mid, 4 };
	for (size_t i = 0; i < n && np < 5; i++)
		parts[np++] = pre[i];
	parts[np++] = (struct prf_buf){ plain + start, end - start };
	if (ike_gdoi_prf(x->p->r, x->conn_id, parts, np, hash, &hlen) != 0 ||
	    m->pl[0].len != hlen || memcmp(hash, m->pl[0].body, hlen) != 0)
		goto bad;
	return true;
bad:
	x->p->rx_bad++;
	return false;
}

const struct isakmp_pl *
gdoi_pl(const struct isakmp_msg *m, uint8_t type)
{
	return isakmp_find(m, type);
}

/* ---- from the IKE engine ----------------------------------------------- */

static void
on_p1_done(struct router *r, uint32_t conn_id, uint32_t local, uint32_t peer,
    bool initiator)
{
	struct gdoi_proto *p = gdoi_proto(r);

	if (p != NULL && initiator)
		gdoi_gm_p1_done(p, conn_id, local, peer);
}

static void
on_p1_gone(struct router *r, uint32_t conn_id, uint32_t local, uint32_t peer)
{
	struct gdoi_proto *p = gdoi_proto(r);

	(void)local;
	(void)peer;
	if (p != NULL)
		gdoi_gm_p1_gone(p, conn_id);
}

static void
on_pull(struct router *r, uint32_t conn_id, const uint8_t *raw, size_t len)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_pull *x;
	struct isakmp_msg *m;
	uint8_t	*plain;
	uint32_t msgid;
	bool	 created = false;

	if (p == NULL || len < ISAKMP_HDR_LEN)
		return;
	pull_gc(p);
	msgid = (uint32_t)raw[20] << 24 | (uint32_t)raw[21] << 16 |
	    (uint32_t)raw[22] << 8 | raw[23];
	if ((x = gdoi_pull_find(p, conn_id, msgid)) == NULL) {
		/* A new exchange: only a KS receives a first message. */
		if (msgid == 0 ||
		    (x = gdoi_pull_new(p, conn_id, msgid, false)) == NULL) {
			p->rx_bad++;
			return;
		}
		created = true;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return;
	plain = ike_gdoi_open(r, conn_id, raw, len, x->iv, m);
	if (plain == NULL) {
		p->rx_bad++;
		if (created)
			gdoi_pull_free(x);
		free(m);
		return;
	}
	if (!x->gm && x->st == 0)
		gdoi_ks_msg1(x, m, plain);	/* may free x */
	else if (x->gm && x->st == 1)
		gdoi_gm_msg2(x, m, plain);
	else if (!x->gm && x->st == 2)
		gdoi_ks_msg3(x, m, plain);
	else if (x->gm && x->st == 3)
		gdoi_gm_msg4(x, m, plain);
	else
		p->rx_bad++;		/* a copy or out of order */
	free(plain);
	free(m);
}

static void
on_push(struct router *r, uint32_t src, uint32_t dst, const uint8_t *raw,
    size_t len)
{
	struct gdoi_proto *p = gdoi_proto(r);

	if (p != NULL)
		gdoi_push_input(p, src, dst, raw, len);
}

static const struct ike_gdoi_ops ops = {
	.p1_done = on_p1_done,
	.p1_gone = on_p1_gone,
	.pull_input = on_pull,
	.push_input = on_push,
};

/* Called from gdoi_cli_init (once): wire the protocol to the IKE engine
 * and the data plane. */
void
gdoi_proto_init(void)
{
	ike_gdoi_ops = &ops;
	dp_gdoi_out = gdoi_dp_out;
	dp_gdoi_in = gdoi_dp_in;
	gdoi_show_init();
	gdoi_authz_cli_init();	/* crypto identity */
	gdoi_peer_id_fn = ike_gdoi_peer_id;
	gdoi_push_init();	/* policy-change rekeys */
	gdoi_gm_cm_init();	/* crypto map attach/detach syslogs */
}

/* Called from gdoi_router_init: the GM side looks for work. */
void
gdoi_proto_router_init(struct router *r)
{
	struct gdoi_proto *p = gdoi_proto(r);

	if (p != NULL)
		gdoi_gm_scan_start(p);
}
