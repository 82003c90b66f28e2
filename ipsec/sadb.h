/* Per-router SA database.
 *
 * Inbound SAs are found by (destination, SPI, protocol) as RFC 4301 says
 * (GETVPN SAs with IPSEC_SA_F_PRESERVE and local 0 by SPI alone);
 * outbound SAs by selector: the inner packet's addresses/protocol/ports
 * against the SA's proxy identities.  The SADB owns the SAs added to it:
 * sadb_del() and sadb_free() free them.  Also allocates inbound SPIs from
 * the lab generator. */
#ifndef VPNSIM_SADB_H
#define VPNSIM_SADB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

struct sadb;

/* Counters that belong to no SA (there was no SA). */
struct sadb_stats {
	uint64_t	invalid_spi;	/* inbound ESP with an unknown SPI */
	uint64_t	no_sa;		/* outbound: no SA (the caller counts) */
	uint64_t	added;		/* SAs ever taken (show crypto eli) */
};

struct sadb	*sadb_new(void);
void		 sadb_free(struct sadb *);	/* frees every SA; NULL safe */

/* Take ownership of sa.  -1 (sa not taken) if an inbound SA with the same
 * (local, SPI) exists.  An inbound SA's SPI reservation, if any, ends. */
int		 sadb_add(struct sadb *, struct ipsec_sa *);
/* Unlink and free. */
void		 sadb_del(struct sadb *, struct ipsec_sa *);
/* Unlink without freeing: the caller owns sa again. */
void		 sadb_unlink(struct sadb *, struct ipsec_sa *);
/* Delete every SA to/from peer (`clear crypto sa peer A`); returns how
 * many.  peer 0 deletes all (`clear crypto sa`). */
size_t		 sadb_del_peer(struct sadb *, uint32_t peer);

/* Inbound lookup (any state; the caller checks state). */
struct ipsec_sa	*sadb_lookup_in(struct sadb *, uint32_t dst, uint32_t spi);
/* Outbound lookup by selector: the newest ACTIVE outbound SA whose lid
 * covers src/sport and rid covers dst/dport (proto 0 = any); peer != 0
 * restricts to that peer.  NULL if none. */
struct ipsec_sa	*sadb_lookup_out(struct sadb *, uint32_t src, uint32_t dst,
		    uint8_t proto, uint16_t sport, uint16_t dport,
		    uint32_t peer);
/* Outbound SA by SPI and peer (deletes, show). */
struct ipsec_sa	*sadb_find_out(struct sadb *, uint32_t peer, uint32_t spi);

/* A fresh inbound SPI for local address dst: random (lab generator),
 * >= 256, unused by any inbound SA or reservation.  It stays reserved
 * until an inbound SA with it is added or sadb_release_spi(). */
uint32_t	 sadb_alloc_spi(struct sadb *, uint32_t dst);
void		 sadb_release_spi(struct sadb *, uint32_t dst, uint32_t spi);

/* Iteration in insertion order: sadb_next(db, NULL) is the first SA.  To
 * delete while iterating, fetch the next one first. */
struct ipsec_sa	*sadb_next(struct sadb *, const struct ipsec_sa *prev);
size_t		 sadb_count(const struct sadb *);
struct sadb_stats *sadb_stats(struct sadb *);

/* Does a proxy identity cover addr/proto/port? */
bool		 ipsec_proxy_match(const struct ipsec_proxy *, uint32_t addr,
		    uint8_t proto, uint16_t port);

#endif
