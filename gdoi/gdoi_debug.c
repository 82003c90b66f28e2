/* `debug crypto gdoi ...` (see gdoi_debug.h): the role x area matrix of
 * leveled flags, `debug crypto gdoi all`, the GDOI debug conditions and
 * `show crypto gdoi debug-condition`.
 *
 * Levels are cumulative as on IOS: `detail` also turns on event, terse
 * and error; the reply names them from the highest down:
 *	GDOI Key Server Registration Debug level: (Packet, Detail, Event, Terse, Error)
 * (seeds 001/002).  A flag given without a level gets terse. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "debug.h"
#include "gdoi_debug.h"
#include "router.h"
#include "strbuf.h"

int gdoi_dbg_id[GDBG_ROLES][GDBG_AREAS] = {
	{ -1, -1, -1, -1, -1, -1, -1 }, { -1, -1, -1, -1, -1, -1, -1 },
};
static int dbg_all = -1;	/* debug crypto gdoi all */

static const char *const role_word[GDBG_ROLES] = { "ks", "gm" };
static const char *const role_name[GDBG_ROLES] = { "Key Server",
	"Group Member" };
static const char *const role_help[GDBG_ROLES] = {
	"Key Server\n", "Group Member\n" };
static const char *const area_word[GDBG_AREAS] = { "registration", "rekey",
	"infra", "policy", "replay", "coop", "acl" };
static const char *const area_name[GDBG_AREAS] = { "Registration", "Rekey",
	"Infrastructure", "Policy", "Anti-Replay", "COOP", "ACL" };
static const char *const area_help[GDBG_AREAS] = {
	"GDOI Registration\n", "GDOI Rekey\n", "GDOI Infrastructure\n",
	"GDOI Policy\n", "GDOI Anti-Replay\n", "GDOI Cooperative Key Server\n",
	"GDOI Access Control List\n" };

#define LEVEL_SPEC	"[all-levels|detail|error|event|packet|terse]"
#define LEVEL_HELP	"All levels\n" "Detail level\n" "Error level\n"	\
			"Event level\n" "Packet level\n" "Terse level\n"

/* The mask a level word turns on (cumulative downwards). */
static uint32_t
level_mask(const char *w)
{
	if (w == NULL || strcmp(w, "terse") == 0)
		return DBG_LVL_TERSE | DBG_LVL_ERROR;
	if (strcmp(w, "all-levels") == 0 || strcmp(w, "all") == 0)
		return DBG_LVL_ALL;
	if (strcmp(w, "packet") == 0)
		return DBG_LVL_ALL;
	if (strcmp(w, "detail") == 0)
		return DBG_LVL_DETAIL | DBG_LVL_EVENT | DBG_LVL_TERSE |
		    DBG_LVL_ERROR;
	if (strcmp(w, "event") == 0)
		return DBG_LVL_EVENT | DBG_LVL_TERSE | DBG_LVL_ERROR;
	if (strcmp(w, "error") == 0)
		return DBG_LVL_ERROR;
	return 0;
}

static void
level_names(uint32_t m, struct strbuf *out)
{
	static const struct { uint32_t bit; const char *name; } lv[] = {
		{ DBG_LVL_PACKET, "Packet" }, { DBG_LVL_DETAIL, "Detail" },
		{ DBG_LVL_EVENT, "Event" }, { DBG_LVL_TERSE, "Terse" },
		{ DBG_LVL_ERROR, "Error" },
	};
	size_t i;
	bool first = true;

	sb_puts(out, "(");
	for (i = 0; i < sizeof(lv) / sizeof(lv[0]); i++)
		if (m & lv[i].bit) {
			sb_printf(out, "%s%s", first ? "" : ", ", lv[i].name);
			first = false;
		}
	sb_puts(out, ")");
}

/* Which matrix cell a debug id is. */
static bool
cell_of(int id, int *role, int *area)
{
	int ro, ar;

	for (ro = 0; ro < GDBG_ROLES; ro++)
		for (ar = 0; ar < GDBG_AREAS; ar++)
			if (gdoi_dbg_id[ro][ar] == id) {
				*role = ro;
				*area = ar;
				return true;
			}
	return false;
}

static uint32_t
cell_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t m = level_mask(argc > 0 ? argv[0] : NULL);
	int role, area;

	(void)d;
	if (m == 0 || !cell_of(id, &role, &area))
		return 0;
	sb_printf(out, "GDOI %s %s Debug level: ", role_name[role],
	    area_name[area]);
	level_names(m, out);
	sb_puts(out, "\n");
	return m;
}

