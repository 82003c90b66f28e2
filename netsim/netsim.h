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

/* Apply config text to r as if typed in config mode (netsim/config_load.c).
 * Returns the number of lines that failed; their messages go to errors
 * (prefixed "line N:") when errors is not NULL. */
struct strbuf;
int	router_load_config(struct router *r, const char *text,
	    struct strbuf *errors);
/* The same for a router's boot: the text becomes its startup config and
 * the addresses it sets show Method "NVRAM". */
int	router_boot_config(struct router *r, const char *text,
	    struct strbuf *errors);

/* CLI registration of each area (called by vpnsim_init). */
void	iface_cli_init(void);		/* netsim/iface_cli.c */
void	system_cli_init(void);		/* netsim/system_cli.c */
void	system_router_free(struct router *);
void	log_cli_init(void);		/* netsim/log_cli.c */

#endif
