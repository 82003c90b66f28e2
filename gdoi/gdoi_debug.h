/* `debug crypto gdoi ...`: the GDOI debug matrix of IOS.
 *
 * IOS keys GDOI debugging by role (ks, gm), area (registration, rekey,
 * infra, policy, replay, coop, acl) and level (error, terse, event,
 * detail, packet; all-levels sets every level):
 *	KS1#debug crypto gdoi ks registration all-levels
 *	GDOI Key Server Registration Debug level: (Packet, Detail, Event, Terse, Error)
 * and filters the lines through `debug crypto gdoi condition peer add
 * ipv4 A` / `... group add NAME` (`show crypto gdoi debug-condition`).
 *
 * Protocol code prints a line with
 *	GDOI_DBG(r, GDBG_KS, GDBG_REKEY, DBG_LVL_EVENT, peer, group,
 *	    "fmt", ...);
 * which costs one test when the flag is off; peer (host order, 0 = none)
 * and group (NULL = none) feed the conditions.  The text after the
 * timestamp is the caller's; by IOS convention it starts with
 * "GDOI:KS:" / "GDOI:GM:" style prefixes chosen where the line is made.
 * (gdoi_debug.c implements the commands and the filter.) */
#ifndef VPNSIM_GDOI_DEBUG_H
#define VPNSIM_GDOI_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "debug.h"
#include "router.h"

enum gdoi_dbg_role { GDBG_KS = 0, GDBG_GM, GDBG_ROLES };
enum gdoi_dbg_area { GDBG_REG = 0, GDBG_REKEY, GDBG_INFRA, GDBG_POLICY,
	GDBG_REPLAY, GDBG_COOP, GDBG_ACL, GDBG_AREAS };

/* Debug ids of the matrix (-1 until gdoi_debug_init ran). */
extern int gdoi_dbg_id[GDBG_ROLES][GDBG_AREAS];

void	gdoi_debug_init(void);		/* from gdoi_cli_init */

/* True when role/area has `level` on for r (cheap). */
static inline bool
gdoi_dbg_on(const struct router *r, int role, int area, uint32_t level)
{
	int id = gdoi_dbg_id[role][area];

	return id >= 0 && (debug_level(r->dbg, id) & level) != 0;
}

/* Print one debug line when the conditions pass (peer 0 / group NULL:
 * the message carries no such value). */
void	gdoi_dbg(struct router *, uint32_t peer, const char *group,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define GDOI_DBG(r, role, area, level, peer, group, ...)		\
	do {								\
		if (gdoi_dbg_on((r), (role), (area), (level)))		\
			gdoi_dbg((r), (peer), (group), __VA_ARGS__);	\
	} while (0)

#endif
