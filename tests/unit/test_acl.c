/* ACL engine: parsing of every entry form, evaluation (addresses, ports,
 * ICMP, established, fragments), counters, show and running-config text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "acl_priv.h"
#include "cli.h"
#include "iface.h"
#include "ipv4.h"
#include "lab.h"
#include "netsim.h"
#include "pkt.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static struct router *
mkrouter(void)
{
	struct router *r = calloc(1, sizeof(*r));

	snprintf(r->name, sizeof(r->name), "R1");
	snprintf(r->hostname, sizeof(r->hostname), "R1");
	acl_router_init(r);
	return r;
}

static void
rmrouter(struct router *r)
{
	acl_router_free(r);
	free(r);
}

/* Split a line into words (modifies a copy). */
static int
words(const char *line, char *buf, size_t buflen, const char **argv, int max)
{
	int	 n = 0;
	char	*p;

	snprintf(buf, buflen, "%s", line);
	for (p = strtok(buf, " "); p != NULL && n < max; p = strtok(NULL, " "))
		argv[n++] = p;
	return n;
}

static int
add(struct router *r, const char *name, bool ext, int seq, const char *line)
{
	struct acl_rule rule;
	const char *argv[64], *err = NULL;
	char	 buf[512];
	struct acl *a;
	int	 argc, pos;

	argc = words(line, buf, sizeof(buf), argv, 64);
	if ((ext ? acl_parse_ext(argc, argv, &rule, &pos, &err) :
	    acl_parse_std(argc, argv, &rule, &pos, &err)) < 0)
		return -100 - pos;
	if ((a = acl_get(r, name, ext, &err)) == NULL)
		return -2;
	return acl_add_rule(a, seq, &rule, &err);
}

/* The show text of one rule. */
static char *
fmt(const char *line, bool ext, bool config)
{
	struct acl_rule rule;
	struct strbuf sb = STRBUF_INIT;
	const char *argv[64], *err = NULL;
	char	 buf[512];
	int	 argc, pos;

	argc = words(line, buf, sizeof(buf), argv, 64);
	if ((ext ? acl_parse_ext(argc, argv, &rule, &pos, &err) :
	    acl_parse_std(argc, argv, &rule, &pos, &err)) < 0) {
		sb_puts(&sb, "PARSE ERROR");
		return sb_steal(&sb);
	}
	acl_rule_format(&rule, ext, config, &sb);
	return sb_steal(&sb);
}

#define FMT_EQ(line, ext, config, want) do {				\
	char *s_ = fmt(line, ext, config);				\
	CU_ASSERT_STRING_EQUAL(s_, want);				\
	if (strcmp(s_, want) != 0)					\
		fprintf(stderr, "\n  got  [%s]\n  want [%s]\n", s_, want); \
	free(s_);							\
} while (0)

static int
parse_err(const char *line, bool ext)
{
	struct acl_rule rule;
	const char *argv[64], *err = NULL;
	char	 buf[512];
	int	 argc, pos = -1;

	argc = words(line, buf, sizeof(buf), argv, 64);
	if ((ext ? acl_parse_ext(argc, argv, &rule, &pos, &err) :
	    acl_parse_std(argc, argv, &rule, &pos, &err)) == 0)
		return -1;
	return pos;
}

/* ---- packets --------------------------------------------------------- */

struct tpkt {
	uint8_t	 b[128];
	size_t	 len;
};

static void
wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static uint32_t
A(const char *s)
{
	uint32_t a = 0;

	CU_ASSERT_FATAL(ip_aton(s, &a));
	return a;
}

/* l4: 4 bytes of ports / icmp type+code, plus tcp flags at 13. */
static struct tpkt
mkpkt(uint8_t proto, const char *src, const char *dst, uint16_t sp,
    uint16_t dp, uint16_t fragoff)
{
	struct tpkt p;

	memset(&p, 0, sizeof(p));
	p.len = 20 + 20;
	p.b[0] = 0x45;
	p.b[2] = 0;
	p.b[3] = (uint8_t)p.len;
	p.b[6] = (uint8_t)(fragoff >> 8);
	p.b[7] = (uint8_t)fragoff;
	p.b[8] = 64;
	p.b[9] = proto;
	wr32(p.b + 12, A(src));
	wr32(p.b + 16, A(dst));
	if (proto == 1) {
		p.b[20] = (uint8_t)sp;
		p.b[21] = (uint8_t)dp;
	} else {
		p.b[20] = (uint8_t)(sp >> 8); p.b[21] = (uint8_t)sp;
		p.b[22] = (uint8_t)(dp >> 8); p.b[23] = (uint8_t)dp;
	}
	return p;
}

#define EVAL(r, name, p)	acl_eval(r, name, (p).b, (p).len, true)

/* ---- tests ----------------------------------------------------------- */

