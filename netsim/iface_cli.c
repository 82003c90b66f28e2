/* Interface configuration and the interface show commands:
 * `interface`, `ip address`, `shutdown`, `description`, `ip mtu`,
 * `bandwidth`, `clock rate`; `show interfaces`, `show ip interface brief`,
 * `clear counters`; the interface blocks of the running config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bridge.h"
#include "cli.h"
#include "iface.h"
#include "ifname.h"
#include "ipv4.h"
#include "link.h"
#include "log.h"
#include "netsim.h"
#include "router.h"

/* The interface the session is configuring, looked up by name each time
 * so a deleted interface is noticed instead of used. */
static struct iface *
cur_iface(struct vty *vty)
{
	struct iface *ifp = router_find_iface(vty_router(vty), vty_context(vty));

	if (ifp == NULL)
		vty_out(vty, "%% Interface %s was deleted\n", vty_context(vty));
	return ifp;
}

#define CUR_IFACE(ifp)					\
	struct iface *ifp = cur_iface(vty);		\
	if (ifp == NULL)				\
		return CMD_WARNING

static void
addr_changed(struct iface *ifp)
{
	ip_iface_changed(ifp);
}

DEFUN(interface, "interface IFNAME",
    "Select an interface to configure\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);
	const char *err = NULL;
	struct iface *ifp = router_get_iface(r, argv[1], &err);

	if (ifp == NULL) {
		vty_out(vty, "%% Invalid interface %s\n", argv[1]);
		return CMD_WARNING;
	}
	/* A whole config lists `shutdown` for every interface that is shut,
	 * so while one is being applied an interface it names is enabled
	 * (states settle, with their syslog, when the load ends). */
	if (r->config_loading)
		ifp->shutdown = false;
	vty_set_node(vty, INTERFACE_NODE);
	vty_set_context(vty, ifp->name);
	return CMD_SUCCESS;
}

DEFUN(no_interface, "no interface IFNAME",
    NO_STR "Select an interface to configure\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);
	struct iface *ifp = router_find_iface(r, argv[2]);

	if (ifp == NULL) {
		vty_out(vty, "%% Interface %s not found\n", argv[2]);
		return CMD_WARNING;
	}
	if (ifp->type != IFT_LOOPBACK && ifp->type != IFT_TUNNEL) {
		vty_out(vty, "%% Removal of physical interfaces is not permitted\n");
		return CMD_WARNING;
	}
	router_delete_iface(r, ifp);
	return CMD_SUCCESS;
}

static bool
valid_mask(uint32_t mask)
{
	return ip_masklen(mask) >= 0;
}

/* An address overlapping another interface's subnet is refused by IOS. */
static struct iface *
overlap(struct router *r, struct iface *self, uint32_t addr, uint32_t mask)
{
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *o = r->ifaces[i];
		uint32_t m;

		if (o == self || o->addr == 0)
			continue;
		m = mask < o->mask ? mask : o->mask;
		if ((addr & m) == (o->addr & m))
			return o;
	}
	return NULL;
}

DEFUN(ip_address, "ip address A.B.C.D A.B.C.D",
    IP_STR "Set the IP address of an interface\n" "IP address\n" "IP subnet mask\n")
{
	CUR_IFACE(ifp);
	uint32_t a = 0, m = 0;
	struct iface *o;
	char buf[16];

	if (!ip_aton(argv[2], &a) || !ip_aton(argv[3], &m) || !valid_mask(m)) {
		vty_out(vty, "Bad mask 0x%X for address %s\n", m, argv[2]);
		return CMD_WARNING;
	}
	if (m != 0xffffffffu && ((a & ~m) == 0 || (a & ~m) == ~m)) {
		vty_out(vty, "Bad mask /%d for address %s\n", ip_masklen(m), argv[2]);
		return CMD_WARNING;
	}
	if ((o = overlap(vty_router(vty), ifp, a, m)) != NULL) {
		vty_out(vty, "%% %s overlaps with %s\n",
		    ip_ntoa(a & m, buf), o->name);
		return CMD_WARNING;
	}
	ifp->addr = a;
	ifp->mask = m;
	ifp->addr_from_nvram = false;
	addr_changed(ifp);
	return CMD_SUCCESS;
}

