/* ACL commands: `access-list`, `ip access-list standard|extended` and its
 * sub-modes, `ip access-group`, `show [ip] access-lists`, `clear [ip]
 * access-list counters`, and the running-config writers.
 *
 * The entry grammar (protocols, address forms, port operators and IOS
 * port/ICMP names) is generated from the tables in acl_parse.c so `?` and
 * TAB list exactly what the parser accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl_priv.h"
#include "cli.h"
#include "iface.h"
#include "router.h"

/* ---- grammar generation ------------------------------------------------ */

struct gb {
	struct strbuf	spec, help;
};

static void
g_raw(struct gb *g, const char *s)
{
	sb_puts(&g->spec, s);
}

/* A token with its help line. */
static void
g_tok(struct gb *g, const char *tok, const char *help)
{
	sb_puts(&g->spec, tok);
	sb_printf(&g->help, "%s\n", help);
}

static void
g_addr(struct gb *g, bool src, bool standard)
{
	if (standard) {
		g_raw(g, " (");
		g_tok(g, "A.B.C.D", "Address to match");
		g_raw(g, " [");
		g_tok(g, "A.B.C.D", "Wildcard bits");
		g_raw(g, "]|");
		g_tok(g, "any", "Any source host");
		g_raw(g, "|");
		g_tok(g, "host", "A single host address");
		g_raw(g, " ");
		g_tok(g, "A.B.C.D", "Host address");
		g_raw(g, ")");
		return;
	}
	g_raw(g, " (");
	g_tok(g, "A.B.C.D", src ? "Source address" : "Destination address");
	g_raw(g, " ");
	g_tok(g, "A.B.C.D", src ? "Source wildcard bits" :
	    "Destination wildcard bits");
	g_raw(g, "|");
	g_tok(g, "any", src ? "Any source host" : "Any destination host");
	g_raw(g, "|");
	g_tok(g, "host", src ? "A single source host" :
	    "A single destination host");
	g_raw(g, " ");
	g_tok(g, "A.B.C.D", src ? "Source address" : "Destination address");
	g_raw(g, ")");
}

static void
g_portval(struct gb *g, const struct acl_name_num *t)
{
	int	i;

	g_raw(g, "(");
	g_tok(g, "(0-65535)", "Port number");
	for (i = 0; t[i].name != NULL; i++) {
		g_raw(g, "|");
		g_tok(g, t[i].name, t[i].help);
	}
	g_raw(g, ")");
}

static void
g_ports(struct gb *g, const struct acl_name_num *t)
{
	g_raw(g, " [((");
	g_tok(g, "eq", "Match only packets on a given port number");
	g_raw(g, "|");
	g_tok(g, "gt", "Match only packets with a greater port number");
	g_raw(g, "|");
	g_tok(g, "lt", "Match only packets with a lower port number");
	g_raw(g, "|");
	g_tok(g, "neq", "Match only packets not on a given port number");
	g_raw(g, ") ");
	g_portval(g, t);
	g_raw(g, "|");
	g_tok(g, "range", "Match only packets in the range of port numbers");
	g_raw(g, " ");
	g_portval(g, t);
	g_raw(g, " ");
	g_portval(g, t);
	g_raw(g, ")]");
}

static void
g_action(struct gb *g)
{
	g_raw(g, " (");
	g_tok(g, "deny", "Specify packets to reject");
	g_raw(g, "|");
	g_tok(g, "permit", "Specify packets to forward");
	g_raw(g, ")");
}

enum pclass { PC_OTHER, PC_TCP, PC_UDP, PC_ICMP, PC_MAX };

static void
g_proto(struct gb *g, enum pclass pc)
{
	const char *only = pc == PC_TCP ? "tcp" : pc == PC_UDP ? "udp" :
	    pc == PC_ICMP ? "icmp" : NULL;
	bool	 first = true;
	int	 i;

	g_raw(g, " (");
	if (pc == PC_OTHER) {
		g_tok(g, "(0-255)", "An IP protocol number");
		first = false;
	}
	for (i = 0; acl_protos[i].name != NULL; i++) {
		const char *n = acl_protos[i].name;
		bool l4 = strcmp(n, "tcp") == 0 || strcmp(n, "udp") == 0 ||
		    strcmp(n, "icmp") == 0;

		if (only != NULL ? strcmp(n, only) != 0 : l4)
			continue;
		if (!first)
			g_raw(g, "|");
		g_tok(g, n, acl_protos[i].help);
		first = false;
	}
	g_raw(g, ")");
}

