/* Logging core, debug registry and event-trace unit tests. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "evtrace.h"
#include "log.h"
#include "sched.h"

#define SEC	1000000000LL

/* A fake owner: a settable clock and a console that keeps the last line. */
static int64_t fake_wall;
static vtime_t fake_up;
static char last_console[512];
static int n_console;

static void
fake_now(void *ctx, int64_t *wall, vtime_t *up)
{
	(void)ctx;
	*wall = fake_wall;
	*up = fake_up;
}

static void
fake_console(void *ctx, const char *line)
{
	(void)ctx;
	snprintf(last_console, sizeof(last_console), "%s", line);
	n_console++;
}

static const struct logger_ops fake_ops = { fake_now, fake_console };

static void
test_stamps(void)
{
	struct ts_fmt f = { TS_DATETIME, true, false, false, false };
	char b[64];
	int64_t w = 1014940800LL * SEC + 62 * SEC + 3000000;	/* Mar 1 2002 00:01:02.003 */

	log_format_stamp(b, sizeof(b), &f, w, 0, "UTC", 0, false);
	CU_ASSERT_STRING_EQUAL(b, "*Mar  1 00:01:02.003: ");
	f.msec = false;
	log_format_stamp(b, sizeof(b), &f, w, 0, "UTC", 0, false);
	CU_ASSERT_STRING_EQUAL(b, "*Mar  1 00:01:02: ");
	log_format_stamp(b, sizeof(b), &f, w, 0, "UTC", 0, true);
	CU_ASSERT_STRING_EQUAL(b, "Mar  1 00:01:02: ");
	f.msec = f.year = f.show_tz = true;
	log_format_stamp(b, sizeof(b), &f, w, 0, "UTC", 0, false);
	CU_ASSERT_STRING_EQUAL(b, "*Mar  1 2002 00:01:02.003 UTC: ");
	f.year = false;
	f.localtime = true;
	log_format_stamp(b, sizeof(b), &f, w, 0, "EST", -300, false);
	CU_ASSERT_STRING_EQUAL(b, "*Feb 28 19:01:02.003 EST: ");

	w = 1731526172LL * SEC + 81000000;
	f = (struct ts_fmt){ TS_DATETIME, true, false, false, false };
	log_format_stamp(b, sizeof(b), &f, w, 0, NULL, 0, false);
	CU_ASSERT_STRING_EQUAL(b, "*Nov 13 19:29:32.081: ");

	f.kind = TS_UPTIME;
	log_format_stamp(b, sizeof(b), &f, w, 83 * VT_SEC, NULL, 0, false);
	CU_ASSERT_STRING_EQUAL(b, "00:01:23: ");
	log_format_stamp(b, sizeof(b), &f, w, 3725 * VT_SEC, NULL, 0, false);
	CU_ASSERT_STRING_EQUAL(b, "01:02:05: ");
	log_format_stamp(b, sizeof(b), &f, w, (86400 + 2 * 3600 + 59) * VT_SEC,
	    NULL, 0, false);
	CU_ASSERT_STRING_EQUAL(b, "1d02h: ");
	log_format_stamp(b, sizeof(b), &f, w, 17 * 86400 * VT_SEC, NULL, 0,
	    false);
	CU_ASSERT_STRING_EQUAL(b, "2w3d: ");
	f.kind = TS_NONE;
	log_format_stamp(b, sizeof(b), &f, w, 0, NULL, 0, false);
	CU_ASSERT_STRING_EQUAL(b, "");
}

static void
test_severity(void)
{
	CU_ASSERT_STRING_EQUAL(sev_name(SEV_DEBUG), "debugging");
	CU_ASSERT_STRING_EQUAL(sev_name(SEV_NOTICE), "notifications");
	CU_ASSERT_PTR_NULL(sev_name(8));
	CU_ASSERT_EQUAL(sev_parse("informational"), SEV_INFO);
	CU_ASSERT_EQUAL(sev_parse("warn"), SEV_WARNING);
	CU_ASSERT_EQUAL(sev_parse("3"), SEV_ERR);
	CU_ASSERT_EQUAL(sev_parse("e"), -1);		/* ambiguous */
	CU_ASSERT_EQUAL(sev_parse("8"), -1);
}

