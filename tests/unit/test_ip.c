/* IP stack: checksum and text helpers, then a four-router lab configured
 * through the CLI:
 *
 *   R1 Lo0 1.1.1.1/32
 *   R1 Se1/0 10.1.12.1/30 --- (1 ms) --- R2 Se1/0 10.1.12.2/30
 *   R2 Et0/0 10.1.23.2/24 --- segment LAN --- R3 Et0/0 .3, R4 Et0/0 .4
 *
 * covering longest-prefix match, forwarding, ARP (the IOS drop of the
 * packet that starts a resolution), ping and traceroute output, fragmentation and reassembly (and its timeout), DF, TTL expiry,
 * ICMP unreachables with the IOS rate limit, ACL denies, UDP sockets,
 * `show ip route` / `show arp` / `show ip traffic` layouts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "testlab.h"
#include "iface.h"
#include "ipv4.h"
#include "lab.h"
#include "link.h"
#include "netsim.h"
#include "pkt.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static struct rt R1, R2, R3, R4;

/* Answers for vty_getline (extended ping, clear ip traffic). */
static const char *const *answers;
static struct strbuf prompts = STRBUF_INIT;

static bool
getline_fn(void *ctx, const char *prompt, char *buf, size_t len)
{
	sb_puts(&prompts, prompt);
	if (answers == NULL || *answers == NULL)
		return false;
	snprintf(buf, len, "%s", *answers++);
	return true;
}

static void
run(int seconds)
{
	sched_run_until(sched_now() + (vtime_t)seconds * VT_SEC);
}


static int
lab_setup(void)
{
	const char *err = NULL;
	struct link *l, *seg;

	vpnsim_init();
	lab_init(1);
	R1.r = lab_add_router("R1", &err);
	R2.r = lab_add_router("R2", &err);
	R3.r = lab_add_router("R3", &err);
	R4.r = lab_add_router("R4", &err);
	if (!R1.r || !R2.r || !R3.r || !R4.r)
		return 1;
	l = lab_add_link(R1.r, "Serial1/0", R2.r, "Serial1/0", &err);
	if (l == NULL)
		return 1;
	l->delay = 1 * VT_MSEC;
	seg = lab_add_segment("LAN", &err);
	if (seg == NULL ||
	    lab_segment_attach(seg, R2.r, "Ethernet0/0", &err) != 0 ||
	    lab_segment_attach(seg, R3.r, "Ethernet0/0", &err) != 0 ||
	    lab_segment_attach(seg, R4.r, "Ethernet0/0", &err) != 0)
		return 1;
	R1.vty = vty_new(R1.r, sink, NULL);
	R2.vty = vty_new(R2.r, sink, NULL);
	R3.vty = vty_new(R3.r, sink, NULL);
	R4.vty = vty_new(R4.r, sink, NULL);
	vty_set_getline(R1.vty, getline_fn, NULL);
	vty_set_getline(R3.vty, getline_fn, NULL);
	cmd(&R1, "enable");
	cmd(&R2, "enable");
	cmd(&R3, "enable");
	cmd(&R4, "enable");
	cfg(&R1,
	    "interface Loopback0\n"
	    "ip address 1.1.1.1 255.255.255.255\n"
	    "interface Serial1/0\n"
	    "ip address 10.1.12.1 255.255.255.252\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.12.2\n");
	cfg(&R2,
	    "interface Serial1/0\n"
	    "ip address 10.1.12.2 255.255.255.252\n"
	    "no shutdown\n"
	    "interface Ethernet0/0\n"
	    "ip address 10.1.23.2 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 1.1.1.1 255.255.255.255 10.1.12.1\n");
	cfg(&R3,
	    "interface Ethernet0/0\n"
	    "ip address 10.1.23.3 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.23.2\n");
	cfg(&R4,
	    "interface Ethernet0/0\n"
	    "ip address 10.1.23.4 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 0.0.0.0 0.0.0.0 10.1.23.2\n");
	run(30);
	return 0;
}

static int
lab_teardown(void)
{
	vty_free(R1.vty);
	vty_free(R2.vty);
	vty_free(R3.vty);
	vty_free(R4.vty);
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	sb_free(&prompts);
	return 0;
}

/* ---- pure helpers ----------------------------------------------------- */

