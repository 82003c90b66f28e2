/* Crypto-map data plane with hand-installed SAs (no IKE):
 *
 *   HUB Lo0 3.1.1.1/24, Se1/0 30.3.1.1/24 --- ISP --- Se1/0 40.10.1.1/24
 *   SPOKE Lo0 4.1.1.1/24; crypto map CMAP 10 on both WAN interfaces with
 *   ACL 101 LAN <-> LAN, ESP aes/sha-hmac tunnel.
 *
 * ISP drops clear ICMP between the LANs, so a ping between the LANs only passes encrypted.
 * Covers: drops without SA, encapsulation and counters, the show layouts,
 * tampering (MAC error), an unknown SPI, a replayed packet, reordering on a
 * link against window sizes 64 and 1024, clear text that should have been
 * ESP, reverse routes (dynamic and static), DF and the plaintext MTU, and
 * the clear commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "testlab.h"
#include "engine.h"
#include "esp.h"
#include "iface.h"
#include "ipv4.h"
#include "lab.h"
#include "link.h"
#include "netsim.h"
#include "pkt.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "sched.h"
#include "strbuf.h"
#include "xform.h"

static struct rt HUB, ISP, SPOKE;
static struct link *l_spoke;

static void
run_ms(int ms)
{
	sched_run_until(sched_now() + (vtime_t)ms * VT_MSEC);
}



static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static const char crypto_common[] =
    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
    "crypto map CMAP 10 ipsec-isakmp\n"
    "set transform-set TS\n"
    "match address 101\n"
    "exit\n";

static int
lab_setup(void)
{
	const char *err = NULL;
	struct link *l;

	vpnsim_init();
	lab_init(1);
	HUB.r = lab_add_router("HUB", &err);
	ISP.r = lab_add_router("ISP", &err);
	SPOKE.r = lab_add_router("SPOKE", &err);
	if (!HUB.r || !ISP.r || !SPOKE.r)
		return 1;
	l = lab_add_link(HUB.r, "Serial1/0", ISP.r, "Serial1/0", &err);
	l_spoke = lab_add_link(SPOKE.r, "Serial1/0", ISP.r, "Serial1/1", &err);
	if (l == NULL || l_spoke == NULL)
		return 1;
	l->delay = l_spoke->delay = 1 * VT_MSEC;
	HUB.vty = vty_new(HUB.r, sink, NULL);
	ISP.vty = vty_new(ISP.r, sink, NULL);
	SPOKE.vty = vty_new(SPOKE.r, sink, NULL);
	cmd(&HUB, "enable");
	cmd(&ISP, "enable");
	cmd(&SPOKE, "enable");
	cfg(&ISP,
	    "access-list 150 deny icmp 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255\n"
	    "access-list 150 deny icmp 4.1.1.0 0.0.0.255 3.1.1.0 0.0.0.255\n"
	    "access-list 150 permit ip any any\n"
	    "interface Serial1/0\n"
	    "ip address 30.3.1.2 255.255.255.0\n"
	    "ip access-group 150 in\n"
	    "no shutdown\n"
	    "interface Serial1/1\n"
	    "ip address 40.10.1.2 255.255.255.0\n"
	    "ip access-group 150 in\n"
	    "no shutdown\n");
	cfg(&HUB,
	    "access-list 101 permit ip 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255\n"
	    "interface Loopback0\n"
	    "ip address 3.1.1.1 255.255.255.0\n"
	    "interface Serial1/0\n"
	    "ip address 30.3.1.1 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 40.0.0.0 255.0.0.0 30.3.1.2\n"
	    "ip route 4.1.1.0 255.255.255.0 30.3.1.2\n");
	cfg(&HUB, crypto_common);
	cfg(&HUB,
	    "crypto map CMAP 10 ipsec-isakmp\n"
	    "set peer 40.10.1.1\n"
	    "interface Serial1/0\n"
	    "crypto map CMAP\n");
	cfg(&SPOKE,
	    "access-list 101 permit ip 4.1.1.0 0.0.0.255 3.1.1.0 0.0.0.255\n"
	    "interface Loopback0\n"
	    "ip address 4.1.1.1 255.255.255.0\n"
	    "interface Serial1/0\n"
	    "ip address 40.10.1.1 255.255.255.0\n"
	    "no shutdown\n"
	    "exit\n"
	    "ip route 0.0.0.0 0.0.0.0 40.10.1.2\n");
	cfg(&SPOKE, crypto_common);
	cfg(&SPOKE,
	    "crypto map CMAP 10 ipsec-isakmp\n"
	    "set peer 30.3.1.1\n"
	    "interface Serial1/0\n"
	    "crypto map CMAP\n");
	run_ms(30000);
	return 0;
}

static int
lab_teardown(void)
{
	vty_free(HUB.vty);
	vty_free(ISP.vty);
	vty_free(SPOKE.vty);
	lab_free();
	vpnsim_shutdown();
	sb_free(&out);
	return 0;
}

/* ---- hand-made SAs -------------------------------------------------------- */

