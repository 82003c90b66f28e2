/* UDP (RFC 768) sockets for protocol code: ISAKMP 500/4500, GDOI 848,
 * and the port unreachables that traceroute relies on. */
#include <stdlib.h>
#include <string.h>

#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "mcast.h"
#include "pkt.h"
#include "router.h"

/* IOS sends its control-plane UDP (IKE, GDOI) with precedence 6. */
#define UDP_CTRL_TOS	0xc0

uint16_t
udp_cksum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	sum += (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff);
	sum += IP_PROTO_UDP + (uint32_t)len;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)((udp[i] << 8) | udp[i + 1]);
	if (i < len)
		sum += (uint32_t)(udp[i] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static struct udp_sock *
find_sock(struct ip_state *ips, uint32_t addr, uint16_t port, bool exact)
{
	struct udp_sock *s, *wild = NULL;

	LIST_FOREACH(s, &ips->socks, entry) {
		if (s->lport != port)
			continue;
		if (s->laddr == addr)
			return s;
		if (!exact && s->laddr == 0)
			wild = s;
	}
	return wild;
}

struct udp_sock *
udp_open(struct router *r, uint32_t laddr, uint16_t lport, udp_recv_fn fn,
    void *ctx)
{
	struct ip_state *ips = r->ip;
	struct udp_sock *s;

	if (ips == NULL)
		return NULL;
	if (lport == 0) {
		for (int tries = 0; tries < 16384; tries++) {
			uint16_t p = ips->next_port++;

			if (ips->next_port < 49152)
				ips->next_port = 49152;
			if (p >= 49152 && find_sock(ips, laddr, p, true) == NULL) {
				lport = p;
				break;
			}
		}
		if (lport == 0)
			return NULL;
	} else if (find_sock(ips, laddr, lport, true) != NULL)
		return NULL;
	s = ip_xcalloc(1, sizeof(*s));
	s->r = r;
	s->laddr = laddr;
	s->lport = lport;
	s->fn = fn;
	s->ctx = ctx;
	LIST_INSERT_HEAD(&ips->socks, s, entry);
	return s;
}

void
udp_close(struct udp_sock *s)
{
	if (s == NULL)
		return;
	LIST_REMOVE(s, entry);
	free(s);
}

void
udp_close_all(struct ip_state *ips)
{
	struct udp_sock *s;

	while ((s = LIST_FIRST(&ips->socks)) != NULL)
		udp_close(s);
}

/* The source address IP would choose for dst. */
static uint32_t
pick_src(struct router *r, uint32_t dst)
{
	struct iface *oif;

	if (ip_local_iface(r, dst) != NULL)
		return dst;
	if (ip_is_mcast(dst)) {
		for (int i = 0; i < r->n_ifaces; i++)
			if (iface_ip_usable(r->ifaces[i]) && r->ifaces[i]->pim)
				return r->ifaces[i]->addr;
		for (int i = 0; i < r->n_ifaces; i++)
			if (iface_ip_usable(r->ifaces[i]) &&
			    r->ifaces[i]->type != IFT_LOOPBACK)
				return r->ifaces[i]->addr;
		return 0;
	}
	if (ip_route_lookup(r, dst, &oif, NULL))
		return oif->addr;
	return 0;
}

int
udp_sendto(struct udp_sock *s, uint32_t src, uint32_t dst, uint16_t dport,
    const void *data, size_t len)
{
	struct router *r = s->r;
	struct ip_state *ips = r->ip;
	struct pkt *p;
	uint16_t ck;

	if (len > IP_MAXPACKET - IP_HDR_MIN - 8)
		return -1;
	if (src == 0)
		src = s->laddr ? s->laddr : pick_src(r, dst);
	p = pkt_new(8 + len);
	wr16(p->data, s->lport);
	wr16(p->data + 2, dport);
	wr16(p->data + 4, (uint16_t)(8 + len));
	if (len)
		memcpy(p->data + 8, data, len);
	ck = udp_cksum(src, dst, p->data, 8 + len);
	wr16(p->data + 6, ck ? ck : 0xffff);
	ips->st.udp_sent++;
	return ip_send(r, src, dst, IP_PROTO_UDP, UDP_CTRL_TOS, IP_TTL_DEFAULT, p);
}

void
udp_input(struct iface *ifp, struct pkt *p, const struct iphdr_v *h,
    bool to_bcast)
{
	struct ip_state *ips = ifp->r->ip;
	const uint8_t *u = p->data + h->hlen;
	size_t len = p->len - h->hlen;
	struct udp_sock *s;
	uint16_t ulen;

	ips->st.udp_rcvd++;
	if (len < 8 || (ulen = rd16(u + 4)) < 8 || ulen > len) {
		ips->st.udp_cksum_err++;
		pkt_free(p);
		return;
	}
	if (rd16(u + 6) != 0 && udp_cksum(h->src, h->dst, u, ulen) != 0) {
		ips->st.udp_cksum_err++;
		pkt_free(p);
		return;
	}
	s = find_sock(ips, h->dst, rd16(u + 2), false);
	if (s == NULL) {
		ips->st.udp_no_port++;
		if (!to_bcast && !ip_is_mcast(h->dst))
			icmp_send_error(ifp->r, p, ifp, 3, 3, 0);
		pkt_free(p);
		return;
	}
	s->fn(s->ctx, s, h->src, rd16(u), h->dst, u + 8, (size_t)ulen - 8, ifp);
	pkt_free(p);
}