DEFUN(no_ip_address, "no ip address [A.B.C.D A.B.C.D]",
    NO_STR IP_STR "Set the IP address of an interface\n" "IP address\n" "IP subnet mask\n")
{
	CUR_IFACE(ifp);

	ifp->addr = ifp->mask = 0;
	addr_changed(ifp);
	return CMD_SUCCESS;
}

DEFUN(shutdown, "shutdown", "Shutdown the selected interface\n")
{
	CUR_IFACE(ifp);

	if (!ifp->shutdown) {
		ifp->shutdown = true;
		iface_update_state(ifp);
	}
	return CMD_SUCCESS;
}

DEFUN(no_shutdown, "no shutdown", NO_STR "Shutdown the selected interface\n")
{
	CUR_IFACE(ifp);

	if (ifp->shutdown) {
		ifp->shutdown = false;
		iface_update_state(ifp);
	}
	return CMD_SUCCESS;
}

DEFUN(description, "description LINE",
    "Interface specific description\n" "Up to 240 characters describing this interface\n")
{
	CUR_IFACE(ifp);

	free(ifp->description);
	ifp->description = strndup(argv[1], 240);
	return CMD_SUCCESS;
}

DEFUN(no_description, "no description [LINE]",
    NO_STR "Interface specific description\n" "Up to 240 characters describing this interface\n")
{
	CUR_IFACE(ifp);

	free(ifp->description);
	ifp->description = NULL;
	return CMD_SUCCESS;
}

DEFUN(ip_mtu, "ip mtu (68-1500)",
    IP_STR "Set IP Maximum Transmission Unit\n" "MTU (bytes)\n")
{
	CUR_IFACE(ifp);
	int v = atoi(argv[2]);

	if (v > ifp->mtu) {
		vty_out(vty, "%% Invalid input - MTU greater than interface MTU (%d)\n", ifp->mtu);
		return CMD_WARNING;
	}
	ifp->ip_mtu = v;
	return CMD_SUCCESS;
}

DEFUN(no_ip_mtu, "no ip mtu [(68-1500)]",
    NO_STR IP_STR "Set IP Maximum Transmission Unit\n" "MTU (bytes)\n")
{
	CUR_IFACE(ifp);

	ifp->ip_mtu = 0;
	return CMD_SUCCESS;
}

DEFUN(bandwidth, "bandwidth (1-10000000)",
    "Set bandwidth informational parameter\n" "Bandwidth in kilobits\n")
{
	CUR_IFACE(ifp);

	ifp->bandwidth_kbit = (uint32_t)strtoul(argv[1], NULL, 10);
	return CMD_SUCCESS;
}

DEFUN(no_bandwidth, "no bandwidth [(1-10000000)]",
    NO_STR "Set bandwidth informational parameter\n" "Bandwidth in kilobits\n")
{
	CUR_IFACE(ifp);

	ifp->bandwidth_kbit = 0;
	return CMD_SUCCESS;
}

DEFUN(clock_rate, "clock rate (300-8000000)",
    "Configure serial interface clock\n" "Configure serial interface clock speed\n"
    "Choose clockrate from list above\n")
{
	CUR_IFACE(ifp);

	if (ifp->type != IFT_SERIAL) {
		vty_out(vty, "%% clock rate is only valid on serial interfaces\n");
		return CMD_WARNING;
	}
	ifp->clock_rate = (uint32_t)strtoul(argv[2], NULL, 10);
	return CMD_SUCCESS;
}

DEFUN(no_clock_rate, "no clock rate [(300-8000000)]",
    NO_STR "Configure serial interface clock\n" "Configure serial interface clock speed\n"
    "Choose clockrate from list above\n")
{
	CUR_IFACE(ifp);

	ifp->clock_rate = 0;
	return CMD_SUCCESS;
}

/* ---- show ip interface brief ---------------------------------------- */

static const char *
status_text(const struct iface *ifp)
{
	if (ifp->shutdown)
		return "administratively down";
	return ifp->hw_up ? "up" : "down";
}