static void
cell_show(const struct debugs *d, int id, struct strbuf *out)
{
	int role, area;

	if (!cell_of(id, &role, &area))
		return;
	sb_printf(out, "  GDOI %s %s Debug level: ", role_name[role],
	    area_name[area]);
	level_names(debug_level(d, id), out);
	sb_puts(out, "\n");
}

/* `debug crypto gdoi all [LEVEL]`: every cell (the guide's EEM applet
 * runs "debug crypto gdoi all all"). */
static uint32_t
all_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	uint32_t m = level_mask(argc > 0 ? argv[0] : NULL);
	int ro, ar;

	(void)id;
	if (m == 0)
		return 0;
	for (ro = 0; ro < GDBG_ROLES; ro++)
		for (ar = 0; ar < GDBG_AREAS; ar++)
			if (gdoi_dbg_id[ro][ar] >= 0)
				debug_set(d, gdoi_dbg_id[ro][ar], m);
	sb_puts(out, "GDOI All Debug level: ");
	level_names(m, out);
	sb_puts(out, "\n");
	/* The cells carry the state; this flag only records the command. */
	return m;
}

static void
all_show(const struct debugs *d, int id, struct strbuf *out)
{
	(void)d;
	(void)id;
	(void)out;	/* the cells print themselves */
}

static struct debug_desc cell_desc[GDBG_ROLES][GDBG_AREAS];
static char cell_path[GDBG_ROLES][GDBG_AREAS][48];
static char cell_helpbuf[GDBG_ROLES][GDBG_AREAS][160];
static char cell_on[GDBG_ROLES][GDBG_AREAS][80];
static char cell_off[GDBG_ROLES][GDBG_AREAS][80];

static const struct debug_desc all_desc = {
	"crypto gdoi all",
	"Cryptographic subsystem\n" "Group Domain of Interpretation\n"
	    "All GDOI debugging\n",
	"Cryptographic Subsystem", "GDOI all debugging is on",
	"GDOI all debugging is off", LEVEL_SPEC, LEVEL_HELP, all_set,
	all_show
};

void
gdoi_dbg(struct router *r, uint32_t peer, const char *group,
    const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;

	if (!debug_cond_pass(r->dbg, DCOND_GDOI_PEER, peer ? &peer : NULL))
		return;
	if (!debug_cond_pass(r->dbg, DCOND_GDOI_GROUP, group))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rdebug(r, "%s", line);
}

/* ---- conditions ------------------------------------------------------- */

DEFUN(gdoi_cond_peer,
    "debug crypto gdoi condition peer (add|delete) ipv4 A.B.C.D",
    DEBUG_STR "Cryptographic subsystem\n" "Group Domain of Interpretation\n"
    "Set a GDOI debug condition\n" "Peer\n" "Add a condition\n"
    "Delete a condition\n" "IPv4 address\n" "Peer IPv4 address\n")
{
	struct router *r = vty_router(vty);
	struct in_addr a;
	uint32_t v;

	if (r->dbg == NULL || inet_pton(AF_INET, argv[7], &a) != 1)
		return CMD_WARNING;
	v = ntohl(a.s_addr);
	if (strcmp(argv[5], "add") == 0) {
		if (debug_cond_add(r->dbg, DCOND_GDOI_PEER, &v) < 0) {
			vty_out(vty, "%% GDOI Debug Condition table full.\n");
			return CMD_WARNING;
		}
		vty_out(vty, "%% GDOI Debug Condition added.\n");
	} else if (debug_cond_del_value(r->dbg, DCOND_GDOI_PEER, &v))
		vty_out(vty, "%% GDOI Debug Condition deleted.\n");
	else
		vty_out(vty, "%% GDOI Debug Condition not found.\n");
	return CMD_SUCCESS;
}

DEFUN(gdoi_cond_group,
    "debug crypto gdoi condition group (add|delete) WORD",
    DEBUG_STR "Cryptographic subsystem\n" "Group Domain of Interpretation\n"
    "Set a GDOI debug condition\n" "Group\n" "Add a condition\n"
    "Delete a condition\n" "Group name\n")
{
	struct router *r = vty_router(vty);

	if (r->dbg == NULL)
		return CMD_WARNING;
	if (strcmp(argv[5], "add") == 0) {
		if (debug_cond_add(r->dbg, DCOND_GDOI_GROUP, argv[6]) < 0) {
			vty_out(vty, "%% GDOI Debug Condition table full.\n");
			return CMD_WARNING;
		}
		vty_out(vty, "%% GDOI Debug Condition added.\n");
	} else if (debug_cond_del_value(r->dbg, DCOND_GDOI_GROUP, argv[6]))
		vty_out(vty, "%% GDOI Debug Condition deleted.\n");
	else
		vty_out(vty, "%% GDOI Debug Condition not found.\n");
	return CMD_SUCCESS;
}

