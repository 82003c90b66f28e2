/* Running-config round trip: a router loaded from its own
 * `show running-config` shows the same configuration (dump, reparse,
 * dump, compare), for a config touching every area of the foundation. */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lab.h"
#include "netsim.h"
#include "router.h"
#include "strbuf.h"

static const char *const base_config =
	"hostname EDGE1\n"
	"service timestamps debug datetime msec\n"
	"service timestamps log datetime msec\n"
	"logging buffered 51200 informational\n"
	"enable secret 0 cisco\n"
	"ip multicast-routing\n"
	"interface Loopback0\n"
	" ip address 1.1.1.1 255.255.255.255\n"
	"interface Ethernet0/0\n"
	" description LAN side\n"
	" ip address 192.168.13.1 255.255.255.0\n"
	" ip access-group 101 in\n"
	" ip mtu 1400\n"
	" no shutdown\n"
	"interface Serial1/0\n"
	" bandwidth 2048\n"
	" ip address 10.1.13.2 255.255.255.0\n"
	" ip pim sparse-dense-mode\n"
	" ip igmp join-group 226.1.1.1\n"
	" clock rate 64000\n"
	" no shutdown\n"
	"interface Serial1/1\n"
	" no ip address\n"
	"ip route 0.0.0.0 0.0.0.0 10.1.13.1\n"
	"ip route 192.168.14.0 255.255.255.0 Serial1/0 10.1.13.1 5 name GM2-LAN\n"
	"access-list 10 permit 10.1.0.0 0.0.255.255\n"
	"access-list 101 permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848\n"
	"access-list 101 deny icmp any any echo\n"
	"access-list 101 permit ip any any\n"
	"ip access-list extended GETVPN-ACL\n"
	" remark traffic to encrypt\n"
	" permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255\n"
	" deny   tcp any any range 20 21\n"
	"line con 0\n"
	" exec-timeout 0 0\n"
	" logging synchronous\n"
	"end\n";

static void
test_roundtrip(void)
{
	struct router *a, *b;
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	char *one, *two;
	int n;

	lab_init(1);
	a = lab_add_router("A", &err);
	b = lab_add_router("B", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);

	n = router_load_config(a, base_config, &errs);
	if (n != 0)
		fprintf(stderr, "config errors:\n%s\n", sb_str(&errs));
	CU_ASSERT_EQUAL(n, 0);
	one = cli_running_config(a);
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "hostname EDGE1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "interface Serial1/0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "access-list 101 permit udp host 10.1.11.2 eq 848 host 10.1.13.2 eq 848\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "ip access-list extended GETVPN-ACL\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "ip route 0.0.0.0 0.0.0.0 10.1.13.1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, " ip pim sparse-dense-mode\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "logging buffered 51200 informational\n"));

	sb_reset(&errs);
	n = router_load_config(b, one, &errs);
	if (n != 0)
		fprintf(stderr, "reload errors:\n%s\n", sb_str(&errs));
	CU_ASSERT_EQUAL(n, 0);
	two = cli_running_config(b);
	if (strcmp(one, two) != 0)
		fprintf(stderr, "--- first\n%s\n--- second\n%s\n", one, two);
	CU_ASSERT_STRING_EQUAL(one, two);
	free(one);
	free(two);
	sb_free(&errs);
	lab_free();
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	vpnsim_init();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("running-config", NULL, NULL);
	CU_add_test(s, "round trip", test_roundtrip);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	vpnsim_shutdown();
	return nf ? 1 : 0;
}
