/* Fail-close (seed 003 "Fail-Close Mode"): with `crypto map NAME gdoi
 * fail-close` + `activate`, until the member has registered "an implicit
 * permit ip any any policy is installed, and all unencrypted traffic
 * passing through the group member is dropped"; the deny lines of the
 * fail-close `match address` ACL come before it and pass in clear, the
 * inbound traffic matched against the mirrored ACL.  The member's own
 * GDOI exchange with the key servers it is configured for passes without
 * a deny line ("The code itself checks whether it is a GDOI packet for a
 * particular group member from the key server to which it is
 * configured"); other members' registrations through it do not.  Once it
 * has registered the fail-close policy is removed (IOS's "Fail-Close
 * Revert : Disabled"): losing the registration later does not bring it
 * back; `clear crypto gdoi` does. */
#include <string.h>

#include "crypto_cfg.h"
#include "gdoi_gm_int.h"
#include "gdoi_proto.h"
#include "ipv4.h"
#include "router.h"

#define GDOI_UDP	848

bool
gdoi_failclose_active(struct router *r, const struct crypto_map *m)
{
	struct gdoi_proto *p;

	if (m == NULL || !m->gdoi_fc || !m->gdoi_fc_activate)
		return false;
	p = gdoi_proto(r);
	for (int j = 0; j < m->n_ents; j++) {
		const struct crypto_map_entry *e = m->ents[j];
		struct gdoi_gmg *g;

		if (e->type != CMAP_GDOI || e->gdoi_group[0] == '\0')
			continue;
		g = p != NULL ? gdoi_gmg(p, e->gdoi_group, false) : NULL;
		if (g == NULL || !g->fc_lifted)
			return true;
	}
	return false;
}

/* UDP 848 between one of our addresses and a key server one of the map's
 * groups is configured with. */
static bool
own_registration(struct router *r, const struct crypto_map *m,
    const struct gdoi_psel *s)
{
	if (s->proto != 17 || s->sport != GDOI_UDP || s->dport != GDOI_UDP)
		return false;
	for (int j = 0; j < m->n_ents; j++) {
		const struct crypto_map_entry *e = m->ents[j];
		const struct gdoi_group *cfg;

		if (e->type != CMAP_GDOI ||
		    (cfg = gdoi_group_find(r, e->gdoi_group)) == NULL)
			continue;
		for (int i = 0; i < cfg->n_servers; i++)
			if ((s->dst == cfg->servers[i] &&
			    ip_local_iface(r, s->src) != NULL) ||
			    (s->src == cfg->servers[i] &&
			    ip_local_iface(r, s->dst) != NULL))
				return true;
	}
	return false;
}

bool
gdoi_failclose_clear(struct router *r, const struct crypto_map *m,
    const struct gdoi_psel *s, bool inbound)
{
	struct gdoi_psel ms;

	if (own_registration(r, m, s))
		return true;
	if (m->gdoi_fc_acl[0] == '\0')
		return false;
	if (inbound) {
		gdoi_psel_mirror(s, &ms);
		s = &ms;
	}
	return gdoi_acl_first(r, m->gdoi_fc_acl, s) == GDOI_ACL_DENY;
}

void
gdoi_failclose_count(struct router *r, const struct crypto_map *m)
{
	struct gdoi_proto *p = gdoi_proto(r);

	for (int j = 0; p != NULL && j < m->n_ents; j++) {
		const struct crypto_map_entry *e = m->ents[j];
		struct gdoi_gmg *g;

		if (e->type == CMAP_GDOI && (g = gdoi_gmg(p, e->gdoi_group,
		    false)) != NULL && !g->fc_lifted) {
			g->n_fc_drop++;
			return;
		}
	}
}
