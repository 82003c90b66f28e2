/* GETVPN on the IKEv1 engine (see ike_gdoi.h): phase 1 on UDP 848, the
 * hand-over to gdoi/ after it, and the crypto helpers gdoi/ needs for
 * GROUPKEY-PULL (exchange IV, SKEYID_a prf, sealing and opening with the
 * phase-1 cipher key).  Main mode itself is the engine's own, unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_gdoi.h"
#include "ike_int.h"
#include "ipv4.h"
#include "router.h"

const struct ike_gdoi_ops *ike_gdoi_ops;

static struct ike_sa *
sa_by_conn(struct router *r, uint32_t conn_id)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_sa *sa;

	if (c == NULL || (sa = ike_sa_by_conn(c, conn_id)) == NULL ||
	    sa->deleted || !sa->gdoi || sa->st != IKE_P1_COMPLETE)
		return NULL;
	return sa;
}

void
ike_gdoi_listen(struct router *r)
{
	struct ike_ctx *c = ike_ctx(r);

	if (c != NULL)
		ike_io_open_gdoi(c);
}

int
ike_gdoi_connect(struct router *r, uint32_t local, uint32_t ks,
    uint32_t *conn_id)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_sa *sa;

	if (c == NULL)
		return -1;
	ike_io_open_gdoi(c);
	TAILQ_FOREACH(sa, &c->sas, entry) {
		if (!sa->gdoi || sa->deleted || sa->peer != ks ||
		    sa->local != local)
			continue;
		if (sa->st == IKE_P1_COMPLETE) {
			*conn_id = sa->conn_id;
			return 1;
		}
		return 0;		/* phase 1 under way */
	}
	sa = ike_sa_new(c, true, local, ks);
	sa->gdoi = true;
	sa->lport = sa->pport = IKE_GDOI_PORT;
	if (ike_mm_start(sa) != 0) {
		ike_sa_free(sa);
		return -1;
	}
	return 0;
}

void
ike_gdoi_complete(struct ike_sa *sa)
{
	if (ike_gdoi_ops != NULL && ike_gdoi_ops->p1_done != NULL)
		ike_gdoi_ops->p1_done(sa->ctx->r, sa->conn_id, sa->local,
		    sa->peer, sa->initiator);
}

void
ike_gdoi_gone(struct ike_sa *sa)
{
	if (ike_gdoi_ops != NULL && ike_gdoi_ops->p1_gone != NULL)
		ike_gdoi_ops->p1_gone(sa->ctx->r, sa->conn_id, sa->local,
		    sa->peer);
}

void
ike_gdoi_pull_input(struct ike_sa *sa, const uint8_t *raw, size_t len)
{
	if (sa->st != IKE_P1_COMPLETE) {
		ikd_sa(sa, "GDOI PULL before phase 1 is complete, dropped");
		return;
	}
	sa->last_rx = sched_now();
	if (ike_gdoi_ops != NULL && ike_gdoi_ops->pull_input != NULL)
		ike_gdoi_ops->pull_input(sa->ctx->r, sa->conn_id, raw, len);
}

void
ike_gdoi_push_input(struct ike_ctx *c, uint32_t src, uint32_t dst,
    const uint8_t *raw, size_t len)
{
	if (ike_gdoi_ops != NULL && ike_gdoi_ops->push_input != NULL)
		ike_gdoi_ops->push_input(c->r, src, dst, raw, len);
}

int
ike_gdoi_iv(struct router *r, uint32_t conn_id, uint32_t msgid, uint8_t *iv,
    size_t *block)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);

	if (sa == NULL)
		return -1;
	*block = sa->c->block;
	return ike_iv_exchange(sa->h, sa->p1_last, sa->c->block, msgid, iv);
}

int
ike_gdoi_prf(struct router *r, uint32_t conn_id, const struct prf_buf *parts,
    size_t n, uint8_t *out, size_t *len)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);

	if (sa == NULL)
		return -1;
	*len = sa->h->len;
	return ike_prf(sa->h, sa->keys.skeyid_a, sa->h->len, parts, n, out);
}

int
ike_gdoi_send(struct router *r, uint32_t conn_id, uint32_t msgid,
    uint8_t first_np, const uint8_t *chain, size_t len, uint8_t *iv)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);
	uint8_t	*msg;
	size_t	 mlen;

	if (sa == NULL)
		return -1;
	msg = ike_seal(sa, ISAKMP_EXCH_QUICK, msgid, first_np, chain, len,
	    true, iv, &mlen);
	if (msg == NULL)
		return -1;
	ikd_packet(sa, true, msg, mlen, NULL);
	ike_xmit(sa, msg, mlen);
	free(msg);
	return 0;
}

uint8_t *
ike_gdoi_open(struct router *r, uint32_t conn_id, const uint8_t *raw,
    size_t len, uint8_t *iv, struct isakmp_msg *m)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);
	uint8_t	 tmp[IKE_MAX_BLOCK], *plain;
	size_t	 plen;

	if (sa == NULL)
		return NULL;
	memset(m, 0, sizeof(*m));
	if (isakmp_parse(raw, len, m) != 0 || !(m->hdr.flags & ISAKMP_FLAG_E)) {
		ike_bad_message(sa->ctx, sa->peer);
		return NULL;
	}
	memcpy(tmp, iv, sa->c->block);
	plain = ike_open(sa, raw, m->rawlen, tmp, &plen);
	if (plain == NULL) {
		ike_bad_message(sa->ctx, sa->peer);
		return NULL;
	}
	if (ike_parse_plain(sa, m, m->hdr.np, plain, plen, raw,
	    m->rawlen) != 0) {
		free(plain);
		return NULL;
	}
	memcpy(iv, tmp, sa->c->block);
	ikd_packet(sa, false, raw, m->rawlen, m);
	return plain;
}

bool
ike_gdoi_sa_addrs(struct router *r, uint32_t conn_id, uint32_t *local,
    uint32_t *peer)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);

	if (sa == NULL)
		return false;
	*local = sa->local;
	*peer = sa->peer;
	return true;
}

bool
ike_gdoi_peer_id(struct router *r, uint32_t conn_id, const uint8_t **body,
    size_t *len)
{
	struct ike_sa *sa = sa_by_conn(r, conn_id);

	if (sa == NULL || sa->peer_id_b == NULL)
		return false;
	*body = sa->peer_id_b;
	*len = sa->peer_id_len;
	return true;
}

void
ike_gdoi_sendto(struct router *r, uint32_t local, uint32_t dst,
    const uint8_t *msg, size_t len)
{
	struct ike_ctx *c = ike_ctx(r);

	if (c != NULL)
		ike_send_raw(c, local, dst, IKE_GDOI_PORT, IKE_GDOI_PORT, msg,
		    len);
}
