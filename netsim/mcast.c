/* Multicast forwarding for GDOI multicast rekeys: dense-mode style
 * flooding with an RPF check, (S,G) state with uptime/expiry/counters,
 * local group membership (`ip igmp join-group`, and 224.0.1.40 on a
 * sparse-dense router as IOS joins it for Auto-RP), and the renderers of
 * `show ip mroute` and `show ip igmp groups`.
 *
 * No PIM or IGMP packets are exchanged: every PIM interface that is up is
 * treated as having a downstream neighbour, so traffic is flooded and
 * never pruned.  Sparse-mode-only interfaces have no RP and so do not
 * forward, as on IOS without an RP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "ipv4.h"
#include "mcast_priv.h"
#include "pkt.h"
#include "router.h"

struct mc_oif {
	char		 ifname[32];
	vtime_t		 since;
};

struct mc_sg {
	uint32_t	 src, grp;
	vtime_t		 created, expires;
	char		 iif[32];	/* "" = Null */
	uint32_t	 rpf_nbr;
	struct mc_oif	*oifs;
	int		 n_oif;
	uint64_t	 pkts, bytes;
};

struct mc_star {
	uint32_t	 grp;
	vtime_t		 created;
};

struct mc_ifcfg {		/* per interface name: PIM mode and joins */
	char		 ifname[32];
	enum pim_mode	 mode;
	vtime_t		 pim_since;
	uint32_t	 join_grp[8];
	vtime_t		 join_since[8];
	int		 n_join;
	/* Joined by a protocol (mcast_proto_join), not configured. */
	uint32_t	 pjoin_grp[8];
	vtime_t		 pjoin_since[8];
	int		 n_pjoin;
};

struct mcast_state {
	bool		 routing;
	vtime_t		 routing_since;
	struct mc_sg	**sg;		/* sorted by (grp, src) */
	int		 n_sg, cap_sg;
	struct mc_star	*star;		/* sorted by grp */
	int		 n_star, cap_star;
	struct mc_ifcfg	*ifc;
	int		 n_ifc, cap_ifc;
	struct mcast_stats st;
};

static void *
xrealloc(void *p, size_t n, size_t sz)
{
	p = realloc(p, (n ? n : 1) * sz);
	if (p == NULL)
		abort();
	return p;
}

static bool
is_mcast(uint32_t a)
{
	return (a >> 28) == 0xe;
}

static bool
is_linklocal_group(uint32_t g)
{
	return (g & 0xffffff00u) == 0xe0000000u;
}

/* ---- per-interface configuration ------------------------------------ */

static struct mc_ifcfg *
ifcfg(struct router *r, const char *ifname, bool create)
{
	struct mcast_state *mc = r->mc;
	struct mc_ifcfg *c;
	int	 i;

	for (i = 0; i < mc->n_ifc; i++)
		if (strcmp(mc->ifc[i].ifname, ifname) == 0)
			return &mc->ifc[i];
	if (!create)
		return NULL;
	if (mc->n_ifc == mc->cap_ifc) {
		mc->cap_ifc = mc->cap_ifc ? mc->cap_ifc * 2 : 8;
		mc->ifc = xrealloc(mc->ifc, (size_t)mc->cap_ifc,
		    sizeof(*mc->ifc));
	}
	c = &mc->ifc[mc->n_ifc++];
	memset(c, 0, sizeof(*c));
	snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
	return c;
}

enum pim_mode
mcast_pim_mode(struct iface *ifp)
{
	struct mc_ifcfg *c;

	if (!ifp->pim)
		return PIM_NONE;
	c = ifp->r->mc ? ifcfg(ifp->r, ifp->name, false) : NULL;
	return c != NULL && c->mode != PIM_NONE ? c->mode : PIM_SPARSE_DENSE;
}

void
mcast_set_pim(struct iface *ifp, enum pim_mode m)
{
	struct mc_ifcfg *c = ifcfg(ifp->r, ifp->name, true);

	if (c->mode != m || !ifp->pim)
		c->pim_since = sched_now();
	c->mode = m;
	ifp->pim = m != PIM_NONE;
}

