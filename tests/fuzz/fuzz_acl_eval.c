/* Fuzz target: random IPv4 packets through acl_eval() against standard and
 * extended lists using every kind of entry (ports, ranges, ICMP type/code,
 * established), and random words through the entry parser and printer. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl_priv.h"
#include "router.h"
#include "strbuf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

static struct router *fr;

static const char *const ext_rules[] = {
	"deny udp host 10.1.1.1 eq isakmp any eq 500",
	"permit udp 10.0.0.0 0.255.255.255 range 1000 2000 any neq 53",
	"permit tcp any gt 1023 any lt 1024 established",
	"deny tcp any any eq telnet",
	"permit icmp any any echo",
	"permit icmp any any 3 4",
	"permit icmp any 10.0.0.0 0.0.0.255 time-exceeded",
	"permit esp any host 10.9.9.9",
	"permit 47 any any",
	"deny ip 224.0.0.0 15.255.255.255 any",
	"permit udp any any eq 848",
	NULL
};

static void
load(const char *name, bool ext, const char *const *rules)
{
	const char *argv[32], *err;
	struct acl_rule rule;
	struct acl *a;
	char	 buf[256], *p;
	int	 argc, pos, i;

	a = acl_get(fr, name, ext, &err);
	for (i = 0; a != NULL && rules[i] != NULL; i++) {
		snprintf(buf, sizeof(buf), "%s", rules[i]);
		argc = 0;
		for (p = strtok(buf, " "); p != NULL && argc < 32;
		    p = strtok(NULL, " "))
			argv[argc++] = p;
		if ((ext ? acl_parse_ext(argc, argv, &rule, &pos, &err) :
		    acl_parse_std(argc, argv, &rule, &pos, &err)) == 0)
			acl_add_rule(a, 0, &rule, &err);
	}
}

static void
cleanup(void)
{
	router_free(fr);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const std_rules[] = {
		"deny host 10.1.1.1", "permit 10.0.0.0 0.255.255.255",
		"deny 192.168.0.0 0.0.255.255", NULL
	};

	fr = router_new("FUZZ");
	load("101", true, ext_rules);
	load("10", false, std_rules);
	atexit(cleanup);
	return 0;
}

/* The input as text: up to 24 words through both parsers. */
static void
parse_words(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	const char *argv[24], *err;
	struct acl_rule rule;
	char	 buf[512], *p;
	size_t	 n = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;
	int	 argc = 0, pos;

	memcpy(buf, data, n);
	buf[n] = '\0';
	for (p = strtok(buf, " "); p != NULL && argc < 24;
	    p = strtok(NULL, " "))
		argv[argc++] = p;
	if (acl_parse_ext(argc, argv, &rule, &pos, &err) == 0)
		acl_rule_format(&rule, true, false, &sb);
	if (acl_parse_std(argc, argv, &rule, &pos, &err) == 0)
		acl_rule_format(&rule, false, true, &sb);
	sb_free(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fr == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	(void)acl_eval(fr, "101", data, size, true);
	(void)acl_eval(fr, "10", data, size, true);
	(void)acl_eval(fr, "none", data, size, true);
	if (size > 0 && (data[0] & 0xf0) != 0x40)
		parse_words(data, size);
	return 0;
}
