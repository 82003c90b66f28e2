/* Parsing of IOS interface names. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ifname.h"

const char *const ifname_types[] = {
	"Ethernet", "FastEthernet", "GigabitEthernet", "Serial", "Loopback",
	"Tunnel", NULL
};

static const enum if_type type_ids[] = {
	IFT_ETHERNET, IFT_FASTETHERNET, IFT_GIGABIT, IFT_SERIAL, IFT_LOOPBACK,
	IFT_TUNNEL
};

const char *
iface_type_name(enum if_type t)
{
	for (int i = 0; ifname_types[i] != NULL; i++)
		if (type_ids[i] == t)
			return ifname_types[i];
	return "Unknown";
}

const char *
ifname_short_prefix(enum if_type t)
{
	switch (t) {
	case IFT_ETHERNET:	return "Et";
	case IFT_FASTETHERNET:	return "Fa";
	case IFT_GIGABIT:	return "Gi";
	case IFT_SERIAL:	return "Se";
	case IFT_LOOPBACK:	return "Lo";
	case IFT_TUNNEL:	return "Tu";
	}
	return "??";
}

/* Unit: digits, then optional /digits groups, then optional .subif.
 * Loopback and Tunnel take one number only. */
static int
parse_unit(const char *s, struct ifname *out, bool single)
{
	int parts = 0;
	const char *p = s;

	for (int i = 0; i < IFNAME_MAX_PARTS; i++)
		out->num[i] = -1;
	for (;;) {
		char *end;
		long v;

		if (!isdigit((unsigned char)*p))
			return -1;
		v = strtol(p, &end, 10);
		if (v < 0 || v > 2147483647L || end - p > 10)
			return -1;
		if (parts >= IFNAME_MAX_PARTS)
			return -1;
		out->num[parts++] = v;
		p = end;
		if (*p == '/' && !single) {
			p++;
			continue;
		}
		if (*p == '.' && !single && parts > 1) {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			continue;
		}
		break;
	}
	if (*p != '\0')
		return -1;
	if (!single && parts < 2)
		return -1;		/* physical interfaces are slot/port */
	if ((size_t)(p - s) >= sizeof(out->unit))
		return -1;
	memcpy(out->unit, s, (size_t)(p - s));
	out->unit[p - s] = '\0';
	return 0;
}

int
ifname_parse(const char *text, struct ifname *out)
{
	char buf[64];
	size_t tl, j = 0;
	int match = -1, nmatch = 0;
	const char *unit;

	if (text == NULL)
		return -1;
	/* Collapse "serial 1/0" into "serial1/0". */
	for (const char *p = text; *p && j < sizeof(buf) - 1; p++)
		if (!isspace((unsigned char)*p))
			buf[j++] = *p;
	buf[j] = '\0';
	for (tl = 0; isalpha((unsigned char)buf[tl]) || buf[tl] == '-'; tl++)
		;
	if (tl == 0)
		return -1;
	unit = buf + tl;
	for (int i = 0; ifname_types[i] != NULL; i++) {
		if (tl <= strlen(ifname_types[i]) &&
		    strncasecmp(buf, ifname_types[i], tl) == 0) {
			/* An exact name wins over being a prefix of another. */
			if (tl == strlen(ifname_types[i])) {
				match = i;
				nmatch = 1;
				break;
			}
			match = i;
			nmatch++;
		}
	}
	if (nmatch != 1) {
		/* IOS accepts "e0/0" for Ethernet although "e" is a prefix of
		 * nothing else here; keep ambiguity an error otherwise. */
		return -1;
	}
	out->type = type_ids[match];
	return parse_unit(unit, out, out->type == IFT_LOOPBACK ||
	    out->type == IFT_TUNNEL);
}