static void
test_cksum(void)
{
	/* RFC 1071 section 3 example: sum ddf2, checksum 220d. */
	static const uint8_t v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };
	/* A real header (10.1.12.1 -> 10.1.23.3, ICMP, len 100). */
	uint8_t h[20] = { 0x45, 0, 0, 100, 0x12, 0x34, 0, 0, 255, 1, 0, 0,
	    10, 1, 12, 1, 10, 1, 23, 3 };
	uint8_t odd[3] = { 0x01, 0x02, 0x03 };
	uint16_t c;

	CU_ASSERT_EQUAL(ip_cksum(v, sizeof(v)), 0x220d);
	c = ip_cksum(h, sizeof(h));
	h[10] = (uint8_t)(c >> 8);
	h[11] = (uint8_t)c;
	CU_ASSERT_EQUAL(ip_cksum(h, sizeof(h)), 0);
	/* Odd length pads with a zero byte: 0x0102 + 0x0300. */
	CU_ASSERT_EQUAL(ip_cksum(odd, sizeof(odd)), (uint16_t)~0x0402);
}

static void
test_text(void)
{
	char b[16];
	uint32_t a;

	CU_ASSERT_TRUE(ip_aton("10.1.23.255", &a));
	CU_ASSERT_EQUAL(a, 0x0a0117ffu);
	CU_ASSERT_STRING_EQUAL(ip_ntoa(a, b), "10.1.23.255");
	CU_ASSERT_FALSE(ip_aton("10.1.23", &a));
	CU_ASSERT_FALSE(ip_aton("10.1.23.256", &a));
	CU_ASSERT_FALSE(ip_aton("10.1.23.4.5", &a));
	CU_ASSERT_FALSE(ip_aton("10..23.4", &a));
	CU_ASSERT_FALSE(ip_aton("a.b.c.d", &a));
	CU_ASSERT_FALSE(ip_aton("", &a));
	CU_ASSERT_EQUAL(ip_masklen(0xffffff00u), 24);
	CU_ASSERT_EQUAL(ip_masklen(0), 0);
	CU_ASSERT_EQUAL(ip_masklen(0xffffffffu), 32);
	CU_ASSERT_EQUAL(ip_masklen(0xff00ff00u), -1);
	CU_ASSERT_EQUAL(ip_lenmask(30), 0xfffffffcu);
	CU_ASSERT_EQUAL(ip_lenmask(0), 0);
}

/* ---- routing ---------------------------------------------------------- */

