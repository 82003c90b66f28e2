/* Crypto-map data plane: the IP output and input hooks (see dp.h).
 *
 * Outbound (ip_iface_output -> out hook): a packet leaving an interface
 * whose crypto map selects it is protected with the flow's outbound SA and
 * routed to the peer, or dropped while IKE negotiates.  Inbound (in hook,
 * after reassembly): ESP for one of our addresses is decapsulated and the
 * inner packet re-enters ip_input() marked PKT_F_NOCRYPTO; clear text that
 * a flow with SAs protects is dropped.  Errors are counted on the SA (esp.c)
 * or the flow and reported with the IOS syslogs, rate limited as IOS does. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "acl.h"
#include "crypto_cfg.h"
#include "debug.h"
#include "dp.h"
#include "dp_int.h"
#include "engine.h"
#include "esp.h"
#include "iface.h"
#include "ike.h"
#include "ipv4.h"
#include "log.h"
#include "pkt.h"
#include "router.h"
#include "sadb.h"

/* IOS throttles these messages (30 s for the decrypt errors, about a
 * minute for clear text that should have been encrypted). */
static const vtime_t log_interval[DPLOG_MAX] = {
	[DPLOG_INV_SPI] = 30 * VT_SEC,
	[DPLOG_REPLAY] = 30 * VT_SEC,
	[DPLOG_MAC] = 30 * VT_SEC,
	[DPLOG_NOT_IPSEC] = 60 * VT_SEC,
};

/* GETVPN call-outs (dp.h), set by gdoi/. */
int (*dp_gdoi_out)(struct iface *, struct pkt *);
int (*dp_gdoi_in)(struct iface *, struct pkt *);

/* ---- context ------------------------------------------------------------ */

static void
dp_free(struct dp_ctx *c)
{
	struct dp_flow *df;

	if (c == NULL)
		return;
	timer_cancel(&c->sync_ev);
	dp_rri_free(c);
	while ((df = TAILQ_FIRST(&c->flows)) != NULL) {
		TAILQ_REMOVE(&c->flows, df, entry);
		free(df);
	}
	free(c);
}

struct dp_ctx *
dp_ctx(struct router *r)
{
	struct ipsec_engine *e = ipsec_engine(r);
	struct dp_ctx *c;

	if (e->dp != NULL)
		return e->dp;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		abort();
	c->r = r;
	TAILQ_INIT(&c->flows);
	TAILQ_INIT(&c->statics);
	c->static_dirty = true;
	e->dp = c;
	e->dp_free = dp_free;
	return c;
}

static bool
proxy_eq(const struct ipsec_proxy *a, const struct ipsec_proxy *b)
{
	return a->addr == b->addr && a->mask == b->mask &&
	    a->proto == b->proto && a->port == b->port;
}

static bool
df_matches(const struct dp_flow *df, const struct ipsec_flow *f)
{
	return df->f == f && df->seq == f->seq && df->peer == f->peer &&
	    strcmp(df->map, f->map) == 0 && strcmp(df->ifname, f->ifname) == 0 &&
	    proxy_eq(&df->lid, &f->lid) && proxy_eq(&df->rid, &f->rid);
}

static bool
flow_exists(struct router *r, const struct ipsec_flow *f)
{
	struct ipsec_flow *x;

	TAILQ_FOREACH(x, &ipsec_engine(r)->flows, entry)
		if (x == f)
			return true;
	return false;
}

struct dp_flow *
dp_flow_get(struct router *r, struct ipsec_flow *f, bool create)
{
	struct dp_ctx *c = dp_ctx(r);
	struct dp_flow *df;

	TAILQ_FOREACH(df, &c->flows, entry)
		if (df_matches(df, f))
			return df;
	if (!create)
		return NULL;
	df = calloc(1, sizeof(*df));
	if (df == NULL)
		abort();
	df->f = f;
	memcpy(df->map, f->map, sizeof(df->map));
	memcpy(df->ifname, f->ifname, sizeof(df->ifname));
	df->seq = f->seq;
	df->peer = f->peer;
	df->lid = f->lid;
	df->rid = f->rid;
	TAILQ_INSERT_TAIL(&c->flows, df, entry);
	return df;
}

