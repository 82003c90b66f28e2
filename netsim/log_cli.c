/* Logging, debug and event-trace commands: `service timestamps`,
 * `logging ...`, `show logging`, `clear logging`, every registered `debug`
 * flag, `debug condition`, `show debugging`, `monitor event-trace` and
 * `show monitor event-trace`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "debug.h"
#include "evtrace.h"
#include "ipv4.h"
#include "log.h"
#include "netsim.h"
#include "router.h"

#define LOGGING_STR	"Modify message logging facilities\n"
#define SERVICE_STR	"Modify use of network based services\n"
#define TIMESTAMPS_STR	"Timestamp debug/log messages\n"
#define UNDEBUG_STR	"Disable debugging functions (see also 'debug')\n"
#define MONITOR_STR	"Monitoring different system events\n"
#define EVTRACE_STR	"Tracing of system events\n"
#define GDOI_ET_STR	"GDOI Event Traces\n"

#define LEVEL_SPEC	"(0-7)|alerts|critical|debugging|emergencies|errors|" \
			"informational|notifications|warnings"
#define LEVEL_HELP \
	"Logging severity level\n" \
	"Immediate action needed           (severity=1)\n" \
	"Critical conditions               (severity=2)\n" \
	"Debugging messages                (severity=7)\n" \
	"System is unusable                (severity=0)\n" \
	"Error conditions                  (severity=3)\n" \
	"Informational messages            (severity=6)\n" \
	"Normal but significant conditions (severity=5)\n" \
	"Warning conditions                (severity=4)\n"

#define AREA_SPEC	"(coop|exit|infra|registration|rekey)"
#define AREA_HELP \
	"GDOI COOP Event Traces\n" \
	"GDOI Exit Traces\n" \
	"GDOI INFRA Event Traces\n" \
	"GDOI Registration event Traces\n" \
	"GDOI Rekey event Traces\n"

static void
out_sb(struct vty *vty, struct strbuf *sb)
{
	if (sb->len > 0)
		vty_write(vty, sb->s, sb->len);
	sb_free(sb);
}

/* The last level word in argv (name or 0-7), or dflt. */
static int
argv_level(int argc, const char **argv, int from, int dflt)
{
	int i, lvl = dflt, v;

	for (i = from; i < argc; i++) {
		if (argv[i][0] >= '0' && argv[i][0] <= '9' &&
		    strlen(argv[i]) > 1)
			continue;	/* a buffer size, not a level */
		if ((v = sev_parse(argv[i])) >= 0)
			lvl = v;
	}
	return lvl;
}

/* ---- service timestamps ---------------------------------------------- */

static int
ts_which_of(int argc, const char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "log") == 0)
			return TS_LOG;
	return TS_DEBUG;
}

DEFUN(service_ts_datetime,
    "service timestamps (debug|log) datetime {msec|localtime|show-timezone|year}",
    SERVICE_STR TIMESTAMPS_STR
    "Timestamp debug messages\n" "Timestamp log messages\n"
    "Timestamp with date and time\n"
    "Include milliseconds in timestamp\n"
    "Use local time zone for timestamps\n"
    "Add time zone information to timestamp\n"
    "Include year in timestamp\n")
{
	struct router *r = vty_router(vty);
	struct ts_fmt f = { TS_DATETIME, false, false, false, false };
	int i;

	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "msec") == 0)
			f.msec = true;
		else if (strcmp(argv[i], "localtime") == 0)
			f.localtime = true;
		else if (strcmp(argv[i], "show-timezone") == 0)
			f.show_tz = true;
		else if (strcmp(argv[i], "year") == 0)
			f.year = true;
	}
	logger_set_timestamps(r->log, ts_which_of(argc, argv), &f);
	return CMD_SUCCESS;
}

/* `service timestamps` alone, or without a type, means uptime (IOS). */
DEFUN(service_ts_uptime,
    "service timestamps [(debug|log) [uptime]]",
    SERVICE_STR TIMESTAMPS_STR
    "Timestamp debug messages\n" "Timestamp log messages\n"
    "Timestamp with system uptime\n")
{
	struct router *r = vty_router(vty);
	struct ts_fmt f = { TS_UPTIME, false, false, false, false };

	logger_set_timestamps(r->log, ts_which_of(argc, argv), &f);
	return CMD_SUCCESS;
}