static void
test_lpm(void)
{
	struct iface *oif = NULL;
	uint32_t nh = 0;

	cfg(&R4, "ip route 10.0.0.0 255.0.0.0 10.1.23.3\n"
	    "ip route 10.9.0.0 255.255.0.0 10.1.23.2\n"
	    "ip route 10.9.9.0 255.255.255.0 Ethernet0/0\n"
	    "ip route 172.16.0.0 255.255.0.0 10.1.23.3 200\n"
	    "ip route 172.16.0.0 255.255.0.0 10.1.23.2\n");
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("10.5.5.5"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.3"));
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("10.9.5.5"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.2"));
	/* Interface route: the destination itself is the next hop. */
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("10.9.9.7"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.9.9.7"));
	CU_ASSERT_STRING_EQUAL(oif->name, "Ethernet0/0");
	/* Connected beats the /8. */
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("10.1.23.77"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.77"));
	/* Lower distance wins; the floating route stays out. */
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("172.16.1.1"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.2"));
	cfg(&R4, "no ip route 172.16.0.0 255.255.0.0 10.1.23.2\n");
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("172.16.1.1"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.3"));
	/* Default route. */
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("8.8.8.8"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.2"));
	HAS(cmd(&R4, "show running-config"),
	    "ip route 0.0.0.0 0.0.0.0 10.1.23.2\n"
	    "ip route 10.0.0.0 255.0.0.0 10.1.23.3\n"
	    "ip route 10.9.0.0 255.255.0.0 10.1.23.2\n"
	    "ip route 10.9.9.0 255.255.255.0 Ethernet0/0\n"
	    "ip route 172.16.0.0 255.255.0.0 10.1.23.3 200\n");
	HAS(cmd(&R4, "show ip route"),
	    "Gateway of last resort is 10.1.23.2 to network 0.0.0.0\n"
	    "\n"
	    "S*    0.0.0.0/0 [1/0] via 10.1.23.2\n"
	    "      10.0.0.0/8 is variably subnetted, 5 subnets, 4 masks\n"
	    "S        10.0.0.0/8 [1/0] via 10.1.23.3\n"
	    "C        10.1.23.0/24 is directly connected, Ethernet0/0\n"
	    "L        10.1.23.4/32 is directly connected, Ethernet0/0\n"
	    "S        10.9.0.0/16 [1/0] via 10.1.23.2\n"
	    "S        10.9.9.0/24 is directly connected, Ethernet0/0\n"
	    "S     172.16.0.0/16 [200/0] via 10.1.23.3\n");
	HAS(cmd(&R4, "show ip route 10.9.9.1"),
	    "Routing entry for 10.9.9.0/24\n"
	    "  Known via \"static\", distance 1, metric 0\n"
	    "  Routing Descriptor Blocks:\n"
	    "  * directly connected, via Ethernet0/0\n"
	    "      Route metric is 0, traffic share count is 1\n");
	cfg(&R4, "no ip route 10.0.0.0 255.0.0.0\n"
	    "no ip route 10.9.0.0 255.255.0.0 10.1.23.2\n"
	    "no ip route 10.9.9.0 255.255.255.0 Ethernet0/0\n"
	    "no ip route 172.16.0.0 255.255.0.0\n");
	CU_ASSERT_TRUE(ip_route_lookup(R4.r, A("10.5.5.5"), &oif, &nh));
	CU_ASSERT_EQUAL(nh, A("10.1.23.2"));		/* default again */
	cmd(&R4, "configure terminal");
	HAS(cmd(&R4, "no ip route 10.0.0.0 255.0.0.0"),
	    "%No matching route to delete\n");
	HAS(cmd(&R4, "ip route 10.1.0.0 255.0.0.0 10.1.23.2"),
	    "%Inconsistent address and mask\n");
	cmd(&R4, "end");
}

static void
test_show_route(void)
{
	const char *s = cmd(&R1, "show ip route");

	HAS(s, "Codes: L - local, C - connected, S - static, R - RIP, M - "
	    "mobile, B - BGP\n"
	    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter "
	    "area \n");
	HAS(s, "       + - replicated route, % - next hop override, p - "
	    "overrides from PfR\n"
	    "\n"
	    "Gateway of last resort is 10.1.12.2 to network 0.0.0.0\n"
	    "\n"
	    "S*    0.0.0.0/0 [1/0] via 10.1.12.2\n"
	    "      1.0.0.0/32 is subnetted, 1 subnets\n"
	    "C        1.1.1.1 is directly connected, Loopback0\n"
	    "      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\n"
	    "C        10.1.12.0/30 is directly connected, Serial1/0\n"
	    "L        10.1.12.1/32 is directly connected, Serial1/0\n");
	s = cmd(&R1, "show ip route static");
	HAS(s, "S*    0.0.0.0/0 [1/0] via 10.1.12.2\n");
	CU_ASSERT_PTR_NULL(strstr(s, "C        "));
	s = cmd(&R1, "show ip route connected");
	CU_ASSERT_PTR_NULL(strstr(s, "S*    "));
	HAS(s, "L        10.1.12.1/32 is directly connected, Serial1/0\n");
	HAS(cmd(&R1, "show ip route 10.1.12.1"),
	    "Routing entry for 10.1.12.1/32\n"
	    "  Known via \"connected\", distance 0, metric 0 (connected)\n");
	HAS(cmd(&R1, "show ip route 10.1.12.2"),
	    "Routing entry for 10.1.12.0/30\n"
	    "  Known via \"connected\", distance 0, metric 0 (connected, via "
	    "interface)\n"
	    "  Routing Descriptor Blocks:\n"
	    "  * directly connected, via Serial1/0\n");
	HAS(cmd(&R1, "show ip route 0.0.0.0"),
	    "Routing entry for 0.0.0.0/0, supernet\n"
	    "  Known via \"static\", distance 1, metric 0, candidate default "
	    "path\n"
	    "  Routing Descriptor Blocks:\n"
	    "  * 10.1.12.2\n"
	    "      Route metric is 0, traffic share count is 1\n");
	HAS(cmd(&R1, "show ip route 172.16.1.1"), "% Network not in table\n");
	HAS(cmd(&R1, "show ip route 10.9.9.9"), "% Subnet not in table\n");
}

/* ---- ping, ARP -------------------------------------------------------- */

/* Like IOS, a router does not queue the packet that starts an ARP
 * resolution: it is dropped ("encapsulation failed"), so the first ping
 * across a fresh Ethernet loses its first echo.  The answering side
 * learns the asker from the request and replies at once. */
static void
test_arp_first_contact(void)
{
	uint8_t mac[6];
	const char *s;

	CU_ASSERT_FALSE(arp_lookup(R3.r, A("10.1.23.4"), mac));
	CU_ASSERT_FALSE(arp_lookup(R4.r, A("10.1.23.3"), mac));
	HAS(cmd(&R3, "show ip traffic"),
	    "  Drop:  0 encapsulation failed, 0 unresolved, 0 no adjacency\n");
	s = cmd(&R3, "ping 10.1.23.4");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Sending 5, 100-byte ICMP Echos to 10.1.23.4, timeout is 2 "
	    "seconds:\n"
	    ".!!!!\n"
	    "Success rate is 80 percent (4/5), round-trip min/avg/max = "
	    "1/1/1 ms\n");
	HAS(cmd(&R3, "show ip traffic"),
	    "  Drop:  1 encapsulation failed, 0 unresolved, 0 no adjacency\n");
	CU_ASSERT_EQUAL(ip_get_stats(R3.r)->encap_fail, 1);
	CU_ASSERT_EQUAL(ip_get_stats(R3.r)->arp_tx_req, 2);	/* + gratuitous */
	/* R4 learnt R3 from the request: its replies were not dropped. */
	CU_ASSERT_EQUAL(ip_get_stats(R4.r)->encap_fail, 0);
	CU_ASSERT_TRUE(arp_lookup(R4.r, A("10.1.23.3"), mac));
	CU_ASSERT_EQUAL(memcmp(mac,
	    router_find_iface(R3.r, "Ethernet0/0")->mac, 6), 0);
	CU_ASSERT_TRUE(arp_lookup(R3.r, A("10.1.23.4"), mac));
	CU_ASSERT_EQUAL(memcmp(mac,
	    router_find_iface(R4.r, "Ethernet0/0")->mac, 6), 0);
	/* Resolved now: nothing lost, no new failure, no new request. */
	s = cmd(&R3, "ping 10.1.23.4");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Sending 5, 100-byte ICMP Echos to 10.1.23.4, timeout is 2 "
	    "seconds:\n"
	    "!!!!!\n"
	    "Success rate is 100 percent (5/5), round-trip min/avg/max = "
	    "1/1/1 ms\n");
	HAS(cmd(&R3, "show ip traffic"),
	    "  Drop:  1 encapsulation failed, 0 unresolved, 0 no adjacency\n");
	CU_ASSERT_EQUAL(ip_get_stats(R3.r)->arp_tx_req, 2);
}

static void
test_ping(void)
{
	struct ping_result res;
	char marks[16];
	const char *s;

	/* R2 has not resolved either LAN host yet: a one-echo ping to each
	 * is dropped at R2 (IOS `.`) and leaves the neighbour resolved. */
	CU_ASSERT_EQUAL(ip_ping(R1.r, A("10.1.23.3"), 0, 1, 100, 2 * VT_SEC,
	    false, &res, marks, sizeof(marks)), 0);
	CU_ASSERT_STRING_EQUAL(marks, ".");
	CU_ASSERT_EQUAL(res.rcvd, 0);
	HAS(cmd(&R1, "ping 10.1.23.4 repeat 1"), "\n.\nSuccess rate is 0 "
	    "percent (0/1)\n");
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->encap_fail, 2);
	/* 1 ms each way on the serial, nothing on the LAN. */
	CU_ASSERT_EQUAL(ip_ping(R1.r, A("10.1.23.3"), 0, 5, 100, 2 * VT_SEC,
	    false, &res, marks, sizeof(marks)), 0);
	CU_ASSERT_STRING_EQUAL(marks, "!!!!!");
	CU_ASSERT_EQUAL(res.rcvd, 5);
	CU_ASSERT_EQUAL(res.min_ms, 2);
	CU_ASSERT_EQUAL(res.max_ms, 2);
	s = cmd(&R1, "ping 10.1.23.4");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Sending 5, 100-byte ICMP Echos to 10.1.23.4, timeout is 2 "
	    "seconds:\n"
	    "!!!!!\n"
	    "Success rate is 100 percent (5/5), round-trip min/avg/max = "
	    "2/2/2 ms\n");
	s = cmd(&R1, "ping 10.1.23.3 source Loopback0 repeat 3 size 200");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Sending 3, 200-byte ICMP Echos to 10.1.23.3, timeout is 2 "
	    "seconds:\n"
	    "Packet sent with a source address of 1.1.1.1\n"
	    "!!!\n"
	    "Success rate is 100 percent (3/3), round-trip min/avg/max = "
	    "2/2/2 ms\n");
	HAS(cmd(&R1, "ping 10.1.23.3 source 9.9.9.9"),
	    "% Invalid source address- IP address not on any of our up "
	    "interfaces\n");
	/* To ourselves. */
	CU_ASSERT_EQUAL(ip_ping(R1.r, A("1.1.1.1"), 0, 2, 100, 2 * VT_SEC,
	    false, &res, marks, sizeof(marks)), 0);
	CU_ASSERT_STRING_EQUAL(marks, "!!");
	/* 70 marks per line. */
	s = cmd(&R3, "ping 10.1.23.4 repeat 75 timeout 1");
	HAS(s, "seconds:\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
	    "!!!!!!!!!!!!!!!!!!!!!\n!!!!!\nSuccess rate is 100 percent "
	    "(75/75)");
}

static void
test_arp(void)
{
	struct iface *e3 = router_find_iface(R3.r, "Ethernet0/0");
	struct iface *e2 = router_find_iface(R2.r, "Ethernet0/0");
	char line[128], m[16];
	uint8_t mac[6];
	const char *s;

	CU_ASSERT_TRUE(arp_lookup(R2.r, A("10.1.23.3"), mac));
	CU_ASSERT_EQUAL(memcmp(mac, e3->mac, 6), 0);
	CU_ASSERT_TRUE(arp_lookup(R3.r, A("10.1.23.2"), mac));
	CU_ASSERT_EQUAL(memcmp(mac, e2->mac, 6), 0);
	s = cmd(&R2, "show arp");
	HAS(s, "Protocol  Address          Age (min)  Hardware Addr   Type   "
	    "Interface\n");
	snprintf(m, sizeof(m), "%02x%02x.%02x%02x.%02x%02x", e2->mac[0],
	    e2->mac[1], e2->mac[2], e2->mac[3], e2->mac[4], e2->mac[5]);
	snprintf(line, sizeof(line), "Internet  10.1.23.2               -   "
	    "%s  ARPA   Ethernet0/0\n", m);
	HAS(s, line);
	snprintf(m, sizeof(m), "%02x%02x.%02x%02x.%02x%02x", e3->mac[0],
	    e3->mac[1], e3->mac[2], e3->mac[3], e3->mac[4], e3->mac[5]);
	snprintf(line, sizeof(line), "Internet  10.1.23.3               0   "
	    "%s  ARPA   Ethernet0/0\n", m);
	HAS(s, line);
	/* Ages in minutes. */
	run(180);
	snprintf(line, sizeof(line), "Internet  10.1.23.3               3   "
	    "%s  ARPA   Ethernet0/0\n", m);
	HAS(cmd(&R2, "show ip arp"), line);
	/* Nobody at .99: both echoes are dropped while ARP is unresolved,
	 * and the incomplete entry goes when ARP gives up. */
	{
		uint64_t before = ip_get_stats(R2.r)->encap_fail;
		struct ping_result res;
		char marks[8];

		ip_ping(R2.r, A("10.1.23.99"), 0, 2, 100, 2 * VT_SEC, false,
		    &res, marks, sizeof(marks));
		CU_ASSERT_STRING_EQUAL(marks, "..");
		CU_ASSERT_EQUAL(ip_get_stats(R2.r)->encap_fail, before + 2);
		run(5);
		CU_ASSERT_EQUAL(ip_get_stats(R2.r)->encap_fail, before + 2);
		CU_ASSERT_FALSE(arp_lookup(R2.r, A("10.1.23.99"), mac));
		CU_ASSERT_PTR_NULL(strstr(cmd(&R2, "show arp"), "10.1.23.99"));
	}
	cmd(&R2, "clear arp-cache");
	CU_ASSERT_FALSE(arp_lookup(R2.r, A("10.1.23.3"), mac));
	CU_ASSERT_FALSE(arp_lookup(R2.r, A("10.1.23.4"), mac));
	/* Really gone: the next packet to R4 starts a new resolution. */
	HAS(cmd(&R2, "ping 10.1.23.4 repeat 1"), "\n.\nSuccess rate is 0 "
	    "percent (0/1)\n");
	CU_ASSERT_TRUE(arp_lookup(R2.r, A("10.1.23.4"), mac));
	/* Proxy ARP: R4 reaches 1.1.1.1 "directly" through R2.  R4's first
	 * echo starts its ARP for 1.1.1.1 and is dropped; R2 answers with
	 * its own MAC and the rest go through. */
	cfg(&R4, "ip route 1.1.1.1 255.255.255.255 Ethernet0/0\n");
	HAS(cmd(&R4, "ping 1.1.1.1 repeat 3"), "\n.!!\nSuccess rate is 66 "
	    "percent (2/3)");
	CU_ASSERT_TRUE(arp_lookup(R4.r, A("1.1.1.1"), mac));
	CU_ASSERT_EQUAL(memcmp(mac, e2->mac, 6), 0);
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->arp_tx_proxy, 1);
	/* R3 asks for R4 itself (after forgetting it): no proxy answer from
	 * R2, R4 answers for itself. */
	cmd(&R3, "clear arp-cache");
	HAS(cmd(&R3, "ping 10.1.23.4 repeat 1"), "\n.\nSuccess rate is 0 "
	    "percent (0/1)\n");
	CU_ASSERT_TRUE(arp_lookup(R3.r, A("10.1.23.4"), mac));
	CU_ASSERT_EQUAL(memcmp(mac,
	    router_find_iface(R4.r, "Ethernet0/0")->mac, 6), 0);
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->arp_tx_proxy, 1);
	cfg(&R4, "no ip route 1.1.1.1 255.255.255.255 Ethernet0/0\n");
}

