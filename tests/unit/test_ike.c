/* IKEv1 engine between two routers on one serial link:
 *
 *   R1 Lo0 1.1.1.1/24, Se1/0 10.0.0.1/24 ---- Se1/0 10.0.0.2/24 R2 Lo0 2.2.2.2/24
 *
 * Crypto map CMAP 10 on both Se1/0 with ACL 101 LAN <-> LAN.  Negotiations
 * are started with ike_acquire() on a flow, as the data plane does; the
 * last tests also ping between the LANs through the data plane.  Covers
 * main mode + quick mode (keys and SPIs agree), policy, key, transform-set
 * and proxy mismatches with their IOS debug lines, aggressive mode (and
 * `crypto isakmp aggressive-mode disable`), PFS groups 14 and 19, DPD
 * declaring a silent peer dead, the NAT-T float to 4500 (forced), rekey at
 * the soft lifetime, the clear commands and determinism under the seed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "engine.h"
#include "ike.h"
#include "ike_int.h"
#include "ipv4.h"
#include "lab.h"
#include "link.h"
#include "netsim.h"
#include "pki_ca.h"
#include "rng.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"
#include "sched.h"
#include "strbuf.h"

static struct strbuf out = STRBUF_INIT;	/* command output */
static struct strbuf con = STRBUF_INIT;	/* console lines (logs, debugs) */

static void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	sb_add(&out, data, len);
}

static void
console(struct router *r, const char *line)
{
	sb_printf(&con, "%s: %s\n", r->name, line);
}

struct rt {
	struct router	*r;
	struct vty	*vty;
};
static struct rt R1, R2;
static struct link *wan;

static const char *
cmd(struct rt *t, const char *line)
{
	sb_reset(&out);
	cli_execute(t->vty, line);
	return sb_str(&out);
}

static void
cfg(struct rt *t, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (router_load_config(t->r, text, &err) != 0)
		fprintf(stderr, "\n%s config errors:\n%s", t->r->name,
		    sb_str(&err));
	sb_free(&err);
}

static uint32_t
A(const char *s)
{
	uint32_t a = 0;

	ip_aton(s, &a);
	return a;
}

static void
run_s(double s)
{
	sched_run_until(sched_now() + (vtime_t)(s * 1e9));
}

#define HAS(hay, needle) do {						\
	const char *h_ = (hay);						\
	bool ok_ = strstr(h_, (needle)) != NULL;			\
	CU_ASSERT_TRUE(ok_);						\
	if (!ok_)							\
		fprintf(stderr, "\n--- expected:\n%s\n--- in:\n%s\n",	\
		    (needle), h_);					\
} while (0)

#define HASNT(hay, needle) do {						\
	const char *h_ = (hay);						\
	bool ok_ = strstr(h_, (needle)) == NULL;			\
	CU_ASSERT_TRUE(ok_);						\
	if (!ok_)							\
		fprintf(stderr, "\n--- unexpected:\n%s\n--- in:\n%s\n",	\
		    (needle), h_);					\
} while (0)

/* ---- lab ---------------------------------------------------------------- */

static const char base1[] =
    "no service timestamps debug\nno service timestamps log\n"
    "hostname R1\n"
    "interface Loopback0\n ip address 1.1.1.1 255.255.255.0\n"
    "interface Serial1/0\n ip address 10.0.0.1 255.255.255.0\n no shutdown\n"
    "access-list 101 permit ip 1.1.1.0 0.0.0.255 2.2.2.0 0.0.0.255\n"
    "ip route 2.2.2.0 255.255.255.0 10.0.0.2\n";
static const char base2[] =
    "no service timestamps debug\nno service timestamps log\n"
    "hostname R2\n"
    "interface Loopback0\n ip address 2.2.2.2 255.255.255.0\n"
    "interface Serial1/0\n ip address 10.0.0.2 255.255.255.0\n no shutdown\n"
    "access-list 101 permit ip 2.2.2.0 0.0.0.255 1.1.1.0 0.0.0.255\n"
    "ip route 1.1.1.0 255.255.255.0 10.0.0.1\n";

/* A usual crypto setup; %s slots: policy lines, transform set, extra map
 * lines. */
static void
crypto(struct rt *t, const char *peer, const char *key, const char *policy,
    const char *ts, const char *mapx)
{
	char	 buf[2048];

	snprintf(buf, sizeof(buf),
	    "crypto isakmp policy 10\n%s"
	    "crypto isakmp key %s address %s\n"
	    "crypto ipsec transform-set TS %s\n"
	    "crypto map CMAP 10 ipsec-isakmp\n set peer %s\n"
	    " set transform-set TS\n match address 101\n%s"
	    "interface Serial1/0\n crypto map CMAP\n",
	    policy, key, peer, ts, peer, mapx);
	cfg(t, buf);
}

#define POL_AES	" encr aes\n hash sha\n authentication pre-share\n group 2\n"

static void
lab_up(uint64_t seed)
{
	const char *err = NULL;

	lab_init(seed);
	sb_reset(&con);
	R1.r = lab_add_router("R1", &err);
	R2.r = lab_add_router("R2", &err);
	wan = lab_add_link(R1.r, "Serial1/0", R2.r, "Serial1/0", &err);
	wan->delay = VT_MSEC;
	R1.vty = vty_new(R1.r, sink, NULL);
	R2.vty = vty_new(R2.r, sink, NULL);
	cmd(&R1, "enable");
	cmd(&R2, "enable");
	cfg(&R1, base1);
	cfg(&R2, base2);
}

