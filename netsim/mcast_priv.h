/* Internals of the multicast forwarder shared by mcast.c and
 * mcast_cli.c; unit tests include it too. */
#ifndef VPNSIM_MCAST_PRIV_H
#define VPNSIM_MCAST_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "mcast.h"
#include "sched.h"
#include "strbuf.h"

struct iface;

enum pim_mode { PIM_NONE = 0, PIM_SPARSE_DENSE, PIM_SPARSE, PIM_DENSE };

#define MC_SG_LIFETIME	(180 * VT_SEC)	/* (S,G) expiry, refreshed by data */
#define MC_AUTORP_GROUP	0xe0000128u	/* 224.0.1.40, Cisco-RP-Discovery */

/* Configuration (the commands call these; tests too). */
void	mcast_set_routing(struct router *, bool on);
bool	mcast_routing(struct router *);
void	mcast_set_pim(struct iface *, enum pim_mode);
enum pim_mode mcast_pim_mode(struct iface *);
/* Returns 0, or -1 if the group is not multicast / the table is full. */
int	mcast_join(struct iface *, uint32_t group);
void	mcast_leave(struct iface *, uint32_t group);
void	mcast_clear(struct router *);		/* clear ip mroute * */

/* Renderers.  filter: 0 = all, else a group (224/4) or a source. */
void	mcast_show_mroute(struct router *, uint32_t filter, struct strbuf *);
void	mcast_show_igmp_groups(struct router *, struct strbuf *);
/* IOS duration: "00:01:12", "1d02h", "2w3d". */
const char *mcast_fmt_dur(vtime_t d, char buf[16]);

/* Counters for tests and `show ip mroute count`-like use. */
struct mcast_stats {
	uint64_t	forwarded, rpf_failed, ttl_dropped, bad;
};
const struct mcast_stats *mcast_stats(struct router *);
/* (S,G) packet counter, -1 if no such entry. */
int64_t	mcast_sg_packets(struct router *, uint32_t src, uint32_t group);

#endif
