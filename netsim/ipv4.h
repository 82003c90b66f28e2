/* IPv4 for a router: input, forwarding, local delivery, ICMP, fragments,
 * ARP, connected and static routes, UDP sockets and `show ip traffic`
 * counters.  State lives in struct ip_state (router->ip). */
#ifndef VPNSIM_IPV4_H
#define VPNSIM_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"

struct router;
struct iface;
struct pkt;

void	ip_router_init(struct router *);
void	ip_router_free(struct router *);
void	ip_cli_init(void);		/* ip route, ping, traceroute, show ip ... */

/* Interface line state or address changed: routes and ARP follow. */
void	ip_iface_changed(struct iface *);

/* An IPv4 packet (p->data = IP header) received on ifp after L2 decap. */
void	ip_input(struct iface *ifp, struct pkt *p);
/* Route and send a locally built packet whose IP header is complete
 * (checksum is recomputed).  Consumes p.  Returns 0 or -1 (no route). */
int	ip_output(struct router *, struct pkt *p);
/* Build the IP header in front of payload p and send it.  src 0 = pick the
 * outgoing interface address.  Consumes p. */
int	ip_send(struct router *, uint32_t src, uint32_t dst, uint8_t proto,
	    uint8_t tos, uint8_t ttl, struct pkt *p);

/* Route lookup: outgoing interface and next hop (dst itself if connected). */
bool	ip_route_lookup(struct router *, uint32_t dst, struct iface **oif,
	    uint32_t *nexthop);
/* IPsec reverse route injection (ipsec/dp_rri.c): add/remove a static
 * route to prefix/mask via nexthop that shows as `S` in `show ip route`
 * but is not part of the configuration.  Adding twice is harmless;
 * del returns how many were removed. */
int	ip_route_add_rri(struct router *, uint32_t prefix, uint32_t mask,
	    uint32_t nexthop);
int	ip_route_del_rri(struct router *, uint32_t prefix, uint32_t mask,
	    uint32_t nexthop);
/* Is addr one of this router's interface addresses? */
struct iface *ip_local_iface(struct router *, uint32_t addr);

/* UDP sockets for protocol code (ISAKMP/GDOI on 500/848/4500). */
struct udp_sock;
typedef void (*udp_recv_fn)(void *ctx, struct udp_sock *s, uint32_t src,
    uint16_t sport, uint32_t dst, const uint8_t *data, size_t len,
    struct iface *in_if);
struct udp_sock	*udp_open(struct router *, uint32_t laddr, uint16_t lport,
		    udp_recv_fn fn, void *ctx);	/* laddr 0 = any */
void		 udp_close(struct udp_sock *);	/* NULL safe */
int		 udp_sendto(struct udp_sock *, uint32_t src, uint32_t dst,
		    uint16_t dport, const void *data, size_t len);

/* Text helpers. */
const char *ip_ntoa(uint32_t a, char buf[16]);	/* host order */
bool	ip_aton(const char *s, uint32_t *out);		/* strict dotted quad */
int	ip_masklen(uint32_t mask);			/* -1 if not contiguous */
uint32_t ip_lenmask(int len);
uint16_t ip_cksum(const void *data, size_t len);	/* internet checksum */


/* ---- additions by the IP stack (netsim/ipv4.c and friends) ---------- */

#define IP_PROTO_ICMP	1
#define IP_PROTO_TCP	6
#define IP_PROTO_UDP	17
#define IP_PROTO_ESP	50

#define IP_DF		0x4000		/* flags/offset field bits */
#define IP_MF		0x2000
#define IP_OFFMASK	0x1fff

#define IP_TTL_DEFAULT	255		/* IOS originates with TTL 255 */

/* Send an IP packet (p->data = complete IP header) out oif towards
 * nexthop (the destination itself when directly connected): the crypto
 * output hook, fragmentation per iface_ip_mtu() (DF set: ICMP
 * fragmentation needed back to the source and "couldn't fragment"), ARP
 * or multicast/broadcast MAC mapping, L2 encapsulation, link_transmit().
 * Used by the multicast code for each outgoing copy.  Consumes p.
 * Returns 0 when handed on (ARP may still be pending), -1 when dropped. */
