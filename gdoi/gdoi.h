/* gdoi/: GETVPN (GDOI key server and group member).  Entry points called
 * from netsim/lab.c.  The configuration model is in gdoi_cfg.h, the GDOI
 * payload codec in gdoi_codec.h, the rekey timing formulas in
 * gdoi_timers.h. */
#ifndef VPNSIM_GDOI_H
#define VPNSIM_GDOI_H

struct router;

/* router->gdoi: a struct gdoi_state (gdoi_cfg.h). */
void	gdoi_router_init(struct router *);
void	gdoi_router_free(struct router *);	/* NULL-state safe */
/* Config, show and exec commands, running-config writer. */
void	gdoi_cli_init(void);

#endif