DEFUN(show_ip_int_brief, "show ip interface brief",
    SHOW_STR IP_STR "IP interface status and configuration\n" "Brief summary of IP status and configuration\n")
{
	struct router *r = vty_router(vty);
	char buf[16];

	vty_out(vty, "Interface              IP-Address      OK? Method Status                Protocol\n");
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];

		vty_out(vty, "%-22s %-15s YES %-6s %-21s %-8s\n", ifp->name,
		    ifp->addr ? ip_ntoa(ifp->addr, buf) : "unassigned",
		    ifp->addr ? (ifp->addr_from_nvram ? "NVRAM" : "manual") : "unset",
		    status_text(ifp), ifp->line_up ? "up" : "down");
	}
	return CMD_SUCCESS;
}

/* ---- show interfaces ------------------------------------------------ */

static void
fmt_hms(char *buf, size_t len, vtime_t t)
{
	uint64_t s = t / VT_SEC;

	if (s >= 86400ULL * 7)
		snprintf(buf, len, "%luw%lud", (unsigned long)(s / 604800),
		    (unsigned long)(s % 604800 / 86400));
	else if (s >= 86400)
		snprintf(buf, len, "%lud%02luh", (unsigned long)(s / 86400),
		    (unsigned long)(s % 86400 / 3600));
	else
		snprintf(buf, len, "%02lu:%02lu:%02lu", (unsigned long)(s / 3600),
		    (unsigned long)(s % 3600 / 60), (unsigned long)(s % 60));
}

static void
fmt_last(char *buf, size_t len, vtime_t when, bool ever)
{
	if (!ever)
		snprintf(buf, len, "never");
	else
		fmt_hms(buf, len, sched_now() - when);
}

static const char *
hardware_text(const struct iface *ifp)
{
	switch (ifp->type) {
	case IFT_SERIAL:	return "M4T";
	case IFT_LOOPBACK:	return "Loopback";
	case IFT_TUNNEL:	return "Tunnel";
	case IFT_ETHERNET:	return "AmdP2";
	case IFT_FASTETHERNET:	return "DEC21140";
	case IFT_GIGABIT:	return "i82543 (Livengood)";
	}
	return "Unknown";
}

static int
delay_usec(const struct iface *ifp)
{
	switch (ifp->type) {
	case IFT_SERIAL:	return 20000;
	case IFT_LOOPBACK:	return 5000;
	case IFT_TUNNEL:	return 50000;
	case IFT_ETHERNET:	return 1000;
	case IFT_FASTETHERNET:	return 100;
	case IFT_GIGABIT:	return 10;
	}
	return 1000;
}

/* 5 minute rates over a window that slides forward every 5 minutes. */
static void
rates(struct iface *ifp, uint64_t *ibps, uint64_t *ipps, uint64_t *obps,
    uint64_t *opps)
{
	vtime_t now = sched_now(), span;
	struct if_rate_window *w = &ifp->rate;

	if (now - w->t0 >= 300 * VT_SEC && now > w->t0) {
		/* Keep the last full window as the reference point. */
		w->t0 = now - 300 * VT_SEC;
	}
	span = now > w->t0 ? now - w->t0 : 0;
	if (span < VT_SEC) {
		*ibps = *ipps = *obps = *opps = 0;
		return;
	}
	*ibps = (ifp->cnt.in_bytes - w->in_bytes) * 8 * VT_SEC / span;
	*ipps = (ifp->cnt.in_pkts - w->in_pkts) * VT_SEC / span;
	*obps = (ifp->cnt.out_bytes - w->out_bytes) * 8 * VT_SEC / span;
	*opps = (ifp->cnt.out_pkts - w->out_pkts) * VT_SEC / span;
	if (now - w->t0 >= 300 * VT_SEC) {
		w->t0 = now;
		w->in_bytes = ifp->cnt.in_bytes;
		w->in_pkts = ifp->cnt.in_pkts;
		w->out_bytes = ifp->cnt.out_bytes;
		w->out_pkts = ifp->cnt.out_pkts;
	}
}