static void
test_syslog_and_levels(void)
{
	struct logger *l = logger_new(&fake_ops, NULL);

	fake_wall = 1731526172LL * SEC + 81000000;
	n_console = 0;
	logger_syslog(l, SEV_NOTICE, "LINEPROTO", "UPDOWN",
	    "Line protocol on Interface %s, changed state to up", "Serial1/0");
	CU_ASSERT_STRING_EQUAL(last_console, "*Nov 13 19:29:32.081: "
	    "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial1/0, "
	    "changed state to up");
	logger_debug(l, "ICMP: echo reply sent, src %s", "10.1.1.1");
	CU_ASSERT_STRING_EQUAL(last_console,
	    "*Nov 13 19:29:32.081: ICMP: echo reply sent, src 10.1.1.1");
	CU_ASSERT_EQUAL(n_console, 2);

	/* Console at warnings: notices and debugs stay off the console but
	 * reach the buffer. */
	logger_set_console(l, true, SEV_WARNING);
	logger_syslog(l, SEV_NOTICE, "SYS", "CONFIG_I", "x");
	logger_debug(l, "y");
	CU_ASSERT_EQUAL(n_console, 2);
	logger_syslog(l, SEV_ERR, "LINK", "UPDOWN", "z");
	CU_ASSERT_EQUAL(n_console, 3);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 5);
	CU_ASSERT_EQUAL(logger_conf(l)->console.logged, 3);
	CU_ASSERT_EQUAL(logger_conf(l)->buffer.logged, 5);
	/* trap at informational: no debugs */
	CU_ASSERT_EQUAL(logger_conf(l)->trap.logged, 3);

	/* Buffer at errors. */
	logger_set_buffered(l, true, 0, SEV_ERR);
	logger_syslog(l, SEV_WARNING, "A", "B", "c");
	CU_ASSERT_EQUAL(logger_buffer_count(l), 5);
	CU_ASSERT_EQUAL(n_console, 4);		/* console is at warnings */
	logger_set_console(l, false, SEV_DEBUG);
	logger_syslog(l, SEV_EMERG, "A", "B", "c");
	CU_ASSERT_EQUAL(n_console, 4);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 6);

	/* Uptime stamps and none. */
	fake_up = 83 * VT_SEC;
	logger_set_console(l, true, SEV_DEBUG);
	logger_set_timestamps(l, TS_LOG,
	    &(struct ts_fmt){ TS_UPTIME, false, false, false, false });
	logger_syslog(l, SEV_NOTICE, "SYS", "X", "y");
	CU_ASSERT_STRING_EQUAL(last_console, "00:01:23: %SYS-5-X: y");
	logger_set_timestamps(l, TS_DEBUG,
	    &(struct ts_fmt){ TS_NONE, false, false, false, false });
	logger_debug(l, "plain");
	CU_ASSERT_STRING_EQUAL(last_console, "plain");
	logger_free(l);
}

static void
test_buffer_trim(void)
{
	struct logger *l = logger_new(&fake_ops, NULL);
	char text[200];
	int i;

	logger_set_timestamps(l, TS_LOG,
	    &(struct ts_fmt){ TS_NONE, false, false, false, false });
	logger_set_console(l, false, SEV_DEBUG);
	memset(text, 'x', 89);
	text[89] = '\0';
	/* "%A-5-B: " is 8 chars: 97 bytes + newline = 98 per message. */
	for (i = 0; i < 100; i++)
		logger_syslog(l, SEV_NOTICE, "A", "B", "%s", text);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 4096 / 98);
	CU_ASSERT(logger_buffer_bytes(l) <= 4096);
	CU_ASSERT_EQUAL(logger_conf(l)->buffer.logged, 100);

	/* Oldest go first. */
	logger_syslog(l, SEV_NOTICE, "A", "B", "last");
	CU_ASSERT_STRING_EQUAL(logger_buffer_line(l,
	    logger_buffer_count(l) - 1), "%A-5-B: last");

	/* A new size starts an empty buffer. */
	logger_set_buffered(l, true, 8192, SEV_DEBUG);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 0);
	for (i = 0; i < 100; i++)
		logger_syslog(l, SEV_NOTICE, "A", "B", "%s", text);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 8192 / 98);

	logger_clear_buffer(l);
	CU_ASSERT_EQUAL(logger_buffer_count(l), 0);
	CU_ASSERT_EQUAL(logger_buffer_bytes(l), 0);

	/* Disabled: nothing kept. */
	logger_set_buffered(l, false, 0, SEV_DEBUG);
	logger_syslog(l, SEV_NOTICE, "A", "B", "x");
	CU_ASSERT_EQUAL(logger_buffer_count(l), 0);
	logger_free(l);
}

