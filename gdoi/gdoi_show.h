/* What `show crypto ipsec sa` (ipsec/dp_show.c) needs to print a GETVPN
 * group member's group SAs: the policy downloaded for a group and the
 * SPIs of its TEKs.  Read-only views of gdoi/ state (gdoi_show2.c). */
#ifndef VPNSIM_GDOI_SHOW_H
#define VPNSIM_GDOI_SHOW_H

#include <stdbool.h>
#include <stdint.h>

struct router;
struct acl_entry_view;

struct gdoi_gm_view {
	uint32_t	 local;		/* our registration address */
	uint32_t	 spi;		/* current TEK (0: none) */
	uint32_t	 old_spi;	/* previous TEK, inbound only */
	const struct acl_entry_view *aces;	/* downloaded policy */
	int		 n_aces;
};

/* False when r is not a registered member of GM group NAME. */
bool	gdoi_gm_view(struct router *, const char *name, struct gdoi_gm_view *);

/* Installs the commands of gdoi_show2.c (from gdoi_show_init). */
void	gdoi_show2_init(void);

#endif
