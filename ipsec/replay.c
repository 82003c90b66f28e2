/* Anti-replay sliding window (see replay.h).  The bitmap is a plain
 * multi-word shift register: at most 16 words, moved only when a packet
 * advances the right edge, which is cheap next to the crypto. */
#include "config.h"

#include <string.h>

#include "replay.h"

#define WORDS	(REPLAY_MAX_WINDOW / 64)

void
replay_init(struct replay_win *w, unsigned size)
{
	memset(w, 0, sizeof(*w));
	if (size > REPLAY_MAX_WINDOW)
		size = REPLAY_MAX_WINDOW;
	w->size = (size + 63) / 64 * 64;
}

bool
replay_enabled(const struct replay_win *w)
{
	return w->size != 0;
}

static bool
bit_get(const struct replay_win *w, uint32_t i)
{
	return (w->bits[i / 64] >> (i % 64)) & 1;
}

int
replay_check(const struct replay_win *w, uint32_t seq)
{
	uint32_t diff;

	if (w->size == 0)
		return REPLAY_OK;
	if (seq == 0)
		return REPLAY_ZERO;
	if (seq > w->top)
		return REPLAY_OK;
	diff = w->top - seq;
	if (diff >= w->size)
		return REPLAY_OLD;
	return bit_get(w, diff) ? REPLAY_DUP : REPLAY_OK;
}

/* Shift the window left by n bits (towards older numbers). */
static void
shift(struct replay_win *w, uint32_t n)
{
	unsigned words = w->size / 64;
	uint32_t ws = n / 64, bs = n % 64;

	if (n >= w->size) {
		memset(w->bits, 0, sizeof(w->bits));
		return;
	}
	for (int i = (int)words - 1; i >= 0; i--) {
		uint64_t v = 0;
		int src = i - (int)ws;

		if (src >= 0) {
			v = w->bits[src] << bs;
			if (bs != 0 && src > 0)
				v |= w->bits[src - 1] >> (64 - bs);
		}
		w->bits[i] = v;
	}
}

void
replay_update(struct replay_win *w, uint32_t seq)
{
	if (w->size == 0 || seq == 0)
		return;
	if (seq > w->top) {
		shift(w, seq - w->top);
		w->top = seq;
		w->bits[0] |= 1;
		return;
	}
	if (w->top - seq < w->size)
		w->bits[(w->top - seq) / 64] |= (uint64_t)1 << ((w->top - seq) % 64);
}
