/* Multicast: duration format, and a three-router lab (R1 - R2 - R3) where
 * R2 floods with an RPF check, R3 joined the group, configured through the
 * CLI so the commands, show ip mroute / igmp groups and the running-config
 * lines are exercised too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "testlab.h"
#include "ipv4.h"
#include "lab.h"
#include "mcast_priv.h"
#include "netsim.h"
#include "pkt.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static struct rt R1, R2, R3;

static void
send_udp(struct router *r, const char *src, const char *dst, uint8_t ttl)
{
	struct pkt *p = pkt_new(8 + 20);

	p->data[0] = 0x03; p->data[1] = 0x50;	/* 848 -> 848 */
	p->data[2] = 0x03; p->data[3] = 0x50;
	p->data[5] = 28;
	ip_send(r, A(src), A(dst), 17, 0, ttl, p);
}

static int
lab_setup(void)
{
	const char *err = NULL;

	vpnsim_init();
	lab_init(1);
	R1.r = lab_add_router("R1", &err);
	R2.r = lab_add_router("R2", &err);
	R3.r = lab_add_router("R3", &err);
	if (R1.r == NULL || R2.r == NULL || R3.r == NULL)
		return 1;
	lab_add_link(R1.r, "Serial1/0", R2.r, "Serial1/0", &err);
	lab_add_link(R2.r, "Serial1/1", R3.r, "Serial1/0", &err);
	R1.vty = vty_new(R1.r, sink, NULL);
	R2.vty = vty_new(R2.r, sink, NULL);
	R3.vty = vty_new(R3.r, sink, NULL);
	cmd(&R1, "enable");
	cmd(&R2, "enable");
	cmd(&R3, "enable");
	cfg(&R1,
	    "interface Serial1/0\n"
	    "ip address 10.0.12.1 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 10.0.23.0 255.255.255.0 10.0.12.2\n");
	cfg(&R2,
	    "ip multicast-routing\n"
	    "interface Serial1/0\n"
	    "ip address 10.0.12.2 255.255.255.0\n"
	    "ip pim sparse-dense-mode\n"
	    "no shutdown\n"
	    "interface Serial1/1\n"
	    "ip address 10.0.23.2 255.255.255.0\n"
	    "ip pim sparse-dense-mode\n"
	    "no shutdown\n");
	cfg(&R3,
	    "ip multicast-routing\n"
	    "interface Serial1/0\n"
	    "ip address 10.0.23.3 255.255.255.0\n"
	    "ip pim sparse-dense-mode\n"
	    "ip igmp join-group 239.1.1.1\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 10.0.12.0 255.255.255.0 10.0.23.2\n");
	sched_run_until(sched_now() + 30 * VT_SEC);
	return 0;
}