void
mcast_set_routing(struct router *r, bool on)
{
	struct mcast_state *mc = r->mc;

	if (on && !mc->routing)
		mc->routing_since = sched_now();
	mc->routing = on;
	if (!on)
		mcast_clear(r);
}

bool
mcast_routing(struct router *r)
{
	return r->mc != NULL && r->mc->routing;
}

/* Small group lists (an interface's memberships, a config's joins):
 * add g unless present (since, if given, records when); false when full. */
static bool
grp_add(uint32_t *grp, vtime_t *since, int *n, int max, uint32_t g)
{
	int	 i;

	for (i = 0; i < *n; i++)
		if (grp[i] == g)
			return true;
	if (*n >= max)
		return false;
	if (since != NULL)
		since[*n] = sched_now();
	grp[(*n)++] = g;
	return true;
}

static void
grp_del(uint32_t *grp, vtime_t *since, int *n, uint32_t g)
{
	int	 i;

	for (i = 0; i < *n; i++)
		if (grp[i] == g) {
			memmove(&grp[i], &grp[i + 1],
			    (size_t)(*n - i - 1) * sizeof(grp[0]));
			if (since != NULL)
				memmove(&since[i], &since[i + 1],
				    (size_t)(*n - i - 1) * sizeof(since[0]));
			(*n)--;
			return;
		}
}

#define IF_MAX_GROUPS(ifp)						\
	((int)(sizeof((ifp)->igmp_groups) / sizeof((ifp)->igmp_groups[0])))

int
mcast_join(struct iface *ifp, uint32_t g)
{
	struct mc_ifcfg *c;

	if (!is_mcast(g) || !grp_add(ifp->igmp_groups, NULL,
	    &ifp->n_igmp_groups, IF_MAX_GROUPS(ifp), g))
		return -1;
	c = ifcfg(ifp->r, ifp->name, true);
	grp_add(c->join_grp, c->join_since, &c->n_join, 8, g);
	return 0;
}

void
mcast_leave(struct iface *ifp, uint32_t g)
{
	struct mc_ifcfg *c;

	grp_del(ifp->igmp_groups, NULL, &ifp->n_igmp_groups, g);
	if ((c = ifcfg(ifp->r, ifp->name, false)) != NULL)
		grp_del(c->join_grp, c->join_since, &c->n_join, g);
}

int
mcast_proto_join(struct iface *ifp, uint32_t g)
{
	struct mc_ifcfg *c;

	if (!is_mcast(g) || !grp_add(ifp->igmp_groups, NULL,
	    &ifp->n_igmp_groups, IF_MAX_GROUPS(ifp), g))
		return -1;
	c = ifcfg(ifp->r, ifp->name, true);
	grp_add(c->pjoin_grp, c->pjoin_since, &c->n_pjoin, 8, g);
	return 0;
}

void
mcast_proto_leave(struct iface *ifp, uint32_t g)
{
	struct mc_ifcfg *c;
	int	 i;

	if ((c = ifcfg(ifp->r, ifp->name, false)) != NULL) {
		grp_del(c->pjoin_grp, c->pjoin_since, &c->n_pjoin, g);
		for (i = 0; i < c->n_join; i++)
			if (c->join_grp[i] == g)
				return;		/* configured: stays */
	}
	grp_del(ifp->igmp_groups, NULL, &ifp->n_igmp_groups, g);
}

static vtime_t
join_since(struct iface *ifp, uint32_t g)
{
	struct mc_ifcfg *c = ifcfg(ifp->r, ifp->name, false);
	int	 i;

	for (i = 0; c != NULL && i < c->n_join; i++)
		if (c->join_grp[i] == g)
			return c->join_since[i];
	for (i = 0; c != NULL && i < c->n_pjoin; i++)
		if (c->pjoin_grp[i] == g)
			return c->pjoin_since[i];
	return ifp->r->boot_time;
}

/* IOS joins 224.0.1.40 on a sparse-dense router to hear Auto-RP
 * discovery: on the first usable sparse-dense interface. */