#define SPI_H2S		0x1000		/* HUB -> SPOKE */
#define SPI_S2H		0x2000		/* SPOKE -> HUB */

static const struct esp_cipher *
cipher(void)
{
	return esp_cipher_by_keyword("esp-aes", 0);
}

static const struct esp_auth *
auth(void)
{
	return esp_auth_by_keyword("esp-sha-hmac");
}

static void
keymat(uint32_t spi, uint8_t *km, size_t len)
{
	for (size_t i = 0; i < len; i++)
		km[i] = (uint8_t)(spi * 7 + i * 13);
}

static struct ipsec_sa *
mk_sa(enum ipsec_dir dir, uint32_t spi, uint32_t local, uint32_t peer,
    const char *lnet, const char *rnet, uint32_t conn, unsigned window)
{
	uint8_t km[ESP_MAX_KEY + ESP_MAX_AUTHKEY];
	size_t kl = esp_keymat_len(cipher(), auth());
	struct ipsec_sa *sa = ipsec_sa_new(dir, spi, cipher(), auth());

	keymat(spi, km, kl);
	CU_ASSERT_FATAL(sa != NULL);
	CU_ASSERT_FATAL(ipsec_sa_set_keys(sa, km, kl) == 0);
	sa->mode = IPSEC_MODE_TUNNEL;
	sa->local = local;
	sa->peer = peer;
	sa->lid.addr = A(lnet);
	sa->lid.mask = 0xffffff00u;
	sa->rid.addr = A(rnet);
	sa->rid.mask = 0xffffff00u;
	sa->conn_id = conn;
	ipsec_sa_set_replay(sa, window);
	ipsec_sa_set_lifetime(sa, 3600, 4608000);
	return sa;
}

static struct ipsec_flow *
flow_of(struct rt *t, uint32_t peer, const char *lnet, const char *rnet,
    uint32_t local)
{
	struct ipsec_proxy lid = { A(lnet), 0xffffff00u, 0, 0 };
	struct ipsec_proxy rid = { A(rnet), 0xffffff00u, 0, 0 };
	struct ipsec_flow *f = ipsec_flow_lookup(t->r, "CMAP", 10, "Serial1/0",
	    peer, &lid, &rid, true);

	f->local = local;
	return f;
}

/* A pair on each side, window as given. */
static void
install(unsigned window)
{
	struct ipsec_flow *f;

	f = flow_of(&HUB, A("40.10.1.1"), "3.1.1.0", "4.1.1.0", A("30.3.1.1"));
	CU_ASSERT_EQUAL(ipsec_flow_install(HUB.r, f,
	    mk_sa(IPSEC_DIR_IN, SPI_S2H, A("30.3.1.1"), A("40.10.1.1"),
	    "3.1.1.0", "4.1.1.0", 2001, window),
	    mk_sa(IPSEC_DIR_OUT, SPI_H2S, A("30.3.1.1"), A("40.10.1.1"),
	    "3.1.1.0", "4.1.1.0", 2002, window)), 0);
	f = flow_of(&SPOKE, A("30.3.1.1"), "4.1.1.0", "3.1.1.0",
	    A("40.10.1.1"));
	CU_ASSERT_EQUAL(ipsec_flow_install(SPOKE.r, f,
	    mk_sa(IPSEC_DIR_IN, SPI_H2S, A("40.10.1.1"), A("30.3.1.1"),
	    "4.1.1.0", "3.1.1.0", 2001, window),
	    mk_sa(IPSEC_DIR_OUT, SPI_S2H, A("40.10.1.1"), A("30.3.1.1"),
	    "4.1.1.0", "3.1.1.0", 2002, window)), 0);
}

/* An ESP packet 4.1.1.1 -> 3.1.1.1 (echo request) as SPOKE would send it
 * with sequence number seq+1, built with a copy of SPOKE's outbound keys. */
