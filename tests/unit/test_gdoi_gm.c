/* The group member's decisions (gdoi/gdoi_gm_dp.c, gdoi_gm_dir.c,
 * gdoi_failclose.c) without a key server: packet selectors (bounds,
 * fragments, the mirror), ACE coverage with protocols and port ranges,
 * the direction precedence of seed 003 (exec override, `passive`,
 * receive-only, the passive phase of a conversion) and fail-close (in
 * force until registration, deny lines forward in clear, mirrored for
 * inbound traffic, the member's own registration passes, other members'
 * does not). */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "crypto_cfg.h"
#include "gdoi_cfg.h"
#include "gdoi_gm_int.h"
#include "gdoi_proto.h"
#include "ipv4.h"
#include "lab.h"
#include "netsim.h"
#include "pkt.h"
#include "router.h"
#include "strbuf.h"

static struct router *gm;
static struct strbuf out = STRBUF_INIT;

static const char gm_config[] =
	"crypto gdoi group G1\n"
	" identity number 3333\n"
	" server address ipv4 10.1.11.2\n"
	"crypto map gm_map 10 gdoi\n"
	" set group G1\n"
	"crypto map gm_map gdoi fail-close\n"
	" match address 105\n"
	"access-list 105 deny icmp any host 10.1.13.1\n"
	"access-list 105 permit udp any any eq 53\n"
	"interface Serial1/0\n"
	" ip address 10.1.13.2 255.255.255.252\n"
	" crypto map gm_map\n"
	" no shutdown\n";

static void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	sb_add(&out, data, len);
}

static const char *
run(const char *line)
{
	struct vty *v = vty_new(gm, sink, NULL);

	cli_execute(v, "enable");
	sb_reset(&out);
	cli_execute(v, line);
	vty_free(v);
	return sb_str(&out);
}

static void
config(const char *lines)
{
	struct strbuf errs = STRBUF_INIT;

	CU_ASSERT_EQUAL(router_load_config(gm, lines, &errs), 0);
	if (errs.len > 0)
		fprintf(stderr, "config errors:\n%s\n", sb_str(&errs));
	sb_free(&errs);
}

static int
setup(void)
{
	const char *err = NULL;
	struct strbuf errs = STRBUF_INIT;
	int	 n;

	vpnsim_init();
	lab_init(1);
	if ((gm = lab_add_router("GM1", &err)) == NULL)
		return 1;
	n = router_load_config(gm, gm_config, &errs);
	if (n != 0)
		fprintf(stderr, "config errors:\n%s\n", sb_str(&errs));
	sb_free(&errs);
	return n;
}

