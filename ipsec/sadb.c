/* Per-router SADB (see sadb.h): one list of all SAs in insertion order and
 * a hash of inbound SAs by SPI.  Routers hold a handful of SAs, GETVPN key
 * servers a few hundred, so lists are plenty. */
#include "config.h"

#include <stdlib.h>

#include "rng.h"
#include "sadb.h"

#define HBUCKETS	256
#define SPI_MIN		256	/* 1..255 are reserved by IANA */

struct spi_resv {
	uint32_t	dst, spi;
};

struct sadb {
	struct ipsec_sa		*head, *tail;
	struct ipsec_sa		*hash[HBUCKETS];
	size_t			 count;
	struct spi_resv		*resv;
	size_t			 nresv, capresv;
	struct sadb_stats	 st;
};

static unsigned
hslot(uint32_t spi)
{
	return (spi ^ (spi >> 8) ^ (spi >> 16) ^ (spi >> 24)) % HBUCKETS;
}

struct sadb *
sadb_new(void)
{
	return calloc(1, sizeof(struct sadb));
}

void
sadb_free(struct sadb *db)
{
	struct ipsec_sa *sa, *next;

	if (db == NULL)
		return;
	for (sa = db->head; sa != NULL; sa = next) {
		next = sa->next;
		sa->db = NULL;
		ipsec_sa_free(sa);
	}
	free(db->resv);
	free(db);
}

/* Does an inbound SA answer to (dst, spi)? */
static bool
in_match(const struct ipsec_sa *sa, uint32_t dst, uint32_t spi)
{
	if (sa->spi != spi)
		return false;
	return sa->local == dst ||
	    (sa->local == 0 && (sa->flags & IPSEC_SA_F_PRESERVE));
}

struct ipsec_sa *
sadb_lookup_in(struct sadb *db, uint32_t dst, uint32_t spi)
{
	struct ipsec_sa *sa, *wild = NULL;

	for (sa = db->hash[hslot(spi)]; sa != NULL; sa = sa->hnext) {
		if (sa->spi != spi)
			continue;
		if (sa->local == dst)
			return sa;		/* exact beats wildcard */
		if (in_match(sa, dst, spi) && wild == NULL)
			wild = sa;
	}
	return wild;
}

static void
resv_drop(struct sadb *db, uint32_t dst, uint32_t spi)
{
	for (size_t i = 0; i < db->nresv; i++)
		if (db->resv[i].spi == spi && db->resv[i].dst == dst) {
			db->resv[i] = db->resv[--db->nresv];
			return;
		}
}

int
sadb_add(struct sadb *db, struct ipsec_sa *sa)
{
	if (sa->db != NULL)
		return -1;
	if (sa->dir == IPSEC_DIR_IN) {
		struct ipsec_sa *o;

		for (o = db->hash[hslot(sa->spi)]; o != NULL; o = o->hnext)
			if (o->spi == sa->spi && o->local == sa->local)
				return -1;
		sa->hnext = db->hash[hslot(sa->spi)];
		db->hash[hslot(sa->spi)] = sa;
		resv_drop(db, sa->local, sa->spi);
	}
	sa->next = NULL;
	if (db->tail != NULL)
		db->tail->next = sa;
	else
		db->head = sa;
	db->tail = sa;
	sa->db = db;
	db->count++;
	db->st.added++;
	return 0;
}

void
sadb_unlink(struct sadb *db, struct ipsec_sa *sa)
{
	struct ipsec_sa **pp, *prev = NULL;

	if (sa == NULL || sa->db != db)
		return;
	if (sa->dir == IPSEC_DIR_IN)
		for (pp = &db->hash[hslot(sa->spi)]; *pp != NULL;
		    pp = &(*pp)->hnext)
			if (*pp == sa) {
				*pp = sa->hnext;
				break;
			}
	for (pp = &db->head; *pp != NULL; prev = *pp, pp = &(*pp)->next)
		if (*pp == sa) {
			*pp = sa->next;
			if (db->tail == sa)
				db->tail = prev;
			break;
		}
	sa->next = sa->hnext = NULL;
	sa->db = NULL;
	db->count--;
}