static void
g_icmp(struct gb *g)
{
	int	i;

	g_raw(g, " [(");
	g_tok(g, "(0-255)", "ICMP message type");
	g_raw(g, " [");
	g_tok(g, "(0-255)", "ICMP message code");
	g_raw(g, "]");
	for (i = 0; acl_icmp_names[i].name != NULL; i++) {
		g_raw(g, "|");
		g_tok(g, acl_icmp_names[i].name, acl_icmp_names[i].help);
	}
	g_raw(g, ")]");
}

static void
g_log(struct gb *g)
{
	g_raw(g, " [");
	g_tok(g, "log", "Log matches against this entry");
	g_raw(g, "]");
}

/* The extended entry from the action on. */
static void
g_ext_entry(struct gb *g, enum pclass pc)
{
	const struct acl_name_num *t = pc == PC_TCP ? acl_tcp_ports :
	    acl_udp_ports;

	g_action(g);
	g_proto(g, pc);
	g_addr(g, true, false);
	if (pc == PC_TCP || pc == PC_UDP)
		g_ports(g, t);
	g_addr(g, false, false);
	if (pc == PC_TCP || pc == PC_UDP)
		g_ports(g, t);
	if (pc == PC_ICMP)
		g_icmp(g);
	if (pc == PC_TCP) {
		g_raw(g, " [");
		g_tok(g, "established", "Match established connections");
		g_raw(g, "]");
	}
	g_log(g);
}

static void
g_std_entry(struct gb *g)
{
	g_action(g);
	g_addr(g, true, true);
	g_log(g);
}

/* Generated commands live as long as the process (the engine keeps
 * pointers to them); their text is freed by nobody, reachable from here. */
#define GEN_MAX	48
static struct cmd gen_cmds[GEN_MAX];
static int n_gen;

static void
gen_install_attr(enum node_id node, struct gb *g, cmd_fn fn, unsigned attr)
{
	struct cmd *c;

	if (n_gen == GEN_MAX)
		abort();
	c = &gen_cmds[n_gen++];
	c->spec = sb_steal(&g->spec);
	c->help = sb_steal(&g->help);
	c->fn = fn;
	c->attr = attr;
	c->graph = NULL;
	cli_install(node, c);
}

static void
gen_install(enum node_id node, struct gb *g, cmd_fn fn)
{
	gen_install_attr(node, g, fn, 0);
}

/* ---- helpers ------------------------------------------------------------ */

static int
report_err(struct vty *vty, const char *err)
{
	if (err[0] == '%')
		vty_out(vty, "%s\n", err);
	else
		vty_out(vty, "%% %s\n", err);
	return CMD_WARNING;
}

/* Add the entry in argv[0..] (action first) to list `name`. */
static int
add_entry(struct vty *vty, const char *name, bool extended, int seq,
    int argc, const char **argv)
{
	struct router *r = vty_router(vty);
	struct acl_rule rule;
	const char *err = NULL;
	struct acl *a;
	int	 pos, rc;

	rc = extended ? acl_parse_ext(argc, argv, &rule, &pos, &err) :
	    acl_parse_std(argc, argv, &rule, &pos, &err);
	if (rc < 0)
		return pos >= argc ? CMD_ERR_INCOMPLETE : CMD_ERR_NO_MATCH;
	if ((a = acl_get(r, name, extended, &err)) == NULL)
		return report_err(vty, err);
	if (acl_add_rule(a, seq, &rule, &err) < 0)
		return report_err(vty, err);
	return CMD_SUCCESS;
}

/* ---- numbered lists ------------------------------------------------------ */

static int
numbered_entry(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	enum acl_numkind k;

	/* argv: access-list NUM permit|deny ... */
	if (argc < 3)
		return CMD_ERR_INCOMPLETE;
	k = acl_number_kind(argv[1], NULL);
	if (k != ACLNUM_STD && k != ACLNUM_EXT)
		return CMD_ERR_NO_MATCH;
	return add_entry(vty, argv[1], k == ACLNUM_EXT, 0, argc - 2, argv + 2);
}

/* access-list NUM remark LINE */
static int
access_list_remark(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	struct router *r = vty_router(vty);
	enum acl_numkind k = acl_number_kind(argv[1], NULL);
	const char *err = NULL;
	struct acl *a;

	if (k != ACLNUM_STD && k != ACLNUM_EXT)
		return CMD_ERR_NO_MATCH;
	if ((a = acl_get(r, argv[1], k == ACLNUM_EXT, &err)) == NULL)
		return report_err(vty, err);
	acl_add_remark(a, argv[3]);
	return CMD_SUCCESS;
}