static struct pkt *
forge(uint32_t spi, uint32_t seq)
{
	struct ipsec_sa *sa = mk_sa(IPSEC_DIR_OUT, spi, A("40.10.1.1"),
	    A("30.3.1.1"), "4.1.1.0", "3.1.1.0", 0, 64);
	struct pkt *p = pkt_new(84);
	uint8_t *b = p->data;
	uint16_t ck;

	b[0] = 0x45;
	b[3] = 84;
	b[8] = 255;
	b[9] = IP_PROTO_ICMP;
	b[12] = 4; b[13] = 1; b[14] = 1; b[15] = 1;
	b[16] = 3; b[17] = 1; b[18] = 1; b[19] = 1;
	ck = ip_cksum(b, 20);
	b[10] = (uint8_t)(ck >> 8);
	b[11] = (uint8_t)ck;
	b[20] = 8;
	ck = ip_cksum(b + 20, 64);
	b[22] = (uint8_t)(ck >> 8);
	b[23] = (uint8_t)ck;
	sa->seq = seq;
	CU_ASSERT_FATAL(esp_encap(sa, p) == ESP_OK);
	ipsec_sa_free(sa);
	return p;
}

static void
inject_hub(struct pkt *p)
{
	struct iface *ifp = router_find_iface(HUB.r, "Serial1/0");

	p->in_if = ifp;
	ip_input(ifp, p);
	run_ms(10);
}

static const char *
ping_lan(struct rt *from, const char *dst, const char *src, int count)
{
	char line[128];

	snprintf(line, sizeof(line), "ping %s source %s repeat %d", dst, src,
	    count);
	return cmd(from, line);
}

