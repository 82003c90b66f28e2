/* GETVPN rekey timing formulas of seed 003 (see gdoi_timers.h). */
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
