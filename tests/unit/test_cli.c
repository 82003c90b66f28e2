/* The IOS command engine on its own: matching, abbreviations, errors with
 * the caret, `?` and TAB, `do`, walk-up, filters, paging and the
 * running-config frame.  No lab: a zeroed router with a hostname. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "router.h"

static struct router rtr;
static struct vty *sess;
static struct strbuf out = STRBUF_INIT;
static char last_args[512];
static int exit_calls;

/* ---- test commands ------------------------------------------------------ */

static int
record(int argc, const char **argv)
{
	int i;

	last_args[0] = 0;
	for (i = 0; i < argc; i++) {
		strncat(last_args, "[", sizeof(last_args) - strlen(last_args) - 1);
		strncat(last_args, argv[i], sizeof(last_args) -
		    strlen(last_args) - 1);
		strncat(last_args, "]", sizeof(last_args) - strlen(last_args) - 1);
	}
	return CMD_SUCCESS;
}

DEFUN(t_show_ip_route, "show ip route [A.B.C.D]",
    SHOW_STR IP_STR "IP routing table\n"
    "Network to display information about or hostname\n")
{
	return record(argc, argv);
}

DEFUN(t_show_ip_int_br, "show ip interface brief",
    SHOW_STR IP_STR "IP interface status and configuration\n"
    "Brief summary of IP status and configuration\n")
{
	vty_out(vty, "Interface       IP-Address\n");
	vty_out(vty, "Serial1/0       10.1.1.1\n");
	vty_out(vty, "Loopback0       1.1.1.1\n");
	return record(argc, argv);
}

DEFUN(t_show_ipv6, "show ipv6 route",
    SHOW_STR "IPv6 information\n" "IPv6 routing table\n")
{
	return record(argc, argv);
}

DEFUN(t_show_clock, "show clock [detail]",
    SHOW_STR "Display the system clock\n" "Display detailed information\n")
{
	vty_out(vty, "*00:00:00.000 UTC Mon Mar 1 1993\n");
	return record(argc, argv);
}

DEFUN(t_show_crypto, "show crypto isakmp sa",
    SHOW_STR CRYPTO_STR "ISAKMP\n" "Security associations\n")
{
	return record(argc, argv);
}

DEFUN(t_show_lines, "show lines (1-100)",
    SHOW_STR "Print numbered lines\n" "How many\n")
{
	int i, n = atoi(argv[2]);

	for (i = 1; i <= n; i++)
		vty_out(vty, "line %d\n", i);
	return CMD_SUCCESS;
}

DEFUN(t_show_text, "show text",
    SHOW_STR "Print a config-like text\n")
{
	vty_out(vty, "hostname R1\n"
	    "interface Serial1/0\n"
	    " description uplink\n"
	    " ip address 10.1.1.1 255.255.255.0\n"
	    "interface Loopback0\n"
	    " ip address 1.1.1.1 255.255.255.255\n"
	    "router x\n"
	    " network 10.0.0.0\n"
	    "  area 0\n"
	    "  cost 5\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.1.2\n");
	return CMD_SUCCESS;
}

DEFUN_HIDDEN(t_secret, "secretcmd", "Hidden\n")
{
	return record(argc, argv);
}

DEFUN(t_ping, "ping WORD {source IFNAME|repeat (1-2147483647)}",
    "Send echo messages\n"
    "Ping destination address or hostname\n"
    "specify source address or name\n" IFNAME_STR
    "specify repeat count\n" "Repeat count\n")
{
	return record(argc, argv);
}

DEFUN(t_interface, "interface IFNAME",
    "Select an interface to configure\n" IFNAME_STR)
{
	/* Context before node, as netsim/iface_cli.c does: the engine moves
	 * it to the mode entered. */
	vty_set_context(vty, argv[1]);
	vty_set_node(vty, INTERFACE_NODE);
	return record(argc, argv);
}

DEFUN(t_ip_route, "ip route A.B.C.D A.B.C.D (A.B.C.D|IFNAME)",
    IP_CFG_STR "Establish static routes\n" "Destination prefix\n"
    "Destination prefix mask\n" "Forwarding router's address\n"
    IFNAME_STR)
{
	return record(argc, argv);
}

DEFUN(t_hostname, "hostname WORD",
    "Set system's network name\n" "This system's network name\n")
{
	snprintf(vty_router(vty)->hostname, sizeof(rtr.hostname), "%s",
	    argv[1]);
	return record(argc, argv);
}

DEFUN(t_ip_address, "ip address A.B.C.D A.B.C.D",
    "Interface Internet Protocol config commands\n"
    "Set the IP address of an interface\n" "IP address\n" "IP subnet mask\n")
{
	return record(argc, argv);
}