static void
test_show_logging(void)
{
	struct logger *l = logger_new(&fake_ops, NULL);
	struct strbuf sb = STRBUF_INIT;
	static const char expect[] =
	    "Syslog logging: enabled (0 messages dropped, 0 messages "
	    "rate-limited, 0 flushes, 0 overruns, xml disabled, filtering "
	    "disabled)\n"
	    "\n"
	    "No Active Message Discriminator.\n"
	    "\n\n\n"
	    "No Inactive Message Discriminator.\n"
	    "\n\n"
	    "    Console logging: level debugging, 2 messages logged, xml disabled,\n"
	    "                     filtering disabled\n"
	    "    Monitor logging: level debugging, 2 messages logged, xml disabled,\n"
	    "                     filtering disabled\n"
	    "    Buffer logging:  level debugging, 2 messages logged, xml disabled,\n"
	    "                    filtering disabled\n"
	    "    Exception Logging: size (4096 bytes)\n"
	    "    Count and timestamp logging messages: disabled\n"
	    "    Persistent logging: disabled\n"
	    "\n"
	    "No active filter modules.\n"
	    "\n"
	    "    Trap logging: level informational, 1 message lines logged\n"
	    "        Logging Source-Interface:       VRF Name:\n"
	    "\n"
	    "Log Buffer (4096 bytes):\n"
	    "\n"
	    "*Mar  1 00:00:05.000: %SYS-5-CONFIG_I: Configured from console by console\n"
	    "*Mar  1 00:00:05.000: debug line\n";

	fake_wall = 1014940800LL * SEC + 5 * SEC;
	logger_syslog(l, SEV_NOTICE, "SYS", "CONFIG_I",
	    "Configured from console by console");
	logger_debug(l, "debug line");
	logger_show(l, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), expect);
	if (strcmp(sb_str(&sb), expect) != 0)
		fprintf(stderr, "\n---\n%s---\n", sb_str(&sb));

	sb_reset(&sb);
	logger_set_console(l, false, SEV_DEBUG);
	logger_set_buffered(l, false, 0, SEV_DEBUG);
	logger_set_trap(l, false, SEV_INFO);
	logger_show(l, &sb);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb),
	    "    Console logging: disabled\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb),
	    "    Buffer logging:  disabled, xml disabled,\n"
	    "                    filtering disabled\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb),
	    "    Trap logging: disabled\n"));
	CU_ASSERT_PTR_NULL(strstr(sb_str(&sb), "Log Buffer"));
	sb_free(&sb);
	logger_free(l);
}

static void
test_running_config(void)
{
	struct logger *l = logger_new(&fake_ops, NULL);
	struct strbuf sb = STRBUF_INIT;

	logger_write_service_config(l, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "service timestamps debug datetime msec\n"
	    "service timestamps log datetime msec\n");
	sb_reset(&sb);
	logger_write_logging_config(l, &sb);
	logger_write_trap_config(l, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");	/* all default */

	logger_set_buffered(l, true, 100000, SEV_DEBUG);
	logger_set_console(l, false, SEV_DEBUG);
	logger_set_trap(l, true, SEV_DEBUG);
	logger_set_timestamps(l, TS_DEBUG,
	    &(struct ts_fmt){ TS_UPTIME, false, false, false, false });
	logger_set_timestamps(l, TS_LOG,
	    &(struct ts_fmt){ TS_DATETIME, true, true, true, true });
	sb_reset(&sb);
	logger_write_service_config(l, &sb);
	logger_write_logging_config(l, &sb);
	logger_write_trap_config(l, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "service timestamps debug uptime\n"
	    "service timestamps log datetime msec localtime show-timezone year\n"
	    "logging buffered 100000 debugging\n"
	    "no logging console\n"
	    "logging trap debugging\n");
	sb_reset(&sb);
	logger_set_buffered(l, true, LOG_BUF_DEFAULT, SEV_WARNING);
	logger_write_logging_config(l, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "logging buffered warnings\nno logging console\n");
	sb_reset(&sb);
	logger_set_timestamps(l, TS_DEBUG,
	    &(struct ts_fmt){ TS_NONE, false, false, false, false });
	logger_write_service_config(l, &sb);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb),
	    "no service timestamps debug uptime\n"));
	sb_free(&sb);
	logger_free(l);
}

