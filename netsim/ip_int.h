/* Private to the IP stack (netsim/ipv4.c, l2.c, arp.c, icmp.c, frag.c,
 * route.c, udp.c, ping.c, ip_cli.c): the per-router state and the calls
 * between those files.  Other areas use netsim/ipv4.h. */
#ifndef VPNSIM_IP_INT_H
#define VPNSIM_IP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "ipv4.h"
#include "sched.h"

struct router;
struct iface;
struct pkt;
struct vty;

#ifndef LIST_FOREACH_SAFE	/* glibc's sys/queue.h lacks it */
#define LIST_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = LIST_FIRST(head);					\
	    (var) && ((tvar) = LIST_NEXT(var, field), 1);		\
	    (var) = (tvar))
#endif
#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) && ((tvar) = TAILQ_NEXT(var, field), 1);		\
	    (var) = (tvar))
#endif

/* ---- byte order helpers (wire is big endian) ------------------------- */

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
rd32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static inline void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#define IP_HDR_MIN	20
#define IP_MAXPACKET	65535

/* A parsed, validated IPv4 header (host order). */
struct iphdr_v {
	unsigned	 hlen;		/* bytes */
	uint8_t		 tos, ttl, proto;
	uint16_t	 tot_len, id, frag;	/* frag: flags + offset */
	uint32_t	 src, dst;
};

enum { IPH_OK = 0, IPH_FORMAT, IPH_CKSUM };
/* Validate and parse; on IPH_OK the caller may trim to h->tot_len. */
int	ip_hdr_parse(const uint8_t *b, size_t len, struct iphdr_v *h);
/* Write a 20-byte header at b (checksum filled). */
void	ip_hdr_build(uint8_t *b, uint8_t tos, uint16_t tot_len, uint16_t id,
	    uint16_t frag, uint8_t ttl, uint8_t proto, uint32_t src,
	    uint32_t dst);
void	ip_hdr_fix_cksum(uint8_t *b);

static inline bool
ip_is_mcast(uint32_t a)
{
	return (a >> 28) == 0xe;
}

static inline bool
ip_is_frag(uint16_t frag)
{
	return (frag & (IP_MF | IP_OFFMASK)) != 0;
}

/* ---- state ----------------------------------------------------------- */

struct static_route {
	uint32_t	 prefix, mask;
	uint32_t	 nexthop;	/* 0: interface route */
	char		 ifname[32];	/* "" : none */
	int		 distance;	/* 1..255 */
	char		 name[64];	/* `name WORD`, "" none */
	bool		 permanent;
	bool		 rri;		/* IPsec reverse route: not in config */
	TAILQ_ENTRY(static_route) entry;
};
TAILQ_HEAD(static_list, static_route);

enum rt_type { RT_CONNECTED, RT_LOCAL, RT_STATIC };

#define RT_MAX_PATHS	4

struct rt_path {
	uint32_t	 nexthop;	/* as configured, 0: directly connected */
	uint32_t	 gw;		/* resolved on-link next hop, 0: dst */
	struct iface	*oif;		/* resolved outgoing interface */
	bool		 show_if;	/* print ", IFNAME" */
};

/* One installed prefix of the routing table (rebuilt on change). */
struct rt_entry {
	uint32_t	 prefix, mask;
	int		 len;
	enum rt_type	 type;
	int		 distance;
	struct rt_path	 path[RT_MAX_PATHS];
	int		 n_path;
};

struct arp_entry {
	uint32_t	 addr;
	uint8_t		 mac[6];
	struct iface	*ifp;
	bool		 complete;
	vtime_t		 updated;
	int		 tries;		/* requests sent while incomplete */
	struct event	*retry_ev;
	struct ip_state	*ips;
#define ARP_QMAX	4
/* IOS drops the packet that starts an ARP resolution: the `.!!!!` of a
 * first ping across an Ethernet.  1 queues up to ARP_QMAX packets. */
#define ARP_QUEUE_PACKETS	0
	struct pkt	*q[ARP_QMAX];	/* packets waiting for resolution */
	int		 nq;
	LIST_ENTRY(arp_entry) entry;
};
LIST_HEAD(arp_list, arp_entry);

struct reasm;
LIST_HEAD(reasm_list, reasm);

struct udp_sock {
	struct router	*r;
	uint32_t	 laddr;
	uint16_t	 lport;
	udp_recv_fn	 fn;
	void		*ctx;
	LIST_ENTRY(udp_sock) entry;
};
LIST_HEAD(udp_list, udp_sock);