DEFUN(no_service_ts,
    "no service timestamps [(debug|log) [(datetime|uptime) {msec|localtime|show-timezone|year}]]",
    NO_STR SERVICE_STR TIMESTAMPS_STR
    "Timestamp debug messages\n" "Timestamp log messages\n"
    "Timestamp with date and time\n" "Timestamp with system uptime\n"
    "Include milliseconds in timestamp\n"
    "Use local time zone for timestamps\n"
    "Add time zone information to timestamp\n"
    "Include year in timestamp\n")
{
	struct router *r = vty_router(vty);
	struct ts_fmt f = { TS_NONE, false, false, false, false };
	bool which = false;
	int i;

	for (i = 3; i < argc; i++)
		if (strcmp(argv[i], "debug") == 0 || strcmp(argv[i], "log") == 0)
			which = true;
	if (which)
		logger_set_timestamps(r->log, ts_which_of(argc, argv), &f);
	else {
		logger_set_timestamps(r->log, TS_DEBUG, &f);
		logger_set_timestamps(r->log, TS_LOG, &f);
	}
	return CMD_SUCCESS;
}

/* ---- logging ------------------------------------------------------------ */

DEFUN(logging_buffered,
    "logging buffered [(4096-2147483647)] [" LEVEL_SPEC "]",
    LOGGING_STR "Set buffered logging parameters\n"
    "Logging buffer size\n" LEVEL_HELP)
{
	struct router *r = vty_router(vty);
	const struct logger_conf *c = logger_conf(r->log);
	size_t size = 0;
	int i;

	for (i = 2; i < argc; i++)
		if (strlen(argv[i]) > 1 && argv[i][0] >= '0' &&
		    argv[i][0] <= '9')
			size = (size_t)strtoull(argv[i], NULL, 10);
	/* `logging buffered` alone restores the default level. */
	logger_set_buffered(r->log, true, size,
	    argv_level(argc, argv, 2, argc > 2 ? c->buffer.level : SEV_DEBUG));
	return CMD_SUCCESS;
}

DEFUN(no_logging_buffered,
    "no logging buffered",
    NO_STR LOGGING_STR "Set buffered logging parameters\n")
{
	struct router *r = vty_router(vty);

	logger_set_buffered(r->log, false, 0, logger_conf(r->log)->buffer.level);
	return CMD_SUCCESS;
}

DEFUN(logging_console,
    "logging console [" LEVEL_SPEC "]",
    LOGGING_STR "Set console logging parameters\n" LEVEL_HELP)
{
	struct router *r = vty_router(vty);

	logger_set_console(r->log, true, argv_level(argc, argv, 2, SEV_DEBUG));
	return CMD_SUCCESS;
}

DEFUN(no_logging_console,
    "no logging console",
    NO_STR LOGGING_STR "Set console logging parameters\n")
{
	struct router *r = vty_router(vty);

	logger_set_console(r->log, false, logger_conf(r->log)->console.level);
	return CMD_SUCCESS;
}

DEFUN(logging_monitor,
    "logging monitor [" LEVEL_SPEC "]",
    LOGGING_STR "Set terminal line (monitor) logging parameters\n"
    LEVEL_HELP)
{
	struct router *r = vty_router(vty);

	logger_set_monitor(r->log, true, argv_level(argc, argv, 2, SEV_DEBUG));
	return CMD_SUCCESS;
}

DEFUN(no_logging_monitor,
    "no logging monitor",
    NO_STR LOGGING_STR "Set terminal line (monitor) logging parameters\n")
{
	struct router *r = vty_router(vty);

	logger_set_monitor(r->log, false, logger_conf(r->log)->monitor.level);
	return CMD_SUCCESS;
}

DEFUN(logging_trap,
    "logging trap [" LEVEL_SPEC "]",
    LOGGING_STR "Set syslog server logging level\n" LEVEL_HELP)
{
	struct router *r = vty_router(vty);

	logger_set_trap(r->log, true, argv_level(argc, argv, 2, SEV_INFO));
	return CMD_SUCCESS;
}