/* ---- fragments -------------------------------------------------------- */

static void
test_frag(void)
{
	const struct ip_stats *s2 = ip_get_stats(R2.r);
	const struct ip_stats *s3 = ip_get_stats(R3.r);
	uint64_t fr = s2->fragmented, fs = s2->fragments, ra = s3->reassembled;
	uint64_t cf = s2->frag_fail;
	struct ping_result res;
	char marks[16];
	const char *s;

	cfg(&R2, "interface Ethernet0/0\nip mtu 576\n");
	/* R2's ARP cache was cleared in the ARP test: resolve R3 again (the
	 * first echo is dropped there) before counting fragments. */
	ip_ping(R1.r, A("10.1.23.3"), 0, 1, 100, 2 * VT_SEC, false, &res,
	    marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, ".");
	fr = s2->fragmented;
	fs = s2->fragments;
	ra = s3->reassembled;
	ip_ping(R1.r, A("10.1.23.3"), 0, 5, 1500, 2 * VT_SEC, false, &res,
	    marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, "!!!!!");
	/* 1480 bytes of payload in 552-byte pieces: 3 fragments each. */
	CU_ASSERT_EQUAL(s2->fragmented - fr, 5);
	CU_ASSERT_EQUAL(s2->fragments - fs, 15);
	CU_ASSERT_EQUAL(s3->reassembled - ra, 5);
	/* DF: fragmentation needed, rate limited like every unreachable. */
	s = cmd(&R1, "ping 10.1.23.3 size 1500 df-bit");
	HAS(s, "Packet sent with the DF bit set\nM.M.M\n"
	    "Success rate is 0 percent (0/5)\n");
	CU_ASSERT_EQUAL(s2->frag_fail - cf, 5);
	/* Our own packets too (after the 500 ms unreachable limit). */
	run(1);
	ip_ping(R2.r, A("10.1.23.3"), 0, 1, 1000, 2 * VT_SEC, true, &res,
	    marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, "M");
	cfg(&R2, "interface Ethernet0/0\nno ip mtu\n");
}