DEFUN(gdoi_cond_unmatched,
    "debug crypto gdoi condition unmatched",
    DEBUG_STR "Cryptographic subsystem\n" "Group Domain of Interpretation\n"
    "Set a GDOI debug condition\n"
    "Also print messages that carry no condition value\n")
{
	struct router *r = vty_router(vty);

	if (r->dbg != NULL)
		r->dbg->unmatched = true;
	vty_out(vty, "%% GDOI Debug Condition added.\n");
	return CMD_SUCCESS;
}

DEFUN(no_gdoi_cond,
    "no debug crypto gdoi condition",
    NO_STR DEBUG_STR "Cryptographic subsystem\n"
    "Group Domain of Interpretation\n" "Remove every GDOI debug condition\n")
{
	struct router *r = vty_router(vty);

	if (r->dbg == NULL)
		return CMD_WARNING;
	debug_cond_clear(r->dbg, DCOND_GDOI_PEER);
	debug_cond_clear(r->dbg, DCOND_GDOI_GROUP);
	r->dbg->unmatched = false;
	vty_out(vty, "%% GDOI Debug Conditions removed.\n");
	return CMD_SUCCESS;
}

static void
cond_lines(const struct debugs *d, int kind, const char *label,
    struct strbuf *out)
{
	int i;
	char a[INET_ADDRSTRLEN];
	struct in_addr ia;

	for (i = 0; i < d->n_cond; i++) {
		if (d->cond[i].kind != kind)
			continue;
		if (kind == DCOND_GDOI_PEER) {
			ia.s_addr = htonl(d->cond[i].addr);
			inet_ntop(AF_INET, &ia, a, sizeof(a));
			sb_printf(out, "%s %s\n", label, a);
		} else
			sb_printf(out, "%s %s\n", label, d->cond[i].name);
	}
}

DEFUN(show_gdoi_debug_cond,
    "show crypto gdoi debug-condition",
    SHOW_STR "Encryption module\n" "Show GDOI information\n"
    "Show GDOI debug conditions\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;

	if (r->dbg == NULL)
		return CMD_SUCCESS;
	sb_puts(&sb, "GDOI Conditional Filters:\n");
	cond_lines(r->dbg, DCOND_GDOI_GROUP, "Group Name", &sb);
	cond_lines(r->dbg, DCOND_GDOI_PEER, "Peer Address", &sb);
	sb_printf(&sb, "Unmatched %s\n", r->dbg->unmatched ? "set" :
	    "NOT set");
	vty_out(vty, "%s", sb_str(&sb));
	sb_free(&sb);
	return CMD_SUCCESS;
}

void
gdoi_debug_init(void)
{
	int ro, ar;

	if (dbg_all >= 0)
		return;
	for (ro = 0; ro < GDBG_ROLES; ro++)
		for (ar = 0; ar < GDBG_AREAS; ar++) {
			struct debug_desc *d = &cell_desc[ro][ar];

			snprintf(cell_path[ro][ar], sizeof(cell_path[0][0]),
			    "crypto gdoi %s %s", role_word[ro], area_word[ar]);
			snprintf(cell_helpbuf[ro][ar],
			    sizeof(cell_helpbuf[0][0]), "%s%s%s%s",
			    "Cryptographic subsystem\n",
			    "Group Domain of Interpretation\n",
			    role_help[ro], area_help[ar]);
			snprintf(cell_on[ro][ar], sizeof(cell_on[0][0]),
			    "GDOI %s %s debugging is on", role_name[ro],
			    area_name[ar]);
			snprintf(cell_off[ro][ar], sizeof(cell_off[0][0]),
			    "GDOI %s %s debugging is off", role_name[ro],
			    area_name[ar]);
			d->path = cell_path[ro][ar];
			d->help = cell_helpbuf[ro][ar];
			d->group = "Cryptographic Subsystem";
			d->on_msg = cell_on[ro][ar];
			d->off_msg = cell_off[ro][ar];
			d->opt_spec = LEVEL_SPEC;
			d->opt_help = LEVEL_HELP;
			d->set_fn = cell_set;
			d->show_fn = cell_show;
			gdoi_dbg_id[ro][ar] = debug_register(d);
		}
	dbg_all = debug_register(&all_desc);
	cli_install(ENABLE_NODE, &gdoi_cond_peer_cmd);
	cli_install(ENABLE_NODE, &gdoi_cond_group_cmd);
	cli_install(ENABLE_NODE, &gdoi_cond_unmatched_cmd);
	cli_install(ENABLE_NODE, &no_gdoi_cond_cmd);
	cli_install(ENABLE_NODE, &show_gdoi_debug_cond_cmd);
}