static struct iface *
autorp_iface(struct router *r, vtime_t *since)
{
	struct mc_ifcfg *c;
	struct iface *ifp;
	int	 i;

	if (!mcast_routing(r))
		return NULL;
	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		if (mcast_pim_mode(ifp) != PIM_SPARSE_DENSE ||
		    !iface_ip_usable(ifp))
			continue;
		if (since != NULL) {
			c = ifcfg(r, ifp->name, false);
			*since = r->mc->routing_since;
			if (c != NULL && c->pim_since > *since)
				*since = c->pim_since;
		}
		return ifp;
	}
	return NULL;
}

/* Joined on which interface (NULL: not joined)? */
static struct iface *
member_iface(struct router *r, uint32_t g, vtime_t *since)
{
	struct iface *ifp;
	int	 i, j;

	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		for (j = 0; j < ifp->n_igmp_groups; j++)
			if (ifp->igmp_groups[j] == g) {
				if (since != NULL)
					*since = join_since(ifp, g);
				return ifp;
			}
	}
	if (g == MC_AUTORP_GROUP)
		return autorp_iface(r, since);
	return NULL;
}

bool
mcast_is_member(struct router *r, uint32_t g)
{
	if (r == NULL || r->mc == NULL)
		return false;
	return member_iface(r, g, NULL) != NULL;
}

/* ---- state ------------------------------------------------------------- */

static void
sg_free(struct mc_sg *s)
{
	if (s != NULL) {
		free(s->oifs);
		free(s);
	}
}

static int
sg_cmp(uint32_t g1, uint32_t s1, uint32_t g2, uint32_t s2)
{
	if (g1 != g2)
		return g1 < g2 ? -1 : 1;
	if (s1 != s2)
		return s1 < s2 ? -1 : 1;
	return 0;
}

static struct mc_star *
star_find(struct mcast_state *mc, uint32_t g)
{
	int	 i;

	for (i = 0; i < mc->n_star; i++)
		if (mc->star[i].grp == g)
			return &mc->star[i];
	return NULL;
}

static void
star_get(struct mcast_state *mc, uint32_t g, vtime_t created)
{
	struct mc_star *st;
	int	 i;

	/* A group joined before its traffic started is older than that. */
	if ((st = star_find(mc, g)) != NULL) {
		if (created < st->created)
			st->created = created;
		return;
	}
	if (mc->n_star == mc->cap_star) {
		mc->cap_star = mc->cap_star ? mc->cap_star * 2 : 8;
		mc->star = xrealloc(mc->star, (size_t)mc->cap_star,
		    sizeof(*mc->star));
	}
	for (i = mc->n_star; i > 0 && mc->star[i - 1].grp > g; i--)
		mc->star[i] = mc->star[i - 1];
	mc->star[i].grp = g;
	mc->star[i].created = created;
	mc->n_star++;
}

static struct mc_sg *
sg_find(struct mcast_state *mc, uint32_t src, uint32_t g)
{
	int	 i;

	for (i = 0; i < mc->n_sg; i++)
		if (mc->sg[i]->src == src && mc->sg[i]->grp == g)
			return mc->sg[i];
	return NULL;
}