static void
test_parse_std(void)
{
	FMT_EQ("permit 10.1.1.0 0.0.0.255", false, false,
	    "permit 10.1.1.0, wildcard bits 0.0.0.255");
	FMT_EQ("permit 10.1.1.7 0.0.0.255", false, true,
	    "permit 10.1.1.0 0.0.0.255");
	FMT_EQ("permit host 10.1.1.1", false, false, "permit 10.1.1.1");
	FMT_EQ("permit 10.1.1.1", false, true, "permit 10.1.1.1");
	FMT_EQ("deny 10.16.3.2", false, false, "deny   10.16.3.2");
	FMT_EQ("deny 10.9.3.4 log", false, false, "deny   10.9.3.4 log");
	FMT_EQ("permit any", false, false, "permit any");
	FMT_EQ("deny any log", false, true, "deny   any log");
	CU_ASSERT_EQUAL(parse_err("permit", false), 1);
	CU_ASSERT_EQUAL(parse_err("permit host", false), 2);
	CU_ASSERT_EQUAL(parse_err("allow any", false), 0);
	CU_ASSERT_EQUAL(parse_err("permit any foo", false), 2);
	CU_ASSERT_EQUAL(parse_err("permit 10.1.1.300", false), 1);
}

static void
test_parse_ext(void)
{
	FMT_EQ("permit ip host 10.1.1.1 host 10.1.2.1", true, false,
	    "permit ip host 10.1.1.1 host 10.1.2.1");
	FMT_EQ("permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848",
	    true, true,
	    "permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848");
	FMT_EQ("permit udp any eq 500 any eq isakmp", true, false,
	    "permit udp any eq isakmp any eq isakmp");
	FMT_EQ("permit udp any any eq 4500", true, false,
	    "permit udp any any eq non500-isakmp");
	FMT_EQ("permit tcp any any eq 80", true, false,
	    "permit tcp any any eq www");
	FMT_EQ("permit tcp any any eq 443", true, false,
	    "permit tcp any any eq 443");
	FMT_EQ("permit tcp any range 20 179 any", true, false,
	    "permit tcp any range ftp-data bgp any");
	FMT_EQ("permit tcp any range 179 20 any", true, false,
	    "permit tcp any range ftp-data bgp any");
	FMT_EQ("deny tcp any neq 23 any gt 1023", true, false,
	    "deny tcp any neq telnet any gt 1023");
	FMT_EQ("deny tcp any lt www any", true, true,
	    "deny   tcp any lt www any");
	FMT_EQ("permit udp any eq bootps any eq bootpc", true, false,
	    "permit udp any eq bootps any eq bootpc");
	FMT_EQ("permit udp any any eq domain", true, false,
	    "permit udp any any eq domain");
	FMT_EQ("permit udp any any eq 53", true, false,
	    "permit udp any any eq domain");
	FMT_EQ("permit udp any any eq ntp", true, false,
	    "permit udp any any eq ntp");
	FMT_EQ("permit udp any any range snmp 162", true, false,
	    "permit udp any any range snmp snmptrap");
	FMT_EQ("permit tcp 192.168.1.0 0.0.0.255 host 10.4.1.1 established log",
	    true, false,
	    "permit tcp 192.168.1.0 0.0.0.255 host 10.4.1.1 established log");
	FMT_EQ("permit icmp any any echo", true, false,
	    "permit icmp any any echo");
	FMT_EQ("permit icmp any any 0", true, false,
	    "permit icmp any any echo-reply");
	FMT_EQ("permit icmp any any unreachable", true, false,
	    "permit icmp any any unreachable");
	FMT_EQ("permit icmp any any time-exceeded", true, false,
	    "permit icmp any any time-exceeded");
	FMT_EQ("permit icmp any any 3 4", true, false,
	    "permit icmp any any packet-too-big");
	FMT_EQ("permit icmp 0.1.1.1 255.0.0.0 any 10 66", true, false,
	    "permit icmp 0.1.1.1 255.0.0.0 any 10 66");
	FMT_EQ("permit icmp any 10.120.194.64 0.0.0.63", true, false,
	    "permit icmp any 10.120.194.64 0.0.0.63");
	FMT_EQ("deny icmp any any", true, false, "deny icmp any any");
	FMT_EQ("permit esp any host 10.4.1.1", true, false,
	    "permit esp any host 10.4.1.1");
	FMT_EQ("permit ahp any host 10.4.1.1", true, false,
	    "permit ahp any host 10.4.1.1");
	FMT_EQ("permit 50 any any", true, false, "permit esp any any");
	FMT_EQ("permit 6 any any", true, false, "permit tcp any any");
	FMT_EQ("permit 200 any any", true, false, "permit 200 any any");
	FMT_EQ("permit gre any any", true, false, "permit gre any any");
	FMT_EQ("permit pim any any", true, false, "permit pim any any");
	FMT_EQ("permit igmp any any", true, false, "permit igmp any any");
	FMT_EQ("permit ospf any any", true, false, "permit ospf any any");
	FMT_EQ("permit eigrp any any", true, false, "permit eigrp any any");
	FMT_EQ("deny ip any 224.0.0.0 15.255.255.255", true, true,
	    "deny   ip any 224.0.0.0 15.255.255.255");
	FMT_EQ("permit ip 10.0.0.0 0.255.255.255 10.1.0.0 0.0.255.255 log",
	    true, false,
	    "permit ip 10.0.0.0 0.255.255.255 10.1.0.0 0.0.255.255 log");
	FMT_EQ("permit ip any any 0.0.0.0", true, false, "PARSE ERROR");
	/* Errors: the index of the first bad word, argc when incomplete. */
	CU_ASSERT_EQUAL(parse_err("permit ip any", true), 3);
	CU_ASSERT_EQUAL(parse_err("permit foo any any", true), 1);
	CU_ASSERT_EQUAL(parse_err("permit ip any eq 80 any", true), 3);
	CU_ASSERT_EQUAL(parse_err("permit udp any eq www any", true), 4);
	CU_ASSERT_EQUAL(parse_err("permit udp any eq", true), 4);
	CU_ASSERT_EQUAL(parse_err("permit tcp any any eq 65536", true), 5);
	CU_ASSERT_EQUAL(parse_err("permit udp any any established", true), 4);
	CU_ASSERT_EQUAL(parse_err("permit ip 10.1.1.1 any", true), 3);
	CU_ASSERT_EQUAL(parse_err("permit icmp any any echo foo", true), 5);
	CU_ASSERT_EQUAL(parse_err("permit icmp any any 256", true), 4);
}

