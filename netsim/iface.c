/* Interface state: admin and line state derived from config and the link,
 * with the IOS syslog messages for each change. */
#include <stdio.h>
#include <string.h>

#include "iface.h"
#include "ipv4.h"
#include "link.h"
#include "log.h"
#include "router.h"

int
iface_ip_mtu(const struct iface *ifp)
{
	if (ifp->ip_mtu > 0 && ifp->ip_mtu < ifp->mtu)
		return ifp->ip_mtu;
	return ifp->mtu;
}

bool
iface_ip_usable(const struct iface *ifp)
{
	return !ifp->shutdown && ifp->line_up && ifp->addr != 0;
}

uint32_t
iface_bandwidth(const struct iface *ifp)
{
	if (ifp->bandwidth_kbit)
		return ifp->bandwidth_kbit;
	switch (ifp->type) {
	case IFT_ETHERNET:	return 10000;
	case IFT_FASTETHERNET:	return 100000;
	case IFT_GIGABIT:	return 1000000;
	case IFT_SERIAL:	return 1544;
	case IFT_LOOPBACK:	return 8000000;
	case IFT_TUNNEL:	return 100;
	}
	return 10000;
}

static struct iface *
p2p_peer(const struct iface *ifp)
{
	struct link *l = ifp->link;

	if (l == NULL || l->kind == LINK_SEGMENT || l->n_ports != 2)
		return NULL;
	return l->ports[0] == ifp ? l->ports[1] : l->ports[0];
}

/* Physical state as IOS derives it: a serial line is up when the cable
 * and the DCE clock are there (the peer exists), its line protocol needs
 * keepalives from an enabled peer; an Ethernet has carrier when the other
 * end is enabled (p2p) or the segment is up. */
static void
compute(const struct iface *ifp, bool *hw, bool *line)
{
	struct link *l = ifp->link;
	struct iface *peer;

	if (ifp->shutdown) {
		*hw = *line = false;
		return;
	}
	if (ifp->type == IFT_LOOPBACK || ifp->type == IFT_TUNNEL) {
		*hw = *line = true;
		return;
	}
	if (l == NULL || !l->up) {
		*hw = *line = false;
		return;
	}
	peer = p2p_peer(ifp);
	switch (l->kind) {
	case LINK_P2P_SERIAL:
		*hw = peer != NULL;
		*line = *hw && !peer->shutdown;
		break;
	case LINK_P2P_ETHER:
		*hw = *line = peer != NULL && !peer->shutdown;
		break;
	case LINK_SEGMENT:
		*hw = *line = true;
		break;
	}
}

static void
update_one(struct iface *ifp)
{
	bool hw, line, was_line = ifp->line_up;
	struct router *r = ifp->r;
	int st;

	compute(ifp, &hw, &line);
	st = ifp->shutdown ? IFS_ADMIN_DOWN : hw ? IFS_UP : IFS_DOWN;
	if (st == ifp->link_state && line == was_line)
		return;
	ifp->hw_up = hw;
	ifp->line_up = line;
	ifp->last_change = sched_now();
	if (st != ifp->link_state) {
		ifp->link_state = st;
		ifp->cnt.carrier_transitions++;
		if (st == IFS_ADMIN_DOWN)
			rlog(r, SEV_NOTICE, "LINK", "CHANGED",
			    "Interface %s, changed state to administratively down",
			    ifp->name);
		else
			rlog(r, SEV_ERR, "LINK", "UPDOWN",
			    "Interface %s, changed state to %s", ifp->name,
			    hw ? "up" : "down");
	}
	if (line != was_line) {
		rlog(r, SEV_NOTICE, "LINEPROTO", "UPDOWN",
		    "Line protocol on Interface %s, changed state to %s",
		    ifp->name, line ? "up" : "down");
		ip_iface_changed(ifp);
	}
}

/* After a config is applied at boot: an enabled interface that never had
 * carrier is simply down, which IOS does not announce; everything else
 * changes state (and logs) as usual. */
void
iface_settle(struct iface *ifp)
{
	bool hw, line;

	compute(ifp, &hw, &line);
	if (!ifp->shutdown && !hw && ifp->link_state == IFS_ADMIN_DOWN) {
		ifp->link_state = IFS_DOWN;
		ifp->hw_up = ifp->line_up = false;
		return;
	}
	iface_update_state(ifp);
}

/* A new interface starts in its computed state without syslog. */
void
iface_init_state(struct iface *ifp)
{
	bool hw, line;

	compute(ifp, &hw, &line);
	ifp->hw_up = hw;
	ifp->line_up = line;
	ifp->link_state = ifp->shutdown ? IFS_ADMIN_DOWN : hw ? IFS_UP : IFS_DOWN;
}

void
iface_update_state(struct iface *ifp)
{
	struct link *l = ifp->link;

	/* Our change may change the other end of the wire too. */
	update_one(ifp);
	if (l != NULL)
		for (int i = 0; i < l->n_ports; i++)
			if (l->ports[i] != ifp)
				update_one(l->ports[i]);
}