static int
teardown(void)
{
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

/* An IPv4 packet: 20-byte header and 8 bytes of transport header. */
static struct pkt *
mkpkt(uint8_t proto, const char *src, const char *dst, uint16_t sport,
    uint16_t dport, uint16_t frag)
{
	struct pkt *p = pkt_new(28);
	uint32_t s = 0, d = 0;

	ip_aton(src, &s);
	ip_aton(dst, &d);
	memset(p->data, 0, 28);
	p->data[0] = 0x45;
	p->data[3] = 28;
	p->data[6] = (uint8_t)(frag >> 8);
	p->data[7] = (uint8_t)frag;
	p->data[8] = 64;
	p->data[9] = proto;
	for (int i = 0; i < 4; i++) {
		p->data[12 + i] = (uint8_t)(s >> (24 - 8 * i));
		p->data[16 + i] = (uint8_t)(d >> (24 - 8 * i));
	}
	p->data[20] = (uint8_t)(sport >> 8);
	p->data[21] = (uint8_t)sport;
	p->data[22] = (uint8_t)(dport >> 8);
	p->data[23] = (uint8_t)dport;
	return p;
}

static void
test_psel(void)
{
	struct gdoi_psel s, m;
	struct pkt *p;

	p = mkpkt(17, "192.168.13.2", "192.168.14.2", 1234, 53, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_EQUAL(s.proto, 17);
	CU_ASSERT_EQUAL(s.sport, 1234);
	CU_ASSERT_EQUAL(s.dport, 53);
	CU_ASSERT_FALSE(s.frag);
	gdoi_psel_mirror(&s, &m);
	CU_ASSERT_EQUAL(m.src, s.dst);
	CU_ASSERT_EQUAL(m.dst, s.src);
	CU_ASSERT_EQUAL(m.sport, 53);
	CU_ASSERT_EQUAL(m.dport, 1234);
	pkt_free(p);
	/* A later fragment has no ports; MF alone marks a fragment. */
	p = mkpkt(17, "1.1.1.1", "2.2.2.2", 1234, 53, 0x0010);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(s.frag);
	CU_ASSERT_EQUAL(s.sport, 0);
	pkt_free(p);
	p = mkpkt(50, "1.1.1.1", "2.2.2.2", 0, 0, 0x2000);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(s.frag);
	/* Truncated, wrong version, header longer than the packet. */
	p->len = 19;
	CU_ASSERT_FALSE(gdoi_psel_parse(p, &s));
	p->len = 28;
	p->data[0] = 0x65;
	CU_ASSERT_FALSE(gdoi_psel_parse(p, &s));
	p->data[0] = 0x48;
	CU_ASSERT_FALSE(gdoi_psel_parse(p, &s));
	pkt_free(p);
}

static void
test_covers(void)
{
	struct acl_entry_view v;

	memset(&v, 0, sizeof(v));
	v.permit = true;
	v.proto = 17;
	ip_aton("192.168.0.0", &v.src);
	v.src_wild = 0x0000ffff;
	v.dst_wild = 0xffffffff;
	v.sport_lo = 0;
	v.sport_hi = 65535;
	v.dport_lo = 33434;
	v.dport_hi = 33534;
	CU_ASSERT_TRUE(gdoi_ace_covers(&v, 17, 0xc0a80d02, 0x0a000001, 999,
	    33434));
	CU_ASSERT_TRUE(gdoi_ace_covers(&v, 17, 0xc0a80d02, 0x0a000001, 999,
	    33534));
	CU_ASSERT_FALSE(gdoi_ace_covers(&v, 17, 0xc0a80d02, 0x0a000001, 999,
	    33535));
	CU_ASSERT_FALSE(gdoi_ace_covers(&v, 6, 0xc0a80d02, 0x0a000001, 999,
	    33434));
	CU_ASSERT_FALSE(gdoi_ace_covers(&v, 17, 0xc0a90d02, 0x0a000001, 999,
	    33434));
	/* `ip` covers every protocol; ports only matter for TCP/UDP. */
	v.proto = 0;
	CU_ASSERT_TRUE(gdoi_ace_covers(&v, 1, 0xc0a80d02, 0x0a000001, 0, 0));
}

static void
test_direction(void)
{
	struct gdoi_proto *p = gdoi_proto(gm);
	struct gdoi_gmg *g;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	g = gdoi_gmg(p, "G1", true);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_BOTH);
	CU_ASSERT_STRING_EQUAL(gdoi_gm_dir_text(g), "Both");
	g->recv_only = true;
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_ONLY);
	CU_ASSERT_STRING_EQUAL(gdoi_gm_dir_text(g), "Inbound Only");
	/* `passive` beats the key server. */
	config("crypto gdoi group G1\n passive\n");
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_OPTIONAL);
	CU_ASSERT_STRING_EQUAL(gdoi_gm_dir_text(g), "Inbound Optional");
	/* The exec command beats `passive` ... */
	run("crypto gdoi gm ipsec direction both");
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_BOTH);
	run("crypto gdoi gm group G1 ipsec direction inbound only");
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_ONLY);
	/* ... until the next policy from the key server. */
	gdoi_gm_dir_policy(g, false, true);
	CU_ASSERT_EQUAL(gdoi_state(gm)->gm_direction, GDOI_DIR_DEFAULT);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_OPTIONAL);
	config("crypto gdoi group G1\n no passive\n");
	/* Receive-only lifted: passive for 5 minutes, then both. */
	CU_ASSERT_TRUE(g->conv_passive);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_OPTIONAL);
	sched_run_until(sched_now() + 299 * VT_SEC);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_OPTIONAL);
	sched_run_until(sched_now() + 2 * VT_SEC);
	CU_ASSERT_FALSE(g->conv_passive);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_BOTH);
	/* A receive-only policy again, and an exec override for another
	 * group does not apply. */
	gdoi_gm_dir_policy(g, true, true);
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_ONLY);
	snprintf(gdoi_state(gm)->gm_direction_group,
	    sizeof(gdoi_state(gm)->gm_direction_group), "%s", "OTHER");
	gdoi_state(gm)->gm_direction = GDOI_DIR_BOTH;
	CU_ASSERT_EQUAL(gdoi_gm_dir(g), GDOI_DIR_INBOUND_ONLY);
	gdoi_state(gm)->gm_direction = GDOI_DIR_DEFAULT;
	gdoi_state(gm)->gm_direction_group[0] = '\0';
	g->recv_only = false;
}