void
sadb_del(struct sadb *db, struct ipsec_sa *sa)
{
	if (sa == NULL || sa->db != db)
		return;
	sadb_unlink(db, sa);
	ipsec_sa_free(sa);
}

size_t
sadb_del_peer(struct sadb *db, uint32_t peer)
{
	struct ipsec_sa *sa, *next;
	size_t n = 0;

	for (sa = db->head; sa != NULL; sa = next) {
		next = sa->next;
		if (peer == 0 || sa->peer == peer) {
			sadb_del(db, sa);
			n++;
		}
	}
	return n;
}

bool
ipsec_proxy_match(const struct ipsec_proxy *id, uint32_t addr, uint8_t proto,
    uint16_t port)
{
	if ((addr & id->mask) != (id->addr & id->mask))
		return false;
	if (id->proto != 0 && id->proto != proto)
		return false;
	return id->port == 0 || id->port == port;
}

struct ipsec_sa *
sadb_lookup_out(struct sadb *db, uint32_t src, uint32_t dst, uint8_t proto,
    uint16_t sport, uint16_t dport, uint32_t peer)
{
	struct ipsec_sa *sa, *best = NULL;

	for (sa = db->head; sa != NULL; sa = sa->next) {
		if (sa->dir != IPSEC_DIR_OUT || sa->state != IPSEC_SA_ACTIVE)
			continue;
		if (peer != 0 && sa->peer != peer)
			continue;
		if (ipsec_proxy_match(&sa->lid, src, proto, sport) &&
		    ipsec_proxy_match(&sa->rid, dst, proto, dport))
			best = sa;		/* later = newer */
	}
	return best;
}

struct ipsec_sa *
sadb_find_out(struct sadb *db, uint32_t peer, uint32_t spi)
{
	for (struct ipsec_sa *sa = db->head; sa != NULL; sa = sa->next)
		if (sa->dir == IPSEC_DIR_OUT && sa->spi == spi &&
		    (peer == 0 || sa->peer == peer))
			return sa;
	return NULL;
}

static bool
spi_used(struct sadb *db, uint32_t dst, uint32_t spi)
{
	for (struct ipsec_sa *sa = db->hash[hslot(spi)]; sa != NULL;
	    sa = sa->hnext)
		if (sa->spi == spi)
			return true;	/* unique across addresses: simpler */
	for (size_t i = 0; i < db->nresv; i++)
		if (db->resv[i].spi == spi)
			return true;
	(void)dst;
	return false;
}

uint32_t
sadb_alloc_spi(struct sadb *db, uint32_t dst)
{
	uint32_t spi;

	do
		spi = rng_u32();
	while (spi < SPI_MIN || spi_used(db, dst, spi));
	if (db->nresv == db->capresv) {
		size_t cap = db->capresv ? db->capresv * 2 : 8;
		struct spi_resv *n = realloc(db->resv, cap * sizeof(*n));

		if (n == NULL)
			return spi;	/* unreserved but still unique now */
		db->resv = n;
		db->capresv = cap;
	}
	db->resv[db->nresv].dst = dst;
	db->resv[db->nresv].spi = spi;
	db->nresv++;
	return spi;
}

void
sadb_release_spi(struct sadb *db, uint32_t dst, uint32_t spi)
{
	resv_drop(db, dst, spi);
}

struct ipsec_sa *
sadb_next(struct sadb *db, const struct ipsec_sa *prev)
{
	return prev == NULL ? db->head : prev->next;
}

size_t
sadb_count(const struct sadb *db)
{
	return db->count;
}

struct sadb_stats *
sadb_stats(struct sadb *db)
{
	return &db->st;
}
