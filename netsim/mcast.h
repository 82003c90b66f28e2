/* Multicast forwarding sufficient for GDOI multicast rekeys: with
 * `ip multicast-routing`, a packet to 224/4 is flooded out every other
 * interface with `ip pim sparse-dense-mode` when it passes the RPF check
 * (arrived on the interface the unicast route to its source uses).
 * (S,G) state appears in `show ip mroute`.  `ip igmp join-group` makes the
 * router itself a receiver (answers ping to the group). */
#ifndef VPNSIM_MCAST_H
#define VPNSIM_MCAST_H

#include <stdbool.h>
#include <stdint.h>

struct router;
struct iface;
struct pkt;

void	mcast_router_init(struct router *);
void	mcast_router_free(struct router *);
void	mcast_cli_init(void);

/* Multicast packet received on ifp: forward copies as above.  Returns true
 * if the router itself is a member of the group (deliver locally too).
 * Does not consume p. */
bool	mcast_input(struct iface *ifp, const struct pkt *p);
/* Locally originated multicast: send out every PIM interface (or the one
 * the caller chose when oif != NULL).  Consumes p. */
void	mcast_output(struct router *, struct iface *oif, struct pkt *p);
/* A protocol (e.g. a GETVPN member awaiting multicast rekeys) makes the
 * router a receiver of group g on ifp without an `ip igmp join-group`
 * line; leaving keeps a membership the configuration asked for.  Join
 * returns 0, or -1 if g is not multicast / the table is full. */
int	mcast_proto_join(struct iface *, uint32_t group);
void	mcast_proto_leave(struct iface *, uint32_t group);
/* Is the router a member of group g on any interface? */
bool	mcast_is_member(struct router *, uint32_t group);

#endif