DEFUN(no_logging_trap,
    "no logging trap",
    NO_STR LOGGING_STR "Set syslog server logging level\n")
{
	struct router *r = vty_router(vty);

	logger_set_trap(r->log, false, logger_conf(r->log)->trap.level);
	return CMD_SUCCESS;
}

DEFUN(show_logging,
    "show logging",
    SHOW_STR "Show the contents of logging buffers\n")
{
	struct strbuf sb = STRBUF_INIT;

	logger_show(vty_router(vty)->log, &sb);
	out_sb(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(clear_logging,
    "clear logging",
    CLEAR_STR "Clear logging buffer\n")
{
	char buf[64];

	if (!vty_getline(vty, "Clear logging buffer [confirm]", buf,
	    sizeof(buf)))
		return CMD_SUCCESS;
	/* IOS: Return or "y" confirms, anything else aborts. */
	if (buf[0] != '\0' && buf[0] != 'y' && buf[0] != 'Y')
		return CMD_SUCCESS;
	logger_clear_buffer(vty_router(vty)->log);
	return CMD_SUCCESS;
}

/* ---- debug flags (generated from the registry) --------------------------- */

enum { DC_DEBUG, DC_NO, DC_UNDEBUG, DC_KINDS };

struct dbg_cmd {
	struct cmd	 cmd;		/* first: the handler casts self */
	int		 id;
	int		 kind;
	int		 prefix;	/* words before the flag's options */
	char		 spec[256];
	char		 help[1024];
};

static struct dbg_cmd dbg_cmds[DC_KINDS][DEBUG_MAX];

static int
count_words(const char *s)
{
	int n = 0;
	bool in = false;

	for (; *s; s++) {
		if (*s == ' ')
			in = false;
		else if (!in) {
			in = true;
			n++;
		}
	}
	return n;
}

static int
debug_flag_cmd(const struct cmd *self, struct vty *vty, int argc,
    const char **argv)
{
	const struct dbg_cmd *dc = (const struct dbg_cmd *)self;
	const struct debug_desc *d = debug_desc(dc->id);
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	uint32_t lvl;
	int skip = dc->prefix < argc ? dc->prefix : argc;

	if (d == NULL || r->dbg == NULL)
		return CMD_SUCCESS;
	if (dc->kind != DC_DEBUG) {
		debug_set(r->dbg, dc->id, 0);
		vty_out(vty, "%s\n", d->off_msg);
		return CMD_SUCCESS;
	}
	if (d->set_fn != NULL) {
		lvl = d->set_fn(r->dbg, dc->id, argc - skip, argv + skip, &sb);
		out_sb(vty, &sb);
		if (lvl == 0)
			return CMD_WARNING;
	} else {
		lvl = DBG_LVL_ON;
		vty_out(vty, "%s\n", d->on_msg);
	}
	/* Levels add up: `debug ... error` then `debug ... detail`. */
	debug_set(r->dbg, dc->id, d->set_fn != NULL ? lvl :
	    (debug_level(r->dbg, dc->id) | lvl));
	return CMD_SUCCESS;
}

static void
install_debug_flag(int id)
{
	static const char *const first[DC_KINDS] = { "debug", "no debug",
	    "undebug" };
	static const char *const fhelp[DC_KINDS] = { DEBUG_STR,
	    NO_STR DEBUG_STR, UNDEBUG_STR };
	const struct debug_desc *d = debug_desc(id);
	struct dbg_cmd *dc;
	int k;

	if (d == NULL || id < 0 || id >= DEBUG_MAX)
		return;
	for (k = 0; k < DC_KINDS; k++) {
		dc = &dbg_cmds[k][id];
		if (dc->cmd.spec != NULL)
			continue;	/* installed already */
		dc->id = id;
		dc->kind = k;
		snprintf(dc->spec, sizeof(dc->spec), "%s %s%s%s", first[k],
		    d->path, d->opt_spec ? " " : "",
		    d->opt_spec ? d->opt_spec : "");
		snprintf(dc->help, sizeof(dc->help), "%s%s%s", fhelp[k],
		    d->help, d->opt_help ? d->opt_help : "");
		dc->prefix = count_words(first[k]) + count_words(d->path);
		dc->cmd.spec = dc->spec;
		dc->cmd.help = dc->help;
		dc->cmd.fn = debug_flag_cmd;
		dc->cmd.attr = 0;
		dc->cmd.graph = NULL;
		cli_install(ENABLE_NODE, &dc->cmd);
	}
}

DEFUN(undebug_all,
    "undebug all",
    UNDEBUG_STR "Disable all debugging\n")
{
	struct router *r = vty_router(vty);

	if (r->dbg != NULL)
		debug_all_off(r->dbg);
	vty_out(vty, "All possible debugging has been turned off\n");
	return CMD_SUCCESS;
}

DEFUN(no_debug_all,
    "no debug all",
    NO_STR DEBUG_STR "Enable all debugging\n")
{
	return undebug_all(self, vty, argc, argv);
}

DEFUN(show_debugging,
    "show debugging",
    SHOW_STR "State of each debugging option\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;

	if (r->dbg == NULL)
		return CMD_SUCCESS;
	debug_show(r->dbg, &sb);
	if (r->dbg->n_cond > 0) {
		if (sb.len > 0)
			sb_puts(&sb, "\n");
		debug_cond_show(r->dbg, &sb);
	}
	out_sb(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(show_debugging_condition,
    "show debugging condition",
    SHOW_STR "State of each debugging option\n"
    "Condition\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;

	if (r->dbg == NULL)
		return CMD_SUCCESS;
	debug_cond_show(r->dbg, &sb);
	out_sb(vty, &sb);
	return CMD_SUCCESS;
}

/* ---- debug conditions --------------------------------------------------- */

DEFUN(debug_condition_ip,
    "debug condition ip A.B.C.D",
    DEBUG_STR "Condition\n" "IP address\n" "IP address\n")
{
	struct router *r = vty_router(vty);
	uint32_t a;
	int id;

	if (!ip_aton(argv[argc - 1], &a) || r->dbg == NULL)
		return CMD_ERR_NO_MATCH;
	if ((id = debug_cond_add(r->dbg, DCOND_IP, &a)) < 0) {
		vty_out(vty, "%% Too many conditions\n");
		return CMD_WARNING;
	}
	vty_out(vty, "Condition %d set\n", id);
	return CMD_SUCCESS;
}

DEFUN(debug_condition_iface,
    "debug condition interface IFNAME",
    DEBUG_STR "Condition\n" "interface\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);
	int id;

	if (r->dbg == NULL)
		return CMD_SUCCESS;
	if ((id = debug_cond_add(r->dbg, DCOND_IFACE, argv[argc - 1])) < 0) {
		vty_out(vty, "%% Too many conditions\n");
		return CMD_WARNING;
	}
	vty_out(vty, "Condition %d set\n", id);
	return CMD_SUCCESS;
}

DEFUN(no_debug_condition,
    "no debug condition (1-1000)",
    NO_STR DEBUG_STR "Condition\n" "Condition identifier\n")
{
	struct router *r = vty_router(vty);
	int id = atoi(argv[argc - 1]);

	if (r->dbg == NULL || !debug_cond_del(r->dbg, id)) {
		vty_out(vty, "%% Condition %d not found\n", id);
		return CMD_WARNING;
	}
	vty_out(vty, "Condition %d has been removed\n", id);
	return CMD_SUCCESS;
}

DEFUN(no_debug_condition_all,
    "no debug condition all",
    NO_STR DEBUG_STR "Condition\n" "All conditions\n")
{
	struct router *r = vty_router(vty);
	char buf[16];

	if (r->dbg == NULL)
		return CMD_SUCCESS;
	if (r->dbg->n_on > 0 && r->dbg->n_cond > 0) {
		vty_out(vty, "Removing all conditions may cause a flood of "
		    "debugging\nmessages to result, unless specific debugging "
		    "flags\nare first removed.\n\n");
		if (!vty_getline(vty, "Proceed with removal? [yes/no]: ", buf,
		    sizeof(buf)))
			return CMD_SUCCESS;
		if (buf[0] != 'y' && buf[0] != 'Y')
			return CMD_SUCCESS;
	}
	debug_cond_clear(r->dbg, -1);
	vty_out(vty, "%% All conditions have been removed\n");
	return CMD_SUCCESS;
}

/* ---- event traces ------------------------------------------------------- */

/* The area word in argv (after "gdoi"), or NULL for all areas. */
static const char *
argv_area(int argc, const char **argv)
{
	int i, j;

	for (i = 0; i < argc; i++)
		for (j = 0; evtrace_gdoi_areas[j] != NULL; j++)
			if (strcmp(argv[i], evtrace_gdoi_areas[j]) == 0)
				return argv[i];
	return NULL;
}

static bool
argv_has(int argc, const char **argv, const char *w)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], w) == 0)
			return true;
	return false;
}