static void
std_crypto(const char *pol1, const char *pol2, const char *ts1,
    const char *ts2, const char *mapx1, const char *mapx2)
{
	crypto(&R1, "10.0.0.2", "cisco", pol1, ts1, mapx1);
	crypto(&R2, "10.0.0.1", "cisco", pol2, ts2, mapx2);
	run_s(5);
	sb_reset(&con);
}

static void
lab_down(void)
{
	vty_free(R1.vty);
	vty_free(R2.vty);
	R1.vty = R2.vty = NULL;
	lab_free();
}

static struct ipsec_flow *
r1_flow(void)
{
	struct ipsec_proxy lid = { A("1.1.1.0"), A("255.255.255.0"), 0, 0 };
	struct ipsec_proxy rid = { A("2.2.2.0"), A("255.255.255.0"), 0, 0 };

	return ipsec_flow_lookup(R1.r, "CMAP", 10, "Serial1/0", A("10.0.0.2"),
	    &lid, &rid, true);
}

static struct ipsec_flow *
only_flow(struct router *r)
{
	return TAILQ_FIRST(&ipsec_engine(r)->flows);
}

static int
ike_count(struct router *r, bool active_only, struct ike_sa_info *first)
{
	struct ike_sa_info v[16];
	int	 n = ike_sa_info_list(r, v, 16), k = 0;

	for (int i = 0; i < n && i < 16; i++) {
		if (active_only && !v[i].active)
			continue;
		if (k == 0 && first != NULL)
			*first = v[i];
		k++;
	}
	return k;
}

/* Both ends have one flow with a pair and the pairs mirror each other. */
static void
check_pairs(void)
{
	struct ipsec_flow *f1 = only_flow(R1.r), *f2 = only_flow(R2.r);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f1->in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f1->out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f2->in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f2->out);
	CU_ASSERT_EQUAL(f1->out->spi, f2->in->spi);
	CU_ASSERT_EQUAL(f2->out->spi, f1->in->spi);
	CU_ASSERT_EQUAL(f1->out->enc_key_len, f2->in->enc_key_len);
	CU_ASSERT_EQUAL(memcmp(f1->out->enc_key, f2->in->enc_key,
	    f1->out->enc_key_len), 0);
	CU_ASSERT_EQUAL(memcmp(f2->out->enc_key, f1->in->enc_key,
	    f2->out->enc_key_len), 0);
	CU_ASSERT_EQUAL(f1->out->auth_key_len, f2->in->auth_key_len);
	CU_ASSERT_EQUAL(memcmp(f1->out->auth_key, f2->in->auth_key,
	    f1->out->auth_key_len), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(f1->out->enc_key, f1->in->enc_key,
	    f1->out->enc_key_len), 0);
	/* The responder's flow is its own crypto map entry's. */
	CU_ASSERT_STRING_EQUAL(f2->map, "CMAP");
	CU_ASSERT_EQUAL(f2->seq, 10);
	CU_ASSERT_STRING_EQUAL(f2->ifname, "Serial1/0");
	CU_ASSERT_EQUAL(f2->lid.addr, A("2.2.2.0"));
	CU_ASSERT_EQUAL(f2->rid.addr, A("1.1.1.0"));
	CU_ASSERT_EQUAL(f2->peer, A("10.0.0.1"));
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_main_quick(void)
{
	struct ike_sa_info i1, i2;
	const char *s;

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R1, "debug crypto isakmp");
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(5);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, &i2), 1);
	CU_ASSERT_STRING_EQUAL(i1.state, "QM_IDLE");
	CU_ASSERT_STRING_EQUAL(i2.state, "QM_IDLE");
	CU_ASSERT_EQUAL(i1.conn_id, 1001);
	CU_ASSERT_EQUAL(i2.conn_id, 1001);
	CU_ASSERT_TRUE(i1.initiator);
	CU_ASSERT_FALSE(i2.initiator);
	CU_ASSERT_EQUAL(i1.encr, OAKLEY_ENCR_AES);
	CU_ASSERT_EQUAL(i1.group, 2);
	check_pairs();
	CU_ASSERT_EQUAL(only_flow(R1.r)->conn_id, 1001);
	CU_ASSERT_EQUAL(only_flow(R1.r)->peer_port, 500);
	CU_ASSERT_EQUAL(only_flow(R1.r)->in->udp_local, 0);
	/* IOS state machine lines, as seed 004 shows them. */
	HAS(sb_str(&con), "R2: ISAKMP:(1001):Old State = IKE_R_MM3  New State "
	    "= IKE_R_MM4");
	HAS(sb_str(&con), "R2: ISAKMP (0:1001): received packet from 10.0.0.1 "
	    "dport 500 sport 500 Global (R) MM_KEY_EXCH");
	HAS(sb_str(&con), "R2: ISAKMP:(1001): sending packet to 10.0.0.1 "
	    "my_port 500 peer_port 500 (R) MM_KEY_EXCH");
	HAS(sb_str(&con), "R1: ISAKMP:(0):Checking ISAKMP transform 1 against "
	    "priority 10 policy");
	HAS(sb_str(&con), "R2: ISAKMP:(0):atts are acceptable. Next payload "
	    "is 0");
	HAS(sb_str(&con), "R1: ISAKMP:(1001):Old State = IKE_I_MM6  New State "
	    "= IKE_P1_COMPLETE");
	HAS(sb_str(&con), "R2: ISAKMP:(1001):Checking IPSec proposal 1");
	HAS(sb_str(&con), "R2: ISAKMP:      encaps is 1 (Tunnel)");
	HAS(sb_str(&con), "R2: ISAKMP:      SA life duration (VPI) of  0x0 "
	    "0x46 0x50 0x0 ");
	HAS(sb_str(&con), "R1: ISAKMP:(1001):Old State = IKE_QM_I_QM1  New "
	    "State = IKE_QM_PHASE2_COMPLETE");
	HAS(sb_str(&con), "R2: ISAKMP:(1001):Old State = IKE_QM_R_QM2  New "
	    "State = IKE_QM_PHASE2_COMPLETE");
	/* show crypto isakmp sa, IOS 15 layout: dst = responder. */
	s = cmd(&R1, "show crypto isakmp sa");
	CU_ASSERT_STRING_EQUAL(s,
	    "IPv4 Crypto ISAKMP SA\n"
	    "dst             src             state          conn-id status\n"
	    "10.0.0.2        10.0.0.1        QM_IDLE           1001 ACTIVE\n"
	    "         \n"
	    "IPv6 Crypto ISAKMP SA\n\n");
	s = cmd(&R2, "show crypto isakmp sa detail");
	HAS(s, "C-id  Local           Remote          I-VRF  Status Encr Hash"
	    "   Auth DH Lifetime Cap.\n");
	HAS(s, "1001  10.0.0.2        10.0.0.1               ACTIVE aes  sha  "
	    "  psk  2  23:59:5");
	HAS(s, "       Engine-id:Conn-id =  SW:1\n");
	s = cmd(&R1, "show crypto isakmp peers");
	CU_ASSERT_STRING_EQUAL(s, "Peer: 10.0.0.2 Port: 500 Local: 10.0.0.1\n"
	    " Phase1 id: 10.0.0.2\n");
	/* A second acquire for the same flow with SAs just runs quick mode
	 * again (a rekey) on the same IKE SA. */
	lab_down();
}

