/* The routing table: connected and local routes from interfaces, static
 * routes from `ip route`, longest-prefix match, and the IOS 15 layouts of
 * `show ip route` and `show ip route A.B.C.D`.
 *
 * The table is rebuilt when something changes: static routes mark it
 * invalid, and every lookup compares a signature of the interfaces'
 * addresses and states with the one it was built from, so a change the IP
 * layer was not told about is still noticed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "router.h"

#define STATIC_PASSES	4	/* recursion depth for static next hops */

void
route_invalidate(struct ip_state *ips)
{
	ips->rib_valid = false;
}

static uint64_t
iface_sig(const struct router *r)
{
	uint64_t h = 1469598103934665603ULL;

	for (int i = 0; i < r->n_ifaces; i++) {
		const struct iface *ifp = r->ifaces[i];
		uint64_t v[4] = { (uint64_t)(uintptr_t)ifp, ifp->addr, ifp->mask,
		    (uint64_t)(ifp->shutdown | (ifp->line_up << 1)) };

		for (int k = 0; k < 4; k++) {
			h ^= v[k];
			h *= 1099511628211ULL;
		}
	}
	return h;
}

struct ribvec {
	struct rt_entry	*v;
	int		 n, cap;
};

static struct rt_entry *
rib_find(struct ribvec *rv, uint32_t prefix, int len)
{
	for (int i = 0; i < rv->n; i++)
		if (rv->v[i].prefix == prefix && rv->v[i].len == len)
			return &rv->v[i];
	return NULL;
}

/* Add a candidate; lower distance wins, equal static distance adds a
 * path (ECMP). */
static void
rib_add(struct ribvec *rv, uint32_t prefix, int len, enum rt_type type,
    int distance, const struct rt_path *path)
{
	struct rt_entry *e = rib_find(rv, prefix, len);

	if (e != NULL) {
		if (distance < e->distance) {
			e->type = type;
			e->distance = distance;
			e->n_path = 0;
		} else if (distance > e->distance || type != RT_STATIC ||
		    e->type != RT_STATIC)
			return;
		for (int i = 0; i < e->n_path; i++)
			if (e->path[i].nexthop == path->nexthop &&
			    e->path[i].oif == path->oif)
				return;
		if (e->n_path < RT_MAX_PATHS)
			e->path[e->n_path++] = *path;
		return;
	}
	if (rv->n == rv->cap) {
		int nc = rv->cap ? rv->cap * 2 : 16;
		struct rt_entry *nv = realloc(rv->v, (size_t)nc * sizeof(*nv));

		if (nv == NULL)
			abort();
		rv->v = nv;
		rv->cap = nc;
	}
	e = &rv->v[rv->n++];
	memset(e, 0, sizeof(*e));
	e->prefix = prefix;
	e->len = len;
	e->mask = ip_lenmask(len);
	e->type = type;
	e->distance = distance;
	e->path[0] = *path;
	e->n_path = 1;
}

static const struct rt_entry *
lpm_in(const struct rt_entry *v, int n, uint32_t dst, const struct rt_entry *skip,
    bool need_oif)
{
	const struct rt_entry *best = NULL;

	for (int i = 0; i < n; i++) {
		const struct rt_entry *e = &v[i];

		if (e == skip || (dst & e->mask) != e->prefix)
			continue;
		if (need_oif && (e->n_path == 0 || e->path[0].oif == NULL))
			continue;
		if (best == NULL || e->len > best->len)
			best = e;
	}
	return best;
}

static int
rt_cmp(const void *a, const void *b)
{
	const struct rt_entry *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return x->len - y->len;
}

static bool
iface_up(const struct iface *ifp)
{
	return !ifp->shutdown && ifp->line_up;
}