static int
lab_teardown(void)
{
	vty_free(R1.vty);
	vty_free(R2.vty);
	vty_free(R3.vty);
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

static void
test_dur(void)
{
	char	b[16];

	CU_ASSERT_STRING_EQUAL(mcast_fmt_dur(0, b), "00:00:00");
	CU_ASSERT_STRING_EQUAL(mcast_fmt_dur(72 * VT_SEC, b), "00:01:12");
	CU_ASSERT_STRING_EQUAL(mcast_fmt_dur(86399 * VT_SEC, b), "23:59:59");
	CU_ASSERT_STRING_EQUAL(mcast_fmt_dur((86400 + 7200) * VT_SEC, b),
	    "1d02h");
	CU_ASSERT_STRING_EQUAL(mcast_fmt_dur(17 * 86400 * VT_SEC, b),
	    "2w3d");
}

static void
test_flood(void)
{
	const char *s;

	CU_ASSERT_TRUE(mcast_is_member(R3.r, A("239.1.1.1")));
	CU_ASSERT_FALSE(mcast_is_member(R2.r, A("239.1.1.1")));
	send_udp(R1.r, "10.0.12.1", "239.1.1.1", 255);
	sched_run_until(sched_now() + 72 * VT_SEC);
	CU_ASSERT_EQUAL(mcast_sg_packets(R2.r, A("10.0.12.1"),
	    A("239.1.1.1")), 1);
	CU_ASSERT_EQUAL(mcast_stats(R2.r)->forwarded, 1);
	CU_ASSERT_EQUAL(mcast_sg_packets(R3.r, A("10.0.12.1"),
	    A("239.1.1.1")), 1);

	s = cmd(&R2, "show ip mroute 239.1.1.1");
	CU_ASSERT_PTR_NOT_NULL(strstr(s,
	    "(*, 239.1.1.1), 00:01:12/stopped, RP 0.0.0.0, flags: D\n"
	    "  Incoming interface: Null, RPF nbr 0.0.0.0\n"
	    "  Outgoing interface list:\n"
	    "    Serial1/0, Forward/Sparse-Dense, 00:01:12/stopped\n"
	    "    Serial1/1, Forward/Sparse-Dense, 00:01:12/stopped\n"
	    "\n"
	    "(10.0.12.1, 239.1.1.1), 00:01:12/00:01:48, flags: T\n"
	    "  Incoming interface: Serial1/0, RPF nbr 0.0.0.0\n"
	    "  Outgoing interface list:\n"
	    "    Serial1/1, Forward/Sparse-Dense, 00:01:12/00:00:00\n"
	    "\n"));
	if (strstr(s, "(10.0.12.1, 239.1.1.1), 00:01:12/00:01:48") == NULL)
		fprintf(stderr, "\n%s", s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "IP Multicast Routing Table\n"
	    "Flags: D - Dense, S - Sparse, B - Bidir Group"));
	/* R3 is a leaf: nothing to forward to, the group is local. */
	s = cmd(&R3, "show ip mroute 239.1.1.1");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "flags: DCL\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "flags: LPT\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s,
	    "  Incoming interface: Serial1/0, RPF nbr 10.0.23.2\n"
	    "  Outgoing interface list: Null\n"));
	s = cmd(&R3, "show ip igmp groups");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "IGMP Connected Group Membership\n"
	    "Group Address    Interface                Uptime    Expires   "
	    "Last Reporter   Group Accounted\n"
	    "239.1.1.1        Serial1/0                "));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "224.0.1.40       Serial1/0"));

	/* TTL 1 is not forwarded. */
	send_udp(R1.r, "10.0.12.1", "239.1.1.1", 1);
	sched_run_until(sched_now() + VT_SEC);
	CU_ASSERT_EQUAL(mcast_stats(R2.r)->forwarded, 1);
	CU_ASSERT_EQUAL(mcast_stats(R2.r)->ttl_dropped, 1);

	/* Expiry after 3 minutes without traffic. */
	sched_run_until(sched_now() + 200 * VT_SEC);
	CU_ASSERT_EQUAL(mcast_sg_packets(R2.r, A("10.0.12.1"),
	    A("239.1.1.1")), -1);
	s = cmd(&R2, "show ip mroute");
	CU_ASSERT_PTR_NULL(strstr(s, "239.1.1.1"));
}

static void
test_rpf(void)
{
	uint64_t f = mcast_stats(R2.r)->rpf_failed;

	/* R3's source arrives on Serial1/1 at R2: passes RPF; a packet
	 * claiming R1's subnet from R3 fails it. */
	send_udp(R3.r, "10.0.23.3", "239.2.2.2", 255);
	sched_run_until(sched_now() + VT_SEC);
	CU_ASSERT_EQUAL(mcast_sg_packets(R2.r, A("10.0.23.3"),
	    A("239.2.2.2")), 1);
	CU_ASSERT_EQUAL(mcast_stats(R2.r)->rpf_failed, f);
	send_udp(R3.r, "10.0.12.99", "239.2.2.2", 255);
	sched_run_until(sched_now() + VT_SEC);
	CU_ASSERT_EQUAL(mcast_stats(R2.r)->rpf_failed, f + 1);
	CU_ASSERT_EQUAL(mcast_sg_packets(R2.r, A("10.0.12.99"),
	    A("239.2.2.2")), -1);
	cmd(&R2, "clear ip mroute *");
	CU_ASSERT_EQUAL(mcast_sg_packets(R2.r, A("10.0.23.3"),
	    A("239.2.2.2")), -1);
}

static void
test_config(void)
{
	const char *s;

	s = cmd(&R3, "show running-config");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "ip multicast-routing\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, " ip pim sparse-dense-mode\n"
	    " ip igmp join-group 239.1.1.1\n"));
	cfg(&R3, "interface Serial1/0\n"
	    "no ip igmp join-group 239.1.1.1\n"
	    "ip pim dense-mode\n");
	CU_ASSERT_FALSE(mcast_is_member(R3.r, A("239.1.1.1")));
	s = cmd(&R3, "show running-config");
	CU_ASSERT_PTR_NULL(strstr(s, "join-group"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, " ip pim dense-mode\n"));
	cfg(&R3, "interface Serial1/0\nno ip pim dense-mode\n"
	    "exit\nno ip multicast-routing\n");
	s = cmd(&R3, "show running-config");
	CU_ASSERT_PTR_NULL(strstr(s, "ip pim"));
	CU_ASSERT_PTR_NULL(strstr(s, "multicast-routing"));
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("mcast-format", NULL, NULL);
	CU_add_test(s, "durations", test_dur);
	s = CU_add_suite("mcast-lab", lab_setup, lab_teardown);
	CU_add_test(s, "flood, RPF, show", test_flood);
	CU_add_test(s, "rpf and clear", test_rpf);
	CU_add_test(s, "running-config", test_config);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