static void
test_ping_through(void)
{
	struct ping_result pr;
	char	 marks[16];

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-3des esp-sha-hmac",
	    "esp-3des esp-sha-hmac", "", "");
	ip_ping(R1.r, A("2.2.2.2"), A("1.1.1.1"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	/* The first packet starts IKE and is dropped, as IOS does. */
	CU_ASSERT_STRING_EQUAL(marks, ".!!!!");
	CU_ASSERT_EQUAL(pr.rcvd, 4);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	CU_ASSERT_PTR_NOT_NULL(only_flow(R1.r));
	if (only_flow(R1.r) != NULL && only_flow(R1.r)->out != NULL)
		CU_ASSERT_EQUAL(only_flow(R1.r)->out->st.encaps, 4);
	/* and back the other way on the same SAs */
	ip_ping(R2.r, A("1.1.1.1"), A("2.2.2.2"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, "!!!!!");
	lab_down();
}

static void
test_policy_mismatch(void)
{
	const char *s;

	lab_up(1);
	std_crypto(" encr 3des\n authentication pre-share\n group 2\n"
	    " lifetime 7200\n", " encr aes\n authentication pre-share\n"
	    " group 2\n lifetime 7200\n", "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	s = sb_str(&con);
	HAS(s, "R2: ISAKMP:(0):Checking ISAKMP transform 1 against priority "
	    "10 policy\n");
	HAS(s, "R2: ISAKMP:      encryption 3DES-CBC\n");
	HAS(s, "R2: ISAKMP:      hash SHA\n");
	HAS(s, "R2: ISAKMP:      default group 2\n");
	HAS(s, "R2: ISAKMP:      auth pre-share\n");
	HAS(s, "R2: ISAKMP:      life type in seconds\n");
	HAS(s, "R2: ISAKMP:      life duration (basic) of 7200\n");
	HAS(s, "R2: ISAKMP:(0):Encryption algorithm offered does not match "
	    "policy!\n");
	HAS(s, "R2: ISAKMP:(0):atts are not acceptable. Next payload is 0\n");
	HAS(s, "R2: ISAKMP:(0):Checking ISAKMP transform 1 against priority "
	    "65535 policy\n");
	HAS(s, "R2: ISAKMP:(0):no offers accepted!\n");
	HAS(s, "R2: ISAKMP:(0): phase 1 SA policy not acceptable! (local "
	    "10.0.0.2 remote 10.0.0.1)\n");
	HAS(s, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed "
	    "with peer at 10.0.0.1");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 0);
	s = cmd(&R2, "show crypto isakmp sa");
	HAS(s, "10.0.0.2        10.0.0.1        MM_NO_STATE          0 ACTIVE "
	    "(deleted)\n");
	s = cmd(&R1, "show crypto isakmp sa");
	HAS(s, "10.0.0.2        10.0.0.1        MM_NO_STATE          0 "
	    "ACTIVE\n");
	/* The initiator retransmits 5 times, then gives up. */
	run_s(70);
	HAS(sb_str(&con), "R2: ISAKMP:(0):Checking ISAKMP transform 1");
	s = cmd(&R1, "show crypto isakmp sa");
	HAS(s, "MM_NO_STATE          0 ACTIVE (deleted)\n");
	run_s(120);
	s = cmd(&R1, "show crypto isakmp sa");
	HASNT(s, "MM_NO_STATE");
	lab_down();
}

static void
test_psk_mismatch(void)
{
	const char *s;

	lab_up(1);
	crypto(&R1, "10.0.0.2", "cisco123", POL_AES, "esp-aes esp-sha-hmac", "");
	crypto(&R2, "10.0.0.1", "cisco", POL_AES, "esp-aes esp-sha-hmac", "");
	run_s(5);
	sb_reset(&con);
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	s = sb_str(&con);
	HAS(s, "R2: ISAKMP:(1001):Old State = IKE_R_MM3  New State = "
	    "IKE_R_MM4\n");
	HAS(s, "R2: ISAKMP (0:1001): received packet from 10.0.0.1 dport 500 "
	    "sport 500 Global (R) MM_KEY_EXCH\n");
	HAS(s, "R2: ISAKMP: reserved not zero on ID payload!\n");
	HAS(s, "R2: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 10.0.0.1 "
	    "failed its sanity check or is malformed\n");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 0);
	s = cmd(&R2, "show crypto isakmp sa");
	HAS(s, "10.0.0.2        10.0.0.1        MM_KEY_EXCH       1001 "
	    "ACTIVE\n");
	/* Fix the key: the next attempt comes up. */
	run_s(200);
	cfg(&R1, "crypto isakmp key cisco address 10.0.0.2\n");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	check_pairs();
	lab_down();
}

static void
test_ts_mismatch(void)
{
	struct ike_sa_info i1;
	const char *s;

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-3des esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R2, "debug crypto isakmp");
	cmd(&R2, "debug crypto ipsec");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	s = sb_str(&con);
	HAS(s, "R2: ISAKMP:(1001):Checking IPSec proposal 1\n");
	HAS(s, "R2: ISAKMP: transform 1, ESP_3DES\n");
	HAS(s, "R2: ISAKMP:   attributes in transform:\n");
	HAS(s, "R2: ISAKMP:      authenticator is HMAC-SHA\n");
	HAS(s, "R2: ISAKMP:(1001):atts are acceptable.\n");
	HAS(s, "R2: IPSEC(validate_proposal_request): proposal part #1,\n"
	    "  (key eng. msg.) INBOUND local= 10.0.0.2, remote= 10.0.0.1,\n"
	    "    local_proxy= 2.2.2.0/255.255.255.0/0/0 (type=4),\n"
	    "    remote_proxy= 1.1.1.0/255.255.255.0/0/0 (type=4),\n"
	    "    protocol= ESP, transform= NONE (Tunnel),\n");
	HAS(s, "R2: Crypto mapdb : proxy_match\n\tsrc addr      : 2.2.2.0\n");
	HAS(s, "R2: IPSEC(ipsec_process_proposal): transform proposal not "
	    "supported for identity: \n    {esp-3des esp-sha-hmac }\n");
	HAS(s, "R2: ISAKMP:(1001): IPSec policy invalidated proposal with "
	    "error 256\n");
	HAS(s, "R2: ISAKMP:(1001): phase 2 SA policy not acceptable! (local "
	    "10.0.0.2 remote 10.0.0.1)\n");
	HAS(s, "Sending NOTIFY NO_PROPOSAL_CHOSEN protocol 3");
	/* Phase 1 is up, phase 2 is not. */
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_STRING_EQUAL(i1.state, "QM_IDLE");
	CU_ASSERT_PTR_NULL(only_flow(R1.r)->in);
	CU_ASSERT_PTR_NULL(only_flow(R2.r));
	/* The initiator dropped its node when it got the notify. */
	CU_ASSERT_TRUE(TAILQ_EMPTY(&TAILQ_FIRST(&ike_ctx(R1.r)->sas)->qms));
	lab_down();
}

