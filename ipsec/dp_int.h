/* Shared between the data-plane files (dp.c, dp_rri.c, dp_show.c). */
#ifndef VPNSIM_IPSEC_DP_INT_H
#define VPNSIM_IPSEC_DP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "engine.h"
#include "sched.h"

struct router;
struct ipsec_flow;

/* What the data plane remembers about a flow beyond engine.h: counters
 * that belong to no SA and the reverse route it installed.  Kept by flow
 * pointer plus identity, so a flow freed by someone else is noticed. */
struct dp_flow {
	struct ipsec_flow	*f;
	char			 map[CRYPTO_NAME_MAX];
	int			 seq;
	char			 ifname[32];
	uint32_t		 peer;
	struct ipsec_proxy	 lid, rid;
	uint64_t		 no_sa_send;	/* dropped waiting for an SA */
	uint64_t		 invalid_sa_rcv;
	bool			 had_sa;	/* last seen with SAs */
	bool			 rri;		/* dynamic reverse route on */
	uint32_t		 rri_prefix, rri_mask, rri_nh;
	TAILQ_ENTRY(dp_flow)	 entry;
};
TAILQ_HEAD(dp_flow_list, dp_flow);

/* A `reverse-route static` route: one per permit line of the ACL. */
struct dp_static_rt {
	uint32_t		 prefix, mask, nh;
	char			 ifname[32];
	TAILQ_ENTRY(dp_static_rt) entry;
};
TAILQ_HEAD(dp_static_list, dp_static_rt);

enum dp_logmsg {
	DPLOG_INV_SPI, DPLOG_REPLAY, DPLOG_MAC, DPLOG_NOT_IPSEC, DPLOG_MAX
};

struct dp_ctx {
	struct router		*r;
	struct dp_flow_list	 flows;
	struct dp_static_list	 statics;
	struct event		*sync_ev;	/* deferred RRI sync */
	vtime_t			 static_synced;	/* last static RRI sync */
	bool			 static_dirty;
	vtime_t			 last_log[DPLOG_MAX];
	bool			 logged[DPLOG_MAX];
};

/* The router's context, created on first use. */
struct dp_ctx	*dp_ctx(struct router *);
/* The side record of a flow (created if create). */
struct dp_flow	*dp_flow_get(struct router *, struct ipsec_flow *, bool create);
/* Forget records of flows that no longer exist (removing their routes). */
void		 dp_flow_gc(struct router *);

/* Debug flags (registered in dp_show.c). */
extern int dp_dbg_ipsec;	/* debug crypto ipsec [error] */
bool	dp_debug(struct router *, bool error_class);

/* dp_rri.c */
void	dp_rri_sync(struct router *);		/* dynamic + static */
void	dp_rri_flow(struct router *, struct dp_flow *, bool has_sa);
void	dp_rri_static_sync(struct router *);
void	dp_rri_schedule(struct router *);	/* sync after this event */
void	dp_rri_free(struct dp_ctx *);

/* dp.c */
/* Does flow f have an SA pair (newest in/out)? */
bool	dp_flow_has_sa(const struct ipsec_flow *);
/* Delete flows (and their SAs) of a peer (0 = all); returns how many. */
int	dp_clear_peer(struct router *, uint32_t peer);
/* Plaintext MTU of a flow on its interface. */
int	dp_plaintext_mtu(struct router *, const struct ipsec_flow *, int path_mtu);

#endif