static void
test_numbers(void)
{
	int	n = 0;

	CU_ASSERT_EQUAL(acl_number_kind("1", &n), ACLNUM_STD);
	CU_ASSERT_EQUAL(acl_number_kind("99", &n), ACLNUM_STD);
	CU_ASSERT_EQUAL(acl_number_kind("100", &n), ACLNUM_EXT);
	CU_ASSERT_EQUAL(acl_number_kind("199", &n), ACLNUM_EXT);
	CU_ASSERT_EQUAL(acl_number_kind("1300", &n), ACLNUM_STD);
	CU_ASSERT_EQUAL(acl_number_kind("1999", &n), ACLNUM_STD);
	CU_ASSERT_EQUAL(acl_number_kind("2000", &n), ACLNUM_EXT);
	CU_ASSERT_EQUAL(acl_number_kind("2699", &n), ACLNUM_EXT);
	CU_ASSERT_EQUAL(acl_number_kind("0", &n), ACLNUM_BAD);
	CU_ASSERT_EQUAL(acl_number_kind("200", &n), ACLNUM_BAD);
	CU_ASSERT_EQUAL(acl_number_kind("2700", &n), ACLNUM_BAD);
	CU_ASSERT_EQUAL(acl_number_kind("GET-ACL", &n), ACLNUM_NONE);
	CU_ASSERT_EQUAL(acl_number_kind("0101", &n), ACLNUM_EXT);
	CU_ASSERT_EQUAL(n, 101);
}

static void
test_storage(void)
{
	struct router *r = mkrouter();
	const char *err = NULL;
	struct acl *a;

	CU_ASSERT_EQUAL(add(r, "101", true, 0, "permit ip any any"), 0);
	CU_ASSERT_EQUAL(add(r, "101", true, 0, "permit ip any any"), 1);
	CU_ASSERT_EQUAL(add(r, "101", true, 0, "deny tcp any any"), 0);
	CU_ASSERT_EQUAL(add(r, "101", true, 15, "deny udp any any"), 0);
	CU_ASSERT_EQUAL(add(r, "101", true, 20, "deny esp any any"), -1);
	a = acl_find(r, "101");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->n_ents, 3);
	CU_ASSERT_EQUAL(a->ents[0]->seq, 10);
	CU_ASSERT_EQUAL(a->ents[1]->seq, 15);
	CU_ASSERT_EQUAL(a->ents[2]->seq, 20);
	CU_ASSERT_EQUAL(add(r, "101", true, 0, "permit gre any any"), 0);
	CU_ASSERT_EQUAL(a->ents[3]->seq, 30);
	CU_ASSERT_PTR_EQUAL(acl_find(r, "0101"), a);
	/* Type conflicts and bad names. */
	CU_ASSERT_PTR_NULL(acl_get(r, "101", false, &err));
	CU_ASSERT_PTR_NULL(acl_get(r, "10", true, &err));
	CU_ASSERT_PTR_NULL(acl_get(r, "250", true, &err));
	CU_ASSERT_PTR_NOT_NULL(acl_get(r, "FOO", true, &err));
	CU_ASSERT_PTR_NULL(acl_get(r, "FOO", false, &err));
	/* Remarks stay with the entry that follows them. */
	acl_add_remark(a, "before 40");
	CU_ASSERT_EQUAL(add(r, "101", true, 0, "permit ospf any any"), 0);
	acl_add_remark(a, "before 12");
	CU_ASSERT_EQUAL(a->ents[6]->seq, 0);
	CU_ASSERT_EQUAL(add(r, "101", true, 35, "permit pim any any"), 0);
	CU_ASSERT_EQUAL(a->ents[4]->seq, 35);
	CU_ASSERT_STRING_EQUAL(a->ents[5]->remark, "before 40");
	CU_ASSERT_EQUAL(a->ents[6]->seq, 40);
	CU_ASSERT_TRUE(acl_del_seq(a, 15));
	CU_ASSERT_FALSE(acl_del_seq(a, 15));
	CU_ASSERT_TRUE(acl_del_remark(a, "before 12"));
	{
		struct acl_rule rule;
		const char *argv[] = { "permit", "gre", "any", "any" };
		int pos;

		CU_ASSERT_EQUAL(acl_parse_ext(4, argv, &rule, &pos, &err), 0);
		CU_ASSERT_TRUE(acl_del_rule(a, &rule));
		CU_ASSERT_FALSE(acl_del_rule(a, &rule));
	}
	acl_delete(r, "101");
	CU_ASSERT_PTR_NULL(acl_find(r, "101"));
	rmrouter(r);
}