static struct mc_sg *
sg_get(struct mcast_state *mc, uint32_t src, uint32_t g, const char *iif,
    uint32_t rpf_nbr)
{
	struct mc_sg *s;
	vtime_t	 now = sched_now();
	int	 i;

	if ((s = sg_find(mc, src, g)) != NULL) {
		snprintf(s->iif, sizeof(s->iif), "%s", iif);
		s->rpf_nbr = rpf_nbr;
		return s;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		abort();
	s->src = src;
	s->grp = g;
	s->created = now;
	snprintf(s->iif, sizeof(s->iif), "%s", iif);
	s->rpf_nbr = rpf_nbr;
	if (mc->n_sg == mc->cap_sg) {
		mc->cap_sg = mc->cap_sg ? mc->cap_sg * 2 : 8;
		mc->sg = xrealloc(mc->sg, (size_t)mc->cap_sg, sizeof(*mc->sg));
	}
	for (i = mc->n_sg; i > 0 &&
	    sg_cmp(mc->sg[i - 1]->grp, mc->sg[i - 1]->src, g, src) > 0; i--)
		mc->sg[i] = mc->sg[i - 1];
	mc->sg[i] = s;
	mc->n_sg++;
	star_get(mc, g, now);
	return s;
}

/* Drop expired (S,G) entries and (*,G) entries left without sources or
 * members.  Lazy (on use) so idle routers schedule nothing. */
static void
mc_purge(struct router *r)
{
	struct mcast_state *mc = r->mc;
	vtime_t	 now = sched_now();
	int	 i, j;

	for (i = j = 0; i < mc->n_sg; i++) {
		if (mc->sg[i]->expires <= now)
			sg_free(mc->sg[i]);
		else
			mc->sg[j++] = mc->sg[i];
	}
	mc->n_sg = j;
	for (i = j = 0; i < mc->n_star; i++) {
		bool keep = member_iface(r, mc->star[i].grp, NULL) != NULL;
		int k;

		for (k = 0; !keep && k < mc->n_sg; k++)
			keep = mc->sg[k]->grp == mc->star[i].grp;
		if (keep)
			mc->star[j++] = mc->star[i];
	}
	mc->n_star = j;
}

void
mcast_clear(struct router *r)
{
	struct mcast_state *mc = r->mc;
	int	 i;

	for (i = 0; i < mc->n_sg; i++)
		sg_free(mc->sg[i]);
	mc->n_sg = 0;
	mc->n_star = 0;
}

/* Interfaces a dense-mode flood goes out of. */
static bool
oif_eligible(struct iface *ifp)
{
	enum pim_mode m = mcast_pim_mode(ifp);

	return (m == PIM_SPARSE_DENSE || m == PIM_DENSE) &&
	    iface_ip_usable(ifp);
}

/* Bring the outgoing list in line with the eligible interfaces, keeping
 * the uptime of those that stay. */
static void
sg_update_oifs(struct router *r, struct mc_sg *s)
{
	struct mc_oif *n;
	struct iface *ifp;
	int	 i, j, cnt = 0;

	n = xrealloc(NULL, (size_t)r->n_ifaces + 1, sizeof(*n));
	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		if (strcmp(ifp->name, s->iif) == 0 || !oif_eligible(ifp))
			continue;
		snprintf(n[cnt].ifname, sizeof(n[cnt].ifname), "%s",
		    ifp->name);
		n[cnt].since = sched_now();
		for (j = 0; j < s->n_oif; j++)
			if (strcmp(s->oifs[j].ifname, ifp->name) == 0)
				n[cnt].since = s->oifs[j].since;
		cnt++;
	}
	free(s->oifs);
	s->oifs = n;
	s->n_oif = cnt;
}

/* ---- data path ------------------------------------------------------- */

