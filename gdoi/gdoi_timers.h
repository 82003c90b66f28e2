/* GETVPN rekey timing, as pure functions of the configuration (no
 * protocol state).  Every formula is the one seed 003 (Cisco GET VPN
 * configuration guide) states; tests/unit/test_gdoi_timers.c checks the
 * guide's own worked examples.  Times are seconds. */
#ifndef VPNSIM_GDOI_TIMERS_H
#define VPNSIM_GDOI_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

/* Seed 003 "Unicast Rekeying and SAs". */
#define GDOI_REKEY_OFFSET_MIN		90	/* TEK lifetime < 900 s */
#define GDOI_REKEY_OFFSET_THRESHOLD	900
#define GDOI_UNICAST_BATCH		50	/* GMs per rekey loop */
#define GDOI_UNICAST_LOOP_SEC		5	/* estimated time of a loop */
#define GDOI_MAX_MISSED_ACKS		3	/* then the KS ejects the GM */
/* Seed 003 "IPsec SA Usage on the Group Members". */
#define GDOI_GM_REREGISTER_BEFORE	60	/* no rekey: re-register */
#define GDOI_GM_SWITCH_BEFORE		30	/* new SA outbound */
/* Seed 003 "Retransmitting a Rekey". */
#define GDOI_RETX_SUPPRESS_WINDOW	120
/* Seed 003 table 2 text on pseudotime synchronization. */
#define GDOI_SYNC_COMBINE_WINDOW	60
/* A TEK and a KEK rekey due within this many seconds of each other go out
 * as one PUSH (the guide names no window for this; vpnsim uses the one it
 * gives for folding the pseudotime sync into a TEK or KEK rekey). */
#define GDOI_REKEY_COMBINE_WINDOW	GDOI_SYNC_COMBINE_WINDOW
/* The KEK rekey starts no later than this before the KEK ends (the KS
 * renews a KEK with less left at a registration, gdoi_ks.c). */
#define GDOI_KEK_REKEY_LATEST		120
/* Seed 003 "Receive Only SA": passive SAs convert after 5 minutes. */
#define GDOI_PASSIVE_CONVERT_SEC	300

/* tek_rekey_offset: 90 s for a TEK lifetime under 900 s, else a tenth of
 * it. */
uint32_t gdoi_tek_rekey_offset(uint32_t tek_life);

/* How far the configured retransmissions pull the rekey forward:
 * period x number (0 without retransmission). */
uint32_t gdoi_retransmit_pullback(int period, int number);

/* Rekey loops of a unicast rekey to n_gms members: ceil(n / 50). */
uint32_t gdoi_unicast_loops(uint32_t n_gms);
/* Seconds into the unicast rekey at which member i (0-based, in the
 * KS's send order) gets its copy: loop (i / 50) x 5 s. */
uint32_t gdoi_unicast_send_delay(uint32_t i);

/* Seconds after a TEK's installation at which the KS starts its rekey.
 * Multicast: life - offset - pull-back.  Unicast: life - loops x 5 -
 * offset - pull-back.  Never negative (clamped at 0). */
uint32_t gdoi_ks_tek_rekey_at(uint32_t tek_life, bool unicast,
	    uint32_t n_gms, int retx_period, int retx_number);

/* GM: seconds after installing a TEK of remaining lifetime `remaining`
 * at which it re-registers when no rekey came (60 s before expiry) and
 * at which it moves outbound traffic to the newer SA (30 s before the
 * old one expires).  Clamped at 0. */
uint32_t gdoi_gm_reregister_in(uint32_t remaining);
uint32_t gdoi_gm_switch_in(uint32_t remaining);

/* Retransmission: false when a TEK or KEK rekey is due within 120 s
 * (the retransmission stops and waits for it). */
bool	gdoi_retransmit_allowed(uint32_t next_rekey_in);

/* Members in the next unicast send loop when n_left still need the
 * rekey: min(n_left, 50). */
uint32_t gdoi_unicast_batch(uint32_t n_left);

/* Seconds after a KEK's creation at which the KS starts its KEK rekey:
 * the TEK formula on the KEK lifetime, but no later than 120 s before
 * the KEK ends; at least 1. */
uint32_t gdoi_ks_kek_rekey_at(uint32_t kek_life, bool unicast,
	    uint32_t n_gms, int retx_period, int retx_number);

/* A rekey that fires while the other kind (TEK / KEK) is due in
 * `other_due_in` s carries both (GDOI_REKEY_COMBINE_WINDOW). */
bool	gdoi_rekey_combine(uint32_t other_due_in);

/* What a key server's timers produce from t = 0 to `horizon` s: the first
 * TEK rekey due at first_tek, the first KEK rekey at first_kek, every
 * later one by the formulas above for n_gms members (a new TEK / KEK
 * re-arms its own timer), TEK and KEK rekeys due together combined, the
 * seq # rules below, and every rekey acknowledged at once (no
 * retransmission). */
struct gdoi_rekey_plan {
	uint32_t	 tek_only, kek_only, combined;	/* rekeys by kind */
	uint32_t	 total;				/* their sum */
	uint32_t	 teks, keks;	/* new TEKs / KEKs pushed */
	uint32_t	 last_at, last_seq;	/* the last rekey */
};
void	gdoi_rekey_plan(uint32_t tek_life, uint32_t kek_life, bool unicast,
	    uint32_t n_gms, int retx_period, int retx_number,
	    uint32_t first_tek, uint32_t first_kek, uint32_t horizon,
	    struct gdoi_rekey_plan *);

/* Rekey sequence numbers (seed 003 "rekey sequence-number check"): a
 * GM accepts seq only if it is higher than the last one it accepted, by
 * any amount.  After a KEK rekey the KS restarts at 1 with the first
 * rekey that follows it, not with the KEK rekey itself. */
bool	gdoi_seq_acceptable(uint32_t last, uint32_t seq);
uint32_t gdoi_ks_next_seq(uint32_t last_sent, bool first_after_kek_rekey);

#endif
