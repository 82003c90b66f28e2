/* The group member's crypto map, as the seed 003 table 3 syslogs see it:
 * a GDOI map entry naming a group applied to an interface attaches the
 * member to the group (GM_CM_ATTACH), removing it (the map from the
 * interface, the entry, its `set group`, the group) detaches it
 * (GM_CM_DETACH) and the member leaves the group (GM_UNREGISTER,
 * gdoi_gm.c); a `match address` on the entry enables the member's own ACL
 * (GM_ENABLE_GDOI_CM); a map whose group lacks its identity or key
 * servers cannot register (GM_INCOMPLETE_CFG, from the GM's scan).
 *
 * The seeds list these mnemonics with their explanation only, and no
 * stored reference prints them; severities and texts are the IOS
 * catalogue's as remembered: vpnsim's wording, unverified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_cfg.h"
#include "gdoi_proto.h"
#include "iface.h"
#include "log.h"
#include "router.h"

static void (*prev_hook)(struct router *, enum ipsec_cfg_event,
    const char *);

/* The GDOI entry naming group in the map of an interface, or NULL. */
static const struct crypto_map_entry *
applied_entry(struct router *r, const char *group)
{
	for (int i = 0; i < r->n_ifaces; i++) {
		const struct crypto_map *m = ipsec_iface_map(r->ifaces[i]);

		if (m == NULL)
			continue;
		for (int j = 0; j < m->n_ents; j++) {
			const struct crypto_map_entry *e = m->ents[j];

			if (e->type == CMAP_GDOI &&
			    strcmp(e->gdoi_group, group) == 0)
				return e;
		}
	}
	return NULL;
}

static struct gdoi_cm_att *
att_find(struct gdoi_proto *p, const char *group)
{
	for (int i = 0; i < p->n_att; i++)
		if (strcmp(p->att[i].name, group) == 0)
			return &p->att[i];
	return NULL;
}

const char *
gdoi_gm_cm_local_acl(struct router *r, const char *group)
{
	const struct crypto_map_entry *e = applied_entry(r, group);

	return e != NULL ? e->acl : "";
}

void
gdoi_gm_cm_sync(struct router *r)
{
	struct gdoi_state *st = gdoi_state(r);
	struct gdoi_proto *p;
	bool	*seen;
	int	 n;

	if (st == NULL || (p = gdoi_proto(r)) == NULL)
		return;
	n = p->n_att;
	if ((seen = calloc((size_t)n + 1, sizeof(*seen))) == NULL)
		abort();
	for (int i = 0; i < st->n_groups; i++) {
		const struct gdoi_group *cfg = st->groups[i];
		const struct crypto_map_entry *e;
		struct gdoi_cm_att *a;

		if (cfg->ks != NULL ||
		    (e = applied_entry(r, cfg->name)) == NULL)
			continue;
		if ((a = att_find(p, cfg->name)) == NULL) {
			a = realloc(p->att, ((size_t)p->n_att + 1) *
			    sizeof(*p->att));
			if (a == NULL)
				abort();
			p->att = a;
			a = &p->att[p->n_att++];
			memset(a, 0, sizeof(*a));
			snprintf(a->name, sizeof(a->name), "%s", cfg->name);
			rlog(r, SEV_NOTICE, "GDOI", "GM_CM_ATTACH", "Crypto map "
			    "attached for GM in group %s.", cfg->name);
		} else
			seen[a - p->att] = true;
		if (strncmp(a->acl, e->acl, sizeof(a->acl) - 1) != 0) {
			snprintf(a->acl, sizeof(a->acl), "%s", e->acl);
			if (a->acl[0] != '\0') {
				rlog(r, SEV_NOTICE, "GDOI", "GM_ENABLE_GDOI_CM",
				    "GM has enabled ACL on GDOI crypto map in "
				    "group %s.", cfg->name);
				gdoi_gm_acl_enabled(r, cfg->name);
			}
		}
	}
	/* The ones not seen (from the end: removal moves the tail). */
	for (int i = n - 1; i >= 0; i--) {
		char	 name[GDOI_NAME_MAX];

		if (seen[i])
			continue;
		memcpy(name, p->att[i].name, sizeof(name));
		memmove(&p->att[i], &p->att[i + 1], (size_t)(p->n_att - i - 1) *
		    sizeof(*p->att));
		p->n_att--;
		rlog(r, SEV_NOTICE, "GDOI", "GM_CM_DETACH", "Crypto map detached "
		    "for GM in group %s.", name);
		gdoi_gm_leave(r, name);
	}
	free(seen);
}

void
gdoi_gm_cm_incomplete(struct gdoi_proto *p, const char *group,
    bool incomplete)
{
	struct gdoi_cm_att *a = att_find(p, group);

	if (a == NULL || a->incomplete == incomplete)
		return;
	a->incomplete = incomplete;
	if (incomplete)
		rlog(p->r, SEV_ERR, "GDOI", "GM_INCOMPLETE_CFG", "Registration: "
		    "incomplete config for group %s.", group);
}

void
gdoi_gm_cm_free(struct gdoi_proto *p)
{
	free(p->att);
	p->att = NULL;
	p->n_att = 0;
}

/* ipsec_cfg_hook: a map applied to or removed from an interface, an
 * entry changed or deleted. */
static void
cm_hook(struct router *r, enum ipsec_cfg_event ev, const char *name)
{
	if (prev_hook != NULL)
		prev_hook(r, ev, name);
	if (ev == IPSEC_CFG_MAP_IFACE || ev == IPSEC_CFG_MAP_ENTRY)
		gdoi_gm_cm_sync(r);
}

void
gdoi_gm_cm_init(void)
{
	if (ipsec_cfg_hook == cm_hook)
		return;
	prev_hook = ipsec_cfg_hook;
	ipsec_cfg_hook = cm_hook;
}
