/* The IKE SA table of a router: cookies, roles, IOS states and
 * connection ids, lifetimes, deletion and purging, and the per-router
 * context the rest of the engine hangs off (ipsec_engine()->ike). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dh.h"
#include "engine.h"
#include "ike_int.h"
#include "ipv4.h"
#include "keyexport.h"
#include "lab.h"
#include "rng.h"
#include "router.h"
#include "sadb.h"

static const char *const state_names[IKE_STATE_MAX] = {
	[IKE_READY] = "IKE_READY",
	[IKE_I_MM1] = "IKE_I_MM1", [IKE_I_MM2] = "IKE_I_MM2",
	[IKE_I_MM3] = "IKE_I_MM3", [IKE_I_MM4] = "IKE_I_MM4",
	[IKE_I_MM5] = "IKE_I_MM5", [IKE_I_MM6] = "IKE_I_MM6",
	[IKE_R_MM1] = "IKE_R_MM1", [IKE_R_MM2] = "IKE_R_MM2",
	[IKE_R_MM3] = "IKE_R_MM3", [IKE_R_MM4] = "IKE_R_MM4",
	[IKE_R_MM5] = "IKE_R_MM5", [IKE_R_MM6] = "IKE_R_MM6",
	[IKE_I_AM1] = "IKE_I_AM1", [IKE_I_AM2] = "IKE_I_AM2",
	[IKE_R_AM1] = "IKE_R_AM1", [IKE_R_AM2] = "IKE_R_AM2",
	[IKE_R_AM3] = "IKE_R_AM3",
	[IKE_P1_COMPLETE] = "IKE_P1_COMPLETE",
	[IKE_DEST_SA] = "IKE_DEST_SA",
};

const char *
ike_state_name(int st)
{
	if (st < 0 || st >= IKE_STATE_MAX || state_names[st] == NULL)
		return "IKE_UNKNOWN";
	return state_names[st];
}

const char *
ike_ios_state_name(int ios)
{
	switch (ios) {
	case MM_NO_STATE:
		return "MM_NO_STATE";
	case MM_SA_SETUP:
		return "MM_SA_SETUP";
	case MM_KEY_EXCH:
		return "MM_KEY_EXCH";
	case MM_KEY_AUTH:
		return "MM_KEY_AUTH";
	case AG_NO_STATE:
		return "AG_NO_STATE";
	case AG_INIT_EXCH:
		return "AG_INIT_EXCH";
	case AG_AUTH:
		return "AG_AUTH";
	case QM_IDLE:
		return "QM_IDLE";
	case GDOI_IDLE:
		return "GDOI_IDLE";
	default:
		return "UNKNOWN";
	}
}

const char *
ike_qm_state_name(int st)
{
	switch (st) {
	case IKE_QM_READY:
		return "IKE_QM_READY";
	case IKE_QM_I_QM1:
		return "IKE_QM_I_QM1";
	case IKE_QM_R_QM1:
		return "IKE_QM_R_QM1";
	case IKE_QM_R_QM2:
		return "IKE_QM_R_QM2";
	case IKE_QM_PHASE2_COMPLETE:
		return "IKE_QM_PHASE2_COMPLETE";
	default:
		return "IKE_QM_UNKNOWN";
	}
}

/* ---- context ------------------------------------------------------------ */

static void
ctx_free(struct ike_ctx *c)
{
	struct ike_sa *sa;
	struct ike_pair *p;

	if (c == NULL)
		return;
	while ((sa = TAILQ_FIRST(&c->sas)) != NULL)
		ike_sa_free(sa);
	hmap_clear(&c->sa_by_cky);
	hmap_clear(&c->sa_by_conn);
	hmap_clear(&c->sa_by_peer);
	while ((p = TAILQ_FIRST(&c->pairs)) != NULL) {
		TAILQ_REMOVE(&c->pairs, p, entry);
		free(p);
	}
	ike_io_close(c);
	free(c->scratch);
	free(c);
}

