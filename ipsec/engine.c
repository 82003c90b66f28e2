/* Per-router IPsec engine state: SADB and flows (see engine.h). */
#include <stdlib.h>
#include <string.h>

#include "crypto_cfg.h"
#include "engine.h"
#include "router.h"
#include "sadb.h"

static void
engine_free(void *p)
{
	struct ipsec_engine *e = p;
	struct ipsec_flow *f;

	if (e == NULL)
		return;
	/* IKE first: its SAs reference flows and SADB entries. */
	if (e->ike_free != NULL)
		e->ike_free(e->ike);
	if (e->dp_free != NULL)
		e->dp_free(e->dp);
	sadb_free(e->sadb);
	while ((f = TAILQ_FIRST(&e->flows)) != NULL) {
		TAILQ_REMOVE(&e->flows, f, entry);
		free(f);
	}
	free(e);
}

struct ipsec_engine *
ipsec_engine(struct router *r)
{
	struct ipsec_state *st = ipsec_state(r);
	struct ipsec_engine *e;

	if (st->engine != NULL)
		return st->engine;
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		abort();
	e->r = r;
	e->sadb = sadb_new();
	TAILQ_INIT(&e->flows);
	st->engine = e;
	st->engine_free = engine_free;
	return e;
}

struct sadb *
ipsec_sadb(struct router *r)
{
	return ipsec_engine(r)->sadb;
}

static bool
proxy_eq(const struct ipsec_proxy *a, const struct ipsec_proxy *b)
{
	return a->addr == b->addr && a->mask == b->mask &&
	    a->proto == b->proto && a->port == b->port;
}

struct ipsec_flow *
ipsec_flow_lookup(struct router *r, const char *map, int seq,
    const char *ifname, uint32_t peer, const struct ipsec_proxy *lid,
    const struct ipsec_proxy *rid, bool create)
{
	struct ipsec_engine *e = ipsec_engine(r);
	struct ipsec_flow *f;

	TAILQ_FOREACH(f, &e->flows, entry)
		if (f->seq == seq && f->peer == peer &&
		    strcmp(f->map, map) == 0 && strcmp(f->ifname, ifname) == 0 &&
		    proxy_eq(&f->lid, lid) && proxy_eq(&f->rid, rid))
			return f;
	if (!create)
		return NULL;
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		abort();
	strncpy(f->map, map, sizeof(f->map) - 1);
	strncpy(f->ifname, ifname, sizeof(f->ifname) - 1);
	f->seq = seq;
	f->peer = peer;
	f->peer_port = 500;
	f->lid = *lid;
	f->rid = *rid;
	f->created = sched_now();
	TAILQ_INSERT_TAIL(&e->flows, f, entry);
	return f;
}

int
ipsec_flow_install(struct router *r, struct ipsec_flow *f,
    struct ipsec_sa *in, struct ipsec_sa *out)
{
	struct sadb *db = ipsec_sadb(r);

	if (sadb_add(db, in) != 0)
		return -1;
	if (sadb_add(db, out) != 0) {
		sadb_unlink(db, in);
		return -1;
	}
	in->owner = out->owner = f;
	f->in = in;
	f->out = out;
	return 0;
}

void
ipsec_flow_sa_gone(struct ipsec_flow *f, struct ipsec_sa *sa)
{
	if (f == NULL)
		return;
	if (f->in == sa)
		f->in = NULL;
	if (f->out == sa)
		f->out = NULL;
}

void
ipsec_flow_delete(struct router *r, struct ipsec_flow *f)
{
	struct ipsec_engine *e = ipsec_engine(r);
	struct ipsec_sa *sa, *next;

	for (sa = sadb_next(e->sadb, NULL); sa != NULL; sa = next) {
		next = sadb_next(e->sadb, sa);
		if (sa->owner == f)
			sadb_del(e->sadb, sa);
	}
	TAILQ_REMOVE(&e->flows, f, entry);
	free(f);
}