static void
test_reasm_timeout(void)
{
	const struct ip_stats *s3 = ip_get_stats(R3.r);
	uint64_t to = s3->reasm_timeouts;
	struct pkt *p = pkt_new(20 + 64);
	const char *s;

	/* The first fragment only: MF set, nothing follows. */
	p->data[0] = 0x45;
	p->data[2] = 0;
	p->data[3] = 84;
	p->data[4] = 0x77;
	p->data[6] = 0x20;		/* MF */
	p->data[8] = 64;
	p->data[9] = IP_PROTO_UDP;
	p->data[12] = 10; p->data[13] = 1; p->data[14] = 12; p->data[15] = 1;
	p->data[16] = 10; p->data[17] = 1; p->data[18] = 23; p->data[19] = 3;
	CU_ASSERT_EQUAL(ip_output(R1.r, p), 0);
	run(29);
	CU_ASSERT_EQUAL(s3->reasm_timeouts, to);
	run(2);
	CU_ASSERT_EQUAL(s3->reasm_timeouts, to + 1);
	s = cmd(&R3, "show ip traffic | section Frags");
	HAS(s, "Frags: ");
	HAS(s, "timeouts, 0 couldn't reassemble\n");
	HAS(s, "fragmented, 0 fragments, 0 couldn't fragment\n");
	CU_ASSERT_PTR_NULL(strstr(s, "Bcast"));
}

