/* Bridges from a router interface to a real network (DESIGN §6):
 *
 *   tap:NAME               a Linux TAP device (created, or attached if it
 *                          exists as a persistent TAP)
 *   pcap:IFNAME            an existing Linux interface through libpcap
 *                          (live capture of the frames for this interface's
 *                          MAC, broadcast and multicast; pcap_inject)
 *   udp:LPORT:RHOST:RPORT  one raw Ethernet frame per UDP datagram, bound to
 *                          LPORT and connected to RHOST:RPORT: the NIO UDP
 *                          of GNS3, Dynamips, uBridge and QEMU
 *
 * A bridged interface hangs on a link of its own (one port, DLT_EN10MB) that
 * is not in the lab's list: frames the router transmits leave through the
 * bridge, frames read from it go to l2_input(), and captures of the link see
 * both directions.  While any bridge is open the lab runs in real time and
 * the scheduler's pacer waits on the bridges' descriptors (lib/fdwatch.h). */
#ifndef VPNSIM_BRIDGE_H
#define VPNSIM_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iface;
struct link;
struct pkt;

enum bridge_kind { BRIDGE_TAP, BRIDGE_PCAP, BRIDGE_UDP };

struct bridge_spec {
	enum bridge_kind kind;
	char		 dev[64];	/* TAP or host interface name */
	uint16_t	 lport, rport;	/* udp */
	char		 rhost[256];	/* udp: name or address */
};

/* "tap:NAME" ... into *spec.  Returns 0, or -1 with a message in err. */
int		 bridge_parse(const char *text, struct bridge_spec *spec,
		    char *err, size_t errlen);
/* The canonical text ("udp:10000:127.0.0.1:10001", IPv6 in brackets). */
void		 bridge_format(const struct bridge_spec *spec, char *buf,
		    size_t len);

/* Bridge an Ethernet interface.  from_config: made by the interface command
 * (then written in the running config) rather than by @bridge.  An existing
 * bridge of the interface is replaced.  Returns 0, or -1 with a message in
 * err ("cannot open TAP vpn0: Operation not permitted: run as root"); the
 * interface is then left unbridged. */
int		 bridge_attach(struct iface *ifp, const struct bridge_spec *spec,
		    bool from_config, char *err, size_t errlen);
/* Close the bridge and its descriptors (a TAP vpnsim created vanishes),
 * leaving the interface unconnected.  Not bridged: nothing. */
void		 bridge_detach(struct iface *ifp);
bool		 bridge_from_config(const struct iface *ifp);
/* A bridge that failed while running (read error, device removed): why,
 * or NULL. */
const char	*bridge_failure(const struct iface *ifp);

int		 bridge_count(void);
/* The link of the n-th open bridge (captures: `@capture all`). */
struct link	*bridge_link(int n);

/* A frame the router put on a bridged interface's link (link.c).
 * Consumes p. */
void		 bridge_output(struct iface *ifp, struct pkt *p);
/* A frame read from the bridge enters its link: counted, captured, then
 * l2_input().  Implemented in netsim/link.c.  Consumes p. */
void		 link_bridge_input(struct iface *ifp, struct pkt *p);

/* The interface command `vpnsim bridge ...` and its running-config line
 * (called from iface_cli_init). */
void		 bridge_cli_init(void);

#endif