void
ike_router_init(struct router *r)
{
	struct ipsec_engine *e;
	struct ike_ctx *c;

	if (r->ipsec == NULL || r->ip == NULL)
		return;
	e = ipsec_engine(r);
	if (e->ike != NULL)
		return;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		abort();
	c->r = r;
	TAILQ_INIT(&c->sas);
	TAILQ_INIT(&c->pairs);
	c->next_engine = 1;
	c->scratch = calloc(1, sizeof(*c->scratch));
	if (c->scratch == NULL)
		abort();
	e->ike = c;
	e->ike_free = ctx_free;
	ike_io_open(c);
}

void
ike_router_free(struct router *r)
{
	struct ipsec_state *st = r->ipsec;
	struct ipsec_engine *e;

	if (st == NULL || st->engine == NULL)
		return;
	e = st->engine;
	if (e->ike == NULL)
		return;
	ctx_free(e->ike);
	e->ike = NULL;
	e->ike_free = NULL;
}

struct ike_ctx *
ike_ctx(struct router *r)
{
	struct ipsec_state *st;

	if (r == NULL || (st = r->ipsec) == NULL || st->engine == NULL)
		return NULL;
	return ((struct ipsec_engine *)st->engine)->ike;
}

void
ike_set_aggressive_initiate(struct router *r, bool on)
{
	struct ike_ctx *c = ike_ctx(r);

	if (c != NULL)
		c->aggr_initiate = on;
}

void
ike_set_natt_force(struct router *r, bool on)
{
	struct ike_ctx *c = ike_ctx(r);

	if (c != NULL)
		c->natt_force = on;
}

uint32_t
ike_engine_alloc(struct ike_ctx *c)
{
	return c->next_engine++;
}

struct dh *
ike_dh_new(struct ike_ctx *c, int group)
{
	struct dh *dh = dh_new(group);

	if (dh != NULL)
		c->n_dh_created++;
	return dh;
}

void
ike_engine_created(struct router *r, uint64_t *ike, uint64_t *dh)
{
	struct ike_ctx *c = ike_ctx(r);

	*ike = c != NULL ? c->n_sa_created : 0;
	*dh = c != NULL ? c->n_dh_created : 0;
}

/* ---- table ------------------------------------------------------------- */

/* The list c->sas keeps the order (shows, and which of two matches a
 * lookup returns); the indexes only find.  A key server holds an SA per
 * group member, and every message looks its SA up: a list walk made
 * registration cost grow with the group. */
static uint32_t
cky_hash(const uint8_t icky[8])
{
	return hmap_hash_bytes(icky, 8);
}

static void
cky_index(struct ike_sa *sa)
{
	hmap_insert(&sa->ctx->sa_by_cky, &sa->cky_node, cky_hash(sa->icky));
}

void
ike_sa_set_icky(struct ike_sa *sa, const uint8_t icky[8])
{
	hmap_remove(&sa->ctx->sa_by_cky, &sa->cky_node);
	memcpy(sa->icky, icky, 8);
	cky_index(sa);
}

/* The earliest SA in list order with icky that match() accepts. */
static struct ike_sa *
cky_lookup(struct ike_ctx *c, const uint8_t icky[8],
    bool (*match)(const struct ike_sa *, const void *), const void *arg)
{
	struct hmap_node *n;
	struct ike_sa *best = NULL;

	for (n = hmap_first(&c->sa_by_cky, cky_hash(icky)); n != NULL;
	    n = hmap_next(n)) {
		struct ike_sa *sa = HMAP_ENTRY(n, struct ike_sa, cky_node);

		if (memcmp(sa->icky, icky, 8) == 0 && match(sa, arg) &&
		    (best == NULL || sa->seq < best->seq))
			best = sa;
	}
	return best;
}

static bool
rcky_is(const struct ike_sa *sa, const void *rcky)
{
	return memcmp(sa->rcky, rcky, 8) == 0;
}