static void
ip_hdr_cksum(uint8_t *ip, size_t ihl)
{
	uint32_t sum = 0;
	size_t	 i;

	ip[10] = ip[11] = 0;
	for (i = 0; i + 1 < ihl; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
}

struct hdr {
	uint32_t src, grp;
	size_t	 ihl;
	uint8_t	 ttl;
};

static bool
parse_hdr(const struct pkt *p, struct hdr *h)
{
	const uint8_t *ip;

	if (p == NULL || p->data == NULL || p->len < 20)
		return false;
	ip = p->data;
	h->ihl = (size_t)(ip[0] & 0x0f) * 4;
	if ((ip[0] >> 4) != 4 || h->ihl < 20 || h->ihl > p->len)
		return false;
	h->ttl = ip[8];
	h->src = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 |
	    (uint32_t)ip[14] << 8 | ip[15];
	h->grp = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 |
	    (uint32_t)ip[18] << 8 | ip[19];
	return true;
}

bool
mcast_input(struct iface *ifp, const struct pkt *p)
{
	struct router *r = ifp->r;
	struct mcast_state *mc = r->mc;
	struct iface *rpf_if = NULL, *o;
	struct mc_sg *s;
	struct pkt *c;
	uint32_t nh = 0;
	struct hdr h;
	bool	 member;
	int	 i;

	if (mc == NULL)
		return false;
	if (!parse_hdr(p, &h) || !is_mcast(h.grp)) {
		mc->st.bad++;
		return false;
	}
	member = mcast_is_member(r, h.grp);
	if (!mc->routing || is_linklocal_group(h.grp) || !ifp->pim ||
	    mcast_pim_mode(ifp) == PIM_SPARSE)
		return member;
	mc_purge(r);
	/* RPF: only packets arriving where we would send to the source. */
	if (!ip_route_lookup(r, h.src, &rpf_if, &nh) || rpf_if != ifp) {
		mc->st.rpf_failed++;
		return member;
	}
	s = sg_get(mc, h.src, h.grp, ifp->name, nh == h.src ? 0 : nh);
	s->expires = sched_now() + MC_SG_LIFETIME;
	s->pkts++;
	s->bytes += p->len;
	sg_update_oifs(r, s);
	if (h.ttl <= 1) {
		mc->st.ttl_dropped++;
		return member;
	}
	for (i = 0; i < s->n_oif; i++) {
		if ((o = router_find_iface(r, s->oifs[i].ifname)) == NULL)
			continue;
		if ((c = pkt_clone(p)) == NULL)
			continue;
		c->data[8]--;
		ip_hdr_cksum(c->data, h.ihl);
		c->in_if = NULL;
		mc->st.forwarded++;
		ip_iface_output(o, c, h.grp);
	}
	return member;
}

void
mcast_output(struct router *r, struct iface *oif, struct pkt *p)
{
	struct mcast_state *mc = r->mc;
	struct iface *targets[ROUTER_MAX_IFACES], *src_if, *ifp;
	struct mc_sg *s;
	struct pkt *c;
	struct hdr h;
	int	 n = 0, i;

	if (mc == NULL || !parse_hdr(p, &h)) {
		if (mc != NULL)
			mc->st.bad++;
		pkt_free(p);
		return;
	}
	ip_hdr_cksum(p->data, h.ihl);
	if (oif != NULL)
		targets[n++] = oif;
	else if (mc->routing) {
		for (i = 0; i < r->n_ifaces && n < ROUTER_MAX_IFACES; i++)
			if (oif_eligible(r->ifaces[i]))
				targets[n++] = r->ifaces[i];
	}
	if (n == 0 && oif == NULL) {
		/* No multicast routing (or no PIM interface): every usable
		 * interface, as IOS ping to a group does. */
		for (i = 0; i < r->n_ifaces; i++) {
			ifp = r->ifaces[i];
			if (ifp->type != IFT_LOOPBACK && iface_ip_usable(ifp))
				targets[n++] = ifp;
		}
	}
	/* The first hop keeps (S,G) state too: incoming is the interface
	 * owning the source address, the flood goes out of the others. */
	if (mc->routing && n > 0 && !is_linklocal_group(h.grp)) {
		mc_purge(r);
		src_if = ip_local_iface(r, h.src);
		s = sg_get(mc, h.src, h.grp, src_if ? src_if->name : "", 0);
		s->expires = sched_now() + MC_SG_LIFETIME;
		s->pkts++;
		s->bytes += p->len;
		sg_update_oifs(r, s);
	}
	if (n == 0) {
		pkt_free(p);
		return;
	}
	for (i = 0; i < n - 1; i++)
		if ((c = pkt_clone(p)) != NULL)
			ip_iface_output(targets[i], c, h.grp);
	ip_iface_output(targets[n - 1], p, h.grp);
}

const struct mcast_stats *
mcast_stats(struct router *r)
{
	return &r->mc->st;
}

int64_t
mcast_sg_packets(struct router *r, uint32_t src, uint32_t g)
{
	struct mc_sg *s;

	mc_purge(r);
	s = sg_find(r->mc, src, g);
	return s != NULL ? (int64_t)s->pkts : -1;
}

/* ---- rendering ---------------------------------------------------------- */

const char *
mcast_fmt_dur(vtime_t d, char buf[16])
{
	unsigned long long s = d / VT_SEC;

	if (s < 86400)
		snprintf(buf, 16, "%02llu:%02llu:%02llu", s / 3600,
		    (s / 60) % 60, s % 60);
	else if (s < 7 * 86400)
		snprintf(buf, 16, "%llud%02lluh", s / 86400, (s / 3600) % 24);
	else
		snprintf(buf, 16, "%lluw%llud", s / (7 * 86400),
		    (s / 86400) % 7);
	return buf;
}

/* The router answers its own IGMP queries (every 60 s) for joined
 * groups; a report refreshes the 3-minute membership timer. */
static vtime_t
igmp_expires(vtime_t since)
{
	vtime_t	 now = sched_now(), el = now - since;
	vtime_t	 last = since + (el / (60 * VT_SEC)) * (60 * VT_SEC);

	return last + 180 * VT_SEC - now;
}

static const char *
mode_name(enum pim_mode m)
{
	switch (m) {
	case PIM_SPARSE:
		return "Sparse";
	case PIM_DENSE:
		return "Dense";
	default:
		return "Sparse-Dense";
	}
}

static void
show_star(struct router *r, const struct mc_star *st, struct strbuf *sb)
{
	struct mc_ifcfg *c;
	struct iface *mif, *ifp;
	vtime_t	 now = sched_now(), js = 0, since;
	char	 b1[16], b2[16], g[16];
	bool	 any = false;
	int	 i;

	mif = member_iface(r, st->grp, &js);
	sb_printf(sb, "(*, %s), %s/%s, RP 0.0.0.0, flags: D%s\n",
	    ip_ntoa(st->grp, g), mcast_fmt_dur(now - st->created, b1),
	    mif ? mcast_fmt_dur(igmp_expires(js), b2) : "stopped",
	    mif ? "CL" : "");
	sb_puts(sb, "  Incoming interface: Null, RPF nbr 0.0.0.0\n");
	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		if (!oif_eligible(ifp) && ifp != mif)
			continue;
		if (!any)
			sb_puts(sb, "  Outgoing interface list:\n");
		any = true;
		c = ifcfg(r, ifp->name, false);
		since = st->created;
		if (c != NULL && c->pim_since > since)
			since = c->pim_since;
		sb_printf(sb, "    %s, Forward/%s, %s/stopped\n", ifp->name,
		    mode_name(mcast_pim_mode(ifp)),
		    mcast_fmt_dur(now - since, b1));
	}
	if (!any)
		sb_puts(sb, "  Outgoing interface list: Null\n");
	sb_puts(sb, "\n");
}