static void
rebuild(struct ip_state *ips)
{
	struct router *r = ips->r;
	struct ribvec rv = { NULL, 0, 0 };
	struct static_route *s;
	int nstatic = 0, k;
	bool *done;

	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		struct rt_path p = { 0, 0, ifp, true };
		int len = ip_masklen(ifp->mask);

		if (!iface_ip_usable(ifp) || len < 0)
			continue;
		if (rib_find(&rv, ifp->addr & ifp->mask, len) == NULL)
			rib_add(&rv, ifp->addr & ifp->mask, len, RT_CONNECTED, 0, &p);
		/* IOS 15 adds a local /32 for each address not already one. */
		if (len < 32)
			rib_add(&rv, ifp->addr, 32, RT_LOCAL, 0, &p);
	}

	TAILQ_FOREACH(s, &ips->statics, entry)
		nstatic++;
	done = ip_xcalloc((size_t)nstatic + 1, sizeof(bool));
	for (int pass = 0; pass < STATIC_PASSES; pass++) {
		bool progress = false;

		k = 0;
		TAILQ_FOREACH(s, &ips->statics, entry) {
			int len = ip_masklen(s->mask);
			struct rt_path p = { s->nexthop, 0, NULL, false };
			bool ok = false;

			if (done[k++])
				continue;
			if (s->ifname[0] != '\0') {
				p.oif = router_find_iface(r, s->ifname);
				p.gw = s->nexthop;
				p.show_if = true;
				ok = p.oif != NULL && (iface_up(p.oif) ||
				    s->permanent);
			} else {
				/* Recursive: the next hop must resolve
				 * through some other route, not a local
				 * address of ours. */
				const struct rt_entry *e = lpm_in(rv.v, rv.n,
				    s->nexthop, rib_find(&rv, s->prefix, len),
				    true);

				if (e != NULL && e->type != RT_LOCAL &&
				    ip_local_iface(r, s->nexthop) == NULL) {
					p.oif = e->path[0].oif;
					p.gw = e->path[0].gw ? e->path[0].gw :
					    s->nexthop;
					ok = true;
				} else if (s->permanent)
					ok = true;
			}
			if (!ok)
				continue;
			rib_add(&rv, s->prefix, len, RT_STATIC, s->distance, &p);
			done[k - 1] = true;
			progress = true;
		}
		if (!progress)
			break;
	}
	free(done);
	qsort(rv.v, (size_t)rv.n, sizeof(*rv.v), rt_cmp);
	free(ips->rib);
	ips->rib = rv.v;
	ips->n_rib = rv.n;
	ips->rib_valid = true;
	ips->rib_sig = iface_sig(r);
}

void
route_rebuild_if_needed(struct ip_state *ips)
{
	if (!ips->rib_valid || ips->rib_sig != iface_sig(ips->r))
		rebuild(ips);
}

const struct rt_entry *
route_lpm(struct ip_state *ips, uint32_t dst)
{
	route_rebuild_if_needed(ips);
	return lpm_in(ips->rib, ips->n_rib, dst, NULL, true);
}

void
route_free_all(struct ip_state *ips)
{
	struct static_route *s;

	while ((s = TAILQ_FIRST(&ips->statics)) != NULL) {
		TAILQ_REMOVE(&ips->statics, s, entry);
		free(s);
	}
	free(ips->rib);
	ips->rib = NULL;
	ips->n_rib = 0;
	ips->rib_valid = false;
}

/* ---- configuration ---------------------------------------------------- */

static bool
same_target(const struct static_route *a, const struct static_route *b)
{
	return a->prefix == b->prefix && a->mask == b->mask &&
	    a->nexthop == b->nexthop && strcmp(a->ifname, b->ifname) == 0 &&
	    a->rri == b->rri;
}

int
route_static_add(struct ip_state *ips, const struct static_route *n)
{
	struct static_route *s;

	TAILQ_FOREACH(s, &ips->statics, entry)
		if (same_target(s, n)) {
			s->distance = n->distance;
			s->permanent = n->permanent;
			snprintf(s->name, sizeof(s->name), "%s", n->name);
			route_invalidate(ips);
			return 0;
		}
	s = ip_xcalloc(1, sizeof(*s));
	*s = *n;
	TAILQ_INSERT_TAIL(&ips->statics, s, entry);
	route_invalidate(ips);
	return 0;
}

/* Returns how many routes were removed. */
int
route_static_del(struct ip_state *ips, const struct static_route *n,
    bool match_all)
{
	struct static_route *s, *t;
	int removed = 0;

	TAILQ_FOREACH_SAFE(s, &ips->statics, entry, t) {
		if (s->prefix != n->prefix || s->mask != n->mask ||
		    s->rri != n->rri)
			continue;
		if (!match_all && !same_target(s, n))
			continue;
		TAILQ_REMOVE(&ips->statics, s, entry);
		free(s);
		removed++;
	}
	if (removed)
		route_invalidate(ips);
	return removed;
}

static int
static_cmp(const void *a, const void *b)
{
	const struct static_route *x = *(const struct static_route *const *)a;
	const struct static_route *y = *(const struct static_route *const *)b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	return 0;
}

