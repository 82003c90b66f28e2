/* IPv4 input, forwarding, local delivery and output for one router.
 *
 * Path of a received packet: l2_input -> ip_input (validation, inbound
 * ACL, crypto input hook) -> local delivery (reassembly, ICMP/UDP) or
 * forwarding (TTL, route, outbound ACL) -> ip_iface_output (crypto output
 * hook, fragmentation, ARP/L2) -> link_transmit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "debug.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "mcast.h"
#include "pkt.h"
#include "rng.h"
#include "router.h"

struct ip_state *
ips_of(struct router *r)
{
	return r->ip;
}

void
ip_router_init(struct router *r)
{
	struct ip_state *ips = ip_xcalloc(1, sizeof(*ips));

	ips->r = r;
	TAILQ_INIT(&ips->statics);
	LIST_INIT(&ips->arp);
	LIST_INIT(&ips->reasm);
	LIST_INIT(&ips->socks);
	LIST_INIT(&ips->waiters);
	/* IP ids, ephemeral ports and echo ids start at seeded values so
	 * captures differ between routers but repeat run to run. */
	ips->next_id = (uint16_t)rng_u32();
	ips->next_port = (uint16_t)(49152 + rng_below(16384));
	ips->next_echo_id = (uint16_t)rng_u32();
	r->ip = ips;
}

void
ip_router_free(struct router *r)
{
	struct ip_state *ips = r->ip;

	if (ips == NULL)
		return;
	timer_cancel(&ips->loop_ev);
	for (size_t i = 0; i < ips->n_loopq; i++)
		pkt_free(ips->loopq[i]);
	free(ips->loopq);
	arp_flush(ips, false);
	ip_reasm_flush(ips);
	udp_close_all(ips);
	route_free_all(ips);
	free(ips);
	r->ip = NULL;
}

void
ip_set_out_hook(struct router *r, ip_hook_fn fn)
{
	if (r->ip)
		r->ip->out_hook = fn;
}

void
ip_set_in_hook(struct router *r, ip_hook_fn fn)
{
	if (r->ip)
		r->ip->in_hook = fn;
}

const struct ip_stats *
ip_get_stats(struct router *r)
{
	return &r->ip->st;
}

void
ip_clear_stats(struct router *r)
{
	memset(&r->ip->st, 0, sizeof(r->ip->st));
}

void
ip_iface_changed(struct iface *ifp)
{
	struct ip_state *ips = ifp->r ? ifp->r->ip : NULL;

	if (ips == NULL)
		return;
	route_invalidate(ips);
	arp_iface_changed(ifp);
}

struct iface *
ip_local_iface(struct router *r, uint32_t addr)
{
	if (addr == 0)
		return NULL;
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];

		if (ifp->addr == addr && !ifp->shutdown)
			return ifp;
	}
	return NULL;
}

/* Directed broadcast of oif's subnet (not on /31 and /32). */
bool
ip_is_bcast_on(const struct iface *oif, uint32_t dst)
{
	if (dst == 0xffffffffu)
		return true;
	if (oif == NULL || oif->addr == 0 || oif->mask >= 0xfffffffeu)
		return false;
	return dst == (oif->addr | ~oif->mask);
}

bool
ip_is_local_dst(struct router *r, struct iface *ifp, uint32_t dst, bool *bcast)
{
	*bcast = false;
	if (ip_is_bcast_on(ifp, dst)) {
		*bcast = true;
		return true;
	}
	return ip_local_iface(r, dst) != NULL;
}

bool
ip_route_lookup(struct router *r, uint32_t dst, struct iface **oif,
    uint32_t *nexthop)
{
	const struct rt_entry *rt;

	if (r->ip == NULL)
		return false;
	rt = route_lpm(r->ip, dst);
	if (rt == NULL || rt->n_path == 0 || rt->path[0].oif == NULL)
		return false;
	if (oif)
		*oif = rt->path[0].oif;
	if (nexthop)
		*nexthop = rt->path[0].gw ? rt->path[0].gw : dst;
	return true;
}

/* ---- debug ip packet -------------------------------------------------- */

bool
ip_debug_packet_on(struct router *r, const struct pkt *p)
{
	const char *acl;

	if (!debug_on(r->dbg, DBG_IP_PACKET))
		return false;
	acl = r->dbg->arg[DBG_IP_PACKET];
	if (acl[0] == '\0')
		return true;
	return acl_eval(r, acl, p->data, p->len, false) == ACL_PERMIT;
}

void
ip_debug_pkt(struct router *r, const struct pkt *p, struct iface *in,
    struct iface *out, uint32_t gw, const char *what)
{
	char s[16], d[16], g[16], gbuf[24] = "", obuf[40] = "";