static void
show_sg(struct router *r, const struct mc_sg *s, struct strbuf *sb)
{
	struct iface *ifp;
	vtime_t	 now = sched_now();
	char	 b1[16], b2[16], a1[16], a2[16];
	int	 i;

	sb_printf(sb, "(%s, %s), %s/%s, flags: %s%sT\n", ip_ntoa(s->src, a1),
	    ip_ntoa(s->grp, a2), mcast_fmt_dur(now - s->created, b1),
	    mcast_fmt_dur(s->expires - now, b2),
	    mcast_is_member(r, s->grp) ? "L" : "",
	    s->n_oif == 0 ? "P" : "");
	sb_printf(sb, "  Incoming interface: %s, RPF nbr %s\n",
	    s->iif[0] ? s->iif : "Null", ip_ntoa(s->rpf_nbr, a1));
	if (s->n_oif == 0) {
		sb_puts(sb, "  Outgoing interface list: Null\n\n");
		return;
	}
	sb_puts(sb, "  Outgoing interface list:\n");
	for (i = 0; i < s->n_oif; i++) {
		ifp = router_find_iface(r, s->oifs[i].ifname);
		sb_printf(sb, "    %s, Forward/%s, %s/00:00:00\n",
		    s->oifs[i].ifname,
		    mode_name(ifp ? mcast_pim_mode(ifp) : PIM_SPARSE_DENSE),
		    mcast_fmt_dur(now - s->oifs[i].since, b1));
	}
	sb_puts(sb, "\n");
}

