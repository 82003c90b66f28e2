/* GETVPN rekey timing: every expected number is a worked example or a
 * rule stated in seed 003 (/work/shared/seeds/003_37b932a4cd378e41.txt,
 * Cisco "Cisco Group Encrypted Transport VPN" configuration guide); the
 * line numbers of that file are cited next to each check. */
#include <stdio.h>

#include <CUnit/Basic.h>

#include "gdoi_timers.h"

/* Line 492: "If the TEK rekey lifetime is less than 900 seconds, the
 * tek_rekey_offset is set to 90 seconds.  If ... more than 900 seconds,
 * the tek_rekey_offset = (configured TEK rekey lifetime)/10." */
static void
test_offset(void)
{
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(300), 90);	/* l.451 */
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(3600), 360);	/* l.461 */
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(899), 90);
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(900), 90);
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(1800), 180);
	CU_ASSERT_EQUAL(gdoi_tek_rekey_offset(120), 90);
}

/* Lines 453-455 and 463-465: "For three retransmissions every 10
 * seconds: 3x10". */
static void
test_pullback(void)
{
	CU_ASSERT_EQUAL(gdoi_retransmit_pullback(10, 3), 30);
	CU_ASSERT_EQUAL(gdoi_retransmit_pullback(10, 2), 20);
	CU_ASSERT_EQUAL(gdoi_retransmit_pullback(0, 0), 0);	/* no retx */
	CU_ASSERT_EQUAL(gdoi_retransmit_pullback(10, 0), 0);
}

/* Multicast, lines 447-467: "(300 - 90 - 30) = 180 seconds" and
 * "(3600 - 360 - 30) = 3210 seconds"; without retransmissions the rekey
 * goes tek_rekey_offset before expiry (line 492). */
static void
test_multicast(void)
{
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(300, false, 0, 10, 3), 180);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(3600, false, 0, 10, 3), 3210);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(300, false, 0, 0, 0), 210);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(3600, false, 0, 0, 0), 3240);
	/* The group size does not matter for multicast. */
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(3600, false, 1000, 10, 3), 3210);
}

/* Unicast, lines 494-525: "groups of 50 ... estimated to be 5 seconds";
 * 100 GMs: "2 loops", "2 x 5 seconds = 10 seconds"; TEK 300: "300 - 10
 * = 290", "290 - tek_rekey_offset = 200", "200 - (3 x 10) = 170"; TEK
 * 3600: "3600 - 10 = 3590", "3590 - tek_rekey_offset = 3230", "3230 -
 * (3 x 10) = 3200". */
static void
test_unicast(void)
{
	CU_ASSERT_EQUAL(gdoi_unicast_loops(100), 2);
	CU_ASSERT_EQUAL(gdoi_unicast_loops(1), 1);
	CU_ASSERT_EQUAL(gdoi_unicast_loops(50), 1);
	CU_ASSERT_EQUAL(gdoi_unicast_loops(51), 2);
	CU_ASSERT_EQUAL(gdoi_unicast_loops(0), 0);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(300, true, 100, 0, 0), 200);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(300, true, 100, 10, 3), 170);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(3600, true, 100, 0, 0), 3230);
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(3600, true, 100, 10, 3), 3200);
	/* The default lab: TEK 900 s, 2 GMs, retransmit 10 x 2:
	 * 900 - 5 - 90 - 20. */
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(900, true, 2, 10, 2), 785);
	/* Members 0..49 in the first loop, 50..99 five seconds later. */
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(0), 0);
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(49), 0);
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(50), 5);
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(99), 5);
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(100), 10);
	/* Never before the SA was installed. */
	CU_ASSERT_EQUAL(gdoi_ks_tek_rekey_at(120, true, 10000, 60, 10), 0);
}

/* Lines 492 and 558-560: the GM re-registers "60 seconds before the
 * current IPsec SA expires" when no rekey came; "Approximately 30
 * seconds before the old SA expires, the group member starts to use the
 * new SA in the outbound direction".  T2 = expiry, T1 = T2 - 30, T0 =
 * T2 - 60, T = T0 - 30 ("The key server should send a rekey at T"). */
static void
test_gm(void)
{
	uint32_t t2 = 900;

	CU_ASSERT_EQUAL(gdoi_gm_reregister_in(t2), 840);
	CU_ASSERT_EQUAL(gdoi_gm_switch_in(t2), 870);
	CU_ASSERT_EQUAL(gdoi_gm_switch_in(t2) - gdoi_gm_reregister_in(t2), 30);
	CU_ASSERT_EQUAL(gdoi_gm_reregister_in(45), 0);
	CU_ASSERT_EQUAL(gdoi_gm_switch_in(20), 0);
	/* Seed 001's GM shows "Re-registers in : 139 sec" next to a TEK
	 * with "remaining key lifetime (sec): (200)"; the rule gives 140. */
	CU_ASSERT_EQUAL(gdoi_gm_reregister_in(200), 140);
}