	if (p->len < IP_HDR_MIN || !ip_debug_packet_on(r, p))
		return;
	if (out)
		snprintf(obuf, sizeof(obuf), " (%s)", out->name);
	if (gw)
		snprintf(gbuf, sizeof(gbuf), "g=%s, ", ip_ntoa(gw, g));
	rdebug(r, "IP: s=%s (%s), d=%s%s, %slen %u, %s",
	    ip_ntoa(rd32(p->data + 12), s), in ? in->name : "local",
	    ip_ntoa(rd32(p->data + 16), d), obuf, gbuf,
	    (unsigned)rd16(p->data + 2), what);
}

/* ---- local loopback --------------------------------------------------- */

static void
loop_run(void *arg)
{
	struct ip_state *ips = arg;
	struct pkt **q = ips->loopq;
	size_t n = ips->n_loopq;

	ips->loopq = NULL;
	ips->n_loopq = ips->cap_loopq = 0;
	for (size_t i = 0; i < n; i++) {
		struct pkt *p = q[i];
		struct iface *ifp = ip_local_iface(ips->r, rd32(p->data + 16));

		if (ifp == NULL) {
			pkt_free(p);
			continue;
		}
		p->in_if = ifp;
		ip_input(ifp, p);
	}
	free(q);
}

void
ip_loop_local(struct router *r, struct pkt *p)
{
	struct ip_state *ips = r->ip;

	if (ips->n_loopq == ips->cap_loopq) {
		size_t nc = ips->cap_loopq ? ips->cap_loopq * 2 : 8;
		struct pkt **nq = realloc(ips->loopq, nc * sizeof(*nq));

		if (nq == NULL)
			abort();
		ips->loopq = nq;
		ips->cap_loopq = nc;
	}
	ips->loopq[ips->n_loopq++] = p;
	if (!timer_pending(&ips->loop_ev))
		timer_set(&ips->loop_ev, 0, loop_run, ips);
}

/* ---- input ------------------------------------------------------------ */

static void
deliver_proto(struct iface *ifp, struct pkt *p, const struct iphdr_v *h,
    bool to_bcast)
{
	struct ip_state *ips = ifp->r->ip;

	switch (h->proto) {
	case IP_PROTO_ICMP:
		icmp_input(ifp, p, h);
		return;
	case IP_PROTO_UDP:
		udp_input(ifp, p, h, to_bcast);
		return;
	default:
		ips->st.unknown_proto++;
		if (!to_bcast)
			icmp_send_error(ifp->r, p, ifp, 3, 2, 0);
		pkt_free(p);
	}
}

/* Local delivery of a validated packet: reassembly, crypto input hook,
 * then the transport protocol. */
static void
deliver(struct iface *ifp, struct pkt *p, struct iphdr_v *h, bool to_bcast)
{
	struct ip_state *ips = ifp->r->ip;

	ips->st.local_dest++;
	ip_debug_pkt(ifp->r, p, (p->flags & PKT_F_LOCAL) ? NULL : ifp, NULL, 0,
	    "rcvd 4");
	if (ip_is_frag(h->frag)) {
		p = ip_reasm(ips, p, h);
		if (p == NULL)
			return;
		if (ip_hdr_parse(p->data, p->len, h) != IPH_OK) {
			pkt_free(p);
			return;
		}
	}
	if (!(p->flags & PKT_F_NOCRYPTO) && ips->in_hook != NULL &&
	    ips->in_hook(ifp, p) == IP_HOOK_STOLEN)
		return;
	deliver_proto(ifp, p, h, to_bcast);
}

void
ip_deliver_local(struct iface *ifp, struct pkt *p)
{
	struct iphdr_v h;

	if (ip_hdr_parse(p->data, p->len, &h) != IPH_OK) {
		pkt_free(p);
		return;
	}
	deliver(ifp, p, &h, false);
}

