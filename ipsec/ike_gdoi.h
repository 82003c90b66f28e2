/* GETVPN on the IKEv1 engine: the glue between ipsec/ike*.c and gdoi/.
 *
 * A group member opens a phase-1 SA to its key server on UDP 848 (main
 * mode, exactly as for IPsec); when phase 1 completes the engine calls
 * the GDOI layer instead of starting quick mode, and `show crypto isakmp
 * sa` lists the SA as GDOI_IDLE.  Exchange 32 on such an SA is
 * GROUPKEY-PULL, handed to gdoi/ raw (it owns the exchange's IV and
 * hashes, with the helpers below); exchange 33 on port 848 is a
 * GROUPKEY-PUSH, keyed by the KEK cookies, handed to gdoi/ raw as well.
 *
 * gdoi/ refers to an IKE SA by its connection id, so an SA that goes away
 * never leaves a dangling pointer there. */
#ifndef VPNSIM_IKE_GDOI_H
#define VPNSIM_IKE_GDOI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isakmp.h"
#include "prf.h"

struct router;

struct ike_gdoi_ops {
	/* Phase 1 on 848 is complete (initiator: we are the GM). */
	void	(*p1_done)(struct router *, uint32_t conn_id, uint32_t local,
		    uint32_t peer, bool initiator);
	/* The SA was deleted (or phase 1 failed). */
	void	(*p1_gone)(struct router *, uint32_t conn_id, uint32_t local,
		    uint32_t peer);
	/* A GROUPKEY-PULL message (still encrypted) on a GDOI SA. */
	void	(*pull_input)(struct router *, uint32_t conn_id,
		    const uint8_t *raw, size_t len);
	/* A GROUPKEY-PUSH message as received on 848. */
	void	(*push_input)(struct router *, uint32_t src, uint32_t dst,
		    const uint8_t *raw, size_t len);
};
/* Set by gdoi/ at init (NULL: GDOI traffic is dropped). */
extern const struct ike_gdoi_ops *ike_gdoi_ops;

/* Open UDP 848 (routers with GDOI configuration only). */
void	ike_gdoi_listen(struct router *);
/* Start a phase 1 on 848 from local to ks, or find one.  Returns 1 and
 * *conn_id when a complete one exists, 0 when one is under way (p1_done
 * follows), -1 when none can start (no ISAKMP policy). */
int	ike_gdoi_connect(struct router *, uint32_t local, uint32_t ks,
	    uint32_t *conn_id);
/* The first IV of exchange msgid (phase-2 rule); *block = cipher block. */
int	ike_gdoi_iv(struct router *, uint32_t conn_id, uint32_t msgid,
	    uint8_t *iv, size_t *block);
/* prf(SKEYID_a, parts...) of the SA; *len = output size. */
int	ike_gdoi_prf(struct router *, uint32_t conn_id,
	    const struct prf_buf *parts, size_t n, uint8_t *out, size_t *len);
/* Seal chain (first payload first_np) as exchange 32 and send it; iv is
 * the exchange IV, updated. */
int	ike_gdoi_send(struct router *, uint32_t conn_id, uint32_t msgid,
	    uint8_t first_np, const uint8_t *chain, size_t len, uint8_t *iv);
/* Decrypt and parse a received PULL message: returns the malloc'd
 * plaintext m's payloads point into (NULL on failure, counted); iv is
 * updated only on success. */
uint8_t	*ike_gdoi_open(struct router *, uint32_t conn_id, const uint8_t *raw,
	    size_t len, uint8_t *iv, struct isakmp_msg *m);
/* The peer's phase-1 ID payload body (type, protocol, port, data) as it
 * authenticated; false if the SA is gone.  Valid while the SA lives. */
bool	ike_gdoi_peer_id(struct router *, uint32_t conn_id,
	    const uint8_t **body, size_t *len);
/* Addresses of an SA; false if it is gone. */
bool	ike_gdoi_sa_addrs(struct router *, uint32_t conn_id, uint32_t *local,
	    uint32_t *peer);
/* Send a datagram from UDP 848 (PUSH, ACK). */
void	ike_gdoi_sendto(struct router *, uint32_t local, uint32_t dst,
	    const uint8_t *msg, size_t len);

#endif