static void
test_eval(void)
{
	struct router *r = mkrouter();
	struct tpkt p;

	/* Missing list permits. */
	p = mkpkt(17, "10.1.1.1", "10.1.1.2", 500, 500, 0);
	CU_ASSERT_EQUAL(EVAL(r, "150", p), ACL_PERMIT);

	add(r, "101", true, 0, "deny udp host 10.1.1.1 eq isakmp any eq 500");
	add(r, "101", true, 0, "permit udp 10.1.0.0 0.0.255.255 any range 1000 2000");
	add(r, "101", true, 0, "permit tcp any any established");
	add(r, "101", true, 0, "permit icmp any any echo");
	add(r, "101", true, 0, "permit icmp any any 3 4");
	add(r, "101", true, 0, "permit esp any host 10.9.9.9");
	add(r, "101", true, 0, "deny tcp any any eq telnet");
	add(r, "101", true, 0, "permit tcp any any gt 1023");
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);		/* 10 */
	p = mkpkt(17, "10.1.1.1", "10.1.1.2", 501, 500, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);		/* implicit */
	p = mkpkt(17, "10.1.7.1", "10.3.1.2", 1, 1500, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 20 */
	p = mkpkt(17, "10.2.7.1", "10.3.1.2", 1, 1500, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	/* established: ACK or RST. */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 80, 1000, 0);
	p.b[20 + 13] = 0x02;					/* SYN */
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	p.b[20 + 13] = 0x12;					/* SYN+ACK */
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 30 */
	p.b[20 + 13] = 0x04;					/* RST */
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);
	/* ICMP type and code. */
	p = mkpkt(1, "1.1.1.1", "2.2.2.2", 8, 0, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 40 */
	p = mkpkt(1, "1.1.1.1", "2.2.2.2", 0, 0, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	p = mkpkt(1, "1.1.1.1", "2.2.2.2", 3, 4, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 50 */
	p = mkpkt(1, "1.1.1.1", "2.2.2.2", 3, 3, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	/* Protocol only. */
	p = mkpkt(50, "1.1.1.1", "10.9.9.9", 0, 0, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 60 */
	p = mkpkt(50, "1.1.1.1", "10.9.9.8", 0, 0, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	/* Port operators. */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 40000, 23, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);		/* 70 */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 40000, 1024, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);		/* 80 */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 40000, 1023, 0);
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);

	/* Counters: (matches) per entry, none for the implicit deny. */
	{
		struct acl *a = acl_find(r, "101");

		CU_ASSERT_EQUAL(a->ents[0]->matches, 1);
		CU_ASSERT_EQUAL(a->ents[1]->matches, 1);
		CU_ASSERT_EQUAL(a->ents[2]->matches, 2);
		CU_ASSERT_EQUAL(a->ents[6]->matches, 1);
		CU_ASSERT_EQUAL(acl_eval(r, "101", p.b, p.len, false),
		    ACL_DENY);
		p = mkpkt(6, "1.1.1.1", "2.2.2.2", 40000, 1024, 0);
		CU_ASSERT_EQUAL(acl_eval(r, "101", p.b, p.len, false),
		    ACL_PERMIT);
		CU_ASSERT_EQUAL(a->ents[7]->matches, 1);
		acl_clear_counters(r, "101");
		CU_ASSERT_EQUAL(a->ents[0]->matches, 0);
	}
	rmrouter(r);
}

static void
test_fragments(void)
{
	struct router *r = mkrouter();
	struct tpkt p;

	add(r, "110", true, 0, "deny tcp any any eq telnet");
	add(r, "110", true, 0, "permit tcp any any eq www");
	/* First fragment: ports are read. */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 1000, 23, 0x2000);
	CU_ASSERT_EQUAL(EVAL(r, "110", p), ACL_DENY);
	/* Non-first: the deny with L4 info is skipped, the permit with L4
	 * info matches on its L3 part (IOS). */
	p = mkpkt(6, "1.1.1.1", "2.2.2.2", 1000, 23, 0x0010);
	CU_ASSERT_EQUAL(EVAL(r, "110", p), ACL_PERMIT);
	CU_ASSERT_EQUAL(acl_find(r, "110")->ents[1]->matches, 1);
	/* Entries without L4 info match fragments normally. */
	add(r, "111", true, 0, "deny tcp host 1.1.1.1 any");
	CU_ASSERT_EQUAL(EVAL(r, "111", p), ACL_DENY);
	rmrouter(r);
}