int	ip_iface_output(struct iface *oif, struct pkt *p, uint32_t nexthop);

/* Crypto hooks (ipsec/gdoi, later issues).  The output hook sees every
 * packet about to leave an interface (before fragmentation), the input
 * hook every packet received (after the inbound ACL; local packets after
 * reassembly) unless p->flags has PKT_F_NOCRYPTO.  Return IP_HOOK_PASS to
 * let IP carry on, IP_HOOK_STOLEN when the hook consumed p (it re-injects
 * the result with PKT_F_NOCRYPTO set: ip_output()/ip_iface_output() for
 * outbound, ip_input() for inbound). */
enum { IP_HOOK_PASS = 0, IP_HOOK_STOLEN = 1 };
typedef int (*ip_hook_fn)(struct iface *ifp, struct pkt *p);
void	ip_set_out_hook(struct router *, ip_hook_fn);
void	ip_set_in_hook(struct router *, ip_hook_fn);

/* Send an ICMP error about `orig` (its data = the offending IP header),
 * IOS rules: never about ICMP errors, broadcasts, multicasts or non-first
 * fragments; unreachables rate limited to one per 500 ms.  in_if: where
 * orig arrived (NULL: locally originated).  mtu: next-hop MTU for
 * fragmentation needed.  Does not consume orig. */
void	icmp_send_error(struct router *, const struct pkt *orig,
	    struct iface *in_if, uint8_t type, uint8_t code, uint16_t mtu);

/* `show ip traffic` counters (cleared by `clear ip traffic`). */
struct ip_stats {
	/* IP */
	uint64_t rcvd, local_dest, format_err, cksum_err, bad_hop;
	uint64_t unknown_proto, not_gateway, sec_fail, bad_opts, with_opts;
	uint64_t reassembled, reasm_timeouts, reasm_fail;
	uint64_t fragmented, fragments, frag_fail;
	uint64_t bcast_rcvd, bcast_sent, mcast_rcvd, mcast_sent;
	uint64_t generated, forwarded;
	uint64_t encap_fail, unresolved, no_adj, no_route, urpf, forced_drop;
	uint64_t acl_in_denied, acl_out_denied;	/* not in IOS output */
	/* ICMP received */
	uint64_t icmp_in_format, icmp_in_cksum, icmp_in_redirect;
	uint64_t icmp_in_unreach, icmp_in_echo, icmp_in_echo_reply;
	uint64_t icmp_in_mask_req, icmp_in_mask_rep, icmp_in_quench;
	uint64_t icmp_in_param, icmp_in_timestamp, icmp_in_ts_reply;
	uint64_t icmp_in_info_req, icmp_in_other, icmp_in_time_exceeded;
	uint64_t icmp_in_info_rep;
	/* ICMP sent */
	uint64_t icmp_out_redirect, icmp_out_unreach, icmp_out_echo;
	uint64_t icmp_out_echo_reply, icmp_out_time_exceeded, icmp_out_param;
	/* UDP */
	uint64_t udp_rcvd, udp_cksum_err, udp_no_port, udp_sent;
	/* ARP */
	uint64_t arp_rx_req, arp_rx_rep, arp_rx_other, arp_tx_req, arp_tx_rep;
	uint64_t arp_tx_proxy;
};
const struct ip_stats *ip_get_stats(struct router *);
void	ip_clear_stats(struct router *);

/* ARP cache lookup (tests, show commands of other areas). */
bool	arp_lookup(struct router *, uint32_t addr, uint8_t mac[6]);

/* Programmatic ping (tests, scenario helpers): runs the lab until each
 * echo is answered or times out, like the `ping` command.  marks gets one
 * IOS character per echo ('!', '.', 'U', 'M', '&', ...), NUL-terminated,
 * truncated to marks_len. */
struct ping_result {
	int		 sent, rcvd;
	unsigned	 min_ms, avg_ms, max_ms;
};
int	ip_ping(struct router *, uint32_t dst, uint32_t src, int count,
	    int size, vtime_t timeout, bool df, struct ping_result *res,
	    char *marks, size_t marks_len);

#endif