static int64_t
wall_offset(struct router *r)
{
	return router_wall_ns(r) - (int64_t)sched_now();
}

static void
show_traces(struct vty *vty, int argc, const char **argv,
    enum evtrace_filter f, int64_t arg)
{
	struct router *r = vty_router(vty);
	const char *area = argv_area(argc, argv);
	bool detail = argv_has(argc, argv, "detail");
	struct strbuf sb = STRBUF_INIT;
	struct evtrace *t;
	size_t i, n;

	if (r->traces == NULL)
		return;
	if (area != NULL) {
		if ((t = evtrace_get(r->traces, "gdoi", area)) != NULL)
			evtrace_render(t, &sb, f, arg, wall_offset(r),
			    r->boot_time, detail);
		out_sb(vty, &sb);
		return;
	}
	/* Every area: a heading per trace, as IOS lays it out. */
	n = evtrace_set_count(r->traces, "gdoi");
	for (i = 0; i < n; i++) {
		t = evtrace_set_nth(r->traces, "gdoi", i);
		sb_printf(&sb, "\n%s:\n\n", evtrace_area(t));
		evtrace_render(t, &sb, f, arg, wall_offset(r), r->boot_time,
		    detail);
		if (!evtrace_enabled(t))
			sb_puts(&sb, "\n");
	}
	out_sb(vty, &sb);
}

