/* ARP (RFC 826) on Ethernet interfaces: the cache with IOS ages, a short
 * queue of packets per unresolved neighbour, request retries, gratuitous
 * ARP when an interface comes up, and `show arp`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "pkt.h"
#include "router.h"

#define ARP_TIMEOUT	(4 * 3600 * VT_SEC)	/* IOS `arp timeout` 14400 */
#define ARP_RETRY	(1 * VT_SEC)
#define ARP_TRIES	3

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct arp_entry *
arp_find(struct ip_state *ips, uint32_t addr)
{
	struct arp_entry *e;

	LIST_FOREACH(e, &ips->arp, entry)
		if (e->addr == addr)
			return e;
	return NULL;
}

/* Remove an entry; queued packets count as encapsulation failures. */
static void
arp_remove(struct arp_entry *e)
{
	struct ip_state *ips = e->ips;

	timer_cancel(&e->retry_ev);
	for (int i = 0; i < e->nq; i++) {
		ips->st.encap_fail++;
		pkt_free(e->q[i]);
	}
	LIST_REMOVE(e, entry);
	free(e);
}

static bool
expired(const struct arp_entry *e)
{
	return e->complete && sched_now() - e->updated >= ARP_TIMEOUT;
}

static void
send_request(struct arp_entry *e)
{
	e->ips->st.arp_tx_req++;
	l2_send_arp(e->ifp, 1, 0, NULL, e->addr, bcast_mac);
}

static void
arp_retry(void *arg)
{
	struct arp_entry *e = arg;

	if (e->tries >= ARP_TRIES) {
		arp_remove(e);
		return;
	}
	e->tries++;
	send_request(e);
	timer_set(&e->retry_ev, ARP_RETRY, arp_retry, e);
}

/* The neighbour answered: send what waited for it. */
static void
arp_complete(struct arp_entry *e, struct iface *ifp, const uint8_t *mac)
{
	struct pkt *q[ARP_QMAX];
	int nq = e->nq;

	memcpy(e->mac, mac, 6);
	e->ifp = ifp;
	e->complete = true;
	e->updated = sched_now();
	e->tries = 0;
	timer_cancel(&e->retry_ev);
	memcpy(q, e->q, sizeof(q));
	e->nq = 0;
	for (int i = 0; i < nq; i++)
		l2_output_ip(ifp, q[i], e->mac, false);
}

void
arp_input(struct iface *ifp, const uint8_t *b, size_t len)
{
	struct ip_state *ips = ifp->r->ip;
	struct arp_entry *e;
	uint32_t spa, tpa, net;
	const uint8_t *sha;
	bool for_us;
	uint16_t op;

	if (ips == NULL)
		return;
	if (len < 28) {
		ifp->cnt.in_errors++;
		return;
	}
	if (rd16(b) != 1 || rd16(b + 2) != 0x0800 || b[4] != 6 || b[5] != 4) {
		ips->st.arp_rx_other++;
		return;
	}
	op = rd16(b + 6);
	sha = b + 8;
	spa = rd32(b + 14);
	tpa = rd32(b + 24);
	if (op == 1)
		ips->st.arp_rx_req++;
	else if (op == 2)
		ips->st.arp_rx_rep++;
	else {
		ips->st.arp_rx_other++;
		return;
	}
	if (!iface_ip_usable(ifp) || spa == 0 || spa == ifp->addr ||
	    (sha[0] & 1))
		return;
	net = ifp->addr & ifp->mask;
	for_us = tpa == ifp->addr;
	e = arp_find(ips, spa);
	if (e != NULL)
		arp_complete(e, ifp, sha);
	else if (for_us && (spa & ifp->mask) == net) {
		e = ip_xcalloc(1, sizeof(*e));
		e->ips = ips;
		e->addr = spa;
		LIST_INSERT_HEAD(&ips->arp, e, entry);
		arp_complete(e, ifp, sha);
	}
	if (op == 1 && for_us) {
		ips->st.arp_tx_rep++;
		l2_send_arp(ifp, 2, 0, sha, spa, sha);
	} else if (op == 1 && (tpa & ifp->mask) != net &&
	    (spa & ifp->mask) == net) {
		/* Proxy ARP, on by default in IOS: answer for a target in
		 * another network we route to through another interface
		 * (hosts with `ip route 0.0.0.0 0.0.0.0 Ethernet0/0`). */
		struct iface *oif;

		if (ip_route_lookup(ifp->r, tpa, &oif, NULL) && oif != ifp) {
			ips->st.arp_tx_rep++;
			ips->st.arp_tx_proxy++;
			l2_send_arp(ifp, 2, tpa, sha, spa, sha);
		}
	}
}

