/* IKEv1 engine (RFC 2409): main and aggressive mode, quick mode, the
 * informational exchange (notify, delete, DPD), NAT-T, SA lifetimes and
 * rekeys, and the IOS view of it (show crypto isakmp sa, debug crypto
 * isakmp).  Its per-router state hangs off ipsec_engine()->ike.
 *
 * The data plane (dp*.c) calls ike_acquire() when outbound traffic
 * matches a crypto map entry whose flow has no SA; the engine negotiates
 * with the entry's peer and installs the resulting pair with
 * ipsec_flow_install() (engine.h).  The responder side finds the crypto
 * map entry from the proposal's identities. */
#ifndef VPNSIM_IKE_H
#define VPNSIM_IKE_H

#include <stdbool.h>
#include <stdint.h>

struct router;
struct ipsec_flow;

/* Called from ipsec_router_init / ipsec_router_free / ipsec_cli_init. */
void	ike_router_init(struct router *);
void	ike_router_free(struct router *);
void	ike_cli_init(void);

/* Negotiate SAs for flow (its map entry gives peers, transform sets,
 * PFS, lifetimes).  Returns 0 if a negotiation was started or is already
 * running for it, -1 if none can start (no usable policy or key: the
 * engine has logged why).  Never blocks; the caller drops the packet that
 * triggered it, as IOS does. */
int	ike_acquire(struct router *, struct ipsec_flow *flow);

/* ---- additions by the IKE engine ------------------------------------------ */

/* `clear crypto sa [peer A]`: send a delete for every IPsec SA pair (to
 * peer, or all with peer 0) under a live IKE SA, then remove them. */
void	ike_clear_ipsec(struct router *, uint32_t peer);
/* `clear crypto isakmp [conn-id]` (0 = all): delete notify, then the IKE
 * SA goes (its IPsec SAs stay, as on IOS).  Returns how many. */
int	ike_clear_isakmp(struct router *, uint32_t conn_id);
/* `clear crypto session [remote A]`: both of the above for a peer. */
void	ike_clear_session(struct router *, uint32_t peer);

/* A read-only view of one IKE SA for other show commands (`show crypto
 * session`, `show crypto engine connections active`). */
struct ike_sa_info {
	uint32_t	 conn_id;	/* 0 before keys */
	uint32_t	 engine_id;	/* SW:n */
	uint32_t	 local, peer;	/* src/dst: initiator/responder */
	uint16_t	 lport, pport;
	bool		 initiator;
	bool		 active;	/* complete, not deleted */
	bool		 deleted;
	const char	*state;		/* "QM_IDLE" ... */
	uint16_t	 encr, keylen, hash, auth, group;
	uint32_t	 life_left;	/* seconds */
	bool		 dpd, natt;
	const char	*profile;	/* "" none */
};
/* Fills up to max entries in creation order; returns the total count. */
int	ike_sa_info_list(struct router *, struct ike_sa_info *out, int max);
/* IKE SAs and DH pairs the router's engine ever created. */
void	ike_engine_created(struct router *, uint64_t *ike, uint64_t *dh);
/* IPsec SAs and IKE SAs share one connection-id space (IOS engine ids):
 * `show crypto engine connections active` lists both. */

/* Test and lab knobs (no IOS command): initiate aggressive mode instead
 * of main mode; pretend this router is behind a NAT (send a NAT-D hash
 * that does not match its address, as strongSwan's forceencaps does), so
 * both ends float to UDP 4500. */
void	ike_set_aggressive_initiate(struct router *, bool);
void	ike_set_natt_force(struct router *, bool);

#endif