/* Line 663: "before retransmitting a rekey, the key server checks if
 * there is a TEK or KEK rekey scheduled in the next 120 seconds. If so,
 * it stops the current retransmission". */
static void
test_retransmit_allowed(void)
{
	CU_ASSERT(!gdoi_retransmit_allowed(0));
	CU_ASSERT(!gdoi_retransmit_allowed(120));
	CU_ASSERT(gdoi_retransmit_allowed(121));
	CU_ASSERT(gdoi_retransmit_allowed(3000));
}

/* Lines 438-441: the GM "drops any rekey message that has a sequence
 * number lower than or equal to that of the last received", "accepts any
 * ... higher ... no matter how large the difference"; "The sequence
 * number is reset to 1 at the first rekey message after the KEK rekey,
 * not at the KEK rekey message itself." */
static void
test_seq(void)
{
	CU_ASSERT(gdoi_seq_acceptable(0, 1));
	CU_ASSERT(!gdoi_seq_acceptable(5, 5));
	CU_ASSERT(!gdoi_seq_acceptable(5, 4));
	CU_ASSERT(gdoi_seq_acceptable(5, 1000000));
	CU_ASSERT_EQUAL(gdoi_ks_next_seq(0, false), 1);	/* first PUSH */
	CU_ASSERT_EQUAL(gdoi_ks_next_seq(6, false), 7);	/* KEK rekey: 7 */
	CU_ASSERT_EQUAL(gdoi_ks_next_seq(7, true), 1);	/* next one: 1 */
	CU_ASSERT_EQUAL(gdoi_ks_next_seq(1, false), 2);
}

/* Batches of 50 (line 494: "sends rekeys to unicast group members in
 * groups of 50 within a loop"). */
static void
test_batch(void)
{
	CU_ASSERT_EQUAL(gdoi_unicast_batch(0), 0);
	CU_ASSERT_EQUAL(gdoi_unicast_batch(2), 2);
	CU_ASSERT_EQUAL(gdoi_unicast_batch(50), 50);
	CU_ASSERT_EQUAL(gdoi_unicast_batch(51), 50);
	CU_ASSERT_EQUAL(gdoi_unicast_batch(10000), 50);
	/* 120 members: 50, 50, 20 in three loops, 0, 5 and 10 s in. */
	CU_ASSERT_EQUAL(gdoi_unicast_loops(120), 3);
	CU_ASSERT_EQUAL(gdoi_unicast_batch(120 - 100), 20);
	CU_ASSERT_EQUAL(gdoi_unicast_send_delay(119), 10);
}

/* KEK rekey time: the TEK formula on the KEK lifetime, no later than 120
 * s before the KEK ends.  Seed 001's KS: `rekey lifetime seconds 1200`,
 * `rekey retransmit 10 number 5`, two GMs: 1200 - 5 - 120 - 50 = 1025;
 * the default 86400: 86400 - 5 - 8640 - 50 = 77705.  KEK 300 without
 * retransmission: 300 - 5 - 90 = 205, capped at 300 - 120 = 180. */
static void
test_kek(void)
{
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(1200, true, 2, 10, 5), 1025);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(1200, true, 0, 10, 5), 1030);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(86400, true, 2, 10, 5), 77705);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(300, true, 1, 0, 0), 180);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(300, false, 1, 0, 0), 180);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(86400, false, 2, 10, 2), 77740);
	CU_ASSERT_EQUAL(gdoi_ks_kek_rekey_at(120, true, 1000, 60, 10), 1);
}

/* TEK and KEK rekeys due within 60 s of each other go out together. */
static void
test_combine(void)
{
	CU_ASSERT(gdoi_rekey_combine(0));
	CU_ASSERT(gdoi_rekey_combine(55));
	CU_ASSERT(gdoi_rekey_combine(60));
	CU_ASSERT(!gdoi_rekey_combine(61));
	CU_ASSERT(!gdoi_rekey_combine(270));
}

/* The default lab (seed 001's numbers): TEK 900 s, KEK 1200 s, unicast,
 * 2 GMs, retransmit 10 x 5.  TEK period 900 - 5 - 90 - 50 = 755, KEK
 * period 1200 - 5 - 120 - 50 = 1025; the GMs register at t = 1 when
 * the group has no member yet, so the first TEK rekey is due at
 * 1 + 760 = 761 and the first KEK rekey at 1 + 1030 = 1031.  By hand:
 *	 761 T seq 1	1031 K seq 2	1516 T seq 1	2056 K seq 2
 *	2271 T seq 1	3026 T+K seq 2 (the KEK was due at 3081: 55 s)
 *	3781 T seq 1	(the KEK, re-armed at 3026, is due at 4051)
 * so from 761 on the pattern repeats every 3781 - 761 = 3020 s with 3
 * TEK-only, 2 KEK-only and 1 combined rekey, and the seq # alternate
 * 1, 2 (seed 001's `Sent seq num : 2 1 2 1`). */