static void
test_proxy_mismatch(void)
{
	const char *s;

	lab_up(1);
	cfg(&R2, "no access-list 101\n"
	    "access-list 101 permit ip 2.2.2.0 0.0.0.255 5.5.5.0 0.0.0.255\n");
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R2, "debug crypto isakmp");
	cmd(&R2, "debug crypto ipsec");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	s = sb_str(&con);
	HAS(s, "R2: IPSEC(validate_transform_proposal): proxy identities not "
	    "supported\n");
	HAS(s, "R2: ISAKMP:(1001): IPSec policy invalidated proposal with "
	    "error 32\n");
	HAS(s, "Sending NOTIFY INVALID_ID_INFORMATION protocol 3");
	CU_ASSERT_PTR_NULL(only_flow(R1.r)->in);
	lab_down();
}

static void
test_aggressive(void)
{
	struct ike_sa_info i1, i2;

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R1, "debug crypto isakmp");
	ike_set_aggressive_initiate(R1.r, true);
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, &i2), 1);
	CU_ASSERT_STRING_EQUAL(i2.state, "QM_IDLE");
	HAS(sb_str(&con), "R1: ISAKMP:(0):Old State = IKE_READY  New State = "
	    "IKE_I_AM1");
	HAS(sb_str(&con), "R1: ISAKMP:(1001):Old State = IKE_I_AM2  New State "
	    "= IKE_P1_COMPLETE");
	check_pairs();
	lab_down();

	/* The responder refuses aggressive mode when told to. */
	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cfg(&R2, "crypto isakmp aggressive-mode disable\n");
	ike_set_aggressive_initiate(R1.r, true);
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 0);
	HAS(cmd(&R1, "show crypto isakmp sa"), "AG_NO_STATE");
	lab_down();
}

static void
pfs_case(const char *group, size_t ke_len)
{
	char	 mapx[64];

	snprintf(mapx, sizeof(mapx), " set pfs %s\n", group);
	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes 256 esp-sha256-hmac",
	    "esp-aes 256 esp-sha256-hmac", mapx, mapx);
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	HAS(sb_str(&con), "R2: ISAKMP:(1001): processing KE payload.");
	CU_ASSERT_EQUAL(only_flow(R1.r)->out->enc_key_len, 32);
	(void)ke_len;
	lab_down();
}

static void
test_pfs(void)
{
	pfs_case("group14", 256);
	pfs_case("group19", 64);
}