/* ---- TTL, unreachables, ACL ------------------------------------------- */

static void
test_traceroute(void)
{
	uint64_t te = ip_get_stats(R2.r)->icmp_out_time_exceeded;
	const char *s;

	s = cmd(&R1, "traceroute 10.1.23.3");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Tracing the route to 10.1.23.3\n"
	    "VRF info: (vrf in name/id, vrf out name/id)\n"
	    "  1 10.1.12.2 2 msec 2 msec 2 msec \n"
	    "  2 10.1.23.3 2 msec *  2 msec \n");
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->icmp_out_time_exceeded - te, 3);
	/* Nothing answers beyond R2 for this one. */
	s = cmd(&R1, "traceroute 10.1.23.99 ttl 2 3 timeout 1 probe 2");
	HAS(s, "  2  *  * \n  3  *  * \n");
}

static void
test_unreachable(void)
{
	uint64_t nr = ip_get_stats(R2.r)->no_route;
	const char *s;

	s = cmd(&R1, "ping 192.168.99.1");
	HAS(s, "U.U.U\nSuccess rate is 0 percent (0/5)\n");
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->no_route - nr, 5);
	CU_ASSERT_TRUE(ip_get_stats(R1.r)->icmp_in_unreach >= 3);
	/* A local router with no route at all just times out. */
	s = cmd(&R2, "ping 192.168.99.1 repeat 2");
	HAS(s, "..\nSuccess rate is 0 percent (0/2)\n");
	/* Inbound ACL: administratively prohibited, shown as U. */
	cfg(&R2, "access-list 101 deny icmp any host 10.1.23.4\n"
	    "access-list 101 permit ip any any\n"
	    "interface Serial1/0\n"
	    "ip access-group 101 in\n");
	s = cmd(&R1, "ping 10.1.23.4");
	HAS(s, "U.U.U\n");
	CU_ASSERT_EQUAL(ip_get_stats(R2.r)->acl_in_denied, 5);
	s = cmd(&R1, "ping 10.1.23.3 repeat 2");
	HAS(s, "!!\n");
	cfg(&R2, "interface Serial1/0\nno ip access-group 101 in\nexit\n"
	    "no access-list 101\n");
	HAS(cmd(&R1, "ping 10.1.23.4 repeat 1"), "!\n");
}

