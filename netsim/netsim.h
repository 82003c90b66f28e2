/* One call that wires every subsystem's commands into the CLI engine, and
 * one that creates/frees a router's subsystem state.  Later issues add
 * their init calls here. */
#ifndef VPNSIM_NETSIM_H
#define VPNSIM_NETSIM_H

struct router;

void	vpnsim_init(void);		/* cli_init + every *_cli_init */
void	vpnsim_shutdown(void);
void	subsystems_router_init(struct router *);
void	subsystems_router_free(struct router *);

/* CLI registration of each area (called by vpnsim_init). */
void	iface_cli_init(void);		/* netsim/iface_cli.c */
void	system_cli_init(void);		/* netsim/system_cli.c */
void	system_router_free(struct router *);
void	log_cli_init(void);		/* netsim/log_cli.c */

#endif
