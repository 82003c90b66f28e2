/* Reverse route injection (`reverse-route [static]` in a crypto map entry).
 *
 * Dynamic: when a flow of such an entry has SAs, a static route to its
 * remote proxy via the peer goes into the routing table; it leaves with
 * the SAs.  Static (IOS 12.4T and later): a route per permit line of the
 * crypto ACL exists as long as the map is applied, before any SA, so the
 * router can initiate.  The routes show as `S` in `show ip route` and are
 * not part of the configuration (ip_route_add_rri). */
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "crypto_cfg.h"
#include "debug.h"
#include "dp_int.h"
#include "engine.h"
#include "iface.h"
#include "ipv4.h"
#include "router.h"

#define STATIC_RESYNC	VT_SEC	/* ACL edits are noticed this fast */

static void
rte_added(struct router *r, uint32_t prefix, uint32_t mask, uint32_t peer,
    const char *ifname, int refcount, bool is_static)
{
	char a[16], m[16];

	if (!dp_debug(r, false) ||
	    !debug_cond_pass(r->dbg, DCOND_CRYPTO_PEER, &peer))
		return;
	if (is_static)
		rdebug(r, "IPSEC(rte_mgr): VPN Route Event create SA based on "
		    "crypto ACL in real time for %s", ip_ntoa(peer, a));
	else
		rdebug(r, "IPSEC(rte_mgr): VPN Route Event create routes for "
		    "peer or rekeying for %s", ip_ntoa(peer, a));
	rdebug(r, "IPSEC(rte_mgr): VPN Route Refcount %d %s", refcount, ifname);
	rdebug(r, "IPSEC(rte_mgr): VPN Route Added %s %s via 0.0.0.0 in IP "
	    "DEFAULT TABLE with tag 0 distance 1", ip_ntoa(prefix, a),
	    ip_ntoa(mask, m));
}

static void
rte_removed(struct router *r, uint32_t prefix, uint32_t mask, uint32_t peer)
{
	char a[16], m[16];

	if (!dp_debug(r, false) ||
	    !debug_cond_pass(r->dbg, DCOND_CRYPTO_PEER, &peer))
		return;
	rdebug(r, "IPSEC(rte_mgr): VPN Route Event Delete routes for peer %s",
	    ip_ntoa(peer, a));
	rdebug(r, "IPSEC(rte_mgr): VPN Route Removed %s %s via 0.0.0.0 in IP "
	    "DEFAULT TABLE", ip_ntoa(prefix, a), ip_ntoa(mask, m));
}

/* How many users (dynamic flows, static routes) a route has, not counting
 * `skip`. */
static int
route_users(struct dp_ctx *c, uint32_t prefix, uint32_t mask, uint32_t nh,
    const void *skip)
{
	struct dp_flow *df;
	struct dp_static_rt *s;
	int n = 0;

	TAILQ_FOREACH(df, &c->flows, entry)
		if (df != skip && df->rri && df->rri_prefix == prefix &&
		    df->rri_mask == mask && df->rri_nh == nh)
			n++;
	TAILQ_FOREACH(s, &c->statics, entry)
		if (s != skip && s->prefix == prefix && s->mask == mask &&
		    s->nh == nh)
			n++;
	return n;
}

static bool
entry_rri(struct router *r, const char *map, int seq, bool *is_static)
{
	struct crypto_map *m = ipsec_map_find(r, map);
	struct crypto_map_entry *e = m ? ipsec_map_entry_find(m, seq) : NULL;

	*is_static = e != NULL && e->rri_static;
	return e != NULL && e->rri;
}

void
dp_rri_flow(struct router *r, struct dp_flow *df, bool has_sa)
{
	struct dp_ctx *c = dp_ctx(r);
	bool want, st;

	df->had_sa = has_sa;
	want = has_sa && entry_rri(r, df->map, df->seq, &st) && !st &&
	    ip_masklen(df->rid.mask) >= 0;
	if (want == df->rri)
		return;
	if (want) {
		df->rri = true;
		df->rri_prefix = df->rid.addr & df->rid.mask;
		df->rri_mask = df->rid.mask;
		df->rri_nh = df->peer;
		if (route_users(c, df->rri_prefix, df->rri_mask, df->rri_nh,
		    df) == 0)
			ip_route_add_rri(r, df->rri_prefix, df->rri_mask,
			    df->rri_nh);
		rte_added(r, df->rri_prefix, df->rri_mask, df->rri_nh,
		    df->ifname, route_users(c, df->rri_prefix, df->rri_mask,
		    df->rri_nh, NULL), false);
		return;
	}
	df->rri = false;
	if (route_users(c, df->rri_prefix, df->rri_mask, df->rri_nh, df) == 0) {
		ip_route_del_rri(r, df->rri_prefix, df->rri_mask, df->rri_nh);
		rte_removed(r, df->rri_prefix, df->rri_mask, df->rri_nh);
	}
}