static void
test_plan(void)
{
	struct gdoi_rekey_plan pl;

	gdoi_rekey_plan(900, 1200, true, 2, 10, 5, 761, 1031, 3781, &pl);
	CU_ASSERT_EQUAL(pl.total, 7);
	CU_ASSERT_EQUAL(pl.tek_only, 4);
	CU_ASSERT_EQUAL(pl.kek_only, 2);
	CU_ASSERT_EQUAL(pl.combined, 1);
	CU_ASSERT_EQUAL(pl.teks, 5);
	CU_ASSERT_EQUAL(pl.keks, 3);
	CU_ASSERT_EQUAL(pl.last_at, 3781);
	CU_ASSERT_EQUAL(pl.last_seq, 1);
	gdoi_rekey_plan(900, 1200, true, 2, 10, 5, 761, 1031, 3780, &pl);
	CU_ASSERT_EQUAL(pl.total, 6);
	CU_ASSERT_EQUAL(pl.last_at, 3026);
	CU_ASSERT_EQUAL(pl.last_seq, 2);
	/* Two whole periods later the counts have grown by 2 x 6. */
	gdoi_rekey_plan(900, 1200, true, 2, 10, 5, 761, 1031, 3780 + 6040,
	    &pl);
	CU_ASSERT_EQUAL(pl.total, 18);
	CU_ASSERT_EQUAL(pl.tek_only, 9);
	CU_ASSERT_EQUAL(pl.kek_only, 6);
	CU_ASSERT_EQUAL(pl.combined, 3);
	/* 24 h after the lab's 10 s start (t = 86410): 28 whole periods
	 * from 761 to 761 + 28 x 3020 = 85321 hold 168 rekeys; then 85321
	 * T, 85591 K and 86076 T (the next, 86616 K, is after 86410): 171,
	 * the last one a TEK rekey with seq # 1. */
	gdoi_rekey_plan(900, 1200, true, 2, 10, 5, 761, 1031, 86410, &pl);
	CU_ASSERT_EQUAL(pl.total, 171);
	CU_ASSERT_EQUAL(pl.tek_only, 28 * 3 + 2);
	CU_ASSERT_EQUAL(pl.kek_only, 28 * 2 + 1);
	CU_ASSERT_EQUAL(pl.combined, 28);
	CU_ASSERT_EQUAL(pl.last_at, 86076);
	CU_ASSERT_EQUAL(pl.last_seq, 1);
	/* Nothing due: nothing sent. */
	gdoi_rekey_plan(900, 1200, true, 2, 10, 5, 761, 1031, 760, &pl);
	CU_ASSERT_EQUAL(pl.total, 0);
	CU_ASSERT_EQUAL(pl.last_seq, 0);
	/* Multicast, TEK 300, KEK 86400, 3 x 10: every 300 - 90 - 30 = 180
	 * s (line 457), the KEK never within a day. */
	gdoi_rekey_plan(300, 86400, false, 0, 10, 3, 180, 77700, 3600, &pl);
	CU_ASSERT_EQUAL(pl.total, 20);
	CU_ASSERT_EQUAL(pl.kek_only + pl.combined, 0);
	CU_ASSERT_EQUAL(pl.last_seq, 20);
}

/* Constants stated in the guide: eject after "three consecutive rekeys"
 * without ACK (line 484); passive SAs convert "if there is no rekey in 5
 * minutes" (line 1020). */
static void
test_constants(void)
{
	CU_ASSERT_EQUAL(GDOI_MAX_MISSED_ACKS, 3);
	CU_ASSERT_EQUAL(GDOI_PASSIVE_CONVERT_SEC, 300);
	CU_ASSERT_EQUAL(GDOI_UNICAST_BATCH, 50);
	CU_ASSERT_EQUAL(GDOI_UNICAST_LOOP_SEC, 5);
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("gdoi_timers", NULL, NULL);
	CU_add_test(s, "tek_rekey_offset", test_offset);
	CU_add_test(s, "retransmission pull-back", test_pullback);
	CU_add_test(s, "multicast rekey time", test_multicast);
	CU_add_test(s, "unicast rekey time and batches", test_unicast);
	CU_add_test(s, "GM re-register and switch", test_gm);
	CU_add_test(s, "retransmission suppression", test_retransmit_allowed);
	CU_add_test(s, "sequence numbers", test_seq);
	CU_add_test(s, "unicast batches", test_batch);
	CU_add_test(s, "KEK rekey time", test_kek);
	CU_add_test(s, "TEK and KEK rekeys combined", test_combine);
	CU_add_test(s, "rekey plan of the default lab", test_plan);
	CU_add_test(s, "constants", test_constants);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails != 0;
}