/* no access-list NUM; IOS also removes the whole list for
 * `no access-list 101 permit ...` (hidden form). */
static int
no_access_list(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	acl_delete(vty_router(vty), argv[2]);
	return CMD_SUCCESS;
}

/* ---- named lists ------------------------------------------------------------ */

DEFUN(ip_access_list,
    "ip access-list (extended|standard) WORD",
    IP_CFG_STR
    "Named access-list\n"
    "Extended Access List\n"
    "Standard Access List\n"
    "Access-list name\n")
{
	struct router *r = vty_router(vty);
	bool	 ext = strcmp(argv[2], "extended") == 0;
	const char *err = NULL;
	struct acl *a;

	if ((a = acl_get(r, argv[3], ext, &err)) == NULL)
		return report_err(vty, err);
	/* Node first: the context belongs to the mode being entered. */
	vty_set_node(vty, ext ? ACL_EXT_NODE : ACL_STD_NODE);
	vty_set_context(vty, a->name);
	return CMD_SUCCESS;
}

DEFUN(no_ip_access_list,
    "no ip access-list (extended|standard) WORD",
    NO_STR
    IP_CFG_STR
    "Named access-list\n"
    "Extended Access List\n"
    "Standard Access List\n"
    "Access-list name\n")
{
	acl_delete(vty_router(vty), argv[4]);
	return CMD_SUCCESS;
}

static int
named_entry(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	bool	 ext = vty_node(vty) == ACL_EXT_NODE;
	int	 seq = 0, i = 0;

	if (argc > 0 && argv[0][0] >= '0' && argv[0][0] <= '9') {
		seq = atoi(argv[0]);
		i = 1;
	}
	return add_entry(vty, vty_context(vty), ext, seq, argc - i, argv + i);
}

static int
named_no_entry(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	struct router *r = vty_router(vty);
	bool	 ext = vty_node(vty) == ACL_EXT_NODE;
	struct acl_rule rule;
	const char *err = NULL;
	struct acl *a;
	int	 pos, rc;

	/* argv: no permit|deny ... */
	rc = ext ? acl_parse_ext(argc - 1, argv + 1, &rule, &pos, &err) :
	    acl_parse_std(argc - 1, argv + 1, &rule, &pos, &err);
	if (rc < 0)
		return CMD_ERR_NO_MATCH;
	if ((a = acl_find(r, vty_context(vty))) != NULL)
		acl_del_rule(a, &rule);
	return CMD_SUCCESS;
}

DEFUN(nacl_no_seq,
    "no (1-2147483647)",
    NO_STR
    "Sequence Number\n")
{
	struct acl *a = acl_find(vty_router(vty), vty_context(vty));

	if (a != NULL)
		acl_del_seq(a, atoi(argv[1]));
	return CMD_SUCCESS;
}

DEFUN(nacl_remark,
    "remark LINE",
    "Access list entry comment\n"
    "Comment up to 100 characters\n")
{
	struct router *r = vty_router(vty);
	const char *err = NULL;
	struct acl *a;

	a = acl_get(r, vty_context(vty), vty_node(vty) == ACL_EXT_NODE, &err);
	if (a == NULL)
		return report_err(vty, err);
	acl_add_remark(a, argv[1]);
	return CMD_SUCCESS;
}

DEFUN(nacl_no_remark,
    "no remark LINE",
    NO_STR
    "Access list entry comment\n"
    "Comment up to 100 characters\n")
{
	struct acl *a = acl_find(vty_router(vty), vty_context(vty));

	if (a != NULL)
		acl_del_remark(a, argv[2]);
	return CMD_SUCCESS;
}

/* ---- interfaces -------------------------------------------------------- */

static struct iface *
vty_iface(struct vty *vty)
{
	return router_find_iface(vty_router(vty), vty_context(vty));
}

static void
set_group(struct iface *ifp, const char *dir, const char *name)
{
	char	*slot = strcmp(dir, "in") == 0 ? ifp->acl_in : ifp->acl_out;
	int	 num;

	/* "010" names list 10. */
	if (name[0] != '\0' && acl_number_kind(name, &num) != ACLNUM_NONE &&
	    acl_number_kind(name, &num) != ACLNUM_BAD)
		snprintf(slot, sizeof(ifp->acl_in), "%d", num);
	else
		snprintf(slot, sizeof(ifp->acl_in), "%s", name);
}

/* ip access-group (1-199|1300-2699|WORD) (in|out) */
static int
ip_access_group(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	struct iface *ifp = vty_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	set_group(ifp, argv[3], argv[2]);
	return CMD_SUCCESS;
}

