/* Multicast commands: `ip multicast-routing`, `ip pim ...-mode`,
 * `ip igmp join-group`, `show ip mroute`, `show ip igmp groups`,
 * `clear ip mroute *`, and their running-config lines. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "iface.h"
#include "ipv4.h"
#include "mcast_priv.h"
#include "router.h"

#define PIM_STR		"PIM interface commands\n"
#define IGMP_STR	"IGMP interface commands\n"
#define IPIF_STR	"Interface Internet Protocol config commands\n"

static struct iface *
vty_iface(struct vty *vty)
{
	return router_find_iface(vty_router(vty), vty_context(vty));
}

DEFUN(ip_multicast_routing,
    "ip multicast-routing",
    IP_CFG_STR
    "Enable IP multicast forwarding\n")
{
	mcast_set_routing(vty_router(vty), true);
	return CMD_SUCCESS;
}

DEFUN(no_ip_multicast_routing,
    "no ip multicast-routing",
    NO_STR
    IP_CFG_STR
    "Enable IP multicast forwarding\n")
{
	mcast_set_routing(vty_router(vty), false);
	return CMD_SUCCESS;
}

static enum pim_mode
pim_mode_of(const char *w)
{
	if (strcmp(w, "sparse-mode") == 0)
		return PIM_SPARSE;
	if (strcmp(w, "dense-mode") == 0)
		return PIM_DENSE;
	return PIM_SPARSE_DENSE;
}

DEFUN(ip_pim_mode,
    "ip pim (dense-mode|sparse-dense-mode|sparse-mode)",
    IPIF_STR
    PIM_STR
    "Enable PIM dense-mode operation\n"
    "Enable PIM sparse-dense-mode operation\n"
    "Enable PIM sparse-mode operation\n")
{
	struct iface *ifp = vty_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	mcast_set_pim(ifp, pim_mode_of(argv[2]));
	return CMD_SUCCESS;
}

DEFUN(no_ip_pim_mode,
    "no ip pim (dense-mode|sparse-dense-mode|sparse-mode)",
    NO_STR
    IPIF_STR
    PIM_STR
    "Enable PIM dense-mode operation\n"
    "Enable PIM sparse-dense-mode operation\n"
    "Enable PIM sparse-mode operation\n")
{
	struct iface *ifp = vty_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	mcast_set_pim(ifp, PIM_NONE);
	return CMD_SUCCESS;
}

DEFUN(no_ip_pim,
    "no ip pim",
    NO_STR
    IPIF_STR
    PIM_STR)
{
	struct iface *ifp = vty_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	mcast_set_pim(ifp, PIM_NONE);
	return CMD_SUCCESS;
}

DEFUN(ip_igmp_join_group,
    "ip igmp join-group A.B.C.D",
    IPIF_STR
    IGMP_STR
    "IGMP join multicast group\n"
    "IP group address\n")
{
	struct iface *ifp = vty_iface(vty);
	uint32_t g;

	if (ifp == NULL)
		return CMD_WARNING;
	if (!ip_aton(argv[3], &g) || (g >> 28) != 0xe) {
		vty_out(vty, "Illegal multicast group address\n");
		return CMD_WARNING;
	}
	if (mcast_join(ifp, g) < 0) {
		vty_out(vty, "%% Maximum number of joined groups reached\n");
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

DEFUN(no_ip_igmp_join_group,
    "no ip igmp join-group A.B.C.D",
    NO_STR
    IPIF_STR
    IGMP_STR
    "IGMP join multicast group\n"
    "IP group address\n")
{
	struct iface *ifp = vty_iface(vty);
	uint32_t g;

	if (ifp == NULL)
		return CMD_WARNING;
	if (ip_aton(argv[4], &g))
		mcast_leave(ifp, g);
	return CMD_SUCCESS;
}

DEFUN(show_ip_mroute,
    "show ip mroute [A.B.C.D]",
    SHOW_STR
    IP_STR
    "IP multicast routing table\n"
    "Source or group IP address\n")
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t f = 0;

	if (argc > 3 && !ip_aton(argv[3], &f))
		return CMD_ERR_NO_MATCH;
	mcast_show_mroute(vty_router(vty), f, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

DEFUN(show_ip_igmp_groups,
    "show ip igmp groups",
    SHOW_STR
    IP_STR
    "IGMP information\n"
    "IGMP group membership information\n")
{
	struct strbuf sb = STRBUF_INIT;

	mcast_show_igmp_groups(vty_router(vty), &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

DEFUN(clear_ip_mroute,
    "clear ip mroute *",
    CLEAR_STR
    IP_STR
    "Delete entries from the IP multicast routing table\n"
    "Delete all entries\n")
{
	mcast_clear(vty_router(vty));
	return CMD_SUCCESS;
}

static void
mcast_config_write(struct vty *vty, struct router *r)
{
	if (mcast_routing(r))
		vty_out(vty, "ip multicast-routing\n");
}

static void
pim_iface_write(struct vty *vty, struct iface *ifp)
{
	static const char *const names[] = { "", "sparse-dense-mode",
	    "sparse-mode", "dense-mode" };
	enum pim_mode m = mcast_pim_mode(ifp);

	if (m != PIM_NONE)
		vty_out(vty, " ip pim %s\n", names[m]);
}

static void
igmp_iface_write(struct vty *vty, struct iface *ifp)
{
	char	 g[16];
	int	 i;

	for (i = 0; i < ifp->n_igmp_groups; i++)
		vty_out(vty, " ip igmp join-group %s\n",
		    ip_ntoa(ifp->igmp_groups[i], g));
}

void
mcast_cli_init(void)
{
	cli_install(CONFIG_NODE, &ip_multicast_routing_cmd);
	cli_install(CONFIG_NODE, &no_ip_multicast_routing_cmd);
	cli_install(INTERFACE_NODE, &ip_pim_mode_cmd);
	cli_install(INTERFACE_NODE, &no_ip_pim_mode_cmd);
	cli_install(INTERFACE_NODE, &no_ip_pim_cmd);
	cli_install(INTERFACE_NODE, &ip_igmp_join_group_cmd);
	cli_install(INTERFACE_NODE, &no_ip_igmp_join_group_cmd);
	cli_install(VIEW_NODE, &show_ip_mroute_cmd);
	cli_install(ENABLE_NODE, &show_ip_mroute_cmd);
	cli_install(VIEW_NODE, &show_ip_igmp_groups_cmd);
	cli_install(ENABLE_NODE, &show_ip_igmp_groups_cmd);
	cli_install(ENABLE_NODE, &clear_ip_mroute_cmd);
	cli_install_config_writer(RC_ORDER_IP_GLOBAL, mcast_config_write);
	cli_install_iface_config_writer(IFCFG_ORDER_PIM, pim_iface_write);
	cli_install_iface_config_writer(IFCFG_ORDER_IGMP, igmp_iface_write);
}
