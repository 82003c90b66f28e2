/* Helpers for unit tests that build a small lab and drive routers through
 * the CLI: one output buffer, a session per router, run a command, apply
 * config lines (printing any complaint so a typo in a test is visible),
 * parse an address, advance the clock, and substring assertions that
 * print both strings when they fail.  Header-only: each test program has
 * its own copy of the buffer. */
#ifndef VPNSIM_TESTLAB_H
#define VPNSIM_TESTLAB_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cli.h"
#include "ipv4.h"
#include "router.h"
#include "sched.h"
#include "strbuf.h"

static struct strbuf out = STRBUF_INIT;

static inline void
sink(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	sb_add(&out, data, len);
}

struct rt {
	struct router	*r;
	struct vty	*vty;
};

/* Run a command; returns its output (valid until the next call). */
static inline const char *
cmd(struct rt *t, const char *line)
{
	sb_reset(&out);
	cli_execute(t->vty, line);
	return sb_str(&out);
}

/* Lines typed in config mode; any output is a mistake in the test. */
static inline void
cfg(struct rt *t, const char *lines)
{
	char buf[4096], *p, *nl;

	snprintf(buf, sizeof(buf), "%s", lines);
	cmd(t, "configure terminal");
	for (p = buf; p != NULL && *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		cmd(t, p);
		if (out.len > 0)
			fprintf(stderr, "\n%s: [%s] -> %s", t->r->name, p,
			    sb_str(&out));
	}
	cmd(t, "end");
}

static inline uint32_t
A(const char *s)
{
	uint32_t a = 0;

	ip_aton(s, &a);
	return a;
}

#define HAS(hay, needle) do {						\
	const char *h_ = (hay);						\
	bool ok_ = strstr(h_, (needle)) != NULL;			\
	CU_ASSERT_TRUE(ok_);						\
	if (!ok_)							\
		fprintf(stderr, "\n--- expected:\n%s\n--- in:\n%s\n",	\
		    (needle), h_);					\
} while (0)

#define HASNT(hay, needle) do {						\
	const char *h_ = (hay);						\
	bool ok_ = strstr(h_, (needle)) == NULL;			\
	CU_ASSERT_TRUE(ok_);						\
	if (!ok_)							\
		fprintf(stderr, "\n--- unexpected:\n%s\n--- in:\n%s\n",	\
		    (needle), h_);					\
} while (0)

#endif
