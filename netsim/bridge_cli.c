/* The interface command that bridges an interface to a real network, for
 * users who keep the lab in router configs rather than @bridge lines:
 *
 *   interface GigabitEthernet0/0
 *    vpnsim bridge tap vpn0
 *    vpnsim bridge pcap eth1
 *    vpnsim bridge udp 10001 127.0.0.1 10000
 *    no vpnsim bridge
 *
 * IOS has no such command; `vpnsim` marks it as this simulator's own.  It
 * is written in the running config (a bridge made with @bridge is lab
 * wiring, as @link is, and is not). */
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "cli.h"
#include "iface.h"
#include "router.h"

#define VPNSIM_STR	"vpnsim simulator extensions\n"
#define BRIDGE_STR	"Bridge this interface to a real network\n"
#define TAP_STR		"Linux TAP device (created if missing)\n" \
			"TAP device name\n"
#define PCAP_STR	"Existing host interface through libpcap\n" \
			"Host interface name\n"
#define UDP_STR		"UDP tunnel, one Ethernet frame per datagram (GNS3 NIO UDP)\n" \
			"Local UDP port\n" "Remote host\n" "Remote UDP port\n"

static struct iface *
cur_iface(struct vty *vty)
{
	struct iface *ifp = router_find_iface(vty_router(vty), vty_context(vty));

	if (ifp == NULL)
		vty_out(vty, "%% Interface %s was deleted\n", vty_context(vty));
	return ifp;
}

DEFUN(vpnsim_bridge,
    "vpnsim bridge (tap WORD|pcap WORD|udp (1-65535) WORD (1-65535))",
    VPNSIM_STR BRIDGE_STR TAP_STR PCAP_STR UDP_STR)
{
	struct iface *ifp = cur_iface(vty);
	struct bridge_spec spec;
	char text[320], err[320];

	if (ifp == NULL)
		return CMD_WARNING;
	/* Back to the @bridge spelling; an IPv6 host goes in brackets. */
	if (strcmp(argv[2], "udp") == 0)
		snprintf(text, sizeof(text), strchr(argv[4], ':') != NULL ?
		    "udp:%s:[%s]:%s" : "udp:%s:%s:%s", argv[3], argv[4], argv[5]);
	else
		snprintf(text, sizeof(text), "%s:%s", argv[2], argv[3]);
	if (bridge_parse(text, &spec, err, sizeof(err)) != 0 ||
	    bridge_attach(ifp, &spec, true, err, sizeof(err)) != 0) {
		vty_out(vty, "%% %s\n", err);
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

DEFUN(no_vpnsim_bridge,
    "no vpnsim bridge [tap WORD|pcap WORD|udp (1-65535) WORD (1-65535)]",
    NO_STR VPNSIM_STR BRIDGE_STR TAP_STR PCAP_STR UDP_STR)
{
	struct iface *ifp = cur_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	bridge_detach(ifp);
	return CMD_SUCCESS;
}

static void
wr_bridge(struct vty *vty, struct iface *ifp)
{
	struct bridge_spec spec;
	char err[8];

	if (!bridge_from_config(ifp) || ifp->bridge == NULL ||
	    bridge_parse(ifp->bridge, &spec, err, sizeof(err)) != 0)
		return;
	switch (spec.kind) {
	case BRIDGE_TAP:
		vty_out(vty, " vpnsim bridge tap %s\n", spec.dev);
		break;
	case BRIDGE_PCAP:
		vty_out(vty, " vpnsim bridge pcap %s\n", spec.dev);
		break;
	case BRIDGE_UDP:
		vty_out(vty, " vpnsim bridge udp %u %s %u\n", spec.lport,
		    spec.rhost, spec.rport);
		break;
	}
}

void
bridge_cli_init(void)
{
	cli_install(INTERFACE_NODE, &vpnsim_bridge_cmd);
	cli_install(INTERFACE_NODE, &no_vpnsim_bridge_cmd);
	cli_install_iface_config_writer(IFCFG_ORDER_BRIDGE, wr_bridge);
}