DEFUN(t_no_ip_address, "no ip address [A.B.C.D A.B.C.D]",
    NO_STR "Interface Internet Protocol config commands\n"
    "Set the IP address of an interface\n" "IP address\n" "IP subnet mask\n")
{
	CU_ASSERT(cli_is_no(argc, argv));
	return record(argc, argv);
}

DEFUN(t_description, "description LINE",
    "Interface specific description\n"
    "Up to 240 characters describing this interface\n")
{
	return record(argc, argv);
}

DEFUN(t_bad_if, "badif IFNAME",
    "Fails on its argument\n" IFNAME_STR)
{
	return cli_error_at(vty, 1);
}

static void
if_exit(struct vty *v)
{
	exit_calls++;
}

static const struct cli_node t_if_node = {
	INTERFACE_NODE, "%s(config-if)#", CONFIG_NODE, if_exit
};

/* ---- running-config writers ------------------------------------------- */

static void
w_version(struct vty *v, struct router *r)
{
	vty_out(v, "version 15.2\n");
}

static void
w_service(struct vty *v, struct router *r)
{
	vty_out(v, "service timestamps log datetime msec\n");
}

static void
w_hostname(struct vty *v, struct router *r)
{
	vty_out(v, "hostname %s\n", r->hostname);
}

static void
w_route(struct vty *v, struct router *r)
{
	vty_out(v, "ip route 0.0.0.0 0.0.0.0 10.1.1.2\n");
}

static void
w_empty(struct vty *v, struct router *r)
{
}

static void
w_ifaces(struct vty *v, struct router *r)
{
	vty_out(v, "interface Loopback0\n");
	cli_write_iface_config(v, NULL);
	vty_out(v, "!\n");
}

static void
w_if_line(struct vty *v, struct iface *ifp)
{
	vty_out(v, " no ip address\n");
}

/* ---- harness ------------------------------------------------------------- */

static void
sink(void *ctx, const char *data, size_t len)
{
	sb_add(&out, data, len);
}

static const char *getline_answers[4];
static int getline_next;

static bool
fake_getline(void *ctx, const char *prompt, char *buf, size_t len)
{
	if (getline_answers[getline_next] == NULL)
		return false;
	sb_puts(&out, prompt);
	snprintf(buf, len, "%s", getline_answers[getline_next++]);
	return true;
}

static const char *keys;

static int
fake_getkey(void *ctx)
{
	return *keys ? *keys++ : -1;
}

static int
setup(void)
{
	cli_init();
	cli_install_node(&t_if_node);
	cli_install(ENABLE_NODE, &t_show_ip_route_cmd);
	cli_install(VIEW_NODE, &t_show_ip_int_br_cmd);
	cli_install(ENABLE_NODE, &t_show_ipv6_cmd);
	cli_install(VIEW_NODE, &t_show_clock_cmd);
	cli_install(ENABLE_NODE, &t_show_crypto_cmd);
	cli_install(ENABLE_NODE, &t_show_lines_cmd);
	cli_install(ENABLE_NODE, &t_show_text_cmd);
	cli_install(ENABLE_NODE, &t_secret_cmd);
	cli_install(VIEW_NODE, &t_ping_cmd);
	cli_install(CONFIG_NODE, &t_interface_cmd);
	cli_install(CONFIG_NODE, &t_ip_route_cmd);
	cli_install(CONFIG_NODE, &t_hostname_cmd);
	cli_install(INTERFACE_NODE, &t_ip_address_cmd);
	cli_install(INTERFACE_NODE, &t_no_ip_address_cmd);
	cli_install(INTERFACE_NODE, &t_description_cmd);
	cli_install(ENABLE_NODE, &t_bad_if_cmd);
	cli_install_config_writer(RC_ORDER_HOSTNAME, w_hostname);
	cli_install_config_writer(RC_ORDER_IP_ROUTE, w_route);
	cli_install_config_writer(RC_ORDER_SERVICE, w_service);
	cli_install_config_writer(RC_ORDER_ACL, w_empty);
	cli_install_config_writer(RC_ORDER_INTERFACE, w_ifaces);
	cli_install_config_writer(RC_ORDER_SERVICE - 50, w_version);
	cli_install_iface_config_writer(10, w_if_line);
	return 0;
}

static int
teardown(void)
{
	vty_free(sess);
	sess = NULL;
	cli_free();
	sb_free(&out);
	return 0;
}