void
dp_flow_gc(struct router *r)
{
	struct dp_ctx *c = dp_ctx(r);
	struct dp_flow *df, *next;

	for (df = TAILQ_FIRST(&c->flows); df != NULL; df = next) {
		next = TAILQ_NEXT(df, entry);
		if (flow_exists(r, df->f) && df_matches(df, df->f))
			continue;
		dp_rri_flow(r, df, false);
		TAILQ_REMOVE(&c->flows, df, entry);
		free(df);
	}
}

bool
dp_flow_has_sa(const struct ipsec_flow *f)
{
	return f->in != NULL || f->out != NULL;
}

void
dp_flow_changed(struct router *r, struct ipsec_flow *f)
{
	struct dp_flow *df;

	if (f == NULL || !flow_exists(r, f)) {
		dp_rri_sync(r);
		return;
	}
	df = dp_flow_get(r, f, true);
	dp_rri_flow(r, df, dp_flow_has_sa(f));
}

/* Is there data-plane work on this router at all?  Keeps the hooks cheap
 * for routers without crypto. */
static bool
dp_active(struct router *r)
{
	struct ipsec_state *st = r->ipsec;

	return st != NULL && (st->engine != NULL || st->n_bindings > 0);
}

/* `debug crypto ipsec` shows everything, `... error` the errors (level
 * bits as the IKE engine, which registers the same flag). */
bool
dp_debug(struct router *r, bool error_class)
{
	uint32_t lvl;

	if (dp_dbg_ipsec < 0)
		return false;
	lvl = debug_level(r->dbg, dp_dbg_ipsec);
	return (lvl & ~0x01u) != 0 || (error_class && (lvl & 0x01u) != 0);
}

static bool
dp_debug_peer(struct router *r, bool error_class, uint32_t peer)
{
	return dp_debug(r, error_class) &&
	    debug_cond_pass(r->dbg, DCOND_CRYPTO_PEER, &peer);
}

/* One of the rate-limited syslogs may go out now. */
static bool
log_ok(struct router *r, enum dp_logmsg m)
{
	struct dp_ctx *c = dp_ctx(r);
	vtime_t now = sched_now();

	if (c->logged[m] && now < c->last_log[m] + log_interval[m])
		return false;
	c->logged[m] = true;
	c->last_log[m] = now;
	return true;
}

/* ---- packets -------------------------------------------------------------- */

/* The selector fields of an IPv4 packet. */
struct sel {
	uint32_t	src, dst;
	uint8_t		proto;
	uint16_t	sport, dport;
	size_t		hlen;
	bool		df;
};

static bool
sel_parse(const uint8_t *ip, size_t len, struct sel *s)
{
	size_t hl;
	uint16_t off;

	if (len < 20 || (ip[0] >> 4) != 4)
		return false;
	hl = (size_t)(ip[0] & 0x0f) * 4;
	if (hl < 20 || hl > len)
		return false;
	memset(s, 0, sizeof(*s));
	s->hlen = hl;
	s->proto = ip[9];
	s->src = rd32(ip + 12);
	s->dst = rd32(ip + 16);
	off = (uint16_t)(ip[6] << 8 | ip[7]);
	s->df = (off & IP_DF) != 0;
	if ((off & IP_OFFMASK) == 0 && len >= hl + 4 &&
	    (s->proto == IP_PROTO_TCP || s->proto == IP_PROTO_UDP)) {
		s->sport = (uint16_t)(ip[hl] << 8 | ip[hl + 1]);
		s->dport = (uint16_t)(ip[hl + 2] << 8 | ip[hl + 3]);
	}
	return true;
}

/* IKE of our own (UDP 500/4500 from or to one of our addresses) is never
 * protected by a crypto map, whatever its ACL says. */