DEFUN(show_evtrace_gdoi,
    "show monitor event-trace gdoi [" AREA_SPEC "] (all|latest) [detail]",
    SHOW_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Show all the traces in current buffer\n"
    "Show latest trace events since last display\n"
    "Show detailed information\n")
{
	show_traces(vty, argc, argv,
	    argv_has(argc, argv, "latest") ? EVF_LATEST : EVF_ALL, 0);
	return CMD_SUCCESS;
}

/* back mmm | hhh:mm */
DEFUN(show_evtrace_gdoi_back,
    "show monitor event-trace gdoi [" AREA_SPEC "] back WORD [detail]",
    SHOW_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Show trace from this far back in the past\n"
    "Duration, mmm or hhh:mm\n"
    "Show detailed information\n")
{
	const char *w = NULL, *colon;
	long h = 0, m;
	int i;

	for (i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "back") == 0)
			w = argv[i + 1];
	if (w == NULL)
		return CMD_ERR_INCOMPLETE;
	if ((colon = strchr(w, ':')) != NULL) {
		h = strtol(w, NULL, 10);
		m = strtol(colon + 1, NULL, 10);
	} else
		m = strtol(w, NULL, 10);
	if (h < 0 || m < 0 || (w[0] < '0' || w[0] > '9')) {
		vty_out(vty, "%% Invalid duration\n");
		return CMD_WARNING;
	}
	show_traces(vty, argc, argv, EVF_BACK,
	    (h * 60 + m) * 60 * (int64_t)VT_SEC);
	return CMD_SUCCESS;
}

DEFUN(show_evtrace_gdoi_boot,
    "show monitor event-trace gdoi [" AREA_SPEC "] from-boot [(0-4294967)] [detail]",
    SHOW_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Show trace from this many seconds after booting\n"
    "Number of seconds\n"
    "Show detailed information\n")
{
	int64_t secs = 0;
	int i;

	for (i = 0; i < argc; i++)
		if (argv[i][0] >= '0' && argv[i][0] <= '9')
			secs = strtoll(argv[i], NULL, 10);
	show_traces(vty, argc, argv, EVF_FROM_BOOT, secs * (int64_t)VT_SEC);
	return CMD_SUCCESS;
}