static void
test_dpd(void)
{
	const char *s;

	lab_up(1);
	cfg(&R1, "crypto isakmp keepalive 10 2 periodic\n");
	cfg(&R2, "crypto isakmp keepalive 10 2 periodic\n");
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	HAS(cmd(&R1, "show crypto isakmp sa detail"), " D  \n");
	cmd(&R1, "debug crypto isakmp");
	/* Keepalives are answered while the peer lives. */
	run_s(30);
	HAS(sb_str(&con), "R1: ISAKMP:(1001):DPD/R_U_THERE_ACK received from "
	    "peer 10.0.0.2");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	/* The peer goes silent. */
	sb_reset(&con);
	wan->loss = 1.0;
	run_s(40);
	s = sb_str(&con);
	HAS(s, "R1: ISAKMP:(1001):DPD incrementing error counter (4/5)\n");
	HAS(s, "R1: ISAKMP:(1001):Sending NOTIFY DPD/R_U_THERE protocol 1\n");
	HAS(s, "R1: ISAKMP:(1001):DPD incrementing error counter (5/5)\n");
	HAS(s, "R1: ISAKMP:(1001):peer 10.0.0.2 not responding!\n");
	HAS(s, "R1: ISAKMP:(1001):deleting SA reason \"P1 errcounter exceeded "
	    "(PEERS_ALIVE_TIMER)\" state (I) QM_IDLE (peer 10.0.0.2)\n");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_PTR_NULL(only_flow(R1.r)->in);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 0);
	lab_down();
}

static void
test_natt_forced(void)
{
	struct ike_sa_info i1, i2;
	struct ping_result pr;
	char	 marks[16];

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	ike_set_natt_force(R1.r, true);
	cfg(&R1, "crypto isakmp nat keepalive 20\n");
	cmd(&R1, "debug crypto isakmp");
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, &i2), 1);
	CU_ASSERT_EQUAL(i1.lport, 4500);
	CU_ASSERT_EQUAL(i1.pport, 4500);
	CU_ASSERT_EQUAL(i2.lport, 4500);
	CU_ASSERT_TRUE(i1.natt);
	HAS(sb_str(&con), "R2: ISAKMP (1001): His hash no match - this node "
	    "outside NAT");
	HAS(sb_str(&con), "R2: ISAKMP (0:1001): received packet from 10.0.0.1 "
	    "dport 4500 sport 4500 Global (R) MM_KEY_EXCH");
	HAS(sb_str(&con), "R2: ISAKMP:      encaps is 3 (Tunnel-UDP)");
	check_pairs();
	CU_ASSERT_EQUAL(only_flow(R1.r)->in->udp_local, 4500);
	CU_ASSERT_EQUAL(only_flow(R1.r)->out->udp_peer, 4500);
	CU_ASSERT_EQUAL(only_flow(R1.r)->peer_port, 4500);
	CU_ASSERT_EQUAL(only_flow(R2.r)->peer_port, 4500);
	/* ESP-in-UDP through the data plane. */
	ip_ping(R1.r, A("2.2.2.2"), A("1.1.1.1"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, "!!!!!");
	CU_ASSERT_EQUAL(only_flow(R2.r)->in->st.decaps, 5);
	/* The end behind the NAT keeps the mapping open. */
	run_s(25);
	HAS(sb_str(&con), "R1: ISAKMP:(1001):Sending NAT keepalive packet to "
	    "10.0.0.2:4500\n");
	HASNT(sb_str(&con), "R2: ISAKMP:(1001):Sending NAT keepalive");
	lab_down();
}

static void
test_rekey(void)
{
	struct ipsec_flow *f;
	uint32_t in0, out0;

	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", " set security-association lifetime "
	    "seconds 120\n", " set security-association lifetime seconds 120\n");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	f = only_flow(R1.r);
	in0 = f->in->spi;
	out0 = f->out->spi;
	CU_ASSERT_EQUAL(f->in->life_secs, 120);
	if (getenv("IKE_DEBUG")) {
		cmd(&R1, "debug crypto isakmp");
		cmd(&R2, "debug crypto isakmp");
	}
	run_s(90);		/* soft limit at 90 s: a new pair */
	if (getenv("IKE_DEBUG"))
		fprintf(stderr, "%s", sb_str(&con));
	check_pairs();
	f = only_flow(R1.r);
	CU_ASSERT_NOT_EQUAL(f->in->spi, in0);
	CU_ASSERT_NOT_EQUAL(f->out->spi, out0);
	/* The old pair still decrypts until its hard limit ... */
	CU_ASSERT_PTR_NOT_NULL(sadb_lookup_in(ipsec_sadb(R1.r), A("10.0.0.1"),
	    in0));
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 4);
	run_s(40);		/* ... at 120 s */
	CU_ASSERT_PTR_NULL(sadb_lookup_in(ipsec_sadb(R1.r), A("10.0.0.1"),
	    in0));
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 2);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R2.r)), 2);
	check_pairs();
	/* Many lifetimes later, still one pair each and one IKE SA. */
	run_s(1000);
	check_pairs();
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 2);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	lab_down();
}

static void
test_clear(void)
{
	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	/* clear crypto isakmp: phase 1 goes on both ends, IPsec SAs stay. */
	cmd(&R1, "clear crypto isakmp");
	run_s(1);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 0);
	HAS(cmd(&R2, "show crypto isakmp sa"), "ACTIVE (deleted)");
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 2);
	/* A new phase 1, then clear crypto sa: every pair goes, the peer's
	 * too (it hears a delete for each, the older pair's as well). */
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 4);
	ike_clear_ipsec(R1.r, 0);
	run_s(1);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 0);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R2.r)), 0);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	/* clear crypto isakmp CONN-ID */
	cmd(&R2, "clear crypto isakmp 1004");
	run_s(1);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	lab_down();
}