/* Somebody (ping, traceroute) waiting for an ICMP answer. */
enum { WAIT_ECHO, WAIT_UDP };
struct ip_waiter {
	int		 kind;
	uint32_t	 dst;
	uint16_t	 id, seq;	/* echo */
	uint16_t	 sport, dport;	/* udp probe */
	bool		 multi;		/* keep collecting (multicast) */
	vtime_t		 sent;		/* when the probe left */
	/* result */
	bool		 done;
	uint8_t		 type, code;
	uint32_t	 from;
	vtime_t		 when;
	/* multicast ping prints each reply as it comes */
	void		(*on_reply)(struct ip_waiter *, uint32_t from, vtime_t when);
	void		*ctx;
	LIST_ENTRY(ip_waiter) entry;
};
LIST_HEAD(waiter_list, ip_waiter);

struct ip_state {
	struct router	*r;
	struct ip_stats	 st;
	uint16_t	 next_id;
	uint16_t	 next_port;	/* UDP ephemeral ports */
	uint16_t	 next_echo_id;

	struct static_list statics;
	struct rt_entry	*rib;		/* sorted by prefix, then length */
	int		 n_rib;
	bool		 rib_valid;
	uint64_t	 rib_sig;	/* interface state it was built from */

	struct arp_list	 arp;
	struct reasm_list reasm;
	int		 n_reasm;
	struct udp_list	 socks;
	struct waiter_list waiters;

	vtime_t		 last_unreach;	/* ICMP unreachable rate limit */
	bool		 unreach_sent;

	/* Locally addressed packets are delivered through one event so a
	 * router pinging itself does not recurse. */
	struct pkt	**loopq;
	size_t		 n_loopq, cap_loopq;
	struct event	*loop_ev;

	ip_hook_fn	 out_hook, in_hook;
};

struct ip_state	*ips_of(struct router *);
void	*ip_xcalloc(size_t n, size_t sz);

/* ipv4.c */
void	ip_deliver_local(struct iface *ifp, struct pkt *p);	/* consumes */
void	ip_loop_local(struct router *, struct pkt *p);		/* consumes */
bool	ip_is_local_dst(struct router *, struct iface *ifp, uint32_t dst,
	    bool *bcast);
int	ip_l2_send(struct iface *oif, struct pkt *p, uint32_t nh);
bool	ip_is_bcast_on(const struct iface *oif, uint32_t dst);
void	ip_debug_pkt(struct router *, const struct pkt *p, struct iface *in,
	    struct iface *out, uint32_t gw, const char *what);
bool	ip_debug_packet_on(struct router *, const struct pkt *p);

/* l2.c */
int	l2_output_ip(struct iface *oif, struct pkt *p, const uint8_t *dmac,
	    bool bcast);			/* consumes */
void	l2_mac_str(const uint8_t mac[6], char buf[16]);	/* aabb.cc00.0100 */
/* spa 0: oif's own address (proxy ARP answers for another one). */
int	l2_send_arp(struct iface *oif, uint16_t op, uint32_t spa,
	    const uint8_t *tha, uint32_t tpa, const uint8_t *dmac);

/* arp.c */
void	arp_input(struct iface *ifp, const uint8_t *b, size_t len);
int	arp_resolve_output(struct iface *oif, struct pkt *p, uint32_t nh);
void	arp_iface_changed(struct iface *ifp);
void	arp_flush(struct ip_state *, bool dynamic_only);
void	arp_show(struct vty *, struct router *);

/* icmp.c */
void	icmp_input(struct iface *ifp, struct pkt *p, const struct iphdr_v *h);

/* frag.c */
struct pkt *ip_reasm(struct ip_state *, struct pkt *p, const struct iphdr_v *h);
void	ip_reasm_flush(struct ip_state *);
int	ip_fragment_out(struct iface *oif, struct pkt *p, uint32_t nh, int mtu);

/* route.c */
void	route_invalidate(struct ip_state *);
void	route_rebuild_if_needed(struct ip_state *);
const struct rt_entry *route_lpm(struct ip_state *, uint32_t dst);
void	route_free_all(struct ip_state *);
int	route_static_add(struct ip_state *, const struct static_route *);
int	route_static_del(struct ip_state *, const struct static_route *,
	    bool match_all);
void	route_show(struct vty *, struct router *, int filter);
int	route_show_addr(struct vty *, struct router *, uint32_t addr);
void	route_config_write(struct vty *, struct router *);
enum { RSHOW_ALL, RSHOW_CONNECTED, RSHOW_STATIC };

/* udp.c */
void	udp_input(struct iface *ifp, struct pkt *p, const struct iphdr_v *h,
	    bool to_bcast);
void	udp_close_all(struct ip_state *);
uint16_t udp_cksum(uint32_t src, uint32_t dst, const uint8_t *udp,
	    size_t len);

/* ping.c */
void	ping_cli_init(void);
void	waiter_match_icmp(struct ip_state *, uint8_t type, uint8_t code,
	    uint32_t from, const uint8_t *icmp, size_t len);

#endif