DEFUN(show_evtrace_gdoi_params,
    "show monitor event-trace gdoi " AREA_SPEC " parameters",
    SHOW_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Parameters of the trace\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct evtrace *t;

	t = evtrace_get(r->traces, "gdoi", argv_area(argc, argv));
	if (t == NULL)
		return CMD_SUCCESS;
	evtrace_parameters(t, &sb);
	out_sb(vty, &sb);
	return CMD_SUCCESS;
}

/* Merged: every GDOI trace's entries in time order, each tagged with its
 * trace name. */
DEFUN(show_evtrace_gdoi_merged,
    "show monitor event-trace gdoi merged (all|latest) [detail]",
    SHOW_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR
    "Show entries in all event traces sorted by time\n"
    "Show all the traces in current buffer\n"
    "Show latest trace events since last display\n"
    "Show detailed information\n")
{
	struct router *r = vty_router(vty);
	struct strbuf sb = STRBUF_INIT;
	struct evtrace *t, *best_t;
	const struct evtrace_entry *e;
	size_t n, i, k, *pos;
	bool detail = argv_has(argc, argv, "detail");
	bool latest = argv_has(argc, argv, "latest");
	uint64_t best, shown = 0;

	if (r->traces == NULL)
		return CMD_SUCCESS;
	n = evtrace_set_count(r->traces, "gdoi");
	if ((pos = calloc(n + 1, sizeof(*pos))) == NULL)
		abort();
	for (;;) {
		best_t = NULL;
		best = UINT64_MAX;
		k = 0;
		for (i = 0; i < n; i++) {
			t = evtrace_set_nth(r->traces, "gdoi", i);
			e = evtrace_entry(t, pos[i]);
			if (e != NULL && e->seq < best) {
				best = e->seq;
				best_t = t;
				k = i;
			}
		}
		if (best_t == NULL)
			break;
		e = evtrace_entry(best_t, pos[k]++);
		if (latest && e->seq <= *evtrace_set_merged_mark(r->traces))
			continue;
		evtrace_render_entry(e, &sb, wall_offset(r), detail,
		    evtrace_area(best_t));
		shown = e->seq;
	}
	free(pos);
	if (shown > *evtrace_set_merged_mark(r->traces))
		*evtrace_set_merged_mark(r->traces) = shown;
	out_sb(vty, &sb);
	return CMD_SUCCESS;
}