static void
test_failclose(void)
{
	struct crypto_map *m = ipsec_map_find(gm, "gm_map");
	struct gdoi_gmg *g = gdoi_gmg(gdoi_proto(gm), "G1", true);
	struct gdoi_psel s;
	struct pkt *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	/* Not activated: not in force. */
	CU_ASSERT_FALSE(gdoi_failclose_active(gm, m));
	config("crypto map gm_map gdoi fail-close\n activate\n");
	CU_ASSERT_TRUE(gdoi_failclose_active(gm, m));
	/* The deny line forwards in clear, outbound and mirrored. */
	p = mkpkt(1, "192.168.13.2", "10.1.13.1", 0, 0, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(gdoi_failclose_clear(gm, m, &s, false));
	CU_ASSERT_FALSE(gdoi_failclose_clear(gm, m, &s, true));
	pkt_free(p);
	p = mkpkt(1, "10.1.13.1", "192.168.13.2", 0, 0, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(gdoi_failclose_clear(gm, m, &s, true));
	pkt_free(p);
	/* A permit line drops, as does what no line matches. */
	p = mkpkt(17, "192.168.13.2", "10.9.9.9", 1000, 53, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_FALSE(gdoi_failclose_clear(gm, m, &s, false));
	pkt_free(p);
	p = mkpkt(6, "192.168.13.2", "10.9.9.9", 1000, 23, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_FALSE(gdoi_failclose_clear(gm, m, &s, false));
	pkt_free(p);
	/* Our registration with our KS passes; another member's not. */
	p = mkpkt(17, "10.1.13.2", "10.1.11.2", 848, 848, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(gdoi_failclose_clear(gm, m, &s, false));
	pkt_free(p);
	p = mkpkt(17, "10.1.11.2", "10.1.13.2", 848, 848, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_TRUE(gdoi_failclose_clear(gm, m, &s, true));
	pkt_free(p);
	p = mkpkt(17, "10.1.14.2", "10.1.11.2", 848, 848, 0);
	CU_ASSERT_TRUE(gdoi_psel_parse(p, &s));
	CU_ASSERT_FALSE(gdoi_failclose_clear(gm, m, &s, false));
	pkt_free(p);
	/* Registered: lifted; `clear crypto gdoi` brings it back. */
	g->fc_lifted = true;
	CU_ASSERT_FALSE(gdoi_failclose_active(gm, m));
	run("clear crypto gdoi");
	CU_ASSERT_FALSE(g->fc_lifted);
	CU_ASSERT_TRUE(gdoi_failclose_active(gm, m));
}

int
main(void)
{
	CU_pSuite s;
	int	 rc;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_gm", setup, teardown);
	CU_add_test(s, "selectors", test_psel);
	CU_add_test(s, "ACE coverage", test_covers);
	CU_add_test(s, "directions", test_direction);
	CU_add_test(s, "fail-close", test_failclose);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	rc = CU_get_number_of_tests_failed() != 0 ||
	    CU_get_number_of_failures() != 0;
	CU_cleanup_registry();
	return rc;
}
