/* IP commands: `ip route`, `show ip route`, `show arp`, `show ip traffic`,
 * `clear arp-cache`, `clear ip traffic` (ping and traceroute live in
 * netsim/ping.c; `debug ip icmp|packet` are lib/debug.h flags). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "iface.h"
#include "ip_int.h"
#include "ipv4.h"
#include "router.h"

/* ---- ip route ----------------------------------------------------------- */

/* Parse the words after "ip route" (or "no ip route"):
 * PREFIX MASK [IFNAME] [NEXTHOP] [DISTANCE] [name WORD] [permanent]. */
static int
parse_static(struct vty *vty, struct router *r, int argc, const char **argv,
    int i, struct static_route *s, bool *has_target)
{
	uint32_t a;

	memset(s, 0, sizeof(*s));
	s->distance = 1;
	*has_target = false;
	if (i + 1 >= argc || !ip_aton(argv[i], &s->prefix) ||
	    !ip_aton(argv[i + 1], &s->mask))
		return CMD_ERR_INCOMPLETE;
	if (ip_masklen(s->mask) < 0 || (s->prefix & ~s->mask) != 0) {
		vty_out(vty, "%%Inconsistent address and mask\n");
		return CMD_WARNING;
	}
	for (i += 2; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "name") == 0 && i + 1 < argc) {
			snprintf(s->name, sizeof(s->name), "%s", argv[++i]);
		} else if (strcmp(w, "permanent") == 0) {
			s->permanent = true;
		} else if (ip_aton(w, &a)) {
			s->nexthop = a;
			*has_target = true;
		} else if (w[0] >= '0' && w[0] <= '9' && strchr(w, '.') == NULL &&
		    strchr(w, '/') == NULL) {
			s->distance = atoi(w);
		} else {
			struct iface *ifp = router_find_iface(r, w);

			if (ifp == NULL) {
				vty_out(vty, "%% Invalid interface %s\n", w);
				return CMD_WARNING;
			}
			snprintf(s->ifname, sizeof(s->ifname), "%s", ifp->name);
			*has_target = true;
		}
	}
	return CMD_SUCCESS;
}

/* Help of `ip route` and `no ip route`, one line per token after "ip". */
#define IP_ROUTE_HELP							\
    IP_CFG_STR								\
    "Establish static routes\n"						\
    "Destination prefix\n"						\
    "Destination prefix mask\n"					\
    "Forwarding router's address\n"					\
    "Forwarding interface\n"						\
    "Forwarding router's address\n"					\
    "Distance metric for this route\n"					\
    "Specify name of the next hop\n"					\
    "Name of the next hop\n"						\
    "permanent route\n"

DEFUN(ip_route,
    "ip route A.B.C.D A.B.C.D (A.B.C.D|IFNAME [A.B.C.D]) [(1-255)] [name WORD] [permanent]",
    IP_ROUTE_HELP)
{
	struct router *r = vty_router(vty);
	struct static_route s;
	bool tgt;
	int rc;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	rc = parse_static(vty, r, argc, argv, 2, &s, &tgt);
	if (rc != CMD_SUCCESS)
		return rc;
	if (!tgt)
		return CMD_ERR_INCOMPLETE;
	if (s.nexthop != 0 && s.ifname[0] == '\0' &&
	    ip_local_iface(r, s.nexthop) != NULL) {
		vty_out(vty, "%%Invalid next hop address (it's this router)\n");
		return CMD_WARNING;
	}
	route_static_add(r->ip, &s);
	return CMD_SUCCESS;
}

DEFUN(no_ip_route,
    "no ip route A.B.C.D A.B.C.D [(A.B.C.D|IFNAME [A.B.C.D])] [(1-255)] [name WORD] [permanent]",
    NO_STR
    IP_ROUTE_HELP)
{
	struct router *r = vty_router(vty);
	struct static_route s;
	bool tgt;
	int rc;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	rc = parse_static(vty, r, argc, argv, 3, &s, &tgt);
	if (rc != CMD_SUCCESS)
		return rc;
	if (route_static_del(r->ip, &s, !tgt) == 0)
		vty_out(vty, "%%No matching route to delete\n");
	return CMD_SUCCESS;
}

/* ---- show ip route ---------------------------------------------------- */

DEFUN(show_ip_route,
    "show ip route [(static|connected)]",
    SHOW_STR
    IP_STR
    "IP routing table\n"
    "Static routes\n"
    "Connected networks\n")
{
	struct router *r = vty_router(vty);
	int filter = RSHOW_ALL;

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	if (argc > 3)
		filter = strcmp(argv[3], "static") == 0 ? RSHOW_STATIC :
		    RSHOW_CONNECTED;
	route_show(vty, r, filter);
	return CMD_SUCCESS;
}