static bool
is_own_ike(struct router *r, const struct sel *s)
{
	if (s->proto != IP_PROTO_UDP)
		return false;
	if (s->sport != 500 && s->sport != ESP_UDP_PORT &&
	    s->dport != 500 && s->dport != ESP_UDP_PORT)
		return false;
	return ip_local_iface(r, s->src) != NULL ||
	    ip_local_iface(r, s->dst) != NULL;
}

/* The ACL line that selected a packet gives the proxy identities, as IOS
 * builds them: `permit ip 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255` is
 * 3.1.1.0/255.255.255.0/0/0 to 4.1.1.0/255.255.255.0/0/0. */
struct line_find {
	const struct sel *s;
	bool		 found;
	struct acl_entry_view v;
};

static bool
line_covers(const struct acl_entry_view *v, const struct sel *s)
{
	if (v->proto != 0 && v->proto != s->proto)
		return false;
	if ((s->src & ~v->src_wild) != (v->src & ~v->src_wild) ||
	    (s->dst & ~v->dst_wild) != (v->dst & ~v->dst_wild))
		return false;
	if (v->proto == IP_PROTO_TCP || v->proto == IP_PROTO_UDP) {
		if (s->sport < v->sport_lo || s->sport > v->sport_hi ||
		    s->dport < v->dport_lo || s->dport > v->dport_hi)
			return false;
	}
	return true;
}

static bool
line_find_fn(void *ctx, const struct acl_entry_view *v)
{
	struct line_find *lf = ctx;

	if (!v->permit || !line_covers(v, lf->s))
		return true;
	lf->v = *v;
	lf->found = true;
	return false;
}

static void
line_proxies(const struct acl_entry_view *v, struct ipsec_proxy *lid,
    struct ipsec_proxy *rid)
{
	memset(lid, 0, sizeof(*lid));
	memset(rid, 0, sizeof(*rid));
	lid->mask = ~v->src_wild;
	lid->addr = v->src & lid->mask;
	rid->mask = ~v->dst_wild;
	rid->addr = v->dst & rid->mask;
	lid->proto = rid->proto = v->proto;
	if (v->proto == IP_PROTO_TCP || v->proto == IP_PROTO_UDP) {
		if (v->sport_lo == v->sport_hi)
			lid->port = v->sport_lo;
		if (v->dport_lo == v->dport_hi)
			rid->port = v->dport_lo;
	}
}

static enum ipsec_mode
entry_mode(struct router *r, const struct crypto_map_entry *e)
{
	struct transform_set *ts;

	if (e->n_ts > 0 && (ts = ipsec_ts_find(r, e->ts[0])) != NULL &&
	    ts->mode == IPSEC_ENCAP_TRANSPORT)
		return IPSEC_MODE_TRANSPORT;
	return IPSEC_MODE_TUNNEL;
}

/* The flow for a packet the map entry selected: the flow of an active
 * outbound SA that already covers it (a responder's proxies may differ
 * from our ACL line), else the one of its ACL line. */
static struct ipsec_flow *
out_flow(struct iface *oif, struct crypto_map *m, struct crypto_map_entry *e,
    const struct sel *s, struct ipsec_sa **sap)
{
	struct router *r = oif->r;
	uint32_t peer = ipsec_map_current_peer(e);
	struct ipsec_sa *sa;
	struct ipsec_flow *f;
	struct ipsec_proxy lid, rid;
	struct line_find lf;

	*sap = NULL;
	sa = sadb_lookup_out(ipsec_sadb(r), s->src, s->dst, s->proto, s->sport,
	    s->dport, peer);
	if (sa != NULL && sa->owner != NULL) {
		f = sa->owner;
		if (flow_exists(r, f) && f->seq == e->seq &&
		    strcmp(f->map, m->name) == 0 &&
		    strcmp(f->ifname, oif->name) == 0) {
			*sap = sa;
			return f;
		}
	}
	memset(&lf, 0, sizeof(lf));
	lf.s = s;
	acl_walk(r, e->acl, line_find_fn, &lf);
	if (!lf.found)
		return NULL;
	line_proxies(&lf.v, &lid, &rid);
	f = ipsec_flow_lookup(r, m->name, e->seq, oif->name, peer, &lid, &rid,
	    true);
	if (f->local == 0) {
		f->local = ipsec_map_local_addr(r, m, oif);
		f->mode = entry_mode(r, e);
	}
	if (f->out != NULL && f->out->state == IPSEC_SA_ACTIVE)
		*sap = f->out;
	return f;
}