static void
forward(struct iface *ifp, struct pkt *p, const struct iphdr_v *h)
{
	struct router *r = ifp->r;
	struct ip_state *ips = r->ip;
	struct iface *oif;
	uint32_t nh;

	if (!(p->flags & PKT_F_NOCRYPTO) && ips->in_hook != NULL &&
	    ips->in_hook(ifp, p) == IP_HOOK_STOLEN)
		return;
	/* Never forwarded: this-network and class E destinations. */
	if ((h->dst >> 24) == 0 || (h->dst >> 28) == 0xf ||
	    (h->dst >> 24) == 127) {
		ips->st.format_err++;
		pkt_free(p);
		return;
	}
	if (h->ttl <= 1) {
		ips->st.bad_hop++;
		icmp_send_error(r, p, ifp, 11, 0, 0);
		pkt_free(p);
		return;
	}
	if (!ip_route_lookup(r, h->dst, &oif, &nh)) {
		ips->st.no_route++;
		ip_debug_pkt(r, p, ifp, NULL, 0, "unroutable");
		icmp_send_error(r, p, ifp, 3, 1, 0);
		pkt_free(p);
		return;
	}
	/* IOS default `no ip directed-broadcast`. */
	if (ip_is_bcast_on(oif, h->dst)) {
		ips->st.bcast_rcvd++;
		pkt_free(p);
		return;
	}
	if (oif->acl_out[0] != '\0' &&
	    acl_eval(r, oif->acl_out, p->data, p->len, true) == ACL_DENY) {
		ips->st.acl_out_denied++;
		ip_debug_pkt(r, p, ifp, oif, 0, "access denied");
		icmp_send_error(r, p, ifp, 3, 13, 0);
		pkt_free(p);
		return;
	}
	/* TTL decrement; recompute rather than patch the checksum (the
	 * header is at most 60 bytes). */
	p->data[8]--;
	ip_hdr_fix_cksum(p->data);
	ips->st.forwarded++;
	ip_debug_pkt(r, p, ifp, oif, nh, "forward");
	ip_iface_output(oif, p, nh);
}

void
ip_input(struct iface *ifp, struct pkt *p)
{
	struct router *r = ifp->r;
	struct ip_state *ips = r ? r->ip : NULL;
	struct iphdr_v h;
	bool bcast = false;
	int rc;

	if (ips == NULL) {
		pkt_free(p);
		return;
	}
	ips->st.rcvd++;
	p->in_if = ifp;
	rc = ip_hdr_parse(p->data, p->len, &h);
	if (rc != IPH_OK) {
		if (rc == IPH_CKSUM)
			ips->st.cksum_err++;
		else
			ips->st.format_err++;
		pkt_free(p);
		return;
	}
	pkt_trim(p, h.tot_len);		/* Ethernet padding */
	if (h.hlen > IP_HDR_MIN)
		ips->st.with_opts++;
	/* Martian sources are never accepted. */
	if (ip_is_mcast(h.src) || h.src == 0xffffffffu) {
		ips->st.format_err++;
		pkt_free(p);
		return;
	}
	/* A packet IPsec just decrypted was checked as ESP already; IOS
	 * (12.3(8)T on) does not run the inbound ACL on it again. */
	if (!(p->flags & (PKT_F_LOCAL | PKT_F_NOCRYPTO)) && ifp->acl_in[0] != '\0' &&
	    acl_eval(r, ifp->acl_in, p->data, p->len, true) == ACL_DENY) {
		ips->st.acl_in_denied++;
		ip_debug_pkt(r, p, ifp, NULL, 0, "access denied");
		icmp_send_error(r, p, ifp, 3, 13, 0);
		pkt_free(p);
		return;
	}

	if (ip_is_mcast(h.dst)) {
		bool member;

		ips->st.mcast_rcvd++;
		if (!(p->flags & PKT_F_NOCRYPTO) && ips->in_hook != NULL &&
		    ips->in_hook(ifp, p) == IP_HOOK_STOLEN)
			return;
		/* 224.0.0.0/24 stays on the link; the rest is flooded by
		 * the multicast code, which tells whether we joined. */
		if ((h.dst & 0xffffff00u) == 0xe0000000u)
			member = h.dst == 0xe0000001u || mcast_is_member(r, h.dst);
		else if (p->flags & PKT_F_LOCAL)
			member = mcast_is_member(r, h.dst);
		else
			member = mcast_input(ifp, p);
		if (!member) {
			pkt_free(p);
			return;
		}
		/* The hook already saw it. */
		p->flags |= PKT_F_NOCRYPTO;
		deliver(ifp, p, &h, true);
		return;
	}
	if (ip_is_local_dst(r, ifp, h.dst, &bcast)) {
		if (bcast)
			ips->st.bcast_rcvd++;
		deliver(ifp, p, &h, bcast);
		return;
	}
	forward(ifp, p, &h);
}

/* ---- output ----------------------------------------------------------- */

int
ip_l2_send(struct iface *oif, struct pkt *p, uint32_t nh)
{
	static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint32_t dst = rd32(p->data + 16);
	uint8_t mac[6];

	if (oif->type == IFT_SERIAL)
		return l2_output_ip(oif, p, NULL,
		    ip_is_mcast(dst) || ip_is_bcast_on(oif, dst));
	if (ip_is_mcast(dst)) {
		/* RFC 1112: 01:00:5e + low 23 bits of the group. */
		mac[0] = 0x01; mac[1] = 0x00; mac[2] = 0x5e;
		mac[3] = (uint8_t)((dst >> 16) & 0x7f);
		mac[4] = (uint8_t)(dst >> 8);
		mac[5] = (uint8_t)dst;
		return l2_output_ip(oif, p, mac, true);
	}
	if (ip_is_bcast_on(oif, dst) || ip_is_bcast_on(oif, nh))
		return l2_output_ip(oif, p, bcast_mac, true);
	return arp_resolve_output(oif, p, nh);
}

