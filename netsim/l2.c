/* Layer 2: Ethernet II (DIX) and Cisco HDLC framing.
 *
 * Ethernet: dst(6) src(6) type(2), padded to the 60-byte minimum on send
 * (no FCS, as libpcap captures show it).  Cisco HDLC: address 0x0f
 * unicast / 0x8f broadcast, control 0x00, protocol(2).  Every received
 * frame is bounds checked; anything malformed is counted and dropped. */
#include <stdio.h>
#include <string.h>

#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "link.h"
#include "pkt.h"
#include "router.h"

#define ETH_HLEN	14
#define ETH_MIN_FRAME	60
#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_ARP	0x0806

#define HDLC_HLEN	4
#define HDLC_UNICAST	0x0f
#define HDLC_BCAST	0x8f
#define HDLC_SLARP	0x8035
#define HDLC_CDP	0x2000

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void
l2_mac_str(const uint8_t m[6], char buf[16])
{
	snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

static bool
is_ether(const struct iface *ifp)
{
	return ifp->type == IFT_ETHERNET || ifp->type == IFT_FASTETHERNET ||
	    ifp->type == IFT_GIGABIT;
}

static void
push_eth(struct pkt *p, const uint8_t *dmac, const uint8_t *smac,
    uint16_t type)
{
	uint8_t *h = pkt_push(p, ETH_HLEN);

	memcpy(h, dmac, 6);
	memcpy(h + 6, smac, 6);
	wr16(h + 12, type);
	if (p->len < ETH_MIN_FRAME)
		pkt_put(p, ETH_MIN_FRAME - p->len);	/* zero padding */
}

int
l2_output_ip(struct iface *oif, struct pkt *p, const uint8_t *dmac,
    bool bcast)
{
	if (oif->link == NULL) {
		oif->cnt.out_drops++;
		pkt_free(p);
		return -1;
	}
	if (oif->type == IFT_SERIAL) {
		uint8_t *h = pkt_push(p, HDLC_HLEN);

		h[0] = bcast ? HDLC_BCAST : HDLC_UNICAST;
		h[1] = 0x00;
		wr16(h + 2, ETHERTYPE_IP);
	} else if (is_ether(oif)) {
		push_eth(p, dmac ? dmac : bcast_mac, oif->mac, ETHERTYPE_IP);
	} else {
		pkt_free(p);
		return -1;
	}
	oif->last_out = sched_now();
	link_transmit(oif, p);
	return 0;
}

/* ARP for IPv4 over Ethernet (RFC 826). */
int
l2_send_arp(struct iface *oif, uint16_t op, uint32_t spa, const uint8_t *tha,
    uint32_t tpa, const uint8_t *dmac)
{
	static const uint8_t zero[6];
	struct pkt *p;
	uint8_t *a;

	if (!is_ether(oif) || oif->link == NULL)
		return -1;
	p = pkt_new(28);
	a = p->data;
	wr16(a, 1);			/* Ethernet */
	wr16(a + 2, ETHERTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	wr16(a + 6, op);
	memcpy(a + 8, oif->mac, 6);
	wr32(a + 14, spa ? spa : oif->addr);
	memcpy(a + 18, tha ? tha : zero, 6);
	wr32(a + 24, tpa);
	push_eth(p, dmac ? dmac : bcast_mac, oif->mac, ETHERTYPE_ARP);
	oif->last_out = sched_now();
	link_transmit(oif, p);
	return 0;
}

static void
count_in(struct iface *ifp, const struct pkt *p)
{
	ifp->cnt.in_pkts++;
	ifp->cnt.in_bytes += p->len;
	ifp->last_in = sched_now();
}

static void
ether_input(struct iface *ifp, struct pkt *p)
{
	const uint8_t *h = p->data;
	uint16_t type;

	if (p->len < ETH_HLEN) {
		ifp->cnt.in_errors++;
		pkt_free(p);
		return;
	}
	/* The NIC filter: our MAC, broadcast, IPv4 multicast. */
	if (memcmp(h, ifp->mac, 6) == 0) {
		/* unicast */
	} else if (memcmp(h, bcast_mac, 6) == 0) {
		ifp->cnt.in_bcast++;
	} else if (h[0] == 0x01 && h[1] == 0x00 && h[2] == 0x5e) {
		ifp->cnt.in_mcast++;
	} else {
		pkt_free(p);		/* not for us: silently filtered */
		return;
	}
	count_in(ifp, p);
	type = rd16(h + 12);
	pkt_pull(p, ETH_HLEN);
	switch (type) {
	case ETHERTYPE_IP:
		if (ifp->r->ip == NULL || ifp->addr == 0) {
			ifp->cnt.in_drops++;
			pkt_free(p);
			return;
		}
		ip_input(ifp, p);
		return;
	case ETHERTYPE_ARP:
		arp_input(ifp, p->data, p->len);
		pkt_free(p);
		return;
	default:
		/* IOS: "unknown protocol drops" */
		ifp->cnt.in_drops++;
		pkt_free(p);
	}
}

static void
hdlc_input(struct iface *ifp, struct pkt *p)
{
	const uint8_t *h = p->data;
	uint16_t proto;

	if (p->len < HDLC_HLEN || (h[0] != HDLC_UNICAST && h[0] != HDLC_BCAST) ||
	    h[1] != 0x00) {
		ifp->cnt.in_errors++;
		pkt_free(p);
		return;
	}
	count_in(ifp, p);
	if (h[0] == HDLC_BCAST)
		ifp->cnt.in_bcast++;
	proto = rd16(h + 2);
	pkt_pull(p, HDLC_HLEN);
	switch (proto) {
	case ETHERTYPE_IP:
		if (ifp->r->ip == NULL || ifp->addr == 0) {
			ifp->cnt.in_drops++;
			pkt_free(p);
			return;
		}
		ip_input(ifp, p);
		return;
	case HDLC_SLARP:
	case HDLC_CDP:
		/* keepalives / neighbour discovery: counted, not modelled */
		pkt_free(p);
		return;
	default:
		ifp->cnt.in_drops++;
		pkt_free(p);
	}
}

void
l2_input(struct iface *ifp, struct pkt *p)
{
	if (p == NULL)
		return;
	/* Flags mean something only inside the router that set them. */
	p->flags = 0;
	p->in_if = ifp;
	if (ifp->shutdown) {
		pkt_free(p);
		return;
	}
	if (ifp->type == IFT_SERIAL)
		hdlc_input(ifp, p);
	else if (is_ether(ifp))
		ether_input(ifp, p);
	else {
		ifp->cnt.in_errors++;
		pkt_free(p);
	}
}