/* ---- debug ------------------------------------------------------------- */

static uint32_t
lvl_set(struct debugs *d, int id, int argc, const char **argv,
    struct strbuf *out)
{
	(void)d;
	(void)id;
	if (argc > 0 && strcmp(argv[0], "all-levels") == 0) {
		sb_puts(out, "GDOI Key Server Registration Debug level: "
		    "(Packet, Detail, Event, Terse, Error)\n");
		return DBG_LVL_ALL;
	}
	sb_puts(out, "bad\n");
	return 0;
}

static const struct debug_desc test_desc = {
	"crypto gdoi ks registration", "x\n" "y\n" "z\n" "w\n",
	"Cryptographic Subsystem", "Crypto GDOI KS registration debugging is on",
	"Crypto GDOI KS registration debugging is off",
	"[all-levels]", "All levels\n", lvl_set, NULL
};
static const struct debug_desc isakmp_desc = {
	"crypto isakmp", "x\n" "y\n",
	"Cryptographic Subsystem", "Crypto ISAKMP debugging is on",
	"Crypto ISAKMP debugging is off", NULL, NULL, NULL, NULL
};

static int hooked;
static void
hook(int id)
{
	(void)id;
	hooked++;
}

static void
test_debug_registry(void)
{
	struct debugs *d = debugs_new();
	struct strbuf sb = STRBUF_INIT;
	const char *argv[] = { "all-levels" };
	int gid, iid, n0;

	CU_ASSERT_EQUAL(debug_find("ip icmp"), DBG_IP_ICMP);
	CU_ASSERT_STRING_EQUAL(debug_desc(DBG_IP_ICMP)->on_msg,
	    "ICMP packet debugging is on");
	CU_ASSERT_FALSE(debug_on(d, DBG_IP_ICMP));
	CU_ASSERT_FALSE(debug_on(NULL, DBG_IP_ICMP));

	n0 = debug_count();
	hooked = 0;
	debug_set_register_hook(hook);
	CU_ASSERT_EQUAL(hooked, n0);		/* existing flags replayed */
	iid = debug_register(&isakmp_desc);
	gid = debug_register(&test_desc);
	CU_ASSERT(iid >= DBG_FIXED_MAX);
	CU_ASSERT_EQUAL(hooked, n0 + 2);
	CU_ASSERT_EQUAL(debug_register(&isakmp_desc), iid);	/* idempotent */
	debug_set_register_hook(NULL);

	debug_set(d, DBG_IP_ICMP, DBG_LVL_ON);
	debug_set(d, iid, DBG_LVL_ON);
	CU_ASSERT_EQUAL(test_desc.set_fn(d, gid, 1, argv, &sb), DBG_LVL_ALL);
	debug_set(d, gid, DBG_LVL_ALL);
	debug_set(d, DBG_ARP, DBG_LVL_ON);
	CU_ASSERT_TRUE(debug_on(d, DBG_IP_ICMP));
	CU_ASSERT_EQUAL(debug_level(d, gid) & DBG_LVL_DETAIL, DBG_LVL_DETAIL);
	CU_ASSERT_EQUAL(d->n_on, 4);
	sb_reset(&sb);
	debug_show(d, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "Generic IP:\n"
	    "  ICMP packet debugging is on\n"
	    "  ARP packet debugging is on\n"
	    "Cryptographic Subsystem:\n"
	    "  Crypto ISAKMP debugging is on\n"
	    "  Crypto GDOI KS registration debugging is on\n");

	/* debug ip packet 101 detail */
	{
		const char *a2[] = { "101", "detail" };
		uint32_t lv;

		sb_reset(&sb);
		lv = debug_desc(DBG_IP_PACKET)->set_fn(d, DBG_IP_PACKET, 2,
		    a2, &sb);
		CU_ASSERT_STRING_EQUAL(sb_str(&sb), "IP packet debugging is on "
		    "(detailed) for access list 101\n");
		debug_set(d, DBG_IP_PACKET, lv);
		sb_reset(&sb);
		debug_show(d, &sb);
		CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&sb), "Generic IP:\n"
		    "  IP packet debugging is on (detailed) for access list "
		    "101\n  ICMP"));
	}

	debug_all_off(d);
	CU_ASSERT_EQUAL(d->n_on, 0);
	sb_reset(&sb);
	debug_show(d, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");
	sb_free(&sb);
	debugs_free(d);
}