/* no ip access-group [NAME] (in|out) */
static int
no_ip_access_group(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	struct iface *ifp = vty_iface(vty);

	if (ifp == NULL)
		return CMD_WARNING;
	set_group(ifp, argv[argc - 1], "");
	return CMD_SUCCESS;
}

static void
g_access_group(bool no, int which, cmd_fn fn)
{
	static const struct { const char *tok, *help; } names[] = {
		{ "(1-199)", "IP access list (standard or extended)" },
		{ "(1300-2699)",
		    "IP expanded access list (standard or extended)" },
		{ "WORD", "Access-list name" },
	};
	struct gb g = { STRBUF_INIT, STRBUF_INIT };

	if (no) {
		g_tok(&g, "no", "Negate a command or set its defaults");
		g_raw(&g, " ");
	}
	g_tok(&g, "ip", "Interface Internet Protocol config commands");
	g_raw(&g, " ");
	g_tok(&g, "access-group", "Specify access control for packets");
	if (which >= 0) {
		g_raw(&g, " ");
		g_tok(&g, names[which].tok, names[which].help);
	}
	g_raw(&g, " (");
	g_tok(&g, "in", "inbound packets");
	g_raw(&g, "|");
	g_tok(&g, "out", "outbound packets");
	g_raw(&g, ")");
	gen_install(INTERFACE_NODE, &g, fn);
}

/* ---- show / clear ------------------------------------------------------ */

