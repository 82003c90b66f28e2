/* ESP anti-replay: the RFC 4303 §3.4.3 sliding window over 32-bit
 * sequence numbers.  IOS sizes: 64 (default), 128, 256, 512, 1024; 0 turns
 * the check off (`crypto ipsec security-association replay disable`).
 *
 * Check and update are separate on purpose: the receiver checks before
 * it verifies the ICV and updates only after the ICV passed, so forged
 * packets cannot move the window. */
#ifndef VPNSIM_REPLAY_H
#define VPNSIM_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define REPLAY_MAX_WINDOW	1024
#define REPLAY_DEFAULT_WINDOW	64

struct replay_win {
	unsigned	size;		/* bits in the window, 0 = disabled */
	uint32_t	top;		/* highest sequence number accepted */
	/* bit i of the window is sequence top - i (word i / 64, bit i % 64) */
	uint64_t	bits[REPLAY_MAX_WINDOW / 64];
};

enum replay_verdict {
	REPLAY_OK = 0,
	REPLAY_DUP,		/* inside the window, already seen */
	REPLAY_OLD,		/* left of the window */
	REPLAY_ZERO,		/* sequence number 0 is never sent */
};

/* size is rounded up to a multiple of 64 and capped at 1024; 0 disables. */
void	replay_init(struct replay_win *, unsigned size);
int	replay_check(const struct replay_win *, uint32_t seq);
void	replay_update(struct replay_win *, uint32_t seq);
bool	replay_enabled(const struct replay_win *);

#endif