static void
test_malformed(void)
{
	struct router *r = mkrouter();
	struct tpkt p;

	add(r, "101", true, 0, "permit udp any any eq 500");
	add(r, "101", true, 0, "permit ip any any");
	p = mkpkt(17, "1.1.1.1", "2.2.2.2", 500, 500, 0);
	/* Truncated L4: no ports, so only the entry without L4 matches. */
	CU_ASSERT_EQUAL(acl_eval(r, "101", p.b, 22, true), ACL_PERMIT);
	CU_ASSERT_EQUAL(acl_find(r, "101")->ents[0]->matches, 0);
	CU_ASSERT_EQUAL(acl_find(r, "101")->ents[1]->matches, 1);
	/* Bad headers are denied, never read out of bounds. */
	CU_ASSERT_EQUAL(acl_eval(r, "101", p.b, 10, true), ACL_DENY);
	CU_ASSERT_EQUAL(acl_eval(r, "101", NULL, 0, true), ACL_DENY);
	p.b[0] = 0x4f;		/* ihl 60 > len 40 */
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	p.b[0] = 0x65;
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_DENY);
	/* total length shorter than the buffer bounds the L4 read */
	p = mkpkt(17, "1.1.1.1", "2.2.2.2", 500, 500, 0);
	p.b[3] = 22;
	CU_ASSERT_EQUAL(EVAL(r, "101", p), ACL_PERMIT);
	CU_ASSERT_EQUAL(acl_find(r, "101")->ents[0]->matches, 0);
	rmrouter(r);
}

static void
test_standard_eval(void)
{
	struct router *r = mkrouter();
	struct tpkt p;

	add(r, "10", false, 0, "deny host 10.1.1.1");
	add(r, "10", false, 0, "permit 10.1.0.0 0.0.255.255");
	p = mkpkt(17, "10.1.1.1", "9.9.9.9", 1, 1, 0);
	CU_ASSERT_EQUAL(EVAL(r, "10", p), ACL_DENY);
	p = mkpkt(17, "10.1.1.2", "9.9.9.9", 1, 1, 0);
	CU_ASSERT_EQUAL(EVAL(r, "10", p), ACL_PERMIT);
	CU_ASSERT_EQUAL(EVAL(r, "10", p), ACL_PERMIT);
	p = mkpkt(17, "10.2.1.2", "9.9.9.9", 1, 1, 0);
	CU_ASSERT_EQUAL(EVAL(r, "10", p), ACL_DENY);
	rmrouter(r);
}