/* exec: monitor event-trace gdoi AREA clear|disable|enable */
DEFUN(monitor_evtrace_exec,
    "monitor event-trace gdoi " AREA_SPEC " (clear|disable|enable)",
    MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Clear the trace\n" "Disable event tracing\n" "Enable event tracing\n")
{
	struct router *r = vty_router(vty);
	struct evtrace *t = evtrace_get(r->traces, "gdoi",
	    argv_area(argc, argv));

	if (t == NULL)
		return CMD_SUCCESS;
	if (argv_has(argc, argv, "clear"))
		evtrace_clear(t);
	else
		evtrace_enable(t, argv_has(argc, argv, "enable"));
	return CMD_SUCCESS;
}

DEFUN(monitor_evtrace_size,
    "monitor event-trace gdoi " AREA_SPEC " size (1-1000000)",
    MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Set size of trace\n" "Number of entries in trace\n")
{
	struct router *r = vty_router(vty);
	struct evtrace *t = evtrace_get(r->traces, "gdoi",
	    argv_area(argc, argv));

	if (t != NULL)
		evtrace_resize(t, (size_t)strtoul(argv[argc - 1], NULL, 10));
	return CMD_SUCCESS;
}

DEFUN(no_monitor_evtrace_size,
    "no monitor event-trace gdoi " AREA_SPEC " size",
    NO_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Set size of trace\n")
{
	struct router *r = vty_router(vty);
	struct evtrace *t = evtrace_get(r->traces, "gdoi",
	    argv_area(argc, argv));

	if (t != NULL)
		evtrace_resize(t, EVTRACE_DEFAULT_SIZE);
	return CMD_SUCCESS;
}

DEFUN(monitor_evtrace_cfg_disable,
    "monitor event-trace gdoi " AREA_SPEC " disable",
    MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Disable event tracing\n")
{
	struct router *r = vty_router(vty);

	evtrace_config_disable(evtrace_get(r->traces, "gdoi",
	    argv_area(argc, argv)), true);
	return CMD_SUCCESS;
}

DEFUN(no_monitor_evtrace_cfg_disable,
    "no monitor event-trace gdoi " AREA_SPEC " disable",
    NO_STR MONITOR_STR EVTRACE_STR GDOI_ET_STR AREA_HELP
    "Disable event tracing\n")
{
	struct router *r = vty_router(vty);

	evtrace_config_disable(evtrace_get(r->traces, "gdoi",
	    argv_area(argc, argv)), false);
	return CMD_SUCCESS;
}

/* ---- running-config ------------------------------------------------------ */

static void
write_service(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	logger_write_service_config(r->log, &sb);
	out_sb(vty, &sb);
}

static void
write_logging(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	logger_write_logging_config(r->log, &sb);
	if (r->traces != NULL)
		evtrace_write_config(r->traces, &sb);
	out_sb(vty, &sb);
}

static void
write_trap(struct vty *vty, struct router *r)
{
	struct strbuf sb = STRBUF_INIT;

	logger_write_trap_config(r->log, &sb);
	out_sb(vty, &sb);
}

void
log_cli_init(void)
{
	cli_install(CONFIG_NODE, &service_ts_datetime_cmd);
	cli_install(CONFIG_NODE, &service_ts_uptime_cmd);
	cli_install(CONFIG_NODE, &no_service_ts_cmd);
	cli_install(CONFIG_NODE, &logging_buffered_cmd);
	cli_install(CONFIG_NODE, &no_logging_buffered_cmd);
	cli_install(CONFIG_NODE, &logging_console_cmd);
	cli_install(CONFIG_NODE, &no_logging_console_cmd);
	cli_install(CONFIG_NODE, &logging_monitor_cmd);
	cli_install(CONFIG_NODE, &no_logging_monitor_cmd);
	cli_install(CONFIG_NODE, &logging_trap_cmd);
	cli_install(CONFIG_NODE, &no_logging_trap_cmd);
	cli_install(CONFIG_NODE, &monitor_evtrace_size_cmd);
	cli_install(CONFIG_NODE, &no_monitor_evtrace_size_cmd);
	cli_install(CONFIG_NODE, &monitor_evtrace_cfg_disable_cmd);
	cli_install(CONFIG_NODE, &no_monitor_evtrace_cfg_disable_cmd);

	cli_install(ENABLE_NODE, &show_logging_cmd);
	cli_install(ENABLE_NODE, &clear_logging_cmd);
	cli_install(ENABLE_NODE, &undebug_all_cmd);
	cli_install(ENABLE_NODE, &no_debug_all_cmd);
	cli_install(ENABLE_NODE, &show_debugging_cmd);
	cli_install(ENABLE_NODE, &show_debugging_condition_cmd);
	cli_install(ENABLE_NODE, &debug_condition_ip_cmd);
	cli_install(ENABLE_NODE, &debug_condition_iface_cmd);
	cli_install(ENABLE_NODE, &no_debug_condition_cmd);
	cli_install(ENABLE_NODE, &no_debug_condition_all_cmd);
	cli_install(ENABLE_NODE, &show_evtrace_gdoi_cmd);
	cli_install(ENABLE_NODE, &show_evtrace_gdoi_back_cmd);
	cli_install(ENABLE_NODE, &show_evtrace_gdoi_boot_cmd);
	cli_install(ENABLE_NODE, &show_evtrace_gdoi_params_cmd);
	cli_install(ENABLE_NODE, &show_evtrace_gdoi_merged_cmd);
	cli_install(ENABLE_NODE, &monitor_evtrace_exec_cmd);

	/* Every debug flag, now and as later subsystems register them.  A
	 * second vpnsim_init (after cli_free) installs them afresh. */
	memset(dbg_cmds, 0, sizeof(dbg_cmds));
	debug_set_register_hook(install_debug_flag);

	cli_install_config_writer(RC_ORDER_SERVICE, write_service);
	cli_install_config_writer(RC_ORDER_LOGGING, write_logging);
	cli_install_config_writer(RC_ORDER_ACL + 50, write_trap);
}
