/* A simulated router: hostname, clock, interfaces, logging, and the state of
 * each subsystem (opaque here; each subsystem owns its own struct and its
 * own init/free, called from router_new/router_free). */
#ifndef VPNSIM_ROUTER_H
#define VPNSIM_ROUTER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "sched.h"

struct logger;
struct debugs;
struct iface;
struct vty;
struct ip_state;	/* netsim/ipv4*.c: routes, ARP, reassembly, counters, sockets */
struct acl_db;		/* netsim/acl*.c */
struct mcast_state;	/* netsim/mcast*.c */
struct evtrace_set;	/* lib/evtrace.c: per-area event traces */
struct sys_state;	/* netsim/system_cli.c: lines, NVRAM bookkeeping */

#define ROUTER_NAME_MAX	64
#define ROUTER_MAX_IFACES 64

struct router {
	char		 name[ROUTER_NAME_MAX];	/* lab name, fixed */
	char		 hostname[ROUTER_NAME_MAX]; /* `hostname`, the prompt */
	int		 id;			/* order of creation, from 0 */

	vtime_t		 boot_time;		/* lab time it booted */
	int64_t		 clock_offset_ns;	/* router clock = lab clock + offset */

	struct iface	*ifaces[ROUTER_MAX_IFACES];	/* sorted IOS order */
	int		 n_ifaces;

	struct logger	*log;
	struct debugs	*dbg;
	struct evtrace_set *traces;
	struct vty	*vty;			/* its console session */

	struct ip_state	*ip;
	struct acl_db	*acl;
	struct mcast_state *mc;
	struct sys_state *sys;
	void		*ipsec;			/* ipsec/: later issue */
	void		*gdoi;			/* gdoi/: later issue */

	char		*startup_config;	/* NVRAM text or NULL */
	char		*enable_secret;		/* NULL: enable needs no password */
	bool		 config_loading;	/* applying a whole config text */

	TAILQ_ENTRY(router) entry;
};

struct router	*router_new(const char *name);
void		 router_free(struct router *);	/* NULL safe */

/* Router wall clock: ns since the Unix epoch. */
int64_t		 router_wall_ns(const struct router *);
void		 router_set_wall_ns(struct router *, int64_t wall_ns);
vtime_t		 router_uptime(const struct router *);

/* Interfaces by IOS name, full ("Serial1/0") or abbreviated ("se1/0",
 * "serial 1/0" is joined by the CLI first).  Returns NULL if absent. */
struct iface	*router_find_iface(const struct router *, const char *name);
/* Find or create; NULL and *err set if the name is not a valid IOS name. */
struct iface	*router_get_iface(struct router *, const char *name,
		    const char **err);
void		 router_delete_iface(struct router *, struct iface *);

/* Syslog/debug helpers bound to the router's logger. */
void	rlog(struct router *, int sev, const char *fac, const char *mnemonic,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	rdebug(struct router *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