void
mcast_show_mroute(struct router *r, uint32_t filter, struct strbuf *sb)
{
	struct mcast_state *mc = r->mc;
	struct iface *ifp;
	vtime_t	 since;
	uint32_t g;
	int	 i, j;

	sb_puts(sb,
	    "IP Multicast Routing Table\n"
	    "Flags: D - Dense, S - Sparse, B - Bidir Group, s - SSM Group, C - Connected,\n"
	    "       L - Local, P - Pruned, R - RP-bit set, F - Register flag,\n"
	    "       T - SPT-bit set, J - Join SPT, M - MSDP created entry, E - Extranet,\n"
	    "       X - Proxy Join Timer Running, A - Candidate for MSDP Advertisement,\n"
	    "       U - URD, I - Received Source Specific Host Report,\n"
	    "       Z - Multicast Tunnel, z - MDT-data group sender,\n"
	    "       Y - Joined MDT-data group, y - Sending to MDT-data group,\n"
	    "       V - RD & Vector, v - Vector\n"
	    "Outgoing interface flags: H - Hardware switched, A - Assert winner\n"
	    " Timers: Uptime/Expires\n"
	    " Interface state: Interface, Next-Hop or VCD, State/Mode\n"
	    "\n");
	if (!mc->routing)
		return;
	mc_purge(r);
	/* Joined groups have (*,G) state even without traffic. */
	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		for (j = 0; j < ifp->n_igmp_groups; j++)
			star_get(mc, ifp->igmp_groups[j],
			    join_since(ifp, ifp->igmp_groups[j]));
	}
	if (autorp_iface(r, &since) != NULL)
		star_get(mc, MC_AUTORP_GROUP, since);
	for (i = 0; i < mc->n_star; i++) {
		g = mc->star[i].grp;
		if (filter != 0 && is_mcast(filter) && filter != g)
			continue;
		if (filter == 0 || is_mcast(filter))
			show_star(r, &mc->star[i], sb);
		for (j = 0; j < mc->n_sg; j++) {
			if (mc->sg[j]->grp != g)
				continue;
			if (filter != 0 && !is_mcast(filter) &&
			    mc->sg[j]->src != filter)
				continue;
			show_sg(r, mc->sg[j], sb);
		}
	}
}

void
mcast_show_igmp_groups(struct router *r, struct strbuf *sb)
{
	struct iface *ifp, *arp;
	vtime_t	 now = sched_now(), since, arp_since = 0;
	char	 g[16], a[16], b1[16], b2[16];
	int	 i, j;

	sb_puts(sb, "IGMP Connected Group Membership\n"
	    "Group Address    Interface                Uptime    Expires   "
	    "Last Reporter   Group Accounted\n");
	arp = autorp_iface(r, &arp_since);
	for (i = 0; i < r->n_ifaces; i++) {
		ifp = r->ifaces[i];
		for (j = 0; j < ifp->n_igmp_groups; j++) {
			since = join_since(ifp, ifp->igmp_groups[j]);
			sb_printf(sb, "%-16s %-24s %-9s %-9s %s\n",
			    ip_ntoa(ifp->igmp_groups[j], g), ifp->name,
			    mcast_fmt_dur(now - since, b1),
			    mcast_fmt_dur(igmp_expires(since), b2),
			    ip_ntoa(ifp->addr, a));
		}
		if (ifp == arp && member_iface(r, MC_AUTORP_GROUP, NULL) ==
		    arp) {
			bool dup = false;

			for (j = 0; j < ifp->n_igmp_groups; j++)
				dup |= ifp->igmp_groups[j] == MC_AUTORP_GROUP;
			if (!dup)
				sb_printf(sb, "%-16s %-24s %-9s %-9s %s\n",
				    ip_ntoa(MC_AUTORP_GROUP, g), ifp->name,
				    mcast_fmt_dur(now - arp_since, b1),
				    mcast_fmt_dur(igmp_expires(arp_since), b2),
				    ip_ntoa(ifp->addr, a));
		}
	}
}

/* ---- per router --------------------------------------------------------- */

void
mcast_router_init(struct router *r)
{
	r->mc = calloc(1, sizeof(*r->mc));
	if (r->mc == NULL)
		abort();
}

void
mcast_router_free(struct router *r)
{
	struct mcast_state *mc;

	if (r == NULL || (mc = r->mc) == NULL)
		return;
	mcast_clear(r);
	free(mc->sg);
	free(mc->star);
	free(mc->ifc);
	free(mc);
	r->mc = NULL;
}