/* A fresh session at `node` before each test. */
static void
fresh(enum node_id node)
{
	vty_free(sess);
	memset(&rtr, 0, sizeof(rtr));
	snprintf(rtr.hostname, sizeof(rtr.hostname), "R1");
	sess = vty_new(&rtr, sink, NULL);
	vty_set_getline(sess, fake_getline, NULL);
	vty_set_node(sess, node);
	sb_reset(&out);
	last_args[0] = 0;
}

static int
run(const char *line)
{
	sb_reset(&out);
	last_args[0] = 0;
	return cli_execute(sess, line);
}

/* `line` as typed, ending in the `?` (which the front end does not pass). */
static const char *
help(const char *line)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", line);
	if (buf[0] && buf[strlen(buf) - 1] == '?')
		buf[strlen(buf) - 1] = 0;
	sb_reset(&out);
	cli_describe(sess, buf);
	return sb_str(&out);
}

/* Compare, and show the difference on stderr when it fails. */
static bool
same(const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return true;
	fprintf(stderr, "--- want\n%s--- got\n%s---\n", want, got);
	return false;
}

static bool
starts(const char *got, const char *prefix)
{
	if (strncmp(got, prefix, strlen(prefix)) == 0)
		return true;
	fprintf(stderr, "--- want prefix\n%s--- got\n%s---\n", prefix, got);
	return false;
}

#define OUT_IS(s)	CU_ASSERT(same(sb_str(&out), (s)))
#define HELP_IS(l, s)	CU_ASSERT(same(help(l), (s)))

/* The caret error with the caret in column col (prompt included). */
static const char *
caret(int col)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%*s^\n"
	    "%% Invalid input detected at '^' marker.\n\n", col, "");
	return buf;
}

#define CARET_IS(col)	OUT_IS(caret(col))

/* ---- matching ------------------------------------------------------------ */