/* ---- UDP -------------------------------------------------------------- */

static size_t got_len;
static uint32_t got_src;
static uint16_t got_sport;

static void
udp_rx(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
    uint32_t dst, const uint8_t *data, size_t len, struct iface *in_if)
{
	got_len = len;
	got_src = src;
	got_sport = sport;
	for (size_t i = 0; i < len; i++)
		if (data[i] != (uint8_t)i)
			got_len = 0;
}

static void
test_udp(void)
{
	struct udp_sock *srv = udp_open(R3.r, 0, 848, udp_rx, NULL);
	struct udp_sock *cli = udp_open(R1.r, 0, 0, udp_rx, NULL);
	uint64_t np = ip_get_stats(R3.r)->udp_no_port;
	uint64_t un = ip_get_stats(R1.r)->icmp_in_unreach;
	uint8_t buf[3000];

	CU_ASSERT_PTR_NOT_NULL(srv);
	CU_ASSERT_PTR_NOT_NULL(cli);
	CU_ASSERT_PTR_NULL(udp_open(R3.r, 0, 848, udp_rx, NULL));
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	/* Large enough to be fragmented by R1's serial (1500). */
	CU_ASSERT_EQUAL(udp_sendto(cli, 0, A("10.1.23.3"), 848, buf,
	    sizeof(buf)), 0);
	run(1);
	CU_ASSERT_EQUAL(got_len, sizeof(buf));
	CU_ASSERT_EQUAL(got_src, A("10.1.12.1"));
	CU_ASSERT_TRUE(got_sport >= 49152);
	/* Closed port: port unreachable back to the sender. */
	udp_sendto(cli, 0, A("10.1.23.3"), 999, buf, 10);
	run(1);
	CU_ASSERT_EQUAL(ip_get_stats(R3.r)->udp_no_port - np, 1);
	CU_ASSERT_EQUAL(ip_get_stats(R1.r)->icmp_in_unreach - un, 1);
	udp_close(srv);
	udp_close(cli);
	udp_close(NULL);
}

/* ---- interactive commands --------------------------------------------- */

static void
test_extended_ping(void)
{
	static const char *const a1[] = { "", "10.1.23.3", "2", "", "", "y",
	    "Loopback0", "", "", "", "", "", "", NULL };
	static const char *const a2[] = { "10.1.23.4", "", "", "", "", "",
	    NULL };
	const char *s;

	sb_reset(&prompts);
	answers = a1;
	s = cmd(&R1, "ping");
	CU_ASSERT_STRING_EQUAL(sb_str(&prompts), "Protocol [ip]: "
	    "Target IP address: Repeat count [5]: Datagram size [100]: "
	    "Timeout in seconds [2]: Extended commands [n]: "
	    "Source address or interface: Type of service [0]: "
	    "Set DF bit in IP header? [no]: Validate reply data? [no]: "
	    "Data pattern [0xABCD]: "
	    "Loose, Strict, Record, Timestamp, Verbose[none]: "
	    "Sweep range of sizes [n]: ");
	CU_ASSERT_STRING_EQUAL(s, "Type escape sequence to abort.\n"
	    "Sending 2, 100-byte ICMP Echos to 10.1.23.3, timeout is 2 "
	    "seconds:\n"
	    "Packet sent with a source address of 1.1.1.1\n"
	    "!!\n"
	    "Success rate is 100 percent (2/2), round-trip min/avg/max = "
	    "2/2/2 ms\n");
	sb_reset(&prompts);
	answers = a2;
	s = cmd(&R1, "ping ip");
	CU_ASSERT_PTR_NULL(strstr(sb_str(&prompts), "Protocol"));
	HAS(s, "!!!!!\n");
	answers = NULL;
}

