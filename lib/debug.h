/* Debug flags and conditional debugging.
 *
 * A flag is one IOS `debug ...` command (e.g. "ip icmp", "crypto isakmp",
 * "crypto gdoi gm rekey").  Its descriptor (lib/debug.c registry) gives the
 * words after `debug`, their help lines, the `show debugging` group and the
 * IOS on/off messages; netsim/log_cli.c turns every registered flag into
 * `debug X`, `no debug X` and `undebug X` commands.  Per router, struct
 * debugs holds the state: a level mask per flag (0 = off; plain flags use
 * 1; GDOI-style flags one bit per level) and the conditions.
 *
 * Fast test in the packet path:
 *	if (debug_on(r->dbg, DBG_IP_ICMP))
 *		rdebug(r, "ICMP: echo reply sent, src %s, dst %s, topology "
 *		    "BASE, dscp 0 topoid 0", ...);
 *
 * Two ways to add a flag:
 *  - a fixed id: append to enum debug_id below and its row to the fixed
 *    table in lib/debug.c (fast, an enum constant);
 *  - at run time: debug_register(&desc) from a *_cli_init, keeping the id
 *    it returns in a static int.  Commands appear at once.
 */
#ifndef VPNSIM_DEBUG_H
#define VPNSIM_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

enum debug_id {
	DBG_IP_PACKET,		/* debug ip packet [ACL] [detail] */
	DBG_IP_ICMP,		/* debug ip icmp */
	DBG_IP_UDP,		/* debug ip udp */
	DBG_ARP,		/* debug arp */
	/* later issues append fixed ids here */
	DBG_FIXED_MAX
};

#define DEBUG_MAX	256	/* fixed + registered flags */

/* Level bits of leveled flags (GDOI matrix: `debug crypto gdoi ks
 * registration detail`).  Plain flags use DBG_LVL_ON. */
#define DBG_LVL_ON	0x01u
#define DBG_LVL_ERROR	0x01u
#define DBG_LVL_TERSE	0x02u
#define DBG_LVL_EVENT	0x04u
#define DBG_LVL_DETAIL	0x08u
#define DBG_LVL_PACKET	0x10u
#define DBG_LVL_ALL	0x1fu
/* debug ip packet detail */
#define DBG_LVL_DETAILED 0x20u

/* Condition kinds for debug_cond_pass.  Values: IP kinds take a pointer to
 * a host-order uint32_t address; name kinds a const char *. */
enum debug_cond_kind {
	DCOND_IP,		/* debug condition ip A.B.C.D */
	DCOND_IFACE,		/* debug condition interface IFNAME (name) */
	DCOND_CRYPTO_PEER,	/* debug crypto condition peer ipv4 A.B.C.D */
	DCOND_GDOI_PEER,	/* debug crypto gdoi condition peer add ipv4 */
	DCOND_GDOI_GROUP,	/* debug crypto gdoi condition group add NAME */
	DCOND_MAX
};

struct debug_cond {
	int		 id;		/* IOS condition number, from 1 */
	int		 kind;		/* enum debug_cond_kind */
	uint32_t	 addr;		/* IP kinds */
	char		 name[64];	/* name kinds */
	uint64_t	 hits;		/* times it let a message through */
};

#define DEBUG_MAX_COND	32

struct debugs {
	uint32_t	 level[DEBUG_MAX];	/* 0 = off */
	char		 arg[DEBUG_MAX][24];	/* e.g. ACL of debug ip packet */
	int		 n_on;
	struct debug_cond cond[DEBUG_MAX_COND];
	int		 n_cond;
	int		 next_cond_id;
	bool		 unmatched;		/* GDOI "Unmatched" flag */
};

struct debugs	*debugs_new(void);
void		 debugs_free(struct debugs *);		/* NULL safe */

static inline bool
debug_on(const struct debugs *d, int id)
{
	return d != NULL && d->level[id] != 0;
}

static inline uint32_t
debug_level(const struct debugs *d, int id)
{
	return d != NULL ? d->level[id] : 0;
}

/* One-line guarded debug output (the caller includes router.h). */
#define RDEBUG(r, id, ...)						\
	do {								\
		if (debug_on((r)->dbg, (id)))				\
			rdebug((r), __VA_ARGS__);			\
	} while (0)

/* ---- registry --------------------------------------------------------- */

struct debug_desc {
	const char	*path;		/* words after "debug": "ip icmp" */
	const char	*help;		/* one "\n"-ended line per word */
	const char	*group;		/* show debugging heading: "Generic IP" */
	const char	*on_msg;	/* "ICMP packet debugging is on" */
	const char	*off_msg;	/* "ICMP packet debugging is off" */
	/* Optional tokens after the path (CLI spec) and their help, e.g.
	 * "[(1-199)] [detail]".  NULL: none. */
	const char	*opt_spec;
	const char	*opt_help;
	/* Optional: turn the words after the path into a level mask, fill
	 * d->arg[id] if wanted, and write the IOS reply lines into out.
	 * Return 0 to refuse (out then holds the error).  NULL: the level is
	 * DBG_LVL_ON and the reply is on_msg. */
	uint32_t	(*set_fn)(struct debugs *d, int id, int argc,
			    const char **argv, struct strbuf *out);
	/* Optional: the `show debugging` lines of an enabled flag (each
	 * indented two spaces, newline-ended).  NULL: "  " on_msg. */
	void		(*show_fn)(const struct debugs *d, int id,
			    struct strbuf *out);
};

/* Register a flag; returns its id (>= DBG_FIXED_MAX), or -1 when full.
 * desc must stay valid (static). */
int	debug_register(const struct debug_desc *desc);
int	debug_count(void);			/* ids are 0 .. count-1 */
const struct debug_desc *debug_desc(int id);	/* NULL if unknown */
int	debug_find(const char *path);		/* exact path, -1 if none */
/* Called for every flag registered from now on (and, at install, for all
 * existing ones): the CLI uses it to create the commands. */
void	debug_set_register_hook(void (*hook)(int id));

/* ---- state ------------------------------------------------------------ */

void	debug_set(struct debugs *, int id, uint32_t level);	/* 0 = off */
void	debug_all_off(struct debugs *);
/* `show debugging` body (grouped by heading in registration order). */
void	debug_show(const struct debugs *, struct strbuf *);

/* ---- conditions ------------------------------------------------------- */

/* Add a condition; returns its IOS number (an existing equal condition
 * returns its number), -1 when the table is full. */
int	debug_cond_add(struct debugs *, int kind, const void *value);
bool	debug_cond_del(struct debugs *, int id);
bool	debug_cond_del_value(struct debugs *, int kind, const void *value);
void	debug_cond_clear(struct debugs *, int kind);	/* -1: all kinds */
int	debug_cond_count(const struct debugs *, int kind);	/* -1: all */
/* Does a message about `value` pass the conditions of its kind?  True when
 * no condition of that kind is set, or one matches.  value NULL (the
 * message carries no such value) passes only when none is set or the
 * "unmatched" flag is on. */
bool	debug_cond_pass(const struct debugs *, int kind, const void *value);
/* `show debugging condition` body. */
void	debug_cond_show(const struct debugs *, struct strbuf *);

#endif
