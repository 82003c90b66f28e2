/* IOS interface names: "Serial1/0", "se1/0", "GigabitEthernet0/1.100". */
#ifndef VPNSIM_IFNAME_H
#define VPNSIM_IFNAME_H

#include "iface.h"

#define IFNAME_MAX_PARTS 4

struct ifname {
	enum if_type	type;
	char		unit[16];		/* "1/0", "0" */
	long		num[IFNAME_MAX_PARTS];	/* 1, 0, -1 ... for sorting */
};

/* Accepts a unique case-insensitive prefix of the type ("s", "ser",
 * "GigabitEthernet") joined to the unit, or separated by spaces. */
int		 ifname_parse(const char *text, struct ifname *out);
const char	*ifname_short_prefix(enum if_type);	/* "Se" */
/* Full type names in help order, NULL terminated (for `interface ?`). */
extern const char *const ifname_types[];

#endif
