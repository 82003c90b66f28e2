/* ACL entry parsing and printing, shared by numbered (`access-list 101
 * ...`) and named (`ip access-list extended X` then `permit ...`) forms.
 * The command grammar has already checked the word shapes; this file
 * still validates everything so a direct caller (tests, fuzzers, config
 * load) cannot build a bad rule. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl_priv.h"
#include "ipv4.h"

const struct acl_name_num acl_protos[] = {
	{ "ahp",	51,	"Authentication Header Protocol" },
	{ "eigrp",	88,	"Cisco's EIGRP routing protocol" },
	{ "esp",	50,	"Encapsulation Security Payload" },
	{ "gre",	47,	"Cisco's GRE tunneling" },
	{ "icmp",	1,	"Internet Control Message Protocol" },
	{ "igmp",	2,	"Internet Gateway Message Protocol" },
	{ "ip",		ACL_PROTO_IP, "Any Internet Protocol" },
	{ "ipinip",	94,	"IP in IP tunneling" },
	{ "nos",	4,	"KA9Q NOS compatible IP over IP tunneling" },
	{ "ospf",	89,	"OSPF routing protocol" },
	{ "pcp",	108,	"Payload Compression Protocol" },
	{ "pim",	103,	"Protocol Independent Multicast" },
	{ "tcp",	6,	"Transmission Control Protocol" },
	{ "udp",	17,	"User Datagram Protocol" },
	{ NULL, 0, NULL }
};

const struct acl_name_num acl_tcp_ports[] = {
	{ "bgp",	179,	"Border Gateway Protocol (179)" },
	{ "chargen",	19,	"Character generator (19)" },
	{ "cmd",	514,	"Remote commands (rcmd, 514)" },
	{ "daytime",	13,	"Daytime (13)" },
	{ "discard",	9,	"Discard (9)" },
	{ "domain",	53,	"Domain Name Service (53)" },
	{ "drip",	3949,	"Dynamic Routing Information Protocol (3949)" },
	{ "echo",	7,	"Echo (7)" },
	{ "exec",	512,	"Exec (rsh, 512)" },
	{ "finger",	79,	"Finger (79)" },
	{ "ftp",	21,	"File Transfer Protocol (21)" },
	{ "ftp-data",	20,	"FTP data connections (20)" },
	{ "gopher",	70,	"Gopher (70)" },
	{ "hostname",	101,	"NIC hostname server (101)" },
	{ "ident",	113,	"Ident Protocol (113)" },
	{ "irc",	194,	"Internet Relay Chat (194)" },
	{ "klogin",	543,	"Kerberos login (543)" },
	{ "kshell",	544,	"Kerberos shell (544)" },
	{ "login",	513,	"Login (rlogin, 513)" },
	{ "lpd",	515,	"Printer service (515)" },
	{ "nntp",	119,	"Network News Transport Protocol (119)" },
	{ "pim-auto-rp", 496,	"PIM Auto-RP (496)" },
	{ "pop2",	109,	"Post Office Protocol v2 (109)" },
	{ "pop3",	110,	"Post Office Protocol v3 (110)" },
	{ "smtp",	25,	"Simple Mail Transport Protocol (25)" },
	{ "sunrpc",	111,	"Sun Remote Procedure Call (111)" },
	{ "tacacs",	49,	"TAC Access Control System (49)" },
	{ "talk",	517,	"Talk (517)" },
	{ "telnet",	23,	"Telnet (23)" },
	{ "time",	37,	"Time (37)" },
	{ "uucp",	540,	"Unix-to-Unix Copy Program (540)" },
	{ "whois",	43,	"Nicname (43)" },
	{ "www",	80,	"World Wide Web (HTTP, 80)" },
	{ NULL, 0, NULL }
};

const struct acl_name_num acl_udp_ports[] = {
	{ "biff",	512,	"Biff (mail notification, comsat, 512)" },
	{ "bootpc",	68,	"Bootstrap Protocol (BOOTP) client (68)" },
	{ "bootps",	67,	"Bootstrap Protocol (BOOTP) server (67)" },
	{ "discard",	9,	"Discard (9)" },
	{ "dnsix",	195,	"DNSIX security protocol auditing (195)" },
	{ "domain",	53,	"Domain Name Service (DNS, 53)" },
	{ "echo",	7,	"Echo (7)" },
	{ "isakmp",	500,	"Internet Security Association and Key Management Protocol (500)" },
	{ "mobile-ip",	434,	"Mobile IP registration (434)" },
	{ "nameserver",	42,	"IEN116 name service (obsolete, 42)" },
	{ "netbios-dgm", 138,	"NetBios datagram service (138)" },
	{ "netbios-ns",	137,	"NetBios name service (137)" },
	{ "netbios-ss",	139,	"NetBios session service (139)" },
	{ "non500-isakmp", 4500, "Internet Security Association and Key Management Protocol (4500)" },
	{ "ntp",	123,	"Network Time Protocol (123)" },
	{ "pim-auto-rp", 496,	"PIM Auto-RP (496)" },
	{ "rip",	520,	"Routing Information Protocol (router, in.routed, 520)" },
	{ "snmp",	161,	"Simple Network Management Protocol (161)" },
	{ "snmptrap",	162,	"SNMP Traps (162)" },
	{ "sunrpc",	111,	"Sun Remote Procedure Call (111)" },
	{ "syslog",	514,	"System Logger (514)" },
	{ "tacacs",	49,	"TAC Access Control System (49)" },
	{ "talk",	517,	"Talk (517)" },
	{ "tftp",	69,	"Trivial File Transfer Protocol (69)" },
	{ "time",	37,	"Time (37)" },
	{ "who",	513,	"Who service (rwho, 513)" },
	{ "xdmcp",	177,	"X Display Manager Control Protocol (177)" },
	{ NULL, 0, NULL }
};

/* Sorted by name as IOS lists them under `?`.  Printing prefers the
 * entry whose (type, code) matches exactly. */