static void
snapshot(uint8_t cky[8], uint32_t spi[2])
{
	struct ike_ctx *c;

	lab_up(7);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	ike_acquire(R1.r, r1_flow());
	run_s(3);
	c = ike_ctx(R1.r);
	memcpy(cky, TAILQ_FIRST(&c->sas)->icky, 8);
	spi[0] = only_flow(R1.r)->in->spi;
	spi[1] = only_flow(R1.r)->out->spi;
	lab_down();
}

static void
test_deterministic(void)
{
	uint8_t	 c1[8], c2[8];
	uint32_t s1[2], s2[2];

	snapshot(c1, s1);
	snapshot(c2, s2);
	CU_ASSERT_EQUAL(memcmp(c1, c2, 8), 0);
	CU_ASSERT_EQUAL(s1[0], s2[0]);
	CU_ASSERT_EQUAL(s1[1], s2[1]);
}


/* DPD on demand finds a dead peer only when we send and hear nothing;
 * with a second `set peer` the next packet goes to the backup. */
static void
test_dpd_failover(void)
{
	struct router *r3;
	struct link *seg;
	struct ping_result pr;
	char	 marks[16];
	const char *err = NULL;
	struct ike_sa_info i1;

	lab_init(3);
	sb_reset(&con);
	R1.r = lab_add_router("R1", &err);
	R2.r = lab_add_router("R2", &err);
	r3 = lab_add_router("R3", &err);
	seg = lab_add_segment("WAN", &err);
	lab_segment_attach(seg, R1.r, "GigabitEthernet0/0", &err);
	lab_segment_attach(seg, R2.r, "GigabitEthernet0/0", &err);
	lab_segment_attach(seg, r3, "GigabitEthernet0/0", &err);
	R1.vty = vty_new(R1.r, sink, NULL);
	R2.vty = vty_new(R2.r, sink, NULL);
	cmd(&R1, "enable");
	cmd(&R2, "enable");
	cfg(&R1, "no service timestamps debug\nno service timestamps log\n"
	    "interface Loopback0\n ip address 1.1.1.1 255.255.255.0\n"
	    "interface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n"
	    " no shutdown\n"
	    "access-list 101 permit ip 1.1.1.0 0.0.0.255 2.2.2.0 0.0.0.255\n"
	    "ip route 2.2.2.0 255.255.255.0 10.0.0.2\n"
	    "crypto isakmp policy 10\n" POL_AES
	    "crypto isakmp key cisco address 0.0.0.0 0.0.0.0\n"
	    "crypto isakmp keepalive 10 2\n"
	    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
	    "crypto map CMAP 10 ipsec-isakmp\n set peer 10.0.0.2\n"
	    " set peer 10.0.0.3\n set transform-set TS\n match address 101\n"
	    "interface GigabitEthernet0/0\n crypto map CMAP\n");
	for (int k = 0; k < 2; k++) {
		char	 buf[1024];

		snprintf(buf, sizeof(buf),
		    "no service timestamps debug\nno service timestamps log\n"
		    "interface Loopback0\n ip address 2.2.2.2 255.255.255.0\n"
		    "interface GigabitEthernet0/0\n ip address 10.0.0.%d "
		    "255.255.255.0\n no shutdown\n"
		    "access-list 101 permit ip 2.2.2.0 0.0.0.255 1.1.1.0 "
		    "0.0.0.255\n"
		    "ip route 1.1.1.0 255.255.255.0 10.0.0.1\n"
		    "crypto isakmp policy 10\n" POL_AES
		    "crypto isakmp key cisco address 10.0.0.1\n"
		    "crypto isakmp keepalive 10 2\n"
		    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
		    "crypto map CMAP 10 ipsec-isakmp\n set peer 10.0.0.1\n"
		    " set transform-set TS\n match address 101\n"
		    "interface GigabitEthernet0/0\n crypto map CMAP\n", 2 + k);
		if (router_load_config(k == 0 ? R2.r : r3, buf, NULL) != 0)
			CU_FAIL("config");
	}
	run_s(5);
	ip_ping(R1.r, A("10.0.0.2"), 0, 1, 100, 2 * VT_SEC, false, &pr, marks,
	    sizeof(marks));
	ip_ping(R1.r, A("10.0.0.3"), 0, 1, 100, 2 * VT_SEC, false, &pr, marks,
	    sizeof(marks));
	ip_ping(R1.r, A("2.2.2.2"), A("1.1.1.1"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, ".!!!!");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_EQUAL(i1.peer, A("10.0.0.2"));
	/* Idle: on-demand DPD asks nothing, the SA stays. */
	run_s(60);
	HASNT(sb_str(&con), "R_U_THERE");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	/* R2 dies; R1's traffic goes unanswered, DPD finds out. */
	cfg(&R2, "interface GigabitEthernet0/0\n shutdown\n");
	cmd(&R1, "debug crypto isakmp");
	ip_ping(R1.r, A("2.2.2.2"), A("1.1.1.1"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, ".....");
	run_s(30);
	HAS(sb_str(&con), "R1: ISAKMP:(1001):peer 10.0.0.2 not responding!");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	/* The next packets negotiate with the second peer. */
	ip_ping(R1.r, A("2.2.2.2"), A("1.1.1.1"), 5, 100, 2 * VT_SEC, false,
	    &pr, marks, sizeof(marks));
	CU_ASSERT_STRING_EQUAL(marks, ".!!!!");
	CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
	CU_ASSERT_EQUAL(i1.peer, A("10.0.0.3"));
	HAS(cmd(&R1, "show crypto map"), "Current peer: 10.0.0.3");
	lab_down();
}

/* The phase-1 lifetime ends the IKE SA (the peer hears a delete); the
 * IPsec SAs live on and the next quick mode brings a new phase 1. */
static void
test_p1_lifetime(void)
{
	lab_up(1);
	std_crypto(POL_AES " lifetime 120\n", POL_AES " lifetime 120\n",
	    "esp-aes esp-sha-hmac", "esp-aes esp-sha-hmac", "", "");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	run_s(125);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 0);
	CU_ASSERT_EQUAL(sadb_count(ipsec_sadb(R1.r)), 2);
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	check_pairs();
	lab_down();
}

/* A responder with a shorter SA lifetime says so (RESPONDER-LIFETIME)
 * and both ends use it. */
static void
test_responder_lifetime(void)
{
	lab_up(1);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "",
	    " set security-association lifetime seconds 1800\n");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	check_pairs();
	CU_ASSERT_EQUAL(only_flow(R1.r)->out->life_secs, 1800);
	CU_ASSERT_EQUAL(only_flow(R2.r)->in->life_secs, 1800);
	lab_down();
}

