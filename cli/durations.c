/* Durations, bandwidths and percentages as the scenario language writes
 * them: "@wait 1h30m", "@link ... delay 5ms bandwidth 1544k loss 2%". */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

static const struct {
	const char	*suffix;
	vtime_t		 ns;
} units[] = {
	/* Longer suffixes first: "ms" must not be read as "m" + "s". */
	{ "ns", VT_NSEC }, { "us", VT_USEC }, { "ms", VT_MSEC },
	{ "s", VT_SEC }, { "m", 60 * VT_SEC }, { "h", 3600 * VT_SEC },
	{ "d", 86400 * VT_SEC }, { "w", 7 * 86400 * VT_SEC },
};

/* Reads "123" or "1.5" at *p; advances *p.  -1 if no digit. */
static int
read_number(const char **p, double *out)
{
	const char *s = *p;
	char *end;

	if (!isdigit((unsigned char)*s) && !(*s == '.' &&
	    isdigit((unsigned char)s[1])))
		return -1;
	/* strtod would also take "1e3", "inf" and hex: accept digits and
	 * one dot only, then let it convert. */
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++;
	}
	*out = strtod(*p, &end);
	if (end != s)
		return -1;
	*p = s;
	return 0;
}

int
parse_duration(const char *s, vtime_t unit, vtime_t *out)
{
	double total = 0;
	int parts = 0;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s != '\0') {
		double v;
		vtime_t mult = 0;
		size_t i;

		if (read_number(&s, &v) != 0)
			return -1;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t n = strlen(units[i].suffix);
			if (strncmp(s, units[i].suffix, n) == 0) {
				mult = units[i].ns;
				s += n;
				break;
			}
		}
		if (mult == 0) {
			/* A bare number only stands alone: "1h30" is a typo. */
			if (parts > 0 || *s != '\0')
				return -1;
			mult = unit;
		}
		total += v * (double)mult;
		parts++;
	}
	/* 2^63 ns is 292 years: far beyond any lab. */
	if (!(total >= 0) || total > 9.2e18)
		return -1;
	*out = (vtime_t)llround(total);
	return 0;
}

void
format_duration(vtime_t d, char *buf, size_t len)
{
	static const struct {
		const char	*suffix;
		vtime_t		 ns;
	} big[] = {
		{ "d", 86400 * VT_SEC }, { "h", 3600 * VT_SEC },
		{ "m", 60 * VT_SEC }, { "s", VT_SEC },
	};
	size_t off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (d == 0) {
		snprintf(buf, len, "0");
		return;
	}
	if (d % VT_SEC != 0) {
		/* Sub-second: one unit, the largest that is exact. */
		if (d % VT_MSEC == 0)
			snprintf(buf, len, "%llums", (unsigned long long)(d / VT_MSEC));
		else if (d % VT_USEC == 0)
			snprintf(buf, len, "%lluus", (unsigned long long)(d / VT_USEC));
		else
			snprintf(buf, len, "%lluns", (unsigned long long)d);
		return;
	}
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]) && off < len; i++) {
		if (d >= big[i].ns) {
			int n = snprintf(buf + off, len - off, "%llu%s",
			    (unsigned long long)(d / big[i].ns), big[i].suffix);
			if (n < 0)
				return;
			off += (size_t)n;
			d %= big[i].ns;
		}
	}
}

int
parse_bandwidth(const char *s, uint64_t *bps)
{
	double v, mult;

	if (s == NULL || read_number(&s, &v) != 0)
		return -1;
	if (*s == '\0' || strcmp(s, "k") == 0 || strcmp(s, "K") == 0 ||
	    strcmp(s, "kbps") == 0)
		mult = 1e3;
	else if (strcmp(s, "M") == 0 || strcmp(s, "m") == 0 ||
	    strcmp(s, "Mbps") == 0)
		mult = 1e6;
	else if (strcmp(s, "G") == 0 || strcmp(s, "g") == 0 ||
	    strcmp(s, "Gbps") == 0)
		mult = 1e9;
	else if (strcmp(s, "bps") == 0)
		mult = 1;
	else
		return -1;
	v *= mult;
	if (v < 1 || v > 1e12)
		return -1;
	*bps = (uint64_t)llround(v);
	return 0;
}

int
parse_percent(const char *s, double *frac)
{
	double v;

	if (s == NULL || read_number(&s, &v) != 0)
		return -1;
	if (*s == '%')
		s++;
	if (*s != '\0' || v > 100)
		return -1;
	*frac = v / 100.0;
	return 0;
}