static void
show_one_iface(struct vty *vty, struct iface *ifp)
{
	char buf[16], t1[24], t2[24];
	uint64_t ibps, ipps, obps, opps;
	const struct if_counters *c = &ifp->cnt;
	bool ether = ifp->encap == IFENC_ARPA;

	vty_out(vty, "%s is %s, line protocol is %s \n", ifp->name,
	    status_text(ifp), ifp->line_up ? "up" : "down");
	if (ether)
		vty_out(vty, "  Hardware is %s, address is %02x%02x.%02x%02x.%02x%02x (bia %02x%02x.%02x%02x.%02x%02x)\n",
		    hardware_text(ifp), ifp->mac[0], ifp->mac[1], ifp->mac[2],
		    ifp->mac[3], ifp->mac[4], ifp->mac[5], ifp->mac[0], ifp->mac[1],
		    ifp->mac[2], ifp->mac[3], ifp->mac[4], ifp->mac[5]);
	else
		vty_out(vty, "  Hardware is %s\n", hardware_text(ifp));
	if (ifp->description)
		vty_out(vty, "  Description: %s\n", ifp->description);
	if (ifp->addr)
		vty_out(vty, "  Internet address is %s/%d\n", ip_ntoa(ifp->addr, buf),
		    ip_masklen(ifp->mask));
	/* vpnsim's own line: where a bridged interface meets the real
	 * network (netsim/bridge.h), and why it is down if it failed. */
	if (ifp->bridge != NULL) {
		if (bridge_failure(ifp) != NULL)
			vty_out(vty, "  Bridged to %s (closed: %s)\n", ifp->bridge,
			    bridge_failure(ifp));
		else
			vty_out(vty, "  Bridged to %s\n", ifp->bridge);
	}
	vty_out(vty, "  MTU %d bytes, BW %u Kbit/sec, DLY %d usec, \n", ifp->mtu,
	    iface_bandwidth(ifp), delay_usec(ifp));
	vty_out(vty, "     reliability 255/255, txload 1/255, rxload 1/255\n");
	switch (ifp->encap) {
	case IFENC_HDLC:
		vty_out(vty, "  Encapsulation HDLC, crc 16, loopback not set\n");
		break;
	case IFENC_LOOPBACK:
		vty_out(vty, "  Encapsulation %s, loopback not set\n",
		    ifp->type == IFT_TUNNEL ? "TUNNEL" : "LOOPBACK");
		break;
	default:
		vty_out(vty, "  Encapsulation ARPA, loopback not set\n");
		break;
	}
	vty_out(vty, "  Keepalive set (10 sec)\n");
	if (ether)
		vty_out(vty, "  ARP type: ARPA, ARP Timeout 04:00:00\n");
	fmt_last(t1, sizeof(t1), ifp->last_in, c->in_pkts > 0);
	fmt_last(t2, sizeof(t2), ifp->last_out, c->out_pkts > 0);
	vty_out(vty, "  Last input %s, output %s, output hang never\n", t1, t2);
	if (ifp->cleared_ever) {
		fmt_hms(t1, sizeof(t1), sched_now() - ifp->cleared_at);
		vty_out(vty, "  Last clearing of \"show interface\" counters %s\n", t1);
	} else
		vty_out(vty, "  Last clearing of \"show interface\" counters never\n");
	vty_out(vty, "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: %lu\n",
	    (unsigned long)c->out_drops);
	vty_out(vty, "  Queueing strategy: fifo\n");
	vty_out(vty, "  Output queue: 0/40 (size/max)\n");
	rates(ifp, &ibps, &ipps, &obps, &opps);
	vty_out(vty, "  5 minute input rate %lu bits/sec, %lu packets/sec\n",
	    (unsigned long)ibps, (unsigned long)ipps);
	vty_out(vty, "  5 minute output rate %lu bits/sec, %lu packets/sec\n",
	    (unsigned long)obps, (unsigned long)opps);
	vty_out(vty, "     %lu packets input, %lu bytes, 0 no buffer\n",
	    (unsigned long)c->in_pkts, (unsigned long)c->in_bytes);
	vty_out(vty, "     Received %lu broadcasts (%lu IP multicasts)\n",
	    (unsigned long)c->in_bcast, (unsigned long)c->in_mcast);
	vty_out(vty, "     0 runts, %lu giants, 0 throttles \n", (unsigned long)c->giants);
	if (ifp->type == IFT_SERIAL)
		vty_out(vty, "     %lu input errors, %lu CRC, 0 frame, 0 overrun, 0 ignored, 0 abort\n",
		    (unsigned long)c->in_errors, (unsigned long)c->crc);
	else
		vty_out(vty, "     %lu input errors, %lu CRC, 0 frame, 0 overrun, 0 ignored\n",
		    (unsigned long)c->in_errors, (unsigned long)c->crc);
	if (ether)
		vty_out(vty, "     0 watchdog, 0 multicast, 0 pause input\n");
	vty_out(vty, "     %lu packets output, %lu bytes, 0 underruns\n",
	    (unsigned long)c->out_pkts, (unsigned long)c->out_bytes);
	vty_out(vty, "     %lu output errors, 0 collisions, %lu interface resets\n",
	    (unsigned long)c->out_errors, (unsigned long)c->resets);
	vty_out(vty, "     %lu unknown protocol drops\n", (unsigned long)c->unknown_proto);
	if (ether) {
		vty_out(vty, "     0 babbles, 0 late collision, 0 deferred\n");
		vty_out(vty, "     0 lost carrier, 0 no carrier, 0 pause output\n");
	}
	vty_out(vty, "     0 output buffer failures, 0 output buffers swapped out\n");
	if (ifp->type == IFT_SERIAL) {
		const char *s = ifp->hw_up ? "up" : "down";
		vty_out(vty, "     %lu carrier transitions     DCD=%s  DSR=%s  DTR=%s  RTS=%s  CTS=%s\n",
		    (unsigned long)c->carrier_transitions, s, s, s, s, s);
	}
}

