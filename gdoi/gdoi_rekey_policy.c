/* Policy-change rekeys on the key server (seed 003 tables 1 and 2,
 * "Configuration Changes Can Trigger a Rekey By a Key Server").
 *
 * Two sources:
 *   - the GDOI commands themselves: gdoi_cfg.c classifies each change
 *     and calls gdoi_rekey_hook "Immediately" (unicast -> multicast) or
 *     when the group mode is left (every other trigger of table 2);
 *   - changes made outside the group that IOS also rekeys for at the end
 *     of configuration mode: an edit of the ACL `match address ipv4`
 *     names ("Any addition, deletion, or change in the ACL causes a
 *     rekey") and a new transform in the profile (`set transform-set`).
 *     When the session leaves configuration mode, each group's policy as
 *     configured now (the ACL's lines, the transform) is compared with
 *     the one its current TEK was made from; a difference is a TEK
 *     change.  What table 2 says does not rekey is not compared: SA and
 *     KEK lifetimes, the replay window size, the rekey ACL (its change
 *     only takes effect with the next rekey), retransmission settings.
 *
 * The rekey itself (gdoi_push_policy_rekey): a new TEK for TEK-policy
 * changes (profile, match ACL, replay on/off, receive-only), a new KEK
 * for `rekey algorithm` and a new `rekey authentication` key, the new
 * rekey transport for `rekey transport` / `rekey address`.  The hook can
 * run before the command has updated the model (the immediate `no rekey
 * transport unicast`), so the rekey goes out from an event at the same
 * virtual time, or at once when configuration mode ends first. */
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "crypto_cfg.h"
#include "gdoi_push_int.h"
#include "router.h"
#include "xform.h"

/* ---- the configured TEK policy vs the current TEK ------------------------- */

struct acl_cmp {
	const struct acl_entry_view *aces;	/* the TEK's policy lines */
	int		 n_aces;
	int		 i;
	bool		 differs;
};

static bool
ace_same(const struct acl_entry_view *a, const struct acl_entry_view *b)
{
	return a->permit == b->permit && a->proto == b->proto &&
	    a->src == b->src && a->src_wild == b->src_wild &&
	    a->dst == b->dst && a->dst_wild == b->dst_wild &&
	    a->sport_lo == b->sport_lo && a->sport_hi == b->sport_hi &&
	    a->dport_lo == b->dport_lo && a->dport_hi == b->dport_hi;
}

static bool
acl_cmp_line(void *ctx, const struct acl_entry_view *v)
{
	struct acl_cmp *c = ctx;

	if (c->i < GDOI_MAX_ACES &&
	    (c->i >= c->n_aces || !ace_same(v, &c->aces[c->i]))) {
		c->differs = true;
		return false;
	}
	c->i++;
	return true;
}

/* Does `sa ipsec` s differ from the TEK t made of it with policy lines
 * aces (of ACL acl, n_total lines)?  1 yes, 0 no, -1 s is incomplete (no
 * profile, transform set): no difference, there is nothing to rekey to
 * (table 2: the old SAs stay in use). */
static int
sa_changed(struct router *r, const struct gdoi_sa_ipsec *s,
    const struct gdoi_tek_st *t, const struct acl_entry_view *aces,
    int n_aces, const char *acl, int n_total)
{
	const struct ipsec_profile *prof;
	const struct transform_set *ts;
	const struct esp_cipher *ec;
	const struct esp_auth *ea = NULL;
	struct acl_cmp c = { aces, n_aces, 0, false };

	if (s == NULL || (prof = ipsec_profile_find(r, s->profile)) == NULL ||
	    prof->n_ts == 0 || (ts = ipsec_ts_find(r, prof->ts[0])) == NULL ||
	    (ec = esp_cipher_by_id(ts->esp_encr, ts->keylen)) == NULL)
		return -1;
	if (t == NULL)
		return 1;
	if (ts->esp_auth != 0)
		ea = esp_auth_by_id((uint8_t)ts->esp_auth);
	if (ec->id != t->esp_id || ec->key_bits != t->keylen ||
	    (ea != NULL ? ea->id : 0) != t->auth)
		return 1;
	if (strcmp(s->acl, acl) != 0)
		return 1;
	(void)acl_walk(r, s->acl, acl_cmp_line, &c);
	return c.differs || c.i != n_total;
}

/* Does the group's configured policy differ from the one of its TEKs
 * (the first `sa ipsec`, then each later one in order)? */
static bool
policy_changed(struct router *r, const struct gdoi_ksg *k,
    const struct gdoi_ks_cfg *ks)
{
	int	 x = 0, rc;

	rc = k->tek.valid && ks->n_sa > 0 ? sa_changed(r, ks->sa[0], &k->tek,
	    k->aces, k->n_aces, k->acl, k->n_acl_total) : -1;
	if (rc != 0)
		return rc > 0;
	for (int i = 1; i < ks->n_sa; i++) {
		const struct gdoi_ks_xtek *xt = x < k->n_xt ? &k->xt[x] : NULL;

		rc = sa_changed(r, ks->sa[i], xt != NULL ? &xt->tek : NULL,
		    xt != NULL ? xt->aces : NULL, xt != NULL ? xt->n_aces : 0,
		    xt != NULL ? xt->acl : "", xt != NULL ? xt->n_acl_total : 0);
		if (rc < 0)
			continue;	/* incomplete: no TEK of its own */
		if (rc > 0)
			return true;
		x++;
	}
	return x != k->n_xt;	/* an `sa ipsec` went away */
}

/* ---- firing --------------------------------------------------------------- */

static void
policy_fire(void *arg)
{
	struct gdoi_ksg *k = arg;
	unsigned chg = k->pol_chg;

	k->pol_chg = 0;
	timer_cancel(&k->policy_ev);
	if (chg != 0)
		gdoi_push_policy_rekey(k, chg);
}

static struct gdoi_ksg *
ks_group(struct router *r, const char *name)
{
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_ksg *k;

	if (st == NULL || st->proto == NULL)
		return NULL;
	TAILQ_FOREACH(k, &((struct gdoi_proto *)st->proto)->ks, entry)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* gdoi_rekey_hook: only a group that has keys (a member registered) has
 * anything to rekey. */
static void
rekey_hook(struct router *r, const char *group, unsigned changes)
{
	struct gdoi_ksg *k = ks_group(r, group);

	if (k == NULL || !k->tek.valid || changes == 0)
		return;
	k->pol_chg |= changes;
	timer_set(&k->policy_ev, 0, policy_fire, k);
}

/* The session went back to exec: ACL and transform edits, and whatever
 * the hook is holding, rekey now. */
static void
config_end(struct vty *vty)
{
	struct router *r = vty_router(vty);
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_ksg *k, *n;

	if (st == NULL || st->proto == NULL)
		return;
	for (k = TAILQ_FIRST(&((struct gdoi_proto *)st->proto)->ks); k != NULL;
	    k = n) {
		const struct gdoi_group *g = gdoi_push_ks_cfg(r, k->name);

		n = TAILQ_NEXT(k, entry);
		if (g != NULL && policy_changed(r, k, g->ks))
			k->pol_chg |= GDOI_CHG_TEK;
		if (k->pol_chg != 0)
			policy_fire(k);
	}
}

void
gdoi_push_init(void)
{
	gdoi_rekey_hook = rekey_hook;
	cli_add_config_end_hook(config_end);
}
