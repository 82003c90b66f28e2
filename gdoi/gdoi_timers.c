/* GETVPN rekey timing formulas of seed 003 (see gdoi_timers.h). */
#include <string.h>

#include "gdoi_timers.h"

static uint32_t
sub0(uint32_t a, uint32_t b)
{
	return a > b ? a - b : 0;
}

uint32_t
gdoi_tek_rekey_offset(uint32_t tek_life)
{
	/* "less than 900 seconds ... set to 90 seconds ... more than 900
	 * seconds ... (configured TEK rekey lifetime)/10"; at 900 both
	 * give 90. */
	if (tek_life < GDOI_REKEY_OFFSET_THRESHOLD)
		return GDOI_REKEY_OFFSET_MIN;
	return tek_life / 10;
}

uint32_t
gdoi_retransmit_pullback(int period, int number)
{
	if (period <= 0 || number <= 0)
		return 0;
	return (uint32_t)period * (uint32_t)number;
}

uint32_t
gdoi_unicast_loops(uint32_t n_gms)
{
	return (n_gms + GDOI_UNICAST_BATCH - 1) / GDOI_UNICAST_BATCH;
}

uint32_t
gdoi_unicast_send_delay(uint32_t i)
{
	return i / GDOI_UNICAST_BATCH * GDOI_UNICAST_LOOP_SEC;
}

uint32_t
gdoi_ks_tek_rekey_at(uint32_t tek_life, bool unicast, uint32_t n_gms,
    int retx_period, int retx_number)
{
	uint32_t t = tek_life;

	if (unicast)
		t = sub0(t, gdoi_unicast_loops(n_gms) * GDOI_UNICAST_LOOP_SEC);
	t = sub0(t, gdoi_tek_rekey_offset(tek_life));
	return sub0(t, gdoi_retransmit_pullback(retx_period, retx_number));
}

uint32_t
gdoi_gm_reregister_in(uint32_t remaining)
{
	return sub0(remaining, GDOI_GM_REREGISTER_BEFORE);
}

uint32_t
gdoi_gm_switch_in(uint32_t remaining)
{
	return sub0(remaining, GDOI_GM_SWITCH_BEFORE);
}

bool
gdoi_retransmit_allowed(uint32_t next_rekey_in)
{
	return next_rekey_in > GDOI_RETX_SUPPRESS_WINDOW;
}

bool
gdoi_seq_acceptable(uint32_t last, uint32_t seq)
{
	return seq > last;
}

uint32_t
gdoi_ks_next_seq(uint32_t last_sent, bool first_after_kek_rekey)
{
	return first_after_kek_rekey ? 1 : last_sent + 1;
}

uint32_t
gdoi_unicast_batch(uint32_t n_left)
{
	return n_left < GDOI_UNICAST_BATCH ? n_left : GDOI_UNICAST_BATCH;
}

uint32_t
gdoi_ks_kek_rekey_at(uint32_t kek_life, bool unicast, uint32_t n_gms,
    int retx_period, int retx_number)
{
	uint32_t at = gdoi_ks_tek_rekey_at(kek_life, unicast, n_gms,
	    retx_period, retx_number);

	if (kek_life > GDOI_KEK_REKEY_LATEST &&
	    at > kek_life - GDOI_KEK_REKEY_LATEST)
		at = kek_life - GDOI_KEK_REKEY_LATEST;
	return at == 0 ? 1 : at;
}

bool
gdoi_rekey_combine(uint32_t other_due_in)
{
	return other_due_in <= GDOI_REKEY_COMBINE_WINDOW;
}

void
gdoi_rekey_plan(uint32_t tek_life, uint32_t kek_life, bool unicast,
    uint32_t n_gms, int retx_period, int retx_number, uint32_t first_tek,
    uint32_t first_kek, uint32_t horizon, struct gdoi_rekey_plan *pl)
{
	uint32_t tek_p = gdoi_ks_tek_rekey_at(tek_life, unicast, n_gms,
	    retx_period, retx_number);
	uint32_t kek_p = gdoi_ks_kek_rekey_at(kek_life, unicast, n_gms,
	    retx_period, retx_number);
	uint64_t t_tek = first_tek, t_kek = first_kek, t;
	bool	 reset = false, kek;

	if (tek_p == 0)
		tek_p = 1;
	memset(pl, 0, sizeof(*pl));
	for (;;) {
		if (t_tek <= t_kek) {
			if ((t = t_tek) > horizon)
				break;
			/* The TEK rekey, with the KEK when that is due. */
			kek = gdoi_rekey_combine((uint32_t)(t_kek - t));
			t_tek = t + tek_p;
			pl->teks++;
			if (kek) {
				t_kek = t + kek_p;
				pl->keks++;
				pl->combined++;
			} else
				pl->tek_only++;
		} else {
			if ((t = t_kek) > horizon)
				break;
			kek = true;
			if (gdoi_rekey_combine((uint32_t)(t_tek - t))) {
				t_tek = t + tek_p;
				pl->teks++;
				pl->combined++;
			} else
				pl->kek_only++;
			t_kek = t + kek_p;
			pl->keks++;
		}
		pl->last_seq = gdoi_ks_next_seq(pl->last_seq, reset);
		reset = kek;
		pl->last_at = (uint32_t)t;
		pl->total++;
	}
}
