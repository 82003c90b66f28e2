/* Router interfaces: IOS names, addressing, admin/line state, counters, and
 * the attachment point to a link. */
#ifndef VPNSIM_IFACE_H
#define VPNSIM_IFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "sched.h"

struct router;
struct link;
struct pkt;
struct bridge;

enum if_type {
	IFT_ETHERNET,		/* Ethernet0/0 */
	IFT_FASTETHERNET,	/* FastEthernet0/0 */
	IFT_GIGABIT,		/* GigabitEthernet0/1 */
	IFT_SERIAL,		/* Serial1/0, Cisco HDLC */
	IFT_LOOPBACK,		/* Loopback0 */
	IFT_TUNNEL,		/* Tunnel0 (later issues) */
};

struct if_counters {
	uint64_t	in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t	in_drops, out_drops, in_errors, out_errors;
	uint64_t	in_bcast, in_mcast, crc, resets;
	uint64_t	carrier_transitions, giants, unknown_proto;
};

/* Reference point for the "5 minute input rate" lines. */
struct if_rate_window {
	vtime_t		t0;
	uint64_t	in_bytes, in_pkts, out_bytes, out_pkts;
};

/* Order of the lines inside an "interface X" block of the running config
 * (IOS order); subsystems register their lines between these. */
enum {
	IFCFG_ORDER_DESCRIPTION = 100,
	IFCFG_ORDER_BANDWIDTH = 150,
	IFCFG_ORDER_ADDRESS = 200,
	IFCFG_ORDER_ACCESS_GROUP = 300,
	IFCFG_ORDER_IP_MTU = 400,
	IFCFG_ORDER_PIM = 500,
	IFCFG_ORDER_IGMP = 550,
	IFCFG_ORDER_SHUTDOWN = 600,
	IFCFG_ORDER_HW = 700,		/* clock rate, duplex */
	IFCFG_ORDER_BRIDGE = 750,	/* vpnsim bridge (netsim/bridge*.c) */
	IFCFG_ORDER_CRYPTO = 800,	/* crypto map */
};

struct iface {
	struct router	*r;
	char		 name[32];		/* "Serial1/0" */
	char		 short_name[16];	/* "Se1/0" */
	enum if_type	 type;

	uint32_t	 addr;			/* host order, 0 = unassigned */
	uint32_t	 mask;			/* host order */
	bool		 shutdown;
	char		*description;
	int		 mtu;			/* hardware MTU, 1500 */
	int		 ip_mtu;		/* `ip mtu`, 0 = same as mtu */
	uint32_t	 bandwidth_kbit;	/* `bandwidth`, 0 = type default */
	uint8_t		 mac[6];
	int		 encap;			/* IFENC_* */

	struct link	*link;			/* NULL: not cabled */
	int		 link_port;		/* index in link->ports */
	bool		 line_up;		/* line protocol, computed */
	bool		 hw_up;			/* physical status, computed */
	int		 link_state;		/* IFS_*: last state logged */
	vtime_t		 last_change;

	char		 acl_in[64];		/* `ip access-group X in`, "" none */
	char		 acl_out[64];
	bool		 pim;			/* ip pim sparse-dense-mode */
	uint32_t	 igmp_groups[8];	/* ip igmp join-group */
	int		 n_igmp_groups;

	void		*crypto_map;		/* ipsec/gdoi: later issues */
	char		*bridge;		/* "tap:NAME" etc., NULL: none */
	struct bridge	*br;			/* open bridge (netsim/bridge.h) */

	uint32_t	 clock_rate;		/* serial DCE `clock rate` */
	bool		 addr_from_nvram;	/* Method NVRAM vs manual */

	struct if_counters cnt;
	struct if_rate_window rate;
	vtime_t		 last_in, last_out;	/* for "Last input/output" */
	vtime_t		 cleared_at;
	bool		 cleared_ever;
};

enum { IFENC_ARPA, IFENC_HDLC, IFENC_LOOPBACK };
enum { IFS_DOWN, IFS_UP, IFS_ADMIN_DOWN };

/* IP MTU used for fragmentation decisions. */
int	 iface_ip_mtu(const struct iface *);
/* Up for IP: not shut down, line protocol up, address assigned. */
bool	 iface_ip_usable(const struct iface *);
uint32_t iface_bandwidth(const struct iface *);	/* kbit/s */
const char *iface_type_name(enum if_type);		/* "Serial" */

/* Recompute hw_up/line_up after a change to shutdown or the link; logs
 * %LINK-3-UPDOWN / %LINEPROTO-5-UPDOWN / %LINK-5-CHANGED as IOS does and
 * tells the IP layer (ip_iface_changed) when line state changes. */
void	 iface_update_state(struct iface *);
void	 iface_init_state(struct iface *);	/* silent, at creation */
void	 iface_settle(struct iface *);		/* after a boot config */

/* Frame arrived on this interface from its link (L2 header included).
 * Consumes p.  Implemented by the L2/IP layer (netsim/l2.c). */
void	 l2_input(struct iface *, struct pkt *p);

#endif