static void
test_show(void)
{
	struct router *r = mkrouter();
	struct strbuf sb = STRBUF_INIT;
	struct tpkt p;
	struct acl *a;
	const char *err = NULL;
	int	 i;

	add(r, "101", true, 0, "permit ip host 10.1.1.1 host 10.1.2.1");
	add(r, "101", true, 0, "deny ip any any log");
	add(r, "10", false, 0, "permit 10.1.1.0 0.0.0.255");
	add(r, "10", false, 0, "permit host 10.1.1.1");
	add(r, "10", false, 0, "deny any");
	add(r, "acl1", true, 0, "permit icmp any any echo-reply");
	add(r, "acl1", true, 0, "permit udp any host 10.4.1.1 eq 1985");
	a = acl_get(r, "empty", true, &err);
	CU_ASSERT_PTR_NOT_NULL(a);
	a = acl_get(r, "SNMP", false, &err);
	add(r, "SNMP", false, 0, "permit 10.0.0.1");
	acl_add_remark(acl_find(r, "acl1"), "ICMP first");

	p = mkpkt(1, "10.1.1.1", "10.1.2.1", 8, 0, 0);
	for (i = 0; i < 5; i++)
		EVAL(r, "101", p);
	p = mkpkt(1, "10.1.1.9", "10.1.2.1", 8, 0, 0);
	EVAL(r, "10", p);
	EVAL(r, "10", p);
	EVAL(r, "10", p);
	p = mkpkt(1, "10.1.1.9", "10.1.2.1", 0, 0, 0);
	EVAL(r, "acl1", p);

	acl_show(r, NULL, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "Standard IP access list 10\n"
	    "    10 permit 10.1.1.0, wildcard bits 0.0.0.255 (3 matches)\n"
	    "    20 permit 10.1.1.1\n"
	    "    30 deny   any\n"
	    "Extended IP access list 101\n"
	    "    10 permit ip host 10.1.1.1 host 10.1.2.1 (5 matches)\n"
	    "    20 deny ip any any log\n"
	    "Standard IP access list SNMP\n"
	    "    10 permit 10.0.0.1\n"
	    "Extended IP access list acl1\n"
	    "    10 permit icmp any any echo-reply (1 match)\n"
	    "    20 permit udp any host 10.4.1.1 eq 1985\n"
	    "Extended IP access list empty\n");
	if (strstr(sb_str(&sb), "(1 match)") == NULL)
		fprintf(stderr, "%s", sb_str(&sb));
	sb_reset(&sb);
	acl_show(r, "101", &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "Extended IP access list 101\n"
	    "    10 permit ip host 10.1.1.1 host 10.1.2.1 (5 matches)\n"
	    "    20 deny ip any any log\n");
	sb_reset(&sb);
	acl_show(r, "nope", &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");

	sb_reset(&sb);
	acl_write_config(r, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "ip access-list standard SNMP\n"
	    " permit 10.0.0.1\n"
	    "ip access-list extended acl1\n"
	    " permit icmp any any echo-reply\n"
	    " permit udp any host 10.4.1.1 eq 1985\n"
	    " remark ICMP first\n"
	    "ip access-list extended empty\n"
	    "!\n"
	    "access-list 10 permit 10.1.1.0 0.0.0.255\n"
	    "access-list 10 permit 10.1.1.1\n"
	    "access-list 10 deny   any\n"
	    "access-list 101 permit ip host 10.1.1.1 host 10.1.2.1\n"
	    "access-list 101 deny   ip any any log\n"
	    "!\n");
	sb_reset(&sb);
	acl_clear_counters(r, NULL);
	acl_show(r, "10", &sb);
	CU_ASSERT_PTR_NULL(strstr(sb_str(&sb), "match"));
	sb_free(&sb);
	rmrouter(r);
}

struct walkctx {
	int	 n;
	struct acl_entry_view v[8];
};

static bool
walk_cb(void *ctx, const struct acl_entry_view *v)
{
	struct walkctx *w = ctx;

	w->v[w->n++] = *v;
	return w->n < 8;
}

static void
test_walk(void)
{
	struct router *r = mkrouter();
	struct walkctx w;

	memset(&w, 0, sizeof(w));
	add(r, "GET", true, 0, "permit udp host 10.1.11.2 eq 848 host 239.192.1.1 eq 848");
	acl_add_remark(acl_find(r, "GET"), "x");
	add(r, "GET", true, 0, "deny ip 10.0.0.0 0.255.255.255 any");
	add(r, "GET", true, 0, "permit tcp any gt 1023 any range 20 21");
	CU_ASSERT_EQUAL(acl_walk(r, "GET", walk_cb, &w), 3);
	CU_ASSERT_EQUAL(acl_walk(r, "NONE", walk_cb, &w), -1);
	CU_ASSERT_TRUE(w.v[0].permit);
	CU_ASSERT_EQUAL(w.v[0].proto, 17);
	CU_ASSERT_EQUAL(w.v[0].src, A("10.1.11.2"));
	CU_ASSERT_EQUAL(w.v[0].src_wild, 0);
	CU_ASSERT_EQUAL(w.v[0].dst, A("239.192.1.1"));
	CU_ASSERT_EQUAL(w.v[0].sport_lo, 848);
	CU_ASSERT_EQUAL(w.v[0].sport_hi, 848);
	CU_ASSERT_EQUAL(w.v[0].dport_lo, 848);
	CU_ASSERT_FALSE(w.v[1].permit);
	CU_ASSERT_EQUAL(w.v[1].seq, 20);
	CU_ASSERT_EQUAL(w.v[1].proto, 0);
	CU_ASSERT_EQUAL(w.v[1].dst_wild, 0xffffffffu);
	CU_ASSERT_EQUAL(w.v[1].sport_lo, 0);
	CU_ASSERT_EQUAL(w.v[1].sport_hi, 65535);
	CU_ASSERT_EQUAL(w.v[2].sport_lo, 1024);
	CU_ASSERT_EQUAL(w.v[2].sport_hi, 65535);
	CU_ASSERT_EQUAL(w.v[2].dport_lo, 20);
	CU_ASSERT_EQUAL(w.v[2].dport_hi, 21);
	rmrouter(r);
}


/* ---- through the CLI, on a two-router lab ---------------------------- */

static struct strbuf out = STRBUF_INIT;
static struct router *R1, *R2;
static struct vty *V1, *V2;

static void
sink(void *ctx, const char *data, size_t len)
{
	sb_add(&out, data, len);
}

static const char *
cmd(struct vty *v, const char *line)
{
	sb_reset(&out);
	cli_execute(v, line);
	return sb_str(&out);
}

#define CMD_OK(v, line) do {						\
	const char *o_ = cmd(v, line);					\
	CU_ASSERT_STRING_EQUAL(o_, "");					\
	if (o_[0] != '\0')						\
		fprintf(stderr, "\n[%s] -> %s", line, o_);		\
} while (0)

#define HAS(s, want) do {						\
	const char *h_ = (s);						\
	CU_ASSERT_PTR_NOT_NULL(strstr(h_, want));			\
	if (strstr(h_, want) == NULL)					\
		fprintf(stderr, "\nwant [%s]\nin   [%s]\n", want, h_);	\
} while (0)

static int
lab_setup(void)
{
	const char *err = NULL;

	vpnsim_init();
	lab_init(1);
	R1 = lab_add_router("R1", &err);
	R2 = lab_add_router("R2", &err);
	if (R1 == NULL || R2 == NULL)
		return 1;
	lab_add_link(R1, "Serial1/0", R2, "Serial1/0", &err);
	V1 = vty_new(R1, sink, NULL);
	V2 = vty_new(R2, sink, NULL);
	cmd(V1, "enable");
	cmd(V1, "configure terminal");
	cmd(V1, "interface Serial1/0");
	cmd(V1, "ip address 10.0.12.1 255.255.255.0");
	cmd(V1, "no shutdown");
	cmd(V1, "end");
	cmd(V2, "enable");
	cmd(V2, "configure terminal");
	cmd(V2, "interface Serial1/0");
	cmd(V2, "ip address 10.0.12.2 255.255.255.0");
	cmd(V2, "no shutdown");
	cmd(V2, "end");
	sched_run_until(sched_now() + 30 * VT_SEC);
	return 0;
}