static void
test_debug_conditions(void)
{
	struct debugs *d = debugs_new();
	struct strbuf sb = STRBUF_INIT;
	uint32_t a = 0x0a011402, b = 0x0a010101;	/* 10.1.20.2, 10.1.1.1 */

	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_GDOI_PEER, &b));
	CU_ASSERT_EQUAL(debug_cond_add(d, DCOND_GDOI_PEER, &a), 1);
	CU_ASSERT_EQUAL(debug_cond_add(d, DCOND_GDOI_PEER, &a), 1);
	CU_ASSERT_EQUAL(debug_cond_add(d, DCOND_GDOI_GROUP, "GETVPN"), 2);
	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_GDOI_PEER, &a));
	CU_ASSERT_FALSE(debug_cond_pass(d, DCOND_GDOI_PEER, &b));
	CU_ASSERT_FALSE(debug_cond_pass(d, DCOND_GDOI_PEER, NULL));
	d->unmatched = true;
	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_GDOI_PEER, NULL));
	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_GDOI_GROUP, "GETVPN"));
	CU_ASSERT_FALSE(debug_cond_pass(d, DCOND_GDOI_GROUP, "OTHER"));
	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_IP, &b));	/* other kind */
	CU_ASSERT_EQUAL(debug_cond_count(d, -1), 2);
	debug_cond_show(d, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "Condition 1: gdoi peer ipv4 10.1.20.2 (0 flags triggered)\n"
	    "Condition 2: gdoi group GETVPN (0 flags triggered)\n");
	CU_ASSERT_TRUE(debug_cond_del(d, 1));
	CU_ASSERT_FALSE(debug_cond_del(d, 1));
	CU_ASSERT_TRUE(debug_cond_pass(d, DCOND_GDOI_PEER, &b));
	CU_ASSERT_TRUE(debug_cond_del_value(d, DCOND_GDOI_GROUP, "GETVPN"));
	CU_ASSERT_EQUAL(debug_cond_count(d, -1), 0);
	/* Numbering restarts once empty. */
	CU_ASSERT_EQUAL(debug_cond_add(d, DCOND_IP, &b), 1);
	debug_cond_clear(d, -1);
	CU_ASSERT_EQUAL(debug_cond_count(d, -1), 0);
	sb_free(&sb);
	debugs_free(d);
}

/* ---- event traces -------------------------------------------------------- */