int
dp_plaintext_mtu(struct router *r, const struct ipsec_flow *f, int path_mtu)
{
	const struct ipsec_sa *sa = f->out;
	int len;

	(void)r;
	if (sa == NULL)
		return path_mtu;
	/* The largest inner packet whose ESP form still fits. */
	for (len = path_mtu; len > 68; len--)
		if ((size_t)len + esp_overhead(sa, (size_t)len) <=
		    (size_t)path_mtu)
			return len;
	return 68;
}

static void
send_protected(struct router *r, struct iface *oif, struct ipsec_flow *f,
    struct ipsec_sa *sa, struct pkt *p, const struct sel *s)
{
	struct iface *o2;
	uint32_t nh;
	int rc, pmtu;

	/* Fragmentation before encryption is the IOS default: a packet
	 * that cannot be fragmented and does not fit gets "fragmentation
	 * needed" with the plaintext MTU. */
	pmtu = dp_plaintext_mtu(r, f, iface_ip_mtu(oif));
	if (s->df && p->len > (size_t)pmtu) {
		icmp_send_error(r, p, (p->flags & PKT_F_LOCAL) ? NULL :
		    p->in_if, 3, 4, (uint16_t)pmtu);
		pkt_free(p);
		return;
	}
	rc = esp_encap(sa, p);
	if (rc != ESP_OK) {
		if (dp_debug_peer(r, true, sa->peer)) {
			char a[16], b[16];

			rdebug(r, "IPSEC(encapsulate): encaps failed: %s, "
			    "src= %s, dest= %s, spi= 0x%X",
			    esp_strerror(rc), ip_ntoa(s->src, a),
			    ip_ntoa(s->dst, b), sa->spi);
		}
		pkt_free(p);
		return;
	}
	p->flags |= PKT_F_NOCRYPTO | PKT_F_LOCAL;
	if (!ip_route_lookup(r, sa->peer, &o2, &nh)) {
		pkt_free(p);
		return;
	}
	ip_iface_output(o2, p, nh);
}