DEFUN(show_interfaces, "show interfaces [IFNAME]",
    SHOW_STR "Interface status and configuration\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);

	if (argc > 2) {
		struct iface *ifp = router_find_iface(r, argv[2]);
		if (ifp == NULL) {
			vty_out(vty, "%% Invalid interface %s\n", argv[2]);
			return CMD_WARNING;
		}
		show_one_iface(vty, ifp);
		return CMD_SUCCESS;
	}
	for (int i = 0; i < r->n_ifaces; i++)
		show_one_iface(vty, r->ifaces[i]);
	return CMD_SUCCESS;
}

DEFUN(show_interfaces_desc, "show interfaces description",
    SHOW_STR "Interface status and configuration\n" "Show interface description\n")
{
	struct router *r = vty_router(vty);

	vty_out(vty, "Interface                      Status         Protocol Description\n");
	for (int i = 0; i < r->n_ifaces; i++) {
		struct iface *ifp = r->ifaces[i];
		vty_out(vty, "%-30s %-14s %-8s %s\n", ifp->short_name,
		    ifp->shutdown ? "admin down" : ifp->hw_up ? "up" : "down",
		    ifp->line_up ? "up" : "down",
		    ifp->description ? ifp->description : "");
	}
	return CMD_SUCCESS;
}

static void
clear_one(struct iface *ifp)
{
	memset(&ifp->cnt, 0, sizeof(ifp->cnt));
	memset(&ifp->rate, 0, sizeof(ifp->rate));
	ifp->rate.t0 = sched_now();
	ifp->cleared_ever = true;
	ifp->cleared_at = sched_now();
}

DEFUN(clear_counters, "clear counters [IFNAME]",
    CLEAR_STR "Clear counters on one or all interfaces\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);
	char ans[16];

	if (argc > 2) {
		struct iface *ifp = router_find_iface(r, argv[2]);
		if (ifp == NULL) {
			vty_out(vty, "%% Invalid interface %s\n", argv[2]);
			return CMD_WARNING;
		}
		if (!vty_getline(vty, "Clear \"show interface\" counters on this interface [confirm]",
		    ans, sizeof(ans)) || (ans[0] != '\0' && ans[0] != 'y' && ans[0] != 'Y'))
			return CMD_SUCCESS;
		clear_one(ifp);
		return CMD_SUCCESS;
	}
	if (!vty_getline(vty, "Clear \"show interface\" counters on all interfaces [confirm]",
	    ans, sizeof(ans)) || (ans[0] != '\0' && ans[0] != 'y' && ans[0] != 'Y'))
		return CMD_SUCCESS;
	for (int i = 0; i < r->n_ifaces; i++)
		clear_one(r->ifaces[i]);
	rlog(r, SEV_NOTICE, "CLEAR", "COUNTERS", "Clear counter on all interfaces by console");
	return CMD_SUCCESS;
}

