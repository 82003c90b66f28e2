/* Unit tests for the console's pieces that need no lab: durations,
 * bandwidths, percentages and the byte-level line reader's handling of
 * `?`, TAB, Ctrl-V, Ctrl-Z and editing keys. */
#include "config.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "lab.h"
#include "linereader.h"
#include "log.h"
#include "netsim.h"
#include "router.h"

static void
test_durations(void)
{
	vtime_t d;

	CU_ASSERT_EQUAL(parse_duration("90", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 90 * VT_SEC);
	CU_ASSERT_EQUAL(parse_duration("15m", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 900 * VT_SEC);
	CU_ASSERT_EQUAL(parse_duration("2h", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 7200 * VT_SEC);
	CU_ASSERT_EQUAL(parse_duration("1d", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 86400 * VT_SEC);
	CU_ASSERT_EQUAL(parse_duration("1h30m", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 5400 * VT_SEC);
	CU_ASSERT_EQUAL(parse_duration("5ms", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 5 * VT_MSEC);
	CU_ASSERT_EQUAL(parse_duration("5", VT_MSEC, &d), 0);
	CU_ASSERT_EQUAL(d, 5 * VT_MSEC);
	CU_ASSERT_EQUAL(parse_duration("1.5s", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 1500 * VT_MSEC);
	CU_ASSERT_EQUAL(parse_duration("100us", VT_SEC, &d), 0);
	CU_ASSERT_EQUAL(d, 100 * VT_USEC);
	CU_ASSERT_EQUAL(parse_duration("", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("1h30", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("abc", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("-5", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("5x", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("1e3", VT_SEC, &d), -1);
	CU_ASSERT_EQUAL(parse_duration("99999999999999d", VT_SEC, &d), -1);
}

static void
test_format_duration(void)
{
	char b[32];

	format_duration(0, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "0");
	format_duration(5 * VT_MSEC, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "5ms");
	format_duration(5400 * VT_SEC, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "1h30m");
	format_duration(90061 * VT_SEC, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "1d1h1m1s");
}

static void
test_quantities(void)
{
	uint64_t bps;
	double f;

	CU_ASSERT_EQUAL(parse_bandwidth("1544k", &bps), 0);
	CU_ASSERT_EQUAL(bps, 1544000);
	CU_ASSERT_EQUAL(parse_bandwidth("10M", &bps), 0);
	CU_ASSERT_EQUAL(bps, 10000000);
	CU_ASSERT_EQUAL(parse_bandwidth("1G", &bps), 0);
	CU_ASSERT_EQUAL(bps, 1000000000);
	CU_ASSERT_EQUAL(parse_bandwidth("64", &bps), 0);	/* kbit/s */
	CU_ASSERT_EQUAL(bps, 64000);
	CU_ASSERT_EQUAL(parse_bandwidth("fast", &bps), -1);
	CU_ASSERT_EQUAL(parse_percent("5%", &f), 0);
	CU_ASSERT_DOUBLE_EQUAL(f, 0.05, 1e-12);
	CU_ASSERT_EQUAL(parse_percent("0.5", &f), 0);
	CU_ASSERT_DOUBLE_EQUAL(f, 0.005, 1e-12);
	CU_ASSERT_EQUAL(parse_percent("101%", &f), -1);
	CU_ASSERT_EQUAL(parse_percent("x", &f), -1);
}

/* A fake console: records the help and completion requests. */
static struct strbuf events = STRBUF_INIT;

static void
fake_help(void *ctx, const char *text)
{
	sb_printf(&events, "[help:%s]", text);
}

static char *
fake_complete(void *ctx, const char *text)
{
	sb_printf(&events, "[tab:%s]", text);
	if (strcmp(text, "sh") == 0)
		return strdup("show ");
	return NULL;
}

static bool
fake_literal(void *ctx, const char *text)
{
	return text[0] == '#';
}

static const struct lr_ops fake_ops = { fake_help, fake_complete, fake_literal };

/* All lines of `in`, each as "<line>" ("^Z<line>" for Ctrl-Z). */
static char *
read_all(const char *in, bool raw)
{
	FILE *fp = fmemopen((void *)in, strlen(in), "r");
	struct linereader *lr = lr_new(fp, &fake_ops, NULL);
	struct strbuf line = STRBUF_INIT;
	int rc;

	sb_reset(&events);
	while ((rc = lr_read(lr, &line, raw)) != LR_EOF)
		sb_printf(&events, "%s<%s>", rc == LR_CTRLZ ? "^Z" : "",
		    sb_str(&line));
	sb_printf(&events, "#%d", lr_lineno(lr));
	lr_free(lr);
	fclose(fp);
	sb_free(&line);
	return strdup(sb_str(&events));
}

#define LR_CHECK(in, raw, want) do {					\
	char *got_ = read_all(in, raw);					\
	CU_ASSERT_STRING_EQUAL(got_, want);				\
	if (strcmp(got_, want) != 0)					\
		fprintf(stderr, "\n  input %s: got %s want %s\n", #in,	\
		    got_, want);					\
	free(got_);							\
} while (0)

static void
test_linereader(void)
{
	LR_CHECK("show ip route\n", false, "<show ip route>#1");
	/* Last line without a newline, CRLF. */
	LR_CHECK("a\r\nb", false, "<a><b>#2");
	/* ? in the middle: help, the line goes on. */
	LR_CHECK("show ip ?route\n", false, "[help:show ip ]<show ip route>#1");
	/* ? at the end: help, then the line is gone. */
	LR_CHECK("show ?\nend\n", false, "[help:show ]<end>#2");
	LR_CHECK("show ?", false, "[help:show ]#1");
	/* TAB completes in place. */
	LR_CHECK("sh\tip\n", false, "[tab:sh]<show ip>#1");
	LR_CHECK("x\ty\n", false, "[tab:x]<xy>#1");
	/* Ctrl-V makes ? plain; comments keep ? and TAB. */
	LR_CHECK("desc why\026?\n", false, "<desc why?>#1");
	LR_CHECK("# why?\n", false, "<# why?>#1");
	/* Editing keys. */
	LR_CHECK("shox\bw\n", false, "<show>#1");
	LR_CHECK("junk\025ok\n", false, "<ok>#1");
	LR_CHECK("a bcd\027e\n", false, "<a e>#1");
	/* Ctrl-Z ends the line; the rest of that input line is dropped. */
	LR_CHECK("int e0/0\032ignored\nnext\n", false, "^Z<int e0/0><next>#2");
	/* Raw mode: answers to questions keep everything. */
	LR_CHECK("a?b\tc\n", true, "<a?b\tc>#1");
	/* Control bytes are dropped. */
	LR_CHECK("a\001\002b\n", false, "<ab>#1");
}

/* ---- the console on a small lab ----------------------------------------- */

static void
log_event(void *arg)
{
	rlog(arg, SEV_NOTICE, "TEST", "EVENT", "hello from %s",
	    ((struct router *)arg)->name);
}

static int
run_text(const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc = console_run_stream(fp, "test");

	fclose(fp);
	return rc;
}

static void
test_console_lab(void)
{
	char *s;

	vpnsim_init();
	lab_init(1);
	console_init();
	console_set_echo(false);
	CU_ASSERT_EQUAL(run_text("@router R1\n@router R2\n@on R1\n"), 0);
	CU_ASSERT_STRING_EQUAL(console_prompt(), "R1>");

	/* Idle at the terminal: log lines come back for printing above the
	 * prompt, other routers' lines prefixed. */
	sched_after(5 * VT_SEC, log_event, lab_find_router("R2"));
	sched_after(6 * VT_SEC, log_event, lab_find_router("R1"));
	s = console_advance(10 * VT_SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "R2: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "%TEST-5-EVENT: hello from R2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\n*Mar  1 00:00:06.000: %TEST-5-EVENT: hello from R1\n") ||
	    strstr(s, "\n00:00:06: %TEST-5-EVENT: hello from R1\n"));
	free(s);
	CU_ASSERT_PTR_NULL(console_advance(20 * VT_SEC));
	CU_ASSERT_EQUAL(sched_now(), 20 * VT_SEC);

	/* TAB on directives. */
	s = console_complete("@w");
	CU_ASSERT_STRING_EQUAL(s ? s : "", "@wait ");
	free(s);
	CU_ASSERT_PTR_NULL(console_complete("@ro"));		/* router(s) */
	s = console_complete("@router");			/* exact wins */
	CU_ASSERT_STRING_EQUAL(s ? s : "", "@router ");
	free(s);
	CU_ASSERT_PTR_NULL(console_complete("@on R"));		/* R1, R2 */
	s = console_complete("  @on r2");
	CU_ASSERT_STRING_EQUAL(s ? s : "", "  @on R2 ");
	free(s);
	s = console_complete("@fault link R1 se");
	CU_ASSERT_PTR_NULL(s);		/* no interface yet */
	free(s);
	CU_ASSERT_EQUAL(run_text("@link R1 se1/0 R2 se1/0\n"), 0);
	s = console_complete("@fault link R1 se");
	CU_ASSERT_STRING_EQUAL(s ? s : "", "@fault link R1 Serial1/0 ");
	free(s);

	/* Lab errors stop a script and set the status. */
	CU_ASSERT_EQUAL(run_text("@on R3\n@on R1\n"), CON_LAB_ERROR);
	CU_ASSERT_TRUE(console_quit());

	console_free();
	vpnsim_shutdown();
}

int
main(void)
{
	CU_pSuite s;
	unsigned fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("console", NULL, NULL);
	CU_add_test(s, "durations", test_durations);
	CU_add_test(s, "format_duration", test_format_duration);
	CU_add_test(s, "quantities", test_quantities);
	CU_add_test(s, "linereader", test_linereader);
	CU_add_test(s, "console on a lab", test_console_lab);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
	CU_cleanup_registry();
	sb_free(&events);
	return fails != 0;
}
