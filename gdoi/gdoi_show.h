/* Read-only views of the GETVPN state for the show commands.
 *
 *  - gdoi_gm_view(): what `show crypto ipsec sa` (ipsec/dp_show.c) and
 *    `show crypto ruleset` need to print a group member's group SAs: the
 *    policy downloaded for a group, the SPIs of its TEKs, its direction
 *    and (when the data plane keeps them) per-policy-line counters;
 *  - helpers shared by the gdoi_show*.c files (one command family each:
 *    gdoi_show.c `show crypto gdoi [group G] [gm]`, gdoi_show2.c GM ACL and
 *    KS policy, gdoi_show_ks.c KS, gdoi_show_rekey.c rekey and TEK SAs),
 *    and ipsec/eli_show.c (`show crypto eli`, `show crypto ruleset`). */
#ifndef VPNSIM_GDOI_SHOW_H
#define VPNSIM_GDOI_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"

struct router;
struct strbuf;
struct acl_entry_view;
struct ipsec_sa;
struct gdoi_group;
struct gdoi_gmg;

/* IPsec SA direction of a group (IOS words). */
enum gdoi_show_dir { GDOI_SHOW_BOTH = 0, GDOI_SHOW_INBOUND_OPTIONAL,
	GDOI_SHOW_INBOUND_ONLY };

struct gdoi_gm_view {
	uint32_t	 local;		/* our registration address */
	uint32_t	 spi;		/* current TEK (0: none) */
	uint32_t	 old_spi;	/* previous TEK, inbound only */
	uint32_t	 new_spi;	/* rekeyed TEK not yet outbound (0) */
	const struct acl_entry_view *aces;	/* downloaded policy */
	int		 n_aces;
	int		 dir;		/* enum gdoi_show_dir */
	unsigned	 replay_window;	/* current TEK's, 0: no anti-replay */
	/* Per policy line (index as aces[]): packets encrypted / decrypted
	 * under it; NULL when the data plane does not count per line. */
	const uint64_t	*ace_enc, *ace_dec;
	/* Multi-TEK: each line's TEK (index into xt[]: 0 the one above,
	 * i the later `sa ipsec` TEK i; NULL: all lines the first) and the
	 * later TEKs' SPIs and windows as above. */
	const uint8_t	*ace_tek;
	int		 n_xt;
	struct {
		uint32_t spi, old_spi, new_spi;
		unsigned replay_window;
	}		 xt[8];
};

/* False when r is not a registered member of GM group NAME. */
bool	gdoi_gm_view(struct router *, const char *name, struct gdoi_gm_view *);

/* ---- shared by the show files ------------------------------------------ */

/* Whole seconds left of a lifetime that started at created (0 if over). */
uint32_t gdoi_show_left(vtime_t created, uint32_t life);
/* The direction of a GM group (the exec `crypto gdoi gm ... ipsec
 * direction`, then `passive`) or of a KS group (`sa receive-only`). */
int	gdoi_show_gm_dir(struct router *, const struct gdoi_group *);
int	gdoi_show_ks_dir(const struct gdoi_group *);
const char *gdoi_show_dir_word(int dir);	/* "Both", "Inbound Only" ... */
/* "group NAME" among the words of a show command: NULL if absent. */
const char *gdoi_show_group_arg(int argc, const char **argv);
/* The active inbound SA of a GM group's TEK spi (the group SAs are
 * inbound + outbound with one SPI, address preserved), or NULL. */
struct ipsec_sa *gdoi_show_tek_sa(struct router *, uint32_t spi);
/* The TEKs of a GM group, newest first (pending, current, previous),
 * each with its live inbound SA; returns how many (at most 3). */
int	gdoi_show_gm_teks(struct router *, const struct gdoi_gmg *,
	    struct ipsec_sa **out, int max);
/* The anti-replay of the TEK with this spi (the pending TEK's own, else
 * the current TEK's: an older TEK had the same policy): enum gdoi_replay
 * and its window (packets or seconds). */
int	gdoi_show_tek_replay(const struct gdoi_gmg *, uint32_t spi,
	    uint32_t *window);
/* Lower-case IOS protocol word ("ip", "udp", "ospf") or NULL. */
const char *gdoi_show_proto(uint8_t proto);
/* An address/wildcard as `show crypto gdoi ipsec sa` and `show crypto
 * ruleset` print it: "ANY", "10.1.1.1", "10.90.0.0/16". */
void	gdoi_show_addr(char *buf, size_t len, uint32_t addr, uint32_t wild);
/* Conn-id shown for a GM group's KEK (rekey) SA. */
uint32_t gdoi_show_kek_conn_id(struct router *, const struct gdoi_gmg *);

/* ---- command installers (from gdoi_show_init) --------------------------- */
void	gdoi_show2_init(void);
void	gdoi_show_ks_init(void);
void	gdoi_show_rekey_init(void);
void	eli_show_init(void);		/* ipsec/eli_show.c */

#endif