static bool
peer_is(const struct ike_sa *sa, const void *peer)
{
	return sa->peer == *(const uint32_t *)peer;
}

struct ike_sa *
ike_sa_new(struct ike_ctx *c, bool initiator, uint32_t local, uint32_t peer)
{
	struct ike_sa *sa = calloc(1, sizeof(*sa));

	if (sa == NULL)
		abort();
	sa->ctx = c;
	c->n_sa_created++;
	sa->initiator = initiator;
	sa->local = local;
	sa->peer = peer;
	sa->lport = sa->pport = ISAKMP_PORT;
	sa->created = sched_now();
	TAILQ_INIT(&sa->qms);
	/* Cookies come from the lab generator; never all zero. */
	do
		rng_bytes(initiator ? sa->icky : sa->rcky, 8);
	while (memcmp(initiator ? sa->icky : sa->rcky,
	    "\0\0\0\0\0\0\0\0", 8) == 0);
	sa->seq = c->sa_seq++;
	TAILQ_INSERT_TAIL(&c->sas, sa, entry);
	cky_index(sa);
	hmap_insert(&c->sa_by_peer, &sa->peer_node, hmap_hash_u32(peer));
	return sa;
}

struct ike_sa *
ike_sa_by_cookies(struct ike_ctx *c, const uint8_t icky[8],
    const uint8_t rcky[8])
{
	return cky_lookup(c, icky, rcky_is, rcky);
}

struct ike_sa *
ike_sa_by_icky(struct ike_ctx *c, const uint8_t icky[8], uint32_t peer)
{
	return cky_lookup(c, icky, peer_is, &peer);
}

struct ike_sa *
ike_sa_by_conn(struct ike_ctx *c, uint32_t conn_id)
{
	struct hmap_node *n;
	struct ike_sa *best = NULL;

	if (conn_id == 0)
		return NULL;
	for (n = hmap_first(&c->sa_by_conn, hmap_hash_u32(conn_id));
	    n != NULL; n = hmap_next(n)) {
		struct ike_sa *sa = HMAP_ENTRY(n, struct ike_sa, conn_node);

		if (sa->conn_id == conn_id &&
		    (best == NULL || sa->seq < best->seq))
			best = sa;
	}
	return best;
}

struct ike_sa *
ike_sa_find_peer(struct ike_ctx *c, uint32_t local, uint32_t peer, bool any)
{
	struct hmap_node *n;
	struct ike_sa *best = NULL;

	/* As a walk of the list would choose: the last complete SA, else
	 * (any) the last one. */
	for (n = hmap_first(&c->sa_by_peer, hmap_hash_u32(peer)); n != NULL;
	    n = hmap_next(n)) {
		struct ike_sa *sa = HMAP_ENTRY(n, struct ike_sa, peer_node);
		bool	 done = sa->st == IKE_P1_COMPLETE, bdone;

		if (sa->deleted || sa->peer != peer ||
		    (local != 0 && sa->local != local) || (!done && !any))
			continue;
		bdone = best != NULL && best->st == IKE_P1_COMPLETE;
		if (best == NULL || (done && !bdone) ||
		    (done == bdone && sa->seq > best->seq))
			best = sa;
	}
	return best;
}