int
arp_resolve_output(struct iface *oif, struct pkt *p, uint32_t nh)
{
	struct ip_state *ips = oif->r->ip;
	struct arp_entry *e = arp_find(ips, nh);

	if (e != NULL && e->complete && (e->ifp != oif || expired(e))) {
		arp_remove(e);
		e = NULL;
	}
	if (e != NULL && e->complete)
		return l2_output_ip(oif, p, e->mac, false);
	if (e == NULL) {
		e = ip_xcalloc(1, sizeof(*e));
		e->ips = ips;
		e->addr = nh;
		e->ifp = oif;
		e->updated = sched_now();
		e->tries = 1;
		LIST_INSERT_HEAD(&ips->arp, e, entry);
		send_request(e);
		timer_set(&e->retry_ev, ARP_RETRY, arp_retry, e);
	}
	if (!ARP_QUEUE_PACKETS || e->nq >= ARP_QMAX) {
		ips->st.encap_fail++;
		ip_debug_pkt(oif->r, p, NULL, oif, 0, "encapsulation failed");
		pkt_free(p);
		return -1;
	}
	e->q[e->nq++] = p;
	return 0;
}

void
arp_iface_changed(struct iface *ifp)
{
	struct ip_state *ips = ifp->r->ip;
	struct arp_entry *e, *n;

	LIST_FOREACH_SAFE(e, &ips->arp, entry, n)
		if (e->ifp == ifp)
			arp_remove(e);
	/* Gratuitous ARP so neighbours refresh their caches. */
	if (iface_ip_usable(ifp) && ifp->type != IFT_SERIAL &&
	    ifp->type != IFT_LOOPBACK && ifp->type != IFT_TUNNEL &&
	    ifp->link != NULL) {
		ips->st.arp_tx_req++;
		l2_send_arp(ifp, 1, 0, NULL, ifp->addr, bcast_mac);
	}
}

void
arp_flush(struct ip_state *ips, bool dynamic_only)
{
	struct arp_entry *e;

	(void)dynamic_only;	/* no static ARP entries yet */
	while ((e = LIST_FIRST(&ips->arp)) != NULL)
		arp_remove(e);
}

bool
arp_lookup(struct router *r, uint32_t addr, uint8_t mac[6])
{
	struct arp_entry *e;
	struct iface *ifp;

	if (r->ip == NULL)
		return false;
	if ((ifp = ip_local_iface(r, addr)) != NULL && ifp->type != IFT_SERIAL &&
	    ifp->type != IFT_LOOPBACK && ifp->type != IFT_TUNNEL) {
		memcpy(mac, ifp->mac, 6);
		return true;
	}
	e = arp_find(r->ip, addr);
	if (e == NULL || !e->complete || expired(e))
		return false;
	memcpy(mac, e->mac, 6);
	return true;
}

/* ---- show arp --------------------------------------------------------- */

struct arp_row {
	uint32_t	 addr;
	long		 age;		/* -1: own */
	uint8_t		 mac[6];
	bool		 complete;
	const char	*ifname;
};

static int
row_cmp(const void *a, const void *b)
{
	const struct arp_row *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void
arp_show(struct vty *vty, struct router *r)
{
	struct ip_state *ips = r->ip;
	struct arp_entry *e, *n;
	struct arp_row *rows;
	size_t nrows = 0, cap = 0;

	LIST_FOREACH_SAFE(e, &ips->arp, entry, n)
		if (expired(e))
			arp_remove(e);
	LIST_FOREACH(e, &ips->arp, entry)
		cap++;
	cap += (size_t)r->n_ifaces;
	rows = ip_xcalloc(cap, sizeof(*rows));
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];

		if (ifp->type == IFT_SERIAL || ifp->type == IFT_LOOPBACK ||
		    ifp->type == IFT_TUNNEL || !iface_ip_usable(ifp))
			continue;
		rows[nrows].addr = ifp->addr;
		rows[nrows].age = -1;
		memcpy(rows[nrows].mac, ifp->mac, 6);
		rows[nrows].complete = true;
		rows[nrows].ifname = ifp->name;
		nrows++;
	}
	LIST_FOREACH(e, &ips->arp, entry) {
		rows[nrows].addr = e->addr;
		rows[nrows].age = (long)((sched_now() - e->updated) /
		    (60 * VT_SEC));
		memcpy(rows[nrows].mac, e->mac, 6);
		rows[nrows].complete = e->complete;
		rows[nrows].ifname = e->complete ? e->ifp->name : "";
		nrows++;
	}
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	vty_out(vty, "Protocol  Address          Age (min)  Hardware Addr   "
	    "Type   Interface\n");
	for (size_t i = 0; i < nrows; i++) {
		char a[16], m[16], age[24];

		if (rows[i].age < 0)
			snprintf(age, sizeof(age), "-");
		else
			snprintf(age, sizeof(age), "%ld", rows[i].age);
		if (rows[i].complete)
			l2_mac_str(rows[i].mac, m);
		else
			snprintf(m, sizeof(m), "Incomplete");
		vty_out(vty, "Internet  %-16s%9s   %-14s  %-5s  %s\n",
		    ip_ntoa(rows[i].addr, a), age, m, "ARPA", rows[i].ifname);
	}
	free(rows);
}