DEFUN(show_ip_route_addr,
    "show ip route A.B.C.D",
    SHOW_STR
    IP_STR
    "IP routing table\n"
    "Network to display information about or hostname\n")
{
	struct router *r = vty_router(vty);
	uint32_t a;

	if (r == NULL || r->ip == NULL || !ip_aton(argv[3], &a))
		return CMD_WARNING;
	return route_show_addr(vty, r, a);
}

/* ---- ARP -------------------------------------------------------------- */

DEFUN(show_arp,
    "show arp",
    SHOW_STR
    "ARP table\n")
{
	struct router *r = vty_router(vty);

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	arp_show(vty, r);
	return CMD_SUCCESS;
}

DEFUN(show_ip_arp,
    "show ip arp",
    SHOW_STR
    IP_STR
    "IP ARP table\n")
{
	struct router *r = vty_router(vty);

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	arp_show(vty, r);
	return CMD_SUCCESS;
}

DEFUN(clear_arp,
    "clear arp-cache",
    CLEAR_STR
    "Clear the entire ARP cache\n")
{
	struct router *r = vty_router(vty);

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	arp_flush(r->ip, true);
	return CMD_SUCCESS;
}

/* ---- show ip traffic -------------------------------------------------- */

#define U(x)	((unsigned long long)(x))

static void
show_traffic(struct vty *vty, const struct ip_stats *s)
{
	vty_out(vty, "IP statistics:\n");
	vty_out(vty, "  Rcvd:  %llu total, %llu local destination\n",
	    U(s->rcvd), U(s->local_dest));
	vty_out(vty, "         %llu format errors, %llu checksum errors, "
	    "%llu bad hop count\n", U(s->format_err), U(s->cksum_err),
	    U(s->bad_hop));
	vty_out(vty, "         %llu unknown protocol, %llu not a gateway\n",
	    U(s->unknown_proto), U(s->not_gateway));
	vty_out(vty, "         %llu security failures, %llu bad options, "
	    "%llu with options\n", U(s->sec_fail), U(s->bad_opts),
	    U(s->with_opts));
	/* Options are counted as a whole ("with options"), not per kind. */
	vty_out(vty, "  Opts:  0 end, 0 nop, 0 basic security, 0 loose source "
	    "route\n");
	vty_out(vty, "         0 timestamp, 0 extended security, 0 record "
	    "route\n");
	vty_out(vty, "         0 stream ID, 0 strict source route, 0 alert, "
	    "0 cipso, 0 ump\n");
	vty_out(vty, "         0 other\n");
	vty_out(vty, "  Frags: %llu reassembled, %llu timeouts, %llu couldn't "
	    "reassemble\n", U(s->reassembled), U(s->reasm_timeouts),
	    U(s->reasm_fail));
	vty_out(vty, "         %llu fragmented, %llu fragments, %llu couldn't "
	    "fragment\n", U(s->fragmented), U(s->fragments), U(s->frag_fail));
	vty_out(vty, "  Bcast: %llu received, %llu sent\n", U(s->bcast_rcvd),
	    U(s->bcast_sent));
	vty_out(vty, "  Mcast: %llu received, %llu sent\n", U(s->mcast_rcvd),
	    U(s->mcast_sent));
	vty_out(vty, "  Sent:  %llu generated, %llu forwarded\n",
	    U(s->generated), U(s->forwarded));
	vty_out(vty, "  Drop:  %llu encapsulation failed, %llu unresolved, "
	    "%llu no adjacency\n", U(s->encap_fail), U(s->unresolved),
	    U(s->no_adj));
	vty_out(vty, "         %llu no route, %llu unicast RPF, %llu forced "
	    "drop\n", U(s->no_route), U(s->urpf), U(s->forced_drop));
	vty_out(vty, "         0 options denied, 0 source IP address zero\n");
	vty_out(vty, "\n");
	vty_out(vty, "ICMP statistics:\n");
	vty_out(vty, "  Rcvd: %llu format errors, %llu checksum errors, %llu "
	    "redirects, %llu unreachable\n", U(s->icmp_in_format),
	    U(s->icmp_in_cksum), U(s->icmp_in_redirect), U(s->icmp_in_unreach));
	vty_out(vty, "        %llu echo, %llu echo reply, %llu mask requests, "
	    "%llu mask replies, %llu quench\n", U(s->icmp_in_echo),
	    U(s->icmp_in_echo_reply), U(s->icmp_in_mask_req),
	    U(s->icmp_in_mask_rep), U(s->icmp_in_quench));
	vty_out(vty, "        %llu parameter, %llu timestamp, %llu timestamp "
	    "replies, %llu info request, %llu other\n", U(s->icmp_in_param),
	    U(s->icmp_in_timestamp), U(s->icmp_in_ts_reply),
	    U(s->icmp_in_info_req), U(s->icmp_in_other));
	vty_out(vty, "        0 irdp solicitations, 0 irdp advertisements\n");
	vty_out(vty, "        %llu time exceeded, %llu info replies\n",
	    U(s->icmp_in_time_exceeded), U(s->icmp_in_info_rep));
	vty_out(vty, "  Sent: %llu redirects, %llu unreachable, %llu echo, "
	    "%llu echo reply\n", U(s->icmp_out_redirect), U(s->icmp_out_unreach),
	    U(s->icmp_out_echo), U(s->icmp_out_echo_reply));
	vty_out(vty, "        0 mask requests, 0 mask replies, 0 quench, "
	    "0 timestamp, 0 timestamp replies\n");
	vty_out(vty, "        0 info reply, %llu time exceeded, %llu parameter "
	    "problem\n", U(s->icmp_out_time_exceeded), U(s->icmp_out_param));
	vty_out(vty, "        0 irdp solicitations, 0 irdp advertisements\n");
	vty_out(vty, "\n");
	vty_out(vty, "UDP statistics:\n");
	vty_out(vty, "  Rcvd: %llu total, %llu checksum errors, %llu no port\n",
	    U(s->udp_rcvd), U(s->udp_cksum_err), U(s->udp_no_port));
	vty_out(vty, "  Sent: %llu total, 0 forwarded broadcasts\n",
	    U(s->udp_sent));
	vty_out(vty, "\n");
	/* No TCP in vpnsim: these zeros are the truth. */
	vty_out(vty, "TCP statistics:\n");
	vty_out(vty, "  Rcvd: 0 total, 0 checksum errors, 0 no port\n");
	vty_out(vty, "  Sent: 0 total\n");
	vty_out(vty, "\n");
	vty_out(vty, "ARP statistics:\n");
	vty_out(vty, "  Rcvd: %llu requests, %llu replies, 0 reverse, %llu "
	    "other\n", U(s->arp_rx_req), U(s->arp_rx_rep), U(s->arp_rx_other));
	vty_out(vty, "  Sent: %llu requests, %llu replies (%llu proxy), 0 "
	    "reverse\n", U(s->arp_tx_req), U(s->arp_tx_rep),
	    U(s->arp_tx_proxy));
	vty_out(vty, "  Drop due to input queue full: 0\n");
}