/* Garbage and mutated messages from the peer's address never crash the
 * engine (valgrind/ASan runs watch the bounds): random bytes, real
 * messages with flipped bytes, and valid headers (right cookies, each
 * exchange type, encrypted or not) with random bodies. */
static void
test_garbage(void)
{
	struct ike_ctx *c1;
	struct ike_sa *sa;
	uint8_t	 buf[600], base[600];
	size_t	 blen;

	lab_up(5);
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R2, "debug crypto isakmp");
	cmd(&R2, "debug crypto isakmp packet");
	cmd(&R2, "debug crypto ipsec");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	c1 = ike_ctx(R1.r);
	sa = TAILQ_FIRST(&c1->sas);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa->last);
	blen = sa->last_len < sizeof(base) ? sa->last_len : sizeof(base);
	memcpy(base, sa->last, blen);
	for (int i = 0; i < 3000; i++) {
		static const uint8_t exch[] = { 2, 4, 5, 32, 6, 1 };
		size_t	 len;
		int	 kind = i % 3;

		if (kind == 0) {
			len = 1 + rng_below(sizeof(buf));
			rng_bytes(buf, len);
		} else if (kind == 1) {
			len = blen;
			memcpy(buf, base, blen);
			for (int k = 0; k < 1 + (int)rng_below(4); k++)
				buf[rng_below((uint32_t)len)] ^=
				    (uint8_t)(1 + rng_below(255));
		} else {
			len = ISAKMP_HDR_LEN + 8 * (1 + rng_below(40));
			rng_bytes(buf, len);
			memcpy(buf, sa->icky, 8);
			memcpy(buf + 8, sa->rcky, 8);
			buf[17] = ISAKMP_VERSION;
			buf[18] = exch[rng_below(sizeof(exch))];
			buf[19] = rng_below(2) ? ISAKMP_FLAG_E : 0;
			if (rng_below(3) == 0)
				memset(buf + 20, 0, 4);
			isakmp_set_length(buf, (uint32_t)len);
		}
		ike_send_raw(c1, A("10.0.0.1"), A("10.0.0.2"),
		    i & 8 ? 4500 : 500, i & 8 ? 4500 : 500, buf, len);
		if (i % 50 == 0)
			run_s(0.01);
	}
	run_s(1);
	CU_ASSERT_TRUE(ike_ctx(R2.r)->rx_bad > 0);
	lab_down();
}

/* `crypto isakmp identity hostname`: ID_FQDN hostname.domain in MM5. */
static void
test_identity_hostname(void)
{
	lab_up(1);
	cfg(&R1, "ip domain name lab.example\n"
	    "crypto isakmp identity hostname\n");
	std_crypto(POL_AES, POL_AES, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	HAS(sb_str(&con), "\ttype         : 2\n\tFQDN name    : R1.lab.example\n");
	check_pairs();
	lab_down();
}

/* Trustpoint LAB authenticated and enrolled with the lab CA (pki_ca.h). */
static void
enroll(struct router *r)
{
	const char *err = NULL;

	CU_ASSERT_EQUAL(pki_trustpoint_add(r, "LAB", "http://10.0.0.100"), 0);
	CU_ASSERT_EQUAL(pki_authenticate(r, "LAB", &err), 0);
	CU_ASSERT_EQUAL(pki_enroll(r, "LAB", &err), 0);
}

/* authentication rsa-sig: certificates from the lab CA, main mode and
 * aggressive mode. */
static void
test_rsa_sig(void)
{
	static const char pol[] = " encr aes\n hash sha256\n"
	    " authentication rsa-sig\n group 14\n";
	struct ike_sa_info i1;

	for (int aggr = 0; aggr < 2; aggr++) {
		lab_up(1);
		cfg(&R1, "ip domain name lab.example\n"
		    "crypto key generate rsa modulus 1024\n");
		cfg(&R2, "ip domain name lab.example\n"
		    "crypto key generate rsa modulus 1024\n");
		std_crypto(pol, pol, "esp-aes esp-sha-hmac",
		    "esp-aes esp-sha-hmac", "", "");
		enroll(R1.r);
		enroll(R2.r);
		cmd(&R2, "debug crypto isakmp");
		ike_set_aggressive_initiate(R1.r, aggr != 0);
		CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
		run_s(3);
		CU_ASSERT_EQUAL(ike_count(R1.r, true, &i1), 1);
		CU_ASSERT_EQUAL(i1.auth, OAKLEY_AUTH_RSA_SIG);
		CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 1);
		HAS(sb_str(&con), "R2: ISAKMP:(1001):peer's certificate: "
		    "hostname=R1.lab.example\n");
		HAS(sb_str(&con), "SA is doing RSA signature authentication "
		    "using id type ID_IPV4_ADDR\n");
		check_pairs();
		HAS(cmd(&R1, "show crypto isakmp sa detail"), "aes  sha256 rsig");
		lab_down();
	}
	/* Without a key on the responder, rsa-sig cannot be agreed. */
	lab_up(1);
	cfg(&R1, "ip domain name lab.example\n"
	    "crypto key generate rsa modulus 1024\n");
	std_crypto(pol, pol, "esp-aes esp-sha-hmac", "esp-aes esp-sha-hmac",
	    "", "");
	enroll(R1.r);
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 0);
	lab_down();
}