static int
do_show(struct vty *vty, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	acl_show(vty_router(vty), name, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
	return CMD_SUCCESS;
}

DEFUN(show_access_lists,
    "show access-lists [WORD]",
    SHOW_STR
    "List access lists\n"
    "ACL number or name\n")
{
	return do_show(vty, argc > 2 ? argv[2] : NULL);
}

DEFUN(show_ip_access_lists,
    "show ip access-lists [WORD]",
    SHOW_STR
    IP_STR
    "List IP access lists\n"
    "ACL number or name\n")
{
	return do_show(vty, argc > 3 ? argv[3] : NULL);
}

DEFUN(clear_access_list_counters,
    "clear access-list counters [WORD]",
    CLEAR_STR
    "Clear access list statistical information\n"
    "Clear access list counters\n"
    "ACL number or name\n")
{
	acl_clear_counters(vty_router(vty), argc > 3 ? argv[3] : NULL);
	return CMD_SUCCESS;
}

DEFUN(clear_ip_access_list_counters,
    "clear ip access-list counters [WORD]",
    CLEAR_STR
    IP_STR
    "Clear access list statistical information\n"
    "Clear access list counters\n"
    "ACL number or name\n")
{
	acl_clear_counters(vty_router(vty), argc > 4 ? argv[4] : NULL);
	return CMD_SUCCESS;
}

/* ---- running-config ---------------------------------------------------- */

static void
acl_config_write(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	acl_write_config(r, &sb);
	vty_write(vty, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void
acl_iface_write(struct vty *vty, struct iface *ifp)
{
	if (ifp->acl_in[0] != '\0')
		vty_out(vty, " ip access-group %s in\n", ifp->acl_in);
	if (ifp->acl_out[0] != '\0')
		vty_out(vty, " ip access-group %s out\n", ifp->acl_out);
}

static const struct cli_node acl_std_node = {
	ACL_STD_NODE, "%s(config-std-nacl)#", CONFIG_NODE, NULL
};
static const struct cli_node acl_ext_node = {
	ACL_EXT_NODE, "%s(config-ext-nacl)#", CONFIG_NODE, NULL
};

void
acl_cli_init(void)
{
	static const struct { const char *num, *help; } ranges[] = {
		{ "(1-99)", "IP standard access list" },
		{ "(100-199)", "IP extended access list" },
		{ "(1300-1999)", "IP standard access list (expanded range)" },
		{ "(2000-2699)", "IP extended access list (expanded range)" },
	};
	struct gb g = { STRBUF_INIT, STRBUF_INIT };
	int	 i, pc;

	/* A second init (after cli_free) rebuilds the grammar. */
	for (i = 0; i < n_gen; i++) {
		free((char *)gen_cmds[i].spec);
		free((char *)gen_cmds[i].help);
		memset(&gen_cmds[i], 0, sizeof(gen_cmds[i]));
	}
	n_gen = 0;
	cli_install_node(&acl_std_node);
	cli_install_node(&acl_ext_node);

	/* access-list NUM ... */
	for (i = 0; i < 4; i++) {
		bool ext = i == 1 || i == 3;

		for (pc = 0; pc < (ext ? PC_MAX : 1); pc++) {
			g_tok(&g, "access-list", "Add an access list entry");
			g_raw(&g, " ");
			g_tok(&g, ranges[i].num, ranges[i].help);
			if (ext)
				g_ext_entry(&g, (enum pclass)pc);
			else
				g_std_entry(&g);
			gen_install(CONFIG_NODE, &g, numbered_entry);
		}
	}
	for (i = 0; i < 4; i++) {
		g_tok(&g, "access-list", "Add an access list entry");
		g_raw(&g, " ");
		g_tok(&g, ranges[i].num, ranges[i].help);
		g_raw(&g, " ");
		g_tok(&g, "remark", "Access list entry comment");
		g_raw(&g, " ");
		g_tok(&g, "LINE", "Comment up to 100 characters");
		gen_install(CONFIG_NODE, &g, access_list_remark);

		g_tok(&g, "no", "Negate a command or set its defaults");
		g_raw(&g, " ");
		g_tok(&g, "access-list", "Add an access list entry");
		g_raw(&g, " ");
		g_tok(&g, ranges[i].num, ranges[i].help);
		gen_install(CONFIG_NODE, &g, no_access_list);

		g_tok(&g, "no", "Negate a command or set its defaults");
		g_raw(&g, " ");
		g_tok(&g, "access-list", "Add an access list entry");
		g_raw(&g, " ");
		g_tok(&g, ranges[i].num, ranges[i].help);
		g_raw(&g, " (");
		g_tok(&g, "deny", "Specify packets to reject");
		g_raw(&g, "|");
		g_tok(&g, "permit", "Specify packets to forward");
		g_raw(&g, "|");
		g_tok(&g, "remark", "Access list entry comment");
		g_raw(&g, ") ");
		g_tok(&g, "LINE", "Rest of the entry");
		gen_install_attr(CONFIG_NODE, &g, no_access_list,
		    CMD_ATTR_HIDDEN);
	}
	cli_install(CONFIG_NODE, &ip_access_list_cmd);
	cli_install(CONFIG_NODE, &no_ip_access_list_cmd);

	/* Named sub-modes: [SEQ] permit|deny ..., no permit|deny ... */
	for (pc = 0; pc < PC_MAX; pc++) {
		g_raw(&g, "[");
		g_tok(&g, "(1-2147483647)", "Sequence Number");
		g_raw(&g, "]");
		g_ext_entry(&g, (enum pclass)pc);
		gen_install(ACL_EXT_NODE, &g, named_entry);

		g_tok(&g, "no", "Negate a command or set its defaults");
		g_ext_entry(&g, (enum pclass)pc);
		gen_install(ACL_EXT_NODE, &g, named_no_entry);
	}
	g_raw(&g, "[");
	g_tok(&g, "(1-2147483647)", "Sequence Number");
	g_raw(&g, "]");
	g_std_entry(&g);
	gen_install(ACL_STD_NODE, &g, named_entry);
	g_tok(&g, "no", "Negate a command or set its defaults");
	g_std_entry(&g);
	gen_install(ACL_STD_NODE, &g, named_no_entry);
	sb_free(&g.spec);
	sb_free(&g.help);

	cli_install(ACL_EXT_NODE, &nacl_no_seq_cmd);
	cli_install(ACL_STD_NODE, &nacl_no_seq_cmd);
	cli_install(ACL_EXT_NODE, &nacl_remark_cmd);
	cli_install(ACL_STD_NODE, &nacl_remark_cmd);
	cli_install(ACL_EXT_NODE, &nacl_no_remark_cmd);
	cli_install(ACL_STD_NODE, &nacl_no_remark_cmd);

	for (i = 0; i < 3; i++) {
		g_access_group(false, i, ip_access_group);
		g_access_group(true, i, no_ip_access_group);
	}
	g_access_group(true, -1, no_ip_access_group);

	cli_install(VIEW_NODE, &show_access_lists_cmd);
	cli_install(ENABLE_NODE, &show_access_lists_cmd);
	cli_install(VIEW_NODE, &show_ip_access_lists_cmd);
	cli_install(ENABLE_NODE, &show_ip_access_lists_cmd);
	cli_install(ENABLE_NODE, &clear_access_list_counters_cmd);
	cli_install(ENABLE_NODE, &clear_ip_access_list_counters_cmd);

	cli_install_config_writer(RC_ORDER_ACL, acl_config_write);
	cli_install_iface_config_writer(IFCFG_ORDER_ACCESS_GROUP,
	    acl_iface_write);
}