DEFUN(show_ip_traffic,
    "show ip traffic",
    SHOW_STR
    IP_STR
    "IP protocol statistics\n")
{
	struct router *r = vty_router(vty);

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	show_traffic(vty, ip_get_stats(r));
	return CMD_SUCCESS;
}

DEFUN(clear_ip_traffic,
    "clear ip traffic",
    CLEAR_STR
    IP_STR
    "Clear traffic statistics\n")
{
	struct router *r = vty_router(vty);
	char buf[16];

	if (r == NULL || r->ip == NULL)
		return CMD_WARNING;
	if (!vty_getline(vty, "Clear \"show ip traffic\" counters [confirm]",
	    buf, sizeof(buf)))
		return CMD_SUCCESS;
	if (buf[0] != '\0' && buf[0] != 'y' && buf[0] != 'Y')
		return CMD_SUCCESS;
	ip_clear_stats(r);
	return CMD_SUCCESS;
}

void
ip_cli_init(void)
{
	cli_install(CONFIG_NODE, &ip_route_cmd);
	cli_install(CONFIG_NODE, &no_ip_route_cmd);
	cli_install(VIEW_NODE, &show_ip_route_cmd);
	cli_install(VIEW_NODE, &show_ip_route_addr_cmd);
	cli_install(VIEW_NODE, &show_arp_cmd);
	cli_install(VIEW_NODE, &show_ip_arp_cmd);
	cli_install(VIEW_NODE, &show_ip_traffic_cmd);
	cli_install(ENABLE_NODE, &clear_arp_cmd);
	cli_install(ENABLE_NODE, &clear_ip_traffic_cmd);
	cli_install_config_writer(RC_ORDER_IP_ROUTE, route_config_write);
	ping_cli_init();
}