const struct acl_icmp_name acl_icmp_names[] = {
	{ "administratively-prohibited", 3, 13, "Administratively prohibited" },
	{ "alternate-address",	6, -1,	"Alternate address" },
	{ "conversion-error",	31, -1,	"Datagram conversion" },
	{ "dod-host-prohibited", 3, 10,	"Host prohibited" },
	{ "dod-net-prohibited",	3, 9,	"Net prohibited" },
	{ "echo",		8, -1,	"Echo (ping)" },
	{ "echo-reply",		0, -1,	"Echo reply" },
	{ "general-parameter-problem", 12, 0, "Parameter problem" },
	{ "host-isolated",	3, 8,	"Host isolated" },
	{ "host-precedence-unreachable", 3, 14, "Host unreachable for precedence" },
	{ "host-redirect",	5, 1,	"Host redirect" },
	{ "host-tos-redirect",	5, 3,	"Host redirect for TOS" },
	{ "host-tos-unreachable", 3, 12, "Host unreachable for TOS" },
	{ "host-unknown",	3, 7,	"Host unknown" },
	{ "host-unreachable",	3, 1,	"Host unreachable" },
	{ "information-reply",	16, -1,	"Information replies" },
	{ "information-request", 15, -1, "Information requests" },
	{ "mask-reply",		18, -1,	"Mask replies" },
	{ "mask-request",	17, -1,	"Mask requests" },
	{ "mobile-redirect",	32, -1,	"Mobile host redirect" },
	{ "net-redirect",	5, 0,	"Network redirect" },
	{ "net-tos-redirect",	5, 2,	"Net redirect for TOS" },
	{ "net-tos-unreachable", 3, 11,	"Network unreachable for TOS" },
	{ "net-unreachable",	3, 0,	"Net unreachable" },
	{ "network-unknown",	3, 6,	"Network unknown" },
	{ "no-room-for-option",	12, 2,	"Parameter required but no room" },
	{ "option-missing",	12, 1,	"Parameter required but not present" },
	{ "packet-too-big",	3, 4,	"Fragmentation needed and DF set" },
	{ "parameter-problem",	12, -1,	"All parameter problems" },
	{ "port-unreachable",	3, 3,	"Port unreachable" },
	{ "precedence-unreachable", 3, 15, "Precedence cutoff" },
	{ "protocol-unreachable", 3, 2,	"Protocol unreachable" },
	{ "reassembly-timeout",	11, 1,	"Reassembly timeout" },
	{ "redirect",		5, -1,	"All redirects" },
	{ "router-advertisement", 9, -1, "Router discovery advertisements" },
	{ "router-solicitation", 10, -1, "Router discovery solicitations" },
	{ "source-quench",	4, -1,	"Source quenches" },
	{ "source-route-failed", 3, 5,	"Source route failed" },
	{ "time-exceeded",	11, -1,	"All time exceededs" },
	{ "timestamp-reply",	14, -1,	"Timestamp replies" },
	{ "timestamp-request",	13, -1,	"Timestamp requests" },
	{ "traceroute",		30, -1,	"Traceroute" },
	{ "ttl-exceeded",	11, 0,	"TTL exceeded" },
	{ "unreachable",	3, -1,	"All unreachables" },
	{ NULL, 0, 0, NULL }
};