static struct ipsec_sa *
hub_in(void)
{
	return sadb_lookup_in(ipsec_sadb(HUB.r), A("30.3.1.1"), SPI_S2H);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_no_sa(void)
{
	const char *s;

	s = ping_lan(&HUB, "4.1.1.1", "3.1.1.1", 5);
	HAS(s, ".....");
	s = cmd(&HUB, "show crypto ipsec sa detail");
	HAS(s, "    #pkts no sa (send) 5, #pkts invalid sa (rcv) 0\n");
	HAS(s, "     current outbound spi: 0x0(0)\n");
	HAS(s, "     plaintext mtu 1500, path mtu 1500, ip mtu 1500, ip mtu "
	    "idb Serial1/0\n");
	/* Traffic that the ACL does not select goes in clear text. */
	s = cmd(&HUB, "ping 40.10.1.1 repeat 2");
	HAS(s, "!!");
	s = cmd(&HUB, "show crypto session detail");
	HAS(s, "Session status: DOWN          \n");
	HAS(s, "        Outbound: #pkts enc'ed 0 drop 5 life (KB/Sec) 0/0\n");
	cmd(&HUB, "clear crypto sa");
}

static const char hub_sa_show[] =
    "\n"
    "interface: Serial1/0\n"
    "    Crypto map tag: CMAP, local addr 30.3.1.1\n"
    "\n"
    "   protected vrf: (none)\n"
    "   local  ident (addr/mask/prot/port): (3.1.1.0/255.255.255.0/0/0)\n"
    "   remote ident (addr/mask/prot/port): (4.1.1.0/255.255.255.0/0/0)\n"
    "   current_peer 40.10.1.1 port 500\n"
    "     PERMIT, flags={origin_is_acl,}\n"
    "    #pkts encaps: 5, #pkts encrypt: 5, #pkts digest: 5\n"
    "    #pkts decaps: 5, #pkts decrypt: 5, #pkts verify: 5\n"
    "    #pkts compressed: 0, #pkts decompressed: 0\n"
    "    #pkts not compressed: 0, #pkts compr. failed: 0\n"
    "    #pkts not decompressed: 0, #pkts decompress failed: 0\n"
    "    #send errors 0, #recv errors 0\n"
    "\n"
    "     local crypto endpt.: 30.3.1.1, remote crypto endpt.: 40.10.1.1\n"
    "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb "
    "Serial1/0\n"
    "     current outbound spi: 0x1000(4096)\n"
    "     PFS (Y/N): N, DH group: none\n"
    "\n"
    "     inbound esp sas:\n"
    "      spi: 0x2000(8192)\n"
    "        transform: esp-aes esp-sha-hmac ,\n"
    "        in use settings ={Tunnel, }\n"
    "        conn id: 2001, flow_id: SW:1, sibling_flags 80000040, crypto "
    "map: CMAP\n"
    "        sa timing: remaining key lifetime (k/sec): (4608000/3599)\n"
    "        IV size: 16 bytes\n"
    "        replay detection support: Y\n"
    "        Status: ACTIVE(ACTIVE)\n"
    "\n"
    "     inbound ah sas:\n"
    "\n"
    "     inbound pcp sas:\n"
    "\n"
    "     outbound esp sas:\n"
    "      spi: 0x1000(4096)\n"
    "        transform: esp-aes esp-sha-hmac ,\n"
    "        in use settings ={Tunnel, }\n"
    "        conn id: 2002, flow_id: SW:2, sibling_flags 80000040, crypto "
    "map: CMAP\n"
    "        sa timing: remaining key lifetime (k/sec): (4608000/3599)\n"
    "        IV size: 16 bytes\n"
    "        replay detection support: Y\n"
    "        Status: ACTIVE(ACTIVE)\n"
    "\n"
    "     outbound ah sas:\n"
    "\n"
    "     outbound pcp sas:\n";

static void
test_encrypted(void)
{
	const char *s;

	install(64);
	s = ping_lan(&HUB, "4.1.1.1", "3.1.1.1", 5);
	HAS(s, "!!!!!");
	/* ISP dropped no ICMP: it only saw ESP. */
	s = cmd(&ISP, "show access-lists 150");
	HAS(s, "deny icmp 3.1.1.0 0.0.0.255 4.1.1.0 0.0.0.255\n");
	HASNT(s, "0.0.0.255 (");
	s = cmd(&HUB, "show crypto ipsec sa");
	CU_ASSERT_STRING_EQUAL(s, hub_sa_show);
	if (strcmp(s, hub_sa_show) != 0)
		fprintf(stderr, "\n--- got:\n%s", s);
	s = cmd(&SPOKE, "show crypto ipsec sa peer 30.3.1.1");
	HAS(s, "    #pkts decaps: 5, #pkts decrypt: 5, #pkts verify: 5\n");
	s = cmd(&HUB, "show crypto ipsec sa peer 9.9.9.9");
	CU_ASSERT_STRING_EQUAL(s, "");
	s = cmd(&HUB, "show crypto ipsec sa interface Serial1/0");
	HAS(s, "interface: Serial1/0\n");
	s = cmd(&HUB, "show crypto ipsec sa map NOPE");
	CU_ASSERT_STRING_EQUAL(s, "");
	s = cmd(&HUB, "show crypto session");
	CU_ASSERT_STRING_EQUAL(s,
	    "Crypto session current status\n"
	    "\n"
	    "Interface: Serial1/0\n"
	    "Session status: UP-NO-IKE     \n"
	    "Peer: 40.10.1.1 port 500 \n"
	    "  IPSEC FLOW: permit ip 3.1.1.0/255.255.255.0 "
	    "4.1.1.0/255.255.255.0 \n"
	    "        Active SAs: 2, origin: crypto map\n");
	s = cmd(&HUB, "show crypto session remote 40.10.1.1 detail");
	HAS(s, "        Inbound:  #pkts dec'ed 5 drop 0 life (KB/Sec) "
	    "4608000/3599\n");
	s = cmd(&HUB, "show crypto engine connections active");
	CU_ASSERT_STRING_EQUAL(s,
	    "Crypto Engine Connections\n"
	    "\n"
	    "   ID  Type    Algorithm           Encrypt  Decrypt LastSeqN "
	    "IP-Address\n"
	    " 2001  IPsec   AES+SHA                   0        5        5 "
	    "30.3.1.1\n"
	    " 2002  IPsec   AES+SHA                   5        0        0 "
	    "30.3.1.1\n"
	    "\n");
	s = cmd(&HUB, "show crypto ipsec sa address");
	HAS(s, "dest address: 30.3.1.1\n   protocol: ESP\n      spi: "
	    "0x2000(8192)\n");
	/* SPOKE starts a ping of its own: its LAN to ours. */
	s = ping_lan(&SPOKE, "3.1.1.1", "4.1.1.1", 3);
	HAS(s, "!!!");
}

static void
test_df_mtu(void)
{
	const char *s;

	/* 1500 bytes with DF cannot be fragmented before encryption: the
	 * router answers with fragmentation needed (plaintext mtu). */
	s = cmd(&HUB, "ping 4.1.1.1 source 3.1.1.1 size 1500 df-bit repeat 1");
	HAS(s, "M");
	s = cmd(&HUB, "ping 4.1.1.1 source 3.1.1.1 size 1438 df-bit repeat 1");
	HAS(s, "!");
	/* Without DF the ESP packet itself is fragmented and reassembled. */
	s = cmd(&HUB, "ping 4.1.1.1 source 3.1.1.1 size 1500 repeat 1");
	HAS(s, "!");
}

static void
test_tamper(void)
{
	struct pkt *p = forge(SPI_S2H, 500);
	const char *s;

	p->data[60] ^= 0x01;		/* inside the ciphertext */
	inject_hub(p);
	s = cmd(&HUB, "show logging");
	HAS(s, "%CRYPTO-4-RECVD_PKT_MAC_ERR: decrypt: mac verify failed for "
	    "connection id=2001 local=30.3.1.1 remote=40.10.1.1 spi=00002000");
	CU_ASSERT_EQUAL(hub_in()->st.verify_failed, 1);
	s = cmd(&HUB, "show crypto ipsec sa detail");
	HAS(s, "    #pkts invalid prot (recv) 0, #pkts verify failed: 1\n");
}

static void
test_invalid_spi(void)
{
	const char *s;

	inject_hub(forge(0xDEAD, 10));
	inject_hub(forge(0xDEAD, 11));
	s = cmd(&HUB, "show logging");
	HAS(s, "%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has "
	    "invalid spi for destaddr=30.3.1.1, prot=50, spi=0xDEAD(57005), "
	    "srcaddr=40.10.1.1, input interface=Serial1/0");
	/* Rate limited: one message for both. */
	CU_ASSERT_EQUAL(count_of(s, "RECVD_PKT_INV_SPI"), 1);
	s = cmd(&HUB, "show crypto ipsec sa detail");
	HAS(s, "#pkts invalid sa (rcv) 2\n");
	run_ms(31000);
	inject_hub(forge(0xDEAD, 12));
	s = cmd(&HUB, "show logging");
	CU_ASSERT_EQUAL(count_of(s, "RECVD_PKT_INV_SPI"), 2);
}

static void
test_replay(void)
{
	struct ipsec_sa *in = hub_in();
	uint64_t dec = in->st.decaps;
	const char *s;

	inject_hub(forge(SPI_S2H, 1000));
	CU_ASSERT_EQUAL(in->st.decaps, dec + 1);
	inject_hub(forge(SPI_S2H, 1000));
	CU_ASSERT_EQUAL(in->st.replay_failed, 1);
	s = cmd(&HUB, "show logging");
	HAS(s, "%CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed\n"
	    "        connection id=2001, sequence number=1001");
	/* Older than the 64-packet window. */
	inject_hub(forge(SPI_S2H, 900));
	CU_ASSERT_EQUAL(in->st.replay_failed, 2);
	s = cmd(&HUB, "show crypto ipsec sa detail");
	HAS(s, "    ##pkts replay failed (rcv): 2\n");
}

static void
test_not_ipsec(void)
{
	struct pkt *p = pkt_new(28);
	uint8_t *b = p->data;
	uint16_t ck;
	const char *s;

	b[0] = 0x45;
	b[3] = 28;
	b[8] = 64;
	b[9] = IP_PROTO_ICMP;
	b[12] = 4; b[13] = 1; b[14] = 1; b[15] = 1;
	b[16] = 3; b[17] = 1; b[18] = 1; b[19] = 1;
	ck = ip_cksum(b, 20);
	b[10] = (uint8_t)(ck >> 8);
	b[11] = (uint8_t)ck;
	b[20] = 8;
	ck = ip_cksum(b + 20, 8);
	b[22] = (uint8_t)(ck >> 8);
	b[23] = (uint8_t)ck;
	inject_hub(p);
	s = cmd(&HUB, "show logging");
	HAS(s, "%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC "
	    "packet. (ip) vrf/dest_addr= /3.1.1.1, src_addr= 4.1.1.1, prot= 1");
}

/* Reordering on SPOKE's link: a burst of echoes (timeout 0 sends them
 * back to back) with 20 % held back 50 ms arrives out of order by far
 * more than 64 packets, less than 1024. */
static void
reorder_burst(void)
{
	struct ping_result res;
	char marks[512];

	l_spoke->reorder = 0.2;
	l_spoke->reorder_delay = 50 * VT_MSEC;
	ip_ping(SPOKE.r, A("3.1.1.1"), A("4.1.1.1"), 300, 100, 0, false, &res,
	    marks, sizeof(marks));
	run_ms(2000);
	l_spoke->reorder = 0;
}

static void
test_window(void)
{
	const char *s;

	cmd(&HUB, "clear crypto sa");
	cmd(&SPOKE, "clear crypto sa");
	install(64);
	reorder_burst();
	CU_ASSERT_TRUE(hub_in()->st.replay_failed > 0);
	CU_ASSERT_TRUE(hub_in()->st.decaps > 0);
	s = cmd(&HUB, "show logging");
	HAS(s, "%CRYPTO-4-PKT_REPLAY_ERR");
	/* window-size 1024 (new SAs) takes the same reordering. */
	cmd(&HUB, "clear crypto sa");
	cmd(&SPOKE, "clear crypto sa");
	install(1024);
	reorder_burst();
	CU_ASSERT_EQUAL(hub_in()->st.replay_failed, 0);
	CU_ASSERT_EQUAL(hub_in()->st.decaps, 300);
}

static void
test_clear(void)
{
	const char *s;

	s = ping_lan(&HUB, "4.1.1.1", "3.1.1.1", 2);
	HAS(s, "!!");
	cmd(&HUB, "clear crypto sa counters");
	s = cmd(&HUB, "show crypto ipsec sa");
	HAS(s, "#pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0\n");
	HAS(s, "current outbound spi: 0x1000(4096)\n");
	cmd(&HUB, "clear crypto sa peer 9.9.9.9");
	s = cmd(&HUB, "show crypto ipsec sa");
	HAS(s, "current outbound spi: 0x1000(4096)\n");
	cmd(&HUB, "clear crypto sa peer 40.10.1.1");
	s = cmd(&HUB, "show crypto ipsec sa");
	HAS(s, "current outbound spi: 0x0(0)\n");
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(HUB.r)), 0);
	cmd(&SPOKE, "clear crypto session remote 30.3.1.1");
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(SPOKE.r)), 0);
}

