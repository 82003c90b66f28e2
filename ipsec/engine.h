/* The running IPsec state of a router, shared by the IKE engine (ike*.c)
 * and the crypto-map data plane and its shows (dp*.c):
 *
 *  - the SADB (sadb.h), which owns every ESP SA;
 *  - flows: one crypto map entry, on one interface, toward one peer, for
 *    one pair of proxy identities (what one block of `show crypto ipsec sa`
 *    shows).  A flow records the newest inbound/outbound SA pair IKE
 *    installed; older pairs stay in the SADB until they expire;
 *  - the IKE engine's own state (ike) and the data plane's (dp), opaque
 *    here, each freed by its owner's free function.
 *
 * Lives in ipsec_state->engine (crypto_cfg.h), created on first use. */
#ifndef VPNSIM_IPSEC_ENGINE_H
#define VPNSIM_IPSEC_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "crypto_cfg.h"
#include "sa.h"

struct router;
struct sadb;
struct ike_ctx;		/* ike*.c */
struct dp_ctx;		/* dp*.c */

struct ipsec_flow {
	char			 map[CRYPTO_NAME_MAX];	/* crypto map tag */
	int			 seq;			/* entry */
	char			 ifname[32];		/* interface of the map */
	uint32_t		 local, peer;		/* crypto endpoints */
	uint16_t		 peer_port;		/* 500, or 4500 with NAT-T */
	struct ipsec_proxy	 lid, rid;		/* local/remote ident */
	enum ipsec_mode		 mode;
	struct ipsec_sa		*in, *out;		/* newest pair, or NULL */
	uint32_t		 conn_id;		/* IKE SA that made them */
	vtime_t			 created;
	TAILQ_ENTRY(ipsec_flow)	 entry;
};
TAILQ_HEAD(ipsec_flow_list, ipsec_flow);

struct ipsec_engine {
	struct router		*r;
	struct sadb		*sadb;
	struct ipsec_flow_list	 flows;		/* creation order */
	struct ike_ctx		*ike;
	void			(*ike_free)(struct ike_ctx *);
	struct dp_ctx		*dp;
	void			(*dp_free)(struct dp_ctx *);
};

/* The router's engine, created on first use (never NULL). */
struct ipsec_engine	*ipsec_engine(struct router *);
struct sadb		*ipsec_sadb(struct router *);

/* Find a flow by its identity; with create, make it if absent. */
struct ipsec_flow	*ipsec_flow_lookup(struct router *, const char *map,
			    int seq, const char *ifname, uint32_t peer,
			    const struct ipsec_proxy *lid,
			    const struct ipsec_proxy *rid, bool create);
/* IKE installs a negotiated pair: both SAs go into the SADB (which owns
 * them from then on) and become the flow's newest pair; the SAs' owner
 * field points at the flow.  Returns 0, or -1 (nothing taken: the caller
 * still owns both) when the SADB refuses the inbound SPI. */
int			 ipsec_flow_install(struct router *, struct ipsec_flow *,
			    struct ipsec_sa *in, struct ipsec_sa *out);
/* An SA of the flow is going away (expiry, delete, clear): forget it if
 * it is the newest pair's.  Call before sadb_del(). */
void			 ipsec_flow_sa_gone(struct ipsec_flow *, struct ipsec_sa *);
/* Delete a flow and every SA pointing at it (clear crypto sa). */
void			 ipsec_flow_delete(struct router *, struct ipsec_flow *);

#endif
