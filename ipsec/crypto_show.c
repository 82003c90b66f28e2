/* Show commands that depend only on the crypto configuration:
 * `show crypto isakmp policy`, `show crypto isakmp default policy`,
 * `show crypto ipsec transform-set`, `show crypto ipsec profile`,
 * `show crypto ipsec security-association`, `show crypto map`.
 * Layouts follow seed 004 and the IOS 15 device samples (tabs where the
 * device samples have them, the policy labels padded with spaces). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "cli.h"
#include "crypto_cfg.h"
#include "crypto_int.h"
#include "iface.h"
#include "ipv4.h"
#include "router.h"

static void
flush(struct vty *vty, struct strbuf *sb)
{
	vty_write(vty, sb_str(sb), sb->len);
	sb_free(sb);
}

/* ---- ISAKMP policies ------------------------------------------------------ */

static void
suite_body(struct strbuf *sb, const struct isakmp_policy *p)
{
	sb_printf(sb, "        encryption algorithm:   %s\n",
	    ike_encr_text(p->encr, p->keylen));
	sb_printf(sb, "        hash algorithm:         %s\n",
	    ike_hash_text(p->hash));
	sb_printf(sb, "        authentication method:  %s\n",
	    ike_auth_text(p->auth));
	sb_printf(sb, "        Diffie-Hellman group:   %s\n",
	    ike_group_text(p->group));
	sb_printf(sb, "        lifetime:               %u seconds, no volume "
	    "limit\n", p->lifetime);
}