static int
seq_cmp(const void *a, const void *b)
{
	const struct ike_sa *x = *(struct ike_sa *const *)a,
	    *y = *(struct ike_sa *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
ike_sa_delete_peer(struct ike_sa *keep, const char *reason)
{
	struct ike_ctx *c = keep->ctx;
	struct hmap_node *n;
	struct ike_sa **v = NULL;
	size_t	 nv = 0, cap = 0;

	for (n = hmap_first(&c->sa_by_peer, hmap_hash_u32(keep->peer));
	    n != NULL; n = hmap_next(n)) {
		struct ike_sa *sa = HMAP_ENTRY(n, struct ike_sa, peer_node);

		if (sa == keep || sa->peer != keep->peer || sa->deleted)
			continue;
		if (nv == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				abort();
		}
		v[nv++] = sa;
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), seq_cmp);
	/* Deleted SAs stay in the table until purged: v stays valid. */
	for (size_t i = 0; i < nv; i++)
		if (!v[i]->deleted)
			ike_sa_delete(v[i], reason);
	free(v);
}

void
ike_sa_set_state(struct ike_sa *sa, int st)
{
	ikd_trans(sa, ike_state_name(sa->st), ike_state_name(st));
	sa->st = st;
}

/* ---- keys, completion, lifetime ------------------------------------------ */

void
ike_sa_keys_done(struct ike_sa *sa)
{
	struct ike_ctx *c = sa->ctx;

	sa->engine_id = ike_engine_alloc(c);
	if (sa->conn_indexed)
		hmap_remove(&c->sa_by_conn, &sa->conn_node);
	sa->conn_id = IKE_ENGINE_BASE + sa->engine_id;
	hmap_insert(&c->sa_by_conn, &sa->conn_node,
	    hmap_hash_u32(sa->conn_id));
	sa->conn_indexed = true;
	sa->have_keys = true;
	ike_engine_dbg(c->r, "crypto_engine: Create IKE SA");
	ike_engine_dbg(c->r, "crypto engine: deleting DH phase 2 SW:%u",
	    sa->engine_id);
	if (the_lab != NULL && the_lab->capture_dir != NULL) {
		char	 row[256];

		if (keyexport_ikev1_row(sa->icky, sa->keys.enc_key,
		    sa->keys.enc_len, row, sizeof(row)) > 0 &&
		    !ike_keyfile_has(the_lab->capture_dir, KEYEXPORT_IKEV1_FILE,
		    row))
			(void)keyexport_ikev1(the_lab->capture_dir, sa->icky,
			    sa->keys.enc_key, sa->keys.enc_len);
	}
}

/* Both ends of a lab tunnel know the same keys: one row is enough. */
bool
ike_keyfile_has(const char *dir, const char *file, const char *row)
{
	char	 path[4096], line[512];
	size_t	 n = strlen(row);
	bool	 found = false;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strncmp(line, row, n) == 0 &&
		    (line[n] == '\n' || line[n] == '\0');
	fclose(f);
	return found;
}

static void
life_expired(void *arg)
{
	struct ike_sa *sa = arg;

	ikd_sa(sa, "Input = IKE_MESG_FROM_TIMER, IKE_TIMER_IKE_LIFETIME");
	ike_info_delete_p1(sa);
	ike_sa_delete(sa, "IKE SA lifetime expired");
}

void
ike_sa_complete(struct ike_sa *sa)
{
	int	 i, n;

	sa->ios = QM_IDLE;
	sa->established = sched_now();
	sa->last_rx = sched_now();
	ike_retx_stop(sa);
	if (sa->pol.lifetime != 0)
		timer_set(&sa->life_ev, (vtime_t)sa->pol.lifetime * VT_SEC,
		    life_expired, sa);
	/* Phase 1 keying material is no longer needed. */
	dh_free(sa->dh);
	sa->dh = NULL;
	if (sa->gdoi) {
		/* GETVPN: registration (GROUPKEY-PULL) instead of quick
		 * mode, no DPD (ike_gdoi.c). */
		sa->ios = GDOI_IDLE;
		ike_gdoi_complete(sa);
		return;
	}
	ike_dpd_start(sa);
	ike_natt_keepalive_start(sa);
	n = sa->n_pending;
	sa->n_pending = 0;
	for (i = 0; i < n && !sa->deleted; i++)
		(void)ike_qm_start(sa, &sa->pending[i]);
}

static void
purge(void *arg)
{
	struct ike_sa *sa = arg;

	ikd_sa(sa, "purging SA., sa=%08X, delme=%08X",
	    ike_rd32(sa->icky), ike_rd32(sa->icky));
	ike_sa_free(sa);
}

void
ike_sa_delete(struct ike_sa *sa, const char *reason)
{
	struct ike_qm *qm;
	char	 pb[16];

	if (sa->deleted)
		return;
	ikd_sa(sa, "deleting SA reason \"%s\" state (%c) %s (peer %s)", reason,
	    ike_role(sa), ike_ios_state_name(sa->ios), ip_ntoa(sa->peer, pb));
	if (sa->st == IKE_P1_COMPLETE)
		ike_session_log(sa, false);
	sa->deleted = true;
	if (sa->gdoi)
		ike_gdoi_gone(sa);	/* GETVPN: gdoi/ forgets it */
	ike_retx_stop(sa);
	timer_cancel(&sa->life_ev);
	timer_cancel(&sa->dpd_ev);
	timer_cancel(&sa->natka_ev);
	while ((qm = TAILQ_FIRST(&sa->qms)) != NULL)
		ike_qm_free(qm);
	sa->n_pending = 0;
	if (sa->engine_id != 0)
		ike_engine_dbg(sa->ctx->r, "crypto engine: deleting IKE SA SW:%u",
		    sa->engine_id);
	timer_set(&sa->purge_ev, IKE_PURGE_DELAY, purge, sa);
}

void
ike_sa_free(struct ike_sa *sa)
{
	struct ike_qm *qm;

	TAILQ_REMOVE(&sa->ctx->sas, sa, entry);
	hmap_remove(&sa->ctx->sa_by_cky, &sa->cky_node);
	hmap_remove(&sa->ctx->sa_by_peer, &sa->peer_node);
	if (sa->conn_indexed)
		hmap_remove(&sa->ctx->sa_by_conn, &sa->conn_node);
	while ((qm = TAILQ_FIRST(&sa->qms)) != NULL)
		ike_qm_free(qm);
	timer_cancel(&sa->retx_ev);
	timer_cancel(&sa->life_ev);
	timer_cancel(&sa->purge_ev);
	timer_cancel(&sa->dpd_ev);
	timer_cancel(&sa->natka_ev);
	dh_free(sa->dh);
	free(sa->gxi);
	free(sa->gxr);
	free(sa->sai_b);
	free(sa->idi_b);
	free(sa->peer_id_b);
	free(sa->last);
	if (sa->psk != NULL) {
		memset(sa->psk, 0, strlen(sa->psk));
		free(sa->psk);
	}
	memset(&sa->keys, 0, sizeof(sa->keys));
	free(sa);
}

/* ---- pending flows and failover ------------------------------------------ */

void
ike_flow_id_of(struct ike_flow_id *id, const struct ipsec_flow *f)
{
	memset(id, 0, sizeof(*id));
	snprintf(id->map, sizeof(id->map), "%s", f->map);
	id->seq = f->seq;
	snprintf(id->ifname, sizeof(id->ifname), "%s", f->ifname);
	id->peer = f->peer;
	id->lid = f->lid;
	id->rid = f->rid;
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

void
ike_sa_add_pending(struct ike_sa *sa, const struct ike_flow_id *id)
{
	for (int i = 0; i < sa->n_pending; i++)
		if (fid_eq(&sa->pending[i], id))
			return;
	if (sa->n_pending < IKE_MAX_PENDING)
		sa->pending[sa->n_pending++] = *id;
}

void
ike_peer_failover(struct ike_ctx *c, uint32_t peer)
{
	struct ipsec_state *st = ipsec_state(c->r);

	for (int i = 0; i < st->n_maps; i++) {
		struct crypto_map *m = st->maps[i];

		for (int j = 0; j < m->n_ents; j++) {
			struct crypto_map_entry *e = m->ents[j];

			if (e->n_peers < 2 ||
			    ipsec_map_current_peer(e) != peer)
				continue;
			e->cur_peer = (e->cur_peer + 1) % e->n_peers;
		}
	}
}

/* ---- acquire ------------------------------------------------------------- */

struct crypto_map_entry *
ike_flow_entry(struct router *r, const struct ike_flow_id *id,
    struct crypto_map **mp)
{
	struct crypto_map *m = ipsec_map_find(r, id->map);
	struct crypto_map_entry *e;

	if (mp != NULL)
		*mp = m;
	if (m == NULL || (e = ipsec_map_entry_find(m, id->seq)) == NULL)
		return NULL;
	if (!ipsec_map_entry_complete(r, e))
		return NULL;
	return e;
}

int
ike_acquire(struct router *r, struct ipsec_flow *flow)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_flow_id id;
	struct crypto_map *m;
	struct crypto_map_entry *e;
	struct ike_sa *sa;
	struct iface *ifp;
	uint32_t local;

	if (c == NULL || flow == NULL || flow->peer == 0)
		return -1;
	ike_flow_id_of(&id, flow);
	if ((e = ike_flow_entry(r, &id, &m)) == NULL)
		return -1;
	ifp = router_find_iface(r, flow->ifname);
	local = flow->local;
	if (local == 0) {
		local = ipsec_map_local_addr(r, m, ifp);
		flow->local = local;
	}
	if (local == 0)
		return -1;
	if (ike_flow_busy(c, &id))
		return 0;		/* already negotiating */
	sa = ike_sa_find_peer(c, local, flow->peer, true);
	if (sa != NULL) {
		if (sa->st == IKE_P1_COMPLETE)
			return ike_qm_start(sa, &id);
		ike_sa_add_pending(sa, &id);
		return 0;
	}
	ikd(r, flow->peer, "ISAKMP:(0): SA request profile is %s",
	    e->isakmp_profile[0] ? e->isakmp_profile : "(NULL)");
	sa = ike_sa_new(c, true, local, flow->peer);
	snprintf(sa->profile, sizeof(sa->profile), "%s", e->isakmp_profile);
	ike_sa_add_pending(sa, &id);
	if ((c->aggr_initiate ? ike_am_start(sa) : ike_mm_start(sa)) != 0) {
		ike_sa_free(sa);
		return -1;
	}
	return 0;
}

/* ---- views ---------------------------------------------------------------- */

int
ike_sa_info_list(struct router *r, struct ike_sa_info *out, int max)
{
	struct ike_ctx *c = ike_ctx(r);
	struct ike_sa *sa;
	int	 n = 0;

	if (c == NULL)
		return 0;
	TAILQ_FOREACH(sa, &c->sas, entry) {
		if (n < max) {
			struct ike_sa_info *i = &out[n];
			vtime_t now = sched_now(), end;

			memset(i, 0, sizeof(*i));
			i->conn_id = sa->conn_id;
			i->engine_id = sa->engine_id;
			i->local = sa->local;
			i->peer = sa->peer;
			i->lport = sa->lport;
			i->pport = sa->pport;
			i->initiator = sa->initiator;
			i->deleted = sa->deleted;
			i->active = sa->st == IKE_P1_COMPLETE && !sa->deleted;
			i->state = ike_ios_state_name(sa->deleted ?
			    (sa->aggressive ? AG_NO_STATE : MM_NO_STATE) :
			    sa->ios);
			i->encr = sa->pol.encr;
			i->keylen = sa->pol.keylen;
			i->hash = sa->pol.hash;
			i->auth = sa->pol.auth;
			i->group = sa->pol.group;
			end = (sa->established ? sa->established : sa->created) +
			    (vtime_t)sa->pol.lifetime * VT_SEC;
			if (sa->st == IKE_P1_COMPLETE && end > now)
				i->life_left = (uint32_t)((end - now) / VT_SEC);
			i->dpd = sa->peer_dpd && ipsec_state(r)->keepalive > 0;
			i->natt = sa->floated;
			i->profile = sa->profile;
		}
		n++;
	}
	return n;
}