/* ---- running-config -------------------------------------------------- */

static void
wr_description(struct vty *vty, struct iface *ifp)
{
	if (ifp->description)
		vty_out(vty, " description %s\n", ifp->description);
}

static void
wr_bandwidth(struct vty *vty, struct iface *ifp)
{
	if (ifp->bandwidth_kbit)
		vty_out(vty, " bandwidth %u\n", ifp->bandwidth_kbit);
}

static void
wr_address(struct vty *vty, struct iface *ifp)
{
	char a[16], m[16];

	if (ifp->addr)
		vty_out(vty, " ip address %s %s\n", ip_ntoa(ifp->addr, a),
		    ip_ntoa(ifp->mask, m));
	else
		vty_out(vty, " no ip address\n");
}

static void
wr_ip_mtu(struct vty *vty, struct iface *ifp)
{
	if (ifp->ip_mtu)
		vty_out(vty, " ip mtu %d\n", ifp->ip_mtu);
}

static void
wr_shutdown(struct vty *vty, struct iface *ifp)
{
	if (ifp->shutdown)
		vty_out(vty, " shutdown\n");
}

static void
wr_hw(struct vty *vty, struct iface *ifp)
{
	if (ifp->type == IFT_SERIAL && ifp->clock_rate)
		vty_out(vty, " clock rate %u\n", ifp->clock_rate);
}

static void
wr_interfaces(struct vty *vty, struct router *r)
{
	for (int i = 0; i < r->n_ifaces; i++) {
		vty_out(vty, "interface %s\n", r->ifaces[i]->name);
		cli_write_iface_config(vty, r->ifaces[i]);
		vty_out(vty, "!\n");
	}
}

static const struct cli_node iface_node = {
	INTERFACE_NODE, "%s(config-if)#", CONFIG_NODE, NULL
};

void
iface_cli_init(void)
{
	cli_install_node(&iface_node);
	cli_install(CONFIG_NODE, &interface_cmd);
	cli_install(CONFIG_NODE, &no_interface_cmd);
	cli_install(INTERFACE_NODE, &ip_address_cmd);
	cli_install(INTERFACE_NODE, &no_ip_address_cmd);
	cli_install(INTERFACE_NODE, &shutdown_cmd);
	cli_install(INTERFACE_NODE, &no_shutdown_cmd);
	cli_install(INTERFACE_NODE, &description_cmd);
	cli_install(INTERFACE_NODE, &no_description_cmd);
	cli_install(INTERFACE_NODE, &ip_mtu_cmd);
	cli_install(INTERFACE_NODE, &no_ip_mtu_cmd);
	cli_install(INTERFACE_NODE, &bandwidth_cmd);
	cli_install(INTERFACE_NODE, &no_bandwidth_cmd);
	cli_install(INTERFACE_NODE, &clock_rate_cmd);
	cli_install(INTERFACE_NODE, &no_clock_rate_cmd);
	cli_install(VIEW_NODE, &show_ip_int_brief_cmd);
	cli_install(VIEW_NODE, &show_interfaces_cmd);
	cli_install(VIEW_NODE, &show_interfaces_desc_cmd);
	cli_install(ENABLE_NODE, &clear_counters_cmd);

	cli_install_iface_config_writer(IFCFG_ORDER_DESCRIPTION, wr_description);
	cli_install_iface_config_writer(IFCFG_ORDER_BANDWIDTH, wr_bandwidth);
	cli_install_iface_config_writer(IFCFG_ORDER_ADDRESS, wr_address);
	cli_install_iface_config_writer(IFCFG_ORDER_IP_MTU, wr_ip_mtu);
	cli_install_iface_config_writer(IFCFG_ORDER_SHUTDOWN, wr_shutdown);
	cli_install_iface_config_writer(IFCFG_ORDER_HW, wr_hw);
	cli_install_config_writer(RC_ORDER_INTERFACE, wr_interfaces);
	bridge_cli_init();
}