static int
dp_out_hook(struct iface *oif, struct pkt *p)
{
	struct router *r = oif->r;
	struct crypto_map *m;
	struct crypto_map_entry *e;
	struct ipsec_flow *f;
	struct ipsec_sa *sa;
	struct dp_flow *df;
	struct sel s;

	if (!dp_active(r))
		return IP_HOOK_PASS;
	dp_rri_sync(r);
	if ((m = ipsec_iface_map(oif)) == NULL)
		return IP_HOOK_PASS;
	/* GETVPN: a GDOI map's traffic is gdoi/'s (group SAs, no flows). */
	if (dp_gdoi_out != NULL) {
		int rc = dp_gdoi_out(oif, p);

		if (rc >= 0)
			return rc;
	}
	if (!sel_parse(p->data, p->len, &s) || is_own_ike(r, &s))
		return IP_HOOK_PASS;
	if ((e = ipsec_map_match(oif, p->data, p->len)) == NULL)
		return IP_HOOK_PASS;
	if ((f = out_flow(oif, m, e, &s, &sa)) == NULL)
		return IP_HOOK_PASS;
	df = dp_flow_get(r, f, true);
	if (df->had_sa != dp_flow_has_sa(f))
		dp_rri_flow(r, df, dp_flow_has_sa(f));
	if (sa == NULL) {
		/* No SA yet: IKE negotiates, this packet is lost, as the
		 * first echo of a ping is on IOS. */
		df->no_sa_send++;
		ike_acquire(r, f);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	send_protected(r, oif, f, sa, p, &s);
	return IP_HOOK_STOLEN;
}

/* ---- inbound ---------------------------------------------------------- */

/* The flow to charge an inbound error that has no SA: the first flow
 * between these endpoints. */
static struct dp_flow *
flow_by_endpoints(struct router *r, uint32_t local, uint32_t peer)
{
	struct ipsec_flow *f;

	TAILQ_FOREACH(f, &ipsec_engine(r)->flows, entry)
		if (f->peer == peer && (f->local == local || f->local == 0))
			return dp_flow_get(r, f, true);
	return NULL;
}

static void
decap_error(struct iface *ifp, int rc, const struct esp_info *in,
    struct ipsec_sa *sa)
{
	struct router *r = ifp->r;
	char a[16], b[16];
	struct dp_flow *df;

	switch (rc) {
	case ESP_ERR_SPI:
		if ((df = flow_by_endpoints(r, in->dst, in->src)) != NULL)
			df->invalid_sa_rcv++;
		if (log_ok(r, DPLOG_INV_SPI))
			rlog(r, SEV_WARNING, "CRYPTO", "RECVD_PKT_INV_SPI",
			    "decaps: rec'd IPSEC packet has invalid spi for "
			    "destaddr=%s, prot=%d, spi=0x%X(%u), srcaddr=%s, "
			    "input interface=%s", ip_ntoa(in->dst, a),
			    in->sport ? IP_PROTO_UDP : IP_PROTO_ESP, in->spi,
			    in->spi, ip_ntoa(in->src, b), ifp->name);
		return;
	case ESP_ERR_REPLAY:
		if (sa != NULL && log_ok(r, DPLOG_REPLAY))
			rlog(r, SEV_WARNING, "CRYPTO", "PKT_REPLAY_ERR",
			    "decrypt: replay check failed\n"
			    "        connection id=%u, sequence number=%u",
			    sa->conn_id, in->seq);
		return;
	case ESP_ERR_ICV:
		if (sa != NULL && log_ok(r, DPLOG_MAC))
			rlog(r, SEV_WARNING, "CRYPTO", "RECVD_PKT_MAC_ERR",
			    "decrypt: mac verify failed for connection id=%u "
			    "local=%s remote=%s spi=%08X", sa->conn_id,
			    ip_ntoa(in->dst, a), ip_ntoa(in->src, b), in->spi);
		return;
	default:
		break;
	}
	if (sa != NULL && dp_debug_peer(r, true, in->src)) {
		if (rc == ESP_ERR_IDENTITY)
			rdebug(r, "IPSEC(epa_des_crypt): decrypted packet "
			    "failed SA identity check");
		else
			rdebug(r, "IPSEC(decapsulate): decaps failed: %s, "
			    "src= %s, dest= %s, spi= 0x%X", esp_strerror(rc),
			    ip_ntoa(in->src, a), ip_ntoa(in->dst, b), in->spi);
	}
}

static int
decap(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct esp_info in;
	struct ipsec_sa *sa = NULL;
	struct ipsec_flow *f;
	int rc;

	memset(&in, 0, sizeof(in));
	rc = esp_decap(ipsec_sadb(r), p, &in, &sa);
	if (rc == ESP_NOT_ESP)
		return IP_HOOK_PASS;
	if (rc != ESP_OK) {
		decap_error(ifp, rc, &in, sa);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	/* A peer sending on its new SAs: reverse routes follow. */
	if (sa != NULL && (f = sa->owner) != NULL && flow_exists(r, f)) {
		struct dp_flow *df = dp_flow_get(r, f, true);

		if (df->had_sa != dp_flow_has_sa(f))
			dp_rri_flow(r, df, dp_flow_has_sa(f));
	}
	p->flags |= PKT_F_NOCRYPTO;
	p->flags &= ~(uint32_t)PKT_F_LOCAL;
	ip_input(ifp, p);
	return IP_HOOK_STOLEN;
}

/* Clear text from the outside that a flow with SAs protects: IOS drops it
 * (the peer should have encrypted it). */
static bool
should_be_ipsec(struct router *r, struct iface *ifp, const struct sel *s)
{
	struct ipsec_flow *f;

	if (ipsec_iface_map(ifp) == NULL || r->ipsec == NULL ||
	    ((struct ipsec_state *)r->ipsec)->engine == NULL)
		return false;
	TAILQ_FOREACH(f, &ipsec_engine(r)->flows, entry) {
		if (f->in == NULL || strcmp(f->ifname, ifp->name) != 0)
			continue;
		if (ipsec_proxy_match(&f->rid, s->src, s->proto, s->sport) &&
		    ipsec_proxy_match(&f->lid, s->dst, s->proto, s->dport))
			return true;
	}
	return false;
}

static int
dp_in_hook(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct esp_info in;
	struct sel s;
	char a[16], b[16];

	if (!sel_parse(p->data, p->len, &s))
		return IP_HOOK_PASS;
	/* GETVPN: group ESP keeps the inner addresses, so it is not for one
	 * of our addresses; gdoi/ decides for GDOI-map interfaces. */
	if (dp_gdoi_in != NULL) {
		int rc = dp_gdoi_in(ifp, p);

		if (rc >= 0)
			return rc;
	}
	if ((s.proto == IP_PROTO_ESP ||
	    (s.proto == IP_PROTO_UDP && s.dport == ESP_UDP_PORT)) &&
	    ip_local_iface(r, s.dst) != NULL) {
		/* IKE on 4500 (non-ESP marker) and keepalives are not ESP. */
		if (esp_parse(p->data, p->len, &in) == ESP_NOT_ESP)
			return IP_HOOK_PASS;
		return decap(ifp, p);
	}
	if (!dp_active(r))
		return IP_HOOK_PASS;
	dp_rri_sync(r);
	if (is_own_ike(r, &s) || (p->flags & PKT_F_LOCAL))
		return IP_HOOK_PASS;
	if (should_be_ipsec(r, ifp, &s)) {
		if (log_ok(r, DPLOG_NOT_IPSEC))
			rlog(r, SEV_WARNING, "CRYPTO", "RECVD_PKT_NOT_IPSEC",
			    "Rec'd packet not an IPSEC packet. (ip) "
			    "vrf/dest_addr= /%s, src_addr= %s, prot= %d",
			    ip_ntoa(s.dst, a), ip_ntoa(s.src, b), s.proto);
		pkt_free(p);
		return IP_HOOK_STOLEN;
	}
	return IP_HOOK_PASS;
}

/* ---- clear ------------------------------------------------------------ */

int
dp_clear_peer(struct router *r, uint32_t peer)
{
	struct ipsec_engine *e = ipsec_engine(r);
	struct ipsec_flow *f, *next;
	struct dp_flow *df;
	int n = 0;

	dp_flow_gc(r);
	for (f = TAILQ_FIRST(&e->flows); f != NULL; f = next) {
		next = TAILQ_NEXT(f, entry);
		if (peer != 0 && f->peer != peer)
			continue;
		if ((df = dp_flow_get(r, f, false)) != NULL) {
			dp_rri_flow(r, df, false);
			TAILQ_REMOVE(&dp_ctx(r)->flows, df, entry);
			free(df);
		}
		ipsec_flow_delete(r, f);
		n++;
	}
	return n;
}

/* ---- wiring ----------------------------------------------------------- */

void
dp_router_init(struct router *r)
{
	ip_set_out_hook(r, dp_out_hook);
	ip_set_in_hook(r, dp_in_hook);
}

void
dp_router_free(struct router *r)
{
	ip_set_out_hook(r, NULL);
	ip_set_in_hook(r, NULL);
}