static void
test_rri(void)
{
	const char *s;

	cfg(&HUB,
	    "no ip route 4.1.1.0 255.255.255.0 30.3.1.2\n"
	    "crypto map CMAP 10 ipsec-isakmp\n"
	    "reverse-route\n");
	run_ms(10);
	s = cmd(&HUB, "show ip route 4.1.1.1");
	HAS(s, "% Network not in table");
	install(64);
	/* The first packet from SPOKE brings the route up. */
	s = ping_lan(&SPOKE, "3.1.1.1", "4.1.1.1", 3);
	HAS(s, "!!!");
	s = cmd(&HUB, "show ip route");
	HAS(s, "S        4.1.1.0 [1/0] via 40.10.1.1\n");
	s = cmd(&HUB, "show running-config");
	HASNT(s, "ip route 4.1.1.0");
	cmd(&HUB, "clear crypto sa");
	s = cmd(&HUB, "show ip route 4.1.1.1");
	HAS(s, "% Network not in table");
	/* static: from the ACL, before any SA. */
	cfg(&HUB,
	    "crypto map CMAP 10 ipsec-isakmp\n"
	    "reverse-route static\n");
	run_ms(10);
	s = cmd(&HUB, "show ip route 4.1.1.1");
	HAS(s, "Known via \"static\", distance 1, metric 0");
	HAS(s, "  * 40.10.1.1\n");
	cfg(&HUB,
	    "crypto map CMAP 10 ipsec-isakmp\n"
	    "no reverse-route\n");
	run_ms(1100);
	s = cmd(&HUB, "show ip route 4.1.1.1");
	HAS(s, "% Network not in table");
	cfg(&HUB, "ip route 4.1.1.0 255.255.255.0 30.3.1.2\n");
}

static void
test_debug(void)
{
	const char *s;

	s = cmd(&HUB, "debug crypto ipsec");
	HAS(s, "Crypto IPSEC debugging is on");
	s = cmd(&HUB, "show debugging");
	HAS(s, "  Crypto IPSEC debugging is on\n");
	cmd(&HUB, "undebug all");
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("dp-lab", lab_setup, lab_teardown);
	CU_add_test(s, "drops without SA", test_no_sa);
	CU_add_test(s, "encrypted ping and shows", test_encrypted);
	CU_add_test(s, "DF and plaintext mtu", test_df_mtu);
	CU_add_test(s, "tampered packet", test_tamper);
	CU_add_test(s, "unknown SPI", test_invalid_spi);
	CU_add_test(s, "replayed packet", test_replay);
	CU_add_test(s, "clear text that should be ESP", test_not_ipsec);
	CU_add_test(s, "reordering vs window size", test_window);
	CU_add_test(s, "clear commands", test_clear);
	CU_add_test(s, "reverse route injection", test_rri);
	CU_add_test(s, "debug crypto ipsec", test_debug);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