static bool
parse_num(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool
acl_proto_parse(const char *word, int *proto)
{
	long	v;
	int	i;

	for (i = 0; acl_protos[i].name != NULL; i++)
		if (strcmp(word, acl_protos[i].name) == 0) {
			*proto = acl_protos[i].num;
			return true;
		}
	if (!parse_num(word, 0, 255, &v))
		return false;
	*proto = (int)v;
	return true;
}

const char *
acl_proto_name(int proto)
{
	int	i;

	for (i = 0; acl_protos[i].name != NULL; i++)
		if (acl_protos[i].num == proto)
			return acl_protos[i].name;
	return NULL;
}

static const struct acl_name_num *
port_table(int proto)
{
	if (proto == 6)
		return acl_tcp_ports;
	if (proto == 17)
		return acl_udp_ports;
	return NULL;
}

bool
acl_port_parse(int proto, const char *word, uint16_t *port)
{
	const struct acl_name_num *t = port_table(proto);
	long	v;
	int	i;

	if (parse_num(word, 0, 65535, &v)) {
		*port = (uint16_t)v;
		return true;
	}
	for (i = 0; t != NULL && t[i].name != NULL; i++)
		if (strcmp(word, t[i].name) == 0) {
			*port = (uint16_t)t[i].num;
			return true;
		}
	return false;
}

const char *
acl_port_name(int proto, uint16_t port)
{
	const struct acl_name_num *t = port_table(proto);
	int	i;

	/* tcp 514 is "cmd" in IOS; the table order picks the first. */
	for (i = 0; t != NULL && t[i].name != NULL; i++)
		if (t[i].num == port)
			return t[i].name;
	return NULL;
}

bool
acl_icmp_parse(const char *word, int *type, int *code)
{
	int	i;

	for (i = 0; acl_icmp_names[i].name != NULL; i++)
		if (strcmp(word, acl_icmp_names[i].name) == 0) {
			*type = acl_icmp_names[i].type;
			*code = acl_icmp_names[i].code;
			return true;
		}
	return false;
}

const char *
acl_icmp_name(int type, int code)
{
	int	i;

	for (i = 0; acl_icmp_names[i].name != NULL; i++)
		if (acl_icmp_names[i].type == type &&
		    acl_icmp_names[i].code == code)
			return acl_icmp_names[i].name;
	return NULL;
}

static const char *const E_INVALID = "Invalid input";
static const char *const E_INCOMPLETE = "Incomplete command";

/* `A.B.C.D WILD` | `host A.B.C.D` | `any`; standard lists also accept a
 * bare address (= host).  Advances *i. */
static int
parse_addr(int argc, const char **argv, int *i, bool standard,
    uint32_t *addr, uint32_t *wild, int *errpos, const char **err)
{
	if (*i >= argc)
		goto incomplete;
	if (strcmp(argv[*i], "any") == 0) {
		*addr = 0;
		*wild = 0xffffffffu;
		(*i)++;
		return 0;
	}
	if (strcmp(argv[*i], "host") == 0) {
		(*i)++;
		if (*i >= argc)
			goto incomplete;
		if (!ip_aton(argv[*i], addr))
			goto invalid;
		*wild = 0;
		(*i)++;
		return 0;
	}
	if (!ip_aton(argv[*i], addr))
		goto invalid;
	(*i)++;
	if (*i < argc && ip_aton(argv[*i], wild)) {
		(*i)++;
	} else if (standard) {
		*wild = 0;
	} else
		goto incomplete_or_invalid;
	*addr &= ~*wild;
	return 0;
incomplete_or_invalid:
	if (*i < argc)
		goto invalid;
incomplete:
	*errpos = argc;
	*err = E_INCOMPLETE;
	return -1;
invalid:
	*errpos = *i;
	*err = E_INVALID;
	return -1;
}

static int
parse_action(const char *w, struct acl_rule *r)
{
	if (strcmp(w, "permit") == 0)
		r->permit = true;
	else if (strcmp(w, "deny") == 0)
		r->permit = false;
	else
		return -1;
	return 0;
}

static void
rule_init(struct acl_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->proto = ACL_PROTO_IP;
	r->icmp_type = -1;
	r->icmp_code = -1;
}

int
acl_parse_std(int argc, const char **argv, struct acl_rule *r, int *errpos,
    const char **err)
{
	int	i = 0;

	rule_init(r);
	r->dst_wild = 0xffffffffu;
	if (argc < 1) {
		*errpos = 0;
		*err = E_INCOMPLETE;
		return -1;
	}
	if (parse_action(argv[0], r) < 0) {
		*errpos = 0;
		*err = E_INVALID;
		return -1;
	}
	i = 1;
	if (parse_addr(argc, argv, &i, true, &r->src, &r->src_wild, errpos,
	    err) < 0)
		return -1;
	if (i < argc && strcmp(argv[i], "log") == 0) {
		r->log = true;
		i++;
	}
	if (i < argc) {
		*errpos = i;
		*err = E_INVALID;
		return -1;
	}
	return 0;
}

static int
parse_ports(int argc, const char **argv, int *i, int proto,
    struct acl_portspec *ps, int *errpos, const char **err)
{
	static const char *const ops[] = { "", "eq", "neq", "gt", "lt",
	    "range" };
	int	op, nargs;

	ps->op = PORT_ANY;
	if (*i >= argc)
		return 0;
	for (op = PORT_EQ; op <= PORT_RANGE; op++)
		if (strcmp(argv[*i], ops[op]) == 0)
			break;
	if (op > PORT_RANGE)
		return 0;
	nargs = op == PORT_RANGE ? 2 : 1;
	if (*i + nargs >= argc) {
		*errpos = argc;
		*err = E_INCOMPLETE;
		return -1;
	}
	if (!acl_port_parse(proto, argv[*i + 1], &ps->lo)) {
		*errpos = *i + 1;
		*err = E_INVALID;
		return -1;
	}
	if (op == PORT_RANGE) {
		if (!acl_port_parse(proto, argv[*i + 2], &ps->hi)) {
			*errpos = *i + 2;
			*err = E_INVALID;
			return -1;
		}
		if (ps->hi < ps->lo) {
			uint16_t t = ps->lo;
			ps->lo = ps->hi;
			ps->hi = t;
		}
	} else
		ps->hi = ps->lo;
	ps->op = (uint8_t)op;
	*i += 1 + nargs;
	return 0;
}

int
acl_parse_ext(int argc, const char **argv, struct acl_rule *r, int *errpos,
    const char **err)
{
	bool	l4;
	long	v;
	int	i;

	rule_init(r);
	if (argc < 2) {
		*errpos = argc;
		*err = E_INCOMPLETE;
		return -1;
	}
	if (parse_action(argv[0], r) < 0) {
		*errpos = 0;
		*err = E_INVALID;
		return -1;
	}
	if (!acl_proto_parse(argv[1], &r->proto)) {
		*errpos = 1;
		*err = E_INVALID;
		return -1;
	}
	/* Ports only with the keywords tcp/udp, as in the IOS grammar. */
	l4 = strcmp(argv[1], "tcp") == 0 || strcmp(argv[1], "udp") == 0;
	i = 2;
	if (parse_addr(argc, argv, &i, false, &r->src, &r->src_wild, errpos,
	    err) < 0)
		return -1;
	if (l4 && parse_ports(argc, argv, &i, r->proto, &r->sport, errpos,
	    err) < 0)
		return -1;
	if (parse_addr(argc, argv, &i, false, &r->dst, &r->dst_wild, errpos,
	    err) < 0)
		return -1;
	if (l4 && parse_ports(argc, argv, &i, r->proto, &r->dport, errpos,
	    err) < 0)
		return -1;
	if (strcmp(argv[1], "icmp") == 0 && i < argc) {
		if (acl_icmp_parse(argv[i], &r->icmp_type, &r->icmp_code)) {
			i++;
		} else if (parse_num(argv[i], 0, 255, &v)) {
			r->icmp_type = (int)v;
			i++;
			if (i < argc && parse_num(argv[i], 0, 255, &v)) {
				r->icmp_code = (int)v;
				i++;
			}
		}
	}
	if (strcmp(argv[1], "tcp") == 0 && i < argc &&
	    strcmp(argv[i], "established") == 0) {
		r->established = true;
		i++;
	}
	if (i < argc && strcmp(argv[i], "log") == 0) {
		r->log = true;
		i++;
	}
	if (i < argc) {
		*errpos = i;
		*err = E_INVALID;
		return -1;
	}
	return 0;
}

static void
fmt_addr(struct strbuf *sb, uint32_t a, uint32_t w)
{
	char	b1[16], b2[16];

	if (w == 0xffffffffu)
		sb_puts(sb, "any");
	else if (w == 0)
		sb_printf(sb, "host %s", ip_ntoa(a, b1));
	else
		sb_printf(sb, "%s %s", ip_ntoa(a, b1), ip_ntoa(w, b2));
}

static void
fmt_port(struct strbuf *sb, int proto, uint16_t p)
{
	const char *n = acl_port_name(proto, p);

	if (n != NULL)
		sb_printf(sb, " %s", n);
	else
		sb_printf(sb, " %u", (unsigned)p);
}

static void
fmt_ports(struct strbuf *sb, int proto, const struct acl_portspec *ps)
{
	static const char *const ops[] = { "", "eq", "neq", "gt", "lt",
	    "range" };

	if (ps->op == PORT_ANY || ps->op > PORT_RANGE)
		return;
	sb_printf(sb, " %s", ops[ps->op]);
	fmt_port(sb, proto, ps->lo);
	if (ps->op == PORT_RANGE)
		fmt_port(sb, proto, ps->hi);
}

void
acl_rule_format(const struct acl_rule *r, bool extended, bool config,
    struct strbuf *sb)
{
	const char *name;
	char	 b1[16], b2[16];

	/* Standard lists always pad "deny" to the width of "permit";
	 * extended lists only in the running-config. */
	if (r->permit)
		sb_puts(sb, "permit ");
	else if (!extended || config)
		sb_puts(sb, "deny   ");
	else
		sb_puts(sb, "deny ");
	if (!extended) {
		if (r->src_wild == 0xffffffffu)
			sb_puts(sb, "any");
		else if (r->src_wild == 0)
			sb_puts(sb, ip_ntoa(r->src, b1));
		else if (config)
			sb_printf(sb, "%s %s", ip_ntoa(r->src, b1),
			    ip_ntoa(r->src_wild, b2));
		else
			sb_printf(sb, "%s, wildcard bits %s",
			    ip_ntoa(r->src, b1), ip_ntoa(r->src_wild, b2));
		if (r->log)
			sb_puts(sb, " log");
		return;
	}
	name = acl_proto_name(r->proto);
	if (name != NULL)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%d", r->proto);
	sb_puts(sb, " ");
	fmt_addr(sb, r->src, r->src_wild);
	fmt_ports(sb, r->proto, &r->sport);
	sb_puts(sb, " ");
	fmt_addr(sb, r->dst, r->dst_wild);
	fmt_ports(sb, r->proto, &r->dport);
	if (r->icmp_type >= 0) {
		name = acl_icmp_name(r->icmp_type, r->icmp_code);
		if (name != NULL)
			sb_printf(sb, " %s", name);
		else if (r->icmp_code >= 0)
			sb_printf(sb, " %d %d", r->icmp_type, r->icmp_code);
		else
			sb_printf(sb, " %d", r->icmp_type);
	}
	if (r->established)
		sb_puts(sb, " established");
	if (r->log)
		sb_puts(sb, " log");
}

bool
acl_rule_equal(const struct acl_rule *a, const struct acl_rule *b)
{
	return a->permit == b->permit && a->proto == b->proto &&
	    a->src == b->src && a->src_wild == b->src_wild &&
	    a->dst == b->dst && a->dst_wild == b->dst_wild &&
	    a->sport.op == b->sport.op && a->sport.lo == b->sport.lo &&
	    a->sport.hi == b->sport.hi && a->dport.op == b->dport.op &&
	    a->dport.lo == b->dport.lo && a->dport.hi == b->dport.hi &&
	    a->icmp_type == b->icmp_type && a->icmp_code == b->icmp_code &&
	    a->established == b->established && a->log == b->log;
}
