/* Which way a group member uses its group SAs (seed 003 "Receive Only SA",
 * "Passive SA", "Global Conversion"):
 *
 *   both:		encrypt what the policy permits; clear text that
 *			the policy says should have come encrypted is dropped
 *   inbound optional:	(passive) encrypt outbound, accept encrypted and
 *			clear inbound
 *   inbound only:	send in clear (no outbound SA), decrypt inbound and
 *			accept clear
 *
 * What decides, strongest first: the exec `crypto gdoi gm [group G] ipsec
 * direction ...` until the next rekey ("can be overridden by key server
 * configuration from a rekey"), the GM's `passive` ("higher priority over
 * a key server configuration"), the KS's `sa receive-only` (TEKs marked
 * receiver-only), and the passive phase of a global conversion: when a
 * rekey brings normal TEKs to a receive-only member it "begins to use it
 * in passive mode" and goes to both "if there is no rekey in 5 minutes".
 *
 * Syslog wording: the seeds list the mnemonics (table 3) without their
 * text; the texts below are IOS's as remembered and marked so. */
#include <string.h>

#include "engine.h"
#include "gdoi_debug.h"
#include "gdoi_gm_int.h"
#include "gdoi_proto.h"
#include "gdoi_timers.h"
#include "ipv4.h"
#include "log.h"
#include "router.h"
#include "sa.h"
#include "sadb.h"

/* The exec override that applies to g, GDOI_DIR_DEFAULT when none. */
static int
exec_dir(const struct gdoi_gmg *g)
{
	struct gdoi_state *st = gdoi_state(g->r);

	if (st == NULL || st->gm_direction == GDOI_DIR_DEFAULT)
		return GDOI_DIR_DEFAULT;
	if (st->gm_direction_group[0] != '\0' &&
	    strcmp(st->gm_direction_group, g->name) != 0)
		return GDOI_DIR_DEFAULT;
	return st->gm_direction;
}

int
gdoi_gm_dir(const struct gdoi_gmg *g)
{
	const struct gdoi_group *cfg = gdoi_group_find(g->r, g->name);
	int	 d = exec_dir(g);

	if (d != GDOI_DIR_DEFAULT)
		return d;
	if (cfg != NULL && cfg->passive)
		return GDOI_DIR_INBOUND_OPTIONAL;
	if (g->recv_only)
		return GDOI_DIR_INBOUND_ONLY;
	if (g->conv_passive)
		return GDOI_DIR_INBOUND_OPTIONAL;
	return GDOI_DIR_BOTH;
}

/* The labels follow the exec command's keywords (no IOS sample of a
 * member in these modes in the seeds or reference outputs). */
const char *
gdoi_gm_dir_text(const struct gdoi_gmg *g)
{
	switch (gdoi_gm_dir(g)) {
	case GDOI_DIR_INBOUND_ONLY:
		return "Inbound Only";
	case GDOI_DIR_INBOUND_OPTIONAL:
		return "Inbound Optional";
	default:
		return "Both";
	}
}

struct ipsec_sa *
gdoi_gm_out_sa(struct gdoi_gmg *g)
{
	return gdoi_gm_out_sa_tek(g, 0);
}

struct ipsec_sa *
gdoi_gm_out_sa_tek(struct gdoi_gmg *g, int idx)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *s;
	const struct gdoi_tek_st *t = idx == 0 ? &g->tek :
	    idx <= g->n_xt ? &g->xt[idx - 1].tek : NULL;

	if (t == NULL || !t->valid)
		return NULL;
	if ((s = sadb_find_out(db, 0, t->spi)) != NULL)
		return s;
	if (gdoi_gm_dir(g) == GDOI_DIR_INBOUND_ONLY ||
	    (s = gdoi_gm_make_sa(g, IPSEC_DIR_OUT, t)) == NULL)
		return NULL;
	if (sadb_add(db, s) != 0) {
		ipsec_sa_free(s);
		return NULL;
	}
	return s;
}