static void
test_clear_traffic(void)
{
	static const char *const no[] = { "n", NULL };
	static const char *const yes[] = { "", NULL };
	const char *s;

	CU_ASSERT_TRUE(ip_get_stats(R3.r)->rcvd > 0);
	answers = no;
	cmd(&R3, "clear ip traffic");
	CU_ASSERT_TRUE(ip_get_stats(R3.r)->rcvd > 0);
	sb_reset(&prompts);
	answers = yes;
	cmd(&R3, "clear ip traffic");
	CU_ASSERT_STRING_EQUAL(sb_str(&prompts),
	    "Clear \"show ip traffic\" counters [confirm]");
	CU_ASSERT_EQUAL(ip_get_stats(R3.r)->rcvd, 0);
	answers = NULL;
	cmd(&R1, "ping 10.1.23.3 repeat 1");
	s = cmd(&R3, "show ip traffic");
	HAS(s, "IP statistics:\n"
	    "  Rcvd:  1 total, 1 local destination\n"
	    "         0 format errors, 0 checksum errors, 0 bad hop count\n");
	HAS(s, "  Sent:  1 generated, 0 forwarded\n");
	HAS(s, "ICMP statistics:\n"
	    "  Rcvd: 0 format errors, 0 checksum errors, 0 redirects, 0 "
	    "unreachable\n"
	    "        1 echo, 0 echo reply, 0 mask requests, 0 mask replies, 0 "
	    "quench\n");
	HAS(s, "  Sent: 0 redirects, 0 unreachable, 0 echo, 1 echo reply\n");
	HAS(s, "UDP statistics:\n  Rcvd: 0 total, 0 checksum errors, 0 no "
	    "port\n");
}

static void
test_link_down(void)
{
	struct ping_result res;
	char marks[8];

	cfg(&R2, "interface Serial1/0\nshutdown\n");
	run(5);
	ip_ping(R3.r, A("1.1.1.1"), 0, 2, 100, 2 * VT_SEC, false, &res,
	    marks, sizeof(marks));
	/* R2 lost its route to 1.1.1.1 (next hop no longer connected). */
	CU_ASSERT_STRING_EQUAL(marks, "U.");
	HAS(cmd(&R2, "show ip route"), "Gateway of last resort is not set\n"
	    "\n"
	    "      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks\n"
	    "C        10.1.23.0/24 is directly connected, Ethernet0/0\n"
	    "L        10.1.23.2/32 is directly connected, Ethernet0/0\n");
	cfg(&R2, "interface Serial1/0\nno shutdown\n");
	run(5);
	ip_ping(R3.r, A("1.1.1.1"), 0, 2, 100, 2 * VT_SEC, false, &res,
	    marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, "!!");
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("ip-helpers", NULL, NULL);
	CU_add_test(s, "checksum", test_cksum);
	CU_add_test(s, "text", test_text);
	s = CU_add_suite("ip-lab", lab_setup, lab_teardown);
	CU_add_test(s, "longest prefix match", test_lpm);
	CU_add_test(s, "show ip route", test_show_route);
	CU_add_test(s, "first ping drops for arp", test_arp_first_contact);
	CU_add_test(s, "ping across 3 routers", test_ping);
	CU_add_test(s, "arp on a segment", test_arp);
	CU_add_test(s, "fragmentation", test_frag);
	CU_add_test(s, "reassembly timeout", test_reasm_timeout);
	CU_add_test(s, "traceroute / ttl", test_traceroute);
	CU_add_test(s, "unreachables and acl", test_unreachable);
	CU_add_test(s, "udp sockets", test_udp);
	CU_add_test(s, "extended ping", test_extended_ping);
	CU_add_test(s, "show/clear ip traffic", test_clear_traffic);
	CU_add_test(s, "link down", test_link_down);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