int
ip_iface_output(struct iface *oif, struct pkt *p, uint32_t nexthop)
{
	struct router *r = oif->r;
	struct ip_state *ips = r->ip;
	uint32_t dst;
	int mtu;

	if (ips == NULL || p->len < IP_HDR_MIN) {
		pkt_free(p);
		return -1;
	}
	/* Crypto (crypto map / GDOI) sees the whole packet first. */
	if (!(p->flags & PKT_F_NOCRYPTO) && ips->out_hook != NULL &&
	    ips->out_hook(oif, p) == IP_HOOK_STOLEN)
		return 0;
	if (oif->shutdown || !oif->line_up || oif->type == IFT_LOOPBACK ||
	    oif->type == IFT_TUNNEL) {
		/* A loopback is a sink for its subnet, as on IOS; a down
		 * interface has no adjacency. */
		if (oif->type != IFT_LOOPBACK)
			ips->st.no_adj++;
		pkt_free(p);
		return -1;
	}
	dst = rd32(p->data + 16);
	if (ip_is_mcast(dst))
		ips->st.mcast_sent++;
	else if (ip_is_bcast_on(oif, dst))
		ips->st.bcast_sent++;
	if (p->flags & PKT_F_LOCAL)
		ip_debug_pkt(r, p, NULL, oif, 0,
		    ip_is_mcast(dst) || ip_is_bcast_on(oif, dst) ?
		    "sending broad/multicast" : "sending");
	mtu = iface_ip_mtu(oif);
	if (p->len > (size_t)mtu)
		return ip_fragment_out(oif, p, nexthop, mtu);
	return ip_l2_send(oif, p, nexthop);
}

/* Source for a locally originated packet to a multicast group: the
 * first PIM interface, else the first usable one. */
static uint32_t
mcast_src(struct router *r)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->n_ifaces; i++) {
			struct iface *ifp = r->ifaces[i];

			if (iface_ip_usable(ifp) && (pass == 1 || ifp->pim) &&
			    ifp->type != IFT_LOOPBACK)
				return ifp->addr;
		}
	return 0;
}

int
ip_output(struct router *r, struct pkt *p)
{
	struct ip_state *ips = r->ip;
	struct iface *oif;
	uint32_t dst, nh;
	bool bcast;

	if (ips == NULL || p->len < IP_HDR_MIN ||
	    (size_t)(p->data[0] & 0x0f) * 4 < IP_HDR_MIN ||
	    (size_t)(p->data[0] & 0x0f) * 4 > p->len) {
		pkt_free(p);
		return -1;
	}
	ip_hdr_fix_cksum(p->data);
	dst = rd32(p->data + 16);
	p->flags |= PKT_F_LOCAL;
	ips->st.generated++;
	if (ip_is_mcast(dst)) {
		mcast_output(r, NULL, p);
		return 0;
	}
	if (ip_is_local_dst(r, NULL, dst, &bcast) && !bcast) {
		ip_loop_local(r, p);
		return 0;
	}
	if (dst == 0xffffffffu || !ip_route_lookup(r, dst, &oif, &nh)) {
		ips->st.no_route++;
		ip_debug_pkt(r, p, NULL, NULL, 0, "unroutable");
		pkt_free(p);
		return -1;
	}
	return ip_iface_output(oif, p, nh);
}

int
ip_send(struct router *r, uint32_t src, uint32_t dst, uint8_t proto,
    uint8_t tos, uint8_t ttl, struct pkt *p)
{
	struct ip_state *ips = r->ip;
	struct iface *oif;
	uint8_t *h;

	if (ips == NULL || p->len + IP_HDR_MIN > IP_MAXPACKET) {
		pkt_free(p);
		return -1;
	}
	if (src == 0) {
		if (ip_is_mcast(dst))
			src = mcast_src(r);
		else if (ip_local_iface(r, dst) != NULL)
			src = dst;
		else if (ip_route_lookup(r, dst, &oif, NULL))
			src = oif->addr;
	}
	h = pkt_push(p, IP_HDR_MIN);
	ip_hdr_build(h, tos, (uint16_t)p->len, ips->next_id++, 0, ttl, proto,
	    src, dst);
	return ip_output(r, p);
}