static int
lab_teardown(void)
{
	vty_free(V1);
	vty_free(V2);
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

static void
test_cli_config(void)
{
	const char *s;

	cmd(V1, "configure terminal");
	CMD_OK(V1, "access-list 101 remark GDOI rekeys");
	CMD_OK(V1, "access-list 101 permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848");
	CMD_OK(V1, "access-list 101 permit udp any eq isakmp any eq 500");
	CMD_OK(V1, "access-list 101 deny ip any any log");
	CMD_OK(V1, "access-list 10 permit 10.1.1.0 0.0.0.255");
	CMD_OK(V1, "access-list 10 deny host 10.1.2.1");
	/* Abbreviated keywords are stored in full. */
	CMD_OK(V1, "access-l 102 per tcp any any eq ww est");
	CMD_OK(V1, "access-list 102 permit icmp any any echo");
	CMD_OK(V1, "access-list 102 permit icmp any any echo-reply");
	/* Named lists and their sub-modes. */
	CMD_OK(V1, "ip access-list extended GET-ACL");
	CU_ASSERT_EQUAL(vty_node(V1), ACL_EXT_NODE);
	CU_ASSERT_STRING_EQUAL(vty_prompt(V1), "R1(config-ext-nacl)#");
	CMD_OK(V1, "remark site to site");
	CMD_OK(V1, "permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255");
	CMD_OK(V1, "5 deny udp any any eq 848");
	CMD_OK(V1, "15 deny icmp any any");
	HAS(cmd(V1, "15 deny esp any any"), "% Duplicate sequence number");
	CMD_OK(V1, "no 15");
	CMD_OK(V1, "deny esp any any");
	CMD_OK(V1, "no deny esp any any");
	CMD_OK(V1, "exit");
	CMD_OK(V1, "ip access-list standard SNMP");
	CU_ASSERT_STRING_EQUAL(vty_prompt(V1), "R1(config-std-nacl)#");
	CMD_OK(V1, "permit 10.0.0.1");
	CMD_OK(V1, "deny any log");
	CMD_OK(V1, "exit");
	HAS(cmd(V1, "ip access-list standard GET-ACL"),
	    "% Access-list type conflicts with existing type");
	/* Errors point at the bad word. */
	HAS(cmd(V1, "access-list 101 permit udp any eq www any"),
	    "% Invalid input detected at '^' marker.");
	HAS(cmd(V1, "access-list 10 permit udp any any"),
	    "% Invalid input detected at '^' marker.");
	HAS(cmd(V1, "access-list 101 permit tcp any"),
	    "% Incomplete command.");
	cmd(V1, "interface Serial1/0");
	CMD_OK(V1, "ip access-group 101 out");
	CMD_OK(V1, "ip access-group GET-ACL in");
	cmd(V1, "end");

	s = cmd(V1, "show access-lists");
	CU_ASSERT_STRING_EQUAL(s,
	    "Standard IP access list 10\n"
	    "    10 permit 10.1.1.0, wildcard bits 0.0.0.255\n"
	    "    20 deny   10.1.2.1\n"
	    "Extended IP access list 101\n"
	    "    10 permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848\n"
	    "    20 permit udp any eq isakmp any eq isakmp\n"
	    "    30 deny ip any any log\n"
	    "Extended IP access list 102\n"
	    "    10 permit tcp any any eq www established\n"
	    "    20 permit icmp any any echo\n"
	    "    30 permit icmp any any echo-reply\n"
	    "Extended IP access list GET-ACL\n"
	    "    5 deny udp any any eq 848\n"
	    "    10 permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n"
	    "Standard IP access list SNMP\n"
	    "    10 permit 10.0.0.1\n"
	    "    20 deny   any log\n");
	if (strncmp(s, "Standard IP access list 10\n", 27) != 0)
		fprintf(stderr, "\n%s", s);
	s = cmd(V1, "show ip access-lists GET-ACL");
	CU_ASSERT_STRING_EQUAL(s,
	    "Extended IP access list GET-ACL\n"
	    "    5 deny udp any any eq 848\n"
	    "    10 permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n");
	s = cmd(V1, "show running-config");
	HAS(s, " ip address 10.0.12.1 255.255.255.0\n"
	    " ip access-group GET-ACL in\n"
	    " ip access-group 101 out\n");
	HAS(s, "!\n"
	    "ip access-list extended GET-ACL\n"
	    " deny   udp any any eq 848\n"
	    " remark site to site\n"
	    " permit ip 10.1.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n"
	    "ip access-list standard SNMP\n"
	    " permit 10.0.0.1\n"
	    " deny   any log\n"
	    "!\n"
	    "access-list 10 permit 10.1.1.0 0.0.0.255\n"
	    "access-list 10 deny   10.1.2.1\n"
	    "access-list 101 remark GDOI rekeys\n"
	    "access-list 101 permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848\n"
	    "access-list 101 permit udp any eq isakmp any eq isakmp\n"
	    "access-list 101 deny   ip any any log\n"
	    "access-list 102 permit tcp any any eq www established\n"
	    "access-list 102 permit icmp any any echo\n"
	    "access-list 102 permit icmp any any echo-reply\n"
	    "!\n");
}

static void
send_udp(struct router *r, const char *src, const char *dst, uint16_t sp,
    uint16_t dp)
{
	struct pkt *p = pkt_new(8 + 4);

	p->data[0] = (uint8_t)(sp >> 8); p->data[1] = (uint8_t)sp;
	p->data[2] = (uint8_t)(dp >> 8); p->data[3] = (uint8_t)dp;
	p->data[5] = 12;
	ip_send(r, A(src), A(dst), 17, 0, 255, p);
}

static void
test_cli_traffic(void)
{
	const char *s;
	int	 i;

	/* Inbound 101 on R2 (outbound lists never see the router's own
	 * packets, as on IOS): isakmp passes, the rest is denied and
	 * logged once, then summarised after five minutes. */
	cmd(V2, "configure terminal");
	CMD_OK(V2, "access-list 101 permit udp any eq isakmp any eq 500");
	CMD_OK(V2, "access-list 101 deny ip any any log");
	cmd(V2, "interface Serial1/0");
	CMD_OK(V2, "ip access-group 101 in");
	cmd(V2, "end");
	for (i = 0; i < 3; i++)
		send_udp(R1, "10.0.12.1", "10.0.12.2", 500, 500);
	send_udp(R1, "10.0.12.1", "10.0.12.2", 1000, 2000);
	send_udp(R1, "10.0.12.1", "10.0.12.2", 1000, 2000);
	send_udp(R1, "10.0.12.1", "10.0.12.2", 1000, 2000);
	sched_run_until(sched_now() + VT_SEC);
	s = cmd(V2, "show access-lists 101");
	CU_ASSERT_STRING_EQUAL(s, "Extended IP access list 101\n"
	    "    10 permit udp any eq isakmp any eq isakmp (3 matches)\n"
	    "    20 deny ip any any log (3 matches)\n");
	s = cmd(V2, "show logging");
	HAS(s, "%SEC-6-IPACCESSLOGP: list 101 denied udp "
	    "10.0.12.1(1000) -> 10.0.12.2(2000), 1 packet\n");
	CU_ASSERT_PTR_NULL(strstr(s, "2 packets"));
	sched_run_until(sched_now() + 300 * VT_SEC);
	s = cmd(V2, "show logging");
	HAS(s, "%SEC-6-IPACCESSLOGP: list 101 denied udp "
	    "10.0.12.1(1000) -> 10.0.12.2(2000), 2 packets\n");
	CMD_OK(V2, "clear ip access-list counters 101");
	s = cmd(V2, "show access-lists 101");
	CU_ASSERT_PTR_NULL(strstr(s, "match"));
	cmd(V2, "configure terminal");
	CMD_OK(V2, "no access-list 101");
	cmd(V2, "access-list 110 permit udp any any eq 500");
	cmd(V2, "interface Serial1/0");
	CMD_OK(V2, "ip access-group 110 in");
	cmd(V2, "end");
	/* A one-entry list: the first match counts as "1 match". */
	send_udp(R1, "10.0.12.1", "10.0.12.2", 500, 500);
	send_udp(R1, "10.0.12.1", "10.0.12.2", 500, 501);
	sched_run_until(sched_now() + VT_SEC);
	s = cmd(V2, "show ip access-lists");
	CU_ASSERT_STRING_EQUAL(s, "Extended IP access list 110\n"
	    "    10 permit udp any any eq isakmp (1 match)\n");
	s = cmd(V2, "show running-config");
	HAS(s, " ip access-group 110 in\n");
	cmd(V1, "configure terminal");
	cmd(V1, "interface Serial1/0");
	CMD_OK(V1, "no ip access-group out");
	CMD_OK(V1, "no ip access-group GET-ACL in");
	cmd(V1, "end");
	s = cmd(V1, "show running-config");
	CU_ASSERT_PTR_NULL(strstr(s, "access-group"));
	/* `no access-list N` removes the whole list. */
	cmd(V1, "configure terminal");
	CMD_OK(V1, "no access-list 10");
	CMD_OK(V1, "no access-list 102 permit icmp any any echo");
	CMD_OK(V1, "no ip access-list standard SNMP");
	cmd(V1, "end");
	s = cmd(V1, "show access-lists");
	CU_ASSERT_PTR_NULL(strstr(s, "list 10\n"));
	CU_ASSERT_PTR_NULL(strstr(s, "list 102\n"));
	CU_ASSERT_PTR_NULL(strstr(s, "SNMP"));
	HAS(s, "Extended IP access list 101\n");
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("acl", NULL, NULL);
	CU_add_test(s, "parse standard", test_parse_std);
	CU_add_test(s, "parse extended", test_parse_ext);
	CU_add_test(s, "list numbers", test_numbers);
	CU_add_test(s, "storage and sequence numbers", test_storage);
	CU_add_test(s, "evaluation", test_eval);
	CU_add_test(s, "fragments", test_fragments);
	CU_add_test(s, "malformed packets", test_malformed);
	CU_add_test(s, "standard evaluation", test_standard_eval);
	CU_add_test(s, "show and running-config", test_show);
	CU_add_test(s, "walk", test_walk);
	s = CU_add_suite("acl-cli", lab_setup, lab_teardown);
	CU_add_test(s, "commands, show, running-config", test_cli_config);
	CU_add_test(s, "traffic, counters, log", test_cli_traffic);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