/* `crypto isakmp identity dn`: the initiator's ID is ID_DER_ASN1_DN, the
 * subject of its certificate (the trustpoint's subject-name plus the
 * hostname= IOS adds), and the responder finds it equal to the subject of
 * the certificate (no IKMP_NO_ID_CERT_DN_MATCH warning). */
static void
test_rsa_dn(void)
{
	static const char pol[] = " encr aes\n hash sha256\n"
	    " authentication rsa-sig\n group 14\n";

	lab_up(1);
	cfg(&R1, "ip domain name lab.example\n"
	    "crypto key generate rsa modulus 1024\n"
	    "crypto isakmp identity dn\n"
	    "crypto pki trustpoint LAB\n subject-name OU=GETVPN\n");
	cfg(&R2, "ip domain name lab.example\n"
	    "crypto key generate rsa modulus 1024\n");
	std_crypto(pol, pol, "esp-aes esp-sha-hmac",
	    "esp-aes esp-sha-hmac", "", "");
	enroll(R1.r);
	enroll(R2.r);
	cmd(&R1, "debug crypto isakmp");
	cmd(&R2, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	CU_ASSERT_EQUAL(ike_count(R2.r, true, NULL), 1);
	HAS(sb_str(&con), "R1: ISAKMP:(1001):SA is doing RSA signature "
	    "authentication using id type ID_DER_ASN1_DN\n");
	HAS(sb_str(&con), "\ttype         : 9\n\tDist. name   : "
	    "hostname=R1.lab.example,ou=GETVPN\n");
	HAS(sb_str(&con), "R2: ISAKMP:(1001):peer's certificate: "
	    "hostname=R1.lab.example,ou=GETVPN\n");
	/* R2 keeps the default identity: its address. */
	HAS(sb_str(&con), "R2: ISAKMP:(1001):SA is doing RSA signature "
	    "authentication using id type ID_IPV4_ADDR\n");
	HASNT(sb_str(&con), "IKMP_NO_ID_CERT_DN_MATCH");
	check_pairs();
	lab_down();
	/* Without a certificate there is no DN: the address goes. */
	lab_up(1);
	cfg(&R1, "crypto isakmp identity dn\n");
	std_crypto(" authentication pre-share\n", " authentication pre-share\n",
	    "esp-aes esp-sha-hmac", "esp-aes esp-sha-hmac", "", "");
	cmd(&R1, "debug crypto isakmp");
	CU_ASSERT_EQUAL(ike_acquire(R1.r, r1_flow()), 0);
	run_s(3);
	CU_ASSERT_EQUAL(ike_count(R1.r, true, NULL), 1);
	HAS(sb_str(&con), "R1: ISAKMP:(1001):SA is doing pre-shared key "
	    "authentication using id type ID_IPV4_ADDR\n");
	lab_down();
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	vpnsim_init();
	lab_console_hook = console;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("ike", NULL, NULL);
	CU_add_test(s, "main mode + quick mode", test_main_quick);
	CU_add_test(s, "ping through the tunnel", test_ping_through);
	CU_add_test(s, "ISAKMP policy mismatch", test_policy_mismatch);
	CU_add_test(s, "pre-shared key mismatch", test_psk_mismatch);
	CU_add_test(s, "transform-set mismatch", test_ts_mismatch);
	CU_add_test(s, "crypto ACL mismatch", test_proxy_mismatch);
	CU_add_test(s, "aggressive mode", test_aggressive);
	CU_add_test(s, "identity hostname", test_identity_hostname);
	CU_add_test(s, "rsa-sig (lab CA)", test_rsa_sig);
	CU_add_test(s, "identity dn", test_rsa_dn);
	CU_add_test(s, "PFS groups 14 and 19", test_pfs);
	CU_add_test(s, "DPD dead peer", test_dpd);
	CU_add_test(s, "DPD on demand, peer failover", test_dpd_failover);
	CU_add_test(s, "phase-1 lifetime", test_p1_lifetime);
	CU_add_test(s, "responder lifetime", test_responder_lifetime);
	CU_add_test(s, "NAT-T forced float", test_natt_forced);
	CU_add_test(s, "rekey at the soft lifetime", test_rekey);
	CU_add_test(s, "clear commands", test_clear);
	CU_add_test(s, "deterministic under the seed", test_deterministic);
	CU_add_test(s, "garbage from the peer", test_garbage);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	vpnsim_shutdown();
	sb_free(&out);
	sb_free(&con);
	return fails != 0;
}