void
route_config_write(struct vty *vty, struct router *r)
{
	struct ip_state *ips = r->ip;
	struct static_route *s, **v;
	int n = 0, i = 0;

	if (ips == NULL)
		return;
	TAILQ_FOREACH(s, &ips->statics, entry)
		n += !s->rri;
	if (n == 0)
		return;
	v = ip_xcalloc((size_t)n, sizeof(*v));
	TAILQ_FOREACH(s, &ips->statics, entry)
		if (!s->rri)
			v[i++] = s;
	/* Stable order: prefix, mask, then as configured. */
	for (i = 1; i < n; i++)
		for (int j = i; j > 0 && static_cmp(&v[j - 1], &v[j]) > 0; j--) {
			struct static_route *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		char a[16], m[16], h[16], line[256];
		int len;

		s = v[i];
		len = snprintf(line, sizeof(line), "ip route %s %s",
		    ip_ntoa(s->prefix, a), ip_ntoa(s->mask, m));
		if (s->ifname[0])
			len += snprintf(line + len, sizeof(line) - (size_t)len,
			    " %s", s->ifname);
		if (s->nexthop)
			len += snprintf(line + len, sizeof(line) - (size_t)len,
			    " %s", ip_ntoa(s->nexthop, h));
		if (s->distance != 1)
			len += snprintf(line + len, sizeof(line) - (size_t)len,
			    " %d", s->distance);
		if (s->name[0])
			len += snprintf(line + len, sizeof(line) - (size_t)len,
			    " name %s", s->name);
		if (s->permanent)
			snprintf(line + len, sizeof(line) - (size_t)len,
			    " permanent");
		vty_out(vty, "%s\n", line);
	}
	free(v);
}

/* IPsec reverse route injection: a static route (distance 1) that the
 * crypto code adds and removes; it shows as `S` but is never written to
 * the configuration, and `no ip route` leaves it alone. */