/* ---- static ------------------------------------------------------------ */

struct static_walk {
	struct router	*r;
	uint32_t	 peer;
	const char	*ifname;
	struct dp_static_list *want;
};

static bool
static_line(void *ctx, const struct acl_entry_view *v)
{
	struct static_walk *w = ctx;
	struct dp_static_rt *s;
	uint32_t mask = ~v->dst_wild;

	if (!v->permit || ip_masklen(mask) < 0)
		return true;
	TAILQ_FOREACH(s, w->want, entry)
		if (s->prefix == (v->dst & mask) && s->mask == mask &&
		    s->nh == w->peer)
			return true;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		abort();
	s->prefix = v->dst & mask;
	s->mask = mask;
	s->nh = w->peer;
	strncpy(s->ifname, w->ifname, sizeof(s->ifname) - 1);
	TAILQ_INSERT_TAIL(w->want, s, entry);
	return true;
}

void
dp_rri_static_sync(struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct dp_ctx *c = dp_ctx(r);
	struct dp_static_list want;
	struct dp_static_rt *s, *t, *next;
	struct static_walk w;

	c->static_dirty = false;
	c->static_synced = sched_now();
	TAILQ_INIT(&want);
	w.r = r;
	w.want = &want;
	for (int i = 0; i < st->n_bindings; i++) {
		struct iface *ifp = router_find_iface(r, st->bindings[i]->ifname);
		struct crypto_map *m;

		if (ifp == NULL || ifp->crypto_map != st->bindings[i] ||
		    (m = ipsec_map_find(r, st->bindings[i]->map)) == NULL)
			continue;
		for (int k = 0; k < m->n_ents; k++) {
			struct crypto_map_entry *e = m->ents[k];

			if (!e->rri_static || !ipsec_map_entry_complete(r, e))
				continue;
			w.peer = ipsec_map_current_peer(e);
			w.ifname = ifp->name;
			acl_walk(r, e->acl, static_line, &w);
		}
	}
	/* Drop what is no longer wanted, then add what is new. */
	for (s = TAILQ_FIRST(&c->statics); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		TAILQ_FOREACH(t, &want, entry)
			if (t->prefix == s->prefix && t->mask == s->mask &&
			    t->nh == s->nh)
				break;
		if (t != NULL)
			continue;
		TAILQ_REMOVE(&c->statics, s, entry);
		if (route_users(c, s->prefix, s->mask, s->nh, NULL) == 0) {
			ip_route_del_rri(r, s->prefix, s->mask, s->nh);
			rte_removed(r, s->prefix, s->mask, s->nh);
		}
		free(s);
	}
	while ((t = TAILQ_FIRST(&want)) != NULL) {
		TAILQ_REMOVE(&want, t, entry);
		TAILQ_FOREACH(s, &c->statics, entry)
			if (t->prefix == s->prefix && t->mask == s->mask &&
			    t->nh == s->nh)
				break;
		if (s != NULL) {
			free(t);
			continue;
		}
		if (route_users(c, t->prefix, t->mask, t->nh, NULL) == 0)
			ip_route_add_rri(r, t->prefix, t->mask, t->nh);
		TAILQ_INSERT_TAIL(&c->statics, t, entry);
		rte_added(r, t->prefix, t->mask, t->nh, t->ifname,
		    route_users(c, t->prefix, t->mask, t->nh, NULL), true);
	}
}

void
dp_rri_sync(struct router *r)
{
	struct dp_ctx *c = dp_ctx(r);
	struct ipsec_flow *f;
	struct dp_flow *df;

	dp_flow_gc(r);
	/* dp_rri_flow() compares what the SAs and the entry's config want
	 * with what is installed, so config changes are caught too. */
	TAILQ_FOREACH(f, &ipsec_engine(r)->flows, entry) {
		bool has = dp_flow_has_sa(f);

		if ((df = dp_flow_get(r, f, has)) != NULL)
			dp_rri_flow(r, df, has);
	}
	if (c->static_dirty || sched_now() >= c->static_synced + STATIC_RESYNC)
		dp_rri_static_sync(r);
}

static void
sync_event(void *arg)
{
	dp_rri_sync(arg);
}

void
dp_rri_schedule(struct router *r)
{
	struct dp_ctx *c = dp_ctx(r);

	c->static_dirty = true;
	if (!timer_pending(&c->sync_ev))
		timer_set(&c->sync_ev, 0, sync_event, r);
}

void
dp_rri_free(struct dp_ctx *c)
{
	struct dp_static_rt *s;

	/* The routes themselves go with the IP state. */
	while ((s = TAILQ_FIRST(&c->statics)) != NULL) {
		TAILQ_REMOVE(&c->statics, s, entry);
		free(s);
	}
}