void
gdoi_gm_dir_sync(struct gdoi_gmg *g)
{
	struct sadb *db = ipsec_sadb(g->r);
	struct ipsec_sa *s;

	g->dir_seen = gdoi_gm_dir(g);
	if (g->status != GM_REGISTERED)
		return;
	if (g->dir_seen != GDOI_DIR_INBOUND_ONLY) {
		for (int j = 0; j <= g->n_xt; j++)
			(void)gdoi_gm_out_sa_tek(g, j);
		return;
	}
	/* "installs this IPsec SA only in the inbound direction". */
	if (g->tek.valid)
		while ((s = sadb_find_out(db, 0, g->tek.spi)) != NULL)
			sadb_del(db, s);
	if (g->pending)
		while ((s = sadb_find_out(db, 0, g->ntek.spi)) != NULL)
			sadb_del(db, s);
	for (int j = 0; j < g->n_xt; j++) {
		if (g->xt[j].tek.valid)
			while ((s = sadb_find_out(db, 0, g->xt[j].tek.spi)) !=
			    NULL)
				sadb_del(db, s);
		if (g->pending && g->xt[j].ntek.valid)
			while ((s = sadb_find_out(db, 0, g->xt[j].ntek.spi)) !=
			    NULL)
				sadb_del(db, s);
	}
}

/* Wording as remembered (see the top comment). */
static void
log_duplex(struct gdoi_gmg *g, bool local)
{
	char	 a[16];

	if (local)
		rlog(g->r, SEV_NOTICE, "GDOI", "GM_CONV_SA_DUPLEX_LOCAL",
		    "IPSec SAs converted to Duplex in group %s on a GM by a "
		    "local event", g->name);
	else
		rlog(g->r, SEV_NOTICE, "GDOI", "GM_CONV_SA_DUPLEX", "IPSec SAs "
		    "converted to Duplex in group %s on a GM %s", g->name,
		    ip_ntoa(g->local, a));
}

/* Five minutes of passive mode without a rekey: both directions. */
static void
conv_fire(void *arg)
{
	struct gdoi_gmg *g = arg;
	int	 before = gdoi_gm_dir(g);

	g->conv_passive = false;
	gdoi_gm_dir_sync(g);
	if (before != GDOI_DIR_BOTH && g->dir_seen == GDOI_DIR_BOTH)
		log_duplex(g, false);
}

void
gdoi_gm_dir_policy(struct gdoi_gmg *g, bool recv_only, bool rekey)
{
	struct gdoi_state *st = gdoi_state(g->r);
	bool	 was = g->recv_only;
	char	 a[16];

	/* A rekey (or a registration) brings back the member's and the
	 * key server's configuration. */
	if (exec_dir(g) != GDOI_DIR_DEFAULT) {
		st->gm_direction = GDOI_DIR_DEFAULT;
		st->gm_direction_group[0] = '\0';
	}
	g->recv_only = recv_only;
	if (recv_only) {
		timer_cancel(&g->conv_ev);
		g->conv_passive = false;
		if (!was)	/* wording as remembered */
			rlog(g->r, SEV_NOTICE, "GDOI", "GM_SA_INGRESS",
			    "Receive only ACL received from KS %s in group %s",
			    ip_ntoa(g->ks, a), g->name);
	} else if (was || g->conv_passive) {
		/* Receive-only lifted: passive for five minutes, again
		 * from each rekey that comes meanwhile. */
		g->conv_passive = true;
		timer_set(&g->conv_ev, (vtime_t)GDOI_PASSIVE_CONVERT_SEC *
		    VT_SEC, conv_fire, g);
	}
	GDOI_DBG(g->r, GDBG_GM, GDBG_POLICY, DBG_LVL_EVENT, g->ks, g->name,
	    "GDOI:GM POLICY:EVT:(0):IPsec SA direction %s for group %s "
	    "after %s", gdoi_gm_dir_text(g), g->name, rekey ? "rekey" :
	    "registration");
	gdoi_gm_dir_sync(g);
}

void
gdoi_gm_direction_changed(struct router *r)
{
	struct gdoi_proto *p = gdoi_proto(r);
	struct gdoi_gmg *g;

	if (p == NULL)
		return;
	TAILQ_FOREACH(g, &p->gm, entry) {
		int	 before = g->dir_seen;

		if (gdoi_gm_dir(g) == before)
			continue;
		gdoi_gm_dir_sync(g);
		if (g->status == GM_REGISTERED &&
		    g->dir_seen == GDOI_DIR_BOTH)
			log_duplex(g, true);
	}
}
