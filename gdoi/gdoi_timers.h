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

/* Rekey sequence numbers (seed 003 "rekey sequence-number check"): a
 * GM accepts seq only if it is higher than the last one it accepted, by
 * any amount.  After a KEK rekey the KS restarts at 1 with the first
 * rekey that follows it, not with the KEK rekey itself. */
bool	gdoi_seq_acceptable(uint32_t last, uint32_t seq);
uint32_t gdoi_ks_next_seq(uint32_t last_sent, bool first_after_kek_rekey);

#endif