DEFUN(show_isakmp_policy, "show crypto isakmp policy",
    SHOW_STR CRYPTO_STR "ISAKMP information\n"
    "Show ISAKMP protection suite policies\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;
	const struct isakmp_policy *d;
	int	 i, n;

	if (st == NULL)
		return CMD_SUCCESS;
	if (st->n_policies > 0) {
		sb_puts(&sb, "\nGlobal IKE policy\n");
		for (i = 0; i < st->n_policies; i++) {
			sb_printf(&sb, "Protection suite of priority %d\n",
			    st->policies[i].priority);
			suite_body(&sb, &st->policies[i]);
		}
	} else
		sb_puts(&sb, "\nDefault IKE policy\n");
	if (st->n_policies == 0 && st->default_policies) {
		n = ipsec_default_policies(&d);
		for (i = 0; i < n; i++) {
			sb_printf(&sb, "Protection suite of priority %d\n",
			    d[i].priority);
			suite_body(&sb, &d[i]);
		}
	} else {
		sb_puts(&sb, "Default protection suite\n");
		suite_body(&sb, ipsec_default_suite());
	}
	flush(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(show_isakmp_default_policy, "show crypto isakmp default policy",
    SHOW_STR CRYPTO_STR "ISAKMP information\n"
    "Show ISAKMP default\n" "Show ISAKMP default policies\n")
{
	struct ipsec_state *st = ipsec_state(vty_router(vty));
	struct strbuf sb = STRBUF_INIT;
	const struct isakmp_policy *d;
	int	 i, n;

	if (st == NULL || !st->default_policies)
		return CMD_SUCCESS;
	n = ipsec_default_policies(&d);
	sb_puts(&sb, "\n");
	for (i = 0; i < n; i++) {
		sb_printf(&sb, "Default protection suite of priority %d\n",
		    d[i].priority);
		suite_body(&sb, &d[i]);
	}
	flush(vty, &sb);
	return CMD_SUCCESS;
}

/* ---- transform sets and profiles --------------------------------------- */

static void
ts_show(struct strbuf *sb, const struct transform_set *t)
{
	sb_printf(sb, "Transform set %s: { ", t->name);
	ipsec_ts_transforms_text(t, true, sb);
	sb_printf(sb, "  } \n   will negotiate = { %s,  }, \n   \n",
	    t->mode == IPSEC_ENCAP_TRANSPORT ? "Transport" : "Tunnel");
}

DEFUN(show_ts, "show crypto ipsec transform-set [tag WORD]",
    SHOW_STR CRYPTO_STR "Show IPSEC information\n"
    "Crypto transform sets\n" "Show transform sets with this tag\n"
    "Transform set tag\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return CMD_SUCCESS;
	for (int i = 0; i < st->n_ts; i++)
		if (argc < 6 || strcmp(argv[5], st->ts[i]->name) == 0)
			ts_show(&sb, st->ts[i]);
	flush(vty, &sb);
	return CMD_SUCCESS;
}

/* "\t\tTS:  { esp-3des esp-sha-hmac  } , " lines of a map or profile. */
static void
ts_list(struct strbuf *sb, struct router *r, char (*ts)[CRYPTO_NAME_MAX],
    int n)
{
	sb_puts(sb, "\tTransform sets={ \n");
	for (int i = 0; i < n; i++) {
		struct transform_set *t = ipsec_ts_find(r, ts[i]);

		sb_printf(sb, "\t\t%s:  { ", ts[i]);
		if (t != NULL)
			ipsec_ts_transforms_text(t, true, sb);
		sb_puts(sb, "  } , \n");
	}
	sb_puts(sb, "\t}\n");
}

static void
life_pfs(struct strbuf *sb, uint32_t kb, uint32_t sec, int pfs)
{
	sb_printf(sb, "\tSecurity association lifetime: %u kilobytes/%u "
	    "seconds\n", kb, sec);
	sb_puts(sb, "\tResponder-Only (Y/N): N\n");
	sb_printf(sb, "\tPFS (Y/N): %s\n", pfs ? "Y" : "N");
	if (pfs)
		sb_printf(sb, "\tDH group:  group%d\n", pfs);
}

DEFUN(show_ipsec_profile, "show crypto ipsec profile [WORD]",
    SHOW_STR CRYPTO_STR "Show IPSEC information\n"
    "Show ipsec profile information\n" "ipsec profile name\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return CMD_SUCCESS;
	for (int i = 0; i < st->n_ipsec_profiles; i++) {
		struct ipsec_profile *p = st->ipsec_profiles[i];

		if (argc > 4 && strcmp(argv[4], p->name) != 0)
			continue;
		sb_printf(&sb, "IPSEC profile %s\n", p->name);
		if (p->isakmp_profile[0] != '\0')
			sb_printf(&sb, "\tISAKMP Profile: %s\n",
			    p->isakmp_profile);
		life_pfs(&sb, p->life_kb ? p->life_kb : st->sa_life_kb,
		    p->life_sec ? p->life_sec : st->sa_life_sec, p->pfs);
		ts_list(&sb, r, p->ts, p->n_ts);
		sb_puts(&sb, "\n");
	}
	flush(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(show_ipsec_sa_globals, "show crypto ipsec security-association",
    SHOW_STR CRYPTO_STR "Show IPSEC information\n"
    "Show parameters for IPSec security associations\n")
{
	struct ipsec_state *st = ipsec_state(vty_router(vty));

	if (st != NULL)
		vty_out(vty, "Security association lifetime: %u kilobytes/%u "
		    "seconds\n", st->sa_life_kb, st->sa_life_sec);
	return CMD_SUCCESS;
}

/* ---- crypto map ------------------------------------------------------------ */

static void
map_entry_show(struct strbuf *sb, struct router *r, struct crypto_map *m,
    struct crypto_map_entry *e)
{
	struct ipsec_state *st = ipsec_state(r);
	char	 b1[16];
	bool	 acl_ok = e->acl[0] != '\0' && acl_exists(r, e->acl);
	struct iface **ifs;
	int	 n, i;

	sb_printf(sb, "Crypto Map \"%s\" %d ipsec-isakmp\n", m->name, e->seq);
	if (e->description != NULL)
		sb_printf(sb, "\tDescription: %s\n", e->description);
	if (e->n_peers == 0 || !acl_ok)
		sb_puts(sb, "\tWARNING: This crypto map is in an incomplete "
		    "state!\n\t\t(missing peer or access-list definitions)\n");
	for (i = 0; i < e->n_peers; i++)
		sb_printf(sb, "\tPeer = %s\n", ip_ntoa(e->peers[i], b1));
	if (e->isakmp_profile[0] != '\0')
		sb_printf(sb, "\tISAKMP Profile: %s\n", e->isakmp_profile);
	if (e->acl[0] == '\0')
		sb_puts(sb, "\tNo matching address list set.\n");
	else {
		sb_printf(sb, "\tExtended IP access list %s\n", e->acl);
		acl_format_lines(r, e->acl, "\t    ", sb);
	}
	if (e->n_peers > 0)
		sb_printf(sb, "\tCurrent peer: %s\n",
		    ip_ntoa(ipsec_map_current_peer(e), b1));
	life_pfs(sb, e->life_kb ? e->life_kb : st->sa_life_kb,
	    e->life_sec ? e->life_sec : st->sa_life_sec, e->pfs);
	ts_list(sb, r, e->ts, e->n_ts);
	if (e->rri)
		sb_puts(sb, "\tReverse Route Injection Enabled\n");
	sb_printf(sb, "\tInterfaces using crypto map %s:\n", m->name);
	ifs = ipsec_map_ifaces(r, m->name, &n);
	for (i = 0; i < n; i++)
		sb_printf(sb, "\t\t%s\n", ifs[i]->name);
	free(ifs);
	sb_puts(sb, "\n");
}

static void
map_show(struct strbuf *sb, struct router *r, struct crypto_map *m)
{
	struct iface *l;
	char	 b1[16];

	if (m->local_if[0] != '\0') {
		l = router_find_iface(r, m->local_if);
		sb_printf(sb, "Crypto Map: \"%s\" idb: %s local address: %s\n\n",
		    m->name, m->local_if, ip_ntoa(l != NULL ? l->addr : 0, b1));
	}
	for (int i = 0; i < m->n_ents; i++)
		if (m->ents[i]->type == CMAP_IPSEC_ISAKMP)
			map_entry_show(sb, r, m, m->ents[i]);
}

#define SHOW_MAP_HELP SHOW_STR CRYPTO_STR "Crypto maps\n"

DEFUN(show_map, "show crypto map [tag WORD]",
    SHOW_MAP_HELP "Crypto maps with a given tag\n" "Crypto map tag\n")
{
	struct router *r = vty_router(vty);
	struct ipsec_state *st = ipsec_state(r);
	struct strbuf sb = STRBUF_INIT;

	if (st == NULL)
		return CMD_SUCCESS;
	for (int i = 0; i < st->n_maps; i++)
		if (argc < 5 || strcmp(argv[4], st->maps[i]->name) == 0)
			map_show(&sb, r, st->maps[i]);
	flush(vty, &sb);
	return CMD_SUCCESS;
}

DEFUN(show_map_iface, "show crypto map interface IFNAME",
    SHOW_MAP_HELP "Crypto maps for an interface\n" IFNAME_STR)
{
	struct router *r = vty_router(vty);
	struct iface *ifp = router_find_iface(r, argv[4]);
	struct strbuf sb = STRBUF_INIT;
	struct crypto_map *m;

	if (ifp == NULL)
		return cli_error_at(vty, 4);
	if ((m = ipsec_iface_map(ifp)) != NULL)
		map_show(&sb, r, m);
	flush(vty, &sb);
	return CMD_SUCCESS;
}

void
crypto_show_cli_init(void)
{
	cli_install(ENABLE_NODE, &show_isakmp_policy_cmd);
	cli_install(ENABLE_NODE, &show_isakmp_default_policy_cmd);
	cli_install(ENABLE_NODE, &show_ts_cmd);
	cli_install(ENABLE_NODE, &show_ipsec_profile_cmd);
	cli_install(ENABLE_NODE, &show_ipsec_sa_globals_cmd);
	cli_install(ENABLE_NODE, &show_map_cmd);
	cli_install(ENABLE_NODE, &show_map_iface_cmd);
}