static void
test_abbrev(void)
{
	fresh(ENABLE_NODE);
	CU_ASSERT_EQUAL(run("sh ip int br"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[show][ip][interface][brief]");
	CU_ASSERT_EQUAL(run("SHOW IP ROUTE 10.1.1.1"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[show][ip][route][10.1.1.1]");
	/* A full keyword beats a longer one it prefixes. */
	CU_ASSERT_EQUAL(run("sh ip ro"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[show][ip][route]");
	CU_ASSERT_EQUAL(run("sh ipv ro"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[show][ipv6][route]");
	/* VIEW commands work in ENABLE. */
	CU_ASSERT_EQUAL(run("show clock detail"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[show][clock][detail]");
	/* Hidden commands run. */
	CU_ASSERT_EQUAL(run("secretcmd"), CMD_SUCCESS);
	/* Blank lines and comments do nothing. */
	CU_ASSERT_EQUAL(run("   "), CMD_SUCCESS);
	CU_ASSERT_EQUAL(run("! comment"), CMD_SUCCESS);
	OUT_IS("");
}

static void
test_values(void)
{
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("ip route 0.0.0.0 0.0.0.0 10.1.1.2"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args,
	    "[ip][route][0.0.0.0][0.0.0.0][10.1.1.2]");
	CU_ASSERT_EQUAL(run("ip route 0.0.0.0 0.0.0.0 se1/0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args,
	    "[ip][route][0.0.0.0][0.0.0.0][Serial1/0]");
	CU_ASSERT_EQUAL(run("ip route 0.0.0.0 0.0.0.0 serial 1/0"),
	    CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args,
	    "[ip][route][0.0.0.0][0.0.0.0][Serial1/0]");
	CU_ASSERT_EQUAL(run("ip route 10.0.0.0 255.0.0.0 1.2.3"),
	    CMD_ERR_NO_MATCH);
	CU_ASSERT_EQUAL(run("ip route 10.0.0.256 255.0.0.0 1.2.3.4"),
	    CMD_ERR_NO_MATCH);
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("interface Loopback 0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[interface][Loopback0]");
	CU_ASSERT_STRING_EQUAL(vty_context(sess), "Loopback0");
	CU_ASSERT_EQUAL(vty_node(sess), INTERFACE_NODE);
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("int gi0/1"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[interface][GigabitEthernet0/1]");
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("int e0/0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[interface][Ethernet0/0]");
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("int fa0/0.100"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[interface][FastEthernet0/0.100]");
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("int Tunnel0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[interface][Tunnel0]");
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("int foo0"), CMD_ERR_NO_MATCH);
	CU_ASSERT_EQUAL(run("int serial"), CMD_ERR_INCOMPLETE);
	/* LINE keeps the spacing as typed. */
	fresh(INTERFACE_NODE);
	CU_ASSERT_EQUAL(run("description to  R2 | core"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[description][to  R2 | core]");
	/* Ranges and {..} sets in any order. */
	fresh(VIEW_NODE);
	CU_ASSERT_EQUAL(run("ping 10.1.1.1 repeat 5 source lo0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args,
	    "[ping][10.1.1.1][repeat][5][source][Loopback0]");
	CU_ASSERT_EQUAL(run("ping 10.1.1.1 repeat 0"), CMD_ERR_NO_MATCH);
}

static void
test_errors(void)
{
	fresh(ENABLE_NODE);
	CU_ASSERT_EQUAL(run("shw ip"), CMD_ERR_NO_MATCH);
	OUT_IS("   ^\n% Invalid input detected at '^' marker.\n\n");
	CU_ASSERT_EQUAL(run("sh ip int br x"), CMD_ERR_NO_MATCH);
	CARET_IS(3 + 13);
	CU_ASSERT_EQUAL(run("sh c"), CMD_ERR_AMBIGUOUS);
	OUT_IS("% Ambiguous command:  \"sh c\"\n");
	/* Ambiguous even though only one of them could complete. */
	CU_ASSERT_EQUAL(run("sh c detail"), CMD_ERR_AMBIGUOUS);
	CU_ASSERT_EQUAL(run("sh cr"), CMD_ERR_INCOMPLETE);
	OUT_IS("% Incomplete command.\n\n");
	CU_ASSERT_EQUAL(run("show"), CMD_ERR_INCOMPLETE);
	OUT_IS("% Type \"show ?\" for a list of subcommands\n");
	CU_ASSERT_EQUAL(run("foo"), CMD_ERR_NO_MATCH);
	OUT_IS("% Unknown command or computer name, or unable to find "
	    "computer address\n");
	CU_ASSERT_EQUAL(run("foo bar"), CMD_ERR_NO_MATCH);
	CARET_IS(3);
	/* Leading blanks count for the caret. */
	CU_ASSERT_EQUAL(run("  show  foo"), CMD_ERR_NO_MATCH);
	CARET_IS(3 + 8);
	/* A handler can point at its argument. */
	CU_ASSERT_EQUAL(run("badif lo0"), CMD_ERR_NO_MATCH);
	CARET_IS(3 + 6);
	/* Config mode: a single bad word gets the caret. */
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("foo"), CMD_ERR_NO_MATCH);
	CARET_IS(11);
}

/* ---- help and completion ---------------------------------------------- */

static void
test_help(void)
{
	fresh(VIEW_NODE);
	HELP_IS("sh?", "show  \n\n");
	HELP_IS("sh ?",
	    "  clock    Display the system clock\n"
	    "  history  Display the session command history\n"
	    "  ip       IP information\n\n");
	HELP_IS("show clock ?",
	    "  detail  Display detailed information\n"
	    "  |       Output modifiers\n"
	    "  <cr>\n\n");
	HELP_IS("show clock detail ?",
	    "  |  Output modifiers\n  <cr>\n\n");
	HELP_IS("shw ?",
	    "   ^\n% Invalid input detected at '^' marker.\n\n");
	HELP_IS("show xx?", "% Unrecognized command\n");
	HELP_IS("terminal length ?",
	    "  <0-512>  Number of lines on screen (0 for no pausing)\n\n");
	HELP_IS("ping 1.1.1.1 ?",
	    "  repeat  specify repeat count\n"
	    "  source  specify source address or name\n"
	    "  <cr>\n\n");
	HELP_IS("ping ?",
	    "  WORD  Ping destination address or hostname\n\n");
	fresh(ENABLE_NODE);
	HELP_IS("s?", "show  \n\n");
	HELP_IS("show ip route ?",
	    "  A.B.C.D  Network to display information about or hostname\n"
	    "  |        Output modifiers\n"
	    "  <cr>\n\n");
	HELP_IS("show ip interface brief | ?",
	    "  begin    Begin with the line that matches\n"
	    "  count    Count number of lines which match regexp\n"
	    "  exclude  Exclude lines that match\n"
	    "  include  Include lines that match\n"
	    "  section  Filter a section of output\n\n");
	HELP_IS("show clock | include ?",
	    "  LINE  Regular Expression\n\n");
	HELP_IS("show clock | i?", "include  \n\n");
	CU_ASSERT(strncmp(help("?"), "Exec commands:\n  badif ", 23) == 0);
	fresh(CONFIG_NODE);
	HELP_IS("interface ?",
	    "  Ethernet         IEEE 802.3\n"
	    "  FastEthernet     FastEthernet IEEE 802.3\n"
	    "  GigabitEthernet  GigabitEthernet IEEE 802.3z\n"
	    "  Loopback         Loopback interface\n"
	    "  Serial           Serial\n"
	    "  Tunnel           Tunnel interface\n\n");
	HELP_IS("interface Serial ?",
	    "  <0-9>  Serial interface number\n\n");
	HELP_IS("do ?", "  LINE  Exec Command\n\n");
	HELP_IS("do sh?", "show  \n\n");
	HELP_IS("do show clock ?",
	    "  detail  Display detailed information\n"
	    "  |       Output modifiers\n"
	    "  <cr>\n\n");
	HELP_IS("hostname ?",
	    "  WORD  This system's network name\n\n");
	fresh(INTERFACE_NODE);
	HELP_IS("d?", "default  description  do  \n\n");
	HELP_IS("no ?",
	    "  ip  Interface Internet Protocol config commands\n\n");
	HELP_IS("ip address 1.1.1.1 255.0.0.0 ?",
	    "  <cr>\n\n");
	HELP_IS("description foo ?",
	    "  LINE  Up to 240 characters describing this interface\n"
	    "  <cr>\n\n");
	CU_ASSERT(strncmp(help("?"),
	    "Interface configuration commands:\n", 34) == 0);
}

static void
test_help_wrap(void)
{
	static struct cmd longhelp = { "longhelp", "A very long help text that "
	    "goes on and on past the edge of an eighty column terminal so it "
	    "wraps\n", NULL, 0, NULL };

	fresh(VIEW_NODE);
	cli_install(LINE_NODE, &longhelp);
	vty_set_node(sess, LINE_NODE);
	HELP_IS("lon ?", "  <cr>\n\n");
	CU_ASSERT(strstr(help("l?"), "longhelp") != NULL);
	/* Lines stay below 80 columns; continuation under the help. */
	help("?");
	CU_ASSERT(strstr(sb_str(&out), "  longhelp  A very long help text "
	    "that goes on and on past the edge of an\n"
	    "            eighty column terminal so it wraps\n") != NULL);
}

static void
test_complete(void)
{
	struct strbuf list = STRBUF_INIT;
	char *c;

	fresh(ENABLE_NODE);
	c = cli_complete(sess, "sh", &list);
	CU_ASSERT_STRING_EQUAL(c, "show ");
	free(c);
	c = cli_complete(sess, "sh ip int br", &list);
	CU_ASSERT_STRING_EQUAL(c, "sh ip int brief ");
	free(c);
	c = cli_complete(sess, "sh ip", &list);
	CU_ASSERT_STRING_EQUAL(c, "sh ip ");
	free(c);
	CU_ASSERT_PTR_NULL(cli_complete(sess, "sh c", &list));
	CU_ASSERT_STRING_EQUAL(sb_str(&list), "clock  crypto");
	sb_reset(&list);
	CU_ASSERT_PTR_NULL(cli_complete(sess, "sh ip route 1.1", &list));
	CU_ASSERT_PTR_NULL(cli_complete(sess, "shw ip", &list));
	CU_ASSERT_PTR_NULL(cli_complete(sess, "show ", &list));
	c = cli_complete(sess, "show clock | inc", &list);
	CU_ASSERT_STRING_EQUAL(c, "show clock | include ");
	free(c);
	fresh(CONFIG_NODE);
	c = cli_complete(sess, "do sh", &list);
	CU_ASSERT_STRING_EQUAL(c, "do show ");
	free(c);
	c = cli_complete(sess, "int se", &list);
	CU_ASSERT_STRING_EQUAL(c, "int Serial ");
	free(c);
	sb_free(&list);
}

/* ---- modes ----------------------------------------------------------------- */

static void
test_modes(void)
{
	fresh(VIEW_NODE);
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R1>");
	CU_ASSERT_EQUAL(run("show ip route"), CMD_ERR_NO_MATCH);
	CU_ASSERT_EQUAL(run("en"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R1#");
	CU_ASSERT_EQUAL(run("conf t"), CMD_SUCCESS);
	OUT_IS("Enter configuration commands, one per line.  "
	    "End with CNTL/Z.\n");
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R1(config)#");
	CU_ASSERT_EQUAL(run("hostname R9"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R9(config)#");
	run("hostname R1");
	exit_calls = 0;
	CU_ASSERT_EQUAL(run("interface se1/0"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R1(config-if)#");
	CU_ASSERT_EQUAL(run("exit"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(exit_calls, 1);
	CU_ASSERT_STRING_EQUAL(vty_prompt(sess), "R1(config)#");
	CU_ASSERT_EQUAL(run("exit"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(vty_node(sess), ENABLE_NODE);
	run("conf t");
	run("int lo0");
	CU_ASSERT_EQUAL(run("end"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(exit_calls, 2);
	CU_ASSERT_EQUAL(vty_node(sess), ENABLE_NODE);
	CU_ASSERT_STRING_EQUAL(vty_context_of(sess, INTERFACE_NODE), "");
	/* Ctrl-Z */
	run("conf t");
	run("int lo0");
	cli_end(sess);
	CU_ASSERT_EQUAL(vty_node(sess), ENABLE_NODE);
	cli_end(sess);
	CU_ASSERT_EQUAL(vty_node(sess), ENABLE_NODE);
	CU_ASSERT_EQUAL(run("end"), CMD_ERR_NO_MATCH);
	CU_ASSERT_EQUAL(run("disable"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(vty_node(sess), VIEW_NODE);
	CU_ASSERT_EQUAL(run("exit"), CMD_EXIT);
	CU_ASSERT_EQUAL(run("logout"), CMD_EXIT);
	/* `configure` asks where from. */
	fresh(ENABLE_NODE);
	getline_next = 0;
	getline_answers[0] = "";
	getline_answers[1] = NULL;
	CU_ASSERT_EQUAL(run("configure"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(vty_node(sess), CONFIG_NODE);
}

static void
test_enable_secret(void)
{
	fresh(VIEW_NODE);
	rtr.enable_secret = "cisco";
	getline_next = 0;
	getline_answers[0] = "wrong";
	getline_answers[1] = "cisco";
	getline_answers[2] = NULL;
	CU_ASSERT_EQUAL(run("enable"), CMD_SUCCESS);
	OUT_IS("Password: Password: ");
	CU_ASSERT_EQUAL(vty_node(sess), ENABLE_NODE);
	run("disable");
	getline_next = 0;
	getline_answers[0] = "a";
	getline_answers[1] = "b";
	getline_answers[2] = "c";
	getline_answers[3] = NULL;
	CU_ASSERT_EQUAL(run("enable"), CMD_WARNING);
	OUT_IS("Password: Password: Password: % Bad secrets\n\n");
	CU_ASSERT_EQUAL(vty_node(sess), VIEW_NODE);
	rtr.enable_secret = NULL;
}

static void
test_walkup(void)
{
	fresh(CONFIG_NODE);
	run("interface se1/0");
	exit_calls = 0;
	/* A global command typed in config-if runs in config. */
	CU_ASSERT_EQUAL(run("ip route 0.0.0.0 0.0.0.0 10.1.1.2"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args,
	    "[ip][route][0.0.0.0][0.0.0.0][10.1.1.2]");
	CU_ASSERT_EQUAL(vty_node(sess), CONFIG_NODE);
	CU_ASSERT_EQUAL(exit_calls, 1);
	/* `interface` in config-if switches interfaces. */
	run("interface se1/0");
	CU_ASSERT_EQUAL(run("interface lo0"), CMD_SUCCESS);
	CU_ASSERT_EQUAL(vty_node(sess), INTERFACE_NODE);
	CU_ASSERT_STRING_EQUAL(vty_context(sess), "Loopback0");
	CU_ASSERT_STRING_EQUAL(vty_context_of(sess, CONFIG_NODE), "");
	/* Interface commands stay. */
	CU_ASSERT_EQUAL(run("ip address 1.1.1.1 255.255.255.255"),
	    CMD_SUCCESS);
	CU_ASSERT_EQUAL(vty_node(sess), INTERFACE_NODE);
	/* Nothing matches anywhere: error, mode kept. */
	CU_ASSERT_EQUAL(run("ip adress 1.1.1.1"), CMD_ERR_NO_MATCH);
	CARET_IS(14 + 3);
	CU_ASSERT_EQUAL(vty_node(sess), INTERFACE_NODE);
	/* Incomplete in the parent is reported as such. */
	CU_ASSERT_EQUAL(run("ip route 1.1.1.0"), CMD_ERR_INCOMPLETE);
	CU_ASSERT_EQUAL(vty_node(sess), INTERFACE_NODE);
}

static void
test_do_and_no(void)
{
	fresh(CONFIG_NODE);
	CU_ASSERT_EQUAL(run("do show clock"), CMD_SUCCESS);
	OUT_IS("*00:00:00.000 UTC Mon Mar 1 1993\n");
	CU_ASSERT_EQUAL(vty_node(sess), CONFIG_NODE);
	CU_ASSERT_EQUAL(run("do shw ip"), CMD_ERR_NO_MATCH);
	CARET_IS(11 + 3);
	CU_ASSERT_EQUAL(run("do sh ip int br | inc Loop"), CMD_SUCCESS);
	OUT_IS("Loopback0       1.1.1.1\n");
	CU_ASSERT_EQUAL(run("do"), CMD_ERR_INCOMPLETE);
	fresh(INTERFACE_NODE);
	CU_ASSERT_EQUAL(run("no ip address"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[no][ip][address]");
	CU_ASSERT_EQUAL(run("default ip addr"), CMD_SUCCESS);
	CU_ASSERT_STRING_EQUAL(last_args, "[default][ip][address]");
	CU_ASSERT_EQUAL(run("d ip address"), CMD_ERR_AMBIGUOUS);
	{
		const char *a1[] = { "no", "ip" }, *a2[] = { "ip", "no" };

		CU_ASSERT(cli_is_no(2, a1));
		CU_ASSERT(!cli_is_no(2, a2));
		CU_ASSERT_EQUAL(cli_argv_find(2, a2, "no"), 1);
		CU_ASSERT_EQUAL(cli_argv_find(2, a2, "x"), -1);
	}
	/* `default` is not an exec word. */
	fresh(ENABLE_NODE);
	CU_ASSERT_EQUAL(run("do show clock"), CMD_ERR_NO_MATCH);
}

/* ---- output ---------------------------------------------------------------- */

static void
test_filters(void)
{
	fresh(ENABLE_NODE);
	run("show text | include address");
	OUT_IS(" ip address 10.1.1.1 255.255.255.0\n"
	    " ip address 1.1.1.1 255.255.255.255\n");
	run("show text | exclude ^ |^interface");
	OUT_IS("hostname R1\nrouter x\nip route 0.0.0.0 0.0.0.0 10.1.1.2\n");
	run("show text | begin Loopback");
	OUT_IS("interface Loopback0\n"
	    " ip address 1.1.1.1 255.255.255.255\n"
	    "router x\n network 10.0.0.0\n  area 0\n  cost 5\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.1.2\n");
	run("show text | count address");
	OUT_IS("Number of lines which match regexp = 2\n");
	run("show text | count ^interface | include x");
	OUT_IS("Number of lines which match regexp = 2\n");
	/* Chained; `|` without blank before it stays in the regex. */
	run("show text | include address|hostname | exclude 1.1.1.1");
	OUT_IS("hostname R1\n ip address 10.1.1.1 255.255.255.0\n");
	/* IOS `_`. */
	run("show text | include _0_");
	OUT_IS("  area 0\n");
	/* Bad filter word. */
	CU_ASSERT_EQUAL(run("show text | foo x"), CMD_ERR_NO_MATCH);
	CARET_IS(3 + 12);
	CU_ASSERT_EQUAL(run("show text | include"), CMD_ERR_INCOMPLETE);
	CU_ASSERT_EQUAL(run("show text |"), CMD_ERR_INCOMPLETE);
}

static void
test_section(void)
{
	fresh(ENABLE_NODE);
	/* Headers that match bring their children. */
	run("show text | section ^interface");
	OUT_IS("interface Serial1/0\n"
	    " description uplink\n"
	    " ip address 10.1.1.1 255.255.255.0\n"
	    "interface Loopback0\n"
	    " ip address 1.1.1.1 255.255.255.255\n");
	/* A child that matches prints alone, without its parent or
	 * siblings (IOS: `show ip traffic | section Frags` shows only the
	 * Frags lines, not "IP statistics:"). */
	run("show text | section ip address");
	OUT_IS(" ip address 10.1.1.1 255.255.255.0\n"
	    " ip address 1.1.1.1 255.255.255.255\n");
	run("show text | section cost");
	OUT_IS("  cost 5\n");
	/* A matched child brings its own children. */
	run("show text | section network");
	OUT_IS(" network 10.0.0.0\n  area 0\n  cost 5\n");
}

static void
test_pager(void)
{
	fresh(ENABLE_NODE);
	vty_set_getkey(sess, fake_getkey, NULL);
	vty_set_pager(sess, true);
	vty_set_term_length(sess, 4);
	keys = " \nq";
	run("show lines 10");
	/* 3 lines, --More--, space: 3 more, --More--, Enter: 1 more,
	 * --More--, q. */
	CU_ASSERT(strncmp(sb_str(&out), "line 1\nline 2\nline 3\n --More-- ",
	    31) == 0);
	CU_ASSERT(strstr(sb_str(&out), "line 6\n --More-- ") != NULL);
	CU_ASSERT(strstr(sb_str(&out), "line 7\n --More-- ") != NULL);
	CU_ASSERT(strstr(sb_str(&out), "line 8") == NULL);
	/* Counting restarts per command; output that fits asks nothing. */
	run("show lines 3");
	OUT_IS("line 1\nline 2\nline 3\n");
	/* terminal length 0: no paging. */
	run("terminal length 0");
	CU_ASSERT_EQUAL(vty_term_length(sess), 0);
	run("show lines 30");
	CU_ASSERT(strstr(sb_str(&out), "More") == NULL);
	/* Paging off (scripts). */
	vty_set_term_length(sess, 4);
	vty_set_pager(sess, false);
	run("show lines 30");
	CU_ASSERT(strstr(sb_str(&out), "More") == NULL);
}

static void
test_timestamp_history(void)
{
	int i;
	char line[32];

	fresh(ENABLE_NODE);
	CU_ASSERT_EQUAL(run("terminal exec prompt timestamp"), CMD_SUCCESS);
	run("show clock");
	CU_ASSERT(starts(sb_str(&out), "Load for five secs: 0%/0%; one "
	    "minute: 0%; five minutes: 0%\nTime source is hardware calendar, *"));
	CU_ASSERT(strstr(sb_str(&out), " UTC ") != NULL);
	CU_ASSERT(strstr(sb_str(&out), "\n\n*00:00:00.000") != NULL);
	/* Not for non-show commands. */
	run("ping x");
	OUT_IS("");
	run("terminal no exec prompt timestamp");
	run("show clock");
	OUT_IS("*00:00:00.000 UTC Mon Mar 1 1993\n");

	fresh(ENABLE_NODE);
	for (i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "ping h%d", i);
		run(line);
	}
	run("sh history");
	OUT_IS("  ping h3\n  ping h4\n  ping h5\n  ping h6\n  ping h7\n"
	    "  ping h8\n  ping h9\n  ping h10\n  ping h11\n  sh history\n");
}

static void
test_running_config(void)
{
	char *rc;
	const char *body;
	size_t n;

	fresh(ENABLE_NODE);
	rc = cli_running_config(&rtr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rc);
	body = strstr(rc, "!\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	n = strlen(body);
	{
		char head[96];

		snprintf(head, sizeof(head), "Building configuration...\n\n"
		    "Current configuration : %zu bytes\n", n);
		CU_ASSERT(strncmp(rc, head, strlen(head)) == 0);
	}
	CU_ASSERT_STRING_EQUAL(body,
	    "!\n"
	    "version 15.2\n"
	    "service timestamps log datetime msec\n"
	    "!\n"
	    "hostname R1\n"
	    "!\n"
	    "interface Loopback0\n"
	    " no ip address\n"
	    "!\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.1.2\n"
	    "!\n"
	    "end\n");
	free(rc);
	run("show running-config | include ^hostname");
	OUT_IS("hostname R1\n");
	run("show running-config");
	CU_ASSERT(strstr(sb_str(&out), "end\n\n") != NULL);
	CU_ASSERT_EQUAL(run("show running-config interface lo0"),
	    CMD_ERR_NO_MATCH);
	CARET_IS(3 + 30);
}

static void
test_grammar(void)
{
	struct strbuf rep = STRBUF_INIT;
	int n = cli_check_grammar(&rep);

	if (n != 0)
		fprintf(stderr, "%s", sb_str(&rep));
	CU_ASSERT_EQUAL(n, 0);
	sb_free(&rep);
}

int
main(void)
{
	CU_pSuite s;
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cli", setup, teardown);
	CU_add_test(s, "abbreviations", test_abbrev);
	CU_add_test(s, "typed values", test_values);
	CU_add_test(s, "errors and caret", test_errors);
	CU_add_test(s, "? help", test_help);
	CU_add_test(s, "help wrapping", test_help_wrap);
	CU_add_test(s, "TAB completion", test_complete);
	CU_add_test(s, "modes", test_modes);
	CU_add_test(s, "enable secret", test_enable_secret);
	CU_add_test(s, "walk-up", test_walkup);
	CU_add_test(s, "do and no", test_do_and_no);
	CU_add_test(s, "filters", test_filters);
	CU_add_test(s, "section", test_section);
	CU_add_test(s, "pager", test_pager);
	CU_add_test(s, "timestamp and history", test_timestamp_history);
	CU_add_test(s, "running-config", test_running_config);
	CU_add_test(s, "grammar self-check", test_grammar);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed() +
	    CU_get_number_of_failures();
	printf("%u passed, %u failed\n", CU_get_number_of_tests_run() -
	    CU_get_number_of_tests_failed(), CU_get_number_of_tests_failed());
	CU_cleanup_registry();
	return failed != 0;
}