int
ip_route_add_rri(struct router *r, uint32_t prefix, uint32_t mask,
    uint32_t nexthop)
{
	struct static_route s;

	if (r->ip == NULL || ip_masklen(mask) < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.prefix = prefix & mask;
	s.mask = mask;
	s.nexthop = nexthop;
	s.distance = 1;
	s.rri = true;
	return route_static_add(r->ip, &s);
}

int
ip_route_del_rri(struct router *r, uint32_t prefix, uint32_t mask,
    uint32_t nexthop)
{
	struct static_route s;

	if (r->ip == NULL)
		return 0;
	memset(&s, 0, sizeof(s));
	s.prefix = prefix & mask;
	s.mask = mask;
	s.nexthop = nexthop;
	s.rri = true;
	return route_static_del(r->ip, &s, false);
}

/* ---- show ip route ---------------------------------------------------- */

static int
classful_len(uint32_t a)
{
	if ((a >> 31) == 0)
		return 8;
	if ((a >> 30) == 2)
		return 16;
	if ((a >> 29) == 6)
		return 24;
	return 4;
}

static const char codes_legend[] =
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
    "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
    "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
    "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
    "       a - application route\n"
    "       + - replicated route, % - next hop override, p - overrides from PfR\n";

static char
type_code(enum rt_type t)
{
	switch (t) {
	case RT_CONNECTED:	return 'C';
	case RT_LOCAL:		return 'L';
	case RT_STATIC:		return 'S';
	}
	return '?';
}

static bool
passes(const struct rt_entry *e, int filter)
{
	switch (filter) {
	case RSHOW_CONNECTED:
		return e->type == RT_CONNECTED || e->type == RT_LOCAL;
	case RSHOW_STATIC:
		return e->type == RT_STATIC;
	}
	return true;
}

/* One route: code column, destination, then one line per path with the
 * later paths aligned under the first path's text. */
static void
show_entry(struct vty *vty, const struct rt_entry *e, bool in_group,
    bool with_len)
{
	char dest[24], a[16], head[64];
	int col;

	if (with_len)
		snprintf(dest, sizeof(dest), "%s/%d", ip_ntoa(e->prefix, a), e->len);
	else
		snprintf(dest, sizeof(dest), "%s", ip_ntoa(e->prefix, a));
	col = snprintf(head, sizeof(head), "%c%c    %s%s ", type_code(e->type),
	    e->type == RT_STATIC && e->len == 0 ? '*' : ' ',
	    in_group ? "   " : "", dest);
	for (int i = 0; i < e->n_path; i++) {
		const struct rt_path *p = &e->path[i];
		char nh[16];

		if (i == 0)
			vty_out(vty, "%s", head);
		else
			vty_out(vty, "%*s", col, "");
		if (e->type != RT_STATIC || p->nexthop == 0)
			vty_out(vty, "is directly connected, %s\n",
			    p->oif ? p->oif->name : "Null0");
		else if (p->show_if && p->oif)
			vty_out(vty, "[%d/0] via %s, %s\n", e->distance,
			    ip_ntoa(p->nexthop, nh), p->oif->name);
		else
			vty_out(vty, "[%d/0] via %s\n", e->distance,
			    ip_ntoa(p->nexthop, nh));
	}
}

void
route_show(struct vty *vty, struct router *r, int filter)
{
	struct ip_state *ips = r->ip;
	const struct rt_entry *v, *def = NULL;
	int n;
	char a[16];

	route_rebuild_if_needed(ips);
	v = ips->rib;
	n = ips->n_rib;
	vty_out(vty, "%s\n", codes_legend);
	for (int i = 0; i < n; i++)
		if (v[i].len == 0 && v[i].n_path > 0)
			def = &v[i];
	if (def != NULL)
		vty_out(vty, "Gateway of last resort is %s to network 0.0.0.0\n\n",
		    ip_ntoa(def->path[0].nexthop, a));
	else
		vty_out(vty, "Gateway of last resort is not set\n\n");

	/* Walk in prefix order; entries of one classful network with a
	 * longer mask (or sharing it with subnets) form a group under a
	 * "is (variably) subnetted" header. */
	for (int i = 0; i < n; ) {
		const struct rt_entry *e = &v[i];
		int cl = classful_len(e->prefix);
		uint32_t major = e->prefix & ip_lenmask(cl);
		int j = i, cnt, nmask = 0, lens[33] = { 0 }, shown = 0;

		if (e->len < cl || cl == 4) {
			if (passes(e, filter))
				show_entry(vty, e, false, true);
			i++;
			continue;
		}
		while (j < n && (v[j].prefix & ip_lenmask(cl)) == major &&
		    v[j].len >= cl)
			j++;
		cnt = j - i;
		for (int k = i; k < j; k++)
			if (lens[v[k].len]++ == 0)
				nmask++;
		for (int k = i; k < j; k++)
			shown += passes(&v[k], filter);
		if (shown == 0) {
			i = j;
			continue;
		}
		if (cnt == 1 && e->len == cl) {
			show_entry(vty, e, false, true);
			i = j;
			continue;
		}
		if (nmask == 1)
			vty_out(vty, "      %s/%d is subnetted, %d subnets\n",
			    ip_ntoa(major, a), e->len, cnt);
		else
			vty_out(vty, "      %s/%d is variably subnetted, %d "
			    "subnets, %d masks\n", ip_ntoa(major, a), cl, cnt,
			    nmask);
		for (int k = i; k < j; k++)
			if (passes(&v[k], filter))
				show_entry(vty, &v[k], true, nmask > 1);
		i = j;
	}
}

int
route_show_addr(struct vty *vty, struct router *r, uint32_t addr)
{
	struct ip_state *ips = r->ip;
	const struct rt_entry *e = NULL;
	char a[16], b[16];
	int cl;

	route_rebuild_if_needed(ips);
	for (int i = 0; i < ips->n_rib; i++) {
		const struct rt_entry *x = &ips->rib[i];

		if ((addr & x->mask) != x->prefix || (x->len == 0 && addr != 0))
			continue;
		if (e == NULL || x->len > e->len)
			e = x;
	}
	if (e == NULL) {
		uint32_t major = addr & ip_lenmask(classful_len(addr));

		for (int i = 0; i < ips->n_rib; i++)
			if (ips->rib[i].len > 0 && (ips->rib[i].prefix &
			    ip_lenmask(classful_len(addr))) == major) {
				vty_out(vty, "%% Subnet not in table\n");
				return CMD_WARNING;
			}
		vty_out(vty, "%% Network not in table\n");
		return CMD_WARNING;
	}
	cl = classful_len(e->prefix);
	vty_out(vty, "Routing entry for %s/%d%s\n", ip_ntoa(e->prefix, a),
	    e->len, e->len < cl ? ", supernet" : "");
	switch (e->type) {
	case RT_CONNECTED:
		vty_out(vty, "  Known via \"connected\", distance 0, metric 0 "
		    "(connected, via interface)\n");
		break;
	case RT_LOCAL:
		vty_out(vty, "  Known via \"connected\", distance 0, metric 0 "
		    "(connected)\n");
		break;
	case RT_STATIC:
		vty_out(vty, "  Known via \"static\", distance %d, metric 0%s\n",
		    e->distance, e->len == 0 ? ", candidate default path" : "");
		break;
	}
	vty_out(vty, "  Routing Descriptor Blocks:\n");
	for (int i = 0; i < e->n_path; i++) {
		const struct rt_path *p = &e->path[i];
		const char *star = i == 0 ? "*" : " ";

		if (e->type != RT_STATIC || p->nexthop == 0)
			vty_out(vty, "  %s directly connected, via %s\n", star,
			    p->oif ? p->oif->name : "Null0");
		else if (p->show_if && p->oif)
			vty_out(vty, "  %s %s, via %s\n", star,
			    ip_ntoa(p->nexthop, b), p->oif->name);
		else
			vty_out(vty, "  %s %s\n", star, ip_ntoa(p->nexthop, b));
		vty_out(vty, "      Route metric is 0, traffic share count is 1\n");
	}
	return CMD_SUCCESS;
}