static void
test_evtrace(void)
{
	struct evtrace_set *s = evtrace_set_new();
	struct evtrace *t;
	struct strbuf sb = STRBUF_INIT;
	int i;
	int64_t off = 1731526172LL * SEC;	/* lab 0 = Nov 13 19:29:32 */

	sched_reset();
	for (i = 0; evtrace_gdoi_areas[i] != NULL; i++)
		CU_ASSERT_PTR_NOT_NULL(evtrace_get(s, "gdoi",
		    evtrace_gdoi_areas[i]));
	CU_ASSERT_EQUAL(evtrace_set_count(s, "gdoi"), 5);
	CU_ASSERT_PTR_NULL(evtrace_get(s, "gdoi", "nope"));
	t = evtrace_get(s, "gdoi", "rekey");
	CU_ASSERT_EQUAL(evtrace_size(t), 512);

	for (i = 0; i < 600; i++)
		evtrace_add(t, "E%d", i);
	CU_ASSERT_EQUAL(evtrace_count(t), 512);
	CU_ASSERT_STRING_EQUAL(evtrace_entry(t, 0)->text, "E88");
	CU_ASSERT_STRING_EQUAL(evtrace_entry(t, 511)->text, "E599");

	evtrace_resize(t, 10);			/* keeps the newest */
	CU_ASSERT_EQUAL(evtrace_size(t), 10);
	CU_ASSERT_EQUAL(evtrace_count(t), 10);
	CU_ASSERT_STRING_EQUAL(evtrace_entry(t, 0)->text, "E590");
	evtrace_add(t, "E600");
	CU_ASSERT_STRING_EQUAL(evtrace_entry(t, 0)->text, "E591");
	evtrace_resize(t, 20);
	CU_ASSERT_EQUAL(evtrace_count(t), 10);
	evtrace_add(t, "E601");
	CU_ASSERT_EQUAL(evtrace_count(t), 11);
	CU_ASSERT_STRING_EQUAL(evtrace_entry(t, 10)->text, "E601");

	/* Rendering: stamp from lab time + offset, latest. */
	evtrace_clear(t);
	CU_ASSERT_EQUAL(evtrace_count(t), 0);
	sched_run_until(81 * VT_MSEC);
	evtrace_add(t, "GDOI_REKEY_EVENT: ACK_SENT: From 10.1.13.2 to "
	    "10.1.11.2 with seq no 3 for the group GETVPN");
	evtrace_render(t, &sb, EVF_ALL, 0, off, 0, false);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "*Nov 13 19:29:32.081: "
	    "GDOI_REKEY_EVENT: ACK_SENT: From 10.1.13.2 to 10.1.11.2 with "
	    "seq no 3 for the group GETVPN\n");
	sb_reset(&sb);
	evtrace_render(t, &sb, EVF_LATEST, 0, off, 0, false);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");
	sched_run_until(VT_SEC);
	evtrace_add(t, "second\n-Traceback= 0x1z");
	evtrace_render(t, &sb, EVF_LATEST, 0, off, 0, false);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "*Nov 13 19:29:33.000: second\n");
	sb_reset(&sb);
	evtrace_render(t, &sb, EVF_BACK, 0, off, 0, true);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "*Nov 13 19:29:33.000: second\n-Traceback= 0x1z\n");

	sb_reset(&sb);
	evtrace_enable(t, false);
	evtrace_add(t, "dropped");
	CU_ASSERT_EQUAL(evtrace_count(t), 2);
	evtrace_render(t, &sb, EVF_ALL, 0, off, 0, false);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "Tracing currently disabled, from exec command\n");
	evtrace_enable(t, true);

	sb_reset(&sb);
	evtrace_parameters(t, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "Trace has 20 entries\n"
	    "Stacktrace is disabled by default\n");
	sb_reset(&sb);
	evtrace_config_disable(evtrace_get(s, "gdoi", "coop"), true);
	evtrace_write_config(s, &sb);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb),
	    "monitor event-trace gdoi coop disable\n"
	    "monitor event-trace gdoi rekey size 20\n");

	evtrace_add(NULL, "null safe");
	sb_free(&sb);
	evtrace_set_free(s);
	evtrace_set_free(NULL);
	sched_reset();
}

int
main(void)
{
	CU_pSuite s;
	unsigned nf;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("log", NULL, NULL);
	CU_add_test(s, "timestamps", test_stamps);
	CU_add_test(s, "severities", test_severity);
	CU_add_test(s, "syslog and levels", test_syslog_and_levels);
	CU_add_test(s, "buffer trimming", test_buffer_trim);
	CU_add_test(s, "show logging layout", test_show_logging);
	CU_add_test(s, "running-config", test_running_config);
	CU_add_test(s, "debug registry", test_debug_registry);
	CU_add_test(s, "debug conditions", test_debug_conditions);
	CU_add_test(s, "event traces", test_evtrace);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	nf = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	return nf != 0;
}
